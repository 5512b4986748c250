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
    # two different calls with the same new keys at once: one creates them, the other waits on the
    # keys and is ABORTED (nothing of it written; the helper repeats it) or, if it started after
    # the first committed, finds them stored
    race = [("race-%d" % i, brin["s12"], "00", "2013", "2") for i in range(300)]
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        got = list(ex.map(lambda rid: cl.call(UPSERT, chunk(race, rid=rid), bt), ("race-a", "race-b")))
    codes = sorted(g.code for g in got)
    check("two calls with the same new keys at once: OK and ABORTED, or OK twice",
          codes in (["ABORTED", "OK"], ["OK", "OK"]), repr([(g.code, g.details) for g in got]))
    check("the ABORTED one says to repeat the chunk", all("repeat" in g.details for g in got if g.code == "ABORTED"),
          repr([g.details for g in got]))
    eq("every record once", int(sql("SELECT count(*) FROM werkgebied.leerlingen WHERE swv_id = '%s' AND "
                                    "external_id LIKE 'race-%%'" % A.id)), 300)
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
    # ---- the other kinds (D53): support requests, MDOs, pupil counts ----
    V, C = M.vragen, M.common
    D = C.Date
    wt = A.tokens["werkgebied"]  # scope: wg1 (s11, s12)
    pr.must(cl.call(pr.P_WG + "RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
        leerling_id=A.pupil["p11"], scopes=[1, 2], datum=D(year=2016, month=8, day=1), gezag=1)), bt), "consent p11")
    pr.must(cl.call(pr.P_WG + "RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
        leerling_id=A.pupil["p21"], scopes=[1, 2], datum=D(year=2016, month=8, day=1), gezag=1)), bt), "consent p21")
    VC = ("external_id", "leerling_external_id", "omschrijving", "ondersteuningscategorie", "ingediend_op")

    def vc(recs, tok=bt, rid=""):
        return cl.call(UPSERT, chunk(recs, columns=VC, kind="ondersteuningsvragen", rid=rid), tok)

    def fo(r):
        return [(o, f) for _, _, o, f in outcomes(r.resp)] if r.code == "OK" else r.code

    r = vc([("v-1", "A-p11", "Leest moeizaam", "sync_test", "2016-10-01"),  # created
            ("v-2", "A-p12", "Gedrag", "", "2016-10-01"),                    # no consent for p12
            ("", "A-p11", "x", "", "2016-10-01"),                            # no key
            ("v-3", "A-p11", "x", "Bad Code", "2016-10-01"),                 # not a code
            ("v-4", "A-p11", "x", "geen_lijst", "2016-10-01"),               # not of the list
            ("v-5", "nobody", "x", "", "2016-10-01"),                        # no such pupil
            ("v-6", "A-p11", "", "", "2016-10-01"),                          # new without omschrijving
            ("v-7", "A-p11", "x", "", "2016-13-01"),                         # not a date
            ("v-8", "A-p11", "x", "", "2016-07-01")], rid="vragen-1")        # before the consent
    eq("ondersteuningsvragen: each record its outcome, errors naming the field", fo(r), [
        ("created", ""), ("error", "leerling_external_id"), ("error", "external_id"),
        ("error", "ondersteuningscategorie"), ("error", "ondersteuningscategorie"), ("error", "leerling_external_id"),
        ("error", "omschrijving"), ("error", "ingediend_op"), ("error", "leerling_external_id")])
    check("ondersteuningsvragen: the consent error says so", r.code == "OK" and "consent" in r.resp.results[1].message
          and "consent" in r.resp.results[8].message, repr(r.resp.results[1] if r.resp else r))
    eq("ondersteuningsvragen: stored with the consent that covers it and the pupil's school",
       sql("SELECT v.omschrijving || ':' || v.ondersteuningscategorie || ':' || (v.toestemming_id IS NOT NULL) || ':' "
           "|| (v.school_id = l.school_id) FROM werkgebied.ondersteuningsvragen v JOIN werkgebied.leerlingen l ON "
           "l.id = v.leerling_id WHERE v.swv_id = '%s' AND v.source_system = 'parnassys'" % A.id),
       "Leest moeizaam:sync_test:true:true")
    eq("ondersteuningsvragen: another description updates, the same again is unchanged, the pupil or date may not "
       "change", [fo(vc([("v-1", "A-p11", "Leest en spelt moeizaam", "", "")])),
                  fo(vc([("v-1", "A-p11", "Leest en spelt moeizaam", "sync_test", "2016-10-01")])),
                  fo(vc([("v-1", "A-p21", "Leest en spelt moeizaam", "", "")])),
                  fo(vc([("v-1", "", "", "", "2016-10-02")]))],
       [[("updated", "")], [("unchanged", "")], [("error", "leerling_external_id")], [("error", "ingediend_op")]])
    eq("ondersteuningsvragen: one row per key", sql(
        "SELECT count(*) || ':' || min(omschrijving) FROM werkgebied.ondersteuningsvragen WHERE swv_id = '%s' "
        "AND source_system = 'parnassys'" % A.id), "1:Leest en spelt moeizaam")
    eq("ondersteuningsvragen: toezicht may not", vc([("v-9", "A-p11", "x", "", "")], A.tokens["toezicht"]).code,
       "PERMISSION_DENIED")
    eq("ondersteuningsvragen: a school token for its own pupils only (scope s11)",
       fo(vc([("v-s1", "A-p11", "x", "", "2016-10-01"), ("v-s2", "A-p21", "x", "", "2016-10-01")], st)),
       [("created", ""), ("error", "leerling_external_id")])
    eq("ondersteuningsvragen: a consulent for her werkgebied's pupils only (scope wg1)",
       fo(vc([("v-w1", "A-p11", "x", "", "2016-10-01"), ("v-w2", "A-p21", "x", "", "2016-10-01")], wt)),
       [("created", ""), ("error", "leerling_external_id")])
    rb = vc([("v-1", "B-p11", "x", "", "2016-10-01"), ("v-b2", "A-p11", "x", "", "2016-10-01")],
            Bt.tokens["bestuur"])
    eq("ondersteuningsvragen: tenant B neither matches A's key nor sees A's pupil",
       fo(rb), [("error", "leerling_external_id"), ("error", "leerling_external_id")])
    check("ondersteuningsvragen: B's error is B's missing consent, not A's row", rb.code == "OK"
          and "consent" in rb.resp.results[0].message, repr(rb))
    r = vc([("v-id", "", "Op id", "", "2016-10-01")], rid="")
    eq("ondersteuningsvragen: a new one without its pupil is an error", fo(r), [("error", "leerling_external_id")])
    r = cl.call(UPSERT, chunk([("v-id", A.pupil["p11"], "Op id")], columns=("external_id", "leerling_id",
                                                                           "omschrijving"),
                              kind="ondersteuningsvragen"), bt)
    eq("ondersteuningsvragen: the pupil by leerling_id", fo(r), [("created", "")])

    MC = ("external_id", "leerling_external_id", "datum", "niveau", "deelnemers", "kind_deelgenomen", "uitkomst",
          "plaatsing", "plaatsing_weken")

    def mc(recs, tok=bt):
        return cl.call(UPSERT, chunk(recs, columns=MC, kind="mdos"), tok)

    feed0 = int(sql("SELECT count(*) FROM feed.changes WHERE swv_id = '%s' AND kind = 'mdo'" % A.id))
    r = mc([("m-1", "A-p11", "2016-10-05", "niv_2", "school; Ouders", "ja", "geen", "", ""),
            ("m-2", "A-p11", "2016-10-06", "niv_3", "school", "nee", "tijdelijke_plaatsing", "sbo", "12"),
            ("m-3", "A-p11", "2016-10-07", "niv_2", "school;rector", "", "geen", "", ""),
            ("m-4", "A-p11", "2016-10-07", "niv_2", "school", "", "tijdelijke_plaatsing", "", ""),
            ("m-5", "A-p11", "2016-10-07", "niv_9", "school", "", "geen", "", ""),
            ("m-6", "A-p12", "2016-10-07", "niv_2", "school", "", "geen", "", ""),
            ("m-7", "A-p11", "2016-10-07", "", "school", "", "geen", "", ""),
            ("m-8", "A-p11", "2016-10-07", "niv_2", "school;school", "", "geen", "", ""),
            ("m-9", "A-p11", "2016-10-07", "niv_2", "school", "", "geen", "", "12")])
    eq("mdos: each record its outcome, errors naming the field", fo(r), [
        ("created", ""), ("created", ""), ("error", "deelnemers"), ("error", "plaatsing"), ("error", "niveau"),
        ("error", "leerling_external_id"), ("error", "niveau"), ("error", "deelnemers"),
        ("error", "plaatsing_weken")])
    eq("mdos: stored with participants, consent and the pupil's school and werkgebied", sql(
        "SELECT string_agg(m.external_id || ':' || array_to_string(m.deelnemers, ',') || ':' || m.kind_deelgenomen "
        "|| ':' || coalesce(m.plaatsing_weken, 0) || ':' || (m.school_id = l.school_id AND m.werkgebied_id = "
        "l.werkgebied_id AND m.toestemming_id IS NOT NULL), ' ' ORDER BY m.external_id) FROM werkgebied.mdos m "
        "JOIN werkgebied.leerlingen l ON l.id = m.leerling_id WHERE m.swv_id = '%s' AND m.source_system = "
        "'parnassys'" % A.id), "m-1:school,ouders:true:0:true m-2:school:false:12:true")
    eq("mdos: the last participants of the list count once too (jeugdarts, overig)",
       fo(mc([("m-10", "A-p11", "2016-10-07", "niv_2", "jeugdarts;overig;Jeugdarts", "", "geen", "", ""),
              ("m-11", "A-p11", "2016-10-07", "niv_2", "overig;jeugdhulp;overig", "", "geen", "", "")])),
       [("error", "deelnemers"), ("error", "deelnemers")])
    eq("mdos: each new MDO is a change in the feed",
       int(sql("SELECT count(*) FROM feed.changes WHERE swv_id = '%s' AND kind = 'mdo'" % A.id)) - feed0, 2)
    eq("mdos: other participants update, the same again is unchanged, the facts stay",
       [fo(mc([("m-1", "A-p11", "2016-10-05", "niv_2", "school;ouders;consulent", "", "", "", "")])),
        fo(mc([("m-1", "", "", "", "school;ouders;consulent", "ja", "geen", "", "")])),
        fo(mc([("m-1", "", "", "niv_3", "", "", "", "", "")])),
        fo(mc([("m-1", "", "2016-10-09", "", "", "", "", "", "")])),
        fo(mc([("m-2", "", "", "", "", "", "tijdelijke_plaatsing", "so", "12")]))],
       [[("updated", "")], [("unchanged", "")], [("error", "niveau")], [("error", "datum")], [("error", "uitkomst")]])
    eq("mdos: toezicht may not", mc([("m-x", "A-p11", "2016-10-05", "niv_2", "school", "", "geen", "", "")],
                                    A.tokens["toezicht"]).code, "PERMISSION_DENIED")
    eq("mdos: a school token for its own pupils only",
       fo(mc([("m-s1", "A-p11", "2016-11-01", "niv_2", "school", "", "geen", "", ""),
              ("m-s2", "A-p21", "2016-11-01", "niv_2", "school", "", "geen", "", "")], st)),
       [("created", ""), ("error", "leerling_external_id")])
    eq("mdos: tenant B does not match A's key", fo(mc([("m-1", "A-p11", "2016-10-05", "niv_2", "school", "", "geen",
                                                        "", "")], Bt.tokens["bestuur"])),
       [("error", "leerling_external_id")])

    TC = ("external_id", "brin", "teldatum", "tel_wijze", "gemeente", "aantal", "onder_8", "so_categorie_1",
          "so_categorie_2", "so_categorie_3")

    def tc(recs, tok=bt):
        return cl.call(UPSERT, chunk(recs, columns=TC, kind="tellingen"), tok)

    pr.must(cl.call(pr.P_BES + "UpsertTelling", B.Telling(
        school_id=A.school["s12"], teldatum=D(year=2016, month=10, day=1), tel_wijze=B.SCHOOLGAAND, aantal=170,
        onder_8=-1, so_categorie_1=-1, so_categorie_2=-1, so_categorie_3=-1), bt), "UpsertTelling s12")
    r = tc([("t-1", brin["s11"], "2016-10-01", "", "", "250", "40", "2", "1", "0"),
            ("t-2", brin["s11"], "2016-10-01", "woonachtig", "Amsterdam", "30", "", "", "", ""),
            ("t-3", brin["s12"], "2016-10-01", "schoolgaand", "", "180", "", "", "", ""),
            ("t-4", brin["s11"], "2016-10-01", "", "", "10", "", "", "", ""),
            ("t-5", brin["s11"], "", "", "", "10", "", "", "", ""),
            ("t-6", brin["s11"], "2017-10-01", "woonachtig", "", "30", "", "", "", ""),
            ("t-7", brin["s11"], "2017-10-01", "", "", "5", "6", "", "", ""),
            ("t-8", brin["s11"], "2017-10-01", "woonachtig", "Atlantis", "5", "", "", "", ""),
            ("t-9", brin["s11"], "2017-10-01", "", "", "-3", "", "", "", ""),
            ("t-10", brin["s11"], "2017-10-01", "", "", "5", "", "3", "3", "0")])
    eq("tellingen: each record its outcome (an unkeyed count of the same school and date adopted), errors naming "
       "the field", fo(r), [("created", ""), ("created", ""), ("updated", ""), ("error", "teldatum"),
                            ("error", "teldatum"), ("error", "gemeente"), ("error", "onder_8"), ("error", "gemeente"),
                            ("error", "aantal"), ("error", "so_categorie_1")])
    eq("tellingen: stored, the adopted one replaced in place", sql(
        "SELECT string_agg(coalesce(external_id, '-') || ':' || tel_wijze || ':' || aantal || ':' || "
        "coalesce(onder_8, -1), ' ' ORDER BY external_id) FROM bestuur.tellingen WHERE swv_id = '%s'" % A.id),
        "t-1:schoolgaand:250:40 t-2:woonachtig:30:-1 t-3:schoolgaand:180:-1")
    eq("tellingen: a new count updates, the same again is unchanged, another key's natural key is refused",
       [fo(tc([("t-1", brin["s11"], "2016-10-01", "", "", "251", "40", "2", "1", "0")])),
        fo(tc([("t-1", brin["s11"], "2016-10-01", "schoolgaand", "", "251", "40", "2", "1", "0")])),
        fo(tc([("t-11", brin["s11"], "2016-10-01", "", "", "251", "", "", "", "")]))],
       [[("updated", "")], [("unchanged", "")], [("error", "teldatum")]])
    eq("tellingen: bestuur only (as UpsertTelling)",
       [tc([("t-x", brin["s11"], "2016-10-01", "", "", "1", "", "", "", "")], A.tokens[k]).code
        for k in ("school", "werkgebied", "toezicht")], ["PERMISSION_DENIED"] * 3)
    eq("tellingen: tenant B cannot count A's school",
       fo(tc([("t-1", brin["s11"], "2016-10-01", "", "", "1", "", "", "", "")], Bt.tokens["bestuur"])),
       [("error", "brin")])
    r = cl.call(UPSERT, chunk([("t-1", "2016-10-01")], columns=("external_id", "teldatum"), kind="tellingen"), bt)
    eq("tellingen: aantal is required in every record", fo(r), [("error", "aantal")])
    eq("tellingen: a count and a date as an import file has them (digits only: no sign, no '+1' month)",
       fo(tc([("t-12", brin["s11"], "2017-10-01", "", "", "+5", "", "", "", ""),
              ("t-13", brin["s11"], "2017-+1-01", "", "", "5", "", "", "", "")])),
       [("error", "aantal"), ("error", "teldatum")])

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
