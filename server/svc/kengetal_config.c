/* kengetal_config: passend.v1.Rapportage's kengetal configuration, versioned
 * per year: definitions (how a kengetal is computed), size classes and the
 * inspectie's signaleringswaarden per size class. Platform data, resources
 * of the kit (resource.h): the admin writes, admin, bestuur and toezicht
 * read. The statements are server/sql/kengetal_config.sql. */
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_kengetal_config.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE   "passend.v1.Rapportage"
#define READERS   (RPC_ROLE_ADMIN | RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT)
#define MAX_TERMS 20

static int check_vanaf(res_ctx *c, int32_t y)
{
	if (y < 1990 || y > 2100)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "geldig_vanaf must be a year from 1990 to 2100");
	return 0;
}

static int check_terms(res_ctx *c, const char *name, char *const *t, size_t n, size_t min)
{
	if (n < min || n > MAX_TERMS)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s: from %zu to %d terms", name, min,
		                MAX_TERMS);
	for (size_t i = 0; i < n; i++)
		if (!svc_is_code(t[i][0] == '-' ? t[i] + 1 : t[i]))
			return res_fail(
			    c, GRPC_STATUS_INVALID_ARGUMENT,
			    "%s[%zu] must be a rubriek or staat code, with - in front to subtract", name, i);
	return 0;
}

static int check_definitie(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__KengetalDefinitie *d = (const void *)msg;
	int euro = strcmp(d->eenheid, "euro") == 0;
	if (!svc_is_code(d->kengetal))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "kengetal must be 1-40 lower-case letters, digits or _, starting with a letter");
	if (check_vanaf(c, d->geldig_vanaf) < 0) return -1;
	if (!d->naam[0] || strlen(d->naam) > 200)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "naam is required (at most 200 characters)");
	if (!euro && strcmp(d->eenheid, "%") && strcmp(d->eenheid, "ratio"))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "eenheid must be %%, ratio or euro");
	if (d->factor != 1 && d->factor != 100)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "factor must be 1 or 100");
	if (check_terms(c, "teller", d->teller, d->n_teller, 1) < 0) return -1;
	return check_terms(c, "noemer", d->noemer, d->n_noemer, euro ? 0 : 1);
}

static int check_grootteklasse(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Grootteklasse *g = (const void *)msg;
	if (check_vanaf(c, g->geldig_vanaf) < 0) return -1;
	if (!svc_is_code(g->grootteklasse) || strlen(g->grootteklasse) > 31 ||
	    !strcmp(g->grootteklasse, "alle"))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "grootteklasse must be 1-31 lower-case letters, digits or _, starting with a "
		                "letter, and not alle");
	if (g->baten_vanaf_cents < 0 || g->baten_vanaf_cents > 100000000000000LL)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "baten_vanaf_cents must be from 0 to 100000000000000");
	return 0;
}

static int check_signaleringswaarde(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Signaleringswaarde *s = (const void *)msg;
	if (!svc_is_code(s->kengetal))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "kengetal must be 1-40 lower-case letters, digits or _, starting with a letter");
	if (check_vanaf(c, s->geldig_vanaf) < 0) return -1;
	if (s->grootteklasse[0] && (!svc_is_code(s->grootteklasse) || strlen(s->grootteklasse) > 31))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "grootteklasse must be a size class code, alle, or empty for alle");
	const char *names[2] = {"ondergrens", "bovengrens"}, *vals[2] = {s->ondergrens, s->bovengrens};
	for (int i = 0; i < 2; i++)
		if (vals[i][0] && !svc_is_decimal2(vals[i]))
			return res_fail(
			    c, GRPC_STATUS_INVALID_ARGUMENT,
			    "%s must be a number with at most 2 decimals and a decimal point (e.g. "
			    "\"0.75\"), or empty",
			    names[i]);
	if (s->ondergrens[0] && s->bovengrens[0] && strtod(s->ondergrens, NULL) > strtod(s->bovengrens, NULL))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "ondergrens must not be above bovengrens");
	if ((s->minimum_cents < 0 || s->minimum_cents > 100000000000000LL))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "minimum_cents must be from 0 to 100000000000000");
	return 0;
}

RES_METHOD(set_definitie, SERVICE, "SetKengetalDefinitie", passend__v1__kengetal_definitie,
           passend__v1__kengetal_definitie, RPC_ROLE_ADMIN, RES_IDEMPOTENT,
           .q = &sql_kengetal_config_set_definitie, .check = check_definitie,
           .not_found = "kengetal definitie not stored");
RES_METHOD(list_definities, SERVICE, "ListKengetalDefinities", passend__v1__list_kengetal_definities_request,
           passend__v1__list_kengetal_definities_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_kengetal_config_list_definities);
RES_METHOD(set_grootteklasse, SERVICE, "SetGrootteklasse", passend__v1__grootteklasse,
           passend__v1__grootteklasse, RPC_ROLE_ADMIN, RES_IDEMPOTENT,
           .q = &sql_kengetal_config_set_grootteklasse, .check = check_grootteklasse,
           .db_errors = RES_DB_ERRORS(
               {"23505", "grootteklassen_geldig_vanaf_baten_vanaf_cents_key", GRPC_STATUS_INVALID_ARGUMENT,
                "baten_vanaf_cents: another grootteklasse of this geldig_vanaf starts at the same amount"}),
           .not_found = "grootteklasse not stored");
RES_METHOD(list_grootteklassen, SERVICE, "ListGrootteklassen", passend__v1__list_grootteklassen_request,
           passend__v1__list_grootteklassen_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_kengetal_config_list_grootteklassen);
RES_METHOD(set_signaleringswaarde, SERVICE, "SetSignaleringswaarde", passend__v1__signaleringswaarde,
           passend__v1__signaleringswaarde, RPC_ROLE_ADMIN, RES_IDEMPOTENT,
           .q = &sql_kengetal_config_set_signaleringswaarde, .check = check_signaleringswaarde,
           .not_found = "signaleringswaarde not stored");
RES_METHOD(list_signaleringswaarden, SERVICE, "ListSignaleringswaarden",
           passend__v1__list_signaleringswaarden_request, passend__v1__list_signaleringswaarden_response,
           READERS, RES_IDEMPOTENT, .kind = RES_LIST, .q = &sql_kengetal_config_list_signaleringswaarden);

static const rpc_method *const methods[] = {&set_definitie.rpc,
                                            &list_definities.rpc,
                                            &set_grootteklasse.rpc,
                                            &list_grootteklassen.rpc,
                                            &set_signaleringswaarde.rpc,
                                            &list_signaleringswaarden.rpc,
                                            NULL};
const service svc_area_kengetal_config = {SERVICE, methods, sql_kengetal_config_stmts};
