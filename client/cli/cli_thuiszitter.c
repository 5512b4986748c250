/* cli_thuiszitter: `passend thuiszitter` — the thuiszitter objects of the
 * werkgebied area as tables (cli_resource.h): the municipal counts
 * (telling) and verloop per period (verloop), set and listed by bestuur,
 * and the cases of (threatened) thuiszitters (casus) with their steps
 * thuiszittend and afsluiten. Cases are pupil-level: every call is audited
 * by the server. The report is `passend rapport thuiszitters`.
 */
#include "cli_resource.h"

/* ---- telling --------------------------------------------------------------------------- */

static const struct cli_flag telling_flags[] = {
    CLI_FIELD("telling.peildatum", "the peildatum of the count", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("telling.categorie",
              "a code of the thuiszitter-categorie list (relatief_verzuim, langdurig_relatief_verzuim, "
              "absoluut_verzuim, vrijstelling_5a, ...)",
              .metavar = "CODE", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("telling.gemeente_id", "the gemeente (leave out for a total without a gemeente split)",
              .on = CLI_CALL),
    CLI_FIELD("telling.aantal", "the count", .metavar = "N", .min = 0, .max = 1000000, .on = CLI_CALL,
              .required = CLI_CALL),
    CLI_FIELD("peildatum", "only this peildatum", .on = CLI_LIST),
    {0},
};

static const struct cli_verb telling_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "SetThuiszitterTelling",
     telling_flags,
     "Record a municipal thuiszitter count (replaces an earlier one)",
     "Role bestuur. One count per peildatum, categorie and gemeente; without --gemeente it is\n"
     "a total without a gemeente split. Setting it again replaces it.",
     "  passend thuiszitter telling set --peildatum 2017-03-15 --categorie absoluut_verzuim \\\n"
     "      --gemeente Alkmaar --aantal 7\n"
     "  passend thuiszitter telling set --peildatum 2016-09-15 --categorie vrijstelling_5b --aantal 18\n"},
    {.kind = CLI_LIST,
     "list",
     "ListThuiszitterTellingen",
     telling_flags,
     "List the municipal thuiszitter counts",
     "Role bestuur, by peildatum, categorie and gemeente. The inspectie's CSV is\n"
     "`passend rapport thuiszitters-inspectie`.",
     "  passend thuiszitter telling list --peildatum 2017-03-15\n"},
    {0},
};

static const struct cli_resource telling = {
    .cmd = {"telling", "Municipal thuiszitter counts per peildatum, categorie and gemeente: set, list",
            .resource = &telling},
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "peildatum categorie gemeente aantal",
    .verbs = telling_verbs,
};

/* ---- verloop --------------------------------------------------------------------------- */

#define COUNT_FLAG(flag, fld, help)                                                                          \
	{                                                                                                    \
		flag, "N", help, .field = "verloop." fld, .min = 0, .max = 1000000, .on = CLI_CALL,          \
		                 .required = CLI_CALL                                                        \
	}

static const struct cli_flag verloop_flags[] = {
    CLI_FIELD("verloop.van", "the period's first day", .metavar = "YYYY-MM-DD", .on = CLI_CALL,
              .required = CLI_CALL),
    CLI_FIELD("verloop.tot", "the period's last day", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("verloop.gemeente_id", "the gemeente (leave out: without a gemeente split)", .on = CLI_CALL),
    COUNT_FLAG("begin", "begin", "thuiszitters at the start of the period"),
    COUNT_FLAG("nieuw", "nieuw", "new in the period"),
    COUNT_FLAG("verhuisd", "verhuisd", "moved away"),
    COUNT_FLAG("achttien", "achttien", "turned 18"),
    COUNT_FLAG("opgelost", "opgelost", "resolved"),
    COUNT_FLAG("actueel", "actueel", "thuiszitters at the end of the period"),
    {0},
};

static const struct cli_verb verloop_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "SetThuiszitterVerloop",
     verloop_flags,
     "Record a gemeente's thuiszitter verloop of a period, as reported (replaces an earlier one)",
     "Role bestuur. Stored as reported; `passend rapport thuiszitters` checks actueel = begin +\n"
     "nieuw - verhuisd - achttien - opgelost and flags a period where it does not hold.",
     "  passend thuiszitter verloop set --van 2016-12-16 --tot 2017-03-15 --gemeente Alkmaar \\\n"
     "      --begin 9 --nieuw 4 --verhuisd 1 --achttien 0 --opgelost 3 --actueel 9\n"},
    {.kind = CLI_LIST,
     "list",
     "ListThuiszitterVerloop",
     verloop_flags,
     "List the municipal thuiszitter verloop",
     "Role bestuur.",
     "  passend thuiszitter verloop list\n"},
    {0},
};

static const struct cli_resource verloop = {
    .cmd = {"verloop", "Municipal thuiszitter verloop per period (begin, nieuw, ..., actueel): set, list",
            .resource = &verloop},
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "van tot gemeente begin nieuw verhuisd achttien opgelost actueel",
    .verbs = verloop_verbs,
};

/* ---- casus ------------------------------------------------------------------------------ */

#define CU (CLI_CREATE | CLI_UPDATE)

