/* Unit tests for server/metrics and the request routing of
 * server/metrics_http: the method table, per-worker cells summed at render
 * time, the text exposition (every line valid, counters, cumulative
 * histogram buckets, +Inf = count, sum), label escaping, NULL cells, a
 * writer thread racing a renderer, and which HTTP requests get which status. */
#define _GNU_SOURCE
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "buf.h"
#include "grpc_status.h"
#include "metrics.h"
#include "metrics_http.h"
#include "pg_pool.h"
#include "rpc.h"
#include "service.h"

static const rpc_method get_school = {.path = "/passend.v1.Test/GetSchool"};
static const rpc_method list_schools = {.path = "/passend.v1.Test/ListSchools"};
static const rpc_method check = {.path = "/grpc.health.v1.Health/Check"};
static const rpc_method not_registered = {.path = "/passend.v1.Test/Nope"};

static const rpc_method *const test_methods[] = {&list_schools, &get_school, NULL};
static const rpc_method *const health_methods[] = {&check, NULL};
static const service test_svc = {"passend.v1.Test", test_methods, NULL};
static const service health_svc = {"grpc.health.v1.Health", health_methods, NULL};
static const service *const services[] = {&test_svc, &health_svc, NULL};

#define MS(x) ((uint64_t)(x)*1000000ull)

static int setup(void **state)
{
	assert_int_equal(metrics_init(services), 0);
	return 0;
}

static int teardown(void **state)
{
	metrics_free();
	return 0;
}

/* The rendered text of cells (NUL-terminated, caller frees). */
static char *render(metrics_cells *const *cells, int n)
{
	buf b = {0};
	assert_int_equal(metrics_render(&b, cells, n, NULL), 0);
	char *s = buf_strdup(&b);
	buf_free(&b);
	assert_non_null(s);
	return s;
}

/* The value of the sample line that starts with `series ` in text, or -1. */
static double sample(const char *text, const char *series)
{
	size_t n = strlen(series);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, series, n) == 0 && p[n] == ' ') return strtod(p + n + 1, NULL);
	}
	return -1;
}

/* Every line is a HELP or TYPE comment or a sample `name{labels} value`
 * with a valid metric name, well-formed labels and a number. Returns the
 * number of sample lines. */
static int check_exposition(const char *text)
{
	regex_t help, type, line;
	assert_int_equal(regcomp(&help, "^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regcomp(&type, "^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram)$",
	                         REG_EXTENDED | REG_NOSUB),
	                 0);
	assert_int_equal(regcomp(&line,
	                         "^[a-zA-Z_:][a-zA-Z0-9_:]*"
	                         "(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\""
	                         "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\")*\\})?"
	                         " -?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$",
	                         REG_EXTENDED | REG_NOSUB),
	                 0);
	int samples = 0;
	char *copy = strdup(text), *save = NULL;
	assert_non_null(copy);
	assert_true(text[0] == '\0' || text[strlen(text) - 1] == '\n');
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int ok = !regexec(&help, l, 0, NULL, 0) || !regexec(&type, l, 0, NULL, 0);
		if (!ok && !regexec(&line, l, 0, NULL, 0)) {
			ok = 1;
			samples++;
		}
		if (!ok) fail_msg("not exposition format: '%s'", l);
	}
	free(copy);
	regfree(&help);
	regfree(&type);
	regfree(&line);
	return samples;
}

