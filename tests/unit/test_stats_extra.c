#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stats.h"

/*
 * Allocation counter: with glibc and no sanitizer, malloc, calloc and
 * realloc are interposed here and counted, so a test can prove that the
 * statistics allocate nothing.  (A sanitizer owns the allocator itself.)
 */
#if defined(__SANITIZE_ADDRESS__)
#define COUNT_ALLOCS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define COUNT_ALLOCS 0
#endif
#endif
#if !defined(COUNT_ALLOCS) && defined(__GLIBC__)
#define COUNT_ALLOCS 1
#endif
#if !defined(COUNT_ALLOCS)
#define COUNT_ALLOCS 0
#endif

#if COUNT_ALLOCS
static unsigned long allocs_seen;

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

void *malloc(size_t n)
{
	allocs_seen++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	allocs_seen++;
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	allocs_seen++;
	return __libc_realloc(p, n);
}
#endif

#define SEC	1000000LL

#include "stats_fixture.h"

/* xorshift64*: the same pseudo-random figures on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Sends the k-th request (sequence k mod 2^16) at k seconds. */
static void send_nth(struct ping_stats *st, uint64_t k)
{
	stats_sent(st, (uint16_t)k, (int64_t)k * SEC, (int64_t)k * SEC + 7);
}

/* Feeds n timed replies, one request each, in the order given. */
static void feed(struct ping_stats *st, const int64_t *rtt, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		send_nth(st, st->transmitted + 1);
		stats_count(st, (uint16_t)st->transmitted, false, rtt[i]);
	}
}

/*
 * Feeds the samples, then checks p50/p90/p99 against the exact
 * nearest-rank values of a sorted copy: within 1 % or 1 us, exact below
 * 128 us and at the top rank, and never outside [min, max].
 */
static void check_percentiles(int64_t *v, size_t n)
{
	static const unsigned pct[3] = { 50, 90, 99 };
	struct ping_stats *st = malloc(sizeof(*st));
	struct extra_stats x;
	int64_t got[3];

	assert_non_null(st);
	stats_init(st);
	feed(st, v, n);
	stats_extra(st, SEC, &x);
	assert_true(x.have_percentiles);
	got[0] = x.p50_us;
	got[1] = x.p90_us;
	got[2] = x.p99_us;
	qsort(v, n, sizeof(*v), cmp_i64);
	for (unsigned j = 0; j < 3; j++) {
		size_t rank = (n * pct[j] + 99) / 100;
		int64_t exact = v[rank - 1];
		int64_t err = got[j] > exact ? got[j] - exact : exact - got[j];
		int64_t bound = exact / 100 > 1 ? exact / 100 : 1;

		if (exact < 128 || rank == n)
			bound = 0;		/* exact: one-wide buckets, or the maximum */
		if (err > bound)
			fail_msg("n=%zu p%u: got %lld, exact %lld", n, pct[j],
				 (long long)got[j], (long long)exact);
		assert_true(got[j] >= v[0] && got[j] <= v[n - 1]);
	}
	assert_true(x.p50_us <= x.p90_us && x.p90_us <= x.p99_us);
	free(st);
}

#define NMAX	20000

/* The value of a distribution, drawn with seed s. */
typedef int64_t (*draw_fn)(uint64_t *s, size_t i);

static int64_t draw_small(uint64_t *s, size_t i)
{
	(void)i;
	return (int64_t)(rnd(s) % 300);
}

/* Log-uniform from 1 us to about 4.6 hours (2^34 us). */
static int64_t draw_wide(uint64_t *s, size_t i)
{
	unsigned bits = (unsigned)(rnd(s) % 35);

	(void)i;
	return (int64_t)(1 + rnd(s) % (1ull << bits));
}

static int64_t draw_constant(uint64_t *s, size_t i)
{
	(void)s;
	(void)i;
	return 12345;
}

