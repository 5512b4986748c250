-- platform.retention_purge: retention (DOMAIN.md §9, docs/decisions.md
-- D37). For every tenant with retention_months set, the pupils whose
-- support ended more than that many months ago are purged through the
-- registry platform.retention_tables (0013_db_trust.sql): each pupil-level
-- table says when a pupil's support ended (its support view) and purges or
-- de-identifies its own rows (its purge function), the pupil row goes last.
-- What the reports count stays (a TLV stays, without its pupil). Import
-- batches that were never committed and are older than p_import_age_s go
-- too, for every tenant (their staged rows may hold pupil data), and so do
-- the request ledger's stored answers of that age (D49). Each
-- purge writes an audit row of its own: method /passendd.Retention/
-- PurgePupils (the pupils and the rows changed) or PurgeImports (the
-- batches), no token, no role.
-- Runs with the owner's rights under its per-tenant policies (it sets
-- passend.swv_id per tenant) and takes no decision from its caller beyond
-- the batch age (at least an hour) and how many pupils per tenant
-- (p_max_pupils, 1..100000) one call purges: passendd's login role may run
-- it (passendd serve on its timer, `passendd purge` from cron). Two
-- concurrent calls: the second returns nothing (advisory lock). A tenant
-- whose purge fails (e.g. a pupil-level table that is not registered) is
-- rolled back alone and reported with the error; the others go on.
-- One row per tenant where something was purged or failed.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION platform.retention_purge(p_import_age_s integer, p_max_pupils integer)
RETURNS TABLE (tenant_id uuid, pupils integer, rows_changed integer, import_batches integer, error text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
#variable_conflict use_column
DECLARE
	ten record;
	reg record;
	support text;
	due uuid[];
	changed uuid[];
	ids uuid[];
	batches uuid[];
	age interval := make_interval(secs => greatest(coalesce(p_import_age_s, 0), 3600));
	lim integer := least(greatest(coalesce(p_max_pupils, 1000), 1), 100000);
BEGIN
	IF NOT pg_try_advisory_xact_lock(7243510452) THEN -- "passend retention"; another run is busy
		RETURN;
	END IF;
	-- one UNION ALL of every registered support view
	SELECT string_agg(format('SELECT s.leerling_id, s.open, s.ended FROM %s s WHERE s.swv_id = $1',
	                         r.support_view), ' UNION ALL ' ORDER BY r.purge_order)
	INTO support FROM platform.retention_tables r WHERE r.support_view IS NOT NULL;
	FOR ten IN SELECT t.id, t.retention_months FROM platform.tenants t ORDER BY t.id LOOP
		due := '{}';
		changed := '{}';
		batches := '{}';
		BEGIN
			PERFORM set_config('passend.swv_id', ten.id::text, true);
			IF ten.retention_months IS NOT NULL THEN
				-- support ended: no record open, on the latest end (none: the day the
				-- pupil was created), before the retention horizon
				EXECUTE format(
					'SELECT coalesce(array_agg(d.id ORDER BY d.id), ''{}'') FROM ('
					'  SELECT l.id FROM werkgebied.leerlingen l LEFT JOIN (%s) s ON s.leerling_id = l.id'
					'  WHERE l.swv_id = $1 GROUP BY l.id'
					'  HAVING NOT coalesce(bool_or(s.open), false)'
					'     AND coalesce(max(s.ended), min(l.created_at)::date) < $2'
					'  ORDER BY l.id LIMIT $3) d',
					coalesce(support, 'SELECT NULL::uuid AS leerling_id, NULL::boolean AS open, NULL::date AS ended '
					                  'WHERE $1 IS NULL'))
				INTO due
				USING ten.id, (current_date - make_interval(months => ten.retention_months))::date, lim;
				IF cardinality(due) > 0 THEN
					FOR reg IN SELECT r.purge_function FROM platform.retention_tables r ORDER BY r.purge_order LOOP
						EXECUTE format('SELECT %s($1, $2)', reg.purge_function) INTO ids USING ten.id, due;
						changed := changed || coalesce(ids, '{}');
					END LOOP;
					INSERT INTO platform.audit_log (swv_id, token_id, role, method, object_ids, outcome, peer)
					VALUES (ten.id, NULL, NULL, '/passendd.Retention/PurgePupils', (due || changed)::text[], 0, '');
				END IF;
			END IF;
			WITH d AS (
				DELETE FROM bestuur.import_batches b
				WHERE b.swv_id = ten.id AND b.state <> 'committed' AND b.created_at < now() - age
				RETURNING b.id)
			SELECT coalesce(array_agg(d.id ORDER BY d.id), '{}') INTO batches FROM d;
			IF cardinality(batches) > 0 THEN
				INSERT INTO platform.audit_log (swv_id, token_id, role, method, object_ids, outcome, peer)
				VALUES (ten.id, NULL, NULL, '/passendd.Retention/PurgeImports', batches::text[], 0, '');
			END IF;
			IF cardinality(due) > 0 OR cardinality(batches) > 0 THEN
				tenant_id := ten.id;
				pupils := cardinality(due);
				rows_changed := cardinality(changed);
				import_batches := cardinality(batches);
				error := NULL;
				RETURN NEXT;
			END IF;
		EXCEPTION WHEN OTHERS THEN
			tenant_id := ten.id;
			pupils := 0;
			rows_changed := 0;
			import_batches := 0;
			error := format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE);
			RETURN NEXT;
		END;
	END LOOP;
	PERFORM set_config('passend.swv_id', '', true);
	-- the request ledger's answers (D49) are kept as long as abandoned import
	-- batches: a repeat is answered within that time; they may name pupils
	DELETE FROM platform.request_ledger l WHERE l.created_at < now() - age;
