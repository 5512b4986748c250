/* whoami: passend.v1.Tenancy's WhoAmI, for every role: the call's own
 * principal as auth found it (server/auth.c), without a database round
 * trip; so no statements. */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "grpc_status.h"
#include "passend/v1/tenancy.pb-c.h"
#include "svc.h"
#include "svc_db.h"

/* Proto Role enum value (ADMIN = 1 ...) of a role bit, or 0. */
static int role_enum(unsigned bit)
{
	for (int i = 0; i < 5; i++)
		if (bit == 1u << i) return i + 1;
	return 0;
}

static void who_am_i(rpc_call *call, const ProtobufCMessage *msg)
{
	(void)msg;
	const auth_principal *p = svc_principal(call);
	if (!p) {
		rpc_finish(call, GRPC_STATUS_INTERNAL, "no principal");
		return;
	}
	/* the scope is "id,id,...": split a copy in place */
	size_t n = p->scope[0] ? 1 : 0;
	for (const char *s = p->scope; *s; s++)
		n += *s == ',';
	char *scope = strdup(p->scope);
	char **ids = calloc(n + 1, sizeof *ids);
	if (!scope || !ids) {
		free(scope), free(ids);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		ids[i] = i ? strchr(ids[i - 1], '\0') + 1 : scope;
		char *comma = strchr(ids[i], ',');
		if (comma) *comma = '\0';
	}
	Passend__V1__WhoAmIResponse out = PASSEND__V1__WHO_AM_IRESPONSE__INIT;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	out.token_id = (char *)p->token_id;
	out.role = role_enum(p->role);
	out.tenant_id = (char *)p->swv_id;
	out.tenant_name = p->tenant_name;
	out.n_scope_ids = n;
	out.scope_ids = ids;
	if (p->expires_at_ms) {
		ts.seconds = p->expires_at_ms / 1000;
		ts.nanos = (int32_t)(p->expires_at_ms % 1000) * 1000000;
		out.expires_at = &ts;
	}
	out.description = p->description;
	rpc_reply(call, &out.base);
	free(scope), free(ids);
}

static const rpc_method who_am_i_method = {
    RPC_METHOD_ID("passend.v1.Tenancy", "WhoAmI", passend__v1__who_am_irequest, passend__v1__who_am_iresponse,
                  RPC_ROLE_ADMIN | RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED |
                      RPC_ROLE_SCHOOL),
    .handler = who_am_i, .idempotent = 1};

static const rpc_method *const methods[] = {&who_am_i_method, NULL};
static const pg_stmt *const stmts[] = {NULL};
const service svc_area_whoami = {"passend.v1.Tenancy", methods, stmts};
