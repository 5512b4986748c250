/* cli_html: report sections as one self-contained HTML5 page with inline SVG
 * charts (see cli_html.h). The charts read the section's cells as the table
 * shows them, so chart and table never disagree.
 */
#include "cli_html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define TRY(x)                                                                                               \
	do {                                                                                                 \
		if ((x) < 0) return -1;                                                                      \
	} while (0)

/* ---- text --------------------------------------------------------------------------------------- */

int html_escape(buf *out, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *e = NULL;
		switch (*s) {
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '&':
			e = "&amp;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		default:
			continue;
		}
		TRY(buf_append(out, run, (size_t)(s - run)));
		TRY(buf_append(out, e, strlen(e)));
		run = s + 1;
	}
	return buf_append(out, run, (size_t)(s - run));
}

/* s cut to at most max code points, with "…" when cut, into dst. */
static const char *cut(const char *s, size_t max, char *dst, size_t dlen)
{
	size_t cps = 0, i = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && cps++ == max) break;
	if (!s[i]) return s;
	snprintf(dst, dlen, "%.*s…", (int)(i < dlen - 4 ? i : dlen - 4), s);
	return dst;
}

static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0) return 1;
	return 0;
}

static int starts(const char *s, const char *p)
{
	return strncasecmp(s, p, strlen(p)) == 0;
}

int html_signal_level(const char *t)
{
	if (!t) return 0;
	while (*t == ' ')
		t++;
	if (starts(t, "niet op koers") || starts(t, "boven") || starts(t, "hoog") || starts(t, "signaal") ||
	    starts(t, "rood"))
		return 3;
	if (contains(t, "met aandacht") || starts(t, "onder") || starts(t, "midden") || starts(t, "oranje"))
		return 2;
	if (starts(t, "op koers") || starts(t, "afgerond") || starts(t, "binnen") ||
	    starts(t, "geen signaal") || starts(t, "laag") || starts(t, "groen"))
		return 1;
	return 0;
}

/* ---- charts ------------------------------------------------------------------------------------- */

static const char *const palette[SEC_CHART_MAX_COLS] = {"#2b6cb0", "#dd6b20", "#38a169", "#805ad5",
                                                        "#d53f8c", "#319795", "#b7791f", "#4a5568"};
static const char *const signal_fill[4] = {"#718096", "#2f855a", "#c05621", "#c53030"};

#define W       760 /* view box width */
#define LABEL_W 230 /* row labels, right-aligned at LABEL_W - 8 */
#define VALUE_W 170 /* the value text after the bar */
#define BAR_W   (W - LABEL_W - VALUE_W)
#define ROW_H   24
#define BAR_H   16

static const char *cell(const struct section *s, size_t r, int c)
{
	return s->cells[r * (size_t)s->ncols + (size_t)c];
}

/* Column c of s (negative: from the end), or -1 when out of range. */
static int colix(const struct section *s, int c)
{
	if (c < 0) c += s->ncols;
	return c >= 0 && c < s->ncols ? c : -1;
}

static int row_used(const struct section *s, const struct sec_chart *ch, size_t r)
{
	int l = colix(s, ch->label), w = colix(s, ch->where);
	if (l < 0) return 0;
	if (!*cell(s, r, l) || (!ch->totals && contains(cell(s, r, l), "totaal"))) return 0;
	if (ch->equals && (w < 0 || strcmp(cell(s, r, w), ch->equals) != 0)) return 0;
	if (ch->skip_empty && (colix(s, ch->cols[0]) < 0 || !*cell(s, r, colix(s, ch->cols[0])))) return 0;
	return 1;
}

/* The name of row r in the chart: its label, with the sublabel column after
 * it ("Solvabiliteit 2 · 2018") when the chart has one. */
static const char *row_name(const struct section *s, const struct sec_chart *ch, size_t r, char *dst,
                            size_t n)
{
	int sub = ch->sublabel ? colix(s, ch->sublabel) : -1;
	const char *l = cell(s, r, colix(s, ch->label));
	if (sub < 0 || !*cell(s, r, sub)) return l;
	/* the label cut so that the sublabel stays within the 30 code points shown */
	const char *sl = cell(s, r, sub);
	size_t w = proto_utf8_width(sl, strlen(sl)),
	       room = w + 4 < 20 ? 30 - w - 4 : 10; /* 30 = label, "…", " · ", sub */
	char t[160];
	snprintf(dst, n, "%s · %s", cut(l, room, t, sizeof t), sl);
	return dst;
}

