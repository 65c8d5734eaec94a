/*
 * ping: send ICMP ECHO_REQUEST to network hosts, without setuid.
 *
 * main() runs a pipeline of named steps over one session: read the
 * command line, open the ICMP sockets (datagram first), resolve the
 * target, choose the destination, set the socket up, give every privilege
 * up, announce, run the echo loop and print the summary.  Each step
 * returns GO_ON or the exit status; main is the only place that ends the
 * program, and it frees what the steps resolved on every path.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/random.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "addr.h"
#include "auth.h"
#include "caps.h"
#include "cli.h"
#include "family.h"
#include "ipopt.h"
#include "userlimits.h"
#include "ninfo.h"
#include "loop.h"
#include "signals.h"
#include "msg.h"
#include "nls.h"
#include "output.h"
#include "packet.h"
#include "refusal.h"
#include "sandbox.h"
#include "sock.h"
#include "sockopt.h"
#include "stats.h"
#include "target.h"
#include "json_sink.h"
#include "text_sink.h"
#include "clock.h"
#include "timeutil.h"
#include "textbuf.h"

#define EXIT_USAGE	2
#define GO_ON		(-1)	/* a step's result: the next step runs */

#define ADDR_TEXT_LEN	(INET6_ADDRSTRLEN + IF_NAMESIZE + 2)

/* What flows from step to step. */
struct session {
	int argc;
	char **argv;
	struct ping_config cfg;
	struct cli_result parsed;	/* what the parse found beside cfg: pattern lines */
	int patterns_shown;		/* of parsed.patterns */
	struct ninfo_query ninfo;	/* -N, parsed */
	bool ninfo_on;			/* an IPv6 node information query replaces echoes */
	struct ping_sock s4, s6;
	struct ping_sock *s;		/* the chosen one, of the destination's family */
	int family;			/* the destination's family: AF_UNSPEC for either */
	struct target_list tl;		/* freed by main */
	const struct addrinfo *ai;	/* the chosen entry of tl */
	char canon[NI_MAXHOST];		/* its canonical name, or "" */
	struct sockaddr_storage dst;
	socklen_t dstlen;
	struct sockaddr_storage src;	/* the source the kernel chose */
	struct sockaddr_storage bind_to;
	bool bind_src;			/* bind_to is to be bound */
	bool broadcast;			/* the destination is a broadcast address */
	bool mark_warned;		/* a failed SO_MARK was reported */
	bool real_root;			/* the real uid is 0 (caps_real_root, asked once) */
	uint16_t ident;			/* the identifier requests leave with, if known */
	bool ident_known;		/* raw, -e, or a datagram socket's port learnt */
	uint8_t key[AUTH_KEY_LEN];	/* the run's secret: reply codes and -N nonces */
	bool authenticate;		/* requests carry a code under key (auth.h) */
	bool kernel_timing;		/* transmit stamps on (txstamp.h) */
	struct in_addr hops[PING_MAX_EXTRA_ARGS];	/* the IPv4 operands before the target */
	bool hops_resolved;
	uint8_t opts[IPOPT_SPACE];	/* IPv4 options */
	size_t optlen;
	char addr[ADDR_TEXT_LEN];
	char srcbuf[NI_MAXHOST + ADDR_TEXT_LEN + 4];	/* the header's source, perhaps "name (addr)" */
	struct text_sink text;		/* every line of the run goes through one of these */
	struct json_sink json;		/* -j */
	struct event_sink *sink;	/* &text.sink or &json.sink */
	char source_text[ADDR_TEXT_LEN];
	struct peer_cache peers;	/* the replier names the sink shows */
	struct run_start start;		/* the header's facts */
};

/* As iputils names it: the kind opened, else the last kind tried, else "0". */
static const char *socktype_name(const struct ping_sock *s)
{
	if (s->fd >= 0)
		return s->raw ? "SOCK_RAW" : "SOCK_DGRAM";
	if (s->raw_errno)
		return "SOCK_RAW";
	return s->dgram_errno ? "SOCK_DGRAM" : "0";
}

static const char *family_name(int af)
{
	switch (af) {
	case AF_INET:
		return "AF_INET";
	case AF_INET6:
		return "AF_INET6";
	default:
		return "AF_UNSPEC";
	}
}

/* A failed lookup of name, as iputils words it. */
static void report_gai(struct event_sink *sink, const char *name, int rc)
{
	msg_error(sink, "resolve", "%s: %s", name, rc == EAI_SYSTEM ? nls_strerror(errno) : nls_gai_strerror(rc));
}

/* No ICMP socket: the facts behind the refusal, and the remedies. */
static void refuse(struct event_sink *sink, const struct ping_sock *s, const char *raw_only)
{
	struct refusal_facts rf;
	char exe[4096], text[4096];
	struct diag d = { .plain = true, .code = "no_socket", .call = "socket", .message = text };
	FILE *f = fmemopen(text, sizeof(text), "w");

	sock_refusal_facts(s, raw_only, &rf, exe, sizeof(exe));
	d.err = s->raw_errno ? s->raw_errno : s->dgram_errno;
	if (!f) {
		msg_errno(sink, "socket", d.err, "socket");
		return;
	}
	refusal_print(f, msg_progname(), &rf);
	fclose(f);
	/* iputils' lines and ours, each prefixed already: shown as they are, less the last newline. */
	text[sizeof(text) - 1] = '\0';
	if (text[0] && text[strlen(text) - 1] == '\n')
		text[strlen(text) - 1] = '\0';
	msg_diag(sink, &d);
}

/* A usage error found once the options parsed: the usage text (text), the reason (-j). */
static void report_usage(struct event_sink *sink, const char *why)
{
	struct diag d = { .usage = true, .code = "usage", .message = why };

	msg_diag(sink, &d);
}

