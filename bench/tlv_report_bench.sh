#!/usr/bin/env bash
# TLV report benchmark (issue 4): GetTlvReport("2016-2017", trimester 2) over 150 tenants
# x 500 TLVs per school year x 5 years (2012-2013 .. 2016-2017) = 375,000 TLVs.
#
#   bench/tlv_report_bench.sh      build (Release), load, measure, print a summary
#
# Placement as bench/run.sh: passendd (1 worker) + PostgreSQL on CPU 1, load on CPU 0.
# Tenants and tokens are created through the API (admin CLI); the bench data itself
# (schools, besturen, werkgebieden, pupils, tellingen, TLVs) is loaded set-based by
# bench/tlv_bench_data.sql AS THE DATABASE SUPERUSER, which bypasses row-level
# security: acceptable for bench data only (loading 375k TLVs through the API would
# take far too long). Measured: the RPC through passendd with bench/grpc_load.sh
# (h2load, every answer checked) at c=1 m=1 and c=10 m=1, and the SQL function alone
# via pgbench as passend_app with the principal set (the statements passendd sends),
# plus one EXPLAIN ANALYZE (auto_explain, nested statements) into $BENCH_OUT.
# Env: TENANTS=150, PER_YEAR=500, YEARS=5, RPC_N=500, RPC10_N=1000, SQL_N=500,
#      WARMUP_N=50, SKIP_MIGRATIONS="NNNN ..." (leave migrations out, to measure before/after a change),
#      BENCH_OUT=bench/results/tlv-<timestamp>
# Results: $BENCH_OUT/results.tsv, summary.txt, explain.txt. The cluster is removed at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TENANTS=${TENANTS:-150} PER_YEAR=${PER_YEAR:-500} YEARS=${YEARS:-5}
bench_out tlv
bench_h2load

bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$SRC/tests/lib/env.sh"

# migrations (optionally without some, to measure "before")
MIG=$SRC/sql/migrations
if [ -n "${SKIP_MIGRATIONS:-}" ]; then
	MIG=$T/migrations
	mkdir -p "$MIG"
	cp "$S"/sql/migrations/*.sql "$MIG/"
	for m in $SKIP_MIGRATIONS; do rm -f "$MIG/$m"_*.sql; done
fi
bench_serve "$MIG"
bench_env_serve \
	"migrations: $(ls "$MIG" | sed 's/_.*//' | tr '\n' ' ')" \
	"data: $TENANTS tenants x $PER_YEAR TLVs/year x $YEARS years"

# ---- tenants (API) ------------------------------------------------------------
say "creating $TENANTS tenants"
bench_tenants "$TENANTS"

# ---- bench data (superuser, set-based) ------------------------------------------
say "loading bench data"
psql_super -v per_year="$PER_YEAR" -v years="$YEARS" -f "$HERE/tlv_bench_data.sql" | tee "$BENCH_OUT/data.txt"
say "loaded"

# ---- one EXPLAIN ANALYZE of the report's query (auto_explain, nested) -------------
bench_explain "$BENCH_OUT/explain.txt" "bestuur.tlv_report('2016-2017', 2)"
xdur=$(grep -B1 '^Query Text: WITH cfg' "$BENCH_OUT/explain.txt" | sed -n 's/.*duration: \([0-9.]*\) ms.*/\1 ms/p' | head -1)
say "explain: $BENCH_OUT/explain.txt (report query $xdur with EXPLAIN ANALYZE instrumentation)"

# ---- the RPC through passendd -----------------------------------------------------
bench_grpc_body GetTlvReportRequest rapportage.proto 'schooljaar: "2016-2017" trimester: 2' "$BENCH_OUT/tlvreport.bin"
PASSEND_TOKEN=$tok "$P" rapport tlv --schooljaar 2016-2017 --trimester 2 >"$BENCH_OUT/report.txt" </dev/null || true
pgp=$(bench_pg_pids)
url=https://127.0.0.1:$port/passend.v1.Rapportage/GetTlvReport
say "GetTlvReport c=1 m=1"
AUTH="authorization: Bearer $tok" SERVER_PID=$pid PG_PIDS=$pgp WARMUP_N=${WARMUP_N:-50} \
	"$HERE/grpc_load.sh" tlvreport-c1 "$url" "$BENCH_OUT/tlvreport.bin" "${RPC_N:-500}" 1 1
say "GetTlvReport c=10 m=1"
AUTH="authorization: Bearer $tok" SERVER_PID=$pid PG_PIDS=$pgp WARMUP_N=${WARMUP_N:-50} \
	"$HERE/grpc_load.sh" tlvreport-c10 "$url" "$BENCH_OUT/tlvreport.bin" "${RPC10_N:-1000}" 10 1

# ---- the SQL function alone (pgbench, the statements passendd sends) ------------------
say "pgbench bestuur.tlv_report"
pgb=$(bench_sql_latency tlv_report "bestuur.tlv_report('2016-2017', 2)" "${SQL_N:-500}")
[ -s "$BENCH_OUT/results.tsv" ] && printf 'pgbench-tlv_report\tc=1\t%s\t%s\t%s\t\t\t\n' "${SQL_N:-500}" \
	"$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$BENCH_OUT/pgbench-tlv_report.txt")" "$pgb" >>"$BENCH_OUT/results.tsv"

# ---- summary --------------------------------------------------------------------
{
	cat "$BENCH_OUT/env.txt"
	echo "EXPLAIN ANALYZE of the report query (auto_explain, with instrumentation): $xdur"
	awk -F'\t' 'NR > 1 && $1 ~ /^tlvreport/ {
		split($5, a, " "); for (i in a) { split(a[i], kv, "="); us[kv[1]] = kv[2] }
		printf "GetTlvReport %-10s %8s req/s  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  cpu%% server=%s db=%s  %s\n",
			$2, $4, us["p50"] / 1000, us["p90"] / 1000, us["p99"] / 1000, $6, $7, $8 }' "$BENCH_OUT/results.tsv"
	echo "SQL bestuur.tlv_report alone (pgbench c=1, principal + report in one pipeline): $pgb"
	echo "results: $BENCH_OUT (total $(($(date +%s) - t_start))s after build)"
} | tee "$BENCH_OUT/summary.txt"
kill -TERM "$pid"
wait "$pid" || true
