#!/usr/bin/python3
# pupil_scope: a pupil is visible to the consulent (werkgebied role) of its
# school's CURRENT werkgebied only (issue 8 point 7), checked through the RPCs
# and in SQL while schools move between werkgebieden; pupil rows that disagree
# with their school are refused whoever writes them. "ok - X" / "FAIL - X: why".
#
# Moves: s11 wg1 -> wg2 -> wg1 by UpdateSchool and again by SQL as the
# bestuur role (as the scholen import does); an SBO school without werkgebied
# -> wg2 -> none. After each: both consulents' ListLeerlingen (and its
# filters), GetLeerling and CreateLeerling, the same in SQL as passend_app
# with their principal, bestuur's view, the toezicht aggregate, and no row
# disagreeing; the same for the pupils' consents and support requests
# and individueel arrangements (werkgebied.toestemmingen,
# werkgebied.ondersteuningsvragen, werkgebied.arrangementen and their events:
# visible exactly when their pupil is), and a consulent's MDO import (FinishImport)
# reaching exactly the pupils she sees, and her change feed (Sync/WatchChanges,
# feed.changes: the MDO changes of exactly those pupils). Guards: a pupil-level method or relation the
# werkgebied role can read that this test does not check fails it.
import argparse
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import grpc  # noqa: E402
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402

ap = argparse.ArgumentParser()
for a in ("--server", "--ca", "--admin-token", "--src", "--out", "--methods-json", "--app-db", "--super-db"):
    ap.add_argument(a, required=True)
args = ap.parse_args()
M = pr.load(args.src, args.out)
W, B, V, AR = M.werkgebied, M.bestuur, M.vragen, M.arr
fails = 0


def check(name, cond, why=""):
    global fails
    if cond:
        print("ok - " + name, flush=True)
    else:
        fails += 1
        print("FAIL - %s: %s" % (name, why), flush=True)


def sql_super(q):
    rc, out, err = scenario.psql_script(args.super_db, q)
    if rc != 0:
        raise RuntimeError("psql as superuser: %s" % err)
    return out


def sq(role, swv, scope, q):
    """Run q as passend_app with the principal of one RPC (role, tenant, scope)
    in one transaction, as passendd does. Returns (rc, stdout, stderr)."""
    return scenario.psql_script(args.app_db, scenario.principal_script(role, swv, scope, q))


cl = pr.Client(args.server, args.ca)
world = pr.build_world(cl, args.admin_token)
A = world["A"]
bt = A.tokens["bestuur"]
wg1, wg2 = A.wg["wg1"], A.wg["wg2"]
WG = {wg1: "wg1", wg2: "wg2"}
consulent = {wg1: A.tokens["werkgebied"],
             wg2: pr.create_token(cl, args.admin_token, "werkgebied", A.id, (wg2,), description="A wg2")[0]}

# ---- fixture: 5 pupils at s11 (the school that moves), s12 (wg1) and s21
# (wg2), so no toezicht count is suppressed; an SBO school without werkgebied
# with one pupil
r = cl.call(pr.P_BES + "CreateSchool", B.CreateSchoolRequest(school=B.School(
    brin="77SB", vestiging="00", name="A sbo zonder werkgebied", soort=2)), bt)
A.school["sbo"] = pr.must(r, "CreateSchool sbo").id
where = {"s11": wg1, "s12": wg1, "s21": wg2, "sbo": None}  # school -> its current werkgebied
pupils = {s: [] for s in where}
for p, s in A.pupil_school.items():
    pupils[s].append(A.pupil[p])


def create_pupil(school, token, ext):
    return cl.call(pr.P_WG + "CreateLeerling", W.CreateLeerlingRequest(leerling=W.Leerling(
        school_id=A.school[school], source_system="parnassys", external_id=ext, geboortejaar=2015, geslacht=2)),
        token)


n_ext = [0]


def next_ext(school):
    n_ext[0] += 1
    return "A-%s-extra-%d" % (school, n_ext[0])


for s, n in (("s11", 4), ("s12", 4), ("s21", 4), ("sbo", 1)):
    for _ in range(n):
        pupils[s].append(pr.must(create_pupil(s, bt, next_ext(s)), "CreateLeerling at %s" % s).id)
threshold = int(sql_super("SELECT small_cell_threshold FROM platform.tenants WHERE id = '%s'" % A.id))

# every pupil so far gets a parental consent, a support request and an
# individueel arrangement (by bestuur)
toest_of, vraag_of, arr_of = {}, {}, {}  # pupil -> [ids]


def date(y, m, d):
    return M.common.Date(year=y, month=m, day=d)


def record_consent(pupil, token):
    return cl.call(pr.P_WG + "RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
        leerling_id=pupil, scopes=[1, 3], gezag=1, datum=date(2016, 9, 1))), token)


def create_vraag(pupil, token):
    return cl.call(pr.P_WG + "CreateOndersteuningsvraag", V.CreateOndersteuningsvraagRequest(vraag=V.Ondersteuningsvraag(
        leerling_id=pupil, omschrijving="scope", ingediend_op=date(2016, 10, 1))), token)


def request_arrangement(pupil, token):
    return cl.call(pr.P_WG + "RequestArrangement", AR.RequestArrangementRequest(arrangement=AR.Arrangement(
        arrangement_type="individueel", leerling_id=pupil, startdatum=date(2016, 10, 1),
        einddatum=date(2017, 1, 31))), token)


