# thuiszitters: thuiszitters (issue 8 point 6, D39) through passendd (python
# grpcio): the municipal counts and verloop (every field rule with its exact
# error, set replaces, bestuur only), cases (field rules, scope per role,
# every legal and illegal step of the state rule, update mask), the audit
# rows naming the ids, toezicht's missing privilege in SQL, the report
# (Noord-Kennemerland's municipal tables and its 24 threatened thuiszitters
# on 2017-03-15 reproduced in a tenant of their own, entered through the
# API; durations; the consistency rule flagging a period that does not add
# up; scope per role) and an attack on the suppressed toezicht report that
# fails if any suppressed cell can be recovered.
# Prints "ok - X" / "FAIL - X: why" lines (py_checks).
import csv
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import disclosure  # noqa: E402
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq, expect  # noqa: E402

args = scenario.parse_args()
M = pr.load(args.src, args.out)
L, T, C, Bs, W, R_ = M.lijsten, M.thuis, M.common, M.bestuur, M.werkgebied, M.rapportage
cl = pr.Client(args.server, args.ca)
P = pr.P_WG
FIX = os.path.join(args.src, "tests", "fixtures", "noord-kennemerland-2016-2017")


def call(method, req, token):
    return cl.call(P + method, req, token)


def sql(q):
    return scenario.psql(args.super_db, q)


D, ds = pr.date, pr.date_str


def Ds(s):
    return D(*(int(x) for x in s.split("-")))


world = pr.build_world(cl, args.admin_token)
A, Bt = world["A"], world["B"]
bt, tz, wt, st = (A.tokens[r] for r in ("bestuur", "toezicht", "werkgebied", "school"))
p11, p12, p21 = A.pupil["p11"], A.pupil["p12"], A.pupil["p21"]


def gemeente(token, name):
    return pr.must(cl.call(pr.P_BES + "CreateGemeente", Bs.CreateGemeenteRequest(gemeente=Bs.Gemeente(
        name=name, valid_from=D(1990, 1, 1))), token), "CreateGemeente %s" % name).id


g_a1 = gemeente(bt, "Alkmaar")
g_b1 = gemeente(Bt.tokens["bestuur"], "Eersel")
# wg1 of tenant A covers Alkmaar
pr.must(call("UpdateWerkgebied", W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(
    id=A.wg["wg1"], gemeente_ids=[g_a1]), update_mask=["gemeente_ids"]), bt), "wg1 covers Alkmaar")
g_a2 = gemeente(bt, "Heiloo")


# ============================ municipal counts ===================================
def telling(token, peildatum=D(2016, 12, 15), categorie="absoluut_verzuim", gem="", aantal=4):
    t = T.ThuiszitterTelling(categorie=categorie, gemeente_id=gem, aantal=aantal)
    if peildatum is not None:
        t.peildatum.CopyFrom(peildatum)
    return call("SetThuiszitterTelling", T.SetThuiszitterTellingRequest(telling=t), token)


r = expect("SetThuiszitterTelling per gemeente", telling(bt, gem=g_a1, aantal=4), "OK")
if r.code == "OK":
    eq("the count as stored", (r.resp.peildatum, r.resp.categorie, r.resp.gemeente_id, r.resp.gemeente,
                               r.resp.aantal, r.resp.tenant_id), (D(2016, 12, 15), "absoluut_verzuim", g_a1,
                                                                  "Alkmaar", 4, A.id))
r2 = expect("SetThuiszitterTelling again replaces the count", telling(bt, gem=g_a1, aantal=5), "OK")
eq("... the same row, the new count", (r2.resp.id, r2.resp.aantal) if r2.code == "OK" else None,
   (r.resp.id if r.code == "OK" else "?", 5))
expect("SetThuiszitterTelling without a gemeente: a total without a split", telling(bt, categorie="vrijstelling_5b",
                                                                                   aantal=6), "OK")
expect("SetThuiszitterTelling Heiloo", telling(bt, gem=g_a2, aantal=1), "OK")
r = call("ListThuiszitterTellingen", T.ListThuiszitterTellingenRequest(peildatum=D(2016, 12, 15)), bt)
eq("ListThuiszitterTellingen: by date, categorie, gemeente name",
   [(x.categorie, x.gemeente, x.aantal) for x in r.resp.tellingen] if r.code == "OK" else r.code,
   [("absoluut_verzuim", "Alkmaar", 5), ("absoluut_verzuim", "Heiloo", 1), ("vrijstelling_5b", "", 6)])
r = call("ListThuiszitterTellingen", T.ListThuiszitterTellingenRequest(page=C.PageRequest(page_size=2)), bt)
r2 = call("ListThuiszitterTellingen", T.ListThuiszitterTellingenRequest(
    page=C.PageRequest(page_size=2, page_token=r.resp.next_page_token if r.code == "OK" else "")), bt)
eq("ListThuiszitterTellingen paged by 2: 2 + 1", (len(r.resp.tellingen), len(r2.resp.tellingen),
                                                  r2.resp.next_page_token) if r2.code == "OK" else r2.code, (2, 1, ""))
expect("SetThuiszitterTelling with tenant B's gemeente: NOT_FOUND", telling(bt, gem=g_b1), "NOT_FOUND",
       "telling.gemeente_id: gemeente not found")
for who, tok in (("toezicht", tz), ("werkgebied", wt), ("school", st)):
    expect("SetThuiszitterTelling by %s: PERMISSION_DENIED" % who, telling(tok, gem=g_a1), "PERMISSION_DENIED")
    expect("ListThuiszitterTellingen by %s: PERMISSION_DENIED" % who,
           call("ListThuiszitterTellingen", T.ListThuiszitterTellingenRequest(), tok), "PERMISSION_DENIED")
