#!/usr/bin/env bash
# test_tokens: missing, malformed, unknown, wrong-secret, expired and revoked tokens are
# UNAUTHENTICATED; a revocation takes effect within 5 s on an open grpcio channel
# (tenancy_checks.py --suite tokens, python grpcio; counts read with psql).
. "$(dirname "$0")/../lib/env.sh"

if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
	fail "python3-grpcio and python3-protobuf for /usr/bin/python3" "import failed"
	finish
fi
env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
[ -n "${PASSEND_ADMIN_TOKEN:-}" ] || { fail "admin token" "passendd admin bootstrap did not run"; finish; }
py_checks "$S/tests/integration/tenancy_checks.py" --suite tokens --server "$PASSEND_SERVER" \
	--ca "$PASSEND_CA" --admin-token "$PASSEND_ADMIN_TOKEN" --super-db "$PASSEND_DB_SUPER" \
	--src "$S" --out "$T/py"

# the bootstrap token: an admin token stored by its id, with a hash only
tid=${PASSEND_ADMIN_TOKEN%%.*}
secret=${PASSEND_ADMIN_TOKEN#*.}
row=$(psql_super -At -c "SELECT role || '|' || (swv_id IS NULL) || '|' || encode(secret_hash, 'hex')
	FROM platform.tokens WHERE id = '$tid'")
expect_match "bootstrap token stored as role admin without tenant" '^admin\|(t|true)\|' "$row"
if [ ${#secret} -ge 43 ]; then ok "bootstrap secret has >= 256 bits (${#secret} chars)"; else
	fail "bootstrap secret length" "${#secret} chars"; fi
case "$row" in *"$secret"*) fail "secret not stored in clear" "$row" ;; *) ok "bootstrap secret not stored in clear" ;; esac
finish
