-- 0019_werkgebied_budget: werkgebied budgets per school year (issue 8 point
-- 5, DOMAIN.md §6): the year's total, its frictiepot and the teldatum whose
-- pupil counts split the rest over the werkgebieden; the split as stored
-- shares; raises and frictiepot draws (mutaties); spending (uitgaven).
-- Commitments are not stored: they are the amounts of granted arrangements
-- (werkgebied.arrangementen, 0015), read through their events. The rules
-- are the repeatable functions of sql/functions/werkgebied_budget.sql.
-- docs/decisions.md D40.
-- Also the pupils of a groep arrangement, possibly across schools (issue 8
-- point 4; 0015 recorded none): werkgebied.arrangement_leerlingen, with the
-- consent that covered each, joining retention (D37) like every pupil-level
-- table; werkgebied.arrangement_request takes them (a new signature: the
-- old one is dropped here, the repeatable file creates the new one).

-- One budget per tenant and school year. school_soorten: which schools'
-- pupils count for the split (SchoolSoort numbers: 1 BAO, 2 SBO, 3 SO).
CREATE TABLE werkgebied.budgetten (
	swv_id           uuid NOT NULL REFERENCES platform.tenants (id),
	id               uuid NOT NULL,
	schooljaar       text NOT NULL CHECK (schooljaar ~ '^[0-9]{4}-[0-9]{4}$'),
	totaal_cents     bigint NOT NULL CHECK (totaal_cents BETWEEN 0 AND 1000000000000),
	frictiepot_cents bigint NOT NULL DEFAULT 0 CHECK (frictiepot_cents >= 0),
	teldatum         date NOT NULL,
	school_soorten   smallint[] NOT NULL DEFAULT '{1}'
	                 CHECK (cardinality(school_soorten) BETWEEN 1 AND 3 AND school_soorten <@ '{1,2,3}'::smallint[]),
	toelichting      text NOT NULL DEFAULT '' CHECK (length(toelichting) <= 4000),
	created_at       timestamptz NOT NULL DEFAULT now(),
	updated_at       timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT budgetten_schooljaar UNIQUE (swv_id, schooljaar),
	CONSTRAINT budgetten_frictiepot CHECK (frictiepot_cents <= totaal_cents)
);
COMMENT ON TABLE werkgebied.budgetten IS 'werkgebied budgets per school year: total, frictiepot, teldatum (D40)';

-- The split: one row per werkgebied, written only by werkgebied.budget_split.
-- The shares add up to totaal_cents - frictiepot_cents exactly.
CREATE TABLE werkgebied.budget_verdeling (
	swv_id        uuid NOT NULL REFERENCES platform.tenants (id),
	budget_id     uuid NOT NULL,
	werkgebied_id uuid NOT NULL,
	leerlingen    bigint NOT NULL CHECK (leerlingen >= 0),
	aandeel_cents bigint NOT NULL CHECK (aandeel_cents >= 0),
	PRIMARY KEY (swv_id, budget_id, werkgebied_id),
	CONSTRAINT budget_verdeling_budget_fkey FOREIGN KEY (swv_id, budget_id)
		REFERENCES werkgebied.budgetten (swv_id, id),
	CONSTRAINT budget_verdeling_werkgebied_fkey FOREIGN KEY (swv_id, werkgebied_id)
		REFERENCES werkgebied.werkgebieden (swv_id, id)
);

-- A raise (ophoging: money added to the year) or a draw on the frictiepot
-- (frictiepot: money moved from the frictiepot) for one werkgebied, dated
-- within the school year. Written only by werkgebied.budget_mutatie.
CREATE TABLE werkgebied.budget_mutaties (
	swv_id        uuid NOT NULL REFERENCES platform.tenants (id),
	id            uuid NOT NULL,
	budget_id     uuid NOT NULL,
	werkgebied_id uuid NOT NULL,
	soort         text NOT NULL CHECK (soort IN ('ophoging', 'frictiepot')),
	datum         date NOT NULL,
	bedrag_cents  bigint NOT NULL CHECK (bedrag_cents BETWEEN 1 AND 1000000000000),
	toelichting   text NOT NULL CHECK (length(toelichting) BETWEEN 1 AND 4000),
	recorded_by   text NOT NULL DEFAULT coalesce(NULLIF(current_setting('passend.role', true), ''), 'sql'),
	token_id      uuid DEFAULT platform.current_token(),
	created_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT budget_mutaties_budget_fkey FOREIGN KEY (swv_id, budget_id)
		REFERENCES werkgebied.budgetten (swv_id, id),
	CONSTRAINT budget_mutaties_werkgebied_fkey FOREIGN KEY (swv_id, werkgebied_id)
		REFERENCES werkgebied.werkgebieden (swv_id, id)
);
CREATE INDEX budget_mutaties_budget_idx ON werkgebied.budget_mutaties (swv_id, budget_id, werkgebied_id);

