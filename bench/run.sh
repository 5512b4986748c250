#!/usr/bin/env bash
# passendd benchmark, side by side with the reference (official gRPC C++ server,
# third_party/reference-bench, a copy of the shared reference) in the same run, placed as the reference's README describes:
# server + PostgreSQL on CPU 1, h2load on CPU 0, passendd with one worker, TLS 1.3
# + ALPN h2 everywhere.
#
#   bench/run.sh            build (Release), run reference + passendd, print a table
#
# Cases: Health/Check (trivial unary) and GetSchool (authenticated one-row read
# by key through row-level security) at c=50 m=10 and c=1 m=1; pgbench with the
# statements passendd sends for GetSchool (pgbench_getschool.sql); RSS per idle
# TLS connection. The reference runs its Ping, GetSchool and pgbench cases.
# Env: ROUNDS=1 (alternating reference/passendd rounds), HEALTH_N=1000000,
#      HEALTH1_N=150000, SCHOOL_N=400000, SCHOOL1_N=120000, SCHOOLS=1000,
#      PGB_T=15, IDLE_N=1000, SKIP_REF=1, SKIP_IDLE=1, SKIP_PGBENCH=1,
#      CASES="health health1 school school1" (passendd), REF_CASES="ping ping1 school school1",
#      REF_DIR=third_party/reference-bench, BENCH_OUT=bench/results/<timestamp>,
#      PASSENDD_ARGS (more passendd flags, e.g. --busy_poll_us=0),
#      PG_VIA=unix (passendd reaches PostgreSQL through its Unix socket, as the reference's
#      server does: third_party/reference-bench/grpcpp_server.cc, host=/tmp/peerpg; tcp: 127.0.0.1)
# Results: $BENCH_OUT/results.tsv (passendd), $BENCH_OUT/ref-*/results.tsv (reference), summary.txt,
# ratios.tsv (per-round passendd/reference ratios and their medians, also printed: bench/ratios.py).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-1}
CASES=${CASES:-health health1 school school1}
REF_DIR=${REF_DIR:-$S/third_party/reference-bench}
bench_out
bench_h2load
bench_build build-bench OFF passendd passend
bench_env "openssl $(openssl version | cut -d' ' -f2); h2load $(h2load --version | head -1 | awk '{print $2}')" \
	"placement: passendd (1 worker) + postgres on CPU 1, h2load on CPU 0; passendd to PostgreSQL via ${PG_VIA:-unix}"

ref_round() {
	[ "${SKIP_REF:-0}" = 1 ] && return 0
	local r=$1 rd=$BENCH_OUT/ref-src
	if [ ! -x "$rd/build/grpcpp_server" ]; then
		rm -rf "$rd"
		cp -r "$REF_DIR" "$rd"
		(cd "$rd" && ./build.sh >"$BENCH_OUT/ref-build.log" 2>&1)
	fi
	(cd "$rd" && OUT="$BENCH_OUT/ref-$r" CASES="${REF_CASES:-ping ping1 school school1}" KEY=fixed SKIP_PGBENCH=${SKIP_PGBENCH:-0} \
		SKIP_IDLE=$([ "$r" = 1 ] && echo "${SKIP_IDLE:-0}" || echo 1) ./run_all.sh) >"$BENCH_OUT/ref-$r.log" 2>&1 ||
		{ echo "reference run failed, see $BENCH_OUT/ref-$r.log" >&2; return 1; }
	grep -E '^(ping|ping1|school|school1):|^pgbench' "$BENCH_OUT/ref-$r.log" | sed "s/^/reference round $r /"
	grep -h 'per_conn_kib' "$BENCH_OUT/ref-$r/idle.txt" 2>/dev/null | sed 's/^/reference /' || true
}

# GetSchool: a tenant with $SCHOOLS schools, a bestuur token, then the read of
# one school by key (authenticated, principal + statement in one pipeline).
school_cases() {
	local port=$1 pid=$2 pgp=$3 r=$4 P="$B/passend" admin tenant tok sid n
	export PASSEND_SERVER=127.0.0.1:$port
	admin=$("$B/passendd" admin bootstrap --db_owner="$PASSEND_DB_OWNER" \
		--migrations_dir="$S/sql/migrations" --description bench 2>/dev/null)
	bench_school_tenant "$P" "$admin" "Bench SWV $r" "PO 9$r-01" "${SCHOOLS:-1000}"
	tenant=$TENANT tok=$TOKEN sid=$SCHOOL_ID
	local url=https://127.0.0.1:$port/passend.v1.Bestuur/GetSchool
	AUTH="authorization: Bearer $tok" SERVER_PID=$pid PG_PIDS=$pgp "$HERE/grpc_load.sh" "school-r$r" "$url" \
		"$BENCH_OUT/school.bin" "${SCHOOL_N:-400000}" 50 10
	AUTH="authorization: Bearer $tok" SERVER_PID=$pid PG_PIDS=$pgp "$HERE/grpc_load.sh" "school1-r$r" "$url" \
		"$BENCH_OUT/school.bin" "${SCHOOL1_N:-120000}" 1 1
	[ "${SKIP_PGBENCH:-0}" = 1 ] && return 0
	for n in 50 1; do
		taskset -c 0 "$PGBIN/pgbench" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$HERE/pgbench_getschool.sql" \
			-D swv="$tenant" -D tok="${tok%%.*}" -D id="$sid" -c $n -j 1 -T 2 passend >/dev/null 2>&1 || true
		taskset -c 0 "$PGBIN/pgbench" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app -f "$HERE/pgbench_getschool.sql" \
			-D swv="$tenant" -D tok="${tok%%.*}" -D id="$sid" -c $n -j 1 -T "${PGB_T:-15}" passend \
			>"$BENCH_OUT/pgbench-c$n-r$r.txt" 2>&1
		echo "pgbench (passendd's GetSchool statements) c=$n: $(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$BENCH_OUT/pgbench-c$n-r$r.txt") tps, avg $(sed -n 's/^latency average = \(.*\)/\1/p' "$BENCH_OUT/pgbench-c$n-r$r.txt")"
	done
}

