#!/bin/sh
# docker/pgbouncer/entrypoint.sh: writes the one line of userlist.txt PgBouncer
# needs (its auth_user's password, from PGBOUNCER_AUTH_PASSWORD), then runs it
# in the foreground. Every other user is looked up with auth_query.
set -eu
: "${PGBOUNCER_AUTH_PASSWORD:?set PGBOUNCER_AUTH_PASSWORD}"
umask 077
printf '"pgbouncer_auth" "%s"\n' "$PGBOUNCER_AUTH_PASSWORD" >/etc/pgbouncer/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
