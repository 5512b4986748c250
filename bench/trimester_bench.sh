#!/usr/bin/env bash
# Trimesterrapportage benchmark (issue 10): Rapportage/GetTrimesterReport (SCHOOLJAAR T2:
# every section, with the previous school year's columns) for one tenant over the
# national-scale data set: 150 tenants with schools, werkgebieden, pupils and TLVs
# (bench/tlv_bench_data.sql), 8 werkgebieden x 600 arrangements a year
# (bench/arrangement_bench_data.sql) and 60 begroting lines with monthly bookings
# (bench/finance_bench_data.sql), 5 school years each. There is no bench data for MDOs,
# thuiszitters or the jaarplan: those sections run over empty tables.
#
#   bench/trimester_bench.sh       build (Release), load, measure, print a summary
#
# Placement as bench/run.sh: passendd (1 worker) + PostgreSQL on CPU 1, load on CPU 0.
# Measured: the RPC through passendd with bench/grpc_load.sh (h2load, every answer checked)
# at c=1 and c=10 (m=1), bestuur's and toezicht's variant (toezicht: complementary
# suppression in every source report), and the one statement alone via pgbench as
# passend_app with the principal set (bench_sql_latency); per-call CPU of passendd and
# PostgreSQL from grpc_load.sh. The load average is sampled before every case: the machine
# may be shared.
# Before and after in one run: BASE=REV applies REV's versions of the changed repeatable
# function files (sql/functions, D25) and the working tree's in turn to the same database,
# ROUNDS times (default 3) alternating, every RPC case under each; the report's JSON
# (bestuur and toezicht) must be byte-identical under both (else exit 1), and the summary
# gives each case's median p50/p99 over the rounds. Only sql/functions may differ: the
# catalogue statement is compiled into passendd.
# Env: TENANTS=150, PER_WG=600, YEARS=5, LINES=60, RPC_N=200, RPC10_N=400, SQL_N=200,
#      WARMUP_N=20, SECTION_N=15 (runs of each section's function alone; SKIP_SECTIONS=1: none),
#      SKIP_RPC=1 (only the SQL), SCHOOLJAAR=2016-2017 (the data's school years are 2012-2013 .. for YEARS
#      years: YEARS=2 SCHOOLJAAR=2013-2014 measures a report with its previous year on 2/5 of
#      the rows, loaded in 2/5 of the time), BENCH_OUT=bench/results/trimester-<timestamp>
# Results: $BENCH_OUT/results.tsv, summary.txt, env.txt. The cluster is removed at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TENANTS=${TENANTS:-150} PER_WG=${PER_WG:-600} YEARS=${YEARS:-5} LINES=${LINES:-60} SJ=${SCHOOLJAAR:-2016-2017}
bench_out trimester
bench_h2load
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$SRC/tests/lib/env.sh"
bench_serve "$SRC/sql/migrations"
bench_env_serve \
	"data: $TENANTS tenants x $YEARS school years: schools, pupils, TLVs; 8 werkgebieden x $PER_WG arrangements; $LINES begroting lines"

# ---- tenants (API), data (superuser) ------------------------------------------------
say "creating $TENANTS tenants"
bench_tenants "$TENANTS"
bench_load_tlvs
bench_load_arrangements >/dev/null
bench_load_finance >/dev/null
bench_loaded
tz=$(PASSEND_TOKEN=$PASSEND_ADMIN_TOKEN "$P" admin token create --role toezicht --tenant "$tenant" \
	--description bench --output json </dev/null | bench_json token)

# ---- the request, and one look through the CLI -----------------------------------------
bench_grpc_body GetTrimesterReportRequest rapportage_trimester.proto "schooljaar: \"$SJ\" trimester: 2" \
	"$BENCH_OUT/trimester.bin"
PASSEND_TOKEN=$tok "$P" rapport trimester --schooljaar "$SJ" --trimester 2 >"$BENCH_OUT/trimester.txt" </dev/null
PASSEND_TOKEN=$tok "$P" rapport trimester --schooljaar "$SJ" --trimester 2 --output json \
	>"$BENCH_OUT/trimester.json" </dev/null
say "CLI: $(grep -c . "$BENCH_OUT/trimester.txt") lines, $(wc -c <"$BENCH_OUT/trimester.json") bytes of JSON"

# ---- the RPC through passendd ------------------------------------------------------------------
# shellcheck disable=SC2034  # pgp: read by bench_rpc
pgp=$(bench_pg_pids)
url=https://127.0.0.1:$port/passend.v1.Rapportage/GetTrimesterReport
versions=tree
if [ -n "${BASE:-}" ]; then
	versions="base tree"
	git -C "$SRC" diff --quiet "$BASE" -- server proto || echo "warning: server/ or proto/ differ from $BASE (not swapped)"
	mapfile -t changed < <(git -C "$SRC" diff --name-only "$BASE" -- sql/functions | sort)
	echo "BASE=$BASE ($(git -C "$SRC" rev-parse --short "$BASE")): ${changed[*]}" | tee -a "$BENCH_OUT/env.txt"
