/* werkgebied: passend.v1.Werkgebied (schema werkgebied): werkgebieden and
 * pseudonymised pupils. Pupil-level statements name the pupils they touched
 * (AUDIT_IDS_OF) for the audit row that follows in the same transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grpc_status.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"

#define WG_GEM_AGG(w)                                                                                        \
	"(SELECT string_agg(g.gemeente_id::text, ',' ORDER BY g.gemeente_id::text) FROM "                    \
	"bestuur.werkgebied_gemeenten g WHERE g.swv_id = " w ".swv_id AND g.werkgebied_id = " w ".id)"
#define WG_COLS                                                                                              \
	"w.id, w.swv_id, w.name, (extract(epoch FROM w.created_at) * 1e6)::bigint, " WG_GEM_AGG(             \
	    "w") ", w.active"
/* gemeente ids of a request ($n: uuid[] literal) as the reply's text: rows a
 * data-modifying CTE writes are not visible to the statement's own SELECT */
#define WG_IDS_OF(n)                                                                                         \
	"(SELECT string_agg(DISTINCT x::text, ',' ORDER BY x::text) FROM unnest(" n "::uuid[]) x)"
#define LL_COLS                                                                                              \
	"id, swv_id, school_id, werkgebied_id, source_system, external_id, national_id_hash IS NOT NULL, "   \
	"geboortejaar, geslacht, (extract(epoch FROM created_at) * 1e6)::bigint"

static const pg_stmt svc_wg_stmt_insert = {
    "wg_insert",
    "WITH w AS (INSERT INTO werkgebied.werkgebieden (swv_id, id, name) VALUES (platform.current_swv(), "
    "gen_random_uuid(), $1) RETURNING *), i AS (INSERT INTO bestuur.werkgebied_gemeenten (swv_id, "
    "werkgebied_id, "
    "gemeente_id) SELECT DISTINCT w.swv_id, w.id, x FROM w, unnest($2::uuid[]) x) "
    "SELECT w.id, w.swv_id, w.name, (extract(epoch FROM w.created_at) * 1e6)::bigint, " WG_IDS_OF(
        "$2") ", w.active FROM w",
    2};
/* $2 mask ("name", "gemeente_ids"), $3 name, $4 gemeente ids (uuid[]) */
static const pg_stmt svc_wg_stmt_update = {
    "wg_update",
    "WITH w AS (UPDATE werkgebied.werkgebieden SET name = CASE WHEN 'name' = ANY ($2::text[]) THEN $3 ELSE "
    "name "
    "END WHERE swv_id = platform.current_swv() AND id = $1::uuid RETURNING *), "
    "d AS (DELETE FROM bestuur.werkgebied_gemeenten g USING w WHERE 'gemeente_ids' = ANY ($2::text[]) AND "
    "g.swv_id = w.swv_id AND g.werkgebied_id = w.id AND g.gemeente_id <> ALL ($4::uuid[])), "
    "i AS (INSERT INTO bestuur.werkgebied_gemeenten (swv_id, werkgebied_id, gemeente_id) SELECT DISTINCT "
    "w.swv_id, w.id, x FROM w, unnest($4::uuid[]) x WHERE 'gemeente_ids' = ANY ($2::text[]) "
    "ON CONFLICT DO NOTHING) "
    "SELECT w.id, w.swv_id, w.name, (extract(epoch FROM w.created_at) * 1e6)::bigint, CASE WHEN "
    "'gemeente_ids' = ANY ($2::text[]) THEN " WG_IDS_OF("$4") " ELSE " WG_GEM_AGG(
        "w") " END, w.active FROM w",
    4};
static const pg_stmt svc_wg_stmt_deactivate = {
    "wg_deactivate",
    "UPDATE werkgebied.werkgebieden w SET active = false WHERE w.swv_id = platform.current_swv() "
    "AND w.id = $1::uuid RETURNING " WG_COLS,
    1};
static const pg_stmt svc_wg_stmt_get = {
    "wg_get",
    "SELECT " WG_COLS
    " FROM werkgebied.werkgebieden w WHERE w.swv_id = platform.current_swv() AND w.id = $1::uuid",
    1};
static const pg_stmt svc_wg_stmt_list = {
    "wg_list",
    "SELECT " WG_COLS " FROM werkgebied.werkgebieden w WHERE w.swv_id = platform.current_swv() "
    "AND ($1 = '' OR w.id > NULLIF($1, '')::uuid) ORDER BY w.id LIMIT $2::int",
    2};
