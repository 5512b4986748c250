-- 0021_arrangement_report: what the arrangement report per leerjaar and
-- gender (issue 8 point 8, docs/decisions.md D42) needs in the schema.
-- * An individueel arrangement whose pupil is purged (retention, D37) keeps
--   the pupil's birth year and sex (anon_geboortejaar, anon_geslacht), as an
--   MDO keeps its birth year, so the report counts it by leerjaar and gender
--   before and after the purge alike; werkgebied.arrangementen_purge fills
--   them.
-- * werkgebied.arrangement_report and werkgebied.arrangement_report_rows
--   (repeatable, sql/functions/werkgebied_arrangement_report.sql) return
--   other columns now: dropped here, created again by that file (D25).
ALTER TABLE werkgebied.arrangementen
	ADD COLUMN anon_geboortejaar smallint,
	ADD COLUMN anon_geslacht smallint CHECK (anon_geslacht BETWEEN 0 AND 3),
	ADD CONSTRAINT arrangementen_anon_purged CHECK (purged_at IS NOT NULL
	                                                OR (anon_geboortejaar IS NULL AND anon_geslacht IS NULL));

CREATE OR REPLACE FUNCTION werkgebied.arrangementen_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH u AS (
		UPDATE werkgebied.arrangementen a SET leerling_id = NULL, toestemming_id = NULL, omschrijving = '',
		       reflectie = NULL, anon_geboortejaar = l.geboortejaar, anon_geslacht = l.geslacht, purged_at = now()
		FROM werkgebied.leerlingen l
		WHERE a.swv_id = p_swv AND a.leerling_id = ANY (p_leerlingen) AND l.swv_id = a.swv_id
		  AND l.id = a.leerling_id
		RETURNING a.id)
	SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM u
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangementen_purge(uuid, uuid[]) FROM PUBLIC;

DROP FUNCTION IF EXISTS werkgebied.arrangement_report(text, integer);
DROP FUNCTION IF EXISTS werkgebied.arrangement_report_rows(date, date, uuid[]);
