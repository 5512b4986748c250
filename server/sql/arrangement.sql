-- arrangement: the statements of passend.v1.Werkgebied's arrangements
-- (svc/arrangement.c, D33). A step is one call of the state rule
-- (sql/functions/werkgebied_arrangement.sql), which names the arrangement
-- for `current` (passend.arrangement_id), the statement that answers every
-- step, and it and its pupil for the audit row (passend.audit_ids).

-- fragment: columns
a.id, a.swv_id AS tenant_id, a.werkgebied_id, a.arrangement_type, a.rubriek, a.ondersteuningscategorie,
a.leerling_id, a.school_id, a.uren_per_week::text AS uren_per_week, a.bedrag_cents, a.startdatum, a.einddatum,
a.versterkt_leerkracht, a.omschrijving, 'arrangement_' || a.status AS status, a.voorganger_id, a.reflectie,
a.toestemming_id, a.recorded_by, a.created_at,
ARRAY(SELECT g.leerling_id::text FROM werkgebied.arrangement_leerlingen g
      WHERE g.swv_id = a.swv_id AND g.arrangement_id = a.id ORDER BY g.leerling_id) AS leerling_ids,
(SELECT json_agg(json_build_object('step', e.step, 'van', 'arrangement_' || e.van, 'naar', 'arrangement_' || e.naar,
                                   'datum', e.datum, 'toelichting', e.toelichting, 'actor_role', e.actor_role,
                                   'actor_token_id', e.actor_token_id, 'at', e.at) ORDER BY e.seq)
 FROM werkgebied.arrangement_events e WHERE e.swv_id = a.swv_id AND e.arrangement_id = a.id) AS events

-- fragment: audit_ids
(SELECT set_config('passend.audit_ids', (array_agg(r.id::text) || array_agg(DISTINCT r.leerling_id::text)
                                         FILTER (WHERE r.leerling_id IS NOT NULL)
                                         || ARRAY(SELECT DISTINCT g.leerling_id::text
                                                  FROM werkgebied.arrangement_leerlingen g
                                                  WHERE g.swv_id = platform.current_swv()
                                                    AND g.arrangement_id IN (SELECT r2.id FROM r r2)))::text,
                   true) FROM r) audit_ids

-- name: request  params: 11
-- A new arrangement, aangevraagd, with its request event
-- (werkgebied.arrangement_request). The type decides its rubriek
-- (werkgebied.effective_lijst): individueel needs a pupil the caller sees
-- under a consent covering arrangement on startdatum (FAILED_PRECONDITION
-- naming it, nothing written) and takes the pupil's school and werkgebied;
-- groep and innovatie name a werkgebied the caller sees (none: nothing
-- written, `current` has no row: NOT_FOUND); groep may name its pupils,
-- possibly of several schools, each under its consent. The lists' trigger
-- checks the category.
-- $1 arrangement.arrangement_type
-- $2 arrangement.ondersteuningscategorie
-- $3 arrangement.leerling_id
-- $4 arrangement.werkgebied_id
-- $5 arrangement.uren_per_week
-- $6 arrangement.bedrag_cents
-- $7 arrangement.startdatum
-- $8 arrangement.einddatum
-- $9 arrangement.versterkt_leerkracht
-- $10 arrangement.omschrijving
-- $11 arrangement.leerling_ids
WITH t AS (
	SELECT (SELECT x.rubriek FROM werkgebied.effective_lijst('arrangement_type') x
	        WHERE x.code = $1 AND x.active) AS rubriek
), chk AS (
	SELECT CASE
		WHEN t.rubriek IS NULL THEN
			'arrangement.arrangement_type is not an active arrangement_type of this tenant (ListLijstWaarden)'
		WHEN t.rubriek = 'individueel' AND $3 = '' THEN
			'arrangement.leerling_id is required for an individueel arrangement'
		WHEN t.rubriek <> 'individueel' AND $3 <> '' THEN
			'arrangement.leerling_id must be empty for a ' || t.rubriek || ' arrangement'
		WHEN t.rubriek <> 'groep' AND cardinality($11::text[]) > 0 THEN
			'arrangement.leerling_ids is only for a groep arrangement, not ' || t.rubriek
		WHEN t.rubriek <> 'individueel' AND $4 = '' THEN
			'arrangement.werkgebied_id is required for a ' || t.rubriek || ' arrangement'
		WHEN t.rubriek = 'individueel' AND EXISTS (SELECT 1 FROM werkgebied.leerlingen l
			WHERE l.swv_id = platform.current_swv() AND l.id = NULLIF($3, '')::uuid AND l.werkgebied_id IS NULL) THEN
			'arrangement.leerling_id: the pupil has no werkgebied'
		END AS _invalid, t.rubriek
	FROM t
)
SELECT chk._invalid,
       CASE WHEN chk._invalid IS NULL THEN
           werkgebied.arrangement_request($1, chk.rubriek, NULLIF($2, ''), NULLIF($3, '')::uuid, NULLIF($4, '')::uuid,
                                          coalesce(NULLIF($5, ''), '0')::numeric, $6::bigint, $7::date, $8::date,
                                          $9::boolean, $10, $11::uuid[]) END AS _current
