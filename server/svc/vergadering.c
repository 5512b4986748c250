/* vergadering: passend.v1.Toezicht's meetings of toezicht and of the OPR,
 * their agenda items and the decisions they take (D45), resources of the
 * kit (resource.h). Statements: server/sql/vergadering.sql; the rules on
 * stored decisions are the tables' (0024) and answered here in the
 * request's words. Roles toezicht and bestuur; a toezicht meeting's
 * decision is recorded by toezicht only. */
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/toezicht.pb-c.h"
#include "resource.h"
#include "sql_vergadering.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE    "passend.v1.Toezicht"
#define ROLES      (RPC_ROLE_TOEZICHT | RPC_ROLE_BESTUUR)
#define ORGANEN    "toezicht|opr"
#define BESLUITEN  "geen|begroting|jaarrekening|jaarplan|ondersteuningsplan|overig"
#define UITKOMSTEN "open|goedgekeurd|afgekeurd|aangehouden|instemming|geen_instemming"

static int check_vergadering(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__Vergadering *v = ((const Passend__V1__CreateVergaderingRequest *)req)->vergadering;
	if (!svc_is_one_of(v->orgaan, ORGANEN))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "vergadering.orgaan must be toezicht or opr");
	if (res_date(v->datum) <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "vergadering.datum is required and must be a calendar date");
	if (!svc_text_ok(v->titel, 1, 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "vergadering.titel is required (at most 200 characters)");
	return 0;
}

static int check_vergadering_list(res_ctx *c, const ProtobufCMessage *req)
{
	const char *o = ((const Passend__V1__ListVergaderingenRequest *)req)->orgaan;
	if (o[0] && !svc_is_one_of(o, ORGANEN))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "orgaan must be toezicht, opr or empty");
	return 0;
}

/* The form of a periode per besluit (the table's CHECK holds it too). */
static const char *periode_error(const char *besluit, const char *p)
{
	int schooljaar = svc_is_schooljaar(p);
	if (!strcmp(besluit, "begroting") || !strcmp(besluit, "jaarplan"))
		return schooljaar ? NULL
		                  : "agendapunt.periode must be the schooljaar for a begroting or jaarplan, "
		                    "e.g. 2018-2019";
	if (!strcmp(besluit, "jaarrekening"))
		return strlen(p) == 4 && strspn(p, "0123456789") == 4
		           ? NULL
		           : "agendapunt.periode must be the calendar year for a jaarrekening, e.g. 2018";
	if (!strcmp(besluit, "ondersteuningsplan"))
		return strlen(p) == 9 && strspn(p, "0123456789") == 4 && p[4] == '-' &&
		               strspn(p + 5, "0123456789") == 4 && strncmp(p + 5, p, 4) > 0
		           ? NULL
		           : "agendapunt.periode must be the ondersteuningsplan's years, e.g. 2018-2022";
	return p[0] ? "agendapunt.periode is only for a begroting, jaarplan, jaarrekening or "
	              "ondersteuningsplan"
	            : NULL;
}

static int check_punt(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__Agendapunt *a = ((const Passend__V1__CreateAgendapuntRequest *)req)->agendapunt;
	if (res_check_uuid(c, "agendapunt.vergadering_id", 0) != 0) return -1;
	if (a->volgorde < 1 || a->volgorde > 999)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "agendapunt.volgorde must be 1..999");
	if (!svc_text_ok(a->onderwerp, 1, 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "agendapunt.onderwerp is required (at most 200 characters)");
	const char *b = a->besluit[0] ? a->besluit : "geen";
	if (!svc_is_one_of(b, BESLUITEN))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "agendapunt.besluit must be geen, begroting, jaarrekening, jaarplan, "
		                "ondersteuningsplan or overig");
	const char *err = periode_error(b, a->periode);
	if (err) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
	if (!svc_text_ok(a->toelichting, 0, 4000))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "agendapunt.toelichting: at most 4000 characters");
	return 0;
}

static int check_punt_list(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__ListAgendapuntenRequest *r = (const void *)req;
	if (res_check_uuid(c, "vergadering_id", 1) != 0) return -1;
	if (r->besluit[0] && !svc_is_one_of(r->besluit, BESLUITEN))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "besluit must be geen, begroting, jaarrekening, jaarplan, ondersteuningsplan or overig");
	return 0;
}

static int check_besluit(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__RecordBesluitRequest *r = (const void *)req;
	if (!svc_is_one_of(r->uitkomst, UITKOMSTEN))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "uitkomst must be open, goedgekeurd, afgekeurd, aangehouden, instemming or "
		                "geen_instemming");
	if (!svc_text_ok(r->toelichting, 0, 4000))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "toelichting: at most 4000 characters");
	return 0;
}

RES_METHOD(create, SERVICE, "CreateVergadering", passend__v1__create_vergadering_request,
           passend__v1__vergadering, ROLES, 0, .q = &sql_vergadering_insert, .required = "vergadering",
           .check = check_vergadering,
           .db_errors = RES_DB_ERRORS(RES_UNIQUE("vergaderingen_titel",
                                                 "vergadering.titel is already used by another meeting")));
RES_METHOD(get, SERVICE, "GetVergadering", passend__v1__get_vergadering_request, passend__v1__vergadering,
           ROLES, RES_IDEMPOTENT, .q = &sql_vergadering_get, .id = "id",
           .not_found = "vergadering not found");
RES_METHOD(list, SERVICE, "ListVergaderingen", passend__v1__list_vergaderingen_request,
           passend__v1__list_vergaderingen_response, ROLES, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_vergadering_list, .key = "_key", .check = check_vergadering_list);
RES_METHOD(punt_create, SERVICE, "CreateAgendapunt", passend__v1__create_agendapunt_request,
           passend__v1__agendapunt, ROLES, 0, .q = &sql_vergadering_punt_insert, .required = "agendapunt",
           .check = check_punt, .not_found = "vergadering not found",
           .db_errors = RES_DB_ERRORS(RES_UNIQUE("agendapunten_swv_id_vergadering_id_volgorde_key",
                                                 "agendapunt.volgorde is already used in this meeting")));
RES_METHOD(punt_list, SERVICE, "ListAgendapunten", passend__v1__list_agendapunten_request,
           passend__v1__list_agendapunten_response, ROLES, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_vergadering_punt_list, .key = "_key", .check = check_punt_list);
RES_METHOD(
    besluit, SERVICE, "RecordBesluit", passend__v1__record_besluit_request, passend__v1__agendapunt, ROLES, 0,
    .q = &sql_vergadering_besluit, .id = "agendapunt_id", .check = check_besluit,
    .not_found = "agendapunt not found",
    .db_errors = RES_DB_ERRORS(
        RES_UNIQUE("agendapunten_eens_goedgekeurd", "this besluit and periode are already approved "
                                                    "(goedgekeurd or instemming) in another agendapunt"),
        RES_CHECK("agendapunten_uitkomst",
                  "uitkomst: a begroting, jaarrekening, jaarplan or overig besluit is goedgekeurd, afgekeurd "
                  "or aangehouden; the ondersteuningsplan instemming, geen_instemming or aangehouden"),
        {"42501", "row-level security", GRPC_STATUS_PERMISSION_DENIED,
         "the decision of a toezicht meeting is recorded by toezicht"}));

static const rpc_method *const methods[] = {&create.rpc,    &get.rpc,     &list.rpc, &punt_create.rpc,
                                            &punt_list.rpc, &besluit.rpc, NULL};
const service svc_area_vergadering = {SERVICE, methods, sql_vergadering_stmts};
