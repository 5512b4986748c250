# werkgebied_budget: werkgebied budgets (issue 8 point 5, D40) through
# passendd (python grpcio) and in SQL: the split pro rata by pupils with
# exact cents and the remainder rule (the parts add up to the total, ties
# by pupils then name), raises, frictiepot draws and their limit,
# commitments moving with arrangement states, spending, uitputting against
# the year's share, every field rule with its exact error, and scope per
# role. Prints "ok - X" / "FAIL - X: why" (py_checks).
import os
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq, expect  # noqa: E402

args = scenario.parse_args()
M = pr.load(args.src, args.out)
V, AR, BU, RA, C = M.vragen, M.arr, M.budget, M.rapportage, M.common
cl = pr.Client(args.server, args.ca)
W, RP = pr.P_WG, "/passend.v1.Rapportage/"


def D(y, m, d):
    return C.Date(year=y, month=m, day=d)


def call(method, req, token):
    return cl.call((RP if method.startswith("GetWerkgebiedBudgetReport") else W) + method, req, token)


def sq(role, swv, scope, q):
    return scenario.psql_script(args.db, scenario.principal_script(role, swv, scope, q))


def half_up(x):
    """A Fraction as the server prints a percentage: half-up (away from 0), 2 decimals."""
    return str((Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))


world = pr.build_world(cl, args.admin_token)
A, Bt = world["A"], world["B"]
bt, tz, wt, st = (A.tokens[r] for r in ("bestuur", "toezicht", "werkgebied", "school"))
wg1, wg2 = A.wg["wg1"], A.wg["wg2"]
wg3 = pr.must(cl.call(W + "CreateWerkgebied", M.werkgebied.CreateWerkgebiedRequest(
    werkgebied=M.werkgebied.WerkgebiedInfo(name="A wg0, created last")), bt), "wg3").id
s31 = pr.must(cl.call(pr.P_BES + "CreateSchool", pr.school_req("A", 77, wg3, "A school s31"), bt), "s31").id
WGS = [wg1, wg2, wg3]


def telling(school, day, n):
    pr.must(cl.call(pr.P_BES + "UpsertTelling", M.bestuur.Telling(
        school_id=school, teldatum=day, tel_wijze=1, aantal=n, onder_8=-1, so_categorie_1=-1, so_categorie_2=-1,
        so_categorie_3=-1), bt), "UpsertTelling")


for sch, n in ((A.school["s11"], 100), (A.school["s12"], 101), (A.school["s21"], 97), (s31, 1)):
    telling(sch, D(2016, 10, 1), n)
for sch, n in ((A.school["s11"], 1), (A.school["s21"], 1), (s31, 1)):
    telling(sch, D(2016, 2, 1), n)
for sch, n in ((A.school["s11"], 1), (A.school["s21"], 2), (s31, 3)):
    telling(sch, D(2015, 2, 1), n)


def budget(**kw):
    b = BU.WerkgebiedBudget(schooljaar=kw.pop("schooljaar", "2016-2017"), totaal_cents=kw.pop("totaal", 100000000),
                            frictiepot_cents=kw.pop("frictiepot", 123457), **kw)
    if "teldatum" not in kw:
        b.teldatum.CopyFrom(D(2016, 10, 1))
    return b


def create(token=bt, **kw):
    return call("CreateWerkgebiedBudget", BU.CreateWerkgebiedBudgetRequest(budget=budget(**kw)), token)


def shares(b):
    return [next((v.aandeel_cents for v in b.verdeling if v.werkgebied_id == w), None) for w in WGS]


# ---- field rules, each with its exact error ----------------------------------------
R_SJ = 'must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"'
expect("no budget", call("CreateWerkgebiedBudget", BU.CreateWerkgebiedBudgetRequest(), bt), "INVALID_ARGUMENT",
       "budget is required")
expect("schooljaar 2016-2018", create(schooljaar="2016-2018"), "INVALID_ARGUMENT", "budget.schooljaar " + R_SJ)
expect("totaal negative", create(totaal=-1), "INVALID_ARGUMENT", "budget.totaal_cents must be from 0 to 1000000000000")
expect("totaal above 10^12", create(totaal=1000000000001), "INVALID_ARGUMENT",
       "budget.totaal_cents must be from 0 to 1000000000000")
