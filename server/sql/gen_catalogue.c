/* gen_catalogue: the build-time generator of the query catalogue. Reads one
 * server/sql/<area>.sql and writes sql_<area>.h and sql_<area>.c (one
 * sql_query per named block and the area's statement table) into the build
 * tree. The block syntax is described in docs/decisions.md ("How to add an
 * object"); every mistake is reported as file:line and fails the build.
 *   usage: gen_catalogue AREA FILE.sql OUTDIR */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 64 /* pg_pool's PG_MAX_PARAMS is the runtime limit */
#define MAX_NAME   63 /* PostgreSQL's identifier length (NAMEDATALEN - 1) */

typedef struct block {
	char name[MAX_NAME + 1];
	int fragment; /* a "-- fragment:" (text for {{name}}), not a statement */
	int line;     /* of its header */
	int nparams;  /* declared count */
	int used;     /* fragment: expanded somewhere */
	char *pnames[MAX_PARAMS];
	int npnames;
	char *sql; /* body, fragments expanded */
	size_t len, cap;
} block;

static const char *path;
static block *blocks;
static int nblocks, capblocks;

static void die(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void die(int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: ", path, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fprintf(stderr, "gen_catalogue: out of memory\n");
		exit(1);
	}
	return q;
}

static void append(block *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->sql = xrealloc(b->sql, b->cap);
	}
	memcpy(b->sql + b->len, s, n);
	b->len += n;
	b->sql[b->len] = '\0';
}

static int is_ident(const char *s, size_t n, int dots)
{
	if (n == 0 || n > MAX_NAME || !(islower((unsigned char)s[0]) || s[0] == '_')) return 0;
	for (size_t i = 1; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' ||
		      (dots && s[i] == '.' && s[i - 1] != '.')))
			return 0;
	return s[n - 1] != '.';
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static block *find(const char *name, size_t n)
{
	for (int i = 0; i < nblocks; i++)
		if (strlen(blocks[i].name) == n && memcmp(blocks[i].name, name, n) == 0) return &blocks[i];
	return NULL;
}

/* 1 if l is a block header: "-- name: ..." or "-- fragment: ...". */
static int is_header(const char *l)
{
	const char *p = skip_ws(l + 2);
	return strncmp(p, "name:", 5) == 0 || strncmp(p, "fragment:", 9) == 0;
}

/* Start a block from its header: "-- name: x  params: 3" or "-- fragment: x". */
static void header(const char *l, int line)
{
	const char *p = skip_ws(l + 2);
	int fragment = strncmp(p, "fragment:", 9) == 0;
	p = skip_ws(p + (fragment ? 9 : 5));
	size_t n = strcspn(p, " \t");
	if (!is_ident(p, n, 0)) die(line, "block name must be lower-case letters, digits and _");
	if (find(p, n)) die(line, "a block named %.*s exists already", (int)n, p);
	if (nblocks == capblocks) {
		capblocks = capblocks ? capblocks * 2 : 32;
		blocks = xrealloc(blocks, (size_t)capblocks * sizeof *blocks);
	}
	block *b = &blocks[nblocks++];
	memset(b, 0, sizeof *b);
	memcpy(b->name, p, n);
	b->fragment = fragment;
	b->line = line;
	b->nparams = -1;
	append(b, "", 0);
	p = skip_ws(p + n);
	if (fragment) {
		if (*p) die(line, "a fragment header is \"-- fragment: NAME\"");
		return;
	}
	char *end;
	if (strncmp(p, "params:", 7) != 0) die(line, "a block header is \"-- name: NAME  params: N\"");
	long v = strtol(skip_ws(p + 7), &end, 10);
	if (end == skip_ws(p + 7) || *skip_ws(end) || v < 0 || v > MAX_PARAMS)
		die(line, "params: must be a count from 0 to %d", MAX_PARAMS);
	b->nparams = (int)v;
}

/* "-- $2 school.brin  optional description": names parameter 2. */
static void param_line(block *b, const char *l, int line)
{
	const char *p = skip_ws(l + 2);
	if (*p != '$' || !isdigit((unsigned char)p[1])) return;
	if (b->fragment) die(line, "a fragment has no parameters");
	long k = strtol(p + 1, (char **)&p, 10);
	p = skip_ws(p);
	size_t n = strcspn(p, " \t");
	if (k != b->npnames + 1) die(line, "parameters are named in order: expected $%d", b->npnames + 1);
	if (k > b->nparams) die(line, "$%ld is beyond params: %d", k, b->nparams);
	if (!is_ident(p, n, 1)) die(line, "a parameter name is a field path such as school.brin");
	b->pnames[b->npnames] = xrealloc(NULL, n + 1);
	memcpy(b->pnames[b->npnames], p, n);
	b->pnames[b->npnames++][n] = '\0';
}

