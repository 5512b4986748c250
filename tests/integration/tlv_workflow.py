# tlv_workflow: the TLV workflow through passendd (python grpcio): every legal
# and illegal transition with its exact status code, consent and checklist
# refusals, the school role only for its own pupils, deadlines from the
# tenant's legal term (working days across a weekend), events with actors,
# and audit rows. Prints "ok - X" / "FAIL - X: why" lines (py_checks).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check  # noqa: E402

args = scenario.parse_args()
M = pr.load(args.src, args.out)
B = M.bestuur
cl = pr.Client(args.server, args.ca)
P = pr.P_BES


def code(name, res, want, contains=None):
    good = res.code == want and (contains is None or contains in res.details)
    check(name, good, "got %s %r, want %s%s" % (res.code, res.details, want,
                                                 (" containing %r" % contains) if contains else ""))
    return res


def sql(q):
    return scenario.psql(args.super_db, q)


def D(y, m, d):
    return M.common.Date(year=y, month=m, day=d)


world = pr.build_world(cl, args.admin_token)
A, Bt = world["A"], world["B"]
bt, st = A.tokens["bestuur"], A.tokens["school"]
sbo = pr.must(cl.call(P + "CreateSchool", B.CreateSchoolRequest(school=B.School(
    brin="77ZZ", vestiging="00", name="SBO De Vlindertuin", soort=2)), bt), "CreateSchool SBO").id
so = pr.must(cl.call(P + "CreateSchool", B.CreateSchoolRequest(school=B.School(
    brin="78ZZ", vestiging="00", name="SO De Alk", soort=3, so_cluster=4)), bt), "CreateSchool SO").id


def submit(token, pupil, soort=2, date=D(2017, 3, 3), **kw):
    f = dict(leerling_id=pupil, herkomst="basisonderwijs", gevraagde_soort=soort, aanvraagdatum=date,
             ouders_toestemming=True, toestemming_datum=date, groeidocument=True, opp=True, verslag_mdo=True)
    f.update(kw)
    return cl.call(P + "SubmitTlvAanvraag", B.SubmitTlvAanvraagRequest(**f), token)


EXP2 = [B.Expert(name="A. Jansen", discipline="orthopedagoog"), B.Expert(name="B. de Vries", discipline="jeugdarts")]


def advies(tid, experts=EXP2, token=bt):
    return cl.call(P + "RecordAdvies", B.RecordAdviesRequest(tlv_id=tid, experts=experts, advies="passend"), token)


def decision(tid, nummer, afgegeven=True, soort=2, cat=0, start=D(2017, 4, 1), eind=D(2018, 4, 1), school="",
             datum=D(2017, 3, 10)):
    return B.DecideTlvRequest(tlv_id=tid, afgegeven=afgegeven, besluitdatum=datum, tlv_nummer=nummer, soort=soort,
                              so_categorie=cat, startdatum=start, einddatum=eind, ontvangende_school_id=school)


def decide(tid, nummer, token=bt, **kw):
    return cl.call(P + "DecideTlv", decision(tid, nummer, **kw), token)


# ---- submit: consent, checklist, herkomst, scope ---------------------------------
code("submit without consent -> FAILED_PRECONDITION", submit(st, A.pupil["p11"], ouders_toestemming=False),
     "FAILED_PRECONDITION", "consent")
code("submit with incomplete checklist names the missing items",
     submit(st, A.pupil["p11"], opp=False, verslag_mdo=False), "FAILED_PRECONDITION", "opp verslag_mdo")
code("submit with an unknown herkomst -> INVALID_ARGUMENT", submit(bt, A.pupil["p11"], herkomst="nergens"),
     "INVALID_ARGUMENT", "herkomst")
