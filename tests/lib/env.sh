# shellcheck shell=bash
# shellcheck disable=SC2034,SC2120  # OUT/ERR/RC are read by the sourcing test; optional args
# tests/lib/env.sh: the shared harness of the integration and interop tests.
# A test script sources it, brings up a private PostgreSQL + passendd on free
# ports, checks things, and calls `finish`. Everything it started is stopped
# and its temp dir removed when the script exits, also on failure or Ctrl-C.
#
#   . "$(dirname "$0")/../lib/env.sh"
#   env_ready
#   expect_exit "health" 0 "$B/passend" health
#   expect_match "health says SERVING" '^SERVING' "$OUT"
#   finish
#
# Variables
#   B   build dir: $PASSEND_BUILD_DIR, else <source>/build-test (absolute)
#   S   source dir: $PASSEND_SOURCE_DIR, else the repo this file is in
#   T   a fresh temp dir for this script (removed on exit)
#   After the functions below: PG_PORT PG_DATA PASSEND_DB PASSEND_DB_OWNER
#   PASSEND_DB_SUPER (pg_start), PASSEND_ADMIN_TOKEN (passendd_bootstrap),
#   PASSEND_CA (certs_make), PASSEND_PORT PASSEND_SERVER PASSENDD_PID
#   PASSENDD_LOG (passendd_start), PASSENDD_EXIT (passendd_stop);
#   OUT ERR RC (expect_exit: stdout, stderr and exit code of the command).
#   Tunables: PASSENDD_WORKERS (default 2), PASSENDD_START_TIMEOUT (s, 60),
#   PASSENDD_BIN (the passendd passendd_start runs; default $B/passendd),
#   PASSEND_PG_USER (unprivileged user for PostgreSQL when root; postgres),
#   PASSEND_PGBOUNCER (1: env_up puts PgBouncer between passendd and PostgreSQL).
#   The caller's PASSEND_* / PG* variables are cleared on load (a sourced
#   .passend/env must not leak into tests) and HOME/XDG_CONFIG_HOME point
#   into $T, so no user config file is read.
#
# Functions (each returns 0 on success, non-zero with a message on stderr)
#   free_port              print a free TCP port (never the same twice per script)
#   pg_start               initdb once into $T/pg (as PASSEND_PG_USER when root),
#                          fsync=off, socket dir in $T, listen 127.0.0.1 on a free
#                          port (kept across restarts); creates the role
#                          passend_owner (LOGIN CREATEROLE, no superuser) and
#                          database passend owned by it; exports PG_PORT PG_DATA,
#                          PASSEND_DB (user=passend_app: what passendd serves with;
#                          the role exists once migration 0002 ran),
#                          PASSEND_DB_OWNER (user=passend_owner: migrations,
#                          bootstrap, checks "as owner") and PASSEND_DB_SUPER
#                          (user=postgres, for test set-up only)
#   pg_stop [MODE]         pg_ctl stop (MODE smart|fast|immediate, default fast)
#   pg_restart_same_port   pg_stop, then pg_start on the same PG_PORT
#   pg_kill                SIGKILL the postmaster and all its children at once (a
#                          crash: nothing is flushed or shut down), wait until they
#                          are gone; pg_start brings it back (crash recovery)
#   pg_ready_ms            when PostgreSQL last said it accepts connections (ms since
#                          the epoch, from its log; needs log_line_prefix '%n …',
#                          which pg_start sets)
#   certs_make             certs/gen-dev-certs.sh into $T/certs; exports PASSEND_CA
#                          (also PASSEND_CLIENT_CERT / PASSEND_CLIENT_KEY paths)
#   passendd_migrate [FLAGS...]   `passendd migrate` as the owner (PASSEND_DB_OWNER)
#   passendd_bootstrap [FLAGS...] `passendd admin bootstrap` as the owner; exports
#                          PASSEND_ADMIN_TOKEN (the first admin token)
#   passendd_start [FLAGS...]     start passendd on a free port with TLS from
#                          $T/certs, PASSENDD_WORKERS workers, log to
#                          $T/passendd.log; waits until the port accepts TLS
#                          (plain TCP if --h2c is among FLAGS)
#   passendd_stop [SIGNAL] send SIGNAL (default TERM; 0 = send nothing, just wait
#                          for an exit already under way), wait for the exit (up to
#                          30 s, then KILL); returns and sets PASSENDD_EXIT = its
#                          exit code
#   passendd_restart [FLAGS...]   passendd_stop TERM (drain; PASSENDD_EXIT is its exit
#                          code), then passendd_start FLAGS on the same port (clients
#                          reconnect where they were); returns passendd_start's status
#   pg_replica_start       a streaming replica of pg_start's cluster (pg_basebackup -R,
#                          hot standby) in $T/pg-replica on its own free port (kept
#                          across restarts); waits until it accepts reads; exports
#                          PG_REPLICA_PORT, PASSEND_DB_REPLICA (passend_app) and
#                          PASSEND_DB_REPLICA_SUPER (postgres)
#   pg_replica_stop [MODE] pg_ctl stop of the replica (default fast)
#   pgbouncer_start        PgBouncer (transaction pooling, 2 server connections per
#                          user/database) on a free port in front of pg_start's
#                          cluster; clients authenticate with SCRAM, checked through
#                          auth_query against the cluster (passend_app gets a random
#                          password); exports PGBOUNCER_PORT and PASSEND_DB_POOLED
#                          (passend_app through PgBouncer). From then on
#                          passendd_start serves through it with db_statements=unnamed.
#                          Runs as PASSEND_PG_USER when root (PgBouncer refuses root).
#   pgbouncer_stop         stop it (SIGINT: after the current transactions)
#   env_up [FLAGS...]      pg_start + certs_make + passendd_migrate +
#                          passendd_bootstrap (if passendd has it) + pgbouncer_start
#                          (if PASSEND_PGBOUNCER=1) + passendd_start FLAGS
#   env_ready [FLAGS...]   env_up FLAGS with an admin token, or one failure and finish
#   psql_owner / psql_app / psql_super ARGS...   psql -X -q -v ON_ERROR_STOP=1 as
#                          passend_owner / passend_app / postgres
#   psql_app_tx            the SQL on stdin in one transaction as passend_app (psql -At),
#                          a test's own principal lines (SET LOCAL ...) first; sets SQ_OUT
#                          (stdout), SQ_ERR and SQ_RC instead of failing (so call it in the
#                          test's shell: psql_app_tx < <(...), not at the end of a pipe)
#   wait_for SECONDS CMD...   retry CMD every 0.2 s until it succeeds or time is up
# Assertions (print one line each; counted for finish)
#   ok NAME | fail NAME MSG | expect_eq NAME GOT WANT
#   expect_exit NAME CODE CMD...   runs CMD (stdin /dev/null), sets OUT ERR RC
#   expect_match NAME REGEX TEXT   bash ERE match ([[ =~ ]])
#   py_checks SCRIPT ARGS...  run SCRIPT with /usr/bin/python3; each printed
#                          "ok - X" / "FAIL - X: why" line becomes one assertion,
#                          other lines are echoed; a script that exits non-zero
#                          without a FAIL line is a failure
#   checks_of NAME CMD...  the same for any program (NAME in the failure when it
#                          exits non-zero without a FAIL line)
#   py_require MODULE...   unless /usr/bin/python3 imports every MODULE: one failure
#                          naming them, then finish (no PostgreSQL is started)
#   finish                 stops passendd (SIGTERM) and fails if its log has an
#                          ASan/LSan/UBSan report; prints "N passed, N failed";
#                          exits 1 if any failed (or nothing was checked), else 0
# On a failing script the tails of passendd's and PostgreSQL's logs are printed.
# If the script itself is killed (e.g. SIGKILL by a ctest timeout), a watchdog
# in its own session stops passendd, PostgreSQL and every process that
# inherited this T, and removes $T.

