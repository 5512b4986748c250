#!/usr/bin/env bash
# test_cli_ondersteuning: the passend CLI end to end for the werkgebied
# area's base (issue 8 points 1-2) against a real passendd: lijst list / set /
# deactivate, toestemming record / list / show / withdraw and vraag create /
# list / show, enum flags without their shared prefix, a consent refusal
# (exit 1, FAILED_PRECONDITION naming the consent), usage errors (exit 2).
. "$(dirname "$0")/../lib/env.sh"

env_ready
P="$B/passend"

# ---- usage errors (exit 2, no server needed) --------------------------------------
expect_exit "lijst set without --soort exits 2" 2 "$P" lijst set lezen --label Lezen
expect_exit "lijst set --soort arrangementen exits 2" 2 "$P" lijst set x --soort arrangementen --label X
expect_match "the choices are named without their prefix" 'arrangement-type' "$ERR"
expect_exit "toestemming record --scopes huiswerk exits 2" 2 "$P" toestemming record --leerling X \
	--scopes huiswerk --datum 2016-09-01 --gezag voogd
expect_match "scopes listed" 'ondersteuningsvraag, mdo, arrangement, tlv, gegevensdeling' "$ERR"
expect_exit "vraag create without --omschrijving exits 2" 2 "$P" vraag create --leerling X
for c in "lijst list" "lijst set" "lijst deactivate" "toestemming record" "toestemming withdraw" "vraag create" \
	"vraag list"; do
	# shellcheck disable=SC2086
	expect_help_examples $c
done

# ---- tenant, school, pupil --------------------------------------------------------
cli_tenant "Passend Primair Onderwijs Noord-Kennemerland" "PO 27-04"
BES=$(tok bestuur)
TOE=$(tok toezicht)
expect_exit "werkgebied" 0 as "$BES" werkgebied create --name Alkmaar --output json
WG=$(field id <<<"$OUT")
expect_exit "school" 0 as "$BES" bestuur school create --brin 01AB --vestiging 00 --name "De Regenboog" \
	--soort bao --werkgebied Alkmaar --output json
SCH=$(field id <<<"$OUT")
CON=$(tok werkgebied "$WG")
SCT=$(tok school "$SCH")
expect_exit "leerling" 0 as "$SCT" leerling create --school 01AB --source-system parnassys --external-id 4711 \
	--geboortejaar 2009 --output json

# ---- lijst ----------------------------------------------------------------------------
expect_exit "lijst list (csv) as toezicht" 0 as "$TOE" lijst list --output csv
expect_eq "18 default values (+ header)" "$(grep -c . <<<"$OUT")" 19
expect_exit "lijst list --soort mdo-niveau" 0 as "$CON" lijst list --soort mdo-niveau
expect_match "table shows ivm VO" 'ivm VO' "$OUT"
expect_exit "lijst set an own ondersteuningscategorie" 0 as "$BES" lijst set lezen --soort ondersteuningscategorie \
	--label "6 verrijkt leesonderwijs" --sort-order 6 --output json
expect_match "own value, active" '"active": *true' "$OUT"
expect_exit "lijst set an own arrangement type without rubriek exits 1" 1 as "$BES" lijst set ambulant \
	--soort arrangement-type --label Ambulant
expect_match "rubriek rule" 'rubriek must be individueel, groep or innovatie' "$ERR"
expect_exit "lijst set as the consulent exits 1" 1 as "$CON" lijst set x --soort mdo-niveau --label X
expect_match "PERMISSION_DENIED" 'PERMISSION_DENIED' "$ERR"
expect_exit "lijst deactivate ivm_vo" 0 as "$BES" lijst deactivate ivm_vo --soort mdo-niveau --output json
expect_match "inactive" '"active": *false' "$OUT"

# ---- toestemming, vraag ----------------------------------------------------------------
expect_exit "vraag create without consent exits 1" 1 as "$CON" vraag create --leerling parnassys:4711 \
	--omschrijving "Lezen blijft achter" --ingediend-op 2016-09-20
expect_match "FAILED_PRECONDITION naming the consent" \
	'FAILED_PRECONDITION.*no parental consent for ondersteuningsvraag for leerling .* on 2016-09-20' "$ERR"
expect_exit "toestemming record by the school" 0 as "$SCT" toestemming record --leerling parnassys:4711 \
	--scopes ondersteuningsvraag,mdo --datum 2016-09-01 --gezag beide-ouders --output json
TS=$(field id <<<"$OUT")
expect_match "scopes stored" 'TOESTEMMING_MDO' "$OUT"
expect_exit "vraag create by the consulent" 0 as "$CON" vraag create --leerling parnassys:4711 \
	--omschrijving "Lezen blijft achter" --categorie lezen --ingediend-op 2016-09-20 --output json
VR=$(field id <<<"$OUT")
expect_match "covered by the consent" "\"toestemmingId\": *\"$TS\"" "$OUT"
expect_exit "vraag list (table) as bestuur" 0 as "$BES" vraag list
expect_match "the table names the pupil" 'parnassys:4711' "$OUT"
expect_exit "vraag show as the school" 0 as "$SCT" vraag show "$VR"
expect_exit "vraag list as toezicht exits 1" 1 as "$TOE" vraag list
expect_exit "toestemming list --leerling" 0 as "$CON" toestemming list --leerling parnassys:4711 --output csv
expect_eq "one consent (+ header)" "$(grep -c . <<<"$OUT")" 2
expect_exit "toestemming withdraw" 0 as "$SCT" toestemming withdraw "$TS" --op 2016-10-01 --output json
expect_match "withdrawn on 2016-10-01" '2016-10-01' "$OUT"
expect_exit "vraag create after the withdrawal exits 1" 1 as "$CON" vraag create --leerling parnassys:4711 \
	--omschrijving "Opnieuw" --ingediend-op 2016-10-02
expect_match "names the withdrawal" 'was withdrawn on 2016-10-01' "$ERR"
expect_exit "toestemming show" 0 as "$BES" toestemming show "$TS"

finish
