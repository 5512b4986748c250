-- herkomst_type: the statements of passend.v1.Bestuur's herkomst types
-- (svc/herkomst_type.c): the platform's defaults overlaid by the tenant's
-- own. Rows are HerkomstType messages by column name.

-- name: list  params: 0
SELECT code, label, route_group, sort_order, active, route_group_label FROM bestuur.effective_herkomst_types()

-- name: upsert  params: 6
-- $1 code
-- $2 label
-- $3 route_group  the SWV's own group code (0026_tlv_route_groups)
-- $4 sort_order
-- $5 active
-- $6 route_group_label  the group's name in reports; "" = another type of the group names it
INSERT INTO bestuur.herkomst_types (swv_id, code, label, route_group, sort_order, active, route_group_label)
VALUES (platform.current_swv(), $1, $2, $3, $4::int, $5::boolean, $6)
ON CONFLICT (swv_id, code) DO UPDATE SET label = EXCLUDED.label, route_group = EXCLUDED.route_group,
	sort_order = EXCLUDED.sort_order, active = EXCLUDED.active, route_group_label = EXCLUDED.route_group_label
RETURNING code, label, route_group, sort_order, active, route_group_label
