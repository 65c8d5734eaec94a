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

/* which: SEQ_SENT or SEQ_ANSWERED. */
static bool bit_test(const struct ping_stats *st, int which, uint16_t seq)
{
	return (st->seq_bits[seq >> 3][which] >> (seq & 7)) & 1;
}

static void bit_set(struct ping_stats *st, int which, uint16_t seq)
{
	st->seq_bits[seq >> 3][which] |= (uint8_t)(1u << (seq & 7));
}

static void bit_clear(struct ping_stats *st, int which, uint16_t seq)
{
	st->seq_bits[seq >> 3][which] &= (uint8_t)~(1u << (seq & 7));
}

static uint64_t add_sat_u64(uint64_t a, uint64_t b)
{
	uint64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return UINT64_MAX;
	return r;
}

static void extra_sample(struct ping_stats *st, int64_t rtt_us);
static void burst_on_send(struct ping_stats *st, uint16_t seq, int64_t mono_us);

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
	burst_on_send(st, seq, mono_us);
	st->slot[seq].sent_mono_us = mono_us;
	st->slot[seq].sent_real_us = real_us;
	bit_set(st, SEQ_SENT, seq);
	bit_clear(st, SEQ_ANSWERED, seq);
	st->transmitted++;
	/* Nothing acknowledged for half the sequence space: forget it. */
	if ((uint16_t)((uint16_t)st->transmitted - st->acked) > PIPE_WINDOW)
		st->acked = (uint16_t)(st->transmitted + 1);
}

/* Decides how an answer for seq counts, from the two bitmaps alone. */
enum rx_class stats_classify(const struct ping_stats *st, uint16_t seq)
{
	if (!bit_test(st, SEQ_SENT, seq))
		return RX_UNKNOWN;
	if (bit_test(st, SEQ_ANSWERED, seq))
		return RX_DUPLICATE;
	return RX_NEW;
}

