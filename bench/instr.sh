#!/usr/bin/env bash
# Instructions per call (callgrind: this VM has no hardware counters, `perf stat -e instructions`
# reports <not supported>) of passendd and of PostgreSQL, for Health/Check and the
# authenticated GetSchool at c=1 and at c=50 (m=10): passendd (one worker, Release) and the whole
# PostgreSQL cluster run under callgrind; each case's counters are zeroed, N calls made, and
# the counters dumped. passendd's figure leaves out h2load's TLS handshakes (SSL_do_handshake,
# inclusive); PostgreSQL's is the sum over every postgres process (its backends: passendd's pool
# connections). Counted, not timed: the same on a busy machine.
#
#   bench/instr.sh [OUT.tsv]      default $BENCH_OUT/instr.tsv
# Env: N=2000 calls per case, WARM=300, SCHOOLS=200, CASES="health1 health50 school1 school50"
#      (c=1 m=1; c=50 m=M50, default 1: under callgrind m=10 overruns the pool's queue),
#      WITH_POSTGRES=1 (0: PostgreSQL runs natively and only passendd is counted; not PG*: tests/lib/env.sh unsets those),
#      BENCH_OUT=bench/results/instr-<timestamp>, BENCH_BUILD (an existing Release build).
# Output (TSV, also printed): case, calls, passendd Ir/call, PostgreSQL Ir/call.
# Used by bench/split.sh and bench/instr_check.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
N=${N:-2000}
WARM=${WARM:-300}
CASES=${CASES:-health1 health50 school1 school50}
WITH_POSTGRES=${WITH_POSTGRES:-1}
bench_out instr
OUTF=${1:-$BENCH_OUT/instr.tsv}
command -v valgrind >/dev/null || {
	echo "instr.sh needs valgrind" >&2
	exit 1
}
bench_h2load
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$S/tests/lib/env.sh"
CG=$T/cg
mkdir -p "$CG"
chmod 777 "$CG"
pg_start >/dev/null
certs_make >/dev/null
passendd_migrate >/dev/null
pm=$(head -1 "$PG_DATA/postmaster.pid")

ir_incl() { # inclusive Ir of the functions matching a regex, summed
	callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
		awk -v re="$2" '$0 ~ re { gsub(",", "", $1); s += $1 } END { print s + 0 }'
}
ir_file() { sed -n 's/^\(totals\|summary\): *\([0-9]*\).*/\2/p' "$1" | head -1; }
wait_port() { for _ in $(seq 600); do ss -Hltn "sport = :$1" | grep -q . && break; sleep 0.2; done; }

# ---- passendd: one process under callgrind, counters zeroed and dumped per case
# (busy poll off: its polling is waiting for the next call, not work of one; D60, its CPU is in
# bench/ab.sh's CPU µs per call)
port=$(free_port)
valgrind --tool=callgrind --callgrind-out-file="$CG/pd.%p" "$B/passendd" serve --port="$port" --workers=1 \
	--tls_cert="$T/certs/server.pem" --tls_key="$T/certs/server.key" --db="$PASSEND_DB" \
	--migrations_dir="$S/sql/migrations" --log_level=warn --busy_poll_us=0 >"$BENCH_OUT/passendd.log" 2>&1 &
pid=$!
echo "$pid" >>"$T/.pids"
wait_port "$port"
sleep 2
export PASSEND_SERVER=127.0.0.1:$port
admin=$("$B/passendd" admin bootstrap --db_owner="$PASSEND_DB_OWNER" --migrations_dir="$S/sql/migrations" \
	--description instr 2>/dev/null)
bench_school_tenant "$B/passend" "$admin" "Instr SWV" "PO 95-01" "${SCHOOLS:-200}"
printf '\0\0\0\0\0' >"$BENCH_OUT/health.bin"
H2=(h2load -H 'content-type: application/grpc' -H 'te: trailers')
auth=(-H "authorization: Bearer $TOKEN")
base=https://127.0.0.1:$port
"${H2[@]}" -n "$WARM" -c 1 -m 1 -d "$BENCH_OUT/health.bin" "$base/grpc.health.v1.Health/Check" >/dev/null
"${H2[@]}" "${auth[@]}" -n "$WARM" -c 10 -m 1 -d "$BENCH_OUT/school.bin" "$base/passend.v1.Bestuur/GetSchool" >/dev/null
: >"$BENCH_OUT/passendd-ir.txt"
for case in $CASES; do
	url=$base/passend.v1.Bestuur/GetSchool extra=("${auth[@]}") body=$BENCH_OUT/school.bin c=1 m=1
	case $case in health*) url=$base/grpc.health.v1.Health/Check extra=() body=$BENCH_OUT/health.bin ;; esac
	case $case in *50) c=50 m=${M50:-1} ;; esac
	rm -f "$CG"/pd.*.*
	callgrind_control -z "$pid" >/dev/null
	res=$("${H2[@]}" "${extra[@]}" -n "$N" -c "$c" -m "$m" -d "$body" "$url" | grep -o '[0-9]* succeeded' || true)
	[ "$res" = "$N succeeded" ] || {
		echo "$case: $res of $N" >&2
		exit 1
	}
	callgrind_control -d "$case" "$pid" >/dev/null
	f=$(ls -t "$CG"/pd."$pid".* | head -1)
	mv "$f" "$BENCH_OUT/cg-passendd-$case.out"
	f=$BENCH_OUT/cg-passendd-$case.out
	pd=$(($(ir_file "$f") - $(ir_incl "$f" ':SSL_do_handshake \\[')))
	echo "$case $N $((pd / N))" >>"$BENCH_OUT/passendd-ir.txt"
