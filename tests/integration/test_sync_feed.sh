#!/usr/bin/env bash
# test_sync_feed: the change feed passend.v1.Sync/WatchChanges (issue 11
# point 3, D50). sync_feed.py checks who sees what, cursors, the stream limit
# per token and the slow consumer. Then `passend sync watch --cursor-file`
# (libpassend's consumer) follows tenant A while MDOs are made, once across a
# restart of passendd and once across a restart of PostgreSQL: afterwards it
# printed every change of the outbox exactly once (ids counted and compared).
. "$(dirname "$0")/../lib/env.sh"

py_require grpc google.protobuf h2
FEED_FLAGS=(--feed_max_streams_per_token=3 --feed_buffer_bytes=8192 --feed_stall_ms=1000 --feed_heartbeat_ms=500)
env_ready "${FEED_FLAGS[@]}"
ST="$T/feed-state.json"
py() { # phase args...
	local phase=$1
	shift
	py_checks "$S/tests/integration/sync_feed.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
		--admin-token "$PASSEND_ADMIN_TOKEN" --db "$PASSEND_DB" --owner-db "$PASSEND_DB_OWNER" \
		--super-db "$PASSEND_DB_SUPER" --build "$B" --src "$S" --out "$T/py" --state "$ST" --phase "$phase" "$@"
}
py checks || true
[ -f "$ST" ] || { fail "fixture state" "sync_feed.py wrote no $ST"; finish; }
BT=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bestuur"])' "$ST")
SWV=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["swv"])' "$ST")

# ---- the consumer across restarts ----------------------------------------------
CUR="$T/feed.cursor"
FOUT="$T/feed.out"
start_watch() {
	PASSEND_TOKEN=$BT "$B/passend" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" sync watch \
		--cursor-file "$CUR" --output csv >>"$FOUT" 2>>"$T/feed.err" </dev/null &
	WATCH_PID=$!
	echo "$WATCH_PID" >>"$T/.pids"
}
outbox() { # object ids of tenant A's changes, sorted
	psql_super -At -c "SELECT object_id FROM feed.changes WHERE swv_id = '$SWV' ORDER BY 1"
}
printed() { # object ids the consumer printed (CSV: the header row, then cursor,kind,status,object_id,...)
	awk -F, 'NR > 1 && $1 != "cursor" { print $4 }' "$FOUT" | sort
}
wait_all() { # the consumer printed as many changes as the outbox holds
	local i
	for i in $(seq 1 150); do
		[ "$(printed | wc -l)" -ge "$(outbox | wc -l)" ] && return 0
		sleep 0.2
	done
	return 1
}
start_watch
sleep 1
py generate --count 40 &
GEN=$!
sleep 1
passendd_restart "${FEED_FLAGS[@]}" || { fail "passendd restart" "see log"; finish; }
wait "$GEN"
wait_all || fail "the consumer caught up after the passendd restart" "printed $(printed | wc -l), outbox $(outbox | wc -l)"
expect_eq "after a passendd restart: every change printed, none twice" "$(printed | uniq | md5sum)" "$(outbox | md5sum)"
expect_eq "... and none repeated" "$(printed | uniq -d | wc -l)" "0"

listens() { grep -c "event=feed.listen_$1" "$PASSENDD_LOG"; }
L0=$(listens ready) K0=$(listens lost)
py generate --count 40 &
GEN=$!
sleep 1
pg_restart_same_port || { fail "PostgreSQL restart" "see log"; finish; }
wait "$GEN"
wait_all || fail "the consumer caught up after the PostgreSQL restart" "printed $(printed | wc -l), outbox $(outbox | wc -l)"
# the LISTEN connections the restart cut (feed_listen.c on pg_watch.c) reconnected by themselves
lost=$(($(listens lost) - K0))
for _ in $(seq 50); do [ "$(listens ready)" -ge $((L0 + lost)) ] && break; sleep 0.1; done
[ "$lost" -ge 1 ] && [ "$(listens ready)" -ge $((L0 + lost)) ] &&
	ok "the LISTEN connections the PostgreSQL restart cut ($lost) came back" ||
	fail "LISTEN after the PostgreSQL restart" "lost $lost, ready $L0 -> $(listens ready)"
