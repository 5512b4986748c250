#!/usr/bin/python3
# jaarrekening: annual accounts and kengetallen (issue 9 points 5 and 6, issue
# 10 point 6) through the API, the CLI and SQL: accounts of 2017 and 2018 in,
# the jaarverslag out (balans and staat van baten en lasten with the previous
# year and the budget, a line only in the previous year, subtotals, the
# resultaat), every kengetal against values computed by hand below, each
# signal boundary (exactly at a signaleringswaarde and one unit past it, per
# size class, the reserve norm's percentage and its minimum), a signal that
# crosses between two years whose configuration differs (signaleringswaarde,
# definition and size-class versions), published versus computed, the
# refusal of an unbalanced balans naming both totals (nothing written), bad
# input with its exact error, roles, another tenant, and the database's own
# balance check. Prints "ok - X" / "FAIL - X: why" lines for env.sh's py_checks.
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import passend_rpc as pr  # noqa: E402
from scenario import check, expect  # noqa: E402
import scenario  # noqa: E402

args = scenario.parse_args()
M = pr.load(args.src, args.out)
J = M.jaarrekening
P_RAP = "/passend.v1.Rapportage/"
IA = "INVALID_ARGUMENT"

cl = pr.Client(args.server, args.ca)
admin = args.admin_token
world = pr.build_world(cl, admin)
A, Bt = world["A"], world["B"]
bt, tt = A.tokens["bestuur"], A.tokens["toezicht"]
E = 100  # cents per euro


def regel(code, rubriek, naam, euros, begroting=None):
    r = J.JaarrekeningRegel(code=code, rubriek=rubriek, naam=naam, bedrag_cents=round(euros * E))
    if begroting is not None:
        r.begroting_cents, r.met_begroting = round(begroting * E), True
    return r


def put(jaar, regels, gepubliceerd=(), token=None):
    j = J.Jaarrekening(jaar=jaar, regels=regels,
                       gepubliceerd=[J.GepubliceerdKengetal(kengetal=k, waarde=v) for k, v in gepubliceerd])
    return cl.call(pr.P_BES + "PutJaarrekening", j, token or bt)


def verslag(jaar, token=None):
    return cl.call(P_RAP + "GetJaarverslag", J.GetJaarverslagRequest(jaar=jaar), token or bt)


def kengetallen(rep):
    return {k.kengetal: k for k in rep.kengetallen}


SIG = {1: "binnen", 2: "onder", 3: "boven", 4: "geen_norm", 5: "geen_waarde"}

# ---- 2017 and 2018 -------------------------------------------------------------------
R2017 = [
    regel("1.2.1", "gebouwen_terreinen", "Gebouwen", 210000),
    regel("1.2.2", "materiele_vaste_activa", "Inventaris en apparatuur", 90000),
    regel("1.5", "vorderingen", "Vorderingen", 250000),
    regel("1.7", "liquide_middelen", "Liquide middelen", 1250000),
    regel("2.1.1", "eigen_vermogen", "Algemene reserve", 950000),
    regel("2.1.2", "eigen_vermogen", "Bestemmingsreserve publiek", 147000),
    regel("2.2", "voorzieningen", "Voorzieningen", 180000),
    regel("2.4", "kortlopende_schulden", "Kortlopende schulden", 523000),
    regel("3.1", "rijksbijdragen", "Rijksbijdragen OCW", 11500000, 11400000),
    regel("3.5", "overige_baten", "Overige baten", 80000, 50000),
    regel("4.1", "personele_lasten", "Personele lasten", 1400000, 1450000),
    regel("4.2", "afschrijvingen", "Afschrijvingen", 45000, 45000),
    regel("4.3", "huisvestingslasten", "Huisvestingslasten", 65000, 60000),
    regel("4.4", "overige_lasten", "Overige lasten", 150000, 160000),
    regel("4.4.9", "overige_lasten", "Advieskosten", 20000),
    regel("4.5", "doorbetalingen", "Doorbetalingen aan schoolbesturen", 9800000, 9700000),
]
# activa 210,000 + 90,000 + 250,000 + 1,250,000 = 1,800,000
# passiva 950,000 + 147,000 + 180,000 + 523,000 = 1,800,000
# baten 11,500,000 + 80,000 = 11,580,000; lasten 1,400,000 + 45,000 + 65,000 + 150,000 + 20,000
# + 9,800,000 = 11,480,000; resultaat 100,000
R2018 = [
    regel("1.2.1", "gebouwen_terreinen", "Gebouwen", 200000),
    regel("1.2.2", "materiele_vaste_activa", "Inventaris en apparatuur", 100000),
    regel("1.5", "vorderingen", "Vorderingen", 300000),
    regel("1.7", "liquide_middelen", "Liquide middelen", 1400000),
    regel("2.1.1", "eigen_vermogen", "Algemene reserve", 900000),
    regel("2.1.2", "eigen_vermogen", "Bestemmingsreserve publiek", 100000),
    regel("2.2", "voorzieningen", "Voorzieningen", 200000),
    regel("2.4", "kortlopende_schulden", "Kortlopende schulden", 800000),
    regel("3.1", "rijksbijdragen", "Rijksbijdragen OCW", 12000000, 11800000),
    regel("3.5", "overige_baten", "Overige baten", 100000, 50000),
    regel("6.1", "financiele_baten", "Rentebaten", 3000),
    regel("4.1", "personele_lasten", "Personele lasten", 1500000, 1600000),
    regel("4.2", "afschrijvingen", "Afschrijvingen", 50000, 50000),
    regel("4.3", "huisvestingslasten", "Huisvestingslasten", 70000, 75000),
    regel("4.4", "overige_lasten", "Overige lasten", 180000, 175000),
    regel("4.5", "doorbetalingen", "Doorbetalingen aan schoolbesturen", 10400000, 10000000),
]
# activa 200,000 + 100,000 + 300,000 + 1,400,000 = 2,000,000
# passiva 900,000 + 100,000 + 200,000 + 800,000 = 2,000,000; eigen vermogen 1,000,000
# baten 12,000,000 + 100,000 + 3,000 = 12,103,000 (begroting 11,800,000 + 50,000 = 11,850,000)
# lasten 1,500,000 + 50,000 + 70,000 + 180,000 + 10,400,000 = 12,200,000
# (begroting 1,600,000 + 50,000 + 75,000 + 175,000 + 10,000,000 = 11,900,000)
# resultaat 12,103,000 - 12,200,000 = -97,000 (begroting 11,850,000 - 11,900,000 = -50,000)

