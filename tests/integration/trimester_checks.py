# trimester_checks: the checks of test_trimester.sh on a trimesterrapportage
# (GetTrimesterReport as `passend rapport trimester --output json`). Prints
# "ok - X" / "FAIL - X: why" lines (py_checks counts them).
#   fixtures REPORT --fixtures DIR --outdir NK   every section's figures rebuilt into the
#        shape of the report they come from and checked by that report's fixture check
#        (scripts/demo-data/nk_demo.py: TLV, arrangementen, MDO, thuiszitters, begroting,
#        deelname): the assembled report equals the published figures
#   same REPORT --tlv F --arr F --mdo F --tz F   every cell equals the figure of the report it
#        comes from, suppression included (run for bestuur and for toezicht)
#   toezicht REPORT --scholen NK/scholen.csv   the aggregate variant: suppressed, no basisschool
#        named, no unsuppressed count below the threshold, no suppressed cell recoverable by
#        subtracting within a row (T1 + T2 = T1+T2) or a column (the rows and their Totaal)
#   vorig REPORT --toezicht REPORT   the previous school year's column: "no data" (no waarde, not
#        suppressed) in a section where that year counted nothing (the demo's MDOs, TLVs and
#        closed cases of 2015-2016), its figures and zeros where it counted something
#        (arrangements: verlengingen 0); toezicht's variant keeps those cells suppressed
#   rpc --server --ca --src --out --bestuur TOKEN --werkgebied TOKEN   bad input over gRPC
import argparse
import csv
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts", "demo-data"))
import nk_demo  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import scenario  # noqa: E402
from scenario import check, eq  # noqa: E402


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def j(obj, name, default=None):
    return nk_demo.jget(obj, name, default)


def tables(rep):
    """{(sectie, tabel): table} of a report."""
    out = {}
    for s in j(rep, "secties", []) or []:
        for t in j(s, "tabellen", []) or []:
            out[(j(s, "naam"), j(t, "naam"))] = t
    return out


def grid(t):
    """{(rij, kolom): cell} and [(rij, label)] of a table."""
    cols = j(t, "kolommen", []) or []
    cells, rows = {}, []
    for r in j(t, "rijen", []) or []:
        rows.append((j(r, "sleutel"), j(r, "label")))
        for k, c in zip(cols, j(r, "cellen", []) or []):
            cells[(j(r, "sleutel"), k)] = c
    return cells, rows


def as_cell(c):
    """A TrimesterCel as a Cell-like dict for nk_demo.cell."""
    if c is None:
        return None
    if j(c, "suppressed"):
        return {"value": 0, "suppressed": True}
    w = j(c, "waarde", "")
    return {"value": int(w) if w.lstrip("-").isdigit() else 0}


def as_dec(c):
    if c is None:
        return None
    if j(c, "suppressed"):
        return {"value": "", "suppressed": True}
    return {"value": j(c, "waarde", "")}


