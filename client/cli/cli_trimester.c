/* cli_trimester: `passend rapport trimester` and its companions (D47): the
 * trimesterrapportage printed as struct section grids (cli_section.h), one
 * per table of each section with the section's narrative beside it, and the
 * verbs that write the narrative, freeze a report and store a published
 * figure. Numbers are Dutch in tables (1.234,56) and as the server sends
 * them in csv; --output json prints the TrimesterReport message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_section.h"
#include "passend/v1/rapportage.pb-c.h"

#define CEL_LEN 192

/* A figure as the server sends it ("1234.5", "-3") as format f shows it:
 * in Dutch notation ("1.234,5") for people (tables, and any format built on
 * the sections), as sent in csv; "<N" ("*": threshold unknown) when
 * suppressed. Text that is not a plain number is copied as it is. */
static void figure(char *out, size_t n, const struct fmt *f, const char *s, int suppressed)
{
	if (suppressed) {
		snprintf(out, n, f->threshold > 0 ? "<%d" : "*", f->threshold);
		return;
	}
	snprintf(out, n, "%s", s);
	const char *p = s + (*s == '-');
	size_t whole = strspn(p, "0123456789"),
	       frac = p[whole] == '.' ? strspn(p + whole + 1, "0123456789") : 0;
	int plain = whole > 0 && (p[whole] == '\0' || (frac > 0 && p[whole + 1 + frac] == '\0'));
	if (f->out != PROTO_FMT_CSV && plain) sec_dutch(out, n);
}

/* "a — b", allocated (NULL when out of memory). */
static char *title2(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 8;
	char *t = malloc(n);
	if (t) snprintf(t, n, "%s — %s", a, b);
	return t;
}

/* One figure as read: the number (Dutch in a table), "<N" when suppressed,
 * the published figure where it differs and the current one beside a frozen
 * figure that changed. */
static const char *cel_text(char *out, const struct fmt *f, const Passend__V1__TrimesterCel *c)
{
	char w[64], g[64], a[64];
	if (!c) {
		out[0] = '\0';
		return out;
	}
	figure(w, sizeof(w), f, c->waarde, c->suppressed);
	int k = snprintf(out, CEL_LEN, "%s", w);
	if (c->afwijkend && c->gepubliceerd[0] && k >= 0 && k < CEL_LEN) {
		figure(g, sizeof(g), f, c->gepubliceerd, 0);
		k += snprintf(out + k, CEL_LEN - (size_t)k, " [gepubliceerd %s]", g);
	}
	if (c->gewijzigd && k >= 0 && k < CEL_LEN) {
		figure(a, sizeof(a), f, c->actueel[0] ? c->actueel : "-", c->actueel_suppressed);
		snprintf(out + k, CEL_LEN - (size_t)k, " [nu %s]", a);
	}
	return out;
}

/* The narrative of a section as a two-column grid: soort and its lines. */
static void tekst_rows(struct section *s, const Passend__V1__TrimesterTekst *t)
{
	if (!t) return;
	char kop[160];
	char when[32] = "";
	if (t->created_at) {
		time_t sec = (time_t)t->created_at->seconds;
		struct tm tm;
		if (gmtime_r(&sec, &tm)) strftime(when, sizeof(when), ", %Y-%m-%d %H:%M UTC", &tm);
	}
	snprintf(kop, sizeof(kop), "%s (versie %d, %s%s)", t->soort, t->versie, t->auteur_rol, when);
	const char *p = t->tekst;
	int first = 1;
	do {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = strndup(p, n);
		sec_row(s, (const char *[]){first ? kop : "", line ? line : ""});
		free(line);
		first = 0;
		p = e ? e + 1 : p + n;
	} while (*p);
}

/* The column of the section grid (1 + index of kolommen) whose header is
 * name, or 0 when the table has none. */
static int kolom(const Passend__V1__TrimesterTabel *t, const char *name)
{
	for (size_t k = 0; k < t->n_kolommen && k + 1 < SEC_MAX_COLS; k++)
		if (strcmp(t->kolommen[k], name) == 0) return (int)k + 1;
	return 0;
}

/* The cumulative column: the last one of this school year ("T1+T2"; the
 * previous year's column starts with its year), or 0. */
static int kolom_cumulatief(const Passend__V1__TrimesterTabel *t)
{
	int c = 0;
	for (size_t k = 0; k < t->n_kolommen && k + 1 < SEC_MAX_COLS; k++)
		if (t->kolommen[k][0] == 'T') c = (int)k + 1;
	return c;
}

