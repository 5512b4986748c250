/* metrics: per-worker cells and their Prometheus text rendering (see
 * metrics.h). A cell is an _Atomic 64-bit integer that only its worker's
 * thread writes, with a relaxed load and a relaxed store (a plain add on
 * x86-64 and arm64); the scraping thread reads it with a relaxed load. Such
 * a read sees some value the worker stored, so a sum over workers is a sum
 * of values that each really were, and counters never go backwards. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "pg_pool.h"
#include "rpc.h"
#include "service.h"
#include "worker.h"

#define NCODES 17 /* gRPC status codes 0..16; others count as UNKNOWN */

typedef _Atomic uint64_t mcount;
typedef _Atomic int64_t mgauge;

/* 0.5 ms to 10 s: Health answers in well under a millisecond, a report or
 * a FinishImport can take seconds. */
const double metrics_bucket_bounds[METRICS_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,    0.25,  0.5,    1,     2.5,  5,     10};
static const char *const bucket_text[METRICS_BUCKETS] = {"0.0005", "0.001", "0.0025", "0.005", "0.01",
                                                         "0.025",  "0.05",  "0.1",    "0.25",  "0.5",
                                                         "1",      "2.5",   "5",      "10"};
static const uint64_t bucket_ns[METRICS_BUCKETS] = {
    500000ull,    1000000ull,   2500000ull,   5000000ull,    10000000ull,   25000000ull,   50000000ull,
    100000000ull, 250000000ull, 500000000ull, 1000000000ull, 2500000000ull, 5000000000ull, 10000000000ull};

static const char *const import_result_names[METRICS_IMPORT_NRESULTS] = {"stored", "rejected", "inserted",
                                                                         "updated", "unchanged"};

/* One method's series. buckets[i] counts observations in (bound[i-1],
 * bound[i]]; buckets[METRICS_BUCKETS] those above the last bound. They are
 * made cumulative when rendered. */
typedef struct method_cells {
	mcount codes[NCODES];
	mcount buckets[METRICS_BUCKETS + 1];
	mcount sum_ns;
} method_cells;

struct metrics_cells {
	mcount counters[METRICS_NCOUNTERS];
	mgauge gauges[METRICS_NGAUGES];
	mgauge in_flight;
	mgauge db_states[METRICS_DB_STATES];
	mcount import_rows[METRICS_IMPORT_KINDS][METRICS_IMPORT_NRESULTS];
	size_t nslots;          /* methods in the table + 1 ("unknown", the last) */
	method_cells methods[]; /* in table order (by :path) */
};

/* The method table: labels by :path order, and the same entries sorted by
 * the method's address for the lookup at the end of every call. */
typedef struct method_entry {
	const rpc_method *m;
	char *service; /* "passend.v1.Bestuur" */
	char *name;    /* "GetSchool" */
	size_t slot;   /* index in metrics_cells.methods */
} method_entry;

static method_entry *by_path;
static const method_entry **by_addr;
static size_t nmethods;

/* Import kinds seen so far: the name a kind number is shown with. Set by
 * whichever worker imports that kind first (always the same static string). */
static _Atomic(const char *) import_kind_names[METRICS_IMPORT_KINDS];

static void bump(mcount *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n, memory_order_relaxed);
}

static void move(mgauge *g, int64_t d)
{
	atomic_store_explicit(g, atomic_load_explicit(g, memory_order_relaxed) + d, memory_order_relaxed);
}

static uint64_t get(mcount *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

static int64_t gget(mgauge *g)
{
	return atomic_load_explicit(g, memory_order_relaxed);
}

/* ---- method table ---------------------------------------------------------- */

static int entry_path_cmp(const void *a, const void *b)
{
	return strcmp(((const method_entry *)a)->m->path, ((const method_entry *)b)->m->path);
}

static int entry_addr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)(*(const method_entry *const *)a)->m;
	uintptr_t y = (uintptr_t)(*(const method_entry *const *)b)->m;
	return x < y ? -1 : x > y;
}

/* Split "/pkg.Service/Method" into its labels. Returns 0 or -1 (no memory). */
static int split_path(method_entry *e)
{
	const char *p = e->m->path[0] == '/' ? e->m->path + 1 : e->m->path;
	const char *slash = strrchr(p, '/');
	size_t slen = slash ? (size_t)(slash - p) : 0;
	e->service = strndup(p, slen);
	e->name = strdup(slash ? slash + 1 : p);
	return e->service && e->name ? 0 : -1;
}

