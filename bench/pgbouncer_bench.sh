#!/usr/bin/env bash
# GetSchool through PgBouncer (transaction pooling) against the same passendd
# talking to PostgreSQL directly, in alternating rounds in one run.
#
#   bench/pgbouncer_bench.sh      build (Release), run, print each case and the medians
#
# Three passendd processes (one worker each, db_pool_size 2) on one database
# and one tenant with $SCHOOLS schools, loaded one at a time:
#   direct     db = PostgreSQL, db_statements = named (the default)
#   unnamed    db = PostgreSQL, db_statements = unnamed (what PgBouncer needs, without it)
#   pgbouncer  db = PgBouncer 1.18 (tests/lib/env.sh pgbouncer_start: transaction
#              mode, 2 server connections), db_statements = unnamed
# Placement as run.sh: passendd, PostgreSQL and PgBouncer on CPU 1, h2load on CPU 0.
# Env: ROUNDS=3, SCHOOL_N=200000 (requests per case), SCHOOLS=1000, CONC=50, STREAMS=10,
#      BENCH_BUILD=<repo>/build-bench (an existing build dir skips the Release build),
#      BENCH_OUT=bench/results/pgbouncer-<timestamp>
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-3}
CONC=${CONC:-50}
STREAMS=${STREAMS:-10}
bench_out pgbouncer
bench_h2load
bench_build build-bench OFF passendd passend
bench_env "pgbouncer: $(pgbouncer --version 2>/dev/null | head -1)" \
	"placement: passendd (1 worker) + postgres + pgbouncer on CPU 1, h2load on CPU 0"

(
	# shellcheck source=../tests/lib/env.sh
	source "$S/tests/lib/env.sh"
	pg_start >/dev/null
	certs_make >/dev/null
	passendd_migrate >/dev/null
	passendd_bootstrap >/dev/null
	pgbouncer_start >/dev/null
	pm=$(head -1 "$PG_DATA/postmaster.pid")
	for p in $pm $(ps -o pid= --ppid "$pm") $_PGBOUNCER_PID; do taskset -a -cp 1 "$p" >/dev/null; done

	declare -A port pid
	start() { # name db statements
		port[$1]=$(free_port)
		taskset -c 1 "$B/passendd" --port="${port[$1]}" --workers=1 --tls_cert="$T/certs/server.pem" \
			--tls_key="$T/certs/server.key" --db="$2" --db_statements="$3" \
			--migrations_dir="$S/sql/migrations" --log_level=warn >"$BENCH_OUT/passendd-$1.log" 2>&1 &
		pid[$1]=$!
		echo "${pid[$1]}" >>"$T/.pids"
		for _ in $(seq 100); do ss -Hltn "sport = :${port[$1]}" | grep -q . && return 0; sleep 0.1; done
		echo "passendd $1 did not start" >&2
		return 1
	}
	start direct "$PASSEND_DB" named
	start unnamed "$PASSEND_DB" unnamed
	start pgbouncer "$PASSEND_DB_POOLED" unnamed

	# one tenant, a bestuur token and $SCHOOLS schools (made through the direct server)
	P="$B/passend"
	export PASSEND_SERVER=127.0.0.1:${port[direct]}
	bench_school_tenant "$P" "$PASSEND_ADMIN_TOKEN" "Bench SWV" "PO 91-01" "${SCHOOLS:-1000}"
	tok=$TOKEN

	pgp() { echo "$pm $(ps -o pid= --ppid "$pm" | tr '\n' ' ') $_PGBOUNCER_PID"; }
	for r in $(seq "$ROUNDS"); do
		for v in direct unnamed pgbouncer; do
			AUTH="authorization: Bearer $tok" SERVER_PID=${pid[$v]} PG_PIDS=$(pgp) "$HERE/grpc_load.sh" \
				"school-$v-r$r" "https://127.0.0.1:${port[$v]}/passend.v1.Bestuur/GetSchool" \
				"$BENCH_OUT/school.bin" "${SCHOOL_N:-200000}" "$CONC" "$STREAMS"
		done
	done
	for v in direct unnamed pgbouncer; do kill -TERM "${pid[$v]}"; done
	wait
	grep -c . "$T/pgbouncer/pgbouncer.log" >/dev/null && grep -E 'WARNING|ERROR' "$T/pgbouncer/pgbouncer.log" |
		head -5 >"$BENCH_OUT/pgbouncer-warnings.txt" || true
)

# medians per variant (req/s), and each against direct
/usr/bin/python3 - "$BENCH_OUT/results.tsv" <<'EOF' | tee "$BENCH_OUT/summary.txt"
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
med = {}
for v in ("direct", "unnamed", "pgbouncer"):
    rps = [float(r[3]) for r in rows if r[0].startswith("school-%s-" % v)]
    med[v] = statistics.median(rps)
    print("%-10s rounds %s  median %.0f req/s" % (v, " / ".join("%.0f" % x for x in rps), med[v]))
for v in ("unnamed", "pgbouncer"):
    print("%s / direct = %.2f" % (v, med[v] / med["direct"]))
EOF
echo "results: $BENCH_OUT"
