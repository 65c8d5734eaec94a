/*
 * Unit tests for ping/core/text_sink.c: which event becomes which line,
 * on which stream, under -q, -f, -v and -D.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "text_sink.h"

/* A sink over two memory streams, with a namer that counts its calls. */
struct rig {
	char *out_text, *err_text;
	size_t out_len, err_len;
	FILE *out, *err;
	struct text_sink ts;
	int named;
	char name[128];
	struct sockaddr_in peer;
};

static const char *fake_name(void *ctx, const struct sockaddr *sa, socklen_t len)
{
	struct rig *r = ctx;
	char num[INET_ADDRSTRLEN];

	(void)len;
	r->named++;
	inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, num, sizeof(num));
	snprintf(r->name, sizeof(r->name), "host-%s (%s)", num, num);
	return r->name;
}

static void fake_numeric(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
	(void)len;
	inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
		  (socklen_t)size);
}

static struct rig *rig_new(bool quiet, bool flood, int verbose, bool timestamps)
{
	struct rig *r = calloc(1, sizeof(*r));
	struct text_opts o = { .quiet = quiet, .flood = flood, .verbose = verbose,
			       .report_outstanding = true,
			       .line = { .timestamps = timestamps } };
	struct peer_namer namer = { .name = fake_name, .numeric = fake_numeric };
	struct run_start rs = { .fam = &family_inet };

	assert_non_null(r);
	namer.ctx = r;
	r->out = open_memstream(&r->out_text, &r->out_len);
	r->err = open_memstream(&r->err_text, &r->err_len);
	assert_non_null(r->out);
	assert_non_null(r->err);
	text_sink_init(&r->ts, r->out, r->err, "ping", &o, &namer);
	r->peer.sin_family = AF_INET;
	inet_pton(AF_INET, "198.18.0.1", &r->peer.sin_addr);
	rs.header.af = AF_INET;
	rs.header.host = "h";
	rs.header.addr = "198.18.0.1";
	rs.header.datalen = 56;
	r->ts.sink.ops->start(&r->ts.sink, &rs);
	fflush(r->out);
	/* expect() looks only at what follows the header. */
	assert_string_equal(r->out_text, "PING h (198.18.0.1) 56(84) bytes of data.\n");
	return r;
}

static void rig_free(struct rig *r)
{
	fclose(r->out);
	fclose(r->err);
	free(r->out_text);
	free(r->err_text);
	free(r);
}

static struct ping_event event(struct rig *r, enum ping_event_kind kind, uint16_t seq)
{
	struct ping_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.seq = seq;
	ev.now_real_us = 1700000000123456LL;
	ev.peer = (const struct sockaddr *)&r->peer;
	ev.peerlen = sizeof(r->peer);
	ev.reply.mismatch_at = -1;
	ev.reply.rtt_us = -1;
	return ev;
}

/* Sends ev and checks what each stream got. */
static void expect(struct rig *r, const struct ping_event *ev, const char *out, const char *err)
{
	long out_at, err_at;

	fflush(r->out);
	fflush(r->err);
	out_at = (long)r->out_len;
	err_at = (long)r->err_len;
	r->ts.sink.ops->event(&r->ts.sink, ev);
	fflush(r->out);
	fflush(r->err);
	assert_string_equal(r->out_text + out_at, out);
	assert_string_equal(r->err_text + err_at, err);
}

static struct ping_event reply(struct rig *r, uint16_t seq)
{
	struct ping_event ev = event(r, EV_REPLY, seq);

	ev.reply.bytes = 64;
	ev.reply.have_ttl = true;
	ev.reply.ttl = 64;
	ev.reply.rtt_us = 420;
	return ev;
}

static void test_reply_lines(void **state)
{
	struct rig *r = rig_new(false, false, 0, false);
	struct ping_event ev = reply(r, 1);

	(void)state;
	expect(r, &ev, "64 bytes from host-198.18.0.1 (198.18.0.1): icmp_seq=1 ttl=64 time=0.420 ms\n", "");
	ev.reply.mark_duplicate = true;
	ev.reply.duplicate = true;
	expect(r, &ev, "64 bytes from host-198.18.0.1 (198.18.0.1): icmp_seq=1 ttl=64 time=0.420 ms (DUP!)\n", "");
	/* A duplicate iputils would not flag (a group's) is a plain line. */
	ev.reply.mark_duplicate = false;
	expect(r, &ev, "64 bytes from host-198.18.0.1 (198.18.0.1): icmp_seq=1 ttl=64 time=0.420 ms\n", "");
	rig_free(r);
}

