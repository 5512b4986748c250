/* import: passend.v1.Bestuur StartImport / ImportChunk / FinishImport (CSV
 * import, docs/import.md). StartImport checks the header against the kind's
 * columns; ImportChunk parses rows (csv.c), checks every field's format and
 * stores the rows in canonical column order plus the format errors; the
 * set-based validation and the upsert run in SQL (bestuur.import_finish).
 * The statements are server/sql/import.sql; replies are filled from their
 * rows by column name (res_row.h). */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "euro.h"
#include "auth.h"
#include "grpc_status.h"
#include "import_kind.h"
#include "log.h"
#include "metrics.h"
#include "passend/v1/bestuur.pb-c.h"
#include "resource.h"
#include "sql_import.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"
#include "worker.h"

#define IMPORT_MAX_ROWS       1000000
#define IMPORT_MAX_CHUNK_ERRS 1000
/* Every role some kind may be imported by (import_kind.roles): the methods'
 * roles; StartImport checks the kind's own. */
#define IMPORT_ROLES (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED)

/* The words of the column types in import_kind.columns. */
static const struct {
	const char *word;
	enum import_col_type type;
} col_types[] = {
    {"text", IMP_TEXT},     {"long", IMP_LONG},       {"bgn", IMP_BGN},     {"bool", IMP_BOOL},
    {"date", IMP_DATE},     {"count", IMP_COUNT},     {"brin", IMP_BRIN},   {"vest", IMP_VEST},
    {"year", IMP_YEAR},     {"cbs", IMP_CBS},         {"pcs", IMP_PCS},     {"soort", IMP_SOORT},
    {"soort2", IMP_SOORT2}, {"cluster", IMP_CLUSTER}, {"cat", IMP_CAT},     {"geslacht", IMP_GESLACHT},
    {"enum", IMP_ENUM},     {"list", IMP_LIST},       {"code", IMP_CODE},   {"hours", IMP_HOURS},
    {"euros", IMP_EUROS},   {"weeks", IMP_WEEKS},     {"money", IMP_MONEY},
};