expect("frictiepot above totaal", create(totaal=100, frictiepot=101), "INVALID_ARGUMENT",
       "budget.frictiepot_cents must be from 0 to budget.totaal_cents")
expect("frictiepot negative", create(frictiepot=-5), "INVALID_ARGUMENT",
       "budget.frictiepot_cents must be from 0 to budget.totaal_cents")
expect("no teldatum", create(teldatum=None), "INVALID_ARGUMENT", "budget.teldatum is required")
expect("teldatum 2016-02-30", create(teldatum=D(2016, 2, 30)), "INVALID_ARGUMENT", "budget.teldatum is not a valid date")
expect("school_soorten 7", create(school_soorten=[1, 7]), "INVALID_ARGUMENT",
       "budget.school_soorten[1] must be BAO, SBO or SO")
expect("toelichting 4001", create(toelichting="x" * 4001), "INVALID_ARGUMENT",
       "budget.toelichting is at most 4000 characters")
expect("no pupils on the teldatum", create(teldatum=D(2016, 9, 1)), "FAILED_PRECONDITION",
       "no pupils counted on teldatum 2016-09-01 in the werkgebieden's schools (BAO): record the leerlingtellingen "
       "first (UpsertTelling or the tellingen import)")
expect("only SO pupils count: none", create(school_soorten=[3]), "FAILED_PRECONDITION",
       "no pupils counted on teldatum 2016-10-01 in the werkgebieden's schools (SO): record the leerlingtellingen "
       "first (UpsertTelling or the tellingen import)")
expect("consulent may not create", create(token=wt), "PERMISSION_DENIED")
eq("nothing written by the refusals", scenario.psql(args.super_db, "SELECT count(*) FROM werkgebied.budgetten"), "0")

# ---- the split: exact cents, the remainder rule ---------------------------------------
b = pr.must(create(toelichting="begroting 2016-2017"), "create 2016-2017")
verdeeld = 100000000 - 123457
pupils = [201, 97, 1]
exact = [Fraction(verdeeld * n, sum(pupils)) for n in pupils]
want = [int(x) for x in exact]
left = verdeeld - sum(want)
for i in sorted(range(3), key=lambda i: (-(exact[i] - int(exact[i])), -pupils[i]))[:left]:
    want[i] += 1
eq("split by pupils, largest remainder", shares(b), want)
eq("the parts add up to totaal - frictiepot", sum(shares(b)), verdeeld)
eq("verdeeld_cents", b.verdeeld_cents, verdeeld)
eq("leerlingen counted", b.leerlingen, 299)
eq("frictiepot_over before draws", b.frictiepot_over_cents, 123457)
eq("school_soorten default BAO", list(b.school_soorten), [1])
expect("a second budget for 2016-2017", create(), "ALREADY_EXISTS",
       "budget.schooljaar already has a werkgebied budget (UpdateWerkgebiedBudget changes it)")

# ties: 100 cents over 1, 1, 1 pupils -> 33 each, the cent left to the first by name ("A wg0, created
# last": wg3)
u = BU.UpdateWerkgebiedBudgetRequest(budget=BU.WerkgebiedBudget(id=b.id, totaal_cents=100, frictiepot_cents=0,
                                                                teldatum=D(2016, 2, 1)),
                                     update_mask=["totaal_cents", "frictiepot_cents", "teldatum"])
r = pr.must(call("UpdateWerkgebiedBudget", u, bt), "update to 100 cents")
eq("tie on remainder and pupils: by name", shares(r), [33, 33, 34])
u.budget.teldatum.CopyFrom(D(2015, 2, 1))
r = pr.must(call("UpdateWerkgebiedBudget", u, bt), "update 1-2-3 pupils")
eq("1, 2, 3 pupils: 16.67, 33.33, 50 -> the cent to the largest remainder", shares(r), [17, 33, 50])
expect("update: unknown field in the mask", call("UpdateWerkgebiedBudget", BU.UpdateWerkgebiedBudgetRequest(
    budget=BU.WerkgebiedBudget(id=b.id), update_mask=["schooljaar"]), bt), "INVALID_ARGUMENT")
expect("update: empty school_soorten", call("UpdateWerkgebiedBudget", BU.UpdateWerkgebiedBudgetRequest(
    budget=BU.WerkgebiedBudget(id=b.id), update_mask=["school_soorten"]), bt), "INVALID_ARGUMENT",
    "budget.school_soorten needs at least one of BAO, SBO, SO")
