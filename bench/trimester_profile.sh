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
bench_load_tlvs
bench_load_arrangements >/dev/null
bench_load_finance >/dev/null
bench_loaded

# the catalogue statement with its parameters inlined
stmt=$(awk '/^-- name: report /{f=1; next} f && /^-- name:/{exit} f' "$SRC/server/sql/rapportage_trimester.sql" |
	sed -e 's/--.*$//' -e "s/\\\$1/'$SJ'/g" -e 's/\$2/2/g' -e 's/\$3/false/g' -e 's/\$4/false/g')
# pgbench reads ":name" as a variable, also inside a string: the JSON keys' colons ('"waarde":')
# are spelled chr(58) for it (the same text)
stmt_pgb=${stmt//\":/\"\' || chr(58) || \'}
psql_super >"$BENCH_OUT/explain-report.txt" 2>&1 <<SQL
BEGIN;
SELECT set_config('role', 'passend_bestuur', true), set_config('passend.swv_id', '$tenant', true), set_config('passend.scope', '', true), set_config('passend.token_id', '${tok%%.*}', true), set_config('passend.role', 'bestuur', true);
EXPLAIN (ANALYZE, BUFFERS) $stmt;
COMMIT;
SQL
for sec in ${PROFILE_EXPLAIN:-}; do
	bench_explain "$BENCH_OUT/explain-$sec.txt" "bestuur.trimester_$sec('$SJ', 2)"
done
{
	bench_loadavg "before profile"
	echo "report: $(bench_pgbench report "$stmt_pgb" "$N")"
	echo "cellen: $(bench_sql_latency cellen "bestuur.trimester_cellen('$SJ', 2)" "$N")"
	bench_loadavg "after profile"
} | tee "$BENCH_OUT/profile.txt"
grep -E '^ *(->  )?CTE|Execution Time|Planning Time' "$BENCH_OUT/explain-report.txt" | head -40 | tee -a "$BENCH_OUT/profile.txt"
kill -TERM "$pid"
wait "$pid" || true
