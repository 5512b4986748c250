-- 0023_jaarrekening: annual accounts per calendar year and the kengetallen
-- the inspectie watches (issue 9 points 5 and 6; docs/decisions.md D44).
-- bestuur: the tenant's accounts (balans at 31 December, staat van baten en
-- lasten with its budget, published kengetallen). platform: the rubrieken a
-- line is classified by and the versioned configuration of the kengetallen
-- (definitions, size classes, signaleringswaarden), admin-maintained.

-- ---- platform: rubrieken ----------------------------------------------------------
-- What a line of the accounts is: its staat (activa and passiva make the
-- balans, baten and lasten the staat van baten en lasten) and its place in
-- the printed order. Kengetal definitions name rubrieken and staten.
CREATE TABLE platform.jaarrekening_rubrieken (
	rubriek  text PRIMARY KEY CHECK (rubriek ~ '^[a-z][a-z_]{1,40}$'),
	staat    text NOT NULL CHECK (staat IN ('activa', 'passiva', 'baten', 'lasten')),
	volgorde integer NOT NULL,
	naam     text NOT NULL
);
INSERT INTO platform.jaarrekening_rubrieken (rubriek, staat, volgorde, naam) VALUES
	('immateriele_vaste_activa', 'activa', 10, 'Immateriële vaste activa'),
	('gebouwen_terreinen', 'activa', 20, 'Gebouwen en terreinen'),
	('materiele_vaste_activa', 'activa', 30, 'Materiële vaste activa'),
	('financiele_vaste_activa', 'activa', 40, 'Financiële vaste activa'),
	('voorraden', 'activa', 50, 'Voorraden'),
	('vorderingen', 'activa', 60, 'Vorderingen'),
	('effecten', 'activa', 70, 'Effecten'),
	('liquide_middelen', 'activa', 80, 'Liquide middelen'),
	('eigen_vermogen', 'passiva', 110, 'Eigen vermogen'),
	('voorzieningen', 'passiva', 120, 'Voorzieningen'),
	('langlopende_schulden', 'passiva', 130, 'Langlopende schulden'),
	('kortlopende_schulden', 'passiva', 140, 'Kortlopende schulden'),
	('rijksbijdragen', 'baten', 210, 'Rijksbijdragen'),
	('overige_overheidsbijdragen', 'baten', 220, 'Overige overheidsbijdragen en -subsidies'),
	('overige_baten', 'baten', 230, 'Overige baten'),
	('financiele_baten', 'baten', 240, 'Financiële baten'),
	('personele_lasten', 'lasten', 310, 'Personele lasten'),
	('afschrijvingen', 'lasten', 320, 'Afschrijvingen'),
	('huisvestingslasten', 'lasten', 330, 'Huisvestingslasten'),
	('overige_lasten', 'lasten', 340, 'Overige lasten'),
	('doorbetalingen', 'lasten', 350, 'Doorbetalingen aan schoolbesturen'),
	('financiele_lasten', 'lasten', 360, 'Financiële lasten');
GRANT SELECT ON platform.jaarrekening_rubrieken TO passend_admin, passend_bestuur, passend_toezicht;

-- ---- platform: kengetal definitions (versioned per year) ----------------------------
-- waarde = sum(teller) / sum(noemer) x factor, rounded half-up to 2 decimals;
-- a term is a rubriek or a staat (its total), '-' in front subtracts it.
-- eenheid 'euro' (the reserve norm): waarde = sum(teller) in euros, compared
-- with greatest(minimum, bovengrens % of sum(noemer)). The version in force
-- for a year is the one with the greatest geldig_vanaf <= that year.
CREATE TABLE platform.kengetal_definities (
	kengetal     text NOT NULL CHECK (kengetal ~ '^[a-z][a-z0-9_]{1,40}$'),
	geldig_vanaf integer NOT NULL CHECK (geldig_vanaf BETWEEN 1990 AND 2100),
	naam         text NOT NULL CHECK (length(naam) BETWEEN 1 AND 200),
	teller       text[] NOT NULL CHECK (cardinality(teller) BETWEEN 1 AND 20),
	noemer       text[] NOT NULL CHECK (cardinality(noemer) BETWEEN 0 AND 20),
	factor       numeric NOT NULL CHECK (factor IN (1, 100)),
	eenheid      text NOT NULL CHECK (eenheid IN ('%', 'ratio', 'euro')),
	volgorde     integer NOT NULL DEFAULT 0,
	PRIMARY KEY (kengetal, geldig_vanaf),
	CONSTRAINT kengetal_definities_noemer CHECK (eenheid = 'euro' OR cardinality(noemer) > 0)
);
-- Every term names a rubriek or a staat (optionally with '-'); checked per
-- row so that the admin's statement can answer in its own words first.
CREATE FUNCTION platform.kengetal_termen_ok(p_termen text[]) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT coalesce(bool_and(ltrim(t, '-') IN ('activa', 'passiva', 'baten', 'lasten')
	                         OR EXISTS (SELECT 1 FROM platform.jaarrekening_rubrieken r
	                                    WHERE r.rubriek = ltrim(t, '-'))), true)
	FROM unnest(p_termen) AS t
