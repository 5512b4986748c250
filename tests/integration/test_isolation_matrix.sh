#!/usr/bin/env bash
# test_isolation_matrix: every RPC from `passendd methods` x every role (and no
# token) x own tenant in scope / out of scope / other tenant -> the exact gRPC
# code of the issue-3 contract (isolation_matrix.py, python grpcio). A method
# the matrix has no request builder for fails the test.
. "$(dirname "$0")/../lib/env.sh"

if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
	fail "python3-grpcio and python3-protobuf for /usr/bin/python3" "import failed"
	finish
fi
env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
[ -n "${PASSEND_ADMIN_TOKEN:-}" ] || { fail "admin token" "passendd admin bootstrap did not run"; finish; }

if methods_json "$T/methods.json"; then
	ok "passendd methods exits 0"
else
	fail "passendd methods" "$(cat "$T/methods.json.err")"
	finish
fi
py_checks "$S/tests/integration/isolation_matrix.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --src "$S" --out "$T/py" --methods-json "$T/methods.json"
finish
