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
#include "grpc_status.h"
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
#define RES_REPORT      4u /* only reads: a read-only replica may answer it (rpc_method.report) */

typedef struct res_ctx res_ctx;

/* A method's own check of the request, run after the kit's (required, id,
 * update mask) and before paging and binding. Returns 0 to go on, or -1
 * after finishing the call (res_fail). It may add parameter values
 * (res_set) that the request does not hold as such. */
typedef int (*res_check_fn)(res_ctx *c, const ProtobufCMessage *req);

/* A database error the method answers in its own words instead of the
 * generic mapping (svc_fail_db): the SQLSTATE, a text the database's
 * message contains (the constraint's name), the gRPC code and the message.
 * A method's list (an array) ends with {NULL}. */
typedef struct res_db_error {
	const char *sqlstate;
	const char *match;
	int code;
	const char *message;
} res_db_error;

/* A method's .db_errors, inline: RES_DB_ERRORS(entry, ...), the entries
 * one of these (the common cases) or a res_db_error of its own:
 *   RES_UNIQUE(constraint, msg)  a unique key (23505): ALREADY_EXISTS
 *   RES_CHECK(constraint, msg)   a CHECK constraint or trigger (23514): INVALID_ARGUMENT
 *   RES_FKEY(constraint, msg)    a foreign key (23503): NOT_FOUND
 *   RES_RAISED(msg)              a function's own refusal (22023) with exactly msg:
 *                                INVALID_ARGUMENT msg
 *   RES_LIJST(match, field, list) the list trigger (23514, its message containing match):
 *                                INVALID_ARGUMENT "<field> is not an active <list> of this
 *                                tenant (ListLijstWaarden)" */
/* (unformatted: clang-format spreads a braced macro body over four lines) */
/* clang-format off */
#define RES_DB_ERRORS(...) ((const res_db_error[]){__VA_ARGS__, {NULL, NULL, 0, NULL}})
#define RES_UNIQUE(constraint, msg) {"23505", constraint, GRPC_STATUS_ALREADY_EXISTS, msg}
#define RES_CHECK(constraint, msg)  {"23514", constraint, GRPC_STATUS_INVALID_ARGUMENT, msg}
#define RES_FKEY(constraint, msg)   {"23503", constraint, GRPC_STATUS_NOT_FOUND, msg}
#define RES_RAISED(msg)             {"22023", msg, GRPC_STATUS_INVALID_ARGUMENT, msg}
#define RES_LIJST(match, field, list) \
	RES_CHECK(match, field " is not an active " list " of this tenant (ListLijstWaarden)")
/* clang-format on */

typedef struct res_method {
	rpc_method rpc; /* what the router sees; handler is res_handle */
	enum res_kind kind;
	const sql_query *q;            /* the statement, with named parameters */
	const sql_query *then;         /* or NULL: a second statement, run after q in the same
	                                * transaction, whose rows are the answer instead of q's (a
	                                * workflow step, then the read of what it changed); q's rows
	                                * only refuse (_invalid) */
	res_check_fn check;            /* or NULL */
	res_check_fn check_obj;        /* or NULL: a check of the object the call writes, the message
	                                * at .required (a message field), run before check; it tells
	                                * a create from an update with res_creates */
	const char *required;          /* a message field that must be set ("school"), or NULL */
	const char *id;                /* a field path that must hold a UUID ("school.id"), or NULL */
	const char *const *ids;        /* field paths that, when set, must hold a UUID (list filters
	                                * such as "leerling_id"; NULL-terminated), or NULL */
	const char *const *updatable;  /* Update methods: what update_mask may name (NULL-terminated) */
	const char *not_found;         /* RES_ONE: the NOT_FOUND message ("school not found") */
	const char *key;               /* paged RES_LIST: the column the page token carries: "id" (the
	                                * default), another UUID or number column, or "_key", a text
	                                * sort key */
	const char *const *sets;       /* parameters the check gives with res_set (NULL-terminated) */
	const res_db_error *db_errors; /* or NULL */
} res_method;

/* A NULL-terminated list of names, for .updatable and .sets. */
#define RES_NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
/* Declare `static const res_method sym`: the method /<service>/<method> taking
 * req and answering resp (protobuf-c prefixes, e.g. passend__v1__school),
 * allowed to the roles (enum rpc_role bits), with flags (RES_IDEMPOTENT, RES_REPORT or
 * 0), then the res_method fields as designated initializers:
 *   RES_METHOD(school_get, "passend.v1.Bestuur", "GetSchool", passend__v1__get_school_request,
 *              passend__v1__school, SCHOOL_READ, RES_IDEMPOTENT, .q = &sql_school_get,
 *              .id = "id", .not_found = "school not found");
 * List it in the area's service as &sym.rpc (res_handle finds sym again from
 * rpc_call_method: the router hands back the pointer the service listed).
 * Other rpc_method fields follow the res_method ones by designator, e.g.
 * .rpc.audit_roles = RPC_ROLE_ADMIN (audit every call of that role). */