r = expect("PutJaarrekening 2017", put(2017, R2017), "OK")
if r.code == "OK":
    check("2017 totals: activa = passiva = 1,800,000, baten 11,580,000, lasten 11,480,000, resultaat 100,000",
          (r.resp.totaal_activa_cents, r.resp.totaal_passiva_cents, r.resp.totale_baten_cents,
           r.resp.totale_lasten_cents, r.resp.resultaat_cents) ==
          (1800000 * E, 1800000 * E, 11580000 * E, 11480000 * E, 100000 * E), str(r.resp))
r = expect("PutJaarrekening 2018 with published kengetallen",
           put(2018, R2018, [("solvabiliteit_2", "60.00"), ("liquiditeit", "2.12"),
                             ("weerstandsvermogen", "8.26")]), "OK")
if r.code == "OK":
    check("2018 comes back as put: 16 lines in order, the budget flag, resultaat -97,000",
          [x.code for x in r.resp.regels] == [x.code for x in R2018] and r.resp.resultaat_cents == -97000 * E
          and not r.resp.regels[0].met_begroting and r.resp.regels[8].met_begroting
          and r.resp.regels[8].begroting_cents == 11800000 * E, str(r.resp))
    check("2018: published figures stored", sorted((g.kengetal, g.waarde) for g in r.resp.gepubliceerd) ==
          [("liquiditeit", "2.12"), ("solvabiliteit_2", "60.00"), ("weerstandsvermogen", "8.26")],
          str(r.resp.gepubliceerd))
r = expect("PutJaarrekening 2018 again (a repeat replaces the year)",
           put(2018, R2018, [("solvabiliteit_2", "60.00"), ("liquiditeit", "2.12"),
                             ("weerstandsvermogen", "8.26")]), "OK")

rep = expect("GetJaarverslag 2018 (bestuur)", verslag(2018), "OK").resp
if rep is not None:
    check("jaarverslag 2018: grootteklasse middel (baten 12,103,000 between 5 and 15 million), previous year there",
          rep.grootteklasse == "middel" and rep.vorig_jaar, "%s %s" % (rep.grootteklasse, rep.vorig_jaar))

    def rows(section):
        return [(x.soort, x.code, x.naam, x.bedrag_cents // E if x.met_bedrag else None,
                 x.vorig_jaar_cents // E if x.met_vorig_jaar else None,
                 x.begroting_cents // E if x.met_begroting else None) for x in section]
    want_balans = [
        ("regel", "1.2.1", "Gebouwen", 200000, 210000, None),
        ("regel", "1.2.2", "Inventaris en apparatuur", 100000, 90000, None),
        ("regel", "1.5", "Vorderingen", 300000, 250000, None),
        ("regel", "1.7", "Liquide middelen", 1400000, 1250000, None),
        ("totaal", "", "Totaal activa", 2000000, 1800000, None),
        ("regel", "2.1.1", "Algemene reserve", 900000, 950000, None),
        ("regel", "2.1.2", "Bestemmingsreserve publiek", 100000, 147000, None),
        ("subtotaal", "", "Eigen vermogen", 1000000, 1097000, None),
        ("regel", "2.2", "Voorzieningen", 200000, 180000, None),
        ("regel", "2.4", "Kortlopende schulden", 800000, 523000, None),
        ("totaal", "", "Totaal passiva", 2000000, 1800000, None),
    ]
    got = rows(rep.balans)
    check("balans 2018: lines, the eigen vermogen subtotal of its reserves, totals, beside 2017", got == want_balans,
          "\n got  %s\n want %s" % (got, want_balans))
    want_bl = [
        ("regel", "3.1", "Rijksbijdragen OCW", 12000000, 11500000, 11800000),
        ("regel", "3.5", "Overige baten", 100000, 80000, 50000),
        ("regel", "6.1", "Rentebaten", 3000, None, None),
        ("totaal", "", "Totaal baten", 12103000, 11580000, 11850000),
        ("regel", "4.1", "Personele lasten", 1500000, 1400000, 1600000),
        ("regel", "4.2", "Afschrijvingen", 50000, 45000, 50000),
        ("regel", "4.3", "Huisvestingslasten", 70000, 65000, 75000),
        ("regel", "4.4", "Overige lasten", 180000, 150000, 175000),
        # only in 2017: shown with its previous-year figure, no amount this year
        ("regel", "4.4.9", "Advieskosten", None, 20000, None),
        ("subtotaal", "", "Overige lasten", 180000, 170000, 175000),
        ("regel", "4.5", "Doorbetalingen aan schoolbesturen", 10400000, 9800000, 10000000),
        ("totaal", "", "Totaal lasten", 12200000, 11480000, 11900000),
        ("totaal", "", "Resultaat", -97000, 100000, -50000),
    ]
    got = rows(rep.baten_en_lasten)
    check("staat van baten en lasten 2018: realisatie, begroting, 2017, a line only in 2017, resultaat",
          got == want_bl, "\n got  %s\n want %s" % (got, want_bl))

    k = kengetallen(rep)
    # (kengetal, waarde 2018, waarde 2017, signal, ondergrens, bovengrens), by hand:
    want = [
        # 1,000,000 / 2,000,000 x 100 = 50.00; 2017: 1,097,000 / 1,800,000 x 100 = 60.944 -> 60.94
        ("solvabiliteit_1", "50.00", "60.94", "geen_norm", "", ""),
        # (1,000,000 + 200,000) / 2,000,000 x 100 = 60.00; 2017: 1,277,000 / 1,800,000 = 70.944 -> 70.94
        ("solvabiliteit_2", "60.00", "70.94", "binnen", "30.00", ""),
        # (300,000 + 1,400,000) / 800,000 = 2.125 -> 2.13 (half-up); 2017: 1,500,000 / 523,000 = 2.868 -> 2.87;
        # middel: signal below 1.00
        ("liquiditeit", "2.13", "2.87", "binnen", "1.00", ""),
        # -97,000 / 12,103,000 x 100 = -0.80145 -> -0.80; 2017: 100,000 / 11,580,000 x 100 = 0.8636 -> 0.86
        ("rentabiliteit", "-0.80", "0.86", "binnen", "-10.00", ""),
        # 1,000,000 / 12,103,000 x 100 = 8.2624 -> 8.26; 2017: 1,097,000 / 11,580,000 x 100 = 9.4732 -> 9.47
        ("weerstandsvermogen", "8.26", "9.47", "binnen", "5.00", ""),
        # (2,000,000 - 200,000) / 12,103,000 x 100 = 14.8723 -> 14.87; 2017: 1,590,000 / 11,580,000 = 13.7306 -> 13.73
        ("kapitalisatiefactor", "14.87", "13.73", "binnen", "", "35.00"),
        # 1,500,000 / 12,200,000 x 100 = 12.2951 -> 12.30; 2017: 1,400,000 / 11,480,000 = 12.1951 -> 12.20
        ("aandeel_personele_lasten", "12.30", "12.20", "geen_norm", "", ""),
        # (50,000 + 70,000 + 180,000) / 12,200,000 x 100 = 2.4590 -> 2.46; 2017: 280,000 / 11,480,000 = 2.4390 -> 2.44
        ("aandeel_materiele_lasten", "2.46", "2.44", "geen_norm", "", ""),
        # 10,400,000 / 12,200,000 x 100 = 85.2459 -> 85.25; 2017: 9,800,000 / 11,480,000 = 85.3659 -> 85.37
        ("aandeel_doorbetalingen", "85.25", "85.37", "geen_norm", "", ""),
        # eigen vermogen 1,000,000.00 against max(250,000; 3.5 % x 12,103,000 = 423,605.00): above, may be excessive
        ("reservenorm", "1000000.00", "1097000.00", "boven", "", "423605.00"),
    ]
    check("kengetallen in print order", [x.kengetal for x in rep.kengetallen] == [w[0] for w in want],
          str([x.kengetal for x in rep.kengetallen]))
    for name, w, v, sig, lo, hi in want:
        x = k.get(name)
        got = x and (x.waarde, x.vorig_jaar, SIG.get(x.signaal), x.ondergrens, x.bovengrens)
        check("kengetal %s 2018 = %s (2017 %s), signal %s" % (name, w, v, sig), got == (w, v, sig, lo, hi),
              "got %s" % (got,))
    # published: solvabiliteit 2 60.00 = computed; liquiditeit 2.12 <> 2.13; weerstandsvermogen 8.26 = computed
    check("published vs computed: only liquiditeit (2.12 printed, 2.13 computed) is flagged",
          [(x.kengetal, x.gepubliceerd, x.afwijking) for x in rep.kengetallen if x.gepubliceerd] ==
          [("solvabiliteit_2", "60.00", False), ("liquiditeit", "2.12", True), ("weerstandsvermogen", "8.26", False)],
          str([(x.kengetal, x.gepubliceerd, x.afwijking) for x in rep.kengetallen]))
    check("definitions and norms name their versions (2014 defaults)",
          all(x.definitie_vanaf == 2014 for x in rep.kengetallen) and k["solvabiliteit_2"].norm_vanaf == 2014 and
          k["solvabiliteit_1"].norm_vanaf == 0, str([(x.kengetal, x.definitie_vanaf, x.norm_vanaf)
                                                    for x in rep.kengetallen]))
    check("a definition reads as a formula",
          k["solvabiliteit_2"].definitie == "(Eigen vermogen + Voorzieningen) / (Totaal passiva) x 100" and
          k["kapitalisatiefactor"].definitie == "(Totaal activa - Gebouwen en terreinen) / (Totale baten) x 100",
          "%r %r" % (k["solvabiliteit_2"].definitie, k["kapitalisatiefactor"].definitie))

r2017 = expect("GetJaarverslag 2017: no 2016 accounts", verslag(2017), "OK").resp
if r2017 is not None:
    tot = [x for x in r2017.balans if x.naam == "Totaal activa"][0]
    check("2017: no previous year: vorig_jaar false, totals without a previous figure, kengetallen without one",
          not r2017.vorig_jaar and not tot.met_vorig_jaar and all(x.vorig_jaar == "" for x in r2017.kengetallen),
          str(r2017))

# ---- toezicht reads, others do not ------------------------------------------------------
r = expect("toezicht reads the jaarverslag (aggregates of the organisation)", verslag(2018, tt), "OK")
check("toezicht sees the same figures", r.resp is not None and rep is not None and r.resp == rep, "differs")
expect("toezicht reads the accounts", cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(jaar=2018), tt),
       "OK")
expect("toezicht may not store accounts", put(2019, R2018, token=tt), "PERMISSION_DENIED")
for role in ("werkgebied", "school"):
    expect("%s may not read the jaarverslag" % role, verslag(2018, A.tokens[role]), "PERMISSION_DENIED")
    expect("%s may not read the accounts" % role,
           cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(jaar=2018), A.tokens[role]),
           "PERMISSION_DENIED")
