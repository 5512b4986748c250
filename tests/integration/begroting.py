# begroting: the begroting of issue 9 points 1-4 (D43) through passendd
# (python grpcio): Noord-Kennemerland's 2016-17 begroting.csv loaded through
# the API (groups, lines, manual forecasts) and its realisatie through the
# CSV import (monthly totals and a booking per line), then the period report
# through March equal to begroting_totalen_berekend.csv in every cell, per
# line as the fixture README states; the version rules (an ingediend or
# goedgekeurd version is read-only, FAILED_PRECONDITION naming the state; the
# approval recorded once; a change is a new version, lines keep their
# identity across versions and years); every field rule with its exact
# error; toezicht reads the versions and the report but no bookings;
# transfers per pupil per bestuur with their monthly terms to the cent; the
# SBO regime by date from the platform's dated rules.
# Prints "ok - X" / "FAIL - X: why" lines (py_checks).
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts", "demo-data"))
import nk_demo as nk  # noqa: E402
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq, expect  # noqa: E402

args = scenario.parse_args()
M = pr.load(args.src, args.out)
G, C, Bs, Rp = M.begroting, M.common, M.bestuur, M.rapportage
cl = pr.Client(args.server, args.ca)
FIX = os.path.join(args.src, "tests", "fixtures", "noord-kennemerland-2016-2017")
SECTIE = {"baten": 1, "overdrachten": 2, "lasten": 3}
RO = "read-only; a change is a new version (CreateBegroting with van_begroting_id)"


def beg(method, req, token):
    return cl.call(pr.P_BEG + method, req, token)


def bes(method, req, token):
    return cl.call(pr.P_BES + method, req, token)


def report(token, tot=(2017, 3, 31), schooljaar="2016-2017", begroting_id=""):
    return cl.call("/passend.v1.Rapportage/GetBegrotingReport", Rp.GetBegrotingReportRequest(
        schooljaar=schooljaar, tot=D(*tot), begroting_id=begroting_id), token)


def sql(q):
    return scenario.psql(args.super_db, q)


def D(y, m, d):
    return C.Date(year=y, month=m, day=d)


def euros(cents):
    """Whole euros, half-up away from zero (the fixture README's rule 6)."""
    e = (abs(cents) + 50) // 100
    return -e if cents < 0 else e


