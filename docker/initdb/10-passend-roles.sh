#!/bin/bash
# docker/initdb/10-passend-roles.sh: run once by the postgres image on the
# primary's first start (docker-entrypoint-initdb.d), as the superuser. Makes
# the roles docker/compose.yml uses besides the superuser:
#   passend_owner   owns database passend, runs `passendd migrate` (CREATEROLE)
#   replicator      streaming replication for the replica (pg_basebackup)
#   pgbouncer_auth  PgBouncer's auth_user: may only call pgbouncer.user_secret()
# passend_app, the role passendd serves with, is made by migration 0002; the
# compose service app-password gives it its password after the migrations.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
	-v owner_pw="$PASSEND_OWNER_PASSWORD" -v repl_pw="$REPLICATION_PASSWORD" \
	-v auth_pw="$PGBOUNCER_AUTH_PASSWORD" <<'SQL'
CREATE ROLE passend_owner LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD :'owner_pw';
CREATE DATABASE passend OWNER passend_owner;
CREATE ROLE replicator LOGIN REPLICATION PASSWORD :'repl_pw';
CREATE ROLE pgbouncer_auth LOGIN PASSWORD :'auth_pw';
\connect passend
-- PgBouncer looks up the SCRAM secret of a connecting user through this
-- function (auth_query), so passwords live only in PostgreSQL.
CREATE SCHEMA pgbouncer AUTHORIZATION postgres;
CREATE FUNCTION pgbouncer.user_secret(p_user text, OUT usename text, OUT passwd text)
RETURNS record LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS
$$ SELECT rolname::text, rolpassword::text FROM pg_authid
   WHERE rolname = p_user AND rolcanlogin AND NOT rolsuper $$;
REVOKE ALL ON FUNCTION pgbouncer.user_secret(text) FROM PUBLIC;
GRANT USAGE ON SCHEMA pgbouncer TO pgbouncer_auth;
GRANT EXECUTE ON FUNCTION pgbouncer.user_secret(text) TO pgbouncer_auth;
SQL
# the replica connects from another container of the compose network
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
