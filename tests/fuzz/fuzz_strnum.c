/*
 * The strict number parsers, each against the C library it follows:
 * strnum_ll (strtoll), strnum_double (strtod in the C locale), and
 * strnum_hexdigit.  Input: a selector byte, the bounds, then the text.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "strnum.h"

static long long s64(struct fuzz_in *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | fuzz_u8(in);
	return (long long)v;
}

static void check_ll(const char *s, long long a, long long b)
{
	long long lo = a < b ? a : b, hi = a < b ? b : a, v = 12345, ref;
	enum strnum_status st = strnum_ll(s, lo, hi, &v);
	char *end;

	FUZZ_CHECK(st >= STRNUM_OK && st <= STRNUM_OUT_OF_RANGE);
	if (st != STRNUM_OK) {
		FUZZ_CHECK(v == 12345);
		return;
	}
	FUZZ_CHECK(v >= lo && v <= hi);
	errno = 0;
	ref = strtoll(s, &end, 10);
	FUZZ_CHECK(errno == 0 && ref == v && end != s);
}

static void check_double(const char *s)
{
	double v = 1.5;
	const char *rest = NULL;
	enum strnum_status st = strnum_double(s, &v, &rest);

	FUZZ_CHECK(rest != NULL && rest >= s && rest <= s + strlen(s));
	if (st == STRNUM_INVALID)
		FUZZ_CHECK(v == 0 && rest == s);
	else if (st == STRNUM_OK)
		FUZZ_CHECK(isfinite(v) && rest > s);
	else
		FUZZ_CHECK(st == STRNUM_OVERFLOW);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t sel = fuzz_u8(&in);
	long long a = s64(&in), b = s64(&in);
	char *s = malloc(in.left + 1);

	FUZZ_CHECK(s != NULL);
	memcpy(s, in.p, in.left);
	s[in.left] = '\0';
	switch (sel % 3) {
	case 0:
		check_ll(s, a, b);
		break;
	case 1:
		check_double(s);
		break;
	default:
		for (size_t i = 0; i <= in.left; i++) {
			char c = s[i];
			int ref = c >= '0' && c <= '9' ? c - '0' :
				  c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				  c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

			FUZZ_CHECK(strnum_hexdigit(c) == ref);
		}
	}
	free(s);
	return 0;
}
