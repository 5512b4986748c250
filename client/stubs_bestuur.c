/* stubs_bestuur.c: typed libpassend functions for the issue-4 RPCs of
 * passend.v1.Bestuur (besturen, gemeenten, school update, herkomst types,
 * tellingen, TLV workflow), Werkgebied (update, deactivate) and Rapportage.
 * Each is one call of client_stub_unary (stubs_v1.c); the import calls live
 * in import.c. */
#include <stdlib.h>

#include "client.h"

/* The request_id of a create request, or NULL when req is NULL. */
#define RID(req) ((req) ? (req)->request_id : NULL)

/* ---- passend.v1.Bestuur --------------------------------------------------------------- */

int passend_bestuur_update_school(passend_channel *ch, const Passend__V1__UpdateSchoolRequest *req,
                                  Passend__V1__School **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/UpdateSchool", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__school__descriptor, out, opts);
}

int passend_bestuur_deactivate_school(passend_channel *ch, const Passend__V1__DeactivateRequest *req,
                                      Passend__V1__School **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/DeactivateSchool", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__school__descriptor, out, opts);
}

int passend_bestuur_create_schoolbestuur(passend_channel *ch,
                                         const Passend__V1__CreateSchoolbestuurRequest *req,
                                         Passend__V1__Schoolbestuur **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/CreateSchoolbestuur", req ? &req->base : NULL,
	                         RID(req), RETRY_REQUEST_ID, &passend__v1__schoolbestuur__descriptor, out,
	                         opts);
}

int passend_bestuur_get_schoolbestuur(passend_channel *ch, const Passend__V1__GetByIdRequest *req,
                                      Passend__V1__Schoolbestuur **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/GetSchoolbestuur", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__schoolbestuur__descriptor, out, opts);
}

int passend_bestuur_list_schoolbesturen(passend_channel *ch,
                                        const Passend__V1__ListSchoolbesturenRequest *req,
                                        Passend__V1__ListSchoolbesturenResponse **out,
                                        const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/ListSchoolbesturen", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_schoolbesturen_response__descriptor, out,
	                         opts);
}

int passend_bestuur_update_schoolbestuur(passend_channel *ch,
                                         const Passend__V1__UpdateSchoolbestuurRequest *req,
                                         Passend__V1__Schoolbestuur **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/UpdateSchoolbestuur", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__schoolbestuur__descriptor, out, opts);
}

int passend_bestuur_deactivate_schoolbestuur(passend_channel *ch, const Passend__V1__DeactivateRequest *req,
                                             Passend__V1__Schoolbestuur **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/DeactivateSchoolbestuur", req ? &req->base : NULL,
	                         NULL, RETRY_CALLER, &passend__v1__schoolbestuur__descriptor, out, opts);
}

int passend_bestuur_create_gemeente(passend_channel *ch, const Passend__V1__CreateGemeenteRequest *req,
                                    Passend__V1__Gemeente **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/CreateGemeente", req ? &req->base : NULL, RID(req),
	                         RETRY_REQUEST_ID, &passend__v1__gemeente__descriptor, out, opts);
}

int passend_bestuur_get_gemeente(passend_channel *ch, const Passend__V1__GetByIdRequest *req,
                                 Passend__V1__Gemeente **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/GetGemeente", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__gemeente__descriptor, out, opts);
}

int passend_bestuur_list_gemeenten(passend_channel *ch, const Passend__V1__ListGemeentenRequest *req,
                                   Passend__V1__ListGemeentenResponse **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/ListGemeenten", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_gemeenten_response__descriptor, out, opts);
}

int passend_bestuur_update_gemeente(passend_channel *ch, const Passend__V1__UpdateGemeenteRequest *req,
                                    Passend__V1__Gemeente **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/UpdateGemeente", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__gemeente__descriptor, out, opts);
}

int passend_bestuur_deactivate_gemeente(passend_channel *ch, const Passend__V1__DeactivateRequest *req,
                                        Passend__V1__Gemeente **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/DeactivateGemeente", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__gemeente__descriptor, out, opts);
}

int passend_bestuur_list_herkomst_types(passend_channel *ch, const Passend__V1__ListHerkomstTypesRequest *req,
                                        Passend__V1__ListHerkomstTypesResponse **out,
                                        const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/ListHerkomstTypes", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_herkomst_types_response__descriptor, out,
	                         opts);
}

int passend_bestuur_upsert_herkomst_type(passend_channel *ch, const Passend__V1__HerkomstType *req,
                                         Passend__V1__HerkomstType **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/UpsertHerkomstType", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__herkomst_type__descriptor, out, opts);
}

int passend_bestuur_upsert_telling(passend_channel *ch, const Passend__V1__Telling *req,
                                   Passend__V1__Telling **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/UpsertTelling", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__telling__descriptor, out, opts);
}

