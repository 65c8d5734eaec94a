#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <cmocka.h>

#include "auth.h"
#include "cksum.h"
#include "family.h"
#include "packet.h"

#define DATALEN		56
#define ECHO_LEN	(ICMP_HEADER_LEN + DATALEN)

/* Writes v big-endian at p. */
static void be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* Stores the checksum of len bytes at p into p[2..3]. */
static void set_cksum(uint8_t *p, size_t len)
{
	uint16_t s;

	p[2] = 0;
	p[3] = 0;
	s = cksum(p, len);
	memcpy(p + 2, &s, sizeof(s));
}

/*
 * An ICMP echo message of the given type: header, then payload byte
 * i = i & 0xff.  Returns its length.
 */
static size_t put_echo(uint8_t *p, uint8_t type, uint16_t id, uint16_t seq,
		       size_t datalen)
{
	size_t i;

	p[0] = type;
	p[1] = 0;
	be16(p + 4, id);
	be16(p + 6, seq);
	for (i = 0; i < datalen; i++)
		p[ICMP_HEADER_LEN + i] = i & 0xff;
	set_cksum(p, ICMP_HEADER_LEN + datalen);
	return ICMP_HEADER_LEN + datalen;
}

/*
 * An IPv4 header with optlen bytes of options (a multiple of 4: a record
 * route option padded with EOL).  Returns the header length.
 */
static size_t put_ipv4(uint8_t *p, size_t optlen, uint8_t ttl, uint8_t proto,
		       uint16_t total, const char *src, const char *dst)
{
	size_t hlen = 20 + optlen;

	memset(p, 0, hlen);
	p[0] = 0x40 | (uint8_t)(hlen / 4);
	be16(p + 2, total);
	p[8] = ttl;
	p[9] = proto;
	assert_int_equal(inet_pton(AF_INET, src, p + 12), 1);
	assert_int_equal(inet_pton(AF_INET, dst, p + 16), 1);
	if (optlen >= 4) {
		p[20] = 7;
		p[21] = (uint8_t)(optlen - 1);
		p[22] = 4;
	}
	return hlen;
}

/* A 40-byte IPv6 header. */
static size_t put_ipv6(uint8_t *p, uint8_t next, uint16_t paylen,
		       const char *src, const char *dst)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	be16(p + 4, paylen);
	p[6] = next;
	p[7] = 64;
	assert_int_equal(inet_pton(AF_INET6, src, p + 8), 1);
	assert_int_equal(inet_pton(AF_INET6, dst, p + 24), 1);
	return 40;
}

/*
 * Parses len bytes of src from an exact-size heap copy at offset off, so
 * that AddressSanitizer reports any read past the end and off != 0 tests
 * unaligned input.  *base is the allocation, for the caller to free.
 */
static enum reply_kind parse_heap(const struct ping_family *fam, bool raw,
				  const uint8_t *src, size_t len, size_t off,
				  struct reply_info *ri, uint8_t **base)
{
	*base = malloc(off + len + (off + len == 0));
	assert_non_null(*base);
	memcpy(*base + off, src, len);
	return packet_parse_reply(fam, raw, *base + off, len, ri);
}

/* Parses and frees, checking the kind and the reason of a rejection. */
static void expect_malformed(const struct ping_family *fam, bool raw,
			     const uint8_t *src, size_t len, const char *why)
{
	struct reply_info ri;
	uint8_t *base;

	assert_int_equal(parse_heap(fam, raw, src, len, 1, &ri, &base),
			 REPLY_MALFORMED);
	assert_int_equal(ri.kind, REPLY_MALFORMED);
	assert_string_equal(ri.why, why);
	free(base);
}

static void test_fill_sequence(void **state)
{
	uint8_t *p = malloc(301);
	size_t i;

	(void)state;
	assert_non_null(p);
	p[300] = 0xa5;
	packet_fill(p, 300, NULL, 0);
	for (i = 0; i < 300; i++)
		assert_int_equal(p[i], i & 0xff);
	assert_int_equal(p[255], 0xff);
	assert_int_equal(p[256], 0x00);
	assert_int_equal(p[299], 43);
	assert_int_equal(p[300], 0xa5);

	memset(p, 0xee, 301);
	packet_fill(p, 20, (const uint8_t *)"\xab", 0);
	assert_int_equal(p[0], 0);
	assert_int_equal(p[19], 19);
	assert_int_equal(p[20], 0xee);
	free(p);
}

static void test_fill_pattern(void **state)
{
	static const uint8_t pat[] = { 0xab, 0xcd, 0xef };
	static const uint8_t want[] = {
		0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab,
	};
	static const uint8_t long_pat[16] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	};
	uint8_t p[11];

	(void)state;
	memset(p, 0, sizeof(p));
	packet_fill(p, 10, pat, sizeof(pat));
	assert_memory_equal(p, want, sizeof(want));
	assert_int_equal(p[10], 0);

	memset(p, 0, sizeof(p));
	packet_fill(p, 5, long_pat, sizeof(long_pat));
	assert_memory_equal(p, long_pat, 5);
	assert_int_equal(p[5], 0);

	memset(p, 0x77, sizeof(p));
	packet_fill(p, 0, pat, sizeof(pat));
	assert_int_equal(p[0], 0x77);
}