/* The chart --output html draws above a table (issue 10 item 3; other
 * formats ignore it): arrangements per werkgebied and TLVs per herkomst as
 * bars of the cumulative period, the bestemmingen stacked per trimester,
 * the budgets' uitputting against the year's share, the jaarplan's signals
 * as badges. Strings point into the message, which outlives the print. */
static void trimester_chart(struct section *sec, const Passend__V1__TrimesterSectie *s,
                            const Passend__V1__TrimesterTabel *t)
{
	int c;
	if (strcmp(s->naam, "werkgebieden") == 0 && strcmp(t->naam, "per_werkgebied") == 0 &&
	    (c = kolom(t, "totaal")) > 0) {
		sec->chart = (struct sec_chart){SEC_CHART_BAR, .label = 0, .cols = {c}, .ncols = 1,
		                                .title = "Arrangementen per werkgebied (totaal)"};
	} else if (strcmp(s->naam, "werkgebieden") == 0 && strcmp(t->naam, "uitputting") == 0 &&
	           (c = kolom(t, "uitputting %")) > 0 && kolom(t, "jaardeel %") > 0) {
		sec->chart =
		    (struct sec_chart){SEC_CHART_SHARE,
		                       .label = 0,
		                       .cols = {c},
		                       .ncols = 1,
		                       .ref = kolom(t, "jaardeel %"),
		                       .ref_name = "jaardeel",
		                       .title = "Uitputting van de werkgebiedbudgetten tegen het jaardeel"};
	} else if (strcmp(s->naam, "voorzieningen") == 0 && strcmp(t->naam, "herkomst") == 0 &&
	           (c = kolom_cumulatief(t)) > 0) {
		sec->chart = (struct sec_chart){SEC_CHART_BAR, .label = 0, .cols = {c}, .ncols = 1};
	} else if (strcmp(s->naam, "voorzieningen") == 0 && strcmp(t->naam, "bestemming") == 0) {
		struct sec_chart ch = {SEC_CHART_STACKED, .label = 0,
		                       .title = "TLV's naar bestemming, per trimester"};
		static const char *const tn[] = {"T1", "T2", "T3"};
		for (int k = 0; k < 3; k++)
			if ((c = kolom(t, tn[k])) > 0) ch.cols[ch.ncols++] = c;
		if (ch.ncols > 0) sec->chart = ch;
	} else if (strcmp(s->naam, "kwaliteit") == 0 && strcmp(t->naam, "jaarplan") == 0 &&
	           (c = kolom(t, "signaal")) > 0) {
		sec->chart = (struct sec_chart){SEC_CHART_BADGES, .label = 0,
		                                .cols = {c},      .ncols = 1,
		                                .skip_empty = 1,  .title = "Kwaliteit: signaal per actie"};
	}
}

