#include <langinfo.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "addr.h"
#include "nls.h"
#include "output.h"
#include "textbuf.h"

/* Offset of the first payload byte after the timestamp iputils writes. */
#define DUMP_START	16

/*
 * v / 10^decimals with that many decimals, "%llu.%0*llu" without stdio:
 * the time= figure is formatted for every reply line.  Cut to fit len, as
 * snprintf cuts.
 */
static void fmt_fixed(char *buf, size_t len, unsigned long long v, unsigned int decimals)
{
	char tmp[32];	/* 20 digits, the point and the zeros before it: never full */
	size_t n = 0, i = 0, min = decimals ? decimals + 2 : 1;

	while (n < sizeof(tmp) - 1 && (v || n < min)) {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
		if (n == decimals)
			tmp[n++] = '.';
	}
	for (; n > 0 && i + 1 < len; i++)
		buf[i] = tmp[--n];
	if (len)
		buf[i] = '\0';
}

/* A decimal number, a '-' first when negative. */
static void fmt_int(char *buf, size_t len, long long v)
{
	if (v < 0 && len > 1) {
		buf[0] = '-';
		fmt_fixed(buf + 1, len - 1, 0ULL - (unsigned long long)v, 0);
	} else {
		fmt_fixed(buf, len, (unsigned long long)v, 0);
	}
}

/* Numbers without stdio's formatting: the header and summary of every run. */
static void put_ull(FILE *f, unsigned long long v)
{
	char num[32];

	fmt_fixed(num, sizeof(num), v, 0);
	fputs(num, f);
}

static void put_ll(FILE *f, long long v)
{
	char num[32];

	fmt_int(num, sizeof(num), v);
	fputs(num, f);
}

/* "<ms>.<µs, 3 digits>", truncated: the form of every summary figure. */
static void put_ms(FILE *f, int64_t us)
{
	char b[32];

	fmt_fixed(b, sizeof(b), us < 0 ? 0 : (unsigned long long)us, 3);
	fputs(b, f);
}

/* Figures in milliseconds joined by '/', then " ms": "0.044/0.070/0.124/0.037 ms". */
static void put_ms_list(FILE *f, const int64_t *us, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc('/', f);
		put_ms(f, us[i]);
	}
	fputs(" ms", f);
}

/* The -D prefix, "[sec.usec] ", from the wall clock at the event. */
static void put_timestamp(FILE *f, const struct out_opts *o, int64_t now_real_us)
{
	long long sec, usec;

	if (!o->timestamps)
		return;
	sec = now_real_us / 1000000;
	usec = now_real_us % 1000000;
	if (usec < 0) {
		usec += 1000000;
		sec--;
	}
	fprintf(f, "[%lld.%06lld] ", sec, usec);
}

void out_version(FILE *f)
{
	fprintf(f, "ping from pingsock %s (iputils-compatible)\n", PACKAGE_VERSION);
	fprintf(f, "libcap: %s, IDN: %s, NLS: %s\n", HAVE_LIBCAP ? "yes" : "no",
		HAVE_IDN ? "yes" : "no", ENABLE_NLS ? "yes" : "no");
}

/* The -p pattern as iputils echoes it before the header. */
void out_pattern(FILE *f, const uint8_t *pattern, size_t len)
{
	fputs("PATTERN: 0x", f);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", pattern[i]);
	fputc('\n', f);
}

/*
 * The PING line.  IPv4 counts the whole IP datagram in parentheses, IPv6
 * only the data; the address-only -I form keeps iputils' stray space
 * before the colon ("from 127.0.0.1 : ").
 */
void out_header(FILE *f, const struct header_info *h)
{
	fputs("PING ", f);
	fputs(h->host, f);
	fputs(" (", f);
	fputs(h->addr, f);
	fputs(") ", f);
	if (h->af == AF_INET6 && h->flowlabel_set)
		fprintf(f, ", flow 0x%05x, ", (unsigned)h->flowlabel);
	if (h->source) {
		fputs("from ", f);
		fputs(h->source, f);
		fputc(' ', f);
		fputs(h->device ? h->device : "", f);
		fputs(": ", f);
	}
	put_ll(f, h->datalen);
	if (h->af == AF_INET6) {
		fputs(" data bytes\n", f);
	} else {
		fputc('(', f);
		put_ll(f, h->datalen + 8 + (long)h->optlen + 20);
		fputs(") bytes of data.\n", f);
	}
}

