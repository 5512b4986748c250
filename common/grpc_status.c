/* grpc_status: names of the canonical gRPC status codes. */
#include "grpc_status.h"

#include <stddef.h>
#include <strings.h>

static const char *const names[] = {
    "OK",        "CANCELLED",       "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS",  "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",    "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED",
};

const char *grpc_status_name(int code)
{
	if (code < 0 || (size_t)code >= sizeof(names) / sizeof(names[0])) return "UNKNOWN";
	return names[code];
}

int grpc_status_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(names[i], name) == 0) return (int)i;
	return -1;
}
