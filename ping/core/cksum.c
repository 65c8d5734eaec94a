#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cksum.h"

/*
 * RFC 1071 sum of the host's own 16-bit words: the one's-complement sum is
 * the same whatever the byte order, as long as the result is stored in
 * that order too, so the words are summed as they lie in memory and the
 * folded result is returned as the bytes to store (RFC 1071, section 2(B)).
 * Eight bytes are loaded at a time through memcpy, which is safe at any
 * alignment; each half enters a 64-bit accumulator, which cannot overflow
 * before 2^32 loads (32 GiB).  An odd trailing byte is the first byte of a
 * zero-padded word.
 */
uint16_t cksum(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t sum = 0;

	for (; len >= 8; p += 8, len -= 8) {
		uint64_t w;

		memcpy(&w, p, sizeof(w));
		sum += (w & 0xffffffffu) + (w >> 32);
	}
	if (len >= 4) {
		uint32_t w;

		memcpy(&w, p, sizeof(w));
		sum += w;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		uint16_t w;

		memcpy(&w, p, sizeof(w));
		sum += w;
		p += 2;
		len -= 2;
	}
	if (len) {
		uint16_t w = 0;

		memcpy(&w, p, 1);
		sum += w;
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
