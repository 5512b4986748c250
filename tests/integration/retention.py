# retention: the data and checks of test_retention.sh (docs/decisions.md
# D37), in two phases around a purge the shell script runs:
#   --phase setup  the Noord-Kennemerland 2016-2017 data through the API
#                  (nk_tlv_api: 158 TLVs long ended), its TLV and deelname
#                  reports as bestuur and toezicht saved; a tenant R whose
#                  pupils cover every "support ended" case of TLVs, support
#                  requests, MDOs and arrangements (written as the superuser,
#                  with dates relative to today), its MDO report and
#                  arrangement counts saved, and a tenant R2 without a
#                  retention period; import batches (one abandoned two days
#                  ago, one fresh, one committed); retention_months 12 set
#                  through UpdateTenant for NK and R
#   --phase check  after the purge: the reports are identical; exactly the
#                  due pupils are gone, their TLVs, MDOs and arrangements
#                  stay de-identified and counted, no server role reads them
#                  any more; the purge is audited; the abandoned batch is
#                  gone with its rows, the others stay
# State between the phases is a JSON file in --out. Prints "ok - X" /
# "FAIL - X: why" lines (py_checks).
import difflib
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import nk_tlv_api  # noqa: E402  (puts scripts/demo-data on the path)
import nk_demo  # noqa: E402
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from google.protobuf import json_format  # noqa: E402
from scenario import check, eq  # noqa: E402

ap = scenario.arg_parser()
ap.add_argument("--phase", choices=("setup", "check"), required=True)
ap.add_argument("--fixtures", default=nk_demo.DEFAULT_FIXTURES)
args = ap.parse_args()
M = pr.load(args.src, args.out)
B, R, T = M.bestuur, M.rapportage, M.tenancy
cl = pr.Client(args.server, args.ca)
admin = args.admin_token
STATE = os.path.join(args.out, "retention_state.json")
PR = "/passend.v1.Rapportage/"


def sql(q):
    return scenario.psql(args.super_db, q)


def reports(token):
    """Every report a tenant has, as JSON text per name (deterministic)."""
    out = {}
    for tri in (0, 1, 2, 3):
        res = cl.call(PR + "GetTlvReport", R.GetTlvReportRequest(schooljaar="2016-2017", trimester=tri), token)
        out["tlv T%d" % tri] = res.code if res.code != "OK" else json_format.MessageToJson(res.resp, sort_keys=True)
    for gem, bes in ((False, False), (True, True)):
        res = cl.call(PR + "GetDeelnameReport", R.GetDeelnameReportRequest(per_gemeente=gem, per_bestuur=bes),
                      token)
        out["deelname %s %s" % (gem, bes)] = (res.code if res.code != "OK"
                                              else json_format.MessageToJson(res.resp, sort_keys=True))
    return out


def set_retention(tid, months):
    req = T.UpdateTenantRequest(tenant=T.Tenant(id=tid, retention_months=months), update_mask=["retention_months"])
    res = cl.call(pr.P_TEN + "UpdateTenant", req, admin)
    eq("UpdateTenant retention_months=%d -> OK" % months, (res.code, res.resp and res.resp.retention_months),
       ("OK", months))


