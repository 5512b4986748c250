-- 0030_feed_retention: the change feed's outbox does not grow forever
-- (docs/decisions.md D53). platform.feed_purge (sql/functions/
-- platform_retention.sql, run by the retention purge) deletes a tenant's
-- settled changes older than feed_retention_s, always a prefix in cursor
-- order, and records here the cursor of the newest change it deleted: a
-- WatchChanges resumed from a cursor before that horizon has lost changes
-- and is ended with OUT_OF_RANGE (resync, then follow from now).

CREATE TABLE feed.purged (
	swv_id    uuid PRIMARY KEY REFERENCES platform.tenants (id),
	txid      xid8 NOT NULL,          -- the horizon: every change at or before
	id        bigint NOT NULL,        -- (txid, id) was deleted, every later one is kept
	purged_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE feed.purged IS 'per tenant: the cursor up to which feed.changes was purged (D53)';

-- Every role that may follow the feed reads its tenant's horizon; only the
-- purge (the owner, SECURITY DEFINER, per tenant) writes it.
SELECT platform.tenant_rls('feed.purged');
CREATE POLICY purged_read ON feed.purged FOR SELECT TO passend_bestuur, passend_werkgebied, passend_school
	USING (swv_id = platform.current_swv());
GRANT SELECT ON feed.purged TO passend_bestuur, passend_werkgebied, passend_school;
DO $$
BEGIN
	EXECUTE format('CREATE POLICY purged_owner ON feed.purged TO %I '
	               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
	               current_user);
END
$$;