n_tel = sql("SELECT count(*) FROM werkgebied.thuiszitter_tellingen")
CAT = "telling.categorie is required: a code of the thuiszitter_categorie list (ListLijstWaarden)"
for name, kw, msg in (
        ("no peildatum", {"peildatum": None}, "telling.peildatum is required"),
        ("peildatum not real", {"peildatum": D(2017, 2, 29)}, "telling.peildatum is not a valid date"),
        ("no categorie", {"categorie": ""}, CAT),
        ("categorie not a code", {"categorie": "Absoluut verzuim"}, CAT),
        ("unknown categorie", {"categorie": "spijbelen"},
         "telling.categorie is not an active thuiszitter_categorie of this tenant (ListLijstWaarden)"),
        ("gemeente_id not a UUID", {"gem": "Alkmaar"}, "telling.gemeente_id is not a UUID"),
        ("aantal -1", {"aantal": -1}, "telling.aantal must be 0..1000000"),
        ("aantal 1000001", {"aantal": 1000001}, "telling.aantal must be 0..1000000")):
    expect("SetThuiszitterTelling %s: INVALID_ARGUMENT" % name, telling(bt, **kw), "INVALID_ARGUMENT", msg)
expect("SetThuiszitterTelling without telling: INVALID_ARGUMENT",
       call("SetThuiszitterTelling", T.SetThuiszitterTellingRequest(), bt), "INVALID_ARGUMENT", "telling is required")
expect("ListThuiszitterTellingen with a bad peildatum: INVALID_ARGUMENT",
       call("ListThuiszitterTellingen", T.ListThuiszitterTellingenRequest(peildatum=D(2017, 13, 1)), bt),
       "INVALID_ARGUMENT", "peildatum is not a valid date")
eq("bad counts write nothing", sql("SELECT count(*) FROM werkgebied.thuiszitter_tellingen"), n_tel)


# ============================ verloop ============================================
def verloop(token, van=D(2016, 12, 16), tot=D(2017, 3, 15), gem="", f=(9, 4, 1, 0, 3, 9)):
    v = T.ThuiszitterVerloop(gemeente_id=gem, begin=f[0], nieuw=f[1], verhuisd=f[2], achttien=f[3],
                             opgelost=f[4], actueel=f[5])
    if van is not None:
        v.van.CopyFrom(van)
    if tot is not None:
        v.tot.CopyFrom(tot)
    return call("SetThuiszitterVerloop", T.SetThuiszitterVerloopRequest(verloop=v), token)


r = expect("SetThuiszitterVerloop Alkmaar", verloop(bt, gem=g_a1), "OK")
if r.code == "OK":
    eq("the verloop as stored", (r.resp.gemeente, r.resp.begin, r.resp.nieuw, r.resp.verhuisd, r.resp.achttien,
                                 r.resp.opgelost, r.resp.actueel), ("Alkmaar", 9, 4, 1, 0, 3, 9))
expect("SetThuiszitterVerloop again replaces it", verloop(bt, gem=g_a1, f=(10, 4, 1, 0, 3, 10)), "OK")
r = call("ListThuiszitterVerloop", T.ListThuiszitterVerloopRequest(), bt)
eq("ListThuiszitterVerloop: one row, replaced", [(x.gemeente, x.begin, x.actueel) for x in r.resp.verloop]
   if r.code == "OK" else r.code, [("Alkmaar", 10, 10)])
expect("SetThuiszitterVerloop by toezicht: PERMISSION_DENIED", verloop(tz), "PERMISSION_DENIED")
expect("SetThuiszitterVerloop with tenant B's gemeente: NOT_FOUND", verloop(bt, gem=g_b1), "NOT_FOUND",
       "verloop.gemeente_id: gemeente not found")
for name, kw, msg in (
        ("no van", {"van": None}, "verloop.van is required"),
        ("van not real", {"van": D(2016, 11, 31)}, "verloop.van is not a valid date"),
        ("no tot", {"tot": None}, "verloop.tot is required"),
        ("tot not real", {"tot": D(2017, 2, 30)}, "verloop.tot is not a valid date"),
        ("tot before van", {"tot": D(2016, 12, 15)}, "verloop.tot must be on or after van"),
        ("gemeente_id not a UUID", {"gem": "x"}, "verloop.gemeente_id is not a UUID"),
        ("begin -1", {"f": (-1, 0, 0, 0, 0, 0)}, "verloop.begin must be 0..1000000"),
        ("nieuw -1", {"f": (0, -1, 0, 0, 0, 0)}, "verloop.nieuw must be 0..1000000"),
        ("verhuisd -1", {"f": (0, 0, -1, 0, 0, 0)}, "verloop.verhuisd must be 0..1000000"),
        ("achttien -1", {"f": (0, 0, 0, -1, 0, 0)}, "verloop.achttien must be 0..1000000"),
        ("opgelost -1", {"f": (0, 0, 0, 0, -1, 0)}, "verloop.opgelost must be 0..1000000"),
        ("actueel 1000001", {"f": (0, 0, 0, 0, 0, 1000001)}, "verloop.actueel must be 0..1000000")):
    expect("SetThuiszitterVerloop %s: INVALID_ARGUMENT" % name, verloop(bt, **kw), "INVALID_ARGUMENT", msg)
expect("SetThuiszitterVerloop without verloop: INVALID_ARGUMENT",
       call("SetThuiszitterVerloop", T.SetThuiszitterVerloopRequest(), bt), "INVALID_ARGUMENT", "verloop is required")


# ============================ cases ==============================================
def casus(token, pupil, start=D(2017, 1, 9), sinds=None, scenarios=(), interim="", **extra):
    k = T.ThuiszitterCasus(leerling_id=pupil, scenarios=list(scenarios), interim_leerarrangement=interim, **extra)
    if start is not None:
        k.startdatum.CopyFrom(start)
    if sinds is not None:
        k.thuiszittend_sinds.CopyFrom(sinds)
    return call("CreateThuiszitterCasus", T.CreateThuiszitterCasusRequest(casus=k), token)


def mark(token, cid, datum=D(2017, 2, 1)):
    r = T.MarkThuiszittendRequest(id=cid)
    if datum is not None:
        r.datum.CopyFrom(datum)
    return call("MarkThuiszittend", r, token)


def close(token, cid, eind=D(2017, 5, 12), uitkomst=1):
    r = T.CloseThuiszitterCasusRequest(id=cid, uitkomst=uitkomst)
    if eind is not None:
        r.einddatum.CopyFrom(eind)
    return call("CloseThuiszitterCasus", r, token)


def n_cases():
    return sql("SELECT count(*) FROM werkgebied.thuiszitter_casussen")


r = expect("CreateThuiszitterCasus by the consulent for p11 (dreigend, scenarios, interim)",
           casus(wt, p11, scenarios=["verkort_rooster", "vaak_buiten_de_klas"], interim="2 ochtenden zorgboerderij"),
           "OK")
