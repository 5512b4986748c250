# toezicht_jaarplan: the supervisory body's records and the jaarplan (issue 9
# points 7 and 8, D45) through passendd (python grpcio): the dual-role flag of
# dated roles; meetings of toezicht and the OPR with their decisions (who
# decides what, approved once, final, recorded by toezicht); the risk
# register; the jaarplan 2018-2019 fixture imported as CSV and read back;
# KPI signals entered and computed from real arrangement and MDO rows; the
# dashboard (aggregates only, suppressed for toezicht, no pupil-level data);
# bad input with its exact errors and nothing written; tenant isolation and
# the werkgebied and school roles' missing privilege in SQL.
# Prints "ok - X" / "FAIL - X: why" lines (py_checks).
import csv
import io
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
import scenario  # noqa: E402
from scenario import check, eq, expect  # noqa: E402

args = scenario.parse_args()
M = pr.load(args.src, args.out)
T, J, B, C, W = M.toezicht, M.jaarplan, M.bestuur, M.common, M.werkgebied
cl = pr.Client(args.server, args.ca)
PT, PJ, PB, PW = "/passend.v1.Toezicht/", "/passend.v1.Jaarplan/", pr.P_BES, pr.P_WG
FIXTURE = os.path.join(args.src, "tests", "fixtures", "noord-kennemerland-2016-2017", "jaarplan_2018_2019.csv")
SJ = "2018-2019"


def D(y, m, d):
    return C.Date(year=y, month=m, day=d)


def must(res, what):
    if res.code != "OK":
        check(what, False, repr(res))
        raise SystemExit(scenario.exit_code() or 1)
    return res.resp


world = pr.build_world(cl, args.admin_token)
A, Bt = world["A"], world["B"]
bt, tz, wt, st = (A.tokens[r] for r in ("bestuur", "toezicht", "werkgebied", "school"))
b_bt, b_tz = Bt.tokens["bestuur"], Bt.tokens["toezicht"]


# ---- roles and the dual-role flag ------------------------------------------------------
def rol(token, persoon, orgaan, functie, start, end=None, sb=""):
    r = T.Rol(persoon=persoon, orgaan=orgaan, functie=functie, schoolbestuur_id=sb, start_date=start)
    if end is not None:
        r.end_date.CopyFrom(end)
    return cl.call(PT + "CreateRol", T.CreateRolRequest(rol=r), token)


def rollen(token, **kw):
    res = cl.call(PT + "ListRollen", T.ListRollenRequest(page=C.PageRequest(page_size=1000), **kw), token)
    return {r.id: r for r in must(res, "ListRollen").rollen}


sb = must(cl.call(PB + "CreateSchoolbestuur", B.CreateSchoolbestuurRequest(schoolbestuur=B.Schoolbestuur(
    bevoegd_gezag_nummer="41234", name="Stichting Ons Kind", runs_bao=True)), bt), "CreateSchoolbestuur").id
r1 = must(rol(bt, "J. de Vries", "bestuur", "voorzitter", D(2018, 1, 1), D(2019, 12, 31), sb), "bestuur role")
check("a bestuur role alone is not flagged", not r1.dubbele_rol and list(r1.conflicten) == [], repr(r1))
r2 = must(rol(tz, "j.  de   VRIES", "toezicht", "lid", D(2019, 6, 1)), "toezicht role")
eq("the same person (name folded) in toezicht while in bestuur is flagged, naming the bestuur role",
   (r2.dubbele_rol, list(r2.conflicten)),
   (True, ["bestuur: voorzitter (Stichting Ons Kind) 2018-01-01 – 2019-12-31"]))
r3 = must(rol(bt, "J. de Vries", "opr", "lid", D(2018, 1, 1)), "opr role")
check("an OPR role is not flagged", not r3.dubbele_rol, repr(r3))
r4 = must(rol(bt, "A voorzitter", "bestuur", "lid", D(2024, 6, 1)), "bestuur role of a lid")
eq("a bestuur role of a lid of toezicht (toezicht.leden) is flagged", list(r4.conflicten),
   ["toezicht: voorzitter 2024-01-01 – "])
r5 = must(rol(bt, "P. Jansen", "bestuur", "penningmeester", D(2015, 1, 1), D(2016, 12, 31)), "P. Jansen bestuur")
r6 = must(rol(bt, "P. Jansen", "toezicht", "lid", D(2017, 1, 1)), "P. Jansen toezicht")
check("roles after each other are not flagged", not r5.dubbele_rol and not r6.dubbele_rol, repr((r5, r6)))
dub = rollen(tz, alleen_dubbel=True)
eq("ListRollen alleen_dubbel: exactly the flagged roles", sorted(dub), sorted([r1.id, r2.id, r4.id]))
eq("the bestuur role now names the toezicht role it overlaps", list(dub[r1.id].conflicten),
   ["toezicht: lid 2019-06-01 – "])
