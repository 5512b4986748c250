/* rapportage_tlv: passend.v1.Rapportage/GetTlvReport, a method of the
 * resource kit (resource.h). The report is computed in SQL by
 * bestuur.tlv_report (0007_tlv_report.sql: the tenant's calendar, numeric
 * half-up rounding, small-cell suppression for every role but bestuur);
 * its statement (server/sql/rapportage_tlv.sql) folds the report lines into
 * one TlvReport row by column name. This file checks the request. */
#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_tlv.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Rapportage"

static int check_report(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetTlvReportRequest *req = (const void *)msg;
	const char *err = svc_report_period_error(req->schooljaar, req->trimester);
	return err ? res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err) : 0;
}

RES_METHOD(report, SERVICE, "GetTlvReport", passend__v1__get_tlv_report_request, passend__v1__tlv_report,
           RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT, RES_IDEMPOTENT | RES_REPORT, .q = &sql_rapportage_tlv_report,
           .check = check_report, .not_found = "no report");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_tlv = {SERVICE, methods, sql_rapportage_tlv_stmts};