c11 = r.resp.id if r.code == "OK" else ""
if r.code == "OK":
    k = r.resp
    eq("the case as stored", (k.leerling_id, k.school_id, k.werkgebied_id, k.startdatum, k.status,
                              list(k.scenarios), k.interim_leerarrangement, k.recorded_by, k.tenant_id,
                              k.HasField("einddatum"), k.uitkomst),
       (p11, A.school["s11"], A.wg["wg1"], D(2017, 1, 9), 1, ["verkort_rooster", "vaak_buiten_de_klas"],
        "2 ochtenden zorgboerderij", "werkgebied", A.id, False, 0))
r = expect("CreateThuiszitterCasus by bestuur for p21, thuiszittend since 2017-01-16",
           casus(bt, p21, sinds=D(2017, 1, 16)), "OK")
c21 = r.resp.id if r.code == "OK" else ""
eq("... status thuiszittend", (r.resp.status, r.resp.thuiszittend_sinds) if r.code == "OK" else None,
   (2, D(2017, 1, 16)))
expect("CreateThuiszitterCasus twice for p11 on the same startdatum: ALREADY_EXISTS", casus(bt, p11), "ALREADY_EXISTS",
       "the leerling already has a thuiszitter casus with this startdatum")
expect("CreateThuiszitterCasus by the consulent of wg1 for p21 (wg2): NOT_FOUND", casus(wt, p21, D(2017, 2, 1)),
       "NOT_FOUND", "leerling not found")
expect("CreateThuiszitterCasus for tenant B's pupil: NOT_FOUND", casus(bt, Bt.pupil["p11"]), "NOT_FOUND")
expect("CreateThuiszitterCasus by a school: PERMISSION_DENIED", casus(st, p11, D(2017, 2, 1)), "PERMISSION_DENIED")
expect("CreateThuiszitterCasus by toezicht: PERMISSION_DENIED", casus(tz, p11, D(2017, 2, 1)), "PERMISSION_DENIED")
n_before = n_cases()
SCEN = ("casus.scenarios names a code that is not an active thuiszitter_scenario of this tenant "
        "(ListLijstWaarden)")
for name, kw, msg in (
        ("leerling_id not a UUID", {"pupil": "x"}, "casus.leerling_id is not a UUID"),
        ("no leerling_id", {"pupil": ""}, "casus.leerling_id is not a UUID"),
        ("no startdatum", {"start": None}, "casus.startdatum is required"),
        ("startdatum not real", {"start": D(2017, 4, 31)}, "casus.startdatum is not a valid date"),
        ("thuiszittend_sinds not real", {"sinds": D(2017, 2, 29)}, "casus.thuiszittend_sinds is not a valid date"),
        ("thuiszittend_sinds before startdatum", {"sinds": D(2017, 1, 8)},
         "casus.thuiszittend_sinds must be on or after startdatum"),
        ("a status", {"status": 3}, "casus.status, casus.uitkomst and casus.einddatum are set by the steps "
                                    "(MarkThuiszittend, CloseThuiszitterCasus), not on create"),
        ("an uitkomst", {"uitkomst": 1}, "casus.status, casus.uitkomst and casus.einddatum are set by the steps "
                                         "(MarkThuiszittend, CloseThuiszitterCasus), not on create"),
        ("scenario not a code", {"scenarios": ["Verkort rooster"]},
         'casus.scenarios: "Verkort rooster" is not a code of the thuiszitter_scenario list'),
        ("a scenario twice", {"scenarios": ["verkort_rooster", "verkort_rooster"]},
         "casus.scenarios names a scenario twice"),
        ("21 scenarios", {"scenarios": ["s%d" % i for i in range(21)]}, "casus.scenarios names at most 20 scenarios"),
        ("unknown scenario", {"scenarios": ["spijbelen"]}, SCEN),
        ("interim of 2001 characters", {"interim": "x" * 2001},
         "casus.interim_leerarrangement is at most 2000 characters")):
    a = dict(kw)
    res = casus(bt, a.pop("pupil", p12), **a)
    expect("CreateThuiszitterCasus %s: INVALID_ARGUMENT" % name, res, "INVALID_ARGUMENT", msg)
expect("CreateThuiszitterCasus without casus: INVALID_ARGUMENT",
       call("CreateThuiszitterCasus", T.CreateThuiszitterCasusRequest(), bt), "INVALID_ARGUMENT", "casus is required")
eq("bad cases write nothing", n_cases(), n_before)

# ---- the state rule: every legal and illegal step ----
r = expect("MarkThuiszittend dreigend -> thuiszittend", mark(wt, c11, D(2017, 2, 1)), "OK")
eq("... thuiszittend since 2017-02-01", (r.resp.status, r.resp.thuiszittend_sinds) if r.code == "OK" else None,
   (2, D(2017, 2, 1)))
expect("MarkThuiszittend of a thuiszittend case: FAILED_PRECONDITION naming its state", mark(wt, c11),
       "FAILED_PRECONDITION", "thuiszitter casus %s is thuiszittend: thuiszittend needs dreigend" % c11)
expect("CloseThuiszitterCasus before thuiszittend_sinds: INVALID_ARGUMENT", close(wt, c11, D(2017, 1, 31)),
       "INVALID_ARGUMENT", "einddatum must be on or after the case's thuiszittend_sinds")
r = expect("CloseThuiszitterCasus thuiszittend -> afgesloten (geplaatst)", close(wt, c11, D(2017, 5, 12), 1), "OK")
eq("... afgesloten on 2017-05-12, geplaatst, 123 days", (r.resp.status, r.resp.einddatum, r.resp.uitkomst,
                                                         r.resp.duur_dagen) if r.code == "OK" else None,
   (3, D(2017, 5, 12), 1, 123))
expect("CloseThuiszitterCasus of an afgesloten case: FAILED_PRECONDITION", close(wt, c11), "FAILED_PRECONDITION",
       "thuiszitter casus %s is afgesloten: afsluiten needs dreigend or thuiszittend" % c11)
expect("MarkThuiszittend of an afgesloten case: FAILED_PRECONDITION", mark(wt, c11), "FAILED_PRECONDITION",
       "thuiszitter casus %s is afgesloten: thuiszittend needs dreigend" % c11)
