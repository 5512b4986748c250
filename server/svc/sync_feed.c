/* sync_feed: passend.v1.Sync/WatchChanges, the change feed (D50). Each
 * stream reads settled changes after its cursor from the outbox
 * feed.changes under its own principal (RLS decides what it sees;
 * server/sql/sync_feed.sql) and sends them in pages. Streams wait for
 * NOTIFY passend_change rather than polling: each worker has one hub with
 * one LISTEN connection (feed_listen.h), created with the worker's first
 * stream and closed with its last; a notification wakes the streams of its
 * tenant, a (re)connection all of them. A hub tick (FEED_TICK_MS) sends
 * heartbeats, looks again for changes held back behind an older running
 * transaction, ends streams whose client is gone, too slow (ABORTED) or whose
 * server drains (UNAVAILABLE). Open streams per token are counted process-wide
 * (RESOURCE_EXHAUSTED above feed_max_streams_per_token). */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "feed_listen.h"
#include "grpc_status.h"
#include "log.h"
#include "passend/v1/sync_feed.pb-c.h"
#include "pg_pool.h"
#include "sql_sync_feed.h"
#include "svc.h"
#include "svc_db.h"
#include "util.h"
#include "worker.h"

#define FEED_CHANNEL     "passend_change"
#define FEED_PAGE        256 /* changes per fetch (and at most per message) */
#define FEED_PAGE_TEXT   "256"
#define FEED_TICK_MS     100
#define FEED_HELD_MS     100 /* look again this soon when changes are held back */
#define FEED_CURSOR_SIZE 48
/* Fetches in flight per worker: a notification wakes every stream of the
 * tenant, and a thousand simultaneous transactions would overflow the pool's
 * queue (PG_E_BUSY) and starve other calls; the rest wait their turn. */
#define FEED_MAX_INFLIGHT 32

/* ---- open streams per token (process-wide) ------------------------------------ */

#define TOK_BUCKETS 64
typedef struct tok_count {
	struct tok_count *next;
	char id[37];
	unsigned n;
} tok_count;
static pthread_mutex_t tok_mu = PTHREAD_MUTEX_INITIALIZER;
static tok_count *tok_table[TOK_BUCKETS];

static unsigned tok_hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % TOK_BUCKETS;
}

/* Take one of the token's max slots: 0, or -1 when all are taken (or out of
 * memory). */
static int tok_acquire(const char *id, unsigned max)
{
	int rc = -1;
	pthread_mutex_lock(&tok_mu);
	tok_count **head = &tok_table[tok_hash(id)], *t = *head;
	while (t && strcmp(t->id, id) != 0)
		t = t->next;
	if (!t && (t = calloc(1, sizeof *t)) != NULL) {
		snprintf(t->id, sizeof t->id, "%s", id);
		t->next = *head;
		*head = t;
	}
	if (t && t->n < max) {
		t->n++;
		rc = 0;
	}
	pthread_mutex_unlock(&tok_mu);
	return rc;
}

static void tok_release(const char *id)
{
	pthread_mutex_lock(&tok_mu);
	tok_count **pp = &tok_table[tok_hash(id)];
	while (*pp && strcmp((*pp)->id, id) != 0)
		pp = &(*pp)->next;
	tok_count *t = *pp;
	if (t && --t->n == 0) {
		*pp = t->next;
		free(t);
	}
	pthread_mutex_unlock(&tok_mu);
}

/* ---- hub and streams ------------------------------------------------------------- */

typedef struct feed_hub feed_hub;

