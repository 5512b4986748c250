#!/usr/bin/env bash
# test_sighup: SIGHUP reloads the TLS certificate without a restart. New
# connections get the new certificate (trusted by the new CA, refused with the
# old one); a reload that fails (unreadable key) keeps serving the current
# certificate and says so in the log.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

env_ready
P="$B/passend"

served_fp() { # SHA-256 fingerprint of the certificate passendd presents now
	openssl s_client -connect "127.0.0.1:$PASSEND_PORT" -alpn h2 -servername localhost </dev/null 2>/dev/null |
		openssl x509 -noout -fingerprint -sha256 2>/dev/null
}
file_fp() { openssl x509 -in "$1" -noout -fingerprint -sha256; }

expect_eq "serves the first certificate" "$(served_fp)" "$(file_fp "$T/certs/server.pem")"
pid_before=$PASSENDD_PID

# A new CA and server certificate, installed over the configured files.
bash "$S/certs/gen-dev-certs.sh" "$T/certs2" >/dev/null 2>&1 || fail "second CA" "gen-dev-certs.sh failed"
cp "$T/certs2/server.pem" "$T/certs/server.pem"
cp "$T/certs2/server.key" "$T/certs/server.key"
kill -HUP "$PASSENDD_PID"
new_fp=$(file_fp "$T/certs2/server.pem")
if wait_for 10 bash -c '[ "$(openssl s_client -connect "127.0.0.1:$0" -alpn h2 -servername localhost </dev/null 2>/dev/null |
		openssl x509 -noout -fingerprint -sha256 2>/dev/null)" = "$1" ]' "$PASSEND_PORT" "$new_fp"; then
	ok "new connections get the new certificate after SIGHUP"
else
	fail "reload" "still serving $(served_fp)"
fi
expect_exit "health with the new CA" 0 "$P" --ca "$T/certs2/ca.pem" health
expect_exit "the old CA no longer verifies the server (exit 3)" 3 "$P" --ca "$T/certs/ca.pem" health
expect_match "the refusal names the certificate problem" 'certificate' "$ERR"
expect_eq "same process (no restart)" "$PASSENDD_PID" "$pid_before"

# A reload that cannot work keeps the current certificate.
echo "not a key" >"$T/certs/server.key"
kill -HUP "$PASSENDD_PID"
if wait_for 10 grep -q 'tls.reload_failed' "$PASSENDD_LOG"; then
	ok "a failed reload is logged (tls.reload_failed)"
else
	fail "failed reload logged" "$(tail -5 "$PASSENDD_LOG")"
fi
expect_eq "still serving the last good certificate" "$(served_fp)" "$new_fp"
expect_exit "health still works after a failed reload" 0 "$P" --ca "$T/certs2/ca.pem" health
cp "$T/certs2/server.key" "$T/certs/server.key" # let finish's shutdown be ordinary

finish
