/* svc: joins every service's methods into the one table rpc.c dispatches
 * from, and every service's prepared statements into the table each
 * database connection prepares when it connects. */
#include "svc.h"

#include <stddef.h>

#include "pg_pool.h"

/* Defined in svc/health.c and svc/platform.c. Listed one by one because a
 * static initializer cannot copy another file's array. */
extern const rpc_method svc_health_check;
extern const rpc_method svc_platform_get_server_info;
extern const rpc_method svc_platform_watch_server_info;
extern const pg_stmt svc_platform_stmt_server_version;
extern const rpc_method svc_bestuur_create_school, svc_bestuur_get_school, svc_bestuur_list_schools;
extern const pg_stmt svc_bestuur_stmt_school_insert, svc_bestuur_stmt_school_get,
    svc_bestuur_stmt_school_list;
extern const rpc_method svc_wg_create_werkgebied, svc_wg_get_werkgebied, svc_wg_list_werkgebieden,
    svc_wg_create_leerling, svc_wg_get_leerling, svc_wg_list_leerlingen;
extern const pg_stmt svc_wg_stmt_insert, svc_wg_stmt_get, svc_wg_stmt_list, svc_ll_stmt_insert,
    svc_ll_stmt_get, svc_ll_stmt_list;
extern const rpc_method svc_tn_create_tenant, svc_tn_get_tenant, svc_tn_list_tenants, svc_tn_update_tenant,
    svc_tn_create_token, svc_tn_list_tokens, svc_tn_revoke_token, svc_tn_who_am_i, svc_tn_list_audit_events;
extern const pg_stmt svc_tn_stmt_tenant_insert, svc_tn_stmt_tenant_get, svc_tn_stmt_tenant_list,
    svc_tn_stmt_tenant_update, svc_tn_stmt_token_insert, svc_tn_stmt_token_list, svc_tn_stmt_token_revoke,
    svc_tn_stmt_audit_list;
extern const rpc_method svc_tz_create_lid, svc_tz_get_lid, svc_tz_list_leden;
extern const pg_stmt svc_tz_stmt_lid_insert, svc_tz_stmt_lid_get, svc_tz_stmt_lid_list;
extern const pg_stmt auth_stmt_token_lookup, svc_stmt_principal, svc_stmt_audit;

extern const rpc_method svc_ref_create_schoolbestuur, svc_ref_get_schoolbestuur, svc_ref_list_schoolbesturen,
    svc_ref_update_schoolbestuur, svc_ref_deactivate_schoolbestuur, svc_ref_create_gemeente,
    svc_ref_get_gemeente, svc_ref_list_gemeenten, svc_ref_update_gemeente, svc_ref_deactivate_gemeente,
    svc_ref_list_herkomst_types, svc_ref_upsert_herkomst_type, svc_ref_upsert_telling, svc_ref_list_tellingen;
extern const pg_stmt svc_ref_stmt_bst_insert, svc_ref_stmt_bst_update, svc_ref_stmt_bst_deactivate,
    svc_ref_stmt_bst_get, svc_ref_stmt_bst_list, svc_ref_stmt_gem_insert, svc_ref_stmt_gem_update,
    svc_ref_stmt_gem_deactivate, svc_ref_stmt_gem_get, svc_ref_stmt_gem_list, svc_ref_stmt_herkomst_list,
    svc_ref_stmt_herkomst_upsert, svc_ref_stmt_tel_upsert, svc_ref_stmt_tel_list;
extern const rpc_method svc_rap_get_deelname_report, svc_rap_set_landelijk_percentage,
    svc_rap_list_landelijke_percentages;
extern const pg_stmt svc_rap_stmt_deelname, svc_rap_stmt_landelijk_set, svc_rap_stmt_landelijk_list;
extern const rpc_method svc_tlv_submit, svc_tlv_record_advies, svc_tlv_decide, svc_tlv_record_bezwaar,
    svc_tlv_decide_bezwaar, svc_tlv_herbeoordeel, svc_tlv_get, svc_tlv_list;
extern const pg_stmt svc_tlv_stmt_rules, svc_tlv_stmt_submit, svc_tlv_stmt_advies, svc_tlv_stmt_decide,
    svc_tlv_stmt_bezwaar, svc_tlv_stmt_bezwaar_besluit, svc_tlv_stmt_herbeoordeel, svc_tlv_stmt_audit_one,
    svc_tlv_stmt_get, svc_tlv_stmt_events, svc_tlv_stmt_list;
extern const rpc_method svc_rap_get_tlv_report;
extern const pg_stmt svc_rap_stmt_tlv;

extern const rpc_method svc_import_start, svc_import_chunk, svc_import_finish;
extern const pg_stmt svc_import_stmt_start, svc_import_stmt_batch, svc_import_stmt_chunk,
    svc_import_stmt_finish;
extern const rpc_method svc_bestuur_update_school, svc_bestuur_deactivate_school, svc_wg_update_werkgebied,
    svc_wg_deactivate_werkgebied;
extern const pg_stmt svc_bestuur_stmt_school_update, svc_bestuur_stmt_school_deactivate, svc_wg_stmt_update,
    svc_wg_stmt_deactivate;

