/* cli_rapport: passend.v1.Rapportage — `passend rapport
 * deelname|tlv|arrangementen|mdo|thuiszitters|budget|begroting|jaarverslag` and
 * `passend admin landelijk` as verbs whose flags fill the request (tables
 * below), and the printers of `passend toezicht dashboard` and `passend
 * jaarplan voortgang` (cli_toezicht.c, cli_jaarplan.c); the reports print as titled sections like the
 * published trimesterrapportage: table (aligned, Dutch number notation), csv (one block per section: a line
 * with the section title, the header, the rows, a blank line), html (one page, charts described
 * on the sections: cli_html.c) or json (the whole report message).
 */
#include "cli_section.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "passend/v1/jaarplan.pb-c.h"

/* ---- passend rapport deelname ----------------------------------------------------------------- */

static const char *scope_label(const char *scope)
{
	if (!scope) return "";
	if (strcmp(scope, "swv") == 0) return "SWV";
	if (strcmp(scope, "gemeente") == 0) return "Gemeente";
	if (strcmp(scope, "bestuur") == 0) return "Bestuur";
	return scope;
}

static int print_deelname(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__DeelnameReport *resp = (const Passend__V1__DeelnameReport *)msg;
	struct section secs[2];
	struct fmt f = {.out = ctx->g.output};

	sec_init(&secs[0], "Leerlingaantallen", 10);
	sec_init(&secs[1], "Deelnamepercentages", 12);
	sec_row(&secs[0], (const char *[]){"Teldatum", "Niveau", "Naam", "BAO", "SBO", "SO", "SO cat. 1",
	                                   "SO cat. 2", "SO cat. 3", "Noemer (BAO+SBO)"});
	sec_row(&secs[1], (const char *[]){"Teldatum", "Niveau", "Naam", "% SBO", "Landelijk SBO",
	                                   "Verschil SBO", "% SO", "Landelijk SO", "Verschil SO",
	                                   "% SO cat. 1", "% SO cat. 2", "% SO cat. 3"});
	for (size_t i = 0; i < resp->n_rows; i++) {
		const Passend__V1__DeelnameRow *r = resp->rows[i];
		sec_row(&secs[0],
		        (const char *[]){sec_date(&f, 0, r->teldatum), scope_label(r->scope), r->name,
		                         sec_cell(&f, 3, r->bao), sec_cell(&f, 4, r->sbo),
		                         sec_cell(&f, 5, r->so), sec_cell(&f, 6, r->so_categorie_1),
		                         sec_cell(&f, 7, r->so_categorie_2),
		                         sec_cell(&f, 8, r->so_categorie_3), sec_cell(&f, 9, r->noemer)});
		sec_row(&secs[1],
		        (const char *[]){sec_date(&f, 0, r->teldatum), scope_label(r->scope), r->name,
		                         sec_dec(&f, 3, r->pct_sbo), sec_dec(&f, 4, r->landelijk_sbo),
		                         sec_dec(&f, 5, r->verschil_sbo), sec_dec(&f, 6, r->pct_so),
		                         sec_dec(&f, 7, r->landelijk_so), sec_dec(&f, 8, r->verschil_so),
		                         sec_dec(&f, 9, r->pct_so_categorie_1),
		                         sec_dec(&f, 10, r->pct_so_categorie_2),
		                         sec_dec(&f, 11, r->pct_so_categorie_3)});
	}
	return sec_report_print(
	    ctx, msg, secs, 2,
	    "Percentages = aantal / (BAO + SBO) x 100, afgerond op 2 decimalen; leeg = noemer 0.\n"
	    "Verschil in procentpunten ten opzichte van landelijk; * = klein aantal, onderdrukt.\n");
}

static const struct cli_flag deelname_flags[] = {
    {"teldatum", "YYYY-MM-DD", "only these count dates (repeat or comma-separate; default: all with counts)",
     .field = "teldata"},
    CLI_FIELD("per_gemeente", "also a row per gemeente (by residence, woonachtig)"),
    {"per-bestuur", NULL, "also a row per schoolbestuur", .field = "per_bestuur"},
    {0},
};

/* ---- passend rapport tlv ------------------------------------------------------------------------ */

/* Index of s in list[0..n-1], appending it when new. */
static size_t intern(const char **list, size_t *n, size_t cap, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(list[i], s) == 0) return i;
	if (*n < cap) list[(*n)++] = s;
	return *n - 1;
}

#define TLV_MAX_PER  8 /* periods shown */
#define TLV_MAX_ROWS 64

static void tlv_herkomst(struct section *s, struct fmt *f, const Passend__V1__TlvReport *r)
{
	const char *per[TLV_MAX_PER], *codes[TLV_MAX_ROWS], *labels[TLV_MAX_ROWS];
	const Passend__V1__Cell *grid[TLV_MAX_ROWS][TLV_MAX_PER] = {{0}};
	size_t np = 0, nc = 0;
	const char *hdr[SEC_MAX_COLS] = {"Herkomst"};

	for (size_t i = 0; i < r->n_perioden; i++)
		intern(per, &np, TLV_MAX_PER, r->perioden[i]);
	for (size_t i = 0; i < r->n_herkomst; i++) {
		const Passend__V1__HerkomstRow *h = r->herkomst[i];
		size_t p = intern(per, &np, TLV_MAX_PER, h->periode);
		size_t nc0 = nc, c = intern(codes, &nc, TLV_MAX_ROWS, h->herkomst);
		if (nc > nc0) labels[c] = h->label && *h->label ? h->label : h->herkomst;
		grid[c][p] = h->aantal;
	}
	sec_init(s, "TLV's naar herkomst", (int)np + 1);
	s->chart = (struct sec_chart){SEC_CHART_BAR, .label = 0, .cols = {-1}, .ncols = 1};
	for (size_t p = 0; p < np; p++)
		hdr[p + 1] = per[p];
	sec_row(s, hdr);
	long long tot[TLV_MAX_PER] = {0};
	int sup[TLV_MAX_PER] = {0};
	for (size_t c = 0; c < nc; c++) {
		const char *row[SEC_MAX_COLS] = {labels[c]};
		for (size_t p = 0; p < np; p++) {
			row[p + 1] = sec_cell(f, (int)p + 1, grid[c][p]);
			if (grid[c][p]) {
				tot[p] += grid[c][p]->value;
				sup[p] |= grid[c][p]->suppressed;
			}
		}
		sec_row(s, row);
	}
	if (nc) {
		const char *row[SEC_MAX_COLS] = {"Totaal"};
		for (size_t p = 0; p < np; p++)
			row[p + 1] = sup[p] ? "" : sec_num(f, (int)p + 1, tot[p]);
		sec_row(s, row);
	}
}

static void tlv_bestemming(struct section *s, struct fmt *f, const Passend__V1__TlvReport *r)
{
	size_t nt = 0;
	for (size_t i = 0; i < r->n_bestemming; i++)
		if (r->bestemming[i]->n_per_trimester > nt) nt = r->bestemming[i]->n_per_trimester;
	if (nt > TLV_MAX_PER) nt = TLV_MAX_PER;
	const char *hdr[SEC_MAX_COLS] = {"School"};
	char names[TLV_MAX_PER][24]; /* "T" + any size_t */
	for (size_t t = 0; t < nt; t++) {
		snprintf(names[t], sizeof(names[t]), "T%zu", t + 1);
		hdr[t + 1] = names[t];
	}
	hdr[nt + 1] = "Totaal";
	sec_init(s, "Verdeling afgegeven TLV's speciaal (basis)onderwijs", (int)nt + 2);
	s->chart = (struct sec_chart){SEC_CHART_STACKED, .label = 0, .ncols = (int)nt};
	for (size_t t = 0; t < nt; t++)
		s->chart.cols[t] = (int)t + 1;
	sec_row(s, hdr);
	/* As in the published report: the SBO schools with their total, then the
	 * SO schools and "Overig" (listed under SO) with the SO total. */
	static const char *const blocks[2][2] = {{"SBO", NULL}, {"SO", "overig"}};
	static const char *const totals[2] = {"Totaal SBO", "Totaal SO"};
	long long eind[TLV_MAX_PER + 1] = {0};
	int eind_sup[TLV_MAX_PER + 1] = {0};
	for (int k = 0; k < 2; k++) {
		long long sub[TLV_MAX_PER + 1] = {0};
		int sub_sup[TLV_MAX_PER + 1] = {0}, any = 0;
		for (int g = 0; g < 2 && blocks[k][g]; g++) {
			for (size_t i = 0; i < r->n_bestemming; i++) {
				const Passend__V1__BestemmingRow *b = r->bestemming[i];
				if (!b->groep || strcasecmp(b->groep, blocks[k][g]) != 0) continue;
				const char *row[SEC_MAX_COLS] = {b->school};
				for (size_t t = 0; t < nt; t++) {
					const Passend__V1__Cell *c =
					    t < b->n_per_trimester ? b->per_trimester[t] : NULL;
					row[t + 1] = sec_cell(f, (int)t + 1, c);
					if (c) {
						sub[t] += c->value;
						sub_sup[t] |= c->suppressed;
					}
				}
				row[nt + 1] = sec_cell(f, (int)nt + 1, b->totaal);
				if (b->totaal) {
					sub[nt] += b->totaal->value;
					sub_sup[nt] |= b->totaal->suppressed;
				}
				sec_row(s, row);
				any = 1;
			}
		}
		if (!any) continue;
		const char *row[SEC_MAX_COLS] = {totals[k]};
		for (size_t t = 0; t <= nt; t++)
			row[t + 1] = sub_sup[t] ? "" : sec_num(f, (int)t + 1, sub[t]);
		sec_row(s, row);
		for (size_t t = 0; t <= nt; t++) {
			eind[t] += sub[t];
			eind_sup[t] |= sub_sup[t];
		}
	}
	if (r->n_bestemming) {
		const char *row[SEC_MAX_COLS] = {"Eindtotaal"};
		for (size_t t = 0; t <= nt; t++)
			row[t + 1] = eind_sup[t] ? "" : sec_num(f, (int)t + 1, eind[t]);
		sec_row(s, row);
	}
}

