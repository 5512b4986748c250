/* config: passendd's settings. One table describes every key (type, range,
 * meaning); defaults, the config file, PASSEND_<KEY> environment variables
 * and command-line flags all go through config_set(), so every source gets
 * the same checks and the same error messages (naming key and value). */
#define _GNU_SOURCE
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum key_type {
	KEY_STR,    /* char[] field */
	KEY_INT,    /* int field, [min, max] */
	KEY_U32,    /* uint32_t field, [min, max] */
	KEY_BYTES,  /* uint32_t field, [min, max], accepts KiB / MiB suffixes */
	KEY_BOOL,   /* int field 0/1 */
	KEY_CHOICE, /* char[] field, one of the '|'-separated words of meta (case-insensitive) */
};

typedef struct key_def {
	const char *name;
	enum key_type type;
	size_t off;
	size_t size;
	long long min, max;
	const char *meta; /* placeholder shown in --help; KEY_CHOICE: the choices "a|b|c" */
	const char *help;
} key_def;

#define F(field) offsetof(config, field), sizeof(((config *)0)->field)

static const key_def keys[] = {
    {"listen_host", KEY_STR, F(listen_host), 0, 0, "ADDR", "IP address to listen on"},
    {"port", KEY_INT, F(port), 1, 65535, "N", "TCP port"},
    {"workers", KEY_INT, F(workers), 1, 1024, "N", "worker threads (one event loop each)"},
    {"h2c", KEY_BOOL, F(h2c), 0, 1, "BOOL", "plaintext HTTP/2 without TLS (loopback listen_host only)"},
    {"tls_cert", KEY_STR, F(tls_cert), 0, 0, "FILE", "PEM server certificate chain"},
    {"tls_key", KEY_STR, F(tls_key), 0, 0, "FILE", "PEM private key"},
    {"tls_client_ca", KEY_STR, F(tls_client_ca), 0, 0, "FILE",
     "CA file; if set, client certificates are required"},
    {"max_concurrent_streams", KEY_U32, F(max_concurrent_streams), 1, 1000000, "N",
     "concurrent streams per connection"},
    {"max_message_bytes", KEY_BYTES, F(max_message_bytes), 1, 1u << 30, "BYTES",
     "largest gRPC message (larger: RESOURCE_EXHAUSTED)"},
    {"max_header_bytes", KEY_BYTES, F(max_header_bytes), 1, 1u << 24, "BYTES", "largest request header list"},
    {"handshake_timeout_ms", KEY_U32, F(handshake_timeout_ms), 1, UINT32_MAX, "MS",
     "TLS handshake and HTTP/2 preface timeout"},
    {"idle_timeout_ms", KEY_U32, F(idle_timeout_ms), 1, UINT32_MAX, "MS",
     "close connections without call progress this long"},
    {"max_connections", KEY_U32, F(max_connections), 1, 10000000, "N", "open connections, whole process"},
    {"busy_poll_us", KEY_U32, F(busy_poll_us), 0, 1000, "US",
     "after a wake-up, poll this long for the next event before sleeping (0: never; not while a "
     "database answer is awaited)"},
    {"drain_timeout_ms", KEY_U32, F(drain_timeout_ms), 1, UINT32_MAX, "MS",
     "on SIGTERM, how long in-flight calls may finish"},
    {"db", KEY_STR, F(db), 0, 0, "CONNINFO", "libpq connection string (empty: libpq defaults, PG* env)"},
    {"db_owner", KEY_STR, F(db_owner), 0, 0, "CONNINFO",
     "connection string of the database owner for migrate and admin bootstrap (empty: db)"},
    {"db_pool_size", KEY_INT, F(db_pool_size), 1, 1000, "N", "database connections per worker"},
    {"db_max_pipeline", KEY_U32, F(db_max_pipeline), 1, 100000, "N",
     "transactions in flight per database connection"},
    {"db_statements", KEY_CHOICE, F(db_statements), 0, 0, "named|unnamed",
     "named: prepare every statement once per connection; unnamed: parse each execution (PgBouncer "
     "< 1.21 in transaction mode)"},
    {"db_reports", KEY_STR, F(db_reports), 0, 0, "CONNINFO",
     "connection string of a read-only replica for report calls (empty: reports use db)"},
    {"db_connect_timeout_ms", KEY_U32, F(db_connect_timeout_ms), 1, UINT32_MAX, "MS",
     "a database connection must be up and its statements prepared within this"},
    {"migrations_dir", KEY_STR, F(migrations_dir), 0, 0, "DIR", "directory of NNNN_name.sql migrations"},
    {"log_level", KEY_CHOICE, F(log_level), 0, 0, "debug|info|warn|error", "least severe level logged"},
    {"log_format", KEY_CHOICE, F(log_format), 0, 0, "logfmt|json",
     "log lines as logfmt, or as one JSON object per line"},
    {"access_log", KEY_BOOL, F(access_log), 0, 1, "BOOL",
     "one info line per finished call: method, status, duration, peer, token id"},
    {"metrics_listen", KEY_STR, F(metrics_listen), 0, 0, "[HOST:]PORT",
     "Prometheus /metrics over plain HTTP (a bare port: 127.0.0.1); empty: off"},
    {"purge_interval_s", KEY_U32, F(purge_interval_s), 0, 31 * 24 * 3600, "S",
     "retention: run the purge every S seconds on worker 0 (0: off; `passendd purge` for cron)"},
    {"purge_import_age_s", KEY_U32, F(purge_import_age_s), 3600, UINT32_MAX, "S",
     "retention: remove import batches not committed within S seconds"},
    {"purge_max_pupils", KEY_U32, F(purge_max_pupils), 1, 100000, "N",
     "retention: purge at most N pupils per tenant per run (the next run goes on)"},
    {"feed_retention_s", KEY_U32, F(feed_retention_s), 3600, UINT32_MAX, "S",
     "retention: delete change-feed changes older than S seconds (a cursor before them: OUT_OF_RANGE)"},
    {"feed_max_streams_per_token", KEY_U32, F(feed_max_streams_per_token), 1, 100000, "N",
     "change feed: open WatchChanges streams per token (more: RESOURCE_EXHAUSTED)"},
    {"feed_buffer_bytes", KEY_BYTES, F(feed_buffer_bytes), 4096, 1u << 28, "BYTES",
     "change feed: unread responses a stream may hold; it reads no more changes meanwhile"},
    {"feed_stall_ms", KEY_U32, F(feed_stall_ms), 100, UINT32_MAX, "MS",
     "change feed: end a stream whose unread responses stay above feed_buffer_bytes this long "
     "(ABORTED: resume from the cursor)"},
    {"feed_heartbeat_ms", KEY_U32, F(feed_heartbeat_ms), 100, UINT32_MAX, "MS",
     "change feed: send an empty message with the cursor after this long without changes"},
    {"db_listen", KEY_STR, F(db_listen), 0, 0, "CONNINFO",
     "connection string of the LISTEN connection that wakes change feeds, one per worker (empty: db; "
     "never through a transaction-pooling PgBouncer)"},
    {"config", KEY_STR, F(config_file), 0, 0, "FILE", "config file of key = value lines"},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen) return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int ncpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0) {
		int n = CPU_COUNT(&set);
		if (n > 0) return n;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 1024 ? 1024 : n) : 1;
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The migrations shipped with this binary: ./sql/migrations when run from
 * the source tree, else next to the executable (build tree: <build>/..;
 * installed: <prefix>/share/passend/migrations). */