expect_eq "after a PostgreSQL restart: every change printed, none twice" "$(printed | uniq | md5sum)" "$(outbox | md5sum)"
expect_eq "... and none repeated" "$(printed | uniq -d | wc -l)" "0"
n=$(outbox | wc -l)
[ "$n" -ge 85 ] && ok "the outbox holds the generated changes ($n)" || fail "generated changes" "only $n"
grep -q "resuming in" "$T/feed.err" && ok "the consumer reported the interruptions and resumed" ||
	fail "consumer resumed" "$(cat "$T/feed.err")"

# ---- the consumer stops at a signal, keeping its cursor; a restart prints nothing again
kill -TERM "$WATCH_PID"
wait "$WATCH_PID"
expect_eq "passend sync watch exits 0 on SIGTERM" "$?" "0"
before=$(printed | wc -l)
PASSEND_TOKEN=$BT timeout 20 "$B/passend" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" sync watch \
	--cursor-file "$CUR" --count 1 --output csv >"$T/again.out" 2>"$T/again.err" </dev/null &
AG=$!
sleep 2
py generate --count 1
wait "$AG"
expect_eq "resumed from the cursor file it prints only the new change" \
	"$(awk -F, 'NR > 1' "$T/again.out" | wc -l)" "1"
# ---- the vendor example follows the same feed from the start, and stops cleanly at SIGTERM
EX="$B/examples/passend_follow_decisions"
if [ -x "$EX" ]; then
	PASSEND_CA=$PASSEND_CA PASSEND_TOKEN=$BT timeout --preserve-status -s TERM 8 "$EX" "$PASSEND_SERVER" \
		"$T/example.cursor" >"$T/example.out" 2>"$T/example.err" </dev/null
	expect_eq "examples/passend_follow_decisions exits 0 at SIGTERM" "$?" "0"
	expect_eq "... having printed every change of the tenant once" \
		"$(awk '$1 ~ /^(tlv|arrangement|mdo)$/ { print $3 }' "$T/example.out" | sort | md5sum)" "$(outbox | md5sum)"
	expect_eq "... and saved the cursor of the last one" "$(cat "$T/example.cursor")" "$(cat "$CUR")"
	# --push: a CSV export through libpassend's batch-upsert helper, then the feed again
	BRIN=$(psql_super -At -c "SELECT brin FROM bestuur.scholen WHERE swv_id = '$SWV' ORDER BY brin LIMIT 1")
	printf 'external_id,brin,geboortejaar,geslacht\r\nex-1,%s,2016,meisje\r\n"ex-2",%s,"2015",1\r\nex-3,%s,1850,1\r\n' \
		"$BRIN" "$BRIN" "$BRIN" >"$T/export.csv"
	push() {
		PASSEND_CA=$PASSEND_CA PASSEND_TOKEN=$BT timeout --preserve-status -s TERM 4 "$EX" "$PASSEND_SERVER" \
			"$T/example.cursor" --push leerlingen "$T/export.csv" vendor >"$T/push.out" 2>"$T/push.err" </dev/null
	}
	push
	expect_eq "examples/passend_follow_decisions --push exits 0 at SIGTERM" "$?" "0"
	expect_match "... reporting every record" \
		"push leerlingen: 3 records: 2 created, 0 updated, 0 unchanged, 1 errors" "$(cat "$T/push.out")"
	expect_match "... the error with its line and field" "line 4 \\(ex-3\\): geboortejaar" "$(cat "$T/push.out")"
	expect_eq "... the pupils stored by the vendor's ids" "$(psql_super -At -c "SELECT string_agg(external_id || ':' ||
		geboortejaar || ':' || geslacht, ' ' ORDER BY external_id) FROM werkgebied.leerlingen WHERE swv_id = '$SWV'
		AND source_system = 'vendor'")" "ex-1:2016:2 ex-2:2015:1"
	push
	expect_match "the same push again changes nothing (its first answers)" \
		"push leerlingen: 3 records: 2 created, 0 updated, 0 unchanged, 1 errors" "$(cat "$T/push.out")"
	expect_eq "... one ledger row for its one chunk" "$(psql_super -At -c "SELECT count(*) FROM platform.request_ledger
		WHERE swv_id = '$SWV' AND request_id LIKE 'leerlingen-vendor-%'")" "1"
