#!/usr/bin/env bash
# test_tenancy_bad_input: invalid / duplicate DUO codes, unknown scope ids and other tenants' ids
# in request bodies -> INVALID_ARGUMENT / ALREADY_EXISTS / NOT_FOUND with nothing written
# (tenancy_checks.py --suite bad_input, python grpcio; counts read with psql).
. "$(dirname "$0")/../lib/env.sh"

if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
	fail "python3-grpcio and python3-protobuf for /usr/bin/python3" "import failed"
	finish
fi
env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
[ -n "${PASSEND_ADMIN_TOKEN:-}" ] || { fail "admin token" "passendd admin bootstrap did not run"; finish; }
py_checks "$S/tests/integration/tenancy_checks.py" --suite bad_input --server "$PASSEND_SERVER" \
	--ca "$PASSEND_CA" --admin-token "$PASSEND_ADMIN_TOKEN" --super-db "$PASSEND_DB_SUPER" \
	--src "$S" --out "$T/py"
finish
