#!/usr/bin/env python3
"""nk_demo: demo data for the tenant Passend Primair Onderwijs Noord-Kennemerland, 2016-2017.

Writes CSV files in the import formats of docs/import.md (besturen, gemeenten, werkgebieden,
scholen, tellingen, tlvs, jaarplan) whose historical TLVs aggregate exactly to the published fixtures
(tests/fixtures/noord-kennemerland-2016-2017: tlv_herkomst.csv, tlv_bestemming.csv,
tlv_aanvragende_basisscholen.csv), the werkgebied area's (leerlingen: every BAO school's
pupils; mdos and arrangementen aggregating to mdo.csv, mdo_kenmerken.csv and
arrangementen_per_werkgebied.csv; thuiszitter_tellingen as thuiszitters_gemeente.csv and
thuiszitters_totalen.csv give them, thuiszitter_casussen open on 2017-03-15 as
dreigende_thuiszitters.csv counts them) and the jaarplan 2018-2019 (jaarplan_2018_2019.csv, a
schooljaar column added), and imports them with `passend bestuur import KIND FILE`.
Standard library only; the output depends only on --seed (same seed, same bytes).

  nk_demo.py generate OUTDIR [--fixtures DIR] [--seed N]
  nk_demo.py import OUTDIR [--passend PATH] [--dry-run] [--werkgebied]   (PASSEND_SERVER/_TOKEN/_CA)
  nk_demo.py check-files OUTDIR [--fixtures DIR]           (re-aggregates the CSVs; exit 1 on a mismatch)
  nk_demo.py check-tlv-report REPORT.json [--fixtures DIR]  (`passend rapport tlv ... --output json`)
  nk_demo.py check-deelname-report REPORT.json OUTDIR       (`passend rapport deelname --output json`)
  nk_demo.py begroting OUTDIR [--passend PATH] [--toezicht-token T]
                                  (begroting.csv through `passend begroting ...` and the realisatie import)
  nk_demo.py check-begroting-report REPORT.json [--fixtures DIR]
                                  (`passend rapport begroting ... --output json` against
                                   begroting_totalen_berekend.csv)
  nk_demo.py check-arrangement-report REPORT.json [--fixtures DIR]  (`passend rapport arrangementen`)
  nk_demo.py check-mdo-report REPORT.json [--fixtures DIR]          (`passend rapport mdo`)
  nk_demo.py check-thuiszitter-report REPORT.json [--fixtures DIR]  (`passend rapport thuiszitters`)
  The check-* commands print "ok - X" / "FAIL - X: why" lines and exit 1 on a failure.
"""
import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
from collections import Counter, OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
# the published figures are committed in the repository (tests/fixtures/README.md)
DEFAULT_FIXTURES = os.path.normpath(os.path.join(
    HERE, "..", "..", "tests", "fixtures", "noord-kennemerland-2016-2017"))
DEFAULT_SEED = 20162017

TENANT_NAME = "Passend Primair Onderwijs Noord-Kennemerland"
TENANT_DUO = "PO 27-04"
TELDATUM = "2016-10-01"
SOURCE_SYSTEM = "nk-demo"
# Import order: every file only refers to rows of files imported before it.
KINDS = ["gemeenten", "werkgebieden", "besturen", "scholen", "tellingen", "tlvs", "jaarplan"]
JAARPLAN_SCHOOLJAAR = "2018-2019"

# Pupils per werkgebied on the teldatum: the fixture README's point estimates (the printed
# "individueel_pct_leerlingen" of arrangementen_per_werkgebied.csv comes out of them).
BAO_PUPILS = OrderedDict([
    ("Alkmaar-Noord", 2774), ("Alkmaar-Oost", 2837), ("Alkmaar-Zuid", 3210), ("Bergen", 2018),
    ("Heiloo", 1801), ("Langedijk", 2519), ("Heerhugowaard-Zuid", 2600),
    ("Heerhugowaard-Noord", 2821),
])
BASISSCHOLEN = 98

# Windows away from the inferred trimester boundaries (fixture README, "Periods").
WINDOWS = {"T1": (dt.date(2016, 8, 8), dt.date(2016, 11, 23)),
           "T2": (dt.date(2016, 12, 8), dt.date(2017, 3, 24))}

# ---- reference data -------------------------------------------------------------------
GEMEENTEN = [
    # name, cbs_code, valid_from, valid_to, successor
    ("Dijk en Waard", "1980", "2022-01-01", "", ""),
    ("Alkmaar", "0361", "2015-01-01", "", ""),
    ("Bergen", "0373", "2001-01-01", "", ""),
    ("Heiloo", "0399", "1990-01-01", "", ""),
    ("Langedijk", "0416", "1990-01-01", "2021-12-31", "Dijk en Waard"),
    ("Heerhugowaard", "0398", "1990-01-01", "2021-12-31", "Dijk en Waard"),
]

# 13 besturen: 11 run basisscholen (two of them also an SBO school), one member board runs
# SBO and SO, one out-of-region SO board is affiliated (aangesloten).
BESTUREN = [
    # nummer, name, seat, bao, sbo, so, lidmaatschap, gemeenten where its BAO schools are
    ("41721", "Stichting Openbaar Primair Onderwijs Kennemerhout", "Alkmaar", 1, 1, 0, "lid",
     ["Alkmaar"]),
    ("41722", "Stichting Katholiek Onderwijs De Duinrand", "Alkmaar", 1, 0, 0, "lid",
     ["Alkmaar", "Heiloo"]),
    ("41723", "Vereniging Christelijk Basisonderwijs Alkmaar e.o.", "Alkmaar", 1, 0, 0, "lid",
     ["Alkmaar"]),
    ("41724", "Stichting Scholengroep Bergen aan Zee", "Bergen", 1, 0, 0, "lid", ["Bergen"]),
    ("41725", "Stichting Primair Onderwijs Heiloo-Limmen", "Heiloo", 1, 0, 0, "lid", ["Heiloo"]),
    ("41726", "Stichting Onderwijs Langedijk-Oudkarspel", "Langedijk", 1, 1, 0, "lid",
     ["Langedijk"]),
    ("41727", "Stichting Openbaar Onderwijs Heerhugowaard", "Heerhugowaard", 1, 0, 0, "lid",
     ["Heerhugowaard"]),
    ("41728", "Stichting Katholieke Scholen De Waard", "Heerhugowaard", 1, 0, 0, "lid",
     ["Heerhugowaard", "Langedijk"]),
    ("41729", "Vereniging Protestants-Christelijk Onderwijs Noord-Kennemerland", "Heerhugowaard",
     1, 0, 0, "lid", ["Heerhugowaard", "Langedijk", "Alkmaar"]),
    ("41730", "Stichting Montessori- en Daltononderwijs Kennemerland", "Alkmaar", 1, 0, 0, "lid",
     ["Alkmaar", "Bergen", "Heiloo"]),
    ("41731", "Stichting Vrije Scholen Noord-Holland Noord", "Bergen", 1, 0, 0, "lid",
     ["Bergen", "Alkmaar", "Heerhugowaard"]),
    ("41732", "Stichting Speciaal Onderwijs Noord-Kennemerland", "Alkmaar", 0, 1, 1, "lid", []),
    ("41733", "Stichting Onderwijs Zorg Groep Noord-Holland", "Heerhugowaard", 0, 0, 1,
     "aangesloten", []),
]

# The S(B)O schools named in tlv_bestemming.csv: brin, vestiging, bestuur, gemeente, cluster,
# pupils on the teldatum, of which under 8, SO category 1/2/3.
SBO_SO = OrderedDict([
    ("Nexus", ("09SB", "00", "41721", "Alkmaar", 0, 186, 21, None)),
    ("SBO De Piramide", ("09SC", "00", "41726", "Langedijk", 0, 142, 17, None)),
    ("SBO De Vlindertuin", ("09SD", "00", "41732", "Heerhugowaard", 0, 171, 19, None)),
    ("SO Antonius", ("09TA", "00", "41732", "Alkmaar", 3, 94, 31, (52, 30, 12))),
    ("OZG SO Antonius", ("09TA", "01", "41733", "Alkmaar", 3, 38, 17, (4, 11, 23))),
    ("SO De Alk", ("09TB", "00", "41732", "Alkmaar", 3, 71, 22, (48, 15, 8))),
    ("SO De Ruimte", ("09TC", "00", "41732", "Heiloo", 4, 44, 9, (44, 0, 0))),
    ("SO De Spinaker", ("09TD", "00", "41732", "Heerhugowaard", 4, 112, 24, (108, 3, 1))),
    ("OZG SO De Spinaker", ("09TD", "01", "41733", "Heerhugowaard", 3, 36, 15, (3, 12, 21))),
])

# relative number of basisscholen of each BAO bestuur
BESTUUR_WEIGHT = {"41721": 6, "41722": 5, "41723": 3, "41724": 8, "41725": 6, "41726": 6,
                  "41727": 6, "41728": 4, "41729": 3, "41730": 1, "41731": 0.3}
