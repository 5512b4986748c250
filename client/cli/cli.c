/* cli: argument parsing, dispatch and help for `passend`. Long flags only
 * (`--flag value`, `--flag=value`, plus -h); global flags may appear
 * anywhere, command flags after the command words; `--` ends flags. The
 * commands of an object node are made from its verbs (cli_resource.c).
 */
#include "cli.h"
#include "cli_resource.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Global flags, valid at every level. */
static const struct cli_flag global_flags[] = {
    {.name = "server", .metavar = "HOST:PORT", .help = "server address (default 127.0.0.1:7443)"},
    {.name = "ca",
     .metavar = "FILE",
     .help = "PEM CA certificate(s) that sign the server certificate (default: system CAs)"},
    {.name = "token", .metavar = "TOKEN", .help = "bearer token for authentication"},
    {.name = "cert", .metavar = "FILE", .help = "client certificate (PEM) for a server that requires mTLS"},
    {.name = "key", .metavar = "FILE", .help = "private key (PEM) of --cert"},
    {.name = "output",
     .metavar = "FORMAT",
     .help = "table, wide (a table with the ids too), json, csv or html (reports; default table)"},
    {.name = "output-file",
     .metavar = "FILE",
     .help = "write the output to FILE instead of stdout (also -o FILE); replaced only on success"},
    {.name = "timeout",
     .metavar = "DURATION",
     .help = "connect timeout and call deadline, e.g. 5s, 500ms, 1m (default 10s)"},
    {.name = "config",
     .metavar = "FILE",
     .help = "config file (default $XDG_CONFIG_HOME/passend/config or ~/.config/passend/config)"},
    {0},
};

static const char *const env_help =
    "Environment:\n"
    "  PASSEND_SERVER   server address, like --server\n"
    "  PASSEND_CA       CA file, like --ca\n"
    "  PASSEND_TOKEN    bearer token, like --token\n"
    "  PASSEND_CERT     client certificate, like --cert\n"
    "  PASSEND_KEY      its private key, like --key\n"
    "  PASSEND_OUTPUT   output format, like --output\n"
    "  PASSEND_CONFIG   config file, like --config\n"
    "  Precedence: flags, then environment, then the config file (lines `key = value`,\n"
    "  keys server, ca, token, output, timeout, cert, key), then defaults.\n";

static const char *const exit_help =
    "Exit codes:\n"
    "  0  success\n"
    "  1  the server answered with an error (printed as `error: CODE: message`),\n"
    "     or health is not SERVING\n"
    "  2  usage error (unknown command or flag, bad value, bad config file)\n"
    "  3  cannot connect to the server, or TLS failure (reason printed)\n";

/* ---- small helpers ------------------------------------------------------- */

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

/* Edit distance, capped: strings longer than 63 bytes count as far. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];
	if (la > 63 || lb > 63) return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			row[j] = min3(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] != b[j - 1]));
			prev = cur;
		}
	}
	return row[lb];
}

/* Closest candidate to `word` (distance <= 2, or a prefix), or NULL. */
static const char *suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = 3;
	for (size_t i = 0; i < n; i++) {
		if (!cands[i]) continue;
		size_t d = edit_distance(word, cands[i]);
		if (strlen(word) >= 2 && strncmp(cands[i], word, strlen(word)) == 0) d = d < 1 ? d : 1;
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}

/* "passend server watch" for path[0..depth-1], into a static buffer. */
static const char *cmd_fullname(const struct cli_cmd *const *path, int depth)
{
	static char name[256];
	size_t len = 0;
	name[0] = '\0';
	for (int i = 0; i < depth; i++) {
		int n = snprintf(name + len, sizeof(name) - len, "%s%s", i ? " " : "", path[i]->name);
		if (n < 0 || (size_t)n >= sizeof(name) - len) break;
		len += (size_t)n;
	}
	return name;
}

static void hint_help(FILE *fp, const struct cli_cmd *const *path, int depth)
{
	fprintf(fp, "Run '%s --help' for usage.\n", cmd_fullname(path, depth));
}

unsigned cli_cmd_kind(const struct cli_cmd *cmd)
{
	return cmd->verb ? cmd->verb->kind : ~0u;
}

int cli_flag_applies(const struct cli_flag *f, const struct cli_cmd *cmd)
{
	return !f->on || (f->on & cli_cmd_kind(cmd));
}

