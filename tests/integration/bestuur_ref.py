# bestuur_ref: the bestuur reference data (issue 4): schoolbesturen,
# gemeenten (validity, successor, postcodes), herkomst types and the new
# school fields: CRUD, validation (INVALID_ARGUMENT naming the field),
# duplicates (ALREADY_EXISTS), isolation (other tenant -> NOT_FOUND) and
# roles (toezicht reads, cannot write); and (issue 7) an update is refused
# only for the fields it touches, a merged gemeente stays valid for its
# school through its successor; ListSchools filters by soort, bestuur and
# activity; schools, besturen, gemeenten and werkgebieden come in reading
# order, paged by their sort key across page boundaries and ties.
# "ok - X" / "FAIL - X: why" lines.
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
from scenario import check  # noqa: E402
import scenario  # noqa: E402

args = scenario.parse_args()
M = pr.load(args.src, args.out)
B, C = M.bestuur, M.common


cl = pr.Client(args.server, args.ca)
world = pr.build_world(cl, args.admin_token)
A, Bt = world["A"], world["B"]
bt, tz = A.tokens["bestuur"], A.tokens["toezicht"]
P = pr.P_BES


def call(m, req, tok=bt):
    return cl.call(P + m, req, tok)


def mk_bst(num, name="Stichting Flore", **kw):
    return B.CreateSchoolbestuurRequest(schoolbestuur=B.Schoolbestuur(
        bevoegd_gezag_nummer=num, name=name, vestigingsplaats="Heerhugowaard", runs_bao=True, lidmaatschap=1, **kw))


# ---- schoolbesturen
r = call("CreateSchoolbestuur", mk_bst("41234"))
check("CreateSchoolbestuur", r.code == "OK" and r.resp.bevoegd_gezag_nummer == "41234", repr(r))
bid = r.resp.id if r.code == "OK" else ""
r = call("CreateSchoolbestuur", mk_bst("41234", "Ander"))
check("duplicate bevoegd_gezag_nummer is ALREADY_EXISTS", r.code == "ALREADY_EXISTS", repr(r))
r = call("CreateSchoolbestuur", mk_bst("4123"))
check("4-digit bevoegd_gezag_nummer is INVALID_ARGUMENT naming the field",
      r.code == "INVALID_ARGUMENT" and "bevoegd_gezag_nummer" in r.details, repr(r))
r = call("CreateSchoolbestuur", mk_bst("41235", active_from=C.Date(year=2020, month=1, day=1),
                                       active_to=C.Date(year=2019, month=1, day=1)))
check("active_to before active_from is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT" and "active_to" in r.details,
      repr(r))