r = expect("CreateThuiszitterCasus p12 (dreigend)", casus(bt, p12, D(2017, 1, 20)), "OK")
c12 = r.resp.id if r.code == "OK" else ""
expect("MarkThuiszittend before the startdatum: INVALID_ARGUMENT", mark(bt, c12, D(2017, 1, 19)), "INVALID_ARGUMENT",
       "datum must be on or after the case's startdatum")
expect("CloseThuiszitterCasus before the startdatum: INVALID_ARGUMENT", close(bt, c12, D(2017, 1, 19)),
       "INVALID_ARGUMENT", "einddatum must be on or after the case's startdatum")
r = expect("CloseThuiszitterCasus dreigend -> afgesloten (verhuisd)", close(bt, c12, D(2017, 3, 1), 3), "OK")
eq("... verhuisd, 40 days", (r.resp.status, r.resp.uitkomst, r.resp.duur_dagen) if r.code == "OK" else None, (3, 3, 40))
for name, req, msg in (
        ("MarkThuiszittend without datum", T.MarkThuiszittendRequest(id=c12), "datum is required"),
        ("MarkThuiszittend datum not real", T.MarkThuiszittendRequest(id=c12, datum=D(2017, 6, 31)),
         "datum is not a valid date"),
        ("MarkThuiszittend id not a UUID", T.MarkThuiszittendRequest(id="x", datum=D(2017, 2, 1)), "id is not a UUID")):
    expect("%s: INVALID_ARGUMENT" % name, call("MarkThuiszittend", req, bt), "INVALID_ARGUMENT", msg)
for name, req, msg in (
        ("without einddatum", T.CloseThuiszitterCasusRequest(id=c21, uitkomst=1), "einddatum is required"),
        ("einddatum not real", T.CloseThuiszitterCasusRequest(id=c21, uitkomst=1, einddatum=D(2017, 9, 31)),
         "einddatum is not a valid date"),
        ("without uitkomst", T.CloseThuiszitterCasusRequest(id=c21, einddatum=D(2017, 5, 1)),
         "uitkomst is required: geplaatst, vrijstelling, verhuisd, achttien or overig"),
        ("uitkomst 6", T.CloseThuiszitterCasusRequest(id=c21, einddatum=D(2017, 5, 1), uitkomst=6),
         "uitkomst is required: geplaatst, vrijstelling, verhuisd, achttien or overig")):
    expect("CloseThuiszitterCasus %s: INVALID_ARGUMENT" % name, call("CloseThuiszitterCasus", req, bt),
           "INVALID_ARGUMENT", msg)
expect("MarkThuiszittend by the consulent of wg1 on p21's case (wg2): NOT_FOUND", mark(wt, c21), "NOT_FOUND",
       "thuiszitter casus %s not found" % c21)
expect("CloseThuiszitterCasus by a school: PERMISSION_DENIED", close(st, c21), "PERMISSION_DENIED")
expect("MarkThuiszittend of an unknown case: NOT_FOUND", mark(bt, pr.new_uuid()), "NOT_FOUND")
rc = scenario.psql_script(args.super_db, "UPDATE werkgebied.thuiszitter_casussen SET status = 'afgesloten' "
                                         "WHERE id = '%s'" % c21)
check("the table refuses afgesloten without einddatum and uitkomst whoever writes (superuser)",
      rc[0] != 0 and "thuiszitter_casussen_afgesloten" in rc[2], rc[2])
rc = scenario.psql_script(args.db, scenario.principal_script(
    "werkgebied", A.id, [A.wg["wg1"]], "UPDATE werkgebied.thuiszitter_casussen SET startdatum = '2016-01-01';"))
check("the server's roles may not change a case's startdatum (SQL)", rc[0] != 0 and "permission denied" in rc[2],
      rc[2])

# ---- update with a mask ----
r = expect("UpdateThuiszitterCasus interim only", call("UpdateThuiszitterCasus", T.UpdateThuiszitterCasusRequest(
    casus=T.ThuiszitterCasus(id=c21, interim_leerarrangement="onderwijs-zorgarrangement", scenarios=["x"]),
    update_mask=["interim_leerarrangement"]), bt), "OK")
eq("... the interim changed, the scenarios not", (r.resp.interim_leerarrangement, list(r.resp.scenarios))
   if r.code == "OK" else None, ("onderwijs-zorgarrangement", []))
r = expect("UpdateThuiszitterCasus scenarios", call("UpdateThuiszitterCasus", T.UpdateThuiszitterCasusRequest(
    casus=T.ThuiszitterCasus(id=c21, scenarios=["dreigende_verwijdering"]), update_mask=["scenarios"]), bt), "OK")
eq("... the scenarios", list(r.resp.scenarios) if r.code == "OK" else None, ["dreigende_verwijdering"])
expect("UpdateThuiszitterCasus with an unknown scenario: INVALID_ARGUMENT", call(
    "UpdateThuiszitterCasus", T.UpdateThuiszitterCasusRequest(casus=T.ThuiszitterCasus(
        id=c21, scenarios=["spijbelen"]), update_mask=["scenarios"]), bt), "INVALID_ARGUMENT", SCEN)
expect("UpdateThuiszitterCasus with an empty mask: INVALID_ARGUMENT", call(
    "UpdateThuiszitterCasus", T.UpdateThuiszitterCasusRequest(casus=T.ThuiszitterCasus(id=c21)), bt),
    "INVALID_ARGUMENT")
expect("UpdateThuiszitterCasus of status: INVALID_ARGUMENT", call(
    "UpdateThuiszitterCasus", T.UpdateThuiszitterCasusRequest(casus=T.ThuiszitterCasus(id=c21, status=3),
                                                              update_mask=["status"]), bt), "INVALID_ARGUMENT")
expect("UpdateThuiszitterCasus by the consulent of wg1 on p21's case: NOT_FOUND", call(
    "UpdateThuiszitterCasus", T.UpdateThuiszitterCasusRequest(casus=T.ThuiszitterCasus(id=c21, interim_leerarrangement="x"),
                                                              update_mask=["interim_leerarrangement"]), wt),
    "NOT_FOUND", "thuiszitter casus not found")

