/* cli_values: pure parsing of command-line values for the resource
 * commands — calendar dates, month-days, instants (absolute or relative to
 * now), enum names, choices, comma lists, update masks and euro amounts. No
 * I/O, so every rule is
 * unit-tested (tests/unit/test_cli_values.c).
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Read exactly n digits at *p into *v; advances *p. Returns 0 or -1. */
static int digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i])) return -1;
		x = x * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), so no time-zone state is involved. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "YYYY-MM-DD" at *p (advanced past it). */
static int date_at(const char **p, int *y, int *m, int *d)
{
	if (digits(p, 4, y) < 0 || **p != '-') return -1;
	(*p)++;
	if (digits(p, 2, m) < 0 || **p != '-') return -1;
	(*p)++;
	if (digits(p, 2, d) < 0) return -1;
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) return -1;
	return 0;
}

int cli_parse_date(const char *s, Passend__V1__Date *out)
{
	int y, m, d;
	if (!s || date_at(&s, &y, &m, &d) < 0 || *s) return -1;
	out->year = y;
	out->month = m;
	out->day = d;
	return 0;
}

int cli_parse_month_day(const char *s, Passend__V1__MonthDay *out)
{
	int m, d;
	if (!s || digits(&s, 2, &m) < 0 || *s != '-') return -1;
	s++;
	if (digits(&s, 2, &d) < 0 || *s) return -1;
	/* Any year: 29 February is a valid boundary (it falls back in the server). */
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(2000, m)) return -1;
	out->month = m;
	out->day = d;
	return 0;
}

int cli_parse_schooljaar(const char *s)
{
	int first, second;
	if (!s || digits(&s, 4, &first) < 0 || *s++ != '-' || digits(&s, 4, &second) < 0 || *s) return -1;
	return second == first + 1 ? 0 : -1;
}

int cli_parse_span(const char *s, int64_t *secs)
{
	int64_t total = 0;
	if (!s || !*s) return -1;
	while (*s) {
		char *end;
		if (!isdigit((unsigned char)*s)) return -1;
		errno = 0;
		long long n = strtoll(s, &end, 10);
		if (errno || n > 100000000LL) return -1;
		int64_t unit;
		switch (*end) {
		case 's':
			unit = 1;
			break;
		case 'm':
			unit = 60;
			break;
		case 'h':
			unit = 3600;
			break;
		case 'd':
			unit = 86400;
			break;
		case 'w':
			unit = 7 * 86400;
			break;
		default:
			return -1; /* a unit is required: "30" is ambiguous */
		}
		total += n * unit;
		if (total > 100LL * 366 * 86400) return -1; /* a century is enough */
		s = end + 1;
	}
	*secs = total;
	return 0;
}

int cli_parse_instant(const char *s, int64_t now, int sign, int64_t *secs)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	const char *p = s;
	int64_t span;

	if (!s) return -1;
	if (cli_parse_span(s, &span) == 0) {
		*secs = now + (sign < 0 ? -span : span);
		return 0;
	}
	if (date_at(&p, &y, &mo, &d) < 0) return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) < 0 || *p++ != ':' || digits(&p, 2, &mi) < 0) return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec) < 0) return -1;
		}
		if (h > 23 || mi > 59 || sec > 59) return -1;
	} else if (*p) {
		return -1;
	}
	if (*p == 'Z' || *p == 'z' || *p == '+' || *p == '-') {
		/* An explicit zone: exact arithmetic in UTC. */
		int64_t off = 0;
		if (*p == '+' || *p == '-') {
			int sgn = *p == '-' ? -1 : 1, oh, om;
			p++;
			if (digits(&p, 2, &oh) < 0 || *p++ != ':' || digits(&p, 2, &om) < 0) return -1;
			if (oh > 23 || om > 59) return -1;
			off = sgn * (oh * 3600 + om * 60);
		} else {
			p++;
		}
		if (*p) return -1;
		*secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
		return 0;
	}
	if (*p) return -1;
	/* No zone: local time, which is what an administrator means by a date. */
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 && !(y == 1969 && mo == 12 && d == 31)) return -1;
	*secs = (int64_t)t;
	return 0;
}

/* Normalised enum key: upper case, '-' and ' ' as '_'. */
static int enum_key(const char *s, char *dst, size_t dstlen)
{
	size_t n = strlen(s);
	if (n == 0 || n >= dstlen) return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		dst[i] = c == '-' || c == ' ' ? '_' : (char)toupper((unsigned char)c);
	}
	dst[n] = '\0';
	return 0;
}

/* Length of the prefix (up to and including a '_') that every value of d
 * but the zero one shares, when there are at least two such values (values
 * prefixed to stay unique in the package: LIJST_*, TOESTEMMING_*); else 0. */
static size_t enum_prefix(const ProtobufCEnumDescriptor *d)
{
	const char *first = NULL;
	size_t n = 0, count = 0;
	for (unsigned i = 0; i < d->n_values; i++) {
		const char *name = d->values[i].name;
		if (d->values[i].value == 0) continue;
		if (!first) {
			first = name;
			n = strlen(name);
		}
		size_t k = 0;
		while (k < n && name[k] && name[k] == first[k])
			k++;
		n = k;
		count++;
	}
	while (n > 0 && first[n - 1] != '_')
		n--;
	return count >= 2 ? n : 0;
}