done
kill -TERM "$pid"
wait "$pid" || true

# ---- PostgreSQL: callgrind cannot be steered in a forked backend (callgrind_control sees only
# the postmaster), so a backend's count is the one it writes when it exits. The cluster runs under
# callgrind; a native passendd starts, its pool connects (new backends), WARM then K calls are
# made, passendd stops and its backends exit. Two runs, K = N and K = 2N: the difference / N is
# the backends' instructions per call without the connect, the prepares and the warm-up.
pg_ir() { # case K: Ir of passendd's backends over a run with K measured calls
	local case=$1 k=$2 c=1 m=1 ppid t g url p
	case $case in *50) c=50 m=${M50:-1} ;; esac
	touch "$CG/.mark"
	sleep 1
	p=$(free_port)
	"$B/passendd" serve --port="$p" --workers=1 --tls_cert="$T/certs/server.pem" --tls_key="$T/certs/server.key" \
		--db="$PASSEND_DB" --migrations_dir="$S/sql/migrations" --log_level=info --db_connect_timeout_ms=600000 \
		>>"$BENCH_OUT/passendd-native.log" 2>&1 </dev/null &
	ppid=$!
	echo "$ppid" >>"$T/.pids"
	wait_port "$p"
	url=https://127.0.0.1:$p/passend.v1.Bestuur/GetSchool
	for _ in $(seq 600); do # both pool connections up (each prepares every statement under callgrind)
		nready=$(grep -c 'event=db.ready' "$BENCH_OUT/passendd-native.log" 2>/dev/null || true)
		[ "${nready:-0}" -ge $((2 * ${IRPG_RUNS:-0} + 2)) ] && break
		sleep 1
	done
	"${H2[@]}" "${auth[@]}" -n "$WARM" -c "$c" -m "$m" -d "$BENCH_OUT/school.bin" "$url" >/dev/null
	"${H2[@]}" "${auth[@]}" -n "$k" -c "$c" -m "$m" -d "$BENCH_OUT/school.bin" "$url" | grep -q "$k succeeded" ||
		{ echo "pg_ir $case $k: calls failed" >&2; return 1; }
	kill -TERM "$ppid"
	wait "$ppid" || true
	for _ in $(seq 300); do # the backends' dumps, written as they exit
		[ "$(find "$CG" -name 'pg.*' -newer "$CG/.mark" | wc -l)" -ge 2 ] && break
		sleep 1
	done
	sleep 3
	t=0
	for g in $(find "$CG" -name 'pg.*' -newer "$CG/.mark"); do
		t=$((t + $(ir_file "$g")))
		mv "$g" "$BENCH_OUT/cg-postgres-$case-$k-${g##*/}"
	done
	IRPG_T=$t
}
declare -A IRPG
if [ "$WITH_POSTGRES" = 1 ]; then
	bench_pg_callgrind "$CG"
	IRPG_RUNS=0
	for case in $CASES; do
		case $case in school*) ;; *) continue ;; esac
		pg_ir "$case" "$N"
		a=$IRPG_T IRPG_RUNS=$((IRPG_RUNS + 1))
		pg_ir "$case" $((2 * N))
		b=$IRPG_T IRPG_RUNS=$((IRPG_RUNS + 1))
		IRPG[$case]=$(((b - a) / N))
	done
	pg_stop >/dev/null 2>&1 || true
fi
printf 'case\tcalls\tpassendd_ir_per_call\tpostgres_ir_per_call\n' | tee "$OUTF"
while read -r case n pd; do
	pg=${IRPG[$case]:--}
	case $case in health*) [ "$WITH_POSTGRES" = 1 ] && pg=0 ;; esac # Health reads the pool's state, sends nothing
	printf '%s\t%s\t%s\t%s\n' "$case" "$n" "$pd" "$pg" | tee -a "$OUTF"
done <"$BENCH_OUT/passendd-ir.txt"
echo "results: $BENCH_OUT (callgrind files: callgrind_annotate FILE)"
