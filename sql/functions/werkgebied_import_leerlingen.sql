-- werkgebied_import_leerlingen: the import kind leerlingen (pseudonymised
-- pupils, docs/import.md) and the pupil columns the werkgebied kinds share
-- (mdos, arrangementen): fields 1-6 are source_system, external_id, brin,
-- vestiging, geboortejaar, geslacht. A pupil not yet known is created at
-- the school of its first row (by line) that names one; a known pupil is
-- used as it is (the import does not move pupils: the leerlingen kind
-- refuses a row that would). D41.

-- Whether the pupil source_system p_source, external_id p_ext exists in the
-- current tenant, read as the owner: a consulent's import refuses a row of a
-- pupil outside her scope with its line instead of failing on the unique key
-- when it would create the pupil again. It tells her no more than that
-- refusal would.
CREATE OR REPLACE FUNCTION werkgebied.import_pupil_hidden(p_source text, p_ext text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
	SELECT EXISTS (SELECT 1 FROM werkgebied.leerlingen l WHERE l.swv_id = platform.current_swv()
	               AND l.source_system = p_source AND l.external_id = p_ext)
$$;

-- The errors of the pupil columns of batch b's staged rows: an unknown
-- school, a pupil that is not known and has no school in the file. Rows
-- without source_system name no pupil (the kind decides whether one is
-- needed).
CREATE OR REPLACE FUNCTION werkgebied.import_pupil_errors(b bestuur.import_batches) RETURNS void
LANGUAGE sql AS
$$
	SELECT bestuur.import_school_errors(b, 3, 'brin');
	INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
	SELECT b.swv_id, b.id, ir.line, 'external_id',
	       'the pupil is registered at a school outside your werkgebieden'
	FROM bestuur.import_rows ir
	WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND ir.fields[1] IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM werkgebied.leerlingen l WHERE l.swv_id = b.swv_id
	                  AND l.source_system = ir.fields[1] AND l.external_id = ir.fields[2])
	  AND werkgebied.import_pupil_hidden(ir.fields[1], ir.fields[2]);
	INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
	SELECT b.swv_id, b.id, d.line, 'brin', 'a pupil not yet known needs brin (the school it is registered at)'
	FROM (SELECT ir.line, ir.fields AS f,
	             bool_or(ir.fields[3] IS NOT NULL) OVER (PARTITION BY ir.fields[1], ir.fields[2]) AS has_school
	      FROM bestuur.import_rows ir WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id
	      AND ir.fields[1] IS NOT NULL) d
	WHERE NOT d.has_school
	  AND NOT EXISTS (SELECT 1 FROM werkgebied.leerlingen l WHERE l.swv_id = b.swv_id
	                  AND l.source_system = d.f[1] AND l.external_id = d.f[2])
	  AND NOT werkgebied.import_pupil_hidden(d.f[1], d.f[2]);
$$;

-- Creates the pupils of batch b's rows that do not exist yet, at the
-- school of the first row (by line) naming one, with that row's
-- geboortejaar and geslacht (0 = unknown). Returns the ids created.
CREATE OR REPLACE FUNCTION werkgebied.import_pupils_insert(b bestuur.import_batches) RETURNS uuid[]
LANGUAGE sql AS
$$
	WITH ins AS (
		INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id,
		                                   geboortejaar, geslacht)
		-- the school by one probe of its unique key per row (as bestuur.import_tlvs)
		SELECT DISTINCT ON (x.f[1], x.f[2]) b.swv_id, gen_random_uuid(), sc.id, sc.werkgebied_id,
		       x.f[1], x.f[2], coalesce(x.f[5]::smallint, 0), coalesce(x.f[6]::smallint, 0)
		FROM (SELECT ir.line, ir.fields AS f FROM bestuur.import_rows ir
		      WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND ir.fields[1] IS NOT NULL
		        AND ir.fields[3] IS NOT NULL
		        AND NOT EXISTS (SELECT 1 FROM werkgebied.leerlingen l WHERE l.swv_id = b.swv_id
		                        AND l.source_system = ir.fields[1] AND l.external_id = ir.fields[2])
		      OFFSET 0) x
		JOIN LATERAL (SELECT sc.id, sc.werkgebied_id FROM bestuur.scholen sc
		              WHERE sc.swv_id = b.swv_id AND sc.brin = x.f[3] AND sc.vestiging = x.f[4] LIMIT 1) sc ON true
		ORDER BY x.f[1], x.f[2], x.line
		RETURNING id)
	SELECT coalesce(array_agg(id), '{}') FROM ins