mdo_of = {}  # pupil -> [MDO ids]


def create_mdo(pupil, token):
    return cl.call(pr.P_WG + "CreateMdo", M.mdo.CreateMdoRequest(mdo=M.mdo.Mdo(
        leerling_id=pupil, niveau="niv_3", datum=date(2016, 10, 1), deelnemers=[1, 3], uitkomst=4)), token)


casus_of = {}  # pupil -> [thuiszitter case ids]
_casus_n = [0]


def create_casus(pupil, token):
    """A thuiszitter case of pupil, each on a startdatum of its own (one case per pupil and day)."""
    _casus_n[0] += 1
    d = datetime.date(2010, 1, 1) + datetime.timedelta(days=_casus_n[0])
    return cl.call(pr.P_WG + "CreateThuiszitterCasus", M.thuis.CreateThuiszitterCasusRequest(
        casus=M.thuis.ThuiszitterCasus(leerling_id=pupil, startdatum=date(d.year, d.month, d.day),
                                       scenarios=["verkort_rooster"])), token)


for s_ in pupils:
    for pid in pupils[s_]:
        casus_of[pid] = [pr.must(create_casus(pid, bt), "CreateThuiszitterCasus").id]
        toest_of[pid] = [pr.must(record_consent(pid, bt), "RecordToestemming").id]
        vraag_of[pid] = [pr.must(create_vraag(pid, bt), "CreateOndersteuningsvraag").id]
        if s_ != "sbo":  # an individueel arrangement needs the pupil's werkgebied (sbo has none yet)
            arr_of[pid] = [pr.must(request_arrangement(pid, bt), "RequestArrangement").id]
        toest_of[pid].append(pr.must(cl.call(pr.P_WG + "RecordToestemming", V.RecordToestemmingRequest(
            toestemming=V.Toestemming(leerling_id=pid, scopes=[2], gezag=1, datum=date(2016, 9, 1))), bt),
            "RecordToestemming mdo").id)
        mdo_of[pid] = [pr.must(create_mdo(pid, bt), "CreateMdo").id]

# a groep arrangement with every pupil so far, of all four schools, in a third
# werkgebied that neither consulent has: the arrangement is not theirs, but
# the rows of its pupils (werkgebied.arrangement_leerlingen) follow the pupils
wg3 = pr.must(cl.call(pr.P_WG + "CreateWerkgebied", W.CreateWerkgebiedRequest(
    werkgebied=W.WerkgebiedInfo(name="A wg3")), bt), "CreateWerkgebied wg3").id
group_pupils = {p for s_ in pupils for p in pupils[s_]}
pr.must(cl.call(pr.P_WG + "RequestArrangement", AR.RequestArrangementRequest(arrangement=AR.Arrangement(
    arrangement_type="groep", werkgebied_id=wg3, leerling_ids=sorted(group_pupils), startdatum=date(2016, 10, 1),
    einddatum=date(2017, 1, 31))), bt), "RequestArrangement groep")


def visible(wg):
    return {p for s, w in where.items() if w == wg for p in pupils[s]}


def list_ids(token, **filters):
    r = cl.call(pr.P_WG + "ListLeerlingen", W.ListLeerlingenRequest(page=M.common.PageRequest(page_size=1000),
                                                                     **filters), token)
    if r.code != "OK":
        return r, None
    return r, {x.id: x.werkgebied_id for x in r.resp.leerlingen}


def feed_mdos(tok):
    """The object ids of the MDO changes a WatchChanges stream of tok delivers
    within 2 s (the stream never ends by itself), or None on an error."""
    stub = cl._stub("/passend.v1.Sync/WatchChanges")[0]
    it = stub(M.sync_feed.WatchChangesRequest(), metadata=[("authorization", "Bearer " + tok)], timeout=2)
    got = set()
    try:
        for m in it:
            got |= {c.object_id for c in m.changes if c.kind == "mdo"}
    except grpc.RpcError as e:
        if e.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
            return None
    return got


