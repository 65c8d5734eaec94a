#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "text_sink.h"

/* The longest diagnostic: a refusal with its explanation fits. */
#define MSG_MAX	4096

/*
 * argv[0] verbatim, as iputils prefixes its messages: glibc keeps it for
 * the whole run (program_invocation_name), so no copy of ours is needed.
 */
const char *msg_progname(void)
{
	return program_invocation_name && *program_invocation_name ? program_invocation_name : "ping";
}

void msg_diag(struct event_sink *sink, const struct diag *d)
{
	if (sink) {
		sink->ops->diag(sink, d);
		return;
	}
	fflush(stdout);
	text_diag_write(stderr, msg_progname(), d);
}

/* Formats and sends one diagnostic. */
__attribute__((format(printf, 3, 0)))
static void report(struct event_sink *sink, struct diag *d, const char *fmt, va_list ap)
{
	char text[MSG_MAX];

	vsnprintf(text, sizeof(text), fmt, ap);
	d->message = text;
	msg_diag(sink, d);
}

void msg_error(struct event_sink *sink, const char *code, const char *fmt, ...)
{
	struct diag d = { .code = code };
	va_list ap;

	va_start(ap, fmt);
	report(sink, &d, fmt, ap);
	va_end(ap);
}

void msg_warn(struct event_sink *sink, const char *code, const char *fmt, ...)
{
	struct diag d = { .warning = true, .code = code };
	va_list ap;

	va_start(ap, fmt);
	report(sink, &d, fmt, ap);
	va_end(ap);
}

void msg_errno(struct event_sink *sink, const char *call, int err, const char *fmt, ...)
{
	struct diag d = { .code = call, .call = call, .err = err };
	va_list ap;

	va_start(ap, fmt);
	report(sink, &d, fmt, ap);
	va_end(ap);
}

void msg_plain(struct event_sink *sink, const char *code, const char *fmt, ...)
{
	struct diag d = { .warning = true, .plain = true, .code = code };
	va_list ap;

	va_start(ap, fmt);
	report(sink, &d, fmt, ap);
	va_end(ap);
}
