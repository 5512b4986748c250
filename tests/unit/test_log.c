/* Unit tests for server/log's JSON lines and common/json's escaping: the
 * members made from logfmt pairs (quoted, bare, numbers, booleans, bare keys,
 * reserved keys), escaping of quotes, backslashes, control characters and
 * invalid UTF-8, cut lines that stay valid JSON, and whole lines written by
 * log_msg in both formats (stderr redirected to a file). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "json.h"
#include "log.h"

#define TS "2026-01-05T10:00:00.123Z"

/* log_json_line into a NUL-terminated static buffer of cap bytes. */
static const char *jline(size_t cap, const char *event, const char *pairs, int cut)
{
	static char out[3 * LOG_LINE_MAX];
	assert_true(cap < sizeof out);
	size_t n = log_json_line(out, cap, TS, "info", event, pairs, cut);
	assert_true(n <= cap);
	out[n] = '\0';
	return out;
}

static void test_pairs(void **state)
{
	assert_string_equal(jline(1024, "server.start", "", 0),
	                    "{\"ts\":\"" TS "\",\"level\":\"info\",\"event\":\"server.start\"}\n");
	assert_string_equal(jline(1024, "conn.open", "worker=1 peer=127.0.0.1:5555 tls=on", 0),
	                    "{\"ts\":\"" TS "\",\"level\":\"info\",\"event\":\"conn.open\",\"worker\":1,"
	                    "\"peer\":\"127.0.0.1:5555\",\"tls\":\"on\"}\n");
	/* a quoted value is always a string; log_quote's escapes are undone */
	assert_string_equal(jline(1024, "e", "error=\"a \\\"b\\\" \\\\ c\\nd\\te\" n=\"12\"", 0),
	                    "{\"ts\":\"" TS "\",\"level\":\"info\",\"event\":\"e\","
	                    "\"error\":\"a \\\"b\\\" \\\\ c\\nd\\te\",\"n\":\"12\"}\n");
}

static void test_value_types(void **state)
{
	assert_string_equal(
	    jline(1024, "e", "a=0 b=-1.5 c=007 d=1e3 e=true f=false g=nan h=1. i=- j=2.5E-3 k=0x10", 0),
	    "{\"ts\":\"" TS "\",\"level\":\"info\",\"event\":\"e\",\"a\":0,\"b\":-1.5,\"c\":\"007\","
	    "\"d\":1e3,\"e\":true,\"f\":false,\"g\":\"nan\",\"h\":\"1.\",\"i\":\"-\",\"j\":2.5E-3,"
	    "\"k\":\"0x10\"}\n");
	/* a bare key is true (logfmt); an empty value is an empty string */
	assert_string_equal(jline(1024, "e", "flag x= y=\"\"", 0),
	                    "{\"ts\":\"" TS
	                    "\",\"level\":\"info\",\"event\":\"e\",\"flag\":true,\"x\":\"\",\"y\":\"\"}\n");
}

static void test_reserved_keys(void **state)
{
	assert_string_equal(jline(1024, "rpc.bug", "event=bad_transition ts=1 level=x truncated=no", 0),
	                    "{\"ts\":\"" TS
	                    "\",\"level\":\"info\",\"event\":\"rpc.bug\",\"event_\":\"bad_transition\","
	                    "\"ts_\":1,\"level_\":\"x\",\"truncated_\":\"no\"}\n");
}

