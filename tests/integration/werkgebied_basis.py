# werkgebied_basis: the base of the werkgebied area (issue 8 points 1 and 2)
# through passendd (python grpcio) and in SQL: the tenant-configurable lists
# (platform defaults, the tenant's overrides and own values, isolation,
# deactivating a value in use, deletion impossible for every role), parental
# consent and support requests (consent refusals as FAILED_PRECONDITION
# naming the missing consent, withdrawn and expired consent refuse too,
# nothing written), werkgebied.require_consent against the database, every
# field rule with its exact error, scope per role, paging and the audit rows
# naming the ids. Prints "ok - X" / "FAIL - X: why" lines (py_checks).
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq, expect  # noqa: E402

S = pr.Area(pr.P_WG)
args, M, cl = S.args, S.M, S.cl
call, sql, sq, D = S.call, S.sql, S.sq, S.date
L, V, C = M.lijsten, M.vragen, M.common


def super_sql(q):
    p = subprocess.run(["psql", "-X", "-q", "-At", args.super_db, "-c", q], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, timeout=60)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def ds(d):
    return "%04d-%02d-%02d" % (d.year, d.month, d.day)


world = pr.build_world(cl, args.admin_token)
A, Bt = world["A"], world["B"]
bt, tz, wt, st = (A.tokens[r] for r in ("bestuur", "toezicht", "werkgebied", "school"))
p11, p12, p21 = A.pupil["p11"], A.pupil["p12"], A.pupil["p21"]
b_p11 = Bt.pupil["p11"]
SOORT = {1: "ondersteuningscategorie", 2: "arrangement_type", 3: "mdo_niveau", 4: "thuiszitter_categorie",
         5: "thuiszitter_scenario"}
SOORT_OF = {v: k for k, v in SOORT.items()}

# ============================ lists ============================================
DEFAULTS = {
    "arrangement_type": [("individueel", "Individueel", "individueel"), ("groep", "Groep", "groep"),
                         ("innovatie", "Innovatie", "innovatie")],
    "mdo_niveau": [("niv_2", "niv 2", ""), ("niv_3", "niv 3", ""), ("niv_4", "niv 4", ""),
                   ("ivm_vo", "ivm VO", "")],
    "thuiszitter_categorie": [(c, l, c) for c, l in (
        ("relatief_verzuim", "Relatief verzuim"), ("langdurig_relatief_verzuim", "Langdurig relatief verzuim"),
        ("absoluut_verzuim", "Absoluut verzuim"), ("vrijstelling_5a", "Vrijstelling 5a"),
        ("vrijstelling_5b", "Vrijstelling 5b"), ("vrijstelling_5c", "Vrijstelling 5c"),
        ("gestart_screening_5a", "Gestart screening 5a met swv"))],
    "thuiszitter_scenario": [("aanpassingen_zonder_effect", "Zware aanpassingen zonder effect", ""),
                             ("verkort_rooster", "Verminderde schooltijd (verkort rooster)", ""),
                             ("vaak_buiten_de_klas", "Vaak buiten de klas", ""),
                             ("dreigende_verwijdering", "Geen vertrouwen / dreigende verwijdering", "")],
}


def lijst(token, soort=0):
    r = call("ListLijstWaarden", L.ListLijstWaardenRequest(soort=soort), token)
    if r.code != "OK":
        return r, None
    return r, [(SOORT[w.soort], w.code, w.label, w.rubriek, w.active, w.platform_default) for w in r.resp.waarden]


r, got = lijst(bt)
want = [(k, c, lab, rub, True, True) for k in ("arrangement_type", "mdo_niveau", "thuiszitter_categorie",
                                                "thuiszitter_scenario") for c, lab, rub in DEFAULTS[k]]
check("ListLijstWaarden (every list): exactly the 18 platform defaults, in list and sort order", got == want,
      "%r" % (got if got is not None else r))
for s, k in SOORT.items():
    r, got = lijst(bt, s)
    eq("ListLijstWaarden soort=%s: its defaults in order" % k, got,
       [(k, c, lab, rub, True, True) for c, lab, rub in DEFAULTS.get(k, [])])
for role in ("toezicht", "werkgebied", "school"):
    r, got = lijst(A.tokens[role], 3)
    check("%s reads the lists (mdo_niveau)" % role, got is not None and len(got) == 4, repr(r))


def upsert(token, soort, code, label, rubriek="", sort_order=0):
    return call("UpsertLijstWaarde", L.LijstWaarde(soort=soort, code=code, label=label, rubriek=rubriek,
                                                   sort_order=sort_order), token)


r = expect("UpsertLijstWaarde: A's own ondersteuningscategorie lezen", upsert(bt, 1, "lezen", "6 verrijkt lezen",
                                                                             sort_order=6), "OK")
if r.code == "OK":
    eq("the new value: own (not a default), active, echoed",
       (r.resp.soort, r.resp.code, r.resp.label, r.resp.rubriek, r.resp.sort_order, r.resp.active,
        r.resp.platform_default), (1, "lezen", "6 verrijkt lezen", "", 6, True, False))
