-- 0029_sync_upsert_kinds: the school system's key on the other objects it
-- owns (issue 11 point 1, docs/decisions.md D53), so that Sync/UpsertRecords
-- (server/sql/sync_upsert.sql) can upsert them by (source_system,
-- external_id) as it does pupils: support requests, MDOs (with their
-- participants) and pupil counts. Rows written by the other methods and the
-- imports keep both NULL (no key: never matched by an upsert).

-- ---- support requests --------------------------------------------------------------
-- An upsert changes the description and the category of a request it
-- recorded; the pupil and ingediend_op (the consent was checked on them) stay.
ALTER TABLE werkgebied.ondersteuningsvragen
	ADD COLUMN source_system text CHECK (length(source_system) BETWEEN 1 AND 100),
	ADD COLUMN external_id text CHECK (length(external_id) BETWEEN 1 AND 200),
	ADD CONSTRAINT ondersteuningsvragen_external_key CHECK ((source_system IS NULL) = (external_id IS NULL));
CREATE UNIQUE INDEX ondersteuningsvragen_external_idx
	ON werkgebied.ondersteuningsvragen (swv_id, source_system, external_id);
GRANT UPDATE (omschrijving, ondersteuningscategorie)
	ON werkgebied.ondersteuningsvragen TO passend_bestuur, passend_werkgebied, passend_school;

-- ---- MDOs --------------------------------------------------------------------------
-- An MDO is not changed after the fact (D34); an upsert may correct who took
-- part (deelnemers, kind_deelgenomen) of an MDO it recorded.
ALTER TABLE werkgebied.mdos
	ADD COLUMN source_system text CHECK (length(source_system) BETWEEN 1 AND 100),
	ADD COLUMN external_id text CHECK (length(external_id) BETWEEN 1 AND 200),
	ADD CONSTRAINT mdos_external_key CHECK ((source_system IS NULL) = (external_id IS NULL));
CREATE UNIQUE INDEX mdos_external_idx ON werkgebied.mdos (swv_id, source_system, external_id);
GRANT UPDATE (deelnemers, kind_deelgenomen) ON werkgebied.mdos
	TO passend_bestuur, passend_werkgebied, passend_school;

-- ---- pupil counts ------------------------------------------------------------------
-- The natural key (school, teldatum, tel_wijze, gemeente) stays unique: a
-- count keyed by the school system and one without a key cannot both count
-- the same thing (the upsert adopts an unkeyed one). bestuur already has
-- UPDATE on the table (0005).
ALTER TABLE bestuur.tellingen
	ADD COLUMN source_system text CHECK (length(source_system) BETWEEN 1 AND 100),
	ADD COLUMN external_id text CHECK (length(external_id) BETWEEN 1 AND 200),
	ADD CONSTRAINT tellingen_external_key CHECK ((source_system IS NULL) = (external_id IS NULL));
CREATE UNIQUE INDEX tellingen_external_idx ON bestuur.tellingen (swv_id, source_system, external_id);

-- ---- answers and audited ids: stored as they are ----------------------------------
-- An UpsertRecords answer and its audit row are mostly random ids (up to
-- 5,000 per chunk): pglz tried to compress both on every chunk and gave up
-- (they were stored at full length anyway), 2-4 % of a chunk's time (D53).
ALTER TABLE platform.request_ledger ALTER COLUMN response SET STORAGE EXTERNAL;
ALTER TABLE platform.audit_log ALTER COLUMN object_ids SET STORAGE EXTERNAL;
