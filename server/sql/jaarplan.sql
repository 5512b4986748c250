-- jaarplan: the statements of passend.v1.Jaarplan (svc/jaarplan.c, D45):
-- doelen, perspectieven and acties of a school year's jaarplan, the KPI
-- actuals entered per trimester, and the progress with signals
-- (bestuur.jaarplan_voortgang, sql/functions/bestuur_jaarplan.sql). Rows
-- are the messages by column name. bestuur writes, toezicht reads.

-- fragment: doel
id, swv_id AS tenant_id, schooljaar, titel, volgorde, created_at

-- fragment: doel_key
(schooljaar || lpad(volgorde::text, 3, '0') || platform.name_key(titel, id::text)) COLLATE "C"

-- fragment: persp
p.id, p.swv_id AS tenant_id, p.doel_id, p.schooljaar, p.naam, p.volgorde, p.created_at

-- fragment: persp_key
(p.schooljaar || lpad(d.volgorde::text, 3, '0') || d.id::text || lpad(p.volgorde::text, 3, '0')
 || platform.name_key(p.naam, p.id::text)) COLLATE "C"

-- fragment: actie
x.id, x.swv_id AS tenant_id, x.perspectief_id, x.schooljaar, x.code, x.volgorde, x.wat, x.wie, x.wanneer,
	x.begrotingsregel, x.begrotingsregel_id, x.kpi, x.doel_soort,
	coalesce(CASE x.doel_soort WHEN 'aantal' THEN trunc(x.doelwaarde)::text
	                           ELSE round(x.doelwaarde, 2)::text END, '') AS doelwaarde,
	x.kpi_bron, coalesce(trim_scale(x.aandacht_marge)::text, '') AS aandacht_marge, x.afgerond_op,
	(SELECT d.titel FROM bestuur.jaarplan_perspectieven p JOIN bestuur.jaarplan_doelen d
	   ON d.swv_id = p.swv_id AND d.id = p.doel_id WHERE p.swv_id = x.swv_id AND p.id = x.perspectief_id) AS doel,
	(SELECT p.naam FROM bestuur.jaarplan_perspectieven p WHERE p.swv_id = x.swv_id AND p.id = x.perspectief_id)
	AS perspectief, x.created_at

-- fragment: actie_key
(x.schooljaar || (SELECT lpad(d.volgorde::text, 3, '0') || d.id::text || lpad(p.volgorde::text, 3, '0') || p.id::text
                  FROM bestuur.jaarplan_perspectieven p JOIN bestuur.jaarplan_doelen d
                    ON d.swv_id = p.swv_id AND d.id = p.doel_id
                  WHERE p.swv_id = x.swv_id AND p.id = x.perspectief_id)
 || lpad(x.volgorde::text, 3, '0') || lower(x.code) || chr(1) || x.id::text) COLLATE "C"

-- name: doel_insert  params: 3
-- $1 doel.schooljaar
-- $2 doel.titel
-- $3 doel.volgorde
INSERT INTO bestuur.jaarplan_doelen (swv_id, id, schooljaar, titel, volgorde)
VALUES (platform.current_swv(), gen_random_uuid(), $1, btrim($2), coalesce(NULLIF($3::integer, 0), 1))
RETURNING {{doel}}

-- name: doel_list  params: 3
-- By school year, volgorde, title.
-- $1 schooljaar
-- $2 page_after
-- $3 page_limit
SELECT {{doel}}, {{doel_key}} AS _key FROM bestuur.jaarplan_doelen
WHERE swv_id = platform.current_swv() AND ($1 = '' OR schooljaar = $1) AND ($2 = '' OR {{doel_key}} > $2)
ORDER BY _key LIMIT $3::int

-- name: persp_insert  params: 3
-- A perspectief under a doel, in the doel's school year.
-- $1 perspectief.doel_id
-- $2 perspectief.naam
-- $3 perspectief.volgorde
INSERT INTO bestuur.jaarplan_perspectieven AS p (swv_id, id, doel_id, schooljaar, naam, volgorde)
SELECT d.swv_id, gen_random_uuid(), d.id, d.schooljaar, btrim($2), coalesce(NULLIF($3::integer, 0), 1)
FROM bestuur.jaarplan_doelen d WHERE d.swv_id = platform.current_swv() AND d.id = $1::uuid
RETURNING {{persp}}

