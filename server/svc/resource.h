/* resource: the kit a resource (an object of the API, e.g. a school) is made
 * of. A resource method is declared with RES_METHOD: its gRPC name, request
 * and response types, roles, the one catalogue statement it runs and an
 * optional check of the request. The kit's handler does the rest: required
 * fields and ids, the update mask, paging, binding the statement's named
 * parameters from the request, one transaction, and the answer, filled from
 * the rows by column name through the protobuf-c descriptors (res_row.h).
 * How to add an object: docs/decisions.md. */
#ifndef PASSEND_RESOURCE_H
#define PASSEND_RESOURCE_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

#include "catalogue.h"
#include "passend/v1/common.pb-c.h"
#include "res_row.h"
#include "rpc.h"

/* What a method answers with. */
enum res_kind {
	/* one row is the response message; no row: NOT_FOUND with not_found */
	RES_ONE = 0,
	/* the rows fill the response's one repeated message field; when the
	 * request has a `page` (PageRequest) the list is paged by the key column
	 * and the response's next_page_token is set */
	RES_LIST,
};

/* Flags of RES_METHOD. */
#define RES_IDEMPOTENT  1u /* safe to retry (rpc_method.idempotent) */
#define RES_PUPIL_LEVEL 2u /* reads or writes pupil-level data: always audited */

typedef struct res_ctx res_ctx;

/* A method's own check of the request, run after the kit's (required, id,
 * update mask) and before paging and binding. Returns 0 to go on, or -1
 * after finishing the call (res_fail). It may add parameter values
 * (res_set) that the request does not hold as such. */
typedef int (*res_check_fn)(res_ctx *c, const ProtobufCMessage *req);

typedef struct res_method {
	rpc_method rpc; /* what the router sees; handler is res_handle */
	enum res_kind kind;
	const sql_query *q;           /* the statement, with named parameters */
	res_check_fn check;           /* or NULL */
	const char *required;         /* a message field that must be set ("school"), or NULL */
	const char *id;               /* a field path that must hold a UUID ("school.id"), or NULL */
	const char *const *updatable; /* Update methods: what update_mask may name (NULL-terminated) */
	const char *not_found;        /* RES_ONE: the NOT_FOUND message ("school not found") */
	const char *key;              /* paged RES_LIST: the column the page token carries (default "id") */
	const char *const *sets;      /* parameters the check gives with res_set (NULL-terminated) */
} res_method;

/* A NULL-terminated list of names, for .updatable and .sets. */
#define RES_NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Declare `static const res_method sym`: the method /<service>/<method> taking
 * req and answering resp (protobuf-c prefixes, e.g. passend__v1__school),
 * allowed to the roles (enum rpc_role bits), with flags (RES_IDEMPOTENT or
 * 0), then the res_method fields as designated initializers:
 *   RES_METHOD(school_get, "passend.v1.Bestuur", "GetSchool", passend__v1__get_school_request,
 *              passend__v1__school, SCHOOL_READ, RES_IDEMPOTENT, .q = &sql_school_get,
 *              .id = "id", .not_found = "school not found");
 * List it in the area's service as &sym.rpc (res_handle finds sym again from
 * rpc_call_method: the router hands back the pointer the service listed). */
#define RES_METHOD(sym, service, method, req, resp, roles_, flags, ...)                                      \
	static const res_method sym = {.rpc = {.path = "/" service "/" method,                               \
	                                       .req_desc = &req##__descriptor,                               \
	                                       .resp_desc = &resp##__descriptor,                             \
	                                       .handler = res_handle,                                        \
	                                       .roles = (roles_),                                            \
	                                       .idempotent = ((flags)&RES_IDEMPOTENT) != 0,                  \
	                                       .pupil_level = ((flags)&RES_PUPIL_LEVEL) != 0},               \
	                               __VA_ARGS__}

/* The handler of every RES_METHOD (see the file comment). */
void res_handle(rpc_call *call, const ProtobufCMessage *req);

/* ---- for check functions ------------------------------------------------ */

/* 1 if the call may change field: always for a method without an update
 * mask (create, upsert), else if update_mask names it. */
int res_touches(const res_ctx *c, const char *field);
/* Give parameter `name` (listed in the method's .sets) this value (copied;
 * NULL is SQL NULL), taking precedence over a request field of that name.
 * Returns 0, or -1 after finishing the call (out of memory, a name not in
 * .sets, or more than RES_MAX_VALUES). */
__attribute__((warn_unused_result)) int res_set(res_ctx *c, const char *name, const char *value);
#define RES_MAX_VALUES 8
/* Finish the call with code and a message naming the field and the rule
 * (svc_fail); returns -1 for `return res_fail(...)`. */
__attribute__((format(printf, 3, 4))) int res_fail(res_ctx *c, int code, const char *fmt, ...);
/* Check that the string at field path of the request is a UUID ("" allowed
 * when optional); else finish the call with INVALID_ARGUMENT "<path> is
 * not a UUID". Returns 0 or -1. */
__attribute__((warn_unused_result)) int res_check_uuid(res_ctx *c, const char *path, int optional);

/* ---- pure helpers (no call, no I/O; unit-tested) ------------------------ */

/* A Date field as yyyymmdd (comparable), 0 when unset (NULL or all zero),
 * -1 when set but not a real date. */
long res_date(const Passend__V1__Date *d);

/* Check an update mask (n names) against the updatable names (known,
 * NULL-terminated). Returns 0, or -1 with a message for INVALID_ARGUMENT
 * in err: empty mask (listing what may be named), unknown name (named, with
 * the list). */
__attribute__((warn_unused_result)) int res_mask_check(char *const *mask, size_t n, const char *const *known,
                                                       char *err, size_t errlen);
/* 1 if mask is NULL (no mask: every field) or names field, else 0. */
int res_mask_has(char *const *mask, size_t n, const char *field);
/* The page a PageRequest asks for: *size (0 -> the default, 1..SVC_PAGE_MAX)
 * and the key after which it starts ("" for the first page) decoded from
 * the token into after: a UUID (want_uuid; 37 bytes) or a positive decimal
 * number. Returns 0, or -1 with a message for INVALID_ARGUMENT in err. page
 * may be NULL (first page). */
__attribute__((warn_unused_result)) int res_page_parse(const Passend__V1__PageRequest *page, int want_uuid,
                                                       int *size, char *after, size_t afterlen, char *err,
                                                       size_t errlen);
/* next_page_token for a page that ended at last_key: "" when there are no
 * more rows (more = 0), else the opaque token. out holds 128 bytes. */
void res_page_token(int more, const char *last_key, char out[128]);
/* The value of field path (e.g. "school.brin") of msg as a statement
 * parameter, into *out: strings as they are, bools "true"/"false",
 * numbers and enums in decimal, a Date as "YYYY-MM-DD" ("" when unset),
 * repeated strings as a text[] literal ("{a,\"b c\"}"); an unset message
 * on the way gives "" (or "false"/"0"/"{}" as the type's default). Text is
 * allocated in a when needed. Returns 0, -1 when path names no field
 * (programming error: err says so) or the type has no parameter form, -2
 * for a Date that is set but not a real date (err: "<path> is not a valid
 * date"), -3 when out of memory. */
__attribute__((warn_unused_result)) int res_param(res_arena *a, const ProtobufCMessage *msg, const char *path,
                                                  const char **out, char *err, size_t errlen);

#endif
