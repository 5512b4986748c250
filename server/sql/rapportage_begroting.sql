-- rapportage_begroting: the statement of passend.v1.Rapportage/GetBegrotingReport
-- (svc/rapportage_begroting.c, D43). bestuur.begroting_report computes the
-- rows (sql/functions/bestuur_begroting.sql); this statement checks that
-- tot is the last day of a month of the school year (_invalid) and folds
-- the rows into the one BegrotingReport.

-- name: report  params: 3
-- $1 schooljaar
-- $2 tot
-- $3 begroting_id  optional
WITH per AS (
	SELECT x.lo, x.hi FROM platform.report_periods($1, 0) x WHERE x.k = 4
), chk AS (
	SELECT CASE
		WHEN $2::date < per.lo OR $2::date >= per.hi THEN
			format('tot must be in schooljaar %s (%s to %s)', $1, per.lo, per.hi - 1)
		WHEN $2::date + 1 <> ALL (ARRAY(SELECT (per.lo + make_interval(months => k))::date
		                                FROM generate_series(1, 12) k)) THEN
			format('tot must be the last day of a month of schooljaar %s, e.g. %s', $1,
			       (per.lo + interval '8 months')::date - 1)
		END AS _invalid
	FROM per
), r AS (
	SELECT x.* FROM chk, bestuur.begroting_report($1, $2::date, NULLIF($3, '')::uuid) WITH ORDINALITY x
	WHERE chk._invalid IS NULL
)
SELECT chk._invalid, a.* FROM chk LEFT JOIN (
	SELECT $1 AS schooljaar, min(r.van) AS van, $2::date AS tot, min(r.maanden) AS maanden,
	       min(r.begroting_id::text) AS begroting_id, min(r.versie) AS versie, min(r.status) AS status,
	       json_agg(json_build_object('soort', r.soort, 'sectie', r.sectie, 'groep', r.groep, 'code', r.code,
	                                  'omschrijving', r.omschrijving, 'sleutel', r.sleutel, 'pm', r.pm,
	                                  'begroot_schooljaar_cents', r.b, 'begroot_periode_cents', r.bp,
	                                  'realisatie_periode_cents', r.r, 'verschil_cents', r.v,
	                                  'prognose_cents', r.p, 'prognose_handmatig', r.handmatig)
	                ORDER BY r.ordinality) AS rows
	FROM r HAVING count(*) > 0
) a ON true
