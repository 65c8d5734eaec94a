/*
 * ping: send ICMP ECHO_REQUEST to network hosts, without setuid.
 *
 * main() reads the command line, opens the ICMP socket (datagram first),
 * resolves the target, sets the socket up, gives every privilege up, runs
 * the echo loop and prints the summary.  It is the only place that
 * decides the exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#if HAVE_IDN
# include <idn2.h>
#endif

#include "caps.h"
#include "cli.h"
#include "family.h"
#include "ipopt.h"
#include "ninfo.h"
#include "loop.h"
#include "msg.h"
#include "nls.h"
#include "output.h"
#include "packet.h"
#include "refusal.h"
#include "sock.h"
#include "stats.h"
#include "target.h"
#include "text_sink.h"
#include "clock.h"
#include "timeutil.h"

#define EXIT_USAGE	2
#define PROBE_PORT	1025

static const char *socktype_name(const struct ping_sock *s)
{
	if (s->fd < 0)
		return "0";
	return s->raw ? "SOCK_RAW" : "SOCK_DGRAM";
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

/* The facts behind a refusal: the sysctl, the groups, the binary. */
static void refuse(const struct ping_sock *s, const char *raw_only)
{
	struct refusal_facts rf;
	char exe[4096];
	FILE *f;
	ssize_t n;
	gid_t groups[REFUSAL_MAX_GIDS];
	int ng;

	memset(&rf, 0, sizeof(rf));
	rf.dgram_errno = s->dgram_errno;
	rf.raw_only = raw_only;
	rf.raw_errno = s->raw_errno ? s->raw_errno : EPERM;
	f = fopen("/proc/sys/net/ipv4/ping_group_range", "re");
	if (f) {
		rf.range_known = fscanf(f, "%ld %ld", &rf.range_lo, &rf.range_hi) == 2;
		fclose(f);
	}
	rf.gids[rf.ngids++] = getegid();
	ng = getgroups(REFUSAL_MAX_GIDS, groups);
	for (int i = 0; i < ng && rf.ngids < REFUSAL_MAX_GIDS; i++)
		if (groups[i] != rf.gids[0])
			rf.gids[rf.ngids++] = groups[i];
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		rf.exe = exe;
	}
	fflush(stdout);
	refusal_print(stderr, msg_progname(), &rf);
}

/* -v, or a socket of a family the target may not need: iputils' two lines. */
static void report_socket_failure(const struct ping_sock *s)
{
	bool raw = s->raw_errno != 0;

	msg_error("socktype: %s", raw ? "SOCK_RAW" : "SOCK_DGRAM");
	msg_error("socket: %s", strerror(raw ? s->raw_errno : s->dgram_errno));
}

static void set_mark(int fd, uint32_t mark);

/*
 * Learns the source address the kernel would use, with a throwaway UDP
 * socket connected to the target (bound like the ping socket will be).
 * Returns 0 or an errno; *broadcast tells whether the target was a
 * broadcast address (allowed by -b).
 */
static int probe_source(const struct ping_config *cfg, const struct sockaddr_storage *dst,
			socklen_t dstlen, const struct sockaddr_storage *bind_to,
			struct sockaddr_storage *src, bool *broadcast)
{
	struct sockaddr_storage d = *dst;
	socklen_t len = sizeof(*src);
	int fd, err = 0;

	fd = socket(dst->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	if (cfg->device[0]) {
		caps_raise(CAP_NET_RAW);
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cfg->device,
			       strlen(cfg->device) + 1) < 0)
			err = errno;
		caps_lower(CAP_NET_RAW);
	}
	if (!err && bind_to && bind(fd, (const struct sockaddr *)bind_to, dstlen) < 0)
		err = errno;
	if (cfg->mark_set)
		set_mark(fd, cfg->mark);
	if (cfg->tos_set && dst->ss_family == AF_INET &&
	    sock_set_int(fd, IPPROTO_IP, IP_TOS, cfg->tos) < 0)
		msg_errno(errno, _("warning: QOS sockopts"));
	if (dst->ss_family == AF_INET)
		((struct sockaddr_in *)&d)->sin_port = htons(PROBE_PORT);
	else
		((struct sockaddr_in6 *)&d)->sin6_port = htons(PROBE_PORT);
	if (!err && connect(fd, (struct sockaddr *)&d, dstlen) < 0)
		err = errno;
	/* Only a broadcast address is refused with EACCES: -b allows it. */
	if (err == EACCES && cfg->broadcast) {
		*broadcast = true;
		err = 0;
		sock_set_int(fd, SOL_SOCKET, SO_BROADCAST, 1);
		if (connect(fd, (struct sockaddr *)&d, dstlen) < 0)
			err = errno;
	}
	if (!err && getsockname(fd, (struct sockaddr *)src, &len) < 0)
		err = errno;
	close(fd);
	return err;
}

