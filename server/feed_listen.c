/* feed_listen: a LISTEN connection on a worker's loop (feed_listen.h). States:
 * backoff (timer) -> connecting (PQconnectPoll) -> subscribing (LISTEN sent)
 * -> ready (notifications read as they come). Any failure closes the
 * connection and goes back to backoff. */
#include "feed_listen.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pg_watch.h"
#include "util.h"

#define LISTEN_BACKOFF_MIN_MS 100
#define LISTEN_BACKOFF_MAX_MS 2000
#define LISTEN_CONNECT_MS     5000

enum { FL_BACKOFF, FL_CONNECTING, FL_SUBSCRIBING, FL_READY, FL_STOPPED };

struct feed_listen {
	uv_loop_t *loop;
	char *conninfo;
	char channel[64];
	feed_listen_fn fn;
	void *arg;
	int worker_id;
	int state;
	PGconn *pg;
	pg_watch *watch; /* its socket (pg_watch.h, as the pool's connections) */
	pg_watch_spec wspec;
	uv_timer_t timer;
	unsigned backoff_ms; /* the last reconnect wait; 0 after a connection was ready */
	int handles;         /* open handles (timer + polls); freed at 0 once stopped */
};

static void fl_maybe_free(feed_listen *l)
{
	if (l->state != FL_STOPPED || l->handles > 0) return;
	free(l->conninfo);
	free(l);
}

static void on_watch_closed(int *handles)
{
	fl_maybe_free(container_of(handles, feed_listen, handles));
}

static void on_poll(uv_poll_t *h, int status, int events);

static int fl_watch(feed_listen *l, int events)
{
	return pg_watch_set(&l->watch, &l->wspec, l, l->pg, events);
}

static void fl_connect(feed_listen *l);
static void fl_fail(feed_listen *l, const char *why);
static void fl_connected(void *owner);

/* fl_fail for pg_watch (its spec's failed). */
static void fl_failed(void *owner, const char *why)
{
	fl_fail(owner, why);
}

static void on_timer(uv_timer_t *t)
{
	feed_listen *l = container_of(t, feed_listen, timer);
	if (l->state == FL_BACKOFF)
		fl_connect(l);
	else if (l->state == FL_CONNECTING || l->state == FL_SUBSCRIBING) {
		log_warn("feed.listen_timeout", "worker=%d", l->worker_id);
		fl_fail(l, "connect timeout");
	}
}

/* Drop the connection and retry after the backoff (doubled each time). */
static void fl_fail(feed_listen *l, const char *why)
{
	int was_ready = l->state == FL_READY;
	l->backoff_ms = pg_backoff_next(l->backoff_ms, LISTEN_BACKOFF_MIN_MS, LISTEN_BACKOFF_MAX_MS);
	if (was_ready || l->backoff_ms >= LISTEN_BACKOFF_MAX_MS)
		log_warn("feed.listen_lost", "worker=%d error=\"%s\"", l->worker_id, why ? why : "");
	pg_watch_close(&l->watch);
	if (l->pg) PQfinish(l->pg);
	l->pg = NULL;
	l->state = FL_BACKOFF;
	uv_timer_start(&l->timer, on_timer, l->backoff_ms, 0);
}

static void fl_connect(feed_listen *l)
{
	if (pg_watch_connect(&l->watch, &l->wspec, l, &l->pg, l->conninfo, "passendd-listen") != 0) return;
	l->state = FL_CONNECTING;
	uv_timer_start(&l->timer, on_timer, LISTEN_CONNECT_MS, 0);
}

/* Read what arrived: the LISTEN's result while subscribing, then
 * notifications. */
