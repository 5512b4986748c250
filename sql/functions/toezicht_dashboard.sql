-- toezicht.dashboard(p_schooljaar, p_trimester): the toezicht dashboard
-- (passend.v1.Toezicht/GetDashboard, issue 9 point 7, D45): aggregates
-- only, each section one function of the list below, (p_schooljaar text,
-- p_trimester integer) RETURNS SETOF toezicht.dashboard_regel, run with the
-- caller's rights. The kengetallen are figures of the organisation (no
-- pupil behind them: nothing to suppress). A section over pupil data takes
-- its figures from the report that publishes them (bestuur.tlv_report,
-- bestuur.deelname_report, the werkgebied reports through
-- bestuur.jaarplan_voortgang), so it is suppressed exactly as that report
-- is for the role in force; a section never reads a pupil-level table
-- itself. Adding a section is its function and one line of `secties`.
-- Repeatable: `passendd migrate` re-applies this file when it changes.

-- kpi: the jaarplan's KPI progress (bestuur.jaarplan_voortgang): per action
-- with a target or KPI and per trimester, the value, the target, the signal.
CREATE OR REPLACE FUNCTION toezicht.dashboard_kpi(p_schooljaar text, p_trimester integer)
RETURNS SETOF toezicht.dashboard_regel LANGUAGE sql STABLE AS
$$
	SELECT (row_number() OVER ())::integer, v.code || ' ' || CASE WHEN v.kpi <> '' THEN v.kpi ELSE v.perspectief END,
	       v.periode, v.waarde, v.suppressed, v.doelwaarde, v.signaal,
	       v.bron || CASE WHEN v.toelichting <> '' THEN ': ' || v.toelichting ELSE '' END
	FROM bestuur.jaarplan_voortgang(p_schooljaar, p_trimester) v
$$;

-- kengetallen: the kengetallen of the annual accounts of the calendar years
-- the school year touches that have accounts (its first year, then the
-- second), from bestuur.kengetallen: the value, the signaleringswaarde in
-- force (doel) and the signal (onder, boven, binnen, geen_waarde,
-- geen_norm); toelichting names a published figure that differs.
CREATE OR REPLACE FUNCTION toezicht.dashboard_kengetallen(p_schooljaar text, p_trimester integer)
RETURNS SETOF toezicht.dashboard_regel LANGUAGE sql STABLE AS
$$
	SELECT (row_number() OVER (ORDER BY y.jaar, k.volgorde, k.kengetal))::integer, k.naam, y.jaar::text,
	       k.waarde::text, false,
	       CASE WHEN k.ondergrens IS NOT NULL AND k.bovengrens IS NOT NULL
	            THEN k.ondergrens || ' – ' || k.bovengrens
	            WHEN k.ondergrens IS NOT NULL THEN 'ten minste ' || k.ondergrens
	            WHEN k.bovengrens IS NOT NULL THEN 'ten hoogste ' || k.bovengrens ELSE '' END,
	       replace(k.signaal, 'signaal_', ''),
	       CASE WHEN k.afwijking THEN 'gepubliceerd ' || coalesce(k.gepubliceerd::text, '') ELSE '' END
	FROM (VALUES (substr(p_schooljaar, 1, 4)::integer), (substr(p_schooljaar, 1, 4)::integer + 1)) y (jaar)
	CROSS JOIN LATERAL bestuur.kengetallen(y.jaar) k
$$;

-- begroting: the school year's begroting (bestuur.begroting_report: the
-- approved version, else the latest) through the last month-end of the
-- period: per sectie (baten, overdrachten, lasten) waarde the realisatie as
-- a percentage of the annual budget (uitputting) and doel the share of the
-- year passed (m/12); the resultaat in whole euros beside the period's
-- budget. signaal: boven or onder when the realisatie is above or below the
-- period budget, else binnen; toelichting the amounts. No begroting for the
-- year: no lines. plpgsql, so that this file does not depend on the order
-- in which the repeatable files are applied.
CREATE OR REPLACE FUNCTION toezicht.dashboard_begroting(p_schooljaar text, p_trimester integer)
RETURNS SETOF toezicht.dashboard_regel LANGUAGE plpgsql STABLE AS
$$
DECLARE
	tot date := date_trunc('month', (SELECT max(p.hi) FROM platform.report_periods(p_schooljaar, p_trimester) p))::date - 1;
