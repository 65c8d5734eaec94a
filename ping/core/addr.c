#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "addr.h"

const uint8_t *addr_bytes(const struct sockaddr *sa, size_t *len)
{
	switch (sa->sa_family) {
	case AF_INET:
		*len = sizeof(struct in_addr);
		return (const uint8_t *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	case AF_INET6:
		*len = sizeof(struct in6_addr);
		return (const uint8_t *)&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	default:
		*len = 0;
		return NULL;
	}
}

bool addr_same_host(const struct sockaddr *a, const struct sockaddr *b)
{
	size_t la, lb;
	const uint8_t *pa = addr_bytes(a, &la), *pb = addr_bytes(b, &lb);

	if (!pa || a->sa_family != b->sa_family)
		return false;
	/* Sizes the compiler knows compare inline, without a call: every reply asks. */
	if (la == sizeof(struct in_addr))
		return memcmp(pa, pb, sizeof(struct in_addr)) == 0;
	return memcmp(pa, pb, sizeof(struct in6_addr)) == 0;
}

void addr_set_port(struct sockaddr_storage *sa, uint16_t port)
{
	if (sa->ss_family == AF_INET)
		((struct sockaddr_in *)(void *)sa)->sin_port = htons(port);
	else if (sa->ss_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)sa)->sin6_port = htons(port);
}

bool addr_is_multicast(const struct sockaddr *sa)
{
	size_t len;
	const uint8_t *p = addr_bytes(sa, &len);

	if (sa->sa_family == AF_INET)
		return (p[0] & 0xf0) == 0xe0 || be32_get(p) == 0xffffffffu;
	return p && p[0] == 0xff;
}

bool addr_is_link_scope6(const struct sockaddr *sa)
{
	size_t len;
	const uint8_t *p = addr_bytes(sa, &len);

	if (!p || sa->sa_family != AF_INET6)
		return false;
	return (p[0] == 0xfe && (p[1] & 0xc0) == 0x80) || (p[0] == 0xff && (p[1] & 0x0f) == 0x02);
}

bool addr_is_subnet_anycast(const struct sockaddr *sa)
{
	size_t len, i;
	const uint8_t *p = addr_bytes(sa, &len);

	if (!p || sa->sa_family != AF_INET6)
		return false;
	for (i = 8; i < len; i++)
		if (p[i] != 0)
			return false;
	return true;
}

bool addr_typed_numeric(const char *target, int af)
{
	struct in_addr in;

	switch (af) {
	case AF_INET:
		return inet_aton(target, &in) != 0;
	case AF_INET6:
		return strchr(target, ':') != NULL;
	default:
		return false;
	}
}
