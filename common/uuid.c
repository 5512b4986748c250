/* uuid: UUID text checks and random version 4 UUIDs (OpenSSL's RAND_bytes). */
#include "uuid.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int uuid_is_valid(const char *s)
{
	if (!s || strlen(s) != UUID_LEN) return 0;
	for (int i = 0; i < UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-') return 0;
		} else if (!is_hex(s[i])) {
			return 0;
		}
	}
	return 1;
}

int uuid_random(char out[UUID_LEN + 1])
{
	unsigned char u[16];
	out[0] = '\0';
	if (RAND_bytes(u, sizeof u) != 1) return -1;
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40); /* version 4 */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, UUID_LEN + 1, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
	         u[14], u[15]);
	return 0;
}
