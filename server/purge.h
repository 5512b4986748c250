/* purge: retention in passendd (docs/decisions.md D37). One statement,
 * platform.retention_purge (server/sql/purge.sql), decides in the database
 * what is due; this module only runs it: on a timer on worker 0's loop
 * (purge_interval_s; non-blocking, through the worker's pool, never two at
 * once) and once, blocking, for `passendd purge` (cron). Both log one line
 * per tenant where something was purged or failed. */
#ifndef PASSEND_PURGE_H
#define PASSEND_PURGE_H

#include <stdio.h>
#include <uv.h>

#include "config.h"
#include "service.h"

struct worker;

/* The purge statement, for the pools (no methods). */
extern const service purge_service;

/* The timer of one worker (embedded in struct worker). */
typedef struct purge_timer {
	uv_timer_t timer;
	struct worker *w;
	int started; /* the timer handle was initialised */
	int busy;    /* a purge is in flight */
} purge_timer;

/* On w's loop, before it runs: run the purge every cfg.purge_interval_s
 * seconds, the first time after min(interval, 60 s), so restarts do not
 * keep postponing it. Does nothing when the interval is 0. Returns 0 or a
 * negative libuv error. */
__attribute__((warn_unused_result)) int purge_timer_start(purge_timer *pt, struct worker *w);
/* Stop and close the timer (on w's loop; a purge in flight completes or is
 * cancelled with the pool). Safe to call when it never started. */
void purge_timer_stop(purge_timer *pt);

/* `passendd purge`: run the purge once over a blocking connection (cfg.db),
 * printing one line per tenant to out. Returns 0, 1 when a tenant's purge
 * failed, or -1 when the statement could not run (message in err). */
__attribute__((warn_unused_result)) int purge_once(const config *cfg, FILE *out, char *err, size_t errlen);

#endif
