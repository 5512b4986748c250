#!/usr/bin/python3
"""Per-round ratios of passendd to the reference and their medians (bench/run.sh).

  ratios.py BENCH_OUT ROUNDS

Reads BENCH_OUT/results.tsv (passendd: health-rN, health1-rN, school-rN, school1-rN) and
BENCH_OUT/ref-N/results.tsv (the reference: ping, ping1, school, school1). c=50 cases compare
throughput (passendd / reference: higher is better), c=1 cases the p50 latency (passendd /
reference: lower is better). Prints one line per case with every round and the median, and
writes them to BENCH_OUT/ratios.tsv.
"""
import os
import statistics
import sys

PAIRS = [("health", "ping", "rps"), ("health1", "ping1", "p50"), ("school", "school", "rps"),
         ("school1", "school1", "p50")]


def p50(field):
    for kv in field.split():
        if kv.startswith("p50="):
            return float(kv[4:])
    return float(field.split("/")[0])  # the reference's "p50/p90/..." column


def main():
    out, rounds = sys.argv[1], int(sys.argv[2])
    mine, ref = {}, {}
    with open(os.path.join(out, "results.tsv")) as f:
        for line in f.read().splitlines()[1:]:
            c = line.split("\t")
            mine[c[0]] = {"rps": float(c[3]), "p50": p50(c[4])}
    for r in range(1, rounds + 1):
        path = os.path.join(out, "ref-%d" % r, "results.tsv")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            for line in f.read().splitlines()[1:]:
                c = line.split("\t")
                ref["%s-r%d" % (c[0], r)] = {"rps": float(c[4]), "p50": p50(c[5])}
    rows = []
    for m, rf, what in PAIRS:
        got = []
        for r in range(1, rounds + 1):
            a, b = mine.get("%s-r%d" % (m, r)), ref.get("%s-r%d" % (rf, r))
            if a and b and b[what] > 0:
                got.append((a[what], b[what], a[what] / b[what]))
        if not got:
            continue
        med = statistics.median(g[2] for g in got)
        unit = "req/s" if what == "rps" else "µs p50"
        rounds_txt = " / ".join("%.0f vs %.0f (%.2f×)" % g for g in got)
        print("ratio %-8s vs reference %-8s (%s): %s; median %.2f×" % (m, rf, unit, rounds_txt, med))
        rows.append("%s\t%s\t%s\t%s\t%.3f\n" % (m, rf, what, ";".join("%.3f" % g[2] for g in got), med))
    with open(os.path.join(out, "ratios.tsv"), "w") as f:
        f.write("passendd\treference\tmeasure\tround_ratios\tmedian\n")
        f.writelines(rows)


if __name__ == "__main__":
    main()
