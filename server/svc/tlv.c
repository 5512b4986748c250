/* tlv: the TLV workflow of passend.v1.Bestuur (DOMAIN.md §5.2). Field
 * shapes are checked here; state transitions, the tenant's rules and the
 * events are one SQL function call each (0006_tlv.sql) that names the TLV
 * and its pupil for the audit row svc_submit appends (audit.h), so a step
 * and its audit row share the transaction. Submit and Herbeoordeel take the
 * deadline from bestuur.tlv_deadline on the tenant's legal term, in the
 * same statement (sql/functions/bestuur_tlv_deadline.sql). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/bestuur.pb-c.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"

/* Columns of one TLV row (see tlv_from_row). */
#define TLV_COLS                                                                                             \
	"t.id, t.swv_id, t.leerling_id, t.aanvragende_school_id, t.herkomst, t.gevraagde_soort, t.state, "   \
	"t.aanvraag_soort, t.vorige_tlv_id, to_char(t.aanvraagdatum, 'YYYY-MM-DD'), "                        \
	"to_char(t.toestemming_datum, 'YYYY-MM-DD'), to_char(t.deadline, 'YYYY-MM-DD'), "                    \
	"to_char(t.besluitdatum, 'YYYY-MM-DD'), t.tlv_nummer, t.soort, t.so_categorie, "                     \
	"to_char(t.startdatum, 'YYYY-MM-DD'), to_char(t.einddatum, 'YYYY-MM-DD'), t.ontvangende_school_id, " \
	"coalesce(t.besluitdatum <= t.deadline, false), coalesce(t.besluitdatum - t.aanvraagdatum, 0), "     \
	"(SELECT string_agg((e->>'name') || chr(31) || (e->>'discipline'), chr(30)) "                        \
	"FROM jsonb_array_elements(t.experts) e), t.bezwaar_uitkomst, l.geboortejaar, l.geslacht"
#define TLV_FROM                                                                                             \
	" FROM bestuur.tlvs t JOIN werkgebied.leerlingen l ON l.swv_id = t.swv_id AND l.id = t.leerling_id "
#define CUR_TLV "coalesce(NULLIF($1, '')::uuid, NULLIF(current_setting('passend.tlv_id', true), '')::uuid)"

/* The tenant's legal term (r) and the step's date d.dag: the date given
 * as parameter p, else today; the deadline is bestuur.tlv_deadline(d.dag,
 * r.eenheid, r.termijn), the one implementation of the rule. */
#define RULES_FROM(p)                                                                                        \
	" FROM bestuur.tlv_rules() r CROSS JOIN LATERAL (SELECT coalesce(NULLIF(" p                          \
	", '')::date, r.vandaag) AS dag) d"
static const pg_stmt svc_tlv_stmt_submit = {
    "tlv_submit",
    "SELECT bestuur.tlv_submit($1::uuid, $2, $3::smallint, d.dag, NULLIF($5, '')::date, "
    "bestuur.tlv_deadline(d.dag, r.eenheid, r.termijn), $6, $7, $8)" RULES_FROM("$4"),
    8};
static const pg_stmt svc_tlv_stmt_advies = {
    "tlv_advies", "SELECT bestuur.tlv_advies($1::uuid, $2::text[], $3::text[], $4, $5, $6)", 6};
#define DECISION_ARGS                                                                                        \
	"NULLIF($4, ''), NULLIF($5, '')::smallint, NULLIF($6, '')::smallint, NULLIF($7, '')::date, "         \
	"NULLIF($8, '')::date, NULLIF($9, '')::uuid, $10, $11"
static const pg_stmt svc_tlv_stmt_decide = {
    "tlv_decide",
    "SELECT bestuur.tlv_decide($1::uuid, $2::boolean, coalesce(NULLIF($3, "
    "'')::date, current_date), " DECISION_ARGS ")",
    11};
static const pg_stmt svc_tlv_stmt_bezwaar = {
    "tlv_bezwaar",
    "SELECT bestuur.tlv_bezwaar($1::uuid, coalesce(NULLIF($2, '')::date, current_date), $3, $4, $5)", 5};
