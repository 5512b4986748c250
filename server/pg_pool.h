/* pg_pool: one pool of asynchronous PostgreSQL connections per worker, on
 * the worker's libuv loop (one uv_poll_t per connection, non-blocking libpq,
 * pipeline mode). A request is one transaction sent with one sync, so it
 * costs one round trip; several requests may be in flight per connection.
 * Connections reconnect by themselves with exponential backoff. */
#ifndef PASSEND_PG_POOL_H
#define PASSEND_PG_POOL_H

#include <libpq-fe.h>
#include <uv.h>

struct worker;
struct metrics_cells;
typedef struct pg_pool pg_pool;
typedef struct pg_req pg_req;
/* A connection whose transaction a request's callback may continue. */
typedef struct pg_hold pg_hold;

/* Results and errors. 0 is success; the rest are negative. */
enum pg_err {
	PG_OK = 0,
	PG_E_UNAVAILABLE = -1, /* no connection, or it was lost before the answer: retry */
	PG_E_SQL = -2,         /* the server reported an error: see sqlstate/message */
	PG_E_CANCELLED = -3,   /* the cancel check said the caller is gone; never sent */
	PG_E_BUSY = -4,        /* every connection and the wait queue are full: retry */
	PG_E_NOMEM = -5,
	PG_E_INVAL = -6, /* wrong number of parameters, too many statements */
};

/* A statement, prepared once per connection when it connects. Define them
 * as static const objects (never built from user data) and list them in the
 * table the pool is created with. Parameters are text ($1..$n). */
typedef struct pg_stmt {
	const char *name; /* unique server-side name, e.g. "platform_db_version" */
	const char *sql;
	int nparams;
} pg_stmt;

/* What a request's callback receives. Valid only during the callback: the
 * pool frees the results when it returns (copy what you keep). */
typedef struct pg_reply {
	pg_hold *hold;            /* a held request (pg_req_hold) that succeeded: its open
	                           * transaction, for pg_hold_commit inside the callback; else NULL */
	int status;               /* PG_OK or enum pg_err */
	char sqlstate[6];         /* PG_E_SQL: five-character SQLSTATE, else "" */
	const char *message;      /* error text for people (never NULL when status != 0) */
	int nresults;             /* number of statements added with pg_req_add */
	PGresult *const *results; /* one per statement, in order; NULL entries if not
	                           * executed (status != 0) */
} pg_reply;

/* Called exactly once per submitted request, on the pool's loop, never from
 * inside pg_req_submit. The request is freed after it returns. */
typedef void (*pg_done_fn)(void *arg, const pg_reply *reply);
/* Cancel check: non-zero means "the caller no longer wants this" (e.g. a
 * wrapper around rpc_call_is_done). Asked before a queued request is sent. */
typedef int (*pg_cancel_fn)(void *arg);

/* Pool options. Zero fields take the defaults shown. */
typedef struct pg_pool_opts {
	const char *conninfo;        /* libpq connection string (copied) */
	const char *name;            /* pool name for log lines, default "primary" (static storage) */
	const char *app_name;        /* fallback_application_name, default "passendd" (static storage) */
	int unnamed;                 /* 0: prepare stmts once per connection and execute them by
	                              * name; 1: prepare nothing, send each execution as an unnamed
	                              * statement (parse, bind, execute in the same pipeline), so no
	                              * state outlives the transaction (PgBouncer < 1.21 in
	                              * transaction mode) */
	int size;                    /* connections, default 2 */
	unsigned max_pipeline;       /* requests in flight per connection, default 64 */
	const pg_stmt *const *stmts; /* NULL-terminated table prepared on every connection */
	unsigned probe_ms;           /* idle probe (empty sync) period, default 1000 */
	unsigned stale_ms;           /* healthy only if a connection answered within, default 2000 */
	unsigned dead_ms;            /* probe unanswered this long: drop the connection, default 5000 */
	unsigned connect_timeout_ms; /* default 5000 */
	unsigned backoff_min_ms;     /* reconnect delay, doubled per failure, default 100 */
	unsigned backoff_max_ms;     /* default 1000 */
	int worker_id;               /* for log lines */
	/* connection states, queue length, reconnects (NULL: not counted) */
	struct metrics_cells *metrics;
} pg_pool_opts;

/* Which of a worker's pools to create. */
enum pg_pool_kind {
	PG_POOL_PRIMARY = 0, /* cfg.db: everything */
	PG_POOL_REPORTS,     /* cfg.db_reports: a read-only replica for the report methods */
};
/* Create one of the worker's pools from w->srv->cfg (db or db_reports,
 * db_pool_size, db_max_pipeline, db_statements) with the statements in
 * w->srv->stmts. Non-blocking: connections are started and come up on
 * w->loop. Returns 0 and *out (freed by pg_pool_close), or a negative pg_err. */
__attribute__((warn_unused_result)) int pg_pool_create(struct worker *w, enum pg_pool_kind kind,
                                                       pg_pool **out);
/* Same with explicit options on any loop (tests). */
__attribute__((warn_unused_result)) int pg_pool_create_ex(uv_loop_t *loop, const pg_pool_opts *opts,
                                                          pg_pool **out);
/* Close every connection and handle. Requests not yet answered complete
 * with PG_E_UNAVAILABLE (synchronously, from inside this call). Memory is
 * freed in the handles' close callbacks, so run the loop afterwards. The
 * pointer must not be used after this call. */
void pg_pool_close(pg_pool *p);
/* Non-zero while at least one connection is ready and has answered within
 * stale_ms. No I/O: costs a few loads per connection. */
