/* rapportage_deelname: passend.v1.Rapportage's deelname report and the
 * platform's landelijke percentages. The report is computed by the SQL
 * function bestuur.deelname_report (numeric, half-up rounding, small-cell
 * suppression for every role but bestuur); this file only maps rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"

static const pg_stmt svc_rap_stmt_deelname = {
    "rap_deelname",
    "SELECT teldatum::text, scope, name, bao, sbo, so, so_c1, so_c2, so_c3, noemer, pct_sbo::text, "
    "pct_so::text, pct_c1::text, pct_c2::text, pct_c3::text, land_sbo::text, land_so::text, "
    "(pct_sbo - land_sbo)::text, (pct_so - land_so)::text, suppress "
    "FROM bestuur.deelname_report($1::date[], $2::boolean, $3::boolean)",
    3};
static const pg_stmt svc_rap_stmt_landelijk_set = {
    "rap_landelijk_set",
    "INSERT INTO platform.landelijke_percentages (teldatum, sbo, so, so_categorie_1, so_categorie_2, "
    "so_categorie_3) VALUES ($1::date, NULLIF($2, '')::numeric, NULLIF($3, '')::numeric, "
    "NULLIF($4, '')::numeric, NULLIF($5, '')::numeric, NULLIF($6, '')::numeric) "
    "ON CONFLICT (teldatum) DO UPDATE SET sbo = EXCLUDED.sbo, so = EXCLUDED.so, "
    "so_categorie_1 = EXCLUDED.so_categorie_1, so_categorie_2 = EXCLUDED.so_categorie_2, "
    "so_categorie_3 = EXCLUDED.so_categorie_3 "
    "RETURNING teldatum::text, sbo::text, so::text, so_categorie_1::text, so_categorie_2::text, "
    "so_categorie_3::text",
    6};
static const pg_stmt svc_rap_stmt_landelijk_list = {
    "rap_landelijk_list",
    "SELECT teldatum::text, sbo::text, so::text, so_categorie_1::text, so_categorie_2::text, "
    "so_categorie_3::text FROM platform.landelijke_percentages ORDER BY teldatum",
    0};

/* "YYYY-MM-DD" of d into out; 0, or -1 if d is not a real date. */
static int date_text(const Passend__V1__Date *d, char out[16])
{
	if (!d || !svc_valid_date(d->year, d->month, d->day)) return -1;
	snprintf(out, 16, "%04d-%02d-%02d", (int)d->year, (int)d->month, (int)d->day);
	return 0;
}

static void date_from_text(const char *s, Passend__V1__Date *d)
{
	int y = 0, m = 0, dd = 0;
	if (s && sscanf(s, "%d-%d-%d", &y, &m, &dd) == 3) d->year = y, d->month = m, d->day = dd;
}

/* 1 if s is a percentage "0".."100" with at most 2 decimals (or empty). */
static int pct_ok(const char *s)
{
	if (!s[0]) return 1;
	int digits = 0, decimals = -1;
	for (const char *p = s; *p; p++) {
		if (*p == '.' && decimals < 0 && digits > 0) {
			decimals = 0;
		} else if (*p >= '0' && *p <= '9') {
			if (decimals >= 0)
				decimals++;
			else
				digits++;
		} else {
			return 0;
		}
	}
	return digits > 0 && digits <= 3 && decimals != 0 && decimals <= 2 && strtod(s, NULL) <= 100.0;
}

/* ---- deelname ---------------------------------------------------------------- */

typedef struct row_buf {
	Passend__V1__DeelnameRow row;
	Passend__V1__Date teldatum;
	Passend__V1__Cell cells[7];
	Passend__V1__Decimal decs[9];
} row_buf;

static Passend__V1__Cell *cell(Passend__V1__Cell *c, const char *v)
{
	passend__v1__cell__init(c);
	if (v)
		c->value = strtoll(v, NULL, 10);
	else
		c->suppressed = 1;
	return c;
}

/* A decimal from a percentage column: SQL NULL means suppressed when the
 * report suppresses, else empty (denominator 0 / no landelijk figure). */
static Passend__V1__Decimal *dec(Passend__V1__Decimal *d, const char *v, int suppressing, int empty)
{
	passend__v1__decimal__init(d);
	if (v)
		d->value = (char *)v;
	else if (suppressing && !empty)
		d->suppressed = 1;
	return d;
}

