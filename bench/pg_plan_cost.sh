#!/usr/bin/env bash
# PostgreSQL's side of one GetSchool, variant by variant (issue 14, docs/decisions.md D52):
# pgbench runs the statements passendd sends (principal + SELECT under RLS, one pipeline,
# -M prepared) and each alternative, c=1 on CPU 0 against PostgreSQL on CPU 1; each variant
# reports PostgreSQL's CPU µs per transaction (utime+stime of every postgres process over
# the run, /proc/<pid>/stat) and tps. CPU per transaction is the figure to compare: the
# machine may be shared, and the CPU a backend spends is what the variant costs.
#
#   bench/pg_plan_cost.sh            Env: TX=6000 transactions per variant, ROUNDS=3,
#                                    SCHOOLS=200, VARIANTS="base noprincipal ..." (all below)
# Variants:
#   base         the principal statement (role + 5 settings) and the SELECT, bestuur only
#   noprincipal  the SELECT alone, role and settings given at connection start (PGOPTIONS):
#                what the principal statement and the per-transaction role switch cost
#   shared       role alternating bestuur / werkgebied per transaction, ONE prepared SELECT
#                for both (what passendd did: the statement is re-planned at every role change)
#   perrole      the same alternation, one prepared SELECT per role (what passendd does now)
#   explicit     base inside BEGIN ... COMMIT (an explicit transaction) instead of the implicit one
#   generic      base with plan_cache_mode = force_generic_plan
#   custom       base with plan_cache_mode = force_custom_plan
#   initplan     base with the bestuur policy of bestuur.scholen as
#                swv_id = (SELECT platform.current_swv()) (the setting read once per statement
#                instead of per row; changed in this scratch database only, then restored)
#   onecol       base with the principal's six set_config calls as the arguments of one
#                num_nulls(): one int column instead of six text columns (issue 14, D55)
#   tworole      the role and passend.swv_id only (what GetSchool's policy reads): the most
#                folding the five passend.* settings into one could save
#   loginrole    onecol without the role switch: pgbench logs in as passend_bestuur (given LOGIN
#                in this scratch database only, then taken back) and the principal sets the five
#                passend.* settings: what a pool connection per role would cost (D60)
#   loginone     loginrole with passend.swv_id only: both levers together, the floor of the
#                principal short of leaving it out
#   unix         base over PostgreSQL's Unix socket instead of TCP on 127.0.0.1
#   norls        the SELECT alone as the superuser (no principal, no row-level security), the
#                tenant given as a parameter: about what the reference's one-row read costs
# COUNT=instr: instructions per transaction instead of CPU time (counted, not timed: stable on a
# busy machine; user space only, so `unix` shows nothing here): the cluster runs under
# callgrind, each variant runs TX and 2*TX transactions on a fresh connection, and the
# difference of the two backends' counts / TX is the figure (ROUNDS=1 is enough; TX=1000).
# Output: $BENCH_OUT/plan_cost.tsv (variant, round, tps, pg_us_per_tx; pg_ir_per_tx with
# COUNT=instr) and the per-variant medians on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TX=${TX:-6000}
ROUNDS=${ROUNDS:-3}
VARIANTS=${VARIANTS:-base noprincipal shared perrole explicit generic custom initplan}
bench_out plan-cost
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$S/tests/lib/env.sh"
PGBIN=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /usr/lib/postgresql/15/bin/pg_ctl)")
[ -x "$PGBIN/pgbench" ] || PGBIN=/usr/lib/postgresql/15/bin
bench_serve
bench_env "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (test settings)" \
	"placement: postgres on CPU 1, pgbench on CPU 0, c=1, $TX transactions per variant"
bench_school_tenant "$P" "$PASSEND_ADMIN_TOKEN" "Plan SWV" "PO 97-01" "${SCHOOLS:-200}"
swv=$TENANT tok=${TOKEN%%.*} id=$SCHOOL_ID
# passendd is not needed for pgbench: stop it so only PostgreSQL runs on CPU 1
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true

