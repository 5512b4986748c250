# nk_tlv_api: loads the Noord-Kennemerland 2016-2017 demo data THROUGH THE API
# (python grpcio, passend_rpc): werkgebieden, schoolbesturen, the S(B)O schools
# of tlv_bestemming.csv and 98 basisscholen, schoolgaand tellingen, pupils,
# and every historical TLV as SubmitTlvAanvraag -> RecordAdvies -> DecideTlv.
# The records themselves come from nk_demo.generate (the demo generator in
# scripts/demo-data/, whose TLVs aggregate to the fixture tables in
# tests/fixtures/), so both paths share one data set.
# Use: populate(cl, M, bestuur_token, workdir) -> NkData. Raises SetupError.
import datetime as dt
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
sys.path.insert(0, os.path.join(_HERE, "..", "..", "scripts", "demo-data"))
import nk_demo  # noqa: E402
import passend_rpc as pr  # noqa: E402

SOORT = {"bao": 1, "sbo": 2, "so": 3}
GESLACHT = {"jongen": 1, "meisje": 2}
EXPERTS = [("A. Jansen", "orthopedagoog"), ("B. de Vries", "jeugdarts")]


class NkData:
    """What populate created: ids by name, the basisschool names (never to
    appear in a report for toezicht), the TLV ids and the generated rows."""

    def __init__(self):
        self.werkgebied = {}   # name -> id
        self.bestuur = {}      # bevoegd_gezag_nummer -> id
        self.bestuur_name = {}  # bevoegd_gezag_nummer -> name
        self.school = {}       # (brin, vestiging) -> id
        self.school_name = {}  # (brin, vestiging) -> name
        self.bao_names = []
        self.tlv_ids = []
        self.tlv_rows = []
        self.tellingen = []


def _date(M, s):
    d = dt.date.fromisoformat(s)
    return M.common.Date(year=d.year, month=d.month, day=d.day)