static void test_escaping(void **state)
{
	/* control characters, DEL, a quote in a bare value, valid UTF-8 (é, 😀),
	 * invalid UTF-8 (a lone continuation byte, an overlong '/', a cut
	 * sequence, a surrogate) */
	assert_string_equal(
	    jline(1024, "e",
	          "v=a\x01\x1f\x7f\"b u=caf\xc3\xa9\xf0\x9f\x98\x80 x=\x80\xc0\xaf\xe2\x82 s=\xed\xa0\x80",
	          0),
	    "{\"ts\":\"" TS "\",\"level\":\"info\",\"event\":\"e\",\"v\":\"a\\u0001\\u001f\\u007f\\\"b\","
	    "\"u\":\"caf\xc3\xa9\xf0\x9f\x98\x80\",\"x\":\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\","
	    "\"s\":\"\\ufffd\\ufffd\\ufffd\"}\n");
	/* the escaper itself: \b \f, and whole escapes only when bounded */
	char out[16];
	size_t used;
	size_t n = json_escape(out, sizeof out, "\b\f\\", 3, &used);
	assert_int_equal(n, 6);
	assert_int_equal(used, 3);
	assert_memory_equal(out, "\\b\\f\\\\", 6);
	n = json_escape(out, 7, "ab\x01", 3, &used); /* \u0001 needs 6, only 5 left */
	assert_int_equal(n, 2);
	assert_int_equal(used, 2);
	n = json_escape(out, 3, "\xc3\xa9\xc3\xa9", 4, &used); /* a sequence is never split */
	assert_int_equal(n, 2);
	assert_int_equal(used, 2);
	assert_int_equal(json_utf8_len((const unsigned char *)"\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	assert_int_equal(json_utf8_len((const unsigned char *)"\xf0\x9f\x98\x80", 4), 4);
}

/* A cut line ends as one valid object with "truncated":true. */
static void test_truncation(void **state)
{
	char pairs[LOG_LINE_MAX];
	size_t o = 0;
	for (int i = 0; o < sizeof pairs - 40; i++)
		o += (size_t)snprintf(pairs + o, sizeof pairs - o, "k%d=\"%s\" ", i, "\x01\x02\x03\x04\x05");
	const char *tail = ",\"truncated\":true}\n";
	const char *s = jline(600, "e", pairs, 0);
	assert_true(strlen(s) <= 600);
	assert_string_equal(s + strlen(s) - strlen(tail), tail);
	assert_non_null(strstr(s, "\"k0\":\"\\u0001"));
	/* never half a member: the last one before the tail is whole */
	assert_int_equal(s[strlen(s) - strlen(tail) - 1], '"');
	/* the pairs text was cut by the caller */
	s = jline(1024, "e", "a=1 b=\"unterminated", 1);
	assert_string_equal(s, "{\"ts\":\"" TS
	                       "\",\"level\":\"info\",\"event\":\"e\",\"a\":1,\"b\":\"unterminated\","
	                       "\"truncated\":true}\n");
	/* not even the head fits */
	char big[300];
	memset(big, 'e', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	s = jline(100, big, "", 0);
	assert_string_equal(s, "{\"truncated\":true}\n");
}

/* Run log_msg with stderr on a file; returns the text written (static). */
static const char *logged(void (*fn)(void))
{
	static char text[4 * LOG_LINE_MAX];
	char path[] = "/tmp/passend-test-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	int saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fd, STDERR_FILENO) >= 0);
	fn();
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	ssize_t n = pread(fd, text, sizeof text - 1, 0);
	assert_true(n >= 0);
	text[n] = '\0';
	close(fd);
	unlink(path);
	return text;
}

static void log_some(void)
{
	char q[128];
	log_info("conn.open", "worker=%d peer=%s error=%s", 2, "[::1]:80",
	         log_quote(q, sizeof q, "tab\there \"q\" \x01"));
	log_debug("hidden", "x=1");
}

static void test_log_msg_formats(void **state)
{
	log_set_level(LOG_INFO);
	assert_int_equal(log_set_format_name("xml"), -1);
	assert_int_equal(log_set_format_name("JSON"), 0);
	const char *s = logged(log_some);
	const char *body =
	    strstr(s, "\",\"level\":\"info\",\"event\":\"conn.open\",\"worker\":2,\"peer\":\"[::1]:80\","
	              "\"error\":\"tab\\there \\\"q\\\" ?\"}\n");
	assert_non_null(body);
	assert_int_equal(strncmp(s, "{\"ts\":\"", 7), 0);
	assert_string_equal(body + strlen(body) - 2, "}\n");
	assert_ptr_equal(strchr(s, '\n'), s + strlen(s) - 1); /* one line: debug is below the level */
	assert_int_equal(log_set_format_name("logfmt"), 0);
	s = logged(log_some);
	assert_int_equal(strncmp(s, "ts=", 3), 0);
	assert_non_null(strstr(
	    s, " level=info event=conn.open worker=2 peer=[::1]:80 error=\"tab\\there \\\"q\\\" ?\"\n"));
	assert_null(strstr(s, "hidden"));
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_pairs), cmocka_unit_test(test_value_types),
          cmocka_unit_test(test_reserved_keys), cmocka_unit_test(test_escaping),
          cmocka_unit_test(test_truncation), cmocka_unit_test(test_log_msg_formats))