/* -v, or a socket of a family the target may not need: iputils' two lines. */
static void report_socket_failure(struct event_sink *sink, const struct ping_sock *s)
{
	bool raw = s->raw_errno != 0;

	msg_warn(sink, "socket", "socktype: %s", raw ? "SOCK_RAW" : "SOCK_DGRAM");
	msg_warn(sink, "socket", "socket: %s", nls_strerror(raw ? s->raw_errno : s->dgram_errno));
}

/* The user limits of a stage: GO_ON, or the exit status after the message. */
/* What the user limits look at; the destination's part once there is a socket. */
static struct limits_facts limit_facts(const struct session *ss)
{
	struct limits_facts f = { .cfg = &ss->cfg, .real_root = ss->real_root };

	if (ss->s) {
		f.af = ss->s->fam->af;
		f.multicast = addr_is_multicast((const struct sockaddr *)&ss->dst);
	}
	return f;
}

static int enforce_limits(const struct session *ss, enum limits_stage stage)
{
	struct limits_facts f = limit_facts(ss);
	enum limits_rule rule;
	char text[256];

	rule = limits_check(stage, &f);
	if (rule == LIMITS_OK)
		return GO_ON;
	limits_message(rule, &f, text, sizeof(text));
	/* The preload limit is one of the option checks, whose messages stay text. */
	msg_error(stage == LIMITS_OPTIONS ? NULL : ss->sink, "user_limit", "%s", text);
	return limits_exit_status(rule);
}

/*
 * iputils prints a PATTERN line as it reads each -p, so before whatever a
 * later option prints or refuses: the lines of the -p options read before
 * option ordinal before_at (INT_MAX: all) that are not out yet.
 */
/*
 * The source as iputils prints it: the address, and for IPv6 the scope the
 * probe's socket was given (a link-local source chosen on a device:
 * "fe80::1%eth0"); an -I address is printed as it was given, without one.
 */
static void source_numeric(const struct session *ss, char *buf, size_t buflen)
{
	const struct sockaddr *sa = (const struct sockaddr *)&ss->src;
	size_t len;

	if (sa->sa_family == AF_INET6 && !ss->bind_src &&
	    ((const struct sockaddr_in6 *)&ss->src)->sin6_scope_id)
		target_numeric(sa, sizeof(struct sockaddr_in6), buf, buflen);
	else
		addr_format(sa->sa_family, addr_bytes(sa, &len), buf, buflen);
}

static void show_patterns(struct session *ss, int before_at)
{
	const struct cli_result *res = &ss->parsed;

	while (ss->patterns_shown < res->npatterns && res->patterns[ss->patterns_shown].at < before_at) {
		const struct cli_pattern *p = &res->patterns[ss->patterns_shown++];

		ss->sink->ops->pattern_line(ss->sink, p->bytes, p->len);
	}
}

/*
 * The -N arguments, in order, into a node information query; the steps
 * that need the resolver or libidn2 are done by target_ninfo_subject.
 * Only those read before option ordinal before_at count.  Returns GO_ON,
 * or the exit status after printing what iputils prints.
 */
static int parse_nodeinfo(struct session *ss, struct ninfo_query *q, int before_at)
{
	const struct ping_config *cfg = &ss->cfg;
	char msg[256];

	ninfo_init(q);
	for (int i = 0; i < cfg->nnodeinfo && cfg->nodeinfo_at[i] < before_at; i++) {
		enum ninfo_status st = ninfo_parse_option(q, cfg->nodeinfo[i], msg, sizeof(msg));
		int rc = 0;

		if (st == NINFO_RESOLVE || st == NINFO_NAME)
			rc = target_ninfo_subject(q, &st, msg, sizeof(msg));
		/* Whatever this -N prints comes after the lines of the -p options before it. */
		show_patterns(ss, cfg->nodeinfo_at[i]);
		if (rc == EAI_IDN_ENCODE) {
			msg_error(NULL, "idn", "%s", msg);
			return EXIT_USAGE;
		}
		if (rc != 0) {
			report_gai(NULL, q->pending, rc);
			ninfo_help(stderr);
			return EXIT_USAGE;
		}
		switch (st) {
		case NINFO_OK:
		case NINFO_RESOLVE:
		case NINFO_NAME:
			break;
		case NINFO_HELP:
			ninfo_help(stdout);
			return 0;
		case NINFO_USAGE:
			if (msg[0])
				printf("%s\n", msg);
			fflush(stdout);
			ninfo_help(stderr);
			return EXIT_USAGE;
		case NINFO_FATAL:
			/* 20221126 exited 1 here; 20240905 and 20250605 exit 2. */
			msg_error(NULL, "nodeinfo", "%s", msg);
			return EXIT_USAGE;
		}
	}
	return GO_ON;
}

/* The IPv4 option an invocation asks for: -R, -T, or the source route of its hops. */
static enum ipopt_kind ip_option_kind(const struct ping_config *cfg)
{
	if (cfg->record_route)
		return IPOPT_KIND_RR;
	if (cfg->ipts == IPTS_TSONLY)
		return IPOPT_KIND_TS_ONLY;
	if (cfg->ipts == IPTS_TSANDADDR)
		return IPOPT_KIND_TS_ADDR;
	if (cfg->ipts == IPTS_TSPRESPEC)
		return IPOPT_KIND_TS_PRESPEC;
	return cfg->dontroute ? IPOPT_KIND_SSRR : IPOPT_KIND_LSRR;
}

/*
 * The operands before the target, each an IPv4 address (source-route hops,
 * or -T tsprespec's addresses), resolved once, before the source probe
 * (which iputils sends towards the first of them).
 */
