/* cli_toezicht: the objects of passend.v1.Toezicht as tables — `passend
 * toezicht lid|rol|vergadering|agendapunt|risico`: the members of the
 * supervisory body, the roles of persons (with the dual-role flag), the
 * meetings of toezicht and the OPR with their decisions, the risk register —
 * and `passend toezicht dashboard` (aggregates only, never pupil data).
 */
#include "cli_resource.h"

static const struct cli_flag lid_flags[] = {
    CLI_FIELD("name", "name of the member", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("function", "e.g. voorzitter, lid, \"lid (auditcommissie)\"", .on = CLI_CREATE,
              .required = CLI_CREATE),
    {"start", "YYYY-MM-DD", "first day in office", .field = "start_date", .on = CLI_CREATE,
     .required = CLI_CREATE},
    {"end", "YYYY-MM-DD", "last day in office (default: still serving)", .field = "end_date",
     .on = CLI_CREATE},
    {"current", NULL, "only members still in office (no end date in the past)", .field = "current_only",
     .on = CLI_LIST},
    {0},
};

static const struct cli_verb lid_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateLid",
     lid_flags,
     "Add a member of the supervisory body",
     "Roles toezicht and bestuur. Prints the new member.",
     "  passend toezicht lid create --name \"J. de Vries\" --function voorzitter --start 2024-01-01\n"
     "  passend toezicht lid create --name \"A. Bakker\" --function lid --start 2020-09-01 --end "
     "2024-08-31\n"},
    {.kind = CLI_LIST,
     "list",
     "ListLeden",
     lid_flags,
     "List members of the supervisory body",
     "Roles toezicht and bestuur.",
     "  passend toezicht lid list --current\n"
     "  passend toezicht lid list --output json\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetLid",
     NULL,
     "Show one member",
     "Roles toezicht and bestuur.",
     "  passend toezicht lid show \"J. de Vries\"\n"},
    {0},
};

static const struct cli_resource lid = {
    .cmd = {"lid", "Members (leden): create, list, show", .resource = &lid},
    .names = "name (J. de Vries)",
    .service = &passend__v1__toezicht__descriptor,
    .keys = {"{name}"},
    .label = "{name}",
    .cols = "name function start_date end_date",
    .verbs = lid_verbs,
};

#define CU (CLI_CREATE | CLI_UPDATE)

/* ---- rol --------------------------------------------------------------------------------- */

static const struct cli_flag rol_flags[] = {
    CLI_FIELD("persoon", "the person's name", .metavar = "NAME", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("orgaan", "the body: toezicht, bestuur or opr", .choices = "toezicht|bestuur|opr",
              .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("functie", "e.g. voorzitter, lid, directeur-bestuurder", .on = CU, .required = CLI_CREATE),
    CLI_FIELD("schoolbestuur_id", "bestuur roles: the school board", .on = CLI_CREATE),
    {"start", "YYYY-MM-DD", "first day in the role", .field = "start_date", .on = CLI_CREATE,
     .required = CLI_CREATE},
    {"end", "YYYY-MM-DD", "last day in the role (default: still serving)", .field = "end_date", .on = CU},
    CLI_FIELD("persoon", "only this person's roles", .metavar = "NAME", .on = CLI_LIST),
    {"dubbel", NULL, "only roles held together with a role in the other body (bestuur and toezicht)",
     .field = "alleen_dubbel", .on = CLI_LIST},
    {0},
};

static const struct cli_column rol_columns[] = {
    {.field = "persoon"},
    {.field = "orgaan"},
    {.field = "functie"},
    {.field = "schoolbestuur_id", "SCHOOLBESTUUR", &cli_res_schoolbestuur},
    {.field = "start_date"},
    {.field = "end_date"},
    {.field = "dubbele_rol", "DUBBELE ROL"},
    {.field = "conflicten", .wide = 1},
    {0},
};

static const struct cli_verb rol_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateRol",
     rol_flags,
     "Record a person's role in toezicht, bestuur or the OPR",
     "Roles toezicht and bestuur. Prints the role; dubbele_rol is set when the same person\n"
     "holds a bestuur role and a toezicht role (or is a lid) on a common day.",
     "  passend toezicht rol create --persoon \"J. de Vries\" --orgaan bestuur --functie voorzitter "
     "--schoolbestuur 41234 --start 2018-01-01\n"
     "  passend toezicht rol create --persoon \"J. de Vries\" --orgaan toezicht --functie lid --start "
     "2019-06-01\n"},
    {.kind = CLI_LIST,
     "list",
     "ListRollen",
     rol_flags,
     "List roles, with the dual-role flag",
     "Roles toezicht and bestuur. --dubbel lists only the flagged roles; --output wide names\n"
     "the roles each conflicts with.",
     "  passend toezicht rol list --dubbel\n"
     "  passend toezicht rol list --persoon \"J. de Vries\" --output wide\n"},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateRol",
     rol_flags,
     "Change a role's functie or end date",
     "Roles toezicht and bestuur. Prints the role with its flag.",
     "  passend toezicht rol update \"J. de Vries/bestuur\" --end 2019-05-31\n"},
    {0},
};