static void test_build_echo_v4(void **state)
{
	struct timeval tv = { .tv_sec = 0x11223344, .tv_usec = 0x55667 };
	uint8_t *pkt = malloc(ECHO_LEN);
	size_t i;

	(void)state;
	assert_non_null(pkt);
	memset(pkt, 0xee, ICMP_HEADER_LEN);
	packet_fill(pkt + ICMP_HEADER_LEN, DATALEN, NULL, 0);
	packet_build_echo(&family_inet, pkt, DATALEN, 0x1234, 0xabcd, &tv, NULL, true);
	assert_int_equal(pkt[0], 8);
	assert_int_equal(pkt[1], 0);
	assert_int_equal(pkt[4], 0x12);
	assert_int_equal(pkt[5], 0x34);
	assert_int_equal(pkt[6], 0xab);
	assert_int_equal(pkt[7], 0xcd);
	assert_memory_equal(pkt + ICMP_HEADER_LEN, &tv, sizeof(tv));
	for (i = PING_STAMP_LEN; i < DATALEN; i++)
		assert_int_equal(pkt[ICMP_HEADER_LEN + i], i);
	assert_int_equal(cksum(pkt, ECHO_LEN), 0);
	assert_false(pkt[2] == 0 && pkt[3] == 0);

	packet_build_echo(&family_inet, pkt, DATALEN, 0x1234, 0xabcd, &tv, NULL, false);
	assert_int_equal(pkt[2], 0);
	assert_int_equal(pkt[3], 0);
	free(pkt);
}

/*
 * With the run's key the code follows the send time, over the id and seq
 * the request leaves with; the fill bytes and the checksum stay right.
 * A payload too short for it carries none.
 */
static void test_build_echo_signed(void **state)
{
	struct timeval tv = { .tv_sec = 0x11223344, .tv_usec = 0x55667 };
	uint8_t key[AUTH_KEY_LEN] = { 3 };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct ping_auth a;
	uint8_t *pkt = malloc(ECHO_LEN);
	size_t i;

	(void)state;
	assert_non_null(pkt);
	assert_int_equal(inet_pton(AF_INET, "198.18.0.1", &dst.sin_addr), 1);
	assert_true(auth_init(&a, key, (struct sockaddr *)&dst));
	packet_fill(pkt + ICMP_HEADER_LEN, DATALEN, NULL, 0);
	packet_build_echo(&family_inet, pkt, DATALEN, 0x1234, 0xabcd, &tv, &a, true);
	assert_memory_equal(pkt + ICMP_HEADER_LEN, &tv, sizeof(tv));
	assert_true(auth_verify(&a, pkt + ICMP_HEADER_LEN, DATALEN, 0x1234, 0xabcd));
	assert_false(auth_verify(&a, pkt + ICMP_HEADER_LEN, DATALEN, 0x1234, 0xabce));
	for (i = AUTH_MIN_DATALEN; i < DATALEN; i++)
		assert_int_equal(pkt[ICMP_HEADER_LEN + i], i);
	assert_int_equal(cksum(pkt, ECHO_LEN), 0);

	packet_fill(pkt + ICMP_HEADER_LEN, DATALEN, NULL, 0);
	packet_build_echo(&family_inet, pkt, AUTH_MIN_DATALEN - 1, 1, 2, &tv, &a, true);
	for (i = PING_STAMP_LEN; i < AUTH_MIN_DATALEN - 1; i++)
		assert_int_equal(pkt[ICMP_HEADER_LEN + i], i);
	free(pkt);
}

static void test_build_echo_known_cksum(void **state)
{
	uint8_t *pkt = malloc(ICMP_HEADER_LEN);

	(void)state;
	assert_non_null(pkt);
	memset(pkt, 0xee, ICMP_HEADER_LEN);
	packet_build_echo(&family_inet, pkt, 0, 1, 1, NULL, NULL, true);
	assert_int_equal(pkt[0], 0x08);
	assert_int_equal(pkt[1], 0x00);
	assert_int_equal(pkt[2], 0xf7);
	assert_int_equal(pkt[3], 0xfd);
	assert_int_equal(pkt[4], 0x00);
	assert_int_equal(pkt[5], 0x01);
	assert_int_equal(pkt[6], 0x00);
	assert_int_equal(pkt[7], 0x01);
	free(pkt);
}

static void test_build_echo_v6(void **state)
{
	struct timeval tv = { .tv_sec = 1700000000, .tv_usec = 999999 };
	uint8_t *pkt = malloc(ECHO_LEN);

	(void)state;
	assert_non_null(pkt);
	memset(pkt, 0xee, ICMP_HEADER_LEN);
	packet_fill(pkt + ICMP_HEADER_LEN, DATALEN, NULL, 0);
	packet_build_echo(&family_inet6, pkt, DATALEN, 0xfffe, 0x0102, &tv, NULL, false);
	assert_int_equal(pkt[0], 128);
	assert_int_equal(pkt[1], 0);
	assert_int_equal(pkt[2], 0);
	assert_int_equal(pkt[3], 0);
	assert_int_equal(pkt[4], 0xff);
	assert_int_equal(pkt[5], 0xfe);
	assert_int_equal(pkt[6], 0x01);
	assert_int_equal(pkt[7], 0x02);
	assert_memory_equal(pkt + ICMP_HEADER_LEN, &tv, sizeof(tv));
	assert_int_equal(pkt[ICMP_HEADER_LEN + 16], 16);
	free(pkt);
}

