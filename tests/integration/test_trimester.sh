#!/usr/bin/env bash
# test_trimester: the trimesterrapportage (issue 10 points 1, 2 and 5, D47) of the
# Noord-Kennemerland demo data (scripts/demo-data/nk_demo.py, loaded as test_nk_werkgebied.sh
# and test_demo_data.sh load it). `passend rapport trimester --output json`: every section's
# figures rebuilt into the report they come from equal the fixtures (nk_demo's checks), and
# every cell equals that report's figure, for bestuur and for toezicht (suppression included);
# the toezicht variant names no basisschool, prints no small count and leaves no suppressed
# cell recoverable by subtraction; table and csv; published figures flagged where they differ
# (1,45 printed, 1,39 computed); narrative versions; a frozen report unchanged after a data
# change, with the difference shown; bad input over gRPC.
# shellcheck source=../lib/env.sh
. "$(dirname "$0")/../lib/env.sh"
# shellcheck source=../lib/tenant_setup.sh
. "$(dirname "$0")/../lib/tenant_setup.sh"

CHK="$S/tests/integration/trimester_checks.py"
SJ=(--schooljaar 2016-2017 --trimester 2)

# the figures of a report JSON: its tables' cells (waarde, suppressed), without the
# narrative and the published figures beside them
figures() {
	/usr/bin/python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
for s in r.get("secties", []):
    s.pop("aandachtspunten", None); s.pop("conclusies", None)
    for t in s.get("tabellen", []):
        for row in t.get("rijen", []):
            for c in row.get("cellen", []):
                c.pop("gepubliceerd", None); c.pop("afwijkend", None)
print(json.dumps(r.get("secties"), sort_keys=True))' "$1"
}
rows() { psql_super -At -c "select (select count(*) from bestuur.trimester_teksten) || ' ' ||
	(select count(*) from bestuur.trimester_vastgesteld) || ' ' || (select count(*) from bestuur.trimester_gepubliceerd)"; }

env_ready
py_require grpc google.protobuf

# ---- the demo data ------------------------------------------------------------------------
expect_exit "nk_demo generate" 0 /usr/bin/python3 "$NK" generate "$T/nk" --fixtures "$FIX"
nk_tenant "trimester test"
token() { # ROLE [SCOPE]
	env PASSEND_TOKEN="$PASSEND_ADMIN_TOKEN" "$P" admin token create --role "$1" --tenant "$TENANT" \
		${2:+--scope "$2"} --description "trimester test" --output json >"$T/tok.json" &&
		jfield "$T/tok.json" token
}
TZ=$(token toezicht)
expect_exit "import every kind with the werkgebied area" 0 /usr/bin/python3 "$NK" import "$T/nk" \
	--passend "$P" --werkgebied
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | tail -n 40
expect_exit "nk_demo begroting" 0 /usr/bin/python3 "$NK" begroting "$T/nk" --fixtures "$FIX" --passend "$P" \
	--toezicht-token "$TZ"
WG_ID=$(psql_super -At -c "select id from werkgebied.werkgebieden where swv_id = '$TENANT' order by name limit 1")
WG=$(token werkgebied "$WG_ID")

# ---- the report against the fixtures and against the reports it comes from ------------------
expect_exit "rapport trimester --output json" 0 "$P" rapport trimester "${SJ[@]}" --output json
printf '%s\n' "$OUT" >"$T/trim1.json"
py_checks "$CHK" fixtures "$T/trim1.json" --fixtures "$FIX" --outdir "$T/nk"
for who in bestuur toezicht; do
	tok=$PASSEND_TOKEN
	[ "$who" = toezicht ] && tok=$TZ
	for r in tlv arrangementen mdo thuiszitters; do
		PASSEND_TOKEN=$tok "$P" rapport "$r" "${SJ[@]}" --output json >"$T/$who-$r.json" 2>"$T/$who-$r.err" ||
			fail "rapport $r as $who" "$(cat "$T/$who-$r.err")"
	done
	if [ "$who" = toezicht ]; then
		expect_exit "rapport trimester as toezicht" 0 env PASSEND_TOKEN="$TZ" "$P" rapport trimester "${SJ[@]}" \
			--output json
		printf '%s\n' "$OUT" >"$T/trim-tz.json"
	fi
	rep=$T/trim1.json
	[ "$who" = toezicht ] && rep=$T/trim-tz.json
	py_checks "$CHK" same "$rep" --tag "$who" --tlv "$T/$who-tlv.json" --arr "$T/$who-arrangementen.json" \
		--mdo "$T/$who-mdo.json" --tz "$T/$who-thuiszitters.json"
done
py_checks "$CHK" toezicht "$T/trim-tz.json" --scholen "$T/nk/scholen.csv"
# no MDOs, TLVs or closed cases in 2015-2016: that column holds no data, not 0 (D62)
py_checks "$CHK" vorig "$T/trim1.json" --toezicht "$T/trim-tz.json"

# ---- table and csv ------------------------------------------------------------------------
expect_exit "rapport trimester (table)" 0 "$P" rapport trimester "${SJ[@]}"
printf '%s\n' "$OUT" >"$T/trim1.txt"
expect_match "table: the Regionaal section's MDO table" "Regionaal: MDO's en tijdelijke plaatsingen — MDO's per niveau" "$OUT"
expect_match "table: 705, 943 and 1.648 MDO's" "MDO's +705 +943 +1\.648" "$OUT"
expect_match "table: no MDOs in 2015-2016 is an empty cell, not 0" "^MDO's +705 +943 +1\.648 *\$" \
	"$(grep "^MDO's " <<<"$OUT")"
expect_match "table: Alkmaar-Noord 86 3,10 8 1 95 45" 'Alkmaar-Noord +86 +3,10 +8 +1 +95 +45' "$OUT"
expect_match "table: arrangementen totaal 458 50 5 513 270" 'Totaal +458 +[0-9,]+ +50 +5 +513 +270' "$OUT"
expect_match "table: 1,32 and 1,39 TLV's per aanvragende school" "TLV's per aanvragende school +1,32 +1,39" "$OUT"
expect_match "table: dreigend total 24" 'Totaal +24' "$OUT"
expect_match "table: begroting resultaat with euros" 'resultaat +-548,[0-9]{2} +-365' "$OUT"
expect_match "table: the columns T1, T2, T1+T2 and the previous year" 'T1 +T2 +T1\+T2 +2015-2016 T1\+T2' "$OUT"
for s in "Werkgebieden: arrangementen en budgetten" "Voorzieningen: toelaatbaarheidsverklaringen" \
	"Deelname SBO en SO" "Thuiszitters — " "Financiën: begroting en realisatie"; do
	expect_match "table: section $s" "$s" "$OUT"
done
expect_exit "rapport trimester --output csv" 0 "$P" rapport trimester "${SJ[@]}" --output csv
expect_eq "csv: the MDO row without separators" "$(grep "^MDO's," <<<"$OUT")" "MDO's,705,943,1648,"
expect_match "csv: 1.32,1.39" "TLV's per aanvragende school,1\\.32,1\\.39" "$OUT"
expect_exit "rapport trimester as toezicht (table)" 0 env PASSEND_TOKEN="$TZ" "$P" rapport trimester "${SJ[@]}"
expect_match "toezicht table: the suppression note" 'zijn onderdrukt' "$OUT"

# ---- published versus computed ------------------------------------------------------------
expect_exit "store the published 1.45" 0 "$P" rapport trimester-gepubliceerd "${SJ[@]}" --sectie voorzieningen \
	--tabel aanvragend --rij gemiddeld_per_aanvragende_school --kolom T2 --waarde 1.45 \
	--toelichting "trimesterrapportage 2016-17 T2, p. 12" --output json
expect_exit "store a published figure that agrees (705 MDOs in T1)" 0 "$P" rapport trimester-gepubliceerd \
	"${SJ[@]}" --sectie regionaal --tabel mdo_kenmerken --rij mdos --kolom T1 --waarde 705
expect_exit "rapport trimester with published figures" 0 "$P" rapport trimester "${SJ[@]}" --output json
printf '%s\n' "$OUT" >"$T/trim2.json"
expect_eq "one cell differs from its published figure" "$(jfield "$T/trim2.json" afwijkendeCellen)" 1
expect_eq "the report still has the computed figures" "$(figures "$T/trim1.json")" "$(figures "$T/trim2.json")"
expect_exit "rapport trimester (table) with published figures" 0 "$P" rapport trimester "${SJ[@]}"
expect_match "table: 1,39 [gepubliceerd 1,45]" '1,39 \[gepubliceerd 1,45\]' "$OUT"
expect_eq "the agreeing figure is not flagged" "$(grep -c 'gepubliceerd 705' <<<"$OUT")" 0

# ---- narrative ----------------------------------------------------------------------------
expect_exit "aandachtspunten v1" 0 "$P" rapport trimester-tekst "${SJ[@]}" --sectie voorzieningen \
	--soort aandachtspunten --tekst "Meer TLV's SO dan begroot." --output json
expect_match "v1 is versie 1 by bestuur" '"versie": 1.*"auteurRol": "bestuur"' "$(tr -d '\n' <<<"$OUT")"
expect_exit "aandachtspunten v2 (two lines)" 0 "$P" rapport trimester-tekst "${SJ[@]}" --sectie voorzieningen \
	--soort aandachtspunten --tekst "Meer TLV's SO dan begroot.
Wachtlijst SO-cluster 4." --output json
expect_match "v2 is versie 2" '"versie": 2' "$OUT"
expect_exit "conclusies" 0 "$P" rapport trimester-tekst "${SJ[@]}" --sectie regionaal --soort conclusies \
	--tekst "MDO's op koers."
expect_exit "every version (as toezicht)" 0 env PASSEND_TOKEN="$TZ" "$P" rapport trimester-teksten "${SJ[@]}" \
	--output csv
expect_eq "three versions listed" "$(grep -c '^regionaal,\|^voorzieningen,' <<<"$OUT")" 3
expect_match "both versions of aandachtspunten kept" 'voorzieningen,aandachtspunten,1,.*voorzieningen,aandachtspunten,2' \
	"$(tr '\n' ' ' <<<"$OUT")"
expect_exit "the report shows the latest beside the figures" 0 "$P" rapport trimester "${SJ[@]}"
expect_match "table: the narrative section" 'Voorzieningen: toelaatbaarheidsverklaringen — aandachtspunten en conclusies' "$OUT"
expect_match "table: versie 2 with its second line" 'aandachtspunten \(versie 2, bestuur.*Wachtlijst SO-cluster 4' \
	"$(tr '\n' ' ' <<<"$OUT")"
expect_exit "report json" 0 "$P" rapport trimester "${SJ[@]}" --output json
printf '%s\n' "$OUT" >"$T/trim3.json"
expect_eq "json: voorzieningen aandachtspunten versie 2" "$(jfield "$T/trim3.json" secties 2 aandachtspunten versie)" 2

# ---- the other trimesters: their own columns -------------------------------------------------
expect_exit "trimester 3 (csv)" 0 "$P" rapport trimester --schooljaar 2016-2017 --trimester 3 --output csv
expect_match "T3: the columns T1, T2, T3, T1+T2+T3 and the previous year" ',T1,T2,T3,T1\+T2\+T3,2015-2016 T1\+T2\+T3' "$OUT"
expect_exit "trimester 1 (csv)" 0 "$P" rapport trimester --schooljaar 2016-2017 --trimester 1 --output csv
expect_match "T1: the column T1 and the previous year's T1" ',T1,2015-2016 T1' "$OUT"
expect_eq "T1: 705 MDOs (the published figures are T2's)" "$(grep "^MDO's," <<<"$OUT")" "MDO's,705,"

# ---- vaststellen: frozen, then the data changes ------------------------------------------------
expect_exit "vaststellen on 2017-04-20" 0 "$P" rapport trimester-vaststellen "${SJ[@]}" --datum 2017-04-20 --output json
expect_exit "report after vaststellen" 0 "$P" rapport trimester "${SJ[@]}" --output json
printf '%s\n' "$OUT" >"$T/frozen1.json"
expect_eq "frozen: bevroren" "$(jfield "$T/frozen1.json" bevroren)" True
expect_eq "frozen: the figures as before" "$(figures "$T/frozen1.json")" "$(figures "$T/trim3.json")"
expect_exit "toezicht's frozen report" 0 env PASSEND_TOKEN="$TZ" "$P" rapport trimester "${SJ[@]}" --output json
printf '%s\n' "$OUT" >"$T/frozen-tz.json"
expect_eq "toezicht's frozen report is its aggregate variant" "$(figures "$T/frozen-tz.json")" \
	"$(figures "$T/trim-tz.json")"
expect_exit "vaststellen twice: FAILED_PRECONDITION" 1 "$P" rapport trimester-vaststellen "${SJ[@]}" --datum 2017-04-21
expect_match "vaststellen twice names the date" 'FAILED_PRECONDITION.*already vastgesteld on 2017-04-20' "$ERR"
# the data changes: one MDO of T1 is removed
expect_eq "remove one MDO of T1" "$(psql_super -At -c "with d as (delete from werkgebied.mdos where swv_id = '$TENANT'
	and id = (select id from werkgebied.mdos where swv_id = '$TENANT' and datum < '2016-12-01' order by id limit 1)
	returning 1) select count(*) from d" 2>&1)" 1
expect_exit "report after the change" 0 "$P" rapport trimester "${SJ[@]}" --output json
printf '%s\n' "$OUT" >"$T/frozen2.json"
expect_eq "frozen report unchanged by the data change" "$(figures "$T/frozen2.json")" "$(figures "$T/frozen1.json")"
expect_exit "--actueel" 0 "$P" rapport trimester "${SJ[@]}" --actueel --output csv
# (705 was stored as the published figure above: the current 704 now differs from it)
expect_eq "actueel: 704 MDOs in T1" "$(grep "^MDO's," <<<"$OUT")" "MDO's,704 [gepubliceerd 705],943,1647,"
expect_exit "--verschil" 0 "$P" rapport trimester "${SJ[@]}" --verschil --output json
printf '%s\n' "$OUT" >"$T/verschil.json"
GEW=$(jfield "$T/verschil.json" gewijzigdeCellen)
expect_match "verschil: cells changed" '^[1-9][0-9]*$' "$GEW"
expect_exit "--verschil (table)" 0 "$P" rapport trimester "${SJ[@]}" --verschil
expect_match "table: 705 [nu 704]" "MDO's +705 \\[nu 704\\] +943 +1\\.648 \\[nu 1\\.647\\]" "$OUT"
expect_match "table: the footer counts the changed cells" "$GEW cellen wijken nu af" "$OUT"

# ---- cost (D54): each source report suppresses once per call ---------------------------------
# Toezicht's cells (every report suppresses), counted in the transaction (track_functions):
# as many platform.suppress_staged calls as calls of the reports that suppress in stages.
# Before D54 the thuiszitter report's suppression was an inlined CTE that ran once per cell.
calls=$(psql_super -At 2>&1 <<SQL
SET track_functions = 'all';
BEGIN;
SELECT set_config('role', 'passend_toezicht', true), set_config('passend.swv_id', '$TENANT', true),
       set_config('passend.scope', '', true), set_config('passend.token_id', '${TZ%%.*}', true),
       set_config('passend.role', 'toezicht', true) \g /dev/null
SELECT count(*) FROM bestuur.trimester_cellen('2016-2017', 2) \g /dev/null
SELECT coalesce(sum(f.calls) FILTER (WHERE f.funcname = 'suppress_staged'), 0) || ' ' ||
       coalesce(sum(f.calls) FILTER (WHERE f.funcname IN ('mdo_report', 'arrangement_report', 'tlv_report',
                                                         'thuiszitter_report')), 0)
FROM pg_stat_xact_user_functions f;
COMMIT;
SQL
)
read -r staged reports <<<"$calls"
expect_match "toezicht's cells: the reports that suppress in stages were called" '^[1-9][0-9]* [1-9][0-9]*$' "$calls"
expect_eq "toezicht's cells: suppress_staged once per report call" "$staged" "$reports"

# ---- bad input over gRPC changes nothing ---------------------------------------------------------
R0=$(rows)
py_checks "$CHK" rpc --server "$PASSEND_SERVER" --ca "$PASSEND_CA" --src "$S" --out "$T/py" \
	--bestuur "$PASSEND_TOKEN" --toezicht "$TZ" --werkgebied "$WG"
expect_eq "bad input wrote nothing" "$(rows)" "$R0"
expect_exit "CLI: --trimester 4 is a usage error" 2 "$P" rapport trimester --schooljaar 2016-2017 --trimester 4
for verb in trimester trimester-teksten; do
	expect_exit "CLI: $verb --schooljaar 2016-2018 is a usage error" 2 "$P" rapport "$verb" --schooljaar 2016-2018 \
		--trimester 2
done

finish
