#include <errno.h>
#include <ifaddrs.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "addr.h"
#include "caps.h"
#include "ipopt.h"
#include "msg.h"
#include "nls.h"
#include "sockopt.h"

#define PROBE_PORT	1025

/* What to do when one int option fails. */
enum on_failure {
	FAIL_FATAL,	/* msg_errno, and the setup stops */
	FAIL_WARN,	/* msg_errno, and the setup goes on */
	FAIL_NOTE,	/* the text alone, and the setup goes on */
	FAIL_QUIET,	/* nothing: the kernel's default will do */
};

/* One setsockopt of an int, as a row of a table built from the command line. */
struct int_opt {
	bool wanted;
	int level, name, value;
	enum on_failure on_failure;
	bool translated;	/* text is an N_() message */
	bool raise_admin;	/* CAP_NET_ADMIN effective around the call */
	const char *text;
};

/* The failure texts that differ by family, iputils' wording for each. */
struct family_texts {
	int af;
	const char *multicast_hops, *unicast_hops, *multicast_loop;	/* N_() */
	const char *mtu_discover, *tos;
	const char *bind;	/* the ping socket's bind to the source */
};

static const struct family_texts family_texts[] = {
	{ AF_INET, N_("cannot set multicast time-to-live"), N_("cannot set unicast time-to-live"),
	  N_("cannot disable multicast loopback"), "IP_MTU_DISCOVER", "setsockopt(IP_TOS)", "bind" },
	{ AF_INET6, N_("can't set multicast hop limit"), N_("can't set unicast hop limit"),
	  N_("can't disable multicast loopback"), "IPV6_MTU_DISCOVER", "setsockopt(IPV6_TCLASS)",
	  "bind icmp socket" },
};

static const struct family_texts *texts_for(int af)
{
	return af == AF_INET ? &family_texts[0] : &family_texts[1];
}

/* Applies the wanted rows in order; false at the first fatal failure. */
static bool apply_int_opts(struct event_sink *sink, int fd, const struct int_opt *opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct int_opt *o = &opts[i];
		const char *text;
		int rc, err;

		if (!o->wanted)
			continue;
		if (o->raise_admin)
			caps_raise(CAP_NET_ADMIN);
		rc = sock_set_int(fd, o->level, o->name, o->value);
		err = errno;
		if (o->raise_admin)
			caps_lower(CAP_NET_ADMIN);
		if (rc == 0 || o->on_failure == FAIL_QUIET)
			continue;
		text = o->translated ? _(o->text) : o->text;
		if (o->on_failure == FAIL_NOTE)
			msg_warn(sink, "socket_option", "%s", text);
		else if (o->on_failure == FAIL_WARN)
			msg_errno(sink, "setsockopt", err, "%s", text);
		else
			msg_errno(sink, "setsockopt", err, "%s", text);
		if (o->on_failure == FAIL_FATAL)
			return false;
	}
	return true;
}

/* SO_BINDTODEVICE with CAP_NET_RAW raised; returns 0 or an errno. */
static int bind_device(int fd, const char *device)
{
	int rc, err = 0;

	caps_raise(CAP_NET_RAW);
	rc = setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device, strlen(device) + 1);
	if (rc < 0)
		err = errno;
	caps_lower(CAP_NET_RAW);
	return err;
}

/*
 * iputils' second chance when the probe cannot be bound to the device and
 * the run's destination is an IPv4 group: the device becomes the group's
 * outgoing interface instead, and one that does not exist is named so
 * (ENODEV, *call "if_nametoindex").  Otherwise the bind's error stands.
 */
static int group_device(int fd, const char *device, bool group4, int bind_err, const char **call)
{
	struct ip_mreqn imr;

	if (!group4)
		return bind_err;
	memset(&imr, 0, sizeof(imr));
	imr.imr_ifindex = (int)if_nametoindex(device);
	if (imr.imr_ifindex == 0) {
		*call = "if_nametoindex";
		return ENODEV;
	}
	return setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &imr, sizeof(imr)) < 0 ? bind_err : 0;
}

