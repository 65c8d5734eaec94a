/*
 * Reply authentication: SipHash-2-4 (Aumasson and Bernstein) under a
 * per-run random key.  Each echo request carries, right after its 16-byte
 * send time, a 64-bit code over that time, the identifier, the sequence
 * and the destination; a reply whose code does not verify was not made
 * from one of our requests.  The same function hashes the -N nonces.
 *
 * The code is SipHash-2-4 under the key of the 37-byte message: the
 * destination address as 16 bytes (IPv4 in its IPv4-mapped form), the
 * 16-byte send time as the payload holds it, the identifier and the
 * sequence (network order) and the family's version (4 or 6); it is
 * stored little-endian.
 */
#ifndef PINGSOCK_AUTH_H
#define PINGSOCK_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define AUTH_KEY_LEN		16	/* 128 bits, drawn at start */
#define AUTH_MAC_LEN		8	/* after the send time in the payload */
#define AUTH_STAMP_LEN		16	/* the send time it covers (PING_STAMP_LEN) */
#define AUTH_MIN_DATALEN	(AUTH_STAMP_LEN + AUTH_MAC_LEN)	/* -s below this: no code */

/* SipHash-2-4 of m (len bytes) under key. */
uint64_t siphash24(const uint8_t key[AUTH_KEY_LEN], const uint8_t *m, size_t len);

/* SipHash's four words after a whole number of 8-byte blocks. */
struct siphash_state {
	uint64_t v0, v1, v2, v3;
};

/*
 * A run's authenticator: the state after the key and the constant prefix
 * of every code's message (the destination), so that a request or a
 * reply costs only the variable blocks.  The key itself is not kept.
 */
struct ping_auth {
	struct siphash_state prefix;
	uint8_t version;		/* 4 or 6: the destination's family */
};

/*
 * Sets up a for dst (AF_INET or AF_INET6; the address alone counts, not
 * the port or scope) under key.  false for another family.
 */
bool auth_init(struct ping_auth *a, const uint8_t key[AUTH_KEY_LEN],
	       const struct sockaddr *dst);

/* The code over a 16-byte send time as it is in the payload, id and seq. */
uint64_t auth_code(const struct ping_auth *a, const uint8_t stamp[AUTH_STAMP_LEN],
		   uint16_t id, uint16_t seq);

/* Writes the code into payload bytes 16..23 (payload holds >= AUTH_MIN_DATALEN bytes). */
void auth_sign(const struct ping_auth *a, uint8_t *payload, uint16_t id, uint16_t seq);

/*
 * Whether a reply's payload (datalen bytes, as received) carries the code
 * for its id and seq.  A payload too short to hold it does not verify.
 */
bool auth_verify(const struct ping_auth *a, const uint8_t *payload, size_t datalen,
		 uint16_t id, uint16_t seq);

#endif
