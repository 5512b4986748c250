/* audit: success rows in the work's transaction, failure rows in their own
 * (see audit.h); both through the one audit statement. */
#include "audit.h"

#include <stdio.h>

#include "auth.h"
#include "log.h"
#include "worker.h"

/* $1 method, $2 object ids when the work published none (NULL: no row),
 * $3 outcome, $4 peer. The principal columns come from the transaction's
 * settings (column defaults), checked by the table's policy. */
static const pg_stmt audit_stmt = {
    "audit_row",
    "INSERT INTO platform.audit_log (method, object_ids, outcome, peer) "
    "SELECT $1, ids, $3::int, $4 FROM (SELECT coalesce(NULLIF(current_setting('passend.audit_ids', true), "
    "'')::text[], $2::text[]) AS ids) a WHERE ids IS NOT NULL",
    4};

static const rpc_method *const no_methods[] = {NULL};
static const pg_stmt *const stmts[] = {&audit_stmt, NULL};
const service audit_service = {"audit", no_methods, stmts};

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
	return pg_req_add(r, &audit_stmt, params);
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
