/* Counters, sequence tracking and round-trip statistics.  Pure. */
#ifndef PINGSOCK_STATS_H
#define PINGSOCK_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "u128.h"

#define PING_SEQ_SPACE	65536

enum { SEQ_SENT, SEQ_ANSWERED };

struct seq_slot {
	int64_t sent_mono_us;		/* CLOCK_MONOTONIC at send */
	int64_t sent_real_us;		/* CLOCK_REALTIME at send, as written into the payload */
};

/*
 * The round-trip histogram: values below STATS_HIST_SUB have a bucket each;
 * above, each power of two [2^k, 2^(k+1)) is cut into STATS_HIST_SUB equal
 * buckets of width 2^(k-6), so a bucket is never wider than 1/64 of its
 * lowest value.  58 x 64 buckets cover every int64_t >= 0.
 */
#define STATS_HIST_SUB_BITS	6
#define STATS_HIST_SUB		(1 << STATS_HIST_SUB_BITS)
#define STATS_HIST_BUCKETS	(STATS_HIST_SUB * (64 - STATS_HIST_SUB_BITS))

/* A run of consecutive lost requests, in send order. */
struct loss_burst {
	uint64_t count;			/* 0: none */
	uint16_t first_seq;
	int64_t first_sent_mono_us;
	int64_t duration_us;		/* set when the run is closed */
};

struct burst_track {
	struct loss_burst open;		/* the run still growing */
	struct loss_burst longest;	/* the first longest closed one */
};

struct ping_stats {
	uint64_t transmitted;
	uint64_t received;		/* distinct sequences answered (not duplicates, not corrupted) */
	uint64_t duplicates;
	uint64_t corrupted;		/* bad checksum (raw IPv4) */
	uint64_t errors;		/* ICMP errors and local errors about our requests */
	uint64_t timed;			/* replies, duplicates included, that entered the RTT sums */
	int64_t min_us, max_us;
	uint64_t sum_us;
	struct u128 sum2_us2;		/* sum of squares, saturating */
	int64_t ewma_x8_us;		/* 8 x the moving average, seeded with 8 x the first RTT */
	uint64_t pipe;			/* most requests in flight seen at an answer */
	uint16_t acked;			/* the highest sequence acknowledged (see stats_in_flight) */
	uint16_t last_sent_seq;
	int64_t last_sent_mono_us;
	/* The extra figures (see stats_extra), kept in O(1) per event. */
	int64_t prev_rtt_us;		/* the latest timed sample, for the IPDV */
	uint64_t ipdv_sum_us;		/* sum of |rtt - previous rtt|, saturating */
	struct burst_track bursts;	/* fates of requests whose sequence was reused */
	/*
	 * The tables last, each from its low end: a short run (low sequences,
	 * round trips under a few milliseconds) makes few pages resident.
	 */
	uint64_t rtt_hist[STATS_HIST_BUCKETS];	/* timed samples by log-linear bucket */
	/*
	 * Bit seq % 8 of seq_bits[seq / 8][SEQ_SENT]: seq was sent at least
	 * once; of [SEQ_ANSWERED]: answered since its last send.  Side by
	 * side, so that a send and its answer touch one byte pair.
	 */
	uint8_t seq_bits[PING_SEQ_SPACE / 8][2];
	struct seq_slot slot[PING_SEQ_SPACE];
};

enum rx_class {
	RX_NEW,		/* first answer to a sequence we sent */
	RX_DUPLICATE,	/* that sequence was answered already */
	RX_UNKNOWN,	/* a sequence we never sent: not to be counted */
};

void stats_init(struct ping_stats *st);

/* Records the send of seq: its times, transmitted+1, its answered bit cleared. */
void stats_sent(struct ping_stats *st, uint16_t seq, int64_t mono_us,
		int64_t real_us);

/* How an answer for seq is to be counted; changes nothing. */
enum rx_class stats_classify(const struct ping_stats *st, uint16_t seq);

/* Whether seq has been answered since it was last sent (-O). */
bool stats_answered(const struct ping_stats *st, uint16_t seq);

/*
 * The round-trip time of an answer to seq, from our own record of the
 * send: the monotonic time elapsed since the send, less the time the
 * answer waited in the kernel when a receive stamp (realtime) is given and
 * plausible.  Never negative.  user_latency (-U) ignores the stamp.
 */
int64_t stats_rtt_us(const struct ping_stats *st, uint16_t seq,
		     int64_t now_mono_us, int64_t now_real_us,
		     bool have_stamp, int64_t stamp_real_us);

/*
 * Counts an answer to seq, classified afresh from the bitmaps (an answer
 * to a sequence never sent changes nothing), and returns its class.
 * RX_NEW: received+1 and seq marked answered; RX_DUPLICATE: duplicates+1.
 * corrupted replaces both with corrupted+1.  rtt_us >= 0 enters min, max,
 * sums and the EWMA; a negative rtt_us (truncated reply, no timing) does not.
 */
enum rx_class stats_count(struct ping_stats *st, uint16_t seq, bool corrupted,
			  int64_t rtt_us);

/* When an answer arrived, for its round-trip time (see stats_rtt_us). */
struct rx_clock {
	int64_t now_mono_us, now_real_us;
	bool have_stamp;		/* the kernel's receive stamp, realtime */
	int64_t stamp_real_us;
	bool have_tx;			/* the kernel's transmit stamp of the request, realtime */
	int64_t tx_real_us;
};

