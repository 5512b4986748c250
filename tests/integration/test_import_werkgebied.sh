#!/usr/bin/env bash
# test_import_werkgebied: the import kinds of the werkgebied area (D41):
# leerlingen, mdos and arrangementen through `passend bestuur import`: files
# with errors on several lines (every error with its line, nothing
# written), good files, dry run, re-import (all unchanged), consent recorded
# from toestemming_datum or taken from an existing one, verlengingen in the
# file, the events and the audit row; a consulent imports MDOs and arrangements of her own
# werkgebied only; a role that may not import the kind; and the thuiszitter kinds
# (thuiszitter_tellingen, thuiszitter_casussen, D39) the same way.
. "$(dirname "$0")/../lib/env.sh"
# shellcheck source=../lib/tenant_setup.sh
. "$(dirname "$0")/../lib/tenant_setup.sh"

env_ready
import_tenant "Import WG" "PO 99-02"

expect_exit "--help names the new kinds" 0 "$P" bestuur import --help
for c in leerlingen mdos arrangementen deelnemers verlenging_van toestemming_datum thuiszitter_tellingen \
	thuiszitter_casussen thuiszittend_sinds; do
	expect_match "--help lists $c" "$c" "$OUT$ERR"
done
printf 'x\n1\n' >"$D/x.csv"
expect_exit "unknown kind" 2 I dingen "$D/x.csv"
expect_match "names the kinds" 'leerlingen, mdos, arrangementen' "$ERR"

# ---- reference data ------------------------------------------------------------------
printf 'name\nAlkmaar\n' >"$D/gem.csv"
printf 'name,gemeenten\nWest,Alkmaar\nOost,Alkmaar\n' >"$D/wg.csv"
printf 'brin,name,soort,werkgebied\n01AB,School West,bao,West\n01AC,School Oost,bao,Oost\n02SB,De SBO,sbo,\n' >"$D/scholen.csv"
expect_exit "gemeenten" 0 I gemeenten "$D/gem.csv"
expect_exit "werkgebieden" 0 I werkgebieden "$D/wg.csv"
expect_exit "scholen" 0 I scholen "$D/scholen.csv"
psql_super -qc "INSERT INTO werkgebied.lijst_waarden (swv_id, kind, code, label) VALUES ('$TA', 'ondersteuningscategorie', 'gedrag', 'Gedrag')" >/dev/null

# ---- leerlingen -------------------------------------------------------------------------
cat >"$D/ll_bad.csv" <<'CSV'
source_system,external_id,brin,vestiging,geboortejaar,geslacht
sis,1,01AB,,2010,m
sis,2,99ZZ,,2010,v
sis,3,01AB,x,1800,q
sis,1,01AC,,2010,m
sis,4,,00,,
CSV
expect_exit "leerlingen with errors" 1 I leerlingen "$D/ll_bad.csv"
expect_eq "leerlingen error lines" "$(err_lines "$D/ll_bad.csv")" "3 4 5 6"
expect_match "line 3 unknown school" 'll_bad.csv:3: brin: unknown school 99ZZ vestiging 00' "$ERR"
expect_match "line 4 vestiging" 'll_bad.csv:4: vestiging: must be 2 digits' "$ERR"
expect_match "line 4 geboortejaar" 'll_bad.csv:4: geboortejaar: must be a year 1990-2100' "$ERR"
expect_match "line 4 geslacht" 'll_bad.csv:4: geslacht: must be jongen, meisje or anders' "$ERR"
expect_match "line 5 duplicate" 'll_bad.csv:5: external_id: sis 1 also on line 2' "$ERR"
expect_match "line 6 brin" 'll_bad.csv:6: brin: is required' "$ERR"
expect_eq "no pupils written" "$(count werkgebied.leerlingen)" 0
cat >"$D/ll.csv" <<'CSV'
source_system,external_id,brin,geboortejaar,geslacht
sis,1,01AB,2010,m
sis,2,01AB,2008,v
sis,3,01AC,2011,
CSV
expect_exit "leerlingen dry run" 0 I leerlingen "$D/ll.csv" --dry-run
expect_eq "dry run writes nothing" "$(count werkgebied.leerlingen)" 0
expect_exit "leerlingen import" 0 I leerlingen "$D/ll.csv"
expect_match "leerlingen 3 inserted" '3 inserted, 0 updated, 0 unchanged' "$OUT"
expect_eq "pupil in the school's werkgebied" "$(count werkgebied.leerlingen "external_id = '3' AND werkgebied_id = (SELECT id FROM werkgebied.werkgebieden WHERE name = 'Oost' AND swv_id = '$TA')")" 1
expect_exit "leerlingen re-import" 0 I leerlingen "$D/ll.csv"
expect_match "leerlingen unchanged" '0 inserted, 0 updated, 3 unchanged' "$OUT"
printf 'source_system,external_id,brin,geboortejaar\nsis,1,01AC,2010\nsis,2,01AB,2009\n' >"$D/ll_move.csv"
expect_exit "a known pupil is not moved" 1 I leerlingen "$D/ll_move.csv"
expect_match "line 2 registered elsewhere" 'll_move.csv:2: brin: the pupil is registered at 01AB vestiging 00' "$ERR"
expect_match "line 3 geboortejaar" 'll_move.csv:3: geboortejaar: the pupil has geboortejaar 2008' "$ERR"