# school name prefixes that fit each bestuur's denomination
NAME_PREFIX = {
    "41721": ["OBS", "OBS", "IKC"], "41722": ["RKBS", "Basisschool"], "41723": ["CBS"],
    "41724": ["Basisschool", "OBS"], "41725": ["Basisschool", "RKBS", "OBS"],
    "41726": ["Basisschool", "OBS", "IKC"], "41727": ["OBS", "IKC"], "41728": ["RKBS", "Basisschool"],
    "41729": ["PCBS", "CBS"], "41730": ["Montessorischool", "Daltonschool", "Jenaplanschool"],
    "41731": ["Vrije School"],
}
NAME_CORE = [
    "De Regenboog", "Het Kompas", "De Wilgen", "De Zevensprong", "Het Palet", "De Vuurtoren",
    "De Klimop", "De Springplank", "Het Mozaïek", "De Windroos", "De Sterrenwachter",
    "De Duinroos", "De Kleine Prins", "Het Baken", "De Meander", "De Tuimelaar", "De Schakel",
    "Sint Jozef", "Sint Maarten", "De Fontein", "Het Zonnewiel", "De Molenwiek", "De Wegwijzer",
    "De Vlieger", "De Boomgaard", "Het Lichtpunt", "De Kameleon", "Het Startpunt", "De Zandloper",
    "De Horizon", "De Oosterhout", "De Tweemaster", "Het Tuinpad", "De Rozenhof", "De Kerkuil",
    "De Pijlstaart", "De Ooievaar", "Het Kraaiennest", "De Ganzenveer", "De Notenbalk",
    "De Bolderik", "Het Rietland", "De Polderwind", "De Dijkgraaf", "De Terp", "De Molenkamp",
    "De Saenden", "Het Klaverblad", "De Egelantier", "De Bongerd", "Het Open Veld", "De Wissel",
    "De Brug", "De Ark", "Het Anker", "De Bron", "De Driesprong", "De Cirkel", "De Piramide-West",
    "Het Vogelnest", "De Watertoren", "De Duif", "De Lindenhof", "De Eikenhorst", "De Kastanje",
    "De Esdoorn", "De Beuk", "Het Kennemerhuis", "De Ruimte-Noord", "De Ontdekking",
    "De Vaart", "Het Blauwe Huis", "De Zeilboot", "Het Schip", "De Strandloper", "De Meeuw",
    "De Wadden", "Het Duin", "De Bloesem", "De Tulp", "De Narcis", "De Krokus", "De Hyacint",
    "De Zonnebloem", "Het Lelieveld", "De Akker", "De Hoeve", "De Boerderij", "Het Erf",
    "De Schuur", "De Molen", "De Sluis", "De Kaag", "De Plas", "De Kolk", "Het Wiel", "De Ring",
    "De Oever", "De Slinger", "Het Kasteel", "De Toren",
]
PLACES = {
    "Alkmaar": ["Alkmaar", "Oudorp", "Koedijk", "Stompetoren", "De Rijp", "Graft"],
    "Bergen": ["Bergen", "Egmond aan Zee", "Egmond-Binnen", "Schoorl", "Groet"],
    "Heiloo": ["Heiloo"],
    "Langedijk": ["Broek op Langedijk", "Noord-Scharwoude", "Zuid-Scharwoude", "Sint Pancras"],
    "Heerhugowaard": ["Heerhugowaard"],
}


def fail(msg):
    sys.stderr.write("nk_demo: %s\n" % msg)
    sys.exit(2)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    """Writes RFC 4180 CSV with LF line endings; returns the row count."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in header])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return len(rows)


def load_fixtures(fdir, names=("werkgebieden", "tlv_herkomst", "tlv_bestemming",
                               "tlv_aanvragende_basisscholen")):
    fx = {}
    for name in names:
        p = os.path.join(fdir, name + ".csv")
        if not os.path.exists(p):
            fail("fixture %s not found (use --fixtures DIR)" % p)
        fx[name] = read_csv(p)
    return fx


def brin_seq(n):
    """00AA, 00AB, ... 00AZ, 00BA, ...: n distinct BAO BRINs."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return ["00%s%s" % (letters[i // 26], letters[i % 26]) for i in range(n)]


