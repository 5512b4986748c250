/* h2: nghttp2 server session callbacks. Frames are parsed from whole read
 * buffers (nghttp2_session_mem_recv) and serialised into one plaintext
 * buffer, so the TLS layer can put many frames into one record. gRPC meaning
 * lives in rpc.c; per-stream state is freed only from on_stream_close. */
#include "h2.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

#define H2_OUT_HWM (64 * 1024)

/* Memory per idle connection: nghttp2 allocates a 16 KiB outbound frame
 * buffer per session (its largest part). Its content matters only inside
 * nghttp2_session_send, because our send callback always takes whole frames
 * (never WOULDBLOCK, never partial), so all sessions of a thread share one
 * buffer: it is handed out for the one realloc of that size made while the
 * session is created. Back-pressure is applied before a frame is built:
 * DATA providers return DEFERRED above the high-water mark (rpc.c). */
#define H2_FRAMEBUF_LEN (9 + 1 + 16384) /* NGHTTP2_FRAMEBUF_CHUNKLEN */
static _Thread_local uint8_t shared_framebuf[H2_FRAMEBUF_LEN] __attribute__((aligned(16)));
static _Thread_local int creating_session;

static void *mem_malloc(size_t n, void *ud)
{
	return malloc(n);
}
static void *mem_calloc(size_t n, size_t sz, void *ud)
{
	return calloc(n, sz);
}

static void mem_free(void *p, void *ud)
{
	if (p != (void *)shared_framebuf) free(p);
}

static void *mem_realloc(void *p, size_t n, void *ud)
{
	if (!p && creating_session && n == H2_FRAMEBUF_LEN) {
		creating_session = 0;
		return shared_framebuf;
	}
	if (p == (void *)shared_framebuf) { /* grown (not done by nghttp2 1.52 here): own copy */
		void *q = malloc(n);
		if (q) memcpy(q, shared_framebuf, n < H2_FRAMEBUF_LEN ? n : H2_FRAMEBUF_LEN);
		return q;
	}
	return realloc(p, n);
}

static nghttp2_mem h2_mem = {NULL, mem_malloc, mem_free, mem_calloc, mem_realloc};

/* Take every frame whole into h->out (see above: never WOULDBLOCK). */
static ssize_t send_cb(nghttp2_session *ng, const uint8_t *data, size_t len, int flags, void *ud)
{
	h2_session *h = ud;
	if (buf_append(&h->out, data, len) != 0) return NGHTTP2_ERR_CALLBACK_FAILURE;
	return (ssize_t)len;
}

static int on_begin_headers(nghttp2_session *ng, const nghttp2_frame *frame, void *ud)
{
	h2_session *h = ud;
	if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
	struct rpc_call *c = rpc_call_new(h, frame->hd.stream_id);
	if (!c) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; /* RST_STREAM this stream */
	nghttp2_session_set_stream_user_data(ng, frame->hd.stream_id, c);
	h->nstreams++;
	return 0;
}

static int on_header(nghttp2_session *ng, const nghttp2_frame *frame, const uint8_t *name, size_t namelen,
                     const uint8_t *value, size_t valuelen, uint8_t flags, void *ud)
{
	if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
	struct rpc_call *c = nghttp2_session_get_stream_user_data(ng, frame->hd.stream_id);
	if (!c) return 0;
	return rpc_call_on_header(c, name, namelen, value, valuelen);
}

static int on_frame_recv(nghttp2_session *ng, const nghttp2_frame *frame, void *ud)
{
	struct rpc_call *c;
	switch (frame->hd.type) {
	case NGHTTP2_HEADERS:
		c = nghttp2_session_get_stream_user_data(ng, frame->hd.stream_id);
		if (!c) return 0;
		if (frame->headers.cat == NGHTTP2_HCAT_REQUEST) rpc_call_on_headers_end(c);
		if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) rpc_call_on_end_stream(c);
		return 0;
	case NGHTTP2_DATA:
		if (!(frame->hd.flags & NGHTTP2_FLAG_END_STREAM)) return 0;
		c = nghttp2_session_get_stream_user_data(ng, frame->hd.stream_id);
		if (c) rpc_call_on_end_stream(c);
		return 0;
	default:
		return 0;
	}
}

/* Flow control is manual (no automatic WINDOW_UPDATE): the connection
 * window reopens as bytes arrive, so a stream whose handler is not taking
 * messages cannot stall the others; each stream's window reopens as rpc.c
 * takes its bytes, which bounds what one stream can make us hold. */
static int on_data_chunk(nghttp2_session *ng, uint8_t flags, int32_t stream_id, const uint8_t *data,
                         size_t len, void *ud)
{
	struct rpc_call *c = nghttp2_session_get_stream_user_data(ng, stream_id);
	(void)nghttp2_session_consume_connection(ng, len);
	if (c)
		rpc_call_on_data(c, data, len);
	else
		(void)nghttp2_session_consume_stream(ng, stream_id, len);
	return 0;
}

/* After our END_STREAM went out on a stream the client has not finished,
 * reset it with NO_ERROR (RFC 9113 §8.1) so it closes and frees its state. */
static int on_frame_send(nghttp2_session *ng, const nghttp2_frame *frame, void *ud)
{
	if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
	    (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) &&
	    nghttp2_session_get_stream_remote_close(ng, frame->hd.stream_id) == 0)
		(void)nghttp2_submit_rst_stream(ng, NGHTTP2_FLAG_NONE, frame->hd.stream_id, NGHTTP2_NO_ERROR);
	return 0;
}