int cli_flag_same_field(const struct cli_flag *a, const struct cli_flag *b)
{
	return a == b || (a->field && b->field && strcmp(a->field, b->field) == 0);
}

/* Required flags of cmd that set the same field are alternatives: the
 * first of them (f itself when it is the first), and their count. */
static const struct cli_flag *first_alternative(const struct cli_cmd *cmd, const struct cli_flag *f,
                                                int *count)
{
	unsigned kind = cli_cmd_kind(cmd);
	const struct cli_flag *first = NULL;
	*count = 0;
	for (const struct cli_flag *o = cmd->flags; o && o->name; o++)
		if ((o->required & kind) && cli_flag_applies(o, cmd) && cli_flag_same_field(o, f)) {
			if (!first) first = o;
			(*count)++;
		}
	return first ? first : f;
}

/* Flag `name` (len bytes) of cmd, or of the global flags when cmd is NULL. */
static const struct cli_flag *find_flag(const struct cli_cmd *cmd, const char *name, size_t len)
{
	for (const struct cli_flag *f = cmd ? cmd->flags : global_flags; f && f->name; f++)
		if ((!cmd || cli_flag_applies(f, cmd)) && strlen(f->name) == len &&
		    strncmp(f->name, name, len) == 0)
			return f;
	return NULL;
}

/* Subcommand number i of cmd (NULL past the last): from its table (an
 * object that is one command made of its verb into *tmp), or made of the
 * verb of its object into *tmp. */
static const struct cli_cmd *sub_at(const struct cli_cmd *cmd, size_t i, struct cli_cmd *tmp)
{
	if (cmd->subcommands) return cli_own_verb_cmd(cmd->subcommands[i], tmp);
	if (cmd->resource && !cmd->verb) return cli_verb_cmd(cmd->resource, i, tmp);
	return NULL;
}

/* Subcommand `name` of cmd copied into *node, or NULL. */
static const struct cli_cmd *find_sub(const struct cli_cmd *cmd, const char *name, struct cli_cmd *node)
{
	const struct cli_cmd *s;
	for (size_t i = 0; (s = sub_at(cmd, i, node)); i++)
		if (strcmp(s->name, name) == 0) {
			if (s != node) *node = *s;
			return node;
		}
	return NULL;
}

/* ---- help ------------------------------------------------------------------- */

/* Width of the "--name METAVAR" column: the widest of the flags shown. */
static int flag_width(const struct cli_flag *flags, const struct cli_cmd *cmd)
{
	size_t w = 22;
	for (int pass = 0; pass < 2; pass++)
		for (const struct cli_flag *f = pass ? global_flags : flags; f && f->name; f++) {
			size_t n = strlen(f->name) + 2 + (f->metavar ? strlen(f->metavar) + 1 : 0);
			if ((pass || cli_flag_applies(f, cmd)) && n > w) w = n;
		}
	return w > 32 ? 32 : (int)w;
}

static void print_flag_lines(FILE *fp, const struct cli_flag *flags, const struct cli_cmd *cmd, int width)
{
	unsigned kind = cmd ? cli_cmd_kind(cmd) : 0;
	for (const struct cli_flag *f = flags; f && f->name; f++) {
		char left[64];
		if (cmd && !cli_flag_applies(f, cmd)) continue;
		snprintf(left, sizeof(left), "--%s%s%s", f->name, f->metavar ? " " : "",
		         f->metavar ? f->metavar : "");
		char req[160] = "";
		if (f->required & kind) {
			/* " (required)", or " (this or --afgewezen is required)" for alternatives */
			size_t base = (size_t)snprintf(req, sizeof(req), " (this"), n = base;
			for (const struct cli_flag *o = flags; o->name && n < sizeof(req); o++)
				if (o != f && (o->required & kind) && cli_flag_applies(o, cmd) &&
				    cli_flag_same_field(o, f))
					n += (size_t)snprintf(req + n, sizeof(req) - n, " or --%s", o->name);
			if (n == base)
				snprintf(req, sizeof(req), " (required)");
			else if (n < sizeof(req))
				snprintf(req + n, sizeof(req) - n, " is required)");
		}
		fprintf(fp, "  %-*s %s%s\n", width, left, f->help, req);
	}
}