def split_largest_remainder(total, weights):
    """Integers proportional to weights that add up to total (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def weekday_in(rng, lo, hi):
    """A random Monday-Friday date in [lo, hi]."""
    days = [lo + dt.timedelta(d) for d in range((hi - lo).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    return rng.choice(days)


# ---- generation ----------------------------------------------------------------------
def generate(outdir, fdir, seed):
    fx = load_fixtures(fdir)
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)

    werkgebieden = [(r["werkgebied"], r["gemeente"]) for r in fx["werkgebieden"]]
    if [w for w, _ in werkgebieden] != list(BAO_PUPILS):
        fail("werkgebieden.csv does not list the 8 werkgebieden this generator knows")
    wg_gemeente = dict(werkgebieden)

    # gemeenten
    gem_rows = [{"name": n, "cbs_code": c, "valid_from": f, "valid_to": t, "successor": s,
                 "postcodes": ""} for n, c, f, t, s in GEMEENTEN]
    # werkgebieden with the gemeente they cover
    wg_rows = [{"name": w, "gemeenten": g} for w, g in werkgebieden]
    # besturen
    bestuur_rows = [{"bevoegd_gezag_nummer": nr, "name": name, "vestigingsplaats": seat,
                     "runs_bao": "true" if bao else "false", "runs_sbo": "true" if sbo else "false",
                     "runs_so": "true" if so else "false", "lidmaatschap": lid,
                     "active_from": "2014-08-01", "active_to": ""}
                    for nr, name, seat, bao, sbo, so, lid, _ in BESTUREN]

    # scholen: the S(B)O schools of the fixture, then 98 basisscholen
    bestemming = fx["tlv_bestemming"]
    soort_of = {r["school"]: r["soort"] for r in bestemming}
    school_rows = []
    sbo_so_names = [r["school"] for r in bestemming if r["soort"] in ("SBO", "SO")]
    if sorted(sbo_so_names) != sorted(SBO_SO):
        fail("tlv_bestemming.csv names S(B)O schools this generator does not know: %s"
             % sorted(set(sbo_so_names) ^ set(SBO_SO)))
    for name in sbo_so_names:
        brin, vest, bnr, gem, cluster, _, _, _ = SBO_SO[name]
        school_rows.append({"brin": brin, "vestiging": vest, "name": name,
                            "soort": soort_of[name].lower(), "so_cluster": cluster or "",
                            "bevoegd_gezag_nummer": bnr, "gemeente": gem, "werkgebied": "",
                            "active_from": "2014-08-01", "active_to": ""})

    per_wg = split_largest_remainder(BASISSCHOLEN, list(BAO_PUPILS.values()))
    brins = brin_seq(BASISSCHOLEN)
    names = NAME_CORE[:]
    rng.shuffle(names)
    bao = []  # dicts with werkgebied, pupils
    k = 0
    seen = set()
    for (wg, pupils), n in zip(BAO_PUPILS.items(), per_wg):
        gem = wg_gemeente[wg]
        candidates = [b for b in BESTUREN if gem in b[7]]
        # school sizes: random weights, scaled to the werkgebied's pupils exactly
        sizes = split_largest_remainder(pupils, [rng.randint(60, 170) for _ in range(n)])
        for i in range(n):
            unseen = [c for c in candidates if c[0] not in seen]
            if unseen:  # every bestuur gets a school, then by the size of the bestuur
                b = unseen[0]
            else:
                b = rng.choices(candidates, [BESTUUR_WEIGHT[c[0]] for c in candidates])[0]
            seen.add(b[0])
            prefix = rng.choice(NAME_PREFIX[b[0]])
            place = rng.choice(PLACES[gem])
            row = {"brin": brins[k], "vestiging": "00",
                   "name": "%s %s (%s)" % (prefix, names[k], place), "soort": "bao",
                   "so_cluster": "", "bevoegd_gezag_nummer": b[0], "gemeente": gem, "werkgebied": wg,
                   "active_from": "2014-08-01", "active_to": ""}
            school_rows.append(row)
            bao.append({"row": row, "werkgebied": wg, "aantal": sizes[i]})
            k += 1

    # tellingen 2016-10-01: schoolgaand per school; woonachtig per school and gemeente of residence
    tel_rows = []
    gem_names = [g for g in dict.fromkeys(wg_gemeente.values())]
    for s in bao:
        r = s["row"]
        onder_8 = round(s["aantal"] * rng.uniform(0.43, 0.50))
        tel_rows.append({"brin": r["brin"], "vestiging": r["vestiging"], "teldatum": TELDATUM,
                         "tel_wijze": "schoolgaand", "gemeente": "", "aantal": s["aantal"],
                         "onder_8": onder_8})
        # woonachtig: most pupils live in the school's own gemeente, a few next door
        other = rng.choice([g for g in gem_names if g != r["gemeente"]])
        elders = round(s["aantal"] * rng.uniform(0.02, 0.08))
        o8_elders = round(elders * onder_8 / s["aantal"])
        tel_rows.append({"brin": r["brin"], "vestiging": r["vestiging"], "teldatum": TELDATUM,
                         "tel_wijze": "woonachtig", "gemeente": r["gemeente"],
                         "aantal": s["aantal"] - elders, "onder_8": onder_8 - o8_elders})
        tel_rows.append({"brin": r["brin"], "vestiging": r["vestiging"], "teldatum": TELDATUM,
                         "tel_wijze": "woonachtig", "gemeente": other, "aantal": elders,
                         "onder_8": o8_elders})
    bao_per_gem = Counter()
    for s in bao:
        bao_per_gem[s["row"]["gemeente"]] += s["aantal"]
    for name in sbo_so_names:
        brin, vest, _, _, _, aantal, onder_8, cats = SBO_SO[name]
        row = {"brin": brin, "vestiging": vest, "teldatum": TELDATUM, "tel_wijze": "schoolgaand",
               "gemeente": "", "aantal": aantal, "onder_8": onder_8}
        if cats:
            row.update(so_categorie_1=cats[0], so_categorie_2=cats[1], so_categorie_3=cats[2])
        tel_rows.append(row)
        # woonachtig: S(B)O pupils come from the whole region, pro rata BAO pupils per gemeente
        # (one entry per pupil: category and age band, dealt out in chunks so that every
        # gemeente's counts add up)
        parts = split_largest_remainder(aantal, [bao_per_gem[g] for g in gem_names])
        cat_list = []
        for c, n in enumerate(cats or (aantal, 0, 0), start=1):
            cat_list += [c] * n
        pupils = [(c, i < onder_8) for i, c in enumerate(rng.sample(cat_list, len(cat_list)))]
        rng.shuffle(pupils)
        at = 0
        for j, g in enumerate(gem_names):
            chunk = pupils[at:at + parts[j]]
            at += parts[j]
            wr = {"brin": brin, "vestiging": vest, "teldatum": TELDATUM, "tel_wijze": "woonachtig",
                  "gemeente": g, "aantal": parts[j], "onder_8": sum(1 for _, o in chunk if o)}
            if cats:
                wr.update(so_categorie_1=sum(1 for c, _ in chunk if c == 1),
                          so_categorie_2=sum(1 for c, _ in chunk if c == 2),
                          so_categorie_3=sum(1 for c, _ in chunk if c == 3))
            tel_rows.append(wr)

    tlv_rows = generate_tlvs(rng, fx, bao, sbo_so_names)

    files = OrderedDict()
    files["gemeenten"] = write_csv(os.path.join(outdir, "gemeenten.csv"), COLUMNS["gemeenten"], gem_rows)
    files["werkgebieden"] = write_csv(os.path.join(outdir, "werkgebieden.csv"), COLUMNS["werkgebieden"], wg_rows)
    files["besturen"] = write_csv(os.path.join(outdir, "besturen.csv"), COLUMNS["besturen"], bestuur_rows)
    files["scholen"] = write_csv(os.path.join(outdir, "scholen.csv"), COLUMNS["scholen"], school_rows)
    files["tellingen"] = write_csv(os.path.join(outdir, "tellingen.csv"), COLUMNS["tellingen"], tel_rows)
    files["tlvs"] = write_csv(os.path.join(outdir, "tlvs.csv"), COLUMNS["tlvs"], tlv_rows)
    # the jaarplan as published (reference data), in the import's format: the school year added
    jaarplan = read_csv(os.path.join(fdir, "jaarplan_2018_2019.csv"))
    files["jaarplan"] = write_csv(os.path.join(outdir, "jaarplan.csv"), ["schooljaar"] + list(jaarplan[0]),
                                  [dict(r, schooljaar=JAARPLAN_SCHOOLJAAR) for r in jaarplan])
    # the werkgebied area from its own random stream, so the files above stay as they were
    wg_files = generate_werkgebied(random.Random(seed + 1), fdir, bao, tel_rows, tlv_rows)
    for kind, rows in wg_files.items():
        files[kind] = write_csv(os.path.join(outdir, kind + ".csv"), COLUMNS[kind], rows)
    return files


# ---- the werkgebied area: pupils, MDOs and arrangements (issue 8) ------------------------
# Imported after KINDS with `nk_demo.py import --werkgebied` (scripts/demo does).
WG_KINDS = ["leerlingen", "mdos", "arrangementen", "thuiszitter_tellingen", "thuiszitter_casussen"]
# The SWV's ondersteuningscategorieen (set with `passend lijst set` before the arrangements).
CATEGORIEEN = [
    ("gedrag", "5 gedragsinterventietechnieken"), ("lezen", "6 verrijkt leesonderwijs"),
    ("taal_spraak", "Taal en spraak"), ("rekenen", "Rekenen"),
    ("sociaal_emotioneel", "Sociaal-emotionele ontwikkeling"),
    ("meer_begaafd", "Meer- en hoogbegaafdheid"),
]
MDO_NIVEAUS = ["niv_2"] * 12 + ["niv_3"] * 6 + ["niv_4"] * 2 + ["ivm_vo"]
# MDOs per trimester (mdo.csv) and how many are about a pupil younger than 8: 890 of 1648
# rounds to 0.54 (882-898 do), per MDO and per distinct pupil alike (one pupil per MDO).
MDO_ONDER_8 = 890


def load_wg_fixtures(fdir):
    return load_fixtures(fdir, ("arrangementen_per_werkgebied", "mdo", "mdo_kenmerken", "thuiszitters_gemeente",
                                "thuiszitters_totalen", "dreigende_thuiszitters"))


def euros(cents):
    return "%d,%02d" % (cents // 100, cents % 100)


def generate_werkgebied(rng, fdir, bao, tel_rows, tlv_rows):
    """leerlingen, mdos and arrangementen rows that reproduce the werkgebied fixtures."""
    fx = load_wg_fixtures(fdir)
    # ---- pupils: every BAO school's count on the teldatum, so that each werkgebied has the
    # pupils of BAO_PUPILS (the denominator of the arrangement report's percentage). The TLV
    # pupils from basisonderwijs are registered at their requesting school and are part of it.
    onder_8 = {(t["brin"], t["vestiging"]): int(t["onder_8"]) for t in tel_rows
               if t["tel_wijze"] == "schoolgaand"}
    tlv_at = defaultdict(list)
    for t in tlv_rows:
        if t["herkomst"] == "basisonderwijs":
            tlv_at[(t["aanvragende_brin"], t["aanvragende_vestiging"])].append(t)
    pupils = []
    by_wg = defaultdict(list)
    seq = 100000
    for s in bao:
        r = s["row"]
        key = (r["brin"], r["vestiging"])
        here = [{"source_system": SOURCE_SYSTEM, "external_id": t["external_id"], "brin": r["brin"],
                 "vestiging": r["vestiging"], "geboortejaar": t["geboortejaar"],
                 "geslacht": t["geslacht"]} for t in tlv_at[key]]
        young = max(0, onder_8[key] - sum(1 for p in here if int(p["geboortejaar"]) >= 2009))
        for i in range(s["aantal"] - len(here)):
            seq += 1
            here.append({"source_system": SOURCE_SYSTEM, "external_id": "nk-ll-%06d" % seq,
                         "brin": r["brin"], "vestiging": r["vestiging"],
                         "geboortejaar": rng.randint(2009, 2012) if i < young else rng.randint(2004, 2008),
                         "geslacht": rng.choice(["jongen", "meisje"])})
        pupils += here
        by_wg[s["werkgebied"]] += here

    # ---- MDOs: one pupil each, 705 in T1 and 943 in T2 (mdo.csv), 890 about a pupil < 8,
    # 10 + 9 temporary placements in SBO and SO (mdo_kenmerken.csv)
    per = {r["periode"]: int(r["aantal"]) for r in fx["mdo"]}
    ken = {r["kenmerk"]: r["waarde"] for r in fx["mdo_kenmerken"]}
    n_mdo = per["T1"] + per["T2"]
    young = [p for p in pupils if int(p["geboortejaar"]) >= 2009]
    old = [p for p in pupils if int(p["geboortejaar"]) < 2009]
    chosen = rng.sample(young, MDO_ONDER_8) + rng.sample(old, n_mdo - MDO_ONDER_8)
    rng.shuffle(chosen)
    periods = ["T1"] * per["T1"] + ["T2"] * per["T2"]
    plaatsing = (["sbo"] * int(ken["tijdelijke_plaatsingen_sbo"]) +
                 ["so"] * int(ken["tijdelijke_plaatsingen_so"]))
    plaatsing += [None] * (n_mdo - len(plaatsing))
    rng.shuffle(plaatsing)
    mdos = []
    for p, pr, pl in zip(chosen, periods, plaatsing):
        datum = weekday_in(rng, *WINDOWS[pr])
        deelnemers = ["school", "ouders"]
        if rng.random() < 0.9:
            deelnemers.append("consulent")
        if rng.random() < 0.35:
            deelnemers.append("jeugdhulp")
        if rng.random() < 0.1:
            deelnemers.append("jeugdarts")
        uitkomst = "tijdelijke_plaatsing" if pl else rng.choice(
            ["arrangement"] * 6 + ["geen"] * 3 + ["tlv_route"])
        mdos.append({"source_system": p["source_system"], "external_id": p["external_id"],
                     "datum": datum.isoformat(), "niveau": rng.choice(MDO_NIVEAUS),
                     "deelnemers": ";".join(deelnemers),
                     "kind_deelgenomen": "ja" if rng.random() < 0.46 else "nee",
                     "uitkomst": uitkomst, "plaatsing": pl or "",
                     "plaatsing_weken": rng.randint(10, 20) if pl else "",
                     "toestemming_datum": (datum - dt.timedelta(rng.randint(3, 30))).isoformat()})
    mdos.sort(key=lambda m: (m["datum"], m["external_id"]))

    # ---- arrangements per werkgebied (arrangementen_per_werkgebied.csv): its counts per type,
    # and `verlengingen` of them extensions of an arrangement of 2015-2016 (verlengd, not counted)
    arrs = []
    cats = [c for c, _ in CATEGORIEEN]
    for r in fx["arrangementen_per_werkgebied"]:
        wg = r["werkgebied"]
        if wg not in by_wg:
            fail("arrangementen_per_werkgebied.csv names werkgebied %s this generator does not know" % wg)
        types = (["individueel"] * int(r["individueel"]) + ["groep"] * int(r["groep"]) +
                 ["innovatie"] * int(r["innovatie"]))
        rng.shuffle(types)
        verl = int(r["verlengingen"])
        pool = rng.sample(by_wg[wg], int(r["individueel"]))
        for i, typ in enumerate(types):
            start = weekday_in(rng, *WINDOWS["T1" if rng.random() < 0.45 else "T2"])
            end = min(start + dt.timedelta(rng.randint(90, 300)), dt.date(2017, 7, 31))
            uren = {"individueel": rng.randint(2, 8), "groep": rng.randint(4, 16),
                    "innovatie": rng.randint(0, 8)}[typ] * 50  # hundredths: 1-4 h, 2-8 h, 0-4 h
            weeks = max(1, (end - start).days // 7)
            a = {"type": typ, "werkgebied": "" if typ == "individueel" else wg,
                 "ondersteuningscategorie": "" if typ == "innovatie" else rng.choice(cats),
                 "uren_per_week": "%d,%02d" % (uren // 100, uren % 100),
                 "bedrag": euros(uren * weeks * 55), "startdatum": start.isoformat(),
                 "einddatum": end.isoformat(),
                 "versterkt_leerkracht": "ja" if rng.random() < 0.4 else "nee",
                 "status": rng.choice(["toegekend", "lopend", "lopend", "geevalueerd", "beeindigd"]),
                 "omschrijving": "", "_wg": wg}
            consent_from = start
            if typ == "individueel":
                p = pool.pop()
                a.update(source_system=p["source_system"], external_id=p["external_id"])
            if i < verl:
                pstart = weekday_in(rng, dt.date(2015, 9, 1), dt.date(2016, 3, 31))
                prev = dict(a, startdatum=pstart.isoformat(),
                            einddatum=min(start - dt.timedelta(1), dt.date(2016, 7, 15)).isoformat(),
                            status="verlengd",
                            bedrag=euros(uren * max(1, (start - pstart).days // 7) * 55))
                prev["versterkt_leerkracht"] = "ja" if rng.random() < 0.4 else "nee"
                a["_prev"] = prev
                a["reflectie"] = rng.choice([
                    "Doelen deels bereikt; verlengd met aangepaste doelen.",
                    "Goede vooruitgang, nog niet duurzaam: verlengd.",
                    "Evaluatie met ouders en school: voortzetten in het nieuwe schooljaar."])
                consent_from = pstart
            if typ == "individueel":
                a["toestemming_datum"] = (consent_from - dt.timedelta(rng.randint(7, 40))).isoformat()
            arrs.append(a)
    # numbers in date order: 2015-2016 predecessors, then 2016-2017
    prevs = sorted((a["_prev"] for a in arrs if "_prev" in a),
                   key=lambda a: (a["startdatum"], a["_wg"], a["type"]))
    for n, a in enumerate(prevs, start=1):
        a["nummer"] = "NK-A-1516-%04d" % n
        a.pop("toestemming_datum", None)  # the verlenging's row records the consent
    arrs.sort(key=lambda a: (a["startdatum"], a["_wg"], a["type"]))
    for n, a in enumerate(arrs, start=1):
        a["nummer"] = "NK-A-1617-%04d" % n
        if "_prev" in a:
            a["verlenging_van"] = a["_prev"]["nummer"]
    rows = prevs + arrs
    for a in rows:
        a.pop("_prev", None)
        a.pop("_wg", None)
    tellingen, casussen = generate_thuiszitters(rng, fx, by_wg)
    return OrderedDict([("leerlingen", pupils), ("mdos", mdos), ("arrangementen", rows),
                        ("thuiszitter_tellingen", tellingen), ("thuiszitter_casussen", casussen)])


# The thuiszitter day of dreigende_thuiszitters.csv and the scenario flags a case may carry.
THUISZITTER_PEILDATUM = dt.date(2017, 3, 15)
SCENARIOS = ["aanpassingen_zonder_effect", "verkort_rooster", "vaak_buiten_de_klas", "dreigende_verwijdering"]
INTERIM = ["", "", "zorgboerderij 2 ochtenden", "onderwijs-zorgarrangement", "thuisonderwijs via de school"]


def generate_thuiszitters(rng, fx, by_wg):
    """thuiszitter_tellingen: the municipal counts of thuiszitters_gemeente.csv and (without a
    gemeente) thuiszitters_totalen.csv as given; thuiszitter_casussen: cases of pupils of each
    werkgebied so that exactly dreigende_thuiszitters.csv's counts are open on 2017-03-15
    (some closed after it), plus cases that are not (closed before it, or started after it)."""
    tellingen = [{"peildatum": r["peildatum"], "categorie": r["categorie"], "gemeente": r["gemeente"],
                  "aantal": r["aantal"]} for r in fx["thuiszitters_gemeente"]]
    tellingen += [{"peildatum": r["peildatum"], "categorie": r["categorie"], "gemeente": "",
                   "aantal": r["totaal"]} for r in fx["thuiszitters_totalen"]]
    casussen = []

    def case(p, start, end=None, uitkomst=""):
        sinds = ""
        if rng.random() < 0.4:
            sinds = (start + dt.timedelta(rng.randint(7, 40))).isoformat()
            if end and sinds > end.isoformat():
                sinds = ""
        flags = sorted(rng.sample(SCENARIOS, rng.randint(1, 3)))
        casussen.append({"source_system": p["source_system"], "external_id": p["external_id"],
                         "brin": p["brin"], "vestiging": p["vestiging"], "startdatum": start.isoformat(),
                         "thuiszittend_sinds": sinds, "scenarios": ";".join(flags),
                         "interim_leerarrangement": rng.choice(INTERIM),
                         "einddatum": end.isoformat() if end else "", "uitkomst": uitkomst})

    for r in fx["dreigende_thuiszitters"]:
        wg, n = r["werkgebied"], int(r["aantal"])
        if wg not in by_wg:
            fail("dreigende_thuiszitters.csv names werkgebied %s this generator does not know" % wg)
        if r["peildatum"] != THUISZITTER_PEILDATUM.isoformat():
            fail("dreigende_thuiszitters.csv: peildatum %s, want %s" % (r["peildatum"], THUISZITTER_PEILDATUM))
        older = [p for p in by_wg[wg] if int(p["geboortejaar"]) <= 2010]
        chosen = rng.sample(older, n + 2)
        for p in chosen[:n]:  # open on the peildatum: still open, or closed after it
            start = weekday_in(rng, dt.date(2016, 9, 5), dt.date(2017, 3, 10))
            if rng.random() < 0.3:
                case(p, start, weekday_in(rng, dt.date(2017, 3, 20), dt.date(2017, 6, 30)),
                     rng.choice(["geplaatst", "geplaatst", "vrijstelling", "verhuisd"]))
            else:
                case(p, start)
        # not open on the peildatum: closed on or before it, or started after it
        p = chosen[n]
        start = weekday_in(rng, dt.date(2016, 9, 5), dt.date(2016, 12, 16))
        case(p, start, min(start + dt.timedelta(rng.randint(20, 90)), THUISZITTER_PEILDATUM),
             rng.choice(["geplaatst", "geplaatst", "overig", "verhuisd"]))
        case(chosen[n + 1], weekday_in(rng, dt.date(2017, 3, 20), dt.date(2017, 5, 31)))
    casussen.sort(key=lambda c: (c["startdatum"], c["external_id"]))
    return tellingen, casussen


def distribute_requests(rng, n_tlv, n_schools, pool):
    """Picks n_schools distinct basisscholen from pool and gives them n_tlv TLVs, each >= 1."""
    if n_tlv < n_schools or n_schools > len(pool):
        fail("cannot spread %d TLVs over %d of %d schools" % (n_tlv, n_schools, len(pool)))
    schools = rng.sample(pool, n_schools)
    counts = [1] * n_schools
    for _ in range(n_tlv - n_schools):
        counts[rng.randrange(n_schools)] += 1
    out = []
    for s, c in zip(schools, counts):
        out += [s] * c
    rng.shuffle(out)
    return out


def generate_tlvs(rng, fx, bao, sbo_so_names):
    """Historical TLVs (afgegeven, nieuw) that aggregate to the three TLV fixture tables."""
    herkomst = {r["periode"]: r for r in fx["tlv_herkomst"]}
    aanvragend = {r["periode"]: r for r in fx["tlv_aanvragende_basisscholen"]}
    bestemming = fx["tlv_bestemming"]
    school_by_name = {}
    for name in sbo_so_names:
        brin, vest = SBO_SO[name][0], SBO_SO[name][1]
        school_by_name[name] = (brin, vest)
    sbo_schools = [n for n in sbo_so_names if SBO_SO[n][4] == 0]
    so_schools = [n for n in sbo_so_names if SBO_SO[n][4] != 0]
    bao_rows = [s["row"] for s in bao]

    rows = []
    seq = 0
    for per in ("T1", "T2"):
        h = herkomst[per]
        lo, hi = WINDOWS[per]
        # destinations of this period: one slot per TLV, SBO first
        sbo_dest, so_dest = [], []
        for r in bestemming:
            n = int(r[per.lower()])
            if r["soort"] == "SBO":
                sbo_dest += [r["school"]] * n
            else:
                so_dest += [r["school"]] * n  # SO and "Overig" (listed under SO)
        rng.shuffle(sbo_dest)
        rng.shuffle(so_dest)
        # origins: pupils from SBO and SO go to SO, voorschool/basisonderwijs take the SBO
        # places first and the remaining SO places
        origins = (["so"] * int(h["so"]) + ["sbo"] * int(h["sbo"]) +
                   ["voorschool"] * int(h["voorschool"]) +
                   ["basisonderwijs"] * int(h["basisonderwijs"]))
        total = len(origins)
        if total != int(h["totaal"]) or total != len(sbo_dest) + len(so_dest):
            fail("fixture totals of %s disagree: herkomst %d, bestemming %d"
                 % (per, total, len(sbo_dest) + len(so_dest)))
        n_to_so_from_sso = int(h["so"]) + int(h["sbo"])
        if n_to_so_from_sso > len(so_dest):
            fail("more S(B)O-origin TLVs than SO places in %s" % per)
        a = aanvragend[per]
        if int(a["tlv_uit_basisonderwijs"]) != int(h["basisonderwijs"]):
            fail("tlv_uit_basisonderwijs %s differs from herkomst basisonderwijs" % per)
        if int(a["basisscholen_totaal"]) != BASISSCHOLEN:
            fail("basisscholen_totaal is %s, the generator makes %d" % (a["basisscholen_totaal"],
                                                                        BASISSCHOLEN))
        requesters = distribute_requests(rng, int(a["tlv_uit_basisonderwijs"]),
                                         int(a["aanvragende_basisscholen"]), bao_rows)
        dests = so_dest[:n_to_so_from_sso]
        rest = sbo_dest + so_dest[n_to_so_from_sso:]
        rng.shuffle(rest)
        dests += rest
        for origin, dest in zip(origins, dests):
            seq += 1
            rows.append(one_tlv(rng, seq, per, lo, hi, origin, dest, requesters,
                                sbo_schools, so_schools, school_by_name))
    # chronological TLV numbers and pupil ids
    rows.sort(key=lambda r: (r["besluitdatum"], r["tlv_nummer"]))
    for n, r in enumerate(rows, start=1):
        r["tlv_nummer"] = "NK-1617-%04d" % n
        r["external_id"] = "nk-ll-%05d" % (1000 + n)
    return rows


def one_tlv(rng, seq, per, lo, hi, origin, dest, requesters, sbo_schools, so_schools,
            school_by_name):
    besluit = weekday_in(rng, lo, hi)
    # mostly within the 6-week term; a few late
    days = rng.choice([rng.randint(14, 42)] * 9 + [rng.randint(43, 56)])
    aanvraag = besluit - dt.timedelta(days)
    start = besluit + dt.timedelta(rng.randint(3, 21))
    while start.weekday() >= 5:
        start += dt.timedelta(1)
    dest_soort = "SBO" if dest in sbo_schools else "SO"
    if origin == "voorschool":
        geboortejaar = rng.choice([2011, 2012])
    elif origin == "basisonderwijs":
        geboortejaar = rng.randint(2006, 2011)
    else:
        geboortejaar = rng.randint(2006, 2010)
    # a TLV runs to the end of a school year, at least one year, at the latest until the move to VO
    vo_year = geboortejaar + 12
    end_year = min(start.year + (2 if start.month >= 8 else 1) + rng.randint(0, 1), vo_year)
    einde = dt.date(end_year, 7, 31)
    if einde < start.replace(year=start.year + 1):
        einde = dt.date(start.year + 2 if start.month >= 8 else start.year + 1, 7, 31)
    requester = ("", "")
    if origin == "basisonderwijs":
        r = requesters.pop()
        requester = (r["brin"], r["vestiging"])
    elif origin == "sbo":
        requester = school_by_name[rng.choice(sbo_schools)]
    elif origin == "so":
        src = [s for s in so_schools if s != dest] or so_schools
        requester = school_by_name[rng.choice(src)]
    so_categorie = ""
    if dest_soort == "SO":
        if dest.startswith("OZG"):
            so_categorie = rng.choice([2, 3, 3])
        else:
            so_categorie = rng.choice([1, 1, 1, 1, 2, 3])
    ontvangend = school_by_name.get(dest, ("", ""))
    return {
        "tlv_nummer": "NK-1617-%04d" % seq,
        "source_system": SOURCE_SYSTEM,
        "external_id": "nk-ll-%05d" % (1000 + seq),
        "geboortejaar": geboortejaar,
        "geslacht": rng.choice(["jongen"] * 7 + ["meisje"] * 3),
        "herkomst": origin,
        "aanvragende_brin": requester[0],
        "aanvragende_vestiging": requester[1],
        "gevraagde_soort": dest_soort.lower(),
        "aanvraag_soort": "nieuw",
        "besluit": "afgegeven",
        "aanvraagdatum": aanvraag.isoformat(),
        "besluitdatum": besluit.isoformat(),
        "soort": dest_soort.lower(),
        "so_categorie": so_categorie,
        "startdatum": start.isoformat(),
        "einddatum": einde.isoformat(),
        "ontvangende_brin": ontvangend[0],
        "ontvangende_vestiging": ontvangend[1],
        "bestemming_naam": "" if dest in school_by_name else dest,
    }


# The header of each file: docs/import.md's column names.
COLUMNS = {
    "gemeenten": ["name", "cbs_code", "valid_from", "valid_to", "successor", "postcodes"],
    "werkgebieden": ["name", "gemeenten"],
    "besturen": ["bevoegd_gezag_nummer", "name", "vestigingsplaats", "runs_bao", "runs_sbo",
                 "runs_so", "lidmaatschap", "active_from", "active_to"],
    "scholen": ["brin", "vestiging", "name", "soort", "so_cluster", "bevoegd_gezag_nummer", "gemeente",
                "werkgebied", "active_from", "active_to"],
    "tellingen": ["brin", "vestiging", "teldatum", "tel_wijze", "gemeente", "aantal", "onder_8",
                  "so_categorie_1", "so_categorie_2", "so_categorie_3"],
    "tlvs": ["tlv_nummer", "source_system", "external_id", "geboortejaar", "geslacht",
             "herkomst", "aanvragende_brin", "aanvragende_vestiging", "gevraagde_soort",
             "aanvraag_soort", "aanvraagdatum", "besluitdatum", "besluit",
             "soort", "so_categorie", "startdatum", "einddatum", "ontvangende_brin",
             "ontvangende_vestiging", "bestemming_naam"],
    "leerlingen": ["source_system", "external_id", "brin", "vestiging", "geboortejaar", "geslacht"],
    "mdos": ["source_system", "external_id", "datum", "niveau", "deelnemers", "kind_deelgenomen",
             "uitkomst", "plaatsing", "plaatsing_weken", "toestemming_datum"],
    "arrangementen": ["nummer", "type", "source_system", "external_id", "werkgebied",
                      "ondersteuningscategorie", "uren_per_week", "bedrag", "startdatum",
                      "einddatum", "versterkt_leerkracht", "status", "verlenging_van", "reflectie",
                      "omschrijving", "toestemming_datum"],
    "thuiszitter_tellingen": ["peildatum", "categorie", "gemeente", "aantal"],
    "thuiszitter_casussen": ["source_system", "external_id", "brin", "vestiging", "startdatum",
                             "thuiszittend_sinds", "scenarios", "interim_leerarrangement", "einddatum",
                             "uitkomst"],
}


# ---- checking the generated files against the fixtures --------------------------------
def period_of(date_s):
    d = dt.date.fromisoformat(date_s)
    for per, (lo, hi) in WINDOWS.items():
        if lo <= d <= hi:
            return per
    return None


def check_files(outdir, fdir):
    """Re-aggregates the generated CSVs; returns a list of mismatch messages."""
    fx = load_fixtures(fdir)
    errs = []
    scholen = read_csv(os.path.join(outdir, "scholen.csv"))
    name_of = {(s["brin"], s["vestiging"]): s["name"] for s in scholen}
    soort_of = {(s["brin"], s["vestiging"]): s["soort"] for s in scholen}
    n_bao = sum(1 for s in scholen if s["soort"] == "bao")
    if n_bao != BASISSCHOLEN:
        errs.append("basisscholen: %d, want %d" % (n_bao, BASISSCHOLEN))
    if len({(s["brin"], s["vestiging"]) for s in scholen}) != len(scholen):
        errs.append("duplicate brin+vestiging in scholen.csv")
    tel = read_csv(os.path.join(outdir, "tellingen.csv"))
    wg_of = {(s["brin"], s["vestiging"]): s["werkgebied"] for s in scholen}
    per_wg = Counter()
    for t in tel:
        k = (t["brin"], t["vestiging"])
        if t["tel_wijze"] == "schoolgaand" and soort_of[k] == "bao":
            per_wg[wg_of[k]] += int(t["aantal"])
    woon = Counter()
    for t in tel:
        k = (t["brin"], t["vestiging"])
        cats = sum(int(t[c] or 0) for c in ("so_categorie_1", "so_categorie_2", "so_categorie_3"))
        if cats > int(t["aantal"]) or int(t["onder_8"] or 0) > int(t["aantal"]):
            errs.append("telling %s %s %s: parts exceed aantal" % (k, t["tel_wijze"], t["gemeente"]))
        if t["tel_wijze"] == "woonachtig":
            woon[k] += int(t["aantal"])
    for t in tel:
        k = (t["brin"], t["vestiging"])
        if t["tel_wijze"] == "schoolgaand" and woon[k] != int(t["aantal"]):
            errs.append("telling %s: woonachtig adds up to %d, schoolgaand %s" % (k, woon[k], t["aantal"]))
    for wg, want in BAO_PUPILS.items():
        if per_wg[wg] != want:
            errs.append("BAO pupils %s: %d, want %d" % (wg, per_wg[wg], want))
    tlvs = read_csv(os.path.join(outdir, "tlvs.csv"))
    herk = defaultdict(Counter)
    best = defaultdict(Counter)
    req = defaultdict(set)
    for t in tlvs:
        per = period_of(t["besluitdatum"])
        if per is None:
            errs.append("%s: besluitdatum %s outside the safe windows" % (t["tlv_nummer"], t["besluitdatum"]))
            continue
        herk[per][t["herkomst"]] += 1
        dest = name_of.get((t["ontvangende_brin"], t["ontvangende_vestiging"]), t["bestemming_naam"])
        best[dest][per] += 1
        if t["herkomst"] == "basisonderwijs":
            k = (t["aanvragende_brin"], t["aanvragende_vestiging"])
            if soort_of.get(k) != "bao":
                errs.append("%s: requesting school %s is not a basisschool" % (t["tlv_nummer"], k))
            req[per].add(k)
    for r in fx["tlv_herkomst"]:
        pers = ["T1", "T2"] if r["periode"] == "T1+T2" else [r["periode"]]
        for col in ("voorschool", "basisonderwijs", "sbo", "so"):
            got = sum(herk[p][col] for p in pers)
            if got != int(r[col]):
                errs.append("herkomst %s %s: %d, want %s" % (r["periode"], col, got, r[col]))
    for r in fx["tlv_bestemming"]:
        for per in ("T1", "T2"):
            if best[r["school"]][per] != int(r[per.lower()]):
                errs.append("bestemming %s %s: %d, want %s" % (r["school"], per,
                                                               best[r["school"]][per], r[per.lower()]))
    for r in fx["tlv_aanvragende_basisscholen"]:
        if len(req[r["periode"]]) != int(r["aanvragende_basisscholen"]):
            errs.append("aanvragende basisscholen %s: %d, want %s"
                        % (r["periode"], len(req[r["periode"]]), r["aanvragende_basisscholen"]))
    if len({(t["source_system"], t["external_id"]) for t in tlvs}) != len(tlvs):
        errs.append("duplicate pupil pseudonyms in tlvs.csv")
    return errs


# ---- checking reports (JSON of `passend rapport ... --output json`) -------------------
def jget(obj, name, default=None):
    """Field `name` (snake_case) of a proto3-JSON object, also under its lowerCamelCase name."""
    if not isinstance(obj, dict):
        return default
    if name in obj:
        return obj[name]
    parts = name.split("_")
    camel = parts[0] + "".join(x[:1].upper() + x[1:] for x in parts[1:])
    return obj.get(camel, default)


def cell(v):
    """The number of a Cell ({"value": "4"}), a plain number or a numeric string; None if absent."""
    if isinstance(v, dict):
        if jget(v, "suppressed"):
            return "suppressed"
        v = v.get("value", 0)
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return int(v)
    try:
        return int(str(v))
    except ValueError:
        return str(v)


def decimal_str(v):
    if isinstance(v, dict):
        if jget(v, "suppressed"):
            return "suppressed"
        v = v.get("value", "")
    return "" if v is None else str(v)


class Checks:
    """Collects "ok - NAME" / "FAIL - NAME: why" lines (the format py_checks counts)."""

    def __init__(self):
        self.failed = 0

    def eq(self, name, got, want):
        if got == want:
            print("ok - %s" % name)
        else:
            self.failed += 1
            print("FAIL - %s: got %r, want %r" % (name, got, want))


def load_json(path, ck, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        ck.failed += 1
        print("FAIL - %s is JSON: %s" % (what, e))
        return None


def report_json(path, what):
    """The Checks of a report check and the report (JSON) at path, None when it does not read."""
    ck = Checks()
    return ck, load_json(path, ck, what)


def check_tlv_report(path, fdir):
    """Compares a TLV report (schooljaar 2016-2017, trimester 2) with the three fixture tables."""
    fx = load_fixtures(fdir)
    ck, rep = report_json(path, "tlv report")
    if rep is None:
        return 1
    ck.eq("tlv report: schooljaar", jget(rep, "schooljaar"), "2016-2017")
    ck.eq("tlv report: perioden", jget(rep, "perioden"), ["T1", "T2", "T1+T2"])
    # herkomst: rows per herkomst type; the fixture's columns are the route groups
    got = defaultdict(Counter)
    for r in jget(rep, "herkomst", []) or []:
        grp = jget(r, "route_group") or jget(r, "herkomst")
        got[jget(r, "periode")][grp] += cell(jget(r, "aantal")) or 0
    for r in fx["tlv_herkomst"]:
        per = r["periode"]
        for col in ("voorschool", "basisonderwijs", "sbo", "so"):
            ck.eq("herkomst %s %s" % (per, col), got[per][col], int(r[col]))
        ck.eq("herkomst %s totaal" % per, sum(got[per].values()), int(r["totaal"]))
    # bestemming per receiving school
    rows = {}
    for r in jget(rep, "bestemming", []) or []:
        rows[jget(r, "school")] = r
    for r in fx["tlv_bestemming"]:
        b = rows.get(r["school"])
        if b is None:
            ck.eq("bestemming %s present" % r["school"], None, "a row")
            continue
        per = [cell(c) for c in (jget(b, "per_trimester") or [])]
        ck.eq("bestemming %s T1,T2" % r["school"], per[:2], [int(r["t1"]), int(r["t2"])])
        ck.eq("bestemming %s totaal" % r["school"], cell(jget(b, "totaal")), int(r["totaal"]))
        want_groep = {"SBO": "SBO", "SO": "SO"}.get(r["soort"], "overig")
        ck.eq("bestemming %s groep" % r["school"], str(jget(b, "groep", "")).lower(),
              want_groep.lower())
    extra = sorted(set(rows) - {r["school"] for r in fx["tlv_bestemming"]})
    extra = [x for x in extra if cell(jget(rows[x], "totaal")) not in (0, None)]
    ck.eq("bestemming: no other destinations with TLVs", extra, [])
    # aanvragende basisscholen
    aan = {jget(r, "periode"): r for r in jget(rep, "aanvragende_scholen", []) or []}
    for r in fx["tlv_aanvragende_basisscholen"]:
        a = aan.get(r["periode"], {})
        ck.eq("aanvragend %s tlv_uit_basisonderwijs" % r["periode"],
              cell(jget(a, "tlv_uit_basisonderwijs")), int(r["tlv_uit_basisonderwijs"]))
        ck.eq("aanvragend %s aanvragende_basisscholen" % r["periode"],
              cell(jget(a, "aanvragende_basisscholen")), int(r["aanvragende_basisscholen"]))
        ck.eq("aanvragend %s basisscholen_totaal" % r["periode"],
              cell(jget(a, "basisscholen_totaal")), int(r["basisscholen_totaal"]))
        ck.eq("aanvragend %s gemiddeld (computed, not the printed %s)"
              % (r["periode"], r["gepubliceerd"]),
              decimal_str(jget(a, "gemiddeld_per_aanvragende_school")),
              r["gemiddeld_per_aanvragende_school"])
    return ck.failed


def check_arrangement_report(path, fdir):
    """Compares an arrangement report (schooljaar 2016-2017, trimester 2: T1+T2) with
    arrangementen_per_werkgebied.csv: every count, verlengingen and the printed percentage."""
    fx = load_wg_fixtures(fdir)
    ck, rep = report_json(path, "arrangement report")
    if rep is None:
        return 1
    ck.eq("arrangementen: schooljaar", jget(rep, "schooljaar"), "2016-2017")
    rows = {jget(r, "werkgebied"): r for r in jget(rep, "per_werkgebied", []) or []}
    # (the report lists werkgebieden in the order they were created, then by name)
    ck.eq("arrangementen: the 8 werkgebieden", sorted(rows),
          sorted(r["werkgebied"] for r in fx["arrangementen_per_werkgebied"]))
    tot = Counter()
    for r in fx["arrangementen_per_werkgebied"]:
        x = rows.get(r["werkgebied"], {})
        for col in ("individueel", "groep", "innovatie", "verlengingen"):
            ck.eq("arrangementen %s %s" % (r["werkgebied"], col), cell(jget(x, col)), int(r[col]))
            tot[col] += int(r[col])
        ck.eq("arrangementen %s totaal" % r["werkgebied"], cell(jget(x, "totaal")),
              int(r["individueel"]) + int(r["groep"]) + int(r["innovatie"]))
        ck.eq("arrangementen %s individueel %% of the pupils" % r["werkgebied"],
              decimal_str(jget(x, "individueel_pct_leerlingen")), r["individueel_pct_leerlingen"])
    t = jget(rep, "totaal", {})
    for col in ("individueel", "groep", "innovatie", "verlengingen"):
        ck.eq("arrangementen totaal %s" % col, cell(jget(t, col)), tot[col])
    ck.eq("arrangementen totaal (513 printed)", cell(jget(t, "totaal")),
          tot["individueel"] + tot["groep"] + tot["innovatie"])
    return ck.failed


def check_mdo_report(path, fdir):
    """Compares an MDO report (schooljaar 2016-2017, trimester 2) with mdo.csv and
    mdo_kenmerken.csv (T1+T2)."""
    fx = load_wg_fixtures(fdir)
    ck, rep = report_json(path, "MDO report")
    if rep is None:
        return 1
    ck.eq("mdo: perioden", jget(rep, "perioden"), ["T1", "T2", "T1+T2"])
    ken = {jget(r, "periode"): r for r in jget(rep, "kenmerken", []) or []}
    niv = Counter()
    for r in jget(rep, "per_niveau", []) or []:
        niv[jget(r, "periode")] += cell(jget(r, "aantal")) or 0
    total = 0
    for r in fx["mdo"]:
        ck.eq("mdo %s aantal" % r["periode"], cell(jget(ken.get(r["periode"], {}), "mdos")),
              int(r["aantal"]))
        ck.eq("mdo %s levels add up" % r["periode"], niv[r["periode"]], int(r["aantal"]))
        total += int(r["aantal"])
    cum = ken.get("T1+T2", {})
    ck.eq("mdo T1+T2 aantal (1648 printed)", cell(jget(cum, "mdos")), total)
    want = {r["kenmerk"]: r["waarde"] for r in fx["mdo_kenmerken"]}
    ck.eq("mdo T1+T2 aandeel jonger dan 8", decimal_str(jget(cum, "aandeel_jonger_dan_8")),
          want["aandeel_jonger_dan_8"])
    for k in ("tijdelijke_plaatsingen_sbo", "tijdelijke_plaatsingen_so"):
        ck.eq("mdo T1+T2 %s" % k, cell(jget(cum, k)), int(want[k]))
    return ck.failed


def check_thuiszitter_report(path, fdir):
    """Compares a thuiszitter report (bestuur, schooljaar 2016-2017, trimester 2) with
    thuiszitters_gemeente.csv, thuiszitters_totalen.csv (every count as entered, and the
    printed totals) and dreigende_thuiszitters.csv (open cases per werkgebied, total 24)."""
    fx = load_wg_fixtures(fdir)
    ck, rep = report_json(path, "thuiszitter report")
    if rep is None:
        return 1
    def day(d):  # a Date as proto3 JSON prints it ("2017-03-15") or as an object
        if isinstance(d, dict):
            return "%04d-%02d-%02d" % (jget(d, "year"), jget(d, "month"), jget(d, "day"))
        return d

    ck.eq("thuiszitters: peildatum of the dreigend table", day(jget(rep, "peildatum")),
          THUISZITTER_PEILDATUM.isoformat())
    got, totals = {}, {}
    for r in jget(rep, "tellingen", []) or []:
        k = (day(jget(r, "peildatum")), jget(r, "categorie"))
        if jget(r, "soort") == "totaal":
            totals[k] = cell(jget(r, "aantal"))
        else:
            got[k + (jget(r, "gemeente", ""),)] = cell(jget(r, "aantal"))
    want = {(r["peildatum"], r["categorie"], r["gemeente"]): int(r["aantal"]) for r in fx["thuiszitters_gemeente"]}
    want.update({(r["peildatum"], r["categorie"], ""): int(r["totaal"]) for r in fx["thuiszitters_totalen"]})
    ck.eq("thuiszitters: every municipal count as entered", got, want)
    sums = Counter()
    for (pd, cat, _), n in want.items():
        sums[(pd, cat)] += n
    ck.eq("thuiszitters: the totals per peildatum and categorie", totals, dict(sums))
    dr = {jget(r, "werkgebied"): cell(jget(r, "aantal")) for r in jget(rep, "dreigend", []) or []}
    wd = {r["werkgebied"]: int(r["aantal"]) for r in fx["dreigende_thuiszitters"]}
    wd["Totaal"] = sum(wd.values())
    ck.eq("thuiszitters: dreigend per werkgebied on 2017-03-15 (total 24)", dr, wd)
    return ck.failed


# SQL over bestuur.tlvs of one tenant (psql -At -F'|' -v swv=ID): the three fixture tables as
# "table|period|key|count" lines, counted from the stored rows (afgegeven, nieuw).
DB_AGGREGATE_SQL = """
with t as (
  select t.*, case when t.besluitdatum < date '2016-12-01' then 'T1' else 'T2' end as per
    from bestuur.tlvs t
   where t.swv_id = :'swv' and t.state = 3 and t.aanvraag_soort = 'nieuw'
     and t.besluitdatum between date '2016-08-01' and date '2017-03-31')
