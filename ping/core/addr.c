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

bool addr_parse_numeric(const char *text, struct sockaddr_storage *out, socklen_t *len)
{
	memset(out, 0, sizeof(*out));
	/*
	 * inet_aton stops at a blank and takes what precedes it, where
	 * getaddrinfo wants the whole text: without blanks the two agree.
	 */
	if (!strpbrk(text, " \t\n\v\f\r")) {
		struct sockaddr_in *sin = (struct sockaddr_in *)(void *)out;

		if (inet_aton(text, &sin->sin_addr)) {
			sin->sin_family = AF_INET;
			*len = sizeof(*sin);
			return true;
		}
	}
	if (!strchr(text, '%')) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)out;

		if (inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
			sin6->sin6_family = AF_INET6;
			*len = sizeof(*sin6);
			return true;
		}
	}
	return false;
}

/* Decimal digits of v (below 256) at p; returns the end. */
static char *put_octet(char *p, unsigned v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

static char *put_dotted(char *p, const uint8_t *b)
{
	for (int i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		p = put_octet(p, b[i]);
	}
	return p;
}

/* Lower-case hex digits of v, no leading zeros; returns the end. */
static char *put_hex16(char *p, unsigned v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 12;

	while (shift > 0 && (v >> shift) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = digits[(v >> shift) & 0xf];
	return p;
}

static char *put_ipv6(char *p, const uint8_t *b)
{
	unsigned w[8];
	int best = -1, best_len = 0, run = -1;

	for (int i = 0; i < 8; i++)
		w[i] = be16_get(b + 2 * i);
	/* The longest run of zero groups; a later one must be longer to win. */
	for (int i = 0; i <= 8; i++) {
		if (i < 8 && w[i] == 0) {
			if (run < 0)
				run = i;
			continue;
		}
		if (run >= 0 && i - run > best_len) {
			best = run;
			best_len = i - run;
		}
		run = -1;
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff)))
			return put_dotted(p, b + 12);
		p = put_hex16(p, w[i]);
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	return p;
}

bool addr_format(int af, const uint8_t *bytes, char *buf, size_t size)
{
	char tmp[INET6_ADDRSTRLEN], *end;	/* the longest: an IPv6 address with an IPv4 tail */
	size_t n;

	if (af == AF_INET)
		end = put_dotted(tmp, bytes);
	else if (af == AF_INET6)
		end = put_ipv6(tmp, bytes);
	else
		end = tmp;
	n = (size_t)(end - tmp);
	if ((af != AF_INET && af != AF_INET6) || n >= size) {
		if (size)
			buf[0] = '\0';
		return false;
	}
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return true;
}
