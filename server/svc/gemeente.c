/* gemeente: passend.v1.Bestuur's gemeenten, a resource of the kit
 * (resource.h): validity dates, the successor a merged gemeente went into,
 * postcode ranges where the SWV covers only part of one, and the
 * werkgebieden covering it (read-only here). The statements are
 * server/sql/gemeente.sql; rows become Gemeente messages by column name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "resource.h"
#include "sql_gemeente.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Bestuur"
#define READERS (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)

static const char *const updatable[] = {"name",         "cbs_code",  "valid_from", "valid_to",
                                        "successor_id", "postcodes", NULL};

/* "1234" or "1234AB" (first digit 1-9). */
static int is_postcode(const char *s)
{
	size_t n = strlen(s);
	if ((n != 4 && n != 6) || s[0] < '1' || s[0] > '9') return 0;
	for (size_t i = 1; i < 4; i++)
		if (s[i] < '0' || s[i] > '9') return 0;
	return n == 4 || (s[4] >= 'A' && s[4] <= 'Z' && s[5] >= 'A' && s[5] <= 'Z');
}

/* "GM" and 4 digits. */
static int is_cbs_code(const char *s)
{
	if (strlen(s) != 6 || s[0] != 'G' || s[1] != 'M') return 0;
	for (size_t i = 2; i < 6; i++)
		if (s[i] < '0' || s[i] > '9') return 0;
	return 1;
}

/* The rules on the fields of g that this call sets (all on create); sets
 * parameter postcode_list ("from-to,from-to"). */
static int check_gemeente(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Gemeente *g = (const void *)msg;
	int create = res_creates(c);
	if (res_touches(c, "name") && (!g->name[0] || strlen(g->name) > 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "gemeente.name is required (at most 200 characters)");
	if (g->cbs_code[0] && !is_cbs_code(g->cbs_code))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "gemeente.cbs_code must be GM and 4 digits, e.g. GM0361");
	if (res_check_range(c, "gemeente", "valid_from", g->valid_from, "valid_to", g->valid_to) != 0)
		return -1;
	if (g->successor_id[0] && !svc_is_uuid(g->successor_id))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "gemeente.successor_id is not a UUID");
	if (create && g->successor_id[0] && !res_date(g->valid_to))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "gemeente.valid_to is required with a successor_id");
	if (g->n_postcodes > 100)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "gemeente.postcodes: at most 100 ranges");
	char ranges[100 * 14 + 1] = "";
	size_t len = 0;
	for (size_t i = 0; i < g->n_postcodes; i++) {
		const Passend__V1__PostcodeRange *r = g->postcodes[i];
		if (!is_postcode(r->from) || !is_postcode(r->to) || strcmp(r->from, r->to) > 0)
			return res_fail(
			    c, GRPC_STATUS_INVALID_ARGUMENT,
			    "gemeente.postcodes[%zu]: from and to must be \"1234\" or \"1234AB\", from <= to",
			    i);
		len += (size_t)snprintf(ranges + len, sizeof ranges - len, "%s%s-%s", i ? "," : "", r->from,
		                        r->to);
	}
	return res_set(c, "postcode_list", ranges);
}

RES_METHOD(create, SERVICE, "CreateGemeente", passend__v1__create_gemeente_request, passend__v1__gemeente,
           RPC_ROLE_BESTUUR, 0, .q = &sql_gemeente_insert, .required = "gemeente",
           .check_obj = check_gemeente, .sets = RES_NAMES("postcode_list"));
RES_METHOD(get, SERVICE, "GetGemeente", passend__v1__get_by_id_request, passend__v1__gemeente, READERS,
           RES_IDEMPOTENT, .q = &sql_gemeente_get, .id = "id", .not_found = "gemeente not found");
RES_METHOD(list, SERVICE, "ListGemeenten", passend__v1__list_gemeenten_request,
           passend__v1__list_gemeenten_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_gemeente_list, .key = "_key");
RES_METHOD(update, SERVICE, "UpdateGemeente", passend__v1__update_gemeente_request, passend__v1__gemeente,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_gemeente_update, .required = "gemeente",
           .id = "gemeente.id", .updatable = updatable, .check_obj = check_gemeente,
           .sets = RES_NAMES("postcode_list"), .not_found = "gemeente not found");
RES_METHOD(deactivate, SERVICE, "DeactivateGemeente", passend__v1__deactivate_request, passend__v1__gemeente,
           RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_gemeente_deactivate, .id = "id",
           .not_found = "gemeente not found");

static const rpc_method *const methods[] = {&create.rpc, &get.rpc,        &list.rpc,
                                            &update.rpc, &deactivate.rpc, NULL};

/* ---- CSV import (docs/import.md "gemeenten"; finish in
 * sql/functions/bestuur_import.sql) ---- */

static int import_check(const char **v, imp_row_err *e)
{
	int n = 0;
	if (import_date_before(v[3], v[2])) e[n++] = (imp_row_err){"valid_to", "is before valid_from"};
	if (v[4] && !v[3])
		e[n++] = (imp_row_err){"successor", "needs valid_to (the successor starts the day after)"};
	return n;
}

const import_kind import_kind_gemeenten = {
    "gemeenten",      PASSEND__V1__IMPORT_KIND__IMPORT_GEMEENTEN,
    RPC_ROLE_BESTUUR, "bestuur.import_gemeenten",
    import_check,     "name* cbs_code:cbs valid_from:date=1900-01-01 valid_to:date successor postcodes:pcs"};
const service svc_area_gemeente = {SERVICE, methods, sql_gemeente_stmts};
