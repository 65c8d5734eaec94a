/* Command line -> struct ping_config.  Never prints, never exits. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <getopt.h>
#include <unistd.h>

#include "cli.h"
#include "ipopt.h"
#include "nls.h"
#include "strnum.h"

/*
 * iputils' option string without its '?'.  glibc reports "-?" then as an
 * unknown option whose optopt is '?', which is fresh on every error; with
 * '?' listed, a real "-?" and an unknown letter both return '?' and only
 * a stale optopt would tell them apart.
 */
static const char optstring[] =
	"h4bRT:6F:N:3aABc:CdDe:fHi:I:jl:Lm:M:nOp:qQ:rs:S:t:UvVw:W:";

/* Options of our own are long ones (iputils may give new letters other meanings); -j is iputils master's. */
#define OPT_PERCENTILES	0x100
static const struct option long_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "percentiles", no_argument, NULL, OPT_PERCENTILES },
	{ NULL, 0, NULL, 0 },
};

#define IPV4_MAX_DATALEN	65507	/* 65535 - 20 (IPv4) - 8 (ICMP) */
#define IPV6_MAX_DATALEN	65527	/* 65535 - 8 (ICMPv6): IPv6 header not counted */
#define MAX_PRELOAD		65536
#define MAX_TOS			255
#define MAX_FLOWLABEL		0xfffffUL
#define MAX_LINGER_S		4294.967295

/* Records a fatal outcome; the caller stops parsing. */
__attribute__((format(printf, 4, 5)))
static void fail(struct cli_result *res, int exit_code, bool show_usage,
		 const char *fmt, ...)
{
	va_list ap;

	res->action = CLI_ERROR;
	res->exit_code = exit_code;
	res->show_usage = show_usage;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
}

/*
 * Appends one non-fatal line.  -i and -W may be repeated without limit, so
 * the list is bounded and later lines are dropped once it is full.
 */
__attribute__((format(printf, 2, 3)))
static void warn(struct cli_result *res, const char *fmt, ...)
{
	va_list ap;

	if (res->nwarnings >= CLI_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(res->warnings[res->nwarnings], sizeof(res->warnings[0]),
		  fmt, ap);
	va_end(ap);
	res->nwarnings++;
}

/* The message and exit status 1 of iputils' integer parser for a status. */
static bool report_integer(enum strnum_status st, const char *arg,
			   long long min, long long max, struct cli_result *res)
{
	switch (st) {
	case STRNUM_OK:
		return true;
	case STRNUM_OVERFLOW:
		fail(res, 1, false, _("invalid argument: '%s': %s"), arg,
		     nls_strerror(ERANGE));
		return false;
	case STRNUM_OUT_OF_RANGE:
		fail(res, 1, false,
		     _("invalid argument: '%s': out of range: %lld <= value <= %lld"),
		     arg, min, max);
		return false;
	case STRNUM_INVALID:
	default:
		fail(res, 1, false, _("invalid argument: '%s'"), arg);
		return false;
	}
}

/* An integer option that must lie in [min, max]. */
static bool parse_integer(const char *arg, long long min, long long max,
			  long long *out, struct cli_result *res)
{
	return report_integer(strnum_ll(arg, min, max, out), arg, min, max, res);
}

/*
 * Whether s is a plain non-negative decimal (leading white space and '+'
 * allowed) that fits 64 bits unsigned.
 */
static bool fits_u64(const char *s)
{
	uint64_t v = 0;
	unsigned d;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+')
		s++;
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	return true;
}

/*
 * -m is read as an unsigned long by iputils, so a positive number too big
 * for long long but within 64 bits unsigned is "out of range" rather than
 * "Numerical result out of range".
 */
static bool parse_mark(const char *arg, uint32_t *mark, struct cli_result *res)
{
	enum strnum_status st;
	long long v;

	st = strnum_ll(arg, 0, UINT32_MAX, &v);
	if (st == STRNUM_OVERFLOW && fits_u64(arg))
		st = STRNUM_OUT_OF_RANGE;
	if (!report_integer(st, arg, 0, UINT32_MAX, res))
		return false;
	*mark = (uint32_t)v;
	return true;
}

/*
 * A time in seconds for -i or -W ("what", untranslated, names it in the
 * messages: the catalog is opened only when one is made).
 * Trailing garbage only warns and the parsed prefix is used, as in
 * iputils; a value that is not a finite normal number, or is outside
 * [0, max], is fatal with exit status 2.
 */
static bool parse_seconds(const char *arg, const char *what, double max,
			  double *out, struct cli_result *res)
{
	enum strnum_status st;
	const char *rest;
	double v;

	if (*arg == '\0') {
		fail(res, 2, false, "%s: %s", _(what), arg);
		return false;
	}
	st = strnum_double(arg, &v, &rest);
	if (*rest != '\0') {
		warn(res, _("option argument contains garbage: %s"), rest);
		warn(res, _("this will become fatal error in the future"));
	}
	if (st == STRNUM_OVERFLOW || fpclassify(v) == FP_SUBNORMAL) {
		fail(res, 2, false, "%s: %s: %s", _(what), arg, nls_strerror(ERANGE));
		return false;
	}
	if (isless(v, 0.0) || isgreater(v, max)) {
		fail(res, 2, false, "%s: %s", _(what), arg);
		return false;
	}
	*out = v;
	return true;
}

/*
 * -Q and -F read their number as iputils does, with the C library's
 * conversion: base 16 after a leading "0x" or "0X", else base 10; leading
 * blanks and a sign are taken, an empty number is 0, and the rest of the
 * argument must be empty.  The result is then cut to an int, as iputils
 * stores it, with 64-bit arithmetic on every architecture (strtoll and
 * strtoull saturate as a 64-bit strtol does).
 */
static const char *hexdec_digits(const char *arg, int *base)
{
	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		*base = 16;
		return arg + 2;
	}
	*base = 10;
	return arg;
}

