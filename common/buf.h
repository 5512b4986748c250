/* buf: a growable byte buffer with a read cursor, used for gRPC message
 * assembly, TLS output and CLI printing. Memory is owned by the buf; buf_free
 * releases it. A buf starts zeroed ({0}) and allocates on first write. */
#ifndef PASSEND_BUF_H
#define PASSEND_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct buf {
	uint8_t *data;
	size_t len; /* bytes written */
	size_t off; /* bytes already consumed from the front */
	size_t cap;
} buf;

/* Ensure room for `extra` more bytes. Returns 0, or -1 when out of memory. */
__attribute__((warn_unused_result)) int buf_reserve(buf *b, size_t extra);
/* Append `n` bytes. Returns 0 or -1 (out of memory; b unchanged). */
__attribute__((warn_unused_result)) int buf_append(buf *b, const void *p, size_t n);
/* Append printf-formatted text (no NUL is counted in len). Returns 0 or -1. */
__attribute__((warn_unused_result, format(printf, 2, 3))) int buf_printf(buf *b, const char *fmt, ...);
/* Unread bytes and their count. */
static inline const uint8_t *buf_rptr(const buf *b)
{
	return b->data + b->off;
}
static inline size_t buf_avail(const buf *b)
{
	return b->len - b->off;
}
/* Mark n unread bytes consumed; resets to empty when all are consumed. */
void buf_consume(buf *b, size_t n);
/* Drop contents but keep capacity. */
void buf_reset(buf *b);
/* Free memory; b becomes an empty buf. */
void buf_free(buf *b);
/* Append the whole file at path, followed by a NUL that len does not count
 * (so b->data is a C string when b was empty). max > 0: refuse (EFBIG) a file
 * longer than max bytes. Returns 0, or -1 with errno set (the file's error,
 * ENOMEM, EFBIG); b may then hold part of the file. */
__attribute__((warn_unused_result)) int buf_read_file(buf *b, const char *path, size_t max);
/* Return a NUL-terminated copy of the unread bytes (caller frees), or NULL. */
__attribute__((warn_unused_result)) char *buf_strdup(const buf *b);

#endif