static const pg_stmt svc_ll_stmt_insert = {
    "ll_insert",
    "WITH r AS (INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, "
    "external_id, national_id_hash, geboortejaar, geslacht) SELECT s.swv_id, gen_random_uuid(), s.id, "
    "s.werkgebied_id, $2, $3, CASE WHEN $4 = '' THEN NULL ELSE platform.national_id_hash($4) END, "
    "$5::smallint, $6::smallint FROM bestuur.scholen s WHERE s.swv_id = platform.current_swv() AND "
    "s.id = $1::uuid RETURNING " LL_COLS ") SELECT r.* FROM r, " AUDIT_IDS_OF("r"),
    6};
static const pg_stmt svc_ll_stmt_get = {"ll_get",
                                        "WITH r AS (SELECT " LL_COLS
                                        " FROM werkgebied.leerlingen WHERE swv_id = platform.current_swv() "
                                        "AND id = $1::uuid) SELECT r.* FROM r, " AUDIT_IDS_OF("r"),
                                        1};
static const pg_stmt svc_ll_stmt_list = {
    "ll_list",
    "WITH r AS (SELECT " LL_COLS " FROM werkgebied.leerlingen WHERE swv_id = platform.current_swv() "
    "AND ($1 = '' OR school_id = NULLIF($1, '')::uuid) AND ($2 = '' OR werkgebied_id = NULLIF($2, '')::uuid) "
    "AND ($3 = '' OR national_id_hash = platform.national_id_hash($3)) "
    "AND ($4 = '' OR id > NULLIF($4, '')::uuid) ORDER BY id LIMIT $5::int) "
    "SELECT r.* FROM r, " AUDIT_IDS_OF("r") " ORDER BY r.id",
    5};

/* ---- werkgebieden ----------------------------------------------------------- */

/* One werkgebied reply: the gemeente ids split from the row's "a,b" text
 * into ids (malloc'd copy; wg_buf_free frees it). */
typedef struct wg_buf {
	Passend__V1__Timestamp ts;
	char *text;
	char **ids;
} wg_buf;

static void wg_buf_free(wg_buf *x)
{
	free(x->text);
	free(x->ids);
}

/* Fill w from row i; -1 when out of memory. */
static int wg_row(const PGresult *res, int i, Passend__V1__WerkgebiedInfo *w, wg_buf *x)
{
	const char *ids = svc_val(res, i, 4);
	passend__v1__timestamp__init(&x->ts);
	x->text = NULL;
	x->ids = NULL;
	w->id = (char *)svc_val(res, i, 0);
	w->tenant_id = (char *)svc_val(res, i, 1);
	w->name = (char *)svc_val(res, i, 2);
	w->created_at = svc_ts(svc_val(res, i, 3), &x->ts);
	w->active = svc_val(res, i, 5)[0] == 't';
	if (!ids || !ids[0]) return 0;
	size_t n = 1;
	for (const char *c = ids; *c; c++)
		n += *c == ',';
	x->text = strdup(ids);
	x->ids = calloc(n, sizeof *x->ids);
	if (!x->text || !x->ids) return -1;
	n = 0;
	for (char *save = NULL, *t = strtok_r(x->text, ",", &save); t; t = strtok_r(NULL, ",", &save))
		x->ids[n++] = t;
	w->n_gemeente_ids = n;
	w->gemeente_ids = x->ids;
	return 0;
}

static void wg_one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_NOT_FOUND, "werkgebied not found");
	if (!res) return;
	Passend__V1__WerkgebiedInfo w = PASSEND__V1__WERKGEBIED_INFO__INIT;
	wg_buf x;
	if (wg_row(res, 0, &w, &x) == 0)
		rpc_reply(call, &w.base);
	else
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	wg_buf_free(&x);
}

#define WG_MAX_GEMEENTEN 200

/* The gemeente ids of w as a uuid[] literal into a malloc'd *out (caller
 * frees); -1 with the call finished when one is not a UUID or too many. */
