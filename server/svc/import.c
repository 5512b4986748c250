/* import: passend.v1.Bestuur StartImport / ImportChunk / FinishImport (CSV
 * import, docs/import.md). StartImport checks the header against the kind's
 * columns; ImportChunk parses rows (csv.c), checks every field's format and
 * stores the rows in canonical column order plus the format errors; the
 * set-based validation and the upsert run in SQL (bestuur.import_finish).
 * The statements are server/sql/import.sql; replies are filled from their
 * rows by column name (res_row.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "grpc_status.h"
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
#define IMPORT_MAX_COLS       24

/* How a field is checked and normalized before it is stored. */
enum col_type {
	T_TEXT,  /* 1-200 characters */
	T_LONG,  /* 1-200 characters too, but ids (source_system 100) */
	T_BGN,   /* 5 digits */
	T_BOOL,  /* ja/nee/true/false/1/0 -> t/f */
	T_DATE,  /* YYYY-MM-DD, a real date */
	T_COUNT, /* integer 0..10,000,000 */
	T_BRIN,
	T_VEST,     /* 2 digits, default 00 */
	T_YEAR,     /* 1990-2100 */
	T_CBS,      /* 0361 or GM0361 -> GM0361 */
	T_PCS,      /* ;-separated 1000-1099 ranges */
	T_SOORT,    /* bao/sbo/so -> 1/2/3 */
	T_SOORT2,   /* sbo/so -> 2/3 */
	T_CLUSTER,  /* 1-4 */
	T_CAT,      /* 1-3 */
	T_GESLACHT, /* jongen/meisje/anders, m/v/x -> 1/2/3 */
	T_ENUM,     /* one of col.values (stored as written, lower case) */
	T_LIST,     /* ;-separated names */
};

typedef struct imp_col {
	const char *name;
	int required;
	enum col_type type;
	const char *values; /* T_ENUM: "a|b"; the first is the default */
	const char *dflt;   /* stored when the field is empty (after normalization) */
} imp_col;

typedef struct imp_kind {
	const char *name;
	int proto; /* ImportKind value */
	int ncols;
	imp_col cols[IMPORT_MAX_COLS];
} imp_kind;

