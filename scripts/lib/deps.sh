# shellcheck shell=bash
# scripts/lib/deps.sh: installs the Debian packages passend needs to build,
# test and run the demo, but only those missing (checked with dpkg-query).
# Sourced by scripts/demo and scripts/test; `bash scripts/lib/deps.sh` runs it
# alone. Root installs with apt-get; others use sudo if present, else the
# function prints the command to run and returns 1.

PASSEND_DEB_PACKAGES="build-essential cmake pkg-config git libuv1-dev libssl-dev
libnghttp2-dev libprotobuf-c-dev protobuf-c-compiler protobuf-compiler libpq-dev
postgresql-15 libcmocka-dev python3-grpcio python3-protobuf python3-h2
nghttp2-client openssl ca-certificates procps iproute2 util-linux pgbouncer
chromium poppler-utils"

# deps_missing: print the packages of PASSEND_DEB_PACKAGES not installed.
deps_missing() {
	local p st
	for p in $PASSEND_DEB_PACKAGES; do
		st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$st" = installed ] || printf '%s ' "$p"
	done
}

# deps_install: install what is missing. Returns 0 when everything is there.
deps_install() {
	local missing sudo=""
	if ! command -v dpkg-query >/dev/null 2>&1; then
		echo "deps: not a Debian system; install the equivalents of: $PASSEND_DEB_PACKAGES" >&2
		return 0
	fi
	missing=$(deps_missing)
	[ -n "$missing" ] || return 0
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			sudo="sudo"
		else
			echo "deps: missing packages; as root run:" >&2
			echo "  apt-get update && apt-get install -y $missing" >&2
			return 1
		fi
	fi
	echo "deps: installing $missing"
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing || return 1
	missing=$(deps_missing)
	if [ -n "$missing" ]; then
		echo "deps: still missing after install: $missing" >&2
		return 1
	fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	deps_install
	exit $?
fi
