# passend CLI sources.
set(CLI_SRCS
    client/cli/main.c
    common/proto_print.c)
