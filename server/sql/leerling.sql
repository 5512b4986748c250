-- leerling: the statements of passend.v1.Werkgebied's pupils
-- (svc/leerling.c), pseudonymised: no name, no BSN; a national id is only
-- matched through its keyed hash, platform.national_id_hash (HMAC-SHA256
-- with the tenant's secret, computed in SQL, never stored in clear). Rows
-- are Leerling messages by column name. Pupil-level: every statement
-- publishes the pupils it touched (fragment audit) for the audit row that
-- follows in the same transaction (server/audit.h); row level security
-- keeps a consulent or a school to the pupils of its scope.

-- fragment: columns
id, swv_id AS tenant_id, school_id, werkgebied_id, source_system, external_id,
national_id_hash IS NOT NULL AS has_national_id, geboortejaar, geslacht, created_at

-- fragment: audit
(SELECT set_config('passend.audit_ids', array_agg(r.id::text)::text, true) FROM r) audit_ids

-- name: insert  params: 6
-- A new pupil at a school of the caller's scope, in the school's
-- werkgebied. No row: no such school (or not in scope).
-- $1 leerling.school_id
-- $2 leerling.source_system
-- $3 leerling.external_id
-- $4 national_id  optional; only its keyed hash is stored
-- $5 leerling.geboortejaar
-- $6 leerling.geslacht
WITH r AS (
	INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id,
	                                   national_id_hash, geboortejaar, geslacht)
	SELECT s.swv_id, gen_random_uuid(), s.id, s.werkgebied_id, $2, $3,
	       CASE WHEN $4 = '' THEN NULL ELSE platform.national_id_hash($4) END, $5::smallint, $6::smallint
	FROM bestuur.scholen s WHERE s.swv_id = platform.current_swv() AND s.id = $1::uuid
	RETURNING {{columns}}
)
SELECT r.* FROM r, {{audit}}

-- name: get  params: 1
-- $1 id
WITH r AS (
	SELECT {{columns}} FROM werkgebied.leerlingen WHERE swv_id = platform.current_swv() AND id = $1::uuid
)
SELECT r.* FROM r, {{audit}}

-- name: list  params: 5
-- $1 school_id  optional filter
-- $2 werkgebied_id  optional filter
-- $3 national_id  optional: the pupil with this keyed hash
-- $4 page_after
-- $5 page_limit
WITH r AS (
	SELECT {{columns}} FROM werkgebied.leerlingen
	WHERE swv_id = platform.current_swv() AND ($1 = '' OR school_id = NULLIF($1, '')::uuid)
		AND ($2 = '' OR werkgebied_id = NULLIF($2, '')::uuid)
		AND ($3 = '' OR national_id_hash = platform.national_id_hash($3))
		AND ($4 = '' OR id > NULLIF($4, '')::uuid)
	ORDER BY id LIMIT $5::int
)
SELECT r.* FROM r, {{audit}} ORDER BY r.id
