/* rapportage_mdo: passend.v1.Rapportage/GetMdoReport, a method of the
 * resource kit (resource.h). The report is computed in SQL by
 * werkgebied.mdo_report (sql/functions/werkgebied_mdo_report.sql: the
 * tenant's trimesters, the caller's scope, complementary small-cell
 * suppression for every role but bestuur); its statement
 * (server/sql/rapportage_mdo.sql) folds the lines into one MdoReport row.
 * Its request is checked by the kit (res_check_report_period). */
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_mdo.h"
#include "svc.h"

#define SERVICE "passend.v1.Rapportage"

RES_METHOD(report, SERVICE, "GetMdoReport", passend__v1__get_mdo_report_request, passend__v1__mdo_report,
           RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED, RES_IDEMPOTENT,
           .q = &sql_rapportage_mdo_report, .check = res_check_report_period, .not_found = "no report");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_mdo = {SERVICE, methods, sql_rapportage_mdo_stmts};
