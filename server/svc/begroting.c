/* begroting: passend.v1.Begroting (D43), resources of the kit (resource.h):
 * versions of a school year's begroting with their groups and lines, the
 * steps submit (bestuur) and approve (toezicht), manual forecasts, transfer
 * rates, the monthly transfer schedule and the SBO regime in force. The
 * statements are server/sql/begroting.sql; the rules are SQL functions
 * (sql/functions/bestuur_begroting.sql). This file holds the field rules. */
#include <stdint.h>
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/begroting.pb-c.h"
#include "resource.h"
#include "sql_begroting.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE   "passend.v1.Begroting"
#define READERS   (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT)
#define MAX_CENTS 100000000000LL /* EUR 1,000,000,000 */

/* ---- shared field rules -------------------------------------------------- */

static int check_schooljaar(res_ctx *c, const char *field, const char *v, int optional)
{
	if ((optional && !*v) || svc_is_schooljaar(v)) return 0;
	return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s " SVC_SCHOOLJAAR_RULE, field);
}

/* A sleutel: 1-40 of A-Z a-z 0-9 . _ - */
static int is_sleutel(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 40) return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

static int check_sleutel(res_ctx *c, const char *v, int optional)
{
	if ((optional && !*v) || is_sleutel(v)) return 0;
	return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
	                "sleutel must be 1-40 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
}

/* A group: a Roman numeral of I, V, X, L, C, 1-8 letters. */
static int check_groep(res_ctx *c, const char *v)
{
	size_t n = strlen(v);
	int ok = n >= 1 && n <= 8;
	for (size_t i = 0; ok && i < n; i++)
		ok = strchr("IVXLC", v[i]) != NULL;
	return ok ? 0
	          : res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
	                     "groep must be a Roman numeral (I, II, III, ...)");
}

static int check_sectie(res_ctx *c, int sectie)
{
	if (sectie >= PASSEND__V1__BEGROTING_SECTIE__SECTIE_BATEN &&
	    sectie <= PASSEND__V1__BEGROTING_SECTIE__SECTIE_LASTEN)
		return 0;
	return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
	                "sectie must be SECTIE_BATEN, SECTIE_OVERDRACHTEN or SECTIE_LASTEN");
}

static int check_cents(res_ctx *c, const char *field, int64_t v)
{
	if (v >= -MAX_CENTS && v <= MAX_CENTS) return 0;
	return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s must be from -%lld to %lld", field, MAX_CENTS,
	                MAX_CENTS);
}

static int check_text(res_ctx *c, const char *field, const char *v, size_t max, int required)
{
	size_t n = strlen(v);
	if ((required && n == 0) || n > max || svc_has_control(v))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "%s %s%zu characters without control characters", field,
		                required ? "is required: 1-" : "is at most ", max);
	return 0;
}

/* ---- versions --------------------------------------------------------------- */

static int check_create(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateBegrotingRequest *r = (const void *)msg;
	if (check_schooljaar(c, "schooljaar", r->schooljaar, 0) || res_check_uuid(c, "van_begroting_id", 1))
		return -1;
	return check_text(c, "toelichting", r->toelichting, 4000, 0);
}

static int check_list(res_ctx *c, const ProtobufCMessage *msg)
{
	return check_schooljaar(c, "schooljaar",
	                        ((const Passend__V1__ListBegrotingenRequest *)msg)->schooljaar, 1);
}

static int check_groep_upsert(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__BegrotingGroep *g = (const void *)msg;
	if (check_sectie(c, g->sectie) || check_groep(c, g->groep)) return -1;
	return check_text(c, "kop", g->kop, 200, 0);
}

static int check_regel_upsert(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__BegrotingRegel *r = (const void *)msg;
	if (check_sleutel(c, r->sleutel, 0) || check_sectie(c, r->sectie) || check_groep(c, r->groep) ||
	    check_text(c, "code", r->code, 20, 0) || check_text(c, "omschrijving", r->omschrijving, 200, 1))
		return -1;
	if (r->volgorde < 1 || r->volgorde > 9999)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "volgorde must be from 1 to 9999");
	if (check_cents(c, "bedrag_cents", r->bedrag_cents)) return -1;
	if (r->pm && r->bedrag_cents != 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "bedrag_cents must be 0 on a PM line (pm)");
	return 0;
}

