#!/usr/bin/env bash
# bench/ledger.sh: the write ledger under faults at full size (the small
# version is tests/integration/test_ledger.sh). ledger_client (libpassend,
# Release) writes TLV aanvragen with request ids from THREADS threads and a
# prober while PostgreSQL is SIGKILLed and restarted KILLS times (down
# 0.5-3 s each) and passendd is drained with SIGTERM and started again
# RESTARTS times. Then every acknowledged write must be in the database,
# nothing applied twice, every unacknowledged one resubmitted with its
# request id and answered with the first result; prints the figures
# (acknowledged, lost, duplicates, recovery after each fault).
#
#   bench/ledger.sh
# Env: THREADS=8 PUPILS=200 KILLS=10 RESTARTS=5 GAP=4 (seconds between
#      faults) SYNC_COMMIT=on (off: the harness's setting, a negative control:
#      a crash then loses acknowledged commits and the ledger must say so)
#      BENCH_OUT=bench/results/ledger-<timestamp>
set -euo pipefail
. "$(dirname "$0")/lib.sh"
THREADS=${THREADS:-8}
PUPILS=${PUPILS:-200}
KILLS=${KILLS:-10}
RESTARTS=${RESTARTS:-5}
GAP=${GAP:-4}
SYNC_COMMIT=${SYNC_COMMIT:-on}
bench_out ledger
OUTDIR=$BENCH_OUT

bench_build build-bench-faults ON passendd ledger_client
set +eu
. "$SRC/tests/lib/env.sh"

env_ready
psql_super -c "ALTER SYSTEM SET synchronous_commit = $SYNC_COMMIT" -c "SELECT pg_reload_conf()" >/dev/null
L=$OUTDIR
: >"$L/events"
ledger() {
	py_checks "$SRC/tests/integration/ledger.py" "$@" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
		--admin-token "$PASSEND_ADMIN_TOKEN" --super-db "$PASSEND_DB_SUPER" --src "$SRC" --out "$L"
}
ledger setup --pupils "$PUPILS" || finish
ev() { echo "$1 ${2:-$(date +%s%3N)}" >>"$L/events"; }

"$B/tests/integration/ledger_client" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--token "$(cat "$L/token.txt")" --pupils "$L/pupils.txt" --log "$L/run.log" --prefix ledger \
	--threads "$THREADS" --probe-ms 10 2>"$L/client.err" &
cpid=$!
t0=$(date +%s)
sleep "$GAP"

# the faults, interleaved: a PostgreSQL crash (down 0.5, 1, ... 3 s), and
# after every second one a passendd drain and restart
k=0 r=0
while [ "$k" -lt "$KILLS" ] || [ "$r" -lt "$RESTARTS" ]; do
	if [ "$k" -lt "$KILLS" ]; then
		k=$((k + 1))
		down=$(awk -v k="$k" 'BEGIN { printf "%.1f", 0.5 + ((k - 1) % 6) * 0.5 }')
		ev pg_kill
		pg_kill || fail "pg_kill $k" "PostgreSQL did not die"
		sleep "$down"
		pg_start || { fail "pg_start $k" "PostgreSQL did not restart"; break; }
		ev pg_ready "$(pg_ready_ms)"
		echo "fault: PostgreSQL SIGKILL $k, down ${down}s"
		sleep "$GAP"
	fi
	if [ "$r" -lt "$RESTARTS" ] && { [ $((k % 2)) = 0 ] || [ "$k" -ge "$KILLS" ]; }; then
		r=$((r + 1))
		ev term
		passendd_restart || { fail "passendd_restart $r" "passendd did not start again"; break; }
		[ "$PASSENDD_EXIT" = 0 ] || fail "passendd drain $r" "exit $PASSENDD_EXIT"
		ev up
		echo "fault: passendd SIGTERM + restart $r"
		sleep "$GAP"
	fi
done
kill -TERM "$cpid"
wait "$cpid"
secs=$(($(date +%s) - t0))

ledger check --phase faults --tenant "$(cat "$L/tenant.txt")" --log "$L/run.log" --min-acks 1000
"$B/tests/integration/ledger_client" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--token "$(cat "$L/token.txt")" --pupils "$L/pupils.txt" --log "$L/resub.log" --prefix ledger \
	--threads 4 --resubmit "$L/run.log" 2>>"$L/client.err"
ledger check --phase final --tenant "$(cat "$L/tenant.txt")" --log "$L/run.log" --resub-log "$L/resub.log"
ledger recovery --log "$L/run.log" --events "$L/events" --max-recovery-ms 2000
echo "run: ${secs}s, $THREADS writer threads + prober, $KILLS PostgreSQL kills, $RESTARTS passendd restarts," \
	"synchronous_commit=$SYNC_COMMIT; logs in $L"
finish
