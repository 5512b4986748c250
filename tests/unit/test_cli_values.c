/* Unit tests for client/cli/cmd_values.c: calendar dates and month-days,
 * spans and instants (absolute in UTC and local time, relative to now),
 * enum name mapping, DUO-code sectors, comma lists, update masks, request
 * ids and euro amounts. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "unit.h"

#include "uuid.h"
#include "cli.h"
#include "euro.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define TEXT(t)  ((t) ? (t) : "(null)")

/* Each text of the array bad is refused: parse_call, which reads `text`,
 * returns -1. */
#define CHECK_REFUSED(bad, parse_call)                                                                       \
	for (size_t i = 0; i < COUNT(bad); i++) {                                                            \
		const char *text = bad[i];                                                                   \
		if ((parse_call) != -1) fail_msg("\"%s\" is accepted", TEXT(text));                          \
	}

/* A text and the number it stands for. */
struct text_value {
	const char *text;
	int64_t value;
};

/* A text and the date it stands for (a month-day: year 0). */
struct text_date {
	const char *text;
	int year, month, day;
};

static void test_date(void **state)
{
	static const struct text_date good[] = {
	    {"2024-01-01", 2024, 1, 1},
	    {"2024-02-29", 2024, 2, 29}, /* leap year */
	    {"2000-02-29", 2000, 2, 29}, /* divisible by 400 */
	};
	static const char *const bad[] = {"2023-02-29", "1900-02-29" /* divisible by 100 */,
	                                  "2023-04-31", "2023-13-01",
	                                  "2023-00-10", "2023-01-00",
	                                  "2023-1-01",  "2023-01-01x",
	                                  "01-01-2023", "",
	                                  NULL};
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	for (size_t i = 0; i < COUNT(good); i++) {
		assert_int_equal(cli_parse_date(good[i].text, &d), 0);
		assert_int_equal(d.year, good[i].year);
		assert_int_equal(d.month, good[i].month);
		assert_int_equal(d.day, good[i].day);
	}
	CHECK_REFUSED(bad, cli_parse_date(text, &d));
}

static void test_month_day(void **state)
{
	static const struct text_date good[] = {
	    {"08-01", 0, 8, 1}, {"12-31", 0, 12, 31}, {"02-29", 0, 2, 29}};
	static const char *const bad[] = {"02-30", "04-31", "13-01", "8-1", "08/01", "2024-08-01"};
	Passend__V1__MonthDay md = PASSEND__V1__MONTH_DAY__INIT;
	for (size_t i = 0; i < COUNT(good); i++) {
		assert_int_equal(cli_parse_month_day(good[i].text, &md), 0);
		assert_int_equal(md.month, good[i].month);
		assert_int_equal(md.day, good[i].day);
	}
	CHECK_REFUSED(bad, cli_parse_month_day(text, &md));
}

static void test_schooljaar(void **state)
{
	static const char *const good[] = {"2016-2017", "1999-2000", "2099-2100"};
	static const char *const bad[] = {"2016-2018", "2017-2016", "2016",       "16-17", "2016-2017x",
	                                  "2016/2017", "+201-0202", " 2016-2017", "",      NULL};
	for (size_t i = 0; i < COUNT(good); i++)
		if (cli_parse_schooljaar(good[i]) != 0) fail_msg("\"%s\" is refused", good[i]);
	CHECK_REFUSED(bad, cli_parse_schooljaar(text));
}

