/* sync_upsert: passend.v1.Sync/UpsertRecords (docs/decisions.md D49, D53),
 * the batch upsert of the records a school system owns (pupils, support
 * requests, MDOs with their participants, pupil counts), by its
 * (source_system, external_id). One call is one chunk of at most SYNC_CHUNK_MAX records of
 * one kind, columnar (the chunk names its columns once); each record is
 * checked here (the field and the rule of the first fault), the rest go to
 * the kind's one set-based statement (server/sql/sync_upsert.sql) in one
 * transaction, through the request ledger (ledger.h), and every record gets
 * its result: created, updated, unchanged or the error naming the field.
 * A kind is a row of `kinds`: its roles (those of the object's own
 * method), its statement, its columns in parameter order, each with its
 * check, and its check across columns. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grpc_status.h"
#include "ledger.h"
#include "passend/v1/sync_upsert.pb-c.h"
#include "resource.h"
#include "sql_sync_upsert.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"

#define SERVICE        "passend.v1.Sync"
#define SYNC_CHUNK_MAX 5000 /* records per call: bounds one call's memory and transaction */
#define SYNC_COLS_MAX  16
#define SYNC_NORM_MAX  64 /* a normal form's bytes with its NUL */
#define ERRLEN         200

/* A column's check: NULL when v is acceptable (already known not empty),
 * else the rule. May rewrite the value into out (a normal form) and return
 * NULL with *outp set. */
typedef const char *(*col_check_fn)(const char *v, const char **outp, char out[SYNC_NORM_MAX]);

typedef struct sync_col {
	const char *name;
	col_check_fn check;
	int required; /* every record must give it (else an empty value keeps what is stored) */
} sync_col;

/* A kind's check across a record's columns (v: the checked values in the
 * order of its cols, NULL when not given): NULL, or the rule with *field
 * set to the column at fault. */
typedef const char *(*record_check_fn)(const char *const *v, const char **field);

typedef struct sync_kind {
	const char *name;
	unsigned roles;
	const sql_query *q;   /* $1 source_system, $2 idx, $3 external_id, then the columns */
	const sync_col *cols; /* in parameter order, ending with {NULL} */
	record_check_fn check;
} sync_kind;

/* ---- column checks ---- */

static const char *check_uuid(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return svc_is_uuid(v) ? NULL : "is not a UUID";
}

static const char *check_brin(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return svc_is_brin(v) ? NULL : "is not a BRIN (two digits and two letters or digits)";
}

static const char *check_vestiging(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return svc_is_vestiging(v) ? NULL : "is not a vestiging (two digits)";
}

static const char *check_geboortejaar(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	long y = svc_parse_count(v);
	if (y < 0 || (y != 0 && (y < 1990 || y > tm.tm_year + 1900)))
		return "must be 0 or a year from 1990 to this year";
	return NULL;
}

static const char *check_geslacht(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	static const char *const names[] = {"onbekend", "jongen", "meisje", "anders"};
	if (v[0] >= '0' && v[0] <= '3' && !v[1]) return NULL;
	for (int i = 0; i < 4; i++)
		if (!strcasecmp(v, names[i])) {
			snprintf(out, SYNC_NORM_MAX, "%d", i);
			*outp = out;
			return NULL;
		}
	return "must be 0-3 or onbekend, jongen, meisje, anders";
}

static const char *check_national_id(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return svc_is_national_id(v) ? NULL : "must be 9 digits (BSN or onderwijsnummer)";
}

static const char *check_date(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return svc_is_date(v) ? NULL : "is not a date (YYYY-MM-DD)";
}

static const char *check_code(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return svc_is_code(v) ? NULL : "is not a list code (1-40 lower-case letters, digits or _)";
}

static const char *check_omschrijving(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return strlen(v) <= 4000 ? NULL : "is longer than 4000 characters";
}

static const char *check_name(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return svc_text_ok(v, 1, 200) ? NULL : "must be 1-200 characters without control characters";
}

/* a count: 0 to 10,000,000 */
static const char *check_count(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	long n = svc_parse_count(v);
	return n < 0 || n > 10000000 ? "must be a whole number from 0" : NULL;
}

static const char *check_weken(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	long n = svc_parse_count(v);
	return n < 10 || n > 20 ? "must be 10..20 weeks" : NULL;
}