static int resolve_hops(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	int failed = 0;
	int rc;

	if (ss->hops_resolved || cfg->nextra == 0)
		return GO_ON;
	rc = target_hops(cfg->extra, cfg->nextra, ss->hops, &failed);
	if (rc != 0) {
		report_gai(ss->sink, cfg->extra[failed], rc);
		return EXIT_USAGE;
	}
	ss->hops_resolved = true;
	return GO_ON;
}

/*
 * The IPv4 options of -R, -T and the resolved hops.  Returns their length,
 * or 0 after printing why not.
 */
static size_t build_ip_options(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	size_t n = ipopt_build(ss->opts, sizeof(ss->opts), ip_option_kind(cfg), ss->hops, cfg->nextra);

	if (!n)
		report_usage(ss->sink, "these hops do not fit the IP option asked for");
	return n;
}

/*
 * What iputils does while it reads the options, in their order: a PATTERN
 * line for each -p (before -q), each -N (help, or a refusal, ends the run
 * there), a user's -l above 3 refused there.  Returns GO_ON when the run
 * goes on, else the exit status after printing what iputils prints.
 */
static int act_as_read(struct session *ss, struct ninfo_query *q)
{
	const struct ping_config *cfg = &ss->cfg;
	struct limits_facts f = limit_facts(ss);
	bool preload_refused = limits_check(LIMITS_OPTIONS, &f) != LIMITS_OK;
	int stop_at = preload_refused ? cfg->preload_high_at : INT_MAX;
	int rc = parse_nodeinfo(ss, q, stop_at);

	if (rc != GO_ON)
		return rc;
	show_patterns(ss, stop_at);
	if (preload_refused)
		return enforce_limits(ss, LIMITS_OPTIONS);
	return GO_ON;
}

/*
 * Privileges limited first.  The locale and the catalog wait for the first
 * translated message (nls.h): most runs print none.
 */
static int begin(struct session *ss)
{
	if (caps_limit() < 0) {
		msg_errno(NULL, "setresuid", errno, _("cannot give up the setuid identity"));
		return EXIT_USAGE;
	}
	ss->real_root = caps_real_root();
	return GO_ON;
}

/*
 * The sink over stdout, text or JSON as the options ask.  Replier names
 * are looked up only once the target is known to be a name (announce).
 */
static void open_sink(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	struct text_opts o = {
		.quiet = cfg->quiet, .flood = cfg->flood, .verbose = cfg->verbose,
		.report_outstanding = cfg->report_outstanding,
		.line = { .timestamps = cfg->timestamps, .audible = cfg->audible,
			  .rtt_3dec = cfg->rtt_3dec },
	};
	struct peer_namer namer;

	target_namer(&ss->peers, false, &namer);
	if (cfg->json) {
		struct json_opts jo = { .quiet = cfg->quiet, .verbose = cfg->verbose };

		/* JSON carries English messages: no translated one from here on. */
		nls_keep_c();
		json_sink_init(&ss->json, stdout, &jo, &namer);
		ss->sink = &ss->json.sink;
		return;
	}
	text_sink_init(&ss->text, stdout, stderr, msg_progname(), &o, &namer);
	ss->sink = &ss->text.sink;
}

/* The command line into cfg; help, version and errors end here. */
static int parse_command_line(struct session *ss)
{
	const struct cli_result *res = &ss->parsed;
	struct ninfo_query q;
	int rc;

	cli_parse(ss->argc, ss->argv, ss->argv[0], getenv("IPUTILS_PING_PTR_LOOKUP"),
		  &ss->cfg, &ss->parsed);
	open_sink(ss);
	for (int i = 0; i < res->nwarnings; i++)
		msg_warn(NULL, "option", "%s", res->warnings[i]);
	if (res->action == CLI_RUN)
		return GO_ON;
	/*
	 * -h, -V and a refused option end the parse where they are; what was
	 * read before them acted already ("-N help" needs no destination).
	 */
	rc = act_as_read(ss, &q);
	if (rc != GO_ON)
		return rc;
	switch (res->action) {
	case CLI_HELP:
		cli_usage(stderr);
		return EXIT_USAGE;
	case CLI_VERSION:
		ss->sink->ops->version(ss->sink);
		return 0;
	default:
		if (res->message[0])
			msg_error(NULL, "option", "%s", res->message);
		if (res->show_usage)
			cli_usage(stderr);
		return res->exit_code;
	}
}

/*
 * What can be checked before any socket: preload, the pattern lines, -N.
 * A device that does not exist is found once the destination's family is
 * known (choose_destination), as in iputils.
 */
static int check_options(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	int rc = act_as_read(ss, &ss->ninfo);

	if (rc != GO_ON)
		return rc;
	if (cfg->pattern_set)
		ss->sink->ops->pattern(ss->sink, cfg->pattern, cfg->pattern_len);
	return GO_ON;
}

/* Whether target is an IPv4 address in dotted-quad form (getaddrinfo gives nothing else for it). */
static bool ipv4_literal(const char *target)
{
	struct in_addr a;

	return target && inet_pton(AF_INET, target, &a) == 1;
}

