#!/usr/bin/env bash
# test_grpcio_client: an independent gRPC implementation (Debian python3-grpcio)
# calls passendd over real TLS: Health/Check, Platform/GetServerInfo and the
# server-streaming WatchServerInfo, status codes, deadlines, and a client that
# does not trust the server's CA. The checks live in grpcio_client.py.
. "$(dirname "$0")/../lib/env.sh"

PY=/usr/bin/python3
if ! "$PY" -c 'import grpc, google.protobuf' 2>/dev/null; then
	fail "python3-grpcio and python3-protobuf are installed for $PY" "import failed"
	finish
fi

env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }

# A second, unrelated CA: its clients must not trust passendd.
bash "$S/certs/gen-dev-certs.sh" "$T/other-ca" >"$T/other-ca.log" 2>&1 ||
	{ fail "make a second CA" "$(cat "$T/other-ca.log")"; finish; }

# run_py SCRIPT ARGS...: each "ok - X" / "FAIL - X: why" line becomes one
# assertion; a script that dies without saying why is a failure too.
run_py() {
	local rc line nfail=0
	"$PY" "$@" >"$T/py.out" 2>"$T/py.err"
	rc=$?
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) ok "${line#ok - }" ;;
		"FAIL - "*) fail "${line#FAIL - }"; nfail=$((nfail + 1)) ;;
		*) printf '%s\n' "$line" ;;
		esac
	done <"$T/py.out"
	if [ "$rc" != 0 ] && [ "$nfail" = 0 ]; then
		fail "$(basename "$1") ran to the end" "exit $rc: $(tail -n 20 "$T/py.err")"
	fi
}

run_py "$S/tests/interop/grpcio_client.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--wrong-ca "$T/other-ca/ca.pem" --src "$S" --out "$T/py"

if kill -0 "$PASSENDD_PID" 2>/dev/null; then ok "passendd still running"; else fail "passendd still running" "it exited"; fi
finish
