# deelname: deelnamepercentages through the API (issue 4): counts in
# via UpsertTelling, percentages out of GetDeelnameReport, computed in SQL
# numeric and rounded half-up (exactly .xx5 cases), an empty denominator,
# per gemeente (woonachtig) and per bestuur, the landelijk figure and the
# difference, small-cell suppression for toezicht, roles, other tenants; and
# that PostgreSQL's numeric rounds half-up where float would not.
# Prints "ok - X" / "FAIL - X: why" lines for env.sh's py_checks.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import disclosure  # noqa: E402
import passend_rpc as pr  # noqa: E402
from scenario import check  # noqa: E402
import scenario  # noqa: E402

args = scenario.parse_args()

M = pr.load(args.src, args.out)
B, C, R = M.bestuur, M.common, M.rapportage
P_RAP = "/passend.v1.Rapportage/"


cl = pr.Client(args.server, args.ca)
admin = args.admin_token
world = pr.build_world(cl, admin)
A, Bt = world["A"], world["B"]
bt = A.tokens["bestuur"]
D1 = C.Date(year=2016, month=10, day=1)
D2 = C.Date(year=2017, month=10, day=1)


def bst(num, name):
    r = B.CreateSchoolbestuurRequest(schoolbestuur=B.Schoolbestuur(
        bevoegd_gezag_nummer=num, name=name, vestigingsplaats="Alkmaar", runs_bao=True, lidmaatschap=1))
    return pr.must(cl.call(pr.P_BES + "CreateSchoolbestuur", r, bt), "CreateSchoolbestuur " + name).id


def gem(name):
    r = B.CreateGemeenteRequest(gemeente=B.Gemeente(name=name))
    return pr.must(cl.call(pr.P_BES + "CreateGemeente", r, bt), "CreateGemeente " + name).id


def school(brin, name, soort, bestuur_id, cluster=0):
    s = B.School(brin=brin, vestiging="00", name=name, soort=soort, schoolbestuur_id=bestuur_id,
                 so_cluster=cluster, werkgebied_id=A.wg["wg1"] if soort == 1 else "")
    return pr.must(cl.call(pr.P_BES + "CreateSchool", B.CreateSchoolRequest(school=s), bt),
                   "CreateSchool " + name).id


X = bst("41001", "Stichting X")
Y = bst("41002", "Stichting Y")
G1, G2 = gem("Alkmaar"), gem("Bergen")
b1 = school("11XA", "BAO een", 1, X)
b2 = school("11XB", "BAO twee", 1, Y)
s1 = school("11XC", "SBO De Brug", 2, X)
o1 = school("11XD", "SO De Kreek", 3, Y, 3)


def tel(sid, d, n, wijze=1, g="", c=(-1, -1, -1), token=None):
    t = B.Telling(school_id=sid, teldatum=d, tel_wijze=wijze, gemeente_id=g, aantal=n, onder_8=-1,
                  so_categorie_1=c[0], so_categorie_2=c[1], so_categorie_3=c[2])
    return cl.call(pr.P_BES + "UpsertTelling", t, token or bt)


# counts in (b1 first with a wrong value: the upsert replaces it)
for args_ in ((b1, D1, 12), (b1, D1, 599), (b2, D1, 200), (s1, D1, 1), (o1, D1, 3, 1, "", (1, 2, 0)),
              (o1, D2, 4, 1, "", (1, 1, 2)),
              (b1, D1, 399, 2, G1), (s1, D1, 1, 2, G1), (b2, D1, 150, 2, G2), (o1, D1, 3, 2, G2, (1, 2, 0))):
    r = tel(*args_)
    if r.code != "OK":
        check("UpsertTelling %r" % (args_[2:],), False, repr(r))
lt = cl.call(pr.P_BES + "ListTellingen", B.ListTellingenRequest(school_id=b1, tel_wijze=1), bt)
check("upsert replaces: one schoolgaand telling for b1 with aantal 599",
      lt.code == "OK" and [t.aantal for t in lt.resp.tellingen] == [599], repr(lt))

# validation
check("telling: woonachtig without gemeente is INVALID_ARGUMENT",
      tel(b1, D1, 5, 2).code == "INVALID_ARGUMENT")
