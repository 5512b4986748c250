/* cli_section: a report section (a titled grid of strings), its cell
 * formatters and its printers (aligned table, csv block; the HTML page is
 * cli_html.c); see cli_section.h.
 */
#include "cli_section.h"

#include <stdlib.h>
#include <string.h>

#include "cli_html.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void sec_group_thousands(char *s, size_t cap)
{
	char *p = s + (*s == '-');
	size_t nd = 0;
	while (is_digit(p[nd]))
		nd++;
	if (nd < 4) return;
	const char *rest = p + nd; /* ",56", " %", ",5 %" or "" */
	if (*rest == ',') {
		rest++;
		if (!is_digit(*rest)) return;
		while (is_digit(*rest))
			rest++;
	}
	if (*rest == ' ') rest++;
	if (*rest == '%') rest++;
	if (*rest) return;
	size_t len = strlen(s), add = (nd - 1) / 3;
	if (len + add + 1 > cap) return;
	memmove(p + nd + add, p + nd, strlen(p + nd) + 1);
	for (size_t i = nd, o = nd + add, k = 0; i > 0; i--, k++) {
		if (k && k % 3 == 0) p[--o] = '.';
		p[--o] = p[i - 1];
	}
}

void sec_dutch(char *s, size_t cap)
{
	for (char *p = s; *p; p++)
		if (*p == '.') *p = ',';
	sec_group_thousands(s, cap);
}

int sec_cell_number(const char *s, double *v)
{
	if (!s || *s == '<' || *s == '*' || *s == '>') return -1;
	/* a word and a space before the number: "€ 1.200", "jaardeel 66,67" */
	if (!is_digit(*s) && !(*s == '-' && is_digit(s[1]))) {
		const char *sp = NULL, *p = s;
		for (; *p && !is_digit(*p); p++)
			if (*p == ' ') sp = p;
		if (!sp || sp + 1 != p) return -1;
		s = p;
	}
	int neg = *s == '-';
	s += neg;
	double x = 0;
	int digits = 0;
	for (;; s++) {
		if (is_digit(*s)) {
			x = x * 10 + (*s - '0');
			digits++;
		} else if (*s == '.' && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
		           !is_digit(s[4])) {
			continue; /* thousands separator */
		} else {
			break;
		}
	}
	if (!digits) return -1;
	if (*s == ',') {
		double f = 0.1;
		if (!is_digit(*++s)) return -1;
		for (; is_digit(*s); s++, f /= 10)
			x += (*s - '0') * f;
	}
	while (*s == ' ')
		s++;
	if (*s == '%') s++;
	if (*s) return -1;
	*v = neg ? -x : x;
	return 0;
}

void sec_init(struct section *s, const char *title, int ncols)
{
	memset(s, 0, sizeof(*s));
	s->title = title;
	s->ncols = ncols;
}

void sec_free(struct section *s)
{
	for (size_t i = 0; i < s->nrows * (size_t)s->ncols; i++)
		free(s->cells[i]);
	free(s->cells);
}

/* Append a row of ncols strings (copied; NULL = ""). */
void sec_row(struct section *s, const char *const *v)
{
	if (s->oom) return;
	if (s->nrows == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		char **c = realloc(s->cells, cap * (size_t)s->ncols * sizeof(*c));
		if (!c) {
			s->oom = 1;
			return;
		}
		s->cells = c;
		s->cap = cap;
	}
	for (int i = 0; i < s->ncols; i++) {
		char *d = strdup(v[i] ? v[i] : "");
		if (!d) s->oom = 1;
		s->cells[s->nrows * (size_t)s->ncols + (size_t)i] = d;
	}
	s->nrows++;
}

/* A count: "<5" when suppressed (or "*" when the threshold is unknown). */
const char *sec_cell(struct fmt *f, int col, const Passend__V1__Cell *c)
{
	if (!c) return "";
	if (c->suppressed) {
		if (f->threshold > 0)
			snprintf(f->tmp[col], sizeof(f->tmp[col]), "<%d", f->threshold);
		else
			snprintf(f->tmp[col], sizeof(f->tmp[col]), "*");
	} else {
		snprintf(f->tmp[col], sizeof(f->tmp[col]), "%lld", (long long)c->value);
		if (f->out == PROTO_FMT_TABLE) sec_group_thousands(f->tmp[col], sizeof(f->tmp[col]));
	}
	return f->tmp[col];
}

