-- werkgebied_import_arrangementen: the import kind arrangementen
-- (historical arrangements, docs/import.md), D41. Fields: 1-6 the pupil
-- (werkgebied_import_leerlingen; individueel only), 7 nummer, 8 type,
-- 9 werkgebied, 10 ondersteuningscategorie, 11 uren_per_week,
-- 12 bedrag (cents), 13 startdatum, 14 einddatum, 15 versterkt_leerkracht,
-- 16 status, 17 verlenging_van (a nummer), 18 reflectie, 19 omschrijving,
-- 20 toestemming_datum, 21 gezag. Natural key: nummer. An arrangement
-- moves only through its steps (D33): a row matching one with other values
-- is refused; a new one is inserted in the state the file gives, with one
-- event 'import'.

CREATE OR REPLACE FUNCTION werkgebied.import_arrangementen(b bestuur.import_batches, p_write boolean,
                                                           OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
DECLARE
	pupils uuid[];
	ids uuid[];
	lls uuid[];
	states text[];
	starts date[];
	nummers text[];
	-- the lines whose arrangement (nummer) is stored already
	recorded CONSTANT integer[] := ARRAY(
		SELECT ir.line FROM bestuur.import_rows ir
		JOIN werkgebied.arrangementen a ON a.swv_id = b.swv_id AND a.nummer = ir.fields[7]
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id);
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_repeat_errors(b, ARRAY[7], 'nummer', '%s');
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, d.line, 'verlenging_van', format('%s is extended on line %s too', d.f[17], d.first)
		FROM (SELECT ir.line, ir.fields AS f, min(ir.line) OVER (PARTITION BY ir.fields[17]) AS first
		      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		      AND ir.fields[17] IS NOT NULL) d
		WHERE d.line > d.first;
		PERFORM werkgebied.import_pupil_errors(b);
		-- the type and what its rubriek asks for
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, x.col, x.msg
		FROM bestuur.import_rows ir
		LEFT JOIN LATERAL (SELECT e.rubriek FROM werkgebied.effective_lijst('arrangement_type') e
		                   WHERE e.code = ir.fields[8] AND e.active) t ON true
		CROSS JOIN LATERAL (VALUES
			('type', CASE WHEN t.rubriek IS NULL
			         THEN format('%s is not an active value of the arrangement_type list', ir.fields[8]) END),
			('source_system', CASE WHEN t.rubriek = 'individueel' AND ir.fields[1] IS NULL
			                  THEN format('type %s is individueel: source_system and external_id name its pupil',
			                              ir.fields[8]) END),
			('source_system', CASE WHEN t.rubriek IN ('groep', 'innovatie') AND ir.fields[1] IS NOT NULL
			                  THEN format('type %s is %s: no pupil (leave source_system and external_id empty)',
			                              ir.fields[8], t.rubriek) END),
			('werkgebied', CASE WHEN t.rubriek IN ('groep', 'innovatie') AND ir.fields[9] IS NULL
			               THEN format('is required for type %s (%s)', ir.fields[8], t.rubriek) END),
			('werkgebied', CASE WHEN t.rubriek = 'individueel' AND ir.fields[9] IS NOT NULL
			               THEN 'is the pupil''s for an individueel arrangement (leave it empty)' END),
			('toestemming_datum', CASE WHEN t.rubriek IS DISTINCT FROM 'individueel' AND ir.fields[20] IS NOT NULL
			                      THEN 'is only for an individueel arrangement' END)) x (col, msg)
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND x.msg IS NOT NULL;
		PERFORM bestuur.import_unknown_errors(b, ARRAY[9], 'werkgebied', 'unknown werkgebied %s',
		                                      bestuur.import_known('werkgebieden'));
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'ondersteuningscategorie',
		       format('%s is not an active value of the ondersteuningscategorie list', ir.fields[10])
		FROM bestuur.import_rows ir
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND ir.fields[10] IS NOT NULL
		  AND NOT werkgebied.lijst_waarde_active(b.swv_id, 'ondersteuningscategorie', ir.fields[10]);
		-- the predecessor of a verlenging: in the file or the SWV, verlengd,
		-- and not extended by an arrangement outside the file
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'verlenging_van', x.msg
		FROM bestuur.import_rows ir
		LEFT JOIN bestuur.import_rows p ON p.swv_id = b.swv_id AND p.import_id = b.id AND p.fields[7] = ir.fields[17]
		LEFT JOIN werkgebied.arrangementen a ON a.swv_id = b.swv_id AND a.nummer = ir.fields[17]
		CROSS JOIN LATERAL (SELECT CASE
			WHEN p.line IS NULL AND a.id IS NULL
				THEN format('no arrangement %s in the file or the SWV', ir.fields[17])
			WHEN coalesce(p.fields[16], a.status) <> 'verlengd'
				THEN format('arrangement %s is %s: a verlenging needs it verlengd', ir.fields[17],
				            coalesce(p.fields[16], a.status))
			WHEN a.id IS NOT NULL AND EXISTS (SELECT 1 FROM werkgebied.arrangementen v WHERE v.swv_id = b.swv_id
			                                  AND v.voorganger_id = a.id
			                                  AND v.nummer IS DISTINCT FROM ir.fields[7])
				THEN format('arrangement %s already has a verlenging', ir.fields[17])
			END AS msg) x
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND ir.fields[17] IS NOT NULL AND x.msg IS NOT NULL;
		-- an arrangement already there: the same values or an error
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'nummer',
		       format('arrangement %s exists with other values (an arrangement changes through its steps)',
		              ir.fields[7])
		FROM bestuur.import_rows ir
		JOIN werkgebied.arrangementen a ON a.swv_id = b.swv_id AND a.nummer = ir.fields[7]
		LEFT JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.id = a.leerling_id
		LEFT JOIN werkgebied.werkgebieden w ON w.swv_id = b.swv_id AND w.id = a.werkgebied_id
		LEFT JOIN werkgebied.arrangementen v ON v.swv_id = b.swv_id AND v.id = a.voorganger_id
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		  AND (l.source_system, l.external_id, a.arrangement_type::text, CASE WHEN a.leerling_id IS NULL THEN w.name END,
		       a.ondersteuningscategorie::text, a.uren_per_week, a.bedrag_cents, a.startdatum, a.einddatum,
		       a.versterkt_leerkracht, a.status, v.nummer, a.reflectie, a.omschrijving)
		      IS DISTINCT FROM (ir.fields[1], ir.fields[2], ir.fields[8], ir.fields[9], ir.fields[10],
		                        ir.fields[11]::numeric, ir.fields[12]::bigint, ir.fields[13]::date,
		                        ir.fields[14]::date, ir.fields[15]::boolean, ir.fields[16], ir.fields[17],
		                        ir.fields[18], ir.fields[19]);
		-- consent of an individueel arrangement on its startdatum, or toestemming_datum to record it
		PERFORM werkgebied.import_consent_errors(b, 'arrangement', 13, 20, recorded);
		RETURN;
	END IF;
	pupils := werkgebied.import_pupils_insert(b);
	PERFORM werkgebied.import_consents_record(b, 'arrangement', 13, 20, 21, recorded);
	-- new arrangements, all by one statement: a verlenging's predecessor is
	-- one of this file (its new id) or an existing one (RI checks run at the
	-- end of the statement, so a chain inside the file is fine)
	WITH src AS MATERIALIZED (
		SELECT ir.line, ir.fields AS f, gen_random_uuid() AS new_id, l.id AS leerling_id, l.school_id,
		       coalesce(l.werkgebied_id, w.id) AS werkgebied_id,
		       (SELECT e.rubriek FROM werkgebied.effective_lijst('arrangement_type') e WHERE e.code = ir.fields[8])
		           AS rubriek
		FROM bestuur.import_rows ir
		LEFT JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1]
		     AND l.external_id = ir.fields[2]
		LEFT JOIN werkgebied.werkgebieden w ON w.swv_id = b.swv_id AND w.name = ir.fields[9]
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		  AND NOT EXISTS (SELECT 1 FROM werkgebied.arrangementen a WHERE a.swv_id = b.swv_id AND a.nummer = ir.fields[7])
		ORDER BY ir.line),
	ins AS (
		INSERT INTO werkgebied.arrangementen (swv_id, id, nummer, werkgebied_id, arrangement_type, rubriek,
		                                      ondersteuningscategorie, leerling_id, school_id, uren_per_week,
		                                      bedrag_cents, startdatum, einddatum, versterkt_leerkracht,
		                                      omschrijving, status, voorganger_id, reflectie, toestemming_id)
		SELECT b.swv_id, s.new_id, s.f[7], s.werkgebied_id, s.f[8], s.rubriek, s.f[10], s.leerling_id, s.school_id,
		       s.f[11]::numeric, s.f[12]::bigint, s.f[13]::date, s.f[14]::date, s.f[15]::boolean, s.f[19], s.f[16],
		       coalesce((SELECT p.new_id FROM src p WHERE p.f[7] = s.f[17]),
		                (SELECT a.id FROM werkgebied.arrangementen a WHERE a.swv_id = b.swv_id AND a.nummer = s.f[17])),
		       s.f[18],
		       CASE WHEN s.leerling_id IS NOT NULL
		            THEN werkgebied.consent_for(s.leerling_id, 'arrangement', s.f[13]::date) END
		FROM src s
		RETURNING id, leerling_id, status, startdatum, nummer)
	SELECT coalesce(array_agg(i.id), '{}'), coalesce(array_agg(i.leerling_id) FILTER (WHERE i.leerling_id IS NOT NULL), '{}'),
	       coalesce(array_agg(i.status), '{}'), coalesce(array_agg(i.startdatum), '{}'), coalesce(array_agg(i.nummer), '{}')
	INTO ids, lls, states, starts, nummers FROM ins i;
	-- their events, in a statement of their own: the events' policy for a
	-- consulent reads the arrangement, which its own statement would not see
	INSERT INTO werkgebied.arrangement_events (swv_id, arrangement_id, step, van, naar, datum, toelichting)
	SELECT b.swv_id, x.id, 'import', NULL, x.st, x.d, format('import %s nummer %s', b.file_name, x.nr)
	FROM unnest(ids, states, starts, nummers) x (id, st, d, nr);
	n_inserted := cardinality(ids);
	n_updated := 0;
	-- the audit row names the import and every arrangement and pupil it wrote
	PERFORM bestuur.import_audit(b, (ids || lls || pupils)::text[]);
END
$$;
REVOKE ALL ON FUNCTION werkgebied.import_arrangementen(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.import_arrangementen(bestuur.import_batches, boolean)
	TO passend_bestuur, passend_werkgebied;
