#!/usr/bin/env bash
# test_cli_budget: the passend CLI end to end for werkgebied budgets and
# arrangements (issue 8 points 4, 5 and the budget report of point 8)
# against a real passendd: budget jaar create / show / list / update,
# budget mutatie ophogen / onttrekken / list, budget uitgave record / list,
# the arrangement verbs (aanvragen ... intrekken), passend rapport budget
# in table, csv and json; tables name werkgebieden and pupils, not ids, and
# show euros in Dutch notation; usage errors exit 2.
. "$(dirname "$0")/../lib/env.sh"

# NAME ERE TEXT: TEXT does not match the extended regular expression ERE.
expect_no_match() {
	if grep -Eq -- "$2" <<<"$3"; then fail "$1" "'$2' matches"; else ok "$1"; fi
}

env_ready
P="$B/passend"

# ---- usage errors (exit 2, no server needed) --------------------------------------
expect_exit "budget jaar create without --teldatum exits 2" 2 "$P" budget jaar create --schooljaar 2016-2017 \
	--totaal 1000
expect_exit "an amount with three decimals exits 2" 2 "$P" budget jaar create --schooljaar 2016-2017 \
	--totaal 1,234 --teldatum 2016-10-01
expect_match "names the euro notation" 'an amount in euros like 1.234,56' "$ERR"
expect_exit "rapport budget with --trimester and --tot exits 2" 2 "$P" rapport budget --schooljaar 2016-2017 \
	--trimester 1 --tot 2016-09-01
expect_match "one of the two" 'give --trimester or --tot, not both' "$ERR"
expect_exit "arrangement verlengen without --reflectie exits 2" 2 "$P" arrangement verlengen \
	0b0c2c4e-8d0f-4a57-9d43-1f0f3c2f0a11 --eind 2017-07-14
for c in "budget jaar create" "budget mutatie ophogen" "budget mutatie onttrekken" "budget uitgave record" \
	"arrangement aanvragen" "arrangement toekennen" "arrangement intrekken" "rapport budget"; do
	# shellcheck disable=SC2086
	expect_help_examples $c
done

# ---- tenant, werkgebieden, schools, counts ------------------------------------------------
cli_tenant "Passend Primair Onderwijs Noord-Kennemerland" "PO 27-04"
BES=$(tok bestuur)
TOE=$(tok toezicht)
for w in Alkmaar-Noord Bergen Heiloo; do
	expect_exit "werkgebied $w" 0 as "$BES" werkgebied create --name "$w" --output json
done
WG=$(as "$BES" werkgebied list --output json | /usr/bin/python3 -c \
	'import json,sys; print([w["id"] for w in json.load(sys.stdin) if w["name"] == "Alkmaar-Noord"][0])')
CON=$(tok werkgebied "$WG")
n=0
for s in "01AB Alkmaar-Noord 201" "02CD Bergen 97" "03EF Heiloo 1"; do
	read -r brin wg aantal <<<"$s"
	n=$((n + 1))
	expect_exit "school $brin" 0 as "$BES" bestuur school create --brin "$brin" --vestiging 00 \
		--name "School $n" --soort bao --werkgebied "$wg"
	expect_exit "telling $brin" 0 as "$BES" bestuur telling set --school "$brin" --teldatum 2016-10-01 \
		--aantal "$aantal"
done

# ---- budget jaar ------------------------------------------------------------------------
expect_exit "budget jaar create" 0 as "$BES" budget jaar create --schooljaar 2016-2017 \
	--totaal 1.000.000,00 --frictiepot 1.234,57 --teldatum 2016-10-01
expect_match "the split names the werkgebieden" 'Alkmaar-Noord +201 +671\.410,88' "$OUT"
expect_match "every werkgebied" 'Heiloo +1 +3\.340,35' "$OUT"
expect_match "the parts add up" 'Totaal +299 +998\.765,43' "$OUT"
expect_match "the total in euros" 'totaal +1\.000\.000,00' "$OUT"
expect_exit "budget jaar create again exits 1" 1 as "$BES" budget jaar create --schooljaar 2016-2017 \
	--totaal 5 --teldatum 2016-10-01
expect_match "ALREADY_EXISTS" 'ALREADY_EXISTS.*already has a werkgebied budget' "$ERR"
expect_exit "budget jaar list" 0 as "$BES" budget jaar list
expect_match "the list in euros" '2016-2017 +1\.000\.000,00 +1\.234,57 +1\.234,57' "$OUT"
expect_exit "budget jaar show as the consulent" 0 as "$CON" budget jaar show 2016-2017
expect_match "her share" 'Alkmaar-Noord' "$OUT"
expect_no_match "not the others'" 'Bergen' "$OUT"
expect_exit "budget jaar update" 0 as "$BES" budget jaar update 2016-2017 --toelichting "vastgesteld" --output json
expect_match "updated" '"toelichting": *"vastgesteld"' "$OUT"

# ---- mutaties and uitgaven ------------------------------------------------------------------
expect_exit "ophogen" 0 as "$BES" budget mutatie ophogen --schooljaar 2016-2017 --werkgebied Bergen \
	--datum 2017-01-15 --bedrag 5.000 --toelichting "extra groep"
expect_match "the mutatie names the werkgebied" 'werkgebied +Bergen' "$OUT"
expect_exit "onttrekken" 0 as "$BES" budget mutatie onttrekken --schooljaar 2016-2017 --werkgebied Heiloo \
	--datum 2016-11-15 --bedrag 1.000 --toelichting nieuwkomers
expect_exit "onttrekken more than is left exits 1" 1 as "$BES" budget mutatie onttrekken --schooljaar 2016-2017 \
	--werkgebied Heiloo --datum 2016-11-16 --bedrag 300 --toelichting meer
