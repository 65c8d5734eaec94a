/* Unit tests for common/strnum.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strnum.h"

#define SENTINEL_LL	(-424242LL)

struct ll_case {
	const char *s;
	long long min, max;
	enum strnum_status st;
	long long value;	/* expected *out; SENTINEL_LL when untouched */
};

static const struct ll_case ll_cases[] = {
	{ "0", 0, 10, STRNUM_OK, 0 },
	{ "7", 0, 10, STRNUM_OK, 7 },
	{ "10", 0, 10, STRNUM_OK, 10 },
	{ "-5", -10, 10, STRNUM_OK, -5 },
	{ "+5", 0, 10, STRNUM_OK, 5 },
	{ " 5", 0, 10, STRNUM_OK, 5 },
	{ "\t5", 0, 10, STRNUM_OK, 5 },
	{ "007", 0, 10, STRNUM_OK, 7 },		/* base 10, not octal */
	{ "9223372036854775807", 1, LLONG_MAX, STRNUM_OK, LLONG_MAX },
	{ "-9223372036854775808", LLONG_MIN, 0, STRNUM_OK, LLONG_MIN },
	/* bounds */
	{ "11", 0, 10, STRNUM_OUT_OF_RANGE, SENTINEL_LL },
	{ "-1", 0, 10, STRNUM_OUT_OF_RANGE, SENTINEL_LL },
	{ "0", 1, 10, STRNUM_OUT_OF_RANGE, SENTINEL_LL },
	/* overflow of long long */
	{ "9223372036854775808", 0, LLONG_MAX, STRNUM_OVERFLOW, SENTINEL_LL },
	{ "-9223372036854775809", LLONG_MIN, 0, STRNUM_OVERFLOW, SENTINEL_LL },
	{ "99999999999999999999", 0, 10, STRNUM_OVERFLOW, SENTINEL_LL },
	{ "99999999999999999999x", 0, 10, STRNUM_OVERFLOW, SENTINEL_LL },
	/* not numbers */
	{ "", 0, 10, STRNUM_INVALID, SENTINEL_LL },
	{ " ", 0, 10, STRNUM_INVALID, SENTINEL_LL },
	{ "-", 0, 10, STRNUM_INVALID, SENTINEL_LL },
	{ "abc", 0, 10, STRNUM_INVALID, SENTINEL_LL },
	{ "5 ", 0, 10, STRNUM_INVALID, SENTINEL_LL },
	{ "5x", 0, 10, STRNUM_INVALID, SENTINEL_LL },
	{ "1.5", 0, 10, STRNUM_INVALID, SENTINEL_LL },
	{ "0x10", 0, 100, STRNUM_INVALID, SENTINEL_LL },
	{ "1e3", 0, 10000, STRNUM_INVALID, SENTINEL_LL },
};

/* Every integer case: status, and the value only when the status is OK. */
static void test_ll_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ll_cases) / sizeof(ll_cases[0]); i++) {
		const struct ll_case *c = &ll_cases[i];
		long long out = SENTINEL_LL;
		enum strnum_status st;

		st = strnum_ll(c->s, c->min, c->max, &out);
		if (st != c->st || out != c->value)
			print_error("case %zu \"%s\": status %d value %lld\n",
				    i, c->s, (int)st, out);
		assert_int_equal(st, c->st);
		assert_true(out == c->value);
	}
}

struct dbl_case {
	const char *s;
	enum strnum_status st;
	double value;
	size_t rest_off;	/* expected *rest - s */
};

