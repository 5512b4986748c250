-- 0018_thuiszitters: thuiszitters of the werkgebied area (issue 8 point 6,
-- DOMAIN.md §5.3, docs/decisions.md D39): the municipal counts per peildatum,
-- category and gemeente (a total without a gemeente split has none), the
-- municipal verloop per period for the consistency rule (actueel = begin +
-- nieuw - verhuisd - achttien - opgelost), and the cases a consulent works
-- on (pupil-level, following their pupil as D31; retention as D37). The
-- state rule of a case is the repeatable werkgebied.thuiszitter_step
-- (sql/functions/werkgebied_thuiszitter.sql), the report
-- werkgebied.thuiszitter_report (sql/functions/werkgebied_thuiszitter_report.sql).

-- ---- municipal counts ------------------------------------------------------------------
-- gemeente_id NULL: a total without a gemeente split (the inspectie export
-- leaves the gemeente empty). One count per (peildatum, categorie, gemeente).
CREATE TABLE werkgebied.thuiszitter_tellingen (
	swv_id      uuid NOT NULL REFERENCES platform.tenants (id),
	id          uuid NOT NULL,
	peildatum   date NOT NULL,
	categorie   platform.lijst_code NOT NULL,
	gemeente_id uuid,
	aantal      integer NOT NULL CHECK (aantal BETWEEN 0 AND 1000000),
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT thuiszitter_tellingen_gemeente_fkey FOREIGN KEY (swv_id, gemeente_id)
		REFERENCES bestuur.gemeenten (swv_id, id)
);
CREATE UNIQUE INDEX thuiszitter_tellingen_key ON werkgebied.thuiszitter_tellingen
	(swv_id, peildatum, categorie, coalesce(gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid));
COMMENT ON TABLE werkgebied.thuiszitter_tellingen IS
	'municipal thuiszitter counts per peildatum, category and gemeente (NULL: a total without a split)';
CREATE TRIGGER thuiszitter_tellingen_categorie BEFORE INSERT OR UPDATE ON werkgebied.thuiszitter_tellingen
	FOR EACH ROW EXECUTE FUNCTION werkgebied.lijst_waarde_check('thuiszitter_categorie', 'categorie');

-- ---- municipal verloop per period --------------------------------------------------------
-- What a gemeente (NULL: without a split) reports for the period van..tot:
-- thuiszitters at its start, new ones, moved away, turned 18, resolved,
-- and at its end. Stored as reported: the report checks the rule.
CREATE TABLE werkgebied.thuiszitter_verloop (
	swv_id      uuid NOT NULL REFERENCES platform.tenants (id),
	id          uuid NOT NULL,
	van         date NOT NULL,
	tot         date NOT NULL,
	gemeente_id uuid,
	begin       integer NOT NULL CHECK (begin BETWEEN 0 AND 1000000),
	nieuw       integer NOT NULL CHECK (nieuw BETWEEN 0 AND 1000000),
	verhuisd    integer NOT NULL CHECK (verhuisd BETWEEN 0 AND 1000000),
	achttien    integer NOT NULL CHECK (achttien BETWEEN 0 AND 1000000),
	opgelost    integer NOT NULL CHECK (opgelost BETWEEN 0 AND 1000000),
	actueel     integer NOT NULL CHECK (actueel BETWEEN 0 AND 1000000),
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT thuiszitter_verloop_periode CHECK (tot >= van),
	CONSTRAINT thuiszitter_verloop_gemeente_fkey FOREIGN KEY (swv_id, gemeente_id)
		REFERENCES bestuur.gemeenten (swv_id, id)
);
CREATE UNIQUE INDEX thuiszitter_verloop_key ON werkgebied.thuiszitter_verloop
	(swv_id, van, tot, coalesce(gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid));
COMMENT ON TABLE werkgebied.thuiszitter_verloop IS
	'municipal thuiszitter verloop per period as reported (begin, nieuw, verhuisd, achttien, opgelost, actueel)';

