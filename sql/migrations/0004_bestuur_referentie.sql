-- 0004_bestuur_referentie: the bestuur area's reference data (DOMAIN.md §3, §6):
-- schoolbesturen, gemeenten (validity, mergers, postcode ranges) and the
-- werkgebieden covering them, the new school fields, TLV herkomst types
-- (platform defaults + tenant overrides), leerlingtellingen, the platform's
-- landelijke percentages and the deelname report function.

-- ---- schoolbesturen ---------------------------------------------------------
CREATE TABLE bestuur.schoolbesturen (
	swv_id               uuid NOT NULL REFERENCES platform.tenants (id),
	id                   uuid NOT NULL,
	bevoegd_gezag_nummer text NOT NULL CHECK (bevoegd_gezag_nummer ~ '^[0-9]{5}$'),
	name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	vestigingsplaats     text NOT NULL DEFAULT '' CHECK (length(vestigingsplaats) <= 200),
	runs_bao             boolean NOT NULL DEFAULT false,
	runs_sbo             boolean NOT NULL DEFAULT false,
	runs_so              boolean NOT NULL DEFAULT false,
	lidmaatschap         text NOT NULL DEFAULT 'lid' CHECK (lidmaatschap IN ('lid', 'aangesloten')),
	active_from          date,
	active_to            date,
	created_at           timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, bevoegd_gezag_nummer),
	CONSTRAINT schoolbesturen_active_range CHECK (active_to IS NULL OR active_from IS NULL OR active_to >= active_from)
);

