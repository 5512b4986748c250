#!/usr/bin/env bash
# test_db_trust: what the database refuses even to SQL sent as passendd's
# login role passend_app (issue 12 point 4, docs/decisions.md D36), each
# checked with psql as passend_app the way passendd sets a principal:
# - admin: no direct write to platform.tokens or platform.tenants, not even
#   after SET ROLE passend_admin; token_create / token_revoke and tenant
#   writes need the proof of a live admin token (passend.token_proof), and no
#   function passend_app may call returns a token's secret hash;
# - the reports decide suppression from the role in force, not from the
#   passend.role setting;
# - a revoked token stays revoked (for every role, the owner included);
# - a school inserts a TLV only as a new aanvraag of its own pupil, with the
#   tenant's deadline, and only its 'ingediend' event;
# - an audit row names the role in force;
# and through passendd: a TLV import that changes a TLV writes an 'import'
# event and names every TLV and pupil it touched in the audit row; a failure
# audit row names the ids the request named.
. "$(dirname "$0")/../lib/env.sh"

env_ready
P="$B/passend"
A=aaaaaaaa-0000-4000-8000-0000000000aa
S1=aaaaaaaa-0002-4000-8000-000000000001 # BAO 01AB (werkgebied W)
S2=aaaaaaaa-0002-4000-8000-000000000002 # SO 02SO
S3=aaaaaaaa-0002-4000-8000-000000000003 # BAO 01AC, another school
W=aaaaaaaa-0001-4000-8000-000000000001
L1=aaaaaaaa-0003-4000-8000-000000000001 # pupil at 01AB
L3=aaaaaaaa-0003-4000-8000-000000000003 # pupil at 01AC
ADM=aaaaaaaa-0005-4000-8000-000000000001  # admin token, secret 'adm-secret'
ADMR=aaaaaaaa-0005-4000-8000-000000000002 # revoked admin token, secret 'old-secret'
BES=aaaaaaaa-0005-4000-8000-000000000003  # bestuur token, secret 'bes-secret'
REV=aaaaaaaa-0005-4000-8000-000000000004  # a revoked bestuur token
PROOF=$(printf '%s' adm-secret | sha256sum | cut -d' ' -f1)

if psql_super >"$T/fixture.log" 2>&1 <<-EOF; then
	INSERT INTO platform.tenants (id, name, duo_code, sector) VALUES ('$A', 'Trust SWV', 'PO 98-01', 'PO');
	INSERT INTO werkgebied.werkgebieden (swv_id, id, name) VALUES ('$A', '$W', 'W');
	INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id) VALUES
	  ('$A', '$S1', '01AB', '00', 'BAO een', 1, '$W'), ('$A', '$S2', '02SO', '00', 'SO twee', 3, NULL),
	  ('$A', '$S3', '01AC', '00', 'BAO drie', 1, '$W');
	INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id,
	                                   geboortejaar, geslacht) VALUES
	  ('$A', '$L1', '$S1', '$W', 'x', 'l1', 2010, 1), ('$A', '$L3', '$S3', '$W', 'x', 'l3', 2010, 2);
	INSERT INTO bestuur.tellingen (swv_id, id, school_id, teldatum, tel_wijze, aantal) VALUES
	  ('$A', gen_random_uuid(), '$S1', '2016-10-01', 'schoolgaand', 3),
	  ('$A', gen_random_uuid(), '$S2', '2016-10-01', 'schoolgaand', 2);
	INSERT INTO bestuur.tlvs (swv_id, id, leerling_id, aanvragende_school_id, herkomst, gevraagde_soort, state,
	                          aanvraagdatum, deadline, besluit, besluitdatum, tlv_nummer, soort, so_categorie,
	                          startdatum, einddatum, ontvangende_school_id, bestemming_naam)
	  VALUES ('$A', gen_random_uuid(), '$L1', '$S1', 'basisonderwijs', 3, 3, '2016-09-01', '2016-10-13',
	          'afgegeven', '2016-10-01', 'F-1', 3, 1, '2016-10-01', '2017-10-01', '$S2', NULL);
	INSERT INTO platform.tokens (id, role, swv_id, secret_hash, revoked_at) VALUES
	  ('$ADM', 'admin', NULL, sha256('adm-secret'), NULL),
	  ('$ADMR', 'admin', NULL, sha256('old-secret'), now()),
	  ('$BES', 'bestuur', '$A', sha256('bes-secret'), NULL),
	  ('$REV', 'bestuur', '$A', sha256('rev-secret'), now() - interval '1 day');
