/* Unit tests for ping/cli.c: argument vectors in, config and result out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

#define MAX_ARGV	20
#define MAX_CHECKS	6

/* Runs cli_parse over a NULL-terminated vector (argv[0] included); the caller frees res. */
static void parse_own(const char *prog, const char *env, const char *const *vec,
		      struct ping_config *cfg, struct cli_result *res)
{
	char *argv[MAX_ARGV + 1];
	int argc = 0;

	while (vec[argc] != NULL) {
		argv[argc] = (char *)vec[argc];
		argc++;
	}
	argv[argc] = NULL;
	cli_parse(argc, argv, prog != NULL ? prog : "ping", env, cfg, res);
}

/* The same, for tests that do not look at the pattern lines: they are freed at the next call. */
static void parse(const char *prog, const char *env, const char *const *vec,
		  struct ping_config *cfg, struct cli_result *res)
{
	static struct cli_pattern *previous;

	free(previous);
	parse_own(prog, env, vec, cfg, res);
	previous = res->patterns;
}

/* Joins a vector for failure messages. */
static const char *show(const char *const *vec)
{
	static char buf[512];
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; vec[i] != NULL && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s'%s'",
					i ? " " : "", vec[i]);
	return buf;
}

/* ---------------------------------------------------------------------- */
/* Accepted vectors: one or more fields checked against expected values.  */

enum field {
	F_END, F_FAMILY, F_COUNT, F_IDENT, F_IDENT_SET, F_FLOW, F_FLOW_SET,
	F_INTERVAL_MS, F_INTERVAL_SET, F_SRC4_SET, F_SRC6_SET, F_PRELOAD, F_MARK, F_MARK_SET,
	F_PMTU, F_TOS, F_TOS_SET, F_DATALEN, F_SNDBUF, F_TTL, F_IPTS,
	F_DEADLINE, F_LINGER_US, F_NEXTRA, F_PTR, F_PTR_ENV, F_VERBOSE,
	F_RTT3, F_AUDIBLE, F_ADAPTIVE, F_BROADCAST, F_STRICT, F_CONNECT,
	F_DEBUG, F_TIMESTAMPS, F_FLOOD, F_NOLOOP, F_OUTSTANDING, F_QUIET,
	F_DONTROUTE, F_RROUTE, F_LATENCY, F_PATTERN_LEN, F_PATTERN_SET,
	F_JSON, F_PERCENTILES,
};

static const char *const field_names[] = {
	"end", "family", "count", "ident", "ident_set", "flowlabel",
	"flowlabel_set", "interval_ms", "interval_set", "source4_set", "source6_set", "preload",
	"mark", "mark_set", "pmtudisc", "tos", "tos_set", "datalen", "sndbuf",
	"ttl", "ipts", "deadline_s", "linger_us", "nextra", "ptr",
	"ptr_env_disabled", "verbose", "rtt_3dec", "audible", "adaptive",
	"broadcast", "strict_source", "connect_sock", "so_debug",
	"timestamps", "flood", "no_mcast_loop", "report_outstanding", "quiet",
	"dontroute", "record_route", "user_latency", "pattern_len",
	"pattern_set", "json", "percentiles",
};

/* The value of one field, widened so one table can hold them all. */
static long long field(const struct ping_config *c, enum field f)
{
	switch (f) {
	case F_FAMILY: return c->family;
	case F_COUNT: return (long long)c->count;
	case F_IDENT: return c->ident;
	case F_IDENT_SET: return c->ident_set;
	case F_FLOW: return c->flowlabel;
	case F_FLOW_SET: return c->flowlabel_set;
	case F_INTERVAL_MS: return c->interval_ms;
	case F_INTERVAL_SET: return c->interval_set;
	case F_SRC4_SET: return c->source4_set;
	case F_SRC6_SET: return c->source6_set;
	case F_PRELOAD: return c->preload;
	case F_MARK: return c->mark;
	case F_MARK_SET: return c->mark_set;
	case F_PMTU: return c->pmtudisc;
	case F_TOS: return c->tos;
	case F_TOS_SET: return c->tos_set;
	case F_DATALEN: return c->datalen;
	case F_SNDBUF: return c->sndbuf;
	case F_TTL: return c->ttl;
	case F_IPTS: return c->ipts;
	case F_DEADLINE: return c->deadline_s;
	case F_LINGER_US: return (long long)c->linger_us;
	case F_NEXTRA: return c->nextra;
	case F_PTR: return c->ptr;
	case F_PTR_ENV: return c->ptr_env_disabled;
	case F_VERBOSE: return c->verbose;
	case F_RTT3: return c->rtt_3dec;
	case F_AUDIBLE: return c->audible;
	case F_ADAPTIVE: return c->adaptive;
	case F_BROADCAST: return c->broadcast;
	case F_STRICT: return c->strict_source;
	case F_CONNECT: return c->connect_sock;
	case F_DEBUG: return c->so_debug;
	case F_TIMESTAMPS: return c->timestamps;
	case F_FLOOD: return c->flood;
	case F_NOLOOP: return c->no_mcast_loop;
	case F_OUTSTANDING: return c->report_outstanding;
	case F_QUIET: return c->quiet;
	case F_DONTROUTE: return c->dontroute;
	case F_RROUTE: return c->record_route;
	case F_LATENCY: return c->user_latency;
	case F_JSON: return c->json;
	case F_PERCENTILES: return c->percentiles;
	case F_PATTERN_LEN: return (long long)c->pattern_len;
	case F_PATTERN_SET: return c->pattern_set;
	case F_END: break;
	}
	fail_msg("unknown field %d", (int)f);
	return 0;
}

struct check {
	enum field f;
	long long v;
};

struct ok_case {
	const char *prog;	/* NULL: "ping" */
	const char *env;	/* IPUTILS_PING_PTR_LOOKUP */
	const char *argv[MAX_ARGV];
	struct check checks[MAX_CHECKS];
};

#define V(...) { "ping", __VA_ARGS__, NULL }

