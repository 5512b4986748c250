/* cli_jaarplan: passend.v1.Jaarplan as tables — `passend jaarplan
 * doel|perspectief|actie|meting` (the OGSM jaarplan: goals, perspectives,
 * actions with their KPI and target, the KPI's actuals per trimester) and
 * `passend jaarplan voortgang` (KPI progress with signals). The jaarplan of
 * a year is imported as CSV with `passend bestuur import jaarplan FILE`.
 */
#include "cli_resource.h"
#include "passend/v1/jaarplan.pb-c.h"

#define CU (CLI_CREATE | CLI_UPDATE)

/* ---- doel ---------------------------------------------------------------------------------- */

static const struct cli_flag doel_flags[] = {
    CLI_FIELD("schooljaar", "the jaarplan's school year", .metavar = "YYYY-YYYY", .on = CLI_CREATE | CLI_LIST,
              .required = CLI_CREATE),
    CLI_FIELD("titel", "the goal", .metavar = "TEXT", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("volgorde", "its place, 1-999 (default 1)", .min = 0, .max = 999, .on = CLI_CREATE),
    {0},
};

static const struct cli_verb doel_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateDoel",
     doel_flags,
     "Add a goal to a year's jaarplan",
     "Role bestuur. Prints the goal.",
     "  passend jaarplan doel create --schooljaar 2018-2019 --titel \"Perspectief voor ieder kind\"\n"},
    {.kind = CLI_LIST,
     "list",
     "ListDoelen",
     doel_flags,
     "List goals",
     "Roles bestuur and toezicht.",
     "  passend jaarplan doel list --schooljaar 2018-2019\n"},
    {0},
};

static const struct cli_resource doel = {
    .cmd = {"doel", "Goals (doelen) of the jaarplan: create, list", .resource = &doel},
    .names = "titel or id",
    .service = &passend__v1__jaarplan__descriptor,
    .keys = {"{schooljaar}/{titel}", "{titel}"},
    .label = "{titel}",
    .cols = "schooljaar volgorde:NR titel",
    .verbs = doel_verbs,
};

/* ---- perspectief --------------------------------------------------------------------------- */

static const struct cli_flag perspectief_flags[] = {
    CLI_FIELD("doel_id", "the goal it serves", .on = CLI_CREATE | CLI_LIST, .required = CLI_CREATE),
    CLI_FIELD("naam", "the perspective's heading", .metavar = "NAME", .on = CLI_CREATE,
              .required = CLI_CREATE),
    CLI_FIELD("volgorde", "its place under the goal, 1-999 (default 1)", .min = 0, .max = 999,
              .on = CLI_CREATE),
    CLI_FIELD("schooljaar", "only this year's", .metavar = "YYYY-YYYY", .on = CLI_LIST),
    {0},
};

static const struct cli_verb perspectief_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreatePerspectief",
     perspectief_flags,
     "Add a perspective under a goal",
     "Role bestuur. Prints the perspective.",
     "  passend jaarplan perspectief create --doel \"Perspectief voor ieder kind\" --naam Preventiekracht\n"},
    {.kind = CLI_LIST,
     "list",
     "ListPerspectieven",
     perspectief_flags,
     "List perspectives",
     "Roles bestuur and toezicht.",
     "  passend jaarplan perspectief list --schooljaar 2018-2019\n"},
    {0},
};

static const struct cli_resource perspectief = {
    .cmd = {"perspectief", "Perspectives of the jaarplan: create, list", .resource = &perspectief},
    .names = "naam or id",
    .service = &passend__v1__jaarplan__descriptor,
    .keys = {"{schooljaar}/{naam}", "{naam}"},
    .label = "{naam}",
    .cols = "schooljaar doel_id naam",
    .verbs = perspectief_verbs,
};

/* ---- actie --------------------------------------------------------------------------------- */

static const struct cli_flag actie_flags[] = {
    CLI_FIELD("perspectief_id", "the perspective it belongs to", .on = CLI_CREATE | CLI_LIST,
              .required = CLI_CREATE),
    CLI_FIELD("code", "its code, unique in the year, e.g. P2", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("volgorde", "its place, 1-999 (default 1)", .min = 0, .max = 999, .on = CLI_CREATE),
    CLI_FIELD("wat", "what is done", .metavar = "TEXT", .on = CU, .required = CLI_CREATE),
    CLI_FIELD("wie", "who does it", .metavar = "TEXT", .on = CU),
    CLI_FIELD("wanneer", "when, as written (2018-2019, Doorlopend)", .metavar = "TEXT", .on = CU),
    CLI_FIELD("begrotingsregel", "the budget reference as printed", .metavar = "TEXT", .on = CU),
    CLI_FIELD("kpi", "the indicator", .metavar = "TEXT", .on = CU),
    CLI_FIELD("doel_soort", "the target: geen (default), aandeel (a share 0-1) or aantal (a count)",
              .metavar = "SOORT", .choices = "geen|aandeel|aantal", .on = CU),
    CLI_FIELD("doelwaarde", "the target: 0.40 (aandeel) or 5 (aantal)", .metavar = "DECIMAL", .on = CU),
    CLI_FIELD("kpi_bron",
              "invoer (default: actuals entered), arrangementen_versterkt or mdo_kind_deelgenomen (computed)",
              .metavar = "BRON", .choices = "invoer|arrangementen_versterkt|mdo_kind_deelgenomen", .on = CU),
    CLI_FIELD("aandacht_marge",
              "below the target by at most this: op koers met aandacht (default 0.05 / 10%)",
              .metavar = "DECIMAL", .on = CU),
    {"afgerond", "YYYY-MM-DD", "the day the action was completed", .field = "afgerond_op", .on = CU},
    CLI_FIELD("schooljaar", "only this year's", .metavar = "YYYY-YYYY", .on = CLI_LIST),
    {0},
};

static const struct cli_verb actie_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateActie",
     actie_flags,
     "Add an action with its KPI and target",
     "Role bestuur. Prints the action.",
     "  passend jaarplan actie create --perspectief Professionaliseringsmodel --code P2 --wat \"40% van de "
     "arrangementen versterkt ook de leerkracht\" --doel-soort aandeel --doelwaarde 0.40 --kpi-bron "
     "arrangementen_versterkt\n"},
    {.kind = CLI_LIST,
     "list",
     "ListActies",
     actie_flags,
     "List the actions of the jaarplan",
     "Roles bestuur and toezicht. --output wide adds the budget reference and the KPI.",
     "  passend jaarplan actie list --schooljaar 2018-2019\n"},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateActie",
     actie_flags,
     "Change an action, its KPI or target, or mark it afgerond",
     "Role bestuur. Sends an update mask with exactly the fields given.",
     "  passend jaarplan actie update 2018-2019/P4 --kpi-bron mdo_kind_deelgenomen\n"
     "  passend jaarplan actie update N6 --afgerond 2018-09-28\n"},
    {0},
};

