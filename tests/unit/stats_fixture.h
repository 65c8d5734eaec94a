/*
 * The cmocka fixture of the statistics tests: one struct ping_stats per
 * test, on the heap (it is over a megabyte: never on the stack).
 * Test-only.
 */
#ifndef PINGSOCK_TEST_STATS_FIXTURE_H
#define PINGSOCK_TEST_STATS_FIXTURE_H

#include <stdlib.h>

#include "stats.h"

static int setup(void **state)
{
	struct ping_stats *st = malloc(sizeof(*st));

	if (!st)
		return -1;
	stats_init(st);
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

#endif