# ---- mdos ----------------------------------------------------------------------------------
# consent for sis 1 through the API path's table (an existing consent is used)
psql_super -qc "INSERT INTO werkgebied.toestemmingen (swv_id, id, leerling_id, scopes, datum, gezag)
	SELECT swv_id, gen_random_uuid(), id, '{mdo}', '2016-08-01', 'beide_ouders' FROM werkgebied.leerlingen
	WHERE swv_id = '$TA' AND external_id = '1'" >/dev/null
cat >"$D/mdo_bad.csv" <<'CSV'
source_system,external_id,datum,niveau,deelnemers,kind_deelgenomen,uitkomst,plaatsing,plaatsing_weken,toestemming_datum
sis,1,2016-09-12,niv_9,school;ouders,ja,geen,,,
sis,2,2016-09-12,niv_2,school;buurman,ja,geen,,,2016-09-01
sis,2,2016-09-13,niv_2,school,ja,tijdelijke_plaatsing,,,2016-09-01
sis,2,2016-09-14,niv_2,school,ja,geen,so,30,2016-09-20
sis,3,2016-09-15,niv_3,school,ja,geen,,,
nieuw,9,2016-09-16,niv_3,school,nee,geen,,,2016-09-01
sis,1,2016-09-12,niv_2,school,ja,geen,,,
CSV
expect_exit "mdos with errors" 1 I mdos "$D/mdo_bad.csv"
expect_eq "mdo error lines" "$(err_lines "$D/mdo_bad.csv")" "2 3 4 5 6 7 8"
expect_match "line 2 niveau" 'mdo_bad.csv:2: niveau: niv_9 is not an active value of the mdo_niveau list' "$ERR"
expect_match "line 3 deelnemers" 'mdo_bad.csv:3: deelnemers: has a value that is not allowed' "$ERR"
expect_match "line 4 plaatsing" 'mdo_bad.csv:4: plaatsing: is required for a tijdelijke_plaatsing' "$ERR"
expect_match "line 5 weken" 'mdo_bad.csv:5: plaatsing_weken: must be 10-20 weeks' "$ERR"
expect_match "line 6 consent" 'mdo_bad.csv:6: toestemming_datum: no parental consent for mdo for the pupil on 2016-09-15' "$ERR"
expect_match "line 7 new pupil without school" 'mdo_bad.csv:7: brin: a pupil not yet known needs brin' "$ERR"
expect_match "line 8 duplicate" 'mdo_bad.csv:8: datum: same pupil and datum as line 2' "$ERR"
expect_eq "no MDOs written" "$(count werkgebied.mdos)" 0
expect_eq "no consents written" "$(count werkgebied.toestemmingen)" 1
cat >"$D/mdo.csv" <<'CSV'
source_system,external_id,brin,geboortejaar,datum,niveau,deelnemers,kind_deelgenomen,uitkomst,plaatsing,plaatsing_weken,toestemming_datum,gezag
sis,1,,,2016-09-12,niv_2,School; Ouders ;consulent,ja,geen,,,,
sis,2,,,2016-09-13,niv_3,school;jeugdhulp,nee,tijdelijke_plaatsing,sbo,12,2016-09-01,een_ouder
sis,2,,,2016-12-13,niv_3,school,nee,arrangement,,,2016-09-01,een_ouder
nieuw,9,01AC,2012,2017-01-16,niv_4,school;ouders,ja,tlv_route,,,2017-01-10,
CSV
expect_exit "mdos import" 0 I mdos "$D/mdo.csv"
expect_match "mdos 4 inserted" '4 inserted, 0 updated, 0 unchanged' "$OUT"
expect_eq "deelnemers normalized" "$(count werkgebied.mdos "deelnemers = '{school,ouders,consulent}'")" 1
expect_eq "placement" "$(count werkgebied.mdos "plaatsing = 'sbo' AND plaatsing_weken = 12")" 1
expect_eq "one consent recorded for sis 2, one for the new pupil" "$(count werkgebied.toestemmingen)" 3
expect_eq "existing consent used for sis 1" "$(count werkgebied.mdos "toestemming_id = (SELECT t.id FROM werkgebied.toestemmingen t JOIN werkgebied.leerlingen l ON l.id = t.leerling_id WHERE l.external_id = '1' AND t.swv_id = '$TA')")" 1
expect_eq "new pupil created" "$(count werkgebied.leerlingen "source_system = 'nieuw'")" 1
expect_exit "mdos re-import" 0 I mdos "$D/mdo.csv"
expect_match "mdos unchanged" '0 inserted, 0 updated, 4 unchanged' "$OUT"
sed 's/2016-12-13,niv_3/2016-12-13,niv_4/' "$D/mdo.csv" >"$D/mdo2.csv"
expect_exit "a changed MDO is refused" 1 I mdos "$D/mdo2.csv"
expect_match "names the line" 'mdo2.csv:4: datum: the pupil has an MDO on 2016-12-13 with other values' "$ERR"

