#!/usr/bin/python3
# metrics_check: the Prometheus endpoint and the JSON logs of a running
# passendd (started by test_metrics.sh with metrics_listen, log_format = json
# and access_log = true). Makes calls of several methods and outcomes with
# python grpcio (OK, NOT_FOUND, INVALID_ARGUMENT, PERMISSION_DENIED,
# UNAUTHENTICATED, UNIMPLEMENTED; a CSV import), scrapes /metrics over HTTP
# and parses it: every line valid text exposition, one HELP/TYPE per family,
# calls_total equal to the calls made, histogram buckets monotonic with
# +Inf = count, gauges back to zero, pool state, token cache, import rows.
# Then checks the log: every line one JSON object, one rpc.call line per call
# with method, status, duration, peer and token id, and no token secret or
# request data anywhere.
#   --metrics HOST:PORT  the metrics_listen address
#   --log FILE           passendd's log
#   --logs-only          only check that every line of --log is a JSON object
# One line per check: "ok - ..." / "FAIL - ...".
import collections
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import scenario  # noqa: E402
from scenario import check, eq  # noqa: E402

HARNESS_LINE = "==== "  # tests/lib/env.sh marks each passendd start in the log

# ---- the log --------------------------------------------------------------------


def log_objects(path):
    """Every passendd line of the log as (text, object or None)."""
    out = []
    with open(path, "rb") as f:
        for raw in f.read().split(b"\n"):
            if not raw or raw.startswith(HARNESS_LINE.encode()):
                continue
            try:
                text = raw.decode("utf-8")
                obj = json.loads(text)
            except (UnicodeDecodeError, ValueError):
                out.append((raw.decode("utf-8", "replace"), None))
                continue
            out.append((text, obj))
    return out


def check_json_lines(path, what):
    lines = log_objects(path)
    bad = [t for t, o in lines if not isinstance(o, dict)
           or not isinstance(o.get("ts"), str) or o.get("level") not in ("debug", "info", "warn", "error")
           or not isinstance(o.get("event"), str)]
    check("%s: every log line is a JSON object with ts, level, event (%d lines)" % (what, len(lines)),
          lines and not bad, "not JSON: %r" % bad[:3])
    return [o for t, o in lines if isinstance(o, dict)]


# ---- the exposition format --------------------------------------------------------

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(r"^(%s)(?:\{(%s(?:,%s)*)\})? (-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|[+-]Inf|NaN)$"
                    % (NAME, LABEL, LABEL))
HELP = re.compile(r"^# HELP (%s) .+$" % NAME)
TYPE = re.compile(r"^# TYPE (%s) (counter|gauge|histogram|summary|untyped)$" % NAME)
LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def unescape(v):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), v)


def parse_exposition(text, what):
    """{family: type} and {(name, frozenset(labels)): value}; one check per
    rule of the text format."""
    types, helps, samples, bad, orphans, dups = {}, set(), {}, [], [], []
    check("%s: ends with a newline" % what, text.endswith("\n"), repr(text[-40:]))
    for line in text.split("\n")[:-1]:
        m = HELP.match(line)
        if m:
            if m.group(1) in helps:
                dups.append(line)
            helps.add(m.group(1))
            continue
        m = TYPE.match(line)
        if m:
            if m.group(1) in types:
                dups.append(line)
            types[m.group(1)] = m.group(2)
            continue
        m = SAMPLE.match(line)
        if not m:
            bad.append(line)
            continue
        name, labels, value = m.group(1), m.group(2) or "", float(m.group(3))
        fam = name
        for suffix in ("_bucket", "_sum", "_count"):
            if name.endswith(suffix) and types.get(name[:-len(suffix)]) == "histogram":
                fam = name[:-len(suffix)]
        if fam not in types or (fam == name and types[fam] == "histogram"):
            orphans.append(line)
        key = (name, frozenset((k, unescape(v)) for k, v in LABEL_RE.findall(labels)))
        if key in samples:
            dups.append(line)
        samples[key] = value
    check("%s: every line is a HELP, a TYPE or a sample line" % what, not bad, "bad lines: %r" % bad[:5])
    check("%s: every sample belongs to a family declared by TYPE before it" % what, not orphans,
          repr(orphans[:5]))
    check("%s: no family or series twice" % what, not dups, repr(dups[:5]))
    check("%s: every family has HELP and TYPE" % what, set(types) == helps, "%r vs %r" % (types, helps))
    for fam, t in types.items():
        if t == "counter":
            check("counter %s ends in _total" % fam, fam.endswith("_total"))
    return types, samples


