#!/usr/bin/env bash
# test_bad_input: malformed and hostile input against passendd over real TLS
# (python3-h2 with ALPN h2, see bad_input.py): each case gets the exact result
# the gRPC HTTP/2 protocol asks for, and passendd keeps serving afterwards.
. "$(dirname "$0")/../lib/env.sh"

py_require h2 google.protobuf

# Limits at their defaults (max_concurrent_streams 100, max_message_bytes
# 4 MiB, max_header_bytes 16 KiB): the cases test what a deployment gets.
env_ready
MAIN_PID=$PASSENDD_PID
MAIN_SERVER=$PASSEND_SERVER

py_checks "$S/tests/integration/bad_input.py" --server "$MAIN_SERVER" --ca "$PASSEND_CA" \
	--pid "$MAIN_PID" --src "$S" --out "$T/py" \
	--expect-count-msg "count must be between 1 and 1000 (got 0)"

# A second passendd with a short TLS handshake timeout.
if passendd_start --handshake_timeout_ms=500; then
	py_checks "$S/tests/integration/bad_input.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
		--pid "$PASSENDD_PID" --src "$S" --out "$T/py" --cases handshake_timeout
	passendd_stop
	expect_eq "passendd (handshake timeout 500 ms) exits 0 on SIGTERM" "$PASSENDD_EXIT" 0
else
	fail "passendd_start --handshake_timeout_ms=500" "did not start"
fi

# The first server, after all of it, still serves Health/Check and exits cleanly.
py_checks "$S/tests/integration/bad_input.py" --server "$MAIN_SERVER" --ca "$PASSEND_CA" \
	--pid "$MAIN_PID" --src "$S" --out "$T/py" --cases control
PASSENDD_PID=$MAIN_PID
passendd_stop
expect_eq "passendd exits 0 on SIGTERM after the bad input" "$PASSENDD_EXIT" 0
if grep -Eq 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$PASSENDD_LOG"; then
	fail "no sanitizer report in the passendd log" "$(grep -E -m5 'Sanitizer|runtime error:' "$PASSENDD_LOG")"
else
	ok "no sanitizer report in the passendd log"
fi
finish
