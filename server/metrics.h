/* metrics: passendd's Prometheus metrics. Each worker owns one metrics_cells
 * block: counters and gauges written only by that worker's thread (relaxed
 * atomic load + store: plain moves, no locked instruction, no cache line
 * shared with another worker). A scrape sums the blocks of every worker
 * (metrics_render) without stopping or locking them. The method labels come
 * from a table built once at start-up (metrics_init), like the router's. */
#ifndef PASSEND_METRICS_H
#define PASSEND_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct rpc_method;
struct service;
struct server;

typedef struct metrics_cells metrics_cells;

/* Counters (only ever grow) that are not per method. */
enum metrics_counter {
	METRICS_TOKEN_CACHE_HITS = 0, /* a call's token found in the worker's cache */
	METRICS_TOKEN_CACHE_MISSES,   /* looked up in the database */
	METRICS_DB_RECONNECTS,        /* connection attempts after a failed or lost one */
	METRICS_NCOUNTERS,
};

/* Gauges (go up and down) that are not per method. */
enum metrics_gauge {
	METRICS_STREAMS_OPEN = 0, /* HTTP/2 request streams open */
	METRICS_DB_QUEUE,         /* requests waiting for room on a database connection */
	METRICS_NGAUGES,
};

/* What became of import rows (label result). */
enum metrics_import_result {
	METRICS_IMPORT_STORED = 0, /* ImportChunk: rows that passed the format checks, stored */
	METRICS_IMPORT_REJECTED,   /* ImportChunk: rows with format errors */
	METRICS_IMPORT_INSERTED,   /* committed FinishImport */
	METRICS_IMPORT_UPDATED,
	METRICS_IMPORT_UNCHANGED,
	METRICS_IMPORT_NRESULTS,
};

#define METRICS_DB_STATES    8 /* room for the pool's connection states */
#define METRICS_IMPORT_KINDS 16

/* The latency histogram's upper bounds in seconds (fixed, for every method). */
#define METRICS_BUCKETS 14
extern const double metrics_bucket_bounds[METRICS_BUCKETS];

/* Build the method table from the services (NULL-terminated; each with its
 * NULL-terminated methods), once before any worker runs; read-only
 * afterwards. Returns 0, or -1 when out of memory. */
__attribute__((warn_unused_result)) int metrics_init(const struct service *const *services);
/* Free the method table (after every worker has stopped and the last scrape). */
void metrics_free(void);

/* A zeroed cell block sized for the method table (metrics_init first), or
 * NULL when out of memory. Freed with metrics_cells_free (NULL is fine). */
__attribute__((warn_unused_result)) metrics_cells *metrics_cells_new(void);
void metrics_cells_free(metrics_cells *m);

/* The writers below run on the thread that owns m; m may be NULL (unit
 * tests, tools without metrics): then they do nothing. */
void metrics_count(metrics_cells *m, enum metrics_counter c, uint64_t n);
void metrics_gauge_add(metrics_cells *m, enum metrics_gauge g, int64_t delta);
void metrics_gauge_set(metrics_cells *m, enum metrics_gauge g, int64_t value);
/* A database connection moved from state `from` to `to` (the pool's state
 * numbers; from < 0: a new connection). */
void metrics_db_state(metrics_cells *m, int from, int to);
/* A call started (request headers complete): one more in flight. */
void metrics_call_start(metrics_cells *m);
/* A started call ended with a gRPC status after ns nanoseconds: counted by
 * method and code, observed in the method's histogram, one less in flight.
 * method NULL (or not in the table): the "unknown" series. */
void metrics_call_end(metrics_cells *m, const struct rpc_method *method, int status, uint64_t ns);
/* n import rows of kind (the ImportKind number, < METRICS_IMPORT_KINDS)
 * named kind_name (static storage, e.g. "scholen") had result r. */
void metrics_import_rows(metrics_cells *m, int kind, const char *kind_name, enum metrics_import_result r,
                         uint64_t n);

/* Append the Prometheus text exposition (format 0.0.4) of the sum of the n
 * cell blocks, plus the process facts of srv (may be NULL: left out), to
 * out. Safe to run on any thread while the workers write. Returns 0 or -1
 * (out of memory). */
__attribute__((warn_unused_result)) int metrics_render(buf *out, metrics_cells *const *cells, int n,
                                                       const struct server *srv);

/* Prometheus label value escaping (\\, \" and \n) of s into out. Returns 0 or -1. */
__attribute__((warn_unused_result)) int metrics_label_value(buf *out, const char *s);

#endif
