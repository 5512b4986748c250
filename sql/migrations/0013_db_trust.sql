-- 0013_db_trust: the database trusts the server's login role less (issue 12
-- point 4) and keeps pupil-level records only as long as the tenant says
-- (point 5, retention). docs/decisions.md D36 and D37.
-- * Admin writes need the proof of a live admin token: the transaction's
--   passend.token_proof must be the SHA-256 (hex) of the secret of the admin
--   token in passend.token_id; token_lookup no longer hands out the stored
--   hash (it compares it), so SQL run as passend_app cannot prove what it
--   does not hold. Tokens are written only by platform.token_create and
--   platform.token_revoke (sql/functions/platform_token.sql); tenants and
--   the admin's audit reads go through policies on the proof.
-- * A token once revoked stays revoked, and only revoked_at ever changes.
-- * Report suppression follows the role in force (platform.invoking_role,
--   invoking_role_name), not passend.role (sql/functions/*_report.sql).
-- * A school inserts a TLV only as a new aanvraag of its own pupil.
-- * An audit row names the role in force.
-- * Retention: per-tenant retention_months, TLV rows that outlive their
--   pupil (de-identified), the registry of pupil-level tables and
--   platform.retention_purge.

-- ---- the role in force -----------------------------------------------------------
-- Inside a SECURITY DEFINER function current_user is the function's owner,
-- so a report cannot ask current_user who called it. The session's SET ROLE
-- (the `role` setting) is the role in force outside it: PostgreSQL lets a
-- session set it only to a role it is a member of, and setting it is what
-- changes the privileges, so a session cannot claim a role it does not act
-- as (unlike passend.role, which any session may set to anything). Without
-- SET ROLE: the session user.
CREATE FUNCTION platform.invoking_role() RETURNS name
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$ SELECT coalesce(NULLIF(current_setting('role'), 'none'), session_user::text)::name $$;
REVOKE ALL ON FUNCTION platform.invoking_role() FROM PUBLIC;

-- The passend role the role in force acts as: 'bestuur', 'toezicht',
-- 'werkgebied', 'school' or 'admin', the first whose group role's
-- privileges it has (a superuser: 'bestuur'), else ''. What a SECURITY
-- DEFINER report asks instead of passend.role.
CREATE FUNCTION platform.invoking_role_name() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT coalesce((SELECT r FROM unnest(ARRAY['bestuur', 'toezicht', 'werkgebied', 'school', 'admin'])
	                 WITH ORDINALITY AS u (r, o)
	                 WHERE pg_has_role(platform.invoking_role(), 'passend_' || r, 'USAGE') ORDER BY o LIMIT 1), '')
$$;
REVOKE ALL ON FUNCTION platform.invoking_role_name() FROM PUBLIC;

-- ---- the admin's proof -------------------------------------------------------------
-- passend.token_proof as bytes, or NULL when it is not 64 hex digits.
CREATE FUNCTION platform.token_proof() RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE WHEN p ~ '^[0-9a-f]{64}$' THEN decode(p, 'hex') END
	FROM (SELECT current_setting('passend.token_proof', true) AS p) s
$$;
REVOKE ALL ON FUNCTION platform.token_proof() FROM PUBLIC;

-- Whether the transaction holds the proof of a live admin token: the token
-- of passend.token_id is an admin token, neither revoked nor expired, whose
-- stored hash equals passend.token_proof. passendd sets both from the bearer
-- token of an admin call (server/auth.c); the hash is never readable by its
-- login role, so SQL run as that role cannot produce it.
CREATE FUNCTION platform.admin_proven() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
	SELECT EXISTS (
		SELECT 1 FROM platform.tokens t
		WHERE t.id = NULLIF(current_setting('passend.token_id', true), '')::uuid AND t.role = 'admin'
		  AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
		  AND t.secret_hash = platform.token_proof())
$$;
REVOKE ALL ON FUNCTION platform.admin_proven() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.admin_proven() TO passend_admin;

-- Raise 42501 (PERMISSION_DENIED) unless admin_proven().
CREATE FUNCTION platform.admin_require() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF NOT platform.admin_proven() THEN
		RAISE EXCEPTION USING ERRCODE = '42501',
			MESSAGE = 'this needs the proof of a valid admin token (passend.token_proof)';
	END IF;
END
$$;
REVOKE ALL ON FUNCTION platform.admin_require() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.admin_require() TO passend_admin;

-- ---- tokens ------------------------------------------------------------------------
-- Authentication compares the hash in the database instead of handing it
-- to the login role: no row for an unknown id or a wrong secret alike.
DROP FUNCTION platform.token_lookup(uuid);
CREATE FUNCTION platform.token_lookup(p_id uuid, p_hash bytea)
RETURNS TABLE (role text, swv_id uuid, scope text, expires_at_ms bigint, revoked boolean, expired boolean,
               description text, tenant_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
	SELECT t.role, t.swv_id, array_to_string(t.scope, ','), (extract(epoch FROM t.expires_at) * 1000)::bigint,
	       t.revoked_at IS NOT NULL, t.expires_at IS NOT NULL AND t.expires_at <= now(),
	       t.description, coalesce(n.name, '')
	FROM platform.tokens t LEFT JOIN platform.tenants n ON n.id = t.swv_id
	WHERE t.id = p_id AND t.secret_hash = p_hash
$$;
REVOKE ALL ON FUNCTION platform.token_lookup(uuid, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.token_lookup(uuid, bytea) TO passend_app;

-- Writes only through platform.token_create / token_revoke; reads with the proof.
REVOKE INSERT, UPDATE ON platform.tokens FROM passend_admin;
ALTER TABLE platform.tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY tokens_admin_read ON platform.tokens FOR SELECT TO passend_admin
	USING ((SELECT platform.admin_proven()));
-- token_create checks the scope itself now
REVOKE EXECUTE ON FUNCTION platform.token_scope_check(uuid, text, uuid[]) FROM passend_admin;

-- A revoked token stays revoked; nothing but revoked_at ever changes (for
-- every role, the owner and the superuser included).
CREATE FUNCTION platform.tokens_immutable() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('token %s stays revoked: revoked_at cannot change once set', OLD.id);
	END IF;
	IF (NEW.id, NEW.role, NEW.swv_id, NEW.scope, NEW.secret_hash, NEW.expires_at, NEW.description, NEW.created_at)
	   IS DISTINCT FROM
	   (OLD.id, OLD.role, OLD.swv_id, OLD.scope, OLD.secret_hash, OLD.expires_at, OLD.description, OLD.created_at)
	THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('token %s: only revoked_at can change (a new token is a new row)', OLD.id);
	END IF;
	RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION platform.tokens_immutable() FROM PUBLIC;
CREATE TRIGGER tokens_immutable BEFORE UPDATE ON platform.tokens
	FOR EACH ROW EXECUTE FUNCTION platform.tokens_immutable();

-- ---- tenants ---------------------------------------------------------------------------
-- The admin reads and writes tenants only with the proof (its column grants
-- stay). Not FORCEd: the owner's SECURITY DEFINER functions read tenants as before.
ALTER TABLE platform.tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenants_admin ON platform.tenants TO passend_admin
	USING ((SELECT platform.admin_proven())) WITH CHECK ((SELECT platform.admin_proven()));

-- Retention (D37): pupil-level records are removed this many months after
-- the pupil's support ended; NULL keeps them (the tenant has not decided).
ALTER TABLE platform.tenants
	ADD COLUMN retention_months integer CHECK (retention_months BETWEEN 1 AND 1200);
COMMENT ON COLUMN platform.tenants.retention_months IS
	'months after support ended that pupil-level records are kept (NULL: kept); platform.retention_purge';
GRANT SELECT (retention_months), INSERT (retention_months), UPDATE (retention_months)
	ON platform.tenants TO passend_admin;

-- ---- the audit log ------------------------------------------------------------------
-- The admin reads the whole log only with the proof; a row names the role
-- in force (the policy runs as the inserting role), not only the setting.
ALTER POLICY audit_admin_read ON platform.audit_log USING ((SELECT platform.admin_proven()));
ALTER POLICY audit_append ON platform.audit_log
	WITH CHECK (swv_id IS NOT DISTINCT FROM platform.current_swv()
	            AND token_id = platform.current_token()
	            AND role = pg_catalog.current_setting('passend.role', true)
	            AND ('passend_' || role)::name = current_user);

-- ---- TLVs: a school's insert is a new aanvraag ------------------------------------------
-- Column privileges leave every other column at its default (state
-- INGEDIEND, no advies, besluit or bezwaar, aanvraag_soort nieuw); the
-- restrictive policy ties the requesting school to the pupil's and the
-- deadline to the tenant's legal term (what SubmitTlvAanvraag computes).
-- The deadline of an aanvraag of p_aanvraag on the current tenant's legal
-- term (bestuur.tlv_deadline, the rule's one implementation; plpgsql binds
-- it when called, so this migration does not need that repeatable function
-- to exist yet).
CREATE FUNCTION bestuur.tlv_aanvraag_deadline(p_aanvraag date) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	r record;
BEGIN
	SELECT * INTO r FROM bestuur.tlv_rules();
	RETURN bestuur.tlv_deadline(p_aanvraag, r.eenheid, r.termijn);
END
$$;
REVOKE ALL ON FUNCTION bestuur.tlv_aanvraag_deadline(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.tlv_aanvraag_deadline(date) TO passend_bestuur, passend_school;
REVOKE INSERT ON bestuur.tlvs FROM passend_school;
GRANT INSERT (swv_id, id, leerling_id, aanvragende_school_id, herkomst, gevraagde_soort, aanvraagdatum,
              toestemming_datum, deadline, request_id) ON bestuur.tlvs TO passend_school;
CREATE POLICY tlvs_school_aanvraag ON bestuur.tlvs AS RESTRICTIVE FOR INSERT TO passend_school
	WITH CHECK (aanvragende_school_id IS NOT DISTINCT FROM (
	                SELECT l.school_id FROM werkgebied.leerlingen l
	                WHERE l.swv_id = tlvs.swv_id AND l.id = tlvs.leerling_id)
	            AND deadline = bestuur.tlv_aanvraag_deadline(aanvraagdatum));
REVOKE INSERT ON bestuur.tlv_events FROM passend_school;
GRANT INSERT (swv_id, tlv_id, seq, step, detail) ON bestuur.tlv_events TO passend_school;
CREATE POLICY tlv_events_school_ingediend ON bestuur.tlv_events AS RESTRICTIVE FOR INSERT TO passend_school
	WITH CHECK (step = 'ingediend' AND seq = 1);

-- A TLV import that changes a TLV records it as a step of its own.
ALTER TABLE bestuur.tlv_events DROP CONSTRAINT tlv_events_step_check,
	ADD CONSTRAINT tlv_events_step_check CHECK (step IN ('ingediend', 'advies', 'besluit', 'bezwaar',
	                                                     'bezwaar_besluit', 'herbeoordeling', 'import'));

-- ---- retention: TLVs outlive their pupil -----------------------------------------------
-- A purged pupil's TLVs stay as the counted facts of the TLV report: the
-- pupil link and the free text go, the birth year and sex the report
-- counts move onto the row (anon_*), purged_at says when. Such a row is no
-- longer pupil-level: the school and the TLV statements (which join the
-- pupil) do not show it.
ALTER TABLE bestuur.tlvs
	ADD COLUMN purged_at timestamptz,
	ADD COLUMN anon_geboortejaar smallint,
	ADD COLUMN anon_geslacht smallint,
	ALTER COLUMN leerling_id DROP NOT NULL,
	ADD CONSTRAINT tlvs_leerling_or_purged CHECK ((leerling_id IS NULL) = (purged_at IS NOT NULL));

-- A de-identified row is counted by the report functions (the owner) and
-- read by no server role: bestuur's and the school's rows are the
-- unpurged ones, and so are the events they read.
CREATE POLICY tlvs_not_purged ON bestuur.tlvs AS RESTRICTIVE FOR SELECT TO passend_bestuur, passend_school
	USING (purged_at IS NULL);
CREATE POLICY tlv_events_not_purged ON bestuur.tlv_events AS RESTRICTIVE FOR SELECT
	TO passend_bestuur, passend_school
	USING (EXISTS (SELECT 1 FROM bestuur.tlvs t WHERE t.swv_id = tlv_events.swv_id AND t.id = tlv_events.tlv_id));

-- ---- retention: the registry of pupil-level tables --------------------------------------
-- Every table holding pupil-level rows joins the purge with one row here
-- (docs/operator-guide.md "Retention" says how):
--   support_view    NULL, or a view (swv_id uuid, leerling_id uuid, open boolean, ended date)
--                   with one row per record of support: open while it lasts, else the day
--                   it ended. A pupil's support ended when no row of any view is open, on
--                   the latest ended (a pupil with no row at all: the day it was created).
--   purge_function  schema.name of a function (p_swv uuid, p_leerlingen uuid[]) RETURNS
--                   uuid[]: removes or de-identifies the table's rows of those pupils of
--                   tenant p_swv and returns the ids of the rows it changed (named in the
--                   audit row); it runs as the owner, whose policies see tenant p_swv only.
--   purge_order     the order of the purge functions (rows that reference others first).
--   kept            what of the table stays, in a sentence (operator guide).
-- The pupil rows go last (werkgebied.leerlingen); a table that references a
-- pupil without being registered makes the purge of that tenant fail on the
-- foreign key (and test_retention fails).
CREATE TABLE platform.retention_tables (
	relation        regclass PRIMARY KEY,
	support_view    regclass,
	purge_function  text NOT NULL CHECK (purge_function ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$'),
	purge_order     integer NOT NULL UNIQUE,
	kept            text NOT NULL,
	CHECK (to_regprocedure(purge_function || '(uuid, uuid[])') IS NOT NULL)
);
COMMENT ON TABLE platform.retention_tables IS
	'pupil-level tables: how each says when support ended and how its rows are purged (platform.retention_purge)';

-- The owner's policies for the purge: the current tenant only, as its read
-- policies of 0002-0006 (the purge sets passend.swv_id per tenant).
DO $$
BEGIN
	EXECUTE format('CREATE POLICY leerlingen_owner_retention ON werkgebied.leerlingen FOR DELETE TO %I '
	               'USING (swv_id = platform.current_swv())', current_user);
	EXECUTE format('CREATE POLICY tlvs_owner_retention ON bestuur.tlvs FOR UPDATE TO %I '
	               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
	               current_user);
	EXECUTE format('CREATE POLICY tlv_events_owner_retention ON bestuur.tlv_events TO %I '
	               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
	               current_user);
	EXECUTE format('CREATE POLICY import_batches_owner_retention ON bestuur.import_batches TO %I '
	               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
	               current_user);
	-- the purge's own audit rows: no token, no role, its own method names
	EXECUTE format('CREATE POLICY audit_owner_retention ON platform.audit_log FOR INSERT TO %I '
	               'WITH CHECK (token_id IS NULL AND role IS NULL AND method LIKE ''/passendd.Retention/%%'')',
	               current_user);
END
$$;

-- The TLV's support: open while in process (INGEDIEND, ADVIES_UITGEBRACHT,
-- BEZWAAR) or AFGEGEVEN and not yet past its einddatum; else ended on its
-- latest date: the besluit, a bezwaar, the einddatum of an expired TLV, for
-- a BEEINDIGD one the earlier of its einddatum and the herbeoordeling (the
-- time of its event). A VERLENGD TLV ended at its decision; its follow-up
-- is a TLV of its own.
CREATE VIEW bestuur.tlv_support AS
	SELECT t.swv_id, t.leerling_id,
	       t.state IN (1, 2, 5) OR (t.state = 3 AND t.einddatum >= current_date) AS open,
	       greatest(t.aanvraagdatum, t.besluitdatum, t.bezwaar_datum,
	                CASE t.state WHEN 3 THEN t.einddatum
	                             WHEN 6 THEN least(t.einddatum,
	                                               (SELECT max(e.at)::date FROM bestuur.tlv_events e
	                                                WHERE e.swv_id = t.swv_id AND e.tlv_id = t.id
	                                                  AND e.step = 'herbeoordeling')) END) AS ended
	FROM bestuur.tlvs t
	WHERE t.leerling_id IS NOT NULL;
COMMENT ON VIEW bestuur.tlv_support IS 'retention: a pupil''s TLVs as support records (platform.retention_tables)';
REVOKE ALL ON bestuur.tlv_support FROM PUBLIC;

-- Purge functions (platform.retention_tables): run as the owner by
-- platform.retention_purge for one tenant.
CREATE FUNCTION bestuur.tlv_events_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH u AS (
		UPDATE bestuur.tlv_events e SET detail = ''
		FROM bestuur.tlvs t
		WHERE e.swv_id = p_swv AND t.swv_id = e.swv_id AND t.id = e.tlv_id
		  AND t.leerling_id = ANY (p_leerlingen) AND e.detail <> ''
		RETURNING e.tlv_id)
	SELECT '{}'::uuid[] FROM (SELECT count(*) FROM u) n
$$;
CREATE FUNCTION bestuur.tlvs_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH u AS (
		UPDATE bestuur.tlvs t SET leerling_id = NULL, purged_at = now(), anon_geboortejaar = l.geboortejaar,
		       anon_geslacht = l.geslacht,
		       tlv_nummer = CASE WHEN t.tlv_nummer IS NOT NULL THEN 'verwijderd-' || t.id END,
		       advies = '', experts = '[]', bezwaar_reden = NULL, request_id = NULL, toestemming_datum = NULL
		FROM werkgebied.leerlingen l
		WHERE t.swv_id = p_swv AND t.leerling_id = ANY (p_leerlingen) AND l.swv_id = t.swv_id
		  AND l.id = t.leerling_id
		RETURNING t.id)
	SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM u
$$;
CREATE FUNCTION werkgebied.leerlingen_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH d AS (DELETE FROM werkgebied.leerlingen l WHERE l.swv_id = p_swv AND l.id = ANY (p_leerlingen)
	           RETURNING l.id)
	SELECT '{}'::uuid[] FROM (SELECT count(*) FROM d) n
$$;
REVOKE ALL ON FUNCTION bestuur.tlv_events_purge(uuid, uuid[]), bestuur.tlvs_purge(uuid, uuid[]),
	werkgebied.leerlingen_purge(uuid, uuid[]) FROM PUBLIC;

INSERT INTO platform.retention_tables (relation, support_view, purge_function, purge_order, kept) VALUES
	('bestuur.tlv_events', NULL, 'bestuur.tlv_events_purge', 100,
	 'each step with its time and actor; the detail text is emptied'),
	('bestuur.tlvs', 'bestuur.tlv_support', 'bestuur.tlvs_purge', 200,
	 'what the TLV report counts (dates, state, herkomst, schools, soort, birth year and sex); the pupil link, '
	 'the TLV number, advies, experts, bezwaar reason, consent date and request id go'),
	('werkgebied.leerlingen', NULL, 'werkgebied.leerlingen_purge', 10000, 'nothing: the pupil is deleted');
