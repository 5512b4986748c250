-- bench/tlv_bench_data.sql: bench data for bench/tlv_report_bench.sh, loaded set-based
-- as the database SUPERUSER (bypasses row-level security; for bench data only, never a
-- way to load real data). For every tenant named 'Bench TLV %': 8 werkgebieden,
-- 11 schoolbesturen, 100 BAO + 3 SBO + 6 SO schools, schoolgaand tellingen on
-- 1 October of 2012..2016, and :per_year TLVs per school year 2012-2013 .. 2016-2017
-- with their pupils (herkomst over the default herkomst types, ~1/8 herbeoordelingen,
-- ~88% afgegeven / 7% afgewezen, undecided only in the last year, ~30% late).
-- Ids are md5-derived (deterministic per tenant); attributes come from random().
\set ON_ERROR_STOP 1
\if :{?per_year}
\else
\set per_year 500
\endif
\if :{?years}
\else
\set years 5
\endif
BEGIN;
SELECT setseed(0.4242); -- same draws every run (before/after comparisons)
CREATE TEMP TABLE bten AS
	SELECT id AS swv, row_number() OVER (ORDER BY name) AS tn
	FROM platform.tenants WHERE name LIKE 'Bench TLV %';

INSERT INTO werkgebied.werkgebieden (swv_id, id, name)
SELECT swv, md5(swv::text || ':wg:' || w)::uuid, 'Werkgebied ' || w
FROM bten, generate_series(1, 8) w;

INSERT INTO bestuur.schoolbesturen (swv_id, id, bevoegd_gezag_nummer, name, vestigingsplaats,
                                    runs_bao, runs_sbo, runs_so)
SELECT swv, md5(swv::text || ':sb:' || b)::uuid, (40000 + b)::text, 'Stichting Bench ' || b, 'Alkmaar',
       b <= 10, b IN (1, 6, 11), b = 11
FROM bten, generate_series(1, 11) b;

-- schools 1..100 BAO (besturen of skewed size), 101..103 SBO, 104..109 SO
INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id, so_cluster,
                             schoolbestuur_id, active_to)
SELECT swv, md5(swv::text || ':sc:' || i)::uuid,
       lpad(((i - 1) % 100)::text, 2, '0') || 'X' || chr(65 + (i - 1) / 100), '00',
       CASE WHEN i <= 100 THEN 'Basisschool ' || i WHEN i <= 103 THEN 'SBO ' || i ELSE 'SO ' || i END,
       CASE WHEN i <= 100 THEN 1 WHEN i <= 103 THEN 2 ELSE 3 END,
       CASE WHEN i <= 100 THEN md5(swv::text || ':wg:' || (1 + (i - 1) % 8))::uuid END,
       CASE WHEN i > 103 THEN 3 + i % 2 END,
       md5(swv::text || ':sb:' || CASE WHEN i <= 100 THEN 1 + floor(10 * power((i - 1) / 100.0, 1.4))::int
                                       WHEN i = 101 THEN 1 WHEN i = 102 THEN 6 ELSE 11 END)::uuid,
       CASE WHEN i IN (97, 98) THEN date '2015-07-31' END
FROM bten, generate_series(1, 109) i;

INSERT INTO bestuur.tellingen (swv_id, id, school_id, teldatum, tel_wijze, aantal, onder_8)
SELECT swv, md5(swv::text || ':te:' || i || ':' || yr)::uuid, md5(swv::text || ':sc:' || i)::uuid,
       make_date(2012 + yr, 10, 1), 'schoolgaand', a, a * 4 / 10
FROM bten, generate_series(1, 109) i, generate_series(0, :years - 1) yr,
     LATERAL (SELECT CASE WHEN i <= 100 THEN 90 + (i * 37 + yr * 11) % 320 WHEN i <= 103 THEN 150 ELSE 80 END AS a) x
WHERE NOT (i IN (97, 98) AND yr >= 3);

-- one row per TLV with its random draws
CREATE TEMP TABLE bt AS
SELECT swv, g, g / :per_year AS yr, g % :per_year AS j,
       random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8,
       random() r9, random() r10
FROM bten, generate_series(0, :per_year * :years - 1) g;

CREATE TEMP TABLE bt2 AS
SELECT b.*, h.herkomst,
       (b.yr >= 1 AND b.j % 8 = 0) AS herb,
       CASE h.herkomst WHEN 'basisonderwijs' THEN 1 + floor(100 * power(b.r2, 1.5))::int
                       WHEN 'sbo' THEN 101 + floor(3 * b.r2)::int
                       WHEN 'so' THEN 104 + floor(6 * b.r2)::int END AS aanv,
       CASE WHEN h.herkomst IN ('sbo', 'so', 'zorg', 'residentieel') OR b.r3 >= 0.55 THEN 3 ELSE 2 END AS gevr,
       CASE WHEN b.r4 < 0.88 THEN 'afgegeven' WHEN b.r4 < 0.95 THEN 'afgewezen'
            WHEN b.yr < :years - 1 THEN 'afgegeven' END AS besluit,
       make_date(2012 + b.yr, 8, 20) + floor(b.r5 * 300)::int AS aanvraagdatum