# ---- arrangementen -------------------------------------------------------------------------
cat >"$D/arr_bad.csv" <<'CSV'
nummer,type,source_system,external_id,werkgebied,ondersteuningscategorie,uren_per_week,bedrag,startdatum,einddatum,status,verlenging_van,reflectie,toestemming_datum
A-1,individueel,sis,1,,nietbestaand,2.5,1250,2016-09-01,2017-01-31,verlengd,,,2016-08-15
A-2,individueel,,,West,,2,100,2016-09-01,2017-01-31,beeindigd,,,
A-3,groep,sis,1,West,,41,100,2016-09-01,2017-01-31,beeindigd,,,
A-4,innovatie,,,,,,12.345,2016-09-01,2016-08-01,beeindigd,,,
A-5,groep,,,Nergens,onbekend,,,2016-09-01,2017-01-31,klaar,,,
A-6,individueel,sis,1,,,,,2017-02-01,2017-07-31,lopend,A-9,verder,2016-08-15
A-7,individueel,sis,2,,,,,2017-02-01,2017-07-31,lopend,A-1,,2016-08-15
A-1,groep,,,Oost,,,,2016-09-01,2017-01-31,beeindigd,,,
A-8,individueel,sis,3,,,,,2016-10-01,2017-07-31,lopend,,,
CSV
expect_exit "arrangementen with errors" 1 I arrangementen "$D/arr_bad.csv"
expect_eq "arrangement error lines" "$(err_lines "$D/arr_bad.csv")" "2 3 4 5 6 7 8 9 10"
expect_match "line 2 categorie" 'arr_bad.csv:2: ondersteuningscategorie: nietbestaand is not an active value' "$ERR"
expect_match "line 3 pupil" 'arr_bad.csv:3: source_system: type individueel is individueel' "$ERR"
expect_match "line 3 werkgebied" "arr_bad.csv:3: werkgebied: is the pupil's" "$ERR"
expect_match "line 4 uren" 'arr_bad.csv:4: uren_per_week: must be a number of hours 0-40' "$ERR"
expect_match "line 5 bedrag decimals" 'arr_bad.csv:5: bedrag: must be an amount' "$ERR"
expect_match "line 6 status" 'arr_bad.csv:6: status: has a value that is not allowed' "$ERR"
expect_match "line 7 predecessor" 'arr_bad.csv:7: verlenging_van: no arrangement A-9 in the file or the SWV' "$ERR"
expect_match "line 8 reflectie" 'arr_bad.csv:8: reflectie: is required for a verlenging' "$ERR"
expect_match "line 9 duplicate" 'arr_bad.csv:9: nummer: A-1 also on line 2' "$ERR"
expect_match "line 10 consent" 'arr_bad.csv:10: toestemming_datum: no parental consent for arrangement' "$ERR"
expect_eq "no arrangements written" "$(count werkgebied.arrangementen)" 0
cat >"$D/arr.csv" <<'CSV'
nummer,type,source_system,external_id,werkgebied,ondersteuningscategorie,uren_per_week,bedrag,startdatum,einddatum,versterkt_leerkracht,status,verlenging_van,reflectie,omschrijving,toestemming_datum
A-2,individueel,sis,1,,,2,"1250,5",2017-02-01,2017-07-31,nee,lopend,A-1,"Het gaat beter, door",,
A-1,individueel,sis,1,,gedrag,"2,5",1250,2016-09-01,2017-01-31,ja,verlengd,,,Lezen,2016-08-15
A-3,groep,,,West,,4,5000,2016-10-03,2017-06-30,ja,beeindigd,,,,
A-4,innovatie,,,Oost,,,,2016-11-01,2017-06-30,nee,toegekend,,,,
CSV
expect_exit "arrangementen import" 0 I arrangementen "$D/arr.csv"
expect_match "arrangementen 4 inserted" '4 inserted, 0 updated, 0 unchanged' "$OUT"
expect_eq "verlenging linked (predecessor later in the file)" "$(count werkgebied.arrangementen "nummer = 'A-2' AND voorganger_id = (SELECT id FROM werkgebied.arrangementen WHERE nummer = 'A-1' AND swv_id = '$TA')")" 1
expect_eq "euros to cents, hours" "$(count werkgebied.arrangementen "nummer = 'A-2' AND bedrag_cents = 125050 AND uren_per_week = 2")" 1
expect_eq "hours with a comma" "$(count werkgebied.arrangementen "nummer = 'A-1' AND uren_per_week = 2.5 AND bedrag_cents = 125000 AND versterkt_leerkracht")" 1
expect_eq "individueel in the pupil's werkgebied" "$(count werkgebied.arrangementen "nummer = 'A-1' AND werkgebied_id = (SELECT id FROM werkgebied.werkgebieden WHERE name = 'West' AND swv_id = '$TA')")" 1
expect_eq "one consent covers both" "$(count werkgebied.toestemmingen "'arrangement' = ANY (scopes)")" 1
expect_eq "one import event each" "$(count werkgebied.arrangement_events "step = 'import'")" 4
expect_eq "the report counts them" "$(psql_super -Atc "SELECT count(*) FROM werkgebied.arrangementen WHERE swv_id = '$TA' AND status NOT IN ('aangevraagd', 'afgewezen', 'ingetrokken')")" 4
expect_exit "arrangementen re-import" 0 I arrangementen "$D/arr.csv"
expect_match "arrangementen unchanged" '0 inserted, 0 updated, 4 unchanged' "$OUT"
printf 'nummer,type,werkgebied,startdatum,einddatum,status\nA-3,groep,West,2016-10-03,2017-06-30,lopend\nA-5,groep,Oost,2017-01-01,2017-06-30,verlengd\nA-6,groep,Oost,2017-03-01,2017-06-30,lopend\n' >"$D/arr2.csv"
expect_exit "a changed arrangement is refused" 1 I arrangementen "$D/arr2.csv"
expect_match "names it" 'arr2.csv:2: nummer: arrangement A-3 exists with other values' "$ERR"
expect_eq "only that line" "$(err_lines "$D/arr2.csv")" "2"
expect_eq "finish audited with the arrangements" "$(psql_super -Atc "SELECT count(*) FROM platform.audit_log WHERE swv_id = '$TA' AND method LIKE '%FinishImport' AND object_ids @> ARRAY[(SELECT id::text FROM werkgebied.arrangementen WHERE nummer = 'A-1' AND swv_id = '$TA')]")" 1