/*
 * An unspecified -I address (0.0.0.0, ::) is no source: the probe finds
 * one, as in iputils, and -I's implied -B keeps it.
 */
bool sockopt_source(const struct ping_config *cfg, int af, struct sockaddr_storage *out)
{
	memset(out, 0, sizeof(*out));
	if (af == AF_INET && cfg->source4_set && cfg->source4.s_addr != htonl(INADDR_ANY)) {
		struct sockaddr_in *sin = (struct sockaddr_in *)out;

		sin->sin_family = AF_INET;
		sin->sin_addr = cfg->source4;
		return true;
	}
	if (af == AF_INET6 && cfg->source6_set && !IN6_IS_ADDR_UNSPECIFIED(&cfg->source6)) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = cfg->source6;
		if (cfg->device != NULL)
			sin6->sin6_scope_id = if_nametoindex(cfg->device);
		return true;
	}
	return false;
}

/*
 * Whether src is one of device's addresses; 0, or the errno of a failed
 * getifaddrs.  iputils warns when it is not: the route may leave by
 * another device than the one asked for.
 */
static int source_on_device(const char *device, const struct sockaddr_storage *src, bool *on)
{
	struct ifaddrs *all, *ifa;
	size_t len, ilen;
	const uint8_t *want = addr_bytes((const struct sockaddr *)src, &len);

	*on = false;
	if (getifaddrs(&all) != 0)
		return errno;
	for (ifa = all; ifa && !*on; ifa = ifa->ifa_next) {
		const uint8_t *have;

		if (!ifa->ifa_name || !ifa->ifa_addr || ifa->ifa_addr->sa_family != src->ss_family ||
		    strcmp(ifa->ifa_name, device) != 0)
			continue;
		have = addr_bytes(ifa->ifa_addr, &ilen);
		*on = want && have && ilen == len && memcmp(want, have, len) == 0;
	}
	freeifaddrs(all);
	return 0;
}

