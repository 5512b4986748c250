/* bestuur_ref: passend.v1.Bestuur's reference data beyond scholen:
 * schoolbesturen, gemeenten (validity, successor, postcode ranges),
 * herkomst types (platform defaults overlaid by the tenant's) and
 * leerlingtellingen. Writes by bestuur; reads as DOMAIN.md §4 allows, with
 * row level security deciding the tenant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/bestuur.pb-c.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"

#define BST_COLS                                                                                             \
	"id, swv_id, bevoegd_gezag_nummer, name, vestigingsplaats, runs_bao, runs_sbo, runs_so, "            \
	"lidmaatschap, "                                                                                     \
	"active_from::text, active_to::text, (extract(epoch FROM created_at) * 1e6)::bigint"
#define GEM_COLS                                                                                             \
	"g.id, g.swv_id, g.name, g.cbs_code, g.valid_from::text, g.valid_to::text, g.successor_id, "         \
	"array_to_string(g.postcodes, ','), (extract(epoch FROM g.created_at) * 1e6)::bigint, "              \
	"(SELECT string_agg(wg.werkgebied_id::text, ',' ORDER BY wg.werkgebied_id) FROM "                    \
	"bestuur.werkgebied_gemeenten wg WHERE wg.swv_id = g.swv_id AND wg.gemeente_id = g.id)"
#define TEL_COLS                                                                                             \
	"school_id, teldatum::text, tel_wijze, gemeente_id, aantal, coalesce(onder_8, -1), "                 \
	"coalesce(so_categorie_1, -1), coalesce(so_categorie_2, -1), coalesce(so_categorie_3, -1), swv_id, " \
	"id"

/* ---- statements -------------------------------------------------------------- */

/* Update statements take the update mask as $2 (svc_update_mask). */
#define MASK_SET  SVC_MASK_SET
#define MASK_LAST SVC_MASK_LAST

static const pg_stmt svc_ref_stmt_bst_insert = {
    "ref_bst_insert",
    "INSERT INTO bestuur.schoolbesturen (swv_id, id, bevoegd_gezag_nummer, name, vestigingsplaats, runs_bao, "
    "runs_sbo, runs_so, lidmaatschap, active_from, active_to) VALUES (platform.current_swv(), "
    "gen_random_uuid(), $1, $2, $3, $4::boolean, $5::boolean, $6::boolean, $7, NULLIF($8, '')::date, "
    "NULLIF($9, '')::date) RETURNING " BST_COLS,
    9};
static const pg_stmt svc_ref_stmt_bst_update = {
    "ref_bst_update",
    "UPDATE bestuur.schoolbesturen SET " MASK_SET("bevoegd_gezag_nummer", "$3") MASK_SET("name", "$4")
        MASK_SET("vestigingsplaats", "$5") MASK_SET("runs_bao", "$6::boolean")
            MASK_SET("runs_sbo", "$7::boolean") MASK_SET("runs_so", "$8::boolean")
                MASK_SET("lidmaatschap", "$9") MASK_SET("active_from", "NULLIF($10, '')::date")
                    MASK_LAST("active_to", "NULLIF($11, '')::date") " WHERE swv_id = platform.current_swv() "
                                                                    "AND id = $1::uuid RETURNING " BST_COLS,
    11};
static const pg_stmt svc_ref_stmt_bst_deactivate = {
    "ref_bst_deactivate",
    "UPDATE bestuur.schoolbesturen SET active_to = coalesce(NULLIF($2, '')::date, current_date) "
    "WHERE swv_id = platform.current_swv() AND id = $1::uuid RETURNING " BST_COLS,
    2};
static const pg_stmt svc_ref_stmt_bst_get = {
    "ref_bst_get",
    "SELECT " BST_COLS " FROM bestuur.schoolbesturen WHERE swv_id = platform.current_swv() AND id = $1::uuid",
    1};
static const pg_stmt svc_ref_stmt_bst_list = {
    "ref_bst_list",
    "SELECT " BST_COLS " FROM bestuur.schoolbesturen WHERE swv_id = platform.current_swv() "
    "AND ($1::boolean OR active_to IS NULL OR active_to >= current_date) "
    "AND ($2 = '' OR id > NULLIF($2, '')::uuid) ORDER BY id LIMIT $3::int",
    3};

static const pg_stmt svc_ref_stmt_gem_insert = {
    "ref_gem_insert",
    "WITH g AS (INSERT INTO bestuur.gemeenten (swv_id, id, name, cbs_code, valid_from, valid_to, "
    "successor_id, "
    "postcodes) VALUES (platform.current_swv(), gen_random_uuid(), $1, $2, coalesce(NULLIF($3, '')::date, "
    "'1900-01-01'), NULLIF($4, '')::date, NULLIF($5, '')::uuid, coalesce(string_to_array(NULLIF($6, ''), "
    "','), '{}')::text[]) "
    "RETURNING *) SELECT g.id, g.swv_id, g.name, g.cbs_code, g.valid_from::text, g.valid_to::text, "
    "g.successor_id, array_to_string(g.postcodes, ','), (extract(epoch FROM g.created_at) * 1e6)::bigint, "
    "NULL::text FROM g",
    6};