select 'herkomst', per, herkomst, count(*) from t group by 2, 3
union all
select 'bestemming', per, coalesce(s.name, t.bestemming_naam), count(*)
  from t left join bestuur.scholen s on s.swv_id = t.swv_id and s.id = t.ontvangende_school_id
 group by 2, 3
union all
select 'aanvragend', per, 'tlvs', count(*) from t
  join bestuur.scholen s on s.swv_id = t.swv_id and s.id = t.aanvragende_school_id and s.soort = 1
 group by 2
union all
select 'aanvragend', per, 'scholen', count(distinct t.aanvragende_school_id) from t
  join bestuur.scholen s on s.swv_id = t.swv_id and s.id = t.aanvragende_school_id and s.soort = 1
 group by 2
order by 1, 2, 3
"""


def check_db_aggregates(path, fdir):
    """Compares DB_AGGREGATE_SQL's output (file) with the fixtures."""
    fx = load_fixtures(fdir)
    ck = Checks()
    got = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("|")
            if len(parts) == 4:
                got[tuple(parts[:3])] = int(parts[3])
    for r in fx["tlv_herkomst"]:
        if r["periode"] in ("T1", "T2"):
            for col in ("voorschool", "basisonderwijs", "sbo", "so"):
                ck.eq("stored TLVs: herkomst %s %s" % (r["periode"], col),
                      got.get(("herkomst", r["periode"], col), 0), int(r[col]))
    for r in fx["tlv_bestemming"]:
        for per in ("T1", "T2"):
            ck.eq("stored TLVs: bestemming %s %s" % (r["school"], per),
                  got.get(("bestemming", per, r["school"]), 0), int(r[per.lower()]))
    for r in fx["tlv_aanvragende_basisscholen"]:
        ck.eq("stored TLVs: %s requested by basisscholen" % r["periode"],
              got.get(("aanvragend", r["periode"], "tlvs"), 0), int(r["tlv_uit_basisonderwijs"]))
        ck.eq("stored TLVs: %s distinct requesting basisscholen" % r["periode"],
              got.get(("aanvragend", r["periode"], "scholen"), 0), int(r["aanvragende_basisscholen"]))
    return ck.failed