check("telling: categories above aantal is INVALID_ARGUMENT",
      tel(o1, D1, 3, 1, "", (2, 2, 0)).code == "INVALID_ARGUMENT")
check("telling: toezicht cannot write (PERMISSION_DENIED)",
      tel(b1, D1, 5, token=A.tokens["toezicht"]).code == "PERMISSION_DENIED")
r = tel(Bt.school["s11"], D1, 5)
check("telling: other tenant's school is NOT_FOUND", r.code == "NOT_FOUND", repr(r))

# landelijke percentages: admin writes, everyone reads
lp = R.LandelijkPercentage(teldatum=D1, sbo="2.48", so="1.61", so_categorie_1="1.20", so_categorie_2="0.21",
                           so_categorie_3="0.20")
check("SetLandelijkPercentage as admin", cl.call(P_RAP + "SetLandelijkPercentage", lp, admin).code == "OK")
check("SetLandelijkPercentage as bestuur is PERMISSION_DENIED",
      cl.call(P_RAP + "SetLandelijkPercentage", lp, bt).code == "PERMISSION_DENIED")
bad = R.LandelijkPercentage(teldatum=D1, sbo="101")
r = cl.call(P_RAP + "SetLandelijkPercentage", bad, admin)
check("SetLandelijkPercentage 101 is INVALID_ARGUMENT naming sbo",
      r.code == "INVALID_ARGUMENT" and "sbo" in r.details, repr(r))
r = cl.call(P_RAP + "ListLandelijkePercentages", R.ListLandelijkePercentagesRequest(), A.tokens["toezicht"])
check("ListLandelijkePercentages as toezicht",
      r.code == "OK" and [(p.sbo, p.so) for p in r.resp.percentages] == [("2.48", "1.61")], repr(r))


def report(token, **kw):
    return cl.call(P_RAP + "GetDeelnameReport", R.GetDeelnameReportRequest(**kw), token)


def rows(res, scope, d=D1):
    return {x.name: x for x in res.resp.rows if x.scope == scope and x.teldatum == d}


r = report(bt, per_gemeente=True, per_bestuur=True)
check("GetDeelnameReport as bestuur", r.code == "OK", repr(r))
if r.code == "OK":
    swv = rows(r, "swv")
    check("one SWV row for 2016-10-01", len(swv) == 1, repr(r.resp))
    s = list(swv.values())[0] if swv else None
    if s:
        check("SWV counts: bao 799 sbo 1 so 3, noemer 800",
              (s.bao.value, s.sbo.value, s.so.value, s.noemer.value) == (799, 1, 3, 800), str(s))
        check("SWV SO categories 1/2/0",
              (s.so_categorie_1.value, s.so_categorie_2.value, s.so_categorie_3.value) == (1, 2, 0), str(s))
        check("pct_sbo 1/800 = 0.125 rounds half-up to 0.13", s.pct_sbo.value == "0.13", s.pct_sbo.value)
        check("pct_so 3/800 = 0.375 rounds half-up to 0.38", s.pct_so.value == "0.38", s.pct_so.value)
        check("pct per category 0.13 / 0.25 / 0.00",
              (s.pct_so_categorie_1.value, s.pct_so_categorie_2.value, s.pct_so_categorie_3.value)
              == ("0.13", "0.25", "0.00"), str(s))
        check("landelijk 2.48 / 1.61", (s.landelijk_sbo.value, s.landelijk_so.value) == ("2.48", "1.61"), str(s))
        check("verschil -2.35 / -1.23", (s.verschil_sbo.value, s.verschil_so.value) == ("-2.35", "-1.23"),
              str(s))
        check("bestuur sees nothing suppressed", not (s.sbo.suppressed or s.pct_sbo.suppressed), str(s))
    e = rows(r, "swv", D2)
    e = list(e.values())[0] if e else None
    check("empty denominator: 2017 row with noemer 0 and so 4",
          e is not None and e.noemer.value == 0 and e.so.value == 4, str(e))
    if e:
        check("empty denominator: percentages empty, no error",
              (e.pct_sbo.value, e.pct_so.value, e.pct_so_categorie_1.value) == ("", "", "")
              and not e.pct_so.suppressed, str(e))
        check("no landelijk figure for 2017: empty landelijk and verschil",
              (e.landelijk_so.value, e.verschil_so.value) == ("", ""), str(e))
    bs = rows(r, "bestuur")
    check("per bestuur: X and Y", sorted(bs) == ["Stichting X", "Stichting Y"], repr(sorted(bs)))
    if "Stichting X" in bs and "Stichting Y" in bs:
        x, y = bs["Stichting X"], bs["Stichting Y"]
        check("bestuur X: 599 + 1, pct_sbo 1/600 = 0.17, pct_so 0.00",
              (x.noemer.value, x.pct_sbo.value, x.pct_so.value) == (600, "0.17", "0.00"), str(x))
        check("bestuur Y: noemer 200, pct_so 3/200 = 1.50, pct_sbo 0.00",
              (y.noemer.value, y.pct_so.value, y.pct_sbo.value) == (200, "1.50", "0.00"), str(y))
    gs = rows(r, "gemeente")
    check("per gemeente (woonachtig): Alkmaar and Bergen", sorted(gs) == ["Alkmaar", "Bergen"], repr(sorted(gs)))
    if "Alkmaar" in gs and "Bergen" in gs:
        check("Alkmaar: 399 + 1 woonachtig, pct_sbo 1/400 = 0.25",
              (gs["Alkmaar"].noemer.value, gs["Alkmaar"].pct_sbo.value) == (400, "0.25"), str(gs["Alkmaar"]))
        check("Bergen: noemer 150, pct_so 3/150 = 2.00",
              (gs["Bergen"].noemer.value, gs["Bergen"].pct_so.value) == (150, "2.00"), str(gs["Bergen"]))

