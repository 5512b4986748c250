/* arrangement: passend.v1.Werkgebied's arrangements (D33), a resource of the
 * kit (resource.h): the request and one method per step of the workflow,
 * each calling the state rule (sql/functions/werkgebied_arrangement.sql) in
 * .q and answering with the arrangement in .then. A groep arrangement names
 * its pupils, possibly of several schools. Pupil-level (audited with the
 * arrangement and pupil ids). Statements: server/sql/arrangement.sql. */
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_arrangement.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE   "passend.v1.Werkgebied"
#define WRITERS   (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED)
#define READERS   (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)
#define MAX_TEXT  4000
#define MAX_GROUP 200 /* pupils of one groep arrangement */

/* A decimal number of hours a week: "" (0), or 0-40 with at most 2
 * decimals ("2", "2.5", "12.25"). Returns 1 when it is. */
static int uren_ok(const char *s)
{
	int hundredths = 0, whole = 0, decimals = -1;
	for (const char *p = s; *p; p++) {
		if (*p == '.' && decimals < 0 && whole > 0) {
			decimals = 0;
		} else if (*p >= '0' && *p <= '9') {
			if (decimals >= 0 ? ++decimals > 2 : ++whole > 2) return 0;
			hundredths = hundredths * 10 + (*p - '0');
		} else {
			return 0;
		}
	}
	if (decimals == 0) return 0;
	for (int d = decimals < 0 ? 0 : decimals; d < 2; d++)
		hundredths *= 10;
	return hundredths <= 4000;
}

static int check_request(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Arrangement *a =
	    ((const Passend__V1__RequestArrangementRequest *)msg)->arrangement;
	if (!svc_is_code(a->arrangement_type))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "arrangement.arrangement_type is required: a code of the arrangement_type list "
		    "(1-40 lower-case letters, digits or _)");
	if (a->ondersteuningscategorie[0] && !svc_is_code(a->ondersteuningscategorie))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "arrangement.ondersteuningscategorie must be a code of the ondersteuningscategorie list "
		    "(1-40 lower-case letters, digits or _)");
	if (res_check_uuid(c, "arrangement.leerling_id", 1) != 0 ||
	    res_check_uuid(c, "arrangement.werkgebied_id", 1) != 0)
		return -1;
	if (a->n_leerling_ids > MAX_GROUP)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "arrangement.leerling_ids: at most %d pupils", MAX_GROUP);
	for (size_t i = 0; i < a->n_leerling_ids; i++)
		if (!svc_is_uuid(a->leerling_ids[i]))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "arrangement.leerling_ids[%zu] is not a UUID", i);
	if (!uren_ok(a->uren_per_week))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "arrangement.uren_per_week must be a decimal number from 0 to 40 with at "
		                "most 2 decimals");
	if (a->bedrag_cents < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "arrangement.bedrag_cents must be 0 or more");
	if (a->bedrag_cents > 100000000000LL)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "arrangement.bedrag_cents is at most 100000000000");
	long start = res_date(a->startdatum), end = res_date(a->einddatum);
	if (start < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "arrangement.startdatum is not a valid date");
	if (end < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "arrangement.einddatum is not a valid date");
	if (start == 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "arrangement.startdatum is required");
	if (end == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "arrangement.einddatum is required");
	if (end < start)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "arrangement.einddatum must be on or after startdatum");
	if (strlen(a->omschrijving) > MAX_TEXT)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "arrangement.omschrijving is at most 4000 characters");
	return 0;
}

static int check_step(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ArrangementStepRequest *r = (const Passend__V1__ArrangementStepRequest *)msg;
	if (res_date(r->datum) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a valid date");
	if (strlen(r->toelichting) > MAX_TEXT)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "toelichting is at most 4000 characters");
	return 0;
}

static int check_extend(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ExtendArrangementRequest *r = (const Passend__V1__ExtendArrangementRequest *)msg;
	if (!r->reflectie[0] || strlen(r->reflectie) > MAX_TEXT)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "reflectie is required for a verlenging (at most 4000 characters)");
	if (res_date(r->einddatum) <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "einddatum is required");
	if (res_date(r->startdatum) > 0 && res_date(r->einddatum) < res_date(r->startdatum))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "einddatum must be on or after startdatum");
	if (!uren_ok(r->uren_per_week))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "uren_per_week must be a decimal number from 0 to 40 with at most 2 decimals");
	if (r->bedrag_cents < 0 || r->bedrag_cents > 100000000000LL)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "bedrag_cents must be from 0 to 100000000000");
	return 0;
}

static int check_list(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ListArrangementenRequest *r = (const Passend__V1__ListArrangementenRequest *)msg;
	if (r->status < 0 || r->status > PASSEND__V1__ARRANGEMENT_STATUS__ARRANGEMENT_INGETROKKEN)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "status is not an ArrangementStatus");
	return 0;
}

