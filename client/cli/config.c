/* config: global options of `passend` from flags, environment and the
 * config file (`key = value` lines, # comments), with durations parsed here.
 * Precedence: flags > environment > config file > defaults.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SERVER     "127.0.0.1:7443"
#define DEFAULT_TIMEOUT_MS 10000

int cli_parse_duration(const char *s, int64_t *ms)
{
	double total = 0;
	const char *p = s;
	if (!s || !*s) return -1;
	while (*p) {
		char *end;
		if (!isdigit((unsigned char)*p) && *p != '.') return -1;
		errno = 0;
		double v = strtod(p, &end);
		if (errno || end == p || v < 0) return -1;
		p = end;
		double unit;
		if (strncmp(p, "ms", 2) == 0) {
			unit = 1;
			p += 2;
		} else if (*p == 's') {
			unit = 1000;
			p++;
		} else if (*p == 'm') {
			unit = 60000;
			p++;
		} else if (*p == 'h') {
			unit = 3600000;
			p++;
		} else if (*p == '\0' && p != s && total == 0) {
			unit = 1000; /* a bare number: seconds */
		} else {
			return -1;
		}
		total += v * unit;
		if (total > 1e15) return -1;
	}
	*ms = (int64_t)(total + 0.5);
	return 0;
}

/* The global options that have a config file key, each with its environment
 * variable (flags > environment > config file > defaults). */
enum opt { OPT_SERVER, OPT_CA, OPT_TOKEN, OPT_OUTPUT, OPT_TIMEOUT, OPT_CERT, OPT_KEY, OPT_COUNT };
static const struct opt_source {
	const char *key; /* in the config file */
	const char *env; /* environment variable, or NULL */
	int is_path;     /* a relative path in the file is relative to the file's directory */
} opt_sources[OPT_COUNT] = {
    [OPT_SERVER] = {"server", "PASSEND_SERVER", 0}, [OPT_CA] = {"ca", "PASSEND_CA", 1},
    [OPT_TOKEN] = {"token", "PASSEND_TOKEN", 0},    [OPT_OUTPUT] = {"output", "PASSEND_OUTPUT", 0},
    [OPT_TIMEOUT] = {"timeout", NULL, 0},           [OPT_CERT] = {"cert", "PASSEND_CERT", 1},
    [OPT_KEY] = {"key", "PASSEND_KEY", 1},
};

