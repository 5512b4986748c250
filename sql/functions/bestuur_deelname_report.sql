-- bestuur.deelname_report: the deelname report
-- (passend.v1.Rapportage/GetDeelnameReport), defined only
-- here (D46); repeatable: `passendd migrate` re-applies
-- this file when it changes. Since 0013_db_trust: small cells are
-- suppressed unless the role in force is bestuur (platform.invoking_role,
-- not the passend.role setting any session may write).
--
-- Deelnamepercentages per teldatum: for the SWV and per bestuur from the
-- schoolgaand counts, per gemeente from the woonachtig counts. Denominator =
-- BAO + SBO; percentages in numeric, round(x, 2) (half-up); NULL when the
-- denominator is 0. For every role but bestuur, counts below the tenant's
-- small_cell_threshold are suppressed (value NULL, flag true) and, so that no
-- suppressed count can be recovered by subtraction (D42), complementary
-- cells too (platform.suppress_complementary) over the relations the report
-- prints: BAO + SBO = noemer and SO >= its categories in every row (the
-- noemer is suppressed first: the parts stay printed), and per teldatum the
-- SWV row against the bestuur rows. The suppression is computed over every
-- row (per gemeente and per bestuur too) whatever the request shows, so a
-- request with fewer rows prints no cell that another request suppresses.
-- A percentage is suppressed with its numerator or the noemer (a printed
-- percentage of a printed count would give the noemer back). The SO category
-- percentages are NULL when no SO count of the row gives its categories
-- (unknown, printed empty: not 0.00; D48).
CREATE OR REPLACE FUNCTION bestuur.deelname_report(p_teldata date[], p_per_gemeente boolean, p_per_bestuur boolean)
RETURNS TABLE (teldatum date, scope text, name text,
               bao bigint, sbo bigint, so bigint, so_c1 bigint, so_c2 bigint, so_c3 bigint, noemer bigint,
               pct_sbo numeric, pct_so numeric, pct_c1 numeric, pct_c2 numeric, pct_c3 numeric,
               land_sbo numeric, land_so numeric, suppress boolean, threshold integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS
$$
#variable_conflict use_column
BEGIN
	-- plpgsql, not sql: its body is checked when called, after every repeatable file is applied
	RETURN QUERY
	WITH base AS (
		SELECT t.teldatum, 'swv'::text AS scope, 0 AS ord, ''::text AS key, s.soort, t.aantal,
		       t.so_categorie_1, t.so_categorie_2, t.so_categorie_3
		FROM bestuur.tellingen t JOIN bestuur.scholen s ON s.swv_id = t.swv_id AND s.id = t.school_id
		WHERE t.swv_id = platform.current_swv() AND t.tel_wijze = 'schoolgaand'
		UNION ALL
		SELECT t.teldatum, 'gemeente', 1, g.name, s.soort, t.aantal, t.so_categorie_1, t.so_categorie_2,
		       t.so_categorie_3
		FROM bestuur.tellingen t JOIN bestuur.scholen s ON s.swv_id = t.swv_id AND s.id = t.school_id
		JOIN bestuur.gemeenten g ON g.swv_id = t.swv_id AND g.id = t.gemeente_id
		WHERE t.swv_id = platform.current_swv() AND t.tel_wijze = 'woonachtig'
		UNION ALL
		SELECT t.teldatum, 'bestuur', 2, b.name, s.soort, t.aantal, t.so_categorie_1, t.so_categorie_2,
		       t.so_categorie_3
		FROM bestuur.tellingen t JOIN bestuur.scholen s ON s.swv_id = t.swv_id AND s.id = t.school_id
		JOIN bestuur.schoolbesturen b ON b.swv_id = s.swv_id AND b.id = s.schoolbestuur_id
		WHERE t.swv_id = platform.current_swv() AND t.tel_wijze = 'schoolgaand'
	), agg AS (
		SELECT b.teldatum, b.scope, b.ord, b.key,
		       coalesce(sum(b.aantal) FILTER (WHERE b.soort = 1), 0) AS bao,
		       coalesce(sum(b.aantal) FILTER (WHERE b.soort = 2), 0) AS sbo,
		       coalesce(sum(b.aantal) FILTER (WHERE b.soort = 3), 0) AS so,
		       coalesce(sum(b.so_categorie_1) FILTER (WHERE b.soort = 3), 0) AS c1,
		       coalesce(sum(b.so_categorie_2) FILTER (WHERE b.soort = 3), 0) AS c2,
		       coalesce(sum(b.so_categorie_3) FILTER (WHERE b.soort = 3), 0) AS c3,
		       -- SO counts that give their categories: none = the categories are unknown
		       count(*) FILTER (WHERE b.soort = 3 AND (b.so_categorie_1 IS NOT NULL OR b.so_categorie_2 IS NOT NULL
		                                               OR b.so_categorie_3 IS NOT NULL)) AS ck
		FROM base b
		WHERE cardinality(coalesce(p_teldata, '{}')) = 0 OR b.teldatum = ANY (p_teldata)
		GROUP BY b.teldatum, b.scope, b.ord, b.key
	), ten AS (
		SELECT n.name, n.small_cell_threshold AS thr,
		       platform.invoking_role_name() <> 'bestuur' AS sup
		FROM platform.tenants n WHERE n.id = platform.current_swv()
	), r AS (
		SELECT a.teldatum, a.scope, a.ord, a.key, CASE WHEN a.scope = 'swv' THEN ten.name ELSE a.key END AS name,
		       a.bao, a.sbo, a.so, a.c1, a.c2, a.c3, a.bao + a.sbo AS noemer,
		       CASE WHEN a.bao + a.sbo > 0 THEN round(a.sbo * 100.0 / (a.bao + a.sbo), 2) END AS p_sbo,
		       CASE WHEN a.bao + a.sbo > 0 THEN round(a.so * 100.0 / (a.bao + a.sbo), 2) END AS p_so,
		       CASE WHEN a.bao + a.sbo > 0 AND a.ck > 0 THEN round(a.c1 * 100.0 / (a.bao + a.sbo), 2) END AS p_c1,
		       CASE WHEN a.bao + a.sbo > 0 AND a.ck > 0 THEN round(a.c2 * 100.0 / (a.bao + a.sbo), 2) END AS p_c2,
		       CASE WHEN a.bao + a.sbo > 0 AND a.ck > 0 THEN round(a.c3 * 100.0 / (a.bao + a.sbo), 2) END AS p_c3,
		       a.ck,
		       l.sbo AS l_sbo, l.so AS l_so, ten.sup, ten.thr,
		       row_number() OVER (ORDER BY a.teldatum, a.ord, a.key) AS rn
		FROM agg a CROSS JOIN ten
		LEFT JOIN platform.landelijke_percentages l ON l.teldatum = a.teldatum
	), ci AS (        -- the row's counts as cells: column c (1 bao .. 7 noemer) of row rn
		SELECT r.rn, r.teldatum, r.scope, x.c, x.v, ((r.rn - 1) * 7 + x.c)::integer AS idx,
		       -- unknown categories (0, no information) are not sensitive and picked last
		       r.sup AND x.v < r.thr AND NOT (x.c BETWEEN 4 AND 6 AND r.ck = 0) AS sens,
		       CASE WHEN x.c = 7 THEN 0 WHEN x.c BETWEEN 4 AND 6 AND r.ck = 0 THEN 1000000000000 ELSE x.v END AS cost
		FROM r CROSS JOIN LATERAL (VALUES (1, r.bao), (2, r.sbo), (3, r.so), (4, r.c1), (5, r.c2), (6, r.c3),
		                                  (7, r.noemer)) x (c, v)
	), grp AS (
		-- in a row: bao, sbo, noemer; so and its categories
		SELECT 'r' || ci.rn || CASE WHEN ci.c IN (1, 2, 7) THEN 'n' ELSE 's' END AS g, ci.idx FROM ci
		UNION ALL           -- per teldatum and column: the SWV row and the bestuur rows
		SELECT 't' || ci.teldatum || '|' || ci.c, ci.idx FROM ci WHERE ci.scope IN ('swv', 'bestuur')
	), zs AS MATERIALIZED ( -- once: referenced per cell, it would be inlined and recomputed per cell
		SELECT platform.suppress_complementary(c.v, c.s, g.g, g.i, c.cost) AS f
		FROM (SELECT array_agg(grp.g) AS g, array_agg(grp.idx) AS i FROM grp) g,
		     (SELECT array_agg(ci.v ORDER BY ci.idx) AS v, array_agg(ci.sens ORDER BY ci.idx) AS s,
		             array_agg(ci.cost ORDER BY ci.idx) AS cost FROM ci) c
	), z AS (
		SELECT r.*, coalesce(zs.f[(r.rn - 1) * 7 + 1], false) AS z_bao, coalesce(zs.f[(r.rn - 1) * 7 + 2], false) AS z_sbo,
		       coalesce(zs.f[(r.rn - 1) * 7 + 3], false) AS z_so, coalesce(zs.f[(r.rn - 1) * 7 + 4], false) AS z_c1,
		       coalesce(zs.f[(r.rn - 1) * 7 + 5], false) AS z_c2, coalesce(zs.f[(r.rn - 1) * 7 + 6], false) AS z_c3,
		       coalesce(zs.f[(r.rn - 1) * 7 + 7], false) AS z_n
		FROM r CROSS JOIN zs
	)
	-- suppressed cells come out NULL; so does a percentage whose numerator or denominator is suppressed
	SELECT z.teldatum, z.scope, z.name,
	       CASE WHEN z.z_bao THEN NULL ELSE z.bao END, CASE WHEN z.z_sbo THEN NULL ELSE z.sbo END,
	       CASE WHEN z.z_so THEN NULL ELSE z.so END, CASE WHEN z.z_c1 THEN NULL ELSE z.c1 END,
	       CASE WHEN z.z_c2 THEN NULL ELSE z.c2 END, CASE WHEN z.z_c3 THEN NULL ELSE z.c3 END,
	       CASE WHEN z.z_n THEN NULL ELSE z.noemer END,
	       CASE WHEN z.z_sbo OR z.z_n THEN NULL ELSE z.p_sbo END,
	       CASE WHEN z.z_so OR z.z_n THEN NULL ELSE z.p_so END,
	       CASE WHEN z.z_c1 OR z.z_n THEN NULL ELSE z.p_c1 END,
	       CASE WHEN z.z_c2 OR z.z_n THEN NULL ELSE z.p_c2 END,
	       CASE WHEN z.z_c3 OR z.z_n THEN NULL ELSE z.p_c3 END,
	       z.l_sbo, z.l_so, z.sup, z.thr
	FROM z
	WHERE (z.scope <> 'gemeente' OR p_per_gemeente) AND (z.scope <> 'bestuur' OR p_per_bestuur)
	ORDER BY z.teldatum, z.ord, z.name;
END
$$;
REVOKE ALL ON FUNCTION bestuur.deelname_report(date[], boolean, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.deelname_report(date[], boolean, boolean)
	TO passend_bestuur, passend_toezicht, passend_werkgebied;
