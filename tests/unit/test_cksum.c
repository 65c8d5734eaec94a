#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cksum.h"

/* Asserts the checksum as it would land in a header: hi byte first. */
static void assert_sum_bytes(uint16_t sum, uint8_t hi, uint8_t lo)
{
	uint8_t b[2];

	memcpy(b, &sum, sizeof(b));
	assert_int_equal(b[0], hi);
	assert_int_equal(b[1], lo);
}

/* Copies len bytes into a fresh heap buffer at offset off, for ASan. */
static uint8_t *dup_at(const uint8_t *src, size_t len, size_t off, uint8_t **base)
{
	*base = malloc(off + len);
	assert_non_null(*base);
	memcpy(*base + off, src, len);
	return *base + off;
}

static const uint8_t rfc1071[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

static void test_rfc1071_example(void **state)
{
	uint8_t *base;
	uint8_t *p = dup_at(rfc1071, sizeof(rfc1071), 0, &base);

	(void)state;
	/* RFC 1071 section 3: the sum is ddf2, so the checksum is 220d. */
	assert_sum_bytes(cksum(p, sizeof(rfc1071)), 0x22, 0x0d);
	free(base);
}

static void test_empty(void **state)
{
	(void)state;
	assert_sum_bytes(cksum(rfc1071, 0), 0xff, 0xff);
}

static void test_odd_length(void **state)
{
	static const uint8_t one[] = { 0x01 };
	uint8_t *base;
	uint8_t *p = dup_at(rfc1071, 3, 0, &base);

	(void)state;
	/* 0x0001 + 0xf200 (the odd byte is the high half) = 0xf201. */
	assert_sum_bytes(cksum(p, 3), 0x0d, 0xfe);
	assert_sum_bytes(cksum(one, 1), 0xfe, 0xff);
	free(base);
}

static void test_carry_folds(void **state)
{
	static const uint8_t v[] = { 0xff, 0xff, 0x00, 0x01 };

	(void)state;
	assert_sum_bytes(cksum(v, sizeof(v)), 0xff, 0xfe);
}

static void test_unaligned_start(void **state)
{
	size_t off;
	uint8_t *base, *p;

	(void)state;
	for (off = 1; off < 8; off++) {
		p = dup_at(rfc1071, sizeof(rfc1071), off, &base);
		assert_sum_bytes(cksum(p, sizeof(rfc1071)), 0x22, 0x0d);
		free(base);
		p = dup_at(rfc1071, 3, off, &base);
		assert_sum_bytes(cksum(p, 3), 0x0d, 0xfe);
		free(base);
	}
}

static void test_echo_header(void **state)
{
	static const uint8_t echo[] = { 0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };

	(void)state;
	assert_sum_bytes(cksum(echo, sizeof(echo)), 0xf7, 0xfd);
}

static void test_large_buffers(void **state)
{
	const size_t len = 100001;
	uint8_t *p = malloc(len);
	size_t i;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < len; i++)
		p[i] = i & 0xff;
	assert_sum_bytes(cksum(p, len), 0xb5, 0xc7);
	for (i = 0; i < len; i++)
		p[i] = (i * 7) & 0xff;
	assert_sum_bytes(cksum(p, len), 0xc8, 0xba);
	memset(p, 0xff, len - 1);
	assert_sum_bytes(cksum(p, len - 1), 0x00, 0x00);
	free(p);
}

static void test_self_check_is_zero(void **state)
{
	uint8_t buf[64 + 1], *p;
	uint16_t sum;
	size_t len, i;

	(void)state;
	for (len = 4; len <= 64; len++) {
		for (p = buf; p <= buf + 1; p++) {
			for (i = 0; i < len; i++)
				p[i] = (uint8_t)(i * 37 + len);
			p[2] = 0;
			p[3] = 0;
			sum = cksum(p, len);
			memcpy(p + 2, &sum, sizeof(sum));
			assert_int_equal(cksum(p, len), 0);
			p[len - 1] ^= 0x10;
			assert_int_not_equal(cksum(p, len), 0);
		}
	}
}

/*
 * The word-at-a-time sum against the definition, byte by byte as
 * big-endian words: every length up to 300 at every offset 0..7, over
 * bytes that make carries likely (issue 16 made cksum load 8 bytes a time).
 */
static void test_against_definition(void **state)
{
	uint8_t *base, *p;

	(void)state;
	for (size_t len = 0; len <= 300; len++) {
		for (size_t off = 0; off < 8; off++) {
			uint32_t def = 0;
			uint8_t want[2];

			base = malloc(off + len + 1);
			assert_non_null(base);
			p = base + off;
			for (size_t i = 0; i < len; i++)
				p[i] = (uint8_t)(0xff - ((i * 131 + len * 7 + off) % 23));
			for (size_t i = 0; i + 1 < len; i += 2)
				def += (uint32_t)p[i] << 8 | p[i + 1];
			if (len & 1)
				def += (uint32_t)p[len - 1] << 8;
			while (def >> 16)
				def = (def & 0xffff) + (def >> 16);
			def = ~def & 0xffff;
			want[0] = (uint8_t)(def >> 8);
			want[1] = (uint8_t)def;
			assert_sum_bytes(cksum(p, len), want[0], want[1]);
			free(base);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc1071_example),
		cmocka_unit_test(test_against_definition),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_odd_length),
		cmocka_unit_test(test_carry_folds),
		cmocka_unit_test(test_unaligned_start),
		cmocka_unit_test(test_echo_header),
		cmocka_unit_test(test_large_buffers),
		cmocka_unit_test(test_self_check_is_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
