-- 0016_mdo_thuiszitters: MDOs of the werkgebied area (issue 8 point 3):
-- one meeting about one pupil at a level of the tenant's mdo_niveau list,
-- its participants and outcome, under a parental consent covering mdo.
-- Pupil-level rows follow their pupil (docs/decisions.md D31).

-- ---- MDOs ----------------------------------------------------------------------------
-- school_id, werkgebied_id: the pupil's when the MDO was recorded (the
-- report counts an MDO where it was held; visibility follows the pupil now).
-- deelnemers: who took part besides the child (MdoDeelnemer names).
-- plaatsing, plaatsing_weken: set exactly for a tijdelijke_plaatsing, 10-20 weeks.
CREATE TABLE werkgebied.mdos (
	swv_id           uuid NOT NULL REFERENCES platform.tenants (id),
	id               uuid NOT NULL,
	leerling_id      uuid NOT NULL,
	school_id        uuid NOT NULL,
	werkgebied_id    uuid,
	niveau           platform.lijst_code NOT NULL,
	datum            date NOT NULL,
	deelnemers       text[] NOT NULL CHECK (cardinality(deelnemers) BETWEEN 1 AND 6
	                                        AND array_position(deelnemers, NULL) IS NULL
	                                        AND deelnemers <@ ARRAY['school', 'ouders', 'consulent', 'jeugdhulp',
	                                                                'jeugdarts', 'overig']),
	kind_deelgenomen boolean NOT NULL,
	uitkomst         text NOT NULL CHECK (uitkomst IN ('arrangement', 'tlv_route', 'tijdelijke_plaatsing', 'geen')),
	plaatsing        text CHECK (plaatsing IN ('sbo', 'so')),
	plaatsing_weken  smallint CHECK (plaatsing_weken BETWEEN 10 AND 20),
	toestemming_id   uuid NOT NULL,
	recorded_by      text NOT NULL DEFAULT coalesce(NULLIF(current_setting('passend.role', true), ''), 'sql'),
	token_id         uuid DEFAULT platform.current_token(),
	created_at       timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	CONSTRAINT mdos_plaatsing CHECK ((uitkomst = 'tijdelijke_plaatsing') = (plaatsing IS NOT NULL)
	                                 AND (plaatsing IS NULL) = (plaatsing_weken IS NULL)),
	CONSTRAINT mdos_leerling_id_fkey FOREIGN KEY (swv_id, leerling_id) REFERENCES werkgebied.leerlingen (swv_id, id),
	CONSTRAINT mdos_school_id_fkey FOREIGN KEY (swv_id, school_id) REFERENCES bestuur.scholen (swv_id, id),
	CONSTRAINT mdos_werkgebied_id_fkey FOREIGN KEY (swv_id, werkgebied_id)
		REFERENCES werkgebied.werkgebieden (swv_id, id),
	CONSTRAINT mdos_toestemming_fkey FOREIGN KEY (swv_id, toestemming_id, leerling_id)
		REFERENCES werkgebied.toestemmingen (swv_id, id, leerling_id)
);
CREATE INDEX mdos_leerling_idx ON werkgebied.mdos (swv_id, leerling_id);
CREATE INDEX mdos_datum_idx ON werkgebied.mdos (swv_id, datum);
COMMENT ON TABLE werkgebied.mdos IS 'MDOs per pupil: level, participants, outcome (DOMAIN.md §5.1)';
CREATE TRIGGER mdos_niveau BEFORE INSERT OR UPDATE ON werkgebied.mdos
	FOR EACH ROW EXECUTE FUNCTION werkgebied.lijst_waarde_check('mdo_niveau', 'niveau');

-- bestuur all of its tenant; werkgebied and school an MDO exactly when its pupil is visible
SELECT platform.tenant_rls('werkgebied.mdos'), platform.bestuur_policy('werkgebied.mdos'),
       platform.pupil_scope_policy('werkgebied.mdos');
GRANT SELECT, INSERT ON werkgebied.mdos TO passend_bestuur, passend_werkgebied, passend_school;

-- The reports (werkgebied.mdo_report, a SECURITY DEFINER function so that
-- toezicht gets aggregates without any privilege on the rows) read as the
-- owner, whom FORCE RLS binds too: a read policy on the current tenant only,
-- as 0002's aggregate views.
SELECT platform.owner_read_policy('mdos_owner_reports', 'werkgebied.mdos'),
       platform.owner_read_policy('lijst_waarden_owner_reports', 'werkgebied.lijst_waarden');