expect("update: frictiepot above the stored totaal", call("UpdateWerkgebiedBudget", BU.UpdateWerkgebiedBudgetRequest(
    budget=BU.WerkgebiedBudget(id=b.id, frictiepot_cents=101), update_mask=["frictiepot_cents"]), bt),
    "INVALID_ARGUMENT", "budget.frictiepot_cents must be from 0 to budget.totaal_cents")
expect("update: unknown id", call("UpdateWerkgebiedBudget", BU.UpdateWerkgebiedBudgetRequest(
    budget=BU.WerkgebiedBudget(id=pr.new_uuid(), toelichting="x"), update_mask=["toelichting"]), bt), "NOT_FOUND",
    "budget not found")
u = BU.UpdateWerkgebiedBudgetRequest(budget=budget(), update_mask=["totaal_cents", "frictiepot_cents", "teldatum"])
u.budget.id = b.id
b = pr.must(call("UpdateWerkgebiedBudget", u, bt), "back to the year's figures")
eq("split again as at first", shares(b), want)


# ---- mutaties: raises and frictiepot draws ----------------------------------------------
def mutatie(method, wg, cents, day=D(2017, 1, 15), token=bt, **kw):
    return call(method, BU.BudgetMutatie(schooljaar=kw.pop("schooljaar", "2016-2017"), werkgebied_id=wg,
                                         bedrag_cents=cents, datum=day, toelichting=kw.pop("toelichting", "extra")),
                token)


expect("raise: bedrag 0", mutatie("RaiseWerkgebiedBudget", wg2, 0), "INVALID_ARGUMENT",
       "bedrag_cents must be from 1 to 1000000000000")
expect("raise: no toelichting", mutatie("RaiseWerkgebiedBudget", wg2, 5, toelichting=""), "INVALID_ARGUMENT",
       "toelichting is required (at most 4000 characters)")
expect("raise: no datum", mutatie("RaiseWerkgebiedBudget", wg2, 5, day=None), "INVALID_ARGUMENT", "datum is required")
expect("raise: bad schooljaar", mutatie("RaiseWerkgebiedBudget", wg2, 5, schooljaar="2016"), "INVALID_ARGUMENT",
       "schooljaar " + R_SJ)
expect("raise: werkgebied not a UUID", mutatie("RaiseWerkgebiedBudget", "wg2", 5), "INVALID_ARGUMENT",
       "werkgebied_id is not a UUID")
expect("raise: datum outside the school year", mutatie("RaiseWerkgebiedBudget", wg2, 5, day=D(2017, 8, 1)),
       "INVALID_ARGUMENT", "invalid value: datum must lie in schooljaar 2016-2017 (2016-08-01 to 2017-07-31)")
expect("raise: a year without budget", mutatie("RaiseWerkgebiedBudget", wg2, 5, schooljaar="2017-2018",
                                               day=D(2017, 9, 1)), "FAILED_PRECONDITION",
       "there is no werkgebied budget for schooljaar 2017-2018 (CreateWerkgebiedBudget)")
expect("raise: another tenant's werkgebied", mutatie("RaiseWerkgebiedBudget", Bt.wg["wg1"], 5), "NOT_FOUND",
       "werkgebied not found")
expect("raise: the consulent may not", mutatie("RaiseWerkgebiedBudget", wg1, 5, token=wt), "PERMISSION_DENIED")
raise_ = pr.must(mutatie("RaiseWerkgebiedBudget", wg2, 500000), "raise wg2 5.000,00 on 2017-01-15")
eq("raise answered", (raise_.soort, raise_.bedrag_cents, raise_.werkgebied_id, raise_.schooljaar),
   (BU.BUDGET_OPHOGING, 500000, wg2, "2016-2017"))
draw = pr.must(mutatie("DrawFrictiepot", wg3, 100000, day=D(2016, 11, 15)), "draw 1.000,00 for wg3")
eq("draw answered", draw.soort, BU.BUDGET_FRICTIEPOT)
expect("a draw above what is left", mutatie("DrawFrictiepot", wg3, 30000), "FAILED_PRECONDITION",
       "the frictiepot of 2016-2017 has 23457 cents left: a draw of 30000 cents does not fit")
