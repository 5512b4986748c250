-- 0025_trimesterrapportage: the trimesterrapportage as one report (issue 10
-- points 1, 2 and 5, docs/decisions.md D47). The figures are computed by
-- bestuur.trimester_cellen (sql/functions/rapportage_trimester.sql) from
-- the reports that already publish them; what this migration keeps is what
-- the SWV adds to them:
-- * bestuur.trimester_teksten: per report (schooljaar, trimester) and
--   section the aandachtspunten and conclusies, every version kept with its
--   author (token and role) and time;
-- * bestuur.trimester_vastgesteld: a report vastgesteld on a date, its cells
--   as computed then (one copy per variant: volledig for bestuur,
--   geaggregeerd as toezicht sees it), so that later changes to the data do
--   not change it;
-- * bestuur.trimester_gepubliceerd: a figure as the SWV published it for a
--   cell of the report, shown beside the computed one where they differ.

-- The cell of a report: section, table, row and column with their order
-- and what a person reads; waarde a count ("513"), a decimal ("3.10"),
-- an amount in euros ("1234.56") or a word; NULL with suppressed.
CREATE TYPE bestuur.trimester_cel AS (
	sectie_ord  integer,
	sectie      text,
	tabel_ord   integer,
	tabel       text,
	tabel_titel text,
	rij_ord     integer,
	rij         text,
	label       text,
	kolom_ord   integer,
	kolom       text,
	waarde      text,
	suppressed  boolean
);

-- The passend role in force (platform.invoking_role_name, which only
-- SECURITY DEFINER code may call): the author's role of a text, and which
-- frozen copy a caller reads (bestuur: volledig, any other: geaggregeerd).
CREATE FUNCTION bestuur.trimester_rol() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$ SELECT platform.invoking_role_name() $$;
REVOKE ALL ON FUNCTION bestuur.trimester_rol() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.trimester_rol() TO passend_bestuur, passend_toezicht;

CREATE TABLE bestuur.trimester_teksten (
	swv_id      uuid NOT NULL DEFAULT platform.current_swv() REFERENCES platform.tenants (id),
	schooljaar  text NOT NULL CHECK (schooljaar ~ '^[0-9]{4}-[0-9]{4}$'),
	trimester   integer NOT NULL CHECK (trimester BETWEEN 1 AND 3),
	sectie      text NOT NULL CHECK (sectie IN ('regionaal', 'werkgebieden', 'voorzieningen', 'deelname',
	                                            'thuiszitters', 'financien', 'kwaliteit')),
	soort       text NOT NULL CHECK (soort IN ('aandachtspunten', 'conclusies')),
	versie      integer NOT NULL CHECK (versie >= 1),
	tekst       text NOT NULL CHECK (length(tekst) <= 20000),
	auteur      uuid DEFAULT platform.current_token(),
	auteur_rol  text NOT NULL DEFAULT bestuur.trimester_rol(),
	created_at  timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, schooljaar, trimester, sectie, soort, versie)
);
COMMENT ON TABLE bestuur.trimester_teksten IS 'narrative of a trimesterrapportage section, versioned (D47)';

CREATE TABLE bestuur.trimester_vastgesteld (
	swv_id         uuid NOT NULL DEFAULT platform.current_swv() REFERENCES platform.tenants (id),
	schooljaar     text NOT NULL,
	trimester      integer NOT NULL CHECK (trimester BETWEEN 1 AND 3),
	variant        text NOT NULL CHECK (variant IN ('volledig', 'geaggregeerd')),
	vastgesteld_op date NOT NULL,
	cellen         jsonb NOT NULL,   -- the bestuur.trimester_cel rows as computed then
	auteur         uuid DEFAULT platform.current_token(),
	created_at     timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, schooljaar, trimester, variant)
);
COMMENT ON TABLE bestuur.trimester_vastgesteld IS 'a trimesterrapportage frozen on a date (D47)';

CREATE TABLE bestuur.trimester_gepubliceerd (
	swv_id     uuid NOT NULL DEFAULT platform.current_swv() REFERENCES platform.tenants (id),
	schooljaar text NOT NULL CHECK (schooljaar ~ '^[0-9]{4}-[0-9]{4}$'),
	trimester  integer NOT NULL CHECK (trimester BETWEEN 1 AND 3),
	sectie     text NOT NULL CHECK (length(sectie) BETWEEN 1 AND 100),
	tabel      text NOT NULL CHECK (length(tabel) BETWEEN 1 AND 100),
	rij        text NOT NULL CHECK (length(rij) BETWEEN 1 AND 200),
	kolom      text NOT NULL CHECK (length(kolom) BETWEEN 1 AND 100),
	waarde     numeric NOT NULL,
	toelichting text NOT NULL DEFAULT '' CHECK (length(toelichting) <= 4000),
	auteur     uuid DEFAULT platform.current_token(),
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, schooljaar, trimester, sectie, tabel, rij, kolom)
);
COMMENT ON TABLE bestuur.trimester_gepubliceerd IS 'a published figure of a trimesterrapportage cell (D47)';

-- bestuur writes and reads; toezicht reads the narrative, the published
-- figures and the geaggregeerd copy of a frozen report (never the volledig
-- one); werkgebied and school have no privilege.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['trimester_teksten', 'trimester_vastgesteld', 'trimester_gepubliceerd'] LOOP
		EXECUTE format('ALTER TABLE bestuur.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE bestuur.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON bestuur.%I TO passend_bestuur '
		               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
		               t || '_bestuur', t);
		EXECUTE format('CREATE POLICY %I ON bestuur.%I FOR SELECT TO passend_toezicht USING (swv_id = platform.current_swv()%s)',
		               t || '_toezicht', t, CASE WHEN t = 'trimester_vastgesteld' THEN ' AND variant = ''geaggregeerd''' ELSE '' END);
	END LOOP;
END
$$;
GRANT SELECT, INSERT ON bestuur.trimester_teksten, bestuur.trimester_vastgesteld TO passend_bestuur;
GRANT SELECT, INSERT, UPDATE, DELETE ON bestuur.trimester_gepubliceerd TO passend_bestuur;
GRANT SELECT ON bestuur.trimester_teksten, bestuur.trimester_vastgesteld, bestuur.trimester_gepubliceerd
	TO passend_toezicht;
