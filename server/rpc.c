/* rpc: gRPC calls on top of the HTTP/2 session (PROTOCOL-HTTP2.md): request
 * validation and routing through the method table, message framing and
 * protobuf decoding, deadlines, and responses (headers, length-prefixed
 * messages, grpc-status/grpc-message trailers or a trailers-only answer).
 * Request DATA is returned to the client's flow-control window here: at once
 * for single-request methods, as the handler takes messages for streaming
 * requests (docs/decisions.md D28). */
#include "rpc.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_frame.h"
#include "grpc_status.h"
#include "grpc_timeout.h"
#include "access_log.h"
#include "auth.h"
#include "h2.h"
#include "log.h"
#include "metrics.h"
#include "pct.h"
#include "service.h"
#include "util.h"
#include "worker.h"

/* The life of a call. Only call_set_state changes it, along the arrows:
 *   HEADERS -> RECEIVING -> HANDLER -> CLOSED       (normal)
 *   HEADERS, RECEIVING -> CLOSED                    (rejected, reset, deadline)
 *   HANDLER -> ABANDONED -> CLOSED                  (reset, deadline or connection
 *                                                    gone while the handler works)
 * The handler holds the call in HANDLER and ABANDONED; only in HANDLER does
 * anything more go on the wire. The stream's hold is stream_open. A
 * streaming-request call goes to HANDLER when its headers end (auth and the
 * handler hold it while its messages arrive); the delivery of its messages
 * is the second state, rpc_rx. */
typedef enum rpc_state {
	RPC_S_HEADERS = 0, /* receiving the request header block */
	RPC_S_RECEIVING,   /* routed; receiving the request message */
	RPC_S_HANDLER,     /* handler holds the call; rpc_finish pending */
	RPC_S_ABANDONED,   /* handler holds the call but it can produce no more output */
	RPC_S_CLOSED,      /* status queued or call dropped, no handler: nothing more on the wire */
	RPC_S_COUNT,
} rpc_state;

/* Request delivery of a streaming-request call. Only rx_set_state changes it:
 *   IDLE -> FLOWING <-> PAUSED      (handler started; rpc_recv_pause / resume)
 *   IDLE, FLOWING, PAUSED -> ENDED  (on_end delivered, or the handler finished)
 * In IDLE (auth running) and PAUSED messages wait in the reader and their
 * bytes stay out of the client's window; in FLOWING they are delivered while
 * the call's unsent responses stay below RPC_RESP_HWM. */
typedef enum rpc_rx {
	RPC_RX_IDLE = 0,
	RPC_RX_FLOWING,
	RPC_RX_PAUSED,
	RPC_RX_ENDED,
	RPC_RX_COUNT,
} rpc_rx;

enum rpc_encoding { RPC_ENC_NONE = 0, RPC_ENC_IDENTITY, RPC_ENC_OTHER };

struct rpc_call {
	h2_session *h;         /* NULL once the connection is gone */
	rpc_call *next, *prev; /* in h->calls while the stream is open */
	struct worker *w;
	uv_loop_t *loop;
	int32_t stream_id;
	rpc_state state;
	const rpc_method *method;
	ProtobufCMessage *req;
	grpc_frame_reader reader;
	buf meta; /* request metadata: "name\0value\0"... */
	uint32_t header_bytes;
	unsigned nmsgs;
	/* request header facts, judged when the block ends */
	unsigned has_path : 1, post : 1, ct_ok : 1, bad_timeout : 1, too_big : 1;
	unsigned encoding : 2;
	unsigned has_deadline : 1;
	uint64_t timeout_ms;
	uint64_t deadline; /* loop time (ms) */
	/* response */
	buf resp; /* length-prefixed messages not yet taken by nghttp2 */
	unsigned headers_sent : 1, deferred : 1, trailers_pending : 1;
	int status;
	char *message; /* percent-encoded grpc-message, or NULL */
	/* request stream (client_streaming methods) */
	rpc_rx rx;
	unsigned eos : 1;        /* the client half-closed */
	unsigned delivering : 1; /* deliver() runs: a nested resume only changes rx */
	unsigned throttled : 1;  /* delivery waits for resp to drain below RPC_RESP_HWM */
	size_t unconsumed;       /* request bytes received and not yet given back to the window */
	void *data;              /* the handler's */
	/* lifetime */
	unsigned stream_open : 1, timer_init : 1;
	int holds; /* entry points running with this call on their stack: not freed meanwhile */
	uv_timer_t timer;
	char peer[64];
	struct auth_principal *principal; /* set by auth.c for non-public methods */
	uint64_t t0;                      /* uv_hrtime when the headers were complete; 0 once
	                                   * the end was accounted (call_account) */
};

/* ---- router ---------------------------------------------------------------- */

/* Every method sorted by :path, searched by bisection: built once at start,
 * read-only while workers run, so it needs no lock. */
