-- 0022_begroting: the begroting per school year (issue 9 points 1-4,
-- docs/decisions.md D43): lines with a stable identity across years,
-- versions with groups and lines (read-only once submitted), realisatie
-- bookings, manual forecasts, per-pupil transfer rates and the platform's
-- dated SBO regimes. The rules (steps, report, schedule) are in
-- sql/functions/bestuur_begroting.sql.

-- ---- lines: the stable identity ---------------------------------------------------
-- sleutel: the tenant's own key of a line (e.g. the finance package's
-- account), the same in every year; code and print order are per version.
CREATE TABLE bestuur.begroting_regels (
	swv_id     uuid NOT NULL REFERENCES platform.tenants (id),
	id         uuid NOT NULL,
	sleutel    text NOT NULL CHECK (sleutel ~ '^[A-Za-z0-9._-]{1,40}$'),
	sectie     text NOT NULL CHECK (sectie IN ('baten', 'overdrachten', 'lasten')),
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, sleutel),
	UNIQUE (swv_id, id, sectie)
);

-- ---- versions ---------------------------------------------------------------------
CREATE TABLE bestuur.begrotingen (
	swv_id         uuid NOT NULL REFERENCES platform.tenants (id),
	id             uuid NOT NULL,
	schooljaar     text NOT NULL CHECK (schooljaar ~ '^[0-9]{4}-[0-9]{4}$'),
	versie         integer NOT NULL CHECK (versie >= 1),
	status         text NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'ingediend', 'goedgekeurd')),
	ingediend_op   date,
	goedgekeurd_op date,
	besluit        text NOT NULL DEFAULT '' CHECK (length(besluit) <= 200),
	voorganger_id  uuid,
	toelichting    text NOT NULL DEFAULT '' CHECK (length(toelichting) <= 4000),
	created_at     timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, schooljaar, versie),
	CONSTRAINT begrotingen_voorganger_fkey FOREIGN KEY (swv_id, voorganger_id) REFERENCES bestuur.begrotingen (swv_id, id),
	CONSTRAINT begrotingen_stappen CHECK ((status = 'concept') = (ingediend_op IS NULL)
	                                      AND (status = 'goedgekeurd') = (goedgekeurd_op IS NOT NULL))
);

CREATE TABLE bestuur.begroting_groepen (
	swv_id       uuid NOT NULL REFERENCES platform.tenants (id),
	begroting_id uuid NOT NULL,
	sectie       text NOT NULL CHECK (sectie IN ('baten', 'overdrachten', 'lasten')),
	groep        text NOT NULL CHECK (groep ~ '^[IVXLC]{1,8}$'),
	kop          text NOT NULL DEFAULT '' CHECK (length(kop) <= 200),
	PRIMARY KEY (swv_id, begroting_id, sectie, groep),
	CONSTRAINT begroting_groepen_begroting_fkey FOREIGN KEY (swv_id, begroting_id)
		REFERENCES bestuur.begrotingen (swv_id, id)
);

-- A line of a version; bedrag_cents NULL exactly on a PM line.
CREATE TABLE bestuur.begroting_posten (
	swv_id       uuid NOT NULL REFERENCES platform.tenants (id),
	begroting_id uuid NOT NULL,
	regel_id     uuid NOT NULL,
	sectie       text NOT NULL,
	groep        text NOT NULL,
	code         text NOT NULL DEFAULT '' CHECK (length(code) <= 20),
	omschrijving text NOT NULL CHECK (length(omschrijving) BETWEEN 1 AND 200),
	volgorde     integer NOT NULL CHECK (volgorde BETWEEN 1 AND 9999),
	bedrag_cents bigint CHECK (bedrag_cents BETWEEN -100000000000 AND 100000000000),
	pm           boolean NOT NULL DEFAULT false,
	PRIMARY KEY (swv_id, begroting_id, regel_id),
	CONSTRAINT begroting_posten_volgorde UNIQUE (swv_id, begroting_id, sectie, volgorde),
	CONSTRAINT begroting_posten_pm CHECK (pm = (bedrag_cents IS NULL)),
	CONSTRAINT begroting_posten_groep_fkey FOREIGN KEY (swv_id, begroting_id, sectie, groep)
		REFERENCES bestuur.begroting_groepen (swv_id, begroting_id, sectie, groep),
	CONSTRAINT begroting_posten_regel_fkey FOREIGN KEY (swv_id, regel_id, sectie)
		REFERENCES bestuur.begroting_regels (swv_id, id, sectie)
);
CREATE INDEX begroting_posten_regel_idx ON bestuur.begroting_posten (swv_id, regel_id);

-- A version that is not concept is read-only: its groups and lines, and its
-- own columns but for the next step (concept -> ingediend -> goedgekeurd).
-- The message names the state (FAILED_PRECONDITION); steps out of order are
-- refused with their own words by bestuur.begroting_step first.
CREATE FUNCTION bestuur.begroting_read_only() RETURNS trigger
LANGUAGE plpgsql AS
$$
DECLARE
	b record;
	v_id uuid;
