-- rapportage_deelname: the statement of passend.v1.Rapportage/GetDeelnameReport
-- (svc/rapportage_deelname.c). The report is computed by
-- bestuur.deelname_report (0004_bestuur_referentie.sql: numeric, half-up
-- rounding, small-cell suppression for every role but bestuur); this
-- statement makes its rows DeelnameRow messages by column name. A count is a
-- Cell (SQL NULL: suppressed, value 0); a percentage a Decimal ("" when
-- NULL), suppressed when NULL in a suppressing report unless its
-- denominator is 0 (then it is only empty); an SO category percentage is
-- also only empty when the categories are unknown (its count is then shown). Landelijke percentages are
-- public figures, never suppressed; a difference is missing when either
-- side is, and suppressed with its percentage.

-- name: report  params: 3
-- $1 teldata  empty: every teldatum with counts
-- $2 per_gemeente
-- $3 per_bestuur
WITH r AS (
	SELECT r.*, r.suppress AND coalesce(r.noemer <> 0, true) AS hide
	FROM bestuur.deelname_report($1::date[], $2::boolean, $3::boolean) WITH ORDINALITY AS r
)
SELECT r.teldatum, r.scope, r.name,
	json_build_object('value', coalesce(r.bao, 0), 'suppressed', r.bao IS NULL) AS bao,
	json_build_object('value', coalesce(r.sbo, 0), 'suppressed', r.sbo IS NULL) AS sbo,
	json_build_object('value', coalesce(r.so, 0), 'suppressed', r.so IS NULL) AS so,
	json_build_object('value', coalesce(r.so_c1, 0), 'suppressed', r.so_c1 IS NULL) AS so_categorie_1,
	json_build_object('value', coalesce(r.so_c2, 0), 'suppressed', r.so_c2 IS NULL) AS so_categorie_2,
	json_build_object('value', coalesce(r.so_c3, 0), 'suppressed', r.so_c3 IS NULL) AS so_categorie_3,
	json_build_object('value', coalesce(r.noemer, 0), 'suppressed', r.noemer IS NULL) AS noemer,
	json_build_object('value', coalesce(r.pct_sbo::text, ''), 'suppressed', r.pct_sbo IS NULL AND r.hide) AS pct_sbo,
	json_build_object('value', coalesce(r.pct_so::text, ''), 'suppressed', r.pct_so IS NULL AND r.hide) AS pct_so,
	json_build_object('value', coalesce(r.pct_c1::text, ''),
	                  'suppressed', r.pct_c1 IS NULL AND r.hide AND (r.so_c1 IS NULL OR r.noemer IS NULL))
		AS pct_so_categorie_1,
	json_build_object('value', coalesce(r.pct_c2::text, ''),
	                  'suppressed', r.pct_c2 IS NULL AND r.hide AND (r.so_c2 IS NULL OR r.noemer IS NULL))
		AS pct_so_categorie_2,
	json_build_object('value', coalesce(r.pct_c3::text, ''),
	                  'suppressed', r.pct_c3 IS NULL AND r.hide AND (r.so_c3 IS NULL OR r.noemer IS NULL))
		AS pct_so_categorie_3,
	json_build_object('value', coalesce(r.land_sbo::text, ''), 'suppressed', false) AS landelijk_sbo,
	json_build_object('value', coalesce(r.land_so::text, ''), 'suppressed', false) AS landelijk_so,
	json_build_object('value', coalesce((r.pct_sbo - r.land_sbo)::text, ''),
	                  'suppressed', r.pct_sbo IS NULL AND r.hide) AS verschil_sbo,
	json_build_object('value', coalesce((r.pct_so - r.land_so)::text, ''),
	                  'suppressed', r.pct_so IS NULL AND r.hide) AS verschil_so
FROM r ORDER BY r.ordinality
