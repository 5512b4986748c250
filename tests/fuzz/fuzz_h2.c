/* fuzz_h2: the server's HTTP/2 + gRPC layer (h2.c, rpc.c, auth.c up to its
 * database lookup) driven socket-free, as tests/unit/test_h2.c drives it:
 * the input is the client's byte stream after TLS, fed to one session, with
 * a method table of test handlers (unary, error with arbitrary message
 * text, server streaming, a handler that holds its call, one that needs a
 * token) plus grpc.health.v1.Health, and no database pool.
 *
 * The first input byte is the delivery schedule, the rest the stream:
 * bits 0-5 cut the stream into reads of 1 + 37 * k bytes (0: one read),
 * bit 6 finishes one held call after each read, bit 7 starts a graceful
 * drain (GOAWAY) after the first read. Output is serialised after every
 * read (at a small high-water mark, so DATA is held back and resumed) and
 * thrown away. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "grpc/health/v1/health.pb-c.h"
#include "grpc_status.h"
#include "h2.h"
#include "log.h"
#include "rpc.h"
#include "service.h"
#include "svc/svc.h"
#include "worker.h"

#define MAX_HELD 128

static rpc_call *held[MAX_HELD]; /* calls of the Hold handler not yet finished */
static size_t nheld;

static void h_unary(rpc_call *call, const ProtobufCMessage *req)
{
	const Grpc__Health__V1__HealthCheckRequest *r = (const void *)req;
	if (r->service[0] == 'e') { /* the service text, any bytes, as grpc-message */
		rpc_finishf(call, GRPC_STATUS_NOT_FOUND, "no %s", r->service);
		return;
	}
	Grpc__Health__V1__HealthCheckResponse resp = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
	resp.status = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
	rpc_reply(call, &resp.base);
}

/* As many messages as the service text is long (at most 8), each the
 * request echoed 64 times over: enough to meet the high-water mark. */
static void h_stream(rpc_call *call, const ProtobufCMessage *req)
{
	const Grpc__Health__V1__HealthCheckRequest *r = (const void *)req;
	size_t n = strlen(r->service), len = n * 64;
	char *s = malloc(len + 1);
	if (!s) abort();
	for (size_t i = 0; i < len; i++)
		s[i] = r->service[i % n];
	s[len] = '\0';
	for (size_t i = 0; i < n && i < 8; i++) {
		Grpc__Health__V1__HealthCheckRequest m = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
		m.service = s;
		if (rpc_send(call, &m.base) != 0) break;
	}
	free(s);
	rpc_finish(call, GRPC_STATUS_OK, NULL);
}

static void h_hold(rpc_call *call, const ProtobufCMessage *req)
{
	if (nheld == MAX_HELD) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "held enough");
		return;
	}
	held[nheld++] = call;
}

/* Reached only with a valid principal, which needs the database here. */
static void h_auth(rpc_call *call, const ProtobufCMessage *req)
{
	FUZZ_CHECK(0, "a token was accepted without a database");
}

#define METHOD(p, h, r, s)                                                                                   \
	{                                                                                                    \
		.path = p, .req_desc = &grpc__health__v1__health_check_request__descriptor,                  \
		.resp_desc = &grpc__health__v1__health_check_request__descriptor, .handler = h, .roles = r,  \
		.server_streaming = s, .idempotent = 1                                                       \
	}
static const rpc_method m_unary = METHOD("/fuzz.F/Unary", h_unary, RPC_PUBLIC, 0);
static const rpc_method m_stream = METHOD("/fuzz.F/Stream", h_stream, RPC_PUBLIC, 1);
static const rpc_method m_hold = METHOD("/fuzz.F/Hold", h_hold, RPC_PUBLIC, 0);
static const rpc_method m_auth = METHOD("/fuzz.F/Auth", h_auth, RPC_ROLE_ADMIN | RPC_ROLE_BESTUUR, 0);
static const rpc_method *const methods[] = {&m_unary, &m_stream, &m_hold, &m_auth, NULL};
static const pg_stmt *const no_stmts[] = {NULL};
static const service fuzz_service = {"fuzz.F", methods, no_stmts};
static const service *const services[] = {&fuzz_service, &svc_area_health, NULL};

static server srv;
static worker w;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_set_level(LOG_ERROR);
	if (rpc_router_init(services) != 0 || uv_loop_init(&w.loop) != 0) abort();
	config_defaults(&srv.cfg);
	srv.cfg.max_message_bytes = 65536;
	srv.cfg.max_header_bytes = 4096;
	srv.cfg.max_concurrent_streams = 16;
	w.srv = &srv;
	return 0;
}

static void on_output(h2_session *h) {}

static void finish_held(void)
{
	rpc_call *c = held[--nheld];
	Grpc__Health__V1__HealthCheckResponse resp = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
	rpc_reply(c, &resp.base);
}

/* Serialise queued frames and throw them away, as a socket that takes
 * everything would, until nothing more is queued. Returns -1 on a fatal
 * session error. */
static int flush(h2_session *h)
{
	for (int i = 0; i < 256 && h2_session_want_write(h); i++) {
		if (h2_session_send(h) != 0) return -1;
		buf_reset(&h->out);
	}
	buf_reset(&h->out);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1) return 0;
	uint8_t sched = data[0];
	data++;
	size--;
	size_t step = (sched & 63) ? 1 + 37 * (size_t)((sched & 63) - 1) : size;
	if (step == 0) step = 1;

	h2_session h;
	if (h2_session_init(&h, &w, &srv.cfg, &w.loop, "192.0.2.1:40000", on_output) != 0) abort();
	h.out_hwm = 1024;
	for (size_t off = 0; off < size;) {
		size_t n = size - off < step ? size - off : step;
		int rc = h2_session_recv(&h, data + off, n);
		off += n;
		if ((sched & 64) && nheld) finish_held();
		if ((sched & 128) && off == n) h2_session_drain(&h);
		if (flush(&h) != 0 || rc != 0) break; /* fatal: GOAWAY went out, close */
		if (h2_session_done(&h)) break;
	}
	h2_session_free(&h);
	while (nheld) /* detached: finishing frees them */
		finish_held();
	uv_run(&w.loop, UV_RUN_NOWAIT); /* close callbacks of the deadline timers */
	return 0;
}
