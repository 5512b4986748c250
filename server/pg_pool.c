/* pg_pool: asynchronous PostgreSQL connections on a libuv loop. Each
 * connection is a small state machine (backoff -> connecting -> preparing ->
 * ready) driven by one uv_poll_t on libpq's socket and one uv_timer_t
 * (backoff, connect timeout, idle probe). Requests are pipelined: each is the
 * statements of one transaction followed by one sync; statements go by name
 * (prepared per connection) or, for PgBouncer, unnamed (parsed per execution).
 * Named statements of a request with a plan key (the role, pg_req_set_plan_key)
 * go to that key's own copy, prepared on the connection at its first use. */
#include "pg_pool.h"

#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "sql_pool.h"
#include "metrics.h"
#include "pg_watch.h"
#include "util.h"
#include "worker.h"

#define PG_MAX_PARAMS 64
#define PG_MAX_STEPS  256

/* The pool's own statement (pg_req_set_config), from the catalogue
 * (server/sql/pool.sql); prepared on every connection. */
#define set_config_stmt (sql_pool_set_config.stmt)
#define begin_stmt      (sql_pool_begin.stmt)
#define commit_stmt     (sql_pool_commit.stmt)
#define rollback_stmt   (sql_pool_rollback.stmt)

/* The life of one database connection. Only pgc_set_state changes it:
 *   BACKOFF -> CONNECTING -> PREPARING -> READY <-> PROBING
 *   any open state -> BACKOFF (failed: reconnect after a delay)
 *   READY, PROBING -> BROKEN -> BACKOFF (a send failed inside a caller)
 *   any -> CLOSED (the pool closes) */
typedef enum pgc_state {
	PGC_BACKOFF = 0, /* waiting for the timer before the next connection attempt */
	PGC_CONNECTING,  /* PQconnectPoll in progress */
	PGC_PREPARING,   /* connected, prepare batch sent, waiting for its sync */
	PGC_READY,       /* serving requests */
	PGC_PROBING,     /* serving requests; an idle probe is unanswered (since probe_sent) */
	PGC_BROKEN,      /* a send failed; torn down from the timer (never inside a caller) */
	PGC_CLOSED,      /* pool closing */
	PGC_COUNT,
} pgc_state;

/* REQ_PREPARE: every statement at connect; REQ_PREPARE_KEYED: a plan key's copies of
 * statements at their first use on the connection (own sync, before the request);
 * REQ_ROLLBACK: ends a held transaction that was not continued */
typedef enum req_kind { REQ_USER = 0, REQ_PREPARE, REQ_PREPARE_KEYED, REQ_PROBE, REQ_ROLLBACK } req_kind;

typedef struct step {
	const pg_stmt *st; /* static storage: its name (named mode) or its text (unnamed) */
	int first_off;     /* index of the first parameter offset in pg_req.offs */
	int ui;            /* its result's index in pg_reply.results; -1: not delivered */
	unsigned key;      /* plan key (0: the copy prepared at connect) */
	int unnamed;       /* parsed and planned for this execution only (pg_req_add_unnamed) */
} step;

struct pg_req {
	pg_req *next;
	req_kind kind;
	pg_done_fn done;
	void *arg;
	pg_cancel_fn cancel;
	void *cancel_arg;
	int hold;     /* begins a held transaction (pg_req_hold) */
	int hold_end; /* ends one (pg_hold_commit): its sync unpins the connection */
	step *steps;  /* set_config steps first (ncfg of them), then the statements */
	int nsteps, capsteps, ncfg;
	int nhidden;       /* statements whose results are not delivered (pg_req_add_hidden) */
	unsigned plan_key; /* of the statements added from now on */
	int *offs;         /* parameter offsets into strs; -1 = SQL NULL */
	int noffs, capoffs;
	buf strs;
	/* answer tracking */
	int qcount; /* queries sent before the sync */
	int qi;     /* query whose results are being read */
	int got;    /* a result for query qi was seen (a NULL follows) */
	PGresult **results;
	int capresults;
	int status;
	char sqlstate[6];
	char *errmsg;
};

typedef struct pg_conn pg_conn;

struct pg_conn {
	pg_pool *p;
	int idx;
	pgc_state state;
	PGconn *pg;
	pg_watch *watch;
	uv_timer_t timer;
	pg_req *head, *tail; /* sent, waiting for answers, in order */
	unsigned ninflight;
	int pinned;    /* a held transaction is open: no other request is sent on it */
	int continued; /* the held request's callback called pg_hold_commit */
	unsigned backoff_ms;
	uint64_t last_rx;    /* loop time of the last answer */
	uint64_t probe_sent; /* loop time the probe of PGC_PROBING was sent */
	/* plan keys 1..PG_PLAN_KEYS-1: prepared[i * (PG_PLAN_KEYS - 1) + key - 1] is
	 * non-zero once statement i's copy for key was sent (cleared at connect) */
	unsigned char *prepared;
};

/* A statement's copy for one plan key: "<name>_k<key>", its text plus a
 * comment naming the key (so a PgBouncer that shares server-side statements
 * by text keeps the copies apart). Made on first use, kept by the pool. */
typedef struct keyed_stmt {
	pg_stmt st;
	char text[]; /* name, then sql */
} keyed_stmt;

struct pg_pool {
	uv_loop_t *loop;
	pg_pool_opts o;
	char *conninfo;
	const pg_stmt *const *stmts;
	int closing;
	int nhandles;          /* open handles; memory freed when 0 after close */
	pg_watch_spec wspec;   /* the connections' socket watches (pg_watch.h) */
	pg_req *qhead, *qtail; /* waiting for room on a connection */
	unsigned nqueued, max_queued;
	uint64_t rnd;
	/* plan keys: statement -> index (open addressing on the pointer), the copies */
	int nstmts;
	unsigned hmask;
	const pg_stmt **hkeys;
	int *hidx;
	keyed_stmt **keyed; /* nstmts * (PG_PLAN_KEYS - 1), NULL until first used */
	int nconns;
	pg_conn conns[];
};

static void pgc_start(pg_conn *c);
static void pgc_fail(pg_conn *c, const char *why);
static void pgc_failed(void *owner, const char *why);
static void pgc_connected(void *owner);
static void pool_dispatch(pg_pool *p);
static void on_poll(uv_poll_t *h, int status, int events);

/* ---- connection state ---------------------------------------------------- */

static const char *const pgc_state_names[PGC_COUNT] = {"backoff", "connecting", "preparing", "ready",
                                                       "probing", "broken",     "closed"};

