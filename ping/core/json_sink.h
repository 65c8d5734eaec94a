/*
 * The JSON sink (-j, --json): one complete JSON object per line on its
 * stream for every event of a run, each with a string "type", flushed as
 * it is written.  Nothing else goes to that stream.  The objects and their
 * members are described by data/ping-json.schema.json; "schema" in the
 * start object is its version (JSON_SCHEMA_VERSION).
 */
#ifndef PINGSOCK_JSON_SINK_H
#define PINGSOCK_JSON_SINK_H

#include <stdbool.h>
#include <stdio.h>

#include "event.h"
#include "ipopt.h"

#define JSON_SCHEMA_VERSION	1

struct json_opts {
	bool quiet;			/* -q: only start and summary (and errors) */
	int verbose;			/* -v: warnings about ignored messages */
};

struct json_sink {
	struct event_sink sink;		/* first: the loop sees only this */
	FILE *out;
	struct json_opts opts;
	struct peer_namer namer;
	const struct ping_family *fam;	/* set by start */
	const uint8_t *pattern;		/* -p, reported in start */
	size_t pattern_len;
	struct ipopt_state route;	/* the last recorded route, for "(same route)" */
};

void json_sink_init(struct json_sink *js, FILE *out, const struct json_opts *opts,
		    const struct peer_namer *namer);

/*
 * Writes s as a JSON string (quotes included): ", \ and control
 * characters escaped, bytes that are not UTF-8 replaced by U+FFFD, so the
 * line is always valid JSON whatever a name or a peer contains.
 */
void json_put_string(FILE *f, const char *s);

/* A stable machine code from an ICMP text: "Destination Host Unreachable" -> "destination_host_unreachable". */
void json_code_of(char *buf, size_t size, const char *text);

#endif
