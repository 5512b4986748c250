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

const rpc_method *const svc_methods[] = {
    &svc_health_check,
    &svc_platform_get_server_info,
    &svc_platform_watch_server_info,
    NULL,
};

const pg_stmt *const svc_statements[] = {
    &svc_platform_stmt_server_version,
    NULL,
};