static const struct cli_resource rol = {
    .cmd = {"rol", "Roles of persons in toezicht, bestuur and the OPR: create, list, update",
            .resource = &rol},
    .names = "persoon/orgaan (J. de Vries/bestuur) or id",
    .service = &passend__v1__toezicht__descriptor,
    .keys = {"{persoon}/{orgaan}"},
    .label = "{persoon}/{orgaan}",
    .columns = rol_columns,
    .verbs = rol_verbs,
};

/* ---- vergadering --------------------------------------------------------------------------- */

static const struct cli_flag vergadering_flags[] = {
    CLI_FIELD("orgaan", "toezicht or opr (ondersteuningsplanraad)", .choices = "toezicht|opr",
              .on = CLI_CREATE | CLI_LIST, .required = CLI_CREATE),
    CLI_FIELD("datum", "the meeting's date", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("titel", "its title, unique, e.g. \"RvT 20 september 2018\"", .on = CLI_CREATE,
              .required = CLI_CREATE),
    {0},
};

static const struct cli_verb vergadering_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateVergadering",
     vergadering_flags,
     "Record a meeting of toezicht or of the OPR",
     "Roles toezicht and bestuur. Prints the meeting.",
     "  passend toezicht vergadering create --orgaan toezicht --datum 2018-09-20 --titel \"RvT 20 september "
     "2018\"\n"},
    {.kind = CLI_LIST,
     "list",
     "ListVergaderingen",
     vergadering_flags,
     "List meetings by date",
     "Roles toezicht and bestuur.",
     "  passend toezicht vergadering list --orgaan opr\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetVergadering",
     NULL,
     "Show a meeting with its agenda and decisions",
     "Roles toezicht and bestuur.",
     "  passend toezicht vergadering show \"RvT 20 september 2018\"\n"},
    {0},
};

static const struct cli_resource vergadering = {
    .cmd = {"vergadering", "Meetings of toezicht and of the OPR: create, list, show",
            .resource = &vergadering},
    .names = "titel (RvT 20 september 2018) or id",
    .service = &passend__v1__toezicht__descriptor,
    .keys = {"{titel}"},
    .label = "{titel}",
    .cols = "datum orgaan titel",
    .verbs = vergadering_verbs,
};

/* ---- agendapunt ---------------------------------------------------------------------------- */

#define BESLUITEN  "geen|begroting|jaarrekening|jaarplan|ondersteuningsplan|overig"
#define UITKOMSTEN "open|goedgekeurd|afgekeurd|aangehouden|instemming|geen_instemming"

