/* bestuur: passend.v1.Bestuur (schema bestuur): scholen. Every call is one
 * transaction carrying the principal; row level security decides what a
 * role sees (werkgebied: schools of its werkgebieden, school: its own). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/bestuur.pb-c.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"

#define SCHOOL_COLS                                                                                          \
	"id, swv_id, brin, vestiging, name, soort, werkgebied_id, (extract(epoch FROM created_at) * "        \
	"1e6)::bigint, "                                                                                     \
	"coalesce(so_cluster, 0), schoolbestuur_id, gemeente_id, active_from::text, active_to::text"

/* A gemeente of this tenant that is not valid on a school's known active
 * dates (a date left open is not checked); the insert writes nothing then. */
#define GEM_INVALID(g, from, to)                                                                             \
	"SELECT 1 FROM bestuur.gemeenten gm WHERE gm.swv_id = platform.current_swv() AND gm.id = " g         \
	" AND (" from " < gm.valid_from OR " to " < gm.valid_from OR " from " > gm.valid_to OR " to          \
	" > gm.valid_to)"

static const pg_stmt svc_bestuur_stmt_school_insert = {
    "bestuur_school_insert",
    "INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id, so_cluster, "
    "schoolbestuur_id, gemeente_id, active_from, active_to) "
    "SELECT platform.current_swv(), gen_random_uuid(), $1, $2, $3, $4::smallint, NULLIF($5, '')::uuid, "
    "NULLIF($6::smallint, 0), NULLIF($7, '')::uuid, NULLIF($8, '')::uuid, NULLIF($9, '')::date, "
    "NULLIF($10, '')::date WHERE NOT EXISTS (" GEM_INVALID(
        "NULLIF($8, '')::uuid", "NULLIF($9, '')::date", "NULLIF($10, '')::date") ") RETURNING " SCHOOL_COLS,
    10};
/* Value of column col after an update: v when its field is in the $2 mask. */
#define MASKED(col, v) "CASE WHEN '" col "' = ANY ($2::text[]) THEN " v " ELSE s." col " END"
#define GEM_ID         "NULLIF($10, '')::uuid"
#define FROM_D         "NULLIF($11, '')::date"
#define TO_D           "NULLIF($12, '')::date"
/* SET items of the update ($3.. the fields in school_fields order). */
#define SCHOOL_SET                                                                                           \
	SVC_MASK_SET("brin", "$3")                                                                           \
	SVC_MASK_SET("vestiging", "$4")                                                                      \
	SVC_MASK_SET("name", "$5")                                                                           \
	SVC_MASK_SET("soort", "$6::smallint")                                                                \
	SVC_MASK_SET("werkgebied_id", "NULLIF($7, '')::uuid")                                                \
	SVC_MASK_SET("so_cluster", "NULLIF($8::smallint, 0)")                                                \
	SVC_MASK_SET("schoolbestuur_id", "NULLIF($9, '')::uuid")                                             \
	SVC_MASK_SET("gemeente_id", GEM_ID)                                                                  \
	SVC_MASK_SET("active_from", FROM_D)                                                                  \
	SVC_MASK_LAST("active_to", TO_D)
/* $2 mask. The update writes nothing when the resulting gemeente is not
 * valid on the resulting active dates (as create); then one row of NULLs
 * comes back (no row: school not found). */
static const pg_stmt svc_bestuur_stmt_school_update = {
    "bestuur_school_update",
    "WITH cur AS (SELECT 1 FROM bestuur.scholen WHERE swv_id = platform.current_swv() AND id = $1::uuid), "
    "u AS (UPDATE bestuur.scholen s SET " SCHOOL_SET " WHERE s.swv_id = platform.current_swv() AND s.id = "
    "$1::uuid AND NOT EXISTS (" GEM_INVALID(
        MASKED("gemeente_id", GEM_ID), MASKED("active_from", FROM_D),
        MASKED("active_to", TO_D)) ") RETURNING " SCHOOL_COLS ") SELECT u.* FROM cur LEFT JOIN u ON true",
    12};
static const pg_stmt svc_bestuur_stmt_school_deactivate = {
    "bestuur_school_deactivate",
    "UPDATE bestuur.scholen SET active_to = coalesce(NULLIF($2, '')::date, current_date) "
    "WHERE swv_id = platform.current_swv() AND id = $1::uuid RETURNING " SCHOOL_COLS,
    2};
