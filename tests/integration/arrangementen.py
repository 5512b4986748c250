# arrangementen: arrangements of the werkgebied area (issue 8 point 4, D33)
# through passendd (python grpcio) and in SQL: every legal and every illegal
# step of the workflow (FAILED_PRECONDITION naming the state), the verlenging
# with its reflectie, events with actor and time, consent refusals writing
# nothing, every field rule with its exact error, scope per role and the
# audit rows naming the ids. Prints "ok - X" / "FAIL - X: why" (py_checks).
import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import disclosure  # noqa: E402
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq, expect  # noqa: E402

S = pr.Area(pr.P_WG)
args, M, cl = S.args, S.M, S.cl
call, sql, sq, D = S.call, S.sql, S.sq, S.date
V, AR, C = M.vragen, M.arr, M.common
STATES = ["unspecified", "aangevraagd", "toegekend", "lopend", "geevalueerd", "verlengd", "beeindigd", "afgewezen",
          "ingetrokken"]


def state(resp):
    return STATES[resp.status]


world = pr.build_world(cl, args.admin_token)
A, Bt = world["A"], world["B"]
bt, tz, wt, st = (A.tokens[r] for r in ("bestuur", "toezicht", "werkgebied", "school"))
p11, p12, p21 = A.pupil["p11"], A.pupil["p12"], A.pupil["p21"]
wg1, wg2 = A.wg["wg1"], A.wg["wg2"]
b_wg1 = Bt.wg["wg1"]

pr.must(call("RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
    leerling_id=p11, scopes=[3], datum=D(2016, 8, 1), gezag=1)), bt), "consent arrangement p11")
pr.must(call("RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
    leerling_id=p21, scopes=[3], datum=D(2016, 8, 1), gezag=1)), bt), "consent arrangement p21")
pr.must(call("RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
    leerling_id=p12, scopes=[1], datum=D(2016, 8, 1), gezag=1)), bt), "consent ondersteuningsvraag only p12")


def arr(type_="individueel", leerling="", werkgebied="", start=D(2016, 10, 1), end=D(2017, 1, 31), **kw):
    a = AR.Arrangement(arrangement_type=type_, leerling_id=leerling, werkgebied_id=werkgebied, **kw)
    if start is not None:
        a.startdatum.CopyFrom(start)
    if end is not None:
        a.einddatum.CopyFrom(end)
    return a


def request(token, **kw):
    return call("RequestArrangement", AR.RequestArrangementRequest(arrangement=arr(**kw)), token)


def n_arr():
    return int(sql("SELECT count(*) FROM werkgebied.arrangementen"))


# ============================ request ============================================
r = expect("RequestArrangement individueel for p11 (consulent)", request(
    wt, leerling=p11, uren_per_week="2.5", bedrag_cents=125050, versterkt_leerkracht=True,
    ondersteuningscategorie=""), "OK")
a11 = r.resp
eq("individueel: status aangevraagd", state(a11), "aangevraagd")
eq("individueel: rubriek, werkgebied and school are the pupil's", (a11.rubriek, a11.werkgebied_id, a11.school_id),
   ("individueel", wg1, A.school["s11"]))
eq("individueel: hours, amount, versterkt as given", (a11.uren_per_week, a11.bedrag_cents, a11.versterkt_leerkracht),
   ("2.50", 125050, True))
check("individueel: the consent that covered it", a11.toestemming_id != "", "empty toestemming_id")
eq("individueel: one request event by the consulent", [(e.step, STATES[e.naar], e.actor_role, e.actor_token_id)
                                                       for e in a11.events],
   [("request", "aangevraagd", "werkgebied", A.token_ids["werkgebied"])])

before = n_arr()
expect("no arrangement consent (p12): FAILED_PRECONDITION naming it", request(wt, leerling=p12),
       "FAILED_PRECONDITION", "no parental consent for arrangement for leerling %s on 2016-10-01" % p12)
expect("consent not yet given on startdatum: FAILED_PRECONDITION", request(bt, leerling=p11, start=D(2016, 7, 1)),
       "FAILED_PRECONDITION", "no parental consent for arrangement for leerling %s on 2016-07-01" % p11)
expect("pupil outside the consulent's werkgebied: NOT_FOUND", request(wt, leerling=p21), "NOT_FOUND",
       "leerling %s not found" % p21)
expect("another tenant's pupil (bestuur): NOT_FOUND", request(bt, leerling=Bt.pupil["p11"]), "NOT_FOUND",
       "leerling %s not found" % Bt.pupil["p11"])
expect("groep in another werkgebied (consulent): NOT_FOUND", request(wt, type_="groep", werkgebied=wg2),
       "NOT_FOUND", "werkgebied not found")
