-- 0015_arrangementen: arrangements of the werkgebied area (issue 8 point 4,
-- DOMAIN.md §5.1): the arrangement with its state and the events of every
-- step. The state rule itself is the repeatable werkgebied.arrangement_step
-- (sql/functions/werkgebied_arrangement.sql). docs/decisions.md D33.

-- rubriek: the arrangement type's nature when requested (the list value's
-- rubriek, D31): individueel has exactly one pupil, groep and innovatie none
-- here. status: aangevraagd → toegekend → lopend → geevalueerd → (verlengd |
-- beeindigd), plus afgewezen and ingetrokken. voorganger_id: the arrangement
-- this one extends (a verlenging, with its reflectie).
CREATE TABLE werkgebied.arrangementen (
	swv_id                  uuid NOT NULL REFERENCES platform.tenants (id),
	id                      uuid NOT NULL,
	werkgebied_id           uuid NOT NULL,
	arrangement_type        platform.lijst_code NOT NULL,
	rubriek                 text NOT NULL CHECK (rubriek IN ('individueel', 'groep', 'innovatie')),
	ondersteuningscategorie platform.lijst_code,
	leerling_id             uuid,
	school_id               uuid,
	uren_per_week           numeric(4, 2) NOT NULL DEFAULT 0 CHECK (uren_per_week BETWEEN 0 AND 40),
	bedrag_cents            bigint NOT NULL DEFAULT 0 CHECK (bedrag_cents BETWEEN 0 AND 100000000000),
	startdatum              date NOT NULL,
	einddatum               date NOT NULL,
	versterkt_leerkracht    boolean NOT NULL DEFAULT false,
	omschrijving            text NOT NULL DEFAULT '' CHECK (length(omschrijving) <= 4000),
	status                  text NOT NULL DEFAULT 'aangevraagd' CHECK (status IN ('aangevraagd', 'toegekend',
	                        'lopend', 'geevalueerd', 'verlengd', 'beeindigd', 'afgewezen', 'ingetrokken')),
	voorganger_id           uuid,
	reflectie               text CHECK (length(reflectie) <= 4000),
	toestemming_id          uuid,
	recorded_by             text NOT NULL DEFAULT coalesce(NULLIF(current_setting('passend.role', true), ''), 'sql'),
	token_id                uuid DEFAULT platform.current_token(),
	created_at              timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT arrangementen_werkgebied_fkey FOREIGN KEY (swv_id, werkgebied_id)
		REFERENCES werkgebied.werkgebieden (swv_id, id),
	CONSTRAINT arrangementen_leerling_fkey FOREIGN KEY (swv_id, leerling_id)
		REFERENCES werkgebied.leerlingen (swv_id, id),
	CONSTRAINT arrangementen_school_fkey FOREIGN KEY (swv_id, school_id) REFERENCES bestuur.scholen (swv_id, id),
	CONSTRAINT arrangementen_toestemming_fkey FOREIGN KEY (swv_id, toestemming_id, leerling_id)
		REFERENCES werkgebied.toestemmingen (swv_id, id, leerling_id),
	CONSTRAINT arrangementen_voorganger_fkey FOREIGN KEY (swv_id, voorganger_id)
		REFERENCES werkgebied.arrangementen (swv_id, id),
	CONSTRAINT arrangementen_pupil CHECK ((rubriek = 'individueel') = (leerling_id IS NOT NULL)
	                                      AND (leerling_id IS NULL OR toestemming_id IS NOT NULL)),
	CONSTRAINT arrangementen_periode CHECK (einddatum >= startdatum),
	CONSTRAINT arrangementen_verlenging CHECK (voorganger_id IS NULL OR length(reflectie) > 0)
);
CREATE UNIQUE INDEX arrangementen_one_verlenging ON werkgebied.arrangementen (swv_id, voorganger_id)
	WHERE voorganger_id IS NOT NULL;
CREATE INDEX arrangementen_leerling_idx ON werkgebied.arrangementen (swv_id, leerling_id);
CREATE INDEX arrangementen_werkgebied_idx ON werkgebied.arrangementen (swv_id, werkgebied_id, startdatum);
COMMENT ON TABLE werkgebied.arrangementen IS 'arrangements: individueel (one pupil), groep, innovatie (D33)';
CREATE TRIGGER arrangementen_type BEFORE INSERT OR UPDATE ON werkgebied.arrangementen
	FOR EACH ROW EXECUTE FUNCTION werkgebied.lijst_waarde_check('arrangement_type', 'arrangement_type');