static void test_calls_summed_over_workers(void **state)
{
	metrics_cells *w[2] = {metrics_cells_new(), metrics_cells_new()};
	assert_non_null(w[0]);
	assert_non_null(w[1]);
	for (int i = 0; i < 3; i++) {
		metrics_call_start(w[i % 2]);
		metrics_call_end(w[i % 2], &get_school, GRPC_STATUS_OK, MS(2)); /* 0.0025 bucket */
	}
	metrics_call_start(w[1]);
	metrics_call_end(w[1], &get_school, GRPC_STATUS_NOT_FOUND, MS(30)); /* 0.05 */
	metrics_call_start(w[0]);
	metrics_call_end(w[0], &check, GRPC_STATUS_OK, 100000); /* 0.1 ms: 0.0005 */
	metrics_call_start(w[0]);
	metrics_call_end(w[0], NULL, GRPC_STATUS_UNIMPLEMENTED, MS(20000)); /* past 10 s */
	metrics_call_start(w[1]);
	metrics_call_end(w[1], &not_registered, 99, MS(1)); /* a bad code counts as UNKNOWN */
	metrics_call_start(w[1]);                           /* still in flight */

	char *t = render(w, 2);
	assert_true(check_exposition(t) > 0);
	assert_true(
	    sample(t, "passend_calls_total{service=\"passend.v1.Test\",method=\"GetSchool\",code=\"OK\"}") ==
	    3);
	assert_true(sample(t, "passend_calls_total{service=\"passend.v1.Test\",method=\"GetSchool\",code="
	                      "\"NOT_FOUND\"}") == 1);
	assert_true(
	    sample(t,
	           "passend_calls_total{service=\"grpc.health.v1.Health\",method=\"Check\",code=\"OK\"}") ==
	    1);
	assert_true(
	    sample(t, "passend_calls_total{service=\"unknown\",method=\"unknown\",code=\"UNIMPLEMENTED\"}") ==
	    1);
	assert_true(
	    sample(t, "passend_calls_total{service=\"unknown\",method=\"unknown\",code=\"UNKNOWN\"}") == 1);
	/* nothing for a method without calls, nor for codes never seen */
	assert_null(strstr(t, "method=\"ListSchools\""));
	assert_null(strstr(t, "code=\"INTERNAL\""));
	assert_true(sample(t, "passend_calls_in_flight") == 1);

	const char *pre =
	    "passend_call_duration_seconds_bucket{service=\"passend.v1.Test\",method=\"GetSchool\",le=";
	char s[256];
	static const char *const le[] = {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
	                                 "0.1",    "0.25",  "0.5",    "1",     "2.5",  "5",     "10"};
	static const double want[] = {0, 0, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4};
	for (int i = 0; i < METRICS_BUCKETS; i++) {
		snprintf(s, sizeof s, "%s\"%s\"}", pre, le[i]);
		assert_true(sample(t, s) == want[i]);
		assert_true(metrics_bucket_bounds[i] == strtod(le[i], NULL));
	}
	snprintf(s, sizeof s, "%s\"+Inf\"}", pre);
	assert_true(sample(t, s) == 4);
	assert_true(sample(t, "passend_call_duration_seconds_count{service=\"passend.v1.Test\",method="
	                      "\"GetSchool\"}") == 4);
	double sum =
	    sample(t, "passend_call_duration_seconds_sum{service=\"passend.v1.Test\",method=\"GetSchool\"}");
	assert_true(sum > 0.035999 && sum < 0.036001);
	/* above the last bound: only +Inf */
	assert_true(sample(t,
	                   "passend_call_duration_seconds_bucket{service=\"unknown\",method=\"unknown\",le="
	                   "\"10\"}") == 1); /* the 1 ms call of the unregistered method */
	assert_true(sample(t,
	                   "passend_call_duration_seconds_bucket{service=\"unknown\",method=\"unknown\",le="
	                   "\"+Inf\"}") == 2);
	free(t);
	metrics_cells_free(w[0]);
	metrics_cells_free(w[1]);
}

/* Every series named HELP/TYPE once; histogram buckets never decrease. */
static void test_histogram_shape(void **state)
{
	metrics_cells *w = metrics_cells_new();
	assert_non_null(w);
	static const uint64_t ns[] = {1, 499999, 500000, 500001, MS(3), MS(700), MS(9999), MS(10001)};
	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		metrics_call_start(w);
		metrics_call_end(w, &list_schools, GRPC_STATUS_OK, ns[i]);
	}
	char *t = render(&w, 1);
	check_exposition(t);
	/* the 0.5 ms bound is inclusive (le): 1, 499999 and 500000 ns */
	assert_true(sample(t, "passend_call_duration_seconds_bucket{service=\"passend.v1.Test\",method="
	                      "\"ListSchools\",le=\"0.0005\"}") == 3);
	double prev = -1;
	int buckets = 0;
	for (const char *p = strstr(t, "_bucket{service=\"passend.v1.Test\",method=\"ListSchools\""); p;
	     p = strstr(p + 1, "_bucket{service=\"passend.v1.Test\",method=\"ListSchools\"")) {
		double v = strtod(strchr(p, '}') + 2, NULL);
		assert_true(v >= prev);
		prev = v;
		buckets++;
	}
	assert_int_equal(buckets, METRICS_BUCKETS + 1);
	assert_true(prev == 8);
	const char *names[] = {"passend_calls_total", "passend_call_duration_seconds",
	                       "passend_db_connections", "passend_token_cache_hits_total",
	                       "passend_import_rows_total"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char h[128];
		snprintf(h, sizeof h, "# TYPE %s ", names[i]);
		const char *first = strstr(t, h);
		assert_non_null(first);
		assert_null(strstr(first + 1, h));
	}
	free(t);
	metrics_cells_free(w);
}

