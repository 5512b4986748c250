/* schoolbestuur: passend.v1.Bestuur's schoolbesturen, a resource of the kit
 * (resource.h): the statements are server/sql/schoolbestuur.sql, rows
 * become Schoolbestuur messages by column name. bestuur writes; every
 * tenant role reads, row level security deciding the tenant. */
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "resource.h"
#include "sql_schoolbestuur.h"
#include "svc.h"

#define SERVICE "passend.v1.Bestuur"
#define READERS (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)

static const char *const updatable[] = {
    "bevoegd_gezag_nummer", "name",        "vestigingsplaats", "runs_bao", "runs_sbo", "runs_so",
    "lidmaatschap",         "active_from", "active_to",        NULL};

static int digits(const char *s, size_t n)
{
	if (strlen(s) != n) return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9') return 0;
	return 1;
}

/* The rules on the fields of b that this call sets (all on create). */
static int check_bestuur(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Schoolbestuur *b = (const void *)msg;
	int create = res_creates(c);
	if (res_touches(c, "bevoegd_gezag_nummer") && !digits(b->bevoegd_gezag_nummer, 5))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "schoolbestuur.bevoegd_gezag_nummer must be 5 digits, e.g. 41234");
	if (res_touches(c, "name") && (!b->name[0] || strlen(b->name) > 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "schoolbestuur.name is required (at most 200 characters)");
	if (strlen(b->vestigingsplaats) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "schoolbestuur.vestigingsplaats: at most 200 characters");
	if (b->lidmaatschap < 0 || b->lidmaatschap > 2 ||
	    (!create && res_touches(c, "lidmaatschap") && b->lidmaatschap == 0))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "schoolbestuur.lidmaatschap must be LID or AANGESLOTEN");
	return res_check_range(c, "schoolbestuur", "active_from", b->active_from, "active_to", b->active_to);
}

RES_METHOD(create, SERVICE, "CreateSchoolbestuur", passend__v1__create_schoolbestuur_request,
           passend__v1__schoolbestuur, RPC_ROLE_BESTUUR, 0, .q = &sql_schoolbestuur_insert,
           .required = "schoolbestuur", .check_obj = check_bestuur);
RES_METHOD(get, SERVICE, "GetSchoolbestuur", passend__v1__get_by_id_request, passend__v1__schoolbestuur,
           READERS, RES_IDEMPOTENT, .q = &sql_schoolbestuur_get, .id = "id",
           .not_found = "schoolbestuur not found");
RES_METHOD(list, SERVICE, "ListSchoolbesturen", passend__v1__list_schoolbesturen_request,
           passend__v1__list_schoolbesturen_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_schoolbestuur_list, .key = "_key");
RES_METHOD(update, SERVICE, "UpdateSchoolbestuur", passend__v1__update_schoolbestuur_request,
           passend__v1__schoolbestuur, RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_schoolbestuur_update,
           .required = "schoolbestuur", .id = "schoolbestuur.id", .updatable = updatable,
           .check_obj = check_bestuur, .not_found = "schoolbestuur not found");
RES_METHOD(deactivate, SERVICE, "DeactivateSchoolbestuur", passend__v1__deactivate_request,
           passend__v1__schoolbestuur, RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_schoolbestuur_deactivate,
           .id = "id", .not_found = "schoolbestuur not found");

static const rpc_method *const methods[] = {&create.rpc, &get.rpc,        &list.rpc,
                                            &update.rpc, &deactivate.rpc, NULL};

/* ---- CSV import (docs/import.md "besturen"; finish in
 * sql/functions/bestuur_import.sql) ---- */

static int import_check(const char **v, imp_row_err *e)
{
	int n = 0;
	if (import_date_before(v[8], v[7])) e[n++] = (imp_row_err){"active_to", "is before active_from"};
	return n;
}

const import_kind import_kind_besturen = {
    "besturen",
    PASSEND__V1__IMPORT_KIND__IMPORT_BESTUREN,
    RPC_ROLE_BESTUUR,
    "bestuur.import_besturen",
    import_check,
    "bevoegd_gezag_nummer*:bgn name* vestigingsplaats= runs_bao:bool=f runs_sbo:bool=f runs_so:bool=f "
    "lidmaatschap:enum(lid|aangesloten)=lid active_from:date active_to:date"};
const service svc_area_schoolbestuur = {SERVICE, methods, sql_schoolbestuur_stmts};
