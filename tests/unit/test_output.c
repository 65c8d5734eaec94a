#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "output.h"

/* An in-memory stream; check() closes it and compares byte for byte. */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *cap_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static void check(struct capture *c, const char *expected)
{
	assert_int_equal(fclose(c->f), 0);
	assert_string_equal(c->buf, expected);
	assert_int_equal(c->len, strlen(expected));
	free(c->buf);
}

static const struct out_opts plain = { 0 };

static struct ping_stats *new_stats(void)
{
	struct ping_stats *st = malloc(sizeof(*st));

	assert_non_null(st);
	stats_init(st);
	return st;
}

/* n requests numbered 1..n; rtt[i] answers request i+1 (< -1: unanswered). */
static struct ping_stats *run(const int64_t *rtt, size_t n)
{
	struct ping_stats *st = new_stats();

	for (size_t i = 0; i < n; i++) {
		stats_sent(st, (uint16_t)(i + 1), 0, 0);
		if (rtt[i] >= -1)
			stats_count(st, (uint16_t)(i + 1), false, rtt[i]);
	}
	return st;
}

/* ---- pattern and header ---- */

static void test_pattern(void **state)
{
	struct capture c;
	(void)state;

	out_pattern(cap_open(&c), (const uint8_t[]){ 0xab, 0xcd }, 2);
	check(&c, "PATTERN: 0xabcd\n");
	out_pattern(cap_open(&c), (const uint8_t[]){ 0x0a, 0x00, 0xff }, 3);
	check(&c, "PATTERN: 0x0a00ff\n");
	out_pattern(cap_open(&c), (const uint8_t[]){ 0x01 }, 1);
	check(&c, "PATTERN: 0x01\n");
}

static void test_header_ipv4(void **state)
{
	struct capture c;
	struct header_info h = {
		.af = AF_INET, .host = "127.0.0.1", .addr = "127.0.0.1",
		.datalen = 56,
	};
	(void)state;

	out_header(cap_open(&c), &h);
	check(&c, "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n");

	h.host = "localhost";
	out_header(cap_open(&c), &h);
	check(&c, "PING localhost (127.0.0.1) 56(84) bytes of data.\n");

	h.host = "127.0.0.1";
	h.source = "127.0.0.1";
	h.device = "lo";
	out_header(cap_open(&c), &h);
	check(&c, "PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 lo: 56(84) bytes of data.\n");

	/* Address-only -I: empty device, and the stray space stays. */
	h.device = NULL;
	out_header(cap_open(&c), &h);
	check(&c, "PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 : 56(84) bytes of data.\n");

	/* -R: 40 option bytes. */
	h.source = NULL;
	h.optlen = 40;
	out_header(cap_open(&c), &h);
	check(&c, "PING 127.0.0.1 (127.0.0.1) 56(124) bytes of data.\n");

	/* -s 0 and -s 100. */
	h.optlen = 0;
	h.datalen = 0;
	out_header(cap_open(&c), &h);
	check(&c, "PING 127.0.0.1 (127.0.0.1) 0(28) bytes of data.\n");
	h.datalen = 100;
	out_header(cap_open(&c), &h);
	check(&c, "PING 127.0.0.1 (127.0.0.1) 100(128) bytes of data.\n");

	/* A flow label means nothing to IPv4. */
	h.datalen = 56;
	h.flowlabel_set = true;
	h.flowlabel = 0x12345;
	out_header(cap_open(&c), &h);
	check(&c, "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n");
}

static void test_header_ipv6(void **state)
{
	struct capture c;
	struct header_info h = {
		.af = AF_INET6, .host = "::1", .addr = "::1", .datalen = 56,
	};
	(void)state;

	out_header(cap_open(&c), &h);
	check(&c, "PING ::1 (::1) 56 data bytes\n");

	h.flowlabel_set = true;
	h.flowlabel = 0x12345;
	out_header(cap_open(&c), &h);
	check(&c, "PING ::1 (::1) , flow 0x12345, 56 data bytes\n");

	h.flowlabel = 0xabc;
	h.source = "::1";
	h.device = "lo";
	out_header(cap_open(&c), &h);
	check(&c, "PING ::1 (::1) , flow 0x00abc, from ::1 lo: 56 data bytes\n");

	h.flowlabel_set = false;
	out_header(cap_open(&c), &h);
	check(&c, "PING ::1 (::1) from ::1 lo: 56 data bytes\n");

	h.device = NULL;
	h.host = "ip6-localhost";
	h.datalen = 1000;
	h.optlen = 40;		/* IPv6 never counts option bytes */
	out_header(cap_open(&c), &h);
	check(&c, "PING ip6-localhost (::1) from ::1 : 1000 data bytes\n");
}

/* ---- time= precision ---- */

static void rtt_is(int64_t us, bool three, const char *expected)
{
	char buf[64];

	memset(buf, 'x', sizeof(buf));
	out_rtt_format(buf, sizeof(buf), us, three);
	assert_string_equal(buf, expected);
}

