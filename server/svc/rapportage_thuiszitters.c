/* rapportage_thuiszitters: passend.v1.Rapportage/GetThuiszitterReport, a
 * method of the resource kit (resource.h). The report is computed in SQL by
 * werkgebied.thuiszitter_report (sql/functions/werkgebied_thuiszitter_report.sql:
 * the tenant's trimesters, the caller's scope, complementary small-cell
 * suppression for every role but bestuur); its statement
 * (server/sql/rapportage_thuiszitters.sql) folds the lines into one
 * ThuiszitterReport row. This file checks the request. */
#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_thuiszitters.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Rapportage"

static int check_report(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetThuiszitterReportRequest *req = (const void *)msg;
	const char *err = svc_report_period_error(req->schooljaar, req->trimester);
	if (err) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
	if (res_date(req->peildatum) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "peildatum is not a valid date");
	return 0;
}

RES_METHOD(report, SERVICE, "GetThuiszitterReport", passend__v1__get_thuiszitter_report_request,
           passend__v1__thuiszitter_report,
           RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL, RES_IDEMPOTENT,
           .q = &sql_rapportage_thuiszitters_report, .check = check_report, .not_found = "no report");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_thuiszitters = {SERVICE, methods, sql_rapportage_thuiszitters_stmts};