BEGIN
	RETURN QUERY
	SELECT (row_number() OVER ())::integer, r.omschrijving, 't/m ' || tot,
	       CASE WHEN r.soort = 'resultaat' THEN round(r.r / 100.0)::text
	            WHEN r.b > 0 THEN round(r.r * 100.0 / r.b, 2)::text END, false,
	       CASE WHEN r.soort = 'resultaat' THEN 'begroot periode ' || round(r.bp / 100.0)
	            ELSE 'jaardeel ' || round(r.maanden * 100.0 / 12, 2) END,
	       CASE WHEN r.r > r.bp THEN 'boven' WHEN r.r < r.bp THEN 'onder' ELSE 'binnen' END,
	       'realisatie ' || platform.euro_text(r.r) || ', begroot periode ' || platform.euro_text(r.bp)
	       || ', begroot jaar ' || platform.euro_text(r.b)
	FROM bestuur.begroting_report(p_schooljaar, tot, NULL) r
	WHERE r.soort = 'sectie' OR (r.soort = 'resultaat' AND r.omschrijving = 'resultaat');
EXCEPTION WHEN no_data_found THEN
	RETURN;
END
$$;

-- werkgebied_budget: per werkgebied and in total, the uitputting of the
-- werkgebied budgets (werkgebied.budget_report through the period): spent
-- as a percentage of the budget, beside the share of the year passed;
-- signaal boven when spending runs ahead of the year, else binnen. No
-- budget for the year: no lines.
CREATE OR REPLACE FUNCTION toezicht.dashboard_werkgebied_budget(p_schooljaar text, p_trimester integer)
RETURNS SETOF toezicht.dashboard_regel LANGUAGE plpgsql STABLE AS
$$
BEGIN
	RETURN QUERY
	SELECT (row_number() OVER (ORDER BY b.ord))::integer, b.werkgebied, 't/m ' || b.tot, b.uitputting, false,
	       'jaardeel ' || b.jaardeel,
	       CASE WHEN b.verschil IS NULL THEN '' WHEN b.verschil::numeric > 0 THEN 'boven' ELSE 'binnen' END,
	       'besteed ' || platform.euro_text(b.besteed_cents) || ' van ' || platform.euro_text(b.begroot_cents)
	       || ', verplicht ' || platform.euro_text(b.verplicht_cents)
	FROM werkgebied.budget_report(p_schooljaar, p_trimester, NULL) b
	WHERE b.totaal_cents > 0;
END
$$;

-- tlv: TLVs afgegeven (new applications) and the share decided on time (a
-- percentage since D48), per
-- period, from bestuur.tlv_report (its suppression).
CREATE OR REPLACE FUNCTION toezicht.dashboard_tlv(p_schooljaar text, p_trimester integer)
RETURNS SETOF toezicht.dashboard_regel LANGUAGE sql STABLE AS
$$
	SELECT (row_number() OVER (ORDER BY x.o, x.ord))::integer, x.onderwerp, x.periode, x.waarde, x.sup, '', '', ''
	FROM (
		SELECT 1 AS o, r.ord, 'TLV''s afgegeven (nieuw)' AS onderwerp, r.periode, r.c1::text AS waarde, r.c1 IS NULL AS sup
		FROM bestuur.tlv_report(p_schooljaar, p_trimester) r WHERE r.sec = 'nieuw'
		UNION ALL
		SELECT 2, r.ord, 'aandeel besluiten op tijd (%)', r.periode, r.d1, coalesce(r.s1, false)
		FROM bestuur.tlv_report(p_schooljaar, p_trimester) r WHERE r.sec = 'doorlooptijd'
	) x
$$;

-- deelname: the SWV's deelnamepercentages SBO and SO at each teldatum of the
-- school year (1 August .. 31 July) beside the landelijk figure, from
-- bestuur.deelname_report (its suppression).
CREATE OR REPLACE FUNCTION toezicht.dashboard_deelname(p_schooljaar text, p_trimester integer)
RETURNS SETOF toezicht.dashboard_regel LANGUAGE sql STABLE AS
$$
	SELECT (row_number() OVER (ORDER BY x.teldatum, x.o))::integer, x.onderwerp, x.teldatum::text, x.pct,
	       x.pct IS NULL AND x.suppress, coalesce('landelijk ' || x.land, ''), '', ''
	FROM (
		SELECT r.teldatum, 1 AS o, 'deelnamepercentage SBO' AS onderwerp, r.pct_sbo::text AS pct, r.land_sbo AS land,
		       r.suppress AND coalesce(r.noemer <> 0, true) AS suppress
		FROM bestuur.deelname_report(NULL, false, false) r
		WHERE r.scope = 'swv' AND r.teldatum >= make_date(substr(p_schooljaar, 1, 4)::integer, 8, 1)
		  AND r.teldatum < make_date(substr(p_schooljaar, 1, 4)::integer + 1, 8, 1)
		UNION ALL
		SELECT r.teldatum, 2, 'deelnamepercentage SO', r.pct_so::text, r.land_so,
		       r.suppress AND coalesce(r.noemer <> 0, true)
		FROM bestuur.deelname_report(NULL, false, false) r
		WHERE r.scope = 'swv' AND r.teldatum >= make_date(substr(p_schooljaar, 1, 4)::integer, 8, 1)
		  AND r.teldatum < make_date(substr(p_schooljaar, 1, 4)::integer + 1, 8, 1)
	) x
