#!/usr/bin/env bash
# One verified h2load case against any gRPC server (passendd or the reference).
#
#   grpc_load.sh NAME URL BODY N C M
#
# Like the reference harness (third_party/reference-bench): first one probe with `nghttp -v` must return
# grpc-status 0 (its DATA length is the expected reply size), then a warm-up,
# then the measured run; afterwards h2load's data bytes must equal
# succeeded x reply size, so a trailers-only gRPC error cannot pass as success.
# Appends one line to $BENCH_OUT/results.tsv and prints a summary line.
# Env: BENCH_OUT (required), LOAD_CPU=0, SERVER_PID (CPU accounting), PG_PIDS
# (space-separated pids of PostgreSQL processes), WARMUP_N=20000,
# AUTH ("authorization: Bearer …", sent with every request when set),
# REPLY_SIZE_VARIES=1 (a write whose reply holds its own id and timestamps:
# every request must still succeed; the caller counts the rows it wrote).
set -euo pipefail
name=$1 url=$2 body=$3 n=$4 c=$5 m=$6
: "${BENCH_OUT:?BENCH_OUT must be set}"
. "$(dirname "$0")/lib.sh" # bench_ticks
LOAD_CPU=${LOAD_CPU-0}
WARMUP_N=${WARMUP_N:-20000}
pin=()
[ -n "$LOAD_CPU" ] && pin=(taskset -c "$LOAD_CPU")
H2=(h2load -H 'content-type: application/grpc' -H 'te: trailers')
extra=()
[ -n "${AUTH:-}" ] && { H2+=(-H "$AUTH"); extra=(-H "$AUTH"); }

v=$(nghttp -v -n -H 'content-type: application/grpc' -H 'te: trailers' "${extra[@]}" -d "$body" "$url" 2>&1) || true
echo "$v" >"$BENCH_OUT/$name.nghttp.txt"
st=$(echo "$v" | sed -n 's/.*recv (stream_id=[0-9]*) grpc-status: \([0-9]*\).*/\1/p' | head -1)
exp=$(echo "$v" | sed -n 's/.*recv DATA frame <length=\([0-9]*\),.*/\1/p' | awk '{s+=$1} END{print s+0}')
if [ "$st" != 0 ] || [ "$exp" = 0 ]; then
	echo "$name: probe failed: grpc-status='$st' data=$exp (see $BENCH_OUT/$name.nghttp.txt)" >&2
	exit 1
fi

"${pin[@]}" "${H2[@]}" -n "$WARMUP_N" -c "$c" -m "$m" -d "$body" "$url" >/dev/null 2>&1 || true
log=$BENCH_OUT/$name.reqlog
s0=$(bench_ticks ${SERVER_PID:-}); d0=$(bench_ticks ${PG_PIDS:-})
"${pin[@]}" "${H2[@]}" -n "$n" -c "$c" -m "$m" -d "$body" --log-file="$log" "$url" >"$BENCH_OUT/$name.h2load.txt" 2>&1
s1=$(bench_ticks ${SERVER_PID:-}); d1=$(bench_ticks ${PG_PIDS:-})
f=$BENCH_OUT/$name.h2load.txt
wall=$(sed -n 's/^finished in \([0-9.]*\)\(m\?s\),.*/\1 \2/p' "$f" | awk '{print ($2=="ms") ? $1/1000 : $1}')
rps=$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$f")
ok=$(sed -n 's/.* \([0-9]*\) succeeded.*/\1/p' "$f")
data=$(sed -n 's/^traffic:.* (\([0-9]*\)) data$/\1/p' "$f")
verdict=OK
if { [ "${REPLY_SIZE_VARIES:-0}" != 1 ] && [ "$data" != $((ok * exp)) ]; } || [ "$ok" != "$n" ]; then
	verdict="MISMATCH(data=$data expected=$((ok * exp)) ok=$ok/$n)"
fi
pct=$(/usr/bin/python3 "$HERE/pctl.py" "$log")
rm -f "$log"
srv=$(awk -v a="$s0" -v b="$s1" -v w="$wall" 'BEGIN{printf "%.0f", (b-a)/100/w*100}')
db=$(awk -v a="$d0" -v b="$d1" -v w="$wall" 'BEGIN{printf "%.0f", (b-a)/100/w*100}')
[ -s "$BENCH_OUT/results.tsv" ] || printf 'case\tconc\trequests\treq_per_s\tlatency_us\tserver_cpu%%\tdb_cpu%%\tcheck\n' >"$BENCH_OUT/results.tsv"
printf '%s\tc=%s m=%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$c" "$m" "$n" "$rps" "$pct" "$srv" "$db" "$verdict" >>"$BENCH_OUT/results.tsv"
echo "$name: $rps req/s  $pct  cpu% server=$srv db=$db  $verdict"
[ "$verdict" = OK ]
