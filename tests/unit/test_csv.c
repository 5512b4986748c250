/* test_csv: the RFC 4180 reader: quoting, doubled quotes, line breaks in
 * quoted fields, CRLF/LF, BOM, blank lines, line numbers and errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "svc/csv.h"

static void read_all(const char *text, long first, int expect_rows, csv_row *last, csv_reader *r)
{
	csv_init(r, text, strlen(text), first);
	int n = 0, rc;
	while ((rc = csv_next(r, last)) == 1)
		n++;
	assert_int_equal(rc, 0);
	assert_int_equal(n, expect_rows);
}

static void test_simple_lf(void **state)
{
	(void)state;
	csv_reader r;
	csv_row row;
	const char *t = "a,b,c\n1,2,3\n";
	csv_init(&r, t, strlen(t), 1);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_int_equal(row.nfields, 3);
	assert_string_equal(row.fields[0], "a");
	assert_string_equal(row.fields[2], "c");
	assert_int_equal(row.line, 1);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_string_equal(row.fields[1], "2");
	assert_int_equal(row.line, 2);
	assert_int_equal(csv_next(&r, &row), 0);
	csv_free(&r);
}

static void test_crlf_and_no_final_newline(void **state)
{
	(void)state;
	csv_reader r;
	csv_row row;
	const char *t = "x,y\r\n1,\r\n,2";
	csv_init(&r, t, strlen(t), 10);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_string_equal(row.fields[1], "y");
	assert_int_equal(csv_next(&r, &row), 1);
	assert_int_equal(row.nfields, 2);
	assert_string_equal(row.fields[0], "1");
	assert_string_equal(row.fields[1], "");
	assert_int_equal(row.line, 11);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_string_equal(row.fields[0], "");
	assert_string_equal(row.fields[1], "2");
	assert_int_equal(row.line, 12);
	assert_int_equal(csv_next(&r, &row), 0);
	csv_free(&r);
}

static void test_quoted(void **state)
{
	(void)state;
	csv_reader r;
	csv_row row;
	const char *t = "\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",plain\r\nnext,\"\"\r\n";
	csv_init(&r, t, strlen(t), 1);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_int_equal(row.nfields, 4);
	assert_string_equal(row.fields[0], "a,b");
	assert_string_equal(row.fields[1], "say \"hi\"");
	assert_string_equal(row.fields[2], "line1\nline2");
	assert_string_equal(row.fields[3], "plain");
	assert_int_equal(row.line, 1);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_int_equal(row.line, 3); /* the quoted line break counts */
	assert_string_equal(row.fields[0], "next");
	assert_string_equal(row.fields[1], "");
	assert_int_equal(csv_next(&r, &row), 0);
	csv_free(&r);
}

static void test_bom_and_blank_lines(void **state)
{
	(void)state;
	csv_reader r;
	csv_row row;
	const char *t = "\xEF\xBB\xBFnaam\n\nA\n\r\nB\n";
	read_all(t, 1, 3, &row, &r);
	assert_string_equal(row.fields[0], "B");
	assert_int_equal(row.line, 5);
	csv_free(&r);
	csv_init(&r, t, strlen(t), 1);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_string_equal(row.fields[0], "naam");
	csv_free(&r);
}

static void test_errors(void **state)
{
	(void)state;
	csv_reader r;
	csv_row row;
	const char *t = "\"open,1\n2,3\n";
	csv_init(&r, t, strlen(t), 1);
	assert_int_equal(csv_next(&r, &row), CSV_E_QUOTE);
	csv_free(&r);

	const char *g = "\"a\"b,c\nok,1\n";
	csv_init(&r, g, strlen(g), 4);
	assert_int_equal(csv_next(&r, &row), CSV_E_GARBAGE);
	assert_int_equal(row.line, 4);
	assert_int_equal(csv_next(&r, &row), 1); /* reading goes on at the next line */
	assert_string_equal(row.fields[0], "ok");
	assert_int_equal(row.line, 5);
	csv_free(&r);

	/* a quote inside an unquoted field is data (lenient, like most tools) */
	const char *q = "ab\"c,d\n";
	csv_init(&r, q, strlen(q), 1);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_string_equal(row.fields[0], "ab\"c");
	csv_free(&r);

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

static void test_quoted_field_at_end(void **state)
{
	(void)state;
	csv_reader r;
	csv_row row;
	const char *t = "1,\"x\"";
	csv_init(&r, t, strlen(t), 1);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_int_equal(row.nfields, 2);
	assert_string_equal(row.fields[1], "x");
	assert_int_equal(csv_next(&r, &row), 0);
	csv_free(&r);
	const char *t2 = "1,\"x\"\r";
	csv_init(&r, t2, strlen(t2), 1);
	assert_int_equal(csv_next(&r, &row), 1);
	assert_string_equal(row.fields[1], "x");
	csv_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_simple_lf), cmocka_unit_test(test_crlf_and_no_final_newline),
	    cmocka_unit_test(test_quoted),    cmocka_unit_test(test_bom_and_blank_lines),
	    cmocka_unit_test(test_errors),    cmocka_unit_test(test_quoted_field_at_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