-- ---- gemeenten -------------------------------------------------------------
CREATE FUNCTION bestuur.postcode_ranges_valid(p text[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS
$$
	SELECT coalesce(bool_and(r ~ '^[1-9][0-9]{3}([A-Z]{2})?-[1-9][0-9]{3}([A-Z]{2})?$'
	                         AND split_part(r, '-', 1) <= split_part(r, '-', 2)), true)
	FROM unnest(p) r
$$;

CREATE TABLE bestuur.gemeenten (
	swv_id       uuid NOT NULL REFERENCES platform.tenants (id),
	id           uuid NOT NULL,
	name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	cbs_code     text NOT NULL DEFAULT '' CHECK (cbs_code = '' OR cbs_code ~ '^GM[0-9]{4}$'),
	valid_from   date NOT NULL DEFAULT '1900-01-01',
	valid_to     date,
	successor_id uuid,
	postcodes    text[] NOT NULL DEFAULT '{}',
	created_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, name, valid_from),
	CONSTRAINT gemeenten_successor_fkey FOREIGN KEY (swv_id, successor_id) REFERENCES bestuur.gemeenten (swv_id, id),
	CONSTRAINT gemeenten_valid_range CHECK (valid_to IS NULL OR valid_to >= valid_from),
	CONSTRAINT gemeenten_successor_needs_end CHECK (successor_id IS NULL OR valid_to IS NOT NULL),
	CONSTRAINT gemeenten_postcodes CHECK (bestuur.postcode_ranges_valid(postcodes))
);

-- A name is unique among gemeenten valid at the same time; a successor must
-- start the day after its predecessor ends (mergers keep their history).
CREATE FUNCTION bestuur.gemeenten_check() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
	s_from date;
BEGIN
	IF EXISTS (SELECT 1 FROM bestuur.gemeenten g WHERE g.swv_id = NEW.swv_id AND g.id <> NEW.id
	           AND g.name = NEW.name
	           AND daterange(g.valid_from, g.valid_to, '[]') && daterange(NEW.valid_from, NEW.valid_to, '[]')) THEN
		RAISE EXCEPTION USING ERRCODE = '23505',
			MESSAGE = format('gemeente.name %s: another gemeente with this name is valid in the same period', NEW.name);
	END IF;
	IF NEW.successor_id IS NOT NULL THEN
		SELECT valid_from INTO s_from FROM bestuur.gemeenten WHERE swv_id = NEW.swv_id AND id = NEW.successor_id;
		IF NOT FOUND THEN
			RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'gemeente.successor_id not found';
		END IF;
		IF NEW.successor_id = NEW.id OR s_from <> NEW.valid_to + 1 THEN
			RAISE EXCEPTION USING ERRCODE = '23514',
				MESSAGE = format('gemeente.successor_id must be valid from the day after valid_to (%s), not %s',
				                 NEW.valid_to + 1, s_from);
		END IF;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER gemeenten_check BEFORE INSERT OR UPDATE ON bestuur.gemeenten
	FOR EACH ROW EXECUTE FUNCTION bestuur.gemeenten_check();

CREATE TABLE bestuur.werkgebied_gemeenten (
	swv_id        uuid NOT NULL REFERENCES platform.tenants (id),
	werkgebied_id uuid NOT NULL,
	gemeente_id   uuid NOT NULL,
	PRIMARY KEY (swv_id, werkgebied_id, gemeente_id),
	CONSTRAINT werkgebied_gemeenten_werkgebied_id_fkey FOREIGN KEY (swv_id, werkgebied_id)
		REFERENCES werkgebied.werkgebieden (swv_id, id) ON DELETE CASCADE,
	CONSTRAINT werkgebied_gemeenten_gemeente_id_fkey FOREIGN KEY (swv_id, gemeente_id)
		REFERENCES bestuur.gemeenten (swv_id, id)
);
CREATE INDEX werkgebied_gemeenten_gemeente_idx ON bestuur.werkgebied_gemeenten (swv_id, gemeente_id);

-- ---- school and werkgebied fields ------------------------------------------
ALTER TABLE werkgebied.werkgebieden ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE bestuur.scholen
	ADD COLUMN so_cluster smallint CHECK (so_cluster BETWEEN 1 AND 4),
	ADD COLUMN schoolbestuur_id uuid,
	ADD COLUMN gemeente_id uuid,
	ADD COLUMN active_from date,
	ADD COLUMN active_to date,
	ADD CONSTRAINT scholen_schoolbestuur_id_fkey FOREIGN KEY (swv_id, schoolbestuur_id)
		REFERENCES bestuur.schoolbesturen (swv_id, id),
	ADD CONSTRAINT scholen_gemeente_id_fkey FOREIGN KEY (swv_id, gemeente_id)
		REFERENCES bestuur.gemeenten (swv_id, id),
	ADD CONSTRAINT scholen_so_cluster_only_so CHECK (so_cluster IS NULL OR soort = 3),
	ADD CONSTRAINT scholen_active_range CHECK (active_to IS NULL OR active_from IS NULL OR active_to >= active_from);
CREATE INDEX scholen_bestuur_idx ON bestuur.scholen (swv_id, schoolbestuur_id);

-- ---- herkomst types ----------------------------------------------------------
CREATE TABLE platform.herkomst_type_defaults (
	code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
	label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
	route_group text NOT NULL CHECK (route_group IN ('voorschool', 'basisonderwijs', 'sbo', 'so')),
	sort_order  integer NOT NULL
);
INSERT INTO platform.herkomst_type_defaults (code, label, route_group, sort_order) VALUES
	('voorschool', 'Voorschoolse voorziening', 'voorschool', 10),
	('basisonderwijs', 'Basisonderwijs', 'basisonderwijs', 20),
	('sbo', 'Speciaal basisonderwijs', 'sbo', 30),
	('so', 'Speciaal onderwijs', 'so', 40),
	('kdc', 'Kinderdagcentrum', 'voorschool', 50),
	('mkd', 'Medisch kinderdagverblijf', 'voorschool', 60),
	('zorg', 'Zorginstelling', 'so', 70),
	('ander_swv', 'Ander samenwerkingsverband', 'so', 80),
	('residentieel', 'Residentiële instelling', 'so', 90);
GRANT SELECT ON platform.herkomst_type_defaults
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

CREATE TABLE bestuur.herkomst_types (
	swv_id      uuid NOT NULL REFERENCES platform.tenants (id),
	code        text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
	label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
	route_group text NOT NULL CHECK (route_group IN ('voorschool', 'basisonderwijs', 'sbo', 'so')),
	sort_order  integer NOT NULL DEFAULT 0,
	active      boolean NOT NULL DEFAULT true,
	PRIMARY KEY (swv_id, code)
);

-- The effective list of the current tenant: defaults overlaid by its rows.
CREATE FUNCTION bestuur.effective_herkomst_types()
RETURNS TABLE (code text, label text, route_group text, sort_order integer, active boolean)
LANGUAGE sql STABLE AS
$$
	SELECT coalesce(t.code, d.code), coalesce(t.label, d.label), coalesce(t.route_group, d.route_group),
	       coalesce(t.sort_order, d.sort_order), coalesce(t.active, true)
	FROM platform.herkomst_type_defaults d
	FULL JOIN (SELECT * FROM bestuur.herkomst_types WHERE swv_id = platform.current_swv()) t
		ON t.code = d.code
	ORDER BY 4, 1
$$;
GRANT EXECUTE ON FUNCTION bestuur.effective_herkomst_types()
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

-- ---- tellingen ---------------------------------------------------------------
CREATE TABLE bestuur.tellingen (
	swv_id         uuid NOT NULL REFERENCES platform.tenants (id),
	id             uuid NOT NULL,
	school_id      uuid NOT NULL,
	teldatum       date NOT NULL,
	tel_wijze      text NOT NULL CHECK (tel_wijze IN ('schoolgaand', 'woonachtig')),
	gemeente_id    uuid,
	aantal         integer NOT NULL CHECK (aantal >= 0),
	onder_8        integer CHECK (onder_8 >= 0 AND onder_8 <= aantal),
	so_categorie_1 integer CHECK (so_categorie_1 >= 0),
	so_categorie_2 integer CHECK (so_categorie_2 >= 0),
	so_categorie_3 integer CHECK (so_categorie_3 >= 0),
	created_at     timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT tellingen_school_id_fkey FOREIGN KEY (swv_id, school_id) REFERENCES bestuur.scholen (swv_id, id),
	CONSTRAINT tellingen_gemeente_id_fkey FOREIGN KEY (swv_id, gemeente_id) REFERENCES bestuur.gemeenten (swv_id, id),
	CONSTRAINT tellingen_woonachtig_gemeente CHECK ((tel_wijze = 'woonachtig') = (gemeente_id IS NOT NULL)),
	CONSTRAINT tellingen_categorieen CHECK (coalesce(so_categorie_1, 0) + coalesce(so_categorie_2, 0)
	                                        + coalesce(so_categorie_3, 0) <= aantal)
);
CREATE UNIQUE INDEX tellingen_natural_key ON bestuur.tellingen
	(swv_id, school_id, teldatum, tel_wijze, coalesce(gemeente_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE INDEX tellingen_teldatum_idx ON bestuur.tellingen (swv_id, teldatum);

-- ---- landelijke percentages (platform reference data) ----------------------
CREATE TABLE platform.landelijke_percentages (
	teldatum       date PRIMARY KEY,
	sbo            numeric(6, 2) CHECK (sbo BETWEEN 0 AND 100),
	so             numeric(6, 2) CHECK (so BETWEEN 0 AND 100),
	so_categorie_1 numeric(6, 2) CHECK (so_categorie_1 BETWEEN 0 AND 100),
	so_categorie_2 numeric(6, 2) CHECK (so_categorie_2 BETWEEN 0 AND 100),
	so_categorie_3 numeric(6, 2) CHECK (so_categorie_3 BETWEEN 0 AND 100)
);
GRANT SELECT ON platform.landelijke_percentages
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
GRANT INSERT, UPDATE ON platform.landelijke_percentages TO passend_admin;

-- ---- row level security and grants ------------------------------------------
SELECT platform.tenant_rls('bestuur.schoolbesturen', 'bestuur.gemeenten', 'bestuur.werkgebied_gemeenten',
                           'bestuur.herkomst_types', 'bestuur.tellingen');

-- bestuur: all of its tenant, read and write; the other tenant roles read
-- the reference lists (DOMAIN.md §4); tellingen: bestuur only (reports go
-- through bestuur.deelname_report). The owner (SECURITY DEFINER report
-- functions, triggers) sees the current tenant only.
SELECT platform.bestuur_policy('bestuur.schoolbesturen', 'bestuur.gemeenten', 'bestuur.werkgebied_gemeenten',
                               'bestuur.herkomst_types', 'bestuur.tellingen');
SELECT platform.owner_read_policy(t || '_owner', ('bestuur.' || t)::regclass)
FROM unnest(ARRAY['schoolbesturen', 'gemeenten', 'werkgebied_gemeenten', 'herkomst_types', 'tellingen']) t;
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['schoolbesturen', 'gemeenten', 'werkgebied_gemeenten', 'herkomst_types'] LOOP
		EXECUTE format('CREATE POLICY %I ON bestuur.%I FOR SELECT TO passend_toezicht, passend_werkgebied, '
		               'passend_school USING (swv_id = platform.current_swv())', t || '_read', t);
	END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON bestuur.schoolbesturen, bestuur.gemeenten, bestuur.herkomst_types,
	bestuur.tellingen TO passend_bestuur;
GRANT SELECT, INSERT, DELETE ON bestuur.werkgebied_gemeenten TO passend_bestuur;
GRANT SELECT ON bestuur.schoolbesturen, bestuur.gemeenten, bestuur.werkgebied_gemeenten, bestuur.herkomst_types
	TO passend_toezicht, passend_werkgebied, passend_school;
GRANT UPDATE ON bestuur.scholen TO passend_bestuur;
GRANT UPDATE (name, active) ON werkgebied.werkgebieden TO passend_bestuur;

-- The deelname report, bestuur.deelname_report, is sql/functions/bestuur_deelname_report.sql (D46).
