/* Unit tests for server/token (bearer token minting, reading and parsing)
 * and common/b64url (its encoding). No I/O. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "b64url.h"
#include "token.h"

static void test_b64url(void **state)
{
	(void)state;
	char out[16];
	unsigned char back[16];
	b64url_encode((const unsigned char *)"", 0, out);
	assert_string_equal(out, "");
	b64url_encode((const unsigned char *)"f", 1, out);
	assert_string_equal(out, "Zg");
	b64url_encode((const unsigned char *)"fo", 2, out);
	assert_string_equal(out, "Zm8");
	b64url_encode((const unsigned char *)"foo", 3, out);
	assert_string_equal(out, "Zm9v");
	const unsigned char hi[3] = {0xfb, 0xff, 0xfe};
	b64url_encode(hi, 3, out);
	assert_string_equal(out, "-__-"); /* url-safe alphabet */
	assert_int_equal(b64url_decode("-__-", back, sizeof back), 3);
	assert_memory_equal(back, hi, 3);
	assert_int_equal(b64url_decode("Zm8", back, sizeof back), 2);
	assert_memory_equal(back, "fo", 2);
	assert_int_equal(b64url_decode("Zm9=", back, sizeof back), -1); /* padding */
	assert_int_equal(b64url_decode("Z", back, sizeof back), -1);
	assert_int_equal(b64url_decode("Zm9", back, sizeof back), -1); /* non-zero leftover bits */
	assert_int_equal(b64url_decode("Zm9v", back, 2), -1);          /* too small */
}

static void test_token_parse(void **state)
{
	(void)state;
	unsigned char raw[32], hash[32], want[32];
	char secret[48], token[128], id[UUID_LEN + 1];
	unsigned int n = 0;
	for (int i = 0; i < 32; i++)
		raw[i] = (unsigned char)(i * 7 + 1);
	b64url_encode(raw, sizeof raw, secret);
	assert_int_equal(strlen(secret), 43);
	snprintf(token, sizeof token, "123E4567-E89B-12D3-A456-426614174000.%s", secret);
	assert_int_equal(token_parse(token, id, hash), 0);
	assert_string_equal(id, "123e4567-e89b-12d3-a456-426614174000"); /* lower-cased */
	/* the stored hash is SHA-256 of the secret's text */
	assert_true(EVP_Digest(secret, strlen(secret), want, &n, EVP_sha256(), NULL));
	assert_memory_equal(hash, want, 32);

	snprintf(token, sizeof token, "123e4567-e89b-12d3-a456-426614174000%s", secret); /* no dot */
	assert_int_equal(token_parse(token, id, hash), -1);
	snprintf(token, sizeof token, "123e4567-e89b-12d3-a456-42661417400x.%s", secret); /* bad id */
	assert_int_equal(token_parse(token, id, hash), -1);
	snprintf(token, sizeof token, "123e4567-e89b-12d3-a456-426614174000.%.42s", secret); /* short */
	assert_int_equal(token_parse(token, id, hash), -1);
	snprintf(token, sizeof token, "123e4567-e89b-12d3-a456-426614174000.%sA", secret); /* long */
	assert_int_equal(token_parse(token, id, hash), -1);
	snprintf(token, sizeof token, "123e4567-e89b-12d3-a456-426614174000.%.42s+",
	         secret); /* not url-safe */
	assert_int_equal(token_parse(token, id, hash), -1);
	assert_int_equal(token_parse(NULL, id, hash), -1);
	assert_int_equal(token_parse("", id, hash), -1);
}

static void test_bearer(void **state)
{
	(void)state;
	assert_string_equal(token_bearer("Bearer abc"), "abc");
	assert_string_equal(token_bearer("bearer   abc"), "abc");
	assert_string_equal(token_bearer("  BEARER abc"), "abc");
	assert_null(token_bearer("Basic abc"));
	assert_null(token_bearer("Bearerabc"));
	assert_null(token_bearer(NULL));
}

static void test_token_mint(void **state)
{
	(void)state;
	token_minted a, b;
	char id[UUID_LEN + 1], hex[2 * TOKEN_HASH_LEN + 1];
	unsigned char hash[TOKEN_HASH_LEN];
	assert_int_equal(token_mint(&a), 0);
	assert_int_equal(token_mint(&b), 0);
	assert_int_equal(strlen(a.text), TOKEN_LEN);
	assert_true(uuid_is_valid(a.id));
	assert_int_equal(a.id[14], '4'); /* version 4 */
	assert_string_not_equal(a.text, b.text);
	assert_memory_equal(a.text, a.id, UUID_LEN);
	/* what auth computes from the text is what the database was given */
	assert_int_equal(token_parse(a.text, id, hash), 0);
	assert_string_equal(id, a.id);
	for (int i = 0; i < TOKEN_HASH_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", hash[i]);
	assert_string_equal(hex, a.hash_hex);
	token_wipe(&a);
	token_wipe(&b);
	assert_int_equal(a.text[0], 0);
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_b64url), cmocka_unit_test(test_token_parse),
          cmocka_unit_test(test_bearer), cmocka_unit_test(test_token_mint))