int import_columns_parse(const char *spec, imp_col *cols, char *text, size_t textlen, char *err,
                         size_t errlen)
{
	if (strlen(spec) >= textlen) {
		snprintf(err, errlen, "longer than %zu characters", textlen - 1);
		return -1;
	}
	strcpy(text, spec);
	int n = 0;
	char *save = NULL;
	for (char *w = strtok_r(text, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (n == IMPORT_MAX_COLS) {
			snprintf(err, errlen, "more than %d columns", IMPORT_MAX_COLS);
			return -1;
		}
		imp_col *c = &cols[n++];
		*c = (imp_col){.name = w, .type = IMP_TEXT};
		char *p = strchr(w, '='), *t = strchr(w, ':'), *v;
		if (p) *p = '\0', c->dflt = p + 1;
		if (t) *t++ = '\0';
		size_t len = strlen(w);
		if (len && w[len - 1] == '*') w[--len] = '\0', c->required = 1;
		if (!len) {
			snprintf(err, errlen, "column %d has no name", n);
			return -1;
		}
		if (t && (v = strchr(t, '(')) != NULL) { /* enum(a|b) or list(a|b) */
			size_t vl = strlen(v);
			if (vl < 3 || v[vl - 1] != ')') {
				snprintf(err, errlen, "column %s: values not closed by ')'", w);
				return -1;
			}
			v[vl - 1] = '\0', *v = '\0', c->values = v + 1;
		}
		size_t i = 0;
		while (t && i < sizeof col_types / sizeof col_types[0] && strcmp(col_types[i].word, t) != 0)
			i++;
		if (t && i == sizeof col_types / sizeof col_types[0]) {
			snprintf(err, errlen, "column %s: unknown type \"%s\"", w, t);
			return -1;
		}
		if (t) c->type = col_types[i].type;
		if ((c->type == IMP_ENUM && !c->values) ||
		    (c->values && c->type != IMP_ENUM && c->type != IMP_LIST)) {
			snprintf(err, errlen, "column %s: values are for enum (which needs them) and list",
			         w);
			return -1;
		}
	}
	if (!n) snprintf(err, errlen, "no columns");
	return n ? n : -1;
}

/* A kind as this file uses it: its declaration (import_kind.h; the kinds are
 * listed in import_kinds, svc.c) with its columns parsed. */
typedef struct imp_kind {
	const char *name, *finish;
	int proto;
	unsigned roles;
	int (*row_check)(const char **vals, imp_row_err *e);
	int ncols; /* -1: the columns do not parse (logged; the kind is refused) */
	imp_col cols[IMPORT_MAX_COLS];
	char text[IMPORT_COLUMNS_MAX]; /* import_kind.columns, cut into the columns' strings */
} imp_kind;

#define IMPORT_MAX_KINDS 32
static imp_kind kinds[IMPORT_MAX_KINDS];
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

static void kinds_parse(void)
{
	int i = 0;
	for (const import_kind *const *k = import_kinds; *k; k++, i++) {
		if (i == IMPORT_MAX_KINDS) {
			log_error("import.kind", "kind=%s error=\"more than %d kinds\"", (*k)->name,
			          IMPORT_MAX_KINDS);
			return;
		}
		imp_kind *v = &kinds[i];
		char err[160], q[200];
		*v = (imp_kind){.name = (*k)->name,
		                .finish = (*k)->finish,
		                .proto = (*k)->proto,
		                .roles = (*k)->roles,
		                .row_check = (*k)->row_check};
		v->ncols =
		    import_columns_parse((*k)->columns, v->cols, v->text, sizeof v->text, err, sizeof err);
		if (v->ncols < 0)
			log_error("import.kind", "kind=%s error=%s", v->name, log_quote(q, sizeof q, err));
	}
}

static const imp_kind *kind_find(int proto, const char *name)
{
	pthread_once(&kinds_once, kinds_parse);
	for (const imp_kind *k = kinds; k < kinds + IMPORT_MAX_KINDS && k->name; k++)
		if ((name ? !strcmp(k->name, name) : k->proto == proto) && k->ncols > 0) return k;
	return NULL;
}

static const imp_kind *kind_by_proto(int k)
{
	return kind_find(k, NULL);
}

static const imp_kind *kind_by_name(const char *n)
{
	return kind_find(0, n);
}

int import_date_before(const char *a, const char *b)
{
	return a && b && strcmp(a, b) < 0;
}

/* ---- JSON text for the statements --------------------------------------- */

static int json_str(buf *b, const char *s)
{
	if (!s) return buf_append(b, "null", 4);
	if (buf_append(b, "\"", 1) != 0) return -1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int rc;
		if (*p == '"' || *p == '\\')
			rc = buf_printf(b, "\\%c", *p);
		else if (*p < 0x20)
			rc = buf_printf(b, "\\u%04x", *p);
		else
			rc = buf_append(b, p, 1);
		if (rc != 0) return -1;
	}
	return buf_append(b, "\"", 1);
}

/* ---- field checks ---------------------------------------------------------- */

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n) return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i])) return 0;
	return 1;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* s without its leading and trailing spaces (cut off in place), in lower
 * case. */
static char *trim_lower(char *s)
{
	while (*s == ' ')
		s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ')
		s[--len] = '\0';
	lower(s);
	return s;
}

/* A decimal number >= 0 with at most 2 decimals after '.' or ',' (at most
 * 9 digits before), in hundredths; -1 when it is not one. */
static long long parse_hundredths(const char *s)
{
	long long whole = 0, frac = 0;
	int nd = 0, nf = 0;
	for (; isdigit((unsigned char)*s); s++, nd++)
		whole = whole * 10 + (*s - '0');
	if (*s == '.' || *s == ',')
		for (s++; isdigit((unsigned char)*s); s++, nf++)
			frac = frac * 10 + (*s - '0');
	if (*s || nd == 0 || nd > 9 || nf > 2) return -1;
	return whole * 100 + (nf == 1 ? frac * 10 : frac);
}

static int is_code(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 40 || !islower((unsigned char)s[0])) return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_') return 0;
	return 1;
}

/* Check and normalize field v (trimmed, may be rewritten in place, or
 * replaced by out[]) of column c. Returns NULL when fine (*res = the value to
 * store, NULL for no value) or a message. */
