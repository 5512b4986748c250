/* buf: growable byte buffer (see buf.h). Capacity doubles; consumed bytes at
 * the front are reclaimed by moving the tail when that avoids a realloc. */
#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int buf_reserve(buf *b, size_t extra)
{
	if (b->cap - b->len >= extra) return 0;
	/* Reuse the consumed front before growing. */
	if (b->off > 0 && b->cap - (b->len - b->off) >= extra) {
		memmove(b->data, b->data + b->off, b->len - b->off);
		b->len -= b->off;
		b->off = 0;
		return 0;
	}
	size_t need = b->len + extra;
	if (need < b->len) return -1; /* overflow */
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) return -1;
		cap *= 2;
	}
	uint8_t *p = realloc(b->data, cap);
	if (!p) return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

int buf_append(buf *b, const void *p, size_t n)
{
	if (n == 0) return 0;
	if (buf_reserve(b, n) != 0) return -1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

int buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) return -1;
	/* +1 for the NUL vsnprintf writes; it is not counted in len. */
	if (buf_reserve(b, (size_t)n + 1) != 0) return -1;
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void buf_consume(buf *b, size_t n)
{
	if (n >= b->len - b->off) {
		b->off = 0;
		b->len = 0;
		return;
	}
	b->off += n;
}

void buf_reset(buf *b)
{
	b->off = 0;
	b->len = 0;
}

void buf_free(buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->off = b->cap = 0;
}

char *buf_strdup(const buf *b)
{
	size_t n = buf_avail(b);
	char *s = malloc(n + 1);
	if (!s) return NULL;
	if (n) memcpy(s, buf_rptr(b), n);
	s[n] = '\0';
	return s;
}

int buf_read_file(buf *b, const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	if (!f) return -1;
	size_t got = 0;
	int rc = 0;
	for (;;) {
		if (buf_reserve(b, 1 << 16) != 0) {
			errno = ENOMEM;
			rc = -1;
			break;
		}
		size_t k = fread(b->data + b->len, 1, b->cap - b->len - 1, f);
		b->len += k;
		got += k;
		if (max > 0 && got > max) {
			errno = EFBIG;
			rc = -1;
			break;
		}
		if (k == 0) {
			if (ferror(f)) {
				if (!errno) errno = EIO;
				rc = -1;
			}
			break;
		}
	}
	fclose(f);
	if (rc == 0) b->data[b->len] = '\0'; /* room kept by the reserve above */
	return rc;
}
