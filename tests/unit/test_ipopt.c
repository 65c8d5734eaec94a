#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "ipopt.h"
#include "output.h"

/* ---- helpers ---- */

static struct in_addr addr(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

/* A heap copy of exactly len bytes, so that ASan sees any overread. */
static uint8_t *exact(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	if (len)
		memcpy(p, src, len);
	return p;
}

/* How the tests name an address: "host (addr)", or NULL for the dotted quad. */
typedef const char *(*addr_fmt)(struct in_addr addr, void *ctx);

/*
 * Formats opts (copied to an exact-size heap buffer) as the program does:
 * the addresses listed first (st unchanged by that), named through fmt
 * (NULL: none named), then formatted.  Checks the length returned and
 * returns the text (caller frees).
 */
static char *render(const uint8_t *opts, size_t len, struct ipopt_state *st,
		    addr_fmt fmt, void *ctx)
{
	uint8_t *p = exact(opts, len);
	struct ipopt_state before = { 0 };
	struct ipopt_names names;
	char store[IPOPT_MAX_ADDRS][64];
	char buf[4096];
	size_t n;

	if (st)
		before = *st;
	ipopt_addresses(p, len, st, &names);
	assert_true(names.n <= IPOPT_MAX_ADDRS);
	if (st) {
		assert_int_equal(st->rr_len, before.rr_len);
		assert_memory_equal(st->rr, before.rr, sizeof(st->rr));
	}
	for (size_t i = 0; i < names.n; i++) {
		const char *t = fmt ? fmt(names.addr[i], ctx) : NULL;

		assert_int_not_equal(names.addr[i].s_addr, 0);
		if (t)
			snprintf(store[i], sizeof(store[i]), "%s", t);
		names.text[i] = t ? store[i] : NULL;
	}
	n = ipopt_format(buf, sizeof(buf), p, len, st, fmt ? &names : NULL);
	assert_int_equal(n, strlen(buf));
	free(p);
	return strdup(buf);
}

static void expect_text(const uint8_t *opts, size_t len, struct ipopt_state *st,
			const char *expected)
{
	char *text = render(opts, len, st, NULL, NULL);

	assert_string_equal(text, expected);
	free(text);
}

/* ---- building ---- */

static void test_build_rr(void **state)
{
	uint8_t buf[IPOPT_SPACE + 4], want[40] = { 1, 7, 39, 4 };
	(void)state;

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_RR, NULL, 0), 40);
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(buf[40], 0xee);
	/* The header counts the same 40 bytes: 56(124). */
	assert_int_equal(20 + 8 + 56 + IPOPT_HEADER_OPTLEN, 124);

	/* Exactly 40 fits; 39 does not and leaves the buffer alone. */
	uint8_t *p = malloc(40);
	assert_non_null(p);
	assert_int_equal(ipopt_build(p, 40, IPOPT_KIND_RR, NULL, 0), 40);
	assert_memory_equal(p, want, sizeof(want));
	free(p);
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ipopt_build(buf, 39, IPOPT_KIND_RR, NULL, 0), 0);
	assert_int_equal(buf[0], 0xee);

	/* -R takes no hops. */
	struct in_addr h = addr("10.0.0.1");
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_RR, &h, 1), 0);
}

static void test_build_ts(void **state)
{
	uint8_t buf[IPOPT_SPACE];
	uint8_t only[40] = { 68, 40, 5, 0 };
	uint8_t and_addr[36] = { 68, 36, 5, 1 };
	struct in_addr h = addr("10.0.0.1");
	(void)state;

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_ONLY, NULL, 0), 40);
	assert_memory_equal(buf, only, sizeof(only));

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_ADDR, NULL, 0), 36);
	assert_memory_equal(buf, and_addr, sizeof(and_addr));
	assert_int_equal(buf[36], 0xee);

	assert_int_equal(ipopt_build(buf, 39, IPOPT_KIND_TS_ONLY, NULL, 0), 0);
	assert_int_equal(ipopt_build(buf, 35, IPOPT_KIND_TS_ADDR, NULL, 0), 0);
	assert_int_equal(ipopt_build(buf, 36, IPOPT_KIND_TS_ADDR, NULL, 0), 36);
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_ONLY, &h, 1), 0);
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_ADDR, &h, 1), 0);
}

