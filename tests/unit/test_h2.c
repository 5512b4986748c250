/* test_h2: the HTTP/2 + gRPC layer (h2.c, rpc.c) driven by an in-process
 * nghttp2 client session, no sockets: good calls of all four types and each
 * bad request with its exact gRPC status, deadlines, resets, detach, and
 * flow control of streamed requests (held in the client's window until the
 * handler takes them). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "grpc/health/v1/health.pb-c.h"
#include "grpc_frame.h"
#include "grpc_status.h"
#include "h2.h"
#include "pct.h"
#include "rpc.h"
#include "service.h"
#include "worker.h"

/* ---- test doubles: the method table -------------------------------------- */

static rpc_call *held; /* call of the "Never" handler */
static char last_meta[64];
static int64_t last_remaining;
static size_t last_service_len;

static void h_unary(rpc_call *call, const ProtobufCMessage *req)
{
	const Grpc__Health__V1__HealthCheckRequest *r = (const void *)req;
	const char *m = rpc_call_metadata(call, "x-test");
	snprintf(last_meta, sizeof(last_meta), "%s", m ? m : "");
	last_remaining = rpc_call_remaining_ms(call);
	last_service_len = strlen(r->service);
	if (strcmp(r->service, "err") == 0) {
		rpc_finishf(call, GRPC_STATUS_NOT_FOUND, "caf\xc3\xa9 %d%% gone\n", 100);
		return;
	}
	Grpc__Health__V1__HealthCheckResponse resp = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
	resp.status = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
	rpc_reply(call, &resp.base);
}

static void h_stream(rpc_call *call, const ProtobufCMessage *req)
{
	for (int i = 0; i < 3; i++) {
		Grpc__Health__V1__HealthCheckResponse resp = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
		resp.status = i + 1;
		assert_int_equal(rpc_send(call, &resp.base), 0);
	}
	rpc_finish(call, GRPC_STATUS_OK, NULL);
}

static void h_never(rpc_call *call, const ProtobufCMessage *req)
{
	held = call;
}

/* Three 40 kB messages filled with the first byte of the request. */
static void h_big(rpc_call *call, const ProtobufCMessage *req)
{
	const Grpc__Health__V1__HealthCheckRequest *r = (const void *)req;
	char *s = malloc(40001);
	memset(s, r->service[0], 40000);
	s[40000] = 0;
	for (int i = 0; i < 3; i++) {
		Grpc__Health__V1__HealthCheckRequest m = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
		m.service = s;
		assert_int_equal(rpc_send(call, &m.base), 0);
	}
	free(s);
	rpc_finish(call, GRPC_STATUS_OK, NULL);
}

/* A public test method on HealthCheckRequest, answering resp_type messages. */
#define TEST_METHOD(p, fn, resp_type, streaming)                                                             \
	{                                                                                                    \
		.path = p, .req_desc = &grpc__health__v1__health_check_request__descriptor,                  \
		.resp_desc = &grpc__health__v1__##resp_type##__descriptor, .handler = fn,                    \
		.roles = RPC_PUBLIC, .server_streaming = streaming, .idempotent = 1                          \
	}
static const rpc_method m_unary = TEST_METHOD("/test.T/Unary", h_unary, health_check_response, 0);
static const rpc_method m_stream = TEST_METHOD("/test.T/Stream", h_stream, health_check_response, 1);
static const rpc_method m_never = TEST_METHOD("/test.T/Never", h_never, health_check_response, 0);
static const rpc_method m_big = TEST_METHOD("/test.T/Big", h_big, health_check_request, 1);
/* ---- stream handlers: client-streaming and bidirectional ------------------ */

/* What the one streaming call of a test saw. */
typedef struct sstate {
	int started, messages, ends;
	size_t bytes;
	int done_at_end; /* rpc_call_is_done() when on_end came */
} sstate;
static sstate ss;
static rpc_call *sheld;                                      /* the Hold / Slow call the test drives */
static const Grpc__Health__V1__HealthCheckRequest *slow_msg; /* kept by Slow while paused */

static void s_start(rpc_call *call)
{
	ss.started++;
	rpc_call_set_data(call, &ss);
}

/* Counts messages and service bytes; "fail" finishes the call at once. */
static void sum_message(rpc_call *call, const ProtobufCMessage *msg)
{
	const Grpc__Health__V1__HealthCheckRequest *r = (const void *)msg;
	sstate *st = rpc_call_data(call);
	st->messages++;
	st->bytes += strlen(r->service);
	if (strcmp(r->service, "fail") == 0) rpc_finish(call, GRPC_STATUS_INVALID_ARGUMENT, "fail");
}

/* Answers "<messages>/<bytes>". */
static void sum_end(rpc_call *call)
{
	sstate *st = rpc_call_data(call);
	char text[64];
	st->ends++;
	st->done_at_end = rpc_call_is_done(call);
	snprintf(text, sizeof text, "%d/%zu", st->messages, st->bytes);
	Grpc__Health__V1__HealthCheckRequest m = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
	m.service = text;
	rpc_reply(call, &m.base);
}

static void echo_message(rpc_call *call, const ProtobufCMessage *msg)
{
	sum_message(call, msg);
	assert_int_equal(rpc_send(call, msg), 0);
}

static void echo_end(rpc_call *call)
{
	ss.ends++;
	ss.done_at_end = rpc_call_is_done(call);
	rpc_finish(call, GRPC_STATUS_OK, NULL);
}

/* Takes nothing until the test resumes it. */
static void hold_start(rpc_call *call)
{
	s_start(call);
	sheld = call;
	rpc_recv_pause(call);
}

/* Pauses after every message, keeping it, until the test resumes it. */
static void slow_message(rpc_call *call, const ProtobufCMessage *msg)
{
	sum_message(call, msg);
	slow_msg = (const void *)msg;
	rpc_recv_pause(call);
}

static void slow_start(rpc_call *call)
{
	s_start(call);
	sheld = call;
}

