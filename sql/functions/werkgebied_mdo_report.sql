-- werkgebied.mdo_report(p_schooljaar text, p_trimester integer): the MDO
-- report (issue 8 point 8) of the current tenant, cumulative within the
-- school year by its trimesters (platform.report_periods): T1..Tn and
-- T1+..+Tn. One row per report line tagged with its section (sec):
--   periode    ord k, periode: the report's periods in order
--   niveau     per period and MDO level (the tenant's effective mdo_niveau
--              list: active levels and any level used): c1 = MDOs
--   kenmerken  per period: c1 = MDOs, c2 = tijdelijke plaatsingen SBO,
--              c3 = SO; d1 = aandeel jonger dan 8, d2 = aandeel with the
--              child taking part (both per MDO, half-up to 2 decimals)
-- An MDO counts in the trimester of its datum. "Jonger dan 8" is per MDO,
-- not per distinct pupil (per MDO the parts add up to the cumulative
-- period, so suppression can hold against subtraction), and on the age the
-- pupil reaches in the school year's first calendar year (year - geboortejaar
-- < 8, as the TLV report; pupils without geboortejaar are left out of the
-- share). Scope: bestuur and toezicht the whole tenant, werkgebied the MDOs
-- of pupils now in its werkgebieden (the pupil scope, D31). An MDO whose
-- pupil was purged (retention, D37) counts with the birth year kept on its
-- row, for a werkgebied where it was held. The role is the one in force
-- (platform.invoking_role_name, D36). For every role
-- but bestuur a count below the tenant's small_cell_threshold is suppressed
-- (c NULL) and, so that no suppressed count can be recovered by
-- subtraction, complementary cells too (platform.suppress_complementary)
-- over the relations the report prints: the levels of a period add up to
-- its MDOs; T1 + T2 = T1+T2 and T1 + T2 + T3 = T1+T2 + T3 = T1+T2+T3 for
-- every count, and for the hidden
-- numerators of the shares (a share is suppressed, d NULL and s true, when
-- its numerator or its complement is below the threshold, or its numerator
-- is suppressed complementarily). sup / thr: the caller's suppression and
-- the threshold. Computed over every period any request of the school year
-- prints (platform.report_periods_union), in stages by trimester
-- (platform.suppress_staged), whatever the request prints (D51).
-- jit = off: the planner's estimates for the cells' subqueries are large
-- enough to trigger JIT compilation, which took 10-16 s (LLVM optimization)
-- for a report that runs in milliseconds over Noord-Kennemerland's 1648 MDOs.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION werkgebied.mdo_report(p_schooljaar text, p_trimester integer)
RETURNS TABLE (sec text, ord integer, periode text, code text, label text, c1 bigint, c2 bigint, c3 bigint,
               d1 text, d2 text, s1 boolean, s2 boolean, sup boolean, thr integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS
$$
#variable_conflict use_column
DECLARE
	swv uuid := platform.current_swv();
	role text := platform.invoking_role_name(); -- the role in force, not passend.role (D36)
	y integer;
	threshold integer;
	hide boolean;
BEGIN
	IF swv IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'no tenant in this transaction';
	END IF;
	IF role NOT IN ('bestuur', 'toezicht', 'werkgebied') THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the MDO report is for bestuur, toezicht and werkgebied';
	END IF;
	PERFORM 1 FROM platform.report_periods(p_schooljaar, p_trimester); -- checks schooljaar and trimester
	y := substr(p_schooljaar, 1, 4)::integer;
	SELECT t.small_cell_threshold INTO threshold FROM platform.tenants t WHERE t.id = swv;
	hide := role <> 'bestuur';
	RETURN QUERY
	WITH per AS (       -- every period of the school year: the suppression is computed over all (D51)
		SELECT * FROM platform.report_periods_union(p_schooljaar)
	), rp AS (          -- the periods this request prints, by label onto per
		SELECT rq.k AS rk, per.* FROM platform.report_periods(p_schooljaar, p_trimester) rq JOIN per ON per.lbl = rq.lbl
	), m AS (           -- the MDOs of the report's periods in the caller's scope, with the trimester
		SELECT x.*, coalesce(l.geboortejaar, x.anon_geboortejaar) AS geboortejaar, per.k AS tk
		FROM werkgebied.mdos x
		LEFT JOIN werkgebied.leerlingen l ON l.swv_id = x.swv_id AND l.id = x.leerling_id
		JOIN per ON per.lbl NOT LIKE '%+%' AND x.datum >= per.lo AND x.datum < per.hi
		WHERE x.swv_id = swv
		  AND (role <> 'werkgebied' OR coalesce(l.werkgebied_id, x.werkgebied_id) = ANY (platform.current_scope()))
	), mp AS (          -- each MDO in its trimester and in the cumulative periods containing it
		SELECT m.*, per.k AS pk FROM m JOIN per ON m.datum >= per.lo AND m.datum < per.hi
	), lvl AS (
		SELECT e.code, e.label, row_number() OVER (ORDER BY e.sort_order, e.code)::integer AS o
		FROM werkgebied.effective_lijst('mdo_niveau') e
		WHERE e.active OR EXISTS (SELECT 1 FROM m WHERE m.niveau = e.code)
	), cells AS (       -- every count the report prints or derives from: (kind, period, level)
		SELECT 'niveau'::text AS kind, per.k, lvl.code, lvl.o,
		       (SELECT count(*) FROM mp WHERE mp.pk = per.k AND mp.niveau = lvl.code) AS v,
		       NULL::bigint AS den
		FROM per, lvl
		UNION ALL
		SELECT v.kind, per.k, NULL, 0,
		       CASE v.kind
		       WHEN 'mdos' THEN (SELECT count(*) FROM mp WHERE mp.pk = per.k)
		       WHEN 'sbo' THEN (SELECT count(*) FROM mp WHERE mp.pk = per.k AND mp.plaatsing = 'sbo')
		       WHEN 'so' THEN (SELECT count(*) FROM mp WHERE mp.pk = per.k AND mp.plaatsing = 'so')
		       WHEN 'onder8' THEN (SELECT count(*) FROM mp WHERE mp.pk = per.k AND mp.geboortejaar > 0
		                                                 AND y - mp.geboortejaar < 8)
		       WHEN 'kind' THEN (SELECT count(*) FROM mp WHERE mp.pk = per.k AND mp.kind_deelgenomen) END,
		       CASE v.kind
		       WHEN 'onder8' THEN (SELECT count(*) FROM mp WHERE mp.pk = per.k AND mp.geboortejaar > 0)
		       WHEN 'kind' THEN (SELECT count(*) FROM mp WHERE mp.pk = per.k) END
		FROM per, (VALUES ('mdos'), ('sbo'), ('so'), ('onder8'), ('kind')) v (kind)
	), ci AS (
		SELECT cells.*, row_number() OVER (ORDER BY cells.kind, cells.o, cells.k)::integer AS idx,
		       hide AND (cells.v < threshold OR (cells.den IS NOT NULL
		                                         AND (cells.den < threshold OR cells.den - cells.v < threshold)))
		           AS sens
		FROM cells
	), grp AS (         -- the additive relations: per period levels = mdos; per kind (and level) parts = cumulative
		SELECT 'p|' || ci.k AS g, ci.idx
		FROM ci WHERE ci.kind IN ('niveau', 'mdos')
		UNION ALL
		SELECT 'c|' || r.rel || '|' || ci.kind || '|' || coalesce(ci.code, ''), ci.idx
		FROM ci JOIN per ON per.k = ci.k CROSS JOIN unnest(per.rels) r (rel)
	), s AS MATERIALIZED ( -- once (inlined, it would be recomputed per cell)
		SELECT platform.suppress_staged(c.v, c.s, g.g, g.i, c.v, c.st) AS f
		FROM (SELECT array_agg(ci.v ORDER BY ci.idx) AS v, array_agg(ci.sens ORDER BY ci.idx) AS s,
		             array_agg(per.stage ORDER BY ci.idx) AS st
		      FROM ci JOIN per ON per.k = ci.k) c,
		     (SELECT array_agg(grp.g) AS g, array_agg(grp.idx) AS i FROM grp) g
	), out AS (
		SELECT ci.*, coalesce(s.f[ci.idx], false) AS z FROM ci, s
	)
	SELECT 'periode'::text, rp.rk, rp.lbl, NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::bigint,
	       NULL::text, NULL::text, false, false, hide, threshold
	FROM rp
	UNION ALL
	SELECT 'niveau', rp.rk * 1000 + o.o, rp.lbl, o.code, lvl.label, CASE WHEN o.z THEN NULL ELSE o.v END, NULL, NULL,
	       NULL, NULL, false, false, hide, threshold
	FROM out o JOIN rp ON rp.k = o.k JOIN lvl ON lvl.code = o.code
	WHERE o.kind = 'niveau'
	UNION ALL
	SELECT 'kenmerken', rp.rk, rp.lbl, NULL, NULL,
	       (SELECT CASE WHEN o.z THEN NULL ELSE o.v END FROM out o WHERE o.kind = 'mdos' AND o.k = rp.k),
	       (SELECT CASE WHEN o.z THEN NULL ELSE o.v END FROM out o WHERE o.kind = 'sbo' AND o.k = rp.k),
	       (SELECT CASE WHEN o.z THEN NULL ELSE o.v END FROM out o WHERE o.kind = 'so' AND o.k = rp.k),
	       (SELECT CASE WHEN o.z OR o.den = 0 THEN NULL ELSE round(o.v::numeric / o.den, 2)::text END
	        FROM out o WHERE o.kind = 'onder8' AND o.k = rp.k),
	       (SELECT CASE WHEN o.z OR o.den = 0 THEN NULL ELSE round(o.v::numeric / o.den, 2)::text END
	        FROM out o WHERE o.kind = 'kind' AND o.k = rp.k),
	       (SELECT o.z FROM out o WHERE o.kind = 'onder8' AND o.k = rp.k),
	       (SELECT o.z FROM out o WHERE o.kind = 'kind' AND o.k = rp.k), hide, threshold
	FROM rp
	ORDER BY 1 DESC, 2;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.mdo_report(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.mdo_report(text, integer) TO passend_bestuur, passend_toezicht, passend_werkgebied;
