-- 0002_tenancy: roles, schemas and tables of tenancy (issue 3): tenants,
-- tokens, the audit log, and the first tables of bestuur / toezicht /
-- werkgebied, with row level security on the transaction's principal.
-- Runs as the database owner (not a superuser). Roles are cluster-wide, so
-- they are created only if missing. No passwords here: see docs/tenancy.md.

-- ---- roles -----------------------------------------------------------------
DO $$
DECLARE
	g text;
BEGIN
	FOREACH g IN ARRAY ARRAY['passend_admin', 'passend_bestuur', 'passend_toezicht',
	                         'passend_werkgebied', 'passend_school'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = g) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', g);
		END IF;
	END LOOP;
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'passend_app') THEN
		CREATE ROLE passend_app LOGIN NOINHERIT NOBYPASSRLS;
	END IF;
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'passend_app'
	           AND (rolsuper OR rolbypassrls OR rolinherit)) THEN
		RAISE EXCEPTION 'role passend_app must be NOSUPERUSER NOBYPASSRLS NOINHERIT';
	END IF;
	FOREACH g IN ARRAY ARRAY['passend_admin', 'passend_bestuur', 'passend_toezicht',
	                         'passend_werkgebied', 'passend_school'] LOOP
		EXECUTE format('GRANT %I TO passend_app', g);
	END LOOP;
END
$$;

-- ---- schemas -------------------------------------------------------------------
CREATE SCHEMA bestuur;
CREATE SCHEMA toezicht;
CREATE SCHEMA werkgebied;
COMMENT ON SCHEMA bestuur IS 'the SWV''s own administration: scholen (later besturen, tellingen, TLVs)';
COMMENT ON SCHEMA toezicht IS 'the supervisory body: leden and aggregate views, never pupil rows';
COMMENT ON SCHEMA werkgebied IS 'operational support work: werkgebieden and pseudonymised pupils';
REVOKE ALL ON SCHEMA bestuur, toezicht, werkgebied FROM PUBLIC;
-- USAGE only lets names be resolved (passend_app prepares its statements
-- before any role is set); it grants no access to any table.
GRANT USAGE ON SCHEMA platform, bestuur, toezicht, werkgebied TO passend_app,
	passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
GRANT SELECT ON platform.schema_migrations TO passend_app;

-- ---- the principal ---------------------------------------------------------------
-- The transaction's tenant and scope (set_config(..., true) per request).
-- A missing or empty setting yields NULL / '{}' and so matches no row.
-- Plain SQL functions so that the planner inlines them into the policies.
CREATE FUNCTION platform.current_swv() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT NULLIF(pg_catalog.current_setting('passend.swv_id', true), '')::uuid $$;
CREATE FUNCTION platform.current_scope() RETURNS uuid[] LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT pg_catalog.string_to_array(pg_catalog.current_setting('passend.scope', true), ',')::uuid[] $$;
CREATE FUNCTION platform.current_token() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT NULLIF(pg_catalog.current_setting('passend.token_id', true), '')::uuid $$;
REVOKE ALL ON FUNCTION platform.current_swv(), platform.current_scope(), platform.current_token() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.current_swv(), platform.current_scope(), platform.current_token()
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