# ---- fixtures: rebuild the source reports and run their fixture checks -----------------
def rebuild(rep):
    T = tables(rep)
    per = j(rep, "perioden")
    out = {}
    # TLV report
    herk, _ = grid(T[("voorzieningen", "herkomst")])
    best_c, best_r = grid(T[("voorzieningen", "bestemming")])
    aan, _ = grid(T[("voorzieningen", "aanvragend")])
    herk_rows = grid(T[("voorzieningen", "herkomst")])[1]
    out["tlv"] = {
        "schooljaar": j(rep, "schooljaar"), "perioden": per,
        "herkomst": [{"periode": p, "herkomst": h, "aantal": as_cell(herk.get((h, p)))}
                     for p in per for h, _ in herk_rows],
        "bestemming": [{"school": s, "groep": lbl[lbl.rfind("(") + 1:-1],
                        "per_trimester": [as_cell(best_c.get((s, p))) for p in per if "+" not in p],
                        "totaal": as_cell(best_c.get((s, "totaal")))} for s, lbl in best_r],
        "aanvragende_scholen": [{"periode": p,
                                 "tlv_uit_basisonderwijs": as_cell(aan.get(("tlv_uit_basisonderwijs", p))),
                                 "aanvragende_basisscholen": as_cell(aan.get(("aanvragende_basisscholen", p))),
                                 "basisscholen_totaal": as_cell(aan.get(("basisscholen_totaal", p))),
                                 "gemiddeld_per_aanvragende_school":
                                     as_dec(aan.get(("gemiddeld_per_aanvragende_school", p)))} for p in per],
    }
    # arrangement report (the cumulative period)
    wg_c, wg_r = grid(T[("werkgebieden", "per_werkgebied")])

    def wrow(k, lbl):
        return {"werkgebied": lbl, "individueel": as_cell(wg_c.get((k, "individueel"))),
                "individueel_pct_leerlingen": as_dec(wg_c.get((k, "% leerlingen"))),
                "groep": as_cell(wg_c.get((k, "groep"))), "innovatie": as_cell(wg_c.get((k, "innovatie"))),
                "totaal": as_cell(wg_c.get((k, "totaal"))),
                "verlengingen": as_cell(wg_c.get((k, "verlengingen")))}
    out["arr"] = {"schooljaar": j(rep, "schooljaar"),
                  "per_werkgebied": [wrow(k, l) for k, l in wg_r if k != "totaal"],
                  "totaal": wrow("totaal", "Totaal")}
    # MDO report
    niv_c, niv_r = grid(T[("regionaal", "mdo_niveau")])
    ken, _ = grid(T[("regionaal", "mdo_kenmerken")])
    out["mdo"] = {"perioden": per,
                  "per_niveau": [{"periode": p, "niveau": k, "aantal": as_cell(niv_c.get((k, p)))}
                                 for p in per for k, _ in niv_r],
                  "kenmerken": [{"periode": p, "mdos": as_cell(ken.get(("mdos", p))),
                                 "aandeel_jonger_dan_8": as_dec(ken.get(("aandeel_jonger_dan_8", p))),
                                 "tijdelijke_plaatsingen_sbo": as_cell(ken.get(("tijdelijke_plaatsingen_sbo", p))),
                                 "tijdelijke_plaatsingen_so": as_cell(ken.get(("tijdelijke_plaatsingen_so", p)))}
                                for p in per]}
    # thuiszitter report
    tot_c, _ = grid(T[("thuiszitters", "tellingen")])
    gem_c, _ = grid(T[("thuiszitters", "tellingen_gemeente")])
    dr_t = T[("thuiszitters", "dreigend")]
    dr_c, dr_r = grid(dr_t)
    tell = [{"peildatum": pd, "categorie": cat, "soort": "totaal", "aantal": as_cell(c)}
            for (cat, pd), c in tot_c.items() if j(c, "waarde") != "" or j(c, "suppressed")]
    for (key, pd), c in gem_c.items():
        if j(c, "waarde") == "" and not j(c, "suppressed"):
            continue
        g, cat = key.split("|", 1)
        tell.append({"peildatum": pd, "categorie": cat, "soort": "gemeente",
                     "gemeente": "" if g == "zonder verdeling" else g, "aantal": as_cell(c)})
    out["tz"] = {"peildatum": j(dr_t, "titel").rsplit(" ", 1)[-1], "tellingen": tell,
                 "dreigend": [{"werkgebied": l, "aantal": as_cell(dr_c.get((k, "aantal")))} for k, l in dr_r]}
    # begroting report (euros with 2 decimals back to cents)
    bg_c, bg_r = grid(T[("financien", "begroting")])
    cols = {"begroot_schooljaar": "begroot schooljaar (€)", "begroot_periode": "begroot periode (€)",
            "realisatie_periode": "realisatie periode (€)", "verschil": "verschil (€)", "prognose": "prognose (€)"}
    rows = []
    for k, _ in bg_r:
        soort, sectie, groep = k.split("|")[:3]
        r = {"soort": soort, "sectie": sectie, "groep": groep}
        for f, col in cols.items():
            r[f + "_cents"] = round(float(j(bg_c.get((k, col)), "waarde", "0")) * 100)
        rows.append(r)
    out["begroting"] = {"rows": rows}
    # deelname report (the SWV rows)
    dn_c, _ = grid(T[("deelname", "deelname")])
    dates = sorted({k for (_, k) in dn_c})
    out["deelname"] = {"rows": [{"teldatum": d, "scope": "swv",
                                 **{f: as_cell(dn_c.get((f, d))) for f in ("bao", "sbo", "so", "noemer")},
                                 **{f: as_dec(dn_c.get((f, d))) for f in ("pct_sbo", "pct_so")}}
                                for d in dates]}
    return out