static void deelname_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		return;
	}
	const PGresult *res = svc_result(rep, 0);
	int n = res ? PQntuples(res) : 0;
	row_buf *b = calloc((size_t)n + 1, sizeof *b);
	Passend__V1__DeelnameRow **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	if (!b || !ptrs) {
		free(b), free(ptrs);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	for (int i = 0; i < n; i++) {
		row_buf *x = &b[i];
		Passend__V1__DeelnameRow *r = &x->row;
		int sup = svc_val(res, i, 19) && svc_val(res, i, 19)[0] == 't';
		/* an empty denominator (0, not suppressed) gives empty percentages */
		const char *noemer = svc_val(res, i, 9);
		int empty = noemer && strcmp(noemer, "0") == 0;
		passend__v1__deelname_row__init(r);
		passend__v1__date__init(&x->teldatum);
		date_from_text(svc_val(res, i, 0), &x->teldatum);
		r->teldatum = &x->teldatum;
		r->scope = (char *)svc_val(res, i, 1);
		r->name = (char *)(svc_val(res, i, 2) ? svc_val(res, i, 2) : "");
		r->bao = cell(&x->cells[0], svc_val(res, i, 3));
		r->sbo = cell(&x->cells[1], svc_val(res, i, 4));
		r->so = cell(&x->cells[2], svc_val(res, i, 5));
		r->so_categorie_1 = cell(&x->cells[3], svc_val(res, i, 6));
		r->so_categorie_2 = cell(&x->cells[4], svc_val(res, i, 7));
		r->so_categorie_3 = cell(&x->cells[5], svc_val(res, i, 8));
		r->noemer = cell(&x->cells[6], noemer);
		r->pct_sbo = dec(&x->decs[0], svc_val(res, i, 10), sup, empty);
		r->pct_so = dec(&x->decs[1], svc_val(res, i, 11), sup, empty);
		r->pct_so_categorie_1 = dec(&x->decs[2], svc_val(res, i, 12), sup, empty);
		r->pct_so_categorie_2 = dec(&x->decs[3], svc_val(res, i, 13), sup, empty);
		r->pct_so_categorie_3 = dec(&x->decs[4], svc_val(res, i, 14), sup, empty);
		/* landelijk: public figures, never suppressed */
		r->landelijk_sbo = dec(&x->decs[5], svc_val(res, i, 15), 0, 1);
		r->landelijk_so = dec(&x->decs[6], svc_val(res, i, 16), 0, 1);
		/* a difference is missing when either side is; suppressed with its percentage */
		r->verschil_sbo = dec(&x->decs[7], svc_val(res, i, 17), r->pct_sbo->suppressed, 0);
		r->verschil_so = dec(&x->decs[8], svc_val(res, i, 18), r->pct_so->suppressed, 0);
		ptrs[i] = r;
	}
	Passend__V1__DeelnameReport out = PASSEND__V1__DEELNAME_REPORT__INIT;
	out.n_rows = (size_t)n;
	out.rows = ptrs;
	rpc_reply(call, &out.base);
	free(b), free(ptrs);
}

static void get_deelname_report(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__GetDeelnameReportRequest *req = (const void *)msg;
	if (req->n_teldata > 100) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "teldata: at most 100 dates");
		return;
	}
	/* "{2016-10-01,2017-10-01}": 11 bytes per date plus braces */
	char arr[100 * 11 + 3];
	size_t off = 0;
	arr[off++] = '{';
	for (size_t i = 0; i < req->n_teldata; i++) {
		char d[16];
		if (date_text(req->teldata[i], d) != 0) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
			         "teldata[%zu] is not a valid date (YYYY-MM-DD)", i);
			return;
		}
		off += (size_t)snprintf(arr + off, sizeof arr - off, "%s%s", i ? "," : "", d);
	}
	arr[off++] = '}';
	arr[off] = '\0';
	const char *params[3] = {arr, req->per_gemeente ? "true" : "false",
	                         req->per_bestuur ? "true" : "false"};
	svc_run1(call, deelname_done, call, &svc_rap_stmt_deelname, params);
}

/* ---- landelijke percentages ---------------------------------------------------- */

static void landelijk_from_row(const PGresult *res, int i, Passend__V1__LandelijkPercentage *p,
                               Passend__V1__Date *d)
{
	date_from_text(svc_val(res, i, 0), d);
	p->teldatum = d;
	const char *v;
	p->sbo = (char *)((v = svc_val(res, i, 1)) ? v : "");
	p->so = (char *)((v = svc_val(res, i, 2)) ? v : "");
	p->so_categorie_1 = (char *)((v = svc_val(res, i, 3)) ? v : "");
	p->so_categorie_2 = (char *)((v = svc_val(res, i, 4)) ? v : "");
	p->so_categorie_3 = (char *)((v = svc_val(res, i, 5)) ? v : "");
}