static const pg_stmt svc_bestuur_stmt_school_get = {
    "bestuur_school_get",
    "SELECT " SCHOOL_COLS " FROM bestuur.scholen WHERE swv_id = platform.current_swv() AND id = $1::uuid", 1};
static const pg_stmt svc_bestuur_stmt_school_list = {
    "bestuur_school_list",
    "SELECT " SCHOOL_COLS " FROM bestuur.scholen WHERE swv_id = platform.current_swv() "
    "AND ($1 = '' OR werkgebied_id = NULLIF($1, '')::uuid) AND ($2 = '' OR id > NULLIF($2, '')::uuid) "
    "ORDER BY id LIMIT $3::int",
    3};

/* "YYYY-MM-DD" text into d (kept by the caller); NULL for NULL. */
static Passend__V1__Date *school_date(const char *v, Passend__V1__Date *d)
{
	int y, m, dd;
	if (!v || sscanf(v, "%d-%d-%d", &y, &m, &dd) != 3) return NULL;
	d->year = y, d->month = m, d->day = dd;
	return d;
}

/* Optional request date into out ("" when unset); -1 if not a real date. */
static int school_date_param(const Passend__V1__Date *d, char out[16])
{
	out[0] = '\0';
	if (!d || (!d->year && !d->month && !d->day)) return 0;
	if (!svc_valid_date(d->year, d->month, d->day)) return -1;
	snprintf(out, 16, "%04d-%02d-%02d", (int)d->year, (int)d->month, (int)d->day);
	return 0;
}

/* Dates of one School reply (School has two Date fields). */
typedef struct school_dates {
	Passend__V1__Date from, to;
} school_dates;

static void school_from_row(const PGresult *res, int i, Passend__V1__School *s, Passend__V1__Timestamp *ts,
                            school_dates *dt)
{
	const char *wg = svc_val(res, i, 6), *sb = svc_val(res, i, 9), *gm = svc_val(res, i, 10);
	passend__v1__date__init(&dt->from);
	passend__v1__date__init(&dt->to);
	s->so_cluster = atoi(svc_val(res, i, 8));
	s->schoolbestuur_id = (char *)(sb ? sb : "");
	s->gemeente_id = (char *)(gm ? gm : "");
	s->active_from = school_date(svc_val(res, i, 11), &dt->from);
	s->active_to = school_date(svc_val(res, i, 12), &dt->to);
	s->id = (char *)svc_val(res, i, 0);
	s->tenant_id = (char *)svc_val(res, i, 1);
	s->brin = (char *)svc_val(res, i, 2);
	s->vestiging = (char *)svc_val(res, i, 3);
	s->name = (char *)svc_val(res, i, 4);
	s->soort = atoi(svc_val(res, i, 5));
	s->werkgebied_id = (char *)(wg ? wg : "");
	s->created_at = svc_ts(svc_val(res, i, 7), ts);
}

static void one_school_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		return;
	}
	const PGresult *res = svc_result(rep, 0);
	const ProtobufCMessageDescriptor *rd = rpc_call_method(call)->req_desc;
	/* create: no row; update: a row of NULLs (see school_update) */
	if (res && ((rd == &passend__v1__create_school_request__descriptor && PQntuples(res) != 1) ||
	            (rd == &passend__v1__update_school_request__descriptor && PQntuples(res) == 1 &&
	             !svc_val(res, 0, 0)))) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "school.gemeente_id: the gemeente is not valid on the school's active dates");
		return;
	}
	if (!res || PQntuples(res) != 1) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND, "school not found");
		return;
	}
	Passend__V1__School s = PASSEND__V1__SCHOOL__INIT;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	school_dates dt;
	school_from_row(res, 0, &s, &ts, &dt);
	rpc_reply(call, &s.base);
}

static const char *const school_fields[] = {
    "brin",        "vestiging",   "name",      "soort", "werkgebied_id", "so_cluster", "schoolbestuur_id",
    "gemeente_id", "active_from", "active_to", NULL};

/* Text parameters of one School (school_fields order). */
typedef struct school_params {
	char soort[8], cluster[8], from[16], to[16];
	const char *v[10];
} school_params;

