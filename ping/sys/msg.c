#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "output.h"

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

/* What out_vdiag writes, after stdout's pending lines. */
static void vreport(int err, const char *fmt, va_list ap)
{
	fflush(stdout);
	out_vdiag(stderr, progname, err, fmt, ap);
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
