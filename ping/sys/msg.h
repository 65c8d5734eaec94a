/*
 * Diagnostics.  Before the run's sink exists (sink NULL) they go to stderr
 * as "<prog>: <message>[: <strerror>]"; once the options are valid they go
 * through the sink, which writes that same line (text) or an object (-j).
 */
#ifndef PINGSOCK_MSG_H
#define PINGSOCK_MSG_H

#include <stdarg.h>

#include "event.h"

/* argv[0] verbatim: iputils prefixes messages with it as typed. */
const char *msg_progname(void);

/* An error with a stable code; fmt as printf. */
void msg_error(struct event_sink *sink, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A warning with a stable code. */
void msg_warn(struct event_sink *sink, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A failed system call: call is its name (and the code), err its errno. */
void msg_errno(struct event_sink *sink, const char *call, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A warning printed without the program name (iputils' "WARNING: pinging broadcast address"). */
void msg_plain(struct event_sink *sink, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Any diagnostic, already described. */
void msg_diag(struct event_sink *sink, const struct diag *d);

#endif
