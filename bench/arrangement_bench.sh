#!/usr/bin/env bash
# Arrangement benchmark (issue 8): arrangement creation (Werkgebied/RequestArrangement,
# an individueel arrangement under a consent, audited) through passendd at c=50 against
# pgbench running the same statements at c=50, in alternating rounds (the ratio is the
# median of the rounds); and Rapportage/GetArrangementReport over the national-scale
# data set: 150 tenants x 8 werkgebieden x 600 arrangements a year x 5 years.
#
#   bench/arrangement_bench.sh     build (Release), load, measure, print a summary
#
# Placement as bench/run.sh: passendd (1 worker) + PostgreSQL on CPU 1, load on CPU 0.
# Tenants and the token are made through the API (admin CLI); the bench data (schools,
# werkgebieden, pupils, TLVs: bench/tlv_bench_data.sql; consents, categories and
# arrangements: bench/arrangement_bench_data.sql) is loaded set-based AS THE DATABASE
# SUPERUSER, bench data only. The pgbench script is made from the query catalogue
# (server/sql/auth.sql principal, arrangement.sql request and current, audit.sql row):
# the statements passendd sends for one call, in one pipeline. Every created
# arrangement is counted in the database afterwards (the reply holds its own id and
# timestamps, so h2load's byte check cannot be used; a gRPC error would write no row).
# Env: TENANTS=150, PER_WG=600, YEARS=5, ROUNDS=3, CREATE_N=20000 (RPC calls per round),
#      PGB_T=20 (pgbench seconds per round), REPORT_N=300, SQL_N=300, WARMUP_N=50,
#      BENCH_OUT=bench/results/arrangement-<timestamp>
# Results: $BENCH_OUT/results.tsv, summary.txt, env.txt (with the load average before
# and after: the machine may be shared). The cluster is removed at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TENANTS=${TENANTS:-150} PER_WG=${PER_WG:-600} YEARS=${YEARS:-5} ROUNDS=${ROUNDS:-3}
bench_out arrangement
bench_h2load
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$SRC/tests/lib/env.sh"
bench_serve
bench_env_serve \
	"data: $TENANTS tenants x 8 werkgebieden x $PER_WG arrangements/year x $YEARS years"

# ---- tenants (API), data (superuser) ------------------------------------------------
say "creating $TENANTS tenants"
bench_tenants "$TENANTS"
bench_load_tlvs
bench_load_arrangements
bench_loaded

