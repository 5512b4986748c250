/* reflection: gRPC server reflection, grpc.reflection.v1 and v1alpha
 * ServerReflection/ServerReflectionInfo (bidirectional), answered from the
 * descriptors of the .proto files compiled into passendd: the services the
 * router serves, a file by name and the file that defines a symbol, each
 * with the files it imports. So grpcurl and similar tools work without the
 * .proto files. */
#ifndef PASSEND_REFLECTION_H
#define PASSEND_REFLECTION_H

#include <stddef.h>

#include "service.h"

/* The reflection methods (public, no statements), registered by main.c
 * beside the core services. */
extern const service reflection_service;

/* Check that the compiled-in descriptors describe every method of services
 * (NULL-terminated) as served: the method exists, with the same request and
 * response message types and the same call type (client_streaming,
 * server_streaming). Returns 0, or -1 with the first difference in err. */
__attribute__((warn_unused_result)) int reflection_check(const service *const *services, char *err,
                                                         size_t errlen);

#endif
