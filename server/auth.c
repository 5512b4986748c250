/* auth: authenticates bearer tokens (cache per worker thread, else one
 * lookup through platform.token_lookup, which compares the secret's hash in
 * the database), checks the method's roles, and
 * hands the call to its handler with the principal attached. Its
 * statements are server/sql/auth.sql. */
#include "auth.h"

#include <openssl/crypto.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "grpc_status.h"
#include "log.h"
#include "metrics.h"
#include "pg_pool.h"
#include "sql_auth.h"
#include "token.h"
#include "util.h"
#include "worker.h"

#define AUTH_CACHE_SLOTS 1024

static const rpc_method *const no_methods[] = {NULL};
const service auth_service = {"auth", no_methods, sql_auth_stmts};

typedef struct cache_entry {
	char id[37];
	unsigned char hash[32];
	auth_principal *p;  /* NULL: empty slot */
	int64_t fetched_ms; /* clock_mono_ms */
} cache_entry;

typedef struct auth_cache {
	cache_entry slots[AUTH_CACHE_SLOTS];
} auth_cache;

/* A token lookup in flight (the done argument of its request). */
typedef struct lookup {
	rpc_call *call;
	char id[UUID_LEN + 1];
	unsigned char hash[TOKEN_HASH_LEN];
	char hash_hex[2 * TOKEN_HASH_LEN + 1];
} lookup;

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

int auth_req_principal(pg_req *r, const auth_principal *p)
{
	char role[32];
	snprintf(role, sizeof role, "passend_%s", p->role_name);
	const char *params[6] = {role, p->swv_id, p->scope, p->token_id, p->role_name, p->proof};
	int rc = pg_req_add(r, &sql_auth_principal.stmt, params);
	/* the statements after the principal run under this role: its own copies
	 * (pg_req_set_plan_key), key 1 + the role's bit number */
	unsigned key = 1;
	for (unsigned bit = p->role; bit > 1; bit >>= 1)
		key++;
	return rc != 0 ? rc : pg_req_set_plan_key(r, key);
}

auth_principal *auth_principal_ref(auth_principal *p)
{
	if (p) p->refs++;
	return p;
}