static const pg_stmt svc_ref_stmt_gem_update = {
    "ref_gem_update",
    "WITH g AS (UPDATE bestuur.gemeenten SET " MASK_SET("name", "$3") MASK_SET("cbs_code", "$4")
        MASK_SET("valid_from", "coalesce(NULLIF($5, '')::date, '1900-01-01')")
            MASK_SET("valid_to", "NULLIF($6, '')::date") MASK_SET("successor_id", "NULLIF($7, '')::uuid")
                MASK_LAST("postcodes", "coalesce(string_to_array(NULLIF($8, ''), ','), "
                                       "'{}')::text[]") " WHERE swv_id = platform.current_swv() AND "
                                                        "id = $1::uuid RETURNING *) SELECT " GEM_COLS
                                                        " FROM g",
    8};
static const pg_stmt svc_ref_stmt_gem_deactivate = {
    "ref_gem_deactivate",
    "WITH g AS (UPDATE bestuur.gemeenten SET valid_to = coalesce(NULLIF($2, '')::date, current_date) "
    "WHERE swv_id = platform.current_swv() AND id = $1::uuid RETURNING *) SELECT " GEM_COLS " FROM g",
    2};
static const pg_stmt svc_ref_stmt_gem_get = {
    "ref_gem_get",
    "SELECT " GEM_COLS
    " FROM bestuur.gemeenten g WHERE g.swv_id = platform.current_swv() AND g.id = $1::uuid",
    1};
static const pg_stmt svc_ref_stmt_gem_list = {
    "ref_gem_list",
    "SELECT " GEM_COLS " FROM bestuur.gemeenten g WHERE g.swv_id = platform.current_swv() "
    "AND ($1 = '' OR (g.valid_from <= $1::date AND (g.valid_to IS NULL OR g.valid_to >= $1::date))) "
    "AND ($2 = '' OR g.id > NULLIF($2, '')::uuid) ORDER BY g.id LIMIT $3::int",
    3};

static const pg_stmt svc_ref_stmt_herkomst_list = {
    "ref_herkomst_list",
    "SELECT code, label, route_group, sort_order, active FROM bestuur.effective_herkomst_types()", 0};
static const pg_stmt svc_ref_stmt_herkomst_upsert = {
    "ref_herkomst_upsert",
    "INSERT INTO bestuur.herkomst_types (swv_id, code, label, route_group, sort_order, active) "
    "VALUES (platform.current_swv(), $1, $2, $3, $4::int, $5::boolean) ON CONFLICT (swv_id, code) DO UPDATE "
    "SET label = EXCLUDED.label, route_group = EXCLUDED.route_group, sort_order = EXCLUDED.sort_order, "
    "active = EXCLUDED.active RETURNING code, label, route_group, sort_order, active",
    5};

static const pg_stmt svc_ref_stmt_tel_upsert = {
    "ref_tel_upsert",
    "INSERT INTO bestuur.tellingen (swv_id, id, school_id, teldatum, tel_wijze, gemeente_id, aantal, "
    "onder_8, "
    "so_categorie_1, so_categorie_2, so_categorie_3) VALUES (platform.current_swv(), gen_random_uuid(), "
    "$1::uuid, $2::date, $3, NULLIF($4, '')::uuid, $5::int, NULLIF($6::int, -1), NULLIF($7::int, -1), "
    "NULLIF($8::int, -1), NULLIF($9::int, -1)) ON CONFLICT (swv_id, school_id, teldatum, tel_wijze, "
    "coalesce(gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid)) DO UPDATE SET aantal = "
    "EXCLUDED.aantal, onder_8 = EXCLUDED.onder_8, so_categorie_1 = EXCLUDED.so_categorie_1, so_categorie_2 = "
    "EXCLUDED.so_categorie_2, so_categorie_3 = EXCLUDED.so_categorie_3 RETURNING " TEL_COLS,
    9};
static const pg_stmt svc_ref_stmt_tel_list = {
    "ref_tel_list",
    "SELECT " TEL_COLS " FROM bestuur.tellingen WHERE swv_id = platform.current_swv() "
    "AND ($1 = '' OR teldatum = NULLIF($1, '')::date) AND ($2 = '' OR tel_wijze = $2) "
    "AND ($3 = '' OR school_id = NULLIF($3, '')::uuid) AND ($4 = '' OR id > NULLIF($4, '')::uuid) "
    "ORDER BY id LIMIT $5::int",
    5};

/* ---- helpers ----------------------------------------------------------------- */

/* Optional date: "" when unset (all zero), "YYYY-MM-DD" when valid; -1 else. */
static int opt_date(const Passend__V1__Date *d, char out[16])
{
	out[0] = '\0';
	if (!d || (!d->year && !d->month && !d->day)) return 0;
	if (!svc_valid_date(d->year, d->month, d->day)) return -1;
	snprintf(out, 16, "%04d-%02d-%02d", (int)d->year, (int)d->month, (int)d->day);
	return 0;
}

static Passend__V1__Date *date_of(const char *s, Passend__V1__Date *d)
{
	int y, m, dd;
	if (!s || sscanf(s, "%d-%d-%d", &y, &m, &dd) != 3) return NULL;
	d->year = y, d->month = m, d->day = dd;
	return d;
}

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n) return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9') return 0;
	return 1;
}

