-- 0024_toezicht_jaarplan: the supervisory body's own records and the jaarplan
-- (issue 9 points 7 and 8, docs/decisions.md D45): dated roles of persons in
-- toezicht, bestuur and the OPR (one person holding a bestuur and a toezicht
-- role at once is flagged when read); meetings of toezicht and of the OPR
-- with agenda items and their decisions; a risk register; and the jaarplan
-- (OGSM): doelen → perspectieven → acties with a KPI, its target and the
-- actuals entered per trimester. The rules that read across rows
-- (the dual-role flag, KPI progress and signals, the dashboard) are
-- repeatable functions (sql/functions/toezicht_*.sql, bestuur_jaarplan.sql).

-- ---- toezicht: roles ------------------------------------------------------------------
-- orgaan: the body the role is in. A bestuur role may name the schoolbestuur
-- (a school board member) or none (the SWV's own bestuur). A person is known
-- by name only (no personal data beyond it): toezicht.persoon_key folds case,
-- accents and spaces so that "J. de Vries" and "j.  de vries" are one person.
CREATE TABLE toezicht.rollen (
	swv_id           uuid NOT NULL REFERENCES platform.tenants (id),
	id               uuid NOT NULL,
	persoon          text NOT NULL CHECK (length(persoon) BETWEEN 1 AND 200),
	orgaan           text NOT NULL CHECK (orgaan IN ('toezicht', 'bestuur', 'opr')),
	functie          text NOT NULL CHECK (length(functie) BETWEEN 1 AND 200),
	schoolbestuur_id uuid,
	start_date       date NOT NULL,
	end_date         date,
	created_at       timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT rollen_schoolbestuur_fkey FOREIGN KEY (swv_id, schoolbestuur_id)
		REFERENCES bestuur.schoolbesturen (swv_id, id),
	CONSTRAINT rollen_periode CHECK (end_date IS NULL OR end_date >= start_date),
	CONSTRAINT rollen_schoolbestuur CHECK (schoolbestuur_id IS NULL OR orgaan = 'bestuur')
);
CREATE FUNCTION toezicht.persoon_key(p text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
	SELECT translate(lower(regexp_replace(btrim(p), '\s+', ' ', 'g')),
	                 'àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ', 'aaaaaaceeeeiiiinoooooouuuuyy')
$$;
GRANT EXECUTE ON FUNCTION toezicht.persoon_key(text) TO passend_bestuur, passend_toezicht;
CREATE INDEX rollen_persoon_idx ON toezicht.rollen (swv_id, toezicht.persoon_key(persoon));
COMMENT ON TABLE toezicht.rollen IS 'dated roles of persons in toezicht, bestuur and the OPR (D45)';

-- ---- toezicht and OPR meetings, agenda items, decisions ----------------------------
CREATE TABLE toezicht.vergaderingen (
	swv_id     uuid NOT NULL REFERENCES platform.tenants (id),
	id         uuid NOT NULL,
	orgaan     text NOT NULL CHECK (orgaan IN ('toezicht', 'opr')),
	datum      date NOT NULL,
	titel      text NOT NULL CHECK (length(titel) BETWEEN 1 AND 200),
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, id, orgaan)
);
CREATE UNIQUE INDEX vergaderingen_titel ON toezicht.vergaderingen (swv_id, lower(titel));
COMMENT ON TABLE toezicht.vergaderingen IS 'meetings of toezicht and of the ondersteuningsplanraad (D45)';

-- besluit: what the item decides, if anything: toezicht approves the
-- begroting and the jaarplan (periode a schooljaar) and the jaarrekening
-- (periode a calendar year); the OPR consents to the ondersteuningsplan
-- (periode its years, e.g. 2018-2022); overig: any other decision.
-- uitkomst: open until decided; approvals goedgekeurd / afgekeurd, the OPR
-- instemming / geen_instemming, either aangehouden (postponed, may be
-- decided later). A final uitkomst is never changed (trigger), and a subject
-- is approved (goedgekeurd / instemming) once.
CREATE TABLE toezicht.agendapunten (
	swv_id         uuid NOT NULL REFERENCES platform.tenants (id),
	id             uuid NOT NULL,
	vergadering_id uuid NOT NULL,
	orgaan         text NOT NULL,
	volgorde       integer NOT NULL CHECK (volgorde BETWEEN 1 AND 999),
	onderwerp      text NOT NULL CHECK (length(onderwerp) BETWEEN 1 AND 200),
	besluit        text NOT NULL DEFAULT 'geen' CHECK (besluit IN ('geen', 'begroting', 'jaarrekening', 'jaarplan',
	                                                               'ondersteuningsplan', 'overig')),
	periode        text NOT NULL DEFAULT '',
	uitkomst       text NOT NULL DEFAULT 'open' CHECK (uitkomst IN ('open', 'goedgekeurd', 'afgekeurd', 'aangehouden',
	                                                                'instemming', 'geen_instemming')),
	besluit_datum  date,
	toelichting    text NOT NULL DEFAULT '' CHECK (length(toelichting) <= 4000),
	created_at     timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, vergadering_id, volgorde),
	CONSTRAINT agendapunten_vergadering_fkey FOREIGN KEY (swv_id, vergadering_id, orgaan)
		REFERENCES toezicht.vergaderingen (swv_id, id, orgaan),
	CONSTRAINT agendapunten_orgaan CHECK (CASE besluit WHEN 'ondersteuningsplan' THEN orgaan = 'opr'
	                                      WHEN 'begroting' THEN orgaan = 'toezicht'
	                                      WHEN 'jaarrekening' THEN orgaan = 'toezicht'
	                                      WHEN 'jaarplan' THEN orgaan = 'toezicht' ELSE true END),
	CONSTRAINT agendapunten_periode CHECK (CASE besluit
		WHEN 'begroting' THEN periode ~ '^[0-9]{4}-[0-9]{4}$'
		                      AND substr(periode, 6)::integer = substr(periode, 1, 4)::integer + 1
		WHEN 'jaarplan' THEN periode ~ '^[0-9]{4}-[0-9]{4}$'
		                     AND substr(periode, 6)::integer = substr(periode, 1, 4)::integer + 1
		WHEN 'jaarrekening' THEN periode ~ '^[0-9]{4}$'
		WHEN 'ondersteuningsplan' THEN periode ~ '^[0-9]{4}-[0-9]{4}$'
		                               AND substr(periode, 6)::integer > substr(periode, 1, 4)::integer
		ELSE periode = '' END),
	CONSTRAINT agendapunten_uitkomst CHECK (CASE besluit
		WHEN 'geen' THEN uitkomst = 'open'
		WHEN 'ondersteuningsplan' THEN uitkomst IN ('open', 'instemming', 'geen_instemming', 'aangehouden')
		ELSE uitkomst IN ('open', 'goedgekeurd', 'afgekeurd', 'aangehouden') END),
	CONSTRAINT agendapunten_besluit_datum CHECK ((uitkomst = 'open') = (besluit_datum IS NULL))
);
CREATE UNIQUE INDEX agendapunten_eens_goedgekeurd ON toezicht.agendapunten (swv_id, besluit, periode)
	WHERE uitkomst IN ('goedgekeurd', 'instemming') AND besluit <> 'overig';
