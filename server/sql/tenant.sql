-- tenant: the statements of passend.v1.Tenancy's tenants (svc/tenant.c), for
-- role admin. Rows are Tenant messages by column name: the calendar days as
-- json objects {month, day}, sector by its enum name. Every call is audited:
-- a statement names the rows it touched ({{audit_ids}}, server/audit.h) for
-- the audit row that follows in the same transaction.

-- fragment: columns
id, name, duo_code, sector, legal_form, governance_model,
json_build_object('month', schooljaar_start_month, 'day', schooljaar_start_day) AS schooljaar_start,
json_build_object('month', trimester2_month, 'day', trimester2_day) AS trimester2_start,
json_build_object('month', trimester3_month, 'day', trimester3_day) AS trimester3_start,
small_cell_threshold, created_at, updated_at, tlv_termijn_eenheid, tlv_termijn, tlv_minimale_duur_maanden,
coalesce(retention_months, 0) AS retention_months

-- fragment: audit_ids
(SELECT set_config('passend.audit_ids', array_agg(r.id::text)::text, true) FROM r) audit_ids

-- name: insert  params: 16
-- A new tenant. A value left at 0 gets the default: sector from the DUO
-- code's prefix, the calendar days 8/1, 12/1 and 4/1, small_cell_threshold
-- 5, the TLV term 6 weeks and its minimum duration 12 months, no retention
-- period (the check has refused a calendar day that is only half set).
-- $1 tenant.name
-- $2 tenant.duo_code
-- $3 tenant.sector
-- $4 tenant.legal_form
-- $5 tenant.governance_model
-- $6 tenant.schooljaar_start.month
-- $7 tenant.schooljaar_start.day
-- $8 tenant.trimester2_start.month
-- $9 tenant.trimester2_start.day
-- $10 tenant.trimester3_start.month
-- $11 tenant.trimester3_start.day
-- $12 tenant.small_cell_threshold
-- $13 tenant.tlv_termijn_eenheid
-- $14 tenant.tlv_termijn
-- $15 tenant.tlv_minimale_duur_maanden
-- $16 tenant.retention_months
WITH r AS (
	INSERT INTO platform.tenants (name, duo_code, sector, legal_form, governance_model, schooljaar_start_month,
	                              schooljaar_start_day, trimester2_month, trimester2_day, trimester3_month,
	                              trimester3_day, small_cell_threshold, tlv_termijn_eenheid, tlv_termijn,
	                              tlv_minimale_duur_maanden, retention_months)
	VALUES ($1, $2, CASE $3 WHEN '1' THEN 'PO' WHEN '2' THEN 'VO' ELSE substr($2, 1, 2) END, $4, $5::smallint,
	        coalesce(NULLIF($6::smallint, 0), 8), coalesce(NULLIF($7::smallint, 0), 1),
	        coalesce(NULLIF($8::smallint, 0), 12), coalesce(NULLIF($9::smallint, 0), 1),
	        coalesce(NULLIF($10::smallint, 0), 4), coalesce(NULLIF($11::smallint, 0), 1),
	        coalesce(NULLIF($12::int, 0), 5), coalesce(NULLIF($13::smallint, 0), 3),
	        coalesce(NULLIF($14::int, 0), 6), coalesce(NULLIF($15::int, 0), 12), NULLIF($16::int, 0))
	RETURNING {{columns}}
)
SELECT r.* FROM r, {{audit_ids}}

-- name: get  params: 1
-- $1 id
WITH r AS (SELECT {{columns}} FROM platform.tenants WHERE id = $1::uuid)
SELECT r.* FROM r, {{audit_ids}}