static const struct ok_case ok_cases[] = {
	/* -c */
	{ NULL, NULL, V("-c", "5", "h"), { { F_COUNT, 5 } } },
	{ NULL, NULL, V("-c1", "-c2", "h"), { { F_COUNT, 2 } } },
	{ NULL, NULL, V("-c", "1", "h"), { { F_COUNT, 1 } } },
	{ NULL, NULL, V("-c", "9223372036854775807", "h"), { { F_COUNT, LLONG_MAX } } },
	{ NULL, NULL, V("-c", "+5", "h"), { { F_COUNT, 5 } } },
	{ NULL, NULL, V("-c", " 5", "h"), { { F_COUNT, 5 } } },
	{ NULL, NULL, V("-c", "010", "h"), { { F_COUNT, 10 } } },
	/* -t: "-t6" is -t 6 */
	{ NULL, NULL, V("-t6", "h"), { { F_TTL, 6 }, { F_FAMILY, AF_UNSPEC } } },
	{ NULL, NULL, V("-t", "0", "h"), { { F_TTL, 0 } } },
	{ NULL, NULL, V("-t", "255", "h"), { { F_TTL, 255 } } },
	/* -e */
	{ NULL, NULL, V("-e", "0", "h"), { { F_IDENT, 0 }, { F_IDENT_SET, 1 } } },
	{ NULL, NULL, V("-e", "65535", "h"), { { F_IDENT, 65535 }, { F_IDENT_SET, 1 } } },
	/* -l */
	{ NULL, NULL, V("-l", "1", "h"), { { F_PRELOAD, 1 } } },
	{ NULL, NULL, V("-l", "65536", "h"), { { F_PRELOAD, 65536 } } },
	/* -m */
	{ NULL, NULL, V("-m", "0", "h"), { { F_MARK, 0 }, { F_MARK_SET, 1 } } },
	{ NULL, NULL, V("-m", "4294967295", "h"), { { F_MARK, 4294967295LL }, { F_MARK_SET, 1 } } },
	/* -s, -S, -w */
	{ NULL, NULL, V("-s", "0", "h"), { { F_DATALEN, 0 } } },
	{ NULL, NULL, V("-s", "2147483647", "h"), { { F_DATALEN, INT_MAX } } },
	{ NULL, NULL, V("-s1000", "h"), { { F_DATALEN, 1000 } } },
	{ NULL, NULL, V("-S", "1", "h"), { { F_SNDBUF, 1 } } },
	{ NULL, NULL, V("-S", "2147483647", "h"), { { F_SNDBUF, INT_MAX } } },
	{ NULL, NULL, V("-w", "0", "h"), { { F_DEADLINE, 0 } } },
	{ NULL, NULL, V("-w", "2147483647", "h"), { { F_DEADLINE, INT_MAX } } },
	/* -i: whole milliseconds, truncated */
	{ NULL, NULL, V("-i", "0.0019", "h"), { { F_INTERVAL_MS, 1 }, { F_INTERVAL_SET, 1 } } },
	{ NULL, NULL, V("-i", "0", "h"), { { F_INTERVAL_MS, 0 }, { F_INTERVAL_SET, 1 } } },
	{ NULL, NULL, V("-i", "-0", "h"), { { F_INTERVAL_MS, 0 }, { F_INTERVAL_SET, 1 } } },
	{ NULL, NULL, V("-i", "0.2", "h"), { { F_INTERVAL_MS, 200 } } },
	{ NULL, NULL, V("-i", "1.9999", "h"), { { F_INTERVAL_MS, 1999 } } },
	{ NULL, NULL, V("-i", "1e3", "h"), { { F_INTERVAL_MS, 1000000 } } },
	{ NULL, NULL, V("-i", "0x10", "h"), { { F_INTERVAL_MS, 16000 } } },
	{ NULL, NULL, V("-i", "2147483.647", "h"), { { F_INTERVAL_MS, INT_MAX } } },
	{ NULL, NULL, V("-i", "2", "-i", "3", "h"), { { F_INTERVAL_MS, 3000 } } },
	/* -W: microseconds, 0 = forever */
	{ NULL, NULL, V("-W", "0", "h"), { { F_LINGER_US, 0 } } },
	{ NULL, NULL, V("-W", "1", "h"), { { F_LINGER_US, 1000000 } } },
	{ NULL, NULL, V("-W", "2.5", "h"), { { F_LINGER_US, 2500000 } } },
	{ NULL, NULL, V("-W", "0.0000015", "h"), { { F_LINGER_US, 1 } } },
	{ NULL, NULL, V("-W", "4294.967295", "h"), { { F_LINGER_US, 4294967295LL } } },
	/* -Q */
	{ NULL, NULL, V("-Q", "0", "h"), { { F_TOS, 0 }, { F_TOS_SET, 1 } } },
	{ NULL, NULL, V("-Q", "255", "h"), { { F_TOS, 255 }, { F_TOS_SET, 1 } } },
	{ NULL, NULL, V("-Q", "0xff", "h"), { { F_TOS, 255 } } },
	{ NULL, NULL, V("-Q", "0X1c", "h"), { { F_TOS, 0x1c } } },
	{ NULL, NULL, V("-Q", "010", "h"), { { F_TOS, 10 } } },
	/* As the C library reads a number: blanks, a sign, an empty number; then cut to an int. */
	{ NULL, NULL, V("-Q", " 5", "h"), { { F_TOS, 5 } } },
	{ NULL, NULL, V("-Q", "+5", "h"), { { F_TOS, 5 } } },
	{ NULL, NULL, V("-Q", "", "h"), { { F_TOS, 0 }, { F_TOS_SET, 1 } } },
	{ NULL, NULL, V("-Q", "0x", "h"), { { F_TOS, 0 } } },
	{ NULL, NULL, V("-Q", "-1", "h"), { { F_TOS, -1 } } },
	{ NULL, NULL, V("-Q", "0x-1", "h"), { { F_TOS, -1 } } },
	{ NULL, NULL, V("-Q", "4294967296", "h"), { { F_TOS, 0 } } },
	{ NULL, NULL, V("-Q", "4294967551", "h"), { { F_TOS, 255 } } },
	{ NULL, NULL, V("-Q", "2147483648", "h"), { { F_TOS, INT32_MIN } } },
	{ NULL, NULL, V("-Q", "99999999999999999999", "h"), { { F_TOS, -1 } } },
	{ NULL, NULL, V("-Q", "-99999999999999999999", "h"), { { F_TOS, 0 } } },
	/* -F */
	{ NULL, NULL, V("-F", "0", "h"), { { F_FLOW, 0 }, { F_FLOW_SET, 1 } } },
	{ NULL, NULL, V("-F", "0xfffff", "h"), { { F_FLOW, 0xfffff }, { F_FLOW_SET, 1 } } },
	{ NULL, NULL, V("-F", "1048575", "h"), { { F_FLOW, 0xfffff } } },
	{ NULL, NULL, V("-F", "0x12345", "h"), { { F_FLOW, 0x12345 } } },
	{ NULL, NULL, V("-F", "", "h"), { { F_FLOW, 0 }, { F_FLOW_SET, 1 } } },
	{ NULL, NULL, V("-F", "0x", "h"), { { F_FLOW, 0 } } },
	{ NULL, NULL, V("-F", " 5", "h"), { { F_FLOW, 5 } } },
	{ NULL, NULL, V("-F", "+5", "h"), { { F_FLOW, 5 } } },
	{ NULL, NULL, V("-F", "-0", "h"), { { F_FLOW, 0 } } },
	{ NULL, NULL, V("-F", "4294967296", "h"), { { F_FLOW, 0 } } },
	{ NULL, NULL, V("-F", "4295016575", "h"), { { F_FLOW, 0xc07f } } },
	/* -M */
	{ NULL, NULL, V("-M", "do", "h"), { { F_PMTU, PMTUDISC_MODE_DO } } },
	{ NULL, NULL, V("-M", "dont", "h"), { { F_PMTU, PMTUDISC_MODE_DONT } } },
	{ NULL, NULL, V("-M", "want", "h"), { { F_PMTU, PMTUDISC_MODE_WANT } } },
	{ NULL, NULL, V("-M", "probe", "h"), { { F_PMTU, PMTUDISC_MODE_PROBE } } },
	{ NULL, NULL, V("-Mdo", "-M", "want", "h"), { { F_PMTU, PMTUDISC_MODE_WANT } } },
	/* -T and -R */
	{ NULL, NULL, V("-T", "tsonly", "h"), { { F_IPTS, IPTS_TSONLY }, { F_RROUTE, 0 } } },
	{ NULL, NULL, V("-T", "tsandaddr", "h"), { { F_IPTS, IPTS_TSANDADDR } } },
	{ NULL, NULL, V("-T", "tsprespec", "h"), { { F_IPTS, IPTS_TSPRESPEC } } },
	{ NULL, NULL, V("-T", "tsonly", "-T", "tsprespec", "h"), { { F_IPTS, IPTS_TSPRESPEC } } },
	{ NULL, NULL, V("-R", "h"), { { F_RROUTE, 1 }, { F_IPTS, IPTS_NONE } } },
	{ NULL, NULL, V("-R", "-R", "h"), { { F_RROUTE, 1 } } },
	/* boolean letters */
	{ NULL, NULL, V("-3", "h"), { { F_RTT3, 1 }, { F_AUDIBLE, 0 } } },
	{ NULL, NULL, V("-a", "h"), { { F_AUDIBLE, 1 }, { F_ADAPTIVE, 0 } } },
	{ NULL, NULL, V("-A", "h"), { { F_ADAPTIVE, 1 }, { F_AUDIBLE, 0 } } },
	{ NULL, NULL, V("-b", "h"), { { F_BROADCAST, 1 } } },
	{ NULL, NULL, V("-B", "h"), { { F_STRICT, 1 }, { F_SRC4_SET, 0 }, { F_SRC6_SET, 0 } } },
	{ NULL, NULL, V("-C", "h"), { { F_CONNECT, 1 } } },
	{ NULL, NULL, V("-d", "h"), { { F_DEBUG, 1 }, { F_TIMESTAMPS, 0 } } },
	{ NULL, NULL, V("-D", "h"), { { F_TIMESTAMPS, 1 }, { F_DEBUG, 0 } } },
	{ NULL, NULL, V("-L", "h"), { { F_NOLOOP, 1 } } },
	{ NULL, NULL, V("-O", "h"), { { F_OUTSTANDING, 1 } } },
	{ NULL, NULL, V("-q", "h"), { { F_QUIET, 1 } } },
	{ NULL, NULL, V("h"), { { F_JSON, 0 }, { F_PERCENTILES, 0 } } },
	{ NULL, NULL, V("-j", "h"), { { F_JSON, 1 }, { F_PERCENTILES, 0 } } },
	{ NULL, NULL, V("--json", "h"), { { F_JSON, 1 } } },
	{ NULL, NULL, V("h", "--percentiles", "-q"), { { F_PERCENTILES, 1 }, { F_QUIET, 1 }, { F_JSON, 0 } } },
	{ NULL, NULL, V("--perc", "h"), { { F_PERCENTILES, 1 } } },
	{ NULL, NULL, V("-qj", "h"), { { F_JSON, 1 }, { F_QUIET, 1 } } },
	{ NULL, NULL, V("-r", "h"), { { F_DONTROUTE, 1 } } },
	{ NULL, NULL, V("-U", "h"), { { F_LATENCY, 1 } } },
	{ NULL, NULL, V("-3aAbBCdDLOqrU", "h"),
	  { { F_RTT3, 1 }, { F_BROADCAST, 1 }, { F_CONNECT, 1 },
	    { F_NOLOOP, 1 }, { F_DONTROUTE, 1 }, { F_LATENCY, 1 } } },
	{ NULL, NULL, V("-v", "h"), { { F_VERBOSE, 1 } } },
	{ NULL, NULL, V("-vvv", "h"), { { F_VERBOSE, 3 } } },
	{ NULL, NULL, V("-v", "h", "-v"), { { F_VERBOSE, 2 } } },
	/* -n, -H, -f and the environment */
	{ NULL, NULL, V("h"), { { F_PTR, PTR_DEFAULT }, { F_PTR_ENV, 0 } } },
	{ NULL, NULL, V("-n", "h"), { { F_PTR, PTR_NEVER } } },
	{ NULL, NULL, V("-H", "h"), { { F_PTR, PTR_ALWAYS } } },
	{ NULL, NULL, V("-n", "-H", "h"), { { F_PTR, PTR_ALWAYS } } },
	{ NULL, NULL, V("-H", "-n", "h"), { { F_PTR, PTR_NEVER } } },
	{ NULL, NULL, V("-nH", "h"), { { F_PTR, PTR_ALWAYS } } },
	{ NULL, NULL, V("-f", "h"), { { F_PTR, PTR_NEVER }, { F_FLOOD, 1 }, { F_INTERVAL_SET, 0 } } },
	{ NULL, NULL, V("-H", "-f", "h"), { { F_PTR, PTR_ALWAYS }, { F_FLOOD, 1 } } },
	{ NULL, NULL, V("-f", "-H", "h"), { { F_PTR, PTR_ALWAYS } } },
	{ NULL, NULL, V("-H", "-n", "-f", "h"), { { F_PTR, PTR_NEVER } } },
	{ NULL, "0", V("h"), { { F_PTR, PTR_NEVER }, { F_PTR_ENV, 1 } } },
	{ NULL, "0", V("-H", "h"), { { F_PTR, PTR_ALWAYS }, { F_PTR_ENV, 1 } } },
	{ NULL, "0", V("-H", "-n", "h"), { { F_PTR, PTR_NEVER }, { F_PTR_ENV, 1 } } },
	{ NULL, "1", V("h"), { { F_PTR, PTR_DEFAULT }, { F_PTR_ENV, 0 } } },
	{ NULL, "", V("h"), { { F_PTR, PTR_DEFAULT }, { F_PTR_ENV, 0 } } },
	{ NULL, "00", V("h"), { { F_PTR, PTR_DEFAULT }, { F_PTR_ENV, 0 } } },
	/* family, from options and from the name */
	{ NULL, NULL, V("-4", "h"), { { F_FAMILY, AF_INET } } },
	{ NULL, NULL, V("-6", "h"), { { F_FAMILY, AF_INET6 } } },
	{ NULL, NULL, V("-4", "-4", "h"), { { F_FAMILY, AF_INET } } },
	{ NULL, NULL, V("-66", "h"), { { F_FAMILY, AF_INET6 } } },
	{ "ping4", NULL, V("h"), { { F_FAMILY, AF_INET } } },
	{ "ping6", NULL, V("h"), { { F_FAMILY, AF_INET6 } } },
	{ "/usr/bin/ping6", NULL, V("h"), { { F_FAMILY, AF_INET6 } } },
	{ "./ping4", NULL, V("-4", "h"), { { F_FAMILY, AF_INET } } },
	{ "ping6", NULL, V("-6", "h"), { { F_FAMILY, AF_INET6 } } },
	{ "ping", NULL, V("h"), { { F_FAMILY, AF_UNSPEC } } },
	{ "/opt/ping6/ping", NULL, V("h"), { { F_FAMILY, AF_UNSPEC } } },
	{ "ping64x", NULL, V("h"), { { F_FAMILY, AF_UNSPEC } } },
	/* -I kinds */
	{ NULL, NULL, V("-I", "eth0", "h"), { { F_SRC4_SET, 0 }, { F_SRC6_SET, 0 }, { F_STRICT, 0 } } },
	{ NULL, NULL, V("-I", "abcdefghijklmno", "h"), { { F_SRC4_SET, 0 } } },
	{ NULL, NULL, V("-I", "192.0.2.1", "h"), { { F_SRC4_SET, 1 }, { F_SRC6_SET, 0 }, { F_STRICT, 1 } } },
	{ NULL, NULL, V("-I", "2001:db8::1", "h"), { { F_SRC6_SET, 1 }, { F_SRC4_SET, 0 }, { F_STRICT, 1 } } },
	{ NULL, NULL, V("-I", "fe80::1%eth0", "h"), { { F_SRC6_SET, 1 } } },
	{ NULL, NULL, V("-I", "1.2.3.4%eth0", "h"), { { F_SRC4_SET, 0 }, { F_SRC6_SET, 0 } } },
	{ NULL, NULL, V("-I", "192.0.2.1", "-I", "eth0", "h"), { { F_SRC4_SET, 1 }, { F_STRICT, 1 } } },
	/* -p */
	{ NULL, NULL, V("-p", "ff", "h"), { { F_PATTERN_LEN, 1 }, { F_PATTERN_SET, 1 } } },
	{ NULL, NULL, V("-p", "", "h"), { { F_PATTERN_LEN, 0 }, { F_PATTERN_SET, 1 } } },
	{ NULL, NULL, V("h"), { { F_PATTERN_LEN, 0 }, { F_PATTERN_SET, 0 } } },
	/* operands and permutation */
	{ NULL, NULL, V("h", "-c", "3"), { { F_COUNT, 3 }, { F_NEXTRA, 0 } } },
	{ NULL, NULL, V("-c", "3", "h", "-q"), { { F_COUNT, 3 }, { F_QUIET, 1 } } },
	{ NULL, NULL, V("a", "-q", "b"), { { F_NEXTRA, 1 }, { F_QUIET, 1 } } },
	{ NULL, NULL, V("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), { { F_NEXTRA, 9 } } },
	{ NULL, NULL, V("-T", "tsprespec", "a", "b", "c", "d", "h"), { { F_NEXTRA, 4 } } },
	{ NULL, NULL, V("-R", "h"), { { F_NEXTRA, 0 } } },
	{ NULL, NULL, V("--", "-h"), { { F_NEXTRA, 0 } } },
	{ NULL, NULL, V("-q", "-"), { { F_NEXTRA, 0 }, { F_QUIET, 1 } } },
};

/* Each accepted vector runs, and every listed field has its value. */
static void test_ok_table(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		const struct ok_case *c = &ok_cases[i];
		struct ping_config cfg;
		struct cli_result res;

		parse(c->prog, c->env, c->argv, &cfg, &res);
		if (res.action != CLI_RUN)
			fail_msg("ok case %zu (%s): action %d, message \"%s\"",
				 i, show(c->argv), (int)res.action, res.message);
		assert_string_equal(res.message, "");
		assert_non_null(cfg.target);
		for (k = 0; k < MAX_CHECKS && c->checks[k].f != F_END; k++) {
			long long got = field(&cfg, c->checks[k].f);

			if (got != c->checks[k].v)
				fail_msg("ok case %zu (%s): %s is %lld, expected %lld",
					 i, show(c->argv),
					 field_names[c->checks[k].f], got,
					 c->checks[k].v);
		}
		assert_true(k > 0);
	}
}

/* ---------------------------------------------------------------------- */
/* Refused vectors, and -h / -V: action, exit status, usage flag, message. */

struct err_case {
	const char *prog;
	const char *argv[MAX_ARGV];
	enum cli_action action;
	int exit_code;
	bool usage;
	const char *message;
};

#define RANGE(arg, lo, hi) \
	"invalid argument: '" arg "': out of range: " lo " <= value <= " hi
#define ERANGE_MSG(arg) \
	"invalid argument: '" arg "': Numerical result out of range"
#define LLMAX "9223372036854775807"
#define IMAX "2147483647"

static const struct err_case err_cases[] = {
	/* getopt */
	{ NULL, V("-x", "h"), CLI_ERROR, 2, true, "invalid option -- 'x'" },
	{ NULL, V("h", "-x"), CLI_ERROR, 2, true, "invalid option -- 'x'" },
	{ NULL, V("-qx", "h"), CLI_ERROR, 2, true, "invalid option -- 'x'" },
	{ NULL, V("-k", "h"), CLI_ERROR, 2, true, "invalid option -- 'k'" },
	{ NULL, V("--jsonx", "h"), CLI_ERROR, 2, true, "invalid option -- '-'" },
	{ NULL, V("--json=1", "h"), CLI_ERROR, 2, true, "invalid option -- '-'" },
	{ NULL, V("--percentiles=1", "h"), CLI_ERROR, 2, true, "invalid option -- '-'" },
	{ NULL, V("-:", "h"), CLI_ERROR, 2, true, "invalid option -- ':'" },
	{ NULL, V("-c"), CLI_ERROR, 2, true, "option requires an argument -- 'c'" },
	{ NULL, V("h", "-W"), CLI_ERROR, 2, true, "option requires an argument -- 'W'" },
	{ NULL, V("h", "-qI"), CLI_ERROR, 2, true, "option requires an argument -- 'I'" },
	{ NULL, V("-x", "-c"), CLI_ERROR, 2, true, "invalid option -- 'x'" },
	{ NULL, V("--foo", "h"), CLI_ERROR, 2, true, "invalid option -- '-'" },
	{ NULL, V("-q?x", "h"), CLI_HELP, 2, false, "" },
	/* -h, -? and -V act when seen */
	{ NULL, V("-h"), CLI_HELP, 2, false, "" },
	{ NULL, V("-?"), CLI_HELP, 2, false, "" },
	{ NULL, V("-h", "-x"), CLI_HELP, 2, false, "" },
	{ NULL, V("-?", "-x"), CLI_HELP, 2, false, "" },
	{ NULL, V("-x", "-h"), CLI_ERROR, 2, true, "invalid option -- 'x'" },
	{ NULL, V("-x", "-?"), CLI_ERROR, 2, true, "invalid option -- 'x'" },
	{ NULL, V("h", "-h"), CLI_HELP, 2, false, "" },
	{ NULL, V("-V"), CLI_VERSION, 0, false, "" },
	{ NULL, V("-V", "-x"), CLI_VERSION, 0, false, "" },
	{ NULL, V("-V", "-c", "0"), CLI_VERSION, 0, false, "" },
	{ NULL, V("-x", "-V"), CLI_ERROR, 2, true, "invalid option -- 'x'" },
	{ NULL, V("-c", "0", "-V"), CLI_ERROR, 1, false, RANGE("0", "1", LLMAX) },
	{ NULL, V("-V", "-h"), CLI_VERSION, 0, false, "" },
	{ NULL, V("-h", "-V"), CLI_HELP, 2, false, "" },
	{ NULL, V("-qV"), CLI_VERSION, 0, false, "" },
	{ NULL, V("h", "-V"), CLI_VERSION, 0, false, "" },
	{ "ping6", V("-4", "-V"), CLI_ERROR, 2, false, "only one -4 or -6 option may be specified" },
	/* family */
	{ NULL, V("-4", "-6", "h"), CLI_ERROR, 2, false, "only one -4 or -6 option may be specified" },
	{ NULL, V("-6", "-4", "h"), CLI_ERROR, 2, false, "only one -4 or -6 option may be specified" },
	{ NULL, V("-46", "h"), CLI_ERROR, 2, false, "only one -4 or -6 option may be specified" },
	{ "ping6", V("-4", "h"), CLI_ERROR, 2, false, "only one -4 or -6 option may be specified" },
	{ "ping4", V("-6", "h"), CLI_ERROR, 2, false, "only one -4 or -6 option may be specified" },
	{ "/bin/ping4", V("h", "-6"), CLI_ERROR, 2, false, "only one -4 or -6 option may be specified" },
	/* integer options: exit 1 */
	{ NULL, V("-c", "0", "h"), CLI_ERROR, 1, false, RANGE("0", "1", LLMAX) },
	{ NULL, V("-c", "-1", "h"), CLI_ERROR, 1, false, RANGE("-1", "1", LLMAX) },
	{ NULL, V("-c", "abc", "h"), CLI_ERROR, 1, false, "invalid argument: 'abc'" },
	{ NULL, V("-c", "", "h"), CLI_ERROR, 1, false, "invalid argument: ''" },
	{ NULL, V("-c", "5 ", "h"), CLI_ERROR, 1, false, "invalid argument: '5 '" },
	{ NULL, V("-c", "1.5", "h"), CLI_ERROR, 1, false, "invalid argument: '1.5'" },
	{ NULL, V("-c", "0x10", "h"), CLI_ERROR, 1, false, "invalid argument: '0x10'" },
	{ NULL, V("-c", "9223372036854775808", "h"), CLI_ERROR, 1, false, ERANGE_MSG("9223372036854775808") },
	{ NULL, V("-c", "-99999999999999999999", "h"), CLI_ERROR, 1, false, ERANGE_MSG("-99999999999999999999") },
	{ NULL, V("-e", "65536", "h"), CLI_ERROR, 1, false, RANGE("65536", "0", "65535") },
	{ NULL, V("-e", "-1", "h"), CLI_ERROR, 1, false, RANGE("-1", "0", "65535") },
	{ NULL, V("-e", "x", "h"), CLI_ERROR, 1, false, "invalid argument: 'x'" },
	{ NULL, V("-l", "0", "h"), CLI_ERROR, 1, false, RANGE("0", "1", "65536") },
	{ NULL, V("-l", "65537", "h"), CLI_ERROR, 1, false, RANGE("65537", "1", "65536") },
	{ NULL, V("-m", "-1", "h"), CLI_ERROR, 1, false, RANGE("-1", "0", "4294967295") },
	{ NULL, V("-m", "4294967296", "h"), CLI_ERROR, 1, false, RANGE("4294967296", "0", "4294967295") },
	{ NULL, V("-m", "18446744073709551615", "h"), CLI_ERROR, 1, false, RANGE("18446744073709551615", "0", "4294967295") },
	{ NULL, V("-m", "18446744073709551616", "h"), CLI_ERROR, 1, false, ERANGE_MSG("18446744073709551616") },
	{ NULL, V("-m", "-9999999999999999999", "h"), CLI_ERROR, 1, false, ERANGE_MSG("-9999999999999999999") },
	{ NULL, V("-m", "1x", "h"), CLI_ERROR, 1, false, "invalid argument: '1x'" },
	{ NULL, V("-s", "-1", "h"), CLI_ERROR, 1, false, RANGE("-1", "0", IMAX) },
	{ NULL, V("-s", "2147483648", "h"), CLI_ERROR, 1, false, RANGE("2147483648", "0", IMAX) },
	{ NULL, V("-s", "abc", "h"), CLI_ERROR, 1, false, "invalid argument: 'abc'" },
	{ NULL, V("-S", "0", "h"), CLI_ERROR, 1, false, RANGE("0", "1", IMAX) },
	{ NULL, V("-S", "2147483648", "h"), CLI_ERROR, 1, false, RANGE("2147483648", "1", IMAX) },
	{ NULL, V("-t", "256", "h"), CLI_ERROR, 1, false, RANGE("256", "0", "255") },
	{ NULL, V("-t", "-6", "h"), CLI_ERROR, 1, false, RANGE("-6", "0", "255") },
	{ NULL, V("-t-6", "h"), CLI_ERROR, 1, false, RANGE("-6", "0", "255") },
	{ NULL, V("-w", "-1", "h"), CLI_ERROR, 1, false, RANGE("-1", "0", IMAX) },
	{ NULL, V("-w", "2147483648", "h"), CLI_ERROR, 1, false, RANGE("2147483648", "0", IMAX) },
	{ NULL, V("-w", "0.1", "h"), CLI_ERROR, 1, false, "invalid argument: '0.1'" },
	{ NULL, V("-w0.1", "h"), CLI_ERROR, 1, false, "invalid argument: '0.1'" },
	/* the first failing option decides */
	{ NULL, V("-c", "0", "-t", "999", "h"), CLI_ERROR, 1, false, RANGE("0", "1", LLMAX) },
	{ NULL, V("-t", "999", "-Q", "x", "h"), CLI_ERROR, 1, false, RANGE("999", "0", "255") },
	{ NULL, V("-Q", "x", "-t", "999", "h"), CLI_ERROR, 2, false, "bad TOS value: x" },
	/* -i and -W: exit 2 */
	{ NULL, V("-i", "inf", "h"), CLI_ERROR, 2, false, "bad timing interval: inf: Numerical result out of range" },
	{ NULL, V("-i", "nan", "h"), CLI_ERROR, 2, false, "bad timing interval: nan: Numerical result out of range" },
	{ NULL, V("-i", "1e400", "h"), CLI_ERROR, 2, false, "bad timing interval: 1e400: Numerical result out of range" },
	{ NULL, V("-i", "1e-400", "h"), CLI_ERROR, 2, false, "bad timing interval: 1e-400: Numerical result out of range" },
	{ NULL, V("-i", "0x1p-1070", "h"), CLI_ERROR, 2, false, "bad timing interval: 0x1p-1070: Numerical result out of range" },
	{ NULL, V("-i", "-1", "h"), CLI_ERROR, 2, false, "bad timing interval: -1" },
	{ NULL, V("-i", "-0.001", "h"), CLI_ERROR, 2, false, "bad timing interval: -0.001" },
	{ NULL, V("-i", "2147483.648", "h"), CLI_ERROR, 2, false, "bad timing interval: 2147483.648" },
	{ NULL, V("-i", "", "h"), CLI_ERROR, 2, false, "bad timing interval: " },
	{ NULL, V("-W", "-1", "h"), CLI_ERROR, 2, false, "bad linger time: -1" },
	{ NULL, V("-W", "4294.967296", "h"), CLI_ERROR, 2, false, "bad linger time: 4294.967296" },
	{ NULL, V("-W", "5000", "h"), CLI_ERROR, 2, false, "bad linger time: 5000" },
	{ NULL, V("-W", "nan", "h"), CLI_ERROR, 2, false, "bad linger time: nan: Numerical result out of range" },
	{ NULL, V("-W", "-inf", "h"), CLI_ERROR, 2, false, "bad linger time: -inf: Numerical result out of range" },
	{ NULL, V("-W", "", "h"), CLI_ERROR, 2, false, "bad linger time: " },
	/* -Q */
	{ NULL, V("-Q", "256", "h"), CLI_ERROR, 2, false, "the decimal value of TOS bits must be in range 0-255: 256" },
	{ NULL, V("-Q", "0x100", "h"), CLI_ERROR, 2, false, "the decimal value of TOS bits must be in range 0-255: 256" },
	{ NULL, V("-Q", "4294967552", "h"), CLI_ERROR, 2, false, "the decimal value of TOS bits must be in range 0-255: 256" },
	{ NULL, V("-Q", "2147483647", "h"), CLI_ERROR, 2, false, "the decimal value of TOS bits must be in range 0-255: 2147483647" },
	{ NULL, V("-Q", " ", "h"), CLI_ERROR, 2, false, "bad TOS value:  " },
	{ NULL, V("-Q", "5 ", "h"), CLI_ERROR, 2, false, "bad TOS value: 5 " },
	{ NULL, V("-Q", "+", "h"), CLI_ERROR, 2, false, "bad TOS value: +" },
	{ NULL, V("-Q", "-0x5", "h"), CLI_ERROR, 2, false, "bad TOS value: -0x5" },
	{ NULL, V("-Q", "abc", "h"), CLI_ERROR, 2, false, "bad TOS value: abc" },
	{ NULL, V("-Q", "1x", "h"), CLI_ERROR, 2, false, "bad TOS value: 1x" },
	{ NULL, V("-Q", "0xfg", "h"), CLI_ERROR, 2, false, "bad TOS value: 0xfg" },
	/* -F */
	{ NULL, V("-F", "0x100000", "h"), CLI_ERROR, 2, false, "flow value is greater than 20 bits: 0x100000" },
	{ NULL, V("-F", "1048576", "h"), CLI_ERROR, 2, false, "flow value is greater than 20 bits: 1048576" },
	{ NULL, V("-F", "zz", "h"), CLI_ERROR, 2, false, "bad value for flowinfo: zz" },
	{ NULL, V("-F", "0xfffffg", "h"), CLI_ERROR, 2, false, "bad value for flowinfo: 0xfffffg" },
	{ NULL, V("-F", "-1", "h"), CLI_ERROR, 2, false, "flow value is greater than 20 bits: -1" },
	{ NULL, V("-F", "0x-1", "h"), CLI_ERROR, 2, false, "flow value is greater than 20 bits: 0x-1" },
	{ NULL, V("-F", "2147483648", "h"), CLI_ERROR, 2, false, "flow value is greater than 20 bits: 2147483648" },
	{ NULL, V("-F", "18446744073709551616", "h"), CLI_ERROR, 2, false, "flow value is greater than 20 bits: 18446744073709551616" },
	{ NULL, V("-F", "-0x5", "h"), CLI_ERROR, 2, false, "bad value for flowinfo: -0x5" },
	{ NULL, V("-F", "5 ", "h"), CLI_ERROR, 2, false, "bad value for flowinfo: 5 " },
	/* -M */
	{ NULL, V("-M", "maybe", "h"), CLI_ERROR, 2, false, "invalid -M argument: maybe" },
	{ NULL, V("-M", "DO", "h"), CLI_ERROR, 2, false, "invalid -M argument: DO" },
	{ NULL, V("-M", "", "h"), CLI_ERROR, 2, false, "invalid -M argument: " },
	/* -T and -R */
	{ NULL, V("-T", "x", "h"), CLI_ERROR, 2, false, "invalid timestamp type: x" },
	{ NULL, V("-T", "tsonly", "-R", "h"), CLI_ERROR, 2, false, "only one of -T or -R may be used" },
	{ NULL, V("-R", "-T", "tsonly", "h"), CLI_ERROR, 2, false, "only one of -T or -R may be used" },
	{ NULL, V("-R", "-T", "bogus", "h"), CLI_ERROR, 2, false, "only one of -T or -R may be used" },
	{ NULL, V("-RTtsprespec", "h"), CLI_ERROR, 2, false, "only one of -T or -R may be used" },
	/* -p */
	{ NULL, V("-p", "1g", "h"), CLI_ERROR, 2, false, "patterns must be specified as hex digits: g" },
	{ NULL, V("-p", "abcdefg12", "h"), CLI_ERROR, 2, false, "patterns must be specified as hex digits: g12" },
	{ NULL, V("-p", "0x12", "h"), CLI_ERROR, 2, false, "patterns must be specified as hex digits: x12" },
	{ NULL, V("-p", "00112233445566778899aabbccddeeff00z", "h"), CLI_ERROR, 2, false, "patterns must be specified as hex digits: z" },
	/* -I */
	{ NULL, V("-I", "::zz", "h"), CLI_ERROR, 2, false, "invalid source address: ::zz" },
	{ NULL, V("-I", "fe80::1::2%eth0", "h"), CLI_ERROR, 2, false, "invalid source address: fe80::1::2%eth0" },
	{ NULL, V("-I", "%eth0:", "h"), CLI_ERROR, 2, false, "invalid source address: %eth0:" },
	/* operands */
	{ NULL, V(NULL), CLI_ERROR, 2, false, "usage error: Destination address required" },
	{ NULL, V("-c", "1"), CLI_ERROR, 2, false, "usage error: Destination address required" },
	{ NULL, V("-q", "--"), CLI_ERROR, 2, false, "usage error: Destination address required" },
};

/* Each refused vector gives exactly its message, status and usage flag. */
static void test_error_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case *c = &err_cases[i];
		struct ping_config cfg;
		struct cli_result res;

		parse(c->prog, NULL, c->argv, &cfg, &res);
		if (res.action != c->action || res.exit_code != c->exit_code ||
		    res.show_usage != c->usage ||
		    strcmp(res.message, c->message) != 0)
			fail_msg("error case %zu (%s): action %d exit %d usage %d "
				 "message \"%s\"; expected %d %d %d \"%s\"",
				 i, show(c->argv), (int)res.action,
				 res.exit_code, (int)res.show_usage,
				 res.message, (int)c->action, c->exit_code,
				 (int)c->usage, c->message);
	}
}

