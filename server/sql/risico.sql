-- risico: the statements of passend.v1.Toezicht's risk register
-- (svc/risico.c, D45). Rows are Risico messages by column name; score is
-- the table's generated kans × impact.

-- fragment: columns
id, swv_id AS tenant_id, titel, omschrijving, categorie, kans, impact, score, maatregelen, eigenaar, status,
	vastgesteld_op, herzien_op, created_at

-- fragment: key
platform.name_key(titel, id::text) COLLATE "C"

-- name: insert  params: 9
-- $1 risico.titel
-- $2 risico.omschrijving
-- $3 risico.categorie
-- $4 risico.kans
-- $5 risico.impact
-- $6 risico.maatregelen
-- $7 risico.eigenaar
-- $8 risico.status
-- $9 risico.vastgesteld_op
INSERT INTO toezicht.risicos (swv_id, id, titel, omschrijving, categorie, kans, impact, maatregelen, eigenaar,
                              status, vastgesteld_op)
VALUES (platform.current_swv(), gen_random_uuid(), btrim($1), $2, btrim($3), $4::smallint, $5::smallint, $6,
        btrim($7), coalesce(NULLIF($8, ''), 'open'), $9::date)
RETURNING {{columns}}

-- name: list  params: 3
-- By title. status: only risks of that status.
-- $1 status
-- $2 page_after
-- $3 page_limit
SELECT {{columns}}, {{key}} AS _key FROM toezicht.risicos
WHERE swv_id = platform.current_swv() AND ($1 = '' OR status = $1) AND ($2 = '' OR {{key}} > $2)
ORDER BY _key LIMIT $3::int

-- name: update  params: 11
-- Each field as the mask names it; herzien_op not before vastgesteld_op
-- (the table's CHECK, answered by svc/risico.c).
-- $1 risico.id
-- $2 update_mask
-- $3 risico.titel
-- $4 risico.omschrijving
-- $5 risico.categorie
-- $6 risico.kans
-- $7 risico.impact
-- $8 risico.maatregelen
-- $9 risico.eigenaar
-- $10 risico.status
-- $11 risico.herzien_op
UPDATE toezicht.risicos r SET
	titel = CASE WHEN 'titel' = ANY ($2::text[]) THEN btrim($3) ELSE r.titel END,
	omschrijving = CASE WHEN 'omschrijving' = ANY ($2::text[]) THEN $4 ELSE r.omschrijving END,
	categorie = CASE WHEN 'categorie' = ANY ($2::text[]) THEN btrim($5) ELSE r.categorie END,
	kans = CASE WHEN 'kans' = ANY ($2::text[]) THEN $6::smallint ELSE r.kans END,
	impact = CASE WHEN 'impact' = ANY ($2::text[]) THEN $7::smallint ELSE r.impact END,
	maatregelen = CASE WHEN 'maatregelen' = ANY ($2::text[]) THEN $8 ELSE r.maatregelen END,
	eigenaar = CASE WHEN 'eigenaar' = ANY ($2::text[]) THEN btrim($9) ELSE r.eigenaar END,
	status = CASE WHEN 'status' = ANY ($2::text[]) THEN $10 ELSE r.status END,
	herzien_op = CASE WHEN 'herzien_op' = ANY ($2::text[]) THEN NULLIF($11, '')::date ELSE r.herzien_op END
WHERE r.swv_id = platform.current_swv() AND r.id = $1::uuid
RETURNING {{columns}}