expect("another tenant's bestuur: no jaarrekening 2018 (NOT_FOUND)", verslag(2018, Bt.tokens["bestuur"]),
       "NOT_FOUND", "no jaarrekening for that jaar")
expect("another tenant's toezicht: NOT_FOUND", verslag(2018, Bt.tokens["toezicht"]), "NOT_FOUND")

# ---- an unbalanced balans is refused, naming both totals; nothing is written -------------------
UNB = [regel("1.7", "liquide_middelen", "Liquide middelen", 1234567.89),
       regel("2.1", "eigen_vermogen", "Algemene reserve", 1234000),
       regel("2.4", "kortlopende_schulden", "Kortlopende schulden", 567)]
expect("unbalanced balans 2019: INVALID_ARGUMENT naming both totals in euros", put(2019, UNB), IA,
       "balans 2019 does not balance: totaal activa € 1.234.567,89 differs from totaal passiva € 1.234.567,00")
expect("... and 2019 was not written", cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(jaar=2019), bt),
       "NOT_FOUND", "no jaarrekening for that jaar")
UNB18 = R2018[:7] + [regel("2.4", "kortlopende_schulden", "Kortlopende schulden", 799999.99)] + R2018[8:]
expect("unbalanced 2018 (one cent): refused", put(2018, UNB18), IA,
       "balans 2018 does not balance: totaal activa € 2.000.000,00 differs from totaal passiva € 1.999.999,99")
after = expect("... and 2018 is unchanged", verslag(2018), "OK").resp
check("2018 unchanged after the refusal", after == rep, "changed")

