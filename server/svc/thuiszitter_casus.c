/* thuiszitter_casus: passend.v1.Werkgebied's thuiszitter cases (D39), a
 * resource of the kit (resource.h): a case of a pupil the caller sees, its
 * scenarios and interim leerarrangement (update with a mask), and one
 * method per step of its state rule (sql/functions/werkgebied_thuiszitter.sql)
 * answering with the case in .then. Pupil-level (audited with the case and
 * pupil ids); and the import kind thuiszitter_casussen. Statements:
 * server/sql/thuiszitter_casus.sql. */
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_thuiszitter_casus.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE     "passend.v1.Werkgebied"
#define WRITERS     (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED)
#define READERS     (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)
#define MAX_INTERIM 2000
#define MAX_SCEN    20

static const char *const updatable[] = {"scenarios", "interim_leerarrangement", NULL};

/* The scenarios: codes, each once, at most MAX_SCEN; the interim text's length. */
static int check_fields(res_ctx *c, const Passend__V1__ThuiszitterCasus *k)
{
	if (res_touches(c, "scenarios")) {
		if (k->n_scenarios > MAX_SCEN)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "casus.scenarios names at most 20 scenarios");
		for (size_t i = 0; i < k->n_scenarios; i++) {
			if (!svc_is_code(k->scenarios[i]))
				return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
				                "casus.scenarios: \"%.40s\" is not a code of the "
				                "thuiszitter_scenario list",
				                k->scenarios[i]);
			for (size_t j = 0; j < i; j++)
				if (!strcmp(k->scenarios[i], k->scenarios[j]))
					return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
					                "casus.scenarios names a scenario twice");
		}
	}
	if (res_touches(c, "interim_leerarrangement") && strlen(k->interim_leerarrangement) > MAX_INTERIM)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "casus.interim_leerarrangement is at most 2000 characters");
	return 0;
}

static int check_create(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ThuiszitterCasus *k =
	    ((const Passend__V1__CreateThuiszitterCasusRequest *)msg)->casus;
	if (res_check_uuid(c, "casus.leerling_id", 0) != 0) return -1;
	long start = res_date(k->startdatum), sinds = res_date(k->thuiszittend_sinds);
	if (start == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "casus.startdatum is required");
	if (start < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "casus.startdatum is not a valid date");
	if (sinds < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "casus.thuiszittend_sinds is not a valid date");
	if (sinds > 0 && sinds < start)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "casus.thuiszittend_sinds must be on or after startdatum");
	if (k->status != 0 || k->uitkomst != 0 || k->einddatum)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "casus.status, casus.uitkomst and casus.einddatum are set by the steps "
		                "(MarkThuiszittend, CloseThuiszitterCasus), not on create");
	return check_fields(c, k);
}

static int check_update(res_ctx *c, const ProtobufCMessage *msg)
{
	return check_fields(c, ((const Passend__V1__UpdateThuiszitterCasusRequest *)msg)->casus);
}