$$;
GRANT EXECUTE ON FUNCTION platform.kengetal_termen_ok(text[]) TO passend_admin, passend_bestuur, passend_toezicht;
ALTER TABLE platform.kengetal_definities ADD CONSTRAINT kengetal_definities_termen
	CHECK (platform.kengetal_termen_ok(teller) AND platform.kengetal_termen_ok(noemer));

-- DOMAIN.md §7 and the inspectie's definitions; valid from 2014 (the start of
-- passend onderwijs). Rentabiliteit: resultaat = baten - lasten (financiële
-- baten and lasten included, as rubrieken of those staten).
INSERT INTO platform.kengetal_definities (kengetal, geldig_vanaf, naam, teller, noemer, factor, eenheid, volgorde)
VALUES
	('solvabiliteit_1', 2014, 'Solvabiliteit 1', '{eigen_vermogen}', '{passiva}', 100, '%', 10),
	('solvabiliteit_2', 2014, 'Solvabiliteit 2', '{eigen_vermogen,voorzieningen}', '{passiva}', 100, '%', 20),
	('liquiditeit', 2014, 'Liquiditeit (current ratio)', '{vorderingen,liquide_middelen}', '{kortlopende_schulden}',
	 1, 'ratio', 30),
	('rentabiliteit', 2014, 'Rentabiliteit', '{baten,-lasten}', '{baten}', 100, '%', 40),
	('weerstandsvermogen', 2014, 'Weerstandsvermogen', '{eigen_vermogen}', '{baten}', 100, '%', 50),
	('kapitalisatiefactor', 2014, 'Kapitalisatiefactor', '{activa,-gebouwen_terreinen}', '{baten}', 100, '%', 60),
	('aandeel_personele_lasten', 2014, 'Aandeel personele lasten in totale lasten', '{personele_lasten}',
	 '{lasten}', 100, '%', 70),
	('aandeel_materiele_lasten', 2014, 'Aandeel materiële lasten in totale lasten',
	 '{afschrijvingen,huisvestingslasten,overige_lasten}', '{lasten}', 100, '%', 80),
	('aandeel_doorbetalingen', 2014, 'Aandeel doorbetalingen in totale lasten', '{doorbetalingen}', '{lasten}',
	 100, '%', 90),
	('reservenorm', 2014, 'Eigen vermogen tegenover de reservenorm', '{eigen_vermogen}', '{baten}', 1, 'euro',
	 100);

-- ---- platform: size classes (versioned per year) ------------------------------------
-- A tenant's class in a year: of the version in force, the class with the
-- greatest baten_vanaf_cents <= its totale baten of that year. Every
-- version has a class from 0.
CREATE TABLE platform.grootteklassen (
	geldig_vanaf      integer NOT NULL CHECK (geldig_vanaf BETWEEN 1990 AND 2100),
	grootteklasse     text NOT NULL CHECK (grootteklasse ~ '^[a-z][a-z0-9_]{0,30}$' AND grootteklasse <> 'alle'),
	baten_vanaf_cents bigint NOT NULL CHECK (baten_vanaf_cents BETWEEN 0 AND 100000000000000),
	PRIMARY KEY (geldig_vanaf, grootteklasse),
	UNIQUE (geldig_vanaf, baten_vanaf_cents)
);
INSERT INTO platform.grootteklassen (geldig_vanaf, grootteklasse, baten_vanaf_cents) VALUES
	(2014, 'klein', 0), (2014, 'middel', 500000000), (2014, 'groot', 1500000000);

