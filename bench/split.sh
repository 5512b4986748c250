#!/usr/bin/env bash
# Where each call's CPU goes (issue 14): for Health/Check and the authenticated GetSchool, at
# c=1 and at c=50 (m=10), passendd's and PostgreSQL's CPU µs per call, from the processes' CPU
# times over the run (utime+stime in /proc/<pid>/stat: passendd, and every postgres process,
# summed), then the top of a `perf record` (cpu-clock sampling) of each side during a second run,
# and (INSTR=1) instructions per call of each side (bench/instr.sh, callgrind: this VM has no
# hardware counters for `perf stat -e instructions`).
# Placement as run.sh: passendd (1 worker) and PostgreSQL on CPU 1, h2load on CPU 0.
#
#   bench/split.sh                Env: N1=20000 (c=1 calls), N50=200000 (c=50 calls), SCHOOLS=1000,
#                                 PERF=1 (0: no perf record), PERF_N=(N/2), TOP=12 lines per side,
#                                 INSTR=1 (0: skip the callgrind runs), CASES="health1 health50
#                                 school1 school50", BENCH_BUILD (an existing Release build)
# Output: $BENCH_OUT/split.tsv (case, calls, req/s, passendd µs/call, PostgreSQL µs/call,
# check), perf-<case>-{passendd,postgres}.txt, instr.tsv; a summary on stdout.
# CPU µs per call is the figure to compare on a shared machine (wall-clock rates are not).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
CASES=${CASES:-health1 health50 school1 school50}
TOP=${TOP:-12}
bench_out split
bench_h2load
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$S/tests/lib/env.sh"
bench_serve
bench_env "openssl $(openssl version | cut -d' ' -f2); h2load $(h2load --version | head -1 | awk '{print $2}')" \
	"placement: passendd (1 worker) + postgres on CPU 1, h2load on CPU 0; perf: $(command -v perf || echo none)"
bench_school_tenant "$P" "$PASSEND_ADMIN_TOKEN" "Split SWV" "PO 96-01" "${SCHOOLS:-1000}"
printf '\0\0\0\0\0' >"$BENCH_OUT/health.bin"
# pin every backend (the pool's connections were forked after bench_serve pinned the postmaster)
for p in $(bench_pg_pids); do taskset -a -cp 1 "$p" >/dev/null; done


# perf record of pids (comma-separated) into OUT.data while CMD runs; the top symbols into OUT.txt
perf_top() {
	local pids=$1 out=$2
	shift 2
	perf record -q -e cpu-clock -F 2000 -p "$pids" -o "$out.data" >/dev/null 2>&1 &
	local rec=$!
	sleep 0.5
	"$@" >/dev/null 2>&1 || true
	kill -INT "$rec"
	wait "$rec" 2>/dev/null || true
	perf report -i "$out.data" --stdio --no-children --sort dso,sym 2>/dev/null |
		grep -E '^ +[0-9]' | head -n "$TOP" >"$out.txt" || true
	rm -f "$out.data"
}

H2=(h2load -H 'content-type: application/grpc' -H 'te: trailers')
printf 'case\tcalls\treq_per_s\tpassendd_us_per_call\tpostgres_us_per_call\tcheck\n' >"$BENCH_OUT/split.tsv"
for case in $CASES; do
	url=https://$PASSEND_SERVER/passend.v1.Bestuur/GetSchool body=$BENCH_OUT/school.bin auth="authorization: Bearer $TOKEN"
	case $case in health*) url=https://$PASSEND_SERVER/grpc.health.v1.Health/Check body=$BENCH_OUT/health.bin auth="" ;; esac
	c=1 m=1 n=${N1:-20000}
	case $case in *50) c=50 m=10 n=${N50:-200000} ;; esac
	pgp=$(bench_pg_pids)
	s0=$(bench_ticks "$pid")
	# shellcheck disable=SC2086
	d0=$(bench_ticks $pgp)
	line=$(AUTH=$auth SERVER_PID=$pid PG_PIDS=$pgp "$HERE/grpc_load.sh" "$case" "$url" "$body" "$n" "$c" "$m") ||
		{ echo "$line" >&2; exit 1; }
	s1=$(bench_ticks "$pid")
	# shellcheck disable=SC2086
	d1=$(bench_ticks $pgp)
	# grpc_load.sh's warm-up ran inside the window too: count its calls
	calls=$((n + ${WARMUP_N:-20000}))
	rps=$(echo "$line" | awk '{print $2}')
	su=$(awk -v t=$((s1 - s0)) -v n=$calls 'BEGIN{printf "%.1f", t * 10000 / n}')
	du=$(awk -v t=$((d1 - d0)) -v n=$calls 'BEGIN{printf "%.1f", t * 10000 / n}')
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$calls" "$rps" "$su" "$du" "${line##* }" >>"$BENCH_OUT/split.tsv"
	echo "$case: $rps req/s; CPU per call: passendd $su µs, PostgreSQL $du µs (${line##* })"
	if [ "${PERF:-1}" = 1 ] && command -v perf >/dev/null; then
		pn=${PERF_N:-$((n / 2))}
		h=("${H2[@]}")
		[ -n "$auth" ] && h+=(-H "$auth")
		perf_top "$pid" "$BENCH_OUT/perf-$case-passendd" taskset -c 0 "${h[@]}" -n "$pn" -c "$c" -m "$m" -d "$body" "$url"
		if [ "${case#school}" != "$case" ]; then
			perf_top "$(echo $pgp | tr ' ' ',')" "$BENCH_OUT/perf-$case-postgres" taskset -c 0 "${h[@]}" -n "$pn" -c "$c" -m "$m" -d "$body" "$url"
		fi
	fi
done
bench_loadavg end
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true

echo
echo "== CPU µs per call (from /proc/<pid>/stat over each run; the machine may be shared)"
column -t -s "$(printf '\t')" "$BENCH_OUT/split.tsv"
for f in "$BENCH_OUT"/perf-*.txt; do
	[ -f "$f" ] || continue
	echo
	echo "== perf record (cpu-clock), top $TOP: $(basename "$f" .txt)"
	cat "$f"
done
if [ "${INSTR:-1}" = 1 ]; then
	echo
	echo "== instructions per call (callgrind, bench/instr.sh)"
	BENCH_BUILD=$BB BENCH_OUT=$BENCH_OUT/instr CASES="$CASES" SCHOOLS=200 bash "$HERE/instr.sh" "$BENCH_OUT/instr.tsv" |
		grep -v '^results:' || echo "instr.sh failed (see $BENCH_OUT/instr)" >&2
fi
echo "results: $BENCH_OUT"