/* An int as a 64-bit long is cut to one: its low 32 bits, two's complement. */
static int32_t low_int(uint64_t v)
{
	uint32_t low = (uint32_t)v;

	return low <= INT32_MAX ? (int32_t)low : -(int32_t)(UINT32_MAX - low) - 1;
}

/*
 * -Q: at most 255 once cut to an int (so -1, or 4294967296, passes and the
 * kernel gets it as it is); the range message shows the int.
 */
static bool parse_tos(const char *arg, struct ping_config *cfg,
		      struct cli_result *res)
{
	int base;
	const char *digits = hexdec_digits(arg, &base);
	char *end;
	int32_t tos = low_int((uint64_t)strtoll(digits, &end, base));

	if (*end != '\0') {
		fail(res, 2, false, _("bad TOS value: %s"), arg);
		return false;
	}
	if (tos > MAX_TOS) {
		fail(res, 2, false,
		     _("the decimal value of TOS bits must be in range 0-255: %llu"),
		     (unsigned long long)tos);
		return false;
	}
	cfg->tos = tos;
	cfg->tos_set = true;
	return true;
}

bool cli_tclass_refused(const struct ping_config *cfg)
{
	return cfg->tos_set && cfg->tos < -1;
}

/*
 * -F: unsigned, cut to an int and widened back as iputils does (so -1 and
 * 2147483648 are far beyond 20 bits, 4294967296 is 0), at most 20 bits.
 */
static bool parse_flowlabel(const char *arg, struct ping_config *cfg,
			    struct cli_result *res)
{
	int base;
	const char *digits = hexdec_digits(arg, &base);
	char *end;
	int64_t v = low_int((uint64_t)strtoull(digits, &end, base));

	if (*end != '\0') {
		fail(res, 2, false, _("bad value for flowinfo: %s"), arg);
		return false;
	}
	if ((uint64_t)v & ~(uint64_t)MAX_FLOWLABEL) {
		fail(res, 2, false, _("flow value is greater than 20 bits: %s"), arg);
		return false;
	}
	cfg->flowlabel = (uint32_t)v;
	cfg->flowlabel_set = true;
	return true;
}