def cmd_fixtures(a):
    rep = load(a.report)
    eq("trimester report: schooljaar", j(rep, "schooljaar"), "2016-2017")
    eq("trimester report: the seven sections", [j(s, "naam") for s in j(rep, "secties", [])],
       ["regionaal", "werkgebieden", "voorzieningen", "deelname", "thuiszitters", "financien", "kwaliteit"])
    try:
        parts = rebuild(rep)
    except (KeyError, ValueError, TypeError) as e:
        check("trimester report has every table the fixture checks read", False, repr(e))
        return
    d = tempfile.mkdtemp(prefix="trimester_")
    runs = [("tlv", nk_demo.check_tlv_report, a.fixtures), ("arr", nk_demo.check_arrangement_report, a.fixtures),
            ("mdo", nk_demo.check_mdo_report, a.fixtures), ("tz", nk_demo.check_thuiszitter_report, a.fixtures),
            ("begroting", nk_demo.check_begroting_report, a.fixtures),
            ("deelname", nk_demo.check_deelname_report, a.outdir)]
    for name, fn, arg in runs:
        p = os.path.join(d, name + ".json")
        with open(p, "w", encoding="utf-8") as f:
            json.dump(parts[name], f)
        print("# the %s figures of the trimester report against the fixtures" % name, flush=True)
        n = fn(p, arg)
        scenario.failures += int(n or 0)


# ---- same: every cell is the source report's figure ----------------------------------------
def same_cell(name, tc, src, kind="cell"):
    if tc is None:
        return check(name, False, "no such cell in the trimester report")
    want_sup = bool(j(src, "suppressed")) if isinstance(src, dict) else False
    got = ("suppressed" if j(tc, "suppressed") else j(tc, "waarde", ""))
    if want_sup:
        want = "suppressed"
    elif kind == "cell":
        want = str(int(j(src, "value", 0) or 0))
    else:
        want = str(j(src, "value", "") or "")
    return eq(name, got, want)


def same_measures(name, g, rows, counts=(), decs=()):
    """same_cell for each row (one per periode) of a source report and each of its measures:
    counts and decimals, the cell (measure, periode) of table grid g."""
    for r in rows or []:
        p = j(r, "periode")
        for f in counts:
            same_cell("%s %s %s" % (name, p, f), g.get((f, p)), j(r, f))
        for f in decs:
            same_cell("%s %s %s" % (name, p, f), g.get((f, p)), j(r, f), "dec")


