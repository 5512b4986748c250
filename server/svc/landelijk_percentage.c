/* landelijk_percentage: passend.v1.Rapportage's landelijke percentages, the
 * national deelname percentages per teldatum that the deelname report
 * compares with; platform reference data, a resource of the kit
 * (resource.h): the admin writes, every role reads. The statements are
 * server/sql/landelijk_percentage.sql. */
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_landelijk_percentage.h"
#include "svc.h"

#define SERVICE "passend.v1.Rapportage"

/* 1 if s is a percentage "0".."100" with at most 2 decimals (or empty). */
static int pct_ok(const char *s)
{
	if (!s[0]) return 1;
	int digits = 0, decimals = -1;
	for (const char *p = s; *p; p++) {
		if (*p == '.' && decimals < 0 && digits > 0) {
			decimals = 0;
		} else if (*p >= '0' && *p <= '9') {
			if (decimals >= 0)
				decimals++;
			else
				digits++;
		} else {
			return 0;
		}
	}
	return digits > 0 && digits <= 3 && decimals != 0 && decimals <= 2 && strtod(s, NULL) <= 100.0;
}

static int check_set(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__LandelijkPercentage *req = (const void *)msg;
	if (res_date(req->teldatum) <= 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "teldatum is required (a valid date)");
	const char *names[5] = {"sbo", "so", "so_categorie_1", "so_categorie_2", "so_categorie_3"};
	const char *vals[5] = {req->sbo, req->so, req->so_categorie_1, req->so_categorie_2,
	                       req->so_categorie_3};
	for (int i = 0; i < 5; i++)
		if (!pct_ok(vals[i]))
			return res_fail(
			    c, GRPC_STATUS_INVALID_ARGUMENT,
			    "%s must be a percentage between 0 and 100 with at most 2 decimals, e.g. "
			    "\"2.48\"",
			    names[i]);
	return 0;
}

RES_METHOD(set, SERVICE, "SetLandelijkPercentage", passend__v1__landelijk_percentage,
           passend__v1__landelijk_percentage, RPC_ROLE_ADMIN, RES_IDEMPOTENT,
           .q = &sql_landelijk_percentage_set, .check = check_set,
           .not_found = "landelijk percentage not stored");
RES_METHOD(list, SERVICE, "ListLandelijkePercentages", passend__v1__list_landelijke_percentages_request,
           passend__v1__list_landelijke_percentages_response,
           RPC_ROLE_ADMIN | RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL,
           RES_IDEMPOTENT, .kind = RES_LIST, .q = &sql_landelijk_percentage_list);

static const rpc_method *const methods[] = {&set.rpc, &list.rpc, NULL};
const service svc_area_landelijk_percentage = {SERVICE, methods, sql_landelijk_percentage_stmts};