static const struct sec_layout tlv_sections[] = {
    {"Aanvragende basisscholen",
     "aanvragende_scholen",
     {{"Periode", "periode"},
      {"TLV's uit basisonderwijs", "tlv_uit_basisonderwijs"},
      {"Aanvragende basisscholen", "aanvragende_basisscholen"},
      {"Basisscholen totaal", "basisscholen_totaal"},
      {"Aandeel aanvragend", "aandeel_aanvragend", SEC_PCT},
      {"Gemiddeld per aanvragende school", "gemiddeld_per_aanvragende_school"}}},
    {"Doorlooptijd",
     "doorlooptijd",
     {{"Periode", "periode"},
      {"Besluiten", "besluiten"},
      {"Aandeel op tijd", "aandeel_op_tijd", SEC_PCT},
      {"Mediaan dagen", "mediaan_dagen"},
      {"P90 dagen", "p90_dagen"},
      {"Aandeel onder 8", "aandeel_onder_8", SEC_PCT},
      {"Aandeel jongens", "aandeel_jongens", SEC_PCT},
      {"Aandeel meisjes", "aandeel_meisjes", SEC_PCT}}},
    {"Per bestuur",
     "per_bestuur",
     {{"Bestuur", "bestuur"},
      {"TLV BAO naar SBO", "tlv_bao_naar_sbo"},
      {"Aandeel TLV SBO", "aandeel_tlv_bao_naar_sbo", SEC_PCT},
      {"TLV BAO naar SO", "tlv_bao_naar_so"},
      {"Aandeel TLV SO", "aandeel_tlv_bao_naar_so", SEC_PCT},
      {"Aandeel BAO-leerlingen", "aandeel_bao_leerlingen", SEC_PCT}}},
    {"Nieuw en herbeoordeling",
     "nieuw_herbeoordeling",
     {{"Periode", "periode"}, {"Nieuw", "nieuw"}, {"Herbeoordeling", "herbeoordeling"}}},
    {"Routes",
     "route_groups",
     {{"Periode", "periode"},
      {"Route", "label"},
      {"Bestemming", "bestemming"},
      {"Aantal", "aantal"},
      {"Aandeel", "aandeel", SEC_PCT}}},
};

static int print_tlv(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__TlvReport *resp = (const Passend__V1__TlvReport *)msg;
	struct section secs[7];
	struct fmt f = {.out = ctx->g.output, .threshold = resp->small_cell_threshold};
	int tri = resp->trimester;

	tlv_herkomst(&secs[0], &f, resp);
	tlv_bestemming(&secs[1], &f, resp);

	for (int i = 0; i < 5; i++)
		sec_fill(&secs[2 + i], &f, msg, &tlv_sections[i]);
	/* Routes: a group's row over all destinations reads "alle" */
	for (size_t r = 1; r < secs[6].nrows && !secs[6].oom; r++) {
		char **c = &secs[6].cells[r * (size_t)secs[6].ncols + 2];
		if (**c) continue;
		free(*c);
		if (!(*c = strdup("alle"))) secs[6].oom = 1;
	}

	char footer[640];
	int k =
	    snprintf(footer, sizeof(footer),
	             "Aandelen in procenten (2 decimalen). Routes: de routegroepen van het "
	             "samenwerkingsverband (naar herkomst); zonder bestemming als aandeel van alle nieuwe "
	             "TLV's, met bestemming SBO of SO als aandeel van de TLV's naar SBO resp. SO.\n");
	if (k < 0 || (size_t)k >= sizeof(footer)) k = 0;
	if (resp->suppressed)
		snprintf(footer + k, sizeof(footer) - (size_t)k,
		         "Schooljaar %s%s. Aantallen kleiner dan %d zijn onderdrukt (\"<%d\"); basisscholen "
		         "worden niet "
		         "genoemd.\n",
		         resp->schooljaar, tri ? ", cumulatief t/m het gekozen trimester" : "",
		         resp->small_cell_threshold, resp->small_cell_threshold);
	else
		snprintf(footer + k, sizeof(footer) - (size_t)k, "Schooljaar %s%s.\n", resp->schooljaar,
		         tri ? ", cumulatief t/m het gekozen trimester" : "");
	return sec_report_print(ctx, msg, secs, 7, footer);
}

/* ---- passend rapport mdo ------------------------------------------------------------------------ */

/* "Schooljaar X[, cumulatief ...]." and the suppression note when it applies. */
static void report_footer(char *out, size_t n, const char *schooljaar, int tri, int suppressed, int threshold)
{
	int k = snprintf(out, n, "Schooljaar %s%s.", schooljaar,
	                 tri ? ", cumulatief t/m het gekozen trimester" : "");
	if (k < 0 || (size_t)k >= n) return;
	if (suppressed)
		snprintf(
		    out + k, n - (size_t)k,
		    " Aantallen kleiner dan %d zijn onderdrukt (\"<%d\"), en zo nodig een tweede cel, zodat "
		    "geen onderdrukte cel uit een totaal of een andere periode terug te rekenen is.\n",
		    threshold, threshold);
	else
		snprintf(out + k, n - (size_t)k, "\n");
}

/* ---- passend toezicht dashboard, passend jaarplan voortgang -------------------------------- */

/* A signal as read: "op_koers_met_aandacht" -> "op koers met aandacht". */
static const char *signaal(struct fmt *f, int col, const char *s)
{
	snprintf(f->tmp[col], sizeof(f->tmp[col]), "%s", s ? s : "");
	for (char *p = f->tmp[col]; *p; p++)
		if (*p == '_') *p = ' ';
	return f->tmp[col];
}

/* A decimal given as text (a target), with a decimal comma in tables. */
static const char *dec_text(struct fmt *f, int col, const char *s)
{
	Passend__V1__Decimal d = PASSEND__V1__DECIMAL__INIT;
	d.value = (char *)s;
	return sec_dec(f, col, &d);
}

const struct cli_flag cli_voortgang_flags[] = {
    CLI_SCHOOLJAAR_FLAG("2018-2019"),
    CLI_FIELD("trimester", "1-3: through this trimester (default 0: the whole year)", .min = 0, .max = 3),
    {0},
};

int cli_print_dashboard(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__Dashboard *d = (const Passend__V1__Dashboard *)msg;
	struct fmt f = {.out = ctx->g.output, .threshold = d->small_cell_threshold};
	struct section *secs = calloc(d->n_secties ? d->n_secties : 1, sizeof(*secs));
	if (!secs) return cli_emit(ctx, &(buf){0}, -1);
	for (size_t i = 0; i < d->n_secties; i++) {
		const Passend__V1__DashboardSectie *s = d->secties[i];
		sec_init(&secs[i], s->titel, 6);
		sec_row(&secs[i],
		        (const char *[]){"Onderwerp", "Periode", "Waarde", "Doel", "Signaal", "Toelichting"});
		secs[i].chart = (struct sec_chart){SEC_CHART_BADGES, .label = 0, .sublabel = 1,
		                                   .cols = {4},      .ncols = 1, .totals = 1};
		for (size_t k = 0; k < s->n_regels; k++) {
			const Passend__V1__DashboardRegel *r = s->regels[k];
			sec_row(&secs[i],
			        (const char *[]){r->onderwerp, r->periode, sec_dec(&f, 2, r->waarde),
			                         dec_text(&f, 3, r->doel), signaal(&f, 4, r->signaal),
			                         r->toelichting});
		}
	}
	char footer[384];
	report_footer(footer, sizeof(footer), d->schooljaar, d->trimester, d->suppressed,
	              d->small_cell_threshold);
	int rc = sec_report_print(ctx, msg, secs, (int)d->n_secties, footer);
	free(secs);
	return rc;
}

