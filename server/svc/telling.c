/* telling: passend.v1.Bestuur's leerlingtellingen, the pupil count of one
 * school on one teldatum, by school location (schoolgaand) or by residence
 * (woonachtig, per gemeente); a resource of the kit (resource.h). The
 * statements are server/sql/telling.sql; rows become Telling messages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "resource.h"
#include "sql_telling.h"
#include "svc.h"

#define SERVICE "passend.v1.Bestuur"

static int check_upsert(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__Telling *t = (const void *)req;
	if (res_date(t->teldatum) <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "teldatum is required (a valid date)");
	if (t->tel_wijze != PASSEND__V1__TEL_WIJZE__SCHOOLGAAND &&
	    t->tel_wijze != PASSEND__V1__TEL_WIJZE__WOONACHTIG)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "tel_wijze must be SCHOOLGAAND or WOONACHTIG");
	if (t->tel_wijze == PASSEND__V1__TEL_WIJZE__WOONACHTIG && res_check_uuid(c, "gemeente_id", 0) != 0)
		return -1;
	if (t->tel_wijze == PASSEND__V1__TEL_WIJZE__SCHOOLGAAND && t->gemeente_id[0])
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "gemeente_id must be empty for SCHOOLGAAND");
	if (t->aantal < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "aantal must be >= 0");
	const int32_t v[4] = {t->onder_8, t->so_categorie_1, t->so_categorie_2, t->so_categorie_3};
	const char *names[4] = {"onder_8", "so_categorie_1", "so_categorie_2", "so_categorie_3"};
	int64_t cats = 0;
	for (int i = 0; i < 4; i++) {
		if (v[i] < -1 || v[i] > t->aantal)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "%s must be -1 (unknown) or 0..aantal", names[i]);
		if (i > 0 && v[i] > 0) cats += v[i];
	}
	if (cats > t->aantal)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "so_categorie_1 + 2 + 3 must not exceed aantal");
	return 0;
}

RES_METHOD(upsert, SERVICE, "UpsertTelling", passend__v1__telling, passend__v1__telling, RPC_ROLE_BESTUUR,
           RES_IDEMPOTENT, .q = &sql_telling_upsert, .id = "school_id", .check = check_upsert,
           .not_found = "telling not stored");
RES_METHOD(list, SERVICE, "ListTellingen", passend__v1__list_tellingen_request,
           passend__v1__list_tellingen_response, RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_telling_list, .ids = RES_NAMES("school_id"), .key = "_id");

static const rpc_method *const methods[] = {&upsert.rpc, &list.rpc, NULL};

/* ---- CSV import (docs/import.md "tellingen"; finish in
 * sql/functions/bestuur_import.sql) ---- */

static int import_check(const char **v, imp_row_err *e)
{
	int n = 0;
	int woon = !strcmp(v[3], "woonachtig");
	if (woon && !v[4]) e[n++] = (imp_row_err){"gemeente", "is required for tel_wijze woonachtig"};
	if (!woon && v[4]) e[n++] = (imp_row_err){"gemeente", "is only for tel_wijze woonachtig"};
	long aantal = atol(v[5]);
	if (v[6] && atol(v[6]) > aantal) e[n++] = (imp_row_err){"onder_8", "is more than aantal"};
	long cats = (v[7] ? atol(v[7]) : 0) + (v[8] ? atol(v[8]) : 0) + (v[9] ? atol(v[9]) : 0);
	if (cats > aantal) e[n++] = (imp_row_err){"so_categorie_1", "categories add up to more than aantal"};
	return n;
}

const import_kind import_kind_tellingen = {
    "tellingen",
    PASSEND__V1__IMPORT_KIND__IMPORT_TELLINGEN,
    RPC_ROLE_BESTUUR,
    "bestuur.import_tellingen",
    import_check,
    "brin*:brin vestiging:vest=00 teldatum*:date tel_wijze:enum(schoolgaand|woonachtig)=schoolgaand gemeente "
    "aantal*:count onder_8:count so_categorie_1:count so_categorie_2:count so_categorie_3:count"};
const service svc_area_telling = {SERVICE, methods, sql_telling_stmts};
