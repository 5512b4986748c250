# arrangement_groep: the pupils of a groep arrangement, possibly of several
# schools (issue 8 point 4; werkgebied.arrangement_leerlingen, 0019) through
# passendd (python grpcio) and in SQL: each pupil under a consent covering
# arrangement (a refusal writes nothing), the field rules with their exact
# errors, the consulent's scope (only pupils she sees), the audit row naming
# every pupil, the verlenging taking the group along, toezicht without
# privilege. Prints "ok - X" / "FAIL - X: why" (py_checks).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq, expect  # noqa: E402

args = scenario.parse_args()
M = pr.load(args.src, args.out)
V, AR, C = M.vragen, M.arr, M.common
cl = pr.Client(args.server, args.ca)


def D(y, m, d):
    return C.Date(year=y, month=m, day=d)


def call(method, req, token):
    return cl.call(pr.P_WG + method, req, token)


def sql(q):
    return scenario.psql(args.super_db, q)


world = pr.build_world(cl, args.admin_token)
A = world["A"]
bt, tz, wt, st = (A.tokens[r] for r in ("bestuur", "toezicht", "werkgebied", "school"))
p11, p12, p21 = A.pupil["p11"], A.pupil["p12"], A.pupil["p21"]
wg1 = A.wg["wg1"]
for p in (p11, p21):
    pr.must(call("RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
        leerling_id=p, scopes=[3], datum=D(2016, 8, 1), gezag=1)), bt), "consent arrangement")


def groep(token, pupils, type_="groep", start=D(2016, 10, 1)):
    a = AR.Arrangement(arrangement_type=type_, werkgebied_id=wg1, leerling_ids=pupils, bedrag_cents=480000)
    if type_ == "individueel":
        a.werkgebied_id, a.leerling_id = "", pupils[0]
    a.startdatum.CopyFrom(start)
    a.einddatum.CopyFrom(D(2017, 1, 31))
    return call("RequestArrangement", AR.RequestArrangementRequest(arrangement=a), token)


def n_rows():
    return sql("SELECT count(*) FROM werkgebied.arrangementen") + "/" + \
        sql("SELECT count(*) FROM werkgebied.arrangement_leerlingen")


expect("leerling_ids on an individueel arrangement", groep(bt, [p11], "individueel"), "INVALID_ARGUMENT",
       "arrangement.leerling_ids is only for a groep arrangement, not individueel")
expect("leerling_ids on an innovatie arrangement", groep(bt, [p11], "innovatie"), "INVALID_ARGUMENT",
       "arrangement.leerling_ids is only for a groep arrangement, not innovatie")
expect("a pupil id that is not a UUID", groep(bt, [p11, "p21"]), "INVALID_ARGUMENT",
       "arrangement.leerling_ids[1] is not a UUID")
expect("more than 200 pupils", groep(bt, [pr.new_uuid() for _ in range(201)]), "INVALID_ARGUMENT",
       "arrangement.leerling_ids: at most 200 pupils")
before = n_rows()
expect("a pupil without consent: nothing written", groep(bt, [p11, p12]), "FAILED_PRECONDITION",
       "no parental consent for arrangement for leerling %s on 2016-10-01" % p12)
expect("a pupil the consulent does not see (another werkgebied's school)", groep(wt, [p11, p21]), "NOT_FOUND",
       "leerling %s not found" % p21)
eq("the refusals wrote nothing", n_rows(), before)

a = pr.must(groep(bt, [p21, p11, p11]), "groep across schools by bestuur")
eq("the group's pupils, once each", sorted(a.leerling_ids), sorted([p11, p21]))
eq("their schools: two schools", sql("SELECT count(DISTINCT school_id) FROM werkgebied.arrangement_leerlingen "
                                     "WHERE arrangement_id = '%s'" % a.id), "2")
eq("each under its consent", sql("SELECT count(*) FROM werkgebied.arrangement_leerlingen g JOIN "
                                 "werkgebied.toestemmingen t ON t.swv_id = g.swv_id AND t.id = g.toestemming_id "
                                 "AND t.leerling_id = g.leerling_id WHERE g.arrangement_id = '%s'" % a.id), "2")
audit = sql("SELECT object_ids FROM platform.audit_log WHERE method = '/passend.v1.Werkgebied/RequestArrangement' "
            "ORDER BY id DESC LIMIT 1")
check("the audit row names the arrangement and both pupils", all(x in audit for x in (a.id, p11, p21)), audit)
c = pr.must(call("GetArrangement", AR.GetArrangementRequest(id=a.id), wt), "the consulent reads it")
eq("the consulent sees her werkgebied's pupil only", list(c.leerling_ids), [p11])
expect("the school reads no groep arrangement", call("GetArrangement", AR.GetArrangementRequest(id=a.id), st),
       "NOT_FOUND", "arrangement not found")
mine = pr.must(groep(wt, [p11]), "groep by the consulent with her pupil")
eq("the consulent's groep", list(mine.leerling_ids), [p11])

for m in ("GrantArrangement", "StartArrangement", "EvaluateArrangement"):
    pr.must(call(m, AR.ArrangementStepRequest(id=a.id, datum=D(2016, 12, 1)), bt), m)
audit = sql("SELECT object_ids FROM platform.audit_log WHERE method = '/passend.v1.Werkgebied/EvaluateArrangement' "
            "ORDER BY id DESC LIMIT 1")
check("a step's audit row names the group's pupils", all(x in audit for x in (a.id, p11, p21)), audit)
v = pr.must(call("ExtendArrangement", AR.ExtendArrangementRequest(id=a.id, reflectie="de groep loopt goed",
                                                                  einddatum=D(2017, 7, 14)), bt), "verlenging")
eq("the verlenging takes the group along", sorted(v.leerling_ids), sorted([p11, p21]))

rc, out, err = scenario.psql_script(args.db, scenario.principal_script(
    "toezicht", A.id, [], "SELECT count(*) FROM werkgebied.arrangement_leerlingen;"))
check("toezicht has no privilege on werkgebied.arrangement_leerlingen", rc != 0 and "permission denied" in err,
      err or out)
eq("registered for retention", sql("SELECT purge_function FROM platform.retention_tables "
                                   "WHERE relation = 'werkgebied.arrangement_leerlingen'::regclass"),
   "werkgebied.arrangement_leerlingen_purge")
# the view runs as its owner, whose policies read the tenant of passend.swv_id
rc, out, err = scenario.psql_script(args.super_db, "SET passend.swv_id = '%s';\nSELECT count(*) FROM "
                                    "werkgebied.arrangement_support WHERE leerling_id = '%s';\n" % (A.id, p21))
eq("a group pupil's support is counted (the groep and its verlenging)", (rc, out), (0, "2"))

cl.close()
print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
scenario.done()