expect("frictiepot below what was drawn", call("UpdateWerkgebiedBudget", BU.UpdateWerkgebiedBudgetRequest(
    budget=BU.WerkgebiedBudget(id=b.id, frictiepot_cents=99999), update_mask=["frictiepot_cents"]), bt),
    "FAILED_PRECONDITION", "budget.frictiepot_cents cannot be below the 100000 cents already drawn from it")
pr.must(mutatie("DrawFrictiepot", wg3, 23457, day=D(2017, 3, 1)), "draw the rest")
b = pr.must(call("GetWerkgebiedBudget", BU.GetWerkgebiedBudgetRequest(id=b.id), bt), "get")
eq("budget: ophogingen, onttrokken, over", (b.ophogingen_cents, b.frictiepot_onttrokken_cents,
                                            b.frictiepot_over_cents), (500000, 123457, 0))
expect("the empty frictiepot refuses a cent", mutatie("DrawFrictiepot", wg1, 1), "FAILED_PRECONDITION",
       "the frictiepot of 2016-2017 has 0 cents left: a draw of 1 cents does not fit")

# ---- spending -------------------------------------------------------------------------------
def uitgave(wg, cents, day, token=bt, omschrijving="begeleiding"):
    return call("RecordBudgetUitgave", BU.RecordBudgetUitgaveRequest(uitgave=BU.BudgetUitgave(
        werkgebied_id=wg, bedrag_cents=cents, datum=day, omschrijving=omschrijving)), token)


expect("uitgave: bedrag 0", uitgave(wg1, 0, D(2016, 11, 30)), "INVALID_ARGUMENT",
       "uitgave.bedrag_cents must not be 0 and from -1000000000000 to 1000000000000 (a correction is negative)")
expect("uitgave: no omschrijving", uitgave(wg1, 5, D(2016, 11, 30), omschrijving=""), "INVALID_ARGUMENT",
       "uitgave.omschrijving is required (at most 4000 characters)")
expect("uitgave: no datum", uitgave(wg1, 5, None), "INVALID_ARGUMENT", "uitgave.datum is required")
expect("uitgave: another tenant's werkgebied", uitgave(Bt.wg["wg1"], 5, D(2016, 11, 30)), "NOT_FOUND",
       "werkgebied not found")
expect("uitgave: the consulent may not", uitgave(wg1, 5, D(2016, 11, 30), token=wt), "PERMISSION_DENIED")
pr.must(uitgave(wg1, 1234567, D(2016, 11, 30)), "uitgave wg1 12.345,67")
pr.must(uitgave(wg1, -34567, D(2017, 2, 1), omschrijving="correctie"), "correction wg1 -345,67")
pr.must(uitgave(wg2, 99999, D(2017, 8, 1)), "uitgave of the next school year")

# ---- commitments follow the arrangements' states ----------------------------------------------
p11 = A.pupil["p11"]
pr.must(call("RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
    leerling_id=p11, scopes=[3], datum=D(2016, 8, 1), gezag=1)), bt), "consent p11")


def arrangement(type_="individueel", cents=150000, start=D(2016, 10, 1), **kw):
    a = AR.Arrangement(arrangement_type=type_, bedrag_cents=cents, **kw)
    a.startdatum.CopyFrom(start)
    a.einddatum.CopyFrom(D(start.year + 1, 1, 31))
    return pr.must(call("RequestArrangement", AR.RequestArrangementRequest(arrangement=a), bt), "request").id


def step(method, aid, day):
    return pr.must(call(method, AR.ArrangementStepRequest(id=aid, datum=day), bt), method)


def report(token=bt, trimester=0, tot=None):
    req = RA.GetWerkgebiedBudgetReportRequest(schooljaar="2016-2017", trimester=trimester)
    if tot is not None:
        req.tot.CopyFrom(tot)
    return call("GetWerkgebiedBudgetReport", req, token)


def row(rep, wg):
    return next((r for r in rep.per_werkgebied if r.werkgebied_id == wg), None)


def committed(trimester):
    rep = pr.must(report(trimester=trimester), "report T%d" % trimester)
    return [row(rep, w).verplicht_cents for w in WGS] + [rep.totaal.verplicht_cents]


