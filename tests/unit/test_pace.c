/*
 * pace: iputils' rate rule.  Each test drives a simulated clock through
 * the same calls the loop makes: ask when the next request is due, send it
 * at that time (or at the time the process woke), repeat.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pace.h"

#define SEC	1000000

/* Sends every request that is due at now; returns how many went. */
static int send_due(struct pace *p, int64_t now, int64_t interval, int preload, uint64_t in_flight)
{
	int n = 0;

	while (pace_due_us(p, interval, preload, in_flight) <= now && n < 1000) {
		pace_sent(p, now, interval, preload);
		n++;
	}
	return n;
}

/* -i 0.5: the first request at once, then one every interval, never earlier. */
static void test_steady_interval(void **state)
{
	struct pace p;
	int64_t t = 1000 * SEC;

	(void)state;
	pace_start(&p, t, SEC / 2, 1);
	assert_int_equal(send_due(&p, t, SEC / 2, 1, 0), 1);
	for (int i = 0; i < 10; i++) {
		int64_t due = pace_due_us(&p, SEC / 2, 1, 1);

		assert_int_equal(due, t + SEC / 2);
		assert_int_equal(send_due(&p, due - 1, SEC / 2, 1, 1), 0);
		t = due;
		assert_int_equal(send_due(&p, t, SEC / 2, 1, 1), 1);
	}
}

/* A late wake-up by less than an interval is not made up for. */
static void test_late_wakeup(void **state)
{
	struct pace p;
	int64_t t = 5 * SEC;

	(void)state;
	pace_start(&p, t, SEC, 1);
	send_due(&p, t, SEC, 1, 0);
	assert_int_equal(send_due(&p, t + SEC + 300000, SEC, 1, 1), 1);
	/* The credit is capped at one request: the next is an interval after the late send. */
	assert_int_equal(pace_due_us(&p, SEC, 1, 1), t + 2 * SEC + 300000);
}

/*
 * Stopped for 2 s in a -i 0.5 run: on resume one request goes, the next
 * half a second later (issue 20: two went 32 us apart).
 */
static void test_stall_one_then_interval(void **state)
{
	struct pace p;
	int64_t t = 7 * SEC, resume;

	(void)state;
	pace_start(&p, t, SEC / 2, 1);
	send_due(&p, t, SEC / 2, 1, 0);
	resume = t + 2 * SEC + 123;
	assert_int_equal(send_due(&p, resume, SEC / 2, 1, 1), 1);
	assert_int_equal(pace_due_us(&p, SEC / 2, 1, 1), resume + SEC / 2);
}

/* -l 3 -i 1: three at the start, and at most three back to back after a stall. */
static void test_preload_bursts(void **state)
{
	struct pace p;
	int64_t t = 9 * SEC, resume;

	(void)state;
	pace_start(&p, t, SEC, 3);
	assert_int_equal(send_due(&p, t, SEC, 3, 0), 3);
	assert_int_equal(pace_due_us(&p, SEC, 3, 3), t + SEC);
	assert_int_equal(send_due(&p, t + SEC, SEC, 3, 3), 1);
	resume = t + 60 * SEC;
	assert_int_equal(send_due(&p, resume, SEC, 3, 3), 3);
	assert_int_equal(pace_due_us(&p, SEC, 3, 3), resume + SEC);
}

/* -A: the interval may change between requests; the next is due an interval after the last. */
static void test_interval_changes(void **state)
{
	struct pace p;
	int64_t t = 3 * SEC;

	(void)state;
	pace_start(&p, t, 200000, 1);
	send_due(&p, t, 200000, 1, 0);
	assert_int_equal(pace_due_us(&p, 2000, 1, 1), t + 2000);
	assert_int_equal(pace_due_us(&p, 50000, 1, 1), t + 50000);
}

/*
 * No interval: requests go while fewer than preload are in flight; with
 * the window full, one more 10 ms after the latest send, whatever was lost.
 */
static void test_flood_window(void **state)
{
	struct pace p;
	int64_t t = 11 * SEC;

	(void)state;
	pace_start(&p, t, 0, 1);
	assert_true(pace_due_us(&p, 0, 1, 0) <= t);
	pace_sent(&p, t, 0, 1);
	assert_int_equal(pace_due_us(&p, 0, 1, 1), t + PACE_FLOOD_US);
	/* The reply came: the next goes at once. */
	assert_true(pace_due_us(&p, 0, 1, 0) <= t + 10);
	/* -l 4: four in flight before the 10 ms rule applies. */
	pace_start(&p, t, 0, 4);
	for (uint64_t k = 0; k < 4; k++) {
		assert_true(pace_due_us(&p, 0, 4, k) <= t);
		pace_sent(&p, t, 0, 4);
	}
	assert_int_equal(pace_due_us(&p, 0, 4, 4), t + PACE_FLOOD_US);
}

