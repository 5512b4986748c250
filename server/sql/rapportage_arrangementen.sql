-- rapportage_arrangementen: the statement of
-- passend.v1.Rapportage/GetArrangementReport (svc/rapportage_arrangementen.c).
-- werkgebied.arrangement_report (sql/functions/werkgebied_arrangement_report.sql:
-- the tenant's trimesters, scope, numeric half-up rounding, complementary
-- suppression) gives tagged lines per period; this statement folds them into
-- one ArrangementReport row: every period in per_periode, verdeling and
-- versterkt, and the last period (the cumulative one) also in the fields of
-- the published table. A count is a Cell (SQL NULL: suppressed, value 0), a
-- percentage a Decimal.

-- name: report  params: 2
-- $1 schooljaar
-- $2 trimester  0: the whole year
WITH r AS (
	SELECT r.*, max(r.ord) FILTER (WHERE r.sec = 'periode') OVER () AS last_k,
	       CASE WHEN r.ord >= 10000 THEN r.ord / 10000 ELSE r.ord END AS k,
	       json_build_object('value', coalesce(r.c1, 0), 'suppressed', r.c1 IS NULL) AS j1,
	       json_build_object('value', coalesce(r.c4, 0), 'suppressed', r.c4 IS NULL) AS j4,
	       json_build_object('value', coalesce(r.d1, ''), 'suppressed', r.s1) AS jd
	FROM werkgebied.arrangement_report($1, $2::integer) r
), w AS (
	SELECT r.*, json_build_object('werkgebied_id', r.name, 'werkgebied', r.label, 'periode', r.periode,
	                              'individueel', r.j1, 'individueel_pct_leerlingen', r.jd,
	                              'groep', json_build_object('value', coalesce(r.c2, 0), 'suppressed', r.c2 IS NULL),
	                              'innovatie', json_build_object('value', coalesce(r.c3, 0), 'suppressed', r.c3 IS NULL),
	                              'totaal', r.j4,
	                              'verlengingen', json_build_object('value', coalesce(r.c5, 0),
	                                                                'suppressed', r.c5 IS NULL)) AS wg
	FROM r WHERE r.sec = 'werkgebied'
)
SELECT $1::text AS schooljaar, $2::integer AS trimester,
	(SELECT array_agg(r.periode ORDER BY r.ord) FROM r WHERE r.sec = 'periode') AS perioden,
	(SELECT json_agg(w.wg ORDER BY w.ord) FROM w WHERE w.k = w.last_k AND w.name <> '') AS per_werkgebied,
	(SELECT w.wg FROM w WHERE w.k = w.last_k AND w.name = '') AS totaal,
	(SELECT json_agg(w.wg ORDER BY w.ord) FROM w) AS per_periode,
	(SELECT json_agg(json_build_object('ondersteuningscategorie', r.name, 'label', r.label, 'aantal', r.j1)
	                 ORDER BY r.ord)
	 FROM r WHERE r.sec = 'verdeling' AND r.dim = 'ondersteuningscategorie' AND r.k = r.last_k
	   AND (r.name <> '' OR r.c1 IS NULL OR r.c1 > 0)) AS per_ondersteuningscategorie,
	(SELECT json_agg(json_build_object('periode', r.periode, 'verdeling', r.dim, 'code', r.name, 'label', r.label,
	                                   'aantal', r.j1, 'aandeel', r.jd) ORDER BY r.ord)
	 FROM r WHERE r.sec = 'verdeling') AS verdeling,
	(SELECT json_agg(json_build_object('periode', r.periode, 'versterkt', r.j1, 'totaal', r.j4, 'aandeel', r.jd)
	                 ORDER BY r.ord)
	 FROM r WHERE r.sec = 'versterkt') AS versterkt,
	(SELECT r.j1 FROM r WHERE r.sec = 'versterkt' AND r.ord = r.last_k) AS versterkt_leerkracht,
	(SELECT r.j4 FROM r WHERE r.sec = 'versterkt' AND r.ord = r.last_k) AS versterkt_totaal,
	(SELECT r.jd FROM r WHERE r.sec = 'versterkt' AND r.ord = r.last_k) AS versterkt_aandeel,
	(SELECT r.thr FROM r LIMIT 1) AS small_cell_threshold, (SELECT r.sup FROM r LIMIT 1) AS suppressed