expect_match "FAILED_PRECONDITION naming what is left" \
	'FAILED_PRECONDITION.*has 23457 cents left: a draw of 30000 cents does not fit' "$ERR"
expect_exit "ophogen as the consulent exits 1" 1 as "$CON" budget mutatie ophogen --schooljaar 2016-2017 \
	--werkgebied Alkmaar-Noord --datum 2017-01-15 --bedrag 5 --toelichting x
expect_match "PERMISSION_DENIED" 'PERMISSION_DENIED' "$ERR"
expect_exit "mutatie list" 0 as "$BES" budget mutatie list --schooljaar 2016-2017
expect_match "by date, names and euros" 'Heiloo +BUDGET_FRICTIEPOT +2016-11-15 +1\.000,00' "$OUT"
expect_match "the raise" 'Bergen +BUDGET_OPHOGING +2017-01-15 +5\.000,00' "$OUT"
expect_exit "uitgave record" 0 as "$BES" budget uitgave record --werkgebied Alkmaar-Noord --datum 2016-11-30 \
	--bedrag 12.345,67 --omschrijving "ambulante begeleiding"
expect_exit "a correction" 0 as "$BES" budget uitgave record --werkgebied Alkmaar-Noord --datum 2017-02-01 \
	--bedrag=-345,67 --omschrijving correctie
expect_exit "uitgave list as the consulent" 0 as "$CON" budget uitgave list --schooljaar 2016-2017
expect_match "the correction in euros" 'Alkmaar-Noord +2017-02-01 +-345,67' "$OUT"

# ---- arrangements ---------------------------------------------------------------------------
expect_exit "leerling" 0 as "$BES" leerling create --school 01AB --source-system parnassys --external-id 4711
expect_exit "toestemming" 0 as "$BES" toestemming record --leerling parnassys:4711 --scopes arrangement \
	--datum 2016-09-01 --gezag beide-ouders
expect_exit "aanvragen (decimal point hours)" 0 as "$CON" arrangement aanvragen --type individueel \
	--leerling parnassys:4711 --bedrag 1.500 --uren 2.5 --start 2016-10-01 --eind 2017-01-31 --output json
A1=$(field id <<<"$OUT")
expect_match "the amount in cents" '"bedragCents": *"150000"' "$OUT"
expect_exit "toekennen" 0 as "$CON" arrangement toekennen "$A1" --datum 2016-10-05
expect_match "toegekend, the pupil named" 'ARRANGEMENT_TOEGEKEND' "$OUT"
expect_match "the amount in euros" 'bedrag +1\.500,00' "$OUT"
expect_exit "toekennen twice exits 1" 1 as "$CON" arrangement toekennen "$A1"
expect_match "FAILED_PRECONDITION naming the state" 'FAILED_PRECONDITION.*is toegekend: grant needs aangevraagd' "$ERR"
expect_exit "starten" 0 as "$CON" arrangement starten "$A1" --datum 2016-10-10
expect_exit "evalueren" 0 as "$CON" arrangement evalueren "$A1" --datum 2017-01-20 --toelichting "doel behaald"
expect_exit "verlengen" 0 as "$CON" arrangement verlengen "$A1" --reflectie "nog een periode" --eind 2017-07-14 \
	--output json
A2=$(field id <<<"$OUT")
expect_exit "afwijzen the verlenging" 0 as "$BES" arrangement afwijzen "$A2" --toelichting "niet nodig"
expect_exit "groep aanvragen" 0 as "$BES" arrangement aanvragen --type groep --werkgebied Bergen --bedrag 2.000 \
	--start 2016-10-01 --eind 2017-07-14 --output json
A3=$(field id <<<"$OUT")
expect_exit "intrekken" 0 as "$BES" arrangement intrekken "$A3"
expect_exit "arrangement list" 0 as "$BES" arrangement list
expect_match "names pupil and werkgebied, euros" \
	'individueel +parnassys:4711 +Alkmaar-Noord +ARRANGEMENT_VERLENGD +2016-10-01 +2017-01-31 +1\.500,00' "$OUT"
expect_match "the withdrawn groep" 'groep +Bergen +ARRANGEMENT_INGETROKKEN' "$OUT"
expect_exit "arrangement beeindigen of a verlengd one exits 1" 1 as "$BES" arrangement beeindigen "$A1"

# ---- passend rapport budget -----------------------------------------------------------------
expect_exit "rapport budget T2" 0 as "$BES" rapport budget --schooljaar 2016-2017 --trimester 2
expect_match "werkgebied by name, Dutch euros, uitputting" \
	'Alkmaar-Noord +671\.410,88 +447\.607,25 +1\.500,00 +0,22 % +12\.000,00 +1,79 % +-64,88' "$OUT"
expect_match "the raise and the draw in begroot" 'Bergen +97 +324\.014,20 +5\.000,00 +0,00 +329\.014,20' "$OUT"
expect_match "jaardeel" '66,67 % van het jaar verstreken' "$OUT"
expect_no_match "no ids in the table" '[0-9a-f]{8}-[0-9a-f]{4}-' "$OUT"
expect_exit "rapport budget --tot as csv" 0 as "$BES" rapport budget --schooljaar 2016-2017 --tot 2016-11-30 \
	--output csv
expect_match "csv with a decimal point" 'Alkmaar-Noord,671410.88,' "$OUT"
expect_exit "rapport budget json" 0 as "$TOE" rapport budget --schooljaar 2016-2017 --output json
expect_match "json in cents" '"besteedCents": *"1200000"' "$OUT"
expect_exit "rapport budget as the consulent" 0 as "$CON" rapport budget --schooljaar 2016-2017
expect_no_match "her werkgebied only" 'Bergen' "$OUT"

finish
