#!/usr/bin/env bash
# bench/flood.sh: floods and slow clients against passendd (Release), with a
# Health/Check probe (its own process, PROBE_RATE calls/s on one connection)
# running through each case and passendd's RSS sampled every 100 ms:
#   flood       FLOOD_N (10,000) TLS connections, one Health/Check each, held
#               HOLD s (passendd with its default timeouts)
#   slowloris   SLOW_N connections per stage, each stopping half-way: TCP only,
#               half a TLS handshake, TLS without the HTTP/2 preface (dripped),
#               request headers a byte at a time, a window that never opens,
#               a streaming request (reflection) that never sends;
#               passendd with handshake 5 s, idle 10 s, drain 5 s: each stage
#               must be closed by its timeout
# The small version is tests/integration/test_slowloris.sh.
#
#   bench/flood.sh
# Env: FLOOD_N=10000 HOLD=20 SLOW_N=1000 PROBE_RATE=50 STAGES="flood tcp tls_half
#      no_preface headers window0 stream" BENCH_OUT=bench/results/flood-<timestamp>
set -euo pipefail
. "$(dirname "$0")/lib.sh"
FLOOD_N=${FLOOD_N:-10000}
HOLD=${HOLD:-20}
SLOW_N=${SLOW_N:-1000}
PROBE_RATE=${PROBE_RATE:-50}
STAGES=${STAGES:-flood tcp tls_half no_preface headers window0 stream}
bench_out flood
OUTDIR=$BENCH_OUT

# Descriptors: FLOOD_N connections on each side (passendd and the client
# process are separate processes, each with this limit), plus files and the
# database. Raised here, for this script and what it starts.
need=$((FLOOD_N + 1000))
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$need" ]; then
	echo "bench/flood.sh: the hard descriptor limit is $hard, $need are needed (raise it in limits.conf)" >&2
	exit 1
fi
ulimit -n "$need"

bench_build build-bench-faults ON passendd passend
set +eu
. "$SRC/tests/lib/env.sh"
py_require h2

SL="$SRC/tests/integration/slowloris.py"
MAXC=$((FLOOD_N + 100)) # the flood, the probe and the harness's own checks
env_ready --max_connections="$MAXC"
echo "ulimit -n $(ulimit -n); passendd $PASSENDD_WORKERS workers, max_connections $MAXC" | tee "$OUTDIR/env.txt"

# stage ARGS...: one case with a probe beside it; figures to stdout and flood.txt
stage() {
	local name=$1 probe_pid
	shift
	/usr/bin/python3 "$SL" --stage probe --label "$name" --port "$PASSEND_PORT" --ca "$PASSEND_CA" \
		--rate "$PROBE_RATE" --duration 3600 >"$OUTDIR/probe-$name.txt" 2>&1 &
	probe_pid=$!
	sleep 1
	py_checks "$SL" --stage "$name" --port "$PASSEND_PORT" --ca "$PASSEND_CA" --pid "$PASSENDD_PID" "$@" \
		> >(tee -a "$OUTDIR/flood.txt")
	kill -TERM "$probe_pid"
	wait "$probe_pid"
	tee -a "$OUTDIR/flood.txt" <"$OUTDIR/probe-$name.txt"
}

for s in $STAGES; do
	[ "$s" = flood ] || continue
	stage flood --n "$FLOOD_N" --hold "$HOLD" --open-concurrency 200
done

# The slow clients against short timeouts (stage, tick, earliest, latest close in
# s), each against a fresh passendd: freed memory stays in the allocator, so
# only a fresh process shows what a stage's connections cost.
while read -r s tick lo hi; do
	case " $STAGES " in *" $s "*) ;; *) continue ;; esac
	passendd_restart --max_connections="$MAXC" --handshake_timeout_ms=5000 --idle_timeout_ms=10000 \
		--drain_timeout_ms=5000 || { fail "passendd restart" "with short timeouts"; finish; }
	stage "$s" --n "$SLOW_N" --tick "$tick" --expect-min "$lo" --expect-max "$hi" --give-up 60 \
		--open-concurrency 50
done <<'STAGES'
tcp 0.5 4.5 10
tls_half 0.5 4.5 10
no_preface 0.5 4.5 10
headers 1.0 9 25
window0 0.5 9 25
stream 0.5 9 25
STAGES
finish
