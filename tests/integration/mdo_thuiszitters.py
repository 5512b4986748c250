# mdo_thuiszitters: MDOs (issue 8 point 3) through passendd (python grpcio):
# recording one under a consent covering mdo (refused with
# FAILED_PRECONDITION naming the missing consent, nothing written), every
# field rule with its exact error (the placement's 10-20 weeks among them),
# the level list (an inactive level is refused), scope per role, paging,
# the audit rows naming the ids and toezicht's missing privilege in SQL.
# Prints "ok - X" / "FAIL - X: why" lines (py_checks).
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import disclosure  # noqa: E402
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq, expect  # noqa: E402

S = pr.Area(pr.P_WG)
args, M, cl = S.args, S.M, S.cl
call, sql, D = S.call, S.sql, S.date
L, V, Mq, C = M.lijsten, M.vragen, M.mdo, M.common


world = pr.build_world(cl, args.admin_token)
A, Bt = world["A"], world["B"]
bt, tz, wt, st = (A.tokens[r] for r in ("bestuur", "toezicht", "werkgebied", "school"))
p11, p12, p21 = A.pupil["p11"], A.pupil["p12"], A.pupil["p21"]
b_p11 = Bt.pupil["p11"]


def mdo(token, pupil, datum=D(2016, 10, 10), niveau="niv_2", deelnemers=(1, 2, 3), kind=True, uitkomst=4,
        plaatsing=0, weken=0):
    m = Mq.Mdo(leerling_id=pupil, niveau=niveau, deelnemers=list(deelnemers), kind_deelgenomen=kind,
               uitkomst=uitkomst, plaatsing=plaatsing, plaatsing_weken=weken)
    if datum is not None:
        m.datum.CopyFrom(datum)
    return call("CreateMdo", Mq.CreateMdoRequest(mdo=m), token)


def consent(token, pupil, scopes, datum):
    return pr.must(call("RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
        leerling_id=pupil, scopes=scopes, gezag=1, datum=datum)), token), "RecordToestemming")


def count_mdos():
    return sql("SELECT count(*) FROM werkgebied.mdos")


# ============================ consent ==========================================
expect("CreateMdo without any consent: FAILED_PRECONDITION naming it", mdo(bt, p11), "FAILED_PRECONDITION",
       "no parental consent for mdo for leerling %s on 2016-10-10" % p11)
consent(bt, p11, [1], D(2016, 9, 1))
expect("a consent for ondersteuningsvraag only does not cover an MDO", mdo(bt, p11), "FAILED_PRECONDITION",
       "no parental consent for mdo for leerling %s on 2016-10-10" % p11)
eq("a refused MDO writes nothing", count_mdos(), "0")
c11 = consent(bt, p11, [2], D(2016, 9, 1)).id
c12 = consent(bt, p12, [2, 3], D(2016, 9, 1)).id
consent(bt, p21, [2], D(2016, 9, 1))
expect("CreateMdo before the consent's datum: FAILED_PRECONDITION", mdo(bt, p11, D(2016, 8, 31)),
       "FAILED_PRECONDITION", "no parental consent for mdo for leerling %s on 2016-08-31" % p11)
w = call("WithdrawToestemming", V.WithdrawToestemmingRequest(id=c12, ingetrokken_op=D(2017, 1, 1)), bt)
expect("withdraw p12's mdo consent from 2017-01-01", w, "OK")
expect("CreateMdo after the withdrawal: FAILED_PRECONDITION naming it", mdo(wt, p12, D(2017, 1, 5)),
       "FAILED_PRECONDITION", "parental consent for mdo for leerling %s was withdrawn on 2017-01-01" % p12)

# ============================ recording ========================================
r = expect("CreateMdo by the school for p11 (geen)", mdo(st, p11, deelnemers=(1, 2), kind=False), "OK")
m11 = r.resp.id if r.code == "OK" else ""
if r.code == "OK":
    g = r.resp
    eq("the MDO as stored", (g.leerling_id, g.school_id, g.werkgebied_id, g.niveau, g.datum, list(g.deelnemers),
                             g.kind_deelgenomen, g.uitkomst, g.plaatsing, g.plaatsing_weken, g.leeftijd,
                             g.toestemming_id, g.recorded_by, g.tenant_id),
       (p11, A.school["s11"], A.wg["wg1"], "niv_2", D(2016, 10, 10), [1, 2], False, 4, 0, 0, 1, c11, "school", A.id))