passendd_round() {
	local r=$1
	(
		# shellcheck source=../tests/lib/env.sh
		source "$S/tests/lib/env.sh"
		pg_start >/dev/null
		certs_make >/dev/null
		passendd_migrate >/dev/null
		PGBIN=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /usr/lib/postgresql/15/bin/pg_ctl)")
		[ -x "$PGBIN/pgbench" ] || PGBIN=/usr/lib/postgresql/15/bin
		# Pin PostgreSQL (postmaster and every backend it forks) to CPU 1.
		pm=$(head -1 "$PG_DATA/postmaster.pid")
		for p in $pm $(ps -o pid= --ppid "$pm"); do taskset -a -cp 1 "$p" >/dev/null; done
		port=$(free_port)
		db=$PASSEND_DB
		[ "${PG_VIA:-unix}" = unix ] && db="host=$T/pgsock port=$PG_PORT dbname=passend user=passend_app"
		# shellcheck disable=SC2086  # PASSENDD_ARGS: several flags
		taskset -c 1 "$B/passendd" --port="$port" --workers=1 --tls_cert="$T/certs/server.pem" \
			--tls_key="$T/certs/server.key" --db="$db" --migrations_dir="$S/sql/migrations" \
			--log_level=warn ${PASSENDD_ARGS:-} >"$BENCH_OUT/passendd-$r.log" 2>&1 &
		pid=$!
		for _ in $(seq 100); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
		url=https://127.0.0.1:$port/grpc.health.v1.Health/Check
		printf '\0\0\0\0\0' >"$BENCH_OUT/health.bin" # empty HealthCheckRequest
		pgp="$pm $(ps -o pid= --ppid "$pm" | tr '\n' ' ')"
		case " $CASES " in *" health "*)
			SERVER_PID=$pid PG_PIDS=$pgp "$HERE/grpc_load.sh" "health-r$r" "$url" "$BENCH_OUT/health.bin" \
				"${HEALTH_N:-1000000}" 50 10 ;; esac
		case " $CASES " in *" health1 "*)
			SERVER_PID=$pid PG_PIDS=$pgp "$HERE/grpc_load.sh" "health1-r$r" "$url" "$BENCH_OUT/health.bin" \
				"${HEALTH1_N:-150000}" 1 1 ;; esac
		case " $CASES " in *" school"*) school_cases "$port" "$pid" "$pgp" "$r" ;; esac
		if [ "$r" = 1 ] && [ "${SKIP_IDLE:-0}" != 1 ]; then
			kill -TERM "$pid"; wait "$pid" || true
			# shellcheck disable=SC2086  # PASSENDD_ARGS: several flags
			taskset -c 1 "$B/passendd" --port="$port" --workers=1 --tls_cert="$T/certs/server.pem" \
				--tls_key="$T/certs/server.key" --db="$db" \
				--migrations_dir="$S/sql/migrations" --log_level=warn ${PASSENDD_ARGS:-} >>"$BENCH_OUT/passendd-$r.log" 2>&1 &
			pid=$!
			for _ in $(seq 100); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
			sleep 1
			/usr/bin/python3 "$HERE/idle_conns.py" --pid "$pid" --port "$port" --ca "$PASSEND_CA" \
				--n "${IDLE_N:-1000}" --hold 10 | tee "$BENCH_OUT/idle.txt"
		fi
		kill -TERM "$pid"; wait "$pid" || true
	)
}

for r in $(seq "$ROUNDS"); do
	ref_round "$r"
	passendd_round "$r"
done
# per-round ratios against the reference and their median (c=50: req/s, c=1: p50 latency)
[ "${SKIP_REF:-0}" = 1 ] || /usr/bin/python3 "$HERE/ratios.py" "$BENCH_OUT" "$ROUNDS"
echo "results: $BENCH_OUT"
