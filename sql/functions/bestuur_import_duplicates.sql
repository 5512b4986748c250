-- bestuur_import_duplicates: the checks over the whole file that CSV import
-- kinds share (docs/import.md, D41, D57), for the kinds' finish functions
-- (bestuur.import_<kind>, werkgebied.import_<kind>). Each adds errors
-- (line, col, message) to bestuur.import_errors for staged rows of batch b;
-- p_fields are 1-based field numbers in the kind's column order.
--   bestuur.import_duplicate_errors(b, p_fields, p_col, p_what)
--     "same <p_what> as line N" for a row whose fields p_fields (equal when
--     both are empty) equal those of an earlier line N.
--   bestuur.import_repeat_errors(b, p_fields, p_col, p_label [, p_fold])
--     "<p_label> also on line N" (p_label a format of the row's fields
--     p_fields, e.g. '%s vestiging %s') for a row whose fields p_fields are
--     all set and equal those of an earlier line N; p_fold: compared
--     case-insensitively.
--   bestuur.import_unknown_errors(b, p_fields, p_col, p_message, p_known)
--     format(p_message, fields p_fields) for a row whose first field of
--     p_fields is set and whose fields p_fields, joined by a space, are none
--     of p_known (what the SWV has, e.g. its werkgebieden's names).
--     (p_known is searched row by row: for short lists, not the schools.)
--   bestuur.import_known(p_what): p_known of the references the kinds share:
--     'besturen' (bevoegd_gezag_nummer), 'gemeenten' and 'werkgebieden'
--     (name).
--   bestuur.import_school_errors(b, p_brin, p_col)
--     "unknown school <brin> vestiging <vestiging>" for a row whose field
--     p_brin is set and that with field p_brin + 1 (its vestiging) names no
--     school of the SWV (a probe of the schools' key per row).
-- And what a pupil-level kind reports when it has written (server/audit.c):
--   bestuur.import_audit(b, p_ids)
--     names batch b and the ids p_ids (text, NULLs and repeats left out,
--     sorted) in passend.audit_ids, for the audit row of the import.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
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

-- The fields p_fields of a staged row, in that order.
CREATE OR REPLACE FUNCTION bestuur.import_fields(p_row text[], p_fields integer[]) RETURNS text[]
LANGUAGE sql IMMUTABLE AS
$$
	SELECT ARRAY(SELECT p_row[u.k] FROM unnest(p_fields) WITH ORDINALITY u (k, n) ORDER BY u.n)
$$;
REVOKE ALL ON FUNCTION bestuur.import_fields(text[], integer[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_fields(text[], integer[]) TO passend_bestuur, passend_werkgebied;

CREATE OR REPLACE FUNCTION bestuur.import_repeat_errors(b bestuur.import_batches, p_fields integer[], p_col text,
                                                        p_label text, p_fold boolean DEFAULT false) RETURNS void
LANGUAGE sql AS
$$
	INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
	SELECT b.swv_id, b.id, d.line, p_col, format(p_label, VARIADIC d.k) || format(' also on line %s', d.first)
	FROM (SELECT k.line, k.k,
	             min(k.line) OVER (PARTITION BY CASE WHEN p_fold THEN lower(k.k::text) ELSE k.k::text END) AS first
	      FROM (SELECT ir.line, bestuur.import_fields(ir.fields, p_fields) AS k
	            FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) k
	      WHERE array_position(k.k, NULL) IS NULL) d
	WHERE d.line > d.first
$$;
REVOKE ALL ON FUNCTION bestuur.import_repeat_errors(bestuur.import_batches, integer[], text, text, boolean)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_repeat_errors(bestuur.import_batches, integer[], text, text, boolean)
	TO passend_bestuur, passend_werkgebied;

CREATE OR REPLACE FUNCTION bestuur.import_unknown_errors(b bestuur.import_batches, p_fields integer[], p_col text,
                                                         p_message text, p_known text[]) RETURNS void
LANGUAGE sql AS
$$
	INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
	SELECT b.swv_id, b.id, k.line, p_col, format(p_message, VARIADIC k.k)
	FROM (SELECT ir.line, bestuur.import_fields(ir.fields, p_fields) AS k
	      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id) k
	WHERE k.k[1] IS NOT NULL AND NOT array_to_string(k.k, ' ') = ANY (p_known)
$$;
REVOKE ALL ON FUNCTION bestuur.import_unknown_errors(bestuur.import_batches, integer[], text, text, text[])
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_unknown_errors(bestuur.import_batches, integer[], text, text, text[])
	TO passend_bestuur, passend_werkgebied;

CREATE OR REPLACE FUNCTION bestuur.import_known(p_what text) RETURNS text[]
LANGUAGE plpgsql STABLE AS
$$
BEGIN
	CASE p_what -- another p_what raises CASE_NOT_FOUND
	WHEN 'besturen' THEN
		RETURN ARRAY(SELECT sb.bevoegd_gezag_nummer FROM bestuur.schoolbesturen sb
		             WHERE sb.swv_id = platform.current_swv());
	WHEN 'gemeenten' THEN
		RETURN ARRAY(SELECT g.name FROM bestuur.gemeenten g WHERE g.swv_id = platform.current_swv());
	WHEN 'werkgebieden' THEN
		RETURN ARRAY(SELECT w.name FROM werkgebied.werkgebieden w WHERE w.swv_id = platform.current_swv());
	END CASE;
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_known(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_known(text) TO passend_bestuur, passend_werkgebied;

CREATE OR REPLACE FUNCTION bestuur.import_school_errors(b bestuur.import_batches, p_brin integer, p_col text)
RETURNS void
LANGUAGE sql AS
$$
	INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
	SELECT b.swv_id, b.id, ir.line, p_col,
	       format('unknown school %s vestiging %s', ir.fields[p_brin], ir.fields[p_brin + 1])
	FROM bestuur.import_rows ir
	WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND ir.fields[p_brin] IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM bestuur.scholen s WHERE s.swv_id = b.swv_id AND s.brin = ir.fields[p_brin]
	                  AND s.vestiging = ir.fields[p_brin + 1])
$$;
REVOKE ALL ON FUNCTION bestuur.import_school_errors(bestuur.import_batches, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_school_errors(bestuur.import_batches, integer, text)
	TO passend_bestuur, passend_werkgebied;

CREATE OR REPLACE FUNCTION bestuur.import_audit(b bestuur.import_batches, p_ids text[]) RETURNS void
LANGUAGE sql AS
$$
	SELECT set_config('passend.audit_ids', (ARRAY[b.id::text] || ARRAY(
		SELECT DISTINCT x FROM unnest(p_ids) x WHERE x IS NOT NULL ORDER BY x))::text, true)
$$;
REVOKE ALL ON FUNCTION bestuur.import_audit(bestuur.import_batches, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_audit(bestuur.import_batches, text[]) TO passend_bestuur, passend_werkgebied;