/* The one place a connection changes state; a transition not drawn at
 * pgc_state is a bug (logged; assert in debug builds). */
static void pgc_set_state(pg_conn *c, pgc_state to)
{
	enum { FAIL_OR_CLOSE = 1u << PGC_BACKOFF | 1u << PGC_CLOSED };
	static const unsigned allowed[PGC_COUNT] = {
	    [PGC_BACKOFF] = FAIL_OR_CLOSE | 1u << PGC_CONNECTING,
	    [PGC_CONNECTING] = FAIL_OR_CLOSE | 1u << PGC_PREPARING,
	    [PGC_PREPARING] = FAIL_OR_CLOSE | 1u << PGC_READY,
	    [PGC_READY] = FAIL_OR_CLOSE | 1u << PGC_PROBING | 1u << PGC_BROKEN,
	    [PGC_PROBING] = FAIL_OR_CLOSE | 1u << PGC_READY | 1u << PGC_BROKEN,
	    [PGC_BROKEN] = FAIL_OR_CLOSE | 1u << PGC_BROKEN,
	    [PGC_CLOSED] = 0,
	};
	if (!(allowed[c->state] & 1u << to)) {
		log_error("db.bug", "event=bad_transition worker=%d conn=%d from=%s to=%s", c->p->o.worker_id,
		          c->idx, pgc_state_names[c->state], pgc_state_names[to]);
		assert(!"pg_conn: state transition not allowed");
	}
	metrics_db_state(c->p->o.metrics, (int)c->state, (int)to);
	c->state = to;
}

/* Non-zero while the connection takes requests (ready, probing or not). */
static int pgc_serving(const pg_conn *c)
{
	return c->state == PGC_READY || c->state == PGC_PROBING;
}

/* ---- small helpers ------------------------------------------------------- */

/* Copy libpq's message into out without newlines or quotes (logfmt). */
static const char *oneline(const char *in, char *out, size_t n)
{
	size_t i = 0;
	if (!in) in = "";
	for (; *in && i + 1 < n; in++) {
		char ch = *in;
		if (ch == '\n' || ch == '\r' || ch == '\t' || ch == '"') ch = (ch == '"') ? '\'' : ' ';
		out[i++] = ch;
	}
	while (i > 0 && out[i - 1] == ' ')
		i--;
	out[i] = 0;
	return out;
}

static unsigned jitter(pg_pool *p, unsigned ms)
{
	/* xorshift64: spread reconnects of many workers over [ms/2, ms] */
	p->rnd ^= p->rnd << 13;
	p->rnd ^= p->rnd >> 7;
	p->rnd ^= p->rnd << 17;
	return ms / 2 + (unsigned)(p->rnd % (ms / 2 + 1));
}

static void quiet_notice(void *arg, const char *msg)
{
	pg_conn *c = arg;
	char line[512];
	log_debug("db.notice", "worker=%d conn=%d msg=\"%s\"", c->p->o.worker_id, c->idx,
	          oneline(msg, line, sizeof line));
}

/* ---- requests ------------------------------------------------------------ */

/* Freed requests of this thread, kept with their arrays for the next
 * pg_req_new (a request is made and freed on its worker's loop thread): a
 * call's request costs no allocation once the thread has served a few. At
 * most REQ_KEEP are kept, and none whose arrays grew past the limits. */
#define REQ_KEEP       64
#define REQ_KEEP_STEPS 16
#define REQ_KEEP_OFFS  128
#define REQ_KEEP_STRS  4096
static __thread pg_req *req_spare;
static __thread int nreq_spare;
static pthread_key_t spare_key; /* its destructor frees an exiting thread's spares */
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static int have_spare_key;

static void req_destroy(pg_req *r)
{
	free(r->results);
	free(r->steps);
	free(r->offs);
	buf_free(&r->strs);
	free(r);
}

static void spares_free(void *arg)
{
	(void)arg;
	while (req_spare) {
		pg_req *r = req_spare;
		req_spare = r->next;
		req_destroy(r);
	}
	nreq_spare = 0;
}

static void spare_key_init(void)
{
	have_spare_key = pthread_key_create(&spare_key, spares_free) == 0;
}

pg_req *pg_req_new(pg_done_fn done, void *arg)
{
	pg_req *r = req_spare;
	if (r) {
		req_spare = r->next;
		nreq_spare--;
		/* keep the arrays, clear the rest (pg_req_free left them empty) */
		step *steps = r->steps;
		int *offs = r->offs;
		buf strs = r->strs;
		PGresult **results = r->results;
		int capsteps = r->capsteps, capoffs = r->capoffs, capresults = r->capresults;
		memset(r, 0, sizeof *r);
		r->steps = steps;
		r->capsteps = capsteps;
		r->offs = offs;
		r->capoffs = capoffs;
		r->strs = strs;
		r->strs.len = r->strs.off = 0;
		r->results = results;
		r->capresults = capresults;
	} else {
		r = calloc(1, sizeof *r);
		if (!r) return NULL;
	}
	r->done = done;
	r->arg = arg;
	return r;
}

/* Room for r's delivered results, all NULL (a reused request keeps its
 * array, capresults long). Returns 0 or -1 (out of memory). */
static int req_results_reserve(pg_req *r)
{
	int nuser = r->nsteps - r->ncfg - r->nhidden;
	if (nuser <= 0) return 0;
	if (nuser > r->capresults) {
		PGresult **res = realloc(r->results, (size_t)nuser * sizeof *res);
		if (!res) return -1;
		r->results = res;
		r->capresults = nuser;
	}
	memset(r->results, 0, (size_t)nuser * sizeof *r->results);
	return 0;
}

void pg_req_free(pg_req *r)
{
	if (!r) return;
	if (r->results) {
		int nuser = r->nsteps - r->ncfg - r->nhidden;
		for (int i = 0; i < nuser && i < r->capresults; i++) {
			PQclear(r->results[i]);
			r->results[i] = NULL;
		}
	}
	free(r->errmsg);
	r->errmsg = NULL;
	pthread_once(&spare_once, spare_key_init);
	if (have_spare_key && nreq_spare < REQ_KEEP && r->capsteps <= REQ_KEEP_STEPS &&
	    r->capoffs <= REQ_KEEP_OFFS && r->strs.cap <= REQ_KEEP_STRS && r->capresults <= REQ_KEEP_STEPS) {
		if (!req_spare) pthread_setspecific(spare_key, &req_spare); /* non-NULL: destructor runs */
		r->next = req_spare;
		req_spare = r;
		nreq_spare++;
		return;
	}
	req_destroy(r);
}

