# passendd sources (all but main.c, which links them from passendd_core).
set(SERVER_SRCS
    server/config.c
    server/log.c
    server/worker.c
    server/tls.c
    server/conn.c
    server/h2.c
    server/rpc.c
    server/pg_pool.c
    server/migrate.c
    server/svc/svc.c
    server/svc/health.c
    server/svc/platform.c)
