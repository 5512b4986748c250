-- schoolbestuur: the statements of passend.v1.Bestuur's schoolbesturen
-- (svc/schoolbestuur.c). Rows are Schoolbestuur messages by column name.

-- fragment: columns
id, swv_id AS tenant_id, bevoegd_gezag_nummer, name, vestigingsplaats, runs_bao, runs_sbo, runs_so,
lidmaatschap, active_from, active_to, created_at

-- name: insert  params: 9
-- $1 schoolbestuur.bevoegd_gezag_nummer
-- $2 schoolbestuur.name
-- $3 schoolbestuur.vestigingsplaats
-- $4 schoolbestuur.runs_bao
-- $5 schoolbestuur.runs_sbo
-- $6 schoolbestuur.runs_so
-- $7 schoolbestuur.lidmaatschap  Lidmaatschap number: 2 aangesloten, else lid
-- $8 schoolbestuur.active_from
-- $9 schoolbestuur.active_to
INSERT INTO bestuur.schoolbesturen (swv_id, id, bevoegd_gezag_nummer, name, vestigingsplaats, runs_bao,
                                    runs_sbo, runs_so, lidmaatschap, active_from, active_to)
VALUES (platform.current_swv(), gen_random_uuid(), $1, $2, $3, $4::boolean, $5::boolean, $6::boolean,
        CASE $7::int WHEN 2 THEN 'aangesloten' ELSE 'lid' END, NULLIF($8, '')::date, NULLIF($9, '')::date)
RETURNING {{columns}}

-- name: update  params: 11
-- Changes the fields update_mask names. No row: no such schoolbestuur.
-- $1 schoolbestuur.id
-- $2 update_mask
-- $3 schoolbestuur.bevoegd_gezag_nummer
-- $4 schoolbestuur.name
-- $5 schoolbestuur.vestigingsplaats
-- $6 schoolbestuur.runs_bao
-- $7 schoolbestuur.runs_sbo
-- $8 schoolbestuur.runs_so
-- $9 schoolbestuur.lidmaatschap
-- $10 schoolbestuur.active_from
-- $11 schoolbestuur.active_to
UPDATE bestuur.schoolbesturen b SET
	bevoegd_gezag_nummer = CASE WHEN 'bevoegd_gezag_nummer' = ANY ($2::text[]) THEN $3
	                       ELSE b.bevoegd_gezag_nummer END,
	name = CASE WHEN 'name' = ANY ($2::text[]) THEN $4 ELSE b.name END,
	vestigingsplaats = CASE WHEN 'vestigingsplaats' = ANY ($2::text[]) THEN $5 ELSE b.vestigingsplaats END,
	runs_bao = CASE WHEN 'runs_bao' = ANY ($2::text[]) THEN $6::boolean ELSE b.runs_bao END,
	runs_sbo = CASE WHEN 'runs_sbo' = ANY ($2::text[]) THEN $7::boolean ELSE b.runs_sbo END,
	runs_so = CASE WHEN 'runs_so' = ANY ($2::text[]) THEN $8::boolean ELSE b.runs_so END,
	lidmaatschap = CASE WHEN 'lidmaatschap' = ANY ($2::text[])
	               THEN CASE $9::int WHEN 2 THEN 'aangesloten' ELSE 'lid' END ELSE b.lidmaatschap END,
	active_from = CASE WHEN 'active_from' = ANY ($2::text[]) THEN NULLIF($10, '')::date ELSE b.active_from END,
	active_to = CASE WHEN 'active_to' = ANY ($2::text[]) THEN NULLIF($11, '')::date ELSE b.active_to END
WHERE b.swv_id = platform.current_swv() AND b.id = $1::uuid
RETURNING {{columns}}

-- name: deactivate  params: 2
-- Sets active_to (today when unset); the row stays for history.
-- $1 id
-- $2 active_to
UPDATE bestuur.schoolbesturen SET active_to = coalesce(NULLIF($2, '')::date, current_date)
WHERE swv_id = platform.current_swv() AND id = $1::uuid
RETURNING {{columns}}

-- name: get  params: 1
-- $1 id
SELECT {{columns}} FROM bestuur.schoolbesturen WHERE swv_id = platform.current_swv() AND id = $1::uuid

-- name: list  params: 3
-- Active besturen (active_to not past), or all with include_inactive.
-- $1 include_inactive
-- $2 page_after
-- $3 page_limit
SELECT {{columns}} FROM bestuur.schoolbesturen
WHERE swv_id = platform.current_swv() AND ($1::boolean OR active_to IS NULL OR active_to >= current_date)
	AND ($2 = '' OR id > NULLIF($2, '')::uuid)
ORDER BY id LIMIT $3::int
