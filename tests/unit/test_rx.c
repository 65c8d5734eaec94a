/* Unit tests for ping/core/rx.c: bytes plus control data -> one received message. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdlib.h>
#include <cmocka.h>

#include "msgbuild.h"
#include "rx.h"

static struct rx_socket sock_of(const struct ping_family *fam, bool raw,
				const struct sockaddr_storage *dst, int ident)
{
	struct rx_socket rs = { .fam = fam, .raw = raw, .ninfo = false,
				.dst = (const struct sockaddr *)dst, .ident = ident };
	return rs;
}

/* A datagram socket: the ICMP header first, the TTL and options from control data. */
static void test_dgram_v4_ttl_from_cmsg(void **state)
{
	struct sockaddr_storage dst = mb_addr("198.18.0.1");
	struct rx_socket rs = sock_of(&family_inet, false, &dst, -1);
	static struct built b;
	uint8_t opts[8] = { 1, 7, 7, 4, 0, 0, 0, 0 };
	struct rx_msg rx;

	(void)state;
	mb_start(&b, "198.18.0.1");
	b.len = mb_echo(b.buf, 0, 77, 5, 56, 0);
	mb_cmsg_int(&b, IPPROTO_IP, IP_TTL, 61);
	mb_cmsg(&b, IPPROTO_IP, IP_OPTIONS, opts, sizeof(opts));
	mb_stamp(&b, 1234567);
	rx_datagram(&rs, b.buf, b.len, mb_msg(&b), &rx);
	assert_int_equal(rx.kind, REPLY_ECHO);
	assert_int_equal(rx.pkt.seq, 5);
	assert_int_equal(rx.pkt.id, 77);
	assert_int_equal(rx.ttl, 61);
	assert_int_equal(rx.ipopts_len, sizeof(opts));
	assert_memory_equal(rx.ipopts, opts, sizeof(opts));
	assert_true(rx.meta.have_stamp);
	assert_int_equal(rx.meta.stamp_us, 1234567);
	assert_ptr_equal(rx.from, &b.from);
	assert_int_equal(rx.fromlen, sizeof(struct sockaddr_in));
	assert_false(rx.ninfo);
}

/* A raw IPv4 datagram: the header's TTL and options win over control data. */
static void test_raw_v4_header_wins(void **state)
{
	struct sockaddr_storage dst = mb_addr("198.18.0.1");
	struct rx_socket rs = sock_of(&family_inet, true, &dst, 77);
	static struct built b;
	uint8_t opts[4] = { 1, 1, 1, 1 };
	struct rx_msg rx;
	size_t h;

	(void)state;
	mb_start(&b, "198.18.0.1");
	h = mb_ipv4(b.buf, 8, 42, 64, "198.18.0.1", "198.18.0.2");
	b.len = h + mb_echo(b.buf + h, 0, 77, 9, 56, 0);
	mb_cmsg_int(&b, IPPROTO_IP, IP_TTL, 61);
	mb_cmsg(&b, IPPROTO_IP, IP_OPTIONS, opts, sizeof(opts));
	rx_datagram(&rs, b.buf, b.len, mb_msg(&b), &rx);
	assert_int_equal(rx.kind, REPLY_ECHO);
	assert_int_equal(rx.ttl, 42);
	assert_int_equal(rx.ipopts_len, 8);
	assert_ptr_equal(rx.ipopts, b.buf + 20);
	assert_int_equal(rx.pkt.icmp_len, 64);
}

