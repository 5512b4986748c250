/* Unit tests for server/config: defaults, config_set (types, ranges, unknown
 * keys), file parsing (comments, quotes, line numbers in errors), the
 * environment, flags, the precedence defaults < file < env < flags, and the
 * cross-field rules of config_validate. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"

#include "config.h"

static char tmpdir[] = "/tmp/passend-test-config-XXXXXX";

/* Write text to a new file in tmpdir; returns its path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void clear_env(void)
{
	static const char *const vars[] = {"PASSEND_PORT", "PASSEND_CONFIG",    "PASSEND_WORKERS",
	                                   "PASSEND_DB",   "PASSEND_LOG_LEVEL", "PASSEND_H2C"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

/* Every test starts with a clean environment and a config of defaults
 * (*state); err takes the error texts. */
static config cfg;
static char err[512];

static int setup(void **state)
{
	clear_env();
	config_defaults(&cfg);
	err[0] = '\0';
	*state = &cfg;
	return 0;
}

static void test_defaults(void **state)
{
	config *c = *state;
	assert_string_equal(c->listen_host, "127.0.0.1");
	assert_int_equal(c->port, 7443);
	assert_true(c->workers >= 1);
	assert_int_equal(c->h2c, 0);
	assert_int_equal(c->max_concurrent_streams, 100);
	assert_int_equal(c->max_message_bytes, 4u << 20);
	assert_int_equal(c->max_header_bytes, 16u << 10);
	assert_int_equal(c->handshake_timeout_ms, 10000);
	assert_int_equal(c->idle_timeout_ms, 300000);
	assert_int_equal(c->max_connections, 10000);
	assert_int_equal(c->busy_poll_us, 200);
	assert_int_equal(c->drain_timeout_ms, 15000);
	assert_int_equal(c->db_pool_size, 2);
	assert_int_equal(c->db_max_pipeline, 64);
	assert_int_equal(c->db_connect_timeout_ms, 5000);
	assert_string_equal(c->log_level, "info");
	assert_true(strlen(c->migrations_dir) > 0);
	assert_string_equal(c->tls_cert, "");
}

static void test_set_values(void **state)
{
	config *c = *state;
	assert_int_equal(config_set(c, "port", "8443", err, sizeof(err)), 0);
	assert_int_equal(c->port, 8443);
	assert_int_equal(config_set(c, "h2c", "yes", err, sizeof(err)), 0);
	assert_int_equal(c->h2c, 1);
	assert_int_equal(config_set(c, "h2c", "False", err, sizeof(err)), 0);
	assert_int_equal(c->h2c, 0);
	assert_int_equal(config_set(c, "max_message_bytes", "8MiB", err, sizeof(err)), 0);
	assert_int_equal(c->max_message_bytes, 8u << 20);
	assert_int_equal(config_set(c, "max_header_bytes", "32k", err, sizeof(err)), 0);
	assert_int_equal(c->max_header_bytes, 32u << 10);
	assert_int_equal(config_set(c, "log_level", "DEBUG", err, sizeof(err)), 0);
	assert_string_equal(c->log_level, "debug");
	assert_int_equal(config_set(c, "db", "host=/tmp dbname=x", err, sizeof(err)), 0);
	assert_string_equal(c->db, "host=/tmp dbname=x");
	assert_string_equal(c->db_statements, "named"); /* the default */
	assert_int_equal(config_set(c, "db_statements", "Unnamed", err, sizeof(err)), 0);
	assert_string_equal(c->db_statements, "unnamed");
	assert_int_equal(config_set(c, "db_reports", "host=replica dbname=x", err, sizeof(err)), 0);
	assert_string_equal(c->db_reports, "host=replica dbname=x");
	/* '-' and '_' are the same in key names */
	assert_int_equal(config_set(c, "drain-timeout-ms", "500", err, sizeof(err)), 0);
	assert_int_equal(c->drain_timeout_ms, 500);
	assert_int_equal(config_set(c, "busy_poll_us", "0", err, sizeof(err)), 0); /* off */
	assert_int_equal(c->busy_poll_us, 0);
}

/* err names each of the n names that is not NULL (after the failure `what`). */
static void assert_err_names(const char *what, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && !strstr(err, names[i]))
			fail_msg("%s: the error \"%s\" does not name %s", what, err, names[i]);
}

