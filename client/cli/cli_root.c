/* cli_root: the root of the command tree of `passend` — one entry per area,
 * whose commands live in cli_<area>.c (objects as tables, cli_resource.h).
 */
#include "cli_resource.h"

/* Top-level areas. A new area adds its struct cli_cmd here (and to cli.h). */
/* clang-format off */
static const struct cli_cmd *const root_subcommands[] = {
	&cli_cmd_whoami,
	&cli_cmd_admin,
	&cli_res_audit.cmd,
	&cli_cmd_bestuur,
	&cli_cmd_toezicht,
	&cli_cmd_begroting,
	&cli_cmd_jaarplan,
	&cli_res_werkgebied.cmd,
	&cli_res_leerling.cmd,
	&cli_res_lijst.cmd,
	&cli_res_toestemming.cmd,
	&cli_res_vraag.cmd,
	&cli_res_mdo.cmd,
	&cli_cmd_thuiszitter,
	&cli_res_arrangement.cmd,
	&cli_cmd_budget,
	&cli_res_tlv.cmd,
	&cli_res_rapport.cmd,
	&cli_cmd_health,
	&cli_cmd_server,
	&cli_cmd_version,
	&cli_cmd_help,
	&cli_cmd_sync,
	NULL,
};
/* clang-format on */

const struct cli_cmd cli_root = {
    .name = "passend",
    .summary = "command-line client for the passend server (passendd)",
    .usage = "<command> [subcommand...] [flags]",
    .description = "Talks gRPC over TLS to passendd. Commands read as `passend <area> <object> <verb>`.\n"
                   "Objects are named as a person knows them: a school by its BRIN (00LH, or 00LH00 with\n"
                   "the vestiging), a bestuur by its bevoegd-gezagnummer, a werkgebied or gemeente by its\n"
                   "name, a tenant by its DUO code; ids are accepted everywhere. Lists show names; add\n"
                   "--output wide for the ids, --output json or csv for every field.",
    .examples = "  passend health\n"
                "  passend whoami\n"
                "  passend admin tenant list\n"
                "  passend bestuur school list\n"
                "  passend bestuur school show 00LH\n"
                "  passend server info --output json\n"
                "  passend --server passend.example.nl:7443 --ca ca.pem server watch --count 3\n",
    .subcommands = root_subcommands,
};
