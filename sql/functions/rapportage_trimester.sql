-- The trimesterrapportage's figures (issue 10 point 1, D47): one function per
-- section, (p_schooljaar text, p_trimester integer) RETURNS SETOF
-- bestuur.trimester_cel, run with the caller's rights. Every figure comes
-- from the report that already publishes it (werkgebied.mdo_report,
-- werkgebied.arrangement_report, werkgebied.budget_report,
-- bestuur.tlv_report, bestuur.deelname_report, werkgebied.thuiszitter_report,
-- bestuur.begroting_report, bestuur.jaarplan_voortgang); a section only
-- lays them out as tables of rows and columns, so each figure is suppressed
-- exactly as that report suppresses it for the role in force. Columns of a
-- period table: T1..Tn and the cumulative T1+..+Tn of ONE call of the report
-- (its complementary suppression holds across them), and the cumulative
-- period of the previous school year (another call: other pupils' data, no
-- additive relation with this year's cells). A count is waarde its digits
-- (NULL and suppressed when the report suppresses it), a decimal as the
-- report rounds it, an amount euros with two decimals; NULL and not
-- suppressed: no data (the previous year's column of a section that year
-- counted nothing in, bestuur.trimester_cellen; D62).
-- bestuur.trimester_cellen(p_schooljaar, p_trimester): every section in order
-- (checks schooljaar and trimester first: 22023 in the request's words).
-- Adding a section is its function and one line of `secties` (and of the
-- CHECK of bestuur.trimester_teksten.sectie).
-- plpgsql, so that this file does not depend on the order in which the
-- repeatable files are applied (werkgebied_*.sql come later).
-- Repeatable: `passendd migrate` re-applies this file when it changes.

-- The previous school year of p_schooljaar ("2016-2017" -> "2015-2016").
CREATE OR REPLACE FUNCTION bestuur.trimester_vorig_jaar(p_schooljaar text) RETURNS text
LANGUAGE sql IMMUTABLE AS
$$ SELECT (substr(p_schooljaar, 1, 4)::integer - 1) || '-' || substr(p_schooljaar, 1, 4) $$;

-- An amount in cents as euros with two decimals ("1234.56").
CREATE OR REPLACE FUNCTION bestuur.trimester_euro(p_cents bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS
$$ SELECT to_char(p_cents / 100.0, 'FM999999999990.00') $$;

-- Regionaal: MDOs per level and their characteristics with the temporary
-- placements (werkgebied.mdo_report).
CREATE OR REPLACE FUNCTION bestuur.trimester_regionaal(p_schooljaar text, p_trimester integer)
RETURNS SETOF bestuur.trimester_cel LANGUAGE plpgsql STABLE AS
$$
BEGIN
	RETURN QUERY
	WITH p AS (SELECT k, lbl FROM platform.report_periods(p_schooljaar, p_trimester)),
	r AS (
		SELECT m.*, p.k AS kk, p.lbl AS kolom FROM werkgebied.mdo_report(p_schooljaar, p_trimester) m
		JOIN p ON p.lbl = m.periode
		UNION ALL
		SELECT m.*, 9, bestuur.trimester_vorig_jaar(p_schooljaar) || ' ' || m.periode
		FROM werkgebied.mdo_report(bestuur.trimester_vorig_jaar(p_schooljaar), p_trimester) m
		WHERE m.periode = (SELECT p.lbl FROM p ORDER BY p.k DESC LIMIT 1)
	)
	SELECT 0, '', 1, 'mdo_niveau', 'MDO''s per niveau', r.ord, r.code, r.label, r.kk, r.kolom,
	       r.c1::text, r.c1 IS NULL
	FROM r WHERE r.sec = 'niveau'
	UNION ALL
	SELECT 0, '', 2, 'mdo_kenmerken', 'Kenmerken van de MDO''s en tijdelijke plaatsingen', v.o, v.rij, v.label,
	       r.kk, r.kolom, v.w, v.s
	FROM r CROSS JOIN LATERAL (VALUES
		(1, 'mdos', 'MDO''s', r.c1::text, r.c1 IS NULL),
		(2, 'aandeel_jonger_dan_8', 'aandeel jonger dan 8 jaar', r.d1, coalesce(r.s1, false)),
		(3, 'aandeel_kind_deelgenomen', 'aandeel kind deelgenomen', r.d2, coalesce(r.s2, false)),
		(4, 'tijdelijke_plaatsingen_sbo', 'tijdelijke plaatsingen SBO', r.c2::text, r.c2 IS NULL),
		(5, 'tijdelijke_plaatsingen_so', 'tijdelijke plaatsingen SO', r.c3::text, r.c3 IS NULL)) v (o, rij, label, w, s)
	WHERE r.sec = 'kenmerken';
END
$$;

-- Werkgebieden: arrangements per werkgebied by type with the share of
-- pupils, per period, verlengingen, the split per bestuur,
-- ondersteuningscategorie, leerjaar and geslacht
-- (werkgebied.arrangement_report), and the uitputting of the werkgebied
-- budgets (werkgebied.budget_report: money, nothing suppressed).
CREATE OR REPLACE FUNCTION bestuur.trimester_werkgebieden(p_schooljaar text, p_trimester integer)
RETURNS SETOF bestuur.trimester_cel LANGUAGE plpgsql STABLE AS
$$
BEGIN
	RETURN QUERY
	WITH p AS (SELECT k, lbl FROM platform.report_periods(p_schooljaar, p_trimester)),
	cum AS (SELECT p.lbl FROM p ORDER BY p.k DESC LIMIT 1),
	r AS (
		SELECT a.*, p.k AS kk, p.lbl AS kolom FROM werkgebied.arrangement_report(p_schooljaar, p_trimester) a
		JOIN p ON p.lbl = a.periode
		UNION ALL
		SELECT a.*, 9, bestuur.trimester_vorig_jaar(p_schooljaar) || ' ' || a.periode
		FROM werkgebied.arrangement_report(bestuur.trimester_vorig_jaar(p_schooljaar), p_trimester) a
		WHERE a.periode = (SELECT lbl FROM cum)
	), w AS (
		SELECT r.*, CASE WHEN r.name = '' THEN 'totaal' ELSE r.name END AS rij,
		       CASE WHEN r.name = '' THEN 'Totaal' ELSE r.label END AS wg,
		       -- this year's order of the werkgebied (the previous year's rows follow it)
		       CASE WHEN r.name = '' THEN 9999 ELSE r.ord % 10000 END AS wo
		FROM r WHERE r.sec = 'werkgebied'
	)
	SELECT 0, '', 1, 'per_werkgebied', 'Arrangementen per werkgebied (' || (SELECT lbl FROM cum) || ')', w.wo, w.rij,
	       w.wg, v.o, v.kolom, v.w, v.s
	FROM w CROSS JOIN LATERAL (VALUES
		(1, 'individueel', w.c1::text, w.c1 IS NULL),
		(2, '% leerlingen', w.d1, coalesce(w.s1, false)),
		(3, 'groep', w.c2::text, w.c2 IS NULL),
		(4, 'innovatie', w.c3::text, w.c3 IS NULL),
		(5, 'totaal', w.c4::text, w.c4 IS NULL),
		(6, 'verlengingen', w.c5::text, w.c5 IS NULL)) v (o, kolom, w, s)
	WHERE w.kk = (SELECT max(k) FROM p)
	UNION ALL
	SELECT 0, '', 2, 'totaal_per_periode', 'Arrangementen per werkgebied per periode', w.wo, w.rij, w.wg, w.kk,
	       w.kolom, w.c4::text, w.c4 IS NULL
	FROM w
	UNION ALL
	SELECT 0, '', 3, 'verlengingen', 'Verlengingen per werkgebied per periode', w.wo, w.rij, w.wg, w.kk, w.kolom,
	       w.c5::text, w.c5 IS NULL
	FROM w
	UNION ALL
	SELECT 0, '', 4 + d.o, 'per_' || r.dim, d.titel, r.ord % 10000,
	       CASE WHEN r.name = '' THEN 'geen' ELSE r.name END,
	       CASE WHEN r.label = '' AND r.name = '' THEN '(geen)' WHEN r.label = '' THEN r.name ELSE r.label END,
	       r.kk, r.kolom, r.c1::text, r.c1 IS NULL
	FROM r JOIN (VALUES (1, 'bestuur', 'Arrangementen per bestuur'),
	                    (2, 'ondersteuningscategorie', 'Arrangementen per ondersteuningscategorie'),
	                    (3, 'leerjaar', 'Arrangementen per leerjaar'),
	                    (4, 'geslacht', 'Arrangementen per geslacht')) d (o, dim, titel) ON d.dim = r.dim
	WHERE r.sec = 'verdeling'
	UNION ALL
	SELECT 0, '', 9, 'uitputting', 'Uitputting van de werkgebiedbudgetten t/m ' || b.tot, b.ord,
	       coalesce(b.werkgebied_id::text, 'totaal'), b.werkgebied, v.o, v.kolom, v.w, false
	FROM werkgebied.budget_report(p_schooljaar, p_trimester, NULL) b
	CROSS JOIN LATERAL (VALUES
		(1, 'begroot (€)', bestuur.trimester_euro(b.begroot_cents)),
		(2, 'verplicht (€)', bestuur.trimester_euro(b.verplicht_cents)),
		(3, 'besteed (€)', bestuur.trimester_euro(b.besteed_cents)),
		(4, 'uitputting %', b.uitputting),
		(5, 'jaardeel %', b.jaardeel)) v (o, kolom, w)
	WHERE b.totaal_cents > 0;
END
$$;

-- Voorzieningen: TLVs by herkomst and bestemming, the requesting
-- basisscholen, doorlooptijd, new and reassessed, and per bestuur
-- (bestuur.tlv_report).
CREATE OR REPLACE FUNCTION bestuur.trimester_voorzieningen(p_schooljaar text, p_trimester integer)
RETURNS SETOF bestuur.trimester_cel LANGUAGE plpgsql STABLE AS
$$
BEGIN
	RETURN QUERY
	WITH p AS (SELECT k, lbl FROM platform.report_periods(p_schooljaar, p_trimester)),
	cum AS (SELECT p.lbl FROM p ORDER BY p.k DESC LIMIT 1),
	t AS (SELECT t.*, t.ordinality AS n FROM bestuur.tlv_report(p_schooljaar, p_trimester) WITH ORDINALITY t),
	tv AS (SELECT t.*, t.ordinality AS n
	       FROM bestuur.tlv_report(bestuur.trimester_vorig_jaar(p_schooljaar), p_trimester) WITH ORDINALITY t),
	r AS (
		SELECT t.*, p.k AS kk, p.lbl AS kolom FROM t JOIN p ON p.lbl = t.periode
		UNION ALL
		SELECT tv.*, 9, bestuur.trimester_vorig_jaar(p_schooljaar) || ' ' || tv.periode
		FROM tv WHERE tv.periode = (SELECT lbl FROM cum)
	)
	SELECT 0, '', 1, 'herkomst', 'TLV''s naar herkomst', min(r.n) OVER (PARTITION BY r.name)::integer, r.name,
	       r.label, r.kk, r.kolom, r.c1::text, r.c1 IS NULL
	FROM r WHERE r.sec = 'herkomst'
	UNION ALL
	SELECT 0, '', 1, 'herkomstgroep', 'TLV''s naar herkomstgroep', min(r.n) OVER (PARTITION BY r.name)::integer,
	       r.name, r.label, r.kk, r.kolom, r.c1::text, r.c1 IS NULL
	FROM r WHERE r.sec = 'route' AND r.grp = '' -- a route group's total row (grp = destination, D48)
	UNION ALL
	SELECT 0, '', 2, 'bestemming', 'TLV''s naar bestemming', x.n::integer, x.name, x.name || ' (' || x.label || ')',
	       v.o, v.kolom, v.w, v.s
	FROM (SELECT t.*, false AS vj FROM t WHERE t.sec = 'bestemming'
	      UNION ALL SELECT tv.*, true FROM tv WHERE tv.sec = 'bestemming') x
	CROSS JOIN LATERAL (VALUES
		(1, 'T1', x.c1::text, x.c1 IS NULL, 1),
		(2, 'T2', x.c2::text, x.c2 IS NULL, 2),
		(3, 'T3', x.c3::text, x.c3 IS NULL, 3),
		(8, 'totaal', x.c4::text, x.c4 IS NULL, 0),
		(9, bestuur.trimester_vorig_jaar(p_schooljaar) || ' ' || (SELECT lbl FROM cum), x.c4::text, x.c4 IS NULL, -1))
		v (o, kolom, w, s, tk)
	WHERE (NOT x.vj AND v.tk BETWEEN 0 AND p_trimester) OR (x.vj AND v.tk = -1)
	UNION ALL
	SELECT 0, '', 3, 'aanvragend', 'Aanvragende basisscholen', v.o, v.rij, v.label, r.kk, r.kolom, v.w, v.s
	FROM r CROSS JOIN LATERAL (VALUES
		(1, 'tlv_uit_basisonderwijs', 'TLV''s uit het basisonderwijs', r.c1::text, r.c1 IS NULL),
		(2, 'aanvragende_basisscholen', 'aanvragende basisscholen', r.c2::text, r.c2 IS NULL),
		(3, 'basisscholen_totaal', 'basisscholen totaal', r.c3::text, r.c3 IS NULL),
		(4, 'aandeel_aanvragend', 'aandeel aanvragend', r.d1, coalesce(r.s1, false)),
		(5, 'gemiddeld_per_aanvragende_school', 'TLV''s per aanvragende school', r.d2, coalesce(r.s2, false)))
		v (o, rij, label, w, s)
	WHERE r.sec = 'aanvragend'
	UNION ALL
	SELECT 0, '', 4, 'doorlooptijd', 'Doorlooptijd en kenmerken van de besluiten', v.o, v.rij, v.label, r.kk,
	       r.kolom, v.w, v.s
	FROM r CROSS JOIN LATERAL (VALUES
		(1, 'besluiten', 'besluiten', r.c1::text, r.c1 IS NULL),
		(2, 'aandeel_op_tijd', 'aandeel op tijd', r.d1, coalesce(r.s1, false)),
		(3, 'mediaan_dagen', 'mediaan (dagen)', r.d2, coalesce(r.s2, false)),
		(4, 'p90_dagen', '90e percentiel (dagen)', r.d3, coalesce(r.s3, false)),
		(5, 'aandeel_onder_8', 'aandeel jonger dan 8 jaar', r.d4, coalesce(r.s4, false)),
		(6, 'aandeel_jongens', 'aandeel jongens', r.d5, coalesce(r.s5, false)),
		(7, 'aandeel_meisjes', 'aandeel meisjes', r.d6, coalesce(r.s6, false))) v (o, rij, label, w, s)
	WHERE r.sec = 'doorlooptijd'
	UNION ALL
	SELECT 0, '', 5, 'nieuw_herbeoordeling', 'Nieuwe TLV''s en herbeoordelingen', v.o, v.rij, v.label, r.kk,
	       r.kolom, v.w, v.s
	FROM r CROSS JOIN LATERAL (VALUES
		(1, 'nieuw', 'nieuw', r.c1::text, r.c1 IS NULL),
		(2, 'herbeoordeling', 'herbeoordeling', r.c2::text, r.c2 IS NULL)) v (o, rij, label, w, s)
	WHERE r.sec = 'nieuw'
	UNION ALL
	SELECT 0, '', 6, 'per_bestuur', 'TLV''s per bestuur (' || (SELECT lbl FROM cum) || ')', t.n::integer, t.name,
	       t.name, v.o, v.kolom, v.w, v.s
	FROM t CROSS JOIN LATERAL (VALUES
		(1, 'BAO naar SO', t.c1::text, t.c1 IS NULL),
		(2, 'BAO naar SBO', t.c2::text, t.c2 IS NULL),
		(3, 'aandeel SO %', t.d1, coalesce(t.s1, false)),
		(4, 'aandeel SBO %', t.d2, coalesce(t.s2, false)),
		(5, 'aandeel BAO-leerlingen %', t.d3, coalesce(t.s3, false))) v (o, kolom, w, s)
	WHERE t.sec = 'bestuur';
END
$$;

-- Deelname: the SWV's counts and deelnamepercentages at the teldata of the
-- school year and of the previous one (bestuur.deelname_report).
CREATE OR REPLACE FUNCTION bestuur.trimester_deelname(p_schooljaar text, p_trimester integer)
RETURNS SETOF bestuur.trimester_cel LANGUAGE plpgsql STABLE AS
$$
BEGIN
	RETURN QUERY
	SELECT 0, '', 1, 'deelname', 'Deelname SBO en SO op de teldata', v.o, v.rij, v.label,
	       (dense_rank() OVER (ORDER BY d.teldatum))::integer, d.teldatum::text, v.w, v.s
	FROM bestuur.deelname_report(NULL, false, false) d
	CROSS JOIN LATERAL (VALUES
		(1, 'bao', 'leerlingen BAO', d.bao::text, d.bao IS NULL),
		(2, 'sbo', 'leerlingen SBO', d.sbo::text, d.sbo IS NULL),
		(3, 'so', 'leerlingen SO', d.so::text, d.so IS NULL),
		(4, 'noemer', 'noemer (BAO + SBO)', d.noemer::text, d.noemer IS NULL),
		(5, 'pct_sbo', 'deelname SBO %', d.pct_sbo::text, d.pct_sbo IS NULL AND d.suppress AND coalesce(d.noemer <> 0, true)),
		(6, 'pct_so', 'deelname SO %', d.pct_so::text, d.pct_so IS NULL AND d.suppress AND coalesce(d.noemer <> 0, true)),
		(7, 'landelijk_sbo', 'landelijk SBO %', d.land_sbo::text, false),
		(8, 'landelijk_so', 'landelijk SO %', d.land_so::text, false)) v (o, rij, label, w, s)
	WHERE d.scope = 'swv'
	  AND d.teldatum >= make_date(substr(p_schooljaar, 1, 4)::integer - 1, 8, 1)
	  AND d.teldatum < make_date(substr(p_schooljaar, 1, 4)::integer + 1, 8, 1);
END
$$;

-- Thuiszitters: the municipal counts in the period (totals per category,
-- per gemeente), the threatened thuiszitters per werkgebied on the
-- peildatum and the cases closed per period (werkgebied.thuiszitter_report).
CREATE OR REPLACE FUNCTION bestuur.trimester_thuiszitters(p_schooljaar text, p_trimester integer)
RETURNS SETOF bestuur.trimester_cel LANGUAGE plpgsql STABLE AS
$$
BEGIN
	RETURN QUERY
	WITH p AS (SELECT k, lbl FROM platform.report_periods(p_schooljaar, p_trimester)),
	cum AS (SELECT p.lbl FROM p ORDER BY p.k DESC LIMIT 1),
	t AS (SELECT t.*, t.ordinality AS n FROM werkgebied.thuiszitter_report(p_schooljaar, p_trimester, NULL)
	      WITH ORDINALITY t),
	tv AS (SELECT t.*, t.ordinality AS n
	       FROM werkgebied.thuiszitter_report(bestuur.trimester_vorig_jaar(p_schooljaar), p_trimester, NULL)
	       WITH ORDINALITY t)
	SELECT 0, '', 1, 'tellingen', 'Thuiszitters (gemeentelijke telling), totaal',
	       (min(t.n) OVER (PARTITION BY t.code))::integer, t.code, t.label,
	       (dense_rank() OVER (ORDER BY t.datum))::integer, t.datum::text, t.c1::text, t.c1 IS NULL
	FROM t WHERE t.sec = 'telling' AND t.periode = 'totaal'
	UNION ALL
	SELECT 0, '', 2, 'tellingen_gemeente', 'Thuiszitters per gemeente',
	       (min(t.n) OVER (PARTITION BY t.naam, t.code))::integer,
	       coalesce(NULLIF(t.naam, ''), 'zonder verdeling') || '|' || t.code,
	       coalesce(NULLIF(t.naam, ''), 'zonder verdeling') || ': ' || t.label,
	       (dense_rank() OVER (ORDER BY t.datum))::integer, t.datum::text, t.c1::text, t.c1 IS NULL
	FROM t WHERE t.sec = 'telling' AND t.periode <> 'totaal'
	UNION ALL
	SELECT 0, '', 3, 'dreigend', 'Dreigende thuiszitters op ' || (SELECT x.datum FROM t x WHERE x.sec = 'peildatum'),
	       t.n::integer, coalesce(NULLIF(t.code, ''), 'totaal'), t.naam, 1, 'aantal', t.c1::text, t.c1 IS NULL
	FROM t WHERE t.sec = 'dreigend'
	UNION ALL
	SELECT 0, '', 4, 'afgesloten', 'Afgesloten thuiszittercasussen',
	       (min(x.n) OVER (PARTITION BY x.code))::integer, coalesce(NULLIF(x.code, ''), 'totaal'),
	       coalesce(NULLIF(x.code, ''), 'totaal'), x.kk, x.kolom, x.c1::text, x.c1 IS NULL
	FROM (SELECT t.*, p.k AS kk, p.lbl AS kolom FROM t JOIN p ON p.lbl = t.periode WHERE t.sec = 'duur'
	      UNION ALL
	      SELECT tv.*, 9, bestuur.trimester_vorig_jaar(p_schooljaar) || ' ' || tv.periode
	      FROM tv WHERE tv.sec = 'duur' AND tv.periode = (SELECT lbl FROM cum)) x;
END
$$;

-- Financiën: the begroting's period statement through the last month-end of
-- the period (bestuur.begroting_report: the approved version, else the
-- latest), in euros, beside the realisatie of the same months of the
-- previous school year. No begroting for the year: no lines.
CREATE OR REPLACE FUNCTION bestuur.trimester_financien(p_schooljaar text, p_trimester integer)
RETURNS SETOF bestuur.trimester_cel LANGUAGE plpgsql STABLE AS
$$
DECLARE
	tot date := date_trunc('month', (SELECT max(p.hi) FROM platform.report_periods(p_schooljaar, p_trimester) p))::date - 1;
	vorig jsonb;
BEGIN
	BEGIN
		SELECT jsonb_object_agg(r.soort || '|' || r.sectie || '|' || r.groep || '|' || r.code || '|' || r.omschrijving, r.r)
		  INTO vorig
		  FROM bestuur.begroting_report(bestuur.trimester_vorig_jaar(p_schooljaar),
		                                (date_trunc('month', tot) - interval '1 year' + interval '1 month')::date - 1,
		                                NULL) r;
	EXCEPTION WHEN no_data_found OR invalid_parameter_value THEN
		vorig := NULL;
	END;
	RETURN QUERY
	SELECT 0, '', 1, 'begroting', 'Begroting ' || p_schooljaar || ': periode t/m ' || tot, (x.ordinality)::integer,
	       x.soort || '|' || x.sectie || '|' || x.groep || '|' || x.code || '|' || x.omschrijving,
	       CASE WHEN x.code <> '' THEN x.code || ' ' ELSE '' END || x.omschrijving, v.o, v.kolom, v.w, false
	FROM bestuur.begroting_report(p_schooljaar, tot, NULL) WITH ORDINALITY x
	CROSS JOIN LATERAL (VALUES
		(1, 'begroot schooljaar (€)', bestuur.trimester_euro(x.b)),
		(2, 'begroot periode (€)', bestuur.trimester_euro(x.bp)),
		(3, 'realisatie periode (€)', bestuur.trimester_euro(x.r)),
		(4, 'verschil (€)', bestuur.trimester_euro(x.v)),
		(5, 'prognose (€)', bestuur.trimester_euro(x.p)),
		(9, 'realisatie ' || bestuur.trimester_vorig_jaar(p_schooljaar) || ' (€)',
		 bestuur.trimester_euro((vorig ->> (x.soort || '|' || x.sectie || '|' || x.groep || '|' || x.code || '|'
		                                    || x.omschrijving))::bigint))) v (o, kolom, w)
	WHERE v.o < 9 OR vorig IS NOT NULL;
EXCEPTION WHEN no_data_found THEN
	RETURN;
END
$$;

-- Kwaliteit: the jaarplan's actions with a KPI or target: the target, the
-- value through each trimester and the signal of the last
-- (bestuur.jaarplan_voortgang).
CREATE OR REPLACE FUNCTION bestuur.trimester_kwaliteit(p_schooljaar text, p_trimester integer)
RETURNS SETOF bestuur.trimester_cel LANGUAGE plpgsql STABLE AS
$$
BEGIN
	RETURN QUERY
	WITH v AS (
		SELECT v.*, dense_rank() OVER (ORDER BY min_o) AS ro
		FROM (SELECT v.*, v.ordinality AS o, min(v.ordinality) OVER (PARTITION BY v.actie_id) AS min_o
		      FROM bestuur.jaarplan_voortgang(p_schooljaar, p_trimester) WITH ORDINALITY v) v
	)
	SELECT 0, '', 1, 'jaarplan', 'Jaarplan: acties, KPI doel en realisatie', v.ro::integer, v.code,
	       v.code || ' ' || CASE WHEN v.kpi <> '' THEN v.kpi ELSE v.perspectief END, x.o, x.kolom, x.w, x.s
	FROM v CROSS JOIN LATERAL (
		SELECT 0, 'doel', NULLIF(v.doelwaarde, ''), false WHERE v.trimester = 1
		UNION ALL SELECT v.trimester, v.periode, v.waarde, v.suppressed
		UNION ALL SELECT 9, 'signaal', NULLIF(v.signaal, ''), false
		WHERE v.trimester = (SELECT max(w.trimester) FROM v w WHERE w.actie_id = v.actie_id)) x (o, kolom, w, s);
END
$$;

-- Every section in order: (section ord, name) set on each cell.
CREATE OR REPLACE FUNCTION bestuur.trimester_cellen(p_schooljaar text, p_trimester integer)
RETURNS SETOF bestuur.trimester_cel LANGUAGE plpgsql STABLE AS
$$
DECLARE
	secties CONSTANT text[][] := ARRAY[
		['regionaal', 'bestuur.trimester_regionaal'],
		['werkgebieden', 'bestuur.trimester_werkgebieden'],
		['voorzieningen', 'bestuur.trimester_voorzieningen'],
		['deelname', 'bestuur.trimester_deelname'],
		['thuiszitters', 'bestuur.trimester_thuiszitters'],
		['financien', 'bestuur.trimester_financien'],
		['kwaliteit', 'bestuur.trimester_kwaliteit']];
	i integer;
BEGIN
	IF p_trimester NOT BETWEEN 1 AND 3 THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'trimester must be 1, 2 or 3';
	END IF;
	PERFORM 1 FROM platform.report_periods(p_schooljaar, p_trimester);
	-- The previous school year's column of a section ("2015-2016 T1+T2") holds no data (waarde
	-- NULL, not suppressed: "" in the reply, as the proto spells "none") when that year counted
	-- nothing at all in the section: none of its cells there is suppressed or other than zero.
	-- Decided per section and column, never per cell, and only over cells every reader already
	-- sees as 0: a "no data" cell is never a suppressed one, and tells nothing a zero did not.
	FOR i IN 1 .. array_length(secties, 1) LOOP
		RETURN QUERY EXECUTE format('SELECT $1, $2, c.tabel_ord, c.tabel, c.tabel_titel, c.rij_ord, c.rij, c.label, '
		                            'c.kolom_ord, c.kolom, CASE WHEN c.vj AND c.leeg THEN NULL ELSE c.waarde END, '
		                            'c.suppressed '
		                            'FROM (SELECT c.*, c.kolom LIKE $5 AS vj, '
		                            '             bool_and(NOT coalesce(c.suppressed, false) '
		                            '                      AND coalesce(c.waarde ~ ''^-?[0.]*$'', true)) '
		                            '                 FILTER (WHERE c.kolom LIKE $5) OVER () AS leeg '
		                            '      FROM %s($3, $4) c) c',
		                            secties[i][2]::regproc)
			USING i, secties[i][1], p_schooljaar, p_trimester, bestuur.trimester_vorig_jaar(p_schooljaar) || ' %';
	END LOOP;
END
$$;

-- Vaststellen (bestuur only): the report of (p_schooljaar, p_trimester)
-- frozen on p_datum, its cells as computed now, in two copies: volledig
-- (what bestuur sees) and geaggregeerd (what toezicht sees: computed under
-- the toezicht role, SET ROLE for the one call and back; the reports decide
-- suppression by the role in force, 0013_db_trust). A report is frozen
-- once (55000, naming the date). Runs with the caller's rights (no SECURITY
-- DEFINER: a role may not be set inside one).
CREATE OR REPLACE FUNCTION bestuur.trimester_vaststellen(p_schooljaar text, p_trimester integer, p_datum date)
RETURNS TABLE (schooljaar text, trimester integer, vastgesteld_op date, cellen integer, created_at timestamptz)
LANGUAGE plpgsql VOLATILE AS
$$
#variable_conflict use_column
DECLARE
	eigen text := current_setting('role');
	vol jsonb;
	agg jsonb;
	al date;