static void test_build_prespec(void **state)
{
	uint8_t buf[IPOPT_SPACE];
	struct in_addr hops[5] = {
		addr("10.0.0.1"), addr("192.168.1.2"), addr("172.16.0.3"),
		addr("1.2.3.4"), addr("5.6.7.8"),
	};
	const uint8_t four[36] = {
		68, 36, 5, 3,
		10, 0, 0, 1, 0, 0, 0, 0,
		192, 168, 1, 2, 0, 0, 0, 0,
		172, 16, 0, 3, 0, 0, 0, 0,
		1, 2, 3, 4, 0, 0, 0, 0,
	};
	const uint8_t one[12] = { 68, 12, 5, 3, 10, 0, 0, 1, 0, 0, 0, 0 };
	const uint8_t none[4] = { 68, 4, 5, 3 };
	(void)state;

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_PRESPEC, hops, 4), 36);
	assert_memory_equal(buf, four, sizeof(four));

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_PRESPEC, hops, 1), 12);
	assert_memory_equal(buf, one, sizeof(one));
	assert_int_equal(buf[12], 0xee);

	/* No hops: what iputils sets for a bare "-T tsprespec target". */
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_PRESPEC, NULL, 0), 4);
	assert_memory_equal(buf, none, sizeof(none));

	/* At most 4 hops; every address needs its room. */
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_PRESPEC, hops, 5), 0);
	assert_int_equal(ipopt_build(buf, 35, IPOPT_KIND_TS_PRESPEC, hops, 4), 0);
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_PRESPEC, NULL, 2), 0);

	/* Two hops: exactly 20 bytes needed. */
	assert_int_equal(ipopt_build(buf, 20, IPOPT_KIND_TS_PRESPEC, hops, 2), 20);
	assert_int_equal(buf[1], 20);
	assert_memory_equal(buf + 4, four + 4, 16);
	assert_int_equal(ipopt_build(buf, 19, IPOPT_KIND_TS_PRESPEC, hops, 2), 0);
}

static void test_build_srr(void **state)
{
	uint8_t buf[IPOPT_SPACE];
	struct in_addr hops[10];
	const uint8_t lsrr1[8] = { 1, 131, 7, 4, 10, 0, 0, 1 };
	const uint8_t ssrr2[12] = { 1, 137, 11, 4, 10, 0, 0, 1, 10, 0, 0, 2 };
	char s[16];
	(void)state;

	for (int i = 0; i < 10; i++) {
		snprintf(s, sizeof(s), "10.0.0.%d", i + 1);
		hops[i] = addr(s);
	}

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_LSRR, hops, 1), 8);
	assert_memory_equal(buf, lsrr1, sizeof(lsrr1));
	assert_int_equal(buf[8], 0xee);

	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_SSRR, hops, 2), 12);
	assert_memory_equal(buf, ssrr2, sizeof(ssrr2));

	/* Nine hops fill the 40 bytes: length 39, the last hop at the end. */
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_LSRR, hops, 9), 40);
	assert_int_equal(buf[0], 1);
	assert_int_equal(buf[1], 131);
	assert_int_equal(buf[2], 39);
	assert_int_equal(buf[3], 4);
	for (int i = 0; i < 9; i++)
		assert_memory_equal(buf + 4 + 4 * i, &hops[i].s_addr, 4);

	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_LSRR, hops, 10), 0);
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_LSRR, hops, 0), 0);
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_SSRR, NULL, 1), 0);
	assert_int_equal(ipopt_build(buf, 7, IPOPT_KIND_LSRR, hops, 1), 0);
}

