-- 0003_tenant_tlv: the TLV rules of a tenant (DOMAIN.md §5.2; Tenant fields
-- 13-15): the legal term for a TLV decision (unit and length; default
-- 6 weeks) and the minimum duration of a TLV (default 12 months).
-- tlv_termijn_eenheid: 1 KALENDERDAGEN, 2 WERKDAGEN, 3 WEKEN (the proto enum).
ALTER TABLE platform.tenants
	ADD COLUMN tlv_termijn_eenheid smallint NOT NULL DEFAULT 3 CHECK (tlv_termijn_eenheid BETWEEN 1 AND 3),
	ADD COLUMN tlv_termijn integer NOT NULL DEFAULT 6 CHECK (tlv_termijn BETWEEN 1 AND 1000),
	ADD COLUMN tlv_minimale_duur_maanden integer NOT NULL DEFAULT 12
		CHECK (tlv_minimale_duur_maanden BETWEEN 1 AND 1000);

GRANT SELECT (tlv_termijn_eenheid, tlv_termijn, tlv_minimale_duur_maanden),
      INSERT (tlv_termijn_eenheid, tlv_termijn, tlv_minimale_duur_maanden),
      UPDATE (tlv_termijn_eenheid, tlv_termijn, tlv_minimale_duur_maanden)
	ON platform.tenants TO passend_admin;