/*
 * -p: the whole argument must be hex digits; it is read as pairs of
 * digits, a lone last digit being a byte of its own, and bytes beyond
 * PING_MAX_PATTERN are ignored.  An empty pattern is accepted and has no
 * bytes (iputils prints "PATTERN: 0x" and leaves the payload alone).
 */
static bool parse_pattern(const char *arg, struct ping_config *cfg,
			  struct cli_result *res)
{
	const char *p;
	size_t n = 0;

	for (p = arg; *p != '\0'; p++) {
		if (strnum_hexdigit(*p) < 0) {
			fail(res, 2, false,
			     _("patterns must be specified as hex digits: %s"), p);
			return false;
		}
	}
	for (p = arg; *p != '\0' && n < PING_MAX_PATTERN; n++) {
		int v = strnum_hexdigit(*p++);

		if (*p != '\0')
			v = v * 16 + strnum_hexdigit(*p++);
		cfg->pattern[n] = (uint8_t)v;
	}
	cfg->pattern_len = n;
	cfg->pattern_set = true;
	if (!cfg->quiet) {
		struct cli_pattern *more = realloc(res->patterns, ((size_t)res->npatterns + 1) * sizeof(*more));

		if (more == NULL) {
			fail(res, 2, false, "%s: %s", _("memory allocation failed"), nls_strerror(ENOMEM));
			return false;
		}
		res->patterns = more;
		memcpy(more[res->npatterns].bytes, cfg->pattern, n);
		more[res->npatterns].len = n;
		more[res->npatterns].at = res->nopts - 1;
		res->npatterns++;
	}
	return true;
}

/*
 * Stores a device name as given.  As in iputils, none is refused here:
 * the kernel judges it (an IPv4 run binds to it, where "" binds to no
 * device and a name too long for an interface is cut to one; an IPv6 run
 * asks for its index), so "" and long names fail or not as iputils' do.
 */
static void set_device(const char *name, struct ping_config *cfg)
{
	cfg->device = name;
}

/*
 * -I: an argument with ':' is an IPv6 source address, possibly with
 * "%device"; else an IPv4 address (which also asks for a sticky source);
 * else a device name.  As in iputils each sets its own part and keeps the
 * rest: a later -I replaces only the same part.
 */
static bool parse_iface(const char *arg, struct ping_config *cfg,
			struct cli_result *res)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *pct;
	size_t alen;

	cfg->iface_arg = arg;

	if (strchr(arg, ':') != NULL) {
		pct = strchr(arg, '%');
		alen = pct != NULL ? (size_t)(pct - arg) : strlen(arg);
		if (alen >= sizeof(addr)) {
			fail(res, 2, false, _("invalid source address: %s"), arg);
			return false;
		}
		memcpy(addr, arg, alen);
		addr[alen] = '\0';
		if (inet_pton(AF_INET6, addr, &cfg->source6) != 1) {
			fail(res, 2, false, _("invalid source address: %s"), arg);
			return false;
		}
		if (pct != NULL)
			set_device(pct + 1, cfg);
		cfg->source6_set = true;
		cfg->strict_source = true;
		return true;
	}
	if (inet_pton(AF_INET, arg, &cfg->source4) == 1) {
		cfg->source4_set = true;
		cfg->strict_source = true;
		return true;
	}
	set_device(arg, cfg);
	return true;
}

/* -4 and -6 may repeat themselves but not contradict each other or the name. */
static bool set_family(int af, struct ping_config *cfg, struct cli_result *res)
{
	if (cfg->family != AF_UNSPEC && cfg->family != af) {
		fail(res, 2, false, _("only one -4 or -6 option may be specified"));
		return false;
	}
	cfg->family = af;
	return true;
}

