#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "output.h"

/*
 * argv[0] verbatim, as iputils prefixes its messages: glibc keeps it for
 * the whole run (program_invocation_name), so no copy of ours is needed.
 */
const char *msg_progname(void)
{
	return program_invocation_name && *program_invocation_name ? program_invocation_name : "ping";
}

/* What out_vdiag writes, after stdout's pending lines. */
static void vreport(int err, const char *fmt, va_list ap)
{
	fflush(stdout);
	out_vdiag(stderr, msg_progname(), err, fmt, ap);
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
