/* jaarplan: passend.v1.Jaarplan, the jaarplan as OGSM (D45), resources of
 * the kit (resource.h): doelen, perspectieven, acties with their KPI and
 * target, the KPI actuals entered per trimester, and the progress with
 * signals (bestuur.jaarplan_voortgang). Statements: server/sql/jaarplan.sql;
 * the target's rules are checked here on create and held by the table's
 * CHECKs for an update. bestuur writes, toezicht reads. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "import_kind.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/jaarplan.pb-c.h"
#include "resource.h"
#include "sql_jaarplan.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE  "passend.v1.Jaarplan"
#define READERS  (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT)
#define SIGNALEN "op_koers|op_koers_met_aandacht|niet_op_koers|afgerond"

static const char *const actie_updatable[] = {
    "wat",        "wie",        "wanneer",  "begrotingsregel", "begrotingsregel_id", "kpi",
    "doel_soort", "doelwaarde", "kpi_bron", "aandacht_marge",  "afgerond_op",        NULL};

/* 1 if s is an action's code: 1-20 letters, digits, '.', '_' or '-',
 * starting with a letter or digit ("P2"). */
static int is_actie_code(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 20 || !isalnum((unsigned char)s[0])) return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i])) return 0;
	return 1;
}

/* s as a decimal "[-]digits[.1-4 digits]" into *v. Returns 1, or 0 when s
 * is not one. */
static int decimal(const char *s, double *v)
{
	const char *p = s;
	if (*p == '-') p++;
	size_t ip = strspn(p, "0123456789");
	if (ip == 0 || ip > 9) return 0;
	p += ip;
	if (*p == '.') {
		size_t fp = strspn(p + 1, "0123456789");
		if (fp == 0 || fp > 4) return 0;
		p += 1 + fp;
	}
	if (*p) return 0;
	*v = strtod(s, NULL);
	return 1;
}

static int check_doel(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__Doel *d = ((const Passend__V1__CreateDoelRequest *)req)->doel;
	if (!svc_is_schooljaar(d->schooljaar))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "doel.schooljaar must be \"YYYY-YYYY\" with consecutive years, e.g. \"2018-2019\"");
	if (!svc_text_ok(d->titel, 1, 400))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "doel.titel is required (at most 400 characters)");
	if (d->volgorde < 0 || d->volgorde > 999)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "doel.volgorde must be 1..999 (0: 1)");
	return 0;
}

static int check_schooljaar_filter(res_ctx *c, const char *schooljaar)
{
	if (schooljaar[0] && !svc_is_schooljaar(schooljaar))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "schooljaar must be \"YYYY-YYYY\" with consecutive years, or empty");
	return 0;
}

static int check_doel_list(res_ctx *c, const ProtobufCMessage *req)
{
	return check_schooljaar_filter(c, ((const Passend__V1__ListDoelenRequest *)req)->schooljaar);
}

static int check_persp(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__Perspectief *p = ((const Passend__V1__CreatePerspectiefRequest *)req)->perspectief;
	if (res_check_uuid(c, "perspectief.doel_id", 0) != 0) return -1;
	if (!svc_text_ok(p->naam, 1, 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "perspectief.naam is required (at most 200 characters)");
	if (p->volgorde < 0 || p->volgorde > 999)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "perspectief.volgorde must be 1..999 (0: 1)");
	return 0;
}

static int check_persp_list(res_ctx *c, const ProtobufCMessage *req)
{
	if (res_check_uuid(c, "doel_id", 1) != 0) return -1;
	return check_schooljaar_filter(c, ((const Passend__V1__ListPerspectievenRequest *)req)->schooljaar);
}

/* The KPI target: doel_soort, doelwaarde, kpi_bron and aandacht_marge
 * together (create), or each as the mask touches it (update: the rules
 * across fields are the table's CHECKs, see db_errors). */