static const char *check_bool(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	static const char *const yes[] = {"t", "true", "ja", "1", "y", "yes"}, *const no[] = {"f",   "false",
	                                                                                      "nee", "0",
	                                                                                      "n",   "no"};
	for (int i = 0; i < 6; i++) {
		if (!strcasecmp(v, yes[i]) || !strcasecmp(v, no[i])) {
			*outp = !strcasecmp(v, yes[i]) ? "t" : "f";
			return NULL;
		}
	}
	return "must be true or false (t/f, ja/nee, 1/0)";
}

/* v lower-cased into out when it is one of list's words ("a|b"), else NULL */
static const char *lower_one_of(const char *v, const char *list, char out[SYNC_NORM_MAX])
{
	size_t n = strlen(v);
	if (n >= SYNC_NORM_MAX) return NULL;
	for (size_t i = 0; i <= n; i++)
		out[i] = (char)tolower((unsigned char)v[i]);
	return svc_is_one_of(out, list) ? out : NULL;
}

#define UITKOMSTEN "arrangement|tlv_route|tijdelijke_plaatsing|geen"
#define DEELNEMERS "school|ouders|consulent|jeugdhulp|jeugdarts|overig"

static const char *check_uitkomst(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return (*outp = lower_one_of(v, UITKOMSTEN, out)) ? NULL : "must be one of " UITKOMSTEN;
}

static const char *check_plaatsing(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return (*outp = lower_one_of(v, "sbo|so", out)) ? NULL : "must be sbo or so";
}

static const char *check_tel_wijze(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	return (*outp = lower_one_of(v, "schoolgaand|woonachtig", out)) ? NULL
	                                                                : "must be schoolgaand or woonachtig";
}

/* w's bit among the '|'-separated words of DEELNEMERS (1 << its position), 0 when w is none of them */
static unsigned deelnemer_bit(const char *w)
{
	size_t n = strlen(w);
	unsigned bit = 1;
	for (const char *p = DEELNEMERS;; bit <<= 1) {
		size_t len = strcspn(p, "|");
		if (len == n && !memcmp(p, w, n)) return bit;
		if (!p[len]) return 0;
		p += len + 1;
	}
}

/* deelnemers: one to six of DEELNEMERS, each once, separated by ';' or ','
 * (spaces around them ignored); out: lower case, ';'-separated */
static const char *check_deelnemers(const char *v, const char **outp, char out[SYNC_NORM_MAX])
{
	size_t o = 0;
	unsigned seen = 0;
	for (const char *p = v;;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, ";,");
		size_t t = n;
		while (t && p[t - 1] == ' ')
			t--;
		char w[16];
		if (!t || t >= sizeof w) return "must name one to six of " DEELNEMERS " (separated by ;)";
		for (size_t i = 0; i < t; i++)
			w[i] = (char)tolower((unsigned char)p[i]);
		w[t] = '\0';
		unsigned bit = deelnemer_bit(w);
		if (!bit) return "must name one to six of " DEELNEMERS " (separated by ;)";
		if (seen & bit) return "names a deelnemer twice";
		seen |= bit;
		o += (size_t)snprintf(out + o, SYNC_NORM_MAX - o, "%s%s", o ? ";" : "", w);
		if (!p[n]) break;
		p += n + 1;
	}
	*outp = out;
	return NULL;
}

static const sync_col leerling_cols[] = {
    {"school_id", check_uuid, 0},
    {"brin", check_brin, 0},
    {"vestiging", check_vestiging, 0},
    {"geboortejaar", check_geboortejaar, 0},
    {"geslacht", check_geslacht, 0},
    {"national_id", check_national_id, 0},
    {NULL, NULL, 0},
};

/* A support request (as CreateOndersteuningsvraag): the pupil by its id or
 * by this source's key; consent and the category are checked in SQL. */
static const sync_col vraag_cols[] = {
    {"leerling_id", check_uuid, 0},          {"leerling_external_id", check_name, 0},
    {"omschrijving", check_omschrijving, 0}, {"ondersteuningscategorie", check_code, 0},
    {"ingediend_op", check_date, 0},         {NULL, NULL, 0},
};

/* An MDO with its participants (as CreateMdo). */
enum { MDO_UITKOMST = 6, MDO_PLAATSING = 7, MDO_WEKEN = 8 };
static const sync_col mdo_cols[] = {
    {"leerling_id", check_uuid, 0},
    {"leerling_external_id", check_name, 0},
    {"datum", check_date, 0},
    {"niveau", check_code, 0},
    {"deelnemers", check_deelnemers, 0},
    {"kind_deelgenomen", check_bool, 0},
    [MDO_UITKOMST] = {"uitkomst", check_uitkomst, 0},
    [MDO_PLAATSING] = {"plaatsing", check_plaatsing, 0},
    [MDO_WEKEN] = {"plaatsing_weken", check_weken, 0},
    {NULL, NULL, 0},
};

