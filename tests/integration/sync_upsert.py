#!/usr/bin/python3
# sync_upsert: the request ledger and passend.v1.Sync/UpsertRecords (issue 11
# points 1 and 2, docs/decisions.md D49), through python grpcio; psql as the
# superuser to count rows past row level security. Phases (test_sync_upsert.sh
# restarts passendd between them):
#   first   a chunk of pupils with every outcome (created, updated, unchanged,
#           errors naming the field); its repeat; a reuse of its request_id
#           with another chunk; the generic ledger on other mutating methods
#           (request_id field and passend-request-id metadata); bad input
#           (unknown kind, no external_id column, over the chunk limit, an
#           unknown column, a role that may not); tenant and scope isolation.
#           Keeps what the repeats must return in --state.
#   restart the same repeats after passendd restarted: the first answers,
#           nothing written twice.
# "ok - X" / "FAIL - X: why" lines (scenario.py).
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq  # noqa: E402

ap = scenario.arg_parser()
ap.add_argument("--phase", required=True, choices=("first", "restart"))
ap.add_argument("--state", required=True)
args = ap.parse_args()
M = pr.load(args.src, args.out)
S, B, W = M.sync, M.bestuur, M.werkgebied
cl = pr.Client(args.server, args.ca)
UPSERT = pr.P_SYNC + "UpsertRecords"
O = {S.UPSERT_CREATED: "created", S.UPSERT_UPDATED: "updated", S.UPSERT_UNCHANGED: "unchanged",
     S.UPSERT_ERROR: "error"}


def sql(q):
    return scenario.psql(args.super_db, q)


def chunk(records, columns=("external_id", "brin", "vestiging", "geboortejaar", "geslacht"), kind="leerlingen",
          source="parnassys", rid=""):
    return S.UpsertRecordsRequest(kind=kind, source_system=source, columns=list(columns), request_id=rid,
                                  records=[S.UpsertRecord(values=list(r)) for r in records])


def outcomes(resp):
    return [(r.index, r.external_id, O[r.outcome], r.field) for r in resp.results]


def pupils(tenant, source="parnassys"):
    out = sql("SELECT external_id || ':' || geboortejaar || ':' || geslacht FROM werkgebied.leerlingen "
              "WHERE swv_id = '%s' AND source_system = '%s' ORDER BY external_id" % (tenant, source))
    return out.split() if out else []


def ledger_rows(token_id, rid):
    return int(sql("SELECT count(*) FROM platform.request_ledger WHERE token_id = '%s' AND request_id = '%s'"
                   % (token_id, rid)))


