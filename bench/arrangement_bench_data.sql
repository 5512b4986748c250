-- bench/arrangement_bench_data.sql: the arrangements of the national-scale data set
-- for bench/arrangement_bench.sh, loaded set-based as the database SUPERUSER after
-- bench/tlv_bench_data.sql (its tenants 'Bench TLV %', werkgebieden, schools and pupils),
-- with triggers off (session_replication_role = replica: the list triggers and foreign
-- key triggers; CHECK constraints still hold). Bench data only, never a way to load
-- real data. Per tenant: 4 ondersteuningscategorieën; a consent (scope arrangement)
-- for every pupil in a werkgebied; :per_wg arrangements per werkgebied per school year
-- 2012-2013 .. for :years years: 90% individueel (a pupil of that werkgebied, its school
-- and consent), 8% groep, 2% innovatie; startdatum spread over the year; ~85% granted
-- (toegekend .. beeindigd), the rest aangevraagd, afgewezen or ingetrokken; 30% from the
-- second year on a verlenging of the same slot's arrangement of the year before; 40% also
-- strengthening the teacher. Ids are md5-derived; attributes from random() with a seed.
-- psql variables (bench/arrangement_bench.sh passes them): per_wg, years.
\set ON_ERROR_STOP 1
BEGIN;
SET LOCAL session_replication_role = replica;
SELECT setseed(0.4343);
CREATE TEMP TABLE aten AS SELECT id AS swv FROM platform.tenants WHERE name LIKE 'Bench TLV %';

INSERT INTO werkgebied.lijst_waarden (swv_id, kind, code, label, sort_order)
SELECT swv, 'ondersteuningscategorie', c.code, c.label, c.o
FROM aten, (VALUES ('leren', 'Leren', 1), ('gedrag', 'Gedrag', 2), ('taal', 'Taal en spraak', 3),
                   ('motoriek', 'Motoriek', 4)) c (code, label, o);

-- the pupils of each werkgebied, numbered, with a consent each
CREATE TEMP TABLE apup AS
SELECT l.swv_id AS swv, l.id, l.school_id, l.werkgebied_id,
       row_number() OVER (PARTITION BY l.swv_id, l.werkgebied_id ORDER BY l.id) AS n,
       count(*) OVER (PARTITION BY l.swv_id, l.werkgebied_id) AS cnt
FROM werkgebied.leerlingen l JOIN aten ON aten.swv = l.swv_id WHERE l.werkgebied_id IS NOT NULL;
INSERT INTO werkgebied.toestemmingen (swv_id, id, leerling_id, scopes, datum, gezag, recorded_by)
SELECT swv, md5(swv::text || ':ts:' || id)::uuid, id, ARRAY['arrangement', 'mdo'], date '2012-08-01', 'beide_ouders',
       'bench'
FROM apup;
CREATE INDEX ON apup (swv, werkgebied_id, n);
ANALYZE apup;

CREATE TEMP TABLE arr AS
SELECT aten.swv, w, yr, j, md5(aten.swv::text || ':wg:' || w)::uuid AS wg,
       random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
FROM aten, generate_series(1, 8) w, generate_series(0, :years - 1) yr, generate_series(0, :per_wg - 1) j;

INSERT INTO werkgebied.arrangementen (swv_id, id, werkgebied_id, arrangement_type, rubriek, ondersteuningscategorie,
                                      leerling_id, school_id, uren_per_week, bedrag_cents, startdatum, einddatum,
                                      versterkt_leerkracht, status, voorganger_id, reflectie, toestemming_id,
                                      recorded_by)
SELECT a.swv, md5(a.swv::text || ':ar:' || a.w || ':' || a.yr || ':' || a.j)::uuid, a.wg, y.rubriek, y.rubriek,
       (ARRAY['leren', 'gedrag', 'taal', 'motoriek', NULL])[1 + floor(a.r2 * 5)::int],
       p.id, p.school_id, round((1 + a.r3 * 6)::numeric, 1), (100000 + floor(a.r3 * 900000))::bigint,
       make_date(2012 + a.yr, 8, 20) + floor(a.r4 * 320)::int, make_date(2013 + a.yr, 7, 15),
       a.r5 < 0.4,
       CASE WHEN a.r6 < 0.05 THEN 'aangevraagd' WHEN a.r6 < 0.10 THEN 'afgewezen' WHEN a.r6 < 0.15 THEN 'ingetrokken'
            WHEN a.r6 < 0.35 THEN 'toegekend' WHEN a.r6 < 0.65 THEN 'lopend' WHEN a.r6 < 0.80 THEN 'geevalueerd'
            ELSE 'beeindigd' END,
       CASE WHEN a.yr > 0 AND a.j % 10 < 3 THEN md5(a.swv::text || ':ar:' || a.w || ':' || (a.yr - 1) || ':' || a.j)::uuid END,
       CASE WHEN a.yr > 0 AND a.j % 10 < 3 THEN 'bench: verlengd na evaluatie' END,
       CASE WHEN y.rubriek = 'individueel' THEN md5(a.swv::text || ':ts:' || p.id)::uuid END, 'bench'
FROM arr a
CROSS JOIN LATERAL (SELECT CASE WHEN a.r1 < 0.90 THEN 'individueel' WHEN a.r1 < 0.98 THEN 'groep'
                                ELSE 'innovatie' END AS rubriek) x
LEFT JOIN apup p ON x.rubriek = 'individueel' AND p.swv = a.swv AND p.werkgebied_id = a.wg
                AND p.n = 1 + (a.j * 7 + a.yr * 13) % p.cnt
CROSS JOIN LATERAL (SELECT CASE WHEN x.rubriek = 'individueel' AND p.id IS NULL THEN 'groep' ELSE x.rubriek END
                    AS rubriek) y -- a werkgebied without pupils gets groep instead
ORDER BY a.swv, a.yr, a.w, a.j;
COMMIT;
ANALYZE werkgebied.arrangementen;
ANALYZE werkgebied.toestemmingen;
SELECT (SELECT count(*) FROM werkgebied.arrangementen) AS arrangementen,
       (SELECT count(*) FROM werkgebied.arrangementen WHERE leerling_id IS NOT NULL) AS individueel,
       (SELECT count(*) FROM werkgebied.toestemmingen) AS toestemmingen;
