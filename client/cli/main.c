/* passend: the command-line client for passendd administrators. This file
 * holds the root command table: one entry per area, whose commands live in
 * cli_<area>.c. Parsing and help are in cli.c, calls in cli_call.c.
 */
#include "cli.h"

/* Top-level areas. A new area adds its struct cli_cmd here (and to cli.h). */
/* clang-format off */
static const struct cli_cmd *const root_subcommands[] = {
	&cli_cmd_whoami,
	&cli_cmd_admin,
	&cli_cmd_audit,
	&cli_cmd_bestuur,
	&cli_cmd_toezicht,
	&cli_cmd_werkgebied,
	&cli_cmd_leerling,
	&cli_cmd_tlv,
	&cli_cmd_rapport,
	&cli_cmd_health,
	&cli_cmd_server,
	&cli_cmd_version,
	&cli_cmd_help,
	NULL,
};
/* clang-format on */

static const struct cli_cmd root = {
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

int main(int argc, char **argv)
{
	return cli_main(&root, argc, argv);
}