CREATE INDEX agendapunten_besluit_idx ON toezicht.agendapunten (swv_id, besluit, periode);
COMMENT ON TABLE toezicht.agendapunten IS 'agenda items of a meeting and the decision each took (D45)';

-- A decided item keeps its decision: open and aangehouden may move, the
-- others are final (55000, FAILED_PRECONDITION, naming the decision).
CREATE FUNCTION toezicht.agendapunt_final() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
	IF OLD.uitkomst NOT IN ('open', 'aangehouden') AND
	   (NEW.uitkomst, NEW.besluit, NEW.periode, NEW.besluit_datum) IS DISTINCT FROM
	   (OLD.uitkomst, OLD.besluit, OLD.periode, OLD.besluit_datum) THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('agendapunt "%s" is already decided: %s on %s', OLD.onderwerp, OLD.uitkomst,
			                 OLD.besluit_datum);
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER agendapunten_final BEFORE UPDATE ON toezicht.agendapunten
	FOR EACH ROW EXECUTE FUNCTION toezicht.agendapunt_final();

-- ---- risk register ----------------------------------------------------------------------
-- kans and impact 1-5; score = kans × impact (1-25).
CREATE TABLE toezicht.risicos (
	swv_id       uuid NOT NULL REFERENCES platform.tenants (id),
	id           uuid NOT NULL,
	titel        text NOT NULL CHECK (length(titel) BETWEEN 1 AND 200),
	omschrijving text NOT NULL DEFAULT '' CHECK (length(omschrijving) <= 4000),
	categorie    text NOT NULL DEFAULT '' CHECK (length(categorie) <= 100),
	kans         smallint NOT NULL CHECK (kans BETWEEN 1 AND 5),
	impact       smallint NOT NULL CHECK (impact BETWEEN 1 AND 5),
	score        smallint GENERATED ALWAYS AS (kans * impact) STORED,
	maatregelen  text NOT NULL DEFAULT '' CHECK (length(maatregelen) <= 4000),
	eigenaar     text NOT NULL DEFAULT '' CHECK (length(eigenaar) <= 200),
	status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'beheerst', 'gesloten')),
	vastgesteld_op date NOT NULL,
	herzien_op   date,
	created_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT risicos_herzien CHECK (herzien_op IS NULL OR herzien_op >= vastgesteld_op)
);
CREATE UNIQUE INDEX risicos_titel ON toezicht.risicos (swv_id, lower(titel));
COMMENT ON TABLE toezicht.risicos IS 'the risk register: kans × impact, measures, owner, status (D45)';

