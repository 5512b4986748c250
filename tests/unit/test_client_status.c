/* Unit tests for client/status.c: how libpassend turns a closed stream's
 * HTTP status, content-type, grpc-status/grpc-message, RST_STREAM code and
 * local decisions into one gRPC status and PASSEND_E* result, plus the retry
 * backoff (exponential, full jitter, capped). No sockets. */
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "client.h"
#include "grpc_status.h"

static void call_init(struct client_call *c)
{
	memset(c, 0, sizeof *c);
	c->grpc_status = -1;
	c->local_status = -1;
	grpc_frame_reader_init(&c->reader, 1024);
}

/* Resolve and check code, message and return value. */
static void expect(struct client_call *c, int want_rc, int want_code, const char *want_msg)
{
	int code = -1;
	char *msg = NULL;
	int rc = status_resolve(c, &code, &msg);

	assert_int_equal(rc, want_rc);
	assert_int_equal(code, want_code);
	assert_non_null(msg);
	if (want_msg) assert_string_equal(msg, want_msg);
	free(msg);
	free(c->grpc_message);
	c->grpc_message = NULL;
	grpc_frame_reader_free(&c->reader);
}

static void test_http_mapping(void **state)
{
	assert_int_equal(status_from_http(400), GRPC_STATUS_INTERNAL);
	assert_int_equal(status_from_http(401), GRPC_STATUS_UNAUTHENTICATED);
	assert_int_equal(status_from_http(403), GRPC_STATUS_PERMISSION_DENIED);
	assert_int_equal(status_from_http(404), GRPC_STATUS_UNIMPLEMENTED);
	assert_int_equal(status_from_http(429), GRPC_STATUS_UNAVAILABLE);
	assert_int_equal(status_from_http(502), GRPC_STATUS_UNAVAILABLE);
	assert_int_equal(status_from_http(503), GRPC_STATUS_UNAVAILABLE);
	assert_int_equal(status_from_http(504), GRPC_STATUS_UNAVAILABLE);
	assert_int_equal(status_from_http(415), GRPC_STATUS_UNKNOWN);
	assert_int_equal(status_from_http(500), GRPC_STATUS_UNKNOWN);
}

static void test_h2_mapping(void **state)
{
	assert_int_equal(status_from_h2_error(NGHTTP2_REFUSED_STREAM), GRPC_STATUS_UNAVAILABLE);
	assert_int_equal(status_from_h2_error(NGHTTP2_CANCEL), GRPC_STATUS_CANCELLED);
	assert_int_equal(status_from_h2_error(NGHTTP2_ENHANCE_YOUR_CALM), GRPC_STATUS_RESOURCE_EXHAUSTED);
	assert_int_equal(status_from_h2_error(NGHTTP2_INADEQUATE_SECURITY), GRPC_STATUS_PERMISSION_DENIED);
	assert_int_equal(status_from_h2_error(NGHTTP2_PROTOCOL_ERROR), GRPC_STATUS_INTERNAL);
}

static void test_parse_grpc_status(void **state)
{
	assert_int_equal(status_parse_grpc_status((const uint8_t *)"0", 1), 0);
	assert_int_equal(status_parse_grpc_status((const uint8_t *)"16", 2), 16);
	assert_int_equal(status_parse_grpc_status((const uint8_t *)"9", 1), 9);
	assert_int_equal(status_parse_grpc_status((const uint8_t *)"", 0), -2);
	assert_int_equal(status_parse_grpc_status((const uint8_t *)"1a", 2), -2);
	assert_int_equal(status_parse_grpc_status((const uint8_t *)"-1", 2), -2);
	assert_int_equal(status_parse_grpc_status((const uint8_t *)"123", 3), -2);
}

static void test_ok(void **state)
{
	struct client_call c;

	call_init(&c);
	c.http_status = 200;
	c.grpc_status = 0;
	expect(&c, 0, GRPC_STATUS_OK, "");
}

static void test_error_with_encoded_message(void **state)
{
	struct client_call c;

	/* trailers-only response: :status 200, grpc-status 9, encoded message */
	call_init(&c);
	c.http_status = 200;
	c.grpc_status = 9;
	c.grpc_message = strdup("geen toestemming: be%C3%ABindigd 100%25");
	expect(&c, PASSEND_ESTATUS, GRPC_STATUS_FAILED_PRECONDITION, "geen toestemming: beëindigd 100%");
}

static void test_deadline_from_server(void **state)
{
	struct client_call c;

	call_init(&c);
	c.http_status = 200;
	c.grpc_status = GRPC_STATUS_DEADLINE_EXCEEDED;
	expect(&c, PASSEND_ETIMEOUT, GRPC_STATUS_DEADLINE_EXCEEDED, "");
}

