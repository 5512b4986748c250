/* cli_ondersteuning: the base objects of the werkgebied area as tables —
 * `passend lijst` (the tenant-configurable lists: arrangement types, MDO
 * levels, thuiszitter categories and scenario flags,
 * ondersteuningscategorieën), `passend toestemming` (parental consent),
 * `passend vraag` (support requests) and `passend mdo` (MDOs), each of the
 * latter two needing a consent. Consent, requests and MDOs are pupil-level:
 * every call is audited by the server.
 */
#include "cli_resource.h"

#define SOORT_HELP                                                                                           \
	"the list: ondersteuningscategorie, arrangement-type, mdo-niveau, thuiszitter-categorie or "         \
	"thuiszitter-scenario"

/* ---- lijst -------------------------------------------------------------------------- */

static const struct cli_flag lijst_flags[] = {
    CLI_FIELD("soort", SOORT_HELP, .metavar = "LIJST", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("label", "label as printed in lists and reports", .metavar = "TEXT", .required = CLI_CALL,
              .on = CLI_CALL),
    CLI_FIELD("rubriek",
              "what the value counts as: for an arrangement type individueel, groep or innovatie; for a "
              "thuiszitter categorie the inspectie's category (default: the platform default's)",
              .metavar = "R", .on = CLI_CALL),
    CLI_FIELD("sort_order", "position in lists and reports (default 0)", .min = 0, .max = 10000,
              .on = CLI_CALL),
    CLI_FIELD("soort", "only this list (default: every list)", .metavar = "LIJST", .on = CLI_LIST),
    {0},
};

static const struct cli_flag lijst_deactivate_flags[] = {
    CLI_FIELD("soort", SOORT_HELP, .metavar = "LIJST", .required = CLI_CALL),
    {0},
};

static const struct cli_verb lijst_verbs[] = {
    {.kind = CLI_LIST,
     "list",
     "ListLijstWaarden",
     lijst_flags,
     "List the SWV's effective lists (platform defaults + the SWV's own values)",
     "Every tenant role. Deactivated values are listed too (ACTIVE false): what used them keeps them.",
     "  passend lijst list --soort arrangement-type\n"
     "  passend lijst list --output json\n"},
    {.kind = CLI_CALL,
     "set",
     "UpsertLijstWaarde",
     lijst_flags,
     "Add a value to a list, or change (and reactivate) one",
     "Role bestuur. Creates the SWV's own value CODE, or overrides a platform default's label,\n"
     "rubriek and order; a repeat is harmless. The value is active afterwards. Prints it.",
     "  passend lijst set gedrag_5 --soort ondersteuningscategorie --label \"5 "
     "gedragsinterventietechnieken\"\n"
     "  passend lijst set ambulant --soort arrangement-type --label \"Ambulante begeleiding\" --rubriek "
     "individueel\n"
     "  passend lijst set niv_2 --soort mdo-niveau --label \"Niveau 2\"\n",
     .arg = "code",
     .arg_metavar = "CODE",
     .literal_arg = 1},
    {.kind = CLI_CALL,
     "deactivate",
     "DeactivateLijstWaarde",
     lijst_deactivate_flags,
     "Deactivate a value of a list (never deleted: what used it keeps it)",
     "Role bestuur. New use of the value is refused until `passend lijst set` reactivates it.\n"
     "Prints the value.",
     "  passend lijst deactivate ivm_vo --soort mdo-niveau\n",
     .arg = "code",
     .arg_metavar = "CODE",
     .literal_arg = 1},
    {0},
};

const struct cli_resource cli_res_lijst = {
    .cmd = {"lijst",
            "Tenant-configurable lists (arrangement types, MDO levels, thuiszitter categories, "
            "ondersteuningscategorieen): list, set, deactivate",
            .resource = &cli_res_lijst},
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "soort code label rubriek active platform_default:DEFAULT sort_order",
    .verbs = lijst_verbs,
};

/* ---- toestemming ---------------------------------------------------------------------- */

static const struct cli_flag toestemming_flags[] = {
    CLI_FIELD("leerling_id", "the pupil", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("scopes",
              "what it covers, comma-separated: ondersteuningsvraag, mdo, arrangement, tlv, gegevensdeling",
              .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("datum", "date the consent was given", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("gezag",
              "who holds parental authority: beide-ouders, een-ouder, voogd, gecertificeerde-instelling",
              .metavar = "G", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("geldig_tot", "last day the consent is valid (default: until withdrawn)", .on = CLI_CREATE),
    {"op", "YYYY-MM-DD", "withdrawn from this date on (default today)", .field = "ingetrokken_op",
     .on = CLI_ACT},
    CLI_FIELD("leerling_id", "only the consents of this pupil", .on = CLI_LIST),
    {0},
};

static const struct cli_verb toestemming_verbs[] = {
    {.kind = CLI_CREATE,
     "record",
     "RecordToestemming",
     toestemming_flags,
     "Record parental consent for a pupil",
     "Roles bestuur, werkgebied and school (their pupils). The call is audited. Steps that\n"
     "need consent (a support request, later MDOs and arrangements) are refused without one\n"
     "covering them on their date. Prints the consent.",
     "  passend toestemming record --leerling parnassys:4711 --scopes ondersteuningsvraag,mdo \\\n"
     "      --datum 2016-09-12 --gezag beide-ouders\n"},
    {.kind = CLI_LIST,
     "list",
     "ListToestemmingen",
     toestemming_flags,
     "List parental consents",
     "Roles bestuur, werkgebied and school (their pupils). The call is audited.",
     "  passend toestemming list --leerling parnassys:4711\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetToestemming",
     NULL,
     "Show one consent",
     "Roles bestuur, werkgebied and school (their pupils); others get NOT_FOUND. Audited.",
     "  passend toestemming show 0b0c2c4e-8d0f-4a57-9d43-1f0f3c2f0a11\n"},
    {.kind = CLI_ACT,
     "withdraw",
     "WithdrawToestemming",
     toestemming_flags,
     "Withdraw a consent (it covers nothing from that date on)",
     "Roles bestuur, werkgebied and school (their pupils). A repeat keeps the first date.\n"
     "Audited. Prints the consent.",
     "  passend toestemming withdraw 0b0c2c4e-8d0f-4a57-9d43-1f0f3c2f0a11 --op 2017-01-15\n"},
    {0},
};

const struct cli_resource cli_res_toestemming = {
    .cmd = {"toestemming", "Parental consent per pupil (scopes, date, gezag): record, list, show, withdraw",
            .resource = &cli_res_toestemming},
    .names = "its id",
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "leerling_id scopes datum gezag geldig_tot ingetrokken_op recorded_by",
    .verbs = toestemming_verbs,
};

/* ---- vraag (ondersteuningsvraag) --------------------------------------------------------- */

static const struct cli_flag vraag_flags[] = {
    CLI_FIELD("leerling_id", "the pupil", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("omschrijving", "the support question (at most 4000 characters)", .metavar = "TEXT",
              .on = CLI_CREATE, .required = CLI_CREATE),
    {"categorie", "CODE", "an ondersteuningscategorie of the SWV (passend lijst list)",
     .field = "ondersteuningscategorie", .on = CLI_CREATE},
    CLI_FIELD("ingediend_op", "date of the request (default today)", .on = CLI_CREATE),
    CLI_FIELD("leerling_id", "only the requests of this pupil", .on = CLI_LIST),
    {0},
};

static const struct cli_verb vraag_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateOndersteuningsvraag",
     vraag_flags,
     "Record a support request (ondersteuningsvraag) for a pupil",
     "Roles bestuur, werkgebied and school (their pupils). Needs a parental consent covering\n"
     "ondersteuningsvraag on its date (passend toestemming record): without one it is refused\n"
     "(FAILED_PRECONDITION naming the consent). Audited. Prints the request.",
     "  passend vraag create --leerling parnassys:4711 --omschrijving \"Lezen blijft achter\" \\\n"
     "      --categorie lezen --ingediend-op 2016-09-20\n"},
    {.kind = CLI_LIST,
     "list",
     "ListOndersteuningsvragen",
     vraag_flags,
     "List support requests",
     "Roles bestuur, werkgebied and school (their pupils). The call is audited.",
     "  passend vraag list --leerling parnassys:4711\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetOndersteuningsvraag",
     NULL,
     "Show one support request",
     "Roles bestuur, werkgebied and school (their pupils); others get NOT_FOUND. Audited.",
     "  passend vraag show 5f1d2a3b-9e1c-4b8a-8a4e-2c1d3e4f5a6b\n"},
    {0},
};

const struct cli_resource cli_res_vraag = {
    .cmd = {"vraag", "Support requests (ondersteuningsvragen) per pupil: create, list, show",
            .resource = &cli_res_vraag},
    .names = "its id",
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "leerling_id school_id werkgebied_id ingediend_op ondersteuningscategorie:CATEGORIE recorded_by "
            "+id +toestemming_id +omschrijving",
    .verbs = vraag_verbs,
};

/* ---- mdo -------------------------------------------------------------------------------- */

static const struct cli_flag mdo_flags[] = {
    CLI_FIELD("leerling_id", "the pupil", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("niveau", "the level: a code of the mdo-niveau list (niv_2, niv_3, niv_4, ivm_vo, ...)",
              .metavar = "CODE", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("datum", "the day of the meeting", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("deelnemers",
              "who took part, comma-separated: school, ouders, consulent, jeugdhulp, jeugdarts, overig",
              .metavar = "WIE", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("kind_deelgenomen", "the child took part", .on = CLI_CREATE),
    CLI_FIELD("uitkomst", "arrangement, tlv-route, tijdelijke-plaatsing or geen", .metavar = "U",
              .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("plaatsing", "with tijdelijke-plaatsing: sbo or so", .metavar = "SBO|SO", .on = CLI_CREATE),
    {"weken", "N", "with tijdelijke-plaatsing: 10-20 weeks", .field = "plaatsing_weken", .min = 10, .max = 20,
     .on = CLI_CREATE},
    CLI_FIELD("leerling_id", "only the MDOs of this pupil", .on = CLI_LIST),
    {0},
};

static const struct cli_verb mdo_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateMdo",
     mdo_flags,
     "Record an MDO (multidisciplinair overleg) about a pupil",
     "Roles bestuur, werkgebied and school (their pupils). Needs a parental consent covering mdo\n"
     "on its date (passend toestemming record): without one it is refused (FAILED_PRECONDITION\n"
     "naming the consent). A tijdelijke plaatsing needs --plaatsing and --weken (10-20). Audited.",
     "  passend mdo create --leerling parnassys:4711 --niveau niv_3 --datum 2016-10-12 \\\n"
     "      --deelnemers school,ouders,consulent --kind-deelgenomen --uitkomst arrangement\n"},
    {.kind = CLI_LIST,
     "list",
     "ListMdos",
     mdo_flags,
     "List MDOs",
     "Roles bestuur, werkgebied and school (their pupils). The call is audited.",
     "  passend mdo list --leerling parnassys:4711\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetMdo",
     NULL,
     "Show one MDO",
     "Roles bestuur, werkgebied and school (their pupils); others get NOT_FOUND. Audited.",
     "  passend mdo show 5f1d2a3b-9e1c-4b8a-8a4e-2c1d3e4f5a6b\n"},
    {0},
};

const struct cli_resource cli_res_mdo = {
    .cmd = {"mdo", "MDOs (multidisciplinair overleg) per pupil: create, list, show",
            .resource = &cli_res_mdo},
    .names = "its id",
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "leerling_id datum niveau uitkomst kind_deelgenomen:KIND werkgebied_id +id +school_id "
            "+deelnemers +plaatsing +plaatsing_weken +toestemming_id",
    .verbs = mdo_verbs,
};