static int check_target(res_ctx *c, const Passend__V1__Actie *a, int create)
{
	const char *soort = a->doel_soort[0] ? a->doel_soort : "geen";
	double v = 0;
	if (res_touches(c, "doel_soort") && !svc_is_one_of(soort, "geen|aandeel|aantal"))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "actie.doel_soort must be geen, aandeel or aantal");
	if (res_touches(c, "doelwaarde") && a->doelwaarde[0] && !decimal(a->doelwaarde, &v))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "actie.doelwaarde must be a decimal with at most 4 decimals, e.g. 0.40 or 5");
	if (create && !strcmp(soort, "geen") && a->doelwaarde[0])
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "actie.doelwaarde is only for doel_soort aandeel or aantal");
	if (create && !strcmp(soort, "aandeel") && (!a->doelwaarde[0] || v < 0 || v > 1))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "actie.doelwaarde must be a share between 0 and 1 for doel_soort aandeel, e.g. 0.40");
	if (create && !strcmp(soort, "aantal") && (!a->doelwaarde[0] || v < 0 || v != (double)(long long)v))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "actie.doelwaarde must be a whole number of at least 0 for doel_soort aantal");
	const char *bron = a->kpi_bron[0] ? a->kpi_bron : "invoer";
	if (res_touches(c, "kpi_bron") &&
	    !svc_is_one_of(bron, "invoer|arrangementen_versterkt|mdo_kind_deelgenomen"))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "actie.kpi_bron must be invoer, arrangementen_versterkt or mdo_kind_deelgenomen");
	if (create && strcmp(bron, "invoer") && strcmp(soort, "aandeel"))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "actie.kpi_bron %s computes a share: it needs doel_soort aandeel", bron);
	if (res_touches(c, "aandacht_marge") && a->aandacht_marge[0] &&
	    (!decimal(a->aandacht_marge, &v) || v < 0))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "actie.aandacht_marge must be a decimal of at least 0 (or empty: the default)");
	return 0;
}

/* The rules on the fields of a this call sets (all on create). */
static int check_actie(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Actie *a = (const void *)msg;
	int create = res_creates(c);
	if (create && res_check_uuid(c, "actie.perspectief_id", 0) != 0) return -1;
	if (create) {
		if (!is_actie_code(a->code))
			return res_fail(
			    c, GRPC_STATUS_INVALID_ARGUMENT,
			    "actie.code is required: 1-20 letters, digits, '.', '_' or '-', e.g. P2");
		if (a->volgorde < 0 || a->volgorde > 999)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "actie.volgorde must be 1..999 (0: 1)");
	}
	if (res_touches(c, "wat") && !svc_text_ok(a->wat, 1, 400))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "actie.wat is required (at most 400 characters)");
	if (res_touches(c, "wie") && !svc_text_ok(a->wie, 0, 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "actie.wie: at most 200 characters");
	if (res_touches(c, "wanneer") && !svc_text_ok(a->wanneer, 0, 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "actie.wanneer: at most 200 characters");
	if (res_touches(c, "begrotingsregel") && !svc_text_ok(a->begrotingsregel, 0, 400))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "actie.begrotingsregel: at most 400 characters");
	if (res_touches(c, "begrotingsregel_id") && res_check_uuid(c, "actie.begrotingsregel_id", 1) != 0)
		return -1;
	if (res_touches(c, "kpi") && !svc_text_ok(a->kpi, 0, 400))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "actie.kpi: at most 400 characters");
	if (res_touches(c, "afgerond_op") && res_date(a->afgerond_op) < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "actie.afgerond_op must be a calendar date (or unset)");
	return check_target(c, a, create);
}

static int check_actie_list(res_ctx *c, const ProtobufCMessage *req)
{
	if (res_check_uuid(c, "perspectief_id", 1) != 0) return -1;
	return check_schooljaar_filter(c, ((const Passend__V1__ListActiesRequest *)req)->schooljaar);
}