int cli_enum_parse(const ProtobufCEnumDescriptor *d, const char *s, int *out)
{
	char key[128], full[256];
	if (!s || enum_key(s, key, sizeof(key)) < 0) return -1;
	const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value_by_name(d, key);
	size_t pre = enum_prefix(d);
	for (unsigned i = 0; !v && pre && i < d->n_values; i++) {
		if (d->values[i].value == 0) continue;
		snprintf(full, sizeof(full), "%.*s%s", (int)pre, d->values[i].name, key);
		v = protobuf_c_enum_descriptor_get_value_by_name(d, full);
		break; /* the prefix is the same for every value */
	}
	if (!v || v->value == 0) return -1; /* *_UNSPECIFIED is not a choice */
	*out = v->value;
	return 0;
}

int cli_enum_choices(const ProtobufCEnumDescriptor *d, const char *sep, char *dst, size_t dstlen)
{
	size_t len = 0, pre = enum_prefix(d);
	if (dstlen == 0) return -1;
	dst[0] = '\0';
	for (unsigned i = 0; i < d->n_values; i++) {
		const ProtobufCEnumValue *v = &d->values[i];
		if (v->value == 0) continue;
		int n = snprintf(dst + len, dstlen - len, "%s", len ? sep : "");
		if (n < 0 || (size_t)n >= dstlen - len) return -1;
		len += (size_t)n;
		for (const char *c = v->name + pre; *c; c++) {
			if (len + 1 >= dstlen) return -1;
			dst[len++] = *c == '_' ? '-' : (char)tolower((unsigned char)*c);
		}
		dst[len] = '\0';
	}
	return 0;
}

int cli_choice_ok(const char *choices, const char *s)
{
	char key[128], word[128];
	if (!choices || !s || enum_key(s, key, sizeof(key)) < 0) return 0;
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len < sizeof(word)) {
			memcpy(word, p, len);
			word[len] = '\0';
			char norm[128];
			if (enum_key(word, norm, sizeof(norm)) == 0 && strcmp(norm, key) == 0) return 1;
		}
		p = bar ? bar + 1 : p + len;
	}
	return 0;
}

int cli_sector_from_duo(const char *duo)
{
	if (!duo) return 0;
	if ((duo[0] == 'P' || duo[0] == 'p') && (duo[1] == 'O' || duo[1] == 'o') && duo[2] == ' ')
		return PASSEND__V1__SECTOR__PO;
	if ((duo[0] == 'V' || duo[0] == 'v') && (duo[1] == 'O' || duo[1] == 'o') && duo[2] == ' ')
		return PASSEND__V1__SECTOR__VO;
	return 0;
}

int cli_split_list(const char *s, char ***items, size_t *n)
{
	char **v = NULL;
	size_t cnt = 0;
	const char *p = s;

	*items = NULL;
	*n = 0;
	if (!s || !*s) return -1;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		while (len && isspace((unsigned char)*p)) { /* "a, b" */
			p++;
			len--;
		}
		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		if (len == 0) goto fail; /* "a,,b" or a trailing comma */
		char **nv = realloc(v, (cnt + 1) * sizeof(*v));
		if (!nv) goto fail;
		v = nv;
		v[cnt] = strndup(p, len);
		if (!v[cnt]) goto fail;
		cnt++;
		if (!comma) break;
		p = comma + 1;
	}
	*items = v;
	*n = cnt;
	return 0;
fail:
	cli_list_free(v, cnt);
	return -1;
}

void cli_list_free(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

size_t cli_update_mask(const struct cli_mask_field *map, const char *const *given, size_t ngiven,
                       const char **mask, size_t cap)
{
	size_t n = 0;
	for (const struct cli_mask_field *m = map; m->flag; m++) {
		for (size_t i = 0; i < ngiven; i++) {
			if (strcmp(given[i], m->flag) != 0) continue;
			int dup = 0;
			for (size_t j = 0; j < n; j++)
				dup |= strcmp(mask[j], m->field) == 0;
			if (!dup && n < cap) mask[n++] = m->field;
			break;
		}
	}
	return n;
}

/* Three digits at q, then the end, a comma or a dot: q follows a
 * thousands separator. */
static int group3(const char *q)
{
	return isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) && isdigit((unsigned char)q[2]) &&
	       (q[3] == '\0' || q[3] == ',' || q[3] == '.');
}

#define EURO_MAX_CENTS INT64_C(10000000000000000)

int cli_parse_euro(const char *s, int64_t *cents)
{
	const char *p = s;
	int neg = 0, seen = 0, decimals = -1, thousands = 0;
	int64_t v = 0;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (decimals >= 0 && ++decimals > 2) return -1;
			if (v > EURO_MAX_CENTS / 100) return -1;
			v = v * 10 + (*p - '0');
			seen = 1;
		} else if (*p == '.' && seen && decimals < 0 && group3(p + 1)) {
			thousands = 1;
		} else if ((*p == ',' || (*p == '.' && !thousands)) && seen && decimals < 0) {
			decimals = 0;
		} else {
			return -1;
		}
	}
	if (!seen || decimals == 0) return -1;
	for (int d = decimals < 0 ? 0 : decimals; d < 2; d++)
		v *= 10;
	if (v > EURO_MAX_CENTS) return -1;
	*cents = neg ? -v : v;
	return 0;
}

const char *cli_euro_text(int64_t cents, int whole, char *dst, size_t dstlen)
{
	int neg = cents < 0;
	uint64_t a = neg ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	uint64_t e = whole ? (a + 50) / 100 : a / 100;
	char digits[32], grouped[48];
	int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)e), k = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) grouped[k++] = '.';
		grouped[k++] = digits[i];
	}
	grouped[k] = '\0';
	if (whole)
		snprintf(dst, dstlen, "%s%s", neg && e ? "-" : "", grouped);
	else
		snprintf(dst, dstlen, "%s%s,%02u", neg ? "-" : "", grouped, (unsigned)(a % 100));
	return dst;
}