/* "1234" or "1234AB" (first digit 1-9). */
static int is_postcode(const char *s)
{
	size_t n = strlen(s);
	if ((n != 4 && n != 6) || s[0] < '1' || s[0] > '9') return 0;
	for (size_t i = 1; i < 4; i++)
		if (s[i] < '0' || s[i] > '9') return 0;
	return n == 4 || (s[4] >= 'A' && s[4] <= 'Z' && s[5] >= 'A' && s[5] <= 'Z');
}

/* Start of a List call: page size and key, context; -1 when finished. */
static svc_list *list_begin(rpc_call *call, const Passend__V1__PageRequest *page, char after[40],
                            char limit[16])
{
	int size;
	if (svc_page(call, page, 1, &size, after, 40) != 0) return NULL;
	snprintf(limit, 16, "%d", size + 1);
	return svc_list_new(call, size);
}

/* Checks the id of a Get/Deactivate; finishes the call and returns -1 if bad. */
static int check_id(rpc_call *call, const char *field, const char *id)
{
	if (svc_is_uuid(id)) return 0;
	svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%s is not a UUID", field);
	return -1;
}

/* ---- schoolbesturen ------------------------------------------------------------ */

typedef struct bst_buf {
	Passend__V1__Schoolbestuur b;
	Passend__V1__Date from, to;
	Passend__V1__Timestamp ts;
} bst_buf;

static void bst_row(const PGresult *res, int i, bst_buf *x)
{
	Passend__V1__Schoolbestuur *b = &x->b;
	passend__v1__schoolbestuur__init(b);
	passend__v1__date__init(&x->from);
	passend__v1__date__init(&x->to);
	passend__v1__timestamp__init(&x->ts);
	b->id = (char *)svc_val(res, i, 0);
	b->tenant_id = (char *)svc_val(res, i, 1);
	b->bevoegd_gezag_nummer = (char *)svc_val(res, i, 2);
	b->name = (char *)svc_val(res, i, 3);
	b->vestigingsplaats = (char *)svc_val(res, i, 4);
	b->runs_bao = svc_val(res, i, 5)[0] == 't';
	b->runs_sbo = svc_val(res, i, 6)[0] == 't';
	b->runs_so = svc_val(res, i, 7)[0] == 't';
	b->lidmaatschap = strcmp(svc_val(res, i, 8), "aangesloten") == 0
	                      ? PASSEND__V1__LIDMAATSCHAP__AANGESLOTEN
	                      : PASSEND__V1__LIDMAATSCHAP__LID;
	b->active_from = date_of(svc_val(res, i, 9), &x->from);
	b->active_to = date_of(svc_val(res, i, 10), &x->to);
	b->created_at = svc_ts(svc_val(res, i, 11), &x->ts);
}

static void bst_one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_NOT_FOUND, "schoolbestuur not found");
	if (!res) return;
	bst_buf x;
	bst_row(res, 0, &x);
	rpc_reply(call, &x.b.base);
}

static const char *const bst_fields[] = {
    "bevoegd_gezag_nummer", "name",        "vestigingsplaats", "runs_bao", "runs_sbo", "runs_so",
    "lidmaatschap",         "active_from", "active_to",        NULL};

/* Validates the fields of b named by mask (NULL: all, for create) into
 * params[0..8] (texts in bufs); -1 with the call finished. */
static int bst_params(rpc_call *call, const Passend__V1__Schoolbestuur *b, char *const *mask, size_t nmask,
                      const char *params[9], char from[16], char to[16])
{
#define HAS(f) svc_mask_has(mask, nmask, f)
	if (!b) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "schoolbestuur is required");
		return -1;
	}
	if (HAS("bevoegd_gezag_nummer") && !all_digits(b->bevoegd_gezag_nummer, 5)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "schoolbestuur.bevoegd_gezag_nummer must be 5 digits, e.g. 41234");
		return -1;
	}
	if (HAS("name") && (!b->name[0] || strlen(b->name) > 200)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "schoolbestuur.name is required (at most 200 characters)");
		return -1;
	}
	if (strlen(b->vestigingsplaats) > 200) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "schoolbestuur.vestigingsplaats: at most 200 characters");
		return -1;
	}
	if (b->lidmaatschap < 0 || b->lidmaatschap > 2 ||
	    (mask && HAS("lidmaatschap") && b->lidmaatschap == 0)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "schoolbestuur.lidmaatschap must be LID or AANGESLOTEN");
		return -1;
	}
	if (opt_date(b->active_from, from) != 0 || opt_date(b->active_to, to) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "schoolbestuur.active_from/active_to must be valid dates");
		return -1;
	}
	if (from[0] && to[0] && strcmp(to, from) < 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "schoolbestuur.active_to must be on or after active_from");
		return -1;
	}
	params[0] = b->bevoegd_gezag_nummer;
	params[1] = b->name;
	params[2] = b->vestigingsplaats;
	params[3] = b->runs_bao ? "true" : "false";
	params[4] = b->runs_sbo ? "true" : "false";
	params[5] = b->runs_so ? "true" : "false";
	params[6] = b->lidmaatschap == PASSEND__V1__LIDMAATSCHAP__AANGESLOTEN ? "aangesloten" : "lid";
	params[7] = from;
	params[8] = to;
	return 0;