def series(samples, name, **labels):
    """{frozenset(labels): value} of the samples of name whose labels
    include labels."""
    want = set(labels.items())
    return {lab: v for (n, lab), v in samples.items() if n == name and want <= lab}


def value(samples, name, **labels):
    s = series(samples, name, **labels)
    return next(iter(s.values())) if len(s) == 1 else None


def http(url, method="GET"):
    """(status, headers, body text) of one request."""
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


# ---- the calls ---------------------------------------------------------------------


class Recorder:
    """Calls through passend_rpc.Client, counted by (path, code) as the
    server must count them; auth counts calls that reach the token cache."""

    def __init__(self, R, methods):
        self.R = R
        self.public = {m["path"] for m in methods if not m["roles"]}
        self.known = {m["path"] for m in methods} | {"/grpc.health.v1.Health/Check"}
        self.made = collections.Counter()
        self.auth = 0

    def call(self, cl, path, req, token=None):
        res = cl.call(path, req, token)
        self.made[(path, res.code)] += 1
        if token and token.count(".") == 1 and path in self.known and path not in self.public:
            self.auth += 1
        return res

    def unknown(self, cl, path):
        f = cl.ch.unary_unary(path, request_serializer=lambda b: b, response_deserializer=lambda b: b)
        try:
            f(b"", timeout=10)
            code = "OK"
        except Exception as e:  # grpc.RpcError
            code = e.code().name
        self.made[(path, code)] += 1
        return code

    def expected_series(self):
        """{(service, method, code): n} as passend_calls_total labels them."""
        out = collections.Counter()
        for (path, code), n in self.made.items():
            svc, meth = path.strip("/").split("/") if path in self.known else ("unknown", "unknown")
            out[(svc, meth, code)] += n
        return out


