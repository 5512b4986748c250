/* rol: passend.v1.Toezicht's roles, a resource of the kit (resource.h): a
 * person's dated role in toezicht, bestuur or the OPR, read with the
 * dual-role flag (toezicht.rol_conflicten, D45). Statements:
 * server/sql/rol.sql. Roles toezicht and bestuur. */
#include "grpc_status.h"
#include "passend/v1/toezicht.pb-c.h"
#include "resource.h"
#include "sql_rol.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Toezicht"
#define ROLES   (RPC_ROLE_TOEZICHT | RPC_ROLE_BESTUUR)
#define ORGANEN "toezicht|bestuur|opr"

static const char *const updatable[] = {"functie", "end_date", NULL};

/* The rules on the fields of r this call sets (all on create). */
static int check_rol(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Rol *r = (const void *)msg;
	if (res_touches(c, "persoon") && !svc_text_ok(r->persoon, 1, 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "rol.persoon is required (at most 200 characters)");
	if (res_touches(c, "orgaan") && !svc_is_one_of(r->orgaan, ORGANEN))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "rol.orgaan must be toezicht, bestuur or opr");
	if (res_touches(c, "functie") && !svc_text_ok(r->functie, 1, 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "rol.functie is required (at most 200 characters), e.g. voorzitter or lid");
	if (res_touches(c, "schoolbestuur_id")) {
		if (res_check_uuid(c, "rol.schoolbestuur_id", 1) != 0) return -1;
		if (r->schoolbestuur_id[0] && !svc_is_one_of(r->orgaan, "bestuur"))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "rol.schoolbestuur_id is only for a role of orgaan bestuur");
	}
	long start = res_date(r->start_date), end = res_date(r->end_date);
	if (res_touches(c, "start_date") && start <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "rol.start_date is required and must be a calendar date");
	if (res_touches(c, "end_date") && r->end_date && end <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "rol.end_date must be a calendar date (or unset)");
	if (res_touches(c, "start_date") && r->end_date && end < start)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "rol.end_date must not be before rol.start_date");
	return 0;
}

RES_METHOD(create, SERVICE, "CreateRol", passend__v1__create_rol_request, passend__v1__rol, ROLES, 0,
           .q = &sql_rol_insert, .required = "rol", .check_obj = check_rol,
           .db_errors = RES_DB_ERRORS(RES_FKEY("rollen_schoolbestuur_fkey",
                                               "rol.schoolbestuur_id: schoolbestuur not found")));
RES_METHOD(list, SERVICE, "ListRollen", passend__v1__list_rollen_request, passend__v1__list_rollen_response,
           ROLES, RES_IDEMPOTENT, .kind = RES_LIST, .q = &sql_rol_list, .key = "_key");
RES_METHOD(update, SERVICE, "UpdateRol", passend__v1__update_rol_request, passend__v1__rol, ROLES, 0,
           .q = &sql_rol_update, .required = "rol", .id = "rol.id", .updatable = updatable,
           .check_obj = check_rol, .not_found = "rol not found");

static const rpc_method *const methods[] = {&create.rpc, &list.rpc, &update.rpc, NULL};
const service svc_area_rol = {SERVICE, methods, sql_rol_stmts};