static const pg_stmt svc_tlv_stmt_bezwaar_besluit = {
    "tlv_bezwaar_besluit",
    "SELECT bestuur.tlv_bezwaar_besluit($1::uuid, $2::boolean, coalesce(NULLIF($3, '')::date, current_date), "
    "$12::boolean, " DECISION_ARGS ")",
    12};
static const pg_stmt svc_tlv_stmt_herbeoordeel = {
    "tlv_herbeoordeel",
    "SELECT bestuur.tlv_herbeoordeel($1::uuid, $2, d.dag, bestuur.tlv_deadline(d.dag, r.eenheid, "
    "r.termijn), " DECISION_ARGS ")" RULES_FROM("$3"),
    11};
static const pg_stmt svc_tlv_stmt_audit_one = {"tlv_audit_one", "SELECT bestuur.tlv_audit($1::uuid, $2, $3)",
                                               3};
static const pg_stmt svc_tlv_stmt_get = {
    "tlv_get", "SELECT " TLV_COLS TLV_FROM "WHERE t.swv_id = platform.current_swv() AND t.id = " CUR_TLV, 1};
static const pg_stmt svc_tlv_stmt_events = {
    "tlv_events",
    "SELECT tlv_id, step, (extract(epoch FROM at) * 1e6)::bigint, actor_token_id, actor_role, detail "
    "FROM bestuur.tlv_events WHERE swv_id = platform.current_swv() AND (tlv_id = " CUR_TLV
    " OR ($1 = '' AND tlv_id = ANY (string_to_array(NULLIF(current_setting('passend.tlv_ids', true), ''), "
    "',')::uuid[]))) ORDER BY tlv_id, seq",
    1};
/* $1 schooljaar ("" for all): by besluitdatum, else aanvraagdatum, within the
 * tenant's school year (bestuur.schooljaar_range, 0008_schooljaar.sql). */
static const pg_stmt svc_tlv_stmt_list = {
    "tlv_list",
    "WITH sj AS (SELECT van, tot FROM bestuur.schooljaar_range(NULLIF($1, ''))), "
    "r AS (SELECT " TLV_COLS TLV_FROM "WHERE t.swv_id = platform.current_swv() "
    "AND ($1 = '' OR EXISTS (SELECT 1 FROM sj WHERE coalesce(t.besluitdatum, t.aanvraagdatum) >= sj.van "
    "AND coalesce(t.besluitdatum, t.aanvraagdatum) < sj.tot)) "
    "AND ($2 = 0 OR t.state = $2::smallint) AND ($3 = '' OR t.leerling_id = NULLIF($3, '')::uuid) "
    "AND ($4 = '' OR t.id > NULLIF($4, '')::uuid) ORDER BY t.id LIMIT $5::int), "
    "c AS (SELECT set_config('passend.tlv_ids', coalesce(string_agg(r.id::text, ','), ''), true) AS s, "
    "set_config('passend.audit_ids', array_agg(r.id::text)::text, true) AS a FROM r) "
    "SELECT r.* FROM r, c ORDER BY r.id",
    5};

/* ---- request checks ---------------------------------------------------------- */

/* 1 if s is "YYYY-YYYY" with the second year one after the first (the rule
 * of GetTlvReport). */
static int schooljaar_ok(const char *s)
{
	if (strlen(s) != 9 || s[4] != '-') return 0;
	for (int i = 0; i < 9; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9')) return 0;
	return atoi(s + 5) == atoi(s) + 1;
}

/* A Date as "YYYY-MM-DD" into out; "" for an unset date (NULL or all zero).
 * Returns 0, or -1 if set but not a real date. */
static int date_param(const Passend__V1__Date *d, char out[16])
{
	out[0] = '\0';
	if (!d || (d->year == 0 && d->month == 0 && d->day == 0)) return 0;
	if (!svc_valid_date(d->year, d->month, d->day)) return -1;
	snprintf(out, 16, "%04d-%02d-%02d", (int)d->year, (int)d->month, (int)d->day);
	return 0;
}

static int has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20) return 1;
	return 0;
}

