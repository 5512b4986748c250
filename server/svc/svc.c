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
extern const pg_stmt auth_stmt_token_lookup, svc_stmt_principal, svc_stmt_audit;

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
    NULL,
};
