#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <cmocka.h>

#include "addr.h"

/* A heap copy of exactly len bytes, so ASan sees any read past it. */
static void *heap_dup(const void *src, size_t len)
{
	void *p = malloc(len);

	assert_non_null(p);
	memcpy(p, src, len);
	return p;
}

/* An exact-size heap sockaddr_in for text (which must parse) and port. */
static struct sockaddr *v4(const char *text, uint16_t port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	assert_int_equal(inet_pton(AF_INET, text, &sin.sin_addr), 1);
	return heap_dup(&sin, sizeof(sin));
}

/* An exact-size heap sockaddr_in6 with a port, flow label and scope. */
static struct sockaddr *v6(const char *text, uint16_t port, uint32_t flow,
			   uint32_t scope)
{
	struct sockaddr_in6 sin6;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(port);
	sin6.sin6_flowinfo = htonl(flow);
	sin6.sin6_scope_id = scope;
	assert_int_equal(inet_pton(AF_INET6, text, &sin6.sin6_addr), 1);
	return heap_dup(&sin6, sizeof(sin6));
}

/* A heap sockaddr_un: a family the helpers do not know. */
static struct sockaddr *unix_sa(const char *path)
{
	struct sockaddr_un sun;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strncpy(sun.sun_path, path, sizeof(sun.sun_path) - 1);
	return heap_dup(&sun, sizeof(sun));
}

/* ---- big-endian fields ---- */

static void test_be_get_unaligned(void **state)
{
	static const uint8_t bytes[] = { 0xfe, 0xdc, 0xba, 0x98, 0x80, 0x01 };
	size_t off;

	(void)state;
	/* Every offset of an odd-sized heap block: 1 and 3 are unaligned. */
	for (off = 0; off < 4; off++) {
		uint8_t *buf = malloc(off + sizeof(bytes));

		assert_non_null(buf);
		memset(buf, 0x55, off);
		memcpy(buf + off, bytes, sizeof(bytes));
		assert_int_equal(be16_get(buf + off), 0xfedc);
		assert_int_equal(be16_get(buf + off + 4), 0x8001);
		assert_int_equal(be32_get(buf + off), 0xfedcba98u);
		assert_int_equal(be32_get(buf + off + 2), 0xba988001u);
		free(buf);
	}
}

static void test_be16_put(void **state)
{
	uint8_t buf[7];
	size_t off;

	(void)state;
	for (off = 1; off < 5; off++) {
		memset(buf, 0xaa, sizeof(buf));
		be16_put(buf + off, 0x8001);
		assert_int_equal(buf[off], 0x80);
		assert_int_equal(buf[off + 1], 0x01);
		/* Exactly two bytes written. */
		assert_int_equal(buf[off - 1], 0xaa);
		assert_int_equal(buf[off + 2], 0xaa);
		assert_int_equal(be16_get(buf + off), 0x8001);
	}
	be16_put(buf, 0);
	assert_int_equal(be16_get(buf), 0);
	be16_put(buf, 0xffff);
	assert_int_equal(buf[0], 0xff);
	assert_int_equal(buf[1], 0xff);
}

/* ---- sockaddrs ---- */

static void test_addr_bytes(void **state)
{
	struct sockaddr *a = v4("192.0.2.7", 1), *b = v6("2001:db8::1", 2, 0, 0);
	struct sockaddr *u = unix_sa("/tmp/x");
	static const uint8_t want4[] = { 192, 0, 2, 7 };
	static const uint8_t want6[] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
					 0, 0, 0, 0, 0, 0, 0, 1 };
	const uint8_t *p;
	size_t len;

	(void)state;
	len = 99;
	p = addr_bytes(a, &len);
	assert_int_equal(len, 4);
	assert_ptr_equal(p, &((struct sockaddr_in *)(void *)a)->sin_addr);
	assert_memory_equal(p, want4, 4);

	len = 99;
	p = addr_bytes(b, &len);
	assert_int_equal(len, 16);
	assert_ptr_equal(p, &((struct sockaddr_in6 *)(void *)b)->sin6_addr);
	assert_memory_equal(p, want6, 16);

	len = 99;
	assert_null(addr_bytes(u, &len));
	assert_int_equal(len, 0);
	free(a);
	free(b);
	free(u);
}

static void test_same_host_v4(void **state)
{
	struct sockaddr *a = v4("192.0.2.1", 1000), *b = v4("192.0.2.1", 2000);
	struct sockaddr *c = v4("192.0.2.2", 1000), *d = v4("193.0.2.1", 1000);

	(void)state;
	assert_true(addr_same_host(a, a));
	assert_true(addr_same_host(a, b));	/* ports aside */
	assert_true(addr_same_host(b, a));
	assert_false(addr_same_host(a, c));	/* last byte differs */
	assert_false(addr_same_host(a, d));	/* first byte differs */
	free(a);
	free(b);
	free(c);
	free(d);
}

