/*
 * The event loop.  It owns the clock and the socket calls of a run and
 * hands every received byte to the pure decoders; what to print is
 * output.c's, what to count is stats.c's.  Signal handlers only set flags;
 * the signals are blocked except inside ppoll, so no flag is missed.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "addr.h"
#include "caps.h"
#include "cmsg.h"
#include "errqueue.h"
#include "icmp_text.h"
#include "loop.h"
#include "msg.h"
#include "nls.h"
#include "packet.h"
#include "target.h"
#include "clock.h"
#include "timeutil.h"

#define FLOOD_INTERVAL_US	10000	/* without -i, flood paces at 100/s or the replies */
#define RECV_BURST		64	/* datagrams read per wake-up before sending again */

static volatile sig_atomic_t sig_exit;
static volatile sig_atomic_t sig_status;
static sigset_t loop_mask;		/* the mask ppoll waits with: signals open */

/* Largest datagram plus room: a reply is never cut short by our buffer. */
static uint8_t inbuf[65536 + 512];
static union {
	struct cmsghdr align;
	uint8_t buf[2048];
} ctrl;

static void on_exit_signal(int sig)
{
	(void)sig;
	sig_exit = 1;
}

static void on_status_signal(int sig)
{
	(void)sig;
	sig_status = 1;
}

void loop_signals(void)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_exit_signal;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_status_signal;
	sigaction(SIGQUIT, &sa, NULL);

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &loop_mask);
	sigdelset(&loop_mask, SIGINT);
	sigdelset(&loop_mask, SIGQUIT);
}

static bool quiet_lines(const struct ping_run *r)
{
	return r->cfg->quiet || r->cfg->flood;
}

static void flood_mark(const struct ping_run *r, const char *mark)
{
	if (r->cfg->flood && !r->cfg->quiet) {
		fputs(mark, stdout);
		fflush(stdout);
	}
}

static void prepare_msg(struct msghdr *msg, struct iovec *iov,
			struct sockaddr_storage *from, uint8_t *buf, size_t len)
{
	memset(msg, 0, sizeof(*msg));
	iov->iov_base = buf;
	iov->iov_len = len;
	msg->msg_name = from;
	msg->msg_namelen = sizeof(*from);
	msg->msg_iov = iov;
	msg->msg_iovlen = 1;
	msg->msg_control = ctrl.buf;
	msg->msg_controllen = sizeof(ctrl.buf);
}

/* What a pass over the error queue found. */
struct drained {
	bool local;	/* a local error */
	bool icmp;	/* an ICMP error about one of our requests */
};

/*
 * One error-queue message: an ICMP error about a request, or a local
 * error.  Returns false when the queue is empty; notes in *seen what it
 * was.
 */
static bool read_error(struct ping_run *r, struct drained *seen)
{
	const struct ping_family *fam = r->sock->fam;
	struct sockaddr_storage name;
	struct msghdr msg;
	struct iovec iov;
	struct rx_meta meta;
	struct errq_event ev;
	ssize_t n;

	prepare_msg(&msg, &iov, &name, inbuf, sizeof(inbuf));
	n = sock_recv(r->sock->fd, &msg, true);
	if (n < 0)
		return false;
	cmsg_decode(fam, &msg, &meta);
	errqueue_decode(fam, &meta, inbuf, (size_t)n, (struct sockaddr *)&name,
			msg.msg_namelen, (struct sockaddr *)&r->dst,
			r->check_ident ? r->ident : -1, &ev);

	switch (ev.kind) {
	case ERRQ_LOCAL:
		seen->local = true;
		if (r->quiet_local_emsgsize && ev.err == EMSGSIZE)
			break;
		r->st->errors++;
		if (r->cfg->quiet)
			break;
		if (r->cfg->flood) {
			flood_mark(r, "E");
		} else if (ev.err == EMSGSIZE) {
			msg_error(_("local error: message too long, %s%u"), fam->mtu_sep, ev.info);
		} else {
			msg_error(_("local error: %s"), strerror(ev.err));
		}
		break;
	case ERRQ_ICMP: {
		bool info_only = icmp_is_informational(fam->af, ev.type);
		const struct sockaddr *who = ev.have_offender ?
			(const struct sockaddr *)&ev.offender : (const struct sockaddr *)&name;
		char text[160];

		/* A raw socket sees redirects and quench as packets: shown from there. */
		if (info_only && r->sock->raw)
			break;
		if (!info_only) {
			stats_error(r->st, ev.seq);
			seen->icmp = true;
		}
		if (info_only && quiet_lines(r))
			break;
		if (r->cfg->quiet)
			break;
		if (r->cfg->flood) {
			flood_mark(r, "\bE");
			break;
		}
		icmp_text(text, sizeof(text), fam->af, ev.type, ev.code, ev.info, NULL);
		out_icmp(stdout, &r->oo, clock_now_us(CLOCK_REALTIME),
			 target_peer(who, fam->sockaddr_len, r->reverse), ev.seq, text, info_only);
		fflush(stdout);
		break;
	}
	case ERRQ_MALFORMED:
		if (r->cfg->verbose)
			msg_error(_("malformed error report ignored: %s"), ev.why);
		break;
	case ERRQ_NONE:
	case ERRQ_FOREIGN:
		break;
	}
	return true;
}

