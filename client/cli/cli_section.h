/* cli_section: the reports' common shape on the CLI side — a titled grid of
 * strings (struct section), the cell formatters every report printer uses
 * (counts with small-cell suppression, decimals with a Dutch comma, dates),
 * and the printer of a report's sections as an aligned table, csv blocks, or
 * the whole message as json.
 */
#ifndef PASSEND_CLI_SECTION_H
#define PASSEND_CLI_SECTION_H

#include "cli_resource.h"

#define SEC_MAX_COLS 24

struct section {
	const char *title;
	int ncols;
	char **cells; /* row-major, row 0 = header */
	size_t nrows, cap;
	int oom;
};

/* Formatting context of one report. */
struct fmt {
	enum proto_format out;
	int threshold; /* small-cell threshold, 0 = unknown */
	char tmp[SEC_MAX_COLS][64];
};

void sec_init(struct section *s, const char *title, int ncols);

void sec_free(struct section *s);

/* Append a row of ncols strings (copied; NULL = ""). */
void sec_row(struct section *s, const char *const *v);

/* A count: "<5" when suppressed (or "*" when the threshold is unknown);
 * the string lives in f->tmp[col] until the next call for that column. */
const char *sec_cell(struct fmt *f, int col, const Passend__V1__Cell *c);

/* A decimal as given by the server (2 decimals, half-up); in table output
 * with a decimal comma. "" = empty denominator. */
const char *sec_dec(struct fmt *f, int col, const Passend__V1__Decimal *d);

const char *sec_num(struct fmt *f, int col, long long v);

/* YYYY-MM-DD; "" when absent. */
const char *sec_date(struct fmt *f, int col, const Passend__V1__Date *d);

/* Append section s to out in format fmt (table or csv). Returns 0 or -1. */
int sec_print(buf *out, enum proto_format fmt, const struct section *s);

/* Print the sections (table/csv) or the message (json); frees the sections. */
int sec_report_print(struct cli_ctx *ctx, const ProtobufCMessage *msg, struct section *secs, int n,
                     const char *footer);

#endif