BEGIN
	IF TG_TABLE_NAME = 'begrotingen' THEN
		IF OLD.status = 'concept' AND NEW.status IN ('concept', 'ingediend')
		   OR OLD.status = 'ingediend' AND NEW.status = 'goedgekeurd'
		      AND (NEW.toelichting, NEW.ingediend_op) IS NOT DISTINCT FROM (OLD.toelichting, OLD.ingediend_op) THEN
			RETURN NEW;
		END IF;
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('begroting %s versie %s is %s: read-only; a change is a new version '
			                 '(CreateBegroting with van_begroting_id)', OLD.schooljaar, OLD.versie, OLD.status);
	END IF;
	v_id := CASE WHEN TG_OP = 'DELETE' THEN OLD.begroting_id ELSE NEW.begroting_id END;
	SELECT v.schooljaar, v.versie, v.status INTO b FROM bestuur.begrotingen v
	WHERE v.swv_id = platform.current_swv() AND v.id = v_id;
	IF FOUND AND b.status <> 'concept' THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('begroting %s versie %s is %s: read-only; a change is a new version '
			                 '(CreateBegroting with van_begroting_id)', b.schooljaar, b.versie, b.status);
	END IF;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER begrotingen_read_only BEFORE UPDATE ON bestuur.begrotingen
	FOR EACH ROW EXECUTE FUNCTION bestuur.begroting_read_only();
CREATE TRIGGER begroting_groepen_read_only BEFORE INSERT OR UPDATE OR DELETE ON bestuur.begroting_groepen
	FOR EACH ROW EXECUTE FUNCTION bestuur.begroting_read_only();
CREATE TRIGGER begroting_posten_read_only BEFORE INSERT OR UPDATE OR DELETE ON bestuur.begroting_posten
	FOR EACH ROW EXECUTE FUNCTION bestuur.begroting_read_only();

-- ---- realisatie ---------------------------------------------------------------------
-- Bookings or monthly totals per line from the finance package (CSV import,
-- docs/import.md): natural key boekstuk when given, else line + datum.
CREATE TABLE bestuur.realisatie (
	swv_id       uuid NOT NULL REFERENCES platform.tenants (id),
	id           uuid NOT NULL,
	regel_id     uuid NOT NULL,
	datum        date NOT NULL,
	bedrag_cents bigint NOT NULL CHECK (bedrag_cents BETWEEN -100000000000 AND 100000000000),
	boekstuk     text CHECK (length(boekstuk) BETWEEN 1 AND 100),
	omschrijving text NOT NULL DEFAULT '' CHECK (length(omschrijving) <= 200),
	import_id    uuid,
	created_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT realisatie_regel_fkey FOREIGN KEY (swv_id, regel_id) REFERENCES bestuur.begroting_regels (swv_id, id)
);
CREATE UNIQUE INDEX realisatie_boekstuk_key ON bestuur.realisatie (swv_id, boekstuk) WHERE boekstuk IS NOT NULL;
CREATE UNIQUE INDEX realisatie_regel_datum_key ON bestuur.realisatie (swv_id, regel_id, datum) WHERE boekstuk IS NULL;
CREATE INDEX realisatie_datum_idx ON bestuur.realisatie (swv_id, regel_id, datum);

-- ---- manual forecasts -----------------------------------------------------------------
CREATE TABLE bestuur.begroting_prognoses (
	swv_id       uuid NOT NULL REFERENCES platform.tenants (id),
	schooljaar   text NOT NULL CHECK (schooljaar ~ '^[0-9]{4}-[0-9]{4}$'),
	regel_id     uuid NOT NULL,
	bedrag_cents bigint NOT NULL CHECK (bedrag_cents BETWEEN -100000000000 AND 100000000000),
	updated_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, schooljaar, regel_id),
	CONSTRAINT begroting_prognoses_regel_fkey FOREIGN KEY (swv_id, regel_id)
		REFERENCES bestuur.begroting_regels (swv_id, id)
);

-- ---- transfers to besturen ------------------------------------------------------------
CREATE TABLE bestuur.overdracht_tarieven (
	swv_id                    uuid NOT NULL REFERENCES platform.tenants (id),
	id                        uuid NOT NULL,
	schooljaar                text NOT NULL CHECK (schooljaar ~ '^[0-9]{4}-[0-9]{4}$'),
	soort                     text NOT NULL CHECK (soort ~ '^[a-z0-9_]{1,40}$'),
	omschrijving              text NOT NULL DEFAULT '' CHECK (length(omschrijving) <= 200),
	bedrag_per_leerling_cents bigint NOT NULL CHECK (bedrag_per_leerling_cents BETWEEN 0 AND 100000000),
	teldatum                  date NOT NULL,
	schoolsoorten             text[] NOT NULL DEFAULT '{bao}'
		CHECK (cardinality(schoolsoorten) BETWEEN 1 AND 3 AND schoolsoorten <@ ARRAY['bao', 'sbo', 'so']),
	regel_id                  uuid,
	created_at                timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, schooljaar, soort),
	CONSTRAINT overdracht_tarieven_regel_fkey FOREIGN KEY (swv_id, regel_id)
		REFERENCES bestuur.begroting_regels (swv_id, id)
);

