/* main: the passendd command line (serve, migrate, purge, version, help)
 * and the process around the workers: configuration, start-up checks
 * (database reachable, login role without power past row level security,
 * schema matches the migrations, TLS context), worker threads, and the
 * signals (SIGTERM/SIGINT graceful drain, SIGHUP certificate reload).
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error. */
#define _GNU_SOURCE
#include <libpq-fe.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "access_log.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "log.h"
#include "metrics.h"
#include "metrics_http.h"
#include "migrate.h"
#include "purge.h"
#include "reflection.h"
#include "rpc.h"
#include "service.h"
#include "sql_bootstrap.h"
#include "sql_startup.h"
#include "tls.h"
#include "tls_mem.h"
#include "token.h"
#include "util.h"
#include "worker.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* What the core itself serves and prepares on every connection: the token
 * lookup and principal (auth), the audit row (audit), retention's purge
 * (purge, statement only) and server reflection (reflection, methods only).
 * The service areas come from service_areas (svc/svc.c). */
static const service *const core_services[] = {&auth_service, &audit_service, &purge_service,
                                               &reflection_service, NULL};
#ifdef PASSENDD_TEST_AREAS
/* A test build (tests/integration: passendd-calltest) serves test-only areas too. */
extern const service *const PASSENDD_TEST_AREAS[];
#endif

/* ---- help ------------------------------------------------------------- */

static void usage_top(FILE *out)
{
	fprintf(out,
	        "passendd %s - the passend server (gRPC over HTTP/2 over TLS)\n\n"
	        "Usage:\n"
	        "  passendd [serve] [flags]    run the server (default command)\n"
	        "  passendd migrate [flags]    apply the database migrations in migrations_dir\n"
	        "  passendd purge [flags]      run the retention purge once (for cron)\n"
	        "  passendd admin bootstrap [--description TEXT] [flags]\n"
	        "                              create an admin token (db_owner) and print it\n"
	        "  passendd methods            print the method table as JSON lines\n"
	        "  passendd version            print version and build\n"
	        "  passendd help [command]     this help, or a command's help\n\n"
	        "Every command accepts --help. Flags are --key=value or --key value.\n"
	        "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.\n\n",
	        PASSEND_VERSION);
	config_usage(out);
	fprintf(out,
	        "\nSignals (serve): SIGTERM/SIGINT drain gracefully, SIGHUP reloads tls_cert/tls_key.\n");
}

static void usage_serve(FILE *out)
{
	fprintf(out, "Usage: passendd [serve] [flags]\n\n"
	             "Checks that the database is reachable and its schema matches the migration\n"
	             "files (run `passendd migrate` first), then serves gRPC on listen_host:port with\n"
	             "`workers` event-loop threads. Logs go to stderr, one line per event (logfmt,\n"
	             "or JSON with log_format = json). With metrics_listen set, Prometheus metrics\n"
	             "are served over HTTP at http://<metrics_listen>/metrics.\n"
	             "SIGTERM/SIGINT: stop accepting, send GOAWAY, let in-flight calls finish within\n"
	             "drain_timeout_ms, exit 0. SIGHUP: reload tls_cert/tls_key (on failure the old\n"
	             "certificate stays).\n\n");
	config_usage(out);
}

static void usage_migrate(FILE *out)
{
	fprintf(out, "Usage: passendd migrate [flags]\n\n"
	             "Applies every migration in migrations_dir (NNNN_name.sql) not yet applied to\n"
	             "the database `db`, in order, each in its own transaction, recorded with a\n"
	             "checksum. Fails without applying anything more if an applied migration's file\n"
	             "has changed. Uses the settings db and migrations_dir (and log_level):\n\n");
	config_usage(out);
}

static void usage_purge(FILE *out)
{
	fprintf(out, "Usage: passendd purge [flags]\n\n"
	             "Runs the retention purge once, as `passendd serve` does every purge_interval_s\n"
	             "seconds: for every tenant with a retention period (retention_months), the\n"
	             "pupil-level records of pupils whose support ended longer ago are removed (what\n"
	             "the reports count stays, without the pupil), and import batches not committed\n"
	             "within purge_import_age_s are removed; each purge is in the audit log; and\n"
	             "change-feed changes older than feed_retention_s are deleted. Prints one line\n"
	             "per tenant. Connects with `db` (the login role passendd serves with).\n"
	             "Exit 0, or 1 when a tenant's purge failed (the others are done). Uses db,\n"
	             "purge_import_age_s, purge_max_pupils, feed_retention_s (and log_level):\n\n");
	config_usage(out);
}