def check_state(label):
    """Every read of both consulents, bestuur, the school and toezicht
    against `where`; then the owning consulent can add a pupil at s11 and
    the other cannot."""
    s11 = A.school["s11"]
    for wg, tok in consulent.items():
        who = "%s: consulent %s" % (label, WG[wg])
        want = visible(wg)
        r, got = list_ids(tok)
        check("%s lists exactly the pupils of the schools now in %s" % (who, WG[wg]),
              got is not None and set(got) == want,
              "%r; missing %d, extra %d" % (r, len(want - set(got or {})), len(set(got or {}) - want)))
        check("%s: every listed pupil carries werkgebied_id %s" % (who, WG[wg]),
              got is not None and all(v == wg for v in got.values()), repr(got))
        r, got = list_ids(tok, werkgebied_id=wg)
        check("%s: ListLeerlingen werkgebied_id=%s gives the same pupils" % (who, WG[wg]),
              got is not None and set(got) == want, repr(r))
        r, got = list_ids(tok, school_id=s11)
        mine = where["s11"] == wg
        check("%s: ListLeerlingen school_id=s11 gives %s" % (who, "its pupils" if mine else "nothing"),
              got is not None and set(got) == (set(pupils["s11"]) if mine else set()), repr(r))
        for s in ("s11", "sbo"):
            mine = where[s] == wg
            bad = []
            for pid in pupils[s]:
                g = cl.call(pr.P_WG + "GetLeerling", W.GetLeerlingRequest(id=pid), tok)
                if mine and not (g.code == "OK" and g.resp.werkgebied_id == wg):
                    bad.append((pid, repr(g), g.resp.werkgebied_id if g.resp else None))
                if not mine and g.code != "NOT_FOUND":
                    bad.append((pid, repr(g)))
            check("%s: GetLeerling of every %s pupil is %s" % (who, s, "OK" if mine else "NOT_FOUND"),
                  not bad, repr(bad[:3]))
        rc, out, err = sq("werkgebied", A.id, [wg], "SELECT id FROM werkgebied.leerlingen;")
        check("%s (SQL, passend_app as passend_werkgebied): sees exactly the same pupils" % who,
              rc == 0 and set(out.split()) == want,
              "rc %d err %s; missing %d, extra %d" % (rc, err, len(want - set(out.split())),
                                                       len(set(out.split()) - want)))
        rc, out, err = sq("werkgebied", A.id, [wg], "SELECT count(*) FROM werkgebied.leerlingen "
                          "WHERE school_id = '%s';" % s11)
        n = len(pupils["s11"]) if where["s11"] == wg else 0
        check("%s (SQL): %d pupils of s11 by school_id" % (who, n), rc == 0 and out == str(n),
              "rc %d out %s err %s" % (rc, out, err))
        # consents and support requests follow their pupils
        for what, method, req_cls, field, of, table in (
                ("consents", "ListToestemmingen", V.ListToestemmingenRequest, "toestemmingen", toest_of,
                 "werkgebied.toestemmingen"),
                ("support requests", "ListOndersteuningsvragen", V.ListOndersteuningsvragenRequest, "vragen",
                 vraag_of, "werkgebied.ondersteuningsvragen"),
                ("arrangements", "ListArrangementen", AR.ListArrangementenRequest, "arrangementen", arr_of,
                 "werkgebied.arrangementen"),
                ("MDOs", "ListMdos", M.mdo.ListMdosRequest, "mdos", mdo_of, "werkgebied.mdos"),
                ("thuiszitter cases", "ListThuiszitterCasussen", M.thuis.ListThuiszitterCasussenRequest, "casussen",
                 casus_of, "werkgebied.thuiszitter_casussen")):
            want_ids = {i for p in want for i in of.get(p, [])}
            r = cl.call(pr.P_WG + method, req_cls(page=M.common.PageRequest(page_size=1000)), tok)
            got = {x.id for x in getattr(r.resp, field)} if r.code == "OK" else None
            check("%s: %s lists exactly the %s of the pupils now in %s" % (who, method, what, WG[wg]),
                  got == want_ids, "%r; missing %d, extra %d" % (r, len(want_ids - (got or set())),
                                                                  len((got or set()) - want_ids)))
            rc, out, err = sq("werkgebied", A.id, [wg], "SELECT id FROM %s;" % table)
            check("%s (SQL): %s shows exactly the same %s" % (who, table, what),
                  rc == 0 and set(out.split()) == want_ids, "rc %d err %s" % (rc, err))
        want_ids = {i for p in want for i in arr_of.get(p, [])}
        rc, out, err = sq("werkgebied", A.id, [wg], "SELECT DISTINCT arrangement_id FROM werkgebied.arrangement_events;")
        check("%s (SQL): werkgebied.arrangement_events shows the events of exactly those arrangements" % who,
              rc == 0 and set(out.split()) == want_ids, "rc %d err %s" % (rc, err))
        # the change feed (D50): the MDO changes of exactly the pupils she sees now
        want_ids = {i for p in want for i in mdo_of.get(p, [])}
        got = feed_mdos(tok)
        check("%s: Sync/WatchChanges gives exactly the MDO changes of the pupils now in %s" % (who, WG[wg]),
              got == want_ids, "missing %d, extra %d" % (len(want_ids - (got or set())),
                                                         len((got or set()) - want_ids)))
        rc, out, err = sq("werkgebied", A.id, [wg], "SELECT object_id FROM feed.changes WHERE kind = 'mdo';")
        check("%s (SQL): feed.changes shows exactly the same MDO changes" % who,
              rc == 0 and set(out.split()) == want_ids, "rc %d err %s" % (rc, err))
        rc, out, err = sq("werkgebied", A.id, [wg], "SELECT leerling_id FROM werkgebied.arrangement_leerlingen;")
        check("%s (SQL): werkgebied.arrangement_leerlingen shows exactly the groep rows of the pupils now in %s"
              % (who, WG[wg]), rc == 0 and set(out.split()) == want & group_pupils, "rc %d err %s" % (rc, err))
        for s_ in ("s11", "sbo"):
            mine = where[s_] == wg
            bad = []
            for pid in pupils[s_]:
                for method, req_cls, of in (("GetToestemming", V.GetToestemmingRequest, toest_of),
                                            ("GetOndersteuningsvraag", V.GetOndersteuningsvraagRequest, vraag_of),
                                            ("GetArrangement", AR.GetArrangementRequest, arr_of),
                                            ("GetMdo", M.mdo.GetMdoRequest, mdo_of),
                                            ("GetThuiszitterCasus", M.thuis.GetThuiszitterCasusRequest, casus_of)):
                    for oid in of.get(pid, []):
                        g = cl.call(pr.P_WG + method, req_cls(id=oid), tok)
                        if g.code != ("OK" if mine else "NOT_FOUND"):
                            bad.append((method, oid, repr(g)))
            check("%s: GetToestemming/GetOndersteuningsvraag/GetArrangement/GetMdo/GetThuiszitterCasus of every %s "
                  "pupil is %s" % (
                who, s_, "OK" if mine else "NOT_FOUND"), not bad, repr(bad[:3]))
        # writes for an s11 pupil: only the consulent of s11's werkgebied
        p = pupils["s11"][0]
        mine = where["s11"] == wg
        r = record_consent(p, tok)
        check("%s: RecordToestemming for an s11 pupil is %s" % (who, "OK" if mine else "NOT_FOUND"),
              r.code == ("OK" if mine else "NOT_FOUND"), repr(r))
        if r.code == "OK":
            toest_of[p].append(r.resp.id)
            w = cl.call(pr.P_WG + "WithdrawToestemming", V.WithdrawToestemmingRequest(id=r.resp.id), tok)
            check("%s: WithdrawToestemming of that consent is OK" % who, w.code == "OK", repr(w))
        if not mine:
            w = cl.call(pr.P_WG + "WithdrawToestemming", V.WithdrawToestemmingRequest(id=toest_of[p][0]), tok)
            check("%s: WithdrawToestemming of an s11 pupil's consent is NOT_FOUND" % who, w.code == "NOT_FOUND",
                  repr(w))
        r = create_vraag(p, tok)
        check("%s: CreateOndersteuningsvraag for an s11 pupil is %s" % (who, "OK" if mine else "NOT_FOUND"),
              r.code == ("OK" if mine else "NOT_FOUND"), repr(r))
        if r.code == "OK":
            vraag_of[p].append(r.resp.id)
        r = request_arrangement(p, tok)
        check("%s: RequestArrangement for an s11 pupil is %s" % (who, "OK" if mine else "NOT_FOUND"),
              r.code == ("OK" if mine else "NOT_FOUND"), repr(r))
        if r.code == "OK":
            arr_of[p].append(r.resp.id)
        for method in ("GrantArrangement", "StartArrangement", "EvaluateArrangement", "EndArrangement"):
            st_ = cl.call(pr.P_WG + method, AR.ArrangementStepRequest(id=arr_of[p][-1]), tok)
            check("%s: %s of an s11 pupil's arrangement is %s" % (who, method, "OK" if mine else "NOT_FOUND"),
                  st_.code == ("OK" if mine else "NOT_FOUND"), repr(st_))
        # the other steps on the pupil's first arrangement: found (whatever its state) exactly when mine
        for method, req in (("RejectArrangement", AR.ArrangementStepRequest(id=arr_of[p][0])),
                            ("WithdrawArrangement", AR.ArrangementStepRequest(id=arr_of[p][0])),
                            ("ExtendArrangement", AR.ExtendArrangementRequest(
                                id=arr_of[p][0], reflectie="scope", einddatum=date(2017, 7, 1)))):
            st_ = cl.call(pr.P_WG + method, req, tok)
            check("%s: %s of an s11 pupil's first arrangement is %s" % (who, method, "found" if mine else "NOT_FOUND"),
                  (st_.code in ("OK", "FAILED_PRECONDITION")) if mine else st_.code == "NOT_FOUND", repr(st_))
        r = create_mdo(p, tok)
        check("%s: CreateMdo for an s11 pupil is %s" % (who, "OK" if mine else "NOT_FOUND"),
              r.code == ("OK" if mine else "NOT_FOUND"), repr(r))
        if r.code == "OK":
            mdo_of[p].append(r.resp.id)
        r = create_casus(p, tok)
        check("%s: CreateThuiszitterCasus for an s11 pupil is %s" % (who, "OK" if mine else "NOT_FOUND"),
              r.code == ("OK" if mine else "NOT_FOUND"), repr(r))
        if r.code == "OK":
            casus_of[p].append(r.resp.id)
        cid = casus_of[p][-1]  # mine: the new one, dreigend; else the bestuur's
        for method, req in (("UpdateThuiszitterCasus", M.thuis.UpdateThuiszitterCasusRequest(
                                casus=M.thuis.ThuiszitterCasus(id=cid, interim_leerarrangement="scope"),
                                update_mask=["interim_leerarrangement"])),
                            ("MarkThuiszittend", M.thuis.MarkThuiszittendRequest(id=cid, datum=date(2017, 2, 1))),
                            ("CloseThuiszitterCasus", M.thuis.CloseThuiszitterCasusRequest(
                                id=cid, einddatum=date(2017, 5, 1), uitkomst=1))):
            st_ = cl.call(pr.P_WG + method, req, tok)
            check("%s: %s of an s11 pupil's case is %s" % (who, method, "OK" if mine else "NOT_FOUND"),
                  st_.code == ("OK" if mine else "NOT_FOUND"), repr(st_))
    # bestuur sees every pupil, with its school's werkgebied
    r, got = list_ids(bt)
    want_wg = {p: (where[s] or "") for s in where for p in pupils[s]}
    check("%s: bestuur lists every pupil with its school's werkgebied_id" % label,
          got is not None and all(got.get(p) == w for p, w in want_wg.items()), repr(r))
    for wg in consulent:
        r, got = list_ids(bt, werkgebied_id=wg)
        check("%s: bestuur ListLeerlingen werkgebied_id=%s follows the schools" % (label, WG[wg]),
              got is not None and set(got) == visible(wg), repr(r))
    g = cl.call(pr.P_WG + "GetLeerling", W.GetLeerlingRequest(id=pupils["s11"][0]), bt)
    check("%s: bestuur GetLeerling of an s11 pupil says werkgebied_id %s" % (label, WG[where["s11"]]),
          g.code == "OK" and g.resp.werkgebied_id == where["s11"], repr(g))
    # the school's own token is not affected by the werkgebied
    r, got = list_ids(A.tokens["school"])
    check("%s: the school token of s11 still lists its own pupils" % label,
          got is not None and set(got) == set(pupils["s11"]), repr(r))
    # toezicht's aggregate counts pupils per werkgebied of their school
    rc, out, err = sq("toezicht", A.id, None, "SELECT werkgebied_id || ':' || coalesce(leerlingen::text, '-') "
                      "FROM toezicht.leerlingen_per_werkgebied;")
    want = {"%s:%s" % (wg, len(visible(wg)) if len(visible(wg)) >= threshold else "-")
            for wg in list(consulent) + [wg3]}  # wg3: the groep arrangement's, no school
    check("%s: toezicht.leerlingen_per_werkgebied counts follow the schools" % label,
          rc == 0 and set(out.split()) == want, "rc %d out %s err %s want %s" % (rc, out, err, want))
    n = sql_super("SELECT count(*) FROM werkgebied.leerlingen l JOIN bestuur.scholen s "
                  "ON s.swv_id = l.swv_id AND s.id = l.school_id "
                  "WHERE l.werkgebied_id IS DISTINCT FROM s.werkgebied_id")
    check("%s: no pupil row disagrees with its school's werkgebied (as superuser)" % label, n == "0", n)
    # a new pupil at s11: only the consulent of s11's werkgebied may add it
    for wg, tok in consulent.items():
        ext = next_ext("s11")
        r = create_pupil("s11", tok, ext)
        if where["s11"] == wg:
            check("%s: consulent %s creates a pupil at s11, werkgebied_id %s" % (label, WG[wg], WG[wg]),
                  r.code == "OK" and r.resp.werkgebied_id == wg, repr(r))
            if r.code == "OK":
                pupils["s11"].append(r.resp.id)
        else:
            n = sql_super("SELECT count(*) FROM werkgebied.leerlingen WHERE external_id = '%s'" % ext)
            check("%s: consulent %s cannot create a pupil at s11 (NOT_FOUND, nothing written)" % (label, WG[wg]),
                  r.code == "NOT_FOUND" and n == "0", "%r, %s rows" % (r, n))