/* Mostly about 45 us, one in ten about 200 ms. */
static int64_t draw_bimodal(uint64_t *s, size_t i)
{
	(void)i;
	if (rnd(s) % 10 == 0)
		return 200000 + (int64_t)(rnd(s) % 5000);
	return 40 + (int64_t)(rnd(s) % 10);
}

/* Bucket edges: 2^k - 1, 2^k, 2^k + 2^(k-6) - 1 and 2^k + 2^(k-6). */
static int64_t draw_edges(uint64_t *s, size_t i)
{
	unsigned k = 6 + (unsigned)(rnd(s) % 30);
	int64_t base = (int64_t)1 << k, w = base >> 6;
	const int64_t pick[4] = { base - 1, base, base + w - 1, base + w };

	(void)i;
	return pick[rnd(s) % 4];
}

/* Hours, and the largest RTT the type holds. */
static int64_t draw_huge(uint64_t *s, size_t i)
{
	if (i % 7 == 0)
		return INT64_MAX - (int64_t)(rnd(s) % 1000);
	return 3600 * SEC + (int64_t)(rnd(s) % (5 * 3600 * SEC));
}

/* Ascending: the exact ranks sit at one end of each bucket. */
static int64_t draw_ramp(uint64_t *s, size_t i)
{
	(void)s;
	return 1000 + (int64_t)i * 37;
}

static void test_percentiles_against_exact(void **state)
{
	static const draw_fn draws[] = { draw_small, draw_wide, draw_constant,
		draw_bimodal, draw_edges, draw_huge, draw_ramp };
	static const size_t sizes[] = { 1, 2, 3, 9, 10, 11, 99, 100, 101, 1000, NMAX };
	int64_t *v = malloc(NMAX * sizeof(*v));
	uint64_t seed = 0x9e3779b97f4a7c15ull;

	(void)state;
	assert_non_null(v);
	for (size_t d = 0; d < sizeof(draws) / sizeof(draws[0]); d++)
		for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			for (size_t i = 0; i < sizes[z]; i++)
				v[i] = draws[d](&seed, i);
			check_percentiles(v, sizes[z]);
		}
	free(v);
}

/* stats_init clears the histogram, the IPDV and the burst tracker too. */
static void test_init_clears_extra(void **state)
{
	struct ping_stats *st = *state;
	struct extra_stats x;
	const int64_t two[] = { 300, 100 };

	memset(st, 0xa5, sizeof(*st));
	stats_init(st);
	stats_extra(st, SEC, &x);
	assert_false(x.have_percentiles);
	assert_false(x.have_jitter);
	assert_int_equal(x.burst_count, 0);
	feed(st, two, 2);
	stats_extra(st, SEC, &x);
	assert_int_equal(x.p50_us, 100);
	assert_int_equal(x.p90_us, 300);
	assert_int_equal(x.jitter_us, 200);
	assert_int_equal(x.burst_count, 0);
}

/* Small known sets: nearest rank, not interpolation. */
static void test_percentiles_known(void **state)
{
	struct ping_stats *st = *state;
	struct extra_stats x;
	int64_t ten[10];

	for (int i = 0; i < 10; i++)
		ten[i] = 10 * (i + 1);		/* 10 .. 100 */
	feed(st, ten, 10);
	stats_extra(st, SEC, &x);
	assert_int_equal(x.p50_us, 50);		/* rank 5 */
	assert_int_equal(x.p90_us, 90);		/* rank 9 */
	assert_int_equal(x.p99_us, 100);	/* rank 10 */

	stats_init(st);
	stats_extra(st, SEC, &x);
	assert_false(x.have_percentiles);
	assert_false(x.have_jitter);
	assert_int_equal(x.burst_count, 0);
}

/*
 * Ranks of a run of 2^64 - 1 samples (counts set directly): 2^63 at 100 us
 * and the rest at 900 us.  The rank of p50 is exactly 2^63; timed x 90
 * would overflow 64 bits.
 */
