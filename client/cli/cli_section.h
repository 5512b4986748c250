/* cli_section: the reports' common shape on the CLI side — a titled grid of
 * strings (struct section) with an optional chart (struct sec_chart), the
 * cell formatters every report printer uses (counts with small-cell
 * suppression, decimals with a Dutch comma, dates), and the printer of a
 * report's sections as an aligned table, csv blocks, one HTML page
 * (cli_html.c) or the whole message as json.
 */
#ifndef PASSEND_CLI_SECTION_H
#define PASSEND_CLI_SECTION_H

#include "cli_resource.h"

#define SEC_MAX_COLS       24
#define SEC_CHART_MAX_COLS 8

/* A chart of a section, drawn by --output html as inline SVG above the
 * section's table (the table stays: it is the chart's accessible text and
 * what a reader copies). The chart reads the section's own cells as the
 * table shows them ("1.234", "26,92 %", "€ 1.200"); a cell that is not a
 * number ("<5", "*", "") is no bar. Other formats ignore it. A section gets
 * one by assigning it after sec_init(), e.g.
 *     s->chart = (struct sec_chart){SEC_CHART_BAR, .label = 0, .cols = {5}, .ncols = 1};
 * Column numbers count from 0; a negative one counts from the end (-1 =
 * the last column). Rows without a label are left out, and so are rows
 * whose label contains "totaal" unless .totals is set; .where/.equals keep
 * only rows whose column .where reads .equals. */
enum sec_chart_kind {
	SEC_CHART_NONE = 0,
	SEC_CHART_BAR,     /* a horizontal bar per row: the value of cols[0] */
	SEC_CHART_STACKED, /* a bar per row stacked of cols[0..ncols-1], legend = their headers */
	SEC_CHART_SHARE,   /* a bar per row of the percentage cols[0], marked at the reference
	                    * (column .ref, else the fixed .ref_text, e.g. the year's share) */
	SEC_CHART_BADGES,  /* a coloured badge per row of the signal text in cols[0] (green: op
	                    * koers, afgerond, binnen, geen signaal, laag; orange: met aandacht,
	                    * onder, midden; red: niet op koers, boven, hoog, SIGNAAL…) */
};

struct sec_chart {
	enum sec_chart_kind kind;
	const char *title; /* caption; NULL = the section title and the header of cols[0] */
	int label;         /* column of the row labels */
	int sublabel;      /* a column shown after the label ("Solvabiliteit 2 · 2018"); 0 = none */
	int cols[SEC_CHART_MAX_COLS];
	int ncols;
	int ref;              /* SHARE: column of the reference percentage (0 = none) */
	const char *ref_text; /* SHARE: the reference when no column holds it ("66,67 %") */
	const char *ref_name; /* SHARE: what the reference is called ("jaardeel") */
	int where;            /* with equals: only rows whose column where is equals */
	const char *equals;
	int totals;     /* also rows whose label contains "totaal" */
	int skip_empty; /* leave out rows whose cols[0] is empty (BADGES: no signal given) */
};

struct section {
	const char *title;
	int ncols;
	char **cells; /* row-major, row 0 = header */
	size_t nrows, cap;
	int oom;
	struct sec_chart chart; /* kind SEC_CHART_NONE = no chart */
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

/* Numbers in table output (and the HTML page, which is built from it) are
 * Dutch: thousands grouped with '.', decimals after ',' ("20.580",
 * "1.234,56", "3,10 %"); csv and json keep the plain form ("20580",
 * "1234.56"). */

/* A count: "<5" when suppressed (or "*" when the threshold is unknown);
 * the string lives in f->tmp[col] until the next call for that column. */
const char *sec_cell(struct fmt *f, int col, const Passend__V1__Cell *c);

/* A decimal as given by the server (2 decimals, half-up); in table output
 * in Dutch notation. "" = empty denominator. */
const char *sec_dec(struct fmt *f, int col, const Passend__V1__Decimal *d);

/* A whole number (a count the printer computed), as sec_cell. */
const char *sec_num(struct fmt *f, int col, long long v);

/* A percentage: the decimal as sec_dec gives it, in table output followed
 * by " %" ("3,10 %"). */
const char *sec_pct(struct fmt *f, int col, const Passend__V1__Decimal *d);

/* YYYY-MM-DD; "" when absent. */
const char *sec_date(struct fmt *f, int col, const Passend__V1__Date *d);

/* The third word of a column of a sec_layout that shows a Decimal as a
 * percentage (sec_pct). */
#define SEC_PCT "%"

/* A section that is one repeated message field of a report, a row per
 * element: most report tables. Each column is {header, field of the row,
 * NULL or SEC_PCT}, shown by the field's type: a string as it is, a Cell as
 * a count (sec_cell), a Decimal as sec_dec, or as sec_pct with SEC_PCT. */
struct sec_layout {
	const char *title;
	const char *rows; /* the report's repeated message field */
	const char *cols[SEC_MAX_COLS][3];
};

/* Initialise s and fill it from report as layout says: the header, then a
 * row per element of layout->rows. A field the report or its rows lack
 * reads as an empty column. */
void sec_fill(struct section *s, struct fmt *f, const ProtobufCMessage *report,
              const struct sec_layout *layout);

/* Insert Dutch thousands separators into s (size cap) when s is a number
 * in table notation ("-20580", "1234,5", "26,92 %"); else leave it. */
void sec_group_thousands(char *s, size_t cap);

/* A number as the server writes it ("1234.5") in Dutch table notation
 * ("1.234,5"), in place: decimal comma, then sec_group_thousands. */
void sec_dutch(char *s, size_t cap);

/* The number a table cell shows: "1.234,56" -> 1234.56, "26,92 %" ->
 * 26.92, "€ 1.200" -> 1200, "jaardeel 66,67" -> 66.67. Returns 0 and *v,
 * or -1 for text that is not a number ("", "<5", "*", "2016-10-01"). */
int sec_cell_number(const char *s, double *v);

/* Append section s to out in format fmt (table or csv). Returns 0 or -1. */
int sec_print(buf *out, enum proto_format fmt, const struct section *s);

/* Print the sections (table/csv/html) or the message (json); frees the
 * sections. html: one page (cli_html.h) titled after the command. */
int sec_report_print(struct cli_ctx *ctx, const ProtobufCMessage *msg, struct section *secs, int n,
                     const char *footer);

#endif
