-- jaarrekening: the statements of passend.v1.Bestuur's annual accounts
-- (svc/jaarrekening.c): a year's accounts stored whole through
-- bestuur.jaarrekening_put (sql/functions/bestuur_jaarrekening.sql, which
-- refuses an unbalanced balans naming both totals), read back as a
-- Jaarrekening by column name, and the rubrieken a line may have.

-- name: put  params: 9
-- NULL when stored; else why not, as _invalid (nothing written).
-- $1 jaar
-- $2 regels.code
-- $3 regels.rubriek
-- $4 regels.naam
-- $5 regels.bedrag_cents
-- $6 regels.begroting_cents
-- $7 gepubliceerd.kengetal
-- $8 gepubliceerd.waarde
-- $9 regels.met_begroting
SELECT bestuur.jaarrekening_put($1::integer, $2::text[], $3::text[], $4::text[], $5::bigint[],
                                ARRAY(SELECT CASE WHEN m THEN b END
                                      FROM unnest($6::bigint[], $9::boolean[]) WITH ORDINALITY AS u(b, m, n)
                                      ORDER BY n),
                                $7::text[], $8::text[]) AS _invalid

-- name: get  params: 1
-- The accounts of a year with their totals (resultaat = baten - lasten).
-- $1 jaar
SELECT j.jaar,
	(SELECT json_agg(json_build_object('code', g.code, 'rubriek', g.rubriek, 'naam', g.naam,
	                                   'bedrag_cents', g.bedrag_cents,
	                                   'begroting_cents', coalesce(g.begroting_cents, 0),
	                                   'met_begroting', g.begroting_cents IS NOT NULL)
	                 ORDER BY g.volgorde)
	 FROM bestuur.jaarrekening_regels g WHERE g.swv_id = j.swv_id AND g.jaar = j.jaar) AS regels,
	(SELECT json_agg(json_build_object('kengetal', p.kengetal, 'waarde', p.waarde::text) ORDER BY p.kengetal)
	 FROM bestuur.jaarrekening_gepubliceerd p WHERE p.swv_id = j.swv_id AND p.jaar = j.jaar) AS gepubliceerd,
	t.activa AS totaal_activa_cents, t.passiva AS totaal_passiva_cents, t.baten AS totale_baten_cents,
	t.lasten AS totale_lasten_cents, t.baten - t.lasten AS resultaat_cents, j.updated_at
FROM bestuur.jaarrekeningen j
CROSS JOIN LATERAL (
	SELECT sum(b.cents) FILTER (WHERE b.term = 'activa') AS activa,
	       sum(b.cents) FILTER (WHERE b.term = 'passiva') AS passiva,
	       sum(b.cents) FILTER (WHERE b.term = 'baten') AS baten,
	       sum(b.cents) FILTER (WHERE b.term = 'lasten') AS lasten
	FROM bestuur.jaarrekening_termen(j.jaar) b
) t
WHERE j.swv_id = platform.current_swv() AND j.jaar = $1::integer

-- name: rubrieken  params: 0
SELECT r.rubriek, r.staat, r.naam FROM platform.jaarrekening_rubrieken r ORDER BY r.volgorde
