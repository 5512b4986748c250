/* rapportage_arrangementen: passend.v1.Rapportage/GetArrangementReport, a
 * method of the resource kit (resource.h). The report is computed in SQL by
 * werkgebied.arrangement_report (sql/functions/werkgebied_arrangement_report.sql:
 * the tenant's calendar, the consulent's scope, numeric half-up rounding,
 * complementary small-cell suppression for every role but bestuur); its
 * statement folds the lines into one ArrangementReport row. This file checks
 * the request. */
#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_arrangementen.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Rapportage"

static int check_report(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetArrangementReportRequest *req = (const void *)msg;
	if (!svc_is_schooljaar(req->schooljaar))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "schooljaar must be \"YYYY-YYYY\" with consecutive years, e.g. \"2016-2017\"");
	if (req->trimester < 0 || req->trimester > 3)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "trimester must be 0 (whole year) or 1..3");
	return 0;
}

RES_METHOD(report, SERVICE, "GetArrangementReport", passend__v1__get_arrangement_report_request,
           passend__v1__arrangement_report, RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_TOEZICHT,
           RES_IDEMPOTENT, .q = &sql_rapportage_arrangementen_report, .check = check_report,
           .not_found = "no report");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_arrangementen = {SERVICE, methods, sql_rapportage_arrangementen_stmts};
