-- werkgebied.require_consent: the one check that parents consented to a
-- step for a pupil (DOMAIN.md §5.1, §9: no action without it). Every step
-- that needs consent calls it in its statement before it writes, so a
-- refusal writes nothing:
--   werkgebied.require_consent(p_leerling uuid, p_scope text, p_on date) RETURNS uuid
-- p_scope: ondersteuningsvraag, mdo, arrangement, tlv or gegevensdeling.
-- Returns the id of the consent that covers the step: one of the pupil's
-- werkgebied.toestemmingen naming p_scope with datum <= p_on, not expired
-- (geldig_tot NULL or >= p_on) and not withdrawn (ingetrokken_op NULL or
-- > p_on); the latest given when several do. Raises
--   P0002 'leerling <id> not found'        the caller cannot see the pupil
--   55000 'parental consent for <scope> for leerling <id> was withdrawn on <date>'
--         a consent covered the scope but was withdrawn on or before p_on
--   55000 'no parental consent for <scope> for leerling <id> on <date>'
--   22023 'unknown consent scope <scope>'
-- 55000 is FAILED_PRECONDITION with the message (svc_fail_db). Read with the
-- caller's rights: it sees the pupils and consents its role sees.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
-- The consent of pupil p_leerling that covers scope p_scope on p_on (the
-- latest), or NULL: the one coverage rule of require_consent and of the
-- imports (werkgebied.import_consent). Caller's rights.
CREATE OR REPLACE FUNCTION werkgebied.consent_for(p_leerling uuid, p_scope text, p_on date) RETURNS uuid
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT t.id FROM werkgebied.toestemmingen t
	WHERE t.swv_id = platform.current_swv() AND t.leerling_id = p_leerling AND p_scope = ANY (t.scopes)
	  AND t.datum <= p_on AND (t.geldig_tot IS NULL OR p_on <= t.geldig_tot)
	  AND (t.ingetrokken_op IS NULL OR p_on < t.ingetrokken_op)
	ORDER BY t.datum DESC, t.created_at DESC
	LIMIT 1
$$;
REVOKE ALL ON FUNCTION werkgebied.consent_for(uuid, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.consent_for(uuid, text, date)
	TO passend_bestuur, passend_werkgebied, passend_school;

CREATE OR REPLACE FUNCTION werkgebied.require_consent(p_leerling uuid, p_scope text, p_on date) RETURNS uuid
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	found_id uuid;
	withdrawn date;
BEGIN
	IF p_scope IS NULL OR NOT p_scope = ANY (ARRAY['ondersteuningsvraag', 'mdo', 'arrangement', 'tlv',
	                                               'gegevensdeling']) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown consent scope %s', p_scope);
	END IF;
	IF p_on IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'require_consent: no date';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM werkgebied.leerlingen l
	               WHERE l.swv_id = platform.current_swv() AND l.id = p_leerling) THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('leerling %s not found', p_leerling);
	END IF;
	found_id := werkgebied.consent_for(p_leerling, p_scope, p_on);
	IF found_id IS NOT NULL THEN
		RETURN found_id;
	END IF;
	SELECT max(t.ingetrokken_op) INTO withdrawn FROM werkgebied.toestemmingen t
	WHERE t.swv_id = platform.current_swv() AND t.leerling_id = p_leerling AND p_scope = ANY (t.scopes)
	  AND t.datum <= p_on AND (t.geldig_tot IS NULL OR p_on <= t.geldig_tot) AND t.ingetrokken_op <= p_on;
	IF withdrawn IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('parental consent for %s for leerling %s was withdrawn on %s', p_scope, p_leerling,
			                 to_char(withdrawn, 'YYYY-MM-DD'));
	END IF;
	RAISE EXCEPTION USING ERRCODE = '55000',
		MESSAGE = format('no parental consent for %s for leerling %s on %s', p_scope, p_leerling,
		                 to_char(p_on, 'YYYY-MM-DD'));
END
$$;
REVOKE ALL ON FUNCTION werkgebied.require_consent(uuid, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.require_consent(uuid, text, date)
	TO passend_bestuur, passend_werkgebied, passend_school;
