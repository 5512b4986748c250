-- token: the statements of passend.v1.Tenancy's tokens (svc/token.c), for
-- role admin. Rows are Token messages by column name (the role by its enum
-- name). The token string is made by server/token.c; the database keeps
-- only the hash of its secret. Tokens are written only through
-- platform.token_create / token_revoke and read under a policy, all of which
-- need the admin's proof (0013_db_trust.sql). Every call is audited: a
-- statement names the rows it touched ({{audit_ids}}, server/audit.h).

-- fragment: columns
id, role, swv_id AS tenant_id, scope AS scope_ids, expires_at, description, created_at, revoked_at

-- fragment: audit_ids
(SELECT set_config('passend.audit_ids', array_agg(r.id::text)::text, true) FROM r) audit_ids

-- name: insert  params: 7
-- A new token (platform.token_create, sql/functions/platform_token.sql:
-- the scope check, and the admin's proof the principal set). It raises
-- P0002 naming a missing tenant or scope id; a missing tenant of a
-- bestuur/toezicht token fails the foreign key (23503).
-- $1 id  the token's id (server/token.c)
-- $2 role  its name: admin, bestuur, ...
-- $3 tenant_id
-- $4 scope_ids
-- $5 secret_hash  SHA-256 of the secret, hex
-- $6 expires_at
-- $7 description
WITH r AS (
	SELECT {{columns}}
	FROM platform.token_create($1::uuid, $2, NULLIF($3, '')::uuid, $4::uuid[], decode($5, 'hex'),
	                           NULLIF($6, '')::timestamptz, $7)
)
SELECT r.* FROM r, {{audit_ids}}

-- name: list  params: 4
-- $1 tenant_id  optional filter
-- $2 include_revoked
-- $3 page_after
-- $4 page_limit
WITH r AS (
	SELECT {{columns}} FROM platform.tokens
	WHERE ($1 = '' OR swv_id = NULLIF($1, '')::uuid) AND ($2::bool OR revoked_at IS NULL)
		AND ($3 = '' OR id > NULLIF($3, '')::uuid)
	ORDER BY id LIMIT $4::int
)
SELECT r.* FROM r, {{audit_ids}} ORDER BY r.id

-- name: revoke  params: 1
-- Revoking twice keeps the first time (platform.token_revoke).
-- $1 id
WITH r AS (SELECT {{columns}} FROM platform.token_revoke($1::uuid))
SELECT r.* FROM r, {{audit_ids}}