/* "%.1f" without locale surprises, for coordinates. */
static int coord(buf *out, const char *name, double v)
{
	long t = (long)(v * 10 + (v < 0 ? -0.5 : 0.5));
	return buf_printf(out, " %s=\"%s%ld.%ld\"", name, t < 0 ? "-" : "", labs(t) / 10, labs(t) % 10);
}

static int text_el(buf *out, double x, double y, const char *anchor, const char *cls, const char *s)
{
	TRY(buf_printf(out, "<text"));
	TRY(coord(out, "x", x));
	TRY(coord(out, "y", y));
	TRY(buf_printf(out, " text-anchor=\"%s\"%s%s%s>", anchor, cls ? " class=\"" : "", cls ? cls : "",
	               cls ? "\"" : ""));
	TRY(html_escape(out, s));
	return buf_printf(out, "</text>");
}

static int rect_el(buf *out, const char *cls, double x, double y, double w, double h, const char *fill,
                   const char *tip1, const char *tip2)
{
	TRY(buf_printf(out, "<rect class=\"%s\"", cls));
	TRY(coord(out, "x", x));
	TRY(coord(out, "y", y));
	TRY(coord(out, "width", w < 0 ? 0 : w));
	TRY(coord(out, "height", h));
	TRY(buf_printf(out, " rx=\"2\" fill=\"%s\"><title>", fill));
	TRY(html_escape(out, tip1));
	TRY(buf_append(out, ": ", 2));
	TRY(html_escape(out, tip2));
	return buf_printf(out, "</title></rect>");
}

static int line_el(buf *out, double x1, double y1, double x2, double y2, const char *stroke, double width)
{
	TRY(buf_printf(out, "<line"));
	TRY(coord(out, "x1", x1));
	TRY(coord(out, "y1", y1));
	TRY(coord(out, "x2", x2));
	TRY(coord(out, "y2", y2));
	TRY(buf_printf(out, " stroke=\"%s\"", stroke));
	TRY(coord(out, "stroke-width", width));
	return buf_printf(out, "/>");
}

/* The row label at the left of row i. */
static int row_label(buf *out, const char *label, double y)
{
	char t[160];
	return text_el(out, LABEL_W - 8, y + BAR_H - 4, "end", NULL, cut(label, 30, t, sizeof t));
}

/* Bars of one value column (BAR), of several stacked (STACKED) or of a
 * percentage against a reference (SHARE). */
