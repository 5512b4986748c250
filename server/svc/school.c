/* school: passend.v1.Bestuur's scholen, a resource of the kit (resource.h):
 * the statements are server/sql/school.sql, rows become School messages by
 * column name. bestuur writes; row level security decides what a reader
 * sees (werkgebied: the schools of its werkgebieden, school: its own). */
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "resource.h"
#include "sql_school.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Bestuur"
#define READERS (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)

static const char *const updatable[] = {
    "brin",        "vestiging",   "name",      "soort", "werkgebied_id", "so_cluster", "schoolbestuur_id",
    "gemeente_id", "active_from", "active_to", NULL};

/* The rules on the fields of s that this call sets (all on create). Rules
 * across fields that an update may leave to the stored row (a BAO school
 * needs a werkgebied, so_cluster only for SO, the date order) are checks in
 * SQL too; the gemeente's validity on the dates is the statement's. */
static int check_school(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__School *s = (const void *)msg;
	int create = res_creates(c);
#define TOUCH(f) res_touches(c, f)
	if (TOUCH("brin") && !svc_is_brin(s->brin))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "school.brin must be 2 digits and 2 letters/digits, e.g. 00LH");
	if (TOUCH("vestiging") && !svc_is_vestiging(s->vestiging))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "school.vestiging must be 2 digits, e.g. 00");
	if (TOUCH("name") && (!s->name[0] || strlen(s->name) > 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "school.name is required (at most 200 characters)");
	if (TOUCH("soort") && (s->soort < 1 || s->soort > 3))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "school.soort must be BAO, SBO or SO");
	if (TOUCH("werkgebied_id") && s->werkgebied_id[0] && !svc_is_uuid(s->werkgebied_id))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "school.werkgebied_id is not a UUID");
	if (create && s->soort == PASSEND__V1__SCHOOL_SOORT__BAO && !s->werkgebied_id[0])
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "school.werkgebied_id is required for a BAO school");
	if (TOUCH("so_cluster") && s->so_cluster != 0 &&
	    ((create && s->soort != PASSEND__V1__SCHOOL_SOORT__SO) || s->so_cluster < 1 || s->so_cluster > 4))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "school.so_cluster must be 1-4, and only for an SO school");
	if ((TOUCH("schoolbestuur_id") && s->schoolbestuur_id[0] && !svc_is_uuid(s->schoolbestuur_id)) ||
	    (TOUCH("gemeente_id") && s->gemeente_id[0] && !svc_is_uuid(s->gemeente_id)))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "school.schoolbestuur_id / gemeente_id is not a UUID");
	return res_check_range(c, "school", "active_from", TOUCH("active_from") ? s->active_from : NULL,
	                       "active_to", TOUCH("active_to") ? s->active_to : NULL);
#undef TOUCH
}

static int check_list(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__ListSchoolsRequest *l = (const Passend__V1__ListSchoolsRequest *)req;
	if (l->soort < 0 || l->soort > 3)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "soort must be BAO, SBO or SO (or unset for all)");
	return 0;
}

RES_METHOD(create, SERVICE, "CreateSchool", passend__v1__create_school_request, passend__v1__school,
           RPC_ROLE_BESTUUR, 0, .q = &sql_school_insert, .required = "school", .check_obj = check_school);
RES_METHOD(get, SERVICE, "GetSchool", passend__v1__get_school_request, passend__v1__school, READERS,
           RES_IDEMPOTENT, .q = &sql_school_get, .id = "id", .not_found = "school not found");
RES_METHOD(list, SERVICE, "ListSchools", passend__v1__list_schools_request,
           passend__v1__list_schools_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_school_list, .check = check_list, .ids = RES_NAMES("werkgebied_id", "schoolbestuur_id"),
           .key = "_key");
RES_METHOD(update, SERVICE, "UpdateSchool", passend__v1__update_school_request, passend__v1__school,
           RPC_ROLE_BESTUUR, 0, .q = &sql_school_update, .required = "school", .id = "school.id",
           .updatable = updatable, .check_obj = check_school, .not_found = "school not found");
RES_METHOD(deactivate, SERVICE, "DeactivateSchool", passend__v1__deactivate_request, passend__v1__school,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_school_deactivate, .id = "id",
           .not_found = "school not found");

static const rpc_method *const methods[] = {&create.rpc, &get.rpc,        &list.rpc,
                                            &update.rpc, &deactivate.rpc, NULL};

/* ---- CSV import (docs/import.md "scholen"; finish in
 * sql/functions/bestuur_import.sql) ---- */

static int import_check(const char **v, imp_row_err *e)
{
	int n = 0;
	if (v[4] && strcmp(v[3], "3") != 0) e[n++] = (imp_row_err){"so_cluster", "is only for SO schools"};
	if (!v[7] && !strcmp(v[3], "1")) e[n++] = (imp_row_err){"werkgebied", "is required for a bao school"};
	if (import_date_before(v[9], v[8])) e[n++] = (imp_row_err){"active_to", "is before active_from"};
	return n;
}

const import_kind import_kind_scholen = {
    "scholen",
    PASSEND__V1__IMPORT_KIND__IMPORT_SCHOLEN,
    RPC_ROLE_BESTUUR,
    "bestuur.import_scholen",
    import_check,
    "brin*:brin vestiging:vest=00 name* soort*:soort so_cluster:cluster bevoegd_gezag_nummer:bgn gemeente "
    "werkgebied active_from:date active_to:date"};
const service svc_area_school = {SERVICE, methods, sql_school_stmts};
