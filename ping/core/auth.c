#include <endian.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "auth.h"

/*
 * The message behind a request's code, 37 bytes: the destination as 16
 * bytes (an IPv4 address in its IPv4-mapped form), the send time, the
 * identifier, the sequence and the family's version (4 or 6, so that the
 * two families never share a message).  The destination is two whole
 * blocks, hashed once per run.
 */
#define AUTH_DST_LEN	16
#define AUTH_TAIL_LEN	5	/* id, seq, version */
#define AUTH_MSG_LEN	(AUTH_DST_LEN + AUTH_STAMP_LEN + AUTH_TAIL_LEN)

/*
 * Every echo is signed and every reply verified: the rounds are forced
 * inline and words are loaded whole (one instruction each on the usual
 * machines), not a byte at a time.
 */
#define HOT static inline __attribute__((always_inline))

HOT uint64_t rotl64(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

HOT uint64_t le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

HOT void le64_put(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

HOT void sipround(struct siphash_state *s)
{
	s->v0 += s->v1; s->v1 = rotl64(s->v1, 13); s->v1 ^= s->v0; s->v0 = rotl64(s->v0, 32);
	s->v2 += s->v3; s->v3 = rotl64(s->v3, 16); s->v3 ^= s->v2;
	s->v0 += s->v3; s->v3 = rotl64(s->v3, 21); s->v3 ^= s->v0;
	s->v2 += s->v1; s->v1 = rotl64(s->v1, 17); s->v1 ^= s->v2; s->v2 = rotl64(s->v2, 32);
}

static void sip_init(struct siphash_state *s, const uint8_t key[AUTH_KEY_LEN])
{
	uint64_t k0 = le64(key), k1 = le64(key + 8);

	s->v0 = k0 ^ 0x736f6d6570736575ULL;
	s->v1 = k1 ^ 0x646f72616e646f6dULL;
	s->v2 = k0 ^ 0x6c7967656e657261ULL;
	s->v3 = k1 ^ 0x7465646279746573ULL;
}

/* Two compression rounds per 8-byte word. */
HOT void sip_word(struct siphash_state *s, uint64_t w)
{
	s->v3 ^= w;
	sipround(s);
	sipround(s);
	s->v0 ^= w;
}

/* The last word (the message's tail, its length in the top byte) and four finalization rounds. */
HOT uint64_t sip_finish(struct siphash_state *s, uint64_t last)
{
	sip_word(s, last);
	s->v2 ^= 0xff;
	sipround(s);
	sipround(s);
	sipround(s);
	sipround(s);
	return s->v0 ^ s->v1 ^ s->v2 ^ s->v3;
}

uint64_t siphash24(const uint8_t key[AUTH_KEY_LEN], const uint8_t *m, size_t len)
{
	struct siphash_state s;
	uint64_t last = (uint64_t)len << 56;
	size_t i;

	sip_init(&s, key);
	for (i = 0; i + 8 <= len; i += 8)
		sip_word(&s, le64(m + i));
	for (size_t j = 0; i + j < len; j++)
		last |= (uint64_t)m[i + j] << (8 * j);
	return sip_finish(&s, last);
}

bool auth_init(struct ping_auth *a, const uint8_t key[AUTH_KEY_LEN],
	       const struct sockaddr *dst)
{
	uint8_t d[AUTH_DST_LEN] = { [10] = 0xff, [11] = 0xff };
	size_t len;
	const uint8_t *bytes = addr_bytes(dst, &len);

	if (!bytes || len > sizeof(d))
		return false;
	memcpy(d + sizeof(d) - len, bytes, len);
	a->version = dst->sa_family == AF_INET ? 4 : 6;
	sip_init(&a->prefix, key);
	sip_word(&a->prefix, le64(d));
	sip_word(&a->prefix, le64(d + 8));
	return true;
}

uint64_t auth_code(const struct ping_auth *a, const uint8_t stamp[AUTH_STAMP_LEN],
		   uint16_t id, uint16_t seq)
{
	struct siphash_state s = a->prefix;
	/* The tail bytes id (big-endian), seq (big-endian), version, as a little-endian word. */
	uint64_t last = (uint64_t)AUTH_MSG_LEN << 56 | (uint64_t)a->version << 32 |
			(uint64_t)(seq & 0xff) << 24 | (uint64_t)(seq >> 8) << 16 |
			(uint64_t)(id & 0xff) << 8 | (uint64_t)(id >> 8);

	sip_word(&s, le64(stamp));
	sip_word(&s, le64(stamp + 8));
	return sip_finish(&s, last);
}

void auth_sign(const struct ping_auth *a, uint8_t *payload, uint16_t id, uint16_t seq)
{
	le64_put(payload + AUTH_STAMP_LEN, auth_code(a, payload, id, seq));
}

bool auth_verify(const struct ping_auth *a, const uint8_t *payload, size_t datalen,
		 uint16_t id, uint16_t seq)
{
	if (datalen < AUTH_MIN_DATALEN)
		return false;
	/* One 64-bit comparison: no early exit that would time the match. */
	return le64(payload + AUTH_STAMP_LEN) == auth_code(a, payload, id, seq);
}
