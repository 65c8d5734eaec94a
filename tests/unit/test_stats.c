#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stats.h"

#include "stats_fixture.h"

/* Sends seq at mono time t (realtime t + 1e12) and answers it at t + rtt. */
static void ping_once(struct ping_stats *st, uint16_t seq, int64_t t, int64_t rtt)
{
	stats_sent(st, seq, t, t + 1000000000000LL);
	assert_int_equal(stats_classify(st, seq), RX_NEW);
	stats_count(st, seq, false, rtt);
}

static void summary_is(const struct ping_stats *st, int64_t min, int64_t avg,
		       int64_t max, int64_t mdev)
{
	struct rtt_summary sm;

	stats_summary(st, &sm);
	assert_true(sm.valid);
	assert_int_equal(sm.min_us, min);
	assert_int_equal(sm.avg_us, avg);
	assert_int_equal(sm.max_us, max);
	assert_int_equal(sm.mdev_us, mdev);
}

static void test_init_zeroes(void **state)
{
	struct ping_stats *st = *state;
	struct rtt_summary sm;

	memset(st, 0xa5, sizeof(*st));
	stats_init(st);
	assert_int_equal(st->transmitted, 0);
	assert_int_equal(st->received, 0);
	assert_int_equal(st->duplicates, 0);
	assert_int_equal(st->corrupted, 0);
	assert_int_equal(st->errors, 0);
	assert_int_equal(st->timed, 0);
	assert_int_equal(st->pipe, 0);
	assert_int_equal(st->ewma_x8_us, 0);
	assert_true(st->sum2_us2.hi == 0 && st->sum2_us2.lo == 0);
	for (unsigned s = 0; s < PING_SEQ_SPACE; s++) {
		assert_int_equal(stats_classify(st, (uint16_t)s), RX_UNKNOWN);
		assert_false(stats_answered(st, (uint16_t)s));
		assert_int_equal(st->slot[s].sent_mono_us, 0);
		assert_int_equal(st->slot[s].sent_real_us, 0);
	}
	stats_summary(st, &sm);
	assert_false(sm.valid);
}

static void test_sent_and_classify(void **state)
{
	struct ping_stats *st = *state;

	assert_int_equal(stats_classify(st, 1), RX_UNKNOWN);
	stats_sent(st, 1, 500, 1700000000000000LL);
	assert_int_equal(st->transmitted, 1);
	assert_int_equal(st->slot[1].sent_mono_us, 500);
	assert_int_equal(st->slot[1].sent_real_us, 1700000000000000LL);
	assert_int_equal(stats_classify(st, 1), RX_NEW);
	assert_int_equal(stats_classify(st, 2), RX_UNKNOWN);
	assert_false(stats_answered(st, 1));

	stats_count(st, 1, false, 40);
	assert_true(stats_answered(st, 1));
	assert_int_equal(stats_classify(st, 1), RX_DUPLICATE);
	assert_int_equal(st->received, 1);

	stats_count(st, 1, false, 60);
	assert_int_equal(st->received, 1);
	assert_int_equal(st->duplicates, 1);
	assert_int_equal(st->timed, 2);

	/* A fresh send of the same number clears its answered bit. */
	stats_sent(st, 1, 2000, 0);
	assert_int_equal(st->transmitted, 2);
	assert_false(stats_answered(st, 1));
	assert_int_equal(stats_classify(st, 1), RX_NEW);
	assert_int_equal(st->slot[1].sent_mono_us, 2000);
}

/*
 * 70000 requests numbered 1, 2, ... 65535, 0, 1, ...: each answered once,
 * every 1000th answered twice.  The counts must not be confused by the
 * numbers coming round again.
 */
static void test_duplicates_across_wrap(void **state)
{
	struct ping_stats *st = *state;
	uint64_t dups = 0;

	for (uint64_t n = 1; n <= 70000; n++) {
		uint16_t seq = (uint16_t)n;

		stats_sent(st, seq, (int64_t)n * 1000, 0);
		assert_int_equal(stats_classify(st, seq), RX_NEW);
		stats_count(st, seq, false, 100);
		if (n % 1000 == 0) {
			assert_int_equal(stats_classify(st, seq), RX_DUPLICATE);
			stats_count(st, seq, false, 100);
			dups++;
		}
	}
	assert_int_equal(st->transmitted, 70000);
	assert_int_equal(st->received, 70000);
	assert_int_equal(st->duplicates, dups);
	assert_int_equal(dups, 70);
	assert_int_equal(st->timed, 70070);
	assert_int_equal(st->pipe, 1);

	/* Every number has been sent and answered: 0 and 1..4464 twice
	 * (n = 65536..70000), the rest once.  Any further copy is a duplicate. */
	for (unsigned s = 0; s < PING_SEQ_SPACE; s++)
		assert_int_equal(stats_classify(st, (uint16_t)s), RX_DUPLICATE);

	/* n = 70001 sends 4465 a second time: its answer is new again. */
	assert_int_equal((uint16_t)70001, 4465);
	stats_sent(st, 4465, 0, 0);
	assert_int_equal(stats_classify(st, 4465), RX_NEW);
	assert_int_equal(stats_classify(st, 4466), RX_DUPLICATE);
	stats_count(st, 4465, false, -1);
	assert_int_equal(st->received, 70001);
	assert_int_equal(st->transmitted, 70001);
}

