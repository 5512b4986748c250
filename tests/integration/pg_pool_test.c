/* pg_pool_test: drives server/pg_pool.c and server/migrate.c against a real
 * private PostgreSQL started by test_pg_pool.sh.
 *   pg_pool_test pool CONNINFO      (PG_STOP_CMD / PG_START_CMD: shell commands
 *                                    that stop and start that PostgreSQL)
 *   pg_pool_test pool-unnamed CONNINFO   the same queries with unnamed
 *                                    statements (db_statements = unnamed)
 *   pg_pool_test migrate CONNINFO SRC_MIGRATIONS_DIR WORK_DIR
 * Prints one line per check; exits 1 if any check failed. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>
#include <unistd.h>

#include "config.h"
#include "grpc_status.h"
#include "migrate.h"
#include "pg_pool.h"
#include "sql_pool.h"
#include "svc/svc_db.h"

/* The gRPC code the services give a reply with this status and SQLSTATE. */
static int grpc_of(int status, const char *sqlstate)
{
	pg_reply rep = {.status = status};
	snprintf(rep.sqlstate, sizeof rep.sqlstate, "%s", sqlstate);
	return svc_grpc_status(&rep);
}

static int failures, checks;

#define CHECK(cond, ...)                                                                                     \
	do {                                                                                                 \
		checks++;                                                                                    \
		if (cond) {                                                                                  \
			printf("ok   ");                                                                     \
		} else {                                                                                     \
			printf("FAIL ");                                                                     \
			failures++;                                                                          \
		}                                                                                            \
		printf(__VA_ARGS__);                                                                         \
		printf("  (%s:%d)\n", __FILE__, __LINE__);                                                   \
		fflush(stdout);                                                                              \
	} while (0)

/* ---- statements ---------------------------------------------------------- */
static const pg_stmt s_add = {"t_add", "SELECT $1::int + $2::int", 2};
static const pg_stmt s_echo = {"t_echo", "SELECT $1::text", 1};
static const pg_stmt s_div0 = {"t_div0", "SELECT 1 / (0 * $1::int)", 1};
static const pg_stmt s_sleep = {"t_sleep", "SELECT pg_sleep($1::float8)", 1};
static const pg_stmt s_ins = {"t_ins", "INSERT INTO pool_t (v) VALUES ($1::int)", 1};
static const pg_stmt s_count = {"t_count", "SELECT count(*) FROM pool_t WHERE v = $1::int", 1};
static const pg_stmt s_getcfg = {"t_getcfg", "SELECT coalesce(current_setting($1, true), '<null>')", 1};
static const pg_stmt s_prepared = {"t_prepared",
                                   "SELECT count(*) FROM pg_prepared_statements WHERE name = $1", 1};
static const pg_stmt s_isnull = {"t_isnull", "SELECT $1::text IS NULL", 1};
/* the rows of pool_rls that the role in force may read (row-level security) */
static const pg_stmt s_who = {"t_who",
                              "SELECT coalesce(string_agg(who, ',' ORDER BY who), '-') FROM pool_rls", 0};
static const pg_stmt *const stmts[] = {&s_add,   &s_echo,   &s_isnull,   &s_div0, &s_sleep, &s_ins,
                                       &s_count, &s_getcfg, &s_prepared, &s_who,  NULL};

static uv_loop_t loop;
static const char *conninfo;
static int unnamed; /* pools send unnamed statements (pg_pool_opts.unnamed) */

/* ---- loop helpers -------------------------------------------------------- */
static void tick(uv_timer_t *t)
{
	(void)t;
}

/* Run the loop until *flag (if given) becomes non-zero or pred() holds, or
 * timeout. Returns 1 if the condition was met. */
static int run_until(int (*pred)(void *), void *arg, int timeout_ms)
{
	uv_timer_t t;
	uv_timer_init(&loop, &t);
	uv_timer_start(&t, tick, 5, 5);
	uint64_t end = uv_now(&loop) + (uint64_t)timeout_ms;
	int met = 0;
	while (!(met = pred(arg)) && uv_now(&loop) < end)
		uv_run(&loop, UV_RUN_ONCE);
	uv_close((uv_handle_t *)&t, NULL);
	uv_run(&loop, UV_RUN_NOWAIT);
	return met;
}

static int pred_healthy(void *p)
{
	return pg_pool_healthy(p);
}
static int pred_unhealthy(void *p)
{
	return !pg_pool_healthy(p);
}
static int pred_flag(void *f)
{
	return *(int *)f;
}

/* ---- one answer recorder --------------------------------------------------- */
typedef struct answer {
	int done;
	int status;
	char sqlstate[6];
	char msg[256];
	int nres;
	char val[8][128]; /* first value of each result */
	int order;        /* completion sequence number */
} answer;
static int completion_seq;

