#!/usr/bin/env bash
# Trimesterrapportage profile (issue 10): where the report statement's time goes. Loads the
# data of bench/trimester_bench.sh (same env: TENANTS, PER_WG, YEARS, LINES, SCHOOLJAAR), then
# for one tenant as bestuur: EXPLAIN (ANALYZE, BUFFERS) of the catalogue statement
# `rapportage_trimester.report` (the RPC's one statement, parameters inlined) and pgbench
# (c=1, prepared) of that statement and of bestuur.trimester_cellen alone, so the cells and
# their folding into the reply can be told apart (both in the same minute: the machine may be
# busy; the load average is printed).
#   YEARS=2 SCHOOLJAAR=2013-2014 bench/trimester_profile.sh     (PROFILE_N=60 calls per case)
#   PROFILE_EXPLAIN="thuiszitters werkgebieden": also auto_explain (nested, ANALYZE) of those
#   sections' functions, in explain-SECTION.txt
# Results: $BENCH_OUT/profile.txt, explain-report.txt. The cluster is removed at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TENANTS=${TENANTS:-150} PER_WG=${PER_WG:-600} YEARS=${YEARS:-5} LINES=${LINES:-60} SJ=${SCHOOLJAAR:-2016-2017}
N=${PROFILE_N:-60}
bench_out trimester-profile
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$SRC/tests/lib/env.sh"
bench_serve "$SRC/sql/migrations"
say "creating $TENANTS tenants, loading the data"
bench_tenants "$TENANTS"
psql_super -v per_year=500 -v years="$YEARS" -f "$HERE/tlv_bench_data.sql" >"$BENCH_OUT/data.txt"
psql_super -v per_wg="$PER_WG" -v years="$YEARS" -f "$HERE/arrangement_bench_data.sql" >>"$BENCH_OUT/data.txt"
psql_super -v lines="$LINES" -v years="$YEARS" -f "$HERE/finance_bench_data.sql" >>"$BENCH_OUT/data.txt"
psql_super -c "VACUUM ANALYZE" >/dev/null

# the catalogue statement with its parameters inlined
stmt=$(awk '/^-- name: report /{f=1; next} f && /^-- name:/{exit} f' "$SRC/server/sql/rapportage_trimester.sql" |
	sed -e 's/--.*$//' -e "s/\\\$1/'$SJ'/g" -e 's/\$2/2/g' -e 's/\$3/false/g' -e 's/\$4/false/g')
# pgbench reads ":name" as a variable, also inside a string: the JSON keys' colons ('"waarde":')
# are spelled chr(58) for it (the same text)
stmt_pgb=${stmt//\":/\"\' || chr(58) || \'}
principal="SELECT set_config('role', 'passend_bestuur', true), set_config('passend.swv_id', '$tenant', true), set_config('passend.scope', '', true), set_config('passend.token_id', '${tok%%.*}', true), set_config('passend.role', 'bestuur', true);"
psql_super >"$BENCH_OUT/explain-report.txt" 2>&1 <<SQL
BEGIN;
$principal
EXPLAIN (ANALYZE, BUFFERS) $stmt;
COMMIT;
SQL
run() { # NAME SQL: pgbench c=1 N calls; p50/p90
	printf '\\startpipeline\n%s\n%s;\n\\endpipeline\n' "$principal" "$2" >"$T/$1.sql"
	local pgb=$PGBIN/pgbench
	[ -x "$pgb" ] || pgb=/usr/lib/postgresql/15/bin/pgbench
	(cd "$T" && "$pgb" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$T/$1.sql" -c 1 -t 5 passend >/dev/null 2>&1)
	(cd "$T" && taskset -c 0 "$pgb" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$T/$1.sql" \
		-c 1 -j 1 -t "$N" -l --log-prefix="$T/pgb-$1" passend >"$BENCH_OUT/pgbench-$1.txt" 2>&1)
	cat "$T/pgb-$1".* | /usr/bin/python3 -c '
import sys
v = sorted(int(l.split()[2]) for l in sys.stdin if l.strip())
p = lambda q: v[min(len(v) - 1, int(q * len(v)))] / 1000
print("%s: n=%d p50=%.1fms p90=%.1fms" % (sys.argv[1], len(v), p(.5), p(.9)))' "$1"
}
for sec in ${PROFILE_EXPLAIN:-}; do
	bench_explain "$BENCH_OUT/explain-$sec.txt" "bestuur.trimester_$sec('$SJ', 2)"
done
{
	bench_loadavg "before profile"
	run report "$stmt_pgb"
	run cellen "SELECT * FROM bestuur.trimester_cellen('$SJ', 2)"
	bench_loadavg "after profile"
} | tee "$BENCH_OUT/profile.txt"
grep -E '^ *(->  )?CTE|Execution Time|Planning Time' "$BENCH_OUT/explain-report.txt" | head -40 | tee -a "$BENCH_OUT/profile.txt"
kill -TERM "$pid"
wait "$pid" || true
