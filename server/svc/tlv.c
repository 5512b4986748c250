/* tlv: the TLV workflow of passend.v1.Bestuur (DOMAIN.md §5.2) as methods of
 * the resource kit (resource.h). This file holds the rules on the request's
 * fields; state transitions, the tenant's rules and the events are one SQL
 * function call per step (server/sql/tlv.sql), which names the TLV and its
 * pupil for the audit row, and each step answers with the TLV it changed
 * (the kit's .then: sql_tlv_current in the same transaction). */
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "resource.h"
#include "sql_tlv.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Bestuur"
#define B       RPC_ROLE_BESTUUR
#define BS      (RPC_ROLE_BESTUUR | RPC_ROLE_SCHOOL)

/* The parameters of a decision (DecideTlvRequest 4-9) in each statement. */
#define DECISION_PARAMS(p)                                                                                   \
	{                                                                                                    \
		p "tlv_nummer", p "soort", p "so_categorie", p "startdatum", p "einddatum",                  \
		    p "ontvangende_school_id", NULL                                                          \
	}
static const char *const decide_params[] = DECISION_PARAMS("");
static const char *const herzien_params[] = DECISION_PARAMS("herzien_besluit.");
static const char *const nieuw_params[] = DECISION_PARAMS("nieuw_besluit.");

/* Check a decision d whose fields are named prefix + field (prefix e.g.
 * "herzien_besluit.") and bound as the parameters `names`. A decision that
 * is not taken (d NULL, afgewezen) has its fields ignored: they are given
 * empty. Returns 0 or -1 (call finished). */
static int check_decision(res_ctx *c, const Passend__V1__DecideTlvRequest *d, const char *prefix,
                          const char *const *names)
{
	if (!d || !d->afgegeven) {
		for (; *names; names++)
			if (res_set(c, *names, "") != 0) return -1;
		return 0;
	}
	if (!d->tlv_nummer[0] || strlen(d->tlv_nummer) > 50 || svc_has_control(d->tlv_nummer))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "%stlv_nummer is required when afgegeven (1-50 characters)", prefix);
	if (d->soort != PASSEND__V1__SCHOOL_SOORT__SBO && d->soort != PASSEND__V1__SCHOOL_SOORT__SO)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%ssoort must be SBO or SO when afgegeven",
		                prefix);
	if (d->soort == PASSEND__V1__SCHOOL_SOORT__SO && (d->so_categorie < 1 || d->so_categorie > 3))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%sso_categorie must be 1, 2 or 3 for SO",
		                prefix);
	if (d->soort == PASSEND__V1__SCHOOL_SOORT__SBO && d->so_categorie != 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%sso_categorie must be 0 for SBO", prefix);
	long start = res_date(d->startdatum), eind = res_date(d->einddatum);
	if (start <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%sstartdatum is required (a real date)",
		                prefix);
	if (eind <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%seinddatum is required (a real date)",
		                prefix);
	if (eind <= start)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%seinddatum must be after startdatum",
		                prefix);
	if (d->ontvangende_school_id[0] && !svc_is_uuid(d->ontvangende_school_id))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%sontvangende_school_id is not a UUID",
		                prefix);
	return 0;
}

/* ---- the steps ------------------------------------------------------------------ */

static int check_submit(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__SubmitTlvAanvraagRequest *req = (const void *)msg;
	if (!req->herkomst[0] || strlen(req->herkomst) > 50)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "herkomst is required (a herkomst type code)");
	if (req->gevraagde_soort != PASSEND__V1__SCHOOL_SOORT__SBO &&
	    req->gevraagde_soort != PASSEND__V1__SCHOOL_SOORT__SO)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "gevraagde_soort must be SBO or SO");
	long datum = res_date(req->aanvraagdatum), toestemming = res_date(req->toestemming_datum);
	if (datum < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "aanvraagdatum is not a real date");
	if (toestemming < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "toestemming_datum is not a real date");
	if (datum && toestemming > datum)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "toestemming_datum is after the aanvraagdatum");
	if (strlen(req->request_id) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "request_id is longer than 200 characters");
	if (!req->ouders_toestemming)
		return res_fail(
		    c, GRPC_STATUS_FAILED_PRECONDITION,
		    "no parental consent: record ouders_toestemming before submitting the aanvraag");
	if (!req->groeidocument || !req->opp || !req->verslag_mdo)
		return res_fail(c, GRPC_STATUS_FAILED_PRECONDITION, "dossier incomplete, missing:%s%s%s",
		                req->groeidocument ? "" : " groeidocument", req->opp ? "" : " opp",
		                req->verslag_mdo ? "" : " verslag_mdo");
	return 0;
}

