#!/usr/bin/env bash
# test_demo_data: the Noord-Kennemerland demo data (scripts/demo-data/nk_demo.py) imported with
# `passend bestuur import` into a fresh tenant reproduces the published 2016-2017 TLV tables
# through `passend rapport tlv`, the deelname report works in all formats, and a second
# import changes nothing.
# shellcheck source=../lib/env.sh
. "$(dirname "$0")/../lib/env.sh"
# shellcheck source=../lib/tenant_setup.sh
. "$(dirname "$0")/../lib/tenant_setup.sh"

# table name -> rows in it for the demo tenant
counts() {
	tenant_counts gemeenten=bestuur.gemeenten werkgebieden=werkgebied.werkgebieden besturen=bestuur.schoolbesturen \
		scholen=bestuur.scholen tellingen=bestuur.tellingen tlvs=bestuur.tlvs leerlingen=werkgebied.leerlingen \
		"jaarplan acties=bestuur.jaarplan_acties"
}

env_ready

# ---- the generator alone ----------------------------------------------------------
expect_exit "nk_demo generate" 0 /usr/bin/python3 "$NK" generate "$T/nk" --fixtures "$FIX"
expect_exit "nk_demo generate again (same seed)" 0 /usr/bin/python3 "$NK" generate "$T/nk2" --fixtures "$FIX"
expect_exit "generator is deterministic" 0 diff -r "$T/nk" "$T/nk2"
py_checks "$NK" check-files "$T/nk" --fixtures "$FIX"

# ---- tenant and bestuur token -------------------------------------------------------
nk_tenant "demo data test"
expect_match "tenant id" '^[0-9a-f-]{36}$' "$TENANT"

# ---- import ---------------------------------------------------------------------------
expect_exit "dry run of gemeenten" 0 /usr/bin/python3 "$NK" import "$T/nk" --passend "$P" --dry-run \
	--kind gemeenten
expect_match "dry run writes nothing" '^gemeenten 0$' "$(counts | head -n 1)"

expect_exit "import all kinds" 0 /usr/bin/python3 "$NK" import "$T/nk" --passend "$P"
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | tail -n 40
C1=$(counts)
WANT="gemeenten 6
werkgebieden 8
besturen 13
scholen 107
tellingen $(($(wc -l <"$T/nk/tellingen.csv") - 1))
tlvs 158
leerlingen 158
jaarplan acties 42"
expect_eq "rows after the first import" "$C1" "$WANT"

# the stored TLVs themselves (as postgres) aggregate to the fixtures: tells an import
# problem apart from a report problem
/usr/bin/python3 "$NK" db-sql >"$T/agg.sql"
if psql_super -At -F'|' -v swv="$TENANT" -f "$T/agg.sql" >"$T/agg.txt" 2>"$T/agg.err"; then
	py_checks "$NK" check-db "$T/agg.txt" --fixtures "$FIX"
else
	fail "aggregate the stored TLVs" "$(cat "$T/agg.err")"
fi

# ---- the TLV report against the fixtures ----------------------------------------------
nk_report tlv1.json check-tlv-report tlv --schooljaar 2016-2017 --trimester 2
expect_exit "rapport tlv (table)" 0 "$P" rapport tlv --schooljaar 2016-2017 --trimester 2
expect_match "table shows the receiving schools" 'SO De Spinaker' "$OUT"
expect_match "table shows the computed 1.39" '1[,.]39' "$OUT"
expect_match "table: Totaal SBO 35 / 26 / 61" 'Totaal SBO +35 +26 +61' "$OUT"
expect_match "table: Totaal SO with Overig 48 / 49 / 97, as published" 'Totaal SO +48 +49 +97' "$OUT"
expect_match "table: Eindtotaal 83 / 75 / 158" 'Eindtotaal +83 +75 +158' "$OUT"
expect_exit "rapport tlv --output csv" 0 "$P" rapport tlv --schooljaar 2016-2017 --trimester 2 --output csv
expect_match "csv has the destinations" 'SBO De Vlindertuin' "$OUT"

# ---- the deelname report in three formats ------------------------------------------------
expect_exit "rapport deelname --output json" 0 "$P" rapport deelname --teldatum 2016-10-01 --output json
printf '%s\n' "$OUT" >"$T/deelname.json"
py_checks "$NK" check-deelname-report "$T/deelname.json" "$T/nk"
expect_exit "rapport deelname (table)" 0 "$P" rapport deelname --teldatum 2016-10-01
expect_match "deelname table has the teldatum" '2016-10-01' "$OUT"
expect_exit "rapport deelname --output csv" 0 "$P" rapport deelname --teldatum 2016-10-01 --output csv
expect_match "deelname csv has the teldatum" '2016-10-01' "$OUT"
expect_exit "rapport deelname --per-gemeente --per-bestuur" 0 "$P" rapport deelname --teldatum 2016-10-01 \
	--per-gemeente --per-bestuur --output json
expect_match "per gemeente: Heerhugowaard" 'Heerhugowaard' "$OUT"
expect_match "per bestuur: a bestuur" 'Stichting Speciaal Onderwijs Noord-Kennemerland' "$OUT"

# ---- the begroting 2016-2017 (issue 9): through the CLI and the realisatie import --------------
expect_exit "create toezicht token" 0 env PASSEND_TOKEN="$PASSEND_ADMIN_TOKEN" "$P" \
	admin token create --role toezicht --tenant "$TENANT" --description "demo data test" --output json