-- Spending charged to a werkgebied on a date; a correction is negative.
CREATE TABLE werkgebied.budget_uitgaven (
	swv_id        uuid NOT NULL REFERENCES platform.tenants (id),
	id            uuid NOT NULL,
	werkgebied_id uuid NOT NULL,
	datum         date NOT NULL,
	bedrag_cents  bigint NOT NULL CHECK (bedrag_cents <> 0 AND bedrag_cents BETWEEN -1000000000000 AND 1000000000000),
	omschrijving  text NOT NULL CHECK (length(omschrijving) BETWEEN 1 AND 4000),
	recorded_by   text NOT NULL DEFAULT coalesce(NULLIF(current_setting('passend.role', true), ''), 'sql'),
	token_id      uuid DEFAULT platform.current_token(),
	created_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT budget_uitgaven_werkgebied_fkey FOREIGN KEY (swv_id, werkgebied_id)
		REFERENCES werkgebied.werkgebieden (swv_id, id)
);
CREATE INDEX budget_uitgaven_werkgebied_idx ON werkgebied.budget_uitgaven (swv_id, werkgebied_id, datum);

-- ---- row level security and grants ------------------------------------------------
-- bestuur maintains budgets (all of its tenant). werkgebied (consulent)
-- reads the year's budget and what concerns her werkgebieden. school and
-- toezicht: no privilege (toezicht reads the report's figures).
-- Nothing is deleted or changed afterwards except the budget row itself
-- and its split: mutaties and uitgaven are facts (a correction is a new row).
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['budgetten', 'budget_verdeling', 'budget_mutaties', 'budget_uitgaven'] LOOP
		EXECUTE format('ALTER TABLE werkgebied.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE werkgebied.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON werkgebied.%I TO passend_bestuur '
		               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
		               t || '_bestuur', t);
		-- the owner: werkgebied.budget_report (SECURITY DEFINER) reads the current tenant only
		EXECUTE format('CREATE POLICY %I ON werkgebied.%I FOR SELECT TO %I USING (swv_id = platform.current_swv())',
		               t || '_owner_reports', t, current_user);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['budget_verdeling', 'budget_mutaties', 'budget_uitgaven'] LOOP
		EXECUTE format('CREATE POLICY %I ON werkgebied.%I FOR SELECT TO passend_werkgebied '
		               'USING (swv_id = platform.current_swv() AND werkgebied_id = ANY (platform.current_scope()))',
		               t || '_werkgebied', t);
	END LOOP;
END
$$;
CREATE POLICY budgetten_werkgebied ON werkgebied.budgetten FOR SELECT TO passend_werkgebied
	USING (swv_id = platform.current_swv());

GRANT SELECT, INSERT ON werkgebied.budgetten, werkgebied.budget_verdeling, werkgebied.budget_mutaties,
	werkgebied.budget_uitgaven TO passend_bestuur;
GRANT UPDATE (totaal_cents, frictiepot_cents, teldatum, school_soorten, toelichting, updated_at)
	ON werkgebied.budgetten TO passend_bestuur;
GRANT DELETE ON werkgebied.budget_verdeling TO passend_bestuur;
GRANT SELECT ON werkgebied.budgetten, werkgebied.budget_verdeling, werkgebied.budget_mutaties,
	werkgebied.budget_uitgaven TO passend_werkgebied;

-- ---- the pupils of a groep arrangement ------------------------------------------
-- One row per pupil of a groep arrangement: its school when added (pupils of
-- one group may come from several schools) and the consent covering
-- arrangement on the arrangement's startdatum. Written by
-- werkgebied.arrangement_request and werkgebied.arrangement_extend.
CREATE TABLE werkgebied.arrangement_leerlingen (
	swv_id         uuid NOT NULL REFERENCES platform.tenants (id),
	arrangement_id uuid NOT NULL,
	leerling_id    uuid NOT NULL,
	school_id      uuid NOT NULL,
	toestemming_id uuid NOT NULL,
	PRIMARY KEY (swv_id, arrangement_id, leerling_id),
	CONSTRAINT arrangement_leerlingen_arrangement_fkey FOREIGN KEY (swv_id, arrangement_id)
		REFERENCES werkgebied.arrangementen (swv_id, id),
	CONSTRAINT arrangement_leerlingen_leerling_fkey FOREIGN KEY (swv_id, leerling_id)
		REFERENCES werkgebied.leerlingen (swv_id, id),
	CONSTRAINT arrangement_leerlingen_school_fkey FOREIGN KEY (swv_id, school_id)
		REFERENCES bestuur.scholen (swv_id, id),
	CONSTRAINT arrangement_leerlingen_toestemming_fkey FOREIGN KEY (swv_id, toestemming_id, leerling_id)
		REFERENCES werkgebied.toestemmingen (swv_id, id, leerling_id)
);
CREATE INDEX arrangement_leerlingen_leerling_idx ON werkgebied.arrangement_leerlingen (swv_id, leerling_id);
COMMENT ON TABLE werkgebied.arrangement_leerlingen IS 'the pupils of a groep arrangement, possibly across schools';

-- bestuur: its tenant; werkgebied and school: the rows of the pupils they
-- see (D31: werkgebied.leerlingen's own policy decides); toezicht nothing.
ALTER TABLE werkgebied.arrangement_leerlingen ENABLE ROW LEVEL SECURITY;
ALTER TABLE werkgebied.arrangement_leerlingen FORCE ROW LEVEL SECURITY;
CREATE POLICY arrangement_leerlingen_bestuur ON werkgebied.arrangement_leerlingen TO passend_bestuur
	USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv());
CREATE POLICY arrangement_leerlingen_scope ON werkgebied.arrangement_leerlingen TO passend_werkgebied, passend_school
	USING (swv_id = platform.current_swv() AND EXISTS (SELECT 1 FROM werkgebied.leerlingen l
		WHERE l.swv_id = arrangement_leerlingen.swv_id AND l.id = arrangement_leerlingen.leerling_id))
	WITH CHECK (swv_id = platform.current_swv() AND EXISTS (SELECT 1 FROM werkgebied.leerlingen l
		WHERE l.swv_id = arrangement_leerlingen.swv_id AND l.id = arrangement_leerlingen.leerling_id));
DO $$
BEGIN
	EXECUTE format('CREATE POLICY arrangement_leerlingen_owner ON werkgebied.arrangement_leerlingen TO %I '
	               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
	               current_user);
END
$$;
GRANT SELECT, INSERT ON werkgebied.arrangement_leerlingen TO passend_bestuur, passend_werkgebied;
GRANT SELECT ON werkgebied.arrangement_leerlingen TO passend_school;

-- Retention (D37): a pupil of a groep arrangement has support while the
-- arrangement is support, by werkgebied.arrangement_support's one rule,
-- which now reads the group's pupils too (same columns, so 0017's view is
-- replaced, not copied); purged, the pupil leaves the group, which stays
-- counted as groep.
CREATE OR REPLACE VIEW werkgebied.arrangement_support AS
	SELECT a.swv_id, coalesce(g.leerling_id, a.leerling_id) AS leerling_id,
	       a.status IN ('aangevraagd', 'toegekend', 'lopend', 'geevalueerd') AND a.einddatum >= current_date AS open,
	       CASE WHEN a.status IN ('aangevraagd', 'toegekend', 'lopend', 'geevalueerd') THEN a.einddatum
	            ELSE greatest(a.startdatum, (SELECT max(e.datum) FROM werkgebied.arrangement_events e
	                                         WHERE e.swv_id = a.swv_id AND e.arrangement_id = a.id)) END AS ended
	FROM werkgebied.arrangementen a
	LEFT JOIN werkgebied.arrangement_leerlingen g ON g.swv_id = a.swv_id AND g.arrangement_id = a.id
	WHERE coalesce(g.leerling_id, a.leerling_id) IS NOT NULL;
CREATE FUNCTION werkgebied.arrangement_leerlingen_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH d AS (DELETE FROM werkgebied.arrangement_leerlingen g
	           WHERE g.swv_id = p_swv AND g.leerling_id = ANY (p_leerlingen) RETURNING g.arrangement_id)
	SELECT coalesce(array_agg(DISTINCT d.arrangement_id), '{}') FROM d
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_leerlingen_purge(uuid, uuid[]) FROM PUBLIC;
INSERT INTO platform.retention_tables (relation, support_view, purge_function, purge_order, kept) VALUES
	('werkgebied.arrangement_leerlingen', NULL, 'werkgebied.arrangement_leerlingen_purge', 255,
	 'nothing: the pupil leaves the groep arrangement, which stays counted as groep');

-- arrangement_request takes the pupils of a groep arrangement now
-- (sql/functions/werkgebied_arrangement.sql creates the new signature).
DROP FUNCTION IF EXISTS werkgebied.arrangement_request(text, text, text, uuid, uuid, numeric, bigint, date, date,
                                                       boolean, text);
