#!/usr/bin/env bash
# gen-dev-certs.sh: makes a development CA and, signed by it, a server
# certificate (localhost, 127.0.0.1, ::1) and a client certificate for mTLS.
# EC P-256 keys via the openssl CLI. For development and tests only.
#
# usage: certs/gen-dev-certs.sh [--force] OUTDIR
#   writes OUTDIR/{ca,server,client}.{pem,key}; keys are mode 600.
#   Idempotent: if all six files exist they are kept unless --force is given.
#   PASSEND_CERT_SANS adds subjectAltNames to the server certificate, e.g.
#   PASSEND_CERT_SANS="DNS:passendd,IP:10.0.0.5" (used by docker/compose.yml).
set -euo pipefail

force=0
out=""
while [ $# -gt 0 ]; do
	case "$1" in
	--force) force=1 ;;
	-h | --help)
		sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	-*) echo "gen-dev-certs.sh: unknown option $1" >&2; exit 2 ;;
	*) out="$1" ;;
	esac
	shift
done
[ -n "$out" ] || { echo "usage: gen-dev-certs.sh [--force] OUTDIR" >&2; exit 2; }

files="ca.pem ca.key server.pem server.key client.pem client.key"
have=0
for f in $files; do [ -s "$out/$f" ] && have=$((have + 1)); done
if [ "$force" = 0 ] && [ "$have" = 6 ]; then
	echo "certificates already present in $out (use --force to replace)"
	exit 0
fi

command -v openssl >/dev/null || { echo "gen-dev-certs.sh: openssl not found" >&2; exit 1; }
mkdir -p "$out"
work=$(mktemp -d "${out%/}/.gen.XXXXXX")
trap 'rm -rf "$work"' EXIT
umask 077

sans="DNS:localhost,IP:127.0.0.1,IP:::1"
if [ -n "${PASSEND_CERT_SANS:-}" ]; then sans="$sans,$PASSEND_CERT_SANS"; fi

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
serial() { echo "0x$(openssl rand -hex 16)"; }

# CA
newkey "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -sha256 -days 3650 \
	-subj "/O=passend development/CN=passend development CA" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" \
	-addext "subjectKeyIdentifier=hash" \
	-out "$work/ca.pem"

# sign NAME CN EXTENSIONS
sign() {
	local name="$1" cn="$2" ext="$3"
	newkey "$work/$name.key"
	openssl req -new -key "$work/$name.key" -subj "/O=passend development/CN=$cn" \
		-out "$work/$name.csr"
	printf '%s\n' "$ext" >"$work/$name.ext"
	openssl x509 -req -in "$work/$name.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
		-set_serial "$(serial)" -days 825 -sha256 -extfile "$work/$name.ext" \
		-out "$work/$name.pem" 2>/dev/null
}

sign server localhost "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$sans
authorityKeyIdentifier=keyid
subjectKeyIdentifier=hash"

sign client passend-dev-client "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
authorityKeyIdentifier=keyid
subjectKeyIdentifier=hash"

openssl verify -CAfile "$work/ca.pem" "$work/server.pem" "$work/client.pem" >/dev/null

chmod 600 "$work"/*.key
chmod 644 "$work"/*.pem
for f in $files; do mv -f "$work/$f" "$out/$f"; done
echo "wrote development CA, server and client certificates to $out"
