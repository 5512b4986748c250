/* fuzz_grpc_timeout: the grpc-timeout header (common/grpc_timeout.c).
 * Checked: an accepted value has 1-8 digits and a unit; formatting it and
 * parsing that again never gives a shorter deadline, nor one more than a
 * unit step longer (the longest value for any longer one); formatting any
 * value gives something the parser takes. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "grpc_timeout.h"

/* format(ms) parses back to at least ms, rounded up by at most one unit of
 * the format (an hour at most, once ms needs hours). */
static void roundtrip(uint64_t ms)
{
	char out[16];
	size_t n = grpc_timeout_format(ms, out, sizeof out);
	FUZZ_CHECK(n >= 2 && n <= 9 && n == strlen(out), "formatted value of a bad length");
	uint64_t back;
	FUZZ_CHECK(grpc_timeout_parse(out, n, &back) == 0, "formatted value does not parse");
	if (ms <= 99999999ull * 3600000ull) {
		FUZZ_CHECK(back >= ms, "formatting shortened the deadline");
		FUZZ_CHECK(back - ms < 3600000, "formatting lengthened the deadline by more than a unit");
	} else {
		FUZZ_CHECK(back == 99999999ull * 3600000ull, "a longer deadline is not the longest value");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t ms;
	if (grpc_timeout_parse((const char *)data, size, &ms) == 0) {
		FUZZ_CHECK(size >= 2 && size <= 9, "accepted a value of a bad length");
		for (size_t i = 0; i + 1 < size; i++)
			FUZZ_CHECK(data[i] >= '0' && data[i] <= '9', "accepted a non-digit");
		FUZZ_CHECK(ms <= 99999999ull * 3600000ull, "value beyond 99999999 hours");
		roundtrip(ms);
	}
	if (size >= 8) {
		uint64_t v;
		memcpy(&v, data, sizeof v);
		roundtrip(v);
	}
	return 0;
}
