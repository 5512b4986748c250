/* audit_event: passend.v1.Tenancy's ListAuditEvents, a resource method of
 * the kit (resource.h) over server/sql/audit_event.sql: the audit log,
 * newest first, for admin (every tenant, or one) and bestuur (its own
 * tenant only). An admin's call is audited itself. */
#include <string.h>

#include "auth.h"
#include "grpc_status.h"
#include "passend/v1/tenancy.pb-c.h"
#include "resource.h"
#include "sql_audit_event.h"
#include "svc.h"
#include "svc_db.h"

#define SERVICE "passend.v1.Tenancy"

/* bestuur: always its own tenant, whatever it asks (row level security
 * enforces it too); admin: the tenant asked for, if any. since as a
 * timestamptz parameter. */
static int check_list(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ListAuditEventsRequest *req = (const void *)msg;
	const auth_principal *p = svc_principal(res_call(c));
	if (p->role != RPC_ROLE_ADMIN) {
		if (res_set(c, "tenant_id", p->swv_id) != 0) return -1;
	} else if (res_check_uuid(c, "tenant_id", 1) != 0) {
		return -1;
	}
	if (strlen(req->method) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "method is at most 200 characters");
	char since[RES_TIMESTAMP_LEN];
	if (res_timestamp_param(req->since, since) != 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "since is not a valid timestamp");
	return res_set(c, "since", since);
}

RES_METHOD(list, SERVICE, "ListAuditEvents", passend__v1__list_audit_events_request,
           passend__v1__list_audit_events_response, RPC_ROLE_ADMIN | RPC_ROLE_BESTUUR, RES_IDEMPOTENT,
           .kind = RES_LIST, .q = &sql_audit_event_list, .check = check_list,
           .sets = RES_NAMES("tenant_id", "since"), .rpc.audit_roles = RPC_ROLE_ADMIN);

static const rpc_method *const methods[] = {&list.rpc, NULL};
const service svc_area_audit_event = {SERVICE, methods, sql_audit_event_stmts};
