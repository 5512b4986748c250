/* audit: success rows in the work's transaction, failure rows in their own
 * (see audit.h); both through the one audit statement, server/sql/audit.sql. */
#include "audit.h"

#include <stdio.h>

#include "auth.h"
#include "log.h"
#include "sql_audit.h"
#include "worker.h"

static const rpc_method *const no_methods[] = {NULL};
const service audit_service = {"audit", no_methods, sql_audit_stmts};

int audit_wanted(const rpc_call *call)
{
	const auth_principal *p = rpc_call_principal(call);
	const rpc_method *m = rpc_call_method(call);
	if (!p || !m) return 0;
	return m->pupil_level || (m->audit_roles & p->role) != 0;
}

/* Add the audit row with this outcome to r. */
static int add_row(pg_req *r, rpc_call *call, const char *object_ids, int outcome)
{
	char text[16];
	snprintf(text, sizeof text, "%d", outcome);
	const char *params[4] = {rpc_call_method(call)->path, object_ids, text, rpc_call_peer(call)};
	return pg_req_add(r, &sql_audit_row.stmt, params);
}

int audit_add(pg_req *r, rpc_call *call, const char *object_ids)
{
	return add_row(r, call, object_ids, 0);
}

static void failure_done(void *arg, const pg_reply *rep)
{
	(void)arg;
	if (rep->status != PG_OK)
		log_warn("audit.failed", "sqlstate=%s error=\"%s\"", rep->sqlstate, rep->message);
}

void audit_failure(rpc_call *call, int code)
{
	const auth_principal *p = rpc_call_principal(call);
	if (!p) return;
	pg_req *r = pg_req_new(failure_done, NULL);
	if (!r) {
		log_warn("audit.failed", "method=%s error=\"out of memory\"", rpc_call_method(call)->path);
		return;
	}
	if (auth_req_principal(r, p) != 0 || add_row(r, call, "{}", code) != 0) {
		pg_req_free(r);
		log_warn("audit.failed", "method=%s error=\"out of memory\"", rpc_call_method(call)->path);
		return;
	}
	int rc = pg_req_submit(rpc_call_worker(call)->pool, r);
	if (rc != 0)
		log_warn("audit.failed", "method=%s error=\"%s\"", rpc_call_method(call)->path,
		         pg_strerror(rc));
}
