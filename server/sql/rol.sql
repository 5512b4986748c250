-- rol: the statements of passend.v1.Toezicht's roles (svc/rol.c): a
-- person's dated role in toezicht, bestuur or the OPR. Rows are Rol
-- messages by column name; dubbele_rol and conflicten come from
-- toezicht.rol_conflicten (sql/functions/toezicht_rollen.sql), the one
-- dual-role rule.

-- fragment: columns
r.id, r.swv_id AS tenant_id, r.persoon, r.orgaan, r.functie, r.schoolbestuur_id, r.start_date, r.end_date,
	r.created_at

-- fragment: flag
c.conflicten, cardinality(c.conflicten) > 0 AS dubbele_rol

-- fragment: conflicts
LEFT JOIN LATERAL (SELECT toezicht.rol_conflicten(r.id, r.persoon, r.orgaan, r.start_date, r.end_date)
                   AS conflicten) c ON true

-- fragment: key
platform.name_key(r.persoon, r.start_date::text || r.id::text) COLLATE "C"

-- name: insert  params: 6
-- $1 rol.persoon
-- $2 rol.orgaan
-- $3 rol.functie
-- $4 rol.schoolbestuur_id
-- $5 rol.start_date
-- $6 rol.end_date
WITH r AS (
	INSERT INTO toezicht.rollen (swv_id, id, persoon, orgaan, functie, schoolbestuur_id, start_date, end_date)
	VALUES (platform.current_swv(), gen_random_uuid(), btrim($1), $2, btrim($3), NULLIF($4, '')::uuid, $5::date,
	        NULLIF($6, '')::date)
	RETURNING *
)
SELECT {{columns}}, {{flag}} FROM r {{conflicts}}

-- name: list  params: 4
-- By person, then start date. persoon: that person's roles (name folded);
-- alleen_dubbel: only flagged roles.
-- $1 persoon
-- $2 alleen_dubbel
-- $3 page_after
-- $4 page_limit
SELECT {{columns}}, {{flag}}, {{key}} AS _key FROM toezicht.rollen r {{conflicts}}
WHERE r.swv_id = platform.current_swv()
	AND ($1 = '' OR toezicht.persoon_key(r.persoon) = toezicht.persoon_key($1))
	AND (NOT $2::boolean OR cardinality(c.conflicten) > 0)
	AND ($3 = '' OR {{key}} > $3)
ORDER BY _key LIMIT $4::int

-- name: update  params: 4
-- functie and end_date as the mask says; end_date not before start_date
-- (_invalid).
-- $1 rol.id
-- $2 update_mask
-- $3 rol.functie
-- $4 rol.end_date
WITH cur AS (
	SELECT * FROM toezicht.rollen WHERE swv_id = platform.current_swv() AND id = $1::uuid
), chk AS (
	SELECT CASE WHEN 'end_date' = ANY ($2::text[]) AND NULLIF($4, '')::date < cur.start_date
	            THEN 'rol.end_date must not be before the role''s start_date ' || cur.start_date END AS _invalid
	FROM cur
), r AS (
	UPDATE toezicht.rollen t SET
		functie = CASE WHEN 'functie' = ANY ($2::text[]) THEN btrim($3) ELSE t.functie END,
		end_date = CASE WHEN 'end_date' = ANY ($2::text[]) THEN NULLIF($4, '')::date ELSE t.end_date END
	FROM chk
	WHERE t.swv_id = platform.current_swv() AND t.id = $1::uuid AND chk._invalid IS NULL
	RETURNING t.*
)
SELECT {{columns}}, {{flag}}, chk._invalid FROM chk LEFT JOIN r ON true {{conflicts}}
