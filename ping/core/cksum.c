#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>

#include "cksum.h"

/*
 * RFC 1071 sum taken byte by byte as big-endian 16-bit words, so the
 * buffer may start at any address and the host byte order does not
 * matter; an odd trailing byte is the high half of a zero-padded word.
 * A 64-bit accumulator cannot overflow for any buffer that fits in memory
 * of a realistic size, and is folded once at the end.
 */
uint16_t cksum(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t sum = 0;

	while (len >= 2) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}
