/*
 * Shared pieces of the fuzz targets: contract checks that trap, an input
 * reader, the JSON-line checker and a rig of both sinks over memory
 * streams.  Test-only; built with clang for libFuzzer and with any
 * compiler for the regression runner (tests/unit/test_fuzz_regress.c).
 */
#ifndef PINGSOCK_FUZZ_UTIL_H
#define PINGSOCK_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "json_sink.h"
#include "rx.h"
#include "stats.h"
#include "text_sink.h"
#include "verdict.h"

/* A broken contract: stop at once, so that libFuzzer keeps the input. */
#define FUZZ_CHECK(cond) do { if (!(cond)) fuzz_fail(#cond, __FILE__, __LINE__); } while (0)

void fuzz_fail(const char *what, const char *file, int line) __attribute__((noreturn));

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input, read from the front. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

uint8_t fuzz_u8(struct fuzz_in *in);
uint16_t fuzz_u16(struct fuzz_in *in);

/* True when [p, p + len) lies inside [base, base + size). */
bool fuzz_within(const void *p, size_t len, const void *base, size_t size);

/* Every line of text[0..len) is one JSON object with a "type" first; valid UTF-8, no raw controls. */
void fuzz_check_json_lines(const char *text, size_t len);

/* Text output: no NUL byte, no control character but \n \t \a \b \r. */
void fuzz_check_text(const char *text, size_t len);

/* One run as the loop has it: facts, statistics, both sinks. */
struct fuzz_rig {
	struct sockaddr_storage dst;
	uint8_t payload[64];
	uint8_t ninfo_key[NINFO_KEY_LEN];
	struct ping_auth auth;		/* the run's reply codes, when vc.auth points here */
	struct verdict_ctx vc;
	struct rx_socket rs;
	struct ping_stats st;
	struct tx_stamps tx;		/* kernel transmit stamps, when vc.tx points here */
	char *text, *errtext, *json;
	size_t text_len, errtext_len, json_len;
	FILE *out, *err, *jout;
	struct text_sink ts;
	struct json_sink js;
	char name[160];
};

/* The socket kinds a reply can come from. */
enum fuzz_kind { FK_RAW4, FK_DGRAM4, FK_RAW6, FK_DGRAM6, FK_NINFO6, FK_COUNT };

/*
 * Starts a run on kind with options from flags (verbose, quiet, flood,
 * multicast), sequences 0..7 and 65535 sent, both sinks started.  A timed
 * run without -U keeps kernel transmit stamps (keys 0..8 in send order,
 * the run's own keys when flags has 64).
 */
void fuzz_rig_start(struct fuzz_rig *r, enum fuzz_kind kind, uint8_t flags);

/* Checks the event against the input and the statistics, and renders it in both sinks. */
void fuzz_rig_event(struct fuzz_rig *r, const struct ping_event *ev,
		    const uint8_t *buf, size_t len, const void *ctl, size_t ctllen);

/* Status and summary, closes the streams and checks what they hold. */
void fuzz_rig_finish(struct fuzz_rig *r);

/* Builds a msghdr from the input: a sender of fam (sometimes our destination) and control data. */
struct fuzz_msg {
	struct sockaddr_storage from;
	uint8_t *ctl;		/* the control data, in a buffer of its own size (ASan sees
				   any read past it); NULL when there is none */
	struct msghdr msg;
};

/* Takes the sender choice and up to 510 bytes of control data from in; fuzz_msg_free after. */
void fuzz_msg_build(struct fuzz_msg *m, struct fuzz_in *in, const struct fuzz_rig *r);
void fuzz_msg_free(struct fuzz_msg *m);

#endif