-- name: list  params: 2
-- The audit row names the rows read, including the one that only tells
-- whether there is a next page: acceptable (it is the admin's view).
-- $1 page_after
-- $2 page_limit
WITH r AS (
	SELECT {{columns}} FROM platform.tenants WHERE ($1 = '' OR id > NULLIF($1, '')::uuid) ORDER BY id
	LIMIT $2::int
)
SELECT r.* FROM r, {{audit_ids}} ORDER BY r.id

-- name: update  params: 18
-- Changes the fields update_mask names; a new DUO code carries its sector
-- (the request's, or its prefix when unset). No row: no such tenant.
-- $1 tenant.id
-- $2 update_mask
-- $3 tenant.name
-- $4 tenant.duo_code
-- $5 tenant.sector
-- $6 tenant.legal_form
-- $7 tenant.governance_model
-- $8 tenant.schooljaar_start.month
-- $9 tenant.schooljaar_start.day
-- $10 tenant.trimester2_start.month
-- $11 tenant.trimester2_start.day
-- $12 tenant.trimester3_start.month
-- $13 tenant.trimester3_start.day
-- $14 tenant.small_cell_threshold
-- $15 tenant.tlv_termijn_eenheid
-- $16 tenant.tlv_termijn
-- $17 tenant.tlv_minimale_duur_maanden
-- $18 tenant.retention_months  0: kept
WITH r AS (
	UPDATE platform.tenants t SET
		name = CASE WHEN 'name' = ANY ($2::text[]) THEN $3 ELSE t.name END,
		duo_code = CASE WHEN 'duo_code' = ANY ($2::text[]) THEN $4 ELSE t.duo_code END,
		sector = CASE WHEN $2::text[] && ARRAY['sector', 'duo_code']
		         THEN CASE $5 WHEN '1' THEN 'PO' WHEN '2' THEN 'VO' ELSE substr($4, 1, 2) END
		         ELSE t.sector END,
		legal_form = CASE WHEN 'legal_form' = ANY ($2::text[]) THEN $6 ELSE t.legal_form END,
		governance_model = CASE WHEN 'governance_model' = ANY ($2::text[]) THEN $7::smallint
		                   ELSE t.governance_model END,
		schooljaar_start_month = CASE WHEN 'schooljaar_start' = ANY ($2::text[]) THEN $8::smallint
		                         ELSE t.schooljaar_start_month END,
		schooljaar_start_day = CASE WHEN 'schooljaar_start' = ANY ($2::text[]) THEN $9::smallint
		                       ELSE t.schooljaar_start_day END,
		trimester2_month = CASE WHEN 'trimester2_start' = ANY ($2::text[]) THEN $10::smallint
		                   ELSE t.trimester2_month END,
		trimester2_day = CASE WHEN 'trimester2_start' = ANY ($2::text[]) THEN $11::smallint
		                 ELSE t.trimester2_day END,
		trimester3_month = CASE WHEN 'trimester3_start' = ANY ($2::text[]) THEN $12::smallint
		                   ELSE t.trimester3_month END,
		trimester3_day = CASE WHEN 'trimester3_start' = ANY ($2::text[]) THEN $13::smallint
		                 ELSE t.trimester3_day END,
		small_cell_threshold = CASE WHEN 'small_cell_threshold' = ANY ($2::text[]) THEN $14::int
		                       ELSE t.small_cell_threshold END,
		tlv_termijn_eenheid = CASE WHEN 'tlv_termijn_eenheid' = ANY ($2::text[]) THEN $15::smallint
		                      ELSE t.tlv_termijn_eenheid END,
		tlv_termijn = CASE WHEN 'tlv_termijn' = ANY ($2::text[]) THEN $16::int ELSE t.tlv_termijn END,
		tlv_minimale_duur_maanden = CASE WHEN 'tlv_minimale_duur_maanden' = ANY ($2::text[]) THEN $17::int
		                            ELSE t.tlv_minimale_duur_maanden END,
		retention_months = CASE WHEN 'retention_months' = ANY ($2::text[]) THEN NULLIF($18::int, 0)
		                   ELSE t.retention_months END,
		updated_at = now()
	WHERE t.id = $1::uuid
	RETURNING {{columns}}
)
SELECT r.* FROM r, {{audit_ids}}
