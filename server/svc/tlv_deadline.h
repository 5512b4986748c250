/* tlv_deadline: the legal term of a TLV application (DOMAIN.md §5.2) as
 * pure date arithmetic: calendar days, working days (Monday-Friday; public
 * holidays are not skipped) or weeks after the aanvraagdatum. No I/O. */
#ifndef PASSEND_TLV_DEADLINE_H
#define PASSEND_TLV_DEADLINE_H

/* Units of the legal term; the values of the proto enum TermijnEenheid. */
enum tlv_term_unit {
	TLV_TERM_KALENDERDAGEN = 1,
	TLV_TERM_WERKDAGEN = 2,
	TLV_TERM_WEKEN = 3,
};

/* A proleptic Gregorian calendar date. */
typedef struct tlv_date {
	int year, month, day;
} tlv_date;

/* Days since 1970-01-01 of d (negative before). d must be a valid date. */
long tlv_date_to_days(tlv_date d);
/* The date of days since 1970-01-01. */
tlv_date tlv_days_to_date(long days);
/* Day of the week of d: 1 Monday .. 7 Sunday (ISO). */
int tlv_weekday(tlv_date d);
/* The deadline for an application on `from` with a term of `amount` units:
 * kalenderdagen: from + amount days; weken: from + 7 * amount days;
 * werkdagen: the amount-th Monday-Friday day after `from` (a Saturday or
 * Sunday start counts from the next Monday). Writes *out and returns 0, or
 * -1 for an unknown unit, amount < 0 or amount > 10000. */
int tlv_deadline(tlv_date from, int unit, int amount, tlv_date *out) __attribute__((warn_unused_result));

#endif
