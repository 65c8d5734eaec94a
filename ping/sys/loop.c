/*
 * The event loop.  It owns the clock and the socket calls of a run: it
 * sends on schedule, reads what arrives, has the pure verdict decide what
 * each message means (verdict.c) and hands the event to the sink.  When
 * requests go is the pure pacing rule's (pace.c); the signals and timers
 * that end a run are signals.c's.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>

#include "clock.h"
#include "loop.h"
#include "packet.h"
#include "pace.h"
#include "signals.h"
#include "timeutil.h"

#define ERROR_BURST		64	/* error-queue messages read per wake-up */
/*
 * Transmit stamps left unread during a burst, at most: they take room in
 * the receive buffer, which a large preload's replies need.
 */
#define STAMPS_HELD		16
#define FLUSH_INTERVAL_US	20000	/* flooding without waits, the sink is flushed 50 times a second */

/*
 * The receive buffers, static because of their size: the largest datagram
 * plus room, so that a reply is never cut short by our buffer, and its
 * control data.  One run, one thread: each message is decoded and
 * rendered before the next is read.
 */
static uint8_t inbuf[65536 + 512];
static union {
	struct cmsghdr align;
	uint8_t buf[2048];
} ctrl;

static void emit(struct ping_run *r, const struct ping_event *ev)
{
	r->sink->ops->event(r->sink, ev);
}

/* One message into inbuf, its name into *from; the byte count or -1. */
static ssize_t receive(struct ping_run *r, bool errqueue, struct msghdr *msg,
		       struct iovec *iov, struct sockaddr_storage *from)
{
	memset(msg, 0, sizeof(*msg));
	iov->iov_base = inbuf;
	iov->iov_len = sizeof(inbuf);
	msg->msg_name = from;
	msg->msg_namelen = sizeof(*from);
	msg->msg_iov = iov;
	msg->msg_iovlen = 1;
	msg->msg_control = ctrl.buf;
	msg->msg_controllen = sizeof(ctrl.buf);
	return sock_recv(r->sock->fd, msg, errqueue);
}

/* One error-queue message to the sink; false when the queue is empty. */
static bool read_error(struct ping_run *r, bool quiet_emsgsize, struct drained *seen)
{
	struct sockaddr_storage name;
	struct msghdr msg;
	struct iovec iov;
	struct rx_msg rx;
	struct ping_event ev;
	ssize_t n = receive(r, true, &msg, &iov, &name);

	if (n < 0)
		return false;
	rx_error(&r->rs, inbuf, (size_t)n, &msg, &rx);
	/* A transmit stamp (one an echo) is only kept: no clock read, nothing to show. */
	if (rx.err.kind != ERRQ_TX_STAMP) {
		rx.now_mono_us = clock_now_us(CLOCK_MONOTONIC);
		rx.now_real_us = clock_now_us(CLOCK_REALTIME);
	}
	verdict_error(&r->vc, r->st, &rx, quiet_emsgsize, seen, &ev);
	if (ev.kind == EV_ICMP_ERROR && !r->errors_queued && r->sock->raw &&
	    r->sock->fam->af == AF_INET) {
		/* Failing, the copies keep coming and only acknowledge. */
		(void)sock_raw_errors_queued(r->sock);
		r->errors_queued = true;
	}
	if (ev.kind != EV_IGNORED || ev.ignored != IGN_SILENT)
		emit(r, &ev);
	return true;
}

static void merge_drained(struct drained *into, const struct drained *add)
{
	into->local |= add->local;
	into->icmp |= add->icmp;
	into->stamp |= add->stamp;
}

/* Reads what the error queue holds. */
static struct drained drain_errors(struct ping_run *r, bool quiet_emsgsize)
{
	struct drained seen = { false, false, false };

	for (int i = 0; i < ERROR_BURST && read_error(r, quiet_emsgsize, &seen); i++)
		;
	return seen;
}

/*
 * Reads the error queue up to its first error (the transmit stamps before
 * it are kept on the way), as iputils reads one error when a send fails.
 */
static void read_first_error(struct ping_run *r, struct drained *seen)
{
	for (int i = 0; i < ERROR_BURST; i++) {
		struct drained one = { false, false, false };

		if (!read_error(r, false, &one))
			return;
		merge_drained(seen, &one);
		if (one.local || one.icmp || !one.stamp)
			return;
	}
}

