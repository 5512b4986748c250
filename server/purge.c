/* purge: running platform.retention_purge and platform.feed_purge (the
 * change feed's outbox, D53) on worker 0's timer and for `passendd purge`
 * (see purge.h). */
#include "purge.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pg_pool.h"
#include "sql_purge.h"
#include "util.h"
#include "worker.h"

static const rpc_method *const no_methods[] = {NULL};
const service purge_service = {"purge", no_methods, sql_purge_stmts};

/* The first run waits at most this long after start. */
#define PURGE_FIRST_MS 60000u

/* The statements' parameters from the configuration: params[0..1] for
 * run, params[2] for feed. */
static void params_of(const config *cfg, char age[16], char max[16], char feed[16], const char *params[3])
{
	snprintf(age, 16, "%u", cfg->purge_import_age_s);
	snprintf(max, 16, "%u", cfg->purge_max_pupils);
	snprintf(feed, 16, "%u", cfg->feed_retention_s);
	params[0] = age;
	params[1] = max;
	params[2] = feed;
}

/* The text of column name in row i of res, or NULL (SQL NULL or no such column). */
static const char *col(const PGresult *res, int i, const char *name)
{
	int c = PQfnumber(res, name);
	return c < 0 || PQgetisnull(res, i, c) ? NULL : PQgetvalue(res, i, c);
}

/* Log (and print to out, if any) the result rows; returns the number of
 * tenants whose purge failed. */
static int report(const PGresult *res, FILE *out)
{
	int failed = 0;
	char q[600];
	for (int i = 0; i < PQntuples(res); i++) {
		const char *tenant = col(res, i, "tenant_id"), *error = col(res, i, "error");
		if (error) {
			failed++;
			log_error("retention.failed", "tenant=%s error=%s", tenant ? tenant : "",
			          log_quote(q, sizeof q, error));
			if (out) fprintf(out, "%s failed: %s\n", tenant ? tenant : "", error);
			continue;
		}
		const char *pupils = col(res, i, "pupils"), *rows = col(res, i, "rows_changed"),
		           *batches = col(res, i, "import_batches");
		log_info("retention.purged", "tenant=%s pupils=%s rows_changed=%s import_batches=%s",
		         tenant ? tenant : "", pupils ? pupils : "0", rows ? rows : "0",
		         batches ? batches : "0");
		if (out)
			fprintf(out,
			        "%s: %s pupils purged, %s rows de-identified, %s import batches removed\n",
			        tenant ? tenant : "", pupils ? pupils : "0", rows ? rows : "0",
			        batches ? batches : "0");
	}
	return failed;
}

/* Log (and print to out, if any) the change feed's purge rows (feed). */
static void report_feed(const PGresult *res, FILE *out)
{
	for (int i = 0; i < PQntuples(res); i++) {
		const char *tenant = col(res, i, "tenant_id"), *n = col(res, i, "changes"),
		           *h = col(res, i, "horizon");
		log_info("retention.feed_purged", "tenant=%s changes=%s horizon=%s", tenant ? tenant : "",
		         n ? n : "0", h ? h : "");
		if (out)
			fprintf(out, "%s: %s change-feed changes deleted (up to cursor %s)\n",
			        tenant ? tenant : "", n ? n : "0", h ? h : "");
	}
}

/* ---- on a worker's timer ------------------------------------------------------ */

static void purge_done(void *arg, const pg_reply *rep)
{
	purge_timer *pt = arg;
	char q[600];
	pt->busy = 0;
	if (rep->status != PG_OK) {
		if (!pg_reply_unavailable(rep) && rep->status != PG_E_CANCELLED)
			log_error("retention.failed", "error=%s", log_quote(q, sizeof q, rep->message));
		return; /* unavailable: the next tick tries again */
	}
	if (rep->nresults >= 1 && rep->results[0]) (void)report(rep->results[0], NULL);
	if (rep->nresults >= 2 && rep->results[1]) report_feed(rep->results[1], NULL);
}

static void on_tick(uv_timer_t *t)
{
	purge_timer *pt = container_of(t, purge_timer, timer);
	worker *w = pt->w;
	const char *params[3];
	char age[16], max[16], feed[16];
	if (pt->busy || atomic_load(&w->srv->draining) || !w->pool) return;
	pg_req *r = pg_req_new(purge_done, pt);
	params_of(&w->srv->cfg, age, max, feed, params);
	if (!r || pg_req_add(r, &sql_purge_run.stmt, params) != 0 ||
	    pg_req_add(r, &sql_purge_feed.stmt, params + 2) != 0) {
		pg_req_free(r);
		log_warn("retention.skipped", "error=\"out of memory\"");
		return;
	}
	int rc = pg_req_submit(w->pool, r); /* the pool owns r now, in every case */
	if (rc == 0)
		pt->busy = 1;
	else
		log_debug("retention.skipped", "error=%s", pg_strerror(rc));
}

int purge_timer_start(purge_timer *pt, worker *w)
{
	unsigned interval = w->srv->cfg.purge_interval_s;
	memset(pt, 0, sizeof *pt);
	pt->w = w;
	if (interval == 0) return 0;
	int rc = uv_timer_init(&w->loop, &pt->timer);
	if (rc < 0) return rc;
	pt->started = 1;
	uint64_t every = (uint64_t)interval * 1000;
	return uv_timer_start(&pt->timer, on_tick, every < PURGE_FIRST_MS ? every : PURGE_FIRST_MS, every);
}

void purge_timer_stop(purge_timer *pt)
{
	if (!pt->started) return;
	pt->started = 0;
	uv_timer_stop(&pt->timer);
	if (!uv_is_closing((uv_handle_t *)&pt->timer)) uv_close((uv_handle_t *)&pt->timer, NULL);
}

/* ---- passendd purge -------------------------------------------------------------- */

int purge_once(const config *cfg, FILE *out, char *err, size_t errlen)
{
	const char *params[3];
	char age[16], max[16], feed[16];
	int rc = -1;
	PGresult *res = NULL, *fres = NULL;
	PGconn *pg = PQconnectdb(cfg->db);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect: %s", pg ? PQerrorMessage(pg) : "out of memory");
		goto out;
	}
	params_of(cfg, age, max, feed, params);
	res =
	    PQexecParams(pg, sql_purge_run.stmt.sql, sql_purge_run.stmt.nparams, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		snprintf(err, errlen, "%s", PQresultErrorMessage(res));
		goto out;
	}
	fres = PQexecParams(pg, sql_purge_feed.stmt.sql, sql_purge_feed.stmt.nparams, NULL, params + 2, NULL,
	                    NULL, 0);
	if (PQresultStatus(fres) != PGRES_TUPLES_OK) {
		snprintf(err, errlen, "%s", PQresultErrorMessage(fres));
		goto out;
	}
	if (PQntuples(res) == 0 && PQntuples(fres) == 0) fprintf(out, "nothing to purge\n");
	rc = report(res, out) ? 1 : 0;
	report_feed(fres, out);
out:
	if (rc < 0) str_rtrim(err);
	PQclear(fres);
	PQclear(res);
	PQfinish(pg);
	return rc;
}
