/* Command line -> struct ping_config.  Never prints, never exits. */
#ifndef PINGSOCK_CLI_H
#define PINGSOCK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#define PING_DEFAULT_DATALEN	56
#define PING_DEFAULT_INTERVAL_MS 1000
#define PING_DEFAULT_LINGER_US	(10 * 1000000ULL)
#define PING_MAX_PATTERN	16
#define PING_MAX_EXTRA_ARGS	9	/* IPv4 hops before the target */
#define PING_MAX_NODEINFO	16	/* -N may be repeated */
#define CLI_USER_MAX_PRELOAD	3	/* iputils refuses a larger -l to a user as it reads it */

enum ptr_mode {
	PTR_DEFAULT,	/* reverse DNS only for targets given as names */
	PTR_NEVER,	/* -n, -f, IPUTILS_PING_PTR_LOOKUP=0 */
	PTR_ALWAYS,	/* -H */
};

enum pmtudisc_mode { PMTUDISC_UNSET = -1, PMTUDISC_MODE_DO, PMTUDISC_MODE_DONT,
		     PMTUDISC_MODE_WANT, PMTUDISC_MODE_PROBE };

enum ipts_mode { IPTS_NONE, IPTS_TSONLY, IPTS_TSANDADDR, IPTS_TSPRESPEC };

struct ping_config {
	int family;			/* AF_UNSPEC, AF_INET (-4, ping4), AF_INET6 (-6, ping6) */

	/* Flags, one per option letter. */
	bool rtt_3dec;			/* -3 */
	bool audible;			/* -a */
	bool adaptive;			/* -A */
	bool broadcast;			/* -b */
	bool strict_source;		/* -B, or -I with an address (of either family) */
	bool connect_sock;		/* -C */
	bool so_debug;			/* -d */
	bool timestamps;		/* -D */
	bool flood;			/* -f */
	bool no_mcast_loop;		/* -L */
	bool report_outstanding;	/* -O */
	bool quiet;			/* -q */
	bool dontroute;			/* -r */
	bool record_route;		/* -R */
	bool user_latency;		/* -U */
	bool json;			/* -j, --json: JSON lines on stdout */
	bool percentiles;		/* --percentiles: the extra statistics in text */
	int verbose;			/* -v, counted */
	enum ptr_mode ptr;		/* -n / -H, last wins; env default */
	bool ptr_env_disabled;		/* IPUTILS_PING_PTR_LOOKUP=0 was seen */

	/* Values. */
	uint64_t count;			/* -c, 0 = no limit */
	bool ident_set;			/* -e */
	uint16_t ident;
	bool flowlabel_set;		/* -F */
	uint32_t flowlabel;
	bool interval_set;		/* -i given (flood without -i means 0) */
	int64_t interval_ms;		/* truncated to whole ms, as iputils */
	/*
	 * -I, as iputils reads it: each one sets its own part and keeps the
	 * others (-I 192.0.2.1 -I eth0 is that source on that device).
	 */
	const char *iface_arg;		/* the last -I argument as given */
	bool source4_set;		/* -I 192.0.2.1 (implies -B) */
	bool source6_set;		/* -I 2001:db8::1 or -I fe80::1%eth0 (implies -B) */
	const char *device;		/* -I dev, or the %dev of an IPv6 source, as given (it
				 * may be "", which is a device too); NULL: none */
	struct in_addr source4;		/* source4_set */
	struct in6_addr source6;	/* source6_set */
	int preload;			/* -l, default 1 */
	int preload_high;		/* the first -l above 3 (iputils refuses a user there), else 0 */
	int preload_high_at;		/* its option ordinal */
	bool mark_set;			/* -m */
	uint32_t mark;
	enum pmtudisc_mode pmtudisc;	/* -M */
	const char *nodeinfo[PING_MAX_NODEINFO];	/* -N arguments in order, for ninfo_parse_option */
	int nodeinfo_at[PING_MAX_NODEINFO];	/* the option ordinal of each (cli_result.nopts) */
	int nnodeinfo;
	uint8_t pattern[PING_MAX_PATTERN];	/* -p */
	size_t pattern_len;
	bool pattern_set;
	bool tos_set;			/* -Q */
	int tos;			/* -Q: 0-255, or a negative value iputils lets through */
	long datalen;			/* -s, default 56; per-family limit: cli_check_datalen */
	int sndbuf;			/* -S, 0 = default estimate */
	int ttl;			/* -t, -1 = unset */
	enum ipts_mode ipts;		/* -T */
	long deadline_s;		/* -w, 0 = none */
	uint64_t linger_us;		/* -W in microseconds, 0 = wait forever */

