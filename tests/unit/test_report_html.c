/* Unit tests for client/cli/cli_html.c and the number helpers of
 * cli_section.c: Dutch thousands separators, reading a table cell as a
 * number, HTML escaping, signal colours, the SVG charts (one <rect> per bar,
 * segment or badge; suppressed cells no bar; totals rows left out) and the
 * page (doctype, no script or link, every section heading, the footer),
 * and sections laid out from a report's rows (sec_fill). */
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "cli_html.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* buf as a C string (appends a NUL that len does not count). */
static const char *cstr(buf *b)
{
	assert_int_equal(buf_append(b, "", 1), 0);
	b->len--;
	return (const char *)b->data;
}

static void test_group_thousands(void **state)
{
	static const char *const cases[][2] = {
	    {"20580", "20.580"},
	    {"1234,56", "1.234,56"},
	    {"-1234567", "-1.234.567"},
	    {"26,92 %", "26,92 %"},
	    {"12345,5 %", "12.345,5 %"},
	    {"999", "999"},
	    {"1000", "1.000"},
	    {"<5", "<5"},
	    {"", ""},
	    {"2016-10-01", "2016-10-01"},
	    {"T1", "T1"},
	    {"12a45", "12a45"},
	    {"1234,", "1234,"},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		char s[64];
		snprintf(s, sizeof s, "%s", cases[i][0]);
		sec_group_thousands(s, sizeof s);
		assert_string_equal(s, cases[i][1]);
	}
	char small[6] = "12345"; /* no room: unchanged */
	sec_group_thousands(small, sizeof small);
	assert_string_equal(small, "12345");
}

static void test_cell_number(void **state)
{
	static const struct {
		const char *text;
		double v;
	} good[] = {
	    {"1.234,56", 1234.56},
	    {"26,92 %", 26.92},
	    {"€ 1.200.000", 1200000},
	    {"jaardeel 66,67", 66.67},
	    {"-548", -548},
	    {"0", 0},
	    {"158", 158},
	    {"3,10 %", 3.10},
	};
	static const char *const bad[] = {"", "<5", "*", "2016-10-01", "T1", "abc", "1,", "5 kg", NULL};
	(void)state;
	for (size_t i = 0; i < COUNT(good); i++) {
		double v = -1;
		assert_int_equal(sec_cell_number(good[i].text, &v), 0);
		assert_true(v > good[i].v - 1e-9 && v < good[i].v + 1e-9);
	}
	for (size_t i = 0; i < COUNT(bad); i++) {
		double v;
		if (sec_cell_number(bad[i], &v) != -1)
			fail_msg("'%s' read as %f", bad[i] ? bad[i] : "(null)", v);
	}
}