static const rpc_stream_handler sum_ops = {s_start, sum_message, sum_end};
static const rpc_stream_handler echo_ops = {s_start, echo_message, echo_end};
static const rpc_stream_handler hold_ops = {hold_start, sum_message, sum_end};
static const rpc_stream_handler slow_ops = {slow_start, slow_message, sum_end};

#define STREAM_METHOD(p, ops, server_streams)                                                                \
	{                                                                                                    \
		.path = (p), .req_desc = &grpc__health__v1__health_check_request__descriptor,                \
		.resp_desc = &grpc__health__v1__health_check_request__descriptor, .roles = RPC_PUBLIC,       \
		.server_streaming = (server_streams), .client_streaming = 1, .stream = &(ops)                \
	}
static const rpc_method m_sum = STREAM_METHOD("/test.T/Sum", sum_ops, 0);
static const rpc_method m_echo = STREAM_METHOD("/test.T/Echo", echo_ops, 1);
static const rpc_method m_hold = STREAM_METHOD("/test.T/Hold", hold_ops, 0);
static const rpc_method m_slow = STREAM_METHOD("/test.T/Slow", slow_ops, 0);

/* The test's own method table, handed to the router like main.c hands it
 * the service areas. */
static const rpc_method *const test_methods[] = {&m_unary, &m_stream, &m_never, &m_big, &m_sum,
                                                 &m_echo,  &m_hold,   &m_slow,  NULL};
static const pg_stmt *const no_stmts[] = {NULL};
static const service test_service = {"test.T", test_methods, no_stmts};
static const service *const test_services[] = {&test_service, NULL};

/* ---- fixture: server session + nghttp2 client ------------------------------ */

typedef struct resp {
	int32_t id;
	char status[8]; /* :status */
	char ctype[64];
	int grpc_status; /* -1 if none */
	char grpc_message[256];
	int trailers_only; /* grpc-status came in the first header block */
	int blocks;        /* header blocks received */
	buf data;
	int closed;
	uint32_t close_error;
} resp;

typedef struct fx {
	uv_loop_t loop;
	server srv;
	worker w;
	h2_session h;
	nghttp2_session *cli;
	resp r[8];
	int nr;
	int outputs;
} fx;

static fx *F;

static void on_output(h2_session *h)
{
	F->outputs++;
}

static resp *resp_for(fx *f, int32_t id)
{
	for (int i = 0; i < f->nr; i++)
		if (f->r[i].id == id) return &f->r[i];
	assert_true(f->nr < 8);
	resp *r = &f->r[f->nr++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->grpc_status = -1;
	return r;
}

static int c_on_header(nghttp2_session *s, const nghttp2_frame *fr, const uint8_t *name, size_t nl,
                       const uint8_t *value, size_t vl, uint8_t flags, void *ud)
{
	resp *r = resp_for(ud, fr->hd.stream_id);
	char v[256];
	snprintf(v, sizeof(v), "%.*s", (int)vl, value);
	if (nl == 7 && !memcmp(name, ":status", 7))
		snprintf(r->status, sizeof(r->status), "%.7s", v);
	else if (nl == 12 && !memcmp(name, "content-type", 12))
		snprintf(r->ctype, sizeof(r->ctype), "%.63s", v);
	else if (nl == 11 && !memcmp(name, "grpc-status", 11)) {
		r->grpc_status = atoi(v);
		r->trailers_only = r->blocks == 0;
	} else if (nl == 12 && !memcmp(name, "grpc-message", 12))
		snprintf(r->grpc_message, sizeof(r->grpc_message), "%s", v);
	return 0;
}

static int c_on_frame_recv(nghttp2_session *s, const nghttp2_frame *fr, void *ud)
{
	if (fr->hd.type == NGHTTP2_HEADERS) resp_for(ud, fr->hd.stream_id)->blocks++;
	return 0;
}

static int c_on_data(nghttp2_session *s, uint8_t flags, int32_t id, const uint8_t *d, size_t n, void *ud)
{
	assert_int_equal(buf_append(&resp_for(ud, id)->data, d, n), 0);
	return 0;
}

static int c_on_close(nghttp2_session *s, int32_t id, uint32_t err, void *ud)
{
	resp *r = resp_for(ud, id);
	r->closed = 1;
	r->close_error = err;
	return 0;
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	F = f;
	held = NULL;
	memset(&ss, 0, sizeof ss);
	sheld = NULL;
	slow_msg = NULL;
	assert_int_equal(uv_loop_init(&f->loop), 0);
	config_defaults(&f->srv.cfg);
	f->srv.cfg.max_message_bytes = 100000;
	f->w.srv = &f->srv;
	assert_int_equal(h2_session_init(&f->h, &f->w, &f->srv.cfg, &f->loop, "127.0.0.1:5555", on_output),
	                 0);
	nghttp2_session_callbacks *cb;
	nghttp2_session_callbacks_new(&cb);
	nghttp2_session_callbacks_set_on_header_callback(cb, c_on_header);
	nghttp2_session_callbacks_set_on_frame_recv_callback(cb, c_on_frame_recv);
	nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, c_on_data);
	nghttp2_session_callbacks_set_on_stream_close_callback(cb, c_on_close);
	assert_int_equal(nghttp2_session_client_new(&f->cli, cb, f), 0);
	nghttp2_session_callbacks_del(cb);
	assert_int_equal(nghttp2_submit_settings(f->cli, NGHTTP2_FLAG_NONE, NULL, 0), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	nghttp2_session_del(f->cli);
	h2_session_free(&f->h);
	if (held) rpc_finish(held, GRPC_STATUS_OK, NULL); /* detached: frees it */
	held = NULL;
	uv_run(&f->loop, UV_RUN_NOWAIT); /* deadline timers' close callbacks */
	assert_int_equal(uv_loop_close(&f->loop), 0);
	for (int i = 0; i < f->nr; i++)
		buf_free(&f->r[i].data);
	free(f);
	return 0;
}

/* One exchange round in each direction; returns whether bytes moved. The
 * server's pending output must stay within max_out bytes. */
static int exchange(fx *f, size_t max_out)
{
	int moved = 0;
	const uint8_t *d;
	ssize_t n;
	while ((n = nghttp2_session_mem_send(f->cli, &d)) > 0) {
		moved = 1;
		assert_int_equal(h2_session_recv(&f->h, d, (size_t)n), 0);
	}
	assert_true(n >= 0);
	assert_int_equal(h2_session_send(&f->h), 0);
	size_t avail = buf_avail(&f->h.out);
	assert_true(avail <= max_out);
	if (avail) {
		moved = 1;
		assert_int_equal(nghttp2_session_mem_recv(f->cli, buf_rptr(&f->h.out), avail),
		                 (ssize_t)avail);
		buf_reset(&f->h.out);
	}
	return moved;
}

/* Exchange bytes until both sides are quiet. */
static void pump(fx *f)
{
	for (int i = 0; i < 1000; i++)
		if (!exchange(f, SIZE_MAX)) return;
	fail_msg("pump did not settle");
}

typedef struct body {
	const uint8_t *p;
	size_t len, off;
	int open; /* the client has more to say: no END_STREAM after len bytes yet */
} body;

static ssize_t body_read(nghttp2_session *s, int32_t id, uint8_t *out, size_t len, uint32_t *flags,
                         nghttp2_data_source *src, void *ud)
{
	body *b = src->ptr;
	size_t n = b->len - b->off < len ? b->len - b->off : len;
	if (n == 0 && b->open) return NGHTTP2_ERR_DEFERRED;
	if (n) memcpy(out, b->p + b->off, n);
	b->off += n;
	if (b->off == b->len && !b->open) *flags |= NGHTTP2_DATA_FLAG_EOF;
	return (ssize_t)n;
}

#define NV(n, v)                                                                                             \
	{                                                                                                    \
		(uint8_t *)(n), (uint8_t *)(v), strlen(n), strlen(v), NGHTTP2_NV_FLAG_NONE                   \
	}

/* Submit a request; extra headers as name/value pairs, NULL-terminated. */
static int32_t request(fx *f, const char *path, const char *ctype, body *b, ...)
{
	nghttp2_nv nv[16] = {NV(":method", "POST"), NV(":scheme", "https"), NV(":path", path),
	                     NV(":authority", "localhost"), NV("te", "trailers")};
	size_t n = 5;
	if (ctype) nv[n++] = (nghttp2_nv)NV("content-type", ctype);
	va_list ap;
	va_start(ap, b);
	const char *k;
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		nv[n++] = (nghttp2_nv)NV(k, v);
	}
	va_end(ap);
	nghttp2_data_provider prd = {.source.ptr = b, .read_callback = body_read};
	int32_t id = nghttp2_submit_request(f->cli, NULL, nv, n, b ? &prd : NULL, NULL);
	assert_true(id > 0);
	return id;
}

