-- rapportage_arrangementen: the statement of
-- passend.v1.Rapportage/GetArrangementReport (svc/rapportage_arrangementen.c).
-- werkgebied.arrangement_report (sql/functions/werkgebied_arrangement_report.sql:
-- calendar, scope, numeric half-up rounding, complementary suppression)
-- gives tagged lines; this statement folds them into one ArrangementReport
-- row. A count is a Cell (SQL NULL: suppressed, value 0), a percentage a
-- Decimal.

-- name: report  params: 2
-- $1 schooljaar
-- $2 trimester  0: the whole year
WITH r AS (
	SELECT r.*,
	       json_build_object('werkgebied_id', r.name, 'werkgebied', r.label,
	                         'individueel', json_build_object('value', coalesce(r.c1, 0), 'suppressed', r.c1 IS NULL),
	                         'individueel_pct_leerlingen', json_build_object('value', coalesce(r.d1, ''),
	                                                                         'suppressed', r.s1),
	                         'groep', json_build_object('value', coalesce(r.c2, 0), 'suppressed', r.c2 IS NULL),
	                         'innovatie', json_build_object('value', coalesce(r.c3, 0), 'suppressed', r.c3 IS NULL),
	                         'totaal', json_build_object('value', coalesce(r.c4, 0), 'suppressed', r.c4 IS NULL),
	                         'verlengingen', json_build_object('value', coalesce(r.c5, 0),
	                                                           'suppressed', r.c5 IS NULL)) AS wg
	FROM werkgebied.arrangement_report($1, $2::integer) r
)
SELECT $1::text AS schooljaar, $2::integer AS trimester,
	(SELECT json_agg(r.wg ORDER BY r.ord) FROM r WHERE r.sec = 'werkgebied' AND r.name <> '') AS per_werkgebied,
	(SELECT r.wg FROM r WHERE r.sec = 'werkgebied' AND r.name = '') AS totaal,
	(SELECT json_agg(json_build_object('ondersteuningscategorie', r.name,
	                                   'aantal', json_build_object('value', coalesce(r.c1, 0),
	                                                               'suppressed', r.c1 IS NULL)) ORDER BY r.ord)
	 FROM r WHERE r.sec = 'categorie') AS per_ondersteuningscategorie,
	(SELECT json_build_object('value', coalesce(r.c1, 0), 'suppressed', r.c1 IS NULL) FROM r
	 WHERE r.sec = 'versterkt') AS versterkt_leerkracht,
	(SELECT json_build_object('value', coalesce(r.c4, 0), 'suppressed', r.c4 IS NULL) FROM r
	 WHERE r.sec = 'versterkt') AS versterkt_totaal,
	(SELECT json_build_object('value', coalesce(r.d1, ''), 'suppressed', r.s1) FROM r
	 WHERE r.sec = 'versterkt') AS versterkt_aandeel,
	(SELECT r.thr FROM r LIMIT 1) AS small_cell_threshold, (SELECT r.sup FROM r LIMIT 1) AS suppressed
