/* dashboard: passend.v1.Toezicht/GetDashboard, a method of the resource kit
 * (resource.h): the toezicht dashboard, aggregates only, each section one
 * function in toezicht.dashboard's list (sql/functions/toezicht_dashboard.sql,
 * D45), suppressed as the report it reads; its statement
 * (server/sql/dashboard.sql) folds the lines into one Dashboard row. This
 * file checks the request. Roles toezicht and bestuur. */
#include "grpc_status.h"
#include "passend/v1/toezicht.pb-c.h"
#include "resource.h"
#include "sql_dashboard.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Toezicht"

static int check_report(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetDashboardRequest *req = (const void *)msg;
	const char *err = svc_report_period_error(req->schooljaar, req->trimester);
	return err ? res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err) : 0;
}

RES_METHOD(report, SERVICE, "GetDashboard", passend__v1__get_dashboard_request, passend__v1__dashboard,
           RPC_ROLE_TOEZICHT | RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_dashboard_report,
           .check = check_report, .not_found = "no dashboard");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_dashboard = {SERVICE, methods, sql_dashboard_stmts};