# ---- a consulent imports for her werkgebied ----------------------------------------------
WEST=$(psql_super -Atc "SELECT id FROM werkgebied.werkgebieden WHERE swv_id = '$TA' AND name = 'West'")
expect_exit "consulent token (West)" 0 "$P" --token "$ADM" admin token create --role werkgebied --tenant "$TA" \
	--scope "$WEST" --output json
WT=$(field token <<<"$OUT")
W() { "$P" --token "$WT" bestuur import "$@"; }
expect_exit "consulent may not import leerlingen" 1 W leerlingen "$D/ll.csv"
expect_match "names what she may import" 'may not import leerlingen \(it may import: mdos, arrangementen\)' "$ERR"
cat >"$D/wmdo_bad.csv" <<'CSV'
source_system,external_id,brin,datum,niveau,deelnemers,toestemming_datum
sis,1,,2017-02-06,niv_2,school;consulent,
sis,3,,2017-02-06,niv_2,school;consulent,2017-02-01
nieuw2,1,01AC,2017-02-06,niv_2,school,2017-02-01
CSV
expect_exit "consulent: pupils outside her werkgebied refused" 1 W mdos "$D/wmdo_bad.csv"
expect_eq "consulent error lines" "$(err_lines "$D/wmdo_bad.csv")" "3 4"
expect_match "line 3: another werkgebied's pupil" 'wmdo_bad.csv:3: external_id: the pupil is registered at a school outside your werkgebieden' "$ERR"
expect_match "line 4: another werkgebied's school" 'wmdo_bad.csv:4: brin: unknown school 01AC' "$ERR"
head -2 "$D/wmdo_bad.csv" >"$D/wmdo.csv"
printf 'nieuw2,2,01AB,2017-02-07,niv_3,school;ouders,2017-02-01\n' >>"$D/wmdo.csv"
expect_exit "consulent imports MDOs in her werkgebied" 0 W mdos "$D/wmdo.csv"
expect_match "2 inserted" '2 inserted, 0 updated, 0 unchanged' "$OUT"
expect_eq "her new pupil in West" "$(count werkgebied.leerlingen "source_system = 'nieuw2' AND werkgebied_id = '$WEST'")" 1
printf 'nummer,type,werkgebied,startdatum,einddatum\nW-1,groep,West,2017-02-01,2017-06-30\nW-2,groep,Oost,2017-02-01,2017-06-30\n' >"$D/warr.csv"
expect_exit "consulent: another werkgebied's arrangement refused" 1 W arrangementen "$D/warr.csv"
expect_match "line 3: Oost is not hers" 'warr.csv:3: werkgebied: unknown werkgebied Oost' "$ERR"
head -2 "$D/warr.csv" >"$D/warr_ok.csv"
expect_exit "consulent imports an arrangement of West" 0 W arrangementen "$D/warr_ok.csv"
expect_match "1 inserted" '1 inserted' "$OUT"
expect_eq "consulent's finish audited" "$(psql_super -Atc "SELECT count(*) FROM platform.audit_log WHERE swv_id = '$TA' AND role = 'werkgebied' AND method LIKE '%FinishImport'")" 4