/* Parameters of a decision (DecideTlvRequest fields 4-9). */
typedef struct decision_params {
	char nummer[64], soort[8], cat[8], start[16], eind[16], school[40];
} decision_params;

/* Check a decision's fields (prefix names the enclosing field, e.g.
 * "herzien_besluit."); fills p. Finishes the call and returns -1 if invalid. */
static int check_decision(rpc_call *call, const Passend__V1__DecideTlvRequest *d, const char *prefix,
                          decision_params *p)
{
	memset(p, 0, sizeof *p);
	if (!d->afgegeven) return 0;
	if (!d->tlv_nummer[0] || strlen(d->tlv_nummer) > 50 || has_ctl(d->tlv_nummer)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "%stlv_nummer is required when afgegeven (1-50 characters)", prefix);
		return -1;
	}
	if (d->soort != PASSEND__V1__SCHOOL_SOORT__SBO && d->soort != PASSEND__V1__SCHOOL_SOORT__SO) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%ssoort must be SBO or SO when afgegeven",
		         prefix);
		return -1;
	}
	if (d->soort == PASSEND__V1__SCHOOL_SOORT__SO && (d->so_categorie < 1 || d->so_categorie > 3)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%sso_categorie must be 1, 2 or 3 for SO",
		         prefix);
		return -1;
	}
	if (d->soort == PASSEND__V1__SCHOOL_SOORT__SBO && d->so_categorie != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%sso_categorie must be 0 for SBO", prefix);
		return -1;
	}
	if (date_param(d->startdatum, p->start) != 0 || !p->start[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%sstartdatum is required (a real date)",
		         prefix);
		return -1;
	}
	if (date_param(d->einddatum, p->eind) != 0 || !p->eind[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%seinddatum is required (a real date)", prefix);
		return -1;
	}
	if (strcmp(p->eind, p->start) <= 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%seinddatum must be after startdatum", prefix);
		return -1;
	}
	if (d->ontvangende_school_id[0] && !svc_is_uuid(d->ontvangende_school_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%sontvangende_school_id is not a UUID", prefix);
		return -1;
	}
	snprintf(p->nummer, sizeof p->nummer, "%s", d->tlv_nummer);
	snprintf(p->soort, sizeof p->soort, "%d", (int)d->soort);
	if (d->so_categorie) snprintf(p->cat, sizeof p->cat, "%d", (int)d->so_categorie);
	snprintf(p->school, sizeof p->school, "%s", d->ontvangende_school_id);
	return 0;
}

/* ---- replies ----------------------------------------------------------------------- */

static void date_from_text(const char *s, Passend__V1__Date *d, Passend__V1__Date **slot)
{
	int y, m, dd;
	if (s && sscanf(s, "%d-%d-%d", &y, &m, &dd) == 3) {
		passend__v1__date__init(d);
		d->year = y, d->month = m, d->day = dd;
		*slot = d;
	}
}

static char *str(const char *s)
{
	return (char *)(s ? s : "");
}

/* One TLV message with its storage; freed by tlv_buf_free. */
typedef struct tlv_buf {
	Passend__V1__Tlv t;
	Passend__V1__Date d[7];
	char *experts_text;
	Passend__V1__Expert *ex;
	Passend__V1__Expert **exp;
	Passend__V1__TlvEvent *ev;
	Passend__V1__TlvEvent **evp;
	Passend__V1__Timestamp *ts;
} tlv_buf;

static void tlv_buf_free(tlv_buf *b)
{
	free(b->experts_text), free(b->ex), free(b->exp), free(b->ev), free(b->evp), free(b->ts);
}

/* Fill b from row i of res and the events of that TLV in ev (may be NULL).
 * Returns 0 or -1 when out of memory. */
static int tlv_from_row(const PGresult *res, int i, const PGresult *ev, tlv_buf *b)
{
	Passend__V1__Tlv *t = &b->t;
	memset(b, 0, sizeof *b);
	passend__v1__tlv__init(t);
	t->id = str(svc_val(res, i, 0));
	t->tenant_id = str(svc_val(res, i, 1));
	t->leerling_id = str(svc_val(res, i, 2));
	t->aanvragende_school_id = str(svc_val(res, i, 3));
	t->herkomst = str(svc_val(res, i, 4));
	t->gevraagde_soort = atoi(str(svc_val(res, i, 5)));
	t->state = atoi(str(svc_val(res, i, 6)));
	t->aanvraag_soort = strcmp(str(svc_val(res, i, 7)), "herbeoordeling") == 0
	                        ? PASSEND__V1__TLV_AANVRAAG_SOORT__HERBEOORDELING
	                        : PASSEND__V1__TLV_AANVRAAG_SOORT__NIEUW;
	t->vorige_tlv_id = str(svc_val(res, i, 8));
	date_from_text(svc_val(res, i, 9), &b->d[0], &t->aanvraagdatum);
	date_from_text(svc_val(res, i, 10), &b->d[1], &t->toestemming_datum);
	date_from_text(svc_val(res, i, 11), &b->d[2], &t->deadline);
	date_from_text(svc_val(res, i, 12), &b->d[3], &t->besluitdatum);
	t->tlv_nummer = str(svc_val(res, i, 13));
	t->soort = atoi(str(svc_val(res, i, 14)));
	t->so_categorie = atoi(str(svc_val(res, i, 15)));
	date_from_text(svc_val(res, i, 16), &b->d[4], &t->startdatum);
	date_from_text(svc_val(res, i, 17), &b->d[5], &t->einddatum);
	t->ontvangende_school_id = str(svc_val(res, i, 18));
	t->op_tijd = str(svc_val(res, i, 19))[0] == 't';
	t->dagen_tot_besluit = atoi(str(svc_val(res, i, 20)));
	t->bezwaar_uitkomst = str(svc_val(res, i, 22));
	t->geboortejaar = atoi(str(svc_val(res, i, 23)));
	t->geslacht = atoi(str(svc_val(res, i, 24)));
	/* experts: "name\x1fdiscipline" joined by \x1e (control characters are refused on input) */
	const char *et = svc_val(res, i, 21);
	if (et && et[0]) {
		size_t n = 1;
		for (const char *p = et; *p; p++)
			n += *p == 0x1e;
		b->experts_text = strdup(et);
		b->ex = calloc(n, sizeof *b->ex);
		b->exp = calloc(n, sizeof *b->exp);
		if (!b->experts_text || !b->ex || !b->exp) return -1;
		char *save = NULL, *tok = strtok_r(b->experts_text, "\x1e", &save);
		for (size_t k = 0; tok && k < n; k++, tok = strtok_r(NULL, "\x1e", &save)) {
			char *sep = strchr(tok, 0x1f);
			passend__v1__expert__init(&b->ex[k]);
			if (sep) *sep = '\0';
			b->ex[k].name = tok;
			b->ex[k].discipline = sep ? sep + 1 : (char *)"";
			b->exp[k] = &b->ex[k];
			t->n_experts = k + 1;
		}
		t->experts = b->exp;
	}
	int ne = ev ? PQntuples(ev) : 0, cnt = 0;
	for (int k = 0; k < ne; k++)
		cnt += strcmp(PQgetvalue(ev, k, 0), t->id) == 0;
	if (cnt) {
		b->ev = calloc((size_t)cnt, sizeof *b->ev);
		b->evp = calloc((size_t)cnt, sizeof *b->evp);
		b->ts = calloc((size_t)cnt, sizeof *b->ts);
		if (!b->ev || !b->evp || !b->ts) return -1;
		int j = 0;
		for (int k = 0; k < ne && j < cnt; k++) {
			if (strcmp(PQgetvalue(ev, k, 0), t->id) != 0) continue;
			Passend__V1__TlvEvent *e = &b->ev[j];
			passend__v1__tlv_event__init(e);
			passend__v1__timestamp__init(&b->ts[j]);
			e->step = str(svc_val(ev, k, 1));
			e->at = svc_ts(svc_val(ev, k, 2), &b->ts[j]);
			e->actor_token_id = str(svc_val(ev, k, 3));
			e->actor_role = str(svc_val(ev, k, 4));
			e->detail = str(svc_val(ev, k, 5));
			b->evp[j++] = e;
		}
		t->n_events = (size_t)j;
		t->events = b->evp;
	}
	return 0;
}

/* Reply with the TLV of a submit_step request: result 1 (tlv_get) and 2
 * (its events). */
static void one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		return;
	}
	const PGresult *res = svc_result(rep, 1), *ev = svc_result(rep, 2);
	if (!res || PQntuples(res) != 1) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND, "tlv not found");
		return;
	}
	tlv_buf b;
	if (tlv_from_row(res, 0, ev, &b) == 0)
		rpc_reply(call, &b.t.base);
	else
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	tlv_buf_free(&b);
}

