-- werkgebied.arrangement_report: the arrangement report of a school year
-- through trimester N (0: the whole year), cumulative on the tenant's
-- calendar (the trimester boundaries of platform.tenants, as the TLV
-- report). D33.
--   werkgebied.arrangement_report(p_schooljaar text, p_trimester integer)
--   RETURNS TABLE (sec, ord, name, label, c1..c5 bigint, d1 text, s1 boolean, sup, thr)
-- Counts an arrangement that was granted (toegekend or later: not
-- aangevraagd, afgewezen or ingetrokken) with its startdatum in the period.
-- sec 'werkgebied': per werkgebied (id name, name label) c1 individueel,
--   c2 groep, c3 innovatie, c4 totaal, c5 verlengingen (of any type), d1
--   individueel as % of the werkgebied's pupils now (numeric, half-up, 2
--   decimals); name '' is the total row.
-- sec 'categorie': per ondersteuningscategorie (name the code, '' none) c1.
-- sec 'versterkt': c1 arrangements that also strengthen the teacher's or
--   team's skills, c4 the total, d1 their share in %; suppressed when
--   either part is small or the total is suppressed in the werkgebied table.
-- Scope: bestuur all; werkgebied (consulent) her werkgebieden only (the role
-- in force, platform.invoking_role_name, D36).
-- Suppression (every role but bestuur): a count below the tenant's
-- small_cell_threshold is suppressed (NULL), and complementary cells are
-- suppressed until no row (individueel + groep + innovatie = totaal) and no
-- column (werkgebieden = total row) has exactly one suppressed cell, so a
-- suppressed cell cannot be recovered by subtraction; a percentage is
-- suppressed with its count. Repeatable (D25).
-- werkgebied.arrangement_report_rows: the arrangements the report counts
-- (granted, startdatum in [p_lo, p_hi), of werkgebieden p_scope when not
-- NULL) of the current tenant; the report's one selection.
CREATE OR REPLACE FUNCTION werkgebied.arrangement_report_rows(p_lo date, p_hi date, p_scope uuid[])
RETURNS TABLE (werkgebied_id uuid, rubriek text, categorie text, verlenging boolean, versterkt boolean)
LANGUAGE sql STABLE AS
$f$
	SELECT a.werkgebied_id, a.rubriek, coalesce(a.ondersteuningscategorie, ''), a.voorganger_id IS NOT NULL,
	       a.versterkt_leerkracht
	FROM werkgebied.arrangementen a
	WHERE a.swv_id = platform.current_swv() AND a.status NOT IN ('aangevraagd', 'afgewezen', 'ingetrokken')
	  AND a.startdatum >= p_lo AND a.startdatum < p_hi AND (p_scope IS NULL OR a.werkgebied_id = ANY (p_scope))
$f$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_report_rows(date, date, uuid[]) FROM PUBLIC;

