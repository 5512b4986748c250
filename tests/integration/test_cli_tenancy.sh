#!/usr/bin/env bash
# test_cli_tenancy: the passend CLI end to end for issue 3: admin tenant
# create/list/show/update, admin token create/list/revoke, whoami per role,
# audit list, school / lid / werkgebied / leerling commands, in table, json and
# csv; exit 1 for server errors (PERMISSION_DENIED, NOT_FOUND, ...), 2 for usage.
. "$(dirname "$0")/../lib/env.sh"

env_ready
P="$B/passend"

# field FIELD: read JSON (one object, or the first of a list / of the first array value) from stdin
field() {
	/usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
if isinstance(d, dict) and len(d) == 1 and isinstance(next(iter(d.values())), list):
    d = next(iter(d.values()))
if isinstance(d, list):
    d = d[0]
print(d.get(sys.argv[1], ""))' "$1" 2>/dev/null
}
ADM=$PASSEND_ADMIN_TOKEN

# ---- tenants ---------------------------------------------------------------------
expect_exit "admin tenant create (json)" 0 as "$ADM" admin tenant create --name "Passend Primair Onderwijs Noord-Kennemerland" \
	--duo-code "PO 27-04" --legal-form stichting --output json
TA=$(field id <<<"$OUT")
expect_match "tenant id is a uuid" '^[0-9a-f-]{36}$' "$TA"
expect_match "created tenant has the default threshold 5" '"smallCellThreshold": *5|"small_cell_threshold": *5' "$OUT"
expect_exit "admin tenant create second" 0 as "$ADM" admin tenant create --name "SWV Passend Onderwijs De Kempen" \
	--duo-code "PO 30-09" --output json
TB=$(field id <<<"$OUT")
expect_exit "admin tenant create duplicate DUO code exits 1" 1 as "$ADM" admin tenant create --name X --duo-code "PO 27-04"
expect_match "duplicate names ALREADY_EXISTS" 'ALREADY_EXISTS' "$ERR"
expect_exit "admin tenant create invalid DUO code exits 1" 1 as "$ADM" admin tenant create --name X --duo-code "PO 2704"
expect_match "invalid DUO code names INVALID_ARGUMENT" 'INVALID_ARGUMENT' "$ERR"
expect_exit "admin tenant create without --name exits 2" 2 as "$ADM" admin tenant create --duo-code "PO 11-11"
expect_exit "admin tenant list (table)" 0 as "$ADM" admin tenant list
expect_match "table lists both tenants" 'Noord-Kennemerland.*|De Kempen' "$OUT"
expect_match "table lists PO 30-09" 'PO 30-09' "$OUT"
expect_exit "admin tenant list (csv)" 0 as "$ADM" admin tenant list --output csv
expect_eq "csv: header + 2 rows" "$(grep -c . <<<"$OUT")" 3
expect_exit "admin tenant show" 0 as "$ADM" admin tenant show "$TA"
expect_match "show names the tenant" 'PO 27-04' "$OUT"
expect_exit "admin tenant update" 0 as "$ADM" admin tenant update "$TA" --small-cell-threshold 7 --output json
expect_match "update changed the threshold" '[Tt]hreshold"?: *7' "$OUT"
expect_exit "admin tenant show unknown id exits 1" 1 as "$ADM" admin tenant show 00000000-0000-4000-8000-000000000000
expect_match "unknown tenant NOT_FOUND" 'NOT_FOUND' "$ERR"
expect_exit "admin tenant without a token exits 1" 1 "$P" admin tenant list
expect_match "no token UNAUTHENTICATED" 'UNAUTHENTICATED' "$ERR"
expect_exit "admin tenant frobnicate exits 2" 2 as "$ADM" admin tenant frobnicate

# ---- tokens ----------------------------------------------------------------------
expect_exit "admin token create bestuur (json)" 0 as "$ADM" admin token create --role bestuur --tenant "$TA" \
	--description "cli bestuur" --output json