/* Sockets first, while CAP_NET_RAW may still be raised; user input after. */
static int open_sockets(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	/* The kernel's ping sockets carry only echoes, and never identifier 0. */
	bool force_raw = (cfg->ident_set && cfg->ident == 0) || cfg->nnodeinfo > 0;
	const char *raw_only = cfg->nnodeinfo > 0 ? "-N" : force_raw ? "-e 0" : NULL;
	/* As in iputils, a -I address does not choose the family: the other family ignores it. */
	bool want4 = cfg->family != AF_INET6;
	bool want6 = cfg->family != AF_INET;

	if (cfg->ident_set && cfg->ident == 0 && cfg->verbose)
		msg_warn(ss->sink, "raw_socket_forced", "%s", _("WARNING: ident 0 => forcing raw socket"));
	if (want4 && sock_open(&ss->s4, &family_inet, force_raw) < 0) {
		if (!want6) {
			refuse(ss->sink, &ss->s4, raw_only);
			return EXIT_USAGE;
		}
		if (cfg->verbose)
			report_socket_failure(ss->sink, &ss->s4);
	}
	/*
	 * A dotted-quad target resolves to its IPv4 address alone: with the
	 * IPv4 socket open, an IPv6 one would only be opened and closed again
	 * (its cost is a fair share of a `ping -c 1`).  -v still opens both,
	 * as iputils does, for its line naming them.
	 */
	if (want6 && want4 && ss->s4.fd >= 0 && !cfg->verbose && ipv4_literal(cfg->target) &&
	    !cli_tclass_refused(cfg))
		want6 = false;
	if (want6 && sock_open(&ss->s6, &family_inet6, force_raw) < 0) {
		if (!want4 || ss->s4.fd < 0) {
			refuse(ss->sink, &ss->s6, raw_only);
			return EXIT_USAGE;
		}
		if (cfg->verbose)
			report_socket_failure(ss->sink, &ss->s6);
	}
	return GO_ON;
}

/*
 * The target's addresses, of both families; the family the destination
 * must have is the one the open sockets can reach (-4, -6, ping4, ping6,
 * or a system with one family only).
 */
static int resolve_target(struct session *ss)
{
	const struct ping_sock *s4 = &ss->s4, *s6 = &ss->s6;
	char msg[512];
	int rc;

	/* -s, as iputils checks it: once the sockets are open, before anything else is said. */
	if (!cli_check_datalen(&ss->cfg, msg, sizeof(msg))) {
		msg_error(ss->sink, "packet_size", "%s", msg);
		return 1;
	}
	ss->family = s4->fd >= 0 && s6->fd >= 0 ? AF_UNSPEC : s4->fd >= 0 ? AF_INET : AF_INET6;
	if (ss->cfg.verbose)
		msg_warn(ss->sink, "verbose", "sock4.fd: %d (socktype: %s), sock6.fd: %d (socktype: %s), hints.ai_family: %s",
			  s4->fd, socktype_name(s4), s6->fd, socktype_name(s6), family_name(ss->family));
	/*
	 * As iputils, -Q is set on the IPv6 socket before the target is looked
	 * up: a class the kernel refuses ends the run whatever the target.
	 * (Only such a value needs the call here; the others are set with
	 * the socket's other options.)
	 */
	if (s6->fd >= 0 && cli_tclass_refused(&ss->cfg) &&
	    sock_set_int(s6->fd, IPPROTO_IPV6, IPV6_TCLASS, ss->cfg.tos) < 0) {
		msg_errno(ss->sink, "setsockopt", errno, "setsockopt");
		return EXIT_USAGE;
	}
	/* As iputils, before resolving, whatever -I says: the literal alone decides. */
	if (s6->fd >= 0 && !s6->raw && target_unscoped_link_local(ss->cfg.target))
		msg_warn(ss->sink, "link_local_scope", _("Warning: IPv6 link-local address on ICMP datagram socket may require ifname or scope-id => use: address%%<ifname|scope-id>"));
	rc = target_resolve(ss->cfg.target, &ss->tl);
	if (rc == TARGET_NO_IDN) {
		target_idn_missing(ss->cfg.target, msg, sizeof(msg));
		msg_error(ss->sink, "idn_missing", "%s", msg);
		return EXIT_USAGE;
	}
	if (rc != 0) {
		report_gai(ss->sink, ss->cfg.target, rc);
		return EXIT_USAGE;
	}
	return GO_ON;
}

/* The ping socket of the family of ai, if it is the family wanted and open. */
static struct ping_sock *socket_for(struct session *ss, const struct addrinfo *ai)
{
	struct ping_sock *s = ai->ai_family == AF_INET ? &ss->s4 :
			      ai->ai_family == AF_INET6 ? &ss->s6 : NULL;

	if (!s || s->fd < 0 || (ss->family != AF_UNSPEC && ai->ai_family != ss->family) ||
	    ai->ai_addrlen > sizeof(ss->dst))
		return NULL;
	return s;
}

/*
 * The source for the destination in ss->dst: the -I address of its family,
 * which the ping socket is bound to later (iputils makes no probe then), or
 * what the probe learns.  With IPv4 hops the probe goes, as iputils', to
 * the first of them: the source is the one towards it, and a first hop
 * without a route ends the run there.  Returns 0, or an errno with *call
 * the call that failed.
 */
static int find_source(struct session *ss, const char **call)
{
	const struct ping_config *cfg = &ss->cfg;
	struct sockaddr_storage towards = ss->dst;

	ss->bind_src = sockopt_source(cfg, ss->dst.ss_family, &ss->bind_to);
	if (ss->bind_src) {
		ss->src = ss->bind_to;
		return 0;
	}
	if (towards.ss_family == AF_INET && ss->hops_resolved)
		((struct sockaddr_in *)&towards)->sin_addr = ss->hops[0];
	return sockopt_probe_source(ss->sink, cfg, &towards, ss->dstlen,
				    ss->dst.ss_family == AF_INET && addr_is_multicast((struct sockaddr *)&ss->dst),
				    &ss->src, &ss->broadcast, &ss->mark_warned, call);
}

/*
 * The destination, walking the resolver's list as iputils does: an entry
 * of a family not wanted is passed over, and refused when it is the last;
 * an entry without a route is left for the next one, if there is one.
 */