/* Canonical column order: bestuur.import_finish reads fields[i] by position. */
static const imp_kind kinds[] = {
    {"besturen",
     1,
     9,
     {{"bevoegd_gezag_nummer", 1, T_BGN, NULL, NULL},
      {"name", 1, T_TEXT, NULL, NULL},
      {"vestigingsplaats", 0, T_TEXT, NULL, ""},
      {"runs_bao", 0, T_BOOL, NULL, "f"},
      {"runs_sbo", 0, T_BOOL, NULL, "f"},
      {"runs_so", 0, T_BOOL, NULL, "f"},
      {"lidmaatschap", 0, T_ENUM, "lid|aangesloten", "lid"},
      {"active_from", 0, T_DATE, NULL, NULL},
      {"active_to", 0, T_DATE, NULL, NULL}}},
    {"scholen",
     2,
     10,
     {{"brin", 1, T_BRIN, NULL, NULL},
      {"vestiging", 0, T_VEST, NULL, "00"},
      {"name", 1, T_TEXT, NULL, NULL},
      {"soort", 1, T_SOORT, NULL, NULL},
      {"so_cluster", 0, T_CLUSTER, NULL, NULL},
      {"bevoegd_gezag_nummer", 0, T_BGN, NULL, NULL},
      {"gemeente", 0, T_TEXT, NULL, NULL},
      {"werkgebied", 0, T_TEXT, NULL, NULL},
      {"active_from", 0, T_DATE, NULL, NULL},
      {"active_to", 0, T_DATE, NULL, NULL}}},
    {"werkgebieden", 3, 2, {{"name", 1, T_TEXT, NULL, NULL}, {"gemeenten", 0, T_LIST, NULL, NULL}}},
    {"gemeenten",
     4,
     6,
     {{"name", 1, T_TEXT, NULL, NULL},
      {"cbs_code", 0, T_CBS, NULL, NULL},
      {"valid_from", 0, T_DATE, NULL, "1900-01-01"},
      {"valid_to", 0, T_DATE, NULL, NULL},
      {"successor", 0, T_TEXT, NULL, NULL},
      {"postcodes", 0, T_PCS, NULL, NULL}}},
    {"tellingen",
     5,
     10,
     {{"brin", 1, T_BRIN, NULL, NULL},
      {"vestiging", 0, T_VEST, NULL, "00"},
      {"teldatum", 1, T_DATE, NULL, NULL},
      {"tel_wijze", 0, T_ENUM, "schoolgaand|woonachtig", "schoolgaand"},
      {"gemeente", 0, T_TEXT, NULL, NULL},
      {"aantal", 1, T_COUNT, NULL, NULL},
      {"onder_8", 0, T_COUNT, NULL, NULL},
      {"so_categorie_1", 0, T_COUNT, NULL, NULL},
      {"so_categorie_2", 0, T_COUNT, NULL, NULL},
      {"so_categorie_3", 0, T_COUNT, NULL, NULL}}},
    {"tlvs",
     6,
     21,
     {{"source_system", 1, T_LONG, NULL, NULL},
      {"external_id", 1, T_LONG, NULL, NULL},
      {"geboortejaar", 0, T_YEAR, NULL, NULL},
      {"geslacht", 0, T_GESLACHT, NULL, NULL},
      {"herkomst", 1, T_TEXT, NULL, NULL},
      {"aanvraag_soort", 0, T_ENUM, "nieuw|herbeoordeling", "nieuw"},
      {"gevraagde_soort", 0, T_SOORT2, NULL, NULL},
      {"aanvragende_brin", 0, T_BRIN, NULL, NULL},
      {"aanvragende_vestiging", 0, T_VEST, NULL, NULL},
      {"aanvraagdatum", 1, T_DATE, NULL, NULL},
      {"deadline", 0, T_DATE, NULL, NULL},
      {"besluitdatum", 1, T_DATE, NULL, NULL},
      {"besluit", 0, T_ENUM, "afgegeven|afgewezen", "afgegeven"},
      {"tlv_nummer", 0, T_TEXT, NULL, NULL},
      {"soort", 0, T_SOORT2, NULL, NULL},
      {"so_categorie", 0, T_CAT, NULL, NULL},
      {"startdatum", 0, T_DATE, NULL, NULL},
      {"einddatum", 0, T_DATE, NULL, NULL},
      {"ontvangende_brin", 0, T_BRIN, NULL, NULL},
      {"ontvangende_vestiging", 0, T_VEST, NULL, NULL},
      {"bestemming_naam", 0, T_TEXT, NULL, NULL}}},
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

static const imp_kind *kind_by_proto(int k)
{
	for (int i = 0; i < NKINDS; i++)
		if (kinds[i].proto == k) return &kinds[i];
	return NULL;
}

static const imp_kind *kind_by_name(const char *n)
{
	for (int i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].name, n) == 0) return &kinds[i];
	return NULL;
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

static int parse_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return -1;
	*y = atoi(s), *m = atoi(s + 5), *d = atoi(s + 8);
	return svc_valid_date(*y, *m, *d) ? 0 : -1;
}

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n) return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i])) return 0;
	return 1;
}

static long parse_count(const char *s)
{
	if (!*s || strlen(s) > 8) return -1;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p)) return -1;
	return atol(s);
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static int one_of(const char *s, const char *list)
{
	size_t n = strlen(s);
	for (const char *p = list; *p;) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncmp(p, s, n) == 0) return 1;
		if (!e) break;
		p = e + 1;
	}
	return 0;
}

/* Check and normalize field v (trimmed, may be rewritten in place, or
 * replaced by out[]) of column c. Returns NULL when fine (*res = the value to
 * store, NULL for no value) or a message. */
