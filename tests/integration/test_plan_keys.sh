#!/usr/bin/env bash
# test_plan_keys: the pool's per-role copies of statements (pg_req_set_plan_key, docs/decisions.md
# D52) never carry rights from one principal to the next. passendd runs with one worker and one
# database connection, so every call below runs on the same connection, alternately as other
# roles and tenants: each sees exactly what its own principal may see (row-level security on the
# role and settings of its own transaction), and each role's copy of a statement is prepared on
# the connection once (the log's db.prepare lines).
. "$(dirname "$0")/../lib/env.sh"
PASSENDD_WORKERS=1
env_ready --db_pool_size=1 --log_level=debug

cli_tenant "Plan A" "PO 91-01"
BES_A=$(tok bestuur)
expect_exit "werkgebied 1" 0 as "$BES_A" werkgebied create --name Een --output json
WG1=$(field id <<<"$OUT")
expect_exit "werkgebied 2" 0 as "$BES_A" werkgebied create --name Twee --output json
WG2=$(field id <<<"$OUT")
expect_exit "school 1 (werkgebied 1)" 0 as "$BES_A" bestuur school create --brin 01AA --vestiging 00 \
	--name "School Een" --soort bao --werkgebied "$WG1" --output json
S1=$(field id <<<"$OUT")
expect_exit "school 2 (werkgebied 2)" 0 as "$BES_A" bestuur school create --brin 02AA --vestiging 00 \
	--name "School Twee" --soort bao --werkgebied "$WG2" --output json
S2=$(field id <<<"$OUT")
WG_2=$(tok werkgebied "$WG2")
SCH_2=$(tok school "$S2")
cli_tenant "Plan B" "PO 91-02"
BES_B=$(tok bestuur)

sees() { # name token school: the school is shown to that token
	expect_exit "$1" 0 as "$2" bestuur school show "$3" --output json
	expect_match "$1: the school itself" "$3" "$OUT"
}
hidden() { # name token school: the school is not there for that token
	expect_exit "$1" 1 as "$2" bestuur school show "$3" --output json
	expect_match "$1: not found" '(NOT_FOUND|not found|niet gevonden)' "$OUT$ERR"
}
sees "bestuur A sees school 1" "$BES_A" "$S1"
hidden "then werkgebied 2 of A does not see school 1" "$WG_2" "$S1"
sees "werkgebied 2 of A sees school 2" "$WG_2" "$S2"
hidden "then bestuur B (same role, other tenant) does not see school 1" "$BES_B" "$S1"
hidden "then school 2 of A does not see school 1" "$SCH_2" "$S1"
sees "school 2 of A sees itself" "$SCH_2" "$S2"
sees "then bestuur A sees school 1 again" "$BES_A" "$S1"
hidden "then werkgebied 2 of A still does not see school 1" "$WG_2" "$S1"
sees "then bestuur A sees school 2" "$BES_A" "$S2"

# one connection, so each copy is prepared once: bestuur (key 2), werkgebied (4) and school (5)
prep=$(grep -o 'event=db.prepare .*statement=[a-z0-9_]*' "$PASSENDD_LOG" | sed 's/.*statement=//')
for k in 2 4 5; do
	expect_eq "a statement copy for plan key $k prepared" "$(grep -c "_k$k\$" <<<"$prep" | sed 's/^[1-9][0-9]*$/yes/')" yes
done
expect_eq "no copy prepared twice on the connection" "$(sort <<<"$prep" | uniq -d | tr '\n' ' ')" ""
expect_eq "one database connection, never lost" "$(grep -c 'event=db.conn_lost' "$PASSENDD_LOG")" 0
finish
