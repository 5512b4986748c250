# ledger: set-up and checks of the write ledger under faults (test_ledger.sh,
# bench/ledger.sh). `setup` makes a tenant, a bestuur token, a school and N
# pupils through the API; `check` holds ledger_client's log against the
# database (every acknowledged write present with the acknowledged id, no
# duplicates, unacknowledged ones applied at most once, a resubmission answered
# with the first result); `recovery` times the first write after each fault.
# Prints "ok - X" / "FAIL - X: why" lines (py_checks) and "figure: k=v" lines.
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import scenario  # noqa: E402
from scenario import check, eq  # noqa: E402


def read_log(path):
    """{k: entry} of a ledger_client log; entry = dict(ok, id|status, t0, t1,
    attempts). A k answered twice (only across logs) keeps the last line."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            p = line.split(" ", 7)
            if len(p) < 7 or p[0] not in ("ack", "nack"):
                continue
            e = dict(ok=p[0] == "ack", t0=int(p[3]), t1=int(p[4]), thread=p[5], attempts=int(p[6]),
                     message=p[7].strip() if len(p) > 7 else "")
            e["id" if e["ok"] else "status"] = p[2]
            out[int(p[1])] = e
    return out


def db_rows(super_db, tenant, prefix):
    """{request_id: (id, leerling_id, aanvraagdatum, ingediend events, successful audit rows)}
    of the tenant's TLVs whose request id has prefix, and the count of rows per request id."""
    q = ("WITH e AS (SELECT tlv_id, count(*) AS n FROM bestuur.tlv_events"
         "   WHERE swv_id = '{t}' AND step = 'ingediend' GROUP BY tlv_id),"
         " a AS (SELECT object_ids[1] AS tid, count(*) AS n FROM platform.audit_log"
         "   WHERE swv_id = '{t}' AND outcome = 0 AND method LIKE '%/SubmitTlvAanvraag' GROUP BY 1)"
         " SELECT t.request_id, t.id, t.leerling_id, t.aanvraagdatum, coalesce(e.n, 0), coalesce(a.n, 0)"
         " FROM bestuur.tlvs t LEFT JOIN e ON e.tlv_id = t.id LEFT JOIN a ON a.tid = t.id::text"
         " WHERE t.swv_id = '{t}' AND t.request_id LIKE '{p}-%'").format(t=tenant, p=prefix)
    rows, per_rid = {}, {}
    out = scenario.psql(super_db, q)
    for line in out.splitlines() if out else []:
        rid, tid, pupil, datum, events, audits = line.split("|")
        per_rid[rid] = per_rid.get(rid, 0) + 1
        rows[rid] = (tid, pupil, datum, int(events), int(audits))
    return rows, per_rid


def natural_dups(rows):
    seen = {}
    for rid, r in rows.items():
        seen.setdefault((r[1], r[2]), []).append(rid)
    return [v for v in seen.values() if len(v) > 1]


def cmd_setup(a):
    import passend_rpc as pr
    M = pr.load(a.src, os.path.join(a.out, "py"))
    cl = pr.Client(a.server, a.ca)
    ten = M.tenancy.Tenant(name="Ledger SWV", duo_code="PO 97-01", sector=1, legal_form="stichting")
    tenant = pr.must(cl.call(pr.P_TEN + "CreateTenant", M.tenancy.CreateTenantRequest(tenant=ten),
                             a.admin_token), "CreateTenant").id
    tok, _ = pr.create_token(cl, a.admin_token, "bestuur", tenant, description="ledger")
    wg = pr.must(cl.call(pr.P_WG + "CreateWerkgebied", M.werkgebied.CreateWerkgebiedRequest(
        werkgebied=M.werkgebied.WerkgebiedInfo(name="Ledger")), tok), "CreateWerkgebied").id
    school = pr.must(cl.call(pr.P_BES + "CreateSchool", pr.school_req("A", 1, wg, "Ledger school"), tok),
                     "CreateSchool").id
    ids = []
    for i in range(a.pupils):
        r = M.werkgebied.CreateLeerlingRequest(leerling=M.werkgebied.Leerling(
            school_id=school, source_system="ledger", external_id="p%d" % i, geboortejaar=2012, geslacht=1))
        ids.append(pr.must(cl.call(pr.P_WG + "CreateLeerling", r, tok), "CreateLeerling").id)
    with open(os.path.join(a.out, "pupils.txt"), "w") as f:
        f.write("\n".join(ids) + "\n")
    with open(os.path.join(a.out, "token.txt"), "w") as f:
        f.write(tok + "\n")
    with open(os.path.join(a.out, "tenant.txt"), "w") as f:
        f.write(tenant + "\n")
    check("ledger set-up: tenant, bestuur token, school and %d pupils" % a.pupils, len(ids) == a.pupils)