-- ---- platform: signaleringswaarden (versioned per year and size class) ----------------
-- A kengetal signals below ondergrens or above bovengrens (either may be
-- NULL). grootteklasse 'alle' applies to every class; for a year and class
-- the row in force is the one with the greatest geldig_vanaf <= the year,
-- a row of the class itself before 'alle' of the same version. For the
-- reserve norm (eenheid euro) bovengrens is a percentage of the noemer and
-- minimum_cents the least norm.
CREATE TABLE platform.signaleringswaarden (
	kengetal      text NOT NULL CHECK (kengetal ~ '^[a-z][a-z0-9_]{1,40}$'),
	geldig_vanaf  integer NOT NULL CHECK (geldig_vanaf BETWEEN 1990 AND 2100),
	grootteklasse text NOT NULL DEFAULT 'alle' CHECK (grootteklasse ~ '^[a-z][a-z0-9_]{0,30}$'),
	ondergrens    numeric(14, 2),
	bovengrens    numeric(14, 2),
	minimum_cents bigint CHECK (minimum_cents BETWEEN 0 AND 100000000000000),
	PRIMARY KEY (kengetal, geldig_vanaf, grootteklasse),
	CONSTRAINT signaleringswaarden_grenzen CHECK (ondergrens IS NULL OR bovengrens IS NULL OR ondergrens <= bovengrens)
);
-- DOMAIN.md §7: solvabiliteit 2 < 30 %; liquiditeit < 0.75 / 1.0 / 1.5 by
-- size; a reserve above max(EUR 250,000; 3.5 % of baten) may be excessive.
-- Rentabiliteit, weerstandsvermogen and kapitalisatiefactor: the inspectie's
-- one-year values (rentabiliteit < -10 %, weerstandsvermogen < 5 %,
-- kapitalisatiefactor > 60 % small and > 35 % larger boards).
INSERT INTO platform.signaleringswaarden (kengetal, geldig_vanaf, grootteklasse, ondergrens, bovengrens,
                                          minimum_cents) VALUES
	('solvabiliteit_2', 2014, 'alle', 30, NULL, NULL),
	('liquiditeit', 2014, 'klein', 1.5, NULL, NULL),
	('liquiditeit', 2014, 'middel', 1.0, NULL, NULL),
	('liquiditeit', 2014, 'groot', 0.75, NULL, NULL),
	('rentabiliteit', 2014, 'alle', -10, NULL, NULL),
	('weerstandsvermogen', 2014, 'alle', 5, NULL, NULL),
	('kapitalisatiefactor', 2014, 'klein', NULL, 60, NULL),
	('kapitalisatiefactor', 2014, 'alle', NULL, 35, NULL),
	('reservenorm', 2014, 'alle', NULL, 3.5, 25000000);

GRANT SELECT ON platform.kengetal_definities, platform.grootteklassen, platform.signaleringswaarden
	TO passend_admin, passend_bestuur, passend_toezicht;
GRANT INSERT, UPDATE ON platform.kengetal_definities, platform.grootteklassen, platform.signaleringswaarden
	TO passend_admin;
-- The admin writes the configuration only with the proof of its token (D36).
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['kengetal_definities', 'grootteklassen', 'signaleringswaarden'] LOOP
		EXECUTE format('ALTER TABLE platform.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON platform.%I FOR SELECT TO passend_admin, passend_bestuur, '
		               'passend_toezicht USING (true)', t || '_read', t);
		EXECUTE format('CREATE POLICY %I ON platform.%I FOR INSERT TO passend_admin '
		               'WITH CHECK ((SELECT platform.admin_proven()))', t || '_admin_insert', t);
		EXECUTE format('CREATE POLICY %I ON platform.%I FOR UPDATE TO passend_admin '
		               'USING ((SELECT platform.admin_proven())) WITH CHECK ((SELECT platform.admin_proven()))',
		               t || '_admin_update', t);
	END LOOP;
END
$$;

-- ---- bestuur: the accounts -----------------------------------------------------------
CREATE TABLE bestuur.jaarrekeningen (
	swv_id     uuid NOT NULL REFERENCES platform.tenants (id),
	jaar       integer NOT NULL CHECK (jaar BETWEEN 1990 AND 2100),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, jaar)
);
COMMENT ON TABLE bestuur.jaarrekeningen IS 'annual accounts per calendar year (DOMAIN.md §7)';