def cmd_same(a):
    rep = load(a.report)
    T = tables(rep)
    tag = a.tag
    mdo, arr, tlv, tz = load(a.mdo), load(a.arr), load(a.tlv), load(a.tz)
    eq("%s: suppressed flag as the source reports" % tag, bool(j(rep, "suppressed")), bool(j(mdo, "suppressed")))
    niv, _ = grid(T[("regionaal", "mdo_niveau")])
    n = 0
    for r in j(mdo, "per_niveau", []) or []:
        n += same_cell("%s mdo %s %s" % (tag, j(r, "periode"), j(r, "niveau")), niv.get((j(r, "niveau"), j(r, "periode"))),
                       j(r, "aantal"))
    same_measures("%s mdo kenmerken" % tag, grid(T[("regionaal", "mdo_kenmerken")])[0], j(mdo, "kenmerken", []),
                  ("mdos", "tijdelijke_plaatsingen_sbo", "tijdelijke_plaatsingen_so"),
                  ("aandeel_jonger_dan_8", "aandeel_kind_deelgenomen"))
    wg, _ = grid(T[("werkgebieden", "totaal_per_periode")])
    vl, _ = grid(T[("werkgebieden", "verlengingen")])
    for r in j(arr, "per_periode", []) or []:
        k = j(r, "werkgebied_id") or "totaal"
        same_cell("%s arrangementen %s %s totaal" % (tag, j(r, "periode"), j(r, "werkgebied")),
                  wg.get((k, j(r, "periode"))), j(r, "totaal"))
        same_cell("%s arrangementen %s %s verlengingen" % (tag, j(r, "periode"), j(r, "werkgebied")),
                  vl.get((k, j(r, "periode"))), j(r, "verlengingen"))
    pw, _ = grid(T[("werkgebieden", "per_werkgebied")])
    for r in (j(arr, "per_werkgebied", []) or []) + [j(arr, "totaal")]:
        k = j(r, "werkgebied_id") or "totaal"
        for f, col in (("individueel", "individueel"), ("groep", "groep"), ("innovatie", "innovatie"),
                       ("totaal", "totaal"), ("verlengingen", "verlengingen")):
            same_cell("%s arrangementen %s %s" % (tag, j(r, "werkgebied"), f), pw.get((k, col)), j(r, f))
        same_cell("%s arrangementen %s %% leerlingen" % (tag, j(r, "werkgebied")), pw.get((k, "% leerlingen")),
                  j(r, "individueel_pct_leerlingen"), "dec")
    verd = {}
    for dim in ("bestuur", "ondersteuningscategorie", "leerjaar", "geslacht"):
        verd[dim] = grid(T[("werkgebieden", "per_" + dim)])[0]
    for r in j(arr, "verdeling", []) or []:
        code = j(r, "code") or "geen"
        same_cell("%s arrangementen %s per %s %s" % (tag, j(r, "periode"), j(r, "verdeling"), code),
                  verd[j(r, "verdeling")].get((code, j(r, "periode"))), j(r, "aantal"))
    hk, _ = grid(T[("voorzieningen", "herkomst")])
    for r in j(tlv, "herkomst", []) or []:
        same_cell("%s tlv herkomst %s %s" % (tag, j(r, "periode"), j(r, "herkomst")),
                  hk.get((j(r, "herkomst"), j(r, "periode"))), j(r, "aantal"))
    same_measures("%s tlv aanvragend" % tag, grid(T[("voorzieningen", "aanvragend")])[0],
                  j(tlv, "aanvragende_scholen", []),
                  ("tlv_uit_basisonderwijs", "aanvragende_basisscholen", "basisscholen_totaal"),
                  ("aandeel_aanvragend", "gemiddeld_per_aanvragende_school"))
    same_measures("%s tlv doorlooptijd" % tag, grid(T[("voorzieningen", "doorlooptijd")])[0],
                  j(tlv, "doorlooptijd", []), ("besluiten",),
                  ("aandeel_op_tijd", "mediaan_dagen", "aandeel_jongens", "aandeel_meisjes"))
    dr, _ = grid(T[("thuiszitters", "dreigend")])
    for r in j(tz, "dreigend", []) or []:
        same_cell("%s thuiszitters dreigend %s" % (tag, j(r, "werkgebied")),
                  dr.get((j(r, "werkgebied_id") or "totaal", "aantal")), j(r, "aantal"))


# ---- toezicht: aggregates only, suppression that survives subtraction -------------------------
MONEY = {("werkgebieden", "uitputting"), ("financien", "begroting")}


