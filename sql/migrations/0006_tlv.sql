-- 0006_tlv: the TLV workflow (DOMAIN.md §5.2): toelaatbaarheidsverklaringen
-- and their events, with the workflow steps as SQL functions (state checks
-- and writes in one statement, running with the caller's rights so RLS
-- applies), and the TLV report as a SECURITY DEFINER function for bestuur
-- and toezicht. Errors: 55000 = step out of order (FAILED_PRECONDITION),
-- 22023 = invalid value (INVALID_ARGUMENT), P0002 = not found.

-- state: 1 INGEDIEND, 2 ADVIES_UITGEBRACHT, 3 AFGEGEVEN, 4 AFGEWEZEN,
-- 5 BEZWAAR, 6 BEEINDIGD, 7 VERLENGD (the proto enum TlvState).
-- gevraagde_soort / soort: 2 SBO, 3 SO (SchoolSoort).
CREATE TABLE bestuur.tlvs (
	swv_id                uuid NOT NULL REFERENCES platform.tenants (id),
	id                    uuid NOT NULL,
	leerling_id           uuid NOT NULL,
	aanvragende_school_id uuid,
	herkomst              text NOT NULL CHECK (length(herkomst) BETWEEN 1 AND 50),
	gevraagde_soort       smallint NOT NULL CHECK (gevraagde_soort IN (2, 3)),
	state                 smallint NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 7),
	aanvraag_soort        text NOT NULL DEFAULT 'nieuw' CHECK (aanvraag_soort IN ('nieuw', 'herbeoordeling')),
	vorige_tlv_id         uuid,
	aanvraagdatum         date NOT NULL,
	toestemming_datum     date,
	deadline              date NOT NULL,
	besluit               text CHECK (besluit IN ('afgegeven', 'afgewezen')),
	besluitdatum          date,
	tlv_nummer            text CHECK (length(tlv_nummer) BETWEEN 1 AND 50),
	soort                 smallint CHECK (soort IN (2, 3)),
	so_categorie          smallint CHECK (so_categorie BETWEEN 1 AND 3),
	startdatum            date,
	einddatum             date,
	ontvangende_school_id uuid,
	bestemming_naam       text CHECK (length(bestemming_naam) <= 200),
	experts               jsonb NOT NULL DEFAULT '[]',
	advies                text NOT NULL DEFAULT '' CHECK (length(advies) <= 4000),
	bezwaar_datum         date,
	bezwaar_reden         text CHECK (length(bezwaar_reden) <= 4000),
	bezwaar_uitkomst      text CHECK (bezwaar_uitkomst IN ('gehandhaafd', 'herzien')),
	request_id            text CHECK (length(request_id) <= 200),
	created_at            timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, id),
	FOREIGN KEY (swv_id, leerling_id) REFERENCES werkgebied.leerlingen (swv_id, id),
	FOREIGN KEY (swv_id, aanvragende_school_id) REFERENCES bestuur.scholen (swv_id, id),
	FOREIGN KEY (swv_id, ontvangende_school_id) REFERENCES bestuur.scholen (swv_id, id),
	FOREIGN KEY (swv_id, vorige_tlv_id) REFERENCES bestuur.tlvs (swv_id, id),
	CHECK ((aanvraag_soort = 'herbeoordeling') = (vorige_tlv_id IS NOT NULL)),
	CHECK (deadline >= aanvraagdatum),
	CHECK (besluitdatum IS NULL OR besluitdatum >= aanvraagdatum),
	CHECK (besluit IS DISTINCT FROM 'afgegeven' OR (tlv_nummer IS NOT NULL AND soort IS NOT NULL
	       AND startdatum IS NOT NULL AND einddatum > startdatum)),
	CHECK ((so_categorie IS NOT NULL) = (soort IS NOT DISTINCT FROM 3))
);
CREATE UNIQUE INDEX tlvs_nummer_uq ON bestuur.tlvs (swv_id, tlv_nummer) WHERE tlv_nummer IS NOT NULL;
CREATE UNIQUE INDEX tlvs_request_uq ON bestuur.tlvs (swv_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX tlvs_leerling_idx ON bestuur.tlvs (swv_id, leerling_id);
CREATE INDEX tlvs_besluit_idx ON bestuur.tlvs (swv_id, besluitdatum);
COMMENT ON TABLE bestuur.tlvs IS 'toelaatbaarheidsverklaringen: pupil-level, audited';

CREATE TABLE bestuur.tlv_events (
	swv_id         uuid NOT NULL REFERENCES platform.tenants (id),
	tlv_id         uuid NOT NULL,
	seq            integer NOT NULL CHECK (seq >= 1),
	step           text NOT NULL CHECK (step IN ('ingediend', 'advies', 'besluit', 'bezwaar',
	                                             'bezwaar_besluit', 'herbeoordeling')),
	at             timestamptz NOT NULL DEFAULT now(),
	actor_token_id uuid NOT NULL DEFAULT platform.current_token(),
	actor_role     text NOT NULL DEFAULT pg_catalog.current_setting('passend.role', true),
	detail         text NOT NULL DEFAULT '' CHECK (length(detail) <= 4000),
	PRIMARY KEY (swv_id, tlv_id, seq),
	FOREIGN KEY (swv_id, tlv_id) REFERENCES bestuur.tlvs (swv_id, id)
);
COMMENT ON TABLE bestuur.tlv_events IS 'one row per TLV workflow step, with actor and time; append-only';

-- ---- row level security -------------------------------------------------------
SELECT platform.tenant_rls('bestuur.tlvs', 'bestuur.tlv_events');

-- bestuur: all TLVs of its tenant and their events. school: the TLVs of its
-- own pupils (the leerling's school in passend.scope). toezicht / werkgebied:
-- nothing.
SELECT platform.bestuur_policy('bestuur.tlvs', 'bestuur.tlv_events');
CREATE POLICY tlvs_school ON bestuur.tlvs TO passend_school
	USING (swv_id = platform.current_swv() AND EXISTS (
		SELECT 1 FROM werkgebied.leerlingen l WHERE l.swv_id = tlvs.swv_id AND l.id = tlvs.leerling_id
		AND l.school_id = ANY (platform.current_scope())))
	WITH CHECK (swv_id = platform.current_swv() AND EXISTS (
		SELECT 1 FROM werkgebied.leerlingen l WHERE l.swv_id = tlvs.swv_id AND l.id = tlvs.leerling_id
		AND l.school_id = ANY (platform.current_scope())));
-- events follow the TLV's visibility (the subquery runs under tlvs' policy)
CREATE POLICY tlv_events_school ON bestuur.tlv_events TO passend_school
	USING (swv_id = platform.current_swv() AND EXISTS (
		SELECT 1 FROM bestuur.tlvs t WHERE t.swv_id = tlv_events.swv_id AND t.id = tlv_events.tlv_id))
	WITH CHECK (swv_id = platform.current_swv() AND EXISTS (
		SELECT 1 FROM bestuur.tlvs t WHERE t.swv_id = tlv_events.swv_id AND t.id = tlv_events.tlv_id));

GRANT SELECT, INSERT, UPDATE ON bestuur.tlvs TO passend_bestuur;
GRANT SELECT, INSERT ON bestuur.tlvs TO passend_school;
GRANT SELECT, INSERT ON bestuur.tlv_events TO passend_bestuur, passend_school;

-- The owner reads the current tenant's rows only, for the report function.
SELECT platform.owner_read_policy('tlvs_owner_reports', 'bestuur.tlvs');

-- ---- tenant rules ----------------------------------------------------------------
-- The current tenant's TLV rules (platform.tenants is not readable by the
-- tenant roles): legal term unit (1 kalenderdagen, 2 werkdagen, 3 weken),
-- length, minimum duration in months, and today's date.
CREATE FUNCTION bestuur.tlv_rules()
RETURNS TABLE (eenheid smallint, termijn integer, minimale_duur_maanden integer, vandaag date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
	SELECT t.tlv_termijn_eenheid, t.tlv_termijn, t.tlv_minimale_duur_maanden, current_date
	FROM platform.tenants t WHERE t.id = platform.current_swv()
$$;
REVOKE ALL ON FUNCTION bestuur.tlv_rules() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.tlv_rules() TO passend_bestuur, passend_school;

-- ---- workflow helpers --------------------------------------------------------------
-- Append an event to a TLV (actor from the transaction's principal).
CREATE FUNCTION bestuur.tlv_event(p_tlv uuid, p_step text, p_detail text) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	INSERT INTO bestuur.tlv_events (swv_id, tlv_id, seq, step, detail)
	SELECT platform.current_swv(), p_tlv,
	       coalesce((SELECT max(e.seq) FROM bestuur.tlv_events e
	                 WHERE e.swv_id = platform.current_swv() AND e.tlv_id = p_tlv), 0) + 1,
	       p_step, coalesce(p_detail, '')
$$;

-- Audit a pupil-level step in the same transaction, and remember the TLV for
-- the statements that follow in the same request (passend.tlv_id).
CREATE FUNCTION bestuur.tlv_audit(p_tlv uuid, p_method text, p_peer text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	INSERT INTO platform.audit_log (method, object_ids, outcome, peer)
	SELECT p_method, ARRAY[t.id::text, t.leerling_id::text], 0, p_peer
	FROM bestuur.tlvs t WHERE t.swv_id = platform.current_swv() AND t.id = p_tlv;
	PERFORM set_config('passend.tlv_id', p_tlv::text, true);
END
$$;

-- Lock and return a TLV of the current tenant, or raise P0002.
CREATE FUNCTION bestuur.tlv_lock(p_tlv uuid) RETURNS bestuur.tlvs
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t bestuur.tlvs;
BEGIN
	SELECT * INTO t FROM bestuur.tlvs WHERE swv_id = platform.current_swv() AND id = p_tlv FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'tlv not found';
	END IF;
	RETURN t;
END
$$;

CREATE FUNCTION bestuur.tlv_state_name(p_state smallint) RETURNS text
LANGUAGE sql IMMUTABLE AS
$$ SELECT (ARRAY['INGEDIEND', 'ADVIES_UITGEBRACHT', 'AFGEGEVEN', 'AFGEWEZEN', 'BEZWAAR', 'BEEINDIGD',
                 'VERLENGD'])[p_state] $$;

-- Validate a decision against the tenant's rules and the data; returns the
-- bestemming_naam of the receiving school ('overig' when none). Field shapes
-- (number present, soort SBO/SO, category 1..3 for SO only, dates) are
-- checked by the server before; here: the minimum duration (or the move to
-- VO), the receiving school (an SBO/SO school of the tenant) and the date
-- order. A pupil moves to VO after the school year in which it turns 12;
-- with only the birth year known, 31 July of geboortejaar + 12 and of
-- geboortejaar + 13 are both accepted as "ends at the move to VO".
CREATE FUNCTION bestuur.tlv_check_decision(t bestuur.tlvs, p_afgegeven boolean, p_besluitdatum date,
                                           p_start date, p_eind date, p_ontvangend uuid, p_prefix text)
RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	min_maanden integer;
	gj integer;
	s_soort smallint;
	s_name text;
BEGIN
	IF p_besluitdatum < t.aanvraagdatum THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = format('%sbesluitdatum %s is before the aanvraagdatum %s', p_prefix, p_besluitdatum,
			                 t.aanvraagdatum);
	END IF;
	IF NOT p_afgegeven THEN
		RETURN NULL;
	END IF;
	SELECT r.minimale_duur_maanden INTO min_maanden FROM bestuur.tlv_rules() r;
	SELECT l.geboortejaar INTO gj FROM werkgebied.leerlingen l
	WHERE l.swv_id = t.swv_id AND l.id = t.leerling_id;
	IF p_eind < (p_start + make_interval(months => coalesce(min_maanden, 12)))::date
	   AND NOT (coalesce(gj, 0) > 0 AND p_eind >= p_start
	            AND p_eind IN (make_date(gj + 12, 7, 31), make_date(gj + 13, 7, 31))) THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = format('%seinddatum must be at least %s months after startdatum (or 31 July of the '
			                 'school year in which the pupil turns 12, the move to VO)', p_prefix,
			                 coalesce(min_maanden, 12));
	END IF;
	IF p_ontvangend IS NULL THEN
		RETURN 'overig';
	END IF;
	SELECT s.soort, s.name INTO s_soort, s_name FROM bestuur.scholen s
	WHERE s.swv_id = t.swv_id AND s.id = p_ontvangend;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002',
			MESSAGE = format('%sontvangende_school_id %s not found', p_prefix, p_ontvangend);
	END IF;
	IF s_soort NOT IN (2, 3) THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = format('%sontvangende_school_id must be an SBO or SO school', p_prefix);
	END IF;
	RETURN s_name;
END
$$;

-- ---- workflow steps (one statement each; audited; events appended) ------------
-- (the first, bestuur.tlv_submit, is sql/functions/bestuur_tlv_submit.sql; D46)
CREATE FUNCTION bestuur.tlv_advies(p_tlv uuid, p_names text[], p_disciplines text[], p_advies text,
                                   p_method text, p_peer text)
RETURNS uuid
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t bestuur.tlvs := bestuur.tlv_lock(p_tlv);
BEGIN
	IF t.state <> 1 THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('advies can only be recorded on an INGEDIEND tlv (state is %s)',
			                 bestuur.tlv_state_name(t.state));
	END IF;
	IF t.gevraagde_soort = 3 AND NOT EXISTS (SELECT 1 FROM unnest(p_disciplines) d
	                                         WHERE lower(d) IN ('orthopedagoog', 'psycholoog')) THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = 'experts: for an SO request one expert must be an orthopedagoog or psycholoog';
	END IF;
	UPDATE bestuur.tlvs SET state = 2, advies = coalesce(p_advies, ''),
		experts = (SELECT jsonb_agg(jsonb_build_object('name', n, 'discipline', d) ORDER BY o)
		           FROM unnest(p_names, p_disciplines) WITH ORDINALITY AS e(n, d, o))
	WHERE swv_id = t.swv_id AND id = t.id;
	PERFORM bestuur.tlv_event(t.id, 'advies', format('%s experts', cardinality(p_names)));
	PERFORM bestuur.tlv_audit(t.id, p_method, p_peer);
	RETURN t.id;
END
$$;

-- Apply a decision to t (afgegeven or afgewezen); used by DecideTlv and a
-- herzien bezwaar.
CREATE FUNCTION bestuur.tlv_apply_decision(t bestuur.tlvs, p_afgegeven boolean, p_besluitdatum date,
                                           p_nummer text, p_soort smallint, p_cat smallint, p_start date,
                                           p_eind date, p_ontvangend uuid, p_keep_datum boolean,
                                           p_prefix text)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	naam text := bestuur.tlv_check_decision(t, p_afgegeven, p_besluitdatum, p_start, p_eind, p_ontvangend,
	                                        p_prefix);
BEGIN
	UPDATE bestuur.tlvs SET
		state = CASE WHEN p_afgegeven THEN 3 ELSE 4 END,
		besluit = CASE WHEN p_afgegeven THEN 'afgegeven' ELSE 'afgewezen' END,
		besluitdatum = CASE WHEN p_keep_datum AND t.besluitdatum IS NOT NULL THEN t.besluitdatum
		                    ELSE p_besluitdatum END,
		tlv_nummer = CASE WHEN p_afgegeven THEN p_nummer END,
		soort = CASE WHEN p_afgegeven THEN p_soort END,
		so_categorie = CASE WHEN p_afgegeven AND p_soort = 3 THEN p_cat END,
		startdatum = CASE WHEN p_afgegeven THEN p_start END,
		einddatum = CASE WHEN p_afgegeven THEN p_eind END,
		ontvangende_school_id = CASE WHEN p_afgegeven THEN p_ontvangend END,
		bestemming_naam = naam
	WHERE swv_id = t.swv_id AND id = t.id;
END
$$;

CREATE FUNCTION bestuur.tlv_decide(p_tlv uuid, p_afgegeven boolean, p_besluitdatum date, p_nummer text,
                                   p_soort smallint, p_cat smallint, p_start date, p_eind date,
                                   p_ontvangend uuid, p_method text, p_peer text)
RETURNS uuid
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t bestuur.tlvs := bestuur.tlv_lock(p_tlv);
BEGIN
	IF t.state = 1 THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = 'tlv has no advies yet: RecordAdvies (at least two experts) comes before DecideTlv';
	ELSIF t.state <> 2 THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('tlv is already decided (state %s); a decision can only change through '
			                 'a bezwaar', bestuur.tlv_state_name(t.state));
	END IF;
	PERFORM bestuur.tlv_apply_decision(t, p_afgegeven, p_besluitdatum, p_nummer, p_soort, p_cat, p_start,
	                                   p_eind, p_ontvangend, false, '');
	PERFORM bestuur.tlv_event(t.id, 'besluit',
		CASE WHEN p_afgegeven THEN format('afgegeven %s', p_nummer) ELSE 'afgewezen' END);
	PERFORM bestuur.tlv_audit(t.id, p_method, p_peer);
	RETURN t.id;
END
$$;

CREATE FUNCTION bestuur.tlv_bezwaar(p_tlv uuid, p_datum date, p_reden text, p_method text, p_peer text)
RETURNS uuid
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t bestuur.tlvs := bestuur.tlv_lock(p_tlv);
BEGIN
	IF t.state NOT IN (3, 4) THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('a bezwaar needs a decision: the tlv must be AFGEGEVEN or AFGEWEZEN (state is %s)',
			                 bestuur.tlv_state_name(t.state));
	END IF;
	IF t.bezwaar_datum IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = 'a bezwaar was already recorded on this tlv';
	END IF;
	IF p_datum < t.besluitdatum THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'datum is before the besluitdatum';
	END IF;
	UPDATE bestuur.tlvs SET state = 5, bezwaar_datum = p_datum, bezwaar_reden = p_reden
	WHERE swv_id = t.swv_id AND id = t.id;
	PERFORM bestuur.tlv_event(t.id, 'bezwaar', p_reden);
	PERFORM bestuur.tlv_audit(t.id, p_method, p_peer);
	RETURN t.id;
END
$$;

CREATE FUNCTION bestuur.tlv_bezwaar_besluit(p_tlv uuid, p_gehandhaafd boolean, p_datum date,
                                            p_afgegeven boolean, p_nummer text, p_soort smallint,
                                            p_cat smallint, p_start date, p_eind date, p_ontvangend uuid,
                                            p_method text, p_peer text)
RETURNS uuid
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t bestuur.tlvs := bestuur.tlv_lock(p_tlv);
BEGIN
	IF t.state <> 5 THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('no open bezwaar: RecordBezwaar comes before DecideBezwaar (state is %s)',
			                 bestuur.tlv_state_name(t.state));
	END IF;
	IF p_datum < t.bezwaar_datum THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'datum is before the bezwaar datum';
	END IF;
	IF p_gehandhaafd THEN
		UPDATE bestuur.tlvs SET state = CASE besluit WHEN 'afgegeven' THEN 3 ELSE 4 END,
			bezwaar_uitkomst = 'gehandhaafd'
		WHERE swv_id = t.swv_id AND id = t.id;
	ELSE
		PERFORM bestuur.tlv_apply_decision(t, p_afgegeven, t.besluitdatum, p_nummer, p_soort, p_cat, p_start,
		                                   p_eind, p_ontvangend, true, 'herzien_besluit.');
		UPDATE bestuur.tlvs SET bezwaar_uitkomst = 'herzien' WHERE swv_id = t.swv_id AND id = t.id;
	END IF;
	PERFORM bestuur.tlv_event(t.id, 'bezwaar_besluit', CASE WHEN p_gehandhaafd THEN 'gehandhaafd'
		ELSE format('herzien: %s', CASE WHEN p_afgegeven THEN 'afgegeven' ELSE 'afgewezen' END) END);
	PERFORM bestuur.tlv_audit(t.id, p_method, p_peer);
	RETURN t.id;
END
$$;

-- Herbeoordeling of an AFGEGEVEN TLV. verlengd: this TLV becomes VERLENGD and
-- a follow-up TLV (HERBEOORDELING, vorige_tlv_id) is created AFGEGEVEN with
-- the new decision; the function returns the follow-up's id.
-- terugplaatsing / beeindigd: BEEINDIGD.
CREATE FUNCTION bestuur.tlv_herbeoordeel(p_tlv uuid, p_uitkomst text, p_datum date, p_deadline date,
                                         p_nummer text, p_soort smallint, p_cat smallint, p_start date,
                                         p_eind date, p_ontvangend uuid, p_method text, p_peer text)
RETURNS uuid
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t bestuur.tlvs := bestuur.tlv_lock(p_tlv);
	n bestuur.tlvs;
	new_id uuid;
BEGIN
	IF t.state <> 3 THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('only an AFGEGEVEN tlv can be herbeoordeeld (state is %s)',
			                 bestuur.tlv_state_name(t.state));
	END IF;
	IF p_datum < t.besluitdatum THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'datum is before the besluitdatum';
	END IF;
	IF p_uitkomst <> 'verlengd' THEN
		UPDATE bestuur.tlvs SET state = 6 WHERE swv_id = t.swv_id AND id = t.id;
		PERFORM bestuur.tlv_event(t.id, 'herbeoordeling', p_uitkomst);
		PERFORM bestuur.tlv_audit(t.id, p_method, p_peer);
		RETURN t.id;
	END IF;
	UPDATE bestuur.tlvs SET state = 7 WHERE swv_id = t.swv_id AND id = t.id;
	PERFORM bestuur.tlv_event(t.id, 'herbeoordeling', 'verlengd');
	PERFORM bestuur.tlv_audit(t.id, p_method, p_peer);
	new_id := gen_random_uuid();
	INSERT INTO bestuur.tlvs (swv_id, id, leerling_id, aanvragende_school_id, herkomst, gevraagde_soort, state,
	                          aanvraag_soort, vorige_tlv_id, aanvraagdatum, toestemming_datum, deadline,
	                          experts, advies)
	VALUES (t.swv_id, new_id, t.leerling_id, t.aanvragende_school_id, t.herkomst, p_soort, 2, 'herbeoordeling',
	        t.id, p_datum, t.toestemming_datum, p_deadline, t.experts, t.advies)
	RETURNING * INTO n;
	PERFORM bestuur.tlv_apply_decision(n, true, p_datum, p_nummer, p_soort, p_cat, p_start, p_eind,
	                                   p_ontvangend, false, 'nieuw_besluit.');
	PERFORM bestuur.tlv_event(new_id, 'herbeoordeling', format('verlengd from %s', t.id));
	PERFORM bestuur.tlv_event(new_id, 'besluit', format('afgegeven %s', p_nummer));
	PERFORM bestuur.tlv_audit(new_id, p_method, p_peer);
	RETURN new_id;
END
$$;

REVOKE ALL ON FUNCTION bestuur.tlv_event(uuid, text, text), bestuur.tlv_audit(uuid, text, text),
	bestuur.tlv_lock(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.tlv_event(uuid, text, text), bestuur.tlv_audit(uuid, text, text)
	TO passend_bestuur, passend_school;
GRANT EXECUTE ON FUNCTION bestuur.tlv_lock(uuid) TO passend_bestuur;