static void test_rtt_format(void **state)
{
	(void)state;

	rtt_is(0, false, "0.000");
	rtt_is(44, false, "0.044");
	rtt_is(689, false, "0.689");
	rtt_is(999, false, "0.999");		/* truncated, never rounded */
	rtt_is(1000, false, "1.00");
	rtt_is(1004, false, "1.00");
	rtt_is(1005, false, "1.01");
	rtt_is(2670, false, "2.67");
	rtt_is(9994, false, "9.99");
	rtt_is(9995, false, "10.0");
	rtt_is(10049, false, "10.0");
	rtt_is(10050, false, "10.1");
	rtt_is(20800, false, "20.8");
	rtt_is(20849, false, "20.8");
	rtt_is(99949, false, "99.9");
	rtt_is(99950, false, "100");
	rtt_is(204397, false, "204");
	rtt_is(204500, false, "205");
	rtt_is(1500000, false, "1500");
	rtt_is(INT64_MAX, false, "9223372036854776");
	rtt_is(-5, false, "0.000");

	rtt_is(0, true, "0.000");
	rtt_is(5, true, "0.005");
	rtt_is(999, true, "0.999");
	rtt_is(1000, true, "1.000");
	rtt_is(9995, true, "9.995");
	rtt_is(99950, true, "99.950");
	rtt_is(200621, true, "200.621");
	rtt_is(INT64_MAX, true, "9223372036854775.807");
}

/* ---- reply lines ---- */

static struct reply_line base_reply(void)
{
	struct reply_line r = {
		.now_real_us = 1795257294205831LL,
		.bytes = 64,
		.from = "127.0.0.1",
		.seq = 1,
		.have_ttl = true,
		.ttl = 64,
		.rtt_us = 124,
		.mismatch_at = -1,
	};
	return r;
}

static void test_reply_basic(void **state)
{
	struct capture c;
	struct reply_line r = base_reply();
	struct out_opts o = { 0 };
	(void)state;

	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.124 ms\n");

	o.timestamps = true;
	r.rtt_us = 30;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "[1795257294.205831] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.030 ms\n");

	r.now_real_us = 1700000000000042LL;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "[1700000000.000042] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.030 ms\n");

	/* past 2038-01-19 03:14:07, past 2106, and the largest count */
	r.now_real_us = 2147483648000001LL;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "[2147483648.000001] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.030 ms\n");
	r.now_real_us = 4294967296999999LL;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "[4294967296.999999] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.030 ms\n");
	r.now_real_us = INT64_MAX;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "[9223372036854.775807] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.030 ms\n");

	o.timestamps = false;
	r.show_ident = true;
	r.ident = 8393;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=1 ident=8393 ttl=64 time=0.030 ms\n");

	r.show_ident = false;
	r.from = "localhost (127.0.0.1)";
	r.seq = 2;
	r.rtt_us = 45;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from localhost (127.0.0.1): icmp_seq=2 ttl=64 time=0.045 ms\n");

	/* IPv6 without a hop limit: no ttl=. */
	r.from = "::1";
	r.have_ttl = false;
	r.rtt_us = 177;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from ::1: icmp_seq=2 time=0.177 ms\n");

	/* ttl 0 from a missing IPv4 cmsg is still printed. */
	r.from = "127.0.0.1";
	r.have_ttl = true;
	r.ttl = 0;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=2 ttl=0 time=0.177 ms\n");

	/* -s 0: no time. */
	r.ttl = 64;
	r.bytes = 8;
	r.seq = 1;
	r.rtt_us = -1;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "8 bytes from 127.0.0.1: icmp_seq=1 ttl=64\n");

	/* The precision rules apply, and -3 overrides them. */
	r.bytes = 108;
	r.rtt_us = 204397;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "108 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=204 ms\n");
	o.rtt_3dec = true;
	r.rtt_us = 200621;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "108 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=200.621 ms\n");

	/* Sequence numbers above 255 are printed whole. */
	o.rtt_3dec = false;
	r.bytes = 64;
	r.seq = 65535;
	r.rtt_us = 2670;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=65535 ttl=64 time=2.67 ms\n");
}

static void test_reply_truncated(void **state)
{
	struct capture c;
	struct reply_line r = base_reply();
	struct out_opts o = { 0 };
	uint8_t data[56] = { 0 };
	(void)state;

	r.bytes = 18;
	r.seq = 2;
	r.truncated = true;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "18 bytes from 127.0.0.1: icmp_seq=2 ttl=64 (truncated)\n");

	/* Nothing after the marker: no time, flags, dump, options or bell. */
	r.rtt_us = 500;
	r.duplicate = r.bad_cksum = r.different_address = true;
	r.mismatch_at = 20;
	r.data = data;
	r.datalen = sizeof(data);
	r.extra = "\nRR: \t127.0.0.1";
	o.audible = true;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "18 bytes from 127.0.0.1: icmp_seq=2 ttl=64 (truncated)\n");

	o.timestamps = true;
	r.show_ident = true;
	r.ident = 7;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "[1795257294.205831] 18 bytes from 127.0.0.1: icmp_seq=2 ident=7 ttl=64 (truncated)\n");
}

