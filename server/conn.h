/* conn: one client connection: TCP (libuv) -> TLS (OpenSSL memory BIOs) ->
 * HTTP/2 (nghttp2 server session) -> gRPC streams (rpc.c). Owns its memory;
 * frees itself in the close callback of its TCP handle. */
#ifndef PASSEND_CONN_H
#define PASSEND_CONN_H

#include <uv.h>

struct worker;

typedef struct conn conn;

/* Accept one pending connection from `server` (a listening handle of w).
 * On success the connection runs on w's loop and registers itself with
 * worker_conn_added(). Returns 0, or a negative libuv error (nothing leaked;
 * over max_connections the socket is accepted and closed at once). */
__attribute__((warn_unused_result)) int conn_accept(struct worker *w, uv_stream_t *server);

/* Begin graceful shutdown: send GOAWAY (last stream id = highest seen),
 * refuse new streams, close once no stream is open. Safe to call twice. */
void conn_drain(conn *c);

/* Close now (drain timeout expired or worker stopping). */
void conn_close(conn *c);

/* Intrusive list links used by the worker. */
conn *conn_next(const conn *c);

#endif
