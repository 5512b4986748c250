-- kengetal_config: the statements of passend.v1.Rapportage's kengetal
-- configuration (svc/kengetal_config.c): definitions, size classes and
-- signaleringswaarden, versioned per year, platform data that the admin
-- writes (with its token's proof, 0023_jaarrekening.sql) and the finance
-- roles read. A Set of an existing version replaces it. Decimals are text,
-- "" for NULL.

-- fragment: definitie
kengetal, geldig_vanaf, naam, teller, noemer, factor::integer AS factor, eenheid, volgorde

-- name: set_definitie  params: 8
-- A term that names no rubriek or staat refuses the call (_invalid).
-- $1 kengetal
-- $2 geldig_vanaf
-- $3 naam
-- $4 teller
-- $5 noemer
-- $6 factor
-- $7 eenheid
-- $8 volgorde
WITH chk AS (
	SELECT (SELECT format('%s: %L is not a rubriek (ListJaarrekeningRubrieken) or one of activa, passiva, baten, '
	                      'lasten (with - in front to subtract)', x.f, x.t)
	        FROM (SELECT 'teller' AS f, t, n FROM unnest($4::text[]) WITH ORDINALITY AS u(t, n)
	              UNION ALL
	              SELECT 'noemer', t, 1000 + n FROM unnest($5::text[]) WITH ORDINALITY AS u(t, n)) x
	        WHERE NOT platform.kengetal_termen_ok(ARRAY[x.t]) ORDER BY x.n LIMIT 1) AS _invalid
), ins AS (
	INSERT INTO platform.kengetal_definities (kengetal, geldig_vanaf, naam, teller, noemer, factor, eenheid, volgorde)
	SELECT $1, $2::integer, $3, $4::text[], $5::text[], $6::numeric, $7, $8::integer FROM chk WHERE chk._invalid IS NULL
	ON CONFLICT (kengetal, geldig_vanaf) DO UPDATE SET naam = EXCLUDED.naam, teller = EXCLUDED.teller,
		noemer = EXCLUDED.noemer, factor = EXCLUDED.factor, eenheid = EXCLUDED.eenheid, volgorde = EXCLUDED.volgorde
	RETURNING {{definitie}}
)
SELECT ins.*, chk._invalid FROM chk LEFT JOIN ins ON true

-- name: list_definities  params: 0
SELECT {{definitie}} FROM platform.kengetal_definities ORDER BY volgorde, kengetal, geldig_vanaf

-- name: set_grootteklasse  params: 3
-- $1 geldig_vanaf
-- $2 grootteklasse
-- $3 baten_vanaf_cents
INSERT INTO platform.grootteklassen (geldig_vanaf, grootteklasse, baten_vanaf_cents)
VALUES ($1::integer, $2, $3::bigint)
ON CONFLICT (geldig_vanaf, grootteklasse) DO UPDATE SET baten_vanaf_cents = EXCLUDED.baten_vanaf_cents
RETURNING geldig_vanaf, grootteklasse, baten_vanaf_cents

-- name: list_grootteklassen  params: 0
SELECT geldig_vanaf, grootteklasse, baten_vanaf_cents FROM platform.grootteklassen
ORDER BY geldig_vanaf, baten_vanaf_cents

-- fragment: signaleringswaarde
kengetal, geldig_vanaf, grootteklasse, coalesce(ondergrens::text, '') AS ondergrens,
	coalesce(bovengrens::text, '') AS bovengrens, coalesce(minimum_cents, 0) AS minimum_cents

-- name: set_signaleringswaarde  params: 6
-- A kengetal without a definition refuses the call (_invalid).
-- $1 kengetal
-- $2 geldig_vanaf
-- $3 grootteklasse  '' = alle
-- $4 ondergrens  '' = none
-- $5 bovengrens  '' = none
-- $6 minimum_cents  0 = none
WITH chk AS (
	SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM platform.kengetal_definities d WHERE d.kengetal = $1)
	            THEN format('kengetal %L has no definition (ListKengetalDefinities)', $1) END AS _invalid
), ins AS (
	INSERT INTO platform.signaleringswaarden (kengetal, geldig_vanaf, grootteklasse, ondergrens, bovengrens,
	                                          minimum_cents)
	SELECT $1, $2::integer, coalesce(NULLIF($3, ''), 'alle'), NULLIF($4, '')::numeric, NULLIF($5, '')::numeric,
	       NULLIF($6::bigint, 0)
	FROM chk WHERE chk._invalid IS NULL
	ON CONFLICT (kengetal, geldig_vanaf, grootteklasse) DO UPDATE SET ondergrens = EXCLUDED.ondergrens,
		bovengrens = EXCLUDED.bovengrens, minimum_cents = EXCLUDED.minimum_cents
	RETURNING {{signaleringswaarde}}
)
SELECT ins.*, chk._invalid FROM chk LEFT JOIN ins ON true

-- name: list_signaleringswaarden  params: 0
SELECT {{signaleringswaarde}} FROM platform.signaleringswaarden
ORDER BY kengetal, geldig_vanaf, grootteklasse
