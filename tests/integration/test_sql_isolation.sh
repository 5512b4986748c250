#!/usr/bin/env bash
# test_sql_isolation: tenant isolation enforced by PostgreSQL itself, checked
# with psql connected as passendd's login role passend_app (no passendd): with
# no principal nothing is readable; with a group role but no tenant every
# tenant table and view is empty; tenant A's principal sees and writes no row
# of B; toezicht is refused pupil rows; werkgebied / school principals see
# only their scope; the audit log cannot be changed; passend_app is NOINHERIT,
# not BYPASSRLS, and owns nothing. Fixture rows are written as superuser.
. "$(dirname "$0")/../lib/env.sh"

pg_start || { fail "pg_start" "PostgreSQL did not start"; finish; }
passendd_migrate || { fail "passendd migrate" "see above"; finish; }
ok "migrations applied as passend_owner (not a superuser)"

A=aaaaaaaa-0000-4000-8000-000000000001
Bt=bbbbbbbb-0000-4000-8000-000000000001
# werkgebieden wg1/wg2, schools s11 s12 (wg1) s21 (wg2), pupils p11 p12 p21, lid l1
id() { # tenant(a|b) object -> uuid
	local p=aaaaaaaa
	[ "$1" = b ] && p=bbbbbbbb
	case "$2" in
	wg1) echo "$p-0001-4000-8000-000000000001" ;; wg2) echo "$p-0001-4000-8000-000000000002" ;;
	s11) echo "$p-0002-4000-8000-000000000011" ;; s12) echo "$p-0002-4000-8000-000000000012" ;;
	s21) echo "$p-0002-4000-8000-000000000021" ;;
	p11) echo "$p-0003-4000-8000-000000000011" ;; p12) echo "$p-0003-4000-8000-000000000012" ;;
	p21) echo "$p-0003-4000-8000-000000000021" ;;
	l1) echo "$p-0004-4000-8000-000000000001" ;;
	tok) echo "$p-0005-4000-8000-000000000001" ;;
	esac
}

fixture() {
	local t swv code n
	for t in a b; do
		if [ $t = a ]; then swv=$A code="PO 27-04" n="Noord-Kennemerland"; else swv=$Bt code="PO 30-09" n="De Kempen"; fi
		cat <<-EOF
			INSERT INTO platform.tenants (id, name, duo_code, sector) VALUES ('$swv', '$n', '$code', 'PO');
			INSERT INTO werkgebied.werkgebieden (swv_id, id, name) VALUES
			  ('$swv', '$(id $t wg1)', 'wg1'), ('$swv', '$(id $t wg2)', 'wg2');
			INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id) VALUES
			  ('$swv', '$(id $t s11)', '11AA', '00', 's11', 1, '$(id $t wg1)'),
			  ('$swv', '$(id $t s12)', '12AA', '00', 's12', 1, '$(id $t wg1)'),
			  ('$swv', '$(id $t s21)', '21AA', '00', 's21', 1, '$(id $t wg2)');
			INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id) VALUES
			  ('$swv', '$(id $t p11)', '$(id $t s11)', '$(id $t wg1)', 'x', 'p11'),
			  ('$swv', '$(id $t p12)', '$(id $t s12)', '$(id $t wg1)', 'x', 'p12'),
			  ('$swv', '$(id $t p21)', '$(id $t s21)', '$(id $t wg2)', 'x', 'p21');
			INSERT INTO toezicht.leden (swv_id, id, name, start_date) VALUES ('$swv', '$(id $t l1)', 'l1', '2024-01-01');
			INSERT INTO platform.tokens (id, role, swv_id, secret_hash) VALUES
			  ('$(id $t tok)', 'bestuur', '$swv', sha256('x'));
			INSERT INTO platform.audit_log (swv_id, token_id, role, method, outcome)
			  VALUES ('$swv', '$(id $t tok)', 'bestuur', '/passend.v1.Werkgebied/GetLeerling', 0);
		EOF
	done
}
psql_super_script "fixture: tenants A and B written as superuser" fixture

