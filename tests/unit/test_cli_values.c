/* Unit tests for client/cli/cmd_values.c: calendar dates and month-days,
 * spans and instants (absolute in UTC and local time, relative to now),
 * enum name mapping, DUO-code sectors, comma lists, update masks and
 * request ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "uuid.h"
#include "cli.h"

static void test_date(void **state)
{
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	assert_int_equal(cli_parse_date("2024-01-01", &d), 0);
	assert_int_equal(d.year, 2024);
	assert_int_equal(d.month, 1);
	assert_int_equal(d.day, 1);
	assert_int_equal(cli_parse_date("2024-02-29", &d), 0); /* leap year */
	assert_int_equal(d.day, 29);
	assert_int_equal(cli_parse_date("2000-02-29", &d), 0); /* divisible by 400 */
	assert_int_equal(cli_parse_date("2023-02-29", &d), -1);
	assert_int_equal(cli_parse_date("1900-02-29", &d), -1); /* divisible by 100 */
	assert_int_equal(cli_parse_date("2023-04-31", &d), -1);
	assert_int_equal(cli_parse_date("2023-13-01", &d), -1);
	assert_int_equal(cli_parse_date("2023-00-10", &d), -1);
	assert_int_equal(cli_parse_date("2023-01-00", &d), -1);
	assert_int_equal(cli_parse_date("2023-1-01", &d), -1);
	assert_int_equal(cli_parse_date("2023-01-01x", &d), -1);
	assert_int_equal(cli_parse_date("01-01-2023", &d), -1);
	assert_int_equal(cli_parse_date("", &d), -1);
	assert_int_equal(cli_parse_date(NULL, &d), -1);
}

static void test_month_day(void **state)
{
	Passend__V1__MonthDay md = PASSEND__V1__MONTH_DAY__INIT;
	assert_int_equal(cli_parse_month_day("08-01", &md), 0);
	assert_int_equal(md.month, 8);
	assert_int_equal(md.day, 1);
	assert_int_equal(cli_parse_month_day("12-31", &md), 0);
	assert_int_equal(cli_parse_month_day("02-29", &md), 0);
	assert_int_equal(cli_parse_month_day("02-30", &md), -1);
	assert_int_equal(cli_parse_month_day("04-31", &md), -1);
	assert_int_equal(cli_parse_month_day("13-01", &md), -1);
	assert_int_equal(cli_parse_month_day("8-1", &md), -1);
	assert_int_equal(cli_parse_month_day("08/01", &md), -1);
	assert_int_equal(cli_parse_month_day("2024-08-01", &md), -1);
}

static void test_span(void **state)
{
	int64_t s;
	assert_int_equal(cli_parse_span("30d", &s), 0);
	assert_int_equal(s, 30 * 86400);
	assert_int_equal(cli_parse_span("1h30m", &s), 0);
	assert_int_equal(s, 5400);
	assert_int_equal(cli_parse_span("2w", &s), 0);
	assert_int_equal(s, 14 * 86400);
	assert_int_equal(cli_parse_span("45s", &s), 0);
	assert_int_equal(s, 45);
	assert_int_equal(cli_parse_span("30", &s), -1); /* unit required */
	assert_int_equal(cli_parse_span("d", &s), -1);
	assert_int_equal(cli_parse_span("-1d", &s), -1);
	assert_int_equal(cli_parse_span("1y", &s), -1);
	assert_int_equal(cli_parse_span("1.5h", &s), -1);
	assert_int_equal(cli_parse_span("", &s), -1);
	assert_int_equal(cli_parse_span("99999999w", &s), -1); /* more than a century */
}

static void test_instant_relative(void **state)
{
	int64_t s;
	const int64_t now = 1790000000;
	assert_int_equal(cli_parse_instant("30d", now, 1, &s), 0);
	assert_int_equal(s, now + 30 * 86400);
	assert_int_equal(cli_parse_instant("1h", now, -1, &s), 0);
	assert_int_equal(s, now - 3600);
	assert_int_equal(cli_parse_instant("soon", now, 1, &s), -1);
}