#undef HAS
}

static void create_bst(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateSchoolbestuurRequest *req = (const void *)msg;
	const char *params[9];
	char from[16], to[16];
	if (bst_params(call, req->schoolbestuur, NULL, 0, params, from, to) != 0) return;
	svc_run1(call, bst_one_done, call, &svc_ref_stmt_bst_insert, params);
}

/* Update changes only the fields named in update_mask. */
static void update_bst(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__UpdateSchoolbestuurRequest *req = (const void *)msg;
	const char *p[11];
	char from[16], to[16], mask[256];
	if (!req->schoolbestuur) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "schoolbestuur is required");
		return;
	}
	if (check_id(call, "schoolbestuur.id", req->schoolbestuur->id) != 0) return;
	if (svc_update_mask(call, req->update_mask, req->n_update_mask, bst_fields, mask, sizeof mask) != 0)
		return;
	if (bst_params(call, req->schoolbestuur, req->update_mask, req->n_update_mask, p + 2, from, to) != 0)
		return;
	p[0] = req->schoolbestuur->id;
	p[1] = mask;
	svc_run1(call, bst_one_done, call, &svc_ref_stmt_bst_update, p);
}

/* Get by id and Deactivate are the same for besturen and gemeenten but for
 * the statement and the reply callback. */
static void get_by_id(rpc_call *call, const ProtobufCMessage *msg, pg_done_fn done, const pg_stmt *st)
{
	const Passend__V1__GetByIdRequest *req = (const void *)msg;
	if (check_id(call, "id", req->id) != 0) return;
	const char *p[1] = {req->id};
	svc_run1(call, done, call, st, p);
}

static void deactivate_by_id(rpc_call *call, const ProtobufCMessage *msg, pg_done_fn done, const pg_stmt *st)
{
	const Passend__V1__DeactivateRequest *req = (const void *)msg;
	char to[16];
	if (check_id(call, "id", req->id) != 0) return;
	if (opt_date(req->active_to, to) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "active_to is not a valid date");
		return;
	}
	const char *p[2] = {req->id, to};
	svc_run1(call, done, call, st, p);
}

static void get_bst(rpc_call *call, const ProtobufCMessage *msg)
{
	get_by_id(call, msg, bst_one_done, &svc_ref_stmt_bst_get);
}

static void deactivate_bst(rpc_call *call, const ProtobufCMessage *msg)
{
	deactivate_by_id(call, msg, bst_one_done, &svc_ref_stmt_bst_deactivate);
}

static void list_bst_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	bst_buf *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__Schoolbestuur **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	if (!rows || !ptrs) {
		free(rows), free(ptrs);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	for (int i = 0; i < n; i++) {
		bst_row(res, i, &rows[i]);
		ptrs[i] = &rows[i].b;
	}
	char next[128];
	svc_list_next(res, n, more, next);
	Passend__V1__ListSchoolbesturenResponse out = PASSEND__V1__LIST_SCHOOLBESTUREN_RESPONSE__INIT;
	out.n_schoolbesturen = (size_t)n;
	out.schoolbesturen = ptrs;
	out.next_page_token = next;
	rpc_reply(call, &out.base);
	free(rows), free(ptrs);
}

static void list_bst(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListSchoolbesturenRequest *req = (const void *)msg;
	char after[40], limit[16];
	svc_list *l = list_begin(call, req->page, after, limit);
	if (!l) return;
	const char *p[3] = {req->include_inactive ? "true" : "false", after, limit};
	svc_list_submit(call, l, list_bst_done, &svc_ref_stmt_bst_list, p);
}

/* ---- gemeenten ------------------------------------------------------------------ */

typedef struct gem_buf {
	Passend__V1__Gemeente g;
	Passend__V1__Date from, to;
	Passend__V1__Timestamp ts;
	char *pcs; /* copy of the postcode list, cut in place */
	Passend__V1__PostcodeRange *ranges;
	Passend__V1__PostcodeRange **rptrs;
	char *wgs; /* copy of the werkgebied id list */
	char **wptrs;
} gem_buf;

static void gem_free(gem_buf *x)
{
	free(x->pcs), free(x->ranges), free(x->rptrs), free(x->wgs), free(x->wptrs);
}

/* Count of comma-separated items in s (0 for NULL or ""). */
static size_t items(const char *s)
{
	if (!s || !s[0]) return 0;
	size_t n = 1;
	for (; *s; s++)
		n += *s == ',';
	return n;
}

