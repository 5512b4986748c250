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

/* Values read from the config file (malloc'd, NULL when absent). */
struct file_vals {
	char *server, *ca, *token, *output, *timeout, *cert, *key;
};

static void file_vals_free(struct file_vals *v)
{
	free(v->server);
	free(v->ca);
	free(v->token);
	free(v->output);
	free(v->timeout);
	free(v->cert);
	free(v->key);
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
static int read_config(struct cli_ctx *ctx, const char *path, int missing_ok, struct file_vals *v)
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
		char **slot = NULL;
		if (strcmp(key, "server") == 0)
			slot = &v->server;
		else if (strcmp(key, "ca") == 0)
			slot = &v->ca;
		else if (strcmp(key, "token") == 0)
			slot = &v->token;
		else if (strcmp(key, "output") == 0)
			slot = &v->output;
		else if (strcmp(key, "timeout") == 0)
			slot = &v->timeout;
		else if (strcmp(key, "cert") == 0)
			slot = &v->cert;
		else if (strcmp(key, "key") == 0)
			slot = &v->key;
		if (!slot) {
			fprintf(ctx->err,
			        "error: %s:%d: unknown key '%s' (known: server, ca, token, output, timeout, "
			        "cert, key)\n",
			        path, lineno, key);
			goto out;
		}
		free(*slot);
		*slot = slot == &v->ca || slot == &v->cert || slot == &v->key ? resolve_relative(path, val)
		                                                              : strdup(val);
		if (!*slot) {
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

/* First non-empty of flag, environment variable and file value. */
static const char *pick(const char *flag, const char *env, const char *file)
{
	if (flag) return flag;
	const char *e = getenv(env);
	if (e && *e) return e;
	return file;
}

int cli_globals_resolve(struct cli_ctx *ctx)
{
	struct file_vals fv = {0};
	struct cli_globals *g = &ctx->g;
	char defpath[4096];
	const char *cfg = pick(ctx->raw.config, "PASSEND_CONFIG", NULL);
	int rc;

	if (cfg) {
		rc = read_config(ctx, cfg, 0, &fv);
	} else {
		const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
		rc = 0;
		if (xdg && *xdg)
			snprintf(defpath, sizeof(defpath), "%s/passend/config", xdg);
		else if (home && *home)
			snprintf(defpath, sizeof(defpath), "%s/.config/passend/config", home);
		else
			defpath[0] = '\0';
		if (defpath[0]) rc = read_config(ctx, defpath, 1, &fv);
	}
	if (rc) goto out;
	rc = CLI_EXIT_USAGE;

	const char *server = pick(ctx->raw.server, "PASSEND_SERVER", fv.server);
	const char *ca = pick(ctx->raw.ca, "PASSEND_CA", fv.ca);
	const char *token = pick(ctx->raw.token, "PASSEND_TOKEN", fv.token);
	const char *cert = pick(ctx->raw.cert, "PASSEND_CERT", fv.cert);
	const char *key = pick(ctx->raw.key, "PASSEND_KEY", fv.key);
	const char *output = pick(ctx->raw.output, "PASSEND_OUTPUT", fv.output);
	const char *timeout = ctx->raw.timeout ? ctx->raw.timeout : fv.timeout;

	g->server = strdup(server && *server ? server : DEFAULT_SERVER);
	g->ca = ca && *ca ? strdup(ca) : NULL;
	g->token = token && *token ? strdup(token) : NULL;
	g->cert = cert && *cert ? strdup(cert) : NULL;
	g->key = key && *key ? strdup(key) : NULL;
	if (!g->server || (ca && *ca && !g->ca) || (token && *token && !g->token) ||
	    (cert && *cert && !g->cert) || (key && *key && !g->key)) {
		fprintf(ctx->err, "error: out of memory\n");
		goto out;
	}
	g->output = PROTO_FMT_TABLE;
	g->wide = output && strcmp(output, "wide") == 0;
	if (output && !g->wide && proto_format_parse(output, &g->output) < 0) {
		cli_usage_error(ctx, "output format must be table, wide, json or csv, not '%s'", output);
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
	file_vals_free(&fv);
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
