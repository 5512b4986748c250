-- auth: the statements of the server core's authentication (server/auth.c),
-- prepared on every connection through auth_service. Rows are read by
-- column name.

-- name: token_lookup  params: 1
-- The stored side of a bearer token, as the login role (token_lookup is the
-- one thing it may call without SET ROLE); no row: unknown id.
-- $1 id
SELECT role, swv_id, scope, secret_hash, expires_at_ms, revoked, expired, description, tenant_name
FROM platform.token_lookup($1::uuid)

-- name: principal  params: 5
-- The transaction's principal, first in every request of a call: one
-- statement instead of five set_config steps (one Bind/Execute less per
-- setting, the same transaction-local effect). Row level security and the
-- audit row's column defaults read these settings.
-- $1 role  the database role, passend_<role>
-- $2 swv_id
-- $3 scope  comma-separated ids
-- $4 token_id
-- $5 role_name
SELECT set_config('role', $1, true), set_config('passend.swv_id', $2, true),
       set_config('passend.scope', $3, true), set_config('passend.token_id', $4, true),
       set_config('passend.role', $5, true)
