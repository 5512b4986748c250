-- ondersteuningsvraag: the statements of passend.v1.Werkgebied's support
-- requests (svc/ondersteuningsvraag.c). Pupil-level: every statement names
-- the requests and pupils it touched ({{audit_ids}}, server/audit.h); row
-- level security shows a request exactly when its pupil is visible.

-- fragment: columns
v.id, v.swv_id AS tenant_id, v.leerling_id, v.school_id,
(SELECT l.werkgebied_id FROM werkgebied.leerlingen l WHERE l.swv_id = v.swv_id AND l.id = v.leerling_id)
	AS werkgebied_id,
v.omschrijving, v.ondersteuningscategorie, v.ingediend_op, v.toestemming_id, v.recorded_by, v.created_at

-- fragment: audit_ids
(SELECT set_config('passend.audit_ids', (array_agg(r.id::text) || array_agg(DISTINCT r.leerling_id::text))::text,
                   true) FROM r) audit_ids

-- name: insert  params: 4
-- A request for a pupil the caller sees, under a consent covering
-- ondersteuningsvraag on ingediend_op (default today):
-- werkgebied.require_consent raises FAILED_PRECONDITION naming the missing
-- consent, and nothing is written. The category is checked by the table's
-- trigger (werkgebied.lijst_waarde_check).
-- $1 vraag.leerling_id
-- $2 vraag.omschrijving
-- $3 vraag.ondersteuningscategorie
-- $4 vraag.ingediend_op
WITH p AS (
	SELECT coalesce(NULLIF($4, '')::date, current_date) AS d
), c AS (
	SELECT werkgebied.require_consent($1::uuid, 'ondersteuningsvraag', p.d) AS toestemming_id, p.d FROM p
), r AS (
	INSERT INTO werkgebied.ondersteuningsvragen (swv_id, id, leerling_id, school_id, omschrijving,
	                                             ondersteuningscategorie, ingediend_op, toestemming_id)
	SELECT l.swv_id, gen_random_uuid(), l.id, l.school_id, $2, NULLIF($3, ''), c.d, c.toestemming_id
	FROM c, werkgebied.leerlingen l WHERE l.swv_id = platform.current_swv() AND l.id = $1::uuid
	RETURNING *
)
SELECT {{columns}} FROM r v, {{audit_ids}}

-- name: get  params: 1
-- $1 id
WITH r AS (
	SELECT * FROM werkgebied.ondersteuningsvragen WHERE swv_id = platform.current_swv() AND id = $1::uuid
)
SELECT {{columns}} FROM r v, {{audit_ids}}

-- name: list  params: 3
-- $1 leerling_id  optional filter
-- $2 page_after
-- $3 page_limit
WITH r AS (
	SELECT * FROM werkgebied.ondersteuningsvragen
	WHERE swv_id = platform.current_swv() AND ($1 = '' OR leerling_id = NULLIF($1, '')::uuid)
		AND ($2 = '' OR id > NULLIF($2, '')::uuid)
	ORDER BY id LIMIT $3::int
)
SELECT {{columns}} FROM r v, {{audit_ids}} ORDER BY v.id