$$;

-- The consent of pupil p_leerling covering scope p_scope on p_on
-- (werkgebied.consent_for), else a new one recorded from the import row's
-- toestemming_datum p_datum and gezag p_gezag (NULL p_datum: none, NULL).
-- The kinds call it for their rows earliest toestemming_datum first, so
-- that a pupil's later rows find the consent an earlier one recorded.
CREATE OR REPLACE FUNCTION werkgebied.import_consent(p_leerling uuid, p_scope text, p_on date, p_datum date,
                                                     p_gezag text) RETURNS uuid
LANGUAGE plpgsql AS
$$
DECLARE
	found_id uuid := werkgebied.consent_for(p_leerling, p_scope, p_on);
BEGIN
	IF found_id IS NOT NULL OR p_datum IS NULL THEN
		RETURN found_id;
	END IF;
	INSERT INTO werkgebied.toestemmingen (swv_id, id, leerling_id, scopes, datum, gezag)
	VALUES (platform.current_swv(), gen_random_uuid(), p_leerling, ARRAY[p_scope], p_datum, p_gezag)
	RETURNING id INTO found_id;
	RETURN found_id;
END
$$;

-- The consent rule of a kind whose rows need a parent's consent for p_scope
-- on the date in field p_on (mdos, arrangementen; the pupil in fields 1-2):
-- a row with a pupil, not recorded yet (p_recorded: the lines whose record
-- is stored already), whose pupil is unknown or has no consent on that
-- date, is refused unless toestemming_datum (field p_datum) records one,
-- on the row or on a row of the same pupil dated no later.
CREATE OR REPLACE FUNCTION werkgebied.import_consent_errors(b bestuur.import_batches, p_scope text, p_on integer,
                                                            p_datum integer, p_recorded integer[]) RETURNS void
LANGUAGE plpgsql AS
$$
BEGIN
	INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
	SELECT b.swv_id, b.id, ir.line, 'toestemming_datum',
	       format('no parental consent for %s for the pupil on %s: give toestemming_datum', p_scope, ir.fields[p_on])
	FROM bestuur.import_rows ir
	LEFT JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1]
	     AND l.external_id = ir.fields[2]
	WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND ir.fields[1] IS NOT NULL AND ir.fields[p_datum] IS NULL
	  AND NOT EXISTS (SELECT 1 FROM unnest(p_recorded) r (line) WHERE r.line = ir.line)
	  AND (l.id IS NULL OR werkgebied.consent_for(l.id, p_scope, ir.fields[p_on]::date) IS NULL)
	  AND NOT EXISTS (SELECT 1 FROM bestuur.import_rows o WHERE o.swv_id = b.swv_id AND o.import_id = b.id
	                  AND o.fields[1] = ir.fields[1] AND o.fields[2] = ir.fields[2]
	                  AND o.fields[p_datum]::date <= ir.fields[p_on]::date);
END
$$;

-- The consents the file records for p_scope (toestemming_datum, field
-- p_datum, and gezag, field p_gezag, of a row not recorded yet: p_recorded
-- as import_consent_errors), earliest first, so that one consent covers the
-- pupil's later rows too. After werkgebied.import_pupils_insert.
CREATE OR REPLACE FUNCTION werkgebied.import_consents_record(b bestuur.import_batches, p_scope text, p_on integer,
                                                             p_datum integer, p_gezag integer, p_recorded integer[])