/* Reads what the error queue holds. */
static struct drained drain_errors(struct ping_run *r)
{
	struct drained seen = { false, false };

	for (int i = 0; i < RECV_BURST && read_error(r, &seen); i++)
		;
	return seen;
}

/* Addresses in recorded routes are shown like repliers. */
static const char *option_addr(struct in_addr addr, void *ctx)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = addr };

	return target_peer((struct sockaddr *)&sin, sizeof(sin), *(const bool *)ctx);
}

/* Whether the echoed send time differs from the one we wrote. */
static bool stamp_altered(const struct ping_run *r, const struct reply_info *ri)
{
	struct timeval sent = us_to_tv(r->st->slot[ri->seq].sent_real_us);

	return ri->datalen >= PING_STAMP_LEN &&
	       memcmp(ri->data, &sent, sizeof(sent)) != 0;
}

static void handle_echo(struct ping_run *r, const struct reply_info *ri,
			const struct rx_meta *meta, const struct sockaddr_storage *from,
			socklen_t fromlen, int64_t now_mono, int64_t now_real)
{
	const struct ping_config *cfg = r->cfg;
	const struct ping_family *fam = r->sock->fam;
	enum rx_class cls;
	bool truncated, corrupted;
	int64_t rtt = -1;
	struct reply_line line;
	char optbuf[1024];
	char frombuf[NI_MAXHOST + 64];

	if (r->check_ident && ri->id != r->ident)
		return;		/* another process's ping */
	/*
	 * Identifiers are 16 bits: a raw socket's and a datagram socket's can
	 * meet, and each then hears the other's replies.  A reply from some
	 * other host than our unicast target that does not echo the send time
	 * we wrote is that other ping's, not a DIFFERENT ADDRESS reply of ours.
	 */
	if (!r->multicast && r->timing && ri->datalen >= PING_STAMP_LEN &&
	    !addr_same_host((const struct sockaddr *)from, (const struct sockaddr *)&r->dst) && stamp_altered(r, ri))
		return;
	cls = stats_classify(r->st, ri->seq);
	if (cls == RX_UNKNOWN) {
		if (cfg->verbose)
			msg_error(_("reply with icmp_seq=%u ignored: no such request was sent"), ri->seq);
		return;
	}
	truncated = ri->datalen < r->datalen;
	corrupted = ri->cksum_bad;
	if (r->timing && !truncated)
		rtt = cfg->user_latency ?
			stats_rtt_us(r->st, ri->seq, now_mono, now_real, false, 0) :
			stats_rtt_us(r->st, ri->seq, now_mono, now_real,
				     meta->have_stamp, meta->stamp_us);
	if (cfg->verbose && r->timing && !truncated && stamp_altered(r, ri))
		msg_error(_("icmp_seq=%u: the echoed send time was altered; the time shown is measured locally"),
			  ri->seq);
	stats_reply(r->st, ri->seq, cls, corrupted, rtt);
	if (cfg->adaptive && rtt >= 0) {
		/* -A: the interval follows the moving average, in whole milliseconds. */
		int64_t avg_us = r->st->ewma_x8_us / 8;

		r->interval_us = (avg_us + 500) / 1000 * 1000;
		if (r->interval_us < r->min_interval_us)
			r->interval_us = r->min_interval_us;
	}

	if (cfg->flood) {
		flood_mark(r, corrupted ? "\bC" : "\b \b");
		return;
	}
	if (cfg->quiet)
		return;

	memset(&line, 0, sizeof(line));
	line.now_real_us = now_real;
	line.bytes = ri->icmp_len;
	/* Copied: the option printer below looks other addresses up through the same cache. */
	snprintf(frombuf, sizeof(frombuf), "%s",
		 target_peer((const struct sockaddr *)from, fromlen, r->reverse));
	line.from = frombuf;
	line.seq = ri->seq;
	line.show_ident = r->show_ident;
	line.ident = ri->id;
	if (ri->ttl >= 0) {
		line.have_ttl = true;
		line.ttl = ri->ttl;
	} else if (meta->have_ttl) {
		line.have_ttl = true;
		line.ttl = meta->ttl;
	} else if (fam->af == AF_INET) {
		line.have_ttl = true;	/* iputils prints ttl=0 when IPv4 gave none */
	}
	line.rtt_us = rtt;
	/* Every member of a group answers: iputils flags those only under -v. */
	line.duplicate = cls == RX_DUPLICATE && (!r->multicast || cfg->verbose);
	line.bad_cksum = corrupted;
	line.different_address = !r->multicast &&
		!addr_same_host((const struct sockaddr *)from, (const struct sockaddr *)&r->dst);
	line.truncated = truncated;
	line.mismatch_at = -1;
	if (!truncated && r->datalen > PING_STAMP_LEN) {
		line.mismatch_at = packet_first_mismatch(r->outpkt + ICMP_HEADER_LEN, ri->data,
							 PING_STAMP_LEN, r->datalen);
		if (line.mismatch_at >= 0) {
			line.expected = r->outpkt[ICMP_HEADER_LEN + line.mismatch_at];
			line.data = ri->data;
			line.datalen = r->datalen;
		}
	}
	{
		const uint8_t *opts = ri->ipopts_len ? ri->ipopts : meta->ipopts;
		size_t optlen = ri->ipopts_len ? ri->ipopts_len : meta->ipopts_len;

		if (optlen && !truncated) {
			ipopt_format(optbuf, sizeof(optbuf), opts, optlen, &r->route,
				     option_addr, &r->reverse);
			line.extra = optbuf;
		}
	}
	out_reply(stdout, &r->oo, &line);
	fflush(stdout);
}