static const char *check_mdo(const char *const *v, const char **field)
{
	if (v[MDO_UITKOMST] && !strcmp(v[MDO_UITKOMST], "tijdelijke_plaatsing")) {
		*field = !v[MDO_PLAATSING] ? "plaatsing" : "plaatsing_weken";
		if (!v[MDO_PLAATSING] || !v[MDO_WEKEN])
			return "is required for uitkomst tijdelijke_plaatsing";
	} else if (v[MDO_PLAATSING] || v[MDO_WEKEN]) {
		*field = v[MDO_PLAATSING] ? "plaatsing" : "plaatsing_weken";
		return "is only for uitkomst tijdelijke_plaatsing";
	}
	return NULL;
}

/* A pupil count (as UpsertTelling): replaced whole, an empty part is
 * unknown; the school by id or BRIN, the gemeente by id or name. */
enum { TEL_WIJZE = 4, TEL_GEM_ID, TEL_GEM, TEL_AANTAL, TEL_ONDER_8, TEL_CAT1 };
static const sync_col telling_cols[] = {
    {"school_id", check_uuid, 0},
    {"brin", check_brin, 0},
    {"vestiging", check_vestiging, 0},
    {"teldatum", check_date, 1},
    [TEL_WIJZE] = {"tel_wijze", check_tel_wijze, 0},
    [TEL_GEM_ID] = {"gemeente_id", check_uuid, 0},
    [TEL_GEM] = {"gemeente", check_name, 0},
    [TEL_AANTAL] = {"aantal", check_count, 1},
    [TEL_ONDER_8] = {"onder_8", check_count, 0},
    [TEL_CAT1] = {"so_categorie_1", check_count, 0},
    {"so_categorie_2", check_count, 0},
    {"so_categorie_3", check_count, 0},
    {NULL, NULL, 0},
};

static const char *check_telling(const char *const *v, const char **field)
{
	int woon = v[TEL_WIJZE] && !strcmp(v[TEL_WIJZE], "woonachtig");
	if (woon != (v[TEL_GEM_ID] || v[TEL_GEM])) {
		*field = woon || !v[TEL_GEM_ID] ? "gemeente" : "gemeente_id";
		return woon ? "is required for tel_wijze woonachtig (gemeente_id or gemeente)"
		            : "is only for tel_wijze woonachtig";
	}
	long aantal = atol(v[TEL_AANTAL]), cats = 0;
	if (v[TEL_ONDER_8] && atol(v[TEL_ONDER_8]) > aantal) {
		*field = "onder_8";
		return "is more than aantal";
	}
	for (int c = 0; c < 3; c++)
		cats += v[TEL_CAT1 + c] ? atol(v[TEL_CAT1 + c]) : 0;
	if (cats > aantal) {
		*field = "so_categorie_1";
		return "so_categorie_1 + 2 + 3 must not exceed aantal";
	}
	return NULL;
}

#define PUPIL_USERS (RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL)
static const sync_kind kinds[] = {
    {"leerlingen", PUPIL_USERS, &sql_sync_upsert_leerlingen, leerling_cols, NULL},
    {"ondersteuningsvragen", PUPIL_USERS, &sql_sync_upsert_ondersteuningsvragen, vraag_cols, NULL},
    {"mdos", PUPIL_USERS, &sql_sync_upsert_mdos, mdo_cols, check_mdo},
    {"tellingen", RPC_ROLE_BESTUUR, &sql_sync_upsert_tellingen, telling_cols, check_telling},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* ---- the call ---- */

typedef struct upsert_ctx {
	rpc_call *call;
	res_arena arena;
	ledger lg;
	size_t n;
	Passend__V1__UpsertResult **results; /* one per record; those checked here are set */
} upsert_ctx;

static void ctx_free(upsert_ctx *x)
{
	res_arena_free(&x->arena);
	free(x);
}

/* qsort order of record positions: by external_id, then position (the
 * handler runs on one worker thread at a time; qsort has no argument) */
static _Thread_local const Passend__V1__UpsertRecordsRequest *sort_req;
static _Thread_local int sort_ext;

static int cmp_record(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_req->records[i]->values[sort_ext], sort_req->records[j]->values[sort_ext]);
	return c ? c : (i < j ? -1 : i > j);
}