fi
use_version() { # base|tree: that version of the changed function files, applied as the owner
	local f
	[ -n "${BASE:-}" ] || return 0
	for f in "${changed[@]}"; do
		if [ "$1" = tree ]; then cat "$SRC/$f"; else git -C "$SRC" show "$BASE:$f"; fi
	done >"$T/fn-$1.sql"
	psql_owner -q -v ON_ERROR_STOP=1 -f "$T/fn-$1.sql" >/dev/null
}
for v in $versions; do # the figures: the same reply under each version
	use_version "$v"
	for who in bestuur toezicht; do
		t=$tok
		[ "$who" = toezicht ] && t=$tz
		PASSEND_TOKEN=$t "$P" rapport trimester --schooljaar "$SJ" --trimester 2 --output json \
			>"$BENCH_OUT/report-$v-$who.json" </dev/null
	done
done
if [ -n "${BASE:-}" ]; then
	for who in bestuur toezicht; do
		cmp -s "$BENCH_OUT/report-base-$who.json" "$BENCH_OUT/report-tree-$who.json" || {
			echo "FAIL: the $who report differs between $BASE and the working tree" | tee -a "$BENCH_OUT/env.txt"
			exit 1
		}
	done
	echo "figures: the bestuur and toezicht reports are byte-identical under $BASE and the working tree" |
		tee -a "$BENCH_OUT/env.txt"
fi
for r in $(seq "${ROUNDS:-$([ -n "${BASE:-}" ] && echo 3 || echo 1)}"); do
	for v in $versions; do
		use_version "$v"
		sfx=
		[ -n "${BASE:-}" ] && sfx=-$v-r$r
		for who in bestuur toezicht; do
			[ -n "${SKIP_RPC:-}" ] && continue
			t=$tok
			[ "$who" = toezicht ] && t=$tz
			bench_rpc "trimester-$who-c1$sfx" "$url" "$BENCH_OUT/trimester.bin" "$t" "${RPC_N:-200}" 1
			bench_rpc "trimester-$who-c10$sfx" "$url" "$BENCH_OUT/trimester.bin" "$t" "${RPC10_N:-400}" 10
		done
	done
done

# ---- the statement's cells alone (pgbench, principal + function in one pipeline) -------------
bench_loadavg "before pgbench"
say "pgbench bestuur.trimester_cellen"
r=$(bench_sql_latency trimester_cellen "bestuur.trimester_cellen('$SJ', 2)" "${SQL_N:-200}")
echo "SQL bestuur.trimester_cellen('$SJ', 2) alone (pgbench c=1, bestuur): $r" >"$BENCH_OUT/sql.txt"
if [ -z "${SKIP_SECTIONS:-}" ]; then # each section's function alone: where the time goes
	for sec in regionaal werkgebieden voorzieningen deelname thuiszitters financien kwaliteit; do
		say "pgbench bestuur.trimester_$sec"
		r=$(bench_sql_latency "trimester_$sec" "bestuur.trimester_$sec('$SJ', 2)" "${SECTION_N:-15}")
		echo "SQL bestuur.trimester_$sec('$SJ', 2) alone (pgbench c=1, bestuur): $r" >>"$BENCH_OUT/sql.txt"
	done
fi
bench_loadavg "at end"

# ---- summary ------------------------------------------------------------------------------------
{
	cat "$BENCH_OUT/env.txt"
	bench_latency_lines 32
	[ -z "${BASE:-}" ] || /usr/bin/python3 -c '
import collections, statistics, sys
cases = collections.defaultdict(list)  # (case, version) -> [(p50, p99, rps)]
for line in list(open(sys.argv[1]))[1:]:
    f = line.rstrip("\n").split("\t")
    name = f[0].rsplit("-", 2)
    if len(name) != 3 or not name[2].startswith("r"):
        continue
    us = dict(kv.split("=") for kv in f[4].split())
    # PostgreSQL CPU per call: its share of a CPU over the run / calls per second
    cases[(name[0], name[1])].append((int(us["p50"]) / 1000, int(us["p99"]) / 1000, float(f[3]),
                                      float(f[6]) * 10 / float(f[3])))
for (case, v), xs in sorted(cases.items()):
    med = lambda i: statistics.median(x[i] for x in xs)
    print("median of %d rounds %-22s %-4s p50 %6.1f ms  p99 %6.1f ms  %5.2f req/s  DB CPU %4.0f ms/call"
          "  (p99 per round: %s)" % (len(xs), case, v, med(0), med(1), med(2), med(3),
                                     " ".join("%.0f" % x[1] for x in xs)))' "$BENCH_OUT/results.tsv"
	cat "$BENCH_OUT/sql.txt"
	echo "results: $BENCH_OUT (total $(($(date +%s) - t_start))s after build)"
} | tee "$BENCH_OUT/summary.txt"
kill -TERM "$pid"
wait "$pid" || true
