/*
 * When the next request may go: iputils' rate rule, pure.
 *
 * With an interval, a token bucket: a request costs one interval's worth
 * of credit, credit grows with time and is capped at preload requests'
 * worth.  A run starts with the cap (the -l burst); after a stall (the
 * process stopped, the machine suspended) one request goes at once and
 * the next an interval later, or up to preload of them back to back,
 * never the whole backlog.  The interval may change between requests
 * (-A): the credit is kept as the time the bucket was last empty.
 *
 * Without an interval (-f, -i 0) requests go while fewer than preload are
 * in flight, and otherwise one every PACE_FLOOD_US, so that a flood with
 * no answers is held to 100 requests a second.
 */
#ifndef PINGSOCK_PACE_H
#define PINGSOCK_PACE_H

#include <stdbool.h>
#include <stdint.h>

#define PACE_FLOOD_US	10000

struct pace {
	int64_t empty_at_us;	/* when the bucket was (or would have been) empty */
	int64_t hold_until_us;	/* no request before this (after a failed send) */
	int64_t last_send_us;	/* the latest request counted as sent */
	unsigned no_buffer;	/* sends in a row that found no buffer space */
};

/* A run starting at now_us, the bucket full. */
void pace_start(struct pace *p, int64_t now_us, int64_t interval_us, int preload);

/*
 * The earliest time the next request may go, given how many are in
 * flight: a time at or before now_us means now.
 */
int64_t pace_due_us(const struct pace *p, int64_t interval_us, int preload, uint64_t in_flight);

/* A request went (or failed in a way that counts it) at now_us: its credit is spent. */
void pace_sent(struct pace *p, int64_t now_us, int64_t interval_us, int preload);

/*
 * A send failed at now_us.  counted: the request was counted as sent
 * (a hard error): the bucket is emptied and nothing goes for an interval,
 * at least PACE_FLOOD_US.  Otherwise (no buffer space) the request is
 * tried again after PACE_FLOOD_US, with its credit kept.
 */
void pace_failed(struct pace *p, int64_t now_us, int64_t interval_us, int preload, int counted);

/*
 * A send found no buffer space at now_us (ENOBUFS or ENOMEM: requests wait
 * for a neighbour, or the device's queue is full), iputils' rule: the
 * credit is spent and the request is tried again, uncounted, after half
 * an interval (10 ms to 500 ms), until such tries in a row have been
 * given linger_ms (-W, in whole milliseconds) in all.  Then the request
 * is counted as sent, a hard error to report, and nothing goes for an
 * interval (pace_failed, counted): returns true.
 */
bool pace_no_buffer(struct pace *p, int64_t now_us, int64_t interval_us, int preload,
		    int64_t linger_ms);

/*
 * The send buffer that was full has room again: the request held back by
 * an uncounted failure may go now rather than after PACE_FLOOD_US (iputils'
 * send, which blocks, goes on at that moment).
 */
void pace_retry_now(struct pace *p);

#endif