# ---- the pupil of the create calls, and the pgbench script from the catalogue ------------
pupil=$(psql_super -Atc "SELECT l.id FROM werkgebied.leerlingen l JOIN werkgebied.toestemmingen t
	ON t.swv_id = l.swv_id AND t.leerling_id = l.id WHERE l.swv_id = '$tenant' ORDER BY l.id LIMIT 1")
/usr/bin/python3 - "$S/server/sql" "$BENCH_OUT/create.sql" <<'PY'
# The statements of one RequestArrangement call as passendd sends them, in one pipeline:
# each catalogue block without its column-0 comments, fragments expanded, $k -> :pk.
import re, sys
def blocks(path):
    frag, out, name, body = {}, {}, None, []
    def flush():
        if name:
            text = "\n".join(body).strip().rstrip(";")
            (frag if name[0] == "f" else out)[name[1]] = text
    for line in open(path):
        line = line.rstrip("\n")
        m = re.match(r"-- (name|fragment): (\w+)", line)
        if m:
            flush()
            name, body = (m.group(1)[0], m.group(2)), []
        elif name and not line.startswith("--"):
            body.append(line)
    flush()
    return {k: re.sub(r"\{\{(\w+)\}\}", lambda m: frag[m.group(1)], v) for k, v in out.items()}
sql = sys.argv[1]
auth, arr, audit = blocks(sql + "/auth.sql"), blocks(sql + "/arrangement.sql"), blocks(sql + "/audit.sql")
one = lambda s, pre: " ".join(re.sub(r"\$(\d+)", lambda m: ":%s%s" % (pre, m.group(1)), s).split())
with open(sys.argv[2], "w") as f:
    f.write("\\startpipeline\n")
    f.write(one(auth["principal"], "a") + ";\n")
    f.write(one(arr["request"], "p") + ";\n")
    f.write(one(arr["current"], "c") + ";\n")
    f.write(one(audit["row"], "u") + ";\n")
    f.write("\\endpipeline\n")
PY
# pgbench takes no empty variable: the parameters that are '' in this call are written as ''
sed -i "s/:a3\b/''/g; s/:a6\b/''/g; s/:p4\b/''/g" "$BENCH_OUT/create.sql"
PGB_VARS=(-D a1=passend_bestuur -D a2="$tenant" -D a4="${tok%%.*}" -D a5=bestuur
	-D p1=individueel -D p2=leren -D p3="$pupil" -D p5=2.5 -D p6=150000 -D p7=2017-01-10
	-D p8=2017-07-01 -D p9=true -D p10=bench -D u1=/passend.v1.Werkgebied/RequestArrangement -D u2='{}'
	-D u3=0 -D u4=127.0.0.1)
bench_grpc_body RequestArrangementRequest werkgebied_arrangementen.proto \
	"$(printf 'arrangement { arrangement_type: "individueel" ondersteuningscategorie: "leren" leerling_id: "%s" uren_per_week: "2.5" bedrag_cents: 150000 startdatum { year: 2017 month: 1 day: 10 } einddatum { year: 2017 month: 7 day: 1 } versterkt_leerkracht: true omschrijving: "bench" }' "$pupil")" \
	"$BENCH_OUT/create.bin"
bench_grpc_body GetArrangementReportRequest rapportage.proto 'schooljaar: "2016-2017" trimester: 2' "$BENCH_OUT/report.bin"
PGB=$PGBIN/pgbench
[ -x "$PGB" ] || PGB=/usr/lib/postgresql/15/bin/pgbench
pgp=$(bench_pg_pids)
count() { psql_super -Atc "SELECT count(*) FROM werkgebied.arrangementen WHERE swv_id = '$tenant' AND omschrijving = 'bench'"; }

# ---- creation: passendd c=50 and pgbench c=50, alternating rounds ---------------------------
url=https://127.0.0.1:$port/passend.v1.Werkgebied/RequestArrangement
(cd "$T" && taskset -c 0 "$PGB" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$BENCH_OUT/create.sql" \
	"${PGB_VARS[@]}" -c 1 -j 1 -t 1 passend >"$BENCH_OUT/pgbench-probe.txt" 2>&1) ||
	{ echo "pgbench probe failed: $BENCH_OUT/pgbench-probe.txt" >&2; exit 1; }
for r in $(seq "$ROUNDS"); do
	before=$(count)
	say "round $r: RequestArrangement via passendd c=50"
	AUTH="authorization: Bearer $tok" SERVER_PID=$pid PG_PIDS=$pgp WARMUP_N=${WARMUP_N:-50} REPLY_SIZE_VARIES=1 \
		"$HERE/grpc_load.sh" "create-c50-r$r" "$url" "$BENCH_OUT/create.bin" "${CREATE_N:-20000}" 50 1
	made=$(($(count) - before))
	want=$((${CREATE_N:-20000} + 1)) # the probe, and the warm-up when h2load could run it (n >= c)
	[ "${WARMUP_N:-50}" -ge 50 ] && want=$((want + ${WARMUP_N:-50}))
	[ "$made" = "$want" ] || { echo "round $r: $made arrangements written, want $want" >&2; exit 1; }
	say "round $r: pgbench c=50 (the same statements)"
	before=$(count)
	(cd "$T" && taskset -c 0 "$PGB" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$BENCH_OUT/create.sql" \
		"${PGB_VARS[@]}" -c 50 -j 1 -T "${PGB_T:-20}" passend >"$BENCH_OUT/pgbench-c50-r$r.txt" 2>&1)
	tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$BENCH_OUT/pgbench-c50-r$r.txt")
	[ "$(($(count) - before))" = "$tx" ] || { echo "round $r: pgbench wrote $(($(count) - before)), reported $tx" >&2; exit 1; }
	tps=$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$BENCH_OUT/pgbench-c50-r$r.txt")
	printf 'pgbench-create-c50-r%s\tc=50\t%s\t%s\t\t\t\tOK\n' "$r" "$tx" "$tps" >>"$BENCH_OUT/results.tsv"
	echo "pgbench-create-c50-r$r: $tps tps ($tx transactions)"
done

# ---- the report over the national data set ---------------------------------------------------
say "GetArrangementReport c=1"
PASSEND_TOKEN=$tok "$P" rapport arrangementen --schooljaar 2016-2017 --trimester 2 >"$BENCH_OUT/report.txt" </dev/null
AUTH="authorization: Bearer $tok" SERVER_PID=$pid PG_PIDS=$pgp WARMUP_N=${WARMUP_N:-50} \
	"$HERE/grpc_load.sh" report-c1 "https://127.0.0.1:$port/passend.v1.Rapportage/GetArrangementReport" \
	"$BENCH_OUT/report.bin" "${REPORT_N:-300}" 1 1
say "pgbench werkgebied.arrangement_report alone"
sqlp=$(bench_sql_latency arrangement_report "werkgebied.arrangement_report('2016-2017', 2)" "${SQL_N:-300}")
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$BENCH_OUT/env.txt"

# ---- summary ------------------------------------------------------------------------------------
{
	cat "$BENCH_OUT/env.txt"
	awk -F'\t' 'NR > 1 { print $1 ": " $4 " req/s " $5 " cpu% server=" $6 " db=" $7 " " $8 }' "$BENCH_OUT/results.tsv"
	/usr/bin/python3 - "$BENCH_OUT/results.tsv" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
rpc = {r[0].rsplit("-r", 1)[1]: float(r[3]) for r in rows if r[0].startswith("create-c50-r")}
pg = {r[0].rsplit("-r", 1)[1]: float(r[3]) for r in rows if r[0].startswith("pgbench-create-c50-r")}
ratios = []
for k in sorted(rpc):
    if k in pg:
        ratios.append(rpc[k] / pg[k])
        print("round %s: passendd %.0f req/s, pgbench %.0f tps, passendd/pgbench %.2f" % (k, rpc[k], pg[k], ratios[-1]))
if ratios:
    print("ratio (median of %d rounds): %.2f" % (len(ratios), sorted(ratios)[(len(ratios) - 1) // 2]))
PY
	echo "SQL werkgebied.arrangement_report alone (pgbench c=1): $sqlp"
	echo "results: $BENCH_OUT (total $(($(date +%s) - t_start))s after build)"
} | tee "$BENCH_OUT/summary.txt"
kill -TERM "$pid"
wait "$pid" || true
