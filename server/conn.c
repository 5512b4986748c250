/* conn: one client connection of a worker: libuv TCP -> TLS (tls.c) ->
 * HTTP/2 + gRPC (h2.c, rpc.c), or h2c without TLS. Output of all streams is
 * gathered and written once per loop turn (uv_idle_t), first with
 * uv_try_write so the common case holds no buffer across turns. */
#include "conn.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h2.h"
#include "log.h"
#include "tls.h"
#include "util.h"
#include "worker.h"

/* Every state but CLOSING has a deadline, so a client that stops half-way
 * (slowloris) holds a connection for a bounded time: the handshake timeout
 * from accept to the client's HTTP/2 preface, then the idle timeout from the
 * last progress of a call while no call is in its handler (h2.h active_at:
 * bytes that complete nothing do not count), then the drain timeout. */
typedef enum conn_state {
	CONN_HANDSHAKE = 0, /* TLS handshake running (handshake timeout armed) */
	CONN_OPEN,          /* HTTP/2 running (preface, then idle timeout armed) */
	CONN_DRAINING,      /* GOAWAY queued; closes when the session is done (drain timeout armed) */
	CONN_CLOSING,       /* handles closing; freed when the last one is closed */
} conn_state;

struct conn {
	uv_tcp_t tcp;
	uv_timer_t timer;  /* handshake timeout, then idle timeout */
	uv_idle_t flusher; /* runs conn_flush once per loop turn when output is due */
	uv_write_t wreq;
	uv_shutdown_t sreq; /* lingering close: FIN after the last bytes */
	worker *w;
	conn *next, *prev; /* w->conns */
	conn_state state;
	int tls_on;
	int writing; /* wreq in flight (inflight buffer busy) */
	int flush_scheduled;
	int close_after_flush;
	int lingering; /* FIN sent; discarding input until EOF or the linger timeout */
	int handles;   /* handles not yet closed */
	uint64_t accepted_at;
	tls_session tls;
	h2_session h2;
	buf wbuf;     /* ciphertext to write (TLS) */
	buf inflight; /* bytes owned by the pending uv_write */
	char peer[64];
};

/* One receive buffer per worker thread: reads are processed synchronously. */
static _Thread_local char read_buf[65536];

static void conn_flush(conn *c);

static void conn_set_state(conn *c, conn_state next)
{
	/* Allowed: HANDSHAKE->OPEN, OPEN->DRAINING, any->CLOSING (once). */
	int ok = (c->state == CONN_HANDSHAKE && next == CONN_OPEN) ||
	         (c->state == CONN_OPEN && next == CONN_DRAINING) ||
	         (c->state != CONN_CLOSING && next == CONN_CLOSING);
	if (!ok) {
		log_error("conn.bad_state", "peer=%s from=%d to=%d", c->peer, (int)c->state, (int)next);
		return;
	}
	c->state = next;
}

conn *conn_next(const conn *c)
{
	return c->next;
}

static void conn_free(conn *c)
{
	worker *w = c->w;
	h2_session_free(&c->h2); /* detaches calls still in handlers */
	tls_session_free(&c->tls);
	buf_free(&c->wbuf);
	buf_free(&c->inflight);
	if (c->prev)
		c->prev->next = c->next;
	else
		w->conns = c->next;
	if (c->next) c->next->prev = c->prev;
	w->nconns--;
	atomic_fetch_sub_explicit(&w->srv->connections, 1, memory_order_relaxed);
	worker_conn_removed(w, c); /* already unlinked; the worker only counts */
	free(c);
}

static void on_handle_closed(uv_handle_t *h)
{
	conn *c = h->data;
	if (--c->handles == 0) conn_free(c);
}

static void conn_close_timer_cb(uv_timer_t *t);

void conn_close(conn *c)
{
	if (c->state == CONN_CLOSING) return;
	conn_set_state(c, CONN_CLOSING);
	log_debug("conn.close", "worker=%d peer=%s", c->w->id, c->peer);
	uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
	uv_close((uv_handle_t *)&c->timer, on_handle_closed);
	uv_close((uv_handle_t *)&c->flusher, on_handle_closed);
}

