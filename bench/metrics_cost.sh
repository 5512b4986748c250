#!/usr/bin/env bash
# Instructions per call of passendd, counted by callgrind, to price the
# metrics (per-worker cells, the latency clock) and the access log: N
# Health/Check calls and N authenticated GetSchool calls (c=1, TLS, one
# worker) after a warm-up, each in its own callgrind dump.
#
#   bench/metrics_cost.sh [BUILD_DIR...]   default: build-bench (Release, built here)
#
# Give two build directories (e.g. a Release build of the commit before the
# metrics and one of this tree) to compare them on the same database. With
# EXTRA="--access_log=true" (or any other passendd flags) the runs use them.
# Env: N=2000 calls per case, WARM=300, SCHOOLS=20, BENCH_OUT=bench/results/cost-<timestamp>.
# Prints per build: Ir/call of each case (without h2load's one TLS handshake),
# and the inclusive Ir/call of the metrics and access-log functions (0 for a
# build without them). Needs a build with symbols (Release keeps them).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
N=${N:-2000}
WARM=${WARM:-300}
bench_out cost
command -v valgrind >/dev/null && command -v h2load >/dev/null || {
	echo "metrics_cost.sh needs valgrind and h2load (nghttp2-client)" >&2
	exit 1
}
BUILDS=("$@")
if [ "${#BUILDS[@]}" = 0 ]; then
	bench_build build-bench OFF passendd passend
	BUILDS=("$BB")
fi

# shellcheck source=../tests/lib/env.sh
PASSEND_BUILD_DIR=${BUILDS[0]} PASSEND_SOURCE_DIR=$S source "$S/tests/lib/env.sh"
pg_start >/dev/null
certs_make >/dev/null
passendd_migrate >/dev/null
CLI=$B/passend
printf '\0\0\0\0\0' >"$BENCH_OUT/health.bin"
H2=(h2load -H 'content-type: application/grpc' -H 'te: trailers')

ir_total() { callgrind_annotate "$1" 2>/dev/null | sed -n 's/^\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,; }
# inclusive Ir of the functions matching a regex, summed
ir_incl() {
	callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
		awk -v re="$2" '$0 ~ re { gsub(",", "", $1); s += $1 } END { print s + 0 }'
}

run_build() {
	local bdir=$1 i=$2 port pid out tok admin
	port=$(free_port)
	out=$BENCH_OUT/cg-$i
	valgrind --tool=callgrind --callgrind-out-file="$out.%p" "$bdir/passendd" serve --port="$port" --workers=1 \
		--tls_cert="$T/certs/server.pem" --tls_key="$T/certs/server.key" --db="$PASSEND_DB" \
		--migrations_dir="$S/sql/migrations" --log_level=warn ${EXTRA:-} >"$BENCH_OUT/passendd-$i.log" 2>&1 &
	pid=$!
	echo "$pid" >>"$T/.pids"
	for _ in $(seq 600); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.2; done
	sleep 2
	export PASSEND_SERVER=127.0.0.1:$port
	admin=$("$bdir/passendd" admin bootstrap --db_owner="$PASSEND_DB_OWNER" \
		--migrations_dir="$S/sql/migrations" --description cost 2>/dev/null)
	bench_school_tenant "$CLI" "$admin" "Cost SWV $i" "PO 8$i-01" "${SCHOOLS:-20}"
	tok=$TOKEN
	local base=https://127.0.0.1:$port
	local -a auth=(-H "authorization: Bearer $tok")
	"${H2[@]}" -n "$WARM" -c 1 -m 1 -d "$BENCH_OUT/health.bin" "$base/grpc.health.v1.Health/Check" >/dev/null
	"${H2[@]}" "${auth[@]}" -n "$WARM" -c 1 -m 1 -d "$BENCH_OUT/school.bin" "$base/passend.v1.Bestuur/GetSchool" >/dev/null
	local case url extra_h res
	for case in health school; do
		if [ "$case" = health ]; then
			url=$base/grpc.health.v1.Health/Check extra_h=() body=$BENCH_OUT/health.bin
		else
			url=$base/passend.v1.Bestuur/GetSchool extra_h=("${auth[@]}") body=$BENCH_OUT/school.bin
		fi
		callgrind_control -z "$pid" >/dev/null
		res=$("${H2[@]}" "${extra_h[@]}" -n "$N" -c 1 -m 1 -d "$body" "$url" | grep -o '[0-9]* succeeded')
		callgrind_control -d "$case" "$pid" >/dev/null
		local f
		f=$(ls -t "$out".* | head -1)
		mv "$f" "$BENCH_OUT/cg-$i-$case.out"
		f=$BENCH_OUT/cg-$i-$case.out
		local tot hs met acc
		tot=$(ir_total "$f")
		# h2load's one TLS handshake per run is not a call's cost
		hs=$(ir_incl "$f" ':SSL_do_handshake \\[')
		met=$(ir_incl "$f" ':(metrics_(call_start|call_end|gauge_add|gauge_set|count|db_state)|uv_hrtime) \\[')
		acc=$(ir_incl "$f" ':access_log_call \\[')
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$bdir" "$case" "$res" "$(((tot - hs) / N))" "$((met / N))" \
			"$((acc / N))" "${EXTRA:-}" | tee -a "$BENCH_OUT/cost.tsv"
	done
	kill -TERM "$pid"
	wait "$pid" || true
}

printf 'build\tcase\tcalls\tIr/call\tmetrics Ir/call\taccess log Ir/call\tflags\n' | tee "$BENCH_OUT/cost.tsv"
for i in "${!BUILDS[@]}"; do
	run_build "${BUILDS[$i]}" "$i"
done
echo "results: $BENCH_OUT"
ok "metrics_cost"
finish