# ---- bad input: each with its exact error, nothing written -----------------------------------
OK1 = [regel("1.7", "liquide_middelen", "Liquide middelen", 100), regel("2.1", "eigen_vermogen", "Reserve", 100)]
bad = [
    ("jaar before 1990", put(1989, OK1), "jaar must be a calendar year from 1990 to 2100"),
    ("no lines", put(2019, []), "regels: from 1 to 2000 lines"),
    ("a line in an unknown rubriek", put(2019, OK1 + [regel("3.1", "rijksbijdrage", "Rijksbijdragen", 5)]),
     "regels[2].rubriek 'rijksbijdrage' is not a rubriek of the annual accounts (one of: immateriele_vaste_activa, "
     "gebouwen_terreinen, materiele_vaste_activa, financiele_vaste_activa, voorraden, vorderingen, effecten, "
     "liquide_middelen, eigen_vermogen, voorzieningen, langlopende_schulden, kortlopende_schulden, rijksbijdragen, "
     "overige_overheidsbijdragen, overige_baten, financiele_baten, personele_lasten, afschrijvingen, "
     "huisvestingslasten, overige_lasten, doorbetalingen, financiele_lasten)"),
    ("a rubriek that is no code", put(2019, OK1 + [regel("3.1", "Rijks bijdragen", "Rijksbijdragen", 5)]),
     "regels[2].rubriek is required: a rubriek such as eigen_vermogen (ListJaarrekeningRubrieken)"),
    ("a code twice", put(2019, OK1 + [regel("1.7", "vorderingen", "Vorderingen", 0)]),
     "regels[2].code '1.7' appears twice: a code names one line of the year"),
    ("a budget on a balans line", put(2019, [regel("1.7", "liquide_middelen", "Liquide middelen", 100, 90),
                                             regel("2.1", "eigen_vermogen", "Reserve", 100)]),
     "regels[0].begroting_cents: a budget belongs to baten and lasten, not to the balans (rubriek liquide_middelen)"),
    ("an empty naam", put(2019, [regel("1.7", "liquide_middelen", "", 100)]),
     "regels[0].naam is required (at most 200 characters)"),
    ("an empty code", put(2019, [regel("", "liquide_middelen", "Kas", 100)]),
     "regels[0].code is required (at most 20 characters)"),
    ("an amount beyond 10^14 cents", put(2019, [J.JaarrekeningRegel(code="1", rubriek="vorderingen", naam="x",
                                                                    bedrag_cents=10**14 + 1)]),
     "regels[0]: amounts are at most 100000000000000 cents either way"),
    ("a published kengetal that does not exist", put(2019, OK1, [("solvabiliteit_3", "1.00")]),
     "gepubliceerd[0].kengetal 'solvabiliteit_3' is not a kengetal (one of: aandeel_doorbetalingen, "
     "aandeel_materiele_lasten, aandeel_personele_lasten, kapitalisatiefactor, liquiditeit, rentabiliteit, "
     "reservenorm, solvabiliteit_1, solvabiliteit_2, weerstandsvermogen)"),
    ("a published value with a decimal comma", put(2019, OK1, [("solvabiliteit_2", "53,12")]),
     "gepubliceerd[0].waarde '53,12' is not a number with at most 2 decimals and a decimal point (e.g. \"53.12\")"),
    ("a published kengetal twice", put(2019, OK1, [("liquiditeit", "1.00"), ("liquiditeit", "1.10")]),
     "gepubliceerd[1].kengetal 'liquiditeit' appears twice"),
]
for name, res, msg in bad:
    expect("bad input: %s" % name, res, IA, msg)
expect("... none of them wrote 2019", cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(jaar=2019), bt),
       "NOT_FOUND")
expect("GetJaarverslag jaar 0", verslag(0), IA, "jaar must be a calendar year from 1990 to 2100")
expect("GetJaarverslag 2101", verslag(2101), IA, "jaar must be a calendar year from 1990 to 2100")
expect("GetJaarverslag of a year without accounts", verslag(2099), "NOT_FOUND", "no jaarrekening for that jaar")


# ---- signal boundaries -------------------------------------------------------------------------
def account(jaar, baten, lasten, ev, vz, kort, lang, vord, liq, gebouwen=0, voorraden=0):
    """Accounts of one year in euros: the balans closes with materiële vaste
    activa = passiva - the other activa (so it balances by construction)."""
    passiva = ev + vz + kort + lang
    mva = passiva - gebouwen - vord - liq - voorraden
    rs = [regel("1.2.1", "gebouwen_terreinen", "Gebouwen", gebouwen),
          regel("1.2.2", "materiele_vaste_activa", "Inventaris", mva),
          regel("1.4", "voorraden", "Voorraden", voorraden),
          regel("1.5", "vorderingen", "Vorderingen", vord),
          regel("1.7", "liquide_middelen", "Liquide middelen", liq),
          regel("2.1", "eigen_vermogen", "Algemene reserve", ev),
          regel("2.2", "voorzieningen", "Voorzieningen", vz),
          regel("2.3", "langlopende_schulden", "Langlopende schulden", lang),
          regel("2.4", "kortlopende_schulden", "Kortlopende schulden", kort),
          regel("3.1", "rijksbijdragen", "Rijksbijdragen", baten),
          regel("4.5", "doorbetalingen", "Doorbetalingen", lasten)]
    res = put(jaar, rs)
    check("boundary accounts %d stored" % jaar, res.code == "OK", repr(res))
    rep_ = verslag(jaar)
    return kengetallen(rep_.resp) if rep_.code == "OK" else {}, rep_.resp


def sig(ks, jaar, name, waarde, signal, grens=None):
    x = ks.get(name)
    got = x and (x.waarde, SIG.get(x.signaal))
    extra = ""
    if grens is not None:
        got = got and got + ((x.ondergrens or x.bovengrens),)
        extra = ", grens %s" % grens
    want = (waarde, signal) if grens is None else (waarde, signal, grens)
    check("%d %s = %s: %s%s" % (jaar, name, waarde, signal, extra), got == want, "got %s" % (got,))


# 2031, middel (baten 10,000,000), every value exactly at its signaleringswaarde: no signal
# passiva 500,000 + 550,000 + 1,400,000 + 1,050,000 = 3,500,000
ks, _ = account(2031, baten=10000000, lasten=11000000, ev=500000, vz=550000, kort=1400000, lang=1050000,
                vord=400000, liq=1000000)
sig(ks, 2031, "solvabiliteit_2", "30.00", "binnen", "30.00")      # (500,000 + 550,000) / 3,500,000 x 100
sig(ks, 2031, "liquiditeit", "1.00", "binnen", "1.00")            # 1,400,000 / 1,400,000; middel: < 1.00
sig(ks, 2031, "kapitalisatiefactor", "35.00", "binnen", "35.00")  # 3,500,000 / 10,000,000 x 100
sig(ks, 2031, "rentabiliteit", "-10.00", "binnen", "-10.00")      # -1,000,000 / 10,000,000 x 100
sig(ks, 2031, "weerstandsvermogen", "5.00", "binnen", "5.00")     # 500,000 / 10,000,000 x 100
# 2032, one unit past each: passiva 499,000 + 550,950 + 1,400,000 + 1,051,050 = 3,501,000
ks, _ = account(2032, baten=10000000, lasten=11001000, ev=499000, vz=550950, kort=1400000, lang=1051050,
                vord=386000, liq=1000000)