static int choose_destination(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	const struct addrinfo *ai;
	const char *call = NULL;
	int err = 0;

	for (ai = ss->tl.ai; ai; ai = ai->ai_next) {
		struct ping_sock *s = socket_for(ss, ai);

		if (cfg->verbose) {
			/* The name as iputils' AI_CANONIDN gives it: Unicode in a UTF-8 locale. */
			char canon[NI_MAXHOST];

			target_canonical(ai, canon, sizeof(canon));
			msg_warn(ss->sink, "verbose", "ai->ai_family: %s, ai->ai_canonname: '%s'", family_name(ai->ai_family),
				 canon);
		}
		if (!s) {
			if (ai->ai_next)
				continue;
			msg_error(ss->sink, "resolve", "%s: %s", cfg->target, nls_gai_strerror(EAI_ADDRFAMILY));
			return EXIT_USAGE;
		}
		/* As iputils: the operands are counted for the family of the first entry taken. */
		if (!cli_operands_fit(cfg, ai->ai_family)) {
			report_usage(ss->sink, "these operands do not fit the options and the target's family");
			return EXIT_USAGE;
		}
		ss->s = s;
		memset(&ss->dst, 0, sizeof(ss->dst));
		memcpy(&ss->dst, ai->ai_addr, ai->ai_addrlen);
		ss->dstlen = ai->ai_addrlen;
		if (ai->ai_family == AF_INET6 && cfg->device != NULL && if_nametoindex(cfg->device) == 0) {
			msg_error(ss->sink, "unknown_iface", _("unknown iface: %s"), cfg->device);
			return EXIT_USAGE;
		}
		if (ai->ai_family == AF_INET) {
			int status = resolve_hops(ss);

			if (status != GO_ON)
				return status;
		}
		err = find_source(ss, &call);
		if ((err != ENETUNREACH && err != EHOSTUNREACH) || !ai->ai_next)
			break;
	}
	ss->ai = ai;
	/* iputils' IPv4 guess; an IPv6 refusal is only what connect says. */
	if (err == EACCES && strcmp(call, "connect") == 0 && !ss->broadcast &&
	    ss->dst.ss_family == AF_INET) {
		msg_error(ss->sink, "broadcast", _("Do you want to ping broadcast? Then -b. If not, check your local firewall rules"));
		return EXIT_USAGE;
	}
	if (err && strcmp(call, "if_nametoindex") == 0) {
		msg_error(ss->sink, "unknown_iface", _("unknown iface: %s"), cfg->device);
		return EXIT_USAGE;
	}
	if (err && strcmp(call, "SO_BINDTODEVICE") == 0) {
		msg_errno(ss->sink, "setsockopt", err, "SO_BINDTODEVICE %s", cfg->device);
		return EXIT_USAGE;
	}
	if (err) {
		msg_errno(ss->sink, call, err, "%s", call);
		return EXIT_USAGE;
	}
	/* IPv4 0.0.0.0 means this host: as in iputils, the source found stands for it. */
	if (ss->dst.ss_family == AF_INET && ss->src.ss_family == AF_INET &&
	    ((struct sockaddr_in *)&ss->dst)->sin_addr.s_addr == htonl(INADDR_ANY))
		((struct sockaddr_in *)&ss->dst)->sin_addr = ((struct sockaddr_in *)&ss->src)->sin_addr;
	return GO_ON;
}

/*
 * A user's broadcast or multicast ping is limited before the header, as in
 * iputils; and a group run is never fragmented: without -M it is -M do.
 */
static int limit_destination(struct session *ss)
{
	struct limits_facts f = limit_facts(ss);
	int status = enforce_limits(ss, LIMITS_DESTINATION);

	if (status == GO_ON && limits_group_run(&f) && ss->cfg.pmtudisc == PMTUDISC_UNSET)
		ss->cfg.pmtudisc = PMTUDISC_MODE_DO;
	return status;
}

/* -B and the IPv4 options; the other family's socket closed. */
static int prepare_packets(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	int af = ss->s->fam->af;

	if (cfg->strict_source && !ss->bind_src) {
		/* -B: stay with the source chosen now, whatever the routes do later. */
		ss->bind_to = ss->src;
		addr_set_port(&ss->bind_to, 0);
		ss->bind_src = true;
	}
	if (cli_ipopt_len(cfg, af)) {
		ss->optlen = build_ip_options(ss);
		if (!ss->optlen)
			return EXIT_USAGE;
	}
	if (ss->s == &ss->s4 && ss->s6.fd >= 0)
		close(ss->s6.fd);
	if (ss->s == &ss->s6 && ss->s4.fd >= 0)
		close(ss->s4.fd);
	return GO_ON;
}

/*
 * The run's random key, without blocking: a ping in a boot script must not
 * wait for the entropy pool (getrandom's pool, else /dev/urandom, which
 * never blocks).  0, or the errno of the last way tried (EIO for a short
 * read).
 */
static int draw_key(uint8_t key[AUTH_KEY_LEN])
{
	ssize_t n;
	int fd, err;

	if (getrandom(key, AUTH_KEY_LEN, GRND_NONBLOCK) == AUTH_KEY_LEN)
		return 0;
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	n = read(fd, key, AUTH_KEY_LEN);
	err = n < 0 ? errno : n == AUTH_KEY_LEN ? 0 : EIO;
	close(fd);
	return err;
}

/*
 * The key, for -N nonces or reply codes.  Replies are authenticated when
 * each request has room for its send time and code; without a key they
 * are checked as before (-v says so), but -N cannot work without one.
 */
static int choose_authentication(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	bool want = ss->ninfo_on || cfg->datalen >= AUTH_MIN_DATALEN;
	int err;

	if (!want)
		return GO_ON;
	err = draw_key(ss->key);
	if (err == 0) {
		ss->authenticate = !ss->ninfo_on;
		return GO_ON;
	}
	if (ss->ninfo_on) {
		msg_errno(ss->sink, "getrandom", err, "getrandom");
		return EXIT_USAGE;
	}
	if (cfg->verbose)
		msg_warn(ss->sink, "no_random_key", "%s",
			 _("WARNING: no random key could be read: replies are not authenticated"));
	return GO_ON;
}