static int wg_ids_param(rpc_call *call, const Passend__V1__WerkgebiedInfo *w, char **out)
{
	*out = NULL;
	if (w->n_gemeente_ids > WG_MAX_GEMEENTEN) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "werkgebied.gemeente_ids: at most %d",
		         WG_MAX_GEMEENTEN);
		return -1;
	}
	char *s = malloc(w->n_gemeente_ids * (SVC_UUID_LEN + 1) + 3), *o = s;
	if (!s) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return -1;
	}
	*o++ = '{';
	for (size_t i = 0; i < w->n_gemeente_ids; i++) {
		if (!svc_is_uuid(w->gemeente_ids[i])) {
			free(s);
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
			         "werkgebied.gemeente_ids[%zu] is not a UUID", i);
			return -1;
		}
		if (i) *o++ = ',';
		memcpy(o, w->gemeente_ids[i], SVC_UUID_LEN);
		o += SVC_UUID_LEN;
	}
	*o++ = '}';
	*o = '\0';
	*out = s;
	return 0;
}

static void create_werkgebied(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateWerkgebiedRequest *req = (const void *)msg;
	char *ids;
	if (!req->werkgebied || !req->werkgebied->name[0] || strlen(req->werkgebied->name) > 200) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "werkgebied.name is required (at most 200 characters)");
		return;
	}
	if (wg_ids_param(call, req->werkgebied, &ids) != 0) return;
	const char *params[2] = {req->werkgebied->name, ids};
	svc_run1(call, wg_one_done, call, &svc_wg_stmt_insert, params);
	free(ids);
}

static const char *const wg_fields[] = {"name", "gemeente_ids", NULL};

/* Update changes only the fields named in update_mask; gemeente_ids replaces
 * the whole set. */
static void update_werkgebied(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__UpdateWerkgebiedRequest *req = (const void *)msg;
	const Passend__V1__WerkgebiedInfo *w = req->werkgebied;
	char mask[64], *ids;
	if (!w) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "werkgebied is required");
		return;
	}
	if (!svc_is_uuid(w->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "werkgebied.id is not a UUID");
		return;
	}
	if (svc_update_mask(call, req->update_mask, req->n_update_mask, wg_fields, mask, sizeof mask) != 0)
		return;
	if (svc_mask_has(req->update_mask, req->n_update_mask, "name") &&
	    (!w->name[0] || strlen(w->name) > 200)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "werkgebied.name is required (at most 200 characters)");
		return;
	}
	if (wg_ids_param(call, w, &ids) != 0) return;
	const char *params[4] = {w->id, mask, w->name, ids};
	svc_run1(call, wg_one_done, call, &svc_wg_stmt_update, params);
	free(ids);
}

/* Deactivate keeps the werkgebied (history, reports) and sets active = false. */
static void deactivate_werkgebied(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__DeactivateWerkgebiedRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	const char *params[1] = {req->id};
	svc_run1(call, wg_one_done, call, &svc_wg_stmt_deactivate, params);
}

static void get_werkgebied(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__GetWerkgebiedRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	const char *params[1] = {req->id};
	svc_run1(call, wg_one_done, call, &svc_wg_stmt_get, params);
}

static void wg_list_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	Passend__V1__WerkgebiedInfo *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__WerkgebiedInfo **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	wg_buf *bufs = calloc((size_t)n + 1, sizeof *bufs);
	int oom = !rows || !ptrs || !bufs;
	for (int i = 0; i < n && !oom; i++) {
		passend__v1__werkgebied_info__init(&rows[i]);
		oom = wg_row(res, i, &rows[i], &bufs[i]) != 0;
		ptrs[i] = &rows[i];
	}
	if (!oom) {
		char next[128];
		svc_list_next(res, n, more, next);
		Passend__V1__ListWerkgebiedenResponse out = PASSEND__V1__LIST_WERKGEBIEDEN_RESPONSE__INIT;
		out.n_werkgebieden = (size_t)n;
		out.werkgebieden = ptrs;
		out.next_page_token = next;
		rpc_reply(call, &out.base);
	} else {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	}
	for (int i = 0; bufs && i < n; i++)
		wg_buf_free(&bufs[i]);
	free(rows), free(ptrs), free(bufs);
}

static void list_werkgebieden(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListWerkgebiedenRequest *req = (const void *)msg;
	char after[40], limit[16];
	int size;
	if (svc_page(call, req->page, 1, &size, after, sizeof after) != 0) return;
	snprintf(limit, sizeof limit, "%d", size + 1);
	const char *params[2] = {after, limit};
	svc_list *l = svc_list_new(call, size);
	if (l) svc_list_submit(call, l, wg_list_done, &svc_wg_stmt_list, params);
}

/* ---- leerlingen ----------------------------------------------------------------- */

