/* Strict number parsing for command-line values, independent of the locale. */
#ifndef PINGSOCK_STRNUM_H
#define PINGSOCK_STRNUM_H

#include <stddef.h>
#include <stdint.h>

enum strnum_status {
	STRNUM_OK = 0,
	STRNUM_INVALID,		/* empty, not a number, or trailing characters */
	STRNUM_OVERFLOW,	/* does not fit in the parser's type (ERANGE) */
	STRNUM_OUT_OF_RANGE,	/* a number, but outside [min, max] */
};

/*
 * Parses a whole base-10 integer (optional sign, surrounding spaces as
 * strtoll accepts them, nothing after the digits).  On STRNUM_OK *out holds
 * the value; on any other status *out is untouched.
 */
enum strnum_status strnum_ll(const char *s, long long min, long long max,
			     long long *out);

/*
 * Parses a decimal floating-point number the way strtod does in the "C"
 * locale ('.' as separator whatever LC_NUMERIC says).  *out receives the
 * parsed prefix value and *rest points at the first unparsed character
 * ("" when the whole string parsed).  Returns STRNUM_INVALID when no prefix
 * parsed at all (then *out is 0 and *rest is s), STRNUM_OVERFLOW for ERANGE,
 * NaN or infinity, STRNUM_OK otherwise (even with trailing garbage: the
 * caller decides what garbage means).
 */
enum strnum_status strnum_double(const char *s, double *out, const char **rest);

/* The value of one ASCII hex digit, or -1; the locale plays no part. */
int strnum_hexdigit(char c);

#endif