expect("UpsertLijstWaarde again (same value) is harmless", upsert(bt, 1, "lezen", "6 verrijkt lezen",
                                                                  sort_order=6), "OK")
r = expect("UpsertLijstWaarde: override of the default niv_2's label", upsert(bt, 3, "niv_2", "Niveau 2", sort_order=10),
           "OK")
check("the override is still a platform default", r.code == "OK" and r.resp.platform_default and
      r.resp.label == "Niveau 2", repr(r))
r = expect("UpsertLijstWaarde: override of individueel without rubriek keeps the default's",
           upsert(bt, 2, "individueel", "Individueel arrangement", sort_order=10), "OK")
check("individueel keeps rubriek individueel", r.code == "OK" and r.resp.rubriek == "individueel", repr(r))
r = expect("UpsertLijstWaarde: own arrangement type ambulant (rubriek individueel)",
           upsert(bt, 2, "ambulant", "Ambulante begeleiding", "individueel", 15), "OK")
r, got = lijst(bt, 2)
eq("A's arrangement types: overrides and own values in sort order", got,
   [("arrangement_type", "individueel", "Individueel arrangement", "individueel", True, True),
    ("arrangement_type", "ambulant", "Ambulante begeleiding", "individueel", True, False),
    ("arrangement_type", "groep", "Groep", "groep", True, True),
    ("arrangement_type", "innovatie", "Innovatie", "innovatie", True, True)])
r, got = lijst(Bt.tokens["bestuur"])
check("tenant B still sees exactly the platform defaults (A's values are A's)", got == want, repr(got))
r, got = lijst(bt, 1)
eq("A's ondersteuningscategorieen: its own lezen", got,
   [("ondersteuningscategorie", "lezen", "6 verrijkt lezen", "", True, False)])
expect("UpsertLijstWaarde by werkgebied is PERMISSION_DENIED", upsert(wt, 1, "x", "X"), "PERMISSION_DENIED")
expect("UpsertLijstWaarde by toezicht is PERMISSION_DENIED", upsert(tz, 1, "x", "X"), "PERMISSION_DENIED")

# every field rule of the lists, with its exact error
SOORTEN = ("ondersteuningscategorie, arrangement_type, mdo_niveau, thuiszitter_categorie or "
           "thuiszitter_scenario")
CODE_RULE = "code must be 1-40 lower-case letters, digits or _, starting with a letter"
for name, req, msg in (
        ("soort unset", L.LijstWaarde(code="x", label="X"), "soort must be " + SOORTEN),
        ("soort 9", L.LijstWaarde(soort=9, code="x", label="X"), "soort must be " + SOORTEN),
        ("code empty", L.LijstWaarde(soort=1, code="", label="X"), CODE_RULE),
        ("code with capitals", L.LijstWaarde(soort=1, code="Lezen", label="X"), CODE_RULE),
        ("code starting with a digit", L.LijstWaarde(soort=1, code="5lezen", label="X"), CODE_RULE),
        ("code of 41 characters", L.LijstWaarde(soort=1, code="a" * 41, label="X"), CODE_RULE),
        ("label empty", L.LijstWaarde(soort=1, code="x", label=""), "label is required (at most 200 characters)"),
        ("label of 201 characters", L.LijstWaarde(soort=1, code="x", label="x" * 201),
         "label is required (at most 200 characters)"),
        ("rubriek of 41 characters", L.LijstWaarde(soort=2, code="x", label="X", rubriek="r" * 41),
         "rubriek is at most 40 characters"),
        ("sort_order -1", L.LijstWaarde(soort=1, code="x", label="X", sort_order=-1), "sort_order must be 0-10000"),
        ("sort_order 10001", L.LijstWaarde(soort=1, code="x", label="X", sort_order=10001),
         "sort_order must be 0-10000"),
        ("own arrangement type without rubriek", L.LijstWaarde(soort=2, code="x", label="X"),
         "rubriek must be individueel, groep or innovatie for an arrangement type"),
        ("arrangement type rubriek individual", L.LijstWaarde(soort=2, code="x", label="X", rubriek="individual"),
         "rubriek must be individueel, groep or innovatie for an arrangement type"),
        ("thuiszitter categorie with another rubriek", L.LijstWaarde(soort=4, code="x", label="X", rubriek="ziek"),
         "rubriek must be the inspectie's category for a thuiszitter categorie: relatief_verzuim, "
         "langdurig_relatief_verzuim, absoluut_verzuim, vrijstelling_5a, vrijstelling_5b, vrijstelling_5c "
         "or gestart_screening_5a"),
        ("mdo_niveau with a rubriek", L.LijstWaarde(soort=3, code="x", label="X", rubriek="niv"),
         "rubriek is only for arrangement types and thuiszitter categories")):
    expect("UpsertLijstWaarde %s: INVALID_ARGUMENT" % name, call("UpsertLijstWaarde", req, bt), "INVALID_ARGUMENT",
           msg)
