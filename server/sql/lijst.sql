-- lijst: the statements of passend.v1.Werkgebied's tenant-configurable lists
-- (svc/lijst.c): werkgebied.effective_lijst (the platform's defaults
-- overlaid by the tenant's rows) read, and the tenant's rows written. Rows
-- are LijstWaarde messages by column name; the list kind travels as the
-- LijstSoort number and is the database's kind text by position in {{kinds}}.

-- fragment: kinds
(ARRAY['ondersteuningscategorie', 'arrangement_type', 'mdo_niveau', 'thuiszitter_categorie', 'thuiszitter_scenario'])

-- name: list  params: 1
-- Every list (soort 0) or one, in list, order and code order.
-- $1 soort
SELECT 'lijst_' || e.kind AS soort, e.code, e.label, e.rubriek, e.sort_order, e.active, e.platform_default
FROM werkgebied.effective_lijst({{kinds}}[NULLIF($1::int, 0)]) e
ORDER BY array_position({{kinds}}, e.kind), e.sort_order, e.code

-- name: upsert  params: 5
-- The tenant's row for (soort, code): a new value, or an override of a
-- default or of its own; always active (DeactivateLijstWaarde
-- deactivates). An empty rubriek takes the default's; the rubriek rules per
-- list refuse the call (_invalid) and nothing is written.
-- $1 soort
-- $2 code
-- $3 label
-- $4 rubriek
-- $5 sort_order
WITH k AS (
	SELECT {{kinds}}[$1::int] AS kind
), d AS (
	SELECT d.rubriek FROM platform.lijst_defaults d, k WHERE d.kind = k.kind AND d.code = $2
), v AS (
	SELECT k.kind, coalesce(NULLIF($4, ''), (SELECT d.rubriek FROM d), '') AS rubriek,
	       EXISTS (SELECT 1 FROM d) AS platform_default
	FROM k
), chk AS (
	SELECT v.*, CASE WHEN NOT platform.lijst_rubriek_ok(v.kind, v.rubriek) THEN CASE v.kind
		WHEN 'arrangement_type' THEN 'rubriek must be individueel, groep or innovatie for an arrangement type'
		WHEN 'thuiszitter_categorie'
			THEN 'rubriek must be the inspectie''s category for a thuiszitter categorie: relatief_verzuim, '
			     'langdurig_relatief_verzuim, absoluut_verzuim, vrijstelling_5a, vrijstelling_5b, vrijstelling_5c '
			     'or gestart_screening_5a'
		ELSE 'rubriek is only for arrangement types and thuiszitter categories' END END AS _invalid
	FROM v
), r AS (
	INSERT INTO werkgebied.lijst_waarden (swv_id, kind, code, label, rubriek, sort_order, active)
	SELECT platform.current_swv(), chk.kind, $2, $3, chk.rubriek, $5::int, true FROM chk WHERE chk._invalid IS NULL
	ON CONFLICT (swv_id, kind, code) DO UPDATE SET label = EXCLUDED.label, rubriek = EXCLUDED.rubriek,
		sort_order = EXCLUDED.sort_order, active = true, updated_at = now()
	RETURNING kind, code, label, rubriek, sort_order, active
)
SELECT 'lijst_' || r.kind AS soort, r.code, r.label, r.rubriek, r.sort_order, r.active,
       chk.platform_default, chk._invalid
FROM chk LEFT JOIN r ON true

-- name: deactivate  params: 2
-- Sets active = false on the tenant's row for (soort, code), first copying
-- a default the tenant had not overridden. The value stays in the list and
-- in everything that used it. No row: no such value.
-- $1 soort
-- $2 code
WITH e AS (
	SELECT * FROM werkgebied.effective_lijst({{kinds}}[$1::int]) x WHERE x.code = $2
), r AS (
	INSERT INTO werkgebied.lijst_waarden (swv_id, kind, code, label, rubriek, sort_order, active)
	SELECT platform.current_swv(), e.kind, e.code, e.label, e.rubriek, e.sort_order, false FROM e
	ON CONFLICT (swv_id, kind, code) DO UPDATE SET active = false, updated_at = now()
	RETURNING kind, code, label, rubriek, sort_order, active
)
SELECT 'lijst_' || r.kind AS soort, r.code, r.label, r.rubriek, r.sort_order, r.active, e.platform_default
FROM r, e