r = call("CreateSchoolbestuur", mk_bst("41234"), Bt.tokens["bestuur"])
check("same number in another tenant is allowed", r.code == "OK", repr(r))
other_bid = r.resp.id if r.code == "OK" else ""
r = call("GetSchoolbestuur", B.GetByIdRequest(id=bid), tz)
check("toezicht reads a schoolbestuur", r.code == "OK" and r.resp.name == "Stichting Flore", repr(r))
r = call("CreateSchoolbestuur", mk_bst("41236"), tz)
check("toezicht cannot create (PERMISSION_DENIED)", r.code == "PERMISSION_DENIED", repr(r))
r = call("GetSchoolbestuur", B.GetByIdRequest(id=other_bid))
check("other tenant's schoolbestuur is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
upd = B.Schoolbestuur(id=bid, bevoegd_gezag_nummer="41234", name="Stichting Flore Onderwijs",
                      vestigingsplaats="Heerhugowaard", runs_bao=True, runs_sbo=True, lidmaatschap=2)
ALL_BST = ["bevoegd_gezag_nummer", "name", "vestigingsplaats", "runs_bao", "runs_sbo", "runs_so", "lidmaatschap"]
r = call("UpdateSchoolbestuur", B.UpdateSchoolbestuurRequest(schoolbestuur=upd, update_mask=ALL_BST))
check("UpdateSchoolbestuur", r.code == "OK" and r.resp.runs_sbo and r.resp.lidmaatschap == 2, repr(r))
r = call("UpdateSchoolbestuur", B.UpdateSchoolbestuurRequest(schoolbestuur=upd))
check("UpdateSchoolbestuur with an empty mask is INVALID_ARGUMENT",
      r.code == "INVALID_ARGUMENT" and "update_mask" in r.details, repr(r))
r = call("UpdateSchoolbestuur", B.UpdateSchoolbestuurRequest(schoolbestuur=upd, update_mask=["name", "colour"]))
check("UpdateSchoolbestuur with an unknown mask field names it",
      r.code == "INVALID_ARGUMENT" and "colour" in r.details, repr(r))
r = call("UpdateSchoolbestuur", B.UpdateSchoolbestuurRequest(
    schoolbestuur=B.Schoolbestuur(id=bid, name="Flore"), update_mask=["name"]))
check("UpdateSchoolbestuur mask [name] changes only the name", r.code == "OK" and r.resp.name == "Flore"
      and r.resp.bevoegd_gezag_nummer == "41234" and r.resp.runs_sbo and r.resp.lidmaatschap == 2
      and r.resp.vestigingsplaats == "Heerhugowaard", repr(r))
r = call("UpdateSchoolbestuur", B.UpdateSchoolbestuurRequest(
    schoolbestuur=B.Schoolbestuur(id=bid, bevoegd_gezag_nummer="12"), update_mask=["bevoegd_gezag_nummer"]))
check("UpdateSchoolbestuur validates a masked field", r.code == "INVALID_ARGUMENT"
      and "bevoegd_gezag_nummer" in r.details, repr(r))
r = call("UpdateSchoolbestuur", B.UpdateSchoolbestuurRequest(schoolbestuur=upd, update_mask=["name"]), tz)
check("toezicht cannot update a schoolbestuur", r.code == "PERMISSION_DENIED", repr(r))
upd.id = other_bid
r = call("UpdateSchoolbestuur", B.UpdateSchoolbestuurRequest(schoolbestuur=upd, update_mask=["name"]))
check("update of other tenant's schoolbestuur is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
r = call("DeactivateSchoolbestuur", B.DeactivateRequest(id=bid, active_to=C.Date(year=2020, month=7, day=31)))
check("DeactivateSchoolbestuur sets active_to", r.code == "OK" and r.resp.active_to.year == 2020, repr(r))
r = call("ListSchoolbesturen", B.ListSchoolbesturenRequest())
check("List hides the deactivated bestuur", r.code == "OK" and len(r.resp.schoolbesturen) == 0, repr(r))
r = call("ListSchoolbesturen", B.ListSchoolbesturenRequest(include_inactive=True))
check("List include_inactive shows it", r.code == "OK" and len(r.resp.schoolbesturen) == 1, repr(r))

# ---- gemeenten: the Dijk en Waard merger
dw = call("CreateGemeente", B.CreateGemeenteRequest(gemeente=B.Gemeente(
    name="Dijk en Waard", cbs_code="GM1980", valid_from=C.Date(year=2022, month=1, day=1))))
check("CreateGemeente Dijk en Waard", dw.code == "OK", repr(dw))
dwid = dw.resp.id if dw.code == "OK" else ""
g = B.Gemeente(name="Heerhugowaard", cbs_code="GM0398", valid_to=C.Date(year=2021, month=12, day=31),
               successor_id=dwid, postcodes=[B.PostcodeRange(**{"from": "1700", "to": "1706ZZ"})])
r = call("CreateGemeente", B.CreateGemeenteRequest(gemeente=g))
check("merged gemeente with successor valid from the day after", r.code == "OK"
      and r.resp.successor_id == dwid and getattr(r.resp.postcodes[0], "from") == "1700", repr(r))
hid = r.resp.id if r.code == "OK" else ""
g2 = B.Gemeente(name="Langedijk", valid_to=C.Date(year=2021, month=12, day=30), successor_id=dwid)
r = call("CreateGemeente", B.CreateGemeenteRequest(gemeente=g2))
check("successor not valid from the day after is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT"
      and "successor_id" in r.details, repr(r))
g3 = B.Gemeente(name="Bergen", postcodes=[B.PostcodeRange(**{"from": "1870", "to": "1860"})])
r = call("CreateGemeente", B.CreateGemeenteRequest(gemeente=g3))
check("postcode range from > to is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT" and "postcodes" in r.details,
      repr(r))
g4 = B.Gemeente(name="Bergen", postcodes=[B.PostcodeRange(**{"from": "18A0", "to": "1870"})])
check("malformed postcode is INVALID_ARGUMENT",
      call("CreateGemeente", B.CreateGemeenteRequest(gemeente=g4)).code == "INVALID_ARGUMENT")
r = call("CreateGemeente", B.CreateGemeenteRequest(gemeente=B.Gemeente(name="Heerhugowaard")))
check("same name valid in an overlapping period is ALREADY_EXISTS", r.code == "ALREADY_EXISTS", repr(r))
r = call("ListGemeenten", B.ListGemeentenRequest(valid_on=C.Date(year=2021, month=6, day=1)), tz)
check("toezicht lists gemeenten valid on 2021-06-01: Heerhugowaard only",
      r.code == "OK" and [x.name for x in r.resp.gemeenten] == ["Heerhugowaard"], repr(r))
r = call("GetGemeente", B.GetByIdRequest(id=hid), Bt.tokens["bestuur"])
check("other tenant's gemeente is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
r = call("CreateGemeente", B.CreateGemeenteRequest(gemeente=B.Gemeente(name="X")), tz)
check("toezicht cannot create a gemeente", r.code == "PERMISSION_DENIED", repr(r))

# ---- herkomst types
r = call("ListHerkomstTypes", B.ListHerkomstTypesRequest(), A.tokens["school"])
codes = [(t.code, t.route_group) for t in r.resp.types] if r.code == "OK" else []
check("nine default herkomst types with route groups", len(codes) == 9 and ("kdc", "voorschool") in codes
      and ("residentieel", "so") in codes, repr(r))
r = call("UpsertHerkomstType", B.HerkomstType(code="kdc", label="KDC", route_group="voorschool", sort_order=5,
                                              active=False))
check("UpsertHerkomstType overrides a default", r.code == "OK" and r.resp.label == "KDC", repr(r))
r = call("UpsertHerkomstType", B.HerkomstType(code="thuis", label="Thuiszitter", route_group="Zij en onder"))
check("a route_group that is not a code is INVALID_ARGUMENT",
      r.code == "INVALID_ARGUMENT" and "route_group" in r.details, repr(r))
r = call("UpsertHerkomstType", B.HerkomstType(code="thuis", label="Thuiszitter", route_group="x",
                                              route_group_label="L" * 201))
check("a route_group_label over 200 characters is INVALID_ARGUMENT",
      r.code == "INVALID_ARGUMENT" and "route_group_label" in r.details, repr(r))
# the SWV's own groups (D48): any code, with the group's name
r = call("UpsertHerkomstType", B.HerkomstType(code="thuis", label="Thuiszitter", route_group="residentieel_eigen",
                                              route_group_label="Residentieel", sort_order=95, active=True))
check("UpsertHerkomstType with the SWV's own route group and its label",
      r.code == "OK" and (r.resp.route_group, r.resp.route_group_label) == ("residentieel_eigen", "Residentieel"),
      repr(r))
r = call("ListHerkomstTypes", B.ListHerkomstTypesRequest())
kdc = [t for t in r.resp.types if t.code == "kdc"] if r.code == "OK" else []
check("effective list shows the override first", kdc and kdc[0].label == "KDC" and not kdc[0].active
      and r.resp.types[0].code == "kdc", repr(r))
r = call("ListHerkomstTypes", B.ListHerkomstTypesRequest(), Bt.tokens["bestuur"])
kdc = [t for t in r.resp.types if t.code == "kdc"] if r.code == "OK" else []
check("other tenant still has the default", kdc and kdc[0].label != "KDC", repr(r))

# ---- school fields
s = B.School(brin="22AB", vestiging="00", name="SO De Kreek", soort=2, so_cluster=3)
r = call("CreateSchool", B.CreateSchoolRequest(school=s))
check("so_cluster on an SBO school is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT" and "so_cluster" in r.details,
      repr(r))
s = B.School(brin="22AB", vestiging="00", name="SO De Kreek", soort=3, so_cluster=3, gemeente_id=hid)
r = call("CreateSchool", B.CreateSchoolRequest(school=s))
check("SO school with cluster and gemeente", r.code == "OK" and r.resp.so_cluster == 3 and r.resp.gemeente_id == hid,
      repr(r))
s = B.School(brin="22AC", vestiging="00", name="SBO", soort=2, schoolbestuur_id=other_bid)
r = call("CreateSchool", B.CreateSchoolRequest(school=s))
check("school with another tenant's schoolbestuur is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
check("cross-tenant schoolbestuur names the field", "schoolbestuur_id" in r.details, repr(r))
s = B.School(brin="22AD", vestiging="00", name="SO oud", soort=3, gemeente_id=hid,
             active_from=C.Date(year=2023, month=8, day=1))
r = call("CreateSchool", B.CreateSchoolRequest(school=s))
check("school active after its gemeente ended is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT"
      and "gemeente_id" in r.details, repr(r))
s = B.School(brin="22AE", vestiging="00", name="SBO Het Anker", soort=2, gemeente_id=dwid, schoolbestuur_id=bid,
             active_from=C.Date(year=2022, month=8, day=1))
r = call("CreateSchool", B.CreateSchoolRequest(school=s))
check("school in a gemeente valid on its dates", r.code == "OK", repr(r))
sid = r.resp.id if r.code == "OK" else ""

# ---- school update / deactivate
r = call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=sid, name="SBO Het Anker (nieuw)"),
                                               update_mask=["name"]))
check("UpdateSchool mask [name] changes only the name", r.code == "OK" and r.resp.name == "SBO Het Anker (nieuw)"
      and r.resp.brin == "22AE" and r.resp.soort == 2 and r.resp.gemeente_id == dwid
      and r.resp.schoolbestuur_id == bid and r.resp.active_from.year == 2022, repr(r))
r = call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=sid, name="x")))
check("UpdateSchool with an empty mask is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT", repr(r))
r = call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=sid), update_mask=["tenant_id"]))
check("UpdateSchool of a non-updatable field names it", r.code == "INVALID_ARGUMENT" and "tenant_id" in r.details,
      repr(r))