/* The socket's options, IPv4 options and flow label. */
static int configure_socket(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	const struct ping_sock *s = ss->s;
	int af = s->fam->af;
	int status;

	ss->ident = cfg->ident_set ? cfg->ident : (uint16_t)(getpid() & 0xffff);
	ss->ninfo_on = ninfo_enabled(&ss->ninfo) && af == AF_INET6;
	if ((status = choose_authentication(ss)) != GO_ON)
		return status;
	/* A code covers the identifier: a datagram socket's is its port, asked for. */
	ss->ident_known = s->raw || cfg->ident_set || ss->authenticate;
	if (!sockopt_setup(ss->sink, cfg, s, ss->bind_src ? &ss->bind_to : NULL, ss->ident, ss->ninfo_on,
			   ss->authenticate && !s->raw && !cfg->ident_set ? &ss->ident : NULL,
			   &ss->mark_warned))
		return EXIT_USAGE;
	ss->kernel_timing = sockopt_tx_stamps(ss->sink, cfg, s, ss->ninfo_on);
	if (ss->optlen && !sockopt_ip_options(ss->sink, cfg, s->fd, ss->opts, ss->optlen))
		return EXIT_USAGE;
	if (cfg->flowlabel_set && af == AF_INET6 &&
	    !sockopt_flowlabel(ss->sink, s->fd, &ss->dst, cfg->flowlabel))
		return EXIT_USAGE;
	return GO_ON;
}

/*
 * -C connects an IPv4 socket after the header (and a user's flood refusal),
 * where iputils does, so that a refused connect is reported below the
 * header; iputils' IPv6 path does not connect.
 */
static int connect_socket(struct session *ss)
{
	if (!ss->cfg.connect_sock || ss->s->fam->af != AF_INET)
		return GO_ON;
	if (connect(ss->s->fd, (struct sockaddr *)&ss->dst, ss->dstlen) < 0) {
		int err = errno;

		msg_errno(ss->sink, "connect", err, _("connect failed"));
		return EXIT_USAGE;
	}
	return GO_ON;
}

/* Every capability given up for good, before anything else is read. */
static int drop_privileges(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;

	if (caps_drop_all() < 0) {
		msg_errno(ss->sink, "capset", errno, _("cannot drop capabilities"));
		return EXIT_USAGE;
	}
	if (cfg->ptr_env_disabled && cfg->ptr == PTR_NEVER && !cfg->quiet)
		msg_warn(ss->sink, "ptr_lookup_disabled", _("WARNING: reverse DNS resolution (PTR lookup) disabled, enforce with -H"));
	return GO_ON;
}

/* The "PING" header line. */
static int announce(struct session *ss)
{
	const struct ping_config *cfg = &ss->cfg;
	struct header_info *hi = &ss->start.header;
	int af = ss->s->fam->af;

	target_numeric((struct sockaddr *)&ss->dst, ss->dstlen, ss->addr, sizeof(ss->addr));
	memset(hi, 0, sizeof(*hi));
	hi->af = af;
	/*
	 * IPv4: the canonical name of the chosen entry, unless the target was
	 * typed as a number (or the entry has none: only the first has).
	 */
	hi->host = cfg->target;
	if (af == AF_INET && !addr_typed_numeric(cfg->target, AF_INET)) {
		target_canonical(ss->ai, ss->canon, sizeof(ss->canon));
		if (ss->canon[0])
			hi->host = ss->canon;
	}
	hi->addr = ss->addr;
	if (cfg->device != NULL || cfg->strict_source) {
		char num[ADDR_TEXT_LEN];

		source_numeric(ss, num, sizeof(num));
		/*
		 * IPv6 shows a named source under -H (the last word on lookups),
		 * as iputils' resolving printer does; IPv4's is always a number.
		 */
		if (af == AF_INET6 && cfg->ptr == PTR_ALWAYS)
			target_named((const struct sockaddr *)&ss->src, sizeof(struct sockaddr_in6), num,
				     ss->srcbuf, sizeof(ss->srcbuf));
		else
			text_copy(ss->srcbuf, sizeof(ss->srcbuf), num);
		/*
		 * iputils 20240905 and 20250605 format an IPv6 header's source
		 * with the printer that keeps the last address it formatted:
		 * a reply from that address is shown as the header showed it
		 * (a number after -B or -I without -H).  JSON names each.
		 */
		if (af == AF_INET6 && !cfg->json)
			target_peer_seed(&ss->peers, (const struct sockaddr *)&ss->src,
					 sizeof(struct sockaddr_in6), ss->srcbuf);
		hi->source = ss->srcbuf;
		hi->device = cfg->device != NULL ? cfg->device : "";
	}
	hi->datalen = cfg->datalen;
	hi->optlen = ss->optlen ? IPOPT_HEADER_OPTLEN : 0;
	hi->flowlabel_set = cfg->flowlabel_set && af == AF_INET6;
	/* The label in use: for -F 0 the kernel chose one (sockopt_flowlabel). */
	hi->flowlabel = hi->flowlabel_set ?
		ntohl(((const struct sockaddr_in6 *)&ss->dst)->sin6_flowinfo) & 0xfffff : cfg->flowlabel;
	ss->start.fam = ss->s->fam;
	ss->start.target = cfg->target;
	ss->start.raw = ss->s->raw;
	ss->start.ident_known = ss->ident_known;
	ss->start.ident = ss->ident;
	ss->start.authenticated = ss->authenticate;
	ss->start.kernel_timing = ss->kernel_timing;
	ss->start.interval_us = limits_user_interval_us(cfg);
	if (ss->src.ss_family == AF_INET || ss->src.ss_family == AF_INET6) {
		source_numeric(ss, ss->source_text, sizeof(ss->source_text));
		ss->start.source = ss->source_text;
	}
	ss->peers.reverse = cfg->ptr == PTR_ALWAYS ||
			    (cfg->ptr == PTR_DEFAULT && !addr_typed_numeric(cfg->target, af) && !cfg->flood);
	ss->sink->ops->start(ss->sink, &ss->start);
	return GO_ON;
}

