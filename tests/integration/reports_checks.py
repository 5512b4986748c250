# reports_checks: report calls answered by a streaming replica (db_reports;
# run by test_reports.sh with --replica-super-db and REPLICA_STOP_CMD /
# REPLICA_START_CMD). Replay paused on the replica makes its answers visibly
# stale: a new telling shows in ListTellingen (primary) but not in
# GetDeelnameReport (replica) until replay resumes. With the replica down the
# report is answered by the primary (fresh), and after it is back by the
# replica again. Writes keep going to the primary throughout.
# "ok - X" / "FAIL - X: why" lines.
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
from scenario import check, eq  # noqa: E402
import scenario  # noqa: E402

ap = scenario.arg_parser()
ap.add_argument("--replica-super-db", required=True, help="conninfo of postgres on the replica")
args = ap.parse_args()
M = pr.load(args.src, args.out)
B, C, R = M.bestuur, M.common, M.rapportage

cl = pr.Client(args.server, args.ca)
world = pr.checked_world(cl, args.admin_token)
if world is None:
    sys.exit(1)
A = world["A"]
bt = A.tokens["bestuur"]
SID = A.school["s11"]
D = C.Date(year=2024, month=10, day=1)


def primary(q):
    return scenario.psql(args.super_db, q)


def replica(q):
    return scenario.psql(args.replica_super_db, q)


def wait(what, fn, secs=20):
    """Poll fn() until it is true; check it."""
    end = time.time() + secs
    while True:
        v = fn()
        if v or time.time() > end:
            return check(what, v, "not within %d s" % secs)
        time.sleep(0.2)


def telling(n):
    t = B.Telling(school_id=SID, teldatum=D, tel_wijze=1, aantal=n, onder_8=-1, so_categorie_1=-1,
                  so_categorie_2=-1, so_categorie_3=-1)
    return cl.call(pr.P_BES + "UpsertTelling", t, bt)


def listed():
    r = cl.call(pr.P_BES + "ListTellingen", B.ListTellingenRequest(school_id=SID, tel_wijze=1), bt)
    return [t.aantal for t in r.resp.tellingen] if r.code == "OK" else r.code


def report():
    """The SWV row's BAO count of GetDeelnameReport for D, or the error code."""
    r = cl.call("/passend.v1.Rapportage/GetDeelnameReport", R.GetDeelnameReportRequest(teldata=[D]), bt)
    if r.code != "OK":
        return r.code
    return [row.bao.value for row in r.resp.rows if row.scope == "swv"]


def caught_up():
    # the insert position, not the write position: with synchronous_commit off
    # (tests/lib/env.sh) a commit record may still be unwritten, so a replica at
    # pg_current_wal_lsn() may not have the last write yet
    lsn = primary("SELECT pg_current_wal_insert_lsn()")
    return replica("SELECT pg_last_wal_replay_lsn() >= '%s'::pg_lsn" % lsn) == "t"


def reports_sessions(q):
    return int(q("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'passendd-reports'"))


def write(n):
    r = telling(n)
    check("UpsertTelling %d (a write: primary)" % n, r.code == "OK", repr(r))


# ---- the replica answers
write(100)
wait("replica caught up", caught_up)
eq("GetDeelnameReport: bao 100", report(), [100])
eq("the replica has passendd's 4 report connections (application_name passendd-reports)",
   reports_sessions(replica), 4)
eq("the primary has none", reports_sessions(primary), 0)

# ---- replay paused: the replica's answers are stale, the primary's are not
replica("SELECT pg_wal_replay_pause()")
wait("replay paused", lambda: replica("SELECT pg_get_wal_replay_pause_state()") == "paused")
write(200)
eq("ListTellingen (not a report: primary) sees 200", listed(), [200])
eq("GetDeelnameReport (replica, replay paused) still says 100", report(), [100])
r = cl.call("/passend.v1.Rapportage/GetTlvReport", R.GetTlvReportRequest(schooljaar="2024-2025", trimester=0), bt)
check("GetTlvReport runs on the hot standby", r.code == "OK", repr(r))
replica("SELECT pg_wal_replay_resume()")
wait("after replay resumes the report says 200", lambda: report() == [200])

# ---- replica down: reports fail over to the primary
subprocess.run(os.environ["REPLICA_STOP_CMD"], shell=True, check=True)
write(300)
wait("replica down: GetDeelnameReport answered by the primary (300)", lambda: report() == [300], 15)
eq("again (no stray UNAVAILABLE)", [report() for _ in range(5)], [[300]] * 5)
h = cl.call("/grpc.health.v1.Health/Check", M.health.HealthCheckRequest())
check("Health SERVING without the replica", h.code == "OK" and h.resp.status == 1, repr(h))

# ---- replica back: reports return to it
subprocess.run(os.environ["REPLICA_START_CMD"], shell=True, check=True)
wait("passendd reconnected its 4 report connections", lambda: reports_sessions(replica) == 4, 30)
wait("replica caught up", caught_up)
replica("SELECT pg_wal_replay_pause()")
wait("replay paused", lambda: replica("SELECT pg_get_wal_replay_pause_state()") == "paused")
write(400)
eq("GetDeelnameReport is the replica's again (still 300)", report(), [300])
eq("ListTellingen sees 400", listed(), [400])
replica("SELECT pg_wal_replay_resume()")
wait("and 400 once replay resumes", lambda: report() == [400])
sys.exit(1 if scenario.failures else 0)
