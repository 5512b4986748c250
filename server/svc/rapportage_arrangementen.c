/* rapportage_arrangementen: passend.v1.Rapportage/GetArrangementReport, a
 * method of the resource kit (resource.h). The report is computed in SQL by
 * werkgebied.arrangement_report (sql/functions/werkgebied_arrangement_report.sql:
 * the tenant's calendar, the consulent's scope, numeric half-up rounding,
 * complementary small-cell suppression for every role but bestuur); its
 * statement folds the lines into one ArrangementReport row; the kit checks
 * the request (res_check_report_period). */
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_arrangementen.h"
#include "svc.h"

#define SERVICE "passend.v1.Rapportage"

RES_METHOD(report, SERVICE, "GetArrangementReport", passend__v1__get_arrangement_report_request,
           passend__v1__arrangement_report, RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_TOEZICHT,
           RES_IDEMPOTENT, .q = &sql_rapportage_arrangementen_report, .check = res_check_report_period,
           .not_found = "no report");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_arrangementen = {SERVICE, methods, sql_rapportage_arrangementen_stmts};
