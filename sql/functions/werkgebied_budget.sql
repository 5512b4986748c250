-- The rules of werkgebied budgets (D40; tables in 0019_werkgebied_budget.sql).
--
-- werkgebied.budget_split(p_budget uuid) RETURNS bigint
--   Splits totaal_cents - frictiepot_cents of the budget over the tenant's
--   active werkgebieden pro rata by their pupils at the budget's teldatum:
--   the schoolgaand tellingen (bestuur.tellingen) of the schools now in the
--   werkgebied whose soort is one of school_soorten. Exact in cents by the
--   largest remainder: every werkgebied gets the whole cents of its exact
--   share, and the cents left over (fewer than the number of werkgebieden)
--   go one each to the werkgebieden with the largest remainder, ties to the
--   one with more pupils, then by name (platform.name_key), then id. So the
--   shares add up to the amount split. Replaces the budget's earlier split;
--   returns the pupils counted. Raises 55000 when no pupil is counted.
--
-- werkgebied.budget_create(...) / werkgebied.budget_update(...)
--   Write the budget and split it in one step; name it for the answer
--   (passend.budget_id). budget_update changes the fields p_mask names and
--   refuses (55000) a frictiepot below what was already drawn from it.
--
-- werkgebied.budget_mutatie(p_schooljaar, p_werkgebied, p_soort, p_datum, p_bedrag, p_toelichting) RETURNS uuid
--   A raise ('ophoging') or a draw on the frictiepot ('frictiepot') for one
--   werkgebied of the school year's budget, dated within the school year.
--   Locks the budget row first, so concurrent draws cannot together take
--   more than the frictiepot holds (55000 naming what is left).
--
-- werkgebied.budget_report(p_schooljaar, p_trimester, p_tot) (SECURITY DEFINER)
--   Per werkgebied (and a total row, werkgebied_id NULL): begroot (share +
--   raises + draws dated in the period), committed (amounts of the school
--   year's arrangements granted by the period's end and not withdrawn by
--   then), spent (uitgaven in the period), uitputting (spent / begroot) and
--   the share of the year passed (jaardeel: whole months since the start of
--   the school year plus the elapsed part of the month, / 12). Scope:
--   bestuur and toezicht all, werkgebied her werkgebieden (the role in
--   force, D36). Amounts are money, not counts of pupils: no small-cell
--   suppression.
-- Repeatable: `passendd migrate` re-applies this file when it changes.

CREATE OR REPLACE FUNCTION werkgebied.budget_split(p_budget uuid)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	b werkgebied.budgetten;
	n bigint;