/* The option letters that only switch a flag on. */
static const struct {
	int letter;
	size_t offset;		/* of the bool in struct ping_config */
} flag_options[] = {
	{ '3', offsetof(struct ping_config, rtt_3dec) },
	{ 'a', offsetof(struct ping_config, audible) },
	{ 'A', offsetof(struct ping_config, adaptive) },
	{ 'b', offsetof(struct ping_config, broadcast) },
	{ 'B', offsetof(struct ping_config, strict_source) },
	{ 'C', offsetof(struct ping_config, connect_sock) },
	{ 'd', offsetof(struct ping_config, so_debug) },
	{ 'D', offsetof(struct ping_config, timestamps) },
	{ 'L', offsetof(struct ping_config, no_mcast_loop) },
	{ 'O', offsetof(struct ping_config, report_outstanding) },
	{ 'q', offsetof(struct ping_config, quiet) },
	{ 'r', offsetof(struct ping_config, dontroute) },
	{ 'U', offsetof(struct ping_config, user_latency) },
	{ 'j', offsetof(struct ping_config, json) },
	{ OPT_PERCENTILES, offsetof(struct ping_config, percentiles) },
};

/*
 * The options without an argument that cannot fail: the flags above, the
 * -v count and the reverse-lookup mode.  Returns false for another letter.
 */
static bool apply_flag(int c, struct ping_config *cfg)
{
	size_t i;

	for (i = 0; i < sizeof(flag_options) / sizeof(flag_options[0]); i++) {
		if (flag_options[i].letter == c) {
			*(bool *)((char *)cfg + flag_options[i].offset) = true;
			return true;
		}
	}
	switch (c) {
	case 'v': cfg->verbose++; return true;
	case 'n': cfg->ptr = PTR_NEVER; return true;
	case 'H': cfg->ptr = PTR_ALWAYS; return true;
	case 'f':
		/* -f turns lookups off but does not undo an explicit -H. */
		cfg->flood = true;
		if (cfg->ptr != PTR_ALWAYS)
			cfg->ptr = PTR_NEVER;
		return true;
	default:
		return false;
	}
}

/* One word an option accepts and the value it stands for. */
struct option_word {
	const char *word;
	int value;
};

static const struct option_word ipts_words[] = {
	{ "tsonly", IPTS_TSONLY },
	{ "tsandaddr", IPTS_TSANDADDR },
	{ "tsprespec", IPTS_TSPRESPEC },
};

static const struct option_word pmtudisc_words[] = {
	{ "do", PMTUDISC_MODE_DO },
	{ "dont", PMTUDISC_MODE_DONT },
	{ "want", PMTUDISC_MODE_WANT },
	{ "probe", PMTUDISC_MODE_PROBE },
};

/* The value of arg among n words, or -1 when it is none of them. */
static int find_word(const char *arg, const struct option_word *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(arg, words[i].word) == 0)
			return words[i].value;
	return -1;
}

/*
 * -R, -T, -M and -N: the options whose argument (if any) is a word or is
 * kept as it is.  -R and -T exclude each other.
 */
static bool apply_choice(int c, const char *arg, struct ping_config *cfg,
			 struct cli_result *res)
{
	int v;

	if ((c == 'R' && cfg->ipts != IPTS_NONE) ||
	    (c == 'T' && cfg->record_route)) {
		fail(res, 2, false, _("only one of -T or -R may be used"));
		return false;
	}
	switch (c) {
	case 'R':
		cfg->record_route = true;
		return true;
	case 'T':
		v = find_word(arg, ipts_words, sizeof(ipts_words) / sizeof(ipts_words[0]));
		if (v < 0) {
			fail(res, 2, false, _("invalid timestamp type: %s"), arg);
			return false;
		}
		cfg->ipts = (enum ipts_mode)v;
		return true;
	case 'M':
		v = find_word(arg, pmtudisc_words,
			      sizeof(pmtudisc_words) / sizeof(pmtudisc_words[0]));
		if (v < 0) {
			fail(res, 2, false, _("invalid -M argument: %s"), arg);
			return false;
		}
		cfg->pmtudisc = (enum pmtudisc_mode)v;
		return true;
	default: /* 'N' */
		if (cfg->nnodeinfo == PING_MAX_NODEINFO) {
			fail(res, 2, true, "%s", "");
			return false;
		}
		cfg->nodeinfo_at[cfg->nnodeinfo] = res->nopts - 1;
		cfg->nodeinfo[cfg->nnodeinfo++] = arg;
		return true;
	}
}