/* Append r to the singly linked list *head .. *tail (a connection's requests
 * in flight, the pool's queue). */
static void req_append(pg_req **head, pg_req **tail, pg_req *r)
{
	r->next = NULL;
	if (*tail)
		(*tail)->next = r;
	else
		*head = r;
	*tail = r;
}

static int req_add_step(pg_req *r, const pg_stmt *st, const char *const *params, int at, int ui)
{
	int nparams = st->nparams;
	if (nparams < 0 || nparams > PG_MAX_PARAMS || r->nsteps >= PG_MAX_STEPS) return PG_E_INVAL;
	if (r->nsteps == r->capsteps) {
		int cap = r->capsteps ? r->capsteps * 2 : 4;
		step *s = realloc(r->steps, (size_t)cap * sizeof *s);
		if (!s) return PG_E_NOMEM;
		r->steps = s;
		r->capsteps = cap;
	}
	if (r->noffs + nparams > r->capoffs) {
		int cap = r->capoffs ? r->capoffs : 8;
		while (cap < r->noffs + nparams)
			cap *= 2;
		int *o = realloc(r->offs, (size_t)cap * sizeof *o);
		if (!o) return PG_E_NOMEM;
		r->offs = o;
		r->capoffs = cap;
	}
	size_t mark = r->strs.len;
	for (int i = 0; i < nparams; i++) {
		if (!params[i]) {
			r->offs[r->noffs + i] = -1;
			continue;
		}
		if (buf_append(&r->strs, params[i], strlen(params[i]) + 1) != 0 || r->strs.len > INT32_MAX) {
			r->strs.len = mark;
			return PG_E_NOMEM;
		}
		r->offs[r->noffs + i] = (int)(r->strs.len - strlen(params[i]) - 1);
	}
	step s = {st, r->noffs, ui, r->plan_key, 0};
	r->noffs += nparams;
	memmove(&r->steps[at + 1], &r->steps[at], (size_t)(r->nsteps - at) * sizeof s);
	r->steps[at] = s;
	r->nsteps++;
	return 0;
}

int pg_req_add(pg_req *r, const pg_stmt *st, const char *const *params)
{
	if (!st || (st->nparams > 0 && !params)) return PG_E_INVAL;
	return req_add_step(r, st, params, r->nsteps, r->nsteps - r->ncfg - r->nhidden);
}

int pg_req_set_config(pg_req *r, const char *name, const char *value)
{
	const char *params[2] = {name, value};
	if (!name) return PG_E_INVAL;
	int rc = req_add_step(r, &set_config_stmt, params, r->ncfg, -1);
	if (rc == 0) r->ncfg++;
	return rc;
}

int pg_req_add_unnamed(pg_req *r, const pg_stmt *st, const char *const *params)
{
	int rc = pg_req_add(r, st, params);
	if (rc == 0) r->steps[r->nsteps - 1].unnamed = 1;
	return rc;
}

int pg_req_add_hidden(pg_req *r, const pg_stmt *st, const char *const *params)
{
	if (!st || (st->nparams > 0 && !params)) return PG_E_INVAL;
	int rc = req_add_step(r, st, params, r->nsteps, -1);
	if (rc == 0) r->nhidden++;
	return rc;
}

int pg_req_set_plan_key(pg_req *r, unsigned key)
{
	if (key >= PG_PLAN_KEYS) return PG_E_INVAL;
	r->plan_key = key;
	return 0;
}

void pg_req_set_cancel(pg_req *r, pg_cancel_fn fn, void *arg)
{
	r->cancel = fn;
	r->cancel_arg = arg;
}

static void req_set_error(pg_req *r, int status, const char *sqlstate, const char *msg)
{
	if (r->status != 0) return; /* keep the first error: later ones are consequences */
	r->status = status;
	snprintf(r->sqlstate, sizeof r->sqlstate, "%s", sqlstate ? sqlstate : "");
	free(r->errmsg);
	r->errmsg = strdup(msg ? msg : "");
}

/* Deliver a user request's answer and free it. hold: the connection whose
 * transaction the callback may continue (pg_hold_commit), or NULL. */
static void req_complete_held(pg_req *r, pg_hold *hold)
{
	if (r->kind == REQ_USER && r->done) {
		PGresult *none = NULL;
		pg_reply rep = {
		    .hold = r->status == 0 ? hold : NULL,
		    .status = r->status,
		    .message = r->status ? (r->errmsg ? r->errmsg : pg_strerror(r->status)) : NULL,
		    .nresults = r->nsteps - r->ncfg - r->nhidden,
		    .results = r->results ? r->results : &none,
		};
		memcpy(rep.sqlstate, r->sqlstate, sizeof rep.sqlstate);
		if (r->status != 0 && r->results) {
			/* A failed transaction was rolled back: no partial results. */
			for (int i = 0; i < rep.nresults; i++) {
				PQclear(r->results[i]);
				r->results[i] = NULL;
			}
		}
		r->done(r->arg, &rep);
	}
	pg_req_free(r);
}

static void req_complete(pg_req *r)
{
	req_complete_held(r, NULL);
}

/* Complete every request of a detached list with an error. */
static void fail_list(pg_req *r, int status, const char *msg)
{
	while (r) {
		pg_req *next = r->next;
		r->next = NULL;
		req_set_error(r, status, "", msg);
		req_complete(r);
		r = next;
	}
}

/* ---- connection I/O ------------------------------------------------------ */

static void on_timer_closed(uv_handle_t *h);

static void pool_free_keys(pg_pool *p)
{
	if (p->keyed)
		for (int i = 0; i < p->nstmts * (PG_PLAN_KEYS - 1); i++)
			free(p->keyed[i]);
	free(p->keyed);
	free(p->hkeys);
	free(p->hidx);
}

static void pool_maybe_free(pg_pool *p)
{
	if (!p->closing || p->nhandles > 0) return;
	for (int i = 0; i < p->nconns; i++) {
		if (p->conns[i].pg) PQfinish(p->conns[i].pg);
		free(p->conns[i].prepared);
	}
	pool_free_keys(p);
	free(p->conninfo);
	free(p);
}

static void on_watch_closed(int *nhandles)
{
	pool_maybe_free(container_of(nhandles, pg_pool, nhandles));
}

static void on_timer_closed(uv_handle_t *h)
{
	pg_conn *c = container_of((uv_timer_t *)h, pg_conn, timer);
	pg_pool *p = c->p;
	p->nhandles--;
	pool_maybe_free(p);
}