r = call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=sid, so_cluster=2), update_mask=["so_cluster"]))
check("UpdateSchool so_cluster on an SBO school is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT", repr(r))
r = call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=sid, schoolbestuur_id=other_bid),
                                               update_mask=["schoolbestuur_id"]))
check("UpdateSchool to another tenant's schoolbestuur is NOT_FOUND naming it", r.code == "NOT_FOUND"
      and "schoolbestuur_id" in r.details, repr(r))
r = call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=sid, name="y"), update_mask=["name"]), tz)
check("toezicht cannot update a school", r.code == "PERMISSION_DENIED", repr(r))
r = call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=Bt.school["s11"], name="y"),
                                               update_mask=["name"]))
check("UpdateSchool of another tenant's school is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
# the gemeente must stay valid on the school's resulting active dates
D = lambda y, m, d: C.Date(year=y, month=m, day=d)
GEM_RULE = "school.gemeente_id: the gemeente is not valid on the school's active dates"


def upd_school(mask, **kw):
    return call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=sid, **kw), update_mask=mask))


r = upd_school(["active_from"], active_from=D(2021, 8, 1))
check("UpdateSchool active_from before its gemeente began is INVALID_ARGUMENT",
      r.code == "INVALID_ARGUMENT" and r.details == GEM_RULE, repr(r))