/* Usage line built from the flag table: required flags (alternatives
 * joined by '|'), then optional ones in brackets, wrapped at 100 columns. */
static void print_derived_usage(FILE *fp, const char *full, const struct cli_cmd *cmd)
{
	unsigned kind = cli_cmd_kind(cmd);
	size_t col = strlen(full) + 2;
	char word[160];
	fprintf(fp, "  %s", full);
	if (cmd->max_args)
		col += (size_t)fprintf(fp, " %s", cmd->usage && *cmd->usage ? cmd->usage : "[arguments]");
	for (int pass = 0; pass < 2; pass++) {
		for (const struct cli_flag *f = cmd->flags; f && f->name; f++) {
			int req = (f->required & kind) != 0, alts;
			if (!cli_flag_applies(f, cmd) || req != !pass ||
			    (req && first_alternative(cmd, f, &alts) != f))
				continue;
			size_t n = (size_t)snprintf(word, sizeof(word), "%s--%s%s%s", req ? "" : "[", f->name,
			                            f->metavar ? " " : "", f->metavar ? f->metavar : "");
			for (const struct cli_flag *o = f + 1; req && o->name && n < sizeof(word); o++)
				if ((o->required & kind) && cli_flag_applies(o, cmd) &&
				    cli_flag_same_field(o, f))
					n += (size_t)snprintf(word + n, sizeof(word) - n, "|--%s", o->name);
			if (!req && n < sizeof(word)) snprintf(word + n, sizeof(word) - n, "]");
			if (col + 1 + strlen(word) > 100) {
				fprintf(fp, "\n         ");
				col = 9;
			}
			col += (size_t)fprintf(fp, " %s", word);
		}
	}
	fprintf(fp, "%s[flags]\n", col + 8 > 100 ? "\n          " : " ");
}

void cli_print_help(FILE *fp, const struct cli_cmd *const *path, int depth)
{
	const struct cli_cmd *cmd = path[depth - 1], *s;
	const char *full = cmd_fullname(path, depth);
	struct cli_cmd tmp;

	fprintf(fp, "%s - %s\n\n", full, cmd->summary);
	fprintf(fp, "Usage:\n");
	if (cmd->verb || (cmd->handler && depth > 1)) {
		print_derived_usage(fp, full, cmd);
	} else if (cmd->usage) {
		fprintf(fp, "  %s %s\n", path[0]->name, cmd->usage);
	}
	if (!cmd->verb && !cmd->usage && sub_at(cmd, 0, &tmp)) fprintf(fp, "  %s <command> [flags]\n", full);
	if (cmd->description) fprintf(fp, "\n%s\n", cmd->description);
	if (sub_at(cmd, 0, &tmp)) {
		size_t w = 0;
		for (size_t i = 0; (s = sub_at(cmd, i, &tmp)); i++)
			if (strlen(s->name) > w) w = strlen(s->name);
		fprintf(fp, "\nCommands:\n");
		for (size_t i = 0; (s = sub_at(cmd, i, &tmp)); i++)
			fprintf(fp, "  %-*s  %s\n", (int)w, s->name, s->summary);
	}
	int width = flag_width(cmd->flags, cmd);
	if (cmd->flags && cmd->flags->name) {
		fprintf(fp, "\nFlags:\n");
		print_flag_lines(fp, cmd->flags, cmd, width);
	}
	if (cmd->resource) cli_resource_help(fp, cmd);
	fprintf(fp, "\nGlobal flags (anywhere on the line):\n");
	print_flag_lines(fp, global_flags, NULL, width);
	fprintf(fp, "  %-*s %s\n", width, "-h, --help", "show help for a command");
	fprintf(fp, "\n%s\n%s", env_help, exit_help);
	if (cmd->examples)
		fprintf(fp, "\nExamples:\n%s", cmd->examples);
	else if (cmd->resource && !cmd->verb)
		cli_resource_examples(fp, cmd->resource);
	if (sub_at(cmd, 0, &tmp))
		fprintf(fp, "\nRun '%s <command> --help' for more about a command.\n", full);
}