static void test_percentile_ranks_huge(void **state)
{
	struct ping_stats *st = *state;
	struct extra_stats x;
	unsigned at[2], n = 0;

	feed(st, (const int64_t[]){ 100, 900 }, 2);
	for (unsigned i = 0; i < STATS_HIST_BUCKETS && n < 2; i++)
		if (st->rtt_hist[i])
			at[n++] = i;
	assert_int_equal(n, 2);
	st->rtt_hist[at[0]] = UINT64_C(1) << 63;
	st->rtt_hist[at[1]] = (UINT64_C(1) << 63) - 1;
	st->timed = UINT64_MAX;
	stats_extra(st, SEC, &x);
	assert_int_equal(x.p50_us, 100);
	assert_int_equal(x.p90_us, 900);
	assert_int_equal(x.p99_us, 900);

	/* one sample fewer at 100 us: rank 2^63 is the first at 900 */
	st->rtt_hist[at[0]]--;
	st->rtt_hist[at[1]]++;
	stats_extra(st, SEC, &x);
	assert_int_equal(x.p50_us, 900);
}

/* Duplicates enter the percentiles as they enter min/avg/max; untimed and corrupted do not. */
static void test_percentiles_which_samples(void **state)
{
	struct ping_stats *st = *state;
	struct extra_stats x;

	send_nth(st, 1);
	stats_count(st, 1, false, 100);
	stats_count(st, 1, false, 100);		/* duplicate */
	stats_count(st, 1, false, 100);
	send_nth(st, 2);
	stats_count(st, 2, false, 900);
	send_nth(st, 3);
	stats_count(st, 3, false, -1);		/* truncated: untimed */
	send_nth(st, 4);
	stats_count(st, 4, true, 5000);		/* corrupted */
	stats_extra(st, SEC, &x);
	assert_int_equal(x.p50_us, 100);	/* 100 100 100 900: rank 2 */
	assert_int_equal(x.p90_us, 900);	/* rank 4 */
	assert_int_equal(x.p99_us, 900);
}

/* IPDV: mean |difference| of consecutive timed samples, in arrival order. */
static void test_jitter(void **state)
{
	struct ping_stats *st = *state;
	const int64_t a[] = { 10, 20, 15, 15 };		/* 10 + 5 + 0 = 15 over 3 */
	const int64_t b[] = { 100, 40, 100, 41 };	/* 60 + 60 + 59 = 179 over 3 */
	struct extra_stats x;

	feed(st, a, 1);
	stats_extra(st, SEC, &x);
	assert_false(x.have_jitter);
	feed(st, a + 1, 3);
	stats_extra(st, SEC, &x);
	assert_true(x.have_jitter);
	assert_int_equal(x.jitter_us, 5);

	stats_init(st);
	feed(st, b, 4);
	stats_extra(st, SEC, &x);
	assert_int_equal(x.jitter_us, 59);		/* truncated */

	/* a duplicate is a sample; an untimed reply is not */
	stats_init(st);
	send_nth(st, 1);
	stats_count(st, 1, false, 1000);
	send_nth(st, 2);
	stats_count(st, 2, false, -1);
	stats_count(st, 1, false, 3000);	/* duplicate of 1, late */
	stats_count(st, 2, false, 1000);	/* duplicate of 2, timed */
	stats_extra(st, SEC, &x);
	assert_int_equal(x.jitter_us, 2000);	/* 2000 + 2000 over 2 */

	stats_init(st);
	for (int i = 0; i < 1000; i++) {
		const int64_t c = 50000;

		feed(st, &c, 1);
	}
	stats_extra(st, SEC, &x);
	assert_int_equal(x.jitter_us, 0);
}

/* The k-th request answered (timed) at once unless lost[k]. */
static void run_pattern(struct ping_stats *st, const char *pattern)
{
	for (size_t k = 1; pattern[k - 1]; k++) {
		send_nth(st, k);
		if (pattern[k - 1] == '.')
			stats_count(st, (uint16_t)k, false, 100);
		else if (pattern[k - 1] == 'e')
			stats_error(st, (uint16_t)k, true);
		else if (pattern[k - 1] == 'c')
			stats_count(st, (uint16_t)k, true, 100);
	}
}

