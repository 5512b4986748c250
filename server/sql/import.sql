-- import: the statements of passend.v1.Bestuur's CSV import (svc/import.c,
-- docs/import.md): a batch per import, its rows and format errors per
-- chunk, and bestuur.import_finish (sql/functions/bestuur_import_finish.sql)
-- for the set-based checks and the upsert, which it leaves to the kind's
-- finish function (D41). Rows become ImportStatus and
-- ImportError messages by column name (kind as the ImportKind value name,
-- e.g. import_scholen); columns starting with _ are read by the handlers.
-- Parameters are request fields, or values the handler gives by name
-- (kind_name, header_columns, finish_function, chunk, chunk_rows).

-- fragment: status
id AS import_id, 'import_' || kind AS kind, rows_received

-- name: start  params: 4
-- A new open batch of an import started by this token.
-- $1 kind_name  the kind's name (besturen, scholen, ...)
-- $2 file_name
-- $3 header_columns  the header's canonical column names, a JSON array
-- $4 finish_function  the kind's SQL finish function (import_kind.finish)
INSERT INTO bestuur.import_batches (id, kind, file_name, header, finish)
VALUES (gen_random_uuid(), $1, $2,
        ARRAY(SELECT e FROM jsonb_array_elements_text($3::jsonb) WITH ORDINALITY x (e, i) ORDER BY i), $4)
RETURNING {{status}}

-- name: batch  params: 1
-- The batch of an import started by this token (row level security); no
-- row: none.
-- $1 import_id
SELECT {{status}}, kind AS _kind, header AS _header, state AS _state
FROM bestuur.import_batches WHERE swv_id = platform.current_swv() AND id = $1::uuid

-- name: chunk  params: 3
-- Stores a chunk's checked rows (in canonical column order) and its format
-- errors, and counts its rows; _stored and _rejected (rows with an error)
-- for the metrics. No row: the batch is not open any more.
-- $1 import_id
-- $2 chunk  {"rows": [[line, [fields]], ...], "errors": [[line, col, message], ...]}
-- $3 chunk_rows  the chunk's row count
WITH j AS (SELECT $2::jsonb AS d), r AS (
	INSERT INTO bestuur.import_rows (swv_id, import_id, line, fields)
	SELECT platform.current_swv(), $1::uuid, (e ->> 0)::bigint,
	       ARRAY(SELECT f FROM jsonb_array_elements_text(e -> 1) WITH ORDINALITY x (f, i) ORDER BY i)
	FROM j, jsonb_array_elements(j.d -> 'rows') e
	RETURNING 1
), er AS (
	INSERT INTO bestuur.import_errors (swv_id, import_id, line, col, message)
	SELECT platform.current_swv(), $1::uuid, (e ->> 0)::bigint, e ->> 1, e ->> 2
	FROM j, jsonb_array_elements(j.d -> 'errors') e
)
UPDATE bestuur.import_batches SET rows_received = rows_received + $3::bigint
WHERE swv_id = platform.current_swv() AND id = $1::uuid AND state = 'open'
RETURNING {{status}}, kind AS _kind, (SELECT count(*) FROM r) AS _stored,
	greatest($3::bigint - (SELECT count(*) FROM r), 0) AS _rejected

-- name: finish  params: 2
-- Validates the whole import and, unless dry_run, writes it: one row per
-- error (ImportError), or one row of counts without a line.
-- $1 import_id
-- $2 dry_run
SELECT line, col AS "column", message, n_inserted AS _inserted, n_updated AS _updated,
       n_unchanged AS _unchanged
FROM bestuur.import_finish($1::uuid, $2::boolean)