-- name: persp_list  params: 4
-- By school year, the doel's order, then their own.
-- $1 schooljaar
-- $2 doel_id
-- $3 page_after
-- $4 page_limit
SELECT {{persp}}, {{persp_key}} AS _key
FROM bestuur.jaarplan_perspectieven p JOIN bestuur.jaarplan_doelen d ON d.swv_id = p.swv_id AND d.id = p.doel_id
WHERE p.swv_id = platform.current_swv() AND ($1 = '' OR p.schooljaar = $1)
	AND ($2 = '' OR p.doel_id = NULLIF($2, '')::uuid) AND ($3 = '' OR {{persp_key}} > $3)
ORDER BY _key LIMIT $4::int

-- name: actie_insert  params: 14
-- An action under a perspectief, in its school year.
-- $1 actie.perspectief_id
-- $2 actie.code
-- $3 actie.volgorde
-- $4 actie.wat
-- $5 actie.wie
-- $6 actie.wanneer
-- $7 actie.begrotingsregel
-- $8 actie.begrotingsregel_id
-- $9 actie.kpi
-- $10 actie.doel_soort
-- $11 actie.doelwaarde
-- $12 actie.kpi_bron
-- $13 actie.aandacht_marge
-- $14 actie.afgerond_op
WITH x AS (
	INSERT INTO bestuur.jaarplan_acties (swv_id, id, perspectief_id, schooljaar, code, volgorde, wat, wie, wanneer,
	                                     begrotingsregel, begrotingsregel_id, kpi, doel_soort, doelwaarde, kpi_bron,
	                                     aandacht_marge, afgerond_op)
	SELECT p.swv_id, gen_random_uuid(), p.id, p.schooljaar, btrim($2), coalesce(NULLIF($3::integer, 0), 1), btrim($4),
	       btrim($5), btrim($6), btrim($7), NULLIF($8, '')::uuid, btrim($9), coalesce(NULLIF($10, ''), 'geen'),
	       NULLIF($11, '')::numeric, coalesce(NULLIF($12, ''), 'invoer'), NULLIF($13, '')::numeric,
	       NULLIF($14, '')::date
	FROM bestuur.jaarplan_perspectieven p WHERE p.swv_id = platform.current_swv() AND p.id = $1::uuid
	RETURNING *
)
SELECT {{actie}} FROM x

-- name: actie_list  params: 4
-- In the jaarplan's order: school year, the doel's and the perspectief's
-- order, then the action's volgorde and code.
-- $1 schooljaar
-- $2 perspectief_id
-- $3 page_after
-- $4 page_limit
SELECT {{actie}}, {{actie_key}} AS _key FROM bestuur.jaarplan_acties x
WHERE x.swv_id = platform.current_swv() AND ($1 = '' OR x.schooljaar = $1)
	AND ($2 = '' OR x.perspectief_id = NULLIF($2, '')::uuid) AND ($3 = '' OR {{actie_key}} > $3)
ORDER BY _key LIMIT $4::int