static void on_answer(void *arg, const pg_reply *rep)
{
	answer *a = arg;
	a->done = 1;
	a->status = rep->status;
	a->order = ++completion_seq;
	memcpy(a->sqlstate, rep->sqlstate, sizeof a->sqlstate);
	snprintf(a->msg, sizeof a->msg, "%s", rep->message ? rep->message : "");
	a->nres = rep->nresults;
	for (int i = 0; i < rep->nresults && i < 8; i++) {
		const PGresult *r = rep->results[i];
		if (r && PQntuples(r) > 0 && PQnfields(r) > 0)
			snprintf(a->val[i], sizeof a->val[i], "%s", PQgetvalue(r, 0, 0));
		else
			snprintf(a->val[i], sizeof a->val[i], "%s", r ? "<none>" : "<no result>");
	}
}

/* Submit one statement; returns submit's status. */
static int submit1(pg_pool *p, answer *a, const pg_stmt *st, const char *const *params)
{
	memset(a, 0, sizeof *a);
	pg_req *r = pg_req_new(on_answer, a);
	if (!r || pg_req_add(r, st, params) != 0) {
		pg_req_free(r);
		return PG_E_NOMEM;
	}
	return pg_req_submit(p, r);
}

static int cancel_flag_fn(void *arg)
{
	return *(int *)arg;
}

