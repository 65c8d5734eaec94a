#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "icmp_text.h"
#include "json_sink.h"
#include "text_sink.h"

static struct json_sink *json_of(struct event_sink *s)
{
	return (struct json_sink *)(void *)s;
}

/* The length of the UTF-8 sequence at p (at most n bytes), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	len = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = p[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void json_put_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);

	fputc('"', f);
	while (n > 0) {
		size_t len = 1;

		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else if (*p < 0x80)
			fputc(*p, f);
		else if ((len = utf8_len(p, n)) > 0)
			fwrite(p, 1, len, f);
		else {
			fputs("\\ufffd", f);
			len = 1;
		}
		p += len;
		n -= len;
	}
	fputc('"', f);
}

void json_code_of(char *buf, size_t size, const char *text)
{
	size_t o = 0;
	bool gap = false;

	if (size == 0)
		return;
	/* Up to the first parameter: "Frag needed and DF set (mtu = 1400)". */
	for (; *text && *text != '(' && o + 1 < size; text++) {
		unsigned char c = (unsigned char)*text;

		if (isalnum(c) && c < 0x80) {
			if (gap && o > 0) {
				if (o + 2 >= size)
					break;	/* no room for the next word: the code ends here */
				buf[o++] = '_';
			}
			buf[o++] = (char)tolower(c);
			gap = false;
		} else {
			gap = true;
		}
	}
	buf[o] = '\0';
}

/* Microseconds as a number of milliseconds with three decimals. */
static void put_ms(FILE *f, int64_t us)
{
	long long t = us < 0 ? 0 : us;

	fprintf(f, "%lld.%03lld", t / 1000, t % 1000);
}

/* A wall-clock time in seconds with microseconds, what -D prints. */
static void put_time(FILE *f, int64_t us)
{
	long long sec = us / 1000000, usec = us % 1000000;

	if (usec < 0) {
		usec += 1000000;
		sec--;
	}
	fprintf(f, "%lld.%06lld", sec, usec);
}

static void put_errno(FILE *f, int err)
{
	const char *name = strerrorname_np(err);

	if (name)
		json_put_string(f, name);
	else
		fprintf(f, "%d", err);
}

/* Ends an object: the newline, and the line out at once. */
static void end_object(struct json_sink *js)
{
	fputs("}\n", js->out);
	fflush(js->out);
}

/*
 * "host" as iputils shows it, "address" alone and "name" (or null) of a
 * peer, all from the namer's cached text: "address", or "name (address)".
 */
static void put_peer(struct json_sink *js, const struct ping_event *ev)
{
	char part[PEER_TEXT_MAX];
	const char *text, *open = NULL;
	size_t len;

	if (!ev->peer) {
		fputs(",\"host\":null,\"address\":null,\"name\":null", js->out);
		return;
	}
	text = js->namer.name(js->namer.ctx, ev->peer, ev->peerlen);
	/* The last " (": an address has none, a name from a PTR record might. */
	for (const char *p = strstr(text, " ("); p; p = strstr(p + 1, " ("))
		open = p;
	len = strlen(text);
	fputs(",\"host\":", js->out);
	json_put_string(js->out, text);
	fputs(",\"address\":", js->out);
	if (!open || len < 2 || text[len - 1] != ')' || (size_t)(open - text) >= sizeof(part)) {
		json_put_string(js->out, text);
		fputs(",\"name\":null", js->out);
		return;
	}
	snprintf(part, sizeof(part), "%.*s", (int)(len - 1 - (size_t)(open + 2 - text)), open + 2);
	json_put_string(js->out, part);
	snprintf(part, sizeof(part), "%.*s", (int)(open - text), text);
	fputs(",\"name\":", js->out);
	json_put_string(js->out, part);
}

/* Names the option addresses, then the options as iputils prints them. */
static void put_options(struct json_sink *js, const struct reply_event *re)
{
	char text[1024];

	sink_options_text(&js->namer, &js->route, re->ipopts, re->ipopts_len, text, sizeof(text));
	fputs(",\"ip_options\":", js->out);
	/* iputils' text starts with a newline before each option. */
	json_put_string(js->out, text[0] == '\n' ? text + 1 : text);
}