/* Fill x from row i; returns 0 or -1 when out of memory (free with gem_free). */
static int gem_row(const PGresult *res, int i, gem_buf *x)
{
	Passend__V1__Gemeente *g = &x->g;
	memset(x, 0, sizeof *x);
	passend__v1__gemeente__init(g);
	passend__v1__date__init(&x->from);
	passend__v1__date__init(&x->to);
	passend__v1__timestamp__init(&x->ts);
	const char *succ = svc_val(res, i, 6), *pcs = svc_val(res, i, 7), *wgs = svc_val(res, i, 9);
	g->id = (char *)svc_val(res, i, 0);
	g->tenant_id = (char *)svc_val(res, i, 1);
	g->name = (char *)svc_val(res, i, 2);
	g->cbs_code = (char *)svc_val(res, i, 3);
	g->valid_from = date_of(svc_val(res, i, 4), &x->from);
	g->valid_to = date_of(svc_val(res, i, 5), &x->to);
	g->successor_id = (char *)(succ ? succ : "");
	g->created_at = svc_ts(svc_val(res, i, 8), &x->ts);
	size_t np = items(pcs), nw = items(wgs);
	if (np) {
		x->pcs = strdup(pcs);
		x->ranges = calloc(np, sizeof *x->ranges);
		x->rptrs = calloc(np, sizeof *x->rptrs);
		if (!x->pcs || !x->ranges || !x->rptrs) return -1;
		char *save = NULL, *tok = strtok_r(x->pcs, ",", &save);
		for (size_t k = 0; tok && k < np; k++, tok = strtok_r(NULL, ",", &save)) {
			passend__v1__postcode_range__init(&x->ranges[k]);
			char *dash = strchr(tok, '-');
			if (dash) *dash = '\0';
			x->ranges[k].from = tok;
			x->ranges[k].to = dash ? dash + 1 : tok;
			x->rptrs[k] = &x->ranges[k];
			g->n_postcodes = k + 1;
		}
		g->postcodes = x->rptrs;
	}
	if (nw) {
		x->wgs = strdup(wgs);
		x->wptrs = calloc(nw, sizeof *x->wptrs);
		if (!x->wgs || !x->wptrs) return -1;
		char *save = NULL, *tok = strtok_r(x->wgs, ",", &save);
		for (size_t k = 0; tok && k < nw; k++, tok = strtok_r(NULL, ",", &save)) {
			x->wptrs[k] = tok;
			g->n_werkgebied_ids = k + 1;
		}
		g->werkgebied_ids = x->wptrs;
	}
	return 0;
}

static void gem_one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_NOT_FOUND, "gemeente not found");
	if (!res) return;
	gem_buf x;
	if (gem_row(res, 0, &x) == 0)
		rpc_reply(call, &x.g.base);
	else
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	gem_free(&x);
}

/* Validates g into params (from index 0: name, cbs, from, to, successor,
 * postcodes "a-b,c-d" in pcs, which the caller frees); -1 with the call
 * finished. */
static int gem_params(rpc_call *call, const Passend__V1__Gemeente *g, char *const *mask, size_t nmask,
                      const char *params[6], char from[16], char to[16], char **pcs)
{
#define HAS(f) svc_mask_has(mask, nmask, f)
	*pcs = NULL;
	if (!g) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "gemeente is required");
		return -1;
	}
	if (HAS("name") && (!g->name[0] || strlen(g->name) > 200)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "gemeente.name is required (at most 200 characters)");
		return -1;
	}
	if (g->cbs_code[0] && !(strlen(g->cbs_code) == 6 && g->cbs_code[0] == 'G' && g->cbs_code[1] == 'M' &&
	                        all_digits(g->cbs_code + 2, 4))) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "gemeente.cbs_code must be GM and 4 digits, e.g. GM0361");
		return -1;
	}
	if (opt_date(g->valid_from, from) != 0 || opt_date(g->valid_to, to) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "gemeente.valid_from/valid_to must be valid dates");
		return -1;
	}
	if (from[0] && to[0] && strcmp(to, from) < 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "gemeente.valid_to must be on or after valid_from");
		return -1;
	}
	if (g->successor_id[0] && !svc_is_uuid(g->successor_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "gemeente.successor_id is not a UUID");
		return -1;
	}
	if (!mask && g->successor_id[0] && !to[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "gemeente.valid_to is required with a successor_id");
		return -1;
	}
	if (g->n_postcodes > 100) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "gemeente.postcodes: at most 100 ranges");
		return -1;
	}
	char *buf = calloc(g->n_postcodes * 14 + 1, 1);
	if (!buf) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < g->n_postcodes; i++) {
		const Passend__V1__PostcodeRange *r = g->postcodes[i];
		if (!is_postcode(r->from) || !is_postcode(r->to) || strcmp(r->from, r->to) > 0) {
			free(buf);
			svc_fail(
			    call, GRPC_STATUS_INVALID_ARGUMENT,
			    "gemeente.postcodes[%zu]: from and to must be \"1234\" or \"1234AB\", from <= to",
			    i);
			return -1;
		}
		strcat(buf, i ? "," : "");
		strcat(buf, r->from);
		strcat(buf, "-");
		strcat(buf, r->to);
	}
	*pcs = buf;
	params[0] = g->name;
	params[1] = g->cbs_code;
	params[2] = from;
	params[3] = to;
	params[4] = g->successor_id;
	params[5] = buf;
	return 0;
#undef HAS
}

static const char *const gem_fields[] = {"name",         "cbs_code",  "valid_from", "valid_to",
                                         "successor_id", "postcodes", NULL};

static void create_gem(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateGemeenteRequest *req = (const void *)msg;
	const char *p[6];
	char from[16], to[16], *pcs;
	if (gem_params(call, req->gemeente, NULL, 0, p, from, to, &pcs) != 0) return;
	svc_run1(call, gem_one_done, call, &svc_ref_stmt_gem_insert, p);
	free(pcs);
}

