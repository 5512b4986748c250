# libpassend sources.
set(LIBPASSEND_SRCS
    client/channel.c
    client/call.c
    client/stubs.c)
