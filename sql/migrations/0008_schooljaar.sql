-- 0008_schooljaar: the current tenant's school year "YYYY-YYYY" as a date
-- range [van, tot) on its calendar (platform.tenants.schooljaar_start, which
-- the tenant roles cannot read), for filters such as ListTlvs. A start of
-- 29 February falls on 1 March in a year without it. NULL in (or no
-- tenant): NULL van and tot.
CREATE FUNCTION bestuur.schooljaar_range(p_schooljaar text, OUT van date, OUT tot date)
LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	y integer;
	m smallint;
	d smallint;
BEGIN
	IF p_schooljaar !~ '^[0-9]{4}-[0-9]{4}$'
	   OR substr(p_schooljaar, 6, 4)::integer <> substr(p_schooljaar, 1, 4)::integer + 1 THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = 'schooljaar must be "YYYY-YYYY" with consecutive years, e.g. "2016-2017"';
	END IF;
	y := substr(p_schooljaar, 1, 4)::integer;
	SELECT t.schooljaar_start_month, t.schooljaar_start_day INTO m, d
	FROM platform.tenants t WHERE t.id = platform.current_swv();
	IF NOT FOUND THEN
		RETURN;
	END IF;
	van := make_date(y, m, 1) + (d - 1);
	tot := make_date(y + 1, m, 1) + (d - 1);
	RETURN;
END
$$;
REVOKE ALL ON FUNCTION bestuur.schooljaar_range(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.schooljaar_range(text) TO passend_bestuur, passend_school;
