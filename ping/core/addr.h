/*
 * Addresses and big-endian fields, for both families: the one place that
 * looks inside a sockaddr or reads a network-order integer.  Pure.
 */
#ifndef PINGSOCK_ADDR_H
#define PINGSOCK_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Network-order integers at any alignment (inline: every packet reads some). */
static inline uint16_t be16_get(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void be16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * Whether a and b are the same IPv4 or IPv6 address (ports, flow labels
 * and scopes aside).  Different or other families: false.
 */
bool addr_same_host(const struct sockaddr *a, const struct sockaddr *b);

/* The port (ICMP: the identifier of a ping socket), host order, set in place. */
void addr_set_port(struct sockaddr_storage *sa, uint16_t port);

/* IPv4 multicast or the limited broadcast 255.255.255.255; IPv6 multicast. */
bool addr_is_multicast(const struct sockaddr *sa);

/*
 * The address bytes inside sa (4 for AF_INET, 16 for AF_INET6) and their
 * length in *len; NULL and 0 for another family.
 */
const uint8_t *addr_bytes(const struct sockaddr *sa, size_t *len);

/*
 * Whether sa is an IPv6 link-local unicast (fe80::/10) or link-local
 * multicast (ffX2::/16) address.  iputils learns no source for those: it
 * never connects its probe to them.
 */
bool addr_is_link_scope6(const struct sockaddr *sa);

/*
 * Whether sa is an IPv6 address whose low 64 bits are zero: the
 * Subnet-Router anycast address of a /64 (RFC 4291), or "::".  Any router
 * of the subnet answers it, so iputils does not call a reply from another
 * address DIFFERENT ADDRESS.
 */
bool addr_is_subnet_anycast(const struct sockaddr *sa);

/*
 * Whether target, as typed, is a number rather than a name for a
 * destination of family af: for IPv4 any form inet_aton accepts ("127.1",
 * "0x7f.1", "2130706433"), for IPv6 anything with a ':'.  iputils does not
 * look the names of repliers up for such a target (unless -H).
 */
bool addr_typed_numeric(const char *target, int af);

/*
 * text as getaddrinfo takes a numeric host, without the resolver and its
 * allocations: an IPv4 address in any form inet_aton accepts, with nothing
 * after it, or an IPv6 address.  Fills *out (port, flow label and scope 0)
 * and *len; false for anything else, which getaddrinfo is to judge (names,
 * a scope after '%', blanks, an empty text).
 */
bool addr_parse_numeric(const char *text, struct sockaddr_storage *out, socklen_t *len);

/*
 * The address bytes of family af as inet_ntop writes them (IPv6: lower-case
 * hex, the longest run of two or more zero groups, the first of equals, as
 * "::"; "::a.b.c.d" and "::ffff:a.b.c.d" for the compatible and mapped
 * forms), without stdio.  False when it does not fit in size or af is
 * neither family; buf then holds "" (when size allows).
 */
bool addr_format(int af, const uint8_t *bytes, char *buf, size_t size);

#endif
