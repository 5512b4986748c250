# sync_feed: the change feed passend.v1.Sync/WatchChanges (issue 11 point 3,
# D50) through passendd (python grpcio; run by test_sync_feed.sh, which
# starts passendd with feed_max_streams_per_token=3, feed_buffer_bytes=8KiB,
# feed_stall_ms=1000, feed_heartbeat_ms=500). Phases (--phase):
#   checks    toezicht refused, bad cursors, what each principal sees (two
#             schools, the consulent, bestuur, the other tenant), resuming
#             after a cursor, a live change, the per-token stream limit and
#             a slow consumer ended with ABORTED; writes the fixture to --state
#   generate  --count N MDOs for tenant A's pupils (the restart test's load;
#             a failed call is retried; the test compares the consumer's output
#             with the database, not with what was sent)
# Prints "ok - X" / "FAIL - X: why" lines (py_checks).
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import grpc  # noqa: E402
import grpc_wire  # noqa: E402
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq, expect  # noqa: E402

ap = scenario.arg_parser("change feed checks")
ap.add_argument("--phase", default="checks")
ap.add_argument("--state", required=True)
ap.add_argument("--count", type=int, default=0)
args = ap.parse_args()
M = pr.load(args.src, args.out)
cl = pr.Client(args.server, args.ca)
WATCH = "/passend.v1.Sync/WatchChanges"
from passend.v1 import sync_feed_pb2 as F  # noqa: E402
from passend.v1 import sync_pb2  # noqa: E402,F401 (registers the service)

V, Mq = M.vragen, M.mdo


D = pr.date


def mdo(token, pupil, day=10):
    m = Mq.Mdo(leerling_id=pupil, niveau="niv_2", deelnemers=[1, 2], kind_deelgenomen=True, uitkomst=4)
    m.datum.CopyFrom(D(2016, 10, 1 + day % 28))
    return cl.call(pr.P_WG + "CreateMdo", Mq.CreateMdoRequest(mdo=m), token)


def stream(token, since="", from_now=False, timeout=3.0):
    """Open WatchChanges; returns the grpc response iterator."""
    stub = cl._stub(WATCH)[0]
    return stub(F.WatchChangesRequest(since=since, from_now=from_now),
                metadata=[("authorization", "Bearer " + token)], timeout=timeout)


def collect(token, since="", want=None, timeout=3.0):
    """The changes a stream delivers within timeout (or until want of them):
    (status name, [Change], last cursor)."""
    out, cursor, code = [], since, "OK"
    it = stream(token, since, timeout=timeout)
    try:
        for m in it:
            out.extend(m.changes)
            cursor = m.cursor or cursor
            if want is not None and len(out) >= want:
                it.cancel()
                break
    except grpc.RpcError as e:
        code = e.code().name
        if code == "DEADLINE_EXCEEDED":
            code = "OK"
        else:
            return code, out, e.details()
    return code, out, cursor


def first_error(token, since="", from_now=False):
    it = stream(token, since, from_now, timeout=3.0)
    try:
        for _ in it:
            it.cancel()
            return "OK", ""
    except grpc.RpcError as e:
        return e.code().name, e.details() or ""
    return "OK", ""


if args.phase == "generate":
    st = json.load(open(args.state))
    ok_n = 0
    pupils = [st["p11"], st["p12"], st["p21"]]
    for i in range(args.count):
        t_end = time.monotonic() + 20
        while True:  # retried until OK (a retry after a commit makes one more MDO: fine)
            r = mdo(st["bestuur"], pupils[i % 3], i)
            if r.code == "OK" or time.monotonic() > t_end:
                break
            time.sleep(0.2)
        ok_n += r.code == "OK"
        time.sleep(0.05)
    eq("generator: %d MDOs made" % args.count, ok_n, args.count)
    sys.exit(scenario.exit_code())

# ============================ fixture =========================================
world = pr.build_world(cl, args.admin_token)
A, B = world["A"], world["B"]
bt, tz, wt, st11 = (A.tokens[r] for r in ("bestuur", "toezicht", "werkgebied", "school"))
st12, _ = pr.create_token(cl, args.admin_token, "school", A.id, (A.school["s12"],), description="A school s12")
for t, p in ((A, "p11"), (A, "p12"), (A, "p21"), (B, "p11")):
    pr.must(cl.call(pr.P_WG + "RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
        leerling_id=t.pupil[p], scopes=[2], gezag=1, datum=D(2016, 9, 1))), t.tokens["bestuur"]), "consent")
json.dump({"bestuur": bt, "toezicht": tz, "swv": A.id, "p11": A.pupil["p11"], "p12": A.pupil["p12"], "p21": A.pupil["p21"]},
          open(args.state, "w"))

