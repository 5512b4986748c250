/* auth: authenticates bearer tokens (cache per worker thread, else one
 * lookup through platform.token_lookup), checks the method's roles, and
 * hands the call to its handler with the principal attached. */
#include "auth.h"

#include <openssl/crypto.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "grpc_status.h"
#include "log.h"
#include "pg_pool.h"
#include "svc/svc_db.h"
#include "svc/svc_validate.h"
#include "worker.h"

#define AUTH_CACHE_SLOTS 1024

const pg_stmt auth_stmt_token_lookup = {
    "auth_token_lookup",
    "SELECT role, swv_id, scope, secret_hash, expires_at_ms, revoked, expired, description, tenant_name "
    "FROM platform.token_lookup($1::uuid)",
    1};

typedef struct cache_entry {
	char id[37];
	unsigned char hash[32];
	auth_principal *p; /* NULL: empty slot */
	uint64_t fetched_ms;
} cache_entry;

typedef struct auth_cache {
	cache_entry slots[AUTH_CACHE_SLOTS];
} auth_cache;

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static const char *const role_names[] = {"admin", "bestuur", "toezicht", "werkgebied", "school"};

const char *auth_role_name(unsigned role)
{
	for (unsigned i = 0; i < 5; i++)
		if (role == 1u << i) return role_names[i];
	return NULL;
}

unsigned auth_role_from_name(const char *name)
{
	for (unsigned i = 0; i < 5; i++)
		if (name && strcmp(name, role_names[i]) == 0) return 1u << i;
	return 0;
}

auth_principal *auth_principal_ref(auth_principal *p)
{
	if (p) p->refs++;
	return p;
}

void auth_principal_unref(auth_principal *p)
{
	if (!p || --p->refs > 0) return;
	free(p->scope);
	free(p->description);
	free(p->tenant_name);
	free(p);
}

static void cache_destroy(void *arg)
{
	auth_cache *c = arg;
	for (int i = 0; i < AUTH_CACHE_SLOTS; i++)
		auth_principal_unref(c->slots[i].p);
	free(c);
}

static void cache_key_init(void)
{
	(void)pthread_key_create(&cache_key, cache_destroy);
}

/* This thread's cache (created on first use; freed when the thread ends). */
static auth_cache *cache_get(void)
{
	pthread_once(&cache_once, cache_key_init);
	auth_cache *c = pthread_getspecific(cache_key);
	if (!c) {
		c = calloc(1, sizeof *c);
		if (c && pthread_setspecific(cache_key, c) != 0) {
			free(c);
			c = NULL;
		}
	}
	return c;
}