eq("ListRollen persoon: that person's roles (name folded)", sorted(rollen(bt, persoon="j. de vries")),
   sorted([r1.id, r2.id, r3.id]))
u = must(cl.call(PT + "UpdateRol", T.UpdateRolRequest(rol=T.Rol(id=r1.id, end_date=D(2019, 5, 31)),
                                                      update_mask=["end_date"]), bt), "UpdateRol end_date")
check("ending the bestuur role before the toezicht role clears the flag", not u.dubbele_rol, repr(u))
eq("... on both roles", sorted(rollen(bt, alleen_dubbel=True)), [r4.id])
expect("UpdateRol: end before start, nothing written",
       cl.call(PT + "UpdateRol", T.UpdateRolRequest(rol=T.Rol(id=r1.id, end_date=D(2017, 1, 1)),
                                                    update_mask=["end_date"]), bt),
       "INVALID_ARGUMENT", "rol.end_date must not be before the role's start_date 2018-01-01")
expect("CreateRol: unknown orgaan", rol(bt, "X", "raad", "lid", D(2018, 1, 1)), "INVALID_ARGUMENT",
       "rol.orgaan must be toezicht, bestuur or opr")
expect("CreateRol: end before start", rol(bt, "X", "toezicht", "lid", D(2018, 1, 1), D(2017, 1, 1)),
       "INVALID_ARGUMENT", "rol.end_date must not be before rol.start_date")
expect("CreateRol: a schoolbestuur for a toezicht role", rol(bt, "X", "toezicht", "lid", D(2018, 1, 1), sb=sb),
       "INVALID_ARGUMENT", "rol.schoolbestuur_id is only for a role of orgaan bestuur")
expect("CreateRol: another tenant's schoolbestuur", rol(b_bt, "X", "bestuur", "lid", D(2018, 1, 1), sb=sb),
       "NOT_FOUND", "rol.schoolbestuur_id: schoolbestuur not found")
expect("CreateRol: no functie", rol(bt, "X", "bestuur", "", D(2018, 1, 1)), "INVALID_ARGUMENT",
       "rol.functie is required (at most 200 characters), e.g. voorzitter or lid")
eq("nothing written by the refused calls", len(rollen(bt)), 6)
eq("tenant B sees none of A's roles", rollen(b_tz), {})
expect("werkgebied may not list roles", cl.call(PT + "ListRollen", T.ListRollenRequest(), wt), "PERMISSION_DENIED")


# ---- meetings and decisions -----------------------------------------------------------------
def vergadering(token, orgaan, datum, titel):
    return cl.call(PT + "CreateVergadering", T.CreateVergaderingRequest(
        vergadering=T.Vergadering(orgaan=orgaan, datum=datum, titel=titel)), token)


def punt(token, v, volgorde, onderwerp, besluit="", periode=""):
    return cl.call(PT + "CreateAgendapunt", T.CreateAgendapuntRequest(agendapunt=T.Agendapunt(
        vergadering_id=v, volgorde=volgorde, onderwerp=onderwerp, besluit=besluit, periode=periode)), token)


def besluit(token, a, uitkomst, toelichting=""):
    return cl.call(PT + "RecordBesluit", T.RecordBesluitRequest(agendapunt_id=a, uitkomst=uitkomst,
                                                                 toelichting=toelichting), token)


def punten(token, **kw):
    res = cl.call(PT + "ListAgendapunten", T.ListAgendapuntenRequest(page=C.PageRequest(page_size=1000), **kw),
                  token)
    return must(res, "ListAgendapunten").agendapunten


v1 = must(vergadering(bt, "toezicht", D(2018, 9, 20), "RvT 20 september 2018"), "toezicht meeting").id
v2 = must(vergadering(bt, "opr", D(2018, 6, 4), "OPR 4 juni 2018"), "OPR meeting").id
v3 = must(vergadering(tz, "toezicht", D(2018, 12, 13), "RvT 13 december 2018"), "second toezicht meeting").id
a1 = must(punt(bt, v1, 1, "Begroting 2018-2019", "begroting", "2018-2019"), "agenda: begroting")
eq("a new item is open, of its meeting's body",
   (a1.uitkomst, a1.orgaan, a1.vergadering_titel, a1.HasField("besluit_datum")),
   ("open", "toezicht", "RvT 20 september 2018", False))
a2 = must(punt(bt, v1, 2, "Jaarrekening 2017", "jaarrekening", "2017"), "agenda: jaarrekening").id
a3 = must(punt(bt, v2, 1, "Ondersteuningsplan 2018-2022", "ondersteuningsplan", "2018-2022"), "agenda: OP").id
a4 = must(punt(tz, v1, 3, "Mededelingen"), "agenda: no decision").id
a5 = must(punt(tz, v3, 1, "Begroting 2018-2019 (herzien)", "begroting", "2018-2019"), "agenda: begroting again").id
expect("the OPR does not approve the begroting", punt(bt, v2, 2, "Begroting", "begroting", "2018-2019"),
       "INVALID_ARGUMENT", "agendapunt.besluit begroting is taken by toezicht, not by the OPR")