/* A user's flood is refused after the header, as in iputils. */
static int limit_rate(struct session *ss)
{
	return enforce_limits(ss, LIMITS_RATE);
}

/* What the sandbox could not apply, under -v (it never stops a run). */
static void report_sandbox(struct event_sink *sink, const struct sandbox_result *r, bool wanted_filter)
{
	if (r->nnp_err)
		msg_warn(sink, "sandbox", _("sandbox: no new privileges not set: %s"), nls_strerror(r->nnp_err));
	if (!r->seccomp_arch)
		msg_warn(sink, "sandbox", _("sandbox: no system-call filter: none is written for this architecture"));
	else if (wanted_filter && r->seccomp_err)
		msg_warn(sink, "sandbox", _("sandbox: system-call filter not applied: %s"), nls_strerror(r->seccomp_err));
	if (r->landlock_abi == 0)
		msg_warn(sink, "sandbox", _("sandbox: Landlock not applied: the kernel does not offer it (%s)"),
			 nls_strerror(r->landlock_err));
	else if (r->landlock_err)
		msg_warn(sink, "sandbox", _("sandbox: Landlock (ABI %d) not applied: %s"), r->landlock_abi,
			 nls_strerror(r->landlock_err));
}

/*
 * Set-up is over: the process gives up what it no longer needs (sandbox.h).
 * Replier names to look up widen the filter and the readable paths.
 */
static int enter_sandbox(struct session *ss)
{
	struct sandbox_plan p = {
		.lookups = ss->peers.reverse,
		.locale = sandbox_locale_wanted(),
		.seccomp = true,
	};
	struct sandbox_result r;

#ifdef PINGSOCK_TEST_HOOKS
	p.seccomp = !sandbox_probe_without_seccomp();
#endif
	sandbox_enter(&p, &r);
	if (ss->cfg.verbose)
		report_sandbox(ss->sink, &r, p.seccomp);
#ifdef PINGSOCK_TEST_HOOKS
	sandbox_probe();
#endif
	return GO_ON;
}