static void test_build_refusals(void **state)
{
	uint8_t buf[IPOPT_SPACE];
	struct in_addr h = addr("10.0.0.1");
	(void)state;

	assert_int_equal(ipopt_build(NULL, 40, IPOPT_KIND_RR, NULL, 0), 0);
	assert_int_equal(ipopt_build(buf, 0, IPOPT_KIND_RR, NULL, 0), 0);
	assert_int_equal(ipopt_build(buf, sizeof(buf), IPOPT_KIND_LSRR, &h, -1), 0);
	assert_int_equal(ipopt_build(buf, sizeof(buf), (enum ipopt_kind)99, NULL, 0), 0);
	assert_int_equal(ipopt_build(buf, sizeof(buf), (enum ipopt_kind)-1, NULL, 0), 0);
}

static void test_ts_retry(void **state)
{
	uint8_t buf[IPOPT_SPACE];
	struct in_addr h = addr("10.0.0.1");
	size_t n;
	(void)state;

	n = ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_ADDR, NULL, 0);
	assert_true(ipopt_ts_retry(buf, n));
	assert_int_equal(buf[3], 2);
	assert_int_equal(buf[1], 36);

	n = ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_PRESPEC, &h, 1);
	assert_true(ipopt_ts_retry(buf, n));
	assert_int_equal(buf[3], 2);

	n = ipopt_build(buf, sizeof(buf), IPOPT_KIND_RR, NULL, 0);
	assert_false(ipopt_ts_retry(buf, n));
	assert_int_equal(buf[3], 4);
	n = ipopt_build(buf, sizeof(buf), IPOPT_KIND_TS_ONLY, NULL, 0);
	assert_false(ipopt_ts_retry(buf, 39));
	assert_false(ipopt_ts_retry(buf, 3));
	assert_false(ipopt_ts_retry(NULL, n));
	assert_int_equal(buf[3], 0);
}

/* ---- printing: the reference captures ---- */

/*
 * The 40 option bytes of a -R reply over loopback, 4 slots used: the
 * kernel echoes the RR option alone (no NOP) and pads with an EOL.
 */
static void rr_reply(uint8_t *o, const char *a[4])
{
	memset(o, 0, IPOPT_SPACE);
	o[0] = 7;
	o[1] = 39;
	o[2] = 20;
	for (int i = 0; i < 4; i++) {
		struct in_addr x = addr(a[i]);
		memcpy(o + 3 + 4 * i, &x.s_addr, 4);
	}
}

static void test_rr_capture(void **state)
{
	const char *lo[4] = { "127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1" };
	uint8_t o[IPOPT_SPACE];
	struct ipopt_state st = { 0 };
	struct out_opts oo = { 0 };
	struct reply_line r = {
		.bytes = 64, .from = "127.0.0.1", .seq = 1, .have_ttl = true,
		.ttl = 64, .rtt_us = 29, .mismatch_at = -1,
	};
	char extra[512], *text = NULL;
	size_t tlen = 0;
	FILE *f;
	(void)state;

	rr_reply(o, lo);

	/* Reference 2.11: "ping -c2 -R 127.0.0.1", whole lines. */
	f = open_memstream(&text, &tlen);
	assert_non_null(f);
	assert_int_equal(ipopt_format(extra, sizeof(extra), o, sizeof(o), &st, NULL), 49);
	r.extra = extra;
	out_reply(f, &oo, &r);
	assert_int_equal(ipopt_format(extra, sizeof(extra), o, sizeof(o), &st, NULL), 13);
	r.seq = 2;
	r.rtt_us = 54;
	out_reply(f, &oo, &r);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(text,
		"64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.029 ms\n"
		"RR: \t127.0.0.1\n"
		"\t127.0.0.1\n"
		"\t127.0.0.1\n"
		"\t127.0.0.1\n"
		"\n"
		"64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.054 ms\t(same route)\n");
	free(text);
}