static void file_vals_free(char *file[OPT_COUNT])
{
	for (int i = 0; i < OPT_COUNT; i++)
		free(file[i]);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* A relative ca path in a config file is relative to the file's directory. */
static char *resolve_relative(const char *path, const char *value)
{
	const char *slash = strrchr(path, '/');
	if (value[0] == '/' || !slash) return strdup(value);
	size_t dirlen = (size_t)(slash - path);
	char *s = malloc(dirlen + 1 + strlen(value) + 1);
	if (s) sprintf(s, "%.*s/%s", (int)dirlen, path, value);
	return s;
}

/* Read `path`. missing_ok: a missing file is not an error. Returns 0 or
 * CLI_EXIT_USAGE after printing the problem. */
static int read_config(struct cli_ctx *ctx, const char *path, int missing_ok, char *file[OPT_COUNT])
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	int lineno = 0, rc = CLI_EXIT_USAGE;

	if (!fp) {
		if (missing_ok && errno == ENOENT) return 0;
		fprintf(ctx->err, "error: cannot read config file %s: %s\n", path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	while (fgets(line, sizeof(line), fp)) {
		lineno++;
		char *s = trim(line);
		if (*s == '\0' || *s == '#') continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			fprintf(ctx->err, "error: %s:%d: expected `key = value`\n", path, lineno);
			goto out;
		}
		*eq = '\0';
		char *key = trim(s), *val = trim(eq + 1);
		size_t n = strlen(val);
		if (n >= 2 &&
		    ((val[0] == '"' && val[n - 1] == '"') || (val[0] == '\'' && val[n - 1] == '\''))) {
			val[n - 1] = '\0';
			val++;
		}
		int opt = 0;
		while (opt < OPT_COUNT && strcmp(key, opt_sources[opt].key) != 0)
			opt++;
		if (opt == OPT_COUNT) {
			fprintf(ctx->err, "error: %s:%d: unknown key '%s' (known:", path, lineno, key);
			for (int i = 0; i < OPT_COUNT; i++)
				fprintf(ctx->err, "%s %s", i ? "," : "", opt_sources[i].key);
			fprintf(ctx->err, ")\n");
			goto out;
		}
		free(file[opt]);
		file[opt] = opt_sources[opt].is_path ? resolve_relative(path, val) : strdup(val);
		if (!file[opt]) {
			fprintf(ctx->err, "error: out of memory\n");
			goto out;
		}
	}
	if (ferror(fp)) {
		fprintf(ctx->err, "error: cannot read config file %s\n", path);
		goto out;
	}
	rc = 0;
out:
	fclose(fp);
	return rc;
}

/* The flag if given, else a non-empty environment variable (env may be
 * NULL: none), else the file value. */
static const char *pick(const char *flag, const char *env, const char *file)
{
	if (flag) return flag;
	const char *e = env ? getenv(env) : NULL;
	if (e && *e) return e;
	return file;
}

/* *out = a copy of v, or NULL when v is NULL or empty. Returns 0, or -1 when
 * out of memory. */
static int dup_set(const char *v, char **out)
{
	*out = v && *v ? strdup(v) : NULL;
	return v && *v && !*out ? -1 : 0;
}

int cli_globals_resolve(struct cli_ctx *ctx)
{
	char *file[OPT_COUNT] = {0};
	struct cli_globals *g = &ctx->g;
	char defpath[4096];
	const char *cfg = pick(ctx->raw.config, "PASSEND_CONFIG", NULL);
	int rc;

	if (cfg) {
		rc = read_config(ctx, cfg, 0, file);
	} else {
		const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
		rc = 0;
		if (xdg && *xdg)
			snprintf(defpath, sizeof(defpath), "%s/passend/config", xdg);
		else if (home && *home)
			snprintf(defpath, sizeof(defpath), "%s/.config/passend/config", home);
		else
			defpath[0] = '\0';
		if (defpath[0]) rc = read_config(ctx, defpath, 1, file);
	}
	if (rc) goto out;
	rc = CLI_EXIT_USAGE;

	const char *flag[OPT_COUNT] = {
	    [OPT_SERVER] = ctx->raw.server, [OPT_CA] = ctx->raw.ca,           [OPT_TOKEN] = ctx->raw.token,
	    [OPT_OUTPUT] = ctx->raw.output, [OPT_TIMEOUT] = ctx->raw.timeout, [OPT_CERT] = ctx->raw.cert,
	    [OPT_KEY] = ctx->raw.key,
	};
	const char *val[OPT_COUNT];
	for (int i = 0; i < OPT_COUNT; i++)
		val[i] = pick(flag[i], opt_sources[i].env, file[i]);
	const char *server = val[OPT_SERVER], *output = val[OPT_OUTPUT], *timeout = val[OPT_TIMEOUT];

	g->server = strdup(server && *server ? server : DEFAULT_SERVER);
	if (!g->server || dup_set(val[OPT_CA], &g->ca) < 0 || dup_set(val[OPT_TOKEN], &g->token) < 0 ||
	    dup_set(val[OPT_CERT], &g->cert) < 0 || dup_set(val[OPT_KEY], &g->key) < 0) {
		fprintf(ctx->err, "error: out of memory\n");
		goto out;
	}
	g->output = PROTO_FMT_TABLE;
	g->wide = output && strcmp(output, "wide") == 0;
	/* html: the report printers format cells as for a table, sec_report_print
	 * renders them as a page (cli_html.c) */
	g->html = output && strcmp(output, "html") == 0;
	if (output && !g->wide && !g->html && proto_format_parse(output, &g->output) < 0) {
		cli_usage_error(ctx, "output format must be table, wide, json, csv or html, not '%s'",
		                output);
		goto out;
	}
	g->timeout_ms = DEFAULT_TIMEOUT_MS;
	if (timeout && (cli_parse_duration(timeout, &g->timeout_ms) < 0 || g->timeout_ms <= 0)) {
		cli_usage_error(ctx, "timeout must be a positive duration like 5s or 500ms, not '%s'",
		                timeout);
		goto out;
	}
	rc = 0;
out:
	file_vals_free(file);
	return rc;
}

void cli_globals_free(struct cli_globals *g)
{
	free(g->server);
	free(g->ca);
	free(g->token);
	free(g->cert);
	free(g->key);
	g->server = g->ca = g->token = g->cert = g->key = NULL;
}
