/* lid: passend.v1.Toezicht's leden, the members of the supervisory body, a
 * resource of the kit (resource.h): the statements are server/sql/lid.sql,
 * rows become Lid messages by column name. Roles toezicht and bestuur; row
 * level security keeps every call to the principal's own tenant. */
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/toezicht.pb-c.h"
#include "resource.h"
#include "sql_lid.h"
#include "svc.h"

#define SERVICE "passend.v1.Toezicht"
#define ROLES   (RPC_ROLE_TOEZICHT | RPC_ROLE_BESTUUR)

/* A date that is sent must be a real one: an all-zero Date is not "unset"
 * here (res_date would take it so). */
static int check_create(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Lid *l = ((const Passend__V1__CreateLidRequest *)msg)->lid;
	if (!l->name[0] || strlen(l->name) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "lid.name is required (at most 200 characters)");
	if (!l->function[0] || strlen(l->function) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "lid.function is required (at most 200 characters), e.g. voorzitter or lid");
	long start = res_date(l->start_date), end = res_date(l->end_date);
	if (start <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "lid.start_date is required and must be a calendar date");
	if (l->end_date && end <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "lid.end_date must be a calendar date (or unset)");
	if (l->end_date && end < start)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "lid.end_date must not be before lid.start_date");
	return 0;
}

RES_METHOD(create, SERVICE, "CreateLid", passend__v1__create_lid_request, passend__v1__lid, ROLES, 0,
           .q = &sql_lid_insert, .required = "lid", .check = check_create);
RES_METHOD(get, SERVICE, "GetLid", passend__v1__get_lid_request, passend__v1__lid, ROLES, RES_IDEMPOTENT,
           .q = &sql_lid_get, .id = "id", .not_found = "lid not found");
RES_METHOD(list, SERVICE, "ListLeden", passend__v1__list_leden_request, passend__v1__list_leden_response,
           ROLES, RES_IDEMPOTENT, .kind = RES_LIST, .q = &sql_lid_list);

static const rpc_method *const methods[] = {&create.rpc, &get.rpc, &list.rpc, NULL};
const service svc_area_lid = {SERVICE, methods, sql_lid_stmts};
