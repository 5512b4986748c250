-- rapportage_tlv: the statement of passend.v1.Rapportage/GetTlvReport
-- (svc/rapportage_tlv.c). The report is computed by bestuur.tlv_report
-- (sql/functions/bestuur_tlv_report.sql: the tenant's calendar, numeric half-up rounding,
-- small-cell suppression for every role but bestuur), one row per report
-- line tagged with its section (sec); this statement folds the lines into
-- the one row of a TlvReport, each section a json array of its rows in the
-- function's order. A count c1..c4 is a Cell (SQL NULL: suppressed, value
-- 0), a decimal d1..d6 with its flag s1..s6 a Decimal ("" when NULL).

-- name: report  params: 2
-- $1 schooljaar
-- $2 trimester  0: the whole year (three trimesters)
WITH r AS (
	SELECT r.sec, r.ordinality AS n, r.periode, r.name, r.label, r.grp, r.sup, r.thr,
	       json_build_object('value', coalesce(r.c1, 0), 'suppressed', r.c1 IS NULL) AS c1,
	       json_build_object('value', coalesce(r.c2, 0), 'suppressed', r.c2 IS NULL) AS c2,
	       json_build_object('value', coalesce(r.c3, 0), 'suppressed', r.c3 IS NULL) AS c3,
	       json_build_object('value', coalesce(r.c4, 0), 'suppressed', r.c4 IS NULL) AS c4,
	       json_build_object('value', coalesce(r.d1, ''), 'suppressed', r.s1) AS d1,
	       json_build_object('value', coalesce(r.d2, ''), 'suppressed', r.s2) AS d2,
	       json_build_object('value', coalesce(r.d3, ''), 'suppressed', r.s3) AS d3,
	       json_build_object('value', coalesce(r.d4, ''), 'suppressed', r.s4) AS d4,
	       json_build_object('value', coalesce(r.d5, ''), 'suppressed', r.s5) AS d5,
	       json_build_object('value', coalesce(r.d6, ''), 'suppressed', r.s6) AS d6
	FROM bestuur.tlv_report($1, $2::integer) WITH ORDINALITY AS r
)
SELECT (SELECT $1::text FROM r LIMIT 1) AS schooljaar, (SELECT $2::integer FROM r LIMIT 1) AS trimester,
	(SELECT array_agg(r.periode ORDER BY r.n) FROM r WHERE r.sec = 'periode') AS perioden,
	(SELECT json_agg(json_build_object('periode', r.periode, 'herkomst', r.name, 'label', r.label,
	                                   'route_group', r.grp, 'aantal', r.c1) ORDER BY r.n)
	 FROM r WHERE r.sec = 'herkomst') AS herkomst,
	-- per_trimester: T1..Tn of the report (n = 3 for the whole year)
	(SELECT json_agg(json_build_object('school', r.name, 'groep', r.label, 'totaal', r.c4, 'per_trimester',
	                                   (SELECT json_agg(t.c ORDER BY t.k)
	                                    FROM unnest(ARRAY[r.c1, r.c2, r.c3]) WITH ORDINALITY AS t(c, k)
	                                    WHERE t.k <= CASE WHEN $2::integer = 0 THEN 3 ELSE $2::integer END))
	                 ORDER BY r.n)
	 FROM r WHERE r.sec = 'bestemming') AS bestemming,
	(SELECT json_agg(json_build_object('periode', r.periode, 'tlv_uit_basisonderwijs', r.c1,
	                                   'aanvragende_basisscholen', r.c2, 'basisscholen_totaal', r.c3,
	                                   'aandeel_aanvragend', r.d1, 'gemiddeld_per_aanvragende_school', r.d2)
	                 ORDER BY r.n)
	 FROM r WHERE r.sec = 'aanvragend') AS aanvragende_scholen,
	(SELECT json_agg(json_build_object('periode', r.periode, 'besluiten', r.c1, 'aandeel_op_tijd', r.d1,
	                                   'mediaan_dagen', r.d2, 'p90_dagen', r.d3, 'aandeel_onder_8', r.d4,
	                                   'aandeel_jongens', r.d5, 'aandeel_meisjes', r.d6) ORDER BY r.n)
	 FROM r WHERE r.sec = 'doorlooptijd') AS doorlooptijd,
	(SELECT json_agg(json_build_object('bestuur', r.name, 'tlv_bao_naar_so', r.c1, 'tlv_bao_naar_sbo', r.c2,
	                                   'aandeel_tlv_bao_naar_so', r.d1, 'aandeel_tlv_bao_naar_sbo', r.d2,
	                                   'aandeel_bao_leerlingen', r.d3) ORDER BY r.n)
	 FROM r WHERE r.sec = 'bestuur') AS per_bestuur,
	(SELECT json_agg(json_build_object('periode', r.periode, 'nieuw', r.c1, 'herbeoordeling', r.c2)
	                 ORDER BY r.n)
	 FROM r WHERE r.sec = 'nieuw') AS nieuw_herbeoordeling,
	-- route: name the group, label its name, grp the destination ("" all, "SBO", "SO")
	(SELECT json_agg(json_build_object('periode', r.periode, 'route_group', r.name, 'aantal', r.c1,
	                                   'aandeel', r.d1, 'label', r.label, 'bestemming', r.grp) ORDER BY r.n)
	 FROM r WHERE r.sec = 'route') AS route_groups,
	(SELECT r.thr FROM r ORDER BY r.n LIMIT 1) AS small_cell_threshold,
	(SELECT r.sup FROM r ORDER BY r.n LIMIT 1) AS suppressed