static int on_stream_close(nghttp2_session *ng, int32_t stream_id, uint32_t error_code, void *ud)
{
	h2_session *h = ud;
	struct rpc_call *c = nghttp2_session_get_stream_user_data(ng, stream_id);
	if (!c || h->freeing) return 0; /* calls were detached by h2_session_free */
	nghttp2_session_set_stream_user_data(ng, stream_id, NULL);
	h->nstreams--;
	rpc_call_on_stream_close(c, error_code);
	return 0;
}

static nghttp2_session_callbacks *h2_cbs;
static pthread_once_t cbs_once = PTHREAD_ONCE_INIT;

/* Built once per process; nghttp2 copies them into each session. */
static void callbacks_init(void)
{
	if (nghttp2_session_callbacks_new(&h2_cbs) != 0) return;
	nghttp2_session_callbacks_set_send_callback(h2_cbs, send_cb);
	nghttp2_session_callbacks_set_on_begin_headers_callback(h2_cbs, on_begin_headers);
	nghttp2_session_callbacks_set_on_header_callback(h2_cbs, on_header);
	nghttp2_session_callbacks_set_on_frame_recv_callback(h2_cbs, on_frame_recv);
	nghttp2_session_callbacks_set_on_data_chunk_recv_callback(h2_cbs, on_data_chunk);
	nghttp2_session_callbacks_set_on_frame_send_callback(h2_cbs, on_frame_send);
	nghttp2_session_callbacks_set_on_stream_close_callback(h2_cbs, on_stream_close);
}

static nghttp2_session_callbacks *callbacks(void)
{
	pthread_once(&cbs_once, callbacks_init);
	return h2_cbs;
}

int h2_session_init(h2_session *h, struct worker *w, const config *cfg, uv_loop_t *loop, const char *peer,
                    h2_output_fn on_output)
{
	nghttp2_option *opt = NULL;
	nghttp2_session_callbacks *cbs = callbacks();

	memset(h, 0, sizeof(*h));
	h->out_hwm = H2_OUT_HWM;
	h->w = w;
	h->cfg = cfg;
	h->loop = loop;
	h->on_output = on_output;
	snprintf(h->peer, sizeof(h->peer), "%s", peer ? peer : "unknown");
	if (!cbs || nghttp2_option_new(&opt) != 0) return -1;
	/* Peers may not grow our header compression table beyond the default. */
	nghttp2_option_set_max_deflate_dynamic_table_size(opt, 4096);
	nghttp2_option_set_max_settings(opt, 32);
	/* Request DATA is acknowledged as it is taken (on_data_chunk, rpc.c). */
	nghttp2_option_set_no_auto_window_update(opt, 1);
	creating_session = 1;
	int rv = nghttp2_session_server_new3(&h->ng, cbs, h, opt, &h2_mem);
	creating_session = 0;
	nghttp2_option_del(opt);
	if (rv != 0) return -1;
	nghttp2_settings_entry iv[] = {
	    {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, cfg->max_concurrent_streams},
	    {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, cfg->max_header_bytes},
	    {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
	};
	if (nghttp2_submit_settings(h->ng, NGHTTP2_FLAG_NONE, iv, sizeof(iv) / sizeof(iv[0])) != 0) {
		nghttp2_session_del(h->ng);
		h->ng = NULL;
		return -1;
	}
	return 0;
}

int h2_session_recv(h2_session *h, const uint8_t *p, size_t n)
{
	ssize_t r = nghttp2_session_mem_recv(h->ng, p, n);
	if (r < 0) {
		log_debug("h2.error", "peer=%s error=\"%s\"", h->peer, nghttp2_strerror((int)r));
		return -1;
	}
	return 0;
}

int h2_session_send(h2_session *h)
{
	if (h->blocked && buf_avail(&h->out) < h->out_hwm) {
		h->blocked = 0;
		rpc_calls_resume(h);
	}
	int r = nghttp2_session_send(h->ng);
	/* Responses that drained let held requests go to their handlers, whose
	 * answers go out in this same turn. Ends: each round needs responses
	 * taken into h->out, and DATA stops at its high-water mark. */
	while (r == 0 && h->unthrottle) {
		h->unthrottle = 0;
		rpc_calls_unthrottle(h);
		r = nghttp2_session_send(h->ng);
	}
	if (r != 0) {
		log_debug("h2.error", "peer=%s error=\"%s\"", h->peer, nghttp2_strerror(r));
		return -1;
	}
	return 0;
}

int h2_session_want_write(const h2_session *h)
{
	return h->blocked || nghttp2_session_want_write(h->ng);
}

int h2_session_done(const h2_session *h)
{
	return !nghttp2_session_want_read(h->ng) && !nghttp2_session_want_write(h->ng) &&
	       buf_avail(&h->out) == 0;
}

void h2_session_drain(h2_session *h)
{
	if (h->draining) return;
	h->draining = 1;
	(void)nghttp2_submit_goaway(h->ng, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(h->ng),
	                            NGHTTP2_NO_ERROR, NULL, 0);
}

void h2_session_free(h2_session *h)
{
	h->freeing = 1;
	while (h->calls)
		rpc_call_detach(h->calls); /* unlinks itself */
	if (h->ng) nghttp2_session_del(h->ng);
	h->ng = NULL;
	buf_free(&h->out);
}
