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
-- small_cell_threshold are suppressed (value NULL, flag true), and so are
-- the percentages computed from them.
CREATE OR REPLACE FUNCTION bestuur.deelname_report(p_teldata date[], p_per_gemeente boolean, p_per_bestuur boolean)
RETURNS TABLE (teldatum date, scope text, name text,
               bao bigint, sbo bigint, so bigint, so_c1 bigint, so_c2 bigint, so_c3 bigint, noemer bigint,
               pct_sbo numeric, pct_so numeric, pct_c1 numeric, pct_c2 numeric, pct_c3 numeric,
               land_sbo numeric, land_so numeric, suppress boolean, threshold integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
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
		WHERE p_per_gemeente AND t.swv_id = platform.current_swv() AND t.tel_wijze = 'woonachtig'
		UNION ALL
		SELECT t.teldatum, 'bestuur', 2, b.name, s.soort, t.aantal, t.so_categorie_1, t.so_categorie_2,
		       t.so_categorie_3
		FROM bestuur.tellingen t JOIN bestuur.scholen s ON s.swv_id = t.swv_id AND s.id = t.school_id
		JOIN bestuur.schoolbesturen b ON b.swv_id = s.swv_id AND b.id = s.schoolbestuur_id
		WHERE p_per_bestuur AND t.swv_id = platform.current_swv() AND t.tel_wijze = 'schoolgaand'
	), agg AS (
		SELECT b.teldatum, b.scope, b.ord, b.key,
		       coalesce(sum(b.aantal) FILTER (WHERE b.soort = 1), 0) AS bao,
		       coalesce(sum(b.aantal) FILTER (WHERE b.soort = 2), 0) AS sbo,
		       coalesce(sum(b.aantal) FILTER (WHERE b.soort = 3), 0) AS so,
		       coalesce(sum(b.so_categorie_1) FILTER (WHERE b.soort = 3), 0) AS c1,
		       coalesce(sum(b.so_categorie_2) FILTER (WHERE b.soort = 3), 0) AS c2,
		       coalesce(sum(b.so_categorie_3) FILTER (WHERE b.soort = 3), 0) AS c3
		FROM base b
		WHERE cardinality(coalesce(p_teldata, '{}')) = 0 OR b.teldatum = ANY (p_teldata)
		GROUP BY b.teldatum, b.scope, b.ord, b.key
	), ten AS (
		SELECT n.name, n.small_cell_threshold AS thr,
		       platform.invoking_role_name() <> 'bestuur' AS sup
		FROM platform.tenants n WHERE n.id = platform.current_swv()
	), r AS (
		SELECT a.teldatum, a.scope, a.ord, CASE WHEN a.scope = 'swv' THEN ten.name ELSE a.key END AS name,
		       a.bao, a.sbo, a.so, a.c1, a.c2, a.c3, a.bao + a.sbo AS noemer,
		       CASE WHEN a.bao + a.sbo > 0 THEN round(a.sbo * 100.0 / (a.bao + a.sbo), 2) END AS p_sbo,
		       CASE WHEN a.bao + a.sbo > 0 THEN round(a.so * 100.0 / (a.bao + a.sbo), 2) END AS p_so,
		       CASE WHEN a.bao + a.sbo > 0 THEN round(a.c1 * 100.0 / (a.bao + a.sbo), 2) END AS p_c1,
		       CASE WHEN a.bao + a.sbo > 0 THEN round(a.c2 * 100.0 / (a.bao + a.sbo), 2) END AS p_c2,
		       CASE WHEN a.bao + a.sbo > 0 THEN round(a.c3 * 100.0 / (a.bao + a.sbo), 2) END AS p_c3,
		       l.sbo AS l_sbo, l.so AS l_so, ten.sup, ten.thr
		FROM agg a CROSS JOIN ten
		LEFT JOIN platform.landelijke_percentages l ON l.teldatum = a.teldatum
	)
	-- suppressed cells come out NULL; so does a percentage whose numerator or denominator is suppressed
	SELECT r.teldatum, r.scope, r.name,
	       CASE WHEN r.sup AND r.bao < r.thr THEN NULL ELSE r.bao END,
	       CASE WHEN r.sup AND r.sbo < r.thr THEN NULL ELSE r.sbo END,
	       CASE WHEN r.sup AND r.so < r.thr THEN NULL ELSE r.so END,
	       CASE WHEN r.sup AND r.c1 < r.thr THEN NULL ELSE r.c1 END,
	       CASE WHEN r.sup AND r.c2 < r.thr THEN NULL ELSE r.c2 END,
	       CASE WHEN r.sup AND r.c3 < r.thr THEN NULL ELSE r.c3 END,
	       CASE WHEN r.sup AND r.noemer < r.thr THEN NULL ELSE r.noemer END,
	       CASE WHEN r.sup AND (r.sbo < r.thr OR r.noemer < r.thr) THEN NULL ELSE r.p_sbo END,
	       CASE WHEN r.sup AND (r.so < r.thr OR r.noemer < r.thr) THEN NULL ELSE r.p_so END,
	       CASE WHEN r.sup AND (r.c1 < r.thr OR r.noemer < r.thr) THEN NULL ELSE r.p_c1 END,
	       CASE WHEN r.sup AND (r.c2 < r.thr OR r.noemer < r.thr) THEN NULL ELSE r.p_c2 END,
	       CASE WHEN r.sup AND (r.c3 < r.thr OR r.noemer < r.thr) THEN NULL ELSE r.p_c3 END,
	       r.l_sbo, r.l_so, r.sup, r.thr
	FROM r
	ORDER BY r.teldatum, r.ord, r.name
$$;
REVOKE ALL ON FUNCTION bestuur.deelname_report(date[], boolean, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.deelname_report(date[], boolean, boolean)
	TO passend_bestuur, passend_toezicht, passend_werkgebied;
