/* auth: bearer-token authentication and role checks for every non-public
 * RPC. A token "<id>.<secret>" is looked up by id and its secret's SHA-256
 * (SECURITY DEFINER platform.token_lookup compares it; the database never
 * hands the stored hash out).
 * Each worker thread keeps a small cache of authenticated tokens for
 * AUTH_CACHE_TTL_MS, so a cache hit costs no database round trip and a
 * revocation takes effect within that time (plus one in-flight lookup). */
#ifndef PASSEND_AUTH_H
#define PASSEND_AUTH_H

#include <stdint.h>

#include "pg_pool.h"
#include "rpc.h"
#include "service.h"

#define AUTH_CACHE_TTL_MS 2000

/* The principal of a call: who the token says the caller is. Reference
 * counted (single thread: a worker's loop); the call holds one reference. */
typedef struct auth_principal {
	int refs;
	unsigned role;         /* one RPC_ROLE_* bit */
	const char *role_name; /* "admin", "bestuur", ... (static) */
	char token_id[37];
	char swv_id[37]; /* "" for admin */
	char *scope;     /* comma-separated UUIDs, "" if none */
	char *description;
	char *tenant_name;     /* "" for admin */
	int64_t expires_at_ms; /* wall clock; 0 = never */
	/* admin: the token's secret hash, hex, the proof its transactions give
	 * the database for admin writes (passend.token_proof); "" otherwise */
	char proof[65];
} auth_principal;

/* The statements auth owns (token lookup, principal), for the pools. */
extern const service auth_service;

/* Role name ("admin"...) of one RPC_ROLE_* bit, or NULL. */
const char *auth_role_name(unsigned role);
/* RPC_ROLE_* bit for a role name, or 0. */
unsigned auth_role_from_name(const char *name);

/* Take / drop a reference. auth_principal_unref(NULL) does nothing; the
 * last unref frees the principal. */
auth_principal *auth_principal_ref(auth_principal *p);
void auth_principal_unref(auth_principal *p);

/* Add the statement that makes p the principal of r's transaction (SET
 * ROLE passend_<role>, passend.swv_id, passend.scope, passend.token_id,
 * passend.role, passend.token_proof; all transaction-local): the first statement of every
 * request made for a call. Returns 0 or a pg_err. */
__attribute__((warn_unused_result)) int auth_req_principal(pg_req *r, const auth_principal *p);

/* Authenticate and authorise a call of a non-public method (called by rpc.c
 * when the request message is complete and the handler owns the call).
 * Either finishes the call (UNAUTHENTICATED, PERMISSION_DENIED,
 * UNAVAILABLE) or attaches the principal (rpc_call_set_principal) and runs
 * the handler (rpc_call_run), now or after one database lookup. */
void auth_call(rpc_call *call);

#endif