/*
 * A reply line is assembled here and written with one call: stdio's
 * formatting cost more than the rest of an echo.  Text longer than the
 * buffer goes out in pieces, so nothing is ever cut.
 */
struct line_buf {
	FILE *f;
	size_t n;
	char b[256];
};

/* What the buffer holds, to the stream. */
static void lb_flush(struct line_buf *lb)
{
	fwrite(lb->b, 1, lb->n, lb->f);
	lb->n = 0;
}

/* Appends s, writing the buffer out whenever it is full. */
static void lb_str(struct line_buf *lb, const char *s)
{
	for (; *s; s++) {
		if (lb->n == sizeof(lb->b))
			lb_flush(lb);
		lb->b[lb->n++] = *s;
	}
}

static void lb_int(struct line_buf *lb, long long v)
{
	char num[32];

	fmt_int(num, sizeof(num), v);
	lb_str(lb, num);
}

/*
 * The time= figure.  Three significant digits or so, as iputils prints it:
 * whole ms from 99.95 ms, tenths from 9.995 ms, hundredths from 1 ms, all
 * rounded; below 1 ms the microseconds, truncated.  -3 always gives
 * truncated microseconds.  The rounding is split so it cannot overflow.
 */
void out_rtt_format(char *buf, size_t len, int64_t rtt_us, bool rtt_3dec)
{
	unsigned long long t = rtt_us < 0 ? 0 : (unsigned long long)rtt_us;
	unsigned long long r;

	if (rtt_3dec || t < 1000) {
		fmt_fixed(buf, len, t, 3);
	} else if (t >= 99950) {
		fmt_fixed(buf, len, t / 1000 + (t % 1000 + 500) / 1000, 0);
	} else if (t >= 9995) {
		r = t / 100 + (t % 100 + 50) / 100;
		fmt_fixed(buf, len, r, 1);
	} else {
		r = t / 10 + (t % 10 + 5) / 10;
		fmt_fixed(buf, len, r, 2);
	}
}

/*
 * iputils' data check report: the first differing byte, then the received
 * payload from offset 16 in bare lower-case hex, a new "#<offset>\t" row
 * every 32 bytes.
 */
static void put_mismatch(FILE *f, const struct reply_line *r)
{
	size_t at = (size_t)r->mismatch_at;

	fprintf(f, "\nwrong data byte #%zu should be 0x%x but was 0x%x", at,
		(unsigned)r->expected, (unsigned)r->data[at]);
	for (size_t i = DUMP_START; i < r->datalen; i++) {
		if (i % 32 == DUMP_START)
			fprintf(f, "\n#%zu\t", i);
		fprintf(f, "%x ", (unsigned)r->data[i]);
	}
}

/*
 * One reply line.  A truncated reply ends right after " (truncated)", as
 * in iputils, with neither the bell nor the options.  Otherwise the bell
 * comes before the IP options text, again as iputils orders them.  A
 * mismatch index outside the received data is not reported.
 */
void out_reply(FILE *f, const struct out_opts *o, const struct reply_line *r)
{
	struct line_buf lb = { .f = f };
	char rtt[32];

	put_timestamp(f, o, r->now_real_us);
	lb_int(&lb, (long long)r->bytes);
	lb_str(&lb, " bytes from ");
	lb_str(&lb, r->from);
	lb_str(&lb, ": icmp_seq=");
	lb_int(&lb, r->seq);
	if (r->show_ident) {
		lb_str(&lb, " ident=");
		lb_int(&lb, r->ident);
	}
	if (r->have_ttl) {
		lb_str(&lb, " ttl=");
		lb_int(&lb, r->ttl);
	}
	if (r->truncated) {
		lb_str(&lb, " (truncated)\n");
		lb_flush(&lb);
		return;
	}
	if (r->rtt_us >= 0) {
		out_rtt_format(rtt, sizeof(rtt), r->rtt_us, o->rtt_3dec);
		lb_str(&lb, " time=");
		lb_str(&lb, rtt);
		lb_str(&lb, " ms");
	}
	if (r->duplicate)
		lb_str(&lb, " (DUP!)");
	if (r->bad_cksum)
		lb_str(&lb, " (BAD CHECKSUM!)");
	if (r->different_address)
		lb_str(&lb, " (DIFFERENT ADDRESS!)");
	lb_flush(&lb);
	if (r->mismatch_at >= 0 && r->data && (size_t)r->mismatch_at < r->datalen)
		put_mismatch(f, r);
	if (o->audible)
		fputc('\a', f);
	if (r->extra)
		fputs(r->extra, f);
	fputc('\n', f);
}