/* Highest $n outside quotes, identifiers, comments and dollar quotes. */
static int max_param(const char *s, int line)
{
	int max = 0;
	while (*s) {
		if (*s == '\'' || *s == '"') {
			char q = *s++;
			while (*s && *s != q)
				s++;
			if (!*s) die(line, "unterminated %c quote", q);
			s++;
		} else if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (*s == '$' && isdigit((unsigned char)s[1])) {
			int v = (int)strtol(s + 1, (char **)&s, 10);
			if (v > max) max = v;
		} else if (*s == '$') {
			const char *t = s + 1;
			while (isalnum((unsigned char)*t) || *t == '_')
				t++;
			if (*t != '$') {
				s++;
				continue;
			}
			size_t tl = (size_t)(t - s) + 1;
			const char *e;
			for (e = t + 1; *e && strncmp(e, s, tl) != 0; e++)
				;
			if (!*e) die(line, "unterminated dollar quote %.*s", (int)tl, s);
			s = e + tl;
		} else {
			s++;
		}
	}
	return max;
}

/* Expand {{fragment}} in b's body. */
static void expand(block *b)
{
	block out = {0};
	append(&out, "", 0);
	const char *s = b->sql;
	for (;;) {
		const char *o = strstr(s, "{{");
		const char *c = o ? strstr(o + 2, "}}") : NULL;
		if (!o || !c) break;
		block *f = is_ident(o + 2, (size_t)(c - o - 2), 0) ? find(o + 2, (size_t)(c - o - 2)) : NULL;
		if (is_ident(o + 2, (size_t)(c - o - 2), 0) && (!f || !f->fragment || f >= b))
			die(b->line, "{{%.*s}} is not a fragment defined above", (int)(c - o - 2), o + 2);
		if (!f) { /* e.g. a two-dimensional array literal: leave it */
			append(&out, s, (size_t)(o + 2 - s));
			s = o + 2;
			continue;
		}
		f->used = 1;
		append(&out, s, (size_t)(o - s));
		append(&out, f->sql, f->len);
		s = c + 2;
	}
	append(&out, s, strlen(s));
	free(b->sql);
	b->sql = out.sql;
	b->len = out.len;
	b->cap = out.cap;
}

/* Close the block: drop trailing blank space and ';', expand, check. */
static void finish(block *b)
{
	while (b->len && (isspace((unsigned char)b->sql[b->len - 1]) || b->sql[b->len - 1] == ';'))
		b->sql[--b->len] = '\0';
	if (!b->len) die(b->line, "block %s has no SQL", b->name);
	expand(b);
	if (b->fragment && strstr(b->sql, "--"))
		die(b->line, "fragment %s holds a comment, which would swallow what follows it", b->name);
	if (b->fragment) return;
	int m = max_param(b->sql, b->line);
	if (m != b->nparams)
		die(b->line, "block %s declares params: %d but its SQL uses up to $%d", b->name, b->nparams,
		    m);
	if (b->npnames && b->npnames != b->nparams)
		die(b->line, "block %s names %d of its %d parameters: name all or none", b->name, b->npnames,
		    b->nparams);
}

static void c_string(FILE *o, const char *s)
{
	fputs("     \"", o);
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n\"\n     \"", o);
		else if (*s == '"' || *s == '\\')
			fprintf(o, "\\%c", *s);
		else if (*s == '\t')
			fputs("\\t", o);
		else
			fputc(*s, o);
	}
	fputs("\",\n", o);
}

static FILE *open_out(const char *dir, const char *area, const char *ext, char *name, size_t len)
{
	snprintf(name, len, "%s/sql_%s.%s", dir, area, ext);
	FILE *f = fopen(name, "w");
	if (!f) {
		perror(name);
		exit(1);
	}
	return f;
}