static void test_rr_route_changes(void **state)
{
	const char *a[4] = { "10.0.0.1", "10.0.1.1", "10.0.1.2", "10.0.0.2" };
	const char *b[4] = { "10.0.0.1", "10.0.1.1", "10.0.1.2", "10.0.0.3" };
	const char *rr_a = "\nRR: \t10.0.0.1\n\t10.0.1.1\n\t10.0.1.2\n\t10.0.0.2\n";
	const char *rr_b = "\nRR: \t10.0.0.1\n\t10.0.1.1\n\t10.0.1.2\n\t10.0.0.3\n";
	uint8_t o[IPOPT_SPACE];
	struct ipopt_state st = { 0 };
	(void)state;

	rr_reply(o, a);
	expect_text(o, sizeof(o), &st, rr_a);
	expect_text(o, sizeof(o), &st, "\t(same route)");

	/* Only the last byte of the last address differs: a new route. */
	rr_reply(o, b);
	expect_text(o, sizeof(o), &st, rr_b);
	expect_text(o, sizeof(o), &st, "\t(same route)");
	rr_reply(o, a);
	expect_text(o, sizeof(o), &st, rr_a);

	/* One more hop recorded: a longer route is another route. */
	o[2] = 24;
	struct in_addr x = addr("10.0.0.9");
	memcpy(o + 19, &x.s_addr, 4);
	expect_text(o, sizeof(o), &st, "\nRR: \t10.0.0.1\n\t10.0.1.1\n\t10.0.1.2\n\t10.0.0.2\n\t10.0.0.9\n");
	expect_text(o, sizeof(o), &st, "\t(same route)");

	/* Without a state there is no memory. */
	expect_text(o, sizeof(o), NULL, "\nRR: \t10.0.0.1\n\t10.0.1.1\n\t10.0.1.2\n\t10.0.0.2\n\t10.0.0.9\n");

	/* Two states are independent. */
	struct ipopt_state other = { 0 };
	rr_reply(o, a);
	expect_text(o, sizeof(o), &other, rr_a);
	expect_text(o, sizeof(o), &st, rr_a);

	/* Unused slots print as 0.0.0.0 when the pointer says they are used. */
	memset(o + 3, 0, 36);
	o[2] = 12;
	expect_text(o, sizeof(o), &st, "\nRR: \t0.0.0.0\n\t0.0.0.0\n");

	/* An empty record (pointer 4) prints nothing and forgets nothing. */
	o[2] = 4;
	expect_text(o, sizeof(o), &st, "");
	o[2] = 12;
	expect_text(o, sizeof(o), &st, "\t(same route)");

	/* A NOP before the option, as in the request we sent. */
	uint8_t with_nop[IPOPT_SPACE] = { 1 };
	memcpy(with_nop + 1, o, IPOPT_SPACE - 1);
	expect_text(with_nop, sizeof(with_nop), &st, "\nNOP\t(same route)");
}

/* "<addr>\t<be32 stamp>" pairs after a TS header. */
static void ts_pairs(uint8_t *o, size_t at, const char *a, uint32_t t)
{
	struct in_addr x = addr(a);

	memcpy(o + at, &x.s_addr, 4);
	o[at + 4] = (uint8_t)(t >> 24);
	o[at + 5] = (uint8_t)(t >> 16);
	o[at + 6] = (uint8_t)(t >> 8);
	o[at + 7] = (uint8_t)t;
}

static void put_be32(uint8_t *p, uint32_t t)
{
	p[0] = (uint8_t)(t >> 24);
	p[1] = (uint8_t)(t >> 16);
	p[2] = (uint8_t)(t >> 8);
	p[3] = (uint8_t)t;
}

