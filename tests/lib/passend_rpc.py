# passend_rpc: helpers for the tenancy tests (issue 3) that talk to passendd
# with python grpcio: protoc-generated modules of every .proto, calls bound by
# path with an optional bearer token, the server's method table
# (`passendd methods`), and a two-tenant fixture (tenants, werkgebieden,
# schools, pupils, leden and per-role tokens) built through the public API.
# Run with /usr/bin/python3 (Debian's python3-grpcio / python3-protobuf).
import json
import os
import subprocess
import uuid

import grpc

import scenario

PROTOS = ["grpc/health/v1/health.proto", "passend/v1/common.proto",
          "passend/v1/platform.proto", "passend/v1/tenancy.proto",
          "passend/v1/bestuur_jaarrekening.proto", "passend/v1/bestuur.proto",
          "passend/v1/toezicht.proto",
          "passend/v1/werkgebied_lijsten.proto", "passend/v1/werkgebied_vragen.proto",
          "passend/v1/werkgebied_arrangementen.proto",
          "passend/v1/werkgebied_mdo.proto",
          "passend/v1/werkgebied_thuiszitters.proto",
          "passend/v1/werkgebied_budget.proto",
          "passend/v1/werkgebied.proto", "passend/v1/begroting.proto", "passend/v1/rapportage.proto",
          "passend/v1/jaarplan.proto",
          "passend/v1/rapportage_trimester.proto",
          "passend/v1/sync_upsert.proto",
          "passend/v1/sync_feed.proto",
          "passend/v1/sync.proto"]

ROLES = ["admin", "bestuur", "toezicht", "werkgebied", "school"]

M = None  # namespace of generated modules, set by load()


class _Mods:
    pass


def load(src_dir, out_dir):
    """Generate python modules for PROTOS into out_dir and import them.
    Returns (and keeps in M) an object with attributes health, common,
    platform, tenancy, bestuur, toezicht, werkgebied, rapportage, lijsten
    (werkgebied_lijsten.proto), vragen (werkgebied_vragen.proto), arr (werkgebied_arrangementen.proto),
    mdo (werkgebied_mdo.proto), thuis (werkgebied_thuiszitters.proto),
    budget (werkgebied_budget.proto), begroting,
    jaarrekening (bestuur_jaarrekening.proto), jaarplan, sync (sync_upsert.proto)."""
    global M
    scenario.protoc(src_dir, out_dir, PROTOS)
    health = scenario.load_health(out_dir)
    from passend.v1 import (bestuur_pb2, common_pb2, platform_pb2, tenancy_pb2,
                            rapportage_pb2, toezicht_pb2, werkgebied_pb2,
                            werkgebied_lijsten_pb2, werkgebied_vragen_pb2,
                            werkgebied_arrangementen_pb2, werkgebied_mdo_pb2,
                            werkgebied_thuiszitters_pb2,
                            werkgebied_budget_pb2, begroting_pb2,
                            bestuur_jaarrekening_pb2, jaarplan_pb2)
    m = _Mods()
    m.health, m.common, m.platform, m.tenancy = health, common_pb2, platform_pb2, tenancy_pb2
    m.bestuur, m.toezicht, m.werkgebied = bestuur_pb2, toezicht_pb2, werkgebied_pb2
    m.rapportage = rapportage_pb2
    m.lijsten, m.vragen = werkgebied_lijsten_pb2, werkgebied_vragen_pb2
    m.arr = werkgebied_arrangementen_pb2
    m.mdo = werkgebied_mdo_pb2
    m.thuis = werkgebied_thuiszitters_pb2
    m.budget = werkgebied_budget_pb2
    m.begroting = begroting_pb2
    m.jaarrekening = bestuur_jaarrekening_pb2
    m.jaarplan = jaarplan_pb2
    from passend.v1 import sync_pb2, sync_upsert_pb2  # noqa: F401 (sync_pb2: the service)
    m.sync = sync_upsert_pb2
    from passend.v1 import sync_feed_pb2, sync_pb2  # noqa: F401 (sync_pb2 registers the service)
    m.sync_feed = sync_feed_pb2
    M = m
    return m


def message_class(full_name):
    """The generated class of a message by full proto name."""
    from google.protobuf import symbol_database
    return symbol_database.Default().GetSymbol(full_name)


def method_types(path):
    """(request class, response class, server_streaming) of a method path
    "/pkg.Service/Method" from the generated descriptors."""
    from google.protobuf import descriptor_pool
    svc, meth = path.strip("/").split("/")
    if svc == "grpc.health.v1.Health":
        d = M.health.DESCRIPTOR.services_by_name["Health"].methods_by_name[meth]
        return (getattr(M.health, d.input_type.name), getattr(M.health, d.output_type.name),
                d.server_streaming)
    d = descriptor_pool.Default().FindServiceByName(svc).FindMethodByName(meth)
    return (message_class(d.input_type.full_name), message_class(d.output_type.full_name),
            d.server_streaming)