expect("toezicht does not consent to the ondersteuningsplan",
       punt(bt, v1, 4, "OP", "ondersteuningsplan", "2018-2022"), "INVALID_ARGUMENT",
       "agendapunt.besluit ondersteuningsplan is the OPR's consent, not a toezicht decision")
expect("a begroting's periode is a schooljaar", punt(bt, v1, 4, "Begroting", "begroting", "2018"),
       "INVALID_ARGUMENT", "agendapunt.periode must be the schooljaar for a begroting or jaarplan, e.g. 2018-2019")
expect("a jaarrekening's periode is a year", punt(bt, v1, 4, "Jaarrekening", "jaarrekening", "2017-2018"),
       "INVALID_ARGUMENT", "agendapunt.periode must be the calendar year for a jaarrekening, e.g. 2018")
expect("an item without a besluit has no periode", punt(bt, v1, 4, "Rondvraag", "", "2018"),
       "INVALID_ARGUMENT",
       "agendapunt.periode is only for a begroting, jaarplan, jaarrekening or ondersteuningsplan")
expect("an unknown besluit", punt(bt, v1, 4, "X", "fusie"), "INVALID_ARGUMENT",
       "agendapunt.besluit must be geen, begroting, jaarrekening, jaarplan, ondersteuningsplan or overig")
expect("volgorde used twice in a meeting", punt(bt, v1, 1, "Dubbel"), "ALREADY_EXISTS",
       "agendapunt.volgorde is already used in this meeting")
expect("an unknown meeting", punt(bt, pr.new_uuid(), 1, "X"), "NOT_FOUND", "vergadering not found")
expect("another tenant's meeting", punt(b_bt, v1, 9, "X"), "NOT_FOUND", "vergadering not found")
expect("a title used twice", vergadering(bt, "opr", D(2019, 1, 1), "rvt 20 SEPTEMBER 2018"), "ALREADY_EXISTS",
       "vergadering.titel is already used by another meeting")
eq("nothing written by the refused items", len(punten(bt)), 5)

expect("bestuur does not record a toezicht meeting's decision", besluit(bt, a1.id, "goedgekeurd"),
       "PERMISSION_DENIED", "the decision of a toezicht meeting is recorded by toezicht")
expect("a begroting is not consented to", besluit(tz, a1.id, "instemming"), "INVALID_ARGUMENT",
       "uitkomst: a begroting, jaarrekening, jaarplan or overig besluit is goedgekeurd, afgekeurd or aangehouden; "
       "the ondersteuningsplan instemming, geen_instemming or aangehouden")
expect("an unknown uitkomst", besluit(tz, a1.id, "ja"), "INVALID_ARGUMENT",
       "uitkomst must be open, goedgekeurd, afgekeurd, aangehouden, instemming or geen_instemming")
g = must(besluit(tz, a1.id, "goedgekeurd", "unaniem"), "toezicht approves the begroting")
eq("the approval is dated the meeting's day", (g.uitkomst, g.besluit_datum, g.toelichting),
   ("goedgekeurd", D(2018, 9, 20), "unaniem"))
must(besluit(tz, a1.id, "goedgekeurd"), "recording the same decision again is harmless")
expect("a final decision is never changed", besluit(tz, a1.id, "afgekeurd"), "FAILED_PRECONDITION",
       'agendapunt "Begroting 2018-2019" is already decided: goedgekeurd on 2018-09-20')
expect("the begroting 2018-2019 is approved once", besluit(tz, a5, "goedgekeurd"), "ALREADY_EXISTS",
       "this besluit and periode are already approved (goedgekeurd or instemming) in another agendapunt")
expect("an item without a besluit records none", besluit(tz, a4, "goedgekeurd"), "INVALID_ARGUMENT",
       'agendapunt "Mededelingen" has no besluit to record (besluit geen)')
must(besluit(tz, a2, "aangehouden"), "jaarrekening postponed")
j = must(besluit(tz, a2, "goedgekeurd"), "a postponed decision is taken later")
eq("... goedgekeurd", j.uitkomst, "goedgekeurd")
o = must(besluit(bt, a3, "instemming"), "the OPR's consent recorded by bestuur")
eq("the OPR's consent to the ondersteuningsplan: date and outcome", (o.uitkomst, o.besluit_datum),
   ("instemming", D(2018, 6, 4)))
expect("an unknown item", besluit(tz, pr.new_uuid(), "goedgekeurd"), "NOT_FOUND", "agendapunt not found")
expect("another tenant's item", besluit(b_tz, a2, "afgekeurd"), "NOT_FOUND", "agendapunt not found")
gv = must(cl.call(PT + "GetVergadering", T.GetVergaderingRequest(id=v1), tz), "GetVergadering")
eq("GetVergadering: the agenda in order with its decisions",
   [(x.volgorde, x.onderwerp, x.uitkomst) for x in gv.agenda],
   [(1, "Begroting 2018-2019", "goedgekeurd"), (2, "Jaarrekening 2017", "goedgekeurd"),
    (3, "Mededelingen", "open")])