/* The list triggers and the table's rules in the request's words. */
RES_METHOD(request, SERVICE, "RequestArrangement", passend__v1__request_arrangement_request,
           passend__v1__arrangement, WRITERS, RES_PUPIL_LEVEL, .q = &sql_arrangement_request,
           .then = &sql_arrangement_current, .required = "arrangement", .check = check_request,
           .db_errors = RES_DB_ERRORS(RES_LIJST("lijst_waarde: ondersteuningscategorie",
                                                "arrangement.ondersteuningscategorie",
                                                "ondersteuningscategorie"),
                                      RES_LIJST("lijst_waarde: arrangement_type",
                                                "arrangement.arrangement_type", "arrangement_type")),
           .not_found = "werkgebied not found");

#define STEP(sym, name, sql)                                                                                 \
	RES_METHOD(sym, SERVICE, name, passend__v1__arrangement_step_request, passend__v1__arrangement,      \
	           WRITERS, RES_PUPIL_LEVEL, .q = &sql, .then = &sql_arrangement_current, .id = "id",        \
	           .check = check_step, .not_found = "arrangement not found")
STEP(grant, "GrantArrangement", sql_arrangement_grant);
STEP(reject, "RejectArrangement", sql_arrangement_reject);
STEP(withdraw, "WithdrawArrangement", sql_arrangement_withdraw);
STEP(start, "StartArrangement", sql_arrangement_start);
STEP(evaluate, "EvaluateArrangement", sql_arrangement_evaluate);
STEP(end, "EndArrangement", sql_arrangement_end);

RES_METHOD(extend, SERVICE, "ExtendArrangement", passend__v1__extend_arrangement_request,
           passend__v1__arrangement, WRITERS, RES_PUPIL_LEVEL, .q = &sql_arrangement_extend,
           .then = &sql_arrangement_current, .id = "id", .check = check_extend,
           .db_errors = RES_DB_ERRORS(RES_UNIQUE("arrangementen_one_verlenging",
                                                 "the arrangement is already extended")),
           .not_found = "arrangement not found");
RES_METHOD(get, SERVICE, "GetArrangement", passend__v1__get_arrangement_request, passend__v1__arrangement,
           READERS, RES_IDEMPOTENT | RES_PUPIL_LEVEL, .q = &sql_arrangement_get, .id = "id",
           .not_found = "arrangement not found");
RES_METHOD(list, SERVICE, "ListArrangementen", passend__v1__list_arrangementen_request,
           passend__v1__list_arrangementen_response, READERS, RES_IDEMPOTENT | RES_PUPIL_LEVEL,
           .kind = RES_LIST, .q = &sql_arrangement_list, .check = check_list,
           .ids = RES_NAMES("werkgebied_id", "leerling_id"));

static const rpc_method *const methods[] = {&request.rpc, &grant.rpc,    &reject.rpc, &withdraw.rpc,
                                            &start.rpc,   &evaluate.rpc, &extend.rpc, &end.rpc,
                                            &get.rpc,     &list.rpc,     NULL};

/* ---- CSV import of historical arrangements (docs/import.md
 * "arrangementen"; finish in sql/functions/werkgebied_import_arrangementen.sql) ---- */

static int import_check(const char **v, imp_row_err *e)
{
	int n = leerling_import_check(v, e);
	if (import_date_before(v[13], v[12])) e[n++] = (imp_row_err){"einddatum", "is before startdatum"};
	if (v[16] && !v[17]) e[n++] = (imp_row_err){"reflectie", "is required for a verlenging"};
	if (v[17] && !v[16]) e[n++] = (imp_row_err){"reflectie", "is only for a verlenging (verlenging_van)"};
	if (v[16] && v[6] && !strcmp(v[16], v[6]))
		e[n++] = (imp_row_err){"verlenging_van", "is the arrangement itself"};
	if (import_date_before(v[12], v[19]))
		e[n++] = (imp_row_err){"toestemming_datum", "is after startdatum"};
	return n;
}

const import_kind import_kind_arrangementen = {
    "arrangementen",
    PASSEND__V1__IMPORT_KIND__IMPORT_ARRANGEMENTEN,
    RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED,
    "werkgebied.import_arrangementen",
    import_check,
    "source_system:long external_id:long brin:brin vestiging:vest geboortejaar:year geslacht:geslacht "
    "nummer* type*:code werkgebied ondersteuningscategorie:code uren_per_week:hours=0.00 "
    "bedrag:euros=0 startdatum*:date einddatum*:date versterkt_leerkracht:bool=f "
    "status:enum(" ARRANGEMENT_STATES ")=beeindigd "
    "verlenging_van reflectie omschrijving= toestemming_datum:date gezag:enum(" GEZAG ")=beide_ouders"};

const service svc_area_arrangement = {SERVICE, methods, sql_arrangement_stmts};