static void watch_close(pg_conn *c)
{
	pg_watch_close(&c->watch);
}

/* Watch libpq's current socket for events. Returns 0 or -1. */
static int pgc_watch(pg_conn *c, int events)
{
	return pg_watch_set(&c->watch, &c->p->wspec, c, c->pg, events);
}

/* Push buffered output; watch for writability while some remains. */
static int pgc_flush(pg_conn *c)
{
	int rc = PQflush(c->pg);
	if (rc < 0) return -1;
	return pgc_watch(c, UV_READABLE | (rc == 1 ? UV_WRITABLE : 0));
}

static void pgc_push(pg_conn *c, pg_req *r)
{
	req_append(&c->head, &c->tail, r);
	c->ninflight++;
}

static int pgc_prepare_keyed(pg_conn *c, pg_req *r);
static const pg_stmt *pgc_step_stmt(pg_conn *c, const step *s, int *idx);

/* Hand one request to libpq: its queries and a sync. Returns 0, or -1 if
 * libpq refused (the connection is then broken; r was not queued). */
static int pgc_send(pg_conn *c, pg_req *r)
{
	PGconn *pg = c->pg;
	r->qi = 0;
	r->got = 0;
	if (r->kind == REQ_PREPARE && c->p->o.unnamed) {
		r->qcount = 0; /* nothing outlives a transaction: the sync only proves the login */
	} else if (r->kind == REQ_PREPARE) {
		int n = 0;
		for (const pg_stmt *const *s = c->p->stmts; s && *s; s++, n++)
			if (!PQsendPrepare(pg, (*s)->name, (*s)->sql, (*s)->nparams, NULL)) return -1;
		for (const pg_stmt *const *s = sql_pool_stmts; *s; s++, n++)
			if (!PQsendPrepare(pg, (*s)->name, (*s)->sql, (*s)->nparams, NULL)) return -1;
		r->qcount = n;
	} else if (r->kind == REQ_USER) {
		const char *vals[PG_MAX_PARAMS];
		if (!c->p->o.unnamed && pgc_prepare_keyed(c, r) != 0) return -1;
		for (int i = 0; i < r->nsteps; i++) {
			const pg_stmt *st = r->steps[i].st;
			for (int k = 0; k < st->nparams; k++) {
				int off = r->offs[r->steps[i].first_off + k];
				vals[k] = off < 0 ? NULL : (const char *)r->strs.data + off;
			}
			int idx;
			st = pgc_step_stmt(c, &r->steps[i], &idx);
			/* a copy not sent to this connection (its name could not be made
			 * before): the one prepared at connect */
			if (idx >= 0 && !c->prepared[(size_t)idx * (PG_PLAN_KEYS - 1) + r->steps[i].key - 1])
				st = r->steps[i].st;
			/* Unnamed: Parse of the unnamed statement, Bind, Describe, Execute;
			 * the next Parse replaces it, the sync ends it with the transaction. */
			if (c->p->o.unnamed || r->steps[i].unnamed
			        ? !PQsendQueryParams(pg, st->sql, st->nparams, NULL, vals, NULL, NULL, 0)
			        : !PQsendQueryPrepared(pg, st->name, st->nparams, vals, NULL, NULL, 0))
				return -1;
		}
		r->qcount = r->nsteps;
		if (r->hold) c->pinned = 1;
	} else if (r->kind == REQ_ROLLBACK) {
		if (c->p->o.unnamed ? !PQsendQueryParams(pg, rollback_stmt.sql, 0, NULL, NULL, NULL, NULL, 0)
		                    : !PQsendQueryPrepared(pg, rollback_stmt.name, 0, NULL, NULL, NULL, 0))
			return -1;
		r->qcount = 1;
	} else {
		r->qcount = 0; /* probe: an empty sync is a full round trip */
	}
	if (!PQpipelineSync(pg)) return -1;
	pgc_push(c, r);
	return 0;
}

/* ---- plan keys ------------------------------------------------------------ */

static size_t stmt_hash(const pg_stmt *st)
{
	return (size_t)(((uintptr_t)st >> 3) * 0x9E3779B97F4A7C15ull);
}

/* Index of st in the pool's table, or -1 (e.g. the pool's own set_config). */
static int pool_stmt_index(const pg_pool *p, const pg_stmt *st)
{
	if (!p->hkeys) return -1;
	for (size_t h = stmt_hash(st) & p->hmask;; h = (h + 1) & p->hmask) {
		if (p->hkeys[h] == st) return p->hidx[h];
		if (!p->hkeys[h]) return -1;
	}
}

/* The index and the per-key copies of the pool's statements. Returns 0 or -1. */
static int pool_init_keys(pg_pool *p)
{
	int n = 0;
	for (const pg_stmt *const *s = p->stmts; s && *s; s++)
		n++;
	if (n == 0) return 0;
	unsigned size = 16;
	while (size < 2u * (unsigned)n)
		size *= 2;
	p->hkeys = calloc(size, sizeof *p->hkeys);
	p->hidx = calloc(size, sizeof *p->hidx);
	p->keyed = calloc((size_t)n * (PG_PLAN_KEYS - 1), sizeof *p->keyed);
	if (!p->hkeys || !p->hidx || !p->keyed) return -1;
	p->hmask = size - 1;
	p->nstmts = n;
	for (int i = 0; i < n; i++) {
		const pg_stmt *st = p->stmts[i];
		size_t h = stmt_hash(st) & p->hmask;
		while (p->hkeys[h] && p->hkeys[h] != st)
			h = (h + 1) & p->hmask;
		if (p->hkeys[h]) continue; /* listed twice: the first index serves */
		p->hkeys[h] = st;
		p->hidx[h] = i;
	}
	for (int i = 0; i < p->nconns; i++) {
		p->conns[i].prepared = calloc((size_t)n * (PG_PLAN_KEYS - 1), 1);
		if (!p->conns[i].prepared) return -1;
	}
	return 0;
}

/* Statement i's copy for key (made on first use), or NULL when out of memory. */
static const pg_stmt *pool_keyed(pg_pool *p, int i, unsigned key)
{
	keyed_stmt **slot = &p->keyed[(size_t)i * (PG_PLAN_KEYS - 1) + key - 1];
	if (!*slot) {
		const pg_stmt *st = p->stmts[i];
		size_t nl = strlen(st->name) + 8, sl = strlen(st->sql) + 24;
		keyed_stmt *k = malloc(sizeof *k + nl + sl);
		if (!k) return NULL;
		snprintf(k->text, nl, "%s_k%u", st->name, key);
		snprintf(k->text + nl, sl, "%s\n-- plan key %u", st->sql, key);
		k->st = (pg_stmt){k->text, k->text + nl, st->nparams};
		*slot = k;
	}
	return &(*slot)->st;
}

