/* Unit tests for common/proto_print: JSON mapping (escaping, int64, enums,
 * nested, repeated, bytes, Date/Timestamp), CSV quoting and table alignment
 * with UTF-8. Uses the generated passend/health messages plus one
 * hand-written descriptor that covers the field types they lack. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grpc/health/v1/health.pb-c.h"
#include "passend/v1/common.pb-c.h"
#include "passend/v1/platform.pb-c.h"
#include "proto_print.h"

/* ---- a test message with repeated, bytes, bool, double, uint64, enum ---- */

typedef struct {
	ProtobufCMessage base;
	char *name;
	int64_t count;
	size_t n_tags;
	char **tags;
	double ratio;
	protobuf_c_boolean ok;
	ProtobufCBinaryData blob;
	int status;
	Passend__V1__ServerInfo *info;
	size_t n_dates;
	Passend__V1__Date **dates;
	uint64_t big;
	size_t n_scores;
	int32_t *scores;
} Sample;

static const ProtobufCFieldDescriptor sample_fields[] = {
    {"name", 1, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_STRING, 0, offsetof(Sample, name), NULL,
     &protobuf_c_empty_string, 0, 0, NULL, NULL},
    {"count", 2, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_INT64, 0, offsetof(Sample, count), NULL, NULL, 0, 0,
     NULL, NULL},
    {"tags", 3, PROTOBUF_C_LABEL_REPEATED, PROTOBUF_C_TYPE_STRING, offsetof(Sample, n_tags),
     offsetof(Sample, tags), NULL, &protobuf_c_empty_string, 0, 0, NULL, NULL},
    {"ratio", 4, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_DOUBLE, 0, offsetof(Sample, ratio), NULL, NULL, 0, 0,
     NULL, NULL},
    {"ok", 5, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_BOOL, 0, offsetof(Sample, ok), NULL, NULL, 0, 0, NULL,
     NULL},
    {"blob", 6, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_BYTES, 0, offsetof(Sample, blob), NULL, NULL, 0, 0,
     NULL, NULL},
    {"serving_status", 7, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_ENUM, 0, offsetof(Sample, status),
     &grpc__health__v1__health_check_response__serving_status__descriptor, NULL, 0, 0, NULL, NULL},
    {"info", 8, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_MESSAGE, 0, offsetof(Sample, info),
     &passend__v1__server_info__descriptor, NULL, 0, 0, NULL, NULL},
    {"dates", 9, PROTOBUF_C_LABEL_REPEATED, PROTOBUF_C_TYPE_MESSAGE, offsetof(Sample, n_dates),
     offsetof(Sample, dates), &passend__v1__date__descriptor, NULL, 0, 0, NULL, NULL},
    {"big", 10, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_UINT64, 0, offsetof(Sample, big), NULL, NULL, 0, 0,
     NULL, NULL},
    {"scores", 11, PROTOBUF_C_LABEL_REPEATED, PROTOBUF_C_TYPE_INT32, offsetof(Sample, n_scores),
     offsetof(Sample, scores), NULL, NULL, 0, 0, NULL, NULL},
};
static const unsigned sample_by_name[] = {9, 5, 1, 8, 7, 0, 4, 3, 10, 6, 2};
static const ProtobufCIntRange sample_ranges[] = {{1, 0}, {0, 11}};
static const ProtobufCMessageDescriptor sample_descriptor = {PROTOBUF_C__MESSAGE_DESCRIPTOR_MAGIC,
                                                             "test.Sample",
                                                             "Sample",
                                                             "Sample",
                                                             "test",
                                                             sizeof(Sample),
                                                             11,
                                                             sample_fields,
                                                             sample_by_name,
                                                             1,
                                                             sample_ranges,
                                                             NULL,
                                                             NULL,
                                                             NULL,
                                                             NULL};

static Sample sample_init(void)
{
	Sample s;
	memset(&s, 0, sizeof(s));
	s.base.descriptor = &sample_descriptor;
	s.name = (char *)protobuf_c_empty_string;
	return s;
}

