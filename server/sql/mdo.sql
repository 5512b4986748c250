-- mdo: the statements of passend.v1.Werkgebied's MDOs (svc/mdo.c).
-- Pupil-level: every statement names the MDOs and pupils it touched
-- ({{audit_ids}}, server/audit.h); row level security shows an MDO exactly
-- when its pupil is visible. Participants, outcome and placement travel as
-- enum numbers and are stored as the names (lower case, without the enum's
-- prefix) by position in {{deelnemers}}, {{uitkomsten}} and {{plaatsingen}}.

-- fragment: deelnemers
(ARRAY['school', 'ouders', 'consulent', 'jeugdhulp', 'jeugdarts', 'overig'])

-- fragment: uitkomsten
(ARRAY['arrangement', 'tlv_route', 'tijdelijke_plaatsing', 'geen'])

-- fragment: plaatsingen
(ARRAY['sbo', 'so'])

-- fragment: columns
m.id, m.swv_id AS tenant_id, m.leerling_id, m.school_id, m.werkgebied_id, m.niveau, m.datum,
ARRAY(SELECT 'mdo_deelnemer_' || d FROM unnest(m.deelnemers) d) AS deelnemers, m.kind_deelgenomen,
'mdo_uitkomst_' || m.uitkomst AS uitkomst, 'plaatsing_soort_' || m.plaatsing AS plaatsing, m.plaatsing_weken,
(SELECT CASE WHEN l.geboortejaar > 0 THEN extract(year FROM m.datum)::int - l.geboortejaar END
 FROM werkgebied.leerlingen l WHERE l.swv_id = m.swv_id AND l.id = m.leerling_id) AS leeftijd,
m.toestemming_id, m.recorded_by, m.created_at

-- fragment: audit_ids
(SELECT set_config('passend.audit_ids', (array_agg(r.id::text) || array_agg(DISTINCT r.leerling_id::text))::text,
                   true) FROM r) audit_ids

-- name: insert  params: 8
-- An MDO about a pupil the caller sees, under a consent covering mdo on
-- datum: werkgebied.require_consent raises FAILED_PRECONDITION naming the
-- missing consent, and nothing is written. The level is checked by the
-- table's trigger (werkgebied.lijst_waarde_check).
-- $1 mdo.leerling_id
-- $2 mdo.niveau
-- $3 mdo.datum
-- $4 mdo.deelnemers
-- $5 mdo.kind_deelgenomen
-- $6 mdo.uitkomst
-- $7 mdo.plaatsing
-- $8 mdo.plaatsing_weken
WITH c AS (
	SELECT werkgebied.require_consent($1::uuid, 'mdo', $3::date) AS toestemming_id
), r AS (
	INSERT INTO werkgebied.mdos (swv_id, id, leerling_id, school_id, werkgebied_id, niveau, datum, deelnemers,
	                             kind_deelgenomen, uitkomst, plaatsing, plaatsing_weken, toestemming_id)
	SELECT l.swv_id, gen_random_uuid(), l.id, l.school_id, l.werkgebied_id, $2, $3::date,
	       ARRAY(SELECT {{deelnemers}}[u.x] FROM unnest($4::int[]) WITH ORDINALITY u (x, n) ORDER BY u.n),
	       $5::boolean, {{uitkomsten}}[$6::int], {{plaatsingen}}[NULLIF($7::int, 0)],
	       NULLIF($8::int, 0)::smallint, c.toestemming_id
	FROM c, werkgebied.leerlingen l WHERE l.swv_id = platform.current_swv() AND l.id = $1::uuid
	RETURNING *
)
SELECT {{columns}} FROM r m, {{audit_ids}}

-- name: get  params: 1
-- $1 id
WITH r AS (
	SELECT * FROM werkgebied.mdos WHERE swv_id = platform.current_swv() AND id = $1::uuid
)
SELECT {{columns}} FROM r m, {{audit_ids}}

-- name: list  params: 3
-- $1 leerling_id  optional filter
-- $2 page_after
-- $3 page_limit
WITH r AS (
	SELECT * FROM werkgebied.mdos
	WHERE swv_id = platform.current_swv() AND ($1 = '' OR leerling_id = NULLIF($1, '')::uuid)
		AND ($2 = '' OR id > NULLIF($2, '')::uuid)
	ORDER BY id LIMIT $3::int
)
SELECT {{columns}} FROM r m, {{audit_ids}} ORDER BY m.id
