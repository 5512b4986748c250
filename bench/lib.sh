# bench/lib.sh: what the national-data-set benchmarks share (sourced after setting
# HERE, SRC and BENCH_OUT): a Release build, a private PostgreSQL + one passendd
# pinned as bench/run.sh places them, the 'Bench TLV %' tenants made through the API.
#
#   bench_build            Release build in $BB (build-bench; BENCH_BUILD: an existing
#                          build, not rebuilt), exported for tests/lib/env.sh, which the
#                          caller sources next (its EXIT trap stops passendd + PostgreSQL
#                          and removes $T)
#   bench_serve [MIGDIR]   PostgreSQL on CPU 1, migrations (MIGDIR, default the tree's),
#                          the admin token, passendd (1 worker) on CPU 1; sets pid, port,
#                          pm (postmaster), PASSEND_SERVER, P (the CLI); BENCH_PASSENDD_ARGS:
#                          more passendd flags (e.g. --db_pool_size=8)
#   bench_pg_pids          the pids of PostgreSQL's processes now (CPU accounting)
#   bench_tenants N        N tenants "Bench TLV 001".. through the API; sets tenant (the
#                          middle one) and tok (a bestuur token of it)
#   bench_sql_latency NAME QUERY N
#                          QUERY (a report function call) alone through pgbench, c=1, as
#                          passendd sends it: the bestuur principal of $tenant / $tok and
#                          the query in one pipeline; 20 warm-up runs, then N logged; prints
#                          "n=.. p50=..ms p90=..ms p99=..ms" ($BENCH_OUT/pgbench-NAME.txt)
#   bench_env DATA         the run's header into $BENCH_OUT/env.txt (and stdout): date,
#                          host, build, placement, DATA, the load average now
#   bench_loadavg WHEN     "load average WHEN: 1 5 15" appended to env.txt (and stdout):
#                          the machine may be shared
#   bench_frame            stdin (a protobuf message) as one gRPC frame on stdout
#   say MSG                MSG with the seconds since bench_serve

bench_build() {
	BB=${BENCH_BUILD:-$SRC/build-bench}
	if [ -z "${BENCH_BUILD:-}" ]; then
		cmake -S "$SRC" -B "$BB" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
		make -C "$BB" -j"${JOBS:-$(nproc)}" passendd passend >/dev/null
	fi
	export PASSEND_BUILD_DIR=$BB PASSEND_SOURCE_DIR=$SRC
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

bench_pg_pids() { echo "$pm $(ps -o pid= --ppid "$pm" | tr '\n' ' ')"; }

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
		--description bench --output json </dev/null |
		/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}

bench_sql_latency() {
	local name=$1 query=$2 n=$3 pgb=$PGBIN/pgbench
	[ -x "$pgb" ] || pgb=/usr/lib/postgresql/15/bin/pgbench
	cat >"$T/$name.sql" <<EOF
\startpipeline
SELECT set_config('role', 'passend_bestuur', true), set_config('passend.swv_id', '$tenant', true), set_config('passend.scope', '', true), set_config('passend.token_id', '${tok%%.*}', true), set_config('passend.role', 'bestuur', true);
SELECT * FROM $query;
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

bench_env() {
	{
		echo "date: $(date -u +%FT%TZ)"
		echo "host: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/{print $2}') GiB"
		echo "passendd: $(git -C "$S" rev-parse --short HEAD) Release (+ working tree); PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (test settings: shared_buffers 32MB, fsync off)"
		echo "placement: passendd (1 worker) + postgres on CPU 1, h2load/pgbench on CPU 0"
		echo "data: $1"
	} | tee "$BENCH_OUT/env.txt"
	bench_loadavg "at start"
}

bench_loadavg() { echo "load average $1: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$BENCH_OUT/env.txt"; }

bench_frame() {
	/usr/bin/python3 -c 'import sys,struct; m=sys.stdin.buffer.read(); sys.stdout.buffer.write(b"\0"+struct.pack(">I",len(m))+m)'
}
