/* rapportage_trimester: the trimesterrapportage (D47), methods of
 * passend.v1.Rapportage in the resource kit (resource.h):
 * GetTrimesterReport (one statement computes every section from the reports
 * that publish its figures, server/sql/rapportage_trimester.sql, or reads
 * the frozen copy), AddTrimesterTekst / ListTrimesterTeksten (the
 * narrative, versioned), VaststellenTrimesterReport (freeze) and
 * SetTrimesterGepubliceerd (a published figure beside a cell). bestuur all;
 * toezicht reads the aggregate variant. This file checks the requests. */
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/rapportage.pb-c.h"
#include "resource.h"
#include "sql_rapportage_trimester.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Rapportage"
#define SECTIES "regionaal|werkgebieden|voorzieningen|deelname|thuiszitters|financien|kwaliteit"
#define READERS (RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT)

/* schooljaar and trimester 1..3 (a trimesterrapportage has no whole-year form). */
static int check_period(res_ctx *c, const char *schooljaar, int trimester)
{
	if (!svc_is_schooljaar(schooljaar))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "schooljaar " SVC_SCHOOLJAAR_RULE);
	if (trimester < 1 || trimester > 3)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "trimester must be 1, 2 or 3");
	return 0;
}

static int check_report(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__GetTrimesterReportRequest *req = (const void *)msg;
	return check_period(c, req->schooljaar, req->trimester);
}

static int check_tekst(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__AddTrimesterTekstRequest *req = (const void *)msg;
	if (check_period(c, req->schooljaar, req->trimester)) return -1;
	if (!svc_is_one_of(req->sectie, SECTIES))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "sectie must be one of %s", SECTIES);
	if (!svc_is_one_of(req->soort, "aandachtspunten|conclusies"))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "soort must be aandachtspunten or conclusies");
	/* newlines are what a narrative is made of; other control characters are not */
	for (const char *p = req->tekst; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "tekst holds a control character");
	if (strlen(req->tekst) > 20000)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "tekst: at most 20000 bytes");
	return 0;
}

static int check_tekst_list(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__ListTrimesterTekstenRequest *req = (const void *)msg;
	if (check_period(c, req->schooljaar, req->trimester)) return -1;
	if (req->sectie[0] && !svc_is_one_of(req->sectie, SECTIES))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "sectie must be one of %s", SECTIES);
	return 0;
}

static int check_vaststellen(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__VaststellenTrimesterReportRequest *req = (const void *)msg;
	if (check_period(c, req->schooljaar, req->trimester)) return -1;
	long d = res_date(req->datum);
	if (d < 0) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "datum is not a valid date");
	if (d == 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "datum is required: the day it is vastgesteld");
	return 0;
}

static int check_gepubliceerd(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__SetTrimesterGepubliceerdRequest *req = (const void *)msg;
	const Passend__V1__TrimesterGepubliceerd *g = req->cijfer;
	if (check_period(c, g->schooljaar, g->trimester)) return -1;
	if (!svc_is_one_of(g->sectie, SECTIES))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "cijfer.sectie must be one of %s", SECTIES);
	if (!svc_text_ok(g->tabel, 1, 100) || !svc_text_ok(g->rij, 1, 200) || !svc_text_ok(g->kolom, 1, 100))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "cijfer.tabel, rij and kolom are required (the cell's keys as the report names them)");
	if (!svc_is_decimal2(g->waarde))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "cijfer.waarde must be a number with at most 2 decimals and a '.' (\"1.45\")");
	if (!svc_text_ok(g->toelichting, 0, 4000))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "cijfer.toelichting: at most 4000 bytes, no control characters");
	return 0;
}

RES_METHOD(report, SERVICE, "GetTrimesterReport", passend__v1__get_trimester_report_request,
           passend__v1__trimester_report, READERS, RES_IDEMPOTENT, .q = &sql_rapportage_trimester_report,
           .check = check_report, .not_found = "no trimesterrapportage: the school year has no figures");
RES_METHOD(tekst_add, SERVICE, "AddTrimesterTekst", passend__v1__add_trimester_tekst_request,
           passend__v1__trimester_tekst, RPC_ROLE_BESTUUR, 0, .q = &sql_rapportage_trimester_tekst_add,
           .check = check_tekst);
RES_METHOD(tekst_list, SERVICE, "ListTrimesterTeksten", passend__v1__list_trimester_teksten_request,
           passend__v1__list_trimester_teksten_response, READERS, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_rapportage_trimester_tekst_list, .check = check_tekst_list);
RES_METHOD(vaststellen, SERVICE, "VaststellenTrimesterReport",
           passend__v1__vaststellen_trimester_report_request, passend__v1__trimester_vaststelling,
           RPC_ROLE_BESTUUR, 0, .q = &sql_rapportage_trimester_vaststellen, .check = check_vaststellen,
           .not_found = "no trimesterrapportage");
RES_METHOD(gepubliceerd, SERVICE, "SetTrimesterGepubliceerd", passend__v1__set_trimester_gepubliceerd_request,
           passend__v1__trimester_gepubliceerd, RPC_ROLE_BESTUUR, RES_IDEMPOTENT,
           .q = &sql_rapportage_trimester_gepubliceerd_set, .required = "cijfer",
           .check = check_gepubliceerd);

static const rpc_method *const methods[] = {&report.rpc,      &tekst_add.rpc,    &tekst_list.rpc,
                                            &vaststellen.rpc, &gepubliceerd.rpc, NULL};
const service svc_area_rapportage_trimester = {SERVICE, methods, sql_rapportage_trimester_stmts};