class Result:
    """Outcome of one call: code name ("OK", "NOT_FOUND", ...), response
    (message, list of messages for a stream, or None) and details."""

    def __init__(self, code, resp=None, details=""):
        self.code, self.resp, self.details = code, resp, details

    def __repr__(self):
        return "%s%s" % (self.code, (" (%s)" % self.details) if self.details else "")


class Client:
    """A grpcio channel to passendd; call(path, req, token) never raises
    for gRPC errors."""

    def __init__(self, server, ca):
        with open(ca, "rb") as f:
            creds = grpc.ssl_channel_credentials(root_certificates=f.read())
        self.ch = grpc.secure_channel(server, creds)
        self._stubs = {}

    def close(self):
        self.ch.close()

    def _stub(self, path):
        if path not in self._stubs:
            req_c, resp_c, streaming = method_types(path)
            mk = self.ch.unary_stream if streaming else self.ch.unary_unary
            self._stubs[path] = (mk(path, request_serializer=req_c.SerializeToString,
                                    response_deserializer=resp_c.FromString), streaming)
        return self._stubs[path]

    def call(self, path, req, token=None, timeout=15, metadata=None):
        stub, streaming = self._stub(path)
        md = list(metadata or [])
        if token is not None:
            md.append(("authorization", "Bearer " + token))
        try:
            if streaming:
                return Result("OK", list(stub(req, metadata=md or None, timeout=timeout)))
            return Result("OK", stub(req, metadata=md or None, timeout=timeout))
        except grpc.RpcError as e:
            return Result(e.code().name, None, e.details() or "")


class Area:
    """What the scenario driver of one service area uses throughout: its
    flags (scenario.parse_args), the generated modules, a client, and calls
    bound to the area's service prefix (e.g. P_WG)."""

    def __init__(self, prefix, description=None):
        self.args = scenario.parse_args(description)
        self.M = load(self.args.src, self.args.out)
        self.cl = Client(self.args.server, self.args.ca)
        self.prefix = prefix

    def call(self, method, req, token):
        """The area's method by name, with a bearer token."""
        return self.cl.call(self.prefix + method, req, token)

    def sql(self, q):
        """q as the superuser; its output (psql -At)."""
        return scenario.psql(self.args.super_db, q)

    def sq(self, role, swv, scope, q):
        """q as passend_app with the principal of one RPC (role, tenant,
        scope). Returns (rc, stdout, stderr)."""
        return scenario.psql_script(self.args.db, scenario.principal_script(role, swv, scope, q))

    def date(self, y, m, d):
        """A passend.v1.Date."""
        return self.M.common.Date(year=y, month=m, day=d)

    def audit_last(self, token_id, method):
        """The newest audit row of token_id for the area's method: (the set
        of object ids, outcome), or (None, None) when there is none."""
        out = self.sql("SELECT array_to_string(object_ids, ' ') || '|' || outcome FROM platform.audit_log "
                       "WHERE token_id = '%s' AND method = '%s%s' ORDER BY id DESC LIMIT 1"
                       % (token_id, self.prefix, method))
        if not out:
            return None, None
        ids, outcome = out.split("|")
        return set(ids.split()), int(outcome)


def passendd_methods(build_dir, extra_args=()):
    """Run `passendd methods` with extra_args (again without them if that
    fails: a passendd whose `methods` takes no flags) and parse its JSON
    lines. Returns a list of dicts (path, roles, streaming, pupil_level,
    request), empty if it printed none. Raises RuntimeError when passendd
    exits non-zero."""
    exe = [os.path.join(build_dir, "passendd"), "methods"]
    for argv in ([exe + list(extra_args)] if extra_args else []) + [exe]:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           stdin=subprocess.DEVNULL, timeout=60)
        if p.returncode == 0:
            return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    raise RuntimeError("passendd methods exited %d: %s" % (p.returncode, p.stderr[-2000:]))


# ---- fixture ----------------------------------------------------------------

P_TEN = "/passend.v1.Tenancy/"
P_BES = "/passend.v1.Bestuur/"
P_TOE = "/passend.v1.Toezicht/"
P_WG = "/passend.v1.Werkgebied/"
P_BEG = "/passend.v1.Begroting/"
P_SYNC = "/passend.v1.Sync/"

ROLE_ENUM = {"admin": 1, "bestuur": 2, "toezicht": 3, "werkgebied": 4, "school": 5}


class SetupError(Exception):
    pass


def must(res, what):
    if res.code != "OK":
        raise SetupError("%s: %r" % (what, res))
    return res.resp


def create_token(cl, admin, role, tenant_id="", scope=(), expires_at=None, description=""):
    """CreateToken as admin; returns (token string, Token info). Raises SetupError."""
    req = M.tenancy.CreateTokenRequest(role=ROLE_ENUM[role], tenant_id=tenant_id,
                                       scope_ids=list(scope), description=description)
    if expires_at is not None:
        req.expires_at.seconds = int(expires_at)
    r = must(cl.call(P_TEN + "CreateToken", req, admin), "CreateToken %s" % role)
    return r.token, r.token_info


