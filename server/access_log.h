/* access_log: one info line per finished call when access_log = true:
 * method, status, duration, peer, worker and the token's id and role — never
 * the token itself, never the status message or request data (either may
 * name a pupil). Off by default: at thousands of calls per second it is one
 * write(2) per call, and platform.audit_log already records every
 * pupil-level call. */
#ifndef PASSEND_ACCESS_LOG_H
#define PASSEND_ACCESS_LOG_H

#include <stdint.h>

struct rpc_call;

/* Switch the access log on or off (main.c, before the workers start). */
void access_log_enable(int on);
/* Log the end of call with gRPC status after ns nanoseconds (nothing when
 * the access log is off). */
void access_log_call(const struct rpc_call *call, int status, uint64_t ns);

#endif
