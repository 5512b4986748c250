-- 0009_pupil_scope: a pupil's werkgebied is always its school's current one
-- (issue 8 point 7, docs/decisions.md D20): a cascading foreign key to the
-- school refuses any other value and carries a school's move to its pupils,
-- so a consulent sees the pupils of the schools of her werkgebied only.

-- werkgebied.leerlingen keeps its own werkgebied_id, so the werkgebied
-- policy and the toezicht view stay an indexed comparison. ON UPDATE CASCADE
-- moves the pupils whoever moves the school: referential actions run as the
-- table owner and bypass row level security, so the bestuur role (no UPDATE
-- on pupils) can move a school. A foreign key ignores rows with a NULL
-- column, so both sides compare werkgebied_key: werkgebied_id with the nil
-- UUID for "no werkgebied".

-- ---- the school side: its (id, werkgebied) as a key ---------------------
ALTER TABLE werkgebied.werkgebieden
	ADD CONSTRAINT werkgebieden_id_not_nil CHECK (id <> '00000000-0000-0000-0000-000000000000'::uuid);
ALTER TABLE bestuur.scholen
	ADD COLUMN werkgebied_key uuid NOT NULL
		GENERATED ALWAYS AS (coalesce(werkgebied_id, '00000000-0000-0000-0000-000000000000'::uuid)) STORED,
	ADD CONSTRAINT scholen_werkgebied_key_uq UNIQUE (swv_id, id, werkgebied_key);
COMMENT ON COLUMN bestuur.scholen.werkgebied_key IS
	'werkgebied_id, nil UUID for none: the key werkgebied.leerlingen follows (0009_pupil_scope)';

-- ---- the pupil side ---------------------------------------------------------
ALTER TABLE werkgebied.leerlingen ADD COLUMN werkgebied_key uuid;
COMMENT ON COLUMN werkgebied.leerlingen.werkgebied_key IS
	'the school''s werkgebied_key (cascaded from bestuur.scholen); werkgebied_id is derived from it';

-- Rows written before this migration may disagree (the leak): they take
-- their school's werkgebied now. Row level security is forced on the owner
-- too (and it has no write policy), so it is lifted for this backfill only,
-- inside the migration's transaction, and forced again before it commits.
ALTER TABLE werkgebied.leerlingen NO FORCE ROW LEVEL SECURITY;
ALTER TABLE bestuur.scholen NO FORCE ROW LEVEL SECURITY;
DO $$
DECLARE
	n bigint;
BEGIN
	UPDATE werkgebied.leerlingen l SET werkgebied_id = s.werkgebied_id, werkgebied_key = s.werkgebied_key
	FROM bestuur.scholen s WHERE s.swv_id = l.swv_id AND s.id = l.school_id;
	SELECT count(*) INTO n FROM werkgebied.leerlingen l JOIN bestuur.scholen s
		ON s.swv_id = l.swv_id AND s.id = l.school_id
	WHERE l.werkgebied_key IS DISTINCT FROM s.werkgebied_key;
	IF n <> 0 THEN
		RAISE EXCEPTION '0009_pupil_scope: % pupils still disagree with their school', n;
	END IF;
END
$$;
ALTER TABLE werkgebied.leerlingen FORCE ROW LEVEL SECURITY;
ALTER TABLE bestuur.scholen FORCE ROW LEVEL SECURITY;

ALTER TABLE werkgebied.leerlingen
	ALTER COLUMN werkgebied_key SET NOT NULL,
	ADD CONSTRAINT leerlingen_werkgebied_key_matches
		CHECK (werkgebied_key = coalesce(werkgebied_id, '00000000-0000-0000-0000-000000000000'::uuid)),
	ADD CONSTRAINT leerlingen_school_werkgebied_id_fkey FOREIGN KEY (swv_id, school_id, werkgebied_key)
		REFERENCES bestuur.scholen (swv_id, id, werkgebied_key) ON UPDATE CASCADE;

-- Writers name werkgebied_id (as before) and the key follows it; a cascade
-- from the school writes only the key and werkgebied_id follows that. The
-- CHECK ties the two and the foreign key ties them to the school, so a
-- writer naming another werkgebied than the school's (or none for a school
-- that has one) gets a foreign key violation, never a row. The trigger
-- reads no table, so it needs no rights of its own (no SECURITY DEFINER).
CREATE FUNCTION werkgebied.leerlingen_werkgebied_key() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.werkgebied_key IS DISTINCT FROM OLD.werkgebied_key THEN
		NEW.werkgebied_id := NULLIF(NEW.werkgebied_key, '00000000-0000-0000-0000-000000000000'::uuid);
	ELSE
		NEW.werkgebied_key := coalesce(NEW.werkgebied_id, '00000000-0000-0000-0000-000000000000'::uuid);
	END IF;
	RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.leerlingen_werkgebied_key() FROM PUBLIC;
CREATE TRIGGER leerlingen_werkgebied_key BEFORE INSERT OR UPDATE ON werkgebied.leerlingen
	FOR EACH ROW EXECUTE FUNCTION werkgebied.leerlingen_werkgebied_key();
