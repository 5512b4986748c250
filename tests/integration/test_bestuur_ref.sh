#!/usr/bin/env bash
# test_bestuur_ref: reference data of the bestuur area (issue 4): CRUD,
# validation, duplicates, isolation and roles for schoolbesturen, gemeenten,
# herkomst types and the new school fields
# (test_bestuur_ref.py, python grpcio).
. "$(dirname "$0")/../lib/env.sh"

if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
	fail "python3-grpcio and python3-protobuf for /usr/bin/python3" "import failed"
	finish
fi
env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
[ -n "${PASSEND_ADMIN_TOKEN:-}" ] || { fail "admin token" "passendd admin bootstrap did not run"; finish; }
py_checks "$S/tests/integration/test_bestuur_ref.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --src "$S" --out "$T/py"

finish