/* A framed HealthCheckRequest with `name` as its service field. */
static uint8_t *framed(const char *name, size_t *len)
{
	Grpc__Health__V1__HealthCheckRequest r = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
	r.service = (char *)name;
	size_t n = protobuf_c_message_get_packed_size(&r.base);
	uint8_t *p = malloc(GRPC_FRAME_PREFIX + n);
	grpc_frame_prefix(p, 0, (uint32_t)n);
	protobuf_c_message_pack(&r.base, p + GRPC_FRAME_PREFIX);
	*len = GRPC_FRAME_PREFIX + n;
	return p;
}

/* One complete call with a raw body; returns the response. */
static resp *call_raw(fx *f, const char *path, const char *ctype, const void *p, size_t len, const char *k,
                      const char *v)
{
	body b = {p, len, 0, 0};
	int32_t id = k ? request(f, path, ctype, &b, k, v, NULL) : request(f, path, ctype, &b, NULL);
	pump(f);
	resp *r = resp_for(f, id);
	assert_true(r->closed);
	return r;
}

/* One complete call with a HealthCheckRequest for service `name`. */
static resp *call_named(fx *f, const char *path, const char *ctype, const char *name, const char *k,
                        const char *v)
{
	size_t len;
	uint8_t *p = framed(name, &len);
	resp *r = call_raw(f, path, ctype, p, len, k, v);
	free(p);
	return r;
}

/* Start a call of the "Never" method, whose handler keeps it in `held`,
 * with grpc-timeout `timeout` (NULL: none); returns its stream id. */
static int32_t start_held(fx *f, const char *timeout)
{
	size_t len;
	uint8_t *p = framed("x", &len);
	body b = {p, len, 0, 0};
	int32_t id = timeout
	                 ? request(f, "/test.T/Never", "application/grpc", &b, "grpc-timeout", timeout, NULL)
	                 : request(f, "/test.T/Never", "application/grpc", &b, NULL);
	pump(f); /* sends the whole body */
	free(p);
	return id;
}

/* The response messages of r (frames of at most max bytes, each a desc
 * message) into msgs: exactly three, nothing left over. Caller frees them. */
static void three_messages(resp *r, size_t max, const ProtobufCMessageDescriptor *desc,
                           ProtobufCMessage *msgs[3])
{
	grpc_frame_reader rd;
	const uint8_t *m;
	size_t ml;
	grpc_frame_reader_init(&rd, max);
	assert_int_equal(grpc_frame_reader_feed(&rd, buf_rptr(&r->data), buf_avail(&r->data)), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(grpc_frame_reader_next(&rd, &m, &ml, NULL), GRPC_FRAME_OK);
		msgs[i] = protobuf_c_message_unpack(desc, NULL, ml, m);
		assert_non_null(msgs[i]);
	}
	assert_int_equal(grpc_frame_reader_next(&rd, &m, &ml, NULL), GRPC_FRAME_NEED_MORE);
	assert_int_equal(grpc_frame_reader_pending(&rd), 0);
	grpc_frame_reader_free(&rd);
}

static void assert_status(resp *r, int code)
{
	assert_string_equal(r->status, "200");
	assert_string_equal(r->ctype, "application/grpc");
	assert_int_equal(r->grpc_status, code);
}

/* ---- tests ----------------------------------------------------------------- */