sig(ks, 2032, "solvabiliteit_2", "29.99", "onder")       # 1,049,950 / 3,501,000 x 100 = 29.99000
sig(ks, 2032, "liquiditeit", "0.99", "onder")            # 1,386,000 / 1,400,000 = 0.99
sig(ks, 2032, "kapitalisatiefactor", "35.01", "boven")   # 3,501,000 / 10,000,000 x 100
sig(ks, 2032, "rentabiliteit", "-10.01", "onder")         # -1,001,000 / 10,000,000 x 100
sig(ks, 2032, "weerstandsvermogen", "4.99", "onder")      # 499,000 / 10,000,000 x 100
# 2033: the rounded value is what is compared: (299,975 + 0) / 1,000,000 x 100 = 29.9975 -> 30.00, no signal
ks, _ = account(2033, baten=10000000, lasten=10000000, ev=299975, vz=0, kort=700025, lang=0, vord=0, liq=700025)
sig(ks, 2033, "solvabiliteit_2", "30.00", "binnen")
# 2034, klein (baten 4,000,000 < 5,000,000): liquiditeit signals below 1.50 and kapitalisatiefactor above
# 60.00; the reserve norm is its minimum, max(250,000; 3.5 % x 4,000,000 = 140,000) = 250,000
ks, r34 = account(2034, baten=4000000, lasten=4000000, ev=250000, vz=0, kort=1000000, lang=1150000,
                  vord=490000, liq=1000000)
check("2034 is klein", r34 is not None and r34.grootteklasse == "klein", str(r34 and r34.grootteklasse))
sig(ks, 2034, "liquiditeit", "1.49", "onder", "1.50")              # 1,490,000 / 1,000,000 (middel: no signal)
sig(ks, 2034, "kapitalisatiefactor", "60.00", "binnen", "60.00")   # 2,400,000 / 4,000,000 x 100 (middel: signal)
sig(ks, 2034, "reservenorm", "250000.00", "binnen", "250000.00")   # exactly the minimum
# 2035: one cent more eigen vermogen: above the minimum norm
ks, _ = account(2035, baten=4000000, lasten=4000000, ev=250000.01, vz=0, kort=1000000, lang=1150000,
                vord=490000, liq=1000000)
sig(ks, 2035, "reservenorm", "250000.01", "boven", "250000.00")
# 2036, groot (baten 20,000,000 >= 15,000,000): liquiditeit signals below 0.75
ks, r36 = account(2036, baten=20000000, lasten=20000000, ev=1000000, vz=0, kort=1000000, lang=0, vord=0, liq=750000)
check("2036 is groot", r36 is not None and r36.grootteklasse == "groot", str(r36 and r36.grootteklasse))
sig(ks, 2036, "liquiditeit", "0.75", "binnen", "0.75")             # 750,000 / 1,000,000
# 2037/2038: the reserve norm's percentage: 3.5 % x 10,000,000 = 350,000 > 250,000
ks, _ = account(2037, baten=10000000, lasten=10000000, ev=350000, vz=0, kort=650000, lang=0, vord=0, liq=650000)
sig(ks, 2037, "reservenorm", "350000.00", "binnen", "350000.00")
ks, _ = account(2038, baten=10000000, lasten=10000000, ev=350000.01, vz=0, kort=649999.99, lang=0, vord=0,
                liq=650000)
sig(ks, 2038, "reservenorm", "350000.01", "boven", "350000.00")
# a kengetal without a noemer: no value, and a signal saying so
ks, _ = account(2030, baten=0, lasten=0, ev=100, vz=0, kort=0, lang=0, vord=0, liq=100)
sig(ks, 2030, "liquiditeit", "", "geen_waarde")
sig(ks, 2030, "rentabiliteit", "", "geen_waarde")

# ---- configuration versions: a signal that crosses between two years ---------------------------
# 2039 and 2040 hold the same accounts: baten 10,000,000, kort 1,000,000, vorderingen + liquide 900,000,
# voorraden 100,000, activa 4,000,000
for jaar in (2039, 2040):
    account(jaar, baten=10000000, lasten=10000000, ev=2000000, vz=0, kort=1000000, lang=1000000, vord=400000,
            liq=500000, voorraden=100000)
AD = admin

expect("admin: liquiditeit from 2040 for every class below 0.75",
       cl.call(P_RAP + "SetSignaleringswaarde", J.Signaleringswaarde(kengetal="liquiditeit", geldig_vanaf=2040,
                                                                     ondergrens="0.75"), AD), "OK")
expect("admin: kapitalisatiefactor from 2040 for groot above 50",
       cl.call(P_RAP + "SetSignaleringswaarde", J.Signaleringswaarde(kengetal="kapitalisatiefactor", geldig_vanaf=2040,
                                                                     grootteklasse="groot", bovengrens="50.00"), AD),
       "OK")
expect("admin: size classes from 2040: groot from 8,000,000",
       cl.call(P_RAP + "SetGrootteklasse", J.Grootteklasse(geldig_vanaf=2040, grootteklasse="klein",
                                                           baten_vanaf_cents=0), AD), "OK")
expect("... and klein from 0",
       cl.call(P_RAP + "SetGrootteklasse", J.Grootteklasse(geldig_vanaf=2040, grootteklasse="groot",
                                                           baten_vanaf_cents=8000000 * E), AD), "OK")
expect("admin: liquiditeit from 2040 counts the voorraden (vlottende activa)",
       cl.call(P_RAP + "SetKengetalDefinitie", J.KengetalDefinitie(
           kengetal="liquiditeit", geldig_vanaf=2040, naam="Liquiditeit (current ratio)",
           teller=["voorraden", "vorderingen", "effecten", "liquide_middelen"], noemer=["kortlopende_schulden"],
           factor=1, eenheid="ratio", volgorde=30), AD), "OK")
r39, r40 = verslag(2039).resp, verslag(2040).resp
k39, k40 = kengetallen(r39), kengetallen(r40)
check("2039 is middel by the 2014 classes, 2040 groot by the 2040 classes",
      (r39.grootteklasse, r40.grootteklasse) == ("middel", "groot"), "%s %s" % (r39.grootteklasse, r40.grootteklasse))
