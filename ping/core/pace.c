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

void pace_retry_now(struct pace *p)
{
	p->hold_until_us = 0;
}
