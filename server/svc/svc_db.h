/* svc_db: what every handler does around the database: a request that
 * carries the call's principal (one statement in the same pipeline as the
 * work), the audit row of audited calls (audit.h: appended on submit),
 * database errors mapped to gRPC codes, and reading rows into protobuf
 * fields. */
#ifndef PASSEND_SVC_DB_H
#define PASSEND_SVC_DB_H

#include <libpq-fe.h>
#include <stdint.h>

#include "audit.h"
#include "auth.h"
#include "passend/v1/common.pb-c.h"
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
 * (AUDIT_IDS_OF); none published: no row. Returns 0, or -1 when it cannot
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
/* Add st with params to r and submit r. Returns 0, or -1 when the call was
 * finished instead (out of memory: r freed, RESOURCE_EXHAUSTED; or r could
 * not be submitted): done is then never called. */
__attribute__((warn_unused_result)) int svc_add_or_fail(rpc_call *call, pg_req *r, const pg_stmt *st,
                                                        const char *const *params);
/* One statement for the call: svc_req(call, done, arg) and svc_add_or_fail.
 * On failure the call is finished and done is not called (arg is not
 * freed: use it only with an arg that needs no freeing, e.g. the call). */
void svc_run1(rpc_call *call, pg_done_fn done, void *arg, const pg_stmt *st, const char *const *params);
/* Finish the call with code and a message naming the field and rule; if the
 * call is audited, also append a failure audit row (its own transaction). */
__attribute__((format(printf, 3, 4))) void svc_fail(rpc_call *call, int code, const char *fmt, ...);
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

/* ---- rows ----------------------------------------------------------------- */
/* Value of column c of row 0..n (NULL for SQL NULL). The text stays valid
 * while the reply does. */
const char *svc_val(const PGresult *res, int row, int col);
/* Fill ts from microseconds since the epoch in text; returns ts, or NULL if
 * the value is NULL. */
Passend__V1__Timestamp *svc_ts(const char *micros, Passend__V1__Timestamp *ts);
/* Timestamp as microseconds text for a parameter ("" when unset). */
void svc_ts_param(const Passend__V1__Timestamp *ts, char out[32]);
/* Validate a page request: sets *size and the decoded key (for a UUID key
 * keylen >= 37). Finishes the call with INVALID_ARGUMENT and returns -1 on
 * a bad size or token. */
__attribute__((warn_unused_result)) int svc_page(rpc_call *call, const Passend__V1__PageRequest *page,
                                                 int want_uuid, int *size, char *key, size_t keylen);
/* Next page token for the last key if there are more rows ("" otherwise);
 * out must hold 128 bytes. */
void svc_next_token(int more, const char *last_key, char out[128]);
/* Context of a List call: the call and its page size. */
typedef struct svc_list {
	rpc_call *call;
	int size;
} svc_list;
/* malloc'd list context (caller frees in its done callback), or NULL with
 * the call finished (RESOURCE_EXHAUSTED). */
__attribute__((warn_unused_result)) svc_list *svc_list_new(rpc_call *call, int size);
/* Submit a List's one statement with l (from svc_list_new) as the done
 * callback's argument (audited like svc_submit_audited(..., "{}")). When the
 * request cannot be made, l is freed and the call finished (done is not
 * called). */
void svc_list_submit(rpc_call *call, svc_list *l, pg_done_fn done, const pg_stmt *st,
                     const char *const *params);
/* Prologue of a List's done callback: takes and frees the svc_list arg,
 * sets *call, the first result *res, its row count *n capped at the page
 * size and *more (1 if there was a row beyond the page). Returns 0 to go
 * on, or -1 when the request failed and the call is already finished
 * (svc_fail_db). */
__attribute__((warn_unused_result)) int svc_list_rows(void *arg, const pg_reply *rep, rpc_call **call,
                                                      const PGresult **res, int *n, int *more);
/* Next page token (out holds 128 bytes) of a List reply whose page is rows
 * 0..n-1 of res, keyed by column 0. */
void svc_list_next(const PGresult *res, int n, int more, char out[128]);

/* Object ids text[] literal "{a,b,...}" of column col over rows 0..n-1 into
 * a malloc'd string (caller frees), or NULL when out of memory. */
__attribute__((warn_unused_result)) char *svc_ids_literal(const PGresult *res, int col, int n);

#endif
