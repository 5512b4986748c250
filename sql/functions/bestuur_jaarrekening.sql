-- bestuur_jaarrekening: the rules of the annual accounts (0023_jaarrekening.sql,
-- docs/decisions.md D44): storing one year's accounts whole (refused when the
-- balans does not balance, naming both totals in euros), the kengetallen
-- with their signals by the configuration in force for the year and size
-- class, and the lines of the jaarverslag with the previous year and the
-- budget. All run with the caller's rights. Repeatable: `passendd migrate`
-- re-applies this file when it changes.

-- An amount in cents as Dutch euros: "€ 1.234.567,89", "€ -12,50".
CREATE OR REPLACE FUNCTION platform.euro_text(p_cents bigint)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
	SELECT '€ ' || CASE WHEN p_cents < 0 THEN '-' ELSE '' END
	       || translate(to_char(abs(p_cents::numeric) / 100, 'FM999,999,999,999,999,990.00'), ',.', '.,')
$$;
REVOKE ALL ON FUNCTION platform.euro_text(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.euro_text(bigint) TO passend_admin, passend_bestuur, passend_toezicht;

-- Why the balans of p_jaar with these totals (cents) is refused, or NULL
-- when they are equal: the one wording of the API and the import.
CREATE OR REPLACE FUNCTION bestuur.jaarrekening_balans_fout(p_jaar integer, p_activa numeric, p_passiva numeric)
RETURNS text LANGUAGE sql IMMUTABLE AS
$$
	SELECT CASE WHEN p_activa <> p_passiva
	            THEN format('balans %s does not balance: totaal activa %s differs from totaal passiva %s', p_jaar,
	                        platform.euro_text(p_activa::bigint), platform.euro_text(p_passiva::bigint)) END
$$;
REVOKE ALL ON FUNCTION bestuur.jaarrekening_balans_fout(integer, numeric, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.jaarrekening_balans_fout(integer, numeric, numeric) TO passend_bestuur;

-- Store the accounts of p_jaar, replacing what was stored for that year:
-- the lines (code, rubriek, naam, bedrag, begroting; printed in the order
-- given) and the published kengetallen (kengetal, waarde as text). Returns
-- NULL when stored, or, writing nothing, why not (the request's field and
-- the rule; elements counted from 0 as in the request).
CREATE OR REPLACE FUNCTION bestuur.jaarrekening_put(p_jaar integer, p_codes text[], p_rubrieken text[],
                                                    p_namen text[], p_bedragen bigint[], p_begrotingen bigint[],
                                                    p_kengetallen text[], p_waarden text[])
RETURNS text LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	bad record;
	a numeric;
	p numeric;
	swv uuid := platform.current_swv();
BEGIN
	SELECT i - 1 AS i, p_rubrieken[i] AS rubriek INTO bad
	  FROM generate_subscripts(p_codes, 1) AS i
	 WHERE NOT EXISTS (SELECT 1 FROM platform.jaarrekening_rubrieken r WHERE r.rubriek = p_rubrieken[i])
	 ORDER BY i LIMIT 1;
	IF FOUND THEN
		RETURN format('regels[%s].rubriek %L is not a rubriek of the annual accounts (one of: %s)', bad.i,
		              bad.rubriek, (SELECT string_agg(r.rubriek, ', ' ORDER BY r.volgorde)
		                            FROM platform.jaarrekening_rubrieken r));
	END IF;
	SELECT i - 1 AS i, p_codes[i] AS code INTO bad
	  FROM generate_subscripts(p_codes, 1) AS i
	 WHERE EXISTS (SELECT 1 FROM generate_subscripts(p_codes, 1) AS j WHERE j < i AND p_codes[j] = p_codes[i])
	 ORDER BY i LIMIT 1;
	IF FOUND THEN
		RETURN format('regels[%s].code %L appears twice: a code names one line of the year', bad.i, bad.code);
	END IF;
	SELECT i - 1 AS i, r.rubriek INTO bad
	  FROM generate_subscripts(p_codes, 1) AS i
	  JOIN platform.jaarrekening_rubrieken r ON r.rubriek = p_rubrieken[i]
	 WHERE r.staat IN ('activa', 'passiva') AND p_begrotingen[i] IS NOT NULL
	 ORDER BY i LIMIT 1;
	IF FOUND THEN
		RETURN format('regels[%s].begroting_cents: a budget belongs to baten and lasten, not to the balans '
		              '(rubriek %s)', bad.i, bad.rubriek);
	END IF;
	SELECT coalesce(sum(p_bedragen[i]) FILTER (WHERE r.staat = 'activa'), 0),
	       coalesce(sum(p_bedragen[i]) FILTER (WHERE r.staat = 'passiva'), 0)
	  INTO a, p
	  FROM generate_subscripts(p_codes, 1) AS i
	  JOIN platform.jaarrekening_rubrieken r ON r.rubriek = p_rubrieken[i];
	IF a <> p THEN
		RETURN bestuur.jaarrekening_balans_fout(p_jaar, a, p);
	END IF;
	SELECT i - 1 AS i, p_kengetallen[i] AS kengetal INTO bad
	  FROM generate_subscripts(p_kengetallen, 1) AS i
	 WHERE NOT EXISTS (SELECT 1 FROM platform.kengetal_definities d WHERE d.kengetal = p_kengetallen[i])
	 ORDER BY i LIMIT 1;
	IF FOUND THEN
		RETURN format('gepubliceerd[%s].kengetal %L is not a kengetal (one of: %s)', bad.i, bad.kengetal,
		              (SELECT string_agg(x.k, ', ' ORDER BY x.k COLLATE "C")
		               FROM (SELECT DISTINCT d.kengetal AS k FROM platform.kengetal_definities d) x));
	END IF;
	SELECT i - 1 AS i, p_kengetallen[i] AS kengetal INTO bad
	  FROM generate_subscripts(p_kengetallen, 1) AS i
	 WHERE EXISTS (SELECT 1 FROM generate_subscripts(p_kengetallen, 1) AS j
	               WHERE j < i AND p_kengetallen[j] = p_kengetallen[i])
	 ORDER BY i LIMIT 1;
	IF FOUND THEN
		RETURN format('gepubliceerd[%s].kengetal %L appears twice', bad.i, bad.kengetal);
	END IF;
	SELECT i - 1 AS i, p_waarden[i] AS waarde INTO bad
	  FROM generate_subscripts(p_kengetallen, 1) AS i
	 WHERE coalesce(p_waarden[i], '') !~ '^-?[0-9]{1,12}(\.[0-9]{1,2})?$'
	 ORDER BY i LIMIT 1;
	IF FOUND THEN
		RETURN format('gepubliceerd[%s].waarde %L is not a number with at most 2 decimals and a decimal point '
		              '(e.g. "53.12")', bad.i, bad.waarde);
	END IF;

	INSERT INTO bestuur.jaarrekeningen (swv_id, jaar) VALUES (swv, p_jaar)
	ON CONFLICT (swv_id, jaar) DO UPDATE SET updated_at = now();
	DELETE FROM bestuur.jaarrekening_regels g WHERE g.swv_id = swv AND g.jaar = p_jaar;
	DELETE FROM bestuur.jaarrekening_gepubliceerd g WHERE g.swv_id = swv AND g.jaar = p_jaar;
	INSERT INTO bestuur.jaarrekening_regels (swv_id, jaar, code, rubriek, naam, volgorde, bedrag_cents,
	                                         begroting_cents)
	SELECT swv, p_jaar, p_codes[i], p_rubrieken[i], p_namen[i], i, p_bedragen[i], p_begrotingen[i]
	  FROM generate_subscripts(p_codes, 1) AS i;
	INSERT INTO bestuur.jaarrekening_gepubliceerd (swv_id, jaar, kengetal, waarde)
	SELECT swv, p_jaar, p_kengetallen[i], p_waarden[i]::numeric
	  FROM generate_subscripts(p_kengetallen, 1) AS i;
	RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION bestuur.jaarrekening_put(integer, text[], text[], text[], bigint[], bigint[], text[], text[])
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.jaarrekening_put(integer, text[], text[], text[], bigint[], bigint[], text[], text[])
	TO passend_bestuur;

-- The amounts of one year's accounts per term a kengetal definition may
-- name: every rubriek and every staat (activa, passiva, baten, lasten), in
-- cents, 0 when the year has no such line.
CREATE OR REPLACE FUNCTION bestuur.jaarrekening_termen(p_jaar integer)
RETURNS TABLE (term text, cents numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	WITH r AS (
		SELECT k.rubriek, k.staat, coalesce(sum(g.bedrag_cents), 0) AS cents
		FROM platform.jaarrekening_rubrieken k
		LEFT JOIN bestuur.jaarrekening_regels g
		       ON g.swv_id = platform.current_swv() AND g.jaar = p_jaar AND g.rubriek = k.rubriek
		GROUP BY k.rubriek, k.staat
	)
	SELECT r.rubriek, r.cents FROM r
	UNION ALL
	SELECT r.staat, sum(r.cents) FROM r GROUP BY r.staat
$$;
REVOKE ALL ON FUNCTION bestuur.jaarrekening_termen(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.jaarrekening_termen(integer) TO passend_bestuur, passend_toezicht;

-- A definition's terms as a person reads them: "Eigen vermogen + Voorzieningen".
CREATE OR REPLACE FUNCTION platform.kengetal_termen_text(p_termen text[])
RETURNS text LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT string_agg(CASE WHEN t.n = 1 THEN CASE WHEN t.t LIKE '-%' THEN '-' ELSE '' END
	                       WHEN t.t LIKE '-%' THEN ' - ' ELSE ' + ' END
	                  || coalesce((SELECT r.naam FROM platform.jaarrekening_rubrieken r WHERE r.rubriek = ltrim(t.t, '-')),
	                              CASE ltrim(t.t, '-') WHEN 'activa' THEN 'Totaal activa'
	                                                   WHEN 'passiva' THEN 'Totaal passiva'
	                                                   WHEN 'baten' THEN 'Totale baten'
	                                                   WHEN 'lasten' THEN 'Totale lasten' END),
	                  '' ORDER BY t.n)
	FROM unnest(p_termen) WITH ORDINALITY AS t(t, n)
$$;
REVOKE ALL ON FUNCTION platform.kengetal_termen_text(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.kengetal_termen_text(text[]) TO passend_admin, passend_bestuur, passend_toezicht;

-- The kengetallen of p_jaar (no rows when the year has no accounts): per
-- kengetal of the definitions in force (greatest geldig_vanaf <= p_jaar),
-- waarde = sum(teller) / sum(noemer) x factor in numeric, round(x, 2)
-- (half-up), NULL when the noemer is 0; for eenheid 'euro' the teller in
-- euros, and bovengrens becomes greatest(minimum, bovengrens % of the noemer)
-- in euros. The size class is the one of the version in force whose
-- baten_vanaf_cents is the greatest not above the year's totale baten; the
-- signaleringswaarde in force is the latest version <= p_jaar of the class,
-- the class's own row before 'alle' in one version. The signal compares the
-- rounded value (the one shown): signaal_onder below ondergrens,
-- signaal_boven above bovengrens, signaal_binnen otherwise;
-- signaal_geen_waarde without a value, signaal_geen_norm without a
-- signaleringswaarde. afwijking: a published figure that differs from the
-- computed one (or there is none computed).
CREATE OR REPLACE FUNCTION bestuur.kengetallen(p_jaar integer)
RETURNS TABLE (volgorde integer, kengetal text, naam text, eenheid text, definitie text, definitie_vanaf integer,
               waarde numeric, ondergrens numeric, bovengrens numeric, norm_vanaf integer, grootteklasse text,
               signaal text, gepubliceerd numeric, afwijking boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	WITH b AS (
		SELECT * FROM bestuur.jaarrekening_termen(p_jaar)
	), klasse AS (
		SELECT g.grootteklasse FROM platform.grootteklassen g
		WHERE g.geldig_vanaf = (SELECT max(v.geldig_vanaf) FROM platform.grootteklassen v
		                        WHERE v.geldig_vanaf <= p_jaar)
		  AND g.baten_vanaf_cents <= (SELECT b.cents FROM b WHERE b.term = 'baten')
		ORDER BY g.baten_vanaf_cents DESC LIMIT 1
	), def AS (
		SELECT DISTINCT ON (d.kengetal) d.*
		FROM platform.kengetal_definities d WHERE d.geldig_vanaf <= p_jaar
		ORDER BY d.kengetal, d.geldig_vanaf DESC
	), calc AS (
		SELECT d.*,
		       (SELECT coalesce(sum(CASE WHEN t LIKE '-%' THEN -b.cents ELSE b.cents END), 0)
		        FROM unnest(d.teller) AS t JOIN b ON b.term = ltrim(t, '-')) AS t_cents,
		       (SELECT coalesce(sum(CASE WHEN t LIKE '-%' THEN -b.cents ELSE b.cents END), 0)
		        FROM unnest(d.noemer) AS t JOIN b ON b.term = ltrim(t, '-')) AS n_cents
		FROM def d
	), val AS (
		SELECT c.*,
		       CASE WHEN c.eenheid = 'euro' THEN round(c.t_cents / 100, 2)
		            WHEN c.n_cents = 0 THEN NULL
		            ELSE round(c.t_cents * c.factor / c.n_cents, 2) END AS w,
		       s.ondergrens AS s_onder,
		       CASE WHEN c.eenheid = 'euro' AND (s.bovengrens IS NOT NULL OR s.minimum_cents IS NOT NULL)
		            THEN round(greatest(s.minimum_cents, round(s.bovengrens * c.n_cents / 100)) / 100, 2)
		            WHEN c.eenheid = 'euro' THEN NULL
		            ELSE s.bovengrens END AS s_boven,
		       s.geldig_vanaf AS s_vanaf
		FROM calc c
		LEFT JOIN LATERAL (
			SELECT s.* FROM platform.signaleringswaarden s
			WHERE s.kengetal = c.kengetal AND s.geldig_vanaf <= p_jaar
			  AND (s.grootteklasse = 'alle' OR s.grootteklasse = (SELECT k.grootteklasse FROM klasse k))
			ORDER BY s.geldig_vanaf DESC, s.grootteklasse = 'alle' LIMIT 1
		) s ON true
	)
	SELECT v.volgorde, v.kengetal, v.naam, v.eenheid,
	       CASE WHEN v.eenheid = 'euro'
	            THEN platform.kengetal_termen_text(v.teller) || ' tegenover max(minimum; percentage van '
	                 || platform.kengetal_termen_text(v.noemer) || ')'
	            ELSE '(' || platform.kengetal_termen_text(v.teller) || ') / ('
	                 || platform.kengetal_termen_text(v.noemer) || ')'
	                 || CASE WHEN v.factor = 100 THEN ' x 100' ELSE '' END END,
	       v.geldig_vanaf, v.w, v.s_onder, v.s_boven, v.s_vanaf, (SELECT k.grootteklasse FROM klasse k),
	       CASE WHEN v.w IS NULL THEN 'signaal_geen_waarde'
	            WHEN v.s_onder IS NULL AND v.s_boven IS NULL THEN 'signaal_geen_norm'
	            WHEN v.w < v.s_onder THEN 'signaal_onder'
	            WHEN v.w > v.s_boven THEN 'signaal_boven'
	            ELSE 'signaal_binnen' END,
	       p.waarde, p.waarde IS NOT NULL AND p.waarde IS DISTINCT FROM v.w
	FROM val v
	LEFT JOIN bestuur.jaarrekening_gepubliceerd p
	       ON p.swv_id = platform.current_swv() AND p.jaar = p_jaar AND p.kengetal = v.kengetal
	WHERE EXISTS (SELECT 1 FROM bestuur.jaarrekeningen j WHERE j.swv_id = platform.current_swv() AND j.jaar = p_jaar)
	ORDER BY v.volgorde, v.kengetal
$$;
REVOKE ALL ON FUNCTION bestuur.kengetallen(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.kengetallen(integer) TO passend_bestuur, passend_toezicht;

-- The lines of the jaarverslag for p_jaar: balans (activa, passiva) and
-- staat van baten en lasten (baten, lasten, resultaat), in print order.
-- soort 'regel': a line, beside it the line of the same code in the
-- previous year's accounts (a line only that year shows without an amount
-- of this year); 'subtotaal': a rubriek of more than one line; 'totaal':
-- the staat's total, and the resultaat (baten - lasten). vorig_jaar of a
-- total is the previous year's own total (NULL without accounts for it);
-- begroting the sum of the budgets given (NULL when none).
CREATE OR REPLACE FUNCTION bestuur.jaarverslag_regels(p_jaar integer)
RETURNS TABLE (staat text, soort text, rubriek text, code text, naam text, bedrag bigint, vorig_jaar bigint,
               begroting bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	WITH cur AS (
		SELECT g.* FROM bestuur.jaarrekening_regels g WHERE g.swv_id = platform.current_swv() AND g.jaar = p_jaar
	), prev AS (
		SELECT g.* FROM bestuur.jaarrekening_regels g
		WHERE g.swv_id = platform.current_swv() AND g.jaar = p_jaar - 1
	), heeft_vorig AS (
		SELECT EXISTS (SELECT 1 FROM bestuur.jaarrekeningen j
		               WHERE j.swv_id = platform.current_swv() AND j.jaar = p_jaar - 1) AS v
	), lines AS (
		SELECT coalesce(c.code, p.code) AS code, coalesce(c.rubriek, p.rubriek) AS rubriek,
		       coalesce(c.naam, p.naam) AS naam, coalesce(c.volgorde, 100000 + p.volgorde) AS volgorde,
		       c.bedrag_cents AS bedrag, p.bedrag_cents AS vorig, c.begroting_cents AS begroting
		FROM cur c FULL JOIN prev p ON p.code = c.code
	), staten(staat, ord, label) AS (
		VALUES ('activa', 1, 'Totaal activa'), ('passiva', 2, 'Totaal passiva'), ('baten', 3, 'Totaal baten'),
		       ('lasten', 4, 'Totaal lasten')
	), rub AS (
		SELECT k.rubriek, k.staat, k.volgorde, k.naam,
		       (SELECT count(*) FROM lines l WHERE l.rubriek = k.rubriek) AS n,
		       (SELECT sum(c.bedrag_cents) FROM cur c WHERE c.rubriek = k.rubriek) AS bedrag,
		       (SELECT sum(p.bedrag_cents) FROM prev p WHERE p.rubriek = k.rubriek) AS vorig,
		       (SELECT sum(c.begroting_cents) FROM cur c WHERE c.rubriek = k.rubriek) AS begroting
		FROM platform.jaarrekening_rubrieken k
	), tot AS (
		SELECT s.staat, s.ord, s.label,
		       coalesce(sum(r.bedrag), 0)::bigint AS bedrag,
		       CASE WHEN (SELECT v FROM heeft_vorig) THEN coalesce(sum(r.vorig), 0)::bigint END AS vorig,
		       sum(r.begroting)::bigint AS begroting
		FROM staten s JOIN rub r ON r.staat = s.staat
		GROUP BY s.staat, s.ord, s.label
	), out AS (
		SELECT k.staat, 'regel' AS soort, l.rubriek, l.code, l.naam, l.bedrag, l.vorig, l.begroting,
		       s.ord, k.volgorde AS rord, 0 AS kord, l.volgorde AS lord
		FROM lines l JOIN platform.jaarrekening_rubrieken k ON k.rubriek = l.rubriek
		JOIN staten s ON s.staat = k.staat
		UNION ALL
		SELECT r.staat, 'subtotaal', r.rubriek, '', r.naam, coalesce(r.bedrag, 0)::bigint,
		       CASE WHEN (SELECT v FROM heeft_vorig) THEN coalesce(r.vorig, 0)::bigint END, r.begroting::bigint,
		       s.ord, r.volgorde, 1, 0
		FROM rub r JOIN staten s ON s.staat = r.staat WHERE r.n > 1
		UNION ALL
		SELECT t.staat, 'totaal', '', '', t.label, t.bedrag, t.vorig, t.begroting, t.ord, 1000000, 2, 0
		FROM tot t
		UNION ALL
		SELECT 'resultaat', 'totaal', '', '', 'Resultaat', b.bedrag - l.bedrag, b.vorig - l.vorig,
		       CASE WHEN b.begroting IS NOT NULL OR l.begroting IS NOT NULL
		            THEN coalesce(b.begroting, 0) - coalesce(l.begroting, 0) END,
		       5, 1000000, 2, 0
		FROM tot b JOIN tot l ON b.staat = 'baten' AND l.staat = 'lasten'
	)
	SELECT o.staat, o.soort, o.rubriek, o.code, o.naam, o.bedrag, o.vorig, o.begroting
	FROM out o
	WHERE EXISTS (SELECT 1 FROM bestuur.jaarrekeningen j WHERE j.swv_id = platform.current_swv() AND j.jaar = p_jaar)
	ORDER BY o.ord, o.rord, o.kord, o.lord, o.code
$$;
REVOKE ALL ON FUNCTION bestuur.jaarverslag_regels(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bestuur.jaarverslag_regels(integer) TO passend_bestuur, passend_toezicht;