# 2039: (400,000 + 500,000) / 1,000,000 = 0.90 < 1.00 (middel, 2014): signal
sig(k39, 2039, "liquiditeit", "0.90", "onder", "1.00")
# 2040: (100,000 + 400,000 + 500,000) / 1,000,000 = 1.00 (definition 2040) >= 0.75 (2040, alle): none
sig(k40, 2040, "liquiditeit", "1.00", "binnen", "0.75")
check("2040 liquiditeit: definition and norm of 2040; 2039 of 2014",
      (k40["liquiditeit"].definitie_vanaf, k40["liquiditeit"].norm_vanaf, k39["liquiditeit"].definitie_vanaf,
       k39["liquiditeit"].norm_vanaf) == (2040, 2040, 2014, 2014), "")
# kapitalisatiefactor (4,000,000 - 0) / 10,000,000 x 100 = 40.00: 2039 above 35 (alle, 2014), 2040 not above
# 50 (groot, 2040)
sig(k39, 2039, "kapitalisatiefactor", "40.00", "boven", "35.00")
sig(k40, 2040, "kapitalisatiefactor", "40.00", "binnen", "50.00")
check("2040: the previous year's value is computed with 2039's own configuration (0.90)",
      k40["liquiditeit"].vorig_jaar == "0.90", k40["liquiditeit"].vorig_jaar)

# ---- configuration: reads, roles, bad input ------------------------------------------------------------
lst = expect("bestuur reads the signaleringswaarden",
             cl.call(P_RAP + "ListSignaleringswaarden", J.ListSignaleringswaardenRequest(), bt), "OK").resp
check("the list holds the defaults and the 2040 versions",
      lst is not None and ("liquiditeit", 2040, "alle", "0.75", "") in
      [(x.kengetal, x.geldig_vanaf, x.grootteklasse, x.ondergrens, x.bovengrens) for x in lst.signaleringswaarden]
      and ("reservenorm", 2014, "alle", "", "3.50", 25000000) in
      [(x.kengetal, x.geldig_vanaf, x.grootteklasse, x.ondergrens, x.bovengrens, x.minimum_cents)
       for x in lst.signaleringswaarden], str(lst))
defs = expect("toezicht reads the definitions",
              cl.call(P_RAP + "ListKengetalDefinities", J.ListKengetalDefinitiesRequest(), tt), "OK").resp
check("11 definition versions (10 of 2014, liquiditeit 2040)", defs is not None and len(defs.definities) == 11,
      str(defs and len(defs.definities)))
gk = expect("admin reads the size classes", cl.call(P_RAP + "ListGrootteklassen", J.ListGrootteklassenRequest(), AD),
            "OK").resp
check("5 size classes (3 of 2014, 2 of 2040)", gk is not None and len(gk.grootteklassen) == 5, str(gk))
rb = expect("rubrieken", cl.call(pr.P_BES + "ListJaarrekeningRubrieken", J.ListJaarrekeningRubriekenRequest(), bt),
            "OK").resp
check("22 rubrieken in print order", rb is not None and len(rb.rubrieken) == 22 and
      rb.rubrieken[0].rubriek == "immateriele_vaste_activa" and rb.rubrieken[-1].rubriek == "financiele_lasten", "")
expect("bestuur may not set a signaleringswaarde",
       cl.call(P_RAP + "SetSignaleringswaarde", J.Signaleringswaarde(kengetal="liquiditeit", geldig_vanaf=2041,
                                                                     ondergrens="1.00"), bt), "PERMISSION_DENIED")
expect("werkgebied may not read the configuration",
       cl.call(P_RAP + "ListSignaleringswaarden", J.ListSignaleringswaardenRequest(), A.tokens["werkgebied"]),
       "PERMISSION_DENIED")
cfg_bad = [
    ("SetSignaleringswaarde", J.Signaleringswaarde(kengetal="liquiditeit", geldig_vanaf=2041, ondergrens="0,75"),
     "ondergrens must be a number with at most 2 decimals and a decimal point (e.g. \"0.75\"), or empty"),
    ("SetSignaleringswaarde", J.Signaleringswaarde(kengetal="liquiditeit", geldig_vanaf=2041, ondergrens="2.00",
                                                   bovengrens="1.00"), "ondergrens must not be above bovengrens"),
    ("SetSignaleringswaarde", J.Signaleringswaarde(kengetal="huisvestingsratio", geldig_vanaf=2041,
                                                   bovengrens="10.00"),
     "kengetal 'huisvestingsratio' has no definition (ListKengetalDefinities)"),
    ("SetSignaleringswaarde", J.Signaleringswaarde(kengetal="liquiditeit", geldig_vanaf=1989, ondergrens="1.00"),
     "geldig_vanaf must be a year from 1990 to 2100"),
    ("SetKengetalDefinitie", J.KengetalDefinitie(kengetal="x", geldig_vanaf=2041, naam="X", teller=["eigen_vermogn"],
                                                 noemer=["passiva"], factor=100, eenheid="%"),
     "teller: 'eigen_vermogn' is not a rubriek (ListJaarrekeningRubrieken) or one of activa, passiva, baten, "
     "lasten (with - in front to subtract)"),
    ("SetKengetalDefinitie", J.KengetalDefinitie(kengetal="x", geldig_vanaf=2041, naam="X", teller=["activa"],
                                                 noemer=["passiva"], factor=10, eenheid="%"),
     "factor must be 1 or 100"),
    ("SetKengetalDefinitie", J.KengetalDefinitie(kengetal="x", geldig_vanaf=2041, naam="X", teller=["activa"],
                                                 noemer=[], factor=100, eenheid="%"),
     "noemer: from 1 to 20 terms"),
    ("SetKengetalDefinitie", J.KengetalDefinitie(kengetal="x", geldig_vanaf=2041, naam="X", teller=["activa"],
                                                 noemer=["passiva"], factor=100, eenheid="procent"),
     "eenheid must be %, ratio or euro"),
    ("SetGrootteklasse", J.Grootteklasse(geldig_vanaf=2040, grootteklasse="middel", baten_vanaf_cents=8000000 * E),
     "baten_vanaf_cents: another grootteklasse of this geldig_vanaf starts at the same amount"),
    ("SetGrootteklasse", J.Grootteklasse(geldig_vanaf=2040, grootteklasse="alle", baten_vanaf_cents=1),
     "grootteklasse must be 1-31 lower-case letters, digits or _, starting with a letter, and not alle"),
]
for m, req, msg in cfg_bad:
    expect("admin %s bad input: %s" % (m, msg[:40]), cl.call(P_RAP + m, req, AD), IA, msg)
n_defs = len(cl.call(P_RAP + "ListKengetalDefinities", J.ListKengetalDefinitiesRequest(), AD).resp.definities)
check("... nothing written by them", n_defs == 11, str(n_defs))


# ---- SQL: the database keeps the balans in balance and finance from werkgebied and school ----------
def sq(role, q):
    return scenario.psql_script(args.db, scenario.principal_script(role, A.id, None, q))


