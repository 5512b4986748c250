-- bestuur.tlv_submit: SubmitTlvAanvraag's one statement (defined only
-- here, D46): a new aanvraag in state INGEDIEND with its 'ingediend' event
-- and audit row or, for a request_id seen before, the TLV that request made.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
-- A repeat can arrive while the first call's transaction is still open (a
-- client that lost its connection and retried): its INSERT waits on the
-- unique request_id index, and when the first commits it answers with the
-- first TLV instead of failing on the duplicate key.
CREATE OR REPLACE FUNCTION bestuur.tlv_submit(p_leerling uuid, p_herkomst text, p_soort smallint,
                                              p_aanvraag date, p_toestemming date, p_deadline date,
                                              p_request_id text, p_method text, p_peer text)
RETURNS uuid
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	l record;
	new_id uuid;
BEGIN
	IF p_request_id <> '' THEN
		SELECT id INTO new_id FROM bestuur.tlvs
		WHERE swv_id = platform.current_swv() AND request_id = p_request_id;
		IF FOUND THEN
			PERFORM bestuur.tlv_audit(new_id, p_method, p_peer);
			RETURN new_id;
		END IF;
	END IF;
	-- RLS: a school sees only its own pupils, so another school's pupil is "not found"
	SELECT * INTO l FROM werkgebied.leerlingen WHERE swv_id = platform.current_swv() AND id = p_leerling;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('leerling_id %s not found', p_leerling);
	END IF;
	IF NOT EXISTS (SELECT 1 FROM bestuur.effective_herkomst_types() h WHERE h.code = p_herkomst AND h.active) THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = format('herkomst "%s" is not a herkomst type of this tenant (ListHerkomstTypes)', p_herkomst);
	END IF;
	new_id := gen_random_uuid();
	INSERT INTO bestuur.tlvs (swv_id, id, leerling_id, aanvragende_school_id, herkomst, gevraagde_soort,
	                          aanvraagdatum, toestemming_datum, deadline, request_id)
	VALUES (platform.current_swv(), new_id, p_leerling, l.school_id, p_herkomst, p_soort, p_aanvraag,
	        p_toestemming, p_deadline, NULLIF(p_request_id, ''))
	ON CONFLICT (swv_id, request_id) WHERE request_id IS NOT NULL DO NOTHING;
	IF NOT FOUND THEN
		-- the concurrent first call committed: this statement's fresh snapshot sees its row
		SELECT id INTO new_id FROM bestuur.tlvs
		WHERE swv_id = platform.current_swv() AND request_id = p_request_id;
		IF NOT FOUND THEN -- another school's aanvraag with this request_id (RLS hides it)
			RAISE EXCEPTION USING ERRCODE = '23505', CONSTRAINT = 'tlvs_request_uq',
				MESSAGE = 'request_id is already used by another aanvraag';
		END IF;
		PERFORM bestuur.tlv_audit(new_id, p_method, p_peer);
		RETURN new_id;
	END IF;
	PERFORM bestuur.tlv_event(new_id, 'ingediend', format('herkomst=%s gevraagd=%s deadline=%s', p_herkomst,
		CASE p_soort WHEN 2 THEN 'SBO' ELSE 'SO' END, p_deadline));
	PERFORM bestuur.tlv_audit(new_id, p_method, p_peer);
	RETURN new_id;
END
$$;
REVOKE ALL ON FUNCTION bestuur.tlv_submit(uuid, text, smallint, date, date, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.tlv_submit(uuid, text, smallint, date, date, date, text, text, text)
	TO passend_bestuur, passend_school;