int cli_print_voortgang(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__JaarplanVoortgang *v = (const Passend__V1__JaarplanVoortgang *)msg;
	struct fmt f = {.out = ctx->g.output};
	struct section sec;
	sec_init(&sec, "Jaarplan: KPI-voortgang", 7);
	sec_row(&sec, (const char *[]){"Actie", "KPI", "Periode", "Waarde", "Doel", "Signaal", "Bron"});
	/* a badge per KPI and period: "KPI text · T1" */
	sec.chart = (struct sec_chart){SEC_CHART_BADGES, .label = 1, .sublabel = 2, .cols = {5}, .ncols = 1};
	sec.chart.totals = 1;
	sec.chart.title = "Signalen per KPI";
	for (size_t i = 0; i < v->n_kpis; i++) {
		const Passend__V1__KpiVoortgang *k = v->kpis[i];
		Passend__V1__Decimal w = PASSEND__V1__DECIMAL__INIT;
		w.value = k->waarde;
		w.suppressed = k->suppressed;
		sec_row(&sec, (const char *[]){k->code, k->kpi, k->periode, sec_dec(&f, 3, &w),
		                               dec_text(&f, 4, k->doelwaarde), signaal(&f, 5, k->signaal),
		                               k->bron});
	}
	char footer[384];
	report_footer(footer, sizeof(footer), v->schooljaar, v->trimester, 0, 0);
	return sec_report_print(ctx, msg, &sec, 1, footer);
}

static const struct sec_layout mdo_sections[] = {
    {"MDO's per niveau", "per_niveau", {{"Periode", "periode"}, {"Niveau", "label"}, {"Aantal", "aantal"}}},
    {"Kenmerken",
     "kenmerken",
     {{"Periode", "periode"},
      {"MDO's", "mdos"},
      {"Aandeel jonger dan 8 (per MDO)", "aandeel_jonger_dan_8"},
      {"Aandeel kind deelgenomen", "aandeel_kind_deelgenomen"},
      {"Tijdelijke plaatsingen SBO", "tijdelijke_plaatsingen_sbo"},
      {"Tijdelijke plaatsingen SO", "tijdelijke_plaatsingen_so"}}},
};

static int print_mdo(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__MdoReport *resp = (const Passend__V1__MdoReport *)msg;
	struct section secs[2];
	struct fmt f = {.out = ctx->g.output, .threshold = resp->small_cell_threshold};

	for (int i = 0; i < 2; i++)
		sec_fill(&secs[i], &f, msg, &mdo_sections[i]);
	char footer[384];
	report_footer(footer, sizeof(footer), resp->schooljaar, resp->trimester, resp->suppressed,
	              resp->small_cell_threshold);
	return sec_report_print(ctx, msg, secs, 2, footer);
}

/* The period of a report by school year and trimester (tlv, arrangementen, mdo). */
static const struct cli_flag rapport_period_flags[] = {
    CLI_SCHOOLJAAR_FLAG("2016-2017"),
    CLI_FIELD("trimester", "1-3: cumulative through this trimester (default 0: the whole year)", .min = 0,
              .max = 3),
    {0},
};

/* ---- passend rapport trimester and its companions (cli_trimester.c) ---------------------------- */

#define TRIMESTER_FLAGS(prefix)                                                                              \
	{"schooljaar",                                                                                       \
	 "YYYY-YYYY",                                                                                        \
	 "school year, e.g. 2016-2017",                                                                      \
	 .field = prefix "schooljaar",                                                                       \
	 .required = CLI_CALL,                                                                               \
	 .set = cli_set_schooljaar},                                                                         \
	{                                                                                                    \
		"trimester", "N", "1-3: T1 through this trimester", .field = prefix "trimester", .min = 1,   \
		                                                    .max = 3, .required = CLI_CALL           \
	}
#define TRIMESTER_SECTIES "regionaal|werkgebieden|voorzieningen|deelname|thuiszitters|financien|kwaliteit"

static const struct cli_flag rapport_trimester_flags[] = {
    TRIMESTER_FLAGS(""),
    {"actueel", NULL, "the current figures, also when the report is vastgesteld", .field = "actueel"},
    {"verschil", NULL, "a vastgesteld report: beside each frozen figure the current one where it differs",
     .field = "verschil"},
    {0},
};
static const struct cli_flag rapport_tekst_flags[] = {
    TRIMESTER_FLAGS(""),
    CLI_FIELD("sectie", "the section", .choices = TRIMESTER_SECTIES, .required = CLI_CALL),
    CLI_FIELD("soort", "aandachtspunten or conclusies", .choices = "aandachtspunten|conclusies",
              .required = CLI_CALL),
    CLI_FIELD("tekst", "the text (a new version)", .metavar = "TEXT", .required = CLI_CALL),
    {0},
};
static const struct cli_flag rapport_teksten_flags[] = {
    TRIMESTER_FLAGS(""),
    CLI_FIELD("sectie", "only this section", .choices = TRIMESTER_SECTIES),
    {0},
};
static const struct cli_flag rapport_vaststellen_flags[] = {
    TRIMESTER_FLAGS(""),
    CLI_FIELD("datum", "the day the report is vastgesteld", .required = CLI_CALL),
    {0},
};
static const struct cli_flag rapport_gepubliceerd_flags[] = {
    TRIMESTER_FLAGS("cijfer."),
    CLI_FIELD("cijfer.sectie", "the cell's section", .choices = TRIMESTER_SECTIES, .required = CLI_CALL),
    CLI_FIELD("cijfer.tabel", "the cell's table (its key, e.g. aanvragend)", .required = CLI_CALL),
    CLI_FIELD("cijfer.rij", "the cell's row (its key)", .required = CLI_CALL),
    CLI_FIELD("cijfer.kolom", "the cell's column as printed, e.g. T1+T2", .required = CLI_CALL),
    CLI_FIELD("cijfer.waarde", "the published figure, decimal point: 1.45", .metavar = "NUMBER",
              .required = CLI_CALL),
    CLI_FIELD("cijfer.toelichting", "where it was published", .metavar = "TEXT"),
    {0},
};

/* ---- passend rapport arrangementen ------------------------------------------------------------- */

static void arr_werkgebied_row(struct section *s, struct fmt *f,
                               const Passend__V1__ArrangementWerkgebiedRow *x)
{
	if (!x) return;
	sec_row(s, (const char *[]){x->werkgebied, sec_cell(f, 1, x->individueel),
	                            sec_pct(f, 2, x->individueel_pct_leerlingen), sec_cell(f, 3, x->groep),
	                            sec_cell(f, 4, x->innovatie), sec_cell(f, 5, x->totaal),
	                            sec_cell(f, 6, x->verlengingen)});
}

/* The verdeling rows of one dimension as a section: period, value, count, share. */
static void arr_verdeling(struct section *s, struct fmt *f, const Passend__V1__ArrangementReport *r,
                          const char *title, const char *dim, const char *heading)
{
	sec_init(s, title, 4);
	sec_row(s, (const char *[]){"Periode", heading, "Aantal", "Aandeel"});
	for (size_t i = 0; i < r->n_verdeling; i++) {
		const Passend__V1__ArrangementVerdelingRow *x = r->verdeling[i];
		if (strcmp(x->verdeling, dim) != 0) continue;
		sec_row(s, (const char *[]){x->periode, x->label, sec_cell(f, 2, x->aantal),
		                            sec_pct(f, 3, x->aandeel)});
	}
}

static const struct sec_layout arr_per_periode = {
    "Per werkgebied en periode",
    "per_periode",
    {{"Periode", "periode"},
     {"Werkgebied", "werkgebied"},
     {"Individueel", "individueel"},
     {"% van de leerlingen", "individueel_pct_leerlingen", SEC_PCT},
     {"Groep", "groep"},
     {"Innovatie", "innovatie"},
     {"Totaal", "totaal"},
     {"Waarvan verlengingen", "verlengingen"}}};
static const struct sec_layout arr_versterkt = {"Versterkt ook de leerkracht of het team",
                                                "versterkt",
                                                {{"Periode", "periode"},
                                                 {"Versterkt", "versterkt"},
                                                 {"Totaal", "totaal"},
                                                 {"Aandeel", "aandeel", SEC_PCT}}};

