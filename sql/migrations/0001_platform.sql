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

-- ---- the standard rules of a tenant table, for the migrations (D46) ---------------
-- Every tenant-owned table has row level security ENABLEd and FORCEd (FORCE binds the
-- owner too: SECURITY DEFINER reports, purges and triggers see only what a policy
-- for the owner allows), and most share the same policies. The migrations state
-- them through these functions, so each rule is written once. Only the owner
-- running the migrations can use them (ALTER TABLE, CREATE POLICY); no server role
-- may execute them.

-- ENABLE and FORCE row level security on each table.
CREATE FUNCTION platform.tenant_rls(VARIADIC p_tables regclass[]) RETURNS void LANGUAGE plpgsql AS
$$
DECLARE
	t regclass;
BEGIN
	FOREACH t IN ARRAY p_tables LOOP
		EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
	END LOOP;
END
$$;

-- The policy <table>_bestuur on each table: the bestuur role reads and writes
-- every row of its tenant.
CREATE FUNCTION platform.bestuur_policy(VARIADIC p_tables regclass[]) RETURNS void LANGUAGE plpgsql AS
$$
DECLARE
	t regclass;
BEGIN
	FOREACH t IN ARRAY p_tables LOOP
		EXECUTE format('CREATE POLICY %I ON %s TO passend_bestuur '
		               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
		               (SELECT relname FROM pg_class WHERE oid = t) || '_bestuur', t);
	END LOOP;
END
$$;

-- The policy <table>_pupil_scope on a pupil-level table (a leerling_id column):
-- werkgebied and school read and write a row exactly when its pupil is visible
-- to them (werkgebied.leerlingen's own policies decide, read with the caller's
-- rights, so the scope follows the pupil's school and werkgebied; D20, D31).
CREATE FUNCTION platform.pupil_scope_policy(p_table regclass) RETURNS void LANGUAGE plpgsql AS
$$
DECLARE
	n name := (SELECT relname FROM pg_class WHERE oid = p_table);
	visible text;
BEGIN
	visible := format('swv_id = platform.current_swv() AND EXISTS (SELECT 1 FROM werkgebied.leerlingen l '
	                  'WHERE l.swv_id = %1$I.swv_id AND l.id = %1$I.leerling_id)', n);
	EXECUTE format('CREATE POLICY %I ON %s TO passend_werkgebied, passend_school USING (%s) WITH CHECK (%s)',
	               n || '_pupil_scope', p_table, visible, visible);
END
$$;

-- The policy p_name on p_table for the owner (the role running the migrations):
-- it reads the current tenant's rows only, for its SECURITY DEFINER reports and
-- checks (FORCE row level security binds it like any role).
CREATE FUNCTION platform.owner_read_policy(p_name name, p_table regclass) RETURNS void LANGUAGE plpgsql AS
$$
BEGIN
	EXECUTE format('CREATE POLICY %I ON %s FOR SELECT TO %I USING (swv_id = platform.current_swv())', p_name,
	               p_table, current_user);
END
$$;
REVOKE ALL ON FUNCTION platform.tenant_rls(regclass[]), platform.bestuur_policy(regclass[]),
	platform.pupil_scope_policy(regclass), platform.owner_read_policy(name, regclass) FROM PUBLIC;
