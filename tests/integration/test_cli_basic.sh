#!/usr/bin/env bash
# test_cli_basic: the `passend` CLI against a real passendd over TLS: health,
# server info in every output format, version, --help at every level, exit
# codes (2 usage, 1 server error, 3 connect/TLS), untrusted CA, and the
# precedence of flags over environment over config file.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

env_ready
P="$B/passend"
PY=/usr/bin/python3

want_version=$(sed -n 's/^project(passend VERSION \([0-9.]*\).*/\1/p' "$S/CMakeLists.txt")
want_schema=0
for f in "$S"/sql/migrations/[0-9]*.sql; do
	[ -e "$f" ] || continue
	n=$(basename "$f" | sed 's/^\([0-9]*\).*/\1/')
	n=$((10#$n))
	[ "$n" -gt "$want_schema" ] && want_schema=$n
done
want_pg=$(psql "$PASSEND_DB" -Atc 'show server_version' | cut -d' ' -f1)

# ---- health --------------------------------------------------------------------
expect_exit "health exits 0" 0 "$P" health
expect_match "health prints SERVING" '(^|[^_])SERVING' "$OUT"

# ---- server info: table, json, csv ------------------------------------------------
expect_exit "server info (table) exits 0" 0 "$P" server info --output table
expect_match "table has version $want_version" "version[^[:alnum:]_]+$want_version" "$OUT"
expect_match "table has database version $want_pg" "database_version[^[:alnum:]_]+$want_pg" "$OUT"
expect_match "table has schema version $want_schema" "schema_version[^[:alnum:]_]+$want_schema([^0-9]|$)" "$OUT"

# The server info fields in a json or csv file, against this build and database.
# (python reads the checks from a heredoc, so not through expect_exit, which
# gives the command /dev/null as stdin)
info_fields() { # json|csv FILE
	"$PY" - "$1" "$2" "$want_version" "$want_pg" "$want_schema" >"$T/py.out" 2>&1 <<'EOF'
import csv, json, sys
fmt, path, version, pg, schema = sys.argv[1:6]
if fmt == "json":
    d = json.load(open(path))
else:
    rows = list(csv.reader(open(path, newline="")))
    assert len(rows) == 2, rows
    d = dict(zip(rows[0], rows[1]))
def get(*names):
    for n in names:
        if n in d:
            return d[n]
    raise SystemExit("missing %s in %r" % (names, d))
assert get("version") == version, d
assert str(get("databaseVersion", "database_version")).startswith(pg), d
assert int(get("schemaVersion", "schema_version")) == int(schema), d
if fmt == "json":
    assert int(get("uptimeSeconds", "uptime_seconds")) >= 0, d
    assert get("build"), d
EOF
}

expect_exit "server info --output json exits 0" 0 "$P" server info --output json
printf '%s' "$OUT" >"$T/info.json"
if info_fields json "$T/info.json"; then ok "json fields: version, databaseVersion, schemaVersion"; else fail "json fields" "$(cat "$T/py.out")"; fi

expect_exit "server info --output csv exits 0" 0 "$P" server info --output csv
printf '%s\n' "$OUT" >"$T/info.csv"
if info_fields csv "$T/info.csv"; then ok "csv: header + one row with the fields"; else fail "csv fields" "$(cat "$T/py.out")"; fi

expect_exit "--output xml is a usage error" 2 "$P" server info --output xml

# ---- version ---------------------------------------------------------------------------
expect_exit "version exits 0" 0 "$P" version
expect_match "version prints $want_version" "$want_version" "$OUT"

# ---- --help at every level -----------------------------------------------------------------
for cmd in "" "health" "version" "server" "server info" "server watch"; do
	# shellcheck disable=SC2086
	expect_exit "passend $cmd --help exits 0" 0 "$P" $cmd --help
	expect_match "passend $cmd --help prints usage" '[Uu]sage' "$OUT$ERR"
done

# ---- usage errors: exit 2 ------------------------------------------------------------------
expect_exit "unknown command exits 2" 2 "$P" frobnicate
expect_exit "unknown subcommand exits 2" 2 "$P" server frobnicate
expect_exit "unknown flag exits 2" 2 "$P" --no-such-flag health
expect_exit "no command exits 2" 2 "$P"

# ---- server answers with an error: exit 1 with the code name ------------------------------
expect_exit "invalid argument from the server exits 1" 1 "$P" server watch --count 5000 --interval 0ms
expect_match "error names INVALID_ARGUMENT" 'INVALID_ARGUMENT' "$OUT$ERR"
expect_exit "health of an unknown service exits 1" 1 "$P" health --service no.such.Service
expect_match "error names NOT_FOUND" 'NOT_FOUND' "$OUT$ERR"
expect_exit "health of passend.v1.Platform exits 0" 0 "$P" health --service passend.v1.Platform

# ---- server-streaming call ----------------------------------------------------------------
expect_exit "server watch --count 3 exits 0" 0 "$P" server watch --count 3 --interval 10ms --output csv
expect_eq "server watch prints 3 rows after the header" "$(printf '%s\n' "$OUT" | grep -c "$want_version")" 3

# ---- cannot connect / TLS: exit 3 ---------------------------------------------------------
bash "$S/certs/gen-dev-certs.sh" "$T/other" >/dev/null
expect_exit "untrusted CA exits 3" 3 "$P" --ca "$T/other/ca.pem" health
expect_match "untrusted CA names the certificate" '[Cc]ertificate' "$OUT$ERR"
expect_exit "untrusted CA via env exits 3" 3 env PASSEND_CA="$T/other/ca.pem" "$P" health

dead=$(free_port)
expect_exit "nothing listening exits 3" 3 "$P" --server "127.0.0.1:$dead" health
expect_exit "unresolvable host exits 3" 3 "$P" --server "no-such-host.invalid:443" health

# ---- precedence: flags > environment > config file -------------------------------------------
good="$PASSEND_SERVER"
bad="127.0.0.1:$dead"
mkdir -p "$XDG_CONFIG_HOME/passend"
cfg="$XDG_CONFIG_HOME/passend/config"
printf '# passend CLI config\nserver = %s\nca = %s\n' "$good" "$PASSEND_CA" >"$cfg"
expect_exit "config file alone is enough" 0 env -u PASSEND_SERVER -u PASSEND_CA "$P" health
expect_exit "--config FILE is read" 0 env -u PASSEND_SERVER -u PASSEND_CA XDG_CONFIG_HOME=/nonexistent \
	"$P" --config "$cfg" health
printf 'server = %s\nca = %s\n' "$bad" "$PASSEND_CA" >"$cfg"
expect_exit "environment overrides config file" 0 env PASSEND_SERVER="$good" "$P" health
expect_exit "config file used when env unset" 3 env -u PASSEND_SERVER "$P" health
expect_exit "flag overrides environment (good flag)" 0 env PASSEND_SERVER="$bad" "$P" --server "$good" health
expect_exit "flag overrides environment (bad flag)" 3 env PASSEND_SERVER="$good" "$P" --server "$bad" health
expect_exit "--ca flag overrides PASSEND_CA" 3 env PASSEND_CA="$PASSEND_CA" "$P" --ca "$T/other/ca.pem" health
rm -f "$cfg"

finish