/* A send refused for a full send buffer (EAGAIN) is retried after 10 ms with its credit kept. */
static void test_not_sent_keeps_credit(void **state)
{
	struct pace p;
	int64_t t = 13 * SEC;

	(void)state;
	pace_start(&p, t, SEC, 1);
	pace_failed(&p, t, SEC, 1, 0);
	assert_int_equal(pace_due_us(&p, SEC, 1, 0), t + PACE_FLOOD_US);
	assert_int_equal(send_due(&p, t + PACE_FLOOD_US, SEC, 1, 0), 1);
	assert_int_equal(pace_due_us(&p, SEC, 1, 1), t + PACE_FLOOD_US + SEC);
}

/*
 * Room in the full send buffer: the held request may go at once, with the
 * credit it kept; the interval after it is unchanged.
 */
static void test_retry_when_room(void **state)
{
	struct pace p;
	int64_t t = 15 * SEC;

	(void)state;
	pace_start(&p, t, SEC, 1);
	pace_failed(&p, t, SEC, 1, 0);
	assert_int_equal(pace_due_us(&p, SEC, 1, 0), t + PACE_FLOOD_US);
	pace_retry_now(&p);
	assert_true(pace_due_us(&p, SEC, 1, 0) <= t + 1000);
	assert_int_equal(send_due(&p, t + 1000, SEC, 1, 0), 1);
	assert_int_equal(pace_due_us(&p, SEC, 1, 1), t + 1000 + SEC);
	/* Nothing held: room changes nothing. */
	pace_retry_now(&p);
	assert_int_equal(pace_due_us(&p, SEC, 1, 1), t + 1000 + SEC);
}

/* A hard send error counts the request: nothing for an interval, at least 10 ms. */
static void test_hard_error(void **state)
{
	struct pace p;
	int64_t t = 17 * SEC;

	(void)state;
	pace_start(&p, t, SEC, 3);
	pace_failed(&p, t, SEC, 3, 1);
	/* The preload credit is gone with it, as iputils empties its bucket. */
	assert_int_equal(pace_due_us(&p, SEC, 3, 1), t + SEC);
	pace_start(&p, t, 0, 1);
	pace_failed(&p, t, 0, 1, 1);
	assert_int_equal(pace_due_us(&p, 0, 1, 0), t + PACE_FLOOD_US);
}

/*
 * No buffer space (ENOBUFS): iputils' rule.  The credit is spent and the
 * request tried again after half an interval (10 ms to 500 ms), until the
 * tries in a row add up to -W: then it is a hard error.
 */
static void test_no_buffer(void **state)
{
	struct pace p;
	int64_t t = 19 * SEC, ms = 1000;

	(void)state;
	/* -i 0.2: tried again 100 ms later, but the spent credit says 200. */
	pace_start(&p, t, 200 * ms, 1);
	assert_false(pace_no_buffer(&p, t, 200 * ms, 1, 10000));
	assert_int_equal(pace_due_us(&p, 200 * ms, 1, 0), t + 200 * ms);
	/* -W 1: the tenth try in a row (10 x 100 ms) is counted, as a hard error. */
	for (int k = 2; k <= 9; k++)
		assert_false(pace_no_buffer(&p, t + k * 200 * ms, 200 * ms, 1, 1000));
	assert_true(pace_no_buffer(&p, t + 10 * 200 * ms, 200 * ms, 1, 1000));
	assert_int_equal(pace_due_us(&p, 200 * ms, 1, 0), t + 11 * 200 * ms);
	/* Every try after it too, until a send goes; then the count starts again. */
	assert_true(pace_no_buffer(&p, t + 11 * 200 * ms, 200 * ms, 1, 1000));
	pace_sent(&p, t + 12 * 200 * ms, 200 * ms, 1);
	assert_false(pace_no_buffer(&p, t + 13 * 200 * ms, 200 * ms, 1, 1000));

	/* A flood: 10 ms; an interval of 2 s: at most 500 ms, the credit an interval. */
	pace_start(&p, t, 0, 1);
	assert_false(pace_no_buffer(&p, t, 0, 1, 10000));
	assert_int_equal(pace_due_us(&p, 0, 1, 0), t + PACE_FLOOD_US);
	pace_start(&p, t, 2 * SEC, 1);
	assert_false(pace_no_buffer(&p, t, 2 * SEC, 1, 10000));
	assert_int_equal(p.hold_until_us, t + 500 * ms);
	assert_int_equal(pace_due_us(&p, 2 * SEC, 1, 0), t + 2 * SEC);
	/* -W 0: the first is already counted. */
	pace_start(&p, t, SEC, 1);
	assert_true(pace_no_buffer(&p, t, SEC, 1, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steady_interval),
		cmocka_unit_test(test_late_wakeup),
		cmocka_unit_test(test_stall_one_then_interval),
		cmocka_unit_test(test_preload_bursts),
		cmocka_unit_test(test_interval_changes),
		cmocka_unit_test(test_flood_window),
		cmocka_unit_test(test_not_sent_keeps_credit),
		cmocka_unit_test(test_retry_when_room),
		cmocka_unit_test(test_hard_error),
		cmocka_unit_test(test_no_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
