-- rapportage_thuiszitters: the statement of passend.v1.Rapportage/
-- GetThuiszitterReport (svc/rapportage_thuiszitters.c). The report is
-- computed by werkgebied.thuiszitter_report
-- (sql/functions/werkgebied_thuiszitter_report.sql: the tenant's
-- trimesters, the caller's scope, complementary small-cell suppression for
-- every role but bestuur), one row per line tagged with its section; this
-- statement folds the lines into the one row of a ThuiszitterReport. A
-- count is a Cell (SQL NULL: suppressed, value 0), a duration a Decimal.

-- fragment: cell1
json_build_object('value', coalesce(r.c1, 0), 'suppressed', r.c1 IS NULL)

-- name: report  params: 3
-- $1 schooljaar
-- $2 trimester  0: the whole year (three trimesters)
-- $3 peildatum  the day of the dreigend table ('' : the default)
WITH r AS (
	SELECT r.*, r.ordinality AS n
	FROM werkgebied.thuiszitter_report($1, $2::integer, NULLIF($3, '')::date) WITH ORDINALITY AS r
)
SELECT (SELECT $1::text FROM r LIMIT 1) AS schooljaar, (SELECT $2::integer FROM r LIMIT 1) AS trimester,
	(SELECT array_agg(r.periode ORDER BY r.n) FROM r WHERE r.sec = 'periode') AS perioden,
	(SELECT r.datum FROM r WHERE r.sec = 'peildatum') AS peildatum,
	(SELECT json_agg(json_build_object('peildatum', r.datum, 'categorie', r.code, 'label', r.label, 'soort',
	                                   r.periode, 'gemeente', r.naam, 'aantal', {{cell1}}) ORDER BY r.n)
	 FROM r WHERE r.sec = 'telling') AS tellingen,
	(SELECT json_agg(json_build_object('werkgebied_id', r.code, 'werkgebied', r.naam, 'aantal', {{cell1}})
	                 ORDER BY r.n)
	 FROM r WHERE r.sec = 'dreigend') AS dreigend,
	(SELECT json_agg(json_build_object('periode', r.periode, 'uitkomst', r.code, 'afgesloten', {{cell1}},
	                                   'gemiddeld_dagen', json_build_object('value', coalesce(r.d1, ''),
	                                                                        'suppressed', r.c1 IS NULL),
	                                   'mediaan_dagen', json_build_object('value', coalesce(r.d2, ''),
	                                                                      'suppressed', r.c1 IS NULL))
	                 ORDER BY r.n)
	 FROM r WHERE r.sec = 'duur') AS duur,
	(SELECT json_agg(json_build_object(
	            'van', r.datum, 'tot', r.datum2, 'gemeente', r.naam,
	            'begin', json_build_object('value', coalesce(r.c1, 0), 'suppressed', r.c1 IS NULL),
	            'nieuw', json_build_object('value', coalesce(r.c2, 0), 'suppressed', r.c2 IS NULL),
	            'verhuisd', json_build_object('value', coalesce(r.c3, 0), 'suppressed', r.c3 IS NULL),
	            'achttien', json_build_object('value', coalesce(r.c4, 0), 'suppressed', r.c4 IS NULL),
	            'opgelost', json_build_object('value', coalesce(r.c5, 0), 'suppressed', r.c5 IS NULL),
	            'actueel', json_build_object('value', coalesce(r.c6, 0), 'suppressed', r.c6 IS NULL),
	            'berekend', json_build_object('value', coalesce(r.c7, 0), 'suppressed', r.c7 IS NULL),
	            'verschil', r.v, 'klopt', r.v = 0) ORDER BY r.n)
	 FROM r WHERE r.sec = 'verloop') AS verloop,
	(SELECT r.thr FROM r ORDER BY r.n LIMIT 1) AS small_cell_threshold,
	(SELECT r.sup FROM r ORDER BY r.n LIMIT 1) AS suppressed
