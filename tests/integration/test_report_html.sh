#!/usr/bin/env bash
# test_report_html: `passend rapport … --output html -o FILE` on the Noord-Kennemerland demo
# data, checked as a browser and a reader see it (report_html_check.py: headless Chromium
# --dump-dom / --screenshot / --print-to-pdf, pdftotext): one self-contained page per report,
# an <svg> per chart with one <rect> per bar (counts from the JSON of the same report), the
# section headings in the printed PDF, no network request, escaped text; the jaarverslag in all
# four formats; -o replaces the file only on success; html is refused for non-report commands.
# REPORT_HTML_KEEP=DIR keeps the pages, screenshots and PDFs.
# shellcheck source=../lib/env.sh
. "$(dirname "$0")/../lib/env.sh"

P="$B/passend"
NK="$S/scripts/demo-data/nk_demo.py"
FIX="$S/tests/fixtures/noord-kennemerland-2016-2017"
CHECK="$S/tests/integration/report_html_check.py"
export CHROME_PROFILE="$T/chrome-profile"

jq_py() { # FILE EXPR: a Python expression over the JSON object j
	/usr/bin/python3 -c 'import json,sys
j = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$@"
}

if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null; then
	fail "chromium and pdftotext" "missing (scripts/lib/deps.sh installs chromium and poppler-utils)"
	finish
fi

env_ready
export PASSEND_CA PASSEND_SERVER
cli_tenant "Passend Primair Onderwijs Noord-Kennemerland" "PO 27-04"
PASSEND_TOKEN=$(tok bestuur)
TZ_TOKEN=$(tok toezicht)
export PASSEND_TOKEN

expect_exit "nk_demo generate" 0 /usr/bin/python3 "$NK" generate "$T/nk" --fixtures "$FIX"
expect_exit "import the demo data with the werkgebied area" 0 /usr/bin/python3 "$NK" import "$T/nk" \
	--passend "$P" --werkgebied
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | tail -n 20
expect_exit "import the demo jaarrekening" 0 "$P" bestuur import jaarrekening "$S/scripts/demo-data/nk_jaarrekening.csv"
expect_exit "a werkgebied budget 2016-2017" 0 "$P" budget jaar create --schooljaar 2016-2017 \
	--totaal 1.250.000,00 --frictiepot 50.000 --teldatum 2016-10-01
for wg in Bergen Heiloo Alkmaar-Noord; do
	expect_exit "spending in $wg" 0 "$P" budget uitgave record --werkgebied "$wg" --datum 2016-11-30 \
		--bedrag 61.234,50 --omschrijving "ambulante begeleiding"
done

# the begroting 2016-2017 (Financiën of the trimester report) and the demo jaarplan also for
# 2016-2017 (its Kwaliteit section; the demo's jaarplan is 2018-2019)
expect_exit "nk_demo begroting" 0 /usr/bin/python3 "$NK" begroting "$T/nk" --fixtures "$FIX" --passend "$P" \
	--toezicht-token "$TZ_TOKEN"
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | tail -n 20
sed 's/^2018-2019,/2016-2017,/' "$T/nk/jaarplan.csv" >"$T/jaarplan-2016-2017.csv"
expect_exit "the jaarplan for 2016-2017" 0 "$P" bestuur import jaarplan "$T/jaarplan-2016-2017.csv"
[ "$RC" = 0 ] || printf '%s\n%s\n' "$OUT" "$ERR" | tail -n 20

# ---- -o FILE and the formats --------------------------------------------------------------
html() { # NAME ARGS...: rapport ARGS --output html -o $T/NAME.html, and the JSON as $T/NAME.json
	local name=$1
	shift
	expect_exit "rapport $* --output html -o $name.html" 0 "$P" rapport "$@" --output html -o "$T/$name.html"
	expect_eq "$name: nothing on stdout with -o" "$OUT" ""
	expect_exit "rapport $* --output json" 0 "$P" rapport "$@" --output json
	printf '%s\n' "$OUT" >"$T/$name.json"
}

