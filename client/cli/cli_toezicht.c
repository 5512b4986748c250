/* cli_toezicht: the objects of passend.v1.Toezicht as tables — `passend
 * toezicht lid`, the members of the supervisory body (which sees
 * aggregates only, never pupil data).
 */
#include "cli_resource.h"

static const struct cli_flag lid_flags[] = {
    {"name", "NAME", "name of the member", .field = "name", .on = CLI_CREATE, .required = CLI_CREATE},
    {"function", "FUNCTION", "e.g. voorzitter, lid, \"lid (auditcommissie)\"", .field = "function",
     .on = CLI_CREATE, .required = CLI_CREATE},
    {"start", "YYYY-MM-DD", "first day in office", .field = "start_date", .on = CLI_CREATE,
     .required = CLI_CREATE},
    {"end", "YYYY-MM-DD", "last day in office (default: still serving)", .field = "end_date",
     .on = CLI_CREATE},
    {"current", NULL, "only members still in office (no end date in the past)", .field = "current_only",
     .on = CLI_LIST},
    CLI_LIST_FLAGS,
    {0},
};

static const struct cli_column lid_columns[] = {
    {.field = "name"},     {.field = "function"},      {.field = "start_date"},
    {.field = "end_date"}, {.field = "id", .wide = 1}, {0},
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
    .metavar = "LID",
    .names = "name (J. de Vries)",
    .service = &passend__v1__toezicht__descriptor,
    .keys = {"{name}"},
    .label = "{name}",
    .columns = lid_columns,
    .verbs = lid_verbs,
};

static const struct cli_cmd *const toezicht_subcommands[] = {&lid.cmd, NULL};

const struct cli_cmd cli_cmd_toezicht = {
    .name = "toezicht",
    .summary = "The supervisory body (members; aggregates only, never pupil data)",
    .examples = "  passend toezicht lid list\n",
    .subcommands = toezicht_subcommands,
};
