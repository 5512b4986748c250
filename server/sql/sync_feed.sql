-- sync_feed: the statements of passend.v1.Sync/WatchChanges (svc/sync_feed.c,
-- D50). They run under the stream's principal, so feed.changes' row-level
-- security decides what a principal sees. A cursor is "<txid>.<id>"; only
-- rows whose transaction is older than every transaction still running are
-- handed out (settled), in (txid, id) order, so a later commit can never land
-- behind a cursor already given.

-- name: head  params: 0
-- The newest settled position visible to the principal ("0.0" when none).
SELECT feed.head() AS cursor

-- name: page  params: 3
-- Up to $3 settled changes after the cursor ($1 txid, $2 id).
SELECT c.txid::text AS txid, c.id, c.kind, c.status, c.object_id, c.leerling_id, c.school_id, c.werkgebied_id,
       (extract(epoch FROM c.changed_at) * 1000)::bigint AS changed_ms, c.detail::text AS detail
FROM feed.changes c
WHERE c.swv_id = platform.current_swv() AND (c.txid, c.id) > ($1::xid8, $2::bigint)
  AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY c.txid, c.id
LIMIT $3::int

-- name: held  params: 0
-- Whether a committed change is visible but not settled yet (an older
-- transaction still runs): then the stream looks again shortly.
SELECT EXISTS (SELECT 1 FROM feed.changes c
               WHERE c.swv_id = platform.current_swv()
                 AND c.txid >= pg_snapshot_xmin(pg_current_snapshot())) AS held

-- name: behind  params: 2
-- Whether changes after the cursor ($1 txid, $2 id) were purged
-- (feed.purged, D53): the resumed stream has lost them. horizon: the
-- cursor of the newest purged change.
SELECT (p.txid, p.id) > ($1::xid8, $2::bigint) AS behind, p.txid::text || '.' || p.id::text AS horizon
FROM feed.purged p WHERE p.swv_id = platform.current_swv()
