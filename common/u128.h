/*
 * Unsigned 128-bit integers as two 64-bit halves, for the statistics: the
 * sum of squared round-trip times and the products that are divided back
 * down.  Written without a compiler's 128-bit type, which 32-bit targets
 * lack, so every architecture computes the same figures.  Pure.
 */
#ifndef PINGSOCK_U128_H
#define PINGSOCK_U128_H

#include <stdbool.h>
#include <stdint.h>

struct u128 {
	uint64_t hi, lo;
};

static inline struct u128 u128_of(uint64_t v)
{
	struct u128 r = { 0, v };
	return r;
}

static inline bool u128_lt(struct u128 a, struct u128 b)
{
	return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

static inline bool u128_eq(struct u128 a, struct u128 b)
{
	return a.hi == b.hi && a.lo == b.lo;
}

/* a + b modulo 2^128; *carry (when given) is set when it wrapped. */
struct u128 u128_add(struct u128 a, struct u128 b, bool *carry);

/* a + b, or 2^128 - 1 when the sum does not fit. */
struct u128 u128_add_sat(struct u128 a, struct u128 b);

/* a - b modulo 2^128 (callers ensure b <= a). */
struct u128 u128_sub(struct u128 a, struct u128 b);

/* a shifted right (left) by n bits, 0 <= n < 128. */
struct u128 u128_shr(struct u128 a, unsigned n);
struct u128 u128_shl(struct u128 a, unsigned n);

/* The full product of two 64-bit numbers. */
struct u128 u128_mul64(uint64_t a, uint64_t b);

/* a / d truncated, d > 0; *rem (when given) receives a mod d. */
struct u128 u128_div64(struct u128 a, uint64_t d, uint64_t *rem);

/* The number of significant bits of a: 0 for 0, 128 for 2^127 and above. */
unsigned u128_bits(struct u128 a);

#endif