-- ---- the jaarplan (bestuur) ------------------------------------------------------------
CREATE TABLE bestuur.jaarplan_doelen (
	swv_id     uuid NOT NULL REFERENCES platform.tenants (id),
	id         uuid NOT NULL,
	schooljaar text NOT NULL CHECK (schooljaar ~ '^[0-9]{4}-[0-9]{4}$'
	                                AND substr(schooljaar, 6)::integer = substr(schooljaar, 1, 4)::integer + 1),
	titel      text NOT NULL CHECK (length(titel) BETWEEN 1 AND 400),
	volgorde   integer NOT NULL DEFAULT 1 CHECK (volgorde BETWEEN 1 AND 999),
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, id, schooljaar)
);
CREATE UNIQUE INDEX jaarplan_doelen_titel ON bestuur.jaarplan_doelen (swv_id, schooljaar, lower(titel));

CREATE TABLE bestuur.jaarplan_perspectieven (
	swv_id     uuid NOT NULL REFERENCES platform.tenants (id),
	id         uuid NOT NULL,
	doel_id    uuid NOT NULL,
	schooljaar text NOT NULL,
	naam       text NOT NULL CHECK (length(naam) BETWEEN 1 AND 200),
	volgorde   integer NOT NULL DEFAULT 1 CHECK (volgorde BETWEEN 1 AND 999),
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	UNIQUE (swv_id, id, schooljaar),
	CONSTRAINT jaarplan_perspectieven_doel_fkey FOREIGN KEY (swv_id, doel_id, schooljaar)
		REFERENCES bestuur.jaarplan_doelen (swv_id, id, schooljaar)
);
CREATE UNIQUE INDEX jaarplan_perspectieven_naam ON bestuur.jaarplan_perspectieven (swv_id, schooljaar, lower(naam));

