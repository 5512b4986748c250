#!/usr/bin/env bash
# Change-feed latency (issue 11, D50): STREAMS (default 1000) concurrent
# passend.v1.Sync/WatchChanges streams follow one tenant while WRITES MDOs are
# made one at a time; p50/p99 of the time from the write call's return (after
# the commit) to each stream's receipt (bench/feed_latency.py, python grpc.aio).
#
#   bench/feed_latency.sh        build (Release), serve, measure, print a summary
#
# Placement as bench/run.sh: passendd (1 worker) + PostgreSQL on CPU 1, the
# python client on CPU 0. Env: STREAMS=1000 WRITES=50 PAUSE=0.2,
# BENCH_OUT=bench/results/feed-<timestamp>. The client is python: at 1000
# streams it is itself a large part of the figure (one CPU decoding 1000
# messages per write).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
STREAMS=${STREAMS:-1000} WRITES=${WRITES:-50} PAUSE=${PAUSE:-0.2}
bench_out feed
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$SRC/tests/lib/env.sh"
BENCH_PASSENDD_ARGS="--feed_max_streams_per_token=$STREAMS --max_concurrent_streams=1000 ${BENCH_PASSENDD_ARGS:-}"
bench_serve
bench_env "placement: passendd (1 worker) + postgres on CPU 1, python grpc.aio client on CPU 0" \
	"streams=$STREAMS writes=$WRITES pause=${PAUSE}s"
bench_loadavg before
taskset -c 0 /usr/bin/python3 "$HERE/feed_latency.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --src "$SRC" --out "$BENCH_OUT" \
	--streams "$STREAMS" --writes "$WRITES" --pause "$PAUSE" | tee "$BENCH_OUT/summary.txt"
bench_loadavg after
