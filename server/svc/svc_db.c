/* svc_db: the database side every handler shares: the principal per
 * transaction, audit rows on submit and database errors mapped to gRPC
 * codes. */
#include "svc_db.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "grpc_status.h"
#include "worker.h"

static int call_gone(void *arg)
{
	return rpc_call_is_done(arg);
}

const auth_principal *svc_principal(const rpc_call *call)
{
	return rpc_call_principal(call);
}

pg_req *svc_req(rpc_call *call, pg_done_fn done, void *arg)
{
	const auth_principal *p = svc_principal(call);
	pg_req *r = pg_req_new(done, arg);
	if (!r || !p || auth_req_principal(r, p) != 0) {
		if (r) pg_req_free(r);
		rpc_finish(call, p ? GRPC_STATUS_RESOURCE_EXHAUSTED : GRPC_STATUS_INTERNAL,
		           p ? "out of memory" : "no principal");
		return NULL;
	}
	pg_req_set_cancel(r, call_gone, call);
	return r;
}

int svc_submit(rpc_call *call, pg_req *r)
{
	return svc_submit_audited(call, r, NULL);
}

int svc_submit_audited(rpc_call *call, pg_req *r, const char *object_ids)
{
	if (audit_wanted(call) && audit_add(r, call, object_ids) != 0) {
		pg_req_free(r);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return -1;
	}
	int report = rpc_call_method(call)->report && !audit_wanted(call); /* audit rows are writes */
	int rc = pg_req_submit(worker_db(rpc_call_worker(call), report), r);
	if (rc != 0) {
		pg_reply rep = {.status = rc, .message = pg_strerror(rc)};
		svc_fail_db(call, &rep);
		return -1;
	}
	return 0;
}

const PGresult *svc_one_row(rpc_call *call, const pg_reply *rep, int code, const char *what)
{
	const PGresult *res = svc_result(rep, 0);
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		return NULL;
	}
	if (!res || PQntuples(res) != 1) {
		svc_fail(call, code, "%s", what);
		return NULL;
	}
	return res;
}

const PGresult *svc_result(const pg_reply *rep, int i)
{
	if (rep->status != PG_OK || i + 1 >= rep->nresults) return NULL;
	return rep->results[i + 1];
}

void svc_vfail(rpc_call *call, int code, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (audit_wanted(call)) audit_failure(call, code);
	rpc_finish(call, code, msg);
}

void svc_fail(rpc_call *call, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	svc_vfail(call, code, fmt, ap);
	va_end(ap);
}

/* The request field a foreign key violation is about, from the constraint
 * name in the message (e.g. "scholen_swv_id_werkgebied_id_fkey"). */
static const char *fk_field(const char *msg)
{
	if (strstr(msg, "werkgebied_id_fkey")) return "werkgebied_id";
	if (strstr(msg, "school_id_fkey")) return "school_id";
	if (strstr(msg, "schoolbestuur_id_fkey")) return "schoolbestuur_id";
	if (strstr(msg, "gemeente_id_fkey")) return "gemeente_id";
	if (strstr(msg, "successor_fkey")) return "successor_id";
	return "tenant_id";
}

int svc_grpc_status(const pg_reply *rep)
{
	const char *s = rep->sqlstate;
	if (rep->status == PG_OK) return GRPC_STATUS_OK;
	if (pg_reply_unavailable(rep)) return GRPC_STATUS_UNAVAILABLE;
	switch (rep->status) {
	case PG_E_CANCELLED:
		return GRPC_STATUS_CANCELLED;
	case PG_E_NOMEM:
		return GRPC_STATUS_RESOURCE_EXHAUSTED;
	case PG_E_SQL:
		break;
	default:
		return GRPC_STATUS_INTERNAL;
	}
	if (!strcmp(s, "23505")) return GRPC_STATUS_ALREADY_EXISTS;
	if (!strncmp(s, "23", 2)) return GRPC_STATUS_FAILED_PRECONDITION;
	if (!strcmp(s, "42501")) return GRPC_STATUS_PERMISSION_DENIED;
	if (!strncmp(s, "22", 2)) return GRPC_STATUS_INVALID_ARGUMENT;
	if (!strcmp(s, "40001") || !strcmp(s, "40P01")) return GRPC_STATUS_ABORTED;
	if (!strcmp(s, "57014")) return GRPC_STATUS_CANCELLED;
	return GRPC_STATUS_INTERNAL;
}

void svc_fail_db(rpc_call *call, const pg_reply *rep)
{
	int code = svc_grpc_status(rep);
	const char *s = rep->sqlstate;
	if (rep->status == PG_E_CANCELLED || (rep->status != PG_E_SQL && rpc_call_is_done(call))) {
		rpc_finish(call, GRPC_STATUS_CANCELLED, "call ended");
		return;
	}
	if (code == GRPC_STATUS_UNAVAILABLE) {
		svc_fail(call, code, "database unavailable, retry");
	} else if (rep->status == PG_E_SQL && strcmp(s, "P0002") == 0) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND, "%s", rep->message);
	} else if (rep->status == PG_E_SQL && strcmp(s, "23503") == 0) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND, "%s not found", fk_field(rep->message));
	} else if (rep->status == PG_E_SQL && strcmp(s, "23505") == 0) {
		svc_fail(call, GRPC_STATUS_ALREADY_EXISTS, "already exists: %s", rep->message);
	} else if (rep->status == PG_E_SQL &&
	           (strcmp(s, "23514") == 0 || strcmp(s, "23502") == 0 || strncmp(s, "22", 2) == 0)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "invalid value: %s", rep->message);
	} else if (rep->status == PG_E_SQL && strcmp(s, "55000") == 0) {
		/* object_not_in_prerequisite_state: a workflow step out of order; the
		 * message names the missing step */
		svc_fail(call, GRPC_STATUS_FAILED_PRECONDITION, "%s", rep->message);
	} else if (rep->status == PG_E_SQL && strcmp(s, "42501") == 0) {
		/* the database refused what the method table allowed: not for this principal */
		svc_fail(call, GRPC_STATUS_PERMISSION_DENIED, "permission denied: %s", rep->message);
	} else {
		svc_fail(call, code, "database error %s: %s", s, rep->message);
	}
}