eq("ListAgendapunten alleen_besluiten: the decided items by meeting date",
   [(x.vergadering_titel, x.besluit, x.periode, x.uitkomst) for x in punten(tz, alleen_besluiten=True)],
   [("OPR 4 juni 2018", "ondersteuningsplan", "2018-2022", "instemming"),
    ("RvT 20 september 2018", "begroting", "2018-2019", "goedgekeurd"),
    ("RvT 20 september 2018", "jaarrekening", "2017", "goedgekeurd")])
eq("the second begroting item stayed open", [x.uitkomst for x in punten(tz, vergadering_id=v3)], ["open"])
eq("ListVergaderingen orgaan opr", [v.titel for v in must(cl.call(PT + "ListVergaderingen", T.ListVergaderingenRequest(
    orgaan="opr"), tz), "ListVergaderingen").vergaderingen], ["OPR 4 juni 2018"])
rc, out, err = scenario.psql_script(args.db, scenario.principal_script(
    "bestuur", A.id, (), "UPDATE toezicht.agendapunten SET uitkomst = 'afgekeurd', besluit_datum = '2018-12-13' "
    "WHERE id = '%s';" % a5))
check("in SQL too, bestuur cannot decide a toezicht meeting's item", rc != 0 and "row-level security" in err,
      "rc %s out %r err %r" % (rc, out, err))

# ---- the risk register ----------------------------------------------------------------------
rk = must(cl.call(PT + "CreateRisico", T.CreateRisicoRequest(risico=T.Risico(
    titel="Stijgende SO-deelname", categorie="financieel", kans=4, impact=5, maatregelen="monitoren per trimester",
    vastgesteld_op=D(2018, 9, 20))), tz), "CreateRisico")
eq("a risk's score is kans x impact, status open", (rk.score, rk.status), (20, "open"))
must(cl.call(PT + "CreateRisico", T.CreateRisicoRequest(risico=T.Risico(
    titel="Uitval consulenten", kans=2, impact=3, status="beheerst", vastgesteld_op=D(2018, 9, 20))), bt),
    "CreateRisico beheerst")
must(cl.call(PT + "CreateRisico", T.CreateRisicoRequest(risico=T.Risico(
    titel="Oud risico", kans=1, impact=1, status="gesloten", vastgesteld_op=D(2017, 9, 20))), bt),
    "CreateRisico gesloten")
ru = must(cl.call(PT + "UpdateRisico", T.UpdateRisicoRequest(risico=T.Risico(id=rk.id, kans=3,
                                                                            herzien_op=D(2019, 1, 15)),
                                                            update_mask=["kans", "herzien_op"]), tz), "UpdateRisico")
eq("a review changes kans and the score", (ru.kans, ru.score, ru.herzien_op, ru.maatregelen),
   (3, 15, D(2019, 1, 15), "monitoren per trimester"))
expect("kans out of range", cl.call(PT + "CreateRisico", T.CreateRisicoRequest(risico=T.Risico(
    titel="X", kans=6, impact=1, vastgesteld_op=D(2018, 1, 1))), tz), "INVALID_ARGUMENT", "risico.kans must be 1..5")
expect("a title used twice", cl.call(PT + "CreateRisico", T.CreateRisicoRequest(risico=T.Risico(
    titel="stijgende so-deelname", kans=1, impact=1, vastgesteld_op=D(2018, 1, 1))), tz), "ALREADY_EXISTS",
    "risico.titel is already used by another risk")
expect("reviewed before it was recorded", cl.call(PT + "UpdateRisico", T.UpdateRisicoRequest(
    risico=T.Risico(id=rk.id, herzien_op=D(2018, 1, 1)), update_mask=["herzien_op"]), tz), "INVALID_ARGUMENT",
    "risico.herzien_op must not be before vastgesteld_op")
eq("ListRisicos status open", [x.titel for x in must(cl.call(PT + "ListRisicos", T.ListRisicosRequest(
    status="open"), tz), "ListRisicos").risicos], ["Stijgende SO-deelname"])