def cmd_check(a):
    log = read_log(a.log)
    rows, per_rid = db_rows(a.super_db, a.tenant, a.prefix)
    rid = lambda k: "%s-%d" % (a.prefix, k)  # noqa: E731
    acks = {k: e for k, e in log.items() if e["ok"]}
    nacks = {k: e for k, e in log.items() if not e["ok"]}
    snap_path = os.path.join(a.out, "ledger-snapshot.json")
    if a.phase == "faults":
        lost = [k for k in acks if rid(k) not in rows]
        wrong = [k for k in acks if rid(k) in rows and rows[rid(k)][0] != acks[k]["id"]]
        applied = [k for k in nacks if rid(k) in rows]
        strangers = [r for r in rows if not r[len(a.prefix) + 1:].isdigit() or int(r[len(a.prefix) + 1:]) not in log]
        check("the run acknowledged writes (%d)" % len(acks), len(acks) >= a.min_acks,
              "%d acknowledged, want at least %d" % (len(acks), a.min_acks))
        eq("every acknowledged write is in the database (lost)", len(lost), 0)
        eq("every acknowledged write has the acknowledged id", len(wrong), 0)
        eq("no request id applied twice", sum(1 for n in per_rid.values() if n > 1), 0)
        eq("no pupil + aanvraagdatum applied twice", len(natural_dups(rows)), 0)
        eq("every TLV has exactly one 'ingediend' event", sum(1 for r in rows.values() if r[3] != 1), 0)
        eq("no TLV the client never asked for", len(strangers), 0)
        repeats = sum(1 for r in rows.values() if r[4] > 1)
        print("figure: requests=%d acked=%d nacked=%d nacked_applied=%d lost=%d duplicates=%d "
              "acked_after_a_repeat=%d" % (len(log), len(acks), len(nacks), len(applied), len(lost),
                                          sum(n - 1 for n in per_rid.values()), repeats))
        with open(snap_path, "w") as f:
            json.dump({r: v[0] for r, v in rows.items()}, f)
        for k in sorted(nacks)[:5]:
            e = nacks[k]
            print("nack: request %d %s after %d attempts, %d ms (thread %s): %s" %
                  (k, e["status"], e["attempts"], e["t1"] - e["t0"], e["thread"], e["message"]))
        return
    # final: after the resubmission of every nack
    with open(snap_path) as f:
        snap = json.load(f)
    resub = read_log(a.resub_log)
    eq("every unacknowledged write was resubmitted", sorted(resub), sorted(nacks))
    eq("every resubmission was acknowledged", [k for k, e in resub.items() if not e["ok"]], [])
    first = [k for k, e in resub.items() if e["ok"] and rid(k) in snap and snap[rid(k)] != e["id"]]
    eq("a resubmission of an applied write returns the first result", first, [])
    total = len(log)
    eq("afterwards one TLV per request", (len(rows), max(per_rid.values(), default=1)), (total, 1))
    eq("afterwards no pupil + aanvraagdatum twice", len(natural_dups(rows)), 0)
    print("figure: resubmitted=%d of_which_already_applied=%d" %
          (len(resub), sum(1 for k in resub if rid(k) in snap)))