/* Numbers answered in the previous round and sent again after the wrap
 * are new until answered again; the others stay answered. */
static void test_wrap_resend_unanswered(void **state)
{
	struct ping_stats *st = *state;

	for (uint64_t n = 1; n <= 65536 + 10; n++) {
		uint16_t seq = (uint16_t)n;

		stats_sent(st, seq, 0, 0);
		if (n <= 65536)
			stats_count(st, seq, false, -1);
	}
	assert_int_equal(st->received, 65536);
	for (uint16_t s = 1; s <= 10; s++)
		assert_int_equal(stats_classify(st, s), RX_NEW);
	assert_int_equal(stats_classify(st, 11), RX_DUPLICATE);
	assert_int_equal(stats_classify(st, 0), RX_DUPLICATE);
}

static void test_unknown_not_counted(void **state)
{
	struct ping_stats *st = *state;
	struct rtt_summary sm;

	for (uint16_t s = 1; s <= 3; s++)
		stats_sent(st, s, 0, 0);
	assert_int_equal(stats_classify(st, 10), RX_UNKNOWN);
	assert_int_equal(stats_classify(st, 0), RX_UNKNOWN);
	stats_count(st, 10, false, 50);
	/* Even a caller that claims it is new cannot make it count. */
	stats_count(st, 11, false, 50);
	stats_count(st, 12, false, 50);
	stats_count(st, 13, true, 50);
	assert_int_equal(st->received, 0);
	assert_int_equal(st->duplicates, 0);
	assert_int_equal(st->corrupted, 0);
	assert_int_equal(st->timed, 0);
	assert_int_equal(st->pipe, 0);
	assert_int_equal(stats_classify(st, 11), RX_UNKNOWN);
	stats_summary(st, &sm);
	assert_false(sm.valid);

	/* Answers beyond what was sent never push received past transmitted. */
	for (int i = 0; i < 10; i++)
		for (uint16_t s = 0; s < 8; s++)
			stats_count(st, s, false, 10);
	assert_int_equal(st->transmitted, 3);
	assert_int_equal(st->received, 3);
	assert_int_equal(st->duplicates, 27);
	assert_true(st->received <= st->transmitted);
	assert_int_equal(stats_exit_status(st, 3, 0), 0);
	assert_true(stats_loss_percent(st) == 0.0);
}

static void test_corrupted(void **state)
{
	struct ping_stats *st = *state;
	struct rtt_summary sm;

	for (uint16_t s = 1; s <= 3; s++)
		stats_sent(st, s, 0, 0);
	stats_count(st, 1, false, 100);
	stats_count(st, 2, true, 5000);
	stats_count(st, 3, false, 300);
	assert_int_equal(st->received, 2);
	assert_int_equal(st->corrupted, 1);
	assert_int_equal(st->duplicates, 0);
	assert_int_equal(st->timed, 2);
	assert_int_equal(st->sum_us, 400);
	assert_int_equal(st->max_us, 300);
	/* It did not answer seq 2: a good copy later is a new reply. */
	assert_false(stats_answered(st, 2));
	assert_int_equal(stats_classify(st, 2), RX_NEW);
	/* A corrupted copy of an answered sequence is still corrupted only. */
	stats_count(st, 1, true, 100);
	assert_int_equal(st->corrupted, 2);
	assert_int_equal(st->duplicates, 0);
	assert_int_equal(st->timed, 2);
	stats_summary(st, &sm);
	assert_int_equal(sm.avg_us, 200);
	assert_true(stats_loss_percent(st) == 0x1.0aaaaap+5);	/* (float)(100.0 / 3) */
}