static void test_reply_flags(void **state)
{
	struct capture c;
	struct reply_line r = base_reply();
	(void)state;

	r.seq = 2;
	r.rtt_us = 508;
	r.duplicate = true;
	out_reply(cap_open(&c), &plain, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.508 ms (DUP!)\n");

	r.duplicate = false;
	r.rtt_us = 776;
	r.bad_cksum = true;
	out_reply(cap_open(&c), &plain, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.776 ms (BAD CHECKSUM!)\n");

	r.bad_cksum = false;
	r.different_address = true;
	r.from = "10.0.0.7";
	out_reply(cap_open(&c), &plain, &r);
	check(&c, "64 bytes from 10.0.0.7: icmp_seq=2 ttl=64 time=0.776 ms (DIFFERENT ADDRESS!)\n");

	r.duplicate = r.bad_cksum = true;
	out_reply(cap_open(&c), &plain, &r);
	check(&c, "64 bytes from 10.0.0.7: icmp_seq=2 ttl=64 time=0.776 ms"
	      " (DUP!) (BAD CHECKSUM!) (DIFFERENT ADDRESS!)\n");

	r.different_address = false;
	out_reply(cap_open(&c), &plain, &r);
	check(&c, "64 bytes from 10.0.0.7: icmp_seq=2 ttl=64 time=0.776 ms (DUP!) (BAD CHECKSUM!)\n");

	/* Flags without a time (-s 0 duplicate). */
	r.bad_cksum = false;
	r.rtt_us = -1;
	r.bytes = 8;
	out_reply(cap_open(&c), &plain, &r);
	check(&c, "8 bytes from 10.0.0.7: icmp_seq=2 ttl=64 (DUP!)\n");
}

/* Reference 2.2, captured live: byte 32 of the payload mangled. */
static void test_reply_mismatch_capture(void **state)
{
	struct capture c;
	struct reply_line r = base_reply();
	uint8_t data[56];
	(void)state;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	data[32] = 0x55;
	r.rtt_us = 136;
	r.mismatch_at = 32;
	r.expected = 0x20;
	r.data = data;
	r.datalen = sizeof(data);
	out_reply(cap_open(&c), &plain, &r);
	check(&c,
	      "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.136 ms\n"
	      "wrong data byte #32 should be 0x20 but was 0x55\n"
	      "#16\t10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 55 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f \n"
	      "#48\t30 31 32 33 34 35 36 37 \n");
}

static void test_reply_mismatch_variants(void **state)
{
	struct capture c;
	struct reply_line r = base_reply();
	struct out_opts o = { 0 };
	uint8_t data[120];
	(void)state;

	/* Bytes below 0x10 have one digit; rows start at 16, 48, 80, 112. */
	memset(data, 0, sizeof(data));
	data[16] = 0x0f;
	data[17] = 0xab;
	data[119] = 0x01;
	r.bytes = 128;
	r.mismatch_at = 16;
	r.expected = 0x10;
	r.data = data;
	r.datalen = sizeof(data);
	r.duplicate = true;
	o.audible = true;
	out_reply(cap_open(&c), &o, &r);
	check(&c,
	      "128 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.124 ms (DUP!)\n"
	      "wrong data byte #16 should be 0x10 but was 0xf\n"
	      "#16\tf ab 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 \n"
	      "#48\t0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 \n"
	      "#80\t0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 \n"
	      "#112\t0 0 0 0 0 0 0 1 \a\n");

	/* Exactly one row. */
	r.duplicate = false;
	o.audible = false;
	r.datalen = 48;
	r.mismatch_at = 47;
	r.expected = 0x2f;
	data[47] = 0xee;
	out_reply(cap_open(&c), &o, &r);
	check(&c,
	      "128 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.124 ms\n"
	      "wrong data byte #47 should be 0x2f but was 0xee\n"
	      "#16\tf ab 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 ee \n");

	/* An index outside the data cannot be reported. */
	r.mismatch_at = 48;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "128 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.124 ms\n");
	r.mismatch_at = 20;
	r.data = NULL;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "128 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.124 ms\n");

	/* Followed by IP options text. */
	r.data = data;
	r.mismatch_at = 47;
	r.extra = "\t(same route)";
	out_reply(cap_open(&c), &o, &r);
	check(&c,
	      "128 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.124 ms\n"
	      "wrong data byte #47 should be 0x2f but was 0xee\n"
	      "#16\tf ab 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 ee \t(same route)\n");
}

static void test_reply_extra_and_bell(void **state)
{
	struct capture c;
	struct reply_line r = base_reply();
	struct out_opts o = { 0 };
	(void)state;

	/* Reference 2.11, -R: the route, then the line's newline (a blank line). */
	r.rtt_us = 29;
	r.extra = "\nRR: \t127.0.0.1\n\t127.0.0.1\n\t127.0.0.1\n\t127.0.0.1\n";
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.029 ms\n"
	      "RR: \t127.0.0.1\n\t127.0.0.1\n\t127.0.0.1\n\t127.0.0.1\n\n");

	r.seq = 2;
	r.rtt_us = 54;
	r.extra = "\t(same route)";
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.054 ms\t(same route)\n");

	/* -a: the bell just before the newline, ahead of any options text. */
	o.audible = true;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.054 ms\a\t(same route)\n");

	r.extra = NULL;
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.054 ms\a\n");

	r.duplicate = true;
	r.different_address = true;
	r.from = "10.1.1.1";
	out_reply(cap_open(&c), &o, &r);
	check(&c, "64 bytes from 10.1.1.1: icmp_seq=2 ttl=64 time=0.054 ms"
	      " (DUP!) (DIFFERENT ADDRESS!)\a\n");

	/* Everything at once. */
	o.timestamps = true;
	o.rtt_3dec = true;
	r.show_ident = true;
	r.ident = 65535;
	r.rtt_us = 12345;
	r.extra = "\nNOP";
	out_reply(cap_open(&c), &o, &r);
	check(&c, "[1795257294.205831] 64 bytes from 10.1.1.1: icmp_seq=2 ident=65535"
	      " ttl=64 time=12.345 ms (DUP!) (DIFFERENT ADDRESS!)\a\nNOP\n");
}