# ---- roles --------------------------------------------------------------------------------
expect_exit "toezicht token" 0 "$P" --token "$ADM" admin token create --role toezicht --tenant "$TA" --output json
TZ=$(field token <<<"$OUT")
expect_exit "toezicht may not import" 1 "$P" --token "$TZ" bestuur import mdos "$D/mdo.csv"
expect_match "permission denied" 'PERMISSION_DENIED|permission' "$ERR"

# ---- thuiszitter kinds (D39) ----------------------------------------------------------------
printf 'name\nHeiloo\n' >"$D/gem_tz.csv"
expect_exit "gemeente Heiloo" 0 I gemeenten "$D/gem_tz.csv"
# ---- thuiszitter_tellingen ---------------------------------------------------------------
cat >"$D/tel_bad.csv" <<'CSV'
peildatum,categorie,gemeente,aantal
2016-12-15,absoluut_verzuim,Alkmaar,4
2016-12-32,absoluut_verzuim,Alkmaar,1
2016-12-15,spijbelen,Heiloo,1
2016-12-15,absoluut_verzuim,Bergen,2
2016-12-15,absoluut_verzuim,Alkmaar,3
2016-12-15,Absoluut Verzuim,,x
CSV
expect_exit "thuiszitter_tellingen with errors" 1 I thuiszitter_tellingen "$D/tel_bad.csv"
expect_eq "error lines" "$(err_lines "$D/tel_bad.csv")" "3 4 5 6 7"
expect_match "line 3 peildatum" 'tel_bad.csv:3: peildatum: must be a date YYYY-MM-DD' "$ERR"
expect_match "line 4 categorie" 'tel_bad.csv:4: categorie: spijbelen is not an active value of the thuiszitter_categorie list' "$ERR"
expect_match "line 5 gemeente" 'tel_bad.csv:5: gemeente: unknown gemeente Bergen' "$ERR"
expect_match "line 6 duplicate" 'tel_bad.csv:6: peildatum: same peildatum, categorie and gemeente as line 2' "$ERR"
expect_match "line 7 categorie" 'tel_bad.csv:7: categorie: must be a code' "$ERR"
expect_match "line 7 aantal" 'tel_bad.csv:7: aantal: must be a whole number >= 0' "$ERR"
expect_eq "no counts written" "$(count werkgebied.thuiszitter_tellingen)" 0
cat >"$D/tel.csv" <<'CSV'
peildatum,categorie,gemeente,aantal
2016-12-15,absoluut_verzuim,Alkmaar,4
2016-12-15,absoluut_verzuim,Heiloo,1
2016-09-15,vrijstelling_5b,,18
CSV
expect_exit "thuiszitter_tellingen dry run" 0 I thuiszitter_tellingen "$D/tel.csv" --dry-run
expect_eq "dry run writes nothing" "$(count werkgebied.thuiszitter_tellingen)" 0
expect_exit "thuiszitter_tellingen import" 0 I thuiszitter_tellingen "$D/tel.csv"
expect_match "3 inserted" '3 inserted, 0 updated, 0 unchanged' "$OUT"
expect_eq "the total without a split has no gemeente" \
	"$(count werkgebied.thuiszitter_tellingen "gemeente_id IS NULL AND aantal = 18")" 1