/* ---------------------------------------------------------------------- */

/* Every field of a bare "ping host" has its documented default. */
static void test_defaults(void **state)
{
	static const char *const v[] = V("host");
	struct ping_config cfg;
	struct cli_result res;
	static const uint8_t zero[PING_MAX_PATTERN];
	struct in6_addr any6 = IN6ADDR_ANY_INIT;
	size_t i;

	(void)state;
	memset(&cfg, 0xa5, sizeof(cfg));
	memset(&res, 0xa5, sizeof(res));
	parse(NULL, NULL, v, &cfg, &res);

	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(res.exit_code, 0);
	assert_false(res.show_usage);
	assert_string_equal(res.message, "");
	assert_int_equal(res.nwarnings, 0);

	assert_int_equal(cfg.family, AF_UNSPEC);
	assert_false(cfg.rtt_3dec);
	assert_false(cfg.audible);
	assert_false(cfg.adaptive);
	assert_false(cfg.broadcast);
	assert_false(cfg.strict_source);
	assert_false(cfg.connect_sock);
	assert_false(cfg.so_debug);
	assert_false(cfg.timestamps);
	assert_false(cfg.flood);
	assert_false(cfg.no_mcast_loop);
	assert_false(cfg.report_outstanding);
	assert_false(cfg.quiet);
	assert_false(cfg.dontroute);
	assert_false(cfg.record_route);
	assert_false(cfg.user_latency);
	assert_int_equal(cfg.verbose, 0);
	assert_int_equal(cfg.ptr, PTR_DEFAULT);
	assert_false(cfg.ptr_env_disabled);

	assert_true(cfg.count == 0);
	assert_false(cfg.ident_set);
	assert_int_equal(cfg.ident, 0);
	assert_false(cfg.flowlabel_set);
	assert_int_equal(cfg.flowlabel, 0);
	assert_false(cfg.interval_set);
	assert_int_equal(cfg.interval_ms, PING_DEFAULT_INTERVAL_MS);
	assert_int_equal(cfg.interval_ms, 1000);
	assert_false(cfg.source4_set);
	assert_false(cfg.source6_set);
	assert_null(cfg.device);
	assert_null(cfg.iface_arg);
	assert_int_equal(cfg.source4.s_addr, 0);
	assert_memory_equal(&cfg.source6, &any6, sizeof(any6));
	assert_int_equal(cfg.preload, 1);
	assert_false(cfg.mark_set);
	assert_int_equal(cfg.mark, 0);
	assert_int_equal(cfg.pmtudisc, PMTUDISC_UNSET);
	assert_int_equal(cfg.nnodeinfo, 0);
	assert_memory_equal(cfg.pattern, zero, sizeof(zero));
	assert_int_equal(cfg.pattern_len, 0);
	assert_false(cfg.pattern_set);
	assert_false(cfg.tos_set);
	assert_int_equal(cfg.tos, 0);
	assert_int_equal(cfg.datalen, 56);
	assert_int_equal(cfg.sndbuf, 0);
	assert_int_equal(cfg.ttl, -1);
	assert_int_equal(cfg.ipts, IPTS_NONE);
	assert_int_equal(cfg.deadline_s, 0);
	assert_true(cfg.linger_us == 10000000ULL);
	assert_ptr_equal(cfg.target, v[1]);
	assert_int_equal(cfg.nextra, 0);
	for (i = 0; i < PING_MAX_EXTRA_ARGS; i++)
		assert_null(cfg.extra[i]);
}