FROM bt b,
LATERAL (SELECT CASE WHEN b.r1 < 0.60 THEN 'basisonderwijs' WHEN b.r1 < 0.68 THEN 'voorschool'
                     WHEN b.r1 < 0.80 THEN 'sbo' WHEN b.r1 < 0.85 THEN 'so' WHEN b.r1 < 0.89 THEN 'kdc'
                     WHEN b.r1 < 0.92 THEN 'mkd' WHEN b.r1 < 0.95 THEN 'zorg'
                     WHEN b.r1 < 0.98 THEN 'ander_swv' ELSE 'residentieel' END AS herkomst) h;

INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id,
                                   geboortejaar, geslacht)
SELECT swv, md5(swv::text || ':ll:' || yr || ':' || j)::uuid,
       md5(swv::text || ':sc:' || coalesce(aanv, 1 + floor(100 * r2)::int))::uuid,
       CASE WHEN coalesce(aanv, 1) <= 100
            THEN md5(swv::text || ':wg:' || (1 + (coalesce(aanv, 1 + floor(100 * r2)::int) - 1) % 8))::uuid END,
       'bench', 'L' || yr || '-' || j,
       CASE WHEN r9 > 0.97 THEN 0 ELSE 2012 + yr - 4 - floor(r9 / 0.97 * 8)::int END,
       CASE WHEN r10 < 0.62 THEN 1 WHEN r10 < 0.97 THEN 2 ELSE 0 END
FROM bt2 WHERE NOT herb;

INSERT INTO bestuur.tlvs (swv_id, id, leerling_id, aanvragende_school_id, herkomst, gevraagde_soort, state,
                          aanvraag_soort, vorige_tlv_id, aanvraagdatum, toestemming_datum, deadline, besluit,
                          besluitdatum, tlv_nummer, soort, so_categorie, startdatum, einddatum,
                          ontvangende_school_id, bestemming_naam)
SELECT swv, md5(swv::text || ':tlv:' || g)::uuid,
       md5(swv::text || ':ll:' || CASE WHEN herb THEN 0 ELSE yr END || ':' || j)::uuid,
       CASE WHEN aanv IS NOT NULL THEN md5(swv::text || ':sc:' || aanv)::uuid END,
       herkomst, gevr,
       CASE besluit WHEN 'afgegeven' THEN CASE WHEN j % 8 = 0 AND yr < :years - 1 THEN 7 ELSE 3 END
                    WHEN 'afgewezen' THEN 4 ELSE 1 + (r7 < 0.5)::int END,
       CASE WHEN herb THEN 'herbeoordeling' ELSE 'nieuw' END,
       CASE WHEN herb THEN md5(swv::text || ':tlv:' || (g - :per_year))::uuid END,
       aanvraagdatum, aanvraagdatum, aanvraagdatum + 42, besluit,
       CASE WHEN besluit IS NOT NULL THEN aanvraagdatum + 7 + floor(r6 * 50)::int END,
       CASE WHEN besluit = 'afgegeven' THEN 'TLV-' || (2012 + yr) || '-' || lpad(j::text, 4, '0') END,
       CASE WHEN besluit = 'afgegeven' THEN gevr END,
       CASE WHEN besluit = 'afgegeven' AND gevr = 3 THEN 1 + floor(3 * r7 * r7)::int END,
       CASE WHEN besluit = 'afgegeven' THEN aanvraagdatum + 8 + floor(r6 * 50)::int END,
       CASE WHEN besluit = 'afgegeven' THEN make_date(2014 + yr, 7, 31) END,
       CASE WHEN besluit = 'afgegeven' AND r8 < 0.9
            THEN md5(swv::text || ':sc:' || CASE WHEN gevr = 2 THEN 101 + floor(r8 / 0.9 * 3)::int
                                                 ELSE 104 + floor(r8 / 0.9 * 6)::int END)::uuid END,
       CASE WHEN besluit = 'afgegeven' AND r8 >= 0.9 THEN 'Elders' END
FROM bt2 ORDER BY swv, g;
COMMIT;
ANALYZE;
SELECT count(*) AS tenants, (SELECT count(*) FROM bestuur.tlvs) AS tlvs,
       (SELECT count(*) FROM werkgebied.leerlingen) AS leerlingen,
       (SELECT count(*) FROM bestuur.scholen) AS scholen,
       (SELECT count(*) FROM bestuur.tellingen) AS tellingen
FROM bten;
