-- platform.report_periods and platform.suppress_complementary: the two rules
-- the werkgebied reports share (issue 8 point 8).
--
-- platform.report_periods(p_schooljaar, p_trimester) RETURNS TABLE (k, lbl, lo, hi)
--   The periods of a report cumulative within the school year by the current
--   tenant's trimesters (platform.tenants' schooljaar start and trimester
--   boundaries; bestuur.tlv_report uses them too): T1..Tn, [lo, hi), n = p_trimester
--   (0: the whole year, 3), and for n > 1 the cumulative period k = n + 1
--   labelled "T1+T2"... At most 4 rows, declared (ROWS 4): with the default
--   estimate of 1000 the reports' plans cost millions, and PostgreSQL's JIT
--   compiled them for 18 s per call on a loaded machine. Raises 22023 with the request's words for a bad
--   schooljaar or trimester (INVALID_ARGUMENT), P0002 without a tenant.
--
-- platform.suppress_complementary(p_vals bigint[], p_sensitive boolean[], p_groups integer[][])
--   RETURNS boolean[]
--   Small-cell suppression that holds against subtraction. p_vals are a
--   report's printed counts (cells 1..N), p_sensitive the cells suppressed
--   on their own (below the threshold), p_groups pairs [group, cell]: each
--   group is one additive relation among printed cells (parts and their
--   total: the levels of a period and the period's total; T1, T2 and
--   T1+T2). A group with exactly one suppressed cell would give it away by
--   subtraction, so its smallest other cell (lowest index on a tie) is
--   suppressed too, repeated until no group has exactly one. Returns which
--   cells to suppress (a superset of p_sensitive).
-- Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION platform.report_periods(p_schooljaar text, p_trimester integer)
RETURNS TABLE (k integer, lbl text, lo date, hi date)
LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 4 SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	y integer;
	n integer;
	ten record;
	y0 date;
	y1 date;
	t2 date;
	t3 date;
BEGIN
	IF p_schooljaar IS NULL OR p_schooljaar !~ '^[0-9]{4}-[0-9]{4}$'
	   OR substr(p_schooljaar, 6, 4)::integer <> substr(p_schooljaar, 1, 4)::integer + 1 THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = 'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"';
	END IF;
	IF p_trimester IS NULL OR p_trimester NOT BETWEEN 0 AND 3 THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'trimester must be 0 (whole year) or 1..3';
	END IF;
	SELECT t.schooljaar_start_month, t.schooljaar_start_day, t.trimester2_month, t.trimester2_day,
	       t.trimester3_month, t.trimester3_day
	INTO ten FROM platform.tenants t WHERE t.id = platform.current_swv();
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'tenant not found';
	END IF;
	y := substr(p_schooljaar, 1, 4)::integer;
	n := CASE WHEN p_trimester = 0 THEN 3 ELSE p_trimester END;
	-- a trimester boundary before the start month falls in the second calendar year
	y0 := make_date(y, ten.schooljaar_start_month, ten.schooljaar_start_day);
	y1 := make_date(y + 1, ten.schooljaar_start_month, ten.schooljaar_start_day);
	t2 := make_date(CASE WHEN make_date(y, ten.trimester2_month, ten.trimester2_day) >= y0 THEN y ELSE y + 1 END,
	                ten.trimester2_month, ten.trimester2_day);
	t3 := make_date(CASE WHEN make_date(y, ten.trimester3_month, ten.trimester3_day) >= y0 THEN y ELSE y + 1 END,
	                ten.trimester3_month, ten.trimester3_day);
	RETURN QUERY
	WITH tri AS (
		SELECT v.k, 'T' || v.k AS lbl, v.lo, v.hi FROM (VALUES (1, y0, t2), (2, t2, t3), (3, t3, y1)) v (k, lo, hi)
		WHERE v.k <= n
	)
	SELECT tri.k, tri.lbl, tri.lo, tri.hi FROM tri
	UNION ALL
	SELECT n + 1, string_agg(tri.lbl, '+' ORDER BY tri.k), min(tri.lo), max(tri.hi) FROM tri HAVING n > 1
	ORDER BY 1;
END
$$;
REVOKE ALL ON FUNCTION platform.report_periods(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.report_periods(text, integer)
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

CREATE OR REPLACE FUNCTION platform.suppress_complementary(p_vals bigint[], p_sensitive boolean[],
                                                           p_groups integer[])
RETURNS boolean[]
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
-- One statement sorts the pairs by group; the passes then run in memory over
-- each group's run of pairs (a statement per group and pass is slow).
DECLARE
	sup boolean[] := p_sensitive;
	g integer[];
	n integer;
	changed boolean := true;
	i integer;
	j integer;
	cnt integer;
	pick integer;
	c integer;
BEGIN
	SELECT array_agg(ARRAY[p_groups[k][1], p_groups[k][2]] ORDER BY p_groups[k][1], k) INTO g
	FROM generate_subscripts(p_groups, 1) k;
	n := coalesce(array_length(g, 1), 0);
	WHILE changed LOOP
		changed := false;
		i := 1;
		WHILE i <= n LOOP
			cnt := 0;
			pick := NULL;
			j := i;
			WHILE j <= n AND g[j][1] = g[i][1] LOOP
				c := g[j][2];
				IF coalesce(sup[c], false) THEN
					cnt := cnt + 1;
				ELSIF pick IS NULL OR p_vals[c] < p_vals[pick] OR (p_vals[c] = p_vals[pick] AND c < pick) THEN
					pick := c;
				END IF;
				j := j + 1;
			END LOOP;
			IF cnt = 1 AND pick IS NOT NULL THEN
				sup[pick] := true;
				changed := true;
			END IF;
			i := j;
		END LOOP;
	END LOOP;
	RETURN sup;
END
$$;
REVOKE ALL ON FUNCTION platform.suppress_complementary(bigint[], boolean[], integer[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.suppress_complementary(bigint[], boolean[], integer[])
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
