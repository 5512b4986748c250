-- thuiszitter_casus: the statements of passend.v1.Werkgebied's thuiszitter
-- cases (svc/thuiszitter_casus.c, D39). Pupil-level: every statement names
-- the cases and pupils it touched ({{audit_ids}}, server/audit.h; a step's
-- rule names them itself); row level security shows a case exactly when its
-- pupil is visible. A step is one call of the state rule
-- (sql/functions/werkgebied_thuiszitter.sql), which names the case for
-- `current`, the answer of every step. Status and uitkomst travel as enum
-- numbers and names ('thuiszitter_status_' || status).

-- fragment: uitkomsten
(ARRAY['geplaatst', 'vrijstelling', 'verhuisd', 'achttien', 'overig'])

-- fragment: columns
c.id, c.swv_id AS tenant_id, c.leerling_id, c.school_id, c.werkgebied_id, c.startdatum,
'thuiszitter_status_' || c.status AS status, c.thuiszittend_sinds, c.scenarios, c.interim_leerarrangement,
c.einddatum, 'thuiszitter_uitkomst_' || c.uitkomst AS uitkomst,
coalesce(c.einddatum, current_date) - c.startdatum AS duur_dagen, c.recorded_by, c.created_at

-- fragment: audit_ids
(SELECT set_config('passend.audit_ids', (array_agg(r.id::text) || array_agg(DISTINCT r.leerling_id::text))::text,
                   true) FROM r) audit_ids

-- name: insert  params: 5
-- A case of a pupil the caller sees (no row: NOT_FOUND), dreigend, or
-- thuiszittend when thuiszittend_sinds is given, with the pupil's school
-- and werkgebied now. The scenarios are checked by the table's trigger.
-- $1 casus.leerling_id
-- $2 casus.startdatum
-- $3 casus.thuiszittend_sinds
-- $4 casus.scenarios
-- $5 casus.interim_leerarrangement
WITH r AS (
	INSERT INTO werkgebied.thuiszitter_casussen (swv_id, id, leerling_id, school_id, werkgebied_id, startdatum, status,
	                                             thuiszittend_sinds, scenarios, interim_leerarrangement)
	SELECT l.swv_id, gen_random_uuid(), l.id, l.school_id, l.werkgebied_id, $2::date,
	       CASE WHEN $3 = '' THEN 'dreigend' ELSE 'thuiszittend' END, NULLIF($3, '')::date, $4::text[], $5
	FROM werkgebied.leerlingen l WHERE l.swv_id = platform.current_swv() AND l.id = $1::uuid
	RETURNING *
)
SELECT {{columns}} FROM r c, {{audit_ids}}

-- name: get  params: 1
-- $1 id
WITH r AS (
	SELECT * FROM werkgebied.thuiszitter_casussen WHERE swv_id = platform.current_swv() AND id = $1::uuid
)
SELECT {{columns}} FROM r c, {{audit_ids}}

-- name: list  params: 5
-- $1 leerling_id  optional filter
-- $2 werkgebied_id  optional filter
-- $3 alleen_open
-- $4 page_after
-- $5 page_limit
WITH r AS (
	SELECT * FROM werkgebied.thuiszitter_casussen x
	WHERE x.swv_id = platform.current_swv() AND ($1 = '' OR x.leerling_id = NULLIF($1, '')::uuid)
		AND ($2 = '' OR x.werkgebied_id = NULLIF($2, '')::uuid) AND (NOT $3::boolean OR x.status <> 'afgesloten')
		AND ($4 = '' OR x.id > NULLIF($4, '')::uuid)
	ORDER BY x.id LIMIT $5::int
)
SELECT {{columns}} FROM r c, {{audit_ids}} ORDER BY c.id

-- name: update  params: 4
-- Sets the fields update_mask names (scenarios, interim_leerarrangement).
-- No row: no such case.
-- $1 casus.id
-- $2 update_mask
-- $3 casus.scenarios
-- $4 casus.interim_leerarrangement
WITH r AS (
	UPDATE werkgebied.thuiszitter_casussen c
	SET scenarios = CASE WHEN 'scenarios' = ANY ($2::text[]) THEN $3::text[] ELSE c.scenarios END,
	    interim_leerarrangement = CASE WHEN 'interim_leerarrangement' = ANY ($2::text[]) THEN $4
	                                   ELSE c.interim_leerarrangement END
	WHERE c.swv_id = platform.current_swv() AND c.id = $1::uuid
	RETURNING *
)
SELECT {{columns}} FROM r c, {{audit_ids}}

-- name: mark  params: 2
-- dreigend -> thuiszittend since datum.
-- $1 id
-- $2 datum
SELECT werkgebied.thuiszitter_step($1::uuid, 'thuiszittend', NULLIF($2, '')::date, NULL) AS _step

-- name: close  params: 3
-- dreigend | thuiszittend -> afgesloten on einddatum with the uitkomst.
-- $1 id
-- $2 einddatum
-- $3 uitkomst
SELECT werkgebied.thuiszitter_step($1::uuid, 'afsluiten', NULLIF($2, '')::date,
                                   {{uitkomsten}}[NULLIF($3::int, 0)]) AS _step

-- name: current  params: 0
-- The case the step before it in the transaction named
-- (passend.thuiszitter_casus_id): the answer of every step.
SELECT {{columns}} FROM werkgebied.thuiszitter_casussen c
WHERE c.swv_id = platform.current_swv()
	AND c.id = NULLIF(current_setting('passend.thuiszitter_casus_id', true), '')::uuid