-- ---- platform: tenants, tokens, audit ------------------------------------------
CREATE TABLE platform.tenants (
	id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	duo_code             text NOT NULL UNIQUE CHECK (duo_code ~ '^(PO|VO) [0-9]{2}-[0-9]{2}$'),
	sector               text NOT NULL CHECK (sector IN ('PO', 'VO')),
	legal_form           text NOT NULL DEFAULT '' CHECK (length(legal_form) <= 100),
	governance_model     smallint NOT NULL DEFAULT 0 CHECK (governance_model BETWEEN 0 AND 2),
	schooljaar_start_month smallint NOT NULL DEFAULT 8,
	schooljaar_start_day   smallint NOT NULL DEFAULT 1,
	trimester2_month     smallint NOT NULL DEFAULT 12,
	trimester2_day       smallint NOT NULL DEFAULT 1,
	trimester3_month     smallint NOT NULL DEFAULT 4,
	trimester3_day       smallint NOT NULL DEFAULT 1,
	small_cell_threshold integer NOT NULL DEFAULT 5 CHECK (small_cell_threshold BETWEEN 1 AND 100),
	-- key of the keyed hash of national ids: 32 bytes (244 random bits from
	-- two v4 UUIDs of pg_strong_random); never selectable by the server's roles
	pseudonym_secret     bytea NOT NULL DEFAULT decode(replace(gen_random_uuid()::text ||
	                         gen_random_uuid()::text, '-', ''), 'hex'),
	created_at           timestamptz NOT NULL DEFAULT now(),
	updated_at           timestamptz NOT NULL DEFAULT now(),
	CHECK (substr(duo_code, 1, 2) = sector),
	CHECK (make_date(2000, schooljaar_start_month, schooljaar_start_day) IS NOT NULL),
	CHECK (make_date(2000, trimester2_month, trimester2_day) IS NOT NULL),
	CHECK (make_date(2000, trimester3_month, trimester3_day) IS NOT NULL)
);
COMMENT ON TABLE platform.tenants IS 'samenwerkingsverbanden (SWVs): one row per tenant';

CREATE TABLE platform.tokens (
	id          uuid PRIMARY KEY,
	role        text NOT NULL CHECK (role IN ('admin', 'bestuur', 'toezicht', 'werkgebied', 'school')),
	swv_id      uuid REFERENCES platform.tenants (id),
	scope       uuid[] NOT NULL DEFAULT '{}',
	secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
	expires_at  timestamptz,
	description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
	created_at  timestamptz NOT NULL DEFAULT now(),
	revoked_at  timestamptz,
	CHECK ((role = 'admin') = (swv_id IS NULL)),
	CHECK ((role IN ('werkgebied', 'school')) = (cardinality(scope) > 0))
);
CREATE INDEX tokens_swv_idx ON platform.tokens (swv_id, created_at);
COMMENT ON TABLE platform.tokens IS 'bearer tokens "<id>.<secret>": only SHA-256(secret) is kept';