expect("groep in another tenant's werkgebied (bestuur): NOT_FOUND", request(bt, type_="groep", werkgebied=b_wg1),
       "NOT_FOUND", "werkgebied not found")
expect("school may not request: PERMISSION_DENIED", request(st, leerling=p11), "PERMISSION_DENIED")
expect("toezicht may not request: PERMISSION_DENIED", request(tz, type_="innovatie", werkgebied=wg1),
       "PERMISSION_DENIED")
eq("refused requests wrote nothing", n_arr(), before)

g = expect("RequestArrangement groep in wg1 (consulent)", request(wt, type_="groep", werkgebied=wg1), "OK").resp
eq("groep: rubriek groep, no pupil", (g.rubriek, g.leerling_id, g.werkgebied_id), ("groep", "", wg1))
inn = expect("RequestArrangement innovatie in wg2 (bestuur)", request(bt, type_="innovatie", werkgebied=wg2),
             "OK").resp

# ---- bad input: every field rule with its exact error ----
IA = "INVALID_ARGUMENT"
BAD = [
    ("no arrangement", AR.RequestArrangementRequest(), "arrangement is required"),
    ("no type", AR.RequestArrangementRequest(arrangement=arr(type_="", leerling=p11)),
     "arrangement.arrangement_type is required: a code of the arrangement_type list "
     "(1-40 lower-case letters, digits or _)"),
    ("unknown type", AR.RequestArrangementRequest(arrangement=arr(type_="ambulant", leerling=p11)),
     "arrangement.arrangement_type is not an active arrangement_type of this tenant (ListLijstWaarden)"),
    ("bad category code", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, ondersteuningscategorie="Gedrag")),
     "arrangement.ondersteuningscategorie must be a code of the ondersteuningscategorie list "
     "(1-40 lower-case letters, digits or _)"),
    ("unknown category", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, ondersteuningscategorie="gedrag")),
     "arrangement.ondersteuningscategorie is not an active ondersteuningscategorie of this tenant (ListLijstWaarden)"),
    ("leerling not a UUID", AR.RequestArrangementRequest(arrangement=arr(leerling="p11")),
     "arrangement.leerling_id is not a UUID"),
    ("werkgebied not a UUID", AR.RequestArrangementRequest(arrangement=arr(type_="groep", werkgebied="wg1")),
     "arrangement.werkgebied_id is not a UUID"),
    ("individueel without pupil", AR.RequestArrangementRequest(arrangement=arr(werkgebied=wg1)),
     "arrangement.leerling_id is required for an individueel arrangement"),
    ("groep with pupil", AR.RequestArrangementRequest(arrangement=arr(type_="groep", leerling=p11, werkgebied=wg1)),
     "arrangement.leerling_id must be empty for a groep arrangement"),
    ("innovatie without werkgebied", AR.RequestArrangementRequest(arrangement=arr(type_="innovatie")),
     "arrangement.werkgebied_id is required for a innovatie arrangement"),
    ("hours 40.01", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, uren_per_week="40.01")),
     "arrangement.uren_per_week must be a decimal number from 0 to 40 with at most 2 decimals"),
    ("hours 1.234", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, uren_per_week="1.234")),
     "arrangement.uren_per_week must be a decimal number from 0 to 40 with at most 2 decimals"),
    ("hours -1", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, uren_per_week="-1")),
     "arrangement.uren_per_week must be a decimal number from 0 to 40 with at most 2 decimals"),
    ("negative amount", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, bedrag_cents=-1)),
     "arrangement.bedrag_cents must be 0 or more"),
    ("no startdatum", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, start=None)),
     "arrangement.startdatum is required"),
    ("no einddatum", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, end=None)),
     "arrangement.einddatum is required"),
    ("end before start", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, end=D(2016, 9, 30))),
     "arrangement.einddatum must be on or after startdatum"),
    ("startdatum not a date", AR.RequestArrangementRequest(arrangement=arr(leerling=p11, start=D(2017, 2, 30))),
     "arrangement.startdatum is not a valid date"),
]
for name, req, msg in BAD:
    expect("bad input: %s" % name, call("RequestArrangement", req, bt), IA, msg)
eq("bad input wrote nothing", n_arr(), before + 2)
expect("step on an id that is not a UUID", call("GrantArrangement", AR.ArrangementStepRequest(id="x"), bt), IA,
       "id is not a UUID")
expect("extend without reflectie", call("ExtendArrangement", AR.ExtendArrangementRequest(
    id=a11.id, einddatum=D(2017, 7, 1)), bt), IA, "reflectie is required for a verlenging (at most 4000 characters)")
expect("extend without einddatum", call("ExtendArrangement", AR.ExtendArrangementRequest(
    id=a11.id, reflectie="x"), bt), IA, "einddatum is required")