expect_exit "thuiszitter_tellingen re-import" 0 I thuiszitter_tellingen "$D/tel.csv"
expect_match "all unchanged" '0 inserted, 0 updated, 3 unchanged' "$OUT"
sed -i 's/Alkmaar,4/Alkmaar,5/' "$D/tel.csv"
expect_exit "thuiszitter_tellingen with a changed count" 0 I thuiszitter_tellingen "$D/tel.csv"
expect_match "1 updated" '0 inserted, 1 updated, 2 unchanged' "$OUT"
expect_exit "the inspectie's CSV" 0 "$P" --token "$BT" rapport thuiszitters-inspectie --schooljaar 2016-2017
expect_eq "the inspectie's CSV: the imported counts" "$OUT" "peildatum,categorie,gemeente,aantal
2016-09-15,vrijstelling_5b,,18
2016-12-15,absoluut_verzuim,Alkmaar,5
2016-12-15,absoluut_verzuim,Heiloo,1"

# ---- thuiszitter_casussen -----------------------------------------------------------------
cat >"$D/cas_bad.csv" <<'CSV'
source_system,external_id,brin,startdatum,thuiszittend_sinds,scenarios,einddatum,uitkomst
tz,1,01AB,2017-01-09,,verkort_rooster,,
tz,2,01AB,2017-01-09,2017-01-01,,,
tz,3,01AB,2017-01-09,2017-01-20,,2017-01-15,geplaatst
tz,4,01AB,2017-01-09,,,2017-03-01,
tz,5,01AB,2017-01-09,,spijbelen;verkort_rooster,,
tz,1,01AB,2017-01-09,,,,
tz,6,,2017-01-09,,,,
tz,7,01AB,2017-01-09,,,,thuis
CSV
expect_exit "thuiszitter_casussen with errors" 1 I thuiszitter_casussen "$D/cas_bad.csv"
expect_eq "error lines" "$(err_lines "$D/cas_bad.csv")" "3 4 5 6 7 8 9"
expect_match "line 3 sinds" 'cas_bad.csv:3: thuiszittend_sinds: is before startdatum' "$ERR"
expect_match "line 4 einddatum" 'cas_bad.csv:4: einddatum: is before thuiszittend_sinds' "$ERR"
expect_match "line 5 uitkomst" 'cas_bad.csv:5: uitkomst: is required with einddatum' "$ERR"
expect_match "line 6 scenario" 'cas_bad.csv:6: scenarios: spijbelen is not an active value of the thuiszitter_scenario list' "$ERR"
expect_match "line 7 duplicate" 'cas_bad.csv:7: startdatum: same pupil and startdatum as line 2' "$ERR"
expect_match "line 8 school" 'cas_bad.csv:8: brin: a pupil not yet known needs brin' "$ERR"
expect_match "line 9 uitkomst" 'cas_bad.csv:9: uitkomst: has a value that is not allowed' "$ERR"
expect_eq "no cases written" "$(count werkgebied.thuiszitter_casussen)" 0
expect_eq "no pupils written" "$(count werkgebied.leerlingen "source_system = 'tz'")" 0
cat >"$D/cas.csv" <<'CSV'
source_system,external_id,brin,geboortejaar,startdatum,thuiszittend_sinds,scenarios,interim_leerarrangement,einddatum,uitkomst
tz,1,01AB,2008,2017-01-09,,verkort_rooster;vaak_buiten_de_klas,zorgboerderij,,
tz,2,01AB,2009,2016-10-03,2016-11-01,,,2017-02-13,geplaatst
tz,3,01AB,2010,2016-12-12,2017-01-02,,,,
CSV
expect_exit "thuiszitter_casussen dry run" 0 I thuiszitter_casussen "$D/cas.csv" --dry-run
expect_eq "dry run writes nothing" "$(count werkgebied.thuiszitter_casussen)" 0
expect_exit "thuiszitter_casussen import" 0 I thuiszitter_casussen "$D/cas.csv"
expect_match "3 inserted" '3 inserted, 0 updated, 0 unchanged' "$OUT"
expect_eq "the cases' states from their dates" "$(psql_super -Atc "SELECT string_agg(l.external_id || ':' || c.status
	|| ':' || array_to_string(c.scenarios, ';') || ':' || coalesce(c.uitkomst, ''), ' ' ORDER BY l.external_id)
	FROM werkgebied.thuiszitter_casussen c JOIN werkgebied.leerlingen l ON l.swv_id = c.swv_id AND l.id = c.leerling_id
	WHERE c.swv_id = '$TA'")" "1:dreigend:verkort_rooster;vaak_buiten_de_klas: 2:afgesloten::geplaatst 3:thuiszittend::"
