#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>

#include "addr.h"
#include "icmp_text.h"
#include "timeutil.h"
#include "verdict.h"

/* Every event starts as a silent EV_IGNORED about the message's sender. */
static void event_init(struct ping_event *ev, const struct rx_msg *rx)
{
	ev->kind = EV_IGNORED;
	ev->ignored = IGN_SILENT;
	ev->now_real_us = rx ? rx->now_real_us : 0;
	ev->peer = rx ? rx->from : NULL;
	ev->peerlen = rx ? rx->fromlen : 0;
	ev->seq = 0;
	ev->why = NULL;
	ev->err = 0;
	ev->quoted_ip = NULL;
	ev->quoted_ip_len = 0;
}

/*
 * Whether the echoed send time differs from the one we wrote for its
 * sequence (compared in microseconds: no division on every reply).
 */
static bool stamp_altered(const struct ping_stats *st, const struct reply_info *ri)
{
	struct timeval echoed;
	int64_t echoed_us;

	if (ri->datalen < PING_STAMP_LEN)
		return false;
	memcpy(&echoed, ri->data, sizeof(echoed));
	/* A forged second count could overflow the conversion: it is altered. */
	if (!tv_to_us_checked(&echoed, &echoed_us))
		return true;
	return echoed_us != stats_sent_real_us(st, ri->seq);
}

/*
 * Whose echo reply this is.  A raw socket hears every ping's replies: only
 * our identifier can be ours.  With a key, a reply is ours only when it
 * carries the code we wrote for its identifier and sequence, over the send
 * time of the request now in flight with that sequence: a forged or
 * replayed reply (from another request, or from an earlier turn of the
 * sequence), or another ping's sharing our identifier (16 bits: raw and
 * datagram sockets, or two raw ones, can share one), is not.
 * Without one (-s below 24) the old rule stays: a reply from another host
 * than our unicast target that does not echo the send time we wrote is
 * that other ping's, not a DIFFERENT ADDRESS reply of ours.
 */
static bool echo_is_ours(const struct verdict_ctx *vc, const struct ping_stats *st,
			 const struct reply_info *ri, bool same_host, enum ignore_reason *why)
{
	if (vc->raw && ri->id != vc->ident)
		return false;
	if (vc->auth) {
		*why = IGN_UNAUTHENTICATED;
		if (!auth_verify(vc->auth, ri->data, ri->datalen, ri->id, ri->seq))
			return false;
		/*
		 * The code covers the send time the reply carries, which must be
		 * that of the request now in flight under this sequence: a reply
		 * kept from an earlier turn of the 16-bit sequence and sent
		 * again is not an answer to it.
		 */
		*why = IGN_REPLAYED;
		return !stamp_altered(st, ri);
	}
	return vc->multicast || !vc->timing || ri->datalen < PING_STAMP_LEN || same_host ||
	       !stamp_altered(st, ri);
}

/*
 * The first payload byte unlike the one sent, past the send time and the
 * code, for the wrong-data report.
 */
static void check_data(const struct verdict_ctx *vc, const struct reply_info *ri,
		       struct reply_event *re)
{
	size_t start = vc->auth ? AUTH_MIN_DATALEN : PING_STAMP_LEN;

	re->mismatch_at = -1;
	if (re->truncated || vc->datalen <= start)
		return;
	re->mismatch_at = packet_first_mismatch(vc->payload, ri->data, start, vc->datalen);
	if (re->mismatch_at < 0)
		return;
	re->expected = vc->payload[re->mismatch_at];
	re->data = ri->data;
	re->datalen = vc->datalen;
}

/*
 * An echo reply.  The time comes from our own send record; a truncated
 * reply is counted but untimed, a corrupted one counted as corrupted
 * only.  iputils shows ttl=0 for IPv4 when nothing carried the TTL.
 */
