/* rapportage_tlv: passend.v1.Rapportage/GetTlvReport. The report is computed
 * by the SQL function bestuur.tlv_report (migration 0009: tenant calendar,
 * numeric half-up rounding, small-cell suppression for every role but
 * bestuur) in one round trip; this file validates the request and maps the
 * rows (one per report line, tagged with its section) into a TlvReport. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "svc.h"
#include "svc_db.h"

static const pg_stmt svc_rap_stmt_tlv = {
    "rap_tlv",
    "SELECT sec, periode, name, label, grp, c1, c2, c3, c4, d1, d2, d3, d4, d5, d6, "
    "s1, s2, s3, s4, s5, s6, sup, thr, $1::text, $2::integer FROM bestuur.tlv_report($1, $2::integer)",
    2};

/* column indexes of svc_rap_stmt_tlv */
enum {
	COL_SEC,
	COL_PER,
	COL_NAME,
	COL_LABEL,
	COL_GRP,
	COL_C1,
	COL_D1 = COL_C1 + 4,
	COL_S1 = COL_D1 + 6,
	COL_SUP = COL_S1 + 6,
	COL_THR,
	COL_SJ,
	COL_TRI
};

/* 1 if s is "YYYY-YYYY" with the second year one after the first. */
static int schooljaar_ok(const char *s)
{
	if (!s || strlen(s) != 9 || s[4] != '-') return 0;
	for (int i = 0; i < 9; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9')) return 0;
	return atoi(s + 5) == atoi(s) + 1;
}

/* All storage of one reply: protobuf messages point into these arrays and
 * into the PGresult (alive until rpc_reply returns). */
typedef struct tlv_buf {
	Passend__V1__HerkomstRow *herkomst, **herkomst_p;
	Passend__V1__BestemmingRow *bestemming, **bestemming_p;
	Passend__V1__AanvragendeScholenRow *aanvragend, **aanvragend_p;
	Passend__V1__DoorlooptijdRow *door, **door_p;
	Passend__V1__BestuurAandeelRow *bestuur, **bestuur_p;
	Passend__V1__NieuwHerbeoordelingRow *nieuw, **nieuw_p;
	Passend__V1__RouteGroupRow *route, **route_p;
	char **perioden;
	Passend__V1__Cell *cells;   /* 4 per row */
	Passend__V1__Cell **cell_p; /* 3 per row (bestemming per_trimester) */
	Passend__V1__Decimal *decs; /* 6 per row */
} tlv_buf;

static void tlv_buf_free(tlv_buf *b)
{
	free(b->herkomst), free(b->herkomst_p), free(b->bestemming), free(b->bestemming_p);
	free(b->aanvragend), free(b->aanvragend_p), free(b->door), free(b->door_p);
	free(b->bestuur), free(b->bestuur_p), free(b->nieuw), free(b->nieuw_p);
	free(b->route), free(b->route_p), free(b->perioden), free(b->cells), free(b->cell_p), free(b->decs);
}

/* Allocates every array for n rows; 0, or -1 when out of memory. */
static int tlv_buf_alloc(tlv_buf *b, size_t n)
{
	n += 1;
#define ALLOC(f) ((b->f = calloc(n, sizeof *b->f)) != NULL)
	if (!ALLOC(herkomst) || !ALLOC(herkomst_p) || !ALLOC(bestemming) || !ALLOC(bestemming_p) ||
	    !ALLOC(aanvragend) || !ALLOC(aanvragend_p) || !ALLOC(door) || !ALLOC(door_p) || !ALLOC(bestuur) ||
	    !ALLOC(bestuur_p) || !ALLOC(nieuw) || !ALLOC(nieuw_p) || !ALLOC(route) || !ALLOC(route_p) ||
	    !ALLOC(perioden))
		return -1;
#undef ALLOC
	b->cells = calloc(n * 4, sizeof *b->cells);
	b->cell_p = calloc(n * 3, sizeof *b->cell_p);
	b->decs = calloc(n * 6, sizeof *b->decs);
	return b->cells && b->cell_p && b->decs ? 0 : -1;
}

static const char *text(const PGresult *res, int i, int col)
{
	const char *v = svc_val(res, i, col);
	return v ? v : "";
}

/* Cell k (0..3) of row i: SQL NULL = suppressed (value 0). */
static Passend__V1__Cell *cell(tlv_buf *b, const PGresult *res, int i, int k)
{
	Passend__V1__Cell *c = &b->cells[(size_t)i * 4 + (size_t)k];
	const char *v = svc_val(res, i, COL_C1 + k);
	passend__v1__cell__init(c);
	if (v)
		c->value = strtoll(v, NULL, 10);
	else
		c->suppressed = 1;
	return c;
}

/* Decimal k (0..5) of row i: text, empty when NULL; suppressed per its flag. */
static Passend__V1__Decimal *dec(tlv_buf *b, const PGresult *res, int i, int k)
{
	Passend__V1__Decimal *d = &b->decs[(size_t)i * 6 + (size_t)k];
	const char *s = svc_val(res, i, COL_S1 + k);
	passend__v1__decimal__init(d);
	d->value = (char *)text(res, i, COL_D1 + k);
	d->suppressed = s && s[0] == 't';
	return d;
}

static void map_row(tlv_buf *b, Passend__V1__TlvReport *out, const PGresult *res, int i, int n_tri)
{
	const char *sec = text(res, i, COL_SEC);
	if (strcmp(sec, "periode") == 0) {
		out->perioden[out->n_perioden++] = (char *)text(res, i, COL_PER);
	} else if (strcmp(sec, "herkomst") == 0) {
		Passend__V1__HerkomstRow *r = &b->herkomst[out->n_herkomst];
		passend__v1__herkomst_row__init(r);
		r->periode = (char *)text(res, i, COL_PER);
		r->herkomst = (char *)text(res, i, COL_NAME);
		r->label = (char *)text(res, i, COL_LABEL);
		r->route_group = (char *)text(res, i, COL_GRP);
		r->aantal = cell(b, res, i, 0);
		out->herkomst[out->n_herkomst++] = r;
	} else if (strcmp(sec, "bestemming") == 0) {
		Passend__V1__BestemmingRow *r = &b->bestemming[out->n_bestemming];
		passend__v1__bestemming_row__init(r);
		r->school = (char *)text(res, i, COL_NAME);
		r->groep = (char *)text(res, i, COL_LABEL);
		r->per_trimester = &b->cell_p[(size_t)i * 3];
		for (int k = 0; k < n_tri && k < 3; k++)
			r->per_trimester[r->n_per_trimester++] = cell(b, res, i, k);
		r->totaal = cell(b, res, i, 3);
		out->bestemming[out->n_bestemming++] = r;
	} else if (strcmp(sec, "aanvragend") == 0) {
		Passend__V1__AanvragendeScholenRow *r = &b->aanvragend[out->n_aanvragende_scholen];
		passend__v1__aanvragende_scholen_row__init(r);
		r->periode = (char *)text(res, i, COL_PER);
		r->tlv_uit_basisonderwijs = cell(b, res, i, 0);
		r->aanvragende_basisscholen = cell(b, res, i, 1);
		r->basisscholen_totaal = cell(b, res, i, 2);
		r->aandeel_aanvragend = dec(b, res, i, 0);
		r->gemiddeld_per_aanvragende_school = dec(b, res, i, 1);
		out->aanvragende_scholen[out->n_aanvragende_scholen++] = r;
	} else if (strcmp(sec, "doorlooptijd") == 0) {
		Passend__V1__DoorlooptijdRow *r = &b->door[out->n_doorlooptijd];
		passend__v1__doorlooptijd_row__init(r);
		r->periode = (char *)text(res, i, COL_PER);
		r->besluiten = cell(b, res, i, 0);
		r->aandeel_op_tijd = dec(b, res, i, 0);
		r->mediaan_dagen = dec(b, res, i, 1);
		r->p90_dagen = dec(b, res, i, 2);
		r->aandeel_onder_8 = dec(b, res, i, 3);
		r->aandeel_jongens = dec(b, res, i, 4);
		r->aandeel_meisjes = dec(b, res, i, 5);
		out->doorlooptijd[out->n_doorlooptijd++] = r;
	} else if (strcmp(sec, "bestuur") == 0) {
		Passend__V1__BestuurAandeelRow *r = &b->bestuur[out->n_per_bestuur];
		passend__v1__bestuur_aandeel_row__init(r);
		r->bestuur = (char *)text(res, i, COL_NAME);
		r->tlv_bao_naar_so = cell(b, res, i, 0);
		r->tlv_bao_naar_sbo = cell(b, res, i, 1);
		r->aandeel_tlv_bao_naar_so = dec(b, res, i, 0);
		r->aandeel_tlv_bao_naar_sbo = dec(b, res, i, 1);
		r->aandeel_bao_leerlingen = dec(b, res, i, 2);
		out->per_bestuur[out->n_per_bestuur++] = r;
	} else if (strcmp(sec, "nieuw") == 0) {
		Passend__V1__NieuwHerbeoordelingRow *r = &b->nieuw[out->n_nieuw_herbeoordeling];
		passend__v1__nieuw_herbeoordeling_row__init(r);
		r->periode = (char *)text(res, i, COL_PER);
		r->nieuw = cell(b, res, i, 0);
		r->herbeoordeling = cell(b, res, i, 1);
		out->nieuw_herbeoordeling[out->n_nieuw_herbeoordeling++] = r;
	} else if (strcmp(sec, "route") == 0) {
		Passend__V1__RouteGroupRow *r = &b->route[out->n_route_groups];
		passend__v1__route_group_row__init(r);
		r->periode = (char *)text(res, i, COL_PER);
		r->route_group = (char *)text(res, i, COL_GRP);
		r->aantal = cell(b, res, i, 0);
		r->aandeel = dec(b, res, i, 0);
		out->route_groups[out->n_route_groups++] = r;
	}
}

static void tlv_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	tlv_buf b;
	memset(&b, 0, sizeof b);
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		goto cleanup;
	}
	const PGresult *res = svc_result(rep, 0);
	int n = res ? PQntuples(res) : 0;
	if (tlv_buf_alloc(&b, (size_t)n) != 0) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		goto cleanup;
	}
	Passend__V1__TlvReport out = PASSEND__V1__TLV_REPORT__INIT;
	/* the request's schooljaar and trimester come back with every row (at
	 * least the period rows exist for a valid request) */
	int trimester = n > 0 ? (int)strtol(text(res, 0, COL_TRI), NULL, 10) : 0;
	out.schooljaar = (char *)(n > 0 ? text(res, 0, COL_SJ) : "");
	out.trimester = trimester;
	out.perioden = b.perioden;
	out.herkomst = b.herkomst_p;
	out.bestemming = b.bestemming_p;
	out.aanvragende_scholen = b.aanvragend_p;
	out.doorlooptijd = b.door_p;
	out.per_bestuur = b.bestuur_p;
	out.nieuw_herbeoordeling = b.nieuw_p;
	out.route_groups = b.route_p;
	int n_tri = trimester == 0 ? 3 : trimester;
	for (int i = 0; i < n; i++)
		map_row(&b, &out, res, i, n_tri);
	if (n > 0) {
		out.suppressed = text(res, 0, COL_SUP)[0] == 't';
		out.small_cell_threshold = (int32_t)strtol(text(res, 0, COL_THR), NULL, 10);
	}
	rpc_reply(call, &out.base);
