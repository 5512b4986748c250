/* json: JSON string escaping (RFC 8259 §7) over a bounded output, so callers
 * can use stack buffers (log lines) or a growing buf (printers) alike. */
#include "json.h"

#include <stdint.h>
#include <string.h>

size_t json_utf8_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;
	if (c < 0x80) return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len < n) return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Reject overlong forms, surrogates and code points past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t json_escape(char *out, size_t cap, const char *s, size_t len, size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0;
	while (i < len) {
		/* A run of bytes that stand for themselves, copied at once. */
		size_t run = i;
		while (run < len && p[run] >= 0x20 && p[run] < 0x7f && p[run] != '"' && p[run] != '\\')
			run++;
		if (run > i) {
			size_t n = run - i < cap - o ? run - i : cap - o;
			memcpy(out + o, p + i, n);
			o += n;
			i += n;
			if (i < run) break; /* out is full */
			continue;
		}
		unsigned char c = p[i];
		char esc[6];
		const char *src = esc;
		size_t n = 2, in = 1;
		if (c >= 0x80) {
			in = json_utf8_len(p + i, len - i);
			if (in == 0) {
				src = "\\ufffd";
				n = 6;
				in = 1;
			} else {
				src = (const char *)p + i;
				n = in;
			}
		} else if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
		} else if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
			esc[0] = '\\';
			esc[1] = c == '\b' ? 'b' : c == '\f' ? 'f' : c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		} else if (c < 0x20 || c == 0x7f) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			n = 6;
		}
		if (cap - o < n) break;
		memcpy(out + o, src, n);
		o += n;
		i += in;
	}
	if (used) *used = i;
	return o;
}