CREATE TRIGGER arrangementen_categorie BEFORE INSERT OR UPDATE ON werkgebied.arrangementen
	FOR EACH ROW EXECUTE FUNCTION werkgebied.lijst_waarde_check('ondersteuningscategorie', 'ondersteuningscategorie');

-- One row per step: which, from and to which state, by whom (role, token)
-- and when. Written by the request statement and werkgebied.arrangement_step.
CREATE TABLE werkgebied.arrangement_events (
	swv_id         uuid NOT NULL REFERENCES platform.tenants (id),
	seq            bigint GENERATED ALWAYS AS IDENTITY,
	arrangement_id uuid NOT NULL,
	step           text NOT NULL CHECK (step IN ('request', 'grant', 'start', 'evaluate', 'extend', 'end', 'reject',
	                                             'withdraw')),
	van            text,
	naar           text NOT NULL,
	datum          date NOT NULL,
	toelichting    text NOT NULL DEFAULT '' CHECK (length(toelichting) <= 4000),
	actor_role     text NOT NULL DEFAULT coalesce(NULLIF(current_setting('passend.role', true), ''), 'sql'),
	actor_token_id uuid DEFAULT platform.current_token(),
	at             timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, seq),
	CONSTRAINT arrangement_events_arrangement_fkey FOREIGN KEY (swv_id, arrangement_id)
		REFERENCES werkgebied.arrangementen (swv_id, id)
);
CREATE INDEX arrangement_events_arrangement_idx ON werkgebied.arrangement_events (swv_id, arrangement_id, seq);
COMMENT ON TABLE werkgebied.arrangement_events IS 'every step of an arrangement, with actor and time';

-- ---- row level security and grants ------------------------------------------------
-- bestuur: all of its tenant. werkgebied (consulent): an individueel
-- arrangement exactly when its pupil is visible (werkgebied.leerlingen's own
-- policy decides, so scope follows the pupil's school, D20/D31); the others
-- by their werkgebied. school: reads the arrangements of its own pupils.
-- toezicht: no privilege at all.
SELECT platform.tenant_rls('werkgebied.arrangementen', 'werkgebied.arrangement_events');
SELECT platform.bestuur_policy('werkgebied.arrangementen', 'werkgebied.arrangement_events');

CREATE POLICY arrangementen_werkgebied ON werkgebied.arrangementen TO passend_werkgebied
	USING (swv_id = platform.current_swv() AND CASE WHEN leerling_id IS NULL
		THEN werkgebied_id = ANY (platform.current_scope())
		ELSE EXISTS (SELECT 1 FROM werkgebied.leerlingen l
		             WHERE l.swv_id = arrangementen.swv_id AND l.id = arrangementen.leerling_id) END)
	WITH CHECK (swv_id = platform.current_swv() AND CASE WHEN leerling_id IS NULL
		THEN werkgebied_id = ANY (platform.current_scope())
		ELSE EXISTS (SELECT 1 FROM werkgebied.leerlingen l
		             WHERE l.swv_id = arrangementen.swv_id AND l.id = arrangementen.leerling_id) END);
CREATE POLICY arrangementen_school ON werkgebied.arrangementen FOR SELECT TO passend_school
	USING (swv_id = platform.current_swv() AND leerling_id IS NOT NULL
	       AND EXISTS (SELECT 1 FROM werkgebied.leerlingen l
	                   WHERE l.swv_id = arrangementen.swv_id AND l.id = arrangementen.leerling_id));
-- events follow their arrangement
CREATE POLICY arrangement_events_scope ON werkgebied.arrangement_events TO passend_werkgebied, passend_school
	USING (swv_id = platform.current_swv() AND EXISTS (SELECT 1 FROM werkgebied.arrangementen a
		WHERE a.swv_id = arrangement_events.swv_id AND a.id = arrangement_events.arrangement_id))
	WITH CHECK (swv_id = platform.current_swv() AND EXISTS (SELECT 1 FROM werkgebied.arrangementen a
		WHERE a.swv_id = arrangement_events.swv_id AND a.id = arrangement_events.arrangement_id));

GRANT SELECT, INSERT ON werkgebied.arrangementen, werkgebied.arrangement_events
	TO passend_bestuur, passend_werkgebied;
GRANT UPDATE (status) ON werkgebied.arrangementen TO passend_bestuur, passend_werkgebied;
GRANT SELECT ON werkgebied.arrangementen, werkgebied.arrangement_events TO passend_school;

-- The arrangement report (werkgebied.arrangement_report) runs with its
-- owner's rights to count for toezicht; FORCE RLS applies to the owner too,
-- so the owner reads the current tenant's rows only.
SELECT platform.owner_read_policy('arrangementen_owner_reports', 'werkgebied.arrangementen');
