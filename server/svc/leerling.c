/* leerling: passend.v1.Werkgebied's pupils, a resource of the kit
 * (resource.h), pseudonymised: a pupil is a school's source system and its
 * id there, with an optional national id that only the database sees, as a
 * keyed hash. Pupil-level: every call is audited, naming the pupils its
 * statement touched (server/sql/leerling.sql); row level security keeps a
 * consulent or a school to the pupils of its scope. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_leerling.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Werkgebied"
#define ROLES   (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)

static int check_create(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateLeerlingRequest *req = (const Passend__V1__CreateLeerlingRequest *)msg;
	const Passend__V1__Leerling *l = req->leerling;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int year = tm.tm_year + 1900;
	if (!l->source_system[0] || strlen(l->source_system) > 100)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "leerling.source_system is required (at most 100 characters)");
	if (!l->external_id[0] || strlen(l->external_id) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "leerling.external_id is required (at most 200 characters)");
	if (req->national_id[0] && !svc_is_national_id(req->national_id))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "national_id must be 9 digits (BSN or onderwijsnummer)");
	if (l->geboortejaar != 0 && (l->geboortejaar < 1990 || l->geboortejaar > year))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "leerling.geboortejaar must be 0 or 1990..%d", year);
	if (l->geslacht < 0 || l->geslacht > 3)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "leerling.geslacht is not a known value");
	if (l->werkgebied_id[0] && !svc_is_uuid(l->werkgebied_id))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "leerling.werkgebied_id is not a UUID (it is derived from the school)");
	return 0;
}

static int check_list(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ListLeerlingenRequest *req = (const Passend__V1__ListLeerlingenRequest *)msg;
	if (req->national_id[0] && !svc_is_national_id(req->national_id))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "national_id must be 9 digits");
	return 0;
}

RES_METHOD(create, SERVICE, "CreateLeerling", passend__v1__create_leerling_request, passend__v1__leerling,
           ROLES, RES_PUPIL_LEVEL, .q = &sql_leerling_insert, .required = "leerling",
           .id = "leerling.school_id", .check = check_create, .not_found = "school_id not found");
RES_METHOD(get, SERVICE, "GetLeerling", passend__v1__get_leerling_request, passend__v1__leerling, ROLES,
           RES_IDEMPOTENT | RES_PUPIL_LEVEL, .q = &sql_leerling_get, .id = "id",
           .not_found = "leerling not found");
RES_METHOD(list, SERVICE, "ListLeerlingen", passend__v1__list_leerlingen_request,
           passend__v1__list_leerlingen_response, ROLES, RES_IDEMPOTENT | RES_PUPIL_LEVEL, .kind = RES_LIST,
           .q = &sql_leerling_list, .check = check_list, .ids = RES_NAMES("school_id", "werkgebied_id"));

static const rpc_method *const methods[] = {&create.rpc, &get.rpc, &list.rpc, NULL};

/* ---- CSV import of pupils (docs/import.md "leerlingen"; finish in
 * sql/functions/werkgebied_import_leerlingen.sql) ---- */

/* The pupil columns 0-5 that leerlingen, mdos and arrangementen share:
 * source_system and external_id together, vestiging 00 with a BRIN and
 * not without one. Returns the number of errors added to e. */
int leerling_import_check(const char **v, imp_row_err *e)
{
	int n = 0;
	if (!v[0] != !v[1])
		e[n++] = (imp_row_err){v[0] ? "external_id" : "source_system",
		                       "source_system and external_id name a pupil together"};
	if (v[2] && !v[3]) v[3] = "00";
	if (v[3] && !v[2]) e[n++] = (imp_row_err){"brin", "is required with vestiging"};
	return n;
}

const import_kind import_kind_leerlingen = {
    "leerlingen",
    PASSEND__V1__IMPORT_KIND__IMPORT_LEERLINGEN,
    RPC_ROLE_BESTUUR,
    "werkgebied.import_leerlingen",
    leerling_import_check,
    "source_system*:long external_id*:long brin*:brin vestiging:vest geboortejaar:year geslacht:geslacht"};

const service svc_area_leerling = {SERVICE, methods, sql_leerling_stmts};