static void verdict_echo(const struct verdict_ctx *vc, struct ping_stats *st,
			 const struct rx_msg *rx, struct ping_event *ev)
{
	const struct reply_info *ri = &rx->pkt;
	struct reply_event *re = &ev->reply;
	bool same_host = addr_same_host(rx->from, vc->dst);
	struct rx_clock clk = {
		.now_mono_us = rx->now_mono_us,
		.now_real_us = rx->now_real_us,
		.have_stamp = !vc->user_latency && rx->meta.have_stamp,
		.stamp_real_us = rx->meta.stamp_us,
	};
	bool timed;
	struct rx_answer a;

	ev->seq = ri->seq;
	if (!echo_is_ours(vc, st, ri, same_host, &ev->ignored))
		return;
	/* Every member is set below: no memset on every reply. */
	re->truncated = ri->datalen < vc->datalen;
	re->corrupted = ri->cksum_bad;
	timed = vc->timing && !re->truncated;
	clk.have_tx = timed && vc->tx && txs_get(vc->tx, ri->seq, &clk.tx_real_us);
	a = stats_answer(st, ri->seq, re->corrupted, timed ? &clk : NULL);
	if (a.cls == RX_UNKNOWN) {
		ev->ignored = IGN_UNKNOWN_SEQ;
		return;
	}
	ev->kind = EV_REPLY;
	/* An authenticated send time is the one we wrote (echo_is_ours saw to it). */
	re->stamp_altered = timed && !vc->auth && stamp_altered(st, ri);
	re->bytes = ri->icmp_len;
	re->show_ident = vc->show_ident;
	re->ident = ri->id;
	re->have_ttl = rx->ttl >= 0 || vc->fam->af == AF_INET;
	re->ttl = rx->ttl >= 0 ? rx->ttl : 0;
	re->rtt_us = a.rtt_us;
	re->send_delay_us = a.send_delay_us;
	re->duplicate = a.cls == RX_DUPLICATE;
	/* Every member of a group answers: iputils flags those only under -v. */
	re->mark_duplicate = re->duplicate && (!vc->multicast || vc->verbose);
	re->different_address = !vc->multicast && !vc->anycast && !same_host;
	re->expected = 0;
	re->data = NULL;
	re->datalen = 0;
	re->ninfo = NULL;
	check_data(vc, ri, re);
	re->ipopts = NULL;
	re->ipopts_len = 0;
	if (rx->ipopts_len && !re->truncated) {
		re->ipopts = rx->ipopts;
		re->ipopts_len = rx->ipopts_len;
	}
}

/* A node information reply (-N): ours when its nonce hashes right; untimed, as in iputils. */
static void verdict_ninfo(const struct verdict_ctx *vc, struct ping_stats *st,
			  const struct rx_msg *rx, struct ping_event *ev)
{
	struct reply_event *re = &ev->reply;
	struct rx_answer a;
	int seq;

	if (!rx->ninfo)
		return;
	seq = ninfo_nonce_seq(vc->ninfo_key, rx->ni.nonce);
	if (seq < 0)
		return;		/* someone else's query */
	a = stats_answer(st, (uint16_t)seq, false, NULL);
	if (a.cls == RX_UNKNOWN)
		return;
	memset(re, 0, sizeof(*re));
	ev->kind = EV_REPLY;
	ev->seq = (uint16_t)seq;
	re->bytes = rx->ni.len;
	re->have_ttl = rx->ttl >= 0;
	re->ttl = rx->ttl;
	re->rtt_us = -1;
	re->send_delay_us = -1;
	re->duplicate = a.cls == RX_DUPLICATE;
	re->mark_duplicate = re->duplicate;
	re->mismatch_at = -1;
	re->ninfo = &rx->ni;
}

/* The ICMP fields of an event. */
static void set_icmp(struct ping_event *ev, enum ping_event_kind kind, uint16_t seq,
		     uint8_t type, uint8_t code, uint32_t info)
{
	ev->kind = kind;
	ev->seq = seq;
	ev->icmp_type = type;
	ev->icmp_code = code;
	ev->icmp_info = info;
}

/*
 * A raw socket's ICMP message quoting a request: redirects and source
 * quench about our own requests are shown from here (errors come through
 * the error queue instead).
 */
/*
 * An ICMP message the raw socket read as a packet, quoting a request:
 * redirects and source quench are shown; an error about one of ours (the
 * error queue reports it too) only acknowledges it, on IPv4 as iputils
 * does until the error queue is known to work (see sock_raw_errors_queued).
 */
static void verdict_quote(const struct verdict_ctx *vc, struct ping_stats *st,
			  const struct rx_msg *rx, struct ping_event *ev)
{
	const struct reply_info *ri = &rx->pkt;
	size_t len;
	const uint8_t *dst = addr_bytes(vc->dst, &len);
	const void *quoted = vc->fam->af == AF_INET ? (const void *)&ri->quoted_dst4 :
						      (const void *)&ri->quoted_dst6;

	if (!dst || memcmp(quoted, dst, len) != 0 || ri->id != vc->ident)
		return;
	if (!icmp_is_informational(vc->fam->af, ri->type)) {
		if (vc->raw && vc->fam->errors_acknowledge)
			stats_acknowledge(st, ri->seq);
		return;
	}
	set_icmp(ev, EV_ICMP_INFO, ri->seq, ri->type, ri->code, ri->info);
	ev->quoted_ip = ri->quoted_ip;
	ev->quoted_ip_len = ri->quoted_ip_len;
}

void verdict_datagram(const struct verdict_ctx *vc, struct ping_stats *st,
		      const struct rx_msg *rx, struct ping_event *ev)
{
	event_init(ev, rx);
	if (vc->ninfo_key) {
		verdict_ninfo(vc, st, rx, ev);
		return;
	}
	switch (rx->kind) {
	case REPLY_ECHO:
		verdict_echo(vc, st, rx, ev);
		break;
	case REPLY_QUOTE:
		verdict_quote(vc, st, rx, ev);
		break;
	case REPLY_MALFORMED:
		ev->ignored = IGN_MALFORMED;
		ev->why = rx->pkt.why;
		break;
	case REPLY_FOREIGN:
		break;
	case REPLY_OTHER:
		/* -v as root: other ICMP the raw socket let through, as iputils shows it. */
		if (vc->verbose && vc->real_root)
			set_icmp(ev, EV_ICMP_OTHER, 0, rx->pkt.type, rx->pkt.code, rx->pkt.info);
		break;
	}
}