static int bars(buf *out, const struct section *s, const struct sec_chart *ch, const size_t *rows, size_t n,
                int id)
{
	int cols[SEC_CHART_MAX_COLS], nc = ch->kind == SEC_CHART_STACKED ? ch->ncols : 1;
	int ref = ch->ref ? colix(s, ch->ref) : -1;
	double lo = 0, hi = 0, refv = 0;
	int has_fixed_ref =
	    ch->kind == SEC_CHART_SHARE && ch->ref_text && sec_cell_number(ch->ref_text, &refv) == 0;
	if (nc < 1 || nc > SEC_CHART_MAX_COLS) return 0;
	for (int k = 0; k < nc; k++)
		if ((cols[k] = colix(s, ch->cols[k])) < 0) return 0;
	for (size_t i = 0; i < n; i++) {
		double sum = 0, v;
		for (int k = 0; k < nc; k++)
			if (sec_cell_number(cell(s, rows[i], cols[k]), &v) == 0) {
				if (nc == 1) {
					if (v < lo) lo = v;
					if (v > hi) hi = v;
				} else if (v > 0) {
					sum += v;
				}
			}
		if (sum > hi) hi = sum;
		if (ref >= 0 && sec_cell_number(cell(s, rows[i], ref), &v) == 0 && v > hi) hi = v;
	}
	if (ch->kind == SEC_CHART_SHARE) {
		if (has_fixed_ref && refv > hi) hi = refv;
		if (hi < 100) hi = 100;
	}
	if (hi - lo <= 0) hi = lo + 1;
	double scale = BAR_W / (hi - lo), x0 = LABEL_W + (-lo) * scale;
	double top = 6, h = top + (double)n * ROW_H + 6;
	TRY(buf_printf(out, "<svg viewBox=\"0 0 %d %ld\" role=\"img\"", W, (long)h + 1));
	TRY(buf_printf(out, " aria-labelledby=\"c%d\" class=\"chart\">", id));
	for (size_t i = 0; i < n; i++) {
		size_t r = rows[i];
		double y = top + (double)i * ROW_H, v;
		char lb[256];
		const char *label = row_name(s, ch, r, lb, sizeof lb);
		TRY(row_label(out, label, y));
		if (nc == 1) {
			const char *t = cell(s, r, cols[0]);
			double rv = refv;
			int has_ref = has_fixed_ref;
			if (ref >= 0) has_ref = sec_cell_number(cell(s, r, ref), &rv) == 0;
			if (sec_cell_number(t, &v) == 0) {
				const char *fill = palette[0];
				if (ch->kind == SEC_CHART_SHARE && has_ref)
					fill = v > rv ? signal_fill[3] : signal_fill[1];
				double x = v < 0 ? x0 + v * scale : x0;
				TRY(rect_el(out, "bar", x, y, (v < 0 ? -v : v) * scale, BAR_H, fill, label,
				            t));
				double tx = v < 0 ? x0 + 6 : x0 + v * scale + 6;
				if (ch->kind == SEC_CHART_SHARE && has_ref) {
					char txt[192];
					snprintf(txt, sizeof txt, "%s (%s %s)", t,
					         ch->ref_name ? ch->ref_name : "ref",
					         ref >= 0 ? cell(s, r, ref) : ch->ref_text);
					double mx = x0 + rv * scale;
					TRY(line_el(out, mx, y - 3, mx, y + BAR_H + 3, "#1a202c", 2));
					if (tx < mx + 6) tx = mx + 6;
					TRY(text_el(out, tx, y + BAR_H - 4, "start", NULL, txt));
				} else {
					TRY(text_el(out, tx, y + BAR_H - 4, "start", NULL, t));
				}
			} else {
				char txt[128];
				snprintf(txt, sizeof txt, "%s%s", *t ? t : "geen waarde",
				         *t ? " (onderdrukt)" : "");
				TRY(text_el(out, x0 + 6, y + BAR_H - 4, "start", "muted", txt));
			}
		} else {
			double x = x0, sum = 0;
			int any = 0, hidden = 0;
			for (int k = 0; k < nc; k++) {
				const char *t = cell(s, r, cols[k]);
				char tip[256];
				if (sec_cell_number(t, &v) != 0) {
					hidden +=
					    *t != '\0'; /* suppressed ("<5", "*"): the sum is not the total */
					continue;
				}
				if (v < 0) v = 0;
				snprintf(tip, sizeof tip, "%s, %s", label, cell(s, 0, cols[k]));
				TRY(rect_el(out, "bar", x, y, v * scale, BAR_H, palette[k], tip, t));
				x += v * scale;
				sum += v;
				any = 1;
			}
			char tot[64];
			snprintf(tot, sizeof tot, "%s", any ? "" : "onderdrukt");
			if (any) {
				snprintf(tot, sizeof tot, "%.0f", sum);
				sec_group_thousands(tot, sizeof tot);
				if (hidden)
					snprintf(tot + strlen(tot), sizeof tot - strlen(tot),
					         " + onderdrukt");
			}
			TRY(text_el(out, x + 6, y + BAR_H - 4, "start", any ? NULL : "muted", tot));
		}
	}
	TRY(line_el(out, x0, top - 4, x0, h - 2, "#4a5568", 1));
	return buf_printf(out, "</svg>");
}

/* A badge per row: the label, then the signal text on its colour. */
static int badges(buf *out, const struct section *s, const struct sec_chart *ch, const size_t *rows, size_t n,
                  int id)
{
	int c = colix(s, ch->cols[0]);
	if (c < 0) return 0;
	double top = 4, h = top + (double)n * ROW_H + 4;
	TRY(buf_printf(out, "<svg viewBox=\"0 0 %d %ld\" role=\"img\"", W, (long)h + 1));
	TRY(buf_printf(out, " aria-labelledby=\"c%d\" class=\"chart\">", id));
	for (size_t i = 0; i < n; i++) {
		char lb[256];
		const char *label = row_name(s, ch, rows[i], lb, sizeof lb), *t = cell(s, rows[i], c);
		char sig[96];
		double y = top + (double)i * ROW_H;
		int level = html_signal_level(t);
		const char *shown = *t ? cut(t, 40, sig, sizeof sig) : "geen signaal opgegeven";
		size_t cps = proto_utf8_width(shown, strlen(shown));
		TRY(row_label(out, label, y));
		TRY(rect_el(out, "badge", LABEL_W, y, 18 + 8.0 * (double)cps, BAR_H + 2, signal_fill[level],
		            label, *t ? t : "geen signaal"));
		TRY(text_el(out, LABEL_W + 8, y + BAR_H - 3, "start", "on", shown));
	}
	return buf_printf(out, "</svg>");
}

