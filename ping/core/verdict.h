/*
 * The verdict: what a received message, a send or a send failure means.
 * One pure function per source turns it into one event (event.h) and
 * updates the statistics once.  Every rule about a reply's meaning lives
 * here: whose it is, duplicate or new, truncated, corrupted, different
 * address, wrong data, ttl, error or informational per socket kind.
 */
#ifndef PINGSOCK_VERDICT_H
#define PINGSOCK_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "auth.h"
#include "event.h"
#include "family.h"
#include "rx.h"
#include "stats.h"
#include "txstamp.h"

/* The facts of a run the verdict needs; constant once the run starts. */
struct verdict_ctx {
	const struct ping_family *fam;
	bool raw;			/* raw socket: sees every ping's replies */
	uint16_t ident;			/* the identifier we send (raw or -e) */
	bool show_ident;		/* -v with an identifier we chose */
	const struct sockaddr *dst;	/* our destination */
	bool multicast;			/* broadcast or multicast target: many answer */
	bool anycast;			/* IPv6 Subnet-Router anycast target: any router answers */
	bool timing;			/* datalen >= 16 and not -N: replies carry our time */
	const struct ping_auth *auth;	/* replies carry our code (auth.h); NULL: the
					   run falls back to the send-time rule */
	bool user_latency;		/* -U: no kernel receive stamps */
	struct tx_stamps *tx;		/* the kernel's transmit stamps; NULL: user send times */
	int verbose;			/* -v */
	bool real_root;			/* -v shows other ICMP only to root, as iputils */
	const uint8_t *payload;		/* what each request carries after its header */
	size_t datalen;
	const uint8_t *ninfo_key;	/* -N query: the key behind our nonces; NULL otherwise */
	uint64_t row_width;		/* -f on a terminal: columns; UINT64_MAX otherwise */
	int preload;			/* -l */
};

/* A datagram from the socket (rx_datagram) -> EV_REPLY, EV_ICMP_INFO, EV_ICMP_OTHER or EV_IGNORED. */
void verdict_datagram(const struct verdict_ctx *vc, struct ping_stats *st,
		      const struct rx_msg *rx, struct ping_event *ev);

/* What a pass over the error queue found, for a failed send. */
struct drained {
	bool local;			/* a local error */
	bool icmp;			/* an ICMP error about one of our requests */
	bool stamp;			/* a transmit stamp */
};

/*
 * An error-queue message (rx_error) -> EV_ICMP_ERROR, EV_ICMP_INFO,
 * EV_LOCAL_ERROR or EV_IGNORED, noted in *seen.  quiet_emsgsize: a local
 * "message too long" that a failed send reports itself is neither
 * counted nor shown.
 */
void verdict_error(const struct verdict_ctx *vc, struct ping_stats *st,
		   const struct rx_msg *rx, bool quiet_emsgsize, struct drained *seen,
		   struct ping_event *ev);

/* A request was sent (stats_sent done): EV_SENT, with room for a flood dot or not. */
void verdict_sent(const struct verdict_ctx *vc, const struct ping_stats *st,
		  struct ping_event *ev);

/*
 * Before a send: true, with an EV_NO_ANSWER event, when the previous
 * request is still unanswered (what -O shows); false and ev untouched
 * otherwise (the common case costs one bit test).
 */
bool verdict_before_send(const struct ping_stats *st, int64_t now_real_us,
			 struct ping_event *ev);

/*
 * A send that failed with err after its request was counted as sent:
 * EMSGSIZE is an error of its own (errors+1, named as the send's);
 * ENOBUFS and ENOMEM (no buffer space for -W in all) are named; another
 * errno is named only next to an ICMP error from the queue and no local
 * error, as iputils does.  EV_SEND_ERROR or EV_IGNORED.
 */
void verdict_send_failed(struct ping_stats *st, int err, struct drained seen,
			 struct ping_event *ev);

/* -A: the next interval from the moving average, whole ms, at least floor_us. */
int64_t verdict_adaptive_interval_us(const struct ping_stats *st, int64_t floor_us);

#endif
