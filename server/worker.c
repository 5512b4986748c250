/* worker: one event-loop thread of passendd. The main thread prepares the
 * loop, the SO_REUSEPORT listener and the database pool, then the thread
 * only runs the loop. The main thread talks to it through one uv_async_t
 * (drain request, new TLS context); everything else happens on the loop. */
#define _GNU_SOURCE
#include "worker.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "log.h"
#include "metrics.h"
#include "pg_pool.h"
#include "tls.h"
#include "util.h"

#define LISTEN_BACKLOG 1024

static void worker_set_state(worker *w, worker_state next)
{
	/* Allowed: INIT->RUNNING, INIT->STOPPED (never started or init failed),
	 * RUNNING->DRAINING, DRAINING->STOPPED. */
	int ok = (w->state == WORKER_INIT && (next == WORKER_RUNNING || next == WORKER_STOPPED)) ||
	         (w->state == WORKER_RUNNING && next == WORKER_DRAINING) ||
	         (w->state == WORKER_DRAINING && next == WORKER_STOPPED);
	if (!ok) {
		log_error("worker.bad_state", "worker=%d from=%d to=%d", w->id, (int)w->state, (int)next);
		return;
	}
	w->state = next;
}

/* Take the TLS context the main thread left in pending_tls, if any. */
static void swap_pending_tls(worker *w, int install)
{
	struct tls_ctx *t = atomic_exchange(&w->pending_tls, NULL);
	if (!t) return;
	if (!install) {
		tls_ctx_unref(t);
		return;
	}
	tls_ctx_unref(w->tls);
	w->tls = t;
	log_info("tls.reload", "worker=%d", w->id);
}

static void close_if_open(uv_handle_t *h)
{
	if (h->type != UV_UNKNOWN_HANDLE && !uv_is_closing(h)) uv_close(h, NULL);
}

/* Close everything the worker itself owns; the loop ends when the handles
 * of the pool and of any closing connections are gone too. */
static void worker_finish(worker *w)
{
	if (w->state == WORKER_STOPPED) return;
	worker_set_state(w, WORKER_STOPPED);
	uv_timer_stop(&w->drain_timer);
	close_if_open((uv_handle_t *)&w->drain_timer);
	close_if_open((uv_handle_t *)&w->spin_prepare);
	close_if_open((uv_handle_t *)&w->spin_check);
	purge_timer_stop(&w->purge);
	close_if_open((uv_handle_t *)&w->listener);
	close_if_open((uv_handle_t *)&w->wakeup);
	if (w->pool) {
		pg_pool_close(w->pool);
		w->pool = NULL;
	}
	if (w->reports_pool) {
		pg_pool_close(w->reports_pool);
		w->reports_pool = NULL;
	}
	swap_pending_tls(w, 0);
	tls_ctx_unref(w->tls);
	w->tls = NULL;
	if (w->listen_fd >= 0) {
		close(w->listen_fd);
		w->listen_fd = -1;
	}
}

/* Busy poll (cfg.busy_poll_us, D60). Waking a sleeping thread costs more
 * than its call at c=1 (on a VM the idle vCPU's exit and the switch-in, ~19 %
 * of passendd's CPU per call), so after a wake-up the loop may look for its
 * next event without blocking for up to busy_poll_us before epoll_wait
 * sleeps: once per wake-up (the check handle re-arms it after every poll
 * phase), never while libuv has work due (pending callbacks, idle handles,
 * a timer) and never while the worker waits for the database, which runs on
 * the same cores and must not wait for a spinning worker (this worker's
 * pools only: another worker's queries do not stop it). An idle server
 * spins once per wake-up and then sleeps as before. A socket whose watch
 * libuv registers in this loop pass (a connection just accepted) is not in
 * the epoll set yet, so its first bytes wait for the end of the spin. */
static void on_spin_check(uv_check_t *h)
{
	container_of(h, worker, spin_check)->spin_armed = 1;
}

static void on_spin_prepare(uv_prepare_t *h)
{
	worker *w = container_of(h, worker, spin_prepare);
	if (!w->spin_armed) return;
	w->spin_armed = 0;
	uv_update_time(&w->loop); /* a timer that fell due since the loop's clock was read counts as due */
	int timeout_ms = uv_backend_timeout(&w->loop);
	if (timeout_ms == 0 || pg_pool_awaiting(w->pool) || pg_pool_awaiting(w->reports_pool)) return;
	uint64_t ns = (uint64_t)w->srv->cfg.busy_poll_us * 1000;
	if (timeout_ms > 0 && (uint64_t)timeout_ms * 1000000 < ns) ns = (uint64_t)timeout_ms * 1000000;
	struct pollfd pfd = {.fd = uv_backend_fd(&w->loop), .events = POLLIN};
	uint64_t end = uv_hrtime() + ns;
	do {
		if (poll(&pfd, 1, 0) != 0) break; /* ready (or an error epoll_wait will see) */
	} while (uv_hrtime() < end);
	uv_update_time(&w->loop); /* epoll_wait's timeout counts from now: the spin makes no timer late */
}