static void test_build_no_stamp_below_16(void **state)
{
	struct timeval tv = { .tv_sec = 0x7f7f7f7f, .tv_usec = 0x7f7f7 };
	size_t datalen, i;
	uint8_t *pkt;

	(void)state;
	for (datalen = 0; datalen <= PING_STAMP_LEN; datalen++) {
		pkt = malloc(ICMP_HEADER_LEN + datalen + (datalen == 0));
		assert_non_null(pkt);
		packet_fill(pkt + ICMP_HEADER_LEN, datalen, NULL, 0);
		packet_build_echo(&family_inet, pkt, datalen, 7, 9, &tv, NULL, true);
		if (datalen < PING_STAMP_LEN) {
			for (i = 0; i < datalen; i++)
				assert_int_equal(pkt[ICMP_HEADER_LEN + i], i);
		} else {
			assert_memory_equal(pkt + ICMP_HEADER_LEN, &tv, sizeof(tv));
		}
		assert_int_equal(cksum(pkt, ICMP_HEADER_LEN + datalen), 0);
		free(pkt);
	}
}

/* Builds a request with the module, turns it into a reply, parses it. */
static void round_trip(const struct ping_family *fam, size_t off)
{
	struct timeval tv = { .tv_sec = 1234567890, .tv_usec = 123456 };
	uint8_t pkt[ECHO_LEN], *base;
	struct reply_info ri;

	packet_fill(pkt + ICMP_HEADER_LEN, DATALEN, NULL, 0);
	packet_build_echo(fam, pkt, DATALEN, 0xbeef, 65535, &tv, NULL, true);
	pkt[0] = fam->echo_reply;
	set_cksum(pkt, ECHO_LEN);

	assert_int_equal(parse_heap(fam, false, pkt, ECHO_LEN, off, &ri, &base),
			 REPLY_ECHO);
	assert_int_equal(ri.type, fam->echo_reply);
	assert_int_equal(ri.code, 0);
	assert_int_equal(ri.id, 0xbeef);
	assert_int_equal(ri.seq, 65535);
	assert_int_equal(ri.icmp_len, ECHO_LEN);
	assert_ptr_equal(ri.data, base + off + ICMP_HEADER_LEN);
	assert_int_equal(ri.datalen, DATALEN);
	assert_memory_equal(ri.data, &tv, sizeof(tv));
	assert_int_equal(ri.data[DATALEN - 1], DATALEN - 1);
	assert_false(ri.cksum_bad);
	assert_int_equal(ri.ttl, -1);
	assert_null(ri.ipopts);
	assert_int_equal(ri.ipopts_len, 0);
	assert_int_equal(packet_first_mismatch(pkt + ICMP_HEADER_LEN, ri.data,
					       PING_STAMP_LEN, ri.datalen), -1);
	free(base);
}

static void test_round_trip_v4(void **state)
{
	(void)state;
	round_trip(&family_inet, 0);
	round_trip(&family_inet, 1);
}

static void test_round_trip_v6(void **state)
{
	(void)state;
	round_trip(&family_inet6, 0);
	round_trip(&family_inet6, 3);
}

static void test_raw_v6_has_no_ip_header(void **state)
{
	uint8_t pkt[ECHO_LEN], *base;
	struct reply_info ri;

	(void)state;
	put_echo(pkt, 129, 77, 78, DATALEN);
	assert_int_equal(parse_heap(&family_inet6, true, pkt, ECHO_LEN, 1, &ri, &base),
			 REPLY_ECHO);
	assert_int_equal(ri.id, 77);
	assert_int_equal(ri.seq, 78);
	assert_int_equal(ri.icmp_len, ECHO_LEN);
	assert_int_equal(ri.ttl, -1);
	assert_false(ri.cksum_bad);
	free(base);
}

/* A raw IPv4 echo reply with optlen bytes of IP options. */
static size_t raw_v4_reply(uint8_t *p, size_t optlen, uint16_t total)
{
	size_t hlen = put_ipv4(p, optlen, 57, IPPROTO_ICMP, total,
			       "192.0.2.1", "198.51.100.2");

	return hlen + put_echo(p + hlen, 0, 0x0a0b, 0x0c0d, DATALEN);
}

