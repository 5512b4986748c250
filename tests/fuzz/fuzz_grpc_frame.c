/* fuzz_grpc_frame: the gRPC length-prefixed message reader (common/
 * grpc_frame.c). The first two input bytes set the message limit and the
 * read size; the rest is a request stream's DATA. Checked: messages never
 * exceed the limit, nothing is lost or duplicated (messages + pending bytes
 * = bytes fed), and reading in pieces gives the same messages and the same
 * error as reading everything at once. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "grpc_frame.h"

/* Feed p[0..n) in reads of step bytes; record every message into out (as
 * prefix + body, re-framed) and return the first error or NEED_MORE/OK
 * at the end, with *pending the bytes held. */
static int read_all(const uint8_t *p, size_t n, size_t step, size_t max, int allow, buf *out, size_t *pending)
{
	grpc_frame_reader r;
	grpc_frame_reader_init(&r, max);
	r.allow_compressed = allow;
	int rc = GRPC_FRAME_NEED_MORE;
	size_t fed = 0, taken = 0;
	for (size_t off = 0; off < n && rc >= 0;) {
		size_t k = n - off < step ? n - off : step;
		if (grpc_frame_reader_feed(&r, p + off, k) != 0) abort();
		off += k;
		fed += k;
		const uint8_t *m;
		size_t len;
		int comp;
		while ((rc = grpc_frame_reader_next(&r, &m, &len, &comp)) == GRPC_FRAME_OK) {
			FUZZ_CHECK(len <= max, "message above the limit");
			FUZZ_CHECK(comp == 0 || (allow && comp == 1), "compressed flag passed without allow");
			uint8_t prefix[GRPC_FRAME_PREFIX];
			grpc_frame_prefix(prefix, comp, (uint32_t)len);
			if (buf_append(out, prefix, sizeof prefix) != 0 ||
			    (len && buf_append(out, m, len) != 0))
				abort();
			taken += GRPC_FRAME_PREFIX + len;
		}
	}
	*pending = grpc_frame_reader_pending(&r);
	if (rc >= 0) FUZZ_CHECK(taken + *pending == fed, "bytes lost or duplicated");
	grpc_frame_reader_free(&r);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2) return 0;
	size_t max = (size_t)(data[0] & 0x7f) * 16;
	int allow = data[0] >> 7;
	size_t step = 1 + data[1] % 64;
	data += 2;
	size -= 2;
	buf whole = {0}, pieces = {0};
	size_t pw, pp;
	int rw = read_all(data, size, size ? size : 1, max, allow, &whole, &pw);
	int rp = read_all(data, size, step, max, allow, &pieces, &pp);
	FUZZ_CHECK(rw == rp, "reading in pieces ends differently");
	FUZZ_CHECK(
	    buf_avail(&whole) == buf_avail(&pieces) &&
	        (buf_avail(&whole) == 0 || !memcmp(buf_rptr(&whole), buf_rptr(&pieces), buf_avail(&whole))),
	    "reading in pieces gives other messages");
	/* the messages read are a prefix of the input, byte for byte */
	FUZZ_CHECK(buf_avail(&whole) <= size &&
	               (buf_avail(&whole) == 0 || !memcmp(buf_rptr(&whole), data, buf_avail(&whole))),
	           "messages differ from the input");
	if (rw >= 0) FUZZ_CHECK(pw == pp, "pending bytes differ");
	buf_free(&whole);
	buf_free(&pieces);
	return 0;
}
