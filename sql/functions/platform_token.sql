-- platform.token_create / platform.token_revoke: the only writes to
-- platform.tokens besides `passendd admin bootstrap` (the owner), for
-- CreateToken and RevokeToken (server/sql/token.sql). Both run with the
-- owner's rights and need the proof of a live admin token in the
-- transaction (platform.admin_require, 0013_db_trust.sql), so SQL run as
-- passendd's login role cannot mint or revoke a token by itself. Neither
-- returns the stored hash. Repeatable: `passendd migrate` re-applies this
-- file when it changes.

-- A new token of p_role for tenant p_swv (NULL for admin) with scope p_scope
-- (werkgebied or school ids of that tenant: platform.token_scope_check
-- raises P0002 naming a missing tenant or id); p_hash is the SHA-256 of its
-- secret (server/token.c), the secret itself never comes here. A missing
-- tenant of a bestuur/toezicht token fails the foreign key (23503).
CREATE OR REPLACE FUNCTION platform.token_create(p_id uuid, p_role text, p_swv uuid, p_scope uuid[], p_hash bytea,
                                                 p_expires_at timestamptz, p_description text)
RETURNS TABLE (id uuid, role text, swv_id uuid, scope uuid[], expires_at timestamptz, description text,
               created_at timestamptz, revoked_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
#variable_conflict use_column
BEGIN
	PERFORM platform.admin_require();
	PERFORM platform.token_scope_check(p_swv, p_role, p_scope);
	RETURN QUERY
	INSERT INTO platform.tokens AS t (id, role, swv_id, scope, secret_hash, expires_at, description)
	VALUES (p_id, p_role, p_swv, p_scope, p_hash, p_expires_at, p_description)
	RETURNING t.id, t.role, t.swv_id, t.scope, t.expires_at, t.description, t.created_at, t.revoked_at;
END
$$;
REVOKE ALL ON FUNCTION platform.token_create(uuid, text, uuid, uuid[], bytea, timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.token_create(uuid, text, uuid, uuid[], bytea, timestamptz, text)
	TO passend_admin;

-- Revoke token p_id now, or keep the first revocation of a revoked one;
-- no row for an unknown id.
CREATE OR REPLACE FUNCTION platform.token_revoke(p_id uuid)
RETURNS TABLE (id uuid, role text, swv_id uuid, scope uuid[], expires_at timestamptz, description text,
               created_at timestamptz, revoked_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
#variable_conflict use_column
BEGIN
	PERFORM platform.admin_require();
	RETURN QUERY
	UPDATE platform.tokens AS t SET revoked_at = coalesce(t.revoked_at, now()) WHERE t.id = p_id
	RETURNING t.id, t.role, t.swv_id, t.scope, t.expires_at, t.description, t.created_at, t.revoked_at;
END
$$;
REVOKE ALL ON FUNCTION platform.token_revoke(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.token_revoke(uuid) TO passend_admin;
