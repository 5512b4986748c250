#!/usr/bin/env bash
# test_audit: every pupil-level call and admin action leaves exactly one audit row with
# its principal and outcome (failed calls with their code); ListAuditEvents per role
# (tenancy_checks.py --suite audit, python grpcio; counts read with psql).
. "$(dirname "$0")/../lib/env.sh"

if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
	fail "python3-grpcio and python3-protobuf for /usr/bin/python3" "import failed"
	finish
fi
env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
[ -n "${PASSEND_ADMIN_TOKEN:-}" ] || { fail "admin token" "passendd admin bootstrap did not run"; finish; }
py_checks "$S/tests/integration/tenancy_checks.py" --suite audit --server "$PASSEND_SERVER" \
	--ca "$PASSEND_CA" --admin-token "$PASSEND_ADMIN_TOKEN" --super-db "$PASSEND_DB_SUPER" \
	--src "$S" --out "$T/py"
finish
