/* calls_area: a test-only service area (passend.test.Calls, calls.proto),
 * compiled only into passendd-calltest, so the integration and interop tests
 * can drive client-streaming and bidirectional calls through a real passendd
 * over TLS: a counting sink, a slow one, one that takes nothing, an echo, and
 * counters of what the handlers saw. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "grpc_status.h"
#include "passend/test/calls.pb-c.h"
#include "service.h"
#include "worker.h"

/* The areas passendd-calltest serves beside passendd's own (main.c,
 * PASSENDD_TEST_AREAS). */
extern const service *const calls_test_areas[];

static atomic_llong started, completed, abandoned, messages;

/* One call's state (rpc_call_data), freed when the handler finishes. */
typedef struct sum {
	rpc_call *call;
	uv_timer_t timer; /* SlowSum: resumes delivery */
	int timer_on;
	int64_t delay_ms;
	Passend__Test__Summary summary;
} sum;

static void sum_free_cb(uv_handle_t *h)
{
	free(h->data);
}

/* Finish the call (status, or the summary when OK) and let go of its state. */
static void sum_finish(sum *s, int status, const char *message)
{
	rpc_call *call = s->call;
	rpc_call_set_data(call, NULL);
	if (status == GRPC_STATUS_OK)
		rpc_reply(call, &s->summary.base);
	else
		rpc_finish(call, status, message);
	if (s->timer_on) {
		s->timer.data = s;
		uv_close((uv_handle_t *)&s->timer, sum_free_cb);
	} else {
		free(s);
	}
}

static void sum_start(rpc_call *call)
{
	atomic_fetch_add(&started, 1);
	sum *s = calloc(1, sizeof *s);
	if (!s) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	s->call = call;
	passend__test__summary__init(&s->summary);
	s->summary.last_seq = -1;
	rpc_call_set_data(call, s);
}

static void sum_message(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__Test__Chunk *c = (const Passend__Test__Chunk *)msg;
	sum *s = rpc_call_data(call);
	atomic_fetch_add(&messages, 1);
	if (!s) return;
	if (c->seq < 0) {
		sum_finish(s, GRPC_STATUS_INVALID_ARGUMENT, "seq must be >= 0");
		return;
	}
	s->summary.messages++;
	s->summary.payload_bytes += (int64_t)c->payload.len;
	s->summary.last_seq = c->seq;
}

static void sum_end(rpc_call *call)
{
	sum *s = rpc_call_data(call);
	atomic_fetch_add(rpc_call_is_done(call) ? &abandoned : &completed, 1);
	if (s)
		sum_finish(s, GRPC_STATUS_OK, NULL);
	else
		rpc_finish(call, GRPC_STATUS_OK, NULL);
}

/* ---- SlowSum: one message per delay ---------------------------------------------- */

static void slow_tick(uv_timer_t *t)
{
	sum *s = t->data;
	rpc_recv_resume(s->call); /* may deliver on_end, which frees s */
}

static void slow_start(rpc_call *call)
{
	sum_start(call);
	sum *s = rpc_call_data(call);
	if (!s) return;
	const char *d = rpc_call_metadata(call, "x-delay-ms");
	s->delay_ms = d ? strtoll(d, NULL, 10) : 5;
	if (s->delay_ms < 0 || s->delay_ms > 10000) s->delay_ms = 5;
	if (uv_timer_init(&rpc_call_worker(call)->loop, &s->timer) == 0) {
		s->timer_on = 1;
		s->timer.data = s;
	}
}

static void slow_message(rpc_call *call, const ProtobufCMessage *msg)
{
	sum_message(call, msg);
	sum *s = rpc_call_data(call);
	if (!s || !s->timer_on) return; /* finished (s is gone), or no timer */
	rpc_recv_pause(call);
	(void)uv_timer_start(&s->timer, slow_tick, (uint64_t)s->delay_ms, 0);
}

/* ---- Hold: takes nothing --------------------------------------------------------- */

static void hold_start(rpc_call *call)
{
	sum_start(call);
	rpc_recv_pause(call);
}

/* ---- Echo ---------------------------------------------------------------------------- */

static void echo_start(rpc_call *call)
{
	atomic_fetch_add(&started, 1);
}

static void echo_message(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__Test__Chunk *c = (const Passend__Test__Chunk *)msg;
	atomic_fetch_add(&messages, 1);
	int copies = c->copies <= 0 ? 1 : c->copies > 1000 ? 1000 : c->copies;
	for (int i = 0; i < copies; i++)
		if (rpc_send(call, msg) != 0) return; /* the call is done: on_end follows */
}

static void echo_end(rpc_call *call)
{
	atomic_fetch_add(rpc_call_is_done(call) ? &abandoned : &completed, 1);
	rpc_finish(call, GRPC_STATUS_OK, NULL);
}

static void get_stats(rpc_call *call, const ProtobufCMessage *req)
{
	Passend__Test__Stats st = PASSEND__TEST__STATS__INIT;
	st.started = atomic_load(&started);
	st.completed = atomic_load(&completed);
	st.abandoned = atomic_load(&abandoned);
	st.messages = atomic_load(&messages);
	rpc_reply(call, &st.base);
}

/* ---- area description ------------------------------------------------------------ */

static const rpc_stream_handler sum_ops = {sum_start, sum_message, sum_end};
static const rpc_stream_handler slow_ops = {slow_start, slow_message, sum_end};
static const rpc_stream_handler hold_ops = {hold_start, sum_message, sum_end};
static const rpc_stream_handler echo_ops = {echo_start, echo_message, echo_end};

#define CHUNKS_IN(name, resp, ops, server_streams, who)                                                      \
	{                                                                                                    \
		.path = "/passend.test.Calls/" name, .req_desc = &passend__test__chunk__descriptor,          \
		.resp_desc = &(resp), .roles = (who), .client_streaming = 1,                                 \
		.server_streaming = (server_streams), .stream = &(ops)                                       \
	}

static const rpc_method m_sum =
    CHUNKS_IN("Sum", passend__test__summary__descriptor, sum_ops, 0, RPC_ROLE_ADMIN | RPC_ROLE_BESTUUR);
static const rpc_method m_slow =
    CHUNKS_IN("SlowSum", passend__test__summary__descriptor, slow_ops, 0, RPC_PUBLIC);
static const rpc_method m_hold =
    CHUNKS_IN("Hold", passend__test__summary__descriptor, hold_ops, 0, RPC_PUBLIC);
static const rpc_method m_echo = CHUNKS_IN("Echo", passend__test__chunk__descriptor, echo_ops, 1, RPC_PUBLIC);
static const rpc_method m_stats = {RPC_METHOD_ID("passend.test.Calls", "GetStats",
                                                 passend__test__stats_request, passend__test__stats,
                                                 RPC_PUBLIC),
                                   .handler = get_stats};

static const rpc_method *const methods[] = {&m_sum, &m_slow, &m_hold, &m_echo, &m_stats, NULL};
static const pg_stmt *const no_stmts[] = {NULL};
static const service calls_area = {"passend.test.Calls", methods, no_stmts};
const service *const calls_test_areas[] = {&calls_area, NULL};
