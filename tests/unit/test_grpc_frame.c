/* Unit tests for common/grpc_frame: prefix encoding and the incremental reader
 * (split input, several messages per feed, limits, flags, truncation). */
#include <string.h>
#include "unit.h"

#include "grpc_frame.h"

static void test_prefix(void **state)
{
	uint8_t p[5];
	grpc_frame_prefix(p, 0, 0x01020304);
	uint8_t want[5] = {0, 1, 2, 3, 4};
	assert_memory_equal(p, want, 5);
	grpc_frame_prefix(p, 1, 7);
	assert_int_equal(p[0], 1);
	assert_int_equal(p[4], 7);
}

static void test_split_and_multiple(void **state)
{
	grpc_frame_reader r;
	grpc_frame_reader_init(&r, 1024);
	uint8_t wire[5 + 3 + 5 + 0 + 5 + 2];
	grpc_frame_prefix(wire, 0, 3);
	memcpy(wire + 5, "abc", 3);
	grpc_frame_prefix(wire + 8, 0, 0); /* an empty message is valid */
	grpc_frame_prefix(wire + 13, 0, 2);
	memcpy(wire + 18, "xy", 2);
	const uint8_t *m;
	size_t len;
	int comp;
	/* Feed one byte at a time: only whole messages come out. */
	int got = 0;
	for (size_t i = 0; i < sizeof(wire); i++) {
		assert_int_equal(grpc_frame_reader_feed(&r, wire + i, 1), 0);
		int rc;
		while ((rc = grpc_frame_reader_next(&r, &m, &len, &comp)) == GRPC_FRAME_OK) {
			if (got == 0) {
				assert_int_equal(len, 3);
				assert_memory_equal(m, "abc", 3);
			} else if (got == 1) {
				assert_int_equal(len, 0);
			} else {
				assert_int_equal(len, 2);
				assert_memory_equal(m, "xy", 2);
			}
			assert_int_equal(comp, 0);
			got++;
		}
		assert_int_equal(rc, GRPC_FRAME_NEED_MORE);
	}
	assert_int_equal(got, 3);
	assert_int_equal(grpc_frame_reader_pending(&r), 0);
	grpc_frame_reader_free(&r);
}

static void test_too_large_before_body(void **state)
{
	grpc_frame_reader r;
	grpc_frame_reader_init(&r, 4 * 1024 * 1024);
	uint8_t p[5];
	grpc_frame_prefix(p, 0, 0xFFFFFFF0u);
	assert_int_equal(grpc_frame_reader_feed(&r, p, 5), 0);
	const uint8_t *m;
	size_t len;
	assert_int_equal(grpc_frame_reader_next(&r, &m, &len, NULL), GRPC_FRAME_E_TOO_LARGE);
	/* Exactly the limit is accepted (needs more data), one over is not. */
	grpc_frame_reader_free(&r);
	grpc_frame_reader_init(&r, 100);
	grpc_frame_prefix(p, 0, 100);
	assert_int_equal(grpc_frame_reader_feed(&r, p, 5), 0);
	assert_int_equal(grpc_frame_reader_next(&r, &m, &len, NULL), GRPC_FRAME_NEED_MORE);
	grpc_frame_reader_free(&r);
	grpc_frame_reader_init(&r, 100);
	grpc_frame_prefix(p, 0, 101);
	assert_int_equal(grpc_frame_reader_feed(&r, p, 5), 0);
	assert_int_equal(grpc_frame_reader_next(&r, &m, &len, NULL), GRPC_FRAME_E_TOO_LARGE);
	grpc_frame_reader_free(&r);
}

static void test_flags_and_truncation(void **state)
{
	grpc_frame_reader r;
	grpc_frame_reader_init(&r, 100);
	uint8_t p[6];
	grpc_frame_prefix(p, 1, 1);
	p[5] = 'z';
	assert_int_equal(grpc_frame_reader_feed(&r, p, 6), 0);
	const uint8_t *m;
	size_t len;
	int comp = -1;
	assert_int_equal(grpc_frame_reader_next(&r, &m, &len, &comp), GRPC_FRAME_E_COMPRESSED);
	r.allow_compressed = 1;
	assert_int_equal(grpc_frame_reader_next(&r, &m, &len, &comp), GRPC_FRAME_OK);
	assert_int_equal(comp, 1);
	grpc_frame_reader_free(&r);

	grpc_frame_reader_init(&r, 100);
	p[0] = 2;
	assert_int_equal(grpc_frame_reader_feed(&r, p, 5), 0);
	assert_int_equal(grpc_frame_reader_next(&r, &m, &len, NULL), GRPC_FRAME_E_BAD_FLAG);
	grpc_frame_reader_free(&r);

	/* A truncated prefix stays pending: the caller reports it at end of stream. */
	grpc_frame_reader_init(&r, 100);
	assert_int_equal(grpc_frame_reader_feed(&r, "\0\0\0", 3), 0);
	assert_int_equal(grpc_frame_reader_next(&r, &m, &len, NULL), GRPC_FRAME_NEED_MORE);
	assert_int_equal(grpc_frame_reader_pending(&r), 3);
	grpc_frame_reader_free(&r);
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_prefix), cmocka_unit_test(test_split_and_multiple),
          cmocka_unit_test(test_too_large_before_body), cmocka_unit_test(test_flags_and_truncation))
