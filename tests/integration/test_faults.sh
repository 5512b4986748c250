#!/usr/bin/env bash
# test_faults: passendd under failure. PostgreSQL stopped while passendd runs
# (Health NOT_SERVING, calls UNAVAILABLE), PostgreSQL back on the same port
# (service resumes without restarting passendd), and SIGTERM during an
# in-flight streaming call (the call completes, passendd exits 0, new
# connections are refused).
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

env_ready
P="$B/passend"

health_is() { # STATUS: does `passend health` print exactly that status?
	local out
	out=$("$P" health 2>&1 </dev/null)
	[[ "$out" =~ (^|[^_])$1 ]]
}

# Each worker has its own pool that reconnects on its own: "recovered" means
# several health calls in a row (spread over the workers by SO_REUSEPORT) say SERVING.
all_serving() {
	local i
	for i in 1 2 3 4 5 6; do health_is SERVING && ! health_is NOT_SERVING || return 1; done
}

# Behind pgbouncer, Health sees passendd's connection to pgbouncer, which stays
# up while pgbouncer itself is still failing to log in to the restarted
# PostgreSQL: "recovered" there also means calls that reach the database work,
# several in a row.
db_answers() {
	local i
	all_serving || return 1
	for i in 1 2 3 4; do "$P" server info >/dev/null 2>&1 </dev/null || return 1; done
}

expect_exit "health before the fault" 0 "$P" health
expect_match "SERVING before the fault" '(^|[^_])SERVING' "$OUT"
passendd_pid_before=$PASSENDD_PID

# ---- PostgreSQL goes away ------------------------------------------------------------------
pg_stop fast || fail "pg_stop" "PostgreSQL did not stop"
if wait_for 10 health_is NOT_SERVING; then
	ok "health says NOT_SERVING within 10 s of PostgreSQL stopping"
else
	fail "health NOT_SERVING" "$("$P" health 2>&1 </dev/null)"
fi
expect_exit "server info exits 1 while the database is down" 1 "$P" server info
expect_match "server info names UNAVAILABLE" 'UNAVAILABLE' "$OUT$ERR"
if kill -0 "$PASSENDD_PID" 2>/dev/null; then ok "passendd keeps running without its database"; else fail "passendd alive" "passendd exited"; fi

# ---- PostgreSQL comes back on the same port -----------------------------------------------------
pg_start || fail "pg_start" "PostgreSQL did not restart"
if wait_for 30 db_answers; then
	ok "health says SERVING and calls work again within 30 s, same passendd"
else
	fail "health SERVING again" "$("$P" health 2>&1 </dev/null)"
fi
expect_eq "passendd was not restarted" "$PASSENDD_PID" "$passendd_pid_before"
expect_exit "server info works again" 0 "$P" server info --output json
expect_match "server info has the database version" 'databaseVersion' "$OUT"

# a restart through pg_restart_same_port (fast shutdown while idle connections exist)
pg_restart_same_port || fail "pg_restart_same_port" "restart failed"
if wait_for 30 db_answers; then ok "server info works after a second database restart"; else fail "second restart" "$("$P" server info 2>&1 </dev/null)"; fi

# ---- SIGTERM during an in-flight streaming call ----------------------------------------------------
"$P" server watch --count 5 --interval 300ms --output csv >"$T/watch.out" 2>"$T/watch.err" </dev/null &
watch_pid=$!
# wait until the first message has arrived, so the call is surely in flight
for _ in $(seq 1 100); do
	[ "$(grep -c . "$T/watch.out" 2>/dev/null)" -ge 2 ] && break
	sleep 0.05
done
kill -TERM "$PASSENDD_PID"
sleep 0.5
expect_exit "new connection refused while draining" 3 "$P" health
wait "$watch_pid"
watch_rc=$?
expect_eq "in-flight watch call exits 0 across SIGTERM" "$watch_rc" 0
[ "$watch_rc" = 0 ] || echo "watch stderr: $(cat "$T/watch.err")"
expect_eq "in-flight watch call got all 5 messages" "$(tail -n +2 "$T/watch.out" | grep -c .)" 5
passendd_stop 0 # signal 0: only wait for the exit already under way
expect_eq "passendd exits 0 after draining" "$PASSENDD_EXIT" 0
expect_exit "no connections after exit" 3 "$P" health

finish