void metrics_free(void)
{
	for (size_t i = 0; i < nmethods; i++) {
		free(by_path[i].service);
		free(by_path[i].name);
	}
	free(by_path);
	free(by_addr);
	by_path = NULL;
	by_addr = NULL;
	nmethods = 0;
}

int metrics_init(const service *const *services)
{
	metrics_free();
	size_t n = 0;
	for (const service *const *s = services; s && *s; s++)
		for (const rpc_method *const *m = (*s)->methods; m && *m; m++)
			n++;
	by_path = calloc(n ? n : 1, sizeof *by_path);
	by_addr = calloc(n ? n : 1, sizeof *by_addr);
	if (!by_path || !by_addr) goto fail;
	for (const service *const *s = services; s && *s; s++)
		for (const rpc_method *const *m = (*s)->methods; m && *m; m++)
			by_path[nmethods++].m = *m;
	qsort(by_path, n, sizeof *by_path, entry_path_cmp);
	for (size_t i = 0; i < n; i++) {
		by_path[i].slot = i;
		by_addr[i] = &by_path[i];
		if (split_path(&by_path[i]) != 0) goto fail;
	}
	qsort(by_addr, n, sizeof *by_addr, entry_addr_cmp);
	return 0;
fail:
	metrics_free();
	return -1;
}

/* The slot of a method: bisection over addresses (a handful of compares, no
 * string work on the request path); the "unknown" slot when absent. */
static size_t slot_of(const metrics_cells *m, const rpc_method *method)
{
	size_t lo = 0, hi = nmethods < m->nslots ? nmethods : m->nslots - 1;
	while (method && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const rpc_method *x = by_addr[mid]->m;
		if (x == method) return by_addr[mid]->slot;
		if ((uintptr_t)x < (uintptr_t)method)
			lo = mid + 1;
		else
			hi = mid;
	}
	return m->nslots - 1;
}

/* ---- cells ---------------------------------------------------------------- */

metrics_cells *metrics_cells_new(void)
{
	size_t nslots = nmethods + 1;
	size_t size = sizeof(metrics_cells) + nslots * sizeof(method_cells);
	/* Whole cache lines: no line is shared with another worker's block. */
	size = (size + 63) & ~(size_t)63;
	metrics_cells *m = aligned_alloc(64, size);
	if (!m) return NULL;
	memset(m, 0, size);
	m->nslots = nslots;
	return m;
}

void metrics_cells_free(metrics_cells *m)
{
	free(m);
}

void metrics_count(metrics_cells *m, enum metrics_counter c, uint64_t n)
{
	if (m && (unsigned)c < METRICS_NCOUNTERS) bump(&m->counters[c], n);
}

void metrics_gauge_add(metrics_cells *m, enum metrics_gauge g, int64_t delta)
{
	if (m && (unsigned)g < METRICS_NGAUGES) move(&m->gauges[g], delta);
}

void metrics_gauge_set(metrics_cells *m, enum metrics_gauge g, int64_t value)
{
	if (m && (unsigned)g < METRICS_NGAUGES)
		atomic_store_explicit(&m->gauges[g], value, memory_order_relaxed);
}

void metrics_db_state(metrics_cells *m, int from, int to)
{
	if (!m) return;
	if (from >= 0 && from < METRICS_DB_STATES) move(&m->db_states[from], -1);
	if (to >= 0 && to < METRICS_DB_STATES) move(&m->db_states[to], 1);
}

void metrics_call_start(metrics_cells *m)
{
	if (m) move(&m->in_flight, 1);
}

void metrics_call_end(metrics_cells *m, const rpc_method *method, int status, uint64_t ns)
{
	if (!m) return;
	move(&m->in_flight, -1);
	method_cells *mc = &m->methods[slot_of(m, method)];
	bump(&mc->codes[status >= 0 && status < NCODES ? status : GRPC_STATUS_UNKNOWN], 1);
	size_t b = 0;
	while (b < METRICS_BUCKETS && ns > bucket_ns[b])
		b++;
	bump(&mc->buckets[b], 1);
	bump(&mc->sum_ns, ns);
}

void metrics_import_rows(metrics_cells *m, int kind, const char *kind_name, enum metrics_import_result r,
                         uint64_t n)
{
	if (!m || kind < 0 || kind >= METRICS_IMPORT_KINDS || (unsigned)r >= METRICS_IMPORT_NRESULTS || !n)
		return;
	if (!atomic_load_explicit(&import_kind_names[kind], memory_order_acquire))
		atomic_store_explicit(&import_kind_names[kind], kind_name, memory_order_release);
	bump(&m->import_rows[kind][r], n);
}

/* ---- rendering -------------------------------------------------------------- */