else
	fail "examples/passend_follow_decisions built" "no $EX"
fi

# ---- retention (D53): the purge deletes old changes as a prefix of the cursor order; a
# consumer resumed from before the deleted ones is told to resync, one at the horizon goes on
nth() { # N: the cursor of tenant A's Nth change in cursor order
	psql_super -At -c "SELECT txid || '.' || id FROM feed.changes WHERE swv_id = '$SWV' ORDER BY txid, id
		OFFSET $(($1 - 1)) LIMIT 1"
}
C5=$(nth 5) C10=$(nth 10) C11=$(nth 11) total=$(outbox | wc -l)
psql_super -q -c "UPDATE feed.changes SET changed_at = now() - interval '40 days' WHERE swv_id = '$SWV'
	AND (txid, id) <= ('${C10%.*}'::xid8, ${C10#*.})"
expect_exit "passendd purge (feed_retention_s: 30 days by default)" 0 "$B/passendd" purge --db="$PASSEND_DB"
expect_match "it deletes the ten changes older than that, up to the tenth's cursor" 	"$SWV: 10 change-feed changes deleted \(up to cursor $C10\)" "$OUT"
expect_match "and logs it" "event=retention.feed_purged tenant=$SWV changes=10 horizon=$C10" "$ERR"
expect_eq "the outbox keeps the rest" "$(outbox | wc -l)" "$((total - 10))"
expect_eq "feed.purged holds the horizon" "$(psql_super -At -c "SELECT txid || '.' || id FROM feed.purged
	WHERE swv_id = '$SWV'")" "$C10"
expect_exit "a second purge has nothing to do" 0 "$B/passendd" purge --db="$PASSEND_DB"
expect_eq "... and says so" "$OUT" "nothing to purge"
expect_exit "a consumer resumed from a cursor before the horizon: exit 1 at once, no retry" 1 	env PASSEND_TOKEN="$BT" timeout 20 "$B/passend" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" sync watch 	--since "$C5" --count 1
expect_match "... with OUT_OF_RANGE telling it to resync" "OUT_OF_RANGE.*resync" "$ERR"
expect_exit "a consumer resumed exactly at the horizon goes on" 0 	env PASSEND_TOKEN="$BT" timeout 20 "$B/passend" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" sync watch 	--since "$C10" --count 1 --output csv
expect_eq "... with the first change kept" "$(awk -F, 'NR == 2 { print $1 }' <<<"$OUT")" "$C11"
expect_exit "a consumer from the start (no cursor) gets the oldest kept" 0 	env PASSEND_TOKEN="$BT" timeout 20 "$B/passend" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" sync watch 	--count 1 --output csv
expect_eq "... the same first change" "$(awk -F, 'NR == 2 { print $1 }' <<<"$OUT")" "$C11"

TZ=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["toezicht"])' "$ST")
expect_exit "passend sync watch with a toezicht token: exit 1, PERMISSION_DENIED, no retry" 1 \
	env PASSEND_TOKEN="$TZ" timeout 20 "$B/passend" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" sync watch
expect_match "... naming PERMISSION_DENIED" "PERMISSION_DENIED" "$ERR"
finish
