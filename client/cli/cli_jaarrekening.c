/* cli_jaarrekening: the annual accounts as tables — `passend bestuur
 * jaarrekening put|show|rubrieken` (passend.v1.Bestuur) and the kengetal
 * configuration `passend admin kengetal|grootteklasse|signaleringswaarde
 * set|list` (passend.v1.Rapportage). Amounts on the command line are euros
 * in Dutch notation (cli_parse_euro), sent as cents. The jaarverslag itself
 * is `passend rapport jaarverslag` (cli_rapport.c).
 */
#include "cli_resource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --regel CODE|RUBRIEK|NAAM|BEDRAG[|BEGROTING]: one element of regels. */
static int set_regel(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	char *copy = strdup(value), *part[6] = {0};
	ProtobufCMessage *r;
	int n = 0, rc;
	if (!copy) return cli_oom(f->ctx);
	for (char *p = copy, *bar; n < 6 && p; p = bar ? bar + 1 : NULL) {
		bar = strchr(p, '|');
		if (bar) *bar = '\0';
		part[n++] = p;
	}
	if (n < 4 || n > 5 || !*part[0] || !*part[1] || !*part[2]) {
		free(copy);
		return cli_usage_error(f->ctx, "--%s must be CODE|RUBRIEK|NAAM|BEDRAG[|BEGROTING], not '%s'",
		                       fl->name, value);
	}
	if (!(rc = cli_form_add(f, NULL, "regels", &r)) &&
	    !(rc = cli_form_set(f, r, "code", part[0], NULL)) &&
	    !(rc = cli_form_set(f, r, "rubriek", part[1], NULL)) &&
	    !(rc = cli_form_set(f, r, "naam", part[2], NULL)) &&
	    !(rc = cli_form_set_euro(f, r, fl->name, "bedrag_cents", part[3])) && n == 5 && *part[4])
		if (!(rc = cli_form_set_euro(f, r, fl->name, "begroting_cents", part[4])))
			rc = cli_form_set(f, r, "met_begroting", "true", NULL);
	free(copy);
	return rc;
}

/* --gepubliceerd KENGETAL=WAARDE: one element of gepubliceerd. */
static int set_gepubliceerd(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	return cli_form_add_pair(f, NULL, fl, value, '=', "gepubliceerd", "kengetal", "waarde");
}

static const struct cli_flag put_flags[] = {
    CLI_FIELD("jaar", "calendar year of the accounts", .metavar = "YYYY", .required = CLI_CALL, .min = 1990,
              .max = 2100),
    {"regel", "CODE|RUBRIEK|NAAM|BEDRAG[|BEGROTING]",
     "a line (repeat, in print order): amounts in euros, Dutch notation; BEGROTING only for baten and lasten",
     .field = "regels", .set = set_regel, .required = CLI_CALL},
    {"gepubliceerd", "KENGETAL=WAARDE",
     "a kengetal as the published report printed it (repeat), e.g. solvabiliteit_2=53.12",
     .field = "gepubliceerd", .set = set_gepubliceerd},
    {0},
};

static const struct cli_flag jaar_flags[] = {
    CLI_FIELD("jaar", "calendar year", .metavar = "YYYY", .required = CLI_CALL, .min = 1990, .max = 2100),
    {0},
};

static const struct cli_verb jaarrekening_verbs[] = {
    {.kind = CLI_CALL,
     "put",
     "PutJaarrekening",
     put_flags,
     "Store the accounts of a calendar year (replaces what was stored for that year)",
     "Role bestuur. The balans at 31 December (rubrieken of activa and passiva) and the staat\n"
     "van baten en lasten (baten and lasten, each line with its budget) in one call; a balans\n"
     "whose activa and passiva differ is refused, naming both totals. The previous year's\n"
     "figures in the jaarverslag come from the lines with the same code in the previous year's\n"
     "accounts. `passend bestuur jaarrekening rubrieken` lists the rubrieken.",
     "  passend bestuur jaarrekening put --jaar 2018 \\\n"
     "      --regel '1.7|liquide_middelen|Liquide middelen|1.500.000' \\\n"
     "      --regel '2.1.1|eigen_vermogen|Algemene reserve|1.200.000' \\\n"
     "      --regel '2.4|kortlopende_schulden|Kortlopende schulden|300.000' \\\n"
     "      --regel '3.1|rijksbijdragen|Rijksbijdragen OCW|12.000.000|11.900.000' \\\n"
     "      --regel '4.5|doorbetalingen|Doorbetalingen aan schoolbesturen|11.800.000|11.900.000' \\\n"
     "      --gepubliceerd solvabiliteit_2=80.00\n"},
    {.kind = CLI_CALL,
     "show",
     "GetJaarrekening",
     jaar_flags,
     "Show the stored accounts of a year with their totals",
     "Roles bestuur and toezicht. Amounts in cents; `passend rapport jaarverslag` prints them\n"
     "as the annual report does, with the previous year, the budget and the kengetallen.",
     "  passend bestuur jaarrekening show --jaar 2018 --output json\n"},
    {.kind = CLI_LIST,
     "rubrieken",
     "ListJaarrekeningRubrieken",
     NULL,
     "List the rubrieken a line of the accounts may have",
     "Roles admin, bestuur and toezicht. A rubriek decides the line's staat (activa, passiva,\n"
     "baten, lasten), its place and the kengetallen it counts in.",
     "  passend bestuur jaarrekening rubrieken\n"},
    {0},
};

const struct cli_resource cli_res_jaarrekening = {
    .cmd = {"jaarrekening", "Annual accounts per calendar year (balans, baten en lasten): put, show",
            .resource = &cli_res_jaarrekening},
    .service = &passend__v1__bestuur__descriptor,
    .verbs = jaarrekening_verbs,
};

