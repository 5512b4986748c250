-- bestuur.import_jaarplan: the finish function of the import kind jaarplan
-- (docs/import.md "jaarplan", D41, D45), called by bestuur.import_finish.
-- One staged row per action: fields 1 schooljaar, 2 doel, 3 perspectief,
-- 4 actie_id (the action's code), 5 wat, 6 wie, 7 wanneer, 8
-- begrotingsregel, 9 kpi, 10 doelwaarde, 11 doel_soort, 12 kpi_bron (the
-- row check in svc/jaarplan.c has filled doel_soort and kpi_bron and
-- checked the target). Natural keys: a doel by schooljaar and titel, a
-- perspectief by schooljaar and naam (under one doel), an action by
-- schooljaar and code; names compare case-insensitively, as the tables'
-- unique indexes. With p_write false it adds the set-based errors: an action
-- code twice in the file, a perspectief under two doelen in the file, or
-- under another doel than the stored one, an action stored under another
-- perspectief. With p_write true it creates the missing doelen and
-- perspectieven (volgorde: order of first appearance in the file, after
-- what the year holds) and the actions (volgorde: line order), and updates
-- the text and target fields of actions that exist; n_inserted and
-- n_updated count actions.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION bestuur.import_jaarplan(b bestuur.import_batches, p_write boolean,
                                                   OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
BEGIN
	n_inserted := 0;
	n_updated := 0;
	IF NOT p_write THEN
		PERFORM bestuur.import_repeat_errors(b, ARRAY[1, 4], 'actie_id', '%2$s', true);
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, d.line, 'perspectief',
		       format('%s is under doel "%s" on line %s', d.p, d.doel0, d.first)
		FROM (SELECT ir.line, ir.fields[3] AS p, ir.fields[2] AS doel,
		             first_value(ir.fields[2]) OVER w AS doel0, first_value(ir.line) OVER w AS first
		      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		      WINDOW w AS (PARTITION BY ir.fields[1], lower(ir.fields[3]) ORDER BY ir.line)) d
		WHERE lower(d.doel) <> lower(d.doel0);
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'perspectief', format('%s is stored under doel "%s"', ir.fields[3], d.titel)
		FROM bestuur.import_rows ir
		JOIN bestuur.jaarplan_perspectieven p ON p.swv_id = b.swv_id AND p.schooljaar = ir.fields[1]
		     AND lower(p.naam) = lower(ir.fields[3])
		JOIN bestuur.jaarplan_doelen d ON d.swv_id = p.swv_id AND d.id = p.doel_id
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND lower(d.titel) <> lower(ir.fields[2]);
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'actie_id', format('%s is stored under perspectief "%s"', ir.fields[4], p.naam)
		FROM bestuur.import_rows ir
		JOIN bestuur.jaarplan_acties x ON x.swv_id = b.swv_id AND x.schooljaar = ir.fields[1]
		     AND lower(x.code) = lower(ir.fields[4])
		JOIN bestuur.jaarplan_perspectieven p ON p.swv_id = x.swv_id AND p.id = x.perspectief_id
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND lower(p.naam) <> lower(ir.fields[3]);
		RETURN;
	END IF;

	-- doelen, then perspectieven, in order of first appearance
	INSERT INTO bestuur.jaarplan_doelen (swv_id, id, schooljaar, titel, volgorde)
	SELECT b.swv_id, gen_random_uuid(), f.sj, f.titel,
	       coalesce((SELECT max(d.volgorde) FROM bestuur.jaarplan_doelen d
	                 WHERE d.swv_id = b.swv_id AND d.schooljaar = f.sj), 0)
	       + row_number() OVER (PARTITION BY f.sj ORDER BY f.line)
	FROM (SELECT DISTINCT ON (ir.fields[1], lower(ir.fields[2])) ir.fields[1] AS sj, ir.fields[2] AS titel, ir.line
	      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	      ORDER BY ir.fields[1], lower(ir.fields[2]), ir.line) f
	WHERE NOT EXISTS (SELECT 1 FROM bestuur.jaarplan_doelen d WHERE d.swv_id = b.swv_id AND d.schooljaar = f.sj
	                  AND lower(d.titel) = lower(f.titel));
	INSERT INTO bestuur.jaarplan_perspectieven (swv_id, id, doel_id, schooljaar, naam, volgorde)
	SELECT b.swv_id, gen_random_uuid(), d.id, f.sj, f.naam,
	       coalesce((SELECT max(p.volgorde) FROM bestuur.jaarplan_perspectieven p
	                 WHERE p.swv_id = b.swv_id AND p.doel_id = d.id), 0)
	       + row_number() OVER (PARTITION BY d.id ORDER BY f.line)
	FROM (SELECT DISTINCT ON (ir.fields[1], lower(ir.fields[3])) ir.fields[1] AS sj, ir.fields[2] AS doel,
	             ir.fields[3] AS naam, ir.line
	      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	      ORDER BY ir.fields[1], lower(ir.fields[3]), ir.line) f
	JOIN bestuur.jaarplan_doelen d ON d.swv_id = b.swv_id AND d.schooljaar = f.sj AND lower(d.titel) = lower(f.doel)
	WHERE NOT EXISTS (SELECT 1 FROM bestuur.jaarplan_perspectieven p WHERE p.swv_id = b.swv_id AND p.schooljaar = f.sj
	                  AND lower(p.naam) = lower(f.naam));

	-- actions: new ones inserted, existing ones updated where a field differs
	WITH src AS (
		SELECT ir.line, ir.fields AS f, p.id AS persp_id, x.id AS old_id,
		       row_number() OVER (PARTITION BY p.id ORDER BY ir.line) AS pos
		FROM bestuur.import_rows ir
		JOIN bestuur.jaarplan_perspectieven p ON p.swv_id = b.swv_id AND p.schooljaar = ir.fields[1]
		     AND lower(p.naam) = lower(ir.fields[3])
		LEFT JOIN bestuur.jaarplan_acties x ON x.swv_id = b.swv_id AND x.schooljaar = ir.fields[1]
		     AND lower(x.code) = lower(ir.fields[4])
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	), ins AS (
		INSERT INTO bestuur.jaarplan_acties (swv_id, id, perspectief_id, schooljaar, code, volgorde, wat, wie,
		                                     wanneer, begrotingsregel, kpi, doel_soort, doelwaarde, kpi_bron)
		SELECT b.swv_id, gen_random_uuid(), s.persp_id, s.f[1], s.f[4],
		       coalesce((SELECT max(x.volgorde) FROM bestuur.jaarplan_acties x WHERE x.swv_id = b.swv_id
		                 AND x.perspectief_id = s.persp_id), 0) + s.pos,
		       s.f[5], s.f[6], s.f[7], s.f[8], s.f[9], s.f[11], s.f[10]::numeric, s.f[12]
		FROM src s WHERE s.old_id IS NULL
		RETURNING 1
	), upd AS (
		UPDATE bestuur.jaarplan_acties x SET wat = s.f[5], wie = s.f[6], wanneer = s.f[7], begrotingsregel = s.f[8],
		       kpi = s.f[9], doel_soort = s.f[11], doelwaarde = s.f[10]::numeric, kpi_bron = s.f[12]
		FROM src s
		WHERE x.swv_id = b.swv_id AND x.id = s.old_id
		  AND (x.wat, x.wie, x.wanneer, x.begrotingsregel, x.kpi, x.doel_soort, x.doelwaarde, x.kpi_bron)
		      IS DISTINCT FROM (s.f[5], s.f[6], s.f[7], s.f[8], s.f[9], s.f[11], s.f[10]::numeric, s.f[12])
		RETURNING 1
	)
	SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM upd) INTO n_inserted, n_updated;
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_jaarplan(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_jaarplan(bestuur.import_batches, boolean) TO passend_bestuur;
