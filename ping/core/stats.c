#include <limits.h>
#include <string.h>

#include "stats.h"

/*
 * The largest RTT that enters the EWMA as it is: 8 times it still fits the
 * int64_t accumulator.  That is some 36,000 years, so no real figure is
 * ever clipped.
 */
#define EWMA_RTT_MAX	(INT64_MAX / 8)

/* Answers further behind the latest send than this say nothing about the
 * pipe: the sequence space has wrapped past them. */
#define PIPE_WINDOW	0x7fff

static bool bit_test(const uint8_t *map, uint16_t seq)
{
	return (map[seq >> 3] >> (seq & 7)) & 1;
}

static void bit_set(uint8_t *map, uint16_t seq)
{
	map[seq >> 3] |= (uint8_t)(1u << (seq & 7));
}

static void bit_clear(uint8_t *map, uint16_t seq)
{
	map[seq >> 3] &= (uint8_t)~(1u << (seq & 7));
}

static uint64_t add_sat_u64(uint64_t a, uint64_t b)
{
	uint64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return UINT64_MAX;
	return r;
}

static unsigned __int128 add_sat_u128(unsigned __int128 a, unsigned __int128 b)
{
	unsigned __int128 r;

	if (__builtin_add_overflow(a, b, &r))
		return ~(unsigned __int128)0;
	return r;
}

/* Clears every counter, bitmap and slot: a run starts from nothing. */
void stats_init(struct ping_stats *st)
{
	memset(st, 0, sizeof(*st));
}

/*
 * Records a send.  Clearing the answered bit lets a sequence number that
 * comes round again after the 16-bit wrap be answered afresh.
 */
void stats_sent(struct ping_stats *st, uint16_t seq, int64_t mono_us,
		int64_t real_us)
{
	st->slot[seq].sent_mono_us = mono_us;
	st->slot[seq].sent_real_us = real_us;
	bit_set(st->sent, seq);
	bit_clear(st->answered, seq);
	st->transmitted++;
}

/* Decides how an answer for seq counts, from the two bitmaps alone. */
enum rx_class stats_classify(const struct ping_stats *st, uint16_t seq)
{
	if (!bit_test(st->sent, seq))
		return RX_UNKNOWN;
	if (bit_test(st->answered, seq))
		return RX_DUPLICATE;
	return RX_NEW;
}

/* Whether seq was answered since its last send; -O asks before each send. */
bool stats_answered(const struct ping_stats *st, uint16_t seq)
{
	return bit_test(st->answered, seq);
}

/*
 * The RTT from our own record of the send, never from the payload.  The
 * kernel's receive stamp only shortens it by the time the answer waited
 * in the socket, and only when that wait fits inside the elapsed time: a
 * stamp from the future or from before the send is a clock step, not a
 * wait, and is ignored.
 */
int64_t stats_rtt_us(const struct ping_stats *st, uint16_t seq,
		     int64_t now_mono_us, int64_t now_real_us,
		     bool have_stamp, int64_t stamp_real_us)
{
	int64_t sent = st->slot[seq].sent_mono_us;
	int64_t elapsed, waited;

	if (__builtin_sub_overflow(now_mono_us, sent, &elapsed))
		elapsed = now_mono_us > sent ? INT64_MAX : 0;
	if (elapsed < 0)
		elapsed = 0;
	if (have_stamp &&
	    !__builtin_sub_overflow(now_real_us, stamp_real_us, &waited) &&
	    waited >= 0 && waited <= elapsed)
		return elapsed - waited;
	return elapsed;
}

/*
 * Raises the pipe figure: how many requests were in flight when the answer
 * (or error) for seq came, counting seq itself.  Sequences go out as
 * 1, 2, 3, ... modulo 2^16, so the latest one sent is the low 16 bits of
 * transmitted.
 */
static void pipe_update(struct ping_stats *st, uint16_t seq)
{
	uint16_t behind = (uint16_t)((uint16_t)st->transmitted - seq);

	if (!bit_test(st->sent, seq) || behind > PIPE_WINDOW)
		return;
	if ((uint64_t)behind + 1 > st->pipe)
		st->pipe = (uint64_t)behind + 1;
}

/*
 * Adds one timed answer to min, max, the sums and the EWMA.  The sums
 * saturate rather than wrap; stats_summary keeps avg within [min, max]
 * and mdev within [0, max - min], so a saturated sum cannot produce
 * nonsense.
 */
static void add_sample(struct ping_stats *st, int64_t rtt_us)
{
	int64_t e = rtt_us > EWMA_RTT_MAX ? EWMA_RTT_MAX : rtt_us;

	if (st->timed == 0) {
		st->min_us = rtt_us;
		st->max_us = rtt_us;
		st->ewma_x8_us = 8 * e;
	} else {
		if (rtt_us < st->min_us)
			st->min_us = rtt_us;
		if (rtt_us > st->max_us)
			st->max_us = rtt_us;
		st->ewma_x8_us += e - st->ewma_x8_us / 8;
	}
	st->timed++;
	st->sum_us = add_sat_u64(st->sum_us, (uint64_t)rtt_us);
	st->sum2_us2 = add_sat_u128(st->sum2_us2,
	    (unsigned __int128)(uint64_t)rtt_us * (uint64_t)rtt_us);
}