/* Truncated replies count as received but stay out of every RTT figure. */
static void test_untimed_not_in_sums(void **state)
{
	struct ping_stats *st = *state;
	struct rtt_summary sm;

	stats_sent(st, 1, 0, 0);
	stats_sent(st, 2, 0, 0);
	stats_sent(st, 3, 0, 0);
	stats_count(st, 1, false, 683);
	stats_count(st, 2, false, -1);
	stats_count(st, 3, false, 739);
	stats_count(st, 3, false, -1);
	assert_int_equal(st->received, 3);
	assert_int_equal(st->duplicates, 1);
	assert_int_equal(st->timed, 2);
	assert_int_equal(st->sum_us, 683 + 739);
	stats_summary(st, &sm);
	assert_true(sm.valid);
	assert_int_equal(sm.min_us, 683);
	assert_int_equal(sm.avg_us, 711);
	assert_int_equal(sm.max_us, 739);
	assert_int_equal(sm.mdev_us, 28);
	assert_true(sm.avg_us >= sm.min_us);

	/* Only untimed replies: no figures at all. */
	stats_init(st);
	stats_sent(st, 1, 0, 0);
	stats_count(st, 1, false, -1);
	assert_int_equal(st->received, 1);
	stats_summary(st, &sm);
	assert_false(sm.valid);
	assert_int_equal(sm.avg_us, 0);
}

static void feed(struct ping_stats *st, const int64_t *rtt, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ping_once(st, (uint16_t)(i + 1), (int64_t)i * 1000000, rtt[i]);
}

/*
 * Known sets, most from real iputils captures (reference 2.11), the rest
 * worked by hand: var = (sum2 - sum^2/n) / n in integers, then the root.
 */
static void test_mdev_known_sets(void **state)
{
	struct ping_stats *st = *state;

	/* "0.044/0.070/0.124/0.037": sum 212, sum2 19248, (19248 - 14981)/3 =
	 * 1422, sqrt 37.7.  (sum2/n - avg^2 would give 1516 and 38.) */
	feed(st, (const int64_t[]){ 124, 44, 44 }, 3);
	summary_is(st, 44, 70, 124, 37);

	/* "0.050/0.094/0.177/0.058": (36965 - 26696)/3 = 3423, sqrt 58.5 */
	stats_init(st);
	feed(st, (const int64_t[]){ 177, 50, 56 }, 3);
	summary_is(st, 50, 94, 177, 58);

	/* "0.025/0.035/0.045/0.010": (2650 - 2450)/2 = 100 */
	stats_init(st);
	feed(st, (const int64_t[]){ 25, 45 }, 2);
	summary_is(st, 25, 35, 45, 10);

	/* "0.030/0.037/0.045/0.007": (2925 - 2812)/2 = 56, sqrt 7.48 */
	stats_init(st);
	feed(st, (const int64_t[]){ 30, 45 }, 2);
	summary_is(st, 30, 37, 45, 7);

	/* "0.689/57.150/204.397/85.375", with middle values that print as
	 * 2.67 and 20.8: sum 228601, var 7288939005, sqrt 85375.5 */
	stats_init(st);
	feed(st, (const int64_t[]){ 689, 2667, 20848, 204397 }, 4);
	summary_is(st, 689, 57150, 204397, 85375);

	/* All equal: no deviation. */
	stats_init(st);
	feed(st, (const int64_t[]){ 500, 500, 500, 500 }, 4);
	summary_is(st, 500, 500, 500, 0);

	/* One sample. */
	stats_init(st);
	feed(st, (const int64_t[]){ 0 }, 1);
	summary_is(st, 0, 0, 0, 0);

	/* 0, 0, 6: var (36 - 12)/3 = 8 = 3*3 - 1, which iputils' root gives as 3. */
	stats_init(st);
	feed(st, (const int64_t[]){ 0, 0, 6 }, 3);
	summary_is(st, 0, 2, 6, 3);

	/* 0, 0, 0, 9: var (81 - 20)/4 = 15 = 4*4 - 1 -> 4. */
	stats_init(st);
	feed(st, (const int64_t[]){ 0, 0, 0, 9 }, 4);
	summary_is(st, 0, 2, 9, 4);

	/* 0, 4: var (16 - 8)/2 = 4 -> exactly 2; 0, 3: (9 - 4)/2 = 2 -> 1. */
	stats_init(st);
	feed(st, (const int64_t[]){ 0, 4 }, 2);
	summary_is(st, 0, 2, 4, 2);
	stats_init(st);
	feed(st, (const int64_t[]){ 0, 3 }, 2);
	summary_is(st, 0, 1, 3, 1);

	/* 1 s and 3 s: var (10e12 - 8e12)/2 = 1e12, mdev exactly 1 s. */
	stats_init(st);
	feed(st, (const int64_t[]){ 1000000, 3000000 }, 2);
	summary_is(st, 1000000, 2000000, 3000000, 1000000);
}

/* Duplicates enter the sums; the average divides by every timed answer. */
static void test_duplicates_in_sums(void **state)
{
	struct ping_stats *st = *state;

	stats_sent(st, 1, 0, 0);
	stats_sent(st, 2, 0, 0);
	stats_count(st, 2, false, 474);
	stats_count(st, 2, false, 508);
	stats_count(st, 1, false, 100);
	assert_int_equal(st->timed, 3);
	assert_int_equal(st->received, 2);
	assert_int_equal(st->duplicates, 1);
	/* sum 1082 -> 360; sum2 10000+224676+258064 = 492740;
	 * (492740 - 1170724/3 = 390241)/3 = 34166 -> 184 */
	summary_is(st, 100, 360, 508, 184);
}

