/*
 * Unit tests for ping/core/json_sink.c: escaping, codes, and the object
 * each event becomes (exact lines, so every member and its type is seen).
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

#include "json_sink.h"

struct rig {
	char *text;
	size_t len;
	FILE *out;
	struct json_sink js;
	struct sockaddr_in peer;
	long mark;
};

static const char *fake_name(void *ctx, const struct sockaddr *sa, socklen_t len)
{
	(void)ctx;
	(void)sa;
	(void)len;
	return "gw.example (198.18.0.1)";
}

static void fake_numeric(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
	(void)len;
	inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
		  (socklen_t)size);
}

static struct rig *rig_new(bool quiet, int verbose)
{
	struct rig *r = calloc(1, sizeof(*r));
	struct json_opts o = { .quiet = quiet, .verbose = verbose };
	struct peer_namer namer = { .name = fake_name, .numeric = fake_numeric };

	assert_non_null(r);
	r->out = open_memstream(&r->text, &r->len);
	assert_non_null(r->out);
	json_sink_init(&r->js, r->out, &o, &namer);
	r->peer.sin_family = AF_INET;
	inet_pton(AF_INET, "198.18.0.1", &r->peer.sin_addr);
	return r;
}

static void rig_free(struct rig *r)
{
	fclose(r->out);
	free(r->text);
	free(r);
}

/* What the sink wrote since the last call. */
static const char *since(struct rig *r)
{
	const char *s;

	fflush(r->out);
	s = r->text + r->mark;
	r->mark = (long)r->len;
	return s;
}

static void start(struct rig *r)
{
	struct run_start rs = {
		.fam = &family_inet, .target = "gw", .source = "198.18.0.2", .raw = false,
		.ident_known = true, .ident = 4660, .authenticated = true, .interval_us = 200000,
		.header = { .af = AF_INET, .host = "gw.example", .addr = "198.18.0.1", .datalen = 56 },
	};
	static const uint8_t pat[] = { 0xab, 0x01 };

	r->js.sink.ops->pattern(&r->js.sink, pat, sizeof(pat));
	r->js.sink.ops->start(&r->js.sink, &rs);
}

static struct ping_event event(struct rig *r, enum ping_event_kind kind, uint16_t seq)
{
	struct ping_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.seq = seq;
	ev.now_real_us = 1700000000000042LL;
	ev.peer = (const struct sockaddr *)&r->peer;
	ev.peerlen = sizeof(r->peer);
	ev.reply.mismatch_at = -1;
	ev.reply.rtt_us = -1;
	return ev;
}

static char *string_of(const char *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	json_put_string(f, s);
	fclose(f);
	return text;
}

static void test_strings(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "\"plain\"" },
		{ "a\"b\\c", "\"a\\\"b\\\\c\"" },
		{ "tab\there\nnl\x01\x7f", "\"tab\\u0009here\\u000anl\\u0001\\u007f\"" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
		/* Not UTF-8: a lone continuation, a cut sequence, an overlong form, a surrogate. */
		{ "x\x80y", "\"x\\ufffdy\"" },
		{ "\xc3", "\"\\ufffd\"" },
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
		{ "", "\"\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = string_of(cases[i].in);

		assert_string_equal(got, cases[i].out);
		free(got);
	}
	{
		char *got = string_of(NULL);

		assert_string_equal(got, "\"\"");
		free(got);
	}
}

static void test_codes(void **state)
{
	char buf[64];

	(void)state;
	json_code_of(buf, sizeof(buf), "Destination Host Unreachable");
	assert_string_equal(buf, "destination_host_unreachable");
	json_code_of(buf, sizeof(buf), "Frag needed and DF set (mtu = 1400)");
	assert_string_equal(buf, "frag_needed_and_df_set");
	json_code_of(buf, sizeof(buf), "Redirect Host(New nexthop: 198.18.0.9)");
	assert_string_equal(buf, "redirect_host");
	json_code_of(buf, sizeof(buf), "Dest Unreachable, Unknown Code: 99");
	assert_string_equal(buf, "dest_unreachable_unknown_code_99");
	json_code_of(buf, 6, "Time to live exceeded");
	assert_string_equal(buf, "time");
	assert_true(strlen(buf) < 6);
}

