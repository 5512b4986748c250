/* rapportage_deelname: passend.v1.Rapportage/GetDeelnameReport, a method of
 * the resource kit (resource.h). The report is computed in SQL by
 * bestuur.deelname_report (numeric, half-up rounding, small-cell
 * suppression for every role but bestuur); its statement
 * (server/sql/rapportage_deelname.sql) makes the rows DeelnameRow messages
 * by column name. This file checks the request. */
#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_deelname.h"
#include "svc.h"

#define SERVICE "passend.v1.Rapportage"

static int check_report(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetDeelnameReportRequest *req = (const void *)msg;
	if (req->n_teldata > 100)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "teldata: at most 100 dates");
	for (size_t i = 0; i < req->n_teldata; i++)
		if (res_date(req->teldata[i]) <= 0)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "teldata[%zu] is not a valid date (YYYY-MM-DD)", i);
	return 0;
}

RES_METHOD(report, SERVICE, "GetDeelnameReport", passend__v1__get_deelname_report_request,
           passend__v1__deelname_report, RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED,
           RES_IDEMPOTENT | RES_REPORT, .kind = RES_LIST, .q = &sql_rapportage_deelname_report,
           .check = check_report);

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_deelname = {SERVICE, methods, sql_rapportage_deelname_stmts};
