#!/usr/bin/env bash
# test_tlv_workflow: the TLV workflow (issue 4): transitions with exact codes,
# consent/checklist refusals, school scope, deadlines, events and audit
# (tlv_workflow.py, python grpcio).
. "$(dirname "$0")/../lib/env.sh"

if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
	fail "python3-grpcio and python3-protobuf for /usr/bin/python3" "import failed"
	finish
fi
env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
py_checks "$S/tests/integration/tlv_workflow.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --super-db "$PASSEND_DB_SUPER" --src "$S" --out "$T/py"
finish
