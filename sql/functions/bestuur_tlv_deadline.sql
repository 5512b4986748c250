-- bestuur.tlv_deadline: the legal term of a TLV application (DOMAIN.md
-- §5.2), the one implementation of the rule: SubmitTlvAanvraag,
-- Herbeoordeel and the TLV import all compute a deadline with it.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
--   p_eenheid 1 kalenderdagen: p_from + p_termijn days
--             2 werkdagen: the p_termijn-th Monday-Friday day after p_from
--               (public holidays are not skipped); a Saturday or Sunday
--               counts as the Friday before it; 0 werkdagen is p_from
--             3 weken: p_from + 7 * p_termijn days
-- An unknown unit or a term outside 0..10000 raises 22023.
CREATE OR REPLACE FUNCTION bestuur.tlv_deadline(p_from date, p_eenheid integer, p_termijn integer)
RETURNS date LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS
$$
DECLARE
	dow integer;
	k integer;
BEGIN
	IF p_termijn < 0 OR p_termijn > 10000 THEN
		RAISE EXCEPTION 'a TLV term of % is out of range (0 to 10000)', p_termijn USING ERRCODE = '22023';
	END IF;
	CASE p_eenheid
	WHEN 1 THEN
		RETURN p_from + p_termijn;
	WHEN 3 THEN
		RETURN p_from + 7 * p_termijn;
	WHEN 2 THEN
		IF p_termijn = 0 THEN
			RETURN p_from;
		END IF;
		-- from weekday dow (1 Monday .. 5 Friday) the nth working day is
		-- (n + dow - 1) / 5 whole weeks on, at weekday (n + dow - 1) % 5 + 1
		dow := least(extract(isodow FROM p_from)::integer, 5);
		k := p_termijn + dow - 1;
		RETURN p_from - (extract(isodow FROM p_from)::integer - dow) - dow + k / 5 * 7 + k % 5 + 1;
	ELSE
		RAISE EXCEPTION 'unknown TLV term unit % (1 kalenderdagen, 2 werkdagen, 3 weken)', p_eenheid
			USING ERRCODE = '22023';
	END CASE;
END
$$;
REVOKE ALL ON FUNCTION bestuur.tlv_deadline(date, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.tlv_deadline(date, integer, integer) TO passend_bestuur, passend_school;