/* -q: nothing per reply; -f: marks; -f -q: nothing. */
static void test_reply_quiet_and_flood(void **state)
{
	struct rig *q = rig_new(true, false, 0, false), *f = rig_new(false, true, 0, false);
	struct rig *fq = rig_new(true, true, 0, false);
	struct ping_event ev = reply(q, 1);

	(void)state;
	expect(q, &ev, "", "");
	expect(f, &ev, "\b \b", "");
	expect(fq, &ev, "", "");
	ev.reply.corrupted = true;
	expect(f, &ev, "\bC", "");
	assert_int_equal(q->named + f->named + fq->named, 0);	/* no lookups for what is not shown */
	rig_free(q);
	rig_free(f);
	rig_free(fq);
}

/* -a under -f: the bell follows every reply's mark, a corrupted one's too; -q: nothing. */
static void test_flood_bell(void **state)
{
	struct rig *f = rig_new(false, true, 0, false), *fq = rig_new(true, true, 0, false);
	struct ping_event ev = reply(f, 1);

	(void)state;
	f->ts.opts.line.audible = true;
	fq->ts.opts.line.audible = true;
	expect(f, &ev, "\b \b\a", "");
	ev.reply.mark_duplicate = true;
	ev.reply.duplicate = true;
	expect(f, &ev, "\b \b\a", "");
	ev.reply.corrupted = true;
	expect(f, &ev, "\bC\a", "");
	expect(fq, &ev, "", "");
	rig_free(f);
	rig_free(fq);
}

/* Flood marks wait in the stream's buffer for the loop's flush: one write per wake-up. */
static void test_flood_marks_wait_for_flush(void **state)
{
	struct rig *f = rig_new(false, true, 0, false);
	struct ping_event sent = event(f, EV_SENT, 1);
	struct ping_event ev = reply(f, 1);
	size_t before;

	(void)state;
	sent.draw_mark = true;
	fflush(f->out);
	before = f->out_len;
	f->ts.sink.ops->event(&f->ts.sink, &sent);
	f->ts.sink.ops->event(&f->ts.sink, &ev);
	assert_int_equal(f->out_len, before);	/* a memstream shows only what was flushed */
	f->ts.sink.ops->flush(&f->ts.sink);
	assert_string_equal(f->out_text + before, ".\b \b");
	rig_free(f);
}

/* -v tells an altered send time on stderr, even under -q. */
static void test_stamp_altered(void **state)
{
	struct rig *r = rig_new(true, false, 1, false);
	struct ping_event ev = reply(r, 3);

	(void)state;
	ev.reply.stamp_altered = true;
	expect(r, &ev, "", "ping: icmp_seq=3: the echoed send time was altered; the time shown is measured locally\n");
	rig_free(r);
}

static void test_icmp_lines(void **state)
{
	struct rig *r = rig_new(false, false, 0, true), *f = rig_new(false, true, 0, false);
	struct ping_event err = event(r, EV_ICMP_ERROR, 3), info = event(r, EV_ICMP_INFO, 4);

	(void)state;
	err.icmp_type = 3;
	err.icmp_code = 1;
	expect(r, &err, "[1700000000.123456] From host-198.18.0.1 (198.18.0.1) icmp_seq=3 Destination Host Unreachable\n", "");
	expect(f, &err, "\bE", "");
	info.icmp_type = 4;
	expect(r, &info, "[1700000000.123456] From host-198.18.0.1 (198.18.0.1): icmp_seq=4 Source Quench\n", "");
	expect(f, &info, "", "");
	rig_free(r);
	rig_free(f);
}

/*
 * -v: a redirect or source quench read as a packet is followed by the IP
 * header it quoted, its options shown as a reply's (names through the
 * namer); without -v, or without a quoted header (the error queue's), none.
 */
