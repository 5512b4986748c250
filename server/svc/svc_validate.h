/* svc_validate: pure checks and encodings used by the handlers (no I/O, no
 * libpq): UUIDs, DUO codes, BRIN, national ids, dates, school years, control
 * characters and opaque page tokens. Unit-tested on their own. (Bearer
 * tokens: server/token.h.) */
#ifndef PASSEND_SVC_VALIDATE_H
#define PASSEND_SVC_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "uuid.h"

#define SVC_UUID_LEN     UUID_LEN
#define SVC_PAGE_DEFAULT 100
#define SVC_PAGE_MAX     1000

/* 1 if s is a UUID in 8-4-4-4-12 hex form (either case), else 0. */
int svc_is_uuid(const char *s);
/* 1 if s matches ^(PO|VO) [0-9]{2}-[0-9]{2}$, else 0. */
int svc_is_duo_code(const char *s);
/* 1 if s matches ^[0-9]{2}[A-Z0-9]{2}$ (BRIN), else 0. */
int svc_is_brin(const char *s);
/* 1 if s matches ^[0-9]{2}$ (vestiging), else 0. */
int svc_is_vestiging(const char *s);
/* 1 if s matches ^[a-z][a-z0-9_]{0,39}$ (the code of a list value, e.g. a
 * herkomst type or an arrangement type), else 0. */
int svc_is_code(const char *s);
/* 1 if s is a decimal as the reports print one: an optional '-', 1-12
 * digits, optionally '.' and 1-2 decimals ("53.12", "-10", "0.75"), else 0. */
int svc_is_decimal2(const char *s);
/* 1 if s is 9 digits (BSN or onderwijsnummer), else 0. */
int svc_is_national_id(const char *s);
/* 1 if s is 9 digits passing the BSN eleven-test, else 0. */
int svc_bsn_eleven_test(const char *s);
/* 1 if month/day is a day of some year (29 Feb allowed), else 0. */
int svc_valid_month_day(int month, int day);
/* 1 if y-m-d is a real calendar date with 1900 <= y <= 2200, else 0. */
int svc_valid_date(int y, int m, int d);
/* 1 if s is "YYYY-MM-DD" (digits only) and a date as svc_valid_date, else 0:
 * a date column of an import file or a sync record. */
int svc_is_date(const char *s);
/* s (1-8 digits, nothing else: no sign, no space) as a number, else -1: a
 * count column of an import file or a sync record. */
long svc_parse_count(const char *s);

/* 1 if s is a school year "YYYY-YYYY" whose second year follows the first
 * ("2016-2017"), else 0. */
int svc_is_schooljaar(const char *s);
/* What a refused schooljaar is told, after its field's name. */
#define SVC_SCHOOLJAAR_RULE "must be \"YYYY-YYYY\" with consecutive years, e.g. \"2016-2017\""
/* The INVALID_ARGUMENT message for a report's period (schooljaar as
 * svc_is_schooljaar, trimester 0 for the whole year or 1..3), NULL when both
 * are valid. The message is static. */
const char *svc_report_period_error(const char *schooljaar, int trimester);
/* The INVALID_ARGUMENT message for the jaar of the annual accounts and the
 * jaarverslag (a calendar year 1990-2100), NULL when valid. Static. */
const char *svc_jaar_error(int32_t jaar);
/* 1 if s holds a control character (below 0x20), else 0. */
int svc_has_control(const char *s);
/* 1 if s (NULL = "") has min..max bytes and no control character, else 0:
 * a free text field of a request. */
int svc_text_ok(const char *s, size_t min, size_t max);
/* 1 if s is one of the words of list ("a|b|c"), else 0. */
int svc_is_one_of(const char *s, const char *list);

/* Page size: 0 -> SVC_PAGE_DEFAULT; 1..SVC_PAGE_MAX as is; else -1. */
__attribute__((warn_unused_result)) int svc_page_size(int32_t requested);
/* What the key of a paged list is: a decimal id, a UUID, or text (a sort
 * key whose byte order is the list's order, e.g. BRIN + vestiging + id). */
enum svc_page_key { SVC_KEY_NUMBER = 0, SVC_KEY_UUID = 1, SVC_KEY_TEXT = 2 };
/* The longest key a page token carries (bytes), and the token's size for it
 * with its NUL (base64url of "p1:" key). */
#define SVC_PAGE_KEY_MAX   1024
#define SVC_PAGE_TOKEN_MAX (((SVC_PAGE_KEY_MAX + 3 + 2) / 3) * 4 + 1)

/* Encode key (at most SVC_PAGE_KEY_MAX bytes) as an opaque page token into
 * out (base64url of "p1:" key). Returns 0, or -1 if the key is too long or
 * out too small. */
__attribute__((warn_unused_result)) int svc_page_token_encode(const char *key, char *out, size_t outlen);
/* Decode a page token whose key is of this kind (enum svc_page_key: a UUID,
 * a positive decimal number, or non-empty text) into key. Empty token: key
 * "" and 0. Returns 0 or -1 (malformed, not of the kind, or longer than
 * keylen). */
__attribute__((warn_unused_result)) int svc_page_token_decode(const char *token, int kind, char *key,
                                                              size_t keylen);

#endif