/* The integer options and the range each accepts. */
static const struct {
	char letter;
	long long min, max;
} integer_options[] = {
	{ 'c', 1, LLONG_MAX },
	{ 'e', 0, UINT16_MAX },
	{ 'l', 1, MAX_PRELOAD },
	{ 's', 0, INT_MAX },
	{ 'S', 1, INT_MAX },
	{ 't', 0, 255 },
	{ 'w', 0, INT_MAX },
};

/* -c, -e, -l, -s, -S, -t, -w: one integer within the option's range. */
static bool apply_integer(int c, const char *arg, struct ping_config *cfg,
			  struct cli_result *res)
{
	size_t i = 0;
	long long v;

	while (integer_options[i].letter != c)
		i++;
	if (!parse_integer(arg, integer_options[i].min, integer_options[i].max,
			   &v, res))
		return false;
	switch (c) {
	case 'c': cfg->count = (uint64_t)v; break;
	case 'e': cfg->ident = (uint16_t)v; cfg->ident_set = true; break;
	case 'l':
		cfg->preload = (int)v;
		if (v > CLI_USER_MAX_PRELOAD && cfg->preload_high == 0) {
			cfg->preload_high = (int)v;
			cfg->preload_high_at = res->nopts - 1;
		}
		break;
	case 's': cfg->datalen = (long)v; break;
	case 'S': cfg->sndbuf = (int)v; break;
	case 't': cfg->ttl = (int)v; break;
	default: /* 'w' */ cfg->deadline_s = (long)v; break;
	}
	return true;
}

/* -i and -W: a time in seconds, kept in the unit the loop uses. */
static bool apply_seconds(int c, const char *arg, struct ping_config *cfg,
			  struct cli_result *res)
{
	double sec, scaled;

	/*
	 * Each product is rounded to double before it is truncated, as on
	 * amd64: i386's x87 would otherwise truncate its wider product
	 * (0.999 s is 998.99999... ms there).  The assignment rounds because
	 * the build asks for -fexcess-precision=standard (meson.build).
	 */
	if (c == 'i') {
		if (!parse_seconds(arg, N_("bad timing interval"),
				   (double)INT_MAX / 1000, &sec, res))
			return false;
		scaled = sec * 1000;
		cfg->interval_ms = (int64_t)scaled;
		cfg->interval_set = true;
		return true;
	}
	if (!parse_seconds(arg, N_("bad linger time"), MAX_LINGER_S, &sec, res))
		return false;
	scaled = sec * 1000000;
	cfg->linger_us = (uint64_t)scaled;
	return true;
}

/*
 * Applies one option with its argument (NULL for flags), in command-line
 * order.  Returns false once res holds a fatal outcome.
 */
static bool apply_option(int c, const char *arg, struct ping_config *cfg,
			 struct cli_result *res)
{
	switch (c) {
	case '4':
		return set_family(AF_INET, cfg, res);
	case '6':
		return set_family(AF_INET6, cfg, res);
	case 'R': case 'T': case 'M': case 'N':
		return apply_choice(c, arg, cfg, res);
	case 'c': case 'e': case 'l': case 's': case 'S': case 't': case 'w':
		return apply_integer(c, arg, cfg, res);
	case 'm':
		if (!parse_mark(arg, &cfg->mark, res))
			return false;
		cfg->mark_set = true;
		return true;
	case 'i': case 'W':
		return apply_seconds(c, arg, cfg, res);
	case 'Q':
		return parse_tos(arg, cfg, res);
	case 'F':
		return parse_flowlabel(arg, cfg, res);
	case 'p':
		return parse_pattern(arg, cfg, res);
	case 'I':
		return parse_iface(arg, cfg, res);
	default:
		if (apply_flag(c, cfg))
			return true;
		fail(res, 2, true, _("invalid option -- '%c'"), c);
		return false;
	}
}

