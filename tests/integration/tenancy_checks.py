#!/usr/bin/python3
# tenancy_checks: token, audit and bad-input checks of issue 3 against a
# running passendd (python grpcio), with row counts read by psql as the
# PostgreSQL superuser (the owner is itself subject to FORCE RLS).
#   --suite tokens     missing/malformed/unknown/wrong secret/expired/revoked ->
#                      UNAUTHENTICATED; revocation within 5 s on an open channel;
#                      the bootstrap token is stored as a hash, role admin, no tenant
#   --suite audit      one audit row per pupil-level call and admin action, with
#                      the right principal and outcome; ListAuditEvents per role
#   --suite bad_input  invalid/duplicate DUO code, unknown or foreign ids ->
#                      INVALID_ARGUMENT / ALREADY_EXISTS / NOT_FOUND, nothing written
# One line per check: "ok - ..." / "FAIL - ...". Run by tests/lib/run_py.sh
# (the common flags of tests/lib/scenario.py) plus --suite.
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as R  # noqa: E402
import scenario  # noqa: E402
from scenario import check  # noqa: E402

A = None
P_TEN, P_BES, P_TOE, P_WG = R.P_TEN, R.P_BES, R.P_TOE, R.P_WG
CODES = {"OK": 0, "INVALID_ARGUMENT": 3, "NOT_FOUND": 5, "ALREADY_EXISTS": 6, "PERMISSION_DENIED": 7,
         "UNAUTHENTICATED": 16}


def expect(res, code, name):
    check("%s -> %s" % (name, code), res.code == code, "got %r" % res)
    return res


def sql(q):
    """One value (or rows joined by newlines) from psql as superuser."""
    return scenario.psql(A.super_db, q)


def counts():
    return sql("SELECT (SELECT count(*) FROM platform.tenants) || '/' || (SELECT count(*) FROM platform.tokens)"
               " || '/' || (SELECT count(*) FROM bestuur.scholen) || '/' || (SELECT count(*) FROM toezicht.leden)"
               " || '/' || (SELECT count(*) FROM werkgebied.werkgebieden)"
               " || '/' || (SELECT count(*) FROM werkgebied.leerlingen)")