static void test_unary_ok(void **state)
{
	fx *f = *state;
	resp *r = call_named(f, "/test.T/Unary", "application/grpc", "x", "x-test", "hello");
	assert_status(r, GRPC_STATUS_OK);
	assert_false(r->trailers_only);
	assert_int_equal(r->blocks, 2); /* headers + trailers */
	assert_int_equal(r->close_error, NGHTTP2_NO_ERROR);
	assert_string_equal(last_meta, "hello");
	assert_true(last_remaining == INT64_MAX);
	/* the single response message */
	assert_int_equal(buf_avail(&r->data), GRPC_FRAME_PREFIX + 2);
	const uint8_t *d = buf_rptr(&r->data);
	assert_int_equal(d[0], 0);
	Grpc__Health__V1__HealthCheckResponse *m =
	    grpc__health__v1__health_check_response__unpack(NULL, buf_avail(&r->data) - 5, d + 5);
	assert_non_null(m);
	assert_int_equal(m->status, GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING);
	grpc__health__v1__health_check_response__free_unpacked(m, NULL);
	assert_int_equal(atomic_load(&f->srv.calls_total), 1);
	assert_int_equal(f->h.nstreams, 0);
	assert_null(f->h.calls);
}

static void test_content_type_plus_proto_ok(void **state)
{
	resp *r = call_named(*state, "/test.T/Unary", "application/grpc+proto", "x", NULL, NULL);
	assert_status(r, GRPC_STATUS_OK);
}

static void test_large_message_split(void **state)
{
	/* 50 kB crosses several DATA frames: the buffering reader path */
	char *s = malloc(50001);
	memset(s, 'a', 50000);
	s[50000] = 0;
	resp *r = call_named(*state, "/test.T/Unary", "application/grpc", s, NULL, NULL);
	free(s);
	assert_status(r, GRPC_STATUS_OK);
	assert_int_equal(last_service_len, 50000);
}

static void test_unknown_method(void **state)
{
	resp *r = call_named(*state, "/test.T/Nope", "application/grpc", "x", NULL, NULL);
	assert_status(r, GRPC_STATUS_UNIMPLEMENTED);
	assert_true(r->trailers_only);
	assert_int_equal(r->blocks, 1);
	assert_int_equal(buf_avail(&r->data), 0);
}

static void test_wrong_content_type(void **state)
{
	resp *r = call_named(*state, "/test.T/Unary", "application/json", "x", NULL, NULL);
	assert_string_equal(r->status, "415");
	assert_int_equal(r->grpc_status, GRPC_STATUS_INVALID_ARGUMENT);
	assert_true(r->trailers_only);
	/* a missing content-type is the same */
	r = call_named(*state, "/test.T/Unary", NULL, "x", NULL, NULL);
	assert_string_equal(r->status, "415");
	/* "application/grpcfoo" is not a gRPC content-type either */
	r = call_named(*state, "/test.T/Unary", "application/grpcfoo", "x", NULL, NULL);
	assert_string_equal(r->status, "415");
}

static void test_compressed_flag(void **state)
{
	size_t len;
	uint8_t *p = framed("x", &len);
	p[0] = 1; /* compressed, but no grpc-encoding */
	resp *r = call_raw(*state, "/test.T/Unary", "application/grpc", p, len, NULL, NULL);
	assert_status(r, GRPC_STATUS_INTERNAL);
	assert_true(r->trailers_only);
	/* an encoding we do not support -> UNIMPLEMENTED */
	r = call_raw(*state, "/test.T/Unary", "application/grpc", p, len, "grpc-encoding", "gzip");
	assert_status(r, GRPC_STATUS_UNIMPLEMENTED);
	/* identity is fine */
	p[0] = 0;
	r = call_raw(*state, "/test.T/Unary", "application/grpc", p, len, "grpc-encoding", "identity");
	assert_status(r, GRPC_STATUS_OK);
	/* flag 0 under an unsupported encoding means "not encoded": fine too */
	r = call_raw(*state, "/test.T/Unary", "application/grpc", p, len, "grpc-encoding", "gzip");
	assert_status(r, GRPC_STATUS_OK);
	free(p);
}

static void test_truncated_prefix(void **state)
{
	const uint8_t p[] = {0, 0, 0};
	resp *r = call_raw(*state, "/test.T/Unary", "application/grpc", p, sizeof(p), NULL, NULL);
	assert_status(r, GRPC_STATUS_INTERNAL);
	/* a whole prefix announcing more than is sent */
	const uint8_t q[] = {0, 0, 0, 0, 10, 1, 2};
	r = call_raw(*state, "/test.T/Unary", "application/grpc", q, sizeof(q), NULL, NULL);
	assert_status(r, GRPC_STATUS_INTERNAL);
	assert_non_null(strstr(r->grpc_message, "ended inside"));
}

static void test_no_message_and_two_messages(void **state)
{
	resp *r = call_raw(*state, "/test.T/Unary", "application/grpc", NULL, 0, NULL, NULL);
	assert_status(r, GRPC_STATUS_INTERNAL);
	size_t len;
	uint8_t *p = framed("x", &len);
	uint8_t *two = malloc(2 * len);
	memcpy(two, p, len);
	memcpy(two + len, p, len);
	r = call_raw(*state, "/test.T/Unary", "application/grpc", two, 2 * len, NULL, NULL);
	assert_status(r, GRPC_STATUS_INTERNAL);
	free(p);
	free(two);
}

static void test_oversized(void **state)
{
	fx *f = *state;
	/* the prefix alone announces 200000 > 100000: refused before the body */
	uint8_t p[5];
	grpc_frame_prefix(p, 0, 200000);
	resp *r = call_raw(f, "/test.T/Unary", "application/grpc", p, sizeof(p), NULL, NULL);
	assert_status(r, GRPC_STATUS_RESOURCE_EXHAUSTED);
	assert_true(r->trailers_only);
	assert_non_null(strstr(r->grpc_message, "100000"));
	/* a message just over the limit, sent in full */
	size_t n = 100001;
	uint8_t *big = calloc(1, 5 + n);
	grpc_frame_prefix(big, 0, (uint32_t)n);
	r = call_raw(f, "/test.T/Unary", "application/grpc", big, 5 + n, NULL, NULL);
	assert_status(r, GRPC_STATUS_RESOURCE_EXHAUSTED);
	free(big);
}