typedef struct feed_stream {
	struct feed_stream *next, *prev;
	struct feed_stream *qnext, *qprev; /* in hub->queue while queued */
	feed_hub *hub;
	rpc_call *call; /* NULL once finished */
	char swv_id[37];
	char token_id[37];
	char txid[24]; /* position: the last change sent (decimal) */
	char id[24];
	unsigned fetching : 1; /* a request is in flight (it owns the stream while ended) */
	unsigned wanted : 1;   /* fetch again when the one in flight is answered */
	unsigned more : 1;     /* the last page was full: fetch once the client has read */
	unsigned audited : 1;  /* the first request (with the audit row) was sent */
	unsigned queued : 1;   /* waits for a fetch slot (hub->queue) */
	unsigned from_now : 1; /* start after the head: the first request reads it */
	unsigned resumed : 1;  /* an explicit cursor: the first page checks it against the purge */
	uint64_t held_at;      /* loop ms to look again for held-back changes, 0 = none */
	uint64_t over_since;   /* loop ms since unread responses exceed the buffer, 0 = not */
	uint64_t last_sent;    /* loop ms of the last message */
} feed_stream;

struct feed_hub {
	worker *w;
	feed_listen *listen;
	uv_timer_t tick;
	feed_stream *streams;
	unsigned nstreams;
	unsigned inflight;          /* fetches in flight (<= FEED_MAX_INFLIGHT) */
	feed_stream *qhead, *qtail; /* streams waiting for a fetch slot, in order */
	int closing;
};

/* Each worker is one thread with one loop: its hub is thread-local. */
static _Thread_local feed_hub *tl_hub;

static void hub_closed(uv_handle_t *h)
{
	free(container_of((uv_timer_t *)h, feed_hub, tick));
}

static void hub_release(feed_hub *hub)
{
	if (hub->nstreams > 0 || hub->inflight > 0 || hub->closing) return;
	hub->closing = 1;
	if (tl_hub == hub) tl_hub = NULL;
	feed_listen_stop(hub->listen);
	hub->listen = NULL;
	uv_close((uv_handle_t *)&hub->tick, hub_closed);
}

static void stream_fetch(feed_stream *s);

static void queue_remove(feed_hub *hub, feed_stream *s)
{
	if (!s->queued) return;
	if (s->qprev)
		s->qprev->qnext = s->qnext;
	else
		hub->qhead = s->qnext;
	if (s->qnext)
		s->qnext->qprev = s->qprev;
	else
		hub->qtail = s->qprev;
	s->qnext = s->qprev = NULL;
	s->queued = 0;
}

/* Start the fetches of waiting streams while slots are free. */
static void hub_pump(feed_hub *hub)
{
	while (hub->inflight < FEED_MAX_INFLIGHT && hub->qhead) {
		feed_stream *s = hub->qhead;
		queue_remove(hub, s);
		stream_fetch(s);
	}
}

/* Take the stream out of its hub once its call is finished (by
 * stream_end, or by svc_* on a failure). The stream is freed now, or by its
 * request in flight. */
static void stream_detach(feed_stream *s)
{
	feed_hub *hub = s->hub;
	s->call = NULL;
	queue_remove(hub, s);
	tok_release(s->token_id);
	if (s->prev)
		s->prev->next = s->next;
	else
		hub->streams = s->next;
	if (s->next) s->next->prev = s->prev;
	hub->nstreams--;
	if (!s->fetching) free(s);
	hub_release(hub);
}

/* Finish the stream's call (unless finished already) and detach it. */
static void stream_end(feed_stream *s, int code, const char *msg)
{
	if (!s->call) return;
	rpc_finish(s->call, code, msg);
	stream_detach(s);
}

static void stream_endf(feed_stream *s, int code, const char *what)
{
	char msg[200];
	snprintf(msg, sizeof msg, "%s: reconnect and resume from the cursor of the last change received",
	         what);
	stream_end(s, code, msg);
}

static void on_notify(void *arg, const char *payload)
{
	feed_hub *hub = arg;
	hub->nstreams++; /* hold the hub while streams end below */
	for (feed_stream *s = hub->streams, *next; s; s = next) {
		next = s->next;
		if (!payload || strcmp(payload, s->swv_id) == 0) stream_fetch(s);
	}
	hub->nstreams--;
	hub_release(hub);
}