-- Whether p is a rubriek: the check of a line's rubriek (a foreign key to
-- the platform table would not lead with swv_id, ARCHITECTURE.md §11).
CREATE FUNCTION platform.jaarrekening_rubriek_bestaat(p text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT EXISTS (SELECT 1 FROM platform.jaarrekening_rubrieken r WHERE r.rubriek = p)
$$;
REVOKE ALL ON FUNCTION platform.jaarrekening_rubriek_bestaat(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.jaarrekening_rubriek_bestaat(text) TO passend_bestuur;

-- One line of the balans (at 31 December) or of the staat van baten en
-- lasten (over the year, with its budget). code: as printed ("2.1.1"),
-- stable between years: the previous year's figure is the line of the same
-- code. Amounts in cents; a reserve or a result may be negative.
CREATE TABLE bestuur.jaarrekening_regels (
	swv_id          uuid NOT NULL,
	jaar            integer NOT NULL,
	code            text NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
	rubriek         text NOT NULL CONSTRAINT jaarrekening_regels_rubriek
	                CHECK (platform.jaarrekening_rubriek_bestaat(rubriek)),
	naam            text NOT NULL CHECK (length(naam) BETWEEN 1 AND 200),
	volgorde        integer NOT NULL,
	bedrag_cents    bigint NOT NULL CHECK (abs(bedrag_cents) <= 100000000000000),
	begroting_cents bigint CHECK (abs(begroting_cents) <= 100000000000000),
	PRIMARY KEY (swv_id, jaar, code),
	CONSTRAINT jaarrekening_regels_jaar_fkey FOREIGN KEY (swv_id, jaar)
		REFERENCES bestuur.jaarrekeningen (swv_id, jaar) ON DELETE CASCADE
);

-- Kengetallen as the published annual report printed them, kept beside the
-- computed ones (the report flags a difference); in the definition's unit.
CREATE TABLE bestuur.jaarrekening_gepubliceerd (
	swv_id   uuid NOT NULL,
	jaar     integer NOT NULL,
	kengetal text NOT NULL,
	waarde   numeric(16, 2) NOT NULL,
	PRIMARY KEY (swv_id, jaar, kengetal),
	CONSTRAINT jaarrekening_gepubliceerd_jaar_fkey FOREIGN KEY (swv_id, jaar)
		REFERENCES bestuur.jaarrekeningen (swv_id, jaar) ON DELETE CASCADE
);

-- Every writer keeps the balans in balance: checked at commit over the
-- year's lines (the put function refuses first, naming both totals).
CREATE FUNCTION bestuur.jaarrekening_balans_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	a bigint;
	p bigint;
	r record;
BEGIN
	r := coalesce(NEW, OLD);
	SELECT coalesce(sum(g.bedrag_cents) FILTER (WHERE k.staat = 'activa'), 0),
	       coalesce(sum(g.bedrag_cents) FILTER (WHERE k.staat = 'passiva'), 0)
	  INTO a, p
	  FROM bestuur.jaarrekening_regels g JOIN platform.jaarrekening_rubrieken k ON k.rubriek = g.rubriek
	 WHERE g.swv_id = r.swv_id AND g.jaar = r.jaar;
	IF a <> p THEN
		RAISE EXCEPTION USING ERRCODE = '23514',
			MESSAGE = format('jaarrekening_balans: the balans of %s does not balance (activa %s cents, passiva %s cents)',
			                 r.jaar, a, p);
	END IF;
	RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION bestuur.jaarrekening_balans_check() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER jaarrekening_balans AFTER INSERT OR UPDATE OR DELETE ON bestuur.jaarrekening_regels
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bestuur.jaarrekening_balans_check();

-- bestuur reads and writes its tenant's accounts; toezicht reads them (it
-- approves the jaarrekening; organisation-level figures, no pupil data);
-- werkgebied and school have no privilege on finance.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['jaarrekeningen', 'jaarrekening_regels', 'jaarrekening_gepubliceerd'] LOOP
		EXECUTE format('ALTER TABLE bestuur.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE bestuur.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON bestuur.%I TO passend_bestuur '
		               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
		               t || '_bestuur', t);
		EXECUTE format('CREATE POLICY %I ON bestuur.%I FOR SELECT TO passend_toezicht '
		               'USING (swv_id = platform.current_swv())', t || '_toezicht', t);
		EXECUTE format('CREATE POLICY %I ON bestuur.%I FOR SELECT TO %I USING (swv_id = platform.current_swv())',
		               t || '_owner', t, current_user);
	END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON bestuur.jaarrekeningen, bestuur.jaarrekening_regels,
	bestuur.jaarrekening_gepubliceerd TO passend_bestuur;
GRANT SELECT ON bestuur.jaarrekeningen, bestuur.jaarrekening_regels, bestuur.jaarrekening_gepubliceerd
	TO passend_toezicht;