const rpc_method *const svc_methods[] = {
    &svc_health_check,
    &svc_platform_get_server_info,
    &svc_platform_watch_server_info,
    &svc_bestuur_create_school,
    &svc_bestuur_get_school,
    &svc_bestuur_list_schools,
    &svc_wg_create_werkgebied,
    &svc_wg_get_werkgebied,
    &svc_wg_list_werkgebieden,
    &svc_wg_create_leerling,
    &svc_wg_get_leerling,
    &svc_wg_list_leerlingen,
    &svc_tn_create_tenant,
    &svc_tn_get_tenant,
    &svc_tn_list_tenants,
    &svc_tn_update_tenant,
    &svc_tn_create_token,
    &svc_tn_list_tokens,
    &svc_tn_revoke_token,
    &svc_tn_who_am_i,
    &svc_tn_list_audit_events,
    &svc_tz_create_lid,
    &svc_tz_get_lid,
    &svc_tz_list_leden,
    &svc_ref_create_schoolbestuur,
    &svc_ref_get_schoolbestuur,
    &svc_ref_list_schoolbesturen,
    &svc_ref_update_schoolbestuur,
    &svc_ref_deactivate_schoolbestuur,
    &svc_ref_create_gemeente,
    &svc_ref_get_gemeente,
    &svc_ref_list_gemeenten,
    &svc_ref_update_gemeente,
    &svc_ref_deactivate_gemeente,
    &svc_ref_list_herkomst_types,
    &svc_ref_upsert_herkomst_type,
    &svc_ref_upsert_telling,
    &svc_ref_list_tellingen,
    &svc_rap_get_deelname_report,
    &svc_rap_set_landelijk_percentage,
    &svc_rap_list_landelijke_percentages,
    &svc_tlv_submit,
    &svc_tlv_record_advies,
    &svc_tlv_decide,
    &svc_tlv_record_bezwaar,
    &svc_tlv_decide_bezwaar,
    &svc_tlv_herbeoordeel,
    &svc_tlv_get,
    &svc_tlv_list,
    &svc_rap_get_tlv_report,
    &svc_import_start,
    &svc_import_chunk,
    &svc_import_finish,
    &svc_bestuur_update_school,
    &svc_bestuur_deactivate_school,
    &svc_wg_update_werkgebied,
    &svc_wg_deactivate_werkgebied,
    NULL,
};

const pg_stmt *const svc_statements[] = {
    &svc_platform_stmt_server_version,
    &auth_stmt_token_lookup,
    &svc_stmt_principal,
    &svc_stmt_audit,
    &svc_bestuur_stmt_school_insert,
    &svc_bestuur_stmt_school_get,
    &svc_bestuur_stmt_school_list,
    &svc_wg_stmt_insert,
    &svc_wg_stmt_get,
    &svc_wg_stmt_list,
    &svc_ll_stmt_insert,
    &svc_ll_stmt_get,
    &svc_ll_stmt_list,
    &svc_tn_stmt_tenant_insert,
    &svc_tn_stmt_tenant_get,
    &svc_tn_stmt_tenant_list,
    &svc_tn_stmt_tenant_update,
    &svc_tn_stmt_token_insert,
    &svc_tn_stmt_token_list,
    &svc_tn_stmt_token_revoke,
    &svc_tn_stmt_audit_list,
    &svc_tz_stmt_lid_insert,
    &svc_tz_stmt_lid_get,
    &svc_tz_stmt_lid_list,
    &svc_ref_stmt_bst_insert,
    &svc_ref_stmt_bst_update,
    &svc_ref_stmt_bst_deactivate,
    &svc_ref_stmt_bst_get,
    &svc_ref_stmt_bst_list,
    &svc_ref_stmt_gem_insert,
    &svc_ref_stmt_gem_update,
    &svc_ref_stmt_gem_deactivate,
    &svc_ref_stmt_gem_get,
    &svc_ref_stmt_gem_list,
    &svc_ref_stmt_herkomst_list,
    &svc_ref_stmt_herkomst_upsert,
    &svc_ref_stmt_tel_upsert,
    &svc_ref_stmt_tel_list,
    &svc_rap_stmt_deelname,
    &svc_rap_stmt_landelijk_set,
    &svc_rap_stmt_landelijk_list,
    &svc_tlv_stmt_rules,
    &svc_tlv_stmt_submit,
    &svc_tlv_stmt_advies,
    &svc_tlv_stmt_decide,
    &svc_tlv_stmt_bezwaar,
    &svc_tlv_stmt_bezwaar_besluit,
    &svc_tlv_stmt_herbeoordeel,
    &svc_tlv_stmt_audit_one,
    &svc_tlv_stmt_get,
    &svc_tlv_stmt_events,
    &svc_tlv_stmt_list,
    &svc_rap_stmt_tlv,
    &svc_import_stmt_start,
    &svc_import_stmt_batch,
    &svc_import_stmt_chunk,
    &svc_import_stmt_finish,
    &svc_bestuur_stmt_school_update,
    &svc_bestuur_stmt_school_deactivate,
    &svc_wg_stmt_update,
    &svc_wg_stmt_deactivate,
    NULL,
};
