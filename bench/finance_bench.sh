#!/usr/bin/env bash
# Finance report benchmark (issue 9): Rapportage/GetBegrotingReport ("2016-2017" through
# 2017-03-31) and Rapportage/GetJaarverslag (2016: balans, baten en lasten, kengetallen
# with signals) for one tenant over the national-scale data set: 150 tenants x 5 years of
# begrotingen with 60 lines and 12 monthly bookings per line, and 150 x 5 years of annual
# accounts (bench/finance_bench_data.sql).
#
#   bench/finance_bench.sh         build (Release), load, measure, print a summary
#
# Placement as bench/run.sh: passendd (1 worker) + PostgreSQL on CPU 1, load on CPU 0.
# Tenants and the token are made through the API (admin CLI); the finance rows are loaded
# set-based AS THE DATABASE SUPERUSER (bench data only). Measured: each RPC through
# passendd with bench/grpc_load.sh (h2load, every answer checked) at c=1 and c=10 (m=1),
# and the SQL functions alone via pgbench as passend_app with the principal set
# (bench_sql_latency). The load average is sampled before every case: the machine may be
# shared.
# Env: TENANTS=150, LINES=60, YEARS=5, RPC_N=500, RPC10_N=1000, SQL_N=500, WARMUP_N=50,
#      SKIP_C10=1 (c=1 only), WITH_TLV_DATA=1 (also load bench/tlv_bench_data.sql: schools,
#      pupils, TLVs), BENCH_OUT=bench/results/finance-<timestamp>
# Results: $BENCH_OUT/results.tsv, summary.txt, env.txt. The cluster is removed at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TENANTS=${TENANTS:-150} LINES=${LINES:-60} YEARS=${YEARS:-5}
bench_out finance
bench_h2load
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$SRC/tests/lib/env.sh"
bench_serve "$SRC/sql/migrations"
bench_env_serve \
	"data: $TENANTS tenants x $YEARS school years x $LINES begroting lines x 12 monthly bookings; $TENANTS x $YEARS jaarrekeningen"

# ---- tenants (API), data (superuser) ------------------------------------------------
say "creating $TENANTS tenants"
bench_tenants "$TENANTS"
[ -z "${WITH_TLV_DATA:-}" ] || bench_load_tlvs
bench_load_finance
bench_loaded

# ---- the requests, and one look through the CLI --------------------------------------
bench_grpc_body GetBegrotingReportRequest rapportage.proto \
	'schooljaar: "2016-2017" tot { year: 2017 month: 3 day: 31 }' "$BENCH_OUT/begroting.bin"
bench_grpc_body GetJaarverslagRequest rapportage.proto 'jaar: 2016' "$BENCH_OUT/jaarverslag.bin"
PASSEND_TOKEN=$tok "$P" rapport begroting --schooljaar 2016-2017 --tot 2017-03-31 >"$BENCH_OUT/begroting.txt" </dev/null
PASSEND_TOKEN=$tok "$P" rapport jaarverslag --jaar 2016 >"$BENCH_OUT/jaarverslag.txt" </dev/null
say "CLI: $(grep -c . "$BENCH_OUT/begroting.txt") lines begroting report, $(grep -c . "$BENCH_OUT/jaarverslag.txt") lines jaarverslag"

# ---- the RPCs through passendd ---------------------------------------------------------
pgp=$(bench_pg_pids)
base=https://127.0.0.1:$port/passend.v1.Rapportage
for rpc in begroting:GetBegrotingReport jaarverslag:GetJaarverslag; do
	short=${rpc%%:*} method=${rpc#*:}
	for c in 1 10; do
		[ "$c" = 10 ] && [ -n "${SKIP_C10:-}" ] && continue
		n=${RPC_N:-500}
		[ "$c" = 10 ] && n=${RPC10_N:-1000}
		bench_loadavg "before $method c=$c"
		say "$method c=$c m=1"
		AUTH="authorization: Bearer $tok" SERVER_PID=$pid PG_PIDS=$pgp WARMUP_N=${WARMUP_N:-50} \
			"$HERE/grpc_load.sh" "$short-c$c" "$base/$method" "$BENCH_OUT/$short.bin" "$n" "$c" 1
	done
done

# ---- the SQL functions alone (pgbench, principal + function in one pipeline) -----------------
bench_loadavg "before pgbench"
sql_case() { # NAME QUERY: one bench_sql_latency case, into results.tsv
	local r
	say "pgbench $2"
	r=$(bench_sql_latency "$1" "$2" "${SQL_N:-500}")
	printf 'pgbench-%s\tc=1\t%s\t%s\t%s\t\t\t\n' "$1" "${SQL_N:-500}" \
		"$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$BENCH_OUT/pgbench-$1.txt")" "$r" >>"$BENCH_OUT/results.tsv"
	echo "SQL $2 alone (pgbench c=1): $r" >>"$BENCH_OUT/sql.txt"
}
sql_case begroting_report "bestuur.begroting_report('2016-2017', '2017-03-31', NULL)"
sql_case jaarverslag_regels "bestuur.jaarverslag_regels(2016)"
sql_case kengetallen "bestuur.kengetallen(2016)"
bench_loadavg "at end"

# ---- summary ------------------------------------------------------------------------------------
{
	cat "$BENCH_OUT/env.txt"
	bench_latency_lines 16
	cat "$BENCH_OUT/sql.txt"
	echo "results: $BENCH_OUT (total $(($(date +%s) - t_start))s after build)"
} | tee "$BENCH_OUT/summary.txt"
kill -TERM "$pid"
wait "$pid" || true
