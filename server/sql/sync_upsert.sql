-- sync_upsert: the statements of passend.v1.Sync/UpsertRecords
-- (server/svc/sync_upsert.c, docs/decisions.md D49, D53): one set-based
-- statement per kind that upserts a whole chunk by (source_system,
-- external_id) and answers one row per record: its index, outcome
-- (created, updated, unchanged, error), id, and for an error the field and
-- the rule. The handler has checked each record's values and left out the
-- ones it refused; the statement refuses what needs stored data (an unknown
-- school, a missing consent). Values a chunk's columns do not name are NULL
-- elements and keep what is stored (a new record: the default). The stored
-- record is found by one probe of its key index; stored records are
-- UPDATEd (only when something differs), new ones INSERTed. Sent unnamed
-- (planned with each chunk's arrays, D53). Pupil-level: the ids of the
-- records and pupils touched are published for the audit row
-- (server/audit.h).

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
	       CASE WHEN sid.id IS NOT NULL THEN sid.werkgebied_key ELSE sbr.werkgebied_key END AS new_key,
	       coalesce(i.school_id, '') <> '' OR coalesce(i.brin, '') <> '' AS school_named,
	       cur.id AS cur_id, cur.school_id AS cur_school, cur.werkgebied_id AS cur_werkgebied,
	       cur.national_id_hash AS cur_hash, cur.geboortejaar AS cur_jaar, cur.geslacht AS cur_geslacht
	FROM inp i
	-- the school by id, else by BRIN and vestiging: two equi-joins (hashed), not one join on a CASE
	LEFT JOIN bestuur.scholen sid ON sid.swv_id = platform.current_swv() AND sid.id = NULLIF(i.school_id, '')::uuid
	LEFT JOIN bestuur.scholen sbr ON sbr.swv_id = platform.current_swv() AND coalesce(i.school_id, '') = ''
		AND sbr.brin = i.brin AND sbr.vestiging = coalesce(NULLIF(i.vestiging, ''), '00')
	-- the stored record by its key: one index probe per record (a join would hash every record
	-- of the source, each chunk again)
	LEFT JOIN LATERAL (SELECT * FROM werkgebied.leerlingen c WHERE c.swv_id = platform.current_swv()
	                   AND c.source_system = $1 AND c.external_id = i.external_id LIMIT 1) cur ON true
), chk AS (
	SELECT src.*,
	       CASE WHEN school_named AND new_school IS NULL
	                 THEN CASE WHEN coalesce(school_id, '') <> '' THEN 'school_id' ELSE 'brin' END
	            WHEN NOT school_named AND cur_id IS NULL THEN 'school_id' END AS err_field,
	       CASE WHEN school_named AND new_school IS NULL THEN 'no such school in your scope'
	            WHEN NOT school_named AND cur_id IS NULL
	                 THEN 'a new pupil needs its school (school_id, or brin and vestiging)' END AS err_message,
	       CASE WHEN coalesce(national_id, '') <> '' THEN platform.national_id_hash(national_id) END AS new_hash
	FROM src
), upd AS (
	-- a stored pupil: updated only when something differs (an unchanged record writes nothing)
	UPDATE werkgebied.leerlingen t
	SET school_id = coalesce(c.new_school, t.school_id),
	    werkgebied_id = CASE WHEN c.new_school IS NOT NULL THEN c.new_werkgebied ELSE t.werkgebied_id END,
	    national_id_hash = coalesce(c.new_hash, t.national_id_hash),
	    geboortejaar = coalesce(c.geboortejaar, t.geboortejaar), geslacht = coalesce(c.geslacht, t.geslacht)
	FROM chk c
	WHERE c.err_field IS NULL AND c.cur_id IS NOT NULL AND t.swv_id = platform.current_swv() AND t.id = c.cur_id
	  AND (t.school_id, t.werkgebied_id, t.national_id_hash, t.geboortejaar, t.geslacht)
	      IS DISTINCT FROM (coalesce(c.new_school, t.school_id),
	                        CASE WHEN c.new_school IS NOT NULL THEN c.new_werkgebied ELSE t.werkgebied_id END,
	                        coalesce(c.new_hash, t.national_id_hash), coalesce(c.geboortejaar, t.geboortejaar),
	                        coalesce(c.geslacht, t.geslacht))
	RETURNING t.id, t.external_id, false AS created
), ins AS (
	-- a new pupil: a plain insert (no speculative insertion); a concurrent call that inserted
	-- the same key first fails this chunk on the key (ABORTED: the helper repeats it). It names
	-- the school's werkgebied_key as well, so the werkgebied trigger has nothing to do (0031)
	INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, werkgebied_key, source_system,
	                                   external_id, national_id_hash, geboortejaar, geslacht)
	SELECT platform.current_swv(), gen_random_uuid(), c.new_school, c.new_werkgebied, c.new_key, $1, c.external_id,
	       c.new_hash, coalesce(c.geboortejaar, 0), coalesce(c.geslacht, 0)
	FROM chk c WHERE c.err_field IS NULL AND c.cur_id IS NULL
	RETURNING id, external_id, true AS created
), up AS (
	SELECT * FROM upd UNION ALL SELECT * FROM ins
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

-- The records of a pupil-level kind name their pupil by leerling_id, or by
-- leerling_external_id: the pupil's external_id in the same source ($1).
-- Fragments of the ondersteuningsvragen and mdos statements: the pupil's
-- columns and joins (src), its three errors (chk). Of every kind but
-- leerlingen: the end of the new records' insert (ins: from chk, as t) and,
-- from the rows written (upd, ins: id, external_id, created), the answer,
-- whose audit row names the records and their pupils (chk: cur_id, the
-- stored record to update, NULL for a new one; new_leerling, cur_leerling).

-- fragment: pupil_columns
i.leerling_id IS NOT NULL OR i.leerling_ext IS NOT NULL AS pupil_named,
CASE WHEN i.leerling_id IS NOT NULL THEN 'leerling_id' ELSE 'leerling_external_id' END AS pupil_field,
coalesce(lid.id, lex.id) AS new_leerling, coalesce(lid.school_id, lex.school_id) AS new_school,
CASE WHEN lid.id IS NOT NULL THEN lid.werkgebied_id ELSE lex.werkgebied_id END AS new_werkgebied

-- fragment: pupil_joins
LEFT JOIN werkgebied.leerlingen lid ON lid.swv_id = platform.current_swv() AND lid.id = i.leerling_id
LEFT JOIN werkgebied.leerlingen lex ON lex.swv_id = platform.current_swv() AND i.leerling_id IS NULL
	AND lex.source_system = $1 AND lex.external_id = i.leerling_ext

-- fragment: pupil_errors
(1, c.pupil_field, CASE WHEN c.pupil_named AND c.new_leerling IS NULL THEN 'no such pupil in your scope' END),
(2, 'leerling_external_id', CASE WHEN c.cur_id IS NULL AND NOT c.pupil_named
	THEN 'a new record needs its pupil (leerling_external_id or leerling_id)' END),
(3, c.pupil_field, CASE WHEN c.cur_id IS NOT NULL AND c.pupil_named AND c.new_leerling <> c.cur_leerling
	THEN 'a record does not move to another pupil' END)

-- fragment: answer
FROM chk c WHERE c.err_field IS NULL AND c.cur_id IS NULL
ON CONFLICT (swv_id, source_system, external_id) DO NOTHING
RETURNING t.id, t.external_id, true AS created
), up AS (
	SELECT * FROM upd UNION ALL SELECT * FROM ins
), r AS (
	SELECT c.idx AS index, c.external_id,
	       CASE WHEN c.err_field IS NOT NULL THEN 'UPSERT_ERROR'
	            WHEN u.id IS NULL AND c.cur_id IS NULL THEN 'UPSERT_ERROR'
	            WHEN u.id IS NULL THEN 'UPSERT_UNCHANGED'
	            WHEN u.created THEN 'UPSERT_CREATED' ELSE 'UPSERT_UPDATED' END AS outcome,
	       coalesce(u.id, c.cur_id)::text AS id,
	       CASE WHEN c.err_field IS NOT NULL THEN c.err_field WHEN u.id IS NULL AND c.cur_id IS NULL THEN 'external_id'
	       END AS field,
	       CASE WHEN c.err_field IS NOT NULL THEN c.err_message WHEN u.id IS NULL AND c.cur_id IS NULL
	            THEN 'was recorded by a concurrent call: send the record again' END AS message,
	       CASE WHEN coalesce(u.id, c.cur_id) IS NOT NULL THEN coalesce(c.cur_leerling, c.new_leerling) END AS leerling_id
	FROM chk c LEFT JOIN up u ON u.external_id = c.external_id
)
SELECT r.index, r.external_id, r.outcome, r.id, r.field, r.message FROM r,
	(SELECT set_config('passend.audit_ids', coalesce((array_agg(r.id) FILTER (WHERE r.id IS NOT NULL))
	                   || array_agg(DISTINCT r.leerling_id::text) FILTER (WHERE r.leerling_id IS NOT NULL), '{}')::text,
	                   true) AS audit_ids FROM r) a