static void sync_sql(const char *sql)
{
	PGconn *c = PQconnectdb(conninfo);
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) fprintf(stderr, "setup: %s", PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

static pg_pool *make_pool(int size, unsigned max_pipeline)
{
	pg_pool_opts o = {
	    .conninfo = conninfo,
	    .size = size,
	    .max_pipeline = max_pipeline,
	    .stmts = stmts,
	    .backoff_max_ms = 1000,
	    .unnamed = unnamed,
	};
	pg_pool *p = NULL;
	if (pg_pool_create_ex(&loop, &o, &p) != 0) return NULL;
	return p;
}

/* Close and let the close callbacks free it (other pools keep running). */
static void close_pool(pg_pool *p)
{
	int never = 0;
	pg_pool_close(p);
	run_until(pred_flag, &never, 50);
}

/* ---- pool scenarios ------------------------------------------------------ */
static void test_basic(pg_pool *p)
{
	answer a;
	const char *two[] = {"2", "3"};
	CHECK(submit1(p, &a, &s_add, two) == 0, "submit a query");
	CHECK(run_until(pred_flag, &a.done, 5000), "answer arrives");
	CHECK(a.status == PG_OK && !strcmp(a.val[0], "5"), "2 + 3 = %s (status %d %s)", a.val[0], a.status,
	      a.msg);

	/* parameters are data, never SQL */
	const char *evil[] = {"x'); DROP TABLE pool_t; --"};
	CHECK(submit1(p, &a, &s_echo, evil) == 0 && run_until(pred_flag, &a.done, 5000), "echo answered");
	CHECK(a.status == 0 && !strcmp(a.val[0], evil[0]), "text parameter comes back unchanged: %s",
	      a.val[0]);
	const char *nul[] = {NULL};
	CHECK(submit1(p, &a, &s_isnull, nul) == 0 && run_until(pred_flag, &a.done, 5000) &&
	          !strcmp(a.val[0], "t"),
	      "NULL parameter is SQL NULL (%s)", a.val[0]);

	/* named: every statement is prepared on the connection; unnamed: none
	 * is, so nothing outlives a transaction (PgBouncer may hand the server
	 * session to another client after each sync) */
	const char *want = unnamed ? "0" : "1";
	const char *nm[] = {"t_count"};
	CHECK(submit1(p, &a, &s_prepared, nm) == 0 && run_until(pred_flag, &a.done, 5000), "prepared query");
	CHECK(!strcmp(a.val[0], want), "t_count prepared on the connection: %s (want %s)", a.val[0], want);
	const char *nm2[] = {sql_pool_set_config.stmt.name};
	CHECK(submit1(p, &a, &s_prepared, nm2) == 0 && run_until(pred_flag, &a.done, 5000) &&
	          !strcmp(a.val[0], want),
	      "internal set_config statement prepared: %s (want %s)", a.val[0], want);
	const pg_stmt s_all = {"t_all", "SELECT count(*) FROM pg_prepared_statements", 0};
	if (unnamed) {
		CHECK(submit1(p, &a, &s_all, NULL) == 0 && run_until(pred_flag, &a.done, 5000) &&
		          a.status == 0 && !strcmp(a.val[0], "0"),
		      "unnamed: a statement not in the table runs too, and no statement is prepared (%s %s)",
		      a.val[0], a.msg);
	}
}

static void test_transaction(pg_pool *p)
{
	answer a, b;
	/* one request = one transaction: an error rolls back the earlier insert */
	pg_req *r = pg_req_new(on_answer, &a);
	memset(&a, 0, sizeof a);
	const char *v7[] = {"7"}, *one[] = {"1"};
	CHECK(pg_req_add(r, &s_ins, v7) == 0 && pg_req_add(r, &s_div0, one) == 0 &&
	          pg_req_add(r, &s_echo, one) == 0,
	      "build a three-statement request");
	CHECK(pg_req_submit(p, r) == 0 && run_until(pred_flag, &a.done, 5000),
	      "failing transaction answered");
	CHECK(a.status == PG_E_SQL && !strcmp(a.sqlstate, "22012"),
	      "division by zero reported: status %d sqlstate %s msg %s", a.status, a.sqlstate, a.msg);
	CHECK(grpc_of(a.status, a.sqlstate) == GRPC_STATUS_INVALID_ARGUMENT,
	      "22012 maps to INVALID_ARGUMENT");
	CHECK(submit1(p, &b, &s_count, v7) == 0 && run_until(pred_flag, &b.done, 5000), "count answered");
	CHECK(b.status == 0 && !strcmp(b.val[0], "0"),
	      "insert of the failed transaction was rolled back (count %s)", b.val[0]);

	/* a successful multi-statement transaction commits */
	r = pg_req_new(on_answer, &a);
	memset(&a, 0, sizeof a);
	const char *v8[] = {"8"};
	CHECK(pg_req_add(r, &s_ins, v8) == 0 && pg_req_add(r, &s_count, v8) == 0, "build insert+count");
	CHECK(pg_req_submit(p, r) == 0 && run_until(pred_flag, &a.done, 5000), "insert+count answered");
	CHECK(a.status == 0 && a.nres == 2 && !strcmp(a.val[1], "1"),
	      "count inside the transaction sees the insert (%s)", a.val[1]);

	/* set_config is local to the request's transaction */
	r = pg_req_new(on_answer, &a);
	memset(&a, 0, sizeof a);
	const char *name[] = {"passend.swv_id"};
	CHECK(pg_req_add(r, &s_getcfg, name) == 0 && pg_req_set_config(r, "passend.swv_id", "42") == 0,
	      "statement then set_config (set_config still runs first)");
	CHECK(pg_req_submit(p, r) == 0 && run_until(pred_flag, &a.done, 5000), "set_config request answered");
	CHECK(a.status == 0 && a.nres == 1 && !strcmp(a.val[0], "42"), "passend.swv_id = %s inside",
	      a.val[0]);
	for (int i = 0; i < 4; i++) { /* whichever connection it lands on */
		CHECK(submit1(p, &b, &s_getcfg, name) == 0 && run_until(pred_flag, &b.done, 5000),
		      "next request");
		CHECK(strcmp(b.val[0], "42") != 0, "passend.swv_id not leaked into a later transaction (%s)",
		      b.val[0]);
	}
}

/* pg_req_add_unnamed: a step parsed and planned for its own execution (the
 * batch upsert's chunk, D53), in the same transaction as the named steps
 * around it, with its parameters; never prepared, also under a plan key. */
static void test_unnamed_step(pg_pool *p)
{
	static const pg_stmt s_unn = {"t_unnamed_step", "SELECT ($1::int * 10)::text", 1};
	answer a;
	memset(&a, 0, sizeof a);
	const char *v9[] = {"9"}, *four[] = {"4"};
	pg_req *r = pg_req_new(on_answer, &a);
	CHECK(r && pg_req_set_plan_key(r, 3) == 0 && pg_req_add(r, &s_ins, v9) == 0 &&
	          pg_req_add_unnamed(r, &s_unn, four) == 0 && pg_req_add(r, &s_count, v9) == 0,
	      "build a named, an unnamed and a named step");
	CHECK(r && pg_req_submit(p, r) == 0 && run_until(pred_flag, &a.done, 5000), "answered");
	CHECK(a.status == 0 && a.nres == 3 && !strcmp(a.val[1], "40") && !strcmp(a.val[2], "1"),
	      "the unnamed step ran with its parameter (%s), in the transaction of the others (count %s) %s",
	      a.val[1], a.val[2], a.msg);
	const char *nm[] = {"t_unnamed_step"}, *k3[] = {"t_unnamed_step_k3"};
	CHECK(submit1(p, &a, &s_prepared, nm) == 0 && run_until(pred_flag, &a.done, 5000) &&
	          !strcmp(a.val[0], "0"),
	      "an unnamed step is not prepared: %s", a.val[0]);
	CHECK(submit1(p, &a, &s_prepared, k3) == 0 && run_until(pred_flag, &a.done, 5000) &&
	          !strcmp(a.val[0], "0"),
	      "... nor a plan key's copy of it: %s", a.val[0]);
}

/* Two roles and a table under row-level security for test_plan_keys (before
 * any pool: every connection prepares s_who at connect). */
static void setup_plan_keys(void)
{
	sync_sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pool_ra') THEN "
	         "CREATE ROLE pool_ra NOLOGIN; CREATE ROLE pool_rb NOLOGIN; END IF; END $$");
	sync_sql("GRANT pool_ra, pool_rb TO CURRENT_USER");
	sync_sql("DROP TABLE IF EXISTS pool_rls; CREATE TABLE pool_rls (who text); "
	         "INSERT INTO pool_rls VALUES ('pool_ra'), ('pool_rb'), ('other'); "
	         "ALTER TABLE pool_rls ENABLE ROW LEVEL SECURITY; "
	         "CREATE POLICY mine ON pool_rls USING (who = current_user); "
	         "GRANT SELECT ON pool_rls TO pool_ra, pool_rb");
}

