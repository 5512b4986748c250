/* config: passendd's settings, from built-in defaults, then a config file
 * (key = value lines), then environment variables (PASSEND_<KEY> upper-case),
 * then command-line flags (--key=value / --key value); later sources win.
 * Keys are the field names below with '_' (flags also accept '-'). */
#ifndef PASSEND_CONFIG_H
#define PASSEND_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct config {
	/* listening */
	char listen_host[256]; /* listen_host, default 127.0.0.1 */
	int port;              /* port, default 7443 */
	int workers;           /* workers, default: number of CPUs */
	int h2c;               /* h2c: plaintext HTTP/2; only if listen_host is loopback */
	/* TLS */
	char tls_cert[1024];      /* tls_cert: PEM server certificate chain */
	char tls_key[1024];       /* tls_key: PEM private key */
	char tls_client_ca[1024]; /* tls_client_ca: if set, client certificates are required (mTLS) */
	/* limits */
	uint32_t max_concurrent_streams; /* default 100 */
	uint32_t max_message_bytes;      /* default 4 MiB -> RESOURCE_EXHAUSTED above */
	uint32_t max_header_bytes;       /* default 16 KiB (total header list size) */
	uint32_t handshake_timeout_ms;   /* default 10000 */
	uint32_t idle_timeout_ms;        /* default 300000 */
	uint32_t max_connections;        /* per process, default 10000 */
	uint32_t busy_poll_us;           /* default 200: after a wake-up a worker polls this long for
	                                  * its next event before it sleeps (worker.c) */
	uint32_t drain_timeout_ms;       /* default 15000: SIGTERM waits this long for calls */
	/* database */
	char db[2048];            /* db: libpq connection string (serving: user passend_app) */
	char db_owner[2048];      /* db_owner: connection string of the database owner for
	                           * `migrate` and `admin bootstrap`; empty = same as db */
	int db_pool_size;         /* db_pool_size: connections per worker, default 2 */
	uint32_t db_max_pipeline; /* db_max_pipeline: transactions in flight per connection, default 64 */
	char db_statements[16];   /* db_statements: named (prepared once per connection, default) or
	                           * unnamed (parsed per execution: PgBouncer < 1.21, transaction mode) */
	char db_reports[2048];    /* db_reports: conninfo of a read-only replica serving the report
	                           * methods (rpc_method.report); empty = reports use db */
	uint32_t db_connect_timeout_ms; /* connect + prepare deadline per connection, default 5000 */
	char migrations_dir[1024];      /* migrations_dir, default sql/migrations (or installed share dir) */
	/* logging */
	char log_level[16];     /* log_level: debug|info|warn|error, default info */
	char config_file[1024]; /* config: the file read (if any) */
	/* log lines and metrics */
	char log_format[16]; /* log_format: logfmt|json, default logfmt */
	int access_log;      /* access_log: one info line per finished call, default off */
	/* metrics_listen: [host:]port of the Prometheus endpoint (plain HTTP/1.1,
	 * GET /metrics); "" = off (default) */
	char metrics_listen[300];
	/* retention (server/purge.c) */
	uint32_t purge_interval_s;   /* purge_interval_s: seconds between purges on worker 0, 0 = off;
	                              * default 3600 */
	uint32_t purge_import_age_s; /* purge_import_age_s: uncommitted import batches older than this
	                              * are removed, default 86400 (at least 3600) */
	uint32_t purge_max_pupils;   /* purge_max_pupils: pupils per tenant per run, default 1000 */
	uint32_t feed_retention_s;   /* feed_retention_s: change-feed changes older than this are
	                              * deleted, default 30 days (at least 3600, D53) */
	/* change feed (server/svc/sync_feed.c, D50) */
	uint32_t feed_max_streams_per_token; /* open WatchChanges streams per token and process, default 8 */
	uint32_t feed_buffer_bytes; /* unread responses a stream may hold before it waits, default 256 KiB */
	uint32_t feed_stall_ms;     /* a stream whose unread responses stay above feed_buffer_bytes this
	                             * long is ended with ABORTED (resume from the cursor), default 30000 */
	uint32_t feed_heartbeat_ms; /* an empty message with the cursor while idle, default 15000 */
	char db_listen[2048];       /* db_listen: conninfo of the LISTEN connection (one per worker);
	                             * empty = db (not through a transaction-pooling PgBouncer) */
} config;

/* Fill cfg with defaults. */
void config_defaults(config *cfg);
/* Set one key from text. Returns 0, or -1 with a message in err (unknown key
 * or invalid value, naming both). */
__attribute__((warn_unused_result)) int config_set(config *cfg, const char *key, const char *value, char *err,
                                                   size_t errlen);
/* Read a config file: `key = value` lines, '#' comments, blank lines.
 * Returns 0 or -1 with "file:line: message" in err. */
__attribute__((warn_unused_result)) int config_load_file(config *cfg, const char *path, char *err,
                                                         size_t errlen);
/* Apply PASSEND_<KEY> environment variables for every known key. Returns 0 or -1. */
__attribute__((warn_unused_result)) int config_load_env(config *cfg, char *err, size_t errlen);
/* Check cross-field rules (h2c only on loopback; cert and key needed unless
 * h2c; positive limits). Returns 0 or -1 with a message. */
__attribute__((warn_unused_result)) int config_validate(const config *cfg, char *err, size_t errlen);

/* Parse command-line flags: `--key=value`, `--key value` ('-' or '_' in
 * the key), `--h2c` alone means true; `-c FILE` is `--config FILE`. Every
 * argument must be a flag. Returns 0, or -1 with a message naming the flag. */
__attribute__((warn_unused_result)) int config_load_args(config *cfg, int argc, char *const argv[], char *err,
                                                         size_t errlen);
/* The whole start-up sequence: defaults, then the file named by --config /
 * -c (else PASSEND_CONFIG, if set), then the environment, then the flags.
 * Returns 0, or -1 with a message in err. */
__attribute__((warn_unused_result)) int config_load_all(config *cfg, int argc, char *const argv[], char *err,
                                                        size_t errlen);
/* Split a [host:]port text ("9464", "127.0.0.1:9464", "[::1]:9464",
 * "localhost:9464") into host (brackets removed; "127.0.0.1" when only a
 * port is given) and port 1-65535. Returns 0, or -1 with a message in err. */
__attribute__((warn_unused_result)) int config_host_port(const char *text, char *host, size_t hostlen,
                                                         int *port, char *err, size_t errlen);

/* Print every key with its flag, environment variable, default and meaning
 * (for --help). */
void config_usage(FILE *out);

#endif