expect("list with an unknown status", call("ListArrangementen", AR.ListArrangementenRequest(status=99), bt), IA,
       "status is not an ArrangementStatus")

# ============================ the workflow =======================================
VERBS = ["grant", "reject", "withdraw", "start", "evaluate", "extend", "end"]
RPC = {"grant": "GrantArrangement", "reject": "RejectArrangement", "withdraw": "WithdrawArrangement",
       "start": "StartArrangement", "evaluate": "EvaluateArrangement", "extend": "ExtendArrangement",
       "end": "EndArrangement"}
NEEDS = {"grant": "aangevraagd", "reject": "aangevraagd", "withdraw": "aangevraagd or toegekend",
         "start": "toegekend", "evaluate": "lopend", "extend": "geevalueerd", "end": "geevalueerd"}
LEGAL = {("aangevraagd", "grant"): "toegekend", ("aangevraagd", "reject"): "afgewezen",
         ("aangevraagd", "withdraw"): "ingetrokken", ("toegekend", "withdraw"): "ingetrokken",
         ("toegekend", "start"): "lopend", ("lopend", "evaluate"): "geevalueerd",
         ("geevalueerd", "extend"): "verlengd", ("geevalueerd", "end"): "beeindigd"}
PATH = {"aangevraagd": [], "toegekend": ["grant"], "lopend": ["grant", "start"],
        "geevalueerd": ["grant", "start", "evaluate"], "verlengd": ["grant", "start", "evaluate", "extend"],
        "beeindigd": ["grant", "start", "evaluate", "end"], "afgewezen": ["reject"], "ingetrokken": ["withdraw"]}


def step(verb, aid, token, **kw):
    if verb == "extend":
        return call(RPC[verb], AR.ExtendArrangementRequest(id=aid, reflectie=kw.get("reflectie", "doel gehaald"),
                                                           einddatum=D(2017, 7, 14), datum=D(2017, 2, 1)), token)
    return call(RPC[verb], AR.ArrangementStepRequest(id=aid, datum=D(2016, 10, 3), toelichting=kw.get("t", "")),
                token)


def in_state(s, token=bt, **kw):
    a = expect("setup: request for state %s" % s, request(token, **kw), "OK").resp
    for v in PATH[s]:
        expect("setup: %s towards %s" % (v, s), step(v, a.id, token), "OK")
    return a.id


for s in PATH:
    for v in VERBS:
        aid = in_state(s, type_="innovatie", werkgebied=wg1)
        res = step(v, aid, bt)
        if (s, v) in LEGAL:
            expect("legal: %s from %s" % (v, s), res, "OK")
            got = pr.must(call("GetArrangement", AR.GetArrangementRequest(id=aid), bt), "get")
            eq("legal: %s from %s gives %s" % (v, s, LEGAL[(s, v)]), state(got), LEGAL[(s, v)])
            if v == "extend":
                eq("extend answers the verlenging: aangevraagd, voorganger, reflectie",
                   (state(res.resp), res.resp.voorganger_id, res.resp.reflectie), ("aangevraagd", aid, "doel gehaald"))
                eq("the verlenging keeps the predecessor's end + 1 as start", (res.resp.startdatum.year,
                   res.resp.startdatum.month, res.resp.startdatum.day), (2017, 2, 1))
        else:
            expect("illegal: %s from %s is FAILED_PRECONDITION naming the state" % (v, s), res, "FAILED_PRECONDITION",
                   "arrangement %s is %s: %s needs %s" % (aid, s, v, NEEDS[v]))
            got = pr.must(call("GetArrangement", AR.GetArrangementRequest(id=aid), bt), "get")
            eq("illegal: %s from %s changed nothing" % (v, s), (state(got), len(got.events)),
               (s, 1 + len(PATH[s])))

# the whole path of the individueel one by the consulent, its events
for v in ("grant", "start", "evaluate"):
    expect("consulent: %s p11's arrangement" % v, step(v, a11.id, wt, t="stap " + v), "OK")
ext = expect("consulent: extend p11's arrangement", step("extend", a11.id, wt, reflectie="lezen verbeterd"), "OK").resp
got = pr.must(call("GetArrangement", AR.GetArrangementRequest(id=a11.id), wt), "get a11")
eq("events of p11's arrangement: every step in order, from and to, by the consulent",
   [(e.step, STATES[e.van], STATES[e.naar], e.actor_role, e.actor_token_id) for e in got.events],
   [("request", "unspecified", "aangevraagd", "werkgebied", A.token_ids["werkgebied"])] +
   [(v, f, t, "werkgebied", A.token_ids["werkgebied"]) for v, f, t in (
       ("grant", "aangevraagd", "toegekend"), ("start", "toegekend", "lopend"),
       ("evaluate", "lopend", "geevalueerd"), ("extend", "geevalueerd", "verlengd"))])