static void default_migrations_dir(char *out, size_t len)
{
	snprintf(out, len, "sql/migrations");
	if (is_dir(out)) return;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) return;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash) return;
	*slash = '\0';
	static const char *const rel[] = {"/../sql/migrations", "/../share/passend/migrations"};
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		char cand[PATH_MAX + 64];
		snprintf(cand, sizeof(cand), "%s%s", exe, rel[i]);
		if (is_dir(cand) && strlen(cand) < len) {
			snprintf(out, len, "%s", cand);
			return;
		}
	}
}

void config_defaults(config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->listen_host, sizeof(cfg->listen_host), "127.0.0.1");
	cfg->port = 7443;
	cfg->workers = ncpus();
	cfg->h2c = 0;
	cfg->max_concurrent_streams = 100;
	cfg->max_message_bytes = 4u << 20;
	cfg->max_header_bytes = 16u << 10;
	cfg->handshake_timeout_ms = 10000;
	cfg->idle_timeout_ms = 300000;
	cfg->max_connections = 10000;
	cfg->busy_poll_us = 200;
	cfg->drain_timeout_ms = 15000;
	cfg->db_pool_size = 2;
	cfg->db_max_pipeline = 64;
	cfg->db_connect_timeout_ms = 5000;
	snprintf(cfg->db_statements, sizeof(cfg->db_statements), "named");
	cfg->purge_interval_s = 3600;
	cfg->purge_import_age_s = 86400;
	cfg->purge_max_pupils = 1000;
	cfg->feed_retention_s = 30u * 24 * 3600;
	cfg->feed_max_streams_per_token = 8;
	cfg->feed_buffer_bytes = 256u << 10;
	cfg->feed_stall_ms = 30000;
	cfg->feed_heartbeat_ms = 15000;
	default_migrations_dir(cfg->migrations_dir, sizeof(cfg->migrations_dir));
	snprintf(cfg->log_level, sizeof(cfg->log_level), "info");
	snprintf(cfg->log_format, sizeof(cfg->log_format), "logfmt");
}

