/*
 * Unit tests for ping/core/verdict.c: every rule that decides what a
 * received message means, for each socket kind and family, through rx as
 * the loop uses it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdlib.h>
#include <cmocka.h>

#include "addr.h"
#include "auth.h"
#include "msgbuild.h"
#include "rx.h"
#include "verdict.h"

#define DATALEN		56
#define IDENT		0x1234
#define SENT_MONO	5000000
#define SENT_REAL	1700000000000000LL

/* One run: its facts, its statistics, its payload template and destination. */
struct fixture {
	struct sockaddr_storage dst;
	struct verdict_ctx vc;
	struct rx_socket rs;
	struct ping_stats st;
	uint8_t payload[DATALEN];
	struct built b;
	struct rx_msg rx;
	struct ping_event ev;
	struct drained seen;
	struct ping_auth auth;		/* with_auth: the run's key */
	enum { SIGN_OURS, SIGN_NONE, SIGN_SEQ_1, SIGN_OTHER_KEY } sign;	/* how reply() signs */
};

static const uint8_t run_key[AUTH_KEY_LEN] = { 7, 7, 7, 1 };

/* The run authenticates its replies (requests of DATALEN carry a code). */
static void with_auth(struct fixture *f)
{
	assert_true(auth_init(&f->auth, run_key, (const struct sockaddr *)&f->dst));
	f->vc.auth = &f->auth;
	f->sign = SIGN_OURS;
}

/* Signs the echo at p (datalen payload bytes) as f->sign says; fixes the checksum. */
static void sign_echo(struct fixture *f, uint8_t *p, size_t datalen)
{
	static const uint8_t other_key[AUTH_KEY_LEN] = { 9 };
	struct ping_auth other;
	uint16_t id = (uint16_t)(p[4] << 8 | p[5]), seq = (uint16_t)(p[6] << 8 | p[7]), sum;

	if (!f->vc.auth || f->sign == SIGN_NONE || datalen < AUTH_MIN_DATALEN)
		return;
	if (f->sign == SIGN_OTHER_KEY) {
		assert_true(auth_init(&other, other_key, (const struct sockaddr *)&f->dst));
		auth_sign(&other, p + ICMP_HEADER_LEN, id, seq);
	} else {
		auth_sign(&f->auth, p + ICMP_HEADER_LEN, id, f->sign == SIGN_SEQ_1 ? 1 : seq);
	}
	p[2] = p[3] = 0;
	sum = cksum(p, ICMP_HEADER_LEN + datalen);
	memcpy(p + 2, &sum, sizeof(sum));
}

static struct fixture *setup_run(const struct ping_family *fam, bool raw, const char *dst)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dst = mb_addr(dst);
	for (size_t i = 0; i < DATALEN; i++)
		f->payload[i] = (uint8_t)i;
	f->vc.fam = fam;
	f->vc.raw = raw;
	f->vc.ident = IDENT;
	f->vc.dst = (const struct sockaddr *)&f->dst;
	f->vc.timing = true;
	f->vc.payload = f->payload;
	f->vc.datalen = DATALEN;
	f->vc.row_width = UINT64_MAX;
	f->rs.fam = fam;
	f->rs.raw = raw;
	f->rs.dst = f->vc.dst;
	f->rs.ident = raw ? IDENT : -1;
	stats_init(&f->st);
	return f;
}

/* Sends seq: at SENT_MONO + seq ms, wall clock SENT_REAL + the same. */
static void sent(struct fixture *f, uint16_t seq)
{
	stats_sent(&f->st, seq, SENT_MONO + seq * 1000, SENT_REAL + seq * 1000);
}

/*
 * An echo reply to seq from `from`, read rtt_us after its send, with
 * datalen bytes of payload echoing the send time (plus stamp_skew_us), on
 * the fixture's socket kind.  Runs rx and the verdict.
 */
static const struct ping_event *reply(struct fixture *f, const char *from, uint16_t id,
				      uint16_t seq, size_t datalen, int64_t rtt_us,
				      int64_t stamp_skew_us)
{
	const struct ping_family *fam = f->vc.fam;
	size_t h = 0;

	mb_start(&f->b, from);
	if (f->vc.raw && fam->af == AF_INET)
		h = mb_ipv4(f->b.buf, 0, 55, ICMP_HEADER_LEN + datalen, from, "198.18.0.2");
	f->b.len = h + mb_echo(f->b.buf + h, fam->echo_reply, id, seq, datalen,
			       SENT_REAL + seq * 1000 + stamp_skew_us);
	sign_echo(f, f->b.buf + h, datalen);
	if (fam->af == AF_INET6)
		mb_cmsg_int(&f->b, IPPROTO_IPV6, IPV6_HOPLIMIT, 63);
	else if (!f->vc.raw)
		mb_cmsg_int(&f->b, IPPROTO_IP, IP_TTL, 62);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	f->rx.now_mono_us = SENT_MONO + seq * 1000 + rtt_us;
	f->rx.now_real_us = SENT_REAL + seq * 1000 + rtt_us;
	memset(&f->ev, 0xa5, sizeof(f->ev));
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	return &f->ev;
}

static void assert_ignored(const struct ping_event *ev, enum ignore_reason why)
{
	assert_int_equal(ev->kind, EV_IGNORED);
	assert_int_equal(ev->ignored, why);
}

