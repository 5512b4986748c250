/* werkgebied: passend.v1.Werkgebied's werkgebieden, a resource of the kit
 * (resource.h): a werkgebied and the gemeenten it covers. The statements
 * are server/sql/werkgebied.sql; rows become WerkgebiedInfo messages by
 * column name. bestuur writes; toezicht and a werkgebied's consulent read
 * (row level security: the consulent its own werkgebieden). */
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_werkgebied.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE          "passend.v1.Werkgebied"
#define READERS          (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED)
#define WG_MAX_GEMEENTEN 200

static const char *const updatable[] = {"name", "gemeente_ids", NULL};

/* The rules on the fields of w that this call sets (all on create; a
 * create without a werkgebied lacks its name). */
static int check_werkgebied(res_ctx *c, const Passend__V1__WerkgebiedInfo *w)
{
	if (res_touches(c, "name") && (!w || !w->name[0] || strlen(w->name) > 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "werkgebied.name is required (at most 200 characters)");
	if (!res_touches(c, "gemeente_ids")) return 0;
	if (w->n_gemeente_ids > WG_MAX_GEMEENTEN)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "werkgebied.gemeente_ids: at most %d",
		                WG_MAX_GEMEENTEN);
	for (size_t i = 0; i < w->n_gemeente_ids; i++)
		if (!svc_is_uuid(w->gemeente_ids[i]))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "werkgebied.gemeente_ids[%zu] is not a UUID", i);
	return 0;
}

static int check_create(res_ctx *c, const ProtobufCMessage *req)
{
	return check_werkgebied(c, ((const Passend__V1__CreateWerkgebiedRequest *)req)->werkgebied);
}

static int check_update(res_ctx *c, const ProtobufCMessage *req)
{
	return check_werkgebied(c, ((const Passend__V1__UpdateWerkgebiedRequest *)req)->werkgebied);
}

RES_METHOD(create, SERVICE, "CreateWerkgebied", passend__v1__create_werkgebied_request,
           passend__v1__werkgebied_info, RPC_ROLE_BESTUUR, 0, .q = &sql_werkgebied_insert,
           .check = check_create);
RES_METHOD(get, SERVICE, "GetWerkgebied", passend__v1__get_werkgebied_request, passend__v1__werkgebied_info,
           READERS, RES_IDEMPOTENT, .q = &sql_werkgebied_get, .id = "id",
           .not_found = "werkgebied not found");
RES_METHOD(list, SERVICE, "ListWerkgebieden", passend__v1__list_werkgebieden_request,
           passend__v1__list_werkgebieden_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_werkgebied_list, .key = "_key");
RES_METHOD(update, SERVICE, "UpdateWerkgebied", passend__v1__update_werkgebied_request,
           passend__v1__werkgebied_info, RPC_ROLE_BESTUUR, 0, .q = &sql_werkgebied_update,
           .required = "werkgebied", .id = "werkgebied.id", .updatable = updatable, .check = check_update,
           .not_found = "werkgebied not found");
RES_METHOD(deactivate, SERVICE, "DeactivateWerkgebied", passend__v1__deactivate_werkgebied_request,
           passend__v1__werkgebied_info, RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_werkgebied_deactivate,
           .id = "id", .not_found = "werkgebied not found");

static const rpc_method *const methods[] = {&create.rpc, &get.rpc,        &list.rpc,
                                            &update.rpc, &deactivate.rpc, NULL};

/* ---- CSV import (docs/import.md "werkgebieden"; finish in
 * sql/functions/bestuur_import.sql) ---- */

const import_kind import_kind_werkgebieden = {"werkgebieden",
                                              PASSEND__V1__IMPORT_KIND__IMPORT_WERKGEBIEDEN,
                                              RPC_ROLE_BESTUUR,
                                              "bestuur.import_werkgebieden",
                                              NULL,
                                              "name* gemeenten:list"};
const service svc_area_werkgebied = {SERVICE, methods, sql_werkgebied_stmts};