/* A raw socket's non-echo ICMP: redirects and source quench are shown, errors come via the queue. */
static void handle_quote(struct ping_run *r, const struct reply_info *ri,
			 const struct sockaddr_storage *from, socklen_t fromlen)
{
	const struct ping_family *fam = r->sock->fam;
	char text[160];
	bool ours;

	if (!icmp_is_informational(fam->af, ri->type))
		return;
	if (fam->af == AF_INET)
		ours = ri->quoted_dst4.s_addr == ((struct sockaddr_in *)&r->dst)->sin_addr.s_addr;
	else
		ours = memcmp(&ri->quoted_dst6, &((struct sockaddr_in6 *)&r->dst)->sin6_addr, 16) == 0;
	if (!ours || ri->id != r->ident || quiet_lines(r))
		return;
	icmp_text(text, sizeof(text), fam->af, ri->type, ri->code, ri->info, NULL);
	out_icmp(stdout, &r->oo, clock_now_us(CLOCK_REALTIME),
		 target_peer((const struct sockaddr *)from, fromlen, r->reverse), ri->seq, text, true);
	fflush(stdout);
}

/*
 * A node information reply (-N): ours when its nonce hashes right.  It
 * counts like an echo reply without a time, as in iputils.
 */
static void handle_ninfo(struct ping_run *r, size_t len, const struct rx_meta *meta,
			 const struct sockaddr_storage *from, socklen_t fromlen,
			 int64_t now_real)
{
	struct ninfo_reply nr;
	enum rx_class cls;
	char text[4096];
	int seq;

	if (ninfo_parse_reply(inbuf, len, &nr) < 0)
		return;
	seq = ninfo_nonce_seq(r->ninfo_key, nr.nonce);
	if (seq < 0)
		return;		/* someone else's query */
	cls = stats_classify(r->st, (uint16_t)seq);
	if (cls == RX_UNKNOWN)
		return;
	stats_reply(r->st, (uint16_t)seq, cls, false, -1);
	if (r->cfg->flood) {
		flood_mark(r, "\b \b");
		return;
	}
	if (r->cfg->quiet)
		return;
	ninfo_format_reply(text, sizeof(text), &nr);
	out_ninfo_reply(stdout, &r->oo, now_real, len,
			target_peer((const struct sockaddr *)from, fromlen, r->reverse), text,
			meta->have_ttl, meta->ttl, cls == RX_DUPLICATE);
	fflush(stdout);
}

