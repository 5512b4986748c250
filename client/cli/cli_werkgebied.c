/* cli_werkgebied: the objects of passend.v1.Werkgebied as tables —
 * `passend werkgebied` (regions of operational support) and `passend
 * leerling` (pupils as pseudonyms; every call on them is audited by the
 * server).
 */
#include "cli_resource.h"

#define CU (CLI_CREATE | CLI_UPDATE)

/* ---- werkgebied ---------------------------------------------------------------------- */

static const struct cli_flag werkgebied_flags[] = {
    CLI_FIELD("name", "name, unique within the tenant, e.g. Alkmaar-Noord", .on = CU, .required = CLI_CREATE),
    {"gemeenten", "GEMEENTEN", "the gemeenten it covers (comma-separated; replaces the list)",
     .field = "gemeente_ids", .ref = &cli_res_gemeente, .on = CU},
    {"no-gemeenten", NULL, "clear the list of gemeenten", .field = "gemeente_ids", .opts = CLI_F_CLEAR,
     .on = CLI_UPDATE},
    {0},
};

static const struct cli_verb werkgebied_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateWerkgebied",
     werkgebied_flags,
     "Create a werkgebied",
     "Role bestuur. Prints the new werkgebied; schools and werkgebied tokens name it.",
     "  passend werkgebied create --name Alkmaar-Noord --gemeenten Alkmaar,Heiloo\n"
     "  WG=$(passend werkgebied create --name Heerhugowaard --output json | jq -r .id)\n"},
    {.kind = CLI_LIST,
     "list",
     "ListWerkgebieden",
     werkgebied_flags,
     "List werkgebieden",
     "Roles bestuur and toezicht (all), werkgebied (its scope).",
     "  passend werkgebied list\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetWerkgebied",
     NULL,
     "Show one werkgebied",
     "Roles bestuur and toezicht, werkgebied (within its scope); others get NOT_FOUND.",
     "  passend werkgebied show Alkmaar-Noord\n"},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateWerkgebied",
     werkgebied_flags,
     "Rename a werkgebied or set the gemeenten it covers",
     "Role bestuur. Sends an update mask with exactly the fields given. Prints the werkgebied.",
     "  passend werkgebied update alkmaar-noord --name \"Alkmaar Noord\"\n"
     "  passend werkgebied update Alkmaar-Noord --gemeenten Heiloo,Castricum\n"},
    {.kind = CLI_ACT,
     "deactivate",
     "DeactivateWerkgebied",
     NULL,
     "Deactivate a werkgebied (kept for history; active = false)",
     "Role bestuur. Prints the werkgebied.",
     "  passend werkgebied deactivate Alkmaar-Noord\n"},
    {0},
};

const struct cli_resource cli_res_werkgebied = {
    .cmd = {"werkgebied",
            "Werkgebieden (regions of operational support): create, list, show, update, deactivate",
            .resource = &cli_res_werkgebied},
    .names = "name (Alkmaar-Noord)",
    .service = &passend__v1__werkgebied__descriptor,
    .keys = {"{name}"},
    .label = "{name}",
    .cols = "name active gemeente_ids:GEMEENTEN",
    .verbs = werkgebied_verbs,
};

/* ---- leerling ----------------------------------------------------------------------- */

static const struct cli_flag leerling_flags[] = {
    CLI_FIELD("school_id", "school where the pupil is registered", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("source_system", "system the pupil comes from, e.g. parnassys", .metavar = "NAME",
              .on = CLI_CREATE, .required = CLI_CREATE),
    {"external-id", "ID", "the source system's id of the pupil (unique per source system)",
     .field = "external_id", .on = CLI_CREATE, .required = CLI_CREATE},
    {"national-id", "NNNNNNNNN", "BSN or onderwijsnummer; only a keyed hash is stored, to match later",
     .field = "national_id", .opts = CLI_F_REQUEST, .on = CLI_CREATE},
    CLI_FIELD("geboortejaar", "year of birth (default unknown)", .metavar = "YYYY", .min = 1900, .max = 2200,
              .on = CLI_CREATE),
    CLI_FIELD("geslacht", "jongen, meisje or anders (default unspecified)", .metavar = "G", .on = CLI_CREATE),
    CLI_FIELD("school_id", "only pupils of this school", .on = CLI_LIST),
    CLI_FIELD("werkgebied_id", "only pupils in this werkgebied", .on = CLI_LIST),
    {"national-id", "NNNNNNNNN", "find the pupil with this BSN or onderwijsnummer (by its keyed hash)",
     .field = "national_id", .on = CLI_LIST},
    {0},
};

static const struct cli_verb leerling_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateLeerling",
     leerling_flags,
     "Register a pupil as a pseudonym (no name, no BSN stored)",
     "Roles bestuur, werkgebied and school (within their scope). The call is audited.\n"
     "The werkgebied follows from the school. Prints the new pupil.",
     "  passend leerling create --school 00LH --source-system parnassys --external-id 4711 \\\n"
     "      --national-id 123456782 --geboortejaar 2015 --geslacht meisje\n"},
    {.kind = CLI_LIST,
     "list",
     "ListLeerlingen",
     leerling_flags,
     "List pupils (pseudonymised)",
     "Roles bestuur, werkgebied and school (within their scope). The call is audited.",
     "  passend leerling list --school 00LH\n"
     "  passend leerling list --national-id 123456782 --output json\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetLeerling",
     NULL,
     "Show one pupil",
     "Roles bestuur, werkgebied and school (within their scope); others get NOT_FOUND.\n"
     "The call is audited.",
     "  passend leerling show parnassys:4711\n"},
    {0},
};

const struct cli_resource cli_res_leerling = {
    .cmd = {"leerling", "Pupils as pseudonyms (external id per source system): create, list, show",
            .resource = &cli_res_leerling},
    .names = "SOURCE:EXTERNAL-ID (parnassys:4711), or the external id alone",
    .service = &passend__v1__werkgebied__descriptor,
    .keys = {"{source_system}:{external_id}", "{external_id}"},
    .label = "{source_system}:{external_id}",
    .cols =
        "source_system external_id school_id werkgebied_id geboortejaar geslacht has_national_id:BSN_HASH",
    .verbs = leerling_verbs,
};
