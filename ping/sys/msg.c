#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"

static const char *progname = "ping";

void msg_init(const char *argv0)
{
	if (argv0 && *argv0)
		progname = argv0;
}

const char *msg_progname(void)
{
	return progname;
}

/* "<prog>: <text>" and, when err is not 0, ": <strerror(err)>", then a newline. */
static void vreport(int err, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(0, fmt, ap);
	va_end(ap);
}

void msg_errno(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(err, fmt, ap);
	va_end(ap);
}

void msg_plain(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
