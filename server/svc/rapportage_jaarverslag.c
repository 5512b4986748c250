/* rapportage_jaarverslag: passend.v1.Rapportage/GetJaarverslag, a method of
 * the resource kit (resource.h): the balans and the staat van baten en
 * lasten with the previous year and the budget, and the kengetallen with
 * their signals, computed in SQL (sql/functions/bestuur_jaarrekening.sql)
 * and folded into one Jaarverslag row by its statement
 * (server/sql/rapportage_jaarverslag.sql). Organisation-level figures, no
 * pupil data: bestuur and toezicht read them (docs/decisions.md D44). This
 * file checks the request. */
#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_jaarverslag.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Rapportage"

static int check_report(res_ctx *c, const ProtobufCMessage *msg)
{
	const char *err = svc_jaar_error(((const Passend__V1__GetJaarverslagRequest *)msg)->jaar);
	return err ? res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err) : 0;
}

RES_METHOD(report, SERVICE, "GetJaarverslag", passend__v1__get_jaarverslag_request, passend__v1__jaarverslag,
           RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT, RES_IDEMPOTENT | RES_REPORT,
           .q = &sql_rapportage_jaarverslag_report, .check = check_report,
           .not_found = "no jaarrekening for that jaar");

static const rpc_method *const methods[] = {&report.rpc, NULL};
const service svc_area_rapportage_jaarverslag = {SERVICE, methods, sql_rapportage_jaarverslag_stmts};