static void update_gem(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__UpdateGemeenteRequest *req = (const void *)msg;
	const char *p[8];
	char from[16], to[16], *pcs, mask[256];
	if (!req->gemeente) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "gemeente is required");
		return;
	}
	if (check_id(call, "gemeente.id", req->gemeente->id) != 0) return;
	if (svc_update_mask(call, req->update_mask, req->n_update_mask, gem_fields, mask, sizeof mask) != 0)
		return;
	if (gem_params(call, req->gemeente, req->update_mask, req->n_update_mask, p + 2, from, to, &pcs) != 0)
		return;
	p[0] = req->gemeente->id;
	p[1] = mask;
	svc_run1(call, gem_one_done, call, &svc_ref_stmt_gem_update, p);
	free(pcs);
}

static void get_gem(rpc_call *call, const ProtobufCMessage *msg)
{
	get_by_id(call, msg, gem_one_done, &svc_ref_stmt_gem_get);
}

static void deactivate_gem(rpc_call *call, const ProtobufCMessage *msg)
{
	deactivate_by_id(call, msg, gem_one_done, &svc_ref_stmt_gem_deactivate);
}

static void list_gem_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more, ok = 1;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	gem_buf *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__Gemeente **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	if (!rows || !ptrs) {
		free(rows), free(ptrs);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	int filled = 0;
	for (; filled < n && ok; filled++) {
		ok = gem_row(res, filled, &rows[filled]) == 0;
		ptrs[filled] = &rows[filled].g;
	}
	if (ok) {
		char next[128];
		svc_list_next(res, n, more, next);
		Passend__V1__ListGemeentenResponse out = PASSEND__V1__LIST_GEMEENTEN_RESPONSE__INIT;
		out.n_gemeenten = (size_t)n;
		out.gemeenten = ptrs;
		out.next_page_token = next;
		rpc_reply(call, &out.base);
	} else {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	}
	for (int i = 0; i < filled; i++)
		gem_free(&rows[i]);
	free(rows), free(ptrs);
}

static void list_gem(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListGemeentenRequest *req = (const void *)msg;
	char after[40], limit[16], on[16];
	if (opt_date(req->valid_on, on) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "valid_on is not a valid date");
		return;
	}
	svc_list *l = list_begin(call, req->page, after, limit);
	if (!l) return;
	const char *p[3] = {on, after, limit};
	svc_list_submit(call, l, list_gem_done, &svc_ref_stmt_gem_list, p);
}

/* ---- herkomst types --------------------------------------------------------------- */

static void herkomst_row(const PGresult *res, int i, Passend__V1__HerkomstType *h)
{
	passend__v1__herkomst_type__init(h);
	h->code = (char *)svc_val(res, i, 0);
	h->label = (char *)svc_val(res, i, 1);
	h->route_group = (char *)svc_val(res, i, 2);
	h->sort_order = atoi(svc_val(res, i, 3));
	h->active = svc_val(res, i, 4)[0] == 't';
}

static void herkomst_list_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		return;
	}
	const PGresult *res = svc_result(rep, 0);
	int n = res ? PQntuples(res) : 0;
	Passend__V1__HerkomstType *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__HerkomstType **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	if (!rows || !ptrs) {
		free(rows), free(ptrs);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	for (int i = 0; i < n; i++) {
		herkomst_row(res, i, &rows[i]);
		ptrs[i] = &rows[i];
	}
	Passend__V1__ListHerkomstTypesResponse out = PASSEND__V1__LIST_HERKOMST_TYPES_RESPONSE__INIT;
	out.n_types = (size_t)n;
	out.types = ptrs;
	rpc_reply(call, &out.base);
	free(rows), free(ptrs);
}

static void list_herkomst(rpc_call *call, const ProtobufCMessage *msg)
{
	(void)msg;
	svc_run1(call, herkomst_list_done, call, &svc_ref_stmt_herkomst_list, NULL);
}

static void herkomst_one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_INTERNAL, "herkomst type not stored");
	if (!res) return;
	Passend__V1__HerkomstType h;
	herkomst_row(res, 0, &h);
	rpc_reply(call, &h.base);
}

static void upsert_herkomst(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__HerkomstType *h = (const void *)msg;
	size_t n = strlen(h->code);
	int ok = n >= 1 && n <= 40 && h->code[0] >= 'a' && h->code[0] <= 'z';
	for (size_t i = 0; ok && i < n; i++)
		ok = (h->code[i] >= 'a' && h->code[i] <= 'z') || (h->code[i] >= '0' && h->code[i] <= '9') ||
		     h->code[i] == '_';
	if (!ok) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "code must be 1-40 lower-case letters, digits or _, starting with a letter");
		return;
	}
	if (!h->label[0] || strlen(h->label) > 200) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "label is required (at most 200 characters)");
		return;
	}
	if (strcmp(h->route_group, "voorschool") && strcmp(h->route_group, "basisonderwijs") &&
	    strcmp(h->route_group, "sbo") && strcmp(h->route_group, "so")) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "route_group must be voorschool, basisonderwijs, sbo or so");
		return;
	}
	char so[16];
	snprintf(so, sizeof so, "%d", (int)h->sort_order);
	const char *p[5] = {h->code, h->label, h->route_group, so, h->active ? "true" : "false"};
	svc_run1(call, herkomst_one_done, call, &svc_ref_stmt_herkomst_upsert, p);
}