/* After our last bytes (a GOAWAY, a TLS alert or close_notify) close
 * gracefully: send FIN, keep reading and discarding until the peer closes or
 * a second passes. Closing at once with unread input would make the kernel
 * send a TCP reset, and the peer could lose the GOAWAY that explains why. */
static void on_shutdown(uv_shutdown_t *req, int status)
{
	conn *c = container_of(req, conn, sreq);
	if (status < 0 && c->state != CONN_CLOSING) conn_close(c);
}

static void conn_linger(conn *c)
{
	if (c->lingering) return;
	c->lingering = 1;
	if (uv_shutdown(&c->sreq, (uv_stream_t *)&c->tcp, on_shutdown) != 0) {
		conn_close(c);
		return;
	}
	uv_timer_start(&c->timer, conn_close_timer_cb, 1000, 0);
}

static void conn_close_timer_cb(uv_timer_t *t)
{
	conn_close(container_of(t, conn, timer));
}

static void on_flush(uv_idle_t *i)
{
	conn *c = container_of(i, conn, flusher);
	uv_idle_stop(i);
	c->flush_scheduled = 0;
	conn_flush(c);
}

static void schedule_flush(conn *c)
{
	if (c->flush_scheduled || c->state == CONN_CLOSING) return;
	c->flush_scheduled = 1;
	uv_idle_start(&c->flusher, on_flush);
}

static void on_h2_output(h2_session *h)
{
	schedule_flush(container_of(h, conn, h2));
}

static void on_write(uv_write_t *req, int status)
{
	conn *c = container_of(req, conn, wreq);
	c->writing = 0;
	buf_reset(&c->inflight);
	if (c->state == CONN_CLOSING) return;
	if (status < 0) {
		log_debug("conn.write_error", "peer=%s error=%s", c->peer, uv_err_name(status));
		conn_close(c);
		return;
	}
	conn_flush(c);
}

/* Write what is pending; returns 0, 1 if a uv_write is now in flight, -1 on error. */
static int write_out(conn *c, buf *out)
{
	size_t n = buf_avail(out);
	if (n == 0) return 0;
	uv_buf_t b = uv_buf_init((char *)buf_rptr(out), (unsigned)n);
	int r = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
	if (r == UV_EAGAIN) r = 0;
	if (r < 0) return -1;
	buf_consume(out, (size_t)r);
	if (buf_avail(out) == 0) return 0;
	/* The rest goes out asynchronously from its own buffer; `out` takes
	 * over the (empty) inflight buffer and keeps collecting. */
	buf tmp = c->inflight;
	c->inflight = *out;
	*out = tmp;
	b = uv_buf_init((char *)buf_rptr(&c->inflight), (unsigned)buf_avail(&c->inflight));
	if (uv_write(&c->wreq, (uv_stream_t *)&c->tcp, &b, 1, on_write) != 0) return -1;
	c->writing = 1;
	return 1;
}

static void conn_flush(conn *c)
{
	if (c->state == CONN_CLOSING || c->writing || c->lingering) return;
	for (;;) {
		if (c->state != CONN_HANDSHAKE && !c->close_after_flush) {
			if (h2_session_send(&c->h2) != 0) {
				conn_close(c);
				return;
			}
			if (c->tls_on && buf_avail(&c->h2.out)) {
				if (tls_session_write(&c->tls, buf_rptr(&c->h2.out), buf_avail(&c->h2.out)) !=
				    0) {
					conn_close(c);
					return;
				}
				buf_reset(&c->h2.out);
			}
		}
		int r = write_out(c, c->tls_on ? &c->wbuf : &c->h2.out);
		if (r < 0) {
			conn_close(c);
			return;
		}
		if (r > 0) return; /* on_write continues */
		if (c->state == CONN_HANDSHAKE || c->close_after_flush || !h2_session_want_write(&c->h2))
			break;
	}
	if (c->close_after_flush) {
		conn_linger(c);
		return;
	}
	if (c->state != CONN_HANDSHAKE && h2_session_done(&c->h2)) {
		/* GOAWAY exchanged and no streams left (or a protocol error). */
		if (c->tls_on) {
			tls_session_shutdown(&c->tls);
			c->close_after_flush = 1;
			conn_flush(c);
			return;
		}
		conn_close(c);
		return;
	}
	if (c->h2.nstreams == 0) {
		/* Idle: hand buffer memory back (the idle footprint matters more
		 * than reallocating on the next request). */
		buf_free(&c->wbuf);
		buf_free(&c->inflight);
		buf_free(&c->h2.out);
	}
}