static int print_arrangementen(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__ArrangementReport *resp = (const Passend__V1__ArrangementReport *)msg;
	struct section secs[7];
	struct fmt f = {.out = ctx->g.output, .threshold = resp->small_cell_threshold};

	sec_init(&secs[0], "Verdeling arrangementen per werkgebied", 7);
	sec_row(&secs[0], (const char *[]){"Werkgebied", "Individueel", "% van de leerlingen", "Groep",
	                                   "Innovatie", "Totaal", "Waarvan verlengingen"});
	secs[0].chart = (struct sec_chart){SEC_CHART_BAR, .label = 0, .cols = {5}, .ncols = 1,
	                                   .title = "Arrangementen per werkgebied (totaal)"};
	for (size_t i = 0; i < resp->n_per_werkgebied; i++)
		arr_werkgebied_row(&secs[0], &f, resp->per_werkgebied[i]);
	arr_werkgebied_row(&secs[0], &f, resp->totaal);

	sec_fill(&secs[1], &f, msg, &arr_per_periode);
	arr_verdeling(&secs[2], &f, resp, "Per bestuur", "bestuur", "Bestuur");
	arr_verdeling(&secs[3], &f, resp, "Per ondersteuningscategorie", "ondersteuningscategorie",
	              "Ondersteuningscategorie");
	arr_verdeling(&secs[4], &f, resp, "Per leerjaar", "leerjaar", "Leerjaar");
	arr_verdeling(&secs[5], &f, resp, "Per geslacht", "geslacht", "Geslacht");

	sec_fill(&secs[6], &f, msg, &arr_versterkt);

	char footer[512];
	int k =
	    snprintf(footer, sizeof(footer),
	             "Toegekende arrangementen naar startdatum; leerjaar naar leeftijd (groep = leeftijd in "
	             "het eerste kalenderjaar van het schooljaar - 3). ");
	if (k > 0 && (size_t)k < sizeof(footer))
		report_footer(footer + k, sizeof(footer) - (size_t)k, resp->schooljaar, resp->trimester,
		              resp->suppressed, resp->small_cell_threshold);
	return sec_report_print(ctx, msg, secs, 7, footer);
}

/* ---- passend rapport thuiszitters --------------------------------------------------------------- */

/* How a municipal count row names its gemeente. */
static const char *telling_gemeente(const Passend__V1__ThuiszitterTellingRow *x)
{
	if (x->soort && !strcmp(x->soort, "totaal")) return "Totaal";
	if (x->soort && !strcmp(x->soort, "zonder_verdeling")) return "(zonder verdeling per gemeente)";
	return x->gemeente;
}

static const char *uitkomst_label(const char *u)
{
	return !u || !*u ? "Totaal" : u;
}

static int print_thuiszitters(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__ThuiszitterReport *resp = (const Passend__V1__ThuiszitterReport *)msg;
	struct section secs[4];
	struct fmt f = {.out = ctx->g.output, .threshold = resp->small_cell_threshold};
	char title[96], pd[16];

	sec_init(&secs[0], "Thuiszitters per gemeente (peildata)", 4);
	sec_row(&secs[0], (const char *[]){"Peildatum", "Categorie", "Gemeente", "Aantal"});
	for (size_t i = 0; i < resp->n_tellingen; i++) {
		const Passend__V1__ThuiszitterTellingRow *x = resp->tellingen[i];
		sec_row(&secs[0],
		        (const char *[]){sec_date(&f, 0, x->peildatum), *x->label ? x->label : x->categorie,
		                         telling_gemeente(x), sec_cell(&f, 3, x->aantal)});
	}
	snprintf(pd, sizeof(pd), "%s", sec_date(&f, 0, resp->peildatum));
	snprintf(title, sizeof(title), "Thuiszitters dreigend, consulent betrokken (open op %s)", pd);
	sec_init(&secs[1], title, 2);
	sec_row(&secs[1], (const char *[]){"Werkgebied", "Aantal"});
	for (size_t i = 0; i < resp->n_dreigend; i++)
		sec_row(&secs[1], (const char *[]){resp->dreigend[i]->werkgebied,
		                                   sec_cell(&f, 1, resp->dreigend[i]->aantal)});
	sec_init(&secs[2], "Doorlooptijd afgesloten casussen (startdatum tot einddatum)", 5);
	sec_row(&secs[2], (const char *[]){"Periode", "Uitkomst", "Afgesloten", "Gemiddeld (dagen)",
	                                   "Mediaan (dagen)"});
	for (size_t i = 0; i < resp->n_duur; i++) {
		const Passend__V1__ThuiszitterDuurRow *x = resp->duur[i];
		sec_row(&secs[2], (const char *[]){
		                      x->periode, uitkomst_label(x->uitkomst), sec_cell(&f, 2, x->afgesloten),
		                      sec_dec(&f, 3, x->gemiddeld_dagen), sec_dec(&f, 4, x->mediaan_dagen)});
	}
	sec_init(&secs[3], "Verloop: actueel = begin + nieuw - verhuisd - 18 jaar - opgelost", 12);
	sec_row(&secs[3], (const char *[]){"Van", "Tot", "Gemeente", "Begin", "Nieuw", "Verhuisd", "18 jaar",
	                                   "Opgelost", "Actueel", "Berekend", "Verschil", "Klopt"});
	for (size_t i = 0; i < resp->n_verloop; i++) {
		const Passend__V1__ThuiszitterVerloopRow *x = resp->verloop[i];
		char van[16];
		snprintf(van, sizeof(van), "%s", sec_date(&f, 0, x->van));
		sec_row(&secs[3], (const char *[]){van, sec_date(&f, 1, x->tot),
		                                   *x->gemeente ? x->gemeente : "(zonder verdeling)",
		                                   sec_cell(&f, 3, x->begin), sec_cell(&f, 4, x->nieuw),
		                                   sec_cell(&f, 5, x->verhuisd), sec_cell(&f, 6, x->achttien),
		                                   sec_cell(&f, 7, x->opgelost), sec_cell(&f, 8, x->actueel),
		                                   sec_cell(&f, 9, x->berekend),
		                                   sec_num(&f, 10, (long long)x->verschil),
		                                   x->klopt ? "ja" : "NEE: telt niet op"});
	}
	char footer[384];
	report_footer(footer, sizeof(footer), resp->schooljaar, resp->trimester, resp->suppressed,
	              resp->small_cell_threshold);
	return sec_report_print(ctx, msg, secs, 4, footer);
}

/* The inspectie's CSV of the municipal counts: peildatum,categorie,gemeente,aantal, one line
 * per count (a total without a gemeente split has an empty gemeente), as the SWV sends it
 * every two months; --output json prints the whole report. */
static int print_inspectie(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__ThuiszitterReport *resp = (const Passend__V1__ThuiszitterReport *)msg;
	struct fmt f = {.out = PROTO_FMT_CSV, .threshold = resp->small_cell_threshold};
	buf out = {0};
	int rc = 0;
	if (ctx->g.output == PROTO_FMT_JSON)
		return cli_emit(ctx, &out, proto_print_message(&out, PROTO_FMT_JSON, msg));
	rc = buf_printf(&out, "peildatum,categorie,gemeente,aantal\n");
	for (size_t i = 0; i < resp->n_tellingen && rc >= 0; i++) {
		const Passend__V1__ThuiszitterTellingRow *x = resp->tellingen[i];
		if (x->soort && !strcmp(x->soort, "totaal")) continue;
		const char *g = x->soort && !strcmp(x->soort, "gemeente") ? x->gemeente : "";
		if (buf_printf(&out, "%s,%s,", sec_date(&f, 0, x->peildatum), x->categorie) < 0 ||
		    proto_csv_field(&out, g, strlen(g)) < 0 ||
		    buf_printf(&out, ",%s\n", sec_cell(&f, 3, x->aantal)) < 0)
			rc = -1;
	}
	return cli_emit(ctx, &out, rc < 0 ? -1 : 0);
}

static const struct cli_flag rapport_thuiszitters_flags[] = {
    CLI_SCHOOLJAAR_FLAG("2016-2017"),
    CLI_FIELD("trimester", "1-3: cumulative through this trimester (default 0: the whole year)", .min = 0,
              .max = 3),
    CLI_FIELD("peildatum",
              "the day of the dreigend table (default: the latest peildatum of the counts in the period)"),
    {0},
};

/* ---- passend rapport budget ---------------------------------------------------------------- */

static int budget_check(struct cli_form *form)
{
	const Passend__V1__GetWerkgebiedBudgetReportRequest *r = (const void *)form->req;
	return r->trimester && r->tot ? cli_usage_error(form->ctx, "give --trimester or --tot, not both") : 0;
}

/* An amount: in table output euros in Dutch notation ("1.234,56"), in CSV
 * with a decimal point ("1234.56"). */
static const char *euro(struct fmt *f, int col, int64_t cents)
{
	if (f->out == PROTO_FMT_TABLE) return cli_euro_text(cents, 0, f->tmp[col], sizeof(f->tmp[col]));
	uint64_t u = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(f->tmp[col], sizeof(f->tmp[col]), "%s%llu.%02llu", cents < 0 ? "-" : "",
	         (unsigned long long)(u / 100), (unsigned long long)(u % 100));
	return f->tmp[col];
}