static const struct cli_flag casus_flags[] = {
    CLI_FIELD("leerling_id", "the pupil", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("startdatum", "the day the case started", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("thuiszittend_sinds", "already not going to school since this day (status thuiszittend)",
              .on = CLI_CREATE),
    CLI_FIELD(
        "scenarios",
        "scenario flags, comma-separated codes of the thuiszitter-scenario list (aanpassingen_zonder_effect, "
        "verkort_rooster, vaak_buiten_de_klas, dreigende_verwijdering, ...)",
        .metavar = "CODES", .on = CU),
    {"no-scenarios", NULL, "clear the scenario flags", .field = "scenarios", .opts = CLI_F_CLEAR,
     .on = CLI_UPDATE},
    {"interim", "TEXT", "the interim learning arrangement", .field = "interim_leerarrangement", .on = CU},
    CLI_FIELD("leerling_id", "only the cases of this pupil", .on = CLI_LIST),
    CLI_FIELD("werkgebied_id", "only the cases recorded in this werkgebied", .on = CLI_LIST),
    {"open", NULL, "only cases not afgesloten", .field = "alleen_open", .on = CLI_LIST},
    {0},
};

static const struct cli_flag thuiszittend_flags[] = {
    CLI_FIELD("datum", "not going to school since this day", .required = CLI_ACT),
    {0},
};

static const struct cli_flag afsluiten_flags[] = {
    CLI_FIELD("einddatum", "the day the case ended", .required = CLI_ACT),
    CLI_FIELD("uitkomst", "geplaatst, vrijstelling, verhuisd, achttien or overig", .metavar = "U",
              .required = CLI_ACT),
    {0},
};

static const struct cli_verb casus_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateThuiszitterCasus",
     casus_flags,
     "Record a case of a (threatened) thuiszitter",
     "Roles bestuur and werkgebied (its pupils). The case starts dreigend, or thuiszittend with\n"
     "--thuiszittend-sinds; it takes the pupil's school and werkgebied. Audited.",
     "  passend thuiszitter casus create --leerling parnassys:4711 --startdatum 2017-01-09 \\\n"
     "      --scenarios verkort_rooster,vaak_buiten_de_klas --interim \"2 ochtenden zorgboerderij\"\n"},
    {.kind = CLI_LIST,
     "list",
     "ListThuiszitterCasussen",
     casus_flags,
     "List thuiszitter cases",
     "Roles bestuur, werkgebied and school (their pupils). The call is audited.",
     "  passend thuiszitter casus list --open\n"
     "  passend thuiszitter casus list --werkgebied Heiloo --output csv\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetThuiszitterCasus",
     NULL,
     "Show one case",
     "Roles bestuur, werkgebied and school (their pupils); others get NOT_FOUND. Audited.",
     "  passend thuiszitter casus show 5f1d2a3b-9e1c-4b8a-8a4e-2c1d3e4f5a6b\n"},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateThuiszitterCasus",
     casus_flags,
     "Change a case's scenario flags or interim learning arrangement",
     "Roles bestuur and werkgebied (its pupils). Sends an update mask with exactly the fields\n"
     "given. Prints the case. Audited.",
     "  passend thuiszitter casus update $CASUS --interim \"onderwijs-zorgarrangement 3 dagdelen\"\n"},
    {.kind = CLI_ACT,
     "thuiszittend",
     "MarkThuiszittend",
     thuiszittend_flags,
     "The pupil no longer goes to school: dreigend -> thuiszittend",
     "Roles bestuur and werkgebied (its pupils). Only a dreigend case (else FAILED_PRECONDITION\n"
     "naming its state); the date is on or after its startdatum. Prints the case.",
     "  passend thuiszitter casus thuiszittend $CASUS --datum 2017-02-01\n"},
    {.kind = CLI_ACT,
     "afsluiten",
     "CloseThuiszitterCasus",
     afsluiten_flags,
     "Close a case with its outcome: dreigend | thuiszittend -> afgesloten",
     "Roles bestuur and werkgebied (its pupils). An afgesloten case cannot be closed again\n"
     "(FAILED_PRECONDITION); the einddatum is on or after its startdatum and thuiszittend-since.\n"
     "Prints the case with its duration in days.",
     "  passend thuiszitter casus afsluiten $CASUS --einddatum 2017-05-12 --uitkomst geplaatst\n"},
    {0},
};

const struct cli_resource cli_res_thuiszitter_casus = {
    .cmd = {"casus",
            "Cases of (threatened) thuiszitters: create, list, show, update, thuiszittend, afsluiten",
            .resource = &cli_res_thuiszitter_casus},
    .names = "its id",
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "leerling_id werkgebied_id startdatum status thuiszittend_sinds:THUISZITTEND einddatum uitkomst "
            "duur_dagen:DAGEN +school_id +scenarios +interim_leerarrangement:INTERIM",
    .verbs = casus_verbs,
};

/* ---- passend thuiszitter ---------------------------------------------------------------- */

static const struct cli_cmd *const thuiszitter_subcommands[] = {&telling.cmd, &verloop.cmd,
                                                                &cli_res_thuiszitter_casus.cmd, NULL};

const struct cli_cmd cli_cmd_thuiszitter = {
    .name = "thuiszitter",
    .summary = "Thuiszitters: municipal counts and verloop, cases of (threatened) thuiszitters",
    .examples = "  passend thuiszitter casus list --open\n",
    .subcommands = thuiszitter_subcommands,
};
