# passend CLI sources: main.c (main only) plus everything else, which the
# unit tests link too: the command tree (cli_root.c), the framework (cli.c,
# config.c, cli_call.c, cli_values.c), the resource kit (cli_resource.c,
# cli_form.c, cli_keys.c, cli_list.c), one cli_<area>.c per service area,
# and the shared printers.
set(CLI_LIB_SRCS
    client/cli/cli_root.c
    client/cli/cli.c
    client/cli/config.c
    client/cli/cli_call.c
    client/cli/cli_values.c
    client/cli/cli_resource.c
    client/cli/cli_form.c
    client/cli/cli_keys.c
    client/cli/cli_list.c
    client/cli/cli_platform.c
    client/cli/cli_tenancy.c
    client/cli/cli_bestuur.c
    client/cli/cli_werkgebied.c
    client/cli/cli_ondersteuning.c
    client/cli/cli_thuiszitter.c
    client/cli/cli_arrangement.c
    client/cli/cli_budget.c
    client/cli/cli_toezicht.c
    client/cli/cli_jaarplan.c
    client/cli/cli_tlv.c
    client/cli/cli_begroting.c
    client/cli/cli_section.c
    client/cli/cli_rapport.c
    client/cli/cli_jaarrekening.c
    client/cli/cli_import.c
    client/cli/cli_html.c
    client/cli/cli_trimester.c
    client/cli/cli_sync.c
    server/svc/csv.c
    client/cli/cli_sync_watch.c
    common/proto_print.c)
set(CLI_SRCS client/cli/main.c ${CLI_LIB_SRCS})