/* Parses a raw IPv4 echo reply whose IP total length says total. */
static void check_raw_v4(size_t optlen, uint16_t total, size_t off)
{
	uint8_t pkt[60 + ECHO_LEN], *base;
	struct reply_info ri;
	size_t len = raw_v4_reply(pkt, optlen, total);
	size_t hlen = 20 + optlen;

	assert_int_equal(len, hlen + ECHO_LEN);
	assert_int_equal(parse_heap(&family_inet, true, pkt, len, off, &ri, &base),
			 REPLY_ECHO);
	assert_int_equal(ri.type, 0);
	assert_int_equal(ri.id, 0x0a0b);
	assert_int_equal(ri.seq, 0x0c0d);
	assert_int_equal(ri.ttl, 57);
	assert_int_equal(ri.icmp_len, ECHO_LEN);
	assert_int_equal(ri.datalen, DATALEN);
	assert_ptr_equal(ri.data, base + off + hlen + ICMP_HEADER_LEN);
	assert_false(ri.cksum_bad);
	if (optlen == 0) {
		assert_null(ri.ipopts);
		assert_int_equal(ri.ipopts_len, 0);
	} else {
		assert_ptr_equal(ri.ipopts, base + off + 20);
		assert_int_equal(ri.ipopts_len, optlen);
		assert_int_equal(ri.ipopts[0], 7);
		assert_int_equal(ri.ipopts[1], optlen - 1);
	}
	free(base);
}

static void test_raw_v4(void **state)
{
	(void)state;
	check_raw_v4(0, 20 + ECHO_LEN, 0);
	check_raw_v4(0, 20 + ECHO_LEN, 1);
}

static void test_raw_v4_options(void **state)
{
	(void)state;
	check_raw_v4(4, 24 + ECHO_LEN, 1);
	check_raw_v4(12, 32 + ECHO_LEN, 2);
	check_raw_v4(40, 60 + ECHO_LEN, 1);
}

static void test_raw_v4_total_length_ignored(void **state)
{
	(void)state;
	check_raw_v4(0, 20, 1);
	check_raw_v4(0, 65535, 1);
	check_raw_v4(8, 0, 1);
}

static void test_bad_checksum(void **state)
{
	uint8_t pkt[20 + ECHO_LEN], *base;
	struct reply_info ri;
	size_t len = raw_v4_reply(pkt, 0, sizeof(pkt));

	(void)state;
	pkt[20 + 40] ^= 0x01;
	assert_int_equal(parse_heap(&family_inet, true, pkt, len, 1, &ri, &base),
			 REPLY_ECHO);
	assert_true(ri.cksum_bad);
	assert_int_equal(ri.seq, 0x0c0d);
	free(base);

	pkt[20 + 40] ^= 0x01;
	pkt[20 + 2] ^= 0x80;
	assert_int_equal(parse_heap(&family_inet, true, pkt, len, 1, &ri, &base),
			 REPLY_ECHO);
	assert_true(ri.cksum_bad);
	free(base);

	/* Datagram sockets: the kernel checked it; we do not. */
	assert_int_equal(parse_heap(&family_inet, false, pkt + 20, ECHO_LEN, 1,
				    &ri, &base), REPLY_ECHO);
	assert_false(ri.cksum_bad);
	free(base);
}

static void test_truncated_echo(void **state)
{
	const struct ping_family *fams[] = { &family_inet, &family_inet6 };
	uint8_t pkt[ECHO_LEN], *base;
	struct reply_info ri;
	char why[96];
	size_t f, len;

	(void)state;
	for (f = 0; f < 2; f++) {
		put_echo(pkt, fams[f]->echo_reply, 5, 6, DATALEN);
		for (len = 0; len <= ECHO_LEN; len++) {
			if (len < ICMP_HEADER_LEN) {
				snprintf(why, sizeof(why), "packet too short (%zu bytes)", len);
				expect_malformed(fams[f], false, pkt, len, why);
				continue;
			}
			assert_int_equal(parse_heap(fams[f], false, pkt, len, 1, &ri, &base),
					 REPLY_ECHO);
			assert_int_equal(ri.icmp_len, len);
			assert_int_equal(ri.datalen, len - ICMP_HEADER_LEN);
			assert_int_equal(ri.id, 5);
			assert_int_equal(ri.seq, 6);
			free(base);
		}
	}
}

static void test_truncated_raw_v4(void **state)
{
	static const size_t optlens[] = { 0, 8, 40 };
	uint8_t pkt[60 + ECHO_LEN], *base;
	struct reply_info ri;
	char why[96];
	size_t o, len, full, hlen;

	(void)state;
	for (o = 0; o < 3; o++) {
		hlen = 20 + optlens[o];
		full = raw_v4_reply(pkt, optlens[o], 0);
		for (len = 0; len <= full; len++) {
			if (len < 20) {
				snprintf(why, sizeof(why), "packet too short (%zu bytes)", len);
				expect_malformed(&family_inet, true, pkt, len, why);
			} else if (len < hlen) {
				snprintf(why, sizeof(why), "bad IP header length (%zu bytes)", hlen);
				expect_malformed(&family_inet, true, pkt, len, why);
			} else if (len < hlen + ICMP_HEADER_LEN) {
				snprintf(why, sizeof(why), "packet too short (%zu bytes)",
					 len - hlen);
				assert_int_equal(parse_heap(&family_inet, true, pkt, len, 1,
							    &ri, &base), REPLY_MALFORMED);
				assert_string_equal(ri.why, why);
				assert_int_equal(ri.ttl, 57);
				free(base);
			} else {
				assert_int_equal(parse_heap(&family_inet, true, pkt, len, 1,
							    &ri, &base), REPLY_ECHO);
				assert_int_equal(ri.icmp_len, len - hlen);
				assert_int_equal(ri.datalen, len - hlen - ICMP_HEADER_LEN);
				assert_int_equal(ri.ttl, 57);
				if (len == full)
					assert_false(ri.cksum_bad);
				free(base);
			}
		}
	}
}