# ============================ refusals =========================================
eq("toezicht cannot open a feed: PERMISSION_DENIED", first_error(tz)[0], "PERMISSION_DENIED")
eq("a malformed cursor: INVALID_ARGUMENT", first_error(bt, "12-4")[0], "INVALID_ARGUMENT")
eq("a cursor past the id range: INVALID_ARGUMENT", first_error(bt, "1.99999999999999999999")[0], "INVALID_ARGUMENT")
eq("since and from_now together: INVALID_ARGUMENT", first_error(bt, "1.1", True)[0], "INVALID_ARGUMENT")
code, got, cur = collect(bt, timeout=1.5)
eq("an empty feed: OK, no changes, cursor 0.0", (code, len(got), cur), ("OK", 0, "0.0"))

# ============================ who sees what ====================================
made = {}
for key, tok, t, p in (("a11", bt, A, "p11"), ("a11b", st11, A, "p11"), ("a12", wt, A, "p12"),
                       ("a21", bt, A, "p21"), ("b11", B.tokens["bestuur"], B, "p11")):
    r = expect("CreateMdo %s" % key, mdo(tok, t.pupil[p]), "OK")
    made[key] = r.resp.id if r.code == "OK" else ""
a_all = {made[k] for k in ("a11", "a11b", "a12", "a21")}


def ids(changes):
    return [c.object_id for c in changes]


code, got, cur = collect(st11, want=2)
eq("school s11 sees exactly its pupil's two MDOs", (code, sorted(ids(got))), ("OK", sorted([made["a11"], made["a11b"]])))
code, got, _ = collect(st12, want=1, timeout=2.0)
eq("school s12 sees exactly its pupil's MDO", (code, ids(got)), ("OK", [made["a12"]]))
code, got, _ = collect(wt, want=3, timeout=2.0)
eq("the consulent (wg1) sees the MDOs of wg1's pupils only", (code, sorted(ids(got))),
   ("OK", sorted([made["a11"], made["a11b"], made["a12"]])))
code, got, bcur = collect(bt, want=4)
eq("bestuur A sees its whole tenant, in order of commit", (code, ids(got)),
   ("OK", [made["a11"], made["a11b"], made["a12"], made["a21"]]))
if got:
    c = got[0]
    eq("a change names kind, status, pupil, school, werkgebied",
       (c.kind, c.status, c.leerling_id, c.school_id, c.werkgebied_id),
       ("mdo", "gepland", A.pupil["p11"], A.school["s11"], A.wg["wg1"]))
    check("a change carries its facts as JSON", json.loads(c.detail_json).get("niveau") == "niv_2", c.detail_json)
    check("cursors increase", [x.cursor for x in got] == sorted([x.cursor for x in got],
                                                                key=lambda s: tuple(map(int, s.split(".")))),
          [x.cursor for x in got])
    eq("the stream's cursor is its last change's", bcur, got[-1].cursor)
    code, rest, _ = collect(bt, since=got[1].cursor, want=2)
    eq("resuming after the second cursor gives the third and fourth, nothing again", ids(rest),
       [made["a12"], made["a21"]])
code, got, _ = collect(B.tokens["bestuur"], want=1, timeout=2.0)
eq("bestuur B sees only tenant B's change", ids(got), [made["b11"]])

# ============================ a live change ====================================
live = {}


def follow():
    it = stream(st11, from_now=True, timeout=10)
    try:
        for m in it:
            if m.changes:
                live["t"] = time.monotonic()
                live["ids"] = ids(m.changes)
                it.cancel()
                return
    except grpc.RpcError as e:
        live.setdefault("err", e.code().name)


th = threading.Thread(target=follow)
th.start()
time.sleep(1.0)
t0 = time.monotonic()
r = mdo(bt, A.pupil["p11"])
th.join(12)
eq("a stream opened from_now receives the new decision (NOTIFY, no polling)", live.get("ids"),
   [r.resp.id] if r.code == "OK" else None)
check("... within 2 s of the commit", "t" in live and live["t"] - t0 < 2.0, "%r" % live)

# ============================ TLV and arrangement decisions ======================
code, got, c11 = collect(st11, timeout=1.5)
_, _, c12 = collect(st12, timeout=1.5)
_, _, cwg = collect(wt, timeout=1.5)
Bm, AR = M.bestuur, M.arr
t = cl.call(pr.P_BES + "SubmitTlvAanvraag", Bm.SubmitTlvAanvraagRequest(
    leerling_id=A.pupil["p11"], herkomst="basisonderwijs", gevraagde_soort=2, aanvraagdatum=D(2017, 3, 3),
    ouders_toestemming=True, toestemming_datum=D(2017, 3, 3), groeidocument=True, opp=True, verslag_mdo=True), bt)
tid = expect("SubmitTlvAanvraag for p11", t, "OK").resp.id if t.code == "OK" else ""
expect("RecordAdvies", cl.call(pr.P_BES + "RecordAdvies", Bm.RecordAdviesRequest(tlv_id=tid, experts=[
    Bm.Expert(name="A. Jansen", discipline="orthopedagoog"), Bm.Expert(name="B. de Vries", discipline="jeugdarts")],
    advies="passend"), bt), "OK")
