/* b64url: base64url without padding (RFC 4648 §5), used for bearer token
 * secrets and opaque page tokens. Pure functions, no allocation. */
#ifndef PASSEND_B64URL_H
#define PASSEND_B64URL_H

#include <stddef.h>

/* Encoded length of n bytes, without the NUL. */
#define B64URL_LEN(n) (((n) / 3) * 4 + ((n) % 3 ? (n) % 3 + 1 : 0))

/* Encode n bytes into out (B64URL_LEN(n) + 1 bytes, NUL-terminated). */
void b64url_encode(const unsigned char *in, size_t n, char *out);
/* Decode the NUL-terminated in (no padding; leftover bits must be zero)
 * into out. Returns the byte count, or -1 if malformed or out is too small. */
__attribute__((warn_unused_result)) long b64url_decode(const char *in, unsigned char *out, size_t outlen);

#endif
