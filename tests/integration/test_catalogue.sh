#!/usr/bin/env bash
# test_catalogue: the query catalogue against a freshly migrated database:
# every statement passendd prepares (core and service areas, from the tables
# the server uses) prepares as the server's login role, and every resource
# method fits its statement (parameters, result columns, page key). A broken
# statement fails here, not when passendd connects (catalogue_test.c).
. "$(dirname "$0")/../lib/env.sh"

prog="$B/tests/integration/catalogue_test"
[ -x "$prog" ] || { fail "catalogue_test built" "missing $prog"; finish; }
pg_start && passendd_migrate || { fail "pg_start + passendd_migrate" "could not migrate"; finish; }

expect_exit "every statement prepares, every resource method fits its statement" 0 "$prog" "$PASSEND_DB"
printf '%s\n' "$OUT" | grep -E '^FAIL|checks, ' >&2
finish