/* -f on a terminal: its width, so that flood dots never wrap a row. */
static uint64_t flood_row_width(const struct ping_config *cfg)
{
	struct winsize ws;

	if (cfg->flood && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	return UINT64_MAX;
}

/* What the verdict and rx need to know of the run; dst is run->dst. */
static void describe_run(const struct session *ss, struct ping_run *run)
{
	const struct ping_config *cfg = &ss->cfg;
	const struct ping_sock *s = ss->s;
	struct verdict_ctx *vc = &run->vc;
	struct limits_facts facts = limit_facts(ss);

	vc->fam = s->fam;
	vc->raw = s->raw;
	vc->ident = ss->ident;
	vc->show_ident = cfg->verbose && (s->raw || cfg->ident_set);
	vc->dst = (const struct sockaddr *)&run->dst;
	vc->multicast = limits_group_run(&facts);
	vc->anycast = addr_is_subnet_anycast((const struct sockaddr *)&ss->dst);
	vc->timing = run->datalen >= PING_STAMP_LEN && !ss->ninfo_on;
	vc->user_latency = cfg->user_latency;
	vc->verbose = cfg->verbose;
	vc->real_root = ss->real_root;
	vc->payload = run->outpkt + ICMP_HEADER_LEN;
	vc->datalen = run->datalen;
	vc->row_width = flood_row_width(cfg);
	vc->preload = cfg->preload;
	run->rs.fam = s->fam;
	run->rs.raw = s->raw;
	run->rs.ninfo = ss->ninfo_on;
	run->rs.dst = vc->dst;
	run->rs.ident = s->raw ? ss->ident : -1;
}

/* A request of the usual sizes (a static buffer: zeroed, as calloc's). */
static uint8_t outpkt_usual[2048];

/* The run's schedule, request template and -N key: GO_ON, or the exit status after saying why not. */
static int prepare_run(struct session *ss, struct ping_run *run)
{
	const struct ping_config *cfg = &ss->cfg;

	memset(run, 0, sizeof(*run));
	run->cfg = cfg;
	run->sock = ss->s;
	run->sink = ss->sink;
	run->interval_us = limits_user_interval_us(cfg);
	run->min_interval_us = limits_min_interval_us(ss->real_root);
	run->linger_us = (int64_t)cfg->linger_us;
	run->dst = ss->dst;
	if (run->dst.ss_family == AF_INET6)
		addr_set_port(&run->dst, 0);
	run->dstlen = ss->dstlen;
	run->datalen = (size_t)cfg->datalen;
	if (ss->ninfo_on) {
		run->ninfo = &ss->ninfo;
		run->vc.ninfo_key = ss->key;
	}
	if (ss->authenticate && auth_init(&run->auth, ss->key, (const struct sockaddr *)&run->dst))
		run->vc.auth = &run->auth;
	/* The usual sizes need no allocation (so a plain run makes none). */
	if (ICMP_HEADER_LEN + run->datalen <= sizeof(outpkt_usual))
		run->outpkt = outpkt_usual;
	else
		run->outpkt = calloc(1, ICMP_HEADER_LEN + run->datalen);
	if (!run->outpkt) {
		msg_errno(ss->sink, "malloc", ENOMEM, "malloc");
		return EXIT_USAGE;
	}
	packet_fill(run->outpkt + ICMP_HEADER_LEN, run->datalen,
		    cfg->pattern_set ? cfg->pattern : NULL, cfg->pattern_set ? cfg->pattern_len : 0);
	describe_run(ss, run);
	return GO_ON;
}

/*
 * The echo loop and the summary; the exit status of the run.  The
 * statistics and the transmit stamps are static: 1 MiB each of
 * per-sequence records is too much for the stack, and static storage
 * starts zeroed, so the pages a short run never touches are never made
 * resident.
 */
static int run_and_summarise(struct session *ss)
{
	static struct ping_stats stats;
	static struct tx_stamps tx;
	const struct ping_config *cfg = &ss->cfg;
	struct ping_run run;
	struct summary_info si;
	int status = prepare_run(ss, &run);

	if (status != GO_ON)
		return status;
	run.st = &stats;
	if (ss->kernel_timing) {
		txs_init(&tx, true);
		run.vc.tx = &tx;
	}
	signals_install();
	loop_run(&run);

	memset(&si, 0, sizeof(si));
	si.host = ss->start.header.host;
	si.st = &stats;
	si.elapsed_us = run.last_send_mono_us - run.start_mono_us;
	si.timing = run.vc.timing;
	si.show_ipg = run.interval_us == 0 || cfg->flood || cfg->adaptive;
	si.percentiles = cfg->percentiles;
	si.interval_us = run.interval_us;
	ss->sink->ops->summary(ss->sink, &si);

	status = stats_exit_status(&stats, cfg->count, cfg->deadline_s);
	if (run.outpkt != outpkt_usual)
		free(run.outpkt);
	close(ss->s->fd);
	return status;
}

/* The steps, in order; each returns GO_ON or the exit status. */
static int (*const pipeline[])(struct session *) = {
	begin,
	parse_command_line,
	check_options,		/* limits: preload */
	open_sockets,
	resolve_target,
	choose_destination,
	limit_destination,	/* limits: broadcast, multicast; before the header */
	prepare_packets,
	configure_socket,
	drop_privileges,
	announce,
	limit_rate,		/* limits: flood; after the header */
	connect_socket,		/* -C */
	enter_sandbox,		/* set-up over: no new privileges, seccomp, Landlock */
	run_and_summarise,
};

/*
 * Did the write that failed meet a reader that went away?  Its errno is
 * long gone (the sinks flush after every event), but the descriptor still
 * says so: poll(2) reports POLLERR on a pipe whose read end is closed, and
 * a stream socket whose peer closed hangs up.
 */
static bool stdout_reader_gone(void)
{
	struct pollfd pfd = { .fd = STDOUT_FILENO, .events = POLLOUT };
	struct timespec now = { 0, 0 };
	struct stat st;

	if (fstat(STDOUT_FILENO, &st) != 0 || ppoll(&pfd, 1, &now, NULL) != 1)
		return false;
	if (S_ISFIFO(st.st_mode))
		return (pfd.revents & POLLERR) != 0;
	return S_ISSOCK(st.st_mode) && (pfd.revents & (POLLERR | POLLHUP)) != 0;
}

/*
 * Standard output closed at the end, as iputils' exit handler does it:
 * whatever is left is flushed first, so a write that fails, now or during
 * the run, says only "write error"; a failure of the close itself gives its
 * errno (a closed descriptor with nothing left to write is no failure).
 * A broken pipe is no error at all (SIGPIPE ignored: "ping | head" under a
 * service manager): the run's status stands.  Otherwise the status is 1.
 * Said on stderr: stdout is what failed.
 */
static int close_stdout(int status)
{
	bool failed = ferror(stdout) != 0, pending;
	bool reader_gone = failed && stdout_reader_gone();	/* before the close */
	int flush_err = 0, close_err = 0;

	errno = 0;
	if (fflush(stdout) != 0) {
		failed = true;
		flush_err = errno;
	}
	pending = __fpending(stdout) > 0;
	errno = 0;
	if (fclose(stdout) != 0) {
		close_err = errno;
		if (pending || close_err != EBADF)
			failed = true;
	}
	if (!failed)
		return status;
	if (close_err == EPIPE || (!close_err && flush_err == EPIPE) ||
	    (!close_err && !flush_err && reader_gone))
		return status;
	if (close_err)
		msg_errno(NULL, "write", close_err, _("write error"));
	else
		msg_error(NULL, "write", "%s", _("write error"));
	return EXIT_FAILURE;
}

/*
 * Standard output's buffer, chosen as the C library chooses it on the
 * first write (line-buffered on a terminal, else full; the device's block
 * size when smaller than BUFSIZ) but static: a plain run allocates nothing.
 */
static void stdout_buffer(void)
{
	static char buf[BUFSIZ];
	struct stat st;
	size_t size = sizeof(buf);
	int mode = _IOFBF;

	if (fstat(STDOUT_FILENO, &st) == 0) {
		if (S_ISCHR(st.st_mode) && isatty(STDOUT_FILENO))
			mode = _IOLBF;
		if (st.st_blksize > 0 && (size_t)st.st_blksize < size)
			size = (size_t)st.st_blksize;
	}
	setvbuf(stdout, buf, mode, size);
}

int main(int argc, char **argv)
{
	struct session ss;
	int status = GO_ON;

	stdout_buffer();
	memset(&ss, 0, sizeof(ss));
	ss.argc = argc;
	ss.argv = argv;
	ss.s4.fd = -1;
	ss.s6.fd = -1;
	for (size_t i = 0; status == GO_ON && i < sizeof(pipeline) / sizeof(pipeline[0]); i++)
		status = pipeline[i](&ss);
	target_free(&ss.tl);
	cli_result_free(&ss.parsed);
	return close_stdout(status == GO_ON ? 0 : status);
}
