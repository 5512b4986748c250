-- bestuur_import_jaarrekening: the import kind jaarrekening (annual accounts
-- from a finance package, docs/import.md), D41 and D44. Fields: 1 jaar,
-- 2 code, 3 rubriek, 4 naam, 5 bedrag (cents), 6 begroting (cents). Natural
-- key: jaar + code. A year in the file replaces that year's lines whole (a
-- line the file lacks is removed), as PutJaarrekening does, so every year
-- must balance on its own; published kengetallen stay as they were.

CREATE OR REPLACE FUNCTION bestuur.import_jaarrekening(b bestuur.import_batches, p_write boolean,
                                                      OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_duplicate_errors(b, ARRAY[1, 2], 'code', 'jaar and code');
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'rubriek', format('%s is not a rubriek of the annual accounts', ir.fields[3])
		FROM bestuur.import_rows ir
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		  AND NOT EXISTS (SELECT 1 FROM platform.jaarrekening_rubrieken r WHERE r.rubriek = ir.fields[3]);
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, 'begroting', 'a budget belongs to baten and lasten, not to the balans'
		FROM bestuur.import_rows ir JOIN platform.jaarrekening_rubrieken r ON r.rubriek = ir.fields[3]
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND r.staat IN ('activa', 'passiva')
		  AND ir.fields[6] IS NOT NULL;
		-- a year that does not balance: on its first line, in the API's words
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, y.first, 'bedrag', bestuur.jaarrekening_balans_fout(y.jaar, y.activa, y.passiva)
		FROM (SELECT ir.fields[1]::integer AS jaar, min(ir.line) AS first,
		             coalesce(sum(ir.fields[5]::bigint) FILTER (WHERE r.staat = 'activa'), 0) AS activa,
		             coalesce(sum(ir.fields[5]::bigint) FILTER (WHERE r.staat = 'passiva'), 0) AS passiva
		      FROM bestuur.import_rows ir LEFT JOIN platform.jaarrekening_rubrieken r ON r.rubriek = ir.fields[3]
		      WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
		      GROUP BY ir.fields[1]) y
		WHERE y.activa <> y.passiva;
		RETURN;
	END IF;
	INSERT INTO bestuur.jaarrekeningen (swv_id, jaar)
	SELECT DISTINCT b.swv_id, ir.fields[1]::integer FROM bestuur.import_rows ir
	WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	ON CONFLICT (swv_id, jaar) DO NOTHING;
	DELETE FROM bestuur.jaarrekening_regels g
	WHERE g.swv_id = b.swv_id
	  AND EXISTS (SELECT 1 FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	              AND ir.fields[1]::integer = g.jaar)
	  AND NOT EXISTS (SELECT 1 FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	                  AND ir.fields[1]::integer = g.jaar AND ir.fields[2] = g.code);
	WITH src AS MATERIALIZED (
		SELECT ir.fields[1]::integer AS jaar, ir.fields[2] AS code, ir.fields[3] AS rubriek, ir.fields[4] AS naam,
		       ir.line::integer AS volgorde, ir.fields[5]::bigint AS bedrag, ir.fields[6]::bigint AS begroting,
		       EXISTS (SELECT 1 FROM bestuur.jaarrekening_regels g WHERE g.swv_id = b.swv_id
		               AND g.jaar = ir.fields[1]::integer AND g.code = ir.fields[2]) AS known
		FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	), up AS (
		INSERT INTO bestuur.jaarrekening_regels AS g (swv_id, jaar, code, rubriek, naam, volgorde, bedrag_cents,
		                                              begroting_cents)
		SELECT b.swv_id, s.jaar, s.code, s.rubriek, s.naam, s.volgorde, s.bedrag, s.begroting FROM src s
		ON CONFLICT (swv_id, jaar, code) DO UPDATE SET rubriek = EXCLUDED.rubriek, naam = EXCLUDED.naam,
			volgorde = EXCLUDED.volgorde, bedrag_cents = EXCLUDED.bedrag_cents,
			begroting_cents = EXCLUDED.begroting_cents
		WHERE (g.rubriek, g.naam, g.volgorde, g.bedrag_cents, g.begroting_cents)
		      IS DISTINCT FROM (EXCLUDED.rubriek, EXCLUDED.naam, EXCLUDED.volgorde, EXCLUDED.bedrag_cents,
		                        EXCLUDED.begroting_cents)
		RETURNING g.jaar, g.code
	)
	SELECT count(*) FILTER (WHERE NOT s.known), count(*) FILTER (WHERE s.known)
	INTO n_inserted, n_updated
	FROM up JOIN src s ON s.jaar = up.jaar AND s.code = up.code;
	UPDATE bestuur.jaarrekeningen j SET updated_at = now()
	WHERE j.swv_id = b.swv_id AND n_inserted + n_updated > 0
	  AND EXISTS (SELECT 1 FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	              AND ir.fields[1]::integer = j.jaar);
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_jaarrekening(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_jaarrekening(bestuur.import_batches, boolean) TO passend_bestuur;