static void test_start_reply_summary(void **state)
{
	struct rig *r = rig_new(false, 0);
	struct ping_event ev = event(r, EV_REPLY, 7);
	struct ping_stats *st = calloc(1, sizeof(*st));
	struct summary_info si = { .host = "gw.example", .st = st, .elapsed_us = 1200000,
				   .timing = true, .show_ipg = false };
	uint8_t data[56] = { 0 };

	(void)state;
	assert_non_null(st);
	start(r);
	assert_string_equal(since(r),
		"{\"type\":\"start\",\"schema\":1,\"target\":\"gw\",\"host\":\"gw.example\","
		"\"address\":\"198.18.0.1\",\"family\":\"inet\",\"socket\":\"dgram\",\"ident\":4660,"
		"\"authenticated\":true,\"timing\":\"user\",\"data_bytes\":56,\"packet_bytes\":84,\"interval\":200.000,\"source\":\"198.18.0.2\","
		"\"device\":null,\"pattern\":\"ab01\"}\n");
	ev.reply.bytes = 64;
	ev.reply.have_ttl = true;
	ev.reply.ttl = 63;
	ev.reply.rtt_us = 1234;
	ev.reply.send_delay_us = 400012;
	ev.reply.duplicate = true;
	ev.reply.mismatch_at = 20;
	ev.reply.expected = 20;
	data[20] = 0xee;
	ev.reply.data = data;
	ev.reply.datalen = sizeof(data);
	r->js.sink.ops->event(&r->js.sink, &ev);
	assert_string_equal(since(r),
		"{\"type\":\"reply\",\"bytes\":64,\"host\":\"gw.example (198.18.0.1)\","
		"\"address\":\"198.18.0.1\",\"name\":\"gw.example\",\"seq\":7,\"ttl\":63,\"time\":1.234,"
		"\"send_delay\":400.012,\"duplicate\":true,\"truncated\":false,\"bad_checksum\":false,"
		"\"different_address\":false,\"send_time_altered\":false,"
		"\"wrong_data\":{\"offset\":20,\"expected\":20,\"received\":238},"
		"\"timestamp\":1700000000.000042}\n");
	/* Three requests a second apart: two answered in 1 and 3 ms, the third refused. */
	stats_init(st);
	for (uint16_t q = 1; q <= 3; q++)
		stats_sent(st, q, q * 1000000, q * 1000000);
	stats_count(st, 1, false, 1000);
	stats_count(st, 2, false, 3000);
	stats_error(st, 3, true);
	si.interval_us = 1000000;
	r->js.sink.ops->summary(&r->js.sink, &si);
	assert_string_equal(since(r),
		"{\"type\":\"summary\",\"host\":\"gw.example\",\"transmitted\":3,\"received\":2,"
		"\"duplicates\":0,\"corrupted\":0,\"errors\":1,\"loss\":33.3333,\"time\":1200,"
		"\"rtt\":{\"min\":1.000,\"avg\":2.000,\"max\":3.000,\"mdev\":1.000},\"pipe\":3,"
		"\"percentiles\":{\"p50\":1.004,\"p90\":3.000,\"p99\":3.000},\"jitter\":2.000,"
		"\"longest_loss\":{\"count\":1,\"first_seq\":3,\"last_seq\":3,\"duration\":1000.000}}\n");
	free(st);
	rig_free(r);
}

