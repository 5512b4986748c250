-- bestuur.tlv_report: the TLV report (passend.v1.Rapportage/GetTlvReport),
-- defined only here (D46); repeatable: `passendd migrate`
-- re-applies this file when it changes. Since 0013_db_trust: small cells are
-- suppressed unless the role in force is bestuur (platform.invoking_role:
-- the role the session acts as, not the passend.role setting any session
-- may write), and a TLV whose pupil was purged (retention, D37) counts with
-- the birth year and sex kept on its row.
--
-- One SECURITY DEFINER function over the current tenant (passend.swv_id)
-- only, for a schooljaar "YYYY-YYYY" through trimester N (0 = the whole year) on
-- the tenant's calendar. All figures in numeric, round(x, 2) (half-up);
-- small cells suppressed for every role but bestuur.
--
-- Counting rules (a TLV counts in the trimester of its besluitdatum):
-- * herkomst, bestemming, aanvragende basisscholen, per bestuur, route groups:
--   besluit = 'afgegeven' and aanvraag_soort = 'nieuw';
-- * nieuw / herbeoordeling: besluit = 'afgegeven', split by aanvraag_soort;
-- * doorlooptijd: every decision (afgegeven or afgewezen, nieuw or
--   herbeoordeling); days = besluitdatum - aanvraagdatum; op tijd =
--   besluitdatum <= deadline; median and p90 are percentile_disc (nearest
--   rank: the smallest observed number of days whose cumulative share is at
--   least 0.5 / 0.9, so always a whole number of days, no float);
--   onder 8 = schooljaar start year - geboortejaar < 8 over the decisions
--   with a known geboortejaar; jongens / meisjes over the decisions with a
--   known geslacht.
-- * aanvragende basisscholen (per trimester): TLVs of herkomst type
--   basisonderwijs (whatever the SWV's route group of it); distinct requesting schools of soort BAO; basisscholen
--   totaal = the tenant's BAO schools active in the trimester; aandeel is a
--   percentage (25.51), gemiddeld a plain ratio (1.39).
-- * shares (aandeel …) are percentages with 2 decimals, as annual reports
--   print them (26.92), since 0026 / D48; before, ratios (0.27).
-- * route groups are the SWV's own (bestuur.effective_route_groups: the
--   groups its herkomst types name), each per period in total (aandeel of the
--   period's nieuw TLVs) and per destination: its TLVs of soort SBO (SO) as a
--   share of all TLVs of soort SBO (SO).
-- * per bestuur (cumulative period): the bestuur of the requesting
--   basisschool; its share of the BAO->SO and BAO->SBO TLVs against its share
--   of BAO pupils (schoolgaand) at the latest teldatum within the schooljaar.
--   Basisscholen are never named.
-- Suppression (roles other than bestuur): a count below the tenant's
-- small_cell_threshold is NULL (the server sends value 0 + suppressed), and
-- so that no suppressed count can be recovered (D42) complementary cells too
-- (platform.suppress_complementary) over every relation the report prints:
-- the herkomst types and the bestemming cells of a period add up to its
-- nieuw TLVs; herkomst types add up to their route group, route groups to a
-- destination to its total, SBO + SO to the group and to nieuw; T1 + T2 = T1+T2
-- and T1 + T2 + T3 = T1+T2 + T3 = T1+T2+T3 for every count and every share's numerator and
-- denominator; TLV's uit basisonderwijs is that herkomst type; per bestuur the
-- counts add up to their (unprinted) totals and those to the requesting
-- basisscholen's TLVs; jongens + meisjes <= the known sex. A share's
-- numerator is sensitive when it or its complement is small (D34); a ratio
-- is suppressed when a cell it is computed from is. The cells of every
-- period any request of the school year prints (T1, T2, T3, T1+T2,
-- T1+T2+T3, and per bestuur the cumulative T1, T1+T2 and T1+T2+T3) are
-- computed and suppressed together, in stages by trimester
-- (platform.report_periods_union, platform.suppress_staged); a request
-- prints its periods from them, so no two requests disagree on a cell and
-- a later trimester never changes an earlier one's cells (D51).

-- Performance (bench/tlv_report_bench.sh, 150 tenants x 2,500 TLVs): the TLV
-- selection uses tlvs_besluit_idx (swv_id, besluitdatum); the herkomst and route-group
-- counts are one GROUP BY each and herk / aanv / rg are MATERIALIZED, so no count is
-- recomputed per output row (p50 23 -> 10 ms per report).
-- One row per report line; sec: periode, herkomst, bestemming, aanvragend,
-- doorlooptijd, bestuur, nieuw, route. c1..c4 counts (NULL = suppressed),
-- d1..d6 decimals as text (NULL = empty or suppressed), s1..s6 whether d1..d6
-- are suppressed; sup / thr the caller's suppression and the threshold.
CREATE OR REPLACE FUNCTION bestuur.tlv_report(p_schooljaar text, p_trimester integer)
RETURNS TABLE (sec text, ord bigint, periode text, name text, label text, grp text,
               c1 bigint, c2 bigint, c3 bigint, c4 bigint,
               d1 text, d2 text, d3 text, d4 text, d5 text, d6 text,
               s1 boolean, s2 boolean, s3 boolean, s4 boolean, s5 boolean, s6 boolean,
               sup boolean, thr integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS
$$
#variable_conflict use_column
DECLARE
	swv uuid := platform.current_swv();
	y integer;
	n integer;
	threshold integer;
	y0 date;
	y1 date;
BEGIN
	IF swv IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'no tenant in this transaction';
	END IF;
	-- the tenant's calendar is platform.report_periods' (which also refuses a
	-- bad schooljaar or trimester in the request's words): y0 its first day,
	-- y1 the first day of the next school year
	SELECT p.lo INTO y0 FROM platform.report_periods(p_schooljaar, p_trimester) p WHERE p.k = 1;
	y1 := (y0 + interval '1 year')::date;
	y := substr(p_schooljaar, 1, 4)::integer;
	n := CASE WHEN p_trimester = 0 THEN 3 ELSE p_trimester END;
	SELECT t.small_cell_threshold INTO threshold FROM platform.tenants t WHERE t.id = swv;
	RETURN QUERY
	WITH cfg AS (
		SELECT threshold AS thr,
		       platform.invoking_role_name() <> 'bestuur' AS sup
	), per AS MATERIALIZED ( -- every period of the school year: the suppression is computed over all (D51)
		SELECT p.k, p.lbl, p.lo, p.hi, p.stage, p.rels FROM platform.report_periods_union(p_schooljaar) p
	), rp AS (        -- the periods this request prints (T1..Tn and, for n > 1, T1+..+Tn), by label onto per
		SELECT rq.k AS rk, per.* FROM platform.report_periods(p_schooljaar, p_trimester) rq JOIN per ON per.lbl = rq.lbl
	), tri AS (       -- the trimesters T1..T3: [lo, hi)
		SELECT per.k, per.lbl, per.lo, per.hi FROM per WHERE per.k <= 3
	), cumk AS (      -- the cumulative periods T1, T1+T2, T1+T2+T3 (the per-bestuur section's)
		SELECT per.k, per.hi, per.stage FROM per WHERE per.lbl NOT LIKE 'T2%' AND per.lbl NOT LIKE 'T3%'
	), tl AS (        -- the decided TLVs of the school year with their trimester
		SELECT t.*, tri.k AS tk, h.route_group, coalesce(l.geboortejaar, t.anon_geboortejaar) AS geboortejaar,
		       coalesce(l.geslacht, t.anon_geslacht) AS geslacht,
		       s.soort AS aanv_soort, s.schoolbestuur_id AS aanv_bestuur, o.soort AS ontv_soort, o.name AS ontv_name,
		       (t.besluit = 'afgegeven' AND t.aanvraag_soort = 'nieuw') AS telt
		FROM bestuur.tlvs t
		JOIN tri ON t.besluitdatum >= tri.lo AND t.besluitdatum < tri.hi
		LEFT JOIN bestuur.effective_herkomst_types() h ON h.code = t.herkomst
		LEFT JOIN werkgebied.leerlingen l ON l.swv_id = t.swv_id AND l.id = t.leerling_id
		LEFT JOIN bestuur.scholen s ON s.swv_id = t.swv_id AND s.id = t.aanvragende_school_id
		LEFT JOIN bestuur.scholen o ON o.swv_id = t.swv_id AND o.id = t.ontvangende_school_id
		WHERE t.swv_id = swv AND t.besluit IS NOT NULL
	), tp AS (        -- every TLV once per period it counts in
		SELECT per.k AS pk, per.lbl, tl.* FROM tl JOIN per ON tl.besluitdatum >= per.lo AND tl.besluitdatum < per.hi
	),
	-- ---- herkomst per period and herkomst type
	hc AS (
		SELECT tp.pk, tp.herkomst, count(*) AS a FROM tp WHERE tp.telt GROUP BY tp.pk, tp.herkomst
	), herk AS MATERIALIZED (
		SELECT 'herkomst'::text AS sec, row_number() OVER (PARTITION BY per.k ORDER BY h.sort_order, h.code)
		       AS ord, per.k AS pk, per.lbl AS periode, h.code AS name, h.label, h.route_group AS grp,
		       coalesce(hc.a, 0) AS a
		FROM per CROSS JOIN bestuur.effective_herkomst_types() h
		LEFT JOIN hc ON hc.pk = per.k AND hc.herkomst = h.code
		WHERE h.active OR EXISTS (SELECT 1 FROM tl WHERE tl.herkomst = h.code)
	),
	-- ---- bestemming per receiving school: the tenant's S(B)O schools, then "Overig"
	dest AS (
		SELECT s.id, s.name, CASE s.soort WHEN 2 THEN 'SBO' ELSE 'SO' END AS groep, s.soort AS o
		FROM bestuur.scholen s WHERE s.swv_id = swv AND s.soort IN (2, 3)
		UNION ALL
		SELECT NULL, 'Overig', 'overig', 4
	), best AS (
		SELECT coalesce(d.id::text, 'overig') AS did, d.name, d.groep, d.o,
		       count(tl.id) FILTER (WHERE tl.tk = 1) AS b1, count(tl.id) FILTER (WHERE tl.tk = 2) AS b2,
		       count(tl.id) FILTER (WHERE tl.tk = 3) AS b3, count(tl.id) AS bt
		FROM dest d
		LEFT JOIN tl ON tl.telt AND (tl.ontvangende_school_id = d.id
		                             OR (d.id IS NULL AND coalesce(tl.ontv_soort, 0) NOT IN (2, 3)))
		GROUP BY d.id, d.name, d.groep, d.o
	),
	-- ---- aanvragende basisscholen per trimester
	aanv AS MATERIALIZED (
		SELECT tri.k, tri.lbl,
		       (SELECT count(*) FROM tl WHERE tl.tk = tri.k AND tl.telt AND tl.herkomst = 'basisonderwijs') AS tlvs,
		       (SELECT count(*) FROM tl WHERE tl.tk = tri.k AND tl.telt AND tl.herkomst = 'basisonderwijs'
		                                  AND tl.aanv_soort = 1) AS tlvs_bao,
		       (SELECT count(DISTINCT tl.aanvragende_school_id) FROM tl WHERE tl.tk = tri.k AND tl.telt
		                AND tl.herkomst = 'basisonderwijs' AND tl.aanv_soort = 1) AS scholen,
		       (SELECT count(*) FROM bestuur.scholen s WHERE s.swv_id = swv AND s.soort = 1
		                AND (s.active_from IS NULL OR s.active_from < tri.hi)
		                AND (s.active_to IS NULL OR s.active_to >= tri.lo)) AS totaal
		FROM tri
	),
	-- ---- doorlooptijd per period
	door AS (
		SELECT per.k, per.lbl, count(tp.id) AS besl,
		       count(tp.id) FILTER (WHERE tp.besluitdatum <= tp.deadline) AS optijd,
		       percentile_disc(0.5) WITHIN GROUP (ORDER BY tp.besluitdatum - tp.aanvraagdatum) AS med,
		       percentile_disc(0.9) WITHIN GROUP (ORDER BY tp.besluitdatum - tp.aanvraagdatum) AS p90,
		       count(tp.id) FILTER (WHERE tp.geboortejaar > 0) AS gj_bekend,
		       count(tp.id) FILTER (WHERE tp.geboortejaar > 0 AND y - tp.geboortejaar < 8) AS onder8,
		       count(tp.id) FILTER (WHERE tp.geslacht BETWEEN 1 AND 3) AS g_bekend,
		       count(tp.id) FILTER (WHERE tp.geslacht = 1) AS jongens,
		       count(tp.id) FILTER (WHERE tp.geslacht = 2) AS meisjes
		FROM per LEFT JOIN tp ON tp.pk = per.k
		GROUP BY per.k, per.lbl
	),
	-- ---- per bestuur (cumulative period)
	teld AS (
		SELECT max(te.teldatum) AS d FROM bestuur.tellingen te
		WHERE te.swv_id = swv AND te.tel_wijze = 'schoolgaand' AND te.teldatum >= y0 AND te.teldatum < y1
	), pupils AS (
		SELECT s.schoolbestuur_id AS bid, sum(te.aantal)::bigint AS ll
		FROM bestuur.tellingen te CROSS JOIN teld
		JOIN bestuur.scholen s ON s.swv_id = te.swv_id AND s.id = te.school_id AND s.soort = 1
		WHERE te.swv_id = swv AND te.tel_wijze = 'schoolgaand' AND te.teldatum = teld.d
		GROUP BY s.schoolbestuur_id
	), bt AS (        -- per cumulative period (ck) and bestuur
		SELECT c.k AS ck, tl.aanv_bestuur AS bid, count(*) FILTER (WHERE tl.soort = 3) AS so,
		       count(*) FILTER (WHERE tl.soort = 2) AS sbo
		FROM cumk c JOIN tl ON tl.besluitdatum < c.hi
		WHERE tl.telt AND tl.herkomst = 'basisonderwijs' AND tl.aanv_soort = 1
		GROUP BY c.k, tl.aanv_bestuur
	), btot AS (
		SELECT c.k AS ck, coalesce((SELECT sum(bt.so) FROM bt WHERE bt.ck = c.k), 0)::bigint AS so,
		       coalesce((SELECT sum(bt.sbo) FROM bt WHERE bt.ck = c.k), 0)::bigint AS sbo,
		       coalesce((SELECT sum(pupils.ll) FROM pupils), 0)::bigint AS ll
		FROM cumk c
	), bes AS (       -- the same besturen for every period (those with a TLV in the school year)
		SELECT c.k AS ck, b.id::text AS bid, b.name, coalesce(bt.so, 0) AS so, coalesce(bt.sbo, 0) AS sbo,
		       coalesce(pupils.ll, 0) AS ll
		FROM cumk c CROSS JOIN bestuur.schoolbesturen b
		LEFT JOIN bt ON bt.ck = c.k AND bt.bid = b.id
		LEFT JOIN pupils ON pupils.bid = b.id
		WHERE b.swv_id = swv AND (b.runs_bao OR pupils.bid IS NOT NULL
		                          OR EXISTS (SELECT 1 FROM bt b2 WHERE b2.bid = b.id))
	),
	-- ---- nieuw / herbeoordeling and route groups per period
	nh AS (
		SELECT per.k, per.lbl,
		       count(tp.id) FILTER (WHERE tp.aanvraag_soort = 'nieuw') AS nieuw,
		       count(tp.id) FILTER (WHERE tp.aanvraag_soort = 'herbeoordeling') AS herb
		FROM per LEFT JOIN tp ON tp.pk = per.k AND tp.besluit = 'afgegeven'
		GROUP BY per.k, per.lbl
	), rgc AS (       -- per group: its TLVs, and those to SBO (soort 2) and to SO (soort 3)
		SELECT tp.pk, tp.route_group, count(*) AS a, count(*) FILTER (WHERE tp.soort = 2) AS a_sbo,
		       count(*) FILTER (WHERE tp.soort = 3) AS a_so
		FROM tp WHERE tp.telt GROUP BY tp.pk, tp.route_group
	), rgt AS (
		SELECT tp.pk, count(*) AS tot, count(*) FILTER (WHERE tp.soort = 2) AS tot_sbo,
		       count(*) FILTER (WHERE tp.soort = 3) AS tot_so
		FROM tp WHERE tp.telt GROUP BY tp.pk
	), rgs AS MATERIALIZED ( -- the SWV's own route groups (0026_tlv_route_groups), in report order
		SELECT g.code AS grp, g.label AS glabel, row_number() OVER (ORDER BY g.sort_order, g.code) AS o
		FROM bestuur.effective_route_groups() g
	), rg AS MATERIALIZED (
		SELECT per.k, per.lbl, g.o, g.grp, g.glabel, coalesce(rgc.a, 0) AS a, coalesce(rgt.tot, 0) AS tot,
		       coalesce(rgc.a_sbo, 0) AS a_sbo, coalesce(rgc.a_so, 0) AS a_so,
		       coalesce(rgt.tot_sbo, 0) AS tot_sbo, coalesce(rgt.tot_so, 0) AS tot_so
		FROM per CROSS JOIN rgs g
		LEFT JOIN rgc ON rgc.pk = per.k AND rgc.route_group = g.grp
		LEFT JOIN rgt ON rgt.pk = per.k
	),
	-- ---- every count the report prints or derives from, for complementary suppression (D42):
	-- (kind, period, key) with its value v, the complement comp of a share's numerator and the
	-- cost of suppressing it (a cell never printed, a share's denominator: picked last)
	cells AS (
		SELECT 'her'::text AS kind, h.pk AS p, h.name AS key, h.a AS v, NULL::bigint AS comp, h.a AS cost FROM herk h
		UNION ALL SELECT 'route', r.k, r.grp, r.a, NULL, r.a FROM rg r
		UNION ALL SELECT 'routed', r.k, r.grp || '|' || x.d, x.v, NULL, x.v
		          FROM rg r CROSS JOIN LATERAL (VALUES ('sbo', r.a_sbo), ('so', r.a_so)) x (d, v)
		UNION ALL SELECT DISTINCT 'dtot', r.k, x.d, x.v, NULL::bigint, 1000000000000::bigint -- a share's denominator
		          FROM rg r CROSS JOIN LATERAL (VALUES ('sbo', r.tot_sbo), ('so', r.tot_so)) x (d, v)
		UNION ALL SELECT 'nieuw', h.k, '', h.nieuw, NULL, h.nieuw FROM nh h
		UNION ALL SELECT 'herb', h.k, '', h.herb, NULL, h.herb FROM nh h
		UNION ALL SELECT 'best', per.k, b.did, x.v, NULL, x.v
		          FROM best b CROSS JOIN per
		          CROSS JOIN LATERAL (SELECT CASE per.k WHEN 1 THEN b.b1 WHEN 2 THEN b.b2 WHEN 3 THEN b.b3
		                                                WHEN 4 THEN b.bt ELSE b.b1 + b.b2 END AS v) x
		UNION ALL SELECT 'bao', a.k, '', a.tlvs_bao, NULL, a.tlvs_bao FROM aanv a
		UNION ALL SELECT 'scholen', a.k, '', a.scholen, NULL, a.scholen FROM aanv a
		UNION ALL SELECT 'totaal', a.k, '', a.totaal, NULL, a.totaal FROM aanv a
		UNION ALL SELECT x.kind, d.k, '', x.v, x.comp, CASE WHEN x.hidden THEN 1000000000000 ELSE x.v END
		          FROM door d CROSS JOIN LATERAL (VALUES
		              ('besl', d.besl, NULL::bigint, false), ('optijd', d.optijd, d.besl - d.optijd, false),
		              ('onder8', d.onder8, d.gj_bekend - d.onder8, false), ('gj', d.gj_bekend, NULL, true),
		              ('jongens', d.jongens, d.g_bekend - d.jongens, false),
		              ('meisjes', d.meisjes, d.g_bekend - d.meisjes, false), ('gb', d.g_bekend, NULL, true))
		              x (kind, v, comp, hidden)
		UNION ALL SELECT x.kind, b.ck, b.bid, x.v, NULL, x.v
		          FROM bes b CROSS JOIN LATERAL (VALUES ('so', b.so), ('sbo', b.sbo)) x (kind, v)
		UNION ALL SELECT 'll', 0, b.bid, b.ll, NULL, b.ll FROM bes b WHERE b.ck = 1 -- pupils: one figure a year
		UNION ALL SELECT x.kind, btot.ck, '', x.v, NULL, 1000000000000
		          FROM btot CROSS JOIN LATERAL (VALUES ('so_tot', btot.so), ('sbo_tot', btot.sbo)) x (kind, v)
		UNION ALL SELECT 'll_tot', 0, '', btot.ll, NULL, 1000000000000 FROM btot WHERE btot.ck = 1
	), ci AS (
		SELECT cells.*, row_number() OVER (ORDER BY cells.kind, cells.p, cells.key)::integer AS idx,
		       cfg.sup AND (cells.v < cfg.thr OR coalesce(cells.comp < cfg.thr, false)) AS sens
		FROM cells CROSS JOIN cfg
	), grp AS (       -- the additive relations among them, one group each
		SELECT 'her|' || ci.p AS g, ci.idx FROM ci WHERE ci.kind = 'her'          -- herkomst of a period = nieuw
		UNION ALL SELECT 'her|' || ci.p, ci.idx FROM ci WHERE ci.kind = 'nieuw'
		UNION ALL SELECT 'best|' || ci.p, ci.idx FROM ci WHERE ci.kind = 'best'   -- bestemming of a period = nieuw
		UNION ALL SELECT 'best|' || ci.p, ci.idx FROM ci WHERE ci.kind = 'nieuw'
		UNION ALL SELECT 'rg|' || ci.p || '|' || h.grp, ci.idx                     -- herkomst of a route group = the group
		          FROM ci JOIN herk h ON ci.kind = 'her' AND h.pk = ci.p AND h.name = ci.key
		UNION ALL SELECT 'rg|' || ci.p || '|' || ci.key, ci.idx FROM ci WHERE ci.kind = 'route'
		UNION ALL SELECT 'rgd|' || ci.p || '|' || split_part(ci.key, '|', 1), ci.idx   -- group = to SBO + to SO
		          FROM ci WHERE ci.kind = 'routed'
		UNION ALL SELECT 'rgd|' || ci.p || '|' || ci.key, ci.idx FROM ci WHERE ci.kind = 'route'
		UNION ALL SELECT 'dst|' || ci.p || '|' || split_part(ci.key, '|', 2), ci.idx   -- groups to a destination
		          FROM ci WHERE ci.kind = 'routed'
		UNION ALL SELECT 'dst|' || ci.p || '|' || ci.key, ci.idx FROM ci WHERE ci.kind = 'dtot'
		UNION ALL SELECT 'dn|' || ci.p, ci.idx FROM ci WHERE ci.kind IN ('dtot', 'nieuw') -- SBO + SO = nieuw
		UNION ALL SELECT 'per|' || r.rel || '|' || ci.kind || '|' || ci.key, ci.idx -- T1 + T2 = T1+T2 ...
		          FROM ci JOIN per ON per.k = ci.p CROSS JOIN unnest(per.rels) r (rel)
		          WHERE ci.kind NOT IN ('bao', 'scholen', 'totaal', 'so', 'sbo', 'll', 'so_tot', 'sbo_tot',
		                                'll_tot')
		UNION ALL SELECT 'gender|' || ci.p, ci.idx FROM ci WHERE ci.kind IN ('jongens', 'meisjes', 'gb')
		UNION ALL SELECT 'bao|' || c.k, ci.idx                                    -- per bestuur = T1..Tn
		          FROM cumk c JOIN ci ON (ci.kind = 'bao' AND ci.p <= c.stage)
		                              OR (ci.kind IN ('so_tot', 'sbo_tot') AND ci.p = c.k)
		UNION ALL SELECT 'bestuur|so|' || ci.p, ci.idx FROM ci WHERE ci.kind IN ('so', 'so_tot')
		UNION ALL SELECT 'bestuur|sbo|' || ci.p, ci.idx FROM ci WHERE ci.kind IN ('sbo', 'sbo_tot')
		UNION ALL SELECT 'bestuur|ll', ci.idx FROM ci WHERE ci.kind IN ('ll', 'll_tot')
	), zs AS MATERIALIZED ( -- once: referenced per cell, it would be inlined and recomputed per cell
		SELECT platform.suppress_staged(c.v, c.s, g.g, g.i, c.cost, c.st) AS f
		FROM (SELECT array_agg(ci.v ORDER BY ci.idx) AS v, array_agg(ci.sens ORDER BY ci.idx) AS s,
		             array_agg(ci.cost ORDER BY ci.idx) AS cost,
		             array_agg(coalesce(per.stage, 1) ORDER BY ci.idx) AS st -- p 0: the pupils, known from the start
		      FROM ci LEFT JOIN per ON per.k = ci.p) c,
		     (SELECT array_agg(grp.g) AS g, array_agg(grp.idx) AS i FROM grp) g
	), zm AS (        -- 'kind|period|key' -> suppressed
		SELECT jsonb_object_agg(ci.kind || '|' || ci.p || '|' || ci.key, coalesce(zs.f[ci.idx], false)) AS m
		FROM ci CROSS JOIN zs
	),
	-- ---- all lines: x1..x4 counts with the cell keys k1..k4; v1..v6 ratios, each suppressed when a
	-- cell it is computed from (dep1..dep6) is
	raw AS (
		SELECT 'periode'::text AS sec, rp.rk::bigint AS ord, rp.lbl AS periode, NULL::text AS name,
		       NULL::text AS label, NULL::text AS grp, NULL::bigint AS x1, NULL::bigint AS x2, NULL::bigint AS x3,
		       NULL::bigint AS x4, NULL::text AS k1, NULL::text AS k2, NULL::text AS k3, NULL::text AS k4,
		       NULL::numeric AS v1, NULL::numeric AS v2, NULL::numeric AS v3,
		       NULL::numeric AS v4, NULL::numeric AS v5, NULL::numeric AS v6,
		       NULL::text[] AS dep1, NULL::text[] AS dep2, NULL::text[] AS dep3, NULL::text[] AS dep4,
		       NULL::text[] AS dep5, NULL::text[] AS dep6
		FROM rp
		UNION ALL
		SELECT h.sec, rp.rk * 1000 + h.ord, h.periode, h.name, h.label, h.grp, h.a, NULL, NULL, NULL,
		       'her|' || h.pk || '|' || h.name, NULL, NULL, NULL,
		       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM herk h JOIN rp ON rp.k = h.pk
		UNION ALL
		SELECT 'bestemming', row_number() OVER (ORDER BY b.o = 4, b.o, b.name), NULL, b.name, b.groep, b.groep,
		       b.b1, CASE WHEN n >= 2 THEN b.b2 END, CASE WHEN n >= 3 THEN b.b3 END,
		       CASE n WHEN 1 THEN b.b1 WHEN 2 THEN b.b1 + b.b2 ELSE b.bt END,
		       'best|1|' || b.did, 'best|2|' || b.did, 'best|3|' || b.did,
		       'best|' || CASE n WHEN 1 THEN 1 WHEN 2 THEN 5 ELSE 4 END || '|' || b.did,
		       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM best b
		UNION ALL
		SELECT 'aanvragend', a.k, a.lbl, NULL, NULL, NULL, a.tlvs, a.scholen, a.totaal, NULL,
		       'her|' || a.k || '|basisonderwijs', 'scholen|' || a.k || '|', 'totaal|' || a.k || '|', NULL,
		       CASE WHEN a.totaal > 0 THEN round(a.scholen * 100.0 / a.totaal, 2) END,
		       CASE WHEN a.scholen > 0 THEN round(a.tlvs_bao::numeric / a.scholen, 2) END, NULL, NULL, NULL, NULL,
		       ARRAY['scholen|' || a.k || '|', 'totaal|' || a.k || '|'],
		       ARRAY['bao|' || a.k || '|', 'scholen|' || a.k || '|'], NULL, NULL, NULL, NULL
		FROM aanv a WHERE a.k <= n
		UNION ALL
		SELECT 'doorlooptijd', rp.rk, d.lbl, NULL, NULL, NULL, d.besl, NULL, NULL, NULL,
		       'besl|' || d.k || '|', NULL, NULL, NULL,
		       CASE WHEN d.besl > 0 THEN round(d.optijd * 100.0 / d.besl, 2) END,
		       round(d.med::numeric, 2), round(d.p90::numeric, 2),
		       CASE WHEN d.gj_bekend > 0 THEN round(d.onder8 * 100.0 / d.gj_bekend, 2) END,
		       CASE WHEN d.g_bekend > 0 THEN round(d.jongens * 100.0 / d.g_bekend, 2) END,
		       CASE WHEN d.g_bekend > 0 THEN round(d.meisjes * 100.0 / d.g_bekend, 2) END,
		       ARRAY['optijd|' || d.k || '|', 'besl|' || d.k || '|'], ARRAY['besl|' || d.k || '|'],
		       ARRAY['besl|' || d.k || '|'], ARRAY['onder8|' || d.k || '|', 'gj|' || d.k || '|'],
		       ARRAY['jongens|' || d.k || '|', 'gb|' || d.k || '|'], ARRAY['meisjes|' || d.k || '|', 'gb|' || d.k || '|']
		FROM door d JOIN rp ON rp.k = d.k
		UNION ALL
		SELECT 'bestuur', row_number() OVER (ORDER BY b.name), NULL, b.name, NULL, NULL, b.so, b.sbo, b.ll, NULL,
		       'so|' || b.ck || '|' || b.bid, 'sbo|' || b.ck || '|' || b.bid, 'll|0|' || b.bid, NULL,
		       CASE WHEN btot.so > 0 THEN round(b.so * 100.0 / btot.so, 2) END,
		       CASE WHEN btot.sbo > 0 THEN round(b.sbo * 100.0 / btot.sbo, 2) END,
		       CASE WHEN btot.ll > 0 THEN round(b.ll * 100.0 / btot.ll, 2) END, NULL, NULL, NULL,
		       ARRAY['so|' || b.ck || '|' || b.bid, 'so_tot|' || b.ck || '|'],
		       ARRAY['sbo|' || b.ck || '|' || b.bid, 'sbo_tot|' || b.ck || '|'],
		       ARRAY['ll|0|' || b.bid, 'll_tot|0|'], NULL, NULL, NULL
		FROM bes b JOIN btot ON btot.ck = b.ck
		WHERE b.ck = CASE n WHEN 1 THEN 1 WHEN 2 THEN 5 ELSE 4 END
		UNION ALL
		SELECT 'nieuw', rp.rk, h.lbl, NULL, NULL, NULL, h.nieuw, h.herb, NULL, NULL,
		       'nieuw|' || h.k || '|', 'herb|' || h.k || '|', NULL, NULL,
		       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM nh h JOIN rp ON rp.k = h.k
		UNION ALL
		SELECT 'route', rp.rk * 100000 + r.o, r.lbl, r.grp, r.glabel, '', r.a, NULL, NULL, NULL,
		       'route|' || r.k || '|' || r.grp, NULL, NULL, NULL,
		       CASE WHEN r.tot > 0 THEN round(r.a * 100.0 / r.tot, 2) END, NULL, NULL, NULL, NULL, NULL,
		       ARRAY['route|' || r.k || '|' || r.grp, 'nieuw|' || r.k || '|'], NULL, NULL, NULL, NULL, NULL
		FROM rg r JOIN rp ON rp.k = r.k
		UNION ALL       -- per destination: the group's TLVs to SBO (to SO) as a share of all TLVs to SBO (SO)
		SELECT 'route', rp.rk * 100000 + x.o * 10000 + r.o, r.lbl, r.grp, r.glabel, x.lbl, x.a, NULL, NULL, NULL,
		       'routed|' || r.k || '|' || r.grp || '|' || x.d, NULL, NULL, NULL,
		       CASE WHEN x.tot > 0 THEN round(x.a * 100.0 / x.tot, 2) END, NULL, NULL, NULL, NULL, NULL,
		       ARRAY['routed|' || r.k || '|' || r.grp || '|' || x.d, 'dtot|' || r.k || '|' || x.d],
		       NULL, NULL, NULL, NULL, NULL
		FROM rg r JOIN rp ON rp.k = r.k CROSS JOIN LATERAL (VALUES (1, 'sbo', 'SBO', r.a_sbo, r.tot_sbo), (2, 'so', 'SO', r.a_so, r.tot_so))
		     x (o, d, lbl, a, tot)
	), m AS (
		SELECT raw.*, cfg.sup AS csup, cfg.thr AS cthr,
		       coalesce((zm.m ->> raw.k1)::boolean, false) AS y1, coalesce((zm.m ->> raw.k2)::boolean, false) AS y2,
		       coalesce((zm.m ->> raw.k3)::boolean, false) AS y3, coalesce((zm.m ->> raw.k4)::boolean, false) AS y4,
		       EXISTS (SELECT 1 FROM unnest(raw.dep1) x WHERE (zm.m ->> x)::boolean) AS z1,
		       EXISTS (SELECT 1 FROM unnest(raw.dep2) x WHERE (zm.m ->> x)::boolean) AS z2,
		       EXISTS (SELECT 1 FROM unnest(raw.dep3) x WHERE (zm.m ->> x)::boolean) AS z3,
		       EXISTS (SELECT 1 FROM unnest(raw.dep4) x WHERE (zm.m ->> x)::boolean) AS z4,
		       EXISTS (SELECT 1 FROM unnest(raw.dep5) x WHERE (zm.m ->> x)::boolean) AS z5,
		       EXISTS (SELECT 1 FROM unnest(raw.dep6) x WHERE (zm.m ->> x)::boolean) AS z6
		FROM raw CROSS JOIN cfg CROSS JOIN zm
	)
	SELECT m.sec, m.ord, m.periode, m.name, m.label, m.grp,
	       CASE WHEN m.y1 THEN NULL ELSE m.x1 END, CASE WHEN m.y2 THEN NULL ELSE m.x2 END,
	       CASE WHEN m.y3 THEN NULL ELSE m.x3 END, CASE WHEN m.y4 THEN NULL ELSE m.x4 END,
	       CASE WHEN m.z1 THEN NULL ELSE m.v1::text END, CASE WHEN m.z2 THEN NULL ELSE m.v2::text END,
	       CASE WHEN m.z3 THEN NULL ELSE m.v3::text END, CASE WHEN m.z4 THEN NULL ELSE m.v4::text END,
	       CASE WHEN m.z5 THEN NULL ELSE m.v5::text END, CASE WHEN m.z6 THEN NULL ELSE m.v6::text END,
	       m.z1, m.z2, m.z3, m.z4, m.z5, m.z6, m.csup, m.cthr
	FROM m
	ORDER BY CASE m.sec WHEN 'periode' THEN 0 WHEN 'herkomst' THEN 1 WHEN 'bestemming' THEN 2
	         WHEN 'aanvragend' THEN 3 WHEN 'doorlooptijd' THEN 4 WHEN 'bestuur' THEN 5 WHEN 'nieuw' THEN 6
	         ELSE 7 END, m.ord;
END
$$;
REVOKE ALL ON FUNCTION bestuur.tlv_report(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.tlv_report(text, integer) TO passend_bestuur, passend_toezicht;