static void test_malformed_protobuf(void **state)
{
	const uint8_t p[] = {0, 0, 0, 0, 3, 0x0a, 0x7f, 'x'}; /* string field claiming 127 bytes */
	resp *r = call_raw(*state, "/test.T/Unary", "application/grpc", p, sizeof(p), NULL, NULL);
	assert_status(r, GRPC_STATUS_INVALID_ARGUMENT);
	assert_non_null(strstr(r->grpc_message, "grpc.health.v1.HealthCheckRequest"));
}

static void test_error_message_encoding(void **state)
{
	resp *r = call_named(*state, "/test.T/Unary", "application/grpc", "err", NULL, NULL);
	assert_status(r, GRPC_STATUS_NOT_FOUND);
	assert_true(r->trailers_only);
	assert_string_equal(r->grpc_message, "caf%C3%A9 100%25 gone%0A");
	char *dec = pct_decode(r->grpc_message, strlen(r->grpc_message));
	assert_string_equal(dec, "caf\xc3\xa9 100% gone\n");
	free(dec);
}

static void test_server_streaming(void **state)
{
	resp *r = call_named(*state, "/test.T/Stream", "application/grpc", "x", NULL, NULL);
	assert_status(r, GRPC_STATUS_OK);
	assert_false(r->trailers_only);
	ProtobufCMessage *x[3];
	three_messages(r, 1000, &grpc__health__v1__health_check_response__descriptor, x);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(((Grpc__Health__V1__HealthCheckResponse *)x[i])->status, i + 1);
		protobuf_c_message_free_unpacked(x[i], NULL);
	}
}

static void test_deadline_exceeded(void **state)
{
	fx *f = *state;
	int32_t id = start_held(f, "1m");
	assert_non_null(held);
	assert_false(rpc_call_is_done(held));
	assert_true(rpc_call_remaining_ms(held) <= 1);
	resp *r = resp_for(f, id);
	assert_false(r->closed);
	int before = f->outputs;
	while (f->outputs == before)
		uv_run(&f->loop, UV_RUN_ONCE); /* the 1 ms timer */
	pump(f);
	assert_true(r->closed);
	assert_status(r, GRPC_STATUS_DEADLINE_EXCEEDED);
	assert_true(rpc_call_is_done(held));
	/* the late handler finishes; nothing more goes out, the call is freed */
	Grpc__Health__V1__HealthCheckResponse hr = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
	assert_int_equal(rpc_send(held, &hr.base), -1);
	rpc_finish(held, GRPC_STATUS_OK, NULL);
	held = NULL;
	pump(f);
	assert_int_equal(r->grpc_status, GRPC_STATUS_DEADLINE_EXCEEDED);
}

static void test_client_reset(void **state)
{
	fx *f = *state;
	int32_t id = start_held(f, "10S");
	assert_non_null(held);
	assert_true(rpc_call_remaining_ms(held) > 9000);
	assert_int_equal(nghttp2_submit_rst_stream(f->cli, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL), 0);
	pump(f);
	assert_true(rpc_call_is_done(held));
	assert_int_equal(f->h.nstreams, 0);
	rpc_finish(held, GRPC_STATUS_OK, NULL); /* frees the call (and closes its timer) */
	held = NULL;
}

static void test_detach_on_close(void **state)
{
	fx *f = *state;
	(void)start_held(f, NULL);
	assert_non_null(held);
	assert_int_equal(f->h.nstreams, 1);
	/* the connection goes away while the handler still works */
	h2_session_free(&f->h);
	assert_true(rpc_call_is_done(held));
	assert_string_equal(rpc_call_peer(held), "127.0.0.1:5555");
	assert_ptr_equal(rpc_call_worker(held), &f->w);
	rpc_finish(held, GRPC_STATUS_OK, NULL);
	held = NULL;
	/* teardown frees the session again: make that a no-op */
	assert_int_equal(h2_session_init(&f->h, &f->w, &f->srv.cfg, &f->loop, "x", on_output), 0);
}

static void test_drain_goaway(void **state)
{
	fx *f = *state;
	(void)start_held(f, NULL);
	h2_session_drain(&f->h);
	pump(f);
	assert_false(h2_session_done(&f->h)); /* a stream is still open */
	rpc_call *c = held;
	held = NULL;
	rpc_reply(c,
	          &(Grpc__Health__V1__HealthCheckResponse)GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT.base);
	pump(f);
	assert_status(&f->r[0], GRPC_STATUS_OK);
	assert_true(h2_session_done(&f->h));
}

static void test_bad_method_and_timeout(void **state)
{
	fx *f = *state;
	nghttp2_nv nv[] = {NV(":method", "GET"), NV(":scheme", "https"), NV(":path", "/test.T/Unary"),
	                   NV(":authority", "x"), NV("content-type", "application/grpc")};
	int32_t id = nghttp2_submit_request(f->cli, NULL, nv, 5, NULL, NULL);
	pump(f);
	resp *r = resp_for(f, id);
	assert_string_equal(r->status, "405");
	assert_int_equal(r->grpc_status, GRPC_STATUS_INTERNAL);
	r = call_named(f, "/test.T/Unary", "application/grpc", "x", "grpc-timeout", "abc");
	assert_status(r, GRPC_STATUS_INTERNAL);
	r = call_named(f, "/test.T/Unary", "application/grpc", "x", "grpc-timeout", "0m");
	assert_status(r, GRPC_STATUS_DEADLINE_EXCEEDED);
}

static void test_header_limit(void **state)
{
	fx *f = *state;
	f->srv.cfg.max_header_bytes = 1024;
	char big[2000];
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	resp *r = call_named(f, "/test.T/Unary", "application/grpc", "x", "x-big", big);
	assert_status(r, GRPC_STATUS_RESOURCE_EXHAUSTED);
}

/* One exchange round whose output is bounded by the high-water mark plus
 * one frame. */
static int step(fx *f)
{
	return exchange(f, f->h.out_hwm + 16384 + 64);
}