r = report(bt, teldata=[D2])
check("teldata filter: only 2017-10-01", r.code == "OK" and {x.teldatum.year for x in r.resp.rows} == {2017},
      repr(r))
r = report(bt, teldata=[C.Date(year=2017, month=2, day=30)])
check("invalid teldatum is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT", repr(r))

# suppression for toezicht (threshold 5)
r = report(A.tokens["toezicht"], per_bestuur=True)
check("GetDeelnameReport as toezicht", r.code == "OK", repr(r))
if r.code == "OK":
    s = list(rows(r, "swv").values())[0]
    check("toezicht: sbo 1 suppressed (value 0), bao 799 shown",
          s.sbo.suppressed and s.sbo.value == 0 and not s.bao.suppressed and s.bao.value == 799, str(s))
    check("toezicht: pct_sbo and its verschil suppressed, no value",
          s.pct_sbo.suppressed and s.pct_sbo.value == "" and s.verschil_sbo.suppressed, str(s))
    check("toezicht: so 3 and pct_so suppressed", s.so.suppressed and s.pct_so.suppressed, str(s))
    check("toezicht: landelijk still shown", s.landelijk_sbo.value == "2.48", str(s))
    x = rows(r, "bestuur").get("Stichting X")
    check("toezicht per bestuur: bao 599 shown, sbo suppressed",
          x is not None and x.bao.value == 599 and x.sbo.suppressed, str(x))


COUNTS = ("bao", "sbo", "so", "so_categorie_1", "so_categorie_2", "so_categorie_3", "noemer")
PCTS = (("pct_sbo", "sbo"), ("pct_so", "so"), ("pct_so_categorie_1", "so_categorie_1"),
        ("pct_so_categorie_2", "so_categorie_2"), ("pct_so_categorie_3", "so_categorie_3"))


def attack(responses, hide=None):
    """The printed deelname reports (several requests of one reader) as a
    disclosure.Report: per row BAO + SBO = noemer, SO = its categories + a
    part without category, the percentages over the noemer, and per teldatum
    the SWV row = the bestuur rows. hide(value) suppresses a count as a
    per-cell rule would (the control); otherwise the server's flags count."""
    rep = disclosure.Report()
    for res in responses:
        for x in res.resp.rows:
            row = (x.teldatum.year, x.teldatum.month, x.teldatum.day, x.scope, x.name)
            for c in COUNTS:
                cellv = getattr(x, c)
                rep.cell(row + (c,), cellv.value, cellv.suppressed if hide is None else hide(cellv.value))
            rep.sum([row + ("bao",), row + ("sbo",)], row + ("noemer",))
            rep.sum([row + (c,) for c in COUNTS[3:6]] + [row + ("so_zonder_categorie",)], row + ("so",))
            for pc, num in PCTS:
                d = getattr(x, pc)
                sup = d.suppressed if hide is None else (hide(getattr(x, num).value) or hide(x.noemer.value))
                rep.share(None if sup else d.value, row + (num,), row + ("noemer",), scale=100)
    rows_ = {(r[:3], r[3], r[4]) for r in [k[:5] for k in list(rep.known) + list(rep.protected)]}
    for day in {r[0] for r in rows_}:
        names = sorted(n for d, sc, n in rows_ if d == day and sc == "bestuur")
        swv = [n for d, sc, n in rows_ if d == day and sc == "swv"]
        if names and swv:
            for c in COUNTS:
                rep.sum([day + ("bestuur", n, c) for n in names], day + ("swv", swv[0], c))
    return rep


