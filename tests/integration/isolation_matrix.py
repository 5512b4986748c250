#!/usr/bin/python3
# isolation_matrix: every RPC of `passendd methods` x every role (and no
# token) x object cases (own tenant in scope, own tenant out of scope, other
# tenant) against a running passendd, each with the exact expected gRPC code
# (issue 3 contract). A method without a request builder here fails the run,
# so a new RPC cannot be forgotten. Lists are checked to return exactly the
# visible fixture rows. One line per case: "ok - ..." / "FAIL - ...".
# Run by tests/lib/run_py.sh (the common flags of tests/lib/scenario.py);
# the method table comes from `passendd methods` of --build.
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as R  # noqa: E402
import scenario  # noqa: E402
from scenario import check  # noqa: E402

# Reference data (besturen, gemeenten, herkomst types) is readable by every tenant role.
REF_READ = {"bestuur", "toezicht", "werkgebied", "school"}
# Schools and pupil data: the bestuur, and the werkgebied and school roles within their scope.
SCOPED = {"bestuur", "werkgebied", "school"}

# The contract: allowed roles per method ("public" = no token needed).
ALLOWED = {
    "/grpc.health.v1.Health/Check": "public",
    "/passend.v1.Platform/GetServerInfo": "public",
    "/passend.v1.Platform/WatchServerInfo": "public",
    "/passend.v1.Tenancy/CreateTenant": {"admin"},
    "/passend.v1.Tenancy/GetTenant": {"admin"},
    "/passend.v1.Tenancy/ListTenants": {"admin"},
    "/passend.v1.Tenancy/UpdateTenant": {"admin"},
    "/passend.v1.Tenancy/CreateToken": {"admin"},
    "/passend.v1.Tenancy/ListTokens": {"admin"},
    "/passend.v1.Tenancy/RevokeToken": {"admin"},
    "/passend.v1.Tenancy/WhoAmI": set(R.ROLES),
    "/passend.v1.Tenancy/ListAuditEvents": {"admin", "bestuur"},
    "/passend.v1.Bestuur/CreateSchool": {"bestuur"},
    "/passend.v1.Bestuur/GetSchool": SCOPED,
    "/passend.v1.Bestuur/ListSchools": SCOPED,
    "/passend.v1.Toezicht/CreateLid": {"toezicht", "bestuur"},
    "/passend.v1.Toezicht/GetLid": {"toezicht", "bestuur"},
    "/passend.v1.Toezicht/ListLeden": {"toezicht", "bestuur"},
    "/passend.v1.Werkgebied/CreateWerkgebied": {"bestuur"},
    "/passend.v1.Werkgebied/GetWerkgebied": {"bestuur", "toezicht", "werkgebied"},
    "/passend.v1.Werkgebied/ListWerkgebieden": {"bestuur", "toezicht", "werkgebied"},
    "/passend.v1.Werkgebied/CreateLeerling": SCOPED,
    "/passend.v1.Werkgebied/GetLeerling": SCOPED,
    "/passend.v1.Werkgebied/ListLeerlingen": SCOPED,
    # issue 4
    "/passend.v1.Bestuur/UpdateSchool": {"bestuur"},
    "/passend.v1.Bestuur/DeactivateSchool": {"bestuur"},
    "/passend.v1.Bestuur/CreateSchoolbestuur": {"bestuur"},
    "/passend.v1.Bestuur/GetSchoolbestuur": REF_READ,
    "/passend.v1.Bestuur/ListSchoolbesturen": REF_READ,
    "/passend.v1.Bestuur/UpdateSchoolbestuur": {"bestuur"},
    "/passend.v1.Bestuur/DeactivateSchoolbestuur": {"bestuur"},
    "/passend.v1.Bestuur/CreateGemeente": {"bestuur"},
    "/passend.v1.Bestuur/GetGemeente": REF_READ,
    "/passend.v1.Bestuur/ListGemeenten": REF_READ,
    "/passend.v1.Bestuur/UpdateGemeente": {"bestuur"},
    "/passend.v1.Bestuur/DeactivateGemeente": {"bestuur"},
    "/passend.v1.Bestuur/ListHerkomstTypes": REF_READ,
    "/passend.v1.Bestuur/UpsertHerkomstType": {"bestuur"},
    "/passend.v1.Bestuur/UpsertTelling": {"bestuur"},
    "/passend.v1.Bestuur/ListTellingen": {"bestuur"},
    # a consulent imports the werkgebied kinds (mdos, arrangementen) of her werkgebied (D41)
    "/passend.v1.Bestuur/StartImport": {"bestuur", "werkgebied"},
    "/passend.v1.Bestuur/ImportChunk": {"bestuur", "werkgebied"},
    "/passend.v1.Bestuur/FinishImport": {"bestuur", "werkgebied"},
    "/passend.v1.Bestuur/SubmitTlvAanvraag": {"bestuur", "school"},
    "/passend.v1.Bestuur/RecordAdvies": {"bestuur"},
    "/passend.v1.Bestuur/DecideTlv": {"bestuur"},
    "/passend.v1.Bestuur/RecordBezwaar": {"bestuur"},
    "/passend.v1.Bestuur/DecideBezwaar": {"bestuur"},
    "/passend.v1.Bestuur/Herbeoordeel": {"bestuur"},
    "/passend.v1.Bestuur/GetTlv": {"bestuur", "school"},
    "/passend.v1.Bestuur/ListTlvs": {"bestuur", "school"},
    "/passend.v1.Werkgebied/UpdateWerkgebied": {"bestuur"},
    "/passend.v1.Werkgebied/DeactivateWerkgebied": {"bestuur"},
    "/passend.v1.Rapportage/GetDeelnameReport": {"bestuur", "toezicht", "werkgebied"},
    "/passend.v1.Rapportage/GetTlvReport": {"bestuur", "toezicht"},
    "/passend.v1.Rapportage/GetArrangementReport": {"bestuur", "toezicht", "werkgebied"},
    "/passend.v1.Rapportage/GetMdoReport": {"bestuur", "toezicht", "werkgebied"},
    "/passend.v1.Rapportage/SetLandelijkPercentage": {"admin"},
    "/passend.v1.Rapportage/ListLandelijkePercentages": set(R.ROLES),
    # issue 8: lists, consent, support requests
    "/passend.v1.Werkgebied/ListLijstWaarden": REF_READ,
    "/passend.v1.Werkgebied/UpsertLijstWaarde": {"bestuur"},
    "/passend.v1.Werkgebied/DeactivateLijstWaarde": {"bestuur"},
    "/passend.v1.Werkgebied/RecordToestemming": SCOPED,
    "/passend.v1.Werkgebied/GetToestemming": SCOPED,
    "/passend.v1.Werkgebied/ListToestemmingen": SCOPED,
    "/passend.v1.Werkgebied/WithdrawToestemming": SCOPED,
    "/passend.v1.Werkgebied/CreateOndersteuningsvraag": SCOPED,
    "/passend.v1.Werkgebied/GetOndersteuningsvraag": SCOPED,
    "/passend.v1.Werkgebied/ListOndersteuningsvragen": SCOPED,
    # issue 8: arrangements (bestuur and consulent write, a school reads its pupils')
    **{"/passend.v1.Werkgebied/" + m: {"bestuur", "werkgebied"} for m in (
        "RequestArrangement", "GrantArrangement", "RejectArrangement", "WithdrawArrangement", "StartArrangement",
        "EvaluateArrangement", "ExtendArrangement", "EndArrangement")},
    "/passend.v1.Werkgebied/GetArrangement": SCOPED,
    "/passend.v1.Werkgebied/ListArrangementen": SCOPED,
    "/passend.v1.Werkgebied/CreateMdo": SCOPED,
    "/passend.v1.Werkgebied/GetMdo": SCOPED,
    "/passend.v1.Werkgebied/ListMdos": SCOPED,
    # issue 8: thuiszitters (municipal figures bestuur only; cases pupil-level)
    **{"/passend.v1.Werkgebied/" + m: {"bestuur"} for m in (
        "SetThuiszitterTelling", "ListThuiszitterTellingen", "SetThuiszitterVerloop", "ListThuiszitterVerloop")},
    **{"/passend.v1.Werkgebied/" + m: {"bestuur", "werkgebied"} for m in (
        "CreateThuiszitterCasus", "UpdateThuiszitterCasus", "MarkThuiszittend", "CloseThuiszitterCasus")},
    "/passend.v1.Werkgebied/GetThuiszitterCasus": SCOPED,
    "/passend.v1.Werkgebied/ListThuiszitterCasussen": SCOPED,
    "/passend.v1.Rapportage/GetThuiszitterReport": {"bestuur", "toezicht", "werkgebied", "school"},
    # issue 8 point 5: werkgebied budgets (bestuur writes, the consulent reads her werkgebied's)
    **{"/passend.v1.Werkgebied/" + m: {"bestuur"} for m in (
        "CreateWerkgebiedBudget", "UpdateWerkgebiedBudget", "RaiseWerkgebiedBudget", "DrawFrictiepot",
        "RecordBudgetUitgave")},
    **{"/passend.v1.Werkgebied/" + m: {"bestuur", "werkgebied"} for m in (
        "GetWerkgebiedBudget", "ListWerkgebiedBudgetten", "ListBudgetMutaties", "ListBudgetUitgaven")},
    "/passend.v1.Rapportage/GetWerkgebiedBudgetReport": {"bestuur", "toezicht", "werkgebied"},
    # issue 9: the begroting (D43): bestuur writes; toezicht reads the versions and the report and
    # approves; werkgebied and school have no access to finance
    "/passend.v1.Begroting/CreateBegroting": {"bestuur"},
    "/passend.v1.Begroting/GetBegroting": {"bestuur", "toezicht"},
    "/passend.v1.Begroting/ListBegrotingen": {"bestuur", "toezicht"},
    "/passend.v1.Begroting/UpsertBegrotingGroep": {"bestuur"},
    "/passend.v1.Begroting/UpsertBegrotingRegel": {"bestuur"},
    "/passend.v1.Begroting/DeleteBegrotingRegel": {"bestuur"},
    "/passend.v1.Begroting/SubmitBegroting": {"bestuur"},
    "/passend.v1.Begroting/ApproveBegroting": {"toezicht"},
    "/passend.v1.Begroting/SetPrognose": {"bestuur"},
    "/passend.v1.Begroting/ListPrognoses": {"bestuur"},
    "/passend.v1.Begroting/UpsertOverdrachtTarief": {"bestuur"},
    "/passend.v1.Begroting/ListOverdrachtTarieven": {"bestuur"},
    "/passend.v1.Begroting/GetOverdrachtSchema": {"bestuur"},
    "/passend.v1.Begroting/GetSboRegime": {"bestuur"},
    "/passend.v1.Rapportage/GetBegrotingReport": {"bestuur", "toezicht"},
    # issue 9: toezicht's records (toezicht and bestuur) and the jaarplan (bestuur writes, toezicht reads)
    **{"/passend.v1.Toezicht/" + m: {"toezicht", "bestuur"} for m in (
        "CreateRol", "ListRollen", "UpdateRol", "CreateVergadering", "GetVergadering", "ListVergaderingen",
        "CreateAgendapunt", "ListAgendapunten", "RecordBesluit", "CreateRisico", "ListRisicos", "UpdateRisico",
        "GetDashboard")},
    **{"/passend.v1.Jaarplan/" + m: {"bestuur"} for m in (
        "CreateDoel", "CreatePerspectief", "CreateActie", "UpdateActie", "RecordKpiMeting")},
    **{"/passend.v1.Jaarplan/" + m: {"bestuur", "toezicht"} for m in (
        "ListDoelen", "ListPerspectieven", "ListActies", "GetJaarplanVoortgang")},
    # issue 9 points 5 and 6, issue 10 point 6: annual accounts (finance: no werkgebied or school),
    # the jaarverslag (organisation-level aggregates: toezicht reads), the kengetal configuration
    "/passend.v1.Bestuur/PutJaarrekening": {"bestuur"},
    "/passend.v1.Bestuur/GetJaarrekening": {"bestuur", "toezicht"},
    "/passend.v1.Bestuur/ListJaarrekeningRubrieken": {"admin", "bestuur", "toezicht"},
    "/passend.v1.Rapportage/GetJaarverslag": {"bestuur", "toezicht"},
    "/passend.v1.Rapportage/SetKengetalDefinitie": {"admin"},
    "/passend.v1.Rapportage/ListKengetalDefinities": {"admin", "bestuur", "toezicht"},
    "/passend.v1.Rapportage/SetGrootteklasse": {"admin"},
    "/passend.v1.Rapportage/ListGrootteklassen": {"admin", "bestuur", "toezicht"},
    "/passend.v1.Rapportage/SetSignaleringswaarde": {"admin"},
    "/passend.v1.Rapportage/ListSignaleringswaarden": {"admin", "bestuur", "toezicht"},
    # issue 10 points 1, 2 and 5: the trimesterrapportage (D47): bestuur all, toezicht the aggregate variant
    "/passend.v1.Rapportage/GetTrimesterReport": {"bestuur", "toezicht"},
    "/passend.v1.Rapportage/AddTrimesterTekst": {"bestuur"},
    "/passend.v1.Rapportage/ListTrimesterTeksten": {"bestuur", "toezicht"},
    "/passend.v1.Rapportage/VaststellenTrimesterReport": {"bestuur"},
    "/passend.v1.Rapportage/SetTrimesterGepubliceerd": {"bestuur"},
    # issue 11: the batch upsert of pupils by the school system's ids (scope as CreateLeerling)
    "/passend.v1.Sync/UpsertRecords": SCOPED,
    # issue 11: the change feed (decisions on pupils: never toezicht)
    "/passend.v1.Sync/WatchChanges": SCOPED,
}
TLV_METHODS = {"/passend.v1.Bestuur/" + m for m in (
    "SubmitTlvAanvraag", "RecordAdvies", "DecideTlv", "RecordBezwaar", "DecideBezwaar", "Herbeoordeel",
    "GetTlv", "ListTlvs")}
