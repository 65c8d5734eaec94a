#include <stdarg.h>
#include <string.h>

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

size_t text_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (size) {
		size_t k = n < size ? n : size - 1;

		memmove(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}
