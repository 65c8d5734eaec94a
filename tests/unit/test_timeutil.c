#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "timeutil.h"

/* 2038-01-19 03:14:08 UTC: the first second a 32-bit time_t cannot hold. */
#define Y2038_S		2147483648LL

/* Built with 64-bit time on every target (meson.build: _TIME_BITS=64). */
static void test_time_t_is_64_bits(void **state)
{
	(void)state;
	assert_int_equal(sizeof(time_t), 8);
	assert_true(sizeof(((struct timeval *)0)->tv_sec) == 8);
	assert_true(sizeof(((struct timespec *)0)->tv_sec) == 8);
}

static void test_conversions_past_2038(void **state)
{
	struct timespec ts = { .tv_sec = Y2038_S, .tv_nsec = 999999999 };
	struct timeval tv = { .tv_sec = Y2038_S - 1, .tv_usec = 999999 };
	struct timeval back;

	(void)state;
	assert_int_equal(ts_to_us(&ts), Y2038_S * 1000000 + 999999);
	assert_int_equal(tv_to_us(&tv), Y2038_S * 1000000 - 1);
	back = us_to_tv(Y2038_S * 1000000 + 42);
	assert_int_equal(back.tv_sec, Y2038_S);
	assert_int_equal(back.tv_usec, 42);
	/* 2106-02-07, past an unsigned 32-bit count too */
	back = us_to_tv(4294967296LL * 1000000 + 1);
	assert_int_equal(back.tv_sec, 4294967296LL);
	assert_int_equal(back.tv_usec, 1);
	/* the largest microsecond count */
	back = us_to_tv(INT64_MAX);
	assert_int_equal(back.tv_sec, INT64_MAX / 1000000);
	assert_int_equal(back.tv_usec, 775807);
	assert_int_equal(tv_to_us(&back), INT64_MAX);
}

static void test_checked_limits(void **state)
{
	struct timeval tv;
	int64_t us = -1;

	(void)state;
	tv.tv_sec = Y2038_S;
	tv.tv_usec = 5;
	assert_true(tv_to_us_checked(&tv, &us));
	assert_int_equal(us, Y2038_S * 1000000 + 5);

	tv.tv_sec = 0;
	tv.tv_usec = 0;
	assert_true(tv_to_us_checked(&tv, &us));
	assert_int_equal(us, 0);

	/* the last second whose every microsecond fits */
	tv.tv_sec = TIMEUTIL_MAX_SEC;
	tv.tv_usec = 999999;
	assert_true(tv_to_us_checked(&tv, &us));
	assert_int_equal(us, (INT64_MAX / 1000000 - 1) * 1000000 + 999999);

	us = 7;
	tv.tv_sec = TIMEUTIL_MAX_SEC + 1;
	tv.tv_usec = 0;
	assert_false(tv_to_us_checked(&tv, &us));
	tv.tv_sec = INT64_MAX;
	assert_false(tv_to_us_checked(&tv, &us));
	tv.tv_sec = -1;
	tv.tv_usec = 999999;
	assert_false(tv_to_us_checked(&tv, &us));
	tv.tv_sec = INT64_MIN;
	assert_false(tv_to_us_checked(&tv, &us));
	tv.tv_sec = 1;
	tv.tv_usec = 1000000;
	assert_false(tv_to_us_checked(&tv, &us));
	tv.tv_usec = -1;
	assert_false(tv_to_us_checked(&tv, &us));
	assert_int_equal(us, 7);	/* untouched when refused */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_t_is_64_bits),
		cmocka_unit_test(test_conversions_past_2038),
		cmocka_unit_test(test_checked_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
