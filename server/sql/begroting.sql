-- begroting: the statements of passend.v1.Begroting (svc/begroting.c, D43):
-- versions with their groups and lines, the steps (bestuur.begroting_step),
-- manual forecasts, transfer rates, the transfer schedule and the SBO
-- regime. Rows become messages by column name; a sectie is written as the
-- BegrotingSectie value name (sectie_baten) and taken as its number.

-- fragment: versie
v.id, v.swv_id AS tenant_id, v.schooljaar, v.versie, 'begroting_' || v.status AS status, v.ingediend_op,
v.goedgekeurd_op, v.besluit, v.voorganger_id, v.toelichting, v.created_at

-- fragment: delen
(SELECT json_agg(json_build_object('begroting_id', g.begroting_id, 'sectie', 'sectie_' || g.sectie,
                                   'groep', g.groep, 'kop', g.kop)
                 ORDER BY array_position(ARRAY['baten', 'overdrachten', 'lasten'], g.sectie), length(g.groep), g.groep)
 FROM bestuur.begroting_groepen g WHERE g.swv_id = v.swv_id AND g.begroting_id = v.id) AS groepen,
(SELECT json_agg(json_build_object('begroting_id', p.begroting_id, 'regel_id', p.regel_id, 'sleutel', r.sleutel,
                                   'sectie', 'sectie_' || p.sectie, 'groep', p.groep, 'code', p.code,
                                   'omschrijving', p.omschrijving, 'volgorde', p.volgorde,
                                   'bedrag_cents', coalesce(p.bedrag_cents, 0), 'pm', p.pm)
                 ORDER BY array_position(ARRAY['baten', 'overdrachten', 'lasten'], p.sectie), p.volgorde)
 FROM bestuur.begroting_posten p JOIN bestuur.begroting_regels r ON r.swv_id = p.swv_id AND r.id = p.regel_id
 WHERE p.swv_id = v.swv_id AND p.begroting_id = v.id) AS regels

-- fragment: key
(v.schooljaar || lpad(v.versie::text, 6, '0') || v.id::text) COLLATE "C"

-- fragment: regel
p.begroting_id, p.regel_id, r.sleutel, 'sectie_' || p.sectie AS sectie, p.groep, p.code, p.omschrijving, p.volgorde,
coalesce(p.bedrag_cents, 0) AS bedrag_cents, p.pm

-- fragment: tarief
t.id, t.schooljaar, t.soort, t.omschrijving, t.bedrag_per_leerling_cents, t.teldatum, t.schoolsoorten,
coalesce((SELECT r.sleutel FROM bestuur.begroting_regels r WHERE r.swv_id = t.swv_id AND r.id = t.regel_id), '')
	AS sleutel

-- name: create  params: 3
-- A new concept version (bestuur.begroting_create), named for `current`.
-- $1 schooljaar
-- $2 van_begroting_id
-- $3 toelichting
SELECT bestuur.begroting_create($1, NULLIF($2, '')::uuid, $3) AS _created

-- name: current  params: 0
-- The version the statement before it named (passend.begroting_id).
SELECT {{versie}}, {{delen}} FROM bestuur.begrotingen v
WHERE v.swv_id = platform.current_swv() AND v.id = NULLIF(current_setting('passend.begroting_id', true), '')::uuid

-- name: get  params: 1
-- A version with its groups and lines.
-- $1 id
SELECT {{versie}}, {{delen}} FROM bestuur.begrotingen v WHERE v.swv_id = platform.current_swv() AND v.id = $1::uuid

-- name: list  params: 3
-- The versions (without groups and lines) by school year and versie.
-- $1 schooljaar  optional filter
-- $2 page_after
-- $3 page_limit
SELECT {{versie}}, {{key}} AS _key FROM bestuur.begrotingen v
WHERE v.swv_id = platform.current_swv() AND ($1 = '' OR v.schooljaar = $1) AND ($2 = '' OR {{key}} > $2)
ORDER BY _key LIMIT $3::int

-- name: upsert_groep  params: 4
-- A group of a concept version (the read-only trigger refuses the others);
-- no row: no such version.
-- $1 begroting_id
-- $2 sectie
-- $3 groep
-- $4 kop
INSERT INTO bestuur.begroting_groepen AS g (swv_id, begroting_id, sectie, groep, kop)
SELECT v.swv_id, v.id, (ARRAY['baten', 'overdrachten', 'lasten'])[$2::int], $3, $4
FROM bestuur.begrotingen v WHERE v.swv_id = platform.current_swv() AND v.id = $1::uuid
ON CONFLICT (swv_id, begroting_id, sectie, groep) DO UPDATE SET kop = EXCLUDED.kop
RETURNING g.begroting_id, 'sectie_' || g.sectie AS sectie, g.groep, g.kop