if args.phase == "first":
    world = pr.checked_world(cl, args.admin_token)
    if world is None:
        sys.exit(scenario.exit_code())
    A, Bt = world["A"], world["B"]
    bt = A.tokens["bestuur"]
    brin = {}
    for s in ("s11", "s12", "s21"):
        brin[s] = sql("SELECT brin FROM bestuur.scholen WHERE id = '%s'" % A.school[s])
    b_brin = sql("SELECT brin FROM bestuur.scholen WHERE id = '%s'" % Bt.school["s11"])

    # ---- one chunk, every outcome ----
    recs = [("A-p11", brin["s11"], "00", "2015", "1"),         # existing, same: unchanged
            ("A-p12", brin["s12"], "00", "2014", "jongen"),    # existing, other year: updated
            ("sync-1", brin["s11"], "", "2016", "meisje"),     # new (vestiging defaults to 00)
            ("sync-2", brin["s21"], "00", "", ""),             # new, defaults
            ("", brin["s11"], "00", "2015", "1"),              # no key
            ("sync-3", "99ZZ", "00", "2015", "1"),             # no such school
            ("sync-4", brin["s11"], "00", "1850", "1"),        # bad year
            ("sync-1", brin["s12"], "00", "2016", "2"),        # the same key twice in one chunk
            ("sync-5", brin["s11"], "00", "2015", "x"),        # bad geslacht
            ("sync-6", b_brin, "00", "2015", "1")]             # tenant B's school: not found here
    first = cl.call(UPSERT, chunk(recs, rid="chunk-1"), bt)
    if eq("UpsertRecords answers OK", first.code, "OK"):
        eq("each record its outcome, errors naming the field", outcomes(first.resp), [
            (0, "A-p11", "unchanged", ""), (1, "A-p12", "updated", ""), (2, "sync-1", "created", ""),
            (3, "sync-2", "created", ""), (4, "", "error", "external_id"), (5, "sync-3", "error", "brin"),
            (6, "sync-4", "error", "geboortejaar"), (7, "sync-1", "error", "external_id"),
            (8, "sync-5", "error", "geslacht"), (9, "sync-6", "error", "brin")])
        eq("the counts", (first.resp.created, first.resp.updated, first.resp.unchanged, first.resp.errors),
           (2, 1, 1, 6))
        check("created and updated records carry their id", all(
            len(r.id) == 36 for r in first.resp.results if r.outcome != S.UPSERT_ERROR))
        check("an error says the rule", "school" in first.resp.results[5].message, first.resp.results[5].message)
    after_first = pupils(A.id)
    eq("the database holds the chunk's writes", after_first,
       ["A-p11:2015:1", "A-p12:2014:1", "A-p21:2015:1", "sync-1:2016:2", "sync-2:0:0"])
    wg = sql("SELECT w.name FROM werkgebied.leerlingen l JOIN werkgebied.werkgebieden w ON w.id = l.werkgebied_id "
             "WHERE l.swv_id = '%s' AND l.external_id = 'sync-2'" % A.id)
    eq("a new pupil's werkgebied is its school's", wg, "A wg2")

    # ---- the same chunk again, same request_id: the first answer, nothing written ----
    rep = cl.call(UPSERT, chunk(recs, rid="chunk-1"), bt)
    eq("a repeat answers OK", rep.code, "OK")
    check("a repeat returns the first answer byte for byte",
          rep.resp is not None and first.resp is not None
          and rep.resp.SerializeToString() == first.resp.SerializeToString(), "differs")
    eq("a repeat writes nothing", pupils(A.id), after_first)
    eq("the ledger holds one row for the request id", ledger_rows(A.token_ids["bestuur"], "chunk-1"), 1)
    # two identical calls at once: the second waits for the first's transaction, then gets its answer
    import concurrent.futures
    par = chunk([("par-%d" % i, brin["s12"], "00", "2013", "2") for i in range(300)], rid="chunk-par")
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        got = list(ex.map(lambda _: cl.call(UPSERT, par, bt), range(2)))
    check("two concurrent calls with one request_id: both OK with the same answer",
          all(g.code == "OK" for g in got) and got[0].resp.SerializeToString() == got[1].resp.SerializeToString(),
          repr([g.code for g in got]))
    eq("and the chunk was applied once (300 created, one ledger row)",
       (sum(1 for x in got[0].resp.results if x.outcome == S.UPSERT_CREATED) if got[0].resp else None,
        ledger_rows(A.token_ids["bestuur"], "chunk-par")), (300, 1))
    # without a request_id the same chunk is applied again: now unchanged
    again = cl.call(UPSERT, chunk(recs), bt)
    eq("the same chunk without request_id: created ones are now unchanged",
       [o for _, _, o, _ in outcomes(again.resp)][:4] if again.code == "OK" else again.code,
       ["unchanged", "unchanged", "unchanged", "unchanged"])
    # the same id for another chunk
    other = cl.call(UPSERT, chunk([("sync-9", brin["s11"], "00", "2015", "1")], rid="chunk-1"), bt)
    eq("request_id reused for a different chunk: INVALID_ARGUMENT", other.code, "INVALID_ARGUMENT")
    check("its message names the request_id", "request_id" in other.details, other.details)
    check("and nothing was written", "sync-9" not in " ".join(pupils(A.id)))
    md = cl.call(UPSERT, chunk([("sync-10", brin["s11"], "00", "2015", "1")]), bt,
                 metadata=[("passend-request-id", "md-1")])
    md2 = cl.call(UPSERT, chunk([("sync-10", brin["s11"], "00", "2015", "1")]), bt,
                  metadata=[("passend-request-id", "md-1")])
    eq("the passend-request-id metadata works as request_id",
       (md.code, md2.code, md2.resp.results[0].outcome if md2.resp else None), ("OK", "OK", S.UPSERT_CREATED))
    clash = cl.call(UPSERT, chunk([("sync-11", brin["s11"], "00", "2015", "1")], rid="x-1"), bt,
                    metadata=[("passend-request-id", "x-2")])
    eq("request_id and metadata that differ: INVALID_ARGUMENT", clash.code, "INVALID_ARGUMENT")
    long_id = cl.call(UPSERT, chunk([("sync-11", brin["s11"], "00", "2015", "1")], rid="r" * 201), bt)
    eq("a request_id over 200 characters: INVALID_ARGUMENT", long_id.code, "INVALID_ARGUMENT")

    # ---- the ledger on other mutating methods (the resource kit) ----
    mk = B.CreateGemeenteRequest(gemeente=B.Gemeente(cbs_code="GM0363", name="Amsterdam"), request_id="gem-1")
    g1, g2 = cl.call(pr.P_BES + "CreateGemeente", mk, bt), cl.call(pr.P_BES + "CreateGemeente", mk, bt)
    eq("CreateGemeente twice with one request_id: both OK", (g1.code, g2.code), ("OK", "OK"))
    eq("the repeat answers the first gemeente", g2.resp.id if g2.resp else None, g1.resp.id if g1.resp else 1)
    eq("one gemeente written", sql("SELECT count(*) FROM bestuur.gemeenten WHERE swv_id = '%s' AND cbs_code = 'GM0363'"
                                   % A.id), "1")
    mk2 = B.CreateGemeenteRequest(gemeente=B.Gemeente(cbs_code="GM0599", name="Rotterdam"), request_id="gem-1")
    eq("CreateGemeente: the request_id reused for another gemeente is INVALID_ARGUMENT",
       cl.call(pr.P_BES + "CreateGemeente", mk2, bt).code, "INVALID_ARGUMENT")
    # a method whose request has no request_id field: the metadata
    lijst = M.lijsten.LijstWaarde(soort=M.lijsten.LIJST_ONDERSTEUNINGSCATEGORIE, code="sync_test",
                                  label="Sync test")
    md_l = [("passend-request-id", "lijst-1")]
    l1 = cl.call(pr.P_WG + "UpsertLijstWaarde", lijst, bt, metadata=md_l)
    l2 = cl.call(pr.P_WG + "UpsertLijstWaarde", M.lijsten.LijstWaarde(
        soort=M.lijsten.LIJST_ONDERSTEUNINGSCATEGORIE, code="sync_test", label="Other label"), bt, metadata=md_l)
    eq("UpsertLijstWaarde (no request_id field) by metadata: a different body is INVALID_ARGUMENT",
       (l1.code, l2.code), ("OK", "INVALID_ARGUMENT"))
    # another token of the same tenant has its own ids
    other_tok = pr.create_token(cl, args.admin_token, "bestuur", A.id, description="A bestuur 2")[0]
    g3 = cl.call(pr.P_BES + "CreateGemeente", B.CreateGemeenteRequest(
        gemeente=B.Gemeente(cbs_code="GM0518", name="Den Haag"), request_id="gem-1"), other_tok)
    eq("request ids are per token: another token's gem-1 is a new call", g3.code, "OK")

    # ---- bad input ----
    r = cl.call(UPSERT, chunk(recs[:1], kind="leerlingen-x"), bt)
    eq("unknown kind: INVALID_ARGUMENT", r.code, "INVALID_ARGUMENT")
    check("it names the kind and the known kinds", "kind" in r.details and "leerlingen" in r.details, r.details)
    r = cl.call(UPSERT, chunk([("2015",)], columns=("geboortejaar",)), bt)
    eq("no external_id column: INVALID_ARGUMENT naming external_id",
       (r.code, "external_id" in r.details), ("INVALID_ARGUMENT", True))
    r = cl.call(UPSERT, chunk([("a", "b")], columns=("external_id", "naam")), bt)
    eq("an unknown column: INVALID_ARGUMENT naming it", (r.code, "naam" in r.details), ("INVALID_ARGUMENT", True))
    r = cl.call(UPSERT, chunk([("a",)], columns=("external_id",), source=""), bt)
    eq("no source_system: INVALID_ARGUMENT", r.code, "INVALID_ARGUMENT")
    big = [("big-%d" % i, brin["s11"], "00", "2015", "1") for i in range(5001)]
    r = cl.call(UPSERT, chunk(big), bt)
    eq("5,001 records: RESOURCE_EXHAUSTED naming the limit", (r.code, "5000" in r.details),
       ("RESOURCE_EXHAUSTED", True))
    check("and nothing of it written", "big-0" not in " ".join(pupils(A.id)))
    r = cl.call(UPSERT, chunk([("w", brin["s11"], "00", "2015", "1", "9")]), bt)
    eq("a record with more values than columns: its own error", (r.code, outcomes(r.resp) if r.resp else None),
       ("OK", [(0, "", "error", "values")]))
    eq("toezicht may not upsert pupils", cl.call(UPSERT, chunk(recs[:1]), A.tokens["toezicht"]).code,
       "PERMISSION_DENIED")

    # ---- isolation ----
    b_first = cl.call(UPSERT, chunk([("A-p11", b_brin, "00", "2012", "2"), ("sync-1", b_brin, "00", "2013", "1")],
                                    rid="chunk-1"), Bt.tokens["bestuur"])
    eq("tenant B: the same external ids and request_id are B's own (created)",
       [o for _, _, o, _ in outcomes(b_first.resp)] if b_first.resp else b_first.code, ["created", "created"])
    eq("tenant A's pupils are untouched by B", [p for p in pupils(A.id) if p.startswith(("A-p11", "sync-1:"))],
       ["A-p11:2015:1", "sync-1:2016:2"])
    eq("tenant B holds its own", [p for p in pupils(Bt.id) if p.startswith(("A-p11", "sync-1"))],
       ["A-p11:2012:2", "sync-1:2013:1"])
    st = A.tokens["school"]  # scope: s11
    r = cl.call(UPSERT, chunk([("sch-1", brin["s11"], "00", "2015", "1"), ("sch-2", brin["s12"], "00", "2015", "1")]),
                st)
    eq("a school token upserts at its own school only",
       [(o, f) for _, _, o, f in outcomes(r.resp)] if r.resp else r.code, [("created", ""), ("error", "brin")])
    r = cl.call(UPSERT, chunk([("A-p12", brin["s11"], "00", "2015", "1")], columns=("external_id", "brin", "vestiging",
                                                                                     "geboortejaar", "geslacht")), st)
    check("a school token cannot take another school's pupil",
          r.code != "OK" or outcomes(r.resp)[0][2] != "updated", repr(r))
    eq("A-p12 stays at s12", sql("SELECT school_id FROM werkgebied.leerlingen WHERE swv_id = '%s' AND external_id = "
                                 "'A-p12'" % A.id), A.school["s12"])
    audit = sql("SELECT count(*) FROM platform.audit_log WHERE swv_id = '%s' AND method = '%s' AND outcome = 0"
                % (A.id, UPSERT))
    check("upserts are audited", int(audit) >= 3, audit)
    with open(args.state, "w") as f:
        json.dump(dict(token=bt, token_id=A.token_ids["bestuur"], tenant=A.id, recs=recs,
                       first=first.resp.SerializeToString().hex() if first.resp else "",
                       gem=g1.resp.id if g1.resp else "", pupils=pupils(A.id)), f)
else:
    with open(args.state) as f:
        st = json.load(f)
    rep = cl.call(UPSERT, chunk([tuple(r) for r in st["recs"]], rid="chunk-1"), st["token"])
    eq("after a restart of passendd the repeat answers OK", rep.code, "OK")
    check("after a restart the repeat returns the first answer",
          rep.resp is not None and rep.resp.SerializeToString().hex() == st["first"], repr(rep))
    mk = B.CreateGemeenteRequest(gemeente=B.Gemeente(cbs_code="GM0363", name="Amsterdam"), request_id="gem-1")
    g = cl.call(pr.P_BES + "CreateGemeente", mk, st["token"])
    eq("after a restart CreateGemeente's repeat answers the first gemeente", g.resp.id if g.resp else g.code,
       st["gem"])
    eq("nothing written twice", pupils(st["tenant"]), st["pupils"])
sys.exit(scenario.exit_code())
