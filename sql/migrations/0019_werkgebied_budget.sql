-- 0019_werkgebied_budget: werkgebied budgets per school year (issue 8 point
-- 5, DOMAIN.md §6): the year's total, its frictiepot and the teldatum whose
-- pupil counts split the rest over the werkgebieden; the split as stored
-- shares; raises and frictiepot draws (mutaties); spending (uitgaven).
-- Commitments are not stored: they are the amounts of granted arrangements
-- (werkgebied.arrangementen, 0015), read through their events. The rules
-- are the repeatable functions of sql/functions/werkgebied_budget.sql.
-- docs/decisions.md D40.

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