RETURNS void
LANGUAGE plpgsql AS
$$
BEGIN
	PERFORM werkgebied.import_consent(l.id, p_scope, ir.fields[p_on]::date, ir.fields[p_datum]::date,
	                                  ir.fields[p_gezag])
	FROM bestuur.import_rows ir
	JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1] AND l.external_id = ir.fields[2]
	WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND ir.fields[p_datum] IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM unnest(p_recorded) r (line) WHERE r.line = ir.line)
	ORDER BY ir.fields[p_datum]::date, ir.line;
END
$$;

-- The import kind leerlingen: natural key source_system + external_id.
CREATE OR REPLACE FUNCTION werkgebied.import_leerlingen(b bestuur.import_batches, p_write boolean,
                                                        OUT n_inserted bigint, OUT n_updated bigint)
LANGUAGE plpgsql AS
$$
DECLARE
	ids uuid[];
BEGIN
	IF NOT p_write THEN
		PERFORM bestuur.import_repeat_errors(b, ARRAY[1, 2], 'external_id', '%s %s');
		PERFORM werkgebied.import_pupil_errors(b);
		-- a known pupil stays as it is: a row must agree with it
		INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
		SELECT b.swv_id, b.id, ir.line, x.col, x.msg
		FROM bestuur.import_rows ir
		JOIN werkgebied.leerlingen l ON l.swv_id = b.swv_id AND l.source_system = ir.fields[1]
		     AND l.external_id = ir.fields[2]
		JOIN bestuur.scholen s ON s.swv_id = l.swv_id AND s.id = l.school_id
		CROSS JOIN LATERAL (VALUES
			('brin', CASE WHEN (s.brin, s.vestiging) IS DISTINCT FROM (ir.fields[3], ir.fields[4])
			         THEN format('the pupil is registered at %s vestiging %s (the import does not move pupils)',
			                     s.brin, s.vestiging) END),
			('geboortejaar', CASE WHEN ir.fields[5] IS NOT NULL AND l.geboortejaar <> ir.fields[5]::smallint
			                 THEN format('the pupil has geboortejaar %s', l.geboortejaar) END),
			('geslacht', CASE WHEN ir.fields[6] IS NOT NULL AND l.geslacht <> ir.fields[6]::smallint
			             THEN 'the pupil has another geslacht' END)) x (col, msg)
		WHERE ir.swv_id = b.swv_id AND ir.import_id = b.id AND x.msg IS NOT NULL;
		RETURN;
	END IF;
	ids := werkgebied.import_pupils_insert(b);
	n_inserted := cardinality(ids);
	n_updated := 0;
	PERFORM bestuur.import_audit(b, ids::text[]);
END
$$;
REVOKE ALL ON FUNCTION werkgebied.import_pupil_errors(bestuur.import_batches),
	werkgebied.import_pupil_hidden(text, text), werkgebied.import_pupils_insert(bestuur.import_batches),
	werkgebied.import_consent(uuid, text, date, date, text),
	werkgebied.import_consent_errors(bestuur.import_batches, text, integer, integer, integer[]),
	werkgebied.import_consents_record(bestuur.import_batches, text, integer, integer, integer, integer[]),
	werkgebied.import_leerlingen(bestuur.import_batches, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION werkgebied.import_leerlingen(bestuur.import_batches, boolean) TO passend_bestuur;
-- the helpers of the kinds a consulent may import too (mdos, arrangementen)
GRANT EXECUTE ON FUNCTION werkgebied.import_pupil_errors(bestuur.import_batches),
	werkgebied.import_pupil_hidden(text, text), werkgebied.import_pupils_insert(bestuur.import_batches),
	werkgebied.import_consent(uuid, text, date, date, text),
	werkgebied.import_consent_errors(bestuur.import_batches, text, integer, integer, integer[]),
	werkgebied.import_consents_record(bestuur.import_batches, text, integer, integer, integer, integer[])
	TO passend_bestuur, passend_werkgebied;