int html_chart(buf *out, const struct section *s, int id)
{
	const struct sec_chart *ch = &s->chart;
	size_t *rows, n = 0;
	int rc = 0;
	if (ch->kind == SEC_CHART_NONE || s->nrows < 2 || ch->ncols < 1) return 0;
	if (!(rows = malloc(s->nrows * sizeof(*rows)))) return -1;
	for (size_t r = 1; r < s->nrows; r++)
		if (row_used(s, ch, r)) rows[n++] = r;
	if (n)
		rc = ch->kind == SEC_CHART_BADGES ? badges(out, s, ch, rows, n, id)
		                                  : bars(out, s, ch, rows, n, id);
	free(rows);
	return rc;
}

/* ---- the page ----------------------------------------------------------------------------------- */

static const char css[] =
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact;box-sizing:border-box}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans','Liberation "
    "Sans',Arial,sans-serif;"
    "color:#1a202c;background:#fff;margin:0 auto;max-width:72rem;padding:1.5rem 2rem;line-height:1.4;"
    "font-size:15px}"
    "h1{font-size:1.65rem;margin:0 0 .2rem;color:#1a365d}"
    "p.sub{color:#4a5568;margin:0 0 1rem;font-size:.9rem}"
    "nav{margin:0 0 1.5rem;font-size:.9rem}"
    "nav ol{margin:.2rem 0;padding-left:1.4rem;columns:2;column-gap:3rem}"
    "nav li{break-inside:avoid}"
    "nav a{color:#2b6cb0}"
    "section{margin:1.8rem 0}"
    "h2{font-size:1.2rem;margin:0 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #2b6cb0;color:#1a365d}"
    "figure{margin:.4rem 0 .8rem}figcaption{font-size:.85rem;color:#4a5568;margin:0 0 .2rem}"
    "svg.chart{display:block;width:100%;max-width:760px;height:auto}"
    "svg text{font-size:12px;fill:#1a202c}svg text.muted{fill:#718096;font-style:italic}"
    "svg text.on{fill:#fff;font-weight:600}"
    ".legend{list-style:none;padding:0;margin:.2rem 0 0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;"
    "font-size:.85rem}"
    ".legend span{display:inline-block;width:.8rem;height:.8rem;margin-right:.35rem;vertical-align:-.1rem;"
    "border-radius:2px}"
    ".wrap{overflow-x:auto}"
    "table{border-collapse:collapse;font-size:.85rem;margin:0}"
    "th,td{border:1px solid #cbd5e0;padding:.2rem .5rem;text-align:left;vertical-align:top}"
    "thead th{background:#edf2f7;font-weight:600}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tr.tot td{font-weight:600;background:#f7fafc;border-top:2px solid #a0aec0}"
    ".sig{display:inline-block;padding:0 .5rem;border-radius:.7rem;color:#fff;font-weight:600;"
    "font-size:.8rem;white-space:nowrap}"
    ".s0{background:#718096}.s1{background:#2f855a}.s2{background:#c05621}.s3{background:#c53030}"
    "p.leeg{color:#718096;font-style:italic;margin:.3rem 0}"
    "footer{margin-top:2rem;padding-top:.5rem;border-top:1px solid #cbd5e0;font-size:.85rem;color:#4a5568}"
    "@page{size:A4;margin:14mm 12mm}"
    "@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}"
    "h2{break-after:avoid;break-inside:avoid}figure{break-inside:avoid}thead{display:table-header-group}"
    "tr{break-inside:avoid}table{font-size:8pt}.wrap{overflow:visible}svg.chart{max-width:170mm}}";

/* A table cell is right-aligned when it reads as a number, a suppressed
 * count or a percentage ("1.234,56", "<5", "26,92 %", "€ 1.200"). */