ORDER BY r.index

-- name: ondersteuningsvragen  params: 8
-- Support requests as CreateOndersteuningsvraag records them: for a pupil the
-- caller sees (by id, or by this source's key), under a consent covering
-- ondersteuningsvraag on ingediend_op (werkgebied.consent_for, the rule of
-- werkgebied.require_consent), the category an active value of the list.
-- A request recorded before by this key may get another description or
-- category; its pupil and ingediend_op stay (an error names the field).
-- $1 source_system
-- $2 idx  int[]
-- $3 external_id  text[]
-- $4 leerling_id  text[]
-- $5 leerling_external_id  text[]: the pupil's external_id in source $1
-- $6 omschrijving  text[]
-- $7 ondersteuningscategorie  text[]
-- $8 ingediend_op  date[]: default today
WITH inp AS (
	SELECT * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::date[])
		AS u(idx, external_id, leerling_id, leerling_ext, omschrijving, categorie, ingediend_op)
), src AS (
	SELECT i.*, {{pupil_columns}},
	       cur.id AS cur_id, cur.leerling_id AS cur_leerling, cur.ingediend_op AS cur_ingediend,
	       cur.omschrijving AS cur_omschrijving, cur.ondersteuningscategorie AS cur_categorie
	FROM inp i
	{{pupil_joins}}
	LEFT JOIN LATERAL (SELECT * FROM werkgebied.ondersteuningsvragen c WHERE c.swv_id = platform.current_swv()
	                   AND c.source_system = $1 AND c.external_id = i.external_id LIMIT 1) cur ON true
), con AS (
	SELECT s.*, coalesce(s.ingediend_op, current_date) AS d,
	       CASE WHEN s.cur_id IS NULL AND s.new_leerling IS NOT NULL
	            THEN werkgebied.consent_for(s.new_leerling, 'ondersteuningsvraag', coalesce(s.ingediend_op, current_date))
	       END AS toestemming_id
	FROM src s
), chk AS (
	SELECT c.*, e.f AS err_field, e.m AS err_message
	FROM con c
	LEFT JOIN LATERAL (SELECT * FROM (VALUES
		{{pupil_errors}},
		(4, 'ingediend_op', CASE WHEN c.cur_id IS NOT NULL AND c.ingediend_op <> c.cur_ingediend
			THEN 'stays as recorded (' || c.cur_ingediend || '): its consent was checked on it' END),
		(5, 'omschrijving', CASE WHEN c.cur_id IS NULL AND c.omschrijving IS NULL
			THEN 'is required for a new ondersteuningsvraag' END),
		(6, 'ondersteuningscategorie', CASE WHEN c.categorie IS DISTINCT FROM c.cur_categorie AND c.categorie IS NOT NULL
			AND NOT werkgebied.lijst_waarde_active(platform.current_swv(), 'ondersteuningscategorie', c.categorie)
			THEN 'is not an active ondersteuningscategorie of this tenant (ListLijstWaarden)' END),
		(7, c.pupil_field, CASE WHEN c.cur_id IS NULL AND c.new_leerling IS NOT NULL AND c.toestemming_id IS NULL
			THEN 'no parental consent for ondersteuningsvraag for the pupil on ' || c.d || ' (RecordToestemming)' END)
	) v(n, f, m) WHERE v.m IS NOT NULL ORDER BY v.n LIMIT 1) e ON true
), upd AS (
	UPDATE werkgebied.ondersteuningsvragen t
	SET omschrijving = coalesce(c.omschrijving, t.omschrijving),
	    ondersteuningscategorie = coalesce(c.categorie, t.ondersteuningscategorie)
	FROM chk c
	WHERE c.err_field IS NULL AND c.cur_id IS NOT NULL AND t.swv_id = platform.current_swv() AND t.id = c.cur_id
	  AND (t.omschrijving, t.ondersteuningscategorie)
	      IS DISTINCT FROM (coalesce(c.omschrijving, t.omschrijving), coalesce(c.categorie, t.ondersteuningscategorie))
	RETURNING t.id, t.external_id, false AS created
), ins AS (
	INSERT INTO werkgebied.ondersteuningsvragen AS t (swv_id, id, leerling_id, school_id, omschrijving,
	                                                  ondersteuningscategorie, ingediend_op, toestemming_id,
	                                                  source_system, external_id)
	SELECT platform.current_swv(), gen_random_uuid(), c.new_leerling, c.new_school, c.omschrijving, c.categorie, c.d,
	       c.toestemming_id, $1, c.external_id
{{answer}}

-- name: mdos  params: 12
-- MDOs with their participants as CreateMdo records them: for a pupil the
-- caller sees (by id, or by this source's key), under a consent covering mdo
-- on datum, the level an active value of the mdo_niveau list. An MDO is not
-- changed after the fact (D34): one recorded before by this key may get
-- other participants (deelnemers, kind_deelgenomen); another pupil, datum,
-- niveau, uitkomst or plaatsing is an error naming the field.
-- $1 source_system
-- $2 idx  int[]
-- $3 external_id  text[]
-- $4 leerling_id  text[]
-- $5 leerling_external_id  text[]: the pupil's external_id in source $1
-- $6 datum  date[]
-- $7 niveau  text[]
-- $8 deelnemers  text[]: ';'-separated names
-- $9 kind_deelgenomen  bool[]: default false
-- $10 uitkomst  text[]
-- $11 plaatsing  text[]
-- $12 plaatsing_weken  int[]
WITH inp AS (
	SELECT u.*, string_to_array(u.deelnemers_s, ';') AS deelnemers
	FROM unnest($2::int[], $3::text[], $4::uuid[], $5::text[], $6::date[], $7::text[], $8::text[], $9::bool[],
	            $10::text[], $11::text[], $12::int[])
		AS u(idx, external_id, leerling_id, leerling_ext, datum, niveau, deelnemers_s, kind_deelgenomen, uitkomst,
		     plaatsing, plaatsing_weken)
), src AS (
	SELECT i.*, {{pupil_columns}},
	       cur.id AS cur_id, cur.leerling_id AS cur_leerling, cur.datum AS cur_datum, cur.niveau::text AS cur_niveau,
	       cur.uitkomst AS cur_uitkomst, cur.plaatsing AS cur_plaatsing, cur.plaatsing_weken AS cur_weken
	FROM inp i
	{{pupil_joins}}
	LEFT JOIN LATERAL (SELECT * FROM werkgebied.mdos c WHERE c.swv_id = platform.current_swv()
	                   AND c.source_system = $1 AND c.external_id = i.external_id LIMIT 1) cur ON true
), con AS (
	SELECT s.*,
	       CASE WHEN s.cur_id IS NULL AND s.new_leerling IS NOT NULL AND s.datum IS NOT NULL
	            THEN werkgebied.consent_for(s.new_leerling, 'mdo', s.datum) END AS toestemming_id
	FROM src s
), chk AS (
	SELECT c.*, e.f AS err_field, e.m AS err_message
	FROM con c
	LEFT JOIN LATERAL (SELECT * FROM (VALUES
		{{pupil_errors}},
		(4, 'datum', CASE WHEN c.cur_id IS NOT NULL AND c.datum <> c.cur_datum
			THEN 'an MDO is not changed after the fact: only deelnemers and kind_deelgenomen are updated' END),
		(5, 'niveau', CASE WHEN c.cur_id IS NOT NULL AND c.niveau <> c.cur_niveau
			THEN 'an MDO is not changed after the fact: only deelnemers and kind_deelgenomen are updated' END),
		(6, 'uitkomst', CASE WHEN c.cur_id IS NOT NULL AND c.uitkomst IS NOT NULL
			AND (c.uitkomst, c.plaatsing, c.plaatsing_weken) IS DISTINCT FROM (c.cur_uitkomst, c.cur_plaatsing, c.cur_weken)
			THEN 'an MDO is not changed after the fact: only deelnemers and kind_deelgenomen are updated' END),
		(7, 'datum', CASE WHEN c.cur_id IS NULL AND c.datum IS NULL THEN 'is required for a new MDO' END),
		(8, 'niveau', CASE WHEN c.cur_id IS NULL AND c.niveau IS NULL THEN 'is required for a new MDO' END),
		(9, 'deelnemers', CASE WHEN c.cur_id IS NULL AND c.deelnemers IS NULL THEN 'is required for a new MDO' END),
		(10, 'uitkomst', CASE WHEN c.cur_id IS NULL AND c.uitkomst IS NULL THEN 'is required for a new MDO' END),
		(11, 'niveau', CASE WHEN c.cur_id IS NULL AND c.niveau IS NOT NULL
			AND NOT werkgebied.lijst_waarde_active(platform.current_swv(), 'mdo_niveau', c.niveau)
			THEN 'is not an active mdo_niveau of this tenant (ListLijstWaarden)' END),
		(12, c.pupil_field, CASE WHEN c.cur_id IS NULL AND c.new_leerling IS NOT NULL AND c.datum IS NOT NULL
			AND c.toestemming_id IS NULL
			THEN 'no parental consent for mdo for the pupil on ' || c.datum || ' (RecordToestemming)' END)
	) v(n, f, m) WHERE v.m IS NOT NULL ORDER BY v.n LIMIT 1) e ON true
), upd AS (
	UPDATE werkgebied.mdos t
	SET deelnemers = coalesce(c.deelnemers, t.deelnemers),
	    kind_deelgenomen = coalesce(c.kind_deelgenomen, t.kind_deelgenomen)
	FROM chk c
	WHERE c.err_field IS NULL AND c.cur_id IS NOT NULL AND t.swv_id = platform.current_swv() AND t.id = c.cur_id
	  AND (t.deelnemers, t.kind_deelgenomen)
	      IS DISTINCT FROM (coalesce(c.deelnemers, t.deelnemers), coalesce(c.kind_deelgenomen, t.kind_deelgenomen))
	RETURNING t.id, t.external_id, false AS created
), ins AS (
	INSERT INTO werkgebied.mdos AS t (swv_id, id, leerling_id, school_id, werkgebied_id, niveau, datum, deelnemers,
	                                  kind_deelgenomen, uitkomst, plaatsing, plaatsing_weken, toestemming_id,
	                                  source_system, external_id)
	SELECT platform.current_swv(), gen_random_uuid(), c.new_leerling, c.new_school, c.new_werkgebied, c.niveau, c.datum,
	       c.deelnemers, coalesce(c.kind_deelgenomen, false), c.uitkomst, c.plaatsing, c.plaatsing_weken,
	       c.toestemming_id, $1, c.external_id
{{answer}}

-- name: tellingen  params: 15
-- Pupil counts as UpsertTelling stores them, replaced whole (an empty part
-- is unknown, NULL). The natural key (school, teldatum, tel_wijze, gemeente)
-- stays unique: a count of that key stored without a school system's key
-- (UpsertTelling, the import) is adopted by the record; one of another key
-- is an error on teldatum, as two records of one chunk with the same natural
-- key are. Not pupil-level: the audit row names the counts.
-- $1 source_system
-- $2 idx  int[]
-- $3 external_id  text[]
-- $4 school_id  text[]
-- $5 brin  text[]
-- $6 vestiging  text[]
-- $7 teldatum  date[]
-- $8 tel_wijze  text[]: schoolgaand (default) or woonachtig
-- $9 gemeente_id  text[]
-- $10 gemeente  text[]: the gemeente's name (valid on teldatum, else the latest)
-- $11 aantal  int[]
-- $12 onder_8  int[]
-- $13 so_categorie_1  int[]
-- $14 so_categorie_2  int[]
-- $15 so_categorie_3  int[]
WITH inp AS (
	SELECT u.idx, u.external_id, u.school_id, u.brin, u.vestiging, u.teldatum,
	       coalesce(u.tel_wijze, 'schoolgaand') AS tel_wijze, u.gemeente_id, u.gemeente, u.aantal, u.onder_8, u.c1, u.c2,
	       u.c3
	FROM unnest($2::int[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::date[], $8::text[], $9::uuid[],
	            $10::text[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[])
		AS u(idx, external_id, school_id, brin, vestiging, teldatum, tel_wijze, gemeente_id, gemeente, aantal, onder_8,
		     c1, c2, c3)
), src AS (
	SELECT i.*, i.school_id IS NOT NULL OR i.brin IS NOT NULL AS school_named,
	       coalesce(sid.id, sbr.id) AS new_school,
	       coalesce(gid.id, (SELECT bestuur.import_gemeente(i.gemeente, i.teldatum) WHERE i.gemeente IS NOT NULL))
	           AS new_gemeente,
	       cur.id AS key_id, cur.school_id AS cur_school
	FROM inp i
	LEFT JOIN bestuur.scholen sid ON sid.swv_id = platform.current_swv() AND sid.id = i.school_id
	LEFT JOIN bestuur.scholen sbr ON sbr.swv_id = platform.current_swv() AND i.school_id IS NULL
		AND sbr.brin = i.brin AND sbr.vestiging = coalesce(i.vestiging, '00')
	LEFT JOIN bestuur.gemeenten gid ON gid.swv_id = platform.current_swv() AND gid.id = i.gemeente_id
	LEFT JOIN LATERAL (SELECT * FROM bestuur.tellingen c WHERE c.swv_id = platform.current_swv()
	                   AND c.source_system = $1 AND c.external_id = i.external_id LIMIT 1) cur ON true
), nat AS (
	SELECT s.*, coalesce(s.new_school, s.cur_school) AS eff_school, n.id AS nat_id, n.external_id AS nat_external_id,
	       n.source_system AS nat_source,
	       row_number() OVER (PARTITION BY coalesce(s.new_school, s.cur_school), s.teldatum, s.tel_wijze, s.new_gemeente
	                          ORDER BY s.idx) AS nat_n
	FROM src s
	LEFT JOIN bestuur.tellingen n ON n.swv_id = platform.current_swv() AND n.school_id = coalesce(s.new_school, s.cur_school)
		AND n.teldatum = s.teldatum AND n.tel_wijze = s.tel_wijze
		AND coalesce(n.gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid)
		    = coalesce(s.new_gemeente, '00000000-0000-0000-0000-000000000000'::uuid)
), chk AS (
	SELECT c.*, e.f AS err_field, e.m AS err_message,
	       coalesce(c.key_id, CASE WHEN c.nat_external_id IS NULL THEN c.nat_id END) AS cur_id,
	       NULL::uuid AS new_leerling, NULL::uuid AS cur_leerling
	FROM nat c
	LEFT JOIN LATERAL (SELECT * FROM (VALUES
		(1, CASE WHEN c.school_id IS NOT NULL THEN 'school_id' ELSE 'brin' END,
			CASE WHEN c.school_named AND c.new_school IS NULL THEN 'no such school in this tenant' END),
		(2, 'school_id', CASE WHEN NOT c.school_named AND c.key_id IS NULL
			THEN 'a new telling needs its school (school_id, or brin and vestiging)' END),
		(3, CASE WHEN c.gemeente_id IS NOT NULL THEN 'gemeente_id' ELSE 'gemeente' END,
			CASE WHEN (c.gemeente_id IS NOT NULL OR c.gemeente IS NOT NULL) AND c.new_gemeente IS NULL
			     THEN 'no such gemeente in this tenant' END),
		(4, 'teldatum', CASE WHEN c.nat_n > 1
			THEN 'another record of this chunk counts the same school, teldatum, tel_wijze and gemeente' END),
		(5, 'teldatum', CASE WHEN c.nat_id IS NOT NULL AND c.nat_id IS DISTINCT FROM c.key_id
			AND (c.key_id IS NOT NULL OR c.nat_external_id IS NOT NULL)
			THEN 'the school has a count for this teldatum, tel_wijze and gemeente already'
			     || coalesce(' (external_id ' || c.nat_external_id || ' of ' || c.nat_source || ')', '') END)
	) v(n, f, m) WHERE v.m IS NOT NULL ORDER BY v.n LIMIT 1) e ON true
), upd AS (
	UPDATE bestuur.tellingen t
	SET school_id = c.eff_school, teldatum = c.teldatum, tel_wijze = c.tel_wijze, gemeente_id = c.new_gemeente,
	    aantal = c.aantal, onder_8 = c.onder_8, so_categorie_1 = c.c1, so_categorie_2 = c.c2, so_categorie_3 = c.c3,
	    source_system = $1, external_id = c.external_id
	FROM chk c
	WHERE c.err_field IS NULL AND c.cur_id IS NOT NULL AND t.swv_id = platform.current_swv() AND t.id = c.cur_id
	  AND (t.school_id, t.teldatum, t.tel_wijze, t.gemeente_id, t.aantal, t.onder_8, t.so_categorie_1, t.so_categorie_2,
	       t.so_categorie_3, t.source_system, t.external_id)
	      IS DISTINCT FROM (c.eff_school, c.teldatum, c.tel_wijze, c.new_gemeente, c.aantal, c.onder_8, c.c1, c.c2, c.c3,
	                        $1, c.external_id)
	RETURNING t.id, t.external_id, false AS created
), ins AS (
	INSERT INTO bestuur.tellingen AS t (swv_id, id, school_id, teldatum, tel_wijze, gemeente_id, aantal, onder_8,
	                                    so_categorie_1, so_categorie_2, so_categorie_3, source_system, external_id)
	SELECT platform.current_swv(), gen_random_uuid(), c.eff_school, c.teldatum, c.tel_wijze, c.new_gemeente, c.aantal,
	       c.onder_8, c.c1, c.c2, c.c3, $1, c.external_id
{{answer}}
