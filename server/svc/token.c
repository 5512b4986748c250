/* token: passend.v1.Tenancy's tokens, for role admin; the statements are
 * server/sql/token.sql, rows become Token messages by column name. List and
 * Revoke are resource methods of the kit (resource.h); CreateToken has a
 * handler of its own because its answer holds the new token's secret
 * (minted by server/token.c), which never goes to the database. Every call
 * is audited (its statement names the rows it touched). */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "grpc_status.h"
#include "passend/v1/tenancy.pb-c.h"
#include "resource.h"
#include "sql_token.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"
#include "token.h"
#include "util.h"

#define SERVICE "passend.v1.Tenancy"

/* ---- CreateToken ------------------------------------------------------------------ */

/* A CreateToken in flight: the minted token (wiped when done) and the
 * arena of its parameters and reply. */
typedef struct create_ctx {
	rpc_call *call;
	token_minted t;
	res_arena arena;
} create_ctx;

static void create_ctx_free(create_ctx *c)
{
	token_wipe(&c->t);
	res_arena_free(&c->arena);
	free(c);
}

static void create_done(void *arg, const pg_reply *rep)
{
	create_ctx *c = arg;
	const PGresult *res = svc_result(rep, 0);
	char err[300];
	if (rep->status != PG_OK) {
		svc_fail_db(c->call, rep);
	} else if (!res || PQntuples(res) != 1) {
		svc_fail(c->call, GRPC_STATUS_INTERNAL, "token was not stored");
	} else {
		Passend__V1__Token info = PASSEND__V1__TOKEN__INIT;
		Passend__V1__CreateTokenResponse out = PASSEND__V1__CREATE_TOKEN_RESPONSE__INIT;
		if (res_row_fill(&c->arena, res, 0, &info.base, err, sizeof err) != 0) {
			res_internal(c->call, err);
		} else {
			out.token_info = &info;
			out.token = c->t.text; /* shown once: the database has its hash only */
			rpc_reply(c->call, &out.base);
		}
	}
	create_ctx_free(c);
}

/* The rules of a CreateToken request; role is its role's name. Writes
 * expires_at as a parameter into expires. Returns 0, or -1 after finishing
 * the call. */
static int check_create(rpc_call *call, const Passend__V1__CreateTokenRequest *req, const char *role,
                        char expires[RES_TIMESTAMP_LEN])
{
	int scoped = req->role == PASSEND__V1__ROLE__WERKGEBIED || req->role == PASSEND__V1__ROLE__SCHOOL;
	if (!role) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "role is required: ADMIN, BESTUUR, TOEZICHT, WERKGEBIED or SCHOOL");
		return -1;
	}
	if (req->role == PASSEND__V1__ROLE__ADMIN && req->tenant_id[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant_id must be empty for role ADMIN");
		return -1;
	}
	if (req->role != PASSEND__V1__ROLE__ADMIN && !req->tenant_id[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant_id is required for role %s", role);
		return -1;
	}
	if (req->tenant_id[0] && !svc_is_uuid(req->tenant_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant_id is not a UUID");
		return -1;
	}
	if (scoped && req->n_scope_ids == 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "scope_ids is required for role %s (%s ids)",
		         role, req->role == PASSEND__V1__ROLE__WERKGEBIED ? "werkgebied" : "school");
		return -1;
	}
	if (!scoped && req->n_scope_ids > 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "scope_ids must be empty for role %s", role);
		return -1;
	}
	if (req->n_scope_ids > 1000) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "scope_ids: at most 1000 ids");
		return -1;
	}
	for (size_t i = 0; i < req->n_scope_ids; i++) {
		if (!svc_is_uuid(req->scope_ids[i])) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "scope_ids[%zu] is not a UUID", i);
			return -1;
		}
	}
	if (strlen(req->description) > 500) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "description is at most 500 characters");
		return -1;
	}
	const Passend__V1__Timestamp *exp = req->expires_at;
	if (res_timestamp_param(exp, expires) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "expires_at is not a valid timestamp");
		return -1;
	}
	/* within range now: the product fits */
	if (exp && (int64_t)exp->seconds * 1000000 + exp->nanos / 1000 <= clock_wall_us()) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "expires_at must be in the future");
		return -1;
	}
	return 0;
}

static void create_token(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateTokenRequest *req = (const void *)msg;
	const char *role = req->role >= 1 && req->role <= 5 ? auth_role_name(1u << (req->role - 1)) : NULL;
	const char *params[RES_MAX_PARAMS];
	char expires[RES_TIMESTAMP_LEN];
	if (check_create(call, req, role, expires) != 0) return;
	create_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	c->call = call;
	if (token_mint(&c->t) != 0) {
		svc_fail(call, GRPC_STATUS_INTERNAL, "token could not be made");
		goto fail;
	}
	/* the minted id and hash, the role's name and the expiry; the rest
	 * from the request */
	const char *names[4] = {"id", "secret_hash", "role", "expires_at"};
	const char *values[4] = {c->t.id, c->t.hash_hex, role, expires};
	if (res_bind(call, &c->arena, msg, &sql_token_insert, names, values, 4, params) != 0) goto fail;
	pg_req *r = svc_req(call, create_done, c);
	if (!r) goto fail;
	if (pg_req_add(r, &sql_token_insert.stmt, params) != 0) {
		pg_req_free(r);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	if (svc_submit(call, r) != 0) goto fail; /* finished; create_done is never called */
	return;
fail:
	create_ctx_free(c);
}

static const rpc_method create = {RPC_METHOD_ID(SERVICE, "CreateToken", passend__v1__create_token_request,
                                                passend__v1__create_token_response, RPC_ROLE_ADMIN),
                                  .handler = create_token, .audit_roles = RPC_ROLE_ADMIN};

/* ---- ListTokens, RevokeToken -------------------------------------------------------- */

RES_METHOD(list, SERVICE, "ListTokens", passend__v1__list_tokens_request, passend__v1__list_tokens_response,
           RPC_ROLE_ADMIN, RES_IDEMPOTENT, .kind = RES_LIST, .q = &sql_token_list,
           .ids = RES_NAMES("tenant_id"), .rpc.audit_roles = RPC_ROLE_ADMIN);
RES_METHOD(revoke, SERVICE, "RevokeToken", passend__v1__revoke_token_request, passend__v1__token,
           RPC_ROLE_ADMIN, RES_IDEMPOTENT, .q = &sql_token_revoke, .id = "id", .not_found = "token not found",
           .rpc.audit_roles = RPC_ROLE_ADMIN);

static const rpc_method *const methods[] = {&create, &list.rpc, &revoke.rpc, NULL};
const service svc_area_token = {SERVICE, methods, sql_token_stmts};
