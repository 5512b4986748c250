-- The begroting's rules (docs/decisions.md D43; tables in 0022_begroting.sql):
--   bestuur.begroting_create   a new concept version, optionally a copy of another
--   bestuur.begroting_step     submit (concept -> ingediend), approve (ingediend -> goedgekeurd)
--   bestuur.begroting_report   the period report of a school year through a month's end
--   bestuur.overdracht_schema  per-pupil transfers per bestuur with their monthly schedule
--   bestuur.sbo_regime         the SBO regime in force on a date and its counts
-- Money in bigint cents; a period budget and a default forecast are rounded
-- half-up (away from zero) to the cent per line, totals add the lines.
-- Repeatable: `passendd migrate` re-applies this file when it changes.

-- A new concept version of p_schooljaar (versie = the highest + 1), with the
-- groups and lines of p_van when given (any school year: lines keep their
-- identity). Names it in passend.begroting_id for the answer. P0002 for a
-- p_van the caller cannot see.
CREATE OR REPLACE FUNCTION bestuur.begroting_create(p_schooljaar text, p_van uuid, p_toelichting text)
RETURNS uuid
LANGUAGE plpgsql AS
$$
DECLARE
	swv uuid := platform.current_swv();
	new_id uuid := gen_random_uuid();
BEGIN
	IF p_van IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bestuur.begrotingen v WHERE v.swv_id = swv AND v.id = p_van) THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'van_begroting_id: begroting not found';
	END IF;
	-- one new version per school year at a time: the lock orders concurrent creates
	PERFORM pg_advisory_xact_lock(hashtext('begroting:' || swv::text || ':' || p_schooljaar));
	INSERT INTO bestuur.begrotingen (swv_id, id, schooljaar, versie, voorganger_id, toelichting)
	SELECT swv, new_id, p_schooljaar, coalesce(max(v.versie), 0) + 1, p_van, p_toelichting
	FROM bestuur.begrotingen v WHERE v.swv_id = swv AND v.schooljaar = p_schooljaar;
	IF p_van IS NOT NULL THEN
		INSERT INTO bestuur.begroting_groepen (swv_id, begroting_id, sectie, groep, kop)
		SELECT swv, new_id, g.sectie, g.groep, g.kop FROM bestuur.begroting_groepen g
		WHERE g.swv_id = swv AND g.begroting_id = p_van;
		INSERT INTO bestuur.begroting_posten (swv_id, begroting_id, regel_id, sectie, groep, code, omschrijving,
		                                      volgorde, bedrag_cents, pm)
		SELECT swv, new_id, p.regel_id, p.sectie, p.groep, p.code, p.omschrijving, p.volgorde, p.bedrag_cents, p.pm
		FROM bestuur.begroting_posten p WHERE p.swv_id = swv AND p.begroting_id = p_van;
	END IF;
	PERFORM set_config('passend.begroting_id', new_id::text, true);
	RETURN new_id;