/* ---- error and -O lines ---- */

/*
 * -v's dump of a quoted IPv4 header: 16-bit fields read in the host's
 * byte order, as iputils shows them (its struct members, never ntohs'd);
 * the options' text after the line.
 */
static void test_ip_header_dump(void **state)
{
	static const uint8_t ip[20] = {
		0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x3f, 0x01, 0xab, 0xcd,
		198, 18, 0, 1, 198, 18, 40, 1,
	};
	static const char title[] = "Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst Data\n";
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	static const char values[] = " 4  5  00 5400 3412   0 0040  3f  01 cdab 198.18.0.1  198.18.40.1 \n";
#else
	static const char values[] = " 4  5  00 0054 1234   2 0000  3f  01 abcd 198.18.0.1  198.18.40.1 \n";
#endif
	char want[256];
	struct capture c;

	(void)state;
	out_ip_header_dump(cap_open(&c), ip, "");
	snprintf(want, sizeof(want), "%s%s", title, values);
	check(&c, want);
	out_ip_header_dump(cap_open(&c), ip, "\nNOP\nRR: \t198.18.0.1\n");
	snprintf(want, sizeof(want), "%s%s\nNOP\nRR: \t198.18.0.1\n", title, values);
	check(&c, want);
}

static void test_icmp_lines(void **state)
{
	struct capture c;
	struct out_opts o = { 0 };
	(void)state;

	out_icmp(cap_open(&c), &o, 1795257401240338LL, "127.0.0.1", 1,
		 "Destination Host Unreachable", false);
	check(&c, "From 127.0.0.1 icmp_seq=1 Destination Host Unreachable\n");

	out_icmp(cap_open(&c), &o, 0, "::1", 2, "Destination unreachable: No route", false);
	check(&c, "From ::1 icmp_seq=2 Destination unreachable: No route\n");

	out_icmp(cap_open(&c), &o, 0, "router (10.0.0.1)", 256,
		 "Time to live exceeded", false);
	check(&c, "From router (10.0.0.1) icmp_seq=256 Time to live exceeded\n");

	out_icmp(cap_open(&c), &o, 0, "10.0.0.1", 3,
		 "Redirect Host(New nexthop: 10.0.0.2)", true);
	check(&c, "From 10.0.0.1: icmp_seq=3 Redirect Host(New nexthop: 10.0.0.2)\n");

	o.timestamps = true;
	out_icmp(cap_open(&c), &o, 1795257401240338LL, "127.0.0.1", 1,
		 "Destination Host Unreachable", false);
	check(&c, "[1795257401.240338] From 127.0.0.1 icmp_seq=1 Destination Host Unreachable\n");

	out_icmp(cap_open(&c), &o, 1795257401000001LL, "10.0.0.1", 4,
		 "Source Quench", true);
	check(&c, "[1795257401.000001] From 10.0.0.1: icmp_seq=4 Source Quench\n");

	out_ninfo_reply(cap_open(&c), &o, 1795257401000001LL, 64, "::1",
			" host.example.; seq=1;", true, 64, false);
	check(&c, "[1795257401.000001] 64 bytes from ::1: host.example.; seq=1; ttl=64\n");
	out_ninfo_reply(cap_open(&c), &o, 0, 24, "fe80::1%lo", " refused; seq=2;",
			false, 0, true);
	check(&c, "[0.000000] 24 bytes from fe80::1%lo: refused; seq=2; (DUP!)\n");

	out_icmp_other(cap_open(&c), &o, 1795257401000001LL, "10.0.0.9",
		       "Destination Port Unreachable");
	check(&c, "[1795257401.000001] From 10.0.0.9: Destination Port Unreachable\n");
	o.timestamps = false;
	out_icmp_other(cap_open(&c), &o, 0, "10.0.0.9", "Time to live exceeded");
	check(&c, "From 10.0.0.9: Time to live exceeded\n");
}

static void test_no_answer(void **state)
{
	struct capture c;
	struct out_opts o = { 0 };
	(void)state;

	out_no_answer(cap_open(&c), &o, 1795257401240338LL, 2);
	check(&c, "no answer yet for icmp_seq=2\n");

	o.timestamps = true;
	out_no_answer(cap_open(&c), &o, 1795257401240338LL, 2);
	check(&c, "[1795257401.240338] no answer yet for icmp_seq=2\n");

	out_no_answer(cap_open(&c), &o, 1000000LL, 65535);
	check(&c, "[1.000000] no answer yet for icmp_seq=65535\n");

	/* A clock before 1970 still gives well-formed microseconds. */
	out_no_answer(cap_open(&c), &o, -1500000LL, 1);
	check(&c, "[-2.500000] no answer yet for icmp_seq=1\n");
}

