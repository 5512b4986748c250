/* tenant: passend.v1.Tenancy's tenants (SWVs), a resource of the kit
 * (resource.h): the statements are server/sql/tenant.sql, rows become
 * Tenant messages by column name. For role admin; every call is audited
 * (its statement names the rows it touched). */
#include <string.h>

#include "grpc_status.h"
#include "passend/v1/tenancy.pb-c.h"
#include "resource.h"
#include "sql_tenant.h"
#include "svc.h"
#include "svc_validate.h"

#define SERVICE "passend.v1.Tenancy"

static const char *const updatable[] = {"name",
                                        "duo_code",
                                        "sector",
                                        "legal_form",
                                        "governance_model",
                                        "schooljaar_start",
                                        "trimester2_start",
                                        "trimester3_start",
                                        "small_cell_threshold",
                                        "tlv_termijn_eenheid",
                                        "tlv_termijn",
                                        "tlv_minimale_duur_maanden",
                                        "retention_months",
                                        NULL};

/* A number field the call sets: on create 0 means "the default" (the
 * statement's), else it must be within lo..hi. */
static int out_of_range(int create, int v, int lo, int hi)
{
	return !(create && v == 0) && (v < lo || v > hi);
}

/* The rules on the fields of t that this call sets (all on create); unset
 * values of a create get their defaults in the statement. The sector of a
 * new DUO code is the request's (which must match its prefix) or, unset,
 * the prefix's; a sector set alone is checked against the stored DUO code
 * by the table (db_errors). */
static int check_tenant(res_ctx *c, const ProtobufCMessage *msg)
{
	const Passend__V1__Tenant *t = (const void *)msg;
	int create = res_creates(c);
	static const char *const md_names[3] = {"schooljaar_start", "trimester2_start", "trimester3_start"};
#define TOUCH(f) res_touches(c, f)
	if (TOUCH("name") && (!t->name[0] || strlen(t->name) > 200))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "tenant.name is required (at most 200 characters)");
	if (TOUCH("duo_code") && !svc_is_duo_code(t->duo_code))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "tenant.duo_code must match ^(PO|VO) [0-9]{2}-[0-9]{2}$, e.g. \"PO 27-04\" (got "
		    "\"%.40s\")",
		    t->duo_code);
	if (TOUCH("sector") || TOUCH("duo_code")) {
		Passend__V1__Sector derived =
		    t->duo_code[0] == 'P' ? PASSEND__V1__SECTOR__PO : PASSEND__V1__SECTOR__VO;
		int unset = t->sector == PASSEND__V1__SECTOR__SECTOR_UNSPECIFIED;
		if (unset && TOUCH("duo_code")) {
			/* the statement takes the prefix's */
		} else if (t->sector != PASSEND__V1__SECTOR__PO && t->sector != PASSEND__V1__SECTOR__VO) {
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "tenant.sector must be PO or VO");
		} else if (TOUCH("duo_code") && t->sector != derived) {
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "tenant.sector must match the DUO code's prefix (%.2s)", t->duo_code);
		}
	}
	if (TOUCH("legal_form") && strlen(t->legal_form) > 100)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "tenant.legal_form is at most 100 characters");
	if (TOUCH("governance_model") && (t->governance_model < 0 || t->governance_model > 2))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "tenant.governance_model is not a known value");
	const Passend__V1__MonthDay *md[3] = {t->schooljaar_start, t->trimester2_start, t->trimester3_start};
	for (int k = 0; k < 3; k++) {
		if (!TOUCH(md_names[k])) continue;
		if (md[k] && (md[k]->month || md[k]->day)) {
			if (!svc_valid_month_day(md[k]->month, md[k]->day))
				return res_fail(
				    c, GRPC_STATUS_INVALID_ARGUMENT,
				    "tenant.%s must be a calendar day (month 1-12, day valid for the "
				    "month; got %d/%d)",
				    md_names[k], md[k]->month, md[k]->day);
		} else if (!create) {
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
			                "tenant.%s is in update_mask but not set", md_names[k]);
		}
	}
	if (TOUCH("small_cell_threshold") && out_of_range(create, t->small_cell_threshold, 1, 100))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "tenant.small_cell_threshold must be 1..100 (got %d)",
		                t->small_cell_threshold);
	if (TOUCH("tlv_termijn_eenheid") && out_of_range(create, t->tlv_termijn_eenheid, 1, 3))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "tenant.tlv_termijn_eenheid must be KALENDERDAGEN, WERKDAGEN or WEKEN");
	if (TOUCH("tlv_termijn") && out_of_range(create, t->tlv_termijn, 1, 1000))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "tenant.tlv_termijn must be > 0 (at most 1000; got %d)", t->tlv_termijn);
	if (TOUCH("tlv_minimale_duur_maanden") && out_of_range(create, t->tlv_minimale_duur_maanden, 1, 1000))
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT,
		                "tenant.tlv_minimale_duur_maanden must be > 0 (at most 1000; got %d)",
		                t->tlv_minimale_duur_maanden);
	if (TOUCH("retention_months") && (t->retention_months < 0 || t->retention_months > 1200))
		return res_fail(
		    c, GRPC_STATUS_INVALID_ARGUMENT,
		    "tenant.retention_months must be 1..1200, or 0 to keep pupil records (got %d)",
		    t->retention_months);
	return 0;
#undef TOUCH
}

/* A duplicate DUO code and the table's sector rule, named for the client. */
#define TENANT_ERRORS                                                                                        \
	RES_DB_ERRORS(                                                                                       \
	    RES_UNIQUE("\"tenants_duo_code_key\"", "tenant.duo_code is already used by another tenant"),     \
	    RES_CHECK("\"tenants_check\"", "tenant.sector must match the DUO code's prefix (PO or VO)"))

RES_METHOD(create, SERVICE, "CreateTenant", passend__v1__create_tenant_request, passend__v1__tenant,
           RPC_ROLE_ADMIN, 0, .q = &sql_tenant_insert, .required = "tenant", .check_obj = check_tenant,
           .db_errors = TENANT_ERRORS, .rpc.audit_roles = RPC_ROLE_ADMIN);
RES_METHOD(get, SERVICE, "GetTenant", passend__v1__get_tenant_request, passend__v1__tenant, RPC_ROLE_ADMIN,
           RES_IDEMPOTENT, .q = &sql_tenant_get, .id = "id", .not_found = "tenant not found",
           .rpc.audit_roles = RPC_ROLE_ADMIN);
RES_METHOD(list, SERVICE, "ListTenants", passend__v1__list_tenants_request,
           passend__v1__list_tenants_response, RPC_ROLE_ADMIN, RES_IDEMPOTENT, .kind = RES_LIST,
           .q = &sql_tenant_list, .rpc.audit_roles = RPC_ROLE_ADMIN);
RES_METHOD(update, SERVICE, "UpdateTenant", passend__v1__update_tenant_request, passend__v1__tenant,
           RPC_ROLE_ADMIN, RES_IDEMPOTENT, .q = &sql_tenant_update, .required = "tenant", .id = "tenant.id",
           .updatable = updatable, .check_obj = check_tenant, .not_found = "tenant not found",
           .db_errors = TENANT_ERRORS, .rpc.audit_roles = RPC_ROLE_ADMIN);

static const rpc_method *const methods[] = {&create.rpc, &get.rpc, &list.rpc, &update.rpc, NULL};
const service svc_area_tenant = {SERVICE, methods, sql_tenant_stmts};