# ---- reads per role ----
for who, tok, want in (("bestuur", bt, {c11, c12, c21}), ("consulent wg1", wt, {c11, c12}), ("school s11", st, {c11})):
    r = call("ListThuiszitterCasussen", T.ListThuiszitterCasussenRequest(), tok)
    eq("ListThuiszitterCasussen by %s: its pupils' cases" % who, {x.id for x in r.resp.casussen}
       if r.code == "OK" else r.code, want)
r = call("ListThuiszitterCasussen", T.ListThuiszitterCasussenRequest(alleen_open=True), bt)
eq("ListThuiszitterCasussen alleen_open", {x.id for x in r.resp.casussen} if r.code == "OK" else r.code, {c21})
expect("GetThuiszitterCasus by the school of p11", call("GetThuiszitterCasus", T.GetThuiszitterCasusRequest(id=c11),
                                                        st), "OK")
expect("GetThuiszitterCasus of p12's case by the school of p11: NOT_FOUND", call(
    "GetThuiszitterCasus", T.GetThuiszitterCasusRequest(id=c12), st), "NOT_FOUND", "thuiszitter casus not found")
expect("GetThuiszitterCasus by toezicht: PERMISSION_DENIED", call(
    "GetThuiszitterCasus", T.GetThuiszitterCasusRequest(id=c11), tz), "PERMISSION_DENIED")
expect("GetThuiszitterCasus by tenant B: NOT_FOUND", call(
    "GetThuiszitterCasus", T.GetThuiszitterCasusRequest(id=c11), Bt.tokens["bestuur"]), "NOT_FOUND")
expect("ListThuiszitterCasussen with a bad werkgebied_id: INVALID_ARGUMENT", call(
    "ListThuiszitterCasussen", T.ListThuiszitterCasussenRequest(werkgebied_id="x"), bt), "INVALID_ARGUMENT",
    "werkgebied_id is not a UUID")
for t in ("thuiszitter_casussen", "thuiszitter_tellingen", "thuiszitter_verloop"):
    eq("toezicht has no privilege on werkgebied.%s (SQL)" % t, sql(
        "SELECT has_table_privilege('passend_toezicht', 'werkgebied.%s', 'SELECT,INSERT,UPDATE,DELETE')" % t), "f")
eq("werkgebied.thuiszitter_casussen is registered for retention", sql(
    "SELECT count(*) FROM platform.retention_tables WHERE relation = 'werkgebied.thuiszitter_casussen'::regclass"), "1")


# ---- audit ----
def audit_last(method, role):
    return scenario.audit_last(args.super_db, A.token_ids[role], P + method)


call("GetThuiszitterCasus", T.GetThuiszitterCasusRequest(id=c11), st)
eq("audit GetThuiszitterCasus (school): the case and its pupil", audit_last("GetThuiszitterCasus", "school"),
   ({c11, p11}, 0))
call("ListThuiszitterCasussen", T.ListThuiszitterCasussenRequest(), wt)
eq("audit ListThuiszitterCasussen (consulent): every listed case and pupil",
   audit_last("ListThuiszitterCasussen", "werkgebied"), ({c11, c12, p11, p12}, 0))
r = casus(wt, p12, D(2017, 3, 2))
c12b = r.resp.id if r.code == "OK" else "?"
eq("audit CreateThuiszitterCasus (consulent): the new case and its pupil",
   audit_last("CreateThuiszitterCasus", "werkgebied"), ({c12b, p12}, 0))
mark(wt, c12b, D(2017, 3, 3))
eq("audit MarkThuiszittend (consulent): the case and its pupil", audit_last("MarkThuiszittend", "werkgebied"),
   ({c12b, p12}, 0))
close(wt, c12b, D(2017, 3, 1))
eq("audit of a refused step: a failure row (INVALID_ARGUMENT = 3) naming the case",
   audit_last("CloseThuiszitterCasus", "werkgebied"), ({c12b}, 3))
close(wt, c12b, D(2017, 3, 20), 2)
eq("audit CloseThuiszitterCasus (consulent): the case and its pupil",
   audit_last("CloseThuiszitterCasus", "werkgebied"), ({c12b, p12}, 0))
call("UpdateThuiszitterCasus", T.UpdateThuiszitterCasusRequest(casus=T.ThuiszitterCasus(
    id=c12b, interim_leerarrangement="x"), update_mask=["interim_leerarrangement"]), wt)
eq("audit UpdateThuiszitterCasus (consulent): the case and its pupil",
   audit_last("UpdateThuiszitterCasus", "werkgebied"), ({c12b, p12}, 0))


# ============================ the report in tenant A ===============================
def report(token, sj="2016-2017", tri=2, peildatum=None):
    q = R_.GetThuiszitterReportRequest(schooljaar=sj, trimester=tri)
    if peildatum is not None:
        q.peildatum.CopyFrom(peildatum)
    return cl.call("/passend.v1.Rapportage/GetThuiszitterReport", q, token)


def cellv(c):
    return None if c.suppressed else c.value


def tellingen(resp):
    return {(ds(x.peildatum), x.categorie, x.soort, x.gemeente): cellv(x.aantal) for x in resp.tellingen}


def dreigend(resp):
    return {x.werkgebied: cellv(x.aantal) for x in resp.dreigend}


def duur(resp):
    return {(x.periode, x.uitkomst): (cellv(x.afgesloten), None if x.gemiddeld_dagen.suppressed else
                                      x.gemiddeld_dagen.value,
                                      None if x.mediaan_dagen.suppressed else x.mediaan_dagen.value)
            for x in resp.duur}


def verloop_rows(resp):
    return [(ds(x.van), ds(x.tot), x.gemeente, tuple(cellv(getattr(x, f)) for f in (
        "begin", "nieuw", "verhuisd", "achttien", "opgelost", "actueel", "berekend")), x.verschil, x.klopt)
        for x in resp.verloop]