check("nothing of the refused values was stored", sql("SELECT count(*) FROM werkgebied.lijst_waarden "
                                                      "WHERE code = 'x'") == "0", "")
expect("ListLijstWaarden soort 9: INVALID_ARGUMENT", call("ListLijstWaarden", L.ListLijstWaardenRequest(soort=9), bt),
       "INVALID_ARGUMENT", "soort must be unset (every list) or " + SOORTEN)
expect("DeactivateLijstWaarde soort unset: INVALID_ARGUMENT",
       call("DeactivateLijstWaarde", L.DeactivateLijstWaardeRequest(code="x"), bt), "INVALID_ARGUMENT",
       "soort must be " + SOORTEN)
expect("DeactivateLijstWaarde code 'Niv 2': INVALID_ARGUMENT",
       call("DeactivateLijstWaarde", L.DeactivateLijstWaardeRequest(soort=3, code="Niv 2"), bt), "INVALID_ARGUMENT",
       CODE_RULE)
expect("DeactivateLijstWaarde of an unknown code: NOT_FOUND",
       call("DeactivateLijstWaarde", L.DeactivateLijstWaardeRequest(soort=3, code="niv_9"), bt), "NOT_FOUND",
       "lijst waarde not found (no such code in this list)")
expect("DeactivateLijstWaarde of A's own value as tenant B: NOT_FOUND",
       call("DeactivateLijstWaarde", L.DeactivateLijstWaardeRequest(soort=1, code="lezen"), Bt.tokens["bestuur"]),
       "NOT_FOUND")
expect("DeactivateLijstWaarde by school: PERMISSION_DENIED",
       call("DeactivateLijstWaarde", L.DeactivateLijstWaardeRequest(soort=3, code="ivm_vo"), st), "PERMISSION_DENIED")
r = expect("DeactivateLijstWaarde of the default ivm_vo", call(
    "DeactivateLijstWaarde", L.DeactivateLijstWaardeRequest(soort=3, code="ivm_vo"), bt), "OK")
check("ivm_vo: inactive, still a default, label kept", r.code == "OK" and not r.resp.active and
      r.resp.platform_default and r.resp.label == "ivm VO", repr(r))
r, got = lijst(bt, 3)
check("a deactivated value stays listed (active false)",
      got is not None and ("mdo_niveau", "ivm_vo", "ivm VO", "", False, True) in got, repr(got))
r, got = lijst(Bt.tokens["bestuur"], 3)
check("tenant B's ivm_vo is still active", got is not None and ("mdo_niveau", "ivm_vo", "ivm VO", "", True, True)
      in got, repr(got))

# ============================ consent ==========================================


def record(token, pupil, scopes, datum, gezag=1, geldig_tot=None, **kw):
    t = V.Toestemming(leerling_id=pupil, scopes=scopes, datum=datum, gezag=gezag, **kw)
    if geldig_tot is not None:
        t.geldig_tot.CopyFrom(geldig_tot)
    return call("RecordToestemming", V.RecordToestemmingRequest(toestemming=t), token)


def vraag(token, pupil, datum=None, omschrijving="Lezen blijft achter", categorie=""):
    v = V.Ondersteuningsvraag(leerling_id=pupil, omschrijving=omschrijving, ondersteuningscategorie=categorie)
    if datum is not None:
        v.ingediend_op.CopyFrom(datum)
    return call("CreateOndersteuningsvraag", V.CreateOndersteuningsvraagRequest(vraag=v), token)


def n_vragen(pupil):
    return int(sql("SELECT count(*) FROM werkgebied.ondersteuningsvragen WHERE leerling_id = '%s'" % pupil))


def no_consent(pupil, d):
    return "no parental consent for ondersteuningsvraag for leerling %s on %s" % (pupil, ds(d))


SCOPES = "ondersteuningsvraag, mdo, arrangement, tlv or gegevensdeling"
r = expect("RecordToestemming by the school for its own pupil p11", record(st, p11, [1, 2], D(2016, 9, 1), 1), "OK")
c11 = r.resp.id if r.code == "OK" else ""
if r.code == "OK":
    eq("the consent as recorded", (r.resp.leerling_id, list(r.resp.scopes), ds(r.resp.datum), r.resp.gezag,
                                   r.resp.HasField("geldig_tot"), r.resp.HasField("ingetrokken_op"),
                                   r.resp.recorded_by, r.resp.tenant_id),
       (p11, [1, 2], "2016-09-01", 1, False, False, "school", A.id))
r = expect("GetToestemming by the consulent of p11's werkgebied", call("GetToestemming", V.GetToestemmingRequest(
    id=c11), wt), "OK")
check("GetToestemming returns it", r.code == "OK" and r.resp.id == c11 and list(r.resp.scopes) == [1, 2], repr(r))
expect("RecordToestemming by the school for p12 (another school): NOT_FOUND",
       record(st, p12, [1], D(2016, 9, 1)), "NOT_FOUND")
