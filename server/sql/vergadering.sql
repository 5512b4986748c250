-- vergadering: the statements of passend.v1.Toezicht's meetings of toezicht
-- and the OPR, their agenda items and the decisions (svc/vergadering.c,
-- D45). Rows are Vergadering and Agendapunt messages by column name. The
-- rules on decisions are the table's (0024): which body decides what, the
-- periode's form, uitkomst per besluit, approved once (a unique index:
-- ALREADY_EXISTS), a final decision never changed (a trigger: 55000), and a
-- toezicht meeting's decision recorded by toezicht only (the bestuur write
-- policy).

-- fragment: columns
v.id, v.swv_id AS tenant_id, v.orgaan, v.datum, v.titel, v.created_at

-- fragment: key
(v.datum::text || platform.name_key(v.titel, v.id::text)) COLLATE "C"

-- fragment: punt
a.id, a.swv_id AS tenant_id, a.vergadering_id, a.orgaan, a.volgorde, a.onderwerp, a.besluit, a.periode,
	a.uitkomst, a.besluit_datum, a.toelichting, a.created_at

-- fragment: meeting
(SELECT v.datum FROM toezicht.vergaderingen v WHERE v.swv_id = a.swv_id AND v.id = a.vergadering_id)
	AS vergadering_datum,
	(SELECT v.titel FROM toezicht.vergaderingen v WHERE v.swv_id = a.swv_id AND v.id = a.vergadering_id)
	AS vergadering_titel

-- fragment: punt_key
(lpad(a.volgorde::text, 3, '0') || a.id::text) COLLATE "C"

-- name: insert  params: 3
-- $1 vergadering.orgaan
-- $2 vergadering.datum
-- $3 vergadering.titel
INSERT INTO toezicht.vergaderingen AS v (swv_id, id, orgaan, datum, titel)
VALUES (platform.current_swv(), gen_random_uuid(), $1, $2::date, btrim($3))
RETURNING {{columns}}

-- name: get  params: 1
-- The meeting with its agenda in order.
-- $1 id
SELECT {{columns}},
	(SELECT json_agg(json_build_object('id', a.id, 'tenant_id', a.swv_id, 'vergadering_id', a.vergadering_id,
	                                   'orgaan', a.orgaan, 'volgorde', a.volgorde, 'onderwerp', a.onderwerp,
	                                   'besluit', a.besluit, 'periode', a.periode, 'uitkomst', a.uitkomst,
	                                   'besluit_datum', a.besluit_datum, 'toelichting', a.toelichting)
	                 ORDER BY a.volgorde)
	 FROM toezicht.agendapunten a WHERE a.swv_id = v.swv_id AND a.vergadering_id = v.id) AS agenda
FROM toezicht.vergaderingen v WHERE v.swv_id = platform.current_swv() AND v.id = $1::uuid

-- name: list  params: 3
-- By date, then title. orgaan: only that body's meetings.
-- $1 orgaan
-- $2 page_after
-- $3 page_limit
SELECT {{columns}}, {{key}} AS _key FROM toezicht.vergaderingen v
WHERE v.swv_id = platform.current_swv() AND ($1 = '' OR v.orgaan = $1)
	AND ($2 = '' OR {{key}} > $2)
ORDER BY _key LIMIT $3::int

-- name: punt_insert  params: 6
-- An agenda item of a meeting, open; its orgaan is the meeting's (the
-- composite foreign key holds it to the meeting's). A besluit the meeting's
-- body does not take is refused in the request's words (_invalid).
-- $1 agendapunt.vergadering_id
-- $2 agendapunt.volgorde
-- $3 agendapunt.onderwerp
-- $4 agendapunt.besluit
-- $5 agendapunt.periode
-- $6 agendapunt.toelichting
WITH v AS (
	SELECT v.orgaan FROM toezicht.vergaderingen v WHERE v.swv_id = platform.current_swv() AND v.id = $1::uuid
), chk AS (
	SELECT v.orgaan, CASE
		WHEN v.orgaan = 'opr' AND $4 IN ('begroting', 'jaarrekening', 'jaarplan')
			THEN 'agendapunt.besluit ' || $4 || ' is taken by toezicht, not by the OPR'
		WHEN v.orgaan = 'toezicht' AND $4 = 'ondersteuningsplan'
			THEN 'agendapunt.besluit ondersteuningsplan is the OPR''s consent, not a toezicht decision' END AS _invalid
	FROM v
), a AS (
	INSERT INTO toezicht.agendapunten (swv_id, id, vergadering_id, orgaan, volgorde, onderwerp, besluit, periode,
	                                   toelichting)
	SELECT platform.current_swv(), gen_random_uuid(), $1::uuid, chk.orgaan, $2::integer, btrim($3),
	       coalesce(NULLIF($4, ''), 'geen'), $5, $6
	FROM chk WHERE chk._invalid IS NULL
	RETURNING *
)
SELECT {{punt}}, {{meeting}}, chk._invalid FROM chk LEFT JOIN a ON true

-- name: punt_list  params: 5
-- The items of one meeting in order, or (no meeting) every item by meeting
-- date; besluit and alleen_besluiten filter.
-- $1 vergadering_id
-- $2 besluit
-- $3 alleen_besluiten
-- $4 page_after
-- $5 page_limit
SELECT {{punt}}, {{meeting}},
	((SELECT v.datum::text FROM toezicht.vergaderingen v WHERE v.swv_id = a.swv_id AND v.id = a.vergadering_id)
	 || a.vergadering_id::text || {{punt_key}}) COLLATE "C" AS _key
FROM toezicht.agendapunten a
WHERE a.swv_id = platform.current_swv() AND ($1 = '' OR a.vergadering_id = NULLIF($1, '')::uuid)
	AND ($2 = '' OR a.besluit = $2) AND (NOT $3::boolean OR a.uitkomst <> 'open')
	AND ($4 = '' OR ((SELECT v.datum::text FROM toezicht.vergaderingen v
	                  WHERE v.swv_id = a.swv_id AND v.id = a.vergadering_id)
	                 || a.vergadering_id::text || {{punt_key}}) COLLATE "C" > $4)
ORDER BY _key LIMIT $5::int

-- name: besluit  params: 3
-- Records the decision of an item on its meeting's date. An item without a
-- besluit decides nothing (_invalid); the uitkomst a besluit allows is the
-- table's CHECK (agendapunten_uitkomst), answered by svc/vergadering.c.
-- $1 agendapunt_id
-- $2 uitkomst
-- $3 toelichting
WITH cur AS (
	SELECT a.* FROM toezicht.agendapunten a WHERE a.swv_id = platform.current_swv() AND a.id = $1::uuid
), chk AS (
	SELECT CASE WHEN cur.besluit = 'geen'
	            THEN 'agendapunt "' || cur.onderwerp || '" has no besluit to record (besluit geen)' END AS _invalid
	FROM cur
), a AS (
	UPDATE toezicht.agendapunten t SET
		uitkomst = $2,
		besluit_datum = CASE WHEN $2 = 'open' THEN NULL ELSE
		                (SELECT v.datum FROM toezicht.vergaderingen v WHERE v.swv_id = t.swv_id AND v.id = t.vergadering_id) END,
		toelichting = CASE WHEN $3 = '' THEN t.toelichting ELSE $3 END
	FROM chk
	WHERE t.swv_id = platform.current_swv() AND t.id = $1::uuid AND chk._invalid IS NULL
	RETURNING t.*
)
SELECT {{punt}}, {{meeting}}, chk._invalid FROM chk LEFT JOIN a ON true