static void check_big(resp *r, char fill)
{
	assert_status(r, GRPC_STATUS_OK);
	ProtobufCMessage *x[3];
	three_messages(r, 100000, &grpc__health__v1__health_check_request__descriptor, x);
	for (int i = 0; i < 3; i++) {
		const char *got = ((Grpc__Health__V1__HealthCheckRequest *)x[i])->service;
		assert_int_equal(strlen(got), 40000);
		for (size_t k = 0; k < 40000; k++)
			if (got[k] != fill) fail_msg("message %d byte %zu is %c, not %c", i, k, got[k], fill);
		protobuf_c_message_free_unpacked(x[i], NULL);
	}
}

/* Two connections of one thread, interleaved, with a small high-water mark:
 * back-pressure holds DATA and resumes it, and the sessions' shared frame
 * buffer never mixes their bytes. */
static void test_two_sessions_backpressure(void **state)
{
	fx *a = *state;
	void *bs;
	setup(&bs);
	fx *b = bs;
	F = a;
	a->h.out_hwm = b->h.out_hwm = 1000;
	size_t la, lb;
	uint8_t *pa = framed("a", &la), *pb = framed("b", &lb);
	body ba = {pa, la, 0, 0}, bb = {pb, lb, 0, 0};
	int32_t ida = request(a, "/test.T/Big", "application/grpc", &ba, NULL);
	int32_t idb = request(b, "/test.T/Big", "application/grpc", &bb, NULL);
	int rounds = 0;
	while (step(a) | step(b))
		rounds++;
	assert_true(rounds >= 7); /* 3 x 40 kB went out in pieces of about one frame */
	resp *ra = resp_for(a, ida), *rb = resp_for(b, idb);
	assert_true(ra->closed && rb->closed);
	check_big(ra, 'a');
	check_big(rb, 'b');
	free(pa);
	free(pb);
	teardown(&bs);
}

/* ---- client-streaming and bidirectional calls ------------------------------ */

/* n framed messages whose service is `size` bytes of 'a' + i % 26 (caller frees). */
static uint8_t *framed_many(int n, size_t size, size_t *len)
{
	buf b = {0};
	char *s = malloc(size + 1);
	for (int i = 0; i < n; i++) {
		memset(s, 'a' + i % 26, size);
		s[size] = 0;
		size_t l;
		uint8_t *p = framed(s, &l);
		assert_int_equal(buf_append(&b, p, l), 0);
		free(p);
	}
	free(s);
	*len = buf_avail(&b);
	return b.data;
}

/* The HealthCheckRequest messages of a response: how many, their service
 * bytes, and the service of the first (copied into first, if given). */
static int response_messages(resp *r, size_t *bytes, char *first, size_t firstlen)
{
	grpc_frame_reader rd;
	const uint8_t *m;
	size_t ml;
	int n = 0;
	*bytes = 0;
	grpc_frame_reader_init(&rd, 1 << 20);
	assert_int_equal(grpc_frame_reader_feed(&rd, buf_rptr(&r->data), buf_avail(&r->data)), 0);
	while (grpc_frame_reader_next(&rd, &m, &ml, NULL) == GRPC_FRAME_OK) {
		Grpc__Health__V1__HealthCheckRequest *x =
		    grpc__health__v1__health_check_request__unpack(NULL, ml, m);
		assert_non_null(x);
		if (n == 0 && first) snprintf(first, firstlen, "%s", x->service);
		*bytes += strlen(x->service);
		n++;
		grpc__health__v1__health_check_request__free_unpacked(x, NULL);
	}
	assert_int_equal(grpc_frame_reader_pending(&rd), 0);
	grpc_frame_reader_free(&rd);
	return n;
}

static void test_client_streaming(void **state)
{
	fx *f = *state;
	size_t len, bytes;
	char first[64];
	uint8_t *p = framed_many(10, 100, &len);
	resp *r = call_raw(f, "/test.T/Sum", "application/grpc", p, len, NULL, NULL);
	free(p);
	assert_status(r, GRPC_STATUS_OK);
	assert_int_equal(response_messages(r, &bytes, first, sizeof first), 1);
	assert_string_equal(first, "10/1000");
	assert_int_equal(ss.started, 1);
	assert_int_equal(ss.ends, 1);
	assert_false(ss.done_at_end);
	assert_int_equal(f->h.nstreams, 0);
	assert_null(f->h.calls);
	/* no message at all is a valid client stream */
	memset(&ss, 0, sizeof ss);
	r = call_raw(f, "/test.T/Sum", "application/grpc", NULL, 0, NULL, NULL);
	assert_status(r, GRPC_STATUS_OK);
	assert_int_equal(response_messages(r, &bytes, first, sizeof first), 1);
	assert_string_equal(first, "0/0");
}

/* Bidirectional: each message is answered before the client sends the next. */
static void test_bidi_interleaved(void **state)
{
	fx *f = *state;
	size_t len, one, bytes;
	uint8_t *p = framed_many(3, 10, &len);
	one = len / 3;
	body b = {p, one, 0, 1};
	int32_t id = request(f, "/test.T/Echo", "application/grpc", &b, NULL);
	pump(f);
	resp *r = resp_for(f, id);
	assert_false(r->closed);
	assert_int_equal(response_messages(r, &bytes, NULL, 0), 1);
	b.len = 2 * one;
	assert_int_equal(nghttp2_session_resume_data(f->cli, id), 0);
	pump(f);
	assert_false(r->closed);
	assert_int_equal(response_messages(r, &bytes, NULL, 0), 2);
	b.len = len;
	b.open = 0;
	assert_int_equal(nghttp2_session_resume_data(f->cli, id), 0);
	pump(f);
	assert_true(r->closed);
	assert_status(r, GRPC_STATUS_OK);
	assert_int_equal(response_messages(r, &bytes, NULL, 0), 3);
	assert_int_equal(bytes, 30);
	assert_int_equal(ss.ends, 1);
	free(p);
}

/* A handler that takes nothing holds the client at one stream window, and
 * the connection stays usable for other calls. */