#define RES_METHOD(sym, service, method, req, resp, roles_, flags, ...)                                      \
	static const res_method sym = {.rpc = {RPC_METHOD_ID(service, method, req, resp, roles_),            \
	                                       .handler = res_handle,                                        \
	                                       .idempotent = ((flags)&RES_IDEMPOTENT) != 0,                  \
	                                       .pupil_level = ((flags)&RES_PUPIL_LEVEL) != 0,                \
	                                       .report = ((flags)&RES_REPORT) != 0, .ledger = 1},            \
	                               __VA_ARGS__}

/* The handler of every RES_METHOD (see the file comment). */
void res_handle(rpc_call *call, const ProtobufCMessage *req);

/* ---- for check functions ------------------------------------------------ */

/* The call being checked (e.g. for its principal). */
rpc_call *res_call(const res_ctx *c);
/* 1 for a method without an update mask (create, upsert), 0 for an update. */
int res_creates(const res_ctx *c);
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
/* A report method's check (.check = res_check_report_period): the request's
 * schooljaar (string) and trimester (int32) fields name a period
 * (svc_report_period_error), else INVALID_ARGUMENT with its message.
 * Returns 0 or -1. */
__attribute__((warn_unused_result)) int res_check_report_period(res_ctx *c, const ProtobufCMessage *req);
/* Check the date range of the request's object obj: from and to (NULL or
 * unset: open; pass NULL for a field the call does not touch) must be real
 * dates, and to on or after from; else finish the call with INVALID_ARGUMENT
 * "<obj>.<from_name>/<to_name> must be valid dates" or "<obj>.<to_name> must
 * be on or after <from_name>". Returns 0 or -1. */
__attribute__((warn_unused_result)) int res_check_range(res_ctx *c, const char *obj, const char *from_name,
                                                        const Passend__V1__Date *from, const char *to_name,
                                                        const Passend__V1__Date *to);

/* ---- for handlers of their own (methods that do more) ------------------- */

#define RES_MAX_PARAMS 64 /* pg_pool's PG_MAX_PARAMS */
/* The parameters of q for one call: a named parameter takes the value given
 * for its name (names[k] -> values[k], n of them; NULL is SQL NULL), else
 * the request field of that path (res_param), its text in a. Returns 0, or
 * -1 after finishing the call: INVALID_ARGUMENT for a set date that is not
 * valid, RESOURCE_EXHAUSTED, or INTERNAL (res_internal) for
 * parameters that are not named or name no field. */
__attribute__((warn_unused_result)) int res_bind(rpc_call *call, res_arena *a, const ProtobufCMessage *req,
                                                 const sql_query *q, const char *const *names,
                                                 const char *const *values, int n,
                                                 const char *params[RES_MAX_PARAMS]);
/* A bug in a method's description, statement or row mapping: logs it and
 * finishes the call with INTERNAL "internal error: <why>". */
void res_internal(rpc_call *call, const char *why);

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
 * the token into after (enum svc_page_key kind: a UUID, 37 bytes; a
 * positive decimal number; or text, SVC_PAGE_KEY_MAX + 1 bytes). Returns 0,
 * or -1 with a message for INVALID_ARGUMENT in err. page may be NULL (first
 * page). */
__attribute__((warn_unused_result)) int res_page_parse(const Passend__V1__PageRequest *page, int kind,
                                                       int *size, char *after, size_t afterlen, char *err,
                                                       size_t errlen);
/* The text[] literal of n strings (a NULL string is SQL NULL; cast it to
 * int[] etc. in the statement), in a; NULL when out of memory. */
char *res_text_array(res_arena *a, const char *const *v, size_t n);
/* A Timestamp as a timestamptz parameter, in UTC: "YYYY-MM-DD
 * HH:MM:SS.ffffff+00"; "" when ts is NULL. A value for res_set or res_bind
 * (a Timestamp field has no parameter form of its own). Returns 0, or -1
 * when it is out of range (years 1-9999, nanos 0-999999999). */
#define RES_TIMESTAMP_LEN 64
__attribute__((warn_unused_result)) int res_timestamp_param(const Passend__V1__Timestamp *ts,
                                                            char out[RES_TIMESTAMP_LEN]);
/* next_page_token for a page that ended at last_key into out (outlen
 * bytes, SVC_PAGE_TOKEN_MAX for any key): "" when there are no more rows
 * (more = 0). Returns 0, or -1 (out "") when the key does not fit. */
__attribute__((warn_unused_result)) int res_page_token(int more, const char *last_key, char *out,
                                                       size_t outlen);
/* The value of field path (e.g. "school.brin") of msg as a statement
 * parameter, into *out: strings as they are, bools "true"/"false",
 * numbers and enums in decimal, a Date as "YYYY-MM-DD" ("" when unset),
 * repeated strings as a text[] literal ("{a,\"b c\"}"), repeated Dates as
 * a date[] literal, and "list.field" (list a repeated message field) as the
 * array literal of that field of every element ("experts.name"); an unset
 * message on the way gives "" (or "false"/"0"/"{}" as the type's default). Text is
 * allocated in a when needed. Returns 0, -1 when path names no field
 * (programming error: err says so) or the type has no parameter form, -2
 * for a Date that is set but not a real date (err: "<path> is not a valid
 * date"), -3 when out of memory. */
__attribute__((warn_unused_result)) int res_param(res_arena *a, const ProtobufCMessage *msg, const char *path,
                                                  const char **out, char *err, size_t errlen);

#endif