static void test_same_host_v6(void **state)
{
	struct sockaddr *a = v6("fe80::1", 1, 0, 2);
	struct sockaddr *b = v6("fe80::1", 9, 0x12345, 7);	/* port, flow, scope */
	struct sockaddr *c = v6("fe80::2", 1, 0, 2);
	struct sockaddr *d = v6("fe81::1", 1, 0, 2);

	(void)state;
	assert_true(addr_same_host(a, b));
	assert_true(addr_same_host(b, a));
	assert_false(addr_same_host(a, c));
	assert_false(addr_same_host(a, d));
	free(a);
	free(b);
	free(c);
	free(d);
}

static void test_same_host_families(void **state)
{
	struct sockaddr *a = v4("192.0.2.1", 0);
	struct sockaddr *m = v6("::ffff:192.0.2.1", 0, 0, 0);
	struct sockaddr *u1 = unix_sa("/tmp/x"), *u2 = unix_sa("/tmp/x");

	(void)state;
	/* The same IPv4 address, once mapped: different families. */
	assert_false(addr_same_host(a, m));
	assert_false(addr_same_host(m, a));
	/* A family without addresses never matches, not even itself. */
	assert_false(addr_same_host(u1, u2));
	assert_false(addr_same_host(u1, u1));
	assert_false(addr_same_host(u1, a));
	assert_false(addr_same_host(a, u1));
	assert_false(addr_same_host(m, u1));
	free(a);
	free(m);
	free(u1);
	free(u2);
}

static void test_set_port(void **state)
{
	struct sockaddr_storage ss, before;
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)&ss;
	struct sockaddr_un *sun = (struct sockaddr_un *)(void *)&ss;

	(void)state;
	memset(&ss, 0, sizeof(ss));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(0xc0000201);
	addr_set_port(&ss, 0x1234);
	assert_int_equal(sin->sin_port, htons(0x1234));
	assert_int_equal(sin->sin_addr.s_addr, htonl(0xc0000201));

	memset(&ss, 0, sizeof(ss));
	sin6->sin6_family = AF_INET6;
	sin6->sin6_scope_id = 3;
	addr_set_port(&ss, 0xfedc);
	assert_int_equal(sin6->sin6_port, htons(0xfedc));
	assert_int_equal(sin6->sin6_scope_id, 3);

	/* Another family: nothing changes. */
	memset(&ss, 0x5a, sizeof(ss));
	sun->sun_family = AF_UNIX;
	memcpy(&before, &ss, sizeof(ss));
	addr_set_port(&ss, 0x1234);
	assert_memory_equal(&ss, &before, sizeof(ss));
}

static void test_multicast_v4(void **state)
{
	static const struct {
		const char *text;
		bool multicast;
	} cases[] = {
		{ "224.0.0.1", true },
		{ "239.255.255.250", true },
		{ "239.0.0.0", true },
		{ "255.255.255.255", true },	/* the limited broadcast */
		{ "223.255.255.255", false },
		{ "240.0.0.1", false },
		{ "255.255.255.254", false },
		{ "192.0.2.255", false },
		{ "0.0.0.0", false },
		{ "127.0.0.1", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sockaddr *sa = v4(cases[i].text, 0);

		if (addr_is_multicast(sa) != cases[i].multicast)
			fail_msg("%s: expected %d", cases[i].text, cases[i].multicast);
		free(sa);
	}
}

static void test_multicast_v6_and_others(void **state)
{
	struct sockaddr *all = v6("ff02::1", 0, 0, 1), *site = v6("ff05::2", 0, 0, 0);
	struct sockaddr *ll = v6("fe80::1", 0, 0, 1), *lo = v6("::1", 0, 0, 0);
	struct sockaddr *mapped = v6("::ffff:224.0.0.1", 0, 0, 0);
	struct sockaddr *u = unix_sa("/tmp/x");

	(void)state;
	assert_true(addr_is_multicast(all));
	assert_true(addr_is_multicast(site));
	assert_false(addr_is_multicast(ll));
	assert_false(addr_is_multicast(lo));
	assert_false(addr_is_multicast(mapped));
	assert_false(addr_is_multicast(u));
	free(all);
	free(site);
	free(ll);
	free(lo);
	free(mapped);
	free(u);
}

/*
 * The IPv6 classes iputils treats apart: link-local unicast and multicast
 * (no source probe), a /64's Subnet-Router anycast address with "::" (no
 * DIFFERENT ADDRESS).  Never IPv4.
 */
static void test_ipv6_classes(void **state)
{
	static const struct {
		const char *a;
		bool link, anycast;
	} cases[] = {
		{ "fe80::1", true, false }, { "febf::1", true, false }, { "fe80::", true, true },
		{ "fec0::1", false, false }, { "ff02::1", true, false }, { "ff12::1", true, false },
		{ "ff05::2", false, false }, { "ff01::1", false, false }, { "ff02::", true, true },
		{ "2001:db8::1", false, false }, { "2001:db8:1:2::", false, true }, { "::", false, true },
		{ "2001:db8::1:0:0:0", false, false }, { "2001:db8::100:0:0:0", false, false },
		{ "::1", false, false }, { "::ffff:169.254.0.1", false, false },
		{ "::ffff:0.0.0.0", false, false },
	};
	struct sockaddr *v4sa = v4("0.0.0.0", 0), *ll4 = v4("169.254.0.1", 0);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sockaddr *sa = v6(cases[i].a, 0, 0, 0);

		if (addr_is_link_scope6(sa) != cases[i].link)
			fail_msg("%s: link scope should be %d", cases[i].a, cases[i].link);
		if (addr_is_subnet_anycast(sa) != cases[i].anycast)
			fail_msg("%s: anycast should be %d", cases[i].a, cases[i].anycast);
		free(sa);
	}
	assert_false(addr_is_link_scope6(ll4));
	assert_false(addr_is_subnet_anycast(v4sa));
	free(v4sa);
	free(ll4);
}