static void put_wrong_data(struct json_sink *js, const struct reply_event *re)
{
	if (re->mismatch_at < 0 || !re->data) {
		fputs(",\"wrong_data\":null", js->out);
		return;
	}
	fprintf(js->out, ",\"wrong_data\":{\"offset\":%ld,\"expected\":%u,\"received\":%u}",
		re->mismatch_at, re->expected, re->data[re->mismatch_at]);
}

static void warning(struct json_sink *js, const char *code, const struct ping_event *ev,
		    const char *message)
{
	fputs("{\"type\":\"warning\",\"code\":", js->out);
	json_put_string(js->out, code);
	fprintf(js->out, ",\"seq\":%u,\"message\":", ev->seq);
	json_put_string(js->out, message);
	end_object(js);
}

static void on_reply(struct json_sink *js, const struct ping_event *ev)
{
	const struct reply_event *re = &ev->reply;
	FILE *f = js->out;

	if (js->opts.verbose && re->stamp_altered)
		warning(js, "altered_send_time", ev,
			"the echoed send time was altered; the time shown is measured locally");
	if (js->opts.quiet)
		return;
	fprintf(f, "{\"type\":\"reply\",\"bytes\":%zu", re->bytes);
	put_peer(js, ev);
	fprintf(f, ",\"seq\":%u", ev->seq);
	if (re->show_ident)
		fprintf(f, ",\"ident\":%u", re->ident);
	if (re->have_ttl)
		fprintf(f, ",\"ttl\":%d", re->ttl);
	else
		fputs(",\"ttl\":null", f);
	fputs(",\"time\":", f);
	if (re->rtt_us >= 0)
		put_ms(f, re->rtt_us);
	else
		fputs("null", f);
	fputs(",\"send_delay\":", f);
	if (re->send_delay_us >= 0)
		put_ms(f, re->send_delay_us);
	else
		fputs("null", f);
	fprintf(f, ",\"duplicate\":%s,\"truncated\":%s,\"bad_checksum\":%s,"
		"\"different_address\":%s,\"send_time_altered\":%s",
		re->duplicate ? "true" : "false", re->truncated ? "true" : "false",
		re->corrupted ? "true" : "false", re->different_address ? "true" : "false",
		re->stamp_altered ? "true" : "false");
	put_wrong_data(js, re);
	if (re->ipopts)
		put_options(js, re);
	if (re->ninfo) {
		char text[4096];

		ninfo_format_reply(text, sizeof(text), re->ninfo);
		fputs(",\"node_info\":", f);
		json_put_string(f, text[0] == ' ' ? text + 1 : text);
	}
	fputs(",\"timestamp\":", f);
	put_time(f, ev->now_real_us);
	end_object(js);
}

/* ICMP errors, redirects and source quench, other ICMP (-v as root). */
static void on_icmp(struct json_sink *js, const struct ping_event *ev)
{
	char text[160], code[96];
	FILE *f = js->out;

	if (js->opts.quiet)
		return;
	icmp_text(text, sizeof(text), js->fam->af, ev->icmp_type, ev->icmp_code, ev->icmp_info, NULL);
	json_code_of(code, sizeof(code), text);
	fprintf(f, "{\"type\":\"%s\"", ev->kind == EV_ICMP_ERROR ? "icmp_error" : "info");
	if (ev->kind == EV_ICMP_OTHER)
		fputs(",\"seq\":null", f);
	else
		fprintf(f, ",\"seq\":%u", ev->seq);
	put_peer(js, ev);
	fprintf(f, ",\"icmp_type\":%u,\"icmp_code\":%u,\"text\":", ev->icmp_type, ev->icmp_code);
	json_put_string(f, text);
	fputs(",\"code\":", f);
	json_put_string(f, code);
	if (js->fam->af == AF_INET && ev->icmp_type == 5) {
		uint32_t gw = ev->icmp_info;

		fprintf(f, ",\"gateway\":\"%u.%u.%u.%u\"", gw >> 24, gw >> 16 & 0xff, gw >> 8 & 0xff,
			gw & 0xff);
	}
	fputs(",\"timestamp\":", f);
	put_time(f, ev->now_real_us);
	end_object(js);
}