static void test_ts_capture(void **state)
{
	/* Reference 2.11: "ping -c1 -T tsandaddr 127.0.0.1", 4 full pairs. */
	uint8_t o[36] = { 68, 36, 37, 1 };
	struct ipopt_state st = { 0 };
	struct out_opts oo = { 0 };
	struct reply_line r = {
		.bytes = 64, .from = "127.0.0.1", .seq = 1, .have_ttl = true,
		.ttl = 64, .rtt_us = 29, .mismatch_at = -1,
	};
	char extra[512], *text = NULL;
	size_t tlen = 0;
	FILE *f;
	(void)state;

	for (int i = 0; i < 4; i++)
		ts_pairs(o, 4 + 8 * (size_t)i, "127.0.0.1", 38352574);
	expect_text(o, sizeof(o), &st,
		    "\nTS: \t127.0.0.1\t38352574 absolute\n"
		    "\t127.0.0.1\t0\n"
		    "\t127.0.0.1\t0\n"
		    "\t127.0.0.1\t0\n");

	f = open_memstream(&text, &tlen);
	assert_non_null(f);
	ipopt_format(extra, sizeof(extra), o, sizeof(o), &st, NULL);
	r.extra = extra;
	out_reply(f, &oo, &r);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(text,
		"64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.029 ms\n"
		"TS: \t127.0.0.1\t38352574 absolute\n"
		"\t127.0.0.1\t0\n"
		"\t127.0.0.1\t0\n"
		"\t127.0.0.1\t0\n"
		"\n");
	free(text);

	/* A timestamp option never says "(same route)". */
	expect_text(o, sizeof(o), &st,
		    "\nTS: \t127.0.0.1\t38352574 absolute\n"
		    "\t127.0.0.1\t0\n"
		    "\t127.0.0.1\t0\n"
		    "\t127.0.0.1\t0\n");
}

static void test_ts_only(void **state)
{
	uint8_t o[40] = { 68, 40, 41, 0 };
	uint32_t t[9] = { 1000, 1001, 1003, 1003, 999, 2000, 2000, 2001, 86399999 };
	(void)state;

	for (int i = 0; i < 9; i++)
		put_be32(o + 4 + 4 * i, t[i]);
	expect_text(o, sizeof(o), NULL,
		    "\nTS: \t1000 absolute\n\t1\n\t2\n\t0\n\t-4\n\t1001\n\t0\n\t1\n\t86397998\n");

	/* Pointer 13: two stamps so far. */
	o[2] = 13;
	expect_text(o, sizeof(o), NULL, "\nTS: \t1000 absolute\n\t1\n");

	/* Pointer 5: nothing recorded, nothing printed. */
	o[2] = 5;
	expect_text(o, sizeof(o), NULL, "");

	/* Overflow count in the flags' high nibble. */
	o[2] = 9;
	o[3] = 0x30;
	expect_text(o, sizeof(o), NULL, "\nTS: \t1000 absolute\nUnrecorded hops: 3\n");
	o[2] = 41;
	o[3] = 0xf0;
	expect_text(o, sizeof(o), NULL,
		    "\nTS: \t1000 absolute\n\t1\n\t2\n\t0\n\t-4\n\t1001\n\t0\n\t1\n\t86397998\n"
		    "Unrecorded hops: 15\n");
}

static void test_ts_not_standard(void **state)
{
	uint8_t o[28] = { 68, 28, 29, 0 };
	(void)state;

	put_be32(o + 4, 0x80000010);
	put_be32(o + 8, 0x80000015);
	put_be32(o + 12, 100);
	put_be32(o + 16, 0x80000020);
	put_be32(o + 20, 150);
	put_be32(o + 24, 0xffffffff);
	expect_text(o, sizeof(o), NULL,
		    "\nTS: \t16 absolute not-standard\n\t5 not-standard\n\t100 absolute\n"
		    "\t11 not-standard\n\t50\n\t2147483615 not-standard\n");

	/* A zero stamp does not start the deltas: the next is absolute too. */
	put_be32(o + 4, 0);
	put_be32(o + 8, 5);
	put_be32(o + 12, 0x80000000);
	put_be32(o + 16, 0x80000007);
	o[2] = 21;
	expect_text(o, sizeof(o), NULL,
		    "\nTS: \t0 absolute\n\t5 absolute\n\t0 absolute not-standard\n"
		    "\t7 absolute not-standard\n");

	/* The largest standard stamp, then a wrap-around delta. */
	put_be32(o + 4, 0x7fffffff);
	put_be32(o + 8, 1);
	o[2] = 13;
	expect_text(o, sizeof(o), NULL, "\nTS: \t2147483647 absolute\n\t-2147483646\n");
}