-- name: actie_update  params: 13
-- Each field as the mask names it; the target's rules (doel_soort,
-- doelwaarde, kpi_bron together) are the table's CHECKs, answered by
-- svc/jaarplan.c.
-- $1 actie.id
-- $2 update_mask
-- $3 actie.wat
-- $4 actie.wie
-- $5 actie.wanneer
-- $6 actie.begrotingsregel
-- $7 actie.begrotingsregel_id
-- $8 actie.kpi
-- $9 actie.doel_soort
-- $10 actie.doelwaarde
-- $11 actie.kpi_bron
-- $12 actie.aandacht_marge
-- $13 actie.afgerond_op
WITH x AS (
	UPDATE bestuur.jaarplan_acties t SET
		wat = CASE WHEN 'wat' = ANY ($2::text[]) THEN btrim($3) ELSE t.wat END,
		wie = CASE WHEN 'wie' = ANY ($2::text[]) THEN btrim($4) ELSE t.wie END,
		wanneer = CASE WHEN 'wanneer' = ANY ($2::text[]) THEN btrim($5) ELSE t.wanneer END,
		begrotingsregel = CASE WHEN 'begrotingsregel' = ANY ($2::text[]) THEN btrim($6) ELSE t.begrotingsregel END,
		begrotingsregel_id = CASE WHEN 'begrotingsregel_id' = ANY ($2::text[]) THEN NULLIF($7, '')::uuid
		                     ELSE t.begrotingsregel_id END,
		kpi = CASE WHEN 'kpi' = ANY ($2::text[]) THEN btrim($8) ELSE t.kpi END,
		doel_soort = CASE WHEN 'doel_soort' = ANY ($2::text[]) THEN coalesce(NULLIF($9, ''), 'geen')
		             ELSE t.doel_soort END,
		doelwaarde = CASE WHEN 'doelwaarde' = ANY ($2::text[]) THEN NULLIF($10, '')::numeric ELSE t.doelwaarde END,
		kpi_bron = CASE WHEN 'kpi_bron' = ANY ($2::text[]) THEN coalesce(NULLIF($11, ''), 'invoer') ELSE t.kpi_bron END,
		aandacht_marge = CASE WHEN 'aandacht_marge' = ANY ($2::text[]) THEN NULLIF($12, '')::numeric
		                 ELSE t.aandacht_marge END,
		afgerond_op = CASE WHEN 'afgerond_op' = ANY ($2::text[]) THEN NULLIF($13, '')::date ELSE t.afgerond_op END
	WHERE t.swv_id = platform.current_swv() AND t.id = $1::uuid
	RETURNING t.*
)
SELECT {{actie}} FROM x

-- name: meting_upsert  params: 5
-- The stand of an entered KPI through trimester k (a repeat replaces it).
-- A KPI the service computes takes no entered value (_invalid); a signal
-- may still be entered.
-- $1 meting.actie_id
-- $2 meting.trimester
-- $3 meting.waarde
-- $4 meting.signaal
-- $5 meting.toelichting
WITH a AS (
	SELECT x.* FROM bestuur.jaarplan_acties x WHERE x.swv_id = platform.current_swv() AND x.id = $1::uuid
), chk AS (
	SELECT a.id, a.code, CASE WHEN a.kpi_bron <> 'invoer' AND $3 <> ''
	                          THEN 'meting.waarde: the KPI of actie ' || a.code || ' is computed (' || a.kpi_bron
	                               || '); enter a signal or toelichting only' END AS _invalid
	FROM a
), m AS (
	INSERT INTO bestuur.jaarplan_metingen AS m (swv_id, actie_id, trimester, waarde, signaal, toelichting)
	SELECT platform.current_swv(), chk.id, $2::smallint, NULLIF($3, '')::numeric, NULLIF($4, ''), $5
	FROM chk WHERE chk._invalid IS NULL
	ON CONFLICT (swv_id, actie_id, trimester) DO UPDATE
		SET waarde = EXCLUDED.waarde, signaal = EXCLUDED.signaal, toelichting = EXCLUDED.toelichting,
		    recorded_at = now()
	RETURNING m.*
)
SELECT m.actie_id, m.trimester, coalesce(trim_scale(m.waarde)::text, '') AS waarde, coalesce(m.signaal, '') AS signaal,
	m.toelichting, chk.code, chk._invalid
FROM chk LEFT JOIN m ON true

-- name: voortgang  params: 2
-- $1 schooljaar
-- $2 trimester  0: the whole year
SELECT $1::text AS schooljaar, $2::integer AS trimester,
	(SELECT json_agg(json_build_object('actie_id', v.actie_id, 'code', v.code, 'doel', v.doel,
	                                   'perspectief', v.perspectief, 'kpi', v.kpi, 'doel_soort', v.doel_soort,
	                                   'doelwaarde', v.doelwaarde, 'trimester', v.trimester, 'periode', v.periode,
	                                   'waarde', coalesce(v.waarde, ''), 'suppressed', v.suppressed,
	                                   'signaal', v.signaal, 'signaal_ingevoerd', v.signaal_ingevoerd,
	                                   'bron', v.bron, 'toelichting', v.toelichting) ORDER BY v.n)
	 FROM bestuur.jaarplan_voortgang($1, $2::integer) WITH ORDINALITY AS v (actie_id, code, doel, perspectief, kpi,
	      doel_soort, doelwaarde, trimester, periode, waarde, suppressed, signaal, signaal_ingevoerd, bron,
	      toelichting, n)) AS kpis