/* A decimal as given by the server (2 decimals, half-up); in table output
 * with a decimal comma. "" = empty denominator. */
const char *sec_dec(struct fmt *f, int col, const Passend__V1__Decimal *d)
{
	if (!d) return "";
	if (d->suppressed) return sec_cell(f, col, &(Passend__V1__Cell){.suppressed = 1});
	snprintf(f->tmp[col], sizeof(f->tmp[col]), "%s", d->value ? d->value : "");
	if (f->out == PROTO_FMT_TABLE) sec_dutch(f->tmp[col], sizeof(f->tmp[col]));
	return f->tmp[col];
}

const char *sec_pct(struct fmt *f, int col, const Passend__V1__Decimal *d)
{
	const char *v = sec_dec(f, col, d);
	if (f->out == PROTO_FMT_TABLE && d && !d->suppressed && *v && v == f->tmp[col]) {
		size_t n = strlen(f->tmp[col]);
		snprintf(f->tmp[col] + n, sizeof(f->tmp[col]) - n, " %%");
	}
	return v;
}

/* The member of message m that field fd describes. */
#define MEMBER(m, fd, type) (*(type *)((const char *)(m) + (fd)->offset))

/* The text of column k of one row of a layout. */
static const char *layout_cell(struct fmt *f, int k, const ProtobufCMessage *row, const char *const *col)
{
	const ProtobufCFieldDescriptor *fd =
	    protobuf_c_message_descriptor_get_field_by_name(row->descriptor, col[1]);
	if (!fd || fd->label == PROTOBUF_C_LABEL_REPEATED) return "";
	if (fd->type == PROTOBUF_C_TYPE_STRING) return MEMBER(row, fd, const char *);
	if (fd->descriptor == &passend__v1__cell__descriptor)
		return sec_cell(f, k, MEMBER(row, fd, const Passend__V1__Cell *));
	if (fd->descriptor == &passend__v1__decimal__descriptor) {
		const Passend__V1__Decimal *d = MEMBER(row, fd, const Passend__V1__Decimal *);
		return col[2] && strcmp(col[2], SEC_PCT) == 0 ? sec_pct(f, k, d) : sec_dec(f, k, d);
	}
	return "";
}

void sec_fill(struct section *s, struct fmt *f, const ProtobufCMessage *report,
              const struct sec_layout *layout)
{
	const ProtobufCFieldDescriptor *rf =
	    protobuf_c_message_descriptor_get_field_by_name(report->descriptor, layout->rows);
	const char *row[SEC_MAX_COLS];
	int n = 0;

	while (n < SEC_MAX_COLS && layout->cols[n][0]) {
		row[n] = layout->cols[n][0];
		n++;
	}
	sec_init(s, layout->title, n);
	sec_row(s, row);
	if (!rf || rf->label != PROTOBUF_C_LABEL_REPEATED || rf->type != PROTOBUF_C_TYPE_MESSAGE) return;
	size_t nrows = *(const size_t *)((const char *)report + rf->quantifier_offset);
	ProtobufCMessage *const *rows = MEMBER(report, rf, ProtobufCMessage **);
	for (size_t i = 0; i < nrows; i++) {
		for (int k = 0; k < n; k++)
			row[k] = layout_cell(f, k, rows[i], layout->cols[k]);
		sec_row(s, row);
	}
}

const char *sec_num(struct fmt *f, int col, long long v)
{
	snprintf(f->tmp[col], sizeof(f->tmp[col]), "%lld", v);
	if (f->out == PROTO_FMT_TABLE) sec_group_thousands(f->tmp[col], sizeof(f->tmp[col]));
	return f->tmp[col];
}

const char *sec_date(struct fmt *f, int col, const Passend__V1__Date *d)
{
	if (!d) return "";
	snprintf(f->tmp[col], sizeof(f->tmp[col]), "%04d-%02d-%02d", d->year, d->month, d->day);
	return f->tmp[col];
}

