# libpassend sources (internal header: client/client.h).
set(LIBPASSEND_SRCS
    client/channel.c
    client/transport.c
    client/call.c
    client/stream.c
    client/status.c
    client/stubs.c
    client/stubs_v1.c
    client/import.c
    client/sync_upsert.c
    client/feed.c)