code("submit with gevraagde_soort BAO -> INVALID_ARGUMENT", submit(bt, A.pupil["p11"], soort=1), "INVALID_ARGUMENT")
code("school submits for another school's pupil -> NOT_FOUND", submit(st, A.pupil["p12"]), "NOT_FOUND")
code("school submits for another tenant's pupil -> NOT_FOUND", submit(st, Bt.pupil["p11"]), "NOT_FOUND")
code("toezicht may not submit", submit(A.tokens["toezicht"], A.pupil["p11"]), "PERMISSION_DENIED")
code("werkgebied may not submit", submit(A.tokens["werkgebied"], A.pupil["p11"]), "PERMISSION_DENIED")
r = code("school submits for its own pupil", submit(st, A.pupil["p11"]), "OK")
t1 = r.resp
check("state INGEDIEND, aanvraag_soort NIEUW", t1 and t1.state == B.INGEDIEND and t1.aanvraag_soort == B.NIEUW, t1)
# default rule: 6 weeks
check("deadline = aanvraagdatum + 6 weeks (default term)",
      t1 and (t1.deadline.year, t1.deadline.month, t1.deadline.day) == (2017, 4, 14), t1 and t1.deadline)
check("event ingediend with actor school token", t1 and len(t1.events) == 1 and t1.events[0].step == "ingediend"
      and t1.events[0].actor_role == "school" and t1.events[0].actor_token_id == A.token_ids["school"],
      t1 and t1.events)
code("school reads its own TLV", cl.call(P + "GetTlv", B.GetByIdRequest(id=t1.id), st), "OK")
code("other tenant's bestuur cannot read it", cl.call(P + "GetTlv", B.GetByIdRequest(id=t1.id), Bt.tokens["bestuur"]),
     "NOT_FOUND")
code("toezicht cannot read TLVs", cl.call(P + "GetTlv", B.GetByIdRequest(id=t1.id), A.tokens["toezicht"]),
     "PERMISSION_DENIED")
code("school may not record advies", advies(t1.id, token=st), "PERMISSION_DENIED")

# ---- illegal before advies -----------------------------------------------------------
code("decide before advies -> FAILED_PRECONDITION", decide(t1.id, "TLV-1"), "FAILED_PRECONDITION", "RecordAdvies")
code("bezwaar before a decision -> FAILED_PRECONDITION",
     cl.call(P + "RecordBezwaar", B.RecordBezwaarRequest(tlv_id=t1.id, datum=D(2017, 3, 20)), bt), "FAILED_PRECONDITION")
code("herbeoordeel before a decision -> FAILED_PRECONDITION",
     cl.call(P + "Herbeoordeel", B.HerbeoordeelRequest(tlv_id=t1.id, uitkomst="beeindigd", datum=D(2017, 3, 20)), bt),
     "FAILED_PRECONDITION")
code("decide bezwaar without bezwaar -> FAILED_PRECONDITION",
     cl.call(P + "DecideBezwaar", B.DecideBezwaarRequest(tlv_id=t1.id, gehandhaafd=True, datum=D(2017, 3, 20)), bt),
     "FAILED_PRECONDITION")
code("advies with one expert -> INVALID_ARGUMENT", advies(t1.id, EXP2[:1]), "INVALID_ARGUMENT", "two")
r = code("advies with two experts", advies(t1.id), "OK")
check("state ADVIES_UITGEBRACHT with 2 experts", r.resp and r.resp.state == B.ADVIES_UITGEBRACHT
      and len(r.resp.experts) == 2 and r.resp.experts[0].discipline == "orthopedagoog", r.resp)
code("second advies -> FAILED_PRECONDITION", advies(t1.id), "FAILED_PRECONDITION")

# ---- decision checks ------------------------------------------------------------------
code("afgegeven without tlv_nummer -> INVALID_ARGUMENT", decide(t1.id, ""), "INVALID_ARGUMENT", "tlv_nummer")
code("SO without category -> INVALID_ARGUMENT", decide(t1.id, "TLV-1", soort=3), "INVALID_ARGUMENT", "so_categorie")
code("SBO with a category -> INVALID_ARGUMENT", decide(t1.id, "TLV-1", cat=2), "INVALID_ARGUMENT", "so_categorie")
code("einddatum < start + 12 months -> INVALID_ARGUMENT", decide(t1.id, "TLV-1", eind=D(2018, 3, 31)),
     "INVALID_ARGUMENT", "12 months")
code("ontvangende school BAO -> INVALID_ARGUMENT", decide(t1.id, "TLV-1", school=A.school["s12"]), "INVALID_ARGUMENT")
code("ontvangende school of another tenant -> NOT_FOUND", decide(t1.id, "TLV-1", school=Bt.school["s11"]),
     "NOT_FOUND")