/* ---- summary ---- */

static void summary_is(const struct summary_info *s, const char *expected)
{
	struct capture c;

	out_summary(cap_open(&c), s);
	check(&c, expected);
}

static void test_summary_plain(void **state)
{
	struct ping_stats *st = run((const int64_t[]){ 124, 44, 44 }, 3);
	struct summary_info s = {
		.host = "127.0.0.1", .st = st, .elapsed_us = 2033000, .timing = true,
	};
	(void)state;

	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 3 received, 0% packet loss, time 2033ms\n"
		   "rtt min/avg/max/mdev = 0.044/0.070/0.124/0.037 ms\n");

	/* time rounds to the nearest ms. */
	s.elapsed_us = 2032499;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 3 received, 0% packet loss, time 2032ms\n"
		   "rtt min/avg/max/mdev = 0.044/0.070/0.124/0.037 ms\n");
	s.elapsed_us = 2032500;
	s.host = "localhost";
	summary_is(&s,
		   "\n--- localhost ping statistics ---\n"
		   "3 packets transmitted, 3 received, 0% packet loss, time 2033ms\n"
		   "rtt min/avg/max/mdev = 0.044/0.070/0.124/0.037 ms\n");

	/* -c1: time 0ms. */
	free(st);
	st = run((const int64_t[]){ 26 }, 1);
	s.st = st;
	s.elapsed_us = 0;
	s.host = "127.0.0.1";
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
		   "rtt min/avg/max/mdev = 0.026/0.026/0.026/0.000 ms\n");
	free(st);
}

/* Reference 2.11: a responder delaying replies; seq 5 lost. */
static void test_summary_capture_delays(void **state)
{
	struct ping_stats *st = run((const int64_t[]){ 689, 2667, 20848, 204397, -2 }, 5);
	struct summary_info s = {
		.host = "127.0.0.1", .st = st, .elapsed_us = 4010000, .timing = true,
	};
	(void)state;

	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "5 packets transmitted, 4 received, 20% packet loss, time 4010ms\n"
		   "rtt min/avg/max/mdev = 0.689/57.150/204.397/85.375 ms\n");
	free(st);
}

static void test_summary_counts(void **state)
{
	struct ping_stats *st = new_stats();
	struct summary_info s = {
		.host = "127.0.0.1", .st = st, .elapsed_us = 2042000, .timing = true,
	};
	(void)state;

	/* Reference 2.11: seq 2 answered twice. */
	stats_sent(st, 1, 0, 0);
	stats_count(st, 1, false, 400);
	stats_sent(st, 2, 0, 0);
	stats_count(st, 2, false, 474);
	stats_count(st, 2, false, 508);
	stats_sent(st, 3, 0, 0);
	stats_count(st, 3, false, 450);
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 3 received, +1 duplicates, 0% packet loss, time 2042ms\n"
		   "rtt min/avg/max/mdev = 0.400/0.458/0.508/0.039 ms\n");

	/* Reference 2.11 (master, raw): seq 2 with a bad checksum. */
	stats_init(st);
	stats_sent(st, 1, 0, 0);
	stats_count(st, 1, false, 700);
	stats_sent(st, 2, 0, 0);
	stats_count(st, 2, true, 776);
	stats_sent(st, 3, 0, 0);
	stats_count(st, 3, false, 800);
	s.elapsed_us = 2017000;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 2 received, +1 corrupted, 33.3333% packet loss, time 2017ms\n"
		   "rtt min/avg/max/mdev = 0.700/0.750/0.800/0.050 ms\n");

	/* Duplicates, corrupted and errors together, in that order. */
	stats_init(st);
	stats_sent(st, 1, 0, 0);
	stats_count(st, 1, false, 1000);
	stats_count(st, 1, false, 3000);
	stats_count(st, 1, false, 2000);
	stats_sent(st, 2, 0, 0);
	stats_count(st, 2, true, 10);
	for (uint16_t q = 3; q <= 5; q++) {
		stats_sent(st, q, 0, 0);
		stats_error(st, q, true);
	}
	stats_sent(st, 6, 0, 0);
	stats_sent(st, 7, 0, 0);
	stats_sent(st, 8, 0, 0);
	stats_count(st, 8, false, 2000);
	s.elapsed_us = 7000400;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "8 packets transmitted, 2 received, +2 duplicates, +1 corrupted, +3 errors,"
		   " 75% packet loss, time 7000ms\n"
		   "rtt min/avg/max/mdev = 1.000/2.000/3.000/0.707 ms\n");
	free(st);
}

static void test_summary_nothing_received(void **state)
{
	struct ping_stats *st = new_stats();
	struct summary_info s = {
		.host = "127.0.0.1", .st = st, .elapsed_us = 1027000, .timing = true,
	};
	(void)state;

	/* Reference 2.11: two rejections; the output ends with an empty line. */
	stats_sent(st, 1, 0, 0);
	stats_error(st, 1, true);
	stats_sent(st, 2, 0, 0);
	stats_error(st, 2, true);
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1027ms\n"
		   "\n");

	/* Plain loss. */
	stats_init(st);
	for (uint16_t q = 1; q <= 4; q++)
		stats_sent(st, q, 0, 0);
	s.elapsed_us = 3000000;
	s.show_ipg = true;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "4 packets transmitted, 0 received, 100% packet loss, time 3000ms\n"
		   "\n");

	/* Nothing sent at all: no loss or time part. */
	stats_init(st);
	s.elapsed_us = 0;
	s.show_ipg = false;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "0 packets transmitted, 0 received\n"
		   "\n");
	free(st);
}

