#!/usr/bin/env bash
# test_slowloris: slow clients are cut off by their timeouts while Health
# keeps answering. passendd runs with short timeouts (handshake 2 s, idle
# 2 s, drain 1 s); each stage opens 20 connections that stop half-way and
# must be closed by the server in time: TCP only and half a TLS handshake
# (handshake timeout), TLS without the HTTP/2 preface dripped a byte at a time
# (the handshake timeout covers the preface), a request's headers a byte at a
# time, a response whose flow-control window never opens and a streaming
# request that never sends (idle timeout, then drain timeout). A Health/Check
# probe runs through every stage. Full size (10,000 connections, RSS per
# connection): bench/flood.sh.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

py_require h2
env_ready --handshake_timeout_ms=2000 --idle_timeout_ms=2000 --drain_timeout_ms=1000

# stage, tick (s between dripped bytes), earliest and latest close (s after the TCP connect):
# the handshake timeout (2 s), or the idle timeout (2 s, from the end of the
# handshake) and at most the drain timeout (1 s) after it; late bounds leave
# room for a loaded machine
while read -r stage tick lo hi; do
	py_checks "$S/tests/integration/slowloris.py" --stage "$stage" --port "$PASSEND_PORT" --ca "$PASSEND_CA" \
		--pid "$PASSENDD_PID" --n 20 --tick "$tick" --expect-min "$lo" --expect-max "$hi" --give-up 20 \
		--probe-rate 20 --max-p99-ms 3000
done <<'STAGES'
tcp 0.2 1.8 5
tls_half 0.2 1.8 5
no_preface 0.2 1.8 5
headers 0.2 1.8 8
window0 0.2 1.8 8
stream 0.2 1.8 8
STAGES
expect_exit "passendd still serves after the stages" 0 "$B/passend" health
finish