/* Submit r with the step statement st(params) followed by the TLV and its
 * events (the step sets passend.tlv_id). */
static void submit_step(rpc_call *call, const pg_stmt *st, const char *const *params)
{
	const char *none[1] = {""};
	pg_req *r = svc_req(call, one_done, call);
	if (!r) return;
	if (pg_req_add(r, st, params) != 0 || pg_req_add(r, &svc_tlv_stmt_get, none) != 0 ||
	    pg_req_add(r, &svc_tlv_stmt_events, none) != 0) {
		pg_req_free(r);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (svc_submit(call, r) != 0) return; /* done's arg is the call itself: nothing to free */
}

/* Submit a decision step: st($1 TLV id, $2 what, $3 datum, $4-$9 the
 * decision d (DECISION_ARGS), $10 method, $11 peer[, $12 extra]). */
static void submit_decision(rpc_call *call, const pg_stmt *st, const char *id, const char *what,
                            const char *datum, const decision_params *d, const char *extra)
{
	const char *params[12] = {id,
	                          what,
	                          datum,
	                          d->nummer,
	                          d->soort,
	                          d->cat,
	                          d->start,
	                          d->eind,
	                          d->school,
	                          rpc_call_method(call)->path,
	                          rpc_call_peer(call),
	                          extra};
	submit_step(call, st, params);
}

/* ---- steps that compute a deadline ------------------------------------------------ */

static void submit_tlv_aanvraag(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__SubmitTlvAanvraagRequest *req = (const void *)msg;
	char datum[16], toestemming[16];
	if (!svc_is_uuid(req->leerling_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "leerling_id is not a UUID");
		return;
	}
	if (!req->herkomst[0] || strlen(req->herkomst) > 50) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "herkomst is required (a herkomst type code)");
		return;
	}
	if (req->gevraagde_soort != PASSEND__V1__SCHOOL_SOORT__SBO &&
	    req->gevraagde_soort != PASSEND__V1__SCHOOL_SOORT__SO) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "gevraagde_soort must be SBO or SO");
		return;
	}
	if (date_param(req->aanvraagdatum, datum) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "aanvraagdatum is not a real date");
		return;
	}
	if (date_param(req->toestemming_datum, toestemming) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "toestemming_datum is not a real date");
		return;
	}
	if (datum[0] && toestemming[0] && strcmp(toestemming, datum) > 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "toestemming_datum is after the aanvraagdatum");
		return;
	}
	if (strlen(req->request_id) > 200) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "request_id is longer than 200 characters");
		return;
	}
	if (!req->ouders_toestemming) {
		svc_fail(call, GRPC_STATUS_FAILED_PRECONDITION,
		         "no parental consent: record ouders_toestemming before submitting the aanvraag");
		return;
	}
	if (!req->groeidocument || !req->opp || !req->verslag_mdo) {
		svc_fail(call, GRPC_STATUS_FAILED_PRECONDITION, "dossier incomplete, missing:%s%s%s",
		         req->groeidocument ? "" : " groeidocument", req->opp ? "" : " opp",
		         req->verslag_mdo ? "" : " verslag_mdo");
		return;
	}
	char soort[8];
	snprintf(soort, sizeof soort, "%d", (int)req->gevraagde_soort);
	const char *params[8] = {req->leerling_id,
	                         req->herkomst,
	                         soort,
	                         datum,
	                         toestemming,
	                         req->request_id,
	                         rpc_call_method(call)->path,
	                         rpc_call_peer(call)};
	submit_step(call, &svc_tlv_stmt_submit, params);
}