def rows(name):
    with open(os.path.join(FIX, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


sleutel = nk.begroting_sleutel


world = pr.build_world(cl, args.admin_token)
A, Bt = world["A"], world["B"]
bt, tz, wt, st = (A.tokens[r] for r in ("bestuur", "toezicht", "werkgebied", "school"))
b_bt = Bt.tokens["bestuur"]
lines = rows("begroting.csv")
berekend = rows("begroting_totalen_berekend.csv")
gedrukt = rows("begroting_totalen.csv")
eq("the fixture has 58 lines", len(lines), 58)

# ============================ a version with its groups and lines =================
v1 = pr.must(beg("CreateBegroting", G.CreateBegrotingRequest(schooljaar="2016-2017", toelichting="NK"), bt),
             "CreateBegroting")
check("a new version is concept versie 1", v1.versie == 1 and v1.status == G.BEGROTING_CONCEPT, repr(v1))
KOPPEN = [("baten", "I", "Rijksbijdragen"), ("baten", "II", "Overige baten"),
          ("overdrachten", "I", "ondersteuningsniveau 0 en 1"), ("overdrachten", "II", "ondersteuningsniveau 2 en 3"),
          ("overdrachten", "III", "ondersteuningsniveau 4 SBO"), ("overdrachten", "IV", "ondersteuningsniveau 4 SO"),
          ("lasten", "I", "management & organisatie"), ("lasten", "II", "uitvoeringsorganisatie swv"),
          ("lasten", "III", "overige lasten")]
for s, g, kop in KOPPEN:
    pr.must(beg("UpsertBegrotingGroep", G.BegrotingGroep(begroting_id=v1.id, sectie=SECTIE[s], groep=g, kop=kop),
                bt), "group %s %s" % (s, g))
regel_id = {}
for r in lines:
    pm = r["pm"] == "true"
    b = 0 if pm or r["begroot_schooljaar"] == "" else int(r["begroot_schooljaar"]) * 100
    res = pr.must(beg("UpsertBegrotingRegel", G.BegrotingRegel(
        begroting_id=v1.id, sleutel=sleutel(r), sectie=SECTIE[r["sectie"]], groep=r["groep"], code=r["code"],
        omschrijving=r["omschrijving"], volgorde=int(r["volgorde"]), bedrag_cents=b, pm=pm), bt), sleutel(r))
    regel_id[sleutel(r)] = res.regel_id
got = pr.must(beg("GetBegroting", G.GetBegrotingRequest(id=v1.id), bt), "GetBegroting")
eq("GetBegroting has the 9 groups", len(got.groepen), 9)
eq("GetBegroting has the 58 lines in print order", [x.sleutel for x in got.regels], [sleutel(r) for r in lines])
pm_line = [x for x in got.regels if x.sleutel == "baten-14"][0]
check("a PM line reads back as pm without an amount", pm_line.pm and pm_line.bedrag_cents == 0, repr(pm_line))
again = pr.must(beg("UpsertBegrotingRegel", G.BegrotingRegel(
    begroting_id=v1.id, sleutel="lasten-1", sectie=3, groep="I", code="1.1.", omschrijving="loonkosten M&O",
    volgorde=1, bedrag_cents=21000000), bt), "repeat")
eq("a repeated upsert keeps the line's identity", again.regel_id, regel_id["lasten-1"])

# ============================ realisatie through the CSV import =====================
# per line: monthly totals August..February (last day of the month, no
# boekstuk) and one booking in March with a boekstuk, adding up to R in
# cents (the demo's split, nk_demo.realisatie_parts); one April booking that
# the report through March leaves out.
csv_rows = []
for r in lines:
    parts = nk.realisatie_parts(r)
    if parts is None:
        continue
    for d, p in zip(nk.MONTH_ENDS, parts[:7]):
        csv_rows.append("%s,%s,%s,," % (sleutel(r), d, nk.cents_text(p)))
    csv_rows.append('%s,2017-03-15,%s,BK-%s,"maart, boeking"' % (sleutel(r), nk.cents_text(parts[7]), sleutel(r)))
csv_rows.append("lasten-1,2017-04-15,1000.00,BK-april,april")
HEADER = "regel,datum,bedrag,boekstuk,omschrijving"


def run_import(text, dry_run=False, header=HEADER):
    s = bes("StartImport", Bs.StartImportRequest(kind=Bs.IMPORT_REALISATIE, header=header,
                                                 file_name="realisatie.csv"), bt)
    if s.code != "OK":
        return s
    c = bes("ImportChunk", Bs.ImportChunkRequest(import_id=s.resp.import_id, first_line=2, rows=text), bt)
    if c.code != "OK":
        return c
    return bes("FinishImport", Bs.FinishImportRequest(import_id=s.resp.import_id, dry_run=dry_run), bt)


body = "\n".join(csv_rows) + "\n"
n_rows = len(csv_rows)
dry = pr.must(run_import(body, dry_run=True), "dry run")
check("a dry run writes nothing", not dry.committed and sql("SELECT count(*) FROM bestuur.realisatie") == "0",
      repr(dry))
imp = pr.must(run_import(body), "import")
check("the import inserts every row", imp.committed and imp.rows_inserted == n_rows and not imp.errors,
      "%r (want %d)" % (imp, n_rows))
imp2 = pr.must(run_import(body), "import again")
check("importing the same file again changes nothing", imp2.rows_unchanged == n_rows and imp2.rows_inserted == 0
      and imp2.rows_updated == 0, repr(imp2))
bad = ("onbekend,2016-09-30,10.00,,\n"
       "lasten-2,2016-09-31,10.00,,\n"
       "lasten-2,2016-09-30,12.345,,\n"
       "lasten-3,2016-10-31,1.000,00,,\n"
       "lasten-4,2016-10-31,5,X1,\n"
       "lasten-5,2016-10-31,6,X1,\n"
       "lasten-6,2016-10-31,7,,\n"
       "lasten-6,2016-10-31,8,,\n")
res = pr.must(run_import(bad), "bad import")
got_errs = [(e.line, e.column, e.message) for e in res.errors]
MONEY = "must be an amount in euros with at most 2 decimals, e.g. 1234.56 (no thousands separators, at most " \
        "1000000000)"
want_errs = [(2, "regel", "no begroting line with sleutel onbekend"),
             (3, "datum", "must be a date YYYY-MM-DD"),
             (4, "bedrag", MONEY),
             (5, "", "has 6 fields, the header has 5"),
             (7, "boekstuk", "X1 also on line 6"),
             (9, "datum", "same regel and datum (without boekstuk) as line 8")]
eq("a bad file: every error by line and column", got_errs, want_errs)
check("a bad file writes nothing", not res.committed and
      sql("SELECT count(*) FROM bestuur.realisatie") == str(n_rows), repr(res))
expect("an unknown column of the realisatie kind", run_import("x\n", header="regel,datum,bedrag,rekening"),
       "INVALID_ARGUMENT", 'header: unknown column "rekening" for realisatie (see docs/import.md)')
expect("a missing required column", run_import("x\n", header="regel,datum"), "INVALID_ARGUMENT",
       'header: required column "bedrag" is missing for realisatie')

# ============================ manual forecasts ======================================
n_prog = 0
for r in lines:
    if r["prognose_invoer"] != "":
        pr.must(beg("SetPrognose", G.Prognose(schooljaar="2016-2017", sleutel=sleutel(r),
                                              bedrag_cents=int(r["prognose_invoer"]) * 100), bt), sleutel(r))
        n_prog += 1
eq("ListPrognoses lists every manual forecast", len(pr.must(beg("ListPrognoses", G.ListPrognosesRequest(
    schooljaar="2016-2017"), bt), "ListPrognoses").prognoses), n_prog)
expect("SetPrognose of an unknown line: NOT_FOUND", beg("SetPrognose", G.Prognose(
    schooljaar="2016-2017", sleutel="nope", bedrag_cents=1), bt), "NOT_FOUND",
    "sleutel: no begroting line with this sleutel")

# ============================ the period report =====================================
rep = pr.must(report(bt), "GetBegrotingReport")
check("the report: 8 months from 2016-08-01, versie 1 concept",
      rep.maanden == 8 and (rep.van.year, rep.van.month, rep.van.day) == (2016, 8, 1) and rep.versie == 1
      and rep.status == "concept", "%d %r %d %s" % (rep.maanden, rep.van, rep.versie, rep.status))
regels = {x.sleutel: x for x in rep.rows if x.soort == "regel"}
eq("the report has every line", sorted(regels), sorted(sleutel(r) for r in lines))
bp_bad, v_bad, v_exact, p_bad = [], [], 0, []
for r in lines:
    x = regels[sleutel(r)]
    if r["begroot_periode"] != "" and euros(x.begroot_periode_cents) != int(r["begroot_periode"]):
        bp_bad.append((sleutel(r), euros(x.begroot_periode_cents), r["begroot_periode"]))
    if x.verschil_cents != x.begroot_periode_cents - x.realisatie_periode_cents:
        v_bad.append((sleutel(r), "V != BP - R"))
    if r["verschil"] != "":
        d = abs(euros(x.verschil_cents) - int(r["verschil"]))
        v_exact += d == 0
        if d > 1:
            v_bad.append((sleutel(r), euros(x.verschil_cents), r["verschil"]))
    if r["sectie"] == "lasten" and euros(x.prognose_cents) != int(r["prognose_invoer"]):
        p_bad.append((sleutel(r), euros(x.prognose_cents), r["prognose_invoer"]))
eq("begroot periode is exact on every line", bp_bad, [])
eq("verschil = BP - R on every line, within 1 euro of the printed value", v_bad, [])
eq("verschil equals the printed value on 46 of the 57 lines that print one", v_exact, 46)
eq("prognose on lasten lines equals prognose_invoer", p_bad, [])
eq("the April booking is not in the period", euros(regels["lasten-1"].realisatie_periode_cents), 117750)
eq("the default prognose is R x 12/8 (baten I 1.)", regels["baten-1"].prognose_cents, 219591700 * 3 // 2)
check("a manual prognose is marked, the default not",
      regels["lasten-1"].prognose_handmatig and not regels["baten-1"].prognose_handmatig, "")


def total_rows(r):
    """The report's rows in the order of begroting_totalen_berekend.csv."""
    grp = {(x.sectie, x.groep): x for x in r.rows if x.soort == "groep"}
    sec = {x.sectie: x for x in r.rows if x.soort == "sectie"}
    res_ = [x for x in r.rows if x.soort == "resultaat"]
    return [grp[("baten", "I")], grp[("baten", "II")], sec["baten"], sec["overdrachten"], grp[("lasten", "I")],
            grp[("lasten", "II")], grp[("lasten", "III")], sec["lasten"]] + res_


COLS = ("begroot_schooljaar", "begroot_periode", "realisatie_periode", "verschil", "prognose")
tot = total_rows(rep)
eq("12 total rows as in the fixture", len(tot), 12)
for i, (x, want, printed) in enumerate(zip(tot, berekend, gedrukt)):
    got_e = [euros(getattr(x, c + "_cents")) for c in COLS]
    eq("total %d %s %s %s equals begroting_totalen_berekend.csv" % (i + 1, want["sectie"], want["groep"],
                                                                      want["omschrijving"]),
       got_e, [int(want[c]) for c in COLS])
    check("total %d is within 3 euros of the printed one" % (i + 1),
          all(abs(g - int(printed[c])) <= 3 for g, c in zip(got_e, COLS)), repr(got_e))
eq("resultaat -548 / -365 / -145543 / 145178 / 81568",
   [euros(getattr(tot[-1], c + "_cents")) for c in COLS], [-548, -365, -145543, 145178, 81568])
eq("the last row is the resultaat", (tot[-1].soort, tot[-1].omschrijving), ("resultaat", "resultaat"))

# the report's request rules
expect("tot not at a month's end", report(bt, (2017, 3, 30)), "INVALID_ARGUMENT",
       "tot must be the last day of a month of schooljaar 2016-2017, e.g. 2017-03-31")
expect("tot outside the school year", report(bt, (2017, 8, 31)), "INVALID_ARGUMENT",
       "tot must be in schooljaar 2016-2017 (2016-08-01 to 2017-07-31)")
expect("tot missing", cl.call("/passend.v1.Rapportage/GetBegrotingReport", Rp.GetBegrotingReportRequest(
    schooljaar="2016-2017"), bt), "INVALID_ARGUMENT", "tot is required: the last day of a month of the school year")
expect("tot not a date", report(bt, (2017, 2, 30)), "INVALID_ARGUMENT", "tot is not a valid date")
expect("a bad schooljaar", report(bt, schooljaar="2016-2018"), "INVALID_ARGUMENT",
       'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"')
expect("begroting_id not a UUID", report(bt, begroting_id="x"), "INVALID_ARGUMENT", "begroting_id is not a UUID")
expect("a school year without a begroting: NOT_FOUND", report(bt, (2018, 3, 31), "2017-2018"), "NOT_FOUND",
       "no begroting for schooljaar 2017-2018")
expect("another tenant has no begroting: NOT_FOUND", report(b_bt), "NOT_FOUND",
       "no begroting for schooljaar 2016-2017")
rep_tz = pr.must(report(tz), "toezicht's report")
eq("toezicht reads the same report", [euros(x.verschil_cents) for x in total_rows(rep_tz)],
   [euros(x.verschil_cents) for x in tot])
full = pr.must(report(bt, (2017, 7, 31)), "whole year")
eq("through July: begroot periode = begroot schooljaar", [x.begroot_periode_cents for x in total_rows(full)],
   [x.begroot_schooljaar_cents for x in total_rows(full)])

# ============================ version rules ========================================
stap = G.BegrotingStapRequest
expect("toezicht cannot approve a concept version", beg("ApproveBegroting", stap(id=v1.id, datum=D(2016, 7, 4)),
                                                          tz), "FAILED_PRECONDITION",
       "begroting 2016-2017 versie 1 is concept: ApproveBegroting needs ingediend")
sub = pr.must(beg("SubmitBegroting", stap(id=v1.id, datum=D(2016, 6, 20)), bt), "SubmitBegroting")
check("submitted: ingediend on its date", sub.status == G.BEGROTING_INGEDIEND and sub.ingediend_op.day == 20,
      repr(sub.status))
n_posten = sql("SELECT count(*) FROM bestuur.begroting_posten")
expect("an ingediend version refuses a line", beg("UpsertBegrotingRegel", G.BegrotingRegel(
    begroting_id=v1.id, sleutel="lasten-1", sectie=3, groep="I", omschrijving="x", volgorde=1, bedrag_cents=1), bt),
    "FAILED_PRECONDITION", "begroting 2016-2017 versie 1 is ingediend: " + RO)
expect("the bestuur cannot approve", beg("ApproveBegroting", stap(id=v1.id, datum=D(2016, 7, 4)), bt),
       "PERMISSION_DENIED")
expect("approval before the submission date", beg("ApproveBegroting", stap(id=v1.id, datum=D(2016, 6, 1)), tz),
       "FAILED_PRECONDITION",
       "begroting 2016-2017 versie 1 was ingediend on 2016-06-20: ApproveBegroting needs a datum on or after it")
ok = pr.must(beg("ApproveBegroting", stap(id=v1.id, datum=D(2016, 7, 4), besluit="RvT 2016-07-04 besluit 3"), tz),
             "ApproveBegroting")
check("approved by toezicht on the date with the decision",
      ok.status == G.BEGROTING_GOEDGEKEURD and ok.goedgekeurd_op.month == 7 and ok.besluit.startswith("RvT"),
      repr(ok))
expect("the approval is recorded once", beg("ApproveBegroting", stap(id=v1.id, datum=D(2016, 7, 5)), tz),
       "FAILED_PRECONDITION", "begroting 2016-2017 versie 1 is goedgekeurd: ApproveBegroting needs ingediend")
expect("an approved version cannot be submitted", beg("SubmitBegroting", stap(id=v1.id, datum=D(2016, 7, 5)), bt),
       "FAILED_PRECONDITION", "begroting 2016-2017 versie 1 is goedgekeurd: SubmitBegroting needs concept")
RO1 = "begroting 2016-2017 versie 1 is goedgekeurd: " + RO
expect("an approved version refuses a line", beg("UpsertBegrotingRegel", G.BegrotingRegel(
    begroting_id=v1.id, sleutel="lasten-1", sectie=3, groep="I", omschrijving="x", volgorde=1, bedrag_cents=1), bt),
    "FAILED_PRECONDITION", RO1)
expect("an approved version refuses a group", beg("UpsertBegrotingGroep", G.BegrotingGroep(
    begroting_id=v1.id, sectie=1, groep="I", kop="anders"), bt), "FAILED_PRECONDITION", RO1)
expect("an approved version refuses deleting a line", beg("DeleteBegrotingRegel", G.DeleteBegrotingRegelRequest(
    begroting_id=v1.id, regel_id=regel_id["lasten-1"]), bt), "FAILED_PRECONDITION", RO1)
eq("the refusals wrote nothing", (sql("SELECT count(*) FROM bestuur.begroting_posten"),
                                  sql("SELECT kop FROM bestuur.begroting_groepen WHERE sectie = 'baten' AND "
                                      "groep = 'I' AND begroting_id = '%s'" % v1.id)), (n_posten, "Rijksbijdragen"))
v2 = pr.must(beg("CreateBegroting", G.CreateBegrotingRequest(schooljaar="2016-2017"), bt), "empty version")
eq("the next version is versie 2", v2.versie, 2)
expect("a version without lines cannot be submitted", beg("SubmitBegroting", stap(id=v2.id, datum=D(2016, 9, 1)),
                                                           bt), "FAILED_PRECONDITION",
       "begroting 2016-2017 versie 2 has no lines: SubmitBegroting needs at least one line")
v3 = pr.must(beg("CreateBegroting", G.CreateBegrotingRequest(schooljaar="2016-2017", van_begroting_id=v1.id,
                                                             toelichting="herziening"), bt), "a change")
check("a change is a new concept version copied from the approved one",
      v3.versie == 3 and v3.status == G.BEGROTING_CONCEPT and v3.voorganger_id == v1.id and len(v3.regels) == 58,
      "%d %d %d" % (v3.versie, v3.status, len(v3.regels)))
eq("its lines keep their identity", {x.sleutel: x.regel_id for x in v3.regels}, regel_id)
pr.must(beg("UpsertBegrotingRegel", G.BegrotingRegel(
    begroting_id=v3.id, sleutel="lasten-1", sectie=3, groep="I", code="1.1.", omschrijving="loonkosten M&O",
    volgorde=1, bedrag_cents=22200000), bt), "change in v3")
rep1 = pr.must(report(bt), "report of the approved version")
eq("the report takes the latest approved version by default", (rep1.versie, rep1.status), (1, "goedgekeurd"))
rep3 = pr.must(report(bt, begroting_id=v3.id), "report of versie 3")
eq("begroting_id picks a version", (rep3.versie, [x for x in rep3.rows if x.sleutel == "lasten-1"][0]
                                    .begroot_schooljaar_cents), (3, 22200000))
expect("begroting_id of another school year", report(bt, begroting_id=v1.id, schooljaar="2015-2016",
                                                     tot=(2016, 3, 31)),
       "NOT_FOUND", "begroting_id: no begroting of schooljaar 2015-2016 with this id")
pr.must(beg("DeleteBegrotingRegel", G.DeleteBegrotingRegelRequest(begroting_id=v3.id,
                                                                   regel_id=regel_id["lasten-35"]), bt), "delete")
eq("a concept version may lose a line", len(pr.must(beg("GetBegroting", G.GetBegrotingRequest(id=v3.id), bt),
                                                    "get v3").regels), 57)
expect("deleting it twice: NOT_FOUND", beg("DeleteBegrotingRegel", G.DeleteBegrotingRegelRequest(
    begroting_id=v3.id, regel_id=regel_id["lasten-35"]), bt), "NOT_FOUND", "the begroting has no such line")
# the next school year: codes renumbered, the line stays the same line
n1 = pr.must(beg("CreateBegroting", G.CreateBegrotingRequest(schooljaar="2018-2019", van_begroting_id=v1.id), bt),
             "next year")
mon = pr.must(beg("UpsertBegrotingRegel", G.BegrotingRegel(
    begroting_id=n1.id, sleutel="lasten-31", sectie=3, groep="II", code="3.3.", omschrijving="Monitoring en "
    "kwaliteitszorg", volgorde=31, bedrag_cents=2500000), bt), "renumbered")
check("a renumbered code in another year keeps the line's identity",
      mon.regel_id == regel_id["lasten-31"] and mon.code == "3.3." and n1.versie == 1, repr(mon))
expect("a line keeps its sectie", beg("UpsertBegrotingRegel", G.BegrotingRegel(
    begroting_id=n1.id, sleutel="baten-1", sectie=3, groep="I", omschrijving="x", volgorde=99), bt),
    "INVALID_ARGUMENT", "sectie: line baten-1 is a baten line (a line keeps its sectie in every year)")
expect("a group the version lacks", beg("UpsertBegrotingRegel", G.BegrotingRegel(
    begroting_id=n1.id, sleutel="nieuw-1", sectie=3, groep="IX", omschrijving="x", volgorde=99), bt),
    "INVALID_ARGUMENT", "groep: the begroting has no group IX in lasten (UpsertBegrotingGroep first)")
expect("a volgorde another line holds", beg("UpsertBegrotingRegel", G.BegrotingRegel(
    begroting_id=n1.id, sleutel="nieuw-1", sectie=3, groep="I", omschrijving="x", volgorde=1), bt),
    "INVALID_ARGUMENT", "volgorde: 1 in lasten is already taken by another line")
eq("refused lines wrote no identity", sql("SELECT count(*) FROM bestuur.begroting_regels WHERE sleutel = 'nieuw-1'"),
   "0")

# ============================ field rules ==========================================
R0 = dict(begroting_id=n1.id, sleutel="nieuw-2", sectie=3, groep="I", code="9.", omschrijving="nieuw",
          volgorde=900, bedrag_cents=100)


def regel(**kw):
    d = dict(R0)
    d.update(kw)
    return beg("UpsertBegrotingRegel", G.BegrotingRegel(**d), bt)


for name, res, msg in [
    ("CreateBegroting schooljaar", beg("CreateBegroting", G.CreateBegrotingRequest(schooljaar="2016"), bt),
     'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"'),
    ("CreateBegroting van_begroting_id", beg("CreateBegroting", G.CreateBegrotingRequest(
        schooljaar="2016-2017", van_begroting_id="x"), bt), "van_begroting_id is not a UUID"),
    ("CreateBegroting toelichting", beg("CreateBegroting", G.CreateBegrotingRequest(
        schooljaar="2016-2017", toelichting="x" * 4001), bt),
     "toelichting is at most 4000 characters without control characters"),
    ("ListBegrotingen schooljaar", beg("ListBegrotingen", G.ListBegrotingenRequest(schooljaar="16-17"), bt),
     'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"'),
    ("GetBegroting id", beg("GetBegroting", G.GetBegrotingRequest(id="x"), bt), "id is not a UUID"),
    ("group sectie", beg("UpsertBegrotingGroep", G.BegrotingGroep(begroting_id=n1.id, groep="I"), bt),
     "sectie must be SECTIE_BATEN, SECTIE_OVERDRACHTEN or SECTIE_LASTEN"),
    ("group groep", beg("UpsertBegrotingGroep", G.BegrotingGroep(begroting_id=n1.id, sectie=1, groep="1"), bt),
     "groep must be a Roman numeral (I, II, III, ...)"),
    ("group kop", beg("UpsertBegrotingGroep", G.BegrotingGroep(begroting_id=n1.id, sectie=1, groep="I",
                                                               kop="k" * 201), bt),
     "kop is at most 200 characters without control characters"),
    ("group begroting_id", beg("UpsertBegrotingGroep", G.BegrotingGroep(begroting_id="x", sectie=1, groep="I"), bt),
     "begroting_id is not a UUID"),
    ("line sleutel", regel(sleutel="a b"), "sleutel must be 1-40 characters of A-Z, a-z, 0-9, '.', '_' and '-'"),
    ("line sleutel empty", regel(sleutel=""),
     "sleutel must be 1-40 characters of A-Z, a-z, 0-9, '.', '_' and '-'"),
    ("a line in an unknown sectie", regel(sectie=7),
     "sectie must be SECTIE_BATEN, SECTIE_OVERDRACHTEN or SECTIE_LASTEN"),
    ("line groep", regel(groep="i"), "groep must be a Roman numeral (I, II, III, ...)"),
    ("line code", regel(code="c" * 21), "code is at most 20 characters without control characters"),
    ("line omschrijving", regel(omschrijving=""),
     "omschrijving is required: 1-200 characters without control characters"),
    ("line volgorde", regel(volgorde=0), "volgorde must be from 1 to 9999"),
    ("line bedrag", regel(bedrag_cents=100000000001),
     "bedrag_cents must be from -100000000000 to 100000000000"),
    ("a PM line with an amount", regel(pm=True), "bedrag_cents must be 0 on a PM line (pm)"),
    ("delete regel_id", beg("DeleteBegrotingRegel", G.DeleteBegrotingRegelRequest(begroting_id=n1.id,
                                                                                 regel_id="x"), bt),
     "regel_id is not a UUID"),
    ("submit datum", beg("SubmitBegroting", stap(id=n1.id), bt), "datum is required"),
    ("submit datum invalid", beg("SubmitBegroting", stap(id=n1.id, datum=D(2017, 2, 29)), bt),
     "datum is not a valid date"),
    ("submit besluit", beg("SubmitBegroting", stap(id=n1.id, datum=D(2018, 6, 1), besluit="x"), bt),
     "besluit is toezicht's: give it with ApproveBegroting, not SubmitBegroting"),
    ("approve besluit", beg("ApproveBegroting", stap(id=n1.id, datum=D(2018, 6, 1), besluit="b" * 201), tz),
     "besluit is at most 200 characters without control characters"),
    ("prognose schooljaar", beg("SetPrognose", G.Prognose(schooljaar="x", sleutel="lasten-1"), bt),
     'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"'),
    ("prognose wissen with an amount", beg("SetPrognose", G.Prognose(schooljaar="2016-2017", sleutel="lasten-1",
                                                                     bedrag_cents=5, wissen=True), bt),
     "bedrag_cents must be 0 with wissen"),
    ("prognose bedrag", beg("SetPrognose", G.Prognose(schooljaar="2016-2017", sleutel="lasten-1",
                                                      bedrag_cents=-100000000001), bt),
     "bedrag_cents must be from -100000000000 to 100000000000"),
]:
    expect("field rule: " + name, res, "INVALID_ARGUMENT", msg)
eq("field rules wrote no line", sql("SELECT count(*) FROM bestuur.begroting_posten WHERE begroting_id = '%s'"
                                    % n1.id), "58")
expect("a version the caller cannot see: NOT_FOUND", beg("UpsertBegrotingRegel", G.BegrotingRegel(
    **dict(R0, begroting_id=v1.id)), b_bt), "NOT_FOUND", "begroting not found")
expect("another tenant's version: NOT_FOUND", beg("GetBegroting", G.GetBegrotingRequest(id=v1.id), b_bt),
       "NOT_FOUND", "begroting not found")
cleared = pr.must(beg("SetPrognose", G.Prognose(schooljaar="2016-2017", sleutel="lasten-1", wissen=True), bt),
                  "wissen")
x = [r for r in pr.must(report(bt), "after wissen").rows if r.sleutel == "lasten-1"][0]
check("wissen: the default forecast again", cleared.wissen and not x.prognose_handmatig
      and x.prognose_cents == x.realisatie_periode_cents * 3 // 2, repr(x))

# ============================ roles in SQL =========================================
lst = pr.must(beg("ListBegrotingen", G.ListBegrotingenRequest(page=C.PageRequest(page_size=2)), tz), "toezicht list")
check("toezicht lists the versions, paged by school year and versie",
      [(v.schooljaar, v.versie) for v in lst.begrotingen] == [("2016-2017", 1), ("2016-2017", 2)]
      and lst.next_page_token != "", repr([(v.schooljaar, v.versie) for v in lst.begrotingen]))
for role, tables in (("toezicht", ("realisatie", "begroting_prognoses", "overdracht_tarieven")),
                     ("werkgebied", ("begrotingen", "begroting_posten", "realisatie", "overdracht_tarieven")),
                     ("school", ("begrotingen", "begroting_posten", "realisatie"))):
    for t in tables:
        rc, _, err = scenario.psql_script(args.db, scenario.principal_script(
            role, A.id, (), "SELECT count(*) FROM bestuur.%s;" % t))
        check("%s has no privilege on bestuur.%s" % (role, t), rc != 0 and "permission denied" in err, err)
rc, _, err = scenario.psql_script(args.db, scenario.principal_script(
    "toezicht", A.id, (), "UPDATE bestuur.begrotingen SET status = 'concept' WHERE id = '%s';" % v1.id))
check("toezicht cannot move an approved version back in SQL", rc != 0 and "is goedgekeurd: read-only" in err, err)
rc, _, err = scenario.psql_script(args.db, scenario.principal_script(
    "bestuur", A.id, (), "UPDATE bestuur.begroting_posten SET bedrag_cents = 1 WHERE begroting_id = '%s';" % v1.id))
check("the bestuur cannot change an approved version's lines in SQL", rc != 0 and "is goedgekeurd: read-only" in err,
      err)
rc, _, err = scenario.psql_script(args.db, scenario.principal_script(
    "bestuur", A.id, (), "UPDATE bestuur.begrotingen SET goedgekeurd_op = '2016-07-04' WHERE id = '%s';" % v2.id))
check("the bestuur cannot approve in SQL", rc != 0 and "permission denied" in err, err)

# ============================ transfers to besturen =================================
BG = {}
for n, name in (("10001", "Stichting Alpha"), ("10002", "Stichting Beta")):
    BG[n] = pr.must(bes("CreateSchoolbestuur", Bs.CreateSchoolbestuurRequest(schoolbestuur=Bs.Schoolbestuur(
        bevoegd_gezag_nummer=n, name=name, runs_bao=True, runs_sbo=True)), bt), name).id
scholen = []
for i, (bg, soort, aantal) in enumerate((("10001", 1, 601), ("10001", 1, 400), ("10001", 2, 90), ("10002", 1, 333))):
    s = Bs.School(brin="%02dZZ" % (90 + i), vestiging="00", name="T school %d" % i, soort=soort,
                  schoolbestuur_id=BG[bg])
    if soort == 1:
        s.werkgebied_id = A.wg["wg1"]
    sid = pr.must(bes("CreateSchool", Bs.CreateSchoolRequest(school=s), bt), "school %d" % i).id
    scholen.append(sid)
    for d, extra in ((D(2015, 10, 1), 0), (D(2016, 2, 1), 10), (D(2023, 2, 1), 20)):
        pr.must(bes("UpsertTelling", Bs.Telling(school_id=sid, teldatum=d, tel_wijze=1, aantal=aantal + extra,
                                                onder_8=-1, so_categorie_1=-1, so_categorie_2=-1,
                                                so_categorie_3=-1), bt), "telling")
t1 = pr.must(beg("UpsertOverdrachtTarief", G.OverdrachtTarief(
    schooljaar="2016-2017", soort="basisondersteuning", omschrijving="basisondersteuning (EUR 115 per leerling)",
    bedrag_per_leerling_cents=11500, teldatum=D(2015, 10, 1), sleutel="overdrachten-1"), bt), "tarief 115")
check("a rate with default schoolsoorten bao and its line", list(t1.schoolsoorten) == ["bao"]
      and t1.sleutel == "overdrachten-1", repr(t1))
pr.must(beg("UpsertOverdrachtTarief", G.OverdrachtTarief(
    schooljaar="2016-2017", soort="overgangsregeling", bedrag_per_leerling_cents=6500, teldatum=D(2015, 10, 1),
    schoolsoorten=["bao", "sbo"]), bt), "tarief 65")
eq("ListOverdrachtTarieven", [t.soort for t in pr.must(beg("ListOverdrachtTarieven",
                                                           G.ListOverdrachtTarievenRequest(schooljaar="2016-2017"),
                                                           bt), "list tarieven").tarieven],
   ["basisondersteuning", "overgangsregeling"])
sch = pr.must(beg("GetOverdrachtSchema", G.GetOverdrachtSchemaRequest(schooljaar="2016-2017"), bt), "schema")
got_s = [(r.bestuur, r.soort, r.leerlingen, r.jaarbedrag_cents) for r in sch.regels]
eq("per bestuur and rate: pupils counted x amount per pupil", got_s, [
    ("Stichting Alpha", "basisondersteuning", 1001, 1001 * 11500),
    ("Stichting Alpha", "overgangsregeling", 1091, 1091 * 6500),
    ("Stichting Beta", "basisondersteuning", 333, 333 * 11500),
    ("Stichting Beta", "overgangsregeling", 333, 333 * 6500)])
alpha = sch.regels[0]
j = 1001 * 11500
eq("12 monthly terms from August, floor(J k/12) - floor(J (k-1)/12), to the cent",
   [(t.maand.year, t.maand.month, t.bedrag_cents) for t in alpha.termijnen],
   [(2016 + (7 + k - 1) // 12, (7 + k - 1) % 12 + 1, j * k // 12 - j * (k - 1) // 12) for k in range(1, 13)])
eq("the terms add up to the yearly amount exactly", sum(t.bedrag_cents for t in alpha.termijnen), j)
eq("the month totals add up over besturen and rates", sum(t.bedrag_cents for t in sch.totaal_per_maand),
   sch.totaal_cents)
eq("the schedule's total", sch.totaal_cents, (1001 + 333) * 11500 + (1091 + 333) * 6500)
one = pr.must(beg("GetOverdrachtSchema", G.GetOverdrachtSchemaRequest(schooljaar="2016-2017",
                                                                      bestuur_id=BG["10002"]), bt), "one bestuur")
eq("one bestuur's schedule", [r.bestuur for r in one.regels], ["Stichting Beta"] * 2)
for name, res, msg in [
    ("tarief soort", beg("UpsertOverdrachtTarief", G.OverdrachtTarief(
        schooljaar="2016-2017", soort="Basis", bedrag_per_leerling_cents=1, teldatum=D(2015, 10, 1)), bt),
     "soort is required: 1-40 lower-case letters, digits or _ (e.g. basisondersteuning)"),
    ("tarief negative amount", beg("UpsertOverdrachtTarief", G.OverdrachtTarief(
        schooljaar="2016-2017", soort="x", bedrag_per_leerling_cents=-1, teldatum=D(2015, 10, 1)), bt),
     "bedrag_per_leerling_cents must be from 0 to 100000000"),
    ("tarief teldatum", beg("UpsertOverdrachtTarief", G.OverdrachtTarief(
        schooljaar="2016-2017", soort="x", bedrag_per_leerling_cents=1), bt), "teldatum is required (a valid date)"),
    ("tarief schoolsoort", beg("UpsertOverdrachtTarief", G.OverdrachtTarief(
        schooljaar="2016-2017", soort="x", bedrag_per_leerling_cents=1, teldatum=D(2015, 10, 1),
        schoolsoorten=["bao", "vo"]), bt), "schoolsoorten[1] must be bao, sbo or so"),
    ("tarief schoolsoort twice", beg("UpsertOverdrachtTarief", G.OverdrachtTarief(
        schooljaar="2016-2017", soort="x", bedrag_per_leerling_cents=1, teldatum=D(2015, 10, 1),
        schoolsoorten=["so", "so"]), bt), "schoolsoorten[1]: so is named twice"),
    ("tarief sleutel unknown", beg("UpsertOverdrachtTarief", G.OverdrachtTarief(
        schooljaar="2016-2017", soort="x", bedrag_per_leerling_cents=1, teldatum=D(2015, 10, 1), sleutel="nope"),
        bt), "sleutel: no begroting line with this sleutel"),
    ("schema schooljaar", beg("GetOverdrachtSchema", G.GetOverdrachtSchemaRequest(schooljaar="2016"), bt),
     'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"'),
    ("schema bestuur_id", beg("GetOverdrachtSchema", G.GetOverdrachtSchemaRequest(schooljaar="2016-2017",
                                                                                  bestuur_id="x"), bt),
     "bestuur_id is not a UUID"),
    ("sbo datum", beg("GetSboRegime", G.GetSboRegimeRequest(), bt), "datum is required (a valid date)"),
]:
    expect("field rule: " + name, res, "INVALID_ARGUMENT", msg)
eq("refused rates wrote nothing", sql("SELECT count(*) FROM bestuur.overdracht_tarieven"), "2")

# the SBO regime: dated platform rules
old = pr.must(beg("GetSboRegime", G.GetSboRegimeRequest(datum=D(2016, 10, 1)), bt), "2016")
eq("2016: the 2 % rule over the school year on the count of 1 October before it",
   (old.regime, (old.periode_van.year, old.periode_van.month), (old.periode_tot.year, old.periode_tot.month,
                                                                  old.periode_tot.day),
    (old.peildatum.year, old.peildatum.month), old.sbo_leerlingen, old.totaal_leerlingen, old.norm_pct,
    old.norm_leerlingen, old.boven_norm),
   ("twee_procent", (2016, 8), (2017, 7, 31), (2015, 10), 90, 1424, "2.00", "28.48", "61.52"))
new = pr.must(beg("GetSboRegime", G.GetSboRegimeRequest(datum=D(2024, 3, 1)), bt), "2024")
eq("2024: by calendar year on the count of 1 February of the previous year, no norm",
   (new.regime, (new.periode_van.year, new.periode_van.month, new.periode_van.day),
    (new.periode_tot.year, new.periode_tot.month, new.periode_tot.day), (new.peildatum.year, new.peildatum.month),
    new.sbo_leerlingen, new.totaal_leerlingen, new.norm_pct),
   ("peildatum_vorig_jaar", (2024, 1, 1), (2024, 12, 31), (2023, 2), 110, 1504, ""))
edge = pr.must(beg("GetSboRegime", G.GetSboRegimeRequest(datum=D(2022, 9, 1)), bt), "2022")
eq("2022-2023 under the 2 % rule ends when the rule does", (edge.regime, edge.periode_tot.year,
                                                             edge.periode_tot.month, edge.periode_tot.day),
   ("twee_procent", 2022, 12, 31))
sql("UPDATE platform.sbo_regimes SET norm_pct = 3.00 WHERE regime = 'twee_procent'")
eq("the rule is data: another norm changes the answer",
   pr.must(beg("GetSboRegime", G.GetSboRegimeRequest(datum=D(2016, 10, 1)), bt), "norm 3").norm_leerlingen,
   "42.72")
sql("UPDATE platform.sbo_regimes SET norm_pct = 2.00 WHERE regime = 'twee_procent'")
expect("no rule in force: NOT_FOUND", beg("GetSboRegime", G.GetSboRegimeRequest(datum=D(2010, 1, 1)), bt),
       "NOT_FOUND", "no SBO regime in force on 2010-01-01")

cl.close()
scenario.done()