static void usage_version(FILE *out)
{
	fprintf(out, "Usage: passendd version\n\nPrints the version and build of passendd.\n");
}

static int has_help_flag(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return 1;
	return 0;
}

/* ---- configuration ------------------------------------------------------ */

/* Load the configuration from defaults, file, environment and argv; set the
 * log level. Returns 0 or EXIT_USAGE (message printed). */
static int load_config(config *cfg, int argc, char **argv, int validate)
{
	char err[1024];
	if (config_load_all(cfg, argc, argv, err, sizeof(err)) < 0) {
		fprintf(stderr, "passendd: %s\n", err);
		return EXIT_USAGE;
	}
	if (log_set_level_name(cfg->log_level) < 0 || log_set_format_name(cfg->log_format) < 0) {
		fprintf(stderr, "passendd: invalid log_level '%s' or log_format '%s'\n", cfg->log_level,
		        cfg->log_format);
		return EXIT_USAGE;
	}
	access_log_enable(cfg->access_log);
	if (validate && config_validate(cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "passendd: configuration: %s\n", err);
		return EXIT_USAGE;
	}
	return 0;
}

/* ---- serve -------------------------------------------------------------- */

typedef struct process {
	server srv;
	worker *workers;
	int nworkers;
	uv_loop_t loop;
	uv_signal_t sigterm, sigint, sighup;
	int stop_requested;
	metrics_http *metrics;        /* the scrape endpoint on the main loop, or NULL */
	struct metrics_cells **cells; /* each worker's cells (owned by the workers) */
} process;

/* The scrape: every worker's cells summed, read on the main loop while the
 * workers run (metrics.h). */
static int render_metrics(buf *out, void *arg)
{
	process *p = arg;
	return metrics_render(out, p->cells, p->nworkers, &p->srv);
}

/* Start the metrics_listen endpoint on the main loop (after worker_init:
 * the cells exist). Returns 0 (also when metrics_listen is empty) or -1
 * (logged). */
static int start_metrics(process *p)
{
	const config *cfg = &p->srv.cfg;
	char host[256], err[512], q[600];
	int port;
	if (!cfg->metrics_listen[0]) return 0;
	p->cells = calloc((size_t)p->nworkers, sizeof *p->cells);
	if (!p->cells) return -1;
	for (int i = 0; i < p->nworkers; i++)
		p->cells[i] = p->workers[i].metrics;
	if (config_host_port(cfg->metrics_listen, host, sizeof host, &port, err, sizeof err) < 0 ||
	    metrics_http_start(&p->loop, host, port, render_metrics, p, &p->metrics, err, sizeof err) < 0) {
		log_error("server.metrics_failed", "error=%s", log_quote(q, sizeof q, err));
		return -1;
	}
	log_info("server.metrics", "listen=%s:%d path=/metrics", host, metrics_http_port(p->metrics));
	return 0;
}

static void on_sighup(uv_signal_t *h, int signum)
{
	process *p = container_of(h, process, sighup);
	if (atomic_load(&p->srv.draining)) return;
	if (p->srv.cfg.h2c) {
		log_info("tls.reload_skipped", "reason=\"h2c mode has no certificate\"");
		return;
	}
	char err[1024], q[1100];
	struct tls_ctx *ctx = NULL;
	if (tls_ctx_new_server(&p->srv.cfg, &ctx, err, sizeof(err)) < 0) {
		log_error("tls.reload_failed", "error=%s keeping=old", log_quote(q, sizeof(q), err));
		return;
	}
	for (int i = 0; i < p->nworkers; i++)
		worker_set_tls(&p->workers[i], ctx);
	tls_ctx_unref(ctx); /* each worker holds its own reference now */
	log_info("tls.reloaded", "cert=%s workers=%d", log_quote(q, sizeof(q), p->srv.cfg.tls_cert),
	         p->nworkers);
}