/* A local error from the queue, or a failed send: what text prints on stderr. */
static void on_error(struct json_sink *js, const struct ping_event *ev)
{
	FILE *f = js->out;
	bool send = ev->kind == EV_SEND_ERROR;
	bool too_long = !send && ev->err == EMSGSIZE;
	char msg[160];

	if (js->opts.quiet)
		return;
	if (send)
		snprintf(msg, sizeof(msg), "sendmsg: %s", strerror(ev->err));
	else if (too_long)
		snprintf(msg, sizeof(msg), "local error: message too long, %s%u", js->fam->mtu_sep,
			 ev->icmp_info);
	else
		snprintf(msg, sizeof(msg), "local error: %s", strerror(ev->err));
	fprintf(f, "{\"type\":\"error\",\"code\":\"%s\",\"seq\":%u,\"message\":",
		send ? "send_failed" : "local_error", ev->seq);
	json_put_string(f, msg);
	if (send)
		fputs(",\"call\":\"sendmsg\"", f);
	if (too_long)
		fprintf(f, ",\"mtu\":%u", ev->icmp_info);
	fputs(",\"errno\":", f);
	put_errno(f, ev->err);
	end_object(js);
}

/* What -v says about an ignored message, as a warning. */
static void on_ignored(struct json_sink *js, const struct ping_event *ev)
{
	char num[INET6_ADDRSTRLEN + 20], msg[256];

	if (!js->opts.verbose)
		return;
	switch (ev->ignored) {
	case IGN_SILENT:
		break;
	case IGN_UNKNOWN_SEQ:
		snprintf(msg, sizeof(msg), "reply with icmp_seq=%u ignored: no such request was sent",
			 ev->seq);
		warning(js, "unknown_sequence", ev, msg);
		break;
	case IGN_MALFORMED:
		js->namer.numeric(ev->peer, ev->peerlen, num, sizeof(num));
		snprintf(msg, sizeof(msg), "%s from %s", ev->why, num);
		warning(js, "malformed_packet", ev, msg);
		break;
	case IGN_MALFORMED_ERROR:
		snprintf(msg, sizeof(msg), "malformed error report ignored: %s", ev->why);
		warning(js, "malformed_error_report", ev, msg);
		break;
	case IGN_UNAUTHENTICATED:
	case IGN_REPLAYED: {
		bool replayed = ev->ignored == IGN_REPLAYED;

		js->namer.numeric(ev->peer, ev->peerlen, num, sizeof(num));
		snprintf(msg, sizeof(msg), "reply from %s with icmp_seq=%u ignored: %s", num, ev->seq,
			 replayed ? "it answers an earlier request with this sequence" :
				    "it does not carry this run's authentication code");
		warning(js, replayed ? "replayed_reply" : "unauthenticated_reply", ev, msg);
		break;
	}
	}
}

static void json_event(struct event_sink *s, const struct ping_event *ev)
{
	struct json_sink *js = json_of(s);

	switch (ev->kind) {
	case EV_REPLY:
		on_reply(js, ev);
		break;
	case EV_ICMP_ERROR:
	case EV_ICMP_INFO:
	case EV_ICMP_OTHER:
		on_icmp(js, ev);
		break;
	case EV_LOCAL_ERROR:
	case EV_SEND_ERROR:
		on_error(js, ev);
		break;
	case EV_NO_ANSWER:
		if (!js->opts.quiet) {
			fprintf(js->out, "{\"type\":\"timeout\",\"seq\":%u,\"timestamp\":", ev->seq);
			put_time(js->out, ev->now_real_us);
			end_object(js);
		}
		break;
	case EV_SENT:
		break;		/* no flood marks in JSON */
	case EV_IGNORED:
		on_ignored(js, ev);
		break;
	}
}

/* A warning or error of the setup: English, with its code, call and errno. */
static void json_diag(struct event_sink *s, const struct diag *d)
{
	struct json_sink *js = json_of(s);
	FILE *f = js->out;

	fprintf(f, "{\"type\":\"%s\",\"code\":", d->warning ? "warning" : "error");
	json_put_string(f, d->code);
	fputs(",\"message\":", f);
	json_put_string(f, d->message);
	if (d->call) {
		fputs(",\"call\":", f);
		json_put_string(f, d->call);
	}
	if (d->err) {
		fputs(",\"errno\":", f);
		put_errno(f, d->err);
		fputs(",\"strerror\":", f);
		json_put_string(f, strerror(d->err));
	}
	end_object(js);
}

