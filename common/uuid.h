/* uuid: the text form of UUIDs (8-4-4-4-12 hex): checking one and making a
 * random (version 4) one. */
#ifndef PASSEND_UUID_H
#define PASSEND_UUID_H

#define UUID_LEN 36 /* characters, without the NUL */

/* 1 if s is a UUID in 8-4-4-4-12 hex form (either case), else 0. */
int uuid_is_valid(const char *s);
/* A random version 4 UUID, lower case, into out. Returns 0, or -1 when the
 * random generator fails (out is then ""). */
__attribute__((warn_unused_result)) int uuid_random(char out[UUID_LEN + 1]);

#endif