/* One datagram from the socket; false when there is none (or an error to fetch). */
static bool read_reply(struct ping_run *r)
{
	const struct ping_family *fam = r->sock->fam;
	struct sockaddr_storage from;
	struct msghdr msg;
	struct iovec iov;
	struct rx_meta meta;
	struct reply_info ri;
	int64_t now_mono, now_real;
	ssize_t n;

	prepare_msg(&msg, &iov, &from, inbuf, sizeof(inbuf));
	n = sock_recv(r->sock->fd, &msg, false);
	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			drain_errors(r);
		return false;
	}
	now_mono = clock_now_us(CLOCK_MONOTONIC);
	now_real = clock_now_us(CLOCK_REALTIME);
	cmsg_decode(fam, &msg, &meta);
	if (r->ninfo) {
		handle_ninfo(r, (size_t)n, &meta, &from, msg.msg_namelen, now_real);
		return true;
	}
	switch (packet_parse_reply(fam, r->sock->raw, inbuf, (size_t)n, &ri)) {
	case REPLY_ECHO:
		handle_echo(r, &ri, &meta, &from, msg.msg_namelen, now_mono, now_real);
		break;
	case REPLY_QUOTE:
		handle_quote(r, &ri, &from, msg.msg_namelen);
		break;
	case REPLY_MALFORMED:
		if (r->cfg->verbose) {
			char num[INET6_ADDRSTRLEN + 20];

			target_numeric((struct sockaddr *)&from, msg.msg_namelen, num, sizeof(num));
			msg_error(_("%s from %s"), ri.why, num);
		}
		break;
	case REPLY_OTHER:
		/* -v as root: other ICMP the raw socket let through, as iputils shows it. */
		if (r->cfg->verbose && caps_real_root() && !quiet_lines(r)) {
			char text[160];

			icmp_text(text, sizeof(text), fam->af, ri.type, ri.code, ri.info, NULL);
			out_icmp_other(stdout, &r->oo, now_real,
				       target_peer((struct sockaddr *)&from, msg.msg_namelen, r->reverse),
				       text);
			fflush(stdout);
		}
		break;
	}
	return true;
}

/* Requests neither answered nor reported as failed. */
static uint64_t in_flight(const struct ping_stats *st)
{
	uint64_t done = st->received + st->errors;

	return st->transmitted > done ? st->transmitted - done : 0;
}

/*
 * Reads queued replies until the socket is empty, the burst limit is
 * reached, or nothing more is expected.  Returns how many were read.
 */
static int read_burst(struct ping_run *r)
{
	int n = 0;

	while (n < RECV_BURST && read_reply(r)) {
		n++;
		if (in_flight(r->st) == 0)
			break;
	}
	return n;
}