int passend_bestuur_list_tellingen(passend_channel *ch, const Passend__V1__ListTellingenRequest *req,
                                   Passend__V1__ListTellingenResponse **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/ListTellingen", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_tellingen_response__descriptor, out, opts);
}

int passend_bestuur_submit_tlv_aanvraag(passend_channel *ch, const Passend__V1__SubmitTlvAanvraagRequest *req,
                                        Passend__V1__Tlv **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/SubmitTlvAanvraag", req ? &req->base : NULL,
	                         RID(req), RETRY_REQUEST_ID, &passend__v1__tlv__descriptor, out, opts);
}

int passend_bestuur_record_advies(passend_channel *ch, const Passend__V1__RecordAdviesRequest *req,
                                  Passend__V1__Tlv **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/RecordAdvies", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__tlv__descriptor, out, opts);
}

int passend_bestuur_decide_tlv(passend_channel *ch, const Passend__V1__DecideTlvRequest *req,
                               Passend__V1__Tlv **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/DecideTlv", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__tlv__descriptor, out, opts);
}

int passend_bestuur_record_bezwaar(passend_channel *ch, const Passend__V1__RecordBezwaarRequest *req,
                                   Passend__V1__Tlv **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/RecordBezwaar", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__tlv__descriptor, out, opts);
}

int passend_bestuur_decide_bezwaar(passend_channel *ch, const Passend__V1__DecideBezwaarRequest *req,
                                   Passend__V1__Tlv **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/DecideBezwaar", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__tlv__descriptor, out, opts);
}

int passend_bestuur_herbeoordeel(passend_channel *ch, const Passend__V1__HerbeoordeelRequest *req,
                                 Passend__V1__Tlv **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/Herbeoordeel", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__tlv__descriptor, out, opts);
}

int passend_bestuur_get_tlv(passend_channel *ch, const Passend__V1__GetByIdRequest *req,
                            Passend__V1__Tlv **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/GetTlv", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__tlv__descriptor, out, opts);
}

int passend_bestuur_list_tlvs(passend_channel *ch, const Passend__V1__ListTlvsRequest *req,
                              Passend__V1__ListTlvsResponse **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Bestuur/ListTlvs", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__list_tlvs_response__descriptor, out, opts);
}

/* ---- passend.v1.Werkgebied ------------------------------------------------------------ */

int passend_werkgebied_update_werkgebied(passend_channel *ch, const Passend__V1__UpdateWerkgebiedRequest *req,
                                         Passend__V1__WerkgebiedInfo **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Werkgebied/UpdateWerkgebied", req ? &req->base : NULL, NULL,
	                         RETRY_CALLER, &passend__v1__werkgebied_info__descriptor, out, opts);
}

int passend_werkgebied_deactivate_werkgebied(passend_channel *ch,
                                             const Passend__V1__DeactivateWerkgebiedRequest *req,
                                             Passend__V1__WerkgebiedInfo **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Werkgebied/DeactivateWerkgebied", req ? &req->base : NULL,
	                         NULL, RETRY_CALLER, &passend__v1__werkgebied_info__descriptor, out, opts);
}

/* ---- passend.v1.Rapportage ------------------------------------------------------------ */

int passend_rapportage_get_deelname_report(passend_channel *ch,
                                           const Passend__V1__GetDeelnameReportRequest *req,
                                           Passend__V1__DeelnameReport **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Rapportage/GetDeelnameReport", req ? &req->base : NULL,
	                         NULL, RETRY_ALWAYS, &passend__v1__deelname_report__descriptor, out, opts);
}

int passend_rapportage_get_tlv_report(passend_channel *ch, const Passend__V1__GetTlvReportRequest *req,
                                      Passend__V1__TlvReport **out, const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Rapportage/GetTlvReport", req ? &req->base : NULL, NULL,
	                         RETRY_ALWAYS, &passend__v1__tlv_report__descriptor, out, opts);
}

int passend_rapportage_set_landelijk_percentage(passend_channel *ch,
                                                const Passend__V1__LandelijkPercentage *req,
                                                Passend__V1__LandelijkPercentage **out,
                                                const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Rapportage/SetLandelijkPercentage", req ? &req->base : NULL,
	                         NULL, RETRY_ALWAYS, &passend__v1__landelijk_percentage__descriptor, out,
	                         opts);
}

int passend_rapportage_list_landelijke_percentages(passend_channel *ch,
                                                   const Passend__V1__ListLandelijkePercentagesRequest *req,
                                                   Passend__V1__ListLandelijkePercentagesResponse **out,
                                                   const passend_call_opts *opts)
{
	return client_stub_unary(ch, "/passend.v1.Rapportage/ListLandelijkePercentages",
	                         req ? &req->base : NULL, NULL, RETRY_ALWAYS,
	                         &passend__v1__list_landelijke_percentages_response__descriptor, out, opts);
}