/* CONN_OPEN's deadline: the rest of the handshake timeout until the preface
 * has arrived, then the idle timeout. Returns ms from now, 0 if it passed. */
static uint64_t open_deadline(conn *c, uint64_t now, int *preface)
{
	const config *cfg = &c->w->srv->cfg;
	uint64_t idle = cfg->idle_timeout_ms, since = now - c->h2.active_at;
	uint64_t left = rpc_calls_busy(&c->h2) ? idle : since < idle ? idle - since : 0;
	*preface = 0;
	if (!c->h2.preface_seen) {
		uint64_t hs = cfg->handshake_timeout_ms, age = now - c->accepted_at;
		uint64_t hs_left = age < hs ? hs - age : 0;
		if (hs_left <= left) {
			*preface = 1;
			return hs_left;
		}
	}
	return left;
}

static void on_timer(uv_timer_t *t)
{
	conn *c = container_of(t, conn, timer);
	switch (c->state) {
	case CONN_HANDSHAKE:
		log_debug("conn.handshake_timeout", "worker=%d peer=%s", c->w->id, c->peer);
		conn_close(c);
		break;
	case CONN_OPEN: {
		int preface;
		uint64_t left = open_deadline(c, uv_now(&c->w->loop), &preface);
		if (left > 0) {
			uv_timer_start(&c->timer, on_timer, left, 0);
			break;
		}
		if (preface) {
			log_debug("conn.preface_timeout", "worker=%d peer=%s", c->w->id, c->peer);
			conn_close(c);
			break;
		}
		log_debug("conn.idle_timeout", "worker=%d peer=%s streams=%u", c->w->id, c->peer,
		          c->h2.nstreams);
		conn_drain(c);
		break;
	}
	case CONN_DRAINING:
		log_debug("conn.drain_timeout", "worker=%d peer=%s streams=%u", c->w->id, c->peer,
		          c->h2.nstreams);
		conn_close(c);
		break;
	case CONN_CLOSING:
		break;
	}
}

static void handshake_done(conn *c)
{
	int preface;
	uint64_t now = uv_now(&c->w->loop);
	conn_set_state(c, CONN_OPEN);
	c->h2.active_at = now; /* idle from the end of the handshake */
	uv_timer_start(&c->timer, on_timer, open_deadline(c, now, &preface), 0);
	log_debug("conn.ready", "worker=%d peer=%s", c->w->id, c->peer);
}

static int on_plain(void *ud, const uint8_t *p, size_t n)
{
	conn *c = ud;
	if (c->state == CONN_HANDSHAKE) handshake_done(c);
	return h2_session_recv(&c->h2, p, n);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	*b = uv_buf_init(read_buf, sizeof(read_buf));
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b)
{
	conn *c = container_of((uv_tcp_t *)s, conn, tcp);
	if (nread == 0 || c->state == CONN_CLOSING) return;
	if (nread < 0) {
		if (nread != UV_EOF)
			log_debug("conn.read_error", "peer=%s error=%s", c->peer, uv_err_name((int)nread));
		conn_close(c);
		return;
	}
	if (c->close_after_flush) return;
	int rc;
	if (c->tls_on) {
		rc = tls_session_feed(&c->tls, (const uint8_t *)b->base, (size_t)nread, on_plain, c);
		if (rc == TLS_OK && c->state == CONN_HANDSHAKE && tls_session_ready(&c->tls))
			handshake_done(c);
		if (rc < 0 && rc != TLS_E_CALLBACK)
			log_debug("conn.tls_error", "worker=%d peer=%s error=\"%s\"", c->w->id, c->peer,
			          tls_last_error());
		/* After a failed handshake the alert is still sent, then we close;
		 * after an HTTP/2 error nghttp2's GOAWAY goes out the same way. */
		if (rc != TLS_OK && rc != TLS_E_CALLBACK) c->close_after_flush = 1;
	} else {
		rc = h2_session_recv(&c->h2, (const uint8_t *)b->base, (size_t)nread);
	}
	/* On an HTTP/2 error nghttp2 has queued GOAWAY and reports done
	 * afterwards, so the normal flush path sends it and closes. */
	schedule_flush(c);
}