/* ---- passend admin kengetal | grootteklasse | signaleringswaarde ------------------------------ */

/* The year from which a version of the configuration holds (each of the three). */
#define GELDIG_VANAF                                                                                         \
	CLI_FIELD("geldig_vanaf", "first year of this version", .metavar = "YYYY", .required = CLI_CALL,     \
	          .min = 1990, .max = 2100)

static const struct cli_flag definitie_flags[] = {
    CLI_FIELD("kengetal", "the kengetal, e.g. solvabiliteit_2", .metavar = "CODE", .required = CLI_CALL),
    GELDIG_VANAF,
    CLI_FIELD("naam", "its name in reports", .metavar = "TEXT", .required = CLI_CALL),
    CLI_FIELD("teller", "rubrieken or staten (activa, passiva, baten, lasten) added, -TERM subtracts",
              .metavar = "TERMS", .required = CLI_CALL),
    CLI_FIELD("noemer", "the same for the denominator (none for eenheid euro)", .metavar = "TERMS"),
    CLI_FIELD("factor", "1 or 100 (a percentage)", .def = "100", .min = 1, .max = 100),
    CLI_FIELD("eenheid", "%, ratio or euro (the reserve norm)", .choices = "%|ratio|euro", .def = "%"),
    CLI_FIELD("volgorde", "print order", .min = 0, .max = 10000),
    {0},
};

static const struct cli_verb definitie_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "SetKengetalDefinitie",
     definitie_flags,
     "Set how a kengetal is computed from a year on",
     "Role admin. waarde = sum(teller) / sum(noemer) x factor, rounded half-up to 2 decimals,\n"
     "from --geldig-vanaf until a later version. Setting a version again replaces it.",
     "  passend admin kengetal set --kengetal solvabiliteit_2 --geldig-vanaf 2021 \\\n"
     "      --naam 'Solvabiliteit 2' --teller eigen_vermogen,voorzieningen --noemer passiva\n"},
    {.kind = CLI_LIST,
     "list",
     "ListKengetalDefinities",
     NULL,
     "List the kengetal definitions, every version",
     "Roles admin, bestuur and toezicht.",
     "  passend admin kengetal list\n"},
    {0},
};

const struct cli_resource cli_res_kengetal_definitie = {
    .cmd = {"kengetal", "Kengetal definitions per year (how each is computed): set, list",
            .resource = &cli_res_kengetal_definitie},
    .service = &passend__v1__rapportage__descriptor,
    .verbs = definitie_verbs,
};

static const struct cli_flag grootteklasse_flags[] = {
    GELDIG_VANAF,
    CLI_FIELD("grootteklasse", "the size class, e.g. klein", .metavar = "CODE", .required = CLI_CALL),
    CLI_FIELD("baten_vanaf_cents", "the class starts at these totale baten (euros, Dutch notation)",
              .required = CLI_CALL),
    {0},
};

static const struct cli_verb grootteklasse_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "SetGrootteklasse",
     grootteklasse_flags,
     "Set a size class of a version",
     "Role admin. In a year a tenant is the class of the version in force whose --baten-vanaf is\n"
     "the greatest not above its totale baten; every version needs a class from 0.",
     "  passend admin grootteklasse set --geldig-vanaf 2014 --grootteklasse groot --baten-vanaf "
     "15.000.000\n"},
    {.kind = CLI_LIST,
     "list",
     "ListGrootteklassen",
     NULL,
     "List the size classes, every version",
     "Roles admin, bestuur and toezicht.",
     "  passend admin grootteklasse list\n"},
    {0},
};

const struct cli_resource cli_res_grootteklasse = {
    .cmd = {"grootteklasse", "Size classes per year (by totale baten): set, list",
            .resource = &cli_res_grootteklasse},
    .service = &passend__v1__rapportage__descriptor,
    .verbs = grootteklasse_verbs,
};

static const struct cli_flag signalering_flags[] = {
    CLI_FIELD("kengetal", "the kengetal, e.g. liquiditeit", .metavar = "CODE", .required = CLI_CALL),
    GELDIG_VANAF,
    CLI_FIELD("grootteklasse", "the size class it applies to (default: alle)", .metavar = "CODE"),
    CLI_FIELD("ondergrens", "signal below this value (decimal point), e.g. 0.75", .metavar = "DECIMAL"),
    CLI_FIELD("bovengrens", "signal above this value; reserve norm: percentage of the baten",
              .metavar = "DECIMAL"),
    CLI_FIELD("minimum_cents", "reserve norm: the least norm in euros (Dutch notation)"),
    {0},
};

static const struct cli_verb signalering_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "SetSignaleringswaarde",
     signalering_flags,
     "Set a signaleringswaarde of the inspectie from a year on",
     "Role admin. A size class's own value goes before 'alle' of the same version; the latest\n"
     "version not after the report's year applies. Setting a version again replaces it.",
     "  passend admin signaleringswaarde set --kengetal liquiditeit --geldig-vanaf 2021 --ondergrens 0.75\n"
     "  passend admin signaleringswaarde set --kengetal reservenorm --geldig-vanaf 2014 \\\n"
     "      --bovengrens 3.5 --minimum 250.000\n"},
    {.kind = CLI_LIST,
     "list",
     "ListSignaleringswaarden",
     NULL,
     "List the signaleringswaarden, every version",
     "Roles admin, bestuur and toezicht.",
     "  passend admin signaleringswaarde list\n"},
    {0},
};

const struct cli_resource cli_res_signaleringswaarde = {
    .cmd = {"signaleringswaarde", "The inspectie's signaleringswaarden per year and size class: set, list",
            .resource = &cli_res_signaleringswaarde},
    .service = &passend__v1__rapportage__descriptor,
    .verbs = signalering_verbs,
};
