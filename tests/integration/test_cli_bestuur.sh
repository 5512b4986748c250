#!/usr/bin/env bash
# test_cli_bestuur: the passend CLI end to end for issue 4 against a real
# passendd: bestuur schoolbestuur / gemeente / school update|deactivate /
# herkomst / telling, werkgebied update|deactivate, tlv workflow, rapport
# deelname / tlv, admin landelijk; table, json and csv; exit 1 for server
# errors, 2 for usage errors (checked before any connection).
. "$(dirname "$0")/../lib/env.sh"

env_ready
P="$B/passend"
ADM=$PASSEND_ADMIN_TOKEN

# ---- usage errors (exit 2, no server needed) --------------------------------------
expect_exit "tlv besluit with both --afgegeven and --afgewezen exits 2" 2 "$P" tlv besluit X --afgegeven --afgewezen
expect_exit "rapport tlv without --schooljaar exits 2" 2 "$P" rapport tlv
expect_exit "rapport tlv --schooljaar 2016-2018 exits 2" 2 "$P" rapport tlv --schooljaar 2016-2018
expect_exit "rapport tlv --trimester 4 exits 2" 2 "$P" rapport tlv --schooljaar 2016-2017 --trimester 4
expect_exit "rapport deelname bad --teldatum exits 2" 2 "$P" rapport deelname --teldatum 2016-13-01
expect_exit "schoolbestuur update without fields exits 2" 2 "$P" bestuur schoolbestuur update X
expect_exit "telling set woonachtig without gemeente exits 2" 2 "$P" bestuur telling set --school X \
	--teldatum 2016-10-01 --aantal 3 --tel-wijze woonachtig
expect_exit "admin landelijk set with a decimal comma exits 2" 2 "$P" admin landelijk set --teldatum 2016-10-01 \
	--sbo 2,48 --so 1.67
expect_exit "tlv advies with a bad --expert exits 2" 2 "$P" tlv advies X --expert nodiscipline
for c in "bestuur schoolbestuur create" "bestuur gemeente update" "bestuur school update" "bestuur herkomst set" \
	"bestuur telling set" "werkgebied update" "werkgebied deactivate" "tlv submit" "tlv herbeoordeel" \
	"rapport deelname" "rapport tlv" "admin landelijk set"; do
	# shellcheck disable=SC2086
	expect_help_examples $c
done

# ---- tenant and tokens --------------------------------------------------------------
cli_tenant "Passend Primair Onderwijs Noord-Kennemerland" "PO 27-04"
BES=$(tok bestuur)
TOE=$(tok toezicht)

# ---- landelijke percentages -----------------------------------------------------------
expect_exit "admin landelijk set" 0 as "$ADM" admin landelijk set --teldatum 2016-10-01 --sbo 2.48 --so 1.67 \
	--so-categorie-1 1.35 --output json
expect_match "landelijk sbo 2.48" '"sbo": *"2.48"' "$OUT"
expect_exit "admin landelijk set as bestuur exits 1" 1 as "$BES" admin landelijk set --teldatum 2016-10-01 \
	--sbo 2.48 --so 1.67
expect_match "PERMISSION_DENIED" 'PERMISSION_DENIED' "$ERR"
expect_exit "admin landelijk list (csv) as toezicht" 0 as "$TOE" admin landelijk list --output csv
expect_match "csv has the teldatum" '2016-10-01' "$OUT"

# ---- besturen, gemeenten -----------------------------------------------------------------
expect_exit "schoolbestuur create" 0 as "$BES" bestuur schoolbestuur create --bg-nummer 41234 \
	--name "Stichting Ronduit" --vestigingsplaats Alkmaar --runs bao,sbo --lidmaatschap lid --output json
BST=$(field id <<<"$OUT")
expect_match "bestuur runs sbo" '"runsSbo": *true' "$OUT"
expect_exit "schoolbestuur create duplicate bg-nummer exits 1" 1 as "$BES" bestuur schoolbestuur create \
	--bg-nummer 41234 --name Dubbel
expect_exit "schoolbestuur update" 0 as "$BES" bestuur schoolbestuur update "$BST" --vestigingsplaats Heiloo \
	--output json
expect_match "vestigingsplaats changed" '"vestigingsplaats": *"Heiloo"' "$OUT"
expect_exit "schoolbestuur list (table)" 0 as "$BES" bestuur schoolbestuur list
expect_match "table names the bestuur" 'Stichting Ronduit' "$OUT"
expect_exit "schoolbestuur show as toezicht" 0 as "$TOE" bestuur schoolbestuur show "$BST"
expect_exit "schoolbestuur create as toezicht exits 1" 1 as "$TOE" bestuur schoolbestuur create \
	--bg-nummer 49999 --name X