expect("RecordToestemming by consulent wg1 for p21 (wg2): NOT_FOUND", record(wt, p21, [1], D(2016, 9, 1)), "NOT_FOUND")
expect("RecordToestemming for tenant B's pupil: NOT_FOUND", record(bt, b_p11, [1], D(2016, 9, 1)), "NOT_FOUND")
expect("RecordToestemming for an unknown pupil: NOT_FOUND", record(bt, pr.new_uuid(), [1], D(2016, 9, 1)),
       "NOT_FOUND", "leerling not found")
expect("RecordToestemming by toezicht: PERMISSION_DENIED", record(tz, p11, [1], D(2016, 9, 1)), "PERMISSION_DENIED")
for name, kw, msg in (
        ("leerling_id not a UUID", dict(pupil="p11"), "toestemming.leerling_id is not a UUID"),
        ("no scopes", dict(scopes=[]), "toestemming.scopes must name at least one of " + SCOPES),
        ("scope 0", dict(scopes=[0]), "toestemming.scopes: 0 is not a scope (" + SCOPES + ")"),
        ("scope 9", dict(scopes=[1, 9]), "toestemming.scopes: 9 is not a scope (" + SCOPES + ")"),
        ("a scope twice", dict(scopes=[3, 2, 3]), "toestemming.scopes names a scope twice"),
        ("datum unset", dict(datum=None), "toestemming.datum is required"),
        ("datum 2017-02-30", dict(datum=D(2017, 2, 30)), "toestemming.datum is not a valid date"),
        ("gezag unset", dict(gezag=0), "toestemming.gezag must be beide_ouders, een_ouder, voogd or "
                                       "gecertificeerde_instelling"),
        ("gezag 5", dict(gezag=5), "toestemming.gezag must be beide_ouders, een_ouder, voogd or "
                                   "gecertificeerde_instelling"),
        ("geldig_tot before datum", dict(geldig_tot=D(2016, 8, 31)), "toestemming.geldig_tot must be on or after datum"),
        ("geldig_tot 2016-13-01", dict(geldig_tot=D(2016, 13, 1)), "toestemming.geldig_tot is not a valid date"),
        ("ingetrokken_op set", dict(ingetrokken_op=D(2016, 10, 1)),
         "toestemming.ingetrokken_op is set by WithdrawToestemming, not on record")):
    a = dict(pupil=p12, scopes=[1], datum=D(2016, 9, 1), gezag=1)
    a.update(kw)
    if a["datum"] is None:
        a["datum"] = C.Date()
    expect("RecordToestemming %s: INVALID_ARGUMENT" % name,
           record(bt, a.pop("pupil"), a.pop("scopes"), a.pop("datum"), a.pop("gezag"), **a), "INVALID_ARGUMENT", msg)
expect("RecordToestemming without a toestemming: INVALID_ARGUMENT",
       call("RecordToestemming", V.RecordToestemmingRequest(), bt), "INVALID_ARGUMENT", "toestemming is required")
check("none of the refused consents was stored",
      sql("SELECT count(*) FROM werkgebied.toestemmingen WHERE leerling_id = '%s'" % p12) == "0", "")

# ============================ support requests and consent ======================
# p12 (school s12, wg1) has no consent yet: every request is refused, nothing written
expect("CreateOndersteuningsvraag without any consent: FAILED_PRECONDITION naming it",
       vraag(wt, p12, D(2016, 9, 20)), "FAILED_PRECONDITION", no_consent(p12, D(2016, 9, 20)))
r = expect("RecordToestemming for p12 covering only mdo (by the consulent)", record(wt, p12, [2], D(2016, 9, 1), 2),
           "OK")
expect("a consent for mdo only does not cover an ondersteuningsvraag",
       vraag(wt, p12, D(2016, 9, 20)), "FAILED_PRECONDITION", no_consent(p12, D(2016, 9, 20)))
r = expect("RecordToestemming for p12 covering ondersteuningsvraag from 2016-10-01 until 2016-12-31",
           record(wt, p12, [1, 3], D(2016, 10, 1), 3, geldig_tot=D(2016, 12, 31)), "OK")
c12 = r.resp.id if r.code == "OK" else ""
expect("a request dated before the consent: FAILED_PRECONDITION", vraag(wt, p12, D(2016, 9, 30)),
       "FAILED_PRECONDITION", no_consent(p12, D(2016, 9, 30)))
expect("a request dated after geldig_tot: FAILED_PRECONDITION", vraag(wt, p12, D(2017, 1, 1)),
       "FAILED_PRECONDITION", no_consent(p12, D(2017, 1, 1)))
eq("no request of p12 was written by the refusals", n_vragen(p12), 0)
r = expect("CreateOndersteuningsvraag by the consulent under the consent", vraag(wt, p12, D(2016, 10, 5),
                                                                                  categorie="lezen"), "OK")
v12 = r.resp.id if r.code == "OK" else ""
if r.code == "OK":
    eq("the request: pupil, school, werkgebied, date, category, the consent that covered it, recorded by",
       (r.resp.leerling_id, r.resp.school_id, r.resp.werkgebied_id, ds(r.resp.ingediend_op),
        r.resp.ondersteuningscategorie, r.resp.toestemming_id, r.resp.recorded_by, r.resp.omschrijving),
       (p12, A.school["s12"], A.wg["wg1"], "2016-10-05", "lezen", c12, "werkgebied", "Lezen blijft achter"))