-- ---- cases -------------------------------------------------------------------------------
-- A (threatened) thuiszitter a consulent works on. school_id, werkgebied_id:
-- the pupil's when the case was recorded (the report counts a case where it
-- was recorded; visibility follows the pupil now, D31). status: dreigend
-- (at risk, still going to school) -> thuiszittend (since thuiszittend_sinds)
-- -> afgesloten (einddatum, uitkomst); the server moves it only through
-- werkgebied.thuiszitter_step (and the import), the CHECKs below keep every
-- writer's row consistent.
-- uitkomst: geplaatst (back in or placed at a school: resolved), vrijstelling
-- and overig (resolved otherwise), verhuisd (moved away), achttien (turned 18).
CREATE TABLE werkgebied.thuiszitter_casussen (
	swv_id                  uuid NOT NULL REFERENCES platform.tenants (id),
	id                      uuid NOT NULL,
	leerling_id             uuid,
	school_id               uuid NOT NULL,
	werkgebied_id           uuid,
	startdatum              date NOT NULL,
	status                  text NOT NULL DEFAULT 'dreigend'
	                             CHECK (status IN ('dreigend', 'thuiszittend', 'afgesloten')),
	thuiszittend_sinds      date,
	scenarios               text[] NOT NULL DEFAULT '{}'
	                             CHECK (cardinality(scenarios) <= 20 AND array_position(scenarios, NULL) IS NULL),
	interim_leerarrangement text NOT NULL DEFAULT '' CHECK (length(interim_leerarrangement) <= 2000),
	einddatum               date,
	uitkomst                text CHECK (uitkomst IN ('geplaatst', 'vrijstelling', 'verhuisd', 'achttien', 'overig')),
	recorded_by             text NOT NULL DEFAULT coalesce(NULLIF(current_setting('passend.role', true), ''), 'sql'),
	token_id                uuid DEFAULT platform.current_token(),
	created_at              timestamptz NOT NULL DEFAULT now(),
	purged_at               timestamptz,
	PRIMARY KEY (swv_id, id),
	CONSTRAINT thuiszitter_casussen_afgesloten CHECK ((status = 'afgesloten') = (einddatum IS NOT NULL)
	                                                  AND (einddatum IS NULL) = (uitkomst IS NULL)),
	CONSTRAINT thuiszitter_casussen_einddatum CHECK (einddatum >= startdatum),
	CONSTRAINT thuiszitter_casussen_thuiszittend CHECK ((status <> 'thuiszittend' OR thuiszittend_sinds IS NOT NULL)
	                                                    AND thuiszittend_sinds >= startdatum
	                                                    AND thuiszittend_sinds <= coalesce(einddatum, 'infinity')),
	CONSTRAINT thuiszitter_casussen_leerling_or_purged CHECK ((purged_at IS NULL) = (leerling_id IS NOT NULL)),
	CONSTRAINT thuiszitter_casussen_leerling_id_fkey FOREIGN KEY (swv_id, leerling_id)
		REFERENCES werkgebied.leerlingen (swv_id, id),
	CONSTRAINT thuiszitter_casussen_school_id_fkey FOREIGN KEY (swv_id, school_id)
		REFERENCES bestuur.scholen (swv_id, id),
	CONSTRAINT thuiszitter_casussen_werkgebied_id_fkey FOREIGN KEY (swv_id, werkgebied_id)
		REFERENCES werkgebied.werkgebieden (swv_id, id)
);
-- one case per pupil and startdatum: the natural key of the import
CREATE UNIQUE INDEX thuiszitter_casussen_key ON werkgebied.thuiszitter_casussen (swv_id, leerling_id, startdatum);
CREATE INDEX thuiszitter_casussen_datum_idx ON werkgebied.thuiszitter_casussen (swv_id, startdatum);
COMMENT ON TABLE werkgebied.thuiszitter_casussen IS
	'(threatened) thuiszitter cases per pupil: start, scenarios, interim arrangement, status, end, outcome';
CREATE TRIGGER thuiszitter_casussen_scenarios BEFORE INSERT OR UPDATE ON werkgebied.thuiszitter_casussen
	FOR EACH ROW EXECUTE FUNCTION werkgebied.lijst_waarde_check('thuiszitter_scenario', 'scenarios');

-- ---- row level security and grants ------------------------------------------------------
ALTER TABLE werkgebied.thuiszitter_tellingen ENABLE ROW LEVEL SECURITY;
ALTER TABLE werkgebied.thuiszitter_tellingen FORCE ROW LEVEL SECURITY;
ALTER TABLE werkgebied.thuiszitter_verloop ENABLE ROW LEVEL SECURITY;
ALTER TABLE werkgebied.thuiszitter_verloop FORCE ROW LEVEL SECURITY;
ALTER TABLE werkgebied.thuiszitter_casussen ENABLE ROW LEVEL SECURITY;
ALTER TABLE werkgebied.thuiszitter_casussen FORCE ROW LEVEL SECURITY;

-- The municipal figures: the SWV's staff (bestuur) enter and read them; the
-- other roles see them only through the report (small cells suppressed).
CREATE POLICY thuiszitter_tellingen_bestuur ON werkgebied.thuiszitter_tellingen TO passend_bestuur
	USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv());
