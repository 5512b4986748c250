#!/usr/bin/env bash
# test_reflection: gRPC server reflection (grpc.reflection v1 and v1alpha,
# bidirectional) of the real passendd over TLS, asked by an independent client
# (python3-grpcio with stubs of reflection.proto only: reflection.py) as
# grpcurl list/describe do, and by libpassend's streaming calls
# (stream_client reflection): every service of `passendd methods` is listed and
# described, and a method can be called with what reflection alone returned.
. "$(dirname "$0")/../lib/env.sh"

py_require grpc google.protobuf
env_ready

py_checks "$S/tests/integration/reflection.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" --build "$B" \
	--src "$S" --out "$T/py"

mapfile -t services < <("$B/passendd" methods | sed -nE 's|.*"path": "/([^/]+)/.*|\1|p' | sort -u)
services+=(grpc.reflection.v1.ServerReflection grpc.reflection.v1alpha.ServerReflection)
checks_of "stream_client reflection" "$B/tests/integration/stream_client" reflection "$PASSEND_SERVER" \
	"$PASSEND_CA" "${services[@]}"
finish
