-- werkgebied.thuiszitter_step: the one state rule of thuiszitter cases (D39).
--   werkgebied.thuiszitter_step(p_id uuid, p_step text, p_datum date, p_uitkomst text) RETURNS text
-- p_step: thuiszittend (dreigend -> thuiszittend since p_datum) or
-- afsluiten (dreigend | thuiszittend -> afgesloten on p_datum with
-- p_uitkomst). Locks the case, checks the state, then the date (on or after
-- the startdatum, and for afsluiten on or after thuiszittend_sinds) and the
-- uitkomst, and moves it. Names the case for the answer
-- (passend.thuiszitter_casus_id) and it and its pupil for the audit row
-- (passend.audit_ids). Returns the new state. Raises
--   werkgebied.step_allowed's P0002 and 55000 (werkgebied_arrangement.sql)
--   22023 '<datum|einddatum> must be on or after the case''s startdatum' (or
--         thuiszittend_sinds), 'uitkomst is required: ...', 'unknown thuiszitter step'
-- 55000 is FAILED_PRECONDITION with the message (svc_fail_db). Runs with the
-- caller's rights. Repeatable: `passendd migrate` re-applies it when it changes.
CREATE OR REPLACE FUNCTION werkgebied.thuiszitter_step(p_id uuid, p_step text, p_datum date, p_uitkomst text)
RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	c record;
	van text[];
	naar text;
	veld text;
BEGIN
	CASE p_step
		WHEN 'thuiszittend' THEN van := ARRAY['dreigend']; naar := 'thuiszittend'; veld := 'datum';
		WHEN 'afsluiten' THEN van := ARRAY['dreigend', 'thuiszittend']; naar := 'afgesloten'; veld := 'einddatum';
		ELSE RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown thuiszitter step %s', p_step);
	END CASE;
	SELECT x.id, x.status, x.leerling_id, x.startdatum, x.thuiszittend_sinds INTO c
	FROM werkgebied.thuiszitter_casussen x
	WHERE x.swv_id = platform.current_swv() AND x.id = p_id FOR UPDATE;
	PERFORM werkgebied.step_allowed('thuiszitter casus', p_id, c.status, p_step, van);
	IF p_datum IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('%s is required', veld);
	END IF;
	IF p_datum < c.startdatum THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = format('%s must be on or after the case''s startdatum', veld);
	END IF;
	IF p_step = 'afsluiten' AND p_datum < c.thuiszittend_sinds THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = 'einddatum must be on or after the case''s thuiszittend_sinds';
	END IF;
	IF p_step = 'afsluiten' AND coalesce(p_uitkomst, '') NOT IN ('geplaatst', 'vrijstelling', 'verhuisd', 'achttien',
	                                                             'overig') THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = 'uitkomst is required: geplaatst, vrijstelling, verhuisd, achttien or overig';
	END IF;
	IF p_step = 'thuiszittend' THEN
		UPDATE werkgebied.thuiszitter_casussen SET status = naar, thuiszittend_sinds = p_datum
		WHERE swv_id = platform.current_swv() AND id = p_id;
	ELSE
		UPDATE werkgebied.thuiszitter_casussen SET status = naar, einddatum = p_datum, uitkomst = p_uitkomst
		WHERE swv_id = platform.current_swv() AND id = p_id;
	END IF;
	PERFORM set_config('passend.thuiszitter_casus_id', p_id::text, true);
	PERFORM set_config('passend.audit_ids', ARRAY[p_id::text, c.leerling_id::text]::text, true);
	RETURN naar;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.thuiszitter_step(uuid, text, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.thuiszitter_step(uuid, text, date, text) TO passend_bestuur, passend_werkgebied;
