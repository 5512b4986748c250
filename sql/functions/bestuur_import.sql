-- bestuur_import: the import kinds of the bestuur area (docs/import.md):
-- one finish function per kind, bestuur.import_<kind>(b, p_write), that
-- svc/<area>.c names in its import_kind and bestuur.import_finish
-- (bestuur_import_finish.sql) calls: with p_write false it adds the
-- set-based errors of batch b's staged rows (references and duplicates over
-- the whole file, mostly by the shared checks of
-- bestuur_import_duplicates.sql), with p_write true it upserts them on the
-- natural key and returns the counts (n_inserted, n_updated).
-- import_rows (and a freshly filled table) has no statistics, so the
-- planner expects a row or two: comparisons among the file's rows are
-- window functions, lookups probe unique keys, never a join it could turn
-- into a nested loop over all rows. The TLV deadline comes from
-- bestuur.tlv_deadline. The kinds' helper bestuur.import_gemeente is defined
-- only here (D46).

-- The gemeente called p_name that is valid on p_on (else the latest one).
CREATE OR REPLACE FUNCTION bestuur.import_gemeente(p_name text, p_on date) RETURNS uuid LANGUAGE sql STABLE AS
$$
	SELECT g.id FROM bestuur.gemeenten g WHERE g.swv_id = platform.current_swv() AND g.name = p_name
	ORDER BY (p_on IS NOT NULL AND p_on BETWEEN g.valid_from AND coalesce(g.valid_to, 'infinity')) DESC,
	         g.valid_from DESC
	LIMIT 1