static void test_bogus_ihl(void **state)
{
	uint8_t pkt[20 + ECHO_LEN];
	char why[96];
	size_t len = raw_v4_reply(pkt, 0, sizeof(pkt));
	unsigned ihl;

	(void)state;
	for (ihl = 0; ihl < 5; ihl++) {
		pkt[0] = 0x40 | ihl;
		snprintf(why, sizeof(why), "bad IP header length (%u bytes)", ihl * 4);
		expect_malformed(&family_inet, true, pkt, len, why);
	}
	pkt[0] = 0x4f;
	expect_malformed(&family_inet, true, pkt, 59, "bad IP header length (60 bytes)");
	expect_malformed(&family_inet, true, pkt, 40, "bad IP header length (60 bytes)");
}

static void test_wrong_ip_version(void **state)
{
	uint8_t pkt[20 + ECHO_LEN];
	size_t len = raw_v4_reply(pkt, 0, sizeof(pkt));

	(void)state;
	pkt[0] = 0x65;
	expect_malformed(&family_inet, true, pkt, len, "not an IPv4 packet (version 6)");
	pkt[0] = 0x05;
	expect_malformed(&family_inet, true, pkt, len, "not an IPv4 packet (version 0)");
	pkt[0] = 0xf5;
	expect_malformed(&family_inet, true, pkt, len, "not an IPv4 packet (version 15)");
}

/* Parses and frees, expecting REPLY_OTHER with these fields and no id/seq. */
static void expect_other(const struct ping_family *fam, bool raw,
			 const uint8_t *pkt, size_t len, uint8_t type,
			 uint8_t code, uint32_t info)
{
	struct reply_info ri;
	uint8_t *base;

	assert_int_equal(parse_heap(fam, raw, pkt, len, 1, &ri, &base), REPLY_OTHER);
	assert_int_equal(ri.type, type);
	assert_int_equal(ri.code, code);
	assert_int_equal(ri.info, info);
	assert_int_equal(ri.id, 0);
	assert_int_equal(ri.seq, 0);
	assert_int_equal(ri.icmp_len, raw && fam->af == AF_INET ? len - 20 : len);
	free(base);
}

/* Parses and frees, expecting REPLY_FOREIGN: an error about someone else's packet. */
static void expect_foreign(const struct ping_family *fam, bool raw,
			   const uint8_t *pkt, size_t len)
{
	struct reply_info ri;
	uint8_t *base;

	assert_int_equal(parse_heap(fam, raw, pkt, len, 1, &ri, &base), REPLY_FOREIGN);
	assert_int_equal(ri.id, 0);
	assert_int_equal(ri.seq, 0);
	free(base);
}

static void test_foreign_types(void **state)
{
	uint8_t pkt[20 + ECHO_LEN];
	size_t len;

	(void)state;
	/* Another host's echo request seen on a raw socket. */
	len = raw_v4_reply(pkt, 0, sizeof(pkt));
	pkt[20] = 8;
	set_cksum(pkt + 20, ECHO_LEN);
	expect_other(&family_inet, true, pkt, len, 8, 0, 0x0a0b0c0d);

	/* A timestamp request, 20 bytes. */
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 13;
	pkt[4] = 0x12;
	pkt[5] = 0x34;
	pkt[7] = 0x01;
	expect_other(&family_inet, false, pkt, 20, 13, 0, 0x12340001);

	/* An echo reply is a reply only in its own family. */
	put_echo(pkt, 0, 1, 2, 8);
	expect_other(&family_inet6, false, pkt, 16, 0, 0, 0x00010002);
	put_echo(pkt, 129, 1, 2, 8);
	expect_other(&family_inet, false, pkt, 16, 129, 0, 0x00010002);

	/* Neighbour solicitation and an echo request in IPv6. */
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 135;
	pkt[4] = 0xde;
	pkt[7] = 0xad;
	expect_other(&family_inet6, true, pkt, 24, 135, 0, 0xde0000ad);
	put_echo(pkt, 128, 3, 4, 0);
	expect_other(&family_inet6, false, pkt, 8, 128, 0, 0x00030004);
}

/*
 * An ICMPv4 error quoting an IP packet: error header (type, code, the
 * 4 info bytes), the quoted IPv4 header with inner_optlen options and the
 * first bytes of an ICMP message of quoted_type.
 */
static size_t put_quote_v4(uint8_t *p, uint8_t type, uint8_t code,
			   uint32_t info, size_t inner_optlen, uint8_t proto,
			   uint8_t quoted_type, size_t quoted_datalen)
{
	size_t hlen;

	memset(p, 0, ICMP_HEADER_LEN);
	p[0] = type;
	p[1] = code;
	p[4] = info >> 24;
	p[5] = (info >> 16) & 0xff;
	p[6] = (info >> 8) & 0xff;
	p[7] = info & 0xff;
	hlen = put_ipv4(p + ICMP_HEADER_LEN, inner_optlen, 1, proto, 84,
			"198.51.100.2", "192.0.2.7");
	put_echo(p + ICMP_HEADER_LEN + hlen, quoted_type, 0x4242, 7, quoted_datalen);
	set_cksum(p, ICMP_HEADER_LEN + hlen + ICMP_HEADER_LEN + quoted_datalen);
	return ICMP_HEADER_LEN + hlen + ICMP_HEADER_LEN + quoted_datalen;
}