code("besluitdatum before aanvraagdatum -> INVALID_ARGUMENT", decide(t1.id, "TLV-1", datum=D(2017, 3, 1)),
     "INVALID_ARGUMENT")
r = code("decide afgegeven", decide(t1.id, "TLV-1", school=sbo), "OK")
t = r.resp
check("AFGEGEVEN, op_tijd, 7 days", t and t.state == B.AFGEGEVEN and t.op_tijd and t.dagen_tot_besluit == 7, t)
code("a decided TLV cannot be decided again", decide(t1.id, "TLV-1b"), "FAILED_PRECONDITION", "already decided")
code("advies after decision -> FAILED_PRECONDITION", advies(t1.id), "FAILED_PRECONDITION")

# ---- bezwaar ---------------------------------------------------------------------------
bz = lambda tid: cl.call(P + "RecordBezwaar", B.RecordBezwaarRequest(tlv_id=tid, datum=D(2017, 3, 20), reden="ouders"), bt)
r = code("bezwaar on AFGEGEVEN", bz(t1.id), "OK")
check("state BEZWAAR", r.resp and r.resp.state == B.BEZWAAR, r.resp)
code("herbeoordeel during bezwaar -> FAILED_PRECONDITION",
     cl.call(P + "Herbeoordeel", B.HerbeoordeelRequest(tlv_id=t1.id, uitkomst="beeindigd", datum=D(2017, 4, 2)), bt),
     "FAILED_PRECONDITION")
r = code("bezwaar gehandhaafd",
         cl.call(P + "DecideBezwaar", B.DecideBezwaarRequest(tlv_id=t1.id, gehandhaafd=True, datum=D(2017, 3, 25)), bt),
         "OK")
check("back to AFGEGEVEN, uitkomst gehandhaafd", r.resp and r.resp.state == B.AFGEGEVEN
      and r.resp.bezwaar_uitkomst == "gehandhaafd", r.resp)
code("second bezwaar -> FAILED_PRECONDITION", bz(t1.id), "FAILED_PRECONDITION", "already")

# ---- herbeoordeling -----------------------------------------------------------------------
hb = B.HerbeoordeelRequest(tlv_id=t1.id, uitkomst="verlengd", datum=D(2018, 3, 1),
                           nieuw_besluit=decision("", "TLV-2", soort=3, cat=2, start=D(2018, 4, 1), eind=D(2019, 4, 1),
                                                  school=so))
r = code("herbeoordeel verlengd", cl.call(P + "Herbeoordeel", hb, bt), "OK")
n = r.resp
check("follow-up TLV: HERBEOORDELING, AFGEGEVEN, vorige_tlv_id", n and n.aanvraag_soort == B.HERBEOORDELING
      and n.state == B.AFGEGEVEN and n.vorige_tlv_id == t1.id and n.so_categorie == 2, n)
old = pr.must(cl.call(P + "GetTlv", B.GetByIdRequest(id=t1.id), bt), "GetTlv")
check("original TLV is VERLENGD", old.state == B.VERLENGD, old.state)
steps = [e.step for e in old.events]
check("events in order with actors", steps == ["ingediend", "advies", "besluit", "bezwaar", "bezwaar_besluit",
                                                 "herbeoordeling"] and all(e.actor_role for e in old.events)
      and old.events[1].actor_token_id == A.token_ids["bestuur"], steps)
code("VERLENGD cannot be herbeoordeeld", cl.call(P + "Herbeoordeel", hb, bt), "FAILED_PRECONDITION")
code("duplicate tlv_nummer -> ALREADY_EXISTS", cl.call(P + "Herbeoordeel", B.HerbeoordeelRequest(
    tlv_id=n.id, uitkomst="verlengd", datum=D(2019, 3, 1), nieuw_besluit=decision("", "TLV-1", start=D(2019, 4, 1),
                                                                                  eind=D(2020, 4, 1))), bt),
     "ALREADY_EXISTS")
r = code("herbeoordeel terugplaatsing", cl.call(P + "Herbeoordeel", B.HerbeoordeelRequest(
    tlv_id=n.id, uitkomst="terugplaatsing", datum=D(2019, 3, 1)), bt), "OK")
