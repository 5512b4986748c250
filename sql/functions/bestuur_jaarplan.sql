-- bestuur.jaarplan_mdo_kind(p_schooljaar, p_k): the share of MDOs with the
-- child taking part, from T1 through trimester p_k of the school year on the
-- tenant's calendar, counted as werkgebied.mdo_report counts them (every MDO
-- of the tenant by its datum, purged ones included: the owner reads them).
-- For every role in force but bestuur (D36) it is suppressed (NULL, true)
-- unless the numerator and its complement reach the tenant's threshold in
-- each of T1..Tk and in total: then the MDO report has no suppressed
-- numerator among those periods either (its complementary suppression of
-- the shares starts from a small one), so this shows nothing the report
-- hides. (Two counts per trimester, rather than the whole MDO report once
-- per trimester asked.)
CREATE OR REPLACE FUNCTION bestuur.jaarplan_mdo_kind(p_schooljaar text, p_k integer, OUT waarde numeric,
                                                     OUT suppressed boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	swv uuid := platform.current_swv();
	role text := platform.invoking_role_name(); -- the role in force, not passend.role (D36)
	thr integer;
BEGIN
	IF role NOT IN ('bestuur', 'toezicht') THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the jaarplan progress is for bestuur and toezicht';
	END IF;
	SELECT t.small_cell_threshold INTO thr FROM platform.tenants t WHERE t.id = swv;
	WITH per AS (
		SELECT p.k, p.lo, p.hi FROM platform.report_periods(p_schooljaar, p_k) p WHERE p.lbl NOT LIKE '%+%'
	), c AS (
		SELECT per.k, count(x.id) AS den, count(x.id) FILTER (WHERE x.kind_deelgenomen) AS v
		FROM per LEFT JOIN werkgebied.mdos x ON x.swv_id = swv AND x.datum >= per.lo AND x.datum < per.hi
		GROUP BY per.k
	)
	SELECT CASE WHEN sum(c.den) > 0 THEN round(sum(c.v)::numeric / sum(c.den), 2) END,
	       role <> 'bestuur' AND (bool_or(c.v < thr OR c.den - c.v < thr) OR sum(c.v) < thr
	                              OR sum(c.den) - sum(c.v) < thr)
	INTO waarde, suppressed FROM c;
	IF suppressed THEN
		waarde := NULL;
	END IF;
END
$$;
REVOKE ALL ON FUNCTION bestuur.jaarplan_mdo_kind(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.jaarplan_mdo_kind(text, integer) TO passend_bestuur, passend_toezicht;

-- bestuur.jaarplan_voortgang(p_schooljaar, p_trimester): KPI progress of the
-- jaarplan of a school year (issue 9 point 8, D45), one row per action with
-- a KPI (a kpi text or a target) and per trimester k = 1..n (n = p_trimester,
-- 0: the whole year, 3), each the stand through the end of trimester k
-- (periode "T1", "T1+T2", "T1+T2+T3", as the reports label it):
-- * waarde: kpi_bron invoer: the value entered for k (bestuur.jaarplan_metingen);
--   arrangementen_versterkt: the share of arrangements that also strengthen
--   the teacher's or team's skills, from werkgebied.arrangement_report
--   through k (that report's suppression for the role in force);
--   mdo_kind_deelgenomen: the share of MDOs with the child taking part
--   through k (bestuur.jaarplan_mdo_kind above). Shares are plain ratios,
--   half-up to 2 decimals; a suppressed value is NULL. Either way it shows
--   no more than the werkgebied reports do.
-- * signaal: afgerond when the action's afgerond_op falls before the end of
--   the period; else the signal entered for k; else, with a value and a
--   target: op_koers when waarde >= doelwaarde, op_koers_met_aandacht when
--   waarde >= doelwaarde - marge (aandacht_marge, default 0.05 for a share
--   and 10% of the target for a count), niet_op_koers below; else '' (none).
-- * bron: 'invoer' or 'berekend' (the signal's source is the same unless it
--   was entered: signaal_ingevoerd).
-- Runs with the caller's rights (bestuur reads and writes the jaarplan,
-- toezicht reads it); the reports it calls check the role themselves.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION bestuur.jaarplan_voortgang(p_schooljaar text, p_trimester integer)
RETURNS TABLE (actie_id uuid, code text, doel text, perspectief text, kpi text, doel_soort text, doelwaarde text,
               trimester integer, periode text, waarde text, suppressed boolean, signaal text,
               signaal_ingevoerd boolean, bron text, toelichting text)
LANGUAGE plpgsql STABLE AS
$$
#variable_conflict use_column
DECLARE
	n integer;
BEGIN
	-- checks schooljaar and trimester in the request's words (22023)
	PERFORM 1 FROM platform.report_periods(p_schooljaar, p_trimester);
	n := CASE WHEN p_trimester = 0 THEN 3 ELSE p_trimester END;
	RETURN QUERY
	WITH a AS (
		SELECT x.*, d.titel AS doel_titel, d.volgorde AS dv, p.naam AS persp, p.volgorde AS pv
		FROM bestuur.jaarplan_acties x
		JOIN bestuur.jaarplan_perspectieven p ON p.swv_id = x.swv_id AND p.id = x.perspectief_id
		JOIN bestuur.jaarplan_doelen d ON d.swv_id = p.swv_id AND d.id = p.doel_id
		WHERE x.swv_id = platform.current_swv() AND x.schooljaar = p_schooljaar
		  AND (x.kpi <> '' OR x.doelwaarde IS NOT NULL)
	), ks AS (          -- each trimester through k: its cumulative label and end
		SELECT g.k, (SELECT rp.lbl FROM platform.report_periods(p_schooljaar, g.k) rp ORDER BY rp.k DESC LIMIT 1) AS lbl,
		       (SELECT max(rp.hi) FROM platform.report_periods(p_schooljaar, g.k) rp) AS hi
		FROM generate_series(1, n) g (k)
	), arr AS (         -- the arrangement report's share through k (its period labelled T1,
	                    -- T1+T2, T1+T2+T3), only when an action asks for it. The report
	                    -- computes every period whatever the request and its cells agree across
	                    -- requests (D51), so one call gives T1 and T1+T2 (request 1 or 2) and
	                    -- request 3 adds T1+T2+T3: at most 2 calls, not n
		SELECT DISTINCT ON (ks.k) ks.k, round(r.d1::numeric / 100, 2) AS v, r.s1 AS s
		FROM (SELECT DISTINCT CASE WHEN n <= 2 THEN n ELSE greatest(g.k, 2) END AS q FROM ks g) q
		CROSS JOIN LATERAL werkgebied.arrangement_report(p_schooljaar, q.q) r
		JOIN ks ON ks.lbl = r.periode
		WHERE r.sec = 'versterkt' AND EXISTS (SELECT 1 FROM a WHERE a.kpi_bron = 'arrangementen_versterkt')
		ORDER BY ks.k, q.q
	), mdo AS (         -- the share of MDOs with the child taking part through k
		SELECT ks.k, r.waarde AS v, r.suppressed AS s
		FROM ks CROSS JOIN LATERAL bestuur.jaarplan_mdo_kind(p_schooljaar, ks.k) r
		WHERE EXISTS (SELECT 1 FROM a WHERE a.kpi_bron = 'mdo_kind_deelgenomen')
	), v AS (
		SELECT a.*, ks.k, ks.lbl, ks.hi, m.signaal AS m_signaal, coalesce(m.toelichting, '') AS m_toel,
		       CASE a.kpi_bron WHEN 'invoer' THEN m.waarde
		                       WHEN 'arrangementen_versterkt' THEN (SELECT arr.v FROM arr WHERE arr.k = ks.k)
		                       ELSE (SELECT mdo.v FROM mdo WHERE mdo.k = ks.k) END AS w,
		       CASE a.kpi_bron WHEN 'invoer' THEN false
		                       WHEN 'arrangementen_versterkt' THEN coalesce((SELECT arr.s FROM arr WHERE arr.k = ks.k), false)
		                       ELSE coalesce((SELECT mdo.s FROM mdo WHERE mdo.k = ks.k), false) END AS sup
		FROM a CROSS JOIN ks
		LEFT JOIN bestuur.jaarplan_metingen m ON m.swv_id = a.swv_id AND m.actie_id = a.id AND m.trimester = ks.k
	)
	SELECT v.id, v.code, v.doel_titel, v.persp, v.kpi, v.doel_soort,
	       CASE v.doel_soort WHEN 'aandeel' THEN round(v.doelwaarde, 2)::text
	                         WHEN 'aantal' THEN trunc(v.doelwaarde)::text ELSE '' END,
	       v.k, v.lbl,
	       CASE WHEN v.sup OR v.w IS NULL THEN NULL
	            WHEN v.kpi_bron = 'invoer' AND v.doel_soort = 'aantal' THEN trim_scale(v.w)::text
	            WHEN v.kpi_bron = 'invoer' THEN trim_scale(v.w)::text
	            ELSE v.w::text END,
	       v.sup,
	       coalesce(CASE WHEN v.afgerond_op IS NOT NULL AND v.afgerond_op < v.hi THEN 'afgerond'
	                     WHEN v.m_signaal IS NOT NULL THEN v.m_signaal
	                     WHEN v.sup OR v.w IS NULL OR v.doelwaarde IS NULL THEN NULL
	                     WHEN v.w >= v.doelwaarde THEN 'op_koers'
	                     WHEN v.w >= v.doelwaarde - coalesce(v.aandacht_marge,
	                                                         CASE v.doel_soort WHEN 'aandeel' THEN 0.05
	                                                                           ELSE v.doelwaarde * 0.1 END)
	                          THEN 'op_koers_met_aandacht'
	                     ELSE 'niet_op_koers' END, ''),
	       v.m_signaal IS NOT NULL AND NOT (v.afgerond_op IS NOT NULL AND v.afgerond_op < v.hi),
	       CASE WHEN v.kpi_bron = 'invoer' THEN 'invoer' ELSE 'berekend' END, v.m_toel
	FROM v
	ORDER BY v.dv, v.doel_titel, v.pv, v.persp, v.volgorde, v.code, v.k;
END
$$;
REVOKE ALL ON FUNCTION bestuur.jaarplan_voortgang(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.jaarplan_voortgang(text, integer) TO passend_bestuur, passend_toezicht;