static void on_stop_signal(uv_signal_t *h, int signum)
{
	process *p = h->data;
	if (atomic_exchange(&p->srv.draining, 1)) return;
	log_info("server.drain", "signal=%s drain_timeout_ms=%u", signum == SIGINT ? "SIGINT" : "SIGTERM",
	         p->srv.cfg.drain_timeout_ms);
	for (int i = 0; i < p->nworkers; i++)
		worker_request_drain(&p->workers[i]);
	p->stop_requested = 1;
	/* Leave the main loop; main joins the workers (the drain timeout
	 * bounds the wait). The signal handles stay installed meanwhile so a
	 * repeated signal does not kill the process half-way. */
	uv_stop(&p->loop);
}

/* The text of column name of a one-row result, or NULL. */
static const char *one_col(const PGresult *r, const char *name)
{
	int c = PQfnumber(r, name);
	return c < 0 || PQgetisnull(r, 0, c) ? NULL : PQgetvalue(r, 0, c);
}

/* Append "; "-separated reason text to why (len bytes, used *n). */
__attribute__((format(printf, 4, 5))) static void add_reason(char *why, size_t len, size_t *n,
                                                             const char *fmt, ...)
{
	va_list ap;
	if (*n >= len) return;
	if (*n) *n += (size_t)snprintf(why + *n, len - *n, "; ");
	if (*n >= len) return;
	va_start(ap, fmt);
	*n += (size_t)vsnprintf(why + *n, len - *n, fmt, ap);
	va_end(ap);
}

/* The login role must not reach past row level security (docs/decisions.md
 * D36): no superuser or BYPASSRLS (itself or a role it can become),
 * NOINHERIT, owning nothing. Returns 0, or -1 with every reason in err. */
static int check_login_role(PGconn *c, char *err, size_t errlen)
{
	PGresult *r = PQexecParams(c, sql_startup_login_role.stmt.sql, 0, NULL, NULL, NULL, NULL, 0);
	char why[800];
	size_t n = 0;
	int rc = -1;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		snprintf(err, errlen, "cannot read the login role: %s", PQresultErrorMessage(r));
		goto out;
	}
	const char *groups = one_col(r, "privileged_groups"), *owned = one_col(r, "owned"),
	           *examples = one_col(r, "owned_examples"), *v;
	if ((v = one_col(r, "superuser")) && v[0] == 't') add_reason(why, sizeof why, &n, "is a superuser");
	if ((v = one_col(r, "bypassrls")) && v[0] == 't') add_reason(why, sizeof why, &n, "has BYPASSRLS");
	if ((v = one_col(r, "inherit")) && v[0] == 't')
		add_reason(why, sizeof why, &n,
		           "is INHERIT (NOINHERIT: no group role's privileges until a transaction sets one)");
	if (groups) add_reason(why, sizeof why, &n, "can become %s (superuser or BYPASSRLS)", groups);
	if (owned && strcmp(owned, "0") != 0)
		add_reason(why, sizeof why, &n, "owns %s object(s) (%s)", owned,
		           examples ? examples : "in other databases");
	if (n == 0) {
		rc = 0;
		goto out;
	}
	v = one_col(r, "role");
	snprintf(err, errlen, "login role %s %s", v ? v : "?", why);
out:
	if (rc < 0) str_rtrim(err);
	PQclear(r);
	return rc;
}

/* The blocking start-up checks of the database, before any loop runs: it is
 * reachable (else -1, libpq's reason in err) and the login role passes
 * check_login_role (else -2). Returns 0, -1 or -2. */
static int check_db(const config *cfg, char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(cfg->db);
	int rc = -1;
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(err, errlen, "%s", PQerrorMessage(c));
		str_rtrim(err);
	} else {
		rc = check_login_role(c, err, errlen) == 0 ? 0 : -2;
	}
	PQfinish(c);
	return rc;
}

static void close_walk(uv_handle_t *h, void *arg)
{
	if (!uv_is_closing(h)) uv_close(h, NULL);
}