/*
 * Right after the sends of one pass: their transmit stamps are mostly
 * queued before each send call returns, so they are read now (a call
 * each) rather than on wake-ups of their own.  They are read after the
 * pass (or every STAMPS_HELD sends of a longer one), as iputils reads
 * what came only after its burst: an error queued among them then finds
 * the requests of a preload burst in flight (the pipe figure).  What
 * comes later wakes the loop as an error would.
 */
static void read_tx_stamps(struct ping_run *r, unsigned stamps)
{
	for (int i = 0; i < ERROR_BURST && stamps > 0; i++) {
		struct drained one = { false, false, false };

		if (!read_error(r, false, &one))
			return;
		if (one.stamp)
			stamps--;
	}
}

/*
 * One datagram to the sink or, when an error is pending on the socket
 * (which the kernel reports before any datagram), the error queue's next
 * error: iputils reads them so, one at a time, and stops reading as soon
 * as nothing is in flight.  False when neither was there.
 */
static bool read_reply(struct ping_run *r)
{
	struct sockaddr_storage from;
	struct msghdr msg;
	struct iovec iov;
	struct rx_msg rx;
	struct ping_event ev;
	ssize_t n = receive(r, false, &msg, &iov, &from);

	if (n < 0) {
		struct drained seen = { false, false, false };

		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return false;
		read_first_error(r, &seen);
		return seen.icmp || seen.local;
	}
	rx.now_mono_us = clock_now_us(CLOCK_MONOTONIC);
	rx.now_real_us = clock_now_us(CLOCK_REALTIME);
	r->last_read_mono_us = rx.now_mono_us;
	rx_datagram(&r->rs, inbuf, (size_t)n, &msg, &rx);
	verdict_datagram(&r->vc, r->st, &rx, &ev);
	emit(r, &ev);
	if (r->cfg->adaptive && ev.kind == EV_REPLY && ev.reply.rtt_us >= 0)
		r->interval_us = verdict_adaptive_interval_us(r->st, r->min_interval_us);
	return true;
}

/*
 * Reads queued replies (and the errors pending among them) until the
 * socket is empty or nothing more is expected, as iputils does: a run
 * that ends on its count still counts every reply that had arrived (a
 * preload above any fixed burst included).
 * Only the deadline and the signals that end a run cut it short.  Returns
 * how many were read.
 */
static int read_burst(struct ping_run *r, int64_t deadline_at)
{
	int n = 0;

	while (read_reply(r)) {
		n++;
		if (stats_in_flight(r->st) == 0 || signals_exit_requested() ||
		    (deadline_at && r->last_read_mono_us >= deadline_at))
			break;
	}
	return n;
}

/*
 * What is already queued, errors and replies, until nothing is in flight
 * or nothing more is there: iputils reads so before it checks whether its
 * run is over.  An error read with a transmit stamp may have ended the run;
 * the errors queued behind it still count.
 */
static void read_pending(struct ping_run *r)
{
	for (int i = 0; i < ERROR_BURST && stats_in_flight(r->st) > 0; i++) {
		struct drained seen = drain_errors(r, false);

		if (read_burst(r, 0) == 0 && !seen.icmp && !seen.local)
			return;
	}
}

/* SCM_TS_OPT_ID (Linux 6.13): the C library's headers may predate it. */
#ifndef SCM_TS_OPT_ID
#define SCM_TS_OPT_ID	81
#endif

/*
 * sendmsg with the transmit stamp's key attached (SCM_TS_OPT_ID); when the
 * kernel refuses that control message (before 6.13) the request goes
 * without it, and from then on the kernel numbers the stamps.
 */
