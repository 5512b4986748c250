#!/usr/bin/env bash
# test_grpcio_client: an independent gRPC implementation (Debian python3-grpcio)
# calls passendd over real TLS: Health/Check, Platform/GetServerInfo and the
# server-streaming WatchServerInfo, status codes, deadlines, and a client that
# does not trust the server's CA. The checks live in grpcio_client.py.
. "$(dirname "$0")/../lib/env.sh"

py_require grpc google.protobuf

env_ready

# A second, unrelated CA: its clients must not trust passendd.
bash "$S/certs/gen-dev-certs.sh" "$T/other-ca" >"$T/other-ca.log" 2>&1 ||
	{ fail "make a second CA" "$(cat "$T/other-ca.log")"; finish; }

py_checks "$S/tests/interop/grpcio_client.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--wrong-ca "$T/other-ca/ca.pem" --src "$S" --out "$T/py"

if kill -0 "$PASSENDD_PID" 2>/dev/null; then ok "passendd still running"; else fail "passendd still running" "it exited"; fi
finish
