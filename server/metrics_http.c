/* metrics_http: HTTP/1.1 for Prometheus scrapes (see metrics_http.h). One
 * request per connection (`Connection: close`): a scrape every few seconds
 * gains nothing from keep-alive, and a server that always closes needs no
 * request body handling, pipelining or idle timers. */
#define _GNU_SOURCE
#include "metrics_http.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"
#include "util.h"

#define HEAD_MAX   8192
#define TIMEOUT_MS 10000

typedef struct mconn mconn;

struct metrics_http {
	uv_tcp_t listener;
	uv_loop_t *loop;
	metrics_http_render_fn render;
	void *arg;
	mconn *conns;
	unsigned nconns;
	int closing;
	int port;
};

struct mconn {
	uv_tcp_t tcp;
	uv_timer_t timer;
	uv_write_t wreq;
	uv_shutdown_t sreq;
	metrics_http *s;
	mconn *next, *prev;
	int handles;  /* open handles; freed when both are closed */
	int answered; /* the response is queued: ignore further input */
	int closing;
	size_t len;
	char head[HEAD_MAX];
	buf resp;
};

static void conn_closed(uv_handle_t *h)
{
	mconn *c = h->data;
	if (--c->handles > 0) return;
	buf_free(&c->resp);
	free(c);
}

static void conn_close(mconn *c)
{
	if (c->closing) return;
	c->closing = 1;
	if (c->prev)
		c->prev->next = c->next;
	else
		c->s->conns = c->next;
	if (c->next) c->next->prev = c->prev;
	c->s->nconns--;
	uv_close((uv_handle_t *)&c->tcp, conn_closed);
	uv_close((uv_handle_t *)&c->timer, conn_closed);
}

static void on_timeout(uv_timer_t *t)
{
	conn_close(container_of(t, mconn, timer));
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
	(void)status;
	conn_close(container_of(req, mconn, sreq));
}

static void on_written(uv_write_t *req, int status)
{
	mconn *c = container_of(req, mconn, wreq);
	if (c->closing) return;
	/* FIN after the response, then close once the peer is told. */
	if (status < 0 || uv_shutdown(&c->sreq, (uv_stream_t *)&c->tcp, on_shutdown) != 0) conn_close(c);
}

int metrics_http_route(const char *req, size_t len, int *head_only)
{
	*head_only = 0;
	const char *end = memchr(req, '\r', len);
	if (!end) return 400;
	const char *sp1 = memchr(req, ' ', (size_t)(end - req));
	if (!sp1 || sp1 == req) return 400;
	const char *target = sp1 + 1;
	const char *sp2 = memchr(target, ' ', (size_t)(end - target));
	if (!sp2 || sp2 == target) return 400;
	const char *version = sp2 + 1;
	if (end - version != 8 || memcmp(version, "HTTP/1.", 7) != 0 ||
	    (version[7] != '0' && version[7] != '1'))
		return 400;
	size_t plen = strcspn(target, "? ");
	if (plen != 8 || memcmp(target, "/metrics", 8) != 0) return 404;
	size_t mlen = (size_t)(sp1 - req);
	if (mlen == 3 && memcmp(req, "GET", 3) == 0) return 200;
	if (mlen == 4 && memcmp(req, "HEAD", 4) == 0) {
		*head_only = 1;
		return 200;
	}
	return 405;
}

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 431:
		return "Request Header Fields Too Large";
	default:
		return "Internal Server Error";
	}
}