static int check_advies(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__RecordAdviesRequest *req = (const void *)msg;
	if (req->n_experts < 2 || req->n_experts > 20)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "experts: at least two experts with their discipline (at most 20)");
	for (size_t i = 0; i < req->n_experts; i++) {
		const Passend__V1__Expert *e = req->experts[i];
		if (!e->name[0] || strlen(e->name) > 200 || svc_has_control(e->name) || !e->discipline[0] ||
		    strlen(e->discipline) > 100 || svc_has_control(e->discipline))
			return res_fail(
			    c, GRPC_STATUS_INVALID_ARGUMENT,
			    "experts[%zu]: name (1-200) and discipline (1-100) are required, without "
			    "control characters",
			    i);
	}
	if (strlen(req->advies) > 4000)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "advies is longer than 4000 characters");
	return 0;
}

static int check_decide(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__DecideTlvRequest *req = (const void *)msg;
	if (res_date(req->besluitdatum) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "besluitdatum is not a real date");
	return check_decision(c, req, "", decide_params);
}

static int check_bezwaar(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__RecordBezwaarRequest *req = (const void *)msg;
	if (res_date(req->datum) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a real date");
	if (strlen(req->reden) > 4000)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "reden is longer than 4000 characters");
	return 0;
}

static int check_bezwaar_besluit(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__DecideBezwaarRequest *req = (const void *)msg;
	if (res_date(req->datum) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a real date");
	if (!req->gehandhaafd && !req->herzien_besluit)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "herzien_besluit is required when not gehandhaafd");
	return check_decision(c, req->gehandhaafd ? NULL : req->herzien_besluit, "herzien_besluit.",
	                      herzien_params);
}

static int check_herbeoordeel(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__HerbeoordeelRequest *req = (const void *)msg;
	int verlengd = strcmp(req->uitkomst, "verlengd") == 0;
	if (!verlengd && strcmp(req->uitkomst, "terugplaatsing") && strcmp(req->uitkomst, "beeindigd"))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "uitkomst must be verlengd, terugplaatsing or beeindigd");
	if (res_date(req->datum) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a real date");
	if (verlengd && (!req->nieuw_besluit || !req->nieuw_besluit->afgegeven))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "nieuw_besluit is required for verlengd (afgegeven, with the follow-up TLV's "
		                "fields)");
	return check_decision(c, verlengd ? req->nieuw_besluit : NULL, "nieuw_besluit.", nieuw_params);
}

/* ---- reading ------------------------------------------------------------------------ */

static int check_list(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ListTlvsRequest *req = (const void *)msg;
	if (req->schooljaar[0] && !svc_is_schooljaar(req->schooljaar))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "schooljaar " SVC_SCHOOLJAAR_RULE);
	if (req->state < 0 || req->state > 7)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "state is not a TlvState");
	return 0;
}

/* Every TLV method is pupil-level: audited, naming the TLVs and pupils. */
#define STEP(sym, name, req, check_, roles_, ...)                                                            \
	RES_METHOD(sym, SERVICE, name, req, passend__v1__tlv, roles_, RES_PUPIL_LEVEL, .check = check_,      \
	           .then = &sql_tlv_current, .not_found = "tlv not found", __VA_ARGS__)

STEP(submit, "SubmitTlvAanvraag", passend__v1__submit_tlv_aanvraag_request, check_submit, BS,
     .q = &sql_tlv_submit, .id = "leerling_id");
STEP(advies, "RecordAdvies", passend__v1__record_advies_request, check_advies, B, .q = &sql_tlv_advies,
     .id = "tlv_id");
STEP(decide, "DecideTlv", passend__v1__decide_tlv_request, check_decide, B, .q = &sql_tlv_decide,
     .id = "tlv_id", .sets = decide_params);
STEP(bezwaar, "RecordBezwaar", passend__v1__record_bezwaar_request, check_bezwaar, B, .q = &sql_tlv_bezwaar,
     .id = "tlv_id");
STEP(bezwaar_besluit, "DecideBezwaar", passend__v1__decide_bezwaar_request, check_bezwaar_besluit, B,
     .q = &sql_tlv_bezwaar_besluit, .id = "tlv_id", .sets = herzien_params);
