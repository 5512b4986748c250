/* stubs_v1.c: the typed libpassend functions of the passend.v1 resource
 * services (Tenancy, Bestuur, Toezicht, Werkgebied, Rapportage), one table
 * row per RPC over client_stub_unary(), which checks arguments, decides
 * whether the call is safe to repeat and runs passend_call_unary. The
 * signatures come from PASSEND_V1_CALL in passend.h; the import calls live
 * in import.c. */
#include <stdlib.h>

#include "client.h"

int client_stub_unary(passend_channel *ch, const char *method, const ProtobufCMessage *req,
                      const char *request_id, enum retry_rule rule,
                      const ProtobufCMessageDescriptor *resp_desc, void *out, const passend_call_opts *opts)
{
	ProtobufCMessage **resp = out;
	passend_call_opts o = opts ? *opts : (passend_call_opts){0};

	if (!resp) return PASSEND_EINVAL;
	*resp = NULL;
	if (!ch || !req) return PASSEND_EINVAL;
	if (rule == RETRY_ALWAYS || (rule == RETRY_REQUEST_ID && request_id && *request_id)) o.idempotent = 1;
	return passend_call_unary(ch, method, req, resp_desc, resp, &o);
}

/* The request_id a call passes for each retry rule: only a REQUEST_ID call
 * reads it (its request type has the field), NULL when req is NULL. */
#define REQUEST_ID_OF_ALWAYS(req)     NULL
#define REQUEST_ID_OF_CALLER(req)     NULL
#define REQUEST_ID_OF_REQUEST_ID(req) ((req) ? (req)->request_id : NULL)

/* STUB(name, Request, Response, desc, "Service/Method", rule) defines
 * passend_<name> (declared by PASSEND_V1_CALL in passend.h): it calls
 * /passend.v1.<Service>/<Method> under the retry rule RETRY_<rule> and
 * decodes the answer with passend__v1__<desc>__descriptor. */