# The cases of tenant R: external id -> (kept?, TLVs as SQL value lists, pupil created days ago).
# A TLV: (state, aanvraag days ago, besluit days ago or None, einddatum days from today or None,
#         herbeoordeling event days ago or None).
CASES = {
    "keep_open": (True, [(3, 800, 790, 100, None)], 0),           # AFGEGEVEN, einddatum ahead
    "keep_process": (True, [(1, 1200, None, None, None)], 0),    # INGEDIEND long ago: still open
    "keep_recent": (True, [(3, 900, 890, -90, None)], 0),        # expired 3 months ago
    "keep_mixed": (True, [(3, 2000, 1990, -1500, None), (2, 30, None, None, None)], 0),
    "keep_none": (True, [], 0),                                   # no support yet, created today
    "purge_old": (False, [(3, 1000, 990, -400, None)], 0),       # expired 13+ months ago
    "purge_afgewezen": (False, [(4, 800, 760, None, None)], 0),
    "purge_beeindigd": (False, [(6, 900, 890, 300, 500)], 0),    # ended early at a herbeoordeling
    "purge_none": (False, [], 730),                               # no support, created 2 years ago
    "keep_vraag": (True, [], 730),                                # a support request a month ago
    "purge_vraag": (False, [], 730),                              # a support request 700 days ago
}
# support requests (with the consent they need): external id -> days ago
VRAGEN = {"keep_vraag": 30, "purge_vraag": 700}
CASES.update({
    "keep_mdo": (True, [], 730),    # an MDO with a tijdelijke plaatsing of 20 weeks, 30 days ago
    "purge_mdo": (False, [], 730),  # an MDO 600 days ago
    "keep_arr": (True, [], 730),    # an individueel arrangement running until 100 days from now
    "purge_arr": (False, [], 730),  # an arrangement that ended 500 days ago
})
# MDOs: external id -> (days ago, weeks of a tijdelijke plaatsing or 0)
MDOS = {"keep_mdo": (30, 20), "purge_mdo": (600, 0)}
# arrangements: external id -> (status, start days ago, end days from today, last step days ago)
ARRS = {"keep_arr": ("lopend", 200, 100, 190), "purge_arr": ("beeindigd", 800, -500, 500)}
# thuiszitter cases (D39) of pupils above, which they keep or purge as before: external id ->
# (start days ago, end days ago or None: open)
TZ = {"keep_open": (60, None), "purge_old": (600, 500)}
SJ = None  # the school year of the purged MDO and arrangement, for their reports


def schooljaar(days_ago):
    import datetime as dt
    d = dt.date.today() - dt.timedelta(days=days_ago)
    y = d.year if d.month >= 8 else d.year - 1
    return "%d-%d" % (y, y + 1)


def werkgebied_reports(token):
    """R's MDO report (the API) and arrangement counts (the API, without the
    share of the werkgebied's pupils now, which follows the pupils), as text."""
    out = {}
    for sj in sorted({schooljaar(600), schooljaar(800), schooljaar(30), schooljaar(500), schooljaar(60)}):
        res = cl.call(PR + "GetMdoReport", R.GetMdoReportRequest(schooljaar=sj, trimester=0), token)
        out["mdo " + sj] = res.code if res.code != "OK" else json_format.MessageToJson(res.resp, sort_keys=True)
        res = cl.call(PR + "GetArrangementReport", R.GetArrangementReportRequest(schooljaar=sj, trimester=0), token)
        if res.code == "OK":
            for row in list(res.resp.per_werkgebied) + [res.resp.totaal] + list(res.resp.per_periode):
                row.ClearField("individueel_pct_leerlingen")
            out["arrangement " + sj] = json_format.MessageToJson(res.resp, sort_keys=True)
        else:
            out["arrangement " + sj] = res.code
        res = cl.call(PR + "GetThuiszitterReport", R.GetThuiszitterReportRequest(schooljaar=sj, trimester=0), token)
        out["thuiszitters " + sj] = (res.code if res.code != "OK" else
                                     json_format.MessageToJson(res.resp, sort_keys=True))
    return out


