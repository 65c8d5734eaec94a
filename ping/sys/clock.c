#include "clock.h"
#include "timeutil.h"

int64_t clock_now_us(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts_to_us(&ts);
}
