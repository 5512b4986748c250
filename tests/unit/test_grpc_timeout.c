/* Unit tests for common/grpc_timeout: every unit, rounding, malformed values,
 * and formatting that never shortens a deadline. */
#include <string.h>
#include "unit.h"

#include "grpc_timeout.h"

static uint64_t parse_ok(const char *s)
{
	uint64_t ms = 12345;
	assert_int_equal(grpc_timeout_parse(s, strlen(s), &ms), 0);
	return ms;
}

static void test_units(void **state)
{
	assert_int_equal(parse_ok("1H"), 3600000);
	assert_int_equal(parse_ok("2M"), 120000);
	assert_int_equal(parse_ok("3S"), 3000);
	assert_int_equal(parse_ok("250m"), 250);
	assert_int_equal(parse_ok("1500u"), 2); /* rounds up */
	assert_int_equal(parse_ok("1n"), 1);    /* tiny but positive */
	assert_int_equal(parse_ok("0m"), 0);    /* already expired */
	assert_int_equal(parse_ok("99999999S"), 99999999000ull);
}

static void test_malformed(void **state)
{
	const char *bad[] = {"", "m", "10", "10x", "-1S", "1.5S", "123456789S", " 1S", "1 S", "1s"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t ms;
		assert_int_equal(grpc_timeout_parse(bad[i], strlen(bad[i]), &ms), -1);
	}
}

static void test_format(void **state)
{
	char out[16];
	assert_int_equal(grpc_timeout_format(5000, out, sizeof(out)), 5);
	assert_string_equal(out, "5000m");
	grpc_timeout_format(99999999, out, sizeof(out));
	assert_string_equal(out, "99999999m");
	grpc_timeout_format(100000000, out, sizeof(out));
	assert_string_equal(out, "100000S");
	grpc_timeout_format(100000001, out, sizeof(out)); /* rounded up, never shorter */
	assert_string_equal(out, "100001S");
	uint64_t back;
	assert_int_equal(grpc_timeout_parse(out, strlen(out), &back), 0);
	assert_true(back >= 100000001);
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_units), cmocka_unit_test(test_malformed),
          cmocka_unit_test(test_format))
