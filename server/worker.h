/* worker: one event-loop thread of passendd. Each worker owns its libuv loop,
 * its own SO_REUSEPORT listening socket, its connections and its database
 * pool; workers share only the server's atomic counters. */
#ifndef PASSEND_WORKER_H
#define PASSEND_WORKER_H

#include <stdatomic.h>
#include <stdint.h>
#include <uv.h>

#include "config.h"

struct pg_pool;
struct tls_ctx;
struct conn;

/* Process-wide state shared (read-only or atomically) by all workers. */
typedef struct server {
	config cfg;
	int64_t started_at_ms;           /* wall clock, ms since epoch */
	int schema_version;              /* verified at start-up */
	_Atomic(struct tls_ctx *) tls;   /* current TLS context; swapped on SIGHUP (refcounted) */
	atomic_uint connections;         /* open connections, all workers (max_connections) */
	atomic_ullong calls_total;       /* RPCs started */
	atomic_int draining;             /* set on SIGTERM/SIGINT */
} server;

typedef enum worker_state {
	WORKER_INIT = 0,
	WORKER_RUNNING,
	WORKER_DRAINING,  /* listener closed, GOAWAY sent, waiting for calls */
	WORKER_STOPPED,
} worker_state;

typedef struct worker {
	int id;
	server *srv;
	uv_loop_t loop;
	uv_tcp_t listener;
	uv_async_t wakeup;        /* cross-thread signal: drain / reload / stop */
	uv_timer_t drain_timer;
	uv_thread_t thread;
	worker_state state;
	struct pg_pool *pool;
	struct conn *conns;       /* intrusive doubly linked list of open connections */
	unsigned nconns;
} worker;

/* Called by conn.c when a connection is opened/closed so the worker can track
 * it for draining; the worker never frees a conn itself. */
void worker_conn_added(worker *w, struct conn *c);
void worker_conn_removed(worker *w, struct conn *c);

#endif
