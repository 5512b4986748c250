/* stubs_v1.c: typed libpassend functions for the passend.v1 resource
 * services (Tenancy, Bestuur, Toezicht, Werkgebied). Each is one line over
 * client_stub_unary() below, which checks arguments, decides whether the call is safe to
 * repeat and runs passend_call_unary (shared with stubs_bestuur.c via
 * client.h). */
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

/* The request_id of a create request, or NULL when req is NULL. */
#define RID(req) ((req) ? (req)->request_id : NULL)

/* ---- passend.v1.Tenancy ------------------------------------------------------ */

int passend_tenancy_create_tenant(passend_channel *ch, const Passend__V1__CreateTenantRequest *req,
                                  Passend__V1__Tenant **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Tenancy/CreateTenant", req ? &req->base : NULL, RID(req),
	                         RETRY_REQUEST_ID, &passend__v1__tenant__descriptor, out, opts);
}

int passend_tenancy_get_tenant(passend_channel *ch, const Passend__V1__GetTenantRequest *req,
                               Passend__V1__Tenant **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Tenancy/GetTenant", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__tenant__descriptor, out, opts);
}

int passend_tenancy_list_tenants(passend_channel *ch, const Passend__V1__ListTenantsRequest *req,
                                 Passend__V1__ListTenantsResponse **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Tenancy/ListTenants", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_tenants_response__descriptor, out, opts);
}

int passend_tenancy_update_tenant(passend_channel *ch, const Passend__V1__UpdateTenantRequest *req,
                                  Passend__V1__Tenant **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Tenancy/UpdateTenant", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__tenant__descriptor, out, opts);
}

int passend_tenancy_create_token(passend_channel *ch, const Passend__V1__CreateTokenRequest *req,
                                 Passend__V1__CreateTokenResponse **out, const passend_call_opts *opts)
{
	/* No request_id: a repeat would mint a second secret, so never retried
	 * unless the caller says so. */
	return client_stub_unary(ch, "/passend.v1.Tenancy/CreateToken", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__create_token_response__descriptor, out, opts);
}

int passend_tenancy_list_tokens(passend_channel *ch, const Passend__V1__ListTokensRequest *req,
                                Passend__V1__ListTokensResponse **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Tenancy/ListTokens", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_tokens_response__descriptor, out, opts);
}

int passend_tenancy_revoke_token(passend_channel *ch, const Passend__V1__RevokeTokenRequest *req,
                                 Passend__V1__Token **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Tenancy/RevokeToken", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__token__descriptor, out, opts);
}

int passend_tenancy_who_am_i(passend_channel *ch, const Passend__V1__WhoAmIRequest *req,
                             Passend__V1__WhoAmIResponse **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Tenancy/WhoAmI", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__who_am_iresponse__descriptor, out, opts);
}

int passend_tenancy_list_audit_events(passend_channel *ch, const Passend__V1__ListAuditEventsRequest *req,
                                      Passend__V1__ListAuditEventsResponse **out,
                                      const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Tenancy/ListAuditEvents", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_audit_events_response__descriptor, out,
	                         opts);
}

/* ---- passend.v1.Bestuur --------------------------------------------------------- */

int passend_bestuur_create_school(passend_channel *ch, const Passend__V1__CreateSchoolRequest *req,
                                  Passend__V1__School **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/CreateSchool", req ? &req->base : NULL, RID(req),
	                         RETRY_REQUEST_ID, &passend__v1__school__descriptor, out, opts);
}

int passend_bestuur_get_school(passend_channel *ch, const Passend__V1__GetSchoolRequest *req,
                               Passend__V1__School **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/GetSchool", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__school__descriptor, out, opts);
}

int passend_bestuur_list_schools(passend_channel *ch, const Passend__V1__ListSchoolsRequest *req,
                                 Passend__V1__ListSchoolsResponse **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/ListSchools", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_schools_response__descriptor, out, opts);
}

/* ---- passend.v1.Toezicht -------------------------------------------------------- */

int passend_toezicht_create_lid(passend_channel *ch, const Passend__V1__CreateLidRequest *req,
                                Passend__V1__Lid **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Toezicht/CreateLid", req ? &req->base : NULL, RID(req),
	                         RETRY_REQUEST_ID, &passend__v1__lid__descriptor, out, opts);
}

int passend_toezicht_get_lid(passend_channel *ch, const Passend__V1__GetLidRequest *req,
                             Passend__V1__Lid **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Toezicht/GetLid", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__lid__descriptor, out, opts);
}

int passend_toezicht_list_leden(passend_channel *ch, const Passend__V1__ListLedenRequest *req,
                                Passend__V1__ListLedenResponse **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Toezicht/ListLeden", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_leden_response__descriptor, out, opts);
}

/* ---- passend.v1.Werkgebied ------------------------------------------------------ */

int passend_werkgebied_create_werkgebied(passend_channel *ch, const Passend__V1__CreateWerkgebiedRequest *req,
                                         Passend__V1__WerkgebiedInfo **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Werkgebied/CreateWerkgebied", req ? &req->base : NULL,
	                         RID(req), RETRY_REQUEST_ID, &passend__v1__werkgebied_info__descriptor, out,
	                         opts);
}

int passend_werkgebied_get_werkgebied(passend_channel *ch, const Passend__V1__GetWerkgebiedRequest *req,
                                      Passend__V1__WerkgebiedInfo **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Werkgebied/GetWerkgebied", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__werkgebied_info__descriptor, out, opts);
}

int passend_werkgebied_list_werkgebieden(passend_channel *ch, const Passend__V1__ListWerkgebiedenRequest *req,
                                         Passend__V1__ListWerkgebiedenResponse **out,
                                         const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Werkgebied/ListWerkgebieden", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_werkgebieden_response__descriptor, out,
	                         opts);
}

int passend_werkgebied_create_leerling(passend_channel *ch, const Passend__V1__CreateLeerlingRequest *req,
                                       Passend__V1__Leerling **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Werkgebied/CreateLeerling", req ? &req->base : NULL,
	                         RID(req), RETRY_REQUEST_ID, &passend__v1__leerling__descriptor, out, opts);
}

int passend_werkgebied_get_leerling(passend_channel *ch, const Passend__V1__GetLeerlingRequest *req,
                                    Passend__V1__Leerling **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Werkgebied/GetLeerling", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__leerling__descriptor, out, opts);
}

int passend_werkgebied_list_leerlingen(passend_channel *ch, const Passend__V1__ListLeerlingenRequest *req,
                                       Passend__V1__ListLeerlingenResponse **out,
                                       const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Werkgebied/ListLeerlingen", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_leerlingen_response__descriptor, out, opts);
}
