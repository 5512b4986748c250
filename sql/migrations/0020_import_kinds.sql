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