END
$$;
REVOKE ALL ON FUNCTION bestuur.begroting_create(text, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.begroting_create(text, uuid, text) TO passend_bestuur;

-- The version's steps: 'submit' (bestuur: concept -> ingediend, at least one
-- line) and 'approve' (toezicht: ingediend -> goedgekeurd on p_datum with
-- the decision's reference). A step out of order is 55000 (FAILED_PRECONDITION)
-- naming the state: "begroting 2016-2017 versie 1 is goedgekeurd:
-- ApproveBegroting needs ingediend". P0002 for a version the caller cannot see.
CREATE OR REPLACE FUNCTION bestuur.begroting_step(p_id uuid, p_step text, p_datum date, p_besluit text)
RETURNS uuid
LANGUAGE plpgsql AS
$$
DECLARE
	swv uuid := platform.current_swv();
	b record;
	method text := CASE p_step WHEN 'submit' THEN 'SubmitBegroting' ELSE 'ApproveBegroting' END;
	need text := CASE p_step WHEN 'submit' THEN 'concept' ELSE 'ingediend' END;
BEGIN
	SELECT v.schooljaar, v.versie, v.status, v.ingediend_op INTO b
	FROM bestuur.begrotingen v WHERE v.swv_id = swv AND v.id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'begroting not found';
	END IF;
	IF b.status <> need THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('begroting %s versie %s is %s: %s needs %s', b.schooljaar, b.versie, b.status, method, need);
	END IF;
	IF p_step = 'submit' THEN
		IF NOT EXISTS (SELECT 1 FROM bestuur.begroting_posten p WHERE p.swv_id = swv AND p.begroting_id = p_id) THEN
			RAISE EXCEPTION USING ERRCODE = '55000',
				MESSAGE = format('begroting %s versie %s has no lines: SubmitBegroting needs at least one line',
				                 b.schooljaar, b.versie);
		END IF;
		UPDATE bestuur.begrotingen v SET status = 'ingediend', ingediend_op = p_datum WHERE v.swv_id = swv AND v.id = p_id;
	ELSIF p_step = 'approve' THEN
		IF p_datum < b.ingediend_op THEN
			RAISE EXCEPTION USING ERRCODE = '55000',
				MESSAGE = format('begroting %s versie %s was ingediend on %s: ApproveBegroting needs a datum on or after it',
				                 b.schooljaar, b.versie, b.ingediend_op);
		END IF;
		UPDATE bestuur.begrotingen v SET status = 'goedgekeurd', goedgekeurd_op = p_datum, besluit = p_besluit
		WHERE v.swv_id = swv AND v.id = p_id;
	ELSE
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown begroting step %s', p_step);
	END IF;
	RETURN p_id;
END
$$;
REVOKE ALL ON FUNCTION bestuur.begroting_step(uuid, text, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.begroting_step(uuid, text, date, text) TO passend_bestuur, passend_toezicht;

-- The period report of p_schooljaar through p_tot (the last day of the
-- school year's month m; the caller checks it): version p_begroting, else
-- the latest goedgekeurd, else the latest. Rows in print order: per sectie
-- (baten, overdrachten, lasten) each group's lines (by volgorde) and the
-- group's subtotal ('groep'), then the sectie's total ('sectie'); then the
-- resultaat block ('resultaat': the three totals and resultaat = baten -
-- overdrachten - lasten). Per line: B (PM: 0), BP = round(B x m / 12), R =
-- the bookings from the year's start through p_tot, V = BP - R, P = the
-- manual forecast, else round(R x 12 / m). SECURITY DEFINER so that toezicht
-- reads the figures without the bookings (D43); the owner's policies keep it
-- to the current tenant. P0002 without a version.
CREATE OR REPLACE FUNCTION bestuur.begroting_report(p_schooljaar text, p_tot date, p_begroting uuid)
RETURNS TABLE (soort text, sectie text, groep text, code text, omschrijving text, sleutel text, pm boolean,
               b bigint, bp bigint, r bigint, v bigint, p bigint, handmatig boolean,
               begroting_id uuid, versie integer, status text, maanden integer, van date)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	swv uuid := platform.current_swv();
	lo date;
	m integer;
	bg record;
BEGIN
	SELECT x.lo INTO lo FROM platform.report_periods(p_schooljaar, 0) x WHERE x.k = 4;
	m := (SELECT count(*) FROM generate_series(lo, p_tot, interval '1 month'))::integer;
	SELECT x.id, x.versie, x.status INTO bg FROM bestuur.begrotingen x
	WHERE x.swv_id = swv AND x.schooljaar = p_schooljaar AND (p_begroting IS NULL OR x.id = p_begroting)
	ORDER BY (x.status = 'goedgekeurd') DESC, x.versie DESC LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002',
			MESSAGE = CASE WHEN p_begroting IS NULL THEN format('no begroting for schooljaar %s', p_schooljaar)
			               ELSE format('begroting_id: no begroting of schooljaar %s with this id', p_schooljaar) END;
	END IF;
	RETURN QUERY
	WITH l AS (
		SELECT po.sectie, po.groep, po.code, po.omschrijving, re.sleutel, po.pm, po.volgorde,
		       coalesce(po.bedrag_cents, 0) AS b,
		       round(coalesce(po.bedrag_cents, 0)::numeric * m / 12)::bigint AS bp,
		       coalesce((SELECT sum(x.bedrag_cents) FROM bestuur.realisatie x
		                 WHERE x.swv_id = swv AND x.regel_id = po.regel_id AND x.datum BETWEEN lo AND p_tot), 0)::bigint AS r,
		       pr.bedrag_cents AS man
		FROM bestuur.begroting_posten po
		JOIN bestuur.begroting_regels re ON re.swv_id = po.swv_id AND re.id = po.regel_id
		LEFT JOIN bestuur.begroting_prognoses pr
			ON pr.swv_id = po.swv_id AND pr.schooljaar = p_schooljaar AND pr.regel_id = po.regel_id
		WHERE po.swv_id = swv AND po.begroting_id = bg.id
	), lv AS (
		SELECT l.*, l.bp - l.r AS v, coalesce(l.man, round(l.r::numeric * 12 / m)::bigint) AS p,
		       l.man IS NOT NULL AS handmatig
		FROM l
	), s AS (
		SELECT * FROM (VALUES ('baten', 1, 'totaal baten', 1), ('overdrachten', 2, 'totaal overdrachten', -1),
		                      ('lasten', 3, 'totaal lasten', -1)) s (sectie, n, label, teken)
	), g AS (
		SELECT g.sectie, g.groep, g.kop,
		       rank() OVER (PARTITION BY g.sectie ORDER BY min(lv.volgorde) NULLS LAST, length(g.groep), g.groep) AS gn,
		       coalesce(sum(lv.b), 0) AS b, coalesce(sum(lv.bp), 0) AS bp, coalesce(sum(lv.r), 0) AS r,
		       coalesce(sum(lv.v), 0) AS v, coalesce(sum(lv.p), 0) AS p
		FROM bestuur.begroting_groepen g
		LEFT JOIN lv ON lv.sectie = g.sectie AND lv.groep = g.groep
		WHERE g.swv_id = swv AND g.begroting_id = bg.id
		GROUP BY g.sectie, g.groep, g.kop
	), t AS (
		SELECT s.sectie, s.n, s.label, s.teken, coalesce(sum(lv.b), 0)::bigint AS b, coalesce(sum(lv.bp), 0)::bigint AS bp,
		       coalesce(sum(lv.r), 0)::bigint AS r, coalesce(sum(lv.v), 0)::bigint AS v, coalesce(sum(lv.p), 0)::bigint AS p
		FROM s LEFT JOIN lv ON lv.sectie = s.sectie
		GROUP BY s.sectie, s.n, s.label, s.teken
	), rows AS (
		SELECT s.n, g.gn, 0 AS k, lv.volgorde AS o, 'regel' AS soort, lv.sectie, lv.groep, lv.code, lv.omschrijving,
		       lv.sleutel, lv.pm, lv.b, lv.bp, lv.r, lv.v, lv.p, lv.handmatig
		FROM lv JOIN s ON s.sectie = lv.sectie JOIN g ON g.sectie = lv.sectie AND g.groep = lv.groep
		UNION ALL
		SELECT s.n, g.gn, 1, 0, 'groep', g.sectie, g.groep, '', g.kop, '', false,
		       g.b::bigint, g.bp::bigint, g.r::bigint, g.v::bigint, g.p::bigint, false
		FROM g JOIN s ON s.sectie = g.sectie
		UNION ALL
		SELECT t.n, 1000000, 2, 0, 'sectie', t.sectie, '', '', t.label, '', false, t.b, t.bp, t.r, t.v, t.p, false
		FROM t
		UNION ALL
		SELECT 4, 0, 0, t.n, 'resultaat', t.sectie, '', '', t.sectie, '', false, t.b, t.bp, t.r, t.v, t.p, false
		FROM t
		UNION ALL
		SELECT 4, 0, 1, 0, 'resultaat', '', '', '', 'resultaat', '', false, sum(t.teken * t.b)::bigint,
		       sum(t.teken * t.bp)::bigint, sum(t.teken * t.r)::bigint, sum(t.teken * t.v)::bigint,
		       sum(t.teken * t.p)::bigint, false
		FROM t
	)
	SELECT x.soort, x.sectie, x.groep, x.code, x.omschrijving, x.sleutel, x.pm, x.b, x.bp, x.r, x.v, x.p, x.handmatig,
	       bg.id, bg.versie, bg.status, m, lo
	FROM rows x ORDER BY x.n, x.gn, x.k, x.o;
END
$$;
REVOKE ALL ON FUNCTION bestuur.begroting_report(text, date, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.begroting_report(text, date, uuid) TO passend_bestuur, passend_toezicht;

-- The transfers of p_schooljaar per bestuur (all, or p_bestuur) and rate:
-- the bestuur's pupils counted schoolgaand on the rate's teldatum in its
-- schools of the rate's soorten x the amount per pupil, paid in 12 monthly
-- terms from the school year's first month. Term k pays floor(J x k / 12) -
-- floor(J x (k - 1) / 12), so the terms differ by at most a cent and add up
-- to J exactly. Besturen without pupils counted get no row. (plpgsql: its
-- body is checked when it runs, after rapportage_kalender.sql is applied.)
CREATE OR REPLACE FUNCTION bestuur.overdracht_schema(p_schooljaar text, p_bestuur uuid)
RETURNS TABLE (bestuur_id uuid, bestuur_naam text, soort text, teldatum date, leerlingen bigint, per_leerling bigint,
               jaarbedrag bigint, termijnen json)
LANGUAGE plpgsql STABLE AS
$$
BEGIN
	RETURN QUERY
	WITH per AS (
		SELECT x.lo FROM platform.report_periods(p_schooljaar, 0) x WHERE x.k = 4
	), t AS (
		SELECT * FROM bestuur.overdracht_tarieven t
		WHERE t.swv_id = platform.current_swv() AND t.schooljaar = p_schooljaar
	), c AS (
		SELECT t.id AS tarief_id, s.schoolbestuur_id, sum(tl.aantal)::bigint AS n
		FROM t
		JOIN bestuur.tellingen tl ON tl.swv_id = t.swv_id AND tl.teldatum = t.teldatum AND tl.tel_wijze = 'schoolgaand'
		JOIN bestuur.scholen s ON s.swv_id = tl.swv_id AND s.id = tl.school_id
		WHERE (ARRAY['bao', 'sbo', 'so'])[s.soort] = ANY (t.schoolsoorten) AND s.schoolbestuur_id IS NOT NULL
		GROUP BY t.id, s.schoolbestuur_id
	)
	SELECT b.id, b.name, t.soort, t.teldatum, c.n, t.bedrag_per_leerling_cents, c.n * t.bedrag_per_leerling_cents,
	       (SELECT json_agg(json_build_object(
	                   'maand', (per.lo + make_interval(months => k - 1))::date,
	                   'bedrag_cents', c.n * t.bedrag_per_leerling_cents * k / 12
	                                   - c.n * t.bedrag_per_leerling_cents * (k - 1) / 12) ORDER BY k)
	        FROM generate_series(1, 12) k)
	FROM t
	JOIN c ON c.tarief_id = t.id
	JOIN bestuur.schoolbesturen b ON b.swv_id = t.swv_id AND b.id = c.schoolbestuur_id
	CROSS JOIN per
	WHERE p_bestuur IS NULL OR b.id = p_bestuur
	ORDER BY platform.name_key(b.name, b.id::text), t.soort;
END
$$;
REVOKE ALL ON FUNCTION bestuur.overdracht_schema(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.overdracht_schema(text, uuid) TO passend_bestuur;

-- The SBO regime in force on p_datum (platform.sbo_regimes) for the current
-- tenant: the period it funds that holds p_datum (the tenant's school year
-- or the calendar year, within the rule's validity), its peildatum (month
-- and day of the period's first year + the rule's year offset) and the
-- schoolgaand counts on it: SBO and BAO + SBO; with a norm, norm pupils =
-- totaal x norm_pct / 100 (2 decimals half-up) and SBO minus that. P0002
-- when no rule is in force.
CREATE OR REPLACE FUNCTION bestuur.sbo_regime(p_datum date)
RETURNS TABLE (regime text, omschrijving text, periode_van date, periode_tot date, peildatum date, sbo bigint,
               totaal bigint, norm_pct numeric, norm numeric, boven numeric)
LANGUAGE plpgsql STABLE AS
$$
DECLARE
	rg platform.sbo_regimes;
	y integer := extract(year FROM p_datum)::integer;
	lo date;
	hi date;
	pd date;
	n_sbo bigint;
	n_tot bigint;
BEGIN
	SELECT * INTO rg FROM platform.sbo_regimes x
	WHERE x.geldig_van <= p_datum AND (x.geldig_tot IS NULL OR p_datum < x.geldig_tot);
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no SBO regime in force on %s', p_datum);
	END IF;
	IF rg.periode = 'kalenderjaar' THEN
		lo := make_date(y, 1, 1);
		hi := make_date(y + 1, 1, 1);
	ELSE
		SELECT x.lo, x.hi INTO lo, hi FROM platform.report_periods(format('%s-%s', y, y + 1), 0) x WHERE x.k = 4;
		IF p_datum < lo THEN
			SELECT x.lo, x.hi INTO lo, hi FROM platform.report_periods(format('%s-%s', y - 1, y), 0) x WHERE x.k = 4;
		END IF;
	END IF;
	pd := make_date(extract(year FROM lo)::integer + rg.peildatum_jaar, rg.peildatum_maand, rg.peildatum_dag);
	lo := greatest(lo, rg.geldig_van);
	hi := least(hi, coalesce(rg.geldig_tot, hi));
	SELECT coalesce(sum(tl.aantal) FILTER (WHERE s.soort = 2), 0), coalesce(sum(tl.aantal), 0)
	INTO n_sbo, n_tot
	FROM bestuur.tellingen tl JOIN bestuur.scholen s ON s.swv_id = tl.swv_id AND s.id = tl.school_id
	WHERE tl.swv_id = platform.current_swv() AND tl.teldatum = pd AND tl.tel_wijze = 'schoolgaand' AND s.soort IN (1, 2);
	RETURN QUERY SELECT rg.regime, rg.omschrijving, lo, hi - 1, pd, n_sbo, n_tot, rg.norm_pct,
		round(n_tot * rg.norm_pct / 100, 2), n_sbo - round(n_tot * rg.norm_pct / 100, 2);
END
$$;
REVOKE ALL ON FUNCTION bestuur.sbo_regime(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.sbo_regime(date) TO passend_bestuur;