int cli_print_trimester(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__TrimesterReport *r = (const void *)msg;
	struct fmt f = {.out = ctx->g.output, .threshold = r->small_cell_threshold};
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < r->n_secties; i++)
		cap += r->secties[i]->n_tabellen + 2;
	struct section *secs = calloc(cap ? cap : 1, sizeof(*secs));
	char **titles = calloc(cap ? cap : 1, sizeof(*titles));
	if (!secs || !titles) {
		free(secs);
		free(titles);
		return cli_oom(ctx);
	}
	for (size_t i = 0; i < r->n_secties; i++) {
		const Passend__V1__TrimesterSectie *s = r->secties[i];
		for (size_t j = 0; j < s->n_tabellen; j++) {
			const Passend__V1__TrimesterTabel *t = s->tabellen[j];
			int ncols = 1 + (int)t->n_kolommen;
			if (ncols > SEC_MAX_COLS) ncols = SEC_MAX_COLS;
			titles[n] = title2(s->titel, t->titel);
			sec_init(&secs[n], titles[n] ? titles[n] : t->titel, ncols);
			const char *hdr[SEC_MAX_COLS] = {""};
			for (int k = 1; k < ncols; k++)
				hdr[k] = t->kolommen[k - 1];
			sec_row(&secs[n], hdr);
			static char cel[SEC_MAX_COLS][CEL_LEN];
			/* the jaarplan's signal as read, not its code (csv keeps the code) */
			const int sig = strcmp(s->naam, "kwaliteit") == 0 ? kolom(t, "signaal") : 0;
			for (size_t x = 0; x < t->n_rijen; x++) {
				const Passend__V1__TrimesterRij *row = t->rijen[x];
				const char *v[SEC_MAX_COLS] = {row->label};
				for (int k = 1; k < ncols; k++)
					v[k] = cel_text(cel[k], &f,
					                (size_t)(k - 1) < row->n_cellen ? row->cellen[k - 1]
					                                                : NULL);
				if (sig > 0 && sig < ncols &&
				    f.out != PROTO_FMT_CSV) /* "op koers met aandacht" */
					for (char *p = cel[sig]; *p; p++)
						if (*p == '_') *p = ' ';
				sec_row(&secs[n], v);
			}
			trimester_chart(&secs[n], s, t);
			n++;
		}
		if (s->n_tabellen == 0) { /* the section without figures: its title and "(geen gegevens)" */
			titles[n] = title2(s->titel, "geen cijfers voor deze periode");
			sec_init(&secs[n], titles[n] ? titles[n] : s->titel, 1);
			sec_row(&secs[n], (const char *[]){""});
			n++;
		}
		if (s->aandachtspunten || s->conclusies) {
			titles[n] = title2(s->titel, "aandachtspunten en conclusies");
			sec_init(&secs[n], titles[n] ? titles[n] : s->titel, 2);
			sec_row(&secs[n], (const char *[]){"", "Tekst"});
			tekst_rows(&secs[n], s->aandachtspunten);
			tekst_rows(&secs[n], s->conclusies);
			n++;
		}
	}
	char footer[1024];
	int k = snprintf(footer, sizeof(footer),
	                 "Trimesterrapportage %s t/m T%d, kolommen per trimester, cumulatief "
	                 "en dezelfde periode van het vorige schooljaar.",
	                 r->schooljaar, r->trimester);
	if (r->vastgesteld_op && k > 0 && (size_t)k < sizeof(footer))
		k += snprintf(footer + k, sizeof(footer) - (size_t)k, " Vastgesteld op %04d-%02d-%02d%s.",
		              r->vastgesteld_op->year, r->vastgesteld_op->month, r->vastgesteld_op->day,
		              r->bevroren ? " (de cijfers van de vaststelling)"
		                          : "; dit zijn de actuele cijfers");
	if (r->bevroren && r->gewijzigde_cellen && k > 0 && (size_t)k < sizeof(footer))
		k += snprintf(footer + k, sizeof(footer) - (size_t)k,
		              " %d cellen wijken nu af van de vastgestelde cijfers ([nu …]).",
		              r->gewijzigde_cellen);
	if (r->afwijkende_cellen && k > 0 && (size_t)k < sizeof(footer))
		k += snprintf(footer + k, sizeof(footer) - (size_t)k,
		              " %d gepubliceerde cijfers wijken af van de berekende ([gepubliceerd …]).",
		              r->afwijkende_cellen);
	if (r->suppressed && k > 0 && (size_t)k < sizeof(footer))
		k += snprintf(
		    footer + k, sizeof(footer) - (size_t)k,
		    " Aantallen kleiner dan %d zijn onderdrukt (\"<%d\"), en zo nodig een tweede cel; "
		    "basisscholen worden niet genoemd.",
		    r->small_cell_threshold, r->small_cell_threshold);
	if (k > 0 && (size_t)k < sizeof(footer) - 1) snprintf(footer + k, sizeof(footer) - (size_t)k, "\n");
	int rc = sec_report_print(ctx, msg, secs, (int)n, footer);
	for (size_t i = 0; i < n; i++)
		free(titles[i]);
	free(titles);
	free(secs);
	return rc;
}

int cli_print_trimester_teksten(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__ListTrimesterTekstenResponse *r = (const void *)msg;
	struct section sec;
	struct fmt f = {.out = ctx->g.output};
	sec_init(&sec, "Teksten van de trimesterrapportage (alle versies)", 6);
	sec_row(&sec, (const char *[]){"Sectie", "Soort", "Versie", "Rol", "Tijd (UTC)", "Tekst"});
	for (size_t i = 0; i < r->n_teksten; i++) {
		const Passend__V1__TrimesterTekst *t = r->teksten[i];
		char when[32] = "";
		if (t->created_at) {
			time_t sec_t = (time_t)t->created_at->seconds;
			struct tm tm;
			if (gmtime_r(&sec_t, &tm)) strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		}
		char *flat = strdup(t->tekst);
		for (char *p = flat; p && *p; p++)
			if (*p == '\n' && f.out == PROTO_FMT_TABLE) *p = ' ';
		sec_row(&sec, (const char *[]){t->sectie, t->soort, sec_num(&f, 2, t->versie), t->auteur_rol,
		                               when, flat ? flat : ""});
		free(flat);
	}
	return sec_report_print(ctx, msg, &sec, 1, NULL);
}
