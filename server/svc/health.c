/* health: grpc.health.v1.Health/Check. The server is SERVING while its
 * worker's database pool is healthy (a connection answered within the last
 * ~2 s); no database round trip per check. Watch is not served. */
#include "svc.h"

#include <string.h>

#include "grpc/health/v1/health.pb-c.h"
#include "grpc_status.h"
#include "pg_pool.h"
#include "worker.h"

static void health_check(rpc_call *call, const ProtobufCMessage *msg)
{
	const Grpc__Health__V1__HealthCheckRequest *req = (const Grpc__Health__V1__HealthCheckRequest *)msg;
	const char *svc = req->service ? req->service : "";
	if (svc[0] && strcmp(svc, "passend.v1.Platform") != 0) {
		rpc_finish(call, GRPC_STATUS_NOT_FOUND, "unknown service");
		return;
	}
	worker *w = rpc_call_worker(call);
	Grpc__Health__V1__HealthCheckResponse resp = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
	resp.status = (w && pg_pool_healthy(w->pool))
	                  ? GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING
	                  : GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING;
	rpc_reply(call, &resp.base);
}

static const rpc_method svc_health_check = {
    RPC_METHOD_ID("grpc.health.v1.Health", "Check", grpc__health__v1__health_check_request,
                  grpc__health__v1__health_check_response, RPC_PUBLIC),
    .handler = health_check, .idempotent = 1};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_health_check,
    NULL,
};
static const pg_stmt *const stmts[] = {NULL};
const service svc_area_health = {"grpc.health.v1.Health", methods, stmts};
