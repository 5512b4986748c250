-- bench/finance_bench_data.sql: the finance part of the national-scale data set for
-- bench/finance_bench.sh, loaded set-based as the database SUPERUSER after the tenants
-- 'Bench TLV %' were made through the API, with triggers off (session_replication_role =
-- replica: the read-only and balans triggers and the foreign key triggers; CHECK
-- constraints still hold, and the rows are made consistent anyway). Bench data only,
-- never a way to load real data. Per tenant (baten EUR 8-25 million a year):
--   begroting: :lines lines with a stable identity (1/6 baten in groups I-II, 1/6
--   overdrachten in I-II, the rest lasten in I-IV; codes renumbered every year), one
--   goedgekeurd version per school year 2012-2013 .. for :years years, 2% PM lines;
--   realisatie: 12 monthly totals per line and year (the last day of each month,
--   August .. July); a manual prognose for 5% of the lines;
--   jaarrekening: calendar years 2012 .. for :years years, 30 lines (every rubriek, some
--   in 2-4 lines) with a budget beside the baten and lasten, the balans balanced by
--   the eigen vermogen line, and 3 published kengetallen (one of them off by 0.10).
-- Ids are md5-derived; amounts from random() with a seed.
-- psql variables (bench/finance_bench.sh passes them): lines, years.
\set ON_ERROR_STOP 1
BEGIN;
SET LOCAL session_replication_role = replica;
SELECT setseed(0.0909);
CREATE TEMP TABLE ften AS
SELECT id AS swv, (800000000 + floor(random() * 1700000000))::bigint AS baten_cents
FROM platform.tenants WHERE name LIKE 'Bench TLV %';

-- ---- begroting: lines, versions, groups, posts ---------------------------------------
CREATE TEMP TABLE fline AS
SELECT n, CASE WHEN n <= :lines / 6 THEN 'baten' WHEN n <= :lines / 3 THEN 'overdrachten' ELSE 'lasten' END AS sectie,
       CASE WHEN n <= :lines / 6 THEN n WHEN n <= :lines / 3 THEN n - :lines / 6 ELSE n - :lines / 3 END AS i,
       CASE WHEN n <= :lines / 6 THEN :lines / 6 WHEN n <= :lines / 3 THEN :lines / 3 - :lines / 6
            ELSE :lines - :lines / 3 END AS cnt
FROM generate_series(1, :lines) n;
ALTER TABLE fline ADD COLUMN groep text;
UPDATE fline SET groep = (ARRAY['I', 'II', 'III', 'IV'])[1 + (i - 1) * CASE sectie WHEN 'lasten' THEN 4 ELSE 2 END / cnt];

INSERT INTO bestuur.begroting_regels (swv_id, id, sleutel, sectie)
SELECT t.swv, md5(t.swv::text || ':br:' || l.n)::uuid, 'R' || lpad(l.n::text, 4, '0'), l.sectie
FROM ften t, fline l;

INSERT INTO bestuur.begrotingen (swv_id, id, schooljaar, versie, status, ingediend_op, goedgekeurd_op, besluit)
SELECT t.swv, md5(t.swv::text || ':bg:' || y)::uuid, (2012 + y) || '-' || (2013 + y), 1, 'goedgekeurd',
       make_date(2012 + y, 6, 1), make_date(2012 + y, 6, 20), 'bench'
FROM ften t, generate_series(0, :years - 1) y;

INSERT INTO bestuur.begroting_groepen (swv_id, begroting_id, sectie, groep, kop)
SELECT DISTINCT t.swv, md5(t.swv::text || ':bg:' || y)::uuid, l.sectie, l.groep, initcap(l.sectie) || ' groep ' || l.groep
FROM ften t, generate_series(0, :years - 1) y, fline l;