static void write_out(const char *area, const char *dir, const char *base)
{
	char hn[4096], cn[4096];
	FILE *h = open_out(dir, area, "h", hn, sizeof hn), *c = open_out(dir, area, "c", cn, sizeof cn);
	fprintf(h, "/* Generated by gen_catalogue from server/sql/%s: do not edit. */\n", base);
	char guard[MAX_NAME + 1];
	for (size_t i = 0; i <= strlen(area); i++)
		guard[i] = (char)toupper((unsigned char)area[i]);
	fprintf(h, "#ifndef PASSEND_SQL_%s_H\n#define PASSEND_SQL_%s_H\n\n#include \"catalogue.h\"\n\n",
	        guard, guard);
	fprintf(c, "/* Generated by gen_catalogue from server/sql/%s: do not edit. */\n", base);
	fprintf(c, "#include \"sql_%s.h\"\n\n#include <stddef.h>\n\n", area);
	for (int i = 0; i < nblocks; i++) {
		block *b = &blocks[i];
		if (b->fragment) continue;
		fprintf(h, "extern const sql_query sql_%s_%s;\n", area, b->name);
		if (b->npnames) {
			fprintf(c, "static const char *const %s_params[] = {", b->name);
			for (int k = 0; k < b->npnames; k++)
				fprintf(c, "\"%s\", ", b->pnames[k]);
			fprintf(c, "NULL};\n");
		}
		fprintf(c, "const sql_query sql_%s_%s = {\n    {\"%s_%s\",\n", area, b->name, area, b->name);
		c_string(c, b->sql);
		fprintf(c, "     %d},\n    %s%s};\n", b->nparams, b->npnames ? b->name : "NULL",
		        b->npnames ? "_params" : "");
	}
	fprintf(h, "\n/* Every statement of %s.sql, NULL-terminated (the area's service stmts). */\n", area);
	fprintf(h, "extern const pg_stmt *const sql_%s_stmts[];\n\n#endif\n", area);
	fprintf(c, "\nconst pg_stmt *const sql_%s_stmts[] = {\n", area);
	for (int i = 0; i < nblocks; i++)
		if (!blocks[i].fragment) fprintf(c, "    &sql_%s_%s.stmt,\n", area, blocks[i].name);
	fprintf(c, "    NULL,\n};\n");
	if (fclose(h) != 0 || fclose(c) != 0) {
		fprintf(stderr, "gen_catalogue: writing %s failed\n", dir);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 4 || !is_ident(argv[1], strlen(argv[1]), 0)) {
		fprintf(stderr, "usage: gen_catalogue AREA FILE.sql OUTDIR\n");
		return 2;
	}
	path = argv[2];
	FILE *in = fopen(path, "r");
	if (!in) {
		perror(path);
		return 1;
	}
	char l[8192];
	int line = 0;
	int cur = -1; /* index: blocks moves when it grows */
	while (fgets(l, sizeof l, in)) {
		line++;
		size_t n = strlen(l);
		if (n == sizeof l - 1 && l[n - 1] != '\n')
			die(line, "line longer than %zu bytes", sizeof l - 2);
		while (n && (l[n - 1] == '\n' || l[n - 1] == '\r' || l[n - 1] == ' ' || l[n - 1] == '\t'))
			l[--n] = '\0';
		const char *t = skip_ws(l);
		if (t[0] == '-' && t[1] == '-' && t == l) {
			if (is_header(l)) {
				if (cur >= 0) finish(&blocks[cur]);
				header(l, line);
				cur = nblocks - 1;
				continue;
			}
			if (cur >= 0) param_line(&blocks[cur], l, line);
			continue; /* documentation */
		}
		if (!*t) continue;
		if (cur < 0) die(line, "SQL before the first \"-- name:\" block");
		if (blocks[cur].len) append(&blocks[cur], "\n", 1);
		append(&blocks[cur], l, n);
	}
	if (ferror(in)) die(line, "read error");
	fclose(in);
	if (cur >= 0) finish(&blocks[cur]);
	for (int i = 0; i < nblocks; i++)
		if (blocks[i].fragment && !blocks[i].used)
			die(blocks[i].line, "fragment %s is never used", blocks[i].name);
	const char *base = strrchr(path, '/');
	write_out(argv[1], argv[3], base ? base + 1 : path);
	for (int i = 0; i < nblocks; i++) {
		for (int k = 0; k < blocks[i].npnames; k++)
			free(blocks[i].pnames[k]);
		free(blocks[i].sql);
	}
	free(blocks);
	return 0;
}