/* `passend help [command...]`: help for the named command. */
static int help_handler(struct cli_ctx *ctx)
{
	const struct cli_cmd *path[CLI_MAX_DEPTH];
	struct cli_cmd nodes[CLI_MAX_DEPTH];
	int depth = 1;
	path[0] = ctx->path[0];
	for (int i = 0; i < ctx->nargs; i++) {
		const struct cli_cmd *sub =
		    depth < CLI_MAX_DEPTH ? find_sub(path[depth - 1], ctx->args[i], &nodes[depth]) : NULL;
		if (!sub || depth == CLI_MAX_DEPTH) {
			fprintf(ctx->err, "error: unknown command '%s' for '%s'\n", ctx->args[i],
			        cmd_fullname(path, depth));
			hint_help(ctx->err, path, depth);
			return CLI_EXIT_USAGE;
		}
		path[depth++] = sub;
	}
	cli_print_help(ctx->out, path, depth);
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_help = {
    .name = "help",
    .summary = "Show help for a command",
    .usage = "[command...]",
    .examples = "  passend help server watch\n",
    .handler = help_handler,
    .max_args = -1,
    .cmd_flags = CLI_CMD_NO_GLOBALS,
};

/* ---- flag values ---------------------------------------------------------- */

const char *cli_flag_value(const struct cli_ctx *ctx, const char *name)
{
	const char *v = NULL;
	for (int i = 0; i < ctx->nset; i++) /* the last one given wins */
		if (strcmp(ctx->set[i].flag->name, name) == 0) v = ctx->set[i].value;
	return v;
}

int cli_flag_bool(const struct cli_ctx *ctx, const char *name)
{
	const char *v = cli_flag_value(ctx, name);
	return v && strcmp(v, "true") == 0;
}

int cli_oom(struct cli_ctx *ctx)
{
	fprintf(ctx->err, "error: out of memory\n");
	return CLI_EXIT_SERVER;
}

int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	fputs("error: ", ctx->err);
	va_start(ap, fmt);
	vfprintf(ctx->err, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->err);
	hint_help(ctx->err, ctx->path, ctx->depth);
	return CLI_EXIT_USAGE;
}

int cli_flag_int(struct cli_ctx *ctx, const char *name, int64_t def, int64_t min, int64_t max, int64_t *out)
{
	const char *v = cli_flag_value(ctx, name);
	if (!v) {
		*out = def;
		return 0;
	}
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max)
		return cli_usage_error(ctx, "--%s must be a whole number from %lld to %lld, not '%s'", name,
		                       (long long)min, (long long)max, v);
	*out = n;
	return 0;
}

int cli_flag_duration(struct cli_ctx *ctx, const char *name, int64_t def, int64_t min, int64_t max,
                      int64_t *out)
{
	const char *v = cli_flag_value(ctx, name);
	int64_t ms;
	if (!v) {
		*out = def;
		return 0;
	}
	if (cli_parse_duration(v, &ms) < 0 || ms < min || ms > max)
		return cli_usage_error(
		    ctx, "--%s must be a duration from %lldms to %llds (like 500ms, 2s), not '%s'", name,
		    (long long)min, (long long)(max / 1000), v);
	*out = ms;
	return 0;
}

/* ---- parsing ---------------------------------------------------------------- */

static const char **raw_slot(struct cli_raw_globals *raw, const char *name)
{
	if (strcmp(name, "server") == 0) return &raw->server;
	if (strcmp(name, "ca") == 0) return &raw->ca;
	if (strcmp(name, "token") == 0) return &raw->token;
	if (strcmp(name, "output") == 0) return &raw->output;
	if (strcmp(name, "timeout") == 0) return &raw->timeout;
	if (strcmp(name, "cert") == 0) return &raw->cert;
	if (strcmp(name, "key") == 0) return &raw->key;
	if (strcmp(name, "output-file") == 0) return &raw->output_file;
	return &raw->config;
}

static int unknown_flag(struct cli_ctx *ctx, const char *arg, size_t len)
{
	const char *cands[64];
	size_t n = 0;
	char word[64];
	snprintf(word, sizeof(word), "%.*s", (int)(len < 63 ? len : 63), arg);
	for (const struct cli_flag *f = global_flags; f->name && n < 64; f++)
		cands[n++] = f->name;
	for (const struct cli_flag *f = ctx->cmd->flags; f && f->name && n < 64; f++)
		if (cli_flag_applies(f, ctx->cmd)) cands[n++] = f->name;
	const char *s = suggest(word, cands, n);
	fprintf(ctx->err, "error: unknown flag '--%s' for '%s'\n", word, cmd_fullname(ctx->path, ctx->depth));
	if (s) fprintf(ctx->err, "Did you mean '--%s'?\n", s);
	hint_help(ctx->err, ctx->path, ctx->depth);
	return CLI_EXIT_USAGE;
}

