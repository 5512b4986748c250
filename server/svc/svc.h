/* svc: the services passendd serves. Each area has one file under svc/
 * that defines its handlers and exports its methods; svc.c joins them into
 * the one table rpc.c dispatches from. */
#ifndef PASSEND_SVC_H
#define PASSEND_SVC_H

#include "rpc.h"

/* Every method of every service, NULL-terminated. */
extern const rpc_method *const svc_methods[];

/* Per-area method lists (NULL-terminated), joined by svc.c. */
extern const rpc_method *const svc_health_methods[];
extern const rpc_method *const svc_platform_methods[];

/* Every prepared statement of every service (NULL-terminated), prepared on
 * each database connection (pg_pool_create). Defined in svc.c. */
struct pg_stmt;
extern const struct pg_stmt *const svc_statements[];

#endif
