/* budget: passend.v1.Werkgebied's werkgebied budgets (D40), resources of the
 * kit (resource.h): the budget of a school year and its split, raises and
 * frictiepot draws (mutaties), spending (uitgaven). The field rules are
 * here; the split, the frictiepot's limit and the school year's dates are
 * the functions of sql/functions/werkgebied_budget.sql, called by the
 * statements of server/sql/budget.sql. bestuur writes; a consulent reads
 * her werkgebieden's (row level security). */
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_budget.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE   "passend.v1.Werkgebied"
#define READERS   (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED)
#define MAX_TEXT  4000
#define MAX_CENTS 1000000000000LL /* 10 000 000 000,00 euro */

static const char *const updatable[] = {"totaal_cents",   "frictiepot_cents", "teldatum",
                                        "school_soorten", "toelichting",      NULL};

/* The rules on the fields of b this call sets (all on create). */
static int check_budget(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__WerkgebiedBudget *b = (const void *)msg;
	int create = res_creates(c);
	if (create && !svc_is_schooljaar(b->schooljaar))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "budget.schooljaar " SVC_SCHOOLJAAR_RULE);
	if (res_touches(c, "totaal_cents") && (b->totaal_cents < 0 || b->totaal_cents > MAX_CENTS))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "budget.totaal_cents must be from 0 to 1000000000000");
	if (res_touches(c, "frictiepot_cents") &&
	    (b->frictiepot_cents < 0 ||
	     (res_touches(c, "totaal_cents") && b->frictiepot_cents > b->totaal_cents)))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "budget.frictiepot_cents must be from 0 to budget.totaal_cents");
	if (res_touches(c, "teldatum")) {
		long d = res_date(b->teldatum);
		if (d < 0)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "budget.teldatum is not a valid date");
		if (d == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "budget.teldatum is required");
	}
	if (res_touches(c, "school_soorten")) {
		if (!create && b->n_school_soorten == 0)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "budget.school_soorten needs at least one of BAO, SBO, SO");
		for (size_t i = 0; i < b->n_school_soorten; i++)
			if (b->school_soorten[i] < PASSEND__V1__SCHOOL_SOORT__BAO ||
			    b->school_soorten[i] > PASSEND__V1__SCHOOL_SOORT__SO)
				return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
				                "budget.school_soorten[%zu] must be BAO, SBO or SO", i);
	}
	if (res_touches(c, "toelichting") && strlen(b->toelichting) > MAX_TEXT)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "budget.toelichting is at most 4000 characters");
	return 0;
}

static int check_mutatie(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__BudgetMutatie *m = (const Passend__V1__BudgetMutatie *)req;
	if (!svc_is_schooljaar(m->schooljaar))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "schooljaar " SVC_SCHOOLJAAR_RULE);
	long d = res_date(m->datum);
	if (d < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a valid date");
	if (d == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is required");
	if (m->bedrag_cents < 1 || m->bedrag_cents > MAX_CENTS)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "bedrag_cents must be from 1 to 1000000000000");
	if (!m->toelichting[0] || strlen(m->toelichting) > MAX_TEXT)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "toelichting is required (at most 4000 characters)");
	return 0;
}

static int check_mutaties(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__ListBudgetMutatiesRequest *r = (const Passend__V1__ListBudgetMutatiesRequest *)req;
	if (!svc_is_schooljaar(r->schooljaar))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "schooljaar " SVC_SCHOOLJAAR_RULE);
	return res_check_uuid(c, "werkgebied_id", 1);
}

static int check_uitgave(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__BudgetUitgave *u = ((const Passend__V1__RecordBudgetUitgaveRequest *)req)->uitgave;
	long d = res_date(u->datum);
	if (d < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "uitgave.datum is not a valid date");
	if (d == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "uitgave.datum is required");
	if (u->bedrag_cents == 0 || u->bedrag_cents < -MAX_CENTS || u->bedrag_cents > MAX_CENTS)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "uitgave.bedrag_cents must not be 0 and from -1000000000000 to 1000000000000 "
		                "(a correction is negative)");
	if (!u->omschrijving[0] || strlen(u->omschrijving) > MAX_TEXT)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "uitgave.omschrijving is required (at most 4000 characters)");
	return 0;
}