/* Output of a buf as a NUL-terminated string kept in a static slot. */
static char *str(buf *b)
{
	static char *last;
	free(last);
	last = buf_strdup(b);
	if (!last) last = strdup("");
	return last;
}

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- building blocks ------------------------------------------------------- */

static void test_json_string_escaping(void **state)
{
	(void)state;
	buf b = {0};
	const char in[] = "a\"b\\c\n\t\x01\x1f/\x7f é€😀";
	assert_int_equal(proto_json_string(&b, in, sizeof(in) - 1), 0);
	assert_string_equal(str(&b), "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f/\\u007f é€😀\"");

	/* invalid UTF-8: lone continuation, truncated sequence, overlong '/' */
	buf_reset(&b);
	const char bad[] = "x\x80y\xe2\x82z\xc0\xaf";
	assert_int_equal(proto_json_string(&b, bad, sizeof(bad) - 1), 0);
	assert_string_equal(str(&b), "\"x\\ufffdy\\ufffd\\ufffdz\\ufffd\\ufffd\"");

	/* embedded NUL is escaped, not truncated */
	buf_reset(&b);
	assert_int_equal(proto_json_string(&b, "a\0b", 3), 0);
	assert_string_equal(str(&b), "\"a\\u0000b\"");
	buf_free(&b);
}

