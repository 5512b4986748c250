-- herkomst_type: the statements of passend.v1.Bestuur's herkomst types
-- (svc/herkomst_type.c): the platform's defaults overlaid by the tenant's
-- own. Rows are HerkomstType messages by column name.

-- name: list  params: 0
SELECT code, label, route_group, sort_order, active FROM bestuur.effective_herkomst_types()

-- name: upsert  params: 5
-- $1 code
-- $2 label
-- $3 route_group
-- $4 sort_order
-- $5 active
INSERT INTO bestuur.herkomst_types (swv_id, code, label, route_group, sort_order, active)
VALUES (platform.current_swv(), $1, $2, $3, $4::int, $5::boolean)
ON CONFLICT (swv_id, code) DO UPDATE SET label = EXCLUDED.label, route_group = EXCLUDED.route_group,
	sort_order = EXCLUDED.sort_order, active = EXCLUDED.active
RETURNING code, label, route_group, sort_order, active