def make_calls(R, rec, chans, admin):
    M = R.M
    cl = chans[0]
    health = M.health.HealthCheckRequest()
    for c in chans:  # several connections, spread over the workers
        check("Health/Check on a channel", rec.call(c, "/grpc.health.v1.Health/Check", health).code == "OK")
    who = R.P_TEN + "WhoAmI"
    W = M.tenancy.WhoAmIRequest()
    eq("WhoAmI without a token", rec.call(cl, who, W).code, "UNAUTHENTICATED")
    eq("WhoAmI with a malformed token", rec.call(cl, who, W, "not-a-token").code, "UNAUTHENTICATED")
    eq("WhoAmI as admin", rec.call(cl, who, W, admin).code, "OK")
    eq("WhoAmI as admin again (token cache)", rec.call(cl, who, W, admin).code, "OK")
    ten = M.tenancy.Tenant(name="SWV Metrics", duo_code="PO 98-13", sector=1, legal_form="stichting")
    r = rec.call(cl, R.P_TEN + "CreateTenant", M.tenancy.CreateTenantRequest(tenant=ten), admin)
    eq("CreateTenant", r.code, "OK")
    req = M.tenancy.CreateTokenRequest(role=R.ROLE_ENUM["bestuur"], tenant_id=r.resp.id, description="metrics")
    r = rec.call(cl, R.P_TEN + "CreateToken", req, admin)
    eq("CreateToken bestuur", r.code, "OK")
    bt, bt_id = r.resp.token, r.resp.token_info.id
    gs = R.P_BES + "GetSchool"
    for _ in range(2):
        eq("GetSchool of an unknown id", rec.call(cl, gs, M.bestuur.GetSchoolRequest(id=str(uuid.uuid4())), bt).code,
           "NOT_FOUND")
    eq("GetSchool of a malformed id", rec.call(cl, gs, M.bestuur.GetSchoolRequest(id="x"), bt).code,
       "INVALID_ARGUMENT")
    eq("CreateTenant as bestuur", rec.call(cl, R.P_TEN + "CreateTenant",
                                           M.tenancy.CreateTenantRequest(tenant=ten), bt).code, "PERMISSION_DENIED")
    # a gemeenten import: 2 rows stored and inserted; a second batch with 1 rejected row
    start = R.P_BES + "StartImport"
    r = rec.call(cl, start, M.bestuur.StartImportRequest(kind=4, header="name,cbs_code", file_name="g.csv"), bt)
    eq("StartImport gemeenten", r.code, "OK")
    imp = r.resp.import_id if r.resp else ""
    r = rec.call(cl, R.P_BES + "ImportChunk", M.bestuur.ImportChunkRequest(
        import_id=imp, first_line=2, rows="Testdorp Metrics,0361\nNieuwstad Metrics,GM0362\n"), bt)
    eq("ImportChunk with 2 good rows", r.code, "OK")
    r = rec.call(cl, R.P_BES + "FinishImport", M.bestuur.FinishImportRequest(import_id=imp), bt)
    eq("FinishImport", r.code, "OK")
    eq("FinishImport inserted 2", r.resp.rows_inserted if r.resp else None, 2)
    r = rec.call(cl, start, M.bestuur.StartImportRequest(kind=4, header="name,cbs_code", file_name="h.csv"), bt)
    imp2 = r.resp.import_id if r.resp else ""
    eq("ImportChunk with a bad row", rec.call(cl, R.P_BES + "ImportChunk", M.bestuur.ImportChunkRequest(
        import_id=imp2, first_line=2, rows="Foutdorp Metrics,xx\n"), bt).code, "OK")
    eq("an unknown method", rec.unknown(cl, "/passend.v1.Nope/Nothing"), "UNIMPLEMENTED")
    return bt, bt_id