def setup():
    st = {}
    # ---- NK through the API ----------------------------------------------------
    ten = T.Tenant(name="Passend Primair Onderwijs Noord-Kennemerland", duo_code="PO 27-04", sector=1)
    nk = pr.must(cl.call(pr.P_TEN + "CreateTenant", T.CreateTenantRequest(tenant=ten), admin), "CreateTenant").id
    bt, _ = pr.create_token(cl, admin, "bestuur", nk)
    tz, _ = pr.create_token(cl, admin, "toezicht", nk)
    data = nk_tlv_api.populate(cl, M, bt, os.path.join(args.out, "nk"), fixtures=args.fixtures,
                               log=lambda m: sys.stderr.write(m + "\n"))
    sc, _ = pr.create_token(cl, admin, "school", nk, [next(iter(data.school.values()))])
    check("NK: 158 TLVs through the API", len(data.tlv_ids) == 158, len(data.tlv_ids))
    st.update(nk=nk, bt=bt, tz=tz, sc=sc, tlv_ids=data.tlv_ids,
              before={"bestuur": reports(bt), "toezicht": reports(tz)})
    eq("NK: the reports answer before the purge", [k for k, v in st["before"]["bestuur"].items()
                                                   if not v.startswith("{")], [])
    st["nk_pupils"] = int(sql("SELECT count(*) FROM werkgebied.leerlingen WHERE swv_id = '%s'" % nk))

    # ---- tenant R: every case; tenant R2 without a retention period ---------------
    for key, duo in (("r", "PO 98-11"), ("r2", "PO 98-12")):
        ten = T.Tenant(name="Retention " + key, duo_code=duo, sector=1)
        st[key] = pr.must(cl.call(pr.P_TEN + "CreateTenant", T.CreateTenantRequest(tenant=ten), admin),
                          "CreateTenant " + key).id
    st["rt"], _ = pr.create_token(cl, admin, "bestuur", st["r"])
    q = []
    for key in ("r", "r2"):
        t = st[key]
        q.append("INSERT INTO werkgebied.werkgebieden (swv_id, id, name) VALUES ('%s', gen_random_uuid(), 'W');" % t)
        q.append("INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id) "
                 "SELECT '%s', gen_random_uuid(), '01RA', '00', 'BAO', 1, w.id FROM werkgebied.werkgebieden w "
                 "WHERE w.swv_id = '%s';" % (t, t))
        q.append("INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort) "
                 "VALUES ('%s', gen_random_uuid(), '02RA', '00', 'SO', 3);" % t)
    cases = dict(CASES)
    cases["r2_old"] = (True, [(3, 1000, 990, -400, None)], 0)  # tenant R2: no retention period
    for ext, (_, tlvs, created) in cases.items():
        t = st["r2"] if ext.startswith("r2") else st["r"]
        q.append("INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, "
                 "external_id, geboortejaar, geslacht, created_at) SELECT '%s', gen_random_uuid(), s.id, "
                 "s.werkgebied_id, 'x', '%s', 2012, 2, now() - interval '%d days' FROM bestuur.scholen s "
                 "WHERE s.swv_id = '%s' AND s.brin = '01RA';" % (t, ext, created, t))
        for i, (state, aanv, besl, eind, herb) in enumerate(tlvs):
            afg = state in (3, 6)
            q.append(
                "WITH l AS (SELECT l.id, l.school_id FROM werkgebied.leerlingen l WHERE l.swv_id = '{t}' "
                "AND l.external_id = '{e}'), o AS (SELECT id FROM bestuur.scholen WHERE swv_id = '{t}' "
                "AND brin = '02RA'), i AS (INSERT INTO bestuur.tlvs (swv_id, id, leerling_id, aanvragende_school_id, "
                "herkomst, gevraagde_soort, state, aanvraagdatum, deadline, besluit, besluitdatum, tlv_nummer, soort, "
                "so_categorie, startdatum, einddatum, ontvangende_school_id, advies, experts, bezwaar_reden) "
                "SELECT '{t}', gen_random_uuid(), l.id, l.school_id, 'basisonderwijs', 3, {state}, "
                "current_date - {aanv}, current_date - {aanv} + 42, {besluit}, {besl}, {nummer}, {soort}, {cat}, "
                "{start}, {eind}, {ontv}, 'advies over de leerling', '[{{\"name\": \"A. Jansen\"}}]', "
                "'reden van de ouders' FROM l, o RETURNING id) "
                "INSERT INTO bestuur.tlv_events (swv_id, tlv_id, seq, step, at, actor_token_id, actor_role, detail) "
                "SELECT '{t}'::uuid, i.id, 1, 'ingediend', now() - interval '{aanv} days', gen_random_uuid(), 'bestuur', "
                "'details over de leerling' FROM i UNION ALL "
                "SELECT '{t}'::uuid, i.id, 2, 'herbeoordeling', now() - interval '{herb} days', gen_random_uuid(), "
                "'bestuur', 'beeindigd' FROM i WHERE {has_herb};".format(
                    t=t, e=ext, state=state, aanv=aanv,
                    besluit="'afgegeven'" if afg else ("'afgewezen'" if state == 4 else "NULL"),
                    besl="current_date - %d" % besl if besl is not None else "NULL",
                    nummer="'%s-%d'" % (ext, i) if afg else "NULL", soort="3" if afg else "NULL",
                    cat="1" if afg else "NULL", start="current_date - %d" % besl if afg else "NULL",
                    eind="current_date + %d" % eind if afg else "NULL", ontv="o.id" if afg else "NULL",
                    herb=herb or 0, has_herb="true" if herb else "false"))
    for ext, days in VRAGEN.items():
        q.append("WITH l AS (SELECT swv_id, id, school_id FROM werkgebied.leerlingen WHERE swv_id = '{t}' "
                 "AND external_id = '{e}'), c AS (INSERT INTO werkgebied.toestemmingen (swv_id, id, leerling_id, "
                 "scopes, datum, gezag) SELECT swv_id, gen_random_uuid(), id, '{{ondersteuningsvraag}}', "
                 "current_date - {d}, 'beide_ouders' FROM l RETURNING swv_id, id, leerling_id) "
                 "INSERT INTO werkgebied.ondersteuningsvragen (swv_id, id, leerling_id, school_id, omschrijving, "
                 "ingediend_op, toestemming_id) SELECT c.swv_id, gen_random_uuid(), c.leerling_id, l.school_id, "
                 "'lezen gaat moeizaam', current_date - {d}, c.id FROM c JOIN l ON l.id = c.leerling_id;".format(
                     t=st["r"], e=ext, d=days))
    for ext, (days, weeks) in MDOS.items():
        q.append("WITH l AS (SELECT swv_id, id, school_id, werkgebied_id FROM werkgebied.leerlingen WHERE swv_id = '{t}' "
                 "AND external_id = '{e}'), c AS (INSERT INTO werkgebied.toestemmingen (swv_id, id, leerling_id, "
                 "scopes, datum, gezag) SELECT swv_id, gen_random_uuid(), id, '{{mdo}}', current_date - {d} - 1, "
                 "'beide_ouders' FROM l RETURNING swv_id, id, leerling_id) "
                 "INSERT INTO werkgebied.mdos (swv_id, id, leerling_id, school_id, werkgebied_id, niveau, datum, "
                 "deelnemers, kind_deelgenomen, uitkomst, plaatsing, plaatsing_weken, toestemming_id) "
                 "SELECT c.swv_id, gen_random_uuid(), c.leerling_id, l.school_id, l.werkgebied_id, 'niv_2', "
                 "current_date - {d}, '{{school,ouders}}', true, {u}, {p}, {w}, c.id FROM c JOIN l ON l.id = c.leerling_id;"
                 .format(t=st["r"], e=ext, d=days, u="'tijdelijke_plaatsing'" if weeks else "'geen'",
                         p="'sbo'" if weeks else "NULL", w=weeks or "NULL"))
    for ext, (status, start, end, step) in ARRS.items():
        q.append("WITH l AS (SELECT swv_id, id, school_id, werkgebied_id FROM werkgebied.leerlingen WHERE swv_id = '{t}' "
                 "AND external_id = '{e}'), c AS (INSERT INTO werkgebied.toestemmingen (swv_id, id, leerling_id, "
                 "scopes, datum, gezag) SELECT swv_id, gen_random_uuid(), id, '{{arrangement}}', current_date - {s}, "
                 "'beide_ouders' FROM l RETURNING swv_id, id, leerling_id), a AS (INSERT INTO werkgebied.arrangementen "
                 "(swv_id, id, werkgebied_id, arrangement_type, rubriek, leerling_id, school_id, uren_per_week, "
                 "startdatum, einddatum, omschrijving, status, toestemming_id) SELECT c.swv_id, gen_random_uuid(), "
                 "l.werkgebied_id, 'individueel', 'individueel', c.leerling_id, l.school_id, 2, current_date - {s}, "
                 "current_date + {n}, 'begeleiding bij lezen', '{st}', c.id FROM c JOIN l ON l.id = c.leerling_id "
                 "RETURNING swv_id, id) INSERT INTO werkgebied.arrangement_events (swv_id, arrangement_id, step, van, "
                 "naar, datum, toelichting) SELECT swv_id, id, 'request', NULL, 'aangevraagd', current_date - {s}, "
                 "'de ouders vragen hulp' FROM a UNION ALL SELECT swv_id, id, 'end', 'geevalueerd', '{st}', "
                 "current_date - {x}, 'klaar' FROM a;".format(t=st["r"], e=ext, s=start, n=end, st=status, x=step))
    for ext, (start, end) in TZ.items():
        q.append("INSERT INTO werkgebied.thuiszitter_casussen (swv_id, id, leerling_id, school_id, werkgebied_id, "
                 "startdatum, status, scenarios, interim_leerarrangement, einddatum, uitkomst) SELECT swv_id, "
                 "gen_random_uuid(), id, school_id, werkgebied_id, current_date - {s}, '{st}', '{{verkort_rooster}}', "
                 "'zorgboerderij', {e}, {u} FROM werkgebied.leerlingen WHERE swv_id = '{t}' AND external_id = '{x}';"
                 .format(t=st["r"], x=ext, s=start, st="afgesloten" if end else "dreigend",
                         e="current_date - %d" % end if end else "NULL", u="'geplaatst'" if end else "NULL"))
    # import batches of R's bestuur token: abandoned (2 days), fresh, committed (2 days)
    for name, state, age in (("abandoned", "open", 2), ("fresh", "open", 0), ("done", "committed", 2)):
        q.append("INSERT INTO bestuur.import_batches (swv_id, id, kind, file_name, header, created_by_token, "
                 "created_at, state) SELECT '{t}', gen_random_uuid(), 'tlvs', '{n}.csv', '{{a}}', "
                 "(SELECT id FROM platform.tokens WHERE swv_id = '{t}' LIMIT 1), now() - interval '{a} days', "
                 "'{s}';".format(t=st["r"], n=name, a=age, s=state))
        q.append("INSERT INTO bestuur.import_rows (swv_id, import_id, line, fields) SELECT swv_id, id, 2, "
                 "'{x,leerling}' FROM bestuur.import_batches WHERE file_name = '%s.csv';" % name)
    sql("\n".join(q))
    st["r_ids"] = dict(line.split("|") for line in sql(
        "SELECT external_id || '|' || id FROM werkgebied.leerlingen WHERE swv_id IN ('%s', '%s')"
        % (st["r"], st["r2"])).splitlines())
    st["batches"] = dict(line.split("|") for line in sql(
        "SELECT file_name || '|' || id FROM bestuur.import_batches WHERE swv_id = '%s'" % st["r"]).splitlines())
    eq("R: every case written", sorted(st["r_ids"]), sorted(cases))
    st["rz"], _ = pr.create_token(cl, admin, "toezicht", st["r"])
    st["r_before"] = {"bestuur": werkgebied_reports(st["rt"]), "toezicht": werkgebied_reports(st["rz"])}
    eq("R: the MDO and arrangement reports answer before the purge",
       [k for k, v in st["r_before"]["bestuur"].items() if not v.startswith("{")], [])
    set_retention(st["nk"], 12)
    set_retention(st["r"], 12)
    with open(STATE, "w", encoding="utf-8") as f:
        json.dump(st, f)