expect_eq "the cases in the school's werkgebied" \
	"$(count werkgebied.thuiszitter_casussen "werkgebied_id = (SELECT id FROM werkgebied.werkgebieden WHERE swv_id = '$TA' AND name = 'West')")" 3
AUD=$(psql_super -Atc "SELECT cardinality(object_ids) FROM platform.audit_log WHERE swv_id = '$TA'
	AND method = '/passend.v1.Bestuur/FinishImport' ORDER BY id DESC LIMIT 1")
expect_eq "the audit row names the import, 3 cases and 3 pupils" "$AUD" 7
expect_exit "thuiszitter_casussen re-import" 0 I thuiszitter_casussen "$D/cas.csv"
expect_match "all unchanged" '0 inserted, 0 updated, 3 unchanged' "$OUT"
sed -i 's/^tz,3,01AB,2010,2016-12-12,2017-01-02,,,,$/tz,3,01AB,2010,2016-12-12,2017-01-02,,,2017-04-03,verhuisd/' "$D/cas.csv"
expect_exit "thuiszitter_casussen closing a case later" 0 I thuiszitter_casussen "$D/cas.csv"
expect_match "1 updated" '0 inserted, 1 updated, 2 unchanged' "$OUT"
expect_eq "the case is afgesloten, verhuisd" \
	"$(count werkgebied.thuiszitter_casussen "status = 'afgesloten' AND uitkomst = 'verhuisd' AND einddatum = '2017-04-03'")" 1

finish