CREATE POLICY thuiszitter_verloop_bestuur ON werkgebied.thuiszitter_verloop TO passend_bestuur
	USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv());
GRANT SELECT, INSERT ON werkgebied.thuiszitter_tellingen, werkgebied.thuiszitter_verloop TO passend_bestuur;
GRANT UPDATE (aantal, updated_at) ON werkgebied.thuiszitter_tellingen TO passend_bestuur;
GRANT UPDATE (begin, nieuw, verhuisd, achttien, opgelost, actueel, updated_at)
	ON werkgebied.thuiszitter_verloop TO passend_bestuur;

-- Cases are pupil-level: bestuur its tenant, werkgebied and school exactly
-- when they see the pupil (D31); bestuur and werkgebied write, a school
-- reads its pupils' cases; toezicht has no privilege. De-identified rows
-- (retention) are read by no server role.
CREATE POLICY thuiszitter_casussen_bestuur ON werkgebied.thuiszitter_casussen TO passend_bestuur
	USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv());
CREATE POLICY thuiszitter_casussen_pupil_scope ON werkgebied.thuiszitter_casussen
	TO passend_werkgebied, passend_school
	USING (swv_id = platform.current_swv() AND EXISTS (SELECT 1 FROM werkgebied.leerlingen l
	       WHERE l.swv_id = thuiszitter_casussen.swv_id AND l.id = thuiszitter_casussen.leerling_id))
	WITH CHECK (swv_id = platform.current_swv() AND EXISTS (SELECT 1 FROM werkgebied.leerlingen l
	            WHERE l.swv_id = thuiszitter_casussen.swv_id AND l.id = thuiszitter_casussen.leerling_id));
CREATE POLICY thuiszitter_casussen_not_purged ON werkgebied.thuiszitter_casussen AS RESTRICTIVE FOR SELECT
	TO passend_bestuur, passend_werkgebied, passend_school USING (purged_at IS NULL);
GRANT SELECT ON werkgebied.thuiszitter_casussen TO passend_bestuur, passend_werkgebied, passend_school;
GRANT INSERT ON werkgebied.thuiszitter_casussen TO passend_bestuur, passend_werkgebied;
GRANT UPDATE (status, thuiszittend_sinds, einddatum, uitkomst, scenarios, interim_leerarrangement)
	ON werkgebied.thuiszitter_casussen TO passend_bestuur, passend_werkgebied;

-- The report (a SECURITY DEFINER function, so that toezicht gets aggregates
-- without any privilege on the rows) and the purge run as the owner, whom
-- FORCE RLS binds too: the current tenant only.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['thuiszitter_tellingen', 'thuiszitter_verloop'] LOOP
		EXECUTE format('CREATE POLICY %I ON werkgebied.%I FOR SELECT TO %I USING (swv_id = platform.current_swv())',
		               t || '_owner_reports', t, current_user);
	END LOOP;
	EXECUTE format('CREATE POLICY thuiszitter_casussen_owner ON werkgebied.thuiszitter_casussen TO %I '
	               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
	               current_user);
END
$$;

-- ---- retention (D37) --------------------------------------------------------------------------
-- A case is support while it is open, else it ended on its einddatum.
-- Purged, it stays what the report counts (werkgebied, school, dates,
-- status, uitkomst): the pupil, the scenarios and the interim text go.
CREATE VIEW werkgebied.thuiszitter_support AS
	SELECT c.swv_id, c.leerling_id, c.status <> 'afgesloten' AS open, c.einddatum AS ended
	FROM werkgebied.thuiszitter_casussen c
	WHERE c.leerling_id IS NOT NULL;
REVOKE ALL ON werkgebied.thuiszitter_support FROM PUBLIC;
CREATE FUNCTION werkgebied.thuiszitter_casussen_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH u AS (
		UPDATE werkgebied.thuiszitter_casussen c SET leerling_id = NULL, scenarios = '{}',
		       interim_leerarrangement = '', purged_at = now()
		WHERE c.swv_id = p_swv AND c.leerling_id = ANY (p_leerlingen)
		RETURNING c.id)
	SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM u
$$;
REVOKE ALL ON FUNCTION werkgebied.thuiszitter_casussen_purge(uuid, uuid[]) FROM PUBLIC;
INSERT INTO platform.retention_tables (relation, support_view, purge_function, purge_order, kept) VALUES
	('werkgebied.thuiszitter_casussen', 'werkgebied.thuiszitter_support', 'werkgebied.thuiszitter_casussen_purge',
	 280, 'what the thuiszitter report counts (werkgebied, school, dates, status, uitkomst); the pupil, the '
	 'scenarios and the interim leerarrangement go');