static void test_huge_rtts(void **state)
{
	struct ping_stats *st = *state;
	struct rtt_summary sm;

	/* Two samples near the top of the range: sums still exact. */
	feed(st, (const int64_t[]){ INT64_MAX / 2, INT64_MAX / 2 + 1 }, 2);
	assert_true(st->sum_us == (uint64_t)INT64_MAX);
	summary_is(st, INT64_MAX / 2, INT64_MAX / 2, INT64_MAX / 2 + 1, 0);

	/* Far past what the sums can hold: figures stay within the samples. */
	stats_init(st);
	for (int i = 1; i <= 20; i++)
		ping_once(st, (uint16_t)i, 0, INT64_MAX);
	assert_int_equal(st->received, 20);
	assert_int_equal(st->timed, 20);
	assert_true(st->sum_us == UINT64_MAX);
	stats_summary(st, &sm);
	assert_true(sm.valid);
	assert_int_equal(sm.min_us, INT64_MAX);
	assert_int_equal(sm.max_us, INT64_MAX);
	assert_int_equal(sm.avg_us, INT64_MAX);
	assert_int_equal(sm.mdev_us, 0);
	assert_int_equal(sm.ewma_us, INT64_MAX / 8);

	/* Mixed huge and small: avg and mdev bounded, never negative. */
	stats_init(st);
	for (int i = 1; i <= 20; i++)
		ping_once(st, (uint16_t)i, 0, i % 2 ? INT64_MAX : 1);
	stats_summary(st, &sm);
	assert_int_equal(sm.min_us, 1);
	assert_int_equal(sm.max_us, INT64_MAX);
	assert_true(sm.avg_us >= 1 && sm.avg_us <= INT64_MAX);
	assert_true(sm.mdev_us >= 0 && sm.mdev_us <= INT64_MAX - 1);
	assert_true(sm.ewma_us > 0);

	/* A large but real figure (one day) keeps exact arithmetic. */
	stats_init(st);
	feed(st, (const int64_t[]){ 86400000000LL, 86400000000LL, 0 }, 3);
	/* sum 2d, avg 2d/3; var = (2d^2 - 4d^2/3)/3 = 2d^2/9 =
	 * 1658880000000000000000, mdev = d*sqrt(2)/3 = 40729350596.3 */
	summary_is(st, 0, 57600000000LL, 86400000000LL, 40729350596LL);
}

static void test_ewma(void **state)
{
	struct ping_stats *st = *state;
	struct rtt_summary sm;

	stats_sent(st, 1, 0, 0);
	stats_sent(st, 2, 0, 0);
	stats_sent(st, 3, 0, 0);
	stats_sent(st, 4, 0, 0);
	stats_count(st, 1, false, 100);
	assert_int_equal(st->ewma_x8_us, 800);
	stats_count(st, 2, false, 200);
	assert_int_equal(st->ewma_x8_us, 900);		/* 800 + 200 - 100 */
	stats_count(st, 2, false, 0);
	assert_int_equal(st->ewma_x8_us, 788);		/* 900 + 0 - 112 */
	stats_count(st, 3, false, -1);		/* untimed: no change */
	assert_int_equal(st->ewma_x8_us, 788);
	stats_count(st, 4, true, 100000);	/* corrupted: no change */
	assert_int_equal(st->ewma_x8_us, 788);
	stats_summary(st, &sm);
	assert_int_equal(sm.ewma_us, 98);

	/* The first timed sample seeds, even when it is 0. */
	stats_init(st);
	stats_sent(st, 1, 0, 0);
	stats_sent(st, 2, 0, 0);
	stats_count(st, 1, false, -1);
	assert_int_equal(st->ewma_x8_us, 0);
	stats_count(st, 2, false, 0);
	assert_int_equal(st->ewma_x8_us, 0);
	stats_count(st, 2, false, 80);
	assert_int_equal(st->ewma_x8_us, 80);
	stats_summary(st, &sm);
	assert_int_equal(sm.ewma_us, 10);

	/* A seed from an untimed reply does not happen: the first timed one
	 * after it seeds. */
	stats_init(st);
	stats_sent(st, 1, 0, 0);
	stats_sent(st, 2, 0, 0);
	stats_count(st, 1, false, -1);
	stats_count(st, 2, false, 37);
	assert_int_equal(st->ewma_x8_us, 296);
}

/*
 * In flight as iputils counts it (issue 20): from the highest sequence
 * acknowledged, so one lost request does not hold a flood's window full
 * for the rest of the run.
 */
