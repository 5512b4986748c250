/* token: minting, reading and parsing bearer tokens (see token.h). */
#include "token.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "b64url.h"

/* SHA-256, fetched from the provider once per process: EVP_sha256() makes
 * OpenSSL 3 look the algorithm up again on every digest, which cost more than
 * the hashing itself on the authentication path of every call. */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static int sha256(const void *p, size_t n, unsigned char out[TOKEN_HASH_LEN])
{
	unsigned int len = 0;
	int ok = 0;
	(void)pthread_once(&sha256_once, sha256_fetch);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx && sha256_md)
		ok = EVP_DigestInit_ex2(ctx, sha256_md, NULL) && EVP_DigestUpdate(ctx, p, n) &&
		     EVP_DigestFinal_ex(ctx, out, &len) && len == TOKEN_HASH_LEN;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

int token_mint(token_minted *t)
{
	unsigned char raw[32], hash[TOKEN_HASH_LEN];
	char secret[TOKEN_SECRET_LEN + 1];
	int rc = -1;
	memset(t, 0, sizeof *t);
	if (uuid_random(t->id) != 0 || RAND_bytes(raw, sizeof raw) != 1) goto out;
	b64url_encode(raw, sizeof raw, secret);
	snprintf(t->text, sizeof t->text, "%s.%s", t->id, secret);
	/* the stored hash is exactly what token_parse computes from the text */
	if (sha256(secret, TOKEN_SECRET_LEN, hash) != 0) goto out;
	token_hash_hex(hash, t->hash_hex);
	rc = 0;
out:
	OPENSSL_cleanse(raw, sizeof raw);
	OPENSSL_cleanse(secret, sizeof secret);
	if (rc != 0) token_wipe(t);
	return rc;
}

void token_hash_hex(const unsigned char hash[TOKEN_HASH_LEN], char out[2 * TOKEN_HASH_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < TOKEN_HASH_LEN; i++) {
		out[2 * i] = digits[hash[i] >> 4];
		out[2 * i + 1] = digits[hash[i] & 15];
	}
	out[2 * TOKEN_HASH_LEN] = '\0';
}

void token_wipe(token_minted *t)
{
	OPENSSL_cleanse(t, sizeof *t);
}

int token_parse(const char *token, char id[UUID_LEN + 1], unsigned char secret_hash[TOKEN_HASH_LEN])
{
	if (!token || strlen(token) != TOKEN_LEN || token[UUID_LEN] != '.') return -1;
	memcpy(id, token, UUID_LEN);
	id[UUID_LEN] = '\0';
	if (!uuid_is_valid(id)) return -1;
	const char *secret = token + UUID_LEN + 1;
	unsigned char raw[33];
	if (b64url_decode(secret, raw, sizeof raw) != 32) return -1;
	for (int i = 0; i < UUID_LEN; i++)
		id[i] = (char)tolower((unsigned char)id[i]);
	return sha256(secret, TOKEN_SECRET_LEN, secret_hash);
}

const char *token_bearer(const char *authorization)
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