def populate(cl, M, token, workdir, fixtures=nk_demo.DEFAULT_FIXTURES, seed=nk_demo.DEFAULT_SEED,
             log=None):
    """Generates the demo CSVs into workdir (nk_demo.generate) and creates
    their content through the API with the bestuur token. Herkomst voorschool
    has no requesting school, but a pupil needs one: such a pupil is
    registered at its receiving school (or the first SO school for "Overig"),
    which is never a basisschool, so the aanvragende-basisscholen figures are
    unaffected. Returns NkData."""
    B, W = M.bestuur, M.werkgebied
    PB, PW = pr.P_BES, pr.P_WG
    nk_demo.generate(workdir, fixtures, seed)
    rd = lambda k: nk_demo.read_csv(os.path.join(workdir, k + ".csv"))
    d = NkData()
    for r in rd("werkgebieden"):
        req = W.CreateWerkgebiedRequest(werkgebied=W.WerkgebiedInfo(name=r["name"]))
        d.werkgebied[r["name"]] = pr.must(cl.call(PW + "CreateWerkgebied", req, token),
                                          "CreateWerkgebied %s" % r["name"]).id
    for r in rd("besturen"):
        sb = B.Schoolbestuur(bevoegd_gezag_nummer=r["bevoegd_gezag_nummer"], name=r["name"],
                             vestigingsplaats=r["vestigingsplaats"], runs_bao=r["runs_bao"] == "true",
                             runs_sbo=r["runs_sbo"] == "true", runs_so=r["runs_so"] == "true",
                             lidmaatschap=1 if r["lidmaatschap"] == "lid" else 2,
                             active_from=_date(M, r["active_from"]))
        res = pr.must(cl.call(PB + "CreateSchoolbestuur", B.CreateSchoolbestuurRequest(schoolbestuur=sb), token),
                      "CreateSchoolbestuur %s" % r["name"])
        d.bestuur[r["bevoegd_gezag_nummer"]] = res.id
        d.bestuur_name[r["bevoegd_gezag_nummer"]] = r["name"]
    so_first = None
    for r in rd("scholen"):
        k = (r["brin"], r["vestiging"])
        s = B.School(brin=r["brin"], vestiging=r["vestiging"], name=r["name"], soort=SOORT[r["soort"]],
                     so_cluster=int(r["so_cluster"] or 0), werkgebied_id=d.werkgebied.get(r["werkgebied"], ""),
                     schoolbestuur_id=d.bestuur[r["bevoegd_gezag_nummer"]],
                     active_from=_date(M, r["active_from"]))
        d.school[k] = pr.must(cl.call(PB + "CreateSchool", B.CreateSchoolRequest(school=s), token),
                              "CreateSchool %s" % r["name"]).id
        d.school_name[k] = r["name"]
        if r["soort"] == "bao":
            d.bao_names.append(r["name"])
        elif r["soort"] == "so" and so_first is None:
            so_first = k
    for r in rd("tellingen"):
        if r["tel_wijze"] != "schoolgaand":
            continue
        t = B.Telling(school_id=d.school[(r["brin"], r["vestiging"])], teldatum=_date(M, r["teldatum"]),
                      tel_wijze=1, aantal=int(r["aantal"]),
                      onder_8=int(r["onder_8"]) if r["onder_8"] else -1,
                      so_categorie_1=int(r["so_categorie_1"]) if r["so_categorie_1"] else -1,
                      so_categorie_2=int(r["so_categorie_2"]) if r["so_categorie_2"] else -1,
                      so_categorie_3=int(r["so_categorie_3"]) if r["so_categorie_3"] else -1)
        pr.must(cl.call(PB + "UpsertTelling", t, token), "UpsertTelling %s" % r["brin"])
        d.tellingen.append(r)
    experts = [B.Expert(name=n, discipline=x) for n, x in EXPERTS]
    for i, r in enumerate(rd("tlvs")):
        aanv = (r["aanvragende_brin"], r["aanvragende_vestiging"])
        ontv = (r["ontvangende_brin"], r["ontvangende_vestiging"])
        home = aanv if aanv[0] else (ontv if ontv[0] else so_first)
        ll = W.Leerling(school_id=d.school[home], source_system=r["source_system"], external_id=r["external_id"],
                        geboortejaar=int(r["geboortejaar"]), geslacht=GESLACHT.get(r["geslacht"], 0))
        lid = pr.must(cl.call(PW + "CreateLeerling", W.CreateLeerlingRequest(leerling=ll), token),
                      "CreateLeerling %s" % r["external_id"]).id
        sub = B.SubmitTlvAanvraagRequest(leerling_id=lid, herkomst=r["herkomst"],
                                         gevraagde_soort=SOORT[r["gevraagde_soort"]],
                                         aanvraagdatum=_date(M, r["aanvraagdatum"]), ouders_toestemming=True,
                                         toestemming_datum=_date(M, r["aanvraagdatum"]), groeidocument=True,
                                         opp=True, verslag_mdo=True, request_id="nk-" + r["tlv_nummer"])
        tid = pr.must(cl.call(PB + "SubmitTlvAanvraag", sub, token), "SubmitTlvAanvraag %s" % r["tlv_nummer"]).id
        pr.must(cl.call(PB + "RecordAdvies", B.RecordAdviesRequest(tlv_id=tid, experts=experts, advies="passend"),
                        token), "RecordAdvies %s" % r["tlv_nummer"])
        dec = B.DecideTlvRequest(tlv_id=tid, afgegeven=r["besluit"] == "afgegeven",
                                 besluitdatum=_date(M, r["besluitdatum"]), tlv_nummer=r["tlv_nummer"],
                                 soort=SOORT[r["soort"]], so_categorie=int(r["so_categorie"] or 0),
                                 startdatum=_date(M, r["startdatum"]), einddatum=_date(M, r["einddatum"]),
                                 ontvangende_school_id=d.school[ontv] if ontv[0] else "")
        pr.must(cl.call(PB + "DecideTlv", dec, token), "DecideTlv %s" % r["tlv_nummer"])
        d.tlv_ids.append(tid)
        d.tlv_rows.append(r)
        if log and (i + 1) % 50 == 0:
            log("%d TLVs created" % (i + 1))
    return d
