-- The statements passendd sends for one GetSchool call, in one pipeline
-- (one round trip, one implicit transaction): the principal (server/sql/auth.sql
-- `principal`: the role and five settings as the arguments of one num_nulls, the
-- token proof '' for every role but admin), then the read (server/sql/school.sql `get`).
-- Variables: -D swv=<tenant uuid> -D tok=<token uuid> -D id=<school uuid>.
\startpipeline
SELECT pg_catalog.num_nulls(set_config('role', 'passend_bestuur', true), set_config('passend.swv_id', :swv, true), set_config('passend.scope', '', true), set_config('passend.token_id', :tok, true), set_config('passend.role', 'bestuur', true), set_config('passend.token_proof', '', true));
SELECT id, swv_id, brin, vestiging, name, soort, werkgebied_id, (extract(epoch FROM created_at) * 1e6)::bigint, coalesce(so_cluster, 0), schoolbestuur_id, gemeente_id, active_from::text, active_to::text FROM bestuur.scholen WHERE swv_id = platform.current_swv() AND id = :id::uuid;
\endpipeline