END
$$;
REVOKE ALL ON FUNCTION platform.retention_purge(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.retention_purge(integer, integer) TO passend_app;

-- platform.feed_purge: retention of the change feed's outbox (feed.changes,
-- D50, D53). For every tenant, the settled changes (their transaction older
-- than every running one) made more than p_age_s seconds ago (at least an
-- hour) are deleted as a prefix in cursor order: the newest such change is
-- the horizon, every change at or before it goes (a change of an older
-- transaction made later goes with it), every later one stays. The horizon
-- is kept in feed.purged; WatchChanges ends a stream resumed from a cursor
-- before it with OUT_OF_RANGE. The rows hold ids and decision facts that
-- stay in their own tables, so no audit row. Owner's rights under the
-- per-tenant policies; passendd's login role may run it (the purge timer,
-- `passendd purge`). One row per tenant where changes were deleted.
CREATE OR REPLACE FUNCTION platform.feed_purge(p_age_s integer)
RETURNS TABLE (tenant_id uuid, changes integer, horizon text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
#variable_conflict use_column
DECLARE
	ten record;
	h record;
	n integer;
	cutoff timestamptz := now() - make_interval(secs => greatest(coalesce(p_age_s, 0), 3600));
BEGIN
	IF NOT pg_try_advisory_xact_lock(7243510453) THEN -- "passend feed retention"; another run is busy
		RETURN;
	END IF;
	FOR ten IN SELECT t.id FROM platform.tenants t ORDER BY t.id LOOP
		PERFORM set_config('passend.swv_id', ten.id::text, true);
		SELECT c.txid, c.id INTO h FROM feed.changes c
		WHERE c.swv_id = ten.id AND c.changed_at < cutoff AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
		ORDER BY c.txid DESC, c.id DESC LIMIT 1;
		CONTINUE WHEN NOT FOUND;
		DELETE FROM feed.changes c WHERE c.swv_id = ten.id AND (c.txid, c.id) <= (h.txid, h.id);
		GET DIAGNOSTICS n = ROW_COUNT;
		INSERT INTO feed.purged AS p (swv_id, txid, id) VALUES (ten.id, h.txid, h.id)
		ON CONFLICT (swv_id) DO UPDATE SET txid = EXCLUDED.txid, id = EXCLUDED.id, purged_at = now()
			WHERE (p.txid, p.id) < (EXCLUDED.txid, EXCLUDED.id);
		tenant_id := ten.id;
		changes := n;
		horizon := h.txid::text || '.' || h.id::text;
		RETURN NEXT;
	END LOOP;
	PERFORM set_config('passend.swv_id', '', true);
END
$$;
REVOKE ALL ON FUNCTION platform.feed_purge(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.feed_purge(integer) TO passend_app;