/* Plan keys (pg_req_set_plan_key): a role's statements go to that key's own
 * copy, prepared on the connection at first use; what a statement returns is
 * still decided by the role in force, whatever copy runs. One connection, so
 * every request follows the other on it. */
static void test_plan_keys(void)
{
	pg_pool *p = make_pool(1, 8);
	CHECK(p != NULL && run_until(pred_healthy, p, 5000), "one-connection pool healthy");
	if (!p) return;
	/* role, key, expected rows: A then B then A again, each with its own key,
	 * then each role with the OTHER role's key (a caller's mistake must not
	 * change rights), then the connect-time copy (key 0) */
	static const struct {
		const char *role;
		unsigned key;
	} seq[] = {{"pool_ra", 1}, {"pool_rb", 2}, {"pool_ra", 1}, {"pool_rb", 2},
	           {"pool_ra", 2}, {"pool_rb", 1}, {"pool_ra", 0}, {"pool_rb", 0}};
	for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
		answer a;
		memset(&a, 0, sizeof a);
		pg_req *r = pg_req_new(on_answer, &a);
		CHECK(r && pg_req_set_config(r, "role", seq[i].role) == 0 &&
		          pg_req_set_plan_key(r, seq[i].key) == 0 && pg_req_add(r, &s_who, NULL) == 0,
		      "request as %s with plan key %u", seq[i].role, seq[i].key);
		CHECK(pg_req_submit(p, r) == 0 && run_until(pred_flag, &a.done, 5000), "answered");
		CHECK(a.status == 0 && !strcmp(a.val[0], seq[i].role),
		      "as %s (after %s, key %u) the rows are that role's: %s %s", seq[i].role,
		      i ? seq[i - 1].role : "none", seq[i].key, a.val[0], a.msg);
	}
	/* named: one copy per key used, prepared once; unnamed: nothing prepared */
	const char *want = unnamed ? "0" : "1";
	const char *names[] = {"t_who_k1", "t_who_k2"};
	for (int i = 0; i < 2; i++) {
		answer a;
		CHECK(submit1(p, &a, &s_prepared, &names[i]) == 0 && run_until(pred_flag, &a.done, 5000) &&
		          !strcmp(a.val[0], want),
		      "%s prepared on the connection: %s (want %s)", names[i], a.val[0], want);
	}
	answer a;
	const char *k3[] = {"t_who_k3"};
	CHECK(submit1(p, &a, &s_prepared, k3) == 0 && run_until(pred_flag, &a.done, 5000) &&
	          !strcmp(a.val[0], "0"),
	      "a key never used has no copy: %s", a.val[0]);
	pg_req *r = pg_req_new(on_answer, &a);
	CHECK(r && pg_req_set_plan_key(r, PG_PLAN_KEYS) == PG_E_INVAL, "plan key out of range refused");
	pg_req_free(r);
	close_pool(p);
}

