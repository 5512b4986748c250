-- werkgebied.arrangement_report: the arrangement report of a school year
-- through trimester N (0: the whole year), cumulative within the school year
-- by the tenant's trimesters (platform.report_periods: T1..Tn and
-- T1+..+Tn). D33, D42.
--   werkgebied.arrangement_report(p_schooljaar text, p_trimester integer)
--   RETURNS TABLE (sec, ord, periode, dim, name, label, c1..c5 bigint, d1 text, s1 boolean, sup, thr)
-- Counts an arrangement that was granted (toegekend or later: not
-- aangevraagd, afgewezen or ingetrokken) in the period of its startdatum.
-- One row per report line tagged with its section (sec):
--   periode     ord k, periode: the report's periods in order
--   werkgebied  per period and werkgebied (name its id, label its name; name
--               '' the total row): c1 individueel, c2 groep, c3 innovatie,
--               c4 totaal, c5 verlengingen (of any type), d1 individueel as
--               % of the werkgebied's pupils now (numeric, half-up, 2
--               decimals)
--   verdeling   per period, dimension (dim) and value (name a code, label
--               what a person reads): c1 arrangements, d1 their % of the
--               period's arrangements. dim 'bestuur' (the bestuur of the
--               arrangement's school, by id; '' none: groep and innovatie,
--               which have no school), 'ondersteuningscategorie' (code; ''
--               none recorded), 'leerjaar' (groep 1..8 by age: the age the
--               pupil reaches in the school year's first calendar year minus
--               3, the usual entry at 4, within 1..8; 'onbekend' without
--               birth year; '' groep and innovatie), 'geslacht' (1 jongen,
--               2 meisje, 3 anders, 0 onbekend; '' groep and innovatie)
--   versterkt   per period: c1 arrangements that also strengthen the
--               teacher's or team's skills, c4 the period's arrangements, d1
--               their share in %
-- An arrangement whose pupil was purged (retention, D37) counts with the
-- birth year and sex kept on its row (0021_arrangement_report.sql).
-- Scope: bestuur and toezicht the whole tenant; werkgebied (consulent) her
-- werkgebieden only (the role in force, platform.invoking_role_name, D36).
-- Suppression (every role but bestuur): a count below the tenant's
-- small_cell_threshold is suppressed (NULL), and complementary cells too
-- (platform.suppress_complementary) over every relation the report prints:
-- in a period individueel + groep + innovatie = totaal in each row and the
-- werkgebieden add up to the total row in each column; the values of each
-- dimension add up to the period's total; T1 + T2 = T1+T2 and T1 + T2 +
-- T3 = T1+T2 + T3 = T1+T2+T3 for every count and for the versterkt
-- numerator. Computed over every period any request of the school year
-- prints (platform.report_periods_union), in stages by trimester
-- (platform.suppress_staged), whatever the request prints: two requests
-- never disagree on a cell, and later trimesters never change an earlier
-- one's cells (D51). The versterkt share is
-- suppressed when its numerator or its complement is small; a percentage is
-- suppressed with its count or its denominator. sup / thr: the caller's
-- suppression and the threshold.
-- plan_cache_mode = force_custom_plan (D54): the main statement is planned
-- for each call's tenant and dates. Its generic plan (what the plan cache
-- settles on after five calls) estimates the school year's arrangements at
-- one row and probes the schools and pupils once per arrangement; at
-- national scale it took 26-30 ms of CPU per call against 15-16 ms for a
-- custom plan, planning included. Repeatable (D25).
-- werkgebied.arrangement_report_rows: the arrangements the report counts
-- (granted, startdatum in [p_lo, p_hi), of werkgebieden p_scope when not
-- NULL) of the current tenant with what the report splits them by; the
-- report's one selection.
CREATE OR REPLACE FUNCTION werkgebied.arrangement_report_rows(p_lo date, p_hi date, p_scope uuid[])
RETURNS TABLE (startdatum date, werkgebied_id uuid, rubriek text, categorie text, verlenging boolean,
               versterkt boolean, bestuur_id uuid, geboortejaar integer, geslacht integer)