/* The forms inet_aton reads are numbers for IPv4; a ':' makes one for IPv6. */
static void test_typed_numeric(void **state)
{
	static const char *const numeric4[] = {
		"127.0.0.1", "127.1", "127.0.1", "0x7f.1", "0x7f000001", "2130706433", "017700000001",
		"0", "255.255.255.255", "1.2.3", "0X7F.0.0.1",
	};
	static const char *const names4[] = {
		"localhost", "127.0.0.1.", "127.0.0.256", "1.2.3.4.5", "0x", "08", "::1",
		"::ffff:127.0.0.1", "4294967296", "", "1..2", "127.0.0.1%lo", "x127.1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(numeric4) / sizeof(numeric4[0]); i++)
		assert_true(addr_typed_numeric(numeric4[i], AF_INET));
	for (i = 0; i < sizeof(names4) / sizeof(names4[0]); i++)
		assert_false(addr_typed_numeric(names4[i], AF_INET));
	assert_true(addr_typed_numeric("::1", AF_INET6));
	assert_true(addr_typed_numeric("::ffff:127.0.0.1", AF_INET6));
	assert_true(addr_typed_numeric("fe80::1%lo", AF_INET6));
	assert_false(addr_typed_numeric("ip6-localhost", AF_INET6));
	assert_false(addr_typed_numeric("127.0.0.1", AF_INET6));
	assert_false(addr_typed_numeric("127.0.0.1", AF_UNSPEC));
}

/*
 * What getaddrinfo makes of text as a numeric host (AI_NUMERICHOST, either
 * family): its one address into *out, or false when it refuses the text.
 */
static bool resolver_numeric(const char *text, struct sockaddr_storage *out, socklen_t *len)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM,
				  .ai_flags = AI_NUMERICHOST };
	struct addrinfo *res;

	if (getaddrinfo(text, NULL, &hints, &res) != 0)
		return false;
	assert_null(res->ai_next);
	memset(out, 0, sizeof(*out));
	memcpy(out, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return true;
}

/*
 * The resolver-free reading of a numeric target agrees with getaddrinfo
 * wherever it answers, and answers for every numeric form but a scoped one.
 */
static void test_parse_numeric(void **state)
{
	static const char *const texts[] = {
		"127.0.0.1", "127.1", "127.0.1", "0x7f.1", "0x7f000001", "2130706433", "017700000001",
		"0", "255.255.255.255", "1.2.3", "0X7F.0.0.1", "198.18.0.1", "224.0.0.1",
		"::1", "::", "::ffff:127.0.0.1", "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "ff02::1",
		"fe80::1", "1:2:3:4:5:6:7:8", "::1.2.3.4",
		/* not numbers, or not numbers getaddrinfo takes whole */
		"localhost", "127.0.0.1.", "127.0.0.256", "1.2.3.4.5", "0x", "08", "", "1..2",
		"127.0.0.1 ", " 127.0.0.1", "127.0.0.1\tx", "127.0.0.1\n", "4294967296", "x127.1",
		"1:2:3:4:5:6:7:8:9", ":::", "::1 ", "2001:db8::g", "*",
	};
	struct sockaddr_storage ours, theirs;
	socklen_t ours_len = 0, theirs_len = 0;
	size_t i;
	int taken = 0;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		bool a = addr_parse_numeric(texts[i], &ours, &ours_len);
		bool b = resolver_numeric(texts[i], &theirs, &theirs_len);

		if (a != b)
			fail_msg("\"%s\": ours %d, getaddrinfo %d", texts[i], a, b);
		if (!a)
			continue;
		taken++;
		assert_int_equal(ours_len, theirs_len);
		if (memcmp(&ours, &theirs, ours_len) != 0)
			fail_msg("\"%s\": another address than getaddrinfo's", texts[i]);
	}
	assert_int_equal(taken, 22);
	/* A scope is getaddrinfo's to read (an interface name needs the kernel). */
	assert_true(resolver_numeric("fe80::1%1", &theirs, &theirs_len));
	assert_false(addr_parse_numeric("fe80::1%1", &ours, &ours_len));
	assert_false(addr_parse_numeric("fe80::1%lo", &ours, &ours_len));
}