/* The statement a step executes: its key's copy, or the one prepared at connect. */
static const pg_stmt *pgc_step_stmt(pg_conn *c, const step *s, int *idx)
{
	*idx = -1;
	if (s->key == 0 || s->unnamed || c->p->o.unnamed) return s->st;
	int i = pool_stmt_index(c->p, s->st);
	if (i < 0) return s->st;
	const pg_stmt *k = pool_keyed(c->p, i, s->key);
	if (!k) return s->st;
	*idx = i;
	return k;
}

/* Before a request: prepare (own sync) the copies its steps need that this
 * connection does not have yet. Returns 0, or -1 if libpq refused. */
static int pgc_prepare_keyed(pg_conn *c, pg_req *r)
{
	pg_req *prep = NULL;
	for (int i = 0; i < r->nsteps; i++) {
		int idx;
		const pg_stmt *st = pgc_step_stmt(c, &r->steps[i], &idx);
		if (idx < 0) continue;
		unsigned char *done = &c->prepared[(size_t)idx * (PG_PLAN_KEYS - 1) + r->steps[i].key - 1];
		if (*done) continue;
		if (!prep) {
			prep = pg_req_new(NULL, NULL);
			if (!prep) return -1; /* out of memory: the connection is dropped and retried */
			prep->kind = REQ_PREPARE_KEYED;
		}
		if (!PQsendPrepare(c->pg, st->name, st->sql, st->nparams, NULL)) {
			pg_req_free(prep);
			return -1;
		}
		/* Marked now: a later request in the pipeline follows this prepare. If
		 * it fails, the connection is dropped and the marks with it. */
		*done = 1;
		prep->qcount++;
		log_debug("db.prepare", "pool=%s worker=%d conn=%d statement=%s", c->p->o.name,
		          c->p->o.worker_id, c->idx, st->name);
	}
	if (!prep) return 0;
	if (!PQpipelineSync(c->pg)) {
		pg_req_free(prep);
		return -1;
	}
	pgc_push(c, prep);
	return 0;
}

/* A send failed inside a caller's stack: tear the connection down from the
 * timer so no callback runs inside pg_req_submit. */
static void on_timer(uv_timer_t *t);

static void pgc_timer(pg_conn *c, uint64_t timeout, uint64_t repeat)
{
	uv_timer_stop(&c->timer);
	uv_timer_start(&c->timer, on_timer, timeout, repeat);
}

static void pgc_defer_fail(pg_conn *c)
{
	pgc_set_state(c, PGC_BROKEN);
	pgc_timer(c, 0, 0);
}

static void pgc_became_ready(pg_conn *c)
{
	pg_pool *p = c->p;
	pgc_set_state(c, PGC_READY);
	c->backoff_ms = 0;
	c->last_rx = uv_now(p->loop);
	pgc_timer(c, p->o.probe_ms, p->o.probe_ms);
	/* The database is reachable again: siblings waiting out a long backoff
	 * reconnect now, so the whole pool recovers together. */
	for (int i = 0; i < p->nconns; i++) {
		pg_conn *o = &p->conns[i];
		if (o != c && o->state == PGC_BACKOFF && o->backoff_ms > p->o.backoff_min_ms) {
			o->backoff_ms = 0;
			pgc_timer(o, jitter(p, p->o.backoff_min_ms), 0);
		}
	}
	log_info("db.ready", "pool=%s worker=%d conn=%d server_version=%d statements=%s", p->o.name,
	         p->o.worker_id, c->idx, PQserverVersion(c->pg), p->o.unnamed ? "unnamed" : "named");
}

/* End c's held transaction with ROLLBACK; c stays pinned until its sync.
 * Returns 0, or -1 when the send failed (c torn down from the timer). */
static int pgc_rollback(pg_conn *c)
{
	pg_req *r = pg_req_new(NULL, NULL);
	if (!r) {
		pgc_defer_fail(c); /* a lost connection rolls back as well */
		return -1;
	}
	r->kind = REQ_ROLLBACK;
	if (pgc_send(c, r) != 0 || pgc_flush(c) != 0) {
		if (c->tail != r) pg_req_free(r);
		pgc_defer_fail(c);
		return -1;
	}
	return 0;
}

/* An internal request (prepare batch or probe) got its sync. Returns 0, or
 * -1 if the connection was failed. */
static int pgc_internal_done(pg_conn *c, pg_req *r)
{
	int failed = 0;
	if (r->kind == REQ_PREPARE) {
		if (r->status != 0) {
			char line[512], why[600];
			snprintf(why, sizeof why, "prepare failed: %s",
			         oneline(r->errmsg, line, sizeof line));
			pg_req_free(r);
			pgc_fail(c, why);
			return -1;
		}
		pgc_became_ready(c);
	} else if (r->kind == REQ_ROLLBACK) {
		c->pinned = 0; /* the held transaction is over: other requests may use c */
		failed = r->status != 0;
	} else if (r->kind == REQ_PREPARE_KEYED) {
		/* the statements were prepared at connect under their own names: a
		 * failure here is the database's (or a bug), not the request's */
		failed = r->status != 0;
	} else if (r->kind == REQ_PROBE) {
		if (c->state == PGC_PROBING) pgc_set_state(c, PGC_READY);
		failed = r->status != 0;
	}
	int keyed = r->kind == REQ_PREPARE_KEYED;
	pg_req_free(r);
	if (failed) {
		pgc_fail(c, keyed ? "prepare of a plan key's statement failed" : "probe failed");
		return -1;
	}
	return 0;
}

/* Read every complete answer libpq has. Returns 0, or -1 if the connection
 * failed or the pool closed meanwhile (stop touching c). */