r = upd_school(["gemeente_id"], gemeente_id=hid)
check("UpdateSchool to a gemeente that ended before active_from is INVALID_ARGUMENT",
      r.code == "INVALID_ARGUMENT" and r.details == GEM_RULE, repr(r))
r = call("GetSchool", B.GetSchoolRequest(id=sid))
check("refused updates changed nothing", r.code == "OK" and r.resp.gemeente_id == dwid
      and (r.resp.active_from.year, r.resp.active_from.month) == (2022, 8) and not r.resp.HasField("active_to"),
      repr(r))
r = upd_school(["gemeente_id", "active_from", "active_to"], gemeente_id=hid, active_from=D(2020, 8, 1),
               active_to=D(2021, 7, 31))
check("UpdateSchool gemeente and dates together, valid on the new dates", r.code == "OK"
      and r.resp.gemeente_id == hid and r.resp.active_to.year == 2021, repr(r))
# issue 7: a gemeente that merged stays valid for its school through its
# successor (Heerhugowaard -> Dijk en Waard); one without a successor is
# still refused past its end (see "issue 7" below)
r = upd_school(["active_to"], active_to=D(2022, 7, 31))
check("UpdateSchool active_to after its merged gemeente ended is valid through the successor",
      r.code == "OK" and r.resp.gemeente_id == hid and r.resp.active_to.year == 2022, repr(r))
r = upd_school(["active_to"])
check("UpdateSchool clearing active_to (open end) past its gemeente's end is allowed as on create",
      r.code == "OK" and not r.resp.HasField("active_to"), repr(r))
r = upd_school(["gemeente_id", "active_from"], gemeente_id=dwid, active_from=D(2022, 8, 1))
check("UpdateSchool back to Dijk en Waard from 2022-08-01", r.code == "OK" and r.resp.gemeente_id == dwid, repr(r))
r = call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=Bt.school["s11"], gemeente_id=hid),
                                               update_mask=["gemeente_id"]))