static void test_in_flight(void **state)
{
	struct ping_stats *st = *state;

	assert_int_equal(stats_in_flight(st), 0);
	stats_sent(st, 1, 0, 0);
	assert_int_equal(stats_in_flight(st), 1);
	stats_count(st, 1, false, 5);
	assert_int_equal(stats_in_flight(st), 0);
	/* 2 is lost: in flight until 3 is answered, then never again. */
	stats_sent(st, 2, 0, 0);
	stats_sent(st, 3, 0, 0);
	assert_int_equal(stats_in_flight(st), 2);
	stats_count(st, 3, false, 5);
	assert_int_equal(stats_in_flight(st), 0);
	for (uint16_t s = 4; s <= 100; s++) {
		stats_sent(st, s, 0, 0);
		assert_int_equal(stats_in_flight(st), 1);
		stats_count(st, s, false, 5);
		assert_int_equal(stats_in_flight(st), 0);
	}
	/* An answer behind the highest acknowledged changes nothing. */
	stats_sent(st, 101, 0, 0);
	stats_count(st, 2, false, 5);
	assert_int_equal(stats_in_flight(st), 1);
	/* A duplicate of the latest acknowledges it; an IPv4 error does too. */
	stats_sent(st, 102, 0, 0);
	stats_count(st, 100, false, 5);
	assert_int_equal(stats_in_flight(st), 2);
	stats_error(st, 102, true);
	assert_int_equal(stats_in_flight(st), 0);
	/* A corrupted answer does not. */
	stats_sent(st, 103, 0, 0);
	stats_count(st, 103, true, 5);
	assert_int_equal(stats_in_flight(st), 1);

	/* Nothing acknowledged for half the sequence space: the old count. */
	stats_init(st);
	stats_sent(st, 1, 0, 0);
	stats_count(st, 1, false, 5);
	for (uint64_t n = 2; n <= 0x8001; n++)
		stats_sent(st, (uint16_t)n, 0, 0);
	assert_int_equal(stats_in_flight(st), 0x8000);
	/* Then, as in iputils, the count starts afresh from the latest request. */
	stats_sent(st, 0x8002, 0, 0);
	assert_int_equal(stats_in_flight(st), 0);
	stats_sent(st, 0x8003, 0, 0);
	assert_int_equal(stats_in_flight(st), 1);
	stats_count(st, 0x8003, false, 5);
	assert_int_equal(stats_in_flight(st), 0);
}

static void test_pipe(void **state)
{
	struct ping_stats *st = *state;

	/* One at a time: in flight is 1, which the summary never shows. */
	ping_once(st, 1, 0, 10);
	ping_once(st, 2, 0, 10);
	assert_int_equal(st->pipe, 1);

	/* Preload 3: three out, then answers in order. */
	stats_init(st);
	stats_sent(st, 1, 0, 0);
	stats_sent(st, 2, 0, 0);
	stats_sent(st, 3, 0, 0);
	stats_count(st, 1, false, 5);
	assert_int_equal(st->pipe, 3);
	stats_sent(st, 4, 0, 0);
	stats_count(st, 2, false, 5);
	stats_count(st, 3, false, 5);
	stats_count(st, 4, false, 5);
	assert_int_equal(st->pipe, 3);
	/* A late first answer raises it: 9 - 5 + 1. */
	for (uint16_t s = 5; s <= 9; s++)
		stats_sent(st, s, 0, 0);
	stats_count(st, 5, false, 5);
	assert_int_equal(st->pipe, 5);
	/* So does a late duplicate, as in iputils (every good answer counts): 9 - 2 + 1. */
	stats_count(st, 2, false, 5);
	assert_int_equal(st->duplicates, 1);
	assert_int_equal(st->pipe, 8);
	/* A corrupted answer does not. */
	stats_count(st, 1, true, 5);
	assert_int_equal(st->pipe, 8);

	/* IPv4 errors raise it the same way, and count. */
	stats_sent(st, 10, 0, 0);
	stats_sent(st, 11, 0, 0);
	stats_error(st, 1, true);
	assert_int_equal(st->errors, 1);
	assert_int_equal(st->pipe, 11);
	stats_error(st, 500, true);	/* never sent: counted, no pipe */
	stats_error(st, 0, true);	/* never sent, though within reach */
	assert_int_equal(st->errors, 3);
	assert_int_equal(st->pipe, 11);

	/* IPv6 errors only count: no pipe, and their requests stay in flight. */
	stats_init(st);
	stats_sent(st, 1, 0, 0);
	stats_sent(st, 2, 0, 0);
	stats_sent(st, 3, 0, 0);
	stats_error(st, 1, false);
	stats_error(st, 2, false);
	assert_int_equal(st->errors, 2);
	assert_int_equal(st->pipe, 0);
	assert_int_equal(stats_in_flight(st), 3);
	stats_error(st, 3, true);
	assert_int_equal(st->pipe, 1);
	assert_int_equal(stats_in_flight(st), 0);

	/* Across the wrap: latest sent is 1 (n = 65537), answer to 65535. */
	stats_init(st);
	for (uint64_t n = 1; n <= 65537; n++) {
		stats_sent(st, (uint16_t)n, 0, 0);
		if (n < 65535)
			stats_count(st, (uint16_t)n, false, 1);
	}
	assert_int_equal(st->pipe, 1);
	stats_count(st, 65535, false, 1);
	assert_int_equal(st->pipe, 3);
	stats_count(st, 0, false, 1);
	assert_int_equal(st->pipe, 3);

	/* An answer more than half the sequence space behind says nothing
	 * about the pipe. */
	stats_init(st);
	for (uint64_t n = 1; n <= 40000; n++)
		stats_sent(st, (uint16_t)n, 0, 0);
	stats_count(st, 1, false, 1);
	assert_int_equal(st->received, 1);
	assert_int_equal(st->pipe, 0);
	stats_count(st, 40000 - 32767, false, 1);
	assert_int_equal(st->pipe, 32768);
}

