/* Unit tests for the column declarations of the CSV import kinds
 * (import_kind.columns, server/svc/import_kind.h): import_columns_parse on
 * good and broken declarations, and every kind the server lists parses. No
 * I/O. */
#include <string.h>
#include "unit.h"

#include "svc/import_kind.h"
#include "svc/svc.h"

static void test_parse(void **state)
{
	(void)state;
	imp_col c[IMPORT_MAX_COLS];
	char text[IMPORT_COLUMNS_MAX], err[160];
	int n = import_columns_parse(
	    "brin*:brin vestiging:vest=00 name*  omschrijving= "
	    "lidmaatschap:enum(lid|aangesloten)=lid deelnemers*:list(a|b) scenarios:list",
	    c, text, sizeof text, err, sizeof err);
	assert_int_equal(n, 7);
	assert_string_equal(c[0].name, "brin");
	assert_int_equal(c[0].required, 1);
	assert_int_equal(c[0].type, IMP_BRIN);
	assert_null(c[0].dflt);
	assert_string_equal(c[1].name, "vestiging");
	assert_int_equal(c[1].required, 0);
	assert_string_equal(c[1].dflt, "00");
	assert_int_equal(c[2].type, IMP_TEXT); /* no type: text */
	assert_int_equal(c[2].required, 1);
	assert_string_equal(c[3].dflt, ""); /* "name=": stores "" */
	assert_int_equal(c[4].type, IMP_ENUM);
	assert_string_equal(c[4].values, "lid|aangesloten");
	assert_string_equal(c[4].dflt, "lid");
	assert_int_equal(c[5].type, IMP_LIST);
	assert_string_equal(c[5].values, "a|b");
	assert_int_equal(c[5].required, 1);
	assert_null(c[6].values);
}

/* spec does not parse; the message is want. */
static void refused(const char *spec, const char *want)
{
	imp_col c[IMPORT_MAX_COLS];
	char text[IMPORT_COLUMNS_MAX], err[160];
	assert_int_equal(import_columns_parse(spec, c, text, sizeof text, err, sizeof err), -1);
	assert_string_equal(err, want);
}

static void test_parse_errors(void **state)
{
	(void)state;
	imp_col c[IMPORT_MAX_COLS];
	char err[160];
	refused("", "no columns");
	refused("a b:nope", "column b: unknown type \"nope\"");
	refused("a:enum", "column a: values are for enum (which needs them) and list");
	refused("a:date(x|y)", "column a: values are for enum (which needs them) and list");
	refused("a:enum(x|y", "column a: values not closed by ')'");
	refused("*:text", "column 1 has no name");
	char many[IMPORT_COLUMNS_MAX] = "";
	for (int i = 0; i <= IMPORT_MAX_COLS; i++)
		strcat(many, "x ");
	refused(many, "more than 24 columns");
	char small[8];
	assert_int_equal(import_columns_parse("abcdefgh", c, small, sizeof small, err, sizeof err), -1);
	assert_string_equal(err, "longer than 7 characters");
}

/* Every kind's declaration parses; the row checks index the columns, so
 * their number is part of each kind's declaration too. */
static void test_kinds(void **state)
{
	(void)state;
	imp_col c[IMPORT_MAX_COLS];
	char text[IMPORT_COLUMNS_MAX], err[160];
	static const struct {
		const char *name;
		int ncols;
	} want[] = {{"besturen", 9},
	            {"scholen", 10},
	            {"werkgebieden", 2},
	            {"gemeenten", 6},
	            {"tellingen", 10},
	            {"tlvs", 21},
	            {"jaarplan", 12},
	            {"leerlingen", 6},
	            {"mdos", 15},
	            {"arrangementen", 21},
	            {"thuiszitter_tellingen", 4},
	            {"thuiszitter_casussen", 12},
	            {"realisatie", 5},
	            {"jaarrekening", 6}};
	size_t n = 0;
	for (const import_kind *const *k = import_kinds; *k; k++, n++) {
		int got = import_columns_parse((*k)->columns, c, text, sizeof text, err, sizeof err);
		if (got < 0) fail_msg("%s: %s", (*k)->name, err);
		for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
			if (!strcmp(want[i].name, (*k)->name)) assert_int_equal(got, want[i].ncols);
	}
	assert_int_equal(n, sizeof want / sizeof want[0]);
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_parse), cmocka_unit_test(test_parse_errors),
          cmocka_unit_test(test_kinds))