r = expect("GetThuiszitterReport 2016-2017 through T3 as bestuur (tenant A)", report(bt, tri=0), "OK")
if r.code == "OK":
    eq("tenant A: cases closed per period by uitkomst, with mean and median days", {
        k: v for k, v in duur(r.resp).items() if v[0]}, {
        ("T2", "verhuisd"): (1, "40.00", "40.00"), ("T2", "vrijstelling"): (1, "18.00", "18.00"),
        ("T2", ""): (2, "29.00", "29.00"), ("T3", "geplaatst"): (1, "123.00", "123.00"), ("T3", ""): (1, "123.00", "123.00"),
        ("T1+T2+T3", "geplaatst"): (1, "123.00", "123.00"), ("T1+T2+T3", "verhuisd"): (1, "40.00", "40.00"),
        ("T1+T2+T3", "vrijstelling"): (1, "18.00", "18.00"), ("T1+T2+T3", ""): (3, "60.33", "40.00")})
    eq("tenant A: the municipal counts of the period with their totals", tellingen(r.resp), {
        ("2016-12-15", "absoluut_verzuim", "gemeente", "Alkmaar"): 5,
        ("2016-12-15", "absoluut_verzuim", "gemeente", "Heiloo"): 1,
        ("2016-12-15", "absoluut_verzuim", "totaal", ""): 6,
        ("2016-12-15", "vrijstelling_5b", "zonder_verdeling", ""): 6,
        ("2016-12-15", "vrijstelling_5b", "totaal", ""): 6})
    eq("tenant A: the default peildatum is the latest of the counts", r.resp.peildatum, D(2016, 12, 15))
    eq("tenant A: open on 2016-12-15: none", dreigend(r.resp), {"A wg1": 0, "A wg2": 0, "Totaal": 0})
    eq("tenant A: the verloop adds up (10 + 4 - 1 - 0 - 3 = 10)", verloop_rows(r.resp),
       [("2016-12-16", "2017-03-15", "Alkmaar", (10, 4, 1, 0, 3, 10, 10), 0, True)])
r = expect("GetThuiszitterReport at 2017-02-15 as bestuur", report(bt, peildatum=D(2017, 2, 15)), "OK")
if r.code == "OK":
    eq("open on 2017-02-15 per werkgebied (p11's and p12's in wg1, p21's in wg2)", dreigend(r.resp),
       {"A wg1": 2, "A wg2": 1, "Totaal": 3})
r = expect("GetThuiszitterReport at 2017-02-15 as the consulent of wg1", report(wt, peildatum=D(2017, 2, 15)), "OK")
if r.code == "OK":
    eq("consulent: her werkgebied only, small cells suppressed", dreigend(r.resp), {"A wg1": None, "Totaal": None})
    eq("consulent: the counts of the gemeenten of her werkgebied only (Alkmaar), no unsplit totals",
       set(k[3] for k in tellingen(r.resp)), {"Alkmaar", ""})
    check("consulent: no total without a split", not any(k[2] == "zonder_verdeling" for k in tellingen(r.resp)),
          repr(tellingen(r.resp)))
r = expect("GetThuiszitterReport as the school s11", report(st, peildatum=D(2017, 2, 15)), "OK")
if r.code == "OK":
    eq("school: no municipal figures", (len(r.resp.tellingen), len(r.resp.verloop)), (0, 0))
    eq("school: its werkgebied's row counts its own pupil's case (suppressed)", dreigend(r.resp),
       {"A wg1": None, "Totaal": None})
expect("GetThuiszitterReport bad schooljaar", report(bt, sj="2016"), "INVALID_ARGUMENT",
       'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"')
expect("GetThuiszitterReport bad trimester", report(bt, tri=5), "INVALID_ARGUMENT",
       "trimester must be 0 (whole year) or 1..3")
expect("GetThuiszitterReport bad peildatum", report(bt, peildatum=D(2017, 2, 30)), "INVALID_ARGUMENT",
       "peildatum is not a valid date")
expect("GetThuiszitterReport without a token: UNAUTHENTICATED", report(None), "UNAUTHENTICATED")

# ---- the consistency rule flags a period that does not add up ----
expect("SetThuiszitterVerloop Heiloo that does not add up (5 + 2 - 0 - 0 - 1 = 6, reported 8)",
       verloop(bt, gem=g_a2, f=(5, 2, 0, 0, 1, 8)), "OK")
expect("SetThuiszitterVerloop without a split, adding up", verloop(bt, f=(20, 6, 1, 1, 4, 20)), "OK")
r = expect("GetThuiszitterReport after the verloop", report(bt), "OK")
if r.code == "OK":
    eq("the rule per row: Heiloo flagged with verschil 2, the others add up", verloop_rows(r.resp), [
        ("2016-12-16", "2017-03-15", "Alkmaar", (10, 4, 1, 0, 3, 10, 10), 0, True),
        ("2016-12-16", "2017-03-15", "Heiloo", (5, 2, 0, 0, 1, 8, 6), 2, False),
        ("2016-12-16", "2017-03-15", "", (20, 6, 1, 1, 4, 20, 20), 0, True)])

# ============================ Noord-Kennemerland's tables through the API ============
# A tenant of its own: the 8 werkgebieden and 5 gemeenten of werkgebieden.csv,
# a basisschool per werkgebied, the municipal counts of thuiszitters_gemeente.csv
# and thuiszitters_totalen.csv as given, and cases so that exactly
# dreigende_thuiszitters.csv is open on 2017-03-15 (plus cases that are not:
# closed on or before it, or started after it).
nk = pr.must(cl.call(pr.P_TEN + "CreateTenant", M.tenancy.CreateTenantRequest(tenant=M.tenancy.Tenant(
    name="NK thuiszitters", duo_code="PO 99-01", sector=1, legal_form="stichting")), args.admin_token), "NK tenant").id
nb, _ = pr.create_token(cl, args.admin_token, "bestuur", nk)
ntz, _ = pr.create_token(cl, args.admin_token, "toezicht", nk)


