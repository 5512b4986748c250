/* grpc_timeout: parse and format the grpc-timeout header
 * (TimeoutValue = 1*8 digits, TimeoutUnit = H / M / S / m / u / n). */
#include "grpc_timeout.h"

#include <stdio.h>

int grpc_timeout_parse(const char *s, size_t n, uint64_t *ms)
{
	if (n < 2 || n > 9) return -1;
	uint64_t v = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] < '0' || s[i] > '9') return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	switch (s[n - 1]) {
	case 'H':
		*ms = v * 3600000u;
		return 0;
	case 'M':
		*ms = v * 60000u;
		return 0;
	case 'S':
		*ms = v * 1000u;
		return 0;
	case 'm':
		*ms = v;
		return 0;
	case 'u':
		*ms = (v + 999) / 1000;
		return 0;
	case 'n':
		*ms = (v + 999999) / 1000000;
		return 0;
	default:
		return -1;
	}
}

size_t grpc_timeout_format(uint64_t ms, char *out, size_t outlen)
{
	/* Milliseconds while they fit 8 digits, then coarser units (rounded up
	 * so the peer never sees a shorter deadline than ours). */
	static const struct {
		uint64_t per;
		char unit;
	} units[] = {{1, 'm'}, {1000, 'S'}, {60000, 'M'}, {3600000, 'H'}};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		uint64_t v = ms / units[i].per + (ms % units[i].per != 0); /* no overflow near 2^64 */
		if (v <= 99999999u) {
			int k = snprintf(out, outlen, "%llu%c", (unsigned long long)v, units[i].unit);
			return k > 0 ? (size_t)k : 0;
		}
	}
	int k = snprintf(out, outlen, "99999999H");
	return k > 0 ? (size_t)k : 0;
}