static void on_drain_timeout(uv_timer_t *t)
{
	worker *w = container_of(t, worker, drain_timer);
	log_warn("worker.drain_timeout", "worker=%d closing=%u", w->id, w->nconns);
	for (conn *c = w->conns, *next; c; c = next) {
		next = conn_next(c);
		conn_close(c);
	}
	if (w->nconns == 0) worker_finish(w);
	/* else: worker_conn_removed finishes when the last close completes */
}

static void begin_drain(worker *w)
{
	worker_set_state(w, WORKER_DRAINING);
	close_if_open((uv_handle_t *)&w->listener);
	log_info("worker.drain", "worker=%d connections=%u", w->id, w->nconns);
	for (conn *c = w->conns, *next; c; c = next) {
		next = conn_next(c);
		conn_drain(c);
	}
	if (w->state != WORKER_DRAINING) return; /* the last connection went away synchronously */
	if (w->nconns == 0) {
		worker_finish(w);
		return;
	}
	uv_timer_start(&w->drain_timer, on_drain_timeout, w->srv->cfg.drain_timeout_ms, 0);
}

static void on_wakeup(uv_async_t *a)
{
	worker *w = container_of(a, worker, wakeup);
	if (w->state == WORKER_STOPPED) return;
	swap_pending_tls(w, 1);
	if (atomic_load(&w->srv->draining) && w->state == WORKER_RUNNING) begin_drain(w);
}

static void on_connection(uv_stream_t *lst, int status)
{
	worker *w = container_of(lst, worker, listener);
	if (status < 0) {
		log_warn("worker.accept_error", "worker=%d error=%s", w->id, uv_err_name(status));
		return;
	}
	int rc = conn_accept(w, lst);
	if (rc < 0) log_debug("worker.accept_failed", "worker=%d error=%s", w->id, uv_err_name(rc));
}

void worker_conn_added(worker *w, struct conn *c)
{
	/* Nothing to do: a connection accepted while a drain request is queued
	 * on the async gets its GOAWAY with the others in begin_drain, and none
	 * can be accepted after that (the listener is closed synchronously). */
	(void)w;
	(void)c;
}

void worker_conn_removed(worker *w, struct conn *c)
{
	(void)c;
	if (w->state == WORKER_DRAINING && w->nconns == 0) worker_finish(w);
}

/* socket() + SO_REUSEADDR + SO_REUSEPORT + bind + listen on host:port.
 * Returns the fd or -1 with a message in err. */
static int open_listen_socket(const char *host, int port, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	char portstr[16];
	snprintf(portstr, sizeof(portstr), "%d", port);
	int gai = getaddrinfo(host, portstr, &hints, &res);
	if (gai != 0) {
		snprintf(err, errlen, "listen_host '%s': %s", host, gai_strerror(gai));
		return -1;
	}
	int fd = -1, one = 1;
	const char *what = "socket";
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) goto fail;
	what = "SO_REUSEADDR";
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0) goto fail;
	what = "SO_REUSEPORT";
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) goto fail;
	what = "bind";
	if (bind(fd, res->ai_addr, res->ai_addrlen) < 0) goto fail;
	what = "listen";
	if (listen(fd, LISTEN_BACKLOG) < 0) goto fail;
	freeaddrinfo(res);
	return fd;
fail:
	snprintf(err, errlen, "cannot listen on %s:%d: %s: %s", host, port, what, strerror(errno));
	if (fd >= 0) close(fd);
	freeaddrinfo(res);
	return -1;
}

/* Close every handle still open on the loop and run it until they are gone,
 * then close the loop. Used after the thread ended, or for a worker that
 * never ran. */
static void walk_close(uv_handle_t *h, void *arg)
{
	worker *w = arg;
	if (!uv_is_closing(h)) {
		log_warn("worker.leftover_handle", "worker=%d type=%s", w->id, uv_handle_type_name(h->type));
		uv_close(h, NULL);
	}
}

static void release_loop(worker *w)
{
	uv_run(&w->loop, UV_RUN_DEFAULT);
	uv_walk(&w->loop, walk_close, w);
	uv_run(&w->loop, UV_RUN_DEFAULT);
	int rc = uv_loop_close(&w->loop);
	if (rc < 0) log_error("worker.loop_close", "worker=%d error=%s", w->id, uv_err_name(rc));
	metrics_cells_free(w->metrics);
	w->metrics = NULL;
}