static void herbeoordeel(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__HerbeoordeelRequest *req = (const void *)msg;
	char datum[16];
	decision_params d;
	memset(&d, 0, sizeof d);
	if (!svc_is_uuid(req->tlv_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tlv_id is not a UUID");
		return;
	}
	if (strcmp(req->uitkomst, "verlengd") && strcmp(req->uitkomst, "terugplaatsing") &&
	    strcmp(req->uitkomst, "beeindigd")) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "uitkomst must be verlengd, terugplaatsing or beeindigd");
		return;
	}
	if (date_param(req->datum, datum) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a real date");
		return;
	}
	if (strcmp(req->uitkomst, "verlengd") == 0) {
		if (!req->nieuw_besluit || !req->nieuw_besluit->afgegeven) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
			         "nieuw_besluit is required for verlengd (afgegeven, with the follow-up "
			         "TLV's fields)");
			return;
		}
		if (check_decision(call, req->nieuw_besluit, "nieuw_besluit.", &d) != 0) return;
	}
	submit_decision(call, &svc_tlv_stmt_herbeoordeel, req->tlv_id, req->uitkomst, datum, &d, NULL);
}

/* ---- one-statement steps ------------------------------------------------------------ */

/* Append s as a quoted element of a text[] literal to out (growing). */
static int arr_append(char **out, size_t *len, size_t *cap, const char *s)
{
	size_t need = *len + 2 * strlen(s) + 4;
	if (need > *cap) {
		size_t nc = need * 2;
		char *p = realloc(*out, nc);
		if (!p) return -1;
		*out = p, *cap = nc;
	}
	char *o = *out + *len;
	if (*len > 1) *o++ = ',';
	*o++ = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\') *o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	*len = (size_t)(o - *out);
	return 0;
}

