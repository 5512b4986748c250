-- migrate: what `passendd migrate` and the start-up schema check send
-- (server/migrate.c) over a blocking connection before any pool exists,
-- besides the migration and function files' own text (that text is the
-- file's, not a catalogue statement: docs/decisions.md D25). Never prepared
-- by a pool; rows are read by column name.

-- name: lock  params: 0
-- A session advisory lock keeps two migrators apart; the key is an
-- arbitrary constant ("passend migrate").
SELECT pg_advisory_lock(7243510451)

-- name: unlock  params: 0
-- The session lock ends with the session; unlocked for clarity.
SELECT pg_advisory_unlock_all()

-- name: create_schema  params: 0
CREATE SCHEMA IF NOT EXISTS platform

-- name: create_migrations  params: 0
-- The record of applied migrations, before the first migration runs.
CREATE TABLE IF NOT EXISTS platform.schema_migrations (
	version    integer PRIMARY KEY CHECK (version > 0),
	name       text NOT NULL,
	checksum   text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
	applied_at timestamptz NOT NULL DEFAULT now()
)

-- name: table_exists  params: 1
-- $1 table
SELECT to_regclass($1) IS NOT NULL AS present

-- name: migrations  params: 0
SELECT version, name, checksum FROM platform.schema_migrations ORDER BY version

-- name: functions  params: 0
SELECT 0 AS version, name, checksum FROM platform.schema_functions ORDER BY name

-- name: begin  params: 0
-- Each file and its record in one transaction.
BEGIN

-- name: commit  params: 0
COMMIT

-- name: rollback  params: 0
ROLLBACK

-- name: record_migration  params: 3
-- $1 version
-- $2 name
-- $3 checksum
INSERT INTO platform.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)

-- name: record_function  params: 2
-- $1 name
-- $2 checksum
INSERT INTO platform.schema_functions (name, checksum) VALUES ($1, $2)
ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()

-- name: forget_function  params: 1
-- A function file that is gone: its functions stay until a migration drops them.
-- $1 name
DELETE FROM platform.schema_functions WHERE name = $1