static const struct dbl_case dbl_cases[] = {
	{ "1", STRNUM_OK, 1.0, 1 },
	{ "0.5", STRNUM_OK, 0.5, 3 },
	{ "0.0019", STRNUM_OK, 0.0019, 6 },
	{ ".25", STRNUM_OK, 0.25, 3 },
	{ "-1.5", STRNUM_OK, -1.5, 4 },
	{ "1e3", STRNUM_OK, 1000.0, 3 },
	{ "0x10", STRNUM_OK, 16.0, 4 },
	{ "0x1p-2", STRNUM_OK, 0.25, 6 },
	{ " 2", STRNUM_OK, 2.0, 2 },
	/* trailing garbage: the prefix, and where it stops */
	{ "0,5", STRNUM_OK, 0.0, 1 },
	{ "1.5s", STRNUM_OK, 1.5, 3 },
	{ "2 ", STRNUM_OK, 2.0, 1 },
	{ "0x", STRNUM_OK, 0.0, 1 },
	/* no number at all */
	{ "abc", STRNUM_INVALID, 0.0, 0 },
	{ "", STRNUM_INVALID, 0.0, 0 },
	{ ".", STRNUM_INVALID, 0.0, 0 },
	{ ",5", STRNUM_INVALID, 0.0, 0 },
};

/* Finite values, prefixes and rests. */
static void test_double_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dbl_cases) / sizeof(dbl_cases[0]); i++) {
		const struct dbl_case *c = &dbl_cases[i];
		const char *rest = NULL;
		double out = -99.0;
		enum strnum_status st;

		st = strnum_double(c->s, &out, &rest);
		if (st != c->st || out != c->value || rest != c->s + c->rest_off)
			print_error("case %zu \"%s\": status %d value %g\n",
				    i, c->s, (int)st, out);
		assert_int_equal(st, c->st);
		assert_true(out == c->value);
		assert_ptr_equal(rest, c->s + c->rest_off);
	}
}

/* inf, nan and out-of-range exponents are all STRNUM_OVERFLOW. */
static void test_double_nonfinite(void **state)
{
	static const char *const overflow[] = {
		"inf", "-inf", "INF", "infinity", "nan", "NaN", "nan(1)",
		"1e400", "-1e400", "1e-400",
	};
	const char *rest;
	double out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(overflow) / sizeof(overflow[0]); i++) {
		enum strnum_status st = strnum_double(overflow[i], &out, &rest);

		if (st != STRNUM_OVERFLOW)
			print_error("\"%s\": status %d\n", overflow[i], (int)st);
		assert_int_equal(st, STRNUM_OVERFLOW);
		assert_string_equal(rest, "");
	}
	assert_int_equal(strnum_double("infx", &out, &rest), STRNUM_OVERFLOW);
	assert_true(isinf(out));
	assert_string_equal(rest, "x");
}

/*
 * With a locale whose decimal separator is ',' in LC_NUMERIC, "0.5" still
 * parses whole.  When no such locale is installed, only the check that
 * the locale is really in effect is skipped.
 */
static void test_double_comma_locale(void **state)
{
	static const char *const names[] = {
		"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8",
		"fr_FR.utf8", "fr_FR", "nl_NL.UTF-8", "ru_RU.UTF-8",
		"es_ES.UTF-8", "it_IT.UTF-8", "pt_BR.UTF-8",
	};
	const char *rest = NULL;
	bool comma = false;
	double out = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && !comma; i++) {
		if (setlocale(LC_NUMERIC, names[i]) != NULL &&
		    strcmp(localeconv()->decimal_point, ",") == 0)
			comma = true;
	}
	if (comma)
		assert_true(strtod("0.5", NULL) == 0.0);
	else
		print_message("no comma-decimal locale available; "
			      "the locale check is skipped\n");

	assert_int_equal(strnum_double("0.5", &out, &rest), STRNUM_OK);
	assert_true(out == 0.5);
	assert_string_equal(rest, "");
	assert_int_equal(strnum_double("0,5", &out, &rest), STRNUM_OK);
	assert_true(out == 0.0);
	assert_string_equal(rest, ",5");
	setlocale(LC_NUMERIC, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ll_table),
		cmocka_unit_test(test_double_table),
		cmocka_unit_test(test_double_nonfinite),
		cmocka_unit_test(test_double_comma_locale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