static void record_advies(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__RecordAdviesRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->tlv_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tlv_id is not a UUID");
		return;
	}
	if (req->n_experts < 2 || req->n_experts > 20) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "experts: at least two experts with their discipline (at most 20)");
		return;
	}
	for (size_t i = 0; i < req->n_experts; i++) {
		const Passend__V1__Expert *e = req->experts[i];
		if (!e->name[0] || strlen(e->name) > 200 || has_ctl(e->name) || !e->discipline[0] ||
		    strlen(e->discipline) > 100 || has_ctl(e->discipline)) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
			         "experts[%zu]: name (1-200) and discipline (1-100) are required, without "
			         "control characters",
			         i);
			return;
		}
	}
	if (strlen(req->advies) > 4000) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "advies is longer than 4000 characters");
		return;
	}
	char *names = NULL, *disc = NULL;
	size_t nl = 0, nc = 0, dl = 0, dc = 0;
	int rc = arr_append(&names, &nl, &nc, "") | arr_append(&disc, &dl, &dc, "");
	if (rc == 0) { /* restart as "{" */
		strcpy(names, "{"), strcpy(disc, "{");
		nl = dl = 1;
		for (size_t i = 0; i < req->n_experts && rc == 0; i++)
			rc = arr_append(&names, &nl, &nc, req->experts[i]->name) |
			     arr_append(&disc, &dl, &dc, req->experts[i]->discipline);
	}
	if (rc == 0) rc = arr_append(&names, &nl, &nc, "") | arr_append(&disc, &dl, &dc, "");
	if (rc != 0) {
		free(names), free(disc);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	/* replace the trailing ,"" with } */
	names[nl - 3] = '}', names[nl - 2] = '\0';
	disc[dl - 3] = '}', disc[dl - 2] = '\0';
	const char *params[6] = {req->tlv_id,        names, disc, req->advies, rpc_call_method(call)->path,
	                         rpc_call_peer(call)};
	submit_step(call, &svc_tlv_stmt_advies, params);
	free(names), free(disc);
}

