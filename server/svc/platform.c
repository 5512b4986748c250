/* platform: passend.v1.Platform. GetServerInfo answers with the server's
 * identity and the database version read through the pool (one pipelined
 * transaction; server/sql/platform.sql); WatchServerInfo streams the same
 * `count` times, a uv_timer apart, and stops early when the call is done. */
#include "svc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grpc_status.h"
#include "log.h"
#include "passend/v1/platform.pb-c.h"
#include "pg_pool.h"
#include "res_row.h"
#include "sql_platform.h"
#include "svc_db.h"
#include "util.h"
#include "worker.h"

#define WATCH_MAX_COUNT       1000
#define WATCH_MAX_INTERVAL_MS 60000

static int call_gone(void *arg)
{
	return rpc_call_is_done(arg);
}

/* Finish a call whose database request failed. */
static void finish_db_error(rpc_call *call, const pg_reply *rep)
{
	int code = svc_grpc_status(rep);
	if (code == GRPC_STATUS_UNAVAILABLE)
		rpc_finish(call, code, "database unavailable, retry");
	else
		rpc_finishf(call, code, "database error %s: %s", rep->sqlstate, rep->message);
}

/* Fill info from the server and one reply of the version statement (its
 * database_version column; strings point into rep, other memory is a's). */
static void fill_info(Passend__V1__ServerInfo *info, Passend__V1__Timestamp *ts, res_arena *a,
                      const worker *w, const pg_reply *rep)
{
	const server *srv = w->srv;
	info->version = (char *)PASSEND_VERSION;
	info->build = (char *)PASSEND_BUILD;
	int64_t up = clock_wall_ms() - srv->started_at_ms;
	info->uptime_seconds = up > 0 ? up / 1000 : 0;
	info->workers = srv->cfg.workers;
	info->schema_version = srv->schema_version;
	ts->seconds = srv->started_at_ms / 1000;
	ts->nanos = (int32_t)(srv->started_at_ms % 1000) * 1000000;
	info->started_at = ts;
	const PGresult *res = rep->nresults > 0 ? rep->results[0] : NULL;
	char err[200];
	if (res && PQntuples(res) == 1 && res_row_fill(a, res, 0, &info->base, err, sizeof err) != 0)
		log_warn("platform.server_info", "error=\"%s\"", err);
}

/* Submit the version query for a call; done(arg) answers. Returns 0 or a
 * pg_err (then done is not called). */
static int query_version(worker *w, rpc_call *call, pg_done_fn done, void *arg)
{
	pg_req *r = pg_req_new(done, arg);
	if (!r) return PG_E_NOMEM;
	if (pg_req_add(r, &sql_platform_server_version.stmt, NULL) != 0) {
		pg_req_free(r);
		return PG_E_NOMEM;
	}
	pg_req_set_cancel(r, call_gone, call);
	return pg_req_submit(w->pool, r);
}

/* ---- GetServerInfo ------------------------------------------------------- */

static void get_info_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	if (rep->status != PG_OK) {
		finish_db_error(call, rep);
		return;
	}
	Passend__V1__ServerInfo info = PASSEND__V1__SERVER_INFO__INIT;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	res_arena a = {0};
	fill_info(&info, &ts, &a, rpc_call_worker(call), rep);
	rpc_reply(call, &info.base);
	res_arena_free(&a);
}

static void get_server_info(rpc_call *call, const ProtobufCMessage *req)
{
	worker *w = rpc_call_worker(call);
	int rc = query_version(w, call, get_info_done, call);
	if (rc != 0) {
		pg_reply rep = {.status = rc, .message = pg_strerror(rc)};
		finish_db_error(call, &rep);
	}
}

/* ---- WatchServerInfo ----------------------------------------------------- */

typedef struct watch {
	uv_timer_t timer;
	rpc_call *call; /* NULL once finished */
	int remaining;
	int interval_ms;
} watch;

