# passend CLI sources: framework (cli.c, config.c), root table and server
# helpers (main.c), one cmd_<area>.c per command area, and the shared printers.
set(CLI_SRCS
    client/cli/main.c
    client/cli/cli.c
    client/cli/config.c
    client/cli/cmd_platform.c
    client/cli/cmd_admin.c
    client/cli/cmd_domain.c
    client/cli/cmd_common.c
    client/cli/cmd_values.c
    client/cli/cmd_bestuur.c
    client/cli/cmd_tlv.c
    client/cli/cmd_rapport.c
    client/cli/cmd_import.c
    common/proto_print.c)
