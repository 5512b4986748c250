# shellcheck shell=bash
# shellcheck disable=SC2034  # HERE/SRC/S/B/BB/pid/port/tenant/tok are read by the sourcing script
# bench/lib.sh: the start every benchmark script shares: where it is, where its
# results go, the Release build it measures, and (national-data-set benches) a private
# PostgreSQL + one pinned passendd and the 'Bench TLV %' tenants. Sourced first:
#   . "$(dirname "$0")/lib.sh"     sets HERE (bench/), SRC and S (the repository)
#   bench_out [NAME]               exports BENCH_OUT (default bench/results/[NAME-]<timestamp>)
#                                  and creates it
#   bench_build [DIR [TESTING [TARGET...]]]
#                                  Release build (no sanitizers) of TARGETs (default passendd
#                                  passend) in $SRC/DIR (default build-bench), with
#                                  BUILD_TESTING=TESTING (default OFF; ON for the test clients);
#                                  an existing build named by BENCH_BUILD is used as it is. Sets
#                                  BB (and B) and exports PASSEND_BUILD_DIR / PASSEND_SOURCE_DIR
#                                  for tests/lib/env.sh, which the script sources next (its EXIT
#                                  trap stops passendd + PostgreSQL and removes $T).
#   bench_h2load                   what an h2load benchmark needs: the Debian packages
#                                  (scripts/lib/deps.sh), h2load, and 65536 descriptors
#   bench_env LINE...              $BENCH_OUT/env.txt (also printed): the date, the host
#                                  (CPUs, memory, load) and the passendd commit, then LINEs
#   bench_env_serve LINE...        bench_env with the PostgreSQL version and the placement of
#                                  bench_serve (passendd + postgres on CPU 1, h2load/pgbench on
#                                  CPU 0) first
#   bench_loadavg WHEN             "load average WHEN: 1 5 15" appended to env.txt (and stdout):
#                                  the machine may be shared
#   bench_json FIELD               FIELD of the JSON object on stdin (the CLI's --output json)
#   bench_frame                    stdin (a protobuf message) as one gRPC frame on stdout
#   bench_grpc_body MESSAGE PROTO TEXT OUT
#                                  one gRPC message (flag, length, bytes) of passend.v1.MESSAGE
#                                  from proto/passend/v1/PROTO, given in protobuf text format,
#                                  into OUT: the request body h2load sends (grpc_load.sh)
#   bench_school_tenant CLI ADMIN_TOKEN NAME DUO_CODE N
#                                  through the server in PASSEND_SERVER: a tenant with a
#                                  bestuur token, a werkgebied and N schools (make_schools.py);
#                                  sets TENANT, TOKEN and SCHOOL_ID (the last school made) and
#                                  writes the GetSchool request of that school to
#                                  $BENCH_OUT/school.bin
#   bench_serve [MIGDIR]           PostgreSQL on CPU 1, migrations (MIGDIR, default the tree's),
#                                  the admin token, passendd (1 worker) on CPU 1; sets pid, port,
#                                  pm (postmaster), PASSEND_SERVER, P (the CLI); BENCH_PASSENDD_ARGS:
#                                  more passendd flags (e.g. --db_pool_size=8)
#   bench_pg_pids                  the pids of PostgreSQL's processes now (CPU accounting)
#   bench_ticks PID...             utime+stime of the pids (those still running), in clock ticks
#   bench_pg_callgrind DIR         restart the cluster with every backend under callgrind
#                                  (DIR/pg.<pid>; instr.sh, pg_plan_cost.sh COUNT=instr)
#   bench_load_tlvs [PER_YEAR]     the TLV bench data (bench/tlv_bench_data.sql: schools,
#                                  werkgebieden, pupils, TLVs; PER_YEAR default 500, $YEARS years)
#                                  as the database superuser, its output in $BENCH_OUT/data.txt
#   bench_load_arrangements        the arrangements (bench/arrangement_bench_data.sql, $PER_WG per
#                                  werkgebied and year, $YEARS years), output appended to data.txt
#   bench_load_finance             the begroting lines and bookings (bench/finance_bench_data.sql,
#                                  $LINES lines, $YEARS years), output appended to data.txt
#   bench_loaded [WHAT]            VACUUM ANALYZE, then "loaded: [WHAT, ]database <size>"
#   bench_tenants N                N tenants "Bench TLV 001".. through the API; sets tenant (the
#                                  middle one) and tok (a bestuur token of it)
#   bench_sql_latency NAME QUERY N
#                                  QUERY (a report function call) alone through pgbench, c=1, as
#                                  passendd sends it: the bestuur principal of $tenant / $tok and
#                                  the query in one pipeline; 20 warm-up runs, then N logged; prints
#                                  "n=.. p50=..ms p90=..ms p99=..ms" ($BENCH_OUT/pgbench-NAME.txt)
#   bench_pgbench NAME SQL N       SQL (one statement) through pgbench, as bench_sql_latency runs
#                                  its query (the same principal, warm-up and line)
#   bench_explain OUT QUERY        one call of QUERY (a report function call) under auto_explain
#                                  (ANALYZE, BUFFERS, every nested statement, as notices) with the
#                                  bestuur principal of $tenant / $tok, as bench_sql_latency: the
#                                  plans in OUT
#   say MSG                        MSG with the seconds since bench_serve
HERE=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
S=$SRC

