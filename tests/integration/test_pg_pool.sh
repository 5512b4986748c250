#!/usr/bin/env bash
# test_pg_pool: server/pg_pool.c and server/migrate.c against a real private
# PostgreSQL: queries, pipelining, error isolation, prepared statements,
# cancel checks, PostgreSQL stopped (UNAVAILABLE, unhealthy) and restarted
# (healthy again, same pool), plan keys (per-role copies of statements; the
# role in force decides the rows); the same without prepared statements
# (db_statements = unnamed); migrations apply / re-apply / checksum change.
. "$(dirname "$0")/../lib/env.sh"

prog="$B/tests/integration/pg_pool_test"
[ -x "$prog" ] || { fail "pg_pool_test built" "missing $prog"; finish; }

pg_start || { fail "pg_start" "PostgreSQL did not start"; finish; }

# The program stops and starts this cluster itself (same port).
if [ "$(id -u)" = 0 ]; then as="cd '$T' && runuser -u ${PASSEND_PG_USER:-postgres} --"; else as="cd '$T' &&"; fi
export PG_STOP_CMD="$as '$PGBIN/pg_ctl' -D '$PG_DATA' -m fast -w -t 60 stop >>'$T/pg_ctl.log' 2>&1"
export PG_START_CMD="$as '$PGBIN/pg_ctl' -D '$PG_DATA' -l '$T/pg.log' -o '-p $PG_PORT' -w -t 60 start >>'$T/pg_ctl.log' 2>&1"

expect_exit "pg_pool: queries, pipeline, errors, cancel, outage and recovery" 0 \
	"$prog" pool "$PASSEND_DB_OWNER"
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | grep -v '^ok ' | tail -40 >&2

expect_exit "pg_pool with unnamed statements: queries, pipeline, errors, cancel, nothing prepared" 0 \
	"$prog" pool-unnamed "$PASSEND_DB_OWNER"
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | grep -v '^ok ' | tail -40 >&2

expect_exit "migrate: apply, re-apply, new file, checksum change, rollback" 0 \
	"$prog" migrate "$PASSEND_DB_OWNER" "$S/sql/migrations" "$T/migrations"
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | grep -v '^ok ' | tail -40 >&2

finish
