/* import_kind: how a service area declares a CSV import kind (docs/import.md
 * "Adding a kind", docs/decisions.md D41). The area defines its kinds in its
 * own file, svc.c lists them in import_kinds; svc/import.c checks every
 * field by its column type and the kind's row check, and FinishImport calls
 * the kind's SQL finish function. */
#ifndef PASSEND_IMPORT_KIND_H
#define PASSEND_IMPORT_KIND_H

#include <stddef.h>

#define IMPORT_MAX_COLS 24

/* How a field is checked and normalized before it is stored; the word of
 * each in import_kind.columns. */
enum import_col_type {
	IMP_TEXT,     /* text: 1-200 characters */
	IMP_LONG,     /* long: 1-100 characters (ids such as source_system) */
	IMP_BGN,      /* bgn: 5 digits */
	IMP_BOOL,     /* bool: ja/nee/true/false/1/0 -> t/f */
	IMP_DATE,     /* date: YYYY-MM-DD, a real date */
	IMP_COUNT,    /* count: integer 0..10,000,000 */
	IMP_BRIN,     /* brin: 00LH (upper-cased) */
	IMP_VEST,     /* vest: 2 digits, default 00 */
	IMP_YEAR,     /* year: 1990-2100 */
	IMP_CBS,      /* cbs: 0361 or GM0361 -> GM0361 */
	IMP_PCS,      /* pcs: ;-separated 1000-1099 ranges */
	IMP_SOORT,    /* soort: bao/sbo/so -> 1/2/3 */
	IMP_SOORT2,   /* soort2: sbo/so -> 2/3 */
	IMP_CLUSTER,  /* cluster: 1-4 */
	IMP_CAT,      /* cat: 1-3 */
	IMP_GESLACHT, /* geslacht: jongen/meisje/anders, m/v/x -> 1/2/3 */
	IMP_ENUM,     /* enum: one of col.values (stored as written, lower case) */
	IMP_LIST,     /* list: ;-separated names */
	IMP_CODE,     /* code: a list code (werkgebied lists, D31): a-z, then a-z, 0-9, _; 1-40 */
	IMP_HOURS,    /* hours: hours per week 0-40, at most 2 decimals (',' or '.') -> 12.50 */
	IMP_EUROS,    /* euros: euros >= 0, at most 2 decimals (',' or '.'), < 10^9 -> cents */
	IMP_WEEKS,    /* weeks: 10-20 (a temporary placement) */
	IMP_MONEY,    /* money: signed euros, 2 decimals at most, |x| <= 10^9 (common/euro.h) -> cents */
};

/* A column, parsed from import_kind.columns (svc/import.c). */
typedef struct imp_col {
	const char *name;
	int required;
	enum import_col_type type;
	const char *values; /* IMP_ENUM and IMP_LIST of enum words: "a|b" */
	const char *dflt;   /* stored when the field is empty (after normalization) */
} imp_col;

/* An error of one row found by a kind's row check: column and message
 * (both static). */
typedef struct imp_row_err {
	const char *col, *msg;
} imp_row_err;

#define IMPORT_MAX_ROW_ERRS 16

/* One import kind. The SQL finish function (finish, schema-qualified) is
 * called twice by bestuur.import_finish (sql/functions/bestuur_import.sql)
 * as finish(batch bestuur.import_batches, write boolean): with write false
 * it adds the set-based errors of the staged rows to bestuur.import_errors;
 * with write true (only when there are none and it is no dry run) it
 * upserts them and returns (n_inserted bigint, n_updated bigint). Staged
 * fields are in the order of columns, fields[i + 1] in SQL. */
typedef struct import_kind {
	const char *name;   /* the KIND of the CLI and the batch: "besturen" */
	int proto;          /* its passend.v1.ImportKind value (< METRICS_IMPORT_KINDS) */
	unsigned roles;     /* RPC_ROLE_* bits that may import it */
	const char *finish; /* "bestuur.import_besturen" */
	/* Checks across the fields of one row (vals in column order, NULL = no
	 * value; it may set a value, e.g. a default that depends on another
	 * field). Adds at most IMPORT_MAX_ROW_ERRS errors to e and returns how
	 * many. NULL: none. */
	int (*row_check)(const char **vals, imp_row_err *e);
	/* The columns in order, as the CSV header names them, separated by
	 * spaces: NAME[*][:TYPE][=DEFAULT], * when the column is required, TYPE
	 * the word of an enum import_col_type (default text), with the allowed
	 * values for enum (required) and list: enum(a|b), DEFAULT what is stored
	 * when the field is empty ("name=" stores ""). E.g.
	 * "brin*:brin vestiging:vest=00 name* lidmaatschap:enum(lid|aangesloten)=lid" */
	const char *columns;
} import_kind;

#define IMPORT_COLUMNS_MAX 1024 /* import_kind.columns, in bytes */

/* Parse columns (import_kind.columns) into cols (IMPORT_MAX_COLS), the
 * strings cut from a copy in text (textlen bytes). Returns the number of
 * columns, or -1 with a message in err (a bug in the declaration). */
int import_columns_parse(const char *columns, imp_col *cols, char *text, size_t textlen, char *err,
                         size_t errlen);

/* The values of parental authority (werkgebied.toestemmingen.gezag) and of
 * an arrangement's status (D33), for enum columns: "gezag:enum(" GEZAG ")". */
#define GEZAG              "beide_ouders|een_ouder|voogd|gecertificeerde_instelling"
#define ARRANGEMENT_STATES "beeindigd|aangevraagd|toegekend|lopend|geevalueerd|verlengd|afgewezen|ingetrokken"

/* The pupil columns 0-5 that the werkgebied kinds start their columns with
 * (a pupil required; the kinds leerlingen and arrangementen spell their own
 * requirements out). */
#define LEERLING_IMPORT_COLUMNS                                                                              \
	"source_system*:long external_id*:long brin:brin vestiging:vest geboortejaar:year "                  \
	"geslacht:geslacht "

/* The row check of the pupil columns 0-5 (source_system, external_id,
 * brin, vestiging, geboortejaar, geslacht) that the werkgebied kinds start
 * with (svc/leerling.c); the kinds' own checks call it first. */
int leerling_import_check(const char **vals, imp_row_err *e);

/* Whether date a is before date b (both YYYY-MM-DD; 0 when either is NULL):
 * for row checks. */
int import_date_before(const char *a, const char *b);

#endif