class Tenant:
    """One tenant of the fixture: ids of its objects and its tokens."""

    def __init__(self, key):
        self.key = key  # "A" or "B"
        self.id = None
        self.duo = None
        self.wg = {}        # "wg1"/"wg2" -> id
        self.school = {}    # "s11","s12","s21" -> id
        self.school_wg = {}  # school key -> werkgebied key
        self.pupil = {}     # "p11","p12","p21" -> id
        self.pupil_school = {}
        self.lid = {}       # "l1" -> id
        self.tokens = {}    # role -> token string
        self.token_ids = {}


def school_req(tenant_key, n, wg_id, name):
    s = M.bestuur.School(brin="%02d%s%s" % (n % 100, "A" if tenant_key == "A" else "B", chr(65 + n % 26)),
                         vestiging="00", name=name, soort=1, werkgebied_id=wg_id)
    return M.bestuur.CreateSchoolRequest(school=s)


_counter = [0]


def next_n():
    _counter[0] += 1
    return _counter[0]


def build_world(cl, admin, duo_codes=("PO 27-04", "PO 30-09")):
    """Two tenants A and B, each with werkgebieden wg1, wg2; schools s11, s12
    (wg1) and s21 (wg2); pupils p11, p12, p21 at those schools; lid l1; and
    tokens bestuur, toezicht, werkgebied (scope wg1), school (scope s11).
    Returns {"A": Tenant, "B": Tenant}. Raises SetupError."""
    world = {}
    names = {"A": "Passend Primair Onderwijs Noord-Kennemerland",
             "B": "SWV Passend Onderwijs De Kempen"}
    for key, duo in zip(("A", "B"), duo_codes):
        t = Tenant(key)
        t.duo = duo
        ten = M.tenancy.Tenant(name=names[key], duo_code=duo, sector=1, legal_form="stichting")
        t.id = must(cl.call(P_TEN + "CreateTenant", M.tenancy.CreateTenantRequest(tenant=ten), admin),
                    "CreateTenant %s" % key).id
        t.tokens["bestuur"], info = create_token(cl, admin, "bestuur", t.id, description="%s bestuur" % key)
        t.token_ids["bestuur"] = info.id
        bt = t.tokens["bestuur"]
        for w in ("wg1", "wg2"):
            r = M.werkgebied.CreateWerkgebiedRequest(
                werkgebied=M.werkgebied.WerkgebiedInfo(name="%s %s" % (key, w)))
            t.wg[w] = must(cl.call(P_WG + "CreateWerkgebied", r, bt), "CreateWerkgebied %s %s" % (key, w)).id
        for s, w in (("s11", "wg1"), ("s12", "wg1"), ("s21", "wg2")):
            r = school_req(key, next_n(), t.wg[w], "%s school %s" % (key, s))
            t.school[s] = must(cl.call(P_BES + "CreateSchool", r, bt), "CreateSchool %s %s" % (key, s)).id
            t.school_wg[s] = w
        for p, s in (("p11", "s11"), ("p12", "s12"), ("p21", "s21")):
            r = M.werkgebied.CreateLeerlingRequest(leerling=M.werkgebied.Leerling(
                school_id=t.school[s], source_system="parnassys", external_id="%s-%s" % (key, p),
                geboortejaar=2015, geslacht=1))
            t.pupil[p] = must(cl.call(P_WG + "CreateLeerling", r, bt), "CreateLeerling %s %s" % (key, p)).id
            t.pupil_school[p] = s
        r = M.toezicht.CreateLidRequest(lid=M.toezicht.Lid(
            name="%s voorzitter" % key, function="voorzitter",
            start_date=M.common.Date(year=2024, month=1, day=1)))
        t.lid["l1"] = must(cl.call(P_TOE + "CreateLid", r, bt), "CreateLid %s" % key).id
        for role, scope in (("toezicht", ()), ("werkgebied", (t.wg["wg1"],)),
                            ("school", (t.school["s11"],))):
            t.tokens[role], info = create_token(cl, admin, role, t.id, scope,
                                                description="%s %s" % (key, role))
            t.token_ids[role] = info.id
        world[key] = t
    return world


def checked_world(cl, admin):
    """build_world as one check of the scenario; the world, or None after a
    FAIL line when it could not be built."""
    try:
        world = build_world(cl, admin)
    except SetupError as e:
        scenario.check("fixture (two tenants through the API)", False, str(e))
        return None
    scenario.check("fixture: tenants A and B with werkgebieden, schools, pupils, leden, tokens", True)
    return world


def new_uuid():
    return str(uuid.uuid4())


def date(y, m, d):
    """A passend.v1.Date."""
    return M.common.Date(year=y, month=m, day=d)


def date_str(d):
    """A passend.v1.Date as YYYY-MM-DD."""
    return "%04d-%02d-%02d" % (d.year, d.month, d.day)
