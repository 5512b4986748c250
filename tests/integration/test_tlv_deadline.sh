#!/usr/bin/env bash
# test_tlv_deadline: the legal term of a TLV application, bestuur.tlv_deadline
# (sql/functions/bestuur_tlv_deadline.sql, the one implementation of the
# rule), against a freshly migrated database: calendar days, working days
# across weekends, weeks and leap years, the same cases and values the unit
# test of the former C implementation asserted, and bad units and terms.
. "$(dirname "$0")/../lib/env.sh"

pg_start && passendd_migrate || { fail "pg_start + passendd_migrate" "could not migrate"; finish; }

# from, unit (1 kalenderdagen, 2 werkdagen, 3 weken), term, expected deadline, what
cases="2017-02-20 1 10 2017-03-02 calendar days
2016-02-20 1 10 2016-03-01 calendar days over a leap day
2016-12-25 1 42 2017-02-05 calendar days over a year end
2017-03-04 1 0 2017-03-04 zero calendar days
2016-12-08 3 6 2017-01-19 weeks
2016-02-01 3 4 2016-02-29 weeks in a leap year
2015-02-01 3 4 2015-03-01 weeks in a common year
2017-03-03 2 1 2017-03-06 Fri + 1 working day = Mon
2017-03-02 2 3 2017-03-07 Thu + 3 = Tue
2017-03-04 2 1 2017-03-06 Sat + 1 = Mon
2017-03-05 2 5 2017-03-10 Sun + 5 = Fri
2017-03-06 2 5 2017-03-13 Mon + 5 = Mon
2017-03-03 2 10 2017-03-17 Fri + 10 = Fri
2016-02-26 2 1 2016-02-29 the leap day is a Monday
2017-03-06 2 0 2017-03-06 zero working days"
while read -r from unit n want what; do
	got=$(psql_owner -At -c "SELECT bestuur.tlv_deadline('$from', $unit, $n)" 2>&1)
	expect_eq "tlv_deadline($from, $unit, $n): $what" "$got" "$want"
done <<<"$cases"

# the calendar facts the rule stands on (weekday numbering, leap years)
got=$(psql_owner -At -c "SELECT extract(isodow FROM date '2017-03-04'), extract(isodow FROM date '2017-03-06'),
	extract(isodow FROM date '2016-02-29'), date '2000-03-01' - date '2000-02-28',
	date '2100-03-01' - date '2100-02-28', date '1970-01-01' - date 'epoch'")
expect_eq "Saturday 6, Monday 1, 2016-02-29 a Monday; 2000 leap, 2100 not; the epoch" "$got" "6|1|1|2|1|0"

# working days against counting day by day, from every day of 2015-12-01 ..
# 2016-03-31 (weekends, a year end, a leap day) for 0 to 40 days
got=$(psql_owner -At -c "
	SELECT count(*) FROM generate_series(date '2015-12-01', date '2016-03-31', interval '1 day') s (d),
	     generate_series(0, 40) n
	WHERE bestuur.tlv_deadline(s.d::date, 2, n) IS DISTINCT FROM
	      CASE WHEN n = 0 THEN s.d::date
	      ELSE (SELECT x::date FROM generate_series(s.d + interval '1 day', s.d + interval '100 days',
	                                                interval '1 day') x
	            WHERE extract(isodow FROM x) <= 5 ORDER BY x OFFSET n - 1 LIMIT 1) END")
expect_eq "working days equal counting day by day (5002 cases)" "$got" "0"

# bad units and terms are refused (SQLSTATE 22023), never a date
for bad in "0 5" "4 5" "3 -1" "3 10001"; do
	set -- $bad
	expect_exit "tlv_deadline(2017-01-01, $1, $2) is refused" 1 \
		psql_owner -v VERBOSITY=verbose -c "SELECT bestuur.tlv_deadline('2017-01-01', $1, $2)"
	expect_match "  with SQLSTATE 22023" "22023" "$ERR"
done

# the one implementation: no other deadline helper is left in the database
got=$(psql_owner -At -c "SELECT count(*) FROM pg_proc WHERE proname = 'import_add_werkdagen'")
expect_eq "the import's own working-day helper is gone" "$got" "0"

finish