int pg_pool_healthy(const pg_pool *p);
/* Number of connections ready now (for logs and tests). */
int pg_pool_ready_count(const pg_pool *p);
/* Non-zero while a request is queued or sent and not yet answered (0 for
 * NULL). No I/O: a few loads per connection (worker.c's busy poll). */
int pg_pool_awaiting(const pg_pool *p);
/* Name of connection state number i ("backoff", "ready", ...; the numbers
 * metrics_db_state receives), or NULL past the last. */
const char *pg_conn_state_name(int i);

/* --- requests ----------------------------------------------------------- */
/* A new empty request (one transaction). Returns NULL when out of memory.
 * Free with pg_req_free unless it is passed to pg_req_submit. */
__attribute__((warn_unused_result)) pg_req *pg_req_new(pg_done_fn done, void *arg);
/* Append one execution of a prepared statement with st->nparams text
 * parameters (NULL entries are SQL NULL; strings are copied). Returns 0 or
 * PG_E_NOMEM / PG_E_INVAL. */
__attribute__((warn_unused_result)) int pg_req_add(pg_req *r, const pg_stmt *st, const char *const *params);
/* pg_req_add as an unnamed statement: parsed and planned with its
 * parameters at every execution (a custom plan), for a statement whose best
 * plan depends on the sizes of its array parameters. Unlike plan_cache_mode
 * for the transaction, what it runs inside (foreign-key checks, triggers)
 * keeps its cached plans. Returns 0 or PG_E_NOMEM / PG_E_INVAL. */
__attribute__((warn_unused_result)) int pg_req_add_unnamed(pg_req *r, const pg_stmt *st,
                                                           const char *const *params);
/* Set a configuration value for this transaction only, before the
 * statements: set_config(name, value, true). This is how the principal is
 * set (role, passend.swv_id, scope): callers never see it as a statement and
 * it works behind a transaction-pooling PgBouncer. Returns 0 or PG_E_NOMEM. */
__attribute__((warn_unused_result)) int pg_req_set_config(pg_req *r, const char *name, const char *value);
/* pg_req_add for a statement whose result is not delivered (the results
 * of the others keep their indexes as if it were not there): an error in
 * it fails the request as any statement's does (e.g. the request ledger's
 * claim). Returns 0 or PG_E_NOMEM / PG_E_INVAL. */
__attribute__((warn_unused_result)) int pg_req_add_hidden(pg_req *r, const pg_stmt *st,
                                                          const char *const *params);
/* Plan keys: PostgreSQL re-plans a cached statement under row-level security
 * whenever the role in force differs from the one it was planned for, so one
 * statement executed by several roles on a connection is planned again at
 * every change of role. The statements added after this call go to their
 * copy for key (1..PG_PLAN_KEYS-1; 0, the default: the copy prepared at
 * connect), which the pool prepares on a connection at its first use there
 * (named statements only; unnamed ones are parsed per execution anyway), so
 * each key's plans stay cached. auth_req_principal sets the role's key. What
 * a statement may see is still decided by the role and settings of the
 * transaction, as PostgreSQL checks at every execution. Returns 0 or
 * PG_E_INVAL. */
#define PG_PLAN_KEYS 8
__attribute__((warn_unused_result)) int pg_req_set_plan_key(pg_req *r, unsigned key);
/* Attach a cancel check (see pg_cancel_fn). */
void pg_req_set_cancel(pg_req *r, pg_cancel_fn fn, void *arg);
/* Send the request (now, or queued until a connection has room). Takes
 * ownership of r in every case. Returns 0: the callback will be called
 * exactly once. Returns PG_E_UNAVAILABLE (no connection is up), PG_E_BUSY,
 * PG_E_CANCELLED or PG_E_INVAL: r is freed and the callback is NEVER called. */
__attribute__((warn_unused_result)) int pg_req_submit(pg_pool *p, pg_req *r);
/* Free a request that was not submitted. (Freed requests are kept per thread
 * for the next pg_req_new, at most 64; a thread's are freed when it exits.) */
void pg_req_free(pg_req *r);
/* Hold r's transaction open after its sync (it begins with BEGIN): when r
 * succeeds, its callback gets reply->hold and may, inside the callback,
 * append more statements of the same transaction with pg_hold_commit (e.g.
 * one made of what the first statements answered). A held request that
 * fails, or whose callback does not continue it, is rolled back. While the
 * transaction is open its connection takes no other request (a pipeline
 * behind it would run inside it), so keep the callback's work short.
 * Returns 0 or PG_E_NOMEM. */
__attribute__((warn_unused_result)) int pg_req_hold(pg_req *r);
/* Continue the held transaction h (from reply->hold, inside that callback)
 * with r's statements, then COMMIT, in one more round trip on the same
 * connection; r's callback gets the answer (the COMMIT's result is the last
 * one). Takes ownership of r. Returns 0 (the callback will be called
 * exactly once), or PG_E_UNAVAILABLE / PG_E_NOMEM / PG_E_INVAL: r was freed,
 * its callback is never called and the held transaction is rolled back. */
__attribute__((warn_unused_result)) int pg_hold_commit(pg_hold *h, pg_req *r);

/* --- helpers for handlers ------------------------------------------------ */
/* Non-zero if a failed reply means the database is not reachable or not
 * accepting work now (PG_E_UNAVAILABLE, PG_E_BUSY, or SQLSTATE class 08
 * connection exception, 53 insufficient resources, 57P0x shutdown): the
 * caller may retry later. */
int pg_reply_unavailable(const pg_reply *rep);
/* Short English text of a pg_err. */
const char *pg_strerror(int status);

#endif
