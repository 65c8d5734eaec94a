/*
 * What a user without privileges may ask: every rule in one table.  Pure.
 *
 * The rules are checked at three moments, as iputils checks them, because
 * the moment shows: whether the "PING" header line was printed first.
 */
#ifndef PINGSOCK_USERLIMITS_H
#define PINGSOCK_USERLIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

enum limits_stage {
	LIMITS_OPTIONS,		/* the options are read; no socket yet */
	LIMITS_DESTINATION,	/* the destination is chosen; before the header line */
	LIMITS_RATE,		/* the header line is out; before the first request */
};

enum limits_rule {
	LIMITS_OK,
	LIMITS_PRELOAD,		/* -l above 3 */
	LIMITS_BROADCAST_INTERVAL, /* IPv4 -b or multicast below 1 s */
	LIMITS_MULTICAST6_INTERVAL, /* IPv6 multicast below 1 s */
	LIMITS_BROADCAST_FRAG,	/* IPv4 -b or multicast with -M other than do */
	LIMITS_MULTICAST6_FRAG,	/* IPv6 multicast with -M other than do */
	LIMITS_FLOOD,		/* an interval below 2 ms (a flood without -i is 0) */
	LIMITS_INTERVAL_OVERFLOW, /* interval (ms) x preload beyond an int; root too */
};

/* What the rules look at. */
struct limits_facts {
	const struct ping_config *cfg;
	bool real_root;		/* the real user is root: only the overflow rule applies */
	int af;			/* the destination's family (later stages) */
	bool multicast;		/* the destination is multicast (or 255.255.255.255) */
};

/*
 * Whether the run is a group run, as iputils decides it: IPv4 with -b or
 * to a multicast group, IPv6 to a multicast group.  A group run has the
 * group limits, is never fragmented (no -M means do) and expects several
 * repliers (no DUP! or DIFFERENT ADDRESS! without -v).
 */
bool limits_group_run(const struct limits_facts *f);

/* The first rule of stage that f breaks, or LIMITS_OK. */
enum limits_rule limits_check(enum limits_stage stage, const struct limits_facts *f);

/*
 * The message for a broken rule (translated, without the program name),
 * written into buf like snprintf; f gives the values it quotes.
 */
void limits_message(enum limits_rule rule, const struct limits_facts *f, char *buf, size_t len);

/* The exit status for a broken rule: 2, a usage error, for all of them. */
int limits_exit_status(enum limits_rule rule);

/* The interval asked for, in microseconds: -i in whole ms, or 0 for a flood without -i. */
int64_t limits_user_interval_us(const struct ping_config *cfg);

/* The shortest interval -A may adapt down to: 2 ms for a user, none for root. */
int64_t limits_min_interval_us(bool real_root);

#endif