static const char *check_field(const imp_col *c, char *v, const char **res, char *out, size_t outlen)
{
	long n;
	*res = v;
	if (!*v) {
		if (c->required) return "is required";
		*res = c->dflt;
		return NULL;
	}
	switch (c->type) {
	case IMP_TEXT:
		if (strlen(v) > 200) return "is longer than 200 characters";
		return NULL;
	case IMP_LONG:
		if (strlen(v) > 100) return "is longer than 100 characters";
		return NULL;
	case IMP_LIST:
		if (strlen(v) > 10000) return "is too long";
		if (c->values) { /* every element one of the values; stored trimmed, lower case */
			char *w = v;
			for (char *p = v; *p;) {
				char *e = strchr(p, ';');
				if (e) *e = '\0';
				p = trim_lower(p);
				size_t len = strlen(p);
				if (!svc_is_one_of(p, c->values)) return "has a value that is not allowed";
				if (w != v) *w++ = ';';
				memmove(w, p, len + 1);
				w += len;
				p = e ? e + 1 : p + len;
			}
		}
		return NULL;
	case IMP_BGN:
		return all_digits(v, 5) ? NULL : "must be 5 digits (bevoegd-gezag number)";
	case IMP_BOOL:
		lower(v);
		if (!strcmp(v, "ja") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "j"))
			*res = "t";
		else if (!strcmp(v, "nee") || !strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "n"))
			*res = "f";
		else
			return "must be ja or nee";
		return NULL;
	case IMP_DATE:
		return svc_is_date(v) ? NULL : "must be a date YYYY-MM-DD";
	case IMP_COUNT:
		n = svc_parse_count(v);
		return n >= 0 && n <= 10000000 ? NULL : "must be a whole number >= 0";
	case IMP_BRIN:
		for (char *p = v; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		return svc_is_brin(v) ? NULL : "must be a BRIN: 2 digits and 2 letters/digits, e.g. 00LH";
	case IMP_VEST:
		if (strlen(v) == 1 && isdigit((unsigned char)v[0])) {
			snprintf(out, outlen, "0%c", v[0]);
			*res = out;
			return NULL;
		}
		return svc_is_vestiging(v) ? NULL : "must be 2 digits, e.g. 00";
	case IMP_YEAR:
		n = svc_parse_count(v);
		return n >= 1990 && n <= 2100 ? NULL : "must be a year 1990-2100";
	case IMP_CBS:
		if (all_digits(v, 4)) {
			snprintf(out, outlen, "GM%s", v);
			*res = out;
			return NULL;
		}
		if ((v[0] == 'G' || v[0] == 'g') && (v[1] == 'M' || v[1] == 'm') && all_digits(v + 2, 4)) {
			snprintf(out, outlen, "GM%s", v + 2);
			*res = out;
			return NULL;
		}
		return "must be a CBS gemeentecode: 4 digits, e.g. 0361";
	case IMP_PCS:
		for (char *p = v; *p;) {
			char *e = strchr(p, ';');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (len != 9 || p[4] != '-' || !isdigit((unsigned char)p[0]) ||
			    !isdigit((unsigned char)p[3]) || !isdigit((unsigned char)p[5]) ||
			    !isdigit((unsigned char)p[8]) || strncmp(p, p + 5, 4) > 0)
				return "must be ;-separated postcode ranges such as 1000-1099";
			for (int i = 0; i < 9; i++)
				if (i != 4 && !isdigit((unsigned char)p[i]))
					return "must be ;-separated postcode ranges such as 1000-1099";
			if (!e) break;
			p = e + 1;
		}
		return NULL;
	case IMP_SOORT:
		lower(v);
		*res = !strcmp(v, "bao") ? "1" : !strcmp(v, "sbo") ? "2" : !strcmp(v, "so") ? "3" : NULL;
		return *res ? NULL : "must be bao, sbo or so";
	case IMP_SOORT2:
		lower(v);
		*res = !strcmp(v, "sbo") ? "2" : !strcmp(v, "so") ? "3" : NULL;
		return *res ? NULL : "must be sbo or so";
	case IMP_CLUSTER:
		return strlen(v) == 1 && v[0] >= '1' && v[0] <= '4' ? NULL : "must be 1, 2, 3 or 4";
	case IMP_CAT:
		return strlen(v) == 1 && v[0] >= '1' && v[0] <= '3' ? NULL : "must be 1, 2 or 3";
	case IMP_GESLACHT:
		lower(v);
		*res = (!strcmp(v, "jongen") || !strcmp(v, "m"))   ? "1"
		       : (!strcmp(v, "meisje") || !strcmp(v, "v")) ? "2"
		       : (!strcmp(v, "anders") || !strcmp(v, "x")) ? "3"
		                                                   : NULL;
		return *res ? NULL : "must be jongen, meisje or anders (m, v, x)";
	case IMP_ENUM:
		lower(v);
		return svc_is_one_of(v, c->values) ? NULL : "has a value that is not allowed";
	case IMP_CODE:
		lower(v);
		return is_code(v)
		           ? NULL
		           : "must be a code: a lower-case letter, then letters, digits or _ (at most 40)";
	case IMP_HOURS: {
		long long h = parse_hundredths(v);
		if (h < 0 || h > 4000) return "must be a number of hours 0-40 with at most 2 decimals";
		snprintf(out, outlen, "%lld.%02lld", h / 100, h % 100);
		*res = out;
		return NULL;
	}
	case IMP_EUROS: {
		long long cents = parse_hundredths(v);
		if (cents < 0) return "must be an amount in euros >= 0 with at most 2 decimals, e.g. 1250,00";
		snprintf(out, outlen, "%lld", cents);
		*res = out;
		return NULL;
	}
	case IMP_WEEKS:
		n = svc_parse_count(v);
		return n >= 10 && n <= 20 ? NULL : "must be 10-20 weeks";
	case IMP_MONEY: {
		int64_t cents;
		if (euro_parse_cents(v, &cents) != 0)
			return "must be an amount in euros with at most 2 decimals, e.g. 1234.56 (no "
			       "thousands "
			       "separators, at most 1000000000)";
		snprintf(out, outlen, "%lld", (long long)cents);
		*res = out;
		return NULL;
	}
	}
	return NULL;
}