static void format_peer(uv_tcp_t *t, char *out, size_t len)
{
	struct sockaddr_storage ss;
	int sl = sizeof(ss);
	char ip[INET6_ADDRSTRLEN] = "?";
	int port = 0;
	snprintf(out, len, "unknown");
	if (uv_tcp_getpeername(t, (struct sockaddr *)&ss, &sl) != 0) return;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		uv_ip4_name(a, ip, sizeof(ip));
		port = ntohs(a->sin_port);
		snprintf(out, len, "%s:%d", ip, port);
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		uv_ip6_name(a, ip, sizeof(ip));
		port = ntohs(a->sin6_port);
		snprintf(out, len, "[%s]:%d", ip, port);
	}
}

static void free_rejected(uv_handle_t *h)
{
	free(h);
}

int conn_accept(worker *w, uv_stream_t *listener)
{
	struct server *srv = w->srv;
	conn *c = calloc(1, sizeof(*c));
	int r;

	if (!c) return UV_ENOMEM;
	if ((r = uv_tcp_init(&w->loop, &c->tcp)) != 0) {
		free(c);
		return r;
	}
	if ((r = uv_accept(listener, (uv_stream_t *)&c->tcp)) != 0) {
		uv_close((uv_handle_t *)&c->tcp, free_rejected); /* c->tcp is c's first member */
		return r;
	}
	unsigned n = atomic_fetch_add_explicit(&srv->connections, 1, memory_order_relaxed);
	if (n >= srv->cfg.max_connections || (!w->tls && !srv->cfg.h2c)) {
		atomic_fetch_sub_explicit(&srv->connections, 1, memory_order_relaxed);
		log_debug("conn.rejected", "worker=%d reason=%s", w->id,
		          n >= srv->cfg.max_connections ? "max_connections" : "no_tls");
		uv_close((uv_handle_t *)&c->tcp, free_rejected);
		return 0;
	}
	c->w = w;
	c->handles = 3;
	c->tcp.data = c->timer.data = c->flusher.data = c;
	uv_timer_init(&w->loop, &c->timer);
	uv_idle_init(&w->loop, &c->flusher);
	format_peer(&c->tcp, c->peer, sizeof(c->peer));
	(void)uv_tcp_nodelay(&c->tcp, 1);
	c->next = w->conns;
	if (w->conns) w->conns->prev = c;
	w->conns = c;
	w->nconns++;
	c->accepted_at = uv_now(&w->loop);
	c->state = CONN_OPEN;
	if (w->tls) {
		c->tls_on = 1;
		c->state = CONN_HANDSHAKE;
		if (tls_session_init(&c->tls, w->tls, &c->wbuf) != 0) goto fail;
	}
	if (h2_session_init(&c->h2, w, &srv->cfg, &w->loop, c->peer, on_h2_output) != 0) goto fail;
	if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0) goto fail;
	/* h2c: no TLS handshake, the preface is due within the handshake timeout */
	uv_timer_start(&c->timer, on_timer, srv->cfg.handshake_timeout_ms, 0);
	log_debug("conn.open", "worker=%d peer=%s tls=%d", w->id, c->peer, c->tls_on);
	worker_conn_added(w, c);
	if (!c->tls_on) schedule_flush(c); /* h2c: our SETTINGS go first */
	return 0;
fail:
	conn_close(c); /* frees c once the handles are closed */
	return UV_ENOMEM;
}

void conn_drain(conn *c)
{
	switch (c->state) {
	case CONN_HANDSHAKE:
		conn_close(c);
		break;
	case CONN_OPEN:
		conn_set_state(c, CONN_DRAINING);
		h2_session_drain(&c->h2);
		/* streams the client never finishes (or never reads) cannot hold it open */
		if (!c->lingering) uv_timer_start(&c->timer, on_timer, c->w->srv->cfg.drain_timeout_ms, 0);
		schedule_flush(c);
		break;
	case CONN_DRAINING:
	case CONN_CLOSING:
		break;
	}
}