static int pgc_read_results(pg_conn *c)
{
	pg_pool *p = c->p;
	while (c->head) {
		if (PQisBusy(c->pg)) return 0;
		PGresult *res = PQgetResult(c->pg);
		pg_req *r = c->head;
		if (!res) {
			if (r->got) { /* end of query qi's results */
				r->got = 0;
				r->qi++;
				continue;
			}
			return 0;
		}
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			c->head = r->next;
			if (!c->head) c->tail = NULL;
			c->ninflight--;
			r->next = NULL;
			if (r->qi != r->qcount)
				req_set_error(r, PG_E_UNAVAILABLE, "", "database protocol out of step");
			if (r->kind != REQ_USER) {
				if (pgc_internal_done(c, r) != 0) return -1;
				continue;
			}
			int held = r->hold, ended = r->hold_end, failed = r->status != 0;
			c->continued = 0;
			req_complete_held(r, held ? (pg_hold *)c : NULL);
			if (p->closing || !pgc_serving(c)) return -1;
			/* A held transaction that failed, or that its callback did not
			 * continue, is rolled back; one that committed frees c. */
			if ((held && !c->continued) || (ended && failed)) {
				if (pgc_rollback(c) != 0) return -1;
			} else if (ended) {
				c->pinned = 0;
			}
			continue;
		}
		r->got = 1;
		if (st == PGRES_FATAL_ERROR) {
			const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
			const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
			int code = PQstatus(c->pg) == CONNECTION_BAD ? PG_E_UNAVAILABLE : PG_E_SQL;
			req_set_error(r, code, state, msg ? msg : PQresultErrorMessage(res));
		} else if (st == PGRES_PIPELINE_ABORTED) {
			req_set_error(r, PG_E_SQL, "", "transaction aborted by an earlier error");
		} else if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			req_set_error(r, PG_E_SQL, "", PQresStatus(st));
		}
		int ui = r->kind == REQ_USER && r->qi < r->nsteps ? r->steps[r->qi].ui : -1;
		if (r->kind == REQ_USER && r->results && ui >= 0 && ui < r->nsteps - r->ncfg - r->nhidden &&
		    !r->results[ui]) {
			r->results[ui] = res;
		} else {
			PQclear(res);
		}
	}
	return 0;
}

/* Connected (pg_watch_connecting): pipeline mode, then prepare the
 * statements (PGC_PREPARING). */
static void pgc_connected(void *owner)
{
	pg_conn *c = owner;
	pg_pool *p = c->p;
	pg_req *r;
	if (PQsetnonblocking(c->pg, 1) != 0 || !PQenterPipelineMode(c->pg)) {
		pgc_fail(c, PQerrorMessage(c->pg));
		return;
	}
	PQsetNoticeProcessor(c->pg, quiet_notice, c);
	r = pg_req_new(NULL, NULL);
	if (!r) {
		pgc_fail(c, "out of memory");
		return;
	}
	r->kind = REQ_PREPARE;
	if (c->prepared) memset(c->prepared, 0, (size_t)p->nstmts * (PG_PLAN_KEYS - 1));
	pgc_set_state(c, PGC_PREPARING);
	if (pgc_send(c, r) != 0) {
		pg_req_free(r);
		pgc_fail(c, PQerrorMessage(c->pg));
		return;
	}
	if (pgc_flush(c) != 0) pgc_fail(c, PQerrorMessage(c->pg));
}

static void on_poll(uv_poll_t *h, int status, int events)
{
	pg_watch *w = container_of(h, pg_watch, poll);
	pg_conn *c = w->owner;
	if (!c) return;
	pg_pool *p = c->p;
	if (c->state == PGC_CONNECTING) {
		pg_watch_connecting(&c->watch, &p->wspec, c, c->pg);
		return;
	}
	if (c->state != PGC_PREPARING && !pgc_serving(c)) return;
	if (status < 0) {
		pgc_fail(c, uv_strerror(status));
		return;
	}
	if (events & UV_READABLE) {
		if (!PQconsumeInput(c->pg)) {
			pgc_fail(c, PQerrorMessage(c->pg));
			return;
		}
		c->last_rx = uv_now(p->loop);
		if (pgc_read_results(c) != 0) return;
		if (PQstatus(c->pg) == CONNECTION_BAD) {
			pgc_fail(c, PQerrorMessage(c->pg));
			return;
		}
	}
	/* Flush on writable, and after reading (libpq may have queued output). */
	if (pgc_flush(c) != 0) {
		pgc_fail(c, PQerrorMessage(c->pg));
		return;
	}
	pool_dispatch(p);
}

static int pool_any_ready(const pg_pool *p)
{
	for (int i = 0; i < p->nconns; i++)
		if (pgc_serving(&p->conns[i])) return 1;
	return 0;
}

static void pgc_schedule_reconnect(pg_conn *c)
{
	pg_pool *p = c->p;
	unsigned d = pg_backoff_next(c->backoff_ms, p->o.backoff_min_ms, p->o.backoff_max_ms);
	c->backoff_ms = d;
	metrics_count(p->o.metrics, METRICS_DB_RECONNECTS, 1);
	pgc_set_state(c, PGC_BACKOFF);
	pgc_timer(c, jitter(p, d), 0);
}

/* The connection is gone: answer its requests with UNAVAILABLE, and the
 * pool's queue too when no connection is left; reconnect after a backoff. */
static void pgc_fail(pg_conn *c, const char *why)
{
	pg_pool *p = c->p;
	char line[512];
	if (pgc_serving(c) || c->state == PGC_PREPARING || c->state == PGC_BROKEN)
		log_warn("db.conn_lost", "pool=%s worker=%d conn=%d error=\"%s\"", p->o.name, p->o.worker_id,
		         c->idx, oneline(why, line, sizeof line));
	else
		log_debug("db.connect_failed", "pool=%s worker=%d conn=%d error=\"%s\"", p->o.name,
		          p->o.worker_id, c->idx, oneline(why, line, sizeof line));
	watch_close(c);
	if (c->pg) {
		PQfinish(c->pg);
		c->pg = NULL;
	}
	pgc_schedule_reconnect(c);
	pg_req *inflight = c->head;
	c->head = c->tail = NULL;
	c->ninflight = 0;
	c->pinned = c->continued = 0; /* the server rolled back a held transaction */
	pg_req *queued = NULL;
	if (!pool_any_ready(p)) {
		queued = p->qhead;
		p->qhead = p->qtail = NULL;
		p->nqueued = 0;
		metrics_gauge_set(p->o.metrics, METRICS_DB_QUEUE, 0);
	}
	fail_list(inflight, PG_E_UNAVAILABLE, "database connection lost");
	fail_list(queued, PG_E_UNAVAILABLE, "database unavailable");
}

/* pgc_fail for pg_watch (its spec's failed). */
static void pgc_failed(void *owner, const char *why)
{
	pgc_fail(owner, why);
}

