-- telling: the statements of passend.v1.Bestuur's leerlingtellingen
-- (svc/telling.c): the pupil count of one school on one teldatum, by
-- school location or by residence. Rows are Telling messages by column
-- name; a part that is not known is -1 on the wire and NULL in the table.

-- fragment: columns
school_id, teldatum, tel_wijze, gemeente_id, aantal, coalesce(onder_8, -1) AS onder_8,
coalesce(so_categorie_1, -1) AS so_categorie_1, coalesce(so_categorie_2, -1) AS so_categorie_2,
coalesce(so_categorie_3, -1) AS so_categorie_3, swv_id AS tenant_id, id AS _id

-- name: upsert  params: 9
-- One count per school, teldatum, tel_wijze and gemeente: a repeat replaces it.
-- $1 school_id
-- $2 teldatum
-- $3 tel_wijze  TelWijze number: 2 woonachtig, else schoolgaand
-- $4 gemeente_id
-- $5 aantal
-- $6 onder_8
-- $7 so_categorie_1
-- $8 so_categorie_2
-- $9 so_categorie_3
INSERT INTO bestuur.tellingen (swv_id, id, school_id, teldatum, tel_wijze, gemeente_id, aantal, onder_8,
                               so_categorie_1, so_categorie_2, so_categorie_3)
VALUES (platform.current_swv(), gen_random_uuid(), $1::uuid, $2::date,
        CASE $3::int WHEN 2 THEN 'woonachtig' ELSE 'schoolgaand' END, NULLIF($4, '')::uuid, $5::int,
        NULLIF($6::int, -1), NULLIF($7::int, -1), NULLIF($8::int, -1), NULLIF($9::int, -1))
ON CONFLICT (swv_id, school_id, teldatum, tel_wijze,
             coalesce(gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid))
DO UPDATE SET aantal = EXCLUDED.aantal, onder_8 = EXCLUDED.onder_8, so_categorie_1 = EXCLUDED.so_categorie_1,
	so_categorie_2 = EXCLUDED.so_categorie_2, so_categorie_3 = EXCLUDED.so_categorie_3
RETURNING {{columns}}

-- name: list  params: 5
-- $1 teldatum  optional filters: teldatum, tel_wijze (unspecified: both), school
-- $2 tel_wijze
-- $3 school_id
-- $4 page_after
-- $5 page_limit
SELECT {{columns}} FROM bestuur.tellingen
WHERE swv_id = platform.current_swv() AND ($1 = '' OR teldatum = NULLIF($1, '')::date)
	AND ($2::int NOT IN (1, 2) OR tel_wijze = CASE $2::int WHEN 1 THEN 'schoolgaand' ELSE 'woonachtig' END)
	AND ($3 = '' OR school_id = NULLIF($3, '')::uuid) AND ($4 = '' OR id > NULLIF($4, '')::uuid)
ORDER BY id LIMIT $5::int