static void json_version(struct event_sink *s)
{
	struct json_sink *js = json_of(s);

	fprintf(js->out, "{\"type\":\"version\",\"program\":\"pingsock\",\"version\":\"%s\","
		"\"iputils_compatible\":true,\"schema\":%d,\"libcap\":%s,\"idn\":%s,\"nls\":%s",
		PACKAGE_VERSION, JSON_SCHEMA_VERSION, HAVE_LIBCAP ? "true" : "false",
		HAVE_IDN ? "true" : "false", ENABLE_NLS ? "true" : "false");
	end_object(js);
}

/* -p is reported in the start object rather than on a line of its own. */
static void json_pattern(struct event_sink *s, const uint8_t *pattern, size_t len)
{
	struct json_sink *js = json_of(s);

	js->pattern = pattern;
	js->pattern_len = len;
}

/* JSON has no PATTERN line: the start object carries the run's pattern. */
static void json_pattern_line(struct event_sink *s, const uint8_t *pattern, size_t len)
{
	(void)s;
	(void)pattern;
	(void)len;
}

static void put_nullable(FILE *f, const char *key, const char *value)
{
	fprintf(f, ",\"%s\":", key);
	if (value && *value)
		json_put_string(f, value);
	else
		fputs("null", f);
}

static void json_start(struct event_sink *s, const struct run_start *rs)
{
	struct json_sink *js = json_of(s);
	const struct header_info *h = &rs->header;
	FILE *f = js->out;
	size_t ip_header = rs->fam->ip_header_len + (rs->fam->af == AF_INET ? h->optlen : 0);

	js->fam = rs->fam;
	fprintf(f, "{\"type\":\"start\",\"schema\":%d,\"target\":", JSON_SCHEMA_VERSION);
	json_put_string(f, rs->target);
	fputs(",\"host\":", f);
	json_put_string(f, h->host);
	fputs(",\"address\":", f);
	json_put_string(f, h->addr);
	fprintf(f, ",\"family\":\"%s\",\"socket\":\"%s\"",
		rs->fam->af == AF_INET ? "inet" : "inet6", rs->raw ? "raw" : "dgram");
	if (rs->ident_known)
		fprintf(f, ",\"ident\":%u", rs->ident);
	else
		fputs(",\"ident\":null", f);
	fprintf(f, ",\"authenticated\":%s", rs->authenticated ? "true" : "false");
	fprintf(f, ",\"timing\":\"%s\"", rs->kernel_timing ? "kernel" : "user");
	fprintf(f, ",\"data_bytes\":%ld,\"packet_bytes\":%zu,\"interval\":", h->datalen,
		(size_t)h->datalen + 8 + ip_header);
	put_ms(f, rs->interval_us);
	put_nullable(f, "source", rs->source);
	put_nullable(f, "device", h->device);
	if (h->flowlabel_set)
		fprintf(f, ",\"flowlabel\":%u", h->flowlabel);
	fputs(",\"pattern\":", f);
	if (js->pattern_len) {
		fputc('"', f);
		for (size_t i = 0; i < js->pattern_len; i++)
			fprintf(f, "%02x", js->pattern[i]);
		fputc('"', f);
	} else {
		fputs("null", f);
	}
	end_object(js);
}

/* ,"rtt":{ four named figures in ms } */
static void put_rtt(FILE *f, const char *const key[4], const int64_t us[4])
{
	fputs(",\"rtt\":{", f);
	for (size_t i = 0; i < 4; i++) {
		fprintf(f, "%s\"%s\":", i ? "," : "", key[i]);
		put_ms(f, us[i]);
	}
	fputc('}', f);
}

/* The running figures of the SIGQUIT status. */
/*
 * The figures --percentiles prints, always present here: percentiles,
 * jitter and the longest loss (null when there is none to give).
 */