def cmd_race(a):
    """A repeat that arrives while the first call's transaction is still
    open: the first is played by the superuser (an uncommitted TLV row with
    the request id, committed 2 s later); SubmitTlvAanvraag with that request
    id waits for it and must answer with that row, not an error."""
    import subprocess
    import time
    import uuid
    import passend_rpc as pr
    M = pr.load(a.src, os.path.join(a.out, "py"))
    cl = pr.Client(a.server, a.ca)
    tok = open(os.path.join(a.out, "token.txt")).read().strip()
    pupil = open(os.path.join(a.out, "pupils.txt")).readline().strip()
    first, rid = str(uuid.uuid4()), "race-%s" % uuid.uuid4()
    sql = ("BEGIN; INSERT INTO bestuur.tlvs (swv_id, id, leerling_id, aanvragende_school_id, herkomst, "
           "gevraagde_soort, aanvraagdatum, deadline, request_id) SELECT swv_id, '%s', id, school_id, "
           "'basisonderwijs', 2, '2017-01-02', '2017-02-13', '%s' FROM werkgebied.leerlingen WHERE id = '%s'; "
           "SELECT pg_sleep(2); COMMIT;" % (first, rid, pupil))
    holder = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", a.super_db, "-c", sql],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _ in range(50):  # until the row is written (its lock is what the repeat waits for)
        if scenario.psql(a.super_db, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity s USING (pid) "
                         "WHERE s.query LIKE '%%pg_sleep(2)%%' AND l.locktype = 'transactionid'") != "0":
            break
        time.sleep(0.1)
    D = M.common.Date(year=2017, month=1, day=2)
    req = M.bestuur.SubmitTlvAanvraagRequest(
        leerling_id=pupil, herkomst="basisonderwijs", gevraagde_soort=2, aanvraagdatum=D, ouders_toestemming=True,
        groeidocument=True, opp=True, verslag_mdo=True, request_id=rid)
    r = cl.call(pr.P_BES + "SubmitTlvAanvraag", req, tok)
    _, err = holder.communicate(timeout=30)
    check("the first call (held open by the superuser) committed", holder.returncode == 0, err)
    check("a repeat racing the first call's open transaction returns the first result",
          r.code == "OK" and r.resp.id == first, "got %r (want OK with id %s)" % (r, first))
    eq("  and adds nothing (one TLV with the request id, no event of its own)",
       scenario.psql(a.super_db, "SELECT count(*), (SELECT count(*) FROM bestuur.tlv_events WHERE tlv_id = '%s') "
                     "FROM bestuur.tlvs WHERE request_id = '%s'" % (first, rid)), "1|0")


def pctl(xs, q):
    """The q-quantile of xs (nearest rank, the lower one of two middles)."""
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, -(-int(q * 1000) * len(xs) // 1000) - 1))] if xs else None


def cmd_recovery(a):
    """events: lines "NAME T_MS" (pg_kill, pg_ready, term, up); for each
    pg_ready and up, the first acknowledgement after it."""
    acks = sorted(e["t1"] for e in read_log(a.log).values() if e["ok"])
    events = []
    with open(a.events) as f:
        for line in f:
            p = line.split()
            if len(p) == 2:
                events.append((p[0], int(p[1])))
    rec, gaps = {"pg_ready": [], "up": []}, {"pg_ready": [], "up": []}
    last_cut = None
    for name, t in events:
        if name in ("pg_kill", "term"):
            last_cut = t
        if name not in rec:
            continue
        after = [x for x in acks if x >= t]
        if not after:
            check("a write was acknowledged after %s at %d" % (name, t), False, "none")
            continue
        rec[name].append(after[0] - t)
        if last_cut is not None:
            gaps[name].append(after[0] - last_cut)
    for name, what in (("pg_ready", "PostgreSQL accepts connections"), ("up", "passendd accepts TLS")):
        xs = rec[name]
        if not xs:
            continue
        print("figure: %s n=%d first_ack_after_ms p50=%d max=%d outage_ms p50=%d max=%d (each: %s; outages: %s)" %
              (name, len(xs), pctl(xs, .5), max(xs), pctl(gaps[name], .5), max(gaps[name]),
               " ".join(map(str, xs)), " ".join(map(str, gaps[name]))))
        if name == "pg_ready":
            check("writes succeed again within %d ms of %s (max %d ms over %d kills)" %
                  (a.max_recovery_ms, what, max(xs), len(xs)), max(xs) <= a.max_recovery_ms,
                  "recovery times %s ms" % xs)


def main():
    flags = ("--server", "--ca", "--admin-token", "--super-db", "--src", "--out")
    ap = scenario.arg_parser("write ledger set-up and checks", flags=())
    ap.add_argument("cmd", choices=("setup", "check", "recovery", "race"))
    for fl in flags:
        ap.add_argument(fl, help=scenario.COMMON_FLAGS[fl])
    ap.add_argument("--pupils", type=int, default=100)
    ap.add_argument("--tenant")
    ap.add_argument("--prefix", default="ledger")
    ap.add_argument("--log")
    ap.add_argument("--resub-log")
    ap.add_argument("--events")
    ap.add_argument("--phase", choices=("faults", "final"))
    ap.add_argument("--min-acks", type=int, default=1)
    ap.add_argument("--max-recovery-ms", type=int, default=2000)
    a = ap.parse_args()
    {"setup": cmd_setup, "check": cmd_check, "recovery": cmd_recovery, "race": cmd_race}[a.cmd](a)
    return 1 if scenario.failures else 0


if __name__ == "__main__":
    sys.exit(main())
