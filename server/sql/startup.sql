-- startup: what `passendd serve` checks over a blocking connection before it
-- serves (server/main.c), as its login role. Never prepared by a pool; rows
-- are read by column name.

-- name: login_role  params: 0
-- The login role must not be able to act past row level security: no
-- superuser and no BYPASSRLS (nor any role it can SET ROLE to), NOINHERIT
-- (no group role's privileges until a transaction sets one), and owning
-- nothing (an owner can change or drop its objects and their policies).
-- owned counts its objects in every database (pg_shdepend) and names a few
-- of this database's.
SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls, r.rolinherit AS inherit,
       (SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_roles g
        WHERE g.oid <> r.oid AND pg_has_role(r.oid, g.oid, 'MEMBER') AND (g.rolsuper OR g.rolbypassrls))
           AS privileged_groups,
       (SELECT count(*) FROM pg_shdepend d
        WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid AND d.deptype = 'o') AS owned,
       (SELECT string_agg(x.o, ', ') FROM (
            SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS o FROM pg_shdepend d
            WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid AND d.deptype = 'o'
              AND d.dbid IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
            ORDER BY 1 LIMIT 3) x) AS owned_examples
FROM pg_roles r WHERE r.rolname = current_user