static void put_extra(FILE *f, const struct ping_stats *st, bool timing, int64_t interval_us)
{
	struct extra_stats x;

	stats_extra(st, interval_us, &x);
	fputs(",\"percentiles\":", f);
	if (timing && x.have_percentiles) {
		fputs("{\"p50\":", f);
		put_ms(f, x.p50_us);
		fputs(",\"p90\":", f);
		put_ms(f, x.p90_us);
		fputs(",\"p99\":", f);
		put_ms(f, x.p99_us);
		fputc('}', f);
	} else {
		fputs("null", f);
	}
	fputs(",\"jitter\":", f);
	if (timing && x.have_jitter)
		put_ms(f, x.jitter_us);
	else
		fputs("null", f);
	fputs(",\"longest_loss\":", f);
	if (x.burst_count) {
		fprintf(f, "{\"count\":%llu,\"first_seq\":%u,\"last_seq\":%u,\"duration\":",
			(unsigned long long)x.burst_count, x.burst_first_seq, x.burst_last_seq);
		put_ms(f, x.burst_duration_us);
		fputc('}', f);
	} else {
		fputs("null", f);
	}
}

static void json_status(struct event_sink *s, const struct ping_stats *st, bool timing,
			int64_t interval_us)
{
	struct json_sink *js = json_of(s);
	struct rtt_summary sm;
	FILE *f = js->out;

	stats_summary(st, &sm);
	fprintf(f, "{\"type\":\"status\",\"transmitted\":%llu,\"received\":%llu,\"loss\":%g",
		(unsigned long long)st->transmitted, (unsigned long long)st->received,
		(double)(float)stats_loss_percent(st));
	if (timing && sm.valid) {
		const int64_t v[] = { sm.min_us, sm.avg_us, sm.ewma_us, sm.max_us };
		const char *const k[] = { "min", "avg", "ewma", "max" };

		put_rtt(f, k, v);
	}
	put_extra(f, st, timing, interval_us);
	end_object(js);
}

static void json_summary(struct event_sink *s, const struct summary_info *si)
{
	struct json_sink *js = json_of(s);
	const struct ping_stats *st = si->st;
	struct rtt_summary sm;
	FILE *f = js->out;

	stats_summary(st, &sm);
	fputs("{\"type\":\"summary\",\"host\":", f);
	json_put_string(f, si->host);
	fprintf(f, ",\"transmitted\":%llu,\"received\":%llu,\"duplicates\":%llu,"
		"\"corrupted\":%llu,\"errors\":%llu,\"loss\":%g,\"time\":%lld",
		(unsigned long long)st->transmitted, (unsigned long long)st->received,
		(unsigned long long)st->duplicates, (unsigned long long)st->corrupted,
		(unsigned long long)st->errors, (double)(float)stats_loss_percent(st),
		(long long)(si->elapsed_us / 1000));
	if (si->timing && sm.valid) {
		const int64_t v[] = { sm.min_us, sm.avg_us, sm.max_us, sm.mdev_us };
		const char *const k[] = { "min", "avg", "max", "mdev" };

		put_rtt(f, k, v);
	}
	fprintf(f, ",\"pipe\":%llu", (unsigned long long)st->pipe);
	/* ipg whenever the text has it; ewma only when something was timed. */
	if (st->received && si->show_ipg && st->transmitted > 1) {
		fputs(",\"ipg\":", f);
		put_ms(f, (int64_t)((uint64_t)si->elapsed_us / (st->transmitted - 1)));
		if (si->timing && sm.valid) {
			fputs(",\"ewma\":", f);
			put_ms(f, sm.ewma_us);
		}
	}
	put_extra(f, st, si->timing, si->interval_us);
	end_object(js);
}

/* Every object is flushed as it ends: nothing is left to flush. */
static void json_flush(struct event_sink *s)
{
	fflush(json_of(s)->out);
}

static const struct sink_ops json_ops = {
	.flush = json_flush,
	.diag = json_diag,
	.version = json_version,
	.pattern = json_pattern,
	.pattern_line = json_pattern_line,
	.start = json_start,
	.event = json_event,
	.status = json_status,
	.summary = json_summary,
};

void json_sink_init(struct json_sink *js, FILE *out, const struct json_opts *opts,
		    const struct peer_namer *namer)
{
	memset(js, 0, sizeof(*js));
	js->sink.ops = &json_ops;
	js->out = out;
	js->opts = *opts;
	js->namer = *namer;
}