/* Find a key; '-' and '_' are the same, case matters not. */
static const key_def *find_key(const char *name, size_t len)
{
	for (size_t i = 0; i < NKEYS; i++) {
		const char *k = keys[i].name;
		size_t j = 0;
		for (; j < len && k[j]; j++) {
			char c = name[j] == '-' ? '_' : (char)tolower((unsigned char)name[j]);
			if (c != k[j]) break;
		}
		if (j == len && k[j] == '\0') return &keys[i];
	}
	return NULL;
}

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = {"1", "true", "yes", "on"};
	static const char *const no[] = {"0", "false", "no", "off"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* Decimal integer, optionally with a binary size suffix; the whole text must
 * be used. Returns 0 or -1. */
static int parse_num(const char *v, int allow_suffix, long long *out)
{
	if (!isdigit((unsigned char)v[0])) return -1;
	errno = 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (errno) return -1;
	if (*end && allow_suffix) {
		long long mul = 0;
		if (!strcasecmp(end, "k") || !strcasecmp(end, "ki") || !strcasecmp(end, "kib"))
			mul = 1024;
		else if (!strcasecmp(end, "m") || !strcasecmp(end, "mi") || !strcasecmp(end, "mib"))
			mul = 1024 * 1024;
		if (!mul || n > LLONG_MAX / mul) return -1;
		n *= mul;
		end += strlen(end);
	}
	if (*end) return -1;
	*out = n;
	return 0;
}

static int set_key(config *cfg, const key_def *k, const char *value, char *err, size_t errlen)
{
	char *field = (char *)cfg + k->off;
	switch (k->type) {
	case KEY_STR:
		if (strlen(value) >= k->size) {
			set_err(err, errlen, "invalid value for %s: longer than %zu bytes", k->name,
			        k->size - 1);
			return -1;
		}
		memcpy(field, value, strlen(value) + 1);
		return 0;
	case KEY_CHOICE: {
		char expected[128] = ""; /* "a, b or c" for the message */
		size_t n = 0;
		for (const char *c = k->meta; *c; c += strcspn(c, "|"), c += *c == '|') {
			int len = (int)strcspn(c, "|");
			if (strlen(value) == (size_t)len && strncasecmp(value, c, (size_t)len) == 0) {
				snprintf(field, k->size, "%.*s", len, c);
				return 0;
			}
			const char *sep = c == k->meta ? "" : strchr(c, '|') ? ", " : " or ";
			if (n < sizeof(expected))
				n += (size_t)snprintf(expected + n, sizeof(expected) - n, "%s%.*s", sep, len,
				                      c);
		}
		set_err(err, errlen, "invalid value '%s' for %s: expected %s", value, k->name, expected);
		return -1;
	}
	case KEY_BOOL: {
		int b;
		if (parse_bool(value, &b) < 0) {
			set_err(err, errlen, "invalid value '%s' for %s: expected true or false", value,
			        k->name);
			return -1;
		}
		*(int *)field = b;
		return 0;
	}
	case KEY_INT:
	case KEY_U32:
	case KEY_BYTES: {
		long long n;
		if (parse_num(value, k->type == KEY_BYTES, &n) < 0 || n < k->min || n > k->max) {
			set_err(err, errlen,
			        "invalid value '%s' for %s: expected an integer%s from %lld to %lld", value,
			        k->name, k->type == KEY_BYTES ? " (KiB/MiB suffix allowed)" : "", k->min,
			        k->max);
			return -1;
		}
		if (k->type == KEY_INT)
			*(int *)field = (int)n;
		else
			*(uint32_t *)field = (uint32_t)n;
		return 0;
	}
	}
	set_err(err, errlen, "internal error: key %s has no type", k->name);
	return -1;
}

int config_set(config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
	const key_def *k = find_key(key, strlen(key));
	if (!k) {
		set_err(err, errlen, "unknown key '%s' (see passendd --help)", key);
		return -1;
	}
	return set_key(cfg, k, value, err, errlen);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* Parse the value part of a line in place: either "quoted" (\" and \\
 * escapes; may contain '#'), or bare up to a '#' that follows whitespace.
 * Returns the value or NULL (message in err). */
static const char *parse_value(char *v, char *err, size_t errlen)
{
	v = trim(v);
	if (*v == '"') {
		char *w = v, *r = v + 1;
		for (; *r && *r != '"'; r++) {
			if (*r == '\\' && (r[1] == '"' || r[1] == '\\')) r++;
			*w++ = *r;
		}
		if (*r != '"') {
			set_err(err, errlen, "unterminated quoted value");
			return NULL;
		}
		*w = '\0';
		char *rest = trim(r + 1);
		if (*rest && *rest != '#') {
			set_err(err, errlen, "unexpected text after quoted value: '%s'", rest);
			return NULL;
		}
		return v;
	}
	for (char *p = v; *p; p++) {
		if (*p == '#' && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	return trim(v);
}

int config_load_file(config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		set_err(err, errlen, "%s: cannot open config file: %s", path, strerror(errno));
		return -1;
	}
	int rc = -1;
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	char msg[512];
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *s = trim(line);
		if (*s == '\0' || *s == '#') continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			set_err(err, errlen, "%s:%u: expected 'key = value', got '%s'", path, lineno, s);
			goto out;
		}
		*eq = '\0';
		char *key = trim(s);
		if (*key == '\0') {
			set_err(err, errlen, "%s:%u: missing key before '='", path, lineno);
			goto out;
		}
		const key_def *k = find_key(key, strlen(key));
		if (!k) {
			set_err(err, errlen, "%s:%u: unknown key '%s' (see passendd --help)", path, lineno,
			        key);
			goto out;
		}
		if (k->off == offsetof(config, config_file)) {
			set_err(err, errlen, "%s:%u: key 'config' cannot be set inside a config file", path,
			        lineno);
			goto out;
		}
		const char *value = parse_value(eq + 1, msg, sizeof(msg));
		if (!value) {
			set_err(err, errlen, "%s:%u: %s: %s", path, lineno, k->name, msg);
			goto out;
		}
		if (set_key(cfg, k, value, msg, sizeof(msg)) < 0) {
			set_err(err, errlen, "%s:%u: %s", path, lineno, msg);
			goto out;
		}
	}
	if (ferror(f)) {
		set_err(err, errlen, "%s: read error: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}

static void env_name(const key_def *k, char *out, size_t len)
{
	size_t n = (size_t)snprintf(out, len, "PASSEND_%s", k->name);
	for (size_t i = 8; i < n && i < len; i++)
		out[i] = (char)toupper((unsigned char)out[i]);
}

int config_load_env(config *cfg, char *err, size_t errlen)
{
	char name[64], msg[512];
	for (size_t i = 0; i < NKEYS; i++) {
		env_name(&keys[i], name, sizeof(name));
		const char *v = getenv(name);
		if (!v) continue;
		if (set_key(cfg, &keys[i], v, msg, sizeof(msg)) < 0) {
			set_err(err, errlen, "environment %s: %s", name, msg);
			return -1;
		}
	}
	return 0;
}

int config_load_args(config *cfg, int argc, char *const argv[], char *err, size_t errlen)
{
	char msg[512];
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const key_def *k;
		const char *value;
		if (strcmp(a, "-c") == 0) {
			k = find_key("config", 6);
			if (i + 1 >= argc) {
				set_err(err, errlen, "flag -c needs a value");
				return -1;
			}
			value = argv[++i];
		} else if (strncmp(a, "--", 2) == 0 && a[2]) {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
			k = find_key(name, nlen);
			if (!k) {
				set_err(err, errlen, "unknown flag '--%.*s' (see passendd --help)", (int)nlen,
				        name);
				return -1;
			}
			if (eq) {
				value = eq + 1;
			} else if (k->type == KEY_BOOL) {
				value = "true";
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				set_err(err, errlen, "flag --%.*s needs a value", (int)nlen, name);
				return -1;
			}
		} else {
			set_err(err, errlen, "unexpected argument '%s' (flags are --key=value)", a);
			return -1;
		}
		if (set_key(cfg, k, value, msg, sizeof(msg)) < 0) {
			set_err(err, errlen, "flag %s: %s", a, msg);
			return -1;
		}
	}
	return 0;
}

/* The config file named on the command line (last one wins), or NULL. */
static const char *args_config_file(int argc, char *const argv[])
{
	const char *path = NULL;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if ((strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) && i + 1 < argc)
			path = argv[++i];
		else if (strncmp(a, "--config=", 9) == 0)
			path = a + 9;
	}
	return path;
}

int config_load_all(config *cfg, int argc, char *const argv[], char *err, size_t errlen)
{
	config_defaults(cfg);
	const char *path = args_config_file(argc, argv);
	if (!path) path = getenv("PASSEND_CONFIG");
	if (path && *path) {
		if (config_load_file(cfg, path, err, errlen) < 0) return -1;
		if (config_set(cfg, "config", path, err, errlen) < 0) return -1;
	}
	if (config_load_env(cfg, err, errlen) < 0) return -1;
	return config_load_args(cfg, argc, argv, err, errlen);
}

static int is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (strcasecmp(host, "localhost") == 0) return 1;
	if (inet_pton(AF_INET, host, &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6) || (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
	return 0;
}

int config_host_port(const char *text, char *host, size_t hostlen, int *port, char *err, size_t errlen)
{
	const char *colon = strrchr(text, ':'), *p = colon ? colon + 1 : text;
	const char *h = text, *hend = colon;
	long long n;
	if (parse_num(p, 0, &n) < 0 || n < 1 || n > 65535) {
		set_err(err, errlen, "'%s': expected [host:]port with a port from 1 to 65535", text);
		return -1;
	}
	if (!colon) {
		h = "127.0.0.1";
		hend = h + strlen(h);
	} else if (*h == '[') { /* [v6]:port */
		h++;
		if (hend == h || hend[-1] != ']') {
			set_err(err, errlen, "'%s': an IPv6 address needs brackets: [::1]:port", text);
			return -1;
		}
		hend--;
	} else if (memchr(h, ':', (size_t)(hend - h))) {
		set_err(err, errlen, "'%s': an IPv6 address needs brackets: [::1]:port", text);
		return -1;
	}
	if (hend == h || (size_t)(hend - h) >= hostlen) {
		set_err(err, errlen, "'%s': %s host", text, hend == h ? "missing" : "too long a");
		return -1;
	}
	memcpy(host, h, (size_t)(hend - h));
	host[hend - h] = '\0';
	*port = (int)n;
	return 0;
}

int config_validate(const config *cfg, char *err, size_t errlen)
{
	if (cfg->listen_host[0] == '\0') {
		set_err(err, errlen, "listen_host is empty");
		return -1;
	}
	if (cfg->h2c) {
		if (!is_loopback(cfg->listen_host)) {
			set_err(err, errlen,
			        "h2c (plaintext) is only allowed on a loopback listen_host, not '%s'; "
			        "use TLS (tls_cert, tls_key) or listen_host = 127.0.0.1",
			        cfg->listen_host);
			return -1;
		}
		if (cfg->tls_client_ca[0]) {
			set_err(err, errlen, "tls_client_ca needs TLS, but h2c is on");
			return -1;
		}
	} else {
		if (!cfg->tls_cert[0] || !cfg->tls_key[0]) {
			set_err(err, errlen,
			        "tls_cert and tls_key are required (or h2c = true on a loopback address); "
			        "missing: %s",
			        !cfg->tls_cert[0] && !cfg->tls_key[0] ? "tls_cert, tls_key"
			        : !cfg->tls_cert[0]                   ? "tls_cert"
			                                              : "tls_key");
			return -1;
		}
	}
	if (cfg->metrics_listen[0]) {
		char host[256], msg[400];
		int port;
		if (config_host_port(cfg->metrics_listen, host, sizeof(host), &port, msg, sizeof(msg)) < 0) {
			set_err(err, errlen, "metrics_listen %s", msg);
			return -1;
		}
		if (port == cfg->port) {
			set_err(err, errlen, "metrics_listen uses port %d, which is the gRPC port", port);
			return -1;
		}
	}
	/* Numeric ranges: config_set enforces them for text input; this catches
	 * values set directly in the struct. */
	for (size_t i = 0; i < NKEYS; i++) {
		const key_def *k = &keys[i];
		const char *field = (const char *)cfg + k->off;
		long long n;
		if (k->type == KEY_INT)
			n = *(const int *)field;
		else if (k->type == KEY_U32 || k->type == KEY_BYTES)
			n = *(const uint32_t *)field;
		else
			continue;
		if (n < k->min || n > k->max) {
			set_err(err, errlen, "%s = %lld is out of range (%lld to %lld)", k->name, n, k->min,
			        k->max);
			return -1;
		}
	}
	return 0;
}

static void format_value(const config *cfg, const key_def *k, char *out, size_t len)
{
	const char *field = (const char *)cfg + k->off;
	switch (k->type) {
	case KEY_STR:
	case KEY_CHOICE:
		snprintf(out, len, "%s", field[0] ? field : "(none)");
		break;
	case KEY_INT:
		snprintf(out, len, "%d", *(const int *)field);
		break;
	case KEY_BOOL:
		snprintf(out, len, "%s", *(const int *)field ? "true" : "false");
		break;
	case KEY_U32:
	case KEY_BYTES:
		snprintf(out, len, "%u", *(const uint32_t *)field);
		break;
	}
}

void config_usage(FILE *out)
{
	config def;
	config_defaults(&def);
	fprintf(out,
	        "Settings (later sources win: defaults < config file < environment < flags).\n"
	        "Config file lines are `key = value`; '#' starts a comment; quote values with \"...\".\n\n");
	for (size_t i = 0; i < NKEYS; i++) {
		const key_def *k = &keys[i];
		char flag[64], env[64], val[1100];
		snprintf(flag, sizeof(flag), "--%s", k->name);
		for (char *p = flag + 2; *p; p++)
			if (*p == '_') *p = '-';
		env_name(k, env, sizeof(env));
		format_value(&def, k, val, sizeof(val));
		if (k->off == offsetof(config, workers))
			snprintf(val, sizeof(val), "number of CPUs (%d)", def.workers);
		fprintf(out, "  %s=%s\n      env %s, default %s\n      %s\n", flag, k->meta, env, val,
		        k->help);
	}
}
