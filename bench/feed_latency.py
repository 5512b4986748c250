# feed_latency: change-feed latency from commit to client (issue 11, D50):
# STREAMS WatchChanges streams of one school token (grpc.aio, 100 streams per
# channel) follow tenant A from now; WRITES MDOs are made one at a time
# (CreateMdo, PAUSE apart) and each stream's receive time is compared with the
# moment the write call returned (the commit is before that, so the figure is
# an upper bound of commit -> client). Prints "streams=.. writes=.. samples=..
# p50=..ms p99=..ms max=..ms" and writes the samples to --out/latency.txt.
import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "lib"))
import grpc  # noqa: E402
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402

ap = scenario.arg_parser("feed latency", ("--server", "--ca", "--admin-token", "--src", "--out"))
ap.add_argument("--streams", type=int, default=1000)
ap.add_argument("--writes", type=int, default=50)
ap.add_argument("--pause", type=float, default=0.2)
args = ap.parse_args()
M = pr.load(args.src, args.out)
from passend.v1 import sync_feed_pb2 as F  # noqa: E402
from passend.v1 import sync_pb2  # noqa: E402,F401

cl = pr.Client(args.server, args.ca)
world = pr.build_world(cl, args.admin_token)
A = world["A"]
bt, st = A.tokens["bestuur"], A.tokens["school"]
V, Mq = M.vragen, M.mdo
pr.must(cl.call(pr.P_WG + "RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
    leerling_id=A.pupil["p11"], scopes=[2], gezag=1, datum=M.common.Date(year=2016, month=9, day=1))), bt), "consent")
ca = open(args.ca, "rb").read()
arrivals = {}  # object id -> [receive times]
commits = {}   # object id -> time the write returned


async def follow(ch, ready):
    call = ch.unary_stream("/passend.v1.Sync/WatchChanges", request_serializer=F.WatchChangesRequest.SerializeToString,
                           response_deserializer=F.WatchChangesResponse.FromString)
    it = call(F.WatchChangesRequest(from_now=True), metadata=[("authorization", "Bearer " + st)])
    first = True
    async for m in it:
        now = time.monotonic()
        if first:
            ready.append(1)
            first = False
        for c in m.changes:
            arrivals.setdefault(c.object_id, []).append(now)


async def main():
    creds = grpc.ssl_channel_credentials(root_certificates=ca)
    chans = [grpc.aio.secure_channel(args.server, creds) for _ in range((args.streams + 99) // 100)]
    ready = []
    tasks = [asyncio.ensure_future(follow(chans[i // 100], ready)) for i in range(args.streams)]
    t0 = time.monotonic()
    while len(ready) < args.streams and time.monotonic() - t0 < 120:
        await asyncio.sleep(0.1)
    print("open streams: %d of %d after %.1f s" % (len(ready), args.streams, time.monotonic() - t0), flush=True)
    wch = grpc.aio.secure_channel(args.server, creds)
    create = wch.unary_unary(pr.P_WG + "CreateMdo", request_serializer=Mq.CreateMdoRequest.SerializeToString,
                             response_deserializer=Mq.Mdo.FromString)
    for i in range(args.writes):
        m = Mq.Mdo(leerling_id=A.pupil["p11"], niveau="niv_2", deelnemers=[1, 2], kind_deelgenomen=True, uitkomst=4)
        m.datum.CopyFrom(M.common.Date(year=2016, month=10, day=1 + i % 28))
        r = await create(Mq.CreateMdoRequest(mdo=m), metadata=[("authorization", "Bearer " + bt)])
        commits[r.id] = time.monotonic()
        await asyncio.sleep(args.pause)
    await asyncio.sleep(3)
    for t in tasks:
        t.cancel()
    for c in chans + [wch]:
        await c.close()
    lat = sorted(max(0.0, a - commits[o]) * 1000 for o, ts in arrivals.items() if o in commits for a in ts)
    with open(os.path.join(args.out, "latency.txt"), "w") as f:
        f.write("\n".join("%.3f" % x for x in lat) + "\n")
    if not lat:
        print("no samples", flush=True)
        os._exit(1)
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]  # noqa: E731
    print("streams=%d writes=%d samples=%d (want %d) p50=%.1fms p99=%.1fms max=%.1fms"
          % (len(ready), args.writes, len(lat), len(ready) * args.writes, pct(0.50), pct(0.99), lat[-1]))
    # Leave now: grpc.aio's shutdown of the cancelled streams can block the loop's exit for good
    # (seen 2026-12-02: asyncio.run never returned after the summary line).
    sys.stdout.flush()
    os._exit(0)


asyncio.run(main())
sys.stdout.flush()
os._exit(0)  # the cancelled streams' channels would keep the interpreter waiting
