-- rapportage_trimester: the statements of the trimesterrapportage
-- (svc/rapportage_trimester.c, D47). The figures are the cells of
-- bestuur.trimester_cellen (sql/functions/rapportage_trimester.sql: each
-- section from the report that publishes its figures, suppressed as that
-- report is for the role in force), or of the report's frozen copy for the
-- caller's variant (bestuur: volledig, toezicht: geaggregeerd); the report
-- statement folds them into one TrimesterReport row with the narrative and
-- the published figures, in one statement (one round trip, one snapshot).

-- fragment: tekst
t.schooljaar, t.trimester, t.sectie, t.soort, t.versie, t.tekst, coalesce(t.auteur::text, '') AS auteur,
	t.auteur_rol, t.created_at

-- name: report  params: 4
-- $1 schooljaar
-- $2 trimester
-- $3 actueel   true: the current figures even when the report is vastgesteld
-- $4 verschil  true: beside the frozen figures the current ones that differ
WITH vg AS (
	SELECT v.vastgesteld_op, v.cellen FROM bestuur.trimester_vastgesteld v
	WHERE v.swv_id = platform.current_swv() AND v.schooljaar = $1 AND v.trimester = $2::integer
	  AND v.variant = CASE WHEN bestuur.trimester_rol() = 'bestuur' THEN 'volledig' ELSE 'geaggregeerd' END
), bev AS (
	SELECT NOT $3::boolean AND EXISTS (SELECT 1 FROM vg) AS b
), cur AS MATERIALIZED (
	-- computed unless the frozen figures alone are asked for
	SELECT c.* FROM bestuur.trimester_cellen($1, $2::integer) c
	WHERE NOT (SELECT b FROM bev) OR $4::boolean
), fro AS MATERIALIZED (
	SELECT c.* FROM vg CROSS JOIN LATERAL jsonb_populate_recordset(NULL::bestuur.trimester_cel, vg.cellen) c
	WHERE (SELECT b FROM bev)
), c0 AS (
	-- the figures shown (frozen or current) and, for verschil, the current ones beside them
	SELECT coalesce(f.sectie_ord, k.sectie_ord) AS sectie_ord, coalesce(f.sectie, k.sectie) AS sectie,
	       coalesce(f.tabel_ord, k.tabel_ord) AS tabel_ord, coalesce(f.tabel, k.tabel) AS tabel,
	       coalesce(f.tabel_titel, k.tabel_titel) AS tabel_titel, coalesce(f.rij_ord, k.rij_ord) AS rij_ord,
	       coalesce(f.rij, k.rij) AS rij, coalesce(f.label, k.label) AS label,
	       coalesce(f.kolom_ord, k.kolom_ord) AS kolom_ord, coalesce(f.kolom, k.kolom) AS kolom,
	       f.waarde, coalesce(f.suppressed, false) AS suppressed, true AS vergeleken,
	       k.waarde AS a_waarde, coalesce(k.suppressed, false) AS a_suppressed
	FROM fro f FULL JOIN (SELECT * FROM cur WHERE $4::boolean) k
	  ON k.sectie = f.sectie AND k.tabel = f.tabel AND k.rij = f.rij AND k.kolom = f.kolom
	WHERE (SELECT b FROM bev)
	UNION ALL
	SELECT k.sectie_ord, k.sectie, k.tabel_ord, k.tabel, k.tabel_titel, k.rij_ord, k.rij, k.label, k.kolom_ord,
	       k.kolom, k.waarde, coalesce(k.suppressed, false), false, NULL, false
	FROM cur k WHERE NOT (SELECT b FROM bev)
), c AS (
	-- one cell per key; the keys sorted bytewise (COLLATE "C": equal keys are equal either way,
	-- and the language's collation made this sort of ~1,000 cells cost ~7 ms, D54)
	SELECT DISTINCT ON (c0.sectie COLLATE "C", c0.tabel COLLATE "C", c0.rij COLLATE "C", c0.kolom COLLATE "C") c0.*,
	       CASE WHEN NOT c0.suppressed THEN trim_scale(g.waarde)::text END AS gepubliceerd,
	       NOT c0.suppressed AND g.waarde IS NOT NULL
	       AND (c0.waarde IS NULL OR c0.waarde !~ '^-?[0-9]+(\.[0-9]+)?$' OR c0.waarde::numeric <> g.waarde) AS afwijkend,
	       c0.vergeleken AND $4::boolean AND (c0.waarde, c0.suppressed) IS DISTINCT FROM (c0.a_waarde, c0.a_suppressed)
	       AS gewijzigd
	FROM c0
	LEFT JOIN bestuur.trimester_gepubliceerd g
	  ON g.swv_id = platform.current_swv() AND g.schooljaar = $1 AND g.trimester = $2::integer
	 AND g.sectie = c0.sectie AND g.tabel = c0.tabel AND g.rij = c0.rij AND g.kolom = c0.kolom
	ORDER BY c0.sectie COLLATE "C", c0.tabel COLLATE "C", c0.rij COLLATE "C", c0.kolom COLLATE "C", c0.kolom_ord
), kol AS (
	-- each table's columns in order (kn)
	SELECT k.sectie, k.tabel, k.kolom,
	       row_number() OVER (PARTITION BY k.sectie, k.tabel ORDER BY k.ko, k.kolom)::integer AS kn
	FROM (SELECT c.sectie, c.tabel, c.kolom, min(c.kolom_ord) AS ko FROM c GROUP BY 1, 2, 3) k
), tab AS (
	SELECT k.sectie, k.tabel, array_agg(k.kolom ORDER BY k.kn) AS kolommen FROM kol k GROUP BY 1, 2
), rij AS (
	-- each row's cells in the order of its table's columns (kns: their positions), each a JSON
	-- object of the fields that are not their default ("" or false): a field left out of the
	-- JSON is that default in the reply, and proto3 does not send a default, so the reply is
	-- the same as with every field written, for less work (D54: 107.7 -> 95.7 ms of CPU)
	SELECT c.sectie, c.tabel, c.rij, min(c.rij_ord) AS ro, min(c.label) AS label,
	       array_agg(k.kn ORDER BY k.kn) AS kns,
	       array_agg('{' || concat_ws(',',
	                     CASE WHEN c.waarde <> '' THEN '"waarde":' || to_json(c.waarde) END,
	                     CASE WHEN c.suppressed THEN '"suppressed":true' END,
	                     CASE WHEN c.gepubliceerd <> '' THEN '"gepubliceerd":' || to_json(c.gepubliceerd) END,
	                     CASE WHEN c.afwijkend THEN '"afwijkend":true' END,
	                     CASE WHEN c.gewijzigd AND c.a_waarde <> '' THEN '"actueel":' || to_json(c.a_waarde) END,
	                     CASE WHEN c.gewijzigd THEN '"gewijzigd":true' END,
	                     CASE WHEN c.gewijzigd AND c.a_suppressed THEN '"actueel_suppressed":true' END) || '}'
	                 ORDER BY k.kn) AS cellen
	FROM c JOIN kol k ON k.sectie = c.sectie AND k.tabel = c.tabel AND k.kolom = c.kolom
	GROUP BY 1, 2, 3
), grid AS (
	-- a row without a cell in a column gets an empty cell there
	SELECT r.sectie, r.tabel,
	       json_agg(json_build_object('sleutel', r.rij, 'label', r.label, 'cellen',
	                                  ('[' || CASE WHEN cardinality(r.kns) = cardinality(t.kolommen)
	                                               THEN array_to_string(r.cellen, ',')
	                                               ELSE (SELECT string_agg(coalesce(r.cellen[array_position(r.kns, u.i)], '{}'),
	                                                                       ',' ORDER BY u.i)
	                                                     FROM generate_series(1, cardinality(t.kolommen)) u (i)) END
	                                   || ']')::json)
	                ORDER BY r.ro, r.rij) AS rijen
	FROM rij r JOIN tab t ON t.sectie = r.sectie AND t.tabel = r.tabel
	GROUP BY 1, 2
), tabj AS (
	SELECT t.sectie, t.tord, t.tabel,
	       json_build_object('naam', t.tabel, 'titel', t.titel, 'kolommen', k.kolommen, 'rijen', g.rijen) AS j
	FROM (SELECT c.sectie, c.tabel, min(c.tabel_ord) AS tord, min(c.tabel_titel) AS titel FROM c GROUP BY 1, 2) t
	JOIN tab k ON k.sectie = t.sectie AND k.tabel = t.tabel
	JOIN grid g ON g.sectie = t.sectie AND g.tabel = t.tabel
), tekst AS (
	SELECT DISTINCT ON (t.sectie, t.soort) t.sectie AS s, t.soort AS so,
	       json_build_object('schooljaar', t.schooljaar, 'trimester', t.trimester, 'sectie', t.sectie,
	                         'soort', t.soort, 'versie', t.versie, 'tekst', t.tekst,
	                         'auteur', coalesce(t.auteur::text, ''), 'auteur_rol', t.auteur_rol,
	                         'created_at', t.created_at) AS j
	FROM bestuur.trimester_teksten t
	WHERE t.swv_id = platform.current_swv() AND t.schooljaar = $1 AND t.trimester = $2::integer
	ORDER BY t.sectie, t.soort, t.versie DESC
), s AS (
	SELECT s.o, json_build_object('naam', s.naam, 'titel', s.titel,
	                              'tabellen', coalesce((SELECT json_agg(t.j ORDER BY t.tord, t.tabel) FROM tabj t
	                                                    WHERE t.sectie = s.naam), '[]'),
	                              'aandachtspunten', (SELECT x.j FROM tekst x WHERE x.s = s.naam AND x.so = 'aandachtspunten'),
	                              'conclusies', (SELECT x.j FROM tekst x WHERE x.s = s.naam AND x.so = 'conclusies')) AS j
	FROM (VALUES (1, 'regionaal', 'Regionaal: MDO''s en tijdelijke plaatsingen'),
	             (2, 'werkgebieden', 'Werkgebieden: arrangementen en budgetten'),
	             (3, 'voorzieningen', 'Voorzieningen: toelaatbaarheidsverklaringen'),
	             (4, 'deelname', 'Deelname SBO en SO'),
	             (5, 'thuiszitters', 'Thuiszitters'),
	             (6, 'financien', 'Financiën: begroting en realisatie'),
	             (7, 'kwaliteit', 'Kwaliteit: jaarplan en KPI''s')) s (o, naam, titel)
), h AS (
	SELECT * FROM toezicht.dashboard_suppression()
)
SELECT $1::text AS schooljaar, $2::integer AS trimester,
	(SELECT array_agg(p.lbl ORDER BY p.k) FROM platform.report_periods($1, $2::integer) p) AS perioden,
	(SELECT json_agg(s.j ORDER BY s.o) FROM s) AS secties,
	(SELECT vg.vastgesteld_op FROM vg) AS vastgesteld_op, (SELECT b FROM bev) AS bevroren,
	(SELECT count(*) FROM c WHERE c.gewijzigd) AS gewijzigde_cellen,
	(SELECT count(*) FROM c WHERE c.afwijkend) AS afwijkende_cellen,
	h.threshold AS small_cell_threshold, h.suppressed
FROM h
-- a school year without any figure of its own: NOT_FOUND. Not its own: the
-- previous year's column, the deelname's teldata (any year), the basisscholen
-- that exist and the thuiszitter cases open on the period's last day.
WHERE (SELECT b FROM bev)
   OR EXISTS (SELECT 1 FROM c WHERE c.kolom_ord < 9 AND c.sectie <> 'deelname' AND c.tabel <> 'dreigend'
                                AND c.rij <> 'basisscholen_totaal'
                                AND c.waarde ~ '^-?[0-9]*[1-9][0-9]*(\.[0-9]+)?$|^-?[0-9]+\.[0-9]*[1-9]')

-- name: tekst_add  params: 5
-- A new version of the section's text.
-- $1 schooljaar
-- $2 trimester
-- $3 sectie
-- $4 soort
-- $5 tekst
INSERT INTO bestuur.trimester_teksten AS t (schooljaar, trimester, sectie, soort, versie, tekst)
SELECT $1, $2::integer, $3, $4,
       coalesce((SELECT max(x.versie) FROM bestuur.trimester_teksten x
                 WHERE x.swv_id = platform.current_swv() AND x.schooljaar = $1 AND x.trimester = $2::integer
                   AND x.sectie = $3 AND x.soort = $4), 0) + 1,
       $5
RETURNING {{tekst}}

-- name: tekst_list  params: 3
-- Every version, per section and soort oldest first.
-- $1 schooljaar
-- $2 trimester
-- $3 sectie
SELECT {{tekst}} FROM bestuur.trimester_teksten t
WHERE t.swv_id = platform.current_swv() AND t.schooljaar = $1 AND t.trimester = $2::integer
  AND ($3 = '' OR t.sectie = $3)
ORDER BY array_position(ARRAY['regionaal', 'werkgebieden', 'voorzieningen', 'deelname', 'thuiszitters',
                              'financien', 'kwaliteit'], t.sectie), t.soort, t.versie

-- name: vaststellen  params: 3
-- $1 schooljaar
-- $2 trimester
-- $3 datum
SELECT v.schooljaar, v.trimester, v.vastgesteld_op, v.cellen, v.created_at
FROM bestuur.trimester_vaststellen($1, $2::integer, NULLIF($3, '')::date) v

-- name: gepubliceerd_set  params: 8
-- Insert or replace the published figure of a cell.
-- $1 cijfer.schooljaar
-- $2 cijfer.trimester
-- $3 cijfer.sectie
-- $4 cijfer.tabel
-- $5 cijfer.rij
-- $6 cijfer.kolom
-- $7 cijfer.waarde
-- $8 cijfer.toelichting
INSERT INTO bestuur.trimester_gepubliceerd AS g (schooljaar, trimester, sectie, tabel, rij, kolom, waarde, toelichting)
VALUES ($1, $2::integer, $3, $4, $5, $6, $7::numeric, $8)
ON CONFLICT (swv_id, schooljaar, trimester, sectie, tabel, rij, kolom)
DO UPDATE SET waarde = EXCLUDED.waarde, toelichting = EXCLUDED.toelichting, auteur = EXCLUDED.auteur,
              created_at = now()
RETURNING g.schooljaar, g.trimester, g.sectie, g.tabel, g.rij, g.kolom, trim_scale(g.waarde)::text AS waarde,
          g.toelichting, g.created_at