# ---- tokens -------------------------------------------------------------------------
def suite_tokens(cl, admin, world):
    W = R.M.tenancy.WhoAmIRequest()
    who = P_TEN + "WhoAmI"
    good = world["A"].tokens["bestuur"]
    expect(cl.call(who, W, good), "OK", "WhoAmI with a valid bestuur token")
    expect(cl.call(who, W), "UNAUTHENTICATED", "no authorization metadata")
    tid, secret = good.split(".", 1)
    # (RFC 9113 forbids trailing whitespace in a field value, so "Bearer "
    # would be a malformed HTTP/2 request, not a malformed token.)
    bad = [("empty bearer", [("authorization", "Bearer")]),
           ("Basic scheme", [("authorization", "Basic " + good)]),
           ("no scheme", [("authorization", good)]),
           ("no dot", [("authorization", "Bearer " + tid + secret)]),
           ("id not a uuid", [("authorization", "Bearer not-a-uuid." + secret)]),
           ("empty secret", [("authorization", "Bearer " + tid + ".")]),
           ("garbage", [("authorization", "Bearer \x01\x02garbage")]),
           ("two tokens", [("authorization", "Bearer " + good + " " + good)])]
    for name, md in bad:
        try:
            res = cl.call(who, W, metadata=md)
        except ValueError as e:  # grpcio refuses some header bytes itself
            check("malformed token (%s) not sendable: %s" % (name, e), True)
            continue
        expect(res, "UNAUTHENTICATED", "malformed token (%s)" % name)
    expect(cl.call(who, W, R.new_uuid() + "." + secret), "UNAUTHENTICATED", "unknown token id")
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    expect(cl.call(who, W, tid + "." + flipped), "UNAUTHENTICATED", "wrong secret (last char changed)")
    expect(cl.call(who, W, tid + "." + secret[:-4]), "UNAUTHENTICATED", "wrong secret (truncated)")
    expect(cl.call(who, W, tid + "." + secret + "x"), "UNAUTHENTICATED", "wrong secret (extended)")
    expect(cl.call(who, W, good), "OK", "the valid token still works after the bad ones")

    # the stored hash is not the secret
    row = sql("SELECT encode(secret_hash, 'hex') FROM platform.tokens WHERE id = '%s'" % tid)
    check("the database keeps a hash, not the secret",
          row and secret not in row and secret.encode().hex() not in row, row)

    # expiry: a token valid for a few seconds
    exp_at = time.time() + 4
    tok, info = R.create_token(cl, admin, "bestuur", world["A"].id, expires_at=exp_at, description="short")
    r = expect(cl.call(who, W, tok), "OK", "token expiring in 4 s works now")
    if r.code == "OK":
        check("WhoAmI shows expires_at", r.resp.expires_at.seconds == int(exp_at),
              "%d vs %d" % (r.resp.expires_at.seconds, int(exp_at)))
    time.sleep(max(0, exp_at - time.time()) + 2.5)  # expiry + auth cache (<= 2 s)
    expect(cl.call(who, W, tok), "UNAUTHENTICATED", "expired token")
    past = R.M.tenancy.CreateTokenRequest(role=2, tenant_id=world["A"].id)
    past.expires_at.seconds = int(time.time()) - 60
    res = cl.call(P_TEN + "CreateToken", past, admin)
    check("a token created already expired is refused or unusable",
          res.code in ("INVALID_ARGUMENT",) or (res.code == "OK" and
          cl.call(who, W, res.resp.token).code == "UNAUTHENTICATED"), repr(res))

    # revocation on an open channel that just made a successful call
    tok, info = R.create_token(cl, admin, "werkgebied", world["A"].id, [world["A"].wg["wg1"]],
                               description="to revoke")
    ch2 = R.Client(A.server, A.ca)
    first = ch2.call(who, W, tok)
    expect(first, "OK", "token to revoke works on its own channel")
    if first.code == "OK":
        check("WhoAmI token_id matches", first.resp.token_id == info.id, first.resp.token_id)
    rv = expect(cl.call(P_TEN + "RevokeToken", R.M.tenancy.RevokeTokenRequest(id=info.id), admin),
                "OK", "RevokeToken as admin")
    t0 = time.monotonic()
    last = None
    while time.monotonic() - t0 < 8:
        last = ch2.call(who, W, tok)
        if last.code == "UNAUTHENTICATED":
            break
        time.sleep(0.1)
    took = time.monotonic() - t0
    check("revoked token refused on the open channel within 5 s (%.1f s)" % took,
          last.code == "UNAUTHENTICATED" and took <= 5.0, repr(last))
    expect(ch2.call(P_WG + "ListWerkgebieden", R.M.werkgebied.ListWerkgebiedenRequest(), tok),
           "UNAUTHENTICATED", "revoked token on another method")
    ch2.close()
    if rv.code == "OK":
        check("RevokeToken returns revoked_at", rv.resp.revoked_at.seconds > 0)
    lst = cl.call(P_TEN + "ListTokens", R.M.tenancy.ListTokensRequest(tenant_id=world["A"].id), admin)
    if lst.code == "OK":
        check("ListTokens hides revoked tokens by default", info.id not in [t.id for t in lst.resp.tokens])
    lst = cl.call(P_TEN + "ListTokens", R.M.tenancy.ListTokensRequest(tenant_id=world["A"].id,
                                                                       include_revoked=True), admin)
    if lst.code == "OK":
        check("ListTokens include_revoked shows it", info.id in [t.id for t in lst.resp.tokens])
    expect(cl.call(P_TEN + "RevokeToken", R.M.tenancy.RevokeTokenRequest(id=R.new_uuid()), admin),
           "NOT_FOUND", "RevokeToken of an unknown id")
    # an admin token created through the API works; the bootstrap one too
    atok, _ = R.create_token(cl, admin, "admin", description="second admin")
    r = expect(cl.call(who, W, atok), "OK", "new admin token works")
    if r.code == "OK":
        check("admin WhoAmI: role ADMIN, no tenant", r.resp.role == 1 and r.resp.tenant_id == "")

    # the bootstrap token: an admin token stored by its id, with a hash only
    btid, bsecret = admin.split(".", 1)
    row = sql("SELECT role || '|' || (swv_id IS NULL) || '|' || encode(secret_hash, 'hex') "
              "FROM platform.tokens WHERE id = '%s'" % btid)
    check("bootstrap token stored as role admin without tenant", re.match(r"admin\|(t|true)\|", row),
          "no match for /^admin\\|(t|true)\\|/ in: %s" % row)
    if len(bsecret) >= 43:
        check("bootstrap secret has >= 256 bits (%d chars)" % len(bsecret), True)
    else:
        check("bootstrap secret length", False, "%d chars" % len(bsecret))
    check("bootstrap secret not stored in clear", bsecret not in row, row)