STEP(herbeoordeel, "Herbeoordeel", passend__v1__herbeoordeel_request, check_herbeoordeel, B,
     .q = &sql_tlv_herbeoordeel, .id = "tlv_id", .sets = nieuw_params);
RES_METHOD(get, SERVICE, "GetTlv", passend__v1__get_by_id_request, passend__v1__tlv, BS,
           RES_IDEMPOTENT | RES_PUPIL_LEVEL, .q = &sql_tlv_get, .id = "id", .not_found = "tlv not found");
RES_METHOD(list, SERVICE, "ListTlvs", passend__v1__list_tlvs_request, passend__v1__list_tlvs_response, BS,
           RES_IDEMPOTENT | RES_PUPIL_LEVEL, .kind = RES_LIST, .q = &sql_tlv_list, .check = check_list,
           .ids = RES_NAMES("leerling_id"));

static const rpc_method *const methods[] = {
    &submit.rpc,       &advies.rpc, &decide.rpc, &bezwaar.rpc, &bezwaar_besluit.rpc,
    &herbeoordeel.rpc, &get.rpc,    &list.rpc,   NULL,
};

/* ---- CSV import of historical TLVs (docs/import.md "tlvs"; finish in
 * sql/functions/bestuur_import.sql) ---- */

static int import_check(const char **v, imp_row_err *e)
{
	int n = 0;
	int afg = !strcmp(v[12], "afgegeven");
	if (import_date_before(v[11], v[9]))
		e[n++] = (imp_row_err){"besluitdatum", "is before aanvraagdatum"};
	if (import_date_before(v[10], v[9])) e[n++] = (imp_row_err){"deadline", "is before aanvraagdatum"};
	if (afg && !v[14]) e[n++] = (imp_row_err){"soort", "is required for an afgegeven TLV"};
	if (afg && !v[13]) e[n++] = (imp_row_err){"tlv_nummer", "is required for an afgegeven TLV"};
	if (afg && !v[16]) e[n++] = (imp_row_err){"startdatum", "is required for an afgegeven TLV"};
	if (afg && !v[17]) e[n++] = (imp_row_err){"einddatum", "is required for an afgegeven TLV"};
	if (v[16] && v[17] && strcmp(v[17], v[16]) <= 0)
		e[n++] = (imp_row_err){"einddatum", "is not after startdatum"};
	if (!v[6] && !v[14]) e[n++] = (imp_row_err){"gevraagde_soort", "is required when soort is empty"};
	if (v[15] && !(v[14] && !strcmp(v[14], "3")))
		e[n++] = (imp_row_err){"so_categorie", "is only for soort so"};
	if (afg && v[14] && !strcmp(v[14], "3") && !v[15])
		e[n++] = (imp_row_err){"so_categorie", "is required for soort so"};
	if (v[7] && !v[8]) v[8] = "00";
	if (v[18] && !v[19]) v[19] = "00";
	if (v[8] && !v[7])
		e[n++] = (imp_row_err){"aanvragende_brin", "is required with aanvragende_vestiging"};
	if (v[19] && !v[18])
		e[n++] = (imp_row_err){"ontvangende_brin", "is required with ontvangende_vestiging"};
	if (v[18] && v[20])
		e[n++] = (imp_row_err){"bestemming_naam",
		                       "is for destinations without a school (leave ontvangende_brin empty)"};
	if (!v[6] && v[14]) v[6] = v[14];
	return n;
}

const import_kind import_kind_tlvs = {
    "tlvs",
    PASSEND__V1__IMPORT_KIND__IMPORT_TLVS,
    RPC_ROLE_BESTUUR,
    "bestuur.import_tlvs",
    import_check,
    "source_system*:long external_id*:long geboortejaar:year geslacht:geslacht herkomst* "
    "aanvraag_soort:enum(nieuw|herbeoordeling)=nieuw gevraagde_soort:soort2 aanvragende_brin:brin "
    "aanvragende_vestiging:vest aanvraagdatum*:date deadline:date besluitdatum*:date "
    "besluit:enum(afgegeven|afgewezen)=afgegeven tlv_nummer soort:soort2 so_categorie:cat startdatum:date "
    "einddatum:date ontvangende_brin:brin ontvangende_vestiging:vest bestemming_naam"};
const service svc_area_tlv = {SERVICE, methods, sql_tlv_stmts};