#define STUB(name, Req, Resp, desc, path, rule)                                                              \
	PASSEND_V1_CALL(name, Req, Resp)                                                                     \
	{                                                                                                    \
		return client_stub_unary(ch, "/passend.v1." path, req ? &req->base : NULL,                   \
		                         REQUEST_ID_OF_##rule(req), RETRY_##rule,                            \
		                         &passend__v1__##desc##__descriptor, out, opts);                     \
	}

/* The table keeps one layout per row (name and types, then the method and its
 * retry rule), which clang-format would reflow by length. */
// clang-format off
/* ---- passend.v1.Tenancy ------------------------------------------------------ */

STUB(tenancy_create_tenant, CreateTenantRequest, Tenant, tenant,
     "Tenancy/CreateTenant", REQUEST_ID)
STUB(tenancy_get_tenant, GetTenantRequest, Tenant, tenant,
     "Tenancy/GetTenant", ALWAYS)
STUB(tenancy_list_tenants, ListTenantsRequest, ListTenantsResponse, list_tenants_response,
     "Tenancy/ListTenants", ALWAYS)
STUB(tenancy_update_tenant, UpdateTenantRequest, Tenant, tenant,
     "Tenancy/UpdateTenant", CALLER)
/* No request_id: a repeat would mint a second secret, so never retried
 * unless the caller says so. */
STUB(tenancy_create_token, CreateTokenRequest, CreateTokenResponse, create_token_response,
     "Tenancy/CreateToken", CALLER)
STUB(tenancy_list_tokens, ListTokensRequest, ListTokensResponse, list_tokens_response,
     "Tenancy/ListTokens", ALWAYS)
STUB(tenancy_revoke_token, RevokeTokenRequest, Token, token,
     "Tenancy/RevokeToken", CALLER)
STUB(tenancy_who_am_i, WhoAmIRequest, WhoAmIResponse, who_am_iresponse,
     "Tenancy/WhoAmI", ALWAYS)
STUB(tenancy_list_audit_events, ListAuditEventsRequest, ListAuditEventsResponse, list_audit_events_response,
     "Tenancy/ListAuditEvents", ALWAYS)

/* ---- passend.v1.Bestuur: scholen, besturen, gemeenten, herkomst, tellingen --- */

STUB(bestuur_create_school, CreateSchoolRequest, School, school,
     "Bestuur/CreateSchool", REQUEST_ID)
STUB(bestuur_get_school, GetSchoolRequest, School, school,
     "Bestuur/GetSchool", ALWAYS)
STUB(bestuur_list_schools, ListSchoolsRequest, ListSchoolsResponse, list_schools_response,
     "Bestuur/ListSchools", ALWAYS)
STUB(bestuur_update_school, UpdateSchoolRequest, School, school,
     "Bestuur/UpdateSchool", CALLER)
STUB(bestuur_deactivate_school, DeactivateRequest, School, school,
     "Bestuur/DeactivateSchool", CALLER)
STUB(bestuur_create_schoolbestuur, CreateSchoolbestuurRequest, Schoolbestuur, schoolbestuur,
     "Bestuur/CreateSchoolbestuur", REQUEST_ID)
STUB(bestuur_get_schoolbestuur, GetByIdRequest, Schoolbestuur, schoolbestuur,
     "Bestuur/GetSchoolbestuur", ALWAYS)
STUB(bestuur_list_schoolbesturen, ListSchoolbesturenRequest, ListSchoolbesturenResponse, list_schoolbesturen_response,
     "Bestuur/ListSchoolbesturen", ALWAYS)
STUB(bestuur_update_schoolbestuur, UpdateSchoolbestuurRequest, Schoolbestuur, schoolbestuur,
     "Bestuur/UpdateSchoolbestuur", CALLER)
STUB(bestuur_deactivate_schoolbestuur, DeactivateRequest, Schoolbestuur, schoolbestuur,
     "Bestuur/DeactivateSchoolbestuur", CALLER)
STUB(bestuur_create_gemeente, CreateGemeenteRequest, Gemeente, gemeente,
     "Bestuur/CreateGemeente", REQUEST_ID)
STUB(bestuur_get_gemeente, GetByIdRequest, Gemeente, gemeente,
     "Bestuur/GetGemeente", ALWAYS)
STUB(bestuur_list_gemeenten, ListGemeentenRequest, ListGemeentenResponse, list_gemeenten_response,
     "Bestuur/ListGemeenten", ALWAYS)
STUB(bestuur_update_gemeente, UpdateGemeenteRequest, Gemeente, gemeente,
     "Bestuur/UpdateGemeente", CALLER)
STUB(bestuur_deactivate_gemeente, DeactivateRequest, Gemeente, gemeente,
     "Bestuur/DeactivateGemeente", CALLER)
STUB(bestuur_list_herkomst_types, ListHerkomstTypesRequest, ListHerkomstTypesResponse, list_herkomst_types_response,
     "Bestuur/ListHerkomstTypes", ALWAYS)
STUB(bestuur_upsert_herkomst_type, HerkomstType, HerkomstType, herkomst_type,
     "Bestuur/UpsertHerkomstType", ALWAYS)
STUB(bestuur_upsert_telling, Telling, Telling, telling,
     "Bestuur/UpsertTelling", ALWAYS)
STUB(bestuur_list_tellingen, ListTellingenRequest, ListTellingenResponse, list_tellingen_response,
     "Bestuur/ListTellingen", ALWAYS)

/* ---- passend.v1.Bestuur: the TLV workflow ------------------------------------ */

STUB(bestuur_submit_tlv_aanvraag, SubmitTlvAanvraagRequest, Tlv, tlv,
     "Bestuur/SubmitTlvAanvraag", REQUEST_ID)
STUB(bestuur_record_advies, RecordAdviesRequest, Tlv, tlv,
     "Bestuur/RecordAdvies", CALLER)
STUB(bestuur_decide_tlv, DecideTlvRequest, Tlv, tlv,
     "Bestuur/DecideTlv", CALLER)
STUB(bestuur_record_bezwaar, RecordBezwaarRequest, Tlv, tlv,
     "Bestuur/RecordBezwaar", CALLER)
STUB(bestuur_decide_bezwaar, DecideBezwaarRequest, Tlv, tlv,
     "Bestuur/DecideBezwaar", CALLER)
STUB(bestuur_herbeoordeel, HerbeoordeelRequest, Tlv, tlv,
     "Bestuur/Herbeoordeel", CALLER)
STUB(bestuur_get_tlv, GetByIdRequest, Tlv, tlv,
     "Bestuur/GetTlv", ALWAYS)
STUB(bestuur_list_tlvs, ListTlvsRequest, ListTlvsResponse, list_tlvs_response,
     "Bestuur/ListTlvs", ALWAYS)

/* ---- passend.v1.Toezicht ----------------------------------------------------- */

STUB(toezicht_create_lid, CreateLidRequest, Lid, lid,
     "Toezicht/CreateLid", REQUEST_ID)
STUB(toezicht_get_lid, GetLidRequest, Lid, lid,
     "Toezicht/GetLid", ALWAYS)
STUB(toezicht_list_leden, ListLedenRequest, ListLedenResponse, list_leden_response,
     "Toezicht/ListLeden", ALWAYS)

/* ---- passend.v1.Werkgebied --------------------------------------------------- */

STUB(werkgebied_create_werkgebied, CreateWerkgebiedRequest, WerkgebiedInfo, werkgebied_info,
     "Werkgebied/CreateWerkgebied", REQUEST_ID)
STUB(werkgebied_get_werkgebied, GetWerkgebiedRequest, WerkgebiedInfo, werkgebied_info,
     "Werkgebied/GetWerkgebied", ALWAYS)
STUB(werkgebied_list_werkgebieden, ListWerkgebiedenRequest, ListWerkgebiedenResponse, list_werkgebieden_response,
     "Werkgebied/ListWerkgebieden", ALWAYS)
STUB(werkgebied_update_werkgebied, UpdateWerkgebiedRequest, WerkgebiedInfo, werkgebied_info,
     "Werkgebied/UpdateWerkgebied", CALLER)
STUB(werkgebied_deactivate_werkgebied, DeactivateWerkgebiedRequest, WerkgebiedInfo, werkgebied_info,
     "Werkgebied/DeactivateWerkgebied", CALLER)
STUB(werkgebied_create_leerling, CreateLeerlingRequest, Leerling, leerling,
     "Werkgebied/CreateLeerling", REQUEST_ID)
STUB(werkgebied_get_leerling, GetLeerlingRequest, Leerling, leerling,
     "Werkgebied/GetLeerling", ALWAYS)
STUB(werkgebied_list_leerlingen, ListLeerlingenRequest, ListLeerlingenResponse, list_leerlingen_response,
     "Werkgebied/ListLeerlingen", ALWAYS)

/* ---- passend.v1.Rapportage --------------------------------------------------- */

STUB(rapportage_get_deelname_report, GetDeelnameReportRequest, DeelnameReport, deelname_report,
     "Rapportage/GetDeelnameReport", ALWAYS)
STUB(rapportage_get_tlv_report, GetTlvReportRequest, TlvReport, tlv_report,
     "Rapportage/GetTlvReport", ALWAYS)
STUB(rapportage_set_landelijk_percentage, LandelijkPercentage, LandelijkPercentage, landelijk_percentage,
     "Rapportage/SetLandelijkPercentage", ALWAYS)
STUB(rapportage_list_landelijke_percentages, ListLandelijkePercentagesRequest, ListLandelijkePercentagesResponse, list_landelijke_percentages_response,
     "Rapportage/ListLandelijkePercentages", ALWAYS)
// clang-format on