a1 = arrangement(leerling_id=p11)                                   # wg1 1.500,00
eq("requested: nothing committed", committed(1), [0, 0, 0, 0])
step("GrantArrangement", a1, D(2016, 10, 5))
a2 = arrangement("groep", 200000, werkgebied_id=wg2)                # wg2 2.000,00
step("GrantArrangement", a2, D(2016, 12, 10))                       # in T2
a3 = arrangement("groep", 70000, werkgebied_id=wg3)                 # wg3 700,00
step("GrantArrangement", a3, D(2016, 11, 1))
step("WithdrawArrangement", a3, D(2017, 1, 10))                     # released in T2
a4 = arrangement("groep", 9900, werkgebied_id=wg3)
step("RejectArrangement", a4, D(2016, 10, 20))                      # never committed
a5 = arrangement("innovatie", 50000, werkgebied_id=wg1, start=D(2017, 9, 1))
step("GrantArrangement", a5, D(2016, 10, 20))                       # next school year's
eq("T1: granted by 2016-11-30 and not withdrawn", committed(1), [150000, 0, 70000, 220000])
eq("T2: the withdrawal releases, the December grant commits", committed(2), [150000, 200000, 0, 350000])
for m, d in (("StartArrangement", D(2016, 10, 10)), ("EvaluateArrangement", D(2017, 1, 20)),
             ("EndArrangement", D(2017, 2, 1))):
    step(m, a1, d)
eq("running, evaluated and ended stay committed", committed(0), [150000, 200000, 0, 350000])

