/* limits: every rule for users without privileges, at its stage, at its boundaries. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "cli.h"
#include "userlimits.h"

static const char *const stage_name[] = { "options", "destination", "rate" };

/* The defaults cli_parse gives a plain "ping host". */
static struct ping_config defaults(void)
{
	struct ping_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.preload = 1;
	cfg.pmtudisc = PMTUDISC_UNSET;
	cfg.interval_ms = PING_DEFAULT_INTERVAL_MS;
	cfg.ttl = -1;
	return cfg;
}

static struct limits_facts user(const struct ping_config *cfg, int af)
{
	struct limits_facts f = { .cfg = cfg, .real_root = false, .af = af };

	return f;
}

/* Exactly one stage reports rule (when it is not LIMITS_OK); the others pass. */
static void expect_only(const struct limits_facts *f, enum limits_stage stage, enum limits_rule rule)
{
	for (int s = LIMITS_OPTIONS; s <= LIMITS_RATE; s++) {
		enum limits_rule got = limits_check((enum limits_stage)s, f);

		if (got != (s == (int)stage ? rule : LIMITS_OK))
			fail_msg("stage %s: rule %d, expected %d", stage_name[s], got,
				 s == (int)stage ? rule : LIMITS_OK);
	}
	if (rule != LIMITS_OK)
		assert_int_equal(limits_exit_status(rule), 2);
}

static void expect_message(enum limits_rule rule, const struct limits_facts *f, const char *want)
{
	char buf[200];

	limits_message(rule, f, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_preload(void **state)
{
	struct ping_config cfg = defaults();
	struct limits_facts f = user(&cfg, AF_INET);

	(void)state;
	cfg.preload = 3;
	expect_only(&f, LIMITS_OPTIONS, LIMITS_OK);
	cfg.preload = 4;
	cfg.preload_high = 4;
	expect_only(&f, LIMITS_OPTIONS, LIMITS_PRELOAD);
	expect_message(LIMITS_PRELOAD, &f, "cannot set preload to value greater than 3: 4");
	cfg.preload = 65536;
	cfg.preload_high = 65536;
	expect_message(LIMITS_PRELOAD, &f, "cannot set preload to value greater than 3: 65536");
	/* The first -l above 3 is refused where it was read: a later -l 2 does not undo it. */
	cfg.preload = 2;
	cfg.preload_high = 5;
	expect_only(&f, LIMITS_OPTIONS, LIMITS_PRELOAD);
	expect_message(LIMITS_PRELOAD, &f, "cannot set preload to value greater than 3: 5");
	f.real_root = true;
	expect_only(&f, LIMITS_OPTIONS, LIMITS_OK);
}

/*
 * A group run is never fragmented: IPv4 with -b (whatever the address
 * turns out to be) or to a multicast group says "broadcast ping", IPv6 to
 * a multicast group "multicast ping", as iputils 20250605.
 */
static void test_group_fragment(void **state)
{
	static const enum pmtudisc_mode allowed[] = { PMTUDISC_UNSET, PMTUDISC_MODE_DO };
	static const enum pmtudisc_mode refused[] = { PMTUDISC_MODE_DONT, PMTUDISC_MODE_WANT,
						      PMTUDISC_MODE_PROBE };
	static const struct {
		int af;
		bool b, multicast;
		enum limits_rule rule;
		const char *text;
	} runs[] = {
		{ AF_INET, true, false, LIMITS_BROADCAST_FRAG, "broadcast ping does not fragment" },
		{ AF_INET, false, true, LIMITS_BROADCAST_FRAG, "broadcast ping does not fragment" },
		{ AF_INET, true, true, LIMITS_BROADCAST_FRAG, "broadcast ping does not fragment" },
		{ AF_INET6, false, true, LIMITS_MULTICAST6_FRAG, "multicast ping does not fragment" },
		{ AF_INET6, true, true, LIMITS_MULTICAST6_FRAG, "multicast ping does not fragment" },
		/* Not group runs: -b means nothing to IPv6; no -b, no group. */
		{ AF_INET6, true, false, LIMITS_OK, NULL },
		{ AF_INET, false, false, LIMITS_OK, NULL },
	};

	(void)state;
	for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
		struct ping_config cfg = defaults();
		struct limits_facts f = user(&cfg, runs[r].af);

		cfg.broadcast = runs[r].b;
		f.multicast = runs[r].multicast;
		assert_int_equal(limits_group_run(&f), runs[r].rule != LIMITS_OK);
		for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
			cfg.pmtudisc = allowed[i];
			expect_only(&f, LIMITS_DESTINATION, LIMITS_OK);
		}
		for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
			cfg.pmtudisc = refused[i];
			expect_only(&f, LIMITS_DESTINATION, runs[r].rule);
			f.real_root = true;
			expect_only(&f, LIMITS_DESTINATION, LIMITS_OK);
			f.real_root = false;
		}
		if (runs[r].text)
			expect_message(runs[r].rule, &f, runs[r].text);
	}
}