static int check_mark(res_ctx *c, const ProtobufCMessage *msg)
{
	long d = res_date(((const Passend__V1__MarkThuiszittendRequest *)msg)->datum);
	if (d == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is required");
	if (d < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a valid date");
	return 0;
}

static int check_close(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__CloseThuiszitterCasusRequest *r = (const void *)msg;
	long d = res_date(r->einddatum);
	if (d == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "einddatum is required");
	if (d < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "einddatum is not a valid date");
	if (r->uitkomst < PASSEND__V1__THUISZITTER_UITKOMST__THUISZITTER_UITKOMST_GEPLAATST ||
	    r->uitkomst > PASSEND__V1__THUISZITTER_UITKOMST__THUISZITTER_UITKOMST_OVERIG)
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "uitkomst is required: geplaatst, vrijstelling, verhuisd, achttien or overig");
	return 0;
}

static int check_list(res_ctx *c, const ProtobufCMessage *msg)
{
	(void)msg;
	if (res_check_uuid(c, "leerling_id", 1) != 0) return -1;
	return res_check_uuid(c, "werkgebied_id", 1);
}

/* The list trigger's refusal of a scenario (create, update), in the
 * request's words. */
#define SCENARIO_ERROR                                                                                       \
	RES_CHECK("lijst_waarde:",                                                                           \
	          "casus.scenarios names a code that is not an active thuiszitter_scenario of "              \
	          "this tenant (ListLijstWaarden)")
RES_METHOD(create, SERVICE, "CreateThuiszitterCasus", passend__v1__create_thuiszitter_casus_request,
           passend__v1__thuiszitter_casus, WRITERS, RES_PUPIL_LEVEL, .q = &sql_thuiszitter_casus_insert,
           .required = "casus", .check = check_create,
           .db_errors =
               RES_DB_ERRORS(SCENARIO_ERROR,
                             RES_UNIQUE("thuiszitter_casussen_key",
                                        "the leerling already has a thuiszitter casus with this startdatum")),
           .not_found = "leerling not found");
RES_METHOD(get, SERVICE, "GetThuiszitterCasus", passend__v1__get_thuiszitter_casus_request,
           passend__v1__thuiszitter_casus, READERS, RES_IDEMPOTENT | RES_PUPIL_LEVEL,
           .q = &sql_thuiszitter_casus_get, .id = "id", .not_found = "thuiszitter casus not found");
RES_METHOD(list, SERVICE, "ListThuiszitterCasussen", passend__v1__list_thuiszitter_casussen_request,
           passend__v1__list_thuiszitter_casussen_response, READERS, RES_IDEMPOTENT | RES_PUPIL_LEVEL,
           .kind = RES_LIST, .q = &sql_thuiszitter_casus_list, .check = check_list);
RES_METHOD(update, SERVICE, "UpdateThuiszitterCasus", passend__v1__update_thuiszitter_casus_request,
           passend__v1__thuiszitter_casus, WRITERS, RES_PUPIL_LEVEL, .q = &sql_thuiszitter_casus_update,
           .required = "casus", .id = "casus.id", .updatable = updatable, .check = check_update,
           .db_errors = RES_DB_ERRORS(SCENARIO_ERROR), .not_found = "thuiszitter casus not found");
RES_METHOD(mark, SERVICE, "MarkThuiszittend", passend__v1__mark_thuiszittend_request,
           passend__v1__thuiszitter_casus, WRITERS, RES_PUPIL_LEVEL, .q = &sql_thuiszitter_casus_mark,
           .then = &sql_thuiszitter_casus_current, .id = "id", .check = check_mark,
           .db_errors = RES_DB_ERRORS(RES_RAISED("datum must be on or after the case's startdatum")),
           .not_found = "thuiszitter casus not found");
RES_METHOD(
    close_, SERVICE, "CloseThuiszitterCasus", passend__v1__close_thuiszitter_casus_request,
    passend__v1__thuiszitter_casus, WRITERS, RES_PUPIL_LEVEL, .q = &sql_thuiszitter_casus_close,
    .then = &sql_thuiszitter_casus_current, .id = "id", .check = check_close,
    .db_errors = RES_DB_ERRORS(RES_RAISED("einddatum must be on or after the case's startdatum"),
                               RES_RAISED("einddatum must be on or after the case's thuiszittend_sinds")),
    .not_found = "thuiszitter casus not found");

static const rpc_method *const methods[] = {&create.rpc, &get.rpc,    &list.rpc, &update.rpc,
                                            &mark.rpc,   &close_.rpc, NULL};
/* ---- CSV import of cases (docs/import.md "thuiszitter_casussen"; finish in
 * sql/functions/werkgebied_import_thuiszitters.sql) ---- */

/* The dates of a row in order, and einddatum and uitkomst together. */
static int import_check(const char **v, imp_row_err *e)
{
	int n = leerling_import_check(v, e);
	if (import_date_before(v[7], v[6]))
		e[n++] = (imp_row_err){"thuiszittend_sinds", "is before startdatum"};
	if (import_date_before(v[10], v[6])) e[n++] = (imp_row_err){"einddatum", "is before startdatum"};
	if (import_date_before(v[10], v[7]))
		e[n++] = (imp_row_err){"einddatum", "is before thuiszittend_sinds"};
	if (v[10] && !v[11]) e[n++] = (imp_row_err){"uitkomst", "is required with einddatum"};
	if (v[11] && !v[10]) e[n++] = (imp_row_err){"einddatum", "is required with uitkomst"};
	return n;
}

const import_kind import_kind_thuiszitter_casussen = {
    "thuiszitter_casussen",
    PASSEND__V1__IMPORT_KIND__IMPORT_THUISZITTER_CASUSSEN,
    RPC_ROLE_BESTUUR,
    "werkgebied.import_thuiszitter_casussen",
    import_check,
    LEERLING_IMPORT_COLUMNS "startdatum*:date thuiszittend_sinds:date scenarios:list interim_leerarrangement "
                            "einddatum:date uitkomst:enum(geplaatst|vrijstelling|verhuisd|achttien|overig)"};

const service svc_area_thuiszitter_casus = {SERVICE, methods, sql_thuiszitter_casus_stmts};
