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
#include "util.h"

#define LISTEN_BACKOFF_MIN_MS 100
#define LISTEN_BACKOFF_MAX_MS 2000
#define LISTEN_CONNECT_MS     5000

enum { FL_BACKOFF, FL_CONNECTING, FL_SUBSCRIBING, FL_READY, FL_STOPPED };

typedef struct fl_poll {
	uv_poll_t poll;
	feed_listen *l; /* NULL once detached */
	int fd;
	int events;
} fl_poll;

struct feed_listen {
	uv_loop_t *loop;
	char *conninfo;
	char channel[64];
	feed_listen_fn fn;
	void *arg;
	int worker_id;
	int state;
	PGconn *pg;
	fl_poll *watch;
	uv_timer_t timer;
	unsigned backoff_ms;
	int handles; /* open handles (timer + polls); freed at 0 once stopped */
};

static void fl_maybe_free(feed_listen *l)
{
	if (l->state != FL_STOPPED || l->handles > 0) return;
	free(l->conninfo);
	free(l);
}

static void on_poll_closed(uv_handle_t *h)
{
	fl_poll *w = container_of((uv_poll_t *)h, fl_poll, poll);
	feed_listen *l = w->l;
	free(w);
	if (l) {
		l->handles--;
		fl_maybe_free(l);
	}
}

static void watch_close(feed_listen *l)
{
	if (!l->watch) return;
	uv_close((uv_handle_t *)&l->watch->poll, on_poll_closed);
	l->watch = NULL;
}

static void on_poll(uv_poll_t *h, int status, int events);

static int fl_watch(feed_listen *l, int events)
{
	int fd = PQsocket(l->pg);
	if (fd < 0) return -1;
	if (l->watch && l->watch->fd != fd) watch_close(l);
	if (!l->watch) {
		fl_poll *w = calloc(1, sizeof *w);
		if (!w) return -1;
		if (uv_poll_init(l->loop, &w->poll, fd) != 0) {
			free(w);
			return -1;
		}
		w->l = l;
		w->fd = fd;
		l->handles++;
		l->watch = w;
	}
	if (l->watch->events == events) return 0;
	if (uv_poll_start(&l->watch->poll, events, on_poll) != 0) return -1;
	l->watch->events = events;
	return 0;
}

static void fl_connect(feed_listen *l);
static void fl_fail(feed_listen *l, const char *why);

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
	if (was_ready || l->backoff_ms >= LISTEN_BACKOFF_MAX_MS)
		log_warn("feed.listen_lost", "worker=%d error=\"%s\"", l->worker_id, why ? why : "");
	watch_close(l);
	if (l->pg) PQfinish(l->pg);
	l->pg = NULL;
	l->state = FL_BACKOFF;
	uv_timer_start(&l->timer, on_timer, l->backoff_ms, 0);
	l->backoff_ms = l->backoff_ms * 2 > LISTEN_BACKOFF_MAX_MS ? LISTEN_BACKOFF_MAX_MS : l->backoff_ms * 2;
}

static void fl_connect(feed_listen *l)
{
	const char *kw[] = {"dbname", "fallback_application_name", NULL};
	const char *val[] = {l->conninfo, "passendd-listen", NULL};
	l->pg = PQconnectStartParams(kw, val, 1);
	if (!l->pg || PQstatus(l->pg) == CONNECTION_BAD) {
		fl_fail(l, l->pg ? PQerrorMessage(l->pg) : "out of memory");
		return;
	}
	l->state = FL_CONNECTING;
	uv_timer_start(&l->timer, on_timer, LISTEN_CONNECT_MS, 0);
	if (fl_watch(l, UV_WRITABLE) != 0) fl_fail(l, "cannot watch socket");
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
				l->backoff_ms = LISTEN_BACKOFF_MIN_MS;
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

static void on_poll(uv_poll_t *h, int status, int events)
{
	fl_poll *w = container_of(h, fl_poll, poll);
	feed_listen *l = w->l;
	if (!l || l->watch != w || l->state == FL_STOPPED) return;
	if (status < 0) {
		fl_fail(l, uv_strerror(status));
		return;
	}
	if (l->state == FL_CONNECTING) {
		switch (PQconnectPoll(l->pg)) {
		case PGRES_POLLING_READING:
			if (fl_watch(l, UV_READABLE) != 0) fl_fail(l, "cannot watch socket");
			return;
		case PGRES_POLLING_WRITING:
			if (fl_watch(l, UV_WRITABLE) != 0) fl_fail(l, "cannot watch socket");
			return;
		case PGRES_POLLING_OK: {
			char q[96];
			snprintf(q, sizeof q, "LISTEN %s", l->channel);
			if (PQsetnonblocking(l->pg, 1) != 0 || !PQsendQuery(l->pg, q)) {
				fl_fail(l, PQerrorMessage(l->pg));
				return;
			}
			l->state = FL_SUBSCRIBING;
			int rc = PQflush(l->pg);
			if (rc < 0 || fl_watch(l, UV_READABLE | (rc == 1 ? UV_WRITABLE : 0)) != 0)
				fl_fail(l, PQerrorMessage(l->pg));
			return;
		}
		default:
			fl_fail(l, PQerrorMessage(l->pg));
			return;
		}
	}
	if (events & UV_WRITABLE) {
		int rc = PQflush(l->pg);
		if (rc < 0 || fl_watch(l, UV_READABLE | (rc == 1 ? UV_WRITABLE : 0)) != 0) {
			fl_fail(l, PQerrorMessage(l->pg));
			return;
		}
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
	l->backoff_ms = LISTEN_BACKOFF_MIN_MS;
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
	watch_close(l);
	if (l->pg) PQfinish(l->pg);
	l->pg = NULL;
	l->state = FL_STOPPED;
	uv_close((uv_handle_t *)&l->timer, on_timer_closed);
}

int feed_listen_ready(const feed_listen *l)
{
	return l && l->state == FL_READY;
}