static Passend__V1__UpsertResult *result_new(upsert_ctx *x, size_t i, const char *external_id)
{
	Passend__V1__UpsertResult *r =
	    (Passend__V1__UpsertResult *)res_new_message(&x->arena, &passend__v1__upsert_result__descriptor);
	if (!r) return NULL;
	r->index = (int32_t)i;
	r->external_id = res_strndup(&x->arena, external_id, strlen(external_id));
	if (!r->external_id) return NULL;
	x->results[i] = r;
	return r;
}

static int record_error(upsert_ctx *x, size_t i, const char *external_id, const char *field, const char *msg)
{
	Passend__V1__UpsertResult *r = result_new(x, i, external_id);
	if (!r) return -1;
	r->outcome = PASSEND__V1__UPSERT_OUTCOME__UPSERT_ERROR;
	r->field = res_strndup(&x->arena, field, strlen(field));
	r->message = res_strndup(&x->arena, msg, strlen(msg));
	return r->field && r->message ? 0 : -1;
}

static int outcome_of(const char *s)
{
	if (!strcmp(s, "UPSERT_CREATED")) return PASSEND__V1__UPSERT_OUTCOME__UPSERT_CREATED;
	if (!strcmp(s, "UPSERT_UPDATED")) return PASSEND__V1__UPSERT_OUTCOME__UPSERT_UPDATED;
	if (!strcmp(s, "UPSERT_UNCHANGED")) return PASSEND__V1__UPSERT_OUTCOME__UPSERT_UNCHANGED;
	return PASSEND__V1__UPSERT_OUTCOME__UPSERT_ERROR;
}

static void upsert_done(void *arg, const pg_reply *rep)
{
	upsert_ctx *x = arg;
	rpc_call *call = x->call;
	if (rep->status != PG_OK) {
		if (ledger_repeat(&x->lg, call, rep)) {
		} else if (rep->status == PG_E_SQL && !strcmp(rep->sqlstate, "23505") &&
		           strstr(rep->message, "external")) {
			/* a concurrent call inserted a record of this chunk by its key
			 * first: nothing of this chunk was written, its repeat updates */
			svc_fail(call, GRPC_STATUS_ABORTED,
			         "a concurrent call wrote a record of this chunk first: repeat the chunk");
		} else {
			svc_fail_db(call, rep);
		}
		ctx_free(x);
		return;
	}
	const PGresult *res = svc_result(rep, 0);
	int ci = res ? res_column(res, "index") : -1, co = res ? res_column(res, "outcome") : -1,
	    cid = res ? res_column(res, "id") : -1, cf = res ? res_column(res, "field") : -1,
	    cm = res ? res_column(res, "message") : -1, ce = res ? res_column(res, "external_id") : -1;
	if (ci < 0 || co < 0 || cid < 0 || cf < 0 || cm < 0 || ce < 0) {
		res_internal(call, "the upsert statement lacks a result column");
		ctx_free(x);
		return;
	}
	for (int row = 0; row < PQntuples(res); row++) {
		long i = strtol(PQgetvalue(res, row, ci), NULL, 10);
		if (i < 0 || (size_t)i >= x->n || x->results[i]) {
			res_internal(call, "the upsert statement answered an unknown record");
			ctx_free(x);
			return;
		}
		Passend__V1__UpsertResult *r = result_new(x, (size_t)i, PQgetvalue(res, row, ce));
		if (!r) goto oom;
		r->outcome = outcome_of(PQgetvalue(res, row, co));
		if (!PQgetisnull(res, row, cid) && !(r->id = res_strndup(&x->arena, PQgetvalue(res, row, cid),
		                                                         strlen(PQgetvalue(res, row, cid)))))
			goto oom;
		if (!PQgetisnull(res, row, cf)) {
			r->field = res_strndup(&x->arena, PQgetvalue(res, row, cf),
			                       strlen(PQgetvalue(res, row, cf)));
			r->message = res_strndup(&x->arena, PQgetvalue(res, row, cm),
			                         strlen(PQgetvalue(res, row, cm)));
			if (!r->field || !r->message) goto oom;
		}
	}
	Passend__V1__UpsertRecordsResponse resp = PASSEND__V1__UPSERT_RECORDS_RESPONSE__INIT;
	for (size_t i = 0; i < x->n; i++) {
		if (!x->results[i]) {
			res_internal(call, "the upsert statement left a record without a result");
			ctx_free(x);
			return;
		}
		switch (x->results[i]->outcome) {
		case PASSEND__V1__UPSERT_OUTCOME__UPSERT_CREATED:
			resp.created++;
			break;
		case PASSEND__V1__UPSERT_OUTCOME__UPSERT_UPDATED:
			resp.updated++;
			break;
		case PASSEND__V1__UPSERT_OUTCOME__UPSERT_UNCHANGED:
			resp.unchanged++;
			break;
		default:
			resp.errors++;
		}
	}
	resp.n_results = x->n;
	resp.results = x->results;
	ledger_reply(&x->lg, call, rep, &resp.base);
	ctx_free(x);
	return;
oom:
	svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	ctx_free(x);
}

