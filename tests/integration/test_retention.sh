#!/usr/bin/env bash
# test_retention: pupil-level records are removed a configurable time after
# support ended, and the reports stay as they were (docs/decisions.md D37):
# the registry of pupil-level tables covers every table that references a
# pupil; retention.py --phase setup writes the data (NK through the API,
# every "support ended" case, import batches) and saves the reports;
# `passendd purge` (cron) runs; retention.py --phase check compares; a
# second run has nothing to do; then passendd serve's own timer
# (purge_interval_s) purges a pupil that became due, and logs it.
. "$(dirname "$0")/../lib/env.sh"

py_require grpc google.protobuf
env_ready
super() { psql_super -Atc "$1"; }
phase() {
	py_checks "$S/tests/integration/retention.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
		--admin-token "$PASSEND_ADMIN_TOKEN" --db "$PASSEND_DB" --owner-db "$PASSEND_DB_OWNER" \
		--super-db "$PASSEND_DB_SUPER" --build "$B" --src "$S" --out "$T/py" --phase "$1"
}

# ---- the registry ---------------------------------------------------------------------
missing=$(super "WITH RECURSIVE ref (rel) AS (
		SELECT 'werkgebied.leerlingen'::regclass
		UNION
		SELECT c.conrelid::regclass FROM pg_constraint c JOIN ref ON c.confrelid = ref.rel
		WHERE c.contype = 'f' AND c.conrelid <> c.confrelid)
	SELECT coalesce(string_agg(rel::text, ' ' ORDER BY rel::text), '') FROM ref
	WHERE rel NOT IN (SELECT relation FROM platform.retention_tables)")
expect_eq "every table that references a pupil (through foreign keys) is in platform.retention_tables" "$missing" ""
bad=$(super "SELECT coalesce(string_agg(r.support_view::text, ' '), '') FROM platform.retention_tables r
	WHERE r.support_view IS NOT NULL AND (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
	      WHERE a.attrelid = r.support_view AND a.attnum > 0 AND NOT a.attisdropped)
	      IS DISTINCT FROM ARRAY['swv_id', 'leerling_id', 'open', 'ended']")
expect_eq "every support view has the columns swv_id, leerling_id, open, ended" "$bad" ""
priv=$(super "SELECT coalesce(string_agg(p.oid::regprocedure::text, ' '), '') FROM pg_proc p
	JOIN platform.retention_tables r ON p.oid = to_regprocedure(r.purge_function || '(uuid, uuid[])')
	WHERE has_function_privilege('passend_app', p.oid, 'EXECUTE')
	   OR (SELECT bool_or(has_function_privilege(g, p.oid, 'EXECUTE')) FROM unnest(ARRAY['passend_admin',
	       'passend_bestuur', 'passend_toezicht', 'passend_werkgebied', 'passend_school']) g)")
expect_eq "no server role may call a purge function itself" "$priv" ""
expect_eq "passend_app may call platform.retention_purge" \
	"$(super "SELECT has_function_privilege('passend_app', 'platform.retention_purge(integer, integer)', 'EXECUTE')")" t

# ---- a purge from cron ------------------------------------------------------------------
phase setup || finish
expect_exit "passendd purge" 0 "$B/passendd" purge --db="$PASSEND_DB"
expect_match "passendd purge prints what it purged per tenant" \
	'[0-9a-f-]{36}: [0-9]+ pupils purged, [0-9]+ rows de-identified, 1 import batches removed' "$OUT"
expect_match "passendd purge logs it" 'event=retention.purged tenant=[0-9a-f-]{36} pupils=[0-9]+' "$ERR"
phase check
expect_exit "a second passendd purge" 0 "$B/passendd" purge --db="$PASSEND_DB"
expect_eq "a second purge has nothing to do" "$OUT" "nothing to purge"
expect_exit "passendd purge --help" 0 "$B/passendd" purge --help
expect_match "--help names the settings" 'purge_import_age_s' "$OUT"

# ---- passendd serve's timer ------------------------------------------------------------
R=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["r"])' "$T/py/retention_state.json")
super "INSERT INTO werkgebied.leerlingen (swv_id, id, school_id, werkgebied_id, source_system, external_id, created_at)
	SELECT swv_id, gen_random_uuid(), school_id, werkgebied_id, 'x', 'due_later', now() - interval '2 years'
	FROM werkgebied.leerlingen WHERE swv_id = '$R' AND external_id = 'keep_none'" >/dev/null
passendd_stop >/dev/null
passendd_start --purge_interval_s=1 || { fail "passendd with purge_interval_s=1" "did not start"; finish; }
due_gone() { [ "$(super "SELECT count(*) FROM werkgebied.leerlingen WHERE external_id = 'due_later'")" = 0 ]; }
if wait_for 20 due_gone; then ok "passendd serve's timer purged the pupil that became due"; else
	fail "the timer's purge" "pupil due_later still there after 20 s"; fi
expect_eq "the kept pupils of R are still there" \
	"$(super "SELECT count(*) FROM werkgebied.leerlingen WHERE swv_id = '$R'")" 8
expect_eq "the timer's purge is audited" "$(super "SELECT count(*) FROM platform.audit_log
	WHERE swv_id = '$R' AND method = '/passendd.Retention/PurgePupils'")" 2
expect_match "the timer's purge is logged" "event=retention.purged tenant=$R pupils=1 " "$(cat "$PASSENDD_LOG")"
finish
