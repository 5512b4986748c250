-- toestemming: the statements of passend.v1.Werkgebied's parental consents
-- (svc/toestemming.c). Pupil-level: every statement names the consents and
-- pupils it touched ({{audit_ids}}, server/audit.h) for the audit row; row
-- level security shows a consent exactly when its pupil is visible. Scopes
-- and gezag travel as enum numbers and are stored as the names (lower case,
-- without the TOESTEMMING_ / GEZAG_ prefix) by position in {{scopes}} and
-- {{gezagen}}.

-- fragment: scopes
(ARRAY['ondersteuningsvraag', 'mdo', 'arrangement', 'tlv', 'gegevensdeling'])

-- fragment: gezagen
(ARRAY['beide_ouders', 'een_ouder', 'voogd', 'gecertificeerde_instelling'])

-- fragment: columns
t.id, t.swv_id AS tenant_id, t.leerling_id, ARRAY(SELECT 'toestemming_' || s FROM unnest(t.scopes) s) AS scopes,
t.datum, 'gezag_' || t.gezag AS gezag, t.geldig_tot, t.ingetrokken_op, t.recorded_by, t.created_at

-- fragment: audit_ids
(SELECT set_config('passend.audit_ids', (array_agg(r.id::text) || array_agg(DISTINCT r.leerling_id::text))::text,
                   true) FROM r) audit_ids

-- name: insert  params: 5
-- A consent for a pupil the caller sees (no row: the pupil is not found).
-- $1 toestemming.leerling_id
-- $2 toestemming.scopes
-- $3 toestemming.datum
-- $4 toestemming.gezag
-- $5 toestemming.geldig_tot
WITH r AS (
	INSERT INTO werkgebied.toestemmingen (swv_id, id, leerling_id, scopes, datum, gezag, geldig_tot)
	SELECT l.swv_id, gen_random_uuid(), l.id,
	       ARRAY(SELECT {{scopes}}[u.x] FROM unnest($2::int[]) WITH ORDINALITY u (x, n) ORDER BY u.n),
	       $3::date, {{gezagen}}[$4::int], NULLIF($5, '')::date
	FROM werkgebied.leerlingen l WHERE l.swv_id = platform.current_swv() AND l.id = $1::uuid
	RETURNING *
)
SELECT {{columns}} FROM r t, {{audit_ids}}

-- name: get  params: 1
-- $1 id
WITH r AS (
	SELECT * FROM werkgebied.toestemmingen WHERE swv_id = platform.current_swv() AND id = $1::uuid
)
SELECT {{columns}} FROM r t, {{audit_ids}}

-- name: list  params: 3
-- $1 leerling_id  optional filter
-- $2 page_after
-- $3 page_limit
WITH r AS (
	SELECT * FROM werkgebied.toestemmingen
	WHERE swv_id = platform.current_swv() AND ($1 = '' OR leerling_id = NULLIF($1, '')::uuid)
		AND ($2 = '' OR id > NULLIF($2, '')::uuid)
	ORDER BY id LIMIT $3::int
)
SELECT {{columns}} FROM r t, {{audit_ids}} ORDER BY t.id

-- name: withdraw  params: 2
-- Withdraws a consent from ingetrokken_op (default today) on; a repeat
-- keeps the first date. Refused (_invalid) before the consent's datum.
-- $1 id
-- $2 ingetrokken_op
WITH cur AS (
	SELECT t.datum FROM werkgebied.toestemmingen t WHERE t.swv_id = platform.current_swv() AND t.id = $1::uuid
), chk AS (
	SELECT CASE WHEN coalesce(NULLIF($2, '')::date, current_date) < cur.datum
	       THEN format('ingetrokken_op must be on or after the toestemming''s datum %s', cur.datum) END AS _invalid
	FROM cur
), r AS (
	UPDATE werkgebied.toestemmingen t SET ingetrokken_op = coalesce(t.ingetrokken_op, NULLIF($2, '')::date,
	                                                                 current_date)
	FROM chk WHERE t.swv_id = platform.current_swv() AND t.id = $1::uuid AND chk._invalid IS NULL
	RETURNING t.*
)
SELECT x.*, chk._invalid FROM chk LEFT JOIN (SELECT {{columns}} FROM r t, {{audit_ids}}) x ON true