/* Check the fields of s named by mask (NULL: all, for create) into p; on a
 * bad value finishes the call with INVALID_ARGUMENT and returns -1. Rules
 * across fields that an update may leave to the stored row (BAO needs a
 * werkgebied, so_cluster only for SO, date order) are also checks in SQL. */
static int school_check(rpc_call *call, const Passend__V1__School *s, char *const *mask, size_t n,
                        school_params *p)
{
#define HAS(f) svc_mask_has(mask, n, f)
	if (HAS("brin") && !svc_is_brin(s->brin)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "school.brin must be 2 digits and 2 letters/digits, e.g. 00LH");
		return -1;
	}
	if (HAS("vestiging") && !svc_is_vestiging(s->vestiging)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.vestiging must be 2 digits, e.g. 00");
		return -1;
	}
	if (HAS("name") && (!s->name[0] || strlen(s->name) > 200)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "school.name is required (at most 200 characters)");
		return -1;
	}
	if (HAS("soort") && (s->soort < 1 || s->soort > 3)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.soort must be BAO, SBO or SO");
		return -1;
	}
	if (HAS("werkgebied_id") && s->werkgebied_id[0] && !svc_is_uuid(s->werkgebied_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.werkgebied_id is not a UUID");
		return -1;
	}
	if (!mask && s->soort == PASSEND__V1__SCHOOL_SOORT__BAO && !s->werkgebied_id[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "school.werkgebied_id is required for a BAO school");
		return -1;
	}
	if (HAS("so_cluster") && s->so_cluster != 0 &&
	    ((!mask && s->soort != PASSEND__V1__SCHOOL_SOORT__SO) || s->so_cluster < 1 ||
	     s->so_cluster > 4)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "school.so_cluster must be 1-4, and only for an SO school");
		return -1;
	}
	if ((HAS("schoolbestuur_id") && s->schoolbestuur_id[0] && !svc_is_uuid(s->schoolbestuur_id)) ||
	    (HAS("gemeente_id") && s->gemeente_id[0] && !svc_is_uuid(s->gemeente_id))) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "school.schoolbestuur_id / gemeente_id is not a UUID");
		return -1;
	}
	if ((HAS("active_from") && school_date_param(s->active_from, p->from) != 0) ||
	    (HAS("active_to") && school_date_param(s->active_to, p->to) != 0)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "school.active_from/active_to must be valid dates");
		return -1;
	}
	if (!HAS("active_from")) p->from[0] = '\0';
	if (!HAS("active_to")) p->to[0] = '\0';
	if (p->from[0] && p->to[0] && strcmp(p->to, p->from) < 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "school.active_to must be on or after active_from");
		return -1;
	}
#undef HAS
	snprintf(p->soort, sizeof p->soort, "%d", s->soort);
	snprintf(p->cluster, sizeof p->cluster, "%d", (int)s->so_cluster);
	const char *v[10] = {s->brin,    s->vestiging,        s->name,        p->soort, s->werkgebied_id,
	                     p->cluster, s->schoolbestuur_id, s->gemeente_id, p->from,  p->to};
	memcpy(p->v, v, sizeof v);
	return 0;
}

static void create_school(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateSchoolRequest *req = (const void *)msg;
	school_params p;
	if (!req->school) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school is required");
		return;
	}
	if (school_check(call, req->school, NULL, 0, &p) != 0) return;
	svc_run1(call, one_school_done, call, &svc_bestuur_stmt_school_insert, p.v);
}

/* Update changes only the fields named in update_mask. */
static void update_school(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__UpdateSchoolRequest *req = (const void *)msg;
	school_params p;
	char mask[256];
	if (!req->school) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school is required");
		return;
	}
	if (!svc_is_uuid(req->school->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.id is not a UUID");
		return;
	}
	if (svc_update_mask(call, req->update_mask, req->n_update_mask, school_fields, mask, sizeof mask) !=
	    0)
		return;
	if (school_check(call, req->school, req->update_mask, req->n_update_mask, &p) != 0) return;
	const char *params[12] = {req->school->id, mask};
	memcpy(params + 2, p.v, sizeof p.v);
	svc_run1(call, one_school_done, call, &svc_bestuur_stmt_school_update, params);
}

/* Deactivate sets active_to (today when unset); the row stays for history. */
static void deactivate_school(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__DeactivateRequest *req = (const void *)msg;
	char to[16];
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	if (school_date_param(req->active_to, to) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "active_to is not a valid date");
		return;
	}
	const char *params[2] = {req->id, to};
	svc_run1(call, one_school_done, call, &svc_bestuur_stmt_school_deactivate, params);
}