static void ll_row(const PGresult *res, int i, Passend__V1__Leerling *l, Passend__V1__Timestamp *ts)
{
	const char *wg = svc_val(res, i, 3);
	l->id = (char *)svc_val(res, i, 0);
	l->tenant_id = (char *)svc_val(res, i, 1);
	l->school_id = (char *)svc_val(res, i, 2);
	l->werkgebied_id = (char *)(wg ? wg : "");
	l->source_system = (char *)svc_val(res, i, 4);
	l->external_id = (char *)svc_val(res, i, 5);
	l->has_national_id = svc_val(res, i, 6)[0] == 't';
	l->geboortejaar = atoi(svc_val(res, i, 7));
	l->geslacht = atoi(svc_val(res, i, 8));
	l->created_at = svc_ts(svc_val(res, i, 9), ts);
}

static void ll_one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	int create = rpc_call_method(call)->req_desc == &passend__v1__create_leerling_request__descriptor;
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_NOT_FOUND,
	                                  create ? "school_id not found" : "leerling not found");
	if (!res) return;
	Passend__V1__Leerling l = PASSEND__V1__LEERLING__INIT;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	ll_row(res, 0, &l, &ts);
	rpc_reply(call, &l.base);
}

static void create_leerling(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateLeerlingRequest *req = (const void *)msg;
	const Passend__V1__Leerling *l = req->leerling;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int year = tm.tm_year + 1900;
	if (!l) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "leerling is required");
		return;
	}
	if (!svc_is_uuid(l->school_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "leerling.school_id is not a UUID");
		return;
	}
	if (!l->source_system[0] || strlen(l->source_system) > 100) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "leerling.source_system is required (at most 100 characters)");
		return;
	}
	if (!l->external_id[0] || strlen(l->external_id) > 200) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "leerling.external_id is required (at most 200 characters)");
		return;
	}
	if (req->national_id[0] && !svc_is_national_id(req->national_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "national_id must be 9 digits (BSN or onderwijsnummer)");
		return;
	}
	if (l->geboortejaar != 0 && (l->geboortejaar < 1990 || l->geboortejaar > year)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "leerling.geboortejaar must be 0 or 1990..%d",
		         year);
		return;
	}
	if (l->geslacht < 0 || l->geslacht > 3) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "leerling.geslacht is not a known value");
		return;
	}
	if (l->werkgebied_id[0] && !svc_is_uuid(l->werkgebied_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "leerling.werkgebied_id is not a UUID (it is derived from the school)");
		return;
	}
	char gj[16], gs[16];
	snprintf(gj, sizeof gj, "%d", l->geboortejaar);
	snprintf(gs, sizeof gs, "%d", l->geslacht);
	const char *params[6] = {l->school_id, l->source_system, l->external_id, req->national_id, gj, gs};
	svc_run1(call, ll_one_done, call, &svc_ll_stmt_insert, params);
}

static void get_leerling(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__GetLeerlingRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	const char *params[1] = {req->id};
	svc_run1(call, ll_one_done, call, &svc_ll_stmt_get, params);
}

static void ll_list_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	Passend__V1__Leerling *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__Leerling **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	Passend__V1__Timestamp *ts = calloc((size_t)n + 1, sizeof *ts);
	if (rows && ptrs && ts) {
		for (int i = 0; i < n; i++) {
			passend__v1__leerling__init(&rows[i]);
			passend__v1__timestamp__init(&ts[i]);
			ll_row(res, i, &rows[i], &ts[i]);
			ptrs[i] = &rows[i];
		}
		char next[128];
		svc_list_next(res, n, more, next);
		Passend__V1__ListLeerlingenResponse out = PASSEND__V1__LIST_LEERLINGEN_RESPONSE__INIT;
		out.n_leerlingen = (size_t)n;
		out.leerlingen = ptrs;
		out.next_page_token = next;
		rpc_reply(call, &out.base);
	} else {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	}
	free(rows), free(ptrs), free(ts);
}

static void list_leerlingen(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListLeerlingenRequest *req = (const void *)msg;
	char after[40], limit[16];
	int size;
	if (req->school_id[0] && !svc_is_uuid(req->school_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "school_id is not a UUID");
		return;
	}
	if (req->werkgebied_id[0] && !svc_is_uuid(req->werkgebied_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "werkgebied_id is not a UUID");
		return;
	}
	if (req->national_id[0] && !svc_is_national_id(req->national_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "national_id must be 9 digits");
		return;
	}
	if (svc_page(call, req->page, 1, &size, after, sizeof after) != 0) return;
	snprintf(limit, sizeof limit, "%d", size + 1);
	const char *params[5] = {req->school_id, req->werkgebied_id, req->national_id, after, limit};
	svc_list *l = svc_list_new(call, size);
	if (l) svc_list_submit(call, l, ll_list_done, &svc_ll_stmt_list, params);
}