html tlv tlv --schooljaar 2016-2017 --trimester 2
html arr arrangementen --schooljaar 2016-2017 --trimester 2
html budget budget --schooljaar 2016-2017 --trimester 2
html jv jaarverslag --jaar 2018

# the TLV report's figures as the fixtures publish them, in the page
TLV_HERKOMST=$(jq_py "$T/tlv.json" "len({h['herkomst'] for h in j['herkomst']})")
TLV_SEGMENTS=$(jq_py "$T/tlv.json" "sum(1 for b in j['bestemming'] for c in b['perTrimester'] if not c['suppressed'])")
ARR_WG=$(jq_py "$T/arr.json" "len(j['perWerkgebied'])")
BUDGET_WG=$(jq_py "$T/budget.json" "len(j['perWerkgebied'])")
JV_KENGETALLEN=$(jq_py "$T/jv.json" "len(j['kengetallen'])")
expect_eq "8 werkgebieden with arrangements" "$ARR_WG" 8
expect_eq "20 destination cells (10 schools x T1, T2)" "$TLV_SEGMENTS" 20
py_checks "$CHECK" "$T/tlv.html" --out "$T/out" \
	--chart "TLV's naar herkomst=$TLV_HERKOMST" \
	--chart "Verdeling afgegeven TLV's=$TLV_SEGMENTS" \
	--heading "TLV's naar herkomst" --heading "Verdeling afgegeven TLV's speciaal (basis)onderwijs" \
	--heading "Aanvragende basisscholen" --heading "Doorlooptijd" --heading "Routes" \
	--text "SO De Spinaker" --text "Eindtotaal"
expect_match "tlv.html: Totaal SBO 35 / 26 / 61 as cells" \
	'<td>Totaal SBO</td><td class="n">35</td><td class="n">26</td><td class="n">61</td>' "$(cat "$T/tlv.html")"
py_checks "$CHECK" "$T/arr.html" --out "$T/out" \
	--chart "Verdeling arrangementen per werkgebied=$ARR_WG" \
	--heading "Verdeling arrangementen per werkgebied" --heading "Per ondersteuningscategorie" \
	--heading "Versterkt ook de leerkracht of het team" --text "Heerhugowaard-Noord"
expect_match "arr.html: percentages as '3,10 %'" 'class="n">[0-9]+,[0-9]{2} %</td>' "$(cat "$T/arr.html")"
py_checks "$CHECK" "$T/budget.html" --out "$T/out" \
	--chart "Uitputting werkgebiedbudgetten=$BUDGET_WG" \
	--heading "Uitputting werkgebiedbudgetten" --heading "Opbouw begroot" --heading "Frictiepot"
expect_match "budget.html: euros as 1.234,56" '61\.234,50' "$(cat "$T/budget.html")"
py_checks "$CHECK" "$T/jv.html" --out "$T/out" \
	--chart "Kengetallen=$JV_KENGETALLEN" \
	--heading "Balans per 31 december 2018" --heading "Staat van baten en lasten 2018" \
	--heading "Kengetallen"
expect_match "jv.html: a signal badge" '<span class="sig s[0-3]">' "$(cat "$T/jv.html")"

# the TLV shares as percentages with two decimals, the SWV's route groups per destination
expect_match "tlv.html: aandeel aanvragend 33,67 % (T2)" '<td class="n">33,67 %</td>' "$(cat "$T/tlv.html")"
expect_match "tlv.html: a group over all destinations reads 'alle'" '<td>Voorschool</td><td>alle</td>' "$(cat "$T/tlv.html")"
expect_match "tlv.html: a route group per destination" '<td>Basisonderwijs</td><td>SBO</td><td class="n">[0-9]+</td><td class="n">[0-9]+,[0-9]{2} %</td>' \
	"$(cat "$T/tlv.html")"
expect_exit "rapport tlv (table)" 0 "$P" rapport tlv --schooljaar 2016-2017 --trimester 2
expect_match "table: shares as '25,51 %', not 0,26" 'T1 +33 +25 +98 +25,51 % +1,32' "$OUT"