/* Queue the whole response and close after it. */
static void answer(mconn *c, int status, int head_only)
{
	buf body = {0};
	const char *type = "text/plain; charset=utf-8";
	c->answered = 1;
	uv_read_stop((uv_stream_t *)&c->tcp);
	if (status == 200) {
		type = "text/plain; version=0.0.4; charset=utf-8";
		if (c->s->render(&body, c->s->arg) != 0) {
			buf_free(&body);
			status = 500;
		}
	}
	if (status != 200 &&
	    buf_printf(&body, "%d %s: passendd serves GET /metrics here\n", status, reason(status)) != 0) {
		conn_close(c);
		return;
	}
	int rc =
	    buf_printf(&c->resp,
	               "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s"
	               "Connection: close\r\n\r\n",
	               status, reason(status), type, body.len, status == 405 ? "Allow: GET, HEAD\r\n" : "");
	if (rc == 0 && !head_only && body.len) rc = buf_append(&c->resp, body.data, body.len);
	buf_free(&body);
	uv_buf_t b = uv_buf_init((char *)c->resp.data, (unsigned)c->resp.len);
	if (rc != 0 || uv_write(&c->wreq, (uv_stream_t *)&c->tcp, &b, 1, on_written) != 0) {
		conn_close(c);
		return;
	}
	log_debug("metrics.scrape", "status=%d bytes=%zu", status, c->resp.len);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	mconn *c = h->data;
	*b = uv_buf_init(c->head + c->len, (unsigned)(HEAD_MAX - c->len));
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *b)
{
	mconn *c = st->data;
	if (c->answered || c->closing || n == 0) return;
	if (n < 0) {
		conn_close(c);
		return;
	}
	size_t from = c->len > 3 ? c->len - 3 : 0;
	c->len += (size_t)n;
	if (memmem(c->head + from, c->len - from, "\r\n\r\n", 4)) {
		int head_only;
		int status = metrics_http_route(c->head, c->len, &head_only);
		answer(c, status, head_only);
	} else if (c->len == HEAD_MAX) {
		answer(c, 431, 0);
	}
}

static void free_rejected(uv_handle_t *h)
{
	free(h->data);
}

static void on_connection(uv_stream_t *l, int status)
{
	metrics_http *s = container_of((uv_tcp_t *)l, metrics_http, listener);
	if (status < 0 || s->closing) return;
	mconn *c = calloc(1, sizeof *c);
	if (!c) return;
	c->s = s;
	if (uv_tcp_init(s->loop, &c->tcp) != 0) {
		free(c);
		return;
	}
	c->tcp.data = c;
	if (uv_accept(l, (uv_stream_t *)&c->tcp) != 0 || s->nconns >= METRICS_HTTP_MAX_CONNS) {
		uv_close((uv_handle_t *)&c->tcp, free_rejected);
		return;
	}
	uv_timer_init(s->loop, &c->timer);
	c->timer.data = c;
	c->handles = 2;
	c->next = s->conns;
	if (s->conns) s->conns->prev = c;
	s->conns = c;
	s->nconns++;
	uv_timer_start(&c->timer, on_timeout, TIMEOUT_MS, 0);
	if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0) conn_close(c);
}

static void listener_closed(uv_handle_t *h)
{
	free(container_of((uv_tcp_t *)h, metrics_http, listener));
}

int metrics_http_start(uv_loop_t *loop, const char *host, int port, metrics_http_render_fn render, void *arg,
                       metrics_http **out, char *err, size_t errlen)
{
	struct addrinfo hints = {
	    .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
	struct addrinfo *res = NULL;
	char portstr[16];
	snprintf(portstr, sizeof portstr, "%d", port);
	int gai = getaddrinfo(host, portstr, &hints, &res);
	if (gai != 0) {
		snprintf(err, errlen, "metrics_listen '%s': %s", host, gai_strerror(gai));
		return -1;
	}
	metrics_http *s = calloc(1, sizeof *s);
	if (!s) {
		freeaddrinfo(res);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->loop = loop;
	s->render = render;
	s->arg = arg;
	s->port = -1;
	int rc = uv_tcp_init(loop, &s->listener);
	if (rc != 0) {
		freeaddrinfo(res);
		free(s);
		snprintf(err, errlen, "metrics listener: %s", uv_strerror(rc));
		return -1;
	}
	/* libuv reports some bind errors (EADDRINUSE) only at listen. */
	rc = uv_tcp_bind(&s->listener, res->ai_addr, 0);
	if (rc == 0) rc = uv_listen((uv_stream_t *)&s->listener, 64, on_connection);
	freeaddrinfo(res);
	if (rc != 0) {
		snprintf(err, errlen, "cannot listen for metrics on %s:%d: %s", host, port, uv_strerror(rc));
		uv_close((uv_handle_t *)&s->listener, listener_closed);
		return -1;
	}
	struct sockaddr_storage ss;
	int sl = sizeof ss;
	if (uv_tcp_getsockname(&s->listener, (struct sockaddr *)&ss, &sl) == 0)
		s->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
		                                         : ((struct sockaddr_in *)&ss)->sin_port);
	*out = s;
	return 0;
}

int metrics_http_port(const metrics_http *s)
{
	return s ? s->port : -1;
}

void metrics_http_close(metrics_http *s)
{
	if (!s || s->closing) return;
	s->closing = 1;
	while (s->conns)
		conn_close(s->conns);
	uv_close((uv_handle_t *)&s->listener, listener_closed);
}