static void test_span(void **state)
{
	static const struct text_value good[] = {
	    {"30d", 30 * 86400}, {"1h30m", 5400}, {"2w", 14 * 86400}, {"45s", 45}};
	static const char *const bad[] = {
	    "30" /* unit required */, "d", "-1d", "1y", "1.5h", "", "99999999w" /* more than a century */};
	int64_t s;
	for (size_t i = 0; i < COUNT(good); i++) {
		assert_int_equal(cli_parse_span(good[i].text, &s), 0);
		assert_int_equal(s, good[i].value);
	}
	CHECK_REFUSED(bad, cli_parse_span(text, &s));
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
	static const struct text_value good[] = {
	    {"1970-01-01T00:00:00Z", 0},
	    {"2027-01-01T00:00Z", 1798761600},
	    {"2027-01-01T01:00:00+01:00", 1798761600},
	    {"2026-12-31T23:30:00-00:30", 1798761600},
	    {"2024-02-29T12:00:00Z", 1709208000},
	    {"1969-12-31T23:59:59Z", -1},
	};
	static const char *const bad[] = {"2027-01-01T24:00Z",     "2027-01-01T10:60Z", "2027-01-01T10:00+1",
	                                  "2027-01-01T10:00Zjunk", "2027-02-30T10:00Z", "2027-01-01T10"};
	int64_t s;
	for (size_t i = 0; i < COUNT(good); i++) {
		assert_int_equal(cli_parse_instant(good[i].text, 0, 1, &s), 0);
		assert_int_equal(s, good[i].value);
	}
	CHECK_REFUSED(bad, cli_parse_instant(text, 0, 1, &s));
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
	/* a name in any case, with '-' or '_'; values prefixed to stay unique in
	 * the package with or without the prefix */
	static const struct {
		const ProtobufCEnumDescriptor *e;
		const char *text;
		int value;
	} good[] = {
	    {&passend__v1__governance_model__descriptor, "raad-van-toezicht",
	     PASSEND__V1__GOVERNANCE_MODEL__RAAD_VAN_TOEZICHT},
	    {&passend__v1__governance_model__descriptor, "ALGEMEEN_DAGELIJKS_BESTUUR",
	     PASSEND__V1__GOVERNANCE_MODEL__ALGEMEEN_DAGELIJKS_BESTUUR},
	    {&passend__v1__role__descriptor, "werkgebied", PASSEND__V1__ROLE__WERKGEBIED},
	    {&passend__v1__role__descriptor, "School", PASSEND__V1__ROLE__SCHOOL},
	    {&passend__v1__sector__descriptor, "vo", PASSEND__V1__SECTOR__VO},
	    {&passend__v1__school_soort__descriptor, "sbo", PASSEND__V1__SCHOOL_SOORT__SBO},
	    {&passend__v1__geslacht__descriptor, "meisje", PASSEND__V1__GESLACHT__MEISJE},
	    {&passend__v1__lijst_soort__descriptor, "arrangement-type",
	     PASSEND__V1__LIJST_SOORT__LIJST_ARRANGEMENT_TYPE},
	    {&passend__v1__lijst_soort__descriptor, "lijst_mdo_niveau",
	     PASSEND__V1__LIJST_SOORT__LIJST_MDO_NIVEAU},
	    {&passend__v1__toestemming_scope__descriptor, "mdo",
	     PASSEND__V1__TOESTEMMING_SCOPE__TOESTEMMING_MDO},
	};
	int v = -1;
	for (size_t i = 0; i < COUNT(good); i++) {
		assert_int_equal(cli_enum_parse(good[i].e, good[i].text, &v), 0);
		assert_int_equal(v, good[i].value);
	}
	assert_int_equal(cli_enum_parse(&passend__v1__lijst_soort__descriptor, "soort-unspecified", &v), -1);

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
	assert_int_equal(
	    cli_enum_choices(&passend__v1__toestemming_scope__descriptor, "|", text, sizeof(text)), 0);
	assert_string_equal(text, "ondersteuningsvraag|mdo|arrangement|tlv|gegevensdeling");
}

