-- werkgebied: the statements of passend.v1.Werkgebied's werkgebieden
-- (svc/werkgebied.c): a werkgebied and the gemeenten it covers
-- (bestuur.werkgebied_gemeenten). Rows are WerkgebiedInfo messages by
-- column name, gemeente_ids an array in text order. Rows that a
-- data-modifying CTE writes are not visible to the statement's own SELECT:
-- a statement that writes the gemeenten answers with the request's ids.

-- fragment: columns
w.id, w.swv_id AS tenant_id, w.name, w.created_at, w.active

-- fragment: gemeenten
ARRAY(SELECT g.gemeente_id::text FROM bestuur.werkgebied_gemeenten g
      WHERE g.swv_id = w.swv_id AND g.werkgebied_id = w.id ORDER BY 1)

-- fragment: key
platform.name_key(w.name, w.id::text) COLLATE "C"

-- name: insert  params: 2
-- A new werkgebied covering the gemeenten named (another tenant's: the
-- foreign key refuses it).
-- $1 werkgebied.name
-- $2 werkgebied.gemeente_ids
WITH w AS (
	INSERT INTO werkgebied.werkgebieden (swv_id, id, name)
	VALUES (platform.current_swv(), gen_random_uuid(), $1)
	RETURNING *
), i AS (
	INSERT INTO bestuur.werkgebied_gemeenten (swv_id, werkgebied_id, gemeente_id)
	SELECT DISTINCT w.swv_id, w.id, x FROM w, unnest($2::uuid[]) x
)
SELECT {{columns}}, ARRAY(SELECT DISTINCT x::text FROM unnest($2::uuid[]) x ORDER BY 1) AS gemeente_ids
FROM w

-- name: update  params: 4
-- Changes the fields update_mask names; gemeente_ids replaces the whole
-- set. No row: no such werkgebied.
-- $1 werkgebied.id
-- $2 update_mask
-- $3 werkgebied.name
-- $4 werkgebied.gemeente_ids
WITH w AS (
	UPDATE werkgebied.werkgebieden u SET name = CASE WHEN 'name' = ANY ($2::text[]) THEN $3 ELSE u.name END
	WHERE u.swv_id = platform.current_swv() AND u.id = $1::uuid
	RETURNING *
), d AS (
	DELETE FROM bestuur.werkgebied_gemeenten g USING w
	WHERE 'gemeente_ids' = ANY ($2::text[]) AND g.swv_id = w.swv_id AND g.werkgebied_id = w.id
		AND g.gemeente_id <> ALL ($4::uuid[])
), i AS (
	INSERT INTO bestuur.werkgebied_gemeenten (swv_id, werkgebied_id, gemeente_id)
	SELECT DISTINCT w.swv_id, w.id, x FROM w, unnest($4::uuid[]) x WHERE 'gemeente_ids' = ANY ($2::text[])
	ON CONFLICT DO NOTHING
)
SELECT {{columns}},
	CASE WHEN 'gemeente_ids' = ANY ($2::text[])
	     THEN ARRAY(SELECT DISTINCT x::text FROM unnest($4::uuid[]) x ORDER BY 1)
	     ELSE {{gemeenten}} END AS gemeente_ids
FROM w

-- name: deactivate  params: 1
-- Keeps the werkgebied (history, reports) and sets active = false.
-- $1 id
UPDATE werkgebied.werkgebieden w SET active = false
WHERE w.swv_id = platform.current_swv() AND w.id = $1::uuid
RETURNING {{columns}}, {{gemeenten}} AS gemeente_ids

-- name: get  params: 1
-- $1 id
SELECT {{columns}}, {{gemeenten}} AS gemeente_ids FROM werkgebied.werkgebieden w
WHERE w.swv_id = platform.current_swv() AND w.id = $1::uuid

-- name: list  params: 2
-- By name (platform.name_key: case and accents folded), paged by that sort
-- key (_key, compared COLLATE "C").
-- $1 page_after
-- $2 page_limit
SELECT {{columns}}, {{gemeenten}} AS gemeente_ids, {{key}} AS _key FROM werkgebied.werkgebieden w
WHERE w.swv_id = platform.current_swv() AND ($1 = '' OR {{key}} > $1)
ORDER BY _key LIMIT $2::int