check("every event has a time", all(e.at.seconds > 0 for e in got.events), "an event without at")
eq("the extend event holds the reflectie", got.events[-1].toelichting, "lezen verbeterd")
eq("the verlenging: same pupil, type, hours, amount; its own consent", (
    ext.leerling_id, ext.arrangement_type, ext.uren_per_week, ext.bedrag_cents, ext.voorganger_id),
   (p11, "individueel", "2.50", 125050, a11.id))
expect("a second extend: FAILED_PRECONDITION (verlengd)", step("extend", a11.id, bt), "FAILED_PRECONDITION",
       "arrangement %s is verlengd: extend needs geevalueerd" % a11.id)
expect("unknown id: NOT_FOUND", step("grant", pr.new_uuid(), bt), "NOT_FOUND")
expect("another tenant's arrangement: NOT_FOUND", step("grant", a11.id, Bt.tokens["bestuur"]), "NOT_FOUND")
expect("school may not step: PERMISSION_DENIED", step("grant", ext.id, st), "PERMISSION_DENIED")

# consent withdrawn before the verlenging's start: the whole step refused
b = in_state("geevalueerd", leerling=p21)
c21 = sql("SELECT id FROM werkgebied.toestemmingen WHERE leerling_id = '%s'" % p21)
pr.must(call("WithdrawToestemming", V.WithdrawToestemmingRequest(id=c21, ingetrokken_op=D(2017, 1, 15)), bt),
        "withdraw p21")
before = n_arr()
expect("extend after the consent was withdrawn: FAILED_PRECONDITION naming it", step("extend", b, bt),
       "FAILED_PRECONDITION", "parental consent for arrangement for leerling %s was withdrawn on 2017-01-15" % p21)
got = pr.must(call("GetArrangement", AR.GetArrangementRequest(id=b), bt), "get b")
eq("the refused extend changed nothing", (state(got), n_arr()), ("geevalueerd", before))

# ============================ scope ==============================================
expect("school reads its pupil's arrangement", call("GetArrangement", AR.GetArrangementRequest(id=a11.id), st), "OK")
expect("school does not see a groep arrangement", call("GetArrangement", AR.GetArrangementRequest(id=g.id), st),
       "NOT_FOUND", "arrangement not found")
expect("consulent wg1 does not see wg2's innovatie", call("GetArrangement", AR.GetArrangementRequest(id=inn.id), wt),
       "NOT_FOUND")
expect("consulent wg1 does not see p21's", call("GetArrangement", AR.GetArrangementRequest(id=b), wt), "NOT_FOUND")
expect("toezicht reads no arrangement: PERMISSION_DENIED",
       call("GetArrangement", AR.GetArrangementRequest(id=a11.id), tz), "PERMISSION_DENIED")
big = C.PageRequest(page_size=1000)
lst = pr.must(call("ListArrangementen", AR.ListArrangementenRequest(page=big), st), "list school")
eq("school lists exactly its pupils' arrangements", sorted(x.id for x in lst.arrangementen), sorted([a11.id, ext.id]))
lst = pr.must(call("ListArrangementen", AR.ListArrangementenRequest(page=big), wt), "list consulent")
check("consulent lists only wg1's", lst.arrangementen and all(x.werkgebied_id == wg1 for x in lst.arrangementen),
      "%d, werkgebieden %s" % (len(lst.arrangementen), {x.werkgebied_id for x in lst.arrangementen}))
all_ = pr.must(call("ListArrangementen", AR.ListArrangementenRequest(page=big), bt), "list bestuur")
eq("bestuur lists every arrangement of its tenant", len(all_.arrangementen), n_arr())
lst = pr.must(call("ListArrangementen", AR.ListArrangementenRequest(page=big, status=5, leerling_id=p11), bt), "f")
eq("list filters by status and pupil", [x.id for x in lst.arrangementen], [a11.id])
seen, tok = [], ""
while True:
    pg = pr.must(call("ListArrangementen", AR.ListArrangementenRequest(page=C.PageRequest(page_size=7, page_token=tok)),
                      bt), "page")
    seen += [x.id for x in pg.arrangementen]
    tok = pg.next_page_token
    if not tok:
        break
eq("paging by 7 lists every arrangement once", sorted(seen), sorted(x.id for x in all_.arrangementen))

