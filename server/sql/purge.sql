-- purge: retention's one statement (server/purge.c, docs/decisions.md D37),
-- sent without a principal by passendd serve's purge timer (prepared on every
-- connection through purge_service) and by `passendd purge` over a blocking
-- connection. platform.retention_purge (sql/functions/platform_retention.sql)
-- decides what is due from each tenant's retention_months; the caller gives
-- only the age of abandoned import batches and how many pupils per tenant one
-- run purges. Rows are read by column name.

-- name: run  params: 2
-- One row per tenant where something was purged or its purge failed.
-- $1 import_age_s
-- $2 max_pupils
SELECT tenant_id, pupils, rows_changed, import_batches, error
FROM platform.retention_purge($1::integer, $2::integer)

-- name: feed  params: 1
-- The change feed's outbox (platform.feed_purge): one row per tenant whose
-- changes older than $1 seconds were deleted, with the new horizon.
-- $1 feed_retention_s
SELECT tenant_id, changes, horizon FROM platform.feed_purge($1::integer)