static void burst_is(const struct ping_stats *st, int64_t interval_us, uint64_t count,
		     uint16_t first, uint16_t last, int64_t duration_us)
{
	struct extra_stats x;

	stats_extra(st, interval_us, &x);
	assert_int_equal(x.burst_count, count);
	if (!count)
		return;
	assert_int_equal(x.burst_first_seq, first);
	assert_int_equal(x.burst_last_seq, last);
	assert_int_equal(x.burst_duration_us, duration_us);
}

/* Pattern: '.' answered, 'x' no answer, 'e' an ICMP error, 'c' a corrupted reply. */
static void test_burst_patterns(void **state)
{
	struct ping_stats *st = *state;

	run_pattern(st, "...xxx....");
	burst_is(st, SEC, 3, 4, 6, 3 * SEC);	/* send of 4 to send of 7 */

	stats_init(st);
	run_pattern(st, "..........");
	burst_is(st, SEC, 0, 0, 0, 0);

	stats_init(st);				/* ties: the first */
	run_pattern(st, ".xx.xx.x.");
	burst_is(st, SEC, 2, 2, 3, 2 * SEC);

	stats_init(st);				/* errors and corrupted replies are losses */
	run_pattern(st, ".x.eexc.xx");
	burst_is(st, SEC, 4, 4, 7, 4 * SEC);

	stats_init(st);				/* at the end: latest send plus the interval */
	run_pattern(st, ".x...xxx");
	burst_is(st, SEC, 3, 6, 8, 3 * SEC);
	burst_is(st, 200000, 3, 6, 8, 2 * SEC + 200000);

	stats_init(st);				/* nothing answered */
	run_pattern(st, "xxxxx");
	burst_is(st, SEC, 5, 1, 5, 5 * SEC);

	stats_init(st);				/* one request */
	run_pattern(st, "..x.");
	burst_is(st, SEC, 1, 3, 3, SEC);
}

/* A late reply still answers its request; one not yet answered counts as lost. */
static void test_burst_late_and_pending(void **state)
{
	struct ping_stats *st = *state;

	run_pattern(st, "...xxx");
	burst_is(st, SEC, 3, 4, 6, 3 * SEC);
	stats_count(st, 5, false, 2 * SEC);	/* 5 answered late */
	burst_is(st, SEC, 1, 4, 4, SEC);
	send_nth(st, 7);			/* in flight: lost for now */
	burst_is(st, SEC, 2, 6, 7, 2 * SEC);
	send_nth(st, 8);
	burst_is(st, SEC, 3, 6, 8, 3 * SEC);
	stats_count(st, 8, false, 100);
	stats_count(st, 7, false, 100);
	burst_is(st, SEC, 1, 4, 4, SEC);
}