rc, out, err = sq("toezicht", A.id, None, "SELECT count(*) FROM werkgebied.arrangementen;")
check("SQL: toezicht has no privilege on werkgebied.arrangementen", rc != 0 and "permission denied" in err, out + err)
rc, out, err = sq("school", A.id, [A.school["s11"]], "UPDATE werkgebied.arrangementen SET status = 'lopend';")
check("SQL: school cannot change an arrangement", rc != 0 and "permission denied" in err, out + err)
rc, out, err = sq("werkgebied", A.id, [wg1], "UPDATE werkgebied.arrangementen SET bedrag_cents = 1;")
check("SQL: a consulent cannot change an amount (only the state rule's column)", rc != 0 and "permission denied"
      in err, out + err)


# ============================ the report =========================================
# Counts granted arrangements (toegekend or later) with startdatum in the
# period, cumulative; bestuur's figures against the arrangements as listed,
# toezicht's with small cells suppressed such that none can be recovered.
RP = M.rapportage
for _ in range(6):  # groep arrangements in wg2, granted, so wg2 has a large cell
    x = pr.must(request(bt, type_="groep", werkgebied=wg2, versterkt_leerkracht=True), "groep wg2")
    pr.must(step("grant", x.id, bt), "grant groep wg2")
all_ = pr.must(call("ListArrangementen", AR.ListArrangementenRequest(page=big), bt), "list bestuur").arrangementen
COUNTED = {"toegekend", "lopend", "geevalueerd", "verlengd", "beeindigd"}


def want_rows(trimester_end):
    rows = {}
    for x in all_:
        d = (x.startdatum.year, x.startdatum.month, x.startdatum.day)
        if state(x) in COUNTED and (2016, 8, 1) <= d < trimester_end:
            r = rows.setdefault(x.werkgebied_id, {"individueel": 0, "groep": 0, "innovatie": 0, "verlengingen": 0})
            r[x.rubriek] += 1
            r["verlengingen"] += 1 if x.voorganger_id else 0
    return rows


RAP = "/passend.v1.Rapportage/GetArrangementReport"
r = cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2017", trimester=2), bt)
expect("GetArrangementReport 2016-2017 T1+T2 (bestuur)", r, "OK")
rep = r.resp
thr = int(sql("SELECT small_cell_threshold FROM platform.tenants WHERE id = '%s'" % A.id))
tri3 = sql("SELECT make_date(2017, trimester3_month, trimester3_day) FROM platform.tenants WHERE id = '%s'" % A.id)
want = want_rows(tuple(int(v) for v in tri3.split("-")))
npupils = {w: int(sql("SELECT count(*) FROM werkgebied.leerlingen WHERE werkgebied_id = '%s'" % w)) for w in (wg1, wg2)}
got = {x.werkgebied_id: x for x in rep.per_werkgebied}
eq("bestuur: a row per werkgebied", sorted(got), sorted([wg1, wg2]))
for w, name in ((wg1, "wg1"), (wg2, "wg2")):
    x, wr = got.get(w), want.get(w, {"individueel": 0, "groep": 0, "innovatie": 0, "verlengingen": 0})
    if x is None:
        continue
    eq("bestuur %s: individueel, groep, innovatie, totaal, verlengingen" % name,
       (x.individueel.value, x.groep.value, x.innovatie.value, x.totaal.value, x.verlengingen.value),
       (wr["individueel"], wr["groep"], wr["innovatie"], sum(wr[k] for k in ("individueel", "groep", "innovatie")),
        wr["verlengingen"]))
    pct = str((Decimal(wr["individueel"]) * 100 / Decimal(npupils[w])).quantize(Decimal("0.01"), ROUND_HALF_UP))
    eq("bestuur %s: individueel %% of the werkgebied's pupils, half-up" % name, x.individueel_pct_leerlingen.value, pct)
eq("bestuur: the total row adds up", (rep.totaal.totaal.value, rep.totaal.verlengingen.value),
   (sum(x.totaal.value for x in rep.per_werkgebied), sum(x.verlengingen.value for x in rep.per_werkgebied)))
eq("bestuur: nothing suppressed", (rep.suppressed, any(c.suppressed for x in rep.per_werkgebied for c in (
    x.individueel, x.groep, x.innovatie, x.totaal, x.verlengingen))), (False, False))
eq("bestuur: per ondersteuningscategorie adds up to the total",
   sum(c.aantal.value for c in rep.per_ondersteuningscategorie), rep.totaal.totaal.value)
catl = {x.code: x.label for x in rep.verdeling if x.verdeling == "ondersteuningscategorie"}
eq("bestuur: per ondersteuningscategorie names each category (its label in the list), not its code",
   [(c.ondersteuningscategorie, c.label) for c in rep.per_ondersteuningscategorie],
   [(c.ondersteuningscategorie, catl.get(c.ondersteuningscategorie)) for c in rep.per_ondersteuningscategorie])