static void test_summary_untimed(void **state)
{
	struct ping_stats *st = run((const int64_t[]){ -1 }, 1);
	struct summary_info s = {
		.host = "127.0.0.1", .st = st, .elapsed_us = 0, .timing = false,
	};
	(void)state;

	/* Reference 2.11, -s 0. */
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
		   "\n");

	/*
	 * timing off hides figures even if some were recorded; ipg/ewma stands
	 * alone as in iputils (-A -s 8), its ewma 0 since nothing was timed.
	 */
	free(st);
	st = run((const int64_t[]){ 30, 40 }, 2);
	s.st = st;
	s.show_ipg = true;
	s.elapsed_us = 10000;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "2 packets transmitted, 2 received, 0% packet loss, time 10ms\n"
		   "ipg/ewma 10.000/0.000 ms\n");
	/* With a pipe (-f -s 8): pipe first, then the ipg. */
	st->pipe = 2;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "2 packets transmitted, 2 received, 0% packet loss, time 10ms\n"
		   "pipe 2, ipg/ewma 10.000/0.000 ms\n");
	/* Nothing received: no ipg. */
	st->received = 0;
	st->pipe = 0;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "2 packets transmitted, 0 received, 100% packet loss, time 10ms\n"
		   "\n");
	st->received = 2;

	/* Only truncated replies, timing on: still no rtt line. */
	free(st);
	st = run((const int64_t[]){ -1, -1, -2 }, 3);
	s.st = st;
	s.timing = true;
	s.show_ipg = false;
	s.elapsed_us = 2001000;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 2 received, 33.3333% packet loss, time 2001ms\n"
		   "\n");

	/* Some truncated: they stay out of the figures, avg >= min. */
	free(st);
	st = run((const int64_t[]){ 683, -1, 739 }, 3);
	s.st = st;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 3 received, 0% packet loss, time 2001ms\n"
		   "rtt min/avg/max/mdev = 0.683/0.711/0.739/0.028 ms\n");
	free(st);
}

static void test_summary_pipe(void **state)
{
	struct ping_stats *st = new_stats();
	struct summary_info s = {
		.host = "127.0.0.1", .st = st, .elapsed_us = 800000, .timing = true,
	};
	(void)state;

	/* Reference 2.11, -l 3 -i 0.2: three out before the first answer. */
	stats_sent(st, 1, 0, 0);
	stats_sent(st, 2, 0, 0);
	stats_sent(st, 3, 0, 0);
	stats_count(st, 1, false, 49);
	stats_sent(st, 4, 0, 0);
	stats_count(st, 2, false, 48);
	stats_sent(st, 5, 0, 0);
	stats_count(st, 3, false, 25);
	stats_count(st, 4, false, 4);
	stats_count(st, 5, false, 4);
	assert_int_equal(st->pipe, 3);
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "5 packets transmitted, 5 received, 0% packet loss, time 800ms\n"
		   "rtt min/avg/max/mdev = 0.004/0.026/0.049/0.019 ms, pipe 3\n");

	/* Without an rtt part the pipe stands alone. */
	s.timing = false;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "5 packets transmitted, 5 received, 0% packet loss, time 800ms\n"
		   "pipe 3\n");

	stats_init(st);
	for (uint16_t q = 1; q <= 3; q++)
		stats_sent(st, q, 0, 0);
	for (uint16_t q = 1; q <= 3; q++)
		stats_error(st, q, true);
	s.timing = true;
	s.elapsed_us = 400000;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 400ms\n"
		   "pipe 3\n");
	free(st);
}

static void test_summary_ipg(void **state)
{
	struct ping_stats *st = run((const int64_t[]){ 28, 14 }, 2);
	struct summary_info s = {
		.host = "127.0.0.1", .st = st, .elapsed_us = 2006, .timing = true,
		.show_ipg = true,
	};
	(void)state;

	/* Reference 2.11, -A. */
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "2 packets transmitted, 2 received, 0% packet loss, time 2ms\n"
		   "rtt min/avg/max/mdev = 0.014/0.021/0.028/0.007 ms, ipg/ewma 2.006/0.026 ms\n");

	/* Not asked for: no tail. */
	s.show_ipg = false;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "2 packets transmitted, 2 received, 0% packet loss, time 2ms\n"
		   "rtt min/avg/max/mdev = 0.014/0.021/0.028/0.007 ms\n");

	/* One packet: no gap to speak of. */
	free(st);
	st = run((const int64_t[]){ 28 }, 1);
	s.st = st;
	s.show_ipg = true;
	s.elapsed_us = 0;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
		   "rtt min/avg/max/mdev = 0.028/0.028/0.028/0.000 ms\n");

	/* Flood with a pipe: both tails, pipe first.  ipg 1800/199 = 9 us. */
	free(st);
	st = new_stats();
	s.st = st;
	for (uint16_t q = 1; q <= 200; q++) {
		stats_sent(st, q, 0, 0);
		if (q >= 2)
			stats_count(st, (uint16_t)(q - 1), false, 3);
	}
	stats_count(st, 200, false, 32);
	s.elapsed_us = 1800;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "200 packets transmitted, 200 received, 0% packet loss, time 2ms\n"
		   "rtt min/avg/max/mdev = 0.003/0.003/0.032/0.002 ms, pipe 2, ipg/ewma 0.009/0.006 ms\n");
	free(st);
}