# ---- the whole trimesterrapportage (issue 10 done-when) ----------------------------------
# every chart's bars counted from the JSON of the same report (trim_charts below), every
# section heading in the printed PDF, the narrative beside the figures; toezicht's page is the
# aggregate variant (no basisschool named, suppressed cells as "<N", no bar for them)
trim_charts() { # JSON: --chart lines "Sectie — tabel=N" for the charted tables
	/usr/bin/python3 - "$1" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
def num(c):
    return not c.get("suppressed") and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", c.get("waarde", "")) is not None
def col(t, name):
    k = t.get("kolommen", [])
    return k.index(name) if name in k else None
out = []
for s in r.get("secties", []):
    for t in s.get("tabellen", []):
        rows = [x for x in t.get("rijen", []) if x.get("label") and "totaal" not in x["label"].lower()]
        cells = lambda c: [x["cellen"][c] for x in rows if c is not None and c < len(x["cellen"])]
        key, n = (s["naam"], t["naam"]), None
        if key == ("werkgebieden", "per_werkgebied"):
            n = sum(map(num, cells(col(t, "totaal"))))
        elif key == ("werkgebieden", "uitputting"):
            n = sum(map(num, cells(col(t, "uitputting %"))))
        elif key == ("voorzieningen", "herkomst"):
            cum = max(i for i, k in enumerate(t["kolommen"]) if k.startswith("T"))
            n = sum(map(num, cells(cum)))
        elif key == ("voorzieningen", "bestemming"):
            n = sum(num(c) for tn in ("T1", "T2", "T3") for c in cells(col(t, tn)))
        elif key == ("kwaliteit", "jaarplan"):  # a badge per action with a signal
            n = sum(1 for c in cells(col(t, "signaal")) if c.get("waarde"))
        if n:
            out += ["--chart", "%s — %s=%d" % (s["titel"], t["titel"], n)]
print("\n".join(out))
PY
}
TRIM=(--schooljaar 2016-2017 --trimester 2)
expect_exit "trimester-tekst aandachtspunten (werkgebieden)" 0 "$P" rapport trimester-tekst "${TRIM[@]}" \
	--sectie werkgebieden --soort aandachtspunten --tekst $'Heiloo loopt voor op het jaardeel.\nBergen volgt.'
[ "$RC" = 0 ] || printf '%s\n' "$ERR"
# signals of three actions through T2 (the 2016-2017 jaarplan has no values of its own)
for cs in P1=op_koers P4=op_koers_met_aandacht V1=niet_op_koers; do
	expect_exit "meting ${cs%%=*} ${cs#*=}" 0 "$P" jaarplan meting record --actie "2016-2017/${cs%%=*}" \
		--trimester 2 --signaal "${cs#*=}"
	[ "$RC" = 0 ] || printf '%s\n' "$ERR"
done
html trim trimester "${TRIM[@]}"
mapfile -t TRIM_CHARTS < <(trim_charts "$T/trim.json")
expect_match "trimester: five charts announced" \
	'Arrangementen per werkgebied.*Uitputting.*naar herkomst.*naar bestemming.*Jaarplan' "${TRIM_CHARTS[*]}"
TRIM_HEADS=()
for h in Regionaal Werkgebieden Voorzieningen Deelname Thuiszitters Financiën Kwaliteit; do
	TRIM_HEADS+=(--heading "$h")
	expect_match "trim.html: a section $h" "<h2>$h[: ]" "$(cat "$T/trim.html")"
done
py_checks "$CHECK" "$T/trim.html" --out "$T/out" "${TRIM_CHARTS[@]}" "${TRIM_HEADS[@]}" \
	--heading "Trimesterrapportage" --text "Heiloo loopt voor op het jaardeel." --text "Bergen volgt."