static void test_escape(void **state)
{
	buf b = {0};
	(void)state;
	assert_int_equal(html_escape(&b, "a<b>&\"c\"'d'"), 0);
	assert_string_equal(cstr(&b), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
	buf_free(&b);
	assert_int_equal(html_escape(&b, "Zuid-Kennemerland — één"), 0);
	assert_string_equal(cstr(&b), "Zuid-Kennemerland — één");
	buf_free(&b);
}

static void test_signal_level(void **state)
{
	(void)state;
	assert_int_equal(html_signal_level("op koers"), 1);
	assert_int_equal(html_signal_level("afgerond"), 1);
	assert_int_equal(html_signal_level("geen signaal"), 1);
	assert_int_equal(html_signal_level("binnen"), 1);
	assert_int_equal(html_signal_level("op koers met aandacht"), 2);
	assert_int_equal(html_signal_level("midden"), 2);
	assert_int_equal(html_signal_level("niet op koers"), 3);
	assert_int_equal(html_signal_level("SIGNAAL: onder de signaleringswaarde"), 3);
	assert_int_equal(html_signal_level("boven"), 3);
	assert_int_equal(html_signal_level("geen signaleringswaarde"), 0);
	assert_int_equal(html_signal_level(""), 0);
}

/* A section like the TLV herkomst table: label, T1, T2, a Totaal row. */
static void herkomst(struct section *s)
{
	sec_init(s, "TLV's naar <herkomst>", 3);
	sec_row(s, (const char *[]){"Herkomst", "T1", "T1+T2"});
	sec_row(s, (const char *[]){"Voorschool", "4", "7"});
	sec_row(s, (const char *[]){"Basisonderwijs", "33", "79"});
	sec_row(s, (const char *[]){"SBO", "<5", "<5"});
	sec_row(s, (const char *[]){"SO & \"cluster\"", "30", "1.048"});
	sec_row(s, (const char *[]){"Totaal", "83", "1.158"});
}

static void test_bar_chart(void **state)
{
	struct section s;
	buf b = {0};
	(void)state;
	herkomst(&s);
	s.chart = (struct sec_chart){SEC_CHART_BAR, .label = 0, .cols = {-1}, .ncols = 1};
	assert_int_equal(html_chart(&b, &s, 1), 0);
	const char *svg = cstr(&b);
	assert_int_equal(occurrences(svg, "<svg"), 1);
	assert_int_equal(occurrences(svg, "<rect"), 3); /* 4 rows, one suppressed, Totaal left out */
	assert_non_null(strstr(svg, "SO &amp; &quot;cluster&quot;"));
	assert_null(strstr(svg, "Totaal"));
	assert_non_null(strstr(svg, "&lt;5 (onderdrukt)"));
	/* the longest bar is 1.048: the whole bar width */
	assert_non_null(strstr(svg, "width=\"360.0\""));
	buf_free(&b);

	s.chart.totals = 1;
	assert_int_equal(html_chart(&b, &s, 1), 0);
	assert_int_equal(occurrences(cstr(&b), "<rect"), 4);
	buf_free(&b);

	s.chart =
	    (struct sec_chart){SEC_CHART_BAR, .label = 0, .cols = {1}, .ncols = 1, .where = 1, .equals = "4"};
	assert_int_equal(html_chart(&b, &s, 1), 0);
	assert_int_equal(occurrences(cstr(&b), "<rect"), 1);
	buf_free(&b);

	s.chart = (struct sec_chart){SEC_CHART_BAR, .label = 0, .sublabel = 1, .cols = {2}, .ncols = 1};
	assert_int_equal(html_chart(&b, &s, 1), 0);
	assert_non_null(strstr(cstr(&b), ">Voorschool · 4</text>")); /* the label with its sublabel */
	buf_free(&b);

	s.chart = (struct sec_chart){SEC_CHART_BAR, .label = 0, .cols = {7}, .ncols = 1}; /* no such column */
	assert_int_equal(html_chart(&b, &s, 1), 0);
	assert_int_equal(b.len, 0);
	sec_free(&s);
}

static void test_stacked_chart(void **state)
{
	struct section s;
	buf b = {0};
	(void)state;
	herkomst(&s);
	sec_row(&s, (const char *[]){"Zorg", "<5", "12"});
	s.chart = (struct sec_chart){SEC_CHART_STACKED, .label = 0, .cols = {1, 2}, .ncols = 2};
	assert_int_equal(html_chart(&b, &s, 2), 0);
	/* 5 rows x 2 columns, SBO's two suppressed cells and Zorg's T1 no segment */
	assert_int_equal(occurrences(cstr(&b), "<rect"), 7);
	assert_non_null(strstr(cstr(&b), "1.078<")); /* 30 + 1048, grouped */
	/* a row with a suppressed segment: its sum is not the total */
	assert_non_null(strstr(cstr(&b), ">12 + onderdrukt<"));
	buf_free(&b);
	sec_free(&s);
}

static void test_share_chart(void **state)
{
	struct section s;
	buf b = {0};
	(void)state;
	sec_init(&s, "Uitputting", 3);
	sec_row(&s, (const char *[]){"Werkgebied", "Uitputting", "Jaardeel"});
	sec_row(&s, (const char *[]){"Bergen", "42,10 %", "66,67 %"});
	sec_row(&s, (const char *[]){"Heiloo", "80,00 %", "66,67 %"});
	sec_row(&s, (const char *[]){"Langedijk", "", "66,67 %"});
	sec_row(&s, (const char *[]){"Totaal", "50,00 %", "66,67 %"});
	s.chart = (struct sec_chart){SEC_CHART_SHARE,       .label = 0,
	                             .cols = {1},           .ncols = 1,
	                             .ref_text = "66,67 %", .ref_name = "jaardeel"};
	assert_int_equal(html_chart(&b, &s, 3), 0);
	const char *svg = cstr(&b);
	assert_int_equal(occurrences(svg, "<rect"), 2);
	assert_int_equal(occurrences(svg, "fill=\"#2f855a\""), 1); /* under the year's share */
	assert_int_equal(occurrences(svg, "fill=\"#c53030\""), 1); /* over it */
	assert_int_equal(occurrences(svg, "<line"), 3);            /* two marks and the axis */
	assert_non_null(strstr(svg, "42,10 % (jaardeel 66,67 %)"));
	buf_free(&b);
	s.chart.ref_text = NULL; /* the reference from a column */
	s.chart.ref = 2;
	assert_int_equal(html_chart(&b, &s, 3), 0);
	assert_int_equal(occurrences(cstr(&b), "fill=\"#c53030\""), 1);
	buf_free(&b);
	sec_free(&s);
}

static void test_badges(void **state)
{
	struct section s;
	buf b = {0};
	(void)state;
	sec_init(&s, "Kengetallen", 2);
	sec_row(&s, (const char *[]){"Kengetal", "Signaal"});
	sec_row(&s, (const char *[]){"Solvabiliteit", "geen signaal"});
	sec_row(&s, (const char *[]){"Reservenorm", "SIGNAAL: mogelijk bovenmatige reserve"});
	sec_row(&s, (const char *[]){"Actie P2", "op koers met aandacht"});
	sec_row(&s, (const char *[]){"Actie P3", ""});
	s.chart = (struct sec_chart){SEC_CHART_BADGES, .label = 0, .cols = {1}, .ncols = 1};
	assert_int_equal(html_chart(&b, &s, 4), 0);
	const char *svg = cstr(&b);
	assert_int_equal(occurrences(svg, "<rect class=\"badge\""), 4);
	assert_int_equal(occurrences(svg, "#2f855a"), 1);
	assert_int_equal(occurrences(svg, "#c53030"), 1);
	assert_int_equal(occurrences(svg, "#c05621"), 1);
	assert_int_equal(occurrences(svg, "#718096"), 1);
	buf_free(&b);
	/* skip_empty: the action without a signal (P3) gets no badge */
	s.chart.skip_empty = 1;
	assert_int_equal(html_chart(&b, &s, 4), 0);
	svg = cstr(&b);
	assert_int_equal(occurrences(svg, "<rect class=\"badge\""), 3);
	assert_int_equal(occurrences(svg, "#718096"), 0);
	assert_null(strstr(svg, "Actie P3"));
	buf_free(&b);
	sec_free(&s);

	/* a long label is cut so that its sublabel (the period) stays readable */
	sec_init(&s, "Dashboard", 3);
	sec_row(&s, (const char *[]){"Onderwerp", "Periode", "Signaal"});
	sec_row(&s, (const char *[]){"Aandeel personele lasten in totale lasten", "T1+T2", "binnen"});
	s.chart = (struct sec_chart){SEC_CHART_BADGES, .label = 0, .sublabel = 1, .cols = {2}, .ncols = 1};
	assert_int_equal(html_chart(&b, &s, 5), 0);
	assert_non_null(strstr(cstr(&b), ">Aandeel personele las… · T1+T2</text>"));
	buf_free(&b);
	sec_free(&s);
}

/* sec_fill: a section from a report's row field, each column by its field's type (string as
 * it is, Cell a count with suppression, Decimal with a decimal comma in tables, " %" with
 * SEC_PCT); a field the rows lack is an empty column; csv keeps the server's numbers. */
static void test_fill(void **state)
{
	static const struct sec_layout layout = {"Versterkt",
	                                         "versterkt",
	                                         {{"Periode", "periode"},
	                                          {"Versterkt", "versterkt"},
	                                          {"Totaal", "totaal"},
	                                          {"Aandeel", "aandeel", SEC_PCT},
	                                          {"Als decimaal", "aandeel"},
	                                          {"Onbekend", "geen_veld"}}};
	Passend__V1__Cell c12 = PASSEND__V1__CELL__INIT, c3 = PASSEND__V1__CELL__INIT;
	Passend__V1__Decimal d = PASSEND__V1__DECIMAL__INIT;
	Passend__V1__ArrangementVersterktRow r1 = PASSEND__V1__ARRANGEMENT_VERSTERKT_ROW__INIT,
	                                     r2 = PASSEND__V1__ARRANGEMENT_VERSTERKT_ROW__INIT;
	Passend__V1__ArrangementReport rep = PASSEND__V1__ARRANGEMENT_REPORT__INIT;
	Passend__V1__ArrangementVersterktRow *rows[] = {&r1, &r2};
	c12.value = 12;
	c3.value = 3;
	c3.suppressed = 1;
	d.value = "26.92";
	r1.periode = "T1";
	r1.versterkt = &c12;
	r1.totaal = &c3;
	r1.aandeel = &d;
	r2.periode = "T1+T2"; /* no counts: empty cells */
	rep.n_versterkt = 2;
	rep.versterkt = rows;

	static const char *const want_table[][6] = {
	    {"Periode", "Versterkt", "Totaal", "Aandeel", "Als decimaal", "Onbekend"},
	    {"T1", "12", "<5", "26,92 %", "26,92", ""},
	    {"T1+T2", "", "", "", "", ""}};
	static const char *const want_csv[] = {"T1", "12", "<5", "26.92", "26.92", ""};
	struct section s;
	struct fmt f = {.out = PROTO_FMT_TABLE, .threshold = 5};
	sec_fill(&s, &f, &rep.base, &layout);
	assert_string_equal(s.title, "Versterkt");
	assert_int_equal(s.ncols, 6);
	assert_int_equal(s.nrows, 3);
	for (size_t r = 0; r < 3; r++)
		for (size_t c = 0; c < 6; c++)
			assert_string_equal(s.cells[r * 6 + c], want_table[r][c]);
	sec_free(&s);
	f.out = PROTO_FMT_CSV;
	sec_fill(&s, &f, &rep.base, &layout);
	for (size_t c = 0; c < 6; c++)
		assert_string_equal(s.cells[6 + c], want_csv[c]);
	sec_free(&s);
}

/* Every report's table output is Dutch (thousands grouped with '.', decimals after ','), not
 * only the trimester report's and the HTML page's; csv keeps the server's plain numbers. */
static void test_dutch_numbers(void **state)
{
	Passend__V1__Cell big = PASSEND__V1__CELL__INIT;
	Passend__V1__Decimal d = PASSEND__V1__DECIMAL__INIT, pct = PASSEND__V1__DECIMAL__INIT;
	big.value = 20580;
	d.value = "1234.56";
	pct.value = "1234.5";
	struct fmt f = {.out = PROTO_FMT_TABLE, .threshold = 5};
	assert_string_equal(sec_cell(&f, 0, &big), "20.580");
	assert_string_equal(sec_dec(&f, 1, &d), "1.234,56");
	assert_string_equal(sec_pct(&f, 2, &pct), "1.234,5 %");
	assert_string_equal(sec_num(&f, 3, -1234567), "-1.234.567");
	assert_string_equal(sec_num(&f, 3, 999), "999");
	f.out = PROTO_FMT_CSV;
	assert_string_equal(sec_cell(&f, 0, &big), "20580");
	assert_string_equal(sec_dec(&f, 1, &d), "1234.56");
	assert_string_equal(sec_pct(&f, 2, &pct), "1234.5");
	assert_string_equal(sec_num(&f, 3, -1234567), "-1234567");
}

static void test_page(void **state)
{
	struct section secs[2];
	buf b = {0};
	(void)state;
	herkomst(&secs[0]);
	secs[0].chart = (struct sec_chart){SEC_CHART_BAR, .label = 0, .cols = {-1}, .ncols = 1};
	sec_init(&secs[1], "Leeg", 2);
	sec_row(&secs[1], (const char *[]){"A", "B"});
	assert_int_equal(html_report(&b, "TLV's & <meer>", "passend rapport tlv --schooljaar 2016-2017", secs,
	                             2, "Regel een.\nRegel <twee>.\n"),
	                 0);
	const char *p = cstr(&b);
	assert_true(strncmp(p, "<!DOCTYPE html>\n<html lang=\"nl\">", 32) == 0);
	assert_non_null(strstr(p, "<title>TLV&#39;s &amp; &lt;meer&gt;</title>"));
	assert_non_null(strstr(p, "<h2>TLV&#39;s naar &lt;herkomst&gt;</h2>"));
	assert_non_null(strstr(p, "@page{size:A4"));
	assert_non_null(strstr(p, "@media print"));
	assert_int_equal(occurrences(p, "<svg"), 1);
	assert_int_equal(occurrences(p, "<table>"), 2);
	assert_int_equal(occurrences(p, "<figure>"), 1);
	assert_non_null(strstr(p, "<p class=\"leeg\">Geen gegevens.</p>"));
	assert_non_null(strstr(p, "<tr class=\"tot\"><td>Totaal</td><td class=\"n\">83</td>"));
	assert_non_null(strstr(p, "<p>Regel &lt;twee&gt;.</p>"));
	assert_null(strstr(p, "<script"));
	assert_null(strstr(p, "<link"));
	assert_null(strstr(p, "http"));
	assert_true(strcmp(p + b.len - 8, "</html>\n") == 0);
	buf_free(&b);
	sec_free(&secs[0]);
	sec_free(&secs[1]);
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_group_thousands), cmocka_unit_test(test_cell_number),
          cmocka_unit_test(test_dutch_numbers), cmocka_unit_test(test_escape),
          cmocka_unit_test(test_signal_level), cmocka_unit_test(test_bar_chart),
          cmocka_unit_test(test_stacked_chart), cmocka_unit_test(test_share_chart),
          cmocka_unit_test(test_badges), cmocka_unit_test(test_fill), cmocka_unit_test(test_page))