def cmd_toezicht(a):
    rep = load(a.report)
    thr = int(j(rep, "small_cell_threshold", 0) or 0)
    check("toezicht: the report says it is suppressed", j(rep, "suppressed") is True, repr(j(rep, "suppressed")))
    check("toezicht: a threshold", thr > 1, repr(thr))
    text = json.dumps(rep, ensure_ascii=False)
    with open(a.scholen, encoding="utf-8") as f:
        bao = [r["name"] for r in csv.DictReader(f) if r.get("soort") == "bao"]
    named = [n for n in bao if n in text]
    check("toezicht: no basisschool named (%d basisscholen)" % len(bao), bao and not named, repr(named[:5]))
    small, gaps, nsup = [], [], 0
    for (sec, tab), t in tables(rep).items():
        if (sec, tab) in MONEY or sec in ("deelname", "kwaliteit"):
            continue
        cells, rows = grid(t)
        cols = j(t, "kolommen", []) or []
        for (rij, kol), c in cells.items():
            w = j(c, "waarde", "")
            if j(c, "suppressed"):
                nsup += 1
            elif w.isdigit() and 0 < int(w) < thr:
                small.append((sec, tab, rij, kol, w))
        # within a row: the periods and their cumulative column (T1 + T2 = T1+T2)
        per = [k for k in cols if k in (j(rep, "perioden") or [])]
        if len(per) > 1 and tab not in ("per_werkgebied", "bestemming", "per_bestuur"):
            for rij, _ in rows:
                sup = [k for k in per if j(cells.get((rij, k), {}), "suppressed")]
                if len(sup) == 1:
                    gaps.append((sec, tab, rij, "row", sup))
        # within a column: the rows and their total row
        if any(r == "totaal" for r, _ in rows):
            for k in cols:
                vals = [cells.get((r, k), {}) for r, _ in rows]
                if not all((j(v, "waarde", "") or "0").isdigit() or j(v, "suppressed") for v in vals):
                    continue
                sup = [r for r, _ in rows if j(cells.get((r, k), {}), "suppressed")]
                if len(sup) == 1:
                    gaps.append((sec, tab, k, "column", sup))
    check("toezicht: some cells are suppressed", nsup > 0, "none")
    check("toezicht: no count below %d printed" % thr, not small, repr(small[:5]))
    check("toezicht: no suppressed cell alone in a row of periods or a column with its total", not gaps,
          repr(gaps[:5]))
    for s in j(rep, "secties", []) or []:
        for t in j(s, "tabellen", []) or []:
            for r in j(t, "rijen", []) or []:
                for c in j(r, "cellen", []) or []:
                    if j(c, "suppressed") and (j(c, "waarde") or j(c, "gepubliceerd")):
                        check("toezicht: a suppressed cell carries no figure", False, repr(c))
                        return
    check("toezicht: a suppressed cell carries no figure", True)