check("UpdateSchool gemeente of another tenant's school is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
r = call("DeactivateSchool", B.DeactivateRequest(id=sid, active_to=C.Date(year=2024, month=7, day=31)))
check("DeactivateSchool sets active_to", r.code == "OK" and r.resp.active_to.year == 2024
      and r.resp.name == "SBO Het Anker (nieuw)", repr(r))
r = call("GetSchool", B.GetSchoolRequest(id=sid))
check("deactivated school keeps its history", r.code == "OK" and r.resp.active_to.month == 7, repr(r))
r = call("DeactivateSchool", B.DeactivateRequest(id=Bt.school["s11"]))
check("DeactivateSchool of another tenant's school is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
r = call("DeactivateSchool", B.DeactivateRequest(id=sid), tz)
check("toezicht cannot deactivate a school", r.code == "PERMISSION_DENIED", repr(r))

# ---- gemeente update with a mask
r = call("UpdateGemeente", B.UpdateGemeenteRequest(gemeente=B.Gemeente(
    id=hid, postcodes=[B.PostcodeRange(**{"from": "1700", "to": "1709ZZ"})]), update_mask=["postcodes"]))
check("UpdateGemeente mask [postcodes] keeps name, dates and successor", r.code == "OK"
      and r.resp.name == "Heerhugowaard" and r.resp.successor_id == dwid and r.resp.valid_to.year == 2021
      and getattr(r.resp.postcodes[0], "to") == "1709ZZ", repr(r))
r = call("UpdateGemeente", B.UpdateGemeenteRequest(gemeente=B.Gemeente(id=hid, name="H")))
check("UpdateGemeente with an empty mask is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT", repr(r))
r = call("UpdateGemeente", B.UpdateGemeenteRequest(gemeente=B.Gemeente(id=hid, name="H"), update_mask=["naam"]))
check("UpdateGemeente unknown mask field named", r.code == "INVALID_ARGUMENT" and "naam" in r.details, repr(r))
r = call("UpdateGemeente", B.UpdateGemeenteRequest(gemeente=B.Gemeente(id=hid, name="H"), update_mask=["name"]), tz)
check("toezicht cannot update a gemeente", r.code == "PERMISSION_DENIED", repr(r))

# ---- issue 7: an update is refused only for what it touches; a merged
# gemeente stays valid for its school through its successor
sch = call("CreateGemeente", B.CreateGemeenteRequest(gemeente=B.Gemeente(name="Schermer",
                                                                         valid_from=D(2000, 1, 1))))
check("CreateGemeente Schermer (from 2000, no end yet)", sch.code == "OK", repr(sch))
schid = sch.resp.id if sch.code == "OK" else ""
s = B.School(brin="22AF", vestiging="00", name="SBO De Schermer", soort=2, gemeente_id=schid,
             active_from=D(2014, 8, 1), active_to=D(2016, 7, 31))
r = call("CreateSchool", B.CreateSchoolRequest(school=s))
check("school in Schermer 2014-2016", r.code == "OK", repr(r))
s7 = r.resp.id if r.code == "OK" else ""
r = call("UpdateGemeente", B.UpdateGemeenteRequest(gemeente=B.Gemeente(id=schid, valid_to=D(2015, 12, 31)),
                                                   update_mask=["valid_to"]))
check("Schermer ends 2015-12-31 (no successor), before the school's active_to", r.code == "OK", repr(r))


def upd7(mask, **kw):
    return call("UpdateSchool", B.UpdateSchoolRequest(school=B.School(id=s7, **kw), update_mask=mask))


r = upd7(["werkgebied_id"], werkgebied_id=A.wg["wg1"])
check("UpdateSchool [werkgebied_id] is not refused for the gemeente it does not touch",
      r.code == "OK" and r.resp.werkgebied_id == A.wg["wg1"] and r.resp.gemeente_id == schid, repr(r))
r = upd7(["name"], name="SBO De Schermer (nieuw)")
check("UpdateSchool [name] is not refused for the gemeente either", r.code == "OK", repr(r))
r = upd7(["active_to"], active_to=D(2016, 12, 31))
check("UpdateSchool active_to past the end of a gemeente without successor is INVALID_ARGUMENT",
      r.code == "INVALID_ARGUMENT" and r.details == GEM_RULE, repr(r))
r = upd7(["active_to"], active_to=D(2015, 7, 31))
check("UpdateSchool active_to within the gemeente is allowed", r.code == "OK", repr(r))
# the merger: Schermer's end moves to 2021-12-31 and it goes into Dijk en Waard
r = call("UpdateGemeente", B.UpdateGemeenteRequest(gemeente=B.Gemeente(
    id=schid, valid_to=D(2021, 12, 31), successor_id=dwid), update_mask=["valid_to", "successor_id"]))
check("Schermer merges into Dijk en Waard", r.code == "OK" and r.resp.successor_id == dwid, repr(r))
r = upd7(["active_to"])
check("UpdateSchool open active_to with a merged gemeente: valid through the successor",
      r.code == "OK" and not r.resp.HasField("active_to") and r.resp.gemeente_id == schid, repr(r))
r = upd7(["active_from"], active_from=D(2023, 8, 1))
check("UpdateSchool active_from after the merger: valid through the successor",
      r.code == "OK" and r.resp.active_from.year == 2023 and r.resp.gemeente_id == schid, repr(r))
r = upd7(["gemeente_id"], gemeente_id=schid)
check("naming the merged gemeente for dates after its end is still INVALID_ARGUMENT",
      r.code == "INVALID_ARGUMENT" and r.details == GEM_RULE, repr(r))
r = upd7(["active_from"], active_from=D(1999, 8, 1))
check("a date before the gemeente began is INVALID_ARGUMENT, successor or not",
      r.code == "INVALID_ARGUMENT" and r.details == GEM_RULE, repr(r))
r = upd7(["gemeente_id"], gemeente_id=dwid)
check("UpdateSchool to the successor itself", r.code == "OK" and r.resp.gemeente_id == dwid, repr(r))
r = call("GetSchool", B.GetSchoolRequest(id=s7))
check("GetSchool after issue 7 updates", r.code == "OK" and r.resp.gemeente_id == dwid
      and r.resp.active_from.year == 2023 and r.resp.name == "SBO De Schermer (nieuw)", repr(r))

# ---- werkgebieden: gemeente_ids, update with a mask, deactivate
W = M.werkgebied
PW = pr.P_WG


def wcall(m, req, tok=bt):
    return cl.call(PW + m, req, tok)


r = wcall("CreateWerkgebied", W.CreateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(
    name="Heerhugowaard e.o.", gemeente_ids=[hid, dwid, hid])))
check("CreateWerkgebied with gemeente_ids", r.code == "OK" and sorted(r.resp.gemeente_ids) == sorted([hid, dwid])
      and r.resp.active, repr(r))
wid = r.resp.id if r.code == "OK" else ""
r = wcall("GetWerkgebied", W.GetWerkgebiedRequest(id=wid), tz)
check("GetWerkgebied carries gemeente_ids (toezicht)", r.code == "OK" and sorted(r.resp.gemeente_ids) ==
      sorted([hid, dwid]) and r.resp.active, repr(r))
r = call("GetGemeente", B.GetByIdRequest(id=dwid))
check("Gemeente.werkgebied_ids round trip", r.code == "OK" and list(r.resp.werkgebied_ids) == [wid], repr(r))
r = wcall("UpdateWerkgebied", W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(id=wid, name="HHW"),
                                                        update_mask=["name"]))
