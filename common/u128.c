#include "u128.h"

struct u128 u128_add(struct u128 a, struct u128 b, bool *carry)
{
	struct u128 r;
	uint64_t c;

	r.lo = a.lo + b.lo;
	c = r.lo < a.lo;
	r.hi = a.hi + b.hi + c;
	if (carry)
		*carry = r.hi < a.hi || (c && r.hi == a.hi);
	return r;
}

struct u128 u128_add_sat(struct u128 a, struct u128 b)
{
	bool carry;
	struct u128 r = u128_add(a, b, &carry);

	if (carry) {
		r.hi = UINT64_MAX;
		r.lo = UINT64_MAX;
	}
	return r;
}

struct u128 u128_sub(struct u128 a, struct u128 b)
{
	struct u128 r;

	r.lo = a.lo - b.lo;
	r.hi = a.hi - b.hi - (a.lo < b.lo);
	return r;
}

struct u128 u128_shr(struct u128 a, unsigned n)
{
	struct u128 r;

	if (n == 0)
		return a;
	if (n >= 64) {
		r.hi = 0;
		r.lo = a.hi >> (n - 64);
	} else {
		r.hi = a.hi >> n;
		r.lo = (a.lo >> n) | (a.hi << (64 - n));
	}
	return r;
}

struct u128 u128_shl(struct u128 a, unsigned n)
{
	struct u128 r;

	if (n == 0)
		return a;
	if (n >= 64) {
		r.hi = a.lo << (n - 64);
		r.lo = 0;
	} else {
		r.hi = (a.hi << n) | (a.lo >> (64 - n));
		r.lo = a.lo << n;
	}
	return r;
}

/* Schoolbook multiplication on 32-bit halves: four partial products. */
struct u128 u128_mul64(uint64_t a, uint64_t b)
{
	uint64_t a_lo = (uint32_t)a, a_hi = a >> 32;
	uint64_t b_lo = (uint32_t)b, b_hi = b >> 32;
	uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi;
	uint64_t hl = a_hi * b_lo, hh = a_hi * b_hi;
	/* the middle column: never overflows (3 x (2^32 - 1) < 2^64) */
	uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
	struct u128 r;

	r.lo = (mid << 32) | (uint32_t)ll;
	r.hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	return r;
}

unsigned u128_bits(struct u128 a)
{
	if (a.hi)
		return 128u - (unsigned)__builtin_clzll(a.hi);
	if (a.lo)
		return 64u - (unsigned)__builtin_clzll(a.lo);
	return 0;
}

/*
 * Long division, one quotient bit per step from the highest significant
 * bit of a down.  The partial remainder stays below d, so it fits 64 bits
 * except for the one bit shifted out at the top, which is kept apart.
 */
struct u128 u128_div64(struct u128 a, uint64_t d, uint64_t *rem)
{
	struct u128 q = { 0, 0 };
	uint64_t r = 0;

	if (a.hi == 0) {
		q.lo = a.lo / d;
		r = a.lo % d;
	} else {
		for (unsigned i = u128_bits(a); i-- > 0;) {
			uint64_t top = r >> 63;
			uint64_t bit = i >= 64 ? (a.hi >> (i - 64)) & 1 : (a.lo >> i) & 1;

			r = (r << 1) | bit;
			q = u128_shl(q, 1);
			if (top || r >= d) {
				r -= d;
				q.lo |= 1;
			}
		}
	}
	if (rem)
		*rem = r;
	return q;
}