# ---- the jaarplan 2018-2019 fixture through the CSV import ---------------------------------
def jaarplan_csv(rows, extra=None):
    """The fixture's rows as the import reads them: schooljaar added."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["schooljaar"] + list(rows[0].keys()))
    for r in rows:
        w.writerow([SJ] + list(r.values()))
    return out.getvalue()


def run_import(text, dry_run=False):
    header, body = text.split("\n", 1)
    st_ = must(cl.call(PB + "StartImport", B.StartImportRequest(kind=B.IMPORT_JAARPLAN, header=header,
                                                                  file_name="jaarplan.csv"), bt), "StartImport")
    must(cl.call(PB + "ImportChunk", B.ImportChunkRequest(import_id=st_.import_id, first_line=2, rows=body), bt),
         "ImportChunk")
    return must(cl.call(PB + "FinishImport", B.FinishImportRequest(import_id=st_.import_id, dry_run=dry_run), bt),
                "FinishImport")


with open(FIXTURE, encoding="utf-8") as f:
    fx = list(csv.DictReader(f))
text = jaarplan_csv(fx)
bad = list(fx)
bad[1] = dict(bad[1], doelwaarde="1.40")           # P2: a share above 1
bad[5] = dict(bad[5], actie_id="P1")               # I2: a code used twice
bad[9] = dict(bad[9], doelwaarde="2.5", doel_soort="aantal") if "doel_soort" in fx[0] else dict(bad[9], doelwaarde="x")
r = run_import(jaarplan_csv(bad))
eq("an import with errors names each, line and column, and writes nothing",
   sorted((e.line, e.column, e.message) for e in r.errors),
   sorted([(3, "doelwaarde", "must be a share between 0 and 1 for doel_soort aandeel"),
           (11, "doelwaarde", "must be a decimal with at most 4 decimals, e.g. 0.40 or 5"),
           (7, "actie_id", "P1 also on line 2")]))
check("... not committed", not r.committed, repr(r))
r = run_import(text, dry_run=True)
check("a dry run of the fixture has no errors and writes nothing", not r.errors and not r.committed, repr(r))
r = run_import(text)
eq("the jaarplan 2018-2019 imported: 42 actions", (r.committed, r.rows_inserted, r.rows_updated),
   (True, 42, 0))
r = run_import(text)
eq("the same file again: every action unchanged", (r.rows_inserted, r.rows_updated, r.rows_unchanged), (0, 0, 42))


def acties(token, **kw):
    res = cl.call(PJ + "ListActies", J.ListActiesRequest(page=C.PageRequest(page_size=1000), **kw), token)
    return must(res, "ListActies").acties


got = acties(tz, schooljaar=SJ)
eq("ListActies: 42 actions in the file's order", [a.code for a in got], [r_["actie_id"] for r_ in fx])
by = {a.code: a for a in got}
diff = [(r_["actie_id"], k) for r_ in fx for k, v in (("wat", "wat"), ("wie", "wie"), ("wanneer", "wanneer"),
                                                        ("begrotingsregel", "begrotingsregel"), ("kpi", "kpi"),
                                                        ("doelwaarde", "doelwaarde"), ("perspectief", "perspectief"),
                                                        ("doel", "doel"))
        if getattr(by[r_["actie_id"]], k) != r_[v]]
eq("every field of every action reads back unchanged", diff, [])
eq("the 7 targets and their kind", sorted((a.code, a.doel_soort, a.doelwaarde) for a in got if a.doelwaarde),
   sorted([("P2", "aandeel", "0.40"), ("P4", "aandeel", "0.50"), ("I1", "aandeel", "0.05"),
           ("L5", "aandeel", "0.97"), ("O4", "aandeel", "1.00"), ("N8", "aantal", "5"), ("N9", "aantal", "2")]))
doelen = must(cl.call(PJ + "ListDoelen", J.ListDoelenRequest(schooljaar=SJ), tz), "ListDoelen").doelen
eq("the 3 goals in order of appearance", [d.titel for d in doelen],
   list(dict.fromkeys(r_["doel"] for r_ in fx)))
persp = must(cl.call(PJ + "ListPerspectieven", J.ListPerspectievenRequest(schooljaar=SJ), tz),
             "ListPerspectieven").perspectieven
eq("the 7 perspectives in the jaarplan's order", [p.naam for p in persp],
   list(dict.fromkeys(r_["perspectief"] for r_ in fx)))
eq("tenant B has no jaarplan", len(acties(b_bt)), 0)
expect("toezicht does not write the jaarplan", cl.call(PJ + "CreateDoel", J.CreateDoelRequest(doel=J.Doel(
    schooljaar=SJ, titel="X")), tz), "PERMISSION_DENIED")


# ---- KPI targets: bad input ------------------------------------------------------------------
def new_actie(code, **kw):
    return cl.call(PJ + "CreateActie", J.CreateActieRequest(actie=J.Actie(
        perspectief_id=persp[0].id, code=code, wat="test", **kw)), bt)


expect("a share above 1", new_actie("X1", doel_soort="aandeel", doelwaarde="1.5"), "INVALID_ARGUMENT",
       "actie.doelwaarde must be a share between 0 and 1 for doel_soort aandeel, e.g. 0.40")
expect("a count that is not whole", new_actie("X1", doel_soort="aantal", doelwaarde="2.5"), "INVALID_ARGUMENT",
       "actie.doelwaarde must be a whole number of at least 0 for doel_soort aantal")
expect("a negative count", new_actie("X1", doel_soort="aantal", doelwaarde="-1"), "INVALID_ARGUMENT",
       "actie.doelwaarde must be a whole number of at least 0 for doel_soort aantal")
expect("a target without a kind", new_actie("X1", doelwaarde="3"), "INVALID_ARGUMENT",
       "actie.doelwaarde is only for doel_soort aandeel or aantal")
expect("not a decimal", new_actie("X1", doel_soort="aandeel", doelwaarde="40%"), "INVALID_ARGUMENT",
       "actie.doelwaarde must be a decimal with at most 4 decimals, e.g. 0.40 or 5")
expect("a computed KPI is a share", new_actie("X1", doel_soort="aantal", doelwaarde="3",
                                              kpi_bron="mdo_kind_deelgenomen"), "INVALID_ARGUMENT",
       "actie.kpi_bron mdo_kind_deelgenomen computes a share: it needs doel_soort aandeel")
expect("a code used twice in the year", new_actie("p2"), "ALREADY_EXISTS",
       "actie.code is already used in this schooljaar")
expect("UpdateActie: a share above 1 (the table's rule)", cl.call(PJ + "UpdateActie", J.UpdateActieRequest(
    actie=J.Actie(id=by["P2"].id, doelwaarde="1.2"), update_mask=["doelwaarde"]), bt), "INVALID_ARGUMENT",
    "actie.doelwaarde: a share (aandeel) is 0..1, a count (aantal) a whole number of at least 0, and geen has none")
eq("nothing written by the refused calls", (len(acties(bt, schooljaar=SJ)), by["P2"].doelwaarde), (42, "0.40"))


# ---- KPI signals entered ----------------------------------------------------------------------
def meting(code, tri, waarde="", signaal="", toelichting=""):
    return cl.call(PJ + "RecordKpiMeting", J.RecordKpiMetingRequest(meting=J.KpiMeting(
        actie_id=by[code].id, trimester=tri, waarde=waarde, signaal=signaal, toelichting=toelichting)), bt)


def voortgang(token, tri):
    v = must(cl.call(PJ + "GetJaarplanVoortgang", J.GetJaarplanVoortgangRequest(schooljaar=SJ, trimester=tri),
                     token), "GetJaarplanVoortgang")
    return {(k.code, k.trimester): k for k in v.kpis}


must(meting("N9", 1, "1"), "N9 T1: 1 of 2 cafés")
must(meting("N9", 2, "2"), "N9 T2: 2 of 2")
must(meting("N9", 3, signaal="op_koers_met_aandacht", toelichting="derde café geschrapt"), "N9 T3: a signal")
must(meting("N8", 1, "4.5"), "N8 T1: 4.5 of 5")
m = must(meting("N8", 1, "4"), "N8 T1 again: 4 of 5 (a repeat replaces it)")
eq("RecordKpiMeting answers with the meting", (m.code, m.trimester, m.waarde, m.signaal), ("N8", 1, "4", ""))
must(cl.call(PJ + "UpdateActie", J.UpdateActieRequest(actie=J.Actie(id=by["N6"].id, afgerond_op=D(2018, 9, 28)),
                                                      update_mask=["afgerond_op"]), bt), "N6 afgerond")
vg = voortgang(bt, 0)
eq("entered: below the target by more than 10% is niet op koers",
   (vg["N9", 1].waarde, vg["N9", 1].periode, vg["N9", 1].signaal, vg["N9", 1].bron), ("1", "T1", "niet_op_koers", "invoer"))
eq("entered: the target reached is op koers", (vg["N9", 2].periode, vg["N9", 2].signaal), ("T1+T2", "op_koers"))
eq("entered: a signal entered overrides", (vg["N9", 3].signaal, vg["N9", 3].signaal_ingevoerd, vg["N9", 3].toelichting),
   ("op_koers_met_aandacht", True, "derde café geschrapt"))
eq("entered: 4 of 5 is below the 10% margin", vg["N8", 1].signaal, "niet_op_koers")
must(cl.call(PJ + "UpdateActie", J.UpdateActieRequest(actie=J.Actie(id=by["N8"].id, aandacht_marge="1"),
                                                      update_mask=["aandacht_marge"]), bt), "N8 margin 1")
eq("entered: within the action's own margin is op koers met aandacht", voortgang(bt, 1)["N8", 1].signaal,
   "op_koers_met_aandacht")
eq("an action completed before the period's end is afgerond", [vg["N6", k].signaal for k in (1, 2, 3)],
   ["afgerond"] * 3)
eq("no actual, no signal", (vg["N1", 1].waarde, vg["N1", 1].signaal), ("", ""))
expect("a meting for trimester 4", meting("N9", 4, "1"), "INVALID_ARGUMENT", "meting.trimester must be 1..3")
expect("a meting with neither value nor signal", meting("N9", 1), "INVALID_ARGUMENT",
       "meting needs a waarde, a signaal or both")
expect("a meting with an unknown signal", meting("N9", 1, signaal="groen"), "INVALID_ARGUMENT",
       "meting.signaal must be op_koers, op_koers_met_aandacht, niet_op_koers or afgerond")

# ---- KPI signals computed from the service's own arrangements and MDOs -------------------------
for code, bron in (("P2", "arrangementen_versterkt"), ("P4", "mdo_kind_deelgenomen")):
    must(cl.call(PJ + "UpdateActie", J.UpdateActieRequest(actie=J.Actie(id=by[code].id, kpi_bron=bron),
                                                          update_mask=["kpi_bron"]), bt), "%s computed" % code)
expect("a computed KPI takes no entered value", meting("P2", 1, "0.5"), "INVALID_ARGUMENT",
       "meting.waarde: the KPI of actie P2 is computed (arrangementen_versterkt); enter a signal or toelichting only")
A_ = M.arr


def groep_arrangement(versterkt, start=D(2018, 10, 1)):
    a = must(cl.call(PW + "RequestArrangement", A_.RequestArrangementRequest(arrangement=A_.Arrangement(
        arrangement_type="groep", werkgebied_id=A.wg["wg1"], startdatum=start, einddatum=D(2019, 6, 30),
        versterkt_leerkracht=versterkt)), bt), "RequestArrangement")
    must(cl.call(PW + "GrantArrangement", A_.ArrangementStepRequest(id=a.id), bt), "GrantArrangement")


for i in range(10):
    groep_arrangement(i < 4)
must(cl.call(PW + "RequestArrangement", A_.RequestArrangementRequest(arrangement=A_.Arrangement(
    arrangement_type="groep", werkgebied_id=A.wg["wg1"], startdatum=D(2018, 10, 2), einddatum=D(2019, 6, 30),
    versterkt_leerkracht=False)), bt), "a requested (not granted) arrangement does not count")
Mq, V = M.mdo, M.vragen
pupil_ids, externals = [], []
for i in range(22):
    ext = "tz-mdo-%02d" % i
    p = must(cl.call(PW + "CreateLeerling", W.CreateLeerlingRequest(leerling=W.Leerling(
        school_id=A.school["s11"], source_system="parnassys", external_id=ext, geboortejaar=2010, geslacht=1)), bt),
        "CreateLeerling").id
    pupil_ids.append(p)
    externals.append(ext)
    must(cl.call(PW + "RecordToestemming", V.RecordToestemmingRequest(toestemming=V.Toestemming(
        leerling_id=p, scopes=[2], gezag=1, datum=D(2018, 9, 1))), bt), "RecordToestemming")
    datum = D(2018, 10, 10) if i < 11 else D(2019, 1, 15)
    must(cl.call(PW + "CreateMdo", Mq.CreateMdoRequest(mdo=Mq.Mdo(
        leerling_id=p, niveau="niv_2", datum=datum, deelnemers=[1, 2, 3], kind_deelgenomen=(i % 11) < 6,
        uitkomst=4)), bt), "CreateMdo")
vb, vt = voortgang(bt, 2), voortgang(tz, 2)
eq("computed for bestuur: 4 of 10 granted arrangements strengthen the teacher: 0.40, op koers",
   (vb["P2", 1].waarde, vb["P2", 1].signaal, vb["P2", 1].bron, vb["P2", 1].suppressed),
   ("0.40", "op_koers", "berekend", False))
eq("computed for toezicht: 4 is a small count, suppressed as the arrangement report does, and no signal",
   (vt["P2", 1].waarde, vt["P2", 1].suppressed, vt["P2", 1].signaal), ("", True, ""))
eq("computed: 6 of 11 MDOs with the child taking part in T1, 12 of 22 through T2 (0.55 >= 0.50)",
   [(vb["P4", k].periode, vb["P4", k].waarde, vb["P4", k].signaal) for k in (1, 2)],
   [("T1", "0.55", "op_koers"), ("T1+T2", "0.55", "op_koers")])
eq("... the same for toezicht (no small cell)", [(vt["P4", k].waarde, vt["P4", k].suppressed) for k in (1, 2)],
   [("0.55", False), ("0.55", False)])
groep_arrangement(False)
eq("one more arrangement without: 4 of 11 = 0.36, within 0.05 of 0.40: op koers met aandacht",
   (voortgang(bt, 1)["P2", 1].waarde, voortgang(bt, 1)["P2", 1].signaal), ("0.36", "op_koers_met_aandacht"))
groep_arrangement(False)
eq("4 of 12 = 0.33: niet op koers", (voortgang(bt, 1)["P2", 1].waarde, voortgang(bt, 1)["P2", 1].signaal),
   ("0.33", "niet_op_koers"))
must(meting("P2", 1, signaal="op_koers_met_aandacht", toelichting="nieuwe werkwijze"), "P2: a signal entered")
eq("a signal entered overrides the computed one; the value stays computed",
   (voortgang(bt, 1)["P2", 1].waarde, voortgang(bt, 1)["P2", 1].signaal), ("0.33", "op_koers_met_aandacht"))
expect("GetJaarplanVoortgang: a bad schooljaar", cl.call(PJ + "GetJaarplanVoortgang", J.GetJaarplanVoortgangRequest(
    schooljaar="2018-2020"), bt), "INVALID_ARGUMENT",
    'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"')


# ---- the dashboard --------------------------------------------------------------------------
def dashboard(token, sj=SJ, tri=2):
    return cl.call(PT + "GetDashboard", T.GetDashboardRequest(schooljaar=sj, trimester=tri), token)


db_ = must(dashboard(bt), "GetDashboard as bestuur")
dt_ = must(dashboard(tz), "GetDashboard as toezicht")
eq("the dashboard's sections, in order", [s.naam for s in dt_.secties], ["kpi", "kengetallen", "begroting", "werkgebied_budget", "tlv", "deelname", "risico"])
eq("suppression: toezicht yes, bestuur no", (dt_.suppressed, db_.suppressed, dt_.small_cell_threshold), (True, False, 5))


def sec(d, naam):
    return [r_ for s in d.secties if s.naam == naam for r_ in s.regels]


kb = {(r_.onderwerp.split(" ")[0], r_.periode): r_ for r_ in sec(db_, "kpi")}
kt = {(r_.onderwerp.split(" ")[0], r_.periode): r_ for r_ in sec(dt_, "kpi")}
eq("dashboard KPI: P2 for bestuur", (kb["P2", "T1"].waarde.value, kb["P2", "T1"].doel, kb["P2", "T1"].signaal),
   ("0.33", "0.40", "op_koers_met_aandacht"))
eq("dashboard KPI: P2 suppressed for toezicht", (kt["P2", "T1"].waarde.value, kt["P2", "T1"].waarde.suppressed),
   ("", True))
eq("dashboard KPI: P4 for toezicht", (kt["P4", "T1+T2"].waarde.value, kt["P4", "T1+T2"].signaal), ("0.55", "op_koers"))
eq("dashboard KPI: N9 entered", (kt["N9", "T1"].waarde.value, kt["N9", "T1"].signaal), ("1", "niet_op_koers"))
eq("dashboard TLV: per period, no TLVs: 0 for bestuur, suppressed for toezicht",
   [(r_.periode, r_.waarde.value, r_.waarde.suppressed) for r_ in sec(dt_, "tlv") if r_.onderwerp.startswith("TLV")],
   [("T1", "", True), ("T2", "", True), ("T1+T2", "", True)])
eq("... bestuur", [r_.waarde.value for r_ in sec(db_, "tlv") if r_.onderwerp.startswith("TLV")], ["0", "0", "0"])
eq("dashboard risks: not gesloten, highest score first",
   [(r_.onderwerp, r_.waarde.value, r_.signaal) for r_ in sec(dt_, "risico")],
   [("Stijgende SO-deelname", "15", "hoog"), ("Uitval consulenten", "6", "laag")])
blob = dt_.SerializeToString() + db_.SerializeToString()
leaks = [x for x in pupil_ids + externals + list(A.pupil.values()) if x.encode() in blob]
eq("the dashboard names no pupil (no pupil id or external id in it)", leaks, [])
expect("werkgebied has no dashboard", dashboard(wt), "PERMISSION_DENIED")
expect("school has no dashboard", dashboard(st), "PERMISSION_DENIED")
expect("a bad schooljaar", dashboard(tz, "2018"), "INVALID_ARGUMENT",
       'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"')
expect("a bad trimester", dashboard(tz, SJ, 4), "INVALID_ARGUMENT", "trimester must be 0 (whole year) or 1..3")
eq("tenant B's dashboard holds none of A's", [len(s.regels) for s in must(dashboard(b_tz), "B dashboard").secties
                                              if s.naam in ("kpi", "risico")], [0, 0])

# ---- SQL: werkgebied and school have no privilege on the new tables --------------------------
for table in ("toezicht.rollen", "toezicht.vergaderingen", "toezicht.agendapunten", "toezicht.risicos",
              "bestuur.jaarplan_doelen", "bestuur.jaarplan_perspectieven", "bestuur.jaarplan_acties",
              "bestuur.jaarplan_metingen"):
    for role, scope in (("werkgebied", (A.wg["wg1"],)), ("school", (A.school["s11"],))):
        rc, out, err = scenario.psql_script(args.db, scenario.principal_script(
            role, A.id, scope, "SELECT count(*) FROM %s;" % table))
        check("%s: SELECT on %s refused" % (role, table), rc != 0 and "permission denied" in err,
              "rc %s out %r err %r" % (rc, out, err))
    rc, out, err = scenario.psql_script(args.db, scenario.principal_script(
        "bestuur", A.id, (), "SELECT count(*) FILTER (WHERE swv_id <> '%s') FROM %s;" % (A.id, table)))
    eq("bestuur reads only its own tenant's rows of %s" % table, (rc, out), (0, "0"))

cl.close()
print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
scenario.done()