/* Check the chunk, the records, and bind the kind's statement's arrays.
 * Returns 0, or -1 after finishing the call. */
static int prepare(upsert_ctx *x, const Passend__V1__UpsertRecordsRequest *req, const sync_kind **kindp,
                   const char *params[RES_MAX_PARAMS])
{
	rpc_call *call = x->call;
	const sync_kind *k = NULL;
	char known[200] = "";
	for (size_t i = 0; i < NKINDS; i++) {
		if (!strcmp(req->kind, kinds[i].name)) k = &kinds[i];
		snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
		         kinds[i].name);
	}
	if (!k) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "kind: unknown kind \"%.60s\" (known: %s)",
		         req->kind, known);
		return -1;
	}
	if (!(rpc_call_principal(call) && (svc_principal(call)->role & k->roles))) {
		svc_fail(call, GRPC_STATUS_PERMISSION_DENIED, "kind %s: not for this role", k->name);
		return -1;
	}
	if (!svc_text_ok(req->source_system, 1, 100)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "source_system is required (1-100 characters)");
		return -1;
	}
	if (req->n_records > SYNC_CHUNK_MAX) {
		svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED,
		         "records: at most %d records per call (chunk size limit), got %zu", SYNC_CHUNK_MAX,
		         req->n_records);
		return -1;
	}
	/* columns: external_id and the kind's, each once */
	int ext = -1, colpos[SYNC_COLS_MAX];
	size_t ncols = 0;
	while (k->cols[ncols].name)
		ncols++;
	for (size_t c = 0; c < ncols; c++)
		colpos[c] = -1;
	for (size_t i = 0; i < req->n_columns; i++) {
		const char *name = req->columns[i];
		int *slot = NULL;
		if (!strcmp(name, "external_id")) slot = &ext;
		for (size_t c = 0; !slot && c < ncols; c++)
			if (!strcmp(name, k->cols[c].name)) slot = &colpos[c];
		if (!slot) {
			char names[300] = "external_id";
			for (size_t c = 0; c < ncols; c++)
				snprintf(names + strlen(names), sizeof names - strlen(names), ", %s",
				         k->cols[c].name);
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
			         "columns: unknown column \"%.60s\" for %s (known: %s)", name, k->name,
			         names);
			return -1;
		}
		if (*slot >= 0) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "columns: \"%.60s\" is named twice",
			         name);
			return -1;
		}
		*slot = (int)i;
	}
	if (ext < 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "columns: external_id is required (the record's key)");
		return -1;
	}
	size_t n = req->n_records;
	x->n = n;
	x->results = res_alloc(&x->arena, (n ? n : 1) * sizeof *x->results);
	const char **idx = res_alloc(&x->arena, (n ? n : 1) * sizeof *idx);
	const char **eid = res_alloc(&x->arena, (n ? n : 1) * sizeof *eid);
	const char **vals = res_alloc(&x->arena, (n ? n : 1) * ncols * sizeof *vals);
	if (!x->results || !idx || !eid || !vals) goto oom;
	memset(x->results, 0, (n ? n : 1) * sizeof *x->results);
	/* duplicates of an external_id in one chunk: the second and later are errors */
	char *dup = res_alloc(&x->arena, n ? n : 1);
	size_t *order = res_alloc(&x->arena, (n ? n : 1) * sizeof *order);
	if (!dup || !order) goto oom;
	memset(dup, 0, n ? n : 1);
	size_t nsorted = 0;
	for (size_t i = 0; i < n; i++)
		if (req->records[i]->n_values == req->n_columns) order[nsorted++] = i;
	sort_req = req;
	sort_ext = ext;
	qsort(order, nsorted, sizeof *order, cmp_record);
	for (size_t j = 1; j < nsorted; j++)
		if (!strcmp(req->records[order[j]]->values[ext], req->records[order[j - 1]]->values[ext]))
			dup[order[j]] = 1;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const Passend__V1__UpsertRecord *rec = req->records[i];
		const char *id = rec->n_values == req->n_columns ? rec->values[ext] : "";
		char err[ERRLEN];
		if (rec->n_values != req->n_columns) {
			snprintf(err, sizeof err, "has %zu values for %zu columns", rec->n_values,
			         req->n_columns);
			if (record_error(x, i, "", "values", err) != 0) goto oom;
			continue;
		}
		if (!id[0] || strlen(id) > 200) {
			if (record_error(x, i, id, "external_id", "is required (1-200 characters)") != 0)
				goto oom;
			continue;
		}
		if (dup[i]) {
			if (record_error(x, i, id, "external_id", "occurs more than once in this chunk") != 0)
				goto oom;
			continue;
		}
		const char *bad = NULL, *badcol = NULL;
		for (size_t c = 0; c < ncols; c++) {
			const char *v = colpos[c] >= 0 ? rec->values[colpos[c]] : NULL;
			if (v && !v[0]) v = NULL; /* empty: keep what is stored */
			char norm[SYNC_NORM_MAX];
			const char *out = v;
			if (!v && k->cols[c].required) bad = "is required";
			if (bad || (v && (bad = k->cols[c].check(v, &out, norm)))) {
				badcol = k->cols[c].name;
				break;
			}
			if (out && out == norm && !(out = res_strndup(&x->arena, norm, strlen(norm))))
				goto oom;
			vals[m * ncols + c] = out;
		}
		if (!bad && k->check) bad = k->check(vals + m * ncols, &badcol);
		if (bad) {
			if (record_error(x, i, id, badcol, bad) != 0) goto oom;
			continue;
		}
		char num[24];
		snprintf(num, sizeof num, "%zu", i);
		if (!(idx[m] = res_strndup(&x->arena, num, strlen(num)))) goto oom;
		eid[m] = id;
		m++;
	}
	/* the statement's arrays: one element per record that passed */
	const char **col = res_alloc(&x->arena, (m ? m : 1) * sizeof *col);
	if (!col || k->q->stmt.nparams != (int)(3 + ncols)) {
		if (col) res_internal(call, "the upsert statement does not take the kind's columns");
		return col ? -1 : (svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory"), -1);
	}
	params[0] = req->source_system;
	if (!(params[1] = res_text_array(&x->arena, idx, m)) ||
	    !(params[2] = res_text_array(&x->arena, eid, m)))
		goto oom;
	for (size_t c = 0; c < ncols; c++) {
		for (size_t r = 0; r < m; r++)
			col[r] = vals[r * ncols + c];
		if (!(params[3 + c] = res_text_array(&x->arena, col, m))) goto oom;
	}
	*kindp = k;
	return 0;
oom:
	svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	return -1;
}

