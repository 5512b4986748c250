#!/usr/bin/env bash
# test_mtls: with tls_client_ca set, passendd requires a client certificate
# signed by that CA (mTLS for system integrations): an independent gRPC client
# (python grpcio) and the passend CLI without a certificate, or with one from
# another CA, cannot connect; with a certificate from the configured CA they are
# served.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

pg_start || { fail "PostgreSQL" "did not start"; finish; }
certs_make || { fail "certificates" "gen-dev-certs.sh failed"; finish; }
passendd_migrate || { fail "migrate" "failed"; finish; }
passendd_start --tls_client_ca="$T/certs/ca.pem" || { fail "passendd with tls_client_ca" "did not start"; finish; }
bash "$S/certs/gen-dev-certs.sh" "$T/other" >/dev/null 2>&1 || fail "second CA" "gen-dev-certs.sh failed"

health() { # CLIENT_CERT CLIENT_KEY -> prints SERVING / NOT_SERVING / the gRPC error code
	/usr/bin/python3 - "$PASSEND_SERVER" "$PASSEND_CA" "$@" <<'PY'
import sys
import grpc
target, ca = sys.argv[1], open(sys.argv[2], "rb").read()
cert = open(sys.argv[3], "rb").read() if len(sys.argv) > 3 else None
key = open(sys.argv[4], "rb").read() if len(sys.argv) > 4 else None
creds = grpc.ssl_channel_credentials(root_certificates=ca, private_key=key, certificate_chain=cert)
ch = grpc.secure_channel(target, creds)
check = ch.unary_unary("/grpc.health.v1.Health/Check", request_serializer=bytes,
                       response_deserializer=bytes)
try:
    print("SERVING" if check(b"", timeout=5) == b"\x08\x01" else "NOT_SERVING")
except grpc.RpcError as e:
    print(e.code().name)
PY
}

expect_eq "no client certificate: refused" "$(health)" "UNAVAILABLE"
expect_eq "client certificate from another CA: refused" \
	"$(health "$T/other/client.pem" "$T/other/client.key")" "UNAVAILABLE"
expect_eq "client certificate from the configured CA: served" \
	"$(health "$T/certs/client.pem" "$T/certs/client.key")" "SERVING"

# The CLI (through libpassend's client-certificate option)
P="$B/passend"
expect_exit "passend health without --cert: cannot connect (exit 3)" 3 "$P" health
expect_exit "passend health --cert/--key from the configured CA" 0 \
	"$P" --cert "$T/certs/client.pem" --key "$T/certs/client.key" health
expect_match "prints SERVING" 'SERVING' "$OUT"
expect_exit "the same through PASSEND_CERT / PASSEND_KEY" 0 \
	env PASSEND_CERT="$T/certs/client.pem" PASSEND_KEY="$T/certs/client.key" "$P" health
expect_exit "a certificate from another CA: exit 3" 3 \
	"$P" --cert "$T/other/client.pem" --key "$T/other/client.key" health
expect_exit "--cert without --key is a usage error (exit 2)" 2 "$P" --cert "$T/certs/client.pem" health
if kill -0 "$PASSENDD_PID" 2>/dev/null; then ok "passendd still running"; else fail "passendd alive" "exited"; fi
finish