/*
 * An ICMP error about one of our requests.  The colon form is what
 * iputils prints for redirects and source quench read from a raw socket.
 */
void out_icmp(FILE *f, const struct out_opts *o, int64_t now_real_us,
	      const char *from, uint16_t seq, const char *text, bool colon)
{
	put_timestamp(f, o, now_real_us);
	fprintf(f, "From %s%s icmp_seq=%u %s\n", from, colon ? ":" : "",
		(unsigned)seq, text);
}

/* -N: what a node said about itself, in the reply line's frame. */
void out_ninfo_reply(FILE *f, const struct out_opts *o, int64_t now_real_us,
		     size_t bytes, const char *from, const char *text,
		     bool have_ttl, int ttl, bool duplicate)
{
	put_timestamp(f, o, now_real_us);
	fprintf(f, "%zu bytes from %s:%s", bytes, from, text);
	if (have_ttl)
		fprintf(f, " ttl=%d", ttl);
	if (duplicate)
		fputs(" (DUP!)", f);
	if (o->audible)
		fputc('\a', f);
	fputc('\n', f);
}

/* -v on a raw socket: an ICMP message about nothing of ours, "From X: text". */
void out_icmp_other(FILE *f, const struct out_opts *o, int64_t now_real_us,
		    const char *from, const char *text)
{
	put_timestamp(f, o, now_real_us);
	fprintf(f, "From %s: %s\n", from, text);
}

/* -O: the previous request is still unanswered when the next goes out. */
void out_no_answer(FILE *f, const struct out_opts *o, int64_t now_real_us,
		   uint16_t seq)
{
	put_timestamp(f, o, now_real_us);
	fprintf(f, "no answer yet for icmp_seq=%u\n", (unsigned)seq);
}

/*
 * The loss figure: %g of the percentage narrowed to float, as iputils
 * prints it ("33.3333", "20", "100").  printf follows LC_NUMERIC, so
 * whatever radix character the locale chose is put back to '.': parsers
 * read this line.
 */
static void format_loss(char *buf, size_t len, const struct ping_stats *st)
{
	const char *radix = nl_langinfo(RADIXCHAR);
	size_t rlen;
	char *p;

	double v = (double)(float)stats_loss_percent(st);

	/* The usual figures without stdio: what %g makes of them is plain. */
	if (v == 0.0 || v == 100.0) {
		text_copy(buf, len, v == 0.0 ? "0" : "100");
		return;
	}
	snprintf(buf, len, "%g", v);
	if (!radix || !*radix || strcmp(radix, ".") == 0)
		return;
	p = strstr(buf, radix);
	if (!p)
		return;
	rlen = strlen(radix);
	*p = '.';
	memmove(p + 1, p + rlen, strlen(p + rlen) + 1);
}

/*
 * --percentiles: the percentile line beside an rtt line (with the jitter
 * once two samples give one), and the longest loss, which needs no reply.
 * In English like the lines above it, for scripts.
 */
static void put_extra(FILE *f, const struct summary_info *s, bool rtt_part)
{
	struct extra_stats x;

	stats_extra(s->st, s->interval_us, &x);
	if (rtt_part && x.have_percentiles) {
		const int64_t fig[] = { x.p50_us, x.p90_us, x.p99_us };

		fputs("rtt p50/p90/p99 = ", f);
		put_ms_list(f, fig, 3);
		if (x.have_jitter) {
			fputs(", jitter ", f);
			put_ms_list(f, &x.jitter_us, 1);
		}
		fputc('\n', f);
	}
	if (x.burst_count == 0)
		return;
	fprintf(f, "longest loss: %llu request%s, icmp_seq %u",
		(unsigned long long)x.burst_count, x.burst_count == 1 ? "" : "s",
		x.burst_first_seq);
	if (x.burst_count > 1)
		fprintf(f, "-%u", x.burst_last_seq);
	fputs(", ", f);
	put_ms_list(f, &x.burst_duration_us, 1);
	fputc('\n', f);
}

/* ", +<n><what>" when n is not 0: the summary's extra counts. */
static void put_count(FILE *f, uint64_t n, const char *what)
{
	if (!n)
		return;
	fputs(", +", f);
	put_ull(f, n);
	fputs(what, f);
}

