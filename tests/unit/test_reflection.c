/* test_reflection: the descriptors compiled into passendd describe every
 * method it serves exactly as the method table declares it (request and
 * response types, call type), and a method that disagrees is named. The
 * wire protocol of reflection is tested with grpcio and libpassend
 * (tests/integration/test_reflection.sh). */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "grpc/health/v1/health.pb-c.h"
#include "reflection.h"
#include "service.h"

static void test_method_table_matches_protos(void **state)
{
	char err[512] = "";
	const service **all =
	    service_join(service_areas, (const service *const[]){&reflection_service, NULL});
	assert_non_null(all);
	int rc = reflection_check(all, err, sizeof err);
	if (rc != 0) fail_msg("%s", err);
	free(all);
}

static void nothing(rpc_call *call, const ProtobufCMessage *req) {}

/* A service of the one method m fails the check with an error that names
 * each of want (NULL-terminated). */
static void assert_check_names(const rpc_method *m, const char *const *want)
{
	char err[512] = "";
	static const pg_stmt *const none[] = {NULL};
	const rpc_method *const methods[] = {m, NULL};
	const service svc = {"x", methods, none};
	assert_int_equal(reflection_check((const service *const[]){&svc, NULL}, err, sizeof err), -1);
	for (; *want; want++)
		if (!strstr(err, *want)) fail_msg("\"%s\" does not name %s", err, *want);
}

static void test_mismatch_is_named(void **state)
{
	/* Health/Check declared server-streaming */
	static const rpc_method streaming = {.path = "/grpc.health.v1.Health/Check",
	                                     .req_desc = &grpc__health__v1__health_check_request__descriptor,
	                                     .resp_desc =
	                                         &grpc__health__v1__health_check_response__descriptor,
	                                     .handler = nothing,
	                                     .server_streaming = 1};
	assert_check_names(&streaming,
	                   (const char *const[]){"/grpc.health.v1.Health/Check", "server_streaming=0", NULL});
	/* the wrong response type */
	static const rpc_method wrong = {.path = "/grpc.health.v1.Health/Check",
	                                 .req_desc = &grpc__health__v1__health_check_request__descriptor,
	                                 .resp_desc = &grpc__health__v1__health_check_request__descriptor,
	                                 .handler = nothing};
	assert_check_names(&wrong, (const char *const[]){"grpc.health.v1.HealthCheckResponse", NULL});
	/* a method no .proto declares */
	static const rpc_method unknown = {.path = "/grpc.health.v1.Health/Nope",
	                                   .req_desc = &grpc__health__v1__health_check_request__descriptor,
	                                   .resp_desc = &grpc__health__v1__health_check_response__descriptor,
	                                   .handler = nothing};
	assert_check_names(&unknown, (const char *const[]){"no such method", NULL});
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_method_table_matches_protos),
          cmocka_unit_test(test_mismatch_is_named))
