# shellcheck shell=bash
# shellcheck disable=SC2034  # P/NK/FIX/ADM/D/TA/BT/TENANT are read by the sourcing test
# tenant_setup: the tenant and bestuur token a CLI test starts from, shared by
# the test scripts (sourced after env.sh, used after env_ready).
#   import_tenant NAME DUO   a tenant NAME (duo code DUO) with a bestuur token for
#                            `passend bestuur import`: sets P, ADM, D (a CSV
#                            directory), TA (the tenant id) and BT (the token);
#                            I KIND FILE imports, count TABLE [COND] counts the
#                            tenant's rows (as the superuser), err_lines FILE the
#                            sorted line numbers of FILE:LINE: messages in $ERR.
#   nk_tenant DESCRIPTION    the Noord-Kennemerland tenant ("PO 27-04") with a
#                            bestuur token described DESCRIPTION, exported as
#                            PASSEND_TOKEN (with PASSEND_CA and PASSEND_SERVER);
#                            TENANT its id; the answers in $T/tenant.json and
#                            $T/token.json. P, NK (the demo generator) and FIX
#                            (the fixtures) are set on sourcing.
#   jfield FILE KEY...       a field of a JSON object (nested keys; a list element by index).
#   nk_report FILE CHECK REPORT ARGS...
#                            `passend rapport REPORT ARGS --output json` (a test), the
#                            answer in $T/FILE, then the demo generator's CHECK of it
#                            against the fixtures (e.g. check-tlv-report).
#   tenant_counts LABEL=TABLE...
#                            "LABEL N" per TABLE: the rows of tenant $TENANT in it
#                            (as the superuser: RLS does not apply), one line each.
P="$B/passend"
NK="$S/scripts/demo-data/nk_demo.py"
FIX="$S/tests/fixtures/noord-kennemerland-2016-2017"

jfield() { # FILE KEY...: a field of a JSON object (nested keys; a list's element by its index)
	/usr/bin/python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]: v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$@"
}

import_tenant() {
	ADM=$PASSEND_ADMIN_TOKEN
	D="$T/csv"
	mkdir -p "$D"
	expect_exit "tenant" 0 "$P" --token "$ADM" admin tenant create --name "$1" --duo-code "$2" --output json
	TA=$(field id <<<"$OUT")
	expect_exit "bestuur token" 0 "$P" --token "$ADM" admin token create --role bestuur --tenant "$TA" --output json
	BT=$(field token <<<"$OUT")
}
I() { "$P" --token "$BT" bestuur import "$@"; }
# counts as the superuser: RLS applies to the owner, not to postgres
count() { psql_super -Atc "SELECT count(*) FROM $1 WHERE swv_id = '$TA' ${2:+AND $2}"; }
err_lines() { grep -oE "^$1:[0-9]+:" <<<"$ERR" | cut -d: -f2 | sort -n | uniq | tr '\n' ' ' | sed 's/ $//'; }

nk_report() {
	local file=$1 check=$2 report=$3
	shift 3
	expect_exit "rapport $report --output json" 0 "$P" rapport "$report" "$@" --output json
	printf '%s\n' "$OUT" >"$T/$file"
	py_checks "$NK" "$check" "$T/$file" --fixtures "$FIX"
}

tenant_counts() {
	local a sql=""
	for a in "$@"; do
		sql+="${sql:+ union all }select '${a%%=*}', count(*) from ${a#*=} where swv_id = '$TENANT'"
	done
	psql_super -At -F' ' -c "$sql" 2>&1
}

nk_tenant() {
	export PASSEND_CA PASSEND_SERVER
	expect_exit "create tenant Noord-Kennemerland" 0 env PASSEND_TOKEN="$PASSEND_ADMIN_TOKEN" "$P" \
		admin tenant create --name "Passend Primair Onderwijs Noord-Kennemerland" --duo-code "PO 27-04" \
		--legal-form stichting --output json
	printf '%s' "$OUT" >"$T/tenant.json"
	TENANT=$(jfield "$T/tenant.json" id 2>/dev/null)
	expect_exit "create bestuur token" 0 env PASSEND_TOKEN="$PASSEND_ADMIN_TOKEN" "$P" \
		admin token create --role bestuur --tenant "$TENANT" --description "$1" --output json
	printf '%s' "$OUT" >"$T/token.json"
	PASSEND_TOKEN=$(jfield "$T/token.json" token 2>/dev/null)
	export PASSEND_TOKEN
}