static void budget_rows(struct section *s, struct section *o, struct fmt *f,
                        const Passend__V1__WerkgebiedBudgetRow *x)
{
	if (!x) return;
	sec_row(s, (const char *[]){x->werkgebied, euro(f, 1, x->begroot_cents),
	                            euro(f, 2, x->begroot_periode_cents), euro(f, 3, x->verplicht_cents),
	                            sec_pct(f, 4, x->verplicht_pct), euro(f, 5, x->besteed_cents),
	                            sec_pct(f, 6, x->uitputting), sec_dec(f, 7, x->verschil)});
	sec_row(o, (const char *[]){x->werkgebied, sec_num(f, 1, x->leerlingen), euro(f, 2, x->aandeel_cents),
	                            euro(f, 3, x->ophogingen_cents), euro(f, 4, x->frictiepot_cents),
	                            euro(f, 5, x->begroot_cents)});
}

static int print_budget(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__WerkgebiedBudgetReport *r = (const Passend__V1__WerkgebiedBudgetReport *)msg;
	struct section secs[3];
	struct fmt f = {.out = ctx->g.output};

	sec_init(&secs[0], "Uitputting werkgebiedbudgetten", 8);
	sec_row(&secs[0], (const char *[]){"Werkgebied", "Begroot", "Begroot t/m periode", "Verplicht",
	                                   "Verplicht %", "Besteed", "Uitputting", "Verschil met jaardeel"});
	sec_init(&secs[1], "Opbouw begroot", 6);
	sec_row(&secs[1], (const char *[]){"Werkgebied", "Leerlingen", "Aandeel verdeling", "Ophogingen",
	                                   "Uit frictiepot", "Begroot"});
	for (size_t i = 0; i < r->n_per_werkgebied; i++)
		budget_rows(&secs[0], &secs[1], &f, r->per_werkgebied[i]);
	budget_rows(&secs[0], &secs[1], &f, r->totaal);
	sec_init(&secs[2], "Frictiepot", 4);
	sec_row(&secs[2], (const char *[]){"Jaartotaal", "Frictiepot", "Onttrokken", "Over"});
	sec_row(&secs[2], (const char *[]){euro(&f, 0, r->totaal_cents), euro(&f, 1, r->frictiepot_cents),
	                                   euro(&f, 2, r->frictiepot_onttrokken_cents),
	                                   euro(&f, 3, r->frictiepot_over_cents)});

	char footer[512], jaardeel[64];
	const Passend__V1__Decimal jd = {.value = r->jaardeel ? r->jaardeel->value : ""};
	snprintf(jaardeel, sizeof jaardeel, "%s", sec_pct(&f, 0, &jd));
	secs[0].chart = (struct sec_chart){SEC_CHART_SHARE, .label = 0,           .cols = {6},
	                                   .ncols = 1,      .ref_text = jaardeel, .ref_name = "jaardeel"};
	snprintf(
	    footer, sizeof footer,
	    "Schooljaar %s t/m %s: %s van het jaar verstreken (jaardeel; begroot t/m periode = begroot x "
	    "jaardeel). Verdeling naar leerlingen op %s. Verplicht: toegekende arrangementen van het "
	    "schooljaar; uitputting = besteed / begroot.\n",
	    r->schooljaar, sec_date(&f, 1, r->tot), jaardeel,
	    r->teldatum ? sec_date(&f, 2, r->teldatum) : "(geen budget)");
	return sec_report_print(ctx, msg, secs, 3, footer);
}

static const struct cli_flag rapport_budget_flags[] = {
    CLI_SCHOOLJAAR_FLAG("2016-2017"),
    CLI_FIELD("trimester", "1-3: through the end of this trimester (default: the whole year)", .min = 0,
              .max = 3),
    CLI_FIELD("tot", "instead of --trimester: through this day"),
    {0},
};

/* ---- passend rapport begroting ------------------------------------------------------------- */

/* Whole euros, half-up (table: Dutch thousands separators; csv: plain). */
static const char *euro_whole(struct fmt *f, int col, int64_t cents)
{
	if (f->out == PROTO_FMT_TABLE) return cli_euro_text(cents, 1, f->tmp[col], sizeof(f->tmp[col]));
	int64_t a = cents < 0 ? -cents : cents, e = (a + 50) / 100;
	snprintf(f->tmp[col], sizeof(f->tmp[col]), "%lld", (long long)(cents < 0 && e ? -e : e));
	return f->tmp[col];
}

static void begroting_row(struct section *s, struct fmt *f, const Passend__V1__BegrotingReportRow *r,
                          const char *label)
{
	sec_row(
	    s,
	    (const char *[]){
	        r->code, label,
	        r->pm && !r->begroot_schooljaar_cents ? "PM" : euro_whole(f, 2, r->begroot_schooljaar_cents),
	        euro_whole(f, 3, r->begroot_periode_cents), euro_whole(f, 4, r->realisatie_periode_cents),
	        euro_whole(f, 5, r->verschil_cents), euro_whole(f, 6, r->prognose_cents)});
}

static int print_begroting(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__BegrotingReport *rep = (const Passend__V1__BegrotingReport *)msg;
	static const char *const secties[] = {"baten", "overdrachten", "lasten"};
	static const char *const titels[] = {"BATEN", "OVERDRACHTEN (overige negatieve baten)",
	                                     "LASTEN schooljaar", "RESULTAAT"};
	struct section secs[4];
	struct fmt f = {.out = ctx->g.output};
	char label[256], bp[64];
	snprintf(bp, sizeof(bp), "Begroot t/m %04d-%02d", rep->tot ? rep->tot->year : 0,
	         rep->tot ? rep->tot->month : 0);
	for (int i = 0; i < 4; i++) {
		sec_init(&secs[i], titels[i], 7);
		sec_row(&secs[i], (const char *[]){"Code", "Omschrijving", "Begroot schooljaar", bp,
		                                   "Realisatie", "Verschil", "Prognose"});
	}
	const char *groep = NULL;
	for (size_t i = 0; i < rep->n_rows; i++) {
		const Passend__V1__BegrotingReportRow *r = rep->rows[i];
		int k = 3;
		for (int j = 0; j < 3; j++)
			if (strcmp(r->soort, "resultaat") && !strcmp(r->sectie, secties[j])) k = j;
		if (!strcmp(r->soort, "regel")) {
			if (!groep ||
			    strcmp(groep, r->groep)) { /* the group's heading from its subtotal row */
				groep = r->groep;
				const char *kop = "";
				for (size_t j = i; j < rep->n_rows; j++)
					if (!strcmp(rep->rows[j]->soort, "groep") &&
					    !strcmp(rep->rows[j]->sectie, r->sectie) &&
					    !strcmp(rep->rows[j]->groep, r->groep)) {
						kop = rep->rows[j]->omschrijving;
						break;
					}
				snprintf(label, sizeof(label), "%s %s", r->groep, kop);
				sec_row(&secs[k], (const char *[]){"", label, "", "", "", "", ""});
			}
			begroting_row(&secs[k], &f, r, r->omschrijving);
		} else if (!strcmp(r->soort, "groep")) {
			snprintf(label, sizeof(label), "totaal %s %s", r->groep, r->omschrijving);
			begroting_row(&secs[k], &f, r, label);
			groep = NULL;
		} else {
			begroting_row(&secs[k], &f, r, r->omschrijving);
		}
	}
	char footer[256];
	snprintf(
	    footer, sizeof(footer),
	    "Schooljaar %s, %d maanden; begroting versie %d (%s). Bedragen in hele euro's (half naar boven "
	    "afgerond); totalen over de regels in centen.\n",
	    rep->schooljaar, rep->maanden, rep->versie, rep->status);
	return sec_report_print(ctx, msg, secs, 4, footer);
}

static const struct cli_flag rapport_begroting_flags[] = {
    CLI_SCHOOLJAAR_FLAG("2016-2017"),
    CLI_FIELD("tot", "the last day of a month of the school year, e.g. 2017-03-31", .required = CLI_CALL),
    CLI_FIELD("begroting_id", "this version (default: the latest goedgekeurd, else the latest)",
              .ref = &cli_res_begroting),
    {0},
};

/* ---- passend rapport jaarverslag ---------------------------------------------------------------- */

/* An amount in cents: in tables whole euros in Dutch notation (half-up), in
 * csv euros with a decimal point ("1234567.89"); "" when not given. */