-- ---- the SBO regimes: platform rules by date ---------------------------------------------
-- The rule in force on a date (geldig_van <= d < geldig_tot): the period it
-- funds (a school year or a calendar year), the count that decides (month,
-- day and the year relative to the period's first year) and the norm share
-- (the 2 % rule), none after it. The admin maintains them (SQL); every role
-- reads them.
CREATE TABLE platform.sbo_regimes (
	geldig_van      date PRIMARY KEY,
	geldig_tot      date CHECK (geldig_tot > geldig_van),
	regime          text NOT NULL CHECK (regime ~ '^[a-z0-9_]{1,40}$'),
	omschrijving    text NOT NULL DEFAULT '',
	periode         text NOT NULL CHECK (periode IN ('schooljaar', 'kalenderjaar')),
	peildatum_maand smallint NOT NULL CHECK (peildatum_maand BETWEEN 1 AND 12),
	peildatum_dag   smallint NOT NULL CHECK (peildatum_dag BETWEEN 1 AND 28),
	peildatum_jaar  smallint NOT NULL CHECK (peildatum_jaar BETWEEN -2 AND 1),
	norm_pct        numeric(5, 2) CHECK (norm_pct BETWEEN 0 AND 100)
);
INSERT INTO platform.sbo_regimes VALUES
	('2014-08-01', '2023-01-01', 'twee_procent',
	 'SBO 2 %-regeling: the state funds SBO as if 2 % of the pupils (BAO + SBO) attend it; above that the '
	 'SWV pays the difference, below it receives it. Count of 1 October before the school year.',
	 'schooljaar', 10, 1, -1, 2.00),
	('2023-01-01', NULL, 'peildatum_vorig_jaar',
	 'From 2023: funding by calendar year on the count of 1 February of the previous year; DUO transfers '
	 'by TLV.',
	 'kalenderjaar', 2, 1, -1, NULL);
GRANT SELECT ON platform.sbo_regimes
	TO passend_admin, passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
GRANT INSERT, UPDATE ON platform.sbo_regimes TO passend_admin;

-- ---- row level security and grants ---------------------------------------------------------
-- bestuur: its tenant, read and write. toezicht: reads the versions it
-- approves (groups and lines) and moves one from ingediend to goedgekeurd;
-- bookings, forecasts and rates it reads only through the report
-- (bestuur.begroting_report, SECURITY DEFINER). werkgebied and school: none.
-- The owner (the report) reads the current tenant.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['begroting_regels', 'begrotingen', 'begroting_groepen', 'begroting_posten',
	                         'realisatie', 'begroting_prognoses', 'overdracht_tarieven'] LOOP
		EXECUTE format('ALTER TABLE bestuur.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE bestuur.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON bestuur.%I TO passend_bestuur '
		               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
		               t || '_bestuur', t);
		EXECUTE format('CREATE POLICY %I ON bestuur.%I FOR SELECT TO %I USING (swv_id = platform.current_swv())',
		               t || '_owner', t, current_user);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['begroting_regels', 'begrotingen', 'begroting_groepen', 'begroting_posten'] LOOP
		EXECUTE format('CREATE POLICY %I ON bestuur.%I FOR SELECT TO passend_toezicht '
		               'USING (swv_id = platform.current_swv())', t || '_toezicht', t);
	END LOOP;
END
$$;
CREATE POLICY begrotingen_toezicht_approve ON bestuur.begrotingen FOR UPDATE TO passend_toezicht
	USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv());
GRANT SELECT, INSERT ON bestuur.begroting_regels, bestuur.begrotingen TO passend_bestuur;
GRANT UPDATE (status, ingediend_op, toelichting) ON bestuur.begrotingen TO passend_bestuur;
GRANT SELECT, INSERT, UPDATE, DELETE ON bestuur.begroting_groepen, bestuur.begroting_posten,
	bestuur.begroting_prognoses TO passend_bestuur;
GRANT SELECT, INSERT, UPDATE ON bestuur.realisatie, bestuur.overdracht_tarieven TO passend_bestuur;
GRANT SELECT ON bestuur.begroting_regels, bestuur.begrotingen, bestuur.begroting_groepen, bestuur.begroting_posten
	TO passend_toezicht;
GRANT UPDATE (status, goedgekeurd_op, besluit) ON bestuur.begrotingen TO passend_toezicht;
