#!/usr/bin/env bash
# Instruction-count regression check (issue 14): counts instructions per call with
# bench/instr.sh (callgrind; counted, not timed, so it holds on a busy machine) and fails when a
# case grows by more than LIMIT percent over the committed baseline bench/instr_baseline.tsv:
# passendd's instructions per call of Health/Check and GetSchool (c=1, c=50), and PostgreSQL's
# per GetSchool (what the statements passendd sends cost the database). Run by hand before
# merging a change to the call path; not part of scripts/test (it takes several minutes).
#
#   bench/instr_check.sh            check against the baseline; exit 1 on a regression
#   UPDATE=1 bench/instr_check.sh   write the counts as the new baseline (commit it, and say why)
# Env: LIMIT=10 (percent), N=1000 (as the baseline: fixed costs are spread over N calls), WITH_POSTGRES=1 (0: passendd only), BENCH_BUILD (an existing Release
# build), BASELINE=bench/instr_baseline.tsv.
# Counts depend on the toolchain and library versions (Debian 12: OpenSSL 3.0, nghttp2 1.52,
# libuv 1.44, PostgreSQL 15): make a new baseline when those change.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
LIMIT=${LIMIT:-10}
BASELINE=${BASELINE:-$HERE/instr_baseline.tsv}
export N=${N:-1000} WITH_POSTGRES=${WITH_POSTGRES:-1}
bench_out instr-check
BENCH_OUT=$BENCH_OUT bash "$HERE/instr.sh" "$BENCH_OUT/now.tsv" >"$BENCH_OUT/instr.log" 2>&1 || {
	tail -20 "$BENCH_OUT/instr.log" >&2
	echo "instr_check: bench/instr.sh failed (log: $BENCH_OUT/instr.log)" >&2
	exit 2
}
if [ "${UPDATE:-0}" = 1 ]; then
	{
		echo "# bench/instr_check.sh baseline: instructions per call (bench/instr.sh, N=$N),"
		echo "# $(date -u +%F) commit $(git -C "$SRC" rev-parse --short HEAD), $(uname -m), PostgreSQL $(/usr/lib/postgresql/15/bin/postgres --version 2>/dev/null | awk '{print $3}')"
		cat "$BENCH_OUT/now.tsv"
	} >"$BASELINE"
	cat "$BASELINE"
	echo "baseline written: $BASELINE"
	exit 0
fi
[ -f "$BASELINE" ] || {
	echo "instr_check: no baseline $BASELINE (make one with UPDATE=1)" >&2
	exit 2
}
/usr/bin/python3 - "$BASELINE" "$BENCH_OUT/now.tsv" "$LIMIT" <<'EOF'
import sys
def load(path):
    rows = {}
    for line in open(path):
        if line.startswith("#") or line.startswith("case\t") or not line.strip():
            continue
        c = line.rstrip("\n").split("\t")
        rows[c[0]] = {"passendd": c[2], "postgres": c[3]}
    return rows
base, now, limit = load(sys.argv[1]), load(sys.argv[2]), float(sys.argv[3])
bad = 0
for case, sides in now.items():
    for side, v in sides.items():
        b = base.get(case, {}).get(side, "-")
        if v in ("-", "") or b in ("-", "", "0") or v == "0":
            continue
        growth = (int(v) - int(b)) * 100.0 / int(b)
        verdict = "ok" if growth <= limit else "REGRESSION"
        bad += verdict != "ok"
        print("%-9s %-9s baseline %9s  now %9s  %+6.1f%%  %s" % (case, side, b, v, growth, verdict))
print("instr_check: %s (limit +%g%%)" % ("FAILED" if bad else "passed", limit))
sys.exit(1 if bad else 0)
EOF
