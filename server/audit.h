/* audit: the one way passendd writes platform.audit_log: one statement, in
 * the work's own transaction for a success (outcome 0) and in a small
 * transaction of its own for a failure (outcome = the gRPC code), so a failed
 * call is audited although its work was rolled back. Which calls are audited
 * is the method's declaration (pupil_level, audit_roles). The object ids of a
 * success row are the ones the work's statements named in the
 * transaction-local setting passend.audit_ids (a text[] literal; in the
 * catalogue an `audit_ids` fragment of the statement), else the ids the
 * caller gives. */
#ifndef PASSEND_AUDIT_H
#define PASSEND_AUDIT_H

#include "pg_pool.h"
#include "rpc.h"
#include "service.h"

/* The audit statement, for the pools (no methods). */
extern const service audit_service;

/* Non-zero if calls of this method by this call's principal are audited
 * (pupil-level methods always; others for the roles in audit_roles). */
int audit_wanted(const rpc_call *call);
/* Add the success row (outcome 0) of this call to r, after the work's
 * statements, in r's transaction. Its object ids are those the statements
 * published in passend.audit_ids; if they published none, object_ids (a
 * text[] literal such as "{}" or "{uuid,uuid}"), and if that is NULL no row
 * is written (e.g. a Get that found nothing: its failure row follows).
 * Returns 0 or a pg_err. */
__attribute__((warn_unused_result)) int audit_add(pg_req *r, rpc_call *call, const char *object_ids);
/* Write the failure row (outcome = code) of this call now, in a transaction
 * of its own under the call's principal; fire and forget (a failure to write
 * it is logged). It names the ids the request named (the UUIDs of its
 * fields "id", "*_id" and "*_ids", nested messages included, at most 64).
 * Does nothing for a call without a principal. */
void audit_failure(rpc_call *call, int code);

#endif