check("UpdateWerkgebied mask [name] keeps gemeente_ids", r.code == "OK" and r.resp.name == "HHW"
      and sorted(r.resp.gemeente_ids) == sorted([hid, dwid]), repr(r))
r = wcall("UpdateWerkgebied", W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(id=wid, gemeente_ids=[dwid]),
                                                        update_mask=["gemeente_ids"]))
check("UpdateWerkgebied mask [gemeente_ids] replaces the set, keeps the name", r.code == "OK"
      and list(r.resp.gemeente_ids) == [dwid] and r.resp.name == "HHW", repr(r))
r = wcall("GetWerkgebied", W.GetWerkgebiedRequest(id=wid))
check("gemeente_ids stored", r.code == "OK" and list(r.resp.gemeente_ids) == [dwid], repr(r))
r = call("GetGemeente", B.GetByIdRequest(id=hid))
check("removed gemeente no longer lists the werkgebied", r.code == "OK" and list(r.resp.werkgebied_ids) == [],
      repr(r))
r = wcall("UpdateWerkgebied", W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(id=wid, name="z")))
check("UpdateWerkgebied with an empty mask is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT", repr(r))
r = wcall("UpdateWerkgebied", W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(id=wid), update_mask=["active"]))
check("UpdateWerkgebied mask [active] is INVALID_ARGUMENT naming it", r.code == "INVALID_ARGUMENT"
      and "active" in r.details, repr(r))
r = wcall("UpdateWerkgebied", W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(id=wid, gemeente_ids=["x"]),
                                                        update_mask=["gemeente_ids"]))
check("UpdateWerkgebied with a malformed gemeente id is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT"
      and "gemeente_ids" in r.details, repr(r))
bg = call("CreateGemeente", B.CreateGemeenteRequest(gemeente=B.Gemeente(name="Castricum")), Bt.tokens["bestuur"])
bgid = bg.resp.id if bg.code == "OK" else ""
r = wcall("UpdateWerkgebied", W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(id=wid, gemeente_ids=[bgid]),
                                                        update_mask=["gemeente_ids"]))
check("UpdateWerkgebied with another tenant's gemeente is NOT_FOUND naming gemeente_id", r.code == "NOT_FOUND"
      and "gemeente_id" in r.details, repr(r))
r = wcall("CreateWerkgebied", W.CreateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(name="Leeg",
                                                                                    gemeente_ids=[bgid])))
check("CreateWerkgebied with another tenant's gemeente is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
r = wcall("UpdateWerkgebied", W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(id=Bt.wg["wg1"], name="z"),
                                                        update_mask=["name"]))
check("UpdateWerkgebied of another tenant's werkgebied is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
r = wcall("UpdateWerkgebied", W.UpdateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(id=wid, name="z"),
                                                        update_mask=["name"]), tz)
check("toezicht cannot update a werkgebied", r.code == "PERMISSION_DENIED", repr(r))
r = wcall("DeactivateWerkgebied", W.DeactivateWerkgebiedRequest(id=wid), tz)
check("toezicht cannot deactivate a werkgebied", r.code == "PERMISSION_DENIED", repr(r))
r = wcall("DeactivateWerkgebied", W.DeactivateWerkgebiedRequest(id=Bt.wg["wg1"]))
check("DeactivateWerkgebied of another tenant's werkgebied is NOT_FOUND", r.code == "NOT_FOUND", repr(r))
r = wcall("DeactivateWerkgebied", W.DeactivateWerkgebiedRequest(id=wid))
check("DeactivateWerkgebied sets active=false, keeps the row", r.code == "OK" and not r.resp.active
      and r.resp.name == "HHW" and list(r.resp.gemeente_ids) == [dwid], repr(r))
