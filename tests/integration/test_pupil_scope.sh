#!/usr/bin/env bash
# test_pupil_scope: a pupil's visibility follows its school's current
# werkgebied (issue 8 point 7): the upgrade of a database holding leaked rows
# (migrated at 0008, then 0009), then pupil_scope.py (python grpcio; psql for
# the SQL level) moving schools both ways and checking both consulents.
. "$(dirname "$0")/../lib/env.sh"

py_require grpc google.protobuf
pg_start || { fail "pg_start" "PostgreSQL did not start"; finish; }

# ---- upgrade from 0008 with leaked rows -------------------------------------------
mkdir -p "$T/mig0008"
cp "$S"/sql/migrations/000[1-8]_*.sql "$T/mig0008/"
if "$B/passendd" migrate --db="$PASSEND_DB" --db_owner="$PASSEND_DB_OWNER" --migrations_dir="$T/mig0008" \
	>"$T/migrate0008.log" 2>&1 </dev/null; then
	ok "migrations 0001-0008 applied"
else
	fail "migrations 0001-0008" "$(cat "$T/migrate0008.log")"
	finish
fi
U=cccccccc-0000-4000-8000-000000000001
U1=cccccccc-0001-4000-8000-000000000001
U2=cccccccc-0001-4000-8000-000000000002
SU=cccccccc-0002-4000-8000-000000000001
SN=cccccccc-0002-4000-8000-000000000002
# pupils l1, l2 at su (wg u1) but in u2 (a move the pupils missed), l3 right,
# l4 at an SBO without werkgebied but in u1: written as superuser
leak() {
	cat <<-SQL
		INSERT INTO platform.tenants (id, name, duo_code, sector) VALUES ('$U', 'Upgrade', 'PO 99-01', 'PO');
		INSERT INTO werkgebied.werkgebieden (swv_id, id, name) VALUES ('$U', '$U1', 'u1'), ('$U', '$U2', 'u2');
		INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id) VALUES
		  ('$U', '$SU', '01UU', '00', 'su', 1, '$U1'), ('$U', '$SN', '02UU', '00', 'sbo', 2, NULL);
		INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id)
		SELECT '$U', gen_random_uuid(), s, w, 'x', e FROM (VALUES ('$SU'::uuid, '$U2'::uuid, 'l1'),
		  ('$SU', '$U2', 'l2'), ('$SU', '$U1', 'l3'), ('$SN', '$U1', 'l4')) v (s, w, e);
	SQL
}
psql_super_script "leaked rows written at 0008" leak
passendd_migrate || { fail "passendd migrate to the latest" "see above"; finish; }
ok "0009_pupil_scope applies over leaked rows"
got=$(psql_super -At -c "SELECT string_agg(l.external_id || ':' || coalesce(w.name, '-'), ' ' ORDER BY l.external_id)
	FROM werkgebied.leerlingen l LEFT JOIN werkgebied.werkgebieden w ON w.swv_id = l.swv_id AND w.id = l.werkgebied_id
	WHERE l.swv_id = '$U'")
expect_eq "after the upgrade every pupil has its school's werkgebied" "$got" "l1:u1 l2:u1 l3:u1 l4:-"
for rel in werkgebied.leerlingen bestuur.scholen; do
	f=$(psql_super -At -c "SELECT relrowsecurity::text || relforcerowsecurity::text FROM pg_class
		WHERE oid = '$rel'::regclass")
	expect_eq "$rel: row level security still ENABLEd and FORCEd after 0009" "$f" "truetrue"
done

# ---- the server, and the moves -----------------------------------------------------
certs_make || { fail "certs_make" "see above"; finish; }
passendd_bootstrap || { fail "passendd admin bootstrap" "see above"; finish; }
passendd_start || { fail "passendd_start" "see above"; finish; }
"$B/passendd" methods >"$T/methods.json" 2>"$T/methods.json.err" </dev/null ||
	{ fail "passendd methods" "$(cat "$T/methods.json.err")"; finish; }
PATH="$PGBIN:$PATH" py_checks "$S/tests/integration/pupil_scope.py" --server "$PASSEND_SERVER" \
	--ca "$PASSEND_CA" --admin-token "$PASSEND_ADMIN_TOKEN" --src "$S" --out "$T/py" \
	--methods-json "$T/methods.json" --app-db "$PASSEND_DB" --super-db "$PASSEND_DB_SUPER"

finish