static int check_regel_delete(res_ctx *c, const ProtobufCMessage *msg)
{
	(void)msg;
	return res_check_uuid(c, "regel_id", 0);
}

static int check_step(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__BegrotingStapRequest *r = (const void *)msg;
	long d = res_date(r->datum);
	if (d < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a valid date");
	if (d == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is required");
	return check_text(c, "besluit", r->besluit, 200, 0);
}

static int check_submit(res_ctx *c, const ProtobufCMessage *msg)
{
	if (((const Passend__V1__BegrotingStapRequest *)msg)->besluit[0])
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "besluit is toezicht's: give it with ApproveBegroting, not SubmitBegroting");
	return check_step(c, msg);
}

/* ---- forecasts ---------------------------------------------------------------- */

static int check_prognose(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Prognose *p = (const void *)msg;
	if (check_schooljaar(c, "schooljaar", p->schooljaar, 0) || check_sleutel(c, p->sleutel, 0) ||
	    check_cents(c, "bedrag_cents", p->bedrag_cents))
		return -1;
	if (p->wissen && p->bedrag_cents != 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "bedrag_cents must be 0 with wissen");
	return 0;
}

static int check_prognose_list(res_ctx *c, const ProtobufCMessage *msg)
{
	return check_schooljaar(c, "schooljaar", ((const Passend__V1__ListPrognosesRequest *)msg)->schooljaar,
	                        0);
}

/* ---- transfers ------------------------------------------------------------------ */

static int check_tarief(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__OverdrachtTarief *t = (const void *)msg;
	if (check_schooljaar(c, "schooljaar", t->schooljaar, 0)) return -1;
	if (!svc_is_code(t->soort))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "soort is required: 1-40 lower-case letters, digits or _ (e.g. basisondersteuning)");
	if (check_text(c, "omschrijving", t->omschrijving, 200, 0)) return -1;
	if (t->bedrag_per_leerling_cents < 0 || t->bedrag_per_leerling_cents > 100000000)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "bedrag_per_leerling_cents must be from 0 to 100000000");
	long d = res_date(t->teldatum);
	if (d <= 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "teldatum is required (a valid date)");
	if (t->n_schoolsoorten > 3)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "schoolsoorten: at most bao, sbo and so");
	for (size_t i = 0; i < t->n_schoolsoorten; i++) {
		const char *s = t->schoolsoorten[i];
		if (strcmp(s, "bao") && strcmp(s, "sbo") && strcmp(s, "so"))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "schoolsoorten[%zu] must be bao, sbo or so", i);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(s, t->schoolsoorten[j]))
				return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
				                "schoolsoorten[%zu]: %s is named twice", i, s);
	}
	return check_sleutel(c, t->sleutel, 1);
}

static int check_tarief_list(res_ctx *c, const ProtobufCMessage *msg)
{
	return check_schooljaar(c, "schooljaar",
	                        ((const Passend__V1__ListOverdrachtTarievenRequest *)msg)->schooljaar, 0);
}

static int check_schema(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetOverdrachtSchemaRequest *r = (const void *)msg;
	if (check_schooljaar(c, "schooljaar", r->schooljaar, 0)) return -1;
	return res_check_uuid(c, "bestuur_id", 1);
}