EOF
	ok "fixture written as superuser"
else
	fail "fixture" "$(cat "$T/fixture.log")"
	finish
fi

# as ROLE SETTINGS SQL: SQL as passend_app in one transaction with SET LOCAL
# ROLE passend_ROLE (ROLE "-": none) and the settings "name=value ..."
# (passend.<name>). Sets SQ_OUT (stdout, -At), SQ_ERR, SQ_RC.
as() {
	local role=$1 settings=$2 sql=$3 kv
	psql_app_tx < <(
		[ "$role" != - ] && echo "SET LOCAL ROLE passend_$role;"
		for kv in $settings; do echo "SET LOCAL passend.${kv%%=*} = '${kv#*=}';"; done
		echo "$sql"
	)
}
refused() { # NAME PATTERN: the last `as` failed with an error matching PATTERN
	if [ "$SQ_RC" != 0 ] && [[ "$SQ_ERR" =~ $2 ]]; then ok "$1"; else
		fail "$1" "rc $SQ_RC out '$SQ_OUT' err '$SQ_ERR'"; fi
}
super() { psql_super -Atc "$1"; }
ADMIN="swv_id= token_id=$ADM role=admin"
PROVEN="$ADMIN token_proof=$PROOF"

# ---- admin: tokens and tenants are not the login's to write ----------------------------
tokens0=$(super "SELECT count(*) FROM platform.tokens")
as admin "$ADMIN" "INSERT INTO platform.tokens (id, role, swv_id, secret_hash)
	VALUES (gen_random_uuid(), 'bestuur', '$A', sha256('minted'));"
refused "admin: a direct INSERT into platform.tokens is refused" "permission denied"
as admin "$PROVEN" "INSERT INTO platform.tokens (id, role, secret_hash) VALUES (gen_random_uuid(), 'admin', sha256('m'));"
refused "admin with a valid proof: a direct INSERT into platform.tokens is refused too" "permission denied"
as admin "$ADMIN" "UPDATE platform.tokens SET expires_at = NULL, description = 'x' WHERE id = '$BES';"
refused "admin: a direct UPDATE of platform.tokens is refused" "permission denied"
mint="SELECT id FROM platform.token_create(gen_random_uuid(), 'bestuur', '$A', '{}', sha256('minted'), NULL, 'sql');"
as admin "$ADMIN" "$mint"
refused "admin without a proof: token_create is refused" "admin token"
as admin "$ADMIN token_proof=$(printf '%s' old-secret | sha256sum | cut -d' ' -f1)" "$mint"
refused "admin with the proof of another (revoked) admin token: token_create is refused" "admin token"
as admin "swv_id= token_id=$ADMR role=admin token_proof=$(printf '%s' old-secret | sha256sum | cut -d' ' -f1)" "$mint"
refused "the proof of a revoked admin token: token_create is refused" "admin token"
as admin "swv_id= token_id=$BES role=admin token_proof=$(printf '%s' bes-secret | sha256sum | cut -d' ' -f1)" "$mint"
refused "the proof of a bestuur token: token_create is refused" "admin token"
expect_eq "no token was minted by the refused attempts" "$(super "SELECT count(*) FROM platform.tokens")" "$tokens0"
as admin "$PROVEN" "$mint"
expect_match "admin with its token's proof: token_create works" '^[0-9a-f-]{36}$' "$SQ_OUT"
as bestuur "swv_id=$A token_id=$BES role=bestuur token_proof=$PROOF" "$mint"
refused "bestuur (even with an admin's proof): token_create is refused" "permission denied"
as - "" "$mint"
refused "passend_app without a role: token_create is refused" "permission denied"