-- a line's annual amount: its share of the tenant's baten (overdrachten 75%, lasten 25%)
CREATE TEMP TABLE fpost AS
SELECT t.swv, y, l.n, l.sectie, l.groep, l.i,
       md5(t.swv::text || ':bg:' || y)::uuid AS bg, md5(t.swv::text || ':br:' || l.n)::uuid AS regel,
       random() < 0.02 AS pm,
       round(t.baten_cents * (1 + 0.03 * y) / l.cnt * CASE l.sectie WHEN 'baten' THEN 1 WHEN 'overdrachten' THEN 0.75
             ELSE 0.25 END * (0.5 + random()))::bigint AS bedrag
FROM ften t, generate_series(0, :years - 1) y, fline l;
INSERT INTO bestuur.begroting_posten (swv_id, begroting_id, regel_id, sectie, groep, code, omschrijving, volgorde,
                                      bedrag_cents, pm)
SELECT swv, bg, regel, sectie, groep, groep || '.' || (i + y % 2), 'Bench ' || sectie || ' regel ' || n, i,
       CASE WHEN NOT pm THEN bedrag END, pm
FROM fpost;

-- ---- realisatie: 12 monthly totals per line and year ----------------------------------
INSERT INTO bestuur.realisatie (swv_id, id, regel_id, datum, bedrag_cents, omschrijving)
SELECT p.swv, md5(p.swv::text || ':re:' || p.n || ':' || p.y || ':' || k)::uuid, p.regel,
       (make_date(2012 + p.y, 8, 1) + make_interval(months => k))::date - 1,
       round(p.bedrag / 12.0 * (0.7 + 0.6 * random()))::bigint, 'bench maandtotaal'
FROM fpost p, generate_series(1, 12) k
ORDER BY p.swv, p.regel, 4;

INSERT INTO bestuur.begroting_prognoses (swv_id, schooljaar, regel_id, bedrag_cents)
SELECT swv, (2012 + y) || '-' || (2013 + y), regel, round(bedrag * 1.05)::bigint
FROM fpost WHERE random() < 0.05;

