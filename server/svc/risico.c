/* risico: passend.v1.Toezicht's risk register, a resource of the kit
 * (resource.h): a risk with kans and impact 1-5 (score = kans × impact),
 * measures, owner and status (D45). Statements: server/sql/risico.sql.
 * Roles toezicht and bestuur. */
#include "grpc_status.h"
#include "passend/v1/toezicht.pb-c.h"
#include "resource.h"
#include "sql_risico.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Toezicht"
#define ROLES   (RPC_ROLE_TOEZICHT | RPC_ROLE_BESTUUR)

static const char *const updatable[] = {"titel",       "omschrijving", "categorie", "kans",       "impact",
                                        "maatregelen", "eigenaar",     "status",    "herzien_op", NULL};

/* The rules on the fields of r this call sets (all on create). */
static int check_risico(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Risico *r = (const void *)msg;
	if (res_touches(c, "titel") && !svc_text_ok(r->titel, 1, 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "risico.titel is required (at most 200 characters)");
	if (res_touches(c, "omschrijving") && !svc_text_ok(r->omschrijving, 0, 4000))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "risico.omschrijving: at most 4000 characters");
	if (res_touches(c, "categorie") && !svc_text_ok(r->categorie, 0, 100))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "risico.categorie: at most 100 characters");
	if (res_touches(c, "kans") && (r->kans < 1 || r->kans > 5))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "risico.kans must be 1..5");
	if (res_touches(c, "impact") && (r->impact < 1 || r->impact > 5))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "risico.impact must be 1..5");
	if (res_touches(c, "maatregelen") && !svc_text_ok(r->maatregelen, 0, 4000))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "risico.maatregelen: at most 4000 characters");
	if (res_touches(c, "eigenaar") && !svc_text_ok(r->eigenaar, 0, 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "risico.eigenaar: at most 200 characters");
	if (res_touches(c, "status") && (r->status[0] || !res_touches(c, "vastgesteld_op")) &&
	    !svc_is_one_of(r->status, "open|beheerst|gesloten"))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "risico.status must be open, beheerst or gesloten");
	if (res_touches(c, "vastgesteld_op") && res_date(r->vastgesteld_op) <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "risico.vastgesteld_op is required and must be a calendar date");
	if (res_touches(c, "herzien_op") && res_date(r->herzien_op) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "risico.herzien_op must be a calendar date (or unset)");
	return 0;
}

static int check_list(res_ctx *c, const ProtobufCMessage *req)
{
	const char *s = ((const Passend__V1__ListRisicosRequest *)req)->status;
	if (s[0] && !svc_is_one_of(s, "open|beheerst|gesloten"))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "status must be open, beheerst, gesloten or empty");
	return 0;
}

#define RISICO_ERRORS                                                                                        \
	RES_DB_ERRORS(RES_UNIQUE("risicos_titel", "risico.titel is already used by another risk"),           \
	              RES_CHECK("risicos_herzien", "risico.herzien_op must not be before vastgesteld_op"))

RES_METHOD(create, SERVICE, "CreateRisico", passend__v1__create_risico_request, passend__v1__risico, ROLES, 0,
           .q = &sql_risico_insert, .required = "risico", .check_obj = check_risico,
           .db_errors = RISICO_ERRORS);
RES_METHOD(list, SERVICE, "ListRisicos", passend__v1__list_risicos_request,
           passend__v1__list_risicos_response, ROLES, RES_IDEMPOTENT, .kind = RES_LIST, .q = &sql_risico_list,
           .key = "_key", .check = check_list);
RES_METHOD(update, SERVICE, "UpdateRisico", passend__v1__update_risico_request, passend__v1__risico, ROLES, 0,
           .q = &sql_risico_update, .required = "risico", .id = "risico.id", .updatable = updatable,
           .check_obj = check_risico, .not_found = "risico not found", .db_errors = RISICO_ERRORS);

static const rpc_method *const methods[] = {&create.rpc, &list.rpc, &update.rpc, NULL};
const service svc_area_risico = {SERVICE, methods, sql_risico_stmts};