def expected_deelname(outdir):
    """(bao, sbo, so, pct_sbo, pct_so) of the whole SWV on TELDATUM, from tellingen.csv."""
    from decimal import Decimal, ROUND_HALF_UP
    soort = {(s["brin"], s["vestiging"]): s["soort"]
             for s in read_csv(os.path.join(outdir, "scholen.csv"))}
    n = Counter()
    for t in read_csv(os.path.join(outdir, "tellingen.csv")):
        if t["tel_wijze"] == "schoolgaand" and t["teldatum"] == TELDATUM:
            n[soort[(t["brin"], t["vestiging"])]] += int(t["aantal"])
    noemer = n["bao"] + n["sbo"]
    q = Decimal("0.01")
    pct = lambda x: str((Decimal(x) * 100 / Decimal(noemer)).quantize(q, ROUND_HALF_UP))
    return n["bao"], n["sbo"], n["so"], noemer, pct(n["sbo"]), pct(n["so"])


def check_deelname_report(path, outdir):
    ck, rep = report_json(path, "deelname report")
    if rep is None:
        return 1
    bao, sbo, so, noemer, p_sbo, p_so = expected_deelname(outdir)
    swv = [r for r in jget(rep, "rows", []) or []
           if jget(r, "scope") == "swv" and jget(r, "teldatum") == TELDATUM]
    ck.eq("deelname: one SWV row for %s" % TELDATUM, len(swv), 1)
    if not swv:
        return ck.failed
    r = swv[0]
    ck.eq("deelname bao", cell(jget(r, "bao")), bao)
    ck.eq("deelname sbo", cell(jget(r, "sbo")), sbo)
    ck.eq("deelname so", cell(jget(r, "so")), so)
    ck.eq("deelname noemer (bao + sbo)", cell(jget(r, "noemer")), noemer)
    ck.eq("deelname pct_sbo", decimal_str(jget(r, "pct_sbo")), p_sbo)
    ck.eq("deelname pct_so", decimal_str(jget(r, "pct_so")), p_so)
    return ck.failed


