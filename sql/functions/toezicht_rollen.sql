-- toezicht.rol_conflicten: the dual-role rule (issue 9 point 7, D45). A
-- person (toezicht.persoon_key of the name) who holds a bestuur role and a
-- toezicht role on the same day holds both at once: the flag of a role
-- lists every role of the other body whose period overlaps its own (ends
-- inclusive, an open end is still serving). Toezicht roles are the
-- toezicht.rollen of orgaan toezicht and the members of toezicht.leden; OPR
-- roles conflict with neither. Each conflict reads
-- "<orgaan>: <functie> [(<schoolbestuur>)] <start> – [<end>]".
-- Runs with the caller's rights (bestuur and toezicht read all three tables).
-- Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION toezicht.rol_conflicten(p_id uuid, p_persoon text, p_orgaan text, p_start date,
                                                   p_end date)
RETURNS text[] LANGUAGE sql STABLE AS
$$
	SELECT coalesce(array_agg(o.txt ORDER BY o.start_date, o.txt), '{}')
	FROM (
		SELECT r.start_date, r.orgaan || ': ' || r.functie
		       || coalesce(' (' || (SELECT b.name FROM bestuur.schoolbesturen b
		                            WHERE b.swv_id = r.swv_id AND b.id = r.schoolbestuur_id) || ')', '')
		       || ' ' || r.start_date || ' – ' || coalesce(r.end_date::text, '') AS txt
		FROM toezicht.rollen r
		WHERE r.swv_id = platform.current_swv() AND r.id <> p_id
		  AND toezicht.persoon_key(r.persoon) = toezicht.persoon_key(p_persoon)
		  AND ((p_orgaan = 'bestuur' AND r.orgaan = 'toezicht') OR (p_orgaan = 'toezicht' AND r.orgaan = 'bestuur'))
		  AND daterange(r.start_date, r.end_date, '[]') && daterange(p_start, p_end, '[]')
		UNION ALL
		SELECT l.start_date, 'toezicht: ' || coalesce(NULLIF(l.function, ''), 'lid') || ' ' || l.start_date || ' – '
		       || coalesce(l.end_date::text, '')
		FROM toezicht.leden l
		WHERE p_orgaan = 'bestuur' AND l.swv_id = platform.current_swv()
		  AND toezicht.persoon_key(l.name) = toezicht.persoon_key(p_persoon)
		  AND daterange(l.start_date, l.end_date, '[]') && daterange(p_start, p_end, '[]')
	) o (start_date, txt)
$$;
REVOKE ALL ON FUNCTION toezicht.rol_conflicten(uuid, text, text, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION toezicht.rol_conflicten(uuid, text, text, date, date) TO passend_bestuur, passend_toezicht;