imp_n = [0]


def import_mdo(token, pupil_id):
    """A one-row MDO import (StartImport, ImportChunk, FinishImport) of pupil_id by token,
    on a date of its own; the FinishImport result (or the first call that failed)."""
    ss, ext = sql_super("SELECT source_system || '|' || external_id FROM werkgebied.leerlingen "
                        "WHERE id = '%s'" % pupil_id).strip().split("|")
    imp_n[0] += 1
    r = cl.call(pr.P_BES + "StartImport", B.StartImportRequest(
        kind=8, header="source_system,external_id,datum,niveau,deelnemers,toestemming_datum",
        file_name="scope.csv"), token)
    if r.code != "OK":
        return r
    iid = r.resp.import_id
    r = cl.call(pr.P_BES + "ImportChunk", B.ImportChunkRequest(
        import_id=iid, first_line=2,
        rows='"%s","%s",2016-11-%02d,niv_2,school,2016-09-01\n' % (ss, ext, imp_n[0])), token)
    if r.code != "OK":
        return r
    return cl.call(pr.P_BES + "FinishImport", B.FinishImportRequest(import_id=iid), token)


def check_import(label):
    """A consulent's MDO import (D41) reaches the pupils of her werkgebied now, and is refused
    with its line for the others."""
    p = pupils["s11"][0]
    for wg, tok in consulent.items():
        r = import_mdo(tok, p)
        if where["s11"] == wg:
            check("%s: consulent %s imports an MDO of an s11 pupil" % (label, WG[wg]),
                  r.code == "OK" and not r.resp.errors and r.resp.rows_inserted == 1, repr(r))
            # what the import wrote belongs to the pupil for check_state
            mdo_of[p] = sql_super("SELECT id FROM werkgebied.mdos WHERE leerling_id = '%s'" % p).split()
            toest_of[p] = sql_super("SELECT id FROM werkgebied.toestemmingen WHERE leerling_id = '%s'" % p).split()
        else:
            check("%s: consulent %s's MDO import of an s11 pupil is refused on its line" % (label, WG[wg]),
                  r.code == "OK" and len(r.resp.errors) == 1 and r.resp.errors[0].line == 2
                  and "outside your werkgebieden" in r.resp.errors[0].message, "%r %s" % (r, r.resp))


