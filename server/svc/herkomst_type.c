/* herkomst_type: passend.v1.Bestuur's herkomst types (where a pupil came
 * from before a TLV), a resource of the kit (resource.h): the platform's
 * defaults overlaid by the tenant's own. The statements are
 * server/sql/herkomst_type.sql; rows become HerkomstType messages. */
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/bestuur.pb-c.h"
#include "resource.h"
#include "sql_herkomst_type.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Bestuur"
#define READERS (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)

static int check_upsert(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__HerkomstType *h = (const void *)req;
	if (!svc_is_code(h->code))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "code must be 1-40 lower-case letters, digits or _, starting with a letter");
	if (!h->label[0] || strlen(h->label) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "label is required (at most 200 characters)");
	/* the SWV's own groups (0026_tlv_route_groups): any code */
	if (!svc_is_code(h->route_group))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "route_group must be a code: 1-40 lower-case letters, digits or _, starting with a "
		    "letter (e.g. basisonderwijs, zij_en_onderinstroom)");
	if (strlen(h->route_group_label) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "route_group_label is at most 200 characters");
	return 0;
}

RES_METHOD(list, SERVICE, "ListHerkomstTypes", passend__v1__list_herkomst_types_request,
           passend__v1__list_herkomst_types_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_herkomst_type_list);
RES_METHOD(upsert, SERVICE, "UpsertHerkomstType", passend__v1__herkomst_type, passend__v1__herkomst_type,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_herkomst_type_upsert, .check = check_upsert,
           .not_found = "herkomst type not stored");

static const rpc_method *const methods[] = {&list.rpc, &upsert.rpc, NULL};
const service svc_area_herkomst_type = {SERVICE, methods, sql_herkomst_type_stmts};