#define PUPIL_ROLES   (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)
#define WG_READ_ROLES (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED)

static const rpc_method svc_wg_create_werkgebied = {
    .path = "/passend.v1.Werkgebied/CreateWerkgebied",
    .req_desc = &passend__v1__create_werkgebied_request__descriptor,
    .resp_desc = &passend__v1__werkgebied_info__descriptor,
    .handler = create_werkgebied,
    .roles = RPC_ROLE_BESTUUR,
};
static const rpc_method svc_wg_get_werkgebied = {
    .path = "/passend.v1.Werkgebied/GetWerkgebied",
    .req_desc = &passend__v1__get_werkgebied_request__descriptor,
    .resp_desc = &passend__v1__werkgebied_info__descriptor,
    .handler = get_werkgebied,
    .roles = WG_READ_ROLES,
    .idempotent = 1,
};
static const rpc_method svc_wg_list_werkgebieden = {
    .path = "/passend.v1.Werkgebied/ListWerkgebieden",
    .req_desc = &passend__v1__list_werkgebieden_request__descriptor,
    .resp_desc = &passend__v1__list_werkgebieden_response__descriptor,
    .handler = list_werkgebieden,
    .roles = WG_READ_ROLES,
    .idempotent = 1,
};
static const rpc_method svc_wg_update_werkgebied = {
    .path = "/passend.v1.Werkgebied/UpdateWerkgebied",
    .req_desc = &passend__v1__update_werkgebied_request__descriptor,
    .resp_desc = &passend__v1__werkgebied_info__descriptor,
    .handler = update_werkgebied,
    .roles = RPC_ROLE_BESTUUR,
};
static const rpc_method svc_wg_deactivate_werkgebied = {
    .path = "/passend.v1.Werkgebied/DeactivateWerkgebied",
    .req_desc = &passend__v1__deactivate_werkgebied_request__descriptor,
    .resp_desc = &passend__v1__werkgebied_info__descriptor,
    .handler = deactivate_werkgebied,
    .roles = RPC_ROLE_BESTUUR,
    .idempotent = 1,
};
static const rpc_method svc_wg_create_leerling = {
    .path = "/passend.v1.Werkgebied/CreateLeerling",
    .req_desc = &passend__v1__create_leerling_request__descriptor,
    .resp_desc = &passend__v1__leerling__descriptor,
    .handler = create_leerling,
    .roles = PUPIL_ROLES,
    .pupil_level = 1,
};
static const rpc_method svc_wg_get_leerling = {
    .path = "/passend.v1.Werkgebied/GetLeerling",
    .req_desc = &passend__v1__get_leerling_request__descriptor,
    .resp_desc = &passend__v1__leerling__descriptor,
    .handler = get_leerling,
    .roles = PUPIL_ROLES,
    .idempotent = 1,
    .pupil_level = 1,
};
static const rpc_method svc_wg_list_leerlingen = {
    .path = "/passend.v1.Werkgebied/ListLeerlingen",
    .req_desc = &passend__v1__list_leerlingen_request__descriptor,
    .resp_desc = &passend__v1__list_leerlingen_response__descriptor,
    .handler = list_leerlingen,
    .roles = PUPIL_ROLES,
    .idempotent = 1,
    .pupil_level = 1,
};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_wg_create_werkgebied, &svc_wg_get_werkgebied,        &svc_wg_list_werkgebieden,
    &svc_wg_update_werkgebied, &svc_wg_deactivate_werkgebied, &svc_wg_create_leerling,
    &svc_wg_get_leerling,      &svc_wg_list_leerlingen,       NULL,
};
static const pg_stmt *const stmts[] = {
    &svc_wg_stmt_insert, &svc_wg_stmt_update, &svc_wg_stmt_deactivate,
    &svc_wg_stmt_get,    &svc_wg_stmt_list,   &svc_ll_stmt_insert,
    &svc_ll_stmt_get,    &svc_ll_stmt_list,   NULL,
};
const service svc_area_werkgebied = {"passend.v1.Werkgebied", methods, stmts};
