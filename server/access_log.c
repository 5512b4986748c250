/* access_log: the per-call log line (see access_log.h). Written through
 * log.c, so it is logfmt or JSON like every other line:
 *   event=rpc.call method=/passend.v1.Bestuur/GetSchool status=OK code=0
 *   duration_ms=0.412 peer=127.0.0.1:50522 worker=1 token_id=<uuid> role=bestuur */
#include "access_log.h"

#include <stdatomic.h>

#include "auth.h"
#include "grpc_status.h"
#include "log.h"
#include "rpc.h"
#include "worker.h"

static atomic_int enabled;

void access_log_enable(int on)
{
	atomic_store(&enabled, on != 0);
}

void access_log_call(const rpc_call *call, int status, uint64_t ns)
{
	if (!atomic_load_explicit(&enabled, memory_order_relaxed) || !log_enabled(LOG_INFO)) return;
	const rpc_method *m = rpc_call_method(call);
	const auth_principal *p = rpc_call_principal(call);
	const worker *w = rpc_call_worker(call);
	log_info("rpc.call", "method=%s status=%s code=%d duration_ms=%.3f peer=%s worker=%d%s%s%s%s",
	         m ? m->path : "unknown", grpc_status_name(status), status, (double)ns / 1e6,
	         rpc_call_peer(call), w ? w->id : -1, p ? " token_id=" : "", p ? p->token_id : "",
	         p ? " role=" : "", p ? p->role_name : "");
}
