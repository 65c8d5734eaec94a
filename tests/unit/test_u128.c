#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "u128.h"

static struct u128 mk(uint64_t hi, uint64_t lo)
{
	struct u128 r = { hi, lo };
	return r;
}

static void is(struct u128 v, uint64_t hi, uint64_t lo)
{
	assert_int_equal(v.hi, hi);
	assert_int_equal(v.lo, lo);
}

/* Products whose middle column carries, and the largest one. */
static void test_mul64(void **state)
{
	(void)state;
	is(u128_mul64(0, UINT64_MAX), 0, 0);
	is(u128_mul64(UINT64_MAX, 1), 0, UINT64_MAX);
	is(u128_mul64(UINT64_MAX, UINT64_MAX), UINT64_MAX - 1, 1);
	is(u128_mul64(UINT64_C(1) << 32, UINT64_C(1) << 32), 1, 0);
	is(u128_mul64(UINT64_MAX, 2), 1, UINT64_MAX - 1);
	is(u128_mul64(0x0123456789abcdefu, 0xfedcba9876543210u),
	   0x0121fa00ad77d742u, 0x2236d88fe5618cf0u);
	/* the largest -W, 4294.967295 s, squared */
	is(u128_mul64(0xffffffffu, 0xffffffffu), 0, 0xfffffffe00000001u);
}

static void test_add_sub(void **state)
{
	bool carry;

	(void)state;
	is(u128_add(mk(0, UINT64_MAX), mk(0, 1), &carry), 1, 0);
	assert_false(carry);
	is(u128_add(mk(UINT64_MAX, UINT64_MAX), mk(0, 1), &carry), 0, 0);
	assert_true(carry);
	/* the carry out of the low half alone overflows the high half */
	is(u128_add(mk(0, 1), mk(UINT64_MAX, UINT64_MAX), &carry), 0, 0);
	assert_true(carry);
	is(u128_add(mk(1, 0), mk(UINT64_MAX - 1, UINT64_MAX), &carry), UINT64_MAX, UINT64_MAX);
	assert_false(carry);
	is(u128_add(mk(0, 5), mk(0, 6), NULL), 0, 11);

	is(u128_add_sat(mk(UINT64_MAX, 3), mk(0, UINT64_MAX)), UINT64_MAX, UINT64_MAX);
	is(u128_add_sat(mk(UINT64_MAX - 1, 3), mk(0, UINT64_MAX)), UINT64_MAX, 2);

	is(u128_sub(mk(1, 0), mk(0, 1)), 0, UINT64_MAX);
	is(u128_sub(mk(5, 7), mk(2, 9)), 2, UINT64_MAX - 1);
	is(u128_sub(mk(5, 7), mk(5, 7)), 0, 0);

	assert_true(u128_lt(mk(0, UINT64_MAX), mk(1, 0)));
	assert_false(u128_lt(mk(1, 0), mk(0, UINT64_MAX)));
	assert_false(u128_lt(mk(1, 1), mk(1, 1)));
	assert_true(u128_eq(mk(1, 1), mk(1, 1)));
	assert_false(u128_eq(mk(1, 1), mk(0, 1)));
}

static void test_shifts(void **state)
{
	struct u128 v = mk(0x8000000000000001u, 0x8000000000000001u);

	(void)state;
	is(u128_shl(v, 0), v.hi, v.lo);
	is(u128_shr(v, 0), v.hi, v.lo);
	is(u128_shl(v, 1), 3, 2);
	is(u128_shr(v, 1), 0x4000000000000000u, 0xc000000000000000u);
	is(u128_shl(v, 63), 0xc000000000000000u, 0x8000000000000000u);
	is(u128_shr(v, 63), 1, 3);
	is(u128_shl(v, 64), 0x8000000000000001u, 0);
	is(u128_shr(v, 64), 0, 0x8000000000000001u);
	is(u128_shl(v, 65), 2, 0);
	is(u128_shr(v, 65), 0, 0x4000000000000000u);
	is(u128_shl(u128_of(1), 127), 0x8000000000000000u, 0);
	is(u128_shr(v, 127), 0, 1);
}

static void test_bits(void **state)
{
	(void)state;
	assert_int_equal(u128_bits(mk(0, 0)), 0);
	assert_int_equal(u128_bits(mk(0, 1)), 1);
	assert_int_equal(u128_bits(mk(0, UINT64_MAX)), 64);
	assert_int_equal(u128_bits(mk(1, 0)), 65);
	assert_int_equal(u128_bits(mk(UINT64_MAX, 0)), 128);
}

static void test_div64(void **state)
{
	uint64_t rem;

	(void)state;
	is(u128_div64(mk(0, 100), 7, &rem), 0, 14);
	assert_int_equal(rem, 2);
	is(u128_div64(mk(1, 0), 2, &rem), 0, UINT64_C(1) << 63);
	assert_int_equal(rem, 0);
	is(u128_div64(mk(UINT64_MAX, UINT64_MAX), 1, &rem), UINT64_MAX, UINT64_MAX);
	assert_int_equal(rem, 0);
	/* (2^128 - 1) / (2^64 - 1) = 2^64 + 1 */
	is(u128_div64(mk(UINT64_MAX, UINT64_MAX), UINT64_MAX, &rem), 1, 1);
	assert_int_equal(rem, 0);
	/* a divisor with its top bit set: the partial remainder overflows 64 bits */
	is(u128_div64(mk(UINT64_MAX, UINT64_MAX), (UINT64_C(1) << 63) + 1, &rem),
	   1, 0xfffffffffffffffcu);
	assert_int_equal(rem, 3);
	is(u128_div64(mk(0xdeadbeefcafebabeu, 0x0011223344556677u), 0x1fffffffdu, &rem),
	   0x6f56df78u, 0x8c81ac93d2cb13f7u);
	assert_int_equal(rem, 0xbcb6a25cu);
	is(u128_div64(mk(0, 0), 3, NULL), 0, 0);
}

/* (a * b + c) / b gives back a, remainder c, over a spread of values. */
static void test_div_inverts_mul(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15u;

	(void)state;
	for (int i = 0; i < 2000; i++) {
		uint64_t a, b, c, rem;
		struct u128 q;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		a = x;
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		b = (x >> (unsigned)(i % 64)) | 1;
		c = a % b;
		q = u128_div64(u128_add(u128_mul64(a, b), u128_of(c), NULL), b, &rem);
		is(q, 0, a);
		assert_int_equal(rem, c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mul64),
		cmocka_unit_test(test_add_sub),
		cmocka_unit_test(test_shifts),
		cmocka_unit_test(test_bits),
		cmocka_unit_test(test_div64),
		cmocka_unit_test(test_div_inverts_mul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