TABLES="platform.tenants platform.tokens platform.audit_log bestuur.scholen toezicht.leden
werkgebied.werkgebieden werkgebied.leerlingen"
TENANT_RELS="platform.audit_log bestuur.scholen toezicht.leden werkgebied.werkgebieden
werkgebied.leerlingen"
# every view in the tenant schemas counts as a tenant relation too
VIEWS=$(psql_super -At -c "SELECT n.nspname || '.' || c.relname FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('v', 'm') AND n.nspname IN ('platform', 'bestuur', 'toezicht', 'werkgebied')
	ORDER BY 1")

# sq ROLE SWV SCOPE SQL: run SQL as passend_app in one transaction with that
# principal (ROLE "-" = no SET ROLE; SWV/SCOPE "-" = not set). Sets SQ_OUT
# (stdout, -At), SQ_ERR, SQ_RC.
sq() {
	local role=$1 swv=$2 scope=$3 sql=$4
	psql_app_tx < <(
		[ "$role" != - ] && echo "SET LOCAL ROLE passend_$role;" && echo "SET LOCAL passend.role = '$role';"
		[ "$swv" != - ] && echo "SET LOCAL passend.swv_id = '$swv';"
		[ "$scope" != - ] && echo "SET LOCAL passend.scope = '$scope';"
		echo "SET LOCAL passend.token_id = '$(id a tok)';"
		echo "$sql"
	)
}

denied() { [ "$SQ_RC" != 0 ] && [[ "$SQ_ERR" == *"permission denied"* ]]; }
rls_refused() { [ "$SQ_RC" != 0 ] && [[ "$SQ_ERR" == *"row-level security"* ]]; }

# ---- the login role itself ---------------------------------------------------------
attrs=$(psql_super -At -F' ' -c "SELECT rolcanlogin, rolinherit, rolbypassrls, rolsuper, rolcreaterole,
	rolcreatedb FROM pg_roles WHERE rolname = 'passend_app'")
expect_eq "passend_app: LOGIN NOINHERIT NOBYPASSRLS NOSUPERUSER NOCREATEROLE NOCREATEDB" "$attrs" "t f f f f f"
owned=$(psql_super -At -c "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)
	+ (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
	+ (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
	+ (SELECT count(*) FROM pg_type WHERE typowner = r.oid)
	FROM pg_roles r WHERE rolname = 'passend_app'")
expect_eq "passend_app owns no relation, schema, function or type" "$owned" 0
groups=$(psql_super -At -c "SELECT string_agg(g.rolname || ':' || g.rolcanlogin::int || g.rolbypassrls::int, ' ' ORDER BY g.rolname)
	FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
	JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = 'passend_app'")
expect_eq "passend_app is a member of the five NOLOGIN, non-BYPASSRLS group roles" "$groups" \
	"passend_admin:00 passend_bestuur:00 passend_school:00 passend_toezicht:00 passend_werkgebied:00"
owner=$(psql_super -At -c "SELECT r.rolname || ':' || r.rolsuper::int FROM pg_database d JOIN pg_roles r
	ON r.oid = d.datdba WHERE d.datname = 'passend'")
expect_eq "database passend is owned by passend_owner (no superuser)" "$owner" "passend_owner:0"
for rel in $TENANT_RELS; do
	f=$(psql_super -At -c "SELECT relrowsecurity::text || relforcerowsecurity::text FROM pg_class WHERE oid = '$rel'::regclass")
	expect_eq "$rel: ENABLE and FORCE ROW LEVEL SECURITY" "$f" "truetrue"
done
lead=$(psql_super -At -c "SELECT string_agg(c.conrelid::regclass::text || ':' || c.contype::text, ' ' ORDER BY 1)
	FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
	WHERE n.nspname IN ('bestuur', 'toezicht', 'werkgebied') AND c.contype IN ('p', 'f')
	AND (SELECT attname FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = c.conkey[1]) <> 'swv_id'")
expect_eq "swv_id leads every primary and foreign key of the tenant schemas" "$lead" ""

# ---- no principal at all: passend_app (NOINHERIT) has no privilege ------------------
for rel in $TABLES $VIEWS; do
	sq - - - "SELECT count(*) FROM $rel;"
	if denied; then ok "no role: SELECT on $rel is refused (permission denied)"; else
		fail "no role: SELECT on $rel refused" "rc $SQ_RC out '$SQ_OUT' err '$SQ_ERR'"; fi
done

# ---- a group role but no tenant: 0 rows or refused, never a row -----------------------
for role in bestuur toezicht werkgebied school admin; do
	for rel in $TENANT_RELS $VIEWS; do
		[ "$role" = admin ] && [ "$rel" = platform.audit_log ] && continue # admin reads the platform's log
		sq "$role" - - "SELECT count(*) FROM $rel;"
		if [ "$SQ_RC" = 0 ] && [ "$SQ_OUT" = 0 ]; then
			ok "$role without passend.swv_id: $rel has 0 rows"
		elif denied; then
			ok "$role without passend.swv_id: $rel refused"
		else
			fail "$role without passend.swv_id: $rel empty or refused" "rc $SQ_RC out '$SQ_OUT' err '$SQ_ERR'"
		fi
	done
done
# bestuur has SELECT on every tenant table: here it must be rows, not a refusal, that are missing
for rel in $TENANT_RELS; do
	sq bestuur - - "SELECT count(*) FROM $rel;"
	expect_eq "bestuur without passend.swv_id: SELECT on $rel runs and returns 0" "$SQ_RC:$SQ_OUT" "0:0"
done
sq bestuur "" - "SELECT count(*) FROM bestuur.scholen;"
expect_eq "bestuur with an empty passend.swv_id: 0 schools" "$SQ_RC:$SQ_OUT" "0:0"

# the principal is per transaction: after COMMIT it is gone
out=$(printf '%s\n' "BEGIN;" "SET LOCAL ROLE passend_bestuur;" "SET LOCAL passend.swv_id = '$A';" \
	"SELECT count(*) FROM bestuur.scholen;" "COMMIT;" "SELECT current_user;" \
	"SELECT coalesce(current_setting('passend.swv_id', true), '') || '|';" |
	"$PGBIN/psql" -X -q -At "$PASSEND_DB" 2>&1)
expect_eq "SET LOCAL principal: 3 rows inside, none of it after COMMIT" "$(echo "$out" | tr '\n' ' ')" "3 passend_app | "

# ---- tenant A's principal: nothing of B visible --------------------------------------
for rel in bestuur.scholen toezicht.leden werkgebied.werkgebieden werkgebied.leerlingen platform.audit_log; do
	sq bestuur "$A" - "SELECT count(*) FILTER (WHERE swv_id = '$Bt'), count(*) FILTER (WHERE swv_id = '$A') FROM $rel;"
	case $rel in platform.audit_log | toezicht.leden) want=1 ;; bestuur.scholen | werkgebied.leerlingen) want=3 ;; *) want=2 ;; esac
	expect_eq "bestuur of A: $rel shows 0 rows of B and all $want of A" "$SQ_RC:$SQ_OUT" "0:0|$want"
done
sq bestuur "$A" - "SELECT count(*) FROM bestuur.scholen WHERE id = '$(id b s11)';"
expect_eq "bestuur of A: B's school by id is not found" "$SQ_OUT" 0
sq toezicht "$A" - "SELECT count(*) FROM toezicht.leden WHERE swv_id = '$Bt';"
expect_eq "toezicht of A: 0 leden of B" "$SQ_RC:$SQ_OUT" "0:0"

# writes into B are refused
# insert_refused ROLE WHAT SQL: ROLE of A inserting SQL (a WHAT with swv_id B) is refused by RLS
insert_refused() {
	sq "$1" "$A" - "$3"
	if rls_refused; then ok "$1 of A: INSERT of a $2 with swv_id B refused by RLS"; else
		fail "INSERT $2 swv_id B refused by RLS" "rc $SQ_RC err '$SQ_ERR'"; fi
}
insert_refused bestuur school "INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id)
	VALUES ('$Bt', gen_random_uuid(), '99ZZ', '00', 'x', 1, '$(id b wg1)');"
insert_refused bestuur werkgebied \
	"INSERT INTO werkgebied.werkgebieden (swv_id, id, name) VALUES ('$Bt', gen_random_uuid(), 'x');"
insert_refused bestuur pupil "INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id)
	VALUES ('$Bt', gen_random_uuid(), '$(id b s11)', '$(id b wg1)', 'x', 'evil');"
insert_refused toezicht lid \
	"INSERT INTO toezicht.leden (swv_id, id, name, start_date) VALUES ('$Bt', gen_random_uuid(), 'x', '2024-01-01');"
sq bestuur "$A" - "INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id)
	VALUES ('$A', gen_random_uuid(), '$(id b s11)', '$(id a wg1)', 'x', 'cross');"
if [ "$SQ_RC" != 0 ]; then ok "bestuur of A: a pupil of A at B's school is refused (swv_id-leading foreign key)"; else
	fail "pupil of A at B's school refused" "it was written"; fi
for stmt in "UPDATE bestuur.scholen SET name = 'hacked' WHERE swv_id = '$Bt'" \
	"UPDATE werkgebied.leerlingen SET external_id = 'hacked' WHERE swv_id = '$Bt'" \
	"DELETE FROM toezicht.leden WHERE swv_id = '$Bt'" \
	"DELETE FROM werkgebied.werkgebieden WHERE swv_id = '$Bt'"; do
	sq bestuur "$A" - "$stmt;"
	if denied || rls_refused || { [ "$SQ_RC" = 0 ] && [ -z "$SQ_OUT" ]; }; then
		ok "bestuur of A: '${stmt%% WHERE*}' on B's rows refused or touches nothing"
	else
		fail "bestuur of A: $stmt" "rc $SQ_RC out '$SQ_OUT' err '$SQ_ERR'"
	fi
done
b_state=$(psql_super -At -c "SELECT (SELECT string_agg(name, ',' ORDER BY name) FROM bestuur.scholen WHERE swv_id = '$Bt')
	|| '/' || (SELECT string_agg(external_id, ',' ORDER BY external_id) FROM werkgebied.leerlingen WHERE swv_id = '$Bt')
	|| '/' || (SELECT count(*) FROM toezicht.leden WHERE swv_id = '$Bt')
	|| '/' || (SELECT count(*) FROM werkgebied.werkgebieden WHERE swv_id = '$Bt')")
expect_eq "B's rows unchanged (checked as superuser)" "$b_state" "s11,s12,s21/p11,p12,p21/1/2"

# ---- toezicht: no pupil rows, aggregates of its own tenant only ---------------------------
sq toezicht "$A" - "SELECT count(*) FROM werkgebied.leerlingen;"
if denied; then ok "toezicht: SELECT on werkgebied.leerlingen refused (permission denied)"; else
	fail "toezicht SELECT on werkgebied.leerlingen refused" "rc $SQ_RC out '$SQ_OUT' err '$SQ_ERR'"; fi
sq toezicht "$A" - "SELECT id FROM werkgebied.leerlingen WHERE false;"
if denied; then ok "toezicht: even a query returning nothing from werkgebied.leerlingen is refused"; else
	fail "toezicht query on werkgebied.leerlingen refused" "rc $SQ_RC err '$SQ_ERR'"; fi
priv=$(psql_super -At -c "SELECT has_table_privilege('passend_toezicht', 'werkgebied.leerlingen',
	'SELECT,INSERT,UPDATE,DELETE,REFERENCES,TRIGGER,TRUNCATE')")
expect_eq "passend_toezicht has no privilege at all on werkgebied.leerlingen" "$priv" f
# every pupil-level table (a foreign key to werkgebied.leerlingen, directly or
# through another pupil-level table) and every view reading one: no privilege
# for toezicht, row level security ENABLEd and FORCEd
PUPIL_RELS=$(psql_super -At -c "WITH RECURSIVE pupil (rel) AS (
	SELECT 'werkgebied.leerlingen'::regclass
	UNION SELECT c.conrelid::regclass FROM pg_constraint c JOIN pupil p ON c.confrelid = p.rel WHERE c.contype = 'f')
	SELECT string_agg(rel::text, ' ' ORDER BY rel::text) FROM (SELECT rel FROM pupil
	UNION SELECT r.ev_class::regclass FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass
	  AND d.objid = r.oid JOIN pupil p ON d.refobjid = p.rel WHERE r.ev_class <> d.refobjid
	  AND r.ev_class::regclass::text NOT LIKE 'toezicht.%') x")
for want in werkgebied.toestemmingen werkgebied.ondersteuningsvragen; do
	case " $PUPIL_RELS " in *" $want "*) ok "$want is found as a pupil-level table" ;;
	*) fail "$want is a pupil-level table" "pupil relations: $PUPIL_RELS" ;; esac
done
for rel in $PUPIL_RELS; do
	priv=$(psql_super -At -c "SELECT has_table_privilege('passend_toezicht', '$rel',
		'SELECT,INSERT,UPDATE,DELETE,REFERENCES,TRIGGER,TRUNCATE')
		OR has_any_column_privilege('passend_toezicht', '$rel', 'SELECT,INSERT,UPDATE,REFERENCES')")
	expect_eq "passend_toezicht has no privilege at all on pupil-level $rel" "$priv" f
	sq toezicht "$A" - "SELECT count(*) FROM $rel;"
	if denied; then ok "toezicht: SELECT on $rel refused (permission denied)"; else
		fail "toezicht SELECT on $rel refused" "rc $SQ_RC out '$SQ_OUT' err '$SQ_ERR'"; fi
	f=$(psql_super -At -c "SELECT relkind::text || relrowsecurity::text || relforcerowsecurity::text FROM pg_class
		WHERE oid = '$rel'::regclass")
	case $f in v*) ;; *) expect_eq "$rel: ENABLE and FORCE ROW LEVEL SECURITY" "$f" "rtruetrue" ;; esac
done
# Every pupil-level table of the retention registry (each registers in the
# migration that creates it, D37), every table with the FK path above and
# every table with a leerling_id column: no privilege at all (table or column,
# any kind) for passend_toezicht nor for any role it is a member of, directly
# or by SET ROLE (pg_has_role MEMBER), PUBLIC included (has_*_privilege
# counts it). One query lists the violations; the same query must find a
# grant made through a role toezicht can become, or it could not fail.
TOEZICHT_PUPIL_PRIVS="WITH rels AS (
	SELECT relation AS rel FROM platform.retention_tables
	UNION SELECT unnest(string_to_array('$PUPIL_RELS', ' '))::regclass
	UNION SELECT a.attrelid::regclass FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
	      JOIN pg_namespace n ON n.oid = c.relnamespace
	      WHERE a.attname = 'leerling_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
	        AND n.nspname IN ('platform', 'bestuur', 'toezicht', 'werkgebied')
), roles AS (
	SELECT r.rolname FROM pg_roles r WHERE pg_has_role('passend_toezicht', r.oid, 'MEMBER')
)
SELECT string_agg(roles.rolname || ':' || rels.rel::text, ' ' ORDER BY 1) FROM rels, roles
WHERE has_table_privilege(roles.rolname, rels.rel, 'SELECT,INSERT,UPDATE,DELETE,REFERENCES,TRIGGER,TRUNCATE')
   OR has_any_column_privilege(roles.rolname, rels.rel, 'SELECT,INSERT,UPDATE,REFERENCES')"
n=$(psql_super -At -c "SELECT count(*) FROM platform.retention_tables")
reg=$(psql_super -At -c "SELECT string_agg(relation::text, ' ' ORDER BY relation::text) FROM platform.retention_tables")
for want in werkgebied.leerlingen bestuur.tlvs werkgebied.arrangementen werkgebied.mdos werkgebied.toestemmingen; do
	case " $reg " in *" $want "*) ok "retention registry lists $want" ;;
	*) fail "retention registry lists $want" "registry: $reg" ;; esac