/* Parses and frees, expecting a quote of the request built by put_quote_v4. */
static void expect_quote_v4(bool raw, const uint8_t *pkt, size_t len,
			    uint8_t type, uint8_t code, uint32_t info)
{
	struct reply_info ri;
	struct in_addr want;
	uint8_t *base;

	assert_int_equal(inet_pton(AF_INET, "192.0.2.7", &want), 1);
	assert_int_equal(parse_heap(&family_inet, raw, pkt, len, 1, &ri, &base),
			 REPLY_QUOTE);
	assert_int_equal(ri.type, type);
	assert_int_equal(ri.code, code);
	assert_int_equal(ri.info, info);
	assert_int_equal(ri.id, 0x4242);
	assert_int_equal(ri.seq, 7);
	assert_memory_equal(&ri.quoted_dst4, &want, sizeof(want));
	/* The quoted header itself, options included, for -v's dump. */
	assert_ptr_equal(ri.quoted_ip, base + 1 + (raw ? 20 : 0) + ICMP_HEADER_LEN);
	assert_int_equal(ri.quoted_ip_len, (size_t)(ri.quoted_ip[0] & 0x0f) * 4);
	assert_memory_equal(ri.quoted_ip + 16, &want, sizeof(want));
	assert_int_equal(ri.icmp_len, raw ? len - 20 : len);
	assert_false(ri.cksum_bad);
	assert_null(ri.data);
	free(base);
}

static void test_quote_v4(void **state)
{
	uint8_t pkt[20 + 128];
	size_t len;

	(void)state;
	len = put_quote_v4(pkt, 3, 1, 0, 0, IPPROTO_ICMP, 8, 0);
	assert_int_equal(len, 36);
	expect_quote_v4(false, pkt, len, 3, 1, 0);

	/* A quoted header with options: 24 bytes of it. */
	len = put_quote_v4(pkt, 5, 1, 0x0a000001, 4, IPPROTO_ICMP, 8, 0);
	assert_int_equal(len, 40);
	expect_quote_v4(false, pkt, len, 5, 1, 0x0a000001);

	len = put_quote_v4(pkt, 3, 4, 1400, 0, IPPROTO_ICMP, 8, DATALEN);
	expect_quote_v4(false, pkt, len, 3, 4, 1400);

	len = put_quote_v4(pkt, 11, 0, 0, 8, IPPROTO_ICMP, 8, 0);
	expect_quote_v4(false, pkt, len, 11, 0, 0);

	len = put_quote_v4(pkt, 12, 0, 0x14000000, 0, IPPROTO_ICMP, 8, 0);
	expect_quote_v4(false, pkt, len, 12, 0, 0x14000000);

	len = put_quote_v4(pkt, 4, 0, 0, 0, IPPROTO_ICMP, 8, 0);
	expect_quote_v4(false, pkt, len, 4, 0, 0);

	/* A redirect: the new gateway 10.0.0.1 in the info word. */
	len = put_quote_v4(pkt + 20, 5, 1, 0x0a000001, 0, IPPROTO_ICMP, 8, 0);
	put_ipv4(pkt, 0, 255, IPPROTO_ICMP, (uint16_t)(20 + len), "10.0.0.254",
		 "198.51.100.2");
	expect_quote_v4(true, pkt, 20 + len, 5, 1, 0x0a000001);
}

static void test_quote_v4_truncated(void **state)
{
	static const size_t inner_opts[] = { 0, 4 };
	uint8_t pkt[20 + 128], *base;
	struct reply_info ri;
	char why[96];
	size_t i, full, len, inner;

	(void)state;
	for (i = 0; i < 2; i++) {
		inner = 20 + inner_opts[i];
		full = put_quote_v4(pkt, 3, 3, 0, inner_opts[i], IPPROTO_ICMP, 8, 0);
		for (len = 0; len <= full; len++) {
			if (len < ICMP_HEADER_LEN) {
				snprintf(why, sizeof(why), "packet too short (%zu bytes)", len);
				expect_malformed(&family_inet, false, pkt, len, why);
				continue;
			}
			/* Too little of the quote to see an echo request: someone else's. */
			if (len < ICMP_HEADER_LEN + inner + ICMP_HEADER_LEN) {
				expect_foreign(&family_inet, false, pkt, len);
				continue;
			}
			assert_int_equal(parse_heap(&family_inet, false, pkt, len, 1,
						    &ri, &base), REPLY_QUOTE);
			assert_int_equal(ri.seq, 7);
			free(base);
		}

		/* The same behind an outer IP header on a raw socket. */
		full = put_quote_v4(pkt + 20, 3, 3, 0, inner_opts[i], IPPROTO_ICMP, 8, 0);
		put_ipv4(pkt, 0, 64, IPPROTO_ICMP, 0, "192.0.2.254", "198.51.100.2");
		for (len = 20; len <= 20 + full; len++) {
			if (len < 20 + ICMP_HEADER_LEN) {
				assert_int_equal(parse_heap(&family_inet, true, pkt, len, 1,
							    &ri, &base), REPLY_MALFORMED);
				free(base);
				continue;
			}
			if (len < 20 + ICMP_HEADER_LEN + inner + ICMP_HEADER_LEN) {
				expect_foreign(&family_inet, true, pkt, len);
				continue;
			}
			expect_quote_v4(true, pkt, len, 3, 3, 0);
		}
	}
}

