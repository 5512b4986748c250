#!/usr/bin/env bash
# test_deelname: deelnamepercentages (issue 4): counts in, percentages out
# (SQL numeric, half-up at .005, empty denominator), per gemeente and per
# bestuur, landelijk figure and difference, suppression for toezicht
# (test_deelname.py, python grpcio).
. "$(dirname "$0")/../lib/env.sh"

if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
	fail "python3-grpcio and python3-protobuf for /usr/bin/python3" "import failed"
	finish
fi
env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
[ -n "${PASSEND_ADMIN_TOKEN:-}" ] || { fail "admin token" "passendd admin bootstrap did not run"; finish; }
py_checks "$S/tests/integration/test_deelname.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --src "$S" --out "$T/py"

# the report function computes in numeric: half-up where float would round 0.125 down to 0.12
v=$(psql_owner -At -c "SELECT round(1 * 100.0 / 800, 2)::text")
expect_eq "numeric round(0.125, 2)" "$v" "0.13"
finish