static void on_tick(uv_timer_t *t)
{
	feed_hub *hub = container_of(t, feed_hub, tick);
	const config *cfg = &hub->w->srv->cfg;
	uint64_t now = uv_now(&hub->w->loop);
	int draining = atomic_load(&hub->w->srv->draining);
	hub->nstreams++; /* hold the hub while streams end below */
	for (feed_stream *s = hub->streams, *next; s; s = next) {
		next = s->next;
		if (rpc_call_is_done(s->call)) {
			stream_end(s, GRPC_STATUS_CANCELLED, "call ended");
			continue;
		}
		if (draining) {
			stream_endf(s, GRPC_STATUS_UNAVAILABLE, "server is shutting down");
			continue;
		}
		size_t unsent = rpc_call_unsent(s->call);
		if (unsent >= cfg->feed_buffer_bytes) {
			if (!s->over_since) s->over_since = now;
			if (now - s->over_since >= cfg->feed_stall_ms) {
				char what[120];
				snprintf(what, sizeof what,
				         "consumer too slow (%zu bytes unread for %" PRIu64 " ms)", unsent,
				         now - s->over_since);
				stream_endf(s, GRPC_STATUS_ABORTED, what);
			}
			continue;
		}
		s->over_since = 0;
		if (s->more || (s->held_at && now >= s->held_at)) {
			stream_fetch(s);
			continue;
		}
		if (s->audited && !s->fetching && now - s->last_sent >= cfg->feed_heartbeat_ms) {
			Passend__V1__WatchChangesResponse m = PASSEND__V1__WATCH_CHANGES_RESPONSE__INIT;
			char cur[FEED_CURSOR_SIZE];
			snprintf(cur, sizeof cur, "%s.%s", s->txid, s->id);
			m.cursor = cur;
			s->last_sent = now;
			if (rpc_send(s->call, &m.base) != 0)
				stream_end(s, GRPC_STATUS_CANCELLED, "call ended");
		}
	}
	hub->nstreams--;
	hub_release(hub);
}

static feed_hub *hub_get(worker *w)
{
	if (tl_hub) return tl_hub;
	feed_hub *hub = calloc(1, sizeof *hub);
	if (!hub) return NULL;
	hub->w = w;
	const char *conninfo = w->srv->cfg.db_listen[0] ? w->srv->cfg.db_listen : w->srv->cfg.db;
	hub->listen = feed_listen_start(&w->loop, conninfo, FEED_CHANNEL, on_notify, hub, w->id);
	if (!hub->listen) {
		free(hub);
		return NULL;
	}
	uv_timer_init(&w->loop, &hub->tick);
	uv_timer_start(&hub->tick, on_tick, FEED_TICK_MS, FEED_TICK_MS);
	tl_hub = hub;
	return hub;
}

/* ---- fetching ------------------------------------------------------------------------- */

static void set_str(char **field, const PGresult *res, int row, int col)
{
	*field = PQgetisnull(res, row, col) ? (char *)"" : PQgetvalue(res, row, col);
}