static const rpc_method **routes;
static size_t nroutes;

/* Order of a :path of len bytes (not NUL-terminated) against a method's path. */
static int path_cmp(const char *path, size_t len, const char *mpath)
{
	size_t i = 0;
	for (; i < len && mpath[i]; i++)
		if (path[i] != mpath[i]) return (unsigned char)path[i] < (unsigned char)mpath[i] ? -1 : 1;
	if (i < len) return 1; /* the method's path is a prefix of :path */
	return mpath[i] ? -1 : 0;
}

static int route_cmp(const void *a, const void *b)
{
	return strcmp((*(const rpc_method *const *)a)->path, (*(const rpc_method *const *)b)->path);
}

/* A single-request method has a handler; a streaming-request one all three
 * stream callbacks. */
static int handler_fits(const rpc_method *m)
{
	if (!m->client_streaming) return m->handler != NULL;
	return m->stream && m->stream->on_start && m->stream->on_message && m->stream->on_end;
}

int rpc_router_init(const service *const *services)
{
	size_t n = 0;
	for (const service *const *s = services; s && *s; s++)
		for (const rpc_method *const *m = (*s)->methods; m && *m; m++)
			n++;
	const rpc_method **t = calloc(n ? n : 1, sizeof *t);
	if (!t) return -1;
	size_t k = 0;
	for (const service *const *s = services; s && *s; s++)
		for (const rpc_method *const *m = (*s)->methods; m && *m; m++)
			t[k++] = *m;
	qsort(t, n, sizeof *t, route_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(t[i - 1]->path, t[i]->path) == 0) {
			log_error("rpc.duplicate_method", "path=%s", t[i]->path);
			free(t);
			return -1;
		}
		if (!handler_fits(t[i])) {
			log_error("rpc.bad_method", "path=%s error=\"handler does not fit the call type\"",
			          t[i]->path);
			free(t);
			return -1;
		}
	}
	rpc_router_free();
	routes = t;
	nroutes = n;
	return 0;
}

void rpc_router_free(void)
{
	free(routes);
	routes = NULL;
	nroutes = 0;
}