/* The built-in values, before any option is seen. */
static void set_defaults(struct ping_config *cfg, const char *progname,
			 const char *ptr_env)
{
	const char *base;
	size_t len;

	memset(cfg, 0, sizeof(*cfg));
	cfg->family = AF_UNSPEC;
	cfg->ptr = PTR_DEFAULT;
	cfg->datalen = PING_DEFAULT_DATALEN;
	cfg->interval_ms = PING_DEFAULT_INTERVAL_MS;
	cfg->linger_us = PING_DEFAULT_LINGER_US;
	cfg->preload = 1;
	cfg->ttl = -1;
	cfg->pmtudisc = PMTUDISC_UNSET;
	cfg->ipts = IPTS_NONE;

	if (progname != NULL) {
		base = strrchr(progname, '/');
		base = base != NULL ? base + 1 : progname;
		len = strlen(base);
		if (len > 0 && base[len - 1] == '4')
			cfg->family = AF_INET;
		else if (len > 0 && base[len - 1] == '6')
			cfg->family = AF_INET6;
	}
	if (ptr_env != NULL && strcmp(ptr_env, "0") == 0) {
		cfg->ptr = PTR_NEVER;
		cfg->ptr_env_disabled = true;
	}
}

/*
 * Splits the operands left after the options into the target (the last)
 * and the operands before it.  Whether their count fits the options is
 * judged once the target's family is known (cli_operands_fit), as iputils
 * judges it after resolving the target.
 */
static void take_operands(char **ops, int nops, struct ping_config *cfg,
			  struct cli_result *res)
{
	int nextra = nops - 1;
	int i;

	if (nops <= 0) {
		fail(res, 2, false, "%s: %s", _("usage error"),
		     nls_strerror(EDESTADDRREQ));
		return;
	}
	cfg->extra_overflow = nextra > PING_MAX_EXTRA_ARGS;
	if (nextra > PING_MAX_EXTRA_ARGS)
		nextra = PING_MAX_EXTRA_ARGS;
	for (i = 0; i < nextra; i++)
		cfg->extra[i] = ops[i];
	cfg->nextra = nextra;
	cfg->target = ops[nops - 1];
}

bool cli_operands_fit(const struct ping_config *cfg, int af)
{
	int limit = PING_MAX_EXTRA_ARGS;

	if (cfg->extra_overflow || (af != AF_INET && cfg->nextra > 0))
		return false;
	if (cfg->record_route || cfg->ipts == IPTS_TSONLY || cfg->ipts == IPTS_TSANDADDR)
		limit = 0;
	else if (cfg->ipts == IPTS_TSPRESPEC)
		limit = 4;
	return cfg->nextra <= limit;
}

/*
 * getopt is run over a private copy of the argv array because GNU getopt
 * reorders it; the strings themselves are shared with the caller.
 * optind = 0 makes glibc start afresh, whatever an earlier call left.
 */
void cli_parse(int argc, char *const argv[], const char *progname,
	       const char *ptr_env, struct ping_config *cfg,
	       struct cli_result *res)
{
	char *usual[32], **args = usual;
	int c, i;

	memset(res, 0, sizeof(*res));
	res->action = CLI_RUN;
	set_defaults(cfg, progname, ptr_env);

	if (argc < 1 || argv == NULL) {
		take_operands(NULL, 0, cfg, res);
		return;
	}
	/* A usual command line needs no allocation (so a plain run makes none). */
	if ((size_t)argc >= sizeof(usual) / sizeof(usual[0]))
		args = calloc((size_t)argc + 1, sizeof(*args));
	if (args == NULL) {
		fail(res, 2, false, "%s: %s", _("memory allocation failed"),
		     nls_strerror(ENOMEM));
		return;
	}
	for (i = 0; i < argc; i++)
		args[i] = argv[i];
	args[argc] = NULL;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, args, optstring, long_options, NULL)) != -1) {
		if (c == '?' && optopt != '?') {
			if (optopt == 0 || optopt >= OPT_PERCENTILES || optopt == 'j')
				/* An unknown long option (iputils has none: its getopt says '-'), or an argument to one that takes none. */
				fail(res, 2, true, _("invalid option -- '%c'"), '-');
			else if (optopt != ':' && strchr(optstring, optopt) != NULL)
				fail(res, 2, true,
				     _("option requires an argument -- '%c'"),
				     optopt);
			else
				fail(res, 2, true, _("invalid option -- '%c'"),
				     optopt);
			goto out;
		}
		res->nopts++;
		if (c == 'h' || c == '?') {
			res->action = CLI_HELP;
			res->exit_code = 2;
			goto out;
		}
		if (c == 'V') {
			res->action = CLI_VERSION;
			res->exit_code = 0;
			goto out;
		}
		if (!apply_option(c, optarg, cfg, res))
			goto out;
	}
	take_operands(args + optind, argc - optind, cfg, res);