static void decide_tlv(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__DecideTlvRequest *req = (const void *)msg;
	decision_params d;
	char datum[16];
	if (!svc_is_uuid(req->tlv_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tlv_id is not a UUID");
		return;
	}
	if (date_param(req->besluitdatum, datum) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "besluitdatum is not a real date");
		return;
	}
	if (check_decision(call, req, "", &d) != 0) return;
	submit_decision(call, &svc_tlv_stmt_decide, req->tlv_id, req->afgegeven ? "true" : "false", datum, &d,
	                NULL);
}

static void record_bezwaar(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__RecordBezwaarRequest *req = (const void *)msg;
	char datum[16];
	if (!svc_is_uuid(req->tlv_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tlv_id is not a UUID");
		return;
	}
	if (date_param(req->datum, datum) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a real date");
		return;
	}
	if (strlen(req->reden) > 4000) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "reden is longer than 4000 characters");
		return;
	}
	const char *params[5] = {req->tlv_id, datum, req->reden, rpc_call_method(call)->path,
	                         rpc_call_peer(call)};
	submit_step(call, &svc_tlv_stmt_bezwaar, params);
}

static void decide_bezwaar(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__DecideBezwaarRequest *req = (const void *)msg;
	decision_params d;
	char datum[16];
	memset(&d, 0, sizeof d);
	if (!svc_is_uuid(req->tlv_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tlv_id is not a UUID");
		return;
	}
	if (date_param(req->datum, datum) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a real date");
		return;
	}
	if (!req->gehandhaafd) {
		if (!req->herzien_besluit) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
			         "herzien_besluit is required when not gehandhaafd");
			return;
		}
		if (check_decision(call, req->herzien_besluit, "herzien_besluit.", &d) != 0) return;
	}
	int afg = req->herzien_besluit && req->herzien_besluit->afgegeven;
	submit_decision(call, &svc_tlv_stmt_bezwaar_besluit, req->tlv_id, req->gehandhaafd ? "true" : "false",
	                datum, &d, afg ? "true" : "false");
}

static void get_tlv(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__GetByIdRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	const char *params[3] = {req->id, rpc_call_method(call)->path, rpc_call_peer(call)};
	submit_step(call, &svc_tlv_stmt_audit_one, params);
}

static void list_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more, ok = 1;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	const PGresult *ev = svc_result(rep, 1);
	tlv_buf *bufs = calloc((size_t)n + 1, sizeof *bufs);
	Passend__V1__Tlv **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	int filled = 0;
	if (bufs && ptrs) {
		for (; filled < n && ok; filled++) {
			ok = tlv_from_row(res, filled, ev, &bufs[filled]) == 0;
			ptrs[filled] = &bufs[filled].t;
		}
	}
	if (bufs && ptrs && ok) {
		char next[128];
		svc_list_next(res, n, more, next);
		Passend__V1__ListTlvsResponse out = PASSEND__V1__LIST_TLVS_RESPONSE__INIT;
		out.n_tlvs = (size_t)n;
		out.tlvs = ptrs;
		out.next_page_token = next;
		rpc_reply(call, &out.base);
	} else {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	}
	for (int i = 0; bufs && i < filled; i++)
		tlv_buf_free(&bufs[i]);
	free(bufs), free(ptrs);
}