/* The interval is checked before fragmentation: -b -M dont -i 0.5 names the interval. */
static void test_group_interval_first(void **state)
{
	struct ping_config cfg = defaults();
	struct limits_facts f = user(&cfg, AF_INET);

	(void)state;
	cfg.broadcast = true;
	cfg.pmtudisc = PMTUDISC_MODE_DONT;
	cfg.interval_set = true;
	cfg.interval_ms = 500;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_BROADCAST_INTERVAL);
	f.af = AF_INET6;
	f.multicast = true;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_MULTICAST6_INTERVAL);
	cfg.interval_ms = 1000;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_MULTICAST6_FRAG);
}

/*
 * iputils keeps the interval in an int of milliseconds and refuses
 * interval x preload beyond it, root included, after the flood rule.
 */
static void test_interval_overflow(void **state)
{
	struct ping_config cfg = defaults();
	struct limits_facts f = user(&cfg, AF_INET);

	(void)state;
	cfg.interval_set = true;
	cfg.interval_ms = 2147483646;
	expect_only(&f, LIMITS_RATE, LIMITS_OK);
	cfg.interval_ms = 2147483647;
	expect_only(&f, LIMITS_RATE, LIMITS_INTERVAL_OVERFLOW);
	expect_message(LIMITS_INTERVAL_OVERFLOW, &f, "illegal preload and/or interval: 2147483647");
	f.real_root = true;
	expect_only(&f, LIMITS_RATE, LIMITS_INTERVAL_OVERFLOW);
	cfg.preload = 2;
	cfg.interval_ms = 1073741822;
	expect_only(&f, LIMITS_RATE, LIMITS_OK);
	cfg.interval_ms = 1073741823;
	expect_only(&f, LIMITS_RATE, LIMITS_INTERVAL_OVERFLOW);
	expect_message(LIMITS_INTERVAL_OVERFLOW, &f, "illegal preload and/or interval: 1073741823");
	/* A user's flood is refused for the flood first. */
	f.real_root = false;
	cfg.interval_ms = 1;
	cfg.preload = 3;
	expect_only(&f, LIMITS_RATE, LIMITS_FLOOD);
	/* A root flood's interval is 0: never an overflow, whatever the preload. */
	f.real_root = true;
	cfg.flood = true;
	cfg.interval_set = false;
	cfg.preload = 65536;
	expect_only(&f, LIMITS_RATE, LIMITS_OK);
}

static void test_broadcast4_interval(void **state)
{
	struct ping_config cfg = defaults();
	struct limits_facts f = user(&cfg, AF_INET);

	(void)state;
	cfg.interval_set = true;
	cfg.interval_ms = 999;
	/* A unicast target without -b: no rule at this stage. */
	expect_only(&f, LIMITS_DESTINATION, LIMITS_OK);
	/* -b alone is enough on IPv4, whatever the address turned out to be. */
	cfg.broadcast = true;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_BROADCAST_INTERVAL);
	expect_message(LIMITS_BROADCAST_INTERVAL, &f,
		       "minimal interval for broadcast ping for user must be >= 1000 ms, use -i 1 (or higher)");
	cfg.interval_ms = 1000;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_OK);
	/* A multicast address without -b. */
	cfg.broadcast = false;
	f.multicast = true;
	cfg.interval_ms = 999;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_BROADCAST_INTERVAL);
	cfg.interval_ms = 1000;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_OK);
	cfg.interval_ms = 999;
	f.real_root = true;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_OK);
}

static void test_multicast6_interval(void **state)
{
	struct ping_config cfg = defaults();
	struct limits_facts f = user(&cfg, AF_INET6);

	(void)state;
	cfg.interval_set = true;
	cfg.interval_ms = 999;
	/* -b means nothing to IPv6: only the address counts. */
	cfg.broadcast = true;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_OK);
	f.multicast = true;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_MULTICAST6_INTERVAL);
	expect_message(LIMITS_MULTICAST6_INTERVAL, &f,
		       "minimal interval for multicast ping for user must be >= 1000 ms, use -i 1 (or higher)");
	cfg.interval_ms = 1000;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_OK);
	cfg.interval_ms = 999;
	f.real_root = true;
	expect_only(&f, LIMITS_DESTINATION, LIMITS_OK);
}

/*
 * A user's flood towards a group: as in iputils, the group's rule sees the
 * interval before a flood's becomes 0, so -f alone passes it and is
 * refused as a flood, after the header; -f with a short -i is refused for
 * the group, before it.
 */
static void test_flood_multicast(void **state)
{
	struct ping_config cfg = defaults();
	struct limits_facts f = user(&cfg, AF_INET6);

	(void)state;
	cfg.flood = true;
	f.multicast = true;
	assert_int_equal(limits_check(LIMITS_DESTINATION, &f), LIMITS_OK);
	assert_int_equal(limits_check(LIMITS_RATE, &f), LIMITS_FLOOD);
	f.af = AF_INET;
	assert_int_equal(limits_check(LIMITS_DESTINATION, &f), LIMITS_OK);
	assert_int_equal(limits_check(LIMITS_RATE, &f), LIMITS_FLOOD);
	cfg.interval_set = true;
	cfg.interval_ms = 500;
	assert_int_equal(limits_check(LIMITS_DESTINATION, &f), LIMITS_BROADCAST_INTERVAL);
	f.af = AF_INET6;
	assert_int_equal(limits_check(LIMITS_DESTINATION, &f), LIMITS_MULTICAST6_INTERVAL);
}

