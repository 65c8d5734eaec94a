/*
 * The echo loop: send on schedule, read what arrives, turn each message
 * into an event through the pure verdict and hand it to the sink.  No
 * decisions about meaning or text live here.
 */
#ifndef PINGSOCK_LOOP_H
#define PINGSOCK_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "auth.h"
#include "cli.h"
#include "event.h"
#include "ninfo.h"
#include "rx.h"
#include "sock.h"
#include "stats.h"
#include "verdict.h"

struct ping_run {
	const struct ping_config *cfg;
	struct ping_sock *sock;
	struct sockaddr_storage dst;	/* where requests go */
	socklen_t dstlen;
	struct verdict_ctx vc;		/* the run's facts for the verdict */
	struct rx_socket rs;		/* how the socket delivers, for rx */
	struct event_sink *sink;
	struct ping_stats *st;
	int64_t interval_us;
	int64_t min_interval_us;	/* floor for -A: 2 ms for users, 0 for root */
	int64_t linger_us;		/* -W; 0 = forever */
	size_t datalen;
	uint8_t *outpkt;		/* 8 + datalen bytes, payload template filled */
	const struct ninfo_query *ninfo;	/* -N with a query: send these, not echoes */
	struct ping_auth auth;		/* the run's reply codes; used when vc.auth points here */
	int64_t start_mono_us;		/* set by loop_run */
	int64_t last_send_mono_us;	/* for the summary's "time" */
	int64_t last_read_mono_us;	/* when the latest datagram was read (set by loop_run) */
	bool errors_queued;		/* raw IPv4: an ICMP error came through the error queue */
};

/* Runs until -c, -w, the linger, SIGINT or SIGALRM ends it (signals_install first). */
void loop_run(struct ping_run *r);

#endif