static void list_tlvs(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListTlvsRequest *req = (const void *)msg;
	char after[40], limit[16], state[8];
	int size;
	if (req->schooljaar[0] && !schooljaar_ok(req->schooljaar)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "schooljaar must be \"YYYY-YYYY\" with consecutive years, e.g. \"2016-2017\"");
		return;
	}
	if (req->state < 0 || req->state > 7) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "state is not a TlvState");
		return;
	}
	if (req->leerling_id[0] && !svc_is_uuid(req->leerling_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "leerling_id is not a UUID");
		return;
	}
	if (svc_page(call, req->page, 1, &size, after, sizeof after) != 0) return;
	snprintf(limit, sizeof limit, "%d", size + 1);
	snprintf(state, sizeof state, "%d", (int)req->state);
	const char *params[5] = {req->schooljaar, state, req->leerling_id, after, limit};
	const char *none[1] = {""};
	svc_list *l = svc_list_new(call, size);
	if (!l) return;
	pg_req *r = svc_req(call, list_done, l);
	if (!r) {
		free(l);
		return;
	}
	if (pg_req_add(r, &svc_tlv_stmt_list, params) != 0 ||
	    pg_req_add(r, &svc_tlv_stmt_events, none) != 0) {
		pg_req_free(r);
		free(l);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (svc_submit_audited(call, r, "{}") != 0) free(l);
}

#define TLV_METHOD(sym, name, req, resp, fn, r, idem)                                                        \
	static const rpc_method sym = {                                                                      \
	    .path = "/passend.v1.Bestuur/" name,                                                             \
	    .req_desc = &req,                                                                                \
	    .resp_desc = &resp,                                                                              \
	    .handler = fn,                                                                                   \
	    .roles = r,                                                                                      \
	    .idempotent = idem,                                                                              \
	    .pupil_level = 1,                                                                                \
	}
#define B  RPC_ROLE_BESTUUR
#define BS (RPC_ROLE_BESTUUR | RPC_ROLE_SCHOOL)

TLV_METHOD(svc_tlv_submit, "SubmitTlvAanvraag", passend__v1__submit_tlv_aanvraag_request__descriptor,
           passend__v1__tlv__descriptor, submit_tlv_aanvraag, BS, 0);
TLV_METHOD(svc_tlv_record_advies, "RecordAdvies", passend__v1__record_advies_request__descriptor,
           passend__v1__tlv__descriptor, record_advies, B, 0);
TLV_METHOD(svc_tlv_decide, "DecideTlv", passend__v1__decide_tlv_request__descriptor,
           passend__v1__tlv__descriptor, decide_tlv, B, 0);
TLV_METHOD(svc_tlv_record_bezwaar, "RecordBezwaar", passend__v1__record_bezwaar_request__descriptor,
           passend__v1__tlv__descriptor, record_bezwaar, B, 0);
TLV_METHOD(svc_tlv_decide_bezwaar, "DecideBezwaar", passend__v1__decide_bezwaar_request__descriptor,
           passend__v1__tlv__descriptor, decide_bezwaar, B, 0);
TLV_METHOD(svc_tlv_herbeoordeel, "Herbeoordeel", passend__v1__herbeoordeel_request__descriptor,
           passend__v1__tlv__descriptor, herbeoordeel, B, 0);
TLV_METHOD(svc_tlv_get, "GetTlv", passend__v1__get_by_id_request__descriptor, passend__v1__tlv__descriptor,
           get_tlv, BS, 1);
TLV_METHOD(svc_tlv_list, "ListTlvs", passend__v1__list_tlvs_request__descriptor,
           passend__v1__list_tlvs_response__descriptor, list_tlvs, BS, 1);

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_tlv_submit,
    &svc_tlv_record_advies,
    &svc_tlv_decide,
    &svc_tlv_record_bezwaar,
    &svc_tlv_decide_bezwaar,
    &svc_tlv_herbeoordeel,
    &svc_tlv_get,
    &svc_tlv_list,
    NULL,
};
static const pg_stmt *const stmts[] = {
    &svc_tlv_stmt_submit,
    &svc_tlv_stmt_advies,
    &svc_tlv_stmt_decide,
    &svc_tlv_stmt_bezwaar,
    &svc_tlv_stmt_bezwaar_besluit,
    &svc_tlv_stmt_herbeoordeel,
    &svc_tlv_stmt_audit_one,
    &svc_tlv_stmt_get,
    &svc_tlv_stmt_events,
    &svc_tlv_stmt_list,
    NULL,
};
const service svc_area_tlv = {"passend.v1.Bestuur", methods, stmts};