def move(school, wg, label):
    """UpdateSchool as bestuur with update_mask werkgebied_id."""
    s = B.School(id=A.school[school], werkgebied_id=wg or "")
    r = cl.call(pr.P_BES + "UpdateSchool", B.UpdateSchoolRequest(school=s, update_mask=["werkgebied_id"]), bt)
    check("%s: UpdateSchool %s werkgebied_id -> %s" % (label, school, WG.get(wg, "none")),
          r.code == "OK" and r.resp.werkgebied_id == (wg or ""), repr(r))
    where[school] = wg


def move_sql(school, wg, label):
    """The same move written by SQL as the bestuur role (as the scholen
    import does): the pupils must follow whoever updates the school."""
    rc, out, err = sq("bestuur", A.id, None, "UPDATE bestuur.scholen SET werkgebied_id = '%s' WHERE swv_id = '%s' "
                      "AND id = '%s';" % (wg, A.id, A.school[school]))
    check("%s: UPDATE bestuur.scholen as passend_bestuur moves %s -> %s" % (label, school, WG[wg]),
          rc == 0, err)
    where[school] = wg


check_state("start")
check_import("start")
MOVES = ((move, "s11", wg2, "s11 wg1->wg2"), (move, "s11", wg1, "s11 wg2->wg1"),
         (move, "sbo", wg2, "sbo none->wg2"), (move, "sbo", None, "sbo wg2->none"),
         (move_sql, "s11", wg2, "SQL s11 wg1->wg2"), (move_sql, "s11", wg1, "SQL s11 wg2->wg1"))