FROM chk

-- name: grant  params: 3
-- The grant step: aangevraagd → toegekend.
-- $1 id
-- $2 datum
-- $3 toelichting
SELECT werkgebied.arrangement_step($1::uuid, 'grant', NULLIF($2, '')::date, $3)

-- name: reject  params: 3
-- aangevraagd → afgewezen.
-- $1 id
-- $2 datum
-- $3 toelichting
SELECT werkgebied.arrangement_step($1::uuid, 'reject', NULLIF($2, '')::date, $3)

-- name: withdraw  params: 3
-- aangevraagd or toegekend → ingetrokken.
-- $1 id
-- $2 datum
-- $3 toelichting
SELECT werkgebied.arrangement_step($1::uuid, 'withdraw', NULLIF($2, '')::date, $3)

-- name: start  params: 3
-- toegekend → lopend.
-- $1 id
-- $2 datum
-- $3 toelichting
SELECT werkgebied.arrangement_step($1::uuid, 'start', NULLIF($2, '')::date, $3)

-- name: evaluate  params: 3
-- lopend → geevalueerd.
-- $1 id
-- $2 datum
-- $3 toelichting
SELECT werkgebied.arrangement_step($1::uuid, 'evaluate', NULLIF($2, '')::date, $3)

-- name: extend  params: 7
-- The extend step and the verlenging (werkgebied.arrangement_extend).
-- $1 id
-- $2 datum
-- $3 reflectie
-- $4 startdatum
-- $5 einddatum
-- $6 bedrag_cents
-- $7 uren_per_week
SELECT werkgebied.arrangement_extend($1::uuid, NULLIF($2, '')::date, $3, NULLIF($4, '')::date, $5::date,
                                     NULLIF($6::bigint, 0), NULLIF($7, '')::numeric)

-- name: end  params: 3
-- geevalueerd → beeindigd.
-- $1 id
-- $2 datum
-- $3 toelichting
SELECT werkgebied.arrangement_step($1::uuid, 'end', NULLIF($2, '')::date, $3)

-- name: current  params: 0
-- The arrangement the step before it in the transaction named
-- (passend.arrangement_id), with its events: the answer of every step.
SELECT {{columns}} FROM werkgebied.arrangementen a
WHERE a.swv_id = platform.current_swv() AND a.id = NULLIF(current_setting('passend.arrangement_id', true), '')::uuid

-- name: get  params: 1
-- $1 id
WITH r AS (
	SELECT * FROM werkgebied.arrangementen WHERE swv_id = platform.current_swv() AND id = $1::uuid
)
SELECT {{columns}} FROM r a, {{audit_ids}}

-- name: list  params: 5
-- $1 werkgebied_id  optional filter
-- $2 leerling_id  optional filter
-- $3 status  optional filter (enum number; 0 all)
-- $4 page_after
-- $5 page_limit
WITH r AS (
	SELECT * FROM werkgebied.arrangementen x
	WHERE x.swv_id = platform.current_swv() AND ($1 = '' OR x.werkgebied_id = NULLIF($1, '')::uuid)
		AND ($2 = '' OR x.leerling_id = NULLIF($2, '')::uuid)
		AND ($3::int = 0 OR x.status = (ARRAY['aangevraagd', 'toegekend', 'lopend', 'geevalueerd', 'verlengd',
		                                      'beeindigd', 'afgewezen', 'ingetrokken'])[$3::int])
		AND ($4 = '' OR x.id > NULLIF($4, '')::uuid)
	ORDER BY x.id LIMIT $5::int
)
SELECT {{columns}} FROM r a, {{audit_ids}} ORDER BY a.id