#define TRY(x)                                                                                               \
	do {                                                                                                 \
		if ((x) != 0) return -1;                                                                     \
	} while (0)
/* Append a string literal. */
#define LIT(out, s) buf_append(out, s, sizeof(s) - 1)

int metrics_label_value(buf *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		size_t run = strcspn(p, "\\\"\n");
		TRY(buf_append(out, p, run));
		p += run;
		if (!*p) break;
		TRY(buf_append(out, *p == '\\' ? "\\\\" : *p == '"' ? "\\\"" : "\\n", 2));
	}
	return 0;
}

static int head(buf *out, const char *name, const char *type, const char *help)
{
	return buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* `name{service="…",method="…"` (the caller closes the braces). */
static int method_labels(buf *out, const char *name, const method_entry *e)
{
	TRY(buf_printf(out, "%s{service=\"", name));
	TRY(metrics_label_value(out, e ? e->service : "unknown"));
	TRY(LIT(out, "\",method=\""));
	TRY(metrics_label_value(out, e ? e->name : "unknown"));
	return LIT(out, "\"");
}

/* Sum of one method slot over the workers. */
typedef struct method_sum {
	uint64_t codes[NCODES];
	uint64_t buckets[METRICS_BUCKETS + 1];
	uint64_t sum_ns;
} method_sum;

static void sum_slot(method_sum *t, metrics_cells *const *cells, int n, size_t slot)
{
	memset(t, 0, sizeof *t);
	for (int w = 0; w < n; w++) {
		if (!cells[w] || slot >= cells[w]->nslots) continue;
		method_cells *mc = &cells[w]->methods[slot];
		for (int c = 0; c < NCODES; c++)
			t->codes[c] += get(&mc->codes[c]);
		for (int b = 0; b <= METRICS_BUCKETS; b++)
			t->buckets[b] += get(&mc->buckets[b]);
		t->sum_ns += get(&mc->sum_ns);
	}
}

static int render_calls(buf *out, metrics_cells *const *cells, int n)
{
	method_sum t;
	TRY(head(out, "passend_calls_total", "counter",
	         "gRPC calls finished, by service, method and status code (method \"unknown\": "
	         "refused before routing)."));
	for (size_t s = 0; s <= nmethods; s++) {
		sum_slot(&t, cells, n, s);
		for (int c = 0; c < NCODES; c++) {
			if (!t.codes[c]) continue;
			TRY(method_labels(out, "passend_calls_total", s < nmethods ? &by_path[s] : NULL));
			TRY(buf_printf(out, ",code=\"%s\"} %llu\n", grpc_status_name(c),
			               (unsigned long long)t.codes[c]));
		}
	}
	TRY(head(out, "passend_call_duration_seconds", "histogram",
	         "Time from a call's complete request headers to its status, by service and method."));
	for (size_t s = 0; s <= nmethods; s++) {
		const method_entry *e = s < nmethods ? &by_path[s] : NULL;
		sum_slot(&t, cells, n, s);
		uint64_t cum = 0;
		for (int b = 0; b <= METRICS_BUCKETS; b++)
			cum += t.buckets[b];
		if (!cum) continue;
		cum = 0;
		for (int b = 0; b <= METRICS_BUCKETS; b++) {
			cum += t.buckets[b];
			TRY(method_labels(out, "passend_call_duration_seconds_bucket", e));
			TRY(buf_printf(out, ",le=\"%s\"} %llu\n",
			               b < METRICS_BUCKETS ? bucket_text[b] : "+Inf",
			               (unsigned long long)cum));
		}
		TRY(method_labels(out, "passend_call_duration_seconds_sum", e));
		TRY(buf_printf(out, "} %.9f\n", (double)t.sum_ns / 1e9));
		TRY(method_labels(out, "passend_call_duration_seconds_count", e));
		TRY(buf_printf(out, "} %llu\n", (unsigned long long)cum));
	}
	return 0;
}

static int64_t sum_gauge(metrics_cells *const *cells, int n, size_t off)
{
	int64_t v = 0;
	for (int w = 0; w < n; w++)
		if (cells[w]) v += gget((mgauge *)((char *)cells[w] + off));
	return v;
}

static uint64_t sum_counter(metrics_cells *const *cells, int n, size_t off)
{
	uint64_t v = 0;
	for (int w = 0; w < n; w++)
		if (cells[w]) v += get((mcount *)((char *)cells[w] + off));
	return v;
}

#define CELL(field) offsetof(metrics_cells, field)

static int render_gauge(buf *out, const char *name, const char *help, long long v)
{
	TRY(head(out, name, "gauge", help));
	return buf_printf(out, "%s %lld\n", name, v);
}

static int render_counter(buf *out, const char *name, const char *help, unsigned long long v)
{
	TRY(head(out, name, "counter", help));
	return buf_printf(out, "%s %llu\n", name, v);
}

static int render_db(buf *out, metrics_cells *const *cells, int n)
{
	TRY(head(out, "passend_db_connections", "gauge",
	         "Database connections of all workers' pools, by state (ready and probing serve calls)."));
	for (int s = 0; s < METRICS_DB_STATES; s++) {
		const char *name = pg_conn_state_name(s);
		if (!name) break;
		TRY(buf_printf(out, "passend_db_connections{state=\"%s\"} %lld\n", name,
		               (long long)sum_gauge(cells, n, CELL(db_states) + (size_t)s * sizeof(mgauge))));
	}
	TRY(render_gauge(out, "passend_db_queue_length",
	                 "Requests waiting for room on a database connection (all workers).",
	                 (long long)sum_gauge(cells, n, CELL(gauges[METRICS_DB_QUEUE]))));
	return render_counter(
	    out, "passend_db_reconnects_total",
	    "Database connection attempts after a failed or lost connection.",
	    (unsigned long long)sum_counter(cells, n, CELL(counters[METRICS_DB_RECONNECTS])));
}

static int render_imports(buf *out, metrics_cells *const *cells, int n)
{
	TRY(head(out, "passend_import_rows_total", "counter",
	         "CSV import rows by kind and result: stored or rejected (format errors) by ImportChunk; "
	         "inserted, updated or unchanged by a committed FinishImport."));
	for (int k = 0; k < METRICS_IMPORT_KINDS; k++) {
		const char *kind = atomic_load_explicit(&import_kind_names[k], memory_order_acquire);
		if (!kind) continue;
		for (int r = 0; r < METRICS_IMPORT_NRESULTS; r++) {
			TRY(LIT(out, "passend_import_rows_total{kind=\""));
			TRY(metrics_label_value(out, kind));
			TRY(buf_printf(
			    out, "\",result=\"%s\"} %llu\n", import_result_names[r],
			    (unsigned long long)sum_counter(
			        cells, n,
			        CELL(import_rows) +
			            ((size_t)k * METRICS_IMPORT_NRESULTS + (size_t)r) * sizeof(mcount))));
		}
	}
	return 0;
}

int metrics_render(buf *out, metrics_cells *const *cells, int n, const struct server *srv)
{
	if (srv) {
		TRY(head(out, "passend_build_info", "gauge",
		         "passendd's version and build (the value is 1)."));
		TRY(LIT(out, "passend_build_info{version=\""));
		TRY(metrics_label_value(out, PASSEND_VERSION));
		TRY(LIT(out, "\",build=\""));
		TRY(metrics_label_value(out, PASSEND_BUILD));
		TRY(LIT(out, "\"} 1\n"));
		TRY(head(out, "passend_start_time_seconds", "gauge",
		         "When the process started, since the Unix epoch."));
		TRY(buf_printf(out, "passend_start_time_seconds %.3f\n",
		               (double)srv->started_at_ms / 1000.0));
		TRY(render_gauge(out, "passend_workers", "Worker threads (event loops).", srv->cfg.workers));
		TRY(render_gauge(out, "passend_connections_open",
		                 "Open client connections (TCP accepted, TLS and HTTP/2), all workers.",
		                 (long long)atomic_load_explicit(&srv->connections, memory_order_relaxed)));
	}
	TRY(render_gauge(out, "passend_streams_open", "Open HTTP/2 request streams, all workers.",
	                 (long long)sum_gauge(cells, n, CELL(gauges[METRICS_STREAMS_OPEN]))));
	TRY(render_gauge(out, "passend_calls_in_flight", "Calls started and not yet finished, all workers.",
	                 (long long)sum_gauge(cells, n, CELL(in_flight))));
	TRY(render_calls(out, cells, n));
	TRY(render_db(out, cells, n));
	TRY(render_counter(
	    out, "passend_token_cache_hits_total",
	    "Calls whose bearer token was found in the worker's token cache.",
	    (unsigned long long)sum_counter(cells, n, CELL(counters[METRICS_TOKEN_CACHE_HITS]))));
	TRY(render_counter(
	    out, "passend_token_cache_misses_total",
	    "Calls whose bearer token was looked up in the database.",
	    (unsigned long long)sum_counter(cells, n, CELL(counters[METRICS_TOKEN_CACHE_MISSES]))));
	return render_imports(out, cells, n);
}