# ---- uitputting against the year's share ------------------------------------------------------
rep = pr.must(report(trimester=2), "report T2")
eq("T2 ends 2017-03-31", (rep.tot.year, rep.tot.month, rep.tot.day), (2017, 3, 31))
eq("jaardeel through March: 8/12", rep.jaardeel.value, "66.67")
r1 = row(rep, wg1)
begroot1 = want[0]
eq("wg1 begroot = its share", r1.begroot_cents, begroot1)
eq("wg1 besteed after the correction", r1.besteed_cents, 1200000)
eq("wg1 begroot t/m periode = begroot x 8/12, half-up",
   r1.begroot_periode_cents, int((Fraction(begroot1 * 8, 12) + Fraction(1, 2)) // 1))
eq("wg1 uitputting", r1.uitputting.value, half_up(Fraction(1200000 * 100, begroot1)))
eq("wg1 verplicht %", r1.verplicht_pct.value, half_up(Fraction(150000 * 100, begroot1)))
eq("wg1 verschil with the jaardeel", r1.verschil.value, half_up(Fraction(1200000 * 100, begroot1) - Fraction(200, 3)))
r2 = row(rep, wg2)
eq("wg2 begroot includes the January raise", (r2.aandeel_cents, r2.ophogingen_cents, r2.begroot_cents),
   (want[1], 500000, want[1] + 500000))
r3 = row(rep, wg3)
eq("wg3 begroot includes the draws by March", (r3.frictiepot_cents, r3.begroot_cents), (123457, want[2] + 123457))
eq("the report lists werkgebieden by name (wg3, created last, is named first)",
   [x.werkgebied_id for x in rep.per_werkgebied], [wg3, wg1, wg2])
eq("... and so does the budget's split", [v.werkgebied_id for v in b.verdeling], [wg3, wg1, wg2])
eq("total row adds up", (rep.totaal.begroot_cents, rep.totaal.besteed_cents),
   (verdeeld + 500000 + 123457, 1200000))
eq("frictiepot figures", (rep.totaal_cents, rep.frictiepot_cents, rep.frictiepot_onttrokken_cents,
                          rep.frictiepot_over_cents), (100000000, 123457, 123457, 0))
t1 = pr.must(report(trimester=1), "report T1")
eq("T1: no raise yet, one draw, spending before the correction",
   (row(t1, wg2).ophogingen_cents, row(t1, wg3).frictiepot_cents, row(t1, wg1).besteed_cents,
    t1.frictiepot_over_cents), (0, 100000, 1234567, 23457))
eq("T1 jaardeel: 4/12", t1.jaardeel.value, "33.33")
tot = pr.must(report(tot=D(2016, 8, 16)), "report through 2016-08-16")
eq("jaardeel through 16 August (16 days): (16/31)/12", tot.jaardeel.value, half_up(Fraction(16, 31 * 12) * 100))
whole = pr.must(report(), "whole year")
eq("whole year: jaardeel 100, the next year's spending not counted", (whole.jaardeel.value,
   row(whole, wg2).besteed_cents), ("100.00", 0))
expect("report: tot and trimester", report(trimester=1, tot=D(2016, 9, 1)), "INVALID_ARGUMENT",
       "give trimester or tot, not both")
expect("report: tot outside the year", report(tot=D(2017, 8, 1)), "INVALID_ARGUMENT",
       "invalid value: tot must lie in schooljaar 2016-2017 (2016-08-01 to 2017-07-31)")
expect("report: bad schooljaar", call("GetWerkgebiedBudgetReport", RA.GetWerkgebiedBudgetReportRequest(
    schooljaar="2016/2017"), bt), "INVALID_ARGUMENT", 'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. '
    '"2016-2017"')
expect("report: trimester 4", report(trimester=4), "INVALID_ARGUMENT", "trimester must be 0 (whole year) or 1..3")

# ---- scope ------------------------------------------------------------------------------------
con = pr.must(report(token=wt, trimester=2), "report as the consulent")
eq("the consulent's report: her werkgebied only", [r.werkgebied_id for r in con.per_werkgebied], [wg1])
eq("her total is hers", con.totaal.begroot_cents, begroot1)
eq("the shared frictiepot in full", con.frictiepot_over_cents, 0)
toe = pr.must(report(token=tz, trimester=2), "report as toezicht")
eq("toezicht sees every werkgebied", sorted(r.werkgebied_id for r in toe.per_werkgebied), sorted(WGS))
expect("the school may not read the report", report(token=st), "PERMISSION_DENIED")
cb = pr.must(call("GetWerkgebiedBudget", BU.GetWerkgebiedBudgetRequest(id=b.id), wt), "budget as the consulent")
eq("the consulent sees her part of the split", [v.werkgebied_id for v in cb.verdeling], [wg1])
eq("and what the frictiepot holds", cb.frictiepot_over_cents, 0)
ml = pr.must(call("ListBudgetMutaties", BU.ListBudgetMutatiesRequest(schooljaar="2016-2017"), wt), "mutaties")
eq("the consulent's mutaties: none in wg1", len(ml.mutaties), 0)
ml = pr.must(call("ListBudgetMutaties", BU.ListBudgetMutatiesRequest(schooljaar="2016-2017"), bt), "mutaties")
eq("bestuur: raise and draws by date", [(m.werkgebied_id, m.bedrag_cents) for m in ml.mutaties],
   [(wg3, 100000), (wg2, 500000), (wg3, 23457)])
ul = pr.must(call("ListBudgetUitgaven", BU.ListBudgetUitgavenRequest(schooljaar="2016-2017"), wt), "uitgaven")
eq("the consulent's uitgaven", [u.bedrag_cents for u in ul.uitgaven], [1234567, -34567])
expect("the school may not read budgets", call("GetWerkgebiedBudget", BU.GetWerkgebiedBudgetRequest(id=b.id), st),
       "PERMISSION_DENIED")
expect("another tenant's budget is not found", call("GetWerkgebiedBudget", BU.GetWerkgebiedBudgetRequest(id=b.id),
                                                    Bt.tokens["bestuur"]), "NOT_FOUND", "budget not found")
expect("mutaties: bad schooljaar", call("ListBudgetMutaties", BU.ListBudgetMutatiesRequest(schooljaar="x"), bt),
       "INVALID_ARGUMENT", "schooljaar " + R_SJ)

# ---- SQL level --------------------------------------------------------------------------------
for t in ("budgetten", "budget_verdeling", "budget_mutaties", "budget_uitgaven"):
    rc, out, err = sq("toezicht", A.id, [], "SELECT count(*) FROM werkgebied.%s;" % t)
    check("toezicht has no privilege on werkgebied.%s" % t, rc != 0 and "permission denied" in err, err or out)
rc, out, err = sq("werkgebied", A.id, [wg1], "SELECT DISTINCT werkgebied_id FROM werkgebied.budget_uitgaven;")
eq("the consulent reads her werkgebied's uitgaven in SQL", (rc, out), (0, wg1))
rc, out, err = sq("werkgebied", A.id, [wg1],
                  "INSERT INTO werkgebied.budget_uitgaven (swv_id, id, werkgebied_id, datum, bedrag_cents, "
                  "omschrijving) VALUES ('%s', gen_random_uuid(), '%s', '2016-09-01', 5, 'x');" % (A.id, wg1))
check("the consulent cannot write spending in SQL", rc != 0 and "permission denied" in err, err or out)

cl.close()
print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
scenario.done()
