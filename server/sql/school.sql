-- school: the statements of passend.v1.Bestuur's scholen (svc/school.c).
-- Rows are School messages by column name; parameters are named by the
-- request field they come from (docs/decisions.md, "How to add an object").

-- fragment: columns
id, swv_id AS tenant_id, brin, vestiging, name, soort, werkgebied_id, created_at, so_cluster,
schoolbestuur_id, gemeente_id, active_from, active_to

-- name: insert  params: 10
-- A new school. Refused (_invalid) when its gemeente is not valid on its
-- active dates; then nothing is written.
-- $1 school.brin
-- $2 school.vestiging
-- $3 school.name
-- $4 school.soort
-- $5 school.werkgebied_id
-- $6 school.so_cluster
-- $7 school.schoolbestuur_id
-- $8 school.gemeente_id
-- $9 school.active_from
-- $10 school.active_to
WITH chk AS (
	SELECT CASE WHEN NOT bestuur.gemeente_valid_for_school(NULLIF($8, '')::uuid, NULLIF($9, '')::date,
	                                                       NULLIF($10, '')::date, false)
	       THEN 'school.gemeente_id: the gemeente is not valid on the school''s active dates' END AS _invalid
), ins AS (
	INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id, so_cluster,
	                             schoolbestuur_id, gemeente_id, active_from, active_to)
	SELECT platform.current_swv(), gen_random_uuid(), $1, $2, $3, $4::smallint, NULLIF($5, '')::uuid,
	       NULLIF($6::smallint, 0), NULLIF($7, '')::uuid, NULLIF($8, '')::uuid, NULLIF($9, '')::date,
	       NULLIF($10, '')::date
	FROM chk WHERE chk._invalid IS NULL
	RETURNING {{columns}}
)
SELECT ins.*, chk._invalid FROM chk LEFT JOIN ins ON true

-- name: update  params: 12
-- Changes the fields update_mask names. The gemeente rule is checked only
-- when the mask touches the gemeente or the active dates; a gemeente the
-- request does not name (the school's own) stays valid through its
-- successor. No row: no such school.
-- $1 school.id
-- $2 update_mask
-- $3 school.brin
-- $4 school.vestiging
-- $5 school.name
-- $6 school.soort
-- $7 school.werkgebied_id
-- $8 school.so_cluster
-- $9 school.schoolbestuur_id
-- $10 school.gemeente_id
-- $11 school.active_from
-- $12 school.active_to
WITH cur AS (
	SELECT s.gemeente_id, s.active_from, s.active_to FROM bestuur.scholen s
	WHERE s.swv_id = platform.current_swv() AND s.id = $1::uuid
), want AS (
	SELECT CASE WHEN 'gemeente_id' = ANY ($2::text[]) THEN NULLIF($10, '')::uuid ELSE cur.gemeente_id END
	           AS new_gemeente_id,
	       CASE WHEN 'active_from' = ANY ($2::text[]) THEN NULLIF($11, '')::date ELSE cur.active_from END
	           AS new_active_from,
	       CASE WHEN 'active_to' = ANY ($2::text[]) THEN NULLIF($12, '')::date ELSE cur.active_to END
	           AS new_active_to
	FROM cur
), chk AS (
	SELECT CASE WHEN $2::text[] && ARRAY['gemeente_id', 'active_from', 'active_to']
	            AND NOT bestuur.gemeente_valid_for_school(new_gemeente_id, new_active_from, new_active_to,
	                                                      NOT 'gemeente_id' = ANY ($2::text[]))
	       THEN 'school.gemeente_id: the gemeente is not valid on the school''s active dates' END AS _invalid,
	       want.*
	FROM want
), u AS (
	UPDATE bestuur.scholen s SET
		brin = CASE WHEN 'brin' = ANY ($2::text[]) THEN $3 ELSE s.brin END,
		vestiging = CASE WHEN 'vestiging' = ANY ($2::text[]) THEN $4 ELSE s.vestiging END,
		name = CASE WHEN 'name' = ANY ($2::text[]) THEN $5 ELSE s.name END,
		soort = CASE WHEN 'soort' = ANY ($2::text[]) THEN $6::smallint ELSE s.soort END,
		werkgebied_id = CASE WHEN 'werkgebied_id' = ANY ($2::text[]) THEN NULLIF($7, '')::uuid
		                ELSE s.werkgebied_id END,
		so_cluster = CASE WHEN 'so_cluster' = ANY ($2::text[]) THEN NULLIF($8::smallint, 0) ELSE s.so_cluster END,
		schoolbestuur_id = CASE WHEN 'schoolbestuur_id' = ANY ($2::text[]) THEN NULLIF($9, '')::uuid
		                   ELSE s.schoolbestuur_id END,
		gemeente_id = chk.new_gemeente_id,
		active_from = chk.new_active_from,
		active_to = chk.new_active_to
	FROM chk
	WHERE s.swv_id = platform.current_swv() AND s.id = $1::uuid AND chk._invalid IS NULL
	RETURNING {{columns}}
)
SELECT u.*, chk._invalid FROM chk LEFT JOIN u ON true

-- name: deactivate  params: 2
-- Sets active_to (today when unset); the row stays for history.
-- $1 id
-- $2 active_to
UPDATE bestuur.scholen SET active_to = coalesce(NULLIF($2, '')::date, current_date)
WHERE swv_id = platform.current_swv() AND id = $1::uuid
RETURNING {{columns}}

-- name: get  params: 1
-- $1 id
SELECT {{columns}} FROM bestuur.scholen WHERE swv_id = platform.current_swv() AND id = $1::uuid

-- name: list  params: 3
-- $1 werkgebied_id  optional filter
-- $2 page_after
-- $3 page_limit
SELECT {{columns}} FROM bestuur.scholen
WHERE swv_id = platform.current_swv() AND ($1 = '' OR werkgebied_id = NULLIF($1, '')::uuid)
	AND ($2 = '' OR id > NULLIF($2, '')::uuid)
ORDER BY id LIMIT $3::int
