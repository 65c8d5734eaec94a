#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <netinet/in.h>

#include "cli.h"
#include "icmp_text.h"
#include "nls.h"
#include "packet.h"
#include "text_sink.h"
#include "textbuf.h"

static struct text_sink *text_of(struct event_sink *s)
{
	return (struct text_sink *)(void *)s;
}

/*
 * What iputils writes at once only when its standard output is unbuffered,
 * which it makes it for a flood: otherwise the header and PATTERN lines
 * wait in stdio's buffer for the first reply, ICMP error or -O line (each
 * flushed), a message through error() (which flushes first) or the end,
 * and the SIGQUIT line goes to stderr without a flush.  So a run killed
 * before its first answer leaves nothing in a pipe, and under 2>&1 that
 * line comes before the header, as iputils'.  (A terminal's line
 * buffering writes the lines at once anyway.)
 */
static void flush_unbuffered(struct text_sink *ts)
{
	if (ts->opts.flood)
		fflush(ts->out);
}

/* "<prog>: <text>\n" on err, after what out holds so far. */
__attribute__((format(printf, 2, 3)))
static void diag(struct text_sink *ts, const char *fmt, ...)
{
	va_list ap;

	fflush(ts->out);
	va_start(ap, fmt);
	out_vdiag(ts->err, ts->progname, 0, fmt, ap);
	va_end(ap);
}

/* Lines are for a person: none under -q, marks instead under -f. */
static bool quiet_lines(const struct text_sink *ts)
{
	return ts->opts.quiet || ts->opts.flood;
}

/* A mark, held in out's buffer until the loop flushes the sink. */
static void flood_mark(struct text_sink *ts, const char *mark)
{
	if (ts->opts.flood && !ts->opts.quiet)
		fputs(mark, ts->out);
}

static const char *peer_text(struct text_sink *ts, const struct ping_event *ev)
{
	return ts->namer.name(ts->namer.ctx, ev->peer, ev->peerlen);
}

size_t sink_options_text(const struct peer_namer *namer, struct ipopt_state *route,
			 const uint8_t *opts, size_t len, char *buf, size_t size)
{
	struct ipopt_names names;
	char store[IPOPT_MAX_ADDRS][PEER_TEXT_MAX];

	ipopt_addresses(opts, len, route, &names);
	for (size_t i = 0; i < names.n; i++) {
		struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = names.addr[i] };

		text_copy(store[i], PEER_TEXT_MAX,
			  namer->name(namer->ctx, (const struct sockaddr *)&sin, sizeof(sin)));
		names.text[i] = store[i];
	}
	return ipopt_format(buf, size, opts, len, route, &names);
}

static void show_ninfo_reply(struct text_sink *ts, const struct ping_event *ev)
{
	const struct reply_event *re = &ev->reply;
	char text[4096];

	ninfo_format_reply(text, sizeof(text), re->ninfo);
	out_ninfo_reply(ts->out, &ts->opts.line, ev->now_real_us, re->bytes, peer_text(ts, ev),
			text, re->have_ttl, re->ttl, re->mark_duplicate);
}

/* The reply line, with the IP options a reply brought back. */
static void show_echo_reply(struct text_sink *ts, const struct ping_event *ev)
{
	const struct reply_event *re = &ev->reply;
	struct reply_line line = {
		.now_real_us = ev->now_real_us, .bytes = re->bytes, .seq = ev->seq,
		.show_ident = re->show_ident, .ident = re->ident,
		.have_ttl = re->have_ttl, .ttl = re->ttl, .rtt_us = re->rtt_us,
		.duplicate = re->mark_duplicate, .bad_cksum = re->corrupted,
		.different_address = re->different_address, .truncated = re->truncated,
		.mismatch_at = re->mismatch_at, .expected = re->expected,
		.data = re->data, .datalen = re->datalen,
	};
	char optbuf[1024];

	if (re->ipopts) {
		sink_options_text(&ts->namer, &ts->route, re->ipopts, re->ipopts_len, optbuf,
				  sizeof(optbuf));
		line.extra = optbuf;
	}
	line.from = peer_text(ts, ev);
	out_reply(ts->out, &ts->opts.line, &line);
}