expect_exit "gemeente create" 0 as "$BES" bestuur gemeente create --name Alkmaar --cbs-code GM0361 \
	--valid-from 2015-01-01 --output json
GEM=$(field id <<<"$OUT")
expect_exit "gemeente create with postcodes" 0 as "$BES" bestuur gemeente create --name "Dijk en Waard" \
	--valid-from 2022-01-01 --postcodes 1700-1709,1720AA-1724ZZ --output json
expect_match "postcode ranges kept" '1720AA' "$OUT"
expect_exit "gemeente list (csv)" 0 as "$BES" bestuur gemeente list --output csv
expect_eq "csv: header + 2 rows" "$(grep -c . <<<"$OUT")" 3

# ---- werkgebied, school ---------------------------------------------------------------------
expect_exit "werkgebied create" 0 as "$BES" werkgebied create --name Alkmaar --output json
WG=$(field id <<<"$OUT")
expect_exit "werkgebied update gemeenten" 0 as "$BES" werkgebied update "$WG" --gemeenten "$GEM" --output json
expect_match "gemeente linked" "$GEM" "$OUT"
expect_exit "school create" 0 as "$BES" bestuur school create --brin 01AB --vestiging 00 --name "De Regenboog" \
	--soort bao --werkgebied "$WG" --output json
SCH=$(field id <<<"$OUT")
expect_exit "school update" 0 as "$BES" bestuur school update "$SCH" --schoolbestuur "$BST" --gemeente "$GEM" \
	--output json
expect_match "school has its bestuur" "$BST" "$OUT"
expect_exit "school create SBO" 0 as "$BES" bestuur school create --brin 02CD --vestiging 00 --name "SBO De Brug" \
	--soort sbo --output json
SBO=$(field id <<<"$OUT")
expect_exit "school list --soort sbo (csv)" 0 as "$BES" bestuur school list --soort sbo --output csv
expect_eq "csv: header + the SBO school" "$(grep -c . <<<"$OUT")" 2
expect_match "the SBO school is SBO De Brug" 'SBO De Brug' "$OUT"
expect_exit "school list --schoolbestuur by bevoegd-gezag number (csv)" 0 as "$BES" bestuur school list \
	--schoolbestuur 41234 --output csv
expect_eq "csv: header + the bestuur's one school" "$(grep -c . <<<"$OUT")" 2
expect_match "the bestuur's school is De Regenboog" 'De Regenboog' "$OUT"

# ---- herkomst, tellingen ---------------------------------------------------------------------
expect_exit "herkomst list" 0 as "$TOE" bestuur herkomst list --output csv
expect_eq "9 default herkomst types (+ header)" "$(grep -c . <<<"$OUT")" 10
expect_exit "herkomst set" 0 as "$BES" bestuur herkomst set kdc --label "KDC / MKD" --route-group voorschool
expect_exit "telling set bao" 0 as "$BES" bestuur telling set --school "$SCH" --teldatum 2016-10-01 --aantal 300
expect_exit "telling set sbo" 0 as "$BES" bestuur telling set --school "$SBO" --teldatum 2016-10-01 --aantal 9
expect_exit "telling list" 0 as "$BES" bestuur telling list --teldatum 2016-10-01 --output csv
expect_eq "2 tellingen (+ header)" "$(grep -c . <<<"$OUT")" 3

# ---- deelname report ---------------------------------------------------------------------------
expect_exit "rapport deelname (table)" 0 as "$BES" rapport deelname --teldatum 2016-10-01 --per-bestuur
expect_match "section Deelnamepercentages" 'Deelnamepercentages' "$OUT"
expect_match "9 / (300 + 9) = 2,91" '2,91' "$OUT"
expect_exit "rapport deelname (csv)" 0 as "$BES" rapport deelname --teldatum 2016-10-01 --output csv
expect_match "csv section line" $'(^|\n)Leerlingaantallen\n' "$OUT"
expect_match "csv decimal point" '2\.91' "$OUT"
expect_exit "rapport deelname (json)" 0 as "$BES" rapport deelname --teldatum 2016-10-01 --output json
expect_match "json pctSbo" '"pctSbo"' "$OUT"
expect_exit "rapport deelname as school exits 1" 1 as "$(tok school "$SCH")" rapport deelname