for mover, school, wg, label in MOVES:
    mover(school, wg, "move " + label)
    check_state("after " + label)
    if school == "s11":
        check_import("after " + label)

# ---- direct writes of a pupil row that disagrees with its school -----------
s11, s21 = A.school["s11"], A.school["s21"]


def disagreeing():
    return sql_super("SELECT count(*) FROM werkgebied.leerlingen l JOIN bestuur.scholen s "
                     "ON s.swv_id = l.swv_id AND s.id = l.school_id "
                     "WHERE l.werkgebied_id IS DISTINCT FROM s.werkgebied_id")


def ins(school, wg, ext):
    return ("INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id) "
            "VALUES ('%s', gen_random_uuid(), '%s', %s, 'direct', '%s');"
            % (A.id, school, "'%s'" % wg if wg else "NULL", ext))


def written(ext):
    return sql_super("SELECT count(*) FROM werkgebied.leerlingen WHERE source_system = 'direct' "
                     "AND external_id = '%s'" % ext)


attempts = [
    ("consulent wg1 INSERTs a pupil at s21 (wg2) claiming wg1", "werkgebied", [wg1], ins(s21, wg1, "d1"), "d1"),
    ("bestuur INSERTs a pupil at s11 (wg1) with werkgebied wg2", "bestuur", None, ins(s11, wg2, "d2"), "d2"),
    ("bestuur INSERTs a pupil at s11 (wg1) with no werkgebied", "bestuur", None, ins(s11, None, "d3"), "d3"),
    ("school s11 INSERTs its own pupil with werkgebied wg2", "school", [s11], ins(s11, wg2, "d4"), "d4"),
]
for name, role, scope, q, ext in attempts:
    rc, out, err = sq(role, A.id, scope, q)
    n = written(ext)
    ok_row = n == "1" and sql_super("SELECT l.werkgebied_id IS NOT DISTINCT FROM s.werkgebied_id FROM "
                                    "werkgebied.leerlingen l JOIN bestuur.scholen s ON s.swv_id = l.swv_id AND "
                                    "s.id = l.school_id WHERE l.external_id = '%s'" % ext) == "t"
    check("%s: refused, or stored with the school's werkgebied" % name, (rc != 0 and n == "0") or ok_row,
          "rc %d, %s rows, err %s" % (rc, n, err))
# the superuser bypasses grants and row level security: only constraints are left
p11 = pupils["s11"][0]
super_attempts = [
    ("INSERT at s11 (wg1) with werkgebied wg2", ins(s11, wg2, "d5")),
    ("UPDATE an s11 pupil's werkgebied_id to wg2",
     "UPDATE werkgebied.leerlingen SET werkgebied_id = '%s' WHERE id = '%s';" % (wg2, p11)),
    ("UPDATE an s11 pupil's werkgebied_id to NULL",
     "UPDATE werkgebied.leerlingen SET werkgebied_id = NULL WHERE id = '%s';" % p11),
    ("UPDATE an s11 pupil's school to s21 (wg2), werkgebied left at wg1",
     "UPDATE werkgebied.leerlingen SET school_id = '%s' WHERE id = '%s';" % (s21, p11)),
]
for name, q in super_attempts:
    rc, out, err = scenario.psql_script(args.super_db, q)
    n = disagreeing()
    check("superuser: %s leaves no pupil disagreeing with its school" % name, n == "0",
          "rc %d, %s disagreeing, err %s" % (rc, n, err))

# ---- one foreign key holds what four did (0031, D59): the pupil's (tenant,
# school, werkgebied key) is its school's row; the tenant, the school and the
# werkgebied it names all exist, and none of them goes while the pupil is
# there. Fresh rows (a werkgebied, a school in it, an SBO school without one,
# a pupil at each) that nothing else references, as the superuser (only
# constraints and triggers are left).
B_ = world["B"]
kw, ks, kn, kp, kq = ("'%s'" % sql_super("SELECT gen_random_uuid()") for _ in range(5))
sql_super("INSERT INTO werkgebied.werkgebieden (swv_id, id, name) VALUES ('%s', %s, 'keys wg');"
          "INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id) VALUES "
          "('%s', %s, '78KY', '00', 'keys school', 2, %s), ('%s', %s, '79KY', '00', 'keys sbo', 2, NULL);"
          "INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id) "
          "VALUES ('%s', %s, %s, %s, 'keys', 'k1'), ('%s', %s, %s, NULL, 'keys', 'k2')"
          % (A.id, kw, A.id, ks, kw, A.id, kn, A.id, kp, ks, kw, A.id, kq, kn))