/* ---- running statements ------------------------------------------------------ */

/* What a call's done callback needs: the call and its request (alive until
 * the call is finished). */
typedef struct imp_ctx {
	rpc_call *call;
	const ProtobufCMessage *req;
} imp_ctx;

/* A new imp_ctx (caller frees), or NULL with the call finished. */
static imp_ctx *ctx_new(rpc_call *call, const ProtobufCMessage *req)
{
	imp_ctx *c = malloc(sizeof *c);
	if (!c) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return NULL;
	}
	c->call = call;
	c->req = req;
	return c;
}

/* Send the n statements q[i] for c's call in one transaction, their
 * parameters bound by name (res_bind): the nvals values given (names[k] ->
 * values[k]), the rest from the request; done(c, reply) answers. An audited
 * call's row names object_ids when the statements publish none (NULL: no
 * row then). When the request cannot be sent the call is finished and c
 * freed. */
static void run(imp_ctx *c, pg_done_fn done, int n, const sql_query *const *q, int nvals,
                const char *const *names, const char *const *values, const char *object_ids)
{
	res_arena a = {0};
	const char *params[RES_MAX_PARAMS];
	pg_req *r = svc_req(c->call, done, c);
	if (!r) goto fail;
	for (int i = 0; i < n; i++) {
		if (res_bind(c->call, &a, c->req, q[i], names, values, nvals, params) != 0) {
			pg_req_free(r);
			goto fail;
		}
		if (pg_req_add(r, &q[i]->stmt, params) != 0) { /* copies the parameters */
			pg_req_free(r);
			rpc_finish(c->call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
			goto fail;
		}
	}
	res_arena_free(&a);
	if (svc_submit_audited(c->call, r, object_ids) != 0) free(c);
	return;
fail:
	res_arena_free(&a);
	free(c);
}

/* A count column of row 0 (NULL: 0). */
static int64_t count(const PGresult *res, const char *name)
{
	const char *v = res_value(res, 0, name);
	return v ? atoll(v) : 0;
}

/* FinishImport's outcome into st: one row of counts without a line (the
 * import was valid), else one row per error. Returns 0 or -1 with err. */
static int finish_outcome(res_arena *a, const PGresult *fin, int dry_run, Passend__V1__ImportStatus *st,
                          char *err, size_t errlen)
{
	int n = PQntuples(fin);
	if (n == 1 && !res_value(fin, 0, "line")) {
		st->rows_inserted = count(fin, "_inserted");
		st->rows_updated = count(fin, "_updated");
		st->rows_unchanged = count(fin, "_unchanged");
		st->committed = !dry_run;
		return 0;
	}
	if (n == 0) return 0;
	st->errors = res_alloc(a, (size_t)n * sizeof *st->errors);
	if (!st->errors) return res_errf(err, errlen, "out of memory");
	for (int i = 0; i < n; i++) {
		ProtobufCMessage *e = res_new_message(a, &passend__v1__import_error__descriptor);
		if (!e) return res_errf(err, errlen, "out of memory");
		if (res_row_fill(a, fin, i, e, err, errlen) != 0) return -1;
		st->errors[i] = (Passend__V1__ImportError *)e;
	}
	st->n_errors = (size_t)n;
	return 0;
}

/* Reply with the ImportStatus that row 0 of batch fills by column name and,
 * for FinishImport (fin not NULL), the outcome. */
static void reply_status(rpc_call *call, const PGresult *batch, const PGresult *fin, int dry_run)
{
	res_arena a = {0};
	Passend__V1__ImportStatus st = PASSEND__V1__IMPORT_STATUS__INIT;
	char err[256];
	if (res_row_fill(&a, batch, 0, &st.base, err, sizeof err) == 0 &&
	    (!fin || finish_outcome(&a, fin, dry_run, &st, err, sizeof err) == 0))
		rpc_reply(call, &st.base);
	else
		res_internal(call, err);
	res_arena_free(&a);
}

/* ---- StartImport ----------------------------------------------------------- */

static void start_done(void *arg, const pg_reply *rep)
{
	imp_ctx *c = arg;
	rpc_call *call = c->call;
	free(c);
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_INTERNAL, "import batch not created");
	if (res) reply_status(call, res, NULL, 0);
}