/* addr_format against inet_ntop for bytes a in family af. */
static void check_format(int af, const uint8_t *a)
{
	char ours[64], theirs[64];

	assert_non_null(inet_ntop(af, a, theirs, sizeof(theirs)));
	assert_true(addr_format(af, a, ours, sizeof(ours)));
	if (strcmp(ours, theirs) != 0)
		fail_msg("addr_format \"%s\", inet_ntop \"%s\"", ours, theirs);
}

/* The text of an address is inet_ntop's, zero runs and embedded IPv4 included. */
static void test_format(void **state)
{
	static const char *const six[] = {
		"::", "::1", "1::", "::ffff:1.2.3.4", "::1.2.3.4", "::0.0.1.2", "::ffff:0:1",
		"1:0:0:2:0:0:0:3", "1:0:0:2:0:0:3:4", "0:0:1:0:0:0:0:2", "1:0:2:0:3:0:4:0",
		"2001:db8::ff00:42:8329", "fe80::1", "ff02::1", "0:0:0:0:0:ffff:0:0",
		"0:0:0:0:1:ffff:1.2.3.4", "0:0:0:0:0:fffe:1.2.3.4", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		"1:2:3:4:5:6:7:8", "::ffff:255.255.255.255", "0:1::", "1:0:0:0:0:0:0:0",
	};
	uint8_t a[16], four[4];
	uint32_t x = 12345;
	char small[8], exact[16];

	(void)state;
	for (size_t i = 0; i < sizeof(six) / sizeof(six[0]); i++) {
		assert_int_equal(inet_pton(AF_INET6, six[i], a), 1);
		check_format(AF_INET6, a);
	}
	/* Groups drawn from 0, ffff and small and large values: many zero runs. */
	for (int n = 0; n < 20000; n++) {
		for (int g = 0; g < 8; g++) {
			unsigned v;

			x = x * 1103515245u + 12345u;
			switch ((x >> 16) % 4) {
			case 0: case 1: v = 0; break;
			case 2: v = (x >> 8) & 0xf; break;
			default: v = (x >> 3) & 0xffff; break;
			}
			if (g == 5 && (x & 0x300) == 0x300)
				v = 0xffff;
			be16_put(a + 2 * g, (uint16_t)v);
		}
		check_format(AF_INET6, a);
		memcpy(four, a + 4, 4);
		check_format(AF_INET, four);
	}
	for (unsigned v = 0; v < 256; v++) {
		memset(four, (int)v, sizeof(four));
		four[3] = (uint8_t)(255 - v);
		check_format(AF_INET, four);
	}
	/* Too small, as inet_ntop: false and an empty text. */
	memset(four, 255, sizeof(four));
	assert_false(addr_format(AF_INET, four, small, sizeof(small)));
	assert_string_equal(small, "");
	assert_true(addr_format(AF_INET, four, exact, sizeof(exact)));
	assert_string_equal(exact, "255.255.255.255");
	assert_false(addr_format(AF_INET, four, exact, sizeof(exact) - 1));
	assert_false(addr_format(AF_UNIX, four, small, sizeof(small)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_be_get_unaligned),
		cmocka_unit_test(test_be16_put),
		cmocka_unit_test(test_addr_bytes),
		cmocka_unit_test(test_same_host_v4),
		cmocka_unit_test(test_same_host_v6),
		cmocka_unit_test(test_same_host_families),
		cmocka_unit_test(test_set_port),
		cmocka_unit_test(test_multicast_v4),
		cmocka_unit_test(test_multicast_v6_and_others),
		cmocka_unit_test(test_ipv6_classes),
		cmocka_unit_test(test_typed_numeric),
		cmocka_unit_test(test_parse_numeric),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
