#!/usr/bin/env bash
# test_reports: db_reports, the report calls on a streaming replica
# (pg_replica_start: pg_basebackup -R of the test cluster, hot standby).
# reports_checks.py proves which cluster answers (replay paused on the
# replica), the failover to the primary while the replica is down and the
# return to it; here: the replica never saw a write.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

py_require grpc google.protobuf
pg_start && certs_make && passendd_migrate && passendd_bootstrap && pg_replica_start ||
	{ fail "primary + replica" "could not start"; finish; }
passendd_start --db_reports="$PASSEND_DB_REPLICA" || { fail "passendd_start" "with db_reports"; finish; }
# passendd_start returns once TLS is up; the pools connect on their own
reports_up() { [ "$(grep -c 'event=db.ready pool=reports' "$PASSENDD_LOG")" = 4 ]; }
if wait_for 15 reports_up; then ok "4 report connections up on the replica"; else
	fail "4 report connections up on the replica" "$(grep -c 'event=db.ready pool=reports' "$PASSENDD_LOG") in the log"
fi

if [ "$(id -u)" = 0 ]; then as="cd '$T' && runuser -u ${PASSEND_PG_USER:-postgres} --"; else as="cd '$T' &&"; fi
export REPLICA_STOP_CMD="$as '$PGBIN/pg_ctl' -D '$T/pg-replica' -m fast -w -t 60 stop >>'$T/pg_ctl.log' 2>&1"
export REPLICA_START_CMD="$as '$PGBIN/pg_ctl' -D '$T/pg-replica' -l '$T/pg-replica.log' -o '-p $PG_REPLICA_PORT' -w -t 60 start >>'$T/pg_ctl.log' 2>&1"
py_checks "$(dirname "${BASH_SOURCE[0]}")/reports_checks.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --db "$PASSEND_DB" --owner-db "$PASSEND_DB_OWNER" \
	--super-db "$PASSEND_DB_SUPER" --build "$B" --src "$S" --out "$T/py" \
	--replica-super-db "$PASSEND_DB_REPLICA_SUPER"

# a write sent to the standby would have been refused and logged there
expect_eq "the replica refused no write (no read-only transaction error in its log)" \
	"$(grep -c 'read-only transaction' "$T/pg-replica.log")" 0
finish