def check_scrape(rec, samples, workers, pool_size):
    calls = series(samples, "passend_calls_total")
    got = {(dict(k)["service"], dict(k)["method"], dict(k)["code"]): v for k, v in calls.items()}
    want = rec.expected_series()
    eq("passend_calls_total equals the calls made, per service, method and code", got,
       {k: float(v) for k, v in want.items()})
    per_method = collections.Counter()
    for (svc, meth, _), n in want.items():
        per_method[(svc, meth)] += n
    hist_ok, why = True, []
    for (svc, meth), n in per_method.items():
        b = series(samples, "passend_call_duration_seconds_bucket", service=svc, method=meth)
        les = sorted(b.items(), key=lambda kv: float(dict(kv[0])["le"].replace("+Inf", "inf")))
        vals = [v for _, v in les]
        count = value(samples, "passend_call_duration_seconds_count", service=svc, method=meth)
        total = value(samples, "passend_call_duration_seconds_sum", service=svc, method=meth)
        if not les or dict(les[-1][0])["le"] != "+Inf" or len(les) != 15:
            hist_ok = False
            why.append("%s/%s: buckets %r" % (svc, meth, [dict(k)["le"] for k, _ in les]))
        elif vals != sorted(vals) or vals[-1] != count or count != n or not total or total <= 0:
            hist_ok = False
            why.append("%s/%s: buckets %r count %r sum %r, %d calls" % (svc, meth, vals, count, total, n))
    check("histograms: 15 buckets up to +Inf, monotonic, +Inf = _count = calls, _sum > 0", hist_ok, "; ".join(why))
    eq("no histogram for a method without calls", {dict(k)["method"] for k in series(
        samples, "passend_call_duration_seconds_count")}, {m for _, m in per_method})
    ready = sum(v for k, v in series(samples, "passend_db_connections").items()
                if dict(k)["state"] in ("ready", "probing"))
    eq("db connections ready (or probing): workers x db_pool_size", ready, workers * pool_size)
    eq("db connections in other states", sum(series(samples, "passend_db_connections").values()) - ready, 0)
    eq("db queue empty", value(samples, "passend_db_queue_length"), 0)
    eq("no db reconnects", value(samples, "passend_db_reconnects_total"), 0)
    hits = value(samples, "passend_token_cache_hits_total")
    misses = value(samples, "passend_token_cache_misses_total")
    eq("token cache hits + misses = calls with a well-formed token", (hits or 0) + (misses or 0), rec.auth)
    check("token cache: at least one miss and one hit", (misses or 0) >= 1 and (hits or 0) >= 1,
          "hits %r misses %r" % (hits, misses))
    rows = {dict(k)["result"]: v for k, v in series(samples, "passend_import_rows_total", kind="gemeenten").items()}
    eq("import rows of gemeenten by result", rows,
       {"stored": 2, "rejected": 1, "inserted": 2, "updated": 0, "unchanged": 0})
    eq("workers", value(samples, "passend_workers"), workers)
    st = value(samples, "passend_start_time_seconds")
    check("start time within the last hour", st and time.time() - 3600 < st <= time.time() + 1, repr(st))
    check("build_info", len(series(samples, "passend_build_info")) == 1)


