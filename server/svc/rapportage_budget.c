/* rapportage_budget: passend.v1.Rapportage/GetWerkgebiedBudgetReport, a
 * method of the resource kit (resource.h). The report is computed in SQL by
 * werkgebied.budget_report (sql/functions/werkgebied_budget.sql: the
 * tenant's calendar, the consulent's scope, the share of the year passed);
 * its statement folds the rows into one WerkgebiedBudgetReport. This file
 * checks the request: a school year, and a trimester or a day, not both. */
#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_budget.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Rapportage"

static int check_report(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetWerkgebiedBudgetReportRequest *req = (const void *)msg;
	const char *err = svc_report_period_error(req->schooljaar, req->trimester);
	if (err) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
	long tot = res_date(req->tot);
	if (tot < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "tot is not a valid date");
	if (tot > 0 && req->trimester)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "give trimester or tot, not both");
	return 0;
}

RES_METHOD(report, SERVICE, "GetWerkgebiedBudgetReport", passend__v1__get_werkgebied_budget_report_request,
           passend__v1__werkgebied_budget_report, RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_TOEZICHT,
           RES_IDEMPOTENT | RES_REPORT, .q = &sql_rapportage_budget_report, .check = check_report,
           .not_found = "no report");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_budget = {SERVICE, methods, sql_rapportage_budget_stmts};
