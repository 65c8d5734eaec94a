#include "pace.h"

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* preload requests' worth of credit; preload is at least 1. */
static int64_t cap_us(int64_t interval_us, int preload)
{
	return interval_us * (preload > 1 ? preload : 1);
}

void pace_start(struct pace *p, int64_t now_us, int64_t interval_us, int preload)
{
	p->empty_at_us = now_us - cap_us(interval_us, preload);
	p->hold_until_us = now_us;
	p->last_send_us = now_us;
	p->no_buffer = 0;
}

int64_t pace_due_us(const struct pace *p, int64_t interval_us, int preload, uint64_t in_flight)
{
	int64_t due;

	if (interval_us > 0)
		due = p->empty_at_us + interval_us;
	else if (in_flight < (uint64_t)(preload > 1 ? preload : 1))
		due = p->hold_until_us;
	else
		due = p->last_send_us + PACE_FLOOD_US;
	return max64(due, p->hold_until_us);
}

/*
 * The credit at now is now - empty_at, capped; a request spends one
 * interval of it, so the bucket is empty again an interval later than it
 * was, or than the cap allows.
 */
void pace_sent(struct pace *p, int64_t now_us, int64_t interval_us, int preload)
{
	p->empty_at_us = max64(p->empty_at_us, now_us - cap_us(interval_us, preload)) + interval_us;
	p->last_send_us = now_us;
	p->no_buffer = 0;
}

void pace_failed(struct pace *p, int64_t now_us, int64_t interval_us, int preload, int counted)
{
	if (!counted) {
		p->hold_until_us = now_us + PACE_FLOOD_US;
		return;
	}
	(void)preload;		/* the credit is gone whatever its cap */
	p->last_send_us = now_us;
	p->empty_at_us = now_us;
	p->hold_until_us = now_us + max64(interval_us, PACE_FLOOD_US);
}

bool pace_no_buffer(struct pace *p, int64_t now_us, int64_t interval_us, int preload,
		    int64_t linger_ms)
{
	int64_t retry_ms = interval_us / 1000 / 2;

	if (retry_ms < PACE_FLOOD_US / 1000)
		retry_ms = PACE_FLOOD_US / 1000;
	if (retry_ms > 500)
		retry_ms = 500;
	p->no_buffer++;
	if ((int64_t)p->no_buffer * retry_ms < linger_ms) {
		p->empty_at_us = now_us;
		p->hold_until_us = now_us + retry_ms * 1000;
		return false;
	}
	pace_failed(p, now_us, interval_us, preload, 1);
	return true;
}

void pace_retry_now(struct pace *p)
{
	p->hold_until_us = 0;
}