int sockopt_probe_source(struct event_sink *sink, const struct ping_config *cfg, const struct sockaddr_storage *dst,
			 socklen_t dstlen, bool group4, struct sockaddr_storage *src, bool *broadcast,
			 bool *mark_warned, const char **call)
{
	struct sockaddr_storage d = *dst;
	socklen_t len = sizeof(*src);
	int fd, err;

	*call = "socket";
	fd = socket(dst->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	*call = "SO_BINDTODEVICE";
	if (cfg->device != NULL && (err = bind_device(fd, cfg->device)) != 0 &&
	    (err = group_device(fd, cfg->device, group4, err, call)) != 0)
		goto out;
	if (cfg->mark_set)
		sockopt_set_mark(sink, fd, cfg->mark, mark_warned);
	if (cfg->tos_set && dst->ss_family == AF_INET &&
	    sock_set_int(fd, IPPROTO_IP, IP_TOS, cfg->tos) < 0)
		msg_errno(sink, "setsockopt", errno, _("warning: QOS sockopts"));
	addr_set_port(&d, PROBE_PORT);
	*call = "connect";
	/*
	 * As iputils: a link-local destination is not connected to, and the
	 * source stays unspecified ("::"); whether it can be reached shows in
	 * the sends.
	 */
	err = 0;
	if (!addr_is_link_scope6((const struct sockaddr *)dst))
		err = connect(fd, (struct sockaddr *)&d, dstlen) < 0 ? errno : 0;
	/*
	 * IPv4 refuses a broadcast address with EACCES (so does a route that
	 * prohibits, in either family): with -b an IPv4 run says so and tries
	 * again as a broadcast, as iputils; a second refusal is the route's.
	 */
	if (err == EACCES && cfg->broadcast && dst->ss_family == AF_INET) {
		*broadcast = true;
		msg_plain(sink, "broadcast", "%s", _("WARNING: pinging broadcast address"));
		sock_set_int(fd, SOL_SOCKET, SO_BROADCAST, 1);
		err = connect(fd, (struct sockaddr *)&d, dstlen) < 0 ? errno : 0;
	}
	if (err)
		goto out;
	*call = "getsockname";
	err = getsockname(fd, (struct sockaddr *)src, &len) < 0 ? errno : 0;
	if (!err && cfg->device != NULL) {
		bool on;

		*call = "getifaddrs";
		err = source_on_device(cfg->device, src, &on);
		if (!err && !on)
			msg_warn(sink, "source_device", _("Warning: source address might be selected on device other than: %s"),
				 cfg->device);
	}
out:
	close(fd);
	return err;
}

void sockopt_set_mark(struct event_sink *sink, int fd, uint32_t mark, bool *warned)
{
	int rc, err;

	caps_raise(CAP_NET_ADMIN);
	caps_raise(CAP_NET_RAW);
	rc = setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	err = errno;
	caps_lower(CAP_NET_RAW);
	caps_lower(CAP_NET_ADMIN);
	if (rc == 0 || *warned)
		return;
	*warned = true;
	msg_warn(sink, "mark", _("WARNING: failed to set mark: %u: %s"), mark, nls_strerror(err));
	if (err == EPERM)
		msg_warn(sink, "mark", _("=> missing cap_net_admin+p or cap_net_raw+p (since Linux 5.17) capability?"));
}

/* The identifier the kernel gives a bound datagram socket's requests: its port. */
static bool learn_port(struct event_sink *sink, const struct ping_sock *s, uint16_t *port)
{
	struct sockaddr_storage b;
	socklen_t len = sizeof(b);

	if (getsockname(s->fd, (struct sockaddr *)&b, &len) < 0) {
		msg_errno(sink, "getsockname", errno, "getsockname");
		return false;
	}
	/* sin_port and sin6_port share their place. */
	*port = ntohs(((const struct sockaddr_in *)(const void *)&b)->sin_port);
	return true;
}

/*
 * The device and the local address: bind_to, or for a datagram socket
 * with -e the identifier as the port (the kernel takes it as the id), or
 * with port_out any free one, learnt.
 */
static bool bind_local(struct event_sink *sink, const struct ping_config *cfg, const struct ping_sock *s,
		       const struct sockaddr_storage *bind_to, uint16_t *port_out)
{
	struct sockaddr_storage b;
	int err;

	if (cfg->device != NULL && (err = bind_device(s->fd, cfg->device)) != 0) {
		msg_errno(sink, "setsockopt", err, "SO_BINDTODEVICE %s", cfg->device);
		return false;
	}
	if (!bind_to && (s->raw || !cfg->ident_set) && !port_out)
		return true;
	if (bind_to)
		b = *bind_to;
	else {
		memset(&b, 0, sizeof(b));
		b.ss_family = (sa_family_t)s->fam->af;
	}
	if (!s->raw)
		addr_set_port(&b, cfg->ident_set ? cfg->ident : 0);
	if (bind(s->fd, (struct sockaddr *)&b, s->fam->sockaddr_len) < 0) {
		msg_errno(sink, "bind", errno, "%s", texts_for(s->fam->af)->bind);
		return false;
	}
	return !port_out || learn_port(sink, s, port_out);
}

/* What the socket reports with each message: errors, TTL, options, hop limit, times. */
static bool receive_opts(struct event_sink *sink, const struct ping_config *cfg, const struct ping_sock *s,
			 uint16_t ident, bool ninfo)
{
	const struct ping_family *fam = s->fam;
	bool v4 = fam->af == AF_INET;
	const struct int_opt opts[] = {
		{ v4 && !s->raw, IPPROTO_IP, IP_RECVTTL, 1, FAIL_NOTE, true, false,
		  N_("WARNING: setsockopt(IP_RECVTTL)") },
		{ v4 && !s->raw, IPPROTO_IP, IP_RETOPTS, 1, FAIL_NOTE, true, false,
		  N_("WARNING: setsockopt(IP_RETOPTS)") },
		{ !v4, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, FAIL_FATAL, true, false,
		  N_("can't receive hop limit") },
	};

	if (sock_set_int(s->fd, fam->level, fam->opt_recverr, 1) < 0)
		msg_warn(sink, "socket_option", _("WARNING: cannot receive ICMP errors (%s)"), nls_strerror(errno));
	if (!apply_int_opts(sink, s->fd, opts, sizeof(opts) / sizeof(opts[0])))
		return false;
	if (!cfg->user_latency && sock_enable_stamps(s->fd) < 0)
		msg_warn(sink, "socket_option", _("Warning: no SO_TIMESTAMP support, falling back to SIOCGSTAMP"));
	if (s->raw && sock_raw_filters(s, ident, ninfo) < 0)
		msg_warn(sink, "socket_option", _("WARNING: failed to install socket filter"));
	return true;
}

/*
 * Room for a preload's worth of replies arriving at once, sized as iputils
 * sizes it, with its warnings when the size overflows or the kernel grants
 * less (its limit is net.core.rmem_max).  A single request keeps the
 * kernel's default buffer, which iputils' size could never fall short of.
 */
static void preload_rcvbuf(struct event_sink *sink, const struct ping_config *cfg, const struct ping_sock *s)
{
	int af = s->fam->af;
	struct rcvbuf_plan p;
	int got = 0;
	socklen_t len = sizeof(got);

	if (cfg->preload <= 1)
		return;
	p = cli_preload_rcvbuf(af, cfg->datalen, cli_ipopt_len(cfg, af), cfg->preload);
	if (p.overflow)
		msg_warn(sink, "socket_option", "%s", _("WARNING: buffer size overflow, reduce packet size or preload"));
	sock_set_int(s->fd, SOL_SOCKET, SO_RCVBUF, p.set);
	if (getsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == 0 && got < p.want)
		msg_warn(sink, "socket_option", "%s", _("WARNING: probably, rcvbuf is not enough to hold preload"));
}

/* How the requests go out: hops, broadcast, path MTU, TOS, loop, routing, buffers. */
static bool send_opts(struct event_sink *sink, const struct ping_config *cfg, const struct ping_sock *s)
{
	/* IP_PMTUDISC_* and IPV6_PMTUDISC_* share their values. */
	static const int pmtu_mode[] = { IP_PMTUDISC_DO, IP_PMTUDISC_DONT,
					 IP_PMTUDISC_WANT, IP_PMTUDISC_PROBE };
	const struct ping_family *fam = s->fam;
	const struct family_texts *t = texts_for(fam->af);
	bool pmtu = cfg->pmtudisc != PMTUDISC_UNSET;
	/* Linux ignores SO_DEBUG; like iputils, a refusal is not an error. */
	const struct int_opt opts[] = {
		{ cfg->ttl >= 0, fam->level, fam->opt_multicast_hops, cfg->ttl, FAIL_FATAL, true,
		  false, t->multicast_hops },
		{ cfg->ttl >= 0, fam->level, fam->opt_unicast_hops, cfg->ttl, FAIL_FATAL, true,
		  false, t->unicast_hops },
		{ cfg->broadcast && fam->af == AF_INET, SOL_SOCKET, SO_BROADCAST, 1, FAIL_FATAL,
		  true, false, N_("can't set broadcasting") },
		{ pmtu, fam->level, fam->opt_mtu_discover, pmtu ? pmtu_mode[cfg->pmtudisc] : 0,
		  FAIL_FATAL, false, false, t->mtu_discover },
		{ cfg->tos_set, fam->level, fam->opt_tos, cfg->tos, FAIL_FATAL, false, false, t->tos },
		{ cfg->no_mcast_loop, fam->level, fam->opt_multicast_loop, 0, FAIL_FATAL, true,
		  false, t->multicast_loop },
		{ cfg->so_debug, SOL_SOCKET, SO_DEBUG, 1, FAIL_QUIET, false, true, NULL },
		{ cfg->dontroute, SOL_SOCKET, SO_DONTROUTE, 1, FAIL_FATAL, false, false,
		  "SO_DONTROUTE" },
		{ cfg->sndbuf != 0, SOL_SOCKET, SO_SNDBUF, cfg->sndbuf, FAIL_WARN, false, false,
		  "WARNING: SO_SNDBUF" },
		/* Without -S, iputils' estimate of one request: what may wait unsent is that much. */
		{ cfg->sndbuf == 0, SOL_SOCKET, SO_SNDBUF,
		  (int)cli_packet_estimate(fam->af, cfg->datalen, cli_ipopt_len(cfg, fam->af)), FAIL_QUIET,
		  false, false, NULL },
	};

	if (!apply_int_opts(sink, s->fd, opts, sizeof(opts) / sizeof(opts[0])))
		return false;
	preload_rcvbuf(sink, cfg, s);
	return true;
}

bool sockopt_tx_stamps(struct event_sink *sink, const struct ping_config *cfg, const struct ping_sock *s,
		       bool ninfo)
{
	if (cfg->user_latency || ninfo)
		return false;
	if (sock_enable_tx_stamps(s->fd) == 0)
		return true;
	if (cfg->verbose)
		msg_warn(sink, "socket_option",
			 _("WARNING: no kernel transmit stamps (SO_TIMESTAMPING: %s): round trips start at the send call"),
			 nls_strerror(errno));
	return false;
}

bool sockopt_setup(struct event_sink *sink, const struct ping_config *cfg, const struct ping_sock *s,
		   const struct sockaddr_storage *bind_to, uint16_t ident, bool ninfo,
		   uint16_t *port_out, bool *mark_warned)
{
	if (!bind_local(sink, cfg, s, bind_to, port_out) || !receive_opts(sink, cfg, s, ident, ninfo) ||
	    !send_opts(sink, cfg, s))
		return false;
	if (cfg->mark_set)
		sockopt_set_mark(sink, s->fd, cfg->mark, mark_warned);
	return true;
}

bool sockopt_ip_options(struct event_sink *sink, const struct ping_config *cfg, int fd, uint8_t *opts, size_t len)
{
	bool ts = cfg->ipts != IPTS_NONE;
	int rc;

	caps_raise(CAP_NET_RAW);
	rc = setsockopt(fd, IPPROTO_IP, IP_OPTIONS, opts, (socklen_t)len);
	if (rc < 0 && ts && ipopt_ts_retry(opts, len))
		rc = setsockopt(fd, IPPROTO_IP, IP_OPTIONS, opts, (socklen_t)len);
	caps_lower(CAP_NET_RAW);
	if (rc < 0) {
		msg_errno(sink, "setsockopt", errno, ts ? "ts option" : "record route");
		return false;
	}
	return true;
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

bool sockopt_flowlabel(struct event_sink *sink, int fd, struct sockaddr_storage *dst, uint32_t label)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)dst;
	struct flowlabel_req req;

	memset(&req, 0, sizeof(req));
	req.dst = sin6->sin6_addr;
	req.label = htonl(label & 0xfffff);
	req.action = FL_ACTION_GET;
	req.flags = FL_FLAG_CREATE;
	req.share = FL_SHARE_EXCL;
	if (setsockopt(fd, IPPROTO_IPV6, FL_MGR_OPT, &req, sizeof(req)) < 0) {
		msg_errno(sink, "setsockopt", errno, _("can't set flowlabel"));
		return false;
	}
	/* Asked for 0, the kernel chose a label and wrote it back into req. */
	sin6->sin6_flowinfo = req.label;
	if (sock_set_int(fd, IPPROTO_IPV6, FL_SEND_OPT, 1) < 0) {
		msg_errno(sink, "setsockopt", errno, _("can't send flowinfo"));
		return false;
	}
	return true;
}