static ssize_t send_keyed(struct ping_run *r, const uint8_t *pkt, size_t len)
{
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(uint32_t))];
	} cb;
	struct iovec iov = { .iov_base = (void *)pkt, .iov_len = len };
	struct msghdr m = {
		.msg_name = &r->dst, .msg_namelen = r->dstlen, .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cb.buf, .msg_controllen = sizeof(cb.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	uint32_t key = txs_next_key(r->vc.tx);
	ssize_t n;

	memset(&cb, 0, sizeof(cb));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_TS_OPT_ID;
	c->cmsg_len = CMSG_LEN(sizeof(key));
	memcpy(CMSG_DATA(c), &key, sizeof(key));
	n = sendmsg(r->sock->fd, &m, MSG_DONTWAIT);
	if (n < 0 && errno == EINVAL) {
		n = sendto(r->sock->fd, pkt, len, MSG_DONTWAIT, (struct sockaddr *)&r->dst, r->dstlen);
		if (n >= 0 || errno != EINVAL)
			txs_kernel_keys(r->vc.tx);	/* the control message was the trouble */
	}
	return n;
}

/* Puts request seq on the wire; the send call's result, errno kept. */
static ssize_t transmit(struct ping_run *r, uint16_t seq, int64_t real_us)
{
	uint8_t query[NINFO_QUERY_MAX];
	const uint8_t *pkt = r->outpkt;
	size_t len = ICMP_HEADER_LEN + r->datalen;
	struct timeval tv = us_to_tv(real_us);
	ssize_t n;

	if (r->ninfo) {
		uint8_t nonce[NINFO_NONCE_LEN];

		ninfo_nonce(r->vc.ninfo_key, seq, nonce);
		len = ninfo_build(r->ninfo, query, sizeof(query), nonce,
				  &((const struct sockaddr_in6 *)&r->dst)->sin6_addr);
		pkt = query;
	} else {
		packet_build_echo(r->sock->fam, r->outpkt, r->datalen, r->vc.ident, seq, &tv,
				  r->vc.auth, r->sock->raw && r->sock->fam->af == AF_INET);
	}
	/*
	 * Never blocking: the send buffer is iputils' (a few requests' worth).
	 * A full one (requests held while a neighbour is resolved) is ENOBUFS
	 * on a raw socket, retried by iputils' rule (pace_no_buffer), and EAGAIN on
	 * a datagram socket, retried as soon as there is room (wait_and_read),
	 * where iputils' send blocks until then.
	 */
	do {
		if (r->vc.tx && r->vc.tx->own_keys)
			n = send_keyed(r, pkt, len);
		else
			n = sendto(r->sock->fd, pkt, len, MSG_DONTWAIT, (struct sockaddr *)&r->dst, r->dstlen);
	} while (n < 0 && errno == EINTR);
	return n;
}

/*
 * Sends the next request and tells the pacing rule how it went; *now is
 * the monotonic time just before the send; *stamps counts the requests
 * whose transmit stamps are to be read.  Returns whether the send buffer
 * was full (EAGAIN: the request is held back, uncounted).
 */
static bool send_one(struct ping_run *r, struct pace *p, int64_t *now, unsigned *stamps)
{
	struct ping_stats *st = r->st;
	uint16_t seq = (uint16_t)(st->transmitted + 1);
	struct ping_event ev;
	int64_t mono, real;
	ssize_t n;

	real = clock_now_us(CLOCK_REALTIME);
	if (verdict_before_send(st, real, &ev))
		emit(r, &ev);
	mono = clock_now_us(CLOCK_MONOTONIC);
	*now = mono;
	n = transmit(r, seq, real);
	if (n < 0 && r->vc.tx)
		txs_failed(r->vc.tx, seq);
	if (n < 0 && errno == EAGAIN) {
		/* Not sent, not counted: tried again as soon as the buffer has room. */
		pace_failed(p, mono, r->interval_us, r->cfg->preload, 0);
		return true;
	}
	/* No buffer space: not sent, not counted, tried again later; for long, a hard error. */
	if (n < 0 && (errno == ENOBUFS || errno == ENOMEM) &&
	    !pace_no_buffer(p, mono, r->interval_us, r->cfg->preload,
			    (int64_t)(r->cfg->linger_us / 1000)))
		return false;

	if (n < 0) {
		int err = errno;
		bool own = err == EMSGSIZE || err == ENOBUFS || err == ENOMEM;
		struct drained seen = { false, false, false }, rest;

		/*
		 * A send refused for an error pending on the socket: iputils
		 * reads one queued error before it counts the send, so that
		 * error is acknowledged with the send not yet in flight (the
		 * pipe figure); the rest are read after.  EMSGSIZE names the
		 * send itself (the local error queued with it says the same),
		 * and so does a lasting lack of buffer space.
		 */
		if (!own)
			read_first_error(r, &seen);
		stats_sent(st, seq, mono, real);
		r->last_send_mono_us = mono;
		/*
		 * iputils reads nothing after EMSGSIZE: the local error the
		 * kernel queued with it waits, and under -A, whose loop always
		 * polls, the next wait reads it as an error of its own ("local
		 * error: message too long"); otherwise iputils' timed receive
		 * never looks there, and it is taken here without a word.
		 */
		if (err != EMSGSIZE || !r->cfg->adaptive) {
			rest = drain_errors(r, err == EMSGSIZE);
			merge_drained(&seen, &rest);
		}
		pace_failed(p, mono, r->interval_us, r->cfg->preload, 1);
		verdict_send_failed(st, err, seen, &ev);
		emit(r, &ev);
		return false;
	}
	stats_sent(st, seq, mono, real);
	r->last_send_mono_us = mono;
	pace_sent(p, mono, r->interval_us, r->cfg->preload);
	if (r->vc.tx) {
		txs_sent(r->vc.tx, seq);
		(*stamps)++;
	}
	verdict_sent(&r->vc, st, &ev);
	emit(r, &ev);
	return false;
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

/* Whether requests remain to be sent: -c without -w stops sending at the count. */
static bool still_sending(const struct ping_run *r)
{
	return !(r->cfg->count && r->st->transmitted >= r->cfg->count && !r->cfg->deadline_s);
}

static int64_t min_nonzero(int64_t a, int64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

/* The schedule of a run: when to send, when to stop. */
struct schedule {
	struct pace pace;		/* when requests may go */
	int64_t deadline_at;		/* -w; 0: none */
	int64_t linger_at;		/* after the last send; 0: forever */
	bool lingering;
	bool speculate;			/* flooding: try a read before polling */
	unsigned passes;
	int64_t flushed_at;		/* the sink's last flush */
	bool send_blocked;		/* the last send found the send buffer full (EAGAIN) */
	int64_t room_wait_after;	/* no wait for send buffer room before this */
	bool room_woken;		/* the last wait ended on room in the send buffer */
	uint64_t sent_at_room;		/* requests sent by then */
};

/*
 * The sink's held-back output (flood marks) goes out before a wait that
 * may block, and at least every FLUSH_INTERVAL_US while the loop does not
 * block: a terminal sees the marks move, a pipe gets one write a burst.
 */
static void flush_sink(struct ping_run *r, struct schedule *s, int64_t now, bool may_block)
{
	if (!may_block && now - s->flushed_at < FLUSH_INTERVAL_US)
		return;
	if (r->sink->ops->flush)
		r->sink->ops->flush(r->sink);
	s->flushed_at = now;
}

/* When the next request may go, by the pacing rule. */
static int64_t next_send_at(const struct ping_run *r, const struct schedule *s)
{
	return pace_due_us(&s->pace, r->interval_us, r->cfg->preload, stats_in_flight(r->st));
}

/* Whether -w's deadline has come. */
static bool past_deadline(const struct schedule *s, int64_t now)
{
	return s->deadline_at && now >= s->deadline_at;
}

/*
 * Sends what is due; returns whether sending goes on.  A long burst (a
 * large preload of large requests) stops at the deadline, as iputils'
 * does when its alarm rings between two sends.
 */
static bool send_due(struct ping_run *r, struct schedule *s, int64_t *now)
{
	bool sending = still_sending(r);
	unsigned stamps = 0;

	while (sending && *now >= next_send_at(r, s) && !signals_exit_requested() &&
	       !past_deadline(s, *now)) {
		s->send_blocked = send_one(r, &s->pace, now, &stamps);
		sending = still_sending(r);
		if (stamps >= STAMPS_HELD) {
			read_tx_stamps(r, stamps);
			stamps = 0;
		}
	}
	if (stamps)
		read_tx_stamps(r, stamps);
	return sending;
}

/*
 * After the last send, the wait for late replies: twice the slowest reply
 * (at least the interval), or -W when nothing came (0: forever).
 */
static void start_linger(const struct ping_run *r, struct schedule *s, int64_t now)
{
	const struct ping_stats *st = r->st;
	int64_t wait = r->linger_us;

	s->lingering = true;
	if (st->received) {
		wait = 2 * st->max_us;
		if (wait < r->interval_us)
			wait = r->interval_us;
		if (wait < 1)
			wait = 1;
	}
	s->linger_at = wait ? now + wait : 0;
	/* As iputils: the end is also a timer, which a name lookup cannot outlast. */
	if (wait)
		signals_alarm_after(wait);
}

/*
 * Waits until wake (0: no limit) for the socket, signals open; false when
 * nothing came.  A request held back by a full send buffer may go as soon
 * as the buffer has room again (after what arrived is read), not only
 * when its retry time comes: a flood on a device whose sent buffers are
 * freed late keeps pace as iputils' blocking send does.
 */
static bool wait_and_read(struct ping_run *r, struct schedule *s, int64_t wake, int64_t now)
{
	bool for_room, read_more;
	struct pollfd pfd = { .fd = r->sock->fd, .events = POLLIN };
	struct timespec ts, *tsp = NULL;

	/* Room announced but none found (nothing went since): the clock decides for a while. */
	if (s->room_woken && s->send_blocked && r->st->transmitted == s->sent_at_room)
		s->room_wait_after = now + PACE_FLOOD_US;
	s->room_woken = false;
	for_room = s->send_blocked && now >= s->room_wait_after;
	if (for_room)
		pfd.events |= POLLOUT;

	if (wake) {
		int64_t d = wake > now ? wake - now : 0;

		ts.tv_sec = d / 1000000;
		ts.tv_nsec = (d % 1000000) * 1000;
		tsp = &ts;
	}
	if (ppoll(&pfd, 1, tsp, signals_wait_mask()) <= 0)
		return false;
	/*
	 * The error queue first, up to its first error: transmit stamps come
	 * before their replies.  Then the replies, with the errors pending
	 * among them, unless that error left nothing in flight: iputils stops
	 * reading there and sends (a raw socket's copy of the error then
	 * waits, see verdict_quote).
	 */
	read_more = pfd.revents & POLLIN;
	if (pfd.revents & POLLERR) {
		struct drained seen = { false, false, false };

		read_first_error(r, &seen);
		if (seen.icmp || seen.local)
			read_more = stats_in_flight(r->st) > 0;
		else if (!seen.stamp)
			read_more = true;	/* an error with nothing queued: a read takes it */
	}
	if (read_more)
		read_burst(r, s->deadline_at);
	if (for_room && (pfd.revents & POLLOUT)) {
		pace_retry_now(&s->pace);
		s->room_woken = true;
		s->sent_at_room = r->st->transmitted;
	}
	return true;
}

/* Whether the run is over: enough answers, the deadline or the linger. */
static bool run_over(struct ping_run *r, const struct schedule *s, int64_t now)
{
	if (answered_enough(r))
		return true;
	if (signals_exit_requested())
		return true;
	if (past_deadline(s, now))
		return true;
	return s->lingering && s->linger_at && now >= s->linger_at;
}

void loop_run(struct ping_run *r)
{
	const struct ping_config *cfg = r->cfg;
	int64_t now = clock_now_us(CLOCK_MONOTONIC);
	struct schedule s = {
		.deadline_at = cfg->deadline_s ? now + (int64_t)cfg->deadline_s * 1000000 : 0,
		.speculate = r->interval_us == 0,
	};

	pace_start(&s.pace, now, r->interval_us, cfg->preload);
	/* As iputils: the deadline is also a timer, which a name lookup cannot outlast. */
	if (s.deadline_at)
		signals_alarm_after(s.deadline_at - now);
	r->start_mono_us = now;
	r->last_send_mono_us = now;
	r->last_read_mono_us = now;
	for (;;) {
		bool sending;
		int64_t wake;

		if (signals_exit_requested())
			break;
		if (signals_take_status())
			r->sink->ops->status(r->sink, r->st, r->vc.timing, r->interval_us);
		now = clock_now_us(CLOCK_MONOTONIC);
		if (run_over(r, &s, now))
			break;
		sending = send_due(r, &s, &now);
		if (answered_enough(r)) {
			/* A send failure or an error read with a stamp may have been the last answer wanted. */
			read_pending(r);
			break;
		}
		if (!sending && !s.lingering)
			start_linger(r, &s, now);
		/*
		 * Flooding a fast peer, the reply is often queued already: read
		 * it without polling first (two system calls an echo).  A miss
		 * turns this off until the next 64th request; every 64th pass
		 * polls anyway so that blocked signals are delivered.
		 */
		if (s.speculate && (++s.passes & 63) != 0) {
			if (read_burst(r, s.deadline_at) > 0) {
				flush_sink(r, &s, now, false);
				continue;
			}
			s.speculate = false;
		}
		wake = min_nonzero(sending ? next_send_at(r, &s) : 0, s.deadline_at);
		wake = min_nonzero(wake, s.lingering ? s.linger_at : 0);
		/* A speculating flood polls only for its signals: the reply is mostly there. */
		flush_sink(r, &s, now, (wake == 0 || wake > now) && !s.speculate);
		if (!wait_and_read(r, &s, wake, now))
			continue;
		if (r->interval_us == 0 && (r->st->transmitted & 63) == 0)
			s.speculate = true;
	}
}
