/* svc_validate: pure field checks and encodings (UUIDs, DUO codes, BRIN,
 * national ids, dates, bearer tokens, page tokens) for handlers and auth. */
#include "svc_validate.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}
static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int svc_is_uuid(const char *s)
{
	if (!s || strlen(s) != SVC_UUID_LEN) return 0;
	for (int i = 0; i < SVC_UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-') return 0;
		} else if (!is_hex(s[i])) {
			return 0;
		}
	}
	return 1;
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

int svc_page_size(int32_t requested)
{
	if (requested == 0) return SVC_PAGE_DEFAULT;
	if (requested < 0 || requested > SVC_PAGE_MAX) return -1;
	return requested;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void svc_b64url(const unsigned char *in, size_t n, char *out)
{
	size_t o = 0, i = 0;
	for (; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
		out[o++] = b64[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
	}
	out[o] = '\0';
}

/* Arithmetic rather than a search of the alphabet: this runs for every
 * character of every bearer token. */
static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '-') return 62;
	if (c == '_') return 63;
	return -1;
}

long svc_b64url_decode(const char *in, unsigned char *out, size_t outlen)
{
	size_t n = strlen(in), o = 0;
	if (n % 4 == 1) return -1;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64val(in[i]);
		if (v < 0) return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outlen) return -1;
			out[o++] = (unsigned char)(acc >> bits & 0xff);
		}
	}
	/* leftover bits must be zero (canonical encoding) */
	if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return -1;
	return (long)o;
}

int svc_page_token_encode(const char *key, char *out, size_t outlen)
{
	char raw[80];
	int n = snprintf(raw, sizeof raw, "p1:%s", key);
	if (n < 0 || (size_t)n >= sizeof raw || outlen < ((size_t)n + 2) / 3 * 4 + 1) return -1;
	svc_b64url((const unsigned char *)raw, (size_t)n, out);
	return 0;
}

int svc_page_token_decode(const char *token, int want_uuid, char *key, size_t keylen)
{
	if (!token || !*token) {
		if (keylen) key[0] = '\0';
		return 0;
	}
	unsigned char raw[80];
	if (strlen(token) > 100) return -1;
	long n = svc_b64url_decode(token, raw, sizeof raw - 1);
	if (n < 4 || memcmp(raw, "p1:", 3) != 0) return -1;
	raw[n] = '\0';
	const char *k = (const char *)raw + 3;
	if (strlen(k) != (size_t)n - 3 || strlen(k) >= keylen) return -1;
	if (want_uuid) {
		if (!svc_is_uuid(k)) return -1;
	} else {
		size_t len = strlen(k);
		if (len == 0 || len > 18 || k[0] == '0') return -1;
		for (size_t i = 0; i < len; i++)
			if (!is_digit(k[i])) return -1;
	}
	memcpy(key, k, strlen(k) + 1);
	return 0;
}

/* SHA-256, fetched from the provider once per process: EVP_sha256() makes
 * OpenSSL 3 look the algorithm up again on every digest, which cost more than
 * the hashing itself on the authentication path of every call. */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static int sha256(const void *p, size_t n, unsigned char out[32])
{
	unsigned int len = 0;
	int ok = 0;
	(void)pthread_once(&sha256_once, sha256_fetch);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx && sha256_md)
		ok = EVP_DigestInit_ex2(ctx, sha256_md, NULL) && EVP_DigestUpdate(ctx, p, n) &&
		     EVP_DigestFinal_ex(ctx, out, &len) && len == 32;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

int svc_token_parse(const char *token, char id[SVC_UUID_LEN + 1], unsigned char secret_hash[32])
{
	if (!token || strlen(token) != SVC_UUID_LEN + 1 + 43 || token[SVC_UUID_LEN] != '.') return -1;
	memcpy(id, token, SVC_UUID_LEN);
	id[SVC_UUID_LEN] = '\0';
	if (!svc_is_uuid(id)) return -1;
	const char *secret = token + SVC_UUID_LEN + 1;
	unsigned char raw[33];
	if (svc_b64url_decode(secret, raw, sizeof raw) != 32) return -1;
	for (int i = 0; i < SVC_UUID_LEN; i++)
		id[i] = (char)tolower((unsigned char)id[i]);
	return sha256(secret, 43, secret_hash);
}

const char *svc_bearer(const char *authorization)
{
	if (!authorization) return NULL;
	while (*authorization == ' ')
		authorization++;
	if (strncasecmp(authorization, "bearer ", 7) != 0) return NULL;
	authorization += 7;
	while (*authorization == ' ')
		authorization++;
	return authorization;
}
