-- pool: the database pool's own statements (server/pg_pool.c), prepared on
-- every connection beside the services' statements. The pool's idle probe
-- sends no statement (an empty sync is a full round trip).

-- name: set_config  params: 2
-- pg_req_set_config: a transaction-local setting before a request's
-- statements.
-- $1 name
-- $2 value
SELECT set_config($1, $2, true)

-- name: begin  params: 0
-- pg_req_hold: a transaction that outlives the request's sync, so its
-- done callback can add statements (pg_hold_commit) before it commits.
BEGIN

-- name: commit  params: 0
-- pg_hold_commit: the held transaction's last statement.
COMMIT

-- name: rollback  params: 0
-- A held transaction that failed or was not continued ends here.
ROLLBACK