static void test_quoted_header_dump(void **state)
{
	struct rig *v = rig_new(false, false, 1, false), *r = rig_new(false, false, 0, false);
	struct ping_event info = event(v, EV_ICMP_INFO, 2);
	uint8_t ip[24] = {
		0x46, 0x00, 0x00, 0x58, 0x00, 0x01, 0x00, 0x00, 0x3f, 0x01, 0x00, 0x00,
		198, 18, 0, 1, 198, 18, 40, 1,
		0x01, 0x01, 0x01, 0x00,		/* NOP NOP NOP EOL */
	};
	char *dumped;
	size_t n;
	FILE *f = open_memstream(&dumped, &n);
	char optbuf[256] = "";
	char want[1024];

	(void)state;
	info.icmp_type = 4;
	info.quoted_ip = ip;
	info.quoted_ip_len = sizeof(ip);
	/* What the dump must show: the header, then the options' own text. */
	assert_non_null(f);
	sink_options_text(&v->ts.namer, &r->ts.route, ip + 20, 4, optbuf, sizeof(optbuf));
	out_ip_header_dump(f, ip, optbuf);
	fclose(f);
	assert_non_null(strstr(dumped, "Vr HL TOS"));
	assert_non_null(strstr(optbuf, "NOP"));
	snprintf(want, sizeof(want), "From host-198.18.0.1 (198.18.0.1): icmp_seq=2 Source Quench\n%s",
		 dumped);
	expect(v, &info, want, "");
	expect(r, &info, "From host-198.18.0.1 (198.18.0.1): icmp_seq=2 Source Quench\n", "");
	info.quoted_ip = NULL;
	info.quoted_ip_len = 0;
	expect(v, &info, "From host-198.18.0.1 (198.18.0.1): icmp_seq=2 Source Quench\n", "");
	free(dumped);
	rig_free(v);
	rig_free(r);
}

static void test_errors(void **state)
{
	struct rig *r = rig_new(false, false, 0, false), *f = rig_new(false, true, 0, false);
	struct rig *q = rig_new(true, false, 0, false);
	struct ping_event local = event(r, EV_LOCAL_ERROR, 1), send = event(r, EV_SEND_ERROR, 2);

	(void)state;
	local.err = EMSGSIZE;
	local.icmp_info = 1400;
	expect(r, &local, "", "ping: local error: message too long, mtu=1400\n");
	local.err = ENOBUFS;
	expect(r, &local, "", "ping: local error: No buffer space available\n");
	expect(f, &local, "E", "");
	expect(q, &local, "", "");
	send.err = EHOSTUNREACH;
	expect(r, &send, "", "ping: sendmsg: No route to host\n");
	expect(f, &send, "E", "");
	expect(q, &send, "", "");
	rig_free(r);
	rig_free(f);
	rig_free(q);
}

/*
 * A dot per request under -f when the row has room; -O's line always, as
 * iputils prints it: under -q, and under -f after the request's dot.
 */
static void test_sent_and_no_answer(void **state)
{
	struct rig *r = rig_new(false, false, 0, false), *f = rig_new(false, true, 0, false);
	struct rig *q = rig_new(true, false, 0, false), *qf = rig_new(true, true, 0, false);
	struct ping_event sent = event(r, EV_SENT, 1), none = event(r, EV_NO_ANSWER, 7);

	(void)state;
	sent.draw_mark = true;
	expect(r, &sent, "", "");
	expect(f, &sent, ".", "");
	expect(qf, &sent, "", "");
	sent.draw_mark = false;
	expect(f, &sent, "", "");
	expect(r, &none, "no answer yet for icmp_seq=7\n", "");
	expect(q, &none, "no answer yet for icmp_seq=7\n", "");
	expect(qf, &none, "no answer yet for icmp_seq=7\n", "");
	/* The dot held back for the flush comes first. */
	sent.draw_mark = true;
	fflush(f->out);
	{
		size_t at = f->out_len;

		f->ts.sink.ops->event(&f->ts.sink, &sent);
		f->ts.sink.ops->event(&f->ts.sink, &none);
		fflush(f->out);
		assert_string_equal(f->out_text + at, ".no answer yet for icmp_seq=7\n");
	}
	rig_free(r);
	rig_free(f);
	rig_free(q);
	rig_free(qf);
}

