/* mdo: passend.v1.Werkgebied's MDOs, a resource of the kit (resource.h):
 * recorded for a pupil the caller sees under a parental consent covering
 * mdo on the MDO's date (werkgebied.require_consent: FAILED_PRECONDITION
 * naming the missing consent). Pupil-level (audited with the MDO and pupil
 * ids). Statements: server/sql/mdo.sql. */
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/werkgebied.pb-c.h"
#include "resource.h"
#include "sql_mdo.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE    "passend.v1.Werkgebied"
#define USERS      (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)
#define DEELNEMERS "school, ouders, consulent, jeugdhulp, jeugdarts or overig"

static int check_create(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__Mdo *m = ((const Passend__V1__CreateMdoRequest *)req)->mdo;
	if (res_check_uuid(c, "mdo.leerling_id", 0) != 0) return -1;
	if (!svc_is_code(m->niveau))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "mdo.niveau is required: a code of the mdo_niveau list (ListLijstWaarden)");
	if (!m->datum) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "mdo.datum is required");
	if (res_date(m->datum) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "mdo.datum is not a valid date");
	if (m->n_deelnemers == 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "mdo.deelnemers must name at least one of " DEELNEMERS);
	unsigned seen = 0;
	for (size_t i = 0; i < m->n_deelnemers; i++) {
		int d = m->deelnemers[i];
		if (d < 1 || d > 6)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "mdo.deelnemers: %d is not a deelnemer (" DEELNEMERS ")", d);
		if (seen & (1u << d))
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "mdo.deelnemers names a deelnemer twice");
		seen |= 1u << d;
	}
	if (m->uitkomst < 1 || m->uitkomst > 4)
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "mdo.uitkomst is required: arrangement, tlv_route, tijdelijke_plaatsing or geen");
	if (m->uitkomst == PASSEND__V1__MDO_UITKOMST__MDO_UITKOMST_TIJDELIJKE_PLAATSING) {
		if (m->plaatsing < 1 || m->plaatsing > 2)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "mdo.plaatsing is required for a tijdelijke plaatsing: sbo or so");
		if (m->plaatsing_weken < 10 || m->plaatsing_weken > 20)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "mdo.plaatsing_weken must be 10..20 for a tijdelijke plaatsing");
	} else if (m->plaatsing != 0 || m->plaatsing_weken != 0) {
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "mdo.plaatsing and mdo.plaatsing_weken are only for uitkomst tijdelijke_plaatsing");
	}
	return 0;
}

/* The level trigger (werkgebied.lijst_waarde_check) in the request's words. */
RES_METHOD(create, SERVICE, "CreateMdo", passend__v1__create_mdo_request, passend__v1__mdo, USERS,
           RES_PUPIL_LEVEL, .q = &sql_mdo_insert, .required = "mdo", .check = check_create,
           .db_errors = RES_DB_ERRORS(RES_LIJST("lijst_waarde:", "mdo.niveau", "mdo_niveau")),
           .not_found = "leerling not found");
RES_METHOD(get, SERVICE, "GetMdo", passend__v1__get_mdo_request, passend__v1__mdo, USERS,
           RES_IDEMPOTENT | RES_PUPIL_LEVEL, .q = &sql_mdo_get, .id = "id", .not_found = "mdo not found");
RES_METHOD(list, SERVICE, "ListMdos", passend__v1__list_mdos_request, passend__v1__list_mdos_response, USERS,
           RES_IDEMPOTENT | RES_PUPIL_LEVEL, .kind = RES_LIST, .q = &sql_mdo_list,
           .ids = RES_NAMES("leerling_id"));

static const rpc_method *const methods[] = {&create.rpc, &get.rpc, &list.rpc, NULL};

/* ---- CSV import of historical MDOs (docs/import.md "mdos"; finish in
 * sql/functions/werkgebied_import_mdos.sql) ---- */

static int import_check(const char **v, imp_row_err *e)
{
	int n = leerling_import_check(v, e);
	int plaatsing = !strcmp(v[10], "tijdelijke_plaatsing");
	if (plaatsing && !v[11])
		e[n++] = (imp_row_err){"plaatsing", "is required for a tijdelijke_plaatsing"};
	if (plaatsing && !v[12])
		e[n++] = (imp_row_err){"plaatsing_weken", "is required for a tijdelijke_plaatsing"};
	if (!plaatsing && v[11])
		e[n++] = (imp_row_err){"plaatsing", "is only for uitkomst tijdelijke_plaatsing"};
	if (!plaatsing && v[12])
		e[n++] = (imp_row_err){"plaatsing_weken", "is only for uitkomst tijdelijke_plaatsing"};
	if (import_date_before(v[6], v[13])) e[n++] = (imp_row_err){"toestemming_datum", "is after datum"};
	return n;
}

const import_kind import_kind_mdos = {
    "mdos",
    PASSEND__V1__IMPORT_KIND__IMPORT_MDOS,
    RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED,
    "werkgebied.import_mdos",
    import_check,
    LEERLING_IMPORT_COLUMNS
    "datum*:date niveau*:code deelnemers*:list(school|ouders|consulent|jeugdhulp|jeugdarts|overig) "
    "kind_deelgenomen:bool=f uitkomst:enum(geen|arrangement|tlv_route|tijdelijke_plaatsing)=geen "
    "plaatsing:enum(sbo|so) plaatsing_weken:weeks toestemming_datum:date gezag:enum(" GEZAG ")=beide_ouders"};

const service svc_area_mdo = {SERVICE, methods, sql_mdo_stmts};
