/* Unit tests for client/status.c: how libpassend turns a closed stream's
 * HTTP status, content-type, grpc-status/grpc-message, RST_STREAM code and
 * local decisions into one gRPC status and PASSEND_E* result, plus the retry
 * backoff (exponential, full jitter, capped), also as the change-feed
 * consumer waits between streams (against a closed loopback port). */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "unit.h"

#include "client.h"
#include "grpc_status.h"
#include "passend/feed.h"

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

/* The feed's waits between failed streams are status_backoff_ms's: attempt
 * n waits at most min(max, min * 2^n), spread down to 0 (full jitter). */
#define FEED_WAITS 48
struct waits {
	int n;
	int64_t ms[FEED_WAITS];
};

static int on_change_none(void *arg, const Passend__V1__Change *c)
{
	(void)arg;
	(void)c;
	return 1;
}

static int on_disconnect_record(void *arg, int rc, int status, const char *message, int64_t retry_in_ms)
{
	struct waits *w = arg;
	(void)status;
	(void)message;
	assert_int_equal(rc, PASSEND_ECONNECT);
	if (w->n < FEED_WAITS) w->ms[w->n++] = retry_in_ms;
	return 0;
}

static void test_feed_backoff(void **state)
{
	/* a loopback port bound here but never listened on: every connection is
	 * refused at once, and no other process can take the port meanwhile */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof sa;
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	char target[32];
	snprintf(target, sizeof target, "127.0.0.1:%d", ntohs(sa.sin_port));
	passend_channel *ch = NULL;
	passend_channel_opts co = {.insecure_plaintext = 1, .connect_timeout_ms = 1000, .max_retries = -1};
	assert_int_equal(passend_channel_open(&ch, target, &co), 0);
	struct waits w = {0};
	passend_feed_opts fo = {.on_change = on_change_none,
	                        .on_disconnect = on_disconnect_record,
	                        .arg = &w,
	                        .backoff_min_ms = 2,
	                        .backoff_max_ms = 16,
	                        .max_failures = FEED_WAITS};
	assert_int_equal(passend_feed_run(ch, &fo), PASSEND_ECONNECT);
	passend_channel_close(ch);
	close(fd);
	/* max_failures ends the run at the last failure, before its wait */
	assert_int_equal(w.n, FEED_WAITS - 1);
	int low = 0, capped = 0;
	for (int i = 0; i < w.n; i++) {
		int64_t ceil = i >= 3 ? 16 : 2 << i;
		assert_true(w.ms[i] >= 0 && w.ms[i] <= ceil);
		low += w.ms[i] < 4;
		capped += w.ms[i] > 8;
	}
	assert_true(low > 0);    /* full jitter: spread down toward 0 */
	assert_true(capped > 0); /* the ceiling doubled to the cap */
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_http_mapping), cmocka_unit_test(test_h2_mapping),
          cmocka_unit_test(test_parse_grpc_status), cmocka_unit_test(test_ok),
          cmocka_unit_test(test_error_with_encoded_message), cmocka_unit_test(test_deadline_from_server),
          cmocka_unit_test(test_http_error_wins), cmocka_unit_test(test_protocol_violations),
          cmocka_unit_test(test_reset_stream), cmocka_unit_test(test_local_status_wins),
          cmocka_unit_test(test_backoff), cmocka_unit_test(test_rand), cmocka_unit_test(test_feed_backoff))
