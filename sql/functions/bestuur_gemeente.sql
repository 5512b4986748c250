-- bestuur.gemeente_valid_for_school: the rule that a school's gemeente is
-- valid on the school's active dates [p_from, p_to] (NULL: an open end, not
-- checked). A gemeente is valid from valid_from through valid_to; with
-- p_through_successor a gemeente that merged stays valid after its end
-- through its successor (and that one's, in turn), so a school keeps the
-- gemeente it had when that gemeente merged, while a request that names a
-- gemeente gets it checked on its own dates. An unknown gemeente (none, or
-- another tenant's) is not this rule's business: the foreign key answers.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION bestuur.gemeente_valid_for_school(p_gemeente uuid, p_from date, p_to date,
                                                             p_through_successor boolean)
RETURNS boolean LANGUAGE sql STABLE AS
$$
	WITH RECURSIVE chain AS (
		SELECT g.id, g.valid_from, g.valid_to, g.successor_id, 1 AS depth
		FROM bestuur.gemeenten g
		WHERE g.swv_id = platform.current_swv() AND g.id = p_gemeente
		UNION ALL
		SELECT s.id, s.valid_from, s.valid_to, s.successor_id, c.depth + 1
		FROM chain c
		JOIN bestuur.gemeenten s ON s.swv_id = platform.current_swv() AND s.id = c.successor_id
		WHERE p_through_successor AND c.depth < 100
	),
	span AS (
		SELECT (SELECT valid_from FROM chain WHERE depth = 1) AS van,
		       (SELECT valid_to FROM chain ORDER BY depth DESC LIMIT 1) AS tot
	)
	SELECT NOT EXISTS (SELECT 1 FROM chain)
	       OR ((p_from IS NULL OR p_from >= van) AND (p_to IS NULL OR p_to >= van)
	           AND (tot IS NULL OR ((p_from IS NULL OR p_from <= tot) AND (p_to IS NULL OR p_to <= tot))))
	FROM span
$$;
REVOKE ALL ON FUNCTION bestuur.gemeente_valid_for_school(uuid, date, date, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.gemeente_valid_for_school(uuid, date, date, boolean) TO passend_bestuur;