static int unknown_command(struct cli_ctx *ctx, const char *word)
{
	const char *cands[64];
	const struct cli_cmd *s;
	struct cli_cmd tmp;
	size_t n = 0;
	for (size_t i = 0; n < 64 && (s = sub_at(ctx->cmd, i, &tmp)); i++)
		cands[n++] = s->name;
	const char *sug = suggest(word, cands, n);
	fprintf(ctx->err, "error: unknown command '%s' for '%s'\n", word,
	        cmd_fullname(ctx->path, ctx->depth));
	if (sug) fprintf(ctx->err, "Did you mean '%s'?\n", sug);
	hint_help(ctx->err, ctx->path, ctx->depth);
	return CLI_EXIT_USAGE;
}

/* Parse one "--name[=value]" at argv[*i]. Returns 0 or an exit code. */
static int parse_flag(struct cli_ctx *ctx, int argc, char **argv, int *i, int *want_help, int *want_version)
{
	const char *arg = argv[*i] + 2;
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const char *value = eq ? eq + 1 : NULL;

	if (len == 4 && strncmp(arg, "help", 4) == 0 && !value) {
		*want_help = 1;
		return 0;
	}
	if (len == 7 && strncmp(arg, "version", 7) == 0 && !value && ctx->depth == 1) {
		*want_version = 1;
		return 0;
	}
	const struct cli_flag *f = find_flag(NULL, arg, len);
	int global = f != NULL;
	if (!f) f = find_flag(ctx->cmd, arg, len);
	if (!f) return unknown_flag(ctx, arg, len);
	if (!f->metavar) { /* boolean */
		if (value && strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
			return cli_usage_error(ctx, "--%s takes no value (or =true / =false)", f->name);
		value = value ? value : "true";
	} else if (!value) {
		if (*i + 1 >= argc)
			return cli_usage_error(ctx, "--%s needs a value (%s)", f->name, f->metavar);
		value = argv[++*i];
	}
	if (global) {
		*raw_slot(&ctx->raw, f->name) = value;
		return 0;
	}
	if (ctx->nset == CLI_MAX_SET) return cli_usage_error(ctx, "too many flags");
	ctx->set[ctx->nset].flag = f;
	ctx->set[ctx->nset].value = value;
	ctx->nset++;
	return 0;
}

static int parse_args(struct cli_ctx *ctx, int argc, char **argv, int *want_help, int *want_version)
{
	int end_of_flags = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!end_of_flags && strcmp(a, "--") == 0) {
			end_of_flags = 1;
			continue;
		}
		if (!end_of_flags && strcmp(a, "-h") == 0) {
			*want_help = 1;
			continue;
		}
		if (!end_of_flags && strcmp(a, "-o") == 0) { /* -o FILE = --output-file FILE */
			if (i + 1 >= argc) return cli_usage_error(ctx, "-o needs a value (FILE)");
			ctx->raw.output_file = argv[++i];
			continue;
		}
		if (!end_of_flags && strncmp(a, "--", 2) == 0) {
			int rc = parse_flag(ctx, argc, argv, &i, want_help, want_version);
			if (rc) return rc;
			continue;
		}
		if (!end_of_flags && a[0] == '-' && a[1] != '\0') {
			fprintf(ctx->err, "error: unknown flag '%s' (flags are long: --name value)\n", a);
			hint_help(ctx->err, ctx->path, ctx->depth);
			return CLI_EXIT_USAGE;
		}
		/* a word: a subcommand while we are still walking the tree */
		const struct cli_cmd *sub = ctx->nargs == 0 && ctx->depth < CLI_MAX_DEPTH
		                                ? find_sub(ctx->cmd, a, &ctx->nodes[ctx->depth])
		                                : NULL;
		if (sub) {
			ctx->path[ctx->depth++] = sub;
			ctx->cmd = sub;
			continue;
		}
		struct cli_cmd tmp;
		if (sub_at(ctx->cmd, 0, &tmp) && ctx->nargs == 0 &&
		    (!ctx->cmd->handler || ctx->cmd->max_args == 0))
			return unknown_command(ctx, a);
		if (ctx->cmd->max_args >= 0 && ctx->nargs >= ctx->cmd->max_args)
			return cli_usage_error(ctx, "unexpected argument '%s'", a);
		ctx->args[ctx->nargs++] = argv[i];
	}
	return 0;
}

