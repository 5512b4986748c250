/* rapportage_begroting: passend.v1.Rapportage/GetBegrotingReport (D43), a
 * method of the resource kit (resource.h). bestuur.begroting_report computes
 * the period report in SQL (cents; half-up per line; totals add the lines);
 * its statement (server/sql/rapportage_begroting.sql) checks tot against
 * the tenant's school year and folds the rows into the BegrotingReport.
 * This file checks the request's form. */
#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_begroting.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Rapportage"

static int check_report(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetBegrotingReportRequest *req = (const void *)msg;
	const char *err = svc_report_period_error(req->schooljaar, 0);
	if (err) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
	long tot = res_date(req->tot);
	if (tot < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "tot is not a valid date");
	if (tot == 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "tot is required: the last day of a month of the school year");
	return res_check_uuid(c, "begroting_id", 1);
}

RES_METHOD(report, SERVICE, "GetBegrotingReport", passend__v1__get_begroting_report_request,
           passend__v1__begroting_report, RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT, RES_IDEMPOTENT | RES_REPORT,
           .q = &sql_rapportage_begroting_report, .check = check_report, .not_found = "no begroting report");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_begroting = {SERVICE, methods, sql_rapportage_begroting_stmts};