CREATE TABLE platform.audit_log (
	id         bigserial PRIMARY KEY,
	at         timestamptz NOT NULL DEFAULT now(),
	swv_id     uuid DEFAULT platform.current_swv(),
	token_id   uuid DEFAULT platform.current_token(),
	role       text DEFAULT NULLIF(pg_catalog.current_setting('passend.role', true), ''),
	method     text NOT NULL,
	object_ids text[] NOT NULL DEFAULT '{}',
	outcome    integer NOT NULL,
	peer       text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_swv_idx ON platform.audit_log (swv_id, id);
COMMENT ON TABLE platform.audit_log IS 'append-only for the server''s roles: who read or changed what';
SELECT platform.tenant_rls('platform.audit_log');
-- A row can only be written as the transaction's own principal.
CREATE POLICY audit_append ON platform.audit_log FOR INSERT
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school
	WITH CHECK (swv_id IS NOT DISTINCT FROM platform.current_swv()
	            AND token_id = platform.current_token()
	            AND role = pg_catalog.current_setting('passend.role', true));
CREATE POLICY audit_admin_read ON platform.audit_log FOR SELECT TO passend_admin USING (true);
CREATE POLICY audit_bestuur_read ON platform.audit_log FOR SELECT TO passend_bestuur
	USING (swv_id = platform.current_swv());

GRANT SELECT (id, name, duo_code, sector, legal_form, governance_model, schooljaar_start_month,
              schooljaar_start_day, trimester2_month, trimester2_day, trimester3_month,
              trimester3_day, small_cell_threshold, created_at, updated_at),
      INSERT (name, duo_code, sector, legal_form, governance_model, schooljaar_start_month,
              schooljaar_start_day, trimester2_month, trimester2_day, trimester3_month,
              trimester3_day, small_cell_threshold),
      UPDATE (name, duo_code, sector, legal_form, governance_model, schooljaar_start_month,
              schooljaar_start_day, trimester2_month, trimester2_day, trimester3_month,
              trimester3_day, small_cell_threshold, updated_at)
	ON platform.tenants TO passend_admin;
GRANT SELECT (id, role, swv_id, scope, expires_at, description, created_at, revoked_at),
      INSERT (id, role, swv_id, scope, secret_hash, expires_at, description),
      UPDATE (revoked_at)
	ON platform.tokens TO passend_admin;
GRANT INSERT (swv_id, token_id, role, method, object_ids, outcome, peer) ON platform.audit_log
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
GRANT USAGE ON SEQUENCE platform.audit_log_id_seq
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
GRANT SELECT ON platform.audit_log TO passend_admin, passend_bestuur;

-- Token lookup for authentication: passend_app (no role set) reads one
-- token by id. It never sees the tokens table itself.
CREATE FUNCTION platform.token_lookup(p_id uuid)
RETURNS TABLE (role text, swv_id uuid, scope text, secret_hash bytea, expires_at_ms bigint,
               revoked boolean, expired boolean, description text, tenant_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
	SELECT t.role, t.swv_id, array_to_string(t.scope, ','), t.secret_hash,
	       (extract(epoch FROM t.expires_at) * 1000)::bigint,
	       t.revoked_at IS NOT NULL, t.expires_at IS NOT NULL AND t.expires_at <= now(),
	       t.description, coalesce(n.name, '')
	FROM platform.tokens t LEFT JOIN platform.tenants n ON n.id = t.swv_id
	WHERE t.id = p_id
$$;
REVOKE ALL ON FUNCTION platform.token_lookup(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.token_lookup(uuid) TO passend_app;

-- HMAC-SHA256 (RFC 2104) from the built-in sha256(), so no extension is needed.
CREATE FUNCTION platform.hmac_sha256(key bytea, msg bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	k bytea := key;
	ik bytea;
	ok bytea;
BEGIN
	IF length(k) > 64 THEN
		k := sha256(k);
	END IF;
	k := k || decode(repeat('00', 64 - length(k)), 'hex');
	ik := k;
	ok := k;
	FOR i IN 0..63 LOOP
		ik := set_byte(ik, i, get_byte(k, i) # 54);
		ok := set_byte(ok, i, get_byte(k, i) # 92);
	END LOOP;
	RETURN sha256(ok || sha256(ik || msg));
END
$$;
REVOKE ALL ON FUNCTION platform.hmac_sha256(bytea, bytea) FROM PUBLIC;

-- The keyed hash of a national id with the transaction tenant's secret
-- (NULL without a tenant). The secret never leaves the database.
CREATE FUNCTION platform.national_id_hash(p_national_id text) RETURNS bytea
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
	SELECT platform.hmac_sha256(t.pseudonym_secret, convert_to(p_national_id, 'UTF8'))
	FROM platform.tenants t WHERE t.id = platform.current_swv()
$$;
REVOKE ALL ON FUNCTION platform.national_id_hash(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.national_id_hash(text)
	TO passend_bestuur, passend_werkgebied, passend_school;

-- ---- werkgebied: werkgebieden --------------------------------------------------
CREATE TABLE werkgebied.werkgebieden (
	swv_id     uuid NOT NULL REFERENCES platform.tenants (id),
	id         uuid NOT NULL,
	name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, name)
);

-- ---- bestuur: scholen ------------------------------------------------------------
CREATE TABLE bestuur.scholen (
	swv_id        uuid NOT NULL REFERENCES platform.tenants (id),
	id            uuid NOT NULL,
	brin          text NOT NULL CHECK (brin ~ '^[0-9]{2}[A-Z0-9]{2}$'),
	vestiging     text NOT NULL CHECK (vestiging ~ '^[0-9]{2}$'),
	name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	soort         smallint NOT NULL CHECK (soort BETWEEN 1 AND 3),
	werkgebied_id uuid,
	created_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, brin, vestiging),
	FOREIGN KEY (swv_id, werkgebied_id) REFERENCES werkgebied.werkgebieden (swv_id, id),
	CHECK (soort <> 1 OR werkgebied_id IS NOT NULL)
);
CREATE INDEX scholen_werkgebied_idx ON bestuur.scholen (swv_id, werkgebied_id);

-- ---- toezicht: leden -----------------------------------------------------------
CREATE TABLE toezicht.leden (
	swv_id     uuid NOT NULL REFERENCES platform.tenants (id),
	id         uuid NOT NULL,
	name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	function   text NOT NULL DEFAULT '' CHECK (length(function) <= 200),
	start_date date NOT NULL,
	end_date   date,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CHECK (end_date IS NULL OR end_date >= start_date)
);

-- ---- werkgebied: leerlingen (pseudonymised) --------------------------------------
CREATE TABLE werkgebied.leerlingen (
	swv_id           uuid NOT NULL REFERENCES platform.tenants (id),
	id               uuid NOT NULL,
	school_id        uuid NOT NULL,
	werkgebied_id    uuid,
	source_system    text NOT NULL CHECK (length(source_system) BETWEEN 1 AND 100),
	external_id      text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
	national_id_hash bytea CHECK (national_id_hash IS NULL OR length(national_id_hash) = 32),
	geboortejaar     smallint NOT NULL DEFAULT 0,
	geslacht         smallint NOT NULL DEFAULT 0 CHECK (geslacht BETWEEN 0 AND 3),
	created_at       timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, source_system, external_id),
	FOREIGN KEY (swv_id, school_id) REFERENCES bestuur.scholen (swv_id, id),
	FOREIGN KEY (swv_id, werkgebied_id) REFERENCES werkgebied.werkgebieden (swv_id, id)
);
CREATE INDEX leerlingen_school_idx ON werkgebied.leerlingen (swv_id, school_id);
CREATE INDEX leerlingen_werkgebied_idx ON werkgebied.leerlingen (swv_id, werkgebied_id);
CREATE INDEX leerlingen_national_idx ON werkgebied.leerlingen (swv_id, national_id_hash)
	WHERE national_id_hash IS NOT NULL;

-- ---- row level security ------------------------------------------------------------
SELECT platform.tenant_rls('werkgebied.werkgebieden', 'bestuur.scholen', 'toezicht.leden', 'werkgebied.leerlingen');
-- bestuur: all of its tenant, in each of them
SELECT platform.bestuur_policy('werkgebied.werkgebieden', 'bestuur.scholen', 'toezicht.leden', 'werkgebied.leerlingen');

-- werkgebieden: toezicht reads them; werkgebied its scope
CREATE POLICY werkgebieden_toezicht ON werkgebied.werkgebieden FOR SELECT TO passend_toezicht
	USING (swv_id = platform.current_swv());
CREATE POLICY werkgebieden_werkgebied ON werkgebied.werkgebieden FOR SELECT TO passend_werkgebied
	USING (swv_id = platform.current_swv() AND id = ANY (platform.current_scope()));
GRANT SELECT, INSERT ON werkgebied.werkgebieden TO passend_bestuur;
GRANT SELECT ON werkgebied.werkgebieden TO passend_toezicht, passend_werkgebied;

-- scholen: werkgebied the schools of its werkgebieden; school its own
CREATE POLICY scholen_werkgebied ON bestuur.scholen FOR SELECT TO passend_werkgebied
	USING (swv_id = platform.current_swv() AND werkgebied_id = ANY (platform.current_scope()));
CREATE POLICY scholen_school ON bestuur.scholen FOR SELECT TO passend_school
	USING (swv_id = platform.current_swv() AND id = ANY (platform.current_scope()));
GRANT SELECT, INSERT ON bestuur.scholen TO passend_bestuur;
GRANT SELECT ON bestuur.scholen TO passend_werkgebied, passend_school;

-- leden: toezicht too
CREATE POLICY leden_toezicht ON toezicht.leden TO passend_toezicht
	USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv());
GRANT SELECT, INSERT ON toezicht.leden TO passend_bestuur, passend_toezicht;

-- leerlingen: werkgebied and school their scope; toezicht has no privilege at
-- all (aggregate views below)
CREATE POLICY leerlingen_werkgebied ON werkgebied.leerlingen TO passend_werkgebied
	USING (swv_id = platform.current_swv() AND werkgebied_id = ANY (platform.current_scope()))
	WITH CHECK (swv_id = platform.current_swv() AND werkgebied_id = ANY (platform.current_scope()));
CREATE POLICY leerlingen_school ON werkgebied.leerlingen TO passend_school
	USING (swv_id = platform.current_swv() AND school_id = ANY (platform.current_scope()))
	WITH CHECK (swv_id = platform.current_swv() AND school_id = ANY (platform.current_scope()));
GRANT SELECT, INSERT ON werkgebied.leerlingen TO passend_bestuur, passend_werkgebied, passend_school;

-- ---- toezicht: aggregate views ------------------------------------------------------
-- Views run with their owner's rights; FORCE RLS applies to the owner too, so
-- the owner gets a read policy on the current tenant only, and the views
-- filter on passend.swv_id themselves.
SELECT platform.owner_read_policy('werkgebieden_owner_aggregates', 'werkgebied.werkgebieden'),
       platform.owner_read_policy('leerlingen_owner_aggregates', 'werkgebied.leerlingen');

CREATE VIEW toezicht.leerlingen_per_werkgebied WITH (security_barrier) AS
	SELECT w.id AS werkgebied_id, w.name AS werkgebied,
	       CASE WHEN count(l.id) < t.small_cell_threshold THEN NULL ELSE count(l.id) END AS leerlingen,
	       count(l.id) < t.small_cell_threshold AS suppressed
	FROM werkgebied.werkgebieden w
	JOIN platform.tenants t ON t.id = w.swv_id
	LEFT JOIN werkgebied.leerlingen l ON l.swv_id = w.swv_id AND l.werkgebied_id = w.id
	WHERE w.swv_id = platform.current_swv()
	GROUP BY w.id, w.name, t.small_cell_threshold;
COMMENT ON VIEW toezicht.leerlingen_per_werkgebied IS
	'pupils per werkgebied of the current tenant; counts below small_cell_threshold are NULL';
GRANT SELECT ON toezicht.leerlingen_per_werkgebied TO passend_toezicht, passend_bestuur;

-- ---- token scope check (admin) ------------------------------------------------
-- CreateToken as admin: every scope id must be a werkgebied (role werkgebied)
-- or a school (role school) of the token's tenant. The admin role has no
-- privilege on tenant data, so this runs with the owner's rights, under the
-- owner's read policies for that tenant only. Raises P0002 naming the id.
SELECT platform.owner_read_policy('scholen_owner_checks', 'bestuur.scholen');
CREATE FUNCTION platform.token_scope_check(p_swv uuid, p_role text, p_scope uuid[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	old text := current_setting('passend.swv_id', true);
	missing uuid;
BEGIN
	IF p_role NOT IN ('werkgebied', 'school') THEN
		RETURN 0;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM platform.tenants WHERE id = p_swv) THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('tenant_id %s not found', p_swv);
	END IF;
	PERFORM set_config('passend.swv_id', p_swv::text, true);
	IF p_role = 'werkgebied' THEN
		SELECT s INTO missing FROM unnest(p_scope) s
		WHERE NOT EXISTS (SELECT 1 FROM werkgebied.werkgebieden w WHERE w.swv_id = p_swv AND w.id = s)
		LIMIT 1;
	ELSE
		SELECT s INTO missing FROM unnest(p_scope) s
		WHERE NOT EXISTS (SELECT 1 FROM bestuur.scholen c WHERE c.swv_id = p_swv AND c.id = s)
		LIMIT 1;
	END IF;
	PERFORM set_config('passend.swv_id', coalesce(old, ''), true);
	IF missing IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('scope_ids: %s %s not found in tenant %s',
			CASE p_role WHEN 'werkgebied' THEN 'werkgebied' ELSE 'school' END, missing, p_swv);
	END IF;
	RETURN cardinality(p_scope);
END
$$;
REVOKE ALL ON FUNCTION platform.token_scope_check(uuid, text, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.token_scope_check(uuid, text, uuid[]) TO passend_admin;