static void test_sector_from_duo(void **state)
{
	static const struct text_value cases[] = {{"PO 27-04", PASSEND__V1__SECTOR__PO},
	                                          {"VO 41-02", PASSEND__V1__SECTOR__VO},
	                                          {"po 27-04", PASSEND__V1__SECTOR__PO},
	                                          {"PO27-04", 0},
	                                          {"MBO 1", 0},
	                                          {"", 0},
	                                          {NULL, 0}};
	for (size_t i = 0; i < COUNT(cases); i++)
		if (cli_sector_from_duo(cases[i].text) != cases[i].value)
			fail_msg("cli_sector_from_duo(\"%s\") is not %d", TEXT(cases[i].text),
			         (int)cases[i].value);
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

static void test_euro_dutch(void **state)
{
	(void)state;
	static const struct text_value good[] = {
	    {"1.234,56", 123456},
	    {"1234,56", 123456},
	    {"1234.56", 123456},
	    {"1.234", 123400},
	    {"1.234.567,8", 123456780},
	    {"0,05", 5},
	    {"-12,30", -1230},
	    {"-0,01", -1},
	    {"7", 700},
	    {"12.5", 1250},
	    {"100000000000000", INT64_C(10000000000000000)},
	};
	static const char *const bad[] = {"",
	                                  "-",
	                                  ",5",
	                                  "1,",
	                                  "1,234",
	                                  "1.2.3",
	                                  "12.34.567",
	                                  "1,2,3",
	                                  "1 000",
	                                  "abc",
	                                  "1e3",
	                                  "--1",
	                                  "100000000000000,01"};
	for (size_t i = 0; i < COUNT(good); i++) {
		int64_t v = 0;
		if (cli_parse_euro(good[i].text, &v) != 0) fail_msg("\"%s\" is refused", good[i].text);
		if (v != good[i].value)
			fail_msg("\"%s\" is %lld, want %lld", good[i].text, (long long)v,
			         (long long)good[i].value);
	}
	int64_t v;
	CHECK_REFUSED(bad, cli_parse_euro(text, &v));

	char out[32];
	assert_string_equal(cli_euro_text(0, 0, out, sizeof out), "0,00");
	assert_string_equal(cli_euro_text(5, 0, out, sizeof out), "0,05");
	assert_string_equal(cli_euro_text(-5, 0, out, sizeof out), "-0,05");
	assert_string_equal(cli_euro_text(123456, 0, out, sizeof out), "1.234,56");
	assert_string_equal(cli_euro_text(99876543, 0, out, sizeof out), "998.765,43");
	assert_string_equal(cli_euro_text(-100000000000, 0, out, sizeof out), "-1.000.000.000,00");
	assert_string_equal(cli_euro_text(INT64_MIN, 0, out, sizeof out), "-92.233.720.368.547.758,08");
}

/* Euros typed into cents (common/euro.c) and cents shown as Dutch euros. */
static void test_euro(void **state)
{
	(void)state;
	int64_t c = 7;
	assert_int_equal(euro_parse_cents("1234", &c), 0);
	assert_int_equal(c, 123400);
	assert_int_equal(euro_parse_cents("-1234.5", &c), 0);
	assert_int_equal(c, -123450);
	assert_int_equal(euro_parse_cents("0,07", &c), 0);
	assert_int_equal(c, 7);
	assert_int_equal(euro_parse_cents("1000000000", &c), 0);
	assert_int_equal(c, 100000000000LL);
	const char *bad[] = {
	    "", "-", "1.", ".5", "1.234", "1.000,00", "1 000", "1e3", "+1", "1000000000.01", "--1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = 7;
		assert_int_equal(euro_parse_cents(bad[i], &c), -1);
		assert_int_equal(c, 7);
	}
	char b[48];
	assert_string_equal(cli_euro_text(-14554300, 1, b, sizeof(b)), "-145.543");
	assert_string_equal(cli_euro_text(-14554350, 1, b, sizeof(b)), "-145.544"); /* half away from zero */
	assert_string_equal(cli_euro_text(-14554349, 1, b, sizeof(b)), "-145.543");
	assert_string_equal(cli_euro_text(-49, 1, b, sizeof(b)), "0");
	assert_string_equal(cli_euro_text(90378565000, 1, b, sizeof(b)), "903.785.650");
	assert_string_equal(cli_euro_text(123456, 0, b, sizeof(b)), "1.234,56");
	assert_string_equal(cli_euro_text(-5, 0, b, sizeof(b)), "-0,05");
	assert_string_equal(cli_euro_text(0, 0, b, sizeof(b)), "0,00");
}

#define T(fn) cmocka_unit_test(fn)
UNIT_MAIN(NULL, NULL, T(test_date), T(test_month_day), T(test_schooljaar), T(test_span),
          T(test_instant_relative), T(test_instant_zoned), T(test_instant_local), T(test_enum),
          T(test_sector_from_duo), T(test_split_list), T(test_update_mask), T(test_request_id),
          T(test_euro_dutch), T(test_euro))
