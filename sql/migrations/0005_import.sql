-- 0005_import: CSV import staging (docs/import.md). StartImport creates a
-- batch (owned by the tenant and the token that started it), ImportChunk
-- stores parsed rows (fields in the kind's canonical column order, already
-- format-checked by the server) and per-field format errors, FinishImport
-- calls bestuur.import_finish: set-based validation of references and
-- duplicates, then an upsert on the natural key of every row, or nothing.

CREATE TABLE bestuur.import_batches (
	swv_id           uuid NOT NULL DEFAULT platform.current_swv() REFERENCES platform.tenants (id),
	id               uuid NOT NULL,
	kind             text NOT NULL CHECK (kind IN ('besturen', 'scholen', 'werkgebieden', 'gemeenten',
	                                               'tellingen', 'tlvs')),
	file_name        text NOT NULL DEFAULT '' CHECK (length(file_name) <= 500),
	header           text[] NOT NULL,
	created_by_token uuid NOT NULL DEFAULT platform.current_token(),
	created_at       timestamptz NOT NULL DEFAULT now(),
	state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'committed', 'failed', 'validated')),
	rows_received    bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (swv_id, id)
);

CREATE TABLE bestuur.import_rows (
	swv_id    uuid NOT NULL,
	import_id uuid NOT NULL,
	line      bigint NOT NULL,
	fields    text[] NOT NULL,
	PRIMARY KEY (swv_id, import_id, line),
	FOREIGN KEY (swv_id, import_id) REFERENCES bestuur.import_batches (swv_id, id) ON DELETE CASCADE
);

-- format errors found while parsing chunks, and (in import_finish) the
-- set-based ones; empty after every finish
CREATE TABLE bestuur.import_errors (
	swv_id    uuid NOT NULL,
	import_id uuid NOT NULL,
	line      bigint NOT NULL,
	col       text NOT NULL,
	message   text NOT NULL,
	FOREIGN KEY (swv_id, import_id) REFERENCES bestuur.import_batches (swv_id, id) ON DELETE CASCADE
);
CREATE INDEX import_errors_batch_idx ON bestuur.import_errors (swv_id, import_id, line);

SELECT platform.tenant_rls('bestuur.import_batches', 'bestuur.import_rows', 'bestuur.import_errors');

-- bestuur only; a batch is visible to the token that started it
CREATE POLICY import_batches_bestuur ON bestuur.import_batches TO passend_bestuur
	USING (swv_id = platform.current_swv() AND created_by_token = platform.current_token())
	WITH CHECK (swv_id = platform.current_swv() AND created_by_token = platform.current_token());
CREATE POLICY import_rows_bestuur ON bestuur.import_rows TO passend_bestuur
	USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv() AND EXISTS (
		SELECT 1 FROM bestuur.import_batches b WHERE b.swv_id = import_rows.swv_id AND b.id = import_rows.import_id));
CREATE POLICY import_errors_bestuur ON bestuur.import_errors TO passend_bestuur
	USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv() AND EXISTS (
		SELECT 1 FROM bestuur.import_batches b WHERE b.swv_id = import_errors.swv_id AND b.id = import_errors.import_id));
GRANT SELECT, INSERT, UPDATE, DELETE ON bestuur.import_batches, bestuur.import_rows, bestuur.import_errors
	TO passend_bestuur;
-- what the upserts need beyond the grants of 0002 and 0004
GRANT UPDATE (name) ON werkgebied.werkgebieden TO passend_bestuur;
GRANT UPDATE ON bestuur.tellingen TO passend_bestuur;

-- bestuur.import_finish and its helper bestuur.import_gemeente are
-- sql/functions/bestuur_import.sql (D46).
