/* Diagnostics on stderr, prefixed with the program name as invoked. */
#ifndef PINGSOCK_MSG_H
#define PINGSOCK_MSG_H

#include <stdarg.h>

/* argv[0] verbatim: iputils prefixes messages with it as typed. */
const char *msg_progname(void);

/* "<prog>: <formatted>\n" on stderr. */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<prog>: <formatted>: <strerror(err)>\n" on stderr. */
void msg_errno(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The formatted text and a newline on stderr, no prefix. */
void msg_plain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