static void test_http_error_wins(void **state)
{
	struct client_call c;

	call_init(&c);
	c.http_status = 404;
	c.grpc_status = 0; /* ignored: not a gRPC answer */
	expect(&c, PASSEND_EPROTO, GRPC_STATUS_UNIMPLEMENTED, "HTTP status 404 from server");
	call_init(&c);
	c.http_status = 503;
	expect(&c, PASSEND_ECLOSED, GRPC_STATUS_UNAVAILABLE, "HTTP status 503 from server");
}

static void test_protocol_violations(void **state)
{
	struct client_call c;

	call_init(&c);
	c.http_status = 200;
	expect(&c, PASSEND_EPROTO, GRPC_STATUS_UNKNOWN, "response without grpc-status");

	call_init(&c);
	c.http_status = 200;
	c.grpc_status = -2;
	expect(&c, PASSEND_EPROTO, GRPC_STATUS_UNKNOWN, "malformed grpc-status");

	call_init(&c);
	c.http_status = 200;
	c.bad_content_type = 1;
	c.grpc_status = 0;
	expect(&c, PASSEND_EPROTO, GRPC_STATUS_UNKNOWN, "response content-type is not application/grpc");

	call_init(&c);
	expect(&c, PASSEND_EPROTO, GRPC_STATUS_INTERNAL, "stream closed without response headers");

	/* OK status, but half a message was left in the reader */
	call_init(&c);
	c.http_status = 200;
	c.grpc_status = 0;
	assert_int_equal(grpc_frame_reader_feed(&c.reader,
	                                        "\0\0\0\0\x05"
	                                        "ab",
	                                        7),
	                 0);
	expect(&c, PASSEND_EPROTO, GRPC_STATUS_INTERNAL, "truncated response message");
}

static void test_reset_stream(void **state)
{
	struct client_call c;

	call_init(&c);
	c.rst_code = NGHTTP2_REFUSED_STREAM;
	expect(&c, PASSEND_ECLOSED, GRPC_STATUS_UNAVAILABLE, NULL);

	call_init(&c);
	c.http_status = 200;
	c.rst_code = NGHTTP2_INTERNAL_ERROR;
	expect(&c, PASSEND_EPROTO, GRPC_STATUS_INTERNAL, NULL);
}

static void test_local_status_wins(void **state)
{
	struct client_call c;

	call_init(&c);
	c.http_status = 200;
	c.grpc_status = 0;
	c.rst_code = NGHTTP2_CANCEL; /* our own reset */
	c.local_status = GRPC_STATUS_CANCELLED;
	c.local_err = PASSEND_ECANCELLED;
	c.local_message = "cancelled by the caller";
	expect(&c, PASSEND_ECANCELLED, GRPC_STATUS_CANCELLED, "cancelled by the caller");
}

static void test_backoff(void **state)
{
	uint64_t rng = 12345;

	/* upper bounds: base * 2^n, capped */
	assert_int_equal(status_backoff_ms(100, 5000, 0, 100), 100);
	assert_int_equal(status_backoff_ms(100, 5000, 1, 200), 200);
	assert_int_equal(status_backoff_ms(100, 5000, 3, 800), 800);
	assert_int_equal(status_backoff_ms(100, 5000, 3, 801), 0);
	assert_int_equal(status_backoff_ms(100, 5000, 10, 5000), 5000);
	assert_int_equal(status_backoff_ms(100, 5000, 60, 5000), 5000); /* no overflow */
	assert_int_equal(status_backoff_ms(100, 5000, 2, 0), 0);
	assert_int_equal(status_backoff_ms(0, 5000, 2, 77), 0);
	/* full jitter: spread over [0, ceiling], never above */
	int64_t lo = 1 << 30, hi = -1;
	for (int i = 0; i < 2000; i++) {
		int64_t d = status_backoff_ms(100, 5000, 2, status_rand(&rng));
		assert_true(d >= 0 && d <= 400);
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	assert_true(lo < 40);
	assert_true(hi > 360);
}

static void test_rand(void **state)
{
	uint64_t s = 0; /* a zero state must not get stuck */
	uint64_t a = status_rand(&s);
	uint64_t b = status_rand(&s);

	assert_true(s != 0);
	assert_true(a != b);
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_http_mapping), cmocka_unit_test(test_h2_mapping),
          cmocka_unit_test(test_parse_grpc_status), cmocka_unit_test(test_ok),
          cmocka_unit_test(test_error_with_encoded_message), cmocka_unit_test(test_deadline_from_server),
          cmocka_unit_test(test_http_error_wins), cmocka_unit_test(test_protocol_violations),
          cmocka_unit_test(test_reset_stream), cmocka_unit_test(test_local_status_wins),
          cmocka_unit_test(test_backoff), cmocka_unit_test(test_rand))
