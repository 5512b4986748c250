/* euro: euros as typed into exact cents (euro.h). */
#include "euro.h"

int euro_parse_cents(const char *s, int64_t *cents)
{
	int neg = *s == '-', nwhole = 0, nfrac = -1;
	int64_t whole = 0, frac = 0;
	for (const char *p = s + neg; *p; p++) {
		if ((*p == '.' || *p == ',') && nfrac < 0 && nwhole > 0) {
			nfrac = 0;
		} else if (*p >= '0' && *p <= '9') {
			if (nfrac >= 0 ? ++nfrac > 2 : ++nwhole > 10) return -1;
			if (nfrac >= 0)
				frac = frac * 10 + (*p - '0');
			else
				whole = whole * 10 + (*p - '0');
		} else {
			return -1;
		}
	}
	if (nwhole == 0 || nfrac == 0) return -1;
	if (nfrac == 1) frac *= 10;
	int64_t v = whole * 100 + frac;
	if (v > EURO_MAX_CENTS) return -1;
	*cents = neg ? -v : v;
	return 0;
}
