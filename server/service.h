/* service: how a service area registers with the server core. Each area
 * (server/svc/<area>.c) exports one description of its methods and its
 * prepared statements; main.c hands the list to the router (rpc.c) and the
 * statements to every database pool, so the core never names a service. */
#ifndef PASSEND_SERVICE_H
#define PASSEND_SERVICE_H

#include "pg_pool.h"
#include "rpc.h"

typedef struct service {
	const char *name;                 /* "passend.v1.Bestuur" (for logs/methods listing) */
	const rpc_method *const *methods; /* NULL-terminated */
	const pg_stmt *const *stmts;      /* NULL-terminated; prepared on every db connection */
} service;

/* Every service area, NULL-terminated. Defined in svc/svc.c, the one file that lists areas. */
extern const service *const service_areas[];

/* The services of a and then of b in one NULL-terminated malloc'd array
 * (the caller frees the array, not the services). Returns NULL when out of
 * memory. */
__attribute__((warn_unused_result)) const service **service_join(const service *const *a,
                                                                 const service *const *b);

/* The statements of every service, in order, in one NULL-terminated
 * malloc'd array (the caller frees the array, not the statements). Returns
 * 0, or -1 when out of memory or when two statements share a name (logged). */
__attribute__((warn_unused_result)) int service_stmts(const service *const *services, const pg_stmt ***out);

#endif