/*
 * The target is the last operand and the others are the hops, in order,
 * pointing at the caller's strings; the caller's argv array is not
 * reordered by getopt's permutation.
 */
static void test_operands(void **state)
{
	char *v[] = { "ping", "a", "-c", "2", "b", "-q", "c", "-n", "t", NULL };
	char *copy[sizeof(v) / sizeof(v[0])];
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	memcpy(copy, v, sizeof(v));
	cli_parse(9, v, "ping", NULL, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_memory_equal(copy, v, sizeof(v));
	assert_int_equal(cfg.nextra, 3);
	assert_ptr_equal(cfg.extra[0], v[1]);
	assert_ptr_equal(cfg.extra[1], v[4]);
	assert_ptr_equal(cfg.extra[2], v[6]);
	assert_null(cfg.extra[3]);
	assert_ptr_equal(cfg.target, v[8]);
	assert_true(cfg.count == 2);
	assert_true(cfg.quiet);
	assert_int_equal(cfg.ptr, PTR_NEVER);
}

/* -N keeps its arguments as given, in order; the node-info code validates them later. */
static void test_nodeinfo(void **state)
{
	const char *v[] = V("-N", "subject-fqdn=example.org", "h");
	const char *v2[] = V("-N", "name", "-N", "nonsense", "h");
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	parse(NULL, NULL, v, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.nnodeinfo, 1);
	assert_ptr_equal(cfg.nodeinfo[0], v[2]);
	parse(NULL, NULL, v2, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.nnodeinfo, 2);
	assert_ptr_equal(cfg.nodeinfo[0], v2[2]);
	assert_ptr_equal(cfg.nodeinfo[1], v2[4]);
	{
		const char *many[2 * (PING_MAX_NODEINFO + 1) + 3];
		int n = 0;

		many[n++] = "ping";
		for (int i = 0; i <= PING_MAX_NODEINFO; i++) {
			many[n++] = "-N";
			many[n++] = "name";
		}
		many[n++] = "h";
		many[n] = NULL;
		cli_parse(n, (char *const *)many, "ping", NULL, &cfg, &res);
		assert_int_equal(res.action, CLI_ERROR);
		assert_int_equal(res.exit_code, 2);
		assert_true(res.show_usage);
	}
}

/* The three -I forms fill the address, the device and the raw argument. */
static void test_iface_forms(void **state)
{
	const char *dev[] = V("-I", "eth0", "h");
	const char *a4[] = V("-I", "192.0.2.7", "h");
	const char *a6[] = V("-I", "2001:db8::7", "h");
	const char *ll[] = V("-I", "fe80::1%wlan0", "h");
	const char *both[] = V("-I", "fe80::1%wlan0", "-I", "198.51.100.1", "h");
	const char *devs[] = V("-I", "eth0", "-I", "192.0.2.8", "-I", "192.0.2.9", "-I", "lo", "h");
	struct in6_addr want6, any6 = IN6ADDR_ANY_INIT;
	struct in_addr want4;
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	parse(NULL, NULL, dev, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_false(cfg.source4_set);
	assert_false(cfg.source6_set);
	assert_string_equal(cfg.device, "eth0");
	assert_ptr_equal(cfg.iface_arg, dev[2]);
	assert_int_equal(cfg.source4.s_addr, 0);

	parse(NULL, NULL, a4, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_true(cfg.source4_set);
	inet_pton(AF_INET, "192.0.2.7", &want4);
	assert_int_equal(cfg.source4.s_addr, want4.s_addr);
	assert_null(cfg.device);
	assert_true(cfg.strict_source);
	assert_ptr_equal(cfg.iface_arg, a4[2]);

	parse(NULL, NULL, a6, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_true(cfg.source6_set);
	assert_false(cfg.source4_set);
	inet_pton(AF_INET6, "2001:db8::7", &want6);
	assert_memory_equal(&cfg.source6, &want6, sizeof(want6));
	assert_null(cfg.device);

	parse(NULL, NULL, ll, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_true(cfg.source6_set);
	inet_pton(AF_INET6, "fe80::1", &want6);
	assert_memory_equal(&cfg.source6, &want6, sizeof(want6));
	assert_string_equal(cfg.device, "wlan0");
	assert_ptr_equal(cfg.iface_arg, ll[2]);

	/* as in iputils, each -I sets its own part and keeps the others */
	parse(NULL, NULL, both, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_true(cfg.source4_set);
	assert_true(cfg.source6_set);
	assert_string_equal(cfg.device, "wlan0");
	inet_pton(AF_INET6, "fe80::1", &want6);
	assert_memory_equal(&cfg.source6, &want6, sizeof(want6));
	inet_pton(AF_INET, "198.51.100.1", &want4);
	assert_int_equal(cfg.source4.s_addr, want4.s_addr);
	assert_ptr_equal(cfg.iface_arg, both[4]);

	/* a later -I of the same part replaces it */
	parse(NULL, NULL, devs, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_string_equal(cfg.device, "lo");
	assert_true(cfg.source4_set);
	inet_pton(AF_INET, "192.0.2.9", &want4);
	assert_int_equal(cfg.source4.s_addr, want4.s_addr);
	assert_memory_equal(&cfg.source6, &any6, sizeof(any6));
}

/*
 * A device name is kept as given, whatever it is: "" is a device (an IPv4
 * run binds to none and says so in its header, an IPv6 run cannot find
 * it), and so is a name no interface can have; the run decides, as iputils'.
 */
static void test_iface_any_name(void **state)
{
	const char *empty[] = V("-I", "", "h");
	const char *empty_scope[] = V("-I", "fe80::1%", "h");
	const char *lng[] = V("-I", "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789", "h");
	const char *lng_scope[] = V("-I", "fe80::1%abcdefghijklmnop", "h");
	const char *after[] = V("-I", "", "-I", "lo", "h");
	const char *before[] = V("-I", "lo", "-I", "", "h");
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	parse(NULL, NULL, empty, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_ptr_equal(cfg.device, empty[2]);
	assert_string_equal(cfg.device, "");
	assert_false(cfg.strict_source);
	parse(NULL, NULL, empty_scope, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_non_null(cfg.device);
	assert_string_equal(cfg.device, "");
	assert_true(cfg.source6_set);
	parse(NULL, NULL, lng, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_ptr_equal(cfg.device, lng[2]);
	parse(NULL, NULL, lng_scope, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_string_equal(cfg.device, "abcdefghijklmnop");
	parse(NULL, NULL, after, &cfg, &res);
	assert_string_equal(cfg.device, "lo");
	parse(NULL, NULL, before, &cfg, &res);
	assert_non_null(cfg.device);
	assert_string_equal(cfg.device, "");
}

struct pattern_case {
	const char *arg;
	size_t len;
	uint8_t bytes[PING_MAX_PATTERN];
};

static const struct pattern_case pattern_cases[] = {
	{ "ff", 1, { 0xff } },
	{ "f", 1, { 0x0f } },
	{ "123", 2, { 0x12, 0x03 } },
	{ "aBcD", 2, { 0xab, 0xcd } },
	{ "00", 1, { 0x00 } },
	{ "", 0, { 0 } },
	{ "0123456789abcdef0123456789abcdef", 16,
	  { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef } },
	{ "0123456789abcdef0123456789abcdef01ff", 16,
	  { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef } },
	{ "112233445566778899aabbccddeeff0", 16,
	  { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	    0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00 } },
};

/* -p: pairs of digits, a lone last digit, the 16-byte cap, the empty pattern. */
static void test_pattern_forms(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pattern_cases) / sizeof(pattern_cases[0]); i++) {
		const struct pattern_case *c = &pattern_cases[i];
		const char *v[] = V("-p", c->arg, "h");
		struct ping_config cfg;
		struct cli_result res;

		parse(NULL, NULL, v, &cfg, &res);
		assert_int_equal(res.action, CLI_RUN);
		assert_true(cfg.pattern_set);
		if (cfg.pattern_len != c->len)
			fail_msg("-p '%s': %zu bytes, expected %zu", c->arg,
				 cfg.pattern_len, c->len);
		assert_memory_equal(cfg.pattern, c->bytes, PING_MAX_PATTERN);
	}
}

/* The two garbage lines, the value of the prefix, and the warning cap. */
static void test_garbage_warnings(void **state)
{
	static const char *const g1 = "option argument contains garbage: ";
	static const char *const g2 = "this will become fatal error in the future";
	const char *abc[] = V("-i", "abc", "h");
	const char *comma[] = V("-i", "0,5", "h");
	const char *lw[] = V("-W", "1x", "h");
	const char *two[] = V("-i", "1s", "-W", "2s", "h");
	const char *three[] = V("-i", "1a", "-W", "2b", "-i", "3c", "h");
	const char *clean[] = V("-i", "1", "-W", "2", "h");
	const char *fatal[] = V("-i", "1e400x", "h");
	const char *help[] = V("-i", "2x", "-h");
	char want[160];
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	parse(NULL, NULL, abc, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.interval_ms, 0);
	assert_true(cfg.interval_set);
	assert_int_equal(res.nwarnings, 2);
	snprintf(want, sizeof(want), "%sabc", g1);
	assert_string_equal(res.warnings[0], want);
	assert_string_equal(res.warnings[1], g2);

	parse(NULL, NULL, comma, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.interval_ms, 0);
	assert_int_equal(res.nwarnings, 2);
	snprintf(want, sizeof(want), "%s,5", g1);
	assert_string_equal(res.warnings[0], want);
	assert_string_equal(res.warnings[1], g2);

	parse(NULL, NULL, lw, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_true(cfg.linger_us == 1000000);
	assert_int_equal(res.nwarnings, 2);
	snprintf(want, sizeof(want), "%sx", g1);
	assert_string_equal(res.warnings[0], want);

	parse(NULL, NULL, two, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.interval_ms, 1000);
	assert_true(cfg.linger_us == 2000000);
	assert_int_equal(res.nwarnings, 4);
	snprintf(want, sizeof(want), "%ss", g1);
	assert_string_equal(res.warnings[0], want);
	assert_string_equal(res.warnings[1], g2);
	assert_string_equal(res.warnings[2], want);
	assert_string_equal(res.warnings[3], g2);

	parse(NULL, NULL, three, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.interval_ms, 3000);
	assert_int_equal(res.nwarnings, CLI_MAX_WARNINGS);
	snprintf(want, sizeof(want), "%sb", g1);
	assert_string_equal(res.warnings[2], want);

	parse(NULL, NULL, clean, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(res.nwarnings, 0);

	/* garbage after an out-of-range number: warned, then refused */
	parse(NULL, NULL, fatal, &cfg, &res);
	assert_int_equal(res.action, CLI_ERROR);
	assert_int_equal(res.exit_code, 2);
	assert_string_equal(res.message,
		"bad timing interval: 1e400x: Numerical result out of range");
	assert_int_equal(res.nwarnings, 2);
	snprintf(want, sizeof(want), "%sx", g1);
	assert_string_equal(res.warnings[0], want);

	/* warnings of options before -h are kept */
	parse(NULL, NULL, help, &cfg, &res);
	assert_int_equal(res.action, CLI_HELP);
	assert_int_equal(res.nwarnings, 2);
}

/* -s's limit for an invocation: datalen, the largest accepted, the family checked. */
struct datalen_case {
	const char *const argv[8];
	long ok;		/* accepted; ok + 1 is refused */
	int af;			/* cli_datalen_family */
};

static const struct datalen_case datalen_cases[] = {
	/* An address literal decides, over -4 and -6. */
	{ V("127.0.0.1"), 65507, AF_INET },
	{ V("0.0.0.0"), 65507, AF_INET },
	{ V("-6", "127.0.0.1"), 65507, AF_INET },
	{ V("::1"), 65527, AF_INET6 },
	{ V("-4", "::1"), 65527, AF_INET6 },
	{ V("::ffff:127.0.0.1"), 65527, AF_INET6 },
	/* Otherwise -4 or -6; with neither, the larger limit. */
	{ V("-4", "localhost"), 65507, AF_INET },
	{ V("-4", "127.1"), 65507, AF_INET },
	{ V("-6", "127.1"), 65527, AF_INET6 },
	{ V("localhost"), 65527, AF_UNSPEC },
	{ V("127.1"), 65527, AF_UNSPEC },
	{ V("0x7f.1"), 65527, AF_UNSPEC },
	{ V("fe80::1%lo"), 65527, AF_UNSPEC },
	/* -R, -T and hops take the IPv4 option space, when IPv4 is known. */
	{ V("-R", "127.0.0.1"), 65467, AF_INET },
	{ V("-T", "tsonly", "127.0.0.1"), 65467, AF_INET },
	{ V("198.18.0.2", "127.0.0.1"), 65467, AF_INET },
	{ V("-R", "127.1"), 65527, AF_UNSPEC },
	{ V("-4", "-R", "localhost"), 65467, AF_INET },
	{ V("-R", "::1"), 65527, AF_INET6 },
};

static void test_datalen(void **state)
{
	struct ping_config cfg;
	struct cli_result res;
	char msg[128], want[128];

	(void)state;
	assert_int_equal(cli_max_datalen(AF_INET, 0), 65507);
	assert_int_equal(cli_max_datalen(AF_INET, 40), 65467);
	assert_int_equal(cli_max_datalen(AF_INET6, 0), 65527);
	assert_int_equal(cli_max_datalen(AF_INET6, 40), 65527);
	assert_int_equal(cli_max_datalen(AF_UNSPEC, 0), 65527);
	assert_int_equal(cli_max_datalen(AF_UNSPEC, 40), 65527);

	for (size_t i = 0; i < sizeof(datalen_cases) / sizeof(datalen_cases[0]); i++) {
		const struct datalen_case *c = &datalen_cases[i];

		parse(NULL, NULL, c->argv, &cfg, &res);
		assert_int_equal(res.action, CLI_RUN);
		assert_int_equal(cli_datalen_family(&cfg), c->af);
		cfg.datalen = c->ok;
		strcpy(msg, "untouched");
		assert_true(cli_check_datalen(&cfg, msg, sizeof(msg)));
		assert_string_equal(msg, "untouched");
		cfg.datalen = c->ok + 1;
		assert_false(cli_check_datalen(&cfg, msg, sizeof(msg)));
		snprintf(want, sizeof(want), "invalid -s value: '%ld': out of range: 0 <= value <= %ld",
			 c->ok + 1, c->ok);
		assert_string_equal(msg, want);
		cfg.datalen = 0;
		assert_true(cli_check_datalen(&cfg, msg, sizeof(msg)));
	}

	parse(NULL, NULL, (const char *const[])V("127.0.0.1"), &cfg, &res);
	cfg.datalen = INT_MAX;
	assert_false(cli_check_datalen(&cfg, msg, sizeof(msg)));
	assert_string_equal(msg,
		"invalid -s value: '2147483647': out of range: 0 <= value <= 65507");
}

/*
 * Operands before the target are counted once its family is known: the
 * parse takes them all (the first nine kept), cli_operands_fit judges.
 */
struct operands_case {
	const char *const argv[16];
	bool fit4, fit6;
};

static const struct operands_case operands_cases[] = {
	{ V("h"), true, true },
	{ V("a", "h"), true, false },
	{ V("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), true, false },
	{ V("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"), false, false },
	{ V("-T", "tsprespec", "a", "b", "c", "d", "h"), true, false },
	{ V("-T", "tsprespec", "a", "b", "c", "d", "e", "h"), false, false },
	{ V("-T", "tsprespec", "h"), true, true },
	{ V("-R", "h"), true, true },
	{ V("-R", "a", "h"), false, false },
	{ V("-T", "tsonly", "a", "h"), false, false },
	{ V("-T", "tsandaddr", "a", "h"), false, false },
	{ V("-N", "name", "a", "h"), true, false },
};

static void test_operands_fit(void **state)
{
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	for (size_t i = 0; i < sizeof(operands_cases) / sizeof(operands_cases[0]); i++) {
		const struct operands_case *c = &operands_cases[i];
		size_t n = 0;

		while (c->argv[n + 1] != NULL)
			n++;
		parse(NULL, NULL, c->argv, &cfg, &res);
		assert_int_equal(res.action, CLI_RUN);
		assert_string_equal(cfg.target, c->argv[n]);
		assert_true(cfg.nextra <= PING_MAX_EXTRA_ARGS);
		assert_int_equal(cli_operands_fit(&cfg, AF_INET), c->fit4);
		assert_int_equal(cli_operands_fit(&cfg, AF_INET6), c->fit6);
	}
	/* Eleven operands: nine kept, the overflow remembered. */
	parse(NULL, NULL, operands_cases[3].argv, &cfg, &res);
	assert_int_equal(cfg.nextra, PING_MAX_EXTRA_ARGS);
	assert_true(cfg.extra_overflow);
	assert_string_equal(cfg.extra[8], "i");
	assert_string_equal(cfg.target, "k");
}

/*
 * What iputils does as it reads an option, recorded with the option's
 * ordinal: a PATTERN line for each -p read before any -q, the first -l
 * above 3, where each -N was.
 */
static void test_parse_time_facts(void **state)
{
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	parse_own(NULL, NULL, (const char *const[])V("-p", "ff", "-c", "1", "-p", "abc", "-q", "-p", "01", "h"), &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(res.nopts, 5);
	assert_int_equal(res.npatterns, 2);
	assert_int_equal(res.patterns[0].at, 0);
	assert_int_equal(res.patterns[0].len, 1);
	assert_int_equal(res.patterns[0].bytes[0], 0xff);
	assert_int_equal(res.patterns[1].at, 2);
	assert_int_equal(res.patterns[1].len, 2);
	assert_int_equal(res.patterns[1].bytes[0], 0xab);
	assert_int_equal(res.patterns[1].bytes[1], 0x0c);
	/* The run's pattern is the last one, printed or not. */
	assert_int_equal(cfg.pattern_len, 1);
	assert_int_equal(cfg.pattern[0], 0x01);
	cli_result_free(&res);
	assert_null(res.patterns);

	/* -q first: no line at all; a refused option after -p: the line stays. */
	parse_own(NULL, NULL, (const char *const[])V("-q", "-p", "ff", "h"), &cfg, &res);
	assert_int_equal(res.npatterns, 0);
	cli_result_free(&res);
	parse_own(NULL, NULL, (const char *const[])V("-p", "ff", "-S", "0", "h"), &cfg, &res);
	assert_int_equal(res.action, CLI_ERROR);
	assert_int_equal(res.npatterns, 1);
	cli_result_free(&res);
	parse_own(NULL, NULL, (const char *const[])V("-S", "0", "-p", "ff", "h"), &cfg, &res);
	assert_int_equal(res.npatterns, 0);
	cli_result_free(&res);

	/* The first -l above 3 and where it was; -N ordinals. */
	parse_own(NULL, NULL, (const char *const[])V("-l", "2", "-N", "name", "-l", "5", "-l", "9", "-N", "help", "h"), &cfg, &res);
	assert_int_equal(cfg.preload, 9);
	assert_int_equal(cfg.preload_high, 5);
	assert_int_equal(cfg.preload_high_at, 2);
	assert_int_equal(cfg.nnodeinfo, 2);
	assert_int_equal(cfg.nodeinfo_at[0], 1);
	assert_int_equal(cfg.nodeinfo_at[1], 4);
	cli_result_free(&res);
	parse_own(NULL, NULL, (const char *const[])V("-l", "3", "h"), &cfg, &res);
	assert_int_equal(cfg.preload_high, 0);
	cli_result_free(&res);
}

/* -Q values the kernel refuses as an IPv6 traffic class: below -1. */
static void test_tclass_refused(void **state)
{
	static const struct {
		const char *q;
		bool refused;
	} cases[] = {
		{ NULL, false }, { "0", false }, { "-1", false }, { "255", false },
		{ "-2", true }, { "-5", true }, { "2147483648", true }, { "4294967295", false },
	};
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].q)
			parse(NULL, NULL, (const char *const[])V("-Q", cases[i].q, "h"), &cfg, &res);
		else
			parse(NULL, NULL, (const char *const[])V("h"), &cfg, &res);
		assert_int_equal(res.action, CLI_RUN);
		assert_int_equal(cli_tclass_refused(&cfg), cases[i].refused);
	}
}

/* iputils' buffer estimate and the preload's receive buffer, with its overflow guard. */
static void test_preload_rcvbuf(void **state)
{
	struct rcvbuf_plan p;

	(void)state;
	/* 56 bytes: 64 + one 512-byte block of 20 + 16 + 64 + 160 (IPv4), of 40 + ... (IPv6). */
	assert_int_equal(cli_packet_estimate(AF_INET, 56, 0), 324);
	assert_int_equal(cli_packet_estimate(AF_INET, 56, 40), 364);
	assert_int_equal(cli_packet_estimate(AF_INET6, 56, 0), 344);
	assert_int_equal(cli_packet_estimate(AF_INET6, 56, 40), 344);
	/* 504 + 8 = 512 bytes: still one block; 505 starts a second. */
	assert_int_equal(cli_packet_estimate(AF_INET, 504, 0), 512 + 260);
	assert_int_equal(cli_packet_estimate(AF_INET, 505, 0), 513 + 2 * 260);
	assert_int_equal(cli_packet_estimate(AF_INET6, 65527, 0), 65535 + 128 * 280);

	/* At least 65536 is asked for; what is wanted is the estimate times the preload. */
	p = cli_preload_rcvbuf(AF_INET, 56, 0, 2);
	assert_int_equal(p.want, 648);
	assert_int_equal(p.set, 65536);
	assert_false(p.overflow);
	p = cli_preload_rcvbuf(AF_INET, 56, 0, 25891);
	assert_int_equal(p.want, 324 * 25891);
	assert_int_equal(p.set, 324 * 25891);
	p = cli_preload_rcvbuf(AF_INET6, 56, 0, 65536);
	assert_int_equal(p.want, 344 * 65536);
	assert_false(p.overflow);

	/* Products beyond an int: INT_MAX, flagged (iputils' "buffer size overflow"). */
	p = cli_preload_rcvbuf(AF_INET, 30000, 0, 65536);
	assert_true(p.overflow);
	assert_int_equal(p.want, INT_MAX);
	assert_int_equal(p.set, INT_MAX);
	/* The largest product that fits is not flagged. */
	p = cli_preload_rcvbuf(AF_INET, 30000, 0, INT_MAX / cli_packet_estimate(AF_INET, 30000, 0));
	assert_false(p.overflow);
	p = cli_preload_rcvbuf(AF_INET, 30000, 0, INT_MAX / cli_packet_estimate(AF_INET, 30000, 0) + 1);
	assert_true(p.overflow);
}

/*
 * cli_parse resets getopt: a parse that stopped inside a cluster of
 * letters, or on an error, leaves nothing behind for the next one.
 */
static void test_parse_twice(void **state)
{
	const char *stop[] = V("-Vq", "-c", "3", "h");
	const char *next[] = V("-c", "2", "h");
	const char *bad[] = V("-qc", "0", "h");
	const char *perm[] = V("x", "y", "-v");
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	parse(NULL, NULL, stop, &cfg, &res);
	assert_int_equal(res.action, CLI_VERSION);

	parse(NULL, NULL, next, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_true(cfg.count == 2);
	assert_false(cfg.quiet);
	assert_string_equal(cfg.target, "h");

	parse(NULL, NULL, bad, &cfg, &res);
	assert_int_equal(res.action, CLI_ERROR);
	parse(NULL, NULL, bad, &cfg, &res);
	assert_int_equal(res.action, CLI_ERROR);
	assert_int_equal(res.exit_code, 1);

	parse(NULL, NULL, perm, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.nextra, 1);
	assert_string_equal(cfg.extra[0], "x");
	assert_string_equal(cfg.target, "y");
	assert_int_equal(cfg.verbose, 1);

	parse(NULL, NULL, next, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.verbose, 0);
	assert_int_equal(cfg.nextra, 0);
	assert_true(cfg.count == 2);
}

/* No argv at all, and no program name, are handled like "ping". */
static void test_degenerate_calls(void **state)
{
	char *argv[] = { NULL };
	char *one[] = { "ping6", "h", NULL };
	struct ping_config cfg;
	struct cli_result res;

	(void)state;
	cli_parse(0, argv, NULL, NULL, &cfg, &res);
	assert_int_equal(res.action, CLI_ERROR);
	assert_int_equal(res.exit_code, 2);
	assert_string_equal(res.message,
			    "usage error: Destination address required");

	cli_parse(2, one, NULL, NULL, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.family, AF_UNSPEC);

	cli_parse(2, one, "", NULL, &cfg, &res);
	assert_int_equal(res.action, CLI_RUN);
	assert_int_equal(cfg.family, AF_UNSPEC);
}

/* Reads the usage text into memory. */
static __attribute__((noinline)) char *usage_text(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	cli_usage(f);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	return buf;
}

/* The line of the usage text that describes option letter c, or NULL. */
static const char *usage_line_for(const char *text, char c)
{
	const char *p = text;

	while ((p = strstr(p, "\n  -")) != NULL) {
		p++;
		if (p[3] == c && (p[4] == ' ' || p[4] == '\n'))
			return p;
	}
	return NULL;
}

/*
 * The layout of the help text: head and tail lines, every letter of the
 * option string on its own line in the right group, descriptions and
 * their continuations at column 22, nothing wider than 80 columns.
 */
static void test_usage_layout(void **state)
{
	static const char optletters[] = "h?4bRT6FN3aABcCdDefHiIlLmMnOpqQrsStUvVwW";
	static const char v4[] = "4bRT", v6[] = "6FN";
	char *text = usage_text();
	const char *ipv4, *ipv6, *line, *p, *end;
	size_t i, len = strlen(text);

	(void)state;
	assert_true(strncmp(text, "\nUsage\n  ping [options] <destination>\n\nOptions:\n",
			    strlen("\nUsage\n  ping [options] <destination>\n\nOptions:\n")) == 0);
	end = "\n\nFor more details see ping(8).\n";
	assert_true(len > strlen(end));
	assert_string_equal(text + len - strlen(end), end);

	ipv4 = strstr(text, "\n\nIPv4 options:\n");
	ipv6 = strstr(text, "\n\nIPv6 options:\n");
	assert_non_null(ipv4);
	assert_non_null(ipv6);
	assert_true(ipv4 < ipv6);

	for (i = 0; optletters[i] != '\0'; i++) {
		char c = optletters[i];

		line = usage_line_for(text, c);
		if (line == NULL)
			fail_msg("no usage line for -%c", c);
		if (usage_line_for(line + 1, c) != NULL)
			fail_msg("two usage lines for -%c", c);
		if (strchr(v4, c) != NULL)
			assert_true(line > ipv4 && line < ipv6);
		else if (strchr(v6, c) != NULL)
			assert_true(line > ipv6);
		else
			assert_true(line < ipv4);
	}

	/* columns, line by line after the "Options:" heading */
	p = strstr(text, "Options:\n") + strlen("Options:\n");
	for (const char *nl; *p != '\0' && (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		size_t n = (size_t)(nl - p);

		if (n > 80)
			fail_msg("usage line wider than 80: %.*s", (int)n, p);
		if (n == 0 || p[0] != ' ')
			continue;	/* blank, a heading, or the last line */
		assert_true(n > 21);
		if (p[2] == '-' || p[2] == '<') {
			/* "  -x <arg>" then spaces up to column 22 */
			assert_true(p[20] == ' ');
			assert_true(p[21] != ' ');
		} else {
			/* a continuation: exactly 21 spaces */
			assert_true(strspn(p, " ") == 21);
		}
	}
	free(text);
}

/* GNU getopt stops permuting under POSIXLY_CORRECT; the tables assume it does not. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_ok_table),
		cmocka_unit_test(test_error_table),
		cmocka_unit_test(test_operands),
		cmocka_unit_test(test_nodeinfo),
		cmocka_unit_test(test_iface_forms),
		cmocka_unit_test(test_iface_any_name),
		cmocka_unit_test(test_pattern_forms),
		cmocka_unit_test(test_garbage_warnings),
		cmocka_unit_test(test_datalen),
		cmocka_unit_test(test_preload_rcvbuf),
		cmocka_unit_test(test_operands_fit),
		cmocka_unit_test(test_parse_time_facts),
		cmocka_unit_test(test_tclass_refused),
		cmocka_unit_test(test_parse_twice),
		cmocka_unit_test(test_degenerate_calls),
		cmocka_unit_test(test_usage_layout),
	};

	unsetenv("POSIXLY_CORRECT");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
