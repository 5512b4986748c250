-- 0017_retention_werkgebied: the pupil-level tables of the werkgebied area
-- (0014_werkgebied_basis, 0015_arrangementen, 0016_mdo_thuiszitters) join
-- retention (docs/decisions.md D37, platform.retention_tables of
-- 0013_db_trust.sql) the way every pupil-level table does in its own
-- migration: the owner's policies for its tenant, how its rows say when
-- support ended (a view, or none), a purge function and a row in
-- platform.retention_tables.
-- * arrangementen: an individueel arrangement is support while it is
--   requested, granted, running or evaluated and its einddatum has not
--   passed, else it ended at its last step (or its einddatum). Purged, it
--   stays what the arrangement report counts (werkgebied, type, category,
--   verlenging, versterkt, status, dates): the pupil, its consent and the
--   free text go; its events keep their steps without their toelichting.
-- * mdos: an MDO is support on its date, or through the weeks of a
--   tijdelijke plaatsing. Purged, it stays what the MDO report counts (level,
--   date, outcome, placement, the child's part, werkgebied, school) with the
--   birth year kept on the row (anon_geboortejaar, read by
--   werkgebied.mdo_report); the pupil and its consent go.
-- * ondersteuningsvragen: a request is support that ended the day it was
--   made; deleted with its pupil (no report counts requests).
-- * toestemmingen: consent is no support; deleted with its pupil, after
--   every row that referred to it.
-- A de-identified row is read by no server role (restrictive policies, as
-- for TLVs in 0013): only the owner's report functions count it.

-- ---- de-identified rows --------------------------------------------------------------
ALTER TABLE werkgebied.arrangementen
	ADD COLUMN purged_at timestamptz,
	DROP CONSTRAINT arrangementen_pupil,
	ADD CONSTRAINT arrangementen_pupil CHECK (CASE WHEN purged_at IS NULL
		THEN (rubriek = 'individueel') = (leerling_id IS NOT NULL) AND (leerling_id IS NULL OR toestemming_id IS NOT NULL)
		ELSE leerling_id IS NULL AND toestemming_id IS NULL END),
	DROP CONSTRAINT arrangementen_verlenging,
	ADD CONSTRAINT arrangementen_verlenging CHECK (voorganger_id IS NULL OR length(reflectie) > 0
	                                               OR purged_at IS NOT NULL);
ALTER TABLE werkgebied.mdos
	ADD COLUMN purged_at timestamptz,
	ADD COLUMN anon_geboortejaar smallint,
	ALTER COLUMN leerling_id DROP NOT NULL,
	ALTER COLUMN toestemming_id DROP NOT NULL,
	ADD CONSTRAINT mdos_leerling_or_purged CHECK (CASE WHEN purged_at IS NULL
		THEN leerling_id IS NOT NULL AND toestemming_id IS NOT NULL
		ELSE leerling_id IS NULL AND toestemming_id IS NULL END);
CREATE POLICY arrangementen_not_purged ON werkgebied.arrangementen AS RESTRICTIVE FOR SELECT
	TO passend_bestuur, passend_werkgebied, passend_school USING (purged_at IS NULL);
CREATE POLICY arrangement_events_not_purged ON werkgebied.arrangement_events AS RESTRICTIVE FOR SELECT
	TO passend_bestuur, passend_werkgebied, passend_school
	USING (EXISTS (SELECT 1 FROM werkgebied.arrangementen a
	               WHERE a.swv_id = arrangement_events.swv_id AND a.id = arrangement_events.arrangement_id));
CREATE POLICY mdos_not_purged ON werkgebied.mdos AS RESTRICTIVE FOR SELECT
	TO passend_bestuur, passend_werkgebied, passend_school USING (purged_at IS NULL);

-- ---- the owner's policies for the purge (the current tenant only) ------------------------
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['toestemmingen', 'ondersteuningsvragen', 'arrangement_events'] LOOP
		EXECUTE format('CREATE POLICY %I ON werkgebied.%I TO %I '
		               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
		               t || '_owner_retention', t, current_user);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['arrangementen', 'mdos'] LOOP -- they have the owner's read policy (reports)
		EXECUTE format('CREATE POLICY %I ON werkgebied.%I FOR UPDATE TO %I '
		               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
		               t || '_owner_retention', t, current_user);
	END LOOP;
END
$$;

-- ---- when support ended ----------------------------------------------------------------------
CREATE VIEW werkgebied.arrangement_support AS
	SELECT a.swv_id, a.leerling_id,
	       a.status IN ('aangevraagd', 'toegekend', 'lopend', 'geevalueerd') AND a.einddatum >= current_date AS open,
	       CASE WHEN a.status IN ('aangevraagd', 'toegekend', 'lopend', 'geevalueerd') THEN a.einddatum
	            ELSE greatest(a.startdatum, (SELECT max(e.datum) FROM werkgebied.arrangement_events e
	                                         WHERE e.swv_id = a.swv_id AND e.arrangement_id = a.id)) END AS ended
	FROM werkgebied.arrangementen a
	WHERE a.leerling_id IS NOT NULL;
CREATE VIEW werkgebied.mdo_support AS
	SELECT m.swv_id, m.leerling_id,
	       m.datum + 7 * coalesce(m.plaatsing_weken, 0) >= current_date AS open,
	       m.datum + 7 * coalesce(m.plaatsing_weken, 0) AS ended
	FROM werkgebied.mdos m
	WHERE m.leerling_id IS NOT NULL;
CREATE VIEW werkgebied.ondersteuningsvraag_support AS
	SELECT v.swv_id, v.leerling_id, false AS open, v.ingediend_op AS ended
	FROM werkgebied.ondersteuningsvragen v;
REVOKE ALL ON werkgebied.arrangement_support, werkgebied.mdo_support, werkgebied.ondersteuningsvraag_support
	FROM PUBLIC;

-- ---- purge functions (run as the owner by platform.retention_purge) -------------------------
CREATE FUNCTION werkgebied.arrangement_events_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH u AS (
		UPDATE werkgebied.arrangement_events e SET toelichting = ''
		FROM werkgebied.arrangementen a
		WHERE e.swv_id = p_swv AND a.swv_id = e.swv_id AND a.id = e.arrangement_id
		  AND a.leerling_id = ANY (p_leerlingen) AND e.toelichting <> ''
		RETURNING e.seq)
	SELECT '{}'::uuid[] FROM (SELECT count(*) FROM u) n
$$;
CREATE FUNCTION werkgebied.arrangementen_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH u AS (
		UPDATE werkgebied.arrangementen a SET leerling_id = NULL, toestemming_id = NULL, omschrijving = '',
		       reflectie = NULL, purged_at = now()
		WHERE a.swv_id = p_swv AND a.leerling_id = ANY (p_leerlingen)
		RETURNING a.id)
	SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM u
$$;
CREATE FUNCTION werkgebied.mdos_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH u AS (
		UPDATE werkgebied.mdos m SET leerling_id = NULL, toestemming_id = NULL, anon_geboortejaar = l.geboortejaar,
		       purged_at = now()
		FROM werkgebied.leerlingen l
		WHERE m.swv_id = p_swv AND m.leerling_id = ANY (p_leerlingen) AND l.swv_id = m.swv_id
		  AND l.id = m.leerling_id
		RETURNING m.id)
	SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM u
$$;
CREATE FUNCTION werkgebied.ondersteuningsvragen_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH d AS (DELETE FROM werkgebied.ondersteuningsvragen v
	           WHERE v.swv_id = p_swv AND v.leerling_id = ANY (p_leerlingen) RETURNING v.id)
	SELECT coalesce(array_agg(d.id ORDER BY d.id), '{}') FROM d
$$;
CREATE FUNCTION werkgebied.toestemmingen_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH d AS (DELETE FROM werkgebied.toestemmingen c
	           WHERE c.swv_id = p_swv AND c.leerling_id = ANY (p_leerlingen) RETURNING c.id)
	SELECT coalesce(array_agg(d.id ORDER BY d.id), '{}') FROM d
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_events_purge(uuid, uuid[]), werkgebied.arrangementen_purge(uuid, uuid[]),
	werkgebied.mdos_purge(uuid, uuid[]), werkgebied.ondersteuningsvragen_purge(uuid, uuid[]),
	werkgebied.toestemmingen_purge(uuid, uuid[]) FROM PUBLIC;

INSERT INTO platform.retention_tables (relation, support_view, purge_function, purge_order, kept) VALUES
	('werkgebied.arrangement_events', NULL, 'werkgebied.arrangement_events_purge', 250,
	 'each step with its states, date, time and actor; the toelichting is emptied'),
	('werkgebied.arrangementen', 'werkgebied.arrangement_support', 'werkgebied.arrangementen_purge', 260,
	 'what the arrangement report counts (werkgebied, school, type, category, hours, amount, dates, status, '
	 'verlenging, versterkt); the pupil, its consent, the omschrijving and the reflectie go'),
	('werkgebied.mdos', 'werkgebied.mdo_support', 'werkgebied.mdos_purge', 270,
	 'what the MDO report counts (level, date, participants, the child''s part, outcome, placement, school, '
	 'werkgebied) with the birth year; the pupil and its consent go'),
	('werkgebied.ondersteuningsvragen', 'werkgebied.ondersteuningsvraag_support',
	 'werkgebied.ondersteuningsvragen_purge', 300, 'nothing: the requests are deleted'),
	('werkgebied.toestemmingen', NULL, 'werkgebied.toestemmingen_purge', 400, 'nothing: the consents are deleted');