static void test_base64(void **state)
{
	(void)state;
	buf b = {0};
	const char *cases[][2] = {
	    {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foobar", "Zm9vYmFy"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		assert_int_equal(proto_base64(&b, (const uint8_t *)cases[i][0], strlen(cases[i][0])), 0);
		assert_string_equal(str(&b), cases[i][1]);
	}
	buf_reset(&b);
	const uint8_t hi[] = {0xfb, 0xff};
	assert_int_equal(proto_base64(&b, hi, 2), 0);
	assert_string_equal(str(&b), "+/8=");
	buf_free(&b);
}

static void test_csv_field(void **state)
{
	(void)state;
	buf b = {0};
	const char *cases[][2] = {
	    {"plain", "plain"},
	    {"a,b", "\"a,b\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"two\nlines", "\"two\nlines\""},
	    {"cr\rx", "\"cr\rx\""},
	    {" lead", "\" lead\""},
	    {"", ""},
	    {"café", "café"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		assert_int_equal(proto_csv_field(&b, cases[i][0], strlen(cases[i][0])), 0);
		assert_string_equal(str(&b), cases[i][1]);
	}
	buf_free(&b);
}

static void test_utf8_width_and_names(void **state)
{
	(void)state;
	assert_int_equal(proto_utf8_width("abc", 3), 3);
	assert_int_equal(proto_utf8_width("é€😀", strlen("é€😀")), 3);
	char n[64];
	proto_json_name("uptime_seconds", n, sizeof(n));
	assert_string_equal(n, "uptimeSeconds");
	proto_json_name("a_b_c", n, sizeof(n));
	assert_string_equal(n, "aBC");
	proto_json_name("version", n, sizeof(n));
	assert_string_equal(n, "version");
	proto_json_name("long_name", n, 4);
	assert_string_equal(n, "lon");
}

static void test_format_parse(void **state)
{
	(void)state;
	enum proto_format f;
	assert_int_equal(proto_format_parse("json", &f), 0);
	assert_int_equal(f, PROTO_FMT_JSON);
	assert_int_equal(proto_format_parse("csv", &f), 0);
	assert_int_equal(f, PROTO_FMT_CSV);
	assert_int_equal(proto_format_parse("table", &f), 0);
	assert_int_equal(f, PROTO_FMT_TABLE);
	assert_int_equal(proto_format_parse("yaml", &f), -1);
	assert_int_equal(proto_format_parse(NULL, &f), -1);
}

/* ---- JSON messages --------------------------------------------------------- */

static void test_json_server_info(void **state)
{
	(void)state;
	Passend__V1__ServerInfo info = PASSEND__V1__SERVER_INFO__INIT;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	info.version = "0.1.0";
	info.build = "abc \"dev\"";
	info.uptime_seconds = INT64_C(9007199254740993); /* > 2^53: must be a string */
	info.database_version = "15.6";
	info.schema_version = 3;
	info.workers = -1;
	ts.seconds = 1700000000;
	ts.nanos = 5000000;
	info.started_at = &ts;

	buf b = {0};
	assert_int_equal(proto_json_message(&b, &info.base, 0), 0);
	assert_string_equal(str(&b), "{\"version\":\"0.1.0\",\"build\":\"abc \\\"dev\\\"\","
	                             "\"uptimeSeconds\":\"9007199254740993\",\"databaseVersion\":\"15.6\","
	                             "\"schemaVersion\":3,\"workers\":-1,"
	                             "\"startedAt\":\"2023-11-14T22:13:20.005Z\"}");

	/* pretty form, unset nested message prints null */
	info.started_at = NULL;
	info.uptime_seconds = -5;
	buf_reset(&b);
	assert_int_equal(proto_print_message(&b, PROTO_FMT_JSON, &info.base), 0);
	assert_string_equal(str(&b), "{\n"
	                             "  \"version\": \"0.1.0\",\n"
	                             "  \"build\": \"abc \\\"dev\\\"\",\n"
	                             "  \"uptimeSeconds\": \"-5\",\n"
	                             "  \"databaseVersion\": \"15.6\",\n"
	                             "  \"schemaVersion\": 3,\n"
	                             "  \"workers\": -1,\n"
	                             "  \"startedAt\": null\n"
	                             "}\n");
	buf_free(&b);
}

static void test_json_timestamp_fractions(void **state)
{
	(void)state;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	Passend__V1__ServerInfo info = PASSEND__V1__SERVER_INFO__INIT;
	info.started_at = &ts;
	struct {
		int64_t s;
		int32_t n;
		const char *want;
	} cases[] = {
	    {0, 0, "1970-01-01T00:00:00Z"},
	    {0, 123456000, "1970-01-01T00:00:00.123456Z"},
	    {0, 1, "1970-01-01T00:00:00.000000001Z"},
	    {951782400, 0, "2000-02-29T00:00:00Z"},
	};
	buf b = {0};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ts.seconds = cases[i].s;
		ts.nanos = cases[i].n;
		buf_reset(&b);
		assert_int_equal(proto_print_message(&b, PROTO_FMT_CSV, &info.base), 0);
		char *s = str(&b);
		char *row = strchr(s, '\n') + 1;
		char *last = strrchr(row, ',') + 1;
		last[strlen(last) - 1] = '\0';
		assert_string_equal(last, cases[i].want);
	}
	buf_free(&b);
}

static void test_json_enum_repeated_nested(void **state)
{
	(void)state;
	Sample s = sample_init();
	char *tags[] = {"a", "b\"c"};
	Passend__V1__Date d1 = PASSEND__V1__DATE__INIT, d2 = PASSEND__V1__DATE__INIT;
	Passend__V1__Date *dates[] = {&d1, &d2};
	Passend__V1__ServerInfo info = PASSEND__V1__SERVER_INFO__INIT;
	int32_t scores[] = {1, -2, 3};
	d1.year = 2016;
	d1.month = 8;
	d1.day = 1;
	s.name = "Zuid-Holland Noord";
	s.count = INT64_MIN;
	s.n_tags = 2;
	s.tags = tags;
	s.ratio = 0.1;
	s.ok = 1;
	s.blob.data = (uint8_t *)"foo";
	s.blob.len = 3;
	s.status = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING;
	info.version = "v";
	s.info = &info;
	s.n_dates = 2;
	s.dates = dates;
	s.big = UINT64_MAX;
	s.n_scores = 3;
	s.scores = scores;

	buf b = {0};
	assert_int_equal(proto_json_message(&b, &s.base, 0), 0);
	assert_string_equal(str(&b),
	                    "{\"name\":\"Zuid-Holland Noord\",\"count\":\"-9223372036854775808\","
	                    "\"tags\":[\"a\",\"b\\\"c\"],\"ratio\":0.1,\"ok\":true,\"blob\":\"Zm9v\","
	                    "\"servingStatus\":\"NOT_SERVING\","
	                    "\"info\":{\"version\":\"v\",\"build\":\"\",\"uptimeSeconds\":\"0\","
	                    "\"databaseVersion\":\"\",\"schemaVersion\":0,\"workers\":0,\"startedAt\":null},"
	                    "\"dates\":[\"2016-08-01\",null],\"big\":\"18446744073709551615\","
	                    "\"scores\":[1,-2,3]}");

	/* unknown enum value prints its number; empty repeated prints [] */
	s.status = 42;
	s.n_tags = 0;
	s.n_scores = 0;
	s.n_dates = 0;
	s.info = NULL;
	s.ratio = 1e300;
	buf_reset(&b);
	assert_int_equal(proto_json_message(&b, &s.base, 2), 0);
	assert_string_equal(str(&b), "{\n"
	                             "  \"name\": \"Zuid-Holland Noord\",\n"
	                             "  \"count\": \"-9223372036854775808\",\n"
	                             "  \"tags\": [],\n"
	                             "  \"ratio\": 1e+300,\n"
	                             "  \"ok\": true,\n"
	                             "  \"blob\": \"Zm9v\",\n"
	                             "  \"servingStatus\": 42,\n"
	                             "  \"info\": null,\n"
	                             "  \"dates\": [],\n"
	                             "  \"big\": \"18446744073709551615\",\n"
	                             "  \"scores\": []\n"
	                             "}");
	buf_free(&b);
}

static void test_json_health_enum(void **state)
{
	(void)state;
	Grpc__Health__V1__HealthCheckResponse r = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
	r.status = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
	buf b = {0};
	assert_int_equal(proto_print_message(&b, PROTO_FMT_JSON, &r.base), 0);
	assert_string_equal(str(&b), "{\n  \"status\": \"SERVING\"\n}\n");
	buf_free(&b);
}

/* ---- table and CSV ---------------------------------------------------------- */

static void test_table_single_message(void **state)
{
	(void)state;
	Passend__V1__ServerInfo info = PASSEND__V1__SERVER_INFO__INIT;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	ts.seconds = 86400;
	info.version = "0.1.0";
	info.build = "line1\nline2";
	info.uptime_seconds = 12;
	info.database_version = "PostgreSQL 15";
	info.schema_version = 2;
	info.workers = 2;
	info.started_at = &ts;
	buf b = {0};
	assert_int_equal(proto_print_message(&b, PROTO_FMT_TABLE, &info.base), 0);
	assert_string_equal(str(&b), "version           0.1.0\n"
	                             "build             line1\\nline2\n"
	                             "uptime_seconds    12\n"
	                             "database_version  PostgreSQL 15\n"
	                             "schema_version    2\n"
	                             "workers           2\n"
	                             "started_at        1970-01-02T00:00:00Z\n");
	buf_free(&b);
}

static void test_table_list_utf8_alignment(void **state)
{
	(void)state;
	Sample rows[3];
	const char *names[] = {"Zuiderzée", "x", "日本語テキスト"};
	for (int i = 0; i < 3; i++) {
		rows[i] = sample_init();
		rows[i].name = (char *)names[i];
		rows[i].count = i * 1000;
	}
	buf b = {0};
	proto_printer *p;
	assert_int_equal(proto_printer_new(&p, PROTO_FMT_TABLE, &sample_descriptor, 0, &b, NULL), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(proto_printer_row(p, &rows[i].base), 0);
	/* nothing is printed before the end: widths must fit every row */
	assert_int_equal(b.len, 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);

	/* info.* columns come from the nested ServerInfo (flattened). */
	char *out = str(&b);
	if (getenv("PP_DEBUG")) fputs(out, stderr);
	char *lines[4];
	char *save = NULL;
	int n = 0;
	for (char *l = strtok_r(out, "\n", &save); l && n < 4; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	assert_int_equal(n, 4);
	assert_true(
	    has_prefix(lines[0], "NAME       COUNT  TAGS  RATIO  OK     BLOB  SERVING_STATUS  INFO.VERSION"));
	assert_true(has_prefix(lines[1], "Zuiderzée  0      "));
	assert_true(has_prefix(lines[2], "x          1000         0      false        UNKNOWN"));
	assert_true(has_prefix(lines[3], "日本語テキスト    2000 "));
	/* COUNT starts at the same code-point column in every line */
	for (int i = 0; i < 4; i++) {
		const char *c =
		    strstr(lines[i], i == 0 ? "COUNT" : (i == 1 ? "0 " : (i == 2 ? "1000" : "2000")));
		assert_non_null(c);
		assert_int_equal(proto_utf8_width(lines[i], (size_t)(c - lines[i])), 11);
	}
	/* no trailing blanks, though the last columns are empty */
	assert_true(strstr(lines[3], "UNKNOWN") != NULL);
	for (int i = 0; i < 4; i++)
		assert_true(lines[i][strlen(lines[i]) - 1] != ' ');
	buf_free(&b);
}

static void test_table_stream(void **state)
{
	(void)state;
	Grpc__Health__V1__HealthCheckResponse r = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	buf b = {0};
	proto_printer *p;
	assert_int_equal(
	    proto_printer_new(&p, PROTO_FMT_TABLE, r.base.descriptor, PROTO_PRINT_STREAM, &b, NULL), 0);
	r.status = 1;
	assert_int_equal(proto_printer_row(p, &r.base), 0);
	assert_string_equal(str(&b), "STATUS\nSERVING\n"); /* printed as it arrives */
	buf_reset(&b);
	r.status = 2;
	assert_int_equal(proto_printer_row(p, &r.base), 0);
	assert_string_equal(str(&b), "NOT_SERVING\n");
	/* a message of another type is refused */
	assert_int_equal(proto_printer_row(p, &d.base), -1);
	buf_reset(&b);
	assert_int_equal(proto_printer_end(p), 0);
	assert_int_equal(b.len, 0);
	proto_printer_free(p);

	/* multi-column stream: widths fixed by header + first row */
	Passend__V1__Date d2 = PASSEND__V1__DATE__INIT;
	assert_int_equal(
	    proto_printer_new(&p, PROTO_FMT_TABLE, d2.base.descriptor, PROTO_PRINT_STREAM, &b, NULL), 0);
	d2.year = 2024;
	d2.month = 1;
	d2.day = 2;
	assert_int_equal(proto_printer_row(p, &d2.base), 0);
	d2.month = 123456789;
	assert_int_equal(proto_printer_row(p, &d2.base), 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	assert_string_equal(str(&b), "YEAR  MONTH  DAY\n2024  1      2\n2024  123456789  2\n");
	buf_free(&b);
}

static void test_table_empty_list(void **state)
{
	(void)state;
	buf b = {0};
	proto_printer *p;
	assert_int_equal(proto_printer_new(&p, PROTO_FMT_TABLE, &passend__v1__date__descriptor, 0, &b, NULL),
	                 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	assert_string_equal(str(&b), "YEAR  MONTH  DAY\n");
	buf_reset(&b);
	assert_int_equal(proto_printer_new(&p, PROTO_FMT_JSON, &passend__v1__date__descriptor, 0, &b, NULL),
	                 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	assert_string_equal(str(&b), "[]\n");
	buf_free(&b);
}

static void test_csv_list(void **state)
{
	(void)state;
	Sample s = sample_init();
	char *tags[] = {"a,b", "c"};
	Passend__V1__ServerInfo info = PASSEND__V1__SERVER_INFO__INIT;
	info.version = "1\n2";
	s.name = "he said \"hi\"";
	s.count = 7;
	s.n_tags = 2;
	s.tags = tags;
	s.info = &info;
	buf b = {0};
	proto_printer *p;
	assert_int_equal(proto_printer_new(&p, PROTO_FMT_CSV, &sample_descriptor, 0, &b, NULL), 0);
	assert_int_equal(proto_printer_row(p, &s.base), 0);
	s.info = NULL;
	s.n_tags = 0;
	s.name = "plain";
	assert_int_equal(proto_printer_row(p, &s.base), 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	assert_string_equal(
	    str(&b),
	    "name,count,tags,ratio,ok,blob,serving_status,info.version,info.build,info.uptime_seconds,"
	    "info.database_version,info.schema_version,info.workers,info.started_at,dates,big,scores\n"
	    "\"he said \"\"hi\"\"\",7,\"a,b, c\",0,false,,UNKNOWN,\"1\n2\",,0,,0,0,,,0,\n"
	    "plain,7,,0,false,,UNKNOWN,,,,,,,,,0,\n");
	buf_free(&b);
}

static void test_json_list_and_stream(void **state)
{
	(void)state;
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	d.year = 2017;
	d.month = 12;
	d.day = 31;
	buf b = {0};
	proto_printer *p;
	assert_int_equal(proto_printer_new(&p, PROTO_FMT_JSON, d.base.descriptor, 0, &b, NULL), 0);
	Grpc__Health__V1__HealthCheckResponse r = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
	assert_int_equal(proto_printer_row(p, &r.base), -1);
	assert_int_equal(proto_printer_row(p, &d.base), 0);
	assert_int_equal(proto_printer_row(p, &d.base), 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	assert_string_equal(str(&b), "[\n"
	                             "  {\n    \"year\": 2017,\n    \"month\": 12,\n    \"day\": 31\n  },\n"
	                             "  {\n    \"year\": 2017,\n    \"month\": 12,\n    \"day\": 31\n  }\n"
	                             "]\n");
	buf_reset(&b);
	assert_int_equal(
	    proto_printer_new(&p, PROTO_FMT_JSON, d.base.descriptor, PROTO_PRINT_STREAM, &b, NULL), 0);
	assert_int_equal(proto_printer_row(p, &d.base), 0);
	assert_int_equal(proto_printer_row(p, &d.base), 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	assert_string_equal(
	    str(&b), "{\"year\":2017,\"month\":12,\"day\":31}\n{\"year\":2017,\"month\":12,\"day\":31}\n");
	buf_free(&b);
}

static void test_printer_to_file(void **state)
{
	(void)state;
	char *mem = NULL;
	size_t memlen = 0;
	FILE *fp = open_memstream(&mem, &memlen);
	assert_non_null(fp);
	buf b = {0};
	proto_printer *p;
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	d.year = 1;
	assert_int_equal(proto_printer_new(&p, PROTO_FMT_CSV, d.base.descriptor, 0, &b, fp), 0);
	assert_int_equal(proto_printer_row(p, &d.base), 0);
	assert_int_equal(b.len, 0); /* flushed to the file after the row */
	assert_string_equal(mem, "year,month,day\n1,0,0\n");
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	fclose(fp);
	free(mem);
	buf_free(&b);
}

static int teardown_str(void **state)
{
	(void)state;
	buf empty = {0};
	(void)str(&empty);
	return 0;
}

/* Text of a custom cell: the name in brackets. */
static int bracketed(buf *out, const ProtobufCMessage *m, const struct proto_column *col)
{
	return buf_printf(out, "[%s]%s", ((const Sample *)m)->name, (const char *)col->arg);
}

static void test_chosen_columns_and_fit(void **state)
{
	(void)state;
	Sample rows[2];
	rows[0] = sample_init();
	rows[0].name = "Stichting Openbaar Primair Onderwijs Kennemerhout";
	rows[0].count = 7;
	rows[1] = sample_init();
	rows[1].name = "Zuiderzée";
	const struct proto_column cols[] = {
	    {.field = "count", .header = "N"},
	    {.field = "name"},
	    {.field = "name", .header = "LABEL", .text = bracketed, .arg = "!"},
	};
	buf b = {0};
	proto_printer *p;
	assert_int_equal(
	    proto_printer_new_columns(&p, PROTO_FMT_TABLE, &sample_descriptor, cols, 3, 0, &b, NULL), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(proto_printer_row(p, &rows[i].base), 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	assert_string_equal(str(&b), "N  NAME                                               LABEL\n"
	                             "7  Stichting Openbaar Primair Onderwijs Kennemerhout  [Stichting "
	                             "Openbaar Primair Onderwijs Kennemerhout]!\n"
	                             "0  Zuiderzée                                          [Zuiderzée]!\n");
	buf_reset(&b);

	/* fitted to 40 columns: the widest columns give way, cut with "…" */
	assert_int_equal(
	    proto_printer_new_columns(&p, PROTO_FMT_TABLE, &sample_descriptor, cols, 3, 0, &b, NULL), 0);
	proto_printer_fit(p, 40);
	for (int i = 0; i < 2; i++)
		assert_int_equal(proto_printer_row(p, &rows[i].base), 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	assert_string_equal(str(&b), "N  NAME               LABEL\n"
	                             "7  Stichting Openba…  [Stichting Openba…\n"
	                             "0  Zuiderzée          [Zuiderzée]!\n");
	buf_reset(&b);

	/* CSV takes the chosen columns too; an unknown field is refused */
	assert_int_equal(
	    proto_printer_new_columns(&p, PROTO_FMT_CSV, &sample_descriptor, cols, 2, 0, &b, NULL), 0);
	assert_int_equal(proto_printer_row(p, &rows[1].base), 0);
	assert_int_equal(proto_printer_end(p), 0);
	proto_printer_free(p);
	assert_string_equal(str(&b), "N,name\n0,Zuiderzée\n");
	const struct proto_column bad = {.field = "info.nope"};
	assert_int_equal(
	    proto_printer_new_columns(&p, PROTO_FMT_TABLE, &sample_descriptor, &bad, 1, 0, &b, NULL), -1);
	buf_free(&b);
}

static void test_field_text_and_extra_rows(void **state)
{
	(void)state;
	Passend__V1__ServerInfo info = PASSEND__V1__SERVER_INFO__INIT;
	Sample s = sample_init();
	s.info = &info;
	info.version = "0.1.0";
	s.name = "x";
	buf b = {0};
	assert_int_equal(proto_field_text(&b, &s.base, "info.version"), 0);
	assert_int_equal(proto_field_text(&b, &s.base, "serving_status"), 0);
	assert_string_equal(str(&b), "0.1.0UNKNOWN");
	assert_int_equal(proto_field_text(&b, &s.base, "info.nope"), -1);
	buf_reset(&b);

	const struct proto_column extra[] = {
	    {.field = "name", .header = "label", .text = bracketed, .arg = ""}};
	assert_int_equal(proto_print_fields(&b, &info.base, NULL, 0), 0);
	assert_true(has_prefix(str(&b), "version           0.1.0\n"));
	buf_reset(&b);
	assert_int_equal(proto_print_fields(&b, &s.base, extra, 1), 0);
	assert_true(has_prefix(
	    str(&b), "name                   x\nlabel                  [x]\ncount                  0\n"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_string_escaping),
	    cmocka_unit_test(test_base64),
	    cmocka_unit_test(test_csv_field),
	    cmocka_unit_test(test_utf8_width_and_names),
	    cmocka_unit_test(test_format_parse),
	    cmocka_unit_test(test_json_server_info),
	    cmocka_unit_test(test_json_timestamp_fractions),
	    cmocka_unit_test(test_json_enum_repeated_nested),
	    cmocka_unit_test(test_json_health_enum),
	    cmocka_unit_test(test_table_single_message),
	    cmocka_unit_test(test_table_list_utf8_alignment),
	    cmocka_unit_test(test_table_stream),
	    cmocka_unit_test(test_table_empty_list),
	    cmocka_unit_test(test_csv_list),
	    cmocka_unit_test(test_json_list_and_stream),
	    cmocka_unit_test(test_printer_to_file),
	    cmocka_unit_test(test_chosen_columns_and_fit),
	    cmocka_unit_test(test_field_text_and_extra_rows),
	};
	return cmocka_run_group_tests(tests, NULL, teardown_str);
}
