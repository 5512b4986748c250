-- audit: the one statement that writes platform.audit_log (server/audit.c,
-- docs/decisions.md D22), prepared on every connection through
-- audit_service.

-- name: row  params: 4
-- The principal columns come from the transaction's settings (column
-- defaults), checked by the table's policy. The object ids are those the
-- work's statements published in passend.audit_ids, else $2; when both are
-- NULL no row is written (a Get that found nothing: its failure row
-- follows).
-- $1 method
-- $2 object_ids
-- $3 outcome
-- $4 peer
INSERT INTO platform.audit_log (method, object_ids, outcome, peer)
SELECT $1, ids, $3::int, $4
FROM (SELECT coalesce(NULLIF(current_setting('passend.audit_ids', true), '')::text[], $2::text[]) AS ids) a
WHERE ids IS NOT NULL