static const struct cli_flag agendapunt_flags[] = {
    CLI_FIELD("vergadering_id", "the meeting", .on = CLI_CREATE | CLI_LIST, .required = CLI_CREATE),
    CLI_FIELD("volgorde", "its place on the agenda, 1-999", .min = 1, .max = 999, .on = CLI_CREATE,
              .required = CLI_CREATE),
    CLI_FIELD("onderwerp", "what is discussed", .metavar = "TEXT", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD(
        "besluit",
        "what it decides: geen (default), begroting, jaarrekening, jaarplan (toezicht), ondersteuningsplan "
        "(OPR) or overig",
        .choices = BESLUITEN, .on = CLI_CREATE | CLI_LIST),
    CLI_FIELD("periode", "begroting/jaarplan: 2018-2019; jaarrekening: 2018; ondersteuningsplan: 2018-2022",
              .on = CLI_CREATE),
    CLI_FIELD("toelichting", "notes", .metavar = "TEXT", .on = CLI_CREATE | CLI_ACT),
    CLI_FIELD(
        "uitkomst",
        "goedgekeurd, afgekeurd, aangehouden (toezicht); instemming, geen_instemming, aangehouden (OPR)",
        .choices = UITKOMSTEN, .on = CLI_ACT, .required = CLI_ACT),
    {"besluiten", NULL, "only items with a decision", .field = "alleen_besluiten", .on = CLI_LIST},
    {0},
};

static const struct cli_column agendapunt_columns[] = {
    {.field = "vergadering_datum", "DATUM"},
    {.field = "vergadering_id", "VERGADERING", &vergadering},
    {.field = "volgorde", "NR"},
    {.field = "onderwerp"},
    {.field = "besluit"},
    {.field = "periode"},
    {.field = "uitkomst"},
    {.field = "besluit_datum", "BESLOTEN OP"},
    {0},
};

static const struct cli_verb agendapunt_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateAgendapunt",
     agendapunt_flags,
     "Put an item on a meeting's agenda",
     "Roles toezicht and bestuur. A toezicht meeting decides on the begroting, jaarrekening and\n"
     "jaarplan, the OPR on the ondersteuningsplan. Prints the item (uitkomst open).",
     "  passend toezicht agendapunt create --vergadering \"RvT 20 september 2018\" --volgorde 3 "
     "--onderwerp \"Begroting 2018-2019\" --besluit begroting --periode 2018-2019\n"},
    {.kind = CLI_LIST,
     "list",
     "ListAgendapunten",
     agendapunt_flags,
     "List agenda items and decisions",
     "Roles toezicht and bestuur.",
     "  passend toezicht agendapunt list --besluiten\n"
     "  passend toezicht agendapunt list --vergadering \"OPR 4 juni 2018\"\n"},
    {.kind = CLI_ACT,
     "besluit",
     "RecordBesluit",
     agendapunt_flags,
     "Record the decision of an item (dated the meeting's day)",
     "Roles toezicht and bestuur; a toezicht meeting's decision only toezicht. A subject is\n"
     "approved once, and a final decision is never changed. Prints the item.",
     "  passend toezicht agendapunt besluit \"RvT 20 september 2018/3\" --uitkomst goedgekeurd\n",
     .arg = "agendapunt_id"},
    {0},
};

static const struct cli_resource agendapunt = {
    .cmd = {"agendapunt", "Agenda items and decisions of meetings: create, list, besluit",
            .resource = &agendapunt},
    .names = "vergadering/volgorde (RvT 20 september 2018/3) or id",
    .service = &passend__v1__toezicht__descriptor,
    .keys = {"{vergadering_titel}/{volgorde}"},
    .label = "{vergadering_titel}/{volgorde}",
    .columns = agendapunt_columns,
    .verbs = agendapunt_verbs,
};

/* ---- risico -------------------------------------------------------------------------------- */

