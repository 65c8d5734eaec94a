/*
 * The text sink: iputils' lines for every event, byte for byte.  Replies,
 * ICMP lines, -O, the header and the summary go to `out`; flood marks too;
 * warnings that belong to a message (-v reasons, local and send errors,
 * SIGQUIT status) go to `err`, prefixed with the program name.
 */
#ifndef PINGSOCK_TEXT_SINK_H
#define PINGSOCK_TEXT_SINK_H

#include <stdbool.h>
#include <stdio.h>

#include "event.h"
#include "ipopt.h"
#include "output.h"

struct text_opts {
	bool quiet;			/* -q: only the header and the summary */
	bool flood;			/* -f: marks instead of lines */
	int verbose;			/* -v */
	bool report_outstanding;	/* -O: a line for a request still unanswered */
	struct out_opts line;		/* -D, -a, -3 */
};

struct text_sink {
	struct event_sink sink;		/* first: the loop sees only this */
	FILE *out, *err;
	const char *progname;
	struct text_opts opts;
	struct peer_namer namer;
	const struct ping_family *fam;	/* set by start */
	struct ipopt_state route;	/* the last recorded route, for "(same route)" */
};

/* A text sink writing to out (and err for diagnostics); namer names peers. */
void text_sink_init(struct text_sink *ts, FILE *out, FILE *err, const char *progname,
		    const struct text_opts *opts, const struct peer_namer *namer);

/*
 * The IPv4 options a reply brought back, as iputils prints them after the
 * reply line, into buf as snprintf would: their addresses named through
 * namer first (ipopt never resolves), route remembering the last
 * recorded route.  Returns the length of the whole text.
 */
size_t sink_options_text(const struct peer_namer *namer, struct ipopt_state *route,
			 const uint8_t *opts, size_t len, char *buf, size_t size);

/* A diagnostic as iputils words it: "<prog>: <message>[: <strerror>]", or the usage text. */
void text_diag_write(FILE *err, const char *progname, const struct diag *d);

#endif