static void on_reply(struct text_sink *ts, const struct ping_event *ev)
{
	if (ts->opts.verbose && ev->reply.stamp_altered)
		diag(ts, _("icmp_seq=%u: the echoed send time was altered; the time shown is measured locally"),
		     ev->seq);
	if (ts->opts.flood) {
		flood_mark(ts, ev->reply.corrupted ? "\bC" : "\b \b");
		/* -a rings for every reply shown, a mark included, as iputils does. */
		if (ts->opts.line.audible)
			flood_mark(ts, "\a");
		return;
	}
	if (ts->opts.quiet)
		return;
	if (ev->reply.ninfo)
		show_ninfo_reply(ts, ev);
	else
		show_echo_reply(ts, ev);
	fflush(ts->out);
}

/*
 * -v: the IP header a redirect or source quench quoted, its options shown
 * as a reply's (the recorded route they hold counts as the last one shown).
 */
static void dump_quoted_header(struct text_sink *ts, const struct ping_event *ev)
{
	char optbuf[1024] = "";

	if (ev->quoted_ip_len > IPV4_MIN_HEADER_LEN)
		sink_options_text(&ts->namer, &ts->route, ev->quoted_ip + IPV4_MIN_HEADER_LEN,
				  ev->quoted_ip_len - IPV4_MIN_HEADER_LEN, optbuf, sizeof(optbuf));
	out_ip_header_dump(ts->out, ev->quoted_ip, optbuf);
}

/* An ICMP line: errors "From X icmp_seq=N text", informational ones with a colon. */
static void on_icmp(struct text_sink *ts, const struct ping_event *ev)
{
	bool info = ev->kind == EV_ICMP_INFO;
	char text[160];

	if (ts->opts.quiet || (info && ts->opts.flood))
		return;
	if (ts->opts.flood) {
		flood_mark(ts, "\bE");
		return;
	}
	icmp_text(text, sizeof(text), ts->fam->af, ev->icmp_type, ev->icmp_code, ev->icmp_info, NULL);
	if (ev->kind == EV_ICMP_OTHER)
		out_icmp_other(ts->out, &ts->opts.line, ev->now_real_us, peer_text(ts, ev), text);
	else
		out_icmp(ts->out, &ts->opts.line, ev->now_real_us, peer_text(ts, ev), ev->seq, text,
			 info);
	if (ts->opts.verbose && ev->quoted_ip && ev->quoted_ip_len >= IPV4_MIN_HEADER_LEN)
		dump_quoted_header(ts, ev);
	fflush(ts->out);
}

/* A local error or a failed send: a mark under -f, a diagnostic otherwise. */
static void on_error(struct text_sink *ts, const struct ping_event *ev)
{
	if (ts->opts.quiet)
		return;
	if (ts->opts.flood)
		flood_mark(ts, "E");
	else if (ev->kind == EV_SEND_ERROR)
		diag(ts, "sendmsg: %s", nls_strerror(ev->err));
	else if (ev->err == EMSGSIZE)
		diag(ts, _("local error: message too long, %s%u"), ts->fam->mtu_sep, ev->icmp_info);
	else
		diag(ts, _("local error: %s"), nls_strerror(ev->err));
}

/* What -v says about a message it ignores. */
static void on_ignored(struct text_sink *ts, const struct ping_event *ev)
{
	char num[INET6_ADDRSTRLEN + 20];

	if (!ts->opts.verbose)
		return;
	switch (ev->ignored) {
	case IGN_SILENT:
		break;
	case IGN_UNKNOWN_SEQ:
		diag(ts, _("reply with icmp_seq=%u ignored: no such request was sent"), ev->seq);
		break;
	case IGN_MALFORMED:
		ts->namer.numeric(ev->peer, ev->peerlen, num, sizeof(num));
		diag(ts, _("%s from %s"), ev->why, num);
		break;
	case IGN_MALFORMED_ERROR:
		diag(ts, _("malformed error report ignored: %s"), ev->why);
		break;
	case IGN_UNAUTHENTICATED:
		ts->namer.numeric(ev->peer, ev->peerlen, num, sizeof(num));
		diag(ts, _("reply from %s with icmp_seq=%u ignored: it does not carry this run's authentication code"),
		     num, ev->seq);
		break;
	case IGN_REPLAYED:
		ts->namer.numeric(ev->peer, ev->peerlen, num, sizeof(num));
		diag(ts, _("reply from %s with icmp_seq=%u ignored: it answers an earlier request with this sequence"),
		     num, ev->seq);
		break;
	}
}

