-- bestuur.import_duplicate_errors: the one check of a CSV import kind that
-- two rows of a file do not share a natural key (docs/import.md, D41), for
-- the kinds' finish functions (e.g. werkgebied.import_thuiszitter_*).
--   bestuur.import_duplicate_errors(b, p_fields, p_col, p_what)
-- Adds an error "<p_col>: same <p_what> as line N" to bestuur.import_errors
-- for every staged row of batch b whose fields p_fields (1-based, in the
-- kind's column order; equal when both are empty) equal those of an earlier
-- line N. Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION bestuur.import_duplicate_errors(b bestuur.import_batches, p_fields integer[], p_col text,
                                                           p_what text) RETURNS void
LANGUAGE sql AS
$$
	INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
	SELECT b.swv_id, b.id, d.line, p_col, format('same %s as line %s', p_what, d.first)
	FROM (SELECT ir.line, min(ir.line) OVER (PARTITION BY ARRAY(SELECT ir.fields[u.k]
	                                                            FROM unnest(p_fields) WITH ORDINALITY u (k, n)
	                                                            ORDER BY u.n)) AS first
	      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) d
	WHERE d.line > d.first
$$;
REVOKE ALL ON FUNCTION bestuur.import_duplicate_errors(bestuur.import_batches, integer[], text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_duplicate_errors(bestuur.import_batches, integer[], text, text)
	TO passend_bestuur, passend_werkgebied; -- a consulent imports MDOs and arrangements (D41)
