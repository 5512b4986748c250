-- bestuur_import_realisatie: the import kind realisatie (docs/import.md, D41,
-- D43): bookings or monthly totals per begroting line from the finance
-- package. Fields: 1 regel (a line's sleutel), 2 datum, 3 bedrag (cents),
-- 4 boekstuk, 5 omschrijving. Natural key: boekstuk when given, else line +
-- datum. Called by bestuur.import_finish: write false adds the set-based
-- errors of batch b's staged rows; write true upserts them and returns the
-- counts. Repeatable.
CREATE OR REPLACE FUNCTION bestuur.import_realisatie(b bestuur.import_batches, p_write boolean,
                                                     OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_repeat_errors(b, ARRAY[4], 'boekstuk', '%s');
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, d.line, 'datum', format('same regel and datum (without boekstuk) as line %s', d.first)
		FROM (SELECT ir.line, min(ir.line) OVER (PARTITION BY ir.fields[1], ir.fields[2]) AS first
		      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND ir.fields[4] IS NULL) d
		WHERE d.line > d.first;
		PERFORM bestuur.import_unknown_errors(b, ARRAY[1], 'regel', 'no begroting line with sleutel %s',
		                                      ARRAY(SELECT r.sleutel FROM bestuur.begroting_regels r
		                                            WHERE r.swv_id = b.swv_id));
		RETURN;
	END IF;
	-- two partial unique indexes, one INSERT ... ON CONFLICT each; identical
	-- rows are skipped by the DO UPDATE's WHERE and so not counted
	WITH src AS (
		SELECT r.id AS regel_id, s.f[2]::date AS datum, s.f[3]::bigint AS bedrag, s.f[4] AS boekstuk,
		       coalesce(s.f[5], '') AS oms
		FROM (SELECT ir.fields AS f FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) s
		JOIN bestuur.begroting_regels r ON r.swv_id = b.swv_id AND r.sleutel = s.f[1]),
	met AS (
		INSERT INTO bestuur.realisatie AS x (swv_id, id, regel_id, datum, bedrag_cents, boekstuk, omschrijving,
		                                     import_id)
		SELECT b.swv_id, gen_random_uuid(), regel_id, datum, bedrag, boekstuk, oms, b.id FROM src WHERE boekstuk IS NOT NULL
		ON CONFLICT (swv_id, boekstuk) WHERE boekstuk IS NOT NULL
		DO UPDATE SET regel_id = excluded.regel_id, datum = excluded.datum, bedrag_cents = excluded.bedrag_cents,
		              omschrijving = excluded.omschrijving, import_id = excluded.import_id
		WHERE (x.regel_id, x.datum, x.bedrag_cents, x.omschrijving)
		      IS DISTINCT FROM (excluded.regel_id, excluded.datum, excluded.bedrag_cents, excluded.omschrijving)
		RETURNING (x.xmax = 0) AS inserted),
	zonder AS (
		INSERT INTO bestuur.realisatie AS x (swv_id, id, regel_id, datum, bedrag_cents, boekstuk, omschrijving,
		                                     import_id)
		SELECT b.swv_id, gen_random_uuid(), regel_id, datum, bedrag, NULL, oms, b.id FROM src WHERE boekstuk IS NULL
		ON CONFLICT (swv_id, regel_id, datum) WHERE boekstuk IS NULL
		DO UPDATE SET bedrag_cents = excluded.bedrag_cents, omschrijving = excluded.omschrijving,
		              import_id = excluded.import_id
		WHERE (x.bedrag_cents, x.omschrijving) IS DISTINCT FROM (excluded.bedrag_cents, excluded.omschrijving)
		RETURNING (x.xmax = 0) AS inserted)
	SELECT count(*) FILTER (WHERE u.inserted), count(*) FILTER (WHERE NOT u.inserted) INTO n_inserted, n_updated
	FROM (SELECT m.inserted FROM met m UNION ALL SELECT z.inserted FROM zonder z) u;
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_realisatie(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_realisatie(bestuur.import_batches, boolean) TO passend_bestuur;