BEGIN
	IF bestuur.trimester_rol() <> 'bestuur' THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only bestuur sets a trimesterrapportage vast';
	END IF;
	IF p_datum IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'datum is required: the day the report is vastgesteld';
	END IF;
	SELECT v.vastgesteld_op INTO al FROM bestuur.trimester_vastgesteld v
	WHERE v.swv_id = platform.current_swv() AND v.schooljaar = p_schooljaar AND v.trimester = p_trimester
	  AND v.variant = 'volledig';
	IF FOUND THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = format('the trimesterrapportage %s T%s is already vastgesteld on %s', p_schooljaar, p_trimester, al);
	END IF;
	SELECT coalesce(jsonb_agg(to_jsonb(c)), '[]') INTO vol FROM bestuur.trimester_cellen(p_schooljaar, p_trimester) c;
	PERFORM set_config('role', 'passend_toezicht', true);
	SELECT coalesce(jsonb_agg(to_jsonb(c)), '[]') INTO agg FROM bestuur.trimester_cellen(p_schooljaar, p_trimester) c;
	PERFORM set_config('role', eigen, true);
	IF bestuur.trimester_rol() <> 'bestuur' THEN
		RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = 'trimester_vaststellen: the role was not restored';
	END IF;
	INSERT INTO bestuur.trimester_vastgesteld (swv_id, schooljaar, trimester, variant, vastgesteld_op, cellen)
	VALUES (platform.current_swv(), p_schooljaar, p_trimester, 'volledig', p_datum, vol),
	       (platform.current_swv(), p_schooljaar, p_trimester, 'geaggregeerd', p_datum, agg);
	RETURN QUERY SELECT p_schooljaar, p_trimester, p_datum, jsonb_array_length(vol), now();
END
$$;
REVOKE ALL ON FUNCTION bestuur.trimester_vaststellen(text, integer, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.trimester_vaststellen(text, integer, date) TO passend_bestuur;

REVOKE ALL ON FUNCTION bestuur.trimester_regionaal(text, integer), bestuur.trimester_werkgebieden(text, integer),
	bestuur.trimester_voorzieningen(text, integer), bestuur.trimester_deelname(text, integer),
	bestuur.trimester_thuiszitters(text, integer), bestuur.trimester_financien(text, integer),
	bestuur.trimester_kwaliteit(text, integer), bestuur.trimester_cellen(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.trimester_regionaal(text, integer), bestuur.trimester_werkgebieden(text, integer),
	bestuur.trimester_voorzieningen(text, integer), bestuur.trimester_deelname(text, integer),
	bestuur.trimester_thuiszitters(text, integer), bestuur.trimester_financien(text, integer),
	bestuur.trimester_kwaliteit(text, integer), bestuur.trimester_cellen(text, integer)
	TO passend_bestuur, passend_toezicht;
GRANT EXECUTE ON FUNCTION bestuur.trimester_vorig_jaar(text), bestuur.trimester_euro(bigint)
	TO passend_bestuur, passend_toezicht;
