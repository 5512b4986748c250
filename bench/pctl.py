#!/usr/bin/python3
"""Latency percentiles (microseconds) from an h2load --log-file
(start_us<TAB>status<TAB>duration_us per request): prints
p50=.. p90=.. p99=.. p99.9=.. max=.. and the count of non-200 answers."""
import sys


def main():
    lat, bad = [], 0
    for fn in sys.argv[1:]:
        with open(fn) as f:
            for line in f:
                p = line.split()
                if len(p) < 3:
                    continue
                if p[1] != "200":
                    bad += 1
                lat.append(int(p[2]))
    if not lat:
        print("n=0")
        return 1
    lat.sort()
    q = lambda x: lat[min(len(lat) - 1, int(x * len(lat)))]  # noqa: E731
    print(f"p50={q(.5)} p90={q(.9)} p99={q(.99)} p99.9={q(.999)} max={lat[-1]} non200={bad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