$$;
REVOKE ALL ON FUNCTION bestuur.import_gemeente(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_gemeente(text, date) TO passend_bestuur;

-- The import kind besturen (natural key bevoegd_gezag_nummer).
CREATE OR REPLACE FUNCTION bestuur.import_besturen(b bestuur.import_batches, p_write boolean,
                                              OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_repeat_errors(b, ARRAY[1], 'bevoegd_gezag_nummer', '%s');
		RETURN;
	END IF;
	WITH src AS (
		SELECT f[1] AS bgn, f[2] AS name, coalesce(f[3], '') AS plaats, f[4]::boolean AS bao,
		       f[5]::boolean AS sbo, f[6]::boolean AS so, f[7] AS lid, f[8]::date AS af, f[9]::date AS at,
		       e.id AS old_id
		FROM (SELECT ir.fields AS f FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) s
		LEFT JOIN bestuur.schoolbesturen e ON e.swv_id = b.swv_id AND e.bevoegd_gezag_nummer = s.f[1]),
	upd AS (
		UPDATE bestuur.schoolbesturen t SET name = src.name, vestigingsplaats = src.plaats, runs_bao = src.bao,
		       runs_sbo = src.sbo, runs_so = src.so, lidmaatschap = src.lid, active_from = src.af,
		       active_to = src.at
		FROM src WHERE t.swv_id = b.swv_id AND t.id = src.old_id
		  AND (t.name, t.vestigingsplaats, t.runs_bao, t.runs_sbo, t.runs_so, t.lidmaatschap, t.active_from,
		       t.active_to) IS DISTINCT FROM (src.name, src.plaats, src.bao, src.sbo, src.so, src.lid, src.af, src.at)
		RETURNING 1),
	ins AS (
		INSERT INTO bestuur.schoolbesturen (swv_id, id, bevoegd_gezag_nummer, name, vestigingsplaats, runs_bao,
		                                    runs_sbo, runs_so, lidmaatschap, active_from, active_to)
		SELECT b.swv_id, gen_random_uuid(), bgn, name, plaats, bao, sbo, so, lid, af, at FROM src WHERE old_id IS NULL
		RETURNING 1)
	SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM upd) INTO n_inserted, n_updated;
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_besturen(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_besturen(bestuur.import_batches, boolean) TO passend_bestuur;

-- The import kind gemeenten (natural key name + valid_from; successors by name).
CREATE OR REPLACE FUNCTION bestuur.import_gemeenten(b bestuur.import_batches, p_write boolean,
                                              OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
DECLARE
	n_x bigint;
	touched uuid[] := '{}';
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_repeat_errors(b, ARRAY[1, 3], 'name', '%s (valid_from %s)');
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'successor',
		       format('no gemeente %s valid from %s (the day after valid_to) in the file or the SWV',
		              ir.fields[5], ir.fields[4]::date + 1)
		FROM bestuur.import_rows ir
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND ir.fields[5] IS NOT NULL
		  AND NOT EXISTS (SELECT 1 FROM bestuur.import_rows o WHERE o.swv_id = b.swv_id AND o.import_id = b.id
		                  AND o.fields[1] = ir.fields[5] AND o.fields[3]::date = ir.fields[4]::date + 1)
		  AND NOT EXISTS (SELECT 1 FROM bestuur.gemeenten g WHERE g.swv_id = b.swv_id AND g.name = ir.fields[5]
		                  AND g.valid_from = ir.fields[4]::date + 1);
		RETURN;
	END IF;
	-- first the gemeenten themselves, then their successors (which may be new)
	WITH src AS (
		SELECT f[1] AS name, coalesce(f[2], '') AS cbs, f[3]::date AS vf, f[4]::date AS vt,
		       coalesce(string_to_array(f[6], ';'), '{}') AS pc, e.id AS old_id
		FROM (SELECT ir.fields AS f FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) s
		LEFT JOIN bestuur.gemeenten e ON e.swv_id = b.swv_id AND e.name = s.f[1] AND e.valid_from = s.f[3]::date),
	upd AS (
		UPDATE bestuur.gemeenten t SET cbs_code = src.cbs, valid_to = src.vt, postcodes = src.pc
		FROM src WHERE t.swv_id = b.swv_id AND t.id = src.old_id
		  AND (t.cbs_code, t.valid_to, t.postcodes) IS DISTINCT FROM (src.cbs, src.vt, src.pc)
		RETURNING t.id),
	ins AS (
		INSERT INTO bestuur.gemeenten (swv_id, id, name, cbs_code, valid_from, valid_to, postcodes)
		SELECT b.swv_id, gen_random_uuid(), name, cbs, vf, vt, pc FROM src WHERE old_id IS NULL
		RETURNING id)
	SELECT ARRAY(SELECT id FROM ins) || ARRAY(SELECT id FROM upd), (SELECT count(*) FROM ins),
	       (SELECT count(*) FROM upd)
	INTO touched, n_inserted, n_updated;
	WITH src AS (
		SELECT g.id, s.id AS succ
		FROM bestuur.import_rows ir
		JOIN bestuur.gemeenten g ON g.swv_id = b.swv_id AND g.name = ir.fields[1] AND g.valid_from = ir.fields[3]::date
		LEFT JOIN bestuur.gemeenten s ON s.swv_id = b.swv_id AND s.name = ir.fields[5]
		     AND s.valid_from = ir.fields[4]::date + 1
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id),
	upd AS (
		UPDATE bestuur.gemeenten t SET successor_id = src.succ FROM src
		WHERE t.swv_id = b.swv_id AND t.id = src.id AND t.successor_id IS DISTINCT FROM src.succ
		RETURNING t.id)
	-- a gemeente whose only change is its successor counts as updated (unless just inserted)
	SELECT count(*) INTO n_x FROM upd u WHERE u.id <> ALL (touched);
	n_updated := n_updated + n_x;
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_gemeenten(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_gemeenten(bestuur.import_batches, boolean) TO passend_bestuur;

-- The import kind werkgebieden (natural key name; the gemeenten list replaces the current one).
CREATE OR REPLACE FUNCTION bestuur.import_werkgebieden(b bestuur.import_batches, p_write boolean,
                                              OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
DECLARE
	touched uuid[] := '{}';
	wg_ids uuid[];
	gem_ids uuid[];
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_repeat_errors(b, ARRAY[1], 'name', '%s');
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'gemeenten', format('unknown gemeente %s', trim(gn))
		FROM bestuur.import_rows ir, unnest(string_to_array(ir.fields[2], ';')) gn
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND trim(gn) <> ''
		  AND bestuur.import_gemeente(trim(gn), NULL) IS NULL;
		RETURN;
	END IF;
	WITH src AS (
		SELECT DISTINCT ON (s.f[1]) s.f[1] AS name, e.id AS old_id
		FROM (SELECT ir.fields AS f FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) s
		LEFT JOIN werkgebied.werkgebieden e ON e.swv_id = b.swv_id AND e.name = s.f[1]),
	ins AS (
		INSERT INTO werkgebied.werkgebieden (swv_id, id, name)
		SELECT b.swv_id, gen_random_uuid(), name FROM src WHERE old_id IS NULL RETURNING id)
	SELECT ARRAY(SELECT id FROM ins), (SELECT count(*) FROM ins) INTO touched, n_inserted;
	-- gemeenten lists: the file's list replaces the current one
	SELECT array_agg(w.id), array_agg(bestuur.import_gemeente(trim(gn), NULL))
	INTO wg_ids, gem_ids
	FROM bestuur.import_rows ir
	JOIN werkgebied.werkgebieden w ON w.swv_id = b.swv_id AND w.name = ir.fields[1]
	LEFT JOIN LATERAL unnest(string_to_array(ir.fields[2], ';')) gn ON trim(gn) <> ''
	WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id;
	-- updated: existing werkgebieden whose gemeenten differ
	WITH want AS (SELECT DISTINCT x.w, x.g FROM unnest(wg_ids, gem_ids) x (w, g) WHERE x.g IS NOT NULL),
	have AS (SELECT wg.werkgebied_id AS w, wg.gemeente_id AS g FROM bestuur.werkgebied_gemeenten wg
	         WHERE wg.swv_id = b.swv_id AND wg.werkgebied_id = ANY (wg_ids))
	SELECT count(DISTINCT d.w) INTO n_updated
	FROM ((SELECT * FROM want EXCEPT SELECT * FROM have) UNION (SELECT * FROM have EXCEPT SELECT * FROM want)) d
	WHERE d.w <> ALL (touched);
	DELETE FROM bestuur.werkgebied_gemeenten wg
	WHERE wg.swv_id = b.swv_id AND wg.werkgebied_id = ANY (wg_ids)
	  AND NOT EXISTS (SELECT 1 FROM unnest(wg_ids, gem_ids) x (w, g)
	                  WHERE x.w = wg.werkgebied_id AND x.g = wg.gemeente_id);
	INSERT INTO bestuur.werkgebied_gemeenten (swv_id, werkgebied_id, gemeente_id)
	SELECT DISTINCT b.swv_id, x.w, x.g FROM unnest(wg_ids, gem_ids) x (w, g) WHERE x.g IS NOT NULL
	ON CONFLICT DO NOTHING;
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_werkgebieden(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_werkgebieden(bestuur.import_batches, boolean) TO passend_bestuur;

-- The import kind scholen (natural key brin + vestiging).
CREATE OR REPLACE FUNCTION bestuur.import_scholen(b bestuur.import_batches, p_write boolean,
                                              OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_repeat_errors(b, ARRAY[1, 2], 'brin', '%s vestiging %s');
		PERFORM bestuur.import_unknown_errors(b, ARRAY[6], 'bevoegd_gezag_nummer', 'unknown bestuur %s',
		                                      bestuur.import_known('besturen'));
		PERFORM bestuur.import_unknown_errors(b, ARRAY[7], 'gemeente', 'unknown gemeente %s',
		                                      bestuur.import_known('gemeenten'));
		PERFORM bestuur.import_unknown_errors(b, ARRAY[8], 'werkgebied', 'unknown werkgebied %s',
		                                      bestuur.import_known('werkgebieden'));
		RETURN;
	END IF;
	WITH src AS (
		SELECT f[1] AS brin, f[2] AS vest, f[3] AS name, f[4]::smallint AS soort, f[5]::smallint AS cluster,
		       sb.id AS bestuur_id, bestuur.import_gemeente(f[7], NULL) AS gemeente_id, w.id AS wg_id,
		       f[9]::date AS af, f[10]::date AS at, e.id AS old_id
		FROM (SELECT ir.fields AS f FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) s
		LEFT JOIN bestuur.schoolbesturen sb ON sb.swv_id = b.swv_id AND sb.bevoegd_gezag_nummer = s.f[6]
		LEFT JOIN werkgebied.werkgebieden w ON w.swv_id = b.swv_id AND w.name = s.f[8]
		LEFT JOIN bestuur.scholen e ON e.swv_id = b.swv_id AND e.brin = s.f[1] AND e.vestiging = s.f[2]),
	upd AS (
		UPDATE bestuur.scholen t SET name = src.name, soort = src.soort, so_cluster = src.cluster,
		       schoolbestuur_id = src.bestuur_id, gemeente_id = src.gemeente_id, werkgebied_id = src.wg_id,
		       active_from = src.af, active_to = src.at
		FROM src WHERE t.swv_id = b.swv_id AND t.id = src.old_id
		  AND (t.name, t.soort, t.so_cluster, t.schoolbestuur_id, t.gemeente_id, t.werkgebied_id, t.active_from,
		       t.active_to) IS DISTINCT FROM (src.name, src.soort, src.cluster, src.bestuur_id, src.gemeente_id,
		       src.wg_id, src.af, src.at)
		RETURNING 1),
	ins AS (
		INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, so_cluster, schoolbestuur_id,
		                             gemeente_id, werkgebied_id, active_from, active_to)
		SELECT b.swv_id, gen_random_uuid(), brin, vest, name, soort, cluster, bestuur_id, gemeente_id, wg_id, af, at
		FROM src WHERE old_id IS NULL
		RETURNING 1)
	SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM upd) INTO n_inserted, n_updated;
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_scholen(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_scholen(bestuur.import_batches, boolean) TO passend_bestuur;

-- The import kind tellingen (natural key school, teldatum, tel_wijze, gemeente).
CREATE OR REPLACE FUNCTION bestuur.import_tellingen(b bestuur.import_batches, p_write boolean,
                                              OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_duplicate_errors(b, ARRAY[1, 2, 3, 4, 5], 'teldatum',
		                                        'school, teldatum, tel_wijze and gemeente');
		PERFORM bestuur.import_school_errors(b, 1, 'brin');
		PERFORM bestuur.import_unknown_errors(b, ARRAY[5], 'gemeente', 'unknown gemeente %s',
		                                      bestuur.import_known('gemeenten'));
		RETURN;
	END IF;
	-- one INSERT ... ON CONFLICT on the natural-key index: an index probe
	-- per row (no join plan on the unanalyzed staging table); identical
	-- rows are skipped by the DO UPDATE's WHERE and so not counted
	WITH src AS (
		SELECT sc.id AS school_id, s.f[3]::date AS teldatum, s.f[4] AS wijze, g.id AS gemeente_id,
		       s.f[6]::integer AS aantal, s.f[7]::integer AS o8, s.f[8]::integer AS c1,
		       s.f[9]::integer AS c2, s.f[10]::integer AS c3
		FROM (SELECT ir.fields AS f FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) s
		JOIN bestuur.scholen sc ON sc.swv_id = b.swv_id AND sc.brin = s.f[1] AND sc.vestiging = s.f[2]
		LEFT JOIN LATERAL (SELECT bestuur.import_gemeente(s.f[5], s.f[3]::date) AS id) g ON s.f[5] IS NOT NULL),
	ups AS (
		INSERT INTO bestuur.tellingen AS t (swv_id, id, school_id, teldatum, tel_wijze, gemeente_id, aantal,
		                                    onder_8, so_categorie_1, so_categorie_2, so_categorie_3)
		SELECT b.swv_id, gen_random_uuid(), school_id, teldatum, wijze, gemeente_id, aantal, o8, c1, c2, c3 FROM src
		ON CONFLICT (swv_id, school_id, teldatum, tel_wijze,
		             coalesce(gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid))
		DO UPDATE SET aantal = excluded.aantal, onder_8 = excluded.onder_8,
		              so_categorie_1 = excluded.so_categorie_1, so_categorie_2 = excluded.so_categorie_2,
		              so_categorie_3 = excluded.so_categorie_3
		WHERE (t.aantal, t.onder_8, t.so_categorie_1, t.so_categorie_2, t.so_categorie_3)
		      IS DISTINCT FROM (excluded.aantal, excluded.onder_8, excluded.so_categorie_1,
		                        excluded.so_categorie_2, excluded.so_categorie_3)
		RETURNING (t.xmax = 0) AS inserted)
	SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) INTO n_inserted, n_updated FROM ups;
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_tellingen(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_tellingen(bestuur.import_batches, boolean) TO passend_bestuur;

-- The import kind historical TLVs (natural key tlv_nummer, else pupil + aanvraagdatum); records an
-- 'import' step on every TLV it changes and names the import and every TLV and
-- pupil it wrote for the audit row (passend.audit_ids).
CREATE OR REPLACE FUNCTION bestuur.import_tlvs(b bestuur.import_batches, p_write boolean,
                                              OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
DECLARE
	rules record;
	new_ids uuid[];
	new_lines bigint[];
	new_aanvr date[];
	new_besl date[];
	new_besluit text[];
	aud text[] := '{}';
	has_herb boolean;
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_repeat_errors(b, ARRAY[14], 'tlv_nummer', '%s');
		PERFORM bestuur.import_duplicate_errors(b, ARRAY[1, 2, 10], 'aanvraagdatum', 'pupil and aanvraagdatum');
		PERFORM bestuur.import_unknown_errors(b, ARRAY[5], 'herkomst', 'unknown herkomst type %s',
		                                      ARRAY(SELECT h.code FROM bestuur.effective_herkomst_types() h));
		PERFORM bestuur.import_school_errors(b, 8, 'aanvragende_brin');
		PERFORM bestuur.import_school_errors(b, 19, 'ontvangende_brin');
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, d.line, 'aanvragende_brin',
		       'a pupil not yet known needs aanvragende_brin or ontvangende_brin (the school it is registered at)'
		FROM (SELECT ir.line, ir.fields AS f,
		             bool_or(ir.fields[8] IS NOT NULL OR ir.fields[19] IS NOT NULL)
		                 OVER (PARTITION BY ir.fields[1], ir.fields[2]) AS pupil_has_school
		      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) d
		WHERE d.f[8] IS NULL AND d.f[19] IS NULL
		  AND (d.f[1] IS NULL OR d.f[2] IS NULL OR NOT d.pupil_has_school)
		  AND NOT EXISTS (SELECT 1 FROM werkgebied.leerlingen l WHERE l.swv_id = b.swv_id
		                  AND l.source_system = d.f[1] AND l.external_id = d.f[2]);
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, d.line, 'aanvraag_soort',
		       'a herbeoordeling needs an earlier TLV of the same pupil (in the file or the SWV)'
		FROM (SELECT ir.line, ir.fields AS f,
		             min(ir.fields[10]::date) OVER (PARTITION BY ir.fields[1], ir.fields[2]) AS first_aanvraag
		      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) d
		WHERE d.f[6] = 'herbeoordeling'
		  AND NOT (d.f[1] IS NOT NULL AND d.f[2] IS NOT NULL AND coalesce(d.first_aanvraag < d.f[10]::date, false))
		  AND NOT EXISTS (SELECT 1 FROM bestuur.tlvs t JOIN werkgebied.leerlingen l
		                  ON l.swv_id = t.swv_id AND l.id = t.leerling_id
		                  WHERE t.swv_id = b.swv_id AND l.source_system = d.f[1] AND l.external_id = d.f[2]
		                  AND t.aanvraagdatum < d.f[10]::date);
		RETURN;
	END IF;
	SELECT * INTO rules FROM bestuur.tlv_rules();
	has_herb := EXISTS (SELECT 1 FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	                    AND ir.fields[6] = 'herbeoordeling');
	-- pupils (pseudonyms) that do not exist yet, registered at the first row's school
	INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id,
	                                   geboortejaar, geslacht)
	-- (the school by one probe of its unique key per row, whatever the
	-- statistics: OFFSET 0 keeps brin and vestiging plain columns, LIMIT 1
	-- (the key is unique) keeps the lateral subquery a parameterized scan)
	SELECT DISTINCT ON (x.f[1], x.f[2]) b.swv_id, gen_random_uuid(), sc.id, sc.werkgebied_id,
	       x.f[1], x.f[2], coalesce(x.f[3]::smallint, 0), coalesce(x.f[4]::smallint, 0)
	FROM (SELECT ir.line, ir.fields AS f, coalesce(ir.fields[8], ir.fields[19]) AS brin,
	             coalesce(ir.fields[9], ir.fields[20]) AS vest
	      FROM bestuur.import_rows ir
	      WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	        AND NOT EXISTS (SELECT 1 FROM werkgebied.leerlingen l WHERE l.swv_id = b.swv_id
	                        AND l.source_system = ir.fields[1] AND l.external_id = ir.fields[2])
	      OFFSET 0) x
	JOIN LATERAL (SELECT sc.id, sc.werkgebied_id FROM bestuur.scholen sc
	              WHERE sc.swv_id = b.swv_id AND sc.brin = x.brin AND sc.vestiging = x.vest LIMIT 1) sc ON true
	ORDER BY x.f[1], x.f[2], x.line;
	-- Set-based, in three statements. The file has no two rows with the
	-- same tlv_nummer or the same pupil + aanvraagdatum (checked above),
	-- so a row matches at most a TLV that existed before this import.
	-- 1. rows that match an existing TLV (tlv_nummer, else pupil +
	--    aanvraagdatum) update it when a value differs, and record an
	--    'import' step naming the fields that changed (src reads the
	--    TLV as it was: every part of one statement sees one snapshot)
	WITH src AS (
		SELECT ir.line AS ln, ir.fields AS f, m.id AS old_id, m.old,
		       (SELECT a.id FROM bestuur.scholen a WHERE a.swv_id = b.swv_id AND a.brin = ir.fields[8]
		        AND a.vestiging = ir.fields[9]) AS aanvr_id,
		       (SELECT o.id FROM bestuur.scholen o WHERE o.swv_id = b.swv_id AND o.brin = ir.fields[19]
		        AND o.vestiging = ir.fields[20]) AS ontv_id,
		       coalesce(ir.fields[11]::date,
		                bestuur.tlv_deadline(ir.fields[10]::date, rules.eenheid, rules.termijn)) AS deadline
		FROM bestuur.import_rows ir
		JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1]
		     AND l.external_id = ir.fields[2]
		JOIN LATERAL (SELECT t.id, t AS old FROM bestuur.tlvs t
		              WHERE t.swv_id = b.swv_id AND ((ir.fields[14] IS NOT NULL AND t.tlv_nummer = ir.fields[14])
		                    OR (t.leerling_id = l.id AND t.aanvraagdatum = ir.fields[10]::date))
		              ORDER BY (t.tlv_nummer IS NOT DISTINCT FROM ir.fields[14]) DESC LIMIT 1) m ON true
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id),
	chg AS (
		SELECT s.*, array_to_string(ARRAY[
		       CASE WHEN (s.old).herkomst IS DISTINCT FROM s.f[5] THEN 'herkomst' END,
		       CASE WHEN (s.old).gevraagde_soort IS DISTINCT FROM s.f[7]::smallint THEN 'gevraagde_soort' END,
		       CASE WHEN (s.old).state IS DISTINCT FROM (CASE WHEN s.f[13] = 'afgegeven' THEN 3 ELSE 4 END)::smallint
		            THEN 'state' END,
		       CASE WHEN (s.old).aanvragende_school_id IS DISTINCT FROM s.aanvr_id THEN 'aanvragende_school' END,
		       CASE WHEN (s.old).deadline IS DISTINCT FROM s.deadline THEN 'deadline' END,
		       CASE WHEN (s.old).besluit IS DISTINCT FROM s.f[13] THEN 'besluit' END,
		       CASE WHEN (s.old).besluitdatum IS DISTINCT FROM s.f[12]::date THEN 'besluitdatum' END,
		       CASE WHEN (s.old).tlv_nummer IS DISTINCT FROM s.f[14] THEN 'tlv_nummer' END,
		       CASE WHEN (s.old).soort IS DISTINCT FROM s.f[15]::smallint THEN 'soort' END,
		       CASE WHEN (s.old).so_categorie IS DISTINCT FROM s.f[16]::smallint THEN 'so_categorie' END,
		       CASE WHEN (s.old).startdatum IS DISTINCT FROM s.f[17]::date THEN 'startdatum' END,
		       CASE WHEN (s.old).einddatum IS DISTINCT FROM s.f[18]::date THEN 'einddatum' END,
		       CASE WHEN (s.old).ontvangende_school_id IS DISTINCT FROM s.ontv_id THEN 'ontvangende_school' END,
		       CASE WHEN (s.old).bestemming_naam IS DISTINCT FROM s.f[21] THEN 'bestemming_naam' END],
		       ', ') AS changed
		FROM src s),
	upd AS (
		UPDATE bestuur.tlvs t SET herkomst = s.f[5], gevraagde_soort = s.f[7]::smallint,
		       state = CASE WHEN s.f[13] = 'afgegeven' THEN 3 ELSE 4 END,
		       aanvragende_school_id = s.aanvr_id, deadline = s.deadline, besluit = s.f[13],
		       besluitdatum = s.f[12]::date, tlv_nummer = s.f[14], soort = s.f[15]::smallint,
		       so_categorie = s.f[16]::smallint, startdatum = s.f[17]::date, einddatum = s.f[18]::date,
		       ontvangende_school_id = s.ontv_id, bestemming_naam = s.f[21]
		FROM chg s
		WHERE t.swv_id = b.swv_id AND t.id = s.old_id AND s.changed <> ''
		RETURNING t.id, t.leerling_id, s.ln, s.changed),
	ev AS (
		INSERT INTO bestuur.tlv_events (swv_id, tlv_id, seq, step, detail)
		SELECT b.swv_id, u.id, coalesce((SELECT max(e.seq) FROM bestuur.tlv_events e
		                            WHERE e.swv_id = b.swv_id AND e.tlv_id = u.id), 0) + 1,
		       'import', format('import %s line %s: %s', b.file_name, u.ln, u.changed)
		FROM upd u
		RETURNING 1)
	SELECT count(*), coalesce(array_agg(u.id::text) || array_agg(u.leerling_id::text), '{}')
	INTO n_updated, aud
	FROM upd u;
	-- 2. the other rows are new TLVs, all inserted by one statement; a
	--    herbeoordeling points at the pupil's latest earlier TLV, an
	--    existing one or one of this file (RI checks run at the end of
	--    the statement, so a chain inside the file is fine)
	WITH src AS MATERIALIZED (
		SELECT ir.line AS ln, ir.fields AS f, l.id AS leerling_id,
		       (SELECT a.id FROM bestuur.scholen a WHERE a.swv_id = b.swv_id AND a.brin = ir.fields[8]
		        AND a.vestiging = ir.fields[9]) AS aanvr_id,
		       (SELECT o.id FROM bestuur.scholen o WHERE o.swv_id = b.swv_id AND o.brin = ir.fields[19]
		        AND o.vestiging = ir.fields[20]) AS ontv_id,
		       ir.fields[10]::date AS aanvraagdatum, gen_random_uuid() AS new_id,
		       coalesce(ir.fields[11]::date,
		                bestuur.tlv_deadline(ir.fields[10]::date, rules.eenheid, rules.termijn)) AS deadline
		FROM bestuur.import_rows ir
		JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1]
		     AND l.external_id = ir.fields[2]
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		  AND NOT EXISTS (SELECT 1 FROM bestuur.tlvs t
		                  WHERE t.swv_id = b.swv_id AND ir.fields[14] IS NOT NULL AND t.tlv_nummer = ir.fields[14])
		  AND NOT EXISTS (SELECT 1 FROM bestuur.tlvs t
		                  WHERE t.swv_id = b.swv_id AND t.leerling_id = l.id AND t.aanvraagdatum = ir.fields[10]::date)),
	-- the predecessor of a herbeoordeling: the pupil's TLV (new in this
	-- file or existing) just before it by aanvraagdatum, from one window
	-- over the new rows and (only when there are herbeoordelingen) the
	-- SWV's TLVs, with no join to misplan. A new row shares its date with
	-- no other TLV of its pupil (in the file: refused above; existing:
	-- the row matched it), so the previous row is strictly earlier.
	chain AS (
		SELECT u.*, lag(u.id) OVER (PARTITION BY u.leerling_id ORDER BY u.aanvraagdatum) AS prev_id
		FROM (SELECT s.ln, s.f, s.leerling_id, s.aanvr_id, s.ontv_id, s.aanvraagdatum, s.new_id AS id,
		             s.deadline
		      FROM src s
		      UNION ALL
		      SELECT NULL, NULL, t.leerling_id, NULL, NULL, t.aanvraagdatum, t.id, NULL
		      FROM bestuur.tlvs t WHERE has_herb AND t.swv_id = b.swv_id) u),
	ins AS (
		INSERT INTO bestuur.tlvs (swv_id, id, leerling_id, aanvragende_school_id, herkomst, gevraagde_soort,
		                          state, aanvraag_soort, vorige_tlv_id, aanvraagdatum, deadline, besluit,
		                          besluitdatum, tlv_nummer, soort, so_categorie, startdatum, einddatum,
		                          ontvangende_school_id, bestemming_naam)
		SELECT b.swv_id, s.id, s.leerling_id, s.aanvr_id, s.f[5], s.f[7]::smallint,
		       CASE WHEN s.f[13] = 'afgegeven' THEN 3 ELSE 4 END, s.f[6],
		       CASE WHEN s.f[6] = 'herbeoordeling' THEN s.prev_id END,
		       s.aanvraagdatum, s.deadline, s.f[13], s.f[12]::date, s.f[14], s.f[15]::smallint,
		       s.f[16]::smallint, s.f[17]::date, s.f[18]::date, s.ontv_id, s.f[21]
		FROM chain s WHERE s.ln IS NOT NULL
		RETURNING id)
	SELECT array_agg(s.new_id), array_agg(s.ln), array_agg(s.aanvraagdatum), array_agg(s.f[12]::date),
	       array_agg(s.f[13]), (SELECT count(*) FROM ins),
	       aud || coalesce(array_agg(s.new_id::text) || array_agg(s.leerling_id::text), '{}')
	INTO new_ids, new_lines, new_aanvr, new_besl, new_besluit, n_inserted, aud
	FROM src s;
	-- 3. their events: ingediend and besluit
	INSERT INTO bestuur.tlv_events (swv_id, tlv_id, seq, step, at, detail)
	SELECT b.swv_id, x.id, 1, 'ingediend', x.aanvr, format('import %s line %s', b.file_name, x.ln)
	FROM unnest(new_ids, new_lines, new_aanvr) x (id, ln, aanvr)
	UNION ALL
	SELECT b.swv_id, x.id, 2, 'besluit', x.besl, x.besluit
	FROM unnest(new_ids, new_besl, new_besluit) x (id, besl, besluit);
	-- the audit row names the import and every TLV and pupil it wrote
	PERFORM bestuur.import_audit(b, aud);
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_tlvs(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_tlvs(bestuur.import_batches, boolean) TO passend_bestuur;