static void test_quote_v4_not_echo(void **state)
{
	uint8_t pkt[128], *base;
	struct reply_info ri;
	struct in_addr zero = { 0 };
	size_t len;

	(void)state;
	/* A quoted UDP datagram. */
	len = put_quote_v4(pkt, 3, 3, 0, 0, IPPROTO_UDP, 8, 0);
	assert_int_equal(parse_heap(&family_inet, false, pkt, len, 1, &ri, &base),
			 REPLY_FOREIGN);
	assert_int_equal(ri.type, 3);
	assert_int_equal(ri.code, 3);
	assert_int_equal(ri.id, 0);
	assert_int_equal(ri.seq, 0);
	assert_memory_equal(&ri.quoted_dst4, &zero, sizeof(zero));
	free(base);

	/* A quoted ICMP timestamp request, and a quoted echo reply. */
	len = put_quote_v4(pkt, 11, 0, 0, 0, IPPROTO_ICMP, 13, 0);
	expect_foreign(&family_inet, false, pkt, len);
	len = put_quote_v4(pkt, 11, 0, 0, 0, IPPROTO_ICMP, 0, 0);
	expect_foreign(&family_inet, false, pkt, len);
}

static void test_quote_v4_bad_inner_header(void **state)
{
	uint8_t pkt[128];
	size_t len;

	(void)state;
	/* Not IPv4, a header shorter than 20 bytes, one longer than what came. */
	len = put_quote_v4(pkt, 3, 1, 0, 0, IPPROTO_ICMP, 8, 0);
	pkt[ICMP_HEADER_LEN] = 0x65;
	expect_foreign(&family_inet, false, pkt, len);
	pkt[ICMP_HEADER_LEN] = 0x44;
	expect_foreign(&family_inet, false, pkt, len);
	pkt[ICMP_HEADER_LEN] = 0x4f;
	expect_foreign(&family_inet, false, pkt, len);
	pkt[ICMP_HEADER_LEN] = 0x45;
	expect_quote_v4(false, pkt, len, 3, 1, 0);
}

/* An ICMPv6 error quoting an IPv6 packet whose next header is next. */
static size_t put_quote_v6(uint8_t *p, uint8_t type, uint8_t code,
			   uint32_t info, uint8_t next, uint8_t quoted_type)
{
	memset(p, 0, ICMP_HEADER_LEN);
	p[0] = type;
	p[1] = code;
	p[4] = info >> 24;
	p[5] = (info >> 16) & 0xff;
	p[6] = (info >> 8) & 0xff;
	p[7] = info & 0xff;
	put_ipv6(p + ICMP_HEADER_LEN, next, 64, "2001:db8::1", "2001:db8::7");
	put_echo(p + ICMP_HEADER_LEN + 40, quoted_type, 0x9999, 300, 0);
	return ICMP_HEADER_LEN + 40 + ICMP_HEADER_LEN;
}

static void test_quote_v6(void **state)
{
	static const uint8_t types[] = { 1, 2, 3, 4 };
	uint8_t pkt[64], *base;
	struct reply_info ri;
	struct in6_addr want;
	size_t len, t;

	(void)state;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::7", &want), 1);
	for (t = 0; t < 4; t++) {
		len = put_quote_v6(pkt, types[t], 3, t == 1 ? 1280 : 0,
				   IPPROTO_ICMPV6, 128);
		assert_int_equal(len, 56);
		assert_int_equal(parse_heap(&family_inet6, true, pkt, len, 1, &ri, &base),
				 REPLY_QUOTE);
		assert_int_equal(ri.type, types[t]);
		assert_int_equal(ri.code, 3);
		assert_int_equal(ri.info, t == 1 ? 1280 : 0);
		assert_int_equal(ri.id, 0x9999);
		assert_int_equal(ri.seq, 300);
		assert_int_equal(ri.icmp_len, 56);
		assert_int_equal(ri.ttl, -1);
		assert_memory_equal(&ri.quoted_dst6, &want, sizeof(want));
		free(base);
	}
}

static void test_quote_v6_truncated(void **state)
{
	uint8_t pkt[64], *base;
	struct reply_info ri;
	char why[96];
	size_t full, len;

	(void)state;
	full = put_quote_v6(pkt, 1, 0, 0, IPPROTO_ICMPV6, 128);
	for (len = 0; len <= full; len++) {
		if (len < ICMP_HEADER_LEN) {
			snprintf(why, sizeof(why), "packet too short (%zu bytes)", len);
			expect_malformed(&family_inet6, false, pkt, len, why);
		} else if (len < full) {
			expect_foreign(&family_inet6, false, pkt, len);
		} else {
			assert_int_equal(parse_heap(&family_inet6, false, pkt, len, 1,
						    &ri, &base), REPLY_QUOTE);
			assert_int_equal(ri.seq, 300);
			free(base);
		}
	}
}

