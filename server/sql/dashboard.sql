-- dashboard: the statement of passend.v1.Toezicht/GetDashboard
-- (svc/dashboard.c, D45). The sections are computed by toezicht.dashboard
-- (sql/functions/toezicht_dashboard.sql: one function per section, each
-- suppressed as the report it reads); this statement folds the lines into
-- the one row of a Dashboard, each section a json object with its lines.

-- name: report  params: 2
-- $1 schooljaar
-- $2 trimester  0: the whole year
WITH d AS (
	SELECT d.sectie, d.titel, d.sectie_ord, d.regel IS NULL AS kop, (d.regel).*
	FROM toezicht.dashboard($1, $2::integer) d
), s AS (
	SELECT k.sectie, k.titel, k.sectie_ord,
	       (SELECT json_agg(json_build_object('onderwerp', coalesce(d.onderwerp, ''), 'periode', coalesce(d.periode, ''),
	                                          'waarde', json_build_object('value', coalesce(d.waarde, ''),
	                                                                      'suppressed', coalesce(d.suppressed, false)),
	                                          'doel', coalesce(d.doel, ''), 'signaal', coalesce(d.signaal, ''),
	                                          'toelichting', coalesce(d.toelichting, '')) ORDER BY d.ord)
	        FROM d WHERE d.sectie_ord = k.sectie_ord AND NOT d.kop) AS regels
	FROM d k WHERE k.kop
), h AS (
	SELECT * FROM toezicht.dashboard_suppression()
)
SELECT $1::text AS schooljaar, $2::integer AS trimester,
	(SELECT json_agg(json_build_object('naam', s.sectie, 'titel', s.titel, 'regels', coalesce(s.regels, '[]'))
	                 ORDER BY s.sectie_ord) FROM s) AS secties,
	h.threshold AS small_cell_threshold, h.suppressed
FROM h