/* A first reply on a datagram socket: timed from our record, ttl from control data. */
static void test_reply_new(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");
	const struct ping_event *ev;

	(void)state;
	sent(f, 1);
	ev = reply(f, "198.18.0.1", 999, 1, DATALEN, 420, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_int_equal(ev->seq, 1);
	assert_int_equal(ev->reply.bytes, ICMP_HEADER_LEN + DATALEN);
	assert_int_equal(ev->reply.rtt_us, 420);
	assert_true(ev->reply.have_ttl);
	assert_int_equal(ev->reply.ttl, 62);
	assert_false(ev->reply.duplicate);
	assert_false(ev->reply.mark_duplicate);
	assert_false(ev->reply.different_address);
	assert_false(ev->reply.truncated);
	assert_false(ev->reply.corrupted);
	assert_false(ev->reply.stamp_altered);
	assert_int_equal(ev->reply.mismatch_at, -1);
	assert_null(ev->reply.ninfo);
	assert_ptr_equal(ev->peer, &f->b.from);
	assert_int_equal(f->st.received, 1);
	assert_int_equal(f->st.timed, 1);
	assert_int_equal(f->st.min_us, 420);
	free(f);
}

/* The kernel's stamp takes the socket queueing off; -U ignores it. */
static void test_reply_kernel_stamp(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");

	(void)state;
	sent(f, 1);
	sent(f, 2);
	mb_start(&f->b, "198.18.0.1");
	f->b.len = mb_echo(f->b.buf, 0, 1, 1, DATALEN, SENT_REAL + 1000);
	mb_stamp(&f->b, SENT_REAL + 1000 + 300);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	f->rx.now_mono_us = SENT_MONO + 1000 + 500;
	f->rx.now_real_us = SENT_REAL + 1000 + 500;
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_int_equal(f->ev.reply.rtt_us, 300);

	f->vc.user_latency = true;
	f->b.buf[7] = 2;	/* seq 2: the checksum does not matter on a datagram socket */
	f->b.len = mb_echo(f->b.buf, 0, 1, 2, DATALEN, SENT_REAL + 2000);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	f->rx.now_mono_us = SENT_MONO + 2000 + 500;
	f->rx.now_real_us = SENT_REAL + 2000 + 500;
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_int_equal(f->ev.reply.rtt_us, 500);
	free(f);
}

/*
 * Send times past 2038-01-19 (2^31 s), past 2106 (2^32 s) and at the last
 * second the microsecond count holds: the echoed time matches our record
 * (not altered), the kernel's stamp takes the queueing off.  One second
 * further, or a negative one, is a garbled stamp: altered.
 */
static void test_times_past_2038(void **state)
{
	static const int64_t when[] = {
		2147483647LL * 1000000 + 999999, 2147483648LL * 1000000,
		4294967296LL * 1000000 + 123456, (INT64_MAX / 1000000 - 1) * 1000000,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(when) / sizeof(when[0]); i++) {
		struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");

		stats_sent(&f->st, 1, SENT_MONO, when[i]);
		mb_start(&f->b, "198.18.0.1");
		f->b.len = mb_echo(f->b.buf, 0, 1, 1, DATALEN, when[i]);
		mb_stamp(&f->b, when[i] + 300);
		rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
		f->rx.now_mono_us = SENT_MONO + 500;
		f->rx.now_real_us = when[i] + 500;
		verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
		assert_int_equal(f->ev.kind, EV_REPLY);
		assert_false(f->ev.reply.stamp_altered);
		assert_int_equal(f->ev.reply.rtt_us, 300);
		assert_int_equal(f->ev.now_real_us, when[i] + 500);
		free(f);
	}
}

static void test_stamp_beyond_conversion(void **state)
{
	static const struct timeval bad[] = {
		{ .tv_sec = INT64_MAX / 1000000, .tv_usec = 0 },
		{ .tv_sec = -1, .tv_usec = 999999 },
		{ .tv_sec = 2147483648LL, .tv_usec = 1000000 },
	};
	struct fixture *f = setup_run(&family_inet6, false, "2001:db8::1");

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct ping_event *ev;

		stats_init(&f->st);
		sent(f, 1);
		mb_start(&f->b, "2001:db8::1");
		f->b.len = mb_echo(f->b.buf, f->vc.fam->echo_reply, 1, 1, DATALEN,
				   SENT_REAL + 1000);
		memcpy(f->b.buf + ICMP_HEADER_LEN, &bad[i], sizeof(bad[i]));
		mb_cmsg_int(&f->b, IPPROTO_IPV6, IPV6_HOPLIMIT, 63);
		rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
		f->rx.now_mono_us = SENT_MONO + 1000 + 250;
		f->rx.now_real_us = SENT_REAL + 1000 + 250;
		verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
		ev = &f->ev;
		assert_int_equal(ev->kind, EV_REPLY);
		assert_true(ev->reply.stamp_altered);
		assert_int_equal(ev->reply.rtt_us, 250);
	}
	free(f);
}