/* Map the header's names to canonical column indexes (map[i] for header
 * field i). Returns NULL or a message (in msg). */
static int map_header(const imp_kind *k, const csv_row *row, int *map, char *msg, size_t msglen)
{
	int seen[IMPORT_MAX_COLS] = {0};
	for (size_t i = 0; i < row->nfields; i++) {
		char *h = trim_lower(row->fields[i]);
		int found = -1;
		for (int j = 0; j < k->ncols; j++)
			if (!strcmp(k->cols[j].name, h)) found = j;
		if (found < 0) {
			snprintf(msg, msglen, "header: unknown column \"%.100s\" for %s (see docs/import.md)",
			         h, k->name);
			return -1;
		}
		if (seen[found]++) {
			snprintf(msg, msglen, "header: column \"%s\" appears twice", h);
			return -1;
		}
		map[i] = found;
	}
	for (int j = 0; j < k->ncols; j++)
		if (k->cols[j].required && !seen[j]) {
			snprintf(msg, msglen, "header: required column \"%s\" is missing for %s",
			         k->cols[j].name, k->name);
			return -1;
		}
	return 0;
}

static void start_import(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__StartImportRequest *req = (const void *)msg;
	const imp_kind *k = kind_by_proto(req->kind);
	char err[256];
	int map[CSV_MAX_FIELDS];
	const auth_principal *p = rpc_call_principal(call);
	if (!k || !p || !(k->roles & p->role)) {
		char names[512];
		size_t n = 0;
		names[0] = '\0';
		for (const import_kind *const *i = import_kinds; *i; i++)
			if (p && ((*i)->roles & p->role) && n < sizeof names)
				n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "",
				                      (*i)->name);
		if (k)
			svc_fail(call, GRPC_STATUS_PERMISSION_DENIED,
			         "kind: role %s may not import %s (it may import: %s)", p ? p->role_name : "",
			         k->name, n ? names : "none");
		else
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "kind must be one of: %s", names);
		return;
	}
	if (strlen(req->file_name) > 500) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "file_name is longer than 500 characters");
		return;
	}
	csv_reader r;
	csv_row row;
	csv_init(&r, req->header, strlen(req->header), 1);
	int rc = csv_next(&r, &row);
	if (rc != 1) {
		csv_free(&r);
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "header: %s",
		         rc == 0 ? "is empty" : csv_strerror(rc));
		return;
	}
	if (map_header(k, &row, map, err, sizeof err) != 0) {
		csv_free(&r);
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
		return;
	}
	buf hj = {0};
	int bad = buf_append(&hj, "[", 1);
	for (size_t i = 0; i < row.nfields && !bad; i++)
		bad = (i && buf_append(&hj, ",", 1)) || json_str(&hj, k->cols[map[i]].name);
	bad = bad || buf_append(&hj, "]", 2); /* with the NUL */
	csv_free(&r);
	imp_ctx *c = bad ? NULL : ctx_new(call, msg);
	if (!c) {
		if (bad) rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		buf_free(&hj);
		return;
	}
	run(c, start_done, 1, (const sql_query *const[]){&sql_import_start}, 3,
	    (const char *const[]){"kind_name", "header_columns", "finish_function"},
	    (const char *const[]){k->name, (const char *)hj.data, k->finish}, NULL);
	buf_free(&hj);
}