static void test_stream_window_bound(void **state)
{
	fx *f = *state;
	size_t len, bytes;
	char first[64];
	uint8_t *p = framed_many(100, 10000, &len); /* about 1 MB */
	body b = {p, len, 0, 0};
	int32_t id = request(f, "/test.T/Hold", "application/grpc", &b, NULL);
	pump(f);
	assert_non_null(sheld);
	assert_int_equal(ss.messages, 0);
	assert_true(b.off <= 65535); /* the stream's initial window, never reopened */
	assert_true(b.off > 60000);
	/* the connection window was given back: a unary call still goes through */
	uint8_t *u = framed("x", &bytes);
	resp *ru = call_raw(f, "/test.T/Unary", "application/grpc", u, bytes, NULL, NULL);
	free(u);
	assert_status(ru, GRPC_STATUS_OK);
	assert_true(b.off <= 65535);
	/* the handler takes its messages: the rest flows */
	rpc_recv_resume(sheld);
	pump(f);
	resp *r = resp_for(f, id);
	assert_true(r->closed);
	assert_status(r, GRPC_STATUS_OK);
	assert_int_equal(response_messages(r, &bytes, first, sizeof first), 1);
	assert_string_equal(first, "100/1000000");
	assert_int_equal(b.off, len);
	free(p);
}

/* A handler that pauses after every message keeps it valid while paused,
 * and the client never gets further ahead than one window. */
static void test_stream_slow_handler(void **state)
{
	fx *f = *state;
	const size_t size = 30000, framed_size = 30000 + 5 + 1 + 3; /* prefix, tag, length */
	size_t len, bytes;
	char first[64];
	uint8_t *p = framed_many(20, size, &len);
	assert_int_equal(len, 20 * framed_size);
	body b = {p, len, 0, 0};
	int32_t id = request(f, "/test.T/Slow", "application/grpc", &b, NULL);
	pump(f);
	int rounds = 0;
	while (ss.ends == 0) {
		assert_true(++rounds <= 20);
		assert_non_null(slow_msg);
		assert_int_equal(strlen(slow_msg->service), size);
		assert_int_equal(slow_msg->service[size - 1], 'a' + (ss.messages - 1) % 26);
		assert_true(b.off <= (size_t)ss.messages * framed_size + 65535);
		rpc_recv_resume(sheld);
		pump(f);
	}
	resp *r = resp_for(f, id);
	assert_status(r, GRPC_STATUS_OK);
	assert_int_equal(response_messages(r, &bytes, first, sizeof first), 1);
	assert_string_equal(first, "20/600000");
	free(p);
}

/* Responses the client does not read stop the delivery of its requests. */
static void test_stream_unread_responses(void **state)
{
	fx *f = *state;
	nghttp2_settings_entry closed = {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 0};
	assert_int_equal(nghttp2_submit_settings(f->cli, NGHTTP2_FLAG_NONE, &closed, 1), 0);
	const size_t framed_size = 30000 + 5 + 1 + 3; /* prefix, tag, length */
	size_t len, bytes;
	uint8_t *p = framed_many(50, 30000, &len);
	body b = {p, len, 0, 0};
	int32_t id = request(f, "/test.T/Echo", "application/grpc", &b, NULL);
	pump(f);
	resp *r = resp_for(f, id);
	assert_false(r->closed);
	assert_int_equal(buf_avail(&r->data), 0); /* nothing could be sent */
	/* delivery stopped once RPC_RESP_HWM of answers waited: 3 x 30 kB */
	assert_int_equal(ss.messages, 3);
	assert_true(b.off <= 3 * framed_size + 65535);
	/* the client reads again */
	nghttp2_settings_entry open = {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20};
	assert_int_equal(nghttp2_submit_settings(f->cli, NGHTTP2_FLAG_NONE, &open, 1), 0);
	pump(f);
	assert_true(r->closed);
	assert_status(r, GRPC_STATUS_OK);
	assert_int_equal(response_messages(r, &bytes, NULL, 0), 50);
	assert_int_equal(bytes, 50 * 30000);
	free(p);
}

static void test_stream_bad_messages(void **state)
{
	fx *f = *state;
	size_t len, one;
	/* a good message, then one over max_message_bytes (100000) */
	uint8_t *p = framed_many(1, 10, &one);
	uint8_t *q = malloc(one + 5);
	memcpy(q, p, one);
	grpc_frame_prefix(q + one, 0, 200000);
	resp *r = call_raw(f, "/test.T/Sum", "application/grpc", q, one + 5, NULL, NULL);
	assert_status(r, GRPC_STATUS_RESOURCE_EXHAUSTED);
	assert_non_null(strstr(r->grpc_message, "100000"));
	assert_int_equal(ss.messages, 1);
	assert_int_equal(ss.ends, 1);
	assert_true(ss.done_at_end);
	assert_int_equal(f->h.nstreams, 0);
	assert_null(f->h.calls);
	free(q);
	free(p);
	/* not a HealthCheckRequest */
	memset(&ss, 0, sizeof ss);
	const uint8_t bad[] = {0, 0, 0, 0, 3, 0x0a, 0x7f, 'x'};
	r = call_raw(f, "/test.T/Sum", "application/grpc", bad, sizeof bad, NULL, NULL);
	assert_status(r, GRPC_STATUS_INVALID_ARGUMENT);
	assert_non_null(strstr(r->grpc_message, "request message 1 is not a valid grpc.health.v1"));
	assert_int_equal(ss.ends, 1);
	/* the stream ends inside a message */
	memset(&ss, 0, sizeof ss);
	const uint8_t cut[] = {0, 0, 0, 0, 10, 1, 2};
	r = call_raw(f, "/test.T/Sum", "application/grpc", cut, sizeof cut, NULL, NULL);
	assert_status(r, GRPC_STATUS_INTERNAL);
	assert_non_null(strstr(r->grpc_message, "ended inside"));
	assert_int_equal(ss.ends, 1);
	/* compressed without an encoding */
	memset(&ss, 0, sizeof ss);
	p = framed("x", &len);
	p[0] = 1;
	r = call_raw(f, "/test.T/Echo", "application/grpc", p, len, NULL, NULL);
	assert_status(r, GRPC_STATUS_INTERNAL);
	assert_int_equal(ss.ends, 1);
	free(p);
	assert_int_equal(f->h.nstreams, 0);
}

