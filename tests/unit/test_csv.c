/* test_csv: the RFC 4180 reader: quoting, doubled quotes, line breaks in
 * quoted fields, CRLF/LF, BOM, blank lines, line numbers and errors. */
#include <string.h>

#include "unit.h"

#include "svc/csv.h"

/* What one csv_next must return: its result, and for a row (ROW) the line
 * and fields it must have (0 or NULL: not checked). A list of them ends with
 * STOP. */
enum { ROW = 1, END = 0, STOP = 100 };
struct want {
	int rc;
	long line;
	size_t nfields;
	const char *fields[4];
};

/* A text read from line `first` on, and what each csv_next returns. */
static const struct csv_case {
	const char *name;
	const char *text;
	long first;
	struct want next[6];
} cases[] = {
    {"simple LF",
     "a,b,c\n1,2,3\n",
     1,
     {{.rc = ROW, .line = 1, .nfields = 3, .fields = {"a", NULL, "c"}},
      {.rc = ROW, .line = 2, .fields = {NULL, "2"}},
      {.rc = END},
      {.rc = STOP}}},
    {"CRLF, no final newline",
     "x,y\r\n1,\r\n,2",
     10,
     {{.rc = ROW, .fields = {NULL, "y"}},
      {.rc = ROW, .line = 11, .nfields = 2, .fields = {"1", ""}},
      {.rc = ROW, .line = 12, .fields = {"", "2"}},
      {.rc = END},
      {.rc = STOP}}},
    {"quoted",
     "\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",plain\r\nnext,\"\"\r\n",
     1,
     {{.rc = ROW, .line = 1, .nfields = 4, .fields = {"a,b", "say \"hi\"", "line1\nline2", "plain"}},
      {.rc = ROW, .line = 3, .fields = {"next", ""}}, /* the quoted line break counts */
      {.rc = END},
      {.rc = STOP}}},
    {"BOM and blank lines",
     "\xEF\xBB\xBFnaam\n\nA\n\r\nB\n",
     1,
     {{.rc = ROW, .fields = {"naam"}},
      {.rc = ROW},
      {.rc = ROW, .line = 5, .fields = {"B"}},
      {.rc = END},
      {.rc = STOP}}},
    {"quote not closed", "\"open,1\n2,3\n", 1, {{.rc = CSV_E_QUOTE}, {.rc = STOP}}},
    {"garbage after a quoted field",
     "\"a\"b,c\nok,1\n",
     4,
     {{.rc = CSV_E_GARBAGE, .line = 4},
      {.rc = ROW, .line = 5, .fields = {"ok"}},
      {.rc = STOP}}}, /* reading goes on */
    /* a quote inside an unquoted field is data (lenient, like most tools) */
    {"quote inside a field", "ab\"c,d\n", 1, {{.rc = ROW, .fields = {"ab\"c"}}, {.rc = STOP}}},
    {"quoted field at the end",
     "1,\"x\"",
     1,
     {{.rc = ROW, .nfields = 2, .fields = {NULL, "x"}}, {.rc = END}, {.rc = STOP}}},
    {"quoted field before CR", "1,\"x\"\r", 1, {{.rc = ROW, .fields = {NULL, "x"}}, {.rc = STOP}}},
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct csv_case *c = &cases[i];
		csv_reader r;
		csv_row row;
		csv_init(&r, c->text, strlen(c->text), c->first);
		for (const struct want *w = c->next; w->rc != STOP; w++) {
			int n = (int)(w - c->next), rc = csv_next(&r, &row);
			if (rc != w->rc) fail_msg("%s: csv_next #%d is %d, not %d", c->name, n, rc, w->rc);
			if (w->line && row.line != w->line)
				fail_msg("%s: row #%d is on line %ld, not %ld", c->name, n, row.line,
				         w->line);
			if (w->nfields && row.nfields != w->nfields)
				fail_msg("%s: row #%d has %zu fields, not %zu", c->name, n, row.nfields,
				         w->nfields);
			for (int k = 0; k < 4; k++)
				if (w->fields[k] && strcmp(row.fields[k], w->fields[k]) != 0)
					fail_msg("%s: row #%d field %d is \"%s\", not \"%s\"", c->name, n, k,
					         row.fields[k], w->fields[k]);
		}
		csv_free(&r);
	}
}

/* More fields than CSV_MAX_FIELDS in one row. */
static void test_too_many_fields(void **state)
{
	(void)state;
	csv_reader r;
	csv_row row;
	char many[CSV_MAX_FIELDS * 2 + 8];
	size_t k = 0;
	for (int i = 0; i <= CSV_MAX_FIELDS; i++)
		many[k++] = ',';
	many[k++] = '\n';
	many[k] = '\0';
	csv_init(&r, many, k, 1);
	assert_int_equal(csv_next(&r, &row), CSV_E_FIELDS);
	csv_free(&r);
	assert_string_equal(csv_strerror(CSV_E_QUOTE), "quoted field is not closed");
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_cases), cmocka_unit_test(test_too_many_fields))
