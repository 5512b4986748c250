-- werkgebied.thuiszitter_report(p_schooljaar text, p_trimester integer, p_peildatum date):
-- the thuiszitter report (issue 8 points 6 and 8, D39) of the current
-- tenant for a school year through a trimester (platform.report_periods:
-- T1..Tn and T1+..+Tn). One row per report line tagged with its section:
--   periode    ord k, periode: the report's periods in order
--   peildatum  datum: the day of the dreigend table (p_peildatum, else the
--              latest peildatum of the municipal counts in the period, else
--              the period's last day)
--   telling    the municipal counts with a peildatum in the period: datum,
--              code (categorie), label, periode = soort ('gemeente',
--              'zonder_verdeling' or 'totaal' per peildatum and categorie),
--              naam (the gemeente), c1 = aantal
--   dreigend   cases open on the peildatum per werkgebied where recorded
--              (code the id, naam the name; code '' naam 'Zonder werkgebied'
--              for cases without one; naam 'Totaal' the total): c1
--   duur       cases closed in a period (einddatum in it) per uitkomst
--              (code; '' the total): c1 = cases, d1 = mean and d2 = median
--              days from startdatum to einddatum (half-up, 2 decimals)
--   verloop    the municipal verloop whose period ends in the report's
--              period (datum van, datum2 tot, naam the gemeente, '' without
--              a split): c1..c6 = begin, nieuw, verhuisd, achttien, opgelost,
--              actueel, c7 = berekend (begin + nieuw - verhuisd - achttien -
--              opgelost), v = verschil (actueel - berekend; 0: klopt)
-- Scope (the role in force, platform.invoking_role_name, D36): bestuur and
-- toezicht the tenant; werkgebied the cases of pupils now in its werkgebieden
-- and the municipal figures of the gemeenten they cover (not the totals
-- without a split); school the cases of its pupils, no municipal figures.
-- A purged case (retention, D37) counts where it was recorded.
-- For every role but bestuur a count below the tenant's small_cell_threshold
-- is suppressed (NULL), and complementary cells too
-- (platform.suppress_complementary) over every relation the report prints:
-- the gemeenten and the unsplit total of a peildatum and categorie add up to
-- its total; the werkgebieden to the dreigend total; the uitkomsten of a
-- period to its total, and T1 + T2 = T1+T2, T1 + T2 + T3 = T1+T2 + T3 =
-- T1+T2+T3 (the case durations are counted and suppressed over every period
-- any request of the school year prints, in stages by trimester, D51:
-- platform.report_periods_union, platform.suppress_staged); per verloop row
-- the rule itself (the six figures with the printed verschil), berekend with
-- its five inputs, and actueel with berekend. A mean or median is suppressed
-- with its count. verschil (and so klopt) is always printed: flagging a
-- period that does not add up is the rule's purpose, and it is one
-- constant of the rule's relation, which the groups already cover.
-- jit = off: the planner's estimates for its CTEs over small, unanalyzed
-- sets are far above jit_above_cost, and compiling the plan cost seconds per
-- call (20 s on a loaded machine) for a query that runs in milliseconds.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION werkgebied.thuiszitter_report(p_schooljaar text, p_trimester integer, p_peildatum date)
RETURNS TABLE (sec text, ord integer, periode text, datum date, datum2 date, code text, label text, naam text,
               c1 bigint, c2 bigint, c3 bigint, c4 bigint, c5 bigint, c6 bigint, c7 bigint, v bigint,
               d1 text, d2 text, sup boolean, thr integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS
$$
#variable_conflict use_column
DECLARE
	swv uuid := platform.current_swv();
	role text := platform.invoking_role_name(); -- the role in force, not passend.role (D36)
	scope uuid[] := platform.current_scope();
	threshold integer;
	hide boolean;
	lo date;
	hi date;
	pd date;
	gems uuid[]; -- gemeenten of the municipal figures (NULL: all, and the unsplit ones)
	wgs uuid[];  -- werkgebieden of the dreigend table (NULL: all)
BEGIN
	IF swv IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'no tenant in this transaction';
	END IF;
	IF role NOT IN ('bestuur', 'toezicht', 'werkgebied', 'school') THEN
		RAISE EXCEPTION USING ERRCODE = '42501',
			MESSAGE = 'the thuiszitter report is for bestuur, toezicht, werkgebied and school';
	END IF;
	SELECT t.small_cell_threshold INTO threshold FROM platform.tenants t WHERE t.id = swv;
	hide := role <> 'bestuur';
	SELECT min(p.lo), max(p.hi) INTO lo, hi FROM platform.report_periods(p_schooljaar, p_trimester) p;
	IF role = 'werkgebied' THEN
		wgs := coalesce(scope, '{}');
		gems := ARRAY(SELECT wg.gemeente_id FROM bestuur.werkgebied_gemeenten wg
		              WHERE wg.swv_id = swv AND wg.werkgebied_id = ANY (wgs));
	ELSIF role = 'school' THEN
		wgs := ARRAY(SELECT s.werkgebied_id FROM bestuur.scholen s
		             WHERE s.swv_id = swv AND s.id = ANY (coalesce(scope, '{}')) AND s.werkgebied_id IS NOT NULL);
		gems := '{}';
	END IF;
	pd := coalesce(p_peildatum, (SELECT max(t.peildatum) FROM werkgebied.thuiszitter_tellingen t
	                             WHERE t.swv_id = swv AND t.peildatum >= lo AND t.peildatum < hi), hi - 1);
	RETURN QUERY
	WITH per AS (        -- the periods this request prints
		SELECT * FROM platform.report_periods(p_schooljaar, p_trimester)
	), pu AS (         -- every period of the school year: the case durations are suppressed over all (D51)
		SELECT * FROM platform.report_periods_union(p_schooljaar)
	), cat AS (
		SELECT e.code, e.label, row_number() OVER (ORDER BY e.sort_order, e.code)::integer AS o
		FROM werkgebied.effective_lijst('thuiszitter_categorie') e
	), tel AS (         -- the municipal counts of the period in scope
		SELECT t.peildatum, t.categorie, t.gemeente_id, g.name AS gemeente, t.aantal::bigint AS aantal
		FROM werkgebied.thuiszitter_tellingen t
		LEFT JOIN bestuur.gemeenten g ON g.swv_id = t.swv_id AND g.id = t.gemeente_id
		WHERE t.swv_id = swv AND t.peildatum >= lo AND t.peildatum < hi
		  AND (gems IS NULL OR t.gemeente_id = ANY (gems))
	), cs AS (          -- the cases in scope
		SELECT x.werkgebied_id, x.startdatum, x.einddatum, x.uitkomst
		FROM werkgebied.thuiszitter_casussen x
		LEFT JOIN werkgebied.leerlingen l ON l.swv_id = x.swv_id AND l.id = x.leerling_id
		WHERE x.swv_id = swv
		  AND (role <> 'werkgebied' OR coalesce(l.werkgebied_id, x.werkgebied_id) = ANY (wgs))
		  AND (role <> 'school' OR l.school_id = ANY (coalesce(scope, '{}')))
	), wg AS (          -- the dreigend table's werkgebieden, by name; a row for cases without one
		SELECT w.id, w.name, row_number() OVER (ORDER BY platform.name_key(w.name, w.id::text) COLLATE "C")::integer AS o
		FROM werkgebied.werkgebieden w
		WHERE w.swv_id = swv AND (wgs IS NULL OR w.id = ANY (wgs) OR EXISTS (SELECT 1 FROM cs WHERE cs.werkgebied_id = w.id))
		UNION ALL
		SELECT NULL, 'Zonder werkgebied', 100000 WHERE EXISTS (SELECT 1 FROM cs WHERE cs.werkgebied_id IS NULL)
	), uk AS (
		SELECT u.code, u.o FROM (VALUES ('geplaatst', 1), ('vrijstelling', 2), ('verhuisd', 3), ('achttien', 4),
		                                ('overig', 5), ('', 6)) u (code, o)
	), vl AS (          -- the verloop rows ending in the period in scope, numbered
		SELECT x.van, x.tot, coalesce(g.name, '') AS gemeente, x.begin::bigint AS b, x.nieuw::bigint AS n,
		       x.verhuisd::bigint AS vh, x.achttien::bigint AS a, x.opgelost::bigint AS op, x.actueel::bigint AS act,
		       row_number() OVER (ORDER BY x.tot, x.van, g.name NULLS LAST)::integer AS r
		FROM werkgebied.thuiszitter_verloop x
		LEFT JOIN bestuur.gemeenten g ON g.swv_id = x.swv_id AND g.id = x.gemeente_id
		WHERE x.swv_id = swv AND x.tot >= lo AND x.tot < hi AND (gems IS NULL OR x.gemeente_id = ANY (gems))
	), cells AS (       -- every printed number: its line, value, whether it is a count, its groups
		-- municipal counts per gemeente / without a split, and their total
		SELECT 'telling'::text AS kind, tel.peildatum AS dt, NULL::date AS dt2, tel.categorie AS cd,
		       CASE WHEN tel.gemeente_id IS NULL THEN 'zonder_verdeling' ELSE 'gemeente' END AS soort,
		       coalesce(tel.gemeente, '') AS nm, 0 AS k,
		       (SELECT cat.o FROM cat WHERE cat.code = tel.categorie) * 100000
		           + CASE WHEN tel.gemeente_id IS NULL THEN 99998
		                  ELSE (rank() OVER (PARTITION BY tel.peildatum, tel.categorie
		                                     ORDER BY tel.gemeente, tel.gemeente_id))::integer END AS o,
		       tel.aantal AS val, true AS cnt,
		       dense_rank() OVER (ORDER BY tel.peildatum, tel.categorie)::integer AS g1, NULL::integer AS g2
		FROM tel
		UNION ALL
		SELECT 'telling', tel.peildatum, NULL, tel.categorie, 'totaal', '', 0,
		       (SELECT cat.o FROM cat WHERE cat.code = tel.categorie) * 100000 + 99999, sum(tel.aantal)::bigint,
		       true, dense_rank() OVER (ORDER BY tel.peildatum, tel.categorie)::integer, NULL
		FROM tel GROUP BY tel.peildatum, tel.categorie
		-- cases open on the peildatum per werkgebied, and the total
		UNION ALL
		SELECT 'dreigend', NULL, NULL, coalesce(wg.id::text, ''), '', wg.name, 0, wg.o,
		       (SELECT count(*) FROM cs WHERE cs.werkgebied_id IS NOT DISTINCT FROM wg.id AND cs.startdatum <= pd
		                                  AND (cs.einddatum IS NULL OR cs.einddatum > pd)),
		       true, 100000, NULL
		FROM wg
		UNION ALL
		SELECT 'dreigend', NULL, NULL, '', '', 'Totaal', 0, 200000,
		       (SELECT count(*) FROM cs WHERE cs.startdatum <= pd AND (cs.einddatum IS NULL OR cs.einddatum > pd)
		          AND (cs.werkgebied_id IS NULL OR cs.werkgebied_id IN (SELECT wg.id FROM wg))),
		       true, 100000, NULL
		-- cases closed per period and uitkomst, and the period's total
		UNION ALL
		SELECT 'duur', NULL, NULL, uk.code, pu.lbl, '', pu.k, pu.k * 10 + uk.o,
		       (SELECT count(*) FROM cs WHERE cs.einddatum >= pu.lo AND cs.einddatum < pu.hi
		                                  AND (uk.code = '' OR cs.uitkomst = uk.code)),
		       true, 200000 + pu.k, NULL -- the cross-period groups: grp, by pu.rels
		FROM pu, uk
		-- the verloop: the six figures (the rule), and berekend
		UNION ALL
		SELECT 'verloop', vl.van, vl.tot, f.col, '', vl.gemeente, vl.r, f.o, f.val, f.o <= 6,
		       400000 + 3 * vl.r + CASE WHEN f.o = 7 THEN 1 ELSE 0 END,
		       400000 + 3 * vl.r + CASE WHEN f.o = 6 OR f.o = 7 THEN 2 ELSE 1 END
		FROM vl, LATERAL (VALUES ('begin', 1, vl.b), ('nieuw', 2, vl.n), ('verhuisd', 3, vl.vh),
		                         ('achttien', 4, vl.a), ('opgelost', 5, vl.op), ('actueel', 6, vl.act),
		                         ('berekend', 7, vl.b + vl.n - vl.vh - vl.a - vl.op)) f (col, o, val)
	), ci AS (
		SELECT cells.*, row_number() OVER (ORDER BY cells.kind, cells.k, cells.o, cells.dt, cells.cd)::integer AS idx,
		       hide AND cells.cnt AND cells.val < threshold AS sens
		FROM cells
	), grp AS (
		SELECT g.g::text AS g, ci.idx FROM ci, LATERAL (VALUES (ci.g1), (ci.g2)) g (g) WHERE g.g IS NOT NULL
		UNION ALL          -- T1 + T2 = T1+T2, T1 + T2 + T3 = T1+T2 + T3 = T1+T2+T3 per uitkomst
		SELECT 'per|' || r.rel || '|' || ci.cd, ci.idx
		FROM ci JOIN pu ON ci.kind = 'duur' AND pu.k = ci.k CROSS JOIN unnest(pu.rels) r (rel)
	), s AS MATERIALIZED ( -- once, in stages by trimester (D51; inlined, it would be recomputed per
		-- cell); every cell but a duration is of stage 1
		SELECT platform.suppress_staged(
		           (SELECT array_agg(ci.val ORDER BY ci.idx) FROM ci),
		           (SELECT array_agg(ci.sens ORDER BY ci.idx) FROM ci),
		           (SELECT array_agg(grp.g ORDER BY grp.g, grp.idx) FROM grp),
		           (SELECT array_agg(grp.idx ORDER BY grp.g, grp.idx) FROM grp),
		           (SELECT array_agg(ci.val ORDER BY ci.idx) FROM ci),
		           (SELECT array_agg(CASE WHEN ci.kind = 'duur' THEN pu.stage ELSE 1 END ORDER BY ci.idx)
		            FROM ci LEFT JOIN pu ON ci.kind = 'duur' AND pu.k = ci.k)) AS f
	), o AS (
		SELECT ci.*, CASE WHEN coalesce(s.f[ci.idx], false) THEN NULL ELSE ci.val END AS shown FROM ci, s
	), med AS (         -- mean and median duration per period and uitkomst
		SELECT pu.k, uk.code,
		       round(avg(cs.einddatum - cs.startdatum), 2)::text AS mean,
		       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY cs.einddatum - cs.startdatum)::numeric, 2)::text AS median
		FROM pu, uk, cs
		WHERE cs.einddatum >= pu.lo AND cs.einddatum < pu.hi AND (uk.code = '' OR cs.uitkomst = uk.code)
		GROUP BY pu.k, uk.code
	)
	SELECT 'periode'::text, per.k, per.lbl, NULL::date, NULL::date, NULL::text, NULL::text, NULL::text,
	       NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint,
	       NULL::bigint, NULL::text, NULL::text, hide, threshold
	FROM per
	UNION ALL
	SELECT 'peildatum', 0, NULL, pd, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	       hide, threshold
	UNION ALL
	SELECT 'telling', (row_number() OVER (ORDER BY o.dt, o.o))::integer, o.soort, o.dt, NULL, o.cd, (SELECT cat.label FROM cat WHERE cat.code = o.cd), o.nm,
	       o.shown, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, hide, threshold
	FROM o WHERE o.kind = 'telling'
	UNION ALL
	SELECT 'dreigend', o.o, NULL, NULL, NULL, o.cd, NULL, o.nm, o.shown, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	       NULL, NULL, hide, threshold
	FROM o WHERE o.kind = 'dreigend'
	UNION ALL
	SELECT 'duur', per.k * 10 + o.o % 10, o.soort, NULL, NULL, o.cd, NULL, NULL, o.shown, NULL, NULL, NULL, NULL, NULL,
	       NULL, NULL, CASE WHEN o.shown IS NOT NULL THEN med.mean END,
	       CASE WHEN o.shown IS NOT NULL THEN med.median END, hide, threshold
	FROM o JOIN per ON per.lbl = o.soort LEFT JOIN med ON med.k = o.k AND med.code = o.cd WHERE o.kind = 'duur'
	UNION ALL
	SELECT 'verloop', vl.r, NULL, vl.van, vl.tot, NULL, NULL, vl.gemeente,
	       (SELECT o.shown FROM o WHERE o.kind = 'verloop' AND o.k = vl.r AND o.o = 1),
	       (SELECT o.shown FROM o WHERE o.kind = 'verloop' AND o.k = vl.r AND o.o = 2),
	       (SELECT o.shown FROM o WHERE o.kind = 'verloop' AND o.k = vl.r AND o.o = 3),
	       (SELECT o.shown FROM o WHERE o.kind = 'verloop' AND o.k = vl.r AND o.o = 4),
	       (SELECT o.shown FROM o WHERE o.kind = 'verloop' AND o.k = vl.r AND o.o = 5),
	       (SELECT o.shown FROM o WHERE o.kind = 'verloop' AND o.k = vl.r AND o.o = 6),
	       (SELECT o.shown FROM o WHERE o.kind = 'verloop' AND o.k = vl.r AND o.o = 7),
	       vl.act - (vl.b + vl.n - vl.vh - vl.a - vl.op), NULL, NULL, hide, threshold
	FROM vl
	ORDER BY 1, 2;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.thuiszitter_report(text, integer, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.thuiszitter_report(text, integer, date)
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