static void test_exit_rule(void **state)
{
	struct ping_stats *st = *state;

	assert_int_equal(stats_exit_status(st, 0, 0), 1);
	for (uint16_t s = 1; s <= 4; s++)
		stats_sent(st, s, 0, 0);
	assert_int_equal(stats_exit_status(st, 4, 0), 1);
	assert_int_equal(stats_exit_status(st, 4, 6), 1);
	stats_error(st, 1, true);
	assert_int_equal(stats_exit_status(st, 4, 0), 1);
	stats_count(st, 2, false, 10);
	stats_count(st, 3, false, 10);
	/* -c4: some replies are enough */
	assert_int_equal(stats_exit_status(st, 4, 0), 0);
	/* -c4 -w6 with 50% loss */
	assert_int_equal(stats_exit_status(st, 4, 6), 1);
	/* -w without -c */
	assert_int_equal(stats_exit_status(st, 0, 6), 0);
	/* -c2 -w6: enough replies */
	assert_int_equal(stats_exit_status(st, 2, 6), 0);
	assert_int_equal(stats_exit_status(st, 3, 6), 1);
	/* Duplicates do not make up for missing replies. */
	stats_count(st, 3, false, 10);
	stats_count(st, 3, false, 10);
	assert_int_equal(stats_exit_status(st, 4, 6), 1);
	/* Corrupted replies are not replies. */
	stats_init(st);
	stats_sent(st, 1, 0, 0);
	stats_count(st, 1, true, 10);
	assert_int_equal(stats_exit_status(st, 1, 0), 1);
}

static void test_loss_percent(void **state)
{
	struct ping_stats *st = *state;
	double l;

	assert_true(stats_loss_percent(st) == 0.0);
	for (uint16_t s = 1; s <= 3; s++)
		stats_sent(st, s, 0, 0);
	assert_true(stats_loss_percent(st) == 100.0);
	stats_count(st, 1, false, 1);
	stats_count(st, 3, false, 1);
	l = stats_loss_percent(st);
	assert_true(l == 0x1.0aaaaap+5);	/* (float)(100.0 / 3): 33.3333 */
	assert_true(l > 33.333332 && l < 33.333333);
	stats_count(st, 2, false, 1);
	assert_true(stats_loss_percent(st) == 0.0);

	stats_init(st);
	for (uint16_t s = 1; s <= 5; s++)
		stats_sent(st, s, 0, 0);
	for (uint16_t s = 1; s <= 4; s++)
		stats_count(st, s, false, 1);
	assert_true(stats_loss_percent(st) == 20.0);

	stats_init(st);
	for (uint16_t s = 1; s <= 8; s++)
		stats_sent(st, s, 0, 0);
	stats_count(st, 8, false, 1);
	assert_true(stats_loss_percent(st) == 87.5);
}

/* Sets transmitted and received directly: runs far longer than a test can ping. */
static void counts(struct ping_stats *st, uint64_t transmitted, uint64_t received)
{
	st->transmitted = transmitted;
	st->received = received;
}

/*
 * The loss is the float iputils prints, pinned bit for bit (hexadecimal
 * literals, worked out with IEEE double and float arithmetic): the same on
 * every architecture, x87 excess precision or not.
 */