static void test_flood(void **state)
{
	struct ping_config cfg = defaults();
	struct limits_facts f = user(&cfg, AF_INET);

	(void)state;
	for (int af = 0; af < 2; af++) {
		f.af = af ? AF_INET6 : AF_INET;
		f.real_root = false;
		cfg.flood = true;
		cfg.interval_set = false;
		expect_only(&f, LIMITS_RATE, LIMITS_FLOOD);
		expect_message(LIMITS_FLOOD, &f,
			       "cannot flood, minimal interval for user must be >= 2 ms, use -i 0.002 (or higher)");
		cfg.interval_set = true;
		cfg.interval_ms = 2;
		expect_only(&f, LIMITS_RATE, LIMITS_OK);
		cfg.interval_ms = 1;
		expect_only(&f, LIMITS_RATE, LIMITS_FLOOD);
		/* -i below 2 ms is refused without -f too. */
		cfg.flood = false;
		expect_only(&f, LIMITS_RATE, LIMITS_FLOOD);
		cfg.interval_ms = 0;
		expect_only(&f, LIMITS_RATE, LIMITS_FLOOD);
		f.real_root = true;
		expect_only(&f, LIMITS_RATE, LIMITS_OK);
		cfg.flood = true;
		cfg.interval_set = false;
		expect_only(&f, LIMITS_RATE, LIMITS_OK);
	}
}

static void test_user_interval(void **state)
{
	struct ping_config cfg = defaults();

	(void)state;
	assert_int_equal(limits_user_interval_us(&cfg), 1000000);
	cfg.flood = true;
	assert_int_equal(limits_user_interval_us(&cfg), 0);
	cfg.interval_set = true;
	cfg.interval_ms = 2;
	assert_int_equal(limits_user_interval_us(&cfg), 2000);
	cfg.flood = false;
	cfg.interval_ms = 1999;
	assert_int_equal(limits_user_interval_us(&cfg), 1999000);
}

/* The microsecond floor sits between 1999 and 2000 us: -i is whole ms, so test it through the parser too. */
static void test_user_interval_parsed(void **state)
{
	static const struct { const char *arg; int64_t us; enum limits_rule rule; } cases[] = {
		{ "0.001", 1000, LIMITS_FLOOD },
		{ "0.0019", 1000, LIMITS_FLOOD },	/* truncated to 1 ms: 1000 us */
		{ "0.002", 2000, LIMITS_OK },
		{ "0.999", 999000, LIMITS_OK },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[] = { (char *)"ping", (char *)"-i", (char *)cases[i].arg,
				 (char *)"192.0.2.1", NULL };
		struct ping_config cfg;
		struct cli_result res;
		struct limits_facts f;

		cli_parse(4, argv, "ping", NULL, &cfg, &res);
		cli_result_free(&res);
		assert_int_equal(res.action, CLI_RUN);
		assert_int_equal(limits_user_interval_us(&cfg), cases[i].us);
		f = user(&cfg, AF_INET);
		expect_only(&f, LIMITS_RATE, cases[i].rule);
	}
}

static void test_min_interval(void **state)
{
	(void)state;
	assert_int_equal(limits_min_interval_us(false), 2000);
	assert_int_equal(limits_min_interval_us(true), 0);
}

/* Root: nothing at any stage, even everything at once. */
static void test_root_everything(void **state)
{
	struct ping_config cfg = defaults();
	struct limits_facts f = user(&cfg, AF_INET);

	(void)state;
	cfg.preload = 1000;
	cfg.flood = true;
	cfg.broadcast = true;
	cfg.pmtudisc = PMTUDISC_MODE_DONT;
	f.multicast = true;
	f.real_root = true;
	for (int af = 0; af < 2; af++) {
		f.af = af ? AF_INET6 : AF_INET;
		expect_only(&f, LIMITS_OPTIONS, LIMITS_OK);
	}
	assert_int_equal(limits_exit_status(LIMITS_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_preload),
		cmocka_unit_test(test_group_fragment),
		cmocka_unit_test(test_group_interval_first),
		cmocka_unit_test(test_interval_overflow),
		cmocka_unit_test(test_broadcast4_interval),
		cmocka_unit_test(test_multicast6_interval),
		cmocka_unit_test(test_flood_multicast),
		cmocka_unit_test(test_flood),
		cmocka_unit_test(test_user_interval),
		cmocka_unit_test(test_user_interval_parsed),
		cmocka_unit_test(test_min_interval),
		cmocka_unit_test(test_root_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
