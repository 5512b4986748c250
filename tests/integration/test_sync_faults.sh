#!/usr/bin/env bash
# test_sync_faults: `passend sync upsert` (libpassend's batch upsert, D49)
# under faults. 1. Through cut_proxy.py, which cuts the first two
# connections while the server's answer to the first chunk is on its way (the
# chunk was committed, its answer lost): the helper retries with the same
# request id, the ledger answers with the first answer, so every record is
# reported once as aangemaakt and is in the database once. 2. The CLI is
# SIGKILLed in the middle of a run and the same command is run again: every
# record once, all aangemaakt, one ledger row per chunk.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

py_require grpc google.protobuf
env_ready
P="$B/passend"
cli_tenant "Sync faults" "PO 99-11"
BT=$(tok bestuur)
[ -n "$BT" ] || { fail "bestuur token" "none"; finish; }
W=dddddddd-0000-4000-8000-000000000001
fixture() {
	cat <<-SQL
		INSERT INTO werkgebied.werkgebieden (swv_id, id, name) VALUES ('$TA', '$W', 'wg sync');
		INSERT INTO bestuur.scholen (swv_id, id, brin, vestiging, name, soort, werkgebied_id)
		VALUES ('$TA', gen_random_uuid(), '11SY', '00', 'sync school', 1, '$W');
	SQL
}
psql_super_script "a werkgebied and a school" fixture
csv() { # FILE N PREFIX
	{
		echo "external_id,brin,vestiging,geboortejaar,geslacht"
		for ((i = 1; i <= $2; i++)); do echo "$3-$i,11SY,00,$((2010 + i % 8)),$((i % 3))"; done
	} >"$1"
}
count() { # SOURCE: pupils of that source in the tenant
	psql_super -At -c "SELECT count(*) || '/' || count(DISTINCT external_id) FROM werkgebied.leerlingen
		WHERE swv_id = '$TA' AND source_system = '$1'"
}
ledger_rows() { # PREFIX
	psql_super -At -c "SELECT count(*) FROM platform.request_ledger WHERE swv_id = '$TA'
		AND request_id LIKE '$1-%' AND response IS NOT NULL"
}

# ---- 1. the connection cut while the first chunk's answer is on its way ----------
csv "$T/cut.csv" 2500 cut
/usr/bin/python3 "$S/tests/integration/cut_proxy.py" --target "${PASSEND_SERVER##*:}" --after 12000 --cuts 2 \
	--port-file "$T/proxy.port" >"$T/proxy.log" 2>&1 &
ppid=$!
wait_for 10 test -s "$T/proxy.port" || { fail "cut_proxy listens" "$(cat "$T/proxy.log")"; finish; }
expect_exit "sync upsert through a proxy that cuts two connections exits 0" 0 \
	"$P" --server "127.0.0.1:$(cat "$T/proxy.port")" --token "$BT" sync upsert leerlingen "$T/cut.csv" \
	--source-system cut --chunk 500 --request-id-prefix cut-run --output csv
kill "$ppid" 2>/dev/null
wait "$ppid" 2>/dev/null
expect_eq "the proxy cut two connections" "$(grep -c '^cut connection' "$T/proxy.log")" 2
# three chunks are on their way at once (--in-flight 3): a cut costs one to three retries
expect_match "the helper retried the lost chunks" '2500 records: 2500 aangemaakt, 0 bijgewerkt, 0 ongewijzigd, 0 fout \(5 chunks, [2-6] retries\)' "$ERR"
expect_eq "one result line per record, every one aangemaakt" \
	"$(grep -c ',aangemaakt,' <<<"$OUT")/$(cut -d, -f2 <<<"$OUT" | grep -c '^cut-')" "2500/2500"
expect_eq "every record once in the database" "$(count cut)" "2500/2500"
expect_eq "one stored answer per chunk" "$(ledger_rows cut-run)" 5

# ---- 2. the client killed in the middle of a run, then the same command again ------
csv "$T/kill.csv" 20000 kill
run_kill() {
	"$P" --token "$BT" sync upsert leerlingen "$T/kill.csv" --source-system kill --chunk 200 --output csv
}
run_kill >"$T/kill1.out" 2>"$T/kill1.err" &
kpid=$!
prefix_rows() { [ "$(psql_super -At -c "SELECT count(*) FROM platform.request_ledger WHERE swv_id = '$TA'
	AND request_id LIKE 'csv-%'")" -ge "$1" ]; }
wait_for 60 prefix_rows 4 || fail "the first run got going" "$(cat "$T/kill1.err")"
kill -KILL "$kpid" 2>/dev/null
wait "$kpid" 2>/dev/null
part=$(count kill)
[ "${part%%/*}" -lt 20000 ] && ok "the killed run wrote part of the file (${part%%/*} rows)" ||
	fail "the killed run wrote part of the file" "it finished first ($part)"
expect_exit "the same command again exits 0" 0 run_kill
expect_match "every record reported aangemaakt (the first answers)" \
	'20000 records: 20000 aangemaakt, 0 bijgewerkt, 0 ongewijzigd, 0 fout \(100 chunks' "$ERR"
expect_eq "every record once in the database" "$(count kill)" "20000/20000"
expect_eq "one ledger row per chunk over both runs" \
	"$(psql_super -At -c "SELECT count(*) || '/' || count(DISTINCT request_id) FROM platform.request_ledger
		WHERE swv_id = '$TA' AND request_id LIKE 'csv-%'")" "100/100"
expect_exit "a third run of the same file exits 0 and changes nothing" 0 run_kill
expect_eq "still every record once" "$(count kill)" "20000/20000"
finish
