#!/usr/bin/env bash
# tests/lib/run_py.sh DRIVER [ARGS...]: runs one Python scenario driver as a ctest
# case (registered with passend_py_test in tests/CMakeLists.txt). Brings up a
# private PostgreSQL + passendd with an admin token (env.sh env_ready), then runs
#   /usr/bin/python3 DRIVER --server --ca --admin-token --db --owner-db
#                           --super-db --build --src --out ARGS...
# (the common flags of tests/lib/scenario.py). Each "ok - X" / "FAIL - X: why"
# line the driver prints is one assertion (py_checks); finish fails on a
# sanitizer report in passendd's log.
# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

driver=${1:-}
[ -f "$driver" ] || { fail "run_py.sh DRIVER" "no driver '$driver'"; finish; }
shift
py_require grpc google.protobuf
env_ready
py_checks "$driver" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" --admin-token "$PASSEND_ADMIN_TOKEN" \
	--db "$PASSEND_DB" --owner-db "$PASSEND_DB_OWNER" --super-db "$PASSEND_DB_SUPER" \
	--build "$B" --src "$S" --out "$T/py" "$@"
finish
