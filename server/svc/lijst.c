/* lijst: passend.v1.Werkgebied's tenant-configurable lists (arrangement
 * types, MDO levels, thuiszitter categories and scenario flags,
 * ondersteuningscategorieën), a resource of the kit (resource.h): one
 * mechanism for every list kind, the platform's defaults overlaid by the
 * tenant's own values (server/sql/lijst.sql, 0014_werkgebied_basis.sql). */
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_lijst.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Werkgebied"
#define READERS (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)
#define SOORTEN                                                                                              \
	"ondersteuningscategorie, arrangement_type, mdo_niveau, thuiszitter_categorie or "                   \
	"thuiszitter_scenario"

static int soort_ok(Passend__V1__LijstSoort s)
{
	return s >= PASSEND__V1__LIJST_SOORT__LIJST_ONDERSTEUNINGSCATEGORIE &&
	       s <= PASSEND__V1__LIJST_SOORT__LIJST_THUISZITTER_SCENARIO;
}

static int check_code(res_ctx *c, Passend__V1__LijstSoort soort, const char *code)
{
	if (!soort_ok(soort)) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "soort must be " SOORTEN);
	if (!svc_is_code(code))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "code must be 1-40 lower-case letters, digits or _, starting with a letter");
	return 0;
}

static int check_list(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__ListLijstWaardenRequest *r = (const void *)req;
	if (r->soort != PASSEND__V1__LIJST_SOORT__LIJST_SOORT_UNSPECIFIED && !soort_ok(r->soort))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "soort must be unset (every list) or " SOORTEN);
	return 0;
}

/* The rules per list on rubriek need the default's: the statement's. */
static int check_upsert(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__LijstWaarde *w = (const void *)req;
	if (check_code(c, w->soort, w->code) != 0) return -1;
	if (!w->label[0] || strlen(w->label) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "label is required (at most 200 characters)");
	if (strlen(w->rubriek) > 40)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "rubriek is at most 40 characters");
	if (w->sort_order < 0 || w->sort_order > 10000)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "sort_order must be 0-10000");
	return 0;
}

static int check_deactivate(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__DeactivateLijstWaardeRequest *r = (const void *)req;
	return check_code(c, r->soort, r->code);
}

RES_METHOD(list, SERVICE, "ListLijstWaarden", passend__v1__list_lijst_waarden_request,
           passend__v1__list_lijst_waarden_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_lijst_list, .check = check_list);
RES_METHOD(upsert, SERVICE, "UpsertLijstWaarde", passend__v1__lijst_waarde, passend__v1__lijst_waarde,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_lijst_upsert, .check = check_upsert,
           .not_found = "lijst waarde not stored");
RES_METHOD(deactivate, SERVICE, "DeactivateLijstWaarde", passend__v1__deactivate_lijst_waarde_request,
           passend__v1__lijst_waarde, RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_lijst_deactivate,
           .check = check_deactivate, .not_found = "lijst waarde not found (no such code in this list)");

static const rpc_method *const methods[] = {&list.rpc, &upsert.rpc, &deactivate.rpc, NULL};
const service svc_area_lijst = {SERVICE, methods, sql_lijst_stmts};