# Consent and support requests (issue 8): pupil-level, visible exactly when the pupil is.
VRAAG_METHODS = {"/passend.v1.Werkgebied/" + m for m in (
    "RecordToestemming", "GetToestemming", "ListToestemmingen", "WithdrawToestemming",
    "CreateOndersteuningsvraag", "GetOndersteuningsvraag", "ListOndersteuningsvragen",
    "CreateMdo", "GetMdo", "ListMdos")}
ARRANGEMENT_METHODS = {"/passend.v1.Werkgebied/" + m for m in (
    "RequestArrangement", "GrantArrangement", "RejectArrangement", "WithdrawArrangement", "StartArrangement",
    "EvaluateArrangement", "ExtendArrangement", "EndArrangement", "GetArrangement", "ListArrangementen")}
CASUS_METHODS = {"/passend.v1.Werkgebied/" + m for m in (
    "CreateThuiszitterCasus", "GetThuiszitterCasus", "ListThuiszitterCasussen", "UpdateThuiszitterCasus",
    "MarkThuiszittend", "CloseThuiszitterCasus")}
# FinishImport is pupil-level because a TLV import writes pupil data (audited for every kind).
PUPIL_LEVEL = {"/passend.v1.Werkgebied/CreateLeerling", "/passend.v1.Werkgebied/GetLeerling",
               "/passend.v1.Werkgebied/ListLeerlingen", "/passend.v1.Bestuur/FinishImport"} | TLV_METHODS \
    | VRAAG_METHODS | ARRANGEMENT_METHODS | CASUS_METHODS \
    | {"/passend.v1.Sync/UpsertRecords", "/passend.v1.Sync/WatchChanges"}


# ---- visibility (the contract's scope rules) ----------------------------------
def visible(role, ptenant, kind, otenant, okey, world):
    """Is object okey (kind wg/school/pupil/lid) of tenant otenant visible to
    a principal (role, ptenant)?"""
    if otenant != ptenant:
        return False
    t = world[otenant]
    if role == "bestuur":
        return True
    if role == "toezicht":
        return kind in ("wg", "lid")
    if role == "werkgebied":
        if kind == "wg":
            return okey == "wg1"
        if kind == "school":
            return t.school_wg[okey] == "wg1"
        if kind == "pupil":
            return t.school_wg[t.pupil_school[okey]] == "wg1"
        return False
    if role == "school":
        if kind == "school":
            return okey == "s11"
        if kind == "pupil":
            return t.pupil_school[okey] == "s11"
        return False
    return False


def objects(world, kind):
    """[(tenant key, object key, id)] of a kind in both tenants."""
    out = []
    for tk in ("A", "B"):
        t = world[tk]
        d = {"wg": t.wg, "school": t.school, "pupil": t.pupil, "lid": t.lid}[kind]
        for k, v in sorted(d.items()):
            out.append((tk, k, v))
    return out


def case_label(role, ptenant, kind, otenant, okey, world):
    if otenant != ptenant:
        return "other tenant %s %s" % (otenant, okey)
    if visible(role, ptenant, kind, otenant, okey, world):
        return "own %s (in scope)" % okey
    return "own %s (out of scope)" % okey


# ---- request builders: method -> function(ctx) -> [(case name, request, check)]
# check(result, ctx) -> (ok, detail) is applied when the call is allowed;
# `expect` is the code expected when the role is allowed (default OK).
class Ctx:
    def __init__(self, world, role, ptenant, admin, cl):
        self.world, self.role, self.ptenant, self.admin, self.cl = world, role, ptenant, admin, cl

    @property
    def own(self):
        return self.world[self.ptenant]

    @property
    def other(self):
        return self.world["B" if self.ptenant == "A" else "A"]


def get_cases(kind, req_cls, resp_attr="id"):
    def build(c):
        out = []
        for ot, ok_, oid in objects(c.world, kind):
            vis = c.role in ("bestuur", "toezicht", "werkgebied", "school") and \
                visible(c.role, c.ptenant, kind, ot, ok_, c.world)
            exp = "OK" if vis else "NOT_FOUND"

            def chk(res, c_, oid=oid):
                return (res.resp.id == oid, "returned id %s, want %s" % (res.resp.id, oid))
            out.append((case_label(c.role, c.ptenant, kind, ot, ok_, c.world),
                        req_cls(id=oid), exp, chk))
        out.append(("unknown id", req_cls(id=R.new_uuid()), "NOT_FOUND", None))
        return out
    return build


def visible_rows_only(c, req_cls, field, want, every, other_ids=frozenset()):
    """A List call for every row (one page of 1000) returns no row of another tenant (other_ids) and,
    of the fixture's rows (every), exactly those the caller may see (want)."""
    def chk(res, c_):
        got = set(x.id for x in getattr(res.resp, field))
        tenants = set(x.tenant_id for x in getattr(res.resp, field))
        if got & other_ids:
            return False, "returned other tenant's rows %s" % sorted(got & other_ids)
        if tenants - {c.own.id}:
            return False, "rows with tenant_id %s" % sorted(tenants - {c.own.id})
        if (got & every) != want:
            return False, "fixture rows %s, want exactly %s" % (sorted(got & every), sorted(want))
        return True, ""
    return [("visible rows only", req_cls(page=page_all()), "OK", chk)]


def list_cases(kind, req_cls, field):
    """The List call of the objects of kind shows exactly those the caller may see."""
    def build(c):
        want = set(oid for ot, ok_, oid in objects(c.world, kind)
                   if visible(c.role, c.ptenant, kind, ot, ok_, c.world))
        every = set(oid for _, _, oid in objects(c.world, kind))
        other_ids = set(oid for ot, _, oid in objects(c.world, kind) if ot != c.ptenant)
        return visible_rows_only(c, req_cls, field, want, every, other_ids)
    return build