static int check_meting(res_ctx *c, const ProtobufCMessage *req)
{
	const Passend__V1__KpiMeting *m = ((const Passend__V1__RecordKpiMetingRequest *)req)->meting;
	double v;
	if (res_check_uuid(c, "meting.actie_id", 0) != 0) return -1;
	if (m->trimester < 1 || m->trimester > 3)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "meting.trimester must be 1..3");
	if (m->waarde[0] && !decimal(m->waarde, &v))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "meting.waarde must be a decimal with at most 4 decimals, e.g. 0.42 or 3");
	if (m->signaal[0] && !svc_is_one_of(m->signaal, SIGNALEN))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "meting.signaal must be op_koers, op_koers_met_aandacht, niet_op_koers or afgerond");
	if (!m->waarde[0] && !m->signaal[0])
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "meting needs a waarde, a signaal or both");
	if (!svc_text_ok(m->toelichting, 0, 4000))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "meting.toelichting: at most 4000 characters");
	return 0;
}

static int check_voortgang(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetJaarplanVoortgangRequest *req = (const void *)msg;
	const char *err = svc_report_period_error(req->schooljaar, req->trimester);
	return err ? res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err) : 0;
}

#define ACTIE_ERRORS                                                                                         \
	RES_DB_ERRORS(RES_UNIQUE("jaarplan_acties_code", "actie.code is already used in this schooljaar"),   \
	              RES_CHECK("jaarplan_acties_doel",                                                      \
	                        "actie.doelwaarde: a share (aandeel) is 0..1, a count "                      \
	                        "(aantal) a whole number of at least 0, and geen has none"),                 \
	              RES_CHECK("jaarplan_acties_bron",                                                      \
	                        "actie.kpi_bron: a computed KPI is a share, it needs doel_soort aandeel"))

RES_METHOD(doel_create, SERVICE, "CreateDoel", passend__v1__create_doel_request, passend__v1__doel,
           RPC_ROLE_BESTUUR, 0, .q = &sql_jaarplan_doel_insert, .required = "doel", .check = check_doel,
           .db_errors = RES_DB_ERRORS(RES_UNIQUE("jaarplan_doelen_titel",
                                                 "doel.titel is already a doel of this schooljaar")));
RES_METHOD(doel_list, SERVICE, "ListDoelen", passend__v1__list_doelen_request,
           passend__v1__list_doelen_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_jaarplan_doel_list, .key = "_key", .check = check_doel_list);
RES_METHOD(
    persp_create, SERVICE, "CreatePerspectief", passend__v1__create_perspectief_request,
    passend__v1__perspectief, RPC_ROLE_BESTUUR, 0, .q = &sql_jaarplan_persp_insert, .required = "perspectief",
    .check = check_persp, .not_found = "doel not found",
    .db_errors = RES_DB_ERRORS(RES_UNIQUE("jaarplan_perspectieven_naam",
                                          "perspectief.naam is already a perspectief of this schooljaar")));
RES_METHOD(persp_list, SERVICE, "ListPerspectieven", passend__v1__list_perspectieven_request,
           passend__v1__list_perspectieven_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_jaarplan_persp_list, .key = "_key", .check = check_persp_list);
RES_METHOD(actie_create, SERVICE, "CreateActie", passend__v1__create_actie_request, passend__v1__actie,
           RPC_ROLE_BESTUUR, 0, .q = &sql_jaarplan_actie_insert, .required = "actie",
           .check_obj = check_actie, .not_found = "perspectief not found", .db_errors = ACTIE_ERRORS);
RES_METHOD(actie_list, SERVICE, "ListActies", passend__v1__list_acties_request,
           passend__v1__list_acties_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_jaarplan_actie_list, .key = "_key", .check = check_actie_list);
RES_METHOD(actie_update, SERVICE, "UpdateActie", passend__v1__update_actie_request, passend__v1__actie,
           RPC_ROLE_BESTUUR, 0, .q = &sql_jaarplan_actie_update, .required = "actie", .id = "actie.id",
           .updatable = actie_updatable, .check_obj = check_actie, .not_found = "actie not found",
           .db_errors = ACTIE_ERRORS);