/* What -v says about ignored messages; without -v nothing. */
static void test_ignored(void **state)
{
	struct rig *r = rig_new(false, false, 1, false), *quiet = rig_new(false, false, 0, false);
	struct ping_event ev = event(r, EV_IGNORED, 9);

	(void)state;
	ev.ignored = IGN_UNKNOWN_SEQ;
	expect(r, &ev, "", "ping: reply with icmp_seq=9 ignored: no such request was sent\n");
	expect(quiet, &ev, "", "");
	ev.ignored = IGN_MALFORMED;
	ev.why = "packet too short (6 bytes)";
	expect(r, &ev, "", "ping: packet too short (6 bytes) from 198.18.0.1\n");
	ev.ignored = IGN_MALFORMED_ERROR;
	ev.why = "no quoted header";
	expect(r, &ev, "", "ping: malformed error report ignored: no quoted header\n");
	ev.ignored = IGN_SILENT;
	expect(r, &ev, "", "");
	rig_free(r);
	rig_free(quiet);
}

/* Recorded routes: names looked up once per address, then "(same route)". */
static void test_options(void **state)
{
	struct rig *r = rig_new(false, false, 0, false);
	struct ping_event ev = reply(r, 1);
	uint8_t rr[11] = { 7, 11, 12 };

	(void)state;
	inet_pton(AF_INET, "198.18.0.5", rr + 3);
	inet_pton(AF_INET, "198.18.0.6", rr + 7);
	ev.reply.ipopts = rr;
	ev.reply.ipopts_len = sizeof(rr);
	r->named = 0;
	expect(r, &ev, "64 bytes from host-198.18.0.1 (198.18.0.1): icmp_seq=1 ttl=64 time=0.420 ms\n"
		       "RR: \thost-198.18.0.5 (198.18.0.5)\n\thost-198.18.0.6 (198.18.0.6)\n\n", "");
	assert_int_equal(r->named, 3);
	expect(r, &ev, "64 bytes from host-198.18.0.1 (198.18.0.1): icmp_seq=1 ttl=64 time=0.420 ms\t(same route)\n", "");
	rig_free(r);
}

static void test_pattern_version_status(void **state)
{
	struct rig *r = rig_new(false, false, 0, false), *q = rig_new(true, false, 0, false);
	const uint8_t pat[] = { 0xff, 0x00 };
	struct ping_stats *st = calloc(1, sizeof(*st));

	(void)state;
	assert_non_null(st);
	/* The line is printed as asked (the parser decides on -q); the run's pattern shows nothing. */
	r->ts.sink.ops->pattern_line(&r->ts.sink, pat, sizeof(pat));
	r->ts.sink.ops->pattern(&r->ts.sink, pat, sizeof(pat));
	q->ts.sink.ops->pattern(&q->ts.sink, pat, sizeof(pat));
	r->ts.sink.ops->version(&r->ts.sink);
	st->transmitted = 2;
	st->received = 1;
	r->ts.sink.ops->status(&r->ts.sink, st, false, 1000000);
	fflush(r->out);
	fflush(r->err);
	fflush(q->out);
	assert_string_equal(strchr(q->out_text, '\n') + 1, "");
	assert_true(strncmp(strchr(r->out_text, '\n') + 1, "PATTERN: 0xff00\nping from pingsock ", 35) == 0);
	assert_string_equal(r->err_text, "\r1/2 packets, 50% loss\n");
	free(st);
	rig_free(r);
	rig_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_lines),
		cmocka_unit_test(test_reply_quiet_and_flood),
		cmocka_unit_test(test_flood_marks_wait_for_flush),
		cmocka_unit_test(test_flood_bell),
		cmocka_unit_test(test_stamp_altered),
		cmocka_unit_test(test_icmp_lines),
		cmocka_unit_test(test_quoted_header_dump),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_sent_and_no_answer),
		cmocka_unit_test(test_ignored),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_pattern_version_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
