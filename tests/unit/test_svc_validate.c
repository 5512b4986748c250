/* Unit tests for server/svc/svc_validate: UUIDs, DUO codes, BRIN and
 * vestiging, national ids and the BSN eleven-test, calendar dates and page
 * tokens. No I/O. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "b64url.h"
#include "svc/svc_validate.h"

static void test_uuid(void **state)
{
	(void)state;
	assert_true(svc_is_uuid("123e4567-e89b-12d3-a456-426614174000"));
	assert_true(svc_is_uuid("123E4567-E89B-12D3-A456-426614174000"));
	assert_false(svc_is_uuid(NULL));
	assert_false(svc_is_uuid(""));
	assert_false(svc_is_uuid("123e4567e89b12d3a456426614174000"));      /* no dashes */
	assert_false(svc_is_uuid("123e4567-e89b-12d3-a456-42661417400"));   /* short */
	assert_false(svc_is_uuid("123e4567-e89b-12d3-a456-4266141740000")); /* long */
	assert_false(svc_is_uuid("123e4567-e89b-12d3-a456_426614174000"));
	assert_false(svc_is_uuid("g23e4567-e89b-12d3-a456-426614174000"));
	assert_false(svc_is_uuid("123e4567-e89b-12d3-a456-42661417400 "));
}

static void test_duo_code(void **state)
{
	(void)state;
	assert_true(svc_is_duo_code("PO 27-04"));
	assert_true(svc_is_duo_code("VO 00-99"));
	assert_false(svc_is_duo_code(NULL));
	assert_false(svc_is_duo_code(""));
	assert_false(svc_is_duo_code("po 27-04"));
	assert_false(svc_is_duo_code("MO 27-04"));
	assert_false(svc_is_duo_code("PO27-04"));
	assert_false(svc_is_duo_code("PO 27-4"));
	assert_false(svc_is_duo_code("PO 27-045"));
	assert_false(svc_is_duo_code("PO 27_04"));
	assert_false(svc_is_duo_code("PO 2a-04"));
	assert_false(svc_is_duo_code(" PO 27-04"));
}

static void test_brin_vestiging(void **state)
{
	(void)state;
	assert_true(svc_is_brin("00LH"));
	assert_true(svc_is_brin("1234"));
	assert_true(svc_is_brin("12A9"));
	assert_false(svc_is_brin("00lh"));
	assert_false(svc_is_brin("A0LH"));
	assert_false(svc_is_brin("00L"));
	assert_false(svc_is_brin("00LHX"));
	assert_false(svc_is_brin(NULL));
	assert_true(svc_is_vestiging("00"));
	assert_true(svc_is_vestiging("99"));
	assert_false(svc_is_vestiging("0"));
	assert_false(svc_is_vestiging("001"));
	assert_false(svc_is_vestiging("0a"));
	assert_false(svc_is_vestiging(NULL));
}

static void test_code(void **state)
{
	(void)state;
	assert_true(svc_is_code("a"));
	assert_true(svc_is_code("niv_2"));
	assert_true(svc_is_code("gestart_screening_5a"));
	assert_true(svc_is_code("a234567890123456789012345678901234567890"));
	assert_false(svc_is_code("a2345678901234567890123456789012345678901"));
	assert_false(svc_is_code(""));
	assert_false(svc_is_code(NULL));
	assert_false(svc_is_code("2a"));
	assert_false(svc_is_code("_a"));
	assert_false(svc_is_code("Niv_2"));
	assert_false(svc_is_code("niv-2"));
	assert_false(svc_is_code("niv 2"));
}

static void test_national_id(void **state)
{
	(void)state;
	assert_true(svc_is_national_id("123456782"));
	assert_true(svc_is_national_id("000000000"));
	assert_false(svc_is_national_id("12345678"));
	assert_false(svc_is_national_id("1234567890"));
	assert_false(svc_is_national_id("12345678a"));
	assert_false(svc_is_national_id(NULL));
	/* 9*1+8*2+7*3+6*4+5*5+4*6+3*7+2*8 - 2 = 154 = 14*11 */
	assert_true(svc_bsn_eleven_test("123456782"));
	assert_true(svc_bsn_eleven_test("111222333"));
	assert_false(svc_bsn_eleven_test("123456789"));
	assert_false(svc_bsn_eleven_test("111222334"));
	assert_false(svc_bsn_eleven_test("000000000")); /* sum 0 is not valid */
	assert_false(svc_bsn_eleven_test("12345678"));
	assert_false(svc_bsn_eleven_test(NULL));
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(svc_valid_month_day(8, 1));
	assert_true(svc_valid_month_day(2, 29));
	assert_true(svc_valid_month_day(12, 31));
	assert_false(svc_valid_month_day(2, 30));
	assert_false(svc_valid_month_day(4, 31));
	assert_false(svc_valid_month_day(0, 1));
	assert_false(svc_valid_month_day(13, 1));
	assert_false(svc_valid_month_day(1, 0));
	assert_true(svc_valid_date(2024, 2, 29));
	assert_true(svc_valid_date(2000, 2, 29));
	assert_false(svc_valid_date(2023, 2, 29));
	assert_false(svc_valid_date(1900, 2, 29));
	assert_true(svc_valid_date(1900, 1, 1));
	assert_true(svc_valid_date(2200, 12, 31));
	assert_false(svc_valid_date(1899, 12, 31));
	assert_false(svc_valid_date(2201, 1, 1));
	assert_false(svc_valid_date(2024, 6, 31));
	assert_false(svc_valid_date(2024, 0, 1));
}

static void test_page_size(void **state)
{
	(void)state;
	assert_int_equal(svc_page_size(0), SVC_PAGE_DEFAULT);
	assert_int_equal(svc_page_size(1), 1);
	assert_int_equal(svc_page_size(SVC_PAGE_MAX), SVC_PAGE_MAX);
	assert_int_equal(svc_page_size(SVC_PAGE_MAX + 1), -1);
	assert_int_equal(svc_page_size(-1), -1);
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

static void test_schooljaar_control(void **state)
{
	(void)state;
	assert_true(svc_is_schooljaar("2016-2017"));
	assert_true(svc_is_schooljaar("1999-2000"));
	assert_false(svc_is_schooljaar("2016-2018"));
	assert_false(svc_is_schooljaar("2017-2016"));
	assert_false(svc_is_schooljaar("2016/2017"));
	assert_false(svc_is_schooljaar("2016-20170"));
	assert_false(svc_is_schooljaar("20a6-2017"));
	assert_false(svc_is_schooljaar(""));
	assert_false(svc_has_control("A. Jansen, ë"));
	assert_false(svc_has_control(""));
	assert_true(svc_has_control("a\tb"));
	assert_true(svc_has_control("\x1f"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_uuid),
	    cmocka_unit_test(test_duo_code),
	    cmocka_unit_test(test_brin_vestiging),
	    cmocka_unit_test(test_code),
	    cmocka_unit_test(test_national_id),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_page_size),
	    cmocka_unit_test(test_page_token),
	    cmocka_unit_test(test_schooljaar_control),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
