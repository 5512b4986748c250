#!/usr/bin/env bash
# test_import: `passend bestuur import` end to end: bad header refused naming
# the column; a file with errors on several lines -> all reported with their
# (physical) line numbers, nothing written; good files of every kind written;
# re-import -> all unchanged; quoted fields with commas, quotes and line
# breaks; historical TLVs (new pupils, herbeoordeling, afgewezen, overig);
# --help lists the columns; no progress output when stderr is not a
# terminal, a progress bar when it is; a 100,000-row tellingen import.
. "$(dirname "$0")/../lib/env.sh"
# shellcheck source=../lib/tenant_setup.sh
. "$(dirname "$0")/../lib/tenant_setup.sh"

env_ready
import_tenant "Import SWV" "PO 99-01"

expect_exit "--help" 0 "$P" bestuur import --help
for c in bevoegd_gezag_nummer cbs_code postcodes so_cluster tel_wijze so_categorie_3 aanvragende_brin bestemming_naam; do
	expect_match "--help lists $c" "$c" "$OUT$ERR"
done

printf 'bevoegd_gezag_nummer,name,bogus\n12345,X,1\n' >"$D/bad_header.csv"
expect_exit "unknown column refused" 1 I besturen "$D/bad_header.csv"
expect_match "names the column" 'bogus' "$ERR"
printf 'name\nX\n' >"$D/no_key.csv"
expect_exit "missing required column refused" 1 I besturen "$D/no_key.csv"
expect_match "names the missing column" 'bevoegd_gezag_nummer' "$ERR"

# ---- besturen -----------------------------------------------------------------
cat >"$D/besturen.csv" <<'CSV'
bevoegd_gezag_nummer,name,vestigingsplaats,runs_bao,runs_so,lidmaatschap
41234,"Stichting Een, Twee",Alkmaar,ja,nee,lid
41235,"Stichting ""Quote""",Heiloo,ja,ja,aangesloten
CSV
expect_exit "besturen import" 0 I besturen "$D/besturen.csv"
expect_match "besturen 2 inserted" '2 inserted, 0 updated, 0 unchanged' "$OUT"
expect_eq "no progress output without a terminal" "$(grep -c $'\r' <<<"$ERR")" 0
expect_eq "besturen rows" "$(count bestuur.schoolbesturen)" 2
expect_eq "comma kept" "$(count bestuur.schoolbesturen "name = 'Stichting Een, Twee'")" 1
expect_eq "quote kept" "$(count bestuur.schoolbesturen "name = 'Stichting \"Quote\"'")" 1
expect_exit "besturen re-import" 0 I besturen "$D/besturen.csv"
expect_match "besturen all unchanged" '0 inserted, 0 updated, 2 unchanged' "$OUT"
sed 's/^41235,.*/41235,Stichting Quote,Heiloo,ja,ja,lid/' "$D/besturen.csv" >"$D/besturen2.csv"
expect_exit "besturen changed" 0 I besturen "$D/besturen2.csv"
expect_match "besturen 1 updated" '0 inserted, 1 updated, 1 unchanged' "$OUT"

# ---- gemeenten (with a successor and postcodes) -----------------------------------
cat >"$D/gemeenten.csv" <<'CSV'
name,cbs_code,valid_from,valid_to,successor,postcodes
Alkmaar,0361,,,,1800-1827;1830-1834
Heiloo,GM0399,,,,
Graft-De Rijp,0365,,2014-12-31,Alkmaar-Noord,
Alkmaar-Noord,0999,2015-01-01,,,
CSV
expect_exit "gemeenten import" 0 I gemeenten "$D/gemeenten.csv"
expect_match "gemeenten 4 inserted" '4 inserted' "$OUT"
expect_eq "gemeenten rows" "$(count bestuur.gemeenten)" 4
expect_eq "successor set" "$(psql_super -Atc "SELECT s.name FROM bestuur.gemeenten g JOIN bestuur.gemeenten s ON s.id = g.successor_id WHERE g.swv_id = '$TA' AND g.name = 'Graft-De Rijp'")" "Alkmaar-Noord"
expect_eq "postcodes" "$(psql_super -Atc "SELECT postcodes FROM bestuur.gemeenten WHERE swv_id = '$TA' AND name = 'Alkmaar'")" "{1800-1827,1830-1834}"
expect_exit "gemeenten re-import" 0 I gemeenten "$D/gemeenten.csv"
expect_match "gemeenten all unchanged" '0 inserted, 0 updated, 4 unchanged' "$OUT"