static void test_ts_prespec_reply(void **state)
{
	/* tsprespec, 2 hops, only the first one stamped; flags 3 prints addresses. */
	uint8_t o[20] = { 68, 20, 13, 3 };
	(void)state;

	ts_pairs(o, 4, "10.0.0.1", 5000);
	ts_pairs(o, 12, "10.0.0.2", 0);
	expect_text(o, sizeof(o), NULL, "\nTS: \t10.0.0.1\t5000 absolute\n");
	o[2] = 21;
	expect_text(o, sizeof(o), NULL, "\nTS: \t10.0.0.1\t5000 absolute\n\t10.0.0.2\t-5000\n");
}

static void test_nop_srr_unknown(void **state)
{
	uint8_t nops[4] = { 1, 1, 1, 0 };
	uint8_t lsrr[12] = { 1, 131, 11, 12, 10, 0, 0, 1, 192, 168, 0, 254 };
	uint8_t ssrr[8] = { 137, 7, 4, 10, 0, 0, 1, 0 };
	uint8_t unknown[8] = { 148, 4, 0, 0, 130, 3, 0, 0 };
	uint8_t empty_srr[4] = { 131, 3, 4, 0 };
	(void)state;

	expect_text(nops, sizeof(nops), NULL, "\nNOP\nNOP\nNOP");
	expect_text(nops, 2, NULL, "\nNOP\nNOP");

	/* Addresses from their own offset, every whole slot. */
	expect_text(lsrr, sizeof(lsrr), NULL, "\nNOP\nLSRR: \t10.0.0.1\n\t192.168.0.254\n");
	expect_text(ssrr, sizeof(ssrr), NULL, "\nSSRR: \t10.0.0.1\n");
	expect_text(empty_srr, sizeof(empty_srr), NULL, "\nLSRR: ");

	/* Router alert and a short security option: lowercase hex, no 0x. */
	expect_text(unknown, sizeof(unknown), NULL, "\nunknown option 94\nunknown option 82");

	/* Nothing at all. */
	expect_text(nops, 0, NULL, "");
	expect_text(nops + 3, 1, NULL, "");
	char buf[8] = "x";
	assert_int_equal(ipopt_format(buf, sizeof(buf), NULL, 40, NULL, NULL), 0);
	assert_string_equal(buf, "");
}

/* ---- names ---- */

struct names {
	int calls;
	char buf[64];
};

static const char *name_of(struct in_addr a, void *ctx)
{
	struct names *n = ctx;
	const uint8_t *b = (const uint8_t *)&a.s_addr;

	n->calls++;
	if (b[3] == 1)
		return NULL;	/* no name: the dotted quad */
	snprintf(n->buf, sizeof(n->buf), "host%u (%u.%u.%u.%u)", b[3],
		 b[0], b[1], b[2], b[3]);
	return n->buf;
}

static void test_names(void **state)
{
	const char *a[4] = { "10.0.0.1", "10.0.0.2", "0.0.0.0", "10.0.0.3" };
	uint8_t o[IPOPT_SPACE];
	struct names n = { 0 };
	char *text;
	(void)state;

	rr_reply(o, a);
	text = render(o, sizeof(o), NULL, name_of, &n);
	assert_string_equal(text,
		"\nRR: \t10.0.0.1\n\thost2 (10.0.0.2)\n\t0.0.0.0\n\thost3 (10.0.0.3)\n");
	free(text);
	/* Each address named once, before formatting; 0.0.0.0 never is. */
	assert_int_equal(n.calls, 3);
}

/* ---- the buffer form ---- */