as admin "$ADMIN" "INSERT INTO platform.tenants (name, duo_code, sector) VALUES ('Rogue', 'PO 98-02', 'PO');"
refused "admin without a proof: INSERT into platform.tenants is refused" "row-level security|permission denied"
as admin "$ADMIN" "UPDATE platform.tenants SET small_cell_threshold = 1 RETURNING id;"
expect_eq "admin without a proof: UPDATE of platform.tenants changes nothing" \
	"$SQ_RC:$SQ_OUT:$(super "SELECT small_cell_threshold FROM platform.tenants WHERE id = '$A'")" "0::5"
as admin "$ADMIN" "SELECT count(*) FROM platform.tenants;"
expect_eq "admin without a proof: platform.tenants shows no row" "$SQ_RC:$SQ_OUT" "0:0"
as admin "$PROVEN" "UPDATE platform.tenants SET small_cell_threshold = 6 WHERE id = '$A' RETURNING small_cell_threshold;"
expect_eq "admin with its token's proof: UPDATE of platform.tenants works" "$SQ_RC:$SQ_OUT" "0:6"
super "UPDATE platform.tenants SET small_cell_threshold = 5 WHERE id = '$A'" >/dev/null
as admin "$ADMIN" "SELECT count(*) FROM platform.audit_log;"
expect_eq "admin without a proof: the audit log shows no row" "$SQ_RC:$SQ_OUT" "0:0"

leak=$(super "SELECT string_agg(p.oid::regprocedure::text, ' ') FROM pg_proc p
	WHERE p.pronamespace IN ('platform'::regnamespace, 'bestuur'::regnamespace, 'werkgebied'::regnamespace)
	AND 'secret_hash' = ANY (p.proargnames)
	AND (has_function_privilege('passend_app', p.oid, 'EXECUTE')
	     OR has_function_privilege('passend_admin', p.oid, 'EXECUTE'))")
expect_eq "no function passend_app or passend_admin may call takes or returns secret_hash" "$leak" ""
as - "" "SELECT count(*) FROM platform.token_lookup('$BES', sha256('wrong'));"
expect_eq "token_lookup with a wrong secret hash: no row" "$SQ_RC:$SQ_OUT" "0:0"
as - "" "SELECT role || ':' || swv_id FROM platform.token_lookup('$BES', sha256('bes-secret'));"
expect_eq "token_lookup with the right secret hash: the principal" "$SQ_RC:$SQ_OUT" "0:bestuur:$A"

# ---- a revoked token stays revoked -------------------------------------------------------------
as admin "$PROVEN" "UPDATE platform.tokens SET revoked_at = NULL WHERE id = '$REV';"
refused "admin (proven): UPDATE revoked_at back to NULL is refused" "permission denied"
out=$(psql_owner -Atc "UPDATE platform.tokens SET revoked_at = NULL WHERE id = '$REV'" 2>&1)
expect_match "the owner: UPDATE revoked_at back to NULL is refused" "stays revoked" "$out"
out=$(psql_super -Atc "UPDATE platform.tokens SET revoked_at = now() + interval '1 year' WHERE id = '$REV'" 2>&1)
expect_match "the superuser: moving revoked_at is refused" "stays revoked" "$out"
out=$(psql_super -Atc "UPDATE platform.tokens SET secret_hash = sha256('new') WHERE id = '$BES'" 2>&1)
expect_match "the superuser: a token's secret hash cannot be replaced" "only revoked_at" "$out"
as admin "$PROVEN" "SELECT revoked_at < now() - interval '1 hour' FROM platform.token_revoke('$REV');"
expect_eq "token_revoke of a revoked token keeps the first revocation" "$SQ_RC:$SQ_OUT" "0:t"
expect_eq "the revoked token is still revoked" "$(super "SELECT revoked_at IS NOT NULL FROM platform.tokens WHERE id = '$REV'")" t

# ---- reports: suppression by the role in force ---------------------------------------------------
for role in toezicht werkgebied; do
	for faked in bestuur ""; do
		as "$role" "swv_id=$A role=$faked" "SELECT bool_and(suppress) FROM bestuur.deelname_report('{}', false, false);"
		expect_eq "deelname_report as $role (passend.role '$faked'): suppressed" "$SQ_RC:$SQ_OUT" "0:t"
	done
done
as toezicht "swv_id=$A role=bestuur" "SELECT bool_and(sup) FROM bestuur.tlv_report('2016-2017', 0);"
expect_eq "tlv_report as toezicht with passend.role 'bestuur': suppressed" "$SQ_RC:$SQ_OUT" "0:t"
as toezicht "swv_id=$A role=bestuur" "SELECT c1 FROM bestuur.tlv_report('2016-2017', 0) WHERE sec = 'nieuw' AND ord = 4;"
expect_eq "tlv_report as toezicht with passend.role 'bestuur': the count of 1 is hidden" "$SQ_RC:$SQ_OUT" "0:"
as bestuur "swv_id=$A role=toezicht" "SELECT bool_or(sup) FROM bestuur.tlv_report('2016-2017', 0);"
expect_eq "tlv_report as bestuur (passend.role 'toezicht'): not suppressed" "$SQ_RC:$SQ_OUT" "0:f"
as bestuur "swv_id=$A role=toezicht" "SELECT bool_or(suppress) FROM bestuur.deelname_report('{}', false, false);"
expect_eq "deelname_report as bestuur (passend.role 'toezicht'): not suppressed" "$SQ_RC:$SQ_OUT" "0:f"

# ---- a school inserts a TLV only as a new aanvraag --------------------------------------------------
SCHOOL="swv_id=$A scope=$S1 token_id=$BES role=school"
cols="swv_id, id, leerling_id, aanvragende_school_id, herkomst, gevraagde_soort, aanvraagdatum, deadline"
good="'$A', gen_random_uuid(), '$L1', '$S1', 'basisonderwijs', 2, '2024-03-01',
	(SELECT bestuur.tlv_deadline('2024-03-01', r.eenheid, r.termijn) FROM bestuur.tlv_rules() r)"
as school "$SCHOOL" "INSERT INTO bestuur.tlvs ($cols, state, besluit, besluitdatum, tlv_nummer, soort, so_categorie,
	startdatum, einddatum) SELECT $good, 3, 'afgegeven', '2024-03-02', 'X-1', 3, 3, '2024-04-01', '2026-04-01';"