/* ---- ImportChunk ----------------------------------------------------------- */

static void chunk_stored(void *arg, const pg_reply *rep)
{
	imp_ctx *c = arg;
	rpc_call *call = c->call;
	free(c);
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_FAILED_PRECONDITION,
	                                  "import_id: the import is already finished");
	if (!res) return;
	const char *kind = res_value(res, 0, "_kind");
	const imp_kind *k = kind ? kind_by_name(kind) : NULL;
	if (k) {
		metrics_cells *m = rpc_call_worker(call)->metrics;
		metrics_import_rows(m, k->proto, k->name, METRICS_IMPORT_STORED,
		                    (uint64_t)count(res, "_stored"));
		metrics_import_rows(m, k->proto, k->name, METRICS_IMPORT_REJECTED,
		                    (uint64_t)count(res, "_rejected"));
	}
	reply_status(call, res, NULL, 0);
}

/* Parse the header literal {a,b,...} of canonical names into map. */
static int header_map(const imp_kind *k, const char *lit, int *map, int *nmap)
{
	*nmap = 0;
	if (*lit++ != '{') return -1;
	while (*lit && *lit != '}') {
		const char *e = lit;
		while (*e && *e != ',' && *e != '}')
			e++;
		int found = -1;
		for (int j = 0; j < k->ncols; j++)
			if (strlen(k->cols[j].name) == (size_t)(e - lit) &&
			    !strncmp(k->cols[j].name, lit, (size_t)(e - lit)))
				found = j;
		if (found < 0 || *nmap >= CSV_MAX_FIELDS) return -1;
		map[(*nmap)++] = found;
		lit = *e == ',' ? e + 1 : e;
	}
	return 0;
}