# withdrawal
W = "WithdrawToestemming"
expect("WithdrawToestemming before the consent's datum: INVALID_ARGUMENT",
       call(W, V.WithdrawToestemmingRequest(id=c12, ingetrokken_op=D(2016, 9, 1)), wt), "INVALID_ARGUMENT",
       "ingetrokken_op must be on or after the toestemming's datum 2016-10-01")
expect("WithdrawToestemming by the school of another pupil: NOT_FOUND",
       call(W, V.WithdrawToestemmingRequest(id=c12, ingetrokken_op=D(2016, 11, 1)), st), "NOT_FOUND",
       "toestemming not found")
expect("WithdrawToestemming id not a UUID: INVALID_ARGUMENT",
       call(W, V.WithdrawToestemmingRequest(id="c12"), wt), "INVALID_ARGUMENT", "id is not a UUID")
expect("WithdrawToestemming ingetrokken_op 2016-02-30: INVALID_ARGUMENT",
       call(W, V.WithdrawToestemmingRequest(id=c12, ingetrokken_op=D(2016, 2, 30)), wt), "INVALID_ARGUMENT",
       "ingetrokken_op is not a valid date")
r = expect("WithdrawToestemming on 2016-11-01", call(W, V.WithdrawToestemmingRequest(
    id=c12, ingetrokken_op=D(2016, 11, 1)), wt), "OK")
check("ingetrokken_op is 2016-11-01", r.code == "OK" and ds(r.resp.ingetrokken_op) == "2016-11-01", repr(r))
r = expect("WithdrawToestemming again (2016-12-01) keeps the first date", call(W, V.WithdrawToestemmingRequest(
    id=c12, ingetrokken_op=D(2016, 12, 1)), bt), "OK")
check("ingetrokken_op is still 2016-11-01", r.code == "OK" and ds(r.resp.ingetrokken_op) == "2016-11-01", repr(r))
before = n_vragen(p12)
expect("a request on the withdrawal date: FAILED_PRECONDITION naming the withdrawal", vraag(wt, p12, D(2016, 11, 1)),
       "FAILED_PRECONDITION",
       "parental consent for ondersteuningsvraag for leerling %s was withdrawn on 2016-11-01" % p12)
expect("a request after the withdrawal: FAILED_PRECONDITION", vraag(bt, p12, D(2016, 11, 15)), "FAILED_PRECONDITION",
       "parental consent for ondersteuningsvraag for leerling %s was withdrawn on 2016-11-01" % p12)
eq("the withdrawn consent's refusals wrote nothing", n_vragen(p12), before)
expect("a request dated before the withdrawal is still covered", vraag(wt, p12, D(2016, 10, 20)), "OK")

# the school for its own pupil; requests for pupils out of scope
r = expect("CreateOndersteuningsvraag by the school for p11", vraag(st, p11, D(2016, 9, 15)), "OK")
v11 = r.resp.id if r.code == "OK" else ""
check("recorded_by school, no category", r.code == "OK" and r.resp.recorded_by == "school" and
      r.resp.ondersteuningscategorie == "" and r.resp.toestemming_id == c11, repr(r))
expect("CreateOndersteuningsvraag by the school for p12 (another school): NOT_FOUND", vraag(st, p12, D(2016, 10, 5)),
       "NOT_FOUND")
expect("CreateOndersteuningsvraag by consulent wg1 for p21 (wg2): NOT_FOUND", vraag(wt, p21, D(2016, 10, 5)),
       "NOT_FOUND")
expect("CreateOndersteuningsvraag for tenant B's pupil: NOT_FOUND", vraag(bt, b_p11, D(2016, 10, 5)), "NOT_FOUND")
expect("CreateOndersteuningsvraag by toezicht: PERMISSION_DENIED", vraag(tz, p11, D(2016, 10, 5)), "PERMISSION_DENIED")
r = expect("CreateOndersteuningsvraag without ingediend_op is dated today", vraag(st, p11), "OK")
today = sql("SELECT current_date")
check("ingediend_op is today", r.code == "OK" and ds(r.resp.ingediend_op) == today, repr(r))
CAT_RULE = ("vraag.ondersteuningscategorie must be a code of the ondersteuningscategorie list "
            "(1-40 lower-case letters, digits or _)")