/*
 * An ICMP error from the queue is about one of our requests: counted as
 * an error.  Redirects and source quench are informational on every
 * socket kind; a raw socket sees them as packets, so here they are
 * dropped for it.
 */
static void verdict_icmp_error(const struct verdict_ctx *vc, struct ping_stats *st,
			       const struct rx_msg *rx, struct drained *seen,
			       struct ping_event *ev)
{
	const struct errq_event *e = &rx->err;
	bool info_only = icmp_is_informational(vc->fam->af, e->type);

	if (info_only && vc->raw)
		return;
	if (!info_only) {
		stats_error(st, e->seq, vc->fam->errors_acknowledge);
		seen->icmp = true;
	}
	set_icmp(ev, info_only ? EV_ICMP_INFO : EV_ICMP_ERROR, e->seq, e->type, e->code, e->info);
	if (e->have_offender)
		ev->peer = (const struct sockaddr *)&e->offender;
	ev->peerlen = (socklen_t)vc->fam->sockaddr_len;
}

void verdict_error(const struct verdict_ctx *vc, struct ping_stats *st,
		   const struct rx_msg *rx, bool quiet_emsgsize, struct drained *seen,
		   struct ping_event *ev)
{
	const struct errq_event *e = &rx->err;

	event_init(ev, rx);
	switch (e->kind) {
	case ERRQ_LOCAL:
		seen->local = true;
		if (quiet_emsgsize && e->err == EMSGSIZE)
			break;
		st->errors++;
		ev->kind = EV_LOCAL_ERROR;
		ev->err = e->err;
		ev->icmp_info = e->info;
		break;
	case ERRQ_ICMP:
		verdict_icmp_error(vc, st, rx, seen, ev);
		break;
	case ERRQ_MALFORMED:
		ev->ignored = IGN_MALFORMED_ERROR;
		ev->why = e->why;
		break;
	case ERRQ_TX_STAMP: {
		uint16_t seq;

		/* Kept for the reply; nothing to show. */
		seen->stamp = true;
		if (vc->tx && txs_stamp(vc->tx, e->tx_key, e->tx_stamp_us, &seq))
			ev->seq = seq;
		break;
	}
	case ERRQ_NONE:
	case ERRQ_FOREIGN:
		break;
	}
}

/*
 * A flood whose requests in flight would fill a whole terminal row stops
 * drawing dots, as iputils does, so that the row cannot wrap.
 */
void verdict_sent(const struct verdict_ctx *vc, const struct ping_stats *st,
		  struct ping_event *ev)
{
	uint64_t width = vc->row_width;
	bool row_full = (vc->preload > 0 && (uint64_t)vc->preload >= width) || st->pipe >= width;

	event_init(ev, NULL);
	ev->kind = EV_SENT;
	ev->seq = (uint16_t)st->transmitted;
	ev->draw_mark = !row_full || stats_in_flight(st) < width;
}

bool verdict_before_send(const struct ping_stats *st, int64_t now_real_us,
			 struct ping_event *ev)
{
	if (st->transmitted == 0 || stats_answered(st, (uint16_t)st->transmitted))
		return false;
	event_init(ev, NULL);
	ev->now_real_us = now_real_us;
	ev->kind = EV_NO_ANSWER;
	ev->seq = (uint16_t)st->transmitted;
	return true;
}

void verdict_send_failed(struct ping_stats *st, int err, struct drained seen,
			 struct ping_event *ev)
{
	event_init(ev, NULL);
	ev->seq = (uint16_t)st->transmitted;
	if (err == EMSGSIZE) {
		/*
		 * Too big for the path MTU: iputils 20250605 reports the send
		 * itself and counts an error (the local error the kernel also
		 * queued was left out of the drain).
		 */
		st->errors++;
	} else if (err == ENOBUFS || err == ENOMEM) {
		/* No buffer space for -W in all (pace_no_buffer): reported, not an error. */
	} else if (!seen.icmp || seen.local) {
		/*
		 * Named only next to an ICMP error from the queue (a local
		 * REJECT); a local error already said why, and a failure with
		 * nothing queued (a filter's DROP) is silent: check_ping counts
		 * any stderr line as a warning.
		 */
		return;
	}
	ev->kind = EV_SEND_ERROR;
	ev->err = err;
}

int64_t verdict_adaptive_interval_us(const struct ping_stats *st, int64_t floor_us)
{
	int64_t avg_us = st->ewma_x8_us / 8;
	int64_t interval_us = (avg_us + 500) / 1000 * 1000;

	return interval_us < floor_us ? floor_us : interval_us;
}