	const char *target;		/* the last operand */
	const char *extra[PING_MAX_EXTRA_ARGS];	/* operands before it (hops, -T tsprespec hosts) */
	bool extra_overflow;		/* more of them than extra holds (a usage error) */
	int nextra;
};

enum cli_action {
	CLI_RUN,	/* go on and ping */
	CLI_HELP,	/* -h / -?: usage on stderr, exit 2 */
	CLI_VERSION,	/* -V: version on stdout, exit 0 */
	CLI_ERROR,	/* message (if any), then usage if show_usage, exit exit_code */
};

#define CLI_MAX_WARNINGS 4

/*
 * A -p read while no -q had been: iputils prints "PATTERN: 0x..." as it
 * reads it, before anything a later option does or refuses.
 */
struct cli_pattern {
	uint8_t bytes[PING_MAX_PATTERN];
	size_t len;
	int at;				/* the option's ordinal */
};

struct cli_result {
	enum cli_action action;
	int nopts;			/* options read; each has its ordinal, from 0 */
	struct cli_pattern *patterns;	/* allocated: cli_result_free */
	int npatterns;
	int exit_code;			/* for CLI_ERROR: 1 (integer parsers, -s) or 2 */
	bool show_usage;		/* CLI_ERROR: print the usage text after the message */
	char message[256];		/* without the "ping: " prefix; "" for none */
	int nwarnings;			/* non-fatal: "option argument contains garbage: x", ... */
	char warnings[CLI_MAX_WARNINGS][160];
};

/*
 * Parses argv as iputils 20250605's ping does (POSIX getopt with GNU
 * argument permutation, options taking effect in order, -V and -h acting
 * at once).  progname is the invoked name: one ending in '4' or '6'
 * selects the family.  ptr_env is the value of IPUTILS_PING_PTR_LOOKUP or
 * NULL.  Fills *cfg and *res.  argv is not modified; cfg keeps pointers
 * into it.
 */
void cli_parse(int argc, char *const argv[], const char *progname,
	       const char *ptr_env, struct ping_config *cfg,
	       struct cli_result *res);

/*
 * Whether -Q's value is one the kernel refuses as an IPv6 traffic class
 * (below -1: IPV6_TCLASS takes -1 to 255).  iputils sets it on its IPv6
 * socket before the target is looked up, so such a value ends the run
 * whatever the target's family, unless -4 left that socket closed.
 */
bool cli_tclass_refused(const struct ping_config *cfg);

/* Frees what cli_parse allocated in res (the pattern lines). */
void cli_result_free(struct cli_result *res);

/* The usage text (our wording, iputils' layout) as printed by -h. */
void cli_usage(FILE *out);

/*
 * The largest -s for a family and IPv4 option length: 65507 (IPv4, minus
 * optlen when -R/-T/hops are used) or 65527 (IPv6).
 */
long cli_max_datalen(int af, size_t optlen);

/*
 * Whether the operands before the target fit a destination of family af:
 * none for IPv6; for IPv4 up to nine source-route hops, four -T tsprespec
 * hosts, none with -R or the other -T kinds.  Otherwise: the usage text,
 * exit 2.
 */
bool cli_operands_fit(const struct ping_config *cfg, int af);

/* The IPv4 option space -R, -T or hops take in a family's packets: 40 or 0. */
size_t cli_ipopt_len(const struct ping_config *cfg, int af);

/*
 * The family -s is checked against before the target is resolved: the
 * target's when it is an address literal, else -4's or -6's, else AF_UNSPEC.
 */
int cli_datalen_family(const struct ping_config *cfg);

/*
 * Checks cfg->datalen against cli_max_datalen() for cli_datalen_family()
 * (IPv4 less the option space with -R, -T or hops); on failure writes
 * "invalid -s value: '<n>': out of range: 0 <= value <= <max>" into msg
 * and returns false (the caller exits 1).
 */
bool cli_check_datalen(const struct ping_config *cfg, char *msg, size_t msglen);

/*
 * iputils' estimate of what one request or reply of datalen bytes takes in
 * a socket buffer: the ICMP message, and for each started 512 bytes of it
 * the IP header (IPv4: 20 + optlen; IPv6: 40) and 16 + 64 + 160 more.
 */
long cli_packet_estimate(int af, long datalen, size_t optlen);

/*
 * The receive buffer a preload asks for, as iputils sizes it: want is the
 * estimate times the preload (INT_MAX, with overflow set, when the product
 * does not fit in an int); set, what is asked of SO_RCVBUF, at least 65536.
 * When the kernel grants less than want, iputils warns.
 */
struct rcvbuf_plan {
	int set;
	int want;
	bool overflow;
};
struct rcvbuf_plan cli_preload_rcvbuf(int af, long datalen, size_t optlen, long preload);

#endif