static void page_result(feed_stream *s, const pg_reply *rep)
{
	if (rep->status != PG_OK) {
		if (rep->status == PG_E_CANCELLED || rpc_call_is_done(s->call)) {
			stream_end(s, GRPC_STATUS_CANCELLED, "call ended");
			return;
		}
		int code = svc_grpc_status(rep);
		if (code == GRPC_STATUS_UNAVAILABLE) {
			stream_endf(s, code, "database unavailable");
			return;
		}
		log_warn("feed.fetch_failed", "sqlstate=%s error=\"%s\"", rep->sqlstate, rep->message);
		char msg[300];
		snprintf(msg, sizeof msg, "database error %s: %s", rep->sqlstate, rep->message);
		stream_end(s, code, msg);
		return;
	}
	const PGresult *page = svc_result(rep, 0), *held = svc_result(rep, 1), *behind = svc_result(rep, 2);
	if (behind && PQntuples(behind) == 1 && PQgetvalue(behind, 0, 0)[0] == 't') {
		/* changes after the client's cursor were purged (feed_retention_s, D53) */
		char msg[300];
		snprintf(msg, sizeof msg,
		         "since: the changes after this cursor up to %s were deleted by retention "
		         "(feed_retention_s): resync what you follow, then watch from_now",
		         PQgetvalue(behind, 0, 1));
		stream_end(s, GRPC_STATUS_OUT_OF_RANGE, msg);
		return;
	}
	int n = page ? PQntuples(page) : 0;
	if (n > FEED_PAGE) n = FEED_PAGE; /* the page statement's LIMIT */
	uint64_t now = uv_now(&s->hub->w->loop);
	char cur[FEED_CURSOR_SIZE];
	if (n > 0) {
		Passend__V1__Change items[FEED_PAGE], *ptrs[FEED_PAGE];
		Passend__V1__Timestamp ts[FEED_PAGE];
		char curs[FEED_PAGE][FEED_CURSOR_SIZE]; /* each change's cursor: "<txid>.<id>" */
		for (int i = 0; i < n; i++) {
			Passend__V1__Change *c = &items[i];
			passend__v1__change__init(c);
			passend__v1__timestamp__init(&ts[i]);
			snprintf(curs[i], sizeof curs[i], "%s.%s", PQgetvalue(page, i, 0),
			         PQgetvalue(page, i, 1));
			c->cursor = curs[i];
			set_str(&c->kind, page, i, 2);
			set_str(&c->status, page, i, 3);
			set_str(&c->object_id, page, i, 4);
			set_str(&c->leerling_id, page, i, 5);
			set_str(&c->school_id, page, i, 6);
			set_str(&c->werkgebied_id, page, i, 7);
			int64_t ms = strtoll(PQgetvalue(page, i, 8), NULL, 10);
			ts[i].seconds = ms / 1000;
			ts[i].nanos = (int32_t)(ms % 1000) * 1000000;
			c->changed_at = &ts[i];
			set_str(&c->detail_json, page, i, 9);
			ptrs[i] = c;
		}
		/* the stream's position: the last change of the page */
		snprintf(s->txid, sizeof s->txid, "%s", PQgetvalue(page, n - 1, 0));
		snprintf(s->id, sizeof s->id, "%s", PQgetvalue(page, n - 1, 1));
		Passend__V1__WatchChangesResponse m = PASSEND__V1__WATCH_CHANGES_RESPONSE__INIT;
		m.n_changes = (size_t)n;
		m.changes = ptrs;
		m.cursor = curs[n - 1];
		if (rpc_send(s->call, &m.base) != 0) {
			stream_end(s, GRPC_STATUS_CANCELLED, "call ended");
			return;
		}
		s->last_sent = now;
	} else if (s->last_sent == 0) {
		/* The first answer, even without changes: the client learns the
		 * stream is open and its cursor. */
		Passend__V1__WatchChangesResponse m = PASSEND__V1__WATCH_CHANGES_RESPONSE__INIT;
		snprintf(cur, sizeof cur, "%s.%s", s->txid, s->id);
		m.cursor = cur;
		s->last_sent = now;
		if (rpc_send(s->call, &m.base) != 0) {
			stream_end(s, GRPC_STATUS_CANCELLED, "call ended");
			return;
		}
	}
	s->more = n >= FEED_PAGE;
	int is_held = held && PQntuples(held) == 1 && PQgetvalue(held, 0, 0)[0] == 't';
	s->held_at = is_held ? now + FEED_HELD_MS : 0;
	if (s->wanted || s->more) {
		s->wanted = 0;
		if (rpc_call_unsent(s->call) < s->hub->w->srv->cfg.feed_buffer_bytes) stream_fetch(s);
		/* else the tick fetches once the client has read (more is set) */
		else
			s->more = 1;
	}
}

/* A fetch's answer: free its slot, handle it (page_result or head_result),
 * then let waiting streams fetch. */