/*
 * The statistics block.  The rtt part appears only when replies carried
 * a usable time; "pipe N" and "ipg/ewma" follow it, each after ", " when
 * something precedes it on the line, and stand alone otherwise.  With
 * nothing for it the line is empty, as iputils leaves it.
 */
void out_summary(FILE *f, const struct summary_info *s)
{
	const struct ping_stats *st = s->st;
	struct rtt_summary sm;
	const char *sep = "";
	bool rtt_part;
	char loss[64];

	fputs("\n--- ", f);
	fputs(s->host, f);
	fputs(" ping statistics ---\n", f);
	put_ull(f, st->transmitted);
	fputs(" packets transmitted, ", f);
	put_ull(f, st->received);
	fputs(" received", f);
	put_count(f, st->duplicates, " duplicates");
	put_count(f, st->corrupted, " corrupted");
	put_count(f, st->errors, " errors");
	if (st->transmitted) {
		int64_t e = s->elapsed_us < 0 ? 0 : s->elapsed_us;

		format_loss(loss, sizeof(loss), st);
		fputs(", ", f);
		fputs(loss, f);
		fputs("% packet loss, time ", f);
		put_ll(f, (long long)(e / 1000 + (e % 1000 + 500) / 1000));
		fputs("ms", f);
	}
	fputc('\n', f);

	stats_summary(st, &sm);
	rtt_part = s->timing && sm.valid;
	if (rtt_part) {
		const int64_t fig[] = { sm.min_us, sm.avg_us, sm.max_us, sm.mdev_us };

		fputs("rtt min/avg/max/mdev = ", f);
		put_ms_list(f, fig, 4);
		sep = ", ";
	}
	if (st->pipe > 1) {
		fputs(sep, f);
		fputs("pipe ", f);
		put_ull(f, st->pipe);
		sep = ", ";
	}
	/* Timed or not, as iputils: an untimed run's ewma is 0. */
	if (st->received && s->show_ipg && st->transmitted > 1) {
		int64_t e = s->elapsed_us < 0 ? 0 : s->elapsed_us;

		const int64_t fig[] = { (int64_t)((uint64_t)e / (st->transmitted - 1)),
					rtt_part ? sm.ewma_us : 0 };

		fputs(sep, f);
		fputs("ipg/ewma ", f);
		put_ms_list(f, fig, 2);
	}
	fputc('\n', f);
	if (s->percentiles)
		put_extra(f, s, rtt_part);
}

/*
 * The SIGQUIT line: whole-percent loss, and the running figures once a
 * timed reply has come.  It starts with a carriage return, as iputils'.
 */
void out_status(FILE *f, const struct ping_stats *st, bool timing)
{
	struct rtt_summary sm;
	unsigned long long loss = stats_loss_whole_percent(st);

	fprintf(f, "\r%llu/%llu packets, %llu%% loss",
		(unsigned long long)st->received,
		(unsigned long long)st->transmitted, loss);
	stats_summary(st, &sm);
	if (st->received > 0 && timing && sm.valid) {
		const int64_t fig[] = { sm.min_us, sm.avg_us, sm.ewma_us, sm.max_us };

		fputs(", min/avg/ewma/max = ", f);
		put_ms_list(f, fig, 4);
	}
	fputc('\n', f);
}

void out_vdiag(FILE *f, const char *prog, int err, const char *fmt, va_list ap)
{
	fprintf(f, "%s: ", prog);
	vfprintf(f, fmt, ap);
	if (err)
		fprintf(f, ": %s", nls_strerror(err));
	fputc('\n', f);
}

/* A 16-bit field as a C structure member would read it: host byte order. */
static unsigned host16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

void out_ip_header_dump(FILE *f, const uint8_t *ip, const char *opts_text)
{
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];
	unsigned frag = host16(ip + 6);

	addr_format(AF_INET, ip + 12, src, sizeof(src));
	addr_format(AF_INET, ip + 16, dst, sizeof(dst));
	fputs("Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst Data\n", f);
	fprintf(f, " %1x  %1x  %02x %04x %04x   %1x %04x  %02x  %02x %04x %s  %s \n%s",
		(unsigned)(ip[0] >> 4), (unsigned)(ip[0] & 0x0f), (unsigned)ip[1], host16(ip + 2),
		host16(ip + 4), (frag & 0xe000) >> 13, frag & 0x1fff, (unsigned)ip[8],
		(unsigned)ip[9], host16(ip + 10), src, dst, opts_text);
}