cleanup:
	tlv_buf_free(&b);
}

static void get_tlv_report(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__GetTlvReportRequest *req = (const void *)msg;
	if (!schooljaar_ok(req->schooljaar)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "schooljaar must be \"YYYY-YYYY\" with consecutive years, e.g. \"2016-2017\"");
		return;
	}
	if (req->trimester < 0 || req->trimester > 3) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "trimester must be 0 (whole year) or 1..3");
		return;
	}
	char tri[4];
	snprintf(tri, sizeof tri, "%d", (int)req->trimester);
	const char *params[2] = {req->schooljaar, tri};
	svc_run1(call, tlv_done, call, &svc_rap_stmt_tlv, params);
}

static const rpc_method svc_rap_get_tlv_report = {
    .path = "/passend.v1.Rapportage/GetTlvReport",
    .req_desc = &passend__v1__get_tlv_report_request__descriptor,
    .resp_desc = &passend__v1__tlv_report__descriptor,
    .handler = get_tlv_report,
    .roles = RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT,
    .idempotent = 1,
    .report = 1,
};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_rap_get_tlv_report,
    NULL,
};
static const pg_stmt *const stmts[] = {
    &svc_rap_stmt_tlv,
    NULL,
};
const service svc_area_rapportage_tlv = {"passend.v1.Rapportage", methods, stmts};