static const struct cli_resource actie = {
    .cmd = {"actie", "Actions of the jaarplan with KPI and target: create, list, update", .resource = &actie},
    .names = "schooljaar/code (2018-2019/P2), code (P2) or id",
    .service = &passend__v1__jaarplan__descriptor,
    .keys = {"{schooljaar}/{code}", "{code}"},
    .label = "{code}",
    .cols = "code perspectief wat wie wanneer doelwaarde:DOEL kpi_bron:BRON +begrotingsregel +kpi",
    .verbs = actie_verbs,
};

/* ---- meting -------------------------------------------------------------------------------- */

static const struct cli_flag meting_flags[] = {
    CLI_FIELD("meting.actie_id", "the action whose KPI it measures", .on = CLI_CREATE,
              .required = CLI_CREATE),
    CLI_FIELD("meting.trimester", "the stand through the end of trimester 1-3", .min = 1, .max = 3,
              .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("meting.waarde", "the actual (entered KPIs only)", .metavar = "DECIMAL", .on = CLI_CREATE),
    CLI_FIELD("meting.signaal",
              "op_koers, op_koers_met_aandacht, niet_op_koers or afgerond (overrides the computed one)",
              .choices = "op_koers|op_koers_met_aandacht|niet_op_koers|afgerond", .on = CLI_CREATE),
    CLI_FIELD("meting.toelichting", "notes", .metavar = "TEXT", .on = CLI_CREATE),
    {0},
};

static const struct cli_verb meting_verbs[] = {
    {.kind = CLI_CREATE,
     "record",
     "RecordKpiMeting",
     meting_flags,
     "Record a KPI's actual or signal through a trimester",
     "Role bestuur. A repeat for the same trimester replaces it. Prints the meting.",
     "  passend jaarplan meting record --actie N9 --trimester 2 --waarde 1\n"
     "  passend jaarplan meting record --actie P2 --trimester 2 --signaal op_koers_met_aandacht "
     "--toelichting "
     "\"nieuwe werkwijze\"\n"},
    {0},
};

static const struct cli_resource meting = {
    .cmd = {"meting", "KPI actuals and signals per trimester: record", .resource = &meting},
    .service = &passend__v1__jaarplan__descriptor,
    .verbs = meting_verbs,
};

/* ---- voortgang: an object of one verb of its name, so one command -------------------------- */

static const struct cli_verb voortgang_verbs[] = {
    {.kind = CLI_CALL,
     "voortgang",
     "GetJaarplanVoortgang",
     cli_voortgang_flags,
     "KPI progress of the jaarplan with signals per trimester",
     "Roles bestuur and toezicht. Per action with a KPI and per trimester (cumulative: T1, T1+T2,\n"
     "...): the actual (entered, or computed from arrangements and MDOs, suppressed for toezicht\n"
     "as the reports are), the target and the signal (op koers, op koers met aandacht, niet op\n"
     "koers, afgerond).",
     "  passend jaarplan voortgang --schooljaar 2018-2019 --trimester 2\n",
     .print = cli_print_voortgang,
     .html = 1},
    {0},
};

static const struct cli_resource voortgang = {
    .cmd = {"voortgang", .resource = &voortgang},
    .service = &passend__v1__jaarplan__descriptor,
    .verbs = voortgang_verbs,
};

static const struct cli_cmd *const jaarplan_subcommands[] = {&doel.cmd,   &perspectief.cmd, &actie.cmd,
                                                             &meting.cmd, &voortgang.cmd,   NULL};

const struct cli_cmd cli_cmd_jaarplan = {
    .name = "jaarplan",
    .summary = "The jaarplan (OGSM): goals, perspectives, actions with KPIs, progress with signals",
    .examples = "  passend bestuur import jaarplan jaarplan_2018_2019.csv\n"
                "  passend jaarplan actie list --schooljaar 2018-2019\n"
                "  passend jaarplan voortgang --schooljaar 2018-2019 --trimester 2\n",
    .subcommands = jaarplan_subcommands,
};