r = wcall("ListWerkgebieden", W.ListWerkgebiedenRequest())
lst = {w.id: w for w in r.resp.werkgebieden} if r.code == "OK" else {}
check("ListWerkgebieden shows active flags and gemeente_ids", wid in lst and not lst[wid].active
      and list(lst[wid].gemeente_ids) == [dwid] and all(w.active for k, w in lst.items() if k != wid), repr(r))

# ---- issue 7: ListSchools filters soort, schoolbestuur_id, include_inactive
def list_schools(tok=bt, **kw):
    r = call("ListSchools", B.ListSchoolsRequest(page=C.PageRequest(page_size=1000), **kw), tok)
    return list(r.resp.schools) if r.code == "OK" else r


today = datetime.date.today()


def active(x):
    return not x.HasField("active_to") or datetime.date(x.active_to.year, x.active_to.month,
                                                        x.active_to.day) >= today


def ids(xs):
    return [x.id for x in xs] if isinstance(xs, list) else xs


everything = list_schools(include_inactive=True)
ok_all = isinstance(everything, list)
check("ListSchools include_inactive lists the closed school", ok_all and sid in ids(everything), repr(everything))
everything = everything if ok_all else []
cases = [("active schools by default", {}, lambda x: active(x)),
         ("soort SO", {"soort": 3}, lambda x: x.soort == 3 and active(x)),
         ("soort SBO with include_inactive", {"soort": 2, "include_inactive": True}, lambda x: x.soort == 2),
         ("schoolbestuur_id with include_inactive", {"schoolbestuur_id": bid, "include_inactive": True},
          lambda x: x.schoolbestuur_id == bid),
         ("schoolbestuur_id of a closed school's bestuur", {"schoolbestuur_id": bid},
          lambda x: x.schoolbestuur_id == bid and active(x)),
         ("werkgebied_id and soort BAO", {"werkgebied_id": A.wg["wg1"], "soort": 1},
          lambda x: x.werkgebied_id == A.wg["wg1"] and x.soort == 1 and active(x))]
for label, kw, want in cases:
    exp = [x.id for x in everything if want(x)]
    got = ids(list_schools(**kw))
    check("ListSchools %s: exactly those, in order" % label, got == exp, "got %r, want %r" % (got, exp))
check("the filters are not trivial here", sid not in ids(list_schools()) and 0 < len(ids(list_schools(soort=3)))
      < len(ids(list_schools())) and ids(list_schools(schoolbestuur_id=bid, include_inactive=True)) == [sid],
      repr(everything))
check("ListSchools with another tenant's schoolbestuur_id finds nothing",
      ids(list_schools(schoolbestuur_id=other_bid, include_inactive=True)) == [])
r = call("ListSchools", B.ListSchoolsRequest(schoolbestuur_id="41234"))
check("ListSchools schoolbestuur_id that is not a UUID is INVALID_ARGUMENT naming it",
      r.code == "INVALID_ARGUMENT" and "schoolbestuur_id" in r.details, repr(r))
r = call("ListSchools", B.ListSchoolsRequest(soort=9))
check("ListSchools unknown soort is INVALID_ARGUMENT naming it", r.code == "INVALID_ARGUMENT"
      and "soort" in r.details, repr(r))
r = call("ListSchools", B.ListSchoolsRequest(soort=1, page=C.PageRequest(page_size=1000)), A.tokens["werkgebied"])
check("a consulent's ListSchools soort BAO: the BAO schools of its werkgebied", r.code == "OK"
      and sorted(x.id for x in r.resp.schools) == sorted([A.school["s11"], A.school["s12"]]), repr(r))

# ---- issue 7: reading order and keyset paging by a text sort key
for brin, vest in (("44ZZ", "00"), ("44AA", "01"), ("44AA", "00"), ("44A9", "00"), ("4400", "03")):
    r = call("CreateSchool", B.CreateSchoolRequest(school=B.School(brin=brin, vestiging=vest, name="Orde " + brin,
                                                                   soort=2)))
    check("CreateSchool %s%s for the ordering" % (brin, vest), r.code == "OK", repr(r))
for num in ("49999", "40001", "45000"):
    r = call("CreateSchoolbestuur", mk_bst(num, "Orde " + num))
    check("CreateSchoolbestuur %s for the ordering" % num, r.code == "OK", repr(r))
# names that differ only in case or accents sort together (ties broken by
# valid_from, then id); a name sorts before a longer one that it starts
for name, frm, to in (("Bergen", None, D(2010, 12, 31)), ("Bergen", D(2011, 1, 1), None), ("bergen", None, None),
                      ("BERGEN", None, None), ("Bérgen", None, None), ("Den", None, None),
                      ("Den Helder", None, None), ("Denekamp", None, None), ("Älmere", None, None)):
    g = B.Gemeente(name=name)
    if frm:
        g.valid_from.CopyFrom(frm)
    if to:
        g.valid_to.CopyFrom(to)
    r = call("CreateGemeente", B.CreateGemeenteRequest(gemeente=g))
    check("CreateGemeente %s for the ordering" % name, r.code == "OK", repr(r))