static const struct cli_flag risico_flags[] = {
    CLI_FIELD("titel", "the risk, unique", .on = CU, .required = CLI_CREATE),
    CLI_FIELD("omschrijving", "what could happen", .metavar = "TEXT", .on = CU),
    CLI_FIELD("categorie", "e.g. financieel, juridisch, organisatie", .metavar = "TEXT", .on = CU),
    CLI_FIELD("kans", "likelihood", .metavar = "1-5", .min = 1, .max = 5, .on = CU, .required = CLI_CREATE),
    CLI_FIELD("impact", "impact", .metavar = "1-5", .min = 1, .max = 5, .on = CU, .required = CLI_CREATE),
    CLI_FIELD("maatregelen", "the measures taken", .metavar = "TEXT", .on = CU),
    CLI_FIELD("eigenaar", "who owns it", .metavar = "NAME", .on = CU),
    CLI_FIELD("status", "open (default), beheerst or gesloten", .choices = "open|beheerst|gesloten",
              .on = CU | CLI_LIST),
    {"vastgesteld", "YYYY-MM-DD", "the day it was recorded", .field = "vastgesteld_op", .on = CLI_CREATE,
     .required = CLI_CREATE},
    {"herzien", "YYYY-MM-DD", "the day it was last reviewed", .field = "herzien_op", .on = CLI_UPDATE},
    {0},
};

static const struct cli_verb risico_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateRisico",
     risico_flags,
     "Add a risk to the register",
     "Roles toezicht and bestuur. Prints the risk with its score (kans x impact).",
     "  passend toezicht risico create --titel \"Stijgende SO-deelname\" --categorie financieel --kans 4 "
     "--impact 4 --vastgesteld 2018-09-20\n"},
    {.kind = CLI_LIST,
     "list",
     "ListRisicos",
     risico_flags,
     "List the risk register",
     "Roles toezicht and bestuur.",
     "  passend toezicht risico list --status open\n"},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateRisico",
     risico_flags,
     "Review a risk",
     "Roles toezicht and bestuur. Sends an update mask with exactly the fields given.",
     "  passend toezicht risico update \"Stijgende SO-deelname\" --kans 3 --herzien 2019-01-15\n"},
    {0},
};

static const struct cli_resource risico = {
    .cmd = {"risico", "The risk register: create, list, update", .resource = &risico},
    .names = "titel or id",
    .service = &passend__v1__toezicht__descriptor,
    .keys = {"{titel}"},
    .label = "{titel}",
    .cols = "titel categorie kans impact score status eigenaar herzien_op:HERZIEN",
    .verbs = risico_verbs,
};

/* ---- dashboard: an object of one verb of its name, so one command -------------------------- */

static const struct cli_verb dashboard_verbs[] = {
    {.kind = CLI_CALL,
     "dashboard",
     "GetDashboard",
     cli_voortgang_flags,
     "The toezicht dashboard: KPI progress, TLVs, deelname, risks (aggregates only)",
     "Roles toezicht and bestuur. One titled section per subject: the jaarplan's KPI progress\n"
     "with signals, TLVs and decisions on time, deelnamepercentages beside the landelijk figure,\n"
     "and the open risks. Aggregates only, suppressed for toezicht as the reports are (\"<N\").\n"
     "--output csv prints each section as a block; --output json the Dashboard message.",
     "  passend toezicht dashboard --schooljaar 2018-2019 --trimester 2\n"
     "  passend toezicht dashboard --schooljaar 2016-2017 --output json\n",
     .print = cli_print_dashboard,
     .html = 1},
    {0},
};

static const struct cli_resource dashboard = {
    .cmd = {"dashboard", .resource = &dashboard},
    .service = &passend__v1__toezicht__descriptor,
    .verbs = dashboard_verbs,
};

static const struct cli_cmd *const toezicht_subcommands[] = {
    &lid.cmd, &rol.cmd, &vergadering.cmd, &agendapunt.cmd, &risico.cmd, &dashboard.cmd, NULL};

const struct cli_cmd cli_cmd_toezicht = {
    .name = "toezicht",
    .summary = "The supervisory body: members, roles, meetings and decisions, risks, dashboard "
               "(aggregates only, never pupil data)",
    .examples = "  passend toezicht lid list\n"
                "  passend toezicht dashboard --schooljaar 2018-2019\n",
    .subcommands = toezicht_subcommands,
};