static void fl_read(feed_listen *l)
{
	if (!PQconsumeInput(l->pg)) {
		fl_fail(l, PQerrorMessage(l->pg));
		return;
	}
	if (l->state == FL_SUBSCRIBING) {
		while (!PQisBusy(l->pg)) {
			PGresult *res = PQgetResult(l->pg);
			if (!res) {
				l->state = FL_READY;
				l->backoff_ms = 0;
				uv_timer_stop(&l->timer);
				log_info("feed.listen_ready", "worker=%d channel=%s", l->worker_id,
				         l->channel);
				l->fn(l->arg, NULL);
				if (l->state != FL_READY) return; /* stopped by the callback */
				break;
			}
			int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
			PQclear(res);
			if (!ok) {
				fl_fail(l, PQerrorMessage(l->pg));
				return;
			}
		}
		if (l->state != FL_READY) return;
	}
	PGnotify *n;
	while (l->state == FL_READY && (n = PQnotifies(l->pg)) != NULL) {
		if (strcmp(n->relname, l->channel) == 0) l->fn(l->arg, n->extra);
		PQfreemem(n);
	}
	/* Anything else (a notice, an error as the server shuts down) only
	 * matters through the connection's status. */
	if (l->state == FL_READY && PQstatus(l->pg) == CONNECTION_BAD) fl_fail(l, "connection closed");
}

/* Push buffered output; watch for writability while some remains. */
static int fl_flush(feed_listen *l)
{
	int rc = PQflush(l->pg);
	return rc < 0 ? -1 : fl_watch(l, UV_READABLE | (rc == 1 ? UV_WRITABLE : 0));
}

/* Connected (pg_watch_connecting): send the LISTEN (FL_SUBSCRIBING until
 * its result). */
static void fl_connected(void *owner)
{
	feed_listen *l = owner;
	char q[96];
	snprintf(q, sizeof q, "LISTEN %s", l->channel);
	if (PQsetnonblocking(l->pg, 1) != 0 || !PQsendQuery(l->pg, q)) {
		fl_fail(l, PQerrorMessage(l->pg));
		return;
	}
	l->state = FL_SUBSCRIBING;
	if (fl_flush(l) != 0) fl_fail(l, PQerrorMessage(l->pg));
}

static void on_poll(uv_poll_t *h, int status, int events)
{
	pg_watch *w = container_of(h, pg_watch, poll);
	feed_listen *l = w->owner;
	if (!l || l->watch != w || l->state == FL_STOPPED) return;
	if (status < 0) {
		fl_fail(l, uv_strerror(status));
		return;
	}
	if (l->state == FL_CONNECTING) {
		pg_watch_connecting(&l->watch, &l->wspec, l, l->pg);
		return;
	}
	if ((events & UV_WRITABLE) && fl_flush(l) != 0) {
		fl_fail(l, PQerrorMessage(l->pg));
		return;
	}
	if (events & UV_READABLE) fl_read(l);
}

feed_listen *feed_listen_start(uv_loop_t *loop, const char *conninfo, const char *channel, feed_listen_fn fn,
                               void *arg, int worker_id)
{
	feed_listen *l = calloc(1, sizeof *l);
	if (!l) return NULL;
	l->conninfo = strdup(conninfo ? conninfo : "");
	if (!l->conninfo) {
		free(l);
		return NULL;
	}
	snprintf(l->channel, sizeof l->channel, "%s", channel);
	l->loop = loop;
	l->fn = fn;
	l->arg = arg;
	l->worker_id = worker_id;
	l->wspec = (pg_watch_spec){loop, on_poll, &l->handles, on_watch_closed, fl_failed, fl_connected};
	uv_timer_init(loop, &l->timer);
	l->handles = 1;
	fl_connect(l);
	return l;
}

static void on_timer_closed(uv_handle_t *h)
{
	feed_listen *l = container_of((uv_timer_t *)h, feed_listen, timer);
	l->handles--;
	fl_maybe_free(l);
}

void feed_listen_stop(feed_listen *l)
{
	if (!l || l->state == FL_STOPPED) return;
	pg_watch_close(&l->watch);
	if (l->pg) PQfinish(l->pg);
	l->pg = NULL;
	l->state = FL_STOPPED;
	uv_close((uv_handle_t *)&l->timer, on_timer_closed);
}

int feed_listen_ready(const feed_listen *l)
{
	return l && l->state == FL_READY;
}
