-- werkgebied_import_mdos: the import kind mdos (historical MDOs,
-- docs/import.md), D41. Fields: 1-6 the pupil (werkgebied_import_leerlingen),
-- 7 datum, 8 niveau, 9 deelnemers (;-separated), 10 kind_deelgenomen (t/f),
-- 11 uitkomst, 12 plaatsing, 13 plaatsing_weken, 14 toestemming_datum,
-- 15 gezag. Natural key: the pupil + datum (one MDO per pupil a day, D34).
-- An MDO is recorded once: a row matching one with other values is refused
-- (MDOs are not changed after the fact, as through the API).

CREATE OR REPLACE FUNCTION werkgebied.import_mdos(b bestuur.import_batches, p_write boolean,
                                                  OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
DECLARE
	pupils uuid[];
	ids uuid[];
	lls uuid[];
	-- the lines whose MDO is stored already (the pupil's MDO on datum)
	recorded CONSTANT integer[] := ARRAY(
		SELECT ir.line FROM bestuur.import_rows ir
		JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1]
		     AND l.external_id = ir.fields[2]
		JOIN werkgebied.mdos m ON m.swv_id = b.swv_id AND m.leerling_id = l.id AND m.datum = ir.fields[7]::date
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id);
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_duplicate_errors(b, ARRAY[1, 2, 7], 'datum', 'pupil and datum');
		PERFORM werkgebied.import_pupil_errors(b);
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'niveau', format('%s is not an active value of the mdo_niveau list', ir.fields[8])
		FROM bestuur.import_rows ir
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		  AND NOT werkgebied.lijst_waarde_active(b.swv_id, 'mdo_niveau', ir.fields[8]);
		-- a known pupil's MDO on that date: the same values or an error
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'datum',
		       format('the pupil has an MDO on %s with other values (MDOs are not changed by an import)', ir.fields[7])
		FROM bestuur.import_rows ir
		JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1]
		     AND l.external_id = ir.fields[2]
		JOIN werkgebied.mdos m ON m.swv_id = b.swv_id AND m.leerling_id = l.id AND m.datum = ir.fields[7]::date
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		  AND (m.niveau::text, m.deelnemers, m.kind_deelgenomen, m.uitkomst, m.plaatsing, m.plaatsing_weken)
		      IS DISTINCT FROM (ir.fields[8], string_to_array(ir.fields[9], ';'), ir.fields[10]::boolean,
		                        ir.fields[11], ir.fields[12], ir.fields[13]::smallint);
		-- consent: one covering the date, or toestemming_datum to record it
		PERFORM werkgebied.import_consent_errors(b, 'mdo', 7, 14, recorded);
		RETURN;
	END IF;
	pupils := werkgebied.import_pupils_insert(b);
	PERFORM werkgebied.import_consents_record(b, 'mdo', 7, 14, 15, recorded);
	WITH src AS MATERIALIZED (
		SELECT ir.line, ir.fields AS f, l.id AS leerling_id, l.school_id, l.werkgebied_id
		FROM bestuur.import_rows ir
		JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1]
		     AND l.external_id = ir.fields[2]
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		  AND NOT EXISTS (SELECT 1 FROM werkgebied.mdos m WHERE m.swv_id = b.swv_id AND m.leerling_id = l.id
		                  AND m.datum = ir.fields[7]::date)
		ORDER BY ir.line),
	ins AS (
		INSERT INTO werkgebied.mdos (swv_id, id, leerling_id, school_id, werkgebied_id, niveau, datum, deelnemers,
		                             kind_deelgenomen, uitkomst, plaatsing, plaatsing_weken, toestemming_id)
		SELECT b.swv_id, gen_random_uuid(), s.leerling_id, s.school_id, s.werkgebied_id, s.f[8], s.f[7]::date,
		       string_to_array(s.f[9], ';'), s.f[10]::boolean, s.f[11], s.f[12], s.f[13]::smallint,
		       werkgebied.consent_for(s.leerling_id, 'mdo', s.f[7]::date)
		FROM src s
		RETURNING id, leerling_id)
	SELECT coalesce(array_agg(id), '{}'), coalesce(array_agg(leerling_id), '{}') INTO ids, lls FROM ins;
	n_inserted := cardinality(ids);
	n_updated := 0;
	-- the audit row names the import and every MDO and pupil it wrote
	PERFORM bestuur.import_audit(b, (ids || lls || pupils)::text[]);
END
$$;
REVOKE ALL ON FUNCTION werkgebied.import_mdos(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.import_mdos(bestuur.import_batches, boolean)
	TO passend_bestuur, passend_werkgebied;
