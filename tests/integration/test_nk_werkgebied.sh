#!/usr/bin/env bash
# test_nk_werkgebied: Noord-Kennemerland's 2016-2017 werkgebied tables reproduced through the
# API. The demo generator (scripts/demo-data/nk_demo.py) writes pupils, MDOs and arrangements
# as individual records; `passend bestuur import` loads them into a fresh tenant (with the
# reference data and TLVs they build on); `passend rapport arrangementen` and `passend rapport
# mdo` must then print every figure of arrangementen_per_werkgebied.csv, mdo.csv and
# mdo_kenmerken.csv, and `passend rapport thuiszitters` the municipal thuiszitter tables and
# the 24 threatened thuiszitters of 2017-03-15 (thuiszitters_gemeente.csv,
# thuiszitters_totalen.csv, dreigende_thuiszitters.csv), in table, JSON and CSV; a second
# import changes nothing.
# shellcheck source=../lib/env.sh
. "$(dirname "$0")/../lib/env.sh"
# shellcheck source=../lib/tenant_setup.sh
. "$(dirname "$0")/../lib/tenant_setup.sh"
counts() {
	local t a=()
	for t in leerlingen mdos arrangementen toestemmingen thuiszitter_tellingen thuiszitter_casussen; do
		a+=("$t=werkgebied.$t")
	done
	tenant_counts "${a[@]}"
}

env_ready

expect_exit "nk_demo generate" 0 /usr/bin/python3 "$NK" generate "$T/nk" --fixtures "$FIX"
py_checks "$NK" check-files "$T/nk" --fixtures "$FIX"

nk_tenant "nk werkgebied test"

expect_exit "import the reference data and TLVs" 0 /usr/bin/python3 "$NK" import "$T/nk" --passend "$P"
expect_exit "dry run of leerlingen" 0 /usr/bin/python3 "$NK" import "$T/nk" --passend "$P" --dry-run \
	--kind leerlingen
expect_match "dry run checked every pupil" 'leerlingen.csv: 20580 rows checked, no errors' "$OUT"
expect_eq "dry run wrote nothing" "$(counts | head -n 1)" "leerlingen 158"
expect_exit "import every kind with the werkgebied area" 0 /usr/bin/python3 "$NK" import "$T/nk" \
	--passend "$P" --werkgebied
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | tail -n 40
C1=$(counts)
# every BAO pupil of leerlingen.csv (the TLV pupils from basisonderwijs among them), and the
# TLV pupils registered at an S(B)O school
NPUP=$(/usr/bin/python3 -c 'import csv, sys
ids = {r["external_id"] for r in csv.DictReader(open(sys.argv[1]))}
ids |= {r["external_id"] for r in csv.DictReader(open(sys.argv[2]))}
print(len(ids))' "$T/nk/leerlingen.csv" "$T/nk/tlvs.csv")
expect_eq "rows after the import" "$(head -n 3 <<<"$C1")" "leerlingen $NPUP
mdos 1648
arrangementen $(($(wc -l <"$T/nk/arrangementen.csv") - 1))"

# ---- the reports against the fixtures -------------------------------------------------
nk_report arr1.json check-arrangement-report arrangementen --schooljaar 2016-2017 --trimester 2
expect_exit "rapport arrangementen (table)" 0 "$P" rapport arrangementen --schooljaar 2016-2017 --trimester 2
expect_match "table: Alkmaar-Noord 86 (3,10 %) 8 1 95 45" 'Alkmaar-Noord +86 +3,10 % +8 +1 +95 +45' "$OUT"
expect_match "table: the total 458 50 5 513 270" '458 .*50 +5 +513 +270' "$OUT"
expect_exit "rapport arrangementen --output csv" 0 "$P" rapport arrangementen --schooljaar 2016-2017 \
	--trimester 2 --output csv
expect_match "csv: Heerhugowaard-Noord's row" 'Heerhugowaard-Noord,.*66' "$OUT"

nk_report mdo1.json check-mdo-report mdo --schooljaar 2016-2017 --trimester 2
expect_exit "rapport mdo (table)" 0 "$P" rapport mdo --schooljaar 2016-2017 --trimester 2
expect_match "table: 705, 943, 1648" '705.*943.*1648|705.*943.*1\.648' "$(tr '\n' ' ' <<<"$OUT")"
expect_match "table: 0,54" '0,54' "$OUT"
expect_exit "rapport mdo --output csv" 0 "$P" rapport mdo --schooljaar 2016-2017 --trimester 2 --output csv
expect_match "csv: T1+T2" 'T1\+T2' "$OUT"

nk_report tz1.json check-thuiszitter-report thuiszitters --schooljaar 2016-2017 --trimester 2
expect_exit "rapport thuiszitters (table)" 0 "$P" rapport thuiszitters --schooljaar 2016-2017 --trimester 2
expect_match "table: Heerhugowaard-Noord 11" 'Heerhugowaard-Noord +11' "$OUT"
expect_match "table: Totaal 24" 'Totaal +24' "$OUT"
expect_match "table: open on 2017-03-15" 'open op 2017-03-15' "$OUT"
expect_exit "rapport thuiszitters --output csv" 0 "$P" rapport thuiszitters --schooljaar 2016-2017 \
	--trimester 2 --output csv
expect_match "csv: Heerhugowaard-Zuid,5" 'Heerhugowaard-Zuid,5' "$OUT"
expect_exit "rapport thuiszitters-inspectie" 0 "$P" rapport thuiszitters-inspectie --schooljaar 2016-2017 \
	--trimester 2
expect_eq "the inspectie's CSV is the entered counts" "$(sort <<<"$OUT")" "$(sort "$T/nk/thuiszitter_tellingen.csv")"

# ---- a second import changes nothing ---------------------------------------------------
expect_exit "import again" 0 /usr/bin/python3 "$NK" import "$T/nk" --passend "$P" --werkgebied
expect_eq "second import: every kind 0 inserted, 0 updated" \
	"$(grep -cE ': [0-9]+ rows: 0 inserted, 0 updated, [1-9][0-9]* unchanged' <<<"$OUT")" 12
expect_eq "rows after the second import" "$(counts)" "$C1"
expect_exit "rapport arrangementen after re-import" 0 "$P" rapport arrangementen --schooljaar 2016-2017 \
	--trimester 2 --output json
printf '%s\n' "$OUT" >"$T/arr2.json"
expect_exit "arrangement report unchanged" 0 diff "$T/arr1.json" "$T/arr2.json"

finish
