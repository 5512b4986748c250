-- audit_event: the statement of passend.v1.Tenancy's ListAuditEvents
-- (svc/audit_event.c). Rows are AuditEvent messages by column name. The
-- rows themselves are written by server/audit.c (server/sql/audit.sql).

-- name: list  params: 5
-- Newest first, paged by id. Row level security limits bestuur to its own
-- tenant; tenant_id narrows further (the check gives bestuur its own).
-- $1 tenant_id
-- $2 method
-- $3 since
-- $4 page_after
-- $5 page_limit
SELECT id, at, swv_id AS tenant_id, token_id, role, method, object_ids, outcome, peer
FROM platform.audit_log
WHERE ($1 = '' OR swv_id = NULLIF($1, '')::uuid) AND ($2 = '' OR method = $2)
	AND ($3 = '' OR at >= NULLIF($3, '')::timestamptz) AND ($4 = '' OR id < NULLIF($4, '')::bigint)
ORDER BY id DESC LIMIT $5::int