static void test_instant_zoned(void **state)
{
	int64_t s;
	assert_int_equal(cli_parse_instant("1970-01-01T00:00:00Z", 0, 1, &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(cli_parse_instant("2027-01-01T00:00Z", 0, 1, &s), 0);
	assert_int_equal(s, 1798761600);
	assert_int_equal(cli_parse_instant("2027-01-01T01:00:00+01:00", 0, 1, &s), 0);
	assert_int_equal(s, 1798761600);
	assert_int_equal(cli_parse_instant("2026-12-31T23:30:00-00:30", 0, 1, &s), 0);
	assert_int_equal(s, 1798761600);
	assert_int_equal(cli_parse_instant("2024-02-29T12:00:00Z", 0, 1, &s), 0);
	assert_int_equal(s, 1709208000);
	assert_int_equal(cli_parse_instant("1969-12-31T23:59:59Z", 0, 1, &s), 0);
	assert_int_equal(s, -1);
	assert_int_equal(cli_parse_instant("2027-01-01T24:00Z", 0, 1, &s), -1);
	assert_int_equal(cli_parse_instant("2027-01-01T10:60Z", 0, 1, &s), -1);
	assert_int_equal(cli_parse_instant("2027-01-01T10:00+1", 0, 1, &s), -1);
	assert_int_equal(cli_parse_instant("2027-01-01T10:00Zjunk", 0, 1, &s), -1);
	assert_int_equal(cli_parse_instant("2027-02-30T10:00Z", 0, 1, &s), -1);
	assert_int_equal(cli_parse_instant("2027-01-01T10", 0, 1, &s), -1);
}

static void test_instant_local(void **state)
{
	int64_t s;
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	setenv("TZ", "UTC0", 1);
	tzset();
	assert_int_equal(cli_parse_instant("2027-01-01", 0, 1, &s), 0);
	assert_int_equal(s, 1798761600);
	assert_int_equal(cli_parse_instant("2027-01-01T09:15", 0, 1, &s), 0);
	assert_int_equal(s, 1798761600 + 9 * 3600 + 15 * 60);

	/* Central European time with its DST rule (POSIX form, no tzdata
	 * needed): midnight local is 23:00 UTC in winter, 22:00 in summer. */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	assert_int_equal(cli_parse_instant("2027-01-01", 0, 1, &s), 0);
	assert_int_equal(s, 1798761600 - 3600);
	assert_int_equal(cli_parse_instant("2026-11-01", 0, 1, &s), 0); /* after the switch back */
	assert_int_equal(s, 1793491200 - 3600);
	assert_int_equal(cli_parse_instant("2026-07-01", 0, 1, &s), 0);
	assert_int_equal(s, 1782864000 - 7200);
	/* An explicit zone ignores TZ. */
	assert_int_equal(cli_parse_instant("2027-01-01T00:00Z", 0, 1, &s), 0);
	assert_int_equal(s, 1798761600);

	if (old) {
		setenv("TZ", old, 1);
		free(old);
	} else {
		unsetenv("TZ");
	}
	tzset();
}

static void test_enum(void **state)
{
	int v = -1;
	assert_int_equal(cli_enum_parse(&passend__v1__governance_model__descriptor, "raad-van-toezicht", &v),
	                 0);
	assert_int_equal(v, PASSEND__V1__GOVERNANCE_MODEL__RAAD_VAN_TOEZICHT);
	assert_int_equal(
	    cli_enum_parse(&passend__v1__governance_model__descriptor, "ALGEMEEN_DAGELIJKS_BESTUUR", &v), 0);
	assert_int_equal(v, PASSEND__V1__GOVERNANCE_MODEL__ALGEMEEN_DAGELIJKS_BESTUUR);
	assert_int_equal(cli_enum_parse(&passend__v1__role__descriptor, "werkgebied", &v), 0);
	assert_int_equal(v, PASSEND__V1__ROLE__WERKGEBIED);
	assert_int_equal(cli_enum_parse(&passend__v1__role__descriptor, "School", &v), 0);
	assert_int_equal(v, PASSEND__V1__ROLE__SCHOOL);
	assert_int_equal(cli_enum_parse(&passend__v1__sector__descriptor, "vo", &v), 0);
	assert_int_equal(v, PASSEND__V1__SECTOR__VO);
	assert_int_equal(cli_enum_parse(&passend__v1__school_soort__descriptor, "sbo", &v), 0);
	assert_int_equal(v, PASSEND__V1__SCHOOL_SOORT__SBO);
	assert_int_equal(cli_enum_parse(&passend__v1__geslacht__descriptor, "meisje", &v), 0);
	assert_int_equal(v, PASSEND__V1__GESLACHT__MEISJE);

	v = 42;
	assert_int_equal(cli_enum_parse(&passend__v1__role__descriptor, "role-unspecified", &v), -1);
	assert_int_equal(cli_enum_parse(&passend__v1__role__descriptor, "boss", &v), -1);
	assert_int_equal(cli_enum_parse(&passend__v1__role__descriptor, "", &v), -1);
	assert_int_equal(cli_enum_parse(&passend__v1__role__descriptor, NULL, &v), -1);
	assert_int_equal(v, 42); /* untouched on failure */

	char text[128];
	assert_int_equal(
	    cli_enum_choices(&passend__v1__governance_model__descriptor, "|", text, sizeof(text)), 0);
	assert_string_equal(text, "raad-van-toezicht|algemeen-dagelijks-bestuur");
	assert_int_equal(cli_enum_choices(&passend__v1__role__descriptor, ", ", text, sizeof(text)), 0);
	assert_string_equal(text, "admin, bestuur, toezicht, werkgebied, school");
	assert_int_equal(cli_enum_choices(&passend__v1__role__descriptor, ", ", text, 10), -1);
}

static void test_sector_from_duo(void **state)
{
	assert_int_equal(cli_sector_from_duo("PO 27-04"), PASSEND__V1__SECTOR__PO);
	assert_int_equal(cli_sector_from_duo("VO 41-02"), PASSEND__V1__SECTOR__VO);
	assert_int_equal(cli_sector_from_duo("po 27-04"), PASSEND__V1__SECTOR__PO);
	assert_int_equal(cli_sector_from_duo("PO27-04"), 0);
	assert_int_equal(cli_sector_from_duo("MBO 1"), 0);
	assert_int_equal(cli_sector_from_duo(""), 0);
	assert_int_equal(cli_sector_from_duo(NULL), 0);
}

static void test_split_list(void **state)
{
	char **v;
	size_t n;
	assert_int_equal(cli_split_list("a,b, c ", &v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[1], "b");
	assert_string_equal(v[2], "c");
	cli_list_free(v, n);
	assert_int_equal(cli_split_list("only", &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "only");
	cli_list_free(v, n);
	assert_int_equal(cli_split_list("a,,b", &v, &n), -1);
	assert_null(v);
	assert_int_equal(cli_split_list("a,", &v, &n), -1);
	assert_int_equal(cli_split_list(",a", &v, &n), -1);
	assert_int_equal(cli_split_list("", &v, &n), -1);
	assert_int_equal(n, 0);
}

static const struct cli_mask_field map[] = {
    {"name", "name"},
    {"duo-code", "duo_code"},
    {"governance", "governance_model"},
    {"small-cell-threshold", "small_cell_threshold"},
    {NULL, NULL},
};

static void test_update_mask(void **state)
{
	const char *mask[8];
	const char *given1[] = {"small-cell-threshold", "name"};
	size_t n = cli_update_mask(map, given1, 2, mask, 8);
	assert_int_equal(n, 2);
	assert_string_equal(mask[0], "name"); /* map order, not flag order */
	assert_string_equal(mask[1], "small_cell_threshold");

	const char *given2[] = {"governance", "governance", "output", "limit"}; /* repeats, non-field flags */
	n = cli_update_mask(map, given2, 4, mask, 8);
	assert_int_equal(n, 1);
	assert_string_equal(mask[0], "governance_model");

	n = cli_update_mask(map, NULL, 0, mask, 8);
	assert_int_equal(n, 0);

	const char *given3[] = {"name", "duo-code", "governance"};
	n = cli_update_mask(map, given3, 3, mask, 2); /* capacity respected */
	assert_int_equal(n, 2);
}

static void test_request_id(void **state)
{
	char a[37], b[37];
	assert_int_equal(uuid_random(a), 0);
	assert_int_equal(uuid_random(b), 0);
	assert_int_equal(strlen(a), 36);
	assert_string_not_equal(a, b);
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", a[i]));
	}
	assert_int_equal(a[14], '4');           /* version */
	assert_non_null(strchr("89ab", a[19])); /* variant */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date),          cmocka_unit_test(test_month_day),
	    cmocka_unit_test(test_span),          cmocka_unit_test(test_instant_relative),
	    cmocka_unit_test(test_instant_zoned), cmocka_unit_test(test_instant_local),
	    cmocka_unit_test(test_enum),          cmocka_unit_test(test_sector_from_duo),
	    cmocka_unit_test(test_split_list),    cmocka_unit_test(test_update_mask),
	    cmocka_unit_test(test_request_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