for name, kw, msg in (
        ("leerling_id not a UUID", dict(pupil="p11"), "vraag.leerling_id is not a UUID"),
        ("leerling_id empty", dict(pupil=""), "vraag.leerling_id is not a UUID"),
        ("omschrijving empty", dict(omschrijving=""), "vraag.omschrijving is required (at most 4000 characters)"),
        ("omschrijving of 4001 characters", dict(omschrijving="x" * 4001),
         "vraag.omschrijving is required (at most 4000 characters)"),
        ("categorie 'Lezen!'", dict(categorie="Lezen!"), CAT_RULE),
        ("ingediend_op 2016-02-30", dict(datum=D(2016, 2, 30)), "vraag.ingediend_op is not a valid date"),
        ("categorie not in the list", dict(categorie="rekenen"),
         "vraag.ondersteuningscategorie is not an active ondersteuningscategorie of this tenant (ListLijstWaarden)")):
    a = dict(pupil=p11, datum=D(2016, 9, 15))
    a.update(kw)
    expect("CreateOndersteuningsvraag %s: INVALID_ARGUMENT" % name, vraag(bt, a.pop("pupil"), **a),
           "INVALID_ARGUMENT", msg)
expect("CreateOndersteuningsvraag without a vraag: INVALID_ARGUMENT",
       call("CreateOndersteuningsvraag", V.CreateOndersteuningsvraagRequest(), bt), "INVALID_ARGUMENT",
       "vraag is required")
eq("p11 has exactly the two accepted requests", n_vragen(p11), 2)

# ---- deactivating a value in use -------------------------------------------
r = expect("DeactivateLijstWaarde of ondersteuningscategorie lezen (in use by a request)", call(
    "DeactivateLijstWaarde", L.DeactivateLijstWaardeRequest(soort=1, code="lezen"), bt), "OK")
check("lezen is inactive", r.code == "OK" and not r.resp.active, repr(r))
r = expect("the request that used lezen still reads it", call("GetOndersteuningsvraag",
                                                              V.GetOndersteuningsvraagRequest(id=v12), bt), "OK")
check("its ondersteuningscategorie is still lezen", r.code == "OK" and r.resp.ondersteuningscategorie == "lezen",
      repr(r))
before = n_vragen(p11)
expect("a new request with the deactivated lezen: INVALID_ARGUMENT", vraag(st, p11, D(2016, 9, 16), categorie="lezen"),
       "INVALID_ARGUMENT",
       "vraag.ondersteuningscategorie is not an active ondersteuningscategorie of this tenant (ListLijstWaarden)")
eq("nothing written", n_vragen(p11), before)
r = expect("UpsertLijstWaarde reactivates lezen", upsert(bt, 1, "lezen", "6 verrijkt lezen", sort_order=6), "OK")
check("lezen is active again", r.code == "OK" and r.resp.active, repr(r))
expect("a new request with lezen is accepted again", vraag(st, p11, D(2016, 9, 16), categorie="lezen"), "OK")
expect("tenant B records a consent for its own pupil", record(Bt.tokens["bestuur"], b_p11, [1], D(2016, 9, 1)), "OK")
expect("tenant B cannot use A's ondersteuningscategorie lezen", vraag(Bt.tokens["bestuur"], b_p11, D(2016, 9, 16),
                                                                     categorie="lezen"), "INVALID_ARGUMENT",
       "vraag.ondersteuningscategorie is not an active ondersteuningscategorie of this tenant (ListLijstWaarden)")

# ---- deletion is impossible --------------------------------------------------
n_before = sql("SELECT count(*) FROM werkgebied.lijst_waarden") + "/" + sql("SELECT count(*) FROM platform.lijst_defaults")
rc, out, err = sq("bestuur", A.id, None, "DELETE FROM werkgebied.lijst_waarden WHERE code = 'lezen';")
check("bestuur (SQL): DELETE of a list value is refused (permission denied)", rc != 0 and "permission denied" in err,
      "rc %d err %s" % (rc, err))
rc, out, err = sq("bestuur", A.id, None, "UPDATE werkgebied.lijst_waarden SET code = 'lezen2' WHERE code = 'lezen';")
check("bestuur (SQL): changing a value's code is refused (permission denied)", rc != 0 and "permission denied" in err,
      "rc %d err %s" % (rc, err))
for role in ("toezicht", "werkgebied", "school"):
    rc, out, err = sq(role, A.id, [A.wg["wg1"]] if role == "werkgebied" else [A.school["s11"]] if role == "school"
                      else None, "DELETE FROM werkgebied.lijst_waarden;")
    check("%s (SQL): DELETE of list values is refused" % role, rc != 0 and "permission denied" in err, err)
for q in ("DELETE FROM werkgebied.lijst_waarden WHERE code = 'lezen'", "TRUNCATE werkgebied.lijst_waarden",
          "DELETE FROM platform.lijst_defaults WHERE code = 'groep'", "TRUNCATE platform.lijst_defaults CASCADE"):
    rc, out, err = super_sql(q)
    check("superuser: '%s' is refused (never deleted)" % q, rc != 0 and "never deleted" in err, "rc %d err %s" % (rc, err))
n_after = sql("SELECT count(*) FROM werkgebied.lijst_waarden") + "/" + sql("SELECT count(*) FROM platform.lijst_defaults")
eq("every list value is still there", n_after, n_before)
rc, out, err = super_sql("INSERT INTO werkgebied.ondersteuningsvragen (swv_id, id, leerling_id, school_id, omschrijving, "
                         "ondersteuningscategorie, ingediend_op, toestemming_id) VALUES ('%s', gen_random_uuid(), '%s', "
                         "'%s', 'x', 'rekenen', '2016-10-01', '%s')" % (A.id, p11, A.school["s11"], c11))