tz = A.tokens["toezicht"]
seen = [report(tz, per_bestuur=True, per_gemeente=True), report(tz), report(tz, per_bestuur=True),
        report(tz, teldata=[D1], per_gemeente=True)]
check("toezicht: four requests of the deelname report", all(x.code == "OK" for x in seen), repr(seen))
full = report(bt, per_bestuur=True, per_gemeente=True)
truth = {}
for x in full.resp.rows:
    for c in COUNTS:
        truth[(x.teldatum.year, x.teldatum.month, x.teldatum.day, x.scope, x.name, c)] = getattr(x, c).value
disclosure.check_none("toezicht: no suppressed deelname cell follows from a noemer, a percentage, the SWV row "
                      "or another request", attack(seen), truth)
# the same attack on per-cell suppression must succeed, or this test could not fail
got = disclosure.check_some("... while suppressing each small count on its own gives cells away",
                            attack([full], hide=lambda v: v < 5))
check("... the SWV's SBO (1) among them, from BAO + SBO = noemer",
      any(k[:4] == (2016, 10, 1, "swv") and k[5] == "sbo" and v == 1 for k, v in got.items()), repr(got))
check("werkgebied may read the report", report(A.tokens["werkgebied"]).code == "OK")
check("school may not (PERMISSION_DENIED)", report(A.tokens["school"]).code == "PERMISSION_DENIED")
# SO counts without categories (D48): the category percentages are unknown, printed empty, not 0.00
D3 = C.Date(year=2018, month=10, day=1)
for args_ in ((b1, D3, 600), (b2, D3, 200), (s1, D3, 20), (o1, D3, 9)):
    check("UpsertTelling 2018 %r" % (args_[2:],), tel(*args_).code == "OK")
for who in ("bestuur", "toezicht"):
    r = report(A.tokens[who], teldata=[D3])
    row = r.code == "OK" and [x for x in r.resp.rows if x.scope == "swv"]
    if check("%s: GetDeelnameReport 2018-10-01" % who, bool(row), repr(r)):
        x = row[0]
        cats = (x.pct_so_categorie_1, x.pct_so_categorie_2, x.pct_so_categorie_3)
        got = [(d.value, d.suppressed) for d in cats]
        if who == "bestuur":
            check("bestuur: unknown SO categories give empty percentages, not 0.00 and not suppressed",
                  got == [("", False)] * 3 and x.pct_so.value == "1.10", "%r %r" % (got, x.pct_so))
        else:  # zeros of the besturen are small cells here: suppressed only with the noemer
            check("toezicht: unknown SO categories give empty percentages, suppressed only with the noemer",
                  all(d.value == "" for d in cats)
                  and all(d.suppressed == (x.noemer.suppressed or x.so_categorie_1.suppressed) for d in cats),
                  "%r noemer %r" % (got, x.noemer))
r = report(Bt.tokens["bestuur"], per_gemeente=True, per_bestuur=True)
check("other tenant's bestuur sees none of A's counts", r.code == "OK" and len(r.resp.rows) == 0, repr(r))
r = report(admin)
check("admin may not read tenant reports", r.code == "PERMISSION_DENIED", repr(r))
cl.close()

# the report function computes in numeric: half-up where float would round 0.125 down to 0.12
v = scenario.psql(args.owner_db, "SELECT round(1 * 100.0 / 800, 2)::text")
check("numeric round(0.125, 2)", v == "0.13", "got '%s', want '0.13'" % v)
scenario.done()
