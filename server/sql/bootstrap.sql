-- bootstrap: the statement of `passendd admin bootstrap` (server/main.c),
-- sent once over a blocking connection as the database owner, never
-- prepared by a pool.

-- name: admin_token  params: 3
-- The first admin token: its id and the hash of its secret (server/token.c
-- makes both); the secret itself is printed once and not stored.
-- $1 id
-- $2 secret_hash  SHA-256 of the secret, hex
-- $3 description
INSERT INTO platform.tokens (id, role, secret_hash, description) VALUES ($1::uuid, 'admin', decode($2, 'hex'), $3)
