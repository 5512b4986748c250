/* token: the bearer token format "<id>.<secret>" in one place: minting a
 * token (passendd admin bootstrap, Tenancy CreateToken), reading it from an
 * authorization header and parsing it (auth). The id is a UUID; the secret
 * is 32 random bytes in base64url (43 characters); the database keeps only
 * the SHA-256 of the secret's text. */
#ifndef PASSEND_TOKEN_H
#define PASSEND_TOKEN_H

#include "uuid.h"

#define TOKEN_SECRET_LEN 43                                /* base64url of 32 bytes */
#define TOKEN_LEN        (UUID_LEN + 1 + TOKEN_SECRET_LEN) /* without the NUL */
#define TOKEN_HASH_LEN   32                                /* SHA-256 */

/* A freshly minted token. text is shown to its owner once and never stored:
 * wipe it (token_wipe) when done. */
typedef struct token_minted {
	char id[UUID_LEN + 1];    /* random version 4 UUID, lower case */
	char text[TOKEN_LEN + 1]; /* "<id>.<secret>" */
	char hash_hex[2 * TOKEN_HASH_LEN +
	              1]; /* SHA-256 of the secret, lower-case hex: what the database keeps */
} token_minted;

/* Mint a new token into t. Returns 0, or -1 when no random bytes or no
 * SHA-256 are available (t is then wiped). */
__attribute__((warn_unused_result)) int token_mint(token_minted *t);
/* Overwrite a minted token's secret text (and the rest of it). */
void token_wipe(token_minted *t);
/* Split a token "<uuid>.<secret>": writes the id (lower-cased) and the
 * SHA-256 of the secret text. Returns 0, or -1 if malformed. */
__attribute__((warn_unused_result)) int token_parse(const char *token, char id[UUID_LEN + 1],
                                                    unsigned char secret_hash[TOKEN_HASH_LEN]);
/* The lower-case hex text of a secret's SHA-256 (what the database
 * compares; an admin call's proof). */
void token_hash_hex(const unsigned char hash[TOKEN_HASH_LEN], char out[2 * TOKEN_HASH_LEN + 1]);
/* From an authorization header value, the token after "Bearer " (case-
 * insensitive scheme, spaces skipped), or NULL if the scheme is not Bearer. */
const char *token_bearer(const char *authorization);

#endif