r = expect("CreateMdo by the consulent for p12: tijdelijke plaatsing SO 10 weeks",
           mdo(wt, p12, D(2016, 11, 1), niveau="niv_4", deelnemers=(3, 4, 5, 6, 2, 1), uitkomst=3, plaatsing=2,
               weken=10), "OK")
m12 = r.resp.id if r.code == "OK" else ""
if r.code == "OK":
    eq("the placement as stored", (r.resp.uitkomst, r.resp.plaatsing, r.resp.plaatsing_weken, list(r.resp.deelnemers)),
       (3, 2, 10, [3, 4, 5, 6, 2, 1]))
expect("CreateMdo tijdelijke plaatsing SBO 20 weeks", mdo(bt, p21, uitkomst=3, plaatsing=1, weken=20), "OK")
expect("CreateMdo arrangement", mdo(bt, p21, uitkomst=1, niveau="niv_3"), "OK")
expect("CreateMdo tlv_route ivm_vo", mdo(bt, p21, uitkomst=2, niveau="ivm_vo"), "OK")
r = expect("GetMdo by the consulent of wg1", call("GetMdo", Mq.GetMdoRequest(id=m11), wt), "OK")
eq("GetMdo returns the MDO", r.resp.id if r.code == "OK" else None, m11)

# ============================ scope ============================================
expect("CreateMdo by the school for p12 (another school): NOT_FOUND", mdo(st, p12), "NOT_FOUND")
expect("CreateMdo by consulent wg1 for p21 (wg2): NOT_FOUND", mdo(wt, p21), "NOT_FOUND")
expect("CreateMdo for tenant B's pupil: NOT_FOUND", mdo(bt, b_p11), "NOT_FOUND")
expect("CreateMdo by toezicht: PERMISSION_DENIED", mdo(tz, p11), "PERMISSION_DENIED")
expect("GetMdo by toezicht: PERMISSION_DENIED", call("GetMdo", Mq.GetMdoRequest(id=m11), tz), "PERMISSION_DENIED")
expect("GetMdo of p12's MDO by the school of p11: NOT_FOUND", call("GetMdo", Mq.GetMdoRequest(id=m12), st),
       "NOT_FOUND", "mdo not found")
expect("GetMdo by tenant B's bestuur: NOT_FOUND", call("GetMdo", Mq.GetMdoRequest(id=m11), Bt.tokens["bestuur"]),
       "NOT_FOUND")
for who, tok, want in (("bestuur", bt, 5), ("consulent wg1", wt, 2), ("school s11", st, 1)):
    r = call("ListMdos", Mq.ListMdosRequest(page=C.PageRequest(page_size=1000)), tok)
    eq("ListMdos by %s: its pupils' MDOs" % who, len(r.resp.mdos) if r.code == "OK" else r.code, want)
r = call("ListMdos", Mq.ListMdosRequest(leerling_id=p21, page=C.PageRequest(page_size=2)), bt)
seen = [x.id for x in r.resp.mdos] if r.code == "OK" else []
check("ListMdos paged by 2 with a pupil filter: a next page", r.code == "OK" and r.resp.next_page_token != "", repr(r))
r2 = call("ListMdos", Mq.ListMdosRequest(leerling_id=p21, page=C.PageRequest(page_size=2,
                                                                              page_token=r.resp.next_page_token)), bt)
seen += [x.id for x in r2.resp.mdos] if r2.code == "OK" else []
check("... the second page completes p21's 3 MDOs, each once", len(set(seen)) == 3 == len(seen)
      and r2.resp.next_page_token == "", "%r" % seen)
rc = subprocess.run(["psql", "-X", "-q", "-At", args.super_db, "-c",
                     "SELECT has_table_privilege('passend_toezicht', 'werkgebied.mdos', "
                     "'SELECT,INSERT,UPDATE,DELETE')"], stdout=subprocess.PIPE, text=True, timeout=60).stdout.strip()
eq("toezicht has no privilege on werkgebied.mdos (SQL)", rc, "f")