/* -o FILE: the output goes to a temporary file beside FILE (mode 0666
 * minus the umask), renamed over FILE when the command succeeds and removed
 * when it fails, so a failed run leaves an earlier FILE as it was. */
static int output_file_open(struct cli_ctx *ctx, char **tmp)
{
	const char *path = ctx->raw.output_file;
	size_t n = strlen(path);
	if (!n) return cli_usage_error(ctx, "-o / --output-file needs a file name");
	if (!(*tmp = malloc(n + 8))) return cli_oom(ctx);
	snprintf(*tmp, n + 8, "%s.XXXXXX", path);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		fprintf(ctx->err, "error: cannot write %s: %s\n", path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return CLI_EXIT_USAGE;
	}
	mode_t mask = umask(0);
	umask(mask);
	FILE *fp = fchmod(fd, 0666 & ~mask) == 0 ? fdopen(fd, "w") : NULL;
	if (!fp) {
		fprintf(ctx->err, "error: cannot write %s: %s\n", path, strerror(errno));
		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return CLI_EXIT_USAGE;
	}
	ctx->out = fp;
	return 0;
}

static int output_file_close(struct cli_ctx *ctx, const char *tmp, FILE *out, int rc)
{
	FILE *fp = ctx->out;
	ctx->out = out;
	if (fclose(fp) != 0 && rc == CLI_EXIT_OK) {
		fprintf(ctx->err, "error: cannot write %s: %s\n", ctx->raw.output_file, strerror(errno));
		rc = CLI_EXIT_SERVER;
	}
	if (rc == CLI_EXIT_OK && rename(tmp, ctx->raw.output_file) != 0) {
		fprintf(ctx->err, "error: cannot write %s: %s\n", ctx->raw.output_file, strerror(errno));
		rc = CLI_EXIT_SERVER;
	}
	if (rc != CLI_EXIT_OK) unlink(tmp);
	return rc;
}

int cli_main(const struct cli_cmd *root, int argc, char **argv)
{
	return cli_run(root, argc, argv, stdout, stderr);
}

int cli_run(const struct cli_cmd *root, int argc, char **argv, FILE *out, FILE *err)
{
	struct cli_ctx ctx;
	int want_help = 0, want_version = 0;
	char *tmp = NULL; /* the temporary file behind -o */
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.out = out;
	ctx.err = err;
	ctx.path[0] = root;
	ctx.depth = 1;
	ctx.cmd = root;
	ctx.args = calloc((size_t)argc + 1, sizeof(*ctx.args));
	if (!ctx.args) {
		fprintf(err, "error: out of memory\n");
		return CLI_EXIT_SERVER;
	}

	rc = parse_args(&ctx, argc, argv, &want_help, &want_version);
	if (rc) goto out;
	if (want_version && ctx.depth == 1) {
		ctx.path[ctx.depth++] = &cli_cmd_version;
		ctx.cmd = &cli_cmd_version;
	}
	if (want_help) {
		cli_print_help(ctx.out, ctx.path, ctx.depth);
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (!ctx.cmd->handler) {
		/* A group named without a command: show what it offers. */
		cli_print_help(ctx.err, ctx.path, ctx.depth);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (!(ctx.cmd->cmd_flags & CLI_CMD_NO_GLOBALS)) {
		rc = cli_globals_resolve(&ctx);
		if (rc) goto out;
	}
	if (ctx.raw.output_file && (rc = output_file_open(&ctx, &tmp))) goto out;
	rc = ctx.cmd->handler(&ctx);
	if (fflush(ctx.out) != 0 && rc == CLI_EXIT_OK) {
		fprintf(ctx.err, "error: cannot write output: %s\n", strerror(errno));
		rc = CLI_EXIT_SERVER;
	}
	if (tmp) rc = output_file_close(&ctx, tmp, out, rc);
out:
	free(tmp);
	cli_lookups_free(&ctx);
	if (ctx.ch) passend_channel_close(ctx.ch);
	cli_globals_free(&ctx.g);
	free(ctx.args);
	return rc;
}
