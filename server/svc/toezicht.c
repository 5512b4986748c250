/* toezicht: passend.v1.Toezicht (schema toezicht): the members (leden) of
 * the supervisory body, for roles toezicht and bestuur. Row level security
 * keeps every call to the principal's own tenant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/toezicht.pb-c.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"

#define LID_COLS                                                                                             \
	"id, swv_id, name, function, to_char(start_date, 'YYYY-MM-DD'), to_char(end_date, 'YYYY-MM-DD'), "   \
	"(extract(epoch FROM created_at) * 1e6)::bigint"

static const pg_stmt svc_tz_stmt_lid_insert = {
    "tz_lid_insert",
    "INSERT INTO toezicht.leden (swv_id, id, name, function, start_date, end_date) VALUES "
    "(platform.current_swv(), gen_random_uuid(), $1, $2, $3::date, NULLIF($4, '')::date) RETURNING " LID_COLS,
    4};
static const pg_stmt svc_tz_stmt_lid_get = {
    "tz_lid_get",
    "SELECT " LID_COLS " FROM toezicht.leden WHERE swv_id = platform.current_swv() AND id = $1::uuid", 1};
static const pg_stmt svc_tz_stmt_lid_list = {
    "tz_lid_list",
    "SELECT " LID_COLS " FROM toezicht.leden WHERE swv_id = platform.current_swv() "
    "AND (NOT $1::bool OR end_date IS NULL OR end_date >= current_date) "
    "AND ($2 = '' OR id > NULLIF($2, '')::uuid) ORDER BY id LIMIT $3::int",
    3};

typedef struct lid_buf {
	Passend__V1__Lid l;
	Passend__V1__Date d[2];
	Passend__V1__Timestamp ts;
} lid_buf;

/* "YYYY-MM-DD" (or NULL) into d; returns d or NULL. */
static Passend__V1__Date *date_of(const char *s, Passend__V1__Date *d)
{
	int y, m, dd;
	if (!s || sscanf(s, "%d-%d-%d", &y, &m, &dd) != 3) return NULL;
	d->year = y;
	d->month = m;
	d->day = dd;
	return d;
}

static void lid_row(const PGresult *res, int i, lid_buf *b)
{
	passend__v1__lid__init(&b->l);
	passend__v1__date__init(&b->d[0]);
	passend__v1__date__init(&b->d[1]);
	passend__v1__timestamp__init(&b->ts);
	b->l.id = (char *)svc_val(res, i, 0);
	b->l.tenant_id = (char *)svc_val(res, i, 1);
	b->l.name = (char *)svc_val(res, i, 2);
	b->l.function = (char *)svc_val(res, i, 3);
	b->l.start_date = date_of(svc_val(res, i, 4), &b->d[0]);
	b->l.end_date = date_of(svc_val(res, i, 5), &b->d[1]);
	b->l.created_at = svc_ts(svc_val(res, i, 6), &b->ts);
}

static void lid_one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_NOT_FOUND, "lid not found");
	if (!res) return;
	lid_buf b;
	lid_row(res, 0, &b);
	rpc_reply(call, &b.l.base);
}

static int date_cmp(const Passend__V1__Date *a, const Passend__V1__Date *b)
{
	if (a->year != b->year) return a->year < b->year ? -1 : 1;
	if (a->month != b->month) return a->month < b->month ? -1 : 1;
	return a->day < b->day ? -1 : a->day > b->day;
}

static void create_lid(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateLidRequest *req = (const void *)msg;
	const Passend__V1__Lid *l = req->lid;
	if (!l) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "lid is required");
		return;
	}
	if (!l->name[0] || strlen(l->name) > 200) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "lid.name is required (at most 200 characters)");
		return;
	}
	if (!l->function[0] || strlen(l->function) > 200) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "lid.function is required (at most 200 characters), e.g. voorzitter or lid");
		return;
	}
	if (!l->start_date ||
	    !svc_valid_date(l->start_date->year, l->start_date->month, l->start_date->day)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "lid.start_date is required and must be a calendar date");
		return;
	}
	if (l->end_date && !svc_valid_date(l->end_date->year, l->end_date->month, l->end_date->day)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "lid.end_date must be a calendar date (or unset)");
		return;
	}
	if (l->end_date && date_cmp(l->end_date, l->start_date) < 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "lid.end_date must not be before lid.start_date");
		return;
	}
	char start[16], end[16] = "";
	snprintf(start, sizeof start, "%04d-%02d-%02d", l->start_date->year, l->start_date->month,
	         l->start_date->day);
	if (l->end_date)
		snprintf(end, sizeof end, "%04d-%02d-%02d", l->end_date->year, l->end_date->month,
		         l->end_date->day);
	const char *params[4] = {l->name, l->function, start, end};
	svc_run1(call, lid_one_done, call, &svc_tz_stmt_lid_insert, params);
}

static void get_lid(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__GetLidRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	const char *params[1] = {req->id};
	svc_run1(call, lid_one_done, call, &svc_tz_stmt_lid_get, params);
}

static void list_leden_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	lid_buf *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__Lid **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	if (rows && ptrs) {
		for (int i = 0; i < n; i++) {
			lid_row(res, i, &rows[i]);
			ptrs[i] = &rows[i].l;
		}
		char next[128];
		svc_list_next(res, n, more, next);
		Passend__V1__ListLedenResponse out = PASSEND__V1__LIST_LEDEN_RESPONSE__INIT;
		out.n_leden = (size_t)n;
		out.leden = ptrs;
		out.next_page_token = next;
		rpc_reply(call, &out.base);
	} else {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	}
	free(rows), free(ptrs);
}

static void list_leden(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListLedenRequest *req = (const void *)msg;
	char after[40], limit[16];
	int size;
	if (svc_page(call, req->page, 1, &size, after, sizeof after) != 0) return;
	snprintf(limit, sizeof limit, "%d", size + 1);
	const char *params[3] = {req->current_only ? "true" : "false", after, limit};
	svc_list *l = svc_list_new(call, size);
	if (l) svc_list_submit(call, l, list_leden_done, &svc_tz_stmt_lid_list, params);
}

#define LEDEN_ROLES (RPC_ROLE_TOEZICHT | RPC_ROLE_BESTUUR)

static const rpc_method svc_tz_create_lid = {
    .path = "/passend.v1.Toezicht/CreateLid",
    .req_desc = &passend__v1__create_lid_request__descriptor,
    .resp_desc = &passend__v1__lid__descriptor,
    .handler = create_lid,
    .roles = LEDEN_ROLES,
};
static const rpc_method svc_tz_get_lid = {
    .path = "/passend.v1.Toezicht/GetLid",
    .req_desc = &passend__v1__get_lid_request__descriptor,
    .resp_desc = &passend__v1__lid__descriptor,
    .handler = get_lid,
    .roles = LEDEN_ROLES,
    .idempotent = 1,
};
static const rpc_method svc_tz_list_leden = {
    .path = "/passend.v1.Toezicht/ListLeden",
    .req_desc = &passend__v1__list_leden_request__descriptor,
    .resp_desc = &passend__v1__list_leden_response__descriptor,
    .handler = list_leden,
    .roles = LEDEN_ROLES,
    .idempotent = 1,
};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_tz_create_lid,
    &svc_tz_get_lid,
    &svc_tz_list_leden,
    NULL,
};
static const pg_stmt *const stmts[] = {
    &svc_tz_stmt_lid_insert,
    &svc_tz_stmt_lid_get,
    &svc_tz_stmt_lid_list,
    NULL,
};
const service svc_area_toezicht = {"passend.v1.Toezicht", methods, stmts};
