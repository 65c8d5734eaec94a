/* The echo loop: send on schedule, receive, decode, count, print. */
#ifndef PINGSOCK_LOOP_H
#define PINGSOCK_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cli.h"
#include "ipopt.h"
#include "ninfo.h"
#include "output.h"
#include "sock.h"
#include "stats.h"

struct ping_run {
	const struct ping_config *cfg;
	struct ping_sock *sock;
	struct sockaddr_storage dst;	/* where requests go */
	socklen_t dstlen;
	uint16_t ident;			/* identifier in requests (raw, or -e) */
	bool check_ident;		/* raw sockets see everyone's replies */
	bool show_ident;		/* -v prints ident= (raw or -e) */
	bool reverse;			/* reverse DNS for repliers */
	bool multicast;			/* target is broadcast or multicast: no DIFFERENT ADDRESS */
	bool timing;			/* datalen >= 16 */
	int64_t interval_us;
	int64_t min_interval_us;	/* floor for -A: 2 ms for users, 0 for root */
	int64_t linger_us;		/* -W; 0 = forever */
	size_t datalen;
	uint8_t *outpkt;		/* 8 + datalen bytes, payload template filled */
	struct ping_stats *st;
	struct out_opts oo;
	struct ipopt_state route;	/* the last recorded route, for "(same route)" */
	const struct ninfo_query *ninfo;	/* -N with a query: send these, not echoes */
	uint8_t ninfo_key[NINFO_KEY_LEN];	/* the secret behind our nonces */
	uint64_t screen_width;		/* -f: terminal columns, or no limit off a terminal */
	bool quiet_local_emsgsize;	/* while a failed send is being reported */
	int64_t start_mono_us;		/* set by loop_run */
	int64_t last_send_mono_us;	/* for the summary's "time" */
};

/* Installs SIGINT/SIGQUIT handlers (flags only) and blocks them outside ppoll. */
void loop_signals(void);

/* Runs until -c, -w, the linger or SIGINT ends it. */
void loop_run(struct ping_run *r);

#endif