static void pgc_start(pg_conn *c)
{
	pg_pool *p = c->p;
	if (pg_watch_connect(&c->watch, &p->wspec, c, &c->pg, p->conninfo, p->o.app_name) != 0) return;
	pgc_set_state(c, PGC_CONNECTING);
	/* Connect and prepare must both finish within the timeout. */
	pgc_timer(c, p->o.connect_timeout_ms, 0);
}

static void pgc_probe(pg_conn *c)
{
	pg_pool *p = c->p;
	uint64_t now = uv_now(p->loop);
	if (c->state == PGC_PROBING) {
		if (now - c->probe_sent >= p->o.dead_ms) pgc_fail(c, "database did not answer the probe");
		return;
	}
	if (c->ninflight > 0 || now - c->last_rx < p->o.probe_ms / 2) return;
	pg_req *r = pg_req_new(NULL, NULL);
	if (!r) return;
	r->kind = REQ_PROBE;
	if (pgc_send(c, r) != 0) {
		pg_req_free(r);
		pgc_fail(c, PQerrorMessage(c->pg));
		return;
	}
	pgc_set_state(c, PGC_PROBING);
	c->probe_sent = now;
	if (pgc_flush(c) != 0) pgc_fail(c, PQerrorMessage(c->pg));
}

static void on_timer(uv_timer_t *t)
{
	pg_conn *c = container_of(t, pg_conn, timer);
	switch (c->state) {
	case PGC_BACKOFF:
		pgc_start(c);
		break;
	case PGC_CONNECTING:
	case PGC_PREPARING:
		pgc_fail(c, "timeout connecting to the database");
		break;
	case PGC_READY:
	case PGC_PROBING:
		pgc_probe(c);
		break;
	case PGC_BROKEN:
		pgc_fail(c, c->pg ? PQerrorMessage(c->pg) : "send failed");
		break;
	case PGC_CLOSED:
	case PGC_COUNT:
		break;
	}
}

/* ---- pool ---------------------------------------------------------------- */

static pg_conn *pool_pick(pg_pool *p)
{
	pg_conn *best = NULL;
	for (int i = 0; i < p->nconns; i++) {
		pg_conn *c = &p->conns[i];
		if (!pgc_serving(c) || c->pinned || c->ninflight >= p->o.max_pipeline) continue;
		if (!best || c->ninflight < best->ninflight) best = c;
	}
	return best;
}

/* Send a request on c and flush; on a libpq failure the connection is torn
 * down later and -1 returned (r not queued anywhere). */
static int pool_send_on(pg_conn *c, pg_req *r)
{
	if (pgc_send(c, r) != 0 || pgc_flush(c) != 0) {
		if (c->tail == r) { /* queued in libpq's eyes but the conn is dead */
			/* unlink r: it is the tail */
			pg_req **pp = &c->head;
			while (*pp != r)
				pp = &(*pp)->next;
			*pp = NULL;
			c->tail = NULL;
			for (pg_req *q = c->head; q; q = q->next)
				c->tail = q;
			c->ninflight--;
		}
		pgc_defer_fail(c);
		return -1;
	}
	return 0;
}

/* Move queued requests onto connections with room. */
static void pool_dispatch(pg_pool *p)
{
	while (p->qhead && !p->closing) {
		pg_conn *c = pool_pick(p);
		if (!c) return;
		pg_req *r = p->qhead;
		p->qhead = r->next;
		if (!p->qhead) p->qtail = NULL;
		p->nqueued--;
		metrics_gauge_set(p->o.metrics, METRICS_DB_QUEUE, p->nqueued);
		r->next = NULL;
		if (r->cancel && r->cancel(r->cancel_arg)) {
			req_set_error(r, PG_E_CANCELLED, "", "caller gone");
			req_complete(r);
			continue;
		}
		if (pool_send_on(c, r) != 0) {
			req_set_error(r, PG_E_UNAVAILABLE, "", "database connection lost");
			req_complete(r);
		}
	}
}

int pg_req_submit(pg_pool *p, pg_req *r)
{
	int rc;
	if (!r) return PG_E_NOMEM;
	if (!p || p->closing || !pool_any_ready(p)) {
		rc = PG_E_UNAVAILABLE;
		goto fail;
	}
	if (r->cancel && r->cancel(r->cancel_arg)) {
		rc = PG_E_CANCELLED;
		goto fail;
	}
	if (req_results_reserve(r) != 0) {
		rc = PG_E_NOMEM;
		goto fail;
	}
	r->kind = REQ_USER;
	pg_conn *c = p->qhead ? NULL : pool_pick(p);
	if (c) {
		if (pool_send_on(c, r) == 0) return 0;
		rc = PG_E_UNAVAILABLE;
		goto fail;
	}
	if (p->nqueued >= p->max_queued) {
		rc = PG_E_BUSY;
		goto fail;
	}
	req_append(&p->qhead, &p->qtail, r);
	p->nqueued++;
	metrics_gauge_set(p->o.metrics, METRICS_DB_QUEUE, p->nqueued);
	return 0;
fail:
	pg_req_free(r);
	return rc;
}

int pg_req_hold(pg_req *r)
{
	if (r->hold) return 0;
	int rc = req_add_step(r, &begin_stmt, NULL, 0, -1);
	if (rc != 0) return rc;
	r->ncfg++; /* like a setting: before the statements, no result of its own */
	r->hold = 1;
	return 0;
}

int pg_hold_commit(pg_hold *h, pg_req *r)
{
	pg_conn *c = (pg_conn *)h;
	int rc = PG_E_UNAVAILABLE;
	if (!r) return PG_E_NOMEM;
	if (!c || c->continued || !pgc_serving(c) || c->p->closing) goto fail;
	if ((rc = pg_req_add(r, &commit_stmt, NULL)) != 0) goto fail;
	if (req_results_reserve(r) != 0) {
		rc = PG_E_NOMEM;
		goto fail;
	}
	r->kind = REQ_USER;
	r->hold_end = 1;
	c->continued = 1;
	if (pool_send_on(c, r) == 0) return 0;
	rc = PG_E_UNAVAILABLE;
fail:
	pg_req_free(r);
	return rc;
}

