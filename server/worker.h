/* worker: one event-loop thread of passendd. Each worker owns its libuv loop,
 * its own SO_REUSEPORT listening socket, its connections and its database
 * pool; workers share only the server's atomic counters. */
#ifndef PASSEND_WORKER_H
#define PASSEND_WORKER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "config.h"
#include "purge.h"

struct pg_pool;
struct tls_ctx;
struct conn;
struct metrics_cells;

/* Process-wide state shared (read-only or atomically) by all workers. */
typedef struct server {
	config cfg;
	int64_t started_at_ms;     /* wall clock, ms since epoch */
	int schema_version;        /* verified at start-up */
	atomic_uint connections;   /* open connections, all workers (max_connections) */
	atomic_ullong calls_total; /* RPCs started */
	atomic_int draining;       /* set on SIGTERM/SIGINT */
	/* Statements every database connection prepares (NULL-terminated),
	 * gathered by main.c from the core and the service areas. */
	const struct pg_stmt *const *stmts;
} server;

typedef enum worker_state {
	WORKER_INIT = 0,
	WORKER_RUNNING,
	WORKER_DRAINING, /* listener closed, GOAWAY sent, waiting for calls */
	WORKER_STOPPED,
} worker_state;

typedef struct worker {
	int id;
	server *srv;
	uv_loop_t loop;
	uv_tcp_t listener;
	uv_async_t wakeup; /* cross-thread signal: drain / reload / stop */
	uv_timer_t drain_timer;
	uv_prepare_t spin_prepare; /* busy poll (cfg.busy_poll_us > 0 only): before epoll_wait */
	uv_check_t spin_check;     /* ... re-armed after every poll phase */
	int spin_armed;
	purge_timer purge; /* retention's timer: worker 0 only (purge.h) */
	uv_thread_t thread;
	worker_state state;
	struct pg_pool *pool;
	struct metrics_cells *metrics;         /* written by this worker's thread only; read by
	                                        * scrapes (metrics.h); freed with the loop */
	struct pg_pool *reports_pool;          /* cfg.db_reports (a replica), or NULL */
	struct tls_ctx *tls;                   /* this worker's reference to the current TLS context
	                                        * (NULL in h2c mode); new conns take a ref from it */
	_Atomic(struct tls_ctx *) pending_tls; /* set by the main thread on SIGHUP; the
	                                        * worker swaps it in on its own loop */
	struct conn *conns;                    /* open connections; conn.c links/unlinks itself */
	unsigned nconns;
	int listen_fd; /* until uv_tcp_open owns it; -1 after */
} worker;

/* Prepare worker `id` on the calling (main) thread, before any thread runs:
 * its loop, wakeup async, drain timer (worker 0 also the purge timer), its
 * own listening socket on
 * cfg.listen_host:cfg.port (SO_REUSEADDR + SO_REUSEPORT, backlog 1024) and
 * its database pool (which starts connecting once the loop runs). Takes its
 * own reference on tls (NULL in h2c mode). Returns 0, or -1 with a message
 * in err and nothing left open. */
__attribute__((warn_unused_result)) int worker_init(worker *w, server *srv, int id, struct tls_ctx *tls,
                                                    char *err, size_t errlen);
/* Run the worker's loop on a new thread. Returns 0 or a negative libuv
 * error (then release the worker with worker_destroy). */
__attribute__((warn_unused_result)) int worker_start(worker *w);
/* From the main thread, after setting srv->draining: ask the worker to
 * drain (close its listener, GOAWAY every connection, stop when the last
 * one is gone or cfg.drain_timeout_ms passes). Call at most once. */
void worker_request_drain(worker *w);
/* From the main thread, before any drain request: hand the worker a new TLS
 * context; it takes its own reference (the caller keeps theirs) and swaps it
 * in on its loop, dropping the old one. */
void worker_set_tls(worker *w, struct tls_ctx *tls);
/* Wait for a started worker's thread to end and release its loop. */
void worker_join(worker *w);
/* Release a worker that was initialised but never started (closes all its
 * handles and runs its loop on the calling thread until they are closed). */
void worker_destroy(worker *w);

/* Called by conn.c after it has linked itself into w->conns (added) or
 * unlinked itself (removed; w->nconns already decremented), so the worker can
 * finish draining when the last one goes. The worker never frees a conn. */
void worker_conn_added(worker *w, struct conn *c);
void worker_conn_removed(worker *w, struct conn *c);

/* The pool a transaction goes to. report: the work only reads (a method
 * marked rpc_method.report, not audited). Reports go to the replica pool
 * (db_reports) while it is healthy (pg_pool_healthy); otherwise, and everything
 * else always, to the primary pool, so a replica outage costs the primary
 * the report load instead of failing the reports. */
struct pg_pool *worker_db(const worker *w, int report);

#endif
