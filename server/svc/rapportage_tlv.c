/* rapportage_tlv: passend.v1.Rapportage/GetTlvReport, a method of the
 * resource kit (resource.h). The report is computed in SQL by
 * bestuur.tlv_report (sql/functions/bestuur_tlv_report.sql: the tenant's calendar, numeric
 * half-up rounding, small-cell suppression for every role but bestuur);
 * its statement (server/sql/rapportage_tlv.sql) folds the report lines into
 * one TlvReport row by column name; the kit checks the request
 * (res_check_report_period). */
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_tlv.h"
#include "svc.h"

#define SERVICE "passend.v1.Rapportage"

RES_METHOD(report, SERVICE, "GetTlvReport", passend__v1__get_tlv_report_request, passend__v1__tlv_report,
           RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT, RES_IDEMPOTENT | RES_REPORT, .q = &sql_rapportage_tlv_report,
           .check = res_check_report_period, .not_found = "no report");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_tlv = {SERVICE, methods, sql_rapportage_tlv_stmts};