out:
	if (args != usual)
		free(args);
}

void cli_result_free(struct cli_result *res)
{
	free(res->patterns);
	res->patterns = NULL;
	res->npatterns = 0;
}

/* IPv4 loses its header and options; other families get the IPv6 limit. */
long cli_max_datalen(int af, size_t optlen)
{
	if (af == AF_INET)
		return optlen >= IPV4_MAX_DATALEN ? 0 :
		       IPV4_MAX_DATALEN - (long)optlen;
	return IPV6_MAX_DATALEN;
}

/*
 * The family -s is checked against, before the target is resolved (as
 * iputils does, once its sockets are open): the target's if it is an
 * address literal (this wins over -4 and -6), else -4's or -6's, else none
 * (AF_UNSPEC: the larger, IPv6 limit; a name or a short form like 127.1).
 */
int cli_datalen_family(const struct ping_config *cfg)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (cfg->target && inet_pton(AF_INET, cfg->target, &a4) == 1)
		return AF_INET;
	if (cfg->target && inet_pton(AF_INET6, cfg->target, &a6) == 1)
		return AF_INET6;
	return cfg->family;
}

size_t cli_ipopt_len(const struct ping_config *cfg, int af)
{
	bool opts = cfg->record_route || cfg->ipts != IPTS_NONE || cfg->nextra > 0;

	return af == AF_INET && opts ? IPOPT_HEADER_OPTLEN : 0;
}

bool cli_check_datalen(const struct ping_config *cfg, char *msg, size_t msglen)
{
	int af = cli_datalen_family(cfg);
	long max = cli_max_datalen(af, cli_ipopt_len(cfg, af));

	if (cfg->datalen <= max)
		return true;
	if (msg != NULL && msglen > 0)
		snprintf(msg, msglen,
			 _("invalid -s value: '%ld': out of range: 0 <= value <= %ld"),
			 cfg->datalen, max);
	return false;
}

long cli_packet_estimate(int af, long datalen, size_t optlen)
{
	long icmp = datalen + 8;
	long per_512 = (af == AF_INET ? (long)optlen + 20 : 40) + 16 + 64 + 160;

	return icmp + (icmp + 511) / 512 * per_512;
}

struct rcvbuf_plan cli_preload_rcvbuf(int af, long datalen, size_t optlen, long preload)
{
	long each = cli_packet_estimate(af, datalen, optlen);
	struct rcvbuf_plan p = { 0, 0, false };

	if (preload < 1)
		preload = 1;
	if (each > INT_MAX / preload) {
		p.overflow = true;
		p.want = INT_MAX;
	} else {
		p.want = (int)(each * preload);
	}
	p.set = p.want < 65536 ? 65536 : p.want;
	return p;
}

struct usage_line {
	const char *opt;	/* "-x <arg>", or NULL for a group heading */
	const char *text;	/* description ('\n' between lines), or heading */
};

