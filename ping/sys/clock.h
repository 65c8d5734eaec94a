/* The clocks: the only place that reads the time. */
#ifndef PINGSOCK_CLOCK_H
#define PINGSOCK_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Current time of a clock in microseconds. */
int64_t clock_now_us(clockid_t clk);

#endif