$$;

-- risico: the risk register's risks that are not gesloten, highest score
-- first: waarde the score (kans × impact), signaal hoog (15 or more),
-- midden (8-14) or laag.
CREATE OR REPLACE FUNCTION toezicht.dashboard_risico(p_schooljaar text, p_trimester integer)
RETURNS SETOF toezicht.dashboard_regel LANGUAGE sql STABLE AS
$$
	SELECT (row_number() OVER (ORDER BY r.score DESC, lower(r.titel)))::integer, r.titel, r.status, r.score::text,
	       false, 'kans ' || r.kans || ' × impact ' || r.impact,
	       CASE WHEN r.score >= 15 THEN 'hoog' WHEN r.score >= 8 THEN 'midden' ELSE 'laag' END,
	       r.maatregelen
	FROM toezicht.risicos r
	WHERE r.swv_id = platform.current_swv() AND r.status <> 'gesloten'
$$;

-- The dashboard: every section of the list in order, first a row with its
-- name and title and no line (regel NULL), then its lines. Checks schooljaar and trimester first (22023 in
-- the request's words).
CREATE OR REPLACE FUNCTION toezicht.dashboard(p_schooljaar text, p_trimester integer)
RETURNS TABLE (sectie text, titel text, sectie_ord integer, regel toezicht.dashboard_regel)
LANGUAGE plpgsql STABLE AS
$$
DECLARE
	-- name, title, function: one line per section
	secties CONSTANT text[][] := ARRAY[
		['kpi', 'Jaarplan: KPI-voortgang', 'toezicht.dashboard_kpi'],
		['kengetallen', 'Kengetallen en signaleringswaarden', 'toezicht.dashboard_kengetallen'],
		['begroting', 'Begroting: uitputting', 'toezicht.dashboard_begroting'],
		['werkgebied_budget', 'Werkgebiedbudgetten: uitputting', 'toezicht.dashboard_werkgebied_budget'],
		['tlv', 'Toelaatbaarheidsverklaringen', 'toezicht.dashboard_tlv'],
		['deelname', 'Deelnamepercentages', 'toezicht.dashboard_deelname'],
		['risico', 'Risico''s', 'toezicht.dashboard_risico']];
	i integer;
BEGIN
	PERFORM 1 FROM platform.report_periods(p_schooljaar, p_trimester);
	FOR i IN 1 .. array_length(secties, 1) LOOP
		-- the section itself, also when it has no lines
		RETURN QUERY SELECT secties[i][1], secties[i][2], i, NULL::toezicht.dashboard_regel;
		RETURN QUERY EXECUTE format('SELECT $3, $4, $5, r FROM %s($1, $2) r ORDER BY (r).ord',
		                            secties[i][3]::regproc)
			USING p_schooljaar, p_trimester, secties[i][1], secties[i][2], i;
	END LOOP;
END
$$;

-- The caller's suppression (every role in force but bestuur, D36) and the
-- tenant's small-cell threshold, for the dashboard's header.
CREATE OR REPLACE FUNCTION toezicht.dashboard_suppression(OUT suppressed boolean, OUT threshold integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
	SELECT platform.invoking_role_name() <> 'bestuur', t.small_cell_threshold
	FROM platform.tenants t WHERE t.id = platform.current_swv()
$$;
REVOKE ALL ON FUNCTION toezicht.dashboard_suppression() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION toezicht.dashboard_suppression() TO passend_bestuur, passend_toezicht;

REVOKE ALL ON FUNCTION toezicht.dashboard_kpi(text, integer), toezicht.dashboard_kengetallen(text, integer),
	toezicht.dashboard_begroting(text, integer), toezicht.dashboard_werkgebied_budget(text, integer),
	toezicht.dashboard_tlv(text, integer),
	toezicht.dashboard_deelname(text, integer), toezicht.dashboard_risico(text, integer),
	toezicht.dashboard(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION toezicht.dashboard_kpi(text, integer), toezicht.dashboard_kengetallen(text, integer),
	toezicht.dashboard_begroting(text, integer), toezicht.dashboard_werkgebied_budget(text, integer),
	toezicht.dashboard_tlv(text, integer),
	toezicht.dashboard_deelname(text, integer), toezicht.dashboard_risico(text, integer),
	toezicht.dashboard(text, integer) TO passend_bestuur, passend_toezicht;
