/* A text destination: a stream, or a buffer filled the way snprintf fills one. */
#ifndef PINGSOCK_TEXTBUF_H
#define PINGSOCK_TEXTBUF_H

#include <stddef.h>
#include <stdio.h>

struct textbuf {
	FILE *f;		/* the stream, or NULL for the buffer */
	char *buf;
	size_t size;
	size_t n;		/* length of the whole text so far, fitting or not */
};

/* Appends formatted text; a buffer stays NUL-terminated and n counts what did not fit. */
void textbuf_put(struct textbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * src into dst (size bytes, NUL-terminated, cut to fit) as
 * snprintf(dst, size, "%s", src) does it, without stdio's formatting;
 * returns strlen(src).
 */
size_t text_copy(char *dst, size_t size, const char *src);

#endif
