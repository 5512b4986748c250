#!/usr/bin/env bash
# test_login_role: passendd serve refuses a login role that could act past
# row level security (docs/decisions.md D36): for each of superuser,
# BYPASSRLS, INHERIT, a BYPASSRLS role it can become, and owning an object,
# the role passendd serves with (passend_app) is changed as the superuser,
# passendd must exit 1 before listening with a server.login_role_refused
# line naming the reason, and serves again once the role is put back.
. "$(dirname "$0")/../lib/env.sh"

pg_start && certs_make && passendd_migrate || { fail "env" "could not set up PostgreSQL"; finish; }
super() { psql_super -Atc "$1" >/dev/null 2>"$T/super.err" || fail "as superuser: $1" "$(cat "$T/super.err")"; }

# serve NAME: passendd serve with passend_app, up to 30 s; sets OUT ERR RC
serve() {
	expect_exit "$1" 1 timeout 30 "$B/passendd" serve --listen_host=127.0.0.1 --port="$(free_port)" --workers=1 \
		--tls_cert="$T/certs/server.pem" --tls_key="$T/certs/server.key" --db="$PASSEND_DB" \
		--migrations_dir="$S/sql/migrations"
}

check_refused() { # WHAT PATTERN: passendd refuses the role, its log line matches PATTERN
	serve "passend_app $1: passendd serve exits 1"
	expect_match "passend_app $1: a server.login_role_refused line says why" \
		"event=server.login_role_refused .*error=\"login role passend_app [^\"]*$2" "$ERR"
	if [[ "$ERR" == *server.start* ]]; then fail "passend_app $1: never served" "$ERR"; else
		ok "passend_app $1: it never started serving"; fi
}

super "ALTER ROLE passend_app SUPERUSER"
check_refused "SUPERUSER" "is a superuser"
super "ALTER ROLE passend_app NOSUPERUSER"

super "ALTER ROLE passend_app BYPASSRLS"
check_refused "BYPASSRLS" "has BYPASSRLS"
super "ALTER ROLE passend_app NOBYPASSRLS"

super "ALTER ROLE passend_app INHERIT"
check_refused "INHERIT" "is INHERIT"
super "ALTER ROLE passend_app NOINHERIT"

super "CREATE ROLE test_bypass NOLOGIN BYPASSRLS"
super "GRANT test_bypass TO passend_app"
check_refused "member of a BYPASSRLS role" "can become test_bypass"
super "REVOKE test_bypass FROM passend_app"

super "CREATE TABLE public.app_owned (x integer)"
super "ALTER TABLE public.app_owned OWNER TO passend_app"
check_refused "owning a table" "owns [0-9]+ object\\(s\\) \\(.*table app_owned"
super "DROP TABLE public.app_owned"

super "ALTER ROLE passend_app SUPERUSER BYPASSRLS INHERIT"
check_refused "with every fault" "is a superuser; has BYPASSRLS; is INHERIT"
super "ALTER ROLE passend_app NOSUPERUSER NOBYPASSRLS NOINHERIT"

if passendd_start; then ok "passend_app as migration 0002 made it: passendd serves"; else
	fail "passendd serves with passend_app restored" "see the log"; fi
finish
