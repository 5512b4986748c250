-- rapportage_budget: the statement of
-- passend.v1.Rapportage/GetWerkgebiedBudgetReport (svc/rapportage_budget.c).
-- werkgebied.budget_report (sql/functions/werkgebied_budget.sql) gives a
-- row per werkgebied and a total row (werkgebied_id NULL) with the year's
-- figures on every row; this statement folds them into one
-- WerkgebiedBudgetReport row. A percentage is a Decimal (empty: begroot 0).

-- fragment: row
json_build_object('werkgebied_id', coalesce(r.werkgebied_id::text, ''), 'werkgebied', r.werkgebied,
                  'leerlingen', r.leerlingen, 'aandeel_cents', r.aandeel_cents,
                  'ophogingen_cents', r.ophogingen_cents, 'frictiepot_cents', r.frictiepot_cents,
                  'begroot_cents', r.begroot_cents, 'begroot_periode_cents', r.begroot_periode_cents,
                  'verplicht_cents', r.verplicht_cents, 'besteed_cents', r.besteed_cents,
                  'uitputting', json_build_object('value', coalesce(r.uitputting, '')),
                  'verplicht_pct', json_build_object('value', coalesce(r.verplicht_pct, '')),
                  'verschil', json_build_object('value', coalesce(r.verschil, '')))

-- name: report  params: 3
-- $1 schooljaar
-- $2 trimester  0 (and no tot): the whole year
-- $3 tot  '' or the last day counted
WITH r AS (
	SELECT * FROM werkgebied.budget_report($1, $2::integer, NULLIF($3, '')::date)
)
SELECT $1::text AS schooljaar, $2::integer AS trimester, t.tot, json_build_object('value', t.jaardeel) AS jaardeel,
	t.teldatum, t.totaal_cents, t.frictiepot_set_cents AS frictiepot_cents, t.frictiepot_onttrokken_cents,
	t.frictiepot_set_cents - t.frictiepot_onttrokken_cents AS frictiepot_over_cents,
	(SELECT json_agg({{row}} ORDER BY r.ord) FROM r WHERE r.werkgebied_id IS NOT NULL) AS per_werkgebied,
	(SELECT {{row}} FROM r WHERE r.werkgebied_id IS NULL) AS totaal
FROM r t WHERE t.werkgebied_id IS NULL