/* The interval in microseconds: -i truncated to ms, or 0 for a flood without -i. */
static int64_t user_interval_us(const struct ping_config *cfg)
{
	if (cfg->flood && !cfg->interval_set)
		return 0;
	return cfg->interval_ms * 1000;
}

static bool is_multicast(const struct sockaddr_storage *a)
{
	if (a->ss_family == AF_INET) {
		in_addr_t ip = ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr);

		return IN_MULTICAST(ip) || ip == INADDR_BROADCAST;
	}
	return IN6_IS_ADDR_MULTICAST(&((const struct sockaddr_in6 *)a)->sin6_addr);
}

/* The source address to bind from -I, in the target's family, or NULL. */
static bool source_sockaddr(const struct ping_config *cfg, int af, struct sockaddr_storage *out)
{
	memset(out, 0, sizeof(*out));
	if (af == AF_INET && cfg->iface == IFACE_ADDR4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)out;

		sin->sin_family = AF_INET;
		sin->sin_addr = cfg->source4;
		return true;
	}
	if (af == AF_INET6 && cfg->iface == IFACE_ADDR6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = cfg->source6;
		if (cfg->device[0])
			sin6->sin6_scope_id = if_nametoindex(cfg->device);
		return true;
	}
	return false;
}

/*
 * SO_MARK needs CAP_NET_ADMIN, or CAP_NET_RAW since Linux 5.17: both are
 * raised around the call.  A refusal is a warning, printed once.
 */
static void set_mark(int fd, uint32_t mark)
{
	static bool warned;
	int rc, err;

	caps_raise(CAP_NET_ADMIN);
	caps_raise(CAP_NET_RAW);
	rc = setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	err = errno;
	caps_lower(CAP_NET_RAW);
	caps_lower(CAP_NET_ADMIN);
	if (rc == 0 || warned)
		return;
	warned = true;
	msg_error(_("WARNING: failed to set mark: %u: %s"), mark, strerror(err));
	if (err == EPERM)
		msg_error(_("=> missing cap_net_admin+p or cap_net_raw+p (since Linux 5.17) capability?"));
}

/* <linux/in6.h> clashes with <netinet/in.h>: the flow label manager's request, as the kernel defines it. */
struct flowlabel_req {
	struct in6_addr dst;
	uint32_t label;		/* network order */
	uint8_t action;
	uint8_t share;
	uint16_t flags;
	uint16_t expires;
	uint16_t linger;
	uint32_t pad;
};
#define FL_MGR_OPT	32	/* IPV6_FLOWLABEL_MGR */
#define FL_SEND_OPT	33	/* IPV6_FLOWINFO_SEND */
#define FL_ACTION_GET	0
#define FL_FLAG_CREATE	1
#define FL_SHARE_EXCL	1

/* -F: reserves the flow label for this destination and sends with it. */
static bool set_flowlabel(int fd, struct sockaddr_in6 *dst, uint32_t label)
{
	struct flowlabel_req req;

	memset(&req, 0, sizeof(req));
	req.dst = dst->sin6_addr;
	req.label = htonl(label & 0xfffff);
	req.action = FL_ACTION_GET;
	req.flags = FL_FLAG_CREATE;
	req.share = FL_SHARE_EXCL;
	if (setsockopt(fd, IPPROTO_IPV6, FL_MGR_OPT, &req, sizeof(req)) < 0) {
		msg_errno(errno, _("can't set flowlabel"));
		return false;
	}
	dst->sin6_flowinfo = req.label;
	if (sock_set_int(fd, IPPROTO_IPV6, FL_SEND_OPT, 1) < 0) {
		msg_errno(errno, _("can't send flowinfo"));
		return false;
	}
	return true;
}