done
v=$(psql_super -At -c "$TOEZICHT_PUPIL_PRIVS")
expect_eq "toezicht, and every role it can become, has no privilege on any of the $n registered pupil-level tables (nor the FK-path and leerling_id tables)" "$v" ""
v=$(psql_super -At <<EOF
BEGIN;
CREATE ROLE isolation_probe NOLOGIN NOINHERIT;
GRANT isolation_probe TO passend_toezicht;
GRANT SELECT (leerling_id) ON werkgebied.mdos TO isolation_probe;
$TOEZICHT_PUPIL_PRIVS;
ROLLBACK;
EOF
)
expect_eq "... and the check finds a column grant on werkgebied.mdos to a role toezicht can SET ROLE to" \
	"$(printf '%s' "$v" | grep -o 'isolation_probe:werkgebied.mdos')" "isolation_probe:werkgebied.mdos"
for rel in werkgebied.lijst_waarden; do
	f=$(psql_super -At -c "SELECT relrowsecurity::text || relforcerowsecurity::text FROM pg_class WHERE oid = '$rel'::regclass")
	expect_eq "$rel: ENABLE and FORCE ROW LEVEL SECURITY" "$f" "truetrue"
done
for v in $VIEWS; do
	case $v in toezicht.*) ;; *) continue ;; esac
	sq toezicht "$A" - "SELECT count(*) FROM $v;"
	a_n=$SQ_OUT
	sq toezicht "$Bt" - "SELECT count(*) FROM $v;"
	if [ "$a_n" -ge 1 ] 2>/dev/null && [ "$SQ_RC" = 0 ]; then ok "toezicht reads aggregate view $v"; else
		fail "toezicht reads $v" "A: '$a_n' err '$SQ_ERR'"; fi
