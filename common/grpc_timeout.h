/* grpc_timeout: the grpc-timeout header value ("TimeoutValue TimeoutUnit":
 * 1-8 ASCII digits then one of H M S m u n) to and from milliseconds. */
#ifndef PASSEND_GRPC_TIMEOUT_H
#define PASSEND_GRPC_TIMEOUT_H

#include <stddef.h>
#include <stdint.h>

/* Parse a header value of `n` bytes into milliseconds (sub-millisecond
 * values round up to 1 ms so a tiny positive deadline is not "no deadline",
 * and 0 stays 0 = already expired). Returns 0 or -1 if the value is malformed. */
__attribute__((warn_unused_result)) int grpc_timeout_parse(const char *s, size_t n, uint64_t *ms);
/* Format milliseconds as a header value into out (at least 12 bytes),
 * choosing the unit so the value fits 8 digits. Returns length written. */
size_t grpc_timeout_format(uint64_t ms, char *out, size_t outlen);

#endif