# ---- werkgebieden ------------------------------------------------------------------
printf 'name,gemeenten\nWest,Alkmaar;Heiloo\nOost,Alkmaar\n' >"$D/wg.csv"
expect_exit "werkgebieden import" 0 I werkgebieden "$D/wg.csv"
expect_match "werkgebieden 2 inserted" '2 inserted' "$OUT"
expect_eq "werkgebied_gemeenten" "$(count bestuur.werkgebied_gemeenten)" 3
expect_exit "werkgebieden re-import" 0 I werkgebieden "$D/wg.csv"
expect_match "werkgebieden all unchanged" '0 inserted, 0 updated, 2 unchanged' "$OUT"
printf 'name,gemeenten\nWest,Heiloo\nOost,Onbekend\n' >"$D/wg_bad.csv"
expect_exit "werkgebieden unknown gemeente" 1 I werkgebieden "$D/wg_bad.csv"
expect_eq "werkgebieden error lines" "$(err_lines "$D/wg_bad.csv")" "3"
expect_eq "werkgebied_gemeenten untouched" "$(count bestuur.werkgebied_gemeenten)" 3

# ---- scholen: errors on several lines, then a good file ------------------------------
# line 2-3: a good row with a quoted line break; errors on 4, 5, 6 (two), 7, 9
cat >"$D/scholen_bad.csv" <<'CSV'
brin,vestiging,name,soort,werkgebied,bevoegd_gezag_nummer
01AB,00,"Goed,
twee regels",bao,West,41234
01AC,00,Geen werkgebied,bao,,41234
01AD,xx,Slechte vestiging,bao,West,41234
01AE,00,Onbekend,bao,Nergens,99999
01AB,00,Dubbel,bao,West,41234
01AF,00,Goed ook,sbo,,41235
01AG,00,Te veel,bao,West,41234,extra
CSV
expect_exit "scholen with errors exits 1" 1 I scholen "$D/scholen_bad.csv"
expect_eq "all error lines reported" "$(err_lines "$D/scholen_bad.csv")" "4 5 6 7 9"
expect_match "line 4 werkgebied" "scholen_bad.csv:4: werkgebied: is required" "$ERR"
expect_match "line 5 vestiging" 'scholen_bad.csv:5: vestiging:' "$ERR"
expect_match "line 6 werkgebied unknown" 'scholen_bad.csv:6: werkgebied: unknown werkgebied Nergens' "$ERR"
expect_match "line 6 bestuur unknown" 'scholen_bad.csv:6: bevoegd_gezag_nummer: unknown bestuur 99999' "$ERR"
expect_match "line 7 duplicate of line 2" 'scholen_bad.csv:7: brin: .*line 2' "$ERR"
expect_match "line 9 field count" 'scholen_bad.csv:9: has 7 fields' "$ERR"
expect_match "error count" '6 errors; nothing was written' "$ERR"
expect_eq "nothing written" "$(count bestuur.scholen)" 0