check("BEEINDIGD", r.resp and r.resp.state == B.BEEINDIGD, r.resp)

# ---- afgewezen, bezwaar herzien, SO expert rule, VO end date ---------------------------------
t2 = pr.must(submit(bt, A.pupil["p12"], soort=3), "submit SO").id
code("SO advies without orthopedagoog/psycholoog -> INVALID_ARGUMENT",
     advies(t2, [B.Expert(name="x", discipline="jeugdarts"), B.Expert(name="y", discipline="ib")]),
     "INVALID_ARGUMENT", "orthopedagoog")
pr.must(advies(t2, [B.Expert(name="x", discipline="psycholoog"), B.Expert(name="y", discipline="ib")]), "advies SO")
r = code("decide afgewezen", decide(t2, "", afgegeven=False), "OK")
check("AFGEWEZEN", r.resp and r.resp.state == B.AFGEWEZEN and r.resp.tlv_nummer == "", r.resp)
pr.must(bz(t2), "bezwaar afgewezen")
# pupil born 2015: 31 July 2027 / 2028 = the move to VO; a shorter duration than 12 months is then fine
herz = B.DecideBezwaarRequest(tlv_id=t2, gehandhaafd=False, datum=D(2017, 4, 1),
                              herzien_besluit=decision("", "TLV-3", soort=3, cat=1, start=D(2027, 3, 1),
                                                       eind=D(2027, 7, 31)))
r = code("bezwaar herzien to afgegeven ending at the move to VO", cl.call(P + "DecideBezwaar", herz, bt), "OK")
check("herzien: AFGEGEVEN with TLV-3, uitkomst herzien", r.resp and r.resp.state == B.AFGEGEVEN
      and r.resp.tlv_nummer == "TLV-3" and r.resp.bezwaar_uitkomst == "herzien", r.resp)
r = code("herbeoordeel beeindigd", cl.call(P + "Herbeoordeel", B.HerbeoordeelRequest(
    tlv_id=t2, uitkomst="beeindigd", datum=D(2017, 5, 1)), bt), "OK")
code("BEEINDIGD cannot get a bezwaar", bz(t2), "FAILED_PRECONDITION")

# ---- deadline in working days across a weekend -------------------------------------------
sql("UPDATE platform.tenants SET tlv_termijn_eenheid = 2, tlv_termijn = 1 WHERE id = '%s'" % A.id)
r = pr.must(submit(bt, A.pupil["p11"], date=D(2017, 3, 3)), "submit friday")  # Friday
check("1 working day after Friday 2017-03-03 = Monday 2017-03-06",
      (r.deadline.year, r.deadline.month, r.deadline.day) == (2017, 3, 6), r.deadline)
sql("UPDATE platform.tenants SET tlv_termijn_eenheid = 1, tlv_termijn = 10 WHERE id = '%s'" % A.id)
r = pr.must(submit(bt, A.pupil["p11"], date=D(2016, 2, 25)), "submit leap")
check("10 calendar days after 2016-02-25 = 2016-03-06 (leap year)",
      (r.deadline.year, r.deadline.month, r.deadline.day) == (2016, 3, 6), r.deadline)
pr.must(advies(r.id), "advies late")
late = pr.must(decide(r.id, "TLV-9", datum=D(2016, 3, 7), start=D(2016, 4, 1), eind=D(2017, 4, 1)), "late")
check("decided after the deadline: op_tijd false, 11 days", not late.op_tijd and late.dagen_tot_besluit == 11, late)

# ---- list, idempotency, audit ----------------------------------------------------------------
r = pr.must(submit(st, A.pupil["p11"], request_id="req-1"), "req 1")
r2 = pr.must(submit(st, A.pupil["p11"], request_id="req-1"), "req 1 again")
check("repeat request_id returns the first TLV", r.id == r2.id, (r.id, r2.id))
lst = pr.must(cl.call(P + "ListTlvs", B.ListTlvsRequest(), st), "list school")
check("school lists only its own pupils' TLVs", lst.tlvs and all(x.leerling_id == A.pupil["p11"] for x in lst.tlvs),
      [x.leerling_id for x in lst.tlvs])
