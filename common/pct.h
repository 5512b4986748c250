/* pct: percent-encoding of the grpc-message trailer as the gRPC HTTP/2
 * protocol specifies: bytes outside printable ASCII 0x20-0x7E and '%' itself
 * become %XX; the decoder is lenient (invalid %-sequences pass through). */
#ifndef PASSEND_PCT_H
#define PASSEND_PCT_H

#include <stddef.h>

/* Encode `n` bytes of `s`. Returns a malloc'd NUL-terminated string (caller
 * frees) or NULL when out of memory. */
__attribute__((warn_unused_result)) char *pct_encode(const char *s, size_t n);
/* Decode `n` bytes. Returns a malloc'd NUL-terminated string or NULL. */
__attribute__((warn_unused_result)) char *pct_decode(const char *s, size_t n);

#endif
