-- pool: the database pool's own statement (server/pg_pool.c), prepared on
-- every connection beside the services' statements. The pool's idle probe
-- sends no statement (an empty sync is a full round trip).

-- name: set_config  params: 2
-- pg_req_set_config: a transaction-local setting before a request's
-- statements.
-- $1 name
-- $2 value
SELECT set_config($1, $2, true)
