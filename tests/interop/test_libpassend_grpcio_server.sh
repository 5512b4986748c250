#!/usr/bin/env bash
# libpassend against an independent gRPC server: Python grpcio over TLS with a
# throwaway CA (tests/interop/grpcio_server.py), driven by the C program
# libpassend_interop (unary, server-, client-streaming and bidirectional calls). Also runs examples/passend_sync_example against it.
set -euo pipefail

B=${PASSEND_BUILD_DIR:?PASSEND_BUILD_DIR not set}
S=${PASSEND_SOURCE_DIR:?PASSEND_SOURCE_DIR not set}
PY=/usr/bin/python3
driver=$B/tests/interop/libpassend_interop
[ -x "$driver" ] || { echo "missing $driver (build the libpassend_interop target)"; exit 1; }

tmp=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# Throwaway CA and server certificate (SAN IP:127.0.0.1, DNS:localhost), and
# an unrelated CA the server's certificate does not chain to.
cd "$tmp"
for ca in ca other; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
		-keyout $ca.key -out $ca.pem -subj "/CN=passend interop $ca CA" 2>/dev/null
done
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key \
	-out server.csr -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' >ext.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
	-extfile ext.cnf -out server.pem 2>/dev/null

# Python modules from the project's .proto files.
mkdir gen
protoc -I"$S/proto" --python_out=gen grpc/health/v1/health.proto passend/v1/common.proto \
	passend/v1/platform.proto

$PY "$S/tests/interop/grpcio_server.py" gen server.pem server.key port >server.log 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
	[ -s port ] && break
	kill -0 "$server_pid" 2>/dev/null || { cat server.log; echo "grpcio server died"; exit 1; }
	sleep 0.1
done
[ -s port ] || { cat server.log; echo "grpcio server did not start"; exit 1; }
port=$(cat port)
echo "grpcio server on 127.0.0.1:$port"

rc=0
"$driver" "127.0.0.1:$port" ca.pem other.pem || rc=$?

example=$B/examples/passend_sync_example
if [ -x "$example" ]; then
	out=$(PASSEND_CA=$tmp/ca.pem PASSEND_TOKEN=interop-token "$example" "127.0.0.1:$port") || {
		echo "example failed: $out"; rc=1; }
	echo "$out"
	grep -q "server version 9.8.7-interop" <<<"$out" || { echo "example output unexpected"; rc=1; }
fi

if [ $rc -ne 0 ]; then
	echo "--- grpcio server log"; cat server.log
fi
exit $rc