# the demo has no MDOs in 2015-2016: the page (as Chromium reads it) shows an empty cell there, not 0
expect_match "trim.html (Chromium DOM): no MDOs in 2015-2016 is an empty cell" \
	"<td>MDO(&#39;|')s</td><td class=\"n\">705</td><td class=\"n\">943</td><td class=\"n\">1\\.648</td><td></td></tr>" \
	"$(cat "$T/out/trim.html.dom.html")"
expect_match "trim.html: the narrative right after the werkgebieden's figures" \
	$'Uitputting van de werkgebiedbudgetten[^\n]*</h2>\n<h2>Werkgebieden[^\n]* — aandachtspunten en conclusies</h2>' \
	"$(grep -o '<h2>[^<]*</h2>' "$T/trim.html")"
for c in '#2f855a' '#c05621' '#c53030'; do # op koers, met aandacht, niet op koers
	expect_match "trim.html: a signal badge $c" "<rect class=\"badge\"[^>]*fill=\"$c\"" "$(cat "$T/trim.html")"
done
expect_match "trim.html: the signal as read" '>op koers met aandacht<' "$(cat "$T/trim.html")"
expect_match "trim.html: Dutch numbers" 'class="n">[0-9]{1,3}\.[0-9]{3}</td>' "$(cat "$T/trim.html")"
expect_exit "toezicht: trimester --output html" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" rapport trimester "${TRIM[@]}" \
	--output html -o "$T/trim-tz.html"
expect_exit "toezicht: trimester --output json" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" rapport trimester "${TRIM[@]}" \
	--output json
printf '%s\n' "$OUT" >"$T/trim-tz.json"
expect_eq "toezicht: the aggregate variant" "$(jq_py "$T/trim-tz.json" "j.get('suppressed')")" True
mapfile -t TZ_CHARTS < <(trim_charts "$T/trim-tz.json")
py_checks "$CHECK" "$T/trim-tz.html" --out "$T/out" "${TZ_CHARTS[@]}" "${TRIM_HEADS[@]}" \
	--scholen "$T/nk/scholen.csv"
expect_match "trim-tz.html: suppressed cells as <N" 'class="n">&lt;[0-9]+</td>' "$(cat "$T/trim-tz.html")"

# ---- KPI signals as coloured badges: jaarplan voortgang and the toezicht dashboard ----------
expect_exit "jaarplan voortgang --output html" 0 "$P" jaarplan voortgang --schooljaar 2018-2019 --trimester 2 \
	--output html -o "$T/voortgang.html"
expect_exit "jaarplan voortgang --output json" 0 "$P" jaarplan voortgang --schooljaar 2018-2019 --trimester 2 \
	--output json
printf '%s\n' "$OUT" >"$T/voortgang.json"
KPIS=$(jq_py "$T/voortgang.json" "sum(1 for k in j['kpis'] if k['kpi'])")
expect_match "voortgang: KPIs to show" '^[1-9][0-9]*$' "$KPIS"
py_checks "$CHECK" "$T/voortgang.html" --out "$T/out" --chart "Jaarplan: KPI-voortgang=$KPIS" \
	--heading "Jaarplan: KPI-voortgang"
expect_exit "toezicht dashboard 2017-2018 --output html" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" toezicht dashboard \
	--schooljaar 2017-2018 --output html -o "$T/dashboard.html"
expect_exit "toezicht dashboard 2017-2018 --output json" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" toezicht dashboard \
	--schooljaar 2017-2018 --output json
printf '%s\n' "$OUT" >"$T/dashboard.json"
mapfile -t DASH < <(jq_py "$T/dashboard.json" \
	"'\\n'.join('--chart\\n%s=%d' % (s['titel'], n) for s in j['secties'] for n in [sum(1 for r in s['regels'] if r['onderwerp'])] if n)")
mapfile -t HEADS < <(jq_py "$T/dashboard.json" "'\\n'.join('--heading\\n' + s['titel'] for s in j['secties'])")
expect_match "dashboard: the kengetallen section is charted" 'Kengetallen' "${DASH[*]}"
py_checks "$CHECK" "$T/dashboard.html" --out "$T/out" "${DASH[@]}" "${HEADS[@]}"
expect_match "dashboard.html: a red or orange badge for a signal" '<span class="sig s[23]">' "$(cat "$T/dashboard.html")"