/*
 * The -N arguments, in order, into a node information query; the steps
 * that need the resolver or libidn2 are done here.  Returns -1 to go on,
 * or the exit status after printing what iputils prints.
 */
static int parse_nodeinfo(const struct ping_config *cfg, struct ninfo_query *q)
{
	char msg[256];

	ninfo_init(q);
	for (int i = 0; i < cfg->nnodeinfo; i++) {
		enum ninfo_status st = ninfo_parse_option(q, cfg->nodeinfo[i], msg, sizeof(msg));

		if (st == NINFO_RESOLVE) {
			struct addrinfo hints = { .ai_family = ninfo_subject_family(q),
						  .ai_socktype = SOCK_DGRAM };
			struct addrinfo *res;
			int rc = getaddrinfo(q->pending, NULL, &hints, &res);

			if (rc != 0) {
				msg_error("%s: %s", q->pending,
					  rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
				ninfo_help(stderr);
				return EXIT_USAGE;
			}
			if (res->ai_family == AF_INET6)
				ninfo_set_subject_addr(q, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, 16);
			else
				ninfo_set_subject_addr(q, &((struct sockaddr_in *)res->ai_addr)->sin_addr, 4);
			freeaddrinfo(res);
			st = NINFO_OK;
		} else if (st == NINFO_NAME) {
			const char *name = q->pending;
#if HAVE_IDN
			char *ascii = NULL;
			int rc = idn2_lookup_ul(name, &ascii, IDN2_NONTRANSITIONAL);

			if (rc != IDN2_OK) {
				msg_error(_("IDN encoding error: %s"), idn2_strerror(rc));
				return EXIT_USAGE;
			}
			st = ninfo_set_subject_name(q, ascii, msg, sizeof(msg));
			free(ascii);
#else
			st = ninfo_set_subject_name(q, name, msg, sizeof(msg));
#endif
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
			msg_error("%s", msg);
			return 1;
		}
	}
	return -1;
}

/*
 * The IPv4 options of -R, -T and source-route hops (the operands before
 * the target, resolved here).  Returns their length, or 0 after printing
 * why not.
 */
static size_t build_ip_options(const struct ping_config *cfg, uint8_t *buf, size_t len)
{
	struct in_addr hops[PING_MAX_EXTRA_ARGS];
	enum ipopt_kind kind;
	size_t n;

	for (int i = 0; i < cfg->nextra; i++) {
		struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM };
		struct addrinfo *res;
		int rc = getaddrinfo(cfg->extra[i], NULL, &hints, &res);

		if (rc != 0) {
			msg_error("%s: %s", cfg->extra[i],
				  rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
			return 0;
		}
		hops[i] = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
		freeaddrinfo(res);
	}
	if (cfg->record_route)
		kind = IPOPT_KIND_RR;
	else if (cfg->ipts == IPTS_TSONLY)
		kind = IPOPT_KIND_TS_ONLY;
	else if (cfg->ipts == IPTS_TSANDADDR)
		kind = IPOPT_KIND_TS_ADDR;
	else if (cfg->ipts == IPTS_TSPRESPEC)
		kind = IPOPT_KIND_TS_PRESPEC;
	else
		kind = cfg->dontroute ? IPOPT_KIND_SSRR : IPOPT_KIND_LSRR;
	n = ipopt_build(buf, len, kind, hops, cfg->nextra);
	if (!n)
		cli_usage(stderr);
	return n;
}

/*
 * IP_OPTIONS.  Source routes need CAP_NET_RAW effective at this moment
 * (iputils had dropped it already and always failed); it is raised here.
 */
static bool set_ip_options(const struct ping_config *cfg, int fd, uint8_t *opts, size_t len)
{
	bool ts = cfg->ipts != IPTS_NONE;
	int rc;

	caps_raise(CAP_NET_RAW);
	rc = setsockopt(fd, IPPROTO_IP, IP_OPTIONS, opts, (socklen_t)len);
	if (rc < 0 && ts && ipopt_ts_retry(opts, len))
		rc = setsockopt(fd, IPPROTO_IP, IP_OPTIONS, opts, (socklen_t)len);
	caps_lower(CAP_NET_RAW);
	if (rc < 0) {
		msg_errno(errno, ts ? "ts option" : "record route");
		return false;
	}
	return true;
}

/* Socket options for the run; prints and returns false on a fatal failure. */
static bool setup_socket(const struct ping_config *cfg, struct ping_sock *s,
			 const struct sockaddr_storage *src, bool bind_src, uint16_t ident,
			 bool ninfo_on)
{
	const struct ping_family *fam = s->fam;
	bool v4 = fam->af == AF_INET;

	if (cfg->device[0]) {
		int rc;

		caps_raise(CAP_NET_RAW);
		rc = setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, cfg->device,
				strlen(cfg->device) + 1);
		caps_lower(CAP_NET_RAW);
		if (rc < 0) {
			msg_errno(errno, "SO_BINDTODEVICE %s", cfg->device);
			return false;
		}
	}
	if (bind_src || (!s->raw && cfg->ident_set)) {
		struct sockaddr_storage b;

		if (bind_src)
			b = *src;
		else {
			memset(&b, 0, sizeof(b));
			b.ss_family = fam->af;
		}
		if (!s->raw && cfg->ident_set) {
			if (v4)
				((struct sockaddr_in *)&b)->sin_port = htons(cfg->ident);
			else
				((struct sockaddr_in6 *)&b)->sin6_port = htons(cfg->ident);
		}
		if (bind(s->fd, (struct sockaddr *)&b, fam->sockaddr_len) < 0) {
			msg_errno(errno, "bind icmp socket");
			return false;
		}
	}
	if (sock_set_int(s->fd, fam->level, fam->opt_recverr, 1) < 0)
		msg_error(_("WARNING: cannot receive ICMP errors (%s)"), strerror(errno));
	if (v4 && !s->raw) {
		if (sock_set_int(s->fd, IPPROTO_IP, IP_RECVTTL, 1) < 0)
			msg_error("%s", _("WARNING: setsockopt(IP_RECVTTL)"));
		if (sock_set_int(s->fd, IPPROTO_IP, IP_RETOPTS, 1) < 0)
			msg_error("%s", _("WARNING: setsockopt(IP_RETOPTS)"));
	}
	if (!v4 && sock_set_int(s->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) < 0) {
		msg_errno(errno, _("can't receive hop limit"));
		return false;
	}
	if (!cfg->user_latency && sock_enable_stamps(s->fd) < 0)
		msg_error(_("Warning: no SO_TIMESTAMP support, falling back to SIOCGSTAMP"));
	if (s->raw && sock_raw_filters(s, ident, ninfo_on) < 0)
		msg_error(_("WARNING: failed to install socket filter"));
	if (cfg->ttl >= 0) {
		if (sock_set_int(s->fd, fam->level, fam->opt_multicast_hops, cfg->ttl) < 0) {
			msg_errno(errno, v4 ? _("cannot set multicast time-to-live") :
				  _("can't set multicast hop limit"));
			return false;
		}
		if (sock_set_int(s->fd, fam->level, fam->opt_unicast_hops, cfg->ttl) < 0) {
			msg_errno(errno, v4 ? _("cannot set unicast time-to-live") :
				  _("can't set unicast hop limit"));
			return false;
		}
	}
	if (cfg->broadcast && v4 && sock_set_int(s->fd, SOL_SOCKET, SO_BROADCAST, 1) < 0) {
		msg_errno(errno, _("can't set broadcasting"));
		return false;
	}
	if (cfg->pmtudisc != PMTUDISC_UNSET) {
		/* IP_PMTUDISC_* and IPV6_PMTUDISC_* share their values. */
		static const int mode[] = { IP_PMTUDISC_DO, IP_PMTUDISC_DONT,
					    IP_PMTUDISC_WANT, IP_PMTUDISC_PROBE };

		if (sock_set_int(s->fd, fam->level, fam->opt_mtu_discover, mode[cfg->pmtudisc]) < 0) {
			msg_errno(errno, v4 ? "IP_MTU_DISCOVER" : "IPV6_MTU_DISCOVER");
			return false;
		}
	}
	if (cfg->tos_set && sock_set_int(s->fd, fam->level, fam->opt_tos, cfg->tos) < 0) {
		msg_errno(errno, v4 ? "setsockopt(IP_TOS)" : "setsockopt(IPV6_TCLASS)");
		return false;
	}
	if (cfg->no_mcast_loop &&
	    sock_set_int(s->fd, fam->level, fam->opt_multicast_loop, 0) < 0) {
		msg_errno(errno, v4 ? _("cannot disable multicast loopback") :
			  _("can't disable multicast loopback"));
		return false;
	}
	if (cfg->so_debug) {
		/* Linux ignores SO_DEBUG; like iputils, a refusal is not an error. */
		caps_raise(CAP_NET_ADMIN);
		sock_set_int(s->fd, SOL_SOCKET, SO_DEBUG, 1);
		caps_lower(CAP_NET_ADMIN);
	}
	if (cfg->dontroute && sock_set_int(s->fd, SOL_SOCKET, SO_DONTROUTE, 1) < 0) {
		msg_errno(errno, "SO_DONTROUTE");
		return false;
	}
	if (cfg->sndbuf && sock_set_int(s->fd, SOL_SOCKET, SO_SNDBUF, cfg->sndbuf) < 0)
		msg_errno(errno, "WARNING: SO_SNDBUF");
	if (cfg->preload > 1) {
		/* Room for a preload's worth of replies arriving at once. */
		long want = (long)(cfg->datalen + 8 + 512) * cfg->preload;

		if (want < 65536)
			want = 65536;
		if (want > 0x7fffffff)
			want = 0x7fffffff;
		sock_set_int(s->fd, SOL_SOCKET, SO_RCVBUF, (int)want);
	}
	if (cfg->mark_set)
		set_mark(s->fd, cfg->mark);
	return true;
}