static void upsert_records(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__UpsertRecordsRequest *req = (const Passend__V1__UpsertRecordsRequest *)msg;
	upsert_ctx *x = calloc(1, sizeof *x);
	if (!x) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	x->call = call;
	const sync_kind *k;
	const char *params[RES_MAX_PARAMS];
	if (prepare(x, req, &k, params) != 0) goto fail;
	pg_req *r = svc_req(call, upsert_done, x);
	if (!r) goto fail;
	if (ledger_begin(&x->lg, call, msg, r) != 0) {
		pg_req_free(r);
		goto fail;
	}
	/* A chunk's arrays vary in size: plan each with its own (a generic plan
	 * made while the table was small scans it per record once it is not).
	 * An unnamed statement, not plan_cache_mode for the transaction: that
	 * re-planned every foreign-key check of every record (half the chunk's
	 * time, D53). */
	if (pg_req_add_unnamed(r, &k->q->stmt, params) != 0) {
		pg_req_free(r);
		svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	if (svc_submit(call, r) != 0) goto fail;
	return;
fail:
	ctx_free(x);
}

static const rpc_method upsert = {RPC_METHOD_ID(SERVICE, "UpsertRecords", passend__v1__upsert_records_request,
                                                passend__v1__upsert_records_response,
                                                RPC_ROLE_BESTUUR | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL),
                                  .handler = upsert_records, .pupil_level = 1, .ledger = 1};

static const rpc_method *const methods[] = {&upsert, NULL};

const service svc_area_sync_upsert = {SERVICE, methods, sql_sync_upsert_stmts};