static void test_loss_percent_edges(void **state)
{
	struct ping_stats *st = *state;

	counts(st, 3, 1);
	assert_true(stats_loss_percent(st) == 0x1.0aaaaap+6);		/* 66.6667 */
	counts(st, 7, 6);
	assert_true(stats_loss_percent(st) == 0x1.c92492p+3);		/* 14.2857 */
	counts(st, 65536 * 7, 65536 * 7 - 3);
	assert_true(stats_loss_percent(st) == 0x1.56db6ep-11);		/* 0.000653948 */
	/* 2^32 + 1 sent: one lost, one answered */
	counts(st, (UINT64_C(1) << 32) + 1, 1ull << 32);
	assert_true(stats_loss_percent(st) == 0x1.9p-26);		/* 2.32831e-08 */
	counts(st, (UINT64_C(1) << 32) + 1, 1);
	assert_true(stats_loss_percent(st) == 100.0);			/* rounds up to 100 */
	counts(st, 98765432109u, 98765432109u - 12345678901u);
	assert_true(stats_loss_percent(st) == 12.5);
	/*
	 * The quotient rounded to double lands on a midpoint between two
	 * floats, which then rounds to even; rounded straight to float (what
	 * x87 arithmetic does) it would go the other way.
	 */
	counts(st, 1084565831, 1084565831 - 190852);
	assert_true(stats_loss_percent(st) == 0x1.204f88p-6);		/* not 0x1.204f8ap-6 */
	counts(st, 1215992591, 1215992591 - 2185081);
	assert_true(stats_loss_percent(st) == 0x1.700410p-3);		/* not 0x1.700412p-3 */
	/* past double's 53 bits: the counts themselves are rounded first */
	counts(st, (UINT64_C(1) << 53) + 3, 2);
	assert_true(stats_loss_percent(st) == 100.0);
	counts(st, UINT64_MAX, UINT64_MAX - 1);
	assert_true(stats_loss_percent(st) == 0x1.9p-58);		/* 5.42101e-18 */
	counts(st, UINT64_MAX, 1);
	assert_true(stats_loss_percent(st) == 100.0);
	counts(st, UINT64_MAX, UINT64_MAX);
	assert_true(stats_loss_percent(st) == 0.0);
	/* never more than everything */
	counts(st, 5, 6);
	assert_true(stats_loss_percent(st) == 0.0);
}

/*
 * Where the arithmetic is exact, it must agree with the compiler's own
 * double and float; only checked where double is evaluated as double
 * (not i386's x87, whose excess precision is what the integers avoid).
 */
static void test_loss_percent_as_double(void **state)
{
#if defined(__FLT_EVAL_METHOD__) && __FLT_EVAL_METHOD__ == 0
	struct ping_stats *st = *state;
	uint64_t x = 88172645463325252u;

	for (uint64_t t = 1; t <= 400; t++) {
		for (uint64_t r = 0; r <= t; r++) {
			counts(st, t, r);
			assert_true(stats_loss_percent(st) ==
				    (double)(float)((double)(t - r) * 100.0 / (double)t));
		}
	}
	for (int i = 0; i < 100000; i++) {
		uint64_t t, r;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		t = (x >> (i % 64)) | 1;
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		r = x % t;
		counts(st, t, r);
		assert_true(stats_loss_percent(st) ==
			    (double)(float)((double)(t - r) * 100.0 / (double)t));
	}
#else
	(void)state;
	skip();
#endif
}

/* The SIGQUIT line's whole percent, truncated, for any count. */
static void test_loss_whole_percent(void **state)
{
	struct ping_stats *st = *state;

	assert_int_equal(stats_loss_whole_percent(st), 0);
	counts(st, 3, 1);
	assert_int_equal(stats_loss_whole_percent(st), 66);
	counts(st, (UINT64_C(1) << 32) + 1, 1);
	assert_int_equal(stats_loss_whole_percent(st), 99);
	counts(st, UINT64_MAX, 0);
	assert_int_equal(stats_loss_whole_percent(st), 100);
	counts(st, UINT64_MAX, 1);
	assert_int_equal(stats_loss_whole_percent(st), 99);
	counts(st, UINT64_MAX, UINT64_MAX - 1);
	assert_int_equal(stats_loss_whole_percent(st), 0);
	counts(st, 5, 6);
	assert_int_equal(stats_loss_whole_percent(st), 0);
}

/* The largest -W, 4294.967295 s: its square no longer fits 64 bits. */
#define W_MAX_US	4294967295LL

static void test_sums_past_64_bits(void **state)
{
	struct ping_stats *st = *state;

	ping_once(st, 1, 0, W_MAX_US);
	ping_once(st, 2, 0, W_MAX_US);
	ping_once(st, 3, 0, W_MAX_US);
	ping_once(st, 4, 0, 0);
	assert_int_equal(st->sum_us, 3 * W_MAX_US);
	assert_int_equal(st->sum2_us2.hi, 2);
	assert_int_equal(st->sum2_us2.lo, 0xfffffffa00000003u);
	/* var = (sum2 - sum^2/4) / 4 = 3458764506944323586, root 1859775392.4 */
	summary_is(st, 0, 3221225471LL, W_MAX_US, 1859775392LL);

	stats_init(st);
	ping_once(st, 1, 0, W_MAX_US);
	ping_once(st, 2, 0, 1);
	ping_once(st, 3, 0, 2);
	summary_is(st, 1, 1431655766LL, W_MAX_US, 2024666998LL);
}