int worker_init(worker *w, server *srv, int id, struct tls_ctx *tls, char *err, size_t errlen)
{
	memset(w, 0, sizeof(*w));
	w->id = id;
	w->srv = srv;
	w->listen_fd = -1;
	w->state = WORKER_INIT;
	atomic_init(&w->pending_tls, NULL);
	int rc = uv_loop_init(&w->loop);
	if (rc < 0) {
		snprintf(err, errlen, "worker %d: uv_loop_init: %s", id, uv_strerror(rc));
		return -1;
	}
	if ((rc = uv_async_init(&w->loop, &w->wakeup, on_wakeup)) < 0 ||
	    (rc = uv_timer_init(&w->loop, &w->drain_timer)) < 0 ||
	    (rc = uv_tcp_init(&w->loop, &w->listener)) < 0) {
		snprintf(err, errlen, "worker %d: handle init: %s", id, uv_strerror(rc));
		goto fail;
	}
	w->listen_fd = open_listen_socket(srv->cfg.listen_host, srv->cfg.port, err, errlen);
	if (w->listen_fd < 0) goto fail;
	if ((rc = uv_tcp_open(&w->listener, w->listen_fd)) < 0) {
		snprintf(err, errlen, "worker %d: uv_tcp_open: %s", id, uv_strerror(rc));
		goto fail;
	}
	w->listen_fd = -1; /* the handle owns it now */
	if ((rc = uv_listen((uv_stream_t *)&w->listener, LISTEN_BACKLOG, on_connection)) < 0) {
		snprintf(err, errlen, "worker %d: uv_listen: %s", id, uv_strerror(rc));
		goto fail;
	}
	w->metrics = metrics_cells_new();
	if (!w->metrics) {
		snprintf(err, errlen, "worker %d: out of memory for metrics", id);
		goto fail;
	}
	rc = pg_pool_create(w, PG_POOL_PRIMARY, &w->pool);
	if (rc < 0) {
		snprintf(err, errlen, "worker %d: database pool: %s", id, pg_strerror(rc));
		w->pool = NULL;
		goto fail;
	}
	if (srv->cfg.db_reports[0] && (rc = pg_pool_create(w, PG_POOL_REPORTS, &w->reports_pool)) < 0) {
		snprintf(err, errlen, "worker %d: reports database pool: %s", id, pg_strerror(rc));
		w->reports_pool = NULL;
		goto fail;
	}
	if (srv->cfg.busy_poll_us > 0) {
		if ((rc = uv_prepare_init(&w->loop, &w->spin_prepare)) < 0 ||
		    (rc = uv_check_init(&w->loop, &w->spin_check)) < 0 ||
		    (rc = uv_prepare_start(&w->spin_prepare, on_spin_prepare)) < 0 ||
		    (rc = uv_check_start(&w->spin_check, on_spin_check)) < 0) {
			snprintf(err, errlen, "worker %d: busy poll handles: %s", id, uv_strerror(rc));
			goto fail;
		}
		/* They keep nothing alive: the loop ends when the rest is closed. */
		uv_unref((uv_handle_t *)&w->spin_prepare);
		uv_unref((uv_handle_t *)&w->spin_check);
	}
	if (id == 0 && (rc = purge_timer_start(&w->purge, w)) < 0) {
		snprintf(err, errlen, "worker %d: purge timer: %s", id, uv_strerror(rc));
		goto fail;
	}
	if (tls) {
		tls_ctx_ref(tls);
		w->tls = tls;
	}
	return 0;
fail:
	worker_finish(w);
	release_loop(w);
	return -1;
}

static void worker_main(void *arg)
{
	worker *w = arg;
	uv_run(&w->loop, UV_RUN_DEFAULT);
	log_info("worker.stop", "worker=%d", w->id);
}

int worker_start(worker *w)
{
	worker_set_state(w, WORKER_RUNNING);
	int rc = uv_thread_create(&w->thread, worker_main, w);
	if (rc < 0) {
		w->state = WORKER_INIT;
		return rc;
	}
	return 0;
}

void worker_request_drain(worker *w)
{
	uv_async_send(&w->wakeup);
}

void worker_set_tls(worker *w, struct tls_ctx *tls)
{
	tls_ctx_ref(tls);
	struct tls_ctx *old = atomic_exchange(&w->pending_tls, tls);
	tls_ctx_unref(old);
	uv_async_send(&w->wakeup);
}

void worker_join(worker *w)
{
	uv_thread_join(&w->thread);
	release_loop(w);
}

void worker_destroy(worker *w)
{
	worker_finish(w);
	release_loop(w);
}

struct pg_pool *worker_db(const worker *w, int report)
{
	if (report && w->reports_pool && pg_pool_healthy(w->reports_pool)) return w->reports_pool;
	return w->pool;
}