NIL = "'00000000-0000-0000-0000-000000000000'"
B_school = "'%s'" % sql_super("SELECT id FROM bestuur.scholen WHERE swv_id = '%s' LIMIT 1" % B_.id)


def pupil_ins(swv, school, wg, ext):
    return ("INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id) "
            "VALUES (%s, gen_random_uuid(), %s, %s, 'keys', '%s');" % (swv, school, wg, ext))


refused = [
    ("a pupil of tenant A at tenant B's school", pupil_ins("'%s'" % A.id, B_school, "NULL", "k3")),
    ("a pupil of tenant B at tenant A's school", pupil_ins("'%s'" % B_.id, ks, kw, "k4")),
    ("a pupil of no tenant", pupil_ins("gen_random_uuid()", ks, kw, "k5")),
    ("a pupil at no school", pupil_ins("'%s'" % A.id, "gen_random_uuid()", "NULL", "k6")),
    ("a pupil at the SBO school with the nil UUID as werkgebied_id", pupil_ins("'%s'" % A.id, kn, NIL, "k7")),
    ("a pupil at the SBO school with another tenant's werkgebied",
     pupil_ins("'%s'" % A.id, kn, "(SELECT id FROM werkgebied.werkgebieden WHERE swv_id = '%s' LIMIT 1)" % B_.id,
               "k8")),
    ("moving a pupil to no school", "UPDATE werkgebied.leerlingen SET school_id = gen_random_uuid() WHERE id = %s;"
     % kp),
    ("setting the SBO pupil's werkgebied_id to the nil UUID",
     "UPDATE werkgebied.leerlingen SET werkgebied_id = %s WHERE id = %s;" % (NIL, kq)),
    ("deleting a school with a pupil", "DELETE FROM bestuur.scholen WHERE id = %s;" % kn),
    ("deleting a werkgebied with a pupil", "DELETE FROM werkgebied.werkgebieden WHERE id = %s;" % kw),
    ("deleting tenant A", "DELETE FROM platform.tenants WHERE id = '%s';" % A.id),
    ("changing a school's id (its pupil would follow)",
     "UPDATE bestuur.scholen SET id = gen_random_uuid() WHERE id = %s;" % ks),
    ("changing the id of a school nothing references",
     "BEGIN; INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort) VALUES ('%s', gen_random_uuid(), "
     "'80KY', '00', 'keys bare', 2); UPDATE bestuur.scholen SET id = gen_random_uuid() WHERE brin = '80KY'; COMMIT;"
     % A.id),
]
state = ("SELECT (SELECT count(*) FROM werkgebied.leerlingen WHERE source_system = 'keys') || ' ' || "
         "(SELECT string_agg(l.id || ':' || l.school_id || ':' || coalesce(l.werkgebied_id::text, '-'), ',' "
         "ORDER BY l.id) FROM werkgebied.leerlingen l WHERE l.source_system = 'keys') || ' ' || "
         "(SELECT count(*) FROM bestuur.scholen WHERE brin LIKE '%%KY') || ' ' || "
         "(SELECT count(*) FROM werkgebied.werkgebieden WHERE id = %s)" % kw)
before = sql_super(state)
for name, q in refused:
    rc, out, err = scenario.psql_script(args.super_db, q)
    after = sql_super(state)
    check("superuser: %s is refused and changes nothing" % name, rc != 0 and after == before,
          "rc %d, %r -> %r, err %s" % (rc, before, after, err))
# what stays allowed: the school moves (the pupil follows), and back
for to, want in (("NULL", "-"), (kw, kw.strip("'"))):
    rc, out, err = scenario.psql_script(args.super_db, "UPDATE bestuur.scholen SET werkgebied_id = %s WHERE id = %s;"
                                        % (to, ks))
    got = sql_super("SELECT coalesce(werkgebied_id::text, '-') FROM werkgebied.leerlingen WHERE id = %s" % kp)
    check("superuser: moving the keys school to werkgebied %s carries its pupil" % want, rc == 0 and got == want,
          "rc %d, pupil's werkgebied %s, err %s" % (rc, got, err))

