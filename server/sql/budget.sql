-- budget: the statements of passend.v1.Werkgebied's werkgebied budgets
-- (svc/budget.c, D40): the budget of a school year with its split,
-- raises and frictiepot draws (mutaties) and spending (uitgaven). The rules
-- are the functions of sql/functions/werkgebied_budget.sql; a write that
-- calls one answers through a second statement (`current`,
-- `mutatie_current`) that reads what it named.

-- fragment: columns
b.id, b.swv_id AS tenant_id, b.schooljaar, b.totaal_cents, b.frictiepot_cents, b.teldatum,
ARRAY(SELECT CASE x WHEN 1 THEN 'bao' WHEN 2 THEN 'sbo' ELSE 'so' END FROM unnest(b.school_soorten) x ORDER BY x)
	AS school_soorten,
b.toelichting, b.totaal_cents - b.frictiepot_cents AS verdeeld_cents,
(SELECT coalesce(sum(v.leerlingen), 0) FROM werkgebied.budget_verdeling v
 WHERE v.swv_id = b.swv_id AND v.budget_id = b.id) AS leerlingen,
(SELECT json_agg(json_build_object('werkgebied_id', v.werkgebied_id, 'leerlingen', v.leerlingen,
                                   'aandeel_cents', v.aandeel_cents) ORDER BY platform.name_key(w.name, w.id::text) COLLATE "C")
 FROM werkgebied.budget_verdeling v JOIN werkgebied.werkgebieden w ON w.swv_id = v.swv_id AND w.id = v.werkgebied_id
 WHERE v.swv_id = b.swv_id AND v.budget_id = b.id) AS verdeling,
(SELECT coalesce(sum(m.bedrag_cents), 0) FROM werkgebied.budget_mutaties m
 WHERE m.swv_id = b.swv_id AND m.budget_id = b.id AND m.soort = 'ophoging') AS ophogingen_cents,
werkgebied.budget_onttrokken(b.id) AS frictiepot_onttrokken_cents,
b.frictiepot_cents - werkgebied.budget_onttrokken(b.id) AS frictiepot_over_cents, b.created_at, b.updated_at

-- fragment: mutatie_columns
m.id, m.swv_id AS tenant_id, b.schooljaar, m.werkgebied_id, 'budget_' || m.soort AS soort, m.datum, m.bedrag_cents,
m.toelichting, m.recorded_by, m.created_at

-- fragment: mutatie_key
(to_char(m.datum, 'YYYY-MM-DD') || m.id::text) COLLATE "C"

-- fragment: uitgave_columns
u.id, u.swv_id AS tenant_id, u.werkgebied_id, u.datum, u.bedrag_cents, u.omschrijving, u.recorded_by, u.created_at

-- fragment: uitgave_key
(to_char(u.datum, 'YYYY-MM-DD') || u.id::text) COLLATE "C"

-- name: create  params: 6
-- A new budget, split at once (werkgebied.budget_create: no pupils
-- counted on the teldatum is FAILED_PRECONDITION, nothing written).
-- $1 budget.schooljaar
-- $2 budget.totaal_cents
-- $3 budget.frictiepot_cents
-- $4 budget.teldatum
-- $5 budget.school_soorten
-- $6 budget.toelichting
SELECT werkgebied.budget_create($1, $2::bigint, $3::bigint, $4::date, $5::smallint[], $6)

-- name: update  params: 7
-- Changes the fields update_mask names and splits again
-- (werkgebied.budget_update; no such budget: `current` has no row).
-- $1 budget.id
-- $2 update_mask
-- $3 budget.totaal_cents
-- $4 budget.frictiepot_cents
-- $5 budget.teldatum
-- $6 budget.school_soorten
-- $7 budget.toelichting
SELECT werkgebied.budget_update($1::uuid, $2::text[], $3::bigint, $4::bigint, NULLIF($5, '')::date,
                                $6::smallint[], $7)

-- name: current  params: 0
-- The budget the statement before it named (passend.budget_id).
SELECT {{columns}} FROM werkgebied.budgetten b
WHERE b.swv_id = platform.current_swv() AND b.id = NULLIF(current_setting('passend.budget_id', true), '')::uuid