printf '%s' "$OUT" >"$T/tz.json"
TZ_TOKEN=$(jfield "$T/tz.json" token 2>/dev/null)
expect_exit "nk_demo begroting" 0 /usr/bin/python3 "$NK" begroting "$T/nk" --fixtures "$FIX" --passend "$P" \
	--toezicht-token "$TZ_TOKEN"
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | tail -n 20
expect_match "realisatie imported" 'realisatie.csv: 456 rows: 456 inserted' "$OUT"
nk_report begroting.json check-begroting-report begroting --schooljaar 2016-2017 --tot 2017-03-31
expect_exit "rapport begroting (table)" 0 "$P" rapport begroting --schooljaar 2016-2017 --tot 2017-03-31
expect_match "table: resultaat -548 / -365 / -145.543 / 145.178 / 81.568" \
	'resultaat +-548 +-365 +-145\.543 +145\.178 +81\.568' "$OUT"
expect_match "table: a PM line" 'UWV ziektewet/vangnet +PM' "$OUT"
expect_match "table: the approved version" 'versie 1 \(goedgekeurd\)' "$OUT"
expect_exit "rapport begroting as toezicht" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" rapport begroting \
	--schooljaar 2016-2017 --tot 2017-03-31 --output csv
expect_match "csv: whole euros without separators" 'resultaat,-548,-365,-145543,145178,81568' "$OUT"
expect_exit "nk_demo begroting again (safe to repeat)" 0 /usr/bin/python3 "$NK" begroting "$T/nk" --fixtures "$FIX" \
	--passend "$P" --toezicht-token "$TZ_TOKEN"
expect_match "second realisatie import changes nothing" 'realisatie.csv: 456 rows: 0 inserted, 0 updated, 456 unchanged' \
	"$OUT"
expect_exit "overdracht schema" 0 "$P" begroting overdracht schema --schooljaar 2016-2017
expect_match "schema: a bestuur's yearly basisondersteuning" 'basisondersteuning' "$OUT"
# ---- the jaarplan and the toezicht dashboard ------------------------------------------------
expect_exit "jaarplan actie list" 0 "$P" jaarplan actie list --schooljaar 2018-2019
expect_match "the jaarplan's actions by code" 'P2 +Professionaliseringsmodel' "$OUT"
expect_exit "jaarplan voortgang (table)" 0 "$P" jaarplan voortgang --schooljaar 2018-2019 --trimester 2
expect_match "the targets with a decimal comma" 'P2 .* 0,40' "$OUT"
expect_exit "create toezicht token" 0 env PASSEND_TOKEN="$PASSEND_ADMIN_TOKEN" "$P" \
	admin token create --role toezicht --tenant "$TENANT" --description "demo data test" --output json
TZ_TOKEN=$(jfield <(printf '%s' "$OUT") token 2>/dev/null)
expect_exit "toezicht risico create" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" toezicht risico create \
	--titel "Stijgende SO-deelname" --kans 4 --impact 4 --vastgesteld 2018-09-20
expect_exit "toezicht dashboard as toezicht (table)" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" toezicht dashboard \
	--schooljaar 2016-2017 --trimester 2
expect_match "dashboard: the TLV section with suppression noted" "Toelaatbaarheidsverklaringen" "$OUT"
expect_match "dashboard: the begroting's uitputting section" "Begroting: uitputting" "$OUT"
expect_match "dashboard: the begroting's resultaat through 2017-03-31 (realisatie, whole euros)" \
	"resultaat +t/m 2017-03-31 +-145[.]?543" "$OUT"
expect_match "dashboard: TLVs afgegeven T1 83" "TLV's afgegeven \(nieuw\) +T1 +83" "$OUT"
expect_match "dashboard: the risk, score 16, hoog" "Stijgende SO-deelname +open +16 .*hoog" "$OUT"
expect_match "dashboard: deelnamepercentage SBO on the teldatum" "deelnamepercentage SBO +2016-10-01" "$OUT"
expect_exit "import the invented annual accounts 2017 and 2018" 0 "$P" bestuur import jaarrekening \
	"$S/scripts/demo-data/nk_jaarrekening.csv"
expect_exit "toezicht dashboard 2017-2018 as toezicht" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" toezicht dashboard \
	--schooljaar 2017-2018
expect_match "dashboard: the kengetallen section" "Kengetallen en signaleringswaarden" "$OUT"
expect_match "dashboard: solvabiliteit 2 of 2017 and 2018 against its signaleringswaarde, with a signal" \
	"Solvabiliteit 2 +2017 +[0-9]+,[0-9]{2} +ten minste 30[,0-9]* +(binnen|onder|boven).*Solvabiliteit 2 +2018" "$OUT"
expect_exit "toezicht dashboard --output json" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" toezicht dashboard \
	--schooljaar 2016-2017 --output json
expect_match "dashboard json: suppressed for toezicht" '"suppressed": ?true' "$OUT"
if [[ "$OUT" == *nk-ll-* ]]; then fail "dashboard json: no pupil's external id" "$OUT"; else
	ok "dashboard json: no pupil's external id"; fi

# ---- a second import changes nothing ----------------------------------------------------
expect_exit "import all kinds again" 0 /usr/bin/python3 "$NK" import "$T/nk" --passend "$P"
expect_eq "second import: every kind 0 inserted, 0 updated" \
	"$(grep -cE ': [0-9]+ rows: 0 inserted, 0 updated, [1-9][0-9]* unchanged' <<<"$OUT")" 7
expect_eq "rows after the second import" "$(counts)" "$WANT"
expect_exit "rapport tlv after re-import" 0 "$P" rapport tlv --schooljaar 2016-2017 --trimester 2 --output json
printf '%s\n' "$OUT" >"$T/tlv2.json"
if [ -s "$T/tlv1.json" ] && grep -q herkomst "$T/tlv1.json"; then
	expect_exit "TLV report unchanged by the re-import" 0 diff "$T/tlv1.json" "$T/tlv2.json"
else
	fail "TLV report unchanged by the re-import" "no TLV report to compare"
fi

finish
