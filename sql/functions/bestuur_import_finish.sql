-- bestuur.import_finish: validating and writing a staged CSV import
-- (docs/import.md), all rows or none, for every kind: the batch, its
-- errors, the dry run and the counts are here; what a kind checks over the
-- whole file and how it upserts is its own finish function (the batch's
-- `finish`, named by the kind's import_kind in svc/<area>.c, D41), called
-- with write false and then, without errors and unless a dry run, true.

-- Validate and (unless p_dry_run or there are errors) write the staged rows
-- of batch p_id. Returns the errors (line, col, message; at most 1000,
-- sorted by line) or, without errors, one row with line NULL and the
-- counts. Staging rows are deleted in every case. Raises P0002 for a batch
-- that does not exist, belongs to another token or is already finished.
CREATE OR REPLACE FUNCTION bestuur.import_finish(p_id uuid, p_dry_run boolean)
RETURNS TABLE (line bigint, col text, message text, n_inserted bigint, n_updated bigint, n_unchanged bigint)
LANGUAGE plpgsql AS
$$
DECLARE
	b bestuur.import_batches;
	swv uuid := platform.current_swv();
	n_total bigint;
	n_ins bigint := 0;
	n_upd bigint := 0;
	fn regproc;
BEGIN
	SELECT * INTO b FROM bestuur.import_batches ib WHERE ib.swv_id = swv AND ib.id = p_id FOR UPDATE;
	IF NOT FOUND OR b.state <> 'open' THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'import_id: no open import with this id';
	END IF;
	-- a batch started before 0020 names no function: the bestuur kinds'
	fn := coalesce(b.finish, 'bestuur.import_' || b.kind)::regproc;
	SELECT count(*) INTO n_total FROM bestuur.import_rows ir WHERE ir.swv_id = swv AND ir.import_id = p_id;

	EXECUTE format('SELECT * FROM %s($1, false)', fn) USING b;

	IF EXISTS (SELECT 1 FROM bestuur.import_errors e WHERE e.swv_id = swv AND e.import_id = p_id) THEN
		RETURN QUERY SELECT e.line, e.col, e.message, 0::bigint, 0::bigint, 0::bigint
			FROM bestuur.import_errors e WHERE e.swv_id = swv AND e.import_id = p_id
			ORDER BY e.line, e.col, e.message LIMIT 1000;
		DELETE FROM bestuur.import_rows ir WHERE ir.swv_id = swv AND ir.import_id = p_id;
		DELETE FROM bestuur.import_errors e WHERE e.swv_id = swv AND e.import_id = p_id;
		UPDATE bestuur.import_batches ib SET state = 'failed' WHERE ib.swv_id = swv AND ib.id = p_id;
		RETURN;
	END IF;
	IF p_dry_run THEN
		DELETE FROM bestuur.import_rows ir WHERE ir.swv_id = swv AND ir.import_id = p_id;
		UPDATE bestuur.import_batches ib SET state = 'validated' WHERE ib.swv_id = swv AND ib.id = p_id;
		RETURN QUERY SELECT NULL::bigint, NULL::text, NULL::text, 0::bigint, 0::bigint, n_total;
		RETURN;
	END IF;

	EXECUTE format('SELECT * FROM %s($1, true)', fn) USING b INTO n_ins, n_upd;

	DELETE FROM bestuur.import_rows ir WHERE ir.swv_id = swv AND ir.import_id = p_id;
	UPDATE bestuur.import_batches ib SET state = 'committed' WHERE ib.swv_id = swv AND ib.id = p_id;
	RETURN QUERY SELECT NULL::bigint, NULL::text, NULL::text, n_ins, n_upd, n_total - n_ins - n_upd;
END
$$;
REVOKE ALL ON FUNCTION bestuur.import_finish(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.import_finish(uuid, boolean) TO passend_bestuur;