BES=$(field token <<<"$OUT")
expect_match "token string <uuid>.<secret>" '^[0-9a-f-]{36}\..+' "$BES"
expect_exit "werkgebied create" 0 as "$BES" werkgebied create --name "Alkmaar-Noord" --output json
WG1=$(field id <<<"$OUT")
expect_exit "werkgebied create 2" 0 as "$BES" werkgebied create --name "Den Helder" --output json
WG2=$(field id <<<"$OUT")
expect_exit "bestuur school create" 0 as "$BES" bestuur school create --brin 00LH --vestiging 00 \
	--name "De Regenboog" --soort bao --werkgebied "$WG1" --output json
S1=$(field id <<<"$OUT")
expect_exit "bestuur school create 2" 0 as "$BES" bestuur school create --brin 01AB --vestiging 00 \
	--name "Het Anker" --soort bao --werkgebied "$WG2" --output json
S2=$(field id <<<"$OUT")
expect_exit "bestuur school create with a bad BRIN exits 1" 1 as "$BES" bestuur school create --brin XX \
	--vestiging 00 --name Y --soort bao --werkgebied "$WG1"
expect_exit "admin token create werkgebied" 0 as "$ADM" admin token create --role werkgebied --tenant "$TA" \
	--scope "$WG1" --output json
WGT=$(field token <<<"$OUT")
expect_exit "admin token create school" 0 as "$ADM" admin token create --role school --tenant "$TA" \
	--scope "$S1" --output json
SCT=$(field token <<<"$OUT")
expect_exit "admin token create toezicht" 0 as "$ADM" admin token create --role toezicht --tenant "$TA" --output json
TZT=$(field token <<<"$OUT")
expect_exit "admin token create werkgebied without --scope" 1 as "$ADM" admin token create --role werkgebied --tenant "$TA"
expect_exit "admin token create with unknown scope exits 1" 1 as "$ADM" admin token create --role werkgebied \
	--tenant "$TA" --scope 00000000-0000-4000-8000-000000000000
expect_match "unknown scope NOT_FOUND" 'NOT_FOUND' "$ERR"
expect_exit "admin token create --role nobody exits 2" 2 as "$ADM" admin token create --role nobody --tenant "$TA"
expect_exit "admin token list" 0 as "$ADM" admin token list --tenant "$TA" --output csv
expect_eq "token list csv: header + 4 tokens" "$(grep -c . <<<"$OUT")" 5