static void fetch_done(feed_stream *s, const pg_reply *rep, void (*result)(feed_stream *, const pg_reply *))
{
	feed_hub *hub = s->hub;
	s->fetching = 0;
	hub->inflight--;
	hub->nstreams++; /* hold the hub while streams end below */
	if (!s->call)    /* ended meanwhile */
		free(s);
	else
		result(s, rep);
	hub_pump(hub);
	hub->nstreams--;
	hub_release(hub);
}

static void page_done(void *arg, const pg_reply *rep)
{
	fetch_done(arg, rep, page_result);
}

static void head_done(void *arg, const pg_reply *rep);

static void stream_fetch(feed_stream *s)
{
	if (!s->call) return;
	if (s->fetching) {
		s->wanted = 1;
		return;
	}
	feed_hub *hub = s->hub;
	if (hub->inflight >= FEED_MAX_INFLIGHT) {
		if (!s->queued) {
			s->queued = 1;
			s->qprev = hub->qtail;
			if (hub->qtail)
				hub->qtail->qnext = s;
			else
				hub->qhead = s;
			hub->qtail = s;
		}
		return;
	}
	s->more = 0;
	s->held_at = 0;
	/* from_now: the first request reads the head position instead */
	int head = s->from_now && !s->audited;
	pg_req *r = svc_req(s->call, head ? head_done : page_done, s);
	if (!r) { /* svc_req finished the call (out of memory) */
		stream_detach(s);
		return;
	}
	const char *params[3] = {s->txid, s->id, FEED_PAGE_TEXT};
	int check = !head && s->resumed; /* the first page of a resumed stream */
	s->resumed = 0;
	if (head ? pg_req_add(r, &sql_sync_feed_head.stmt, NULL) != 0
	         : (pg_req_add(r, &sql_sync_feed_page.stmt, params) != 0 ||
	            pg_req_add(r, &sql_sync_feed_held.stmt, NULL) != 0 ||
	            (check && pg_req_add(r, &sql_sync_feed_behind.stmt, params) != 0))) {
		pg_req_free(r);
		stream_end(s, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (!s->audited) {
		/* The first request carries the audit row of the stream's opening;
		 * on failure svc_submit_audited has finished the call. */
		s->audited = 1;
		s->fetching = 1;
		hub->inflight++;
		if (svc_submit_audited(s->call, r, "{}") != 0) {
			s->fetching = 0;
			hub->inflight--;
			stream_detach(s);
		}
		return;
	}
	int rc = pg_req_submit(hub->w->pool, r);
	if (rc == 0) {
		s->fetching = 1;
		hub->inflight++;
		return;
	}
	pg_reply rep = {.status = rc, .message = pg_strerror(rc)};
	if (rc == PG_E_BUSY) /* the pool is full: the tick tries again */
		s->held_at = uv_now(&hub->w->loop) + FEED_HELD_MS;
	else if (rc == PG_E_CANCELLED)
		stream_end(s, GRPC_STATUS_CANCELLED, "call ended");
	else if (pg_reply_unavailable(&rep))
		stream_endf(s, GRPC_STATUS_UNAVAILABLE, "database unavailable");
	else
		stream_end(s, GRPC_STATUS_INTERNAL, pg_strerror(rc));
}

/* ---- WatchChanges ---------------------------------------------------------------- */

/* End this worker's streams of the token whose client is gone (the tick
 * would within FEED_TICK_MS; a client reconnecting at once should not find
 * its old stream still counted). Returns how many ended. */
static int reap_gone(const char *token_id)
{
	feed_hub *hub = tl_hub;
	int n = 0;
	if (!hub) return 0;
	hub->nstreams++; /* hold the hub while streams end below */
	for (feed_stream *s = hub->streams, *next; s; s = next) {
		next = s->next;
		if (strcmp(s->token_id, token_id) == 0 && rpc_call_is_done(s->call)) {
			stream_end(s, GRPC_STATUS_CANCELLED, "call ended");
			n++;
		}
	}
	hub->nstreams--;
	hub_release(hub);
	return n;
}

/* Parse a cursor "<txid>.<id>" (decimal, txid < 2^64, id < 2^63) into
 * s->txid / s->id; "" is the start "0.0". Returns 0 or -1. */
static int parse_cursor(feed_stream *s, const char *cur)
{
	if (!cur || !*cur) cur = "0.0";
	const char *dot = strchr(cur, '.');
	size_t a = dot ? (size_t)(dot - cur) : 0, b = dot ? strlen(dot + 1) : 0;
	if (!dot || a < 1 || a > 20 || b < 1 || b > 19) return -1;
	for (size_t i = 0; i < a; i++)
		if (cur[i] < '0' || cur[i] > '9') return -1;
	for (size_t i = 0; i < b; i++)
		if (dot[1 + i] < '0' || dot[1 + i] > '9') return -1;
	if (a == 20 && strncmp(cur, "18446744073709551615", 20) > 0) return -1;
	if (b == 19 && strcmp(dot + 1, "9223372036854775807") > 0) return -1;
	snprintf(s->txid, sizeof s->txid, "%.*s", (int)a, cur);
	snprintf(s->id, sizeof s->id, "%s", dot + 1);
	return 0;
}

static void head_result(feed_stream *s, const pg_reply *rep)
{
	const PGresult *res = svc_result(rep, 0);
	if (rep->status != PG_OK || !res || PQntuples(res) != 1) {
		if (rep->status == PG_OK) {
			stream_end(s, GRPC_STATUS_INTERNAL, "no head position");
			return;
		}
		svc_fail_db(s->call, rep);
		stream_detach(s);
		return;
	}
	if (parse_cursor(s, PQgetvalue(res, 0, 0)) != 0) {
		stream_end(s, GRPC_STATUS_INTERNAL, "bad head position");
		return;
	}
	stream_fetch(s);
}

static void head_done(void *arg, const pg_reply *rep)
{
	fetch_done(arg, rep, head_result);
}

static void watch_changes(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__WatchChangesRequest *req = (const Passend__V1__WatchChangesRequest *)msg;
	worker *w = rpc_call_worker(call);
	const auth_principal *p = svc_principal(call);
	feed_stream *s = calloc(1, sizeof *s);
	if (!s) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (req->from_now && req->since && req->since[0]) {
		free(s);
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "since: give a cursor or from_now, not both");
		return;
	}
	if (parse_cursor(s, req->since) != 0) {
		free(s);
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "since: not a cursor of this feed (\"<txid>.<id>\" as WatchChanges returned it)");
		return;
	}
	unsigned max = w->srv->cfg.feed_max_streams_per_token;
	if (tok_acquire(p->token_id, max) != 0 &&
	    (reap_gone(p->token_id) == 0 || tok_acquire(p->token_id, max) != 0)) {
		free(s);
		svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED,
		         "this token has %u change feeds open (feed_max_streams_per_token): close one first",
		         max);
		return;
	}
	feed_hub *hub = hub_get(w);
	if (!hub) {
		tok_release(p->token_id);
		free(s);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	s->hub = hub;
	s->call = call;
	snprintf(s->swv_id, sizeof s->swv_id, "%s", p->swv_id);
	snprintf(s->token_id, sizeof s->token_id, "%s", p->token_id);
	s->next = hub->streams;
	if (hub->streams) hub->streams->prev = s;
	hub->streams = s;
	hub->nstreams++;
	s->from_now = req->from_now;
	s->resumed = req->since && req->since[0];
	stream_fetch(s);
}

static const rpc_method svc_sync_watch_changes = {
    RPC_METHOD_ID("passend.v1.Sync", "WatchChanges", passend__v1__watch_changes_request,
                  passend__v1__watch_changes_response,
                  RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL),
    .handler = watch_changes, .server_streaming = 1, .idempotent = 1, .pupil_level = 1};

static const rpc_method *const methods[] = {
    &svc_sync_watch_changes,
    NULL,
};
const service svc_area_sync_feed = {"passend.v1.Sync", methods, sql_sync_feed_stmts};
