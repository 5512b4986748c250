/* test_tlv_deadline: legal-term deadlines of TLV applications: calendar
 * days, working days across weekends, weeks, and leap years. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "svc/tlv_deadline.h"

static tlv_date D(int y, int m, int d)
{
	tlv_date r = {y, m, d};
	return r;
}

static void expect_deadline(tlv_date from, int unit, int amount, tlv_date want)
{
	tlv_date got = {0, 0, 0};
	assert_int_equal(tlv_deadline(from, unit, amount, &got), 0);
	assert_int_equal(got.year, want.year);
	assert_int_equal(got.month, want.month);
	assert_int_equal(got.day, want.day);
}

static void test_days_roundtrip(void **state)
{
	(void)state;
	assert_int_equal(tlv_date_to_days(D(1970, 1, 1)), 0);
	assert_int_equal(tlv_date_to_days(D(2000, 3, 1)) - tlv_date_to_days(D(2000, 2, 28)), 2);
	assert_int_equal(tlv_date_to_days(D(2100, 3, 1)) - tlv_date_to_days(D(2100, 2, 28)), 1);
	for (long d = -40000; d < 80000; d += 13)
		assert_int_equal(tlv_date_to_days(tlv_days_to_date(d)), d);
	assert_int_equal(tlv_weekday(D(2017, 3, 4)), 6); /* Saturday */
	assert_int_equal(tlv_weekday(D(2017, 3, 6)), 1); /* Monday */
	assert_int_equal(tlv_weekday(D(2016, 2, 29)), 1);
}

static void test_calendar_days(void **state)
{
	(void)state;
	expect_deadline(D(2017, 2, 20), TLV_TERM_KALENDERDAGEN, 10, D(2017, 3, 2));
	expect_deadline(D(2016, 2, 20), TLV_TERM_KALENDERDAGEN, 10, D(2016, 3, 1)); /* leap year */
	expect_deadline(D(2016, 12, 25), TLV_TERM_KALENDERDAGEN, 42, D(2017, 2, 5));
	expect_deadline(D(2017, 3, 4), TLV_TERM_KALENDERDAGEN, 0, D(2017, 3, 4));
}

static void test_weeks(void **state)
{
	(void)state;
	expect_deadline(D(2016, 12, 8), TLV_TERM_WEKEN, 6, D(2017, 1, 19));
	expect_deadline(D(2016, 2, 1), TLV_TERM_WEKEN, 4, D(2016, 2, 29));
	expect_deadline(D(2015, 2, 1), TLV_TERM_WEKEN, 4, D(2015, 3, 1));
}

static void test_working_days(void **state)
{
	(void)state;
	expect_deadline(D(2017, 3, 3), TLV_TERM_WERKDAGEN, 1, D(2017, 3, 6));   /* Fri + 1 = Mon */
	expect_deadline(D(2017, 3, 2), TLV_TERM_WERKDAGEN, 3, D(2017, 3, 7));   /* Thu + 3 = Tue */
	expect_deadline(D(2017, 3, 4), TLV_TERM_WERKDAGEN, 1, D(2017, 3, 6));   /* Sat + 1 = Mon */
	expect_deadline(D(2017, 3, 5), TLV_TERM_WERKDAGEN, 5, D(2017, 3, 10));  /* Sun + 5 = Fri */
	expect_deadline(D(2017, 3, 6), TLV_TERM_WERKDAGEN, 5, D(2017, 3, 13));  /* Mon + 5 = Mon */
	expect_deadline(D(2017, 3, 3), TLV_TERM_WERKDAGEN, 10, D(2017, 3, 17)); /* Fri + 10 = Fri */
	expect_deadline(D(2016, 2, 26), TLV_TERM_WERKDAGEN, 1, D(2016, 2, 29)); /* leap day is a Monday */
	expect_deadline(D(2017, 3, 6), TLV_TERM_WERKDAGEN, 0, D(2017, 3, 6));
	/* against counting day by day */
	for (long start = tlv_date_to_days(D(2015, 12, 1)); start < tlv_date_to_days(D(2016, 4, 1));
	     start++) {
		for (int n = 0; n <= 40; n++) {
			tlv_date from = tlv_days_to_date(start), got;
			long d = start;
			for (int left = n; left > 0;) {
				d++;
				if (tlv_weekday(tlv_days_to_date(d)) <= 5) left--;
			}
			assert_int_equal(tlv_deadline(from, TLV_TERM_WERKDAGEN, n, &got), 0);
			assert_int_equal(tlv_date_to_days(got), d);
		}
	}
}

static void test_bad_input(void **state)
{
	(void)state;
	tlv_date out;
	assert_int_equal(tlv_deadline(D(2017, 1, 1), 0, 5, &out), -1);
	assert_int_equal(tlv_deadline(D(2017, 1, 1), 4, 5, &out), -1);
	assert_int_equal(tlv_deadline(D(2017, 1, 1), TLV_TERM_WEKEN, -1, &out), -1);
	assert_int_equal(tlv_deadline(D(2017, 1, 1), TLV_TERM_WEKEN, 10001, &out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days_roundtrip), cmocka_unit_test(test_calendar_days),
	    cmocka_unit_test(test_weeks),          cmocka_unit_test(test_working_days),
	    cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
