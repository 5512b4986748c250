#!/usr/bin/env bash
# test_import_thuiszitters: the import kinds thuiszitter_tellingen and
# thuiszitter_casussen (D39, D41) through `passend bestuur import`: files with
# errors on several lines (every error with its line, nothing written), dry
# run, a good file, re-import (all unchanged), an update (a case closed later),
# the stored rows and the audit row naming the cases and pupils.
. "$(dirname "$0")/../lib/env.sh"

env_ready
P="$B/passend"
ADM=$PASSEND_ADMIN_TOKEN
D="$T/csv"
mkdir -p "$D"

expect_exit "tenant" 0 "$P" --token "$ADM" admin tenant create --name "Import TZ" --duo-code "PO 99-03" --output json
TA=$(field id <<<"$OUT")
expect_exit "bestuur token" 0 "$P" --token "$ADM" admin token create --role bestuur --tenant "$TA" --output json
BT=$(field token <<<"$OUT")
I() { "$P" --token "$BT" bestuur import "$@"; }
count() { psql_super -Atc "SELECT count(*) FROM $1 WHERE swv_id = '$TA' ${2:+AND $2}"; }
err_lines() { grep -oE "^$1:[0-9]+:" <<<"$ERR" | cut -d: -f2 | sort -n | uniq | tr '\n' ' ' | sed 's/ $//'; }

expect_exit "--help names the kinds" 0 "$P" bestuur import --help
expect_match "--help lists thuiszitter_tellingen" 'thuiszitter_tellingen' "$OUT$ERR"
expect_match "--help lists thuiszitter_casussen" 'thuiszitter_casussen' "$OUT$ERR"

printf 'name\nAlkmaar\nHeiloo\n' >"$D/gem.csv"
printf 'name,gemeenten\nWest,Alkmaar\n' >"$D/wg.csv"
printf 'brin,name,soort,werkgebied\n01AB,School West,bao,West\n' >"$D/scholen.csv"
expect_exit "gemeenten" 0 I gemeenten "$D/gem.csv"
expect_exit "werkgebieden" 0 I werkgebieden "$D/wg.csv"
expect_exit "scholen" 0 I scholen "$D/scholen.csv"

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
sis,1,01AB,2017-01-09,,verkort_rooster,,
sis,2,01AB,2017-01-09,2017-01-01,,,
sis,3,01AB,2017-01-09,2017-01-20,,2017-01-15,geplaatst
sis,4,01AB,2017-01-09,,,2017-03-01,
sis,5,01AB,2017-01-09,,spijbelen;verkort_rooster,,
sis,1,01AB,2017-01-09,,,,
sis,6,,2017-01-09,,,,
sis,7,01AB,2017-01-09,,,,thuis
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
expect_eq "no pupils written" "$(count werkgebied.leerlingen)" 0
cat >"$D/cas.csv" <<'CSV'
source_system,external_id,brin,geboortejaar,startdatum,thuiszittend_sinds,scenarios,interim_leerarrangement,einddatum,uitkomst
sis,1,01AB,2008,2017-01-09,,verkort_rooster;vaak_buiten_de_klas,zorgboerderij,,
sis,2,01AB,2009,2016-10-03,2016-11-01,,,2017-02-13,geplaatst
sis,3,01AB,2010,2016-12-12,2017-01-02,,,,
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
	"$(count werkgebied.thuiszitter_casussen "werkgebied_id = (SELECT id FROM werkgebied.werkgebieden WHERE swv_id = '$TA')")" 3
AUD=$(psql_super -Atc "SELECT cardinality(object_ids) FROM platform.audit_log WHERE swv_id = '$TA'
	AND method = '/passend.v1.Bestuur/FinishImport' ORDER BY id DESC LIMIT 1")
expect_eq "the audit row names the import, 3 cases and 3 pupils" "$AUD" 7
expect_exit "thuiszitter_casussen re-import" 0 I thuiszitter_casussen "$D/cas.csv"
expect_match "all unchanged" '0 inserted, 0 updated, 3 unchanged' "$OUT"
sed -i 's/^sis,3,01AB,2010,2016-12-12,2017-01-02,,,,$/sis,3,01AB,2010,2016-12-12,2017-01-02,,,2017-04-03,verhuisd/' "$D/cas.csv"
expect_exit "thuiszitter_casussen closing a case later" 0 I thuiszitter_casussen "$D/cas.csv"
expect_match "1 updated" '0 inserted, 1 updated, 2 unchanged' "$OUT"
expect_eq "the case is afgesloten, verhuisd" \
	"$(count werkgebied.thuiszitter_casussen "status = 'afgesloten' AND uitkomst = 'verhuisd' AND einddatum = '2017-04-03'")" 1

finish
