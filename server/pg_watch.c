/* pg_watch: libpq's socket on a libuv loop and the non-blocking connect,
 * shared by pg_pool.c and feed_listen.c (pg_watch.h). */
#include "pg_watch.h"

#include <stdlib.h>

#include "util.h"

static void on_watch_closed(uv_handle_t *h)
{
	pg_watch *w = container_of((uv_poll_t *)h, pg_watch, poll);
	const pg_watch_spec *spec = w->spec;
	free(w);
	(*spec->handles)--;
	spec->closed(spec->handles);
}

void pg_watch_close(pg_watch **wp)
{
	pg_watch *w = *wp;
	if (!w) return;
	w->owner = NULL;
	uv_close((uv_handle_t *)&w->poll, on_watch_closed);
	*wp = NULL;
}

int pg_watch_set(pg_watch **wp, const pg_watch_spec *spec, void *owner, PGconn *pg, int events)
{
	int fd = PQsocket(pg);
	if (fd < 0) return -1;
	if (*wp && (*wp)->fd != fd) pg_watch_close(wp);
	if (!*wp) {
		pg_watch *w = calloc(1, sizeof *w);
		if (!w) return -1;
		if (uv_poll_init(spec->loop, &w->poll, fd) != 0) {
			free(w);
			return -1;
		}
		w->owner = owner;
		w->spec = spec;
		w->fd = fd;
		(*spec->handles)++;
		*wp = w;
	}
	if ((*wp)->events == events) return 0;
	if (uv_poll_start(&(*wp)->poll, events, spec->on_poll) != 0) return -1;
	(*wp)->events = events;
	return 0;
}

int pg_watch_connect(pg_watch **wp, const pg_watch_spec *spec, void *owner, PGconn **pg, const char *conninfo,
                     const char *app_name)
{
	const char *kw[] = {"dbname", "fallback_application_name", NULL};
	const char *val[] = {conninfo, app_name, NULL};
	const char *why;
	*pg = PQconnectStartParams(kw, val, 1);
	if (!*pg)
		why = "out of memory";
	else if (PQstatus(*pg) == CONNECTION_BAD)
		why = PQerrorMessage(*pg);
	/* libpq: behave as if PQconnectPoll had returned PGRES_POLLING_WRITING. */
	else if (pg_watch_set(wp, spec, owner, *pg, UV_WRITABLE) != 0)
		why = "cannot watch socket";
	else
		return 0;
	spec->failed(owner, why);
	return -1;
}

void pg_watch_connecting(pg_watch **wp, const pg_watch_spec *spec, void *owner, PGconn *pg)
{
	int events;
	switch (PQconnectPoll(pg)) {
	case PGRES_POLLING_OK:
		spec->connected(owner);
		return;
	case PGRES_POLLING_READING:
		events = UV_READABLE;
		break;
	case PGRES_POLLING_WRITING:
		events = UV_WRITABLE;
		break;
	default:
		spec->failed(owner, PQerrorMessage(pg));
		return;
	}
	if (pg_watch_set(wp, spec, owner, pg, events) != 0) spec->failed(owner, "cannot watch socket");
}

unsigned pg_backoff_next(unsigned prev_ms, unsigned min_ms, unsigned max_ms)
{
	unsigned d = prev_ms ? prev_ms * 2 : min_ms;
	return d > max_ms ? max_ms : d;
}