static void test_gauges_and_counters(void **state)
{
	metrics_cells *w[2] = {metrics_cells_new(), metrics_cells_new()};
	assert_non_null(w[0]);
	assert_non_null(w[1]);
	for (int i = 0; i < 2; i++) {
		/* two connections come up; one of worker 1's is lost and retried */
		metrics_db_state(w[i], -1, 0);
		metrics_db_state(w[i], -1, 0);
		for (int c = 0; c < 2; c++) {
			metrics_db_state(w[i], 0, 1);
			metrics_db_state(w[i], 1, 2);
			metrics_db_state(w[i], 2, 3);
		}
	}
	metrics_db_state(w[1], 3, 0);
	metrics_count(w[1], METRICS_DB_RECONNECTS, 1);
	metrics_gauge_set(w[0], METRICS_DB_QUEUE, 5);
	metrics_gauge_set(w[1], METRICS_DB_QUEUE, 2);
	metrics_gauge_set(w[1], METRICS_DB_QUEUE, 1);
	metrics_gauge_add(w[0], METRICS_STREAMS_OPEN, 3);
	metrics_gauge_add(w[1], METRICS_STREAMS_OPEN, 1);
	metrics_gauge_add(w[0], METRICS_STREAMS_OPEN, -1);
	metrics_count(w[0], METRICS_TOKEN_CACHE_HITS, 7);
	metrics_count(w[1], METRICS_TOKEN_CACHE_HITS, 1);
	metrics_count(w[1], METRICS_TOKEN_CACHE_MISSES, 2);
	metrics_import_rows(w[0], 2, "scholen", METRICS_IMPORT_STORED, 10);
	metrics_import_rows(w[1], 2, "scholen", METRICS_IMPORT_STORED, 5);
	metrics_import_rows(w[1], 2, "scholen", METRICS_IMPORT_REJECTED, 1);
	metrics_import_rows(w[0], 2, "scholen", METRICS_IMPORT_INSERTED, 14);
	metrics_import_rows(w[0], METRICS_IMPORT_KINDS, "too-big", METRICS_IMPORT_STORED, 1); /* ignored */

	char *t = render(w, 2);
	check_exposition(t);
	char s[128];
	snprintf(s, sizeof s, "passend_db_connections{state=\"%s\"}", pg_conn_state_name(3));
	assert_true(sample(t, s) == 3);
	snprintf(s, sizeof s, "passend_db_connections{state=\"%s\"}", pg_conn_state_name(0));
	assert_true(sample(t, s) == 1);
	snprintf(s, sizeof s, "passend_db_connections{state=\"%s\"}", pg_conn_state_name(1));
	assert_true(sample(t, s) == 0);
	assert_string_equal(pg_conn_state_name(3), "ready");
	assert_null(pg_conn_state_name(METRICS_DB_STATES));
	assert_true(sample(t, "passend_db_reconnects_total") == 1);
	assert_true(sample(t, "passend_db_queue_length") == 6);
	assert_true(sample(t, "passend_streams_open") == 3);
	assert_true(sample(t, "passend_token_cache_hits_total") == 8);
	assert_true(sample(t, "passend_token_cache_misses_total") == 2);
	assert_true(sample(t, "passend_import_rows_total{kind=\"scholen\",result=\"stored\"}") == 15);
	assert_true(sample(t, "passend_import_rows_total{kind=\"scholen\",result=\"rejected\"}") == 1);
	assert_true(sample(t, "passend_import_rows_total{kind=\"scholen\",result=\"inserted\"}") == 14);
	assert_true(sample(t, "passend_import_rows_total{kind=\"scholen\",result=\"updated\"}") == 0);
	assert_null(strstr(t, "too-big"));
	free(t);
	metrics_cells_free(w[0]);
	metrics_cells_free(w[1]);
}

/* NULL cells (tools, tests without metrics) are accepted and ignored. */
static void test_null_cells(void **state)
{
	metrics_count(NULL, METRICS_TOKEN_CACHE_HITS, 1);
	metrics_gauge_add(NULL, METRICS_STREAMS_OPEN, 1);
	metrics_gauge_set(NULL, METRICS_DB_QUEUE, 1);
	metrics_db_state(NULL, -1, 0);
	metrics_call_start(NULL);
	metrics_call_end(NULL, &get_school, 0, 1);
	metrics_import_rows(NULL, 1, "besturen", METRICS_IMPORT_STORED, 1);
	metrics_cells *none[2] = {NULL, NULL};
	char *t = render(none, 2);
	check_exposition(t);
	assert_true(sample(t, "passend_calls_in_flight") == 0);
	assert_null(strstr(t, "passend_calls_total{"));
	free(t);
}

