#!/usr/bin/env bash
# Arrangement report profile (issue 8): werkgebied.arrangement_report on the national-scale
# arrangement data set (bench/arrangement_bench_data.sql), one tenant's report through
# trimester 2 as bestuur, measured per call with pgbench (c=1, the principal and the call in
# one pipeline, as passendd sends them) and explained with auto_explain (every statement the
# function runs, with ANALYZE and BUFFERS), for each version of the function given:
#
#   bench/arrangement_report_profile.sh [REV...]
#
# Each REV (default: main, then the working tree "WT") is a git revision whose
# sql/functions/werkgebied_arrangement_report.sql (and rapportage_kalender.sql) is applied
# to the same loaded database in turn (the functions are repeatable, D25), so the versions
# are compared on the same data, one after the other (never concurrently).
# Env: TENANTS=150 (the data set's tenants; 20 gives every tenant the same 24,000
#      arrangements in a smaller table), PER_WG=600, YEARS=5, SQL_N=100,
#      BENCH_BUILD (an existing build to use, e.g. build-test), BENCH_OUT.
# Results: $BENCH_OUT/summary.txt (p50/p90/p99 per version), explain-<REV>.txt (the plans),
# env.txt. The cluster is removed at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TENANTS=${TENANTS:-150} PER_WG=${PER_WG:-600} YEARS=${YEARS:-5}
[ $# -gt 0 ] || set -- main WT
bench_out arrangement-profile
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$SRC/tests/lib/env.sh"
bench_serve
bench_env "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (test settings: shared_buffers 32MB, fsync off)" \
	"data: $TENANTS tenants x 8 werkgebieden x $PER_WG arrangements/year x $YEARS years" \
	"versions: $*"
say "creating $TENANTS tenants"
bench_tenants "$TENANTS"
bench_load_tlvs
bench_load_arrangements >/dev/null
bench_loaded "$(psql_super -Atc "SELECT count(*) FROM werkgebied.arrangementen") arrangements"

for rev in "$@"; do
	for f in rapportage_kalender werkgebied_arrangement_report; do
		if [ "$rev" = WT ]; then cat "$SRC/sql/functions/$f.sql"; else git -C "$SRC" show "$rev:sql/functions/$f.sql"; fi
	done >"$T/fn-$rev.sql"
	psql_owner -q -v ON_ERROR_STOP=1 -f "$T/fn-$rev.sql" >/dev/null
	say "$rev: auto_explain of one call"
	bench_explain "$BENCH_OUT/explain-$rev.txt" "werkgebied.arrangement_report('2016-2017', 2)"
	say "$rev: pgbench"
	echo "$rev: $(bench_sql_latency "report-$rev" "werkgebied.arrangement_report('2016-2017', 2)" "${SQL_N:-100}")" |
		tee -a "$BENCH_OUT/summary.txt"
done
bench_loadavg after
cat "$BENCH_OUT/summary.txt"