static void test_pipeline(void)
{
	/* one connection, deep pipeline: answers arrive in submit order, and one
	 * failing transaction in the middle does not disturb its neighbours */
	pg_pool *p = make_pool(1, 16);
	CHECK(p && run_until(pred_healthy, p, 5000), "single-connection pool healthy");
	enum { N = 40 };
	static answer a[N];
	char vals[N][16];
	int submitted = 0;
	for (int i = 0; i < N; i++) {
		snprintf(vals[i], sizeof vals[i], "%d", i);
		const char *pv[] = {vals[i]};
		submitted += submit1(p, &a[i], i == 17 ? &s_div0 : &s_echo, pv) == 0;
	}
	CHECK(submitted == N, "%d of %d pipelined requests accepted (16 in flight, rest queued)", submitted,
	      N);
	int all = 0;
	for (int tries = 0; tries < 500 && !all; tries++) {
		run_until(pred_flag, &a[N - 1].done, 20);
		all = 1;
		for (int i = 0; i < N; i++)
			all &= a[i].done;
	}
	CHECK(all, "all pipelined requests answered");
	int in_order = 1, right = 1;
	for (int i = 1; i < N; i++)
		in_order &= a[i].order > a[i - 1].order;
	for (int i = 0; i < N; i++)
		right &= i == 17 ? (a[i].status == PG_E_SQL && !strcmp(a[i].sqlstate, "22012"))
		                 : (a[i].status == 0 && !strcmp(a[i].val[0], vals[i]));
	CHECK(in_order, "answers delivered in submit order");
	CHECK(right, "each answer is its own request's; only #17 failed");

	/* cancel check: queued work of a gone caller is dropped before sending */
	pg_pool *q = make_pool(1, 1);
	CHECK(q && run_until(pred_healthy, q, 5000), "pipeline-1 pool healthy");
	answer slow, gone;
	const char *sec[] = {"0.3"}, *v99[] = {"99"};
	int flag = 0;
	CHECK(submit1(q, &slow, &s_sleep, sec) == 0, "slow request sent");
	memset(&gone, 0, sizeof gone);
	pg_req *r = pg_req_new(on_answer, &gone);
	CHECK(pg_req_add(r, &s_ins, v99) == 0, "insert 99 built");
	pg_req_set_cancel(r, cancel_flag_fn, &flag);
	CHECK(pg_req_submit(q, r) == 0, "insert 99 queued behind it");
	flag = 1; /* the caller goes away */
	CHECK(run_until(pred_flag, &gone.done, 5000), "cancelled request completed");
	CHECK(gone.status == PG_E_CANCELLED, "status is PG_E_CANCELLED (%d)", gone.status);
	CHECK(slow.done && slow.status == 0, "slow request finished first and fine");
	answer cnt;
	CHECK(submit1(q, &cnt, &s_count, v99) == 0 && run_until(pred_flag, &cnt.done, 5000) &&
	          !strcmp(cnt.val[0], "0"),
	      "cancelled insert never ran (count %s)", cnt.val[0]);
	/* already-cancelled requests are refused synchronously */
	r = pg_req_new(on_answer, &gone);
	CHECK(pg_req_add(r, &s_ins, v99) == 0, "another insert built");
	pg_req_set_cancel(r, cancel_flag_fn, &flag);
	CHECK(pg_req_submit(q, r) == PG_E_CANCELLED, "submit of a gone caller returns PG_E_CANCELLED");

	/* close with work in flight: it completes with UNAVAILABLE */
	CHECK(submit1(q, &slow, &s_sleep, sec) == 0, "slow request before close");
	pg_pool_close(q);
	CHECK(slow.done && slow.status == PG_E_UNAVAILABLE,
	      "in-flight request completes UNAVAILABLE on close");
	int never = 0;
	run_until(pred_flag, &never, 50);
	close_pool(p);
}

static void test_outage(pg_pool *p)
{
	const char *stop = getenv("PG_STOP_CMD"), *start = getenv("PG_START_CMD");
	if (!stop || !start) {
		CHECK(0, "PG_STOP_CMD and PG_START_CMD are set");
		return;
	}
	answer a, inflight;
	const char *sec[] = {"30"};
	CHECK(submit1(p, &inflight, &s_sleep, sec) == 0, "long query in flight");
	uv_run(&loop, UV_RUN_NOWAIT);
	CHECK(system(stop) == 0, "PostgreSQL stopped");
	CHECK(run_until(pred_flag, &inflight.done, 5000), "in-flight query answered after the stop");
	CHECK(grpc_of(inflight.status, inflight.sqlstate) == GRPC_STATUS_UNAVAILABLE,
	      "in-flight query maps to UNAVAILABLE (status %d sqlstate %s: %s)", inflight.status,
	      inflight.sqlstate, inflight.msg);
	CHECK(run_until(pred_unhealthy, p, 3000), "pool unhealthy within 3 s");
	const char *two[] = {"1", "1"};
	CHECK(submit1(p, &a, &s_add, two) == PG_E_UNAVAILABLE,
	      "submit while down returns PG_E_UNAVAILABLE at once");
	CHECK(grpc_of(PG_E_UNAVAILABLE, "") == GRPC_STATUS_UNAVAILABLE, "which maps to gRPC UNAVAILABLE");
	/* stay down a while: several reconnect attempts fail and back off */
	int waited = 0;
	run_until(pred_flag, &waited, 1500);
	CHECK(!pg_pool_healthy(p) && pg_pool_ready_count(p) == 0, "still unhealthy while down");
	CHECK(system(start) == 0, "PostgreSQL started again");
	CHECK(run_until(pred_healthy, p, 15000), "pool healthy again by itself (no new pool)");
	CHECK(submit1(p, &a, &s_add, two) == 0 && run_until(pred_flag, &a.done, 5000) && a.status == 0 &&
	          !strcmp(a.val[0], "2"),
	      "queries work again (1 + 1 = %s)", a.val[0]);
	CHECK(run_until(pred_healthy, p, 100) && pg_pool_ready_count(p) >= 1, "ready connections: %d",
	      pg_pool_ready_count(p));
}