static void test_label_escaping(void **state)
{
	buf b = {0};
	assert_int_equal(metrics_label_value(&b, "a\"b\\c\nd/e=f{g}"), 0);
	assert_int_equal(buf_append(&b, "", 1), 0);
	assert_string_equal((const char *)b.data, "a\\\"b\\\\c\\nd/e=f{g}");
	buf_free(&b);
}

/* A label value that needs escaping keeps the exposition valid. */
static void test_escaped_method_labels(void **state)
{
	static const rpc_method odd = {.path = "/we\"ird\\svc/Me\nthod"};
	static const rpc_method *const odd_methods[] = {&odd, NULL};
	static const service odd_svc = {"odd", odd_methods, NULL};
	static const service *const odd_services[] = {&odd_svc, NULL};
	assert_int_equal(metrics_init(odd_services), 0);
	metrics_cells *w = metrics_cells_new();
	assert_non_null(w);
	metrics_call_start(w);
	metrics_call_end(w, &odd, GRPC_STATUS_OK, 1);
	char *t = render(&w, 1);
	check_exposition(t);
	assert_true(
	    sample(t, "passend_calls_total{service=\"we\\\"ird\\\\svc\",method=\"Me\\nthod\",code=\"OK\"}") ==
	    1);
	free(t);
	metrics_cells_free(w);
}

/* A worker thread counting while another renders: every render sees a
 * total between the previous render's and the final one. */
typedef struct race {
	metrics_cells *w;
	int n;
} race;

static void *race_writer(void *arg)
{
	race *r = arg;
	for (int i = 0; i < r->n; i++) {
		metrics_call_start(r->w);
		metrics_call_end(r->w, &get_school, GRPC_STATUS_OK, (uint64_t)i * 1000);
		metrics_count(r->w, METRICS_TOKEN_CACHE_HITS, 1);
	}
	return NULL;
}

static void test_render_while_writing(void **state)
{
	race r = {metrics_cells_new(), 200000};
	assert_non_null(r.w);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, race_writer, &r), 0);
	double prev = 0;
	const char *count =
	    "passend_call_duration_seconds_count{service=\"passend.v1.Test\",method=\"GetSchool\"}";
	for (int i = 0; i < 50; i++) {
		char *t = render(&r.w, 1);
		double c = sample(t, count);
		double hits = sample(t, "passend_token_cache_hits_total");
		if (c >= 0) {
			assert_true(c >= prev);
			assert_true(c <= r.n);
			prev = c;
		}
		assert_true(hits >= 0 && hits <= r.n);
		free(t);
	}
	pthread_join(th, NULL);
	char *t = render(&r.w, 1);
	assert_true(sample(t, count) == r.n);
	assert_true(sample(t, "passend_calls_in_flight") == 0);
	free(t);
	metrics_cells_free(r.w);
}

static void test_http_route(void **state)
{
	int head;
#define ROUTE(s) metrics_http_route(s, strlen(s), &head)
	assert_int_equal(ROUTE("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"), 200);
	assert_int_equal(head, 0);
	assert_int_equal(ROUTE("GET /metrics?name[]=x HTTP/1.0\r\n\r\n"), 200);
	assert_int_equal(ROUTE("HEAD /metrics HTTP/1.1\r\n\r\n"), 200);
	assert_int_equal(head, 1);
	assert_int_equal(ROUTE("POST /metrics HTTP/1.1\r\n\r\n"), 405);
	assert_int_equal(ROUTE("GET / HTTP/1.1\r\n\r\n"), 404);
	assert_int_equal(ROUTE("GET /metricsx HTTP/1.1\r\n\r\n"), 404);
	assert_int_equal(ROUTE("GET /metrics HTTP/2.0\r\n\r\n"), 400);
	assert_int_equal(ROUTE("GET /metrics\r\n\r\n"), 400);
	assert_int_equal(ROUTE(" /metrics HTTP/1.1\r\n\r\n"), 400);
	assert_int_equal(ROUTE("\x16\x03\x01\x02\x00\r\n\r\n"), 400); /* a TLS ClientHello */
	assert_int_equal(ROUTE("GET /metrics HTTP/1.1"), 400);        /* no line end */
#undef ROUTE
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
UNIT_MAIN(NULL, NULL, T(test_calls_summed_over_workers), T(test_histogram_shape), T(test_gauges_and_counters),
          T(test_null_cells), cmocka_unit_test(test_label_escaping), T(test_escaped_method_labels),
          T(test_render_while_writing), cmocka_unit_test(test_http_route))