/* Reading twice gives the same: stats_extra changes nothing. */
static void test_extra_read_only(void **state)
{
	struct ping_stats *st = *state;
	struct extra_stats a, b;

	run_pattern(st, "..xx.x..x");
	stats_extra(st, SEC, &a);
	stats_extra(st, SEC, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	burst_is(st, SEC, 2, 3, 4, 2 * SEC);
}

/*
 * Runs n requests, lost when lost(k) says so, each other one answered
 * delay(k) sends later (0: at once), and compares the longest burst with
 * one computed over the whole run at the end.
 */
static void check_burst_run(struct ping_stats *st, uint64_t n, uint64_t seed,
			    unsigned loss_per_mille, unsigned stay_per_mille)
{
	uint8_t *lost = calloc(n + 2, 1);
	uint64_t best = 0, best_first = 0, cur = 0, cur_first = 0;
	uint64_t s = seed;
	bool in_burst = false;

	assert_non_null(lost);
	stats_init(st);
	for (uint64_t k = 1; k <= n; k++) {
		unsigned p = in_burst ? stay_per_mille : loss_per_mille;

		in_burst = rnd(&s) % 1000 < p;
		lost[k] = in_burst;
		send_nth(st, k);
		/* answers come one to three sends late, well inside the window */
		for (uint64_t back = 1; back <= 3 && back < k; back++)
			if (!lost[k - back] && (k - back) % 3 == back - 1)
				stats_count(st, (uint16_t)(k - back), false, 100);
	}
	for (uint64_t back = 0; back < 3 && back < n; back++)
		if (!lost[n - back] && !stats_answered(st, (uint16_t)(n - back)))
			stats_count(st, (uint16_t)(n - back), false, 100);

	for (uint64_t k = 1; k <= n + 1; k++) {
		if (k <= n && lost[k]) {
			if (cur++ == 0)
				cur_first = k;
			continue;
		}
		if (cur > best) {
			best = cur;
			best_first = cur_first;
		}
		cur = 0;
	}
	if (best)
		burst_is(st, SEC, best, (uint16_t)best_first,
			 (uint16_t)(best_first + best - 1), (int64_t)best * SEC);
	else
		burst_is(st, SEC, 0, 0, 0, 0);
	free(lost);
}

/* Random bursty loss over runs shorter and longer than the sequence space. */
static void test_burst_random(void **state)
{
	struct ping_stats *st = *state;

	for (uint64_t seed = 1; seed <= 4; seed++) {
		check_burst_run(st, 1000, seed, 50, 700);
		check_burst_run(st, 200000, seed, 5, 990);
		check_burst_run(st, 150000, seed, 300, 500);
	}
}

/* Bursts across the 16-bit wrap, longer than it, and straddling the last window. */
static void test_burst_wrap(void **state)
{
	struct ping_stats *st = *state;
	struct {
		uint64_t n, from, to;	/* requests from..to lost out of n */
	} const c[] = {
		{ 200000, 65530, 65545 },	/* over the wrap, final long before the end */
		{ 200000, 100000, 170000 },	/* longer than the sequence space */
		{ 200000, 120000, 150000 },	/* part final, part in the last 65536 */
		{ 200000, 190000, 200000 },	/* to the end */
		{ 140000, 1, 140000 },		/* nothing answered, over two wraps */
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		/* closed by the send of to + 1, or at the last send plus 1 s */
		int64_t end = (int64_t)c[i].to + 1;

		stats_init(st);
		for (uint64_t k = 1; k <= c[i].n; k++) {
			send_nth(st, k);
			if (k < c[i].from || k > c[i].to)
				stats_count(st, (uint16_t)k, false, 100);
		}
		burst_is(st, SEC, c[i].to - c[i].from + 1, (uint16_t)c[i].from,
			 (uint16_t)c[i].to, (end - (int64_t)c[i].from) * SEC);
	}
}

/* A million samples and a long run: no allocation, memory is the struct alone. */
static void test_no_allocation(void **state)
{
	struct ping_stats *st = *state;
	struct extra_stats x;

#if COUNT_ALLOCS
	allocs_seen = 0;
	for (uint64_t k = 1; k <= 1000000; k++) {
		send_nth(st, k);
		if (k % 97)
			stats_count(st, (uint16_t)k, false, (int64_t)(k % 5000) * 13);
	}
	stats_extra(st, SEC, &x);
	assert_int_equal(allocs_seen, 0);
	assert_int_equal(x.burst_count, 1);
	assert_true(x.have_percentiles);
	/* the counter does see allocations: the check above can fail */
	free(malloc(16));
	assert_int_equal(allocs_seen, 1);
#else
	(void)st;
	(void)x;
	skip();
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentiles_against_exact),
		cmocka_unit_test_setup_teardown(test_init_clears_extra, setup, teardown),
		cmocka_unit_test_setup_teardown(test_percentiles_known, setup, teardown),
		cmocka_unit_test_setup_teardown(test_percentiles_which_samples, setup, teardown),
		cmocka_unit_test_setup_teardown(test_percentile_ranks_huge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jitter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_burst_patterns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_burst_late_and_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extra_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_burst_random, setup, teardown),
		cmocka_unit_test_setup_teardown(test_burst_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_allocation, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
