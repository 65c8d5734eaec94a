#include <limits.h>
#include <stdio.h>
#include <sys/socket.h>

#include "userlimits.h"
#include "nls.h"
#include "textbuf.h"

#define USER_MIN_INTERVAL_US		2000
#define USER_MIN_GROUP_INTERVAL_US	1000000	/* broadcast and multicast */

struct limit {
	enum limits_stage stage;
	enum limits_rule rule;
	bool root_too;		/* a rule of the values, not of privilege */
	bool (*broken)(const struct limits_facts *f);
	const char *message;	/* N_(): translated when printed */
};

int64_t limits_user_interval_us(const struct ping_config *cfg)
{
	if (cfg->flood && !cfg->interval_set)
		return 0;
	return cfg->interval_ms * 1000;
}

int64_t limits_min_interval_us(bool real_root)
{
	return real_root ? 0 : USER_MIN_INTERVAL_US;
}

/* The first -l above the user maximum counts, whatever a later -l says. */
static bool preload_too_high(const struct limits_facts *f)
{
	return f->cfg->preload_high > CLI_USER_MAX_PRELOAD;
}

bool limits_group_run(const struct limits_facts *f)
{
	return f->multicast || (f->af == AF_INET && f->cfg->broadcast);
}

/* -M other than do (no -M is do for a group run). */
static bool fragments(const struct limits_facts *f)
{
	return f->cfg->pmtudisc != PMTUDISC_UNSET && f->cfg->pmtudisc != PMTUDISC_MODE_DO;
}

/*
 * The interval as -i set it (or the default): iputils checks a group run
 * before a flood's interval becomes 0, so -f alone towards a group is
 * refused later, after the header, as any user's flood.
 */
static bool group_too_fast(const struct limits_facts *f)
{
	return limits_group_run(f) && f->cfg->interval_ms * 1000 < USER_MIN_GROUP_INTERVAL_US;
}

static bool broadcast4_too_fast(const struct limits_facts *f)
{
	return f->af == AF_INET && group_too_fast(f);
}

static bool multicast6_too_fast(const struct limits_facts *f)
{
	return f->af == AF_INET6 && group_too_fast(f);
}

/* IPv4 words it for broadcast, multicast groups included, as iputils does. */
static bool broadcast4_fragments(const struct limits_facts *f)
{
	return f->af == AF_INET && limits_group_run(f) && fragments(f);
}

static bool multicast6_fragments(const struct limits_facts *f)
{
	return f->af == AF_INET6 && limits_group_run(f) && fragments(f);
}

static bool flood_too_fast(const struct limits_facts *f)
{
	return limits_user_interval_us(f->cfg) < USER_MIN_INTERVAL_US;
}

/* The interval in milliseconds, as iputils keeps it in an int (a flood's is 0). */
static int64_t interval_ms(const struct ping_config *cfg)
{
	return limits_user_interval_us(cfg) / 1000;
}

/* iputils refuses what its int arithmetic of interval x preload cannot hold. */
static bool interval_overflows(const struct limits_facts *f)
{
	int preload = f->cfg->preload > 1 ? f->cfg->preload : 1;

	return interval_ms(f->cfg) >= INT_MAX / preload;
}

/* In the order they are checked within a stage. */
static const struct limit limits[] = {
	{ LIMITS_OPTIONS, LIMITS_PRELOAD, false, preload_too_high,
	  N_("cannot set preload to value greater than 3: %d") },
	{ LIMITS_DESTINATION, LIMITS_BROADCAST_INTERVAL, false, broadcast4_too_fast,
	  N_("minimal interval for broadcast ping for user must be >= 1000 ms, use -i 1 (or higher)") },
	{ LIMITS_DESTINATION, LIMITS_MULTICAST6_INTERVAL, false, multicast6_too_fast,
	  N_("minimal interval for multicast ping for user must be >= 1000 ms, use -i 1 (or higher)") },
	{ LIMITS_DESTINATION, LIMITS_BROADCAST_FRAG, false, broadcast4_fragments,
	  N_("broadcast ping does not fragment") },
	{ LIMITS_DESTINATION, LIMITS_MULTICAST6_FRAG, false, multicast6_fragments,
	  N_("multicast ping does not fragment") },
	{ LIMITS_RATE, LIMITS_FLOOD, false, flood_too_fast,
	  N_("cannot flood, minimal interval for user must be >= 2 ms, use -i 0.002 (or higher)") },
	{ LIMITS_RATE, LIMITS_INTERVAL_OVERFLOW, true, interval_overflows,
	  N_("illegal preload and/or interval: %d") },
};

#define NLIMITS (sizeof(limits) / sizeof(limits[0]))

enum limits_rule limits_check(enum limits_stage stage, const struct limits_facts *f)
{
	for (size_t i = 0; i < NLIMITS; i++)
		if (limits[i].stage == stage && (!f->real_root || limits[i].root_too) &&
		    limits[i].broken(f))
			return limits[i].rule;
	return LIMITS_OK;
}

void limits_message(enum limits_rule rule, const struct limits_facts *f, char *buf, size_t len)
{
	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < NLIMITS; i++) {
		if (limits[i].rule != rule)
			continue;
		if (rule == LIMITS_PRELOAD)
			snprintf(buf, len, _(limits[i].message), f->cfg->preload_high);
		else if (rule == LIMITS_INTERVAL_OVERFLOW)
			snprintf(buf, len, _(limits[i].message), (int)interval_ms(f->cfg));
		else
			text_copy(buf, len, _(limits[i].message));
	}
}

int limits_exit_status(enum limits_rule rule)
{
	return rule == LIMITS_OK ? 0 : 2;
}
