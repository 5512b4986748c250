# pgbouncer_checks: passendd behind PgBouncer in transaction mode (run by
# test_pgbouncer.sh with --pooled-db): hundreds of calls of two tenants in
# flight at once (pipelined on passendd's connections, which PgBouncer maps
# onto fewer server sessions) each answer with their own tenant's rows, and
# afterwards no server session keeps a role, a tenant setting or a prepared
# statement. "ok - X" / "FAIL - X: why" lines.
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
from scenario import check, eq  # noqa: E402
import scenario  # noqa: E402

ap = scenario.arg_parser(__doc__)
ap.add_argument("--pooled-db", required=True, help="conninfo of passend_app through PgBouncer")
args = ap.parse_args()
M = pr.load(args.src, args.out)

cl = pr.Client(args.server, args.ca)
world = pr.checked_world(cl, args.admin_token)
if world is None:
    sys.exit(1)

# ---- many calls of both tenants in flight at once
get = cl._stub(pr.P_BES + "GetSchool")[0]
lst = cl._stub(pr.P_BES + "ListSchools")[0]
calls = []  # (what, future, check(resp or code) -> bool)
for i in range(150):
    for me, other in (("A", "B"), ("B", "A")):
        t, o = world[me], world[other]
        md = [("authorization", "Bearer " + t.tokens["bestuur"])]
        own = t.school["s11" if i % 2 else "s21"]
        calls.append(("%s GetSchool own" % me, get.future(M.bestuur.GetSchoolRequest(id=own), metadata=md,
                                                          timeout=60), ("OK", own)))
        calls.append(("%s GetSchool of %s" % (me, other),
                      get.future(M.bestuur.GetSchoolRequest(id=o.school["s11"]), metadata=md, timeout=60),
                      ("NOT_FOUND", None)))
        if i % 10 == 0:
            calls.append(("%s ListSchools" % me, lst.future(M.bestuur.ListSchoolsRequest(), metadata=md,
                                                            timeout=60), ("LIST", set(t.school.values()))))
bad = []
for what, fut, (want, val) in calls:
    try:
        resp, code = fut.result(), "OK"
    except Exception as e:  # grpc.RpcError
        resp, code = None, e.code().name if hasattr(e, "code") else repr(e)
    if want == "LIST":
        good = code == "OK" and {s.id for s in resp.schools} == val
    elif want == "OK":
        good = code == "OK" and resp.id == val
    else:
        good = code == want
    if not good:
        bad.append("%s: %s %s" % (what, code, resp.id if resp is not None and hasattr(resp, "id") else ""))
check("%d concurrent calls of two tenants: each answered with its own tenant's rows" % len(calls), not bad,
      "; ".join(bad[:5]))

# ---- what the server sessions kept: hold every one of them at once (the pool
# has 2 per user and database, so 2 concurrent clients get both) and look.
Q = ("SELECT pg_backend_pid(), current_user, current_setting('role'), "
     "coalesce(current_setting('passend.swv_id', true), ''), coalesce(current_setting('passend.scope', true), ''), "
     "(SELECT count(*) FROM pg_prepared_statements), pg_sleep(1) IS NULL")
procs = [subprocess.Popen(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", args.pooled_db, "-c", Q],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
rows = []
for p in procs:
    out, err = p.communicate(timeout=30)
    check("psql through PgBouncer", p.returncode == 0, err.strip())
    rows += [line.split("|") for line in out.split("\n") if line]
eq("two different server sessions inspected", len({r[0] for r in rows}), 2)
for r in rows:
    eq("server session %s: user passend_app, no role, no tenant, no scope, no prepared statement" % r[0],
       r[1:6], ["passend_app", "none", "", "", "0"])

# the sessions passendd used are PgBouncer's: as many as its pool, fewer than passendd's connections
n = scenario.psql(args.super_db, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'passend_app' "
                  "AND backend_type = 'client backend'")
check("PostgreSQL sees at most 2 sessions of passend_app (PgBouncer's pool), passendd has 4", int(n) <= 2, n)
sys.exit(1 if scenario.failures else 0)
