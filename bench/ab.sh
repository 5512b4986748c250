#!/usr/bin/env bash
# A/B of passendd variants on one database (issue 14, D55): each variant (a passendd binary
# and how it reaches PostgreSQL) serves the same GetSchool tenant; rounds alternate the
# variants at c=1 m=1 (h2load on CPU 0, passendd and PostgreSQL on CPU 1, as bench/run.sh) and
# print, per round, p50/p90 and the CPU µs per call of passendd and of PostgreSQL (utime+stime
# over the measured calls / calls). For comparing two builds or two connection settings
# side by side in one run, on a machine whose load moves from minute to minute.
#
#   VARIANTS="NAME:BINARY:tcp|unix[:FLAG,FLAG...] ..." bench/ab.sh
#       e.g. VARIANTS="old:/tmp/passendd.old:tcp new:build-bench/passendd:unix"
#            VARIANTS="off:build-bench/passendd:unix on:build-bench/passendd:unix:--busy_poll_us=60"
# Env: ROUNDS=3, N=20000 calls per round, WARM=3000, C=1 M=1, EXTRA_ARGS (more passendd flags for
#      every variant; a variant's own flags follow its mode, comma-separated), METHOD=school
#      (GetSchool) or health (grpc.health.v1.Health/Check, the same rounds without the database),
#      BENCH_BUILD (the Release build for the CLI; default build-bench, built if missing),
#      HOLD=SECONDS (keep everything up afterwards; ports, pids and the token in $BENCH_OUT/env).
# tcp: host=127.0.0.1 (tests/lib/env.sh's PASSEND_DB); unix: PostgreSQL's Unix socket in $T/pgsock.
# Output: $BENCH_OUT/ab.txt (the lines printed).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${VARIANTS:?VARIANTS=\"NAME:BINARY:tcp|unix ...\"}"
bench_out ab
bench_h2load
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$S/tests/lib/env.sh"
bench_serve
bench_school_tenant "$P" "$PASSEND_ADMIN_TOKEN" "AB SWV" "PO 93-01" "${SCHOOLS:-200}"
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
declare -A PORT PID
for v in $VARIANTS; do
	IFS=: read -r name bin mode flags <<<"$v"
	db=$PASSEND_DB
	[ "$mode" = unix ] && db="host=$T/pgsock port=$PG_PORT dbname=passend user=passend_app"
	p=$(free_port)
	# shellcheck disable=SC2086  # EXTRA_ARGS: several flags
	taskset -c 1 "$bin" --port="$p" --workers=1 --tls_cert="$T/certs/server.pem" --tls_key="$T/certs/server.key" \
		--db="$db" --migrations_dir="$S/sql/migrations" --log_level=warn ${EXTRA_ARGS:-} ${flags//,/ } \
		>"$BENCH_OUT/passendd-$name.log" 2>&1 </dev/null &
	PID[$name]=$!
	PORT[$name]=$p
	echo "${PID[$name]}" >>"$T/.pids"
	for _ in $(seq 100); do _port_in_use "$p" && break; sleep 0.1; done
done
for p in $pm $(ps -o pid= --ppid "$pm"); do taskset -a -cp 1 "$p" >/dev/null; done
pgp=$(bench_pg_pids)
H2=(taskset -c 0 h2load -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $TOKEN")
case ${METHOD:-school} in
school) path=passend.v1.Bestuur/GetSchool body=$BENCH_OUT/school.bin ;;
health)
	path=grpc.health.v1.Health/Check body=$BENCH_OUT/health.bin
	printf '\0\0\0\0\0' >"$body" # an empty HealthCheckRequest
	;;
*) echo "METHOD: school or health" >&2 && exit 2 ;;
esac
url() { echo "https://127.0.0.1:${PORT[$1]}/$path"; }
for v in $VARIANTS; do
	"${H2[@]}" -n "${WARM:-3000}" -c 1 -m 1 -d "$body" "$(url "${v%%:*}")" >/dev/null
done
n=${N:-20000}
for r in $(seq "${ROUNDS:-3}"); do
	for v in $VARIANTS; do
		name=${v%%:*} out=$BENCH_OUT/$name-r$r.txt
		# shellcheck disable=SC2086  # pgp: several pids
		s0=$(bench_ticks "${PID[$name]}") d0=$(bench_ticks $pgp)
		"${H2[@]}" -n "$n" -c "${C:-1}" -m "${M:-1}" -d "$body" --log-file="$BENCH_OUT/reqlog" \
			"$(url "$name")" >"$out" 2>&1 || true
		# shellcheck disable=SC2086
		s1=$(bench_ticks "${PID[$name]}") d1=$(bench_ticks $pgp)
		ok=$(sed -n 's/.* \([0-9]*\) succeeded.*/\1/p' "$out")
		rps=$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$out")
		pct=$(/usr/bin/python3 "$HERE/pctl.py" "$BENCH_OUT/reqlog" | awk '{print $1, $2}')
		awk -v nm="$name" -v r="$r" -v ok="$ok" -v rps="$rps" -v pct="$pct" -v s=$((s1 - s0)) -v d=$((d1 - d0)) -v n="$n" \
			'BEGIN { printf "%-10s r%s ok=%s %8s req/s %s  cpu/call passendd=%.1fus postgres=%.1fus\n",
				nm, r, ok, rps, pct, s * 10000 / n, d * 10000 / n }' | tee -a "$BENCH_OUT/ab.txt"
	done
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$BENCH_OUT/ab.txt"
done
rm -f "$BENCH_OUT/reqlog"
if [ -n "${HOLD:-}" ]; then
	{
		for v in $VARIANTS; do echo "PORT_${v%%:*}=${PORT[${v%%:*}]} PID_${v%%:*}=${PID[${v%%:*}]}"; done
		echo "TOKEN=$TOKEN PG_PORT=$PG_PORT T=$T SCHOOL_BIN=$BENCH_OUT/school.bin"
	} >"$BENCH_OUT/env"
	echo "holding for $HOLD s: $BENCH_OUT/env"
	sleep "$HOLD"
fi
echo "results: $BENCH_OUT"