def b_create_tenant(c):
    n = R.next_n()
    t = R.M.tenancy.Tenant(name="Matrix tenant %d" % n, duo_code="VO %02d-%02d" % (n // 100 % 100, n % 100),
                           sector=2)
    return [("new tenant", R.M.tenancy.CreateTenantRequest(tenant=t), "OK", None)]


def b_get_tenant(c):
    out = []
    for tk in ("A", "B"):
        tid = c.world[tk].id
        out.append(("tenant %s" % tk, R.M.tenancy.GetTenantRequest(id=tid), "OK",
                    lambda res, c_, tid=tid: (res.resp.id == tid, "id %s" % res.resp.id)))
    out.append(("unknown id", R.M.tenancy.GetTenantRequest(id=R.new_uuid()), "NOT_FOUND", None))
    return out


def b_list_tenants(c):
    want = {c.world["A"].id, c.world["B"].id}
    return [("all tenants", R.M.tenancy.ListTenantsRequest(page=R.M.common.PageRequest(page_size=1000)),
             "OK", lambda res, c_: (want <= set(t.id for t in res.resp.tenants),
                                    "missing fixture tenants"))]


def b_update_tenant(c):
    out = []
    for tk in ("A", "B"):
        t = R.M.tenancy.Tenant(id=c.world[tk].id, legal_form="stichting")
        out.append(("tenant %s legal_form" % tk,
                     R.M.tenancy.UpdateTenantRequest(tenant=t, update_mask=["legal_form"]), "OK", None))
    return out


def b_create_token(c):
    return [("bestuur token for A", R.M.tenancy.CreateTokenRequest(
        role=2, tenant_id=c.world["A"].id, description="matrix"), "OK", None)]


def b_list_tokens(c):
    return [("tokens of A", R.M.tenancy.ListTokensRequest(tenant_id=c.world["A"].id), "OK",
             lambda res, c_: (c.world["A"].token_ids["bestuur"] in set(t.id for t in res.resp.tokens),
                              "A's bestuur token missing"))]


def b_revoke_token(c):
    # a fresh throwaway token per call (created as admin), revoked by this role
    _, info = R.create_token(c.cl, c.admin, "toezicht", c.world["A"].id, description="throwaway")
    return [("throwaway token", R.M.tenancy.RevokeTokenRequest(id=info.id), "OK",
             lambda res, c_: (res.resp.revoked_at.seconds > 0, "revoked_at unset"))]


def b_whoami(c):
    def chk(res, c_):
        r = res.resp
        if r.role != R.ROLE_ENUM[c.role]:
            return False, "role %d, want %d" % (r.role, R.ROLE_ENUM[c.role])
        want_t = "" if c.role == "admin" else c.own.id
        if r.tenant_id != want_t:
            return False, "tenant_id %r, want %r" % (r.tenant_id, want_t)
        return True, ""
    return [("self", R.M.tenancy.WhoAmIRequest(), "OK", chk)]


def b_list_audit(c):
    def chk(res, c_):
        if c.role == "bestuur":
            bad = [e.tenant_id for e in res.resp.events if e.tenant_id != c.own.id]
            return (not bad, "events of other tenants: %s" % sorted(set(bad)))
        return True, ""
    return [("own tenant", R.M.tenancy.ListAuditEventsRequest(), "OK", chk)]


def b_create_school(c):
    out = []
    for label, t, w in (("own wg1", c.own, "wg1"), ("own wg2", c.own, "wg2"),
                        ("other tenant's wg1", c.other, "wg1")):
        r = R.school_req(c.ptenant, R.next_n(), t.wg[w], "matrix school")
        out.append((label, r, "OK" if t is c.own else "NOT_FOUND", None))
    return out


def b_create_wg(c):
    return [("new werkgebied", R.M.werkgebied.CreateWerkgebiedRequest(
        werkgebied=R.M.werkgebied.WerkgebiedInfo(name="matrix wg %d" % R.next_n())), "OK", None)]


def b_create_lid(c):
    return [("new lid", R.M.toezicht.CreateLidRequest(lid=R.M.toezicht.Lid(
        name="matrix lid %d" % R.next_n(), function="lid",
        start_date=R.M.common.Date(year=2024, month=9, day=1))), "OK", None)]


def b_create_leerling(c):
    out = []
    for ot, sk, sid in objects(c.world, "school"):
        vis = c.role in ("bestuur", "werkgebied", "school") and \
            visible(c.role, c.ptenant, "school", ot, sk, c.world)
        r = R.M.werkgebied.CreateLeerlingRequest(leerling=R.M.werkgebied.Leerling(
            school_id=sid, source_system="matrix", external_id="m-%d" % R.next_n(), geboortejaar=2016))

        def chk(res, c_, sid=sid):
            return (res.resp.school_id == sid and res.resp.tenant_id == c.own.id,
                    "school_id %s tenant_id %s" % (res.resp.school_id, res.resp.tenant_id))
        out.append(("at %s" % case_label(c.role, c.ptenant, "school", ot, sk, c.world), r,
                    "OK" if vis else "NOT_FOUND", chk))
    return out


def b_upsert_records(c):
    """One chunk with a new pupil at every school of the fixture (by school_id): created where the
    school is visible to the caller, else that record's error on school_id (the call is OK)."""
    schools = list(objects(c.world, "school"))
    recs, want = [], []
    for ot, sk, sid in schools:
        vis = visible(c.role, c.ptenant, "school", ot, sk, c.world)
        recs.append(R.M.sync.UpsertRecord(values=["m-%d" % R.next_n(), sid, "2016"]))
        want.append("created" if vis else "error school_id")
    r = R.M.sync.UpsertRecordsRequest(kind="leerlingen", source_system="matrix",
                                      columns=["external_id", "school_id", "geboortejaar"], records=recs)
    names = {R.M.sync.UPSERT_CREATED: "created", R.M.sync.UPSERT_ERROR: "error"}

    def chk(res, c_):
        got = [names.get(x.outcome, "?") + (" " + x.field if x.field else "") for x in res.resp.results]
        return got == want, "got %s, want %s" % (got, want)
    # a support request for every pupil of the fixture: a visible pupil's record is created, or
    # fails on its consent (the fixture's consents vary); any other pupil is "no such pupil" (D53)
    vrecs, vwant = [], []
    for ot, pk, pid in objects(c.world, "pupil"):
        vrecs.append(R.M.sync.UpsertRecord(values=["v-%d" % R.next_n(), pid, "x"]))
        vwant.append("seen" if visible(c.role, c.ptenant, "pupil", ot, pk, c.world) else "no such pupil")
    vr = R.M.sync.UpsertRecordsRequest(kind="ondersteuningsvragen", source_system="matrix",
                                       columns=["external_id", "leerling_id", "omschrijving"], records=vrecs)

    def vchk(res, c_):
        got = ["no such pupil" if "no such pupil" in x.message
               else "seen" if x.outcome == R.M.sync.UPSERT_CREATED or "consent" in x.message
               else x.message for x in res.resp.results]
        return got == vwant, "got %s, want %s" % (got, vwant)
    # pupil counts: bestuur only (as UpsertTelling), its own tenant's schools
    trecs, twant = [], []
    teldatum = (datetime.date(2001, 1, 1) + datetime.timedelta(days=R.next_n())).isoformat()  # a new natural key
    for ot, sk, sid in schools:
        trecs.append(R.M.sync.UpsertRecord(values=["t-%d" % R.next_n(), sid, teldatum, "10"]))
        twant.append("created" if ot == c.ptenant else "error school_id")
    tr = R.M.sync.UpsertRecordsRequest(kind="tellingen", source_system="matrix",
                                       columns=["external_id", "school_id", "teldatum", "aantal"], records=trecs)

    def tchk(res, c_):
        got = [names.get(x.outcome, "?") + (" " + x.field if x.field else "") for x in res.resp.results]
        return got == twant, "got %s, want %s" % (got, twant)
    return [("a pupil at every school", r, "OK", chk),
            ("a support request for every pupil", vr, "OK", vchk),
            ("a count of every school", tr, "OK" if c.role == "bestuur" else "PERMISSION_DENIED", tchk)]


# ---- issue 4 builders ----------------------------------------------------------
# The fixture world has no besturen, gemeenten or TLVs: id-based calls are
# checked with unknown ids and with the other tenant's objects (NOT_FOUND),
# writes with new rows of the caller's own tenant. Deactivate/Update never
# touch the fixture rows the List checks compare with.

def unknown_id(req_cls, field="id"):
    def build(c):
        return [("unknown id", req_cls(**{field: R.new_uuid()}), "NOT_FOUND", None)]
    return build


def page_all():
    """One page of every row (the fixture is small)."""
    return R.M.common.PageRequest(page_size=1000)


def own_rows(req_cls, field):
    """A List call for every row returns only rows of the caller's tenant."""
    return lambda c: [("own tenant", req_cls(page=page_all()), "OK", tenant_rows(field))]


def tenant_rows(field):
    """List check: every returned row belongs to the caller's tenant."""
    def chk(res, c):
        bad = [x.tenant_id for x in getattr(res.resp, field) if x.tenant_id != c.own.id]
        return (not bad, "rows of other tenants: %s" % sorted(set(bad)))
    return chk


def other_tenant_objects(kind, make_req):
    """NOT_FOUND for the other tenant's objects of a kind, and an unknown id."""
    def build(c):
        out = [("other tenant %s" % k, make_req(oid), "NOT_FOUND", None)
               for tk, k, oid in objects(c.world, kind) if tk != c.ptenant]
        out.append(("unknown id", make_req(R.new_uuid()), "NOT_FOUND", None))
        return out
    return build


def b_update_school(c):
    Bs = R.M.bestuur
    out = []
    for ot, sk, sid in objects(c.world, "school"):
        own = ot == c.ptenant
        r = Bs.UpdateSchoolRequest(school=Bs.School(id=sid, name="matrix renamed %s" % sk),
                                   update_mask=["name"])
        out.append(("%s %s" % ("own" if own else "other tenant", sk), r, "OK" if own else "NOT_FOUND", None))
    out.append(("unknown id", Bs.UpdateSchoolRequest(school=Bs.School(id=R.new_uuid(), name="x"),
                                                     update_mask=["name"]), "NOT_FOUND", None))
    return out


def b_create_bestuur(c):
    n = R.next_n()
    b = R.M.bestuur.Schoolbestuur(bevoegd_gezag_nummer="%05d" % (10000 + n % 90000), name="matrix bestuur %d" % n,
                                  runs_bao=True, lidmaatschap=1)
    return [("new bestuur", R.M.bestuur.CreateSchoolbestuurRequest(schoolbestuur=b), "OK",
             lambda res, c_: (res.resp.tenant_id == c_.own.id, "tenant_id %s" % res.resp.tenant_id))]


def b_create_gemeente(c):
    g = R.M.bestuur.Gemeente(name="matrix gemeente %d" % R.next_n(),
                             valid_from=R.M.common.Date(year=2015, month=1, day=1))
    return [("new gemeente", R.M.bestuur.CreateGemeenteRequest(gemeente=g), "OK",
             lambda res, c_: (res.resp.tenant_id == c_.own.id, "tenant_id %s" % res.resp.tenant_id))]


def b_update_by_unknown(req_cls, msg_field, msg_cls, mask):
    def build(c):
        m = msg_cls(id=R.new_uuid(), name="matrix")
        return [("unknown id", req_cls(**{msg_field: m, "update_mask": [mask]}), "NOT_FOUND", None)]
    return build


def b_upsert_herkomst(c):
    t = R.M.bestuur.HerkomstType(code="matrix", label="Matrix", route_group="so", sort_order=99, active=True)
    return [("tenant override", t, "OK", lambda res, c_: (res.resp.code == "matrix", "code %s" % res.resp.code))]


def b_upsert_telling(c):
    out = []
    for ot, sk, sid in objects(c.world, "school"):
        own = ot == c.ptenant
        t = R.M.bestuur.Telling(school_id=sid, teldatum=R.M.common.Date(year=2016, month=10, day=1),
                                tel_wijze=1, aantal=100, onder_8=-1, so_categorie_1=-1, so_categorie_2=-1,
                                so_categorie_3=-1)
        out.append(("%s %s" % ("own" if own else "other tenant", sk), t, "OK" if own else "NOT_FOUND", None))
    return out


def b_start_import(c):
    if c.role == "werkgebied":  # the kinds a consulent may import (mdos, arrangementen)
        r = R.M.bestuur.StartImportRequest(kind=8, header="source_system,external_id,datum,niveau,deelnemers",
                                           file_name="matrix.csv")
        b = R.M.bestuur.StartImportRequest(kind=1, header="bevoegd_gezag_nummer,name", file_name="matrix.csv")
        return [("mdos", r, "OK", None), ("besturen (not hers)", b, "PERMISSION_DENIED", None)]
    r = R.M.bestuur.StartImportRequest(kind=1, header="bevoegd_gezag_nummer,name", file_name="matrix.csv")
    return [("besturen", r, "OK", None)]


def b_submit_tlv(c):
    out = []
    for ot, pk, pid in objects(c.world, "pupil"):
        vis = c.role in ("bestuur", "school") and visible(c.role, c.ptenant, "pupil", ot, pk, c.world)
        r = R.M.bestuur.SubmitTlvAanvraagRequest(
            leerling_id=pid, herkomst="basisonderwijs", gevraagde_soort=2, ouders_toestemming=True,
            toestemming_datum=R.M.common.Date(year=2024, month=9, day=2), groeidocument=True, opp=True,
            verslag_mdo=True)
        out.append(("for %s" % case_label(c.role, c.ptenant, "pupil", ot, pk, c.world), r,
                    "OK" if vis else "NOT_FOUND", None))
    return out


def b_tlv_list(c):
    return [("own tenant", R.M.bestuur.ListTlvsRequest(page=R.M.common.PageRequest(page_size=1000)), "OK",
             tenant_rows("tlvs"))]


def b_put_jaarrekening(c):
    J = R.M.jaarrekening
    regels = [J.JaarrekeningRegel(code="1.7", rubriek="liquide_middelen", naam="Liquide middelen", bedrag_cents=100),
              J.JaarrekeningRegel(code="2.1", rubriek="eigen_vermogen", naam="Reserve", bedrag_cents=100)]
    return [("own tenant 2018", J.Jaarrekening(jaar=2018, regels=regels), "OK",
             lambda res, c_: (res.resp.totaal_activa_cents == 100, "%r" % res.resp))]


def b_set_landelijk(c):
    p = R.M.rapportage.LandelijkPercentage(teldatum=R.M.common.Date(year=2016, month=10, day=1),
                                           sbo="2.48", so="1.67")
    return [("2016-10-01", p, "OK", None)]


# ---- issue 8 builders: consent and support requests, one of each per fixture
# pupil (written once by each tenant's bestuur), visible exactly when their
# pupil is -----------------------------------------------------------------------
_per_pupil = {}


def mdo_request(pid, day):
    """A CreateMdoRequest for pupil pid on 2016-10-<day> (a consent covering
    mdo from 2016-09-01 is recorded by mdo_consents)."""
    Mq = R.M.mdo
    return Mq.CreateMdoRequest(mdo=Mq.Mdo(leerling_id=pid, niveau="niv_2", deelnemers=[1, 2, 3],
                                          kind_deelgenomen=True, uitkomst=4,
                                          datum=R.M.common.Date(year=2016, month=10, day=day)))


def mdo_consents(c):
    """One consent covering mdo per fixture pupil of both tenants (by its bestuur)."""
    if "mdo_consent" not in _per_pupil:
        for tk, pk, pid in objects(c.world, "pupil"):
            R.must(c.cl.call("/passend.v1.Werkgebied/RecordToestemming", R.M.vragen.RecordToestemmingRequest(
                toestemming=R.M.vragen.Toestemming(leerling_id=pid, scopes=[2], gezag=1,
                                                   datum=R.M.common.Date(year=2016, month=9, day=1))),
                c.world[tk].tokens["bestuur"]), "RecordToestemming mdo %s %s" % (tk, pk))
        _per_pupil["mdo_consent"] = True


def per_pupil(c, kind):
    """[(tenant key, pupil key, id)] of the fixture's consents ("toestemming"),
    support requests ("vraag"), individueel arrangements ("arrangement") or MDOs ("mdo"):
    one per pupil of both tenants."""
    if kind == "arrangement":
        return per_arrangement(c)
    if kind == "casus":
        return per_casus(c)
    if kind == "mdo" and "mdo" not in _per_pupil:
        mdo_consents(c)
        _per_pupil["mdo"] = [(tk, pk, R.must(c.cl.call("/passend.v1.Werkgebied/CreateMdo", mdo_request(pid, 3),
                                                      c.world[tk].tokens["bestuur"]),
                                             "CreateMdo %s %s" % (tk, pk)).id)
                             for tk, pk, pid in objects(c.world, "pupil")]
    if "toestemming" not in _per_pupil:
        Vq = R.M.vragen
        _per_pupil["toestemming"], _per_pupil["vraag"] = [], []
        for tk, pk, pid in objects(c.world, "pupil"):
            bt = c.world[tk].tokens["bestuur"]
            t = R.must(c.cl.call("/passend.v1.Werkgebied/RecordToestemming", Vq.RecordToestemmingRequest(
                toestemming=Vq.Toestemming(leerling_id=pid, scopes=[1], gezag=1,
                                           datum=R.M.common.Date(year=2016, month=9, day=1))), bt),
                       "RecordToestemming %s %s" % (tk, pk))
            _per_pupil["toestemming"].append((tk, pk, t.id))
            v = R.must(c.cl.call("/passend.v1.Werkgebied/CreateOndersteuningsvraag",
                                 Vq.CreateOndersteuningsvraagRequest(vraag=Vq.Ondersteuningsvraag(
                                     leerling_id=pid, omschrijving="matrix",
                                     ingediend_op=R.M.common.Date(year=2016, month=10, day=1))), bt),
                       "CreateOndersteuningsvraag %s %s" % (tk, pk))
            _per_pupil["vraag"].append((tk, pk, v.id))
    return _per_pupil[kind]


def pupil_visible(c, tk, pk):
    return c.role in ("bestuur", "werkgebied", "school") and visible(c.role, c.ptenant, "pupil", tk, pk, c.world)


def per_pupil_get(kind, req_cls):
    def build(c):
        out = []
        for tk, pk, oid in per_pupil(c, kind):
            def chk(res, c_, oid=oid):
                return (res.resp.id == oid, "returned id %s, want %s" % (res.resp.id, oid))
            out.append(("%s of %s" % (kind, case_label(c.role, c.ptenant, "pupil", tk, pk, c.world)),
                        req_cls(id=oid), "OK" if pupil_visible(c, tk, pk) else "NOT_FOUND", chk))
        out.append(("unknown id", req_cls(id=R.new_uuid()), "NOT_FOUND", None))
        return out
    return build


def per_pupil_list(kind, req_cls, field):
    """The List call of the per-pupil objects of kind shows exactly those of the pupils the caller may see."""
    def build(c):
        rows = per_pupil(c, kind)
        want = set(oid for tk, pk, oid in rows if pupil_visible(c, tk, pk))
        return visible_rows_only(c, req_cls, field, want, set(oid for _, _, oid in rows))
    return build


def b_record_toestemming(c):
    out = []
    for tk, pk, pid in objects(c.world, "pupil"):
        r = R.M.vragen.RecordToestemmingRequest(toestemming=R.M.vragen.Toestemming(
            leerling_id=pid, scopes=[2, 3], gezag=2, datum=R.M.common.Date(year=2016, month=9, day=2)))
        out.append(("for %s" % case_label(c.role, c.ptenant, "pupil", tk, pk, c.world), r,
                    "OK" if pupil_visible(c, tk, pk) else "NOT_FOUND", None))
    return out


def b_withdraw_toestemming(c):
    # a fresh throwaway consent per pupil (recorded by its tenant's bestuur), withdrawn by this role
    out = []
    for tk, pk, pid in objects(c.world, "pupil"):
        t = R.must(c.cl.call("/passend.v1.Werkgebied/RecordToestemming", R.M.vragen.RecordToestemmingRequest(
            toestemming=R.M.vragen.Toestemming(leerling_id=pid, scopes=[5], gezag=1,
                                               datum=R.M.common.Date(year=2016, month=9, day=3))),
            c.world[tk].tokens["bestuur"]), "RecordToestemming throwaway %s %s" % (tk, pk))
        out.append(("consent of %s" % case_label(c.role, c.ptenant, "pupil", tk, pk, c.world),
                    R.M.vragen.WithdrawToestemmingRequest(id=t.id), "OK" if pupil_visible(c, tk, pk) else
                    "NOT_FOUND", None))
    return out


def b_create_vraag(c):
    per_pupil(c, "vraag")  # the consents exist
    out = []
    for tk, pk, pid in objects(c.world, "pupil"):
        r = R.M.vragen.CreateOndersteuningsvraagRequest(vraag=R.M.vragen.Ondersteuningsvraag(
            leerling_id=pid, omschrijving="matrix create", ingediend_op=R.M.common.Date(year=2016, month=10, day=2)))

        def chk(res, c_, pid=pid):
            return (res.resp.leerling_id == pid and res.resp.tenant_id == c.own.id,
                    "leerling_id %s tenant_id %s" % (res.resp.leerling_id, res.resp.tenant_id))
        out.append(("for %s" % case_label(c.role, c.ptenant, "pupil", tk, pk, c.world), r,
                    "OK" if pupil_visible(c, tk, pk) else "NOT_FOUND", chk))
    return out


# ---- arrangements: one individueel arrangement per fixture pupil (under a
# consent covering arrangement, both by its tenant's bestuur); a step gets a
# fresh one in the state it needs when it is expected to succeed ----------------
ARR_PATH = {"GrantArrangement": [], "RejectArrangement": [], "WithdrawArrangement": [],
            "StartArrangement": ["GrantArrangement"], "EvaluateArrangement": ["GrantArrangement", "StartArrangement"],
            "ExtendArrangement": ["GrantArrangement", "StartArrangement", "EvaluateArrangement"],
            "EndArrangement": ["GrantArrangement", "StartArrangement", "EvaluateArrangement"]}


def arrangement_req(pid):
    D = R.M.common.Date
    return R.M.arr.RequestArrangementRequest(arrangement=R.M.arr.Arrangement(
        arrangement_type="individueel", leerling_id=pid, startdatum=D(year=2016, month=10, day=1),
        einddatum=D(year=2017, month=1, day=31)))


def step_req(method, aid):
    if method == "ExtendArrangement":
        return R.M.arr.ExtendArrangementRequest(id=aid, reflectie="matrix",
                                                einddatum=R.M.common.Date(year=2017, month=7, day=14))
    return R.M.arr.ArrangementStepRequest(id=aid)


def new_arrangement(c, tk, pid, path):
    bt = c.world[tk].tokens["bestuur"]
    a = R.must(c.cl.call("/passend.v1.Werkgebied/RequestArrangement", arrangement_req(pid), bt),
               "RequestArrangement %s" % tk)
    for m in path:
        R.must(c.cl.call("/passend.v1.Werkgebied/" + m, step_req(m, a.id), bt), "%s %s" % (m, tk))
    return a.id


def per_arrangement(c):
    if "arrangement" not in _per_pupil:
        out = []
        for tk, pk, pid in objects(c.world, "pupil"):
            R.must(c.cl.call("/passend.v1.Werkgebied/RecordToestemming", R.M.vragen.RecordToestemmingRequest(
                toestemming=R.M.vragen.Toestemming(leerling_id=pid, scopes=[3], gezag=1,
                                                   datum=R.M.common.Date(year=2016, month=9, day=1))),
                c.world[tk].tokens["bestuur"]), "RecordToestemming arrangement %s %s" % (tk, pk))
            out.append((tk, pk, new_arrangement(c, tk, pid, [])))
        _per_pupil["arrangement"] = out
    return _per_pupil["arrangement"]


def b_request_arrangement(c):
    per_arrangement(c)  # the consents exist
    return [("for %s" % case_label(c.role, c.ptenant, "pupil", tk, pk, c.world), arrangement_req(pid),
             "OK" if pupil_visible(c, tk, pk) else "NOT_FOUND", None) for tk, pk, pid in objects(c.world, "pupil")]


def b_arrangement_step(method):
    def build(c):
        out = []
        for (tk, pk, pid), (_, _, aid) in zip(objects(c.world, "pupil"), per_arrangement(c)):
            ok = pupil_visible(c, tk, pk) and c.role in ("bestuur", "werkgebied")
            if ok:  # it will change: a fresh one in the state the step needs
                aid = new_arrangement(c, tk, pid, ARR_PATH[method])
            out.append(("arrangement of %s" % case_label(c.role, c.ptenant, "pupil", tk, pk, c.world),
                        step_req(method, aid), "OK" if pupil_visible(c, tk, pk) else "NOT_FOUND", None))
        out.append(("unknown id", step_req(method, R.new_uuid()), "NOT_FOUND", None))
        return out
    return build


def b_create_mdo(c):
    mdo_consents(c)
    out = []
    for tk, pk, pid in objects(c.world, "pupil"):
        def chk(res, c_, pid=pid):
            return (res.resp.leerling_id == pid and res.resp.tenant_id == c.own.id and res.resp.toestemming_id,
                    "leerling_id %s tenant_id %s" % (res.resp.leerling_id, res.resp.tenant_id))
        out.append(("for %s" % case_label(c.role, c.ptenant, "pupil", tk, pk, c.world), mdo_request(pid, 4),
                    "OK" if pupil_visible(c, tk, pk) else "NOT_FOUND", chk))
    return out


# ---- thuiszitters: the municipal figures of the own tenant; one case per
# fixture pupil (by its tenant's bestuur), a fresh one per call that changes
# it; every new case starts on a day of its own (one case per pupil and day) --
_casus_day = [0]


def casus_req(pid):
    _casus_day[0] += 1
    x = datetime.date(2010, 1, 1) + datetime.timedelta(days=_casus_day[0])
    d = R.M.common.Date(year=x.year, month=x.month, day=x.day)
    return R.M.thuis.CreateThuiszitterCasusRequest(casus=R.M.thuis.ThuiszitterCasus(leerling_id=pid, startdatum=d))


def new_casus(c, tk, pid):
    return R.must(c.cl.call("/passend.v1.Werkgebied/CreateThuiszitterCasus", casus_req(pid),
                            c.world[tk].tokens["bestuur"]), "CreateThuiszitterCasus %s" % tk).id


def per_casus(c):
    if "casus" not in _per_pupil:
        _per_pupil["casus"] = [(tk, pk, new_casus(c, tk, pid)) for tk, pk, pid in objects(c.world, "pupil")]
    return _per_pupil["casus"]


def casus_visible(c, tk, pk):
    return pupil_visible(c, tk, pk)


def b_create_casus(c):
    out = []
    for tk, pk, pid in objects(c.world, "pupil"):
        def chk(res, c_, pid=pid):
            return (res.resp.leerling_id == pid and res.resp.tenant_id == c.own.id,
                    "leerling_id %s tenant_id %s" % (res.resp.leerling_id, res.resp.tenant_id))
        out.append(("for %s" % case_label(c.role, c.ptenant, "pupil", tk, pk, c.world), casus_req(pid),
                    "OK" if pupil_visible(c, tk, pk) else "NOT_FOUND", chk))
    return out


def b_casus_step(method):
    Tq = R.M.thuis
    D = R.M.common.Date

    def req(cid):
        if method == "MarkThuiszittend":
            return Tq.MarkThuiszittendRequest(id=cid, datum=D(year=2017, month=2, day=1))
        if method == "CloseThuiszitterCasus":
            return Tq.CloseThuiszitterCasusRequest(id=cid, einddatum=D(year=2017, month=5, day=1), uitkomst=1)
        return Tq.UpdateThuiszitterCasusRequest(casus=Tq.ThuiszitterCasus(id=cid, interim_leerarrangement="matrix"),
                                                update_mask=["interim_leerarrangement"])

    def build(c):
        out = []
        for (tk, pk, pid), (_, _, cid) in zip(objects(c.world, "pupil"), per_casus(c)):
            if pupil_visible(c, tk, pk) and c.role in ("bestuur", "werkgebied"):
                cid = new_casus(c, tk, pid)  # it will change: a fresh one, dreigend
            out.append(("case of %s" % case_label(c.role, c.ptenant, "pupil", tk, pk, c.world), req(cid),
                        "OK" if pupil_visible(c, tk, pk) else "NOT_FOUND", None))
        out.append(("unknown id", req(R.new_uuid()), "NOT_FOUND", None))
        return out
    return build


# ---- the begroting (D43) ------------------------------------------------------------
_begroting = {}


def begroting_of(c, tk):
    """A concept version of schooljaar 2019-2020 of tenant tk with group lasten I and line M-1 (made once)."""
    if tk not in _begroting:
        G, bt = R.M.begroting, c.world[tk].tokens["bestuur"]
        v = R.must(c.cl.call(R.P_BEG + "CreateBegroting", G.CreateBegrotingRequest(schooljaar="2019-2020"), bt),
                   "CreateBegroting %s" % tk)
        R.must(c.cl.call(R.P_BEG + "UpsertBegrotingGroep", G.BegrotingGroep(begroting_id=v.id, sectie=3, groep="I"),
                         bt), "UpsertBegrotingGroep %s" % tk)
        r = R.must(c.cl.call(R.P_BEG + "UpsertBegrotingRegel", G.BegrotingRegel(
            begroting_id=v.id, sleutel="M-1", sectie=3, groep="I", omschrijving="matrix", volgorde=1,
            bedrag_cents=100), bt), "UpsertBegrotingRegel %s" % tk)
        _begroting[tk] = (v.id, r.regel_id)
    return _begroting[tk]


def per_begroting(make_req, own="OK", skip_own=False):
    """The tenant's own version (expect `own`; left out with skip_own, for steps that would change it),
    the other tenant's (NOT_FOUND) and an unknown id."""
    def build(c):
        out = []
        for tk in ("A", "B"):
            if skip_own and tk == c.ptenant:
                continue
            vid, rid = begroting_of(c, tk)
            out.append(("%s version" % ("own" if tk == c.ptenant else "other tenant's"), make_req(vid, rid),
                        own if tk == c.ptenant else "NOT_FOUND", None))
        out.append(("unknown id", make_req(R.new_uuid(), R.new_uuid()), "NOT_FOUND", None))
        return out
    return build


# ---- issue 9: toezicht's records and the jaarplan -------------------------------------------
# One object of each kind per tenant, made by its bestuur on first use: (tenant key, id).
_tz = {}
_volgorde = [1]  # agenda places of the fixture meetings (1: the fixture's own item)


def next_volgorde():
    _volgorde[0] += 1
    return _volgorde[0]


def tz_objects(c, kind):
    """[(tenant key, id)] of the fixture's rol, vergadering, agendapunt, risico, doel, perspectief
    or actie of both tenants (made once, by each tenant's bestuur)."""
    if not _tz:
        T, J, D = R.M.toezicht, R.M.jaarplan, R.M.common.Date
        for tk in ("A", "B"):
            bt = c.world[tk].tokens["bestuur"]

            def mk(method, req, what, tk=tk, bt=bt):
                return R.must(c.cl.call(method, req, bt), "%s %s" % (what, tk)).id
            d0 = D(year=2018, month=9, day=20)
            _tz.setdefault("rol", []).append((tk, mk("/passend.v1.Toezicht/CreateRol", T.CreateRolRequest(
                rol=T.Rol(persoon="matrix", orgaan="bestuur", functie="lid", start_date=d0)), "CreateRol")))
            v = mk("/passend.v1.Toezicht/CreateVergadering", T.CreateVergaderingRequest(vergadering=T.Vergadering(
                orgaan="opr", datum=d0, titel="matrix OPR")), "CreateVergadering")
            _tz.setdefault("vergadering", []).append((tk, v))
            _tz.setdefault("agendapunt", []).append((tk, mk("/passend.v1.Toezicht/CreateAgendapunt",
                                                            T.CreateAgendapuntRequest(agendapunt=T.Agendapunt(
                                                                vergadering_id=v, volgorde=1, onderwerp="matrix",
                                                                besluit="overig")), "CreateAgendapunt")))
            _tz.setdefault("risico", []).append((tk, mk("/passend.v1.Toezicht/CreateRisico", T.CreateRisicoRequest(
                risico=T.Risico(titel="matrix", kans=1, impact=1, vastgesteld_op=d0)), "CreateRisico")))
            d = mk("/passend.v1.Jaarplan/CreateDoel", J.CreateDoelRequest(doel=J.Doel(schooljaar="2018-2019",
                                                                                 titel="matrix")), "CreateDoel")
            _tz.setdefault("doel", []).append((tk, d))
            p = mk("/passend.v1.Jaarplan/CreatePerspectief", J.CreatePerspectiefRequest(
                perspectief=J.Perspectief(doel_id=d, naam="matrix")), "CreatePerspectief")
            _tz.setdefault("perspectief", []).append((tk, p))
            _tz.setdefault("actie", []).append((tk, mk("/passend.v1.Jaarplan/CreateActie", J.CreateActieRequest(
                actie=J.Actie(perspectief_id=p, code="M0", wat="matrix")), "CreateActie")))
    return _tz[kind]


def tz_list(kind, req_cls, field):
    """The List call of a toezicht or jaarplan kind shows exactly the caller's tenant's fixture object."""
    def build(c):
        rows = tz_objects(c, kind)
        return visible_rows_only(c, req_cls, field, set(oid for tk, oid in rows if tk == c.ptenant),
                                 set(oid for _, oid in rows), set(oid for tk, oid in rows if tk != c.ptenant))
    return build


def tz_each(kind, make_req):
    """A call on each tenant's fixture object: OK for the own one, NOT_FOUND for the other's and an unknown id."""
    def build(c):
        out = [("%s of %s" % (kind, "own tenant" if tk == c.ptenant else "other tenant %s" % tk), make_req(oid),
                "OK" if tk == c.ptenant else "NOT_FOUND", None) for tk, oid in tz_objects(c, kind)]
        out.append(("unknown id", make_req(R.new_uuid()), "NOT_FOUND", None))
        return out
    return build


def b_set_telling(c):
    t = R.M.thuis.ThuiszitterTelling(peildatum=R.M.common.Date(year=2017, month=3, day=15),
                                     categorie="absoluut_verzuim", aantal=3)

    def chk(res, c_):
        return (res.resp.tenant_id == c.own.id and res.resp.aantal == 3, "%r" % res.resp)
    return [("own tenant, without a gemeente split", R.M.thuis.SetThuiszitterTellingRequest(telling=t), "OK", chk)]


def b_set_verloop(c):
    D = R.M.common.Date
    v = R.M.thuis.ThuiszitterVerloop(van=D(year=2016, month=12, day=16), tot=D(year=2017, month=3, day=15),
                                     begin=3, nieuw=1, opgelost=1, actueel=3)

    def chk(res, c_):
        return (res.resp.tenant_id == c.own.id, "%r" % res.resp)
    return [("own tenant, without a gemeente split", R.M.thuis.SetThuiszitterVerloopRequest(verloop=v), "OK", chk)]


def own_tenant_rows(req, field):
    """A list of the own tenant's rows only (every row's tenant_id is the caller's)."""
    def build(c):
        def chk(res, c_):
            rows = getattr(res.resp, field)
            return (all(x.tenant_id == c.own.id for x in rows), "rows of another tenant: %r" % rows)
        return [("own tenant", req, "OK", chk)]
    return build


# ---- werkgebied budgets: per tenant (by its bestuur) tellingen on 2015-10-01,
# the budget of 2016-2017, a raise and a frictiepot draw and an uitgave per
# werkgebied; mutaties and uitgaven are visible exactly when their werkgebied is
_budget = {}


def budget_fixture(c):
    """{tenant key: {"budget": id, "mutatie": {wg key: [ids]}, "uitgave": {wg key: id}}}."""
    if _budget:
        return _budget
    Bq, D = R.M.budget, R.M.common.Date
    for tk in ("A", "B"):
        t, bt = c.world[tk], c.world[tk].tokens["bestuur"]
        for sk, n in (("s11", 100), ("s12", 50), ("s21", 70)):
            R.must(c.cl.call("/passend.v1.Bestuur/UpsertTelling", R.M.bestuur.Telling(
                school_id=t.school[sk], teldatum=D(year=2015, month=10, day=1), tel_wijze=1, aantal=n, onder_8=-1,
                so_categorie_1=-1, so_categorie_2=-1, so_categorie_3=-1), bt), "UpsertTelling %s %s" % (tk, sk))
        b = R.must(c.cl.call("/passend.v1.Werkgebied/CreateWerkgebiedBudget", Bq.CreateWerkgebiedBudgetRequest(
            budget=Bq.WerkgebiedBudget(schooljaar="2016-2017", totaal_cents=100000000, frictiepot_cents=1000000,
                                       teldatum=D(year=2015, month=10, day=1))), bt), "CreateWerkgebiedBudget %s" % tk)
        f = {"budget": b.id, "mutatie": {}, "uitgave": {}}
        for wk in ("wg1", "wg2"):
            f["mutatie"][wk] = [R.must(c.cl.call("/passend.v1.Werkgebied/" + m, mutatie_req(t.wg[wk]), bt),
                                       "%s %s %s" % (m, tk, wk)).id
                                for m in ("RaiseWerkgebiedBudget", "DrawFrictiepot")]
            f["uitgave"][wk] = R.must(c.cl.call("/passend.v1.Werkgebied/RecordBudgetUitgave", uitgave_req(t.wg[wk]),
                                                bt), "RecordBudgetUitgave %s %s" % (tk, wk)).id
        _budget[tk] = f
    return _budget


def mutatie_req(wg):
    return R.M.budget.BudgetMutatie(schooljaar="2016-2017", werkgebied_id=wg, bedrag_cents=1, toelichting="matrix",
                                    datum=R.M.common.Date(year=2016, month=11, day=1))


def uitgave_req(wg):
    return R.M.budget.RecordBudgetUitgaveRequest(uitgave=R.M.budget.BudgetUitgave(
        werkgebied_id=wg, bedrag_cents=2500, omschrijving="matrix", datum=R.M.common.Date(year=2016, month=11, day=2)))


def wg_visible(c, tk, wk):
    return c.role in ("bestuur", "werkgebied") and visible(c.role, c.ptenant, "wg", tk, wk, c.world)


def b_budget_get(c):
    f = budget_fixture(c)
    out = [("budget of %s" % tk, R.M.budget.GetWerkgebiedBudgetRequest(id=f[tk]["budget"]),
            "OK" if tk == c.ptenant else "NOT_FOUND", None) for tk in ("A", "B")]
    out.append(("unknown id", R.M.budget.GetWerkgebiedBudgetRequest(id=R.new_uuid()), "NOT_FOUND", None))
    return out


def b_budget_update(c):
    f = budget_fixture(c)
    Bq = R.M.budget
    return [("budget of %s" % tk, Bq.UpdateWerkgebiedBudgetRequest(
        budget=Bq.WerkgebiedBudget(id=f[tk]["budget"], toelichting="matrix"), update_mask=["toelichting"]),
        "OK" if tk == c.ptenant else "NOT_FOUND", None) for tk in ("A", "B")]


def b_budget_create(c):
    budget_fixture(c)  # the tellingen exist
    y = 2040 + R.next_n()
    return [("new school year", R.M.budget.CreateWerkgebiedBudgetRequest(budget=R.M.budget.WerkgebiedBudget(
        schooljaar="%d-%d" % (y, y + 1), totaal_cents=500000, teldatum=R.M.common.Date(year=2015, month=10, day=1))),
        "OK", lambda res, c_: (sum(v.aandeel_cents for v in res.resp.verdeling) == 500000, "%r" % res.resp))]


def b_budget_mutatie(method):
    def build(c):
        budget_fixture(c)
        return [("for %s" % case_label(c.role, c.ptenant, "wg", tk, wk, c.world), mutatie_req(wid),
                 "OK" if tk == c.ptenant else "NOT_FOUND", None) for tk, wk, wid in objects(c.world, "wg")]
    return build


def b_budget_uitgave(c):
    budget_fixture(c)
    return [("for %s" % case_label(c.role, c.ptenant, "wg", tk, wk, c.world), uitgave_req(wid),
             "OK" if tk == c.ptenant else "NOT_FOUND", None) for tk, wk, wid in objects(c.world, "wg")]


def budget_rows(kind, req):
    """A budget List shows exactly the fixture rows of the werkgebieden the caller may see."""
    def build(c):
        f = budget_fixture(c)
        rows = [(tk, wk, i) for tk in ("A", "B") for wk in ("wg1", "wg2")
                for i in (f[tk][kind][wk] if kind == "mutatie" else [f[tk][kind][wk]])]
        want = set(i for tk, wk, i in rows if wg_visible(c, tk, wk))
        every = set(i for _, _, i in rows)
        field = "mutaties" if kind == "mutatie" else "uitgaven"

        def chk(res, c_):
            got = set(x.id for x in getattr(res.resp, field))
            bad = [x.tenant_id for x in getattr(res.resp, field) if x.tenant_id != c.own.id]
            if bad:
                return False, "rows of other tenants"
            return (got & every) == want, "fixture rows %s, want exactly %s" % (sorted(got & every), sorted(want))
        return [("visible rows only", req(), "OK", chk)]
    return build


def b_budget_report(c):
    budget_fixture(c)
    every = set(w for _, _, w in objects(c.world, "wg"))
    want = set(w for tk, wk, w in objects(c.world, "wg")
               if tk == c.ptenant and (c.role != "werkgebied" or wk == "wg1"))

    def chk(res, c_):
        got = set(r.werkgebied_id for r in res.resp.per_werkgebied)
        return (got & every) == want, "werkgebieden %s, want %s" % (sorted(got & every), sorted(want))
    return [("2016-2017 T2", R.M.rapportage.GetWerkgebiedBudgetReportRequest(schooljaar="2016-2017", trimester=2),
             "OK", chk)]
def b_list_begrotingen(c):
    own = begroting_of(c, c.ptenant)[0]
    other = begroting_of(c, "B" if c.ptenant == "A" else "A")[0]

    def chk(res, c_):
        ids = set(v.id for v in res.resp.begrotingen)
        return (own in ids and other not in ids and all(v.tenant_id == c.own.id for v in res.resp.begrotingen),
                "ids %s" % sorted(ids))
    return [("own tenant's versions only", R.M.begroting.ListBegrotingenRequest(page=page_all()), "OK", chk)]
def tz_new(make_req):
    """A create with a fresh name."""
    return lambda c: [("new", make_req("matrix %d" % R.next_n()), "OK", None)]


def tz_builders():
    T, J, D = R.M.toezicht, R.M.jaarplan, R.M.common.Date
    d0 = D(year=2018, month=9, day=20)
    return {
        "/passend.v1.Toezicht/CreateRol": tz_new(lambda n: T.CreateRolRequest(rol=T.Rol(
            persoon=n, orgaan="opr", functie="lid", start_date=d0))),
        "/passend.v1.Toezicht/ListRollen": tz_list("rol", T.ListRollenRequest, "rollen"),
        "/passend.v1.Toezicht/UpdateRol": tz_each("rol", lambda i: T.UpdateRolRequest(
            rol=T.Rol(id=i, functie="matrix"), update_mask=["functie"])),
        "/passend.v1.Toezicht/CreateVergadering": tz_new(lambda n: T.CreateVergaderingRequest(
            vergadering=T.Vergadering(orgaan="toezicht", datum=d0, titel=n))),
        "/passend.v1.Toezicht/GetVergadering": tz_each("vergadering", lambda i: T.GetVergaderingRequest(id=i)),
        "/passend.v1.Toezicht/ListVergaderingen": tz_list("vergadering", T.ListVergaderingenRequest,
                                                          "vergaderingen"),
        "/passend.v1.Toezicht/CreateAgendapunt": tz_each("vergadering", lambda i: T.CreateAgendapuntRequest(
            agendapunt=T.Agendapunt(vergadering_id=i, volgorde=next_volgorde(), onderwerp="matrix"))),
        "/passend.v1.Toezicht/ListAgendapunten": tz_list("agendapunt", T.ListAgendapuntenRequest, "agendapunten"),
        # aangehouden is not final: every allowed call may record it again
        "/passend.v1.Toezicht/RecordBesluit": tz_each("agendapunt", lambda i: T.RecordBesluitRequest(
            agendapunt_id=i, uitkomst="aangehouden")),
        "/passend.v1.Toezicht/CreateRisico": tz_new(lambda n: T.CreateRisicoRequest(risico=T.Risico(
            titel=n, kans=2, impact=2, vastgesteld_op=d0))),
        "/passend.v1.Toezicht/ListRisicos": tz_list("risico", T.ListRisicosRequest, "risicos"),
        "/passend.v1.Toezicht/UpdateRisico": tz_each("risico", lambda i: T.UpdateRisicoRequest(
            risico=T.Risico(id=i, kans=3), update_mask=["kans"])),
        "/passend.v1.Toezicht/GetDashboard": lambda c: [
            ("2018-2019 T2", T.GetDashboardRequest(schooljaar="2018-2019", trimester=2), "OK",
             lambda res, c_: ([s.naam for s in res.resp.secties] == ["kpi", "kengetallen", "begroting", "werkgebied_budget", "tlv",
                                                                  "deelname", "risico"],
                              "sections %r" % [s.naam for s in res.resp.secties]))],
        "/passend.v1.Jaarplan/CreateDoel": tz_new(lambda n: J.CreateDoelRequest(doel=J.Doel(
            schooljaar="2018-2019", titel=n))),
        "/passend.v1.Jaarplan/ListDoelen": tz_list("doel", J.ListDoelenRequest, "doelen"),
        "/passend.v1.Jaarplan/CreatePerspectief": tz_each("doel", lambda i: J.CreatePerspectiefRequest(
            perspectief=J.Perspectief(doel_id=i, naam="matrix %d" % R.next_n()))),
        "/passend.v1.Jaarplan/ListPerspectieven": tz_list("perspectief", J.ListPerspectievenRequest,
                                                          "perspectieven"),
        "/passend.v1.Jaarplan/CreateActie": tz_each("perspectief", lambda i: J.CreateActieRequest(
            actie=J.Actie(perspectief_id=i, code="M%d" % R.next_n(), wat="matrix"))),
        "/passend.v1.Jaarplan/ListActies": tz_list("actie", J.ListActiesRequest, "acties"),
        "/passend.v1.Jaarplan/UpdateActie": tz_each("actie", lambda i: J.UpdateActieRequest(
            actie=J.Actie(id=i, wie="matrix"), update_mask=["wie"])),
        "/passend.v1.Jaarplan/RecordKpiMeting": tz_each("actie", lambda i: J.RecordKpiMetingRequest(
            meting=J.KpiMeting(actie_id=i, trimester=1, waarde="1"))),
        "/passend.v1.Jaarplan/GetJaarplanVoortgang": lambda c: [
            ("2018-2019", J.GetJaarplanVoortgangRequest(schooljaar="2018-2019"), "OK", None)],
    }


def b_health(c):
    return [("server", R.M.health.HealthCheckRequest(), "OK", None)]


def b_info(c):
    return [("info", R.M.platform.GetServerInfoRequest(), "OK", None)]


def b_watch(c):
    return [("count 1", R.M.platform.WatchServerInfoRequest(count=1, interval_ms=10), "OK",
             lambda res, c_: (len(res.resp) == 1, "%d messages" % len(res.resp)))]


def builders():
    W, Bs, Tz, G = R.M.werkgebied, R.M.bestuur, R.M.toezicht, R.M.begroting
    return {
        "/grpc.health.v1.Health/Check": b_health,
        "/passend.v1.Platform/GetServerInfo": b_info,
        "/passend.v1.Platform/WatchServerInfo": b_watch,
        "/passend.v1.Tenancy/CreateTenant": b_create_tenant,
        "/passend.v1.Tenancy/GetTenant": b_get_tenant,
        "/passend.v1.Tenancy/ListTenants": b_list_tenants,
        "/passend.v1.Tenancy/UpdateTenant": b_update_tenant,
        "/passend.v1.Tenancy/CreateToken": b_create_token,
        "/passend.v1.Tenancy/ListTokens": b_list_tokens,
        "/passend.v1.Tenancy/RevokeToken": b_revoke_token,
        "/passend.v1.Tenancy/WhoAmI": b_whoami,
        "/passend.v1.Tenancy/ListAuditEvents": b_list_audit,
        "/passend.v1.Bestuur/CreateSchool": b_create_school,
        "/passend.v1.Bestuur/GetSchool": get_cases("school", Bs.GetSchoolRequest),
        "/passend.v1.Bestuur/ListSchools": list_cases("school", Bs.ListSchoolsRequest, "schools"),
        "/passend.v1.Toezicht/CreateLid": b_create_lid,
        "/passend.v1.Toezicht/GetLid": get_cases("lid", Tz.GetLidRequest),
        "/passend.v1.Toezicht/ListLeden": list_cases("lid", Tz.ListLedenRequest, "leden"),
        "/passend.v1.Werkgebied/CreateWerkgebied": b_create_wg,
        "/passend.v1.Werkgebied/GetWerkgebied": get_cases("wg", W.GetWerkgebiedRequest),
        "/passend.v1.Werkgebied/ListWerkgebieden": list_cases("wg", W.ListWerkgebiedenRequest, "werkgebieden"),
        "/passend.v1.Werkgebied/CreateLeerling": b_create_leerling,
        "/passend.v1.Werkgebied/GetLeerling": get_cases("pupil", W.GetLeerlingRequest),
        "/passend.v1.Werkgebied/ListLeerlingen": list_cases("pupil", W.ListLeerlingenRequest, "leerlingen"),
        # issue 4
        "/passend.v1.Bestuur/UpdateSchool": b_update_school,
        "/passend.v1.Bestuur/DeactivateSchool": other_tenant_objects(
            "school", lambda i: Bs.DeactivateRequest(id=i)),
        "/passend.v1.Bestuur/CreateSchoolbestuur": b_create_bestuur,
        "/passend.v1.Bestuur/GetSchoolbestuur": unknown_id(Bs.GetByIdRequest),
        "/passend.v1.Bestuur/ListSchoolbesturen": own_rows(Bs.ListSchoolbesturenRequest, "schoolbesturen"),
        "/passend.v1.Bestuur/UpdateSchoolbestuur": b_update_by_unknown(
            Bs.UpdateSchoolbestuurRequest, "schoolbestuur", Bs.Schoolbestuur, "name"),
        "/passend.v1.Bestuur/DeactivateSchoolbestuur": unknown_id(Bs.DeactivateRequest),
        "/passend.v1.Bestuur/CreateGemeente": b_create_gemeente,
        "/passend.v1.Bestuur/GetGemeente": unknown_id(Bs.GetByIdRequest),
        "/passend.v1.Bestuur/ListGemeenten": own_rows(Bs.ListGemeentenRequest, "gemeenten"),
        "/passend.v1.Bestuur/UpdateGemeente": b_update_by_unknown(
            Bs.UpdateGemeenteRequest, "gemeente", Bs.Gemeente, "name"),
        "/passend.v1.Bestuur/DeactivateGemeente": unknown_id(Bs.DeactivateRequest),
        "/passend.v1.Bestuur/ListHerkomstTypes": lambda c: [
            ("effective list", Bs.ListHerkomstTypesRequest(), "OK",
             lambda res, c_: (len(res.resp.types) >= 9, "%d types, want the 9 defaults" % len(res.resp.types)))],
        "/passend.v1.Bestuur/UpsertHerkomstType": b_upsert_herkomst,
        "/passend.v1.Bestuur/UpsertTelling": b_upsert_telling,
        "/passend.v1.Bestuur/ListTellingen": own_rows(Bs.ListTellingenRequest, "tellingen"),
        "/passend.v1.Bestuur/StartImport": b_start_import,
        "/passend.v1.Bestuur/ImportChunk": lambda c: [
            ("unknown import", Bs.ImportChunkRequest(import_id=R.new_uuid(), first_line=2, rows="1,x\n"),
             "NOT_FOUND", None)],
        "/passend.v1.Bestuur/FinishImport": unknown_id(Bs.FinishImportRequest, "import_id"),
        "/passend.v1.Bestuur/SubmitTlvAanvraag": b_submit_tlv,
        # valid bodies, so the unknown tlv_id (not the body) decides the answer
        "/passend.v1.Bestuur/RecordAdvies": lambda c: [("unknown id", Bs.RecordAdviesRequest(
            tlv_id=R.new_uuid(), experts=[Bs.Expert(name="A", discipline="orthopedagoog"),
                                          Bs.Expert(name="B", discipline="psycholoog")]),
            "NOT_FOUND", None)],
        "/passend.v1.Bestuur/DecideTlv": unknown_id(Bs.DecideTlvRequest, "tlv_id"),
        "/passend.v1.Bestuur/RecordBezwaar": unknown_id(Bs.RecordBezwaarRequest, "tlv_id"),
        "/passend.v1.Bestuur/DecideBezwaar": lambda c: [("unknown id", Bs.DecideBezwaarRequest(
            tlv_id=R.new_uuid(), gehandhaafd=True,
            datum=R.M.common.Date(year=2017, month=1, day=10)), "NOT_FOUND", None)],
        "/passend.v1.Bestuur/Herbeoordeel": lambda c: [("unknown id", Bs.HerbeoordeelRequest(
            tlv_id=R.new_uuid(), uitkomst="beeindigd",
            datum=R.M.common.Date(year=2017, month=1, day=10)), "NOT_FOUND", None)],
        "/passend.v1.Bestuur/GetTlv": unknown_id(Bs.GetByIdRequest),
        "/passend.v1.Bestuur/ListTlvs": b_tlv_list,
        "/passend.v1.Werkgebied/UpdateWerkgebied": other_tenant_objects(
            "wg", lambda i: W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(id=i, name="matrix"),
                                                      update_mask=["name"])),
        "/passend.v1.Werkgebied/DeactivateWerkgebied": other_tenant_objects(
            "wg", lambda i: W.DeactivateWerkgebiedRequest(id=i)),
        "/passend.v1.Rapportage/GetDeelnameReport": lambda c: [
            ("whole SWV", R.M.rapportage.GetDeelnameReportRequest(per_gemeente=True, per_bestuur=True), "OK", None)],
        "/passend.v1.Rapportage/GetTlvReport": lambda c: [
            ("2016-2017 T2", R.M.rapportage.GetTlvReportRequest(schooljaar="2016-2017", trimester=2), "OK", None)],
        "/passend.v1.Rapportage/GetArrangementReport": lambda c: [
            ("2016-2017 T2", R.M.rapportage.GetArrangementReportRequest(schooljaar="2016-2017", trimester=2), "OK",
             None)],
        "/passend.v1.Rapportage/GetMdoReport": lambda c: [
            ("2016-2017 T2", R.M.rapportage.GetMdoReportRequest(schooljaar="2016-2017", trimester=2), "OK", None)],
        "/passend.v1.Rapportage/SetLandelijkPercentage": b_set_landelijk,
        "/passend.v1.Rapportage/ListLandelijkePercentages": lambda c: [
            ("all", R.M.rapportage.ListLandelijkePercentagesRequest(), "OK", None)],
        # issue 8
        "/passend.v1.Werkgebied/ListLijstWaarden": lambda c: [
            ("effective lists", R.M.lijsten.ListLijstWaardenRequest(), "OK",
             lambda res, c_: (len(res.resp.waarden) >= 18, "%d values, want the 18 defaults" % len(res.resp.waarden)))],
        "/passend.v1.Werkgebied/UpsertLijstWaarde": lambda c: [
            ("own ondersteuningscategorie", R.M.lijsten.LijstWaarde(soort=1, code="matrix", label="Matrix"), "OK",
             lambda res, c_: (res.resp.code == "matrix" and res.resp.active, "%r" % res.resp))],
        "/passend.v1.Werkgebied/DeactivateLijstWaarde": lambda c: [
            ("unknown code", R.M.lijsten.DeactivateLijstWaardeRequest(soort=3, code="niv_9"), "NOT_FOUND", None),
            ("default ivm_vo", R.M.lijsten.DeactivateLijstWaardeRequest(soort=3, code="ivm_vo"), "OK",
             lambda res, c_: (not res.resp.active, "still active"))],
        "/passend.v1.Werkgebied/RecordToestemming": b_record_toestemming,
        "/passend.v1.Werkgebied/GetToestemming": per_pupil_get("toestemming", R.M.vragen.GetToestemmingRequest),
        "/passend.v1.Werkgebied/ListToestemmingen": per_pupil_list(
            "toestemming", R.M.vragen.ListToestemmingenRequest, "toestemmingen"),
        "/passend.v1.Werkgebied/WithdrawToestemming": b_withdraw_toestemming,
        "/passend.v1.Werkgebied/CreateOndersteuningsvraag": b_create_vraag,
        "/passend.v1.Werkgebied/GetOndersteuningsvraag": per_pupil_get(
            "vraag", R.M.vragen.GetOndersteuningsvraagRequest),
        "/passend.v1.Werkgebied/ListOndersteuningsvragen": per_pupil_list(
            "vraag", R.M.vragen.ListOndersteuningsvragenRequest, "vragen"),
        "/passend.v1.Werkgebied/RequestArrangement": b_request_arrangement,
        **{"/passend.v1.Werkgebied/" + m: b_arrangement_step(m) for m in ARR_PATH},
        "/passend.v1.Werkgebied/GetArrangement": per_pupil_get("arrangement", R.M.arr.GetArrangementRequest),
        "/passend.v1.Werkgebied/ListArrangementen": per_pupil_list(
            "arrangement", R.M.arr.ListArrangementenRequest, "arrangementen"),
        "/passend.v1.Werkgebied/CreateMdo": b_create_mdo,
        "/passend.v1.Werkgebied/GetMdo": per_pupil_get("mdo", R.M.mdo.GetMdoRequest),
        "/passend.v1.Werkgebied/ListMdos": per_pupil_list("mdo", R.M.mdo.ListMdosRequest, "mdos"),
        "/passend.v1.Werkgebied/SetThuiszitterTelling": b_set_telling,
        "/passend.v1.Werkgebied/ListThuiszitterTellingen": own_tenant_rows(
            R.M.thuis.ListThuiszitterTellingenRequest(), "tellingen"),
        "/passend.v1.Werkgebied/SetThuiszitterVerloop": b_set_verloop,
        "/passend.v1.Werkgebied/ListThuiszitterVerloop": own_tenant_rows(
            R.M.thuis.ListThuiszitterVerloopRequest(), "verloop"),
        "/passend.v1.Werkgebied/CreateThuiszitterCasus": b_create_casus,
        "/passend.v1.Werkgebied/GetThuiszitterCasus": per_pupil_get("casus", R.M.thuis.GetThuiszitterCasusRequest),
        "/passend.v1.Werkgebied/ListThuiszitterCasussen": per_pupil_list(
            "casus", R.M.thuis.ListThuiszitterCasussenRequest, "casussen"),
        **{"/passend.v1.Werkgebied/" + m: b_casus_step(m) for m in (
            "UpdateThuiszitterCasus", "MarkThuiszittend", "CloseThuiszitterCasus")},
        "/passend.v1.Rapportage/GetThuiszitterReport": lambda c: [
            ("2016-2017 T2", R.M.rapportage.GetThuiszitterReportRequest(schooljaar="2016-2017", trimester=2), "OK",
             None)],
        # werkgebied budgets
        "/passend.v1.Werkgebied/CreateWerkgebiedBudget": b_budget_create,
        "/passend.v1.Werkgebied/GetWerkgebiedBudget": b_budget_get,
        "/passend.v1.Werkgebied/ListWerkgebiedBudgetten": own_rows(
            R.M.budget.ListWerkgebiedBudgettenRequest, "budgetten"),
        "/passend.v1.Werkgebied/UpdateWerkgebiedBudget": b_budget_update,
        "/passend.v1.Werkgebied/RaiseWerkgebiedBudget": b_budget_mutatie("RaiseWerkgebiedBudget"),
        "/passend.v1.Werkgebied/DrawFrictiepot": b_budget_mutatie("DrawFrictiepot"),
        "/passend.v1.Werkgebied/ListBudgetMutaties": budget_rows("mutatie", lambda: R.M.budget.ListBudgetMutatiesRequest(
            schooljaar="2016-2017", page=page_all())),
        "/passend.v1.Werkgebied/RecordBudgetUitgave": b_budget_uitgave,
        "/passend.v1.Werkgebied/ListBudgetUitgaven": budget_rows("uitgave", lambda: R.M.budget.ListBudgetUitgavenRequest(
            page=page_all())),
        "/passend.v1.Rapportage/GetWerkgebiedBudgetReport": b_budget_report,
        # issue 9: the begroting
        "/passend.v1.Begroting/CreateBegroting": lambda c: [
            ("new version", G.CreateBegrotingRequest(schooljaar="2020-2021"), "OK",
             lambda res, c_: (res.resp.tenant_id == c.own.id, "tenant_id %s" % res.resp.tenant_id))],
        "/passend.v1.Begroting/GetBegroting": per_begroting(lambda v, r: G.GetBegrotingRequest(id=v)),
        "/passend.v1.Begroting/ListBegrotingen": b_list_begrotingen,
        "/passend.v1.Begroting/UpsertBegrotingGroep": per_begroting(
            lambda v, r: G.BegrotingGroep(begroting_id=v, sectie=3, groep="II", kop="matrix")),
        "/passend.v1.Begroting/UpsertBegrotingRegel": per_begroting(lambda v, r: G.BegrotingRegel(
            begroting_id=v, sleutel="M-2", sectie=3, groep="I", omschrijving="matrix", volgorde=2)),
        "/passend.v1.Begroting/DeleteBegrotingRegel": per_begroting(
            lambda v, r: G.DeleteBegrotingRegelRequest(begroting_id=v, regel_id=r), skip_own=True),
        "/passend.v1.Begroting/SubmitBegroting": per_begroting(
            lambda v, r: G.BegrotingStapRequest(id=v, datum=R.M.common.Date(year=2019, month=6, day=1)),
            skip_own=True),
        "/passend.v1.Begroting/ApproveBegroting": per_begroting(
            lambda v, r: G.BegrotingStapRequest(id=v, datum=R.M.common.Date(year=2019, month=7, day=1)),
            own="FAILED_PRECONDITION"),
        "/passend.v1.Begroting/SetPrognose": lambda c: [
            ("own line", G.Prognose(schooljaar="2019-2020", sleutel="M-1", bedrag_cents=5)
             if begroting_of(c, c.ptenant) else None, "OK", None),
            ("unknown line", G.Prognose(schooljaar="2019-2020", sleutel="nope", bedrag_cents=5), "NOT_FOUND", None)],
        "/passend.v1.Begroting/ListPrognoses": lambda c: [
            ("2019-2020", G.ListPrognosesRequest(schooljaar="2019-2020"), "OK", None)],
        "/passend.v1.Begroting/UpsertOverdrachtTarief": lambda c: [
            ("new rate", G.OverdrachtTarief(schooljaar="2019-2020", soort="matrix", bedrag_per_leerling_cents=100,
                                            teldatum=R.M.common.Date(year=2018, month=10, day=1)), "OK", None)],
        "/passend.v1.Begroting/ListOverdrachtTarieven": lambda c: [
            ("2019-2020", G.ListOverdrachtTarievenRequest(schooljaar="2019-2020"), "OK", None)],
        "/passend.v1.Begroting/GetOverdrachtSchema": lambda c: [
            ("2019-2020", G.GetOverdrachtSchemaRequest(schooljaar="2019-2020"), "OK", None)],
        "/passend.v1.Begroting/GetSboRegime": lambda c: [
            ("2019", G.GetSboRegimeRequest(datum=R.M.common.Date(year=2019, month=10, day=1)), "OK", None)],
        "/passend.v1.Rapportage/GetBegrotingReport": lambda c: [
            ("own version", R.M.rapportage.GetBegrotingReportRequest(
                schooljaar="2019-2020", tot=R.M.common.Date(year=2020, month=3, day=31))
             if begroting_of(c, c.ptenant) else None, "OK",
             lambda res, c_: (res.resp.begroting_id == begroting_of(c, c.ptenant)[0], "begroting_id %s"
                              % res.resp.begroting_id))],
        **tz_builders(),
        # a year without accounts in either tenant: NOT_FOUND for the roles that may read
        "/passend.v1.Bestuur/PutJaarrekening": b_put_jaarrekening,
        "/passend.v1.Bestuur/GetJaarrekening": lambda c: [
            ("a year without accounts", R.M.jaarrekening.GetJaarrekeningRequest(jaar=2099), "NOT_FOUND", None)],
        "/passend.v1.Bestuur/ListJaarrekeningRubrieken": lambda c: [
            ("all", R.M.jaarrekening.ListJaarrekeningRubriekenRequest(), "OK",
             lambda res, c_: (len(res.resp.rubrieken) == 22, "%d rubrieken" % len(res.resp.rubrieken)))],
        "/passend.v1.Rapportage/GetJaarverslag": lambda c: [
            ("a year without accounts", R.M.jaarrekening.GetJaarverslagRequest(jaar=2099), "NOT_FOUND", None)],
        "/passend.v1.Rapportage/SetKengetalDefinitie": lambda c: [
            ("a new kengetal", R.M.jaarrekening.KengetalDefinitie(
                kengetal="matrix_ratio", geldig_vanaf=2099, naam="Matrix", teller=["eigen_vermogen"],
                noemer=["passiva"], factor=1, eenheid="ratio"), "OK", None)],
        "/passend.v1.Rapportage/ListKengetalDefinities": lambda c: [
            ("all", R.M.jaarrekening.ListKengetalDefinitiesRequest(), "OK",
             lambda res, c_: (len(res.resp.definities) >= 10, "%d definities" % len(res.resp.definities)))],
        "/passend.v1.Rapportage/SetGrootteklasse": lambda c: [
            ("2099 klein", R.M.jaarrekening.Grootteklasse(geldig_vanaf=2099, grootteklasse="klein"), "OK", None)],
        "/passend.v1.Rapportage/ListGrootteklassen": lambda c: [
            ("all", R.M.jaarrekening.ListGrootteklassenRequest(), "OK",
             lambda res, c_: (len(res.resp.grootteklassen) >= 3, "%d" % len(res.resp.grootteklassen)))],
        "/passend.v1.Rapportage/SetSignaleringswaarde": lambda c: [
            ("liquiditeit 2099", R.M.jaarrekening.Signaleringswaarde(kengetal="liquiditeit", geldig_vanaf=2099,
                                                                    ondergrens="1.00"), "OK", None)],
        "/passend.v1.Sync/UpsertRecords": b_upsert_records,
        "/passend.v1.Rapportage/ListSignaleringswaarden": lambda c: [
            ("all", R.M.jaarrekening.ListSignaleringswaardenRequest(), "OK",
             lambda res, c_: (len(res.resp.signaleringswaarden) >= 9, "%d" % len(res.resp.signaleringswaarden)))],
        # a school year without figures: NOT_FOUND; the texts, freeze and published figures of a
        # tenant's own report (another tenant's never show: RLS and the statements' swv_id)
        "/passend.v1.Rapportage/GetTrimesterReport": lambda c: [
            ("a year without figures", RT().GetTrimesterReportRequest(schooljaar="2099-2100", trimester=1),
             "NOT_FOUND", None)],
        "/passend.v1.Rapportage/AddTrimesterTekst": lambda c: [
            ("a text", RT().AddTrimesterTekstRequest(schooljaar="2097-2098", trimester=1, sectie="regionaal",
                                                     soort="conclusies", tekst="matrix " + c.ptenant), "OK",
             lambda res, c_: (res.resp.tekst == "matrix " + c_.ptenant, res.resp.tekst))],
        "/passend.v1.Rapportage/ListTrimesterTeksten": lambda c: [
            ("own texts only", RT().ListTrimesterTekstenRequest(schooljaar="2097-2098", trimester=1), "OK",
             lambda res, c_: (all(t.tekst == "matrix " + c_.ptenant for t in res.resp.teksten),
                              "texts %r" % [t.tekst for t in res.resp.teksten]))],
        "/passend.v1.Rapportage/VaststellenTrimesterReport": lambda c: [
            ("an empty year", RT().VaststellenTrimesterReportRequest(
                schooljaar="2098-2099", trimester=1, datum=R.M.common.Date(year=2098, month=12, day=1)), "OK", None)],
        "/passend.v1.Rapportage/SetTrimesterGepubliceerd": lambda c: [
            ("a published figure", RT().SetTrimesterGepubliceerdRequest(cijfer=RT().TrimesterGepubliceerd(
                schooljaar="2097-2098", trimester=1, sectie="regionaal", tabel="mdo_kenmerken", rij="mdos",
                kolom="T1", waarde="3")), "OK", None)],
        # the stream never ends by itself: a malformed cursor ends it at once for the roles allowed
        "/passend.v1.Sync/WatchChanges": lambda c: [
            ("a malformed cursor", R.M.sync_feed.WatchChangesRequest(since="x"), "INVALID_ARGUMENT", None)],
    }


