/* migrate: applies sql/migrations/NNNN_name.sql in order, each in its own
 * transaction, and records version, name and SHA-256 in
 * platform.schema_migrations; then applies the repeatable function files
 * (functions/<name>.sql beside the migrations directory) that are new or
 * changed, recorded in platform.schema_functions. Blocking libpq (start-up
 * and `passendd migrate` only); its own statements are server/sql/migrate.sql.
 * A session advisory lock keeps two migrators apart. */
#include "migrate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sql_migrate.h"
#include "util.h"

#define MIGRATE_MAX_FILES 10000
#define MIGRATE_MAX_BYTES (16u << 20)

typedef struct mfile {
	int version;
	char name[256]; /* "platform" from 0001_platform.sql */
	char path[2048];
	char sha256[65];
	char *sql; /* file contents, NUL-terminated */
} mfile;

typedef struct mlist {
	mfile *v;
	int n, cap;
} mlist;

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen) return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	str_rtrim(err); /* libpq messages end with a newline: keep one line */
}

static void mlist_free(mlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i].sql);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int cmp_version(const void *a, const void *b)
{
	const mfile *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

/* NNNN_name.sql: 4+ digits, '_', [a-z0-9_]+, ".sql". Sets version and name. */
static int parse_name(const char *fn, int *version, char *name, size_t namelen)
{
	const char *p = fn;
	long v = 0;
	int digits = 0;
	while (isdigit((unsigned char)*p) && digits < 9) {
		v = v * 10 + (*p - '0');
		p++;
		digits++;
	}
	if (digits < 4 || *p != '_' || v <= 0) return -1;
	p++;
	size_t len = strlen(p);
	if (len <= 4 || strcmp(p + len - 4, ".sql") != 0 || len - 4 >= namelen) return -1;
	for (size_t i = 0; i < len - 4; i++)
		if (!(islower((unsigned char)p[i]) || isdigit((unsigned char)p[i]) || p[i] == '_')) return -1;
	memcpy(name, p, len - 4);
	name[len - 4] = 0;
	*version = (int)v;
	return 0;
}

static void sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL)) mdlen = 0;
	for (unsigned i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[2 * (mdlen < 32 ? mdlen : 32)] = 0;
}

/* Read dir/fname into m (checksum; contents if with_sql) and append it to l.
 * Returns 0 or -1 with err. */
static int add_file(mlist *l, const char *dir, const char *fname, mfile *m, int with_sql, char *err,
                    size_t errlen)
{
	snprintf(m->path, sizeof m->path, "%s/%s", dir, fname);
	buf file = {0};
	if (buf_read_file(&file, m->path, MIGRATE_MAX_BYTES) != 0) {
		buf_free(&file);
		seterr(err, errlen, "%s: cannot read (or larger than %u bytes)", m->path, MIGRATE_MAX_BYTES);
		return -1;
	}
	m->sql = (char *)file.data;
	size_t len = file.len;
	if (strlen(m->sql) != len) {
		seterr(err, errlen, "%s: contains a NUL byte", m->path);
		free(m->sql);
		return -1;
	}
	sha256_hex(m->sql, len, m->sha256);
	if (!with_sql) {
		free(m->sql);
		m->sql = NULL;
	}
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		mfile *v = cap <= MIGRATE_MAX_FILES ? realloc(l->v, (size_t)cap * sizeof *v) : NULL;
		if (!v) {
			free(m->sql);
			seterr(err, errlen, "too many files in %s", dir);
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *m;
	return 0;
}

/* Read every migration file of cfg->migrations_dir, sorted by version.
 * with_sql: keep the contents. Returns 0 or -1 with err. */
static int load_files(const config *cfg, mlist *l, int with_sql, char *err, size_t errlen)
{
	const char *dir = cfg->migrations_dir[0] ? cfg->migrations_dir : "sql/migrations";
	DIR *d = opendir(dir);
	if (!d) {
		seterr(err, errlen, "migrations directory %s: %s", dir, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int rc = -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') continue;
		mfile m = {0};
		if (parse_name(e->d_name, &m.version, m.name, sizeof m.name) != 0) {
			size_t n = strlen(e->d_name);
			if (n > 4 && !strcmp(e->d_name + n - 4, ".sql")) {
				seterr(err, errlen,
				       "%s/%s: migration files are named NNNN_name.sql (lower-case name)",
				       dir, e->d_name);
				goto out;
			}
			continue; /* README and the like */
		}
		if (add_file(l, dir, e->d_name, &m, with_sql, err, errlen) != 0) goto out;
	}
	if (l->n > 1) qsort(l->v, (size_t)l->n, sizeof *l->v, cmp_version);
	for (int i = 1; i < l->n; i++)
		if (l->v[i].version == l->v[i - 1].version) {
			seterr(err, errlen, "two migrations numbered %04d: %s and %s", l->v[i].version,
			       l->v[i - 1].path, l->v[i].path);
			goto out;
		}
	rc = 0;
out:
	closedir(d);
	if (rc != 0) mlist_free(l);
	return rc;
}

int migrate_files_version(const config *cfg, char *err, size_t errlen)
{
	mlist l = {0};
	if (load_files(cfg, &l, 0, err, errlen) != 0) return -1;
	int v = l.n ? l.v[l.n - 1].version : 0;
	mlist_free(&l);
	return v;
}

/* ---- repeatable function files --------------------------------------------- */

/* The directory of the repeatable function files: "functions" beside the
 * migrations directory (sql/migrations -> sql/functions). */
static void functions_dir(const config *cfg, char *out, size_t len)
{
	const char *dir = cfg->migrations_dir[0] ? cfg->migrations_dir : "sql/migrations";
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	while (n > 0 && dir[n - 1] != '/')
		n--;
	snprintf(out, len, "%.*sfunctions", (int)n, dir);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const mfile *)a)->name, ((const mfile *)b)->name);
}