# ---- the jaarverslag in all four formats -------------------------------------------------
expect_exit "jaarverslag (table)" 0 "$P" rapport jaarverslag --jaar 2018
expect_match "table: the balans heading" 'Balans per 31 december 2018' "$OUT"
expect_exit "jaarverslag --output csv" 0 "$P" rapport jaarverslag --jaar 2018 --output csv
expect_match "csv: the kengetallen block" $'\nKengetallen\n' "$OUT"
expect_eq "json: the year" "$(jq_py "$T/jv.json" "j['jaar']")" 2018
expect_match "html: the staat heading" '<h2>Staat van baten en lasten 2018</h2>' "$(cat "$T/jv.html")"

# ---- escaping: a line named with <&"' --------------------------------------------------
expect_exit "jaarrekening 2019 with a line named <&\"'" 0 "$P" bestuur jaarrekening put --jaar 2019 \
	--regel '1.7|liquide_middelen|Liquide middelen|1.500.000' \
	--regel '2.1.1|eigen_vermogen|Algemene reserve|1.500.000' \
	--regel "3.5|overige_baten|Baten <b>vet</b> & \"zo\" 'n|12.000|11.000" \
	--regel '4.5|doorbetalingen|Doorbetalingen|12.000|11.000'
[ "$RC" = 0 ] || printf '%s\n' "$ERR"
expect_exit "jaarverslag 2019 --output html" 0 "$P" rapport jaarverslag --jaar 2019 --output html
printf '%s' "$OUT" >"$T/esc.html"
expect_match "the name escaped" 'Baten &lt;b&gt;vet&lt;/b&gt; &amp; &quot;zo&quot; &#39;n' "$OUT"
if grep -q '<b>vet' "$T/esc.html"; then fail "no raw <b> in the page"; else ok "no raw <b> in the page"; fi
py_checks "$CHECK" "$T/esc.html" --out "$T/out" --chart "Kengetallen=$(
	"$P" rapport jaarverslag --jaar 2019 --output json >"$T/esc.json" && jq_py "$T/esc.json" "len(j['kengetallen'])"
)" --text "Baten <b>vet</b> & \"zo\" 'n" --heading "Kengetallen"

# ---- -o keeps an earlier file when the command fails; html only for reports ---------------
printf 'earlier\n' >"$T/keep.html"
expect_exit "a failing report with -o exits 1" 1 "$P" rapport jaarverslag --jaar 1995 --output html -o "$T/keep.html"
expect_eq "the earlier file is untouched" "$(cat "$T/keep.html")" "earlier"
expect_eq "no temporary file left" "$(find "$T" -maxdepth 1 -name 'keep.html.*' | wc -l)" 0
expect_exit "-o with table output" 0 "$P" rapport jaarverslag --jaar 2018 -o "$T/jv.txt"
expect_match "the table went to the file" 'Kengetallen' "$(cat "$T/jv.txt")"
expect_exit "--output html for a list is a usage error" 2 "$P" bestuur school list --output html
expect_match "it says html is for reports" 'html is for reports' "$ERR"
expect_exit "--output html for the inspectie CSV is a usage error" 2 "$P" rapport thuiszitters-inspectie \
	--schooljaar 2016-2017 --output html
expect_exit "toezicht: jaarverslag html" 0 env PASSEND_TOKEN="$TZ_TOKEN" "$P" rapport jaarverslag --jaar 2018 \
	--output html
expect_match "toezicht's page has the kengetallen" '<h2>Kengetallen</h2>' "$OUT"

if [ -n "${REPORT_HTML_KEEP:-}" ]; then
	mkdir -p "$REPORT_HTML_KEEP" && cp "$T"/*.html "$T"/out/*.png "$T"/out/*.pdf "$REPORT_HTML_KEEP"/ 2>/dev/null
fi
finish
