/*
 * The event loop.  It owns the clock and the socket calls of a run: it
 * sends on schedule, reads what arrives, has the pure verdict decide what
 * each message means (verdict.c) and hands the event to the sink.  Signal
 * handlers only set flags; the signals are blocked except inside ppoll, so
 * no flag is missed.
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
#include "timeutil.h"

#define FLOOD_INTERVAL_US	10000	/* without -i, flood paces at 100/s or the replies */
#define RECV_BURST		64	/* datagrams read per wake-up before sending again */
#define FLUSH_INTERVAL_US	20000	/* flooding without waits, the sink is flushed 50 times a second */

static volatile sig_atomic_t sig_exit;
static volatile sig_atomic_t sig_status;

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

void loop_signals(sigset_t *wait_mask)
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
	sigprocmask(SIG_BLOCK, &block, wait_mask);
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGQUIT);
}

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
	rx.now_mono_us = clock_now_us(CLOCK_MONOTONIC);
	rx.now_real_us = clock_now_us(CLOCK_REALTIME);
	verdict_error(&r->vc, r->st, &rx, quiet_emsgsize, seen, &ev);
	emit(r, &ev);
	return true;
}

/* Reads what the error queue holds. */
static struct drained drain_errors(struct ping_run *r, bool quiet_emsgsize)
{
	struct drained seen = { false, false };

	for (int i = 0; i < RECV_BURST && read_error(r, quiet_emsgsize, &seen); i++)
		;
	return seen;
}

/* One datagram to the sink; false when there is none (or an error to fetch). */
static bool read_reply(struct ping_run *r)
{
	struct sockaddr_storage from;
	struct msghdr msg;
	struct iovec iov;
	struct rx_msg rx;
	struct ping_event ev;
	ssize_t n = receive(r, false, &msg, &iov, &from);

	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			drain_errors(r, false);
		return false;
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
 * Reads queued replies until the socket is empty, the burst limit is
 * reached, or nothing more is expected.  Returns how many were read.
 */
static int read_burst(struct ping_run *r)
{
	int n = 0;

	while (n < RECV_BURST && read_reply(r)) {
		n++;
		if (stats_in_flight(r->st) == 0)
			break;
	}
	return n;
}

/* Puts request seq on the wire; the sendto result, errno kept. */
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
	do {
		n = sendto(r->sock->fd, pkt, len, 0, (struct sockaddr *)&r->dst, r->dstlen);
	} while (n < 0 && errno == EINTR);
	return n;
}

/* The delay after a send that failed: try again shortly, or at the interval. */
static int64_t retry_delay_us(const struct ping_run *r)
{
	return r->interval_us > FLOOD_INTERVAL_US ? r->interval_us : FLOOD_INTERVAL_US;
}

/*
 * Sends the next request; returns the delay before the next one may go.
 * *now is the monotonic time just before the send.
 */
static int64_t send_one(struct ping_run *r, int64_t *now)
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
	if (n < 0 && (errno == ENOBUFS || errno == ENOMEM || errno == EAGAIN))
		return FLOOD_INTERVAL_US;	/* not sent, not counted: try again shortly */

	stats_sent(st, seq, mono, real);
	r->last_send_mono_us = mono;
	if (n < 0) {
		int err = errno;
		/* EMSGSIZE names the send itself: the queued local error says the same. */
		struct drained seen = drain_errors(r, err == EMSGSIZE);

		verdict_send_failed(st, err, seen, &ev);
		emit(r, &ev);
		return retry_delay_us(r);
	}
	verdict_sent(&r->vc, st, &ev);
	emit(r, &ev);
	return r->interval_us == 0 ? FLOOD_INTERVAL_US : r->interval_us;
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
	int64_t next_send;
	int64_t deadline_at;		/* -w; 0: none */
	int64_t linger_at;		/* after the last send; 0: forever */
	bool lingering;
	int preload;			/* requests still to send back to back */
	uint64_t window;		/* -l: requests kept in flight without -i */
	bool speculate;			/* flooding: try a read before polling */
	unsigned passes;
	int64_t flushed_at;		/* the sink's last flush */
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