static void landelijk_set_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	const PGresult *res = svc_result(rep, 0);
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
	} else if (!res || PQntuples(res) != 1) {
		svc_fail(call, GRPC_STATUS_INTERNAL, "landelijk percentage not stored");
	} else {
		Passend__V1__LandelijkPercentage p = PASSEND__V1__LANDELIJK_PERCENTAGE__INIT;
		Passend__V1__Date d = PASSEND__V1__DATE__INIT;
		landelijk_from_row(res, 0, &p, &d);
		rpc_reply(call, &p.base);
	}
}

static void set_landelijk(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__LandelijkPercentage *req = (const void *)msg;
	char d[16];
	if (date_text(req->teldatum, d) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "teldatum is required (a valid date)");
		return;
	}
	const char *names[5] = {"sbo", "so", "so_categorie_1", "so_categorie_2", "so_categorie_3"};
	const char *vals[5] = {req->sbo, req->so, req->so_categorie_1, req->so_categorie_2,
	                       req->so_categorie_3};
	for (int i = 0; i < 5; i++) {
		if (!pct_ok(vals[i])) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
			         "%s must be a percentage between 0 and 100 with at most 2 decimals, e.g. "
			         "\"2.48\"",
			         names[i]);
			return;
		}
	}
	const char *params[6] = {d, vals[0], vals[1], vals[2], vals[3], vals[4]};
	svc_run1(call, landelijk_set_done, call, &svc_rap_stmt_landelijk_set, params);
}

static void landelijk_list_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		return;
	}
	const PGresult *res = svc_result(rep, 0);
	int n = res ? PQntuples(res) : 0;
	Passend__V1__LandelijkPercentage *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__LandelijkPercentage **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	Passend__V1__Date *ds = calloc((size_t)n + 1, sizeof *ds);
	if (!rows || !ptrs || !ds) {
		free(rows), free(ptrs), free(ds);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	for (int i = 0; i < n; i++) {
		passend__v1__landelijk_percentage__init(&rows[i]);
		passend__v1__date__init(&ds[i]);
		landelijk_from_row(res, i, &rows[i], &ds[i]);
		ptrs[i] = &rows[i];
	}
	Passend__V1__ListLandelijkePercentagesResponse out =
	    PASSEND__V1__LIST_LANDELIJKE_PERCENTAGES_RESPONSE__INIT;
	out.n_percentages = (size_t)n;
	out.percentages = ptrs;
	rpc_reply(call, &out.base);
	free(rows), free(ptrs), free(ds);
}

static void list_landelijk(rpc_call *call, const ProtobufCMessage *msg)
{
	(void)msg;
	svc_run1(call, landelijk_list_done, call, &svc_rap_stmt_landelijk_list, NULL);
}

static const rpc_method svc_rap_get_deelname_report = {
    .path = "/passend.v1.Rapportage/GetDeelnameReport",
    .req_desc = &passend__v1__get_deelname_report_request__descriptor,
    .resp_desc = &passend__v1__deelname_report__descriptor,
    .handler = get_deelname_report,
    .roles = RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED,
    .idempotent = 1,
    .report = 1,
};
static const rpc_method svc_rap_set_landelijk_percentage = {
    .path = "/passend.v1.Rapportage/SetLandelijkPercentage",
    .req_desc = &passend__v1__landelijk_percentage__descriptor,
    .resp_desc = &passend__v1__landelijk_percentage__descriptor,
    .handler = set_landelijk,
    .roles = RPC_ROLE_ADMIN,
    .idempotent = 1,
};
static const rpc_method svc_rap_list_landelijke_percentages = {
    .path = "/passend.v1.Rapportage/ListLandelijkePercentages",
    .req_desc = &passend__v1__list_landelijke_percentages_request__descriptor,
    .resp_desc = &passend__v1__list_landelijke_percentages_response__descriptor,
    .handler = list_landelijk,
    .roles = RPC_ROLE_ADMIN | RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL,
    .idempotent = 1,
};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_rap_get_deelname_report,
    &svc_rap_set_landelijk_percentage,
    &svc_rap_list_landelijke_percentages,
    NULL,
};
static const pg_stmt *const stmts[] = {
    &svc_rap_stmt_deelname,
    &svc_rap_stmt_landelijk_set,
    &svc_rap_stmt_landelijk_list,
    NULL,
};
const service svc_area_rapportage_deelname = {"passend.v1.Rapportage", methods, stmts};