/* The resolved target, freed at exit whichever way main returns. */
static struct target_list tl;

static void free_target(void)
{
	target_free(&tl);
}

int main(int argc, char **argv)
{
	static struct ping_stats stats;
	struct ping_config cfg;
	struct cli_result res;
	struct ping_sock s4 = { .fd = -1 }, s6 = { .fd = -1 }, *s = NULL;
	struct addrinfo *ai;
	struct sockaddr_storage dst, src, bind_to;
	socklen_t dstlen = 0;
	bool bind_src;
	char addr[INET6_ADDRSTRLEN + IF_NAMESIZE + 2], srcbuf[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	struct run_start rs;
	struct header_info *hi;
	struct text_sink text;
	struct text_opts topts;
	struct peer_cache peers;
	struct peer_namer namer;
	struct ping_run run;
	struct summary_info si;
	int family, rc, probe_err = 0, status;
	bool broadcast = false;
	uint16_t ident;
	uint8_t opts[IPOPT_SPACE];
	size_t optlen = 0;
	struct ninfo_query ninfo;
	bool ninfo_on = false;

	msg_init(argv[0]);
	if (caps_limit() < 0) {
		msg_errno(errno, _("cannot give up the setuid identity"));
		return EXIT_USAGE;
	}
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
#if ENABLE_NLS
	bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
	textdomain(GETTEXT_PACKAGE);
#endif

	cli_parse(argc, argv, argv[0], getenv("IPUTILS_PING_PTR_LOOKUP"), &cfg, &res);
	for (int i = 0; i < res.nwarnings; i++)
		msg_error("%s", res.warnings[i]);
	switch (res.action) {
	case CLI_HELP:
		cli_usage(stderr);
		return EXIT_USAGE;
	case CLI_VERSION:
		out_version(stdout);
		return 0;
	case CLI_ERROR:
		/* iputils handles -N as it reads it: "-N help" needs no destination. */
		if (cfg.nnodeinfo > 0) {
			struct ninfo_query q;
			int nrc = parse_nodeinfo(&cfg, &q);

			if (nrc >= 0)
				return nrc;
		}
		if (res.message[0])
			msg_error("%s", res.message);
		if (res.show_usage)
			cli_usage(stderr);
		return res.exit_code;
	case CLI_RUN:
		break;
	}
	if (!caps_real_root() && cfg.preload > 3) {
		msg_error(_("cannot set preload to value greater than 3: %d"), cfg.preload);
		return EXIT_USAGE;
	}
	memset(&topts, 0, sizeof(topts));
	topts.quiet = cfg.quiet;
	topts.flood = cfg.flood;
	topts.verbose = cfg.verbose;
	topts.line.timestamps = cfg.timestamps;
	topts.line.audible = cfg.audible;
	topts.line.rtt_3dec = cfg.rtt_3dec;
	target_namer(&peers, false, &namer);
	text_sink_init(&text, stdout, stderr, msg_progname(), &topts, &namer);
	if (cfg.pattern_set && !cfg.quiet) {
		out_pattern(stdout, cfg.pattern, cfg.pattern_len);
		fflush(stdout);
	}
	rc = parse_nodeinfo(&cfg, &ninfo);
	if (rc >= 0)
		return rc;
	if (cfg.device[0] && if_nametoindex(cfg.device) == 0) {
		msg_errno(ENODEV, "SO_BINDTODEVICE %s", cfg.device);
		return EXIT_USAGE;
	}

	/* Sockets first, while CAP_NET_RAW may still be raised; user input after. */
	{
		/* The kernel's ping sockets carry only echoes, and never identifier 0. */
		bool force_raw = (cfg.ident_set && cfg.ident == 0) || cfg.nnodeinfo > 0;
		const char *raw_only = cfg.nnodeinfo > 0 ? "-N" : force_raw ? "-e 0" : NULL;
		bool want4 = cfg.family != AF_INET6 && cfg.iface != IFACE_ADDR6;
		bool want6 = cfg.family != AF_INET && cfg.iface != IFACE_ADDR4;

		if (cfg.ident_set && cfg.ident == 0 && cfg.verbose)
			msg_error("%s", _("WARNING: ident 0 => forcing raw socket"));
		if (want4 && sock_open(&s4, &family_inet, force_raw) < 0) {
			if (!want6) {
				refuse(&s4, raw_only);
				return EXIT_USAGE;
			}
			if (cfg.verbose)
				report_socket_failure(&s4);
		}
		if (want6 && sock_open(&s6, &family_inet6, force_raw) < 0) {
			if (!want4 || s4.fd < 0) {
				refuse(&s6, raw_only);
				return EXIT_USAGE;
			}
			if (cfg.verbose)
				report_socket_failure(&s6);
		}
	}
	family = s4.fd >= 0 && s6.fd >= 0 ? AF_UNSPEC : s4.fd >= 0 ? AF_INET : AF_INET6;
	if (cfg.verbose)
		msg_error("sock4.fd: %d (socktype: %s), sock6.fd: %d (socktype: %s), hints.ai_family: %s",
			  s4.fd, socktype_name(&s4), s6.fd, socktype_name(&s6), family_name(family));

	rc = target_resolve(cfg.target, family, &tl);
	atexit(free_target);
	if (rc != 0) {
		msg_error("%s: %s", cfg.target, rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		return EXIT_USAGE;
	}

	/* The first address that has a route; iputils goes on past unreachable ones. */
	for (ai = tl.ai; ai; ai = ai->ai_next) {
		s = ai->ai_family == AF_INET ? &s4 : ai->ai_family == AF_INET6 ? &s6 : NULL;
		if (!s || s->fd < 0 || ai->ai_addrlen > sizeof(dst))
			continue;
		memset(&dst, 0, sizeof(dst));
		memcpy(&dst, ai->ai_addr, ai->ai_addrlen);
		dstlen = ai->ai_addrlen;
		bind_src = source_sockaddr(&cfg, ai->ai_family, &bind_to);
		if (ai->ai_family == AF_INET6 && !s->raw && !cfg.device[0] &&
		    IN6_IS_ADDR_LINKLOCAL(&((struct sockaddr_in6 *)&dst)->sin6_addr) &&
		    ((struct sockaddr_in6 *)&dst)->sin6_scope_id == 0)
			msg_error(_("Warning: IPv6 link-local address on ICMP datagram socket may require ifname or scope-id => use: address%%<ifname|scope-id>"));
		probe_err = probe_source(&cfg, &dst, dstlen, bind_src ? &bind_to : NULL, &src,
					 &broadcast);
		if (probe_err != ENETUNREACH && probe_err != EHOSTUNREACH)
			break;
	}
	if (!ai) {
		if (probe_err)
			msg_errno(probe_err, "connect");
		else
			msg_error("%s: %s", cfg.target, gai_strerror(EAI_ADDRFAMILY));
		return EXIT_USAGE;
	}
	if (probe_err == EACCES) {
		msg_error(_("Do you want to ping broadcast? Then -b. If not, check your local firewall rules"));
		return EXIT_USAGE;
	}
	if (probe_err) {
		msg_errno(probe_err, "connect");
		return EXIT_USAGE;
	}
	if (broadcast)
		msg_plain("%s", _("WARNING: pinging broadcast address"));
	/* A user's broadcast or multicast ping is limited before the header, as in iputils. */
	if (!caps_real_root()) {
		if (broadcast && cfg.pmtudisc != PMTUDISC_UNSET && cfg.pmtudisc != PMTUDISC_MODE_DO) {
			msg_error(_("broadcast ping does not fragment"));
			return EXIT_USAGE;
		}
		if (s->fam->af == AF_INET && (cfg.broadcast || is_multicast(&dst)) &&
		    user_interval_us(&cfg) < 1000000) {
			msg_error(_("minimal interval for broadcast ping for user must be >= 1000 ms, use -i 1 (or higher)"));
			return EXIT_USAGE;
		}
		if (s->fam->af == AF_INET6 && is_multicast(&dst) && user_interval_us(&cfg) < 1000000) {
			msg_error(_("minimal interval for multicast ping for user must be >= 1000 ms, use -i 1 (or higher)"));
			return EXIT_USAGE;
		}
	}
	if (cfg.strict_source && !bind_src) {
		/* -B: stay with the source chosen now, whatever the routes do later. */
		bind_to = src;
		if (bind_to.ss_family == AF_INET)
			((struct sockaddr_in *)&bind_to)->sin_port = 0;
		else
			((struct sockaddr_in6 *)&bind_to)->sin6_port = 0;
		bind_src = true;
	}
	if (cfg.verbose)
		msg_error("ai->ai_family: %s, ai->ai_canonname: '%s'", family_name(ai->ai_family),
			  ai->ai_canonname ? ai->ai_canonname : "");
	if (s->fam->af == AF_INET6 && cfg.nextra > 0) {
		cli_usage(stderr);	/* hops are IPv4 only */
		return EXIT_USAGE;
	}
	if (s->fam->af == AF_INET && (cfg.record_route || cfg.ipts != IPTS_NONE || cfg.nextra > 0)) {
		optlen = build_ip_options(&cfg, opts, sizeof(opts));
		if (!optlen)
			return EXIT_USAGE;
	}
	{
		char buf[160];

		if (!cli_check_datalen(&cfg, s->fam->af, optlen ? IPOPT_HEADER_OPTLEN : 0,
				       buf, sizeof(buf))) {
			msg_error("%s", buf);
			return 1;
		}
	}
	/* The other family's socket is not needed. */
	if (s == &s4 && s6.fd >= 0)
		close(s6.fd);
	if (s == &s6 && s4.fd >= 0)
		close(s4.fd);

	ident = cfg.ident_set ? cfg.ident : (uint16_t)(getpid() & 0xffff);
	ninfo_on = ninfo_enabled(&ninfo) && s->fam->af == AF_INET6;
	if (!setup_socket(&cfg, s, &bind_to, bind_src, ident, ninfo_on))
		return EXIT_USAGE;
	if (optlen && !set_ip_options(&cfg, s->fd, opts, optlen))
		return EXIT_USAGE;
	if (cfg.flowlabel_set && s->fam->af == AF_INET6 &&
	    !set_flowlabel(s->fd, (struct sockaddr_in6 *)&dst, cfg.flowlabel))
		return EXIT_USAGE;
	if (cfg.connect_sock && s->fam->af == AF_INET &&
	    connect(s->fd, (struct sockaddr *)&dst, dstlen) < 0) {
		msg_errno(errno, _("connect failed"));
		return EXIT_USAGE;
	}
	if (caps_drop_all() < 0) {
		msg_errno(errno, _("cannot drop capabilities"));
		return EXIT_USAGE;
	}
	if (cfg.ptr_env_disabled && cfg.ptr == PTR_NEVER && !cfg.quiet)
		msg_error(_("WARNING: reverse DNS resolution (PTR lookup) disabled, enforce with -H"));

	target_numeric((struct sockaddr *)&dst, dstlen, addr, sizeof(addr));
	memset(&rs, 0, sizeof(rs));
	rs.fam = s->fam;
	hi = &rs.header;
	hi->af = s->fam->af;
	hi->host = s->fam->af == AF_INET && tl.canon[0] ? tl.canon : cfg.target;
	hi->addr = addr;
	if (cfg.iface != IFACE_NONE || cfg.strict_source) {
		/* The source as an address alone: the device follows it. */
		inet_ntop(src.ss_family, src.ss_family == AF_INET ?
			  (void *)&((struct sockaddr_in *)&src)->sin_addr :
			  (void *)&((struct sockaddr_in6 *)&src)->sin6_addr, srcbuf, sizeof(srcbuf));
		hi->source = srcbuf;
		hi->device = cfg.iface == IFACE_DEVICE || cfg.iface == IFACE_ADDR6 ? cfg.device : "";
	}
	hi->datalen = cfg.datalen;
	hi->optlen = optlen ? IPOPT_HEADER_OPTLEN : 0;
	hi->flowlabel_set = cfg.flowlabel_set && s->fam->af == AF_INET6;
	hi->flowlabel = cfg.flowlabel;
	text.sink.ops->start(&text.sink, &rs);

	memset(&run, 0, sizeof(run));
	run.interval_us = user_interval_us(&cfg);
	if (!caps_real_root()) {
		if (run.interval_us < 2000) {
			msg_error(_("cannot flood, minimal interval for user must be >= 2 ms, use -i 0.002 (or higher)"));
			return EXIT_USAGE;
		}
	}

	run.min_interval_us = caps_real_root() ? 0 : 2000;
	run.vc.row_width = UINT64_MAX;
	if (cfg.flood && isatty(STDOUT_FILENO)) {
		struct winsize ws;

		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			run.vc.row_width = ws.ws_col;
	}
	run.cfg = &cfg;
	run.sock = s;
	run.dst = dst;
	if (dst.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&run.dst)->sin6_port = 0;
	run.dstlen = dstlen;
	run.sink = &text.sink;
	peers.reverse = cfg.ptr == PTR_ALWAYS ||
			(cfg.ptr == PTR_DEFAULT && !tl.numeric && !cfg.flood);
	run.datalen = (size_t)cfg.datalen;
	run.vc.fam = s->fam;
	run.vc.raw = s->raw;
	run.vc.ident = ident;
	run.vc.show_ident = cfg.verbose && (s->raw || cfg.ident_set);
	run.vc.dst = (const struct sockaddr *)&run.dst;
	run.vc.multicast = is_multicast(&dst) || broadcast;
	run.vc.timing = run.datalen >= PING_STAMP_LEN && !ninfo_on;
	run.vc.user_latency = cfg.user_latency;
	run.vc.verbose = cfg.verbose;
	run.vc.real_root = caps_real_root();
	run.vc.datalen = run.datalen;
	run.vc.preload = cfg.preload;
	run.rs.fam = s->fam;
	run.rs.raw = s->raw;
	run.rs.ninfo = ninfo_on;
	run.rs.dst = run.vc.dst;
	run.rs.ident = s->raw ? ident : -1;
	if (ninfo_on) {
		/* Node information replies carry no time: nothing to time, no rtt line. */
		run.ninfo = &ninfo;
		if (getrandom(run.ninfo_key, sizeof(run.ninfo_key), 0) != sizeof(run.ninfo_key)) {
			msg_errno(errno, "getrandom");
			return EXIT_USAGE;
		}
		run.vc.ninfo_key = run.ninfo_key;
	}
	run.linger_us = (int64_t)cfg.linger_us;
	run.outpkt = calloc(1, ICMP_HEADER_LEN + run.datalen);
	if (!run.outpkt) {
		msg_errno(ENOMEM, "malloc");
		return EXIT_USAGE;
	}
	packet_fill(run.outpkt + ICMP_HEADER_LEN, run.datalen, cfg.pattern_set ? cfg.pattern : NULL,
		    cfg.pattern_set ? cfg.pattern_len : 0);
	run.vc.payload = run.outpkt + ICMP_HEADER_LEN;
	stats_init(&stats);
	run.st = &stats;

	loop_signals(&run.wait_mask);
	loop_run(&run);

	memset(&si, 0, sizeof(si));
	si.host = hi->host;
	si.st = &stats;
	si.elapsed_us = run.last_send_mono_us - run.start_mono_us;
	si.timing = run.vc.timing;
	si.show_ipg = run.interval_us == 0 || cfg.flood || cfg.adaptive;
	text.sink.ops->summary(&text.sink, &si);

	status = stats_exit_status(&stats, cfg.count, cfg.deadline_s);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg_errno(errno, _("write error"));
		status = EXIT_USAGE;
	}
	free(run.outpkt);
	close(s->fd);
	return status;
}
