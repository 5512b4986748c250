/* thuiszitter_telling: passend.v1.Werkgebied's municipal thuiszitter figures
 * (D39), resources of the kit (resource.h): the count per peildatum,
 * category and gemeente (empty gemeente: a total without a split) and the
 * verloop per period, each set by its natural key and listed; bestuur only
 * (the other roles read them through GetThuiszitterReport); and the import
 * kind thuiszitter_tellingen. Statements: server/sql/thuiszitter_telling.sql. */
#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_thuiszitter_telling.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE   "passend.v1.Werkgebied"
#define MAX_COUNT 1000000

static int check_telling(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ThuiszitterTelling *t =
	    ((const Passend__V1__SetThuiszitterTellingRequest *)msg)->telling;
	long d = res_date(t->peildatum);
	if (d == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "telling.peildatum is required");
	if (d < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "telling.peildatum is not a valid date");
	if (!svc_is_code(t->categorie))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "telling.categorie is required: a code of the thuiszitter_categorie list "
		                "(ListLijstWaarden)");
	if (res_check_uuid(c, "telling.gemeente_id", 1) != 0) return -1;
	if (t->aantal < 0 || t->aantal > MAX_COUNT)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "telling.aantal must be 0..1000000");
	return 0;
}

/* The verloop's six figures, each 0..MAX_COUNT. */
static int check_verloop(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ThuiszitterVerloop *v =
	    ((const Passend__V1__SetThuiszitterVerloopRequest *)msg)->verloop;
	long van = res_date(v->van), tot = res_date(v->tot);
	if (van == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "verloop.van is required");
	if (van < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "verloop.van is not a valid date");
	if (tot == 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "verloop.tot is required");
	if (tot < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "verloop.tot is not a valid date");
	if (tot < van)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "verloop.tot must be on or after van");
	if (res_check_uuid(c, "verloop.gemeente_id", 1) != 0) return -1;
	const int32_t f[6] = {v->begin, v->nieuw, v->verhuisd, v->achttien, v->opgelost, v->actueel};
	static const char *const names[6] = {"begin", "nieuw", "verhuisd", "achttien", "opgelost", "actueel"};
	for (int i = 0; i < 6; i++)
		if (f[i] < 0 || f[i] > MAX_COUNT)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "verloop.%s must be 0..1000000",
			                names[i]);
	return 0;
}

static int check_list(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ListThuiszitterTellingenRequest *r = (const void *)msg;
	if (res_date(r->peildatum) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "peildatum is not a valid date");
	return 0;
}

/* The list trigger and the gemeente's foreign key in the request's words. */
RES_METHOD(set_telling, SERVICE, "SetThuiszitterTelling", passend__v1__set_thuiszitter_telling_request,
           passend__v1__thuiszitter_telling, RPC_ROLE_BESTUUR, RES_IDEMPOTENT,
           .q = &sql_thuiszitter_telling_set_telling, .required = "telling", .check = check_telling,
           .db_errors = RES_DB_ERRORS(
               RES_LIJST("lijst_waarde:", "telling.categorie", "thuiszitter_categorie"),
               RES_FKEY("thuiszitter_tellingen_gemeente_fkey", "telling.gemeente_id: gemeente not found")),
           .not_found = "telling not stored");
RES_METHOD(list_tellingen, SERVICE, "ListThuiszitterTellingen",
           passend__v1__list_thuiszitter_tellingen_request, passend__v1__list_thuiszitter_tellingen_response,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .kind = RES_LIST, .q = &sql_thuiszitter_telling_list_tellingen,
           .check = check_list, .key = "_key");
RES_METHOD(set_verloop, SERVICE, "SetThuiszitterVerloop", passend__v1__set_thuiszitter_verloop_request,
           passend__v1__thuiszitter_verloop, RPC_ROLE_BESTUUR, RES_IDEMPOTENT,
           .q = &sql_thuiszitter_telling_set_verloop, .required = "verloop", .check = check_verloop,
           .db_errors = RES_DB_ERRORS(RES_FKEY("thuiszitter_verloop_gemeente_fkey",
                                               "verloop.gemeente_id: gemeente not found")),
           .not_found = "verloop not stored");
RES_METHOD(list_verloop, SERVICE, "ListThuiszitterVerloop", passend__v1__list_thuiszitter_verloop_request,
           passend__v1__list_thuiszitter_verloop_response, RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_thuiszitter_telling_list_verloop, .key = "_key");

static const rpc_method *const methods[] = {&set_telling.rpc, &list_tellingen.rpc, &set_verloop.rpc,
                                            &list_verloop.rpc, NULL};
/* ---- CSV import of municipal counts (docs/import.md "thuiszitter_tellingen";
 * finish in sql/functions/werkgebied_import_thuiszitters.sql) ---- */
const import_kind import_kind_thuiszitter_tellingen = {
    "thuiszitter_tellingen",
    PASSEND__V1__IMPORT_KIND__IMPORT_THUISZITTER_TELLINGEN,
    RPC_ROLE_BESTUUR,
    "werkgebied.import_thuiszitter_tellingen",
    NULL,
    "peildatum*:date categorie*:code gemeente aantal*:count"};

const service svc_area_thuiszitter_telling = {SERVICE, methods, sql_thuiszitter_telling_stmts};
