-- thuiszitter_telling: the statements of passend.v1.Werkgebied's municipal
-- thuiszitter figures (svc/thuiszitter_telling.c, D39): the counts per
-- peildatum, category and gemeente and the verloop per period, each set by
-- its natural key (gemeente empty: without a gemeente split) and listed in
-- the order a person reads them (_key: the date, then the category or
-- period, then the gemeente's name).

-- fragment: telling_columns
t.id, t.swv_id AS tenant_id, t.peildatum, t.categorie, t.gemeente_id, coalesce(g.name, '') AS gemeente, t.aantal,
t.updated_at

-- fragment: telling_key
(to_char(t.peildatum, 'YYYY-MM-DD') || ' ' || t.categorie || ' ' || platform.name_key(coalesce(g.name, ''), t.id::text))
COLLATE "C"

-- fragment: verloop_columns
v.id, v.swv_id AS tenant_id, v.van, v.tot, v.gemeente_id, coalesce(g.name, '') AS gemeente, v.begin, v.nieuw,
v.verhuisd, v.achttien, v.opgelost, v.actueel, v.updated_at

-- fragment: verloop_key
(to_char(v.tot, 'YYYY-MM-DD') || ' ' || to_char(v.van, 'YYYY-MM-DD') || ' '
 || platform.name_key(coalesce(g.name, ''), v.id::text)) COLLATE "C"

-- name: set_telling  params: 4
-- The count of (peildatum, categorie, gemeente), inserted or replaced. The
-- category is checked by the table's trigger (werkgebied.lijst_waarde_check),
-- the gemeente by its foreign key (this tenant's).
-- $1 telling.peildatum
-- $2 telling.categorie
-- $3 telling.gemeente_id
-- $4 telling.aantal
WITH r AS (
	INSERT INTO werkgebied.thuiszitter_tellingen AS t (swv_id, id, peildatum, categorie, gemeente_id, aantal)
	VALUES (platform.current_swv(), gen_random_uuid(), $1::date, $2, NULLIF($3, '')::uuid, $4::integer)
	ON CONFLICT (swv_id, peildatum, categorie, coalesce(gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid))
	DO UPDATE SET aantal = excluded.aantal, updated_at = now()
	RETURNING *
)
SELECT {{telling_columns}} FROM r t LEFT JOIN bestuur.gemeenten g ON g.swv_id = t.swv_id AND g.id = t.gemeente_id

-- name: list_tellingen  params: 3
-- $1 peildatum  optional filter
-- $2 page_after
-- $3 page_limit
SELECT {{telling_columns}}, {{telling_key}} AS _key
FROM werkgebied.thuiszitter_tellingen t LEFT JOIN bestuur.gemeenten g ON g.swv_id = t.swv_id AND g.id = t.gemeente_id
WHERE t.swv_id = platform.current_swv() AND ($1 = '' OR t.peildatum = NULLIF($1, '')::date)
	AND ($2 = '' OR {{telling_key}} > $2)
ORDER BY _key LIMIT $3::int

-- name: set_verloop  params: 9
-- The verloop of (van, tot, gemeente), inserted or replaced, as reported
-- (the report checks the rule).
-- $1 verloop.van
-- $2 verloop.tot
-- $3 verloop.gemeente_id
-- $4 verloop.begin
-- $5 verloop.nieuw
-- $6 verloop.verhuisd
-- $7 verloop.achttien
-- $8 verloop.opgelost
-- $9 verloop.actueel
WITH r AS (
	INSERT INTO werkgebied.thuiszitter_verloop AS v (swv_id, id, van, tot, gemeente_id, begin, nieuw, verhuisd,
	                                                 achttien, opgelost, actueel)
	VALUES (platform.current_swv(), gen_random_uuid(), $1::date, $2::date, NULLIF($3, '')::uuid, $4::integer,
	        $5::integer, $6::integer, $7::integer, $8::integer, $9::integer)
	ON CONFLICT (swv_id, van, tot, coalesce(gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid))
	DO UPDATE SET begin = excluded.begin, nieuw = excluded.nieuw, verhuisd = excluded.verhuisd,
	              achttien = excluded.achttien, opgelost = excluded.opgelost, actueel = excluded.actueel,
	              updated_at = now()
	RETURNING *
)
SELECT {{verloop_columns}} FROM r v LEFT JOIN bestuur.gemeenten g ON g.swv_id = v.swv_id AND g.id = v.gemeente_id

-- name: list_verloop  params: 2
-- $1 page_after
-- $2 page_limit
SELECT {{verloop_columns}}, {{verloop_key}} AS _key
FROM werkgebied.thuiszitter_verloop v LEFT JOIN bestuur.gemeenten g ON g.swv_id = v.swv_id AND g.id = v.gemeente_id
WHERE v.swv_id = platform.current_swv() AND ($1 = '' OR {{verloop_key}} > $1)
ORDER BY _key LIMIT $2::int
