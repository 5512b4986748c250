/* metrics_http: the Prometheus scrape endpoint, a minimal HTTP/1.1 server on
 * one libuv loop (passendd's main loop, never a worker's): `GET /metrics`
 * answers the text the render callback produces, as `text/plain;
 * version=0.0.4`, then closes the connection. Bounded: at most
 * METRICS_HTTP_MAX_CONNS connections, 8 KiB of request head, 10 s each. */
#ifndef PASSEND_METRICS_HTTP_H
#define PASSEND_METRICS_HTTP_H

#include <stddef.h>
#include <uv.h>

#include "buf.h"

#define METRICS_HTTP_MAX_CONNS 16

typedef struct metrics_http metrics_http;

/* Append the response body to out; return 0, or -1 (answered with 500). */
typedef int (*metrics_http_render_fn)(buf *out, void *arg);

/* Listen on host:port (an IP address or a name; first address found) on
 * loop. Returns 0 and *out (close with metrics_http_close), or -1 with a
 * message in err (a listener handle may still be closing: run the loop). */
__attribute__((warn_unused_result)) int metrics_http_start(uv_loop_t *loop, const char *host, int port,
                                                           metrics_http_render_fn render, void *arg,
                                                           metrics_http **out, char *err, size_t errlen);
/* The port actually bound (useful with port 0 in tests), or -1. */
int metrics_http_port(const metrics_http *s);
/* Close the listener and every connection; memory is freed in the close
 * callbacks, so run the loop afterwards. NULL is fine. */
void metrics_http_close(metrics_http *s);

/* Parse an HTTP/1.x request head (everything up to and including the blank
 * line) and choose the answer: 200 for GET or HEAD of /metrics (query
 * ignored), 405 for another method on /metrics, 404 for another path, 400
 * for a malformed request line. *head_only is set for HEAD. Returns the
 * status code. */
int metrics_http_route(const char *req, size_t len, int *head_only);

#endif