static void test_stays_healthy(pg_pool *p)
{
	/* idle for 3 s: the periodic probe keeps the pool healthy */
	int never = 0, flaps = 0;
	uint64_t end = uv_now(&loop) + 3000;
	while (uv_now(&loop) < end) {
		run_until(pred_flag, &never, 50);
		flaps += !pg_pool_healthy(p);
	}
	CHECK(flaps == 0, "idle pool stays healthy for 3 s (%d unhealthy samples)", flaps);
}

/* The scenarios that do not stop PostgreSQL, with unnamed statements. */
static int run_pool_unnamed(void)
{
	unnamed = 1;
	sync_sql("DROP TABLE IF EXISTS pool_t; CREATE TABLE pool_t (v int)");
	setup_plan_keys();
	pg_pool *p = make_pool(2, 8);
	CHECK(p != NULL && run_until(pred_healthy, p, 5000), "unnamed pool becomes healthy");
	if (!p) return 1;
	test_basic(p);
	test_transaction(p);
	test_unnamed_step(p);
	test_pipeline();
	close_pool(p);
	test_plan_keys();
	return 0;
}

static int run_pool(void)
{
	sync_sql("DROP TABLE IF EXISTS pool_t; CREATE TABLE pool_t (v int)");
	setup_plan_keys();
	pg_pool *p = make_pool(2, 8);
	CHECK(p != NULL, "pool created");
	if (!p) return 1;
	CHECK(!pg_pool_healthy(p), "not healthy before connecting");
	CHECK(run_until(pred_healthy, p, 5000), "pool becomes healthy");
	test_basic(p);
	test_transaction(p);
	test_unnamed_step(p);
	test_pipeline();
	test_plan_keys();
	test_stays_healthy(p);
	test_outage(p);
	close_pool(p);

	/* a pool against nothing: unhealthy, submit fails fast */
	pg_pool_opts o = {
	    .conninfo = "host=/nonexistent-dir port=1 connect_timeout=1", .size = 1, .stmts = stmts};
	pg_pool *d = NULL;
	CHECK(pg_pool_create_ex(&loop, &o, &d) == 0, "pool against a missing server created");
	int never = 0;
	run_until(pred_flag, &never, 300);
	answer a;
	const char *two[] = {"1", "1"};
	CHECK(!pg_pool_healthy(d) && submit1(d, &a, &s_add, two) == PG_E_UNAVAILABLE,
	      "it is unhealthy and refuses");
	close_pool(d);
	return 0;
}

/* ---- migrations ---------------------------------------------------------- */
static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f) return -1;
	fputs(text, f);
	return fclose(f);
}