# ---- TLV workflow ---------------------------------------------------------------------------------
expect_exit "leerling" 0 as "$BES" leerling create --school "$SCH" --source-system test --external-id 1 \
	--geboortejaar 2009 --geslacht jongen --output json
LL=$(field id <<<"$OUT")
expect_exit "tlv submit without consent exits 1" 1 as "$BES" tlv submit --leerling "$LL" --herkomst basisonderwijs \
	--soort sbo --dossier-compleet
expect_match "FAILED_PRECONDITION" 'FAILED_PRECONDITION' "$ERR"
expect_exit "tlv submit" 0 as "$BES" tlv submit --leerling "$LL" --herkomst basisonderwijs --soort sbo \
	--toestemming-datum 2016-09-01 --aanvraagdatum 2016-09-05 --dossier-compleet --output json
TLV=$(field id <<<"$OUT")
expect_exit "tlv advies" 0 as "$BES" tlv advies "$TLV" --expert "A. Jansen:orthopedagoog" \
	--expert "B. de Wit:jeugdarts" --advies "SBO"
expect_exit "tlv besluit" 0 as "$BES" tlv besluit "$TLV" --afgegeven --nummer 2016-0001 --soort sbo \
	--start 2016-12-01 --eind 2018-07-31 --ontvangende-school "$SBO" --datum 2016-12-05 --output json
expect_match "afgegeven" '"state": *"AFGEGEVEN"' "$OUT"
expect_exit "tlv besluit again exits 1" 1 as "$BES" tlv besluit "$TLV" --afgewezen
expect_exit "tlv show" 0 as "$BES" tlv show "$TLV" --output json
expect_match "events recorded" '"step": *"besluit"' "$OUT"
expect_exit "tlv list (csv)" 0 as "$BES" tlv list --output csv
expect_eq "1 tlv (+ header)" "$(grep -c . <<<"$OUT")" 2
expect_exit "tlv list as toezicht exits 1" 1 as "$TOE" tlv list

# ---- TLV report ------------------------------------------------------------------------------------
expect_exit "rapport tlv (table)" 0 as "$BES" rapport tlv --schooljaar 2016-2017 --trimester 2
for s in "TLV's naar herkomst" "Verdeling afgegeven TLV's speciaal \(basis\)onderwijs" "Aanvragende basisscholen" \
	"Doorlooptijd" "Per bestuur" "Nieuw en herbeoordeling" "Routes" "Eindtotaal" "Totaal SBO" "Totaal SO"; do
	expect_match "table has $s" "$s" "$OUT"
done
expect_exit "rapport tlv (csv)" 0 as "$BES" rapport tlv --schooljaar 2016-2017 --trimester 2 --output csv
expect_eq "csv: 7 section blocks" "$(grep -c '^$' <<<"$OUT"$'\n')" 7
expect_exit "rapport tlv (json) as toezicht" 0 as "$TOE" rapport tlv --schooljaar 2016-2017 --trimester 2 \
	--output json
expect_match "toezicht gets a suppressed report" '"suppressed": *true' "$OUT"
expect_exit "rapport tlv (table) as toezicht" 0 as "$TOE" rapport tlv --schooljaar 2016-2017 --trimester 2
expect_match "suppressed cells shown as <N" '<[0-9]+' "$OUT"

# ---- deactivate ---------------------------------------------------------------------------------------
expect_exit "school deactivate" 0 as "$BES" bestuur school deactivate "$SBO" --active-to 2024-07-31 --output json
expect_match "active_to set" '"activeTo": *"2024-07-31"' "$OUT"
expect_exit "school list (csv) after deactivate" 0 as "$BES" bestuur school list --output csv
expect_eq "csv: the closed school is not listed" "$(grep -c . <<<"$OUT")" 2
expect_exit "school list --include-inactive (csv)" 0 as "$BES" bestuur school list --include-inactive --output csv
expect_eq "csv: --include-inactive lists it" "$(grep -c . <<<"$OUT")" 3
expect_exit "school show of the closed school by BRIN" 0 as "$BES" bestuur school show 02CD --output json
expect_match "it is the closed school" "$SBO" "$OUT"
expect_exit "werkgebied deactivate" 0 as "$BES" werkgebied deactivate "$WG" --output json
expect_match "inactive" '"active": *false' "$OUT"
expect_exit "schoolbestuur deactivate unknown exits 1" 1 as "$BES" bestuur schoolbestuur deactivate \
	00000000-0000-4000-8000-000000000000
expect_match "NOT_FOUND" 'NOT_FOUND' "$ERR"

finish
