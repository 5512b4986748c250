-- sync_upsert: the statements of passend.v1.Sync/UpsertRecords
-- (server/svc/sync_upsert.c, docs/decisions.md D49): one set-based
-- statement per kind that upserts a whole chunk by (source_system,
-- external_id) and answers one row per record: its index, outcome
-- (created, updated, unchanged, error), id, and for an error the field and
-- the rule. The handler has checked each record's values and left out the
-- ones it refused; the statement refuses what needs stored data (an unknown
-- school). Values a chunk's columns do not name are NULL elements and keep
-- what is stored (a new pupil: the default). Pupil-level: the ids of the
-- pupils touched are published for the audit row (server/audit.h).

-- name: leerlingen  params: 9
-- $1 source_system
-- $2 idx  int[]: the records' positions in the chunk
-- $3 external_id  text[]
-- $4 school_id  text[]: '' or NULL when the school is named by brin/vestiging or unchanged
-- $5 brin  text[]
-- $6 vestiging  text[]
-- $7 geboortejaar  int[]
-- $8 geslacht  int[]
-- $9 national_id  text[]: only its keyed hash is stored
WITH inp AS (
	SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[],
	                     $9::text[])
		AS u(idx, external_id, school_id, brin, vestiging, geboortejaar, geslacht, national_id)
), src AS (
	SELECT i.*, coalesce(sid.id, sbr.id) AS new_school,
	       CASE WHEN sid.id IS NOT NULL THEN sid.werkgebied_id ELSE sbr.werkgebied_id END AS new_werkgebied,
	       coalesce(i.school_id, '') <> '' OR coalesce(i.brin, '') <> '' AS school_named,
	       cur.id AS cur_id, cur.school_id AS cur_school, cur.werkgebied_id AS cur_werkgebied,
	       cur.national_id_hash AS cur_hash, cur.geboortejaar AS cur_jaar, cur.geslacht AS cur_geslacht
	FROM inp i
	-- the school by id, else by BRIN and vestiging: two equi-joins (hashed), not one join on a CASE
	LEFT JOIN bestuur.scholen sid ON sid.swv_id = platform.current_swv() AND sid.id = NULLIF(i.school_id, '')::uuid
	LEFT JOIN bestuur.scholen sbr ON sbr.swv_id = platform.current_swv() AND coalesce(i.school_id, '') = ''
		AND sbr.brin = i.brin AND sbr.vestiging = coalesce(NULLIF(i.vestiging, ''), '00')
	LEFT JOIN werkgebied.leerlingen cur ON cur.swv_id = platform.current_swv() AND cur.source_system = $1
		AND cur.external_id = i.external_id
), chk AS (
	SELECT src.*,
	       CASE WHEN school_named AND new_school IS NULL
	                 THEN CASE WHEN coalesce(school_id, '') <> '' THEN 'school_id' ELSE 'brin' END
	            WHEN NOT school_named AND cur_id IS NULL THEN 'school_id' END AS err_field,
	       CASE WHEN school_named AND new_school IS NULL THEN 'no such school in your scope'
	            WHEN NOT school_named AND cur_id IS NULL
	                 THEN 'a new pupil needs its school (school_id, or brin and vestiging)' END AS err_message
	FROM src
), up AS (
	INSERT INTO werkgebied.leerlingen AS t (swv_id, id, school_id, werkgebied_id, source_system, external_id,
	                                        national_id_hash, geboortejaar, geslacht)
	SELECT platform.current_swv(), gen_random_uuid(), coalesce(c.new_school, c.cur_school),
	       CASE WHEN c.new_school IS NOT NULL THEN c.new_werkgebied ELSE c.cur_werkgebied END, $1, c.external_id,
	       coalesce(CASE WHEN coalesce(c.national_id, '') <> '' THEN platform.national_id_hash(c.national_id) END,
	                c.cur_hash),
	       coalesce(c.geboortejaar, c.cur_jaar, 0), coalesce(c.geslacht, c.cur_geslacht, 0)
	FROM chk c WHERE c.err_field IS NULL
	ON CONFLICT (swv_id, source_system, external_id) DO UPDATE
		SET school_id = EXCLUDED.school_id, werkgebied_id = EXCLUDED.werkgebied_id,
		    national_id_hash = EXCLUDED.national_id_hash, geboortejaar = EXCLUDED.geboortejaar,
		    geslacht = EXCLUDED.geslacht
		WHERE (t.school_id, t.werkgebied_id, t.national_id_hash, t.geboortejaar, t.geslacht)
		      IS DISTINCT FROM (EXCLUDED.school_id, EXCLUDED.werkgebied_id, EXCLUDED.national_id_hash,
		                        EXCLUDED.geboortejaar, EXCLUDED.geslacht)
	RETURNING t.id, t.external_id, (t.xmax = 0) AS created
), r AS (
	SELECT c.idx AS index, c.external_id,
	       CASE WHEN c.err_field IS NOT NULL THEN 'UPSERT_ERROR' WHEN u.id IS NULL THEN 'UPSERT_UNCHANGED'
	            WHEN u.created THEN 'UPSERT_CREATED' ELSE 'UPSERT_UPDATED' END AS outcome,
	       coalesce(u.id, c.cur_id)::text AS id, c.err_field AS field, c.err_message AS message
	FROM chk c LEFT JOIN up u ON u.external_id = c.external_id
)
SELECT r.* FROM r,
	(SELECT set_config('passend.audit_ids', coalesce(array_agg(r.id) FILTER (WHERE r.id IS NOT NULL), '{}')::text,
	                   true) AS audit_ids FROM r) a
ORDER BY r.index