BEGIN
	SELECT * INTO b FROM werkgebied.budgetten x WHERE x.swv_id = platform.current_swv() AND x.id = p_budget FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('budget %s not found', p_budget);
	END IF;
	DELETE FROM werkgebied.budget_verdeling v WHERE v.swv_id = b.swv_id AND v.budget_id = b.id;
	WITH counts AS (
		SELECT w.id, w.name,
		       coalesce((SELECT sum(t.aantal) FROM bestuur.scholen s
		                 JOIN bestuur.tellingen t ON t.swv_id = s.swv_id AND t.school_id = s.id
		                 WHERE s.swv_id = w.swv_id AND s.werkgebied_id = w.id AND s.soort = ANY (b.school_soorten)
		                   AND t.teldatum = b.teldatum AND t.tel_wijze = 'schoolgaand'), 0)::bigint AS n
		FROM werkgebied.werkgebieden w WHERE w.swv_id = b.swv_id AND w.active
	), tot AS (
		SELECT sum(c.n)::numeric AS n FROM counts c
	), exact AS (
		SELECT c.id, c.name, c.n, div((b.totaal_cents - b.frictiepot_cents)::numeric * c.n, tot.n) AS whole,
		       mod((b.totaal_cents - b.frictiepot_cents)::numeric * c.n, tot.n) AS rest
		FROM counts c, tot WHERE tot.n > 0
	), ranked AS (
		SELECT e.*, row_number() OVER (ORDER BY e.rest DESC, e.n DESC, platform.name_key(e.name, e.id::text) COLLATE "C")
		       AS rnk,
		       (b.totaal_cents - b.frictiepot_cents) - sum(e.whole) OVER () AS left_over
		FROM exact e
	)
	INSERT INTO werkgebied.budget_verdeling (swv_id, budget_id, werkgebied_id, leerlingen, aandeel_cents)
	SELECT b.swv_id, b.id, r.id, r.n, (r.whole + CASE WHEN r.rnk <= r.left_over THEN 1 ELSE 0 END)::bigint
	FROM ranked r;
	SELECT coalesce(sum(v.leerlingen), 0) INTO n FROM werkgebied.budget_verdeling v
	WHERE v.swv_id = b.swv_id AND v.budget_id = b.id;
	IF n = 0 THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('no pupils counted on teldatum %s in the werkgebieden''s schools (%s): record the '
			                 'leerlingtellingen first (UpsertTelling or the tellingen import)', b.teldatum,
			                 (SELECT string_agg(CASE x WHEN 1 THEN 'BAO' WHEN 2 THEN 'SBO' ELSE 'SO' END, ', ' ORDER BY x)
			                  FROM unnest(b.school_soorten) x));
	END IF;
	RETURN n;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.budget_split(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.budget_split(uuid) TO passend_bestuur;

CREATE OR REPLACE FUNCTION werkgebied.budget_create(p_schooljaar text, p_totaal bigint, p_frictiepot bigint,
                                                    p_teldatum date, p_soorten smallint[], p_toelichting text)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	n uuid := gen_random_uuid();
BEGIN
	INSERT INTO werkgebied.budgetten (swv_id, id, schooljaar, totaal_cents, frictiepot_cents, teldatum,
	                                  school_soorten, toelichting)
	VALUES (platform.current_swv(), n, p_schooljaar, p_totaal, p_frictiepot, p_teldatum,
	        CASE WHEN cardinality(p_soorten) > 0 THEN ARRAY(SELECT DISTINCT x FROM unnest(p_soorten) x ORDER BY 1)
	             ELSE '{1}' END, p_toelichting);
	PERFORM werkgebied.budget_split(n);
	PERFORM set_config('passend.budget_id', n::text, true);
	RETURN n;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.budget_create(text, bigint, bigint, date, smallint[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.budget_create(text, bigint, bigint, date, smallint[], text) TO passend_bestuur;

-- NULL: the budget is not found (the statement answers NOT_FOUND).
CREATE OR REPLACE FUNCTION werkgebied.budget_update(p_id uuid, p_mask text[], p_totaal bigint, p_frictiepot bigint,
                                                    p_teldatum date, p_soorten smallint[], p_toelichting text)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	b werkgebied.budgetten;
	drawn bigint;
BEGIN
	UPDATE werkgebied.budgetten u SET
		totaal_cents = CASE WHEN 'totaal_cents' = ANY (p_mask) THEN p_totaal ELSE u.totaal_cents END,
		frictiepot_cents = CASE WHEN 'frictiepot_cents' = ANY (p_mask) THEN p_frictiepot ELSE u.frictiepot_cents END,
		teldatum = CASE WHEN 'teldatum' = ANY (p_mask) THEN p_teldatum ELSE u.teldatum END,
		school_soorten = CASE WHEN 'school_soorten' = ANY (p_mask)
		                      THEN ARRAY(SELECT DISTINCT x FROM unnest(p_soorten) x ORDER BY 1) ELSE u.school_soorten END,
		toelichting = CASE WHEN 'toelichting' = ANY (p_mask) THEN p_toelichting ELSE u.toelichting END,
		updated_at = now()
	WHERE u.swv_id = platform.current_swv() AND u.id = p_id
	RETURNING * INTO b;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT coalesce(sum(m.bedrag_cents), 0) INTO drawn FROM werkgebied.budget_mutaties m
	WHERE m.swv_id = b.swv_id AND m.budget_id = b.id AND m.soort = 'frictiepot';
	IF b.frictiepot_cents < drawn THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('budget.frictiepot_cents cannot be below the %s cents already drawn from it', drawn);
	END IF;
	PERFORM werkgebied.budget_split(b.id);
	PERFORM set_config('passend.budget_id', b.id::text, true);
	RETURN b.id;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.budget_update(uuid, text[], bigint, bigint, date, smallint[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.budget_update(uuid, text[], bigint, bigint, date, smallint[], text)
	TO passend_bestuur;

CREATE OR REPLACE FUNCTION werkgebied.budget_mutatie(p_schooljaar text, p_werkgebied uuid, p_soort text,
                                                     p_datum date, p_bedrag bigint, p_toelichting text)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	b werkgebied.budgetten;
	y0 date;
	y1 date;
	over bigint;
	n uuid := gen_random_uuid();
BEGIN
	SELECT * INTO b FROM werkgebied.budgetten x
	WHERE x.swv_id = platform.current_swv() AND x.schooljaar = p_schooljaar FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('there is no werkgebied budget for schooljaar %s (CreateWerkgebiedBudget)', p_schooljaar);
	END IF;
	IF NOT EXISTS (SELECT 1 FROM werkgebied.werkgebieden w WHERE w.swv_id = b.swv_id AND w.id = p_werkgebied) THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'werkgebied not found';
	END IF;
	SELECT min(p.lo), max(p.hi) INTO y0, y1 FROM platform.report_periods(p_schooljaar, 0) p;
	IF p_datum < y0 OR p_datum >= y1 THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = format('datum must lie in schooljaar %s (%s to %s)', p_schooljaar, y0, y1 - 1);
	END IF;
	IF p_soort = 'frictiepot' THEN
		SELECT b.frictiepot_cents - coalesce(sum(m.bedrag_cents), 0) INTO over FROM werkgebied.budget_mutaties m
		WHERE m.swv_id = b.swv_id AND m.budget_id = b.id AND m.soort = 'frictiepot';
		IF p_bedrag > over THEN
			RAISE EXCEPTION USING ERRCODE = '55000',
				MESSAGE = format('the frictiepot of %s has %s cents left: a draw of %s cents does not fit',
				                 p_schooljaar, over, p_bedrag);
		END IF;
	END IF;
	INSERT INTO werkgebied.budget_mutaties (swv_id, id, budget_id, werkgebied_id, soort, datum, bedrag_cents,
	                                        toelichting)
	VALUES (b.swv_id, n, b.id, p_werkgebied, p_soort, p_datum, p_bedrag, p_toelichting);
	PERFORM set_config('passend.budget_mutatie_id', n::text, true);
	RETURN n;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.budget_mutatie(text, uuid, text, date, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.budget_mutatie(text, uuid, text, date, bigint, text) TO passend_bestuur;

-- What was drawn from the frictiepot of budget p_budget, by every
-- werkgebied: a consulent sees only her werkgebieden's mutaties, but what
-- the shared frictiepot still holds is hers to know too.
CREATE OR REPLACE FUNCTION werkgebied.budget_onttrokken(p_budget uuid)
RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
	SELECT coalesce(sum(m.bedrag_cents), 0)::bigint FROM werkgebied.budget_mutaties m
	WHERE m.swv_id = platform.current_swv() AND m.budget_id = p_budget AND m.soort = 'frictiepot'
$$;
REVOKE ALL ON FUNCTION werkgebied.budget_onttrokken(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.budget_onttrokken(uuid) TO passend_bestuur, passend_werkgebied;

-- The share of the school year [p_y0, p_y1) passed at p_hi (exclusive end),
-- 0..1: whole months since p_y0 plus the elapsed days of the month / its
-- days, / 12 (DOMAIN.md §6: the period budget through month m is m/12).
CREATE OR REPLACE FUNCTION werkgebied.budget_jaardeel(p_y0 date, p_hi date)
RETURNS numeric
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT least(1, greatest(0, (m + (p_hi - (p_y0 + make_interval(months => m))::date)::numeric
	                              / ((p_y0 + make_interval(months => m + 1))::date
	                                 - (p_y0 + make_interval(months => m))::date)) / 12))
	FROM (SELECT (extract(year FROM age(p_hi, p_y0)) * 12 + extract(month FROM age(p_hi, p_y0)))::integer AS m) x
$$;
REVOKE ALL ON FUNCTION werkgebied.budget_jaardeel(date, date) FROM PUBLIC;

CREATE OR REPLACE FUNCTION werkgebied.budget_report(p_schooljaar text, p_trimester integer, p_tot date)
RETURNS TABLE (werkgebied_id uuid, werkgebied text, ord integer, leerlingen bigint, aandeel_cents bigint,
               ophogingen_cents bigint, frictiepot_cents bigint, begroot_cents bigint, begroot_periode_cents bigint,
               verplicht_cents bigint, besteed_cents bigint, uitputting text, verplicht_pct text, verschil text,
               jaardeel text, tot date, teldatum date, totaal_cents bigint, frictiepot_set_cents bigint,
               frictiepot_onttrokken_cents bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	swv uuid := platform.current_swv();
	role text := platform.invoking_role_name(); -- the role in force, not passend.role (D36)
	scope uuid[] := platform.current_scope();
	y0 date;
	y1 date;
	hi date;
	deel numeric;
	b werkgebied.budgetten;
BEGIN
	IF swv IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'no tenant in this transaction';
	END IF;
	SELECT min(p.lo), max(p.hi) INTO y0, y1 FROM platform.report_periods(p_schooljaar, 0) p;
	IF p_tot IS NOT NULL THEN
		IF p_tot < y0 OR p_tot >= y1 THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = format('tot must lie in schooljaar %s (%s to %s)', p_schooljaar, y0, y1 - 1);
		END IF;
		hi := p_tot + 1;
	ELSE
		SELECT max(p.hi) INTO hi FROM platform.report_periods(p_schooljaar, p_trimester) p;
	END IF;
	deel := werkgebied.budget_jaardeel(y0, hi);
	SELECT * INTO b FROM werkgebied.budgetten x WHERE x.swv_id = swv AND x.schooljaar = p_schooljaar;
	RETURN QUERY
	WITH wg AS (
		SELECT w.id, w.name, w.created_at FROM werkgebied.werkgebieden w
		WHERE w.swv_id = swv AND (role <> 'werkgebied' OR w.id = ANY (scope))
		  AND (w.active OR EXISTS (SELECT 1 FROM werkgebied.budget_verdeling v
		                           WHERE v.swv_id = swv AND v.budget_id = b.id AND v.werkgebied_id = w.id))
	), committed AS (
		SELECT a.werkgebied_id, sum(a.bedrag_cents)::bigint AS c
		FROM werkgebied.arrangementen a
		WHERE a.swv_id = swv AND a.startdatum >= y0 AND a.startdatum < y1
		  AND EXISTS (SELECT 1 FROM werkgebied.arrangement_events e WHERE e.swv_id = a.swv_id
		              AND e.arrangement_id = a.id AND e.step = 'grant' AND e.datum < hi)
		  AND NOT EXISTS (SELECT 1 FROM werkgebied.arrangement_events e WHERE e.swv_id = a.swv_id
		                  AND e.arrangement_id = a.id AND e.step = 'withdraw' AND e.datum < hi)
		GROUP BY a.werkgebied_id
	), rows AS (
		SELECT wg.id, wg.name, wg.created_at,
		       coalesce(v.leerlingen, 0) AS n, coalesce(v.aandeel_cents, 0) AS aandeel,
		       coalesce((SELECT sum(m.bedrag_cents) FROM werkgebied.budget_mutaties m WHERE m.swv_id = swv
		                 AND m.budget_id = b.id AND m.werkgebied_id = wg.id AND m.soort = 'ophoging'
		                 AND m.datum < hi), 0)::bigint AS oph,
		       coalesce((SELECT sum(m.bedrag_cents) FROM werkgebied.budget_mutaties m WHERE m.swv_id = swv
		                 AND m.budget_id = b.id AND m.werkgebied_id = wg.id AND m.soort = 'frictiepot'
		                 AND m.datum < hi), 0)::bigint AS fp,
		       coalesce(c.c, 0) AS verpl,
		       coalesce((SELECT sum(u.bedrag_cents) FROM werkgebied.budget_uitgaven u WHERE u.swv_id = swv
		                 AND u.werkgebied_id = wg.id AND u.datum >= y0 AND u.datum < hi), 0)::bigint AS best
		FROM wg
		LEFT JOIN werkgebied.budget_verdeling v ON v.swv_id = swv AND v.budget_id = b.id AND v.werkgebied_id = wg.id
		LEFT JOIN committed c ON c.werkgebied_id = wg.id
	), numbered AS (
		SELECT r.id, r.name, (row_number() OVER (ORDER BY platform.name_key(r.name, r.id::text) COLLATE "C"))::integer AS o, r.n, r.aandeel,
		       r.oph, r.fp, r.verpl, r.best FROM rows r
		UNION ALL
		SELECT NULL, 'Totaal', 1000000, sum(r.n)::bigint, sum(r.aandeel)::bigint, sum(r.oph)::bigint,
		       sum(r.fp)::bigint, sum(r.verpl)::bigint, sum(r.best)::bigint FROM rows r
	)
	SELECT x.id, x.name, x.o, coalesce(x.n, 0), coalesce(x.aandeel, 0), coalesce(x.oph, 0), coalesce(x.fp, 0),
	       coalesce(x.aandeel + x.oph + x.fp, 0),
	       coalesce(round((x.aandeel + x.oph + x.fp) * deel), 0)::bigint,
	       coalesce(x.verpl, 0), coalesce(x.best, 0),
	       CASE WHEN x.aandeel + x.oph + x.fp > 0
	            THEN round(x.best * 100.0 / (x.aandeel + x.oph + x.fp), 2)::text END,
	       CASE WHEN x.aandeel + x.oph + x.fp > 0
	            THEN round(x.verpl * 100.0 / (x.aandeel + x.oph + x.fp), 2)::text END,
	       CASE WHEN x.aandeel + x.oph + x.fp > 0
	            THEN round(x.best * 100.0 / (x.aandeel + x.oph + x.fp) - deel * 100, 2)::text END,
	       round(deel * 100, 2)::text, hi - 1, b.teldatum, coalesce(b.totaal_cents, 0),
	       coalesce(b.frictiepot_cents, 0),
	       coalesce((SELECT sum(m.bedrag_cents) FROM werkgebied.budget_mutaties m WHERE m.swv_id = swv
	                 AND m.budget_id = b.id AND m.soort = 'frictiepot' AND m.datum < hi), 0)::bigint
	FROM numbered x ORDER BY x.o;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.budget_report(text, integer, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.budget_report(text, integer, date)
	TO passend_bestuur, passend_toezicht, passend_werkgebied;
