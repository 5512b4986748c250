/* grpc_frame: the 5-byte gRPC message prefix and an incremental reader that
 * checks the declared length against the limit before buffering the body. */
#include "grpc_frame.h"

void grpc_frame_prefix(uint8_t out[GRPC_FRAME_PREFIX], int compressed, uint32_t len)
{
	out[0] = compressed ? 1 : 0;
	out[1] = (uint8_t)(len >> 24);
	out[2] = (uint8_t)(len >> 16);
	out[3] = (uint8_t)(len >> 8);
	out[4] = (uint8_t)len;
}

void grpc_frame_reader_init(grpc_frame_reader *r, size_t max_len)
{
	r->in = (buf){0};
	r->max_len = max_len;
	r->allow_compressed = 0;
}

int grpc_frame_reader_feed(grpc_frame_reader *r, const void *p, size_t n)
{
	return buf_append(&r->in, p, n) == 0 ? 0 : GRPC_FRAME_E_NOMEM;
}

/* What next() would answer, without taking anything; *len is the message
 * length when GRPC_FRAME_OK. */
static int peek(const grpc_frame_reader *r, uint32_t *len)
{
	size_t avail = buf_avail(&r->in);
	if (avail < GRPC_FRAME_PREFIX) return GRPC_FRAME_NEED_MORE;
	const uint8_t *p = buf_rptr(&r->in);
	if (p[0] > 1) return GRPC_FRAME_E_BAD_FLAG;
	if (p[0] == 1 && !r->allow_compressed) return GRPC_FRAME_E_COMPRESSED;
	uint32_t l = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4];
	if (l > r->max_len) return GRPC_FRAME_E_TOO_LARGE;
	if (avail - GRPC_FRAME_PREFIX < l) return GRPC_FRAME_NEED_MORE;
	*len = l;
	return GRPC_FRAME_OK;
}

int grpc_frame_reader_next(grpc_frame_reader *r, const uint8_t **msg, size_t *len, int *compressed)
{
	uint32_t l = 0;
	int rc = peek(r, &l);
	if (rc != GRPC_FRAME_OK) return rc;
	const uint8_t *p = buf_rptr(&r->in);
	*msg = p + GRPC_FRAME_PREFIX;
	*len = l;
	if (compressed) *compressed = p[0];
	/* Consume now; the bytes stay in place until the next feed. */
	r->in.off += GRPC_FRAME_PREFIX + l;
	return GRPC_FRAME_OK;
}

int grpc_frame_reader_ready(const grpc_frame_reader *r)
{
	uint32_t l;
	return peek(r, &l) != GRPC_FRAME_NEED_MORE;
}

size_t grpc_frame_reader_pending(const grpc_frame_reader *r)
{
	return buf_avail(&r->in);
}

void grpc_frame_reader_free(grpc_frame_reader *r)
{
	buf_free(&r->in);
}
