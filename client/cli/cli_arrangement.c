/* cli_arrangement: `passend arrangement …` — arrangements of the werkgebied
 * area (passend.v1.Werkgebied RequestArrangement … ListArrangementen, D33)
 * as the verbs of one object: aanvragen, toekennen, starten, evalueren,
 * verlengen, beeindigen, afwijzen, intrekken, show, list. Amounts are
 * given and shown in euros (Dutch notation), sent in cents. Pupil-level:
 * every call is audited by the server.
 */
#include "cli_resource.h"

static const struct cli_flag aanvraag_flags[] = {
    {"type", "CODE", "an arrangement type of the SWV (passend lijst list --soort arrangement-type)",
     .field = "arrangement_type", .required = CLI_CREATE},
    CLI_FIELD("leerling_id", "the pupil (individueel)"),
    CLI_FIELD("werkgebied_id", "the werkgebied (groep, innovatie)"),
    {"leerlingen", "LEERLINGEN", "groep: its pupils, comma-separated, possibly of several schools",
     .field = "leerling_ids", .ref = &cli_res_leerling},
    {"categorie", "CODE", "an ondersteuningscategorie of the SWV", .field = "ondersteuningscategorie"},
    {"uren", "N", "hours a week, 0-40, at most 2 decimals (2.5)", .field = "uren_per_week"},
    CLI_FIELD("bedrag_cents", "amount charged to the werkgebied budget, e.g. 1.250,00"),
    {"start", "YYYY-MM-DD", "first day", .field = "startdatum", .required = CLI_CREATE},
    {"eind", "YYYY-MM-DD", "last day", .field = "einddatum", .required = CLI_CREATE},
    {"versterkt", NULL, "also strengthens the teacher's or team's skills", .field = "versterkt_leerkracht"},
    CLI_FIELD("omschrijving", "what the arrangement is (at most 4000 characters)", .metavar = "TEXT"),
    {0},
};

static const struct cli_flag step_flags[] = {
    CLI_FIELD("datum", "date of the step (default today)"),
    CLI_FIELD("toelichting", "why (at most 4000 characters)", .metavar = "TEXT"),
    {0},
};

static const struct cli_flag verleng_flags[] = {
    CLI_FIELD("reflectie", "what the evaluation showed and why it goes on (required)", .metavar = "TEXT",
              .required = CLI_ACT),
    {"eind", "YYYY-MM-DD", "last day of the verlenging", .field = "einddatum", .required = CLI_ACT},
    {"start", "YYYY-MM-DD", "first day (default the day after the arrangement's last)",
     .field = "startdatum"},
    CLI_FIELD("bedrag_cents", "amount of the verlenging (default the arrangement's)"),
    {"uren", "N", "hours a week (default the arrangement's)", .field = "uren_per_week"},
    CLI_FIELD("datum", "date of the step (default today)"),
    {0},
};

static const struct cli_flag list_flags[] = {
    CLI_FIELD("werkgebied_id", "only this werkgebied's"),
    CLI_FIELD("leerling_id", "only this pupil's"),
    CLI_FIELD("status", "only in this state: aangevraagd, toegekend, lopend, geevalueerd, verlengd, ..."),
    {0},
};

#define STEP(word, method, what, example)                                                                    \
	{                                                                                                    \
		.kind = CLI_ACT, word, method, step_flags, what,                                             \
		"Roles bestuur and werkgebied (its werkgebied's). A step the state does not allow is\n"      \
		"FAILED_PRECONDITION naming the state. Audited. Prints the arrangement with its events.",    \
		"  passend arrangement " word " " example "\n"                                               \
	}

static const struct cli_verb verbs[] = {
    {.kind = CLI_CREATE,
     "aanvragen",
     "RequestArrangement",
     aanvraag_flags,
     "Request an arrangement (aangevraagd)",
     "Roles bestuur and werkgebied. individueel: --leerling, with a parental consent covering\n"
     "arrangement on --start (else FAILED_PRECONDITION naming it); groep and innovatie:\n"
     "--werkgebied, and a groep its --leerlingen (each with such a consent; a consulent names\n"
     "the pupils she sees). Audited. Prints the arrangement; `arrangement list` names it by id.",
     "  passend arrangement aanvragen --type individueel --leerling parnassys:4711 --uren 2 \\\n"
     "      --bedrag 1.250,00 --start 2016-10-01 --eind 2017-01-31 --versterkt\n"
     "  passend arrangement aanvragen --type groep --werkgebied Alkmaar-Noord --bedrag 4.800 \\\n"
     "      --leerlingen parnassys:4711,parnassys:4712 --start 2016-10-01 --eind 2017-07-14\n"},
    STEP("toekennen", "GrantArrangement",
         "Grant a requested arrangement (toegekend): its amount is committed", "$ARR --datum 2016-10-05"),
    STEP("starten", "StartArrangement", "Start a granted arrangement (lopend)", "$ARR --datum 2016-10-10"),
    STEP("evalueren", "EvaluateArrangement", "Record the evaluation of a running arrangement (geevalueerd)",
         "$ARR --datum 2017-01-20 --toelichting \"doelen deels behaald\""),
    {.kind = CLI_ACT,
     "verlengen",
     "ExtendArrangement",
     verleng_flags,
     "Extend an evaluated arrangement: it becomes verlengd, its verlenging is requested",
     "Roles bestuur and werkgebied. Needs a reflectie; an individueel verlenging needs a consent\n"
     "on its start. Audited. Prints the verlenging (aangevraagd, linked to its voorganger).",
     "  passend arrangement verlengen $ARR --reflectie \"lezen vordert, nog een periode\" \\\n"
     "      --eind 2017-07-14\n"},
    STEP("beeindigen", "EndArrangement", "End an evaluated arrangement (beeindigd)",
         "$ARR --datum 2017-02-01"),
    STEP("afwijzen", "RejectArrangement", "Reject a requested arrangement (afgewezen)",
         "$ARR --toelichting \"past binnen basisondersteuning\""),
    STEP("intrekken", "WithdrawArrangement",
         "Withdraw a requested or granted arrangement (ingetrokken): a commitment is released", "$ARR"),
    {.kind = CLI_SHOW,
     "show",
     "GetArrangement",
     NULL,
     "Show one arrangement with its events",
     "Roles bestuur, werkgebied and school (their pupils'); others get NOT_FOUND. Audited.",
     "  passend arrangement show $ARR --output json\n"},
    {.kind = CLI_LIST,
     "list",
     "ListArrangementen",
     list_flags,
     "List arrangements",
     "Roles bestuur, werkgebied (its werkgebied's) and school (its pupils'). Audited.",
     "  passend arrangement list --werkgebied Alkmaar-Noord --status toegekend\n"},
    {0},
};

const struct cli_resource cli_res_arrangement = {
    .cmd = {"arrangement", "Arrangements: aanvragen, toekennen, starten, evalueren, verlengen, beeindigen",
            .description =
                "aanvragen -> toekennen -> starten -> evalueren -> (verlengen | beeindigen), plus\n"
                "afwijzen (from aangevraagd) and intrekken (aangevraagd or toegekend). Each step is an\n"
                "event with actor and time; pupil-level data, every call is audited.",
            .resource = &cli_res_arrangement},
    .names = "its id",
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "arrangement_type:TYPE leerling_id werkgebied_id status startdatum einddatum bedrag_cents "
            "uren_per_week:UREN versterkt_leerkracht:VERSTERKT +leerling_ids:LEERLINGEN +school_id "
            "+ondersteuningscategorie:CATEGORIE +voorganger_id",
    .verbs = verbs,
};
