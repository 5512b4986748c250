/* Unit tests for server/svc/svc_validate: UUIDs, DUO codes, BRIN and
 * vestiging, codes, decimals, national ids and the BSN eleven-test, schooljaren, control
 * characters, free text, words of a list, calendar dates and page tokens. No I/O. */
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "b64url.h"
#include "svc/svc_validate.h"

/* Stands for a NULL input in the lists below (which end with NULL). */
static const char null_input[] = "NULL";

/* The predicates on strings: each is true for the first inputs and false
 * for the others. */
static const struct string_rule {
	const char *name;
	int (*fn)(const char *s);
	const char *true_for[6];
	const char *false_for[12];
} string_rules[] = {
    {"svc_is_uuid",
     svc_is_uuid,
     {"123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"},
     {null_input, "", "123e4567e89b12d3a456426614174000" /* no dashes */,
      "123e4567-e89b-12d3-a456-42661417400" /* short */, "123e4567-e89b-12d3-a456-4266141740000" /* long */,
      "123e4567-e89b-12d3-a456_426614174000", "g23e4567-e89b-12d3-a456-426614174000",
      "123e4567-e89b-12d3-a456-42661417400 "}},
    {"svc_is_duo_code",
     svc_is_duo_code,
     {"PO 27-04", "VO 00-99"},
     {null_input, "", "po 27-04", "MO 27-04", "PO27-04", "PO 27-4", "PO 27-045", "PO 27_04", "PO 2a-04",
      " PO 27-04"}},
    {"svc_is_brin", svc_is_brin, {"00LH", "1234", "12A9"}, {null_input, "00lh", "A0LH", "00L", "00LHX"}},
    {"svc_is_code",
     svc_is_code,
     {"a", "niv_2", "gestart_screening_5a", "a234567890123456789012345678901234567890"},
     {"a2345678901234567890123456789012345678901", "", null_input, "2a", "_a", "Niv_2", "niv-2", "niv 2"}},
    {"svc_is_decimal2",
     svc_is_decimal2,
     {"53.12", "-10", "0.75", "3.5", "123456789012"},
     {null_input, "", "-", "1,5", "1.", ".5", "1.234", "1234567890123", "+1", "1e3", " 1"}},
    {"svc_is_vestiging", svc_is_vestiging, {"00", "99"}, {null_input, "0", "001", "0a"}},
    {"svc_is_national_id",
     svc_is_national_id,
     {"123456782", "000000000"},
     {null_input, "12345678", "1234567890", "12345678a"}},
    /* 9*1+8*2+7*3+6*4+5*5+4*6+3*7+2*8 - 2 = 154 = 14*11 */
    {"svc_bsn_eleven_test",
     svc_bsn_eleven_test,
     {"123456782", "111222333"},
     {null_input, "123456789", "111222334", "000000000" /* sum 0 is not valid */, "12345678"}},
    {"svc_is_schooljaar",
     svc_is_schooljaar,
     {"2016-2017", "1999-2000"},
     {"2016-2018", "2017-2016", "2016/2017", "2016-20170", "20a6-2017", ""}},
    {"svc_has_control", svc_has_control, {"a\tb", "\x1f"}, {"A. Jansen, ë", ""}},
};

static void test_string_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof string_rules / sizeof string_rules[0]; i++) {
		const struct string_rule *r = &string_rules[i];
		for (const char *const *s = r->true_for; *s; s++)
			if (!r->fn(*s)) fail_msg("%s(\"%s\") is false", r->name, *s);
		for (const char *const *s = r->false_for; *s; s++)
			if (r->fn(*s == null_input ? NULL : *s)) fail_msg("%s(\"%s\") is true", r->name, *s);
	}
}

/* Free text by length and control characters; a word of a list. */
static void test_text_and_words(void **state)
{
	(void)state;
	assert_true(svc_text_ok("voorzitter", 1, 200));
	assert_true(svc_text_ok("", 0, 4000));
	assert_true(svc_text_ok(NULL, 0, 10));
	assert_false(svc_text_ok("", 1, 200));
	assert_false(svc_text_ok(NULL, 1, 200));
	assert_false(svc_text_ok("abc", 1, 2));
	assert_false(svc_text_ok("a\nb", 1, 200));
	const char *list = "toezicht|bestuur|opr";
	assert_true(svc_is_one_of("toezicht", list));
	assert_true(svc_is_one_of("bestuur", list));
	assert_true(svc_is_one_of("opr", list));
	assert_false(svc_is_one_of("", list));
	assert_false(svc_is_one_of("toe", list));
	assert_false(svc_is_one_of("bestuurs", list));
	assert_false(svc_is_one_of("uur", list));
	assert_false(svc_is_one_of("toezicht|bestuur", list));
	assert_false(svc_is_one_of("Opr", list));
	assert_true(svc_is_one_of("geen", "geen"));
}

