-- 0017_retention_werkgebied_basis: the pupil-level tables of
-- 0014_werkgebied_basis join retention (docs/decisions.md D36,
-- platform.retention_tables of 0013_db_trust.sql), the way every new
-- pupil-level table does in its own migration: the owner's policies for its
-- tenant, how its rows say when support ended (a view, or none), a purge
-- function, and a row in platform.retention_tables.
-- * ondersteuningsvragen: a support request is support that ended the day it
--   was made (what follows it, an MDO or an arrangement, is support of its
--   own); purged with its pupil (no report counts requests yet: when one
--   does, its purge must keep what it counts, as TLVs do).
-- * toestemmingen: consent is no support; purged with its pupil (the consent
--   was for steps of a pupil that is no longer kept).

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['toestemmingen', 'ondersteuningsvragen'] LOOP
		EXECUTE format('CREATE POLICY %I ON werkgebied.%I TO %I '
		               'USING (swv_id = platform.current_swv()) WITH CHECK (swv_id = platform.current_swv())',
		               t || '_owner_retention', t, current_user);
	END LOOP;
END
$$;

CREATE VIEW werkgebied.ondersteuningsvraag_support AS
	SELECT v.swv_id, v.leerling_id, false AS open, v.ingediend_op AS ended
	FROM werkgebied.ondersteuningsvragen v;
COMMENT ON VIEW werkgebied.ondersteuningsvraag_support IS
	'retention: a pupil''s support requests as support records (platform.retention_tables)';
REVOKE ALL ON werkgebied.ondersteuningsvraag_support FROM PUBLIC;

CREATE FUNCTION werkgebied.ondersteuningsvragen_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH d AS (DELETE FROM werkgebied.ondersteuningsvragen v
	           WHERE v.swv_id = p_swv AND v.leerling_id = ANY (p_leerlingen) RETURNING v.id)
	SELECT coalesce(array_agg(d.id ORDER BY d.id), '{}') FROM d
$$;
CREATE FUNCTION werkgebied.toestemmingen_purge(p_swv uuid, p_leerlingen uuid[]) RETURNS uuid[]
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS
$$
	WITH d AS (DELETE FROM werkgebied.toestemmingen c
	           WHERE c.swv_id = p_swv AND c.leerling_id = ANY (p_leerlingen) RETURNING c.id)
	SELECT coalesce(array_agg(d.id ORDER BY d.id), '{}') FROM d
$$;
REVOKE ALL ON FUNCTION werkgebied.ondersteuningsvragen_purge(uuid, uuid[]),
	werkgebied.toestemmingen_purge(uuid, uuid[]) FROM PUBLIC;

INSERT INTO platform.retention_tables (relation, support_view, purge_function, purge_order, kept) VALUES
	('werkgebied.ondersteuningsvragen', 'werkgebied.ondersteuningsvraag_support',
	 'werkgebied.ondersteuningsvragen_purge', 300, 'nothing: the requests are deleted'),
	('werkgebied.toestemmingen', NULL, 'werkgebied.toestemmingen_purge', 400,
	 'nothing: the consents are deleted');
