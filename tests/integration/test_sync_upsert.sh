#!/usr/bin/env bash
# test_sync_upsert: the request ledger and Sync/UpsertRecords (issue 11,
# docs/decisions.md D49): sync_upsert.py's first phase (outcomes, repeats,
# reuse, the ledger on other methods, bad input, isolation), a restart of
# passendd, then its second phase (repeats answered with the first answers).
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

py_require grpc google.protobuf
env_ready
run() {
	py_checks "$S/tests/integration/sync_upsert.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
		--admin-token "$PASSEND_ADMIN_TOKEN" --db "$PASSEND_DB" --owner-db "$PASSEND_DB_OWNER" \
		--super-db "$PASSEND_DB_SUPER" --build "$B" --src "$S" --out "$T/py" --state "$T/state.json" "$@"
}
run --phase first || finish
passendd_restart || { fail "passendd_restart" "passendd did not start again"; finish; }
run --phase restart
finish
