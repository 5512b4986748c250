/* test_reflection: the descriptors compiled into passendd describe every
 * method it serves exactly as the method table declares it (request and
 * response types, call type), and a method that disagrees is named. The
 * wire protocol of reflection is tested with grpcio and libpassend
 * (tests/integration/test_reflection.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

static void test_mismatch_is_named(void **state)
{
	char err[512] = "";
	/* Health/Check declared server-streaming */
	static const rpc_method streaming = {.path = "/grpc.health.v1.Health/Check",
	                                     .req_desc = &grpc__health__v1__health_check_request__descriptor,
	                                     .resp_desc =
	                                         &grpc__health__v1__health_check_response__descriptor,
	                                     .handler = nothing,
	                                     .server_streaming = 1};
	static const rpc_method *const m1[] = {&streaming, NULL};
	static const pg_stmt *const none[] = {NULL};
	const service s1 = {"x", m1, none};
	assert_int_equal(reflection_check((const service *const[]){&s1, NULL}, err, sizeof err), -1);
	assert_non_null(strstr(err, "/grpc.health.v1.Health/Check"));
	assert_non_null(strstr(err, "server_streaming=0"));
	/* the wrong response type */
	static const rpc_method wrong = {.path = "/grpc.health.v1.Health/Check",
	                                 .req_desc = &grpc__health__v1__health_check_request__descriptor,
	                                 .resp_desc = &grpc__health__v1__health_check_request__descriptor,
	                                 .handler = nothing};
	static const rpc_method *const m2[] = {&wrong, NULL};
	const service s2 = {"x", m2, none};
	assert_int_equal(reflection_check((const service *const[]){&s2, NULL}, err, sizeof err), -1);
	assert_non_null(strstr(err, "grpc.health.v1.HealthCheckResponse"));
	/* a method no .proto declares */
	static const rpc_method unknown = {.path = "/grpc.health.v1.Health/Nope",
	                                   .req_desc = &grpc__health__v1__health_check_request__descriptor,
	                                   .resp_desc = &grpc__health__v1__health_check_response__descriptor,
	                                   .handler = nothing};
	static const rpc_method *const m3[] = {&unknown, NULL};
	const service s3 = {"x", m3, none};
	assert_int_equal(reflection_check((const service *const[]){&s3, NULL}, err, sizeof err), -1);
	assert_non_null(strstr(err, "no such method"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_method_table_matches_protos),
	    cmocka_unit_test(test_mismatch_is_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