/* Sends the next request; returns the delay before the next one may go. */
static int64_t send_one(struct ping_run *r)
{
	const struct ping_config *cfg = r->cfg;
	struct ping_stats *st = r->st;
	uint16_t seq = (uint16_t)(st->transmitted + 1);
	int64_t mono, real;
	struct timeval tv;
	ssize_t n;
	uint8_t query[NINFO_QUERY_MAX];
	const uint8_t *pkt = r->outpkt;
	size_t len = ICMP_HEADER_LEN + r->datalen;

	if (cfg->report_outstanding && st->transmitted > 0 &&
	    !stats_answered(st, (uint16_t)st->transmitted) && !quiet_lines(r)) {
		out_no_answer(stdout, &r->oo, clock_now_us(CLOCK_REALTIME), (uint16_t)st->transmitted);
		fflush(stdout);
	}

	real = clock_now_us(CLOCK_REALTIME);
	mono = clock_now_us(CLOCK_MONOTONIC);
	tv = us_to_tv(real);
	if (r->ninfo) {
		uint8_t nonce[NINFO_NONCE_LEN];

		ninfo_nonce(r->ninfo_key, seq, nonce);
		len = ninfo_build(r->ninfo, query, sizeof(query), nonce,
				  &((const struct sockaddr_in6 *)&r->dst)->sin6_addr);
		pkt = query;
	} else {
		packet_build_echo(r->sock->fam, r->outpkt, r->datalen, r->ident, seq, &tv,
				  r->sock->raw && r->sock->fam->af == AF_INET);
	}
	do {
		n = sendto(r->sock->fd, pkt, len, 0, (struct sockaddr *)&r->dst, r->dstlen);
	} while (n < 0 && errno == EINTR);

	if (n < 0 && (errno == ENOBUFS || errno == ENOMEM || errno == EAGAIN))
		return FLOOD_INTERVAL_US;	/* not sent, not counted: try again shortly */

	stats_sent(st, seq, mono, real);
	r->last_send_mono_us = mono;
	if (n < 0 && errno == EMSGSIZE) {
		/*
		 * Too big for the path MTU: iputils 20250605 reports the send
		 * itself and counts an error; the local error the kernel also
		 * queued says the same and is dropped.
		 */
		r->quiet_local_emsgsize = true;
		drain_errors(r);
		r->quiet_local_emsgsize = false;
		st->errors++;
		if (!cfg->quiet) {
			if (cfg->flood)
				flood_mark(r, "E");
			else
				msg_errno(EMSGSIZE, "sendmsg");
		}
		return r->interval_us > FLOOD_INTERVAL_US ? r->interval_us : FLOOD_INTERVAL_US;
	}
	if (n < 0) {
		int err = errno;

		/*
		 * iputils names the failed send only next to an ICMP error
		 * from the queue (a local REJECT); a local error already said
		 * why, and a failure with nothing queued (a packet filter's
		 * DROP, a vanished route) is silent: check_ping counts any
		 * stderr line as a warning.
		 */
		struct drained seen = drain_errors(r);

		if (seen.icmp && !seen.local && !cfg->quiet) {
			if (cfg->flood)
				flood_mark(r, "E");
			else
				msg_errno(err, "sendmsg");
		}
		return r->interval_us > FLOOD_INTERVAL_US ? r->interval_us : FLOOD_INTERVAL_US;
	}
	/*
	 * A flood whose requests in flight would fill a whole terminal row
	 * stops drawing dots, as iputils does, so the row cannot wrap.
	 */
	if (!((cfg->preload > 0 && (uint64_t)cfg->preload >= r->screen_width) ||
	      st->pipe >= r->screen_width) ||
	    in_flight(st) < r->screen_width)
		flood_mark(r, ".");
	if (r->interval_us == 0)
		return FLOOD_INTERVAL_US;
	return r->interval_us;
}

/*
 * iputils' end of a run by answers: -c counts replies and errors; with -w
 * the first error ends it.
 */
static bool answered_enough(const struct ping_run *r)
{
	const struct ping_stats *st = r->st;

	if (r->cfg->count && st->received + st->errors >= r->cfg->count)
		return true;
	return r->cfg->deadline_s && st->errors;
}

