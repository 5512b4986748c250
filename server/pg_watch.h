/* pg_watch: a libpq connection driven by a libuv loop, the part the pool's
 * connections (pg_pool.c) and the change feed's LISTEN connection
 * (feed_listen.c) share: a poll handle that follows libpq's current socket,
 * the non-blocking connect (PQconnectStartParams, then PQconnectPoll on each
 * event) and the reconnect backoff. The owners keep their own states,
 * timers and what a ready connection does. */
#ifndef PASSEND_PG_WATCH_H
#define PASSEND_PG_WATCH_H

#include <libpq-fe.h>
#include <uv.h>

/* What every watch of one keeper (a pool, a feed listener) shares. handles
 * is the keeper's count of open handles: a watch is one from its creation
 * until its close callback, which then calls closed(handles) (the keeper may
 * free itself there when it is stopping and the count is 0). failed and
 * connected are told how the owner's connection went (pg_watch_connect,
 * pg_watch_connecting). */
typedef struct pg_watch_spec {
	uv_loop_t *loop;
	uv_poll_cb on_poll;
	int *handles;
	void (*closed)(int *handles);
	void (*failed)(void *owner, const char *why); /* why: static or libpq's message */
	void (*connected)(void *owner);
} pg_watch_spec;

/* A poll handle on one socket, allocated apart from its owner because libpq
 * may change sockets while connecting; freed in its close callback. */
typedef struct pg_watch {
	uv_poll_t poll;
	void *owner; /* the connection it watches for; NULL once closed */
	const pg_watch_spec *spec;
	int fd;
	int events;
} pg_watch;

/* Watch pg's current socket for events (UV_READABLE / UV_WRITABLE) on behalf
 * of owner, re-creating *wp when the socket changed. Returns 0 or -1. */
__attribute__((warn_unused_result)) int pg_watch_set(pg_watch **wp, const pg_watch_spec *spec, void *owner,
                                                     PGconn *pg, int events);
/* Close *wp (if any) and set it NULL; its events stop reaching the owner. */
void pg_watch_close(pg_watch **wp);

/* Start a non-blocking connection to conninfo (the dbname keyword: a
 * connection string or a database name) named app_name, into *pg (set
 * whenever libpq gave one: the owner PQfinish'es it, also on failure), and
 * watch its socket for writability, as libpq asks first. Returns 0, or -1
 * after spec->failed(owner, why). */
__attribute__((warn_unused_result)) int pg_watch_connect(pg_watch **wp, const pg_watch_spec *spec,
                                                         void *owner, PGconn **pg, const char *conninfo,
                                                         const char *app_name);
/* The owner's connection is connecting and its socket had an event: one
 * step (PQconnectPoll), then watch for what libpq waits for next, or
 * spec->connected(owner) once connected, or spec->failed(owner, why). */
void pg_watch_connecting(pg_watch **wp, const pg_watch_spec *spec, void *owner, PGconn *pg);

/* The next reconnect wait after prev_ms (0: none yet): min_ms, then doubled
 * up to max_ms. */
unsigned pg_backoff_next(unsigned prev_ms, unsigned min_ms, unsigned max_ms);

#endif