CREATE OR REPLACE FUNCTION werkgebied.arrangement_report(p_schooljaar text, p_trimester integer)
RETURNS TABLE (sec text, ord integer, name text, label text, c1 bigint, c2 bigint, c3 bigint, c4 bigint,
               c5 bigint, d1 text, s1 boolean, sup boolean, thr integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	swv uuid := platform.current_swv();
	role text := platform.invoking_role_name(); -- the role in force, not passend.role (D36)
	scope uuid[] := platform.current_scope();
	ten record;
	y0 date;
	hi date;
	do_sup boolean;
	-- the werkgebied table as arrays: rows 1..k werkgebieden, row k+1 the total; columns 1..5
	ids text[];
	names text[];
	pupils bigint[];
	m bigint[][];
	sp boolean[][];
	k integer;
	flat boolean[];
	r record;
	i integer;
	j integer;
	wscope uuid[];
BEGIN
	IF swv IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'no tenant in this transaction';
	END IF;
	-- the report's period: T1 up to and including the asked trimester, on the
	-- tenant's calendar (platform.report_periods checks schooljaar and trimester)
	SELECT min(p.lo), max(p.hi) INTO y0, hi FROM platform.report_periods(p_schooljaar, p_trimester) p;
	SELECT t.small_cell_threshold INTO ten FROM platform.tenants t WHERE t.id = swv;
	do_sup := role <> 'bestuur';

	IF role = 'werkgebied' THEN
		wscope := scope;
	END IF;

	-- ---- per werkgebied, with complementary suppression -------------------------
	k := 0;
	m := array_fill(0::bigint, ARRAY[1, 5]);
	FOR r IN
		SELECT w.id, w.name,
		       (SELECT count(*) FROM werkgebied.leerlingen l WHERE l.swv_id = swv AND l.werkgebied_id = w.id) AS pupils,
		       count(x.*) FILTER (WHERE x.rubriek = 'individueel') AS ci,
		       count(x.*) FILTER (WHERE x.rubriek = 'groep') AS cg,
		       count(x.*) FILTER (WHERE x.rubriek = 'innovatie') AS cn,
		       count(x.*) AS ct, count(x.*) FILTER (WHERE x.verlenging) AS cv
		FROM werkgebied.werkgebieden w LEFT JOIN werkgebied.arrangement_report_rows(y0, hi, wscope) x ON x.werkgebied_id = w.id
		WHERE w.swv_id = swv AND (role <> 'werkgebied' OR w.id = ANY (scope))
		GROUP BY w.id, w.name, w.created_at ORDER BY w.created_at, w.name
	LOOP
		k := k + 1;
		ids[k] := r.id::text;
		names[k] := r.name;
		pupils[k] := r.pupils;
		IF k = 1 THEN
			m := ARRAY[ARRAY[r.ci, r.cg, r.cn, r.ct, r.cv]];
		ELSE
			m := m || ARRAY[ARRAY[r.ci, r.cg, r.cn, r.ct, r.cv]];
		END IF;
	END LOOP;
	-- the total row
	IF k = 0 THEN
		m := ARRAY[ARRAY[0, 0, 0, 0, 0]::bigint[]];
	ELSE
		m := m || ARRAY[ARRAY[(SELECT sum(m[i2][1]) FROM generate_series(1, k) i2),
		                      (SELECT sum(m[i2][2]) FROM generate_series(1, k) i2),
		                      (SELECT sum(m[i2][3]) FROM generate_series(1, k) i2),
		                      (SELECT sum(m[i2][4]) FROM generate_series(1, k) i2),
		                      (SELECT sum(m[i2][5]) FROM generate_series(1, k) i2)]::bigint[]];
	END IF;
	sp := array_fill(false, ARRAY[k + 1, 5]);
	IF do_sup THEN
		FOR i IN 1 .. k + 1 LOOP
			FOR j IN 1 .. 5 LOOP
				sp[i][j] := m[i][j] < ten.small_cell_threshold;
			END LOOP;
		END LOOP;
		-- complementary cells (platform.suppress_complementary) over the table as
		-- cells (i - 1) * 5 + j: each row is a relation (individueel + groep +
		-- innovatie = totaal, columns 1-4), then each column (the werkgebieden add
		-- up to the total row)
		flat := platform.suppress_complementary(
			ARRAY(SELECT m[i2][j2] FROM generate_series(1, k + 1) i2, generate_series(1, 5) j2 ORDER BY i2, j2),
			ARRAY(SELECT sp[i2][j2] FROM generate_series(1, k + 1) i2, generate_series(1, 5) j2 ORDER BY i2, j2),
			ARRAY(SELECT ARRAY[i2, (i2 - 1) * 5 + j2] FROM generate_series(1, k + 1) i2, generate_series(1, 4) j2
			      UNION ALL
			      SELECT ARRAY[k + 1 + j2, (i2 - 1) * 5 + j2] FROM generate_series(1, k + 1) i2,
			                                                       generate_series(1, 5) j2));
		FOR i IN 1 .. k + 1 LOOP
			FOR j IN 1 .. 5 LOOP
				sp[i][j] := flat[(i - 1) * 5 + j];
			END LOOP;
		END LOOP;
	END IF;
	FOR i IN 1 .. k + 1 LOOP
		sec := 'werkgebied';
		ord := i;
		name := CASE WHEN i <= k THEN ids[i] ELSE '' END;
		label := CASE WHEN i <= k THEN names[i] ELSE 'Totaal' END;
		c1 := CASE WHEN sp[i][1] THEN NULL ELSE m[i][1] END;
		c2 := CASE WHEN sp[i][2] THEN NULL ELSE m[i][2] END;
		c3 := CASE WHEN sp[i][3] THEN NULL ELSE m[i][3] END;
		c4 := CASE WHEN sp[i][4] THEN NULL ELSE m[i][4] END;
		c5 := CASE WHEN sp[i][5] THEN NULL ELSE m[i][5] END;
		d1 := CASE WHEN sp[i][1] THEN NULL
		           WHEN i <= k AND pupils[i] > 0 THEN round(m[i][1] * 100.0 / pupils[i], 2)::text
		           WHEN i > k AND (SELECT sum(p) FROM unnest(pupils) p) > 0 THEN
		               round(m[i][1] * 100.0 / (SELECT sum(p) FROM unnest(pupils) p), 2)::text END;
		s1 := sp[i][1];
		sup := do_sup;
		thr := ten.small_cell_threshold;
		RETURN NEXT;
	END LOOP;

	-- ---- per ondersteuningscategorie: one column and its total --------------------
	-- (complementary: a single suppressed category suppresses the next smallest;
	-- all of them when the total they add up to is suppressed)
	RETURN QUERY
	WITH c AS (
		SELECT x.categorie, count(*) AS c FROM werkgebied.arrangement_report_rows(y0, hi, wscope) x GROUP BY x.categorie
	), s AS (
		SELECT c.*, do_sup AND c.c < ten.small_cell_threshold AS small FROM c
	), s2 AS (
		SELECT s.*, row_number() OVER (ORDER BY s.small DESC, s.c, s.categorie) AS rk,
		       count(*) FILTER (WHERE s.small) OVER () AS nsmall FROM s
	)
	SELECT 'categorie'::text, row_number() OVER (ORDER BY s2.categorie)::integer, s2.categorie, s2.categorie,
	       CASE WHEN s2.small OR (s2.nsmall = 1 AND s2.rk = 2) OR sp[k + 1][4] THEN NULL ELSE s2.c END, NULL::bigint, NULL::bigint,
	       NULL::bigint, NULL::bigint, NULL::text, false, do_sup, ten.small_cell_threshold
	FROM s2;

	-- ---- share that also strengthens the teacher's or team's skills ---------------
	RETURN QUERY
	SELECT 'versterkt'::text, 1, ''::text, ''::text,
		       CASE WHEN v.small THEN NULL ELSE v.c END, NULL::bigint, NULL::bigint,
	       CASE WHEN sp[k + 1][4] THEN NULL ELSE v.t END, NULL::bigint,
	       CASE WHEN v.small THEN NULL WHEN v.t > 0 THEN round(v.c * 100.0 / v.t, 2)::text END, v.small, do_sup,
	       ten.small_cell_threshold
	FROM (SELECT q.*, do_sup AND (q.c < ten.small_cell_threshold OR q.t - q.c < ten.small_cell_threshold
	                               OR sp[k + 1][4]) AS small
	      FROM (SELECT count(*) FILTER (WHERE x.versterkt) AS c, count(*) AS t
	            FROM werkgebied.arrangement_report_rows(y0, hi, wscope) x) q) v;
END
$$;
REVOKE ALL ON FUNCTION werkgebied.arrangement_report(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.arrangement_report(text, integer)
	TO passend_bestuur, passend_werkgebied, passend_toezicht;
