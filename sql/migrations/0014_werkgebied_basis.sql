-- 0014_werkgebied_basis: the base of the werkgebied area (issue 8 points 1
-- and 2): the tenant-configurable lists (platform defaults overlaid by the
-- tenant's own values, one mechanism for every list kind), parental consent
-- as a recorded fact and support requests (ondersteuningsvragen). The
-- consent rule itself is the repeatable werkgebied.require_consent
-- (sql/functions/werkgebied_toestemming.sql). docs/decisions.md D31 ("The
-- werkgebied area's base").

-- ---- lists: platform defaults --------------------------------------------------
-- kind: the list (proto LijstSoort without its LIJST_ prefix); rubriek: what
-- a value counts as where that matters across tenants: for arrangement_type
-- its nature (individueel: one pupil, groep: pupils possibly across schools,
-- innovatie: none; the report column), for thuiszitter_categorie the
-- inspectie's category; '' for the other kinds.
CREATE DOMAIN platform.lijst_kind AS text CHECK (VALUE IN ('ondersteuningscategorie', 'arrangement_type',
	'mdo_niveau', 'thuiszitter_categorie', 'thuiszitter_scenario'));
CREATE DOMAIN platform.lijst_code AS text CHECK (VALUE ~ '^[a-z][a-z0-9_]{0,39}$');
-- The rubriek a value of list kind may have (the tables' CHECK; the upsert
-- statement names the rule that failed).
CREATE FUNCTION platform.lijst_rubriek_ok(p_kind text, p_rubriek text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
	SELECT CASE p_kind
		WHEN 'arrangement_type' THEN p_rubriek IN ('individueel', 'groep', 'innovatie')
		WHEN 'thuiszitter_categorie' THEN p_rubriek IN ('relatief_verzuim', 'langdurig_relatief_verzuim',
			'absoluut_verzuim', 'vrijstelling_5a', 'vrijstelling_5b', 'vrijstelling_5c', 'gestart_screening_5a')
		ELSE p_rubriek = '' END
$$;
REVOKE ALL ON FUNCTION platform.lijst_rubriek_ok(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.lijst_rubriek_ok(text, text)
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

CREATE TABLE platform.lijst_defaults (
	kind       platform.lijst_kind NOT NULL,
	code       platform.lijst_code NOT NULL,
	label      text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
	rubriek    text NOT NULL DEFAULT '',
	sort_order integer NOT NULL CHECK (sort_order BETWEEN 0 AND 10000),
	PRIMARY KEY (kind, code),
	CONSTRAINT lijst_defaults_rubriek CHECK (platform.lijst_rubriek_ok(kind, rubriek))
);
COMMENT ON TABLE platform.lijst_defaults IS
	'default values of the tenant-configurable lists; a tenant overlays them in werkgebied.lijst_waarden';
-- ondersteuningscategorieën have no platform default: they are the SWV's own
-- (e.g. "5 gedragsinterventietechnieken").
INSERT INTO platform.lijst_defaults (kind, code, label, rubriek, sort_order) VALUES
	('arrangement_type', 'individueel', 'Individueel', 'individueel', 10),
	('arrangement_type', 'groep', 'Groep', 'groep', 20),
	('arrangement_type', 'innovatie', 'Innovatie', 'innovatie', 30),
	('mdo_niveau', 'niv_2', 'niv 2', '', 10),
	('mdo_niveau', 'niv_3', 'niv 3', '', 20),
	('mdo_niveau', 'niv_4', 'niv 4', '', 30),
	('mdo_niveau', 'ivm_vo', 'ivm VO', '', 40),
	('thuiszitter_categorie', 'relatief_verzuim', 'Relatief verzuim', 'relatief_verzuim', 10),
	('thuiszitter_categorie', 'langdurig_relatief_verzuim', 'Langdurig relatief verzuim',
	 'langdurig_relatief_verzuim', 20),
	('thuiszitter_categorie', 'absoluut_verzuim', 'Absoluut verzuim', 'absoluut_verzuim', 30),
	('thuiszitter_categorie', 'vrijstelling_5a', 'Vrijstelling 5a', 'vrijstelling_5a', 40),
	('thuiszitter_categorie', 'vrijstelling_5b', 'Vrijstelling 5b', 'vrijstelling_5b', 50),
	('thuiszitter_categorie', 'vrijstelling_5c', 'Vrijstelling 5c', 'vrijstelling_5c', 60),
	('thuiszitter_categorie', 'gestart_screening_5a', 'Gestart screening 5a met swv', 'gestart_screening_5a', 70),
	('thuiszitter_scenario', 'aanpassingen_zonder_effect', 'Zware aanpassingen zonder effect', '', 10),
	('thuiszitter_scenario', 'verkort_rooster', 'Verminderde schooltijd (verkort rooster)', '', 20),
	('thuiszitter_scenario', 'vaak_buiten_de_klas', 'Vaak buiten de klas', '', 30),
	('thuiszitter_scenario', 'dreigende_verwijdering', 'Geen vertrouwen / dreigende verwijdering', '', 40);
GRANT SELECT ON platform.lijst_defaults
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

-- ---- lists: the tenant's own values and overrides -------------------------------
-- A row with a default's (kind, code) overrides it (label, rubriek, order,
-- active); other rows are the tenant's own values. Nobody deletes a row
-- (no DELETE privilege, and the trigger below refuses the owner too): a
-- value is deactivated, so what used it keeps its meaning.
CREATE TABLE werkgebied.lijst_waarden (
	swv_id     uuid NOT NULL REFERENCES platform.tenants (id),
	kind       platform.lijst_kind NOT NULL,
	code       platform.lijst_code NOT NULL,
	label      text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
	rubriek    text NOT NULL DEFAULT '',
	sort_order integer NOT NULL DEFAULT 0 CHECK (sort_order BETWEEN 0 AND 10000),
	active     boolean NOT NULL DEFAULT true,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, kind, code),
	CONSTRAINT lijst_waarden_rubriek CHECK (platform.lijst_rubriek_ok(kind, rubriek))
);
COMMENT ON TABLE werkgebied.lijst_waarden IS
	'the tenant''s list values and overrides of platform.lijst_defaults; deactivated, never deleted';

-- Refuses DELETE and TRUNCATE of list values for every role, the owner
-- included (the server's roles have no DELETE privilege to begin with).
CREATE FUNCTION werkgebied.lijst_never_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	RAISE EXCEPTION USING ERRCODE = '55000',
		MESSAGE = format('%s: list values are never deleted; deactivate them (active = false)', TG_TABLE_NAME);
END
$$;
REVOKE ALL ON FUNCTION werkgebied.lijst_never_delete() FROM PUBLIC;
CREATE TRIGGER lijst_waarden_never_delete BEFORE DELETE ON werkgebied.lijst_waarden
	FOR EACH ROW EXECUTE FUNCTION werkgebied.lijst_never_delete();
CREATE TRIGGER lijst_waarden_never_truncate BEFORE TRUNCATE ON werkgebied.lijst_waarden
	FOR EACH STATEMENT EXECUTE FUNCTION werkgebied.lijst_never_delete();
CREATE TRIGGER lijst_defaults_never_delete BEFORE DELETE ON platform.lijst_defaults
	FOR EACH ROW EXECUTE FUNCTION werkgebied.lijst_never_delete();
CREATE TRIGGER lijst_defaults_never_truncate BEFORE TRUNCATE ON platform.lijst_defaults
	FOR EACH STATEMENT EXECUTE FUNCTION werkgebied.lijst_never_delete();

-- The effective lists of the current tenant (p_kind NULL: every kind):
-- defaults overlaid by its rows; platform_default says the code is a
-- default's. An override's empty rubriek takes the default's.
CREATE FUNCTION werkgebied.effective_lijst(p_kind text)
RETURNS TABLE (kind text, code text, label text, rubriek text, sort_order integer, active boolean,
               platform_default boolean)
LANGUAGE sql STABLE AS
$$
	SELECT coalesce(t.kind, d.kind), coalesce(t.code, d.code), coalesce(t.label, d.label),
	       coalesce(NULLIF(t.rubriek, ''), d.rubriek, ''), coalesce(t.sort_order, d.sort_order),
	       coalesce(t.active, true), d.code IS NOT NULL
	FROM (SELECT * FROM platform.lijst_defaults x WHERE p_kind IS NULL OR x.kind = p_kind) d
	FULL JOIN (SELECT * FROM werkgebied.lijst_waarden y
	           WHERE y.swv_id = platform.current_swv() AND (p_kind IS NULL OR y.kind = p_kind)) t
		ON t.kind = d.kind AND t.code = d.code
	ORDER BY 1, 5, 2
$$;
REVOKE ALL ON FUNCTION werkgebied.effective_lijst(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.effective_lijst(text)
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

-- Whether code is an active value of list kind for tenant p_swv (read with
-- the caller's rights: its tenant's rows).
CREATE FUNCTION werkgebied.lijst_waarde_active(p_swv uuid, p_kind text, p_code text) RETURNS boolean
LANGUAGE sql STABLE AS
$$
	SELECT coalesce((SELECT t.active FROM werkgebied.lijst_waarden t
	                 WHERE t.swv_id = p_swv AND t.kind = p_kind AND t.code = p_code),
	                EXISTS (SELECT 1 FROM platform.lijst_defaults d WHERE d.kind = p_kind AND d.code = p_code))
$$;
REVOKE ALL ON FUNCTION werkgebied.lijst_waarde_active(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.lijst_waarde_active(uuid, text, text)
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

-- The one check of a column that holds list values (a code, or a text[] of
-- codes), as a trigger on the using table:
--   CREATE TRIGGER x BEFORE INSERT OR UPDATE ON t FOR EACH ROW
--     EXECUTE FUNCTION werkgebied.lijst_waarde_check('<kind>', '<column>');
-- A new value (an insert, or a code an update adds) must be an active value
-- of the tenant's list; values stored before stay when deactivated. Raises
-- 23514 'lijst_waarde: <column> "<code>" is not an active <kind> ...', which
-- a method maps to its own words (res_db_error, match "lijst_waarde:").
CREATE FUNCTION werkgebied.lijst_waarde_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	kind text := TG_ARGV[0];
	col text := TG_ARGV[1];
	v jsonb := to_jsonb(NEW) -> TG_ARGV[1];
	old_v jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) -> TG_ARGV[1] END;
	c text;
BEGIN
	IF NOT to_jsonb(NEW) ? col THEN
		RAISE EXCEPTION 'lijst_waarde_check on %: no column %', TG_TABLE_NAME, col;
	END IF;
	IF jsonb_typeof(v) = 'null' THEN
		RETURN NEW;
	END IF;
	FOR c IN SELECT x FROM jsonb_array_elements_text(CASE jsonb_typeof(v) WHEN 'array' THEN v
	                                                 ELSE jsonb_build_array(v) END) x LOOP
		IF old_v IS NOT NULL AND (old_v = to_jsonb(c) OR (jsonb_typeof(old_v) = 'array' AND old_v ? c)) THEN
			CONTINUE;
		END IF;
		IF NOT werkgebied.lijst_waarde_active(NEW.swv_id, kind, c) THEN
			RAISE EXCEPTION USING ERRCODE = '23514',
				MESSAGE = format('lijst_waarde: %s "%s" is not an active %s of tenant %s', col, c, kind, NEW.swv_id);
		END IF;
	END LOOP;
	RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.lijst_waarde_check() FROM PUBLIC;

-- ---- parental consent (toestemming) -----------------------------------------
-- A recorded fact: for which pupil, what it covers (scopes), given on which
-- date, by whom holding parental authority (gezag), until when, and when it
-- was withdrawn (from that date on it covers nothing). Never deleted.
CREATE TABLE werkgebied.toestemmingen (
	swv_id         uuid NOT NULL REFERENCES platform.tenants (id),
	id             uuid NOT NULL,
	leerling_id    uuid NOT NULL,
	scopes         text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 5 AND array_position(scopes, NULL) IS NULL
	                                      AND scopes <@ ARRAY['ondersteuningsvraag', 'mdo', 'arrangement', 'tlv',
	                                                          'gegevensdeling']),
	datum          date NOT NULL,
	gezag          text NOT NULL CHECK (gezag IN ('beide_ouders', 'een_ouder', 'voogd', 'gecertificeerde_instelling')),
	geldig_tot     date,
	ingetrokken_op date,
	recorded_by    text NOT NULL DEFAULT coalesce(NULLIF(current_setting('passend.role', true), ''), 'sql'),
	token_id       uuid DEFAULT platform.current_token(),
	created_at     timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, id, leerling_id),
	CONSTRAINT toestemmingen_leerling_id_fkey FOREIGN KEY (swv_id, leerling_id)
		REFERENCES werkgebied.leerlingen (swv_id, id),
	CONSTRAINT toestemmingen_geldig_tot CHECK (geldig_tot IS NULL OR geldig_tot >= datum),
	CONSTRAINT toestemmingen_ingetrokken_op CHECK (ingetrokken_op IS NULL OR ingetrokken_op >= datum)
);
CREATE INDEX toestemmingen_leerling_idx ON werkgebied.toestemmingen (swv_id, leerling_id, datum);
COMMENT ON TABLE werkgebied.toestemmingen IS
	'parental consent per pupil: scopes, date, gezag, withdrawal (werkgebied.require_consent)';

-- ---- support requests (ondersteuningsvraag) ---------------------------------------
-- Recorded by the pupil's school, a consulent or the SWV, under a consent
-- covering 'ondersteuningsvraag' on ingediend_op (toestemming_id: the one
-- that did, of the same pupil). school_id: the pupil's school when asked.
CREATE TABLE werkgebied.ondersteuningsvragen (
	swv_id                  uuid NOT NULL REFERENCES platform.tenants (id),
	id                      uuid NOT NULL,
	leerling_id             uuid NOT NULL,
	school_id               uuid NOT NULL,
	omschrijving            text NOT NULL CHECK (length(omschrijving) BETWEEN 1 AND 4000),
	ondersteuningscategorie platform.lijst_code,
	ingediend_op            date NOT NULL,
	toestemming_id          uuid NOT NULL,
	recorded_by             text NOT NULL DEFAULT coalesce(NULLIF(current_setting('passend.role', true), ''), 'sql'),
	token_id                uuid DEFAULT platform.current_token(),
	created_at              timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT ondersteuningsvragen_leerling_id_fkey FOREIGN KEY (swv_id, leerling_id)
		REFERENCES werkgebied.leerlingen (swv_id, id),
	CONSTRAINT ondersteuningsvragen_school_id_fkey FOREIGN KEY (swv_id, school_id)
		REFERENCES bestuur.scholen (swv_id, id),
	CONSTRAINT ondersteuningsvragen_toestemming_fkey FOREIGN KEY (swv_id, toestemming_id, leerling_id)
		REFERENCES werkgebied.toestemmingen (swv_id, id, leerling_id)
);
CREATE INDEX ondersteuningsvragen_leerling_idx ON werkgebied.ondersteuningsvragen (swv_id, leerling_id);
CREATE INDEX ondersteuningsvragen_ingediend_idx ON werkgebied.ondersteuningsvragen (swv_id, ingediend_op);
COMMENT ON TABLE werkgebied.ondersteuningsvragen IS 'support requests per pupil (DOMAIN.md §5.1 step 1)';
CREATE TRIGGER ondersteuningsvragen_categorie BEFORE INSERT OR UPDATE ON werkgebied.ondersteuningsvragen
	FOR EACH ROW EXECUTE FUNCTION werkgebied.lijst_waarde_check('ondersteuningscategorie', 'ondersteuningscategorie');

-- ---- row level security and grants ------------------------------------------------
SELECT platform.tenant_rls('werkgebied.lijst_waarden', 'werkgebied.toestemmingen',
                           'werkgebied.ondersteuningsvragen');
SELECT platform.bestuur_policy('werkgebied.lijst_waarden', 'werkgebied.toestemmingen',
                               'werkgebied.ondersteuningsvragen');

-- lists: bestuur writes its tenant's; every tenant role reads them (reference data)
CREATE POLICY lijst_waarden_read ON werkgebied.lijst_waarden FOR SELECT
	TO passend_toezicht, passend_werkgebied, passend_school USING (swv_id = platform.current_swv());
GRANT SELECT, INSERT ON werkgebied.lijst_waarden TO passend_bestuur;
GRANT UPDATE (label, rubriek, sort_order, active, updated_at) ON werkgebied.lijst_waarden TO passend_bestuur;
GRANT SELECT ON werkgebied.lijst_waarden TO passend_toezicht, passend_werkgebied, passend_school;

-- Pupil-level rows are visible exactly when their pupil is: bestuur all of
-- its tenant; werkgebied and school through werkgebied.leerlingen, whose own
-- policies (read with the caller's rights inside this one) decide, so the
-- scope follows the pupil's school and werkgebied (D20) with nothing to keep
-- in step. toezicht has no privilege at all.
SELECT platform.pupil_scope_policy('werkgebied.toestemmingen'),
       platform.pupil_scope_policy('werkgebied.ondersteuningsvragen');
GRANT SELECT, INSERT ON werkgebied.toestemmingen, werkgebied.ondersteuningsvragen
	TO passend_bestuur, passend_werkgebied, passend_school;
GRANT UPDATE (ingetrokken_op) ON werkgebied.toestemmingen TO passend_bestuur, passend_werkgebied, passend_school;
