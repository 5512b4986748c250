#!/usr/bin/env bash
# test_metrics: passendd with metrics_listen, log_format = json and
# access_log = true. metrics_check.py makes calls of several methods and
# statuses, scrapes /metrics and parses it, and checks the JSON log (one
# rpc.call line per call, no token secret, no request data). Then: every
# line of the shutdown is JSON too; a passendd without metrics_listen opens
# no metrics listener; a metrics port in use stops start-up with exit 1.
. "$(dirname "$0")/../lib/env.sh"

py_require grpc google.protobuf
MPORT=$(free_port)
env_ready --metrics_listen="127.0.0.1:$MPORT" --log_format=json --access_log=true
py_checks "$S/tests/integration/metrics_check.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --build "$B" --src "$S" --out "$T/py" \
	--metrics "127.0.0.1:$MPORT" --log "$PASSENDD_LOG" --workers "$PASSENDD_WORKERS" --pool-size 2

passendd_stop TERM
expect_eq "passendd exits 0 on SIGTERM" "$PASSENDD_EXIT" 0
expect_match "the stop is logged as JSON" '"event":"server.stop"' "$(cat "$PASSENDD_LOG")"
py_checks "$S/tests/integration/metrics_check.py" --logs-only --log "$PASSENDD_LOG"
expect_exit "nothing listens on the metrics port after the stop" 7 \
	curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$MPORT/metrics"

# metrics_listen empty (the default): no listener, no server.metrics line
: >"$PASSENDD_LOG"
passendd_start --log_format=json
expect_eq "default: no server.metrics line" "$(grep -c '"event":"server.metrics"' "$PASSENDD_LOG")" 0
expect_eq "default: JSON start line" "$(grep -c '"event":"server.start"' "$PASSENDD_LOG")" 1
passendd_stop TERM

# a metrics port that is taken: start-up fails with a message naming it
expect_exit "metrics port in use: exit 1" 1 "$B/passendd" serve --h2c --listen_host=127.0.0.1 \
	--port="$(free_port)" --workers=1 --db="$PASSEND_DB" --migrations_dir="$S/sql/migrations" \
	--metrics_listen="127.0.0.1:$PG_PORT"
expect_match "names the metrics listener" "cannot listen for metrics on 127.0.0.1:$PG_PORT" "$ERR"
finish