def check_after():
    with open(STATE, encoding="utf-8") as f:
        st = json.load(f)
    nk, r = st["nk"], st["r"]
    # ---- the reports stay as they were -------------------------------------------------
    after = {"bestuur": reports(st["bt"]), "toezicht": reports(st["tz"])}
    for role in ("bestuur", "toezicht"):
        for name, before in st["before"][role].items():
            diff = [d for d in difflib.unified_diff(before.splitlines(), after[role][name].splitlines(),
                                                    "before", "after", n=2, lineterm="")]
            check("NK %s report %s is identical after the purge" % (role, name), not diff,
                  "\n".join(diff[:40]))
    left = int(sql("SELECT count(*) FROM werkgebied.leerlingen WHERE swv_id = '%s'" % nk))
    eq("NK: all %d pupils (every TLV ended years ago) are purged" % st["nk_pupils"], left, 0)
    eq("NK: the 158 TLVs stay, de-identified",
       sql("SELECT count(*) || '/' || count(*) FILTER (WHERE leerling_id IS NULL AND purged_at IS NOT NULL "
           "AND anon_geboortejaar > 0 AND advies = '' AND experts = '[]' AND request_id IS NULL "
           "AND (tlv_nummer IS NULL OR tlv_nummer LIKE 'verwijderd-%%')) FROM bestuur.tlvs WHERE swv_id = '%s'"
           % nk), "158/158")
    res = cl.call(pr.P_WG + "ListLeerlingen", M.werkgebied.ListLeerlingenRequest(), st["bt"])
    eq("NK bestuur: ListLeerlingen shows no purged pupil", (res.code, len(res.resp.leerlingen) if res.resp else -1),
       ("OK", 0))
    res = cl.call(pr.P_BES + "ListTlvs", B.ListTlvsRequest(), st["bt"])
    eq("NK bestuur: ListTlvs shows no de-identified TLV", (res.code, len(res.resp.tlvs) if res.resp else -1),
       ("OK", 0))
    eq("NK bestuur: GetTlv of a de-identified TLV is NOT_FOUND",
       cl.call(pr.P_BES + "GetTlv", B.GetByIdRequest(id=st["tlv_ids"][0]), st["bt"]).code, "NOT_FOUND")
    eq("NK: the purge is audited (no token, no role, the pupils and TLVs named)",
       sql("SELECT count(*) || '/' || bool_and(token_id IS NULL AND role IS NULL AND outcome = 0) || '/' || "
           "sum(cardinality(object_ids)) FROM platform.audit_log WHERE swv_id = '%s' "
           "AND method = '/passendd.Retention/PurgePupils'" % nk),
       "1/true/%d" % (st["nk_pupils"] + 158))

    # ---- tenant R: exactly the due pupils ----------------------------------------------
    kept = sorted(sql("SELECT external_id FROM werkgebied.leerlingen WHERE swv_id = '%s'" % r).splitlines())
    eq("R: the pupils whose support has not ended 12 months ago stay, the others go", kept,
       sorted(k for k, v in CASES.items() if v[0]))
    eq("R2 (no retention period): its old pupil stays",
       sql("SELECT count(*) FROM werkgebied.leerlingen WHERE swv_id = '%s'" % st["r2"]), "1")
    purged = [st["r_ids"][k] for k, v in CASES.items() if not v[0]]
    row = sql("SELECT array_to_string(object_ids, ' ') FROM platform.audit_log WHERE swv_id = '%s' "
              "AND method = '/passendd.Retention/PurgePupils'" % r).split()
    check("R: the audit row names every purged pupil", all(p in row for p in purged), "%s not in %s" % (purged, row))
    tl = sql("SELECT id FROM bestuur.tlvs WHERE swv_id = '%s' AND purged_at IS NOT NULL" % r).split()
    check("R: the audit row names every de-identified TLV (%d)" % len(tl), tl and all(t in row for t in tl), row)
    eq("R: a purged pupil's TLV keeps what the report counts, loses the rest",
       sql("SELECT anon_geboortejaar || '/' || anon_geslacht || '/' || state || '/' || (besluitdatum IS NOT NULL) "
           "|| '/' || advies || '/' || experts::text || '/' || coalesce(bezwaar_reden, '-') || '/' || "
           "(tlv_nummer = 'verwijderd-' || id) FROM bestuur.tlvs WHERE swv_id = '%s' AND state = 3 "
           "AND purged_at IS NOT NULL" % r), "2012/2/3/true//[]/-/true")
    eq("R: the events of a purged TLV keep their steps, not their text",
       sql("SELECT string_agg(e.step || ':' || e.detail, ',' ORDER BY e.tlv_id, e.seq) FROM bestuur.tlv_events e "
           "JOIN bestuur.tlvs t ON t.swv_id = e.swv_id AND t.id = e.tlv_id WHERE t.swv_id = '%s' "
           "AND t.state = 6" % r), "ingediend:,herbeoordeling:")
    eq("R: a kept pupil's TLV is untouched",
       sql("SELECT advies || '/' || (leerling_id IS NOT NULL) FROM bestuur.tlvs t JOIN werkgebied.leerlingen l "
           "ON l.swv_id = t.swv_id AND l.id = t.leerling_id WHERE l.external_id = 'keep_recent'"),
       "advies over de leerling/true")

    r_after = {"bestuur": werkgebied_reports(st["rt"]), "toezicht": werkgebied_reports(st["rz"])}
    for role in ("bestuur", "toezicht"):
        for name, before in st["r_before"][role].items():
            diff = list(difflib.unified_diff(before.splitlines(), r_after[role][name].splitlines(), "before",
                                             "after", n=2, lineterm=""))
            check("R %s report %s is identical after the purge" % (role, name), not diff, "\n".join(diff[:40]))
    eq("R: the purged pupils' MDO and arrangement stay, de-identified",
       sql("SELECT (SELECT count(*) || ':' || bool_and(leerling_id IS NULL AND toestemming_id IS NULL "
           "AND anon_geboortejaar = 2012) FROM werkgebied.mdos WHERE swv_id = '{r}' AND purged_at IS NOT NULL) || '/' || "
           "(SELECT count(*) || ':' || bool_and(leerling_id IS NULL AND omschrijving = '' AND toestemming_id IS NULL) "
           "FROM werkgebied.arrangementen WHERE swv_id = '{r}' AND purged_at IS NOT NULL) || '/' || "
           "(SELECT string_agg(e.step || ':' || e.toelichting, ',' ORDER BY e.seq) FROM werkgebied.arrangement_events e "
           "JOIN werkgebied.arrangementen a ON a.swv_id = e.swv_id AND a.id = e.arrangement_id "
           "WHERE a.swv_id = '{r}' AND a.purged_at IS NOT NULL)".format(r=r)), "1:true/1:true/request:,end:")
    eq("R: the purged pupil's thuiszitter case stays, de-identified (no pupil, scenarios or interim text)",
       sql("SELECT count(*) || ':' || bool_and(leerling_id IS NULL AND scenarios = '{}' AND "
           "interim_leerarrangement = '' AND uitkomst = 'geplaatst') FROM werkgebied.thuiszitter_casussen "
           "WHERE swv_id = '%s' AND purged_at IS NOT NULL" % r), "1:true")
    res = cl.call(pr.P_WG + "ListThuiszitterCasussen", M.thuis.ListThuiszitterCasussenRequest(), st["rt"])
    eq("R bestuur: ListThuiszitterCasussen shows only the kept pupil's case",
       (res.code, len(res.resp.casussen) if res.resp else -1), ("OK", 1))
    res = cl.call(pr.P_WG + "ListMdos", M.mdo.ListMdosRequest(), st["rt"])
    eq("R bestuur: ListMdos shows only the kept pupil's MDO", (res.code, len(res.resp.mdos) if res.resp else -1),
       ("OK", 1))
    res = cl.call(pr.P_WG + "ListArrangementen", M.arr.ListArrangementenRequest(), st["rt"])
    eq("R bestuur: ListArrangementen shows only the kept pupil's arrangement",
       (res.code, len(res.resp.arrangementen) if res.resp else -1), ("OK", 1))
    eq("R: the support requests and consents of purged pupils go, the others stay",
       sql("SELECT (SELECT count(*) FROM werkgebied.ondersteuningsvragen WHERE swv_id = '%s') || '/' || "
           "(SELECT count(*) FROM werkgebied.toestemmingen WHERE swv_id = '%s')" % (r, r)), "1/3")

    # ---- import batches ---------------------------------------------------------------
    b = st["batches"]
    eq("the abandoned import batch is gone with its rows, the fresh and the committed one stay",
       sql("SELECT string_agg(file_name, ',' ORDER BY file_name) || '/' || (SELECT count(*) FROM "
           "bestuur.import_rows WHERE import_id = '%s') FROM bestuur.import_batches WHERE swv_id = '%s'"
           % (b["abandoned.csv"], r)), "done.csv,fresh.csv/0")
    eq("the batch purge is audited naming the batch",
       sql("SELECT array_to_string(object_ids, ' ') FROM platform.audit_log WHERE swv_id = '%s' "
           "AND method = '/passendd.Retention/PurgeImports'" % r), b["abandoned.csv"])


if args.phase == "setup":
    try:
        setup()
    except pr.SetupError as e:
        check("setup through the API", False, str(e))
else:
    check_after()
scenario.done()