-- An action and its KPI. begrotingsregel: the budget reference as printed;
-- begrotingsregel_id: the begroting line it points to, to be filled once
-- begroting lines exist (no foreign key yet: a later migration adds it).
-- doel_soort: the target is a share (doelwaarde 0..1), a count (a whole
-- number) or none. kpi_bron: invoer (actuals entered per trimester) or one
-- the service computes from its own data (bestuur.jaarplan_voortgang):
-- arrangementen_versterkt (share of arrangements that also strengthen the
-- teacher's or team's skills) or mdo_kind_deelgenomen (share of MDOs with
-- the child taking part); both are shares. aandacht_marge: how far below
-- the target a computed signal is "op koers met aandacht" rather than
-- "niet op koers" (default 0.05 for a share, 10% of the target for a count).
CREATE TABLE bestuur.jaarplan_acties (
	swv_id            uuid NOT NULL REFERENCES platform.tenants (id),
	id                uuid NOT NULL,
	perspectief_id    uuid NOT NULL,
	schooljaar        text NOT NULL,
	code              text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$'),
	volgorde          integer NOT NULL DEFAULT 1 CHECK (volgorde BETWEEN 1 AND 999),
	wat               text NOT NULL CHECK (length(wat) BETWEEN 1 AND 400),
	wie               text NOT NULL DEFAULT '' CHECK (length(wie) <= 200),
	wanneer           text NOT NULL DEFAULT '' CHECK (length(wanneer) <= 200),
	begrotingsregel   text NOT NULL DEFAULT '' CHECK (length(begrotingsregel) <= 400),
	begrotingsregel_id uuid,
	kpi               text NOT NULL DEFAULT '' CHECK (length(kpi) <= 400),
	doel_soort        text NOT NULL DEFAULT 'geen' CHECK (doel_soort IN ('geen', 'aandeel', 'aantal')),
	doelwaarde        numeric(14, 4),
	kpi_bron          text NOT NULL DEFAULT 'invoer' CHECK (kpi_bron IN ('invoer', 'arrangementen_versterkt',
	                                                                    'mdo_kind_deelgenomen')),
	aandacht_marge    numeric(14, 4) CHECK (aandacht_marge >= 0),
	afgerond_op       date,
	created_at        timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT jaarplan_acties_perspectief_fkey FOREIGN KEY (swv_id, perspectief_id, schooljaar)
		REFERENCES bestuur.jaarplan_perspectieven (swv_id, id, schooljaar),
	CONSTRAINT jaarplan_acties_doel CHECK (CASE doel_soort
		WHEN 'geen' THEN doelwaarde IS NULL
		WHEN 'aandeel' THEN doelwaarde BETWEEN 0 AND 1
		ELSE doelwaarde >= 0 AND doelwaarde = trunc(doelwaarde) END),
	CONSTRAINT jaarplan_acties_bron CHECK (kpi_bron = 'invoer' OR doel_soort = 'aandeel')
);
CREATE UNIQUE INDEX jaarplan_acties_code ON bestuur.jaarplan_acties (swv_id, schooljaar, lower(code));
COMMENT ON TABLE bestuur.jaarplan_acties IS 'jaarplan actions (wat, wie, wanneer, begrotingsregel) and their KPI (D45)';

-- The KPI's actual through trimester k of the school year (cumulative:
-- the stand at the end of T1, T2, T3), entered, with an optional entered
-- signal that overrides the computed one.
CREATE TABLE bestuur.jaarplan_metingen (
	swv_id      uuid NOT NULL REFERENCES platform.tenants (id),
	actie_id    uuid NOT NULL,
	trimester   smallint NOT NULL CHECK (trimester BETWEEN 1 AND 3),
	waarde      numeric(14, 4),
	signaal     text CHECK (signaal IN ('op_koers', 'op_koers_met_aandacht', 'niet_op_koers', 'afgerond')),
	toelichting text NOT NULL DEFAULT '' CHECK (length(toelichting) <= 4000),
	recorded_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, actie_id, trimester),
	CONSTRAINT jaarplan_metingen_actie_fkey FOREIGN KEY (swv_id, actie_id) REFERENCES bestuur.jaarplan_acties (swv_id, id),
	CONSTRAINT jaarplan_metingen_iets CHECK (waarde IS NOT NULL OR signaal IS NOT NULL)
);