static int check_uitgaven(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__ListBudgetUitgavenRequest *r = (const Passend__V1__ListBudgetUitgavenRequest *)req;
	if (r->schooljaar[0] && !svc_is_schooljaar(r->schooljaar))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "schooljaar " SVC_SCHOOLJAAR_RULE);
	return res_check_uuid(c, "werkgebied_id", 1);
}

/* The table's rules in the request's words. */
#define BUDGET_ERRORS                                                                                        \
	RES_DB_ERRORS(RES_UNIQUE("budgetten_schooljaar",                                                     \
	                         "budget.schooljaar already has a werkgebied budget "                        \
	                         "(UpdateWerkgebiedBudget changes it)"),                                     \
	              RES_CHECK("budgetten_frictiepot",                                                      \
	                        "budget.frictiepot_cents must be from 0 to budget.totaal_cents"))

RES_METHOD(create, SERVICE, "CreateWerkgebiedBudget", passend__v1__create_werkgebied_budget_request,
           passend__v1__werkgebied_budget, RPC_ROLE_BESTUUR, 0, .q = &sql_budget_create,
           .then = &sql_budget_current, .required = "budget", .check_obj = check_budget,
           .db_errors = BUDGET_ERRORS, .not_found = "budget not found");
RES_METHOD(get, SERVICE, "GetWerkgebiedBudget", passend__v1__get_werkgebied_budget_request,
           passend__v1__werkgebied_budget, READERS, RES_IDEMPOTENT, .q = &sql_budget_get, .id = "id",
           .not_found = "budget not found");
RES_METHOD(list, SERVICE, "ListWerkgebiedBudgetten", passend__v1__list_werkgebied_budgetten_request,
           passend__v1__list_werkgebied_budgetten_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_budget_list, .key = "_key");
RES_METHOD(update, SERVICE, "UpdateWerkgebiedBudget", passend__v1__update_werkgebied_budget_request,
           passend__v1__werkgebied_budget, RPC_ROLE_BESTUUR, 0, .q = &sql_budget_update,
           .then = &sql_budget_current, .required = "budget", .id = "budget.id", .updatable = updatable,
           .check_obj = check_budget, .db_errors = BUDGET_ERRORS, .not_found = "budget not found");
RES_METHOD(raise_budget, SERVICE, "RaiseWerkgebiedBudget", passend__v1__budget_mutatie,
           passend__v1__budget_mutatie, RPC_ROLE_BESTUUR, 0, .q = &sql_budget_raise,
           .then = &sql_budget_mutatie_current, .id = "werkgebied_id", .check = check_mutatie,
           .not_found = "werkgebied not found");
RES_METHOD(draw, SERVICE, "DrawFrictiepot", passend__v1__budget_mutatie, passend__v1__budget_mutatie,
           RPC_ROLE_BESTUUR, 0, .q = &sql_budget_draw, .then = &sql_budget_mutatie_current,
           .id = "werkgebied_id", .check = check_mutatie, .not_found = "werkgebied not found");
RES_METHOD(mutaties, SERVICE, "ListBudgetMutaties", passend__v1__list_budget_mutaties_request,
           passend__v1__list_budget_mutaties_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_budget_mutaties, .key = "_key", .check = check_mutaties);
RES_METHOD(uitgave, SERVICE, "RecordBudgetUitgave", passend__v1__record_budget_uitgave_request,
           passend__v1__budget_uitgave, RPC_ROLE_BESTUUR, 0, .q = &sql_budget_record_uitgave,
           .required = "uitgave", .id = "uitgave.werkgebied_id", .check = check_uitgave,
           .not_found = "werkgebied not found");
RES_METHOD(uitgaven, SERVICE, "ListBudgetUitgaven", passend__v1__list_budget_uitgaven_request,
           passend__v1__list_budget_uitgaven_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_budget_uitgaven, .key = "_key", .check = check_uitgaven);

static const rpc_method *const methods[] = {&create.rpc,       &get.rpc,  &list.rpc,     &update.rpc,
                                            &raise_budget.rpc, &draw.rpc, &mutaties.rpc, &uitgave.rpc,
                                            &uitgaven.rpc,     NULL};
const service svc_area_budget = {SERVICE, methods, sql_budget_stmts};
