/* h2: the HTTP/2 server session of one connection (nghttp2) and the gRPC
 * stream layer below rpc.c's handler API. It works on plaintext bytes only:
 * bytes in through h2_session_recv, bytes out in h->out after
 * h2_session_send, so it runs the same under TLS, h2c and unit tests. */
#ifndef PASSEND_H2_H
#define PASSEND_H2_H

#include <nghttp2/nghttp2.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "buf.h"
#include "config.h"

struct worker;
struct rpc_call;

typedef struct h2_session h2_session;

/* Called when a call has queued output outside h2_session_recv (a handler
 * finishing later, a deadline): the owner should call h2_session_send soon. */
typedef void (*h2_output_fn)(h2_session *h);

struct h2_session {
	nghttp2_session *ng;
	buf out;           /* plaintext produced by h2_session_send; the owner consumes it */
	size_t out_hwm;    /* DATA stops (DEFERRED) while h->out holds this much */
	int blocked;       /* some stream deferred at the mark: resume on next send */
	int unthrottle;    /* a call's responses drained: deliver its held requests after send */
	struct worker *w;  /* may be NULL in tests */
	const config *cfg; /* limits (borrowed, outlives the session) */
	uv_loop_t *loop;   /* deadline timers */
	h2_output_fn on_output;
	struct rpc_call *calls; /* calls whose stream is open */
	unsigned nstreams;      /* open streams */
	int draining;
	int freeing;   /* h2_session_free running: ignore stream callbacks */
	char peer[64]; /* "ip:port" */
};

/* Start a server session: submits SETTINGS (max concurrent streams, header
 * list size, no push) from cfg. Returns 0 or -1 (out of memory). */
__attribute__((warn_unused_result)) int h2_session_init(h2_session *h, struct worker *w, const config *cfg,
                                                        uv_loop_t *loop, const char *peer,
                                                        h2_output_fn on_output);
/* Process n received bytes (whole read buffers at once). Returns 0, or -1 on
 * a fatal protocol error (nghttp2 has queued GOAWAY: send h->out, then close). */
__attribute__((warn_unused_result)) int h2_session_recv(h2_session *h, const uint8_t *p, size_t n);
/* Serialise queued frames into h->out until nothing is left or response
 * DATA reaches the high-water mark (the owner empties h->out, then calls
 * again). Returns 0 or -1 (fatal). */
__attribute__((warn_unused_result)) int h2_session_send(h2_session *h);
/* Non-zero while there are frames to send (or streams held at the mark). */
int h2_session_want_write(const h2_session *h);
/* Non-zero when the session is finished (GOAWAY exchanged and no streams,
 * or a fatal error) and all output has been taken: close the connection. */
int h2_session_done(const h2_session *h);
/* Graceful shutdown: GOAWAY with the last stream id seen; streams already
 * open finish. Safe to call twice. */
void h2_session_drain(h2_session *h);
/* Free the session. Calls still in a handler are marked done and detached:
 * they are freed when their handler finishes. */
void h2_session_free(h2_session *h);

/* --- gRPC stream layer, implemented in rpc.c, driven by h2.c ------------- */

/* A new request stream: returns a call (owned by the stream) or NULL. */
__attribute__((warn_unused_result)) struct rpc_call *rpc_call_new(h2_session *h, int32_t stream_id);
/* One request header field. Returns 0 (errors are recorded in the call and
 * answered when the headers end). */
int rpc_call_on_header(struct rpc_call *c, const uint8_t *name, size_t namelen, const uint8_t *value,
                       size_t valuelen);
/* The request header block is complete: validate and route. */
void rpc_call_on_headers_end(struct rpc_call *c);
/* DATA payload bytes of the request stream. The call gives them back to
 * the stream's flow-control window (nghttp2_session_consume_stream) when it
 * has taken them; h2.c has already given them back to the connection's. */
void rpc_call_on_data(struct rpc_call *c, const uint8_t *p, size_t n);
/* The client half-closed the stream: dispatch the handler or fail. */
void rpc_call_on_end_stream(struct rpc_call *c);
/* The stream closed (normally, reset by the client or by us). The call is
 * unlinked and freed unless its handler still holds it. */
void rpc_call_on_stream_close(struct rpc_call *c, uint32_t error_code);
/* Resume streams whose DATA was held at the high-water mark. */
void rpc_calls_resume(h2_session *h);
/* Deliver the request messages held back while a call's responses were
 * above RPC_RESP_HWM (called after nghttp2_session_send, never inside it). */
void rpc_calls_unthrottle(h2_session *h);
/* The session is going away: mark done, detach, free unless a handler holds it. */
void rpc_call_detach(struct rpc_call *c);

#endif
