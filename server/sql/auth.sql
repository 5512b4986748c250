-- auth: the statements of the server core's authentication (server/auth.c),
-- prepared on every connection through auth_service. Rows are read by
-- column name.

-- name: token_lookup  params: 2
-- The stored side of a bearer token, as the login role (token_lookup is the
-- one thing it may call without SET ROLE). The database compares the
-- secret's hash and never returns it; no row: unknown id or wrong secret.
-- $1 id
-- $2 secret_hash  SHA-256 of the secret, hex
SELECT role, swv_id, scope, expires_at_ms, revoked, expired, description, tenant_name
FROM platform.token_lookup($1::uuid, decode($2, 'hex'))

-- name: principal  params: 6
-- The transaction's principal, first in every request of a call: one
-- statement instead of six set_config steps (one Bind/Execute less per
-- setting, the same transaction-local effect). Row level security and the
-- audit row's column defaults read these settings; an admin's writes need
-- its token's proof (the secret's hash, 0013_db_trust.sql), '' for the
-- other roles. The six calls are the arguments of one num_nulls (every
-- argument of a non-strict function is evaluated): one int column comes
-- back instead of the six values echoed, which nobody reads (D55).
-- $1 role  the database role, passend_<role>
-- $2 swv_id
-- $3 scope  comma-separated ids
-- $4 token_id
-- $5 role_name
-- $6 token_proof
SELECT pg_catalog.num_nulls(set_config('role', $1, true), set_config('passend.swv_id', $2, true),
       set_config('passend.scope', $3, true), set_config('passend.token_id', $4, true),
       set_config('passend.role', $5, true), set_config('passend.token_proof', $6, true))
