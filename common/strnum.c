/* Strict number parsing for command-line values, independent of the locale. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "strnum.h"

/*
 * The "C" locale object every parser uses, so that neither LC_NUMERIC nor
 * LC_CTYPE of the user changes what a number is.  glibc hands out its
 * built-in "C" object here, so this does not allocate; should it ever fail,
 * the global locale is the only thing left to use.
 */
static locale_t c_locale(void)
{
	locale_t loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);

	return loc == (locale_t)0 ? LC_GLOBAL_LOCALE : loc;
}

/*
 * A range error is reported even when characters follow the digits, as
 * iputils' own parser does (its errno test comes before the trailing
 * character test).
 */
enum strnum_status strnum_ll(const char *s, long long min, long long max,
			     long long *out)
{
	char *end;
	long long v;

	if (s == NULL)
		return STRNUM_INVALID;
	errno = 0;
	v = strtoll_l(s, &end, 10, c_locale());
	if (end == s)
		return STRNUM_INVALID;
	if (errno == ERANGE)
		return STRNUM_OVERFLOW;
	if (*end != '\0')
		return STRNUM_INVALID;
	if (v < min || v > max)
		return STRNUM_OUT_OF_RANGE;
	*out = v;
	return STRNUM_OK;
}

/*
 * strtod in the "C" locale; the status only says whether a prefix parsed
 * and whether it is a finite, representable value.  Hex floats, "inf" and
 * "nan" are recognised as strtod recognises them.
 */
enum strnum_status strnum_double(const char *s, double *out, const char **rest)
{
	char *end;
	double v;
	int err;

	if (s == NULL) {
		*out = 0;
		*rest = "";
		return STRNUM_INVALID;
	}
	errno = 0;
	v = strtod_l(s, &end, c_locale());
	err = errno;
	if (end == s) {
		*out = 0;
		*rest = s;
		return STRNUM_INVALID;
	}
	*out = v;
	*rest = end;
	if (err == ERANGE || isnan(v) || isinf(v))
		return STRNUM_OVERFLOW;
	return STRNUM_OK;
}

/* One ASCII hex digit's value, or -1 (isxdigit() would consult the locale). */
int strnum_hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