/* Request q sent at q seconds; answered in rtt_us unless rtt_us < -1 (-1: untimed). */
static void sent_at(struct ping_stats *st, uint64_t k, int64_t rtt_us)
{
	stats_sent(st, (uint16_t)k, (int64_t)k * 1000000, 0);
	if (rtt_us >= -1)
		stats_count(st, (uint16_t)k, false, rtt_us);
}

/* --percentiles: the percentile line after the rtt line, the loss line after both. */
static void test_summary_percentiles(void **state)
{
	struct ping_stats *st = new_stats();
	struct summary_info s = {
		.host = "127.0.0.1", .st = st, .elapsed_us = 2033000, .timing = true,
		.percentiles = true, .interval_us = 1000000,
	};
	(void)state;

	sent_at(st, 1, 124);
	sent_at(st, 2, 44);
	sent_at(st, 3, 44);
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 3 received, 0% packet loss, time 2033ms\n"
		   "rtt min/avg/max/mdev = 0.044/0.070/0.124/0.037 ms\n"
		   "rtt p50/p90/p99 = 0.044/0.124/0.124 ms, jitter 0.040 ms\n");

	/* Without the option, iputils' block alone. */
	s.percentiles = false;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 3 received, 0% packet loss, time 2033ms\n"
		   "rtt min/avg/max/mdev = 0.044/0.070/0.124/0.037 ms\n");
	s.percentiles = true;

	/* One reply: no jitter yet. */
	stats_init(st);
	sent_at(st, 1, 26);
	s.elapsed_us = 0;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
		   "rtt min/avg/max/mdev = 0.026/0.026/0.026/0.000 ms\n"
		   "rtt p50/p90/p99 = 0.026/0.026/0.026 ms\n");

	/* Loss inside the run: from the send of 3 to the send of 5; ties: the first. */
	stats_init(st);
	sent_at(st, 1, 1500);
	sent_at(st, 2, 2500);
	sent_at(st, 3, -2);
	sent_at(st, 4, -2);
	sent_at(st, 5, 123456);
	sent_at(st, 6, -2);
	sent_at(st, 7, -2);
	sent_at(st, 8, 1500);
	s.elapsed_us = 7000000;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "8 packets transmitted, 4 received, 50% packet loss, time 7000ms\n"
		   "rtt min/avg/max/mdev = 1.500/32.239/123.456/52.665 ms\n"
		   "rtt p50/p90/p99 = 1.500/123.456/123.456 ms, jitter 81.304 ms\n"
		   "longest loss: 2 requests, icmp_seq 3-4, 2000.000 ms\n");

	/* Nothing received (errors are losses): after iputils' empty line; to the end, one interval past the last send. */
	stats_init(st);
	sent_at(st, 1, -2);
	stats_error(st, 1, true);
	sent_at(st, 2, -2);
	stats_error(st, 2, true);
	s.elapsed_us = 1027000;
	s.interval_us = 200000;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1027ms\n"
		   "\n"
		   "longest loss: 2 requests, icmp_seq 1-2, 1200.000 ms\n");

	/* Replies without a time: no percentiles, the loss line still. */
	stats_init(st);
	sent_at(st, 1, -1);
	sent_at(st, 2, -2);
	sent_at(st, 3, -1);
	s.timing = false;
	s.elapsed_us = 2000000;
	summary_is(&s,
		   "\n--- 127.0.0.1 ping statistics ---\n"
		   "3 packets transmitted, 2 received, 33.3333% packet loss, time 2000ms\n"
		   "\n"
		   "longest loss: 1 request, icmp_seq 2, 1000.000 ms\n");
	free(st);
}

/* The pipe and ipg tails stay on the rtt line; a burst over the wrap shows both 16-bit ends. */
static void test_summary_percentiles_tails_and_wrap(void **state)
{
	struct ping_stats *st = new_stats();
	struct summary_info s = {
		.host = "h", .st = st, .elapsed_us = 65539000000LL, .timing = true,
		.show_ipg = true, .percentiles = true, .interval_us = 1000000,
	};
	(void)state;

	for (uint64_t k = 1; k <= 65540; k++) {
		stats_sent(st, (uint16_t)k, (int64_t)k * 1000000, 0);
		if (k >= 2 && (k - 1 < 65534 || k - 1 > 65537))
			stats_count(st, (uint16_t)(k - 1), false, 3);
	}
	stats_count(st, (uint16_t)65540, false, 65);
	summary_is(&s,
		   "\n--- h ping statistics ---\n"
		   "65540 packets transmitted, 65536 received, 0.00610314% packet loss, time 65539000ms\n"
		   "rtt min/avg/max/mdev = 0.003/0.003/0.065/0.000 ms, pipe 2,"
		   " ipg/ewma 1000.000/0.010 ms\n"
		   "rtt p50/p90/p99 = 0.003/0.003/0.003 ms, jitter 0.000 ms\n"
		   "longest loss: 4 requests, icmp_seq 65534-1, 4000.000 ms\n");
	free(st);
}