const rpc_method *rpc_find_method(const char *path, size_t len)
{
	size_t lo = 0, hi = nroutes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = path_cmp(path, len, routes[mid]->path);
		if (c == 0) return routes[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const rpc_method *rpc_route_at(size_t i)
{
	return i < nroutes ? routes[i] : NULL;
}

/* ---- lifetime ------------------------------------------------------------- */

static const char *const state_names[RPC_S_COUNT] = {"headers", "receiving", "handler", "abandoned",
                                                     "closed"};

/* The one place a call changes state; a transition not drawn at rpc_state
 * is a bug (logged; assert in debug builds). */
static void call_set_state(rpc_call *c, rpc_state to)
{
	static const unsigned allowed[RPC_S_COUNT] = {
	    [RPC_S_HEADERS] = 1u << RPC_S_RECEIVING | 1u << RPC_S_CLOSED,
	    [RPC_S_RECEIVING] = 1u << RPC_S_HANDLER | 1u << RPC_S_CLOSED,
	    [RPC_S_HANDLER] = 1u << RPC_S_ABANDONED | 1u << RPC_S_CLOSED,
	    [RPC_S_ABANDONED] = 1u << RPC_S_CLOSED,
	    [RPC_S_CLOSED] = 0,
	};
	if (!(allowed[c->state] & 1u << to)) {
		log_error("rpc.bug", "event=bad_transition stream=%d from=%s to=%s", (int)c->stream_id,
		          state_names[c->state], state_names[to]);
		assert(!"rpc_call: state transition not allowed");
	}
	c->state = to;
}

static const char *const rx_names[RPC_RX_COUNT] = {"idle", "flowing", "paused", "ended"};

/* The one place request delivery changes state (arrows at rpc_rx). */
static void rx_set_state(rpc_call *c, rpc_rx to)
{
	static const unsigned allowed[RPC_RX_COUNT] = {
	    [RPC_RX_IDLE] = 1u << RPC_RX_FLOWING | 1u << RPC_RX_ENDED,
	    [RPC_RX_FLOWING] = 1u << RPC_RX_PAUSED | 1u << RPC_RX_ENDED,
	    [RPC_RX_PAUSED] = 1u << RPC_RX_FLOWING | 1u << RPC_RX_ENDED,
	    [RPC_RX_ENDED] = 0,
	};
	if (!(allowed[c->rx] & 1u << to)) {
		log_error("rpc.bug", "event=bad_rx_transition stream=%d from=%s to=%s", (int)c->stream_id,
		          rx_names[c->rx], rx_names[to]);
		assert(!"rpc_call: request delivery transition not allowed");
	}
	c->rx = to;
}

/* Non-zero while the handler holds the call (it must still call rpc_finish). */
static int handler_holds(const rpc_call *c)
{
	return c->state == RPC_S_HANDLER || c->state == RPC_S_ABANDONED;
}

static void call_free_mem(rpc_call *c)
{
	if (c->req) protobuf_c_message_free_unpacked(c->req, NULL);
	auth_principal_unref(c->principal);
	grpc_frame_reader_free(&c->reader);
	buf_free(&c->meta);
	buf_free(&c->resp);
	free(c->message);
	free(c);
}

static void timer_closed(uv_handle_t *t)
{
	call_free_mem(container_of((uv_timer_t *)t, rpc_call, timer));
}

static void call_unlink(rpc_call *c)
{
	if (!c->h) return;
	if (c->prev)
		c->prev->next = c->next;
	else
		c->h->calls = c->next;
	if (c->next) c->next->prev = c->prev;
	c->next = c->prev = NULL;
}

/* Free once neither the stream nor a handler nor a running entry point
 * holds the call. */
static void call_maybe_free(rpc_call *c)
{
	if (c->stream_open || handler_holds(c) || c->holds) return;
	if (c->timer_init)
		uv_close((uv_handle_t *)&c->timer, timer_closed);
	else
		call_free_mem(c);
}

static void call_stop_timer(rpc_call *c)
{
	if (c->timer_init) uv_timer_stop(&c->timer);
}

static metrics_cells *call_metrics(const rpc_call *c)
{
	return c->w ? c->w->metrics : NULL;
}

/* A call's end for the metrics and the access log: once per call that got
 * past its headers, with the status sent (or CANCELLED when the stream
 * closed first). */
static void call_account(rpc_call *c, int status)
{
	if (!c->t0) return;
	uint64_t ns = uv_hrtime() - c->t0;
	c->t0 = 0;
	metrics_call_end(call_metrics(c), c->method, status, ns);
	access_log_call(c, status, ns);
}

static void call_stream_closed(rpc_call *c)
{
	if (!c->stream_open) return;
	c->stream_open = 0;
	call_account(c, GRPC_STATUS_CANCELLED);
	metrics_gauge_add(call_metrics(c), METRICS_STREAMS_OPEN, -1);
}

/* An entry point that may run handler callbacks (which may finish the call)
 * keeps the call alive until it returns. */
static void call_hold(rpc_call *c)
{
	c->holds++;
}

static void call_release(rpc_call *c)
{
	c->holds--;
	call_maybe_free(c);
}

static int streams_requests(const rpc_call *c)
{
	return c->method && c->method->client_streaming;
}

rpc_call *rpc_call_new(h2_session *h, int32_t stream_id)
{
	rpc_call *c = calloc(1, sizeof(*c));
	if (!c) return NULL;
	c->h = h;
	c->w = h->w;
	c->loop = h->loop;
	c->stream_id = stream_id;
	c->stream_open = 1;
	metrics_gauge_add(call_metrics(c), METRICS_STREAMS_OPEN, 1);
	c->state = RPC_S_HEADERS; /* initial state */
	grpc_frame_reader_init(&c->reader, h->cfg->max_message_bytes);
	memcpy(c->peer, h->peer, sizeof(c->peer));
	c->next = h->calls;
	if (h->calls) h->calls->prev = c;
	h->calls = c;
	return c;
}

/* ---- response ------------------------------------------------------------- */

#define NV_CONST(n, v)                                                                                       \
	{                                                                                                    \
		(uint8_t *)(n), (uint8_t *)(v), sizeof(n) - 1, sizeof(v) - 1,                                \
		    NGHTTP2_NV_FLAG_NO_COPY_NAME | NGHTTP2_NV_FLAG_NO_COPY_VALUE                             \
	}

static const char *const status_str[] = {"0", "1",  "2",  "3",  "4",  "5",  "6",  "7", "8",
                                         "9", "10", "11", "12", "13", "14", "15", "16"};

/* Fill the grpc-status / grpc-message pair(s); returns how many were set. */
static size_t status_nv(const rpc_call *c, nghttp2_nv *nv)
{
	int s = c->status >= 0 && c->status <= 16 ? c->status : GRPC_STATUS_UNKNOWN;
	const char *v = status_str[s];
	nv[0] = (nghttp2_nv){(uint8_t *)"grpc-status", (uint8_t *)v, 11, strlen(v),
	                     NGHTTP2_NV_FLAG_NO_COPY_NAME | NGHTTP2_NV_FLAG_NO_COPY_VALUE};
	if (!c->message) return 1;
	nv[1] = (nghttp2_nv){(uint8_t *)"grpc-message", (uint8_t *)c->message, 12, strlen(c->message),
	                     NGHTTP2_NV_FLAG_NO_COPY_NAME};
	return 2;
}

static ssize_t data_read(nghttp2_session *ng, int32_t stream_id, uint8_t *out, size_t length,
                         uint32_t *data_flags, nghttp2_data_source *source, void *ud)
{
	rpc_call *c = source->ptr;
	if (buf_avail(&c->h->out) >= c->h->out_hwm) {
		/* Back-pressure: build no more DATA until the owner wrote h->out. */
		c->deferred = 1;
		c->h->blocked = 1;
		return NGHTTP2_ERR_DEFERRED;
	}
	size_t n = buf_avail(&c->resp);
	if (n > length) n = length;
	if (n) {
		memcpy(out, buf_rptr(&c->resp), n);
		buf_consume(&c->resp, n);
		/* Requests held back for these responses may flow again, once
		 * nghttp2 is done sending (h2_session_send). */
		if (c->throttled && buf_avail(&c->resp) < RPC_RESP_HWM) c->h->unthrottle = 1;
	}
	if (buf_avail(&c->resp) == 0) {
		if (c->trailers_pending) {
			nghttp2_nv nv[2];
			size_t k = status_nv(c, nv);
			*data_flags |= NGHTTP2_DATA_FLAG_EOF;
			if (nghttp2_submit_trailer(ng, stream_id, nv, k) == 0)
				*data_flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
			c->trailers_pending = 0;
		} else if (n == 0) {
			c->deferred = 1;
			return NGHTTP2_ERR_DEFERRED;
		}
	}
	return (ssize_t)n;
}

static int submit_headers(rpc_call *c)
{
	static const nghttp2_nv hdrs[] = {
	    NV_CONST(":status", "200"),
	    NV_CONST("content-type", "application/grpc"),
	};
	nghttp2_data_provider prd = {.source.ptr = c, .read_callback = data_read};
	if (nghttp2_submit_response(c->h->ng, c->stream_id, hdrs, 2, &prd) != 0) return -1;
	c->headers_sent = 1;
	return 0;
}

static void kick(rpc_call *c)
{
	if (c->deferred) {
		c->deferred = 0;
		(void)nghttp2_session_resume_data(c->h->ng, c->stream_id);
	}
	if (c->h->on_output) c->h->on_output(c->h);
}

/* Queue the final status on the wire (the caller then leaves the open
 * states). http_status other than 200 is used only for trailers-only
 * rejections (405, 415). */
static void send_status(rpc_call *c, int http_status, int status, const char *msg)
{
	call_stop_timer(c);
	if (!c->h || !c->stream_open) return;
	call_account(c, status);
	c->status = status;
	free(c->message);
	c->message = msg && *msg ? pct_encode(msg, strlen(msg)) : NULL;
	if (c->headers_sent) {
		c->trailers_pending = 1;
		kick(c);
		return;
	}
	char st[4];
	snprintf(st, sizeof(st), "%d", http_status);
	nghttp2_nv nv[5] = {
	    {(uint8_t *)":status", (uint8_t *)st, 7, strlen(st), NGHTTP2_NV_FLAG_NO_COPY_NAME},
	    NV_CONST("content-type", "application/grpc"),
	};
	size_t n = 2 + status_nv(c, nv + 2);
	if (status == GRPC_STATUS_UNIMPLEMENTED && c->encoding == RPC_ENC_OTHER)
		nv[n++] = (nghttp2_nv)NV_CONST("grpc-accept-encoding", "identity");
	c->headers_sent = 1;
	(void)nghttp2_submit_response(c->h->ng, c->stream_id, nv, n, NULL);
	if (c->h->on_output) c->h->on_output(c->h);
}

/* Tell a stream handler that no more messages come (once). The caller
 * holds the call. */
static void deliver_end(rpc_call *c)
{
	rx_set_state(c, RPC_RX_ENDED);
	c->method->stream->on_end(c);
}

/* No more output: a handler that holds the call is abandoned, else closed.
 * A stream handler that is taking messages learns it through on_end (the
 * caller holds the call). */
static void call_end(rpc_call *c)
{
	call_stop_timer(c);
	if (c->state == RPC_S_HANDLER)
		call_set_state(c, RPC_S_ABANDONED);
	else if (c->state != RPC_S_ABANDONED && c->state != RPC_S_CLOSED)
		call_set_state(c, RPC_S_CLOSED);
	if (c->state == RPC_S_ABANDONED && (c->rx == RPC_RX_FLOWING || c->rx == RPC_RX_PAUSED))
		deliver_end(c);
}

/* End an open call from the stream side (bad request, deadline) with a
 * status; does nothing once the call can produce no more output. */
static void call_reject(rpc_call *c, int http_status, int status, const char *msg)
{
	if (c->state == RPC_S_ABANDONED || c->state == RPC_S_CLOSED) return;
	send_status(c, http_status, status, msg);
	call_end(c);
}

static void call_fail(rpc_call *c, int status, const char *msg)
{
	call_reject(c, 200, status, msg);
}

int rpc_send(rpc_call *c, const ProtobufCMessage *msg)
{
	if (c->state != RPC_S_HANDLER || !c->h) return -1;
	size_t len = protobuf_c_message_get_packed_size(msg);
	if (len > UINT32_MAX || buf_reserve(&c->resp, GRPC_FRAME_PREFIX + len) != 0) return -1;
	uint8_t *p = c->resp.data + c->resp.len;
	grpc_frame_prefix(p, 0, (uint32_t)len);
	protobuf_c_message_pack(msg, p + GRPC_FRAME_PREFIX);
	c->resp.len += GRPC_FRAME_PREFIX + len;
	if (!c->headers_sent) {
		if (submit_headers(c) != 0) return -1;
		if (c->h->on_output) c->h->on_output(c->h);
		return 0;
	}
	kick(c);
	return 0;
}

void rpc_finish(rpc_call *c, int status, const char *message)
{
	if (!handler_holds(c)) {
		log_error("rpc.bug", "event=finish_twice stream=%d", (int)c->stream_id);
		return;
	}
	if (c->state == RPC_S_HANDLER) send_status(c, 200, status, message);
	call_stop_timer(c);
	if (streams_requests(c) && c->rx != RPC_RX_ENDED) rx_set_state(c, RPC_RX_ENDED);
	call_set_state(c, RPC_S_CLOSED);
	call_maybe_free(c);
}

void rpc_finishf(rpc_call *c, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rpc_finish(c, status, msg);
}

void rpc_reply(rpc_call *c, const ProtobufCMessage *msg)
{
	if (rpc_send(c, msg) != 0 && c->state == RPC_S_HANDLER) {
		rpc_finish(c, GRPC_STATUS_INTERNAL, "response could not be encoded");
		return;
	}
	rpc_finish(c, GRPC_STATUS_OK, NULL);
}

/* ---- accessors ------------------------------------------------------------ */

struct worker *rpc_call_worker(const rpc_call *c)
{
	return c->w;
}
const rpc_method *rpc_call_method(const rpc_call *c)
{
	return c->method;
}
const char *rpc_call_peer(const rpc_call *c)
{
	return c->peer;
}
int rpc_call_is_done(const rpc_call *c)
{
	return c->state != RPC_S_HANDLER;
}

const char *rpc_call_metadata(const rpc_call *c, const char *name)
{
	const char *p = (const char *)c->meta.data;
	if (!p) return NULL; /* no metadata (and NULL + 0 is undefined) */
	const char *end = p + c->meta.len;
	while (p < end) {
		const char *v = p + strlen(p) + 1;
		if (strcmp(p, name) == 0) return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

int64_t rpc_call_remaining_ms(const rpc_call *c)
{
	if (!c->has_deadline) return INT64_MAX;
	uint64_t now = uv_now(c->loop);
	return c->deadline > now ? (int64_t)(c->deadline - now) : 0;
}

/* ---- request -------------------------------------------------------------- */

#define HDR_IS(lit) (namelen == sizeof(lit) - 1 && memcmp(name, lit, sizeof(lit) - 1) == 0)

int rpc_call_on_header(rpc_call *c, const uint8_t *name, size_t namelen, const uint8_t *value,
                       size_t valuelen)
{
	if (c->state != RPC_S_HEADERS || c->too_big) return 0;
	/* Count as HPACK does (RFC 7541 §4.1) against our SETTINGS value. */
	c->header_bytes += (uint32_t)(namelen + valuelen + 32);
	if (c->header_bytes > c->h->cfg->max_header_bytes) {
		c->too_big = 1;
		return 0;
	}
	if (namelen && name[0] == ':') {
		if (HDR_IS(":method"))
			c->post = valuelen == 4 && memcmp(value, "POST", 4) == 0;
		else if (HDR_IS(":path")) {
			c->has_path = 1;
			c->method = rpc_find_method((const char *)value, valuelen);
		}
		return 0;
	}
	if (HDR_IS("content-type")) {
		c->ct_ok = valuelen >= 16 && memcmp(value, "application/grpc", 16) == 0 &&
		           (valuelen == 16 || value[16] == '+' || value[16] == ';');
	} else if (HDR_IS("te") || HDR_IS("grpc-accept-encoding")) {
		/* te: trailers is what a gRPC client sends; we do not reject its
		 * absence (grpc-go does not either) so plain HTTP/2 tools work. */
	} else if (HDR_IS("grpc-encoding")) {
		c->encoding =
		    valuelen == 8 && memcmp(value, "identity", 8) == 0 ? RPC_ENC_IDENTITY : RPC_ENC_OTHER;
	} else if (HDR_IS("grpc-timeout")) {
		if (grpc_timeout_parse((const char *)value, valuelen, &c->timeout_ms) == 0)
			c->has_deadline = 1;
		else
			c->bad_timeout = 1;
	} else {
		if (buf_append(&c->meta, name, namelen) != 0 || buf_append(&c->meta, "", 1) != 0 ||
		    buf_append(&c->meta, value, valuelen) != 0 || buf_append(&c->meta, "", 1) != 0)
			c->too_big = 1; /* out of memory: refuse the call rather than lose metadata */
	}
	return 0;
}

static void deadline_expired(uv_timer_t *t)
{
	rpc_call *c = container_of(t, rpc_call, timer);
	call_hold(c);
	call_fail(c, GRPC_STATUS_DEADLINE_EXCEEDED, "deadline exceeded");
	call_release(c);
}

/* A streaming-request call is the handler's from here on, while its
 * messages still arrive: authenticate (or not) and start it. */
static void start_streaming(rpc_call *c)
{
	call_set_state(c, RPC_S_HANDLER);
	call_hold(c);
	if (c->method->roles == RPC_PUBLIC)
		rpc_call_run(c);
	else
		auth_call(c);
	call_release(c);
}

void rpc_call_on_headers_end(rpc_call *c)
{
	char msg[160];
	if (c->state != RPC_S_HEADERS) return;
	call_set_state(c, RPC_S_RECEIVING);
	if (c->w && c->w->srv) atomic_fetch_add_explicit(&c->w->srv->calls_total, 1, memory_order_relaxed);
	c->t0 = uv_hrtime();
	metrics_call_start(call_metrics(c));
	if (c->too_big) {
		snprintf(msg, sizeof(msg), "request headers exceed %u bytes", c->h->cfg->max_header_bytes);
		call_fail(c, GRPC_STATUS_RESOURCE_EXHAUSTED, msg);
		return;
	}
	if (!c->post) {
		call_reject(c, 405, GRPC_STATUS_INTERNAL, "invalid gRPC request method: must be POST");
		return;
	}
	if (!c->ct_ok) {
		call_reject(c, 415, GRPC_STATUS_INVALID_ARGUMENT,
		            "invalid gRPC request content-type: must be application/grpc");
		return;
	}
	if (!c->method) {
		call_fail(c, GRPC_STATUS_UNIMPLEMENTED, c->has_path ? "unknown method" : "missing :path");
		return;
	}
	/* A non-identity grpc-encoding is only an error once a message actually
	 * arrives compressed (flag 1): flag 0 means "not encoded" (compression.md). */
	if (c->bad_timeout) {
		call_fail(c, GRPC_STATUS_INTERNAL, "malformed grpc-timeout");
		return;
	}
	if (c->has_deadline) {
		c->deadline = uv_now(c->loop) + c->timeout_ms;
		if (c->timeout_ms == 0) {
			call_fail(c, GRPC_STATUS_DEADLINE_EXCEEDED, "deadline exceeded");
			return;
		}
		if (uv_timer_init(c->loop, &c->timer) != 0) {
			call_fail(c, GRPC_STATUS_INTERNAL, "no timer");
			return;
		}
		c->timer_init = 1;
		(void)uv_timer_start(&c->timer, deadline_expired, c->timeout_ms, 0);
	}
	if (streams_requests(c)) start_streaming(c);
}

/* One whole request message. */
static void on_message(rpc_call *c, const uint8_t *p, size_t n)
{
	if (++c->nmsgs > 1) {
		call_fail(c, GRPC_STATUS_INTERNAL,
		          "more than one request message for a single-request method");
		return;
	}
	c->req = protobuf_c_message_unpack(c->method->req_desc, NULL, n, p);
	if (!c->req) {
		char msg[200];
		snprintf(msg, sizeof(msg), "request is not a valid %s message", c->method->req_desc->name);
		call_fail(c, GRPC_STATUS_INVALID_ARGUMENT, msg);
	}
}

static void frame_error(rpc_call *c, int rc)
{
	char msg[120];
	switch (rc) {
	case GRPC_FRAME_E_TOO_LARGE:
		snprintf(msg, sizeof(msg), "request message larger than %u bytes",
		         c->h->cfg->max_message_bytes);
		call_fail(c, GRPC_STATUS_RESOURCE_EXHAUSTED, msg);
		break;
	case GRPC_FRAME_E_COMPRESSED:
		if (c->encoding == RPC_ENC_OTHER) /* a real encoding we do not implement */
			call_fail(c, GRPC_STATUS_UNIMPLEMENTED, "grpc-encoding not supported: only identity");
		else /* flag set without a declared encoding (or with identity) */
			call_fail(c, GRPC_STATUS_INTERNAL,
			          "compressed flag set without a supported grpc-encoding");
		break;
	case GRPC_FRAME_E_BAD_FLAG:
		call_fail(c, GRPC_STATUS_INTERNAL, "invalid message flag");
		break;
	default:
		call_fail(c, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		break;
	}
}

/* Give n request bytes back to the client's stream window (the connection
 * window is reopened by h2.c as bytes arrive). */
static void give_back(rpc_call *c, size_t n)
{
	if (!n || !c->h) return;
	(void)nghttp2_session_consume_stream(c->h->ng, c->stream_id, n);
	if (c->h->on_output) c->h->on_output(c->h); /* the WINDOW_UPDATE */
}

/* Hand one request message to a stream handler. */
static void deliver_message(rpc_call *c, const uint8_t *p, size_t n)
{
	if (c->req) protobuf_c_message_free_unpacked(c->req, NULL);
	c->req = protobuf_c_message_unpack(c->method->req_desc, NULL, n, p);
	if (!c->req) {
		char msg[200];
		snprintf(msg, sizeof(msg), "request message %u is not a valid %s message", c->nmsgs + 1,
		         c->method->req_desc->name);
		call_fail(c, GRPC_STATUS_INVALID_ARGUMENT, msg);
		return;
	}
	c->nmsgs++;
	c->method->stream->on_message(c, c->req);
	/* A paused handler may keep using the message until it resumes. */
	if (c->rx != RPC_RX_PAUSED && c->req) {
		protobuf_c_message_free_unpacked(c->req, NULL);
		c->req = NULL;
	}
}

/* Deliver what the handler may take now: whole messages while it is
 * FLOWING and its responses drain, then on_end after the client's
 * half-close. When it wants more than the reader holds, every byte received
 * goes back to the client's window (they belong to a message not yet
 * complete); bytes of messages that wait for the handler do not. The caller
 * holds the call. */
static void deliver(rpc_call *c)
{
	if (c->delivering) return; /* a nested resume: the loop below goes on */
	c->delivering = 1;
	while (c->rx == RPC_RX_FLOWING && c->state == RPC_S_HANDLER) {
		if (buf_avail(&c->resp) >= RPC_RESP_HWM) {
			c->throttled = 1;
			break;
		}
		const uint8_t *msg;
		size_t len;
		int rc = grpc_frame_reader_next(&c->reader, &msg, &len, NULL);
		if (rc == GRPC_FRAME_OK) {
			deliver_message(c, msg, len);
			continue;
		}
		if (rc < 0) {
			frame_error(c, rc);
			break;
		}
		give_back(c, c->unconsumed);
		c->unconsumed = 0;
		if (c->eos) {
			if (grpc_frame_reader_pending(&c->reader) != 0)
				call_fail(c, GRPC_STATUS_INTERNAL, "request stream ended inside a message");
			else
				deliver_end(c);
		}
		break;
	}
	c->delivering = 0;
}

/* DATA of a streaming-request call: buffered until the handler takes it. */
static void stream_data(rpc_call *c, const uint8_t *p, size_t n)
{
	c->unconsumed += n;
	if (grpc_frame_reader_feed(&c->reader, p, n) != 0) {
		frame_error(c, GRPC_FRAME_E_NOMEM);
		return;
	}
	deliver(c);
}

void rpc_call_on_data(rpc_call *c, const uint8_t *p, size_t n)
{
	const uint8_t *msg;
	size_t len;
	int rc;

	if (streams_requests(c) && c->state == RPC_S_HANDLER && c->rx != RPC_RX_ENDED) {
		call_hold(c);
		stream_data(c, p, n);
		call_release(c);
		return;
	}
	/* A single message (bounded by max_message_bytes) or a rejected call:
	 * the bytes are taken now. */
	give_back(c, n);
	if (c->state != RPC_S_RECEIVING) return; /* rejected call: discard */
	/* Fast path: whole messages straight from the DATA chunk, no copy. */
	while (grpc_frame_reader_pending(&c->reader) == 0 && n >= GRPC_FRAME_PREFIX) {
		uint32_t l = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4];
		if (p[0] > 1 || l > c->reader.max_len || n - GRPC_FRAME_PREFIX < l) break;
		if (p[0] == 1) {
			frame_error(c, GRPC_FRAME_E_COMPRESSED);
			return;
		}
		on_message(c, p + GRPC_FRAME_PREFIX, l);
		if (c->state != RPC_S_RECEIVING) return;
		p += GRPC_FRAME_PREFIX + l;
		n -= GRPC_FRAME_PREFIX + l;
	}
	if (n == 0) return;
	if (grpc_frame_reader_feed(&c->reader, p, n) != 0) {
		frame_error(c, GRPC_FRAME_E_NOMEM);
		return;
	}
	while ((rc = grpc_frame_reader_next(&c->reader, &msg, &len, NULL)) == GRPC_FRAME_OK) {
		on_message(c, msg, len);
		if (c->state != RPC_S_RECEIVING) return;
	}
	if (rc < 0) frame_error(c, rc);
}

void rpc_call_on_end_stream(rpc_call *c)
{
	if (streams_requests(c)) {
		c->eos = 1;
		call_hold(c);
		if (c->state == RPC_S_HANDLER) deliver(c);
		call_release(c);
		return;
	}
	if (c->state != RPC_S_RECEIVING) return;
	if (grpc_frame_reader_pending(&c->reader) != 0) {
		call_fail(c, GRPC_STATUS_INTERNAL, "request stream ended inside a message");
		return;
	}
	if (c->nmsgs == 0) {
		call_fail(c, GRPC_STATUS_INTERNAL, "request stream ended without a message");
		return;
	}
	grpc_frame_reader_free(&c->reader);
	call_set_state(c, RPC_S_HANDLER);
	/* Authentication and role checks (auth.c): they finish the call or run
	 * the handler, possibly after a token lookup in the database. */
	if (c->method->roles == RPC_PUBLIC)
		c->method->handler(c, c->req);
	else
		auth_call(c);
}

void rpc_call_set_principal(rpc_call *c, struct auth_principal *p)
{
	auth_principal_unref(c->principal);
	c->principal = p;
}

const struct auth_principal *rpc_call_principal(const rpc_call *c)
{
	return c->principal;
}

const ProtobufCMessage *rpc_call_request(const rpc_call *c)
{
	return c->req;
}

void rpc_call_run(rpc_call *c)
{
	if (!streams_requests(c)) {
		c->method->handler(c, c->req);
		return;
	}
	if (c->rx != RPC_RX_IDLE) {
		log_error("rpc.bug", "event=run_twice stream=%d", (int)c->stream_id);
		return;
	}
	call_hold(c);
	rx_set_state(c, RPC_RX_FLOWING);
	c->method->stream->on_start(c);
	if (c->state == RPC_S_ABANDONED && c->rx != RPC_RX_ENDED)
		deliver_end(c); /* the call ended while auth ran */
	else
		deliver(c);
	call_release(c);
}

void rpc_recv_pause(rpc_call *c)
{
	if (c->rx == RPC_RX_FLOWING) rx_set_state(c, RPC_RX_PAUSED);
}

void rpc_recv_resume(rpc_call *c)
{
	if (c->rx != RPC_RX_PAUSED) return;
	rx_set_state(c, RPC_RX_FLOWING);
	if (c->delivering) return; /* inside on_message: the delivery loop goes on */
	call_hold(c);
	if (c->req) { /* the message the handler kept while paused */
		protobuf_c_message_free_unpacked(c->req, NULL);
		c->req = NULL;
	}
	deliver(c);
	call_release(c);
}

void rpc_call_set_data(rpc_call *c, void *data)
{
	c->data = data;
}

void *rpc_call_data(const rpc_call *c)
{
	return c->data;
}

void rpc_call_on_stream_close(rpc_call *c, uint32_t error_code)
{
	(void)error_code;
	/* closed or reset by the client (or a connection error), perhaps before
	 * we finished: the same as the session letting go of the call */
	rpc_call_detach(c);
}

void rpc_calls_resume(h2_session *h)
{
	for (rpc_call *c = h->calls; c; c = c->next) {
		if (c->deferred && (buf_avail(&c->resp) || c->trailers_pending)) {
			c->deferred = 0;
			(void)nghttp2_session_resume_data(h->ng, c->stream_id);
		}
	}
}

void rpc_calls_unthrottle(h2_session *h)
{
	/* Handlers may answer inside deliver(), but a stream closes only
	 * inside nghttp2, so h->calls stays as it is during this walk. */
	for (rpc_call *c = h->calls; c; c = c->next) {
		if (c->throttled && buf_avail(&c->resp) < RPC_RESP_HWM) {
			c->throttled = 0;
			call_hold(c);
			deliver(c);
			call_release(c);
		}
	}
}

int rpc_calls_busy(const h2_session *h)
{
	/* A streaming-request call is in HANDLER from its headers on, but while
	 * the client has not half-closed, the next message is the client's to
	 * send: it keeps the connection only by sending (h2.h active_at). */
	for (const rpc_call *c = h->calls; c; c = c->next)
		if (c->state == RPC_S_HANDLER && (!streams_requests(c) || c->eos)) return 1;
	return 0;
}

void rpc_call_detach(rpc_call *c)
{
	call_unlink(c);
	call_stream_closed(c);
	/* The session may be freed before a handler still waiting on the
	 * database finishes; the state (call_end) keeps it from being used, and
	 * this makes any use a clean crash instead of a use-after-free. */
	c->h = NULL;
	call_hold(c);
	call_end(c);
	call_release(c);
}

size_t rpc_call_unsent(const rpc_call *c)
{
	return buf_avail(&c->resp);
}