static const char *money(struct fmt *f, int col, int has, int64_t cents)
{
	char *t = f->tmp[col];
	if (!has) return "";
	cli_euro_text(cents, f->out == PROTO_FMT_TABLE, t, sizeof f->tmp[col]);
	if (f->out != PROTO_FMT_TABLE) { /* "1.234.567,89" -> "1234567.89" */
		size_t k = 0;
		for (char *p = t; *p; p++)
			if (*p != '.') t[k++] = *p == ',' ? '.' : *p;
		t[k] = '\0';
	}
	return t;
}

/* A kengetal's decimal in its unit: "53,12 %", "1,85", "€ 1.200.000" in
 * tables; as the server gives it in csv. */
static const char *kengetal_value(struct fmt *f, int col, const char *eenheid, const char *v)
{
	if (!v || !*v) return "";
	if (f->out != PROTO_FMT_TABLE) return v;
	if (strcmp(eenheid, "euro") == 0) { /* "1200000.00": cents without the point */
		char digits[32];
		size_t k = 0;
		for (const char *p = v; *p && k + 1 < sizeof digits; p++)
			if (*p != '.') digits[k++] = *p;
		digits[k] = '\0';
		char e[40];
		cli_euro_text(strtoll(digits, NULL, 10), 1, e, sizeof e);
		snprintf(f->tmp[col], sizeof f->tmp[col], "€ %s", e);
		return f->tmp[col];
	}
	Passend__V1__Decimal d = PASSEND__V1__DECIMAL__INIT;
	d.value = (char *)v;
	return strcmp(eenheid, "%") == 0 ? sec_pct(f, col, &d) : sec_dec(f, col, &d);
}

static const char *signaal_text(const Passend__V1__Kengetal *k)
{
	switch (k->signaal) {
	case PASSEND__V1__KENGETAL_SIGNAAL__SIGNAAL_BINNEN:
		return "geen signaal";
	case PASSEND__V1__KENGETAL_SIGNAAL__SIGNAAL_ONDER:
		return "SIGNAAL: onder de signaleringswaarde";
	case PASSEND__V1__KENGETAL_SIGNAAL__SIGNAAL_BOVEN:
		return strcmp(k->eenheid, "euro") == 0 ? "SIGNAAL: mogelijk bovenmatige reserve"
		                                       : "SIGNAAL: boven de signaleringswaarde";
	case PASSEND__V1__KENGETAL_SIGNAAL__SIGNAAL_GEEN_WAARDE:
		return "niet te berekenen";
	default:
		return "geen signaleringswaarde";
	}
}

/* The signaleringswaarde as a person reads it: "< 30,00 %", "> 35,00 %",
 * "> € 420.000" (the reserve norm of the year). */
static const char *grens_text(struct fmt *f, int col, const Passend__V1__Kengetal *k)
{
	char lo[28] = "", hi[28] = "";
	if (*k->ondergrens)
		snprintf(lo, sizeof lo, "< %s", kengetal_value(f, col, k->eenheid, k->ondergrens));
	if (*k->bovengrens)
		snprintf(hi, sizeof hi, "> %s", kengetal_value(f, col, k->eenheid, k->bovengrens));
	snprintf(f->tmp[col], sizeof f->tmp[col], "%s%s%s", lo, *lo && *hi ? " of " : "", hi);
	return f->tmp[col];
}

/* Rows of a staat: lines under a subtotal indented in tables. */
static void jaarverslag_rows(struct section *s, struct fmt *f, Passend__V1__JaarverslagRegel *const *rows,
                             size_t n, int begroting)
{
	for (size_t i = 0; i < n; i++) {
		const Passend__V1__JaarverslagRegel *r = rows[i];
		char naam[256];
		int indent = 0;
		if (f->out == PROTO_FMT_TABLE && strcmp(r->soort, "regel") == 0)
			for (size_t j = i + 1; j < n && !indent; j++)
				indent = strcmp(rows[j]->soort, "subtotaal") == 0 &&
				         strcmp(rows[j]->rubriek, r->rubriek) == 0;
		snprintf(naam, sizeof naam, "%s%s", indent ? "  " : "", r->naam);
		const char *v[5] = {r->code, naam, money(f, 2, r->met_bedrag, r->bedrag_cents)};
		if (begroting) {
			v[3] = money(f, 3, r->met_begroting, r->begroting_cents);
			v[4] = money(f, 4, r->met_vorig_jaar, r->vorig_jaar_cents);
		} else {
			v[3] = money(f, 3, r->met_vorig_jaar, r->vorig_jaar_cents);
		}
		sec_row(s, v);
	}
}

static int print_jaarverslag(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__Jaarverslag *r = (const Passend__V1__Jaarverslag *)msg;
	struct section secs[3];
	struct fmt f = {.out = ctx->g.output};
	char t0[64], t1[64], h[4][32];

	snprintf(t0, sizeof t0, "Balans per 31 december %d", r->jaar);
	snprintf(h[0], sizeof h[0], "31-12-%d", r->jaar);
	snprintf(h[1], sizeof h[1], "31-12-%d", r->jaar - 1);
	sec_init(&secs[0], t0, 4);
	sec_row(&secs[0], (const char *[]){"Code", "Post", h[0], h[1]});
	jaarverslag_rows(&secs[0], &f, r->balans, r->n_balans, 0);

	snprintf(t1, sizeof t1, "Staat van baten en lasten %d", r->jaar);
	snprintf(h[2], sizeof h[2], "Begroting %d", r->jaar);
	snprintf(h[3], sizeof h[3], "Realisatie %d", r->jaar - 1);
	snprintf(h[0], sizeof h[0], "Realisatie %d", r->jaar);
	sec_init(&secs[1], t1, 5);
	sec_row(&secs[1], (const char *[]){"Code", "Post", h[0], h[2], h[3]});
	jaarverslag_rows(&secs[1], &f, r->baten_en_lasten, r->n_baten_en_lasten, 1);

	snprintf(h[1], sizeof h[1], "%d", r->jaar);
	snprintf(h[2], sizeof h[2], "%d", r->jaar - 1);
	sec_init(&secs[2], "Kengetallen", 7);
	sec_row(&secs[2], (const char *[]){"Kengetal", h[1], h[2], "Signaleringswaarde", "Signaal",
	                                   "Gepubliceerd", "Afwijking"});
	secs[2].chart = (struct sec_chart){
	    SEC_CHART_BADGES, .label = 0,  .cols = {4},
	    .ncols = 1,       .totals = 1, .title = "Kengetallen: signalen van de inspectie"};
	int afwijking = 0;
	for (size_t i = 0; i < r->n_kengetallen; i++) {
		const Passend__V1__Kengetal *k = r->kengetallen[i];
		afwijking |= k->afwijking;
		sec_row(&secs[2], (const char *[]){k->naam, kengetal_value(&f, 1, k->eenheid, k->waarde),
		                                   kengetal_value(&f, 2, k->eenheid, k->vorig_jaar),
		                                   grens_text(&f, 3, k), signaal_text(k),
		                                   kengetal_value(&f, 5, k->eenheid, k->gepubliceerd),
		                                   k->afwijking ? "wijkt af" : ""});
	}
	char footer[512];
	snprintf(
	    footer, sizeof footer,
	    "Bedragen in hele euro's (afgerond). Kengetallen berekend uit de jaarrekening, afgerond op 2 "
	    "decimalen; signaleringswaarden van de inspectie voor %d, grootteklasse %s.%s%s\n",
	    r->jaar, *r->grootteklasse ? r->grootteklasse : "onbekend",
	    r->vorig_jaar ? "" : " Geen jaarrekening van het vorige jaar opgeslagen.",
	    afwijking ? " 'wijkt af': het gepubliceerde kengetal verschilt van het berekende." : "");
	return sec_report_print(ctx, msg, secs, 3, footer);
}

static const struct cli_flag rapport_jaarverslag_flags[] = {
    CLI_FIELD("jaar", "calendar year of the annual accounts, e.g. 2018", .metavar = "YYYY",
              .required = CLI_CALL, .min = 1990, .max = 2100),
    {0},
};

