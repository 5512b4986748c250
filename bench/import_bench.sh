#!/usr/bin/env bash
# bench/import_bench.sh: CSV import throughput through the CLI (libpassend ->
# passendd Release build -> PostgreSQL), on a private cluster started with
# tests/lib/env.sh. Generates a tenant with SCHOLEN schools, then
# TELLINGEN tellingen rows and TLVS historical TLV rows (every tenth a
# herbeoordeling of an earlier pupil), imports each file, re-imports it
# (all unchanged) and prints rows/s.
#
#   bench/import_bench.sh
# Env: TELLINGEN=100000 TLVS=20000 SCHOLEN=220 PASSENDD_WORKERS=2
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TELLINGEN=${TELLINGEN:-100000}
TLVS=${TLVS:-20000}
SCHOLEN=${SCHOLEN:-220}

bench_build build-bench-import OFF passendd passend
set +eu
. "$SRC/tests/lib/env.sh"

env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
P="$B/passend"
D="$T/csv"
mkdir -p "$D"
TA=$("$P" --token "$PASSEND_ADMIN_TOKEN" admin tenant create --name "Import Bench" --duo-code "PO 98-01" \
	--output json | bench_json id)
BT=$("$P" --token "$PASSEND_ADMIN_TOKEN" admin token create --role bestuur --tenant "$TA" --output json |
	bench_json token)
[ -n "$BT" ] || { fail "bestuur token" "not created"; finish; }

/usr/bin/python3 - "$D" "$SCHOLEN" "$TELLINGEN" "$TLVS" <<'PY'
import datetime, os, random, sys
d, nsch, ntel, ntlv = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
random.seed(7)
w = lambda name: open(os.path.join(d, name), "w")
with w("besturen.csv") as f:
    f.write("bevoegd_gezag_nummer,name,runs_bao,runs_sbo,runs_so\n")
    for i in range(20):
        f.write("%05d,Stichting %d,ja,%s,%s\n" % (40000 + i, i, "ja" if i < 5 else "nee", "ja" if i < 3 else "nee"))
with w("werkgebieden.csv") as f:
    f.write("name\n" + "".join("Werkgebied %d\n" % i for i in range(8)))
# schools: 10 SBO, 10 SO, the rest bao; BRIN 10AA.. (2 digits + 2 letters)
brins = ["%02d%s%s" % (10 + i // 676, chr(65 + i // 26 % 26), chr(65 + i % 26)) for i in range(nsch)]
sbo, so, bao = brins[:10], brins[10:20], brins[20:]
with w("scholen.csv") as f:
    f.write("brin,name,soort,so_cluster,werkgebied,bevoegd_gezag_nummer\n")
    for i, b in enumerate(brins):
        soort = "sbo" if b in sbo else "so" if b in so else "bao"
        f.write("%s,School %d,%s,%s,%s,%05d\n" % (b, i, soort, "3" if soort == "so" else "",
                "Werkgebied %d" % (i % 8) if soort == "bao" else "", 40000 + i % 20))
with w("tellingen.csv") as f:
    f.write("brin,teldatum,aantal,onder_8\n")
    d0 = datetime.date(1990, 10, 1)
    for i in range(ntel):
        a = 50 + (i * 7919) % 400
        f.write("%s,%s,%d,%d\n" % (brins[i % nsch], d0 + datetime.timedelta(days=i // nsch), a, a // 2))
with w("tlvs.csv") as f:
    f.write("source_system,external_id,geboortejaar,herkomst,aanvraag_soort,aanvragende_brin,aanvraagdatum,"
            "besluitdatum,tlv_nummer,soort,so_categorie,startdatum,einddatum,ontvangende_brin\n")
    d0 = datetime.date(2014, 8, 1)
    nnew = ntlv - ntlv // 10
    for i in range(ntlv):
        if i < nnew:
            pupil, soort_, af = i, "sbo" if i % 3 else "so", d0 + datetime.timedelta(days=i % 700)
            kind, aanvr = "nieuw", bao[i % len(bao)]
        else:  # herbeoordeling of pupil j, two years after its first request
            pupil = (i - nnew) * 9
            soort_ = "sbo" if pupil % 3 else "so"
            af = d0 + datetime.timedelta(days=pupil % 700 + 760)
            kind, aanvr = "herbeoordeling", (sbo if soort_ == "sbo" else so)[pupil % 10]
        bd = af + datetime.timedelta(days=20)
        dest = (sbo if soort_ == "sbo" else so)[pupil % 10]
        f.write("bench,%d,%d,basisonderwijs,%s,%s,%s,%s,TLV-%d,%s,%s,%s,%s,%s\n" % (
            pupil, 2008 + pupil % 4, kind, aanvr, af, bd, i, soort_, "" if soort_ == "sbo" else "1 2 3".split()[pupil % 3],
            bd, bd + datetime.timedelta(days=730), dest))
PY

imp() { # NAME KIND FILE ROWS: import, print rows/s
	local name=$1 kind=$2 file=$3 rows=$4 t0 t1 s
	t0=$(date +%s.%N)
	if "$P" --token "$BT" bestuur import "$kind" "$file" >"$T/imp.out" 2>"$T/imp.err"; then
		t1=$(date +%s.%N)
		s=$(echo "$t1 - $t0" | bc)
		ok "$name: $(cat "$T/imp.out" | sed 's/^.*: //')"
		printf 'RESULT %-22s %7d rows %7.2f s %9.0f rows/s\n' "$name" "$rows" "$s" "$(echo "$rows / $s" | bc -l)"
	else
		fail "$name" "$(head -5 "$T/imp.err")"
	fi
}
imp "besturen" besturen "$D/besturen.csv" 20
imp "werkgebieden" werkgebieden "$D/werkgebieden.csv" 8
imp "scholen" scholen "$D/scholen.csv" "$SCHOLEN"
imp "tellingen" tellingen "$D/tellingen.csv" "$TELLINGEN"
imp "tellingen (unchanged)" tellingen "$D/tellingen.csv" "$TELLINGEN"
imp "tlvs" tlvs "$D/tlvs.csv" "$TLVS"
imp "tlvs (unchanged)" tlvs "$D/tlvs.csv" "$TLVS"
n=$(psql_super -Atc "SELECT count(*) FROM bestuur.tlvs WHERE swv_id = '$TA' AND vorige_tlv_id IS NOT NULL")
expect_eq "herbeoordelingen linked" "$n" "$((TLVS / 10))"
echo "host: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')); passendd Release, $PASSENDD_WORKERS workers; CLI, PostgreSQL and passendd on the same host"
finish