static int check_sbo(res_ctx *c, const ProtobufCMessage *msg)
{
	long d = res_date(((const Passend__V1__GetSboRegimeRequest *)msg)->datum);
	if (d <= 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is required (a valid date)");
	return 0;
}

/* ---- methods ------------------------------------------------------------------- */

RES_METHOD(create, SERVICE, "CreateBegroting", passend__v1__create_begroting_request,
           passend__v1__begroting_versie, RPC_ROLE_BESTUUR, 0, .q = &sql_begroting_create,
           .then = &sql_begroting_current, .check = check_create, .not_found = "begroting not created");
RES_METHOD(get, SERVICE, "GetBegroting", passend__v1__get_begroting_request, passend__v1__begroting_versie,
           READERS, RES_IDEMPOTENT, .q = &sql_begroting_get, .id = "id", .not_found = "begroting not found");
RES_METHOD(list, SERVICE, "ListBegrotingen", passend__v1__list_begrotingen_request,
           passend__v1__list_begrotingen_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_begroting_list, .check = check_list, .key = "_key");
RES_METHOD(groep, SERVICE, "UpsertBegrotingGroep", passend__v1__begroting_groep, passend__v1__begroting_groep,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_begroting_upsert_groep, .id = "begroting_id",
           .check = check_groep_upsert, .not_found = "begroting not found");
RES_METHOD(regel, SERVICE, "UpsertBegrotingRegel", passend__v1__begroting_regel, passend__v1__begroting_regel,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_begroting_upsert_regel, .id = "begroting_id",
           .check = check_regel_upsert, .not_found = "begroting not found");
RES_METHOD(regel_delete, SERVICE, "DeleteBegrotingRegel", passend__v1__delete_begroting_regel_request,
           passend__v1__begroting_regel, RPC_ROLE_BESTUUR, 0, .q = &sql_begroting_delete_regel,
           .id = "begroting_id", .check = check_regel_delete, .not_found = "the begroting has no such line");
RES_METHOD(submit, SERVICE, "SubmitBegroting", passend__v1__begroting_stap_request,
           passend__v1__begroting_versie, RPC_ROLE_BESTUUR, 0, .q = &sql_begroting_submit,
           .then = &sql_begroting_get, .id = "id", .check = check_submit, .not_found = "begroting not found");
RES_METHOD(approve, SERVICE, "ApproveBegroting", passend__v1__begroting_stap_request,
           passend__v1__begroting_versie, RPC_ROLE_TOEZICHT, 0, .q = &sql_begroting_approve,
           .then = &sql_begroting_get, .id = "id", .check = check_step, .not_found = "begroting not found");
RES_METHOD(prognose, SERVICE, "SetPrognose", passend__v1__prognose, passend__v1__prognose, RPC_ROLE_BESTUUR,
           RES_IDEMPOTENT, .q = &sql_begroting_set_prognose, .check = check_prognose,
           .not_found = "sleutel: no begroting line with this sleutel");
RES_METHOD(prognoses, SERVICE, "ListPrognoses", passend__v1__list_prognoses_request,
           passend__v1__list_prognoses_response, RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_begroting_list_prognoses, .check = check_prognose_list);
RES_METHOD(tarief, SERVICE, "UpsertOverdrachtTarief", passend__v1__overdracht_tarief,
           passend__v1__overdracht_tarief, RPC_ROLE_BESTUUR, RES_IDEMPOTENT,
           .q = &sql_begroting_upsert_tarief, .check = check_tarief, .not_found = "tarief not stored");
RES_METHOD(tarieven, SERVICE, "ListOverdrachtTarieven", passend__v1__list_overdracht_tarieven_request,
           passend__v1__list_overdracht_tarieven_response, RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_begroting_list_tarieven, .check = check_tarief_list);
RES_METHOD(schema, SERVICE, "GetOverdrachtSchema", passend__v1__get_overdracht_schema_request,
           passend__v1__overdracht_schema, RPC_ROLE_BESTUUR, RES_IDEMPOTENT | RES_REPORT,
           .q = &sql_begroting_schema, .check = check_schema, .not_found = "no schema");
RES_METHOD(sbo, SERVICE, "GetSboRegime", passend__v1__get_sbo_regime_request, passend__v1__sbo_regime,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT | RES_REPORT, .q = &sql_begroting_sbo, .check = check_sbo,
           .not_found = "no SBO regime");

/* The realisatie import (docs/import.md): bookings or monthly totals per
 * line, named by its sleutel; bestuur.import_realisatie checks and writes. */
const import_kind import_kind_realisatie = {"realisatie",
                                            PASSEND__V1__IMPORT_KIND__IMPORT_REALISATIE,
                                            RPC_ROLE_BESTUUR,
                                            "bestuur.import_realisatie",
                                            NULL,
                                            "regel* datum*:date bedrag*:money boekstuk:long omschrijving"};

static const rpc_method *const methods[] = {
    &create.rpc,       &get.rpc,      &list.rpc,    &groep.rpc,    &regel.rpc,
    &regel_delete.rpc, &submit.rpc,   &approve.rpc, &prognose.rpc, &prognoses.rpc,
    &tarief.rpc,       &tarieven.rpc, &schema.rpc,  &sbo.rpc,      NULL,
};
const service svc_area_begroting = {SERVICE, methods, sql_begroting_stmts};
