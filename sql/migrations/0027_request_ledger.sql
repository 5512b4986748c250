-- 0027_request_ledger: the request ledger of issue 11 (docs/decisions.md D49):
-- every mutating call that carries a request_id (the request's field, else
-- the `passend-request-id` metadata) claims (token, request_id) in the same
-- transaction as its write and stores its answer there before it commits, so
-- a repeat returns the first answer, also after a restart of passendd, and a
-- reuse of the id for a different request is refused. Keyed by the token,
-- not the tenant: two systems of one tenant cannot collide on their ids, and
-- one principal can never read another's answer.

CREATE TABLE platform.request_ledger (
	token_id     uuid NOT NULL,
	request_id   text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 200),
	swv_id       uuid,                        -- NULL for an admin's calls
	method       text NOT NULL,               -- the gRPC :path
	request_hash bytea NOT NULL CHECK (length(request_hash) = 32), -- SHA-256 of method + request
	response     bytea,                       -- the serialized answer; set before the commit
	created_at   timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT request_ledger_pkey PRIMARY KEY (token_id, request_id)
);
CREATE INDEX request_ledger_created_idx ON platform.request_ledger (created_at);
COMMENT ON TABLE platform.request_ledger IS 'answers of mutating calls by (token, request_id): repeats return the first (D49)';

SELECT platform.tenant_rls('platform.request_ledger');
-- Each principal sees and writes only its own token's rows, in its own tenant.
CREATE POLICY request_ledger_own ON platform.request_ledger
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school
	USING (token_id = platform.current_token())
	WITH CHECK (token_id = platform.current_token() AND swv_id IS NOT DISTINCT FROM platform.current_swv());
GRANT SELECT, INSERT (token_id, request_id, swv_id, method, request_hash), UPDATE (response)
	ON platform.request_ledger
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

-- ---- pupils: updated by their school system's key (Sync/UpsertRecords) -------------
-- A pupil was written once (CreateLeerling, the import); the batch upsert
-- changes a known pupil's school and attributes by (source_system,
-- external_id). The row policies of 0002/0009 hold for UPDATE as well (a
-- school its own pupils, a consulent her werkgebieden's); werkgebied_id
-- follows the school through the trigger and foreign key of 0009.
GRANT UPDATE (school_id, werkgebied_id, national_id_hash, geboortejaar, geslacht)
	ON werkgebied.leerlingen TO passend_bestuur, passend_werkgebied, passend_school;

-- The retention purge (sql/functions/platform_retention.sql, owner's rights)
-- deletes answers older than purge_import_age_s: they may name pupils.
DO $$
BEGIN
	EXECUTE format('CREATE POLICY request_ledger_owner_retention ON platform.request_ledger FOR DELETE TO %I '
	               'USING (true)', current_user);
END
$$;