done
sq toezicht "$A" - "SELECT string_agg(werkgebied_id::text, ',' ORDER BY werkgebied_id) FROM toezicht.leerlingen_per_werkgebied;"
expect_eq "toezicht of A: leerlingen_per_werkgebied lists A's werkgebieden only" "$SQ_OUT" "$(id a wg1),$(id a wg2)"
sq toezicht - - "SELECT count(*) FROM toezicht.leerlingen_per_werkgebied;"
expect_eq "toezicht without tenant: leerlingen_per_werkgebied has 0 rows" "$SQ_RC:$SQ_OUT" "0:0"

# ---- werkgebied and school principals: their scope only ------------------------------------
sq werkgebied "$A" "$(id a wg1)" "SELECT string_agg(name, ',' ORDER BY name) FROM werkgebied.werkgebieden;"
expect_eq "werkgebied (scope wg1): sees werkgebied wg1 only" "$SQ_OUT" "wg1"
sq werkgebied "$A" "$(id a wg1)" "SELECT string_agg(name, ',' ORDER BY name) FROM bestuur.scholen;"
expect_eq "werkgebied (scope wg1): sees the schools of wg1 only" "$SQ_OUT" "s11,s12"
sq werkgebied "$A" "$(id a wg1)" "SELECT string_agg(external_id, ',' ORDER BY external_id) FROM werkgebied.leerlingen;"
expect_eq "werkgebied (scope wg1): sees the pupils of wg1 only" "$SQ_OUT" "p11,p12"
sq werkgebied "$A" "$(id b wg1)" "SELECT count(*) FROM werkgebied.leerlingen;"
expect_eq "werkgebied of A with B's werkgebied id as scope: 0 pupils" "$SQ_OUT" 0
sq werkgebied "$A" "$(id a wg1)" "INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id)
	VALUES ('$A', gen_random_uuid(), '$(id a s21)', '$(id a wg2)', 'x', 'outside');"
