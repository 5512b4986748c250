#!/usr/bin/env bash
# test_ledger: the write ledger under faults, small. ledger_client writes TLV
# aanvragen with request ids through libpassend (retries per D8) while
# PostgreSQL is SIGKILLed and restarted twice and passendd is drained with
# SIGTERM and started again. Then: every acknowledged write is in the
# database with its id, nothing applied twice, a resubmission of every
# unacknowledged write returns the first result, and writes succeed again
# within 2 s of PostgreSQL accepting connections. Full size: bench/ledger.sh.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

client="$B/tests/integration/ledger_client"
[ -x "$client" ] || { fail "ledger_client built" "missing $client"; finish; }
py_require grpc google.protobuf
env_ready
# An acknowledged commit must survive a crash: the harness runs with
# synchronous_commit off (fast, loses the last commits on a crash), so this
# cluster commits synchronously (fsync stays off: a killed process loses
# nothing the kernel holds).
psql_super -c "ALTER SYSTEM SET synchronous_commit = on" -c "SELECT pg_reload_conf()" >/dev/null ||
	fail "synchronous_commit on" "ALTER SYSTEM failed"

L="$T/ledger"
mkdir -p "$L"
ledger() { # CMD ARGS...: tests/integration/ledger.py, its lines as assertions
	py_checks "$S/tests/integration/ledger.py" "$@" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
		--admin-token "$PASSEND_ADMIN_TOKEN" --super-db "$PASSEND_DB_SUPER" --src "$S" --out "$L"
}
ledger setup --pupils 40 || finish
ledger race
now_ms() { date +%s%3N; }
ev() { echo "$1 ${2:-$(now_ms)}" >>"$L/events"; }

"$client" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" --token "$(cat "$L/token.txt")" \
	--pupils "$L/pupils.txt" --log "$L/run.log" --prefix ledger --threads 3 --probe-ms 20 \
	2>"$L/client.err" &
cpid=$!
acks() {
	local n
	n=$(grep -c '^ack' "$L/run.log" 2>/dev/null)
	echo "${n:-0}"
}
acks_over() { [ "$(acks)" -gt "$1" ]; }
wait_for 20 acks_over 20 || fail "writes before the faults" "$(acks) acks; $(cat "$L/client.err")"

for i in 1 2; do
	ev pg_kill
	pg_kill || fail "pg_kill $i" "PostgreSQL did not die"
	sleep 1
	pg_start || { fail "pg_start $i" "PostgreSQL did not restart"; finish; }
	ev pg_ready "$(pg_ready_ms)"
	n=$(acks)
	wait_for 15 acks_over "$n" || fail "writes after restart $i" "no new acks"
	sleep 1
done

ev term
passendd_restart || { fail "passendd_restart" "passendd did not start again"; finish; }
expect_eq "passendd drained and exited 0 on SIGTERM" "$PASSENDD_EXIT" 0
ev up
n=$(acks)
wait_for 15 acks_over "$n" || fail "writes after the passendd restart" "no new acks"
sleep 1

kill -TERM "$cpid"
wait "$cpid"
expect_eq "ledger_client exits 0" "$?" 0

ledger check --phase faults --tenant "$(cat "$L/tenant.txt")" --log "$L/run.log" --min-acks 50
"$client" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" --token "$(cat "$L/token.txt")" \
	--pupils "$L/pupils.txt" --log "$L/resub.log" --prefix ledger --threads 2 --resubmit "$L/run.log" \
	2>>"$L/client.err"
expect_eq "resubmission exits 0" "$?" 0
ledger check --phase final --tenant "$(cat "$L/tenant.txt")" --log "$L/run.log" --resub-log "$L/resub.log"
ledger recovery --log "$L/run.log" --events "$L/events" --max-recovery-ms 2000
finish