def main():
    ap = scenario.arg_parser(flags=("--server", "--ca", "--admin-token", "--build", "--src", "--out"))
    ap.add_argument("--metrics", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pool-size", type=int, default=2)
    if "--logs-only" in sys.argv:
        sys.argv.remove("--logs-only")
        ap2 = scenario.arg_parser(flags=())
        ap2.add_argument("--log", required=True)
        a = ap2.parse_args()
        check_json_lines(a.log, "after shutdown")
        scenario.done()
    A = ap.parse_args()
    import passend_rpc as R
    R.load(A.src, os.path.join(A.out, "gen"))
    rec = Recorder(R, R.passendd_methods(A.build))
    url = "http://%s/metrics" % A.metrics

    # before any call: valid, and no call series yet
    status, headers, text = http(url)
    eq("GET /metrics: 200", status, 200)
    eq("content type", headers.get("Content-Type"), "text/plain; version=0.0.4; charset=utf-8")
    types, samples = parse_exposition(text, "first scrape")
    for fam, t in (("passend_calls_total", "counter"), ("passend_call_duration_seconds", "histogram"),
                   ("passend_calls_in_flight", "gauge"), ("passend_connections_open", "gauge"),
                   ("passend_streams_open", "gauge"), ("passend_db_connections", "gauge"),
                   ("passend_db_queue_length", "gauge"), ("passend_db_reconnects_total", "counter"),
                   ("passend_token_cache_hits_total", "counter"), ("passend_token_cache_misses_total", "counter"),
                   ("passend_import_rows_total", "counter")):
        eq("family %s is a %s" % (fam, t), types.get(fam), t)
    eq("no calls counted before the first call", series(samples, "passend_calls_total"), {})

    chans = [R.Client(A.server, A.ca) for _ in range(4)]
    bt, bt_id = make_calls(R, rec, chans, A.admin_token)

    status, _, text = http(url)
    eq("second scrape: 200", status, 200)
    types, samples = parse_exposition(text, "after the calls")
    check_scrape(rec, samples, A.workers, A.pool_size)
    check("connections open while 4 channels are", (value(samples, "passend_connections_open") or 0) >= 4,
          repr(value(samples, "passend_connections_open")))
    eq("no call in flight", value(samples, "passend_calls_in_flight"), 0)
    eq("no stream open", value(samples, "passend_streams_open"), 0)

    # more calls: counters grow by exactly those
    before = value(samples, "passend_calls_total", service="grpc.health.v1.Health", method="Check", code="OK")
    for _ in range(5):
        rec.call(chans[1], "/grpc.health.v1.Health/Check", R.M.health.HealthCheckRequest())
    for c in chans:
        c.close()
    deadline = time.time() + 10
    while True:  # the server sees the close a moment later
        _, _, text = http(url)
        if value(scrape_quiet(text), "passend_connections_open") == 0 or time.time() > deadline:
            break
        time.sleep(0.2)
    _, samples = parse_exposition(text, "scrape after closing the channels")
    eq("connections open back to 0 after the channels closed", value(samples, "passend_connections_open"), 0)
    eq("Health/Check OK grew by the 5 calls", value(samples, "passend_calls_total", service="grpc.health.v1.Health",
                                                    method="Check", code="OK"), before + 5)

    # the rest of HTTP
    status, headers, body = http(url, "HEAD")
    check("HEAD /metrics: 200 without a body", status == 200 and body == "", "%r %r" % (status, body[:80]))
    eq("POST /metrics: 405", http(url, "POST")[0], 405)
    eq("GET /nope: 404", http("http://%s/nope" % A.metrics)[0], 404)

    # the log
    objs = check_json_lines(A.log, "running")
    access = [o for o in objs if o.get("event") == "rpc.call"]
    eq("one rpc.call line per call", len(access), sum(rec.made.values()))
    got = collections.Counter((o.get("method"), o.get("status")) for o in access)
    want = collections.Counter()
    for (path, code), n in rec.made.items():
        want[(path if path in rec.known else "unknown", code)] += n
    eq("rpc.call lines by method and status", dict(got), dict(want))
    allowed = {"ts", "level", "event", "method", "status", "code", "duration_ms", "peer", "worker", "token_id", "role"}
    extra = [o for o in access if set(o) - allowed]
    check("rpc.call lines hold only method, status, code, duration, peer, worker, token id, role", not extra,
          repr(extra[:2]))
    check("durations are numbers >= 0", all(isinstance(o.get("duration_ms"), (int, float)) and o["duration_ms"] >= 0
                                            for o in access))
    check("peers are ip:port", all(re.match(r"^(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]):\d+$", str(o.get("peer")))
                                   for o in access), repr([o.get("peer") for o in access][:3]))
    admin_id = A.admin_token.split(".")[0]
    ids = collections.Counter((o.get("token_id"), o.get("role")) for o in access if "token_id" in o)
    eq("token ids and roles of the authenticated calls",
       set(ids), {(admin_id, "admin"), (bt_id, "bestuur")})
    who = [o for o in access if o.get("method") == "/passend.v1.Tenancy/WhoAmI" and o.get("status") == "OK"]
    check("WhoAmI as admin logged with the admin token id", len(who) == 2 and all(
        o.get("token_id") == admin_id for o in who), repr(who))
    with open(A.log, "rb") as f:
        raw = f.read()
    for name, tok in (("admin", A.admin_token), ("bestuur", bt)):
        secret = tok.split(".", 1)[1].encode()
        check("the %s token's secret is nowhere in the log" % name, secret not in raw and tok.encode() not in raw)
    for data in (b"Testdorp", b"Nieuwstad", b"Foutdorp", b"SWV Metrics"):
        check("request data %r is not in the log" % data.decode(), data not in raw)
    scenario.done()


def scrape_quiet(text):
    """Samples of a scrape without adding checks (for polling)."""
    out = {}
    for line in text.split("\n"):
        m = SAMPLE.match(line)
        if m:
            out[(m.group(1), frozenset((k, unescape(v)) for k, v in LABEL_RE.findall(m.group(2) or "")))] = \
                float(m.group(3))
    return out


if __name__ == "__main__":
    main()