static const char *check_field(const imp_col *c, char *v, const char **res, char *out, size_t outlen)
{
	int y, m, d;
	long n;
	*res = v;
	if (!*v) {
		if (c->required) return "is required";
		*res = c->dflt;
		return NULL;
	}
	switch (c->type) {
	case T_TEXT:
		if (strlen(v) > 200) return "is longer than 200 characters";
		return NULL;
	case T_LONG:
		if (strlen(v) > 100) return "is longer than 100 characters";
		return NULL;
	case T_LIST:
		if (strlen(v) > 10000) return "is too long";
		return NULL;
	case T_BGN:
		return all_digits(v, 5) ? NULL : "must be 5 digits (bevoegd-gezag number)";
	case T_BOOL:
		lower(v);
		if (!strcmp(v, "ja") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "j"))
			*res = "t";
		else if (!strcmp(v, "nee") || !strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "n"))
			*res = "f";
		else
			return "must be ja or nee";
		return NULL;
	case T_DATE:
		return parse_date(v, &y, &m, &d) == 0 ? NULL : "must be a date YYYY-MM-DD";
	case T_COUNT:
		n = parse_count(v);
		return n >= 0 && n <= 10000000 ? NULL : "must be a whole number >= 0";
	case T_BRIN:
		for (char *p = v; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		return svc_is_brin(v) ? NULL : "must be a BRIN: 2 digits and 2 letters/digits, e.g. 00LH";
	case T_VEST:
		if (strlen(v) == 1 && isdigit((unsigned char)v[0])) {
			snprintf(out, outlen, "0%c", v[0]);
			*res = out;
			return NULL;
		}
		return svc_is_vestiging(v) ? NULL : "must be 2 digits, e.g. 00";
	case T_YEAR:
		n = parse_count(v);
		return n >= 1990 && n <= 2100 ? NULL : "must be a year 1990-2100";
	case T_CBS:
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
	case T_PCS:
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
	case T_SOORT:
		lower(v);
		*res = !strcmp(v, "bao") ? "1" : !strcmp(v, "sbo") ? "2" : !strcmp(v, "so") ? "3" : NULL;
		return *res ? NULL : "must be bao, sbo or so";
	case T_SOORT2:
		lower(v);
		*res = !strcmp(v, "sbo") ? "2" : !strcmp(v, "so") ? "3" : NULL;
		return *res ? NULL : "must be sbo or so";
	case T_CLUSTER:
		return strlen(v) == 1 && v[0] >= '1' && v[0] <= '4' ? NULL : "must be 1, 2, 3 or 4";
	case T_CAT:
		return strlen(v) == 1 && v[0] >= '1' && v[0] <= '3' ? NULL : "must be 1, 2 or 3";
	case T_GESLACHT:
		lower(v);
		*res = (!strcmp(v, "jongen") || !strcmp(v, "m"))   ? "1"
		       : (!strcmp(v, "meisje") || !strcmp(v, "v")) ? "2"
		       : (!strcmp(v, "anders") || !strcmp(v, "x")) ? "3"
		                                                   : NULL;
		return *res ? NULL : "must be jongen, meisje or anders (m, v, x)";
	case T_ENUM:
		lower(v);
		return one_of(v, c->values) ? NULL : "has a value that is not allowed";
	}
	return NULL;
}

/* Per-row checks across fields (vals in canonical order, NULL = no value).
 * Adds (col, message) pairs to errs; returns the number added. */
typedef struct row_err {
	const char *col, *msg;
} row_err;

static int cmpdate(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) : 0;
}

