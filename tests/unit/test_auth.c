/*
 * Unit tests for ping/core/auth.c: SipHash-2-4 against the published
 * vectors, the run's code against the one-shot hash of its documented
 * message, and what a reply must carry to verify.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "auth.h"
#include "msgbuild.h"

static uint8_t key_a[AUTH_KEY_LEN];

static int setup_key(void **state)
{
	(void)state;
	for (size_t i = 0; i < AUTH_KEY_LEN; i++)
		key_a[i] = (uint8_t)i;
	return 0;
}

/* An exact-size heap copy, so that a read past len is caught by the sanitizers. */
static uint8_t *exact(const uint8_t *m, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, m, len);
	return p;
}

static void test_siphash_vectors(void **state)
{
	/* The reference vectors of the SipHash paper: key 00..0f, message
	 * 00 01 02 ... of the given length. */
	static const struct {
		size_t len;
		uint64_t out;
	} t[] = {
		{ 0, 0x726fdb47dd0e0e31ULL },
		{ 1, 0x74f839c593dc67fdULL },
		{ 2, 0x0d6c8009d9a94f5aULL },
		{ 7, 0xab0200f58b01d137ULL },
		{ 8, 0x93f5f5799a932462ULL },
		{ 15, 0xa129ca6149be45e5ULL },
	};
	uint8_t m[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t *p = exact(m, t[i].len);

		assert_true(siphash24(key_a, p, t[i].len) == t[i].out);
		free(p);
	}
}

/* The documented 37-byte message, hashed in one go. */
static uint64_t by_the_book(const uint8_t key[AUTH_KEY_LEN], const char *dst,
			    const uint8_t stamp[16], uint16_t id, uint16_t seq)
{
	uint8_t m[37] = { [10] = 0xff, [11] = 0xff };
	struct sockaddr_storage d = mb_addr(dst);

	if (d.ss_family == AF_INET)
		memcpy(m + 12, &((struct sockaddr_in *)&d)->sin_addr, 4);
	else
		memcpy(m, &((struct sockaddr_in6 *)&d)->sin6_addr, 16);
	memcpy(m + 16, stamp, 16);
	m[32] = (uint8_t)(id >> 8);
	m[33] = (uint8_t)id;
	m[34] = (uint8_t)(seq >> 8);
	m[35] = (uint8_t)seq;
	m[36] = d.ss_family == AF_INET ? 4 : 6;
	return siphash24(key, m, sizeof(m));
}

/* The precomputed destination blocks give the same code as the whole message. */
static void test_code_is_the_documented_hash(void **state)
{
	static const char *const dsts[] = { "198.18.0.1", "2001:db8::1", "::ffff:198.18.0.1" };
	struct ping_auth a;
	uint8_t stamp[16];

	(void)state;
	for (size_t i = 0; i < 16; i++)
		stamp[i] = (uint8_t)(0xa0 + i);
	for (size_t i = 0; i < sizeof(dsts) / sizeof(dsts[0]); i++) {
		struct sockaddr_storage d = mb_addr(dsts[i]);

		assert_true(auth_init(&a, key_a, (struct sockaddr *)&d));
		assert_true(auth_code(&a, stamp, 0x1234, 7) == by_the_book(key_a, dsts[i], stamp, 0x1234, 7));
		assert_true(auth_code(&a, stamp, 0, 65535) == by_the_book(key_a, dsts[i], stamp, 0, 65535));
	}
}

/* An IPv4 destination and its IPv4-mapped IPv6 form are different messages. */
static void test_families_differ(void **state)
{
	struct sockaddr_storage d4 = mb_addr("198.18.0.1"), d6 = mb_addr("::ffff:198.18.0.1");
	struct ping_auth a4, a6;
	uint8_t stamp[16] = { 1 };

	(void)state;
	assert_true(auth_init(&a4, key_a, (struct sockaddr *)&d4));
	assert_true(auth_init(&a6, key_a, (struct sockaddr *)&d6));
	assert_true(auth_code(&a4, stamp, 1, 1) != auth_code(&a6, stamp, 1, 1));
}

static void test_unknown_family(void **state)
{
	struct sockaddr_storage d;
	struct ping_auth a;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.ss_family = AF_UNIX;
	assert_false(auth_init(&a, key_a, (struct sockaddr *)&d));
}

/* A signed payload verifies; any change to what the code covers breaks it. */
static void test_sign_and_verify(void **state)
{
	struct sockaddr_storage d = mb_addr("198.18.0.1"), other = mb_addr("198.18.0.2");
	struct ping_auth a, a_other_dst, a_other_key;
	uint8_t key_b[AUTH_KEY_LEN] = { 1 };
	uint8_t p[56], q[56];

	(void)state;
	for (size_t i = 0; i < sizeof(p); i++)
		p[i] = (uint8_t)i;
	assert_true(auth_init(&a, key_a, (struct sockaddr *)&d));
	assert_true(auth_init(&a_other_dst, key_a, (struct sockaddr *)&other));
	assert_true(auth_init(&a_other_key, key_b, (struct sockaddr *)&d));
	auth_sign(&a, p, 0x4242, 9);
	/* Only bytes 16..23 are written. */
	for (size_t i = 0; i < sizeof(p); i++)
		if (i < 16 || i >= 24)
			assert_int_equal(p[i], (uint8_t)i);
	assert_true(auth_verify(&a, p, sizeof(p), 0x4242, 9));
	assert_true(auth_verify(&a, p, 24, 0x4242, 9));
	assert_false(auth_verify(&a, p, 23, 0x4242, 9));
	assert_false(auth_verify(&a, p, 0, 0x4242, 9));
	assert_false(auth_verify(&a, p, sizeof(p), 0x4243, 9));
	assert_false(auth_verify(&a, p, sizeof(p), 0x4242, 10));
	assert_false(auth_verify(&a_other_dst, p, sizeof(p), 0x4242, 9));
	assert_false(auth_verify(&a_other_key, p, sizeof(p), 0x4242, 9));
	for (size_t i = 0; i < 24; i++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(q, p, sizeof(q));
			q[i] ^= (uint8_t)(1u << bit);
			assert_false(auth_verify(&a, q, sizeof(q), 0x4242, 9));
		}
	}
	/* The fill bytes after the code are not covered: the data check reports them. */
	memcpy(q, p, sizeof(q));
	q[40] ^= 0xff;
	assert_true(auth_verify(&a, q, sizeof(q), 0x4242, 9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siphash_vectors),
		cmocka_unit_test(test_code_is_the_documented_hash),
		cmocka_unit_test(test_families_differ),
		cmocka_unit_test(test_unknown_family),
		cmocka_unit_test(test_sign_and_verify),
	};

	return cmocka_run_group_tests(tests, setup_key, NULL);
}