/* The first value of a one-row query, as text in out ("" on error). */
static void query1(const char *sql, char *out, size_t len)
{
	PGconn *c = PQconnectdb(conninfo);
	PGresult *r = PQexec(c, sql);
	snprintf(out, len, "%s",
	         PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	PQfinish(c);
}

/* Repeatable function files in <work>/../functions: applied when new or
 * changed, refused by the check until then, rolled back when broken,
 * forgotten when gone. */
static void run_functions(config *cfg, const char *work)
{
	char dir[2048], path[2100], err[1024], got[80], cmd[4200];
	int v;
	snprintf(dir, sizeof dir, "%s/../functions", work);
	snprintf(path, sizeof path, "%s/t_fn.sql", dir);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
	CHECK(system(cmd) == 0, "made %s", dir);
	CHECK(write_file(path,
	                 "CREATE OR REPLACE FUNCTION t_fn() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n") ==
	          0,
	      "wrote a function file");
	CHECK(migrate_check(cfg, &v, err, sizeof err) != 0 && strstr(err, "not applied") &&
	          strstr(err, "passendd migrate"),
	      "check refuses a function file not applied: %s", err);
	char *outbuf = NULL;
	size_t outlen = 0;
	FILE *out = open_memstream(&outbuf, &outlen);
	CHECK(migrate_run(cfg, out, err, sizeof err) == 0, "migrate applies it (%s)", err);
	fclose(out);
	CHECK(outbuf && strstr(outbuf, "applied function file t_fn.sql"), "it printed: %s",
	      outbuf ? outbuf : "");
	free(outbuf);
	query1("SELECT t_fn()", got, sizeof got);
	CHECK(!strcmp(got, "1"), "t_fn() = %s", got);
	CHECK(migrate_check(cfg, &v, err, sizeof err) == 0, "check passes (%s)", err);

	CHECK(write_file(path,
	                 "CREATE OR REPLACE FUNCTION t_fn() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;\n") ==
	          0,
	      "changed the function file");
	CHECK(migrate_check(cfg, &v, err, sizeof err) != 0 && strstr(err, "changed"),
	      "check refuses a changed function file: %s", err);
	CHECK(migrate_run(cfg, NULL, err, sizeof err) == 0, "migrate re-applies it (%s)", err);
	query1("SELECT t_fn()", got, sizeof got);
	CHECK(!strcmp(got, "2"), "t_fn() = %s after the change", got);
	CHECK(migrate_check(cfg, &v, err, sizeof err) == 0, "check passes again (%s)", err);
	query1("SELECT checksum FROM platform.schema_functions WHERE name = 't_fn'", got, sizeof got);
	char before[80];
	snprintf(before, sizeof before, "%s", got);

	CHECK(write_file(path,
	                 "CREATE OR REPLACE FUNCTION t_fn() RETURNS int LANGUAGE sql AS $$ SELECT 3 $$;\n"
	                 "SELECT no_such_function();\n") == 0,
	      "broke the function file");
	CHECK(migrate_run(cfg, NULL, err, sizeof err) != 0 && strstr(err, "t_fn.sql"),
	      "broken file fails: %s", err);
	query1("SELECT t_fn()", got, sizeof got);
	CHECK(!strcmp(got, "2"), "and is rolled back: t_fn() = %s", got);
	query1("SELECT checksum FROM platform.schema_functions WHERE name = 't_fn'", got, sizeof got);
	CHECK(strlen(got) == 64 && !strcmp(got, before), "its record is unchanged");

	remove(path);
	CHECK(migrate_check(cfg, &v, err, sizeof err) != 0 && strstr(err, "no such file"),
	      "check refuses a recorded file that is gone: %s", err);
	CHECK(migrate_run(cfg, NULL, err, sizeof err) == 0, "migrate forgets it (%s)", err);
	CHECK(migrate_check(cfg, &v, err, sizeof err) == 0, "check passes without it (%s)", err);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0, "removed %s", dir);
}

