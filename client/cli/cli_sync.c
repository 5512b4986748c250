/* cli_sync: the `passend sync` group — what a school administration system
 * does with passend (issue 11): `watch` follows the change feed
 * (cli_sync_watch.c). */
#include "cli.h"

static const struct cli_cmd *const sync_subcommands[] = {
    &cli_cmd_sync_watch,
    NULL,
};

const struct cli_cmd cli_cmd_sync = {
    .name = "sync",
    .summary = "Sync with a school administration system (change feed)",
    .examples = "  passend sync watch --cursor-file cursor.txt\n",
    .subcommands = sync_subcommands,
};
