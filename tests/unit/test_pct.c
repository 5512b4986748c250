/* Unit tests for common/pct: percent-encoding of grpc-message per the gRPC
 * HTTP/2 protocol (printable ASCII except '%' kept; UTF-8 bytes encoded). */
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "pct.h"

static void check_enc(const char *in, const char *want)
{
	char *s = pct_encode(in, strlen(in));
	assert_non_null(s);
	assert_string_equal(s, want);
	char *d = pct_decode(s, strlen(s));
	assert_string_equal(d, in); /* round trip */
	free(s);
	free(d);
}

static void test_encode(void **state)
{
	check_enc("", "");
	check_enc("plain text: ok (1/2)", "plain text: ok (1/2)");
	check_enc("100%", "100%25");
	check_enc("line\nbreak\ttab", "line%0Abreak%09tab");
	check_enc("beëindigd", "be%C3%ABindigd");
	check_enc("\x7f~", "%7F~");
}

static void test_decode_lenient(void **state)
{
	const char *cases[][2] = {
	    {"%", "%"},     {"%4", "%4"},     {"%zz", "%zz"},
	    {"a%2", "a%2"}, {"%41%42", "AB"}, {"%e2%82%ac", "\xe2\x82\xac"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *d = pct_decode(cases[i][0], strlen(cases[i][0]));
		assert_string_equal(d, cases[i][1]);
		free(d);
	}
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_encode), cmocka_unit_test(test_decode_lenient))