bench_out() {
	export BENCH_OUT=${BENCH_OUT:-$HERE/results/${1:+$1-}$(date +%Y%m%d-%H%M%S)}
	mkdir -p "$BENCH_OUT"
}

bench_build() {
	local dir=${1:-build-bench} testing=${2:-OFF}
	shift $(($# < 2 ? $# : 2))
	[ $# -gt 0 ] || set -- passendd passend
	BB=${BENCH_BUILD:-$SRC/$dir}
	if [ -z "${BENCH_BUILD:-}" ]; then
		cmake -S "$SRC" -B "$BB" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING="$testing" >/dev/null
		make -C "$BB" -j"${JOBS:-$(nproc)}" "$@" >/dev/null
	fi
	B=$BB
	export PASSEND_BUILD_DIR=$BB PASSEND_SOURCE_DIR=$SRC
}

bench_h2load() {
	ulimit -n 65536 2>/dev/null || true
	bash "$SRC/scripts/lib/deps.sh"
	command -v h2load >/dev/null || {
		echo "h2load missing (nghttp2-client)" >&2
		exit 1
	}
}

bench_env() {
	{
		echo "date: $(date -u +%FT%TZ)"
		echo "host: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
		echo "passendd: $(git -C "$SRC" rev-parse --short HEAD) Release (+ working tree)"
		printf '%s\n' "$@"
	} | tee "$BENCH_OUT/env.txt"
}

bench_env_serve() {
	bench_env "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (test settings: shared_buffers 32MB, fsync off)" \
		"placement: passendd (1 worker) + postgres on CPU 1, h2load/pgbench on CPU 0" "$@"
}

bench_loadavg() { echo "load average $1: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$BENCH_OUT/env.txt"; }

bench_json() {
	/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

bench_frame() {
	/usr/bin/python3 -c 'import sys,struct; m=sys.stdin.buffer.read(); sys.stdout.buffer.write(b"\0"+struct.pack(">I",len(m))+m)'
}

bench_grpc_body() {
	printf '%s\n' "$3" | protoc -I"$SRC/proto" --encode="passend.v1.$1" "$SRC/proto/passend/v1/$2" |
		bench_frame >"$4"
}

bench_school_tenant() {
	local cli=$1 admin=$2 name=$3 duo=$4 n=$5 wg
	TENANT=$(PASSEND_TOKEN=$admin "$cli" admin tenant create --name "$name" --duo-code "$duo" --output json |
		bench_json id)
	TOKEN=$(PASSEND_TOKEN=$admin "$cli" admin token create --role bestuur --tenant "$TENANT" \
		--description bench --output json | bench_json token)
	wg=$(PASSEND_TOKEN=$TOKEN "$cli" werkgebied create --name Bench --output json | bench_json id)
	/usr/bin/python3 "$HERE/make_schools.py" --n "$n" --werkgebied "$wg" --token "$TOKEN" \
		--target "$PASSEND_SERVER" --ca "$PASSEND_CA" --proto "$SRC/proto" >"$BENCH_OUT/schools.txt"
	SCHOOL_ID=$(tail -1 "$BENCH_OUT/schools.txt")
	bench_grpc_body GetSchoolRequest bestuur.proto "id: \"$SCHOOL_ID\"" "$BENCH_OUT/school.bin"
}

say() { echo "[$(($(date +%s) - t_start))s] $*"; }

bench_serve() {
	local mig=${1:-$S/sql/migrations} p
	t_start=$(date +%s)
	pg_start >/dev/null
	certs_make >/dev/null
	passendd_migrate --migrations_dir="$mig" >/dev/null
	PASSEND_ADMIN_TOKEN=$("$B/passendd" admin bootstrap --db="$PASSEND_DB" --db_owner="$PASSEND_DB_OWNER" \
		--migrations_dir="$mig" --description bench 2>/dev/null </dev/null)
	pm=$(head -1 "$PG_DATA/postmaster.pid")
	for p in $pm $(ps -o pid= --ppid "$pm"); do taskset -a -cp 1 "$p" >/dev/null; done
	port=$(free_port)
	# shellcheck disable=SC2086  # BENCH_PASSENDD_ARGS: several flags
	taskset -c 1 "$B/passendd" --port="$port" --workers=1 --tls_cert="$T/certs/server.pem" \
		--tls_key="$T/certs/server.key" --db="$PASSEND_DB" --migrations_dir="$mig" \
		--log_level=warn ${BENCH_PASSENDD_ARGS:-} >"$BENCH_OUT/passendd.log" 2>&1 </dev/null &
	pid=$!
	_PASSENDD_PIDS="$_PASSENDD_PIDS $pid"
	echo "$pid" >>"$T/.pids"
	for _ in $(seq 100); do _port_in_use "$port" && break; sleep 0.1; done
	export PASSEND_SERVER=127.0.0.1:$port
	P=$B/passend
}

# bench_latency_lines [WIDTH]: one line per h2load case of results.tsv (name, concurrency,
# req/s, p50/p90/p99 in ms, CPU shares), the name padded to WIDTH (default 16).
bench_latency_lines() {
	[ -f "$BENCH_OUT/results.tsv" ] || return 0
	awk -F'\t' -v fmt="%-${1:-16}s %-8s %8s req/s  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  cpu%% server=%s db=%s  %s\n" \
		'NR > 1 && $1 !~ /^pgbench/ {
		split($5, a, " "); for (i in a) { split(a[i], kv, "="); us[kv[1]] = kv[2] }
		printf fmt, $1, $2, $4, us["p50"] / 1000, us["p90"] / 1000, us["p99"] / 1000, $6, $7, $8 }' "$BENCH_OUT/results.tsv"
}

bench_pg_pids() { echo "$pm $(ps -o pid= --ppid "$pm" | tr '\n' ' ')"; }

bench_ticks() {
	local t=0 p f
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] || continue
		f=$(sed 's/.*) //' "/proc/$p/stat")
		# shellcheck disable=SC2086
		set -- $f
		t=$((t + ${12} + ${13}))
	done
	echo $t
}

# bench_pg_callgrind DIR: restart the test cluster with every backend under callgrind, one
# profile per process in DIR/pg.<pid> (instructions per call of PostgreSQL's side)
bench_pg_callgrind() {
	local cg=$1
	pg_stop
	printf '#!/bin/sh\nexec valgrind --tool=callgrind --callgrind-out-file=%s/pg.%%p "%s/postgres" "$@"\n' \
		"$cg" "$PGBIN" >"$cg/postgres"
	chmod 755 "$cg/postgres"
	_as_pg "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$T/pg.log" -p "$cg/postgres" -o "-p $PG_PORT -c autovacuum=off" \
		-w -t 600 start >>"$T/pg_ctl.log" 2>&1
}

bench_load_tlvs() {
	say "loading the TLV bench data (schools, werkgebieden, pupils, TLVs)"
	psql_super -v per_year="${1:-500}" -v years="$YEARS" -f "$HERE/tlv_bench_data.sql" >"$BENCH_OUT/data.txt"
}

bench_load_arrangements() {
	say "loading the arrangements"
	psql_super -v per_wg="$PER_WG" -v years="$YEARS" -f "$HERE/arrangement_bench_data.sql" | tee -a "$BENCH_OUT/data.txt"
}

bench_load_finance() {
	say "loading the finance data"
	psql_super -v lines="$LINES" -v years="$YEARS" -f "$HERE/finance_bench_data.sql" | tee -a "$BENCH_OUT/data.txt"
}

bench_loaded() {
	psql_super -c "VACUUM ANALYZE" >/dev/null
	say "loaded: ${1:+$1, }database $(psql_super -Atc "SELECT pg_size_pretty(pg_database_size('passend'))")"
}

bench_tenants() {
	local i mid
	for i in $(seq "$1"); do
		PASSEND_TOKEN=$PASSEND_ADMIN_TOKEN "$P" admin tenant create --name "Bench TLV $(printf %03d "$i")" \
			--duo-code "PO $(printf %02d $((10 + i / 100)))-$(printf %02d $((i % 100)))" --output json \
			>/dev/null </dev/null
	done
	mid=$(printf %03d $((($1 + 1) / 2)))
	tenant=$(psql_super -Atc "SELECT id FROM platform.tenants WHERE name = 'Bench TLV $mid'")
	tok=$(PASSEND_TOKEN=$PASSEND_ADMIN_TOKEN "$P" admin token create --role bestuur --tenant "$tenant" \
		--description bench --output json </dev/null | bench_json token)
}

bench_explain() {
	psql_super >"$1" 2>&1 <<EOF
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
BEGIN;
SELECT set_config('role', 'passend_bestuur', true), set_config('passend.swv_id', '$tenant', true),
       set_config('passend.scope', '', true), set_config('passend.token_id', '${tok%%.*}', true),
       set_config('passend.role', 'bestuur', true);
SELECT count(*) FROM $2;
COMMIT;
EOF
}

bench_sql_latency() {
	bench_pgbench "$1" "SELECT * FROM $2" "$3"
}

bench_pgbench() {
	local name=$1 stmt=$2 n=$3 pgb=$PGBIN/pgbench
	[ -x "$pgb" ] || pgb=/usr/lib/postgresql/15/bin/pgbench
	cat >"$T/$name.sql" <<EOF
\startpipeline
SELECT set_config('role', 'passend_bestuur', true), set_config('passend.swv_id', '$tenant', true), set_config('passend.scope', '', true), set_config('passend.token_id', '${tok%%.*}', true), set_config('passend.role', 'bestuur', true), set_config('passend.token_proof', '', true);
$stmt;
\endpipeline
EOF
	(cd "$T" && taskset -c 0 "$pgb" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$T/$name.sql" \
		-c 1 -j 1 -t 20 passend >/dev/null 2>&1)
	(cd "$T" && taskset -c 0 "$pgb" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$T/$name.sql" \
		-c 1 -j 1 -t "$n" -l --log-prefix="$T/pgb-$name" passend >"$BENCH_OUT/pgbench-$name.txt" 2>&1)
	cat "$T/pgb-$name".* | /usr/bin/python3 -c '
import sys
v = sorted(int(l.split()[2]) for l in sys.stdin if l.strip())
p = lambda q: v[min(len(v) - 1, int(q * len(v)))] / 1000
print("n=%d p50=%.2fms p90=%.2fms p99=%.2fms" % (len(v), p(0.5), p(0.9), p(0.99)))'
}

# bench_rpc NAME URL BODY TOKEN N C: one verified h2load case (grpc_load.sh, m=1) of N calls at
# concurrency C with TOKEN, the CPU of passendd ($pid) and PostgreSQL ($pgp, bench_pg_pids),
# the load average before it; WARMUP_N warm-up calls (default 20).
bench_rpc() {
	bench_loadavg "before $1"
	say "$1 c=$6"
	AUTH="authorization: Bearer $4" SERVER_PID=$pid PG_PIDS=$pgp WARMUP_N=${WARMUP_N:-20} \
		"$HERE/grpc_load.sh" "$1" "$2" "$3" "$5" "$6" 1
}