def read_csv(name):
    with open(os.path.join(FIX, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


wgs = read_csv("werkgebieden.csv")
gem_id = {}
for g in sorted({w["gemeente"] for w in wgs}):
    gem_id[g] = gemeente(nb, g)
wg_id, school_of = {}, {}
for i, w in enumerate(wgs):
    wg_id[w["werkgebied"]] = pr.must(call("CreateWerkgebied", W.CreateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(
        name=w["werkgebied"], gemeente_ids=[gem_id[w["gemeente"]]])), nb), "werkgebied").id
    school_of[w["werkgebied"]] = pr.must(cl.call(pr.P_BES + "CreateSchool", Bs.CreateSchoolRequest(school=Bs.School(
        brin="%02dNK" % (i + 10), vestiging="00", name="Basisschool %s" % w["werkgebied"], soort=1,
        werkgebied_id=wg_id[w["werkgebied"]])), nb), "school").id
bad = []
for row in read_csv("thuiszitters_gemeente.csv"):
    res = telling(nb, Ds(row["peildatum"]), row["categorie"], gem_id[row["gemeente"]], int(row["aantal"]))
    if res.code != "OK":
        bad.append(repr(res))
for row in read_csv("thuiszitters_totalen.csv"):
    res = telling(nb, Ds(row["peildatum"]), row["categorie"], "", int(row["totaal"]))
    if res.code != "OK":
        bad.append(repr(res))
check("the fixtures' municipal counts entered through SetThuiszitterTelling", not bad, repr(bad[:2]))
n_pupil = [0]


def nk_case(wg, start, sinds=None, eind=None, uitkomst=1):
    n_pupil[0] += 1
    pid = pr.must(call("CreateLeerling", W.CreateLeerlingRequest(leerling=W.Leerling(
        school_id=school_of[wg], source_system="nk", external_id="tz-%d" % n_pupil[0], geboortejaar=2008,
        geslacht=1 + n_pupil[0] % 2)), nb), "leerling").id
    c = pr.must(casus(nb, pid, Ds(start), Ds(sinds) if sinds else None), "casus").id
    if eind:
        pr.must(close(nb, c, Ds(eind), uitkomst), "close")
    return c


try:
    want_open = {r_["werkgebied"]: int(r_["aantal"]) for r_ in read_csv("dreigende_thuiszitters.csv")}
    k = 0
    for wg, n in want_open.items():
        for j in range(n):
            k += 1
            # open on 2017-03-15: still open, or closed after it; some thuiszittend
            nk_case(wg, "2016-%02d-%02d" % (9 + k % 4, 1 + k), sinds="2016-12-20" if k % 3 == 0 else None,
                    eind="2017-03-16" if k % 5 == 0 else ("2017-06-01" if k % 7 == 0 else None), uitkomst=1 + k % 5)
    # not open on 2017-03-15: closed on or before it, started after it
    for wg, start, eind, u in (("Bergen", "2016-09-12", "2017-03-15", 1), ("Heiloo", "2016-10-03", "2016-11-14", 2),
                               ("Alkmaar-Noord", "2017-03-16", None, 1), ("Langedijk", "2016-12-12", "2017-02-01", 3),
                               ("Heerhugowaard-Noord", "2016-09-05", "2016-10-17", 1)):
        nk_case(wg, start, eind=eind, uitkomst=u)
    check("24 open and 5 other cases entered through CreateThuiszitterCasus and its steps", True)
except pr.SetupError as e:
    check("NK cases through the API", False, str(e))

r = expect("GetThuiszitterReport 2016-2017 T2 as NK's bestuur", report(nb), "OK")
if r.code == "OK":
    eq("NK: perioden", list(r.resp.perioden), ["T1", "T2", "T1+T2"])
    eq("NK: the peildatum is 2017-03-15 (the latest of the counts)", r.resp.peildatum, D(2017, 3, 15))
    got = tellingen(r.resp)
    want = {}
    for row in read_csv("thuiszitters_gemeente.csv"):
        want[(row["peildatum"], row["categorie"], "gemeente", row["gemeente"])] = int(row["aantal"])
    for row in read_csv("thuiszitters_totalen.csv"):
        want[(row["peildatum"], row["categorie"], "zonder_verdeling", "")] = int(row["totaal"])
    eq("NK: every municipal count as entered (thuiszitters_gemeente.csv, thuiszitters_totalen.csv)",
       {k_: v for k_, v in got.items() if k_[2] != "totaal"}, want)
    printed = {("2016-12-15", "relatief_verzuim"): 3, ("2016-12-15", "langdurig_relatief_verzuim"): 8,
               ("2016-12-15", "absoluut_verzuim"): 4, ("2017-03-15", "langdurig_relatief_verzuim"): 4,
               ("2017-03-15", "absoluut_verzuim"): 8, ("2017-03-15", "vrijstelling_5b"): 18,
               ("2017-03-15", "vrijstelling_5c"): 8, ("2016-09-15", "vrijstelling_5b"): 18,
               ("2016-12-15", "vrijstelling_5b"): 6, ("2016-09-15", "vrijstelling_5c"): 5,
               ("2016-12-15", "vrijstelling_5c"): 6}
    eq("NK: the totals per peildatum and categorie are the printed ones (README and thuiszitters_totalen.csv)",
       {(k_[0], k_[1]): v for k_, v in got.items() if k_[2] == "totaal"}, printed)
    eq("NK: threatened thuiszitters per werkgebied on 2017-03-15 (dreigende_thuiszitters.csv), total 24",
       dreigend(r.resp), dict(want_open, Totaal=24))
    # the inspectie's CSV through the CLI equals the entered files
    env = dict(os.environ, PASSEND_SERVER=args.server, PASSEND_CA=args.ca, PASSEND_TOKEN=nb)
    p = subprocess.run([os.path.join(args.build, "passend"), "rapport", "thuiszitters-inspectie", "--schooljaar",
                        "2016-2017", "--trimester", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       env=env, timeout=60)
    lines = p.stdout.splitlines()
    want_lines = {"%s,%s,%s,%s" % (x["peildatum"], x["categorie"], x["gemeente"], x["aantal"])
                  for x in read_csv("thuiszitters_gemeente.csv")} | {
        "%s,%s,,%s" % (x["peildatum"], x["categorie"], x["totaal"]) for x in read_csv("thuiszitters_totalen.csv")}
    eq("passend rapport thuiszitters-inspectie: the header and exactly the entered counts",
       (p.returncode, lines[:1], set(lines[1:])), (0, ["peildatum,categorie,gemeente,aantal"], want_lines))
    for fmt in ("table", "csv", "json"):
        p = subprocess.run([os.path.join(args.build, "passend"), "rapport", "thuiszitters", "--schooljaar",
                            "2016-2017", "--trimester", "2", "--output", fmt], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=env, timeout=60)
        check("passend rapport thuiszitters --output %s shows Heerhugowaard-Noord's 11" % fmt,
              p.returncode == 0 and "Heerhugowaard-Noord" in p.stdout and "11" in p.stdout, p.stderr + p.stdout[:400])


# ============================ suppression against subtraction ======================
def recover(resps):
    """Suppressed counts an attacker computes from the printed report: the
    gemeenten and the unsplit count of a peildatum and categorie add up to its
    total; the werkgebieden to the dreigend total; the uitkomsten of a period
    to its total; T1..Tn to the cumulative period; per verloop row the rule
    with its printed verschil, berekend from its five inputs, and actueel =
    berekend + verschil. Returns the recovered suppressed cells. resps: one
    reply or the replies of several requests (D51: every trimester
    parameter), one reader's view: a cell printed by one and suppressed by
    another is recovered at once, and T1 + T2 = T1+T2, T1+T2 + T3 =
    T1+T2+T3 relate the periods of all of them."""
    vals, eqs = {}, []  # eqs: (list of (cell, sign), constant): sum(sign * cell) = constant
    suppressed = set()

    def val(key, v):
        if v is None:
            suppressed.add(key)
        else:
            vals[key] = v

    resps = disclosure.as_list(resps)
    dus = set()
    for resp in resps:
        tel = tellingen(resp)
        for k_, v in tel.items():
            val(("tel",) + k_, v)
        for pc in {(k_[0], k_[1]) for k_ in tel}:
            parts = [("tel",) + k_ for k_ in tel if (k_[0], k_[1]) == pc and k_[2] != "totaal"]
            eqs.append(([(c, 1) for c in parts] + [(("tel", pc[0], pc[1], "totaal", ""), -1)], 0))
        dr, pd = dreigend(resp), ds(resp.peildatum)
        for w, v in dr.items():
            val(("dr", pd, w), v)
        eqs.append(([(("dr", pd, w), 1) for w in dr if w != "Totaal"] + [(("dr", pd, "Totaal"), -1)], 0))
        du = duur(resp)
        dus |= set(du)
        for k_, v in du.items():
            val(("du",) + k_, v[0])
        for p_ in resp.perioden:
            eqs.append(([(("du", p_, u), 1) for (pp, u) in du if pp == p_ and u] + [(("du", p_, ""), -1)], 0))
        for x in resp.verloop:
            i = (ds(x.van), ds(x.tot), x.gemeente)
            names = ("begin", "nieuw", "verhuisd", "achttien", "opgelost", "actueel", "berekend")
            for f in names:
                val(("vl", i, f), cellv(getattr(x, f)))
            sg = {"begin": 1, "nieuw": 1, "verhuisd": -1, "achttien": -1, "opgelost": -1}
            eqs.append(([(("vl", i, f), -s) for f, s in sg.items()] + [(("vl", i, "actueel"), 1)], x.verschil))
            eqs.append(([(("vl", i, f), s) for f, s in sg.items()] + [(("vl", i, "berekend"), -1)], 0))
            eqs.append(([(("vl", i, "actueel"), 1), (("vl", i, "berekend"), -1)], x.verschil))
    for u in {u for (_, u) in dus}:
        for parts, whole in disclosure.period_relations(disclosure.periods_of(resps)):
            eqs.append(([(("du", p_, u), 1) for p_ in parts] + [(("du", whole, u), -1)], 0))
    known = dict(vals)
    changed = True
    while changed:
        changed = False
        for terms, const in eqs:
            unknown = [(c, s) for c, s in terms if c not in known]
            if len(unknown) == 1:
                c, s = unknown[0]
                known[c] = (const - sum(s2 * known[c2] for c2, s2 in terms if c2 in known)) * s
                changed = True
    return {k_ for k_ in suppressed if k_ in known}


# NK's verloop: a few small figures, one period that does not add up
for g, f in (("Alkmaar", (12, 3, 1, 0, 2, 12)), ("Heiloo", (2, 1, 0, 0, 1, 2)),
             ("Heerhugowaard", (7, 6, 1, 1, 2, 10))):
    verloop(nb, D(2016, 12, 16), D(2017, 3, 15), gem_id[g], f)
r = expect("GetThuiszitterReport as NK's toezicht", report(ntz), "OK")
if r.code == "OK":
    eq("toezicht: suppressed, threshold 5", (r.resp.suppressed, r.resp.small_cell_threshold), (True, 5))
    d = dreigend(r.resp)
    check("toezicht: the small dreigend cells are suppressed, 11 and the total stay", d["Alkmaar-Noord"] is None
          and d["Heerhugowaard-Noord"] == 11 and d["Totaal"] == 24, repr(d))
    check("toezicht: Heerhugowaard's verloop still says it does not add up (verschil 1)",
          any(x.gemeente == "Heerhugowaard" and not x.klopt and x.verschil == 1 for x in r.resp.verloop),
          repr(verloop_rows(r.resp)))
    eq("toezicht: no suppressed cell can be recovered from totals, periods or the rule", recover(r.resp), set())
    # the same attack on per-cell suppression alone must succeed, or this test could not fail
    full = report(nb).resp
    for x in list(full.tellingen) + list(full.dreigend):
        if x.aantal.value < 5:
            x.aantal.suppressed = True
    for x in full.duur:
        if x.afgesloten.value < 5:
            x.afgesloten.suppressed = True
    for x in full.verloop:
        for f in ("begin", "nieuw", "verhuisd", "achttien", "opgelost", "actueel"):
            if getattr(x, f).value < 5:
                getattr(x, f).suppressed = True
    naive = recover(full)
    check("... while suppressing each small cell on its own gives cells away (e.g. Langedijk's 1 absoluut verzuim from the total)",
          len(naive) > 0, repr(naive))
# D51: the replies of every trimester parameter combined (T1 alone; T1, T2, T1+T2; T1..T3, T1+T2+T3)
eq("toezicht: no suppressed cell follows from combining the replies of every trimester parameter",
   recover([pr.must(report(ntz, tri=t), "thuiszitters T%d" % t) for t in (0, 1, 2, 3)]), set())
r = expect("GetThuiszitterReport as NK's bestuur: nothing suppressed", report(nb), "OK")
if r.code == "OK":
    eq("bestuur: no suppressed cell", recover(r.resp) | {k_ for k_, v in dreigend(r.resp).items() if v is None}, set())

cl.close()
print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
scenario.done()