for name in ("Noord", "noord", "NOORD", "Nóord", "Noord Oost", "Noordoost", "Ämstel"):
    r = wcall("CreateWerkgebied", W.CreateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(name=name)))
    check("CreateWerkgebied %s for the ordering" % name, r.code == "OK", repr(r))

FOLD = str.maketrans("ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ",
                     "aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooooouuuuuuuuyyy")


def name_key(name, then):
    """platform.name_key (sql/functions/platform_name_key.sql) as bytes."""
    return (name[:200].lower().translate(FOLD) + "\x01" + then).encode()


def ymd(d):
    return "%04d-%02d-%02d" % (d.year, d.month, d.day)


def pages(path, mk, field, size, tok=bt):
    """Every item of a List call, size per page: (items, number of pages)
    or (None, the failed reply)."""
    items, token, n = [], "", 0
    while n < 500:
        r = cl.call(path, mk(C.PageRequest(page_size=size, page_token=token)), tok)
        if r.code != "OK":
            return None, r
        items += list(getattr(r.resp, field))
        n += 1
        token = r.resp.next_page_token
        if not token:
            return items, n
    return None, "more than 500 pages"


def check_order(label, path, mk, field, key, tok=bt):
    full, _ = pages(path, mk, field, 1000, tok)
    if full is None:
        check(label + ": listed", False, repr(_))
        return []
    exp = sorted(full, key=key)
    check("%s: %d in reading order" % (label, len(full)), [x.id for x in full] == [x.id for x in exp],
          "got %r" % [key(x) for x in full])
    for size in (1, 2, 3):
        got, n = pages(path, mk, field, size, tok)
        check("%s: pages of %d give the same list, each once, in %d pages" % (label, size, -(-len(full) // size)),
              got is not None and [x.id for x in got] == [x.id for x in full] and n == -(-len(full) // size),
              repr(n if got is None else [x.id for x in got]))
    return full


check_order("ListSchools by BRIN and vestiging", P + "ListSchools",
            lambda pg: B.ListSchoolsRequest(page=pg, include_inactive=True), "schools",
            lambda x: (x.brin + x.vestiging + x.id).encode())
check_order("ListSchoolbesturen by bevoegd-gezag number", P + "ListSchoolbesturen",
            lambda pg: B.ListSchoolbesturenRequest(page=pg, include_inactive=True), "schoolbesturen",
            lambda x: (x.bevoegd_gezag_nummer + x.id).encode())
gl = check_order("ListGemeenten by name", P + "ListGemeenten", lambda pg: B.ListGemeentenRequest(page=pg),
                 "gemeenten", lambda x: name_key(x.name, ymd(x.valid_from) + x.id), tz)
wl = check_order("ListWerkgebieden by name", PW + "ListWerkgebieden", lambda pg: W.ListWerkgebiedenRequest(page=pg),
                 "werkgebieden", lambda x: name_key(x.name, x.id))
names = [x.name for x in gl]
berg = [i for i, n in enumerate(names) if n.lower().translate(FOLD) == "bergen"]
check("the five Bergens are adjacent, the two named Bergen in valid_from order",
      len(berg) == 5 and berg == list(range(berg[0], berg[0] + 5)) and
      [gl[i].valid_from.year for i in berg if gl[i].name == "Bergen"] == [1900, 2011], repr(names))
check("Älmere first, Den before Den Helder before Denekamp", names[:1] == ["Älmere"]
      and names.index("Den") < names.index("Den Helder") < names.index("Denekamp"), repr(names))
wn = [x.name for x in wl]
noord = [i for i, n in enumerate(wn) if n.lower().translate(FOLD) == "noord"]
check("the four Noords are adjacent, then Noord Oost, then Noordoost", len(noord) == 4
      and noord == list(range(noord[0], noord[0] + 4)) and wn[noord[-1] + 1:noord[-1] + 3] == ["Noord Oost",
                                                                                             "Noordoost"], repr(wn))
r = call("ListGemeenten", B.ListGemeentenRequest(page=C.PageRequest(page_size=1)))
tok = r.resp.next_page_token if r.code == "OK" else ""
r = cl.call(pr.P_TOE + "ListLeden", M.toezicht.ListLedenRequest(page=C.PageRequest(page_token=tok)), bt)
check("a name-ordered list's page token is no token of a list keyed by id", tok != "" and
      r.code == "INVALID_ARGUMENT" and "page_token" in r.details, repr(r))
r = call("ListGemeenten", B.ListGemeentenRequest(page=C.PageRequest(page_token="!!")))
check("a malformed page token of a name-ordered list is INVALID_ARGUMENT", r.code == "INVALID_ARGUMENT"
      and "page_token" in r.details, repr(r))
cl.close()
scenario.done()
