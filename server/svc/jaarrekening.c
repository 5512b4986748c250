/* jaarrekening: passend.v1.Bestuur's annual accounts (PutJaarrekening,
 * GetJaarrekening, ListJaarrekeningRubrieken), methods of the resource kit
 * (resource.h). A year is stored whole by bestuur.jaarrekening_put, which
 * holds the rules on stored data (rubrieken, unique codes, a balans in
 * balance, published kengetallen); this file checks the request's own
 * fields. The statements are server/sql/jaarrekening.sql. The CSV import
 * kind jaarrekening (docs/import.md) is declared here; its finish function
 * is sql/functions/bestuur_import_jaarrekening.sql. */
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "resource.h"
#include "sql_jaarrekening.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE    "passend.v1.Bestuur"
#define READERS    (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT)
#define MAX_REGELS 2000
#define MAX_PUBL   100
#define MAX_CENTS  100000000000000LL /* EUR 1,000,000,000,000 */

static int check_jaar(res_ctx *c, int32_t jaar)
{
	const char *err = svc_jaar_error(jaar);
	return err ? res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err) : 0;
}

static int check_put(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Jaarrekening *j = (const void *)msg;
	if (check_jaar(c, j->jaar) < 0) return -1;
	if (j->n_regels < 1 || j->n_regels > MAX_REGELS)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "regels: from 1 to %d lines", MAX_REGELS);
	for (size_t i = 0; i < j->n_regels; i++) {
		const Passend__V1__JaarrekeningRegel *r = j->regels[i];
		if (!r->code[0] || strlen(r->code) > 20 || svc_has_control(r->code))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "regels[%zu].code is required (at most 20 characters)", i);
		if (!svc_is_code(r->rubriek))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "regels[%zu].rubriek is required: a rubriek such as eigen_vermogen "
			                "(ListJaarrekeningRubrieken)",
			                i);
		if (!r->naam[0] || strlen(r->naam) > 200 || svc_has_control(r->naam))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "regels[%zu].naam is required (at most 200 characters)", i);
		if (r->bedrag_cents > MAX_CENTS || r->bedrag_cents < -MAX_CENTS ||
		    (r->met_begroting && (r->begroting_cents > MAX_CENTS || r->begroting_cents < -MAX_CENTS)))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "regels[%zu]: amounts are at most %lld cents either way", i,
			                MAX_CENTS);
	}
	if (j->n_gepubliceerd > MAX_PUBL)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "gepubliceerd: at most %d kengetallen",
		                MAX_PUBL);
	for (size_t i = 0; i < j->n_gepubliceerd; i++)
		if (!svc_is_code(j->gepubliceerd[i]->kengetal))
			return res_fail(
			    c, GRPC_STATUS_INVALID_ARGUMENT,
			    "gepubliceerd[%zu].kengetal is required: a kengetal such as solvabiliteit_2", i);
	return 0;
}

static int check_get(res_ctx *c, const ProtobufCMessage *msg)
{
	return check_jaar(c, ((const Passend__V1__GetJaarrekeningRequest *)msg)->jaar);
}

RES_METHOD(put, SERVICE, "PutJaarrekening", passend__v1__jaarrekening, passend__v1__jaarrekening,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_jaarrekening_put, .then = &sql_jaarrekening_get,
           .check = check_put, .not_found = "jaarrekening not stored");
RES_METHOD(get, SERVICE, "GetJaarrekening", passend__v1__get_jaarrekening_request, passend__v1__jaarrekening,
           READERS, RES_IDEMPOTENT, .q = &sql_jaarrekening_get, .check = check_get,
           .not_found = "no jaarrekening for that jaar");
RES_METHOD(rubrieken, SERVICE, "ListJaarrekeningRubrieken", passend__v1__list_jaarrekening_rubrieken_request,
           passend__v1__list_jaarrekening_rubrieken_response, RPC_ROLE_ADMIN | READERS, RES_IDEMPOTENT,
           .kind = RES_LIST, .q = &sql_jaarrekening_rubrieken);

/* Lines of annual accounts from a finance package: a year in the file
 * replaces that year's lines whole, as PutJaarrekening does. */
const import_kind import_kind_jaarrekening = {
    "jaarrekening",
    PASSEND__V1__IMPORT_KIND__IMPORT_JAARREKENING,
    RPC_ROLE_BESTUUR,
    "bestuur.import_jaarrekening",
    NULL,
    "jaar*:year code* rubriek*:code naam* bedrag*:money begroting:money"};

static const rpc_method *const methods[] = {&put.rpc, &get.rpc, &rubrieken.rpc, NULL};
const service svc_area_jaarrekening = {SERVICE, methods, sql_jaarrekening_stmts};
