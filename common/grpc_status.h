/* grpc_status: the canonical gRPC status codes and their names, shared by the
 * server (trailers), libpassend (call results) and the CLI (printing). */
#ifndef PASSEND_GRPC_STATUS_H
#define PASSEND_GRPC_STATUS_H

enum grpc_status_code {
	GRPC_STATUS_OK = 0,
	GRPC_STATUS_CANCELLED = 1,
	GRPC_STATUS_UNKNOWN = 2,
	GRPC_STATUS_INVALID_ARGUMENT = 3,
	GRPC_STATUS_DEADLINE_EXCEEDED = 4,
	GRPC_STATUS_NOT_FOUND = 5,
	GRPC_STATUS_ALREADY_EXISTS = 6,
	GRPC_STATUS_PERMISSION_DENIED = 7,
	GRPC_STATUS_RESOURCE_EXHAUSTED = 8,
	GRPC_STATUS_FAILED_PRECONDITION = 9,
	GRPC_STATUS_ABORTED = 10,
	GRPC_STATUS_OUT_OF_RANGE = 11,
	GRPC_STATUS_UNIMPLEMENTED = 12,
	GRPC_STATUS_INTERNAL = 13,
	GRPC_STATUS_UNAVAILABLE = 14,
	GRPC_STATUS_DATA_LOSS = 15,
	GRPC_STATUS_UNAUTHENTICATED = 16,
};

/* Upper-case name of a code ("NOT_FOUND"); "UNKNOWN" for codes out of range. */
const char *grpc_status_name(int code);
/* Code for a name (case-insensitive), or -1. */
__attribute__((warn_unused_result)) int grpc_status_from_name(const char *name);

#endif
