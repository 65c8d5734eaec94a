/* icmp_text: every table entry of both families, byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "icmp_text.h"

/* Formats into a roomy buffer and checks both the text and the returned length. */
static void expect_text(int af, uint8_t type, uint8_t code, uint32_t info,
			const char *gateway, const char *want)
{
	char buf[256];
	size_t n;

	memset(buf, 'X', sizeof(buf));
	n = icmp_text(buf, sizeof(buf), af, type, code, info, gateway);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_v4_simple_types(void **state)
{
	(void)state;
	expect_text(AF_INET, 0, 0, 0, NULL, "Echo Reply");
	expect_text(AF_INET, 4, 0, 0, NULL, "Source Quench");
	expect_text(AF_INET, 8, 0, 0, NULL, "Echo Request");
	expect_text(AF_INET, 13, 0, 0, NULL, "Timestamp");
	expect_text(AF_INET, 14, 0, 0, NULL, "Timestamp Reply");
	expect_text(AF_INET, 15, 0, 0, NULL, "Information Request");
	expect_text(AF_INET, 16, 0, 0, NULL, "Information Reply");
	expect_text(AF_INET, 17, 0, 0, NULL, "Address Mask Request");
	expect_text(AF_INET, 18, 0, 0, NULL, "Address Mask Reply");
	/* These ignore the code and the info word. */
	expect_text(AF_INET, 0, 7, 1234, "gw", "Echo Reply");
	expect_text(AF_INET, 4, 1, 99, NULL, "Source Quench");
}

static void test_v4_unreachable(void **state)
{
	static const char *const want[16] = {
		"Destination Net Unreachable",
		"Destination Host Unreachable",
		"Destination Protocol Unreachable",
		"Destination Port Unreachable",
		"Frag needed and DF set (mtu = 1400)",
		"Source Route Failed",
		"Destination Net Unknown",
		"Destination Host Unknown",
		"Source Host Isolated",
		"Destination Net Prohibited",
		"Destination Host Prohibited",
		"Destination Net Unreachable for Type of Service",
		"Destination Host Unreachable for Type of Service",
		"Packet filtered",
		"Precedence Violation",
		"Precedence Cutoff",
	};
	unsigned code;

	(void)state;
	for (code = 0; code < 16; code++)
		expect_text(AF_INET, 3, (uint8_t)code, 1400, NULL, want[code]);
	expect_text(AF_INET, 3, 4, 0, NULL, "Frag needed and DF set (mtu = 0)");
	expect_text(AF_INET, 3, 4, 65535, NULL, "Frag needed and DF set (mtu = 65535)");
	expect_text(AF_INET, 3, 16, 0, NULL, "Dest Unreachable, Bad Code: 16");
	expect_text(AF_INET, 3, 255, 0, NULL, "Dest Unreachable, Bad Code: 255");
}

static void test_v4_redirect_named(void **state)
{
	(void)state;
	expect_text(AF_INET, 5, 0, 0xc0a80001, "router.example",
		    "Redirect Network(New nexthop: router.example)");
	expect_text(AF_INET, 5, 1, 0xc0a80001, "router.example (192.168.0.1)",
		    "Redirect Host(New nexthop: router.example (192.168.0.1))");
	expect_text(AF_INET, 5, 2, 0, "gw",
		    "Redirect Type of Service and Network(New nexthop: gw)");
	expect_text(AF_INET, 5, 3, 0, "gw",
		    "Redirect Type of Service and Host(New nexthop: gw)");
	expect_text(AF_INET, 5, 4, 0, "gw",
		    "Redirect, Bad Code: 4(New nexthop: gw)");
}

static void test_v4_redirect_quad(void **state)
{
	(void)state;
	expect_text(AF_INET, 5, 0, 0x0a000001, NULL,
		    "Redirect Network(New nexthop: 10.0.0.1)");
	expect_text(AF_INET, 5, 1, 0xc0a8fe02, NULL,
		    "Redirect Host(New nexthop: 192.168.254.2)");
	expect_text(AF_INET, 5, 2, 0, NULL,
		    "Redirect Type of Service and Network(New nexthop: 0.0.0.0)");
	expect_text(AF_INET, 5, 3, 0xffffffff, NULL,
		    "Redirect Type of Service and Host(New nexthop: 255.255.255.255)");
	expect_text(AF_INET, 5, 200, 0x7f000001, NULL,
		    "Redirect, Bad Code: 200(New nexthop: 127.0.0.1)");
}

static void test_v4_time_exceeded(void **state)
{
	(void)state;
	expect_text(AF_INET, 11, 0, 0, NULL, "Time to live exceeded");
	expect_text(AF_INET, 11, 1, 0, NULL, "Frag reassembly time exceeded");
	expect_text(AF_INET, 11, 2, 0, NULL, "Time exceeded, Bad Code: 2");
	expect_text(AF_INET, 11, 255, 0, NULL, "Time exceeded, Bad Code: 255");
}

static void test_v4_parameter_problem(void **state)
{
	(void)state;
	expect_text(AF_INET, 12, 0, 0, NULL, "Parameter problem: pointer = 0");
	expect_text(AF_INET, 12, 0, 20, NULL, "Parameter problem: pointer = 20");
	expect_text(AF_INET, 12, 2, 255, NULL, "Parameter problem: pointer = 255");
}

static void test_v4_bad_type(void **state)
{
	(void)state;
	expect_text(AF_INET, 1, 0, 0, NULL, "Bad ICMP type: 1");
	expect_text(AF_INET, 2, 0, 0, NULL, "Bad ICMP type: 2");
	expect_text(AF_INET, 6, 0, 0, NULL, "Bad ICMP type: 6");
	expect_text(AF_INET, 7, 0, 0, NULL, "Bad ICMP type: 7");
	expect_text(AF_INET, 9, 0, 0, NULL, "Bad ICMP type: 9");
	expect_text(AF_INET, 10, 0, 0, NULL, "Bad ICMP type: 10");
	expect_text(AF_INET, 19, 0, 0, NULL, "Bad ICMP type: 19");
	expect_text(AF_INET, 128, 0, 0, NULL, "Bad ICMP type: 128");
	expect_text(AF_INET, 255, 3, 7, "gw", "Bad ICMP type: 255");
}

static void test_v6_unreachable(void **state)
{
	(void)state;
	expect_text(AF_INET6, 1, 0, 0, NULL, "Destination unreachable: No route");
	expect_text(AF_INET6, 1, 1, 0, NULL,
		    "Destination unreachable: Administratively prohibited");
	expect_text(AF_INET6, 1, 2, 0, NULL,
		    "Destination unreachable: Beyond scope of source address");
	expect_text(AF_INET6, 1, 3, 0, NULL, "Destination unreachable: Address unreachable");
	expect_text(AF_INET6, 1, 4, 0, NULL, "Destination unreachable: Port unreachable");
	expect_text(AF_INET6, 1, 5, 0, NULL,
		    "Destination unreachable: Source address failed ingress/egress policy");
	expect_text(AF_INET6, 1, 6, 0, NULL,
		    "Destination unreachable: Reject route to destination");
	expect_text(AF_INET6, 1, 7, 0, NULL, "Destination unreachable: Unknown code 7");
	expect_text(AF_INET6, 1, 255, 0, NULL, "Destination unreachable: Unknown code 255");
}

static void test_v6_packet_too_big(void **state)
{
	(void)state;
	expect_text(AF_INET6, 2, 0, 1280, NULL, "Packet too big: mtu=1280");
	expect_text(AF_INET6, 2, 0, 4294967295u, NULL, "Packet too big: mtu=4294967295");
	expect_text(AF_INET6, 2, 1, 1400, NULL, "Packet too big: mtu=1400, code=1");
	expect_text(AF_INET6, 2, 255, 0, NULL, "Packet too big: mtu=0, code=255");
}

static void test_v6_time_exceeded(void **state)
{
	(void)state;
	expect_text(AF_INET6, 3, 0, 0, NULL, "Time exceeded: Hop limit");
	expect_text(AF_INET6, 3, 1, 0, NULL, "Time exceeded: Defragmentation failure");
	expect_text(AF_INET6, 3, 2, 0, NULL, "Time exceeded: code 2");
	expect_text(AF_INET6, 3, 200, 9, NULL, "Time exceeded: code 200");
}

static void test_v6_parameter_problem(void **state)
{
	(void)state;
	expect_text(AF_INET6, 4, 0, 6, NULL, "Parameter problem: Wrong header field at 6");
	expect_text(AF_INET6, 4, 1, 40, NULL, "Parameter problem: Unknown header at 40");
	expect_text(AF_INET6, 4, 2, 42, NULL, "Parameter problem: Unknown option at 42");
	expect_text(AF_INET6, 4, 3, 0, NULL, "Parameter problem: code 3 at 0");
	expect_text(AF_INET6, 4, 255, 4294967295u, NULL,
		    "Parameter problem: code 255 at 4294967295");
}

static void test_v6_informational_types(void **state)
{
	(void)state;
	expect_text(AF_INET6, 128, 0, 0, NULL, "Echo request");
	expect_text(AF_INET6, 129, 0, 0, NULL, "Echo reply");
	expect_text(AF_INET6, 130, 0, 0, NULL, "MLD Query");
	expect_text(AF_INET6, 131, 0, 0, NULL, "MLD Report");
	expect_text(AF_INET6, 132, 0, 0, NULL, "MLD Reduction");
	expect_text(AF_INET6, 129, 5, 77, "gw", "Echo reply");
}

static void test_v6_unknown_type(void **state)
{
	(void)state;
	expect_text(AF_INET6, 0, 0, 0, NULL, "unknown icmp type: 0");
	expect_text(AF_INET6, 5, 0, 0, NULL, "unknown icmp type: 5");
	expect_text(AF_INET6, 127, 0, 0, NULL, "unknown icmp type: 127");
	expect_text(AF_INET6, 133, 0, 0, NULL, "unknown icmp type: 133");
	expect_text(AF_INET6, 137, 0, 0, NULL, "unknown icmp type: 137");
	expect_text(AF_INET6, 255, 0, 0, NULL, "unknown icmp type: 255");
}

static void test_unknown_family(void **state)
{
	(void)state;
	expect_text(AF_UNIX, 3, 1, 0, NULL, "");
}

/* A short buffer keeps a NUL-terminated prefix, writes nothing past len, and reports the full length. */
static void test_truncation(void **state)
{
	char buf[16];
	size_t n;

	(void)state;
	memset(buf, 'X', sizeof(buf));
	n = icmp_text(buf, 8, AF_INET, 3, 1, 0, NULL);
	assert_int_equal(n, strlen("Destination Host Unreachable"));
	assert_string_equal(buf, "Destina");
	assert_int_equal(buf[7], '\0');
	assert_memory_equal(buf + 8, "XXXXXXXX", 8);

	memset(buf, 'X', sizeof(buf));
	n = icmp_text(buf, 10, AF_INET, 5, 1, 0x0a000001, NULL);
	assert_int_equal(n, strlen("Redirect Host(New nexthop: 10.0.0.1)"));
	assert_string_equal(buf, "Redirect ");
	assert_memory_equal(buf + 10, "XXXXXX", 6);

	memset(buf, 'X', sizeof(buf));
	n = icmp_text(buf, 12, AF_INET6, 4, 0, 6, NULL);
	assert_int_equal(n, strlen("Parameter problem: Wrong header field at 6"));
	assert_string_equal(buf, "Parameter p");
	assert_memory_equal(buf + 12, "XXXX", 4);

	memset(buf, 'X', sizeof(buf));
	n = icmp_text(buf, 1, AF_INET6, 2, 0, 1280, NULL);
	assert_int_equal(n, strlen("Packet too big: mtu=1280"));
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'X');

	n = icmp_text(NULL, 0, AF_INET, 12, 0, 20, NULL);
	assert_int_equal(n, strlen("Parameter problem: pointer = 20"));
}

static void test_informational(void **state)
{
	unsigned t;

	(void)state;
	for (t = 0; t < 256; t++) {
		assert_int_equal(icmp_is_informational(AF_INET, (uint8_t)t), t == 4 || t == 5);
		assert_int_equal(icmp_is_informational(AF_INET6, (uint8_t)t), t == 137);
		assert_false(icmp_is_informational(AF_UNIX, (uint8_t)t));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4_simple_types),
		cmocka_unit_test(test_v4_unreachable),
		cmocka_unit_test(test_v4_redirect_named),
		cmocka_unit_test(test_v4_redirect_quad),
		cmocka_unit_test(test_v4_time_exceeded),
		cmocka_unit_test(test_v4_parameter_problem),
		cmocka_unit_test(test_v4_bad_type),
		cmocka_unit_test(test_v6_unreachable),
		cmocka_unit_test(test_v6_packet_too_big),
		cmocka_unit_test(test_v6_time_exceeded),
		cmocka_unit_test(test_v6_parameter_problem),
		cmocka_unit_test(test_v6_informational_types),
		cmocka_unit_test(test_v6_unknown_type),
		cmocka_unit_test(test_unknown_family),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_informational),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