/* Sends what is due; returns whether sending goes on. */
static bool send_due(struct ping_run *r, struct schedule *s, int64_t *now)
{
	bool sending = still_sending(r);

	while (sending && *now >= s->next_send) {
		int64_t delay = send_one(r, now);

		if (s->preload > 1) {
			s->preload--;
			delay = 0;
		} else if (r->interval_us == 0 && stats_in_flight(r->st) < s->window) {
			delay = 0;	/* no interval: keep the window full */
		}
		s->next_send += delay;
		if (s->next_send < *now - delay)
			s->next_send = *now;	/* fell behind (stopped?): no burst */
		sending = still_sending(r);
	}
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
}

/*
 * After replies were read (at now): -A reschedules from the last send;
 * without an interval (or when speculating, whatever -A made of it) the
 * next request goes as soon as the window has room.
 */
static void after_replies(struct ping_run *r, struct schedule *s, bool any_interval, int64_t now)
{
	if (r->cfg->adaptive)
		s->next_send = r->last_send_mono_us + r->interval_us;
	if ((any_interval || r->interval_us == 0) && stats_in_flight(r->st) < s->window)
		s->next_send = now;
}

/* Waits until wake (0: no limit) for the socket, signals open; false when nothing came. */
static bool wait_and_read(struct ping_run *r, struct schedule *s, int64_t wake, int64_t now)
{
	struct pollfd pfd = { .fd = r->sock->fd, .events = POLLIN };
	struct timespec ts, *tsp = NULL;

	if (wake) {
		int64_t d = wake > now ? wake - now : 0;

		ts.tv_sec = d / 1000000;
		ts.tv_nsec = (d % 1000000) * 1000;
		tsp = &ts;
	}
	if (ppoll(&pfd, 1, tsp, &r->wait_mask) <= 0)
		return false;
	if (pfd.revents & POLLERR)
		drain_errors(r, false);
	if (pfd.revents & POLLIN) {
		/* The time of the last datagram read is fresh enough: no clock read an echo. */
		now = read_burst(r) > 0 ? r->last_read_mono_us : clock_now_us(CLOCK_MONOTONIC);
		after_replies(r, s, false, now);
	}
	return true;
}

/* Whether the run is over: enough answers, the deadline or the linger. */
static bool run_over(struct ping_run *r, const struct schedule *s, int64_t now)
{
	if (answered_enough(r))
		return true;
	if (s->deadline_at && now >= s->deadline_at)
		return true;
	return s->lingering && s->linger_at && now >= s->linger_at;
}

void loop_run(struct ping_run *r)
{
	const struct ping_config *cfg = r->cfg;
	int64_t now = clock_now_us(CLOCK_MONOTONIC);
	struct schedule s = {
		.next_send = now,
		.deadline_at = cfg->deadline_s ? now + (int64_t)cfg->deadline_s * 1000000 : 0,
		.preload = cfg->preload > 0 ? cfg->preload : 1,
		.window = (uint64_t)(cfg->preload > 0 ? cfg->preload : 1),
		.speculate = r->interval_us == 0,
	};

	r->start_mono_us = now;
	r->last_send_mono_us = now;
	r->last_read_mono_us = now;
	for (;;) {
		bool sending;
		int64_t wake;

		if (sig_exit)
			break;
		if (sig_status) {
			sig_status = 0;
			r->sink->ops->status(r->sink, r->st, r->vc.timing, r->interval_us);
		}
		now = clock_now_us(CLOCK_MONOTONIC);
		if (run_over(r, &s, now))
			break;
		sending = send_due(r, &s, &now);
		if (answered_enough(r))
			break;		/* a send failure may have been the last error wanted */
		if (!sending && !s.lingering)
			start_linger(r, &s, now);
		/*
		 * Flooding a fast peer, the reply is often queued already: read
		 * it without polling first (two system calls an echo).  A miss
		 * turns this off until the next 64th request; every 64th pass
		 * polls anyway so that blocked signals are delivered.
		 */
		if (s.speculate && (++s.passes & 63) != 0) {
			if (read_burst(r) > 0) {
				after_replies(r, &s, true, r->last_read_mono_us);
				flush_sink(r, &s, now, false);
				continue;
			}
			s.speculate = false;
		}
		wake = min_nonzero(sending ? s.next_send : 0, s.deadline_at);
		wake = min_nonzero(wake, s.lingering ? s.linger_at : 0);
		/* A speculating flood polls only for its signals: the reply is mostly there. */
		flush_sink(r, &s, now, (wake == 0 || wake > now) && !s.speculate);
		if (!wait_and_read(r, &s, wake, now))
			continue;
		if (r->interval_us == 0 && (r->st->transmitted & 63) == 0)
			s.speculate = true;
	}
}