/* ---- tellingen ------------------------------------------------------------------- */

typedef struct tel_buf {
	Passend__V1__Telling t;
	Passend__V1__Date d;
} tel_buf;

static void tel_row(const PGresult *res, int i, tel_buf *x)
{
	Passend__V1__Telling *t = &x->t;
	const char *g = svc_val(res, i, 3);
	passend__v1__telling__init(t);
	passend__v1__date__init(&x->d);
	t->school_id = (char *)svc_val(res, i, 0);
	t->teldatum = date_of(svc_val(res, i, 1), &x->d);
	t->tel_wijze = strcmp(svc_val(res, i, 2), "woonachtig") == 0 ? PASSEND__V1__TEL_WIJZE__WOONACHTIG
	                                                             : PASSEND__V1__TEL_WIJZE__SCHOOLGAAND;
	t->gemeente_id = (char *)(g ? g : "");
	t->aantal = atoi(svc_val(res, i, 4));
	t->onder_8 = atoi(svc_val(res, i, 5));
	t->so_categorie_1 = atoi(svc_val(res, i, 6));
	t->so_categorie_2 = atoi(svc_val(res, i, 7));
	t->so_categorie_3 = atoi(svc_val(res, i, 8));
	t->tenant_id = (char *)svc_val(res, i, 9);
}

static void tel_one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_INTERNAL, "telling not stored");
	if (!res) return;
	tel_buf x;
	tel_row(res, 0, &x);
	rpc_reply(call, &x.t.base);
}

static void upsert_telling(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__Telling *t = (const void *)msg;
	char d[16], n[5][16];
	if (check_id(call, "school_id", t->school_id) != 0) return;
	if (!t->teldatum || opt_date(t->teldatum, d) != 0 || !d[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "teldatum is required (a valid date)");
		return;
	}
	if (t->tel_wijze != PASSEND__V1__TEL_WIJZE__SCHOOLGAAND &&
	    t->tel_wijze != PASSEND__V1__TEL_WIJZE__WOONACHTIG) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tel_wijze must be SCHOOLGAAND or WOONACHTIG");
		return;
	}
	if (t->tel_wijze == PASSEND__V1__TEL_WIJZE__WOONACHTIG &&
	    check_id(call, "gemeente_id", t->gemeente_id) != 0)
		return;
	if (t->tel_wijze == PASSEND__V1__TEL_WIJZE__SCHOOLGAAND && t->gemeente_id[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "gemeente_id must be empty for SCHOOLGAAND");
		return;
	}
	if (t->aantal < 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "aantal must be >= 0");
		return;
	}
	const int32_t v[4] = {t->onder_8, t->so_categorie_1, t->so_categorie_2, t->so_categorie_3};
	const char *names[4] = {"onder_8", "so_categorie_1", "so_categorie_2", "so_categorie_3"};
	int64_t cats = 0;
	for (int i = 0; i < 4; i++) {
		if (v[i] < -1 || v[i] > t->aantal) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%s must be -1 (unknown) or 0..aantal",
			         names[i]);
			return;
		}
		if (i > 0 && v[i] > 0) cats += v[i];
	}
	if (cats > t->aantal) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "so_categorie_1 + 2 + 3 must not exceed aantal");
		return;
	}
	snprintf(n[0], 16, "%d", (int)t->aantal);
	for (int i = 0; i < 4; i++)
		snprintf(n[i + 1], 16, "%d", (int)v[i]);
	const char *p[9] = {t->school_id,
	                    d,
	                    t->tel_wijze == PASSEND__V1__TEL_WIJZE__WOONACHTIG ? "woonachtig" : "schoolgaand",
	                    t->gemeente_id,
	                    n[0],
	                    n[1],
	                    n[2],
	                    n[3],
	                    n[4]};
	svc_run1(call, tel_one_done, call, &svc_ref_stmt_tel_upsert, p);
}

static void list_tel_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	tel_buf *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__Telling **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	if (!rows || !ptrs) {
		free(rows), free(ptrs);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	for (int i = 0; i < n; i++) {
		tel_row(res, i, &rows[i]);
		ptrs[i] = &rows[i].t;
	}
	char next[128];
	svc_next_token(more, n ? svc_val(res, n - 1, 10) : NULL, next);
	Passend__V1__ListTellingenResponse out = PASSEND__V1__LIST_TELLINGEN_RESPONSE__INIT;
	out.n_tellingen = (size_t)n;
	out.tellingen = ptrs;
	out.next_page_token = next;
	rpc_reply(call, &out.base);
	free(rows), free(ptrs);
}

