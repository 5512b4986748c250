-- 0026_tlv_route_groups: the TLV report's route groups are the SWV's own
-- (issue 10, D48). A herkomst type names its route group by a code of the
-- SWV's choosing (no longer one of four fixed values) and may give the
-- group's name in reports (route_group_label); the groups of a tenant are
-- the groups of its effective herkomst types (bestuur.effective_route_groups).
-- The platform defaults keep Noord-Kennemerland's grouping: voorschool,
-- basisonderwijs, sbo, so.

ALTER TABLE platform.herkomst_type_defaults DROP CONSTRAINT herkomst_type_defaults_route_group_check,
	ADD CONSTRAINT herkomst_type_defaults_route_group_check CHECK (route_group ~ '^[a-z][a-z0-9_]{0,39}$'),
	ADD COLUMN route_group_label text NOT NULL DEFAULT '' CHECK (length(route_group_label) <= 200);
UPDATE platform.herkomst_type_defaults SET route_group_label = CASE route_group
	WHEN 'voorschool' THEN 'Voorschool' WHEN 'basisonderwijs' THEN 'Basisonderwijs'
	WHEN 'sbo' THEN 'SBO' WHEN 'so' THEN 'SO' ELSE '' END;

ALTER TABLE bestuur.herkomst_types DROP CONSTRAINT herkomst_types_route_group_check,
	ADD CONSTRAINT herkomst_types_route_group_check CHECK (route_group ~ '^[a-z][a-z0-9_]{0,39}$'),
	ADD COLUMN route_group_label text NOT NULL DEFAULT '' CHECK (length(route_group_label) <= 200);

-- The effective list of the current tenant: defaults overlaid by its rows
-- (now with the group's label; "" = not given by this type).
DROP FUNCTION bestuur.effective_herkomst_types();
CREATE FUNCTION bestuur.effective_herkomst_types()
RETURNS TABLE (code text, label text, route_group text, sort_order integer, active boolean,
               route_group_label text)
LANGUAGE sql STABLE AS
$$
	SELECT coalesce(t.code, d.code), coalesce(t.label, d.label), coalesce(t.route_group, d.route_group),
	       coalesce(t.sort_order, d.sort_order), coalesce(t.active, true),
	       CASE WHEN t.code IS NULL THEN d.route_group_label ELSE t.route_group_label END
	FROM platform.herkomst_type_defaults d
	FULL JOIN (SELECT * FROM bestuur.herkomst_types WHERE swv_id = platform.current_swv()) t
		ON t.code = d.code
	ORDER BY 4, 1
$$;
GRANT EXECUTE ON FUNCTION bestuur.effective_herkomst_types()
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;

-- The route groups of the current tenant, in report order: every group an
-- effective herkomst type names (active or not: old TLVs keep counting in
-- it), ordered by its first type's sort_order; label: the label the first of
-- its types (by sort_order, code) gives, else the default type with that
-- group's label, else the code.
CREATE FUNCTION bestuur.effective_route_groups()
RETURNS TABLE (code text, label text, sort_order integer)
LANGUAGE sql STABLE AS
$$
	SELECT h.route_group,
	       coalesce((array_agg(h.route_group_label ORDER BY h.sort_order, h.code)
	                 FILTER (WHERE h.route_group_label <> ''))[1],
	                (SELECT min(d.route_group_label) FROM platform.herkomst_type_defaults d
	                 WHERE d.route_group = h.route_group AND d.route_group_label <> ''),
	                h.route_group),
	       min(h.sort_order)
	FROM bestuur.effective_herkomst_types() h
	GROUP BY h.route_group
	ORDER BY 3, 1
$$;
GRANT EXECUTE ON FUNCTION bestuur.effective_route_groups()
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