# ---- locations -------------------------------------------------------------
S=${PASSEND_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
S=$(cd "$S" && pwd)
B=${PASSEND_BUILD_DIR:-$S/build-test}
case "$B" in /*) ;; *) B=$S/$B ;; esac
export B S

# A sourced .passend/env or a developer's libpq settings must not steer tests.
for _v in $(compgen -e); do
	case "$_v" in
	PASSEND_BUILD_DIR | PASSEND_SOURCE_DIR | PASSEND_PG_USER | PASSEND_PGBOUNCER) ;;
	PASSEND_* | PG*) unset "$_v" ;;
	esac
done
unset _v

T=$(mktemp -d "${TMPDIR:-/tmp}/passend-test.XXXXXX") || { echo "env.sh: mktemp failed" >&2; exit 1; }
chmod 755 "$T" # the PostgreSQL user must be able to reach $T/pg
export T
mkdir -p "$T/home/.config"
export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config"
: >"$T/.ports"

PGBIN=$(pg_config --bindir 2>/dev/null || true)
[ -x "$PGBIN/initdb" ] || PGBIN=/usr/lib/postgresql/15/bin
# PostgreSQL refuses to run as root: then it runs as this unprivileged user
_PG_USER=""
if [ "$(id -u)" = 0 ]; then
	_PG_USER=${PASSEND_PG_USER:-postgres}
	id -u "$_PG_USER" >/dev/null 2>&1 || _PG_USER=nobody
fi
PASSENDD_WORKERS=${PASSENDD_WORKERS:-2}
PASSENDD_START_TIMEOUT=${PASSENDD_START_TIMEOUT:-60}
PASSENDD_LOG="$T/passendd.log"
export PASSENDD_LOG

_PASSED=0
_FAILED=0
_PASSENDD_PIDS=""
_PG_STARTED=0
_PG_REPLICA_STARTED=0
_PGBOUNCER_PID=""
PASSEND_DB_POOLED=
OUT=""
ERR=""
RC=0

_say() { printf '%s\n' "$*" >&2; }

# ---- cleanup ----------------------------------------------------------------
_is_running() { # pid: alive and not a zombie
	local st
	[ -r "/proc/$1/stat" ] || return 1
	st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

_dump_tail() { # LINES FILE TITLE: the last LINES of FILE on stderr, if it has any
	[ -s "$2" ] || return 0
	_say "---- last $1 lines of $3 ----"
	tail -n "$1" "$2" >&2
}

_dump_logs() {
	_dump_tail 60 "$PASSENDD_LOG" "$PASSENDD_LOG"
	_dump_tail 20 "$T/pg.log" "PostgreSQL log"
	_dump_tail 20 "$T/pg-replica.log" "the replica's PostgreSQL log"
	_dump_tail 20 "$T/pgbouncer/pgbouncer.log" "PgBouncer log"
}

_env_cleanup() {
	local rc=$? p i
	set +e
	trap - EXIT INT TERM HUP
	if [ "$rc" != 0 ] || [ "$_FAILED" -gt 0 ]; then _dump_logs; fi
	# background jobs the test started (CLI calls etc.), then every passendd
	for p in $(jobs -p) $_PASSENDD_PIDS; do kill -TERM "$p" 2>/dev/null; done
	for i in $(seq 1 50); do
		local alive=0
		for p in $(jobs -p) $_PASSENDD_PIDS; do _is_running "$p" && alive=1; done
		[ "$alive" = 0 ] && break
		sleep 0.1
	done
	for p in $(jobs -p) $_PASSENDD_PIDS; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
	[ -n "$_PGBOUNCER_PID" ] && kill -KILL "$_PGBOUNCER_PID" 2>/dev/null
	if [ "$_PG_REPLICA_STARTED" = 1 ] && [ -f "$T/pg-replica/postmaster.pid" ]; then
		_as_pg "$PGBIN/pg_ctl" -D "$T/pg-replica" -m immediate -w -t 30 stop >/dev/null 2>&1
	fi
	if [ "$_PG_STARTED" = 1 ] && [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
		_as_pg "$PGBIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1
	fi
	rm -rf "$T" # the watchdog sees $T gone and exits
	exit "$rc"
}
trap _env_cleanup EXIT

# The watchdog: started through a subshell that exits at once, so it is
# reparented away from this script (ctest kills a timed-out test's whole
# process tree), in its own session (a process-group kill does not reach it),
# with no open stdout/stderr (ctest waits for those to close). When this shell
# is gone without having cleaned up, it kills what is listed in $T/.pids,
# stops PostgreSQL and removes $T.
: >"$T/.pids"
(setsid env -u T bash -c '
	parent=$1 T=$2 pgctl=$3 pguser=$4
	while kill -0 "$parent" 2>/dev/null; do sleep 1; done
	[ -d "$T" ] || exit 0
	for p in $(cat "$T/.pids" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
	for d in "$T/pg-replica" "$T/pg"; do
		[ -f "$d/postmaster.pid" ] || continue
		if [ -n "$pguser" ]; then (cd "$T" && runuser -u "$pguser" -- "$pgctl" -D "$d" -m immediate stop)
		else "$pgctl" -D "$d" -m immediate stop; fi
	done
	# everything else the script started inherited T=$T in its environment
	for e in /proc/[0-9]*/environ; do
		p=${e#/proc/}; p=${p%/environ}
		[ "$p" = "$$" ] && continue
		tr "\0" "\n" <"$e" 2>/dev/null | grep -qxF "T=$T" && kill -KILL "$p" 2>/dev/null
	done
	cd / && rm -rf "$T"
' passend-test-watchdog "$$" "$T" "$PGBIN/pg_ctl" "$_PG_USER" </dev/null >/dev/null 2>&1 &)
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- ports ------------------------------------------------------------------
_port_in_use() {
	if command -v ss >/dev/null 2>&1; then
		[ -n "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

free_port() {
	local p i
	for i in $(seq 1 500); do
		# below the Linux ephemeral range (32768+), so outgoing sockets don't take it
		p=$((15000 + (RANDOM * 32768 + RANDOM) % 17000))
		grep -qx "$p" "$T/.ports" && continue
		_port_in_use "$p" && continue
		echo "$p" >>"$T/.ports"
		echo "$p"
		return 0
	done
	_say "free_port: no free port found"
	return 1
}

# ---- PostgreSQL ---------------------------------------------------------------

# run a command as the PostgreSQL user (runuser when root); cwd $T so the
# unprivileged user can resolve its working directory
_as_pg() {
	if [ -n "$_PG_USER" ]; then
		(cd "$T" && runuser -u "$_PG_USER" -- "$@")
	else
		(cd "$T" && "$@")
	fi
}

# _pg_ctl_start WHO DATADIR LOGFILE PORTVAR FIRST: pg_ctl start on the port in
# the variable named PORTVAR (a free one when it is empty, stored there),
# retried when someone took the port between free_port and the start; on a
# first start (FIRST=1) then on another port. Returns 0, or 1 with the log's tail.
_pg_ctl_start() {
	local who=$1 dir=$2 log=$3 first=$5 tries
	local -n _port=$4
	for tries in 1 2 3 4 5; do
		[ -n "${_port:-}" ] || _port=$(free_port) || return 1
		_as_pg "$PGBIN/pg_ctl" -D "$dir" -l "$log" -o "-p $_port" -w -t 60 start >>"$T/pg_ctl.log" 2>&1 &&
			return 0
		if [ "$tries" = 5 ] || ! _port_in_use "$_port"; then
			_say "$who: PostgreSQL did not start on port $_port:"
			tail -n 20 "$log" >&2
			return 1
		fi
		[ "$first" = 1 ] && _port=""
		sleep 0.5
	done
}

pg_start() {
	PG_DATA="$T/pg"
	local sock="$T/pgsock" first=0
	export PG_DATA
	if [ ! -f "$PG_DATA/PG_VERSION" ]; then
		first=1
		mkdir -p "$PG_DATA" "$sock"
		: >"$T/pg.log"
		chmod 700 "$PG_DATA"
		if [ -n "$_PG_USER" ]; then chown "$_PG_USER" "$PG_DATA" "$sock" "$T/pg.log"; fi
		if ! _as_pg "$PGBIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-locale \
			--no-sync >"$T/initdb.log" 2>&1; then
			_say "pg_start: initdb failed:"
			cat "$T/initdb.log" >&2
			return 1
		fi
		cat >>"$PG_DATA/postgresql.conf" <<-EOF
			# passend test settings
			listen_addresses = '127.0.0.1'
			unix_socket_directories = '$sock'
			fsync = off
			synchronous_commit = off
			full_page_writes = off
			max_connections = 100
			shared_buffers = 32MB
			log_min_messages = warning
			log_line_prefix = '%n [%p] '
		EOF
	fi
	_pg_ctl_start pg_start "$PG_DATA" "$T/pg.log" PG_PORT "$first" || return 1
	_PG_STARTED=1
	export PG_PORT
	PASSEND_DB="host=127.0.0.1 port=$PG_PORT dbname=passend user=passend_app"
	PASSEND_DB_OWNER="host=127.0.0.1 port=$PG_PORT dbname=passend user=passend_owner"
	PASSEND_DB_SUPER="host=127.0.0.1 port=$PG_PORT dbname=passend user=postgres"
	export PASSEND_DB PASSEND_DB_OWNER PASSEND_DB_SUPER
	if [ "$first" = 1 ]; then
		# the owner runs migrations and bootstrap: CREATEROLE (migration 0002
		# creates the group roles and passend_app), never a superuser
		if ! "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres \
			-d postgres -c "CREATE ROLE passend_owner LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS" \
			-c "CREATE DATABASE passend OWNER passend_owner" >>"$T/pg_ctl.log" 2>&1; then
			_say "pg_start: creating role passend_owner and database passend failed"
			cat "$T/pg_ctl.log" >&2
			return 1
		fi
	fi
	return 0
}

pg_replica_start() {
	local dir="$T/pg-replica" first=0
	[ -n "${PG_PORT:-}" ] || { _say "pg_replica_start: call pg_start first"; return 1; }
	if [ ! -f "$dir/PG_VERSION" ]; then
		first=1
		# the copy and its standby.signal + primary_conninfo (-R), after an
		# immediate checkpoint (-c fast; a spread one takes minutes); initdb's
		# pg_hba.conf trusts replication connections from loopback
		mkdir -p "$dir"
		chmod 700 "$dir"
		: >"$T/pg-replica.log"
		[ -n "$_PG_USER" ] && chown "$_PG_USER" "$dir" "$T/pg-replica.log"
		if ! _as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$dir" -R -c fast \
			-X stream --no-sync >"$T/basebackup.log" 2>&1; then
			_say "pg_replica_start: pg_basebackup failed:"
			cat "$T/basebackup.log" >&2
			return 1
		fi
		echo "hot_standby = on" >>"$dir/postgresql.conf"
	fi
	_pg_ctl_start pg_replica_start "$dir" "$T/pg-replica.log" PG_REPLICA_PORT "$first" || return 1
	_PG_REPLICA_STARTED=1
	PASSEND_DB_REPLICA="host=127.0.0.1 port=$PG_REPLICA_PORT dbname=passend user=passend_app"
	PASSEND_DB_REPLICA_SUPER="host=127.0.0.1 port=$PG_REPLICA_PORT dbname=passend user=postgres"
	export PG_REPLICA_PORT PASSEND_DB_REPLICA PASSEND_DB_REPLICA_SUPER
	wait_for 30 _pg_replica_ready || {
		_say "pg_replica_start: the replica does not answer as a standby"
		tail -n 20 "$T/pg-replica.log" >&2
		return 1
	}
}

_pg_replica_ready() { # the replica answers reads and is a standby
	[ "$(_psql_as "$PASSEND_DB_REPLICA_SUPER" -Atc "SELECT pg_is_in_recovery()" 2>/dev/null)" = t ]
}

pg_replica_stop() {
	local mode=${1:-fast}
	[ -f "$T/pg-replica/postmaster.pid" ] || return 0
	_as_pg "$PGBIN/pg_ctl" -D "$T/pg-replica" -m "$mode" -w -t 60 stop >>"$T/pg_ctl.log" 2>&1 || {
		_say "pg_replica_stop: pg_ctl stop failed"
		return 1
	}
	_PG_REPLICA_STARTED=0
}

_psql_as() { # conninfo args...
	local ci=$1
	shift
	"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$ci" "$@"
}
psql_owner() { _psql_as "$PASSEND_DB_OWNER" "$@"; }
psql_app() { _psql_as "$PASSEND_DB" "$@"; }
psql_super() { _psql_as "$PASSEND_DB_SUPER" "$@"; }
psql_app_tx() {
	{
		echo "BEGIN;"
		cat
		echo "COMMIT;"
	} | psql_app -At >"$T/sq.out" 2>"$T/sq.err"
	SQ_RC=$?
	SQ_OUT=$(cat "$T/sq.out")
	SQ_ERR=$(cat "$T/sq.err")
}

pg_stop() {
	local mode=${1:-fast}
	[ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ] || return 0
	_as_pg "$PGBIN/pg_ctl" -D "$PG_DATA" -m "$mode" -w -t 60 stop >>"$T/pg_ctl.log" 2>&1 || {
		_say "pg_stop: pg_ctl stop failed"
		return 1
	}
	_PG_STARTED=0
}

pg_kill() {
	local pm pids p i alive
	[ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ] || return 0
	pm=$(head -1 "$PG_DATA/postmaster.pid")
	[ -n "$pm" ] || return 1
	# Every child of the postmaster is a session leader of its own (setsid), so
	# no group kill reaches them: stop the postmaster (it forks no more), then
	# kill it and each of its children at once.
	kill -STOP "$pm" 2>/dev/null || return 0
	pids="$pm $(pgrep -P "$pm" | tr '\n' ' ')"
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null
	# gone, not only dead: a new postmaster refuses to start while the old
	# pid exists, and an init that reaps slowly can keep it a zombie for seconds
	for i in $(seq 1 300); do
		alive=0
		for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ "$alive" = 0 ] && { _PG_STARTED=0; return 0; }
		sleep 0.1
	done
	_say "pg_kill: PostgreSQL processes still running: $pids"
	return 1
}

pg_ready_ms() {
	local t
	t=$(grep 'database system is ready to accept connections' "$T/pg.log" 2>/dev/null | tail -1 | cut -d' ' -f1)
	[[ "$t" =~ ^[0-9]+\.[0-9]{3}$ ]] || return 1
	echo "${t/./}"
}

pg_restart_same_port() {
	[ -n "${PG_PORT:-}" ] || { _say "pg_restart_same_port: PostgreSQL was never started"; return 1; }
	pg_stop || return 1
	pg_start
}

# ---- PgBouncer ----------------------------------------------------------------
PGBOUNCER_BIN=$(command -v pgbouncer 2>/dev/null || echo /usr/sbin/pgbouncer)

pgbouncer_start() {
	local dir="$T/pgbouncer" pw i
	[ -n "${PG_PORT:-}" ] || { _say "pgbouncer_start: call pg_start first"; return 1; }
	[ -x "$PGBOUNCER_BIN" ] || { _say "pgbouncer_start: pgbouncer is not installed (Debian: pgbouncer)"; return 1; }
	mkdir -p "$dir"
	[ -n "$_PG_USER" ] && chown "$_PG_USER" "$dir"
	# passendd logs in with a password (SCRAM); PgBouncer checks it against
	# pg_authid through auth_query as the superuser, so the cluster stays the
	# one place passwords live. The cluster itself trusts loopback (initdb -A trust).
	pw=$(openssl rand -hex 16)
	psql_super -c "ALTER ROLE passend_app PASSWORD '$pw'" >/dev/null || {
		_say "pgbouncer_start: cannot set passend_app's password (run passendd_migrate first)"
		return 1
	}
	PGBOUNCER_PORT=$(free_port) || return 1
	printf '"postgres" ""\n' >"$dir/userlist.txt"
	cat >"$dir/pgbouncer.ini" <<-EOF
		[databases]
		passend = host=127.0.0.1 port=$PG_PORT dbname=passend
		[pgbouncer]
		listen_addr = 127.0.0.1
		listen_port = $PGBOUNCER_PORT
		unix_socket_dir =
		pool_mode = transaction
		; fewer server connections than passendd has clients: transactions of
		; different passendd connections share server sessions, as in production
		default_pool_size = 2
		max_client_conn = 500
		auth_type = scram-sha-256
		auth_file = $dir/userlist.txt
		auth_user = postgres
		auth_query = SELECT rolname, rolpassword FROM pg_authid WHERE rolname = \$1 AND rolcanlogin
		server_login_retry = 1
		ignore_startup_parameters = extra_float_digits
		logfile = $dir/pgbouncer.log
		pidfile = $dir/pgbouncer.pid
	EOF
	[ -n "$_PG_USER" ] && chown "$_PG_USER" "$dir"/*
	if ! _as_pg "$PGBOUNCER_BIN" -d -q "$dir/pgbouncer.ini" >>"$dir/start.log" 2>&1; then
		_say "pgbouncer_start: pgbouncer did not start:"
		cat "$dir/start.log" "$dir/pgbouncer.log" >&2 2>/dev/null
		return 1
	fi
	for i in $(seq 1 50); do [ -s "$dir/pgbouncer.pid" ] && break; sleep 0.1; done
	_PGBOUNCER_PID=$(cat "$dir/pgbouncer.pid" 2>/dev/null)
	[ -n "$_PGBOUNCER_PID" ] || { _say "pgbouncer_start: no pid file"; return 1; }
	echo "$_PGBOUNCER_PID" >>"$T/.pids"
	PASSEND_DB_POOLED="host=127.0.0.1 port=$PGBOUNCER_PORT dbname=passend user=passend_app password=$pw"
	export PGBOUNCER_PORT PASSEND_DB_POOLED
	wait_for 10 "$PGBIN/psql" -X -q -At "$PASSEND_DB_POOLED" -c "SELECT 1" || {
		_say "pgbouncer_start: no query through PgBouncer on port $PGBOUNCER_PORT:"
		tail -n 20 "$dir/pgbouncer.log" >&2
		return 1
	}
}

pgbouncer_stop() {
	local i
	[ -n "$_PGBOUNCER_PID" ] || return 0
	kill -INT "$_PGBOUNCER_PID" 2>/dev/null
	for i in $(seq 1 100); do _is_running "$_PGBOUNCER_PID" || break; sleep 0.1; done
	kill -KILL "$_PGBOUNCER_PID" 2>/dev/null
	_PGBOUNCER_PID=""
	PASSEND_DB_POOLED=""
}

# ---- certificates -------------------------------------------------------------
certs_make() {
	bash "$S/certs/gen-dev-certs.sh" "$T/certs" >"$T/certs.log" 2>&1 || {
		_say "certs_make: gen-dev-certs.sh failed:"
		cat "$T/certs.log" >&2
		return 1
	}
	PASSEND_CA="$T/certs/ca.pem"
	PASSEND_CLIENT_CERT="$T/certs/client.pem"
	PASSEND_CLIENT_KEY="$T/certs/client.key"
	export PASSEND_CA PASSEND_CLIENT_CERT PASSEND_CLIENT_KEY
}

# ---- passendd -----------------------------------------------------------------
# does this passendd know the db_owner setting? (older builds migrate with `db`)
_passendd_has_db_owner() {
	"$B/passendd" migrate --help 2>&1 </dev/null | grep -qE 'db[-_]owner'
}

passendd_migrate() {
	[ -n "${PASSEND_DB_OWNER:-}" ] || { _say "passendd_migrate: call pg_start first"; return 1; }
	local dbflags=(--db="$PASSEND_DB_OWNER")
	_passendd_has_db_owner && dbflags=(--db="$PASSEND_DB" --db_owner="$PASSEND_DB_OWNER")
	if ! "$B/passendd" migrate "${dbflags[@]}" --migrations_dir="$S/sql/migrations" "$@" \
		>"$T/migrate.log" 2>&1 </dev/null; then
		_say "passendd_migrate: passendd migrate failed:"
		cat "$T/migrate.log" >&2
		return 1
	fi
}

# is `passendd admin bootstrap` there? (it comes with issue 3)
_passendd_has_bootstrap() {
	{ "$B/passendd" help; "$B/passendd" --help; } 2>&1 </dev/null | grep -q "bootstrap"
}

passendd_bootstrap() {
	[ -n "${PASSEND_DB_OWNER:-}" ] || { _say "passendd_bootstrap: call pg_start first"; return 1; }
	local tok
	if ! tok=$("$B/passendd" admin bootstrap --db="$PASSEND_DB" --db_owner="$PASSEND_DB_OWNER" \
		--migrations_dir="$S/sql/migrations" --description="test harness admin" "$@" \
		2>"$T/bootstrap.log" </dev/null); then
		_say "passendd_bootstrap: passendd admin bootstrap failed:"
		cat "$T/bootstrap.log" >&2
		return 1
	fi
	if ! [[ "$tok" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[^[:space:]]+$ ]]; then
		_say "passendd_bootstrap: stdout is not one token \"<uuid>.<secret>\": $(printf '%s' "$tok" | head -c 300)"
		return 1
	fi
	PASSEND_ADMIN_TOKEN=$tok
	export PASSEND_ADMIN_TOKEN
}

# does a TLS (ALPN h2) handshake with passendd succeed?
_tls_ready() {
	timeout 5 openssl s_client -connect "127.0.0.1:$1" -servername localhost -alpn h2 \
		-CAfile "$T/certs/ca.pem" -cert "$T/certs/client.pem" -key "$T/certs/client.key" \
		-verify_return_error -brief </dev/null >/dev/null 2>&1
}

passendd_start() {
	local port pid i plain=0 a db=(--db="$PASSEND_DB")
	local bin=${PASSENDD_BIN:-$B/passendd}
	[ -x "$bin" ] || { _say "passendd_start: $bin not built"; return 1; }
	[ -n "$PASSEND_DB_POOLED" ] && db=(--db="$PASSEND_DB_POOLED" --db_statements=unnamed)
	for a in "$@"; do
		case "$a" in --h2c | --h2c=1 | --h2c=true | --h2c=yes | --h2c=on) plain=1 ;; esac
	done
	[ "$plain" = 1 ] || [ -f "$T/certs/server.pem" ] || certs_make || return 1
	port=${_PASSENDD_NEXT_PORT:-}
	_PASSENDD_NEXT_PORT=""
	[ -n "$port" ] || port=$(free_port) || return 1
	{
		echo "==== passendd_start $(date +%T) port $port $*"
	} >>"$PASSENDD_LOG"
	if [ "$plain" = 1 ]; then
		"$bin" serve --listen_host=127.0.0.1 --port="$port" --workers="$PASSENDD_WORKERS" \
			"${db[@]}" --migrations_dir="$S/sql/migrations" "$@" \
			>>"$PASSENDD_LOG" 2>&1 </dev/null &
	else
		"$bin" serve --listen_host=127.0.0.1 --port="$port" --workers="$PASSENDD_WORKERS" \
			--tls_cert="$T/certs/server.pem" --tls_key="$T/certs/server.key" \
			"${db[@]}" --migrations_dir="$S/sql/migrations" "$@" \
			>>"$PASSENDD_LOG" 2>&1 </dev/null &
	fi
	pid=$!
	_PASSENDD_PIDS="$_PASSENDD_PIDS $pid"
	echo "$pid" >>"$T/.pids"
	PASSENDD_PID=$pid
	PASSEND_PORT=$port
	PASSEND_SERVER="127.0.0.1:$port"
	export PASSENDD_PID PASSEND_PORT PASSEND_SERVER
	for i in $(seq 1 $((PASSENDD_START_TIMEOUT * 5))); do
		if ! _is_running "$pid"; then
			wait "$pid" 2>/dev/null
			_say "passendd_start: passendd exited with status $? before accepting connections"
			tail -n 40 "$PASSENDD_LOG" >&2
			return 1
		fi
		if [ "$plain" = 1 ]; then
			(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		else
			_port_in_use "$port" && _tls_ready "$port" && return 0
		fi
		sleep 0.2
	done
	_say "passendd_start: no TLS handshake on port $port within ${PASSENDD_START_TIMEOUT}s"
	tail -n 40 "$PASSENDD_LOG" >&2
	return 1
}

passendd_stop() {
	local sig=${1:-TERM} pid=${PASSENDD_PID:-} i
	[ -n "$pid" ] || { _say "passendd_stop: no passendd started"; return 1; }
	kill -s "$sig" "$pid" 2>/dev/null
	for i in $(seq 1 300); do
		_is_running "$pid" || break
		sleep 0.1
	done
	if _is_running "$pid"; then
		_say "passendd_stop: passendd (pid $pid) still running 30 s after SIG$sig; killing it"
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	PASSENDD_EXIT=$?
	export PASSENDD_EXIT
	_PASSENDD_PIDS=$(for p in $_PASSENDD_PIDS; do [ "$p" != "$pid" ] && printf ' %s' "$p"; done)
	return "$PASSENDD_EXIT"
}

passendd_restart() {
	[ -n "${PASSEND_PORT:-}" ] || { _say "passendd_restart: no passendd started"; return 1; }
	local port=$PASSEND_PORT
	passendd_stop TERM # the caller judges PASSENDD_EXIT
	_PASSENDD_NEXT_PORT=$port
	passendd_start "$@"
}

env_up() {
	pg_start && certs_make && passendd_migrate || return 1
	if _passendd_has_bootstrap; then passendd_bootstrap || return 1; fi
	if [ "${PASSEND_PGBOUNCER:-0}" = 1 ]; then pgbouncer_start || return 1; fi
	passendd_start "$@"
}

env_ready() {
	env_up "$@" || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
	[ -n "${PASSEND_ADMIN_TOKEN:-}" ] || { fail "admin token" "passendd admin bootstrap did not run"; finish; }
}

# Pipe the SQL that the function $2 prints into psql as the superuser: ok "$1",
# or fail "$1" with psql's output and finish (what follows needs those rows).
psql_super_script() { # name function
	if "$2" | psql_super >"$T/$2.log" 2>&1; then
		ok "$1"
	else
		fail "$1" "$(cat "$T/$2.log")"
		finish
	fi
}

wait_for() {
	local secs=$1
	shift
	for _ in $(seq 1 $((secs * 5))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# ---- the CLI in tests ------------------------------------------------------------
# FIELD of the one JSON object on stdin (empty when absent or not JSON).
field() {
	/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], ""))' "$1" 2>/dev/null
}

# TOKEN CMD...: run the passend CLI with that token.
as() {
	local tok=$1
	shift
	"$B/passend" --token "$tok" "$@"
}

# The CLI's help of CMD... exits 0 and shows examples (two checks).
expect_help_examples() {
	expect_exit "passend $* --help" 0 "$B/passend" "$@" --help
	expect_match "passend $* --help has examples" 'Examples:' "$OUT"
}

# NAME DUO-CODE: the admin creates the tenant (a check); TA is its id.
cli_tenant() {
	expect_exit "tenant" 0 as "$PASSEND_ADMIN_TOKEN" admin tenant create --name "$1" --duo-code "$2" --output json
	TA=$(field id <<<"$OUT")
}

# ROLE [SCOPE-IDS]: prints a new token of tenant $TA for that role.
tok() {
	as "$PASSEND_ADMIN_TOKEN" admin token create --role "$1" --tenant "$TA" ${2:+--scope "$2"} --output json |
		field token
}

# ---- assertions ------------------------------------------------------------------
ok() {
	_PASSED=$((_PASSED + 1))
	printf 'ok   - %s\n' "$1"
}

fail() {
	_FAILED=$((_FAILED + 1))
	printf 'FAIL - %s: %s\n' "$1" "${2:-}"
}

expect_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; else fail "$1" "got '$2', want '$3'"; fi
}

expect_exit() {
	local name=$1 want=$2
	shift 2
	"$@" >"$T/.out" 2>"$T/.err" </dev/null
	RC=$?
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
	if [ "$RC" == "$want" ]; then
		ok "$name"
	else
		fail "$name" "exit $RC, want $want from: $*
  stdout: $(head -c 2000 "$T/.out")
  stderr: $(head -c 2000 "$T/.err")"
	fi
}

expect_match() {
	if [[ "$3" =~ $2 ]]; then
		ok "$1"
	else
		fail "$1" "no match for /$2/ in: $(printf '%s' "$3" | head -c 2000)"
	fi
}

checks_of() {
	local name=$1 rc line nfail=0 out="$T/.checks.out.$RANDOM"
	shift
	"$@" >"$out" 2>"$out.err"
	rc=$?
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) ok "${line#ok - }" ;;
		"FAIL - "*)
			fail "${line#FAIL - }"
			nfail=$((nfail + 1))
			;;
		*) printf '%s\n' "$line" ;;
		esac
	done <"$out"
	if [ "$rc" != 0 ] && [ "$nfail" = 0 ]; then
		fail "$name ran to the end" "exit $rc: $(tail -n 30 "$out.err")"
	fi
	rm -f "$out" "$out.err"
	return "$rc"
}

py_checks() {
	checks_of "$(basename "$1")" /usr/bin/python3 "$@"
}

py_require() {
	/usr/bin/python3 -c "import $(IFS=,; echo "$*")" 2>/dev/null && return 0
	fail "python modules $* for /usr/bin/python3" "import failed (Debian: python3-grpcio, python3-h2, python3-protobuf)"
	finish
}

# stop every passendd still running and fail if any sanitizer reported in its log
_finish_passendd() {
	local p
	for p in $_PASSENDD_PIDS; do
		PASSENDD_PID=$p passendd_stop TERM >/dev/null 2>&1
	done
	_PASSENDD_PIDS=""
	if [ -f "$PASSENDD_LOG" ] &&
		grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' "$PASSENDD_LOG"; then
		fail "passendd sanitizer-clean" "see the report in the passendd log below"
	fi
}

finish() {
	_finish_passendd
	echo "$_PASSED passed, $_FAILED failed"
	if [ "$_FAILED" -gt 0 ]; then exit 1; fi
	if [ "$_PASSED" = 0 ]; then
		_say "finish: no checks ran"
		exit 1
	fi
	exit 0
}