SEL="SELECT id, swv_id, brin, vestiging, name, soort, werkgebied_id, (extract(epoch FROM created_at) * 1e6)::bigint, coalesce(so_cluster, 0), schoolbestuur_id, gemeente_id, active_from::text, active_to::text FROM bestuur.scholen WHERE swv_id = platform.current_swv() AND id = :id::uuid;"
principal() { # role [scope]
	echo "SELECT set_config('role', 'passend_$1', true), set_config('passend.swv_id', :swv, true), set_config('passend.scope', '${2:-}', true), set_config('passend.token_id', :tok, true), set_config('passend.role', '$1', true), set_config('passend.token_proof', '', true);"
}
W=$BENCH_OUT
printf '\\startpipeline\n%s\n%s\n\\endpipeline\n' "$(principal bestuur)" "$SEL" >"$W/base.sql"
printf '\\startpipeline\n%s\n\\endpipeline\n' "$SEL" >"$W/noprincipal.sql"
printf '\\startpipeline\n%s\n\\endpipeline\n' "${SEL/platform.current_swv()/:swv::uuid}" >"$W/norls.sql"
printf '\\startpipeline\n%s\n%s\n\\endpipeline\n' "$(principal bestuur | sed 's/^SELECT /SELECT pg_catalog.num_nulls(/; s/;$/);/')" "$SEL" >"$W/onecol.sql"
printf '\\startpipeline\nSELECT set_config('"'role', 'passend_bestuur', true), set_config('passend.swv_id', :swv, true);"'\n%s\n\\endpipeline\n' "$SEL" >"$W/tworole.sql"
printf '\\startpipeline\nSELECT pg_catalog.num_nulls(%s);\n%s\n\\endpipeline\n' "set_config('passend.swv_id', :swv, true), set_config('passend.scope', '', true), set_config('passend.token_id', :tok, true), set_config('passend.role', 'bestuur', true), set_config('passend.token_proof', '', true)" "$SEL" >"$W/loginrole.sql"
printf '\\startpipeline\nSELECT set_config('"'passend.swv_id', :swv, true);"'\n%s\n\\endpipeline\n' "$SEL" >"$W/loginone.sql"
printf '\\startpipeline\nBEGIN;\n%s\n%s\nCOMMIT;\n\\endpipeline\n' "$(principal bestuur)" "$SEL" >"$W/explicit.sql"
# werkgebied sees the school through its werkgebied scope
wg=$(psql_super -Atc "SELECT werkgebied_id FROM bestuur.scholen WHERE id = '$id'")
printf '\\startpipeline\n%s\n%s\n\\endpipeline\n' "$(principal werkgebied "$wg")" "$SEL" >"$W/wg.sql"
# one script, the role chosen per transaction: one prepared SELECT executed by both roles
cat >"$W/shared.sql" <<EOF
\\set r random(0, 1)
\\startpipeline
SELECT set_config('role', CASE WHEN :r = 0 THEN 'passend_bestuur' ELSE 'passend_werkgebied' END, true), set_config('passend.swv_id', :swv, true), set_config('passend.scope', CASE WHEN :r = 0 THEN '' ELSE '$wg' END, true), set_config('passend.token_id', :tok, true), set_config('passend.role', CASE WHEN :r = 0 THEN 'bestuur' ELSE 'werkgebied' END, true), set_config('passend.token_proof', '', true);
$SEL
\\endpipeline
EOF