static void get_school(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__GetSchoolRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	const char *params[1] = {req->id};
	svc_run1(call, one_school_done, call, &svc_bestuur_stmt_school_get, params);
}

static void list_schools_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	Passend__V1__School *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__School **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	Passend__V1__Timestamp *ts = calloc((size_t)n + 1, sizeof *ts);
	school_dates *dts = calloc((size_t)n + 1, sizeof *dts);
	if (!rows || !ptrs || !ts || !dts) {
		free(rows), free(ptrs), free(ts), free(dts);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	for (int i = 0; i < n; i++) {
		passend__v1__school__init(&rows[i]);
		passend__v1__timestamp__init(&ts[i]);
		school_from_row(res, i, &rows[i], &ts[i], &dts[i]);
		ptrs[i] = &rows[i];
	}
	char next[128];
	svc_list_next(res, n, more, next);
	Passend__V1__ListSchoolsResponse out = PASSEND__V1__LIST_SCHOOLS_RESPONSE__INIT;
	out.n_schools = (size_t)n;
	out.schools = ptrs;
	out.next_page_token = next;
	rpc_reply(call, &out.base);
	free(rows), free(ptrs), free(ts), free(dts);
}

static void list_schools(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListSchoolsRequest *req = (const void *)msg;
	char after[40], limit[16];
	int size;
	if (req->werkgebied_id[0] && !svc_is_uuid(req->werkgebied_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "werkgebied_id is not a UUID");
		return;
	}
	if (svc_page(call, req->page, 1, &size, after, sizeof after) != 0) return;
	snprintf(limit, sizeof limit, "%d", size + 1);
	const char *params[3] = {req->werkgebied_id, after, limit};
	svc_list *l = svc_list_new(call, size);
	if (l) svc_list_submit(call, l, list_schools_done, &svc_bestuur_stmt_school_list, params);
}

static const rpc_method svc_bestuur_create_school = {
    .path = "/passend.v1.Bestuur/CreateSchool",
    .req_desc = &passend__v1__create_school_request__descriptor,
    .resp_desc = &passend__v1__school__descriptor,
    .handler = create_school,
    .roles = RPC_ROLE_BESTUUR,
};
static const rpc_method svc_bestuur_get_school = {
    .path = "/passend.v1.Bestuur/GetSchool",
    .req_desc = &passend__v1__get_school_request__descriptor,
    .resp_desc = &passend__v1__school__descriptor,
    .handler = get_school,
    .roles = RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL,
    .idempotent = 1,
};
static const rpc_method svc_bestuur_list_schools = {
    .path = "/passend.v1.Bestuur/ListSchools",
    .req_desc = &passend__v1__list_schools_request__descriptor,
    .resp_desc = &passend__v1__list_schools_response__descriptor,
    .handler = list_schools,
    .roles = RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL,
    .idempotent = 1,
};
static const rpc_method svc_bestuur_update_school = {
    .path = "/passend.v1.Bestuur/UpdateSchool",
    .req_desc = &passend__v1__update_school_request__descriptor,
    .resp_desc = &passend__v1__school__descriptor,
    .handler = update_school,
    .roles = RPC_ROLE_BESTUUR,
};
static const rpc_method svc_bestuur_deactivate_school = {
    .path = "/passend.v1.Bestuur/DeactivateSchool",
    .req_desc = &passend__v1__deactivate_request__descriptor,
    .resp_desc = &passend__v1__school__descriptor,
    .handler = deactivate_school,
    .roles = RPC_ROLE_BESTUUR,
    .idempotent = 1,
};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_bestuur_create_school, &svc_bestuur_get_school,        &svc_bestuur_list_schools,
    &svc_bestuur_update_school, &svc_bestuur_deactivate_school, NULL,
};
static const pg_stmt *const stmts[] = {
    &svc_bestuur_stmt_school_insert, &svc_bestuur_stmt_school_update, &svc_bestuur_stmt_school_deactivate,
    &svc_bestuur_stmt_school_get,    &svc_bestuur_stmt_school_list,   NULL,
};
const service svc_area_bestuur = {"passend.v1.Bestuur", methods, stmts};
