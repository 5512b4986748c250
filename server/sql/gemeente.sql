-- gemeente: the statements of passend.v1.Bestuur's gemeenten
-- (svc/gemeente.c): validity, successor, postcode ranges, and the
-- werkgebieden that cover one (read-only here). Rows are Gemeente messages
-- by column name: postcodes as json objects {from, to}, werkgebied_ids as
-- an array.

-- fragment: columns
g.id, g.swv_id AS tenant_id, g.name, g.cbs_code, g.valid_from, g.valid_to, g.successor_id,
(SELECT coalesce(json_agg(json_build_object('from', split_part(p, '-', 1), 'to', split_part(p, '-', 2))
                          ORDER BY o), '[]')
 FROM unnest(g.postcodes) WITH ORDINALITY AS x (p, o)) AS postcodes,
g.created_at,
ARRAY(SELECT wg.werkgebied_id FROM bestuur.werkgebied_gemeenten wg
      WHERE wg.swv_id = g.swv_id AND wg.gemeente_id = g.id ORDER BY wg.werkgebied_id) AS werkgebied_ids

-- name: insert  params: 6
-- A new gemeente (valid from 1900-01-01 unless valid_from is given).
-- $1 gemeente.name
-- $2 gemeente.cbs_code
-- $3 gemeente.valid_from
-- $4 gemeente.valid_to
-- $5 gemeente.successor_id
-- $6 postcode_list  "from-to,from-to" (set by the check)
WITH g AS (
	INSERT INTO bestuur.gemeenten (swv_id, id, name, cbs_code, valid_from, valid_to, successor_id, postcodes)
	VALUES (platform.current_swv(), gen_random_uuid(), $1, $2, coalesce(NULLIF($3, '')::date, '1900-01-01'),
	        NULLIF($4, '')::date, NULLIF($5, '')::uuid, coalesce(string_to_array(NULLIF($6, ''), ','), '{}'))
	RETURNING *
)
SELECT {{columns}} FROM g

-- name: update  params: 8
-- Changes the fields update_mask names. No row: no such gemeente.
-- $1 gemeente.id
-- $2 update_mask
-- $3 gemeente.name
-- $4 gemeente.cbs_code
-- $5 gemeente.valid_from
-- $6 gemeente.valid_to
-- $7 gemeente.successor_id
-- $8 postcode_list
WITH g AS (
	UPDATE bestuur.gemeenten u SET
		name = CASE WHEN 'name' = ANY ($2::text[]) THEN $3 ELSE u.name END,
		cbs_code = CASE WHEN 'cbs_code' = ANY ($2::text[]) THEN $4 ELSE u.cbs_code END,
		valid_from = CASE WHEN 'valid_from' = ANY ($2::text[])
		             THEN coalesce(NULLIF($5, '')::date, '1900-01-01') ELSE u.valid_from END,
		valid_to = CASE WHEN 'valid_to' = ANY ($2::text[]) THEN NULLIF($6, '')::date ELSE u.valid_to END,
		successor_id = CASE WHEN 'successor_id' = ANY ($2::text[]) THEN NULLIF($7, '')::uuid
		               ELSE u.successor_id END,
		postcodes = CASE WHEN 'postcodes' = ANY ($2::text[])
		            THEN coalesce(string_to_array(NULLIF($8, ''), ','), '{}') ELSE u.postcodes END
	WHERE u.swv_id = platform.current_swv() AND u.id = $1::uuid
	RETURNING *
)
SELECT {{columns}} FROM g

-- name: deactivate  params: 2
-- Sets valid_to (today when unset); the row stays for history.
-- $1 id
-- $2 active_to
WITH g AS (
	UPDATE bestuur.gemeenten SET valid_to = coalesce(NULLIF($2, '')::date, current_date)
	WHERE swv_id = platform.current_swv() AND id = $1::uuid
	RETURNING *
)
SELECT {{columns}} FROM g

-- name: get  params: 1
-- $1 id
SELECT {{columns}} FROM bestuur.gemeenten g WHERE g.swv_id = platform.current_swv() AND g.id = $1::uuid

-- name: list  params: 3
-- $1 valid_on  optional: only those valid on this date
-- $2 page_after
-- $3 page_limit
SELECT {{columns}} FROM bestuur.gemeenten g
WHERE g.swv_id = platform.current_swv()
	AND ($1 = '' OR (g.valid_from <= $1::date AND (g.valid_to IS NULL OR g.valid_to >= $1::date)))
	AND ($2 = '' OR g.id > NULLIF($2, '')::uuid)
ORDER BY g.id LIMIT $3::int
