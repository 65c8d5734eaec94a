/* Time arithmetic in integer microseconds.  Pure: the clocks are read in ping/sys/clock.c. */
#ifndef PINGSOCK_TIMEUTIL_H
#define PINGSOCK_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <sys/time.h>

static inline int64_t ts_to_us(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000 + ts->tv_nsec / 1000;
}

static inline int64_t tv_to_us(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000000 + tv->tv_usec;
}

/* The largest whole second whose microsecond count, plus 999999, fits an int64_t. */
#define TIMEUTIL_MAX_SEC	(INT64_MAX / 1000000 - 1)

/*
 * tv in microseconds when it is a time since the epoch that the int64_t
 * microsecond count can hold: tv_sec in [0, TIMEUTIL_MAX_SEC], tv_usec in
 * [0, 999999].  False otherwise (a forged or garbled stamp).  The second
 * count is widened first, so this compiles to the same check whatever
 * the width of time_t.
 */
static inline bool tv_to_us_checked(const struct timeval *tv, int64_t *us)
{
	int64_t sec = tv->tv_sec, usec = tv->tv_usec;

	if (sec < 0 || sec > TIMEUTIL_MAX_SEC || usec < 0 || usec >= 1000000)
		return false;
	*us = sec * 1000000 + usec;
	return true;
}

static inline struct timeval us_to_tv(int64_t us)
{
	struct timeval tv = { .tv_sec = us / 1000000, .tv_usec = us % 1000000 };
	return tv;
}

#endif