struct rx_answer {
	enum rx_class cls;
	int64_t rtt_us;			/* -1: untimed */
	int64_t send_delay_us;		/* kernel transmit stamp - user send time; -1: not used */
};

/*
 * The round trip between the kernel's stamps: receive stamp - transmit
 * stamp, the network's time (neighbour resolution, the system call and
 * the process being preempted left out).  Used only when both stamps are
 * there and consistent with our own record: the transmit stamp not before
 * the request was sent (a stamp of another request, or a clock step), and
 * the result not beyond user_rtt_us, the time measured from user space,
 * by more than a clock read's rounding.  Returns -1 otherwise.
 */
int64_t stats_kernel_rtt_us(const struct ping_stats *st, uint16_t seq,
			    const struct rx_clock *clk, int64_t user_rtt_us);

/*
 * The one call a reply makes: its RTT from our send record when clk is
 * given (a timed, whole reply) and the sequence was sent, then
 * stats_count.  RX_UNKNOWN changes nothing.
 */
struct rx_answer stats_answer(struct ping_stats *st, uint16_t seq, bool corrupted,
			      const struct rx_clock *clk);

/* The CLOCK_REALTIME send time of seq, as written into its payload. */
int64_t stats_sent_real_us(const struct ping_stats *st, uint16_t seq);

/*
 * Requests in flight, as iputils counts them: those sent after the highest
 * sequence acknowledged (answered, duplicates included, or reported
 * failed).  A lost request stops counting once a later one is answered, so
 * a flood's window never stays full of losses.  When that sequence is more
 * than half the 16-bit space behind (nothing acknowledged for 32768
 * requests), the count falls back to transmitted - received - errors.
 */
uint64_t stats_in_flight(const struct ping_stats *st);

/*
 * Acknowledges seq without counting anything: a raw IPv4 socket's copy of
 * an ICMP error about it, as iputils' IPv4 code does.
 */
void stats_acknowledge(struct ping_stats *st, uint16_t seq);

/*
 * Counts an error about seq (errors+1); when it acknowledges seq (see
 * struct ping_family), the pipe figure and the requests in flight follow.
 */
void stats_error(struct ping_stats *st, uint16_t seq, bool acknowledges);

struct rtt_summary {
	bool valid;			/* timed > 0 */
	int64_t min_us, avg_us, max_us, mdev_us, ewma_us;
};

/* avg = sum / timed, mdev = integer sqrt(sum2/timed - avg^2), ewma = ewma_x8/8. */
void stats_summary(const struct ping_stats *st, struct rtt_summary *out);

/*
 * iputils' exit rule: 1 when nothing was received, or when a deadline was
 * given and fewer than count replies came; 0 otherwise.
 */
int stats_exit_status(const struct ping_stats *st, uint64_t count,
		      long deadline_s);

/*
 * Loss in percent, (transmitted - received) * 100 / transmitted; 0 when
 * nothing was sent.  The value is the one iputils prints, (float) of that
 * expression in IEEE double arithmetic (the count converted, times 100,
 * divided by the converted total, each step rounded to nearest even), but
 * worked out in integers: a float, exactly the same on every architecture,
 * whether or not its floating point keeps excess precision (i386's x87).
 */
double stats_loss_percent(const struct ping_stats *st);

/* Loss in whole percent, truncated (the SIGQUIT line); 0 when nothing was sent. */
uint64_t stats_loss_whole_percent(const struct ping_stats *st);

/* The figures iputils lacks; read by stats_extra. */
struct extra_stats {
	bool have_percentiles;		/* timed > 0 */
	int64_t p50_us, p90_us, p99_us;
	bool have_jitter;		/* timed > 1 */
	int64_t jitter_us;
	uint64_t burst_count;		/* 0: no request lost */
	uint16_t burst_first_seq, burst_last_seq;
	int64_t burst_duration_us;
};

/*
 * The extra figures, read-only; all over the samples that enter min/avg/max
 * (timed replies, duplicates included, in arrival order).
 *
 * p50/p90/p99: the nearest-rank percentile (the sample of rank
 * ceil(p * timed / 100) in ascending order), read from the histogram: the
 * middle of that sample's bucket, kept within [min, max]; the rank of the
 * last sample gives max exactly.  The error is at most half a bucket:
 * exact below 128 us, within 1/128 (0.8 %) above.
 *
 * jitter: the mean absolute difference between consecutive samples
 * (RFC 3393 / RFC 5481 IPDV), truncated to whole microseconds.
 *
 * burst: the longest run of consecutive lost requests in send order (the
 * first one when several are as long).  A request is lost when no reply
 * counted it as received (an ICMP error or a corrupted reply does not):
 * the loss figure's transmitted - received, request by request.  Requests
 * not answered yet count as lost, as they do in the loss figure.  Its
 * duration runs from the send of its first request to the send of the
 * request after it, or, when it reaches the latest request, to the latest
 * send plus interval_us.  Sequences are taken to go out in order (the k-th
 * request has sequence k mod 2^16), so runs longer than the sequence space
 * are followed too; first and last are 16-bit sequences, last = first +
 * count - 1 modulo 2^16.  Costs one pass over the latest 65536 sends at
 * most; allocates nothing.
 */
void stats_extra(const struct ping_stats *st, int64_t interval_us,
		 struct extra_stats *out);

#endif