-- name: upsert_regel  params: 9
-- A line of a concept version, by its sleutel: a sleutel new to the tenant
-- gets a new identity (begroting_regels), a known one keeps its own (and
-- its sectie). Refused (_invalid, nothing written): another sectie than the
-- line's, a group the version lacks, a volgorde another line holds. No row:
-- no such version.
-- $1 begroting_id
-- $2 sleutel
-- $3 sectie
-- $4 groep
-- $5 code
-- $6 omschrijving
-- $7 volgorde
-- $8 bedrag_cents
-- $9 pm
WITH v AS (
	SELECT v.swv_id, v.id FROM bestuur.begrotingen v WHERE v.swv_id = platform.current_swv() AND v.id = $1::uuid
), s AS (
	SELECT (ARRAY['baten', 'overdrachten', 'lasten'])[$3::int] AS sectie
), bestaand AS (
	SELECT r.id, r.sectie FROM bestuur.begroting_regels r WHERE r.swv_id = platform.current_swv() AND r.sleutel = $2
), chk AS (
	SELECT CASE
		WHEN EXISTS (SELECT 1 FROM bestaand b WHERE b.sectie <> s.sectie) THEN
			format('sectie: line %s is a %s line (a line keeps its sectie in every year)', $2,
			       (SELECT b.sectie FROM bestaand b))
		WHEN NOT EXISTS (SELECT 1 FROM bestuur.begroting_groepen g WHERE g.swv_id = v.swv_id AND g.begroting_id = v.id
		                 AND g.sectie = s.sectie AND g.groep = $4) THEN
			format('groep: the begroting has no group %s in %s (UpsertBegrotingGroep first)', $4, s.sectie)
		WHEN EXISTS (SELECT 1 FROM bestuur.begroting_posten p WHERE p.swv_id = v.swv_id AND p.begroting_id = v.id
		             AND p.sectie = s.sectie AND p.volgorde = $7::int
		             AND p.regel_id IS DISTINCT FROM (SELECT b.id FROM bestaand b)) THEN
			format('volgorde: %s in %s is already taken by another line', $7, s.sectie)
		END AS _invalid, v.swv_id, v.id, s.sectie
	FROM v, s
), nieuw AS (
	INSERT INTO bestuur.begroting_regels (swv_id, id, sleutel, sectie)
	SELECT chk.swv_id, gen_random_uuid(), $2, chk.sectie FROM chk
	WHERE chk._invalid IS NULL AND NOT EXISTS (SELECT 1 FROM bestaand)
	RETURNING id
), regel AS (
	SELECT id FROM bestaand UNION ALL SELECT id FROM nieuw
), ins AS (
	INSERT INTO bestuur.begroting_posten AS p (swv_id, begroting_id, regel_id, sectie, groep, code, omschrijving,
	                                           volgorde, bedrag_cents, pm)
	SELECT chk.swv_id, chk.id, regel.id, chk.sectie, $4, $5, $6, $7::int,
	       CASE WHEN $9::boolean THEN NULL ELSE $8::bigint END, $9::boolean
	FROM chk, regel WHERE chk._invalid IS NULL
	ON CONFLICT (swv_id, begroting_id, regel_id) DO UPDATE SET groep = EXCLUDED.groep, code = EXCLUDED.code,
		omschrijving = EXCLUDED.omschrijving, volgorde = EXCLUDED.volgorde, bedrag_cents = EXCLUDED.bedrag_cents,
		pm = EXCLUDED.pm
	RETURNING p.begroting_id, p.regel_id, $2 AS sleutel, 'sectie_' || p.sectie AS sectie, p.groep, p.code,
		p.omschrijving, p.volgorde, coalesce(p.bedrag_cents, 0) AS bedrag_cents, p.pm
)
SELECT ins.*, chk._invalid FROM chk LEFT JOIN ins ON true

-- name: delete_regel  params: 2
-- Removes a line from a concept version (its identity stays); no row: the
-- version has no such line.
-- $1 begroting_id
-- $2 regel_id
WITH d AS (
	DELETE FROM bestuur.begroting_posten p
	WHERE p.swv_id = platform.current_swv() AND p.begroting_id = $1::uuid AND p.regel_id = $2::uuid
	RETURNING *
)
SELECT {{regel}} FROM d p JOIN bestuur.begroting_regels r ON r.swv_id = p.swv_id AND r.id = p.regel_id

-- name: submit  params: 2
-- concept -> ingediend (bestuur.begroting_step).
-- $1 id
-- $2 datum
SELECT bestuur.begroting_step($1::uuid, 'submit', $2::date, '') AS _step

-- name: approve  params: 3
-- ingediend -> goedgekeurd, toezicht's decision (bestuur.begroting_step).
-- $1 id
-- $2 datum
-- $3 besluit
SELECT bestuur.begroting_step($1::uuid, 'approve', $2::date, $3) AS _step

