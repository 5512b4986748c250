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
source "$SRC/tests/lib/env.sh" # its EXIT trap stops passendd + PostgreSQL and removes $T
t_start=$(date +%s)
say() { echo "[$(($(date +%s) - t_start))s] $*"; }

# migrations (optionally without some, to measure "before")
MIG=$S/sql/migrations
if [ -n "${SKIP_MIGRATIONS:-}" ]; then
	MIG=$T/migrations
	mkdir -p "$MIG"
	cp "$S"/sql/migrations/*.sql "$MIG/"
	for m in $SKIP_MIGRATIONS; do rm -f "$MIG/$m"_*.sql; done
fi
pg_start >/dev/null
certs_make >/dev/null
passendd_migrate --migrations_dir="$MIG" >/dev/null
PASSEND_ADMIN_TOKEN=$("$B/passendd" admin bootstrap --db="$PASSEND_DB" --db_owner="$PASSEND_DB_OWNER" \
	--migrations_dir="$MIG" --description bench 2>/dev/null </dev/null)
pm=$(head -1 "$PG_DATA/postmaster.pid")
for p in $pm $(ps -o pid= --ppid "$pm"); do taskset -a -cp 1 "$p" >/dev/null; done
port=$(free_port)
taskset -c 1 "$B/passendd" --port="$port" --workers=1 --tls_cert="$T/certs/server.pem" \
	--tls_key="$T/certs/server.key" --db="$PASSEND_DB" --migrations_dir="$MIG" \
	--log_level=warn >"$BENCH_OUT/passendd.log" 2>&1 </dev/null &
pid=$!
_PASSENDD_PIDS="$_PASSENDD_PIDS $pid"
echo "$pid" >>"$T/.pids"
for _ in $(seq 100); do _port_in_use "$port" && break; sleep 0.1; done
export PASSEND_SERVER=127.0.0.1:$port
P=$B/passend
bench_env "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (test settings: shared_buffers 32MB, fsync off)" \
	"placement: passendd (1 worker) + postgres on CPU 1, h2load/pgbench on CPU 0" \
	"migrations: $(ls "$MIG" | sed 's/_.*//' | tr '\n' ' ')" \
	"data: $TENANTS tenants x $PER_YEAR TLVs/year x $YEARS years"

# ---- tenants (API) ------------------------------------------------------------
say "creating $TENANTS tenants"
for i in $(seq "$TENANTS"); do
	PASSEND_TOKEN=$PASSEND_ADMIN_TOKEN "$P" admin tenant create --name "Bench TLV $(printf %03d "$i")" \
		--duo-code "PO $(printf %02d $((10 + i / 100)))-$(printf %02d $((i % 100)))" --output json >/dev/null </dev/null
done
mid=$(printf %03d $(((TENANTS + 1) / 2)))
tenant=$(psql_super -Atc "SELECT id FROM platform.tenants WHERE name = 'Bench TLV $mid'")
tok=$(PASSEND_TOKEN=$PASSEND_ADMIN_TOKEN "$P" admin token create --role bestuur --tenant "$tenant" \
	--description bench --output json </dev/null | bench_json token)

# ---- bench data (superuser, set-based) ------------------------------------------
say "loading bench data"
psql_super -v per_year="$PER_YEAR" -v years="$YEARS" -f "$HERE/tlv_bench_data.sql" | tee "$BENCH_OUT/data.txt"
say "loaded"

# ---- one EXPLAIN ANALYZE of the report's query (auto_explain, nested) -------------
psql_super >"$BENCH_OUT/explain.txt" 2>&1 <<EOF
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
BEGIN;
SELECT set_config('passend.swv_id', '$tenant', true), set_config('passend.role', 'bestuur', true);
SELECT count(*) FROM bestuur.tlv_report('2016-2017', 2);
COMMIT;
EOF
xdur=$(grep -B1 '^Query Text: WITH cfg' "$BENCH_OUT/explain.txt" | sed -n 's/.*duration: \([0-9.]*\) ms.*/\1 ms/p' | head -1)
say "explain: $BENCH_OUT/explain.txt (report query $xdur with EXPLAIN ANALYZE instrumentation)"

# ---- the RPC through passendd -----------------------------------------------------
bench_grpc_body GetTlvReportRequest rapportage.proto 'schooljaar: "2016-2017" trimester: 2' "$BENCH_OUT/tlvreport.bin"
PASSEND_TOKEN=$tok "$P" rapport tlv --schooljaar 2016-2017 --trimester 2 >"$BENCH_OUT/report.txt" </dev/null || true
pgp="$pm $(ps -o pid= --ppid "$pm" | tr '\n' ' ')"
url=https://127.0.0.1:$port/passend.v1.Rapportage/GetTlvReport
say "GetTlvReport c=1 m=1"
AUTH="authorization: Bearer $tok" SERVER_PID=$pid PG_PIDS=$pgp WARMUP_N=${WARMUP_N:-50} \
	"$HERE/grpc_load.sh" tlvreport-c1 "$url" "$BENCH_OUT/tlvreport.bin" "${RPC_N:-500}" 1 1
say "GetTlvReport c=10 m=1"
AUTH="authorization: Bearer $tok" SERVER_PID=$pid PG_PIDS=$pgp WARMUP_N=${WARMUP_N:-50} \
	"$HERE/grpc_load.sh" tlvreport-c10 "$url" "$BENCH_OUT/tlvreport.bin" "${RPC10_N:-1000}" 10 1

# ---- the SQL function alone (pgbench, the statements passendd sends) ------------------
say "pgbench bestuur.tlv_report"
cat >"$T/tlv.sql" <<EOF
\startpipeline
SELECT set_config('role', 'passend_bestuur', true), set_config('passend.swv_id', '$tenant', true), set_config('passend.scope', '', true), set_config('passend.token_id', '${tok%%.*}', true), set_config('passend.role', 'bestuur', true);
SELECT * FROM bestuur.tlv_report('2016-2017', 2);
\endpipeline
EOF
PGB=$PGBIN/pgbench
[ -x "$PGB" ] || PGB=/usr/lib/postgresql/15/bin/pgbench
(cd "$T" && taskset -c 0 "$PGB" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$T/tlv.sql" \
	-c 1 -j 1 -t 20 passend >/dev/null 2>&1)
(cd "$T" && taskset -c 0 "$PGB" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$T/tlv.sql" \
	-c 1 -j 1 -t "${SQL_N:-500}" -l --log-prefix="$T/pgb" passend >"$BENCH_OUT/pgbench.txt" 2>&1)
pgb=$(cat "$T"/pgb.* | /usr/bin/python3 -c '
import sys
v = sorted(int(l.split()[2]) for l in sys.stdin if l.strip())
p = lambda q: v[min(len(v) - 1, int(q * len(v)))] / 1000
print("n=%d p50=%.2fms p90=%.2fms p99=%.2fms" % (len(v), p(0.5), p(0.9), p(0.99)))')
[ -s "$BENCH_OUT/results.tsv" ] && printf 'pgbench-tlv_report\tc=1\t%s\t%s\t%s\t\t\t\n' "${SQL_N:-500}" \
	"$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$BENCH_OUT/pgbench.txt")" "$pgb" >>"$BENCH_OUT/results.tsv"

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