static void test_format_buffer(void **state)
{
	const char *lo[4] = { "127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1" };
	const char *full = "\nRR: \t127.0.0.1\n\t127.0.0.1\n\t127.0.0.1\n\t127.0.0.1\n";
	uint8_t o[IPOPT_SPACE];
	struct ipopt_state st = { 0 };
	char buf[64];
	(void)state;

	rr_reply(o, lo);

	/* Too small: truncated, terminated, full length returned. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(ipopt_format(buf, 10, o, sizeof(o), &st, NULL), strlen(full));
	assert_string_equal(buf, "\nRR: \t127");
	assert_int_equal(buf[10], 'x');
	/* The state took the route even so. */
	assert_int_equal(ipopt_format(buf, sizeof(buf), o, sizeof(o), &st, NULL), 13);
	assert_string_equal(buf, "\t(same route)");

	/* Sizing with no buffer. */
	struct ipopt_state fresh = { 0 };
	assert_int_equal(ipopt_format(NULL, 0, o, sizeof(o), &fresh, NULL), strlen(full));
	assert_int_equal(ipopt_format(NULL, 100, o, sizeof(o), NULL, NULL), strlen(full));

	/* Size 1: just the terminator. */
	buf[0] = 'x';
	assert_int_equal(ipopt_format(buf, 1, o, sizeof(o), NULL, NULL), strlen(full));
	assert_int_equal(buf[0], '\0');

	/* Nothing to print still yields an empty string. */
	buf[0] = 'x';
	assert_int_equal(ipopt_format(buf, sizeof(buf), o, 0, NULL, NULL), 0);
	assert_string_equal(buf, "");

}

/* ---- malformed input ---- */

static void test_malformed_lengths(void **state)
{
	uint8_t zero_len[4] = { 7, 0, 4, 0 };
	uint8_t one_len[4] = { 68, 1, 5, 0 };
	uint8_t past_end[8] = { 7, 39, 8, 10, 0, 0, 1, 0 };
	uint8_t lone[1] = { 7 };
	uint8_t after_nop[2] = { 1, 68 };
	uint8_t good_then_bad[12] = { 1, 7, 7, 8, 10, 0, 0, 1, 137, 0, 0, 0 };
	uint8_t rr_two[2] = { 7, 2 };
	uint8_t ts_five[5] = { 68, 5, 5, 0, 0 };
	uint8_t srr_short[6] = { 131, 6, 8, 10, 0, 0 };
	(void)state;

	/* A length of 0 or 1 ends the walk; so does one past the data. */
	expect_text(zero_len, sizeof(zero_len), NULL, "");
	expect_text(one_len, sizeof(one_len), NULL, "");
	expect_text(past_end, sizeof(past_end), NULL, "");
	/* A type byte with no length byte after it. */
	expect_text(lone, sizeof(lone), NULL, "");
	expect_text(after_nop, sizeof(after_nop), NULL, "\nNOP");
	/* What came before a bad option is printed. */
	expect_text(good_then_bad, sizeof(good_then_bad), NULL, "\nNOP\nRR: \t10.0.0.1\n");
	/* Options too short for their own fields. */
	expect_text(rr_two, sizeof(rr_two), NULL, "");
	expect_text(ts_five, sizeof(ts_five), NULL, "");
	expect_text(srr_short, sizeof(srr_short), NULL, "\nLSRR: ");
}

static void test_malformed_pointers(void **state)
{
	uint8_t rr[11] = { 7, 11, 200, 10, 0, 0, 1, 10, 0, 0, 2 };
	uint8_t rr_odd_len[9] = { 7, 9, 200, 10, 0, 0, 1, 99, 99 };
	uint8_t ts[12] = { 68, 12, 7, 0 };
	uint8_t ts_addr_cut[10] = { 68, 10, 11, 1, 10, 0, 0, 1, 0, 0 };
	uint8_t ts_past[14] = { 68, 14, 255, 0 };
	struct ipopt_state st = { 0 };
	(void)state;

	/* Pointer past the length: the whole option counts. */
	expect_text(rr, sizeof(rr), &st, "\nRR: \t10.0.0.1\n\t10.0.0.2\n");
	/* Odd pointers: a partly used slot counts as used. */
	rr[2] = 9;
	expect_text(rr, sizeof(rr), &st, "\t(same route)");
	rr[2] = 6;
	expect_text(rr, sizeof(rr), &st, "\nRR: \t10.0.0.1\n");
	rr[2] = 5;
	expect_text(rr, sizeof(rr), &st, "\t(same route)");
	/* Pointers 0..4 record nothing. */
	for (uint8_t p = 0; p <= 4; p++) {
		rr[2] = p;
		expect_text(rr, sizeof(rr), &st, "");
	}
	/* A slot cut by the option's end is not printed. */
	expect_text(rr_odd_len, sizeof(rr_odd_len), NULL, "\nRR: \t10.0.0.1\n");
	rr_odd_len[1] = 6;
	expect_text(rr_odd_len, 6, NULL, "");

	/* Timestamp, odd pointer: one stamp begun, one printed. */
	put_be32(ts + 4, 70);
	put_be32(ts + 8, 80);
	expect_text(ts, sizeof(ts), NULL, "\nTS: \t70 absolute\n");
	/* Pointer past the length. */
	put_be32(ts_past + 4, 70);
	put_be32(ts_past + 8, 75);
	expect_text(ts_past, sizeof(ts_past), NULL, "\nTS: \t70 absolute\n\t5\n");
	/* An address whose stamp would cross the end. */
	expect_text(ts_addr_cut, sizeof(ts_addr_cut), NULL, "\nTS: \t10.0.0.1");
	ts_addr_cut[2] = 200;
	ts_addr_cut[1] = 7;
	expect_text(ts_addr_cut, 7, NULL, "\nTS: ");
}