refused "school: INSERT of an AFGEGEVEN TLV is refused" "permission denied"
as school "$SCHOOL" "INSERT INTO bestuur.tlvs ($cols, state) SELECT $good, 2;"
refused "school: INSERT of a TLV in state ADVIES_UITGEBRACHT is refused" "permission denied"
as school "$SCHOOL" "INSERT INTO bestuur.tlvs ($cols, advies) SELECT $good, 'self-advised';"
refused "school: INSERT of a TLV with an advies is refused" "permission denied"
as school "$SCHOOL" "INSERT INTO bestuur.tlvs ($cols)
	SELECT '$A', gen_random_uuid(), '$L1', '$S3', 'basisonderwijs', 2, '2024-03-01', deadline
	FROM (SELECT bestuur.tlv_deadline('2024-03-01', r.eenheid, r.termijn) AS deadline FROM bestuur.tlv_rules() r) d;"
refused "school: an aanvraag in another school's name is refused" "row-level security"
as school "$SCHOOL" "INSERT INTO bestuur.tlvs ($cols)
	SELECT '$A', gen_random_uuid(), '$L1', '$S1', 'basisonderwijs', 2, '2024-03-01', '2025-03-01';"
refused "school: an aanvraag with a deadline of its own is refused" "row-level security"
as school "$SCHOOL" "INSERT INTO bestuur.tlvs ($cols) SELECT $good RETURNING state;"
expect_eq "school: a plain aanvraag of its pupil (INGEDIEND, the tenant's deadline) is allowed" "$SQ_RC:$SQ_OUT" "0:1"
tl=$(super "SELECT id FROM bestuur.tlvs WHERE swv_id = '$A' AND tlv_nummer = 'F-1'")
as school "$SCHOOL" "INSERT INTO bestuur.tlv_events (swv_id, tlv_id, seq, step, detail)
	VALUES ('$A', '$tl', 9, 'besluit', 'afgegeven by the school');"
