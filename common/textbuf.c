#include <stdarg.h>

#include "textbuf.h"

void textbuf_put(struct textbuf *s, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	if (s->f != NULL)
		r = vfprintf(s->f, fmt, ap);
	else if (s->n < s->size)
		r = vsnprintf(s->buf + s->n, s->size - s->n, fmt, ap);
	else
		r = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (r > 0)
		s->n += (size_t)r;
}