/*
 * Runs of 2^32 and 2^33 echoes (65536 times the sequence space), set
 * directly: the figures a summary makes of them, with every RTT at the
 * largest -W.  The sums are what that many samples add up to.
 */
static void test_summary_huge_counts(void **state)
{
	struct ping_stats *st = *state;

	/* 2^32 equal samples: mdev exactly 0 */
	st->timed = UINT64_C(1) << 32;
	st->min_us = st->max_us = W_MAX_US;
	st->sum_us = 18446744069414584320u;		/* 2^32 (2^32 - 1) */
	st->sum2_us2.hi = 0xfffffffeu;			/* 2^32 (2^32 - 1)^2 */
	st->sum2_us2.lo = 0x100000000u;
	summary_is(st, W_MAX_US, W_MAX_US, W_MAX_US, 0);

	/* 2^32 samples of 0 and 2^32 of the largest -W: mdev is half of it */
	st->timed = UINT64_C(1) << 33;
	st->min_us = 0;
	summary_is(st, 0, 2147483647LL, W_MAX_US, 2147483647LL);

	/* 2^32 of 1 ms and 2^32 of 2^30 us */
	st->min_us = 1000;
	st->max_us = 1073741824LL;
	st->sum_us = 4611690313394683904u;
	st->sum2_us2.hi = 0x10000000u;
	st->sum2_us2.lo = 0xf424000000000u;
	summary_is(st, 1000, 536871412LL, 1073741824LL, 536870412LL);
}

static void test_rtt_us(void **state)
{
	struct ping_stats *st = *state;
	const int64_t mono = 5000000, real = 1700000000000000LL;

	stats_sent(st, 7, mono, real);

	/* No stamp: the monotonic time elapsed. */
	assert_int_equal(stats_rtt_us(st, 7, mono + 1234, real + 999999, false, 0), 1234);
	/* A stamp 200 us before now: the answer waited 200 us in the socket. */
	assert_int_equal(stats_rtt_us(st, 7, mono + 1234, real + 5000, true,
				      real + 4800), 1034);
	/* Stamp exactly now, and stamp exactly at the send. */
	assert_int_equal(stats_rtt_us(st, 7, mono + 1234, real + 5000, true,
				      real + 5000), 1234);
	assert_int_equal(stats_rtt_us(st, 7, mono + 1234, real + 5000, true,
				      real + 5000 - 1234), 0);
	/* A stamp in the future: ignored. */
	assert_int_equal(stats_rtt_us(st, 7, mono + 1234, real + 5000, true,
				      real + 5001), 1234);
	/* A stamp older than the send could allow: ignored. */
	assert_int_equal(stats_rtt_us(st, 7, mono + 1234, real + 5000, true,
				      real + 5000 - 1235), 1234);
	assert_int_equal(stats_rtt_us(st, 7, mono + 1234, real, true,
				      real - 86400000000LL), 1234);
	/* The payload's time plays no part: a realtime clock step is harmless. */
	assert_int_equal(stats_rtt_us(st, 7, mono + 1234, real - 3600000000LL,
				      false, 0), 1234);
	/* Never negative, even with a monotonic time before the send. */
	assert_int_equal(stats_rtt_us(st, 7, mono - 10, real, false, 0), 0);
	assert_int_equal(stats_rtt_us(st, 7, mono - 10, real, true, real), 0);
	/* Extreme clock values saturate instead of overflowing. */
	stats_sent(st, 8, INT64_MIN, INT64_MIN);
	assert_int_equal(stats_rtt_us(st, 8, INT64_MAX, 0, false, 0), INT64_MAX);
	assert_int_equal(stats_rtt_us(st, 8, INT64_MAX, INT64_MAX, true,
				      INT64_MIN), INT64_MAX);
	assert_int_equal(stats_rtt_us(st, 8, INT64_MAX, INT64_MAX, true,
				      INT64_MAX - 10), INT64_MAX - 10);
	stats_sent(st, 9, INT64_MAX, 0);
	assert_int_equal(stats_rtt_us(st, 9, INT64_MIN, 0, false, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_zeroes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sent_and_classify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_across_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrap_resend_unanswered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_not_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untimed_not_in_sums, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mdev_known_sets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_in_sums, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_rtts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ewma, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loss_percent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loss_percent_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loss_percent_as_double, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loss_whole_percent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sums_past_64_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_huge_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rtt_us, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
