/* stubs.c: typed libpassend functions, one per RPC, over the generic calls
 * in call.c. Add one here for every new method in proto/. */
#include <stdlib.h>

#include "client.h"

int passend_health_check(passend_channel *ch, const char *service, int *status, const passend_call_opts *opts)
{
	Grpc__Health__V1__HealthCheckRequest req = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
	ProtobufCMessage *resp = NULL;
	passend_call_opts o = opts ? *opts : (passend_call_opts){0};
	int rc;

	if (!status) return PASSEND_EINVAL;
	req.service = (char *)(service ? service : "");
	o.idempotent = 1; /* a health check only reads */
	rc = passend_call_unary(ch, "/grpc.health.v1.Health/Check", &req.base,
	                        &grpc__health__v1__health_check_response__descriptor, &resp, &o);
	if (rc < 0) return rc;
	*status = ((Grpc__Health__V1__HealthCheckResponse *)resp)->status;
	protobuf_c_message_free_unpacked(resp, NULL);
	return 0;
}

int passend_platform_get_server_info(passend_channel *ch, Passend__V1__ServerInfo **info,
                                     const passend_call_opts *opts)
{
	Passend__V1__GetServerInfoRequest req = PASSEND__V1__GET_SERVER_INFO_REQUEST__INIT;
	ProtobufCMessage *resp = NULL;
	passend_call_opts o = opts ? *opts : (passend_call_opts){0};
	int rc;

	if (!info) return PASSEND_EINVAL;
	*info = NULL;
	o.idempotent = 1;
	rc = passend_call_unary(ch, "/passend.v1.Platform/GetServerInfo", &req.base,
	                        &passend__v1__server_info__descriptor, &resp, &o);
	if (rc < 0) return rc;
	*info = (Passend__V1__ServerInfo *)resp;
	return 0;
}

int passend_platform_watch_server_info(passend_channel *ch, int32_t count, int32_t interval_ms,
                                       passend_message_cb on_message, void *arg,
                                       const passend_call_opts *opts)
{
	Passend__V1__WatchServerInfoRequest req = PASSEND__V1__WATCH_SERVER_INFO_REQUEST__INIT;

	req.count = count;
	req.interval_ms = interval_ms;
	return passend_call_stream(ch, "/passend.v1.Platform/WatchServerInfo", &req.base,
	                           &passend__v1__server_info__descriptor, on_message, arg, opts);
}
