#!/usr/bin/env bash
# test_pgbouncer: passendd behind Debian's PgBouncer 1.18 in transaction mode
# (tests/lib/env.sh pgbouncer_start) with db_statements = unnamed: pipelined
# calls of two tenants stay apart, no server session keeps a role, setting or
# prepared statement (pgbouncer_checks.py); and the same PgBouncer breaks
# db_statements = named (a second client's prepare meets the first one's
# statements on a shared server session), which is why the setting exists.
# The other scenarios run through PgBouncer too: ctest's integration.pgbouncer_*.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

py_require grpc google.protobuf
PASSEND_PGBOUNCER=1
env_ready
# passendd_start returns once TLS is up; the pool connects on its own
unnamed_up() { [ "$(grep -c 'event=db.ready pool=primary .*statements=unnamed' "$PASSENDD_LOG")" = 4 ]; }
if wait_for 15 unnamed_up; then ok "passendd's 4 connections are up through PgBouncer, unnamed"; else
	fail "passendd's 4 connections through PgBouncer" "$(grep -c 'event=db.ready' "$PASSENDD_LOG") db.ready lines"
fi
expect_match "passendd's db is PgBouncer's port" "port=$PGBOUNCER_PORT " "$PASSEND_DB_POOLED"

py_checks "$(dirname "${BASH_SOURCE[0]}")/pgbouncer_checks.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --db "$PASSEND_DB" --owner-db "$PASSEND_DB_OWNER" \
	--super-db "$PASSEND_DB_SUPER" --build "$B" --src "$S" --out "$T/py" --pooled-db "$PASSEND_DB_POOLED"

# Named statements through the same PgBouncer (last: they stay behind on the
# server sessions, which is the problem): 4 connections prepare the same names
# on 2 shared server sessions, so at least one finds them already there.
passendd_start --db_statements=named || fail "passendd_start named" "did not start"
if wait_for 20 grep -q 'event=db.conn_lost .*prepare failed: prepared statement .* already exists' "$PASSENDD_LOG"; then
	ok "db_statements = named behind PgBouncer: a prepare meets another client's statements"
else
	fail "named behind PgBouncer" "no 'already exists' prepare failure in the log"
fi
finish