static const struct usage_line usage_lines[] = {
	{ "<destination>",	N_("host name or IP address to send echo requests to") },
	{ "-3",			N_("show round-trip times with three decimals, unrounded") },
	{ "-a",			N_("ring the terminal bell for every reply") },
	{ "-A",			N_("adaptive: let the interval follow the round-trip time") },
	{ "-B",			N_("keep the source address chosen at start") },
	{ "-c <count>",		N_("stop after <count> requests (with -w: after\n"
				   "<count> replies)") },
	{ "-C",			N_("connect() the socket to the destination") },
	{ "-d",			N_("turn on the SO_DEBUG socket option") },
	{ "-D",			N_("start every line with a Unix time stamp") },
	{ "-e <ident>",		N_("ICMP identifier to use; 0 needs a raw socket,\n"
				   "otherwise the kernel or the process id decides") },
	{ "-f",			N_("flood: send as fast as replies come back") },
	{ "-h",			N_("show this help and exit") },
	{ "-?",			N_("the same as -h") },
	{ "-H",			N_("always look up host names, even for addresses") },
	{ "-i <seconds>",	N_("seconds between two requests") },
	{ "-I <dev|addr>",	N_("network device or source address to send from") },
	{ "-l <number>",	N_("send <number> requests at once before waiting") },
	{ "-L",			N_("do not loop multicast requests back locally") },
	{ "-m <mark>",		N_("set this SO_MARK on outgoing packets") },
	{ "-M <mode>",		N_("path MTU discovery: do, dont, want or probe") },
	{ "-n",			N_("print addresses, never look up host names") },
	{ "-O",			N_("tell when a request is still unanswered") },
	{ "-p <hex>",		N_("fill the payload with up to 16 bytes given\n"
				   "as hex digits") },
	{ "-q",			N_("quiet: print only the first line and the summary") },
	{ "-Q <tos>",		N_("type of service / traffic class, decimal or 0x hex") },
	{ "-r",			N_("ignore routing, send on a directly attached link") },
	{ "-s <bytes>",		N_("payload size of each request") },
	{ "-S <bytes>",		N_("socket send buffer size (SO_SNDBUF)") },
	{ "-t <ttl>",		N_("time to live / hop limit of the requests") },
	{ "-U",			N_("time replies in user space, not by the kernel") },
	{ "-v",			N_("verbose: report more details") },
	{ "-j",			N_("print JSON lines instead of text, one object per event") },
	{ "--json",		N_("the same as -j") },
	{ "--percentiles",	N_("add round-trip percentiles, jitter and the longest\nloss to the summary") },
	{ "-V",			N_("show the version and build features, then exit") },
	{ "-w <seconds>",	N_("stop after this many seconds whatever happens") },
	{ "-W <seconds>",	N_("how long to wait for a reply; 0 waits forever") },
	{ NULL,			N_("IPv4 options:") },
	{ "-4",			N_("use IPv4 only") },
	{ "-b",			N_("allow pinging a broadcast address") },
	{ "-R",			N_("record the route taken (IP option)") },
	{ "-T <kind>",		N_("IP time stamp option: tsonly, tsandaddr or\n"
				   "tsprespec (then up to 4 hosts before the target)") },
	{ NULL,			N_("IPv6 options:") },
	{ "-6",			N_("use IPv6 only") },
	{ "-F <label>",		N_("flow label, decimal or 0x hex") },
	{ "-N <query>",		N_("send a node information query; \"help\" lists\n"
				   "the queries") },
};

#define USAGE_DESC_COLUMN 21	/* characters before the description */

/*
 * Prints the help text.  The option column is fixed; each description
 * line is printed after it, so a translation may use as many lines as it
 * needs.
 */
void cli_usage(FILE *out)
{
	size_t i;

	fputs(_("\nUsage\n  ping [options] <destination>\n\nOptions:\n"), out);
	for (i = 0; i < sizeof(usage_lines) / sizeof(usage_lines[0]); i++) {
		const struct usage_line *u = &usage_lines[i];
		const char *text, *nl;
		int width;

		if (u->opt == NULL) {
			fprintf(out, "\n%s\n", _(u->text));
			continue;
		}
		width = fprintf(out, "  %s", u->opt);
		if (width < 0)
			return;
		if (width >= USAGE_DESC_COLUMN) {
			fputc('\n', out);
			width = 0;
		}
		fprintf(out, "%*s", USAGE_DESC_COLUMN - width, "");
		for (text = _(u->text); (nl = strchr(text, '\n')) != NULL;
		     text = nl + 1)
			fprintf(out, "%.*s\n%*s", (int)(nl - text), text,
				USAGE_DESC_COLUMN, "");
		fprintf(out, "%s\n", text);
	}
	fprintf(out, "\n%s\n", _("For more details see ping(8)."));
}