-- name: get  params: 1
-- $1 id
SELECT {{columns}} FROM werkgebied.budgetten b WHERE b.swv_id = platform.current_swv() AND b.id = $1::uuid

-- name: list  params: 2
-- Newest school year first, paged by the school year (_key).
-- $1 page_after
-- $2 page_limit
SELECT {{columns}}, b.schooljaar AS _key FROM werkgebied.budgetten b
WHERE b.swv_id = platform.current_swv() AND ($1 = '' OR b.schooljaar < $1)
ORDER BY b.schooljaar DESC LIMIT $2::int

-- name: raise  params: 5
-- A raise for one werkgebied (werkgebied.budget_mutatie 'ophoging').
-- $1 schooljaar
-- $2 werkgebied_id
-- $3 datum
-- $4 bedrag_cents
-- $5 toelichting
SELECT werkgebied.budget_mutatie($1, $2::uuid, 'ophoging', $3::date, $4::bigint, $5)

-- name: draw  params: 5
-- A draw on the frictiepot for one werkgebied (werkgebied.budget_mutatie
-- 'frictiepot'): at most what the frictiepot still holds.
-- $1 schooljaar
-- $2 werkgebied_id
-- $3 datum
-- $4 bedrag_cents
-- $5 toelichting
SELECT werkgebied.budget_mutatie($1, $2::uuid, 'frictiepot', $3::date, $4::bigint, $5)

-- name: mutatie_current  params: 0
-- The mutatie the statement before it named (passend.budget_mutatie_id).
SELECT {{mutatie_columns}} FROM werkgebied.budget_mutaties m
JOIN werkgebied.budgetten b ON b.swv_id = m.swv_id AND b.id = m.budget_id
WHERE m.swv_id = platform.current_swv()
	AND m.id = NULLIF(current_setting('passend.budget_mutatie_id', true), '')::uuid

-- name: mutaties  params: 4
-- The mutaties of a school year's budget by date (_key).
-- $1 schooljaar
-- $2 werkgebied_id  optional filter
-- $3 page_after
-- $4 page_limit
SELECT {{mutatie_columns}}, {{mutatie_key}} AS _key FROM werkgebied.budget_mutaties m
JOIN werkgebied.budgetten b ON b.swv_id = m.swv_id AND b.id = m.budget_id
WHERE m.swv_id = platform.current_swv() AND b.schooljaar = $1
	AND ($2 = '' OR m.werkgebied_id = NULLIF($2, '')::uuid) AND ($3 = '' OR {{mutatie_key}} > $3)
ORDER BY _key LIMIT $4::int

-- name: record_uitgave  params: 4
-- Spending charged to a werkgebied the caller sees (none: no row, NOT_FOUND).
-- $1 uitgave.werkgebied_id
-- $2 uitgave.datum
-- $3 uitgave.bedrag_cents
-- $4 uitgave.omschrijving
INSERT INTO werkgebied.budget_uitgaven AS u (swv_id, id, werkgebied_id, datum, bedrag_cents, omschrijving)
SELECT w.swv_id, gen_random_uuid(), w.id, $2::date, $3::bigint, $4 FROM werkgebied.werkgebieden w
WHERE w.swv_id = platform.current_swv() AND w.id = $1::uuid
RETURNING {{uitgave_columns}}

-- name: uitgaven  params: 4
-- Spending by date (_key), optionally of one school year (the tenant's
-- calendar, platform.report_periods) and one werkgebied.
-- $1 schooljaar
-- $2 werkgebied_id
-- $3 page_after
-- $4 page_limit
SELECT {{uitgave_columns}}, {{uitgave_key}} AS _key FROM werkgebied.budget_uitgaven u
WHERE u.swv_id = platform.current_swv() AND ($2 = '' OR u.werkgebied_id = NULLIF($2, '')::uuid)
	AND CASE WHEN $1 = '' THEN true
	         ELSE u.datum >= (SELECT min(p.lo) FROM platform.report_periods($1, 0) p)
	              AND u.datum < (SELECT max(p.hi) FROM platform.report_periods($1, 0) p) END
	AND ($3 = '' OR {{uitgave_key}} > $3)
ORDER BY _key LIMIT $4::int