static void test_quote_v6_not_echo(void **state)
{
	uint8_t pkt[64];
	size_t len;

	(void)state;
	len = put_quote_v6(pkt, 1, 4, 0, IPPROTO_UDP, 128);
	expect_foreign(&family_inet6, false, pkt, len);
	len = put_quote_v6(pkt, 3, 0, 0, IPPROTO_ICMPV6, 129);
	expect_foreign(&family_inet6, false, pkt, len);
	/* An ICMPv4-style quote means nothing to IPv6: type 11 is not an error there. */
	len = put_quote_v4(pkt, 11, 0, 0, 0, IPPROTO_ICMP, 8, 0);
	expect_other(&family_inet6, false, pkt, len, 11, 0, 0);
}

static void test_unaligned_everywhere(void **state)
{
	uint8_t pkt[60 + ECHO_LEN], *base;
	struct reply_info ri;
	size_t off, len;

	(void)state;
	len = raw_v4_reply(pkt, 4, 0);
	for (off = 0; off < 8; off++) {
		assert_int_equal(parse_heap(&family_inet, true, pkt, len, off, &ri, &base),
				 REPLY_ECHO);
		assert_int_equal(ri.id, 0x0a0b);
		assert_int_equal(ri.seq, 0x0c0d);
		assert_false(ri.cksum_bad);
		assert_ptr_equal(ri.ipopts, base + off + 20);
		free(base);
	}
	len = put_quote_v6(pkt, 2, 0, 0x00010203, IPPROTO_ICMPV6, 128);
	for (off = 0; off < 8; off++) {
		assert_int_equal(parse_heap(&family_inet6, false, pkt, len, off, &ri, &base),
				 REPLY_QUOTE);
		assert_int_equal(ri.info, 0x00010203);
		assert_int_equal(ri.seq, 300);
		free(base);
	}
}

static void test_first_mismatch(void **state)
{
	uint8_t sent[DATALEN], got[DATALEN];

	(void)state;
	packet_fill(sent, DATALEN, NULL, 0);
	memcpy(got, sent, DATALEN);
	assert_int_equal(packet_first_mismatch(sent, got, 16, DATALEN), -1);
	got[10] = 0x55;
	assert_int_equal(packet_first_mismatch(sent, got, 16, DATALEN), -1);
	assert_int_equal(packet_first_mismatch(sent, got, 0, DATALEN), 10);
	got[32] = 0x55;
	got[40] = 0x55;
	assert_int_equal(packet_first_mismatch(sent, got, 16, DATALEN), 32);
	assert_int_equal(packet_first_mismatch(sent, got, 16, 32), -1);
	assert_int_equal(packet_first_mismatch(sent, got, 33, DATALEN), 40);
	got[16] = 0;
	assert_int_equal(packet_first_mismatch(sent, got, 16, DATALEN), 16);
	memcpy(got, sent, DATALEN);
	got[DATALEN - 1] ^= 0xff;
	assert_int_equal(packet_first_mismatch(sent, got, 16, DATALEN), DATALEN - 1);
	assert_int_equal(packet_first_mismatch(sent, got, 16, 16), -1);
	assert_int_equal(packet_first_mismatch(sent, got, 20, 10), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill_sequence),
		cmocka_unit_test(test_fill_pattern),
		cmocka_unit_test(test_build_echo_v4),
		cmocka_unit_test(test_build_echo_signed),
		cmocka_unit_test(test_build_echo_known_cksum),
		cmocka_unit_test(test_build_echo_v6),
		cmocka_unit_test(test_build_no_stamp_below_16),
		cmocka_unit_test(test_round_trip_v4),
		cmocka_unit_test(test_round_trip_v6),
		cmocka_unit_test(test_raw_v6_has_no_ip_header),
		cmocka_unit_test(test_raw_v4),
		cmocka_unit_test(test_raw_v4_options),
		cmocka_unit_test(test_raw_v4_total_length_ignored),
		cmocka_unit_test(test_bad_checksum),
		cmocka_unit_test(test_truncated_echo),
		cmocka_unit_test(test_truncated_raw_v4),
		cmocka_unit_test(test_bogus_ihl),
		cmocka_unit_test(test_wrong_ip_version),
		cmocka_unit_test(test_foreign_types),
		cmocka_unit_test(test_quote_v4),
		cmocka_unit_test(test_quote_v4_truncated),
		cmocka_unit_test(test_quote_v4_not_echo),
		cmocka_unit_test(test_quote_v4_bad_inner_header),
		cmocka_unit_test(test_quote_v6),
		cmocka_unit_test(test_quote_v6_truncated),
		cmocka_unit_test(test_quote_v6_not_echo),
		cmocka_unit_test(test_unaligned_everywhere),
		cmocka_unit_test(test_first_mismatch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