-- ---- jaarrekening per calendar year ------------------------------------------------------
-- (rubriek, lines, share of baten: the balans at 31 December and the year's baten/lasten)
CREATE TEMP TABLE frub (rubriek, nlines, share) AS VALUES
	('immateriele_vaste_activa', 1, 0.002), ('gebouwen_terreinen', 1, 0.010), ('materiele_vaste_activa', 2, 0.015),
	('financiele_vaste_activa', 1, 0.005), ('voorraden', 1, 0.001), ('vorderingen', 2, 0.040),
	('effecten', 1, 0.010), ('liquide_middelen', 2, 0.180),
	('voorzieningen', 2, 0.030), ('langlopende_schulden', 1, 0.010), ('kortlopende_schulden', 3, 0.070),
	('rijksbijdragen', 2, 0.950), ('overige_overheidsbijdragen', 1, 0.030), ('overige_baten', 1, 0.015),
	('financiele_baten', 1, 0.005),
	('personele_lasten', 3, 0.150), ('afschrijvingen', 1, 0.005), ('huisvestingslasten', 1, 0.010),
	('overige_lasten', 1, 0.030), ('doorbetalingen', 4, 0.800), ('financiele_lasten', 1, 0.001);

INSERT INTO bestuur.jaarrekeningen (swv_id, jaar)
SELECT t.swv, 2012 + y FROM ften t, generate_series(0, :years - 1) y;

INSERT INTO bestuur.jaarrekening_regels (swv_id, jaar, code, rubriek, naam, volgorde, bedrag_cents, begroting_cents)
SELECT t.swv, 2012 + y, left(k.rubriek, 12) || '.' || j, k.rubriek, k.naam || ' ' || j, k.volgorde * 10 + j,
       round(t.baten_cents * (1 + 0.03 * y) * r.share / r.nlines * (0.8 + 0.4 * random()))::bigint,
       CASE WHEN k.staat IN ('baten', 'lasten')
            THEN round(t.baten_cents * (1 + 0.03 * y) * r.share / r.nlines * (0.9 + 0.2 * random()))::bigint END
FROM ften t, generate_series(0, :years - 1) y, frub r
JOIN platform.jaarrekening_rubrieken k ON k.rubriek = r.rubriek, generate_series(1, r.nlines) j;

-- the eigen vermogen balances the balans (activa - the other passiva)
INSERT INTO bestuur.jaarrekening_regels (swv_id, jaar, code, rubriek, naam, volgorde, bedrag_cents)
SELECT g.swv_id, g.jaar, 'eigen_vermog.1', 'eigen_vermogen', 'Algemene reserve', 1101,
       sum(CASE k.staat WHEN 'activa' THEN g.bedrag_cents ELSE -g.bedrag_cents END)::bigint
FROM bestuur.jaarrekening_regels g JOIN platform.jaarrekening_rubrieken k ON k.rubriek = g.rubriek
WHERE k.staat IN ('activa', 'passiva') AND g.swv_id IN (SELECT swv FROM ften)
GROUP BY g.swv_id, g.jaar;

INSERT INTO bestuur.jaarrekening_gepubliceerd (swv_id, jaar, kengetal, waarde)
SELECT s.swv_id, s.jaar, k.kengetal,
       round(CASE k.kengetal WHEN 'solvabiliteit_1' THEN s.ev * 100 / s.passiva
                             WHEN 'weerstandsvermogen' THEN s.ev * 100 / s.baten
                             ELSE s.ev * 100 / s.passiva + s.vz * 100 / s.passiva END, 2)
       + CASE WHEN k.kengetal = 'weerstandsvermogen' THEN 0.10 ELSE 0 END
FROM (SELECT g.swv_id, g.jaar,
             sum(g.bedrag_cents) FILTER (WHERE g.rubriek = 'eigen_vermogen')::numeric AS ev,
             sum(g.bedrag_cents) FILTER (WHERE g.rubriek = 'voorzieningen')::numeric AS vz,
             sum(g.bedrag_cents) FILTER (WHERE k.staat = 'passiva')::numeric AS passiva,
             sum(g.bedrag_cents) FILTER (WHERE k.staat = 'baten')::numeric AS baten
      FROM bestuur.jaarrekening_regels g JOIN platform.jaarrekening_rubrieken k ON k.rubriek = g.rubriek
      WHERE g.swv_id IN (SELECT swv FROM ften)
      GROUP BY g.swv_id, g.jaar) s,
     (VALUES ('solvabiliteit_1'), ('solvabiliteit_2'), ('weerstandsvermogen')) k (kengetal);
COMMIT;
ANALYZE bestuur.begroting_regels, bestuur.begrotingen, bestuur.begroting_groepen, bestuur.begroting_posten,
	bestuur.realisatie, bestuur.begroting_prognoses, bestuur.jaarrekeningen, bestuur.jaarrekening_regels,
	bestuur.jaarrekening_gepubliceerd;
SELECT (SELECT count(*) FROM bestuur.begrotingen) AS begrotingen,
       (SELECT count(*) FROM bestuur.begroting_posten) AS posten,
       (SELECT count(*) FROM bestuur.realisatie) AS realisatie,
       (SELECT count(*) FROM bestuur.begroting_prognoses) AS prognoses,
       (SELECT count(*) FROM bestuur.jaarrekeningen) AS jaarrekeningen,
       (SELECT count(*) FROM bestuur.jaarrekening_regels) AS jaarrekening_regels,
       (SELECT count(*) FROM (SELECT 1 FROM bestuur.jaarrekening_regels g
                              JOIN platform.jaarrekening_rubrieken k ON k.rubriek = g.rubriek
                              GROUP BY g.swv_id, g.jaar
                              HAVING sum(CASE k.staat WHEN 'activa' THEN g.bedrag_cents
                                                      WHEN 'passiva' THEN -g.bedrag_cents ELSE 0 END) <> 0) u)
       AS unbalanced;
