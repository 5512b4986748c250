-- werkgebied.step_allowed: the refusals every state rule of a werkgebied
-- object shares (arrangement_step here, thuiszitter_step): the object p_what
-- p_id, found with status p_status (NULL: not found), may take step p_step
-- from the states p_van. Raises
--   P0002 '<p_what> <id> not found'   the caller does not see it
--   55000 '<p_what> <id> is <state>: <step> needs <state(s)>'
CREATE OR REPLACE FUNCTION werkgebied.step_allowed(p_what text, p_id uuid, p_status text, p_step text, p_van text[])
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF p_status IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('%s %s not found', p_what, p_id);
	END IF;
	IF NOT p_status = ANY (p_van) THEN
		RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = format('%s %s is %s: %s needs %s', p_what, p_id,
			p_status, p_step, array_to_string(p_van, ' or '));
	END IF;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.step_allowed(text, uuid, text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.step_allowed(text, uuid, text, text, text[]) TO passend_bestuur, passend_werkgebied;

-- werkgebied.arrangement_step: the one state rule of arrangements (D33).
--   werkgebied.arrangement_step(p_id uuid, p_step text, p_datum date, p_toelichting text) RETURNS text
-- p_step: grant, start, evaluate, extend, end, reject or withdraw; moves the
-- arrangement from the state the step allows to its next and writes the
-- event (actor role and token from the session, time now). Legal steps:
--   aangevraagd --grant--> toegekend   aangevraagd --reject--> afgewezen
--   aangevraagd|toegekend --withdraw--> ingetrokken
--   toegekend --start--> lopend        lopend --evaluate--> geevalueerd
--   geevalueerd --extend--> verlengd   geevalueerd --end--> beeindigd
-- (extend: the caller writes the verlenging itself in the same statement.)
-- Returns the new state; names the arrangement and its pupil for the audit
-- row (passend.audit_ids) and the arrangement for the answer
-- (passend.arrangement_id). Raises step_allowed's P0002 and 55000 and
--   22023 'unknown arrangement step <step>'
-- 55000 is FAILED_PRECONDITION with the message (svc_fail_db). Runs with the
-- caller's rights. Repeatable: `passendd migrate` re-applies it when it changes.
CREATE OR REPLACE FUNCTION werkgebied.arrangement_step(p_id uuid, p_step text, p_datum date, p_toelichting text)
RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	a record;
	van text[];
	naar text;
BEGIN
	CASE p_step
		WHEN 'grant' THEN van := ARRAY['aangevraagd']; naar := 'toegekend';
		WHEN 'reject' THEN van := ARRAY['aangevraagd']; naar := 'afgewezen';
		WHEN 'withdraw' THEN van := ARRAY['aangevraagd', 'toegekend']; naar := 'ingetrokken';
		WHEN 'start' THEN van := ARRAY['toegekend']; naar := 'lopend';
		WHEN 'evaluate' THEN van := ARRAY['lopend']; naar := 'geevalueerd';
		WHEN 'extend' THEN van := ARRAY['geevalueerd']; naar := 'verlengd';
		WHEN 'end' THEN van := ARRAY['geevalueerd']; naar := 'beeindigd';
		ELSE RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown arrangement step %s', p_step);
	END CASE;
	SELECT x.id, x.status, x.leerling_id INTO a FROM werkgebied.arrangementen x
	WHERE x.swv_id = platform.current_swv() AND x.id = p_id FOR UPDATE;
	PERFORM werkgebied.step_allowed('arrangement', p_id, a.status, p_step, van);
	UPDATE werkgebied.arrangementen SET status = naar WHERE swv_id = platform.current_swv() AND id = p_id;
	INSERT INTO werkgebied.arrangement_events (swv_id, arrangement_id, step, van, naar, datum, toelichting)
	VALUES (platform.current_swv(), p_id, p_step, a.status, naar, coalesce(p_datum, current_date),
	        coalesce(p_toelichting, ''));
	PERFORM set_config('passend.arrangement_id', p_id::text, true);
	PERFORM set_config('passend.audit_ids',
	                   (ARRAY[p_id::text] || CASE WHEN a.leerling_id IS NULL THEN ARRAY[]::text[]
	                                              ELSE ARRAY[a.leerling_id::text] END
	                    || werkgebied.arrangement_group_pupils(p_id))::text, true);
	RETURN naar;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_step(uuid, text, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.arrangement_step(uuid, text, date, text) TO passend_bestuur, passend_werkgebied;

-- werkgebied.arrangement_extend: the extend step and its verlenging, one unit.
--   werkgebied.arrangement_extend(p_id uuid, p_datum date, p_reflectie text, p_startdatum date,
--                                 p_einddatum date, p_bedrag_cents bigint, p_uren numeric) RETURNS uuid
-- Moves p_id to verlengd (werkgebied.arrangement_step 'extend', reflectie as
-- the event's toelichting) and writes its verlenging: aangevraagd, linked by
-- voorganger_id, with the reflectie; type, category, pupil, werkgebied and
-- the rest copied, the pupil's school and werkgebied as they are now;
-- startdatum default the day after the predecessor's einddatum; bedrag and
-- uren default the predecessor's (NULL). A pupil-level verlenging needs a
-- consent covering arrangement on its startdatum (werkgebied.require_consent).
-- Returns the verlenging's id and names it for the answer
-- (passend.arrangement_id) and both arrangements and the pupil for the audit.
CREATE OR REPLACE FUNCTION werkgebied.arrangement_extend(p_id uuid, p_datum date, p_reflectie text,
                                                         p_startdatum date, p_einddatum date,
                                                         p_bedrag_cents bigint, p_uren numeric)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	a werkgebied.arrangementen;
	n uuid := gen_random_uuid();
	start_d date;
	consent uuid;
	l_wg uuid;
	l_school uuid;
BEGIN
	IF coalesce(p_reflectie, '') = '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a verlenging needs a reflectie';
	END IF;
	PERFORM werkgebied.arrangement_step(p_id, 'extend', p_datum, p_reflectie);
	SELECT * INTO a FROM werkgebied.arrangementen x WHERE x.swv_id = platform.current_swv() AND x.id = p_id;
	start_d := coalesce(p_startdatum, a.einddatum + 1);
	IF a.leerling_id IS NOT NULL THEN
		consent := werkgebied.require_consent(a.leerling_id, 'arrangement', start_d);
		SELECT x.school_id, x.werkgebied_id INTO l_school, l_wg FROM werkgebied.leerlingen x
		WHERE x.swv_id = a.swv_id AND x.id = a.leerling_id;
	END IF;
	INSERT INTO werkgebied.arrangementen (swv_id, id, werkgebied_id, arrangement_type, rubriek,
		ondersteuningscategorie, leerling_id, school_id, uren_per_week, bedrag_cents, startdatum, einddatum,
		versterkt_leerkracht, omschrijving, voorganger_id, reflectie, toestemming_id)
	VALUES (a.swv_id, n, coalesce(l_wg, a.werkgebied_id), a.arrangement_type, a.rubriek,
		a.ondersteuningscategorie, a.leerling_id, coalesce(l_school, a.school_id),
		coalesce(p_uren, a.uren_per_week), coalesce(p_bedrag_cents, a.bedrag_cents), start_d, p_einddatum,
		a.versterkt_leerkracht, a.omschrijving, p_id, p_reflectie, consent);
	INSERT INTO werkgebied.arrangement_events (swv_id, arrangement_id, step, van, naar, datum, toelichting)
	VALUES (a.swv_id, n, 'request', NULL, 'aangevraagd', coalesce(p_datum, current_date), 'verlenging');
	PERFORM werkgebied.arrangement_add_pupils(n, werkgebied.arrangement_group_pupils(p_id)::uuid[], start_d);
	PERFORM set_config('passend.arrangement_id', n::text, true);
	PERFORM set_config('passend.audit_ids',
	                   (ARRAY[n::text, p_id::text] || CASE WHEN a.leerling_id IS NULL THEN ARRAY[]::text[]
	                                                        ELSE ARRAY[a.leerling_id::text] END
	                    || werkgebied.arrangement_group_pupils(n))::text, true);
	RETURN n;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_extend(uuid, date, text, date, date, bigint, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.arrangement_extend(uuid, date, text, date, date, bigint, numeric)
	TO passend_bestuur, passend_werkgebied;

-- werkgebied.arrangement_group_pupils(p_id uuid) RETURNS text[]: the pupils
-- of groep arrangement p_id the caller sees, in id order (for the audit).
CREATE OR REPLACE FUNCTION werkgebied.arrangement_group_pupils(p_id uuid)
RETURNS text[]
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT ARRAY(SELECT g.leerling_id::text FROM werkgebied.arrangement_leerlingen g
	             WHERE g.swv_id = platform.current_swv() AND g.arrangement_id = p_id ORDER BY g.leerling_id)
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_group_pupils(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.arrangement_group_pupils(uuid) TO passend_bestuur, passend_werkgebied;

-- werkgebied.arrangement_add_pupils(p_id uuid, p_leerlingen uuid[], p_start date) RETURNS integer
-- Adds the pupils (possibly of several schools) to groep arrangement p_id,
-- each under a consent covering arrangement on p_start
-- (werkgebied.require_consent: P0002 for a pupil the caller does not see,
-- 55000 naming the missing consent), with its school now. Returns how many.
CREATE OR REPLACE FUNCTION werkgebied.arrangement_add_pupils(p_id uuid, p_leerlingen uuid[], p_start date)
RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	l uuid;
	consent uuid;
	k integer := 0;
BEGIN
	FOREACH l IN ARRAY coalesce(p_leerlingen, '{}') LOOP
		consent := werkgebied.require_consent(l, 'arrangement', p_start);
		INSERT INTO werkgebied.arrangement_leerlingen (swv_id, arrangement_id, leerling_id, school_id, toestemming_id)
		SELECT x.swv_id, p_id, x.id, x.school_id, consent
		FROM werkgebied.leerlingen x WHERE x.swv_id = platform.current_swv() AND x.id = l
		ON CONFLICT DO NOTHING;
		k := k + 1;
	END LOOP;
	RETURN k;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_add_pupils(uuid, uuid[], date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.arrangement_add_pupils(uuid, uuid[], date) TO passend_bestuur, passend_werkgebied;

-- werkgebied.arrangement_request: writes a new arrangement, aangevraagd,
-- and its request event (the statement `request` has checked the fields).
--   werkgebied.arrangement_request(p_type text, p_rubriek text, p_categorie text, p_leerling uuid,
--       p_werkgebied uuid, p_uren numeric, p_bedrag_cents bigint, p_start date, p_eind date,
--       p_versterkt boolean, p_omschrijving text, p_leerlingen uuid[]) RETURNS uuid
-- individueel: the pupil the caller sees, under a consent covering
-- arrangement on p_start (werkgebied.require_consent raises P0002 or
-- 55000 and nothing is written), its school and werkgebied now. groep and
-- innovatie: the werkgebied p_werkgebied if the caller sees it, else NULL
-- and nothing written; groep: its pupils p_leerlingen, possibly of several
-- schools, each under its consent (werkgebied.arrangement_add_pupils).
-- Names the arrangement for the answer and the audit (with every pupil).
CREATE OR REPLACE FUNCTION werkgebied.arrangement_request(p_type text, p_rubriek text, p_categorie text,
                                                          p_leerling uuid, p_werkgebied uuid, p_uren numeric,
                                                          p_bedrag_cents bigint, p_start date, p_eind date,
                                                          p_versterkt boolean, p_omschrijving text,
                                                          p_leerlingen uuid[])
RETURNS uuid
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	n uuid := gen_random_uuid();
	consent uuid;
	wg uuid;
	school uuid;
BEGIN
	IF p_rubriek = 'individueel' THEN
		consent := werkgebied.require_consent(p_leerling, 'arrangement', p_start);
		SELECT l.werkgebied_id, l.school_id INTO wg, school FROM werkgebied.leerlingen l
		WHERE l.swv_id = platform.current_swv() AND l.id = p_leerling;
	ELSE
		SELECT w.id INTO wg FROM werkgebied.werkgebieden w
		WHERE w.swv_id = platform.current_swv() AND w.id = p_werkgebied;
		IF wg IS NULL THEN
			RETURN NULL;
		END IF;
	END IF;
	INSERT INTO werkgebied.arrangementen (swv_id, id, werkgebied_id, arrangement_type, rubriek,
		ondersteuningscategorie, leerling_id, school_id, uren_per_week, bedrag_cents, startdatum, einddatum,
		versterkt_leerkracht, omschrijving, toestemming_id)
	VALUES (platform.current_swv(), n, wg, p_type, p_rubriek, p_categorie,
	        CASE WHEN p_rubriek = 'individueel' THEN p_leerling END, school, p_uren, p_bedrag_cents, p_start,
	        p_eind, p_versterkt, p_omschrijving, consent);
	IF p_rubriek = 'groep' THEN
		PERFORM werkgebied.arrangement_add_pupils(n, p_leerlingen, p_start);
	END IF;
	INSERT INTO werkgebied.arrangement_events (swv_id, arrangement_id, step, van, naar, datum)
	VALUES (platform.current_swv(), n, 'request', NULL, 'aangevraagd', current_date);
	PERFORM set_config('passend.arrangement_id', n::text, true);
	PERFORM set_config('passend.audit_ids',
	                   (ARRAY[n::text] || CASE WHEN p_rubriek = 'individueel' THEN ARRAY[p_leerling::text]
	                                           ELSE ARRAY[]::text[] END
	                    || werkgebied.arrangement_group_pupils(n))::text, true);
	RETURN n;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_request(text, text, text, uuid, uuid, numeric, bigint, date, date,
                                                      boolean, text, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.arrangement_request(text, text, text, uuid, uuid, numeric, bigint, date, date,
                                                         boolean, text, uuid[]) TO passend_bestuur, passend_werkgebied;