static int numeric_cell(const char *s)
{
	double v;
	if (!*s) return 0;
	if (*s == '<' || *s == '*') return 1;
	if (strncmp(s, "€ ", strlen("€ ")) == 0) return sec_cell_number(s, &v) == 0;
	return (*s == '-' || (*s >= '0' && *s <= '9')) && sec_cell_number(s, &v) == 0;
}

static int table(buf *out, const struct section *s)
{
	int sigcol = s->chart.kind == SEC_CHART_BADGES ? colix(s, s->chart.cols[0]) : -1;
	TRY(buf_printf(out, "<div class=\"wrap\"><table>\n<thead><tr>"));
	for (int c = 0; c < s->ncols; c++) {
		TRY(buf_printf(out, "<th scope=\"col\">"));
		TRY(html_escape(out, cell(s, 0, c)));
		TRY(buf_printf(out, "</th>"));
	}
	TRY(buf_printf(out, "</tr></thead>\n<tbody>\n"));
	for (size_t r = 1; r < s->nrows; r++) {
		int tot =
		    contains(cell(s, r, 0), "totaal") || (s->ncols > 1 && contains(cell(s, r, 1), "totaal"));
		TRY(buf_printf(out, "<tr%s>", tot ? " class=\"tot\"" : ""));
		for (int c = 0; c < s->ncols; c++) {
			const char *v = cell(s, r, c);
			if (c == sigcol && *v) {
				TRY(buf_printf(out, "<td><span class=\"sig s%d\">", html_signal_level(v)));
				TRY(html_escape(out, v));
				TRY(buf_printf(out, "</span></td>"));
				continue;
			}
			TRY(buf_printf(out, "<td%s>", c > 0 && numeric_cell(v) ? " class=\"n\"" : ""));
			TRY(html_escape(out, v));
			TRY(buf_printf(out, "</td>"));
		}
		TRY(buf_printf(out, "</tr>\n"));
	}
	TRY(buf_printf(out, "</tbody></table></div>\n"));
	if (s->nrows <= 1) TRY(buf_printf(out, "<p class=\"leeg\">Geen gegevens.</p>\n"));
	return 0;
}

/* The legend of a stacked chart and the caption of a chart: its title,
 * else the section title and the header of the value column (or
 * "signalen"). */
static int caption(buf *out, const struct section *s, int id)
{
	const struct sec_chart *ch = &s->chart;
	int c = colix(s, ch->cols[0]);
	/* the legend under the chart, then the caption (a figcaption is the figure's last child) */
	if (ch->kind == SEC_CHART_STACKED) {
		TRY(buf_printf(out, "<ul class=\"legend\">"));
		for (int k = 0; k < ch->ncols && k < SEC_CHART_MAX_COLS; k++) {
			int col = colix(s, ch->cols[k]);
			if (col < 0) continue;
			TRY(buf_printf(out, "<li><span style=\"background:%s\"></span>", palette[k]));
			TRY(html_escape(out, cell(s, 0, col)));
			TRY(buf_printf(out, "</li>"));
		}
		TRY(buf_printf(out, "</ul>"));
	}
	TRY(buf_printf(out, "<figcaption id=\"c%d\">", id));
	if (ch->title) {
		TRY(html_escape(out, ch->title));
	} else if (ch->kind == SEC_CHART_STACKED) {
		TRY(html_escape(out, s->title));
		TRY(buf_printf(out, " (gestapeld)"));
	} else if (c >= 0) {
		TRY(html_escape(out, s->title));
		TRY(buf_printf(out, ": "));
		TRY(html_escape(out, ch->kind == SEC_CHART_BADGES ? "signalen" : cell(s, 0, c)));
		if (ch->kind == SEC_CHART_SHARE && ch->ref_name) {
			TRY(buf_printf(out, " tegen "));
			TRY(html_escape(out, ch->ref_name));
			TRY(buf_printf(out, " (streep)"));
		}
	}
	TRY(buf_printf(out, "</figcaption>"));
	return 0;
}

static int section_html(buf *out, const struct section *s, int id)
{
	TRY(buf_printf(out, "<section id=\"s%d\">\n<h2>", id));
	TRY(html_escape(out, s->title));
	TRY(buf_printf(out, "</h2>\n"));
	size_t mark = out->len;
	TRY(buf_printf(out, "<figure>"));
	size_t svg = out->len;
	TRY(html_chart(out, s, id));
	if (out->len == svg) {
		out->len = mark; /* no chart */
	} else {
		TRY(caption(out, s, id));
		TRY(buf_printf(out, "</figure>\n"));
	}
	TRY(table(out, s));
	return buf_printf(out, "</section>\n");
}

