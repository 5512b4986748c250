#!/usr/bin/env bash
# bench/sync_upsert_bench.sh: bulk upsert of pupils through libpassend's
# batch helper (`passend sync upsert`, D49: chunks of CHUNK records, one
# UpsertRecords call and transaction each, through the request ledger) in
# records/s, against PostgreSQL's own COPY of the same rows into the same
# table as the bound. Release build, private cluster (tests/lib/env.sh),
# passendd with PASSENDD_WORKERS workers. ROUNDS alternating rounds (upsert
# N new pupils, then COPY N new pupils), the median of each: wall time, and
# the CPU time of every process of the path (the CLI or psql, passendd, all
# PostgreSQL processes including exited backends), which a busy shared
# machine disturbs much less than the wall clock.
#
#   bench/sync_upsert_bench.sh
# Env: N=50000 CHUNK=2000 IN_FLIGHT=3 (chunks on their way at once) ROUNDS=3
#      BENCH_BUILD=<existing Release build>
set -euo pipefail
. "$(dirname "$0")/lib.sh"
N=${N:-50000}
CHUNK=${CHUNK:-2000}
IN_FLIGHT=${IN_FLIGHT:-3}
ROUNDS=${ROUNDS:-3}

bench_out sync_upsert
bench_build build-bench-sync OFF passendd passend
set +eu
. "$SRC/tests/lib/env.sh"
env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
P="$B/passend"
TA=$("$P" --token "$PASSEND_ADMIN_TOKEN" admin tenant create --name "Sync Bench" --duo-code "PO 98-02" \
	--output json | bench_json id)
BT=$("$P" --token "$PASSEND_ADMIN_TOKEN" admin token create --role bestuur --tenant "$TA" --output json |
	bench_json token)
[ -n "$BT" ] || { fail "bestuur token" "not created"; finish; }
W=eeeeeeee-0000-4000-8000-000000000001
psql_super -q -c "INSERT INTO werkgebied.werkgebieden (swv_id, id, name) VALUES ('$TA', '$W', 'wg')" \
	-c "INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id)
	    SELECT '$TA', gen_random_uuid(), lpad(i::text, 2, '0') || 'BE', '00', 'school ' || i, 1, '$W'
	    FROM generate_series(10, 49) i" >/dev/null
SCHOOL=$(psql_super -At -c "SELECT id FROM bestuur.scholen WHERE swv_id = '$TA' ORDER BY brin LIMIT 1")
bench_env "N=$N CHUNK=$CHUNK IN_FLIGHT=$IN_FLIGHT ROUNDS=$ROUNDS workers=${PASSENDD_WORKERS:-2}"
bench_loadavg before

gen() { # ROUND: the CSV for the upsert and the COPY rows of the same pupils
	/usr/bin/python3 - "$T/up$1.csv" "$T/copy$1.txt" "$N" "$1" "$TA" "$SCHOOL" "$W" <<-'PY'
		import sys, uuid
		up, cp, n, r, ta, school, wg = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
		with open(up, "w") as f:
		    f.write("external_id,school_id,geboortejaar,geslacht\n")
		    for i in range(n):
		        f.write("r%s-%d,%s,%d,%d\n" % (r, i, school, 2008 + i % 10, 1 + i % 2))
		with open(cp, "w") as f:
		    for i in range(n):
		        f.write("%s\t%s\t%s\t%s\tcopy%s\tr%s-%d\t%d\t%d\n" % (ta, uuid.uuid4(), school, wg, r, r, i, 2008 + i % 10, 1 + i % 2))
	PY
}
ms() { date +%s%3N; }
PM=$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null)
cpu_ms() { # CPU ms so far of passendd and PostgreSQL (exited backends: in the postmaster's children times)
	local pids="$PASSENDD_PID $PM $(ps -o pid= --ppid "$PM" | tr '\n' ' ')" tck
	tck=$(getconf CLK_TCK)
	for p in $pids; do cut -d' ' -f14-17 "/proc/$p/stat" 2>/dev/null; done |
		awk -v t="$tck" '{s += $1 + $2 + $3 + $4} END {printf "%d", s * 1000 / t}'
}
pd_ms() { cut -d' ' -f14-15 "/proc/$PASSENDD_PID/stat" | awk -v t="$(getconf CLK_TCK)" '{printf "%d", ($1 + $2) * 1000 / t}'; }
tcpu() { # CMD...: run it, add its CPU ms (user + system) to CLIENT_MS
	/usr/bin/time -f "%U %S" -o "$T/time.out" "$@"
	local rc=$?
	CLIENT_MS=$(awk '{printf "%d", ($1 + $2) * 1000}' "$T/time.out")
	return $rc
}
for r in $(seq 1 "$ROUNDS"); do
	gen "$r"
	c0=$(cpu_ms) t0=$(ms) p0=$(pd_ms)
	tcpu "$P" --token "$BT" --timeout 10m sync upsert leerlingen "$T/up$r.csv" --source-system "bench$r" \
		--chunk "$CHUNK" --in-flight "$IN_FLIGHT" --output csv >"$T/up$r.out" 2>"$T/up$r.err" ||
		{ fail "upsert round $r" "$(cat "$T/up$r.err")"; finish; }
	t1=$(ms) c1=$(cpu_ms) ucl=$CLIENT_MS p1=$(pd_ms)
	tcpu "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$PASSEND_DB_SUPER" -c "\\copy werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id, geboortejaar, geslacht) FROM '$T/copy$r.txt'" ||
		{ fail "copy round $r" "psql"; finish; }
	t2=$(ms) c2=$(cpu_ms) ccl=$CLIENT_MS
	# every record of the round created, none refused: a faster run that dropped records is no result
	expect_match "upsert round $r: all $N records created" "$N records: $N aangemaakt, 0 bijgewerkt, 0 ongewijzigd, 0 fout" "$(tail -n1 "$T/up$r.err")"
	echo "round $r: upsert $((t1 - t0)) ms wall, CPU ms client $ucl + server $((c1 - c0)) (passendd $((p1 - p0))); copy $((t2 - t1)) ms wall, CPU ms psql $ccl + server $((c2 - c1)) ($(tail -n1 "$T/up$r.err"))" |
		tee -a "$BENCH_OUT/rounds.txt"
	echo "$((t1 - t0)) $((t2 - t1)) $((ucl + c1 - c0)) $((ccl + c2 - c1))" >>"$T/times"
done
bench_loadavg after
/usr/bin/python3 - "$T/times" "$N" <<'PY' | tee "$BENCH_OUT/summary.txt"
import statistics, sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
n = int(sys.argv[2])
up, cp = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
upc, cpc = statistics.median(r[2] for r in rows), statistics.median(r[3] for r in rows)
print("medians of %d rounds, %d records each" % (len(rows), n))
print("upsert through libpassend: %7.0f records/s wall, %7.0f records per CPU second" % (n * 1000 / up, n * 1000 / upc))
print("COPY of the same rows:     %7.0f records/s wall, %7.0f records per CPU second" % (n * 1000 / cp, n * 1000 / cpc))
print("upsert / COPY:             %7.2f wall,          %7.2f CPU" % (cp / up, cpc / upc))
PY
finish
