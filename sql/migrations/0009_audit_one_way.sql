-- 0009_audit_one_way: audit rows are written by one statement of the server
-- (server/audit.c), after the work in the same transaction. The TLV steps no
-- longer insert their own rows: bestuur.tlv_audit now adds the TLV and its
-- pupil to passend.audit_ids (a text[] literal) for that statement, so a step
-- that touches two TLVs (Herbeoordeel verlengd) writes one row naming both,
-- and it still remembers the TLV for the statements that follow
-- (passend.tlv_id). p_method and p_peer stay in the signature the step
-- functions call; the server's audit statement records method and peer.
CREATE OR REPLACE FUNCTION bestuur.tlv_audit(p_tlv uuid, p_method text, p_peer text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	ids text[] := coalesce(NULLIF(current_setting('passend.audit_ids', true), '')::text[], '{}');
	t record;
BEGIN
	SELECT tl.id::text AS id, tl.leerling_id::text AS leerling INTO t
	FROM bestuur.tlvs tl WHERE tl.swv_id = platform.current_swv() AND tl.id = p_tlv;
	IF FOUND THEN
		IF NOT t.id = ANY (ids) THEN
			ids := ids || t.id;
		END IF;
		IF NOT t.leerling = ANY (ids) THEN
			ids := ids || t.leerling;
		END IF;
		PERFORM set_config('passend.audit_ids', ids::text, true);
	END IF;
	PERFORM set_config('passend.tlv_id', p_tlv::text, true);
END
$$;