# ---- import through the CLI ----------------------------------------------------------
def set_categorieen(passend):
    """The SWV's ondersteuningscategorieen (`passend lijst set`, harmless to repeat)."""
    for code, label in CATEGORIEEN:
        cmd = [passend, "lijst", "set", code, "--soort", "ondersteuningscategorie", "--label", label]
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
        if p.returncode != 0:
            sys.stdout.write(p.stdout)
            sys.stderr.write("nk_demo: passend lijst set %s failed (exit %d)\n" % (code, p.returncode))
            return 1
    sys.stdout.write("== passend lijst set: %d ondersteuningscategorieen\n" % len(CATEGORIEEN))
    return 0


def run_import(outdir, passend, dry_run=False, kinds=None, werkgebied=False):
    """`passend bestuur import KIND FILE` for each file in dependency order (KINDS, then with
    werkgebied the ondersteuningscategorieen and WG_KINDS); returns 0 or 1."""
    kinds = list(kinds or KINDS)
    if werkgebied:
        if not dry_run and set_categorieen(passend) != 0:
            return 1
        kinds += [k for k in WG_KINDS if k not in kinds]
    for kind in kinds:
        path = os.path.join(outdir, kind + ".csv")
        cmd = [passend, "bestuur", "import", kind, path]
        if dry_run:
            cmd.append("--dry-run")
        sys.stdout.write("== passend bestuur import %s %s%s\n" % (kind, os.path.basename(path),
                                                                  " --dry-run" if dry_run else ""))
        sys.stdout.flush()
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
        sys.stdout.write(p.stdout)
        if p.returncode != 0:
            sys.stderr.write("nk_demo: import of %s failed (exit %d)\n" % (kind, p.returncode))
            return 1
    return 0