LANGUAGE sql STABLE AS
$f$
	SELECT a.startdatum, a.werkgebied_id, a.rubriek, coalesce(a.ondersteuningscategorie, ''),
	       a.voorganger_id IS NOT NULL, a.versterkt_leerkracht, s.schoolbestuur_id,
	       coalesce(l.geboortejaar, a.anon_geboortejaar, 0), coalesce(l.geslacht, a.anon_geslacht, 0)
	FROM werkgebied.arrangementen a
	LEFT JOIN bestuur.scholen s ON s.swv_id = a.swv_id AND s.id = a.school_id
	LEFT JOIN werkgebied.leerlingen l ON l.swv_id = a.swv_id AND l.id = a.leerling_id
	WHERE a.swv_id = platform.current_swv() AND a.status NOT IN ('aangevraagd', 'afgewezen', 'ingetrokken')
	  AND a.startdatum >= p_lo AND a.startdatum < p_hi AND (p_scope IS NULL OR a.werkgebied_id = ANY (p_scope))
$f$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_report_rows(date, date, uuid[]) FROM PUBLIC;

CREATE OR REPLACE FUNCTION werkgebied.arrangement_report(p_schooljaar text, p_trimester integer)
RETURNS TABLE (sec text, ord integer, periode text, dim text, name text, label text, c1 bigint, c2 bigint,
               c3 bigint, c4 bigint, c5 bigint, d1 text, s1 boolean, sup boolean, thr integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off
SET plan_cache_mode = force_custom_plan AS
$$
#variable_conflict use_column
DECLARE
	swv uuid := platform.current_swv();
	role text := platform.invoking_role_name(); -- the role in force, not passend.role (D36)
	wscope uuid[];
	y integer;
	lo date;
	hi date;
	threshold integer;
	hide boolean;
BEGIN
	IF swv IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'no tenant in this transaction';
	END IF;
	-- platform.report_periods checks schooljaar and trimester; the cells are
	-- counted over the whole school year (every period a request can print, D51)
	PERFORM 1 FROM platform.report_periods(p_schooljaar, p_trimester);
	SELECT min(p.lo), max(p.hi) INTO lo, hi FROM platform.report_periods(p_schooljaar, 0) p;
	y := substr(p_schooljaar, 1, 4)::integer;
	SELECT t.small_cell_threshold INTO threshold FROM platform.tenants t WHERE t.id = swv;
	hide := role <> 'bestuur';
	IF role = 'werkgebied' THEN
		wscope := platform.current_scope();
	END IF;
	RETURN QUERY
	WITH per AS (        -- every period of the school year: the suppression is computed over all (D51)
		SELECT * FROM platform.report_periods_union(p_schooljaar)
	), rp AS (           -- the periods this request prints, by label onto per
		SELECT rq.k AS rk, per.* FROM platform.report_periods(p_schooljaar, p_trimester) rq JOIN per ON per.lbl = rq.lbl
	), x AS MATERIALIZED ( -- each counted arrangement once, with its trimester k
		SELECT per.k, r.*,
		       CASE WHEN r.rubriek <> 'individueel' THEN ''
		            WHEN r.geboortejaar <= 0 THEN 'onbekend'
		            ELSE least(8, greatest(1, y - r.geboortejaar - 3))::text END AS leerjaar,
		       CASE WHEN r.rubriek <> 'individueel' THEN '' ELSE r.geslacht::text END AS gcode
		FROM werkgebied.arrangement_report_rows(lo, hi, wscope) r
		JOIN per ON per.k <= 3 AND r.startdatum >= per.lo AND r.startdatum < per.hi
	), pt AS (            -- each period (pk) with the trimesters (tk) it adds up
		SELECT p.k AS pk, t.k AS tk FROM per p JOIN per t ON t.k <= 3 AND t.lo >= p.lo AND t.hi <= p.hi
	), wg AS (            -- the werkgebieden shown, by name (platform.name_key), with their pupils now
		SELECT w.id, w.name, row_number() OVER (ORDER BY platform.name_key(w.name, w.id::text) COLLATE "C")::integer AS o,
		       (SELECT count(*) FROM werkgebied.leerlingen l WHERE l.swv_id = swv AND l.werkgebied_id = w.id) AS pupils
		FROM werkgebied.werkgebieden w
		WHERE w.swv_id = swv AND (wscope IS NULL OR w.id = ANY (wscope))
	), wgt AS (           -- the werkgebied rows and the total row ('', last)
		SELECT wg.id::text AS wid, wg.name, wg.o, wg.pupils FROM wg
		UNION ALL
		SELECT '', 'Totaal', 9999, (SELECT coalesce(sum(wg.pupils), 0) FROM wg)
	), dims AS (          -- every value of every dimension shown: (dim, code, label, order)
		SELECT 'bestuur'::text AS dim, b.id::text AS code, b.name AS label, 1 AS o, platform.name_key(b.name, b.id::text) AS k
		FROM bestuur.schoolbesturen b
		WHERE b.swv_id = swv AND EXISTS (SELECT 1 FROM x WHERE x.bestuur_id = b.id)
		UNION ALL
		SELECT 'bestuur', '', 'geen bestuur', 2, ''
		UNION ALL
		SELECT 'ondersteuningscategorie', c.categorie, coalesce(e.label, NULLIF(c.categorie, ''), 'geen'),
		       CASE WHEN c.categorie = '' THEN 2 ELSE 1 END, lpad(coalesce(e.sort_order, 0)::text, 10, '0') || c.categorie
		FROM (SELECT DISTINCT x.categorie FROM x
		      UNION SELECT e2.code FROM werkgebied.effective_lijst('ondersteuningscategorie') e2 WHERE e2.active) c
		LEFT JOIN werkgebied.effective_lijst('ondersteuningscategorie') e ON e.code = c.categorie
		UNION ALL
		SELECT 'leerjaar', v.code, v.label, 1, v.k
		FROM (VALUES ('1', 'groep 1', '1'), ('2', 'groep 2', '2'), ('3', 'groep 3', '3'), ('4', 'groep 4', '4'),
		             ('5', 'groep 5', '5'), ('6', 'groep 6', '6'), ('7', 'groep 7', '7'), ('8', 'groep 8', '8'),
		             ('onbekend', 'onbekend', '9'), ('', 'niet individueel', '99')) v (code, label, k)
		UNION ALL
		SELECT 'geslacht', v.code, v.label, 1, v.k
		FROM (VALUES ('1', 'jongen', '1'), ('2', 'meisje', '2'), ('3', 'anders', '3'), ('0', 'onbekend', '4'),
		             ('', 'niet individueel', '9')) v (code, label, k)
	), dimo AS (
		SELECT dims.*, row_number() OVER (PARTITION BY dims.dim ORDER BY dims.o, dims.k, dims.code)::integer AS n
		FROM dims
	), wgt0 AS (          -- counts per trimester and werkgebied, and per trimester ('' the total row):
		-- each arrangement is read once; a cumulative period is the sum of its trimesters
		SELECT x.k, coalesce(x.werkgebied_id::text, '') AS wid,
		       count(*) FILTER (WHERE x.rubriek = 'individueel') AS c1, count(*) FILTER (WHERE x.rubriek = 'groep') AS c2,
		       count(*) FILTER (WHERE x.rubriek = 'innovatie') AS c3, count(*) AS c4,
		       count(*) FILTER (WHERE x.verlenging) AS c5, count(*) FILTER (WHERE x.versterkt) AS c6
		FROM x GROUP BY GROUPING SETS ((x.k, x.werkgebied_id), (x.k))
	), wgc AS (           -- the same per period
		SELECT pt.pk AS k, w.wid, sum(w.c1)::bigint AS c1, sum(w.c2)::bigint AS c2, sum(w.c3)::bigint AS c3,
		       sum(w.c4)::bigint AS c4, sum(w.c5)::bigint AS c5, sum(w.c6)::bigint AS c6
		FROM pt JOIN wgt0 w ON w.k = pt.tk GROUP BY pt.pk, w.wid
	), dimt AS (          -- counts per trimester, dimension and value: one pass, a grouping set per
		-- dimension (GROUPING's bit mask names the set: a real NULL bestuur is "geen bestuur")
		SELECT g.k, CASE g.gs WHEN 7 THEN 'bestuur' WHEN 11 THEN 'ondersteuningscategorie' WHEN 13 THEN 'leerjaar'
		                      ELSE 'geslacht' END AS dim,
		       CASE g.gs WHEN 7 THEN coalesce(g.bestuur_id::text, '') WHEN 11 THEN g.categorie WHEN 13 THEN g.leerjaar
		                 ELSE g.gcode END AS code, g.c
		FROM (SELECT x.k, GROUPING(x.bestuur_id, x.categorie, x.leerjaar, x.gcode) AS gs, x.bestuur_id, x.categorie,
		             x.leerjaar, x.gcode, count(*) AS c
		      FROM x GROUP BY GROUPING SETS ((x.k, x.bestuur_id), (x.k, x.categorie), (x.k, x.leerjaar), (x.k, x.gcode))) g
	), dimc AS (          -- the same per period
		SELECT pt.pk AS k, d.dim, d.code, sum(d.c)::bigint AS c FROM pt JOIN dimt d ON d.k = pt.tk
		GROUP BY pt.pk, d.dim, d.code
	), cells AS (         -- every count the report prints: (kind, period, key, column) value, complement
		SELECT 'wg'::text AS kind, per.k, wgt.wid AS key, col.c,
		       coalesce(CASE col.c WHEN 1 THEN wgc.c1 WHEN 2 THEN wgc.c2 WHEN 3 THEN wgc.c3 WHEN 4 THEN wgc.c4
		                           ELSE wgc.c5 END, 0) AS v,
		       NULL::bigint AS comp
		FROM per CROSS JOIN wgt CROSS JOIN generate_series(1, 5) col (c)
		LEFT JOIN wgc ON wgc.k = per.k AND wgc.wid = wgt.wid
		UNION ALL
		SELECT 'dim:' || dimo.dim, per.k, dimo.code, 1, coalesce(dimc.c, 0), NULL
		FROM per CROSS JOIN dimo LEFT JOIN dimc ON dimc.k = per.k AND dimc.dim = dimo.dim AND dimc.code = dimo.code
		UNION ALL
		SELECT 'versterkt', per.k, '', 1, coalesce(wgc.c6, 0), coalesce(wgc.c4 - wgc.c6, 0)
		FROM per LEFT JOIN wgc ON wgc.k = per.k AND wgc.wid = ''
	), ci AS (
		SELECT cells.*, row_number() OVER (ORDER BY cells.kind, cells.k, cells.key, cells.c)::integer AS idx,
		       hide AND (cells.v < threshold OR coalesce(cells.comp < threshold, false)) AS sens
		FROM cells
	), grp AS (           -- the additive relations
		SELECT 'row|' || ci.k || '|' || ci.key AS g, ci.idx FROM ci WHERE ci.kind = 'wg' AND ci.c <= 4
		UNION ALL SELECT 'col|' || ci.k || '|' || ci.c, ci.idx FROM ci WHERE ci.kind = 'wg'
		UNION ALL SELECT 'dim|' || ci.k || '|' || ci.kind, ci.idx FROM ci WHERE ci.kind LIKE 'dim:%'
		UNION ALL SELECT 'dim|' || ci.k || '|dim:' || d.dim, ci.idx     -- each dimension adds up to the total
		          FROM ci CROSS JOIN (SELECT DISTINCT dimo.dim FROM dimo) d
		          WHERE ci.kind = 'wg' AND ci.key = '' AND ci.c = 4
		UNION ALL SELECT 'per|' || r.rel || '|' || ci.kind || '|' || ci.key || '|' || ci.c, ci.idx -- T1 + T2 = T1+T2 ...
		          FROM ci JOIN per ON per.k = ci.k CROSS JOIN unnest(per.rels) r (rel)
	), zs AS MATERIALIZED ( -- once: referenced per cell, it would be inlined and recomputed per cell
		SELECT platform.suppress_staged(c.v, c.s, g.g, g.i, c.v, c.st) AS f
		FROM (SELECT array_agg(ci.v ORDER BY ci.idx) AS v, array_agg(ci.sens ORDER BY ci.idx) AS s,
		             array_agg(per.stage ORDER BY ci.idx) AS st
		      FROM ci JOIN per ON per.k = ci.k) c,
		     (SELECT array_agg(grp.g) AS g, array_agg(grp.idx) AS i FROM grp) g
	), o AS (             -- each cell with its final suppression
		SELECT ci.kind, ci.k, ci.key, ci.c, ci.v, coalesce(zs.f[ci.idx], false) AS z FROM ci, zs
	), tot AS (           -- the period's total, for the shares
		SELECT o.k, o.v, o.z FROM o WHERE o.kind = 'wg' AND o.key = '' AND o.c = 4
	)
	SELECT 'periode'::text, rp.rk, rp.lbl, NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint,
	       NULL::bigint, NULL::bigint, NULL::bigint, NULL::text, false, hide, threshold
	FROM rp
	UNION ALL
	SELECT 'werkgebied', rp.rk * 10000 + wgt.o, rp.lbl, NULL, wgt.wid, wgt.name,
	       max(CASE WHEN o.c = 1 AND NOT o.z THEN o.v END), max(CASE WHEN o.c = 2 AND NOT o.z THEN o.v END),
	       max(CASE WHEN o.c = 3 AND NOT o.z THEN o.v END), max(CASE WHEN o.c = 4 AND NOT o.z THEN o.v END),
	       max(CASE WHEN o.c = 5 AND NOT o.z THEN o.v END),
	       CASE WHEN bool_or(o.c = 1 AND o.z) THEN NULL
	            WHEN wgt.pupils > 0 THEN round(max(o.v) FILTER (WHERE o.c = 1) * 100.0 / wgt.pupils, 2)::text END,
	       bool_or(o.c = 1 AND o.z), hide, threshold
	FROM rp JOIN wgt ON true JOIN o ON o.kind = 'wg' AND o.k = rp.k AND o.key = wgt.wid
	GROUP BY rp.rk, rp.lbl, wgt.wid, wgt.name, wgt.o, wgt.pupils
	UNION ALL
	SELECT 'verdeling', rp.rk * 10000 + dimo.n, rp.lbl, dimo.dim, dimo.code, dimo.label,
	       CASE WHEN o.z THEN NULL ELSE o.v END, NULL, NULL, NULL, NULL,
	       CASE WHEN o.z OR tot.z THEN NULL WHEN tot.v > 0 THEN round(o.v * 100.0 / tot.v, 2)::text END,
	       o.z OR tot.z, hide, threshold
	FROM rp JOIN dimo ON true JOIN o ON o.kind = 'dim:' || dimo.dim AND o.k = rp.k AND o.key = dimo.code
	JOIN tot ON tot.k = rp.k
	UNION ALL
	SELECT 'versterkt', rp.rk, rp.lbl, NULL, '', '', CASE WHEN o.z THEN NULL ELSE o.v END, NULL, NULL,
	       CASE WHEN tot.z THEN NULL ELSE tot.v END, NULL,
	       CASE WHEN o.z OR tot.z THEN NULL WHEN tot.v > 0 THEN round(o.v * 100.0 / tot.v, 2)::text END,
	       o.z OR tot.z, hide, threshold
	FROM rp JOIN o ON o.kind = 'versterkt' AND o.k = rp.k JOIN tot ON tot.k = rp.k
	ORDER BY 1 DESC, 2, 4;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_report(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.arrangement_report(text, integer)
	TO passend_bestuur, passend_werkgebied, passend_toezicht;
