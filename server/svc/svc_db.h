/* svc_db: what every handler does around the database: a request that
 * carries the call's principal (one statement in the same pipeline as the
 * work), the audit row of audited calls (audit.h: appended on submit) and
 * database errors mapped to gRPC codes. Rows become messages through the
 * resource kit (res_row.h). */
#ifndef PASSEND_SVC_DB_H
#define PASSEND_SVC_DB_H

#include <libpq-fe.h>
#include <stdarg.h>

#include "audit.h"
#include "auth.h"
#include "pg_pool.h"
#include "rpc.h"

/* The call's principal (never NULL in a handler of a non-public method). */
const auth_principal *svc_principal(const rpc_call *call);

/* A new request for the call whose first statement sets the principal;
 * done(arg, reply) is called with it. Handlers add their statements with
 * pg_req_add and read them with svc_result. Returns NULL (call finished
 * with RESOURCE_EXHAUSTED) when out of memory. */
__attribute__((warn_unused_result)) pg_req *svc_req(rpc_call *call, pg_done_fn done, void *arg);
/* Submit r (from svc_req). For an audited call (audit_wanted) the audit row
 * goes last in r, naming the objects the statements published
 * (passend.audit_ids); none published: no row. Returns 0, or -1 when it cannot
 * be sent: then the call is finished with the mapped error (and a failure
 * audit row where due) and done is never called, so the caller frees its
 * done argument. */
__attribute__((warn_unused_result)) int svc_submit(rpc_call *call, pg_req *r);
/* svc_submit whose audit row names object_ids (a text[] literal: "{}" for
 * a list, "{uuid}") when the statements published none. */
__attribute__((warn_unused_result)) int svc_submit_audited(rpc_call *call, pg_req *r, const char *object_ids);
/* Result i (0 = the handler's first statement) of a successful reply. */
const PGresult *svc_result(const pg_reply *rep, int i);
/* The single row of a done callback's first result: on a failed request
 * finishes the call with svc_fail_db, on zero or several rows with
 * svc_fail(code, "%s", what); then returns NULL. */
const PGresult *svc_one_row(rpc_call *call, const pg_reply *rep, int code, const char *what);
/* Finish the call with code and a message naming the field and rule; if the
 * call is audited, also append a failure audit row (its own transaction). */
__attribute__((format(printf, 3, 4))) void svc_fail(rpc_call *call, int code, const char *fmt, ...);
/* svc_fail with a va_list (for wrappers such as res_fail). */
__attribute__((format(printf, 3, 0))) void svc_vfail(rpc_call *call, int code, const char *fmt, va_list ap);
/* The gRPC status for a failed request's reply (rep->status != PG_OK):
 * UNAVAILABLE for a database that is down or busy (pg_reply_unavailable),
 * CANCELLED, RESOURCE_EXHAUSTED for out of memory, and by SQLSTATE for
 * PG_E_SQL: ALREADY_EXISTS 23505, FAILED_PRECONDITION other 23xxx,
 * PERMISSION_DENIED 42501, INVALID_ARGUMENT 22xxx, ABORTED 40001/40P01,
 * CANCELLED 57014; INTERNAL otherwise. */
int svc_grpc_status(const pg_reply *rep);
/* Finish the call for a failed request: UNAVAILABLE for a database that is
 * down or busy, ALREADY_EXISTS for unique violations, NOT_FOUND for a
 * foreign key into another tenant or out of scope (P0002 / 23503, naming
 * what), INVALID_ARGUMENT for check violations, PERMISSION_DENIED for
 * insufficient privilege, FAILED_PRECONDITION for 55000 (a workflow step
 * out of order; message as raised), else INTERNAL. Audited like svc_fail. */
void svc_fail_db(rpc_call *call, const pg_reply *rep);

#endif