/*
 * Counts an answer.  The class is taken again from the bitmaps rather than
 * trusted, so received can never exceed the sequences actually sent, and
 * an answer to a sequence we never sent changes nothing at all.  A
 * corrupted answer is only counted as such: it neither answers its
 * sequence nor enters the RTT figures.
 */
enum rx_class stats_count(struct ping_stats *st, uint16_t seq, bool corrupted,
			  int64_t rtt_us)
{
	enum rx_class cls = stats_classify(st, seq);

	if (cls == RX_UNKNOWN)
		return cls;
	if (corrupted) {
		st->corrupted++;
		return cls;
	}
	if (cls == RX_NEW) {
		st->received++;
		bit_set(st->answered, seq);
		pipe_update(st, seq);
	} else {
		st->duplicates++;
	}
	if (rtt_us >= 0)
		add_sample(st, rtt_us);
	return cls;
}

/* Times and counts an answer in one visit; see stats.h. */
struct rx_answer stats_answer(struct ping_stats *st, uint16_t seq, bool corrupted,
			      const struct rx_clock *clk)
{
	struct rx_answer a = { .cls = stats_classify(st, seq), .rtt_us = -1 };

	if (a.cls == RX_UNKNOWN)
		return a;
	if (clk)
		a.rtt_us = stats_rtt_us(st, seq, clk->now_mono_us, clk->now_real_us,
					clk->have_stamp, clk->stamp_real_us);
	stats_count(st, seq, corrupted, a.rtt_us);
	return a;
}

int64_t stats_sent_real_us(const struct ping_stats *st, uint16_t seq)
{
	return st->slot[seq].sent_real_us;
}

uint64_t stats_in_flight(const struct ping_stats *st)
{
	uint64_t done = st->received + st->errors;

	return st->transmitted > done ? st->transmitted - done : 0;
}

/* Counts an ICMP or local error about one of our requests. */
void stats_error(struct ping_stats *st, uint16_t seq)
{
	st->errors++;
	pipe_update(st, seq);
}

/*
 * Integer square root of v, except that v = n*n - 1 gives n: iputils takes
 * the value where its Newton iteration stops falling, which for those v
 * is one above the floor.  Doing the same keeps mdev equal to iputils' for
 * the same samples.
 */
static unsigned __int128 mdev_sqrt(unsigned __int128 v)
{
	unsigned __int128 r = 0, bit = (unsigned __int128)1 << 126;

	while (bit > v)
		bit >>= 2;
	while (bit != 0) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	/* v now holds the remainder v - r*r; it is 2r exactly when v+1 = (r+1)^2 */
	if (r != 0 && v == 2 * r)
		r++;
	return r;
}

/*
 * min/avg/max/mdev in microseconds, as iputils computes them: avg is
 * truncated, and the variance is (sum2 - sum^2/n) / n, the order that
 * keeps small RTTs exact (44, 44, 124 us give mdev 37, not 38).  The 128-bit
 * arithmetic cannot overflow; the clamps only matter once a sum has
 * saturated, since true figures always lie within them.
 */
void stats_summary(const struct ping_stats *st, struct rtt_summary *out)
{
	unsigned __int128 sum, sq_over_n, var, mdev;
	uint64_t avg;

	memset(out, 0, sizeof(*out));
	out->valid = st->timed > 0;
	if (!out->valid)
		return;

	out->min_us = st->min_us;
	out->max_us = st->max_us;
	out->ewma_us = st->ewma_x8_us / 8;

	avg = st->sum_us / st->timed;
	if (avg < (uint64_t)st->min_us)
		avg = (uint64_t)st->min_us;
	if (avg > (uint64_t)st->max_us)
		avg = (uint64_t)st->max_us;
	out->avg_us = (int64_t)avg;

	sum = st->sum_us;
	sq_over_n = sum * sum / st->timed;
	var = st->sum2_us2 > sq_over_n ?
	    (st->sum2_us2 - sq_over_n) / st->timed : 0;
	mdev = mdev_sqrt(var);
	if (mdev > (unsigned __int128)(st->max_us - st->min_us))
		mdev = (unsigned __int128)(st->max_us - st->min_us);
	out->mdev_us = (int64_t)mdev;
}

/* iputils' exit rule; a count of 0 (no -c) never fails the deadline test. */
int stats_exit_status(const struct ping_stats *st, uint64_t count,
		      long deadline_s)
{
	if (st->received == 0)
		return 1;
	if (deadline_s > 0 && st->received < count)
		return 1;
	return 0;
}

/* Loss in percent for the summary; never negative, since received <= transmitted. */
double stats_loss_percent(const struct ping_stats *st)
{
	if (st->transmitted == 0 || st->received > st->transmitted)
		return 0.0;
	return (double)(st->transmitted - st->received) * 100.0 /
	    (double)st->transmitted;
}
