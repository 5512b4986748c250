-- landelijk_percentage: the statements of passend.v1.Rapportage's landelijke
-- percentages (svc/landelijk_percentage.c): the national deelname
-- percentages per teldatum, platform reference data that the admin writes
-- and every role reads. Rows are LandelijkPercentage messages by column
-- name; a percentage is its numeric text ("2.48"), "" when not known.

-- fragment: columns
teldatum, sbo, so, so_categorie_1, so_categorie_2, so_categorie_3

-- name: set  params: 6
-- One row per teldatum: a repeat replaces it.
-- $1 teldatum
-- $2 sbo
-- $3 so
-- $4 so_categorie_1
-- $5 so_categorie_2
-- $6 so_categorie_3
INSERT INTO platform.landelijke_percentages (teldatum, sbo, so, so_categorie_1, so_categorie_2, so_categorie_3)
VALUES ($1::date, NULLIF($2, '')::numeric, NULLIF($3, '')::numeric, NULLIF($4, '')::numeric,
        NULLIF($5, '')::numeric, NULLIF($6, '')::numeric)
ON CONFLICT (teldatum) DO UPDATE SET sbo = EXCLUDED.sbo, so = EXCLUDED.so,
	so_categorie_1 = EXCLUDED.so_categorie_1, so_categorie_2 = EXCLUDED.so_categorie_2,
	so_categorie_3 = EXCLUDED.so_categorie_3
RETURNING {{columns}}

-- name: list  params: 0
SELECT {{columns}} FROM platform.landelijke_percentages ORDER BY teldatum
