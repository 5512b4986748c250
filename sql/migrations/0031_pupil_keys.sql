-- 0031_pupil_keys: a pupil row checks one foreign key, not four
-- (docs/decisions.md D59, issue 11's bulk upsert). Since 0009 the pupil's
-- (swv_id, school_id, werkgebied_key) must be its school's row in
-- bestuur.scholen (leerlingen_school_werkgebied_id_fkey, ON UPDATE CASCADE),
-- and the CHECK leerlingen_werkgebied_key_matches ties werkgebied_id to that
-- key. That one key implies the three older ones of 0002, which every
-- inserted or updated pupil still paid for (a lookup and a KEY SHARE lock of
-- the referenced row each, 37 % of PostgreSQL's time in a bulk upsert):
--   (swv_id) -> platform.tenants: the school's swv_id is the pupil's, and
--     bestuur.scholen (swv_id) references platform.tenants;
--   (swv_id, school_id) -> bestuur.scholen: the composite key names the same
--     row (werkgebied_key is NOT NULL, so it is always checked);
--   (swv_id, werkgebied_id) -> werkgebied.werkgebieden: a pupil's
--     werkgebied_id is its school's werkgebied_id (key and CHECK), which
--     bestuur.scholen's own foreign key checks; the one value that chain lets
--     through, the nil UUID (the key's "none") as werkgebied_id, is refused by
--     the CHECK below (werkgebieden_id_not_nil refuses it as an id).
-- Deleting a tenant, school or werkgebied that a pupil names stays refused:
-- the pupil's school references all three. What the dropped school key did
-- besides: it refused a change of a referenced school's (swv_id, id), which
-- the composite key would cascade to the pupils instead; no method changes
-- a school's id, so scholen_identity below refuses any change of it.
-- The composite key is renamed so a violation names school_id
-- (server/svc/svc_db.c fk_field): it is about the pupil's school.

ALTER TABLE werkgebied.leerlingen
	DROP CONSTRAINT leerlingen_swv_id_fkey,
	DROP CONSTRAINT leerlingen_swv_id_school_id_fkey,
	DROP CONSTRAINT leerlingen_swv_id_werkgebied_id_fkey,
	ADD CONSTRAINT leerlingen_werkgebied_id_not_nil
		CHECK (werkgebied_id <> '00000000-0000-0000-0000-000000000000'::uuid);
ALTER TABLE werkgebied.leerlingen RENAME CONSTRAINT leerlingen_school_werkgebied_id_fkey TO leerlingen_school_id_fkey;

CREATE FUNCTION bestuur.scholen_identity() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	RAISE EXCEPTION 'a school''s id and tenant never change'
		USING ERRCODE = 'restrict_violation', CONSTRAINT = 'scholen_identity';
END
$$;
REVOKE ALL ON FUNCTION bestuur.scholen_identity() FROM PUBLIC;
CREATE TRIGGER scholen_identity BEFORE UPDATE OF swv_id, id ON bestuur.scholen
	FOR EACH ROW WHEN (OLD.swv_id IS DISTINCT FROM NEW.swv_id OR OLD.id IS DISTINCT FROM NEW.id)
	EXECUTE FUNCTION bestuur.scholen_identity();

-- The werkgebied trigger of 0009 ran its PL/pgSQL for every row written; it
-- now runs only where it has something to do: a writer that names
-- werkgebied_key consistent with werkgebied_id (the bulk upsert,
-- server/sql/sync_upsert.sql) skips it, and an UPDATE that touches neither.
-- Same function, same results (with the WHEN false it would change nothing).
DROP TRIGGER leerlingen_werkgebied_key ON werkgebied.leerlingen;
CREATE TRIGGER leerlingen_werkgebied_key BEFORE INSERT ON werkgebied.leerlingen
	FOR EACH ROW WHEN (NEW.werkgebied_key IS DISTINCT FROM
	                   coalesce(NEW.werkgebied_id, '00000000-0000-0000-0000-000000000000'::uuid))
	EXECUTE FUNCTION werkgebied.leerlingen_werkgebied_key();
CREATE TRIGGER leerlingen_werkgebied_key_upd BEFORE UPDATE ON werkgebied.leerlingen
	FOR EACH ROW WHEN (NEW.werkgebied_key IS DISTINCT FROM OLD.werkgebied_key OR NEW.werkgebied_key IS DISTINCT FROM
	                   coalesce(NEW.werkgebied_id, '00000000-0000-0000-0000-000000000000'::uuid))
	EXECUTE FUNCTION werkgebied.leerlingen_werkgebied_key();
