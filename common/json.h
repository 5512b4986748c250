/* json: escaping text into JSON string bodies, shared by the CLI's JSON
 * printer (proto_print.c) and passendd's JSON log lines (log.c). Valid UTF-8
 * passes through; invalid bytes become U+FFFD, so the output is always valid
 * JSON in UTF-8 whatever the input. */
#ifndef PASSEND_JSON_H
#define PASSEND_JSON_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1-4 bytes, never past len), or 0
 * when the bytes there are not valid UTF-8 (overlong forms, surrogates and
 * code points past U+10FFFF are invalid). */
size_t json_utf8_len(const unsigned char *s, size_t len);

/* Escape s[0..len) for the inside of a JSON string (no quotes added) into
 * out[0..cap): '"' and '\\' with a backslash, control characters and DEL as
 * \b \f \n \r \t or \u00XX, invalid UTF-8 bytes as \ufffd. Writes only whole
 * escaped characters: stops at the first that does not fit. Returns the bytes
 * written; *used (if not NULL) gets the input bytes consumed (len when all
 * fit). Never writes a NUL. */
size_t json_escape(char *out, size_t cap, const char *s, size_t len, size_t *used);

#endif