# ============================ level list =======================================
pr.must(call("DeactivateLijstWaarde", L.DeactivateLijstWaardeRequest(soort=3, code="ivm_vo"), bt), "deactivate ivm_vo")
expect("CreateMdo with a deactivated level: INVALID_ARGUMENT", mdo(bt, p11, niveau="ivm_vo"), "INVALID_ARGUMENT",
       "mdo.niveau is not an active mdo_niveau of this tenant (ListLijstWaarden)")
r = call("ListMdos", Mq.ListMdosRequest(leerling_id=p21, page=C.PageRequest(page_size=100)), bt)
check("an MDO stored with ivm_vo keeps it after the deactivation",
      r.code == "OK" and "ivm_vo" in [x.niveau for x in r.resp.mdos], repr(r))
expect("CreateMdo with an unknown level: INVALID_ARGUMENT", mdo(bt, p11, niveau="niv_9"), "INVALID_ARGUMENT",
       "mdo.niveau is not an active mdo_niveau of this tenant (ListLijstWaarden)")

# ============================ bad input ========================================
n_before = count_mdos()
DEEL = "school, ouders, consulent, jeugdhulp, jeugdarts or overig"
for name, kw, msg in (
        ("no mdo", None, "mdo is required"),
        ("leerling_id not a UUID", {"pupil": "x"}, "mdo.leerling_id is not a UUID"),
        ("no niveau", {"niveau": ""}, "mdo.niveau is required: a code of the mdo_niveau list (ListLijstWaarden)"),
        ("niveau not a code", {"niveau": "Niv 2"},
         "mdo.niveau is required: a code of the mdo_niveau list (ListLijstWaarden)"),
        ("no datum", {"datum": None}, "mdo.datum is required"),
        ("datum not real", {"datum": D(2017, 2, 30)}, "mdo.datum is not a valid date"),
        ("no deelnemers", {"deelnemers": ()}, "mdo.deelnemers must name at least one of " + DEEL),
        ("deelnemer 0", {"deelnemers": (1, 0)}, "mdo.deelnemers: 0 is not a deelnemer (" + DEEL + ")"),
        ("deelnemer 7", {"deelnemers": (7,)}, "mdo.deelnemers: 7 is not a deelnemer (" + DEEL + ")"),
        ("deelnemer twice", {"deelnemers": (1, 3, 1)}, "mdo.deelnemers names a deelnemer twice"),
        ("no uitkomst", {"uitkomst": 0},
         "mdo.uitkomst is required: arrangement, tlv_route, tijdelijke_plaatsing or geen"),
        ("uitkomst 5", {"uitkomst": 5},
         "mdo.uitkomst is required: arrangement, tlv_route, tijdelijke_plaatsing or geen"),
        ("placement without plaatsing", {"uitkomst": 3, "weken": 12},
         "mdo.plaatsing is required for a tijdelijke plaatsing: sbo or so"),
        ("placement of 9 weeks", {"uitkomst": 3, "plaatsing": 1, "weken": 9},
         "mdo.plaatsing_weken must be 10..20 for a tijdelijke plaatsing"),
        ("placement of 21 weeks", {"uitkomst": 3, "plaatsing": 2, "weken": 21},
         "mdo.plaatsing_weken must be 10..20 for a tijdelijke plaatsing"),
        ("placement without weeks", {"uitkomst": 3, "plaatsing": 2},
         "mdo.plaatsing_weken must be 10..20 for a tijdelijke plaatsing"),
        ("plaatsing with uitkomst geen", {"uitkomst": 4, "plaatsing": 1},
         "mdo.plaatsing and mdo.plaatsing_weken are only for uitkomst tijdelijke_plaatsing"),
        ("weeks with uitkomst arrangement", {"uitkomst": 1, "weken": 12},
         "mdo.plaatsing and mdo.plaatsing_weken are only for uitkomst tijdelijke_plaatsing")):
    if kw is None:
        res = call("CreateMdo", Mq.CreateMdoRequest(), bt)
    else:
        a = dict(kw)
        res = mdo(bt, a.pop("pupil", p11), **a)
    expect("CreateMdo %s: INVALID_ARGUMENT" % name, res, "INVALID_ARGUMENT", msg)
