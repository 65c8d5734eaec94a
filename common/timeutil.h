/* Time arithmetic in integer microseconds.  Pure: the clocks are read in ping/sys/clock.c. */
#ifndef PINGSOCK_TIMEUTIL_H
#define PINGSOCK_TIMEUTIL_H

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

static inline struct timeval us_to_tv(int64_t us)
{
	struct timeval tv = { .tv_sec = us / 1000000, .tv_usec = us % 1000000 };
	return tv;
}

#endif
