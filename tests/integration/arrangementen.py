# arrangementen: arrangements of the werkgebied area (issue 8 point 4, D32)
# through passendd (python grpcio) and in SQL: every legal and every illegal
# step of the workflow (FAILED_PRECONDITION naming the state), the verlenging
# with its reflectie, events with actor and time, consent refusals writing
# nothing, every field rule with its exact error, scope per role and the
# audit rows naming the ids. Prints "ok - X" / "FAIL - X: why" (py_checks).
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq  # noqa: E402

args = scenario.parse_args()
M = pr.load(args.src, args.out)
V, AR, C = M.vragen, M.arr, M.common
cl = pr.Client(args.server, args.ca)
P = pr.P_WG
STATES = ["unspecified", "aangevraagd", "toegekend", "lopend", "geevalueerd", "verlengd", "beeindigd", "afgewezen",
          "ingetrokken"]


def call(method, req, token):
    return cl.call(P + method, req, token)


def expect(name, res, want, details=None):
    """The call answered code want (and exactly the message details when given)."""
    good = res.code == want and (details is None or res.details == details)
    check(name, good, "got %s %r, want %s%s" % (res.code, res.details, want,
                                                 (" %r" % details) if details is not None else ""))
    return res


def sql(q):
    return scenario.psql(args.super_db, q)


def sq(role, swv, scope, q):
    """q as passend_app with the principal of one RPC (role, tenant, scope)."""
    pre = ["BEGIN;", "SET LOCAL ROLE passend_%s;" % role, "SET LOCAL passend.role = '%s';" % role,
           "SET LOCAL passend.swv_id = '%s';" % swv]
    if scope:
        pre.append("SET LOCAL passend.scope = '%s';" % ",".join(scope))
    p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", args.db],
                       input="\n".join(pre + [q, "COMMIT;"]) + "\n", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def D(y, m, d):
    return C.Date(year=y, month=m, day=d)


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


# ============================ audit ==============================================
def audit_last(method, role):
    out = sql("SELECT array_to_string(object_ids, ' ') || '|' || outcome FROM platform.audit_log "
              "WHERE token_id = '%s' AND method = '/passend.v1.Werkgebied/%s' ORDER BY id DESC LIMIT 1"
              % (A.token_ids[role], method))
    if not out:
        return None, None
    ids, outcome = out.split("|")
    return set(ids.split()), int(outcome)


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

cl.close()
print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
scenario.done()