static void test_bad_values(void **state)
{
	config *c = *state;
	/* key, value, and what the error names (NULL: not checked) */
	static const struct {
		const char *key, *value, *names[2];
	} bad[] = {
	    {"port", "abc", {"port", "'abc'"}},
	    {"port", "70000", {"65535"}},
	    {"port", "0", {NULL}},
	    {"port", "-1", {NULL}},
	    {"port", "12x", {NULL}},
	    {"port", "", {NULL}},
	    {"workers", "0", {NULL}},
	    {"max_concurrent_streams", "0", {NULL}},
	    {"max_message_bytes", "4GiB", {NULL}},
	    {"idle_timeout_ms", "99999999999", {NULL}},
	    {"busy_poll_us", "1001", {"busy_poll_us"}}, /* at most 1 ms of spinning per wake-up */
	    {"h2c", "maybe", {"h2c"}},
	    {"log_level", "loud", {"loud"}},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (config_set(c, bad[i].key, bad[i].value, err, sizeof(err)) != -1)
			fail_msg("%s = \"%s\" is accepted", bad[i].key, bad[i].value);
		assert_err_names(bad[i].key, bad[i].names, 2);
	}
	assert_int_equal(c->port, 7443); /* unchanged by failures */
	/* a bad choice: the whole message names the choices */
	assert_int_equal(config_set(c, "log_level", "loud", err, sizeof(err)), -1);
	assert_string_equal(err, "invalid value 'loud' for log_level: expected debug, info, warn or error");
	assert_int_equal(config_set(c, "db_statements", "prepared", err, sizeof(err)), -1);
	assert_string_equal(err, "invalid value 'prepared' for db_statements: expected named or unnamed");
	char big[2000];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(config_set(c, "tls_cert", big, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "tls_cert"));
}

static void test_unknown_key(void **state)
{
	config *c = *state;
	assert_int_equal(config_set(c, "prot", "1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown key 'prot'"));
}

static void test_file(void **state)
{
	config *c = *state;
	const char *p = write_file("ok.conf", "# passendd settings\n"
	                                      "\n"
	                                      "port = 9000\n"
	                                      "  listen_host=::1   # trailing comment\n"
	                                      "db = \"host=/tmp password=a#b\"  # quoted keeps '#'\n"
	                                      "tls_cert = /etc/p/cert#1.pem\n"
	                                      "workers\t=\t3\r\n"
	                                      "h2c = on\n");
	assert_int_equal(config_load_file(c, p, err, sizeof(err)), 0);
	assert_int_equal(c->port, 9000);
	assert_string_equal(c->listen_host, "::1");
	assert_string_equal(c->db, "host=/tmp password=a#b");
	assert_string_equal(c->tls_cert, "/etc/p/cert#1.pem");
	assert_int_equal(c->workers, 3);
	assert_int_equal(c->h2c, 1);
}