cat >"$D/scholen.csv" <<'CSV'
brin,name,soort,werkgebied,bevoegd_gezag_nummer,gemeente,so_cluster
01AB,"School met, komma",bao,West,41234,Alkmaar,
01AC,"School met
regelafbreking en ""quotes""",bao,Oost,41234,,
02SO,De SO,so,,41235,Heiloo,3
03SB,De SBO,sbo,,41235,Heiloo,
CSV
expect_exit "scholen dry run" 0 I scholen "$D/scholen.csv" --dry-run
expect_match "dry run says so" 'dry run' "$OUT"
expect_eq "dry run writes nothing" "$(count bestuur.scholen)" 0
expect_exit "scholen import" 0 I scholen "$D/scholen.csv"
expect_match "scholen 4 inserted" '4 inserted' "$OUT"
expect_eq "scholen rows" "$(count bestuur.scholen)" 4
expect_eq "quoted newline and quotes kept" "$(count bestuur.scholen "name = E'School met\nregelafbreking en \"quotes\"'")" 1
expect_eq "so_cluster" "$(count bestuur.scholen "brin = '02SO' AND so_cluster = 3")" 1
expect_exit "scholen re-import" 0 I scholen "$D/scholen.csv"
expect_match "scholen unchanged" '0 inserted, 0 updated, 4 unchanged' "$OUT"

# ---- tellingen (schoolgaand and woonachtig) ---------------------------------------
cat >"$D/tel_small.csv" <<'CSV'
brin,vestiging,teldatum,tel_wijze,gemeente,aantal,onder_8,so_categorie_1,so_categorie_2,so_categorie_3
02SO,00,2016-10-01,schoolgaand,,80,10,60,15,5
02SO,00,2016-10-01,woonachtig,Alkmaar,50,5,,,
02SO,00,2016-10-01,woonachtig,Heiloo,30,5,,,
02SO,00,2016-10-01,woonachtig,Heiloo,30,5,,,
03SB,00,2016-10-01,woonachtig,,30,5,,,
99ZZ,00,2016-10-01,,,30,40,,,
CSV
expect_exit "tellingen with errors" 1 I tellingen "$D/tel_small.csv"
expect_eq "tellingen error lines" "$(err_lines "$D/tel_small.csv")" "5 6 7"
expect_match "line 5 duplicate of line 4" \
	'tel_small.csv:5: teldatum: same school, teldatum, tel_wijze and gemeente as line 4' "$ERR"
expect_eq "tellingen nothing written" "$(count bestuur.tellingen)" 0
head -4 "$D/tel_small.csv" >"$D/tel_ok.csv"
expect_exit "tellingen import" 0 I tellingen "$D/tel_ok.csv"
expect_match "tellingen 3 inserted" '3 inserted' "$OUT"
expect_exit "tellingen re-import" 0 I tellingen "$D/tel_ok.csv"
expect_match "tellingen unchanged" '0 inserted, 0 updated, 3 unchanged' "$OUT"
expect_eq "woonachtig per gemeente" "$(count bestuur.tellingen "tel_wijze = 'woonachtig' AND gemeente_id IS NOT NULL")" 2

# ---- historical TLVs -----------------------------------------------------------------
# line 2: new pupil at 01AB -> SO; line 3: new pupil without aanvragende school
# (registered at the ontvangende school); line 4: afgewezen without number;
# line 5: destination outside the SWV; line 6: herbeoordeling of line 2's pupil
cat >"$D/tlvs.csv" <<'CSV'
source_system,external_id,geboortejaar,geslacht,herkomst,aanvraag_soort,aanvragende_brin,aanvraagdatum,besluitdatum,besluit,tlv_nummer,soort,gevraagde_soort,so_categorie,startdatum,einddatum,ontvangende_brin,bestemming_naam
parnassys,1001,2010,m,basisonderwijs,,01AB,2016-09-01,2016-10-01,,T-1,so,,1,2016-10-01,2017-10-01,02SO,
parnassys,1002,2011,v,kdc,,,2016-12-01,2016-12-20,,T-2,sbo,,,2017-01-01,2018-01-01,03SB,
parnassys,1003,2011,x,basisonderwijs,,01AC,2016-12-05,2017-01-10,afgewezen,,,sbo,,,,,
parnassys,1004,2010,v,"basisonderwijs",,01AC,2017-01-05,2017-02-01,,"T-4, extern",so,,2,2017-02-01,2018-02-01,,"Elders, ""De Brug"""
parnassys,1001,2010,m,so,herbeoordeling,02SO,2017-09-01,2017-09-20,,T-5,so,,2,2017-10-01,2019-10-01,02SO,
CSV
cat >"$D/tlvs_bad.csv" <<'CSV'
source_system,external_id,herkomst,aanvraag_soort,aanvragende_brin,aanvraagdatum,besluitdatum,tlv_nummer,soort,so_categorie,startdatum,einddatum,ontvangende_brin
parnassys,2001,onbekend,,01AB,2016-09-01,2016-10-01,X-1,sbo,,2016-10-01,2017-10-01,03SB
parnassys,2002,basisonderwijs,,,2016-09-01,2016-10-01,X-2,sbo,,2016-10-01,2017-10-01,
parnassys,2003,basisonderwijs,herbeoordeling,01AB,2016-09-01,2016-10-01,X-3,sbo,,2016-10-01,2017-10-01,03SB
parnassys,2004,basisonderwijs,,01AB,2016-09-01,2016-08-01,X-4,sbo,,2016-10-01,2017-10-01,03SB
parnassys,2005,basisonderwijs,,01AB,2016-09-01,2016-10-01,X-1,sbo,,2016-10-01,2017-10-01,03SB
parnassys,2006,basisonderwijs,,01AB,2016-09-01,2016-10-01,X-6,so,,2016-10-01,2017-10-01,02SO
parnassys,2007,basisonderwijs,,01AB,2016-09-01,2016-10-01,X-7,sbo,,2016-10-01,2017-10-01,03SB
parnassys,2007,basisonderwijs,,01AB,2016-09-01,2016-10-01,X-8,sbo,,2016-10-01,2017-10-01,03SB
CSV
expect_exit "tlvs with errors" 1 I tlvs "$D/tlvs_bad.csv"
expect_eq "tlv error lines" "$(err_lines "$D/tlvs_bad.csv")" "2 3 4 5 6 7 9"
expect_match "line 9 duplicate of line 8" 'tlvs_bad.csv:9: aanvraagdatum: same pupil and aanvraagdatum as line 8' "$ERR"
expect_eq "tlvs nothing written" "$(count bestuur.tlvs)" 0
expect_eq "no pupils created" "$(count werkgebied.leerlingen)" 0