expect("GetMdo with a bad id: INVALID_ARGUMENT", call("GetMdo", Mq.GetMdoRequest(id="x"), bt), "INVALID_ARGUMENT",
       "id is not a UUID")
expect("ListMdos with a bad leerling_id: INVALID_ARGUMENT", call("ListMdos", Mq.ListMdosRequest(leerling_id="x"), bt),
       "INVALID_ARGUMENT", "leerling_id is not a UUID")
eq("bad input writes nothing", count_mdos(), n_before)
rc = subprocess.run(["psql", "-X", "-q", "-At", args.super_db, "-c",
                     "INSERT INTO werkgebied.mdos (swv_id, id, leerling_id, school_id, niveau, datum, deelnemers, "
                     "kind_deelgenomen, uitkomst, plaatsing, plaatsing_weken, toestemming_id) SELECT swv_id, "
                     "gen_random_uuid(), leerling_id, school_id, niveau, datum, deelnemers, kind_deelgenomen, "
                     "uitkomst, plaatsing, 9, toestemming_id FROM werkgebied.mdos WHERE id = '%s'" % m12],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
check("the table refuses a placement of 9 weeks whoever writes (superuser)", rc.returncode != 0
      and "plaatsing_weken" in rc.stderr, rc.stderr)


# ============================ audit =============================================
def audit_last(method, role):
    return S.audit_last(A.token_ids[role], method)


call("GetMdo", Mq.GetMdoRequest(id=m12), wt)
eq("audit GetMdo (consulent): the MDO and its pupil", audit_last("GetMdo", "werkgebied"), ({m12, p12}, 0))
call("ListMdos", Mq.ListMdosRequest(page=C.PageRequest(page_size=100)), st)
eq("audit ListMdos (school): every listed MDO and pupil", audit_last("ListMdos", "school"), ({m11, p11}, 0))
r = mdo(st, p11, D(2016, 12, 1))
eq("audit CreateMdo (school): the new MDO and its pupil", audit_last("CreateMdo", "school"),
   ({r.resp.id if r.code == "OK" else "?", p11}, 0))
mdo(wt, p12, D(2017, 2, 1))
# a failure row names the ids the request named (docs/decisions.md D36)
eq("audit of a consent refusal: a failure row (FAILED_PRECONDITION = 9) naming the requested pupil",
   audit_last("CreateMdo", "werkgebied"), ({p12}, 9))

# ============================ the MDO report =====================================
# In tenant B (its own data): T1 (2016-08-01..2016-12-01) and T2 (..2017-04-01)
# by the default trimesters, every pupil born 2015 (so all younger than 8).
R_ = M.rapportage
bb, btz, bwt = Bt.tokens["bestuur"], Bt.tokens["toezicht"], Bt.tokens["werkgebied"]
for k in ("p11", "p12", "p21"):
    consent(bb, Bt.pupil[k], [2], D(2016, 8, 1))
DATA = [  # (datum, niveau, n, kind taking part, (plaatsing, weken) or None)
    (D(2016, 9, 15), "niv_2", 4, True, None), (D(2016, 9, 15), "niv_2", 2, False, None),
    (D(2016, 10, 3), "niv_3", 2, True, None),
    (D(2016, 11, 30), "niv_4", 3, True, (1, 12)), (D(2016, 11, 30), "niv_4", 1, True, (2, 10)),
    (D(2016, 8, 1), "niv_4", 3, True, None),
    (D(2016, 12, 1), "niv_2", 1, True, None), (D(2017, 1, 15), "niv_3", 6, True, None),
    (D(2017, 3, 31), "niv_4", 4, True, None), (D(2017, 2, 1), "niv_4", 2, True, (2, 20)),
    (D(2017, 4, 1), "niv_2", 3, True, None),  # T3: outside a report through T2
]
bad = []
i = 0
for datum, niveau, n, kind, pl in DATA:
    for _ in range(n):
        pid = Bt.pupil[("p11", "p12", "p21")[i % 3]]
        i += 1
        r = mdo(bb, pid, datum, niveau=niveau, kind=kind, uitkomst=3 if pl else 4, plaatsing=pl[0] if pl else 0,
                weken=pl[1] if pl else 0)
        if r.code != "OK":
            bad.append(repr(r))
check("tenant B records the report's 31 MDOs", not bad, repr(bad[:2]))


def report(token, sj="2016-2017", tri=2):
    return cl.call("/passend.v1.Rapportage/GetMdoReport", R_.GetMdoReportRequest(schooljaar=sj, trimester=tri), token)


def cellv(c):
    return None if c.suppressed else c.value


def decv(d):
    return None if d.suppressed else d.value


def grid(resp):
    """{(periode, niveau): count}, {periode: (mdos, onder8, kind, sbo, so)}; None = suppressed."""
    lv = {(x.periode, x.niveau): cellv(x.aantal) for x in resp.per_niveau}
    km = {x.periode: (cellv(x.mdos), decv(x.aandeel_jonger_dan_8), decv(x.aandeel_kind_deelgenomen),
                      cellv(x.tijdelijke_plaatsingen_sbo), cellv(x.tijdelijke_plaatsingen_so)) for x in resp.kenmerken}
    return lv, km


r = expect("GetMdoReport 2016-2017 T2 as bestuur", report(bb), "OK")
if r.code == "OK":
    lv, km = grid(r.resp)
    eq("perioden", list(r.resp.perioden), ["T1", "T2", "T1+T2"])
    eq("bestuur: MDOs per level per period, unsuppressed", lv, {
        ("T1", "niv_2"): 6, ("T1", "niv_3"): 2, ("T1", "niv_4"): 7, ("T1", "ivm_vo"): 0,
        ("T2", "niv_2"): 1, ("T2", "niv_3"): 6, ("T2", "niv_4"): 6, ("T2", "ivm_vo"): 0,
        ("T1+T2", "niv_2"): 7, ("T1+T2", "niv_3"): 8, ("T1+T2", "niv_4"): 13, ("T1+T2", "ivm_vo"): 0})
    eq("bestuur: kenmerken per period (MDOs, <8, kind, SBO, SO)", km, {
        "T1": (15, "1.00", "0.87", 3, 1), "T2": (13, "1.00", "1.00", 0, 2), "T1+T2": (28, "1.00", "0.93", 3, 3)})
    eq("bestuur: not suppressed, threshold 5", (r.resp.suppressed, r.resp.small_cell_threshold), (False, 5))
r = expect("GetMdoReport T1 only", report(bb, tri=1), "OK")
if r.code == "OK":
    eq("T1 only: one period", (list(r.resp.perioden), len(r.resp.kenmerken)), (["T1"], 1))
r = expect("GetMdoReport whole year (trimester 0)", report(bb, tri=0), "OK")
if r.code == "OK":
    eq("whole year: T1, T2, T3 and cumulative", list(r.resp.perioden), ["T1", "T2", "T3", "T1+T2+T3"])
    eq("whole year: the T3 MDOs count in T3", grid(r.resp)[1]["T3"][0], 3)
expect("GetMdoReport bad schooljaar", report(bb, sj="2016-2018"), "INVALID_ARGUMENT",
       'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"')
expect("GetMdoReport bad trimester", report(bb, tri=4), "INVALID_ARGUMENT", "trimester must be 0 (whole year) or 1..3")
expect("GetMdoReport by a school: PERMISSION_DENIED", report(Bt.tokens["school"]), "PERMISSION_DENIED")
r = expect("GetMdoReport by tenant A's bestuur does not see tenant B's MDOs", report(bt), "OK")
if r.code == "OK":
    eq("tenant A's T1+T2 MDOs: its own", grid(r.resp)[1]["T1+T2"][0], int(sql(
        "SELECT count(*) FROM werkgebied.mdos WHERE swv_id = '%s' AND datum >= '2016-08-01' AND datum < '2017-04-01'"
        % A.id)))


def attack(resps, hide=None):
    """A printed MdoReport as a disclosure.Report: the levels of a period
    add up to its MDOs; T1..Tn add up to the cumulative period for every
    count and for the numerators of the shares (jonger dan 8 over the MDOs
    with a known birth year, kind deelgenomen over the MDOs). hide(value)
    suppresses a level count as a per-cell rule would (the control). resps:
    one reply or the replies of several requests (D51), one reader's view."""
    rep = disclosure.Report()
    resps = disclosure.as_list(resps)
    per = disclosure.periods_of(resps)
    levels = sorted({x.niveau for r in resps for x in r.per_niveau})
    for x in (x for r in resps for x in r.per_niveau):
        rep.cell(("lvl", x.periode, x.niveau), x.aantal.value,
                 x.aantal.suppressed if hide is None else hide(x.aantal.value))
    for x in (x for r in resps for x in r.kenmerken):
        p = x.periode
        for k, c in (("mdos", x.mdos), ("sbo", x.tijdelijke_plaatsingen_sbo), ("so", x.tijdelijke_plaatsingen_so)):
            rep.cell((k, p), c.value, c.suppressed if hide is None else False)
        for k, d, den in (("o8", x.aandeel_jonger_dan_8, ("gj", p)), ("kind", x.aandeel_kind_deelgenomen, ("mdos", p))):
            rep.share(None if d.suppressed and hide is None else d.value, (k, p), den)
        rep.sum([("lvl", p, n) for n in levels], ("mdos", p))
    for key in [("lvl", n) for n in levels] + [("mdos",), ("sbo",), ("so",), ("o8",), ("gj",), ("kind",)]:
        rep.over_periods(per, lambda p, key=key: (key[0], p) + key[1:])
    return rep


for who, tok in (("toezicht", btz), ("bestuur", bb)):
    r = expect("GetMdoReport as %s" % who, report(tok), "OK")
    if r.code != "OK":
        continue
    lv, km = grid(r.resp)
    sup = [k for k, v in lv.items() if v is None] + [p for p, v in km.items() if None in v]
    if who == "bestuur":
        eq("bestuur: nothing suppressed", sup, [])
        continue
    check("toezicht: the small cells are suppressed (T1 niv_3 = 2, T2 niv_2 = 1, SO T1 = 1)",
          lv[("T1", "niv_3")] is None and lv[("T2", "niv_2")] is None and km["T1"][4] is None, "%r %r" % (lv, km))
    check("toezicht: a share whose complement is small (all younger than 8) is suppressed",
          all(km[p][1] is None for p in km), repr(km))
    check("toezicht: large cells stay printed (T1 niv_4 = 7, T1+T2 niv_4 = 13, MDOs)",
          lv[("T1", "niv_4")] == 7 and lv[("T1+T2", "niv_4")] == 13 and km["T1+T2"][0] == 28, repr(lv))
    full = report(bb).resp
    disclosure.check_none("toezicht: no suppressed cell can be recovered from totals or other periods",
                          attack(r.resp), attack(full, hide=lambda v: False).known)
    # the same attack on per-cell suppression alone must succeed, or the test could not fail
    got = attack(full, hide=lambda v: v < 5).recover()
    check("... while suppressing each small cell on its own would give T2 niv_2 away",
          ("lvl", "T2", "niv_2") in got, repr(got))
# D51: an attacker combines the replies of every period parameter (T1 alone; T1, T2, T1+T2; T1..T3 and
# T1+T2+T3 for trimester 3 and the whole year)
tz_all = [pr.must(report(btz, tri=k), "MDO T%d" % k) for k in (0, 1, 2, 3)]
bb_all = [pr.must(report(bb, tri=k), "MDO T%d" % k) for k in (0, 1, 2, 3)]
disclosure.check_none("toezicht: no suppressed MDO cell follows from combining the replies of every trimester "
                      "parameter", attack(tz_all), attack(bb_all, hide=lambda v: False).known)
r = expect("GetMdoReport as B's consulent (wg1: p11 and p12)", report(bwt), "OK")
if r.code == "OK":
    n = int(sql("SELECT count(*) FROM werkgebied.mdos x JOIN werkgebied.leerlingen l ON l.swv_id = x.swv_id AND "
                "l.id = x.leerling_id WHERE x.swv_id = '%s' AND l.werkgebied_id = '%s' AND x.datum >= '2016-08-01' "
                "AND x.datum < '2017-04-01'" % (Bt.id, Bt.wg["wg1"])))
    eq("the consulent's report counts the MDOs of its werkgebied's pupils", grid(r.resp)[1]["T1+T2"][0], n)
    check("... fewer than the whole tenant", n < 28, str(n))

cl.close()
print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
scenario.done()
