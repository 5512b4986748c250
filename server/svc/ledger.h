/* ledger: the request ledger (docs/decisions.md D49). A mutating call
 * (ledger_mutating: any method that may write) that carries a request id —
 * its request's `request_id` field, else the `passend-request-id` metadata —
 * runs in a held transaction (pg_req_hold) whose first statement after the
 * principal claims (token, request_id) with a hash of the method and the
 * request; the handler's answer is stored in the same transaction before it
 * commits, and only then sent. A repeat's claim fails once the first has
 * committed; the repeat is answered from the ledger with the first answer,
 * or INVALID_ARGUMENT when the id was used for a different request. The
 * resource kit (resource.c) applies it to every RES_METHOD; a handler of
 * its own calls the same three functions (sync_upsert.c). */
#ifndef PASSEND_LEDGER_H
#define PASSEND_LEDGER_H

#include <protobuf-c/protobuf-c.h>

#include "pg_pool.h"
#include "rpc.h"
#include "service.h"

#define LEDGER_METADATA "passend-request-id"
#define LEDGER_ID_MAX   200

/* One call's ledger state; zero it before ledger_begin. */
typedef struct ledger {
	int on;                      /* the call is ledgered */
	char rid[LEDGER_ID_MAX + 1]; /* its request id */
	char hash[65];               /* hex SHA-256 of the method and the request */
} ledger;

/* 1 if calls of m go through the ledger when they carry a request id: m
 * may change data. Idempotent writes (Upsert…, Set…, Deactivate…) are
 * included: a repeat must return the first answer, not the state after a
 * later change. A read is a report or a method named as one (D26: Get…,
 * List…, Watch…, Check, WhoAmI, ServerReflectionInfo); the unit test
 * test_ledger_methods holds the table to this. */
int ledger_mutating(const rpc_method *m);

/* For a mutating call with a request id, make r (from svc_req, nothing but
 * the principal added yet) a held transaction that claims the id first, and
 * set l->on. Returns 0 (ledgered or not), or -1 after finishing the call:
 * INVALID_ARGUMENT for a request id longer than LEDGER_ID_MAX or that
 * differs between the field and the metadata, RESOURCE_EXHAUSTED. r is
 * still the caller's either way. */
__attribute__((warn_unused_result)) int ledger_begin(ledger *l, rpc_call *call, const ProtobufCMessage *req,
                                                     pg_req *r);

/* In the done callback of a ledgered request that failed: 1 if it failed
 * because the id was claimed before; then the call is being answered from
 * the ledger (the caller must not finish it), else 0. */
int ledger_repeat(const ledger *l, rpc_call *call, const pg_reply *rep);

/* In the done callback of a ledgered request that succeeded: store resp
 * in the held transaction (rep->hold), commit, then send resp (copied:
 * the caller may free it when this returns). Without l->on, just
 * rpc_reply. On any failure the call is finished with the mapped status. */
void ledger_reply(const ledger *l, rpc_call *call, const pg_reply *rep, const ProtobufCMessage *resp);

/* The ledger's statements, prepared on every connection. */
extern const service svc_area_ledger;

#endif