static const struct cli_verb rapport_verbs[] = {
    {.kind = CLI_CALL,
     "deelname",
     "GetDeelnameReport",
     deelname_flags,
     "Deelnamepercentages SBO and SO per teldatum, with the landelijk figure",
     "Roles bestuur, toezicht and werkgebied. Two sections: 'Leerlingaantallen' (BAO, SBO, SO\n"
     "and SO per category; noemer = BAO + SBO) and 'Deelnamepercentages' (SBO and SO as a\n"
     "percentage of the noemer, the landelijk percentage and the difference in percentage\n"
     "points). Rows: the SWV, then per gemeente and per bestuur when asked. Percentages are\n"
     "computed by the server in numeric and rounded half-up to 2 decimals; an empty value\n"
     "means the noemer is 0. Small counts are suppressed (*) for roles other than bestuur.\n"
     "--output csv prints each section as a block: a line with the section title, the\n"
     "header, the rows, a blank line. --output json prints the DeelnameReport message.",
     "  passend rapport deelname\n"
     "  passend rapport deelname --teldatum 2016-10-01,2017-10-01 --per-gemeente --per-bestuur\n"
     "  passend rapport deelname --output csv > deelname.csv\n",
     .print = print_deelname},
    {.kind = CLI_CALL,
     "tlv",
     "GetTlvReport",
     rapport_period_flags,
     "The TLV trimesterrapportage of a school year",
     "Roles bestuur and toezicht. Cumulative within the school year, using the SWV's trimester\n"
     "boundaries; a TLV counts in the period of its besluitdatum. Sections (as in the published\n"
     "report): 'TLV's naar herkomst', 'Verdeling afgegeven TLV's speciaal (basis)onderwijs'\n"
     "(per receiving school with subtotals SBO and SO and the Eindtotaal), 'Aanvragende\n"
     "basisscholen', 'Doorlooptijd', 'Per bestuur', 'Nieuw en herbeoordeling' and 'Routes' (the\n"
     "SWV's own route groups, see 'passend bestuur herkomst set', in total and per destination\n"
     "SBO / SO). Shares are percentages, decimals rounded half-up to 2 decimals by the server,\n"
     "shown with a decimal comma in the table (\"26,92 %\").\n"
     "For roles other than bestuur, counts below the SWV's small-cell threshold show as \"<N\"\n"
     "and basisscholen are never named.\n"
     "--output csv prints each section as a block: a line with the section title, the header,\n"
     "the rows, a blank line (decimal point, suppressed cells \"<N\"). --output json prints the\n"
     "TlvReport message (proto3 JSON).",
     "  passend rapport tlv --schooljaar 2016-2017 --trimester 2\n"
     "  passend rapport tlv --schooljaar 2016-2017 --output csv > tlv-2016-2017.csv\n"
     "  passend rapport tlv --schooljaar 2016-2017 --trimester 2 --output json | jq .herkomst\n"
     "  passend rapport tlv --schooljaar 2016-2017 --trimester 2 --output html -o tlv.html\n",
     .print = print_tlv},
    {.kind = CLI_CALL,
     "arrangementen",
     "GetArrangementReport",
     rapport_period_flags,
     "Arrangements per werkgebied by type, per ondersteuningscategorie, versterkt share",
     "Roles bestuur (all), werkgebied (her werkgebieden) and toezicht. Cumulative within the\n"
     "school year by the SWV's trimesters; an arrangement counts once granted, in the period of\n"
     "its startdatum. Sections: 'Verdeling arrangementen per werkgebied' (individueel, its\n"
     "percentage of the werkgebied's pupils, groep, innovatie, totaal, verlengingen, with a\n"
     "Totaal row), 'Per ondersteuningscategorie' and 'Versterkt ook de leerkracht of het team'.\n"
     "Percentages are rounded half-up to 2 decimals by the server, shown as \"3,10 %\" in the\n"
     "table. For roles other than bestuur small counts show as \"<N\", and further cells are\n"
     "suppressed where a total would reveal them.\n"
     "--output csv prints each section as a block; --output json the ArrangementReport message.",
     "  passend rapport arrangementen --schooljaar 2016-2017 --trimester 2\n"
     "  passend rapport arrangementen --schooljaar 2016-2017 --output csv > arrangementen.csv\n",
     .print = print_arrangementen},
    {.kind = CLI_CALL,
     "budget",
     "GetWerkgebiedBudgetReport",
     rapport_budget_flags,
     "Werkgebied budgets: begroot, verplicht, besteed and uitputting against the year's share",
     "Roles bestuur and toezicht (every werkgebied) and werkgebied (her werkgebieden). Through the\n"
     "end of a trimester, or through --tot: begroot (the share of the split plus raises and\n"
     "frictiepot draws dated by then), begroot t/m periode (begroot x the share of the year passed,\n"
     "whole months / 12), verplicht (amounts of the school year's arrangements granted by then and\n"
     "not withdrawn), besteed (spending by then), uitputting (besteed / begroot) and its difference\n"
     "with the year's share in percentage points. Euros in Dutch notation (1.234,56) in the table,\n"
     "with a decimal point in csv; --output json prints the WerkgebiedBudgetReport (cents).",
     "  passend rapport budget --schooljaar 2016-2017 --trimester 2\n"
     "  passend rapport budget --schooljaar 2016-2017 --tot 2017-01-31 --output csv\n",
     .check = budget_check,
     .print = print_budget},
    {.kind = CLI_CALL,
     "mdo",
     "GetMdoReport",
     rapport_period_flags,
     "MDOs per level per trimester of a school year, with their kenmerken",
     "Roles bestuur, toezicht and werkgebied (its own werkgebied). Cumulative within the school\n"
     "year, using the SWV's trimester boundaries; an MDO counts in the period of its date.\n"
     "Sections: 'MDO's per niveau' and 'Kenmerken' (MDO's, the share of MDOs about a pupil\n"
     "younger than 8 (per MDO; age reached in the school year's first calendar year), the share\n"
     "with the child taking part, temporary placements in SBO and SO). For roles other than\n"
     "bestuur, counts below the SWV's small-cell threshold show as \"<N\", and a second cell is\n"
     "suppressed where a total or another period would give the first away.\n"
     "--output csv prints each section as a block; --output json the MdoReport message.",
     "  passend rapport mdo --schooljaar 2016-2017 --trimester 2\n"
     "  passend rapport mdo --schooljaar 2016-2017 --output csv > mdo-2016-2017.csv\n",
     .print = print_mdo},
    {.kind = CLI_CALL,
     "thuiszitters",
     "GetThuiszitterReport",
     rapport_thuiszitters_flags,
     "Thuiszitters: municipal counts, threatened thuiszitters per werkgebied, durations, verloop",
     "Roles bestuur (all), werkgebied (her werkgebieden and their gemeenten), school (its pupils'\n"
     "cases) and toezicht. Sections: 'Thuiszitters per gemeente' (the municipal counts of the\n"
     "peildata in the period per categorie and gemeente, a total without a gemeente split, and\n"
     "the total), 'Thuiszitters dreigend' (cases open on the peildatum per werkgebied),\n"
     "'Doorlooptijd' (cases closed per period by uitkomst: mean and median days from start to\n"
     "end) and 'Verloop' (the gemeenten's figures per period with the rule actueel = begin +\n"
     "nieuw - verhuisd - 18 jaar - opgelost; Klopt says NEE where they do not add up). For roles\n"
     "other than bestuur small counts show as \"<N\", with further cells suppressed where a total,\n"
     "another period or the rule would give them away.\n"
     "--output csv prints each section as a block; --output json the ThuiszitterReport message.",
     "  passend rapport thuiszitters --schooljaar 2016-2017 --trimester 2\n"
     "  passend rapport thuiszitters --schooljaar 2016-2017 --trimester 2 --peildatum 2017-03-15 "
     "--output "
     "csv\n",
     .print = print_thuiszitters},
    {.kind = CLI_CALL,
     "thuiszitters-inspectie",
     "GetThuiszitterReport",
     rapport_thuiszitters_flags,
     "The municipal thuiszitter counts as the CSV the inspectie asks for",
     "Role bestuur (other roles get small counts as \"<N\"). Prints "
     "peildatum,categorie,gemeente,aantal\n"
     "for every count of the peildata in the period; a total without a gemeente split has an\n"
     "empty gemeente. --output json prints the whole ThuiszitterReport.",
     "  passend rapport thuiszitters-inspectie --schooljaar 2016-2017 > thuiszitters-inspectie.csv\n",
     .print = print_inspectie,
     .html = -1},
    {.kind = CLI_CALL,
     "begroting",
     "GetBegrotingReport",
     rapport_begroting_flags,
     "The begroting's period report: budget, period budget, realisatie, verschil, prognose",
     "Roles bestuur and toezicht. Per line, group and sectie (baten, overdrachten, lasten) and\n"
     "the resultaat (baten - overdrachten - lasten): begroot schooljaar, begroot periode\n"
     "(annual x m/12), realisatie periode (bookings from the school year's start through --tot),\n"
     "verschil (begroot periode - realisatie) and prognose (the manual figure, else realisatie\n"
     "x 12/m). Computed in cents; shown in whole euros rounded half-up.\n"
     "--output csv prints each section as a block; --output json the BegrotingReport (cents).",
     "  passend rapport begroting --schooljaar 2016-2017 --tot 2017-03-31\n"
     "  passend rapport begroting --schooljaar 2016-2017 --tot 2017-03-31 --output csv\n",
     .print = print_begroting},
    {.kind = CLI_CALL,
     "jaarverslag",
     "GetJaarverslag",
     rapport_jaarverslag_flags,
     "Jaarverslag figures: balans, staat van baten en lasten, kengetallen with signals",
     "Roles bestuur and toezicht (organisation-level figures, no pupil data). Sections: 'Balans\n"
     "per 31 december' (this year and the previous), 'Staat van baten en lasten' (realisatie,\n"
     "begroting, previous year's realisatie, with the resultaat) and 'Kengetallen'\n"
     "(solvabiliteit, liquiditeit, rentabiliteit, weerstandsvermogen, kapitalisatiefactor, the\n"
     "shares of personele and materiële lasten and doorbetalingen, the reserve norm), each with\n"
     "the inspectie's signaleringswaarde for the year and the SWV's size class, its signal, the\n"
     "published figure when stored and 'wijkt af' where that differs from the computed one.\n"
     "Kengetallen are computed by the server in numeric, rounded half-up to 2 decimals; amounts\n"
     "show as whole euros in the table and as euros with 2 decimals in csv.\n"
     "--output csv prints each section as a block; --output json the Jaarverslag message (cents);\n"
     "--output html one page with the kengetallen's signals as coloured badges.",
     "  passend rapport jaarverslag --jaar 2018\n"
     "  passend rapport jaarverslag --jaar 2018 --output csv > jaarverslag-2018.csv\n"
     "  passend rapport jaarverslag --jaar 2018 --output html -o jaarverslag-2018.html\n",
     .print = print_jaarverslag},
    {.kind = CLI_CALL,
     "trimester",
     "GetTrimesterReport",
     rapport_trimester_flags,
     "The trimesterrapportage: every section with T1, T2, T3, cumulative and the previous year",
     "Roles bestuur (all) and toezicht (the aggregate variant: small counts \"<N\" with a second\n"
     "cell where a total, another period or column would give them away; no basisschool named).\n"
     "Sections: Regionaal (MDO's per niveau, kenmerken, tijdelijke plaatsingen), Werkgebieden\n"
     "(arrangementen per werkgebied by type with the % of pupils, per periode, verlengingen, per\n"
     "bestuur, ondersteuningscategorie, leerjaar and geslacht, uitputting of the budgets),\n"
     "Voorzieningen (TLV's by herkomst and bestemming, aanvragende basisscholen, doorlooptijd, per\n"
     "bestuur), Deelname, Thuiszitters, Financien (the begroting's period statement) and Kwaliteit\n"
     "(jaarplan actions: target, value and signal). Each figure comes from the report that\n"
     "publishes it (rapport mdo, arrangementen, budget, tlv, deelname, thuiszitters, begroting,\n"
     "jaarplan voortgang), all computed in one call. Beside the figures the section's latest\n"
     "aandachtspunten and conclusies (rapport trimester-tekst). A vastgesteld report shows its\n"
     "frozen figures: --actueel the current ones, --verschil the frozen ones with [nu X] where the\n"
     "current figure differs. A published figure that differs shows as [gepubliceerd X].\n"
     "--output csv prints each table as a block; --output json the TrimesterReport message;\n"
     "--output html one page with charts (arrangements per werkgebied, TLV's per herkomst,\n"
     "bestemmingen stacked per trimester, uitputting against the jaardeel, jaarplan signals).",
     "  passend rapport trimester --schooljaar 2016-2017 --trimester 2\n"
     "  passend rapport trimester --schooljaar 2016-2017 --trimester 2 --output html -o rapport.html\n"
     "  passend rapport trimester --schooljaar 2016-2017 --trimester 2 --output json > t2.json\n"
     "  passend rapport trimester --schooljaar 2016-2017 --trimester 2 --verschil\n",
     .print = cli_print_trimester},
    {.kind = CLI_CALL,
     "trimester-tekst",
     "AddTrimesterTekst",
     rapport_tekst_flags,
     "Write a new version of a section's aandachtspunten or conclusies",
     "Role bestuur. Every version is kept with its author (token and role) and time; the report\n"
     "shows the latest beside the section's figures. Newlines in --tekst are kept.",
     "  passend rapport trimester-tekst --schooljaar 2016-2017 --trimester 2 --sectie voorzieningen \\\n"
     "      --soort conclusies --tekst 'Het aantal TLV's SO stijgt.'\n"},
    {.kind = CLI_CALL,
     "trimester-teksten",
     "ListTrimesterTeksten",
     rapport_teksten_flags,
     "Every version of the trimesterrapportage's texts",
     "Roles bestuur and toezicht. Per section and soort, oldest version first.",
     "  passend rapport trimester-teksten --schooljaar 2016-2017 --trimester 2\n",
     .print = cli_print_trimester_teksten},
    {.kind = CLI_CALL,
     "trimester-vaststellen",
     "VaststellenTrimesterReport",
     rapport_vaststellen_flags,
     "Freeze (vaststellen) the trimesterrapportage on a date",
     "Role bestuur. Stores the report's figures as computed now (the full variant and the\n"
     "toezicht variant); later changes to the data do not change it. Once per report.\n"
     "`rapport trimester --verschil` shows where the current figures differ.",
     "  passend rapport trimester-vaststellen --schooljaar 2016-2017 --trimester 2 --datum 2017-04-20\n"},
    {.kind = CLI_CALL,
     "trimester-gepubliceerd",
     "SetTrimesterGepubliceerd",
     rapport_gepubliceerd_flags,
     "Store the figure the SWV published for a cell of the trimesterrapportage",
     "Role bestuur. The cell is named by sectie, tabel and rij (the keys in --output json:\n"
     "tabellen[].naam, rijen[].sleutel) and kolom (as printed). The report shows the computed\n"
     "figure and flags the published one where it differs. Setting it again replaces it.",
     "  passend rapport trimester-gepubliceerd --schooljaar 2016-2017 --trimester 2 \\\n"
     "      --sectie voorzieningen --tabel aanvragend --rij gemiddeld_per_aanvragende_school \\\n"
     "      --kolom T1+T2 --waarde 1.45\n"},
    {0},
};

