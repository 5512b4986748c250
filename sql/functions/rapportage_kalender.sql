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
--   compiled them for 18 s per call on a loaded machine. Raises 22023 with
--   the request's words for a bad schooljaar or trimester
--   (INVALID_ARGUMENT), P0002 without a tenant.
--
-- platform.suppress_complementary(p_vals bigint[], p_sensitive boolean[], p_groups integer[][])
--   RETURNS boolean[]
--   Small-cell suppression that holds against subtraction. p_vals are a
--   report's printed counts (cells 1..N), p_sensitive the cells suppressed
--   on their own (below the threshold), p_groups pairs [group, cell]: each
--   group is one additive relation among printed cells (parts and their
--   total: the levels of a period and the period's total; T1, T2 and
--   T1+T2). A group with exactly one suppressed cell would give it away by
--   subtraction, and so would a group whose suppressed cells add up to 0
--   (counts are not negative: the printed cells already make the total), so
--   one more of its cells is suppressed: preferably one that is in another
--   such group too (one extra cell fixes both), else the smallest (lowest
--   index on a tie); repeated until no group gives a cell away. Returns
--   which cells to suppress (a superset of p_sensitive).
-- platform.suppress_complementary(p_vals, p_sensitive, p_groups, p_cost bigint[])
--   The same, choosing among the cells that fix as many groups the one of
--   least p_cost instead of the smallest value (then the smallest value,
--   then the lowest index): a report gives a cell it would rather keep a
--   high cost (D42: the deelname report's parts over their noemer), and a
--   cell it never prints but whose value follows from printed ones (a
--   share's denominator) a very high one, so it is picked only when nothing
--   else is left.
-- platform.suppress_complementary(p_vals, p_sensitive, p_group text[], p_cell integer[], p_cost)
--   The same with each group named by text: p_group[i] holds cell p_cell[i]
--   (a report names its relations, 'per|nieuw|', and need not number them).
-- platform.suppress_complementary(p_vals, p_sensitive, p_groups integer[], p_cost, p_frozen boolean[])
--   The same, never choosing a frozen cell as a complement (a cell an
--   earlier stage settled, below).
-- platform.report_periods_union(p_schooljaar) RETURNS TABLE (k, lbl, lo, hi, stage, rels)
--   Every period any request of the school year can print (D51): T1, T2, T3,
--   T1+T2+T3 (k 1..4, as report_periods(.., 0)) and T1+T2 (k 5); stage the
--   last trimester a period needs (T1 1; T2 and T1+T2 2; T3 and T1+T2+T3
--   3); rels the cross-period relations a period's cells are in: a = T1 +
--   T2 = T1+T2, b = T1 + T2 + T3 = T1+T2+T3, c = T1+T2 + T3 = T1+T2+T3.
-- platform.suppress_staged(p_vals, p_sensitive, p_group text[], p_cell integer[], p_cost, p_stage integer[])
--   Complementary suppression in stages (D51): for stage s = 1, 2, 3 the
--   groups whose latest cell is of stage s are closed by suppressing cells
--   of stage s only (earlier stages' cells are frozen). So a cell of T1, T2
--   or T1+T2 is decided from the figures of T1 and T2 alone: data of T3
--   arriving later never changes what a T1 or T2 request prints.
-- The reports that use them run with jit = off (a function SET): their
-- estimates are pessimistic (functions, correlated counts) and JIT
-- compilation of a plan costed in millions took longer than the query
-- (seconds, on a loaded machine) for a few hundred rows.
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
                                                           p_groups integer[], p_cost bigint[],
                                                           p_frozen boolean[])
RETURNS boolean[]
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
-- One statement sorts the pairs by group (cells, in group order) and finds
-- where each group's run starts; the passes then run in memory over each
-- group's run (a statement per group and pass is slow). Each pass first
-- marks the groups that give a cell away (exactly one suppressed, or
-- suppressed cells adding up to 0); a cell chosen to fix one of them is
-- preferably one that also fixes another (shared complements keep the
-- number of extra suppressions down), then the cheapest. A group is only
-- searched for a complement when it gives a cell away (D54: most do not).
DECLARE
	sup boolean[] := p_sensitive;
	cells integer[]; -- the cells of the pairs, sorted by group
	starts integer[]; -- where each group's run of cells starts, and one past the last run
	ng integer;
	ncell integer := coalesce(array_length(p_vals, 1), 0);
	ndef integer[];
	changed boolean := true;
	gi integer;
	cnt integer;
	tot bigint;
	pick integer;
	c integer;
	gain integer;
	best_gain integer;
BEGIN
	SELECT array_agg(x.cell ORDER BY x.rn), array_agg(x.rn ORDER BY x.rn) FILTER (WHERE x.first)
	  INTO cells, starts
	FROM (SELECT p_groups[k][2] AS cell, row_number() OVER (ORDER BY p_groups[k][1], k)::integer AS rn,
	             p_groups[k][1] IS DISTINCT FROM lag(p_groups[k][1]) OVER (ORDER BY p_groups[k][1], k) AS first
	      FROM generate_subscripts(p_groups, 1) k) x;
	ng := coalesce(array_length(starts, 1), 0);
	starts := starts || (coalesce(array_length(cells, 1), 0) + 1);
	WHILE changed LOOP
		changed := false;
		-- how many groups that give a cell away each cell is in
		ndef := array_fill(0, ARRAY[greatest(ncell, 1)]);
		FOR gi IN 1 .. ng LOOP
			cnt := 0;
			tot := 0;
			FOR j IN starts[gi] .. starts[gi + 1] - 1 LOOP
				IF coalesce(sup[cells[j]], false) THEN
					cnt := cnt + 1;
					tot := tot + p_vals[cells[j]];
				END IF;
			END LOOP;
			IF cnt = 1 OR (cnt > 1 AND tot = 0) THEN
				FOR j IN starts[gi] .. starts[gi + 1] - 1 LOOP
					ndef[cells[j]] := ndef[cells[j]] + 1;
				END LOOP;
			END IF;
		END LOOP;
		FOR gi IN 1 .. ng LOOP
			cnt := 0;
			tot := 0;
			FOR j IN starts[gi] .. starts[gi + 1] - 1 LOOP
				IF coalesce(sup[cells[j]], false) THEN
					cnt := cnt + 1;
					tot := tot + p_vals[cells[j]];
				END IF;
			END LOOP;
			IF cnt = 1 OR (cnt > 1 AND tot = 0) THEN -- gives a cell away: suppress one more
				pick := NULL;
				best_gain := NULL;
				FOR j IN starts[gi] .. starts[gi + 1] - 1 LOOP
					c := cells[j];
					IF NOT coalesce(sup[c], false) AND NOT coalesce(p_frozen[c], false) THEN -- a frozen cell is never added
						gain := ndef[c];
						IF pick IS NULL OR gain > best_gain
						   OR (gain = best_gain AND (p_cost[c] < p_cost[pick]
						       OR (p_cost[c] = p_cost[pick] AND (p_vals[c] < p_vals[pick]
						                                          OR (p_vals[c] = p_vals[pick] AND c < pick))))) THEN
							pick := c;
							best_gain := gain;
						END IF;
					END IF;
				END LOOP;
				IF pick IS NOT NULL THEN
					sup[pick] := true;
					changed := true;
				END IF;
			END IF;
		END LOOP;
	END LOOP;
	RETURN sup;
END
$$;
REVOKE ALL ON FUNCTION platform.suppress_complementary(bigint[], boolean[], integer[], bigint[], boolean[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.suppress_complementary(bigint[], boolean[], integer[], bigint[], boolean[])
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

CREATE OR REPLACE FUNCTION platform.suppress_complementary(p_vals bigint[], p_sensitive boolean[],
                                                           p_groups integer[], p_cost bigint[])
RETURNS boolean[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT platform.suppress_complementary(p_vals, p_sensitive, p_groups, p_cost, NULL::boolean[])
$$;
REVOKE ALL ON FUNCTION platform.suppress_complementary(bigint[], boolean[], integer[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.suppress_complementary(bigint[], boolean[], integer[], bigint[])
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

CREATE OR REPLACE FUNCTION platform.suppress_complementary(p_vals bigint[], p_sensitive boolean[],
                                                           p_groups integer[])
RETURNS boolean[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT platform.suppress_complementary(p_vals, p_sensitive, p_groups, p_vals)
$$;
REVOKE ALL ON FUNCTION platform.suppress_complementary(bigint[], boolean[], integer[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.suppress_complementary(bigint[], boolean[], integer[])
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

CREATE OR REPLACE FUNCTION platform.suppress_complementary(p_vals bigint[], p_sensitive boolean[], p_group text[],
                                                           p_cell integer[], p_cost bigint[])
RETURNS boolean[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT platform.suppress_complementary(p_vals, p_sensitive,
	           (SELECT array_agg(ARRAY[d.gi, d.cell])
	            FROM (SELECT dense_rank() OVER (ORDER BY u.g)::integer AS gi, u.cell FROM unnest(p_group, p_cell) u (g, cell)) d),
	           p_cost)
$$;
REVOKE ALL ON FUNCTION platform.suppress_complementary(bigint[], boolean[], text[], integer[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.suppress_complementary(bigint[], boolean[], text[], integer[], bigint[])
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

CREATE OR REPLACE FUNCTION platform.report_periods_union(p_schooljaar text)
RETURNS TABLE (k integer, lbl text, lo date, hi date, stage integer, rels text[])
LANGUAGE sql STABLE SECURITY DEFINER ROWS 5 SET search_path = pg_catalog, pg_temp AS
$$
	SELECT p.k, p.lbl, p.lo, p.hi, least(p.k, 3),
	       CASE WHEN p.k <= 2 THEN '{a,b}' ELSE '{b,c}' END::text[]
	FROM platform.report_periods(p_schooljaar, 0) p
	UNION ALL
	SELECT 5, p.lbl, p.lo, p.hi, 2, '{a,c}'::text[]
	FROM platform.report_periods(p_schooljaar, 2) p WHERE p.k = 3
$$;
REVOKE ALL ON FUNCTION platform.report_periods_union(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.report_periods_union(text)
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

CREATE OR REPLACE FUNCTION platform.suppress_staged(p_vals bigint[], p_sensitive boolean[], p_group text[],
                                                    p_cell integer[], p_cost bigint[], p_stage integer[])
RETURNS boolean[]
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	sup boolean[] := p_sensitive;
	s integer;
	gs integer[];
	gst integer[];
	frozen boolean[];
BEGIN
	-- nothing sensitive (bestuur's view, or no small cell): no group can give a cell away, so
	-- every stage would return p_sensitive unchanged; the sorting and passes are skipped
	IF NOT coalesce(true = ANY (p_sensitive), false) THEN
		RETURN p_sensitive;
	END IF;
	-- once: the pairs [group number, cell] and each pair's group stage (its latest cell's)
	SELECT array_agg(ARRAY[d.gi, d.cell] ORDER BY d.gi, d.cell), array_agg(d.gst ORDER BY d.gi, d.cell) INTO gs, gst
	FROM (SELECT dense_rank() OVER (ORDER BY u.g)::integer AS gi, u.cell,
	             max(p_stage[u.cell]) OVER (PARTITION BY u.g) AS gst
	      FROM unnest(p_group, p_cell) u (g, cell)) d;
	FOR s IN SELECT DISTINCT st FROM unnest(p_stage) st WHERE st IS NOT NULL ORDER BY 1 LOOP
		frozen := ARRAY(SELECT coalesce(p_stage[i] < s, false) FROM generate_subscripts(p_vals, 1) i ORDER BY i);
		-- the groups whose latest cell is of stage s (earlier groups are settled, later ones wait)
		IF EXISTS (SELECT 1 FROM unnest(gst) x WHERE x = s) THEN
			sup := platform.suppress_complementary(p_vals, sup,
			           ARRAY(SELECT ARRAY[gs[i][1], gs[i][2]] FROM generate_subscripts(gst, 1) i WHERE gst[i] = s
			                 ORDER BY i), p_cost, frozen);
		END IF;
	END LOOP;
	RETURN sup;
END
$$;
REVOKE ALL ON FUNCTION platform.suppress_staged(bigint[], boolean[], text[], integer[], bigint[], integer[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.suppress_staged(bigint[], boolean[], text[], integer[], bigint[], integer[])
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