refused "school: a 'besluit' event is refused" "row-level security"
as school "$SCHOOL" "SELECT bestuur.tlv_submit('$L1', 'basisonderwijs', 2::smallint, '2024-03-01', '2024-02-01',
	(SELECT bestuur.tlv_deadline('2024-03-01', r.eenheid, r.termijn) FROM bestuur.tlv_rules() r), '', NULL, NULL)
	IS NOT NULL;"
expect_eq "school: SubmitTlvAanvraag's function still works" "$SQ_RC:$SQ_OUT" "0:t"

# ---- audit rows name the role in force -----------------------------------------------------
as school "swv_id=$A scope=$S1 token_id=$BES role=bestuur" \
	"INSERT INTO platform.audit_log (method, outcome) VALUES ('/forged', 0);"
refused "school claiming passend.role 'bestuur': its audit row is refused" "row-level security"
as school "$SCHOOL" "INSERT INTO platform.audit_log (method, outcome) VALUES ('/own', 0);"
expect_eq "school: an audit row as itself is written" \
	"$SQ_RC:$(super "SELECT role FROM platform.audit_log WHERE method = '/own'")" "0:school"

# ---- through passendd: the TLV import and failure audit rows --------------------------------
expect_exit "bestuur token" 0 "$P" --token "$PASSEND_ADMIN_TOKEN" admin token create --role bestuur --tenant "$A" \
	--output json
BT=$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' <<<"$OUT")
cat >"$T/tlvs.csv" <<'CSV'
source_system,external_id,geboortejaar,geslacht,herkomst,aanvraag_soort,aanvragende_brin,aanvraagdatum,besluitdatum,besluit,tlv_nummer,soort,gevraagde_soort,so_categorie,startdatum,einddatum,ontvangende_brin,bestemming_naam
x,l1,2010,m,basisonderwijs,,01AB,2016-09-01,2016-10-01,,F-1,so,,1,2016-10-01,2018-10-01,02SO,
x,l9,2011,v,basisonderwijs,,01AC,2016-12-05,2017-01-10,afgewezen,,,sbo,,,,,
CSV
expect_exit "TLV import changing F-1 and adding one" 0 "$P" --token "$BT" bestuur import tlvs "$T/tlvs.csv"
expect_match "1 inserted, 1 updated" '1 inserted, 1 updated, 0 unchanged' "$OUT"
expect_eq "the changed TLV has an 'import' event naming what changed" \
	"$(super "SELECT string_agg(e.step || ':' || e.detail, ';') FROM bestuur.tlv_events e WHERE e.tlv_id = '$tl'")" \
	"import:import tlvs.csv line 2: einddatum"
l9=$(super "SELECT id FROM werkgebied.leerlingen WHERE swv_id = '$A' AND external_id = 'l9'")
t9=$(super "SELECT id FROM bestuur.tlvs WHERE swv_id = '$A' AND leerling_id = '$l9'")
ids=$(super "SELECT array_to_string(object_ids, ' ') FROM platform.audit_log
	WHERE swv_id = '$A' AND method LIKE '%/FinishImport' ORDER BY id DESC LIMIT 1")
for x in "$tl" "$L1" "$t9" "$l9"; do
	case " $ids " in *" $x "*) ok "the import's audit row names $x" ;;
	*) fail "the import's audit row names $x" "object_ids: $ids" ;; esac
done
NF=aaaaaaaa-0003-4000-8000-0000000000ff
expect_exit "GetLeerling of an unknown pupil fails" 1 "$P" --token "$BT" leerling show "$NF"
expect_eq "its failure audit row names the requested id" \
	"$(super "SELECT outcome || ':' || array_to_string(object_ids, ' ') FROM platform.audit_log
	          WHERE swv_id = '$A' AND method LIKE '%/GetLeerling' ORDER BY id DESC LIMIT 1")" "5:$NF"

finish