static int64_t min_nonzero(int64_t a, int64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

void loop_run(struct ping_run *r)
{
	const struct ping_config *cfg = r->cfg;
	struct ping_stats *st = r->st;
	int64_t now = clock_now_us(CLOCK_MONOTONIC);
	int64_t next_send = now;
	int64_t deadline_at = cfg->deadline_s ? now + (int64_t)cfg->deadline_s * 1000000 : 0;
	int64_t linger_at = 0;
	bool lingering = false;
	int preload = cfg->preload > 0 ? cfg->preload : 1;
	const uint64_t window = (uint64_t)preload;	/* -l: requests kept in flight without -i */
	bool speculate = r->interval_us == 0;
	unsigned passes = 0;

	r->start_mono_us = now;
	r->last_send_mono_us = now;

	for (;;) {
		bool sending;
		int64_t wake;
		struct pollfd pfd;
		struct timespec ts, *tsp = NULL;

		if (sig_exit)
			break;
		if (sig_status) {
			sig_status = 0;
			out_status(stderr, st, r->timing);
		}
		if (answered_enough(r))
			break;
		now = clock_now_us(CLOCK_MONOTONIC);
		if (deadline_at && now >= deadline_at)
			break;
		if (lingering && linger_at && now >= linger_at)
			break;

		sending = !(cfg->count && st->transmitted >= cfg->count && !cfg->deadline_s);
		while (sending && now >= next_send) {
			int64_t delay = send_one(r);

			if (preload > 1) {
				preload--;
				delay = 0;
			} else if (r->interval_us == 0 && in_flight(st) < window) {
				delay = 0;	/* no interval: keep the window full */
			}
			next_send += delay;
			now = clock_now_us(CLOCK_MONOTONIC);
			if (next_send < now - delay)
				next_send = now;	/* fell behind (stopped?): no burst */
			sending = !(cfg->count && st->transmitted >= cfg->count && !cfg->deadline_s);
		}
		if (answered_enough(r))
			break;		/* a send failure may have been the last error wanted */
		if (!sending && !lingering) {
			int64_t wait;

			lingering = true;
			if (st->received) {
				wait = 2 * st->max_us;
				if (wait < r->interval_us)
					wait = r->interval_us;
				if (wait < 1)
					wait = 1;
			} else {
				wait = r->linger_us;	/* 0: wait forever */
			}
			linger_at = wait ? now + wait : 0;
		}

		wake = min_nonzero(sending ? next_send : 0, deadline_at);
		wake = min_nonzero(wake, lingering ? linger_at : 0);
		if (wake) {
			int64_t d = wake > now ? wake - now : 0;

			ts.tv_sec = d / 1000000;
			ts.tv_nsec = (d % 1000000) * 1000;
			tsp = &ts;
		}
		/*
		 * Flooding a fast peer, the reply is often queued already: read
		 * it without polling first (two system calls an echo).  A miss
		 * turns this off until the next 64th request; every 64th pass
		 * polls anyway so that blocked signals are delivered.
		 */
		if (speculate && (++passes & 63) != 0) {
			if (read_burst(r) > 0) {
				if (cfg->adaptive)
					next_send = r->last_send_mono_us + r->interval_us;
				if (in_flight(st) < window)
					next_send = clock_now_us(CLOCK_MONOTONIC);
				continue;
			}
			speculate = false;
		}
		pfd.fd = r->sock->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (ppoll(&pfd, 1, tsp, &loop_mask) <= 0)
			continue;
		if (pfd.revents & POLLERR)
			drain_errors(r);
		if (pfd.revents & POLLIN) {
			read_burst(r);
			if (cfg->adaptive)
				next_send = r->last_send_mono_us + r->interval_us;
			/* Without an interval the next request goes as soon as the window has room. */
			if (r->interval_us == 0 && in_flight(st) < window)
				next_send = clock_now_us(CLOCK_MONOTONIC);
		}
		if (r->interval_us == 0 && (st->transmitted & 63) == 0)
			speculate = true;
	}
}
