#!/usr/bin/env bash
# test_call_types: client-streaming and bidirectional calls through a real
# passendd over TLS (passendd-calltest: passendd plus the test-only area
# passend.test.Calls), driven by an independent client (python3-grpcio,
# call_types.py) and by libpassend (stream_client): auth before the handler
# starts, answers before the client is done, deadlines, cancel, message size
# and concurrent-stream limits, and flow control both ways, with passendd's
# memory measured while a handler is slow or a client does not read.
. "$(dirname "$0")/../lib/env.sh"

py_require grpc google.protobuf
PASSENDD_BIN=$B/tests/integration/passendd-calltest
# ASan parks freed memory in a quarantine (256 MiB by default), which would
# hide the bound the memory checks look for; a small one keeps passendd's RSS
# near what it really holds.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
env_ready

py_checks "$S/tests/integration/call_types.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --src "$S" --out "$T/py"
checks_of "stream_client calls" "$B/tests/integration/stream_client" calls "$PASSEND_SERVER" "$PASSEND_CA" \
	"$PASSEND_ADMIN_TOKEN" "$PASSENDD_PID"

# The concurrent-stream limit holds for streaming calls too.
passendd_stop || fail "passendd exits 0 on SIGTERM" "exit $PASSENDD_EXIT"
passendd_start --max_concurrent_streams=4 || { fail "passendd_start --max_concurrent_streams=4"; finish; }
py_checks "$S/tests/integration/call_types.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --src "$S" --out "$T/py" --suite max_streams
finish
