/* fuzz: what the targets share (fuzz.h): fuzz_fail, and client-side HTTP/2
 * bytes for the targets that feed the server's session directly. Frames and
 * HPACK literals are written by hand (RFC 9113 §4.1, RFC 7541 §5.1 and
 * §6.2.2) so a harness needs no client session. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_frame.h"

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
	abort();
}

static int frame_header(buf *b, size_t len, uint8_t type, uint8_t flags, int32_t id)
{
	uint8_t h[9] = {(uint8_t)(len >> 16),
	                (uint8_t)(len >> 8),
	                (uint8_t)len,
	                type,
	                flags,
	                (uint8_t)((uint32_t)id >> 24 & 0x7f),
	                (uint8_t)(id >> 16),
	                (uint8_t)(id >> 8),
	                (uint8_t)id};
	return buf_append(b, h, sizeof h);
}

int fuzz_h2c_preface(buf *b)
{
	static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
	if (buf_append(b, preface, sizeof preface - 1) != 0) return -1;
	return frame_header(b, 0, 0x4 /* SETTINGS */, 0, 0);
}

/* An HPACK integer with an n-bit prefix whose other bits are `first`. */
static int hpack_int(buf *b, uint8_t first, int n, size_t v)
{
	size_t max = (1u << n) - 1;
	uint8_t o[16];
	size_t k = 0;
	if (v < max) {
		o[k++] = (uint8_t)(first | v);
	} else {
		o[k++] = (uint8_t)(first | max);
		v -= max;
		while (v >= 128) {
			o[k++] = (uint8_t)(v % 128 + 128);
			v /= 128;
		}
		o[k++] = (uint8_t)v;
	}
	return buf_append(b, o, k);
}

/* Literal header field without indexing, new name, no Huffman coding. */
static int hpack_literal(buf *b, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	if (buf_append(b, "\0", 1) != 0 || hpack_int(b, 0, 7, nl) != 0 || buf_append(b, name, nl) != 0 ||
	    hpack_int(b, 0, 7, vl) != 0 || buf_append(b, value, vl) != 0)
		return -1;
	return 0;
}

int fuzz_h2c_request(buf *b, int32_t id, const char *path, int end)
{
	buf block = {0};
	int rc = -1;
	if (hpack_literal(&block, ":method", "POST") != 0 || hpack_literal(&block, ":scheme", "https") != 0 ||
	    hpack_literal(&block, ":path", path) != 0 || hpack_literal(&block, ":authority", "fuzz") != 0 ||
	    hpack_literal(&block, "content-type", "application/grpc") != 0 ||
	    hpack_literal(&block, "te", "trailers") != 0)
		goto out;
	if (frame_header(b, buf_avail(&block), 0x1 /* HEADERS */, (uint8_t)(0x4 | (end ? 0x1 : 0)), id) !=
	        0 ||
	    buf_append(b, buf_rptr(&block), buf_avail(&block)) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&block);
	return rc;
}

int fuzz_h2c_message(buf *b, int32_t id, const uint8_t *p, size_t n)
{
	uint8_t prefix[GRPC_FRAME_PREFIX];
	grpc_frame_prefix(prefix, 0, (uint32_t)n);
	buf msg = {0};
	int rc = -1;
	if (buf_append(&msg, prefix, sizeof prefix) != 0 || (n && buf_append(&msg, p, n) != 0)) goto out;
	const uint8_t *q = buf_rptr(&msg);
	size_t left = buf_avail(&msg);
	do {
		size_t k = left > 16384 ? 16384 : left;
		if (frame_header(b, k, 0x0 /* DATA */, k == left ? 0x1 : 0, id) != 0 ||
		    buf_append(b, q, k) != 0)
			goto out;
		q += k;
		left -= k;
	} while (left);
	rc = 0;
out:
	buf_free(&msg);
	return rc;
}
