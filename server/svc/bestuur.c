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
	"id, swv_id, brin, vestiging, name, soort, werkgebied_id, (extract(epoch FROM created_at) * 1e6)::bigint"

const pg_stmt svc_bestuur_stmt_school_insert = {
    "bestuur_school_insert",
    "INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id) "
    "VALUES (platform.current_swv(), gen_random_uuid(), $1, $2, $3, $4::smallint, NULLIF($5, '')::uuid) "
    "RETURNING " SCHOOL_COLS,
    5};
const pg_stmt svc_bestuur_stmt_school_get = {
    "bestuur_school_get",
    "SELECT " SCHOOL_COLS " FROM bestuur.scholen WHERE swv_id = platform.current_swv() AND id = $1::uuid", 1};
const pg_stmt svc_bestuur_stmt_school_list = {
    "bestuur_school_list",
    "SELECT " SCHOOL_COLS " FROM bestuur.scholen WHERE swv_id = platform.current_swv() "
    "AND ($1 = '' OR werkgebied_id = NULLIF($1, '')::uuid) AND ($2 = '' OR id > NULLIF($2, '')::uuid) "
    "ORDER BY id LIMIT $3::int",
    3};

static void school_from_row(const PGresult *res, int i, Passend__V1__School *s, Passend__V1__Timestamp *ts)
{
	const char *wg = svc_val(res, i, 6);
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
	if (!res || PQntuples(res) != 1) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND, "school not found");
		return;
	}
	Passend__V1__School s = PASSEND__V1__SCHOOL__INIT;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	school_from_row(res, 0, &s, &ts);
	rpc_reply(call, &s.base);
}

static void create_school(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateSchoolRequest *req = (const void *)msg;
	const Passend__V1__School *s = req->school;
	if (!s) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school is required");
		return;
	}
	if (!svc_is_brin(s->brin)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.brin must be 2 digits and 2 letters/digits, e.g. 00LH");
		return;
	}
	if (!svc_is_vestiging(s->vestiging)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.vestiging must be 2 digits, e.g. 00");
		return;
	}
	if (!s->name[0] || strlen(s->name) > 200) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.name is required (at most 200 characters)");
		return;
	}
	if (s->soort < 1 || s->soort > 3) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.soort must be BAO, SBO or SO");
		return;
	}
	if (s->werkgebied_id[0] && !svc_is_uuid(s->werkgebied_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.werkgebied_id is not a UUID");
		return;
	}
	if (s->soort == PASSEND__V1__SCHOOL_SOORT__BAO && !s->werkgebied_id[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school.werkgebied_id is required for a BAO school");
		return;
	}
	char soort[8];
	snprintf(soort, sizeof soort, "%d", s->soort);
	const char *params[5] = {s->brin, s->vestiging, s->name, soort, s->werkgebied_id};
	pg_req *r = svc_req(call, one_school_done, call);
	if (!r) return;
	if (pg_req_add(r, &svc_bestuur_stmt_school_insert, params) != 0) {
		pg_req_free(r);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	svc_submit(call, r);
}

static void get_school(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__GetSchoolRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	const char *params[1] = {req->id};
	pg_req *r = svc_req(call, one_school_done, call);
	if (!r) return;
	if (pg_req_add(r, &svc_bestuur_stmt_school_get, params) != 0) {
		pg_req_free(r);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	svc_submit(call, r);
}

static void list_schools_done(void *arg, const pg_reply *rep)
{
	svc_list *l = arg;
	rpc_call *call = l->call;
	int size = l->size;
	free(l);
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		return;
	}
	const PGresult *res = svc_result(rep, 0);
	int n = res ? PQntuples(res) : 0, more = n > size;
	if (more) n = size;
	Passend__V1__School *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__School **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	Passend__V1__Timestamp *ts = calloc((size_t)n + 1, sizeof *ts);
	if (!rows || !ptrs || !ts) {
		free(rows), free(ptrs), free(ts);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	for (int i = 0; i < n; i++) {
		passend__v1__school__init(&rows[i]);
		passend__v1__timestamp__init(&ts[i]);
		school_from_row(res, i, &rows[i], &ts[i]);
		ptrs[i] = &rows[i];
	}
	char next[128];
	svc_next_token(more, n ? svc_val(res, n - 1, 0) : NULL, next);
	Passend__V1__ListSchoolsResponse out = PASSEND__V1__LIST_SCHOOLS_RESPONSE__INIT;
	out.n_schools = (size_t)n;
	out.schools = ptrs;
	out.next_page_token = next;
	rpc_reply(call, &out.base);
	free(rows), free(ptrs), free(ts);
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
	if (!l) return;
	pg_req *r = svc_req(call, list_schools_done, l);
	if (!r) {
		free(l);
		return;
	}
	if (pg_req_add(r, &svc_bestuur_stmt_school_list, params) != 0) {
		pg_req_free(r);
		free(l);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	svc_submit(call, r);
}

const rpc_method svc_bestuur_create_school = {
    .path = "/passend.v1.Bestuur/CreateSchool",
    .req_desc = &passend__v1__create_school_request__descriptor,
    .resp_desc = &passend__v1__school__descriptor,
    .handler = create_school,
    .roles = RPC_ROLE_BESTUUR,
};
const rpc_method svc_bestuur_get_school = {
    .path = "/passend.v1.Bestuur/GetSchool",
    .req_desc = &passend__v1__get_school_request__descriptor,
    .resp_desc = &passend__v1__school__descriptor,
    .handler = get_school,
    .roles = RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL,
    .idempotent = 1,
};
const rpc_method svc_bestuur_list_schools = {
    .path = "/passend.v1.Bestuur/ListSchools",
    .req_desc = &passend__v1__list_schools_request__descriptor,
    .resp_desc = &passend__v1__list_schools_response__descriptor,
    .handler = list_schools,
    .roles = RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL,
    .idempotent = 1,
};