/* Whether seq was answered since its last send; -O asks before each send. */
bool stats_answered(const struct ping_stats *st, uint16_t seq)
{
	return bit_test(st, SEQ_ANSWERED, seq);
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
 * Acknowledges seq, as iputils does for every good answer (duplicates
 * included) and every IPv4 error about a request: the pipe figure becomes at
 * least the number of requests in flight when it came, counting seq
 * itself, and seq becomes the highest acknowledged when it is ahead of
 * the one before.  Sequences go out as 1, 2, 3, ... modulo 2^16, so the
 * latest one sent is the low 16 bits of transmitted.
 */
static void acknowledge(struct ping_stats *st, uint16_t seq)
{
	uint16_t latest = (uint16_t)st->transmitted;
	uint16_t behind = (uint16_t)(latest - seq);

	if (!bit_test(st, SEQ_SENT, seq) || behind > PIPE_WINDOW)
		return;
	if ((uint64_t)behind + 1 > st->pipe)
		st->pipe = (uint64_t)behind + 1;
	if ((int16_t)(uint16_t)(seq - st->acked) > 0 || (uint16_t)(latest - st->acked) > PIPE_WINDOW)
		st->acked = seq;
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
	st->sum2_us2 = u128_add_sat(st->sum2_us2,
	    u128_mul64((uint64_t)rtt_us, (uint64_t)rtt_us));
	extra_sample(st, rtt_us);
}

/*
 * Counts an answer.  The class is taken again from the bitmaps rather than
 * trusted, so received can never exceed the sequences actually sent, and
 * an answer to a sequence we never sent changes nothing at all.  A
 * corrupted answer is only counted as such: it neither answers its
 * sequence nor enters the RTT figures.
 */
/* Counts an answer of a known class (not RX_UNKNOWN). */
static void count_class(struct ping_stats *st, uint16_t seq, enum rx_class cls, bool corrupted,
			int64_t rtt_us)
{
	if (corrupted) {
		st->corrupted++;
		return;
	}
	if (cls == RX_NEW) {
		st->received++;
		bit_set(st, SEQ_ANSWERED, seq);
	} else {
		st->duplicates++;
	}
	acknowledge(st, seq);
	if (rtt_us >= 0)
		add_sample(st, rtt_us);
}

enum rx_class stats_count(struct ping_stats *st, uint16_t seq, bool corrupted,
			  int64_t rtt_us)
{
	enum rx_class cls = stats_classify(st, seq);

	if (cls != RX_UNKNOWN)
		count_class(st, seq, cls, corrupted, rtt_us);
	return cls;
}

/* Microseconds the two clocks' reads may round a user-space figure by. */
#define KERNEL_RTT_SLACK_US	50

int64_t stats_kernel_rtt_us(const struct ping_stats *st, uint16_t seq,
			    const struct rx_clock *clk, int64_t user_rtt_us)
{
	int64_t sent = st->slot[seq].sent_real_us;
	int64_t rtt;

	if (!clk->have_tx || !clk->have_stamp || clk->tx_real_us < sent)
		return -1;
	if (__builtin_sub_overflow(clk->stamp_real_us, clk->tx_real_us, &rtt) || rtt < 0 ||
	    rtt > user_rtt_us + KERNEL_RTT_SLACK_US)
		return -1;
	return rtt;
}

struct rx_answer stats_answer(struct ping_stats *st, uint16_t seq, bool corrupted,
			      const struct rx_clock *clk)
{
	struct rx_answer a = { .cls = stats_classify(st, seq), .rtt_us = -1, .send_delay_us = -1 };

	if (a.cls == RX_UNKNOWN)
		return a;
	if (clk) {
		int64_t k;

		a.rtt_us = stats_rtt_us(st, seq, clk->now_mono_us, clk->now_real_us,
					clk->have_stamp, clk->stamp_real_us);
		k = stats_kernel_rtt_us(st, seq, clk, a.rtt_us);
		if (k >= 0) {
			a.rtt_us = k;
			a.send_delay_us = clk->tx_real_us - st->slot[seq].sent_real_us;
		}
	}
	count_class(st, seq, a.cls, corrupted, a.rtt_us);
	return a;
}

int64_t stats_sent_real_us(const struct ping_stats *st, uint16_t seq)
{
	return st->slot[seq].sent_real_us;
}

uint64_t stats_in_flight(const struct ping_stats *st)
{
	uint16_t ahead = (uint16_t)((uint16_t)st->transmitted - st->acked);
	uint64_t done = st->received + st->errors;

	if (ahead <= PIPE_WINDOW)
		return ahead;
	return st->transmitted > done ? st->transmitted - done : 0;
}

/* Counts an ICMP or local error about one of our requests. */
void stats_acknowledge(struct ping_stats *st, uint16_t seq)
{
	acknowledge(st, seq);
}

void stats_error(struct ping_stats *st, uint16_t seq, bool acknowledges)
{
	st->errors++;
	if (acknowledges)
		acknowledge(st, seq);
}

/*
 * Integer square root of v, except that v = n*n - 1 gives n: iputils takes
 * the value where its Newton iteration stops falling, which for those v
 * is one above the floor.  Doing the same keeps mdev equal to iputils' for
 * the same samples.
 */
static struct u128 mdev_sqrt(struct u128 v)
{
	struct u128 r = { 0, 0 }, bit;
	unsigned n = u128_bits(v);

	if (n == 0)
		return r;
	/* the highest power of 4 not above v */
	bit = u128_shl(u128_of(1), (n - 1) & ~1u);
	while (bit.hi | bit.lo) {
		struct u128 r_bit = u128_add(r, bit, NULL);

		if (!u128_lt(v, r_bit)) {
			v = u128_sub(v, r_bit);
			r = u128_add(u128_shr(r, 1), bit, NULL);
		} else {
			r = u128_shr(r, 1);
		}
		bit = u128_shr(bit, 2);
	}
	/* v now holds the remainder v - r*r; it is 2r exactly when v+1 = (r+1)^2 */
	if ((r.hi | r.lo) && u128_eq(v, u128_shl(r, 1)))
		r = u128_add(r, u128_of(1), NULL);
	return r;
}

/*
 * min/avg/max/mdev in microseconds, as iputils computes them: avg is
 * truncated, and the variance is (sum2 - sum^2/n) / n, the order that
 * keeps small RTTs exact (44, 44, 124 us give mdev 37, not 38).  The 128-bit
 * arithmetic (u128.h) cannot overflow; the clamps only matter once a sum has
 * saturated, since true figures always lie within them.
 */
void stats_summary(const struct ping_stats *st, struct rtt_summary *out)
{
	struct u128 sq_over_n, var, mdev, spread;
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

	sq_over_n = u128_div64(u128_mul64(st->sum_us, st->sum_us), st->timed, NULL);
	var = u128_lt(sq_over_n, st->sum2_us2) ?
	    u128_div64(u128_sub(st->sum2_us2, sq_over_n), st->timed, NULL) : u128_of(0);
	mdev = mdev_sqrt(var);
	spread = u128_of((uint64_t)(st->max_us - st->min_us));
	if (u128_lt(spread, mdev))
		mdev = spread;
	out->mdev_us = (int64_t)mdev.lo;
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

/* A binary floating-point value, m x 2^e, worked in integers. */
struct binfp {
	uint64_t m;
	int e;
};

/*
 * m x 2^e rounded to p significant bits, to nearest, ties to even, as IEEE
 * arithmetic rounds.  sticky says that nonzero bits were cut off below m
 * already; it only matters when m has more than p bits, as every caller's
 * does when it passes one.
 */
static struct binfp round_bits(uint64_t m, int e, bool sticky, unsigned p)
{
	unsigned n = m ? 64u - (unsigned)__builtin_clzll(m) : 0;
	struct binfp r = { m, e };
	uint64_t rest, half;
	unsigned drop;

	if (n <= p)
		return r;
	drop = n - p;
	rest = m & ((UINT64_C(1) << drop) - 1);
	half = UINT64_C(1) << (drop - 1);
	r.m = m >> drop;
	r.e = e + (int)drop;
	if (rest > half || (rest == half && (sticky || (r.m & 1)))) {
		r.m++;
		if (r.m >> p) {
			r.m >>= 1;
			r.e++;
		}
	}
	return r;
}

/* m shifted left to exactly 53 significant bits (m > 0), e adjusted. */
static struct binfp normalize53(struct binfp v)
{
	unsigned n = 64u - (unsigned)__builtin_clzll(v.m);

	v.m <<= 53 - n;
	v.e -= (int)(53 - n);
	return v;
}

/*
 * (float)((double)lost * 100.0 / (double)total), lost <= total, total > 0:
 * the same three roundings to double's 53 bits and the final one to
 * float's 24, on integers.  The quotient of two 53-bit significands is
 * taken to 62 or 63 bits plus a sticky remainder, more than rounding to
 * 53 bits needs.  Scaling the float by halving or doubling is exact.
 */
static double loss_as_float(uint64_t lost, uint64_t total)
{
	struct binfp d = round_bits(lost, 0, false, 53);
	struct binfp t = normalize53(round_bits(total, 0, false, 53));
	struct binfp a, q, f;
	struct u128 quot;
	uint64_t rem;
	double v;

	if (lost == 0)
		return 0.0;
	a = normalize53(round_bits(d.m * 100, d.e, false, 53));
	quot = u128_div64(u128_shl(u128_of(a.m), 62), t.m, &rem);
	q = round_bits(quot.lo, a.e - t.e - 62, rem != 0, 53);
	f = round_bits(q.m, q.e, false, 24);
	v = (double)f.m;
	for (; f.e < 0; f.e++)
		v *= 0.5;
	for (; f.e > 0; f.e--)
		v *= 2.0;
	return v;
}

/* Loss in percent for the summary; never negative, since received <= transmitted. */
double stats_loss_percent(const struct ping_stats *st)
{
	if (st->transmitted == 0 || st->received > st->transmitted)
		return 0.0;
	return loss_as_float(st->transmitted - st->received, st->transmitted);
}

uint64_t stats_loss_whole_percent(const struct ping_stats *st)
{
	if (st->transmitted == 0 || st->received > st->transmitted)
		return 0;
	return u128_div64(u128_mul64(st->transmitted - st->received, 100),
			  st->transmitted, NULL).lo;
}

/*
 * The histogram bucket of v >= 0: v itself below 2 x STATS_HIST_SUB; above,
 * the top STATS_HIST_SUB_BITS + 1 bits of v, offset by its scale.  The
 * buckets of one power of two follow those of the one below.
 */
static unsigned hist_index(int64_t v)
{
	unsigned top = 63u - (unsigned)__builtin_clzll((uint64_t)v | 1);
	unsigned shift = top > STATS_HIST_SUB_BITS ? top - STATS_HIST_SUB_BITS : 0;

	return shift * STATS_HIST_SUB + (unsigned)((uint64_t)v >> shift);
}

/* The middle of bucket i: the value that stands for its samples. */
static int64_t hist_middle(unsigned i)
{
	unsigned shift = i < 2 * STATS_HIST_SUB ? 0 : i / STATS_HIST_SUB - 1;
	uint64_t low = (uint64_t)(i - shift * STATS_HIST_SUB) << shift;

	return (int64_t)(low + ((1ull << shift) >> 1));
}

/*
 * Adds a timed sample (counted in timed already) to the histogram and the
 * IPDV sum.  A constant number of operations, whatever the run's length.
 */
static void extra_sample(struct ping_stats *st, int64_t rtt_us)
{
	st->rtt_hist[hist_index(rtt_us)]++;
	if (st->timed > 1) {
		int64_t d = rtt_us - st->prev_rtt_us;

		st->ipdv_sum_us = add_sat_u64(st->ipdv_sum_us,
		    (uint64_t)(d < 0 ? -d : d));
	}
	st->prev_rtt_us = rtt_us;
}

/* Ends the open burst at end_mono_us; it becomes the longest if it is longer. */
static void burst_close(struct burst_track *b, int64_t end_mono_us)
{
	int64_t d;

	if (__builtin_sub_overflow(end_mono_us, b->open.first_sent_mono_us, &d) || d < 0)
		d = 0;
	b->open.duration_us = d;
	if (b->open.count > b->longest.count)
		b->longest = b->open;
	b->open.count = 0;
}

/*
 * Feeds the final fate of the request last sent with seq, in send order:
 * a loss extends the open burst, an answer closes it.  Reads the slot only
 * where a burst starts or ends.
 */
static void burst_feed(struct burst_track *b, const struct ping_stats *st,
		       uint16_t seq)
{
	if (bit_test(st, SEQ_ANSWERED, seq)) {
		if (b->open.count)
			burst_close(b, st->slot[seq].sent_mono_us);
		return;
	}
	if (b->open.count++ == 0) {
		b->open.first_seq = seq;
		b->open.first_sent_mono_us = st->slot[seq].sent_mono_us;
	}
}

/*
 * Before seq is sent again, the fate of its previous request is final:
 * no answer can count for it any more.  Sent in order, the sequences come
 * back in send order, so the burst tracker sees every request once.
 */
static void burst_on_send(struct ping_stats *st, uint16_t seq, int64_t mono_us)
{
	if (bit_test(st, SEQ_SENT, seq))
		burst_feed(&st->bursts, st, seq);
	st->last_sent_seq = seq;
	st->last_sent_mono_us = mono_us;
}

/*
 * The nearest-rank percentiles p50, p90, p99 in one walk over the
 * histogram, each the middle of its bucket kept within [min, max]; the
 * top rank (p99 of fewer than 100 samples) is the maximum itself.
 */
static void extra_percentiles(const struct ping_stats *st, struct extra_stats *out)
{
	static const unsigned pct[3] = { 50, 90, 99 };
	int64_t *fig[3] = { &out->p50_us, &out->p90_us, &out->p99_us };
	uint64_t rank[3];
	uint64_t seen = 0;
	unsigned k = 0;

	/* ceil(timed * p / 100), split so that no product can overflow */
	for (unsigned j = 0; j < 3; j++)
		rank[j] = st->timed / 100 * pct[j] + (st->timed % 100 * pct[j] + 99) / 100;
	for (unsigned i = 0; i < STATS_HIST_BUCKETS && k < 3; i++) {
		seen += st->rtt_hist[i];
		for (; k < 3 && seen >= rank[k]; k++) {
			int64_t v = hist_middle(i);

			if (rank[k] == st->timed)
				v = st->max_us;
			*fig[k] = v < st->min_us ? st->min_us :
			    v > st->max_us ? st->max_us : v;
		}
	}
}

/* See stats.h: percentiles, jitter and the longest loss burst. */
void stats_extra(const struct ping_stats *st, int64_t interval_us,
		 struct extra_stats *out)
{
	struct burst_track b = st->bursts;
	uint64_t n = st->transmitted < PING_SEQ_SPACE ? st->transmitted : PING_SEQ_SPACE;
	uint16_t seq = (uint16_t)(st->last_sent_seq - n + 1);

	memset(out, 0, sizeof(*out));
	out->have_percentiles = st->timed > 0;
	if (out->have_percentiles)
		extra_percentiles(st, out);
	out->have_jitter = st->timed > 1;
	if (out->have_jitter) {
		uint64_t j = st->ipdv_sum_us / (st->timed - 1);
		uint64_t span = (uint64_t)(st->max_us - st->min_us);

		out->jitter_us = (int64_t)(j < span ? j : span);
	}
	for (uint64_t i = 0; i < n; i++, seq++)
		if (bit_test(st, SEQ_SENT, seq))
			burst_feed(&b, st, seq);
	if (b.open.count) {
		int64_t end;

		if (__builtin_add_overflow(st->last_sent_mono_us, interval_us, &end))
			end = INT64_MAX;
		burst_close(&b, end);
	}
	out->burst_count = b.longest.count;
	out->burst_first_seq = b.longest.first_seq;
	out->burst_last_seq = (uint16_t)(b.longest.first_seq + b.longest.count - 1);
	out->burst_duration_us = b.longest.duration_us;
}