pgb() { # variant: pgbench with that variant's scripts and options; prints "tps us_per_tx"
	local v=$1 files opts="" out=$W/pgbench-$1.txt host=127.0.0.1 user=passend_app
	case $v in
	shared) files=(-f "$W/shared.sql") ;;
	perrole) files=(-f "$W/base.sql@1" -f "$W/wg.sql@1") ;;
	noprincipal)
		files=(-f "$W/noprincipal.sql")
		opts="-c role=passend_bestuur -c passend.swv_id=$swv -c passend.scope= -c passend.token_id=$tok -c passend.role=bestuur"
		;;
	explicit) files=(-f "$W/explicit.sql") ;;
	generic) files=(-f "$W/base.sql") opts="-c plan_cache_mode=force_generic_plan" ;;
	onecol | tworole) files=(-f "$W/$v.sql") ;;
	norls) files=(-f "$W/norls.sql") user=postgres ;;
	loginrole | loginone) files=(-f "$W/$v.sql") user=passend_bestuur ;;
	unix) files=(-f "$W/base.sql") host=$T/pgsock ;;
	custom) files=(-f "$W/base.sql") opts="-c plan_cache_mode=force_custom_plan" ;;
	*) files=(-f "$W/base.sql") ;;
	esac
	# the backend pgbench connects to is forked at connect: count every postgres process
	# after the run too (the backend is gone by then; its CPU is in the postmaster's cutime)
	local a b
	a=$(bench_ticks $(bench_pg_pids))
	a=$((a + $(awk '{print $16 + $17}' "/proc/$pm/stat")))
	if [ "${COUNT:-cpu}" = instr ]; then
		local k ir=()
		pm_settled() { # no backend left (their dumps are written as they exit)
			for _ in $(seq 240); do
				[ "$(ps -o pid= --ppid "$pm" | wc -l)" -le "$PM_CHILDREN" ] && break
				sleep 0.5
			done
			sleep 1
		}
		for k in "$TX" $((2 * TX)); do
			pm_settled
			touch "$CG/.mark"
			PGOPTIONS="$opts" "$PGBIN/pgbench" -n -M prepared -h "$host" -p "$PG_PORT" -U "$user" \
				"${files[@]}" -D swv="$swv" -D tok="$tok" -D id="$id" -c 1 -j 1 -t "$k" passend >"$out" 2>&1
			grep -q "^number of transactions actually processed: $k" "$out" ||
				{ echo "pgbench $v failed: $out" >&2; cat "$out" >&2; return 1; }
			local g t=0
			pm_settled
			for g in $(find "$CG" -name 'pg.*' -newer "$CG/.mark"); do
				t=$((t + $(sed -n 's/^\(totals\|summary\): *\([0-9]*\).*/\2/p' "$g" | head -1)))
				mv "$g" "$W/cg-$v-$k-${g##*/}"
			done
			ir+=("$t")
		done
		printf '%s %s\n' "$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$out")" $(((ir[1] - ir[0]) / TX))
		return 0
	fi
	PGOPTIONS="$opts" taskset -c 0 "$PGBIN/pgbench" -n -M prepared -h "$host" -p "$PG_PORT" -U "$user" \
		"${files[@]}" -D swv="$swv" -D tok="$tok" -D id="$id" -c 1 -j 1 -t "$TX" passend >"$out" 2>&1
	sleep 0.5
	b=$(bench_ticks $(bench_pg_pids))
	b=$((b + $(awk '{print $16 + $17}' "/proc/$pm/stat")))
	grep -q "number of failed transactions: 0" "$out" || grep -q "^number of transactions actually processed: $TX" "$out" ||
		{ echo "pgbench $v failed: $out" >&2; cat "$out" >&2; return 1; }
	printf '%s %s\n' "$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$out")" \
		"$(awk -v t=$((b - a)) -v n="$TX" 'BEGIN{printf "%.1f", t * 10000 / n}')"
}

policy=$(psql_super -Atc "SELECT policyname FROM pg_policies WHERE schemaname = 'bestuur' AND tablename = 'scholen' AND 'passend_bestuur' = ANY (roles)")
policy_set() { psql_super -qc "ALTER POLICY $policy ON bestuur.scholen USING ($1)"; }

if [ "${COUNT:-cpu}" = instr ]; then # the cluster again, under callgrind (bench/instr.sh does the same)
	CG=$T/cg
	mkdir -p "$CG"
	chmod 777 "$CG"
	bench_pg_callgrind "$CG"
	pm=$(head -1 "$PG_DATA/postmaster.pid")
	sleep 5
	PM_CHILDREN=$(ps -o pid= --ppid "$pm" | wc -l) # its own processes: a run is over when back to these
fi
printf 'variant\tround\ttps\tpg_%s_per_tx\n' "$([ "${COUNT:-cpu}" = instr ] && echo ir || echo us)" >"$W/plan_cost.tsv"
for r in $(seq "$ROUNDS"); do
	for v in $VARIANTS; do
		[ "$v" = initplan ] && policy_set "swv_id = (SELECT platform.current_swv())"
		case $v in login*) psql_super -qc "ALTER ROLE passend_bestuur LOGIN" ;; esac
		[ "${COUNT:-cpu}" = instr ] || PGOPTIONS="" taskset -c 0 "$PGBIN/pgbench" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U passend_app \
			-f "$W/base.sql" -D swv="$swv" -D tok="$tok" -D id="$id" -c 1 -j 1 -t 200 passend >/dev/null 2>&1
		read -r tps us < <(pgb "$v")
		[ "$v" = initplan ] && policy_set "swv_id = platform.current_swv()"
		case $v in login*) psql_super -qc "ALTER ROLE passend_bestuur NOLOGIN" ;; esac
		printf '%s\t%s\t%s\t%s\n' "$v" "$r" "$tps" "$us" | tee -a "$W/plan_cost.tsv"
	done
done
bench_loadavg end
echo "medians (PostgreSQL $([ "${COUNT:-cpu}" = instr ] && echo "instructions" || echo "CPU µs") per transaction, tps):"
/usr/bin/python3 - "$W/plan_cost.tsv" <<'EOF'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
order = []
for v, *_ in rows:
    if v not in order: order.append(v)
for v in order:
    us = [float(r[3]) for r in rows if r[0] == v]
    tps = [float(r[2]) for r in rows if r[0] == v]
    print("%-12s %8.1f per tx  %9.0f tps  (rounds: %s)" % (v, statistics.median(us), statistics.median(tps),
          " / ".join("%.1f" % u for u in us)))
EOF
echo "results: $BENCH_OUT"
