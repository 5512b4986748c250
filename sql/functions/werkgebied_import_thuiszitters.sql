-- werkgebied_import_thuiszitters: the import kinds thuiszitter_tellingen
-- (municipal counts) and thuiszitter_casussen (cases of (threatened)
-- thuiszitters), docs/import.md, D39 and D41. Each is a finish function
-- called by bestuur.import_finish with write false (the set-based errors)
-- and then true (the upsert).

-- thuiszitter_tellingen. Fields: 1 peildatum, 2 categorie, 3 gemeente (NULL:
-- a total without a gemeente split), 4 aantal. Natural key: peildatum,
-- categorie, gemeente; a row with another aantal updates the count.
CREATE OR REPLACE FUNCTION werkgebied.import_thuiszitter_tellingen(b bestuur.import_batches, p_write boolean,
                                                                   OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_duplicate_errors(b, ARRAY[1, 2, 3], 'peildatum', 'peildatum, categorie and gemeente');
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'categorie',
		       format('%s is not an active value of the thuiszitter_categorie list', ir.fields[2])
		FROM bestuur.import_rows ir
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		  AND NOT werkgebied.lijst_waarde_active(b.swv_id, 'thuiszitter_categorie', ir.fields[2]);
		PERFORM bestuur.import_unknown_errors(b, ARRAY[3], 'gemeente', 'unknown gemeente %s',
		                                      bestuur.import_known('gemeenten'));
		RETURN;
	END IF;
	-- one INSERT ... ON CONFLICT on the natural-key index; identical rows are
	-- skipped by the DO UPDATE's WHERE and so not counted
	WITH src AS (
		SELECT s.f[1]::date AS peildatum, s.f[2] AS categorie, g.id AS gemeente_id, s.f[4]::integer AS aantal
		FROM (SELECT ir.fields AS f FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) s
		LEFT JOIN LATERAL (SELECT bestuur.import_gemeente(s.f[3], s.f[1]::date) AS id) g ON s.f[3] IS NOT NULL),
	ups AS (
		INSERT INTO werkgebied.thuiszitter_tellingen AS t (swv_id, id, peildatum, categorie, gemeente_id, aantal)
		SELECT b.swv_id, gen_random_uuid(), peildatum, categorie, gemeente_id, aantal FROM src
		ON CONFLICT (swv_id, peildatum, categorie, coalesce(gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid))
		DO UPDATE SET aantal = excluded.aantal, updated_at = now()
		WHERE t.aantal IS DISTINCT FROM excluded.aantal
		RETURNING (t.xmax = 0) AS inserted)
	SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) INTO n_inserted, n_updated FROM ups;
END
$$;

-- thuiszitter_casussen. Fields: 1-6 the pupil (werkgebied_import_leerlingen),
-- 7 startdatum, 8 thuiszittend_sinds, 9 scenarios (;-separated codes),
-- 10 interim_leerarrangement, 11 einddatum, 12 uitkomst. Natural key: the
-- pupil + startdatum. The status follows from the dates: afgesloten with an
-- einddatum, else thuiszittend with thuiszittend_sinds, else dreigend; a row
-- matching a case with other values updates it (the file is the record of
-- what happened; the table's checks keep it consistent). A new case takes
-- its pupil's school and werkgebied.
CREATE OR REPLACE FUNCTION werkgebied.import_thuiszitter_casussen(b bestuur.import_batches, p_write boolean,
                                                                  OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
DECLARE
	pupils uuid[];
	ids uuid[];
	lls uuid[];
	ins boolean[];
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_duplicate_errors(b, ARRAY[1, 2, 7], 'startdatum', 'pupil and startdatum');
		PERFORM werkgebied.import_pupil_errors(b);
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'scenarios',
		       format('%s is not an active value of the thuiszitter_scenario list', trim(sc))
		FROM bestuur.import_rows ir, unnest(string_to_array(ir.fields[9], ';')) sc
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND trim(sc) <> ''
		  AND NOT werkgebied.lijst_waarde_active(b.swv_id, 'thuiszitter_scenario', trim(sc));
		RETURN;
	END IF;
	pupils := werkgebied.import_pupils_insert(b);
	WITH src AS MATERIALIZED (
		SELECT l.id AS leerling_id, l.school_id, l.werkgebied_id, ir.fields[7]::date AS startdatum,
		       ir.fields[8]::date AS sinds,
		       ARRAY(SELECT trim(x) FROM unnest(coalesce(string_to_array(ir.fields[9], ';'), '{}')) x
		             WHERE trim(x) <> '') AS scenarios,
		       coalesce(ir.fields[10], '') AS interim, ir.fields[11]::date AS einddatum, ir.fields[12] AS uitkomst
		FROM bestuur.import_rows ir
		JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1]
		     AND l.external_id = ir.fields[2]
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		ORDER BY ir.line),
	ups AS (
		INSERT INTO werkgebied.thuiszitter_casussen AS c (swv_id, id, leerling_id, school_id, werkgebied_id,
		                                                  startdatum, status, thuiszittend_sinds, scenarios,
		                                                  interim_leerarrangement, einddatum, uitkomst)
		SELECT b.swv_id, gen_random_uuid(), s.leerling_id, s.school_id, s.werkgebied_id, s.startdatum,
		       CASE WHEN s.einddatum IS NOT NULL THEN 'afgesloten' WHEN s.sinds IS NOT NULL THEN 'thuiszittend'
		            ELSE 'dreigend' END,
		       s.sinds, s.scenarios, s.interim, s.einddatum, s.uitkomst
		FROM src s
		ON CONFLICT (swv_id, leerling_id, startdatum)
		DO UPDATE SET status = excluded.status, thuiszittend_sinds = excluded.thuiszittend_sinds,
		              scenarios = excluded.scenarios, interim_leerarrangement = excluded.interim_leerarrangement,
		              einddatum = excluded.einddatum, uitkomst = excluded.uitkomst
		WHERE (c.status, c.thuiszittend_sinds, c.scenarios, c.interim_leerarrangement, c.einddatum, c.uitkomst)
		      IS DISTINCT FROM (excluded.status, excluded.thuiszittend_sinds, excluded.scenarios,
		                        excluded.interim_leerarrangement, excluded.einddatum, excluded.uitkomst)
		RETURNING c.id, c.leerling_id, (c.xmax = 0) AS inserted)
	SELECT coalesce(array_agg(id), '{}'), coalesce(array_agg(leerling_id), '{}'), coalesce(array_agg(inserted), '{}')
	INTO ids, lls, ins FROM ups;
	SELECT count(*) FILTER (WHERE x), count(*) FILTER (WHERE NOT x) INTO n_inserted, n_updated FROM unnest(ins) x;
	-- the audit row names the import and every case and pupil it wrote
	PERFORM bestuur.import_audit(b, (ids || lls || pupils)::text[]);
END
$$;
REVOKE ALL ON FUNCTION werkgebied.import_thuiszitter_tellingen(bestuur.import_batches, boolean),
	werkgebied.import_thuiszitter_casussen(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.import_thuiszitter_tellingen(bestuur.import_batches, boolean),
	werkgebied.import_thuiszitter_casussen(bestuur.import_batches, boolean) TO passend_bestuur;