check("... and a label is the list's name, not the code", all(
    c.label and c.label != c.ondersteuningscategorie for c in rep.per_ondersteuningscategorie),
    repr([(c.ondersteuningscategorie, c.label) for c in rep.per_ondersteuningscategorie]))
eq("bestuur: versterkt (the 6 groep arrangements of wg2 and p11's)",
   (rep.versterkt_leerkracht.value, rep.versterkt_totaal.value), (
       sum(1 for x in all_ if x.versterkt_leerkracht and state(x) in COUNTED), rep.totaal.totaal.value))

rt = cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2017", trimester=2), tz)
expect("GetArrangementReport (toezicht)", rt, "OK")
t = rt.resp
eq("toezicht: suppressed with the tenant's threshold", (t.suppressed, t.small_cell_threshold), (True, thr))
true_rows = {x.werkgebied_id: x for x in rep.per_werkgebied}
true_rows[""] = rep.totaal
COLS = ("individueel", "groep", "innovatie", "totaal", "verlengingen")
rows = list(t.per_werkgebied) + [t.totaal]
bad, nsup = [], 0
for x in rows:
    tr = true_rows[x.werkgebied_id]
    for c in COLS:
        cell, tv = getattr(x, c), getattr(tr, c).value
        nsup += cell.suppressed
        if not cell.suppressed and cell.value != tv:
            bad.append("%s %s printed %d, true %d" % (x.werkgebied, c, cell.value, tv))
        if not cell.suppressed and tv < thr:
            bad.append("%s %s = %d below %d printed" % (x.werkgebied, c, tv, thr))
    if x.individueel.suppressed and not x.individueel_pct_leerlingen.suppressed:
        bad.append("%s: individueel suppressed but its percentage printed" % x.werkgebied)
check("toezicht: printed cells are true, small cells suppressed with their percentage", not bad, "; ".join(bad))
check("toezicht: the fixture has suppressed cells (the test means something)", nsup > 0, "none suppressed")
# the attack: solve each row (individueel + groep + innovatie = totaal) and
# each column (werkgebieden = total row) with one unknown
recovered = []
for x in rows:
    cells = [getattr(x, c) for c in COLS[:4]]
    unknown = [i for i, c in enumerate(cells) if c.suppressed]
    if len(unknown) == 1:
        i = unknown[0]
        v = cells[3].value - sum(c.value for c in cells[:3] if not c.suppressed) if i < 3 else \
            sum(c.value for c in cells[:3])
        recovered.append("%s %s = %d from its row" % (x.werkgebied, COLS[i], v))
for c in COLS:
    cells = [getattr(x, c) for x in rows]
    unknown = [i for i, cell in enumerate(cells) if cell.suppressed]
    if len(unknown) == 1:
        recovered.append("%s of %s from its column" % (c, rows[unknown[0]].werkgebied))
check("toezicht: no suppressed cell can be recovered from a row or column total", not recovered,
      "; ".join(recovered))
cats = [c.aantal for c in t.per_ondersteuningscategorie]
check("toezicht: no suppressed category follows from the total",
      sum(c.suppressed for c in cats) != 1 or t.totaal.totaal.suppressed, repr(cats))
check("toezicht: versterkt share not printed when a part is small",
      t.versterkt_aandeel.suppressed == (rep.versterkt_leerkracht.value < thr or
                                         rep.versterkt_totaal.value - rep.versterkt_leerkracht.value < thr or
                                         t.totaal.totaal.suppressed), repr(t))



# ---- per period, bestuur, category, leerjaar and gender; the recovery attack on all of it ----
DIMS = ("bestuur", "ondersteuningscategorie", "leerjaar", "geslacht")
eq("bestuur: perioden T1, T2, T1+T2", list(rep.perioden), ["T1", "T2", "T1+T2"])
last = {x.werkgebied_id: x for x in rep.per_periode if x.periode == "T1+T2"}
eq("bestuur: the published table is the cumulative period of per_periode",
   sorted((k, v.totaal.value) for k, v in last.items()),
   sorted([(x.werkgebied_id, x.totaal.value) for x in rep.per_werkgebied] + [("", rep.totaal.totaal.value)]))
tot_p = {x.periode: x.totaal.value for x in rep.per_periode if x.werkgebied_id == ""}
eq("bestuur: T1 + T2 = T1+T2 for the total", tot_p.get("T1", 0) + tot_p.get("T2", 0), tot_p.get("T1+T2"))
for d in DIMS:
    for p_ in rep.perioden:
        eq("bestuur: %s of %s adds up to the period's arrangements" % (d, p_),
           sum(x.aantal.value for x in rep.verdeling if x.verdeling == d and x.periode == p_), tot_p.get(p_))