void auth_principal_unref(auth_principal *p)
{
	if (!p || --p->refs > 0) return;
	OPENSSL_cleanse(p->proof, sizeof p->proof);
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

static unsigned slot_of(const char *id)
{
	uint32_t h = 2166136261u;
	for (const char *p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h % AUTH_CACHE_SLOTS;
}

/* The fresh cache entry of a token id, or NULL. */
static const cache_entry *cache_find(const char *id)
{
	auth_cache *c = cache_get();
	if (!c) return NULL;
	const cache_entry *e = &c->slots[slot_of(id)];
	if (!e->p || strcmp(e->id, id) != 0 || clock_mono_ms() - e->fetched_ms >= AUTH_CACHE_TTL_MS)
		return NULL;
	return e;
}

/* Remember the principal p of the lookup's token (the cache takes a reference). */
static void cache_put(const lookup *lk, auth_principal *p)
{
	auth_cache *c = cache_get();
	if (!c) return;
	cache_entry *e = &c->slots[slot_of(lk->id)];
	auth_principal_unref(e->p);
	memcpy(e->id, lk->id, sizeof e->id);
	memcpy(e->hash, lk->hash, sizeof e->hash);
	e->p = auth_principal_ref(p);
	e->fetched_ms = clock_mono_ms();
}

/* Authenticated: check the role, attach the principal, run the handler. */
static void authorised(rpc_call *call, auth_principal *p)
{
	const rpc_method *m = rpc_call_method(call);
	rpc_call_set_principal(call, p);
	if (p->expires_at_ms && clock_wall_ms() >= p->expires_at_ms) {
		rpc_finish(call, GRPC_STATUS_UNAUTHENTICATED, "expired token");
		return;
	}
	if (!(m->roles & p->role)) {
		if (audit_wanted(call)) audit_failure(call, GRPC_STATUS_PERMISSION_DENIED);
		rpc_finishf(call, GRPC_STATUS_PERMISSION_DENIED, "role %s may not call %s", p->role_name,
		            m->path);
		return;
	}
	rpc_call_run(call);
}

static int call_gone(void *arg)
{
	return rpc_call_is_done(((lookup *)arg)->call);
}

/* The text of column name in the lookup's one row; NULL for SQL NULL or a
 * column the statement does not have. */
static const char *value(const PGresult *res, const char *name)
{
	int c = PQfnumber(res, name);
	return c < 0 || PQgetisnull(res, 0, c) ? NULL : PQgetvalue(res, 0, c);
}

/* A boolean column is taken as true unless it says false (fail closed). */
static int not_false(const char *v)
{
	return !v || v[0] != 'f';
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
	auth_principal *p = NULL;
	int status = GRPC_STATUS_INTERNAL;
	const char *msg = "out of memory";
	char why[300];

	if (rep->status != PG_OK) {
		if (rep->status == PG_E_CANCELLED || rpc_call_is_done(call)) {
			status = GRPC_STATUS_CANCELLED;
			msg = "call ended";
		} else if (pg_reply_unavailable(rep)) {
			status = GRPC_STATUS_UNAVAILABLE;
			msg = "database unavailable, retry";
		} else {
			snprintf(why, sizeof why, "token lookup failed: %s", rep->message);
			msg = why;
		}
		goto out;
	}
	/* unknown id and wrong secret give the same answer: no row */
	status = GRPC_STATUS_UNAUTHENTICATED;
	if (!res || PQntuples(res) != 1) {
		msg = "invalid token";
		goto out;
	}
	if (not_false(value(res, "revoked"))) {
		msg = "revoked token";
		goto out;
	}
	if (not_false(value(res, "expired"))) {
		msg = "expired token";
		goto out;
	}
	status = GRPC_STATUS_INTERNAL;
	unsigned role = auth_role_from_name(value(res, "role"));
	if (!role) {
		msg = "token has an unknown role";
		goto out;
	}
	p = calloc(1, sizeof *p);
	if (!p) goto out;
	p->refs = 1;
	p->role = role;
	p->role_name = auth_role_name(role);
	memcpy(p->token_id, lk->id, sizeof p->token_id);
	const char *swv = value(res, "swv_id"), *expires = value(res, "expires_at_ms");
	snprintf(p->swv_id, sizeof p->swv_id, "%s", swv ? swv : "");
	p->scope = dup0(value(res, "scope"));
	p->description = dup0(value(res, "description"));
	p->tenant_name = dup0(value(res, "tenant_name"));
	p->expires_at_ms = expires ? strtoll(expires, NULL, 10) : 0;
	if (role == RPC_ROLE_ADMIN) memcpy(p->proof, lk->hash_hex, sizeof p->proof);
	if (!p->scope || !p->description || !p->tenant_name) goto out;
	cache_put(lk, p);
	/* The client may have gone (reset, deadline) during the lookup: then no
	 * handler runs and nothing is audited for a call nobody waits for. */
	if (rpc_call_is_done(call)) {
		status = GRPC_STATUS_CANCELLED;
		msg = "call ended";
		goto out;
	}
	status = GRPC_STATUS_OK;
	authorised(call, auth_principal_ref(p));
out:
	if (status != GRPC_STATUS_OK) rpc_finish(call, status, msg);
	auth_principal_unref(p);
	free(lk);
}

void auth_call(rpc_call *call)
{
	const char *hdr = rpc_call_metadata(call, "authorization");
	const char *tok = token_bearer(hdr);
	lookup *lk = NULL;
	pg_req *r = NULL;
	int status = GRPC_STATUS_UNAUTHENTICATED;
	const char *msg = "missing token: send authorization: Bearer <token>";

	if (!hdr || !*hdr) goto out;
	msg = "malformed token: expected Bearer <uuid>.<secret>";
	lk = calloc(1, sizeof *lk);
	if (!lk) {
		status = GRPC_STATUS_RESOURCE_EXHAUSTED;
		msg = "out of memory";
		goto out;
	}
	if (!tok || token_parse(tok, lk->id, lk->hash) != 0) goto out;
	lk->call = call;
	const cache_entry *e = cache_find(lk->id);
	metrics_count(rpc_call_worker(call)->metrics,
	              e ? METRICS_TOKEN_CACHE_HITS : METRICS_TOKEN_CACHE_MISSES, 1);
	if (e) {
		if (CRYPTO_memcmp(e->hash, lk->hash, TOKEN_HASH_LEN) != 0) {
			msg = "invalid token";
			goto out;
		}
		status = GRPC_STATUS_OK;
		authorised(call, auth_principal_ref(e->p));
		goto out;
	}
	status = GRPC_STATUS_RESOURCE_EXHAUSTED;
	msg = "out of memory";
	r = pg_req_new(lookup_done, lk);
	token_hash_hex(lk->hash, lk->hash_hex);
	const char *params[2] = {lk->id, lk->hash_hex};
	if (!r || pg_req_add(r, &sql_auth_token_lookup.stmt, params) != 0) goto out;
	pg_req_set_cancel(r, call_gone, lk);
	int rc = pg_req_submit(rpc_call_worker(call)->pool, r);
	r = NULL; /* the pool owns it now, in every case */
	if (rc == 0) {
		lk = NULL; /* lookup_done frees it */
		status = GRPC_STATUS_OK;
	} else if (rc == PG_E_CANCELLED) {
		status = GRPC_STATUS_CANCELLED;
		msg = "call ended";
	} else {
		status = GRPC_STATUS_UNAVAILABLE;
		msg = "database unavailable, retry";
	}
out:
	pg_req_free(r);
	free(lk);
	if (status != GRPC_STATUS_OK) rpc_finish(call, status, msg);
}