rc, out, err = sq("bestuur", "UPDATE bestuur.jaarrekening_regels SET bedrag_cents = bedrag_cents + 1 "
                             "WHERE jaar = 2018 AND code = '1.7';")
check("SQL as bestuur: an update that unbalances 2018 fails at commit (jaarrekening_balans)",
      rc != 0 and "jaarrekening_balans: the balans of 2018 does not balance" in err, "rc %d %s" % (rc, err))
for role in ("werkgebied", "school"):
    for t in ("jaarrekeningen", "jaarrekening_regels", "jaarrekening_gepubliceerd"):
        rc, out, err = sq(role, "SELECT count(*) FROM bestuur.%s;" % t)
        check("SQL as %s: bestuur.%s refused" % (role, t), rc != 0 and "permission denied" in err,
              "rc %d %s %s" % (rc, out, err))
    rc, out, err = sq(role, "SELECT count(*) FROM bestuur.kengetallen(2018);")
    check("SQL as %s: bestuur.kengetallen refused" % role, rc != 0 and "permission denied" in err,
          "rc %d %s" % (rc, err))
rc, out, err = sq("toezicht", "INSERT INTO bestuur.jaarrekeningen (swv_id, jaar) VALUES (platform.current_swv(), 2050);")
check("SQL as toezicht: no write on the accounts", rc != 0 and "permission denied" in err, "rc %d %s" % (rc, err))
rc, out, err = sq("bestuur", "INSERT INTO platform.signaleringswaarden (kengetal, geldig_vanaf, ondergrens) "
                             "VALUES ('liquiditeit', 2050, 9);")
check("SQL as bestuur: no write on the platform configuration", rc != 0 and "permission denied" in err,
      "rc %d %s" % (rc, err))
rc, out, err = scenario.psql_script(args.db, "BEGIN; SET LOCAL ROLE passend_admin; INSERT INTO "
                                    "platform.signaleringswaarden (kengetal, geldig_vanaf, ondergrens) VALUES "
                                    "('liquiditeit', 2050, 9); COMMIT;\n")
check("SQL as admin without its token's proof: refused by row level security",
      rc != 0 and "row-level security" in err, "rc %d %s" % (rc, err))


# ---- the CLI: rapport jaarverslag in table, csv and json; bestuur jaarrekening put ----------------
def cli(token, *argv):
    p = subprocess.run([os.path.join(args.build, "passend"), "--server", args.server, "--ca", args.ca, "--token", token]
                       + list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


rc, out, err = cli(bt, "rapport", "jaarverslag", "--jaar", "2018")
check("CLI table: sections, whole euros in Dutch notation, percentages, signals, the published difference",
      rc == 0 and all(s in out for s in (
          "Balans per 31 december 2018", "Staat van baten en lasten 2018", "Kengetallen", "31-12-2017",
          "Begroting 2018", "2.000.000", "1.800.000", "-97.000", "  Algemene reserve", "60,00 %", "< 30,00 %",
          "2,13", "SIGNAAL: mogelijk bovenmatige reserve", "> € 423.605", "wijkt af", "grootteklasse middel")),
      "rc %d\n%s%s" % (rc, out, err))
rc, out, err = cli(tt, "rapport", "jaarverslag", "--jaar", "2018", "--output", "csv")
check("CLI csv (toezicht): euros with a decimal point, blocks per section",
      rc == 0 and ",Totaal activa,2000000.00,1800000.00" in out and ",Resultaat,-97000.00,-50000.00,100000.00" in out
      and "Liquiditeit (current ratio),2.13,2.87,< 1.00" in out, "rc %d\n%s%s" % (rc, out, err))
rc, out, err = cli(bt, "rapport", "jaarverslag", "--jaar", "2018", "--output", "json")
check("CLI json: the Jaarverslag message", rc == 0 and '"grootteklasse"' in out and '"SIGNAAL_BOVEN"' in out,
      "rc %d %s%s" % (rc, out[:300], err))
rc, out, err = cli(A.tokens["school"], "rapport", "jaarverslag", "--jaar", "2018")
check("CLI as school: exit 1, PERMISSION_DENIED", rc == 1 and "PERMISSION_DENIED" in err, "rc %d %s" % (rc, err))
rc, out, err = cli(bt, "bestuur", "jaarrekening", "put", "--jaar", "2021",
                   "--regel", "1.7|liquide_middelen|Liquide middelen|1.500.000,50",
                   "--regel", "2.1|eigen_vermogen|Algemene reserve|1.200.000",
                   "--regel", "2.4|kortlopende_schulden|Kortlopende schulden|300.000,50",
                   "--regel", "3.1|rijksbijdragen|Rijksbijdragen|12.000.000|11.900.000",
                   "--regel", "4.5|doorbetalingen|Doorbetalingen|11.800.000|11.900.000",
                   "--gepubliceerd", "solvabiliteit_2=80.00")
check("CLI put: euros in Dutch notation stored as cents", rc == 0, "rc %d %s%s" % (rc, out, err))
g = cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(jaar=2021), bt).resp
check("... 1.500.000,50 is 150000050 cents, the budget flagged",
      g is not None and g.regels[0].bedrag_cents == 150000050 and g.regels[3].met_begroting
      and g.regels[3].begroting_cents == 1190000000 and g.resultaat_cents == 20000000, str(g))
rc, out, err = cli(bt, "bestuur", "jaarrekening", "put", "--jaar", "2022",
                   "--regel", "1.7|liquide_middelen|Liquide middelen|1.000", "--regel", "2.1|eigen_vermogen|Reserve|999")
check("CLI put unbalanced: exit 1 with both totals",
      rc == 1 and "balans 2022 does not balance: totaal activa € 1.000,00 differs from totaal passiva € 999,00" in err,
      "rc %d %s" % (rc, err))
rc, out, err = cli(bt, "bestuur", "jaarrekening", "put", "--jaar", "2022", "--regel", "1.7|liquide_middelen|x|1,234")
check("CLI put: a bad amount is a usage error (exit 2)", rc == 2 and "--regel must be an amount in euros" in err,
      "rc %d %s" % (rc, err))

