-- 0001_platform: the platform schema (tenants, accounts, tokens and the audit
-- log follow in later migrations) and the table recording applied migrations.
-- passendd's migrator creates the same table before the first migration so it
-- can record this one; IF NOT EXISTS keeps both paths equal.
CREATE SCHEMA IF NOT EXISTS platform;
COMMENT ON SCHEMA platform IS 'passend platform data: tenants, accounts, tokens, audit log, migrations';
REVOKE ALL ON SCHEMA platform FROM PUBLIC;

CREATE TABLE IF NOT EXISTS platform.schema_migrations (
	version    integer PRIMARY KEY CHECK (version > 0),
	name       text NOT NULL,
	checksum   text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
	applied_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE platform.schema_migrations IS 'one row per applied sql/migrations/NNNN_name.sql, with its SHA-256';