static void test_longer_than_a_header(void **state)
{
	/* 40 NOPs then an option beyond what an IPv4 header can hold. */
	uint8_t o[48];
	char want[161];
	(void)state;

	memset(o, 1, 40);
	memcpy(o + 40, (const uint8_t[]){ 148, 4, 0, 0, 148, 4, 0, 0 }, 8);
	want[0] = '\0';
	for (int i = 0; i < 40; i++)
		strcat(want, "\nNOP");
	expect_text(o, sizeof(o), NULL, want);

	/* An RR claiming 255 bytes is cut to what there is. */
	uint8_t big[IPOPT_SPACE] = { 7, 255, 255 };
	expect_text(big, sizeof(big), NULL, "");
}

/* Deterministic pseudo-random bytes. */
static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static void test_random_input(void **state)
{
	static const uint8_t types[] = { 0, 1, 7, 68, 131, 137, 148, 255 };
	uint32_t seed = 12345;
	struct ipopt_state st = { 0 };
	struct names n = { 0 };
	uint8_t o[48];
	(void)state;

	for (int iter = 0; iter < 20000; iter++) {
		size_t len = lcg(&seed) % (sizeof(o) + 1);

		for (size_t i = 0; i < len; i++)
			o[i] = (uint8_t)lcg(&seed);
		/* Bias toward plausible options so that the printers run. */
		for (size_t i = 0; i + 3 < len; i += 1 + lcg(&seed) % 12) {
			o[i] = types[lcg(&seed) % sizeof(types)];
			if (lcg(&seed) % 2)
				o[i + 1] = (uint8_t)(lcg(&seed) % (len - i + 2));
			if (lcg(&seed) % 2)
				o[i + 2] = (uint8_t)(lcg(&seed) % 44);
		}
		char *text = render(o, len, (iter & 1) ? &st : NULL,
				    (iter & 2) ? name_of : NULL, &n);
		assert_true(strlen(text) < 4096);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_rr),
		cmocka_unit_test(test_build_ts),
		cmocka_unit_test(test_build_prespec),
		cmocka_unit_test(test_build_srr),
		cmocka_unit_test(test_build_refusals),
		cmocka_unit_test(test_ts_retry),
		cmocka_unit_test(test_rr_capture),
		cmocka_unit_test(test_rr_route_changes),
		cmocka_unit_test(test_ts_capture),
		cmocka_unit_test(test_ts_only),
		cmocka_unit_test(test_ts_not_standard),
		cmocka_unit_test(test_ts_prespec_reply),
		cmocka_unit_test(test_nop_srr_unknown),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_format_buffer),
		cmocka_unit_test(test_malformed_lengths),
		cmocka_unit_test(test_malformed_pointers),
		cmocka_unit_test(test_longer_than_a_header),
		cmocka_unit_test(test_random_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