/* Parse, check and encode the chunk's rows. Returns 0 or -1 (out of memory). */
static int encode_chunk(const imp_kind *k, const int *map, int nmap,
                        const Passend__V1__ImportChunkRequest *req, buf *out, long *nrows)
{
	csv_reader r;
	csv_row row;
	buf errs = {0};
	int nerr = 0, rc, first_row = 1, first_err = 1;
	char norm[IMPORT_MAX_COLS][16];
	*nrows = 0;
	csv_init(&r, req->rows, strlen(req->rows), req->first_line > 0 ? (long)req->first_line : 2);
	if (buf_append(out, "{\"rows\":[", 9) != 0) goto nomem;
	for (;;) {
		rc = csv_next(&r, &row);
		if (rc == 0) break;
		(*nrows)++;
#define ADD_ERR(line, col, msg)                                                                              \
	do {                                                                                                 \
		if (nerr++ < IMPORT_MAX_CHUNK_ERRS) {                                                        \
			if ((!first_err && buf_append(&errs, ",", 1)) ||                                     \
			    buf_printf(&errs, "[%ld,", (long)(line)) || json_str(&errs, col) ||              \
			    buf_append(&errs, ",", 1) || json_str(&errs, msg) || buf_append(&errs, "]", 1))  \
				goto nomem;                                                                  \
			first_err = 0;                                                                       \
		}                                                                                            \
	} while (0)
		if (rc < 0) {
			if (rc == CSV_E_NOMEM) goto nomem;
			ADD_ERR(row.line, "", csv_strerror(rc));
			continue;
		}
		if ((int)row.nfields != nmap) {
			char m[96];
			snprintf(m, sizeof m, "has %zu fields, the header has %d", row.nfields, nmap);
			ADD_ERR(row.line, "", m);
			continue;
		}
		const char *vals[IMPORT_MAX_COLS] = {0};
		int bad = 0;
		for (int j = 0; j < k->ncols; j++) /* absent columns: their default */
			vals[j] = k->cols[j].dflt;
		int present[IMPORT_MAX_COLS] = {0};
		for (int i = 0; i < nmap; i++)
			present[map[i]] = 1;
		for (int i = 0; i < nmap; i++) {
			const imp_col *c = &k->cols[map[i]];
			char *v = row.fields[i];
			while (*v == ' ' || *v == '\t')
				v++;
			size_t len = strlen(v);
			while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
				v[--len] = '\0';
			const char *res;
			const char *m = check_field(c, v, &res, norm[map[i]], sizeof norm[0]);
			if (m) {
				ADD_ERR(row.line, c->name, m);
				bad = 1;
			}
			vals[map[i]] = res;
		}
		for (int j = 0; j < k->ncols; j++)
			if (k->cols[j].required && !present[j]) bad = 1; /* cannot happen: header checked */
		if (bad) continue;
		imp_row_err re[IMPORT_MAX_ROW_ERRS];
		int ne = k->row_check ? k->row_check(vals, re) : 0;
		for (int e = 0; e < ne; e++)
			ADD_ERR(row.line, re[e].col, re[e].msg);
		if (ne) continue;
		if ((!first_row && buf_append(out, ",", 1)) || buf_printf(out, "[%ld,[", row.line))
			goto nomem;
		first_row = 0;
		for (int j = 0; j < k->ncols; j++)
			if ((j && buf_append(out, ",", 1)) || json_str(out, vals[j])) goto nomem;
		if (buf_append(out, "]]", 2)) goto nomem;
	}
#undef ADD_ERR
	if (buf_append(out, "],\"errors\":[", 12) || (errs.len && buf_append(out, errs.data, errs.len)) ||
	    buf_append(out, "]}", 3))
		goto nomem;
	csv_free(&r);
	buf_free(&errs);
	return 0;
nomem:
	csv_free(&r);
	buf_free(&errs);
	return -1;
}

/* The batch row of ImportChunk: check the chunk against its kind and header
 * and store it. */
static void chunk_batch_done(void *arg, const pg_reply *rep)
{
	imp_ctx *c = arg;
	rpc_call *call = c->call;
	const Passend__V1__ImportChunkRequest *req = (const Passend__V1__ImportChunkRequest *)c->req;
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_NOT_FOUND,
	                                  "import_id: no import with this id (started by this token)");
	if (!res) {
		free(c);
		return;
	}
	const char *kind = res_value(res, 0, "_kind"), *header = res_value(res, 0, "_header");
	const char *state = res_value(res, 0, "_state"), *received = res_value(res, 0, "rows_received");
	const imp_kind *k = kind ? kind_by_name(kind) : NULL;
	int map[CSV_MAX_FIELDS], nmap;
	if (!k || !header || !received || header_map(k, header, map, &nmap) != 0) {
		free(c);
		svc_fail(call, GRPC_STATUS_INTERNAL, "import batch has an unreadable header");
		return;
	}
	if (!state || strcmp(state, "open") != 0) {
		free(c);
		svc_fail(call, GRPC_STATUS_FAILED_PRECONDITION, "import_id: the import is already finished");
		return;
	}
	buf out = {0};
	long nrows;
	if (encode_chunk(k, map, nmap, req, &out, &nrows) != 0) {
		buf_free(&out);
		free(c);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (atol(received) + nrows > IMPORT_MAX_ROWS) {
		buf_free(&out);
		free(c);
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "rows: an import holds at most %d rows",
		         IMPORT_MAX_ROWS);
		return;
	}
	char n[24];
	snprintf(n, sizeof n, "%ld", nrows);
	run(c, chunk_stored, 1, (const sql_query *const[]){&sql_import_chunk}, 2,
	    (const char *const[]){"chunk", "chunk_rows"}, (const char *const[]){(const char *)out.data, n},
	    NULL);
	buf_free(&out);
}