n_wide = sum(1 for x in all_ if state(x) in COUNTED and x.rubriek != "individueel")
for d in ("leerjaar", "geslacht"):
    eq("bestuur: %s '' counts the groep and innovatie arrangements (no school, no pupil)" % d,
       [x.aantal.value for x in rep.verdeling if x.verdeling == d and x.code == "" and x.periode == "T1+T2"],
       [n_wide])
eq("bestuur: per bestuur names the bestuur, not an id",
   all(x.label and x.label != x.code for x in rep.verdeling if x.verdeling == "bestuur" and x.code), True)
vs = {x.periode: x for x in rep.versterkt}
eq("bestuur: versterkt per period, the cumulative one as the published fields",
   (vs["T1+T2"].versterkt.value, vs["T1+T2"].totaal.value, vs["T1+T2"].aandeel.value),
   (rep.versterkt_leerkracht.value, rep.versterkt_totaal.value, rep.versterkt_aandeel.value))


def attack(rs, hide=None):
    """A printed ArrangementReport as a disclosure.Report: in each period
    individueel + groep + innovatie = totaal per row and the werkgebieden add
    up to the total row per column; each dimension adds up to the period's
    total; T1..Tn add up to T1+..+Tn for every count and the versterkt
    numerator; the percentages over the werkgebied's pupils and over the
    period's total. hide(value) suppresses a count as a per-cell rule would.
    rs: one reply or the replies of several requests (every trimester
    parameter, D51), combined into one reader's view."""
    rep_ = disclosure.Report()
    rs = disclosure.as_list(rs)
    per = disclosure.periods_of(rs)

    def cell(key, c):
        sup = c.suppressed if hide is None else hide(c.value)
        rep_.cell(key, c.value, sup)
        return sup

    def over(key):
        rep_.over_periods(per, lambda p_: (key[0], p_) + key[1:])

    wids = set()
    for x in (x for r in rs for x in r.per_periode):
        w, p_ = x.werkgebied_id, x.periode
        wids.add(w)
        sups = [cell(("wg", p_, w, c), getattr(x, c)) for c in COLS]
        rep_.sum([("wg", p_, w, c) for c in COLS[:3]], ("wg", p_, w, "totaal"))
        d = x.individueel_pct_leerlingen
        rep_.share(None if (d.suppressed if hide is None else sups[0]) else d.value, ("wg", p_, w, "individueel"),
                   ("pupils", w), scale=100)
    for p_ in per:
        for c in COLS:
            rep_.sum([("wg", p_, w, c) for w in wids if w], ("wg", p_, "", c))
    for w in wids:
        for c in COLS:
            over(("wg", w, c))
    codes = {}
    for x in (x for r in rs for x in r.verdeling):
        s_ = cell(("dim", x.periode, x.verdeling, x.code), x.aantal)
        codes.setdefault(x.verdeling, set()).add(x.code)
        rep_.share(None if (x.aandeel.suppressed if hide is None else s_) else x.aandeel.value,
                   ("dim", x.periode, x.verdeling, x.code), ("wg", x.periode, "", "totaal"), scale=100)
    for d, cs in codes.items():
        for p_ in per:
            rep_.sum([("dim", p_, d, c) for c in cs], ("wg", p_, "", "totaal"))
        for c in cs:
            over(("dim", d, c))
    for x in (x for r in rs for x in r.versterkt):
        sv = cell(("vst", x.periode), x.versterkt)
        cell(("wg", x.periode, "", "totaal"), x.totaal)
        rep_.share(None if (x.aandeel.suppressed if hide is None else sv) else x.aandeel.value, ("vst", x.periode),
                   ("wg", x.periode, "", "totaal"), scale=100)
    over(("vst",))
    return rep_


disclosure.check_none("toezicht: no suppressed arrangement cell follows from a total, another period, a "
                      "dimension or a percentage", attack(t), attack(rep, hide=lambda v: False).known)
disclosure.check_some("... while suppressing each small count on its own gives cells away",
                      attack(rep, hide=lambda v: v < thr))