/*
 * The loss figure is %g of a float, as iputils prints it, with a '.'
 * whatever the locale says.  Each locale is tried if installed: de_DE has
 * a one-byte comma, ps_AF a two-byte radix character.
 */
static void test_summary_loss_and_locale(void **state)
{
	static const struct {
		const char *name, *half;
	} locales[] = {
		{ "de_DE.UTF-8", "0,5" },
		{ "ps_AF.UTF-8", "0\xd9\xab" "5" },
	};
	struct ping_stats *st = run((const int64_t[]){ 10, -2, -2, -2, -2, -2, -2 }, 7);
	struct summary_info s = {
		.host = "h", .st = st, .elapsed_us = 6000000, .timing = false,
	};
	const char *expected =
		"\n--- h ping statistics ---\n"
		"7 packets transmitted, 1 received, 85.7143% packet loss, time 6000ms\n"
		"\n";
	(void)state;

	summary_is(&s, expected);

	for (size_t i = 0; i < sizeof(locales) / sizeof(locales[0]); i++) {
		char probe[16];

		if (!setlocale(LC_NUMERIC, locales[i].name)) {
			print_message("%s not available: locale check skipped\n",
				      locales[i].name);
			continue;
		}
		snprintf(probe, sizeof(probe), "%g", 0.5);
		assert_string_equal(probe, locales[i].half);
		summary_is(&s, expected);
		setlocale(LC_NUMERIC, "C");
	}
	free(st);

	/* 8 sent, 1 received: 87.5. */
	st = run((const int64_t[]){ 1, -2, -2, -2, -2, -2, -2, -2 }, 8);
	s.st = st;
	s.elapsed_us = 7000000;
	summary_is(&s,
		   "\n--- h ping statistics ---\n"
		   "8 packets transmitted, 1 received, 87.5% packet loss, time 7000ms\n"
		   "\n");
	free(st);

	/* 53 sent, 7 received: 86.79245... narrowed to float is 86.79244995...,
	 * so iputils prints 86.7924 where the double would give 86.7925. */
	st = new_stats();
	for (uint16_t q = 1; q <= 53; q++) {
		stats_sent(st, q, 0, 0);
		if (q <= 7)
			stats_count(st, q, false, -1);
	}
	s.st = st;
	s.elapsed_us = 52000000;
	summary_is(&s,
		   "\n--- h ping statistics ---\n"
		   "53 packets transmitted, 7 received, 86.7924% packet loss, time 52000ms\n"
		   "\n");
	free(st);
}

/* ---- SIGQUIT status ---- */

static void status_is(const struct ping_stats *st, bool timing, const char *expected)
{
	struct capture c;

	out_status(cap_open(&c), st, timing);
	check(&c, expected);
}

static void test_status(void **state)
{
	struct ping_stats *st = run((const int64_t[]){ 31, 40, 43 }, 3);
	(void)state;

	/* Reference 2.7, captured. */
	status_is(st, true, "\r3/3 packets, 0% loss, min/avg/ewma/max = 0.031/0.038/0.033/0.043 ms\n");
	status_is(st, false, "\r3/3 packets, 0% loss\n");
	free(st);

	/* Integer loss, truncated: 2 of 3 lost is 66%. */
	st = run((const int64_t[]){ 1500, -2, -2 }, 3);
	status_is(st, true, "\r1/3 packets, 66% loss, min/avg/ewma/max = 1.500/1.500/1.500/1.500 ms\n");
	free(st);

	st = run((const int64_t[]){ -2, -2 }, 2);
	status_is(st, true, "\r0/2 packets, 100% loss\n");
	free(st);

	st = new_stats();
	status_is(st, true, "\r0/0 packets, 0% loss\n");
	free(st);

	/* Only untimed replies: no figures. */
	st = run((const int64_t[]){ -1 }, 1);
	status_is(st, true, "\r1/1 packets, 0% loss\n");
	free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_header_ipv4),
		cmocka_unit_test(test_header_ipv6),
		cmocka_unit_test(test_rtt_format),
		cmocka_unit_test(test_reply_basic),
		cmocka_unit_test(test_reply_truncated),
		cmocka_unit_test(test_reply_flags),
		cmocka_unit_test(test_reply_mismatch_capture),
		cmocka_unit_test(test_reply_mismatch_variants),
		cmocka_unit_test(test_reply_extra_and_bell),
		cmocka_unit_test(test_icmp_lines),
		cmocka_unit_test(test_ip_header_dump),
		cmocka_unit_test(test_no_answer),
		cmocka_unit_test(test_summary_plain),
		cmocka_unit_test(test_summary_capture_delays),
		cmocka_unit_test(test_summary_counts),
		cmocka_unit_test(test_summary_nothing_received),
		cmocka_unit_test(test_summary_untimed),
		cmocka_unit_test(test_summary_pipe),
		cmocka_unit_test(test_summary_ipg),
		cmocka_unit_test(test_summary_loss_and_locale),
		cmocka_unit_test(test_summary_percentiles),
		cmocka_unit_test(test_summary_percentiles_tails_and_wrap),
		cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