static void list_tel(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListTellingenRequest *req = (const void *)msg;
	char after[40], limit[16], d[16];
	if (opt_date(req->teldatum, d) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "teldatum is not a valid date");
		return;
	}
	if (req->school_id[0] && check_id(call, "school_id", req->school_id) != 0) return;
	const char *wijze = req->tel_wijze == PASSEND__V1__TEL_WIJZE__SCHOOLGAAND  ? "schoolgaand"
	                    : req->tel_wijze == PASSEND__V1__TEL_WIJZE__WOONACHTIG ? "woonachtig"
	                                                                           : "";
	svc_list *l = list_begin(call, req->page, after, limit);
	if (!l) return;
	const char *p[5] = {d, wijze, req->school_id, after, limit};
	svc_list_submit(call, l, list_tel_done, &svc_ref_stmt_tel_list, p);
}

/* ---- method table ------------------------------------------------------------------ */

#define REF_READ (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)
#define M(sym, name, rq, rs, fn, r, idem)                                                                    \
	static const rpc_method sym = {.path = "/passend.v1.Bestuur/" name,                                  \
	                               .req_desc = &rq##__descriptor,                                        \
	                               .resp_desc = &rs##__descriptor,                                       \
	                               .handler = fn,                                                        \
	                               .roles = r,                                                           \
	                               .idempotent = idem}

M(svc_ref_create_schoolbestuur, "CreateSchoolbestuur", passend__v1__create_schoolbestuur_request,
  passend__v1__schoolbestuur, create_bst, RPC_ROLE_BESTUUR, 0);
M(svc_ref_get_schoolbestuur, "GetSchoolbestuur", passend__v1__get_by_id_request, passend__v1__schoolbestuur,
  get_bst, REF_READ, 1);
M(svc_ref_list_schoolbesturen, "ListSchoolbesturen", passend__v1__list_schoolbesturen_request,
  passend__v1__list_schoolbesturen_response, list_bst, REF_READ, 1);
M(svc_ref_update_schoolbestuur, "UpdateSchoolbestuur", passend__v1__update_schoolbestuur_request,
  passend__v1__schoolbestuur, update_bst, RPC_ROLE_BESTUUR, 1);
M(svc_ref_deactivate_schoolbestuur, "DeactivateSchoolbestuur", passend__v1__deactivate_request,
  passend__v1__schoolbestuur, deactivate_bst, RPC_ROLE_BESTUUR, 1);
M(svc_ref_create_gemeente, "CreateGemeente", passend__v1__create_gemeente_request, passend__v1__gemeente,
  create_gem, RPC_ROLE_BESTUUR, 0);
M(svc_ref_get_gemeente, "GetGemeente", passend__v1__get_by_id_request, passend__v1__gemeente, get_gem,
  REF_READ, 1);
M(svc_ref_list_gemeenten, "ListGemeenten", passend__v1__list_gemeenten_request,
  passend__v1__list_gemeenten_response, list_gem, REF_READ, 1);
M(svc_ref_update_gemeente, "UpdateGemeente", passend__v1__update_gemeente_request, passend__v1__gemeente,
  update_gem, RPC_ROLE_BESTUUR, 1);
M(svc_ref_deactivate_gemeente, "DeactivateGemeente", passend__v1__deactivate_request, passend__v1__gemeente,
  deactivate_gem, RPC_ROLE_BESTUUR, 1);
M(svc_ref_list_herkomst_types, "ListHerkomstTypes", passend__v1__list_herkomst_types_request,
  passend__v1__list_herkomst_types_response, list_herkomst, REF_READ, 1);
M(svc_ref_upsert_herkomst_type, "UpsertHerkomstType", passend__v1__herkomst_type, passend__v1__herkomst_type,
  upsert_herkomst, RPC_ROLE_BESTUUR, 1);
M(svc_ref_upsert_telling, "UpsertTelling", passend__v1__telling, passend__v1__telling, upsert_telling,
  RPC_ROLE_BESTUUR, 1);
M(svc_ref_list_tellingen, "ListTellingen", passend__v1__list_tellingen_request,
  passend__v1__list_tellingen_response, list_tel, RPC_ROLE_BESTUUR, 1);

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_ref_create_schoolbestuur, &svc_ref_get_schoolbestuur,        &svc_ref_list_schoolbesturen,
    &svc_ref_update_schoolbestuur, &svc_ref_deactivate_schoolbestuur, &svc_ref_create_gemeente,
    &svc_ref_get_gemeente,         &svc_ref_list_gemeenten,           &svc_ref_update_gemeente,
    &svc_ref_deactivate_gemeente,  &svc_ref_list_herkomst_types,      &svc_ref_upsert_herkomst_type,
    &svc_ref_upsert_telling,       &svc_ref_list_tellingen,           NULL,
};
static const pg_stmt *const stmts[] = {
    &svc_ref_stmt_bst_insert, &svc_ref_stmt_bst_update,     &svc_ref_stmt_bst_deactivate,
    &svc_ref_stmt_bst_get,    &svc_ref_stmt_bst_list,       &svc_ref_stmt_gem_insert,
    &svc_ref_stmt_gem_update, &svc_ref_stmt_gem_deactivate, &svc_ref_stmt_gem_get,
    &svc_ref_stmt_gem_list,   &svc_ref_stmt_herkomst_list,  &svc_ref_stmt_herkomst_upsert,
    &svc_ref_stmt_tel_upsert, &svc_ref_stmt_tel_list,       NULL,
};
const service svc_area_bestuur_ref = {"passend.v1.Bestuur", methods, stmts};