static int cmd_serve(int argc, char **argv)
{
	if (has_help_flag(argc, argv)) {
		usage_serve(stdout);
		return EXIT_OK;
	}
	int rc = EXIT_RUNTIME;
	char err[1024], q[1100], q2[1100];
	struct tls_ctx *tls = NULL;
	process *p = calloc(1, sizeof(*p));
	if (!p) {
		fprintf(stderr, "passendd: out of memory\n");
		return EXIT_RUNTIME;
	}
	int loop_ok = 0, started = 0, inited = 0;
	const service **services = NULL;
	const pg_stmt **stmts = NULL;
	int crc = load_config(&p->srv.cfg, argc, argv, 1);
	if (crc) {
		rc = crc;
		goto out;
	}
	const config *cfg = &p->srv.cfg;
	atomic_init(&p->srv.connections, 0);
	atomic_init(&p->srv.calls_total, 0);
	atomic_init(&p->srv.draining, 0);
	p->srv.started_at_ms = clock_wall_ms();

	int dbrc = check_db(cfg, err, sizeof(err));
	if (dbrc == -1) {
		log_error("server.db_unreachable",
		          "error=%s hint=\"check the db setting (libpq connection string)\"",
		          log_quote(q, sizeof(q), err));
		goto out;
	}
	if (dbrc == -2) {
		log_error("server.login_role_refused",
		          "error=%s hint=\"the role passendd serves with must be NOSUPERUSER NOBYPASSRLS "
		          "NOINHERIT, able to become no such role, and own nothing (docs/tenancy.md)\"",
		          log_quote(q, sizeof(q), err));
		goto out;
	}
	int version = 0;
	if (migrate_check(cfg, &version, err, sizeof(err)) < 0) {
		log_error("server.schema_mismatch",
		          "migrations_dir=%s error=%s hint=\"apply the migrations first: passendd migrate "
		          "(same db and migrations_dir settings)\"",
		          log_quote(q2, sizeof(q2), cfg->migrations_dir), log_quote(q, sizeof(q), err));
		goto out;
	}
	p->srv.schema_version = version;

	services = service_join(core_services, service_areas);
#ifdef PASSENDD_TEST_AREAS
	if (services) {
		const service **with_tests = service_join(services, PASSENDD_TEST_AREAS);
		free(services);
		services = with_tests;
	}
#endif
	if (!services || service_stmts(services, &stmts) != 0 || rpc_router_init(services) != 0 ||
	    metrics_init(services) != 0) {
		log_error("server.services_failed",
		          "error=\"out of memory or a duplicate method/statement\"");
		goto out;
	}
	p->srv.stmts = stmts;

	if (!cfg->h2c && tls_ctx_new_server(cfg, &tls, err, sizeof(err)) < 0) {
		log_error("server.tls_failed", "error=%s", log_quote(q, sizeof(q), err));
		goto out;
	}

	if (uv_loop_init(&p->loop) < 0) {
		log_error("server.loop_failed", "error=uv_loop_init");
		goto out;
	}
	loop_ok = 1;
	uv_signal_init(&p->loop, &p->sigterm);
	uv_signal_init(&p->loop, &p->sigint);
	uv_signal_init(&p->loop, &p->sighup);
	p->sigterm.data = p;
	p->sigint.data = p;
	if (uv_signal_start(&p->sigterm, on_stop_signal, SIGTERM) < 0 ||
	    uv_signal_start(&p->sigint, on_stop_signal, SIGINT) < 0 ||
	    uv_signal_start(&p->sighup, on_sighup, SIGHUP) < 0) {
		log_error("server.signal_failed", "error=uv_signal_start");
		goto out;
	}

	p->workers = calloc((size_t)cfg->workers, sizeof(*p->workers));
	if (!p->workers) {
		log_error("server.oom", "what=workers");
		goto out;
	}
	for (; inited < cfg->workers; inited++) {
		if (worker_init(&p->workers[inited], &p->srv, inited, tls, err, sizeof(err)) < 0) {
			log_error("server.listen_failed", "error=%s", log_quote(q, sizeof(q), err));
			goto out;
		}
	}
	tls_ctx_unref(tls); /* the workers hold their references */
	tls = NULL;
	p->nworkers = cfg->workers;
	if (start_metrics(p) < 0) goto out;
	for (; started < p->nworkers; started++) {
		int trc = worker_start(&p->workers[started]);
		if (trc < 0) {
			log_error("server.thread_failed", "worker=%d error=%s", started, uv_strerror(trc));
			break;
		}
	}
	if (started == p->nworkers) {
		log_info("server.start", "listen=%s port=%d workers=%d version=%s tls=%s schema=%d",
		         cfg->listen_host, cfg->port, p->nworkers, PASSEND_VERSION, cfg->h2c ? "off" : "on",
		         p->srv.schema_version);
		uv_run(&p->loop, UV_RUN_DEFAULT);
		rc = EXIT_OK;
	} else {
		/* Could not start every thread: drain the ones that run. */
		atomic_store(&p->srv.draining, 1);
		for (int i = 0; i < started; i++)
			worker_request_drain(&p->workers[i]);
	}
out:
	for (int i = 0; i < inited; i++) {
		if (i < started)
			worker_join(&p->workers[i]);
		else
			worker_destroy(&p->workers[i]);
	}
	if (rc == EXIT_OK) log_info("server.stop", "workers=%d", p->nworkers);
	tls_ctx_unref(tls);
	metrics_http_close(p->metrics); /* no scrape after this: the main loop ran last above */
	if (loop_ok) {
		uv_walk(&p->loop, close_walk, NULL);
		uv_run(&p->loop, UV_RUN_DEFAULT);
		uv_loop_close(&p->loop);
	}
	free(p->workers);
	free(p->cells);
	free(p);
	rpc_router_free();
	metrics_free();
	free(stmts);
	free(services);
	return rc;
}

