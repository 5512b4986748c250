-- 0020_import_kinds: import kinds are registered by their areas (D41): a
-- batch's kind is any name a server area declares (no fixed list here), and
-- the batch names the kind's SQL finish function that bestuur.import_finish
-- calls (text, not regproc: pg_upgrade refuses reg* columns; the dispatcher
-- casts it, so a function that does not exist fails the finish).
ALTER TABLE bestuur.import_batches DROP CONSTRAINT import_batches_kind_check;
ALTER TABLE bestuur.import_batches ADD CONSTRAINT import_batches_kind_check
	CHECK (kind ~ '^[a-z][a-z0-9_]{0,39}$');
ALTER TABLE bestuur.import_batches ADD COLUMN finish text
	CONSTRAINT import_batches_finish_check CHECK (finish ~ '^[a-z_]+\.import_[a-z0-9_]+$');

-- Historical arrangements are imported with the number they have in the
-- system they come from: the import's natural key (unique per tenant).
ALTER TABLE werkgebied.arrangementen ADD COLUMN nummer text
	CONSTRAINT arrangementen_nummer_check CHECK (length(nummer) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX arrangementen_nummer ON werkgebied.arrangementen (swv_id, nummer) WHERE nummer IS NOT NULL;
-- an imported arrangement's one event is the step 'import' (from nothing to
-- its state, on its startdatum, naming the file and line)
ALTER TABLE werkgebied.arrangement_events DROP CONSTRAINT arrangement_events_step_check,
	ADD CONSTRAINT arrangement_events_step_check CHECK (step IN ('request', 'grant', 'start', 'evaluate', 'extend',
	                                                             'end', 'reject', 'withdraw', 'import'));