if rls_refused; then ok "werkgebied (scope wg1): INSERT of a pupil in wg2 refused by RLS"; else
	fail "werkgebied INSERT pupil out of scope refused by RLS" "rc $SQ_RC err '$SQ_ERR'"; fi
sq werkgebied "$A" "$(id a wg1)" "INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id)
	VALUES ('$A', gen_random_uuid(), '$(id a s11)', '$(id a wg1)', 'x', 'inside') RETURNING external_id;"
expect_eq "werkgebied (scope wg1): INSERT of a pupil in wg1 allowed" "$SQ_RC:$SQ_OUT" "0:inside"
sq school "$A" "$(id a s11)" "SELECT string_agg(name, ',' ORDER BY name) FROM bestuur.scholen;"
expect_eq "school (scope s11): sees school s11 only" "$SQ_OUT" "s11"
sq school "$A" "$(id a s11)" "SELECT string_agg(external_id, ',' ORDER BY external_id) FROM werkgebied.leerlingen;"
expect_eq "school (scope s11): sees the pupils of s11 only" "$SQ_OUT" "inside,p11"
sq school "$A" "$(id a s11)" "INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id)
	VALUES ('$A', gen_random_uuid(), '$(id a s12)', '$(id a wg1)', 'x', 'other school');"