static uint64_t mono_ms(void)
{
	return uv_hrtime() / 1000000u;
}

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned slot_of(const char *id)
{
	uint32_t h = 2166136261u;
	for (const char *p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h % AUTH_CACHE_SLOTS;
}

/* Authenticated: check the role, attach the principal, run the handler. */
static void authorised(rpc_call *call, auth_principal *p)
{
	const rpc_method *m = rpc_call_method(call);
	rpc_call_set_principal(call, p);
	if (p->expires_at_ms && wall_ms() >= p->expires_at_ms) {
		rpc_finish(call, GRPC_STATUS_UNAUTHENTICATED, "expired token");
		return;
	}
	if (!(m->roles & p->role)) {
		svc_fail(call, GRPC_STATUS_PERMISSION_DENIED, "role %s may not call %s", p->role_name,
		         m->path);
		return;
	}
	rpc_call_run(call);
}

typedef struct lookup {
	rpc_call *call;
	char id[37];
	unsigned char hash[32];
} lookup;

static int call_gone(void *arg)
{
	return rpc_call_is_done(((lookup *)arg)->call);
}

static int hex_nibble(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

/* bytea text output "\x<64 hex>" into 32 bytes. Returns 0 or -1. */
static int bytea32(const char *s, unsigned char out[32])
{
	if (!s || strlen(s) != 66 || s[0] != '\\' || s[1] != 'x') return -1;
	for (int i = 0; i < 32; i++) {
		int hi = hex_nibble(s[2 + 2 * i]), lo = hex_nibble(s[3 + 2 * i]);
		if (hi < 0 || lo < 0) return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static char *dup0(const char *s)
{
	return strdup(s ? s : "");
}

static void lookup_done(void *arg, const pg_reply *rep)
{
	lookup *lk = arg;
	rpc_call *call = lk->call;
	const PGresult *res = rep->status == PG_OK && rep->nresults == 1 ? rep->results[0] : NULL;
	unsigned char stored[32];
	auth_principal *p = NULL;
	if (rep->status != PG_OK) {
		if (rep->status == PG_E_CANCELLED || rpc_call_is_done(call))
			rpc_finish(call, GRPC_STATUS_CANCELLED, "call ended");
		else if (pg_grpc_status(rep->status, rep->sqlstate) == GRPC_STATUS_UNAVAILABLE)
			rpc_finish(call, GRPC_STATUS_UNAVAILABLE, "database unavailable, retry");
		else
			rpc_finishf(call, GRPC_STATUS_INTERNAL, "token lookup failed: %s", rep->message);
		goto out;
	}
	/* unknown id and wrong secret give the same answer */
	if (!res || PQntuples(res) != 1 || bytea32(PQgetvalue(res, 0, 3), stored) != 0 ||
	    CRYPTO_memcmp(stored, lk->hash, 32) != 0) {
		rpc_finish(call, GRPC_STATUS_UNAUTHENTICATED, "invalid token");
		goto out;
	}
	if (PQgetvalue(res, 0, 5)[0] == 't') {
		rpc_finish(call, GRPC_STATUS_UNAUTHENTICATED, "revoked token");
		goto out;
	}
	if (PQgetvalue(res, 0, 6)[0] == 't') {
		rpc_finish(call, GRPC_STATUS_UNAUTHENTICATED, "expired token");
		goto out;
	}
	unsigned role = auth_role_from_name(PQgetvalue(res, 0, 0));
	p = calloc(1, sizeof *p);
	if (!p || !role) {
		rpc_finish(call, GRPC_STATUS_INTERNAL, p ? "token has an unknown role" : "out of memory");
		goto out;
	}
	p->refs = 1;
	p->role = role;
	p->role_name = auth_role_name(role);
	memcpy(p->token_id, lk->id, sizeof p->token_id);
	snprintf(p->swv_id, sizeof p->swv_id, "%s", PQgetvalue(res, 0, 1));
	p->scope = dup0(PQgetvalue(res, 0, 2));
	p->description = dup0(PQgetvalue(res, 0, 7));
	p->tenant_name = dup0(PQgetvalue(res, 0, 8));
	p->expires_at_ms = PQgetisnull(res, 0, 4) ? 0 : strtoll(PQgetvalue(res, 0, 4), NULL, 10);
	if (!p->scope || !p->description || !p->tenant_name) {
		rpc_finish(call, GRPC_STATUS_INTERNAL, "out of memory");
		goto out;
	}
	auth_cache *c = cache_get();
	if (c) {
		cache_entry *e = &c->slots[slot_of(lk->id)];
		auth_principal_unref(e->p);
		memcpy(e->id, lk->id, sizeof e->id);
		memcpy(e->hash, lk->hash, 32);
		e->p = auth_principal_ref(p);
		e->fetched_ms = mono_ms();
	}
	/* The client may have gone (reset, deadline) during the lookup: then no
	 * handler runs and nothing is audited for a call nobody waits for. */
	if (rpc_call_is_done(call)) {
		rpc_finish(call, GRPC_STATUS_CANCELLED, "call ended");
		goto out;
	}
	authorised(call, auth_principal_ref(p));
out:
	auth_principal_unref(p);
	free(lk);
}

void auth_call(rpc_call *call)
{
	const char *hdr = rpc_call_metadata(call, "authorization");
	if (!hdr || !*hdr) {
		rpc_finish(call, GRPC_STATUS_UNAUTHENTICATED,
		           "missing token: send authorization: Bearer <token>");
		return;
	}
	const char *tok = svc_bearer(hdr);
	lookup *lk = calloc(1, sizeof *lk);
	if (!lk) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (!tok || svc_token_parse(tok, lk->id, lk->hash) != 0) {
		free(lk);
		rpc_finish(call, GRPC_STATUS_UNAUTHENTICATED,
		           "malformed token: expected Bearer <uuid>.<secret>");
		return;
	}
	lk->call = call;
	auth_cache *c = cache_get();
	if (c) {
		cache_entry *e = &c->slots[slot_of(lk->id)];
		if (e->p && strcmp(e->id, lk->id) == 0 && mono_ms() - e->fetched_ms < AUTH_CACHE_TTL_MS) {
			if (CRYPTO_memcmp(e->hash, lk->hash, 32) != 0) {
				free(lk);
				rpc_finish(call, GRPC_STATUS_UNAUTHENTICATED, "invalid token");
				return;
			}
			free(lk);
			authorised(call, auth_principal_ref(e->p));
			return;
		}
	}
	worker *w = rpc_call_worker(call);
	pg_req *r = pg_req_new(lookup_done, lk);
	const char *params[1] = {lk->id};
	if (!r || pg_req_add(r, &auth_stmt_token_lookup, params) != 0) {
		if (r) pg_req_free(r);
		free(lk);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	pg_req_set_cancel(r, call_gone, lk);
	int rc = pg_req_submit(w->pool, r);
	if (rc != 0) {
		free(lk);
		if (rc == PG_E_CANCELLED)
			rpc_finish(call, GRPC_STATUS_CANCELLED, "call ended");
		else
			rpc_finish(call, GRPC_STATUS_UNAVAILABLE, "database unavailable, retry");
	}
}