-- ---- row level security and grants -------------------------------------------------
-- toezicht's records: toezicht and bestuur read and write them (the SWV's
-- staff prepare agendas and keep the OPR's records); only toezicht records
-- the decision of a toezicht meeting (the bestuur write policy keeps those
-- items open). The jaarplan: bestuur writes, toezicht reads. werkgebied and
-- school: no privilege on any of them.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['toezicht.rollen', 'toezicht.vergaderingen', 'toezicht.agendapunten', 'toezicht.risicos',
	                         'bestuur.jaarplan_doelen', 'bestuur.jaarplan_perspectieven', 'bestuur.jaarplan_acties',
	                         'bestuur.jaarplan_metingen'] LOOP
		EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON %s TO passend_bestuur USING (swv_id = platform.current_swv()) '
		               'WITH CHECK (swv_id = platform.current_swv()%s)', split_part(t, '.', 2) || '_bestuur', t,
		               CASE WHEN t = 'toezicht.agendapunten' THEN ' AND (orgaan = ''opr'' OR uitkomst = ''open'')'
		                    ELSE '' END);
		IF t LIKE 'toezicht.%' THEN
			EXECUTE format('CREATE POLICY %I ON %s TO passend_toezicht USING (swv_id = platform.current_swv()) '
			               'WITH CHECK (swv_id = platform.current_swv())', split_part(t, '.', 2) || '_toezicht', t);
			EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %s TO passend_bestuur, passend_toezicht', t);
		ELSE
			EXECUTE format('CREATE POLICY %I ON %s FOR SELECT TO passend_toezicht '
			               'USING (swv_id = platform.current_swv())', split_part(t, '.', 2) || '_toezicht', t);
			EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %s TO passend_bestuur', t);
			EXECUTE format('GRANT SELECT ON %s TO passend_toezicht', t);
		END IF;
	END LOOP;
END
$$;
-- The id columns are the rows' identity: no role changes them.
REVOKE UPDATE ON toezicht.rollen, toezicht.vergaderingen, toezicht.agendapunten, toezicht.risicos,
	bestuur.jaarplan_doelen, bestuur.jaarplan_perspectieven, bestuur.jaarplan_acties, bestuur.jaarplan_metingen
	FROM passend_bestuur, passend_toezicht;
GRANT UPDATE (functie, end_date) ON toezicht.rollen TO passend_bestuur, passend_toezicht;
GRANT UPDATE (uitkomst, besluit_datum, toelichting) ON toezicht.agendapunten TO passend_bestuur, passend_toezicht;
GRANT UPDATE (titel, omschrijving, categorie, kans, impact, maatregelen, eigenaar, status, herzien_op)
	ON toezicht.risicos TO passend_bestuur, passend_toezicht;
GRANT UPDATE (wat, wie, wanneer, begrotingsregel, begrotingsregel_id, kpi, doel_soort, doelwaarde, kpi_bron,
              aandacht_marge, afgerond_op) ON bestuur.jaarplan_acties TO passend_bestuur;
GRANT UPDATE (waarde, signaal, toelichting, recorded_at) ON bestuur.jaarplan_metingen TO passend_bestuur;

-- ---- the dashboard's row ------------------------------------------------------------------
-- One line of a section of passend.v1.Toezicht/GetDashboard: every section
-- is a function (p_schooljaar text, p_trimester integer) RETURNS SETOF
-- toezicht.dashboard_regel, listed in toezicht.dashboard
-- (sql/functions/toezicht_dashboard.sql). waarde is a decimal or count as
-- text (NULL with suppressed: hidden as the reports hide it); doel what it is
-- measured against; signaal a word of the section (op_koers, ...).
CREATE TYPE toezicht.dashboard_regel AS (
	ord         integer,
	onderwerp   text,
	periode     text,
	waarde      text,
	suppressed  boolean,
	doel        text,
	signaal     text,
	toelichting text
);
