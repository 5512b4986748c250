/* pct: percent-encoding for grpc-message (gRPC PROTOCOL-HTTP2: "Percent-Encoded"
 * = unreserved printable ASCII except '%' stays, everything else %XX). */
#include "pct.h"

#include <stdlib.h>

static const char hex[] = "0123456789ABCDEF";

char *pct_encode(const char *s, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		out += (c >= 0x20 && c <= 0x7e && c != '%') ? 1 : 3;
	}
	char *r = malloc(out + 1);
	if (!r) return NULL;
	char *p = r;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c <= 0x7e && c != '%') {
			*p++ = (char)c;
		} else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return r;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

char *pct_decode(const char *s, size_t n)
{
	char *r = malloc(n + 1);
	if (!r) return NULL;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		/* The spec asks decoders to keep invalid sequences as they are. */
		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			r[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			r[j++] = s[i];
		}
	}
	r[j] = '\0';
	return r;
}
