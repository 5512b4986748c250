-- 0011_repeatable_functions: the record of the repeatable function files
-- (sql/functions/*.sql, docs/decisions.md D25) that `passendd migrate`
-- applies after the migrations and re-applies when their SHA-256 changes;
-- `passendd serve` refuses a database whose record differs from the files.
-- The TLV deadline has one implementation, bestuur.tlv_deadline
-- (sql/functions/bestuur_tlv_deadline.sql), which import_finish calls.
CREATE TABLE platform.schema_functions (
	name       text PRIMARY KEY CHECK (name ~ '^[a-z0-9_]+$'),
	checksum   text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
	applied_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE platform.schema_functions IS 'one row per applied sql/functions/<name>.sql, with its SHA-256';
GRANT SELECT ON platform.schema_functions TO passend_app;
