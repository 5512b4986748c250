-- ledger: the request ledger's statements (server/svc/ledger.c,
-- docs/decisions.md D49). A mutating call with a request_id claims its
-- (token, request_id) as the first statement of its held transaction and
-- stores its serialized answer as the last one before COMMIT; a repeat's
-- claim fails on request_ledger_pkey (after the first commits) and the
-- repeat reads the stored answer. Row level security keeps each token to
-- its own rows.

-- name: claim  params: 3
-- $1 request_id
-- $2 method
-- $3 hash  hex SHA-256 of the method and the request
INSERT INTO platform.request_ledger (token_id, request_id, swv_id, method, request_hash)
VALUES (platform.current_token(), $1, platform.current_swv(), $2, decode($3, 'hex'))

-- name: store  params: 2
-- $1 request_id
-- $2 response  hex of the serialized answer
UPDATE platform.request_ledger SET response = decode($2, 'hex')
WHERE token_id = platform.current_token() AND request_id = $1

-- name: lookup  params: 1
-- $1 request_id
SELECT method, encode(request_hash, 'hex') AS hash, encode(response, 'hex') AS response
FROM platform.request_ledger
WHERE token_id = platform.current_token() AND request_id = $1
