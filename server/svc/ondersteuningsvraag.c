/* ondersteuningsvraag: passend.v1.Werkgebied's support requests, a resource
 * of the kit (resource.h): recorded for a pupil the caller sees under a
 * parental consent covering ondersteuningsvraag (werkgebied.require_consent:
 * FAILED_PRECONDITION naming the missing consent). Pupil-level (audited
 * with the request and pupil ids). Statements:
 * server/sql/ondersteuningsvraag.sql. */
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_ondersteuningsvraag.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Werkgebied"
#define USERS   (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)

static int check_create(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__Ondersteuningsvraag *v =
	    ((const Passend__V1__CreateOndersteuningsvraagRequest *)req)->vraag;
	if (res_check_uuid(c, "vraag.leerling_id", 0) != 0) return -1;
	if (!v->omschrijving[0] || strlen(v->omschrijving) > 4000)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "vraag.omschrijving is required (at most 4000 characters)");
	if (v->ondersteuningscategorie[0] && !svc_is_code(v->ondersteuningscategorie))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "vraag.ondersteuningscategorie must be a code of the ondersteuningscategorie list "
		    "(1-40 lower-case letters, digits or _)");
	if (res_date(v->ingediend_op) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "vraag.ingediend_op is not a valid date");
	return 0;
}

/* The category trigger (werkgebied.lijst_waarde_check) in the request's words. */
RES_METHOD(create, SERVICE, "CreateOndersteuningsvraag", passend__v1__create_ondersteuningsvraag_request,
           passend__v1__ondersteuningsvraag, USERS, RES_PUPIL_LEVEL, .q = &sql_ondersteuningsvraag_insert,
           .required = "vraag", .check = check_create,
           .db_errors = RES_DB_ERRORS(RES_LIJST("lijst_waarde:", "vraag.ondersteuningscategorie",
                                                "ondersteuningscategorie")),
           .not_found = "leerling not found");
RES_METHOD(get, SERVICE, "GetOndersteuningsvraag", passend__v1__get_ondersteuningsvraag_request,
           passend__v1__ondersteuningsvraag, USERS, RES_IDEMPOTENT | RES_PUPIL_LEVEL,
           .q = &sql_ondersteuningsvraag_get, .id = "id", .not_found = "ondersteuningsvraag not found");
RES_METHOD(list, SERVICE, "ListOndersteuningsvragen", passend__v1__list_ondersteuningsvragen_request,
           passend__v1__list_ondersteuningsvragen_response, USERS, RES_IDEMPOTENT | RES_PUPIL_LEVEL,
           .kind = RES_LIST, .q = &sql_ondersteuningsvraag_list, .ids = RES_NAMES("leerling_id"));

static const rpc_method *const methods[] = {&create.rpc, &get.rpc, &list.rpc, NULL};
const service svc_area_ondersteuningsvraag = {SERVICE, methods, sql_ondersteuningsvraag_stmts};