# D51: an attacker combines the replies of every period parameter (T1 alone;
# T1, T2, T1+T2; T1..T3 and T1+T2+T3, twice: trimester 3 and the whole year)
reqs = [0, 1, 2, 3]
tz_all = [pr.must(cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2017", trimester=k), tz), "T%d" % k)
          for k in reqs]
bt_all = [pr.must(cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2017", trimester=k), bt), "T%d" % k)
          for k in reqs]
eq("every period a request prints", disclosure.periods_of(tz_all), ["T1", "T2", "T3", "T1+T2+T3", "T1+T2"])
disclosure.check_none("toezicht: no suppressed arrangement cell follows from combining the replies of every "
                      "trimester parameter", attack(tz_all), attack(bt_all, hide=lambda v: False).known)
disclosure.check_some("... while each request's own suppression (per-cell here) gives cells away across them",
                      attack(bt_all, hide=lambda v: v < thr))
rw = cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2017", trimester=2), wt)
expect("GetArrangementReport (consulent)", rw, "OK")
eq("consulent: only her werkgebied", [x.werkgebied_id for x in rw.resp.per_werkgebied], [wg1])
r1 = pr.must(cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2017", trimester=1), bt), "T1")
eq("T1 only: the arrangements starting before trimester 2 (all start 2016-10-01)", r1.totaal.totaal.value,
   rep.totaal.totaal.value)
r0 = pr.must(cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2015-2016", trimester=0), bt), "2015")
eq("another school year counts nothing", r0.totaal.totaal.value, 0)
expect("bad schooljaar", cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2018"), bt), IA,
       'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"')
expect("bad trimester", cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2017", trimester=4), bt), IA,
       "trimester must be 0 (whole year) or 1..3")
expect("school may not: PERMISSION_DENIED", cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2017"), st),
       "PERMISSION_DENIED")


# ---- the CLI: passend rapport arrangementen in table, csv and json ----
def cli(token, *argv):
    p = subprocess.run([os.path.join(args.build, "passend"), "--server", args.server, "--ca", args.ca, "--token", token]
                       + list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


rc, out, err = cli(bt, "rapport", "arrangementen", "--schooljaar", "2016-2017", "--trimester", "2")
x1 = got[wg1]
pct_nl = x1.individueel_pct_leerlingen.value.replace(".", ",") + " %"
check("CLI table: Dutch headings and the percentage as %s" % pct_nl, rc == 0 and "Verdeling arrangementen per "
      "werkgebied" in out and "% van de leerlingen" in out and pct_nl in out, "rc %d %s %s" % (rc, out, err))
rc, out, err = cli(bt, "rapport", "arrangementen", "--schooljaar", "2016-2017", "--trimester", "2", "--output", "csv")
check("CLI csv: the total row with a decimal point", rc == 0 and "Totaal,%d," % rep.totaal.individueel.value in out
      and x1.individueel_pct_leerlingen.value in out, "rc %d %s %s" % (rc, out, err))
rc, out, err = cli(tz, "rapport", "arrangementen", "--schooljaar", "2016-2017", "--trimester", "2", "--output", "json")
try:
    j = json.loads(out)
except ValueError:
    j = {}
check("CLI json (toezicht): the report message with suppressed cells", rc == 0 and j.get("suppressed") is True,
      "rc %d %s %s" % (rc, out[:300], err))
rc, out, err = cli(bt, "rapport", "arrangementen", "--schooljaar", "2016-2018")
eq("CLI: a bad --schooljaar is a usage error (exit 2)", rc, 2)

# ============================ audit ==============================================
def audit_last(method, role):
    return S.audit_last(A.token_ids[role], method)


call("GetArrangement", AR.GetArrangementRequest(id=a11.id), st)
eq("audit GetArrangement (school): the arrangement and its pupil", audit_last("GetArrangement", "school"),
   ({a11.id, p11}, 0))
eq("audit ExtendArrangement (consulent): both arrangements and the pupil",
   audit_last("ExtendArrangement", "werkgebied"), ({a11.id, ext.id, p11}, 0))
eq("audit GrantArrangement (consulent): the arrangement and its pupil",
   audit_last("GrantArrangement", "werkgebied"), ({a11.id, p11}, 0))
eq("audit RequestArrangement (consulent) of groep: the arrangement",
   audit_last("RequestArrangement", "werkgebied"), ({g.id}, 0))
call("ListArrangementen", AR.ListArrangementenRequest(page=big), st)
eq("audit ListArrangementen (school): every listed arrangement and pupil", audit_last("ListArrangementen", "school"),
   ({a11.id, ext.id, p11}, 0))

# issue 8: werkgebieden in name order (platform.name_key), not in the order they were created
bb = Bt.tokens["bestuur"]
pr.must(call("CreateWerkgebied", M.werkgebied.CreateWerkgebiedRequest(
    werkgebied=M.werkgebied.WerkgebiedInfo(name="Alkmaar (created last)")), bb), "CreateWerkgebied Alkmaar")
rb = pr.must(cl.call(RAP, RP.GetArrangementReportRequest(schooljaar="2016-2017", trimester=0), bb), "B's report")
eq("the report lists werkgebieden by name, one created last first",
   [x.werkgebied for x in rb.per_werkgebied], ["Alkmaar (created last)", "B wg1", "B wg2"])

cl.close()
print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
scenario.done()