# ---- rpc: bad input -------------------------------------------------------------------------
def cmd_rpc(a):
    import passend_rpc as pr
    M = pr.load(a.src, a.out)
    R, C = M.rapportage, M.common
    from passend.v1 import rapportage_trimester_pb2 as RT
    cl = pr.Client(a.server, a.ca)
    P = "/passend.v1.Rapportage/"

    def code(method, req, token):
        return cl.call(P + method, req, token).code

    def rep(sj, tri, tok=a.bestuur):
        return code("GetTrimesterReport", RT.GetTrimesterReportRequest(schooljaar=sj, trimester=tri), tok)
    eq("trimester 4: INVALID_ARGUMENT", rep("2016-2017", 4), "INVALID_ARGUMENT")
    eq("trimester 0: INVALID_ARGUMENT (no whole-year form)", rep("2016-2017", 0), "INVALID_ARGUMENT")
    eq("trimester -1: INVALID_ARGUMENT", rep("2016-2017", -1), "INVALID_ARGUMENT")
    eq("schooljaar 2016/2017: INVALID_ARGUMENT", rep("2016/2017", 2), "INVALID_ARGUMENT")
    eq("schooljaar 2016-2018: INVALID_ARGUMENT", rep("2016-2018", 2), "INVALID_ARGUMENT")
    eq("unknown schooljaar 2030-2031: NOT_FOUND", rep("2030-2031", 2), "NOT_FOUND")
    eq("werkgebied token: PERMISSION_DENIED", rep("2016-2017", 2, a.werkgebied), "PERMISSION_DENIED")
    eq("the report itself: OK", rep("2016-2017", 2), "OK")
    T = RT.AddTrimesterTekstRequest
    eq("tekst: unknown sectie", code("AddTrimesterTekst", T(schooljaar="2016-2017", trimester=2, sectie="x",
                                                             soort="conclusies", tekst="t"), a.bestuur),
       "INVALID_ARGUMENT")
    eq("tekst: unknown soort", code("AddTrimesterTekst", T(schooljaar="2016-2017", trimester=2, sectie="regionaal",
                                                            soort="x", tekst="t"), a.bestuur), "INVALID_ARGUMENT")
    eq("tekst: trimester 4", code("AddTrimesterTekst", T(schooljaar="2016-2017", trimester=4, sectie="regionaal",
                                                          soort="conclusies", tekst="t"), a.bestuur),
       "INVALID_ARGUMENT")
    eq("tekst: a control character", code("AddTrimesterTekst", T(schooljaar="2016-2017", trimester=2,
                                                                  sectie="regionaal", soort="conclusies",
                                                                  tekst="a\x07b"), a.bestuur), "INVALID_ARGUMENT")
    eq("tekst: more than 20000 bytes", code("AddTrimesterTekst", T(schooljaar="2016-2017", trimester=2,
                                                                    sectie="regionaal", soort="conclusies",
                                                                    tekst="x" * 20001), a.bestuur),
       "INVALID_ARGUMENT")
    eq("tekst as toezicht: PERMISSION_DENIED", code("AddTrimesterTekst", T(schooljaar="2016-2017", trimester=2,
                                                                            sectie="regionaal", soort="conclusies",
                                                                            tekst="t"), a.toezicht),
       "PERMISSION_DENIED")
    G = RT.TrimesterGepubliceerd
    base = dict(schooljaar="2016-2017", trimester=2, sectie="voorzieningen", tabel="aanvragend",
                rij="gemiddeld_per_aanvragende_school", kolom="T2")
    for bad, why in (("1,45", "a decimal comma"), ("", "empty"), ("1.456", "3 decimals"), ("x", "a word")):
        eq("gepubliceerd: waarde %s: INVALID_ARGUMENT" % why,
           code("SetTrimesterGepubliceerd", RT.SetTrimesterGepubliceerdRequest(cijfer=G(waarde=bad, **base)),
                a.bestuur), "INVALID_ARGUMENT")
    eq("gepubliceerd: no cijfer: INVALID_ARGUMENT",
       code("SetTrimesterGepubliceerd", RT.SetTrimesterGepubliceerdRequest(), a.bestuur), "INVALID_ARGUMENT")
    eq("gepubliceerd: no tabel: INVALID_ARGUMENT",
       code("SetTrimesterGepubliceerd",
            RT.SetTrimesterGepubliceerdRequest(cijfer=G(waarde="1.45", **dict(base, tabel=""))), a.bestuur),
       "INVALID_ARGUMENT")
    V = RT.VaststellenTrimesterReportRequest
    eq("vaststellen: no datum: INVALID_ARGUMENT",
       code("VaststellenTrimesterReport", V(schooljaar="2016-2017", trimester=2), a.bestuur), "INVALID_ARGUMENT")
    eq("vaststellen: 2017-02-30: INVALID_ARGUMENT",
       code("VaststellenTrimesterReport", V(schooljaar="2016-2017", trimester=2,
                                            datum=C.Date(year=2017, month=2, day=30)), a.bestuur),
       "INVALID_ARGUMENT")
    eq("vaststellen as toezicht: PERMISSION_DENIED",
       code("VaststellenTrimesterReport", V(schooljaar="2016-2017", trimester=2,
                                            datum=C.Date(year=2017, month=4, day=20)), a.toezicht),
       "PERMISSION_DENIED")
    eq("teksten list: trimester 4: INVALID_ARGUMENT",
       code("ListTrimesterTeksten", RT.ListTrimesterTekstenRequest(schooljaar="2016-2017", trimester=4), a.toezicht),
       "INVALID_ARGUMENT")