if rls_refused; then ok "school (scope s11): INSERT of a pupil at s12 refused by RLS"; else
	fail "school INSERT pupil at another school refused by RLS" "rc $SQ_RC err '$SQ_ERR'"; fi
for role in werkgebied school; do
	sq "$role" "$A" - "SELECT count(*) FROM werkgebied.leerlingen;"
	expect_eq "$role of A without passend.scope: 0 pupils" "$SQ_RC:$SQ_OUT" "0:0"
done

# ---- the audit log is append-only for every server role -------------------------------
before=$(psql_super -At -c "SELECT count(*) || '/' || sum(outcome) FROM platform.audit_log")
for role in admin bestuur toezicht werkgebied school; do
	for stmt in "UPDATE platform.audit_log SET outcome = 99" "DELETE FROM platform.audit_log" \
		"TRUNCATE platform.audit_log"; do
		sq "$role" "$A" - "$stmt;"
		if denied; then ok "$role: '$stmt' refused"; else
			fail "$role: '$stmt' refused" "rc $SQ_RC out '$SQ_OUT' err '$SQ_ERR'"; fi
	done
done
for stmt in "UPDATE platform.audit_log SET outcome = 99" "DELETE FROM platform.audit_log"; do
	sq - - - "$stmt;"
	if denied; then ok "passend_app without role: '$stmt' refused"; else
		fail "passend_app without role: '$stmt' refused" "rc $SQ_RC err '$SQ_ERR'"; fi