/* IPv6 without a hop limit in the control data: no TTL at all. */
static void test_v6_no_hoplimit(void **state)
{
	struct sockaddr_storage dst = mb_addr("2001:db8::1");
	struct rx_socket rs = sock_of(&family_inet6, false, &dst, -1);
	static struct built b;
	struct rx_msg rx;

	(void)state;
	mb_start(&b, "2001:db8::1");
	b.len = mb_echo(b.buf, 129, 1, 2, 56, 0);
	rx_datagram(&rs, b.buf, b.len, mb_msg(&b), &rx);
	assert_int_equal(rx.kind, REPLY_ECHO);
	assert_int_equal(rx.ttl, -1);
	assert_int_equal(rx.ipopts_len, 0);

	mb_cmsg_int(&b, IPPROTO_IPV6, IPV6_HOPLIMIT, 7);
	rx_datagram(&rs, b.buf, b.len, mb_msg(&b), &rx);
	assert_int_equal(rx.ttl, 7);
}

/* Short and inconsistent datagrams are malformed, with the reason, and nothing past len is read. */
static void test_malformed(void **state)
{
	struct sockaddr_storage dst = mb_addr("198.18.0.1");
	struct rx_socket rs = sock_of(&family_inet, true, &dst, 77);
	struct rx_msg rx;
	static struct built b;
	uint8_t *exact;

	(void)state;
	mb_start(&b, "198.18.0.1");
	b.len = mb_ipv4(b.buf, 0, 64, 64, "198.18.0.1", "198.18.0.2");
	exact = malloc(b.len);
	assert_non_null(exact);
	memcpy(exact, b.buf, b.len);
	rx_datagram(&rs, exact, b.len, mb_msg(&b), &rx);
	assert_int_equal(rx.kind, REPLY_MALFORMED);
	assert_true(strlen(rx.pkt.why) > 0);
	free(exact);
}

/* -N: a node information reply is parsed as such, a truncated one is not one. */
static void test_ninfo(void **state)
{
	struct sockaddr_storage dst = mb_addr("2001:db8::1");
	struct rx_socket rs = sock_of(&family_inet6, true, &dst, 1);
	static struct built b;
	struct rx_msg rx;

	(void)state;
	rs.ninfo = true;
	mb_start(&b, "2001:db8::1");
	memset(b.buf, 0, 24);
	b.buf[0] = NINFO_TYPE_REPLY;
	b.buf[5] = NINFO_QTYPE_NOOP;
	b.buf[8] = 0xab;
	b.len = 16;
	mb_cmsg_int(&b, IPPROTO_IPV6, IPV6_HOPLIMIT, 64);
	rx_datagram(&rs, b.buf, b.len, mb_msg(&b), &rx);
	assert_true(rx.ninfo);
	assert_int_equal(rx.ni.nonce[0], 0xab);
	assert_int_equal(rx.ttl, 64);

	rx_datagram(&rs, b.buf, 15, mb_msg(&b), &rx);
	assert_false(rx.ninfo);
}

/* The error queue: the extended error and the quoted request, matched against our destination. */
static void test_error(void **state)
{
	struct sockaddr_storage dst = mb_addr("198.18.0.1");
	struct rx_socket rs = sock_of(&family_inet, false, &dst, -1);
	static struct built b;
	struct rx_msg rx;

	(void)state;
	mb_start(&b, "198.18.0.1");
	mb_error(&b, &family_inet, SO_EE_ORIGIN_ICMP, EHOSTUNREACH, 3, 1, 0, "198.18.0.254", 0, 4);
	rx_error(&rs, b.buf, b.len, mb_msg(&b), &rx);
	assert_int_equal(rx.err.kind, ERRQ_ICMP);
	assert_int_equal(rx.err.type, 3);
	assert_int_equal(rx.err.code, 1);
	assert_int_equal(rx.err.seq, 4);
	assert_true(rx.err.have_offender);
	assert_int_equal(rx.ttl, -1);

	/* About another destination: not ours. */
	b.from = mb_addr("198.18.0.9");
	rx_error(&rs, b.buf, b.len, mb_msg(&b), &rx);
	assert_int_equal(rx.err.kind, ERRQ_FOREIGN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dgram_v4_ttl_from_cmsg),
		cmocka_unit_test(test_raw_v4_header_wins),
		cmocka_unit_test(test_v6_no_hoplimit),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_ninfo),
		cmocka_unit_test(test_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