check("superuser: a request with a category not in the list is refused by the database",
      rc != 0 and 'lijst_waarde: ondersteuningscategorie "rekenen" is not an active ondersteuningscategorie' in err, err)
rc, out, err = super_sql("INSERT INTO werkgebied.ondersteuningsvragen (swv_id, id, leerling_id, school_id, omschrijving, "
                         "ingediend_op, toestemming_id) VALUES ('%s', gen_random_uuid(), '%s', '%s', 'x', '2016-10-01', "
                         "'%s')" % (A.id, p11, A.school["s11"], c12))
check("superuser: a request under another pupil's consent is refused (foreign key)", rc != 0 and
      "ondersteuningsvragen_toestemming_fkey" in err, err)

# ---- werkgebied.require_consent against the database --------------------------
RC = "SELECT werkgebied.require_consent('%s', '%s', '%s');"
rc, out, err = sq("school", A.id, [A.school["s11"]], RC % (p11, "mdo", "2016-09-01"))
eq("require_consent (school): p11's mdo consent on its datum gives its id", (rc, out), (0, c11))
rc, out, err = sq("school", A.id, [A.school["s11"]], RC % (p11, "arrangement", "2016-09-01"))
check("require_consent: arrangement for p11 raises 55000 naming the consent", rc != 0 and
      "no parental consent for arrangement for leerling %s on 2016-09-01" % p11 in err, err)
rc, out, err = sq("school", A.id, [A.school["s11"]], RC % (p11, "mdo", "2016-08-31"))
check("require_consent: the day before the consent raises", rc != 0 and "no parental consent for mdo" in err, err)
rc, out, err = sq("school", A.id, [A.school["s11"]], RC % (p12, "arrangement", "2016-10-15"))
check("require_consent (school s11) for p12 of another school: P0002 leerling not found",
      rc != 0 and "leerling %s not found" % p12 in err, err)
rc, out, err = sq("werkgebied", A.id, [A.wg["wg1"]], RC % (p12, "arrangement", "2016-10-15"))
eq("require_consent (consulent wg1): p12's arrangement consent on 2016-10-15", (rc, out), (0, c12))
rc, out, err = sq("werkgebied", A.id, [A.wg["wg1"]], RC % (p12, "arrangement", "2016-11-01"))
check("require_consent: after the withdrawal raises naming it", rc != 0 and
      "parental consent for arrangement for leerling %s was withdrawn on 2016-11-01" % p12 in err, err)
rc, out, err = sq("bestuur", A.id, None, RC % (p12, "huiswerk", "2016-10-15"))
check("require_consent: an unknown scope raises 22023", rc != 0 and "unknown consent scope huiswerk" in err, err)
rc, out, err = sq("toezicht", A.id, None, RC % (p12, "mdo", "2016-10-15"))
check("require_consent: toezicht may not call it", rc != 0 and "permission denied" in err, err)

# ============================ reads: scope, paging ==============================


def list_ids(method, req_cls, field, token, **kw):
    r = call(method, req_cls(page=C.PageRequest(page_size=1000), **kw), token)
    return r, (None if r.code != "OK" else sorted(x.id for x in getattr(r.resp, field)))


vragen = {row.split("|")[0]: row.split("|")[1] for row in sql(
    "SELECT id || '|' || leerling_id FROM werkgebied.ondersteuningsvragen WHERE swv_id = '%s'" % A.id).split()}
toest = {row.split("|")[0]: row.split("|")[1] for row in sql(
    "SELECT id || '|' || leerling_id FROM werkgebied.toestemmingen WHERE swv_id = '%s'" % A.id).split()}
for label, tok, pupils in (("bestuur", bt, {p11, p12, p21}), ("consulent wg1", wt, {p11, p12}),
                           ("school s11", st, {p11})):
    r, got = list_ids("ListOndersteuningsvragen", V.ListOndersteuningsvragenRequest, "vragen", tok)
    eq("ListOndersteuningsvragen as %s: exactly the requests of its pupils" % label, got,
       sorted(i for i, p in vragen.items() if p in pupils))
    r, got = list_ids("ListToestemmingen", V.ListToestemmingenRequest, "toestemmingen", tok)
    eq("ListToestemmingen as %s: exactly the consents of its pupils" % label, got,
       sorted(i for i, p in toest.items() if p in pupils))
r, got = list_ids("ListOndersteuningsvragen", V.ListOndersteuningsvragenRequest, "vragen", bt, leerling_id=p12)
eq("ListOndersteuningsvragen leerling_id=p12", got, sorted(i for i, p in vragen.items() if p == p12))
r, got = list_ids("ListToestemmingen", V.ListToestemmingenRequest, "toestemmingen", st, leerling_id=p12)
eq("ListToestemmingen by the school filtered on another school's pupil: nothing", got, [])
expect("ListOndersteuningsvragen leerling_id not a UUID: INVALID_ARGUMENT", call(
    "ListOndersteuningsvragen", V.ListOndersteuningsvragenRequest(leerling_id="x"), bt), "INVALID_ARGUMENT",
    "leerling_id is not a UUID")