def vorig_cells(rep):
    """{sectie: [(tabel, rij, cell)]} of the previous school year's columns of a report."""
    out = {}
    for (sec, tab), t in tables(rep).items():
        cells, _ = grid(t)
        for (rij, kolom), c in cells.items():
            if kolom.startswith("2015-2016 "):
                out.setdefault(sec, []).append((tab, rij, c or {}))
    return out


def cmd_vorig(a):
    bestuur, toezicht = vorig_cells(load(a.report)), vorig_cells(load(a.toezicht))
    geen = lambda c: not j(c, "waarde", "") and not j(c, "suppressed")
    for sec in ("regionaal", "voorzieningen", "thuiszitters"):
        cells = bestuur.get(sec, [])
        bad = [(t, r, c) for t, r, c in cells if not geen(c)]
        check("vorig: %s 2015-2016: %d cells, each without data (not 0, not suppressed)" % (sec, len(cells)),
              cells and not bad, repr(bad[:3]))
        tz = toezicht.get(sec, [])
        bad = [(t, r, c) for t, r, c in tz if not j(c, "suppressed")]
        check("vorig: toezicht's %s 2015-2016: %d cells, suppressed as before (no data would tell them 0)"
              % (sec, len(tz)), tz and not bad, repr(bad[:3]))
    wg = bestuur.get("werkgebieden", [])
    check("vorig: werkgebieden 2015-2016 has figures (the arrangements the verlengingen extend)",
          any(j(c, "waarde", "") not in ("", "0") for _, _, c in wg))
    zero = [c for t, r, c in wg if t == "verlengingen"]
    check("vorig: werkgebieden 2015-2016 verlengingen: %d cells, 0 where the year has data" % len(zero),
          zero and all(j(c, "waarde", "") == "0" and not j(c, "suppressed") for c in zero), repr(zero[:3]))
    every = [c for cells in toezicht.values() for _, _, c in cells]
    check("vorig: toezicht sees no 'no data' cell in a previous-year column (%d cells)" % len(every),
          every and not [c for c in every if geen(c)])


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fixtures")
    f.add_argument("report")
    f.add_argument("--fixtures", required=True)
    f.add_argument("--outdir", required=True)
    s = sub.add_parser("same")
    s.add_argument("report")
    s.add_argument("--tag", required=True)
    for x in ("tlv", "arr", "mdo", "tz"):
        s.add_argument("--" + x, required=True)
    t = sub.add_parser("toezicht")
    t.add_argument("report")
    t.add_argument("--scholen", required=True)
    v = sub.add_parser("vorig")
    v.add_argument("report")
    v.add_argument("--toezicht", required=True)
    r = sub.add_parser("rpc")
    for x in ("server", "ca", "src", "out", "bestuur", "toezicht", "werkgebied"):
        r.add_argument("--" + x, required=True)
    a = ap.parse_args()
    {"fixtures": cmd_fixtures, "same": cmd_same, "toezicht": cmd_toezicht, "vorig": cmd_vorig,
     "rpc": cmd_rpc}[a.cmd](a)
    return scenario.exit_code()


if __name__ == "__main__":
    sys.exit(main())