# ---- Sync/UpsertRecords (issue 11): a consulent upserts at her werkgebied's schools only
SY = M.sync
for wg, other_school, own_school in ((wg1, "s21", "s12"), (wg2, "s12", "s21")):
    req = SY.UpsertRecordsRequest(kind="leerlingen", source_system="scope", columns=["external_id", "school_id"],
                                  records=[SY.UpsertRecord(values=["up-%s-own" % WG[wg], A.school[own_school]]),
                                           SY.UpsertRecord(values=["up-%s-other" % WG[wg], A.school[other_school]])])
    r = cl.call(pr.P_SYNC + "UpsertRecords", req, consulent[wg])
    got = [(x.outcome, x.field) for x in r.resp.results] if r.code == "OK" else r.code
    check("UpsertRecords by the %s consulent: created at %s, an error on school_id at %s" % (WG[wg], own_school,
                                                                                         other_school),
          got == [(SY.UPSERT_CREATED, ""), (SY.UPSERT_ERROR, "school_id")], "got %r" % (got,))
    # the other werkgebied's pupil, by its key, moved to her own school: refused, not moved
    theirs = "A-p21" if wg == wg1 else "A-p12"
    r = cl.call(pr.P_SYNC + "UpsertRecords", SY.UpsertRecordsRequest(
        kind="leerlingen", source_system="parnassys", columns=["external_id", "school_id"],
        records=[SY.UpsertRecord(values=[theirs, A.school[own_school]])]), consulent[wg])
    where_now = sql_super("SELECT school_id FROM werkgebied.leerlingen WHERE swv_id = '%s' AND external_id = '%s'"
                          % (A.id, theirs)).strip()
    check("UpsertRecords by the %s consulent cannot take the other werkgebied's pupil %s" % (WG[wg], theirs),
          where_now == A.school["s21" if wg == wg1 else "s12"] and
          (r.code != "OK" or r.resp.results[0].outcome != SY.UPSERT_UPDATED), "%s, now at %s" % (r, where_now))

    # the pupil-level kinds (D53): a support request for her own pupil is seen (created, or
    # refused for want of consent), one for the other werkgebied's pupil is "no such pupil"
    other_pupil = pupils["s21" if wg == wg1 else "s12"][0]
    own_pupil = pupils[own_school][0]
    r = cl.call(pr.P_SYNC + "UpsertRecords", SY.UpsertRecordsRequest(
        kind="ondersteuningsvragen", source_system="scope", columns=["external_id", "leerling_id", "omschrijving"],
        records=[SY.UpsertRecord(values=["v-%s-own" % WG[wg], own_pupil, "x"]),
                 SY.UpsertRecord(values=["v-%s-other" % WG[wg], other_pupil, "x"])]), consulent[wg])
    got = [("no such pupil" if "no such pupil" in x.message else "seen" if x.outcome == SY.UPSERT_CREATED
            or "consent" in x.message else x.message) for x in r.resp.results] if r.code == "OK" else r.code
    check("UpsertRecords ondersteuningsvragen by the %s consulent: her pupil seen, the other's not found" % WG[wg],
          got == ["seen", "no such pupil"], "got %r" % (got,))

# ---- guards: nothing else pupil-level for the werkgebied role --------------
# Every pupil-level method a consulent may call must be checked above; a new
# one (e.g. arrangements) must get its checks here before this passes.
COVERED = {"/passend.v1.Werkgebied/" + m for m in (
    "CreateLeerling", "GetLeerling", "ListLeerlingen", "RecordToestemming", "GetToestemming", "ListToestemmingen",
    "WithdrawToestemming", "CreateOndersteuningsvraag", "GetOndersteuningsvraag", "ListOndersteuningsvragen",
    "RequestArrangement", "GrantArrangement", "RejectArrangement", "WithdrawArrangement", "StartArrangement",
    "EvaluateArrangement", "ExtendArrangement", "EndArrangement", "GetArrangement", "ListArrangementen",
    "CreateMdo", "GetMdo", "ListMdos", "CreateThuiszitterCasus", "GetThuiszitterCasus", "ListThuiszitterCasussen",
    "UpdateThuiszitterCasus", "MarkThuiszittend", "CloseThuiszitterCasus")} | {
    "/passend.v1.Bestuur/FinishImport", "/passend.v1.Sync/UpsertRecords",  # check_import; the Sync section
    "/passend.v1.Sync/WatchChanges"}  # check_state: feed_mdos
with open(args.methods_json) as f:
    methods = [json.loads(line) for line in f if line.strip()]
extra = sorted(m["path"] for m in methods
               if m.get("pupil_level") and "werkgebied" in m.get("roles", []) and m["path"] not in COVERED)
check("every pupil-level method of the werkgebied role is covered by this test", len(methods) > 0 and not extra,
      "not covered: %s" % extra)
# Relations with pupil rows (werkgebied.leerlingen, every table with a
# foreign key to it, every view reading it) the werkgebied role can read.
rels = sql_super("""
WITH pupil AS (
	SELECT 'werkgebied.leerlingen'::regclass AS rel
	UNION SELECT c.conrelid FROM pg_constraint c
	      WHERE c.contype = 'f' AND c.confrelid = 'werkgebied.leerlingen'::regclass
	UNION SELECT r.ev_class FROM pg_rewrite r
	      JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
	      WHERE d.refobjid = 'werkgebied.leerlingen'::regclass AND r.ev_class <> d.refobjid)
SELECT string_agg(rel::text, ' ' ORDER BY rel::text) FROM pupil
WHERE has_table_privilege('passend_werkgebied', rel, 'SELECT')""")
CHECKED_RELS = ("werkgebied.arrangement_leerlingen werkgebied.arrangementen werkgebied.leerlingen werkgebied.mdos werkgebied.ondersteuningsvragen "
                "werkgebied.thuiszitter_casussen werkgebied.toestemmingen")
check("the werkgebied role reads no pupil relation but those checked above (%s)" % CHECKED_RELS,
      rels == CHECKED_RELS, "readable: %s" % rels)

cl.close()
sys.exit(1 if fails else 0)