/* The handler answers before the client is done: the status goes out, no
 * more callbacks, and the rest of the request is discarded. */
static void test_stream_early_finish(void **state)
{
	fx *f = *state;
	size_t l1, l2;
	uint8_t *a = framed("x", &l1), *fl = framed("fail", &l2);
	uint8_t *p = malloc(l1 + l2);
	memcpy(p, a, l1);
	memcpy(p + l1, fl, l2);
	body b = {p, l1 + l2, 0, 1}; /* and the client keeps the stream open */
	int32_t id = request(f, "/test.T/Sum", "application/grpc", &b, NULL);
	pump(f);
	resp *r = resp_for(f, id);
	assert_true(r->closed);
	assert_status(r, GRPC_STATUS_INVALID_ARGUMENT);
	assert_int_equal(r->close_error, NGHTTP2_NO_ERROR);
	assert_int_equal(ss.messages, 2);
	assert_int_equal(ss.ends, 0);
	assert_int_equal(f->h.nstreams, 0);
	free(a);
	free(fl);
	free(p);
}

static void test_stream_deadline_and_reset(void **state)
{
	fx *f = *state;
	size_t len;
	uint8_t *p = framed("x", &len);
	body b = {p, len, 0, 1};
	int32_t id = request(f, "/test.T/Hold", "application/grpc", &b, "grpc-timeout", "1m", NULL);
	pump(f);
	assert_int_equal(ss.started, 1);
	int before = f->outputs;
	while (f->outputs == before)
		uv_run(&f->loop, UV_RUN_ONCE); /* the 1 ms timer */
	pump(f);
	resp *r = resp_for(f, id);
	assert_true(r->closed);
	assert_status(r, GRPC_STATUS_DEADLINE_EXCEEDED);
	assert_int_equal(ss.ends, 1);
	assert_true(ss.done_at_end);
	assert_int_equal(f->h.nstreams, 0);
	/* a client reset while the handler takes messages */
	memset(&ss, 0, sizeof ss);
	body b2 = {p, len, 0, 1};
	id = request(f, "/test.T/Echo", "application/grpc", &b2, NULL);
	pump(f);
	assert_int_equal(ss.messages, 1);
	assert_int_equal(nghttp2_submit_rst_stream(f->cli, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL), 0);
	pump(f);
	assert_int_equal(ss.ends, 1);
	assert_true(ss.done_at_end);
	assert_int_equal(f->h.nstreams, 0);
	assert_null(f->h.calls);
	/* the connection goes away while a handler is paused */
	memset(&ss, 0, sizeof ss);
	body b3 = {p, len, 0, 1};
	(void)request(f, "/test.T/Hold", "application/grpc", &b3, NULL);
	pump(f);
	assert_int_equal(ss.started, 1);
	h2_session_free(&f->h);
	assert_int_equal(ss.ends, 1);
	assert_true(ss.done_at_end);
	assert_int_equal(h2_session_init(&f->h, &f->w, &f->srv.cfg, &f->loop, "x", on_output), 0);
	free(p);
}

/* The router finds exact paths only, and refuses a table with one path twice
 * or a method whose handler does not fit its call type. */
static void test_router_lookup(void **state)
{
	const char *p = "/test.T/UnaryX";
	assert_ptr_equal(rpc_find_method(p, 13), &m_unary);
	assert_null(rpc_find_method(p, 12)); /* "/test.T/Unar" */
	assert_null(rpc_find_method(p, 14)); /* "/test.T/UnaryX" */
	assert_null(rpc_find_method("", 0));
	assert_ptr_equal(rpc_find_method("/test.T/Big", 11), &m_big);
	static const rpc_method *const twice[] = {&m_unary, &m_unary, NULL};
	static const service dup = {"dup", twice, no_stmts};
	static const service *const dups[] = {&test_service, &dup, NULL};
	assert_int_equal(rpc_router_init(dups), -1);
	/* a failed init keeps the table it had */
	assert_ptr_equal(rpc_find_method("/test.T/Stream", 14), &m_stream);
	static const rpc_method no_stream = {.path = "/bad.B/S", .handler = h_unary, .client_streaming = 1};
	static const rpc_method no_handler = {.path = "/bad.B/U", .stream = &sum_ops};
	static const rpc_method *const misfits[] = {&no_stream, &no_handler, NULL};
	for (int i = 0; misfits[i]; i++) {
		const rpc_method *one[] = {misfits[i], NULL};
		const service bad = {"bad", one, no_stmts};
		const service *const bads[] = {&bad, NULL};
		assert_int_equal(rpc_router_init(bads), -1);
	}
	assert_ptr_equal(rpc_route_at(0), &m_big); /* :path order */
	assert_null(rpc_route_at(8));
}

static int router_up(void **state)
{
	return rpc_router_init(test_services);
}

static int router_down(void **state)
{
	rpc_router_free();
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
UNIT_MAIN(router_up, router_down, cmocka_unit_test(test_router_lookup), T(test_unary_ok),
          T(test_content_type_plus_proto_ok), T(test_large_message_split), T(test_unknown_method),
          T(test_wrong_content_type), T(test_compressed_flag), T(test_truncated_prefix),
          T(test_no_message_and_two_messages), T(test_oversized), T(test_malformed_protobuf),
          T(test_error_message_encoding), T(test_server_streaming), T(test_deadline_exceeded),
          T(test_client_reset), T(test_detach_on_close), T(test_drain_goaway), T(test_bad_method_and_timeout),
          T(test_header_limit), T(test_two_sessions_backpressure), T(test_client_streaming),
          T(test_bidi_interleaved), T(test_stream_window_bound), T(test_stream_slow_handler),
          T(test_stream_unread_responses), T(test_stream_bad_messages), T(test_stream_early_finish),
          T(test_stream_deadline_and_reset))