# ---- the begroting 2016-2017 (issue 9) -------------------------------------------------
BEGROTING_GROEPEN = [("baten", "I", "Rijksbijdragen"), ("baten", "II", "Overige baten"),
                     ("overdrachten", "I", "ondersteuningsniveau 0 en 1"),
                     ("overdrachten", "II", "ondersteuningsniveau 2 en 3"),
                     ("overdrachten", "III", "ondersteuningsniveau 4 SBO"),
                     ("overdrachten", "IV", "ondersteuningsniveau 4 SO"),
                     ("lasten", "I", "management & organisatie"), ("lasten", "II", "uitvoeringsorganisatie swv"),
                     ("lasten", "III", "overige lasten")]
MONTH_ENDS = ["2016-08-31", "2016-09-30", "2016-10-31", "2016-11-30", "2016-12-31", "2017-01-31",
              "2017-02-28"]


def begroting_sleutel(r):
    """A line's stable key in the demo: sectie and its 2016-2017 print order."""
    return "%s-%s" % (r["sectie"], r["volgorde"])


def cents_text(c):
    return "%s%d.%02d" % ("-" if c < 0 else "", abs(c) // 100, abs(c) % 100)


def realisatie_parts(r):
    """A begroting line's actuals through March (the fixture's realisatie_periode, euros) in eight
    parts in cents that add up to it: the monthly totals of MONTH_ENDS, then a March booking;
    None for a line without actuals."""
    if r["realisatie_periode"] == "":
        return None
    total = int(r["realisatie_periode"]) * 100
    return [total * k // 8 - total * (k - 1) // 8 for k in range(1, 9)]


def write_realisatie(path, lines):
    """Each line's actuals through March as monthly totals August-February and one March booking
    with a boekstuk (realisatie_parts)."""
    rows = []
    for r in lines:
        parts = realisatie_parts(r)
        if parts is None:
            continue
        for d, c in zip(MONTH_ENDS, parts[:7]):
            rows.append({"regel": begroting_sleutel(r), "datum": d, "bedrag": cents_text(c), "boekstuk": "",
                         "omschrijving": "maandtotaal"})
        rows.append({"regel": begroting_sleutel(r), "datum": "2017-03-15", "bedrag": cents_text(parts[7]),
                     "boekstuk": "NK-2017-03-" + begroting_sleutel(r), "omschrijving": "boeking maart"})
    return write_csv(path, ["regel", "datum", "bedrag", "boekstuk", "omschrijving"], rows)


def cli(passend, *args, token=None):
    """Run `passend ARGS --output json`; the parsed output, or exit through fail()."""
    env = dict(os.environ)
    if token:
        env["PASSEND_TOKEN"] = token
    p = subprocess.run([passend] + list(args) + ["--output", "json"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, env=env)
    if p.returncode != 0:
        fail("passend %s: exit %d: %s" % (" ".join(args[:3]), p.returncode, p.stderr.strip()))
    return json.loads(p.stdout) if p.stdout.strip() else None


def load_begroting(outdir, fdir, passend, toezicht_token):
    """begroting.csv into the tenant through the CLI (safe to repeat): versie 1 of 2016-2017 with its
    groups, lines and the manual forecasts, the realisatie import, the transfer rates of EUR 115 and
    EUR 65 per pupil, then submitted and (with a toezicht token) approved."""
    lines = read_csv(os.path.join(fdir, "begroting.csv"))
    os.makedirs(outdir, exist_ok=True)
    real = os.path.join(outdir, "realisatie.csv")
    write_realisatie(real, lines)
    versies = cli(passend, "begroting", "versie", "list", "--schooljaar", "2016-2017") or []
    v = [x for x in versies if int(x.get("versie", 0)) == 1]
    v = v[0] if v else cli(passend, "begroting", "versie", "create", "--schooljaar", "2016-2017",
                           "--toelichting", "begroting 2016-2017 (trimesterrapportage)")
    vid, status = v["id"], v.get("status", "BEGROTING_CONCEPT")
    if status == "BEGROTING_CONCEPT":
        for sectie, groep, kop in BEGROTING_GROEPEN:
            cli(passend, "begroting", "groep", "set", "--begroting", vid, "--sectie", sectie, "--groep", groep,
                "--kop", kop)
        for r in lines:
            args = ["begroting", "regel", "set", "--begroting", vid, "--sleutel", begroting_sleutel(r),
                    "--sectie", r["sectie"], "--groep", r["groep"], "--omschrijving", r["omschrijving"],
                    "--volgorde", r["volgorde"]]
            if r["code"]:
                args += ["--code", r["code"]]
            if r["pm"] == "true":
                args.append("--pm")
            else:
                args += ["--bedrag", r["begroot_schooljaar"]]
            cli(passend, *args)
    n = 0
    for r in lines:
        if r["prognose_invoer"] != "":
            cli(passend, "begroting", "prognose", "set", "--schooljaar", "2016-2017", "--sleutel",
                begroting_sleutel(r), "--bedrag", r["prognose_invoer"])
            n += 1
    sys.stdout.write("begroting 2016-2017 versie 1: %d lines, %d manual forecasts\n" % (len(lines), n))
    if run_import(outdir, passend, kinds=["realisatie"]) != 0:
        return 1
    for soort, oms, bedrag, regel in (("basisondersteuning", "basisondersteuning regulier onderwijs", "115",
                                       "overdrachten-1"),
                                      ("overgangsregeling", "verlenging overgangsregeling", "65", "overdrachten-2")):
        cli(passend, "begroting", "tarief", "set", "--schooljaar", "2016-2017", "--soort", soort, "--omschrijving",
            oms, "--per-leerling", bedrag, "--teldatum", TELDATUM, "--sleutel", regel)
    if status == "BEGROTING_CONCEPT":
        cli(passend, "begroting", "versie", "submit", vid, "--datum", "2016-06-20")
        status = "BEGROTING_INGEDIEND"
    if status == "BEGROTING_INGEDIEND" and toezicht_token:
        cli(passend, "begroting", "versie", "approve", vid, "--datum", "2016-07-04", "--besluit",
            "RvT 2016-07-04: begroting 2016-2017 goedgekeurd", token=toezicht_token)
    return 0


def euros(cents):
    e = (abs(cents) + 50) // 100
    return -e if cents < 0 else e


def check_begroting_report(path, fdir):
    """The report's totals (JSON, cents) against begroting_totalen_berekend.csv in whole euros."""
    ck, rep = report_json(path, "begroting report")
    if rep is None:
        return True
    rows = jget(rep, "rows", [])
    grp = {(jget(x, "sectie"), jget(x, "groep")): x for x in rows if jget(x, "soort") == "groep"}
    sec = {jget(x, "sectie"): x for x in rows if jget(x, "soort") == "sectie"}
    res = [x for x in rows if jget(x, "soort") == "resultaat"]
    got = [grp.get(("baten", "I")), grp.get(("baten", "II")), sec.get("baten"), sec.get("overdrachten"),
           grp.get(("lasten", "I")), grp.get(("lasten", "II")), grp.get(("lasten", "III")), sec.get("lasten")] + res
    want = read_csv(os.path.join(fdir, "begroting_totalen_berekend.csv"))
    ck.eq("begroting report: 12 total rows", len(got), len(want))
    cols = ("begroot_schooljaar", "begroot_periode", "realisatie_periode", "verschil", "prognose")
    for x, w in zip(got, want):
        g = [euros(int(jget(x or {}, c + "_cents", 0))) for c in cols]
        ck.eq("begroting report %s %s %s" % (w["sectie"], w["groep"], w["omschrijving"]), g,
              [int(w[c]) for c in cols])
    return ck.failed


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd")
    g = sub.add_parser("generate", help="write the CSV files into OUTDIR")
    g.add_argument("outdir")
    g.add_argument("--fixtures", default=DEFAULT_FIXTURES)
    g.add_argument("--seed", type=int, default=DEFAULT_SEED)
    i = sub.add_parser("import", help="import OUTDIR's files with passend bestuur import")
    i.add_argument("outdir")
    i.add_argument("--passend", default="passend")
    i.add_argument("--dry-run", action="store_true")
    i.add_argument("--kind", action="append", choices=KINDS + WG_KINDS)
    i.add_argument("--werkgebied", action="store_true",
                   help="also the werkgebied area: categories, leerlingen, mdos, arrangementen")
    c = sub.add_parser("check-files", help="re-aggregate OUTDIR's CSVs against the fixtures")
    c.add_argument("outdir")
    c.add_argument("--fixtures", default=DEFAULT_FIXTURES)
    d = sub.add_parser("check-deelname-report", help="compare a deelname report (JSON) with OUTDIR")
    d.add_argument("json")
    d.add_argument("outdir")
    b = sub.add_parser("begroting", help="load begroting.csv and its realisatie through the CLI")
    b.add_argument("outdir")
    b.add_argument("--fixtures", default=DEFAULT_FIXTURES)
    b.add_argument("--passend", default="passend")
    b.add_argument("--toezicht-token", default="")
    # the reports checked against the fixtures: REPORT.json [--fixtures DIR]
    for name, what in (("tlv", "a TLV"), ("begroting", "a begroting"), ("arrangement", "an arrangement"),
                       ("thuiszitter", "a thuiszitter"), ("mdo", "an MDO")):
        r = sub.add_parser("check-%s-report" % name, help="compare %s report (JSON) with the fixtures" % what)
        r.add_argument("json")
        r.add_argument("--fixtures", default=DEFAULT_FIXTURES)
    q = sub.add_parser("db-sql", help="print the SQL that aggregates the stored TLVs")
    q = sub.add_parser("check-db", help="compare db-sql's output (FILE) with the fixtures")
    q.add_argument("file")
    q.add_argument("--fixtures", default=DEFAULT_FIXTURES)
    a = ap.parse_args(argv)
    if a.cmd == "db-sql":
        sys.stdout.write(DB_AGGREGATE_SQL)
        return 0
    if a.cmd == "check-db":
        return 1 if check_db_aggregates(a.file, a.fixtures) else 0
    if a.cmd == "begroting":
        return load_begroting(a.outdir, a.fixtures, a.passend, a.toezicht_token)
    # the report checks: the report's JSON against the fixtures (deelname: the generated files)
    report_checks = {"check-begroting-report": check_begroting_report, "check-tlv-report": check_tlv_report,
                     "check-arrangement-report": check_arrangement_report,
                     "check-thuiszitter-report": check_thuiszitter_report, "check-mdo-report": check_mdo_report}
    if a.cmd in report_checks:
        return 1 if report_checks[a.cmd](a.json, a.fixtures) else 0
    if a.cmd == "check-deelname-report":
        return 1 if check_deelname_report(a.json, a.outdir) else 0
    if a.cmd == "generate":
        files = generate(a.outdir, a.fixtures, a.seed)
        for k, n in files.items():
            print("%-13s %5d rows  %s" % (k, n, os.path.join(a.outdir, k + ".csv")))
        return 0
    if a.cmd == "import":
        return run_import(a.outdir, a.passend, a.dry_run, a.kind, a.werkgebied)
    if a.cmd == "check-files":
        errs = check_files(a.outdir, a.fixtures)
        for e in errs:
            print("FAIL - generated CSV files: %s" % e)
        if not errs:
            print("ok - generated CSV files aggregate to the fixtures and the pupil estimates")
        return 1 if errs else 0
    ap.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