/* Read every function file (<name>.sql, name lower-case letters, digits and
 * _) sorted by name; none when the directory does not exist. Returns 0 or
 * -1 with err. */
static int load_functions(const config *cfg, mlist *l, int with_sql, char *err, size_t errlen)
{
	char dir[sizeof cfg->migrations_dir + 16];
	functions_dir(cfg, dir, sizeof dir);
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT) return 0;
		seterr(err, errlen, "functions directory %s: %s", dir, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int rc = -1;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n <= 4 || strcmp(e->d_name + n - 4, ".sql") != 0) continue;
		mfile m = {0};
		int ok = n - 4 < sizeof m.name;
		for (size_t i = 0; ok && i < n - 4; i++)
			ok = islower((unsigned char)e->d_name[i]) || isdigit((unsigned char)e->d_name[i]) ||
			     e->d_name[i] == '_';
		if (!ok) {
			seterr(err, errlen, "%s/%s: function files are named name.sql (lower-case name)", dir,
			       e->d_name);
			goto out;
		}
		memcpy(m.name, e->d_name, n - 4);
		if (add_file(l, dir, e->d_name, &m, with_sql, err, errlen) != 0) goto out;
	}
	if (l->n > 1) qsort(l->v, (size_t)l->n, sizeof *l->v, cmp_name);
	rc = 0;
out:
	closedir(d);
	if (rc != 0) mlist_free(l);
	return rc;
}

static void quiet_notice(void *arg, const char *msg)
{
	(void)arg, (void)msg;
}

static PGconn *db_connect(const config *cfg, char *err, size_t errlen)
{
	const char *kw[] = {"dbname", "fallback_application_name", NULL};
	const char *val[] = {cfg->db, "passendd-migrate", NULL};
	/* migrate_run passes a copy of cfg with db = db_owner (see there) */
	PGconn *pg = PQconnectdbParams(kw, val, 1);
	if (!pg) {
		seterr(err, errlen, "database: out of memory");
		return NULL;
	}
	if (PQstatus(pg) != CONNECTION_OK) {
		seterr(err, errlen, "cannot connect to the database: %s", PQerrorMessage(pg));
		PQfinish(pg);
		return NULL;
	}
	PQsetNoticeProcessor(pg, quiet_notice, NULL);
	return pg;
}

/* Run SQL without results; 0 or -1 with "what: message". */
static int exec_ok(PGconn *pg, const char *sql, const char *what, char *err, size_t errlen)
{
	PGresult *r = PQexec(pg, sql);
	ExecStatusType st = PQresultStatus(r);
	int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
	if (!ok) {
		/* one line: the primary message, and the line in the file if known */
		const char *prim = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
		int line = 1;
		for (long i = 0, n = pos ? atol(pos) - 1 : -1; i < n && sql[i]; i++)
			line += sql[i] == '\n';
		if (prim && pos)
			seterr(err, errlen, "%s: line %d: %s", what, line, prim);
		else
			seterr(err, errlen, "%s: %s", what, prim ? prim : PQresultErrorMessage(r));
	}
	PQclear(r);
	return ok ? 0 : -1;
}