/* ---- migrate, purge: one database job each ------------------------------ */

/* A job over a blocking connection: 0 done, 1 done with failures it printed,
 * -1 could not run (message in err). */
typedef int (*db_job_fn)(const config *cfg, FILE *out, char *err, size_t errlen);

/* `passendd NAME [flags]`: help, the config, then the job; exits EXIT_OK only
 * when it returned 0. */
static int run_db_job(int argc, char **argv, const char *name, void (*usage)(FILE *), db_job_fn job)
{
	if (has_help_flag(argc, argv)) {
		usage(stdout);
		return EXIT_OK;
	}
	config cfg;
	int crc = load_config(&cfg, argc, argv, 0);
	if (crc) return crc;
	char err[1024];
	int rc = job(&cfg, stdout, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "passendd %s: %s\n", name, err);
		return EXIT_RUNTIME;
	}
	return rc ? EXIT_RUNTIME : EXIT_OK;
}

/* ---- admin bootstrap ------------------------------------------------------ */

static int cmd_admin(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "bootstrap") != 0 || has_help_flag(argc, argv)) {
		fprintf(argc >= 1 && has_help_flag(argc, argv) ? stdout : stderr,
		        "Usage: passendd admin bootstrap [--description TEXT] [flags]\n\n"
		        "Connects to the database as its owner (db_owner, default db), checks that\n"
		        "the schema matches the migrations, creates a platform admin token and prints\n"
		        "only the token string (\"<id>.<secret>\") on stdout. The secret is not stored.\n");
		return has_help_flag(argc, argv) ? EXIT_OK : EXIT_USAGE;
	}
	/* take --description out of the flags before the config sees them */
	const char *desc = "bootstrap admin token";
	char **rest = calloc((size_t)argc + 1, sizeof *rest);
	int nrest = 0;
	if (!rest) return EXIT_RUNTIME;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--description") == 0 && i + 1 < argc)
			desc = argv[++i];
		else if (strncmp(argv[i], "--description=", 14) == 0)
			desc = argv[i] + 14;
		else
			rest[nrest++] = argv[i];
	}
	config cfg;
	int crc = load_config(&cfg, nrest, rest, 0);
	free(rest);
	if (crc) return crc;
	if (cfg.db_owner[0]) memcpy(cfg.db, cfg.db_owner, sizeof cfg.db);
	char err[1024];
	int version = 0;
	if (migrate_check(&cfg, &version, err, sizeof err) < 0) {
		fprintf(stderr, "passendd admin bootstrap: %s\n", err);
		return EXIT_RUNTIME;
	}
	token_minted t;
	if (token_mint(&t) != 0) {
		fprintf(stderr, "passendd admin bootstrap: no random bytes\n");
		return EXIT_RUNTIME;
	}
	PGconn *pg = PQconnectdb(cfg.db);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "passendd admin bootstrap: cannot connect: %s",
		        pg ? PQerrorMessage(pg) : "out of memory\n");
		PQfinish(pg);
		token_wipe(&t);
		return EXIT_RUNTIME;
	}
	const char *params[3] = {t.id, t.hash_hex, desc};
	PGresult *r = PQexecParams(pg, sql_bootstrap_admin_token.stmt.sql,
	                           sql_bootstrap_admin_token.stmt.nparams, NULL, params, NULL, NULL, 0);
	int rc = EXIT_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "passendd admin bootstrap: %s", PQresultErrorMessage(r));
		rc = EXIT_RUNTIME;
	} else {
		printf("%s\n", t.text);
	}
	PQclear(r);
	PQfinish(pg);
	token_wipe(&t);
	return rc;
}

