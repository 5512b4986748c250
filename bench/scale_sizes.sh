#!/usr/bin/env bash
# Row counts and sizes of the national-scale data set, for docs/scaling.md:
# 150 tenants (samenwerkingsverbanden) made through the API, each with a
# bestuur token, and the bench data of bench/tlv_bench_data.sql (8
# werkgebieden, 11 besturen, 109 schools, 5 years of tellingen, 500 TLVs per
# school year with their pupils per tenant), loaded set-based as the superuser
# (bench data only). Then VACUUM ANALYZE and, per table: rows, heap size,
# index size, pg_total_relation_size, and how the table would be placed on
# Citus (docs/scaling.md explains the placement).
#
#   bench/scale_sizes.sh        build (Release), load, print a markdown table
#
# Env: TENANTS=150, PER_YEAR=500, YEARS=5, BENCH_BUILD (an existing build dir skips
#      the Release build), BENCH_OUT=bench/results/sizes-<timestamp>
# Results: $BENCH_OUT/sizes.tsv, sizes.md, env.txt. The cluster is removed at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TENANTS=${TENANTS:-150} PER_YEAR=${PER_YEAR:-500} YEARS=${YEARS:-5}
bench_out sizes
bench_build build-bench OFF passendd passend
# shellcheck source=../tests/lib/env.sh
source "$SRC/tests/lib/env.sh" # its EXIT trap stops passendd + PostgreSQL and removes $T
PASSENDD_WORKERS=1 env_up >/dev/null
P=$B/passend
export PASSEND_TOKEN=$PASSEND_ADMIN_TOKEN

for i in $(seq "$TENANTS"); do
	id=$("$P" admin tenant create --name "Bench TLV $(printf %03d "$i")" \
		--duo-code "PO $(printf %02d $((10 + i / 100)))-$(printf %02d $((i % 100)))" --output json </dev/null | bench_json id)
	"$P" admin token create --role bestuur --tenant "$id" --description "bestuur $i" --output json \
		</dev/null >/dev/null
done
psql_super -v per_year="$PER_YEAR" -v years="$YEARS" -f "$HERE/tlv_bench_data.sql" >"$BENCH_OUT/data.txt"
psql_super -c "VACUUM ANALYZE" >/dev/null
bench_env "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')" \
	"data: $TENANTS tenants x $PER_YEAR TLVs/year x $YEARS years (bench/tlv_bench_data.sql), one bestuur token each" \
	"database: $(psql_super -Atc "SELECT pg_size_pretty(pg_database_size('passend'))")"

# placement on Citus: tables with swv_id are distributed by it, except those a
# query must find without a tenant (docs/scaling.md)
psql_super -At -F $'\t' >"$BENCH_OUT/sizes.tsv" <<'EOF'
SELECT n.nspname || '.' || c.relname,
       CASE WHEN n.nspname || '.' || c.relname IN ('platform.tenants', 'platform.tokens',
                 'platform.herkomst_type_defaults', 'platform.landelijke_percentages') THEN 'reference'
            WHEN n.nspname || '.' || c.relname IN ('platform.schema_migrations', 'platform.schema_functions')
                 THEN 'local'
            WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'swv_id'
                         AND NOT a.attisdropped) THEN 'distributed'
            ELSE 'local' END,
       (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                                            false, true, '')))[1]::text::bigint,
       pg_relation_size(c.oid), pg_indexes_size(c.oid), pg_total_relation_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('platform', 'bestuur', 'toezicht', 'werkgebied') AND c.relkind IN ('r', 'p')
ORDER BY pg_total_relation_size(c.oid) DESC, 1
EOF
/usr/bin/python3 - "$BENCH_OUT/sizes.tsv" <<'PY' | tee "$BENCH_OUT/sizes.md"
import sys
def size(b):
    b = float(b)
    for unit in ("bytes", "kB", "MB", "GB"):
        if b < 1024 or unit == "GB":
            return "%d %s" % (b, unit) if unit == "bytes" else "%.1f %s" % (b, unit)
        b /= 1024
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("| table | on Citus | rows | heap | indexes | total |")
print("|---|---|---:|---:|---:|---:|")
tot = [0, 0, 0, 0]
for name, place, n, heap, idx, total in rows:
    print("| `%s` | %s | %s | %s | %s | %s |" % (name, place, format(int(n), ","), size(heap), size(idx), size(total)))
    for i, v in enumerate((n, heap, idx, total)):
        tot[i] += int(v)
print("| **all** | | %s | %s | %s | %s |" % (format(tot[0], ","), size(tot[1]), size(tot[2]), size(tot[3])))
PY
# every foreign key of a tenant table starts with swv_id (co-located on Citus)
# or points at a reference table; print the ones that do not start with it
psql_super -At >"$BENCH_OUT/foreign_keys.txt" <<'EOF'
SELECT conrelid::regclass || ' -> ' || confrelid::regclass || ' (' ||
       (SELECT string_agg(attname, ',' ORDER BY k.o) FROM unnest(conkey) WITH ORDINALITY k(n, o)
        JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = k.n) || ')'
FROM pg_constraint
WHERE contype = 'f' AND connamespace::regnamespace::text IN ('bestuur', 'toezicht', 'werkgebied', 'platform')
  AND (SELECT attname FROM pg_attribute WHERE attrelid = conrelid AND attnum = conkey[1]) <> 'swv_id'
ORDER BY 1
EOF
echo "foreign keys not starting with swv_id:"
sed 's/^/  /' "$BENCH_OUT/foreign_keys.txt"
echo "results: $BENCH_OUT"