static void import_chunk(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ImportChunkRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->import_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "import_id is not a UUID");
		return;
	}
	if (req->first_line < 2) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "first_line must be 2 or more (line 1 is the header)");
		return;
	}
	imp_ctx *c = ctx_new(call, msg);
	if (c)
		run(c, chunk_batch_done, 1, (const sql_query *const[]){&sql_import_batch}, 0, NULL, NULL,
		    NULL);
}

/* ---- FinishImport ------------------------------------------------------------ */

/* The batch row (as it was before) and import_finish's rows. */
static void finish_done(void *arg, const pg_reply *rep)
{
	imp_ctx *c = arg;
	rpc_call *call = c->call;
	int dry_run = ((const Passend__V1__FinishImportRequest *)c->req)->dry_run;
	free(c);
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		return;
	}
	const PGresult *batch = svc_result(rep, 0), *res = svc_result(rep, 1);
	if (!batch || PQntuples(batch) != 1 || !res) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND,
		         "import_id: no import with this id (started by this token)");
		return;
	}
	const char *kind = res_value(batch, 0, "_kind");
	const imp_kind *k = kind ? kind_by_name(kind) : NULL;
	if (k && !dry_run && PQntuples(res) == 1 && !res_value(res, 0, "line")) {
		metrics_cells *m = rpc_call_worker(call)->metrics;
		metrics_import_rows(m, k->proto, k->name, METRICS_IMPORT_INSERTED,
		                    (uint64_t)count(res, "_inserted"));
		metrics_import_rows(m, k->proto, k->name, METRICS_IMPORT_UPDATED,
		                    (uint64_t)count(res, "_updated"));
		metrics_import_rows(m, k->proto, k->name, METRICS_IMPORT_UNCHANGED,
		                    (uint64_t)count(res, "_unchanged"));
	}
	reply_status(call, batch, res, dry_run);
}

static void finish_import(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__FinishImportRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->import_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "import_id is not a UUID");
		return;
	}
	imp_ctx *c = ctx_new(call, msg);
	if (!c) return;
	char ids[48];
	snprintf(ids, sizeof ids, "{%s}", req->import_id);
	run(c, finish_done, 2, (const sql_query *const[]){&sql_import_batch, &sql_import_finish}, 0, NULL,
	    NULL, ids);
}

static const rpc_method svc_import_start = {RPC_METHOD_ID("passend.v1.Bestuur", "StartImport",
                                                          passend__v1__start_import_request,
                                                          passend__v1__import_status, IMPORT_ROLES),
                                            .handler = start_import};
static const rpc_method svc_import_chunk = {RPC_METHOD_ID("passend.v1.Bestuur", "ImportChunk",
                                                          passend__v1__import_chunk_request,
                                                          passend__v1__import_status, IMPORT_ROLES),
                                            .handler = import_chunk};
/* Historical TLVs, MDOs and arrangements are pupil-level: every finish is
 * audited (all kinds). Which role may import which kind is the kind's
 * (StartImport checks it; a batch belongs to the token that started it). */
static const rpc_method svc_import_finish = {
    RPC_METHOD_ID("passend.v1.Bestuur", "FinishImport", passend__v1__finish_import_request,
                  passend__v1__import_status, IMPORT_ROLES),
    .handler = finish_import, .pupil_level = 1, .audit_roles = IMPORT_ROLES};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_import_start,
    &svc_import_chunk,
    &svc_import_finish,
    NULL,
};
const service svc_area_import = {"passend.v1.Bestuur", methods, sql_import_stmts};
