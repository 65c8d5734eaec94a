/*
 * The kernel's transmit stamps of our requests, matched to their sequence
 * numbers.  Pure bookkeeping.
 *
 * With SO_TIMESTAMPING and SOF_TIMESTAMPING_OPT_ID the kernel stamps each
 * request when it enters the device queue (SCM_TSTAMP_SCHED: after
 * neighbour resolution, before the queueing discipline) and reports the
 * stamp on the error queue under a 32-bit key.  The key is ours when each
 * sendmsg carries SCM_TS_OPT_ID (Linux 6.13 and later, honoured by ICMP
 * datagram and raw sockets of both families); otherwise the kernel numbers
 * the stamped sends of the socket 0, 1, 2, ... in the order they were
 * queued, and we number our successful sends the same way: key k is the
 * k-th request that left without error.  Our own keys number every send
 * attempt instead, so that a stamp of a send that failed late (a queue
 * drop) can never share a key with the next request.
 *
 * With the kernel's numbering, a kernel may consume a key for a send that
 * then failed (older kernels did for some errors): every later key is
 * then ahead of ours.  Keys grow in send order, so a stamp whose key is
 * beyond the latest send we made can only be that latest send's: the
 * difference is taken as the new shift.  A stamp of a request sent before
 * that point may carry either shift, so from then on such stamps are
 * dropped (those requests are timed from user space): a stamp is never
 * taken for an earlier request than its own, which would shorten a round
 * trip.  With our own keys nothing is ever shifted.  A stamp that maps to no request still in flight under its
 * sequence (a late stamp of an earlier turn of the 16-bit sequence, or of
 * a failed send) is dropped.  What a stamp may time is checked again when
 * the reply comes (stats_rtt_us): a stamp from before its request was sent
 * is never used.
 */
#ifndef PINGSOCK_TXSTAMP_H
#define PINGSOCK_TXSTAMP_H

#include <stdbool.h>
#include <stdint.h>

#define TXS_SLOTS	65536

/*
 * One slot holds what is known of a sequence and, in key_seq, which
 * sequence a key (mod 2^16) was sent under.  Keys and sequences advance
 * together, so a run's sends touch one region of the table, not four:
 * a short run makes one page of it resident, a flood reads one stream.
 */
struct txs_slot {
	int64_t stamp_us;		/* sequence -> the kernel's stamp (CLOCK_REALTIME); 0: none */
	uint32_t seq_key;		/* sequence -> our key of its latest send */
	uint16_t key_seq;		/* our key (mod 2^16) -> the sequence sent under it */
	bool keyed;			/* sequence -> its latest send has a key */
};

struct tx_stamps {
	bool own_keys;			/* each sendmsg carries its key (SCM_TS_OPT_ID) */
	uint32_t next_key;		/* our key for the next send */
	uint32_t shift;			/* kernel key - our key, modulo 2^32 */
	uint32_t floor;			/* our keys below it predate the latest shift */
	struct txs_slot slot[TXS_SLOTS];
};

/* A run's table: own_keys when each sendmsg will carry its key. */
void txs_init(struct tx_stamps *t, bool own_keys);

/* The kernel refused SCM_TS_OPT_ID: from now on it numbers the stamps. */
void txs_kernel_keys(struct tx_stamps *t);

/*
 * A request with sequence seq left without error: returns the key it is
 * stamped under (our key: what SCM_TS_OPT_ID carries), its old stamp gone.
 */
uint32_t txs_sent(struct tx_stamps *t, uint16_t seq);

/*
 * The key the next successful send will have, for the SCM_TS_OPT_ID of
 * the sendmsg that makes it.
 */
uint32_t txs_next_key(const struct tx_stamps *t);

/*
 * A send of seq failed (counted as sent, or not): it has no stamp; with our
 * own keys its key is spent.
 */
void txs_failed(struct tx_stamps *t, uint16_t seq);

/*
 * The kernel reported stamp_us for kernel key kkey: records it for its
 * request and returns true with *seq set, or false when it maps to none.
 */
bool txs_stamp(struct tx_stamps *t, uint32_t kkey, int64_t stamp_us, uint16_t *seq);

/* The transmit stamp of seq's latest send, if the kernel reported one. */
bool txs_get(const struct tx_stamps *t, uint16_t seq, int64_t *stamp_us);

#endif
