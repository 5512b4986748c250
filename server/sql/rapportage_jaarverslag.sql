-- rapportage_jaarverslag: the statement of passend.v1.Rapportage/GetJaarverslag
-- (svc/rapportage_jaarverslag.c). The figures are computed by
-- bestuur.jaarverslag_regels and bestuur.kengetallen
-- (sql/functions/bestuur_jaarrekening.sql: numeric, half-up to 2
-- decimals, the configuration in force for the year and size class); this
-- statement folds them into the one row of a Jaarverslag, each section a
-- json array in the functions' order (an amount that is NULL
-- there is 0 with its met_ flag false). A kengetal's decimals are text, ""
-- when NULL; its previous-year value is computed with that year's own
-- configuration. No row (NOT_FOUND) when the year has no accounts.

-- name: report  params: 1
-- $1 jaar
WITH r AS (
	SELECT r.* FROM bestuur.jaarverslag_regels($1::integer) WITH ORDINALITY
		AS r(staat, soort, rubriek, code, naam, bedrag, vorig, begroting, n)
), k AS (
	SELECT k.*, v.waarde AS vorig
	FROM bestuur.kengetallen($1::integer) k
	LEFT JOIN bestuur.kengetallen($1::integer - 1) v ON v.kengetal = k.kengetal
)
SELECT j.jaar, (SELECT k.grootteklasse FROM k LIMIT 1) AS grootteklasse,
	EXISTS (SELECT 1 FROM bestuur.jaarrekeningen v WHERE v.swv_id = j.swv_id AND v.jaar = j.jaar - 1) AS vorig_jaar,
	(SELECT json_agg(json_build_object('staat', r.staat, 'soort', r.soort, 'rubriek', r.rubriek, 'code', r.code,
	                                   'naam', r.naam, 'bedrag_cents', coalesce(r.bedrag, 0), 'met_bedrag', r.bedrag IS NOT NULL,
	                                   'vorig_jaar_cents', coalesce(r.vorig, 0), 'met_vorig_jaar', r.vorig IS NOT NULL,
	                                   'begroting_cents', coalesce(r.begroting, 0),
	                                   'met_begroting', r.begroting IS NOT NULL) ORDER BY r.n)
	 FROM r WHERE r.staat IN ('activa', 'passiva')) AS balans,
	(SELECT json_agg(json_build_object('staat', r.staat, 'soort', r.soort, 'rubriek', r.rubriek, 'code', r.code,
	                                   'naam', r.naam, 'bedrag_cents', coalesce(r.bedrag, 0), 'met_bedrag', r.bedrag IS NOT NULL,
	                                   'vorig_jaar_cents', coalesce(r.vorig, 0), 'met_vorig_jaar', r.vorig IS NOT NULL,
	                                   'begroting_cents', coalesce(r.begroting, 0),
	                                   'met_begroting', r.begroting IS NOT NULL) ORDER BY r.n)
	 FROM r WHERE r.staat IN ('baten', 'lasten', 'resultaat')) AS baten_en_lasten,
	(SELECT json_agg(json_build_object('kengetal', k.kengetal, 'naam', k.naam, 'eenheid', k.eenheid,
	                                   'definitie', k.definitie, 'definitie_vanaf', k.definitie_vanaf,
	                                   'waarde', coalesce(k.waarde::text, ''), 'vorig_jaar', coalesce(k.vorig::text, ''),
	                                   'ondergrens', coalesce(k.ondergrens::text, ''),
	                                   'bovengrens', coalesce(k.bovengrens::text, ''),
	                                   'norm_vanaf', coalesce(k.norm_vanaf, 0), 'signaal', k.signaal,
	                                   'gepubliceerd', coalesce(k.gepubliceerd::text, ''), 'afwijking', k.afwijking)
	                 ORDER BY k.volgorde, k.kengetal)
	 FROM k) AS kengetallen
FROM bestuur.jaarrekeningen j
WHERE j.swv_id = platform.current_swv() AND j.jaar = $1::integer