lst = pr.must(cl.call(P + "ListTlvs", B.ListTlvsRequest(state=B.BEEINDIGD), bt), "list bestuur")
check("bestuur lists by state with events", len(lst.tlvs) == 2 and all(x.events for x in lst.tlvs), len(lst.tlvs))
aud = sql("SELECT count(DISTINCT method) FROM platform.audit_log WHERE swv_id = '%s' "
          "AND method LIKE '/passend.v1.Bestuur/%%' AND outcome = 0 AND '%s' = ANY (object_ids)" % (A.id, t1.id))
check("audit rows of all 8 TLV methods name the TLV", int(aud) == 8, aud)
ev = sql("SELECT count(*) FROM bestuur.tlv_events WHERE tlv_id = '%s'" % t1.id)
check("6 event rows for the first TLV", ev == "6", ev)
fa = sql("SELECT count(*) FROM platform.audit_log WHERE swv_id = '%s' AND method LIKE '%%DecideTlv' "
         "AND outcome = %d" % (A.id, 9))
check("refused decisions are audited with FAILED_PRECONDITION", int(fa) >= 1, fa)

# ---- ListTlvs by schooljaar on the tenant's calendar ---------------------------------------
code("ListTlvs schooljaar 2016/2017 -> INVALID_ARGUMENT",
     cl.call(P + "ListTlvs", B.ListTlvsRequest(schooljaar="2016/2017"), bt), "INVALID_ARGUMENT", "schooljaar must be")
code("ListTlvs schooljaar 2016-2018 -> INVALID_ARGUMENT",
     cl.call(P + "ListTlvs", B.ListTlvsRequest(schooljaar="2016-2018"), bt), "INVALID_ARGUMENT", "consecutive years")
sx = pr.must(submit(bt, A.pupil["p12"], date=D(2017, 9, 15)), "submit 2017-09-15").id
sy = pr.must(submit(bt, A.pupil["p12"], date=D(2017, 10, 1)), "submit 2017-10-01").id
sz = pr.must(submit(bt, A.pupil["p12"], date=D(2018, 9, 30)), "submit 2018-09-30").id
sd = pr.must(submit(bt, A.pupil["p12"], date=D(2017, 9, 20)), "submit 2017-09-20").id
ss = pr.must(submit(st, A.pupil["p11"], date=D(2017, 8, 20)), "school submit 2017-08-20").id
pr.must(advies(sd), "advies sd")
pr.must(decide(sd, "TLV-SJ", datum=D(2017, 10, 2), start=D(2017, 11, 1), eind=D(2018, 11, 1)), "decide sd")


def in_year(sj, token=bt):
    lst = pr.must(cl.call(P + "ListTlvs", B.ListTlvsRequest(
        schooljaar=sj, page=M.common.PageRequest(page_size=1000)), token), "ListTlvs " + sj)
    return {x.id for x in lst.tlvs}


got = in_year("2017-2018")
check("default calendar (1 Aug): 2017-2018 holds 2017-08-20, 2017-09-15, 2017-10-01, besluit 2017-10-02, "
      "not 2018-09-30", {ss, sx, sy, sd} <= got and sz not in got, got)
upd = cl.call(pr.P_TEN + "UpdateTenant", M.tenancy.UpdateTenantRequest(
    tenant=M.tenancy.Tenant(id=A.id, schooljaar_start=M.tenancy.MonthDay(month=10, day=1)),
    update_mask=["schooljaar_start"]), args.admin_token)
code("UpdateTenant schooljaar_start 10-01", upd, "OK")
got = in_year("2017-2018")
check("1 Oct calendar: 2017-2018 holds 2017-10-01, besluit 2017-10-02, 2018-09-30, not 2017-09-15",
      {sy, sz, sd} <= got and sx not in got, got)
got = in_year("2016-2017")
check("1 Oct calendar: 2016-2017 holds 2017-09-15 and t1 (besluit 2017-03-10) but not aanvraag 2017-09-20 "
      "decided 2017-10-02", {sx, t1.id} <= got and not got & {sy, sz, sd}, got)
check("school role, 1 Oct calendar: 2017-08-20 in 2016-2017, not 2017-2018, no other school's pupils",
      ss in in_year("2016-2017", st) and ss not in in_year("2017-2018", st)
      and not in_year("2017-2018", st) & {sx, sy, sz, sd}, ss)
scenario.done()