static int run_migrate(const char *src, const char *work)
{
	config cfg;
	char err[1024], path[2048], cmd[4096];
	config_defaults(&cfg);
	snprintf(cfg.db, sizeof cfg.db, "%s", conninfo);
	snprintf(cfg.migrations_dir, sizeof cfg.migrations_dir, "%s", work);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' && cp '%s'/*.sql '%s'/", work, work, src,
	         work);
	CHECK(system(cmd) == 0, "copied migrations to %s", work);
	sync_sql("DROP SCHEMA IF EXISTS platform CASCADE; DROP TABLE IF EXISTS mig_t");

	int files = migrate_files_version(&cfg, err, sizeof err);
	CHECK(files >= 1, "files version %d", files);
	int v = -1;
	CHECK(migrate_check(&cfg, &v, err, sizeof err) != 0 && strstr(err, "passendd migrate"),
	      "check on an empty database says to migrate: %s", err);

	char *outbuf = NULL;
	size_t outlen = 0;
	FILE *out = open_memstream(&outbuf, &outlen);
	CHECK(migrate_run(&cfg, out, err, sizeof err) == 0, "first migrate applies (%s)", err);
	fclose(out);
	CHECK(outbuf && strstr(outbuf, "applied 0001_platform"), "it printed: %s", outbuf ? outbuf : "");
	free(outbuf);
	CHECK(migrate_check(&cfg, &v, err, sizeof err) == 0 && v == files, "check passes at version %d", v);

	out = open_memstream(&outbuf, &outlen);
	CHECK(migrate_run(&cfg, out, err, sizeof err) == 0, "second migrate succeeds");
	fclose(out);
	CHECK(outbuf && strstr(outbuf, "up to date") && !strstr(outbuf, "applied "),
	      "and applies nothing: %s", outbuf);
	free(outbuf);

	/* a new migration: check notices it, migrate applies it */
	snprintf(path, sizeof path, "%s/9001_mig_test.sql", work);
	CHECK(write_file(path, "CREATE TABLE mig_t (v int);\nINSERT INTO mig_t VALUES (1);\n") == 0,
	      "wrote 9001");
	CHECK(migrate_check(&cfg, &v, err, sizeof err) != 0 && strstr(err, "9001"),
	      "check names the pending one: %s", err);
	CHECK(migrate_run(&cfg, NULL, err, sizeof err) == 0, "9001 applied (%s)", err);
	CHECK(migrate_check(&cfg, &v, err, sizeof err) == 0 && v == 9001, "version now %d", v);

	/* changing an applied file is detected by both */
	CHECK(write_file(path, "CREATE TABLE mig_t (v bigint);\n") == 0, "edited 9001");
	CHECK(migrate_check(&cfg, &v, err, sizeof err) != 0 && strstr(err, "changed"), "check: %s", err);
	CHECK(migrate_run(&cfg, NULL, err, sizeof err) != 0 && strstr(err, "changed"), "migrate refuses: %s",
	      err);
	CHECK(write_file(path, "CREATE TABLE mig_t (v int);\nINSERT INTO mig_t VALUES (1);\n") == 0,
	      "restored 9001");
	CHECK(migrate_check(&cfg, &v, err, sizeof err) == 0, "check passes again");

	run_functions(&cfg, work);

	/* a failing migration is rolled back and not recorded */
	snprintf(path, sizeof path, "%s/9002_broken.sql", work);
	CHECK(write_file(path, "CREATE TABLE mig_t2 (v int);\nSELECT no_such_function();\n") == 0,
	      "wrote 9002");
	CHECK(migrate_run(&cfg, NULL, err, sizeof err) != 0 && strstr(err, "9002"),
	      "broken migration fails: %s", err);
	PGconn *c = PQconnectdb(conninfo);
	PGresult *r = PQexec(
	    c, "SELECT to_regclass('mig_t2') IS NULL, (SELECT count(*) FROM platform.schema_migrations "
	       "WHERE version = 9002)");
	CHECK(PQresultStatus(r) == PGRES_TUPLES_OK && !strcmp(PQgetvalue(r, 0, 0), "t") &&
	          !strcmp(PQgetvalue(r, 0, 1), "0"),
	      "its table was rolled back and nothing recorded");
	PQclear(r);
	r = PQexec(c, "SELECT checksum FROM platform.schema_migrations WHERE version = 1");
	CHECK(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && strlen(PQgetvalue(r, 0, 0)) == 64,
	      "0001 recorded with a SHA-256 checksum");
	PQclear(r);
	PQfinish(c);
	remove(path);

	/* an applied migration whose file disappeared */
	snprintf(path, sizeof path, "%s/9001_mig_test.sql", work);
	remove(path);
	CHECK(migrate_check(&cfg, &v, err, sizeof err) != 0 && strstr(err, "no such file"),
	      "missing file: %s", err);
	CHECK(migrate_run(&cfg, NULL, err, sizeof err) != 0, "migrate refuses too");

	/* bad file names are reported, not skipped */
	CHECK(write_file(path, "SELECT 1;") == 0, "restored 9001 with other content");
	snprintf(path, sizeof path, "%s/12_short.sql", work);
	CHECK(write_file(path, "SELECT 1;") == 0, "wrote a badly named file");
	CHECK(migrate_files_version(&cfg, err, sizeof err) < 0 && strstr(err, "NNNN_name.sql"),
	      "bad name: %s", err);
	sync_sql("DROP SCHEMA IF EXISTS platform CASCADE; DROP TABLE IF EXISTS mig_t");
	return 0;
}

static void print_handle(uv_handle_t *h, void *arg)
{
	(void)arg;
	fprintf(stderr, "still open: %s active=%d closing=%d\n", uv_handle_type_name(h->type),
	        uv_is_active(h), uv_is_closing(h));
}

int main(int argc, char **argv)
{
	alarm(300); /* a hung PostgreSQL command must not hold CI until ctest's timeout */
	if (argc < 3) {
		fprintf(stderr, "usage: %s pool|pool-unnamed CONNINFO | migrate CONNINFO SRC_DIR WORK_DIR\n",
		        argv[0]);
		return 2;
	}
	conninfo = argv[2];
	uv_loop_init(&loop);
	if (!strcmp(argv[1], "pool"))
		run_pool();
	else if (!strcmp(argv[1], "pool-unnamed"))
		run_pool_unnamed();
	else if (!strcmp(argv[1], "migrate") && argc == 5)
		run_migrate(argv[3], argv[4]);
	else
		return 2;
	/* Closing must finish promptly: a handle left active is a bug, so name
	 * it instead of hanging until ctest's timeout. */
	for (int i = 0; i < 500 && uv_loop_alive(&loop); i++) {
		uv_run(&loop, UV_RUN_NOWAIT);
		usleep(10000);
	}
	if (uv_loop_alive(&loop)) {
		uv_walk(&loop, print_handle, NULL);
		CHECK(0, "every handle closed within 5 s of the end");
	}
	CHECK(uv_loop_close(&loop) == 0, "no libuv handles left");
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
