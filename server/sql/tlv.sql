-- tlv: the statements of passend.v1.Bestuur's TLV workflow (svc/tlv.c,
-- DOMAIN.md §5.2). A step is one call of its SQL function (0006_tlv.sql:
-- state checks, the tenant's rules, the event), which names the TLV and its
-- pupil for the audit row (bestuur.tlv_audit: passend.audit_ids) and the
-- TLV for `current` (passend.tlv_id), the statement that answers every step.
-- Rows are Tlv messages by column name. The step functions still take a
-- method and a peer (p_method, p_peer); since 0010 server/audit.c writes the
-- audit row and they are unused, so the statements pass NULL.

-- fragment: columns
t.id, t.swv_id AS tenant_id, t.leerling_id, t.aanvragende_school_id, t.herkomst, t.gevraagde_soort, t.state,
t.aanvraag_soort, t.vorige_tlv_id, t.aanvraagdatum, t.toestemming_datum, t.deadline, t.besluitdatum, t.tlv_nummer,
t.soort, t.so_categorie, t.startdatum, t.einddatum, t.ontvangende_school_id,
coalesce(t.besluitdatum <= t.deadline, false) AS op_tijd,
coalesce(t.besluitdatum - t.aanvraagdatum, 0) AS dagen_tot_besluit, t.experts, t.bezwaar_uitkomst,
(SELECT json_agg(json_build_object('step', e.step, 'at', e.at, 'actor_token_id', e.actor_token_id,
                                   'actor_role', e.actor_role, 'detail', e.detail) ORDER BY e.seq)
 FROM bestuur.tlv_events e WHERE e.swv_id = t.swv_id AND e.tlv_id = t.id) AS events,
l.geboortejaar, l.geslacht

-- fragment: from
FROM bestuur.tlvs t JOIN werkgebied.leerlingen l ON l.swv_id = t.swv_id AND l.id = t.leerling_id
WHERE t.swv_id = platform.current_swv()

-- fragment: decision
NULLIF($4, ''), NULLIF($5, '')::smallint, NULLIF($6, '')::smallint, NULLIF($7, '')::date,
NULLIF($8, '')::date, NULLIF($9, '')::uuid

-- name: submit  params: 6
-- A new aanvraag (or, for a request_id seen before, the TLV it made). The
-- deadline is bestuur.tlv_deadline on the tenant's legal term from the
-- aanvraagdatum (today when unset), the rule's one implementation
-- (sql/functions/bestuur_tlv_deadline.sql).
-- $1 leerling_id
-- $2 herkomst
-- $3 gevraagde_soort
-- $4 aanvraagdatum
-- $5 toestemming_datum
-- $6 request_id
SELECT bestuur.tlv_submit($1::uuid, $2, $3::smallint, d.dag, NULLIF($5, '')::date,
                          bestuur.tlv_deadline(d.dag, r.eenheid, r.termijn), $6, NULL, NULL)
FROM bestuur.tlv_rules() r CROSS JOIN LATERAL (SELECT coalesce(NULLIF($4, '')::date, r.vandaag) AS dag) d

-- name: advies  params: 4
-- The commissie's advies with its experts (names and disciplines in order).
-- $1 tlv_id
-- $2 experts.name
-- $3 experts.discipline
-- $4 advies
SELECT bestuur.tlv_advies($1::uuid, $2::text[], $3::text[], $4, NULL, NULL)

-- name: decide  params: 9
-- Afgegeven or afgewezen; $4-$9 the decision (empty when afgewezen).
-- $1 tlv_id
-- $2 afgegeven
-- $3 besluitdatum  unset: today
-- $4 tlv_nummer
-- $5 soort
-- $6 so_categorie
-- $7 startdatum
-- $8 einddatum
-- $9 ontvangende_school_id
SELECT bestuur.tlv_decide($1::uuid, $2::boolean, coalesce(NULLIF($3, '')::date, current_date), {{decision}},
                          NULL, NULL)

-- name: bezwaar  params: 3
-- $1 tlv_id
-- $2 datum  unset: today
-- $3 reden
SELECT bestuur.tlv_bezwaar($1::uuid, coalesce(NULLIF($2, '')::date, current_date), $3, NULL, NULL)

-- name: bezwaar_besluit  params: 10
-- Gehandhaafd, or herzien to the decision $10, $4-$9 (empty when gehandhaafd).
-- $1 tlv_id
-- $2 gehandhaafd
-- $3 datum  unset: today
-- $4 herzien_besluit.tlv_nummer
-- $5 herzien_besluit.soort
-- $6 herzien_besluit.so_categorie
-- $7 herzien_besluit.startdatum
-- $8 herzien_besluit.einddatum
-- $9 herzien_besluit.ontvangende_school_id
-- $10 herzien_besluit.afgegeven
SELECT bestuur.tlv_bezwaar_besluit($1::uuid, $2::boolean, coalesce(NULLIF($3, '')::date, current_date),
                                   $10::boolean, {{decision}}, NULL, NULL)

-- name: herbeoordeel  params: 9
-- Verlengd (a follow-up TLV with the decision $4-$9 and a deadline from the
-- datum, today when unset), terugplaatsing or beeindigd.
-- $1 tlv_id
-- $2 uitkomst
-- $3 datum
-- $4 nieuw_besluit.tlv_nummer
-- $5 nieuw_besluit.soort
-- $6 nieuw_besluit.so_categorie
-- $7 nieuw_besluit.startdatum
-- $8 nieuw_besluit.einddatum
-- $9 nieuw_besluit.ontvangende_school_id
SELECT bestuur.tlv_herbeoordeel($1::uuid, $2, d.dag, bestuur.tlv_deadline(d.dag, r.eenheid, r.termijn),
                                {{decision}}, NULL, NULL)
FROM bestuur.tlv_rules() r CROSS JOIN LATERAL (SELECT coalesce(NULLIF($3, '')::date, r.vandaag) AS dag) d

-- name: current  params: 0
-- The TLV the step before it in the transaction named (passend.tlv_id),
-- with its events: the answer of every step.
SELECT {{columns}} {{from}} AND t.id = NULLIF(current_setting('passend.tlv_id', true), '')::uuid

-- name: get  params: 1
-- One TLV with its events; names it and its pupil for the audit row.
-- $1 id
WITH r AS (SELECT {{columns}} {{from}} AND t.id = $1::uuid)
SELECT r.* FROM r,
	(SELECT set_config('passend.audit_ids', ARRAY[r.id::text, r.leerling_id::text]::text, true) FROM r) audit_ids

-- name: list  params: 5
-- The TLVs (with their events) by id, optionally of one schooljaar on the
-- tenant's calendar (by besluitdatum, else aanvraagdatum; 0008_schooljaar.sql),
-- one state or one pupil; names the TLVs for the audit row.
-- $1 schooljaar
-- $2 state
-- $3 leerling_id
-- $4 page_after
-- $5 page_limit
WITH sj AS (SELECT van, tot FROM bestuur.schooljaar_range(NULLIF($1, ''))),
r AS (
	SELECT {{columns}} {{from}}
		AND ($1 = '' OR EXISTS (SELECT 1 FROM sj WHERE coalesce(t.besluitdatum, t.aanvraagdatum) >= sj.van
		                                           AND coalesce(t.besluitdatum, t.aanvraagdatum) < sj.tot))
		AND ($2::int = 0 OR t.state = $2::smallint) AND ($3 = '' OR t.leerling_id = NULLIF($3, '')::uuid)
		AND ($4 = '' OR t.id > NULLIF($4, '')::uuid)
	ORDER BY t.id LIMIT $5::int
)
SELECT r.* FROM r,
	(SELECT set_config('passend.audit_ids', array_agg(r.id::text)::text, true) FROM r) audit_ids
ORDER BY r.id
