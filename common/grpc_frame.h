/* grpc_frame: the gRPC length-prefixed message format (1 byte compressed flag,
 * 4 bytes big-endian length, message) on both sides of the wire. The reader
 * accumulates DATA bytes of one stream and yields whole messages, enforcing a
 * maximum message size before buffering, so a peer cannot make us allocate
 * more than the limit. */
#ifndef PASSEND_GRPC_FRAME_H
#define PASSEND_GRPC_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define GRPC_FRAME_PREFIX 5

/* Write the 5-byte prefix for a message of `len` bytes. */
void grpc_frame_prefix(uint8_t out[GRPC_FRAME_PREFIX], int compressed, uint32_t len);

enum grpc_frame_result {
	GRPC_FRAME_OK = 0,            /* a whole message is available */
	GRPC_FRAME_NEED_MORE = 1,     /* not yet a whole message */
	GRPC_FRAME_E_TOO_LARGE = -1,  /* length prefix above max_len: RESOURCE_EXHAUSTED */
	GRPC_FRAME_E_COMPRESSED = -2, /* compressed flag set (no encoding supported) */
	GRPC_FRAME_E_BAD_FLAG = -3,   /* flag byte other than 0 or 1 */
	GRPC_FRAME_E_NOMEM = -4,
};

typedef struct grpc_frame_reader {
	buf in;               /* bytes received and not yet returned */
	size_t max_len;       /* largest message accepted */
	int allow_compressed; /* when set, flag 1 is passed through (caller decodes) */
} grpc_frame_reader;

/* Initialise with a maximum message length. */
void grpc_frame_reader_init(grpc_frame_reader *r, size_t max_len);
/* Add received bytes. Returns 0, or GRPC_FRAME_E_NOMEM. Data beyond the
 * current message is kept for the next one. */
__attribute__((warn_unused_result)) int grpc_frame_reader_feed(grpc_frame_reader *r, const void *p, size_t n);
/* Try to take the next whole message. On GRPC_FRAME_OK, *msg and *len point into
 * the reader's buffer, valid until the next feed/next/free call, and
 * *compressed is the flag. Otherwise returns NEED_MORE or a negative error. */
__attribute__((warn_unused_result)) int grpc_frame_reader_next(grpc_frame_reader *r, const uint8_t **msg,
                                                               size_t *len, int *compressed);
/* Non-zero when grpc_frame_reader_next would not answer NEED_MORE: a whole
 * message (or a prefix it refuses) is buffered. Takes nothing. */
int grpc_frame_reader_ready(const grpc_frame_reader *r);
/* Bytes held that do not form a whole message (non-zero at end of stream
 * means a truncated message). */
size_t grpc_frame_reader_pending(const grpc_frame_reader *r);
void grpc_frame_reader_free(grpc_frame_reader *r);

#endif