int html_report(buf *out, const char *title, const char *subtitle, const struct section *secs, int n,
                const char *footer)
{
	char day[16] = "";
	time_t now = time(NULL);
	struct tm tm;
	if (localtime_r(&now, &tm)) strftime(day, sizeof day, "%d-%m-%Y", &tm);
	for (int i = 0; i < n; i++)
		if (secs[i].oom) return -1;
	TRY(buf_printf(out, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
	                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                    "<meta name=\"generator\" content=\"passend\">\n<title>"));
	TRY(html_escape(out, title));
	TRY(buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", css));
	TRY(html_escape(out, title));
	TRY(buf_printf(out, "</h1>\n<p class=\"sub\">"));
	TRY(html_escape(out, subtitle));
	TRY(buf_printf(out, " · gemaakt op %s</p>\n</header>\n", day));
	if (n > 2) {
		TRY(buf_printf(out, "<nav aria-label=\"Inhoud\"><strong>Inhoud</strong><ol>"));
		for (int i = 0; i < n; i++) {
			TRY(buf_printf(out, "<li><a href=\"#s%d\">", i + 1));
			TRY(html_escape(out, secs[i].title));
			TRY(buf_printf(out, "</a></li>"));
		}
		TRY(buf_printf(out, "</ol></nav>\n"));
	}
	TRY(buf_printf(out, "<main>\n"));
	for (int i = 0; i < n; i++)
		TRY(section_html(out, &secs[i], i + 1));
	TRY(buf_printf(out, "</main>\n"));
	if (footer && *footer) {
		TRY(buf_printf(out, "<footer>\n"));
		for (const char *p = footer; *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			if (len) {
				char *line = strndup(p, len);
				if (!line) return -1;
				int rc = buf_printf(out, "<p>") < 0 || html_escape(out, line) < 0 ||
				                 buf_printf(out, "</p>\n") < 0
				             ? -1
				             : 0;
				free(line);
				TRY(rc);
			}
			p += len + (nl != NULL);
		}
		TRY(buf_printf(out, "</footer>\n"));
	}
	return buf_printf(out, "</body>\n</html>\n");
}

/* ---- names -------------------------------------------------------------------------------------- */

static const struct {
	const char *cmd, *title;
} names[] = {
    {"deelname", "Deelname speciaal (basis)onderwijs"},
    {"tlv", "Toelaatbaarheidsverklaringen (TLV's)"},
    {"arrangementen", "Arrangementen per werkgebied"},
    {"mdo", "Multidisciplinaire overleggen (MDO's)"},
    {"thuiszitters", "Thuiszitters"},
    {"budget", "Werkgebiedbudgetten: uitputting"},
    {"begroting", "Begroting: periodeoverzicht"},
    {"jaarverslag", "Jaarverslag: balans, baten en lasten, kengetallen"},
    {"trimester", "Trimesterrapportage"},
    {"dashboard", "Toezicht: dashboard"},
    {"voortgang", "Jaarplan: voortgang"},
};

void html_report_names(const struct cli_ctx *ctx, char *title, size_t tlen, char *sub, size_t slen)
{
	const char *word = ctx->depth > 0 ? ctx->path[ctx->depth - 1]->name : "";
	snprintf(title, tlen, "Rapport %s", word);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].cmd, word) == 0) snprintf(title, tlen, "%s", names[i].title);
	size_t k = 0;
	sub[0] = '\0';
	for (int i = 0; i < ctx->depth && k < slen; i++)
		k += (size_t)snprintf(sub + k, slen - k, "%s%s", i ? " " : "", ctx->path[i]->name);
	for (int i = 0; i < ctx->nset && k < slen; i++) {
		const char *v = ctx->set[i].value;
		if (ctx->set[i].flag->metavar)
			k += (size_t)snprintf(sub + k, slen - k, " --%s %s", ctx->set[i].flag->name, v);
		else
			k += (size_t)snprintf(sub + k, slen - k, " --%s", ctx->set[i].flag->name);
	}
	for (int i = 0; i < ctx->nargs && k < slen; i++)
		k += (size_t)snprintf(sub + k, slen - k, " %s", ctx->args[i]);
}