expect("ListToestemmingen by toezicht: PERMISSION_DENIED", call("ListToestemmingen", V.ListToestemmingenRequest(), tz),
       "PERMISSION_DENIED")
r, got = list_ids("ListOndersteuningsvragen", V.ListOndersteuningsvragenRequest, "vragen", Bt.tokens["bestuur"])
eq("tenant B lists none of A's requests", got, [])
# paging one by one
seen, token, pages = [], "", 0
while pages < 20:
    r = call("ListOndersteuningsvragen", V.ListOndersteuningsvragenRequest(page=C.PageRequest(
        page_size=1, page_token=token)), bt)
    if r.code != "OK":
        break
    seen += [x.id for x in r.resp.vragen]
    pages += 1
    token = r.resp.next_page_token
    if not token:
        break
eq("ListOndersteuningsvragen page_size 1: every request once, in id order", seen, sorted(vragen))
expect("GetOndersteuningsvraag of p12's request by the school of p11: NOT_FOUND", call(
    "GetOndersteuningsvraag", V.GetOndersteuningsvraagRequest(id=v12), st), "NOT_FOUND",
    "ondersteuningsvraag not found")
expect("GetOndersteuningsvraag by tenant B: NOT_FOUND", call(
    "GetOndersteuningsvraag", V.GetOndersteuningsvraagRequest(id=v11), Bt.tokens["bestuur"]), "NOT_FOUND")
expect("GetOndersteuningsvraag id not a UUID: INVALID_ARGUMENT", call(
    "GetOndersteuningsvraag", V.GetOndersteuningsvraagRequest(id="v11"), bt), "INVALID_ARGUMENT", "id is not a UUID")
expect("GetToestemming of p11's consent by tenant B: NOT_FOUND", call(
    "GetToestemming", V.GetToestemmingRequest(id=c11), Bt.tokens["bestuur"]), "NOT_FOUND", "toestemming not found")

# ============================ audit =============================================
# every pupil-level call writes a row naming the objects and their pupils


def audit_last(method, role):
    return S.audit_last(A.token_ids[role], method)


r = call("GetOndersteuningsvraag", V.GetOndersteuningsvraagRequest(id=v12), wt)
eq("audit GetOndersteuningsvraag (consulent): the request and its pupil, outcome 0", audit_last(
    "GetOndersteuningsvraag", "werkgebied"), ({v12, p12}, 0))
r = call("GetToestemming", V.GetToestemmingRequest(id=c11), st)
eq("audit GetToestemming (school): the consent and its pupil", audit_last("GetToestemming", "school"),
   ({c11, p11}, 0))
r = call("ListOndersteuningsvragen", V.ListOndersteuningsvragenRequest(page=C.PageRequest(page_size=1000)), st)
eq("audit ListOndersteuningsvragen (school): every listed request and pupil", audit_last(
    "ListOndersteuningsvragen", "school"), ({i for i, p in vragen.items() if p == p11} | {p11}, 0))
r = call("ListToestemmingen", V.ListToestemmingenRequest(page=C.PageRequest(page_size=1000)), wt)
eq("audit ListToestemmingen (consulent): every listed consent and pupil", audit_last("ListToestemmingen", "werkgebied"),
   ({i for i, p in toest.items() if p in (p11, p12)} | {p11, p12}, 0))
r = vraag(st, p11, D(2016, 9, 17))
eq("audit CreateOndersteuningsvraag (school): the new request and its pupil",
   audit_last("CreateOndersteuningsvraag", "school"), ({r.resp.id if r.code == "OK" else "?", p11}, 0))
r = record(st, p11, [5], D(2016, 9, 2), 2)
eq("audit RecordToestemming (school): the new consent and its pupil", audit_last("RecordToestemming", "school"),
   ({r.resp.id if r.code == "OK" else "?", p11}, 0))
r = call(W, V.WithdrawToestemmingRequest(id=r.resp.id if r.code == "OK" else c11, ingetrokken_op=D(2017, 1, 1)), st)
eq("audit WithdrawToestemming (school): the consent and its pupil", audit_last(W, "school"),
   ({r.resp.id if r.code == "OK" else "?", p11}, 0))
vraag(wt, p12, D(2016, 11, 20))
# a failure row names the ids the request named (docs/decisions.md D36)
eq("audit of a consent refusal: a failure row (FAILED_PRECONDITION = 9) naming the requested pupil",
   audit_last("CreateOndersteuningsvraag", "werkgebied"), ({p12}, 9))
vraag(wt, p21, D(2016, 11, 20))
eq("audit of a request out of scope: a failure row (NOT_FOUND = 5) naming the requested pupil",
   audit_last("CreateOndersteuningsvraag", "werkgebied"), ({p21}, 5))

cl.close()
print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
scenario.done()