# ---- audit ----------------------------------------------------------------------------
def audit_rows_since(last_id):
    out = sql("SELECT coalesce(swv_id::text, '') || '|' || coalesce(token_id::text, '') || '|' || "
              "coalesce(role, '') || '|' || method || '|' || outcome || '|' || array_to_string(object_ids, ',') "
              "FROM platform.audit_log WHERE id > %d ORDER BY id" % last_id)
    return [line.split("|") for line in out.splitlines() if line]


def max_audit():
    return int(sql("SELECT coalesce(max(id), 0) FROM platform.audit_log"))


def suite_audit(cl, admin, world):
    a, b = world["A"], world["B"]
    admin_id = sql("SELECT id FROM platform.tokens WHERE role = 'admin' ORDER BY created_at LIMIT 1")
    GL, CL, LL = P_WG + "GetLeerling", P_WG + "CreateLeerling", P_WG + "ListLeerlingen"

    def one(name, path, req, token, code, role, token_id, swv, obj=None):
        m = max_audit()
        res = cl.call(path, req, token)
        check("%s -> %s" % (name, code), res.code == code, repr(res))
        rows = [r for r in audit_rows_since(m) if r[3] == path]
        check("%s: exactly one audit row for %s" % (name, path), len(rows) == 1, "%d rows: %s" % (len(rows), rows))
        if len(rows) == 1:
            r = rows[0]
            want = [swv, token_id, role, path, str(CODES[code])]
            if swv is None:  # admin: no tenant principal; the row's tenant is not prescribed
                want[0] = r[0]
            check("%s: audit row has tenant, token id, role, method, outcome %s" % (name, want[4]), r[:5] == want,
                  "got %s, want %s" % (r[:5], want))
            if obj:
                check("%s: audit row names object %s" % (name, obj), obj in r[5].split(","), "object_ids %s" % r[5])
        return res

    wt, wid = a.tokens["werkgebied"], a.token_ids["werkgebied"]
    one("GetLeerling in scope as werkgebied", GL, R.M.werkgebied.GetLeerlingRequest(id=a.pupil["p11"]),
        wt, "OK", "werkgebied", wid, a.id, a.pupil["p11"])
    one("GetLeerling out of scope as werkgebied (failed call)", GL,
        R.M.werkgebied.GetLeerlingRequest(id=a.pupil["p21"]), wt, "NOT_FOUND", "werkgebied", wid, a.id)
    one("GetLeerling of tenant B as A's bestuur (failed call)", GL,
        R.M.werkgebied.GetLeerlingRequest(id=b.pupil["p11"]), a.tokens["bestuur"], "NOT_FOUND", "bestuur",
        a.token_ids["bestuur"], a.id)
    one("GetLeerling as toezicht (denied call)", GL, R.M.werkgebied.GetLeerlingRequest(id=a.pupil["p11"]),
        a.tokens["toezicht"], "PERMISSION_DENIED", "toezicht", a.token_ids["toezicht"], a.id)
    res = one("CreateLeerling as school", CL, R.M.werkgebied.CreateLeerlingRequest(
        leerling=R.M.werkgebied.Leerling(school_id=a.school["s11"], source_system="audit",
                                         external_id="audit-1")),
        a.tokens["school"], "OK", "school", a.token_ids["school"], a.id)
    created = res.resp.id if res.code == "OK" else None
    one("ListLeerlingen as bestuur", LL, R.M.werkgebied.ListLeerlingenRequest(), a.tokens["bestuur"],
        "OK", "bestuur", a.token_ids["bestuur"], a.id)
    one("ListLeerlingen as B's werkgebied", LL, R.M.werkgebied.ListLeerlingenRequest(), b.tokens["werkgebied"],
        "OK", "werkgebied", b.token_ids["werkgebied"], b.id)
    one("CreateLeerling with invalid input (failed call)", CL, R.M.werkgebied.CreateLeerlingRequest(
        leerling=R.M.werkgebied.Leerling(school_id=a.school["s11"], source_system="", external_id="")),
        a.tokens["bestuur"], "INVALID_ARGUMENT", "bestuur", a.token_ids["bestuur"], a.id)

    # admin actions
    n = R.next_n()
    one("CreateTenant as admin", P_TEN + "CreateTenant", R.M.tenancy.CreateTenantRequest(
        tenant=R.M.tenancy.Tenant(name="Audit tenant", duo_code="VO %02d-%02d" % (70 + n % 20, n % 100),
                                  sector=2)), admin, "OK", "admin", admin_id, None)
    one("UpdateTenant as admin", P_TEN + "UpdateTenant", R.M.tenancy.UpdateTenantRequest(
        tenant=R.M.tenancy.Tenant(id=a.id, small_cell_threshold=6), update_mask=["small_cell_threshold"]),
        admin, "OK", "admin", admin_id, None, a.id)
    res = one("CreateToken as admin", P_TEN + "CreateToken", R.M.tenancy.CreateTokenRequest(
        role=2, tenant_id=a.id, description="audit"), admin, "OK", "admin", admin_id, None)
    if res.code == "OK":
        one("RevokeToken as admin", P_TEN + "RevokeToken",
            R.M.tenancy.RevokeTokenRequest(id=res.resp.token_info.id), admin, "OK", "admin", admin_id, None,
            res.resp.token_info.id)
    one("CreateTenant with a bad DUO code as admin (failed call)", P_TEN + "CreateTenant",
        R.M.tenancy.CreateTenantRequest(tenant=R.M.tenancy.Tenant(name="x", duo_code="PO 1", sector=1)),
        admin, "INVALID_ARGUMENT", "admin", admin_id, None)

    # ListAuditEvents: bestuur sees its tenant's events, admin all
    LA = P_TEN + "ListAuditEvents"
    big = R.M.common.PageRequest(page_size=1000)
    res = cl.call(LA, R.M.tenancy.ListAuditEventsRequest(method=GL, page=big), a.tokens["bestuur"])
    check("ListAuditEvents as A's bestuur", res.code == "OK", repr(res))
    if res.code == "OK":
        ev = res.resp.events
        check("bestuur sees only its own tenant's events", all(e.tenant_id == a.id for e in ev),
              sorted(set(e.tenant_id for e in ev)))
        check("method filter applies", all(e.method == GL for e in ev), sorted(set(e.method for e in ev)))
        wg = [e for e in ev if e.token_id == wid]
        check("A's werkgebied GetLeerling calls: one OK, one NOT_FOUND, role WERKGEBIED",
              len(wg) == 2 and sorted(e.outcome for e in wg) == [0, 5] and all(e.role == 4 for e in wg),
              [(e.outcome, e.role) for e in wg])
        check("events carry the pupil id as object id", any(a.pupil["p11"] in e.object_ids for e in wg))
        check("events carry their time", all(e.at.seconds > 0 for e in ev))
    res = cl.call(LA, R.M.tenancy.ListAuditEventsRequest(tenant_id=b.id, page=big), a.tokens["bestuur"])
    if res.code == "OK":
        check("bestuur asking for tenant B's events still gets only its own",
              all(e.tenant_id == a.id for e in res.resp.events))
    else:
        check("bestuur asking for B's events", res.code in ("NOT_FOUND", "PERMISSION_DENIED"), repr(res))
    res = cl.call(LA, R.M.tenancy.ListAuditEventsRequest(page=big), admin)
    check("ListAuditEvents as admin", res.code == "OK", repr(res))
    if res.code == "OK":
        ts = set(e.tenant_id for e in res.resp.events)
        check("admin sees events of both tenants", a.id in ts and b.id in ts, sorted(ts))
        check("admin sees its own CreateTenant events",
              any(e.method == P_TEN + "CreateTenant" and e.role == 1 for e in res.resp.events))
    res = cl.call(LA, R.M.tenancy.ListAuditEventsRequest(tenant_id=b.id, page=big), admin)
    if res.code == "OK":
        check("admin tenant_id filter gives tenant B's events only",
              res.resp.events and all(e.tenant_id == b.id for e in res.resp.events))
    for role in ("toezicht", "werkgebied", "school"):
        expect(cl.call(LA, R.M.tenancy.ListAuditEventsRequest(), a.tokens[role]), "PERMISSION_DENIED",
               "ListAuditEvents as %s" % role)
    # no audit row was ever changed: ids are dense from 1 (no DELETE), in order of time
    gaps = sql("SELECT count(*) FROM (SELECT at, lag(at) OVER (ORDER BY id) AS prev FROM platform.audit_log) x "
               "WHERE prev > at")
    check("audit rows are in time order", gaps == "0", gaps)
    if created:
        check("the audited CreateLeerling wrote its row",
              sql("SELECT count(*) FROM werkgebied.leerlingen WHERE id = '%s'" % created) == "1")


