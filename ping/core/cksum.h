/* The Internet checksum (RFC 1071). */
#ifndef PINGSOCK_CKSUM_H
#define PINGSOCK_CKSUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * One's-complement checksum of len bytes at buf, any alignment, any
 * length.  The result is in network byte order, ready to be stored with
 * memcpy into a header; over a buffer that already holds a correct
 * checksum it returns 0.
 */
uint16_t cksum(const void *buf, size_t len);

#endif