static void test_dates(void **state)
{
	(void)state;
	static const struct {
		int month, day, valid;
	} month_days[] = {{8, 1, 1},  {2, 29, 1}, {12, 31, 1}, {2, 30, 0},
	                  {4, 31, 0}, {0, 1, 0},  {13, 1, 0},  {1, 0, 0}};
	static const struct {
		int year, month, day, valid;
	} dates[] = {{2024, 2, 29, 1}, {2000, 2, 29, 1},  {2023, 2, 29, 0},  {1900, 2, 29, 0},
	             {1900, 1, 1, 1},  {2200, 12, 31, 1}, {1899, 12, 31, 0}, {2201, 1, 1, 0},
	             {2024, 6, 31, 0}, {2024, 0, 1, 0}};
	for (size_t i = 0; i < sizeof month_days / sizeof month_days[0]; i++)
		if (!svc_valid_month_day(month_days[i].month, month_days[i].day) != !month_days[i].valid)
			fail_msg("svc_valid_month_day(%d, %d) is not %d", month_days[i].month,
			         month_days[i].day, month_days[i].valid);
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		if (!svc_valid_date(dates[i].year, dates[i].month, dates[i].day) != !dates[i].valid)
			fail_msg("svc_valid_date(%d, %d, %d) is not %d", dates[i].year, dates[i].month,
			         dates[i].day, dates[i].valid);
}

/* The date and count columns of an import file and of a sync record: digits
 * only (strtol's sign and leading space, sscanf's "+1" month are refused). */
static void test_date_and_count_columns(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int valid;
	} dates[] = {{"2016-10-01", 1}, {"2016-02-29", 1}, {"2017-02-29", 0}, {"2016-+1-01", 0},
	             {"2016-1-01", 0},  {"2016-10-1", 0},  {" 016-10-01", 0}, {"2016/10/01", 0},
	             {"", 0},           {"1899-12-31", 0}};
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		if (!svc_is_date(dates[i].s) != !dates[i].valid)
			fail_msg("svc_is_date(\"%s\") is not %d", dates[i].s, dates[i].valid);
	static const struct {
		const char *s;
		long n;
	} counts[] = {{"0", 0},          {"250", 250}, {"007", 7},  {"99999999", 99999999},
	              {"123456789", -1}, {"", -1},     {"+5", -1},  {" 5", -1},
	              {"5 ", -1},        {"-3", -1},   {"1.5", -1}, {"0x5", -1}};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (svc_parse_count(counts[i].s) != counts[i].n)
			fail_msg("svc_parse_count(\"%s\") is %ld, not %ld", counts[i].s,
			         svc_parse_count(counts[i].s), counts[i].n);
}

static void test_page_size(void **state)
{
	(void)state;
	static const int cases[][2] = {
	    {0, SVC_PAGE_DEFAULT}, {1, 1}, {SVC_PAGE_MAX, SVC_PAGE_MAX}, {SVC_PAGE_MAX + 1, -1}, {-1, -1}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(svc_page_size(cases[i][0]), cases[i][1]);
}

static void test_page_token(void **state)
{
	(void)state;
	char tok[128], key[64];
	const char *uuid = "123e4567-e89b-12d3-a456-426614174000";
	assert_int_equal(svc_page_token_encode(uuid, tok, sizeof tok), 0);
	assert_string_not_equal(tok, uuid); /* opaque */
	assert_int_equal(svc_page_token_decode(tok, 1, key, sizeof key), 0);
	assert_string_equal(key, uuid);
	/* a UUID token is not a numeric one and vice versa */
	assert_int_equal(svc_page_token_decode(tok, 0, key, sizeof key), -1);
	assert_int_equal(svc_page_token_encode("12345", tok, sizeof tok), 0);
	assert_int_equal(svc_page_token_decode(tok, 0, key, sizeof key), 0);
	assert_string_equal(key, "12345");
	assert_int_equal(svc_page_token_decode(tok, 1, key, sizeof key), -1);
	/* empty: first page */
	strcpy(key, "x");
	assert_int_equal(svc_page_token_decode("", 1, key, sizeof key), 0);
	assert_string_equal(key, "");
	assert_int_equal(svc_page_token_decode(NULL, 0, key, sizeof key), 0);
	/* garbage, wrong prefix, leading zero, too small buffers */
	assert_int_equal(svc_page_token_decode("!!!!", 1, key, sizeof key), -1);
	char raw[64];
	b64url_encode((const unsigned char *)"p2:12345", 8, raw);
	assert_int_equal(svc_page_token_decode(raw, 0, key, sizeof key), -1);
	b64url_encode((const unsigned char *)"p1:012", 6, raw);
	assert_int_equal(svc_page_token_decode(raw, 0, key, sizeof key), -1);
	b64url_encode((const unsigned char *)"p1:12a", 6, raw);
	assert_int_equal(svc_page_token_decode(raw, 0, key, sizeof key), -1);
	assert_int_equal(svc_page_token_encode(uuid, tok, 10), -1);
	assert_int_equal(svc_page_token_encode(uuid, tok, sizeof tok), 0);
	assert_int_equal(svc_page_token_decode(tok, 1, key, 20), -1);
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_string_rules), cmocka_unit_test(test_text_and_words),
          cmocka_unit_test(test_dates), cmocka_unit_test(test_page_size), cmocka_unit_test(test_page_token),
          cmocka_unit_test(test_date_and_count_columns))