static void watch_closed(uv_handle_t *h)
{
	free(container_of((uv_timer_t *)h, watch, timer));
}

static void watch_end(watch *st, int status, const char *msg)
{
	if (st->call) rpc_finish(st->call, status, msg);
	st->call = NULL;
	uv_close((uv_handle_t *)&st->timer, watch_closed);
}

static void watch_tick(uv_timer_t *t);

static void watch_done(void *arg, const pg_reply *rep)
{
	watch *st = arg;
	if (rep->status != PG_OK) {
		if (rep->status == PG_E_CANCELLED || rpc_call_is_done(st->call)) {
			watch_end(st, GRPC_STATUS_CANCELLED, "call ended");
			return;
		}
		finish_db_error(st->call, rep);
		st->call = NULL;
		watch_end(st, 0, NULL);
		return;
	}
	Passend__V1__ServerInfo info = PASSEND__V1__SERVER_INFO__INIT;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	res_arena a = {0};
	fill_info(&info, &ts, &a, rpc_call_worker(st->call), rep);
	int sent = rpc_send(st->call, &info.base);
	res_arena_free(&a);
	if (sent != 0) {
		watch_end(st, GRPC_STATUS_CANCELLED, "call ended");
		return;
	}
	if (--st->remaining <= 0) {
		watch_end(st, GRPC_STATUS_OK, NULL);
		return;
	}
	uv_timer_start(&st->timer, watch_tick, (uint64_t)st->interval_ms, 0);
}

static void watch_tick(uv_timer_t *t)
{
	watch *st = container_of(t, watch, timer);
	if (rpc_call_is_done(st->call)) {
		watch_end(st, GRPC_STATUS_CANCELLED, "call ended");
		return;
	}
	int rc = query_version(rpc_call_worker(st->call), st->call, watch_done, st);
	if (rc != 0) {
		pg_reply rep = {.status = rc, .message = pg_strerror(rc)};
		finish_db_error(st->call, &rep);
		st->call = NULL;
		watch_end(st, 0, NULL);
	}
}

static void watch_server_info(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__WatchServerInfoRequest *req = (const Passend__V1__WatchServerInfoRequest *)msg;
	if (req->count < 1 || req->count > WATCH_MAX_COUNT) {
		rpc_finishf(call, GRPC_STATUS_INVALID_ARGUMENT, "count must be between 1 and %d (got %d)",
		            WATCH_MAX_COUNT, req->count);
		return;
	}
	if (req->interval_ms < 0 || req->interval_ms > WATCH_MAX_INTERVAL_MS) {
		rpc_finishf(call, GRPC_STATUS_INVALID_ARGUMENT,
		            "interval_ms must be between 0 and %d (got %d)", WATCH_MAX_INTERVAL_MS,
		            req->interval_ms);
		return;
	}
	worker *w = rpc_call_worker(call);
	watch *st = calloc(1, sizeof *st);
	if (!st) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	st->call = call;
	st->remaining = req->count;
	st->interval_ms = req->interval_ms;
	uv_timer_init(&w->loop, &st->timer);
	/* The first message goes out now: tick from the loop. */
	uv_timer_start(&st->timer, watch_tick, 0, 0);
}

static const rpc_method svc_platform_get_server_info = {RPC_METHOD_ID("passend.v1.Platform", "GetServerInfo",
                                                                      passend__v1__get_server_info_request,
                                                                      passend__v1__server_info, RPC_PUBLIC),
                                                        .handler = get_server_info, .idempotent = 1};

static const rpc_method svc_platform_watch_server_info = {
    RPC_METHOD_ID("passend.v1.Platform", "WatchServerInfo", passend__v1__watch_server_info_request,
                  passend__v1__server_info, RPC_PUBLIC),
    .handler = watch_server_info, .server_streaming = 1, .idempotent = 1};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_platform_get_server_info,
    &svc_platform_watch_server_info,
    NULL,
};
const service svc_area_platform = {"passend.v1.Platform", methods, sql_platform_stmts};