def RT():
    """The generated module of rapportage_trimester.proto."""
    from passend.v1 import rapportage_trimester_pb2
    return rapportage_trimester_pb2


def main():
    a = scenario.parse_args()
    R.load(a.src, a.out)
    try:  # with the server's settings
        methods = R.passendd_methods(a.build, ["--db=" + a.db,
                                               "--migrations_dir=" + os.path.join(a.src, "sql", "migrations")])
    except RuntimeError as e:
        check("passendd methods", False, str(e))
        return 1
    check("passendd methods exits 0", True)
    check("passendd methods lists methods", len(methods) > 0, "empty")
    table = builders()

    # 1. the method table against the contract and this file
    paths = [m["path"] for m in methods]
    for m in methods:
        p = m["path"]
        check("%s has a request builder in the matrix" % p, p in table,
              "no builder: add the new RPC to tests/integration/isolation_matrix.py")
        want = ALLOWED.get(p)
        got_roles = sorted(r.lower() for r in m.get("roles", []))
        want_roles = [] if want == "public" else sorted(want or [])
        check("%s roles %s" % (p, want_roles), want is not None and got_roles == want_roles,
              "passendd methods says %s" % got_roles)
        check("%s pupil_level=%s" % (p, p in PUPIL_LEVEL),
              bool(m.get("pupil_level")) == (p in PUPIL_LEVEL), "got %r" % m.get("pupil_level"))
        try:
            req_c, _, streaming = R.method_types(p)
            check("%s request type and streaming match the .proto" % p,
                  req_c.DESCRIPTOR.full_name == m.get("request") and bool(m.get("streaming")) == streaming,
                  "request %r streaming %r" % (m.get("request"), m.get("streaming")))
        except Exception as e:  # noqa: BLE001
            check("%s is in the .proto files" % p, False, str(e))
    for p in sorted(set(ALLOWED) - set(paths)):
        check("%s is served" % p, False, "missing from passendd methods")

    cl = R.Client(a.server, a.ca)
    world = R.checked_world(cl, a.admin_token)
    if world is None:
        return 1

    principals = [("none", None, None), ("admin", "A", a.admin_token)]
    for tk in ("A", "B"):
        for role in ("bestuur", "toezicht", "werkgebied", "school"):
            principals.append((role, tk, world[tk].tokens[role]))

    # reads first (Lists compare with the fixture), creates after
    def order(p):
        name = p.rsplit("/", 1)[1]
        return (1 if name.startswith(("Create", "Update", "Revoke", "Deactivate", "Upsert", "Submit", "Set", "Put",
                                      "Record", "Decide", "Herbeoordeel", "Start", "Import", "Finish",
                                      "Withdraw"))
                else 0, p)

    counts = {}
    t0 = time.monotonic()
    for p in sorted((p for p in paths if p in table), key=order):
        allowed = ALLOWED.get(p, set())
        for role, tk, tok in principals:
            c = Ctx(world, role if role != "none" else "admin", tk or "A", a.admin_token, cl)
            c.role = role
            try:
                cases = table[p](c)
            except R.SetupError as e:
                check("%s as %s: building the request" % (p, role), False, str(e))
                continue
            for cname, req, exp_allowed, chk in cases:
                if allowed == "public":
                    exp = "OK"
                elif role == "none":
                    exp = "UNAUTHENTICATED"
                elif role not in allowed:
                    exp = "PERMISSION_DENIED"
                else:
                    exp = exp_allowed
                res = cl.call(p, req, tok)
                good = res.code == exp
                detail = "expected %s, got %r" % (exp, res)
                if good and exp == "OK" and chk is not None:
                    good, d = chk(res, c)
                    detail = "OK but " + d
                who = role if role in ("none", "admin") else "%s %s" % (tk, role)
                check("%s as %s, %s -> %s" % (p, who, cname, exp), good, detail)
                counts[exp] = counts.get(exp, 0) + 1
    cl.close()
    print("matrix: %d cases in %.1f s: %s" % (sum(counts.values()), time.monotonic() - t0,
          ", ".join("%s %d" % kv for kv in sorted(counts.items()))), flush=True)
    print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
    return scenario.exit_code()


if __name__ == "__main__":
    sys.exit(main())
