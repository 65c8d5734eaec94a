/* refusal_print: the full text for each reason a socket was refused, byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "refusal.h"

/* Renders the message for rf into a string through a memory stream. */
static char *render(const char *progname, const struct refusal_facts *rf)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	assert_non_null(f);
	refusal_print(f, progname, rf);
	assert_int_equal(fclose(f), 0);
	assert_non_null(text);
	assert_int_equal(strlen(text), size);
	return text;
}

static void expect_message(const char *progname, const struct refusal_facts *rf,
			   const char *want)
{
	char *got = render(progname, rf);

	assert_string_equal(got, want);
	free(got);
}

/* An unprivileged user in three groups, refused under the default range. */
static struct refusal_facts base_facts(void)
{
	struct refusal_facts rf = {
		.dgram_errno = EACCES,
		.raw_errno = EPERM,
		.range_known = true,
		.range_lo = 1,
		.range_hi = 0,
		.gids = { 1000, 27, 100 },
		.ngids = 3,
		.exe = "/usr/bin/ping",
	};

	return rf;
}

static void test_closed_range(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => because none of your groups is in net.ipv4.ping_group_range\n"
		"ping: => your groups (effective first): 1000 27 100\n"
		"ping: => net.ipv4.ping_group_range is \"1 0\", which admits no group\n"
		"ping: => to admit group 1000, run as root: sysctl -w net.ipv4.ping_group_range=\"1000 1000\"\n"
		"ping: => the range \"0 2147483647\" admits every group\n"
		"ping: => or let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

static void test_open_range_below_gid(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.range_lo = 100;
	rf.range_hi = 200;
	rf.gids[2] = 300;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => because none of your groups is in net.ipv4.ping_group_range\n"
		"ping: => your groups (effective first): 1000 27 300\n"
		"ping: => net.ipv4.ping_group_range is \"100 200\", which admits groups 100 to 200\n"
		"ping: => to admit group 1000, run as root: sysctl -w net.ipv4.ping_group_range=\"100 1000\"\n"
		"ping: => the range \"0 2147483647\" admits every group\n"
		"ping: => or let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

static void test_open_range_above_gid(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.range_lo = 5000;
	rf.range_hi = 6000;
	rf.ngids = 1;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => because none of your groups is in net.ipv4.ping_group_range\n"
		"ping: => your groups (effective first): 1000\n"
		"ping: => net.ipv4.ping_group_range is \"5000 6000\", which admits groups 5000 to 6000\n"
		"ping: => to admit group 1000, run as root: sysctl -w net.ipv4.ping_group_range=\"1000 6000\"\n"
		"ping: => the range \"0 2147483647\" admits every group\n"
		"ping: => or let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

static void test_single_group_range(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.range_lo = 0;
	rf.range_hi = 0;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => because none of your groups is in net.ipv4.ping_group_range\n"
		"ping: => your groups (effective first): 1000 27 100\n"
		"ping: => net.ipv4.ping_group_range is \"0 0\", which admits only group 0\n"
		"ping: => to admit group 1000, run as root: sysctl -w net.ipv4.ping_group_range=\"0 1000\"\n"
		"ping: => the range \"0 2147483647\" admits every group\n"
		"ping: => or let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

static void test_unknown_range(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.range_known = false;
	rf.range_lo = 100;
	rf.range_hi = 200;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => because none of your groups is in net.ipv4.ping_group_range\n"
		"ping: => your groups (effective first): 1000 27 100\n"
		"ping: => net.ipv4.ping_group_range could not be read\n"
		"ping: => to admit group 1000, run as root: sysctl -w net.ipv4.ping_group_range=\"1000 1000\"\n"
		"ping: => the range \"0 2147483647\" admits every group\n"
		"ping: => or let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

/*
 * EPERM from the datagram socket is a policy's (the group range gives
 * EACCES): no raw socket is tried, and the failure is iputils' two lines.
 */
static void test_dgram_eperm(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.dgram_errno = EPERM;
	rf.raw_errno = 0;
	rf.ngids = 1;
	expect_message("./ping", &rf,
		"./ping: socktype: SOCK_DGRAM\n"
		"./ping: socket: Operation not permitted\n");
}

/* A supplementary group inside the range: widening it would not help. */
static void test_group_already_in_range(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.range_lo = 20;
	rf.range_hi = 50;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => although group 27 is in net.ipv4.ping_group_range: a security module may have denied it\n"
		"ping: => your groups (effective first): 1000 27 100\n"
		"ping: => net.ipv4.ping_group_range is \"20 50\", which admits groups 20 to 50\n"
		"ping: => to let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

/* A long supplementary list wraps onto indented continuation lines. */
static void test_many_groups_wrap(void **state)
{
	struct refusal_facts rf = base_facts();
	int i;

	(void)state;
	for (i = 0; i < 30; i++)
		rf.gids[i] = (gid_t)(100000 + i);
	rf.ngids = 30;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => because none of your groups is in net.ipv4.ping_group_range\n"
		"ping: => your groups (effective first): 100000 100001 100002 100003 100004 100005 100006 100007\n"
		"ping: =>   100008 100009 100010 100011 100012 100013 100014 100015 100016 100017 100018 100019\n"
		"ping: =>   100020 100021 100022 100023 100024 100025 100026 100027 100028 100029\n"
		"ping: => net.ipv4.ping_group_range is \"1 0\", which admits no group\n"
		"ping: => to admit group 100000, run as root: sysctl -w net.ipv4.ping_group_range=\"100000 100000\"\n"
		"ping: => the range \"0 2147483647\" admits every group\n"
		"ping: => or let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

/* No group known: nothing to list and no single gid to admit. */
static void test_no_groups(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.ngids = 0;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => because none of your groups is in net.ipv4.ping_group_range\n"
		"ping: => net.ipv4.ping_group_range is \"1 0\", which admits no group\n"
		"ping: => the range \"0 2147483647\" admits every group\n"
		"ping: => or let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

/* A gid above the kernel's limit cannot be admitted by any range. */
static void test_gid_beyond_sysctl_limit(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.gids[0] = 4294967294u;
	rf.ngids = 1;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => because none of your groups is in net.ipv4.ping_group_range\n"
		"ping: => your groups (effective first): 4294967294\n"
		"ping: => net.ipv4.ping_group_range is \"1 0\", which admits no group\n"
		"ping: => to let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

static void test_null_exe(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.exe = NULL;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => the kernel refused an ICMP datagram socket: Permission denied\n"
		"ping: => because none of your groups is in net.ipv4.ping_group_range\n"
		"ping: => your groups (effective first): 1000 27 100\n"
		"ping: => net.ipv4.ping_group_range is \"1 0\", which admits no group\n"
		"ping: => to admit group 1000, run as root: sysctl -w net.ipv4.ping_group_range=\"1000 1000\"\n"
		"ping: => the range \"0 2147483647\" admits every group\n"
		"ping: => or let this program open raw sockets, run as root: setcap cap_net_raw+p ping\n");

	rf.dgram_errno = EPROTONOSUPPORT;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => this kernel does not offer ICMP datagram sockets: Protocol not supported\n"
		"ping: => to let this program open raw sockets, run as root: setcap cap_net_raw+p ping\n");
}

static void test_no_dgram_support(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.dgram_errno = EPROTONOSUPPORT;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => this kernel does not offer ICMP datagram sockets: Protocol not supported\n"
		"ping: => to let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");

	rf.dgram_errno = EAFNOSUPPORT;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => this kernel does not offer ICMP datagram sockets: "
		"Address family not supported by protocol\n"
		"ping: => to let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

/*
 * The groups listed: the effective one first, the supplementary ones (the
 * effective one not twice) as many as fit, and a group inside the range
 * that does not fit in the last place, since it decides the message.
 */
static void test_set_groups(void **state)
{
	struct refusal_facts rf = base_facts();
	gid_t groups[70];
	int i;

	(void)state;
	for (i = 0; i < 70; i++)
		groups[i] = (gid_t)(2000 + i);
	groups[5] = 1000;
	refusal_set_groups(&rf, 1000, groups, 70);
	assert_int_equal(rf.ngids, REFUSAL_MAX_GIDS);
	assert_int_equal(rf.gids[0], 1000);
	assert_int_equal(rf.gids[5], 2004);
	assert_int_equal(rf.gids[6], 2006);
	assert_int_equal(rf.gids[REFUSAL_MAX_GIDS - 1], 2063);

	rf.range_lo = rf.range_hi = 2068;
	refusal_set_groups(&rf, 1000, groups, 70);
	assert_int_equal(rf.ngids, REFUSAL_MAX_GIDS);
	assert_int_equal(rf.gids[REFUSAL_MAX_GIDS - 2], 2062);
	assert_int_equal(rf.gids[REFUSAL_MAX_GIDS - 1], 2068);

	/* Listed already: nothing moves. */
	rf.range_lo = rf.range_hi = 2001;
	refusal_set_groups(&rf, 1000, groups, 70);
	assert_int_equal(rf.gids[REFUSAL_MAX_GIDS - 1], 2063);

	refusal_set_groups(&rf, 1000, NULL, 0);
	assert_int_equal(rf.ngids, 1);
	assert_int_equal(rf.gids[0], 1000);
}

/* Where a raw socket is tried: iputils' list, IPv6's EAFNOSUPPORT excluded. */
static void test_raw_may_help(void **state)
{
	(void)state;
	assert_true(refusal_raw_may_help(AF_INET, EACCES));
	assert_true(refusal_raw_may_help(AF_INET6, EACCES));
	assert_true(refusal_raw_may_help(AF_INET, EPROTONOSUPPORT));
	assert_true(refusal_raw_may_help(AF_INET6, EPROTONOSUPPORT));
	assert_true(refusal_raw_may_help(AF_INET, EAFNOSUPPORT));
	assert_false(refusal_raw_may_help(AF_INET6, EAFNOSUPPORT));
	assert_false(refusal_raw_may_help(AF_INET, EPERM));
	assert_false(refusal_raw_may_help(AF_INET6, EPERM));
	assert_false(refusal_raw_may_help(AF_INET, ESOCKTNOSUPPORT));
	assert_false(refusal_raw_may_help(AF_INET, EMFILE));
	assert_false(refusal_raw_may_help(AF_INET6, ENOBUFS));
	assert_false(refusal_raw_may_help(AF_INET, 0));
}

/* -N and -e 0 need the raw socket itself: only the capability helps. */
static void test_raw_only(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.dgram_errno = 0;
	rf.raw_only = "-N";
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Operation not permitted\n"
		"ping: => -N needs a raw socket, and so the CAP_NET_RAW capability\n"
		"ping: => to let this program open raw sockets, run as root: setcap cap_net_raw+p /usr/bin/ping\n");
}

/* No raw socket tried (a lack of resources, no IPv6): iputils' two lines, nothing else. */
static void test_dgram_failure(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.dgram_errno = EMFILE;
	rf.raw_errno = 0;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_DGRAM\n"
		"ping: socket: Too many open files\n");

	rf.dgram_errno = EAFNOSUPPORT;
	expect_message("ping6", &rf,
		"ping6: socktype: SOCK_DGRAM\n"
		"ping6: socket: Address family not supported by protocol\n");
}

/* A raw socket refused otherwise than for the capability: no remedy to offer. */
static void test_raw_failure(void **state)
{
	struct refusal_facts rf = base_facts();

	(void)state;
	rf.dgram_errno = 0;
	rf.raw_only = "-N";
	rf.raw_errno = EAFNOSUPPORT;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Address family not supported by protocol\n");

	rf.raw_only = NULL;
	rf.dgram_errno = EACCES;
	rf.raw_errno = EMFILE;
	expect_message("ping", &rf,
		"ping: socktype: SOCK_RAW\n"
		"ping: socket: Too many open files\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_closed_range),
		cmocka_unit_test(test_open_range_below_gid),
		cmocka_unit_test(test_open_range_above_gid),
		cmocka_unit_test(test_single_group_range),
		cmocka_unit_test(test_unknown_range),
		cmocka_unit_test(test_dgram_eperm),
		cmocka_unit_test(test_group_already_in_range),
		cmocka_unit_test(test_many_groups_wrap),
		cmocka_unit_test(test_no_groups),
		cmocka_unit_test(test_gid_beyond_sysctl_limit),
		cmocka_unit_test(test_null_exe),
		cmocka_unit_test(test_no_dgram_support),
		cmocka_unit_test(test_raw_only),
		cmocka_unit_test(test_set_groups),
		cmocka_unit_test(test_raw_may_help),
		cmocka_unit_test(test_dgram_failure),
		cmocka_unit_test(test_raw_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