static void text_event(struct event_sink *s, const struct ping_event *ev)
{
	struct text_sink *ts = text_of(s);

	/* -O's line is iputils' one exception to -q and to -f: it is always printed. */
	if (ev->kind == EV_NO_ANSWER) {
		if (ts->opts.report_outstanding) {
			out_no_answer(ts->out, &ts->opts.line, ev->now_real_us, ev->seq);
			fflush(ts->out);
		}
		return;
	}
	/* -q without -v prints nothing per event: not even a mark. */
	if (ts->opts.quiet && !ts->opts.verbose)
		return;

	switch (ev->kind) {
	case EV_REPLY:
		on_reply(ts, ev);
		break;
	case EV_ICMP_ERROR:
	case EV_ICMP_INFO:
		on_icmp(ts, ev);
		break;
	case EV_ICMP_OTHER:
		if (!quiet_lines(ts))
			on_icmp(ts, ev);
		break;
	case EV_LOCAL_ERROR:
	case EV_SEND_ERROR:
		on_error(ts, ev);
		break;
	case EV_SENT:
		if (ev->draw_mark)
			flood_mark(ts, ".");
		break;
	case EV_NO_ANSWER:
		break;		/* above */
	case EV_IGNORED:
		on_ignored(ts, ev);
		break;
	}
}

void text_diag_write(FILE *err, const char *progname, const struct diag *d)
{
	if (d->usage)
		cli_usage(err);	/* iputils shows the usage text alone */
	else if (d->plain)
		fprintf(err, "%s\n", d->message);
	else if (d->err)
		fprintf(err, "%s: %s: %s\n", progname, d->message, nls_strerror(d->err));
	else
		fprintf(err, "%s: %s\n", progname, d->message);
}

static void text_diag(struct event_sink *s, const struct diag *d)
{
	struct text_sink *ts = text_of(s);

	fflush(ts->out);
	text_diag_write(ts->err, ts->progname, d);
}

static void text_version(struct event_sink *s)
{
	out_version(text_of(s)->out);
}

/* The run's pattern shows only in the lines printed as each -p was read. */
static void text_pattern(struct event_sink *s, const uint8_t *pattern, size_t len)
{
	(void)s;
	(void)pattern;
	(void)len;
}

static void text_pattern_line(struct event_sink *s, const uint8_t *pattern, size_t len)
{
	struct text_sink *ts = text_of(s);

	out_pattern(ts->out, pattern, len);
	flush_unbuffered(ts);
}

static void text_start(struct event_sink *s, const struct run_start *rs)
{
	struct text_sink *ts = text_of(s);

	ts->fam = rs->fam;
	out_header(ts->out, &rs->header);
	flush_unbuffered(ts);
}

/* The SIGQUIT line on err, after the marks out holds. */
static void text_status(struct event_sink *s, const struct ping_stats *st, bool timing,
			int64_t interval_us)
{
	(void)interval_us;
	flush_unbuffered(text_of(s));
	out_status(text_of(s)->err, st, timing);
}

static void text_summary(struct event_sink *s, const struct summary_info *si)
{
	out_summary(text_of(s)->out, si);
}

/* The marks held in out's buffer, written now (the loop decides when). */
static void text_flush(struct event_sink *s)
{
	flush_unbuffered(text_of(s));
}

static const struct sink_ops text_ops = {
	.diag = text_diag,
	.version = text_version,
	.pattern = text_pattern,
	.pattern_line = text_pattern_line,
	.start = text_start,
	.event = text_event,
	.status = text_status,
	.summary = text_summary,
	.flush = text_flush,
};

void text_sink_init(struct text_sink *ts, FILE *out, FILE *err, const char *progname,
		    const struct text_opts *opts, const struct peer_namer *namer)
{
	memset(ts, 0, sizeof(*ts));
	ts->sink.ops = &text_ops;
	ts->out = out;
	ts->err = err;
	ts->progname = progname;
	ts->opts = *opts;
	ts->namer = *namer;
}
