-- rapportage_mdo: the statement of passend.v1.Rapportage/GetMdoReport
-- (svc/rapportage_mdo.c). The report is computed by werkgebied.mdo_report
-- (sql/functions/werkgebied_mdo_report.sql: the tenant's trimesters, the
-- caller's scope, half-up rounding, complementary small-cell suppression
-- for every role but bestuur), one row per line tagged with its section;
-- this statement folds the lines into the one row of an MdoReport. A count
-- is a Cell (SQL NULL: suppressed, value 0), a share a Decimal.

-- name: report  params: 2
-- $1 schooljaar
-- $2 trimester  0: the whole year (three trimesters)
WITH r AS (
	SELECT r.sec, r.ordinality AS n, r.periode, r.code, r.label, r.sup, r.thr,
	       json_build_object('value', coalesce(r.c1, 0), 'suppressed', r.c1 IS NULL) AS c1,
	       json_build_object('value', coalesce(r.c2, 0), 'suppressed', r.c2 IS NULL) AS c2,
	       json_build_object('value', coalesce(r.c3, 0), 'suppressed', r.c3 IS NULL) AS c3,
	       json_build_object('value', coalesce(r.d1, ''), 'suppressed', r.s1) AS d1,
	       json_build_object('value', coalesce(r.d2, ''), 'suppressed', r.s2) AS d2
	FROM werkgebied.mdo_report($1, $2::integer) WITH ORDINALITY AS r
)
SELECT (SELECT $1::text FROM r LIMIT 1) AS schooljaar, (SELECT $2::integer FROM r LIMIT 1) AS trimester,
	(SELECT array_agg(r.periode ORDER BY r.n) FROM r WHERE r.sec = 'periode') AS perioden,
	(SELECT json_agg(json_build_object('periode', r.periode, 'niveau', r.code, 'label', r.label, 'aantal', r.c1)
	                 ORDER BY r.n)
	 FROM r WHERE r.sec = 'niveau') AS per_niveau,
	(SELECT json_agg(json_build_object('periode', r.periode, 'mdos', r.c1, 'aandeel_jonger_dan_8', r.d1,
	                                   'aandeel_kind_deelgenomen', r.d2, 'tijdelijke_plaatsingen_sbo', r.c2,
	                                   'tijdelijke_plaatsingen_so', r.c3) ORDER BY r.n)
	 FROM r WHERE r.sec = 'kenmerken') AS kenmerken,
	(SELECT r.thr FROM r ORDER BY r.n LIMIT 1) AS small_cell_threshold,
	(SELECT r.sup FROM r ORDER BY r.n LIMIT 1) AS suppressed