typedef struct applied {
	int version;
	char name[256];
	char sha256[65];
} applied;

/* Run a catalogue statement (params: its nparams values). The caller
 * clears the result. */
static PGresult *run(PGconn *pg, const sql_query *q, const char *const *params)
{
	return PQexecParams(pg, q->stmt.sql, q->stmt.nparams, NULL, params, NULL, NULL, 0);
}

/* Read the record of applied files: query returns version, name and
 * checksum per row from table. Returns the count (*out malloc'd, caller
 * frees), -2 when the table does not exist, or -1 with err. */
static int read_record(PGconn *pg, const char *table, const sql_query *query, applied **out, char *err,
                       size_t errlen)
{
	*out = NULL;
	const char *params[1] = {table};
	PGresult *r = run(pg, &sql_migrate_table_exists, params);
	int present = PQfnumber(r, "present");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 || present < 0) {
		seterr(err, errlen, "reading %s: %s", table, PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	int exists = PQgetvalue(r, 0, present)[0] == 't';
	PQclear(r);
	if (!exists) return -2;
	r = run(pg, query, NULL);
	int cv = PQfnumber(r, "version"), cn = PQfnumber(r, "name"), cc = PQfnumber(r, "checksum");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || cv < 0 || cn < 0 || cc < 0) {
		seterr(err, errlen, "reading %s: %s", table, PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	int n = PQntuples(r);
	applied *a = calloc((size_t)n + 1, sizeof *a);
	if (!a) {
		PQclear(r);
		seterr(err, errlen, "out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		a[i].version = atoi(PQgetvalue(r, i, cv));
		snprintf(a[i].name, sizeof a[i].name, "%s", PQgetvalue(r, i, cn));
		snprintf(a[i].sha256, sizeof a[i].sha256, "%s", PQgetvalue(r, i, cc));
	}
	PQclear(r);
	*out = a;
	return n;
}

/* Read platform.schema_migrations (empty if the table does not exist).
 * Returns the count (*out malloc'd, caller frees) or -1 with err. */
static int read_applied(PGconn *pg, applied **out, char *err, size_t errlen)
{
	int n = read_record(pg, "platform.schema_migrations", &sql_migrate_migrations, out, err, errlen);
	return n == -2 ? 0 : n;
}

static const mfile *find_file(const mlist *l, int version)
{
	for (int i = 0; i < l->n; i++)
		if (l->v[i].version == version) return &l->v[i];
	return NULL;
}

/* Every applied migration must still have its file, unchanged. */
static int check_applied(const mlist *l, const applied *a, int na, char *err, size_t errlen)
{
	for (int i = 0; i < na; i++) {
		const mfile *f = find_file(l, a[i].version);
		if (!f) {
			seterr(err, errlen,
			       "the database has migration %04d_%s applied but there is no such file in the "
			       "migrations directory (is this passendd older than the database?)",
			       a[i].version, a[i].name);
			return -1;
		}
		if (strcmp(f->sha256, a[i].sha256) != 0) {
			seterr(
			    err, errlen,
			    "migration %s was changed after it was applied (checksum %.12s… in the database, "
			    "%.12s… on disk): restore the file and add a new migration instead",
			    f->path, a[i].sha256, f->sha256);
			return -1;
		}
	}
	return 0;
}

/* Read platform.schema_functions (name and checksum per row). Returns the
 * count, -2 when the table does not exist, or -1 with err. */
static int read_functions(PGconn *pg, applied **out, char *err, size_t errlen)
{
	return read_record(pg, "platform.schema_functions", &sql_migrate_functions, out, err, errlen);
}

static const applied *find_applied(const applied *a, int na, const char *name)
{
	for (int i = 0; i < na; i++)
		if (strcmp(a[i].name, name) == 0) return &a[i];
	return NULL;
}

static int apply_file(PGconn *pg, const char *what, const char *sql, const sql_query *record,
                      const char *const *params, char *err, size_t errlen);

/* Apply one function file and record its checksum, in one transaction. */
static int apply_function(PGconn *pg, const mfile *f, char *err, size_t errlen)
{
	char what[2300];
	snprintf(what, sizeof what, "function file %s", f->path);
	const char *params[2] = {f->name, f->sha256};
	return apply_file(pg, what, f->sql, &sql_migrate_record_function, params, err, errlen);
}

/* The file called name in l, or NULL. */
static const mfile *file_named(const mlist *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0) return &l->v[i];
	return NULL;
}

/* After the migrations: apply the function files that are new or changed,
 * forget the record of files that are gone (a migration drops their
 * functions). Sets *napplied. Returns 0 or -1 with err. */
static int sync_functions(PGconn *pg, const config *cfg, FILE *out, int *napplied, char *err, size_t errlen)
{
	mlist l = {0};
	applied *a = NULL;
	int rc = -1, na;
	*napplied = 0;
	if (load_functions(cfg, &l, 1, err, errlen) != 0) return -1;
	na = read_functions(pg, &a, err, errlen);
	if (na == -2 && l.n == 0) na = 0;
	if (na == -2)
		seterr(
		    err, errlen,
		    "platform.schema_functions does not exist: the migrations directory lacks the migration "
		    "that creates it");
	if (na < 0) goto out;
	for (int i = 0; i < l.n; i++) {
		const applied *r = find_applied(a, na, l.v[i].name);
		if (r && strcmp(r->sha256, l.v[i].sha256) == 0) continue;
		if (apply_function(pg, &l.v[i], err, errlen) != 0) goto out;
		++*napplied;
		if (out)
			fprintf(out, "applied function file %s.sql (sha256 %.12s)\n", l.v[i].name,
			        l.v[i].sha256);
	}
	for (int i = 0; i < na; i++) {
		if (file_named(&l, a[i].name)) continue;
		const char *params[1] = {a[i].name};
		PGresult *r = run(pg, &sql_migrate_forget_function, params);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (!ok) {
			seterr(err, errlen, "forgetting function file %s.sql failed", a[i].name);
			goto out;
		}
		if (out)
			fprintf(
			    out,
			    "function file %s.sql is gone: its functions stay until a migration drops them\n",
			    a[i].name);
	}
	rc = 0;
out:
	free(a);
	mlist_free(&l);
	return rc;
}

/* The function files on disk equal the database's record exactly. */
static int check_functions(PGconn *pg, const config *cfg, char *err, size_t errlen)
{
	mlist l = {0};
	applied *a = NULL;
	int rc = -1, na;
	if (load_functions(cfg, &l, 0, err, errlen) != 0) return -1;
	na = read_functions(pg, &a, err, errlen);
	if (na == -2) na = 0;
	if (na < 0) goto out;
	for (int i = 0; i < l.n; i++) {
		const applied *r = find_applied(a, na, l.v[i].name);
		if (!r || strcmp(r->sha256, l.v[i].sha256) != 0) {
			seterr(err, errlen, "function file %s is %s: run `passendd migrate`", l.v[i].path,
			       r ? "changed since it was applied" : "not applied");
			goto out;
		}
	}
	for (int i = 0; i < na; i++) {
		if (!file_named(&l, a[i].name)) {
			seterr(err, errlen,
			       "the database has function file %s.sql applied but there is no such file (is "
			       "this "
			       "passendd older than the database?)",
			       a[i].name);
			goto out;
		}
	}
	rc = 0;
out:
	free(a);
	mlist_free(&l);
	return rc;
}

/* Run one file's SQL and the statement recording it (record with its
 * params), in one transaction. Returns 0 or -1 with "what: ..." in err. */
static int apply_file(PGconn *pg, const char *what, const char *sql, const sql_query *record,
                      const char *const *params, char *err, size_t errlen)
{
	if (exec_ok(pg, sql_migrate_begin.stmt.sql, what, err, errlen) != 0) return -1;
	if (exec_ok(pg, sql, what, err, errlen) != 0) goto rollback;
	PGresult *r = run(pg, record, params);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		seterr(err, errlen, "%s: recording it: %s", what, PQresultErrorMessage(r));
		PQclear(r);
		goto rollback;
	}
	PQclear(r);
	/* A file that ends the transaction itself would make this COMMIT a no-op
	 * warning; check we are still in our transaction before committing. */
	if (PQtransactionStatus(pg) != PQTRANS_INTRANS) {
		seterr(err, errlen, "%s: must not contain BEGIN/COMMIT/ROLLBACK", what);
		goto rollback;
	}
	return exec_ok(pg, sql_migrate_commit.stmt.sql, what, err, errlen);
rollback:;
	PGresult *rb = run(pg, &sql_migrate_rollback, NULL);
	PQclear(rb);
	return -1;
}

static int apply_one(PGconn *pg, const mfile *f, char *err, size_t errlen)
{
	char ver[16], what[2300];
	snprintf(ver, sizeof ver, "%d", f->version);
	snprintf(what, sizeof what, "migration %s", f->path);
	const char *params[3] = {ver, f->name, f->sha256};
	return apply_file(pg, what, f->sql, &sql_migrate_record_migration, params, err, errlen);
}

int migrate_run(const config *cfg_in, FILE *out, char *err, size_t errlen)
{
	/* Migrations run as the database owner (db_owner; default: db). */
	static _Thread_local config owner_cfg;
	owner_cfg = *cfg_in;
	if (cfg_in->db_owner[0]) memcpy(owner_cfg.db, cfg_in->db_owner, sizeof owner_cfg.db);
	const config *cfg = &owner_cfg;
	mlist l = {0};
	applied *a = NULL;
	PGconn *pg = NULL;
	int rc = -1, na;
	if (load_files(cfg, &l, 1, err, errlen) != 0) return -1;
	pg = db_connect(cfg, err, errlen);
	if (!pg) goto out;
	if (exec_ok(pg, sql_migrate_lock.stmt.sql, "taking the migration lock", err, errlen) != 0) goto out;
	if (exec_ok(pg, sql_migrate_create_schema.stmt.sql, "creating schema platform", err, errlen) != 0 ||
	    exec_ok(pg, sql_migrate_create_migrations.stmt.sql, "creating platform.schema_migrations", err,
	            errlen) != 0)
		goto out;
	na = read_applied(pg, &a, err, errlen);
	if (na < 0 || check_applied(&l, a, na, err, errlen) != 0) goto out;
	int top = na ? a[na - 1].version : 0, napplied = 0;
	for (int i = 0; i < l.n; i++) {
		const mfile *f = &l.v[i];
		int done = 0;
		for (int k = 0; k < na; k++)
			done |= a[k].version == f->version;
		if (done) continue;
		if (f->version < top) {
			seterr(err, errlen,
			       "migration %s is numbered below the database's version %04d: renumber it "
			       "after %04d",
			       f->path, top, top);
			goto out;
		}
		if (apply_one(pg, f, err, errlen) != 0) goto out;
		napplied++;
		if (out) fprintf(out, "applied %04d_%s (sha256 %.12s)\n", f->version, f->name, f->sha256);
	}
	int nfuncs = 0;
	if (sync_functions(pg, cfg, out, &nfuncs, err, errlen) != 0) goto out;
	if (out) {
		int v = l.n ? l.v[l.n - 1].version : 0;
		if (napplied == 0 && nfuncs == 0)
			fprintf(out, "database is up to date at version %d\n", v > top ? v : top);
		else
			fprintf(out, "database is at version %d\n", v);
	}
	rc = 0;
out:
	if (pg) {
		/* the session lock ends with the session; unlock for clarity */
		PGresult *r = run(pg, &sql_migrate_unlock, NULL);
		PQclear(r);
		PQfinish(pg);
	}
	free(a);
	mlist_free(&l);
	return rc;
}

int migrate_check(const config *cfg, int *version, char *err, size_t errlen)
{
	mlist l = {0};
	applied *a = NULL;
	PGconn *pg = NULL;
	int rc = -1, na;
	if (version) *version = 0;
	if (load_files(cfg, &l, 0, err, errlen) != 0) return -1;
	pg = db_connect(cfg, err, errlen);
	if (!pg) goto out;
	na = read_applied(pg, &a, err, errlen);
	if (na < 0) goto out;
	if (version && na > 0) *version = a[na - 1].version;
	if (na == 0 && l.n > 0) {
		seterr(err, errlen, "the database has no migrations applied: run `passendd migrate`");
		goto out;
	}
	if (check_applied(&l, a, na, err, errlen) != 0) goto out;
	for (int i = 0; i < l.n; i++) {
		int done = 0;
		for (int k = 0; k < na; k++)
			done |= a[k].version == l.v[i].version;
		if (!done) {
			seterr(err, errlen,
			       "the database is at version %d but migration %04d_%s is not applied: run "
			       "`passendd "
			       "migrate`",
			       na ? a[na - 1].version : 0, l.v[i].version, l.v[i].name);
			goto out;
		}
	}
	if (check_functions(pg, cfg, err, errlen) != 0) goto out;
	rc = 0;
out:
	if (pg) PQfinish(pg);
	free(a);
	mlist_free(&l);
	return rc;
}
