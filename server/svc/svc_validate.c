/* svc_validate: pure field checks and encodings (UUIDs, DUO codes, BRIN,
 * national ids, dates, school years, page tokens) for handlers. */
#include "svc_validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64url.h"
#include "uuid.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int svc_is_uuid(const char *s)
{
	return uuid_is_valid(s);
}

int svc_is_duo_code(const char *s)
{
	if (!s || strlen(s) != 8) return 0;
	if (!((s[0] == 'P' && s[1] == 'O') || (s[0] == 'V' && s[1] == 'O'))) return 0;
	return s[2] == ' ' && is_digit(s[3]) && is_digit(s[4]) && s[5] == '-' && is_digit(s[6]) &&
	       is_digit(s[7]);
}

int svc_is_brin(const char *s)
{
	if (!s || strlen(s) != 4 || !is_digit(s[0]) || !is_digit(s[1])) return 0;
	for (int i = 2; i < 4; i++)
		if (!(is_digit(s[i]) || (s[i] >= 'A' && s[i] <= 'Z'))) return 0;
	return 1;
}

int svc_is_vestiging(const char *s)
{
	return s && strlen(s) == 2 && is_digit(s[0]) && is_digit(s[1]);
}

int svc_is_code(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 40 || s[0] < 'a' || s[0] > 'z') return 0;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || is_digit(s[i]) || s[i] == '_')) return 0;
	return 1;
}

const char *svc_jaar_error(int32_t jaar)
{
	return jaar < 1990 || jaar > 2100 ? "jaar must be a calendar year from 1990 to 2100" : NULL;
}

int svc_is_decimal2(const char *s)
{
	if (!s) return 0;
	if (*s == '-') s++;
	size_t n = 0;
	while (is_digit(s[n]))
		n++;
	if (n < 1 || n > 12) return 0;
	s += n;
	if (!*s) return 1;
	if (*s++ != '.') return 0;
	for (n = 0; is_digit(s[n]); n++)
		;
	return n >= 1 && n <= 2 && !s[n];
}

int svc_is_national_id(const char *s)
{
	if (!s || strlen(s) != 9) return 0;
	for (int i = 0; i < 9; i++)
		if (!is_digit(s[i])) return 0;
	return 1;
}

int svc_bsn_eleven_test(const char *s)
{
	if (!svc_is_national_id(s)) return 0;
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += (9 - i) * (s[i] - '0');
	sum -= s[8] - '0';
	return sum % 11 == 0 && sum != 0;
}

static int days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
	return d[m - 1];
}

int svc_valid_month_day(int month, int day)
{
	if (month < 1 || month > 12 || day < 1) return 0;
	return day <= days_in(2000, month);
}

int svc_valid_date(int y, int m, int d)
{
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return 0;
	return d <= days_in(y, m);
}

int svc_is_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(s[i])) return 0;
	return svc_valid_date(atoi(s), atoi(s + 5), atoi(s + 8));
}

long svc_parse_count(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 8) return -1;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i])) return -1;
	return atol(s);
}

int svc_is_schooljaar(const char *s)
{
	if (strlen(s) != 9 || s[4] != '-') return 0;
	int a = 0, b = 0;
	for (int i = 0; i < 9; i++) {
		if (i == 4) continue;
		if (!is_digit(s[i])) return 0;
		if (i < 4)
			a = a * 10 + (s[i] - '0');
		else
			b = b * 10 + (s[i] - '0');
	}
	return b == a + 1;
}

const char *svc_report_period_error(const char *schooljaar, int trimester)
{
	if (!svc_is_schooljaar(schooljaar)) return "schooljaar " SVC_SCHOOLJAAR_RULE;
	if (trimester < 0 || trimester > 3) return "trimester must be 0 (whole year) or 1..3";
	return NULL;
}

int svc_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20) return 1;
	return 0;
}

int svc_text_ok(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	return n >= min && n <= max && (!s || !svc_has_control(s));
}

int svc_is_one_of(const char *s, const char *list)
{
	size_t n = strlen(s);
	if (n == 0 || strchr(s, '|')) return 0;
	for (const char *p = strstr(list, s); p; p = strstr(p + 1, s))
		if ((p == list || p[-1] == '|') && (p[n] == '|' || p[n] == '\0')) return 1;
	return 0;
}

int svc_page_size(int32_t requested)
{
	if (requested == 0) return SVC_PAGE_DEFAULT;
	if (requested < 0 || requested > SVC_PAGE_MAX) return -1;
	return requested;
}

int svc_page_token_encode(const char *key, char *out, size_t outlen)
{
	char raw[3 + SVC_PAGE_KEY_MAX + 1];
	int n = snprintf(raw, sizeof raw, "p1:%s", key);
	if (n < 0 || (size_t)n >= sizeof raw || outlen < B64URL_LEN((size_t)n) + 1) return -1;
	b64url_encode((const unsigned char *)raw, (size_t)n, out);
	return 0;
}

int svc_page_token_decode(const char *token, int kind, char *key, size_t keylen)
{
	if (!token || !*token) {
		if (keylen) key[0] = '\0';
		return 0;
	}
	unsigned char raw[3 + SVC_PAGE_KEY_MAX + 1];
	if (strlen(token) >= SVC_PAGE_TOKEN_MAX) return -1;
	long n = b64url_decode(token, raw, sizeof raw - 1);
	if (n < 4 || memcmp(raw, "p1:", 3) != 0) return -1;
	raw[n] = '\0';
	const char *k = (const char *)raw + 3;
	size_t len = strlen(k);
	if (len != (size_t)n - 3 || len >= keylen) return -1;
	if (kind == SVC_KEY_UUID) {
		if (!svc_is_uuid(k)) return -1;
	} else if (kind == SVC_KEY_NUMBER) {
		if (len > 18 || k[0] == '0') return -1;
		for (size_t i = 0; i < len; i++)
			if (!is_digit(k[i])) return -1;
	} /* SVC_KEY_TEXT: any text; the statement compares it */
	memcpy(key, k, len + 1);
	return 0;
}