expect_exit "tlvs import" 0 I tlvs "$D/tlvs.csv"
expect_match "tlvs 5 inserted" '5 inserted, 0 updated, 0 unchanged' "$OUT"
expect_eq "tlvs rows" "$(count bestuur.tlvs)" 5
expect_eq "pupils created" "$(count werkgebied.leerlingen)" 4
expect_eq "pupil at ontvangende school" "$(psql_super -Atc "SELECT s.brin FROM werkgebied.leerlingen l JOIN bestuur.scholen s ON s.id = l.school_id WHERE l.swv_id = '$TA' AND l.external_id = '1002'")" "03SB"
expect_eq "herbeoordeling linked" "$(count bestuur.tlvs "tlv_nummer = 'T-5' AND aanvraag_soort = 'herbeoordeling' AND vorige_tlv_id = (SELECT id FROM bestuur.tlvs WHERE tlv_nummer = 'T-1')")" 1
expect_eq "afgewezen" "$(count bestuur.tlvs "besluit = 'afgewezen' AND state = 4 AND tlv_nummer IS NULL")" 1
expect_eq "bestemming_naam" "$(psql_super -Atc "SELECT bestemming_naam FROM bestuur.tlvs WHERE swv_id = '$TA' AND tlv_nummer = 'T-4, extern'")" 'Elders, "De Brug"'
expect_eq "deadline from the tenant's term" "$(count bestuur.tlvs "deadline > aanvraagdatum")" 5
expect_eq "two events per TLV" "$(count bestuur.tlv_events)" 10
expect_exit "tlvs re-import" 0 I tlvs "$D/tlvs.csv"
expect_match "tlvs unchanged" '0 inserted, 0 updated, 5 unchanged' "$OUT"
expect_eq "no duplicate TLVs" "$(count bestuur.tlvs)" 5
sed 's/2017-02-01,2018-02-01/2017-02-01,2018-03-01/' "$D/tlvs.csv" >"$D/tlvs2.csv"
expect_exit "tlvs changed" 0 I tlvs "$D/tlvs2.csv"
expect_match "tlvs 1 updated" '0 inserted, 1 updated, 4 unchanged' "$OUT"
expect_eq "finish audited" "$(psql_super -Atc "SELECT count(*) > 0 FROM platform.audit_log WHERE swv_id = '$TA' AND method LIKE '%FinishImport'")" t

# ---- progress bar on a terminal ---------------------------------------------------------
/usr/bin/python3 - "$D/tel_tty.csv" <<'PY'
import sys, datetime
with open(sys.argv[1], "w") as f:
    f.write("brin,teldatum,aantal\n")
    d0 = datetime.date(1950, 1, 1)
    for i in range(60000):
        f.write("03SB,%s,%d\n" % (d0 + datetime.timedelta(days=i), 100 + i % 7))
PY
if command -v script >/dev/null; then
	script -qec "$P --token $BT bestuur import tellingen $D/tel_tty.csv" "$D/tty.log" >/dev/null 2>&1 </dev/null
	expect_eq "import on a terminal" "$?" 0
	expect_match "progress bar on a terminal" $'\r\\[#+ *\\] +[0-9]+%  [0-9]+ rows' "$(cat "$D/tty.log")"
	expect_match "progress reaches 100%" '100%  60000 rows' "$(cat "$D/tty.log")"
else
	ok "progress bar on a terminal (skipped: no script(1))"
fi

# ---- 100,000 tellingen through the CLI ----------------------------------------------------
/usr/bin/python3 - "$D/tel.csv" <<'PY'
import sys, datetime
with open(sys.argv[1], "w") as f:
    f.write("brin,teldatum,aantal,onder_8\n")
    d0 = datetime.date(2000, 10, 1)
    for i in range(100000):
        f.write("%s,%s,%d,%d\n" % ("01AB" if i % 2 else "01AC", d0 + datetime.timedelta(days=i // 2), 200 + i % 50, 90))
PY
t0=$(date +%s.%N)
expect_exit "100,000 tellingen" 0 I tellingen "$D/tel.csv"
t1=$(date +%s.%N)
echo "100000 tellingen rows imported in $(echo "$t1 - $t0" | bc) s" >&2
expect_match "100000 inserted" '100000 rows: 100000 inserted' "$OUT"
expect_eq "tellingen rows" "$(count bestuur.tellingen "school_id IN (SELECT id FROM bestuur.scholen WHERE brin IN ('01AB', '01AC'))")" 100000
t0=$(date +%s.%N)
expect_exit "100,000 tellingen re-import" 0 I tellingen "$D/tel.csv"
t1=$(date +%s.%N)
echo "100000 tellingen rows re-imported (unchanged) in $(echo "$t1 - $t0" | bc) s" >&2
expect_match "100000 unchanged" '0 inserted, 0 updated, 100000 unchanged' "$OUT"
finish