expect("DecideTlv afgegeven", cl.call(pr.P_BES + "DecideTlv", Bm.DecideTlvRequest(
    tlv_id=tid, afgegeven=True, besluitdatum=D(2017, 3, 10), tlv_nummer="FEED-1", soort=2,
    startdatum=D(2017, 4, 1), einddatum=D(2018, 4, 1)), bt), "OK")
pr.must(cl.call(pr.P_WG + "RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
    leerling_id=A.pupil["p11"], scopes=[3], gezag=1, datum=D(2016, 8, 1))), bt), "consent arrangement")


def arrangement(leerling="", werkgebied="", type_="individueel"):
    a = AR.Arrangement(arrangement_type=type_, leerling_id=leerling, werkgebied_id=werkgebied)
    a.startdatum.CopyFrom(D(2016, 10, 1))
    a.einddatum.CopyFrom(D(2017, 1, 31))
    r = cl.call(pr.P_WG + "RequestArrangement", AR.RequestArrangementRequest(arrangement=a), wt)
    if not expect("RequestArrangement %s" % type_, r, "OK").code == "OK":
        return ""
    expect("GrantArrangement %s" % type_, cl.call(pr.P_WG + "GrantArrangement", AR.ArrangementStepRequest(
        id=r.resp.id), wt), "OK")
    return r.resp.id


ai = arrangement(leerling=A.pupil["p11"])
ag = arrangement(werkgebied=A.wg["wg1"], type_="groep")
code, got, _ = collect(st11, since=c11, want=2)
eq("school s11 sees the TLV issued and the arrangement granted for its pupil (no request, no groep)",
   [(c.kind, c.status, c.object_id) for c in got], [("tlv", "afgegeven", tid), ("arrangement", "toegekend", ai)])
if got:
    eq("the TLV change carries its number", json.loads(got[0].detail_json).get("tlv_nummer"), "FEED-1")
code, got, _ = collect(st12, since=c12, timeout=1.5)
eq("school s12 sees none of them", (code, len(got)), ("OK", 0))
code, got, _ = collect(wt, since=cwg, want=3)
eq("the consulent sees both and the groep arrangement of her werkgebied",
   [(c.kind, c.object_id) for c in got], [("tlv", tid), ("arrangement", ai), ("arrangement", ag)])

# ============================ stream limit per token ===========================
time.sleep(0.5)  # the streams above ended by their deadline
held = [stream(st12, timeout=20) for _ in range(3)]
for h in held:  # the first message: each stream is open
    next(h)
eq("a fourth stream of one token: RESOURCE_EXHAUSTED", first_error(st12)[0], "RESOURCE_EXHAUSTED")
eq("another token of the tenant still opens one", first_error(st11)[0], "OK")
held[0].cancel()
time.sleep(0.6)
eq("after one is closed the token opens one again", first_error(st12)[0], "OK")
for h in held[1:]:
    h.cancel()

# ============================ slow consumer ====================================
# 600 changes for B (~250 bytes each) far beyond one HTTP/2 stream window
# (64 KiB) plus feed_buffer_bytes (8 KiB); the client reads nothing.
scenario.psql(args.super_db,
              "BEGIN; SET LOCAL passend.swv_id = '%s'; INSERT INTO feed.changes (swv_id, kind, status, object_id, "
              "detail) SELECT '%s', 'mdo', 'gepland', gen_random_uuid(), jsonb_build_object('pad', repeat('x', 150)) "
              "FROM generate_series(1, 600); SELECT pg_notify('passend_change', '%s'); COMMIT;" % (B.id, B.id, B.id))
host, port = args.server.rsplit(":", 1)
h2c = grpc_wire.H2Client(host, int(port), grpc_wire.tls_context(args.ca))
h2c.wait_settings()
sid = h2c.start(WATCH, extra=[("authorization", "Bearer " + B.tokens["bestuur"])])
h2c.send(sid, grpc_wire.frame(F.WatchChangesRequest().SerializeToString()), end_stream=True)
time.sleep(3.0)  # read nothing: the server holds the rest, then gives up after feed_stall_ms
h2c.pump(lambda: h2c.streams[sid].done, timeout=10)
s = h2c.streams[sid]
eq("a consumer that does not read is ended with ABORTED", grpc_wire.status_name(s.grpc_status()), "ABORTED")
gm = grpc_wire.pct_decode(s.grpc_message_raw() or "")
check("... whose message says to resume from the cursor", "resume from the cursor" in gm, gm)
msgs = grpc_wire.parse_frames(bytes(s.data))
got = []
for flag, body in msgs:
    got.extend(F.WatchChangesResponse.FromString(body).changes)
check("... after the changes it had been sent (fewer than all 600)", 0 < len(got) < 601, len(got))
if got:
    code, rest, _ = collect(B.tokens["bestuur"], since=got[-1].cursor, want=601 - len(got), timeout=5)
    eq("resuming from its last cursor delivers the rest exactly", len(got) + len(rest), 601)
h2c.close()
scenario.done()
