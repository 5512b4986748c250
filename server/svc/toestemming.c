/* toestemming: passend.v1.Werkgebied's parental consents, a resource of the
 * kit (resource.h): recorded for a pupil the caller sees, withdrawn, never
 * deleted. Pupil-level (audited with the consent and pupil ids). Steps that
 * need consent call werkgebied.require_consent in their statement
 * (sql/functions/werkgebied_toestemming.sql). Statements:
 * server/sql/toestemming.sql. */
#include "grpc_status.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_toestemming.h"
#include "svc.h"

#define SERVICE "passend.v1.Werkgebied"
#define USERS   (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)
#define SCOPES  "ondersteuningsvraag, mdo, arrangement, tlv or gegevensdeling"

static int check_record(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__Toestemming *t = ((const Passend__V1__RecordToestemmingRequest *)req)->toestemming;
	if (res_check_uuid(c, "toestemming.leerling_id", 0) != 0) return -1;
	if (t->n_scopes == 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "toestemming.scopes must name at least one of " SCOPES);
	unsigned seen = 0;
	for (size_t i = 0; i < t->n_scopes; i++) {
		int s = t->scopes[i];
		if (s < PASSEND__V1__TOESTEMMING_SCOPE__TOESTEMMING_ONDERSTEUNINGSVRAAG ||
		    s > PASSEND__V1__TOESTEMMING_SCOPE__TOESTEMMING_GEGEVENSDELING)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "toestemming.scopes: %d is not a scope (" SCOPES ")", s);
		if (seen & (1u << s))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "toestemming.scopes names a scope twice");
		seen |= 1u << s;
	}
	long datum = res_date(t->datum), tot = res_date(t->geldig_tot);
	if (datum == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "toestemming.datum is required");
	if (t->gezag < PASSEND__V1__GEZAG__GEZAG_BEIDE_OUDERS ||
	    t->gezag > PASSEND__V1__GEZAG__GEZAG_GECERTIFICEERDE_INSTELLING)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "toestemming.gezag must be beide_ouders, een_ouder, voogd or "
		                "gecertificeerde_instelling");
	if (datum > 0 && tot > 0 && tot < datum)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "toestemming.geldig_tot must be on or after datum");
	if (t->ingetrokken_op && res_date(t->ingetrokken_op) != 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "toestemming.ingetrokken_op is set by WithdrawToestemming, not on record");
	return 0;
}

RES_METHOD(record, SERVICE, "RecordToestemming", passend__v1__record_toestemming_request,
           passend__v1__toestemming, USERS, RES_PUPIL_LEVEL, .q = &sql_toestemming_insert,
           .required = "toestemming", .check = check_record, .not_found = "leerling not found");
RES_METHOD(get, SERVICE, "GetToestemming", passend__v1__get_toestemming_request, passend__v1__toestemming,
           USERS, RES_IDEMPOTENT | RES_PUPIL_LEVEL, .q = &sql_toestemming_get, .id = "id",
           .not_found = "toestemming not found");
RES_METHOD(list, SERVICE, "ListToestemmingen", passend__v1__list_toestemmingen_request,
           passend__v1__list_toestemmingen_response, USERS, RES_IDEMPOTENT | RES_PUPIL_LEVEL,
           .kind = RES_LIST, .q = &sql_toestemming_list, .ids = RES_NAMES("leerling_id"));
RES_METHOD(withdraw, SERVICE, "WithdrawToestemming", passend__v1__withdraw_toestemming_request,
           passend__v1__toestemming, USERS, RES_IDEMPOTENT | RES_PUPIL_LEVEL, .q = &sql_toestemming_withdraw,
           .id = "id", .not_found = "toestemming not found");

static const rpc_method *const methods[] = {&record.rpc, &get.rpc, &list.rpc, &withdraw.rpc, NULL};
const service svc_area_toestemming = {SERVICE, methods, sql_toestemming_stmts};