static int cross_checks(const imp_kind *k, const char **v, row_err *e)
{
	int n = 0;
	if (!strcmp(k->name, "besturen")) {
		if (cmpdate(v[8], v[7]) < 0) e[n++] = (row_err){"active_to", "is before active_from"};
	} else if (!strcmp(k->name, "scholen")) {
		if (v[4] && strcmp(v[3], "3") != 0)
			e[n++] = (row_err){"so_cluster", "is only for SO schools"};
		if (!v[7] && !strcmp(v[3], "1"))
			e[n++] = (row_err){"werkgebied", "is required for a bao school"};
		if (cmpdate(v[9], v[8]) < 0) e[n++] = (row_err){"active_to", "is before active_from"};
	} else if (!strcmp(k->name, "gemeenten")) {
		if (cmpdate(v[3], v[2]) < 0) e[n++] = (row_err){"valid_to", "is before valid_from"};
		if (v[4] && !v[3])
			e[n++] =
			    (row_err){"successor", "needs valid_to (the successor starts the day after)"};
	} else if (!strcmp(k->name, "tellingen")) {
		int woon = !strcmp(v[3], "woonachtig");
		if (woon && !v[4]) e[n++] = (row_err){"gemeente", "is required for tel_wijze woonachtig"};
		if (!woon && v[4]) e[n++] = (row_err){"gemeente", "is only for tel_wijze woonachtig"};
		long aantal = atol(v[5]);
		if (v[6] && atol(v[6]) > aantal) e[n++] = (row_err){"onder_8", "is more than aantal"};
		long cats = (v[7] ? atol(v[7]) : 0) + (v[8] ? atol(v[8]) : 0) + (v[9] ? atol(v[9]) : 0);
		if (cats > aantal)
			e[n++] = (row_err){"so_categorie_1", "categories add up to more than aantal"};
	} else if (!strcmp(k->name, "tlvs")) {
		int afg = !strcmp(v[12], "afgegeven");
		if (cmpdate(v[11], v[9]) < 0) e[n++] = (row_err){"besluitdatum", "is before aanvraagdatum"};
		if (cmpdate(v[10], v[9]) < 0) e[n++] = (row_err){"deadline", "is before aanvraagdatum"};
		if (afg && !v[14]) e[n++] = (row_err){"soort", "is required for an afgegeven TLV"};
		if (afg && !v[13]) e[n++] = (row_err){"tlv_nummer", "is required for an afgegeven TLV"};
		if (afg && !v[16]) e[n++] = (row_err){"startdatum", "is required for an afgegeven TLV"};
		if (afg && !v[17]) e[n++] = (row_err){"einddatum", "is required for an afgegeven TLV"};
		if (v[16] && v[17] && strcmp(v[17], v[16]) <= 0)
			e[n++] = (row_err){"einddatum", "is not after startdatum"};
		if (!v[6] && !v[14]) e[n++] = (row_err){"gevraagde_soort", "is required when soort is empty"};
		if (v[15] && !(v[14] && !strcmp(v[14], "3")))
			e[n++] = (row_err){"so_categorie", "is only for soort so"};
		if (afg && v[14] && !strcmp(v[14], "3") && !v[15])
			e[n++] = (row_err){"so_categorie", "is required for soort so"};
		if (v[7] && !v[8]) v[8] = "00";
		if (v[18] && !v[19]) v[19] = "00";
		if (v[8] && !v[7])
			e[n++] = (row_err){"aanvragende_brin", "is required with aanvragende_vestiging"};
		if (v[19] && !v[18])
			e[n++] = (row_err){"ontvangende_brin", "is required with ontvangende_vestiging"};
		if (v[18] && v[20])
			e[n++] =
			    (row_err){"bestemming_naam",
			              "is for destinations without a school (leave ontvangende_brin empty)"};
		if (!v[6] && v[14]) v[6] = v[14];
	}
	return n;
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
		char *h = row->fields[i];
		while (*h == ' ')
			h++;
		size_t len = strlen(h);
		while (len && h[len - 1] == ' ')
			h[--len] = '\0';
		lower(h);
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
	if (!k) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "kind must be besturen, scholen, werkgebieden, gemeenten, tellingen or tlvs");
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
	run(c, start_done, 1, (const sql_query *const[]){&sql_import_start}, 2,
	    (const char *const[]){"kind_name", "header_columns"},
	    (const char *const[]){k->name, (const char *)hj.data}, NULL);
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
		row_err re[16];
		int ne = cross_checks(k, vals, re);
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
                                                          passend__v1__import_status, RPC_ROLE_BESTUUR),
                                            .handler = start_import};
static const rpc_method svc_import_chunk = {RPC_METHOD_ID("passend.v1.Bestuur", "ImportChunk",
                                                          passend__v1__import_chunk_request,
                                                          passend__v1__import_status, RPC_ROLE_BESTUUR),
                                            .handler = import_chunk};
/* Historical TLVs are pupil-level: every finish is audited (all kinds). */
static const rpc_method svc_import_finish = {
    RPC_METHOD_ID("passend.v1.Bestuur", "FinishImport", passend__v1__finish_import_request,
                  passend__v1__import_status, RPC_ROLE_BESTUUR),
    .handler = finish_import, .pupil_level = 1, .audit_roles = RPC_ROLE_BESTUUR};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_import_start,
    &svc_import_chunk,
    &svc_import_finish,
    NULL,
};
const service svc_area_import = {"passend.v1.Bestuur", methods, sql_import_stmts};