const struct cli_resource cli_res_rapport = {
    .cmd = {"rapport",
            "Reports: deelname, TLV, arrangementen, MDO, thuiszitter, budget and begroting figures of the "
            "trimesterrapportage; the whole trimesterrapportage (trimester); jaarverslag",
            .resource = &cli_res_rapport},
    .service = &passend__v1__rapportage__descriptor,
    .verbs = rapport_verbs,
    .html = 1,
};

/* ---- passend admin landelijk ---------------------------------------------------------------------- */

/* A percentage as the server stores it (numeric(6,2)): sent as given, with a
 * decimal point. */
static int set_percent(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	char *end;
	double x = strtod(value, &end);
	if (end == value || *end || x < 0 || x > 100 || strchr(value, ','))
		return cli_usage_error(
		    f->ctx, "--%s must be a percentage like 2.48 (decimal point), not '%s'", fl->name, value);
	return cli_form_set(f, NULL, fl->field, value, NULL);
}

static const struct cli_flag landelijk_flags[] = {
    CLI_FIELD("teldatum", "count date the figures belong to", .required = CLI_CALL),
    {"sbo", "PCT", "national SBO participation in percent, e.g. 2.48", .field = "sbo", .set = set_percent,
     .required = CLI_CALL},
    {"so", "PCT", "national SO participation (all categories) in percent", .field = "so", .set = set_percent,
     .required = CLI_CALL},
    {"so-categorie-1", "PCT", "SO category 1 in percent", .field = "so_categorie_1", .set = set_percent},
    {"so-categorie-2", "PCT", "SO category 2 in percent", .field = "so_categorie_2", .set = set_percent},
    {"so-categorie-3", "PCT", "SO category 3 in percent", .field = "so_categorie_3", .set = set_percent},
    {0},
};

static const struct cli_verb landelijk_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "SetLandelijkPercentage",
     landelijk_flags,
     "Set the national participation percentages of a teldatum",
     "Role admin. Platform reference data shared by every SWV; setting a teldatum again\n"
     "replaces its figures. Percentages have a decimal point and at most 2 decimals.",
     "  passend admin landelijk set --teldatum 2016-10-01 --sbo 2.48 --so 1.67 \\\n"
     "      --so-categorie-1 1.35 --so-categorie-2 0.10 --so-categorie-3 0.22\n"},
    {.kind = CLI_LIST,
     "list",
     "ListLandelijkePercentages",
     NULL,
     "List the national participation percentages",
     "Every role may read them.",
     "  passend admin landelijk list\n"
     "  passend admin landelijk list --output csv\n"},
    {0},
};

const struct cli_resource cli_res_landelijk = {
    .cmd = {"landelijk", "National (landelijke) participation percentages per teldatum: set, list",
            .resource = &cli_res_landelijk},
    .service = &passend__v1__rapportage__descriptor,
    .verbs = landelijk_verbs,
};