# ---- bad input ----------------------------------------------------------------------------
def suite_bad_input(cl, admin, world):
    a, b = world["A"], world["B"]
    Tn, Bs, Wg, Tz = R.M.tenancy, R.M.bestuur, R.M.werkgebied, R.M.toezicht

    def nothing(name, path, req, token, code):
        before = counts()
        res = cl.call(path, req, token)
        after = counts()
        check("%s -> %s" % (name, code), res.code == code, repr(res))
        check("%s: nothing written" % name, after == before, "counts %s -> %s" % (before, after))
        if res.code == code and code != "OK":
            check("%s: the error says why" % name, res.details != "")
        return res

    CT = P_TEN + "CreateTenant"
    for duo, sector in (("PO 2704", 1), ("XX 27-04", 1), ("", 1), ("PO 27-4", 1), ("po 27-04", 1),
                        ("PO 27-04 ", 1), ("VO 41-01", 1)):
        nothing("CreateTenant duo_code %r sector %d" % (duo, sector), CT,
                Tn.CreateTenantRequest(tenant=Tn.Tenant(name="Bad", duo_code=duo, sector=sector)),
                admin, "INVALID_ARGUMENT")
    nothing("CreateTenant with an empty name", CT,
            Tn.CreateTenantRequest(tenant=Tn.Tenant(name="", duo_code="PO 41-02", sector=1)), admin,
            "INVALID_ARGUMENT")
    nothing("CreateTenant with a duplicate DUO code", CT,
            Tn.CreateTenantRequest(tenant=Tn.Tenant(name="Again", duo_code=a.duo, sector=1)), admin,
            "ALREADY_EXISTS")
    nothing("UpdateTenant to another tenant's DUO code", P_TEN + "UpdateTenant",
            Tn.UpdateTenantRequest(tenant=Tn.Tenant(id=b.id, duo_code=a.duo, sector=1), update_mask=["duo_code"]),
            admin, "ALREADY_EXISTS")
    nothing("UpdateTenant of an unknown id", P_TEN + "UpdateTenant",
            Tn.UpdateTenantRequest(tenant=Tn.Tenant(id=R.new_uuid(), name="x"), update_mask=["name"]),
            admin, "NOT_FOUND")
    nothing("GetTenant of an unknown id", P_TEN + "GetTenant", Tn.GetTenantRequest(id=R.new_uuid()),
            admin, "NOT_FOUND")

    CK = P_TEN + "CreateToken"
    nothing("CreateToken werkgebied with an unknown scope id", CK, Tn.CreateTokenRequest(
        role=4, tenant_id=a.id, scope_ids=[R.new_uuid()]), admin, "NOT_FOUND")
    nothing("CreateToken werkgebied with tenant B's werkgebied as scope", CK, Tn.CreateTokenRequest(
        role=4, tenant_id=a.id, scope_ids=[a.wg["wg1"], b.wg["wg1"]]), admin, "NOT_FOUND")
    nothing("CreateToken school with a werkgebied id as scope", CK, Tn.CreateTokenRequest(
        role=5, tenant_id=a.id, scope_ids=[a.wg["wg1"]]), admin, "NOT_FOUND")
    nothing("CreateToken school with tenant B's school as scope", CK, Tn.CreateTokenRequest(
        role=5, tenant_id=a.id, scope_ids=[b.school["s11"]]), admin, "NOT_FOUND")
    nothing("CreateToken for an unknown tenant", CK, Tn.CreateTokenRequest(role=2, tenant_id=R.new_uuid()),
            admin, "NOT_FOUND")
    nothing("CreateToken werkgebied without scope", CK, Tn.CreateTokenRequest(role=4, tenant_id=a.id),
            admin, "INVALID_ARGUMENT")
    nothing("CreateToken bestuur without tenant", CK, Tn.CreateTokenRequest(role=2), admin, "INVALID_ARGUMENT")
    nothing("CreateToken with an unspecified role", CK, Tn.CreateTokenRequest(role=0, tenant_id=a.id),
            admin, "INVALID_ARGUMENT")
    nothing("CreateToken scope id not a uuid", CK, Tn.CreateTokenRequest(
        role=4, tenant_id=a.id, scope_ids=["nope"]), admin, "INVALID_ARGUMENT")

    bt = a.tokens["bestuur"]
    CS = P_BES + "CreateSchool"
    nothing("CreateSchool with tenant B's werkgebied_id", CS,
            R.school_req("A", R.next_n(), b.wg["wg1"], "foreign wg"), bt, "NOT_FOUND")
    nothing("CreateSchool with an unknown werkgebied_id", CS,
            R.school_req("A", R.next_n(), R.new_uuid(), "unknown wg"), bt, "NOT_FOUND")
    req = R.school_req("A", R.next_n(), a.wg["wg1"], "bad brin")
    req.school.brin = "ABCD"
    nothing("CreateSchool with an invalid BRIN", CS, req, bt, "INVALID_ARGUMENT")
    dup = R.school_req("A", 1, a.wg["wg1"], "dup")
    r0 = cl.call(P_BES + "GetSchool", Bs.GetSchoolRequest(id=a.school["s11"]), bt)
    if r0.code == "OK":
        dup.school.brin, dup.school.vestiging = r0.resp.brin, r0.resp.vestiging
        nothing("CreateSchool with a duplicate BRIN + vestiging", CS, dup, bt, "ALREADY_EXISTS")

    CL = P_WG + "CreateLeerling"

    def pupil(school_id, ext=None):
        # build_world's pupils come from "parnassys": a duplicate must use the same system
        return Wg.CreateLeerlingRequest(leerling=Wg.Leerling(
            school_id=school_id, source_system="parnassys" if ext else "bad",
            external_id=ext or "bad-%d" % R.next_n()))
    nothing("CreateLeerling as werkgebied at an out-of-scope school", CL, pupil(a.school["s21"]),
            a.tokens["werkgebied"], "NOT_FOUND")
    nothing("CreateLeerling as school at another school", CL, pupil(a.school["s12"]),
            a.tokens["school"], "NOT_FOUND")
    nothing("CreateLeerling as bestuur at tenant B's school", CL, pupil(b.school["s11"]), bt, "NOT_FOUND")
    nothing("CreateLeerling at an unknown school", CL, pupil(R.new_uuid()), bt, "NOT_FOUND")
    nothing("CreateLeerling with a duplicate external id", CL, pupil(a.school["s11"], "A-p11"), bt,
            "ALREADY_EXISTS")
    bad_nid = pupil(a.school["s11"])
    bad_nid.national_id = "12345"
    nothing("CreateLeerling with a malformed national id", CL, bad_nid, bt, "INVALID_ARGUMENT")
    nothing("CreateWerkgebied with a duplicate name", P_WG + "CreateWerkgebied", Wg.CreateWerkgebiedRequest(
        werkgebied=Wg.WerkgebiedInfo(name="A wg1")), bt, "ALREADY_EXISTS")
    nothing("CreateLid with end_date before start_date", P_TOE + "CreateLid", Tz.CreateLidRequest(lid=Tz.Lid(
        name="x", start_date=R.M.common.Date(year=2024, month=5, day=1),
        end_date=R.M.common.Date(year=2024, month=4, day=1))), bt, "INVALID_ARGUMENT")
    nothing("ListLeerlingen filtered on tenant B's school", P_WG + "ListLeerlingen",
            Wg.ListLeerlingenRequest(school_id=b.school["s11"]), bt, "OK")
    res = cl.call(P_WG + "ListLeerlingen", Wg.ListLeerlingenRequest(school_id=b.school["s11"]), bt)
    if res.code == "OK":
        check("ListLeerlingen filtered on tenant B's school returns nothing", len(res.resp.leerlingen) == 0)
    # national id: stored as a keyed hash, findable, never the number itself
    nid = pupil(a.school["s11"])
    nid.national_id = "123456782"
    r = cl.call(CL, nid, bt)
    check("CreateLeerling with a national id", r.code == "OK" and r.resp.has_national_id, repr(r))
    if r.code == "OK":
        leak = sql("SELECT count(*) FROM werkgebied.leerlingen WHERE position(convert_to('123456782', 'UTF8') "
                   "IN coalesce(national_id_hash, '')) > 0 OR external_id LIKE '%123456782%'")
        check("the national id is not stored in clear", leak == "0")
        f = cl.call(P_WG + "ListLeerlingen", Wg.ListLeerlingenRequest(national_id="123456782"), bt)
        check("ListLeerlingen finds the pupil by national id",
              f.code == "OK" and [x.id for x in f.resp.leerlingen] == [r.resp.id], repr(f))
        f = cl.call(P_WG + "ListLeerlingen", Wg.ListLeerlingenRequest(national_id="123456782"),
                    b.tokens["bestuur"])
        check("tenant B does not find it", f.code == "OK" and len(f.resp.leerlingen) == 0, repr(f))


def main():
    global A
    ap = scenario.arg_parser()
    ap.add_argument("--suite", required=True, choices=["tokens", "audit", "bad_input"])
    A = ap.parse_args()
    R.load(A.src, A.out)
    cl = R.Client(A.server, A.ca)
    world = R.checked_world(cl, A.admin_token)
    if world is None:
        return 1
    {"tokens": suite_tokens, "audit": suite_audit, "bad_input": suite_bad_input}[A.suite](
        cl, A.admin_token, world)
    cl.close()
    return scenario.exit_code()


if __name__ == "__main__":
    sys.exit(main())