/* ---- methods -------------------------------------------------------------- */

/* One method as a JSON line. */
static void print_method(const rpc_method *m)
{
	printf("{\"path\": \"%s\", \"roles\": [", m->path);
	int first = 1;
	for (unsigned b = 0; b < 5; b++) {
		if (m->roles & (1u << b)) {
			printf("%s\"%s\"", first ? "" : ", ", auth_role_name(1u << b));
			first = 0;
		}
	}
	printf("], \"streaming\": %s, \"client_streaming\": %s, \"pupil_level\": %s, \"request\": \"%s\"}\n",
	       m->server_streaming ? "true" : "false", m->client_streaming ? "true" : "false",
	       m->pupil_level ? "true" : "false", m->req_desc->name);
}

static int cmd_methods(int argc, char **argv)
{
	(void)argv;
	if (argc > 0) {
		fprintf(stderr, "Usage: passendd methods\n\nPrints every RPC of the method table as one JSON "
		                "object per line.\n");
		return has_help_flag(argc, argv) ? EXIT_OK : EXIT_USAGE;
	}
	for (const service *const *s = service_areas; *s; s++)
		for (const rpc_method *const *m = (*s)->methods; *m; m++)
			print_method(*m);
	return EXIT_OK;
}

/* ---- version / help ----------------------------------------------------- */

static int cmd_version(int argc, char **argv)
{
	if (has_help_flag(argc, argv)) {
		usage_version(stdout);
		return EXIT_OK;
	}
	if (argc > 0) {
		fprintf(stderr, "passendd version: unexpected argument '%s'\n", argv[0]);
		return EXIT_USAGE;
	}
	printf("passendd %s (build %s)\n", PASSEND_VERSION, PASSEND_BUILD);
	return EXIT_OK;
}

static int cmd_help(int argc, char **argv)
{
	if (argc == 0 || strcmp(argv[0], "help") == 0) {
		usage_top(stdout);
	} else if (strcmp(argv[0], "serve") == 0) {
		usage_serve(stdout);
	} else if (strcmp(argv[0], "migrate") == 0) {
		usage_migrate(stdout);
	} else if (strcmp(argv[0], "purge") == 0) {
		usage_purge(stdout);
	} else if (strcmp(argv[0], "version") == 0) {
		usage_version(stdout);
	} else {
		fprintf(stderr, "passendd help: unknown command '%s'\n\n", argv[0]);
		usage_top(stderr);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	/* before OpenSSL allocates anything (fails harmlessly otherwise) */
	(void)tls_mem_install();
	signal(SIGPIPE, SIG_IGN);
	/* stderr carries the log: unbuffered so lines are not held back. */
	setvbuf(stderr, NULL, _IONBF, 0);

	if (argc < 2 || argv[1][0] == '-') {
		/* No command: serve, unless it is a top-level --help/--version. */
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			usage_top(stdout);
			return EXIT_OK;
		}
		if (argc >= 2 && strcmp(argv[1], "--version") == 0) return cmd_version(0, NULL);
		return cmd_serve(argc - 1, argv + 1);
	}
	const char *cmd = argv[1];
	int sub_argc = argc - 2;
	char **sub_argv = argv + 2;
	if (strcmp(cmd, "serve") == 0) return cmd_serve(sub_argc, sub_argv);
	if (strcmp(cmd, "migrate") == 0)
		return run_db_job(sub_argc, sub_argv, "migrate", usage_migrate, migrate_run);
	if (strcmp(cmd, "purge") == 0)
		return run_db_job(sub_argc, sub_argv, "purge", usage_purge, purge_once);
	if (strcmp(cmd, "version") == 0) return cmd_version(sub_argc, sub_argv);
	if (strcmp(cmd, "admin") == 0) return cmd_admin(sub_argc, sub_argv);
	if (strcmp(cmd, "methods") == 0) return cmd_methods(sub_argc, sub_argv);
	if (strcmp(cmd, "help") == 0) return cmd_help(sub_argc, sub_argv);
	fprintf(stderr, "passendd: unknown command '%s'\n\n", cmd);
	usage_top(stderr);
	return EXIT_USAGE;
}