/* A second answer is a duplicate; from a group, (DUP!) only under -v. */
static void test_duplicate_and_multicast(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");
	const struct ping_event *ev;

	(void)state;
	sent(f, 1);
	reply(f, "198.18.0.1", 1, 1, DATALEN, 100, 0);
	ev = reply(f, "198.18.0.1", 1, 1, DATALEN, 200, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_true(ev->reply.duplicate);
	assert_true(ev->reply.mark_duplicate);
	assert_int_equal(f->st.received, 1);
	assert_int_equal(f->st.duplicates, 1);

	f->vc.multicast = true;
	ev = reply(f, "198.18.0.7", 1, 1, DATALEN, 300, 0);
	assert_true(ev->reply.duplicate);
	assert_false(ev->reply.mark_duplicate);
	assert_false(ev->reply.different_address);
	f->vc.verbose = 1;
	ev = reply(f, "198.18.0.8", 1, 1, DATALEN, 300, 0);
	assert_true(ev->reply.mark_duplicate);
	assert_int_equal(f->st.duplicates, 3);
	free(f);
}

/* A sequence we never sent is not counted; -v says why. */
static void test_unknown_sequence(void **state)
{
	struct fixture *f = setup_run(&family_inet6, false, "2001:db8::1");
	const struct ping_event *ev;

	(void)state;
	sent(f, 1);
	ev = reply(f, "2001:db8::1", 1, 7, DATALEN, 100, 0);
	assert_ignored(ev, IGN_UNKNOWN_SEQ);
	assert_int_equal(ev->seq, 7);
	assert_int_equal(f->st.received, 0);
	assert_int_equal(f->st.duplicates, 0);
	free(f);
}

/* A raw socket hears every ping: another identifier is silently someone else's. */
static void test_raw_foreign_ident(void **state)
{
	struct fixture *f = setup_run(&family_inet, true, "198.18.0.1");
	const struct ping_event *ev;

	(void)state;
	sent(f, 1);
	ev = reply(f, "198.18.0.1", IDENT + 1, 1, DATALEN, 100, 0);
	assert_ignored(ev, IGN_SILENT);
	assert_int_equal(f->st.received, 0);
	ev = reply(f, "198.18.0.1", IDENT, 1, DATALEN, 100, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_int_equal(ev->reply.ttl, 55);	/* from the IP header */
	free(f);
}

/*
 * From another host: ours (DIFFERENT ADDRESS) when it echoes our send
 * time, another ping's when it does not; from our target an altered
 * stamp is ours, flagged, and timed locally.
 */
static void test_different_address_and_stamps(void **state)
{
	struct fixture *f = setup_run(&family_inet6, false, "2001:db8::1");
	const struct ping_event *ev;

	(void)state;
	sent(f, 1);
	sent(f, 2);
	ev = reply(f, "2001:db8::9", 1, 1, DATALEN, 100, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_true(ev->reply.different_address);
	assert_int_equal(ev->reply.ttl, 63);

	ev = reply(f, "2001:db8::9", 1, 2, DATALEN, 100, 5);
	assert_ignored(ev, IGN_SILENT);
	assert_int_equal(f->st.received, 1);

	ev = reply(f, "2001:db8::1", 1, 2, DATALEN, 250, -123456789);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_true(ev->reply.stamp_altered);
	assert_false(ev->reply.different_address);
	assert_int_equal(ev->reply.rtt_us, 250);
	free(f);
}

/* With a key, a reply that carries our code is ours, on each socket kind and family. */
static void test_auth_reply_ours(void **state)
{
	static const struct {
		const struct ping_family *fam;
		bool raw;
		const char *dst;
	} runs[] = {
		{ &family_inet, false, "198.18.0.1" }, { &family_inet, true, "198.18.0.1" },
		{ &family_inet6, false, "2001:db8::1" }, { &family_inet6, true, "2001:db8::1" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct fixture *f = setup_run(runs[i].fam, runs[i].raw, runs[i].dst);
		const struct ping_event *ev;

		with_auth(f);
		sent(f, 1);
		ev = reply(f, runs[i].dst, IDENT, 1, DATALEN, 420, 0);
		assert_int_equal(ev->kind, EV_REPLY);
		assert_int_equal(ev->reply.rtt_us, 420);
		assert_false(ev->reply.duplicate);
		assert_false(ev->reply.stamp_altered);
		/* Bytes 16..23 hold the code, not the template: not wrong data. */
		assert_int_equal(ev->reply.mismatch_at, -1);
		assert_int_equal(f->st.received, 1);
		free(f);
	}
}

/*
 * A forged reply (our identifier and sequence, a made-up payload), a
 * replay of another sequence's reply and another run's reply (same
 * identifier, its own key) are not ours: not counted, not duplicates,
 * -v told; the real reply after them is the first.
 */
static void test_auth_forged_replayed_foreign(void **state)
{
	static const int forgeries[] = { SIGN_NONE, SIGN_SEQ_1, SIGN_OTHER_KEY };

	(void)state;
	for (size_t i = 0; i < sizeof(forgeries) / sizeof(forgeries[0]); i++) {
		struct fixture *f = setup_run(&family_inet, true, "198.18.0.1");
		const struct ping_event *ev;

		with_auth(f);
		sent(f, 1);
		sent(f, 2);
		f->sign = forgeries[i];
		ev = reply(f, "198.18.0.1", IDENT, 2, DATALEN, 100, 0);
		assert_ignored(ev, IGN_UNAUTHENTICATED);
		assert_int_equal(ev->seq, 2);
		assert_ptr_equal(ev->peer, &f->b.from);
		assert_int_equal(f->st.received, 0);
		f->sign = SIGN_OURS;
		ev = reply(f, "198.18.0.1", IDENT, 2, DATALEN, 150, 0);
		assert_int_equal(ev->kind, EV_REPLY);
		assert_false(ev->reply.duplicate);
		f->sign = forgeries[i];
		ev = reply(f, "198.18.0.1", IDENT, 2, DATALEN, 200, 0);
		assert_ignored(ev, IGN_UNAUTHENTICATED);
		assert_int_equal(f->st.received, 1);
		assert_int_equal(f->st.duplicates, 0);
		free(f);
	}
}

/*
 * A reply kept from one turn of the 16-bit sequence and sent again when
 * the number comes round carries a good code, for the earlier request's
 * send time: it is ignored as replayed (issue 20), and the real answer to
 * the request now in flight is the first, both socket kinds and families.
 */
static void test_auth_replay_across_wrap(void **state)
{
	static const struct { const struct ping_family *fam; bool raw; const char *dst; } runs[] = {
		{ &family_inet, true, "198.18.0.1" },
		{ &family_inet, false, "198.18.0.1" },
		{ &family_inet6, true, "2001:db8::1" },
		{ &family_inet6, false, "2001:db8::1" },
	};
	const int64_t turn_us = (int64_t)65536 * 1000000;	/* -i 1: 18 h later */

	(void)state;
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct fixture *f = setup_run(runs[i].fam, runs[i].raw, runs[i].dst);
		const struct ping_event *ev;

		with_auth(f);
		sent(f, 1);
		ev = reply(f, runs[i].dst, IDENT, 1, DATALEN, 300, 0);
		assert_int_equal(ev->kind, EV_REPLY);
		/* 65,536 requests later, seq 1 again: the old reply comes back. */
		stats_sent(&f->st, 1, SENT_MONO + 1000 + turn_us, SENT_REAL + 1000 + turn_us);
		ev = reply(f, runs[i].dst, IDENT, 1, DATALEN, 300, 0);
		assert_ignored(ev, IGN_REPLAYED);
		assert_int_equal(ev->seq, 1);
		assert_int_equal(f->st.received, 1);
		assert_int_equal(f->st.duplicates, 0);
		/* The real answer carries this turn's send time. */
		ev = reply(f, runs[i].dst, IDENT, 1, DATALEN, 300, turn_us);
		assert_int_equal(ev->kind, EV_REPLY);
		assert_false(ev->reply.duplicate);
		assert_int_equal(f->st.received, 2);
		/* And a second copy of it is a duplicate, not a replay. */
		ev = reply(f, runs[i].dst, IDENT, 1, DATALEN, 300, turn_us);
		assert_int_equal(ev->kind, EV_REPLY);
		assert_true(ev->reply.duplicate);
		free(f);
	}
}

/*
 * With a key the send-time rule is gone: another ping's reply from
 * another host is unauthenticated, ours from there is DIFFERENT ADDRESS,
 * and a group's members all verify.
 */
static void test_auth_replaces_stamp_rule(void **state)
{
	struct fixture *f = setup_run(&family_inet6, false, "2001:db8::1");
	const struct ping_event *ev;

	(void)state;
	with_auth(f);
	sent(f, 1);
	f->sign = SIGN_OTHER_KEY;
	ev = reply(f, "2001:db8::9", 1, 1, DATALEN, 100, 0);
	assert_ignored(ev, IGN_UNAUTHENTICATED);
	f->sign = SIGN_OURS;
	ev = reply(f, "2001:db8::9", 1, 1, DATALEN, 100, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_true(ev->reply.different_address);
	free(f);

	f = setup_run(&family_inet, false, "224.0.0.1");
	with_auth(f);
	f->vc.multicast = true;
	sent(f, 1);
	ev = reply(f, "198.18.0.7", 1, 1, DATALEN, 100, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	ev = reply(f, "198.18.0.8", 1, 1, DATALEN, 100, 0);
	assert_true(ev->reply.duplicate);
	free(f);
}

/*
 * A reply cut before the end of its code cannot verify; one that keeps
 * time and code is ours, truncated.  Wrong data is looked for past the code.
 */
static void test_auth_truncated_and_data(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");
	const struct ping_event *ev;

	(void)state;
	with_auth(f);
	sent(f, 1);
	ev = reply(f, "198.18.0.1", 1, 1, AUTH_MIN_DATALEN - 1, 100, 0);
	assert_ignored(ev, IGN_UNAUTHENTICATED);
	ev = reply(f, "198.18.0.1", 1, 1, 10, 100, 0);
	assert_ignored(ev, IGN_UNAUTHENTICATED);
	ev = reply(f, "198.18.0.1", 1, 1, AUTH_MIN_DATALEN, 100, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_true(ev->reply.truncated);
	assert_int_equal(ev->reply.rtt_us, -1);

	sent(f, 2);
	f->payload[AUTH_MIN_DATALEN] ^= 0x40;	/* as if the reply's byte 24 differed */
	ev = reply(f, "198.18.0.1", 1, 2, DATALEN, 100, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_int_equal(ev->reply.mismatch_at, AUTH_MIN_DATALEN);
	free(f);
}

/* An IPv6 Subnet-Router anycast target: any router answers, never DIFFERENT ADDRESS. */
static void test_anycast_target(void **state)
{
	struct fixture *f = setup_run(&family_inet6, false, "2001:db8:1::");
	const struct ping_event *ev;

	(void)state;
	sent(f, 1);
	sent(f, 2);
	ev = reply(f, "2001:db8:1::9", 1, 1, DATALEN, 100, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_true(ev->reply.different_address);
	f->vc.anycast = true;
	ev = reply(f, "2001:db8:1::9", 1, 2, DATALEN, 100, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_false(ev->reply.different_address);
	assert_false(ev->reply.mark_duplicate);
	free(f);
}

/* Shorter than sent: counted, never timed, no data check, no options. */
static void test_truncated(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");
	const struct ping_event *ev;

	(void)state;
	sent(f, 1);
	ev = reply(f, "198.18.0.1", 1, 1, DATALEN - 8, 100, 0);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_true(ev->reply.truncated);
	assert_int_equal(ev->reply.rtt_us, -1);
	assert_int_equal(ev->reply.mismatch_at, -1);
	assert_false(ev->reply.stamp_altered);
	assert_int_equal(f->st.received, 1);
	assert_int_equal(f->st.timed, 0);
	free(f);
}

/* A bad checksum on a raw IPv4 socket: corrupted, not received. */
static void test_corrupted(void **state)
{
	struct fixture *f = setup_run(&family_inet, true, "198.18.0.1");

	(void)state;
	sent(f, 1);
	mb_start(&f->b, "198.18.0.1");
	f->b.len = 20 + mb_echo(f->b.buf + 20, 0, IDENT, 1, DATALEN, SENT_REAL + 1000);
	mb_ipv4(f->b.buf, 0, 64, ICMP_HEADER_LEN + DATALEN, "198.18.0.1", "198.18.0.2");
	f->b.buf[20 + 2] ^= 0xff;
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	f->rx.now_mono_us = SENT_MONO + 1100;
	f->rx.now_real_us = SENT_REAL + 1100;
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_int_equal(f->ev.kind, EV_REPLY);
	assert_true(f->ev.reply.corrupted);
	assert_int_equal(f->st.corrupted, 1);
	assert_int_equal(f->st.received, 0);
	free(f);
}

/* A payload byte unlike the one sent: where, and what was expected. */
static void test_wrong_data(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");

	(void)state;
	sent(f, 1);
	mb_start(&f->b, "198.18.0.1");
	f->b.len = mb_echo(f->b.buf, 0, 1, 1, DATALEN, SENT_REAL + 1000);
	f->b.buf[ICMP_HEADER_LEN + 30] = 0xee;
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_int_equal(f->ev.kind, EV_REPLY);
	assert_int_equal(f->ev.reply.mismatch_at, 30);
	assert_int_equal(f->ev.reply.expected, 30);
	assert_int_equal(f->ev.reply.datalen, DATALEN);
	assert_ptr_equal(f->ev.reply.data, f->b.buf + ICMP_HEADER_LEN);
	free(f);
}

/* IPv4 without a TTL shows ttl=0 (iputils); IPv6 without a hop limit shows none. */
static void test_ttl_fallback(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");

	(void)state;
	sent(f, 1);
	mb_start(&f->b, "198.18.0.1");
	f->b.len = mb_echo(f->b.buf, 0, 1, 1, DATALEN, SENT_REAL + 1000);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_true(f->ev.reply.have_ttl);
	assert_int_equal(f->ev.reply.ttl, 0);
	free(f);

	f = setup_run(&family_inet6, false, "2001:db8::1");
	sent(f, 1);
	mb_start(&f->b, "2001:db8::1");
	f->b.len = mb_echo(f->b.buf, 129, 1, 1, DATALEN, SENT_REAL + 1000);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_int_equal(f->ev.kind, EV_REPLY);
	assert_false(f->ev.reply.have_ttl);
	free(f);
}

/* Record-route options reach the event, from the header on a raw socket, not when truncated. */
static void test_options(void **state)
{
	struct fixture *f = setup_run(&family_inet, true, "198.18.0.1");
	size_t h;

	(void)state;
	sent(f, 1);
	sent(f, 2);
	mb_start(&f->b, "198.18.0.1");
	h = mb_ipv4(f->b.buf, 8, 64, ICMP_HEADER_LEN + DATALEN, "198.18.0.1", "198.18.0.2");
	f->b.len = h + mb_echo(f->b.buf + h, 0, IDENT, 1, DATALEN, SENT_REAL + 1000);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_ptr_equal(f->ev.reply.ipopts, f->b.buf + 20);
	assert_int_equal(f->ev.reply.ipopts_len, 8);

	h = mb_ipv4(f->b.buf, 8, 64, ICMP_HEADER_LEN + 20, "198.18.0.1", "198.18.0.2");
	f->b.len = h + mb_echo(f->b.buf + h, 0, IDENT, 2, 20, SENT_REAL + 2000);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_true(f->ev.reply.truncated);
	assert_null(f->ev.reply.ipopts);
	free(f);
}

/* A raw socket's redirect quoting our request is informational; an error only acknowledges; others are not ours. */
static void test_raw_quote(void **state)
{
	struct fixture *f = setup_run(&family_inet, true, "198.18.0.1");
	uint8_t *p;
	size_t h;

	(void)state;
	mb_start(&f->b, "198.18.0.254");
	h = mb_ipv4(f->b.buf, 0, 64, 8 + 20 + 8, "198.18.0.254", "198.18.0.2");
	p = f->b.buf + h;
	memset(p, 0, 8);
	p[0] = 5;			/* redirect */
	p[1] = 1;
	inet_pton(AF_INET, "198.18.0.253", p + 4);
	mb_ipv4(p + 8, 0, 64, 28, "198.18.0.2", "198.18.0.1");
	mb_echo(p + 28, 8, IDENT, 3, 0, 0);
	f->b.len = h + 8 + 20 + 8;
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	assert_int_equal(f->rx.kind, REPLY_QUOTE);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_int_equal(f->ev.kind, EV_ICMP_INFO);
	assert_int_equal(f->ev.seq, 3);
	assert_int_equal(f->ev.icmp_type, 5);
	assert_int_equal(f->ev.icmp_code, 1);
	assert_int_equal(f->ev.icmp_info, 0xc61200fd);
	assert_int_equal(f->st.errors, 0);
	/* The quoted header goes with it, for -v's dump. */
	assert_non_null(f->ev.quoted_ip);
	assert_int_equal(f->ev.quoted_ip_len, 20);
	assert_memory_equal(f->ev.quoted_ip, p + 8, 20);

	/* About another destination. */
	inet_pton(AF_INET, "198.18.0.9", p + 8 + 16);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_ignored(&f->ev, IGN_SILENT);

	/*
	 * An unreachable quoting ours: the error queue reports it, not this
	 * path; the copy only acknowledges its request, late if it is read
	 * late (5 sent, seq 3 answered: pipe 3), as iputils' IPv4 code does.
	 */
	inet_pton(AF_INET, "198.18.0.1", p + 8 + 16);
	p[0] = 3;
	for (uint16_t q = 1; q <= 5; q++)
		sent(f, q);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_ignored(&f->ev, IGN_SILENT);
	assert_int_equal(f->st.errors, 0);
	assert_int_equal(f->st.pipe, 3);
	assert_int_equal(stats_in_flight(&f->st), 2);
	/* Not so on a socket that is not raw (no such copies come there). */
	stats_init(&f->st);
	for (uint16_t q = 1; q <= 5; q++)
		sent(f, q);
	f->vc.raw = false;
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_int_equal(f->st.pipe, 0);
	assert_int_equal(stats_in_flight(&f->st), 5);
	free(f);
}

/*
 * Other ICMP on a raw socket: shown only under -v to root, errors about
 * someone else's packets never; malformed datagrams say why.
 */
static void test_other_and_malformed(void **state)
{
	struct fixture *f = setup_run(&family_inet, true, "198.18.0.1");
	size_t h;

	(void)state;
	mb_start(&f->b, "198.18.0.5");
	h = mb_ipv4(f->b.buf, 0, 64, 8, "198.18.0.5", "198.18.0.2");
	memset(f->b.buf + h, 0, 8);
	f->b.buf[h] = 13;		/* timestamp request */
	f->b.len = h + 8;
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	assert_int_equal(f->rx.kind, REPLY_OTHER);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_ignored(&f->ev, IGN_SILENT);
	f->vc.verbose = 1;
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_ignored(&f->ev, IGN_SILENT);
	f->vc.real_root = true;
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_int_equal(f->ev.kind, EV_ICMP_OTHER);
	assert_int_equal(f->ev.icmp_type, 13);

	/*
	 * An error about someone else's packet (a quoted UDP datagram, or
	 * too little of the quote to tell): never shown, even to root
	 * under -v, as iputils ignores it.
	 */
	for (size_t cut = 0; cut < 2; cut++) {
		h = mb_ipv4(f->b.buf, 0, 64, 8 + 20 + 8, "198.18.0.5", "198.18.0.2");
		memset(f->b.buf + h, 0, 8);
		f->b.buf[h] = 12;	/* parameter problem */
		f->b.buf[h + 4] = 20;	/* the pointer */
		mb_ipv4(f->b.buf + h + 8, 0, 64, 8, "198.18.0.2", "198.18.0.1");
		f->b.buf[h + 8 + 9] = IPPROTO_UDP;
		memset(f->b.buf + h + 8 + 20, 0, 8);
		f->b.len = h + 8 + 20 + 8 - cut * 10;
		rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
		assert_int_equal(f->rx.kind, REPLY_FOREIGN);
		verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
		assert_ignored(&f->ev, IGN_SILENT);
	}

	h = mb_ipv4(f->b.buf, 0, 64, 8, "198.18.0.5", "198.18.0.2");
	f->b.len = h + 4;
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_ignored(&f->ev, IGN_MALFORMED);
	assert_non_null(f->ev.why);
	assert_string_equal(f->ev.why, f->rx.pkt.why);
	free(f);
}

/* Runs an error-queue message through rx and the verdict. */
static const struct ping_event *error_report(struct fixture *f, bool quiet_emsgsize)
{
	rx_error(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	f->rx.now_real_us = SENT_REAL;
	memset(&f->ev, 0xa5, sizeof(f->ev));
	verdict_error(&f->vc, &f->st, &f->rx, quiet_emsgsize, &f->seen, &f->ev);
	return &f->ev;
}

/* The kernel's transmit stamp of key, as the error queue delivers it (OPT_TSONLY). */
static const struct ping_event *tx_stamp_report(struct fixture *f, uint32_t key, int64_t stamp_us)
{
	struct timespec ts[3];
	struct sock_extended_err ee;

	memset(ts, 0, sizeof(ts));
	ts[0].tv_sec = stamp_us / 1000000;
	ts[0].tv_nsec = (stamp_us % 1000000) * 1000;
	memset(&ee, 0, sizeof(ee));
	ee.ee_origin = SO_EE_ORIGIN_TIMESTAMPING;
	ee.ee_errno = ENOMSG;
	ee.ee_info = SCM_TSTAMP_SCHED;
	ee.ee_data = key;
	mb_start(&f->b, "198.18.0.1");
	mb_cmsg(&f->b, SOL_SOCKET, SO_TIMESTAMPING, ts, sizeof(ts));
	mb_cmsg(&f->b, f->vc.fam->level, f->vc.fam->opt_recverr, &ee, sizeof(ee));
	f->b.len = 0;
	return error_report(f, false);
}

/* A reply to seq with a kernel receive stamp rx_us, read at user_us (both after the send). */
static const struct ping_event *stamped_reply(struct fixture *f, const char *from, uint16_t seq,
					      int64_t rx_us, int64_t user_us)
{
	mb_start(&f->b, from);
	f->b.len = mb_echo(f->b.buf, f->vc.fam->echo_reply, IDENT, seq, DATALEN, SENT_REAL + seq * 1000);
	mb_stamp(&f->b, SENT_REAL + seq * 1000 + rx_us);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	f->rx.now_mono_us = SENT_MONO + seq * 1000 + user_us;
	f->rx.now_real_us = SENT_REAL + seq * 1000 + user_us;
	memset(&f->ev, 0xa5, sizeof(f->ev));
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	return &f->ev;
}

/*
 * Kernel transmit stamps (issue 16): the round trip runs from the request
 * entering the device queue to the reply's receive stamp, and send_delay
 * says how long the request took to get there (a neighbour resolution of
 * 400 ms here); a stamp that cannot be the request's, a missing receive
 * stamp, or a stamp that comes after its reply leave the user-space time.
 */
static void test_reply_tx_stamp(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");
	struct tx_stamps *tx = calloc(1, sizeof(*tx));
	const struct ping_event *ev;

	(void)state;
	assert_non_null(tx);
	txs_init(tx, true);
	f->vc.tx = tx;
	for (uint16_t s = 1; s <= 5; s++) {
		sent(f, s);
		txs_sent(tx, s);	/* keys 0 .. 4 */
	}

	/* Seq 1: out 400 ms after the send call, back 40 us later. */
	ev = tx_stamp_report(f, 0, SENT_REAL + 1000 + 400000);
	assert_int_equal(ev->kind, EV_IGNORED);
	assert_int_equal(ev->ignored, IGN_SILENT);
	ev = stamped_reply(f, "198.18.0.1", 1, 400040, 400100);
	assert_int_equal(ev->kind, EV_REPLY);
	assert_int_equal(ev->reply.rtt_us, 40);
	assert_int_equal(ev->reply.send_delay_us, 400000);
	/* A duplicate is timed from the same stamps. */
	ev = stamped_reply(f, "198.18.0.1", 1, 400090, 400150);
	assert_true(ev->reply.duplicate);
	assert_int_equal(ev->reply.rtt_us, 90);

	/* Seq 2: its stamp is from before its send call (another request's, or a clock step). */
	tx_stamp_report(f, 1, SENT_REAL + 2000 - 5);
	ev = stamped_reply(f, "198.18.0.1", 2, 300, 350);
	assert_int_equal(ev->reply.rtt_us, 300);
	assert_int_equal(ev->reply.send_delay_us, -1);

	/* Seq 3: no stamp came: user-space time. */
	ev = stamped_reply(f, "198.18.0.1", 3, 300, 350);
	assert_int_equal(ev->reply.rtt_us, 300);
	assert_int_equal(ev->reply.send_delay_us, -1);
	/* Its stamp read after the reply: kept, nothing recounted. */
	tx_stamp_report(f, 2, SENT_REAL + 3000 + 10);
	assert_int_equal(f->st.received, 3);
	assert_int_equal(f->st.timed, 4);

	/* Seq 4: a stamp that would make the trip longer than measured is not used. */
	tx_stamp_report(f, 3, SENT_REAL + 4000 + 10);
	ev = stamped_reply(f, "198.18.0.1", 4, 5, 350);
	assert_int_equal(ev->reply.rtt_us, 5);
	assert_int_equal(ev->reply.send_delay_us, -1);

	/* Seq 5: without a receive stamp the kernel's transmit stamp is not mixed with user time. */
	tx_stamp_report(f, 4, SENT_REAL + 5000 + 100);
	ev = reply(f, "198.18.0.1", IDENT, 5, DATALEN, 700, 0);
	assert_int_equal(ev->reply.rtt_us, 700);
	assert_int_equal(ev->reply.send_delay_us, -1);

	/* A stamp for no request: silent, nothing recorded. */
	ev = tx_stamp_report(f, 77, SENT_REAL + 9000);
	assert_int_equal(ev->kind, EV_IGNORED);
	assert_int_equal(ev->ignored, IGN_SILENT);
	free(tx);
	free(f);
}

/* An ICMP error about our request: counted, from its offender; for IPv4 the pipe figure moves. */
static void test_error_icmp(void **state)
{
	const struct ping_family *fams[] = { &family_inet, &family_inet6 };
	const char *dst[] = { "198.18.0.1", "2001:db8::1" };
	const char *off[] = { "198.18.0.254", "2001:db8::fe" };
	uint8_t unreach[] = { 3, 1 };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct fixture *f = setup_run(fams[i], false, dst[i]);
		const struct ping_event *ev;
		struct sockaddr_storage off_ss;
		const uint8_t *got;
		size_t len;

		sent(f, 1);
		sent(f, 2);
		mb_start(&f->b, dst[i]);
		mb_error(&f->b, fams[i], fams[i]->ee_origin_icmp, EHOSTUNREACH, unreach[i], 3, 0,
			 off[i], 0, 1);
		ev = error_report(f, false);
		assert_int_equal(ev->kind, EV_ICMP_ERROR);
		assert_int_equal(ev->seq, 1);
		assert_int_equal(ev->icmp_type, unreach[i]);
		assert_int_equal(ev->icmp_code, 3);
		assert_int_equal(ev->peer->sa_family, fams[i]->af);
		assert_int_equal(ev->peerlen, fams[i]->sockaddr_len);
		off_ss = mb_addr(off[i]);
		got = addr_bytes(ev->peer, &len);
		assert_non_null(got);
		assert_memory_equal(got, addr_bytes((const struct sockaddr *)&off_ss, &len), len);
		assert_true(f->seen.icmp);
		assert_false(f->seen.local);
		assert_int_equal(f->st.errors, 1);
		/* IPv4's acknowledges its request; IPv6's only counts (iputils' IPv6 code). */
		assert_int_equal(f->st.pipe, fams[i]->af == AF_INET ? 2 : 0);
		assert_int_equal(stats_in_flight(&f->st), fams[i]->af == AF_INET ? 1 : 2);
		free(f);
	}
}

/* Redirects from the queue are informational on a datagram socket and dropped on a raw one. */
static void test_error_redirect(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");
	const struct ping_event *ev;

	(void)state;
	sent(f, 1);
	mb_start(&f->b, "198.18.0.1");
	mb_error(&f->b, &family_inet, SO_EE_ORIGIN_ICMP, 0, 5, 1, 0xc612fffd, "198.18.0.254", 0, 1);
	ev = error_report(f, false);
	assert_int_equal(ev->kind, EV_ICMP_INFO);
	assert_int_equal(ev->icmp_info, 0xc612fffd);
	assert_int_equal(f->st.errors, 0);
	assert_false(f->seen.icmp);

	f->vc.raw = true;
	f->rs.raw = true;
	f->rs.ident = 0;
	ev = error_report(f, false);
	assert_ignored(ev, IGN_SILENT);
	free(f);
}

/* Local errors count, except the "message too long" a failed send names itself. */
static void test_error_local(void **state)
{
	struct fixture *f = setup_run(&family_inet6, false, "2001:db8::1");
	const struct ping_event *ev;

	(void)state;
	sent(f, 1);
	mb_start(&f->b, "2001:db8::1");
	mb_error(&f->b, &family_inet6, SO_EE_ORIGIN_LOCAL, EMSGSIZE, 0, 0, 1280, NULL, 0, 1);
	ev = error_report(f, false);
	assert_int_equal(ev->kind, EV_LOCAL_ERROR);
	assert_int_equal(ev->err, EMSGSIZE);
	assert_int_equal(ev->icmp_info, 1280);
	assert_true(f->seen.local);
	assert_int_equal(f->st.errors, 1);

	memset(&f->seen, 0, sizeof(f->seen));
	ev = error_report(f, true);
	assert_ignored(ev, IGN_SILENT);
	assert_true(f->seen.local);
	assert_int_equal(f->st.errors, 1);
	free(f);
}

/* A malformed report is ignored with its reason; a foreign one silently. */
static void test_error_malformed_foreign(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");
	const struct ping_event *ev;

	(void)state;
	mb_start(&f->b, "198.18.0.1");
	mb_error(&f->b, &family_inet, SO_EE_ORIGIN_ICMP, EHOSTUNREACH, 3, 1, 0, "198.18.0.254", 0, 1);
	f->b.len = 3;
	ev = error_report(f, false);
	assert_ignored(ev, IGN_MALFORMED_ERROR);
	assert_non_null(ev->why);

	mb_start(&f->b, "198.18.0.77");
	mb_error(&f->b, &family_inet, SO_EE_ORIGIN_ICMP, EHOSTUNREACH, 3, 1, 0, "198.18.0.254", 0, 1);
	ev = error_report(f, false);
	assert_ignored(ev, IGN_SILENT);
	assert_int_equal(f->st.errors, 0);
	free(f);
}

/* A failed send: EMSGSIZE counts and is named; others only beside an ICMP error. */
static void test_send_failed(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");
	struct drained none = { false, false, false }, icmp = { false, true, false }, both = { true, true, false };

	(void)state;
	sent(f, 1);
	verdict_send_failed(&f->st, EMSGSIZE, none, &f->ev);
	assert_int_equal(f->ev.kind, EV_SEND_ERROR);
	assert_int_equal(f->ev.err, EMSGSIZE);
	assert_int_equal(f->st.errors, 1);

	verdict_send_failed(&f->st, EHOSTUNREACH, icmp, &f->ev);
	assert_int_equal(f->ev.kind, EV_SEND_ERROR);
	assert_int_equal(f->ev.err, EHOSTUNREACH);
	verdict_send_failed(&f->st, EHOSTUNREACH, both, &f->ev);
	assert_ignored(&f->ev, IGN_SILENT);
	verdict_send_failed(&f->st, EPERM, none, &f->ev);
	assert_ignored(&f->ev, IGN_SILENT);
	assert_int_equal(f->st.errors, 1);
	/* No buffer space for -W in all: named, not an error (iputils' hard local error). */
	verdict_send_failed(&f->st, ENOBUFS, none, &f->ev);
	assert_int_equal(f->ev.kind, EV_SEND_ERROR);
	assert_int_equal(f->ev.err, ENOBUFS);
	assert_int_equal(f->st.errors, 1);
	free(f);
}

/* Flood dots stop once a terminal row's worth is in flight. */
static void test_sent_marks(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");

	(void)state;
	f->vc.row_width = 3;
	for (uint16_t s = 1; s <= 3; s++) {
		sent(f, s);
		verdict_sent(&f->vc, &f->st, &f->ev);
		assert_int_equal(f->ev.kind, EV_SENT);
		assert_int_equal(f->ev.seq, s);
		assert_true(f->ev.draw_mark);
	}
	/* Three in flight and a pipe of three seen: no room. */
	f->st.pipe = 3;
	sent(f, 4);
	verdict_sent(&f->vc, &f->st, &f->ev);
	assert_false(f->ev.draw_mark);
	/* -l as wide as the row: none either, until the flight shrinks. */
	f->st.pipe = 0;
	f->vc.preload = 3;
	verdict_sent(&f->vc, &f->st, &f->ev);
	assert_false(f->ev.draw_mark);
	stats_count(&f->st, 1, false, 5);
	stats_count(&f->st, 2, false, 5);
	verdict_sent(&f->vc, &f->st, &f->ev);
	assert_true(f->ev.draw_mark);
	free(f);
}

/* -O: the previous request unanswered before the next send. */
static void test_no_answer(void **state)
{
	struct fixture *f = setup_run(&family_inet, false, "198.18.0.1");

	(void)state;
	assert_false(verdict_before_send(&f->st, 77, &f->ev));
	sent(f, 1);
	assert_true(verdict_before_send(&f->st, 77, &f->ev));
	assert_int_equal(f->ev.kind, EV_NO_ANSWER);
	assert_int_equal(f->ev.seq, 1);
	assert_int_equal(f->ev.now_real_us, 77);
	reply(f, "198.18.0.1", 1, 1, DATALEN, 100, 0);
	assert_false(verdict_before_send(&f->st, 78, &f->ev));
	free(f);
}

/* -N: a reply whose nonce is ours counts, untimed; another's is silently dropped. */
static void test_ninfo_reply(void **state)
{
	struct fixture *f = setup_run(&family_inet6, true, "2001:db8::1");
	uint8_t key[NINFO_KEY_LEN] = { 1, 2, 3 };

	(void)state;
	f->vc.ninfo_key = key;
	f->vc.timing = false;
	f->rs.ninfo = true;
	sent(f, 4);
	mb_start(&f->b, "2001:db8::1");
	memset(f->b.buf, 0, 16);
	f->b.buf[0] = NINFO_TYPE_REPLY;
	ninfo_nonce(key, 4, f->b.buf + 8);
	f->b.len = 16;
	mb_cmsg_int(&f->b, IPPROTO_IPV6, IPV6_HOPLIMIT, 64);
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_int_equal(f->ev.kind, EV_REPLY);
	assert_int_equal(f->ev.seq, 4);
	assert_ptr_equal(f->ev.reply.ninfo, &f->rx.ni);
	assert_int_equal(f->ev.reply.rtt_us, -1);
	assert_int_equal(f->ev.reply.ttl, 64);
	assert_false(f->ev.reply.duplicate);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_true(f->ev.reply.mark_duplicate);
	assert_int_equal(f->st.received, 1);
	assert_int_equal(f->st.duplicates, 1);

	f->b.buf[8] ^= 1;
	rx_datagram(&f->rs, f->b.buf, f->b.len, mb_msg(&f->b), &f->rx);
	verdict_datagram(&f->vc, &f->st, &f->rx, &f->ev);
	assert_ignored(&f->ev, IGN_SILENT);
	assert_int_equal(f->st.duplicates, 1);
	free(f);
}

/* -A: the moving average rounded to whole ms, never under the floor. */
static void test_adaptive_interval(void **state)
{
	struct ping_stats *st = calloc(1, sizeof(*st));

	(void)state;
	assert_non_null(st);
	st->ewma_x8_us = 8 * 2499;
	assert_int_equal(verdict_adaptive_interval_us(st, 0), 2000);
	st->ewma_x8_us = 8 * 2500;
	assert_int_equal(verdict_adaptive_interval_us(st, 0), 3000);
	st->ewma_x8_us = 8 * 400;
	assert_int_equal(verdict_adaptive_interval_us(st, 0), 0);
	assert_int_equal(verdict_adaptive_interval_us(st, 2000), 2000);
	free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_new),
		cmocka_unit_test(test_reply_kernel_stamp),
		cmocka_unit_test(test_reply_tx_stamp),
		cmocka_unit_test(test_times_past_2038),
		cmocka_unit_test(test_stamp_beyond_conversion),
		cmocka_unit_test(test_duplicate_and_multicast),
		cmocka_unit_test(test_unknown_sequence),
		cmocka_unit_test(test_raw_foreign_ident),
		cmocka_unit_test(test_different_address_and_stamps),
		cmocka_unit_test(test_auth_reply_ours),
		cmocka_unit_test(test_auth_forged_replayed_foreign),
		cmocka_unit_test(test_auth_replay_across_wrap),
		cmocka_unit_test(test_auth_replaces_stamp_rule),
		cmocka_unit_test(test_auth_truncated_and_data),
		cmocka_unit_test(test_anycast_target),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupted),
		cmocka_unit_test(test_wrong_data),
		cmocka_unit_test(test_ttl_fallback),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_raw_quote),
		cmocka_unit_test(test_other_and_malformed),
		cmocka_unit_test(test_error_icmp),
		cmocka_unit_test(test_error_redirect),
		cmocka_unit_test(test_error_local),
		cmocka_unit_test(test_error_malformed_foreign),
		cmocka_unit_test(test_send_failed),
		cmocka_unit_test(test_sent_marks),
		cmocka_unit_test(test_no_answer),
		cmocka_unit_test(test_ninfo_reply),
		cmocka_unit_test(test_adaptive_interval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