static void test_file_errors(void **state)
{
	config *c = *state;
	/* a file, its text, and what the error names (NULL: not checked) */
	static const struct {
		const char *file, *text, *names[3];
	} bad[] = {
	    {"bad1.conf", "port = 9000\n# c\nport = nine\n", {"bad1.conf:3:", "'nine'", "port"}},
	    {"bad2.conf", "\n\n\n\ncolour = blue\n", {"bad2.conf:5:", "unknown key 'colour'"}},
	    {"bad3.conf", "port 9000\n", {"bad3.conf:1:", "key = value"}},
	    {"bad4.conf", "db = \"unterminated\n", {"bad4.conf:1:"}},
	    {"bad5.conf", "config = other.conf\n", {NULL}},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *p = write_file(bad[i].file, bad[i].text);
		if (config_load_file(c, p, err, sizeof(err)) != -1) fail_msg("%s is accepted", bad[i].file);
		assert_err_names(bad[i].file, bad[i].names, 3);
	}
	assert_int_equal(config_load_file(c, "/nonexistent/passend.conf", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/passend.conf"));
}

static void test_env(void **state)
{
	config *c = *state;
	setenv("PASSEND_PORT", "7500", 1);
	setenv("PASSEND_LOG_LEVEL", "warn", 1);
	assert_int_equal(config_load_env(c, err, sizeof(err)), 0);
	assert_int_equal(c->port, 7500);
	assert_string_equal(c->log_level, "warn");
	setenv("PASSEND_WORKERS", "lots", 1);
	assert_int_equal(config_load_env(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "PASSEND_WORKERS"));
	assert_non_null(strstr(err, "'lots'"));
	clear_env();
}

static void test_args(void **state)
{
	config *c = *state;
	char *argv[] = {"--port=1234", "--listen-host", "0.0.0.0", "--h2c", "--db_pool_size", "5"};
	assert_int_equal(config_load_args(c, 6, argv, err, sizeof(err)), 0);
	assert_int_equal(c->port, 1234);
	assert_string_equal(c->listen_host, "0.0.0.0");
	assert_int_equal(c->h2c, 1);
	assert_int_equal(c->db_pool_size, 5);

	/* one flag and what the error names */
	static const struct {
		char *flag;
		const char *name;
	} bad[] = {{"--nope=1", "--nope"},
	           {"stray", "stray"},
	           {"--port", "needs a value"},
	           {"--workers=-3", "workers"}};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv1[] = {bad[i].flag};
		if (config_load_args(c, 1, argv1, err, sizeof(err)) != -1)
			fail_msg("%s is accepted", bad[i].flag);
		assert_err_names(bad[i].flag, &bad[i].name, 1);
	}
}

static void test_precedence(void **state)
{
	config *c = *state;
	const char *p =
	    write_file("prec.conf", "port = 1001\nworkers = 2\ndb_pool_size = 7\nlog_level = debug\n");
	char path[256];
	snprintf(path, sizeof(path), "%s", p);

	/* file only (named by PASSEND_CONFIG) */
	setenv("PASSEND_CONFIG", path, 1);
	assert_int_equal(config_load_all(c, 0, NULL, err, sizeof(err)), 0);
	assert_int_equal(c->port, 1001);
	assert_int_equal(c->db_pool_size, 7);
	assert_string_equal(c->config_file, path);

	/* env beats file */
	setenv("PASSEND_PORT", "1002", 1);
	setenv("PASSEND_WORKERS", "3", 1);
	assert_int_equal(config_load_all(c, 0, NULL, err, sizeof(err)), 0);
	assert_int_equal(c->port, 1002);
	assert_int_equal(c->workers, 3);
	assert_int_equal(c->db_pool_size, 7);

	/* flags beat env */
	char *argv[] = {"--port", "1003"};
	assert_int_equal(config_load_all(c, 2, argv, err, sizeof(err)), 0);
	assert_int_equal(c->port, 1003);
	assert_int_equal(c->workers, 3);
	assert_string_equal(c->log_level, "debug");

	/* --config beats PASSEND_CONFIG */
	const char *p2 = write_file("prec2.conf", "db_pool_size = 9\n");
	char path2[256];
	snprintf(path2, sizeof(path2), "%s", p2);
	char *argv2[] = {"-c", path2};
	assert_int_equal(config_load_all(c, 2, argv2, err, sizeof(err)), 0);
	assert_int_equal(c->db_pool_size, 9);
	assert_string_equal(c->log_level, "info");
	assert_string_equal(c->config_file, path2);

	/* a bad file stops loading with its name and line */
	setenv("PASSEND_CONFIG", write_file("prec3.conf", "port = 1\nport = x\n"), 1);
	assert_int_equal(config_load_all(c, 0, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "prec3.conf:2:"));
	clear_env();
}

static void test_validate(void **state)
{
	config *c = *state;
	/* TLS needs cert and key */
	assert_int_equal(config_validate(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "tls_cert"));
	snprintf(c->tls_cert, sizeof(c->tls_cert), "cert.pem");
	assert_int_equal(config_validate(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "tls_key"));
	snprintf(c->tls_key, sizeof(c->tls_key), "key.pem");
	assert_int_equal(config_validate(c, err, sizeof(err)), 0);

	/* h2c: loopback only, no cert needed */
	config_defaults(c);
	c->h2c = 1;
	assert_int_equal(config_validate(c, err, sizeof(err)), 0);
	static const char *const loop_ok[] = {"127.0.0.1", "127.1.2.3", "::1", "localhost"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(c->listen_host, sizeof(c->listen_host), "%s", loop_ok[i]);
		assert_int_equal(config_validate(c, err, sizeof(err)), 0);
	}
	static const char *const not_loop[] = {"0.0.0.0", "::", "10.0.0.1", "example.org", "128.0.0.1"};
	for (size_t i = 0; i < 5; i++) {
		snprintf(c->listen_host, sizeof(c->listen_host), "%s", not_loop[i]);
		assert_int_equal(config_validate(c, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "h2c"));
		assert_non_null(strstr(err, not_loop[i]));
	}

	/* limits must be positive even when set directly */
	config_defaults(c);
	c->h2c = 1;
	c->max_message_bytes = 0;
	assert_int_equal(config_validate(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "max_message_bytes"));
	config_defaults(c);
	c->h2c = 1;
	c->workers = 0;
	assert_int_equal(config_validate(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "workers"));
}

static void test_usage_lists_keys(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	config_usage(f);
	fclose(f);
	assert_non_null(strstr(text, "--max-message-bytes=BYTES"));
	assert_non_null(strstr(text, "PASSEND_MAX_MESSAGE_BYTES"));
	assert_non_null(strstr(text, "default 4194304"));
	assert_non_null(strstr(text, "PASSEND_DRAIN_TIMEOUT_MS"));
	assert_non_null(strstr(text, "--tls-client-ca"));
	free(text);
}

/* log_format, access_log and metrics_listen (issue 13). */
static void test_logs_and_metrics(void **state)
{
	config *c = *state;
	char host[64];
	int port;
	assert_string_equal(c->log_format, "logfmt");
	assert_int_equal(c->access_log, 0);
	assert_string_equal(c->metrics_listen, ""); /* off */
	assert_int_equal(config_set(c, "log_format", "JSON", err, sizeof(err)), 0);
	assert_string_equal(c->log_format, "json");
	assert_int_equal(config_set(c, "log-format", "xml", err, sizeof(err)), -1);
	assert_string_equal(err, "invalid value 'xml' for log_format: expected logfmt or json");
	assert_int_equal(config_set(c, "log_level", "loud", err, sizeof(err)), -1);
	assert_string_equal(err, "invalid value 'loud' for log_level: expected debug, info, warn or error");
	assert_int_equal(config_set(c, "access_log", "on", err, sizeof(err)), 0);
	assert_int_equal(c->access_log, 1);

	static const struct {
		const char *text, *host;
		int port;
	} good[] = {{"9464", "127.0.0.1", 9464},
	            {"127.0.0.1:9464", "127.0.0.1", 9464},
	            {"[::1]:1", "::1", 1},
	            {"localhost:65535", "localhost", 65535},
	            {"0.0.0.0:9100", "0.0.0.0", 9100}};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(config_host_port(good[i].text, host, sizeof(host), &port, err, sizeof(err)),
		                 0);
		assert_string_equal(host, good[i].host);
		assert_int_equal(port, good[i].port);
	}
	static const char *const bad[] = {"",         "0",     "65536",     "host:", ":9464",
	                                  "::1:9464", "[::1]", "[::1:9464", "a:b",   "127.0.0.1:94x4"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(config_host_port(bad[i], host, sizeof(host), &port, err, sizeof(err)), -1);

	config_defaults(c);
	c->h2c = 1;
	assert_int_equal(config_set(c, "metrics_listen", "127.0.0.1:9464", err, sizeof(err)), 0);
	assert_int_equal(config_validate(c, err, sizeof(err)), 0);
	assert_int_equal(config_set(c, "metrics_listen", "127.0.0.1:7443", err, sizeof(err)), 0);
	assert_int_equal(config_validate(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "gRPC port"));
	assert_int_equal(config_set(c, "metrics_listen", "nope", err, sizeof(err)), 0);
	assert_int_equal(config_validate(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "metrics_listen"));
}

static int remove_tmp(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static int make_tmp(void **state)
{
	if (mkdtemp(tmpdir)) return 0;
	perror("mkdtemp");
	return -1;
}

#define T(fn) cmocka_unit_test_setup(fn, setup)
UNIT_MAIN(make_tmp, remove_tmp, T(test_defaults), T(test_set_values), T(test_bad_values), T(test_unknown_key),
          T(test_file), T(test_file_errors), T(test_env), T(test_args), T(test_precedence), T(test_validate),
          T(test_usage_lists_keys), T(test_logs_and_metrics))