/* A cell is right-aligned in tables when it looks numeric. */
static int numeric(const char *s)
{
	if (!*s) return 0;
	if (*s == '<' || *s == '-') s++;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == ',' || *s == '.' || *s == '*')) return 0;
	return 1;
}

/* Append section s to out in format fmt (table or csv). Returns 0 or -1. */
int sec_print(buf *out, enum proto_format fmt, const struct section *s)
{
	size_t w[SEC_MAX_COLS] = {0};
	if (s->oom) return -1;
	if (fmt == PROTO_FMT_CSV) {
		if (proto_csv_field(out, s->title, strlen(s->title)) < 0 || buf_append(out, "\n", 1) < 0)
			return -1;
		for (size_t r = 0; r < s->nrows; r++) {
			for (int c = 0; c < s->ncols; c++) {
				const char *v = s->cells[r * (size_t)s->ncols + (size_t)c];
				if ((c && buf_append(out, ",", 1) < 0) ||
				    proto_csv_field(out, v, strlen(v)) < 0)
					return -1;
			}
			if (buf_append(out, "\n", 1) < 0) return -1;
		}
		return buf_append(out, "\n", 1);
	}
	for (size_t r = 0; r < s->nrows; r++)
		for (int c = 0; c < s->ncols; c++) {
			const char *v = s->cells[r * (size_t)s->ncols + (size_t)c];
			size_t n = proto_utf8_width(v, strlen(v));
			if (n > w[c]) w[c] = n;
		}
	size_t tw = proto_utf8_width(s->title, strlen(s->title));
	if (buf_printf(out, "%s\n", s->title) < 0) return -1;
	for (size_t i = 0; i < tw; i++)
		if (buf_append(out, "=", 1) < 0) return -1;
	if (buf_append(out, "\n", 1) < 0) return -1;
	for (size_t r = 0; r < s->nrows; r++) {
		for (int c = 0; c < s->ncols; c++) {
			const char *v = s->cells[r * (size_t)s->ncols + (size_t)c];
			size_t pad = w[c] - proto_utf8_width(v, strlen(v));
			int right = r > 0 && c > 0 && numeric(v);
			if (c && buf_append(out, "  ", 2) < 0) return -1;
			if (right)
				for (size_t i = 0; i < pad; i++)
					if (buf_append(out, " ", 1) < 0) return -1;
			if (buf_append(out, v, strlen(v)) < 0) return -1;
			if (!right && c < s->ncols - 1)
				for (size_t i = 0; i < pad; i++)
					if (buf_append(out, " ", 1) < 0) return -1;
		}
		if (buf_append(out, "\n", 1) < 0) return -1;
		if (r == 0) { /* rule under the header */
			for (int c = 0; c < s->ncols; c++) {
				if (c && buf_append(out, "  ", 2) < 0) return -1;
				for (size_t i = 0; i < w[c]; i++)
					if (buf_append(out, "-", 1) < 0) return -1;
			}
			if (buf_append(out, "\n", 1) < 0) return -1;
		}
	}
	if (s->nrows == 1 && buf_printf(out, "(geen gegevens)\n") < 0) return -1;
	return buf_append(out, "\n", 1);
}

/* Print the sections (table/csv) or the message (json); frees the sections. */
int sec_report_print(struct cli_ctx *ctx, const ProtobufCMessage *msg, struct section *secs, int n,
                     const char *footer)
{
	buf out = {0};
	int rc = 0;
	if (ctx->g.output == PROTO_FMT_JSON) {
		rc = proto_print_message(&out, PROTO_FMT_JSON, msg);
	} else if (ctx->g.html) {
		char title[128], sub[512];
		html_report_names(ctx, title, sizeof title, sub, sizeof sub);
		rc = html_report(&out, title, sub, secs, n, footer);
	} else {
		for (int i = 0; i < n && rc == 0; i++)
			rc = sec_print(&out, ctx->g.output, &secs[i]);
		if (rc == 0 && footer && ctx->g.output == PROTO_FMT_TABLE)
			rc = buf_printf(&out, "%s", footer);
	}
	for (int i = 0; i < n; i++)
		sec_free(&secs[i]);
	return cli_emit(ctx, &out, rc);
}
