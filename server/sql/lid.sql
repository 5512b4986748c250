-- lid: the statements of passend.v1.Toezicht's leden, the members of the
-- supervisory body (svc/lid.c). Rows are Lid messages by column name.

-- fragment: columns
id, swv_id AS tenant_id, name, function, start_date, end_date, created_at

-- name: insert  params: 4
-- $1 lid.name
-- $2 lid.function
-- $3 lid.start_date
-- $4 lid.end_date  optional
INSERT INTO toezicht.leden (swv_id, id, name, function, start_date, end_date)
VALUES (platform.current_swv(), gen_random_uuid(), $1, $2, $3::date, NULLIF($4, '')::date)
RETURNING {{columns}}

-- name: get  params: 1
-- $1 id
SELECT {{columns}} FROM toezicht.leden WHERE swv_id = platform.current_swv() AND id = $1::uuid

-- name: list  params: 3
-- Every member, or with current_only those whose end_date is not past.
-- $1 current_only
-- $2 page_after
-- $3 page_limit
SELECT {{columns}} FROM toezicht.leden
WHERE swv_id = platform.current_swv() AND (NOT $1::bool OR end_date IS NULL OR end_date >= current_date)
	AND ($2 = '' OR id > NULLIF($2, '')::uuid)
ORDER BY id LIMIT $3::int