done
after=$(psql_super -At -c "SELECT count(*) || '/' || sum(outcome) FROM platform.audit_log")
expect_eq "audit log unchanged after the attempts" "$after" "$before"
sq bestuur "$A" - "INSERT INTO platform.audit_log (swv_id, token_id, role, method, outcome)
	VALUES ('$Bt', '$(id a tok)', 'bestuur', '/x', 0);"
if rls_refused; then ok "bestuur of A: an audit row claiming tenant B is refused by RLS"; else
	fail "audit row for tenant B refused" "rc $SQ_RC err '$SQ_ERR'"; fi

# platform tables: tenant roles cannot read tokens or tenants' secrets
for role in bestuur toezicht werkgebied school; do
	sq "$role" "$A" - "SELECT count(*) FROM platform.tokens;"
	if denied; then ok "$role: platform.tokens refused"; else fail "$role: platform.tokens refused" "rc $SQ_RC out '$SQ_OUT'"; fi
done
sq admin - - "SELECT count(pseudonym_secret) FROM platform.tenants;"
if denied; then ok "admin: tenants.pseudonym_secret refused"; else fail "admin: pseudonym_secret refused" "rc $SQ_RC out '$SQ_OUT'"; fi
sq admin - - "SELECT count(secret_hash) FROM platform.tokens;"
if denied; then ok "admin: tokens.secret_hash refused"; else fail "admin: secret_hash refused" "rc $SQ_RC out '$SQ_OUT'"; fi

finish
