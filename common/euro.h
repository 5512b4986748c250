/* euro: amounts of money as a person types them, shared by the CSV import
 * (server) and the CLI: euros with at most 2 decimals into exact cents. */
#ifndef PASSEND_EURO_H
#define PASSEND_EURO_H

#include <stdint.h>

/* The largest amount accepted: EUR 1,000,000,000 in cents. */
#define EURO_MAX_CENTS 100000000000LL

/* Parse euros ("1234", "-1234.5", "1234,56": a decimal point or comma, at
 * most 2 decimals, no thousands separators, at most EURO_MAX_CENTS) into
 * *cents. Returns 0, or -1 (and *cents untouched) for anything else. */
__attribute__((warn_unused_result)) int euro_parse_cents(const char *s, int64_t *cents);

#endif