# ---- the CSV import kind jaarrekening -----------------------------------------------------------
def write(name, text):
    path = os.path.join(args.out, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


CSV = ("jaar,code,rubriek,naam,bedrag,begroting\n"
       "2023,1.7,liquide_middelen,Liquide middelen,1000000.00,\n"
       "2023,2.1,eigen_vermogen,Algemene reserve,-50000,\n"
       "2023,2.4,kortlopende_schulden,Kortlopende schulden,\"1050000,00\",\n"
       "2023,3.1,rijksbijdragen,Rijksbijdragen,9000000,8900000\n"
       "2023,4.5,doorbetalingen,Doorbetalingen,9100000.5,9000000\n"
       "2024,1.7,liquide_middelen,Liquide middelen,500,\n"
       "2024,2.1,eigen_vermogen,Algemene reserve,500,\n")
f1 = write("jaarrekening.csv", CSV)
rc, out, err = cli(bt, "bestuur", "import", "jaarrekening", f1)
check("import jaarrekening: 7 rows inserted", rc == 0 and "7 rows: 7 inserted, 0 updated, 0 unchanged" in out,
      "rc %d %s%s" % (rc, out, err))
g = cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(jaar=2023), bt).resp
# baten 9,000,000 - lasten 9,100,000.50 = -100,000.50; a negative reserve of -50,000
check("imported 2023: amounts in cents (negative too), budgets, resultaat -100,000.50",
      g is not None and [x.bedrag_cents for x in g.regels] == [100000000, -5000000, 105000000, 900000000, 910000050]
      and g.regels[3].met_begroting and g.regels[3].begroting_cents == 890000000 and not g.regels[0].met_begroting
      and g.resultaat_cents == -10000050, str(g))
rc, out, err = cli(bt, "bestuur", "import", "jaarrekening", f1)
check("the same file again: all unchanged", rc == 0 and "7 rows: 0 inserted, 0 updated, 7 unchanged" in out,
      "rc %d %s%s" % (rc, out, err))
f2 = write("jaarrekening2.csv", "jaar,code,rubriek,naam,bedrag\n2024,1.7,liquide_middelen,Kas,600\n"
           "2024,2.1,eigen_vermogen,Algemene reserve,600\n2024,2.2,voorzieningen,Voorzieningen,0\n")
rc, out, err = cli(bt, "bestuur", "import", "jaarrekening", f2, "--dry-run")
check("dry run: nothing written", rc == 0 and cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(
    jaar=2024), bt).resp.totaal_activa_cents == 50000, "rc %d %s%s" % (rc, out, err))
rc, out, err = cli(bt, "bestuur", "import", "jaarrekening", f2)
g = cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(jaar=2024), bt).resp
check("a year in the file replaces that year: 1 inserted, 2 updated; 2023 untouched",
      rc == 0 and "3 rows: 1 inserted, 2 updated, 0 unchanged" in out and g.totaal_activa_cents == 60000
      and [x.code for x in g.regels] == ["1.7", "2.1", "2.2"] and g.regels[0].naam == "Kas" and
      cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(jaar=2023), bt).resp.regels[0].bedrag_cents
      == 100000000, "rc %d %s%s %s" % (rc, out, err, g))
f3 = write("jaarrekening_fout.csv",
           "jaar,code,rubriek,naam,bedrag,begroting\n"
           "2025,1.7,liquide_middelen,Liquide middelen,1000,\n"
           "2025,1.7,vorderingen,Vorderingen,10,\n"
           "2025,2.1,eigen_vermogn,Reserve,1000,\n"
           "2025,2.4,kortlopende_schulden,Schulden,5,5\n"
           "2025,3.1,rijksbijdragen,Rijksbijdragen,1.234.567,\n"
           "2026,1.7,liquide_middelen,Liquide middelen,1234567.89,\n"
           "2026,2.1,eigen_vermogen,Reserve,1234567,\n")
rc, out, err = cli(bt, "bestuur", "import", "jaarrekening", f3)
want_errs = [
    "jaarrekening_fout.csv:3: code: same jaar and code as line 2",
    "jaarrekening_fout.csv:4: rubriek: eigen_vermogn is not a rubriek of the annual accounts",
    "jaarrekening_fout.csv:5: begroting: a budget belongs to baten and lasten, not to the balans",
    "jaarrekening_fout.csv:6: bedrag: must be an amount in euros with at most 2 decimals, '-' in front when "
    "negative, e.g. -1250,00",
    "jaarrekening_fout.csv:7: bedrag: balans 2026 does not balance: totaal activa € 1.234.567,89 differs from "
    "totaal passiva € 1.234.567,00",
]
check("a file with errors on several lines: each named, exit 1",
      rc == 1 and all(w in err for w in want_errs), "rc %d %s%s" % (rc, out, err))
check("... and nothing written (2025, 2026)", all(cl.call(pr.P_BES + "GetJaarrekening", J.GetJaarrekeningRequest(
    jaar=y), bt).code == "NOT_FOUND" for y in (2025, 2026)), "")

# ---- the demo's invented accounts (scripts/demo imports them for Noord-Kennemerland) --------------
btb = Bt.tokens["bestuur"]
rc, out, err = cli(btb, "bestuur", "import", "jaarrekening", os.path.join(args.src, "scripts", "demo-data",
                                                                          "nk_jaarrekening.csv"))
check("the demo file imports (32 lines, both years balance)", rc == 0 and "32 rows: 32 inserted" in out,
      "rc %d %s%s" % (rc, out, err))
demo = verslag(2018, btb).resp
if demo is not None:
    dk = kengetallen(demo)
    # solvabiliteit 2: (2,560,000 + 95,000) / 3,717,000 x 100 = 71.43; liquiditeit (412,000 + 3,120,000) /
    # 1,062,000 = 3.33; weerstandsvermogen 2,560,000 / 14,422,000 x 100 = 17.75; reserve norm
    # max(250,000; 3.5 % x 14,422,000 = 504,770) against 2,560,000: may be excessive
    got = [(n, dk[n].waarde, SIG.get(dk[n].signaal)) for n in ("solvabiliteit_2", "liquiditeit",
                                                              "weerstandsvermogen", "reservenorm")]
    check("demo 2018: middel, kengetallen and the reserve-norm signal", demo.grootteklasse == "middel" and got == [
        ("solvabiliteit_2", "71.43", "binnen"), ("liquiditeit", "3.33", "binnen"),
        ("weerstandsvermogen", "17.75", "binnen"), ("reservenorm", "2560000.00", "boven")], str(got))
    res = [x for x in demo.baten_en_lasten if x.naam == "Resultaat"][0]
    check("demo 2018: resultaat 110,000 (2017: 185,000; begroot -125,000)",
          (res.bedrag_cents, res.vorig_jaar_cents, res.begroting_cents) == (110000 * E, 185000 * E, -125000 * E),
          str(res))

cl.close()
print("summary: %d passed, %d failed" % (scenario.passes, scenario.failures), flush=True)
sys.exit(scenario.exit_code())