# ---- whoami per role ----------------------------------------------------------------
for pair in "admin:$ADM" "bestuur:$BES" "toezicht:$TZT" "werkgebied:$WGT" "school:$SCT"; do
	role=${pair%%:*}
	tok=${pair#*:}
	expect_exit "whoami as $role" 0 as "$tok" whoami
	expect_match "whoami as $role shows the role" "$role" "$(tr '[:upper:]' '[:lower:]' <<<"$OUT")"
	expect_exit "whoami as $role (json)" 0 as "$tok" whoami --output json
	[ "$role" = admin ] || expect_match "whoami as $role shows tenant A" "$TA" "$OUT"
done

# ---- domain commands per role ----------------------------------------------------------
expect_exit "leerling create as werkgebied" 0 as "$WGT" leerling create --school "$S1" --source-system parnassys \
	--external-id 1001 --geboortejaar 2016 --output json
L1=$(field id <<<"$OUT")
expect_exit "leerling create as werkgebied at an out-of-scope school exits 1" 1 as "$WGT" leerling create \
	--school "$S2" --source-system parnassys --external-id 1002
expect_match "out-of-scope school NOT_FOUND" 'NOT_FOUND' "$ERR"
expect_exit "leerling show as school" 0 as "$SCT" leerling show "$L1"
expect_exit "leerling list as werkgebied (csv)" 0 as "$WGT" leerling list --output csv
expect_eq "werkgebied sees 1 pupil (csv header + 1)" "$(grep -c . <<<"$OUT")" 2
expect_exit "leerling list as toezicht exits 1" 1 as "$TZT" leerling list
expect_match "toezicht on pupils PERMISSION_DENIED" 'PERMISSION_DENIED' "$ERR"
expect_exit "toezicht lid create as toezicht" 0 as "$TZT" toezicht lid create --name "J. de Vries" \
	--function voorzitter --start 2024-01-01
expect_exit "toezicht lid list as bestuur (json)" 0 as "$BES" toezicht lid list --output json
expect_match "lid listed" 'de Vries' "$OUT"
expect_exit "toezicht lid create with end before start exits 1" 1 as "$TZT" toezicht lid create --name X \
	--function lid --start 2024-05-01 --end 2024-04-01
expect_exit "werkgebied list as werkgebied" 0 as "$WGT" werkgebied list --output csv
expect_eq "werkgebied token sees 1 werkgebied" "$(grep -c . <<<"$OUT")" 2
expect_exit "werkgebied show of WG2 as werkgebied token exits 1" 1 as "$WGT" werkgebied show "$WG2"
expect_match "out of scope NOT_FOUND" 'NOT_FOUND' "$ERR"
expect_exit "bestuur school list as school" 0 as "$SCT" bestuur school list --output csv
expect_eq "school token sees 1 school" "$(grep -c . <<<"$OUT")" 2
expect_exit "bestuur school show as admin exits 1" 1 as "$ADM" bestuur school show "$S1"
expect_match "admin on schools PERMISSION_DENIED" 'PERMISSION_DENIED' "$ERR"
expect_exit "bestuur school create as werkgebied exits 1" 1 as "$WGT" bestuur school create --brin 02AB \
	--vestiging 00 --name Z --soort bao --werkgebied "$WG1"
expect_match "werkgebied creating a school PERMISSION_DENIED" 'PERMISSION_DENIED' "$ERR"
expect_exit "leerling show without an id exits 2" 2 as "$BES" leerling show

# tenant B's bestuur sees nothing of A
expect_exit "admin token create bestuur B" 0 as "$ADM" admin token create --role bestuur --tenant "$TB" --output json
BESB=$(field token <<<"$OUT")
expect_exit "B's bestuur: leerling show of A's pupil exits 1" 1 as "$BESB" leerling show "$L1"
expect_match "other tenant NOT_FOUND" 'NOT_FOUND' "$ERR"
expect_exit "B's bestuur: school list" 0 as "$BESB" bestuur school list --output csv
expect_eq "B's bestuur sees no school (header only)" "$(grep -c . <<<"$OUT")" 1

# ---- audit -------------------------------------------------------------------------------
expect_exit "audit list as bestuur (json)" 0 as "$BES" audit list --method /passend.v1.Werkgebied/CreateLeerling --output json
expect_match "audit shows the CreateLeerling calls" 'CreateLeerling' "$OUT"
expect_exit "audit list as bestuur (csv)" 0 as "$BES" audit list --method /passend.v1.Werkgebied/CreateLeerling --output csv
expect_eq "2 CreateLeerling events (OK + NOT_FOUND) + header" "$(grep -c . <<<"$OUT")" 3
expect_exit "audit list as admin (table)" 0 as "$ADM" audit list
expect_exit "audit list as werkgebied exits 1" 1 as "$WGT" audit list
expect_match "werkgebied audit PERMISSION_DENIED" 'PERMISSION_DENIED' "$ERR"
expect_exit "audit list --since garbage exits 2" 2 as "$ADM" audit list --since "not a time"

# ---- revoke ---------------------------------------------------------------------------------
WGT_ID=${WGT%%.*}
expect_exit "admin token revoke" 0 as "$ADM" admin token revoke "$WGT_ID"
revoked_at=$(date +%s)
if wait_for 6 bash -c '! "$0" --token "$1" whoami' "$P" "$WGT"; then ok "revoked token refused within 6 s"; else
	fail "revoked token refused" "still accepted"; fi
# The promise is "within 5 s" on every worker: each worker's token cache lives
# up to 2 s, and every CLI call is a new connection that may land on another
# worker. From 5 s after the revoke on, every call must be refused.
now=$(date +%s)
[ $((revoked_at + 5 - now)) -gt 0 ] && sleep $((revoked_at + 5 - now))
for i in 1 2 3 4; do
	expect_exit "whoami with the revoked token exits 1 ($i)" 1 as "$WGT" whoami
	expect_match "revoked UNAUTHENTICATED ($i)" 'UNAUTHENTICATED' "$ERR"
done
expect_exit "admin token revoke unknown id exits 1" 1 as "$ADM" admin token revoke 00000000-0000-4000-8000-000000000000
finish