RES_METHOD(meting, SERVICE, "RecordKpiMeting", passend__v1__record_kpi_meting_request,
           passend__v1__kpi_meting, RPC_ROLE_BESTUUR, RES_IDEMPOTENT, .q = &sql_jaarplan_meting_upsert,
           .required = "meting", .check = check_meting, .not_found = "actie not found");
RES_METHOD(voortgang, SERVICE, "GetJaarplanVoortgang", passend__v1__get_jaarplan_voortgang_request,
           passend__v1__jaarplan_voortgang, READERS, RES_IDEMPOTENT, .q = &sql_jaarplan_voortgang,
           .check = check_voortgang, .not_found = "no voortgang");

static const rpc_method *const methods[] = {
    &doel_create.rpc, &doel_list.rpc,    &persp_create.rpc, &persp_list.rpc, &actie_create.rpc,
    &actie_list.rpc,  &actie_update.rpc, &meting.rpc,       &voortgang.rpc,  NULL};
const service svc_area_jaarplan = {SERVICE, methods, sql_jaarplan_stmts};

/* ---- CSV import (docs/import.md "jaarplan"; finish in
 * sql/functions/bestuur_import_jaarplan.sql) ---- */

/* The target of a row: doel_soort (v[10]) from doelwaarde (v[9]) when not
 * given (a decimal point: a share, else a count; none: geen), and the rules
 * of check_target. */
static int import_check(const char **v, imp_row_err *e)
{
	int n = 0;
	double w = 0;
	if (!svc_is_schooljaar(v[0]))
		e[n++] =
		    (imp_row_err){"schooljaar", "must be YYYY-YYYY with consecutive years, e.g. 2018-2019"};
	if (v[3] && !is_actie_code(v[3]))
		e[n++] = (imp_row_err){"actie_id", "must be 1-20 letters, digits, '.', '_' or '-', e.g. P2"};
	if (v[9] && !decimal(v[9], &w))
		e[n++] =
		    (imp_row_err){"doelwaarde", "must be a decimal with at most 4 decimals, e.g. 0.40 or 5"};
	if (!v[10]) v[10] = !v[9] ? "geen" : strchr(v[9], '.') ? "aandeel" : "aantal";
	if (!svc_is_one_of(v[10], "geen|aandeel|aantal"))
		e[n++] = (imp_row_err){"doel_soort", "must be geen, aandeel or aantal"};
	else if (!strcmp(v[10], "geen") && v[9])
		e[n++] = (imp_row_err){"doelwaarde", "is only for doel_soort aandeel or aantal"};
	else if (!strcmp(v[10], "aandeel") && (!v[9] || w < 0 || w > 1))
		e[n++] =
		    (imp_row_err){"doelwaarde", "must be a share between 0 and 1 for doel_soort aandeel"};
	else if (!strcmp(v[10], "aantal") && (!v[9] || w < 0 || w != (double)(long long)w))
		e[n++] =
		    (imp_row_err){"doelwaarde", "must be a whole number of at least 0 for doel_soort aantal"};
	if (!v[11]) v[11] = "invoer";
	if (!svc_is_one_of(v[11], "invoer|arrangementen_versterkt|mdo_kind_deelgenomen"))
		e[n++] = (imp_row_err){"kpi_bron",
		                       "must be invoer, arrangementen_versterkt or mdo_kind_deelgenomen"};
	else if (strcmp(v[11], "invoer") && strcmp(v[10], "aandeel"))
		e[n++] = (imp_row_err){"kpi_bron", "computes a share: it needs doel_soort aandeel"};
	return n;
}

/* One row per action; its doel and perspectief are created when new
 * (natural keys: the schooljaar with the doel's titel, the perspectief's
 * naam and the action's code). */
const import_kind import_kind_jaarplan = {"jaarplan",
                                          PASSEND__V1__IMPORT_KIND__IMPORT_JAARPLAN,
                                          RPC_ROLE_BESTUUR,
                                          "bestuur.import_jaarplan",
                                          import_check,
                                          "schooljaar* doel* perspectief* actie_id* wat* wie= wanneer= "
                                          "begrotingsregel= kpi= doelwaarde doel_soort kpi_bron"};