static void test_errors_and_icmp(void **state)
{
	struct rig *r = rig_new(false, 0);
	struct ping_event ev = event(r, EV_ICMP_ERROR, 2);
	struct diag d = { .code = "connect", .call = "connect", .err = ENETUNREACH, .message = "connect" };

	(void)state;
	start(r);
	since(r);
	ev.icmp_type = 3;
	ev.icmp_code = 1;
	r->js.sink.ops->event(&r->js.sink, &ev);
	assert_string_equal(since(r),
		"{\"type\":\"icmp_error\",\"seq\":2,\"host\":\"gw.example (198.18.0.1)\","
		"\"address\":\"198.18.0.1\",\"name\":\"gw.example\",\"icmp_type\":3,\"icmp_code\":1,"
		"\"text\":\"Destination Host Unreachable\",\"code\":\"destination_host_unreachable\","
		"\"timestamp\":1700000000.000042}\n");
	ev.kind = EV_ICMP_INFO;
	ev.icmp_type = 5;
	ev.icmp_code = 1;
	ev.icmp_info = 0xc6120009;
	r->js.sink.ops->event(&r->js.sink, &ev);
	assert_non_null(strstr(since(r), "\"type\":\"info\",\"seq\":2,"));
	r->js.sink.ops->event(&r->js.sink, &ev);
	assert_non_null(strstr(since(r), "\"gateway\":\"198.18.0.9\""));
	ev = event(r, EV_LOCAL_ERROR, 3);
	ev.err = EMSGSIZE;
	ev.icmp_info = 1400;
	r->js.sink.ops->event(&r->js.sink, &ev);
	assert_string_equal(since(r),
		"{\"type\":\"error\",\"code\":\"local_error\",\"seq\":3,"
		"\"message\":\"local error: message too long, mtu=1400\",\"mtu\":1400,\"errno\":\"EMSGSIZE\"}\n");
	ev.kind = EV_SEND_ERROR;
	ev.err = EHOSTUNREACH;
	r->js.sink.ops->event(&r->js.sink, &ev);
	assert_string_equal(since(r),
		"{\"type\":\"error\",\"code\":\"send_failed\",\"seq\":3,"
		"\"message\":\"sendmsg: No route to host\",\"call\":\"sendmsg\",\"errno\":\"EHOSTUNREACH\"}\n");
	r->js.sink.ops->diag(&r->js.sink, &d);
	assert_string_equal(since(r),
		"{\"type\":\"error\",\"code\":\"connect\",\"message\":\"connect\",\"call\":\"connect\","
		"\"errno\":\"ENETUNREACH\",\"strerror\":\"Network is unreachable\"}\n");
	rig_free(r);
}

/* -q: no per-event objects; no flood marks ever; -O's timeout always; -v warnings. */
static void test_quiet_marks_timeouts(void **state)
{
	struct rig *q = rig_new(true, 0), *v = rig_new(false, 1);
	struct ping_event ev = event(q, EV_REPLY, 1);

	(void)state;
	start(q);
	since(q);
	q->js.sink.ops->event(&q->js.sink, &ev);
	ev.kind = EV_ICMP_ERROR;
	q->js.sink.ops->event(&q->js.sink, &ev);
	ev.kind = EV_SENT;
	ev.draw_mark = true;
	q->js.sink.ops->event(&q->js.sink, &ev);
	assert_string_equal(since(q), "");

	start(v);
	since(v);
	v->js.sink.ops->event(&v->js.sink, &ev);
	assert_string_equal(since(v), "");
	ev.kind = EV_NO_ANSWER;
	v->js.sink.ops->event(&v->js.sink, &ev);
	assert_string_equal(since(v), "{\"type\":\"timeout\",\"seq\":1,\"timestamp\":1700000000.000042}\n");
	ev.kind = EV_IGNORED;
	ev.ignored = IGN_UNKNOWN_SEQ;
	v->js.sink.ops->event(&v->js.sink, &ev);
	assert_string_equal(since(v), "{\"type\":\"warning\",\"code\":\"unknown_sequence\",\"seq\":1,"
		"\"message\":\"reply with icmp_seq=1 ignored: no such request was sent\"}\n");
	rig_free(q);
	rig_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_start_reply_summary),
		cmocka_unit_test(test_errors_and_icmp),
		cmocka_unit_test(test_quiet_marks_timeouts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