-- name: set_prognose  params: 4
-- The manual forecast of a line in a school year, or (wissen) none; no
-- row: no line with this sleutel.
-- $1 schooljaar
-- $2 sleutel
-- $3 bedrag_cents
-- $4 wissen
WITH r AS (
	SELECT r.swv_id, r.id FROM bestuur.begroting_regels r WHERE r.swv_id = platform.current_swv() AND r.sleutel = $2
), del AS (
	DELETE FROM bestuur.begroting_prognoses p USING r
	WHERE $4::boolean AND p.swv_id = r.swv_id AND p.schooljaar = $1 AND p.regel_id = r.id
), ins AS (
	INSERT INTO bestuur.begroting_prognoses AS p (swv_id, schooljaar, regel_id, bedrag_cents)
	SELECT r.swv_id, $1, r.id, $3::bigint FROM r WHERE NOT $4::boolean
	ON CONFLICT (swv_id, schooljaar, regel_id) DO UPDATE SET bedrag_cents = EXCLUDED.bedrag_cents, updated_at = now()
	RETURNING p.bedrag_cents
)
SELECT $1 AS schooljaar, $2 AS sleutel, r.id AS regel_id, coalesce((SELECT ins.bedrag_cents FROM ins), 0) AS bedrag_cents,
	$4::boolean AS wissen
FROM r

-- name: list_prognoses  params: 1
-- $1 schooljaar
SELECT p.schooljaar, r.sleutel, p.regel_id, p.bedrag_cents FROM bestuur.begroting_prognoses p
JOIN bestuur.begroting_regels r ON r.swv_id = p.swv_id AND r.id = p.regel_id
WHERE p.swv_id = platform.current_swv() AND p.schooljaar = $1
ORDER BY r.sleutel COLLATE "C"

-- name: upsert_tarief  params: 7
-- A transfer rate per school year and soort (a repeat replaces it).
-- Refused (_invalid): a sleutel that names no line.
-- $1 schooljaar
-- $2 soort
-- $3 omschrijving
-- $4 bedrag_per_leerling_cents
-- $5 teldatum
-- $6 schoolsoorten
-- $7 sleutel
WITH r AS (
	SELECT r.id FROM bestuur.begroting_regels r WHERE r.swv_id = platform.current_swv() AND r.sleutel = NULLIF($7, '')
), chk AS (
	SELECT CASE WHEN $7 <> '' AND NOT EXISTS (SELECT 1 FROM r) THEN 'sleutel: no begroting line with this sleutel'
	       END AS _invalid
), ins AS (
	INSERT INTO bestuur.overdracht_tarieven AS t (swv_id, id, schooljaar, soort, omschrijving, bedrag_per_leerling_cents,
	                                              teldatum, schoolsoorten, regel_id)
	SELECT platform.current_swv(), gen_random_uuid(), $1, $2, $3, $4::bigint, $5::date,
	       CASE WHEN cardinality($6::text[]) = 0 THEN '{bao}' ELSE $6::text[] END, (SELECT r.id FROM r)
	FROM chk WHERE chk._invalid IS NULL
	ON CONFLICT (swv_id, schooljaar, soort) DO UPDATE SET omschrijving = EXCLUDED.omschrijving,
		bedrag_per_leerling_cents = EXCLUDED.bedrag_per_leerling_cents, teldatum = EXCLUDED.teldatum,
		schoolsoorten = EXCLUDED.schoolsoorten, regel_id = EXCLUDED.regel_id
	RETURNING *
)
SELECT {{tarief}}, chk._invalid FROM chk LEFT JOIN ins t ON true

-- name: list_tarieven  params: 1
-- $1 schooljaar
SELECT {{tarief}} FROM bestuur.overdracht_tarieven t
WHERE t.swv_id = platform.current_swv() AND t.schooljaar = $1 ORDER BY t.soort COLLATE "C"

-- name: schema  params: 2
-- The transfers of a school year (bestuur.overdracht_schema) with the
-- monthly totals.
-- $1 schooljaar
-- $2 bestuur_id  optional: one bestuur
WITH s AS (
	SELECT * FROM bestuur.overdracht_schema($1, NULLIF($2, '')::uuid) WITH ORDINALITY
)
SELECT $1 AS schooljaar,
	(SELECT json_agg(json_build_object('bestuur_id', s.bestuur_id, 'bestuur', s.bestuur_naam, 'soort', s.soort,
	                                   'teldatum', s.teldatum, 'leerlingen', s.leerlingen,
	                                   'bedrag_per_leerling_cents', s.per_leerling, 'jaarbedrag_cents', s.jaarbedrag,
	                                   'termijnen', s.termijnen) ORDER BY s.ordinality) FROM s) AS regels,
	(SELECT json_agg(json_build_object('maand', x.maand, 'bedrag_cents', x.bedrag) ORDER BY x.maand)
	 FROM (SELECT (e ->> 'maand')::date AS maand, sum((e ->> 'bedrag_cents')::bigint) AS bedrag
	       FROM s, json_array_elements(s.termijnen) e GROUP BY 1) x) AS totaal_per_maand,
	(SELECT coalesce(sum(s.jaarbedrag), 0) FROM s) AS totaal_cents

-- name: sbo  params: 1
-- The SBO regime in force on datum (bestuur.sbo_regime).
-- $1 datum
SELECT x.regime, x.omschrijving, x.periode_van, x.periode_tot, x.peildatum, x.sbo AS sbo_leerlingen,
	x.totaal AS totaal_leerlingen, coalesce(x.norm_pct::text, '') AS norm_pct, coalesce(x.norm::text, '') AS norm_leerlingen,
	coalesce(x.boven::text, '') AS boven_norm
FROM bestuur.sbo_regime($1::date) x