int pg_pool_create_ex(uv_loop_t *loop, const pg_pool_opts *opts, pg_pool **out)
{
	int n = opts->size > 0 ? opts->size : 2;
	pg_pool *p = calloc(1, sizeof *p + (size_t)n * sizeof(pg_conn));
	if (!p) return PG_E_NOMEM;
	p->loop = loop;
	p->wspec = (pg_watch_spec){loop, on_poll, &p->nhandles, on_watch_closed, pgc_failed, pgc_connected};
	p->o = *opts;
	p->o.size = n;
#define DEF(f, v)                                                                                            \
	if (!p->o.f) p->o.f = (v)
	DEF(max_pipeline, 64);
	DEF(probe_ms, 1000);
	DEF(stale_ms, 2000);
	DEF(dead_ms, 5000);
	DEF(connect_timeout_ms, 5000);
	DEF(backoff_min_ms, 100);
	/* Capped at 1 s: a reconnect waits at most that long after the database
	 * is back (D35), and a few refused connects per second cost nothing. */
	DEF(backoff_max_ms, 1000);
	DEF(name, "primary");
	DEF(app_name, "passendd");
#undef DEF
	if (p->o.backoff_max_ms < p->o.backoff_min_ms) p->o.backoff_max_ms = p->o.backoff_min_ms;
	p->conninfo = strdup(opts->conninfo ? opts->conninfo : "");
	if (!p->conninfo) {
		free(p);
		return PG_E_NOMEM;
	}
	p->stmts = opts->stmts;
	p->o.conninfo = p->conninfo;
	p->max_queued = (unsigned)n * p->o.max_pipeline * 4;
	p->rnd = uv_hrtime() ^ (uint64_t)(uintptr_t)p ^ ((uint64_t)opts->worker_id << 32);
	if (!p->rnd) p->rnd = 88172645463325252ull;
	p->nconns = n;
	if (!p->o.unnamed && pool_init_keys(p) != 0) {
		for (int i = 0; i < n; i++)
			free(p->conns[i].prepared);
		pool_free_keys(p);
		free(p->conninfo);
		free(p);
		return PG_E_NOMEM;
	}
	for (int i = 0; i < n; i++) {
		pg_conn *c = &p->conns[i];
		c->p = p;
		c->idx = i;
		uv_timer_init(loop, &c->timer);
		p->nhandles++;
	}
	/* Start the first attempts from the loop, not from the caller's stack. */
	for (int i = 0; i < n; i++) {
		p->conns[i].state = PGC_BACKOFF; /* initial state */
		metrics_db_state(p->o.metrics, -1, PGC_BACKOFF);
		pgc_timer(&p->conns[i], 0, 0);
	}
	*out = p;
	return 0;
}

int pg_pool_create(struct worker *w, enum pg_pool_kind kind, pg_pool **out)
{
	const config *cfg = &w->srv->cfg;
	int reports = kind == PG_POOL_REPORTS;
	pg_pool_opts o = {
	    .conninfo = reports ? cfg->db_reports : cfg->db,
	    .name = reports ? "reports" : "primary",
	    .app_name = reports ? "passendd-reports" : "passendd",
	    .unnamed = strcmp(cfg->db_statements, "unnamed") == 0,
	    .size = cfg->db_pool_size,
	    .max_pipeline = cfg->db_max_pipeline,
	    .connect_timeout_ms = cfg->db_connect_timeout_ms,
	    .stmts = w->srv->stmts,
	    .worker_id = w->id,
	    .metrics = w->metrics,
	};
	return pg_pool_create_ex(&w->loop, &o, out);
}

void pg_pool_close(pg_pool *p)
{
	if (!p || p->closing) return;
	p->closing = 1;
	pg_req *lists[64];
	int nl = 0;
	for (int i = 0; i < p->nconns; i++) {
		pg_conn *c = &p->conns[i];
		pgc_set_state(c, PGC_CLOSED);
		watch_close(c);
		uv_timer_stop(&c->timer);
		uv_close((uv_handle_t *)&c->timer, on_timer_closed);
		/* PQfinish happens when the last handle has closed (pool_maybe_free):
		 * this may run inside a callback that still reads from c->pg. */
		if (nl < 64) {
			lists[nl++] = c->head;
		} else {
			fail_list(c->head, PG_E_UNAVAILABLE, "server shutting down");
		}
		c->head = c->tail = NULL;
		c->ninflight = 0;
	}
	pg_req *queued = p->qhead;
	p->qhead = p->qtail = NULL;
	p->nqueued = 0;
	metrics_gauge_set(p->o.metrics, METRICS_DB_QUEUE, 0);
	/* Callbacks run last: p stays allocated until the close callbacks. */
	for (int i = 0; i < nl; i++)
		fail_list(lists[i], PG_E_UNAVAILABLE, "server shutting down");
	fail_list(queued, PG_E_UNAVAILABLE, "server shutting down");
}

int pg_pool_healthy(const pg_pool *p)
{
	if (!p || p->closing) return 0;
	uint64_t now = uv_now(p->loop);
	for (int i = 0; i < p->nconns; i++) {
		const pg_conn *c = &p->conns[i];
		if (pgc_serving(c) && now - c->last_rx <= p->o.stale_ms) return 1;
	}
	return 0;
}

int pg_pool_ready_count(const pg_pool *p)
{
	int n = 0;
	for (int i = 0; p && i < p->nconns; i++)
		n += pgc_serving(&p->conns[i]);
	return n;
}

int pg_pool_awaiting(const pg_pool *p)
{
	if (!p) return 0;
	if (p->nqueued) return 1;
	for (int i = 0; i < p->nconns; i++)
		if (p->conns[i].ninflight) return 1;
	return 0;
}

const char *pg_conn_state_name(int i)
{
	_Static_assert(PGC_COUNT <= METRICS_DB_STATES, "metrics keep fewer connection states");
	return i >= 0 && i < PGC_COUNT ? pgc_state_names[i] : NULL;
}

/* ---- helpers ------------------------------------------------------------- */

int pg_reply_unavailable(const pg_reply *rep)
{
	const char *s = rep->sqlstate;
	if (rep->status == PG_E_UNAVAILABLE || rep->status == PG_E_BUSY) return 1;
	return rep->status == PG_E_SQL &&
	       (!strncmp(s, "08", 2) || !strncmp(s, "57P0", 4) || !strncmp(s, "53", 2));
}

const char *pg_strerror(int status)
{
	switch (status) {
	case PG_OK:
		return "ok";
	case PG_E_UNAVAILABLE:
		return "database unavailable";
	case PG_E_SQL:
		return "database error";
	case PG_E_CANCELLED:
		return "request cancelled";
	case PG_E_BUSY:
		return "database busy";
	case PG_E_NOMEM:
		return "out of memory";
	case PG_E_INVAL:
		return "invalid request";
	default:
		return "unknown database error";
	}
}
