/* tenancy: passend.v1.Tenancy: tenants (SWVs), tokens, WhoAmI and the audit
 * log. Tenants and tokens are for role admin; every admin call is audited
 * (audit.h): its statement names the rows it touched and the audit row
 * follows in the same transaction; failures are audited by svc_fail. */
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "grpc_status.h"
#include "passend/v1/tenancy.pb-c.h"
#include "svc.h"
#include "svc_db.h"
#include "svc_validate.h"
#include "token.h"
#include "util.h"

#define TENANT_COLS                                                                                          \
	"id, name, duo_code, sector, legal_form, governance_model, schooljaar_start_month, "                 \
	"schooljaar_start_day, trimester2_month, trimester2_day, trimester3_month, trimester3_day, "         \
	"small_cell_threshold, (extract(epoch FROM created_at) * 1e6)::bigint, "                             \
	"(extract(epoch FROM updated_at) * 1e6)::bigint, tlv_termijn_eenheid, tlv_termijn, "                 \
	"tlv_minimale_duur_maanden"
#define TOKEN_COLS                                                                                           \
	"id, role, coalesce(swv_id::text, ''), array_to_string(scope, ','), "                                \
	"(extract(epoch FROM expires_at) * 1e6)::bigint, description, "                                      \
	"(extract(epoch FROM created_at) * 1e6)::bigint, (extract(epoch FROM revoked_at) * 1e6)::bigint"
/* Statements of audited methods name the rows of r for the audit row that
 * svc_submit appends (AUDIT_IDS_OF, audit.h). */
#define MICROS(p) "('epoch'::timestamptz + NULLIF(" p ", '')::bigint * interval '1 microsecond')"

static const pg_stmt svc_tn_stmt_tenant_insert = {
    "tn_tenant_insert",
    "WITH r AS (INSERT INTO platform.tenants (name, duo_code, sector, legal_form, governance_model, "
    "schooljaar_start_month, schooljaar_start_day, trimester2_month, trimester2_day, trimester3_month, "
    "trimester3_day, small_cell_threshold, tlv_termijn_eenheid, tlv_termijn, tlv_minimale_duur_maanden) "
    "VALUES ($1, $2, $3, $4, $5::smallint, $6::smallint, $7::smallint, $8::smallint, $9::smallint, "
    "$10::smallint, $11::smallint, $12::int, $13::smallint, $14::int, $15::int) RETURNING " TENANT_COLS
    ") SELECT r.* FROM r, " AUDIT_IDS_OF("r"),
    15};
static const pg_stmt svc_tn_stmt_tenant_get = {
    "tn_tenant_get",
    "WITH r AS (SELECT " TENANT_COLS
    " FROM platform.tenants WHERE id = $1::uuid) SELECT r.* FROM r, " AUDIT_IDS_OF("r"),
    1};
static const pg_stmt svc_tn_stmt_tenant_list = {
    "tn_tenant_list",
    "WITH r AS (SELECT " TENANT_COLS " FROM platform.tenants WHERE ($1 = '' OR id > NULLIF($1, '')::uuid) "
    "ORDER BY id LIMIT $2::int) SELECT r.* FROM r, " AUDIT_IDS_OF("r") " ORDER BY r.id",
    2};
/* $2: the update mask as a text[] of known field names */
#define SET_IF(col, f, v) col " = CASE WHEN '" f "' = ANY ($2::text[]) THEN " v " ELSE " col " END, "
static const pg_stmt svc_tn_stmt_tenant_update = {
    "tn_tenant_update",
    "WITH r AS (UPDATE platform.tenants SET " SET_IF("name", "name", "$3")
        SET_IF("duo_code", "duo_code", "$4") SET_IF("sector", "sector", "$5") SET_IF(
            "legal_form", "legal_form", "$6") SET_IF("governance_model", "governance_model", "$7::smallint")
            SET_IF("schooljaar_start_month", "schooljaar_start",
                   "$8::smallint") SET_IF("schooljaar_start_day", "schooljaar_start", "$9::smallint")
                SET_IF("trimester2_month", "trimester2_start",
                       "$10::smallint") SET_IF("trimester2_day", "trimester2_start", "$11::smallint")
                    SET_IF("trimester3_month", "trimester3_start",
                           "$12::smallint") SET_IF("trimester3_day", "trimester3_start", "$13::smallint")
                        SET_IF("small_cell_threshold", "small_cell_threshold", "$14::int") SET_IF(
                            "tlv_termijn_eenheid", "tlv_termijn_eenheid",
                            "$15::smallint") SET_IF("tlv_termijn", "tlv_termijn", "$16::int")
                            SET_IF("tlv_minimale_duur_maanden", "tlv_minimale_duur_maanden",
                                   "$17::int") "updated_at = now() WHERE id = $1::uuid RETURNING " TENANT_COLS
                                               ") SELECT r.* FROM r, " AUDIT_IDS_OF("r"),
    17};
/* token_scope_check raises P0002 naming a missing tenant or scope id; a
 * missing tenant of a bestuur/toezicht token fails the foreign key (23503). */
static const pg_stmt svc_tn_stmt_token_insert = {
    "tn_token_insert",
    "WITH c AS (SELECT platform.token_scope_check(NULLIF($3, '')::uuid, $2, $4::uuid[]) AS n), "
    "r AS (INSERT INTO platform.tokens (id, role, swv_id, scope, secret_hash, expires_at, description) "
    "SELECT $1::uuid, $2, NULLIF($3, '')::uuid, $4::uuid[], decode($5, 'hex'), " MICROS(
        "$6") ", $7 FROM c "
              "RETURNING " TOKEN_COLS ") SELECT r.* FROM r, " AUDIT_IDS_OF("r"),
    7};
static const pg_stmt svc_tn_stmt_token_list = {
    "tn_token_list",
    "WITH r AS (SELECT " TOKEN_COLS " FROM platform.tokens WHERE ($1 = '' OR swv_id = NULLIF($1, '')::uuid) "
    "AND ($2::bool OR revoked_at IS NULL) AND ($3 = '' OR id > NULLIF($3, '')::uuid) ORDER BY id "
    "LIMIT $4::int) SELECT r.* FROM r, " AUDIT_IDS_OF("r") " ORDER BY r.id",
    4};
static const pg_stmt svc_tn_stmt_token_revoke = {
    "tn_token_revoke",
    "WITH r AS (UPDATE platform.tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1::uuid "
    "RETURNING " TOKEN_COLS ") SELECT r.* FROM r, " AUDIT_IDS_OF("r"),
    1};
/* Row level security limits bestuur to its own tenant; $1 narrows further. */
static const pg_stmt svc_tn_stmt_audit_list = {
    "tn_audit_list",
    "SELECT id, (extract(epoch FROM at) * 1e6)::bigint, coalesce(swv_id::text, ''), "
    "coalesce(token_id::text, ''), coalesce(role, ''), method, array_to_string(object_ids, ','), outcome, "
    "peer "
    "FROM platform.audit_log WHERE ($1 = '' OR swv_id = NULLIF($1, '')::uuid) AND ($2 = '' OR method = $2) "
    "AND ($3 = '' OR at >= " MICROS("$3") ") AND ($4 = '' OR id < NULLIF($4, '')::bigint) "
                                          "ORDER BY id DESC LIMIT $5::int",
    5};

/* Proto Role enum value (ADMIN = 1 ...) of a role name, or 0. */
static int role_enum(const char *name)
{
	unsigned bit = auth_role_from_name(name);
	for (int i = 0; i < 5; i++)
		if (bit == 1u << i) return i + 1;
	return 0;
}

/* Split a comma-separated list in place into at most max pointers. */
static size_t split_ids(char *s, char **out, size_t max)
{
	size_t n = 0;
	if (!s || !*s) return 0;
	for (char *p = s; n < max;) {
		out[n++] = p;
		char *c = strchr(p, ',');
		if (!c) break;
		*c = '\0';
		p = c + 1;
	}
	return n;
}

static size_t count_ids(const char *s)
{
	size_t n = s && *s ? 1 : 0;
	for (; s && *s; s++)
		if (*s == ',') n++;
	return n;
}

/* ---- tenants ----------------------------------------------------------------- */

typedef struct tenant_buf {
	Passend__V1__Tenant t;
	Passend__V1__MonthDay md[3];
	Passend__V1__Timestamp ts[2];
} tenant_buf;

static void tenant_row(const PGresult *res, int i, tenant_buf *b)
{
	Passend__V1__Tenant *t = &b->t;
	passend__v1__tenant__init(t);
	for (int k = 0; k < 3; k++) {
		passend__v1__month_day__init(&b->md[k]);
		b->md[k].month = atoi(svc_val(res, i, 6 + 2 * k));
		b->md[k].day = atoi(svc_val(res, i, 7 + 2 * k));
	}
	passend__v1__timestamp__init(&b->ts[0]);
	passend__v1__timestamp__init(&b->ts[1]);
	const char *sector = svc_val(res, i, 3);
	t->id = (char *)svc_val(res, i, 0);
	t->name = (char *)svc_val(res, i, 1);
	t->duo_code = (char *)svc_val(res, i, 2);
	t->sector = strcmp(sector, "PO") == 0 ? PASSEND__V1__SECTOR__PO : PASSEND__V1__SECTOR__VO;
	t->legal_form = (char *)svc_val(res, i, 4);
	t->governance_model = atoi(svc_val(res, i, 5));
	t->schooljaar_start = &b->md[0];
	t->trimester2_start = &b->md[1];
	t->trimester3_start = &b->md[2];
	t->small_cell_threshold = atoi(svc_val(res, i, 12));
	t->created_at = svc_ts(svc_val(res, i, 13), &b->ts[0]);
	t->updated_at = svc_ts(svc_val(res, i, 14), &b->ts[1]);
	t->tlv_termijn_eenheid = atoi(svc_val(res, i, 15));
	t->tlv_termijn = atoi(svc_val(res, i, 16));
	t->tlv_minimale_duur_maanden = atoi(svc_val(res, i, 17));
}

/* Failure of a tenant write: a duplicate DUO code and the sector rule get
 * messages naming the field; the rest as svc_fail_db. */
static void tenant_fail_db(rpc_call *call, const pg_reply *rep)
{
	if (rep->status == PG_E_SQL && strcmp(rep->sqlstate, "23505") == 0 &&
	    strstr(rep->message, "duo_code"))
		svc_fail(call, GRPC_STATUS_ALREADY_EXISTS,
		         "tenant.duo_code is already used by another tenant");
	else if (rep->status == PG_E_SQL && strcmp(rep->sqlstate, "23514") == 0 &&
	         strstr(rep->message, "\"tenants_check\""))
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "tenant.sector must match the DUO code's prefix (PO or VO)");
	else
		svc_fail_db(call, rep);
}

static void tenant_one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	const PGresult *res = svc_result(rep, 0);
	if (rep->status != PG_OK) {
		tenant_fail_db(call, rep);
	} else if (!res || PQntuples(res) != 1) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND, "tenant not found");
	} else {
		tenant_buf b;
		tenant_row(res, 0, &b);
		rpc_reply(call, &b.t.base);
	}
}

/* Field values of a tenant as statement parameters. */
typedef struct tenant_params {
	char sector[4], gov[8], md[6][8], threshold[16], eenheid[8], termijn[16], duur[16];
} tenant_params;

static const char *sector_text(int sector)
{
	return sector == PASSEND__V1__SECTOR__PO ? "PO" : "VO";
}

/* Which tenant fields a check applies to: all (create) or the mask. */
typedef struct tenant_fields {
	int all;
	const char *const *mask;
	size_t n;
} tenant_fields;

static int has_field(const tenant_fields *f, const char *name)
{
	if (f->all) return 1;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->mask[i], name) == 0) return 1;
	return 0;
}

/* Check (and on create default) the fields of t named by f; fills p. On a
 * bad value finishes the call with INVALID_ARGUMENT and returns -1. */
static int tenant_check(rpc_call *call, Passend__V1__Tenant *t, const tenant_fields *f, tenant_params *p)
{
	static const char *const md_names[3] = {"schooljaar_start", "trimester2_start", "trimester3_start"};
	static const int md_default[3][2] = {{8, 1}, {12, 1}, {4, 1}};
	int create = f->all;
	if (has_field(f, "name") && (!t->name[0] || strlen(t->name) > 200)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "tenant.name is required (at most 200 characters)");
		return -1;
	}
	if (has_field(f, "duo_code") && !svc_is_duo_code(t->duo_code)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "tenant.duo_code must match ^(PO|VO) [0-9]{2}-[0-9]{2}$, e.g. \"PO 27-04\" (got "
		         "\"%.40s\")",
		         t->duo_code);
		return -1;
	}
	if (has_field(f, "sector") || (!create && has_field(f, "duo_code"))) {
		Passend__V1__Sector derived =
		    t->duo_code[0] == 'P' ? PASSEND__V1__SECTOR__PO : PASSEND__V1__SECTOR__VO;
		if (t->sector == PASSEND__V1__SECTOR__SECTOR_UNSPECIFIED && has_field(f, "duo_code")) {
			t->sector = derived;
		} else if (t->sector != PASSEND__V1__SECTOR__PO && t->sector != PASSEND__V1__SECTOR__VO) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant.sector must be PO or VO");
			return -1;
		} else if (has_field(f, "duo_code") && t->sector != derived) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
			         "tenant.sector must match the DUO code's prefix (%.2s)", t->duo_code);
			return -1;
		}
	}
	if (has_field(f, "legal_form") && strlen(t->legal_form) > 100) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant.legal_form is at most 100 characters");
		return -1;
	}
	if (has_field(f, "governance_model") && (t->governance_model < 0 || t->governance_model > 2)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant.governance_model is not a known value");
		return -1;
	}
	Passend__V1__MonthDay *md[3] = {t->schooljaar_start, t->trimester2_start, t->trimester3_start};
	for (int k = 0; k < 3; k++) {
		int m = md_default[k][0], d = md_default[k][1];
		if (has_field(f, md_names[k])) {
			if (md[k] && (md[k]->month || md[k]->day)) {
				m = md[k]->month;
				d = md[k]->day;
				if (!svc_valid_month_day(m, d)) {
					svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
					         "tenant.%s must be a calendar day (month 1-12, day valid "
					         "for the month; got %d/%d)",
					         md_names[k], m, d);
					return -1;
				}
			} else if (!create) {
				svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
				         "tenant.%s is in update_mask but not set", md_names[k]);
				return -1;
			}
		}
		snprintf(p->md[2 * k], sizeof p->md[0], "%d", m);
		snprintf(p->md[2 * k + 1], sizeof p->md[0], "%d", d);
	}
	if (create && t->small_cell_threshold == 0) t->small_cell_threshold = 5;
	if (has_field(f, "small_cell_threshold") &&
	    (t->small_cell_threshold < 1 || t->small_cell_threshold > 100)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "tenant.small_cell_threshold must be 1..100 (got %d)", t->small_cell_threshold);
		return -1;
	}
	if (create && t->tlv_termijn_eenheid == 0)
		t->tlv_termijn_eenheid = PASSEND__V1__TERMIJN_EENHEID__WEKEN;
	if (create && t->tlv_termijn == 0) t->tlv_termijn = 6;
	if (create && t->tlv_minimale_duur_maanden == 0) t->tlv_minimale_duur_maanden = 12;
	if (has_field(f, "tlv_termijn_eenheid") &&
	    (t->tlv_termijn_eenheid < 1 || t->tlv_termijn_eenheid > 3)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "tenant.tlv_termijn_eenheid must be KALENDERDAGEN, WERKDAGEN or WEKEN");
		return -1;
	}
	if (has_field(f, "tlv_termijn") && (t->tlv_termijn < 1 || t->tlv_termijn > 1000)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "tenant.tlv_termijn must be > 0 (at most 1000; got %d)", t->tlv_termijn);
		return -1;
	}
	if (has_field(f, "tlv_minimale_duur_maanden") &&
	    (t->tlv_minimale_duur_maanden < 1 || t->tlv_minimale_duur_maanden > 1000)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "tenant.tlv_minimale_duur_maanden must be > 0 (at most 1000; got %d)",
		         t->tlv_minimale_duur_maanden);
		return -1;
	}
	snprintf(p->sector, sizeof p->sector, "%s", sector_text(t->sector));
	snprintf(p->gov, sizeof p->gov, "%d", t->governance_model);
	snprintf(p->threshold, sizeof p->threshold, "%d", t->small_cell_threshold);
	snprintf(p->eenheid, sizeof p->eenheid, "%d", t->tlv_termijn_eenheid);
	snprintf(p->termijn, sizeof p->termijn, "%d", t->tlv_termijn);
	snprintf(p->duur, sizeof p->duur, "%d", t->tlv_minimale_duur_maanden);
	return 0;
}

static void create_tenant(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateTenantRequest *req = (const void *)msg;
	if (!req->tenant) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant is required");
		return;
	}
	Passend__V1__Tenant t = *req->tenant; /* a copy: defaults are filled in */
	tenant_fields all = {.all = 1};
	tenant_params p;
	if (tenant_check(call, &t, &all, &p) != 0) return;
	const char *params[15] = {t.name,  t.duo_code,  p.sector,  t.legal_form, p.gov,
	                          p.md[0], p.md[1],     p.md[2],   p.md[3],      p.md[4],
	                          p.md[5], p.threshold, p.eenheid, p.termijn,    p.duur};
	svc_run1(call, tenant_one_done, call, &svc_tn_stmt_tenant_insert, params);
}

static void get_tenant(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__GetTenantRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	const char *params[1] = {req->id};
	svc_run1(call, tenant_one_done, call, &svc_tn_stmt_tenant_get, params);
}

static const char *const tenant_mask_fields[] = {"name",
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
                                                 NULL};

static void update_tenant(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__UpdateTenantRequest *req = (const void *)msg;
	if (!req->tenant) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant is required");
		return;
	}
	if (!svc_is_uuid(req->tenant->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant.id is not a UUID");
		return;
	}
	if (req->n_update_mask == 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "update_mask is empty: name the fields to change");
		return;
	}
	if (req->n_update_mask > 12) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "update_mask names more than the 12 updatable fields");
		return;
	}
	char mask[400] = "{";
	for (size_t i = 0; i < req->n_update_mask; i++) {
		const char *name = req->update_mask[i];
		int known = 0;
		for (const char *const *k = tenant_mask_fields; *k && !known; k++)
			known = strcmp(*k, name) == 0;
		if (!known) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
			         "update_mask: unknown field \"%.60s\" (updatable: name, duo_code, sector, "
			         "legal_form, "
			         "governance_model, schooljaar_start, trimester2_start, trimester3_start, "
			         "small_cell_threshold, tlv_termijn_eenheid, tlv_termijn, "
			         "tlv_minimale_duur_maanden)",
			         name);
			return;
		}
		if (i) strcat(mask, ",");
		strcat(mask, name); /* at most 12 known names of at most 26 chars: fits */
	}
	strcat(mask, "}");
	Passend__V1__Tenant t = *req->tenant;
	tenant_fields f = {.mask = (const char *const *)req->update_mask, .n = req->n_update_mask};
	tenant_params p;
	if (tenant_check(call, &t, &f, &p) != 0) return;
	/* a new DUO code carries its sector */
	if (has_field(&f, "duo_code") && !has_field(&f, "sector")) {
		if (strlen(mask) + 8 < sizeof mask) {
			mask[strlen(mask) - 1] = '\0';
			strcat(mask, ",sector}");
		}
	}
	const char *params[17] = {t.id,    mask,        t.name,    t.duo_code, p.sector, t.legal_form,
	                          p.gov,   p.md[0],     p.md[1],   p.md[2],    p.md[3],  p.md[4],
	                          p.md[5], p.threshold, p.eenheid, p.termijn,  p.duur};
	svc_run1(call, tenant_one_done, call, &svc_tn_stmt_tenant_update, params);
}

static void list_tenants_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	tenant_buf *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__Tenant **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	if (rows && ptrs) {
		for (int i = 0; i < n; i++) {
			tenant_row(res, i, &rows[i]);
			ptrs[i] = &rows[i].t;
		}
		char next[128];
		svc_list_next(res, n, more, next);
		Passend__V1__ListTenantsResponse out = PASSEND__V1__LIST_TENANTS_RESPONSE__INIT;
		out.n_tenants = (size_t)n;
		out.tenants = ptrs;
		out.next_page_token = next;
		rpc_reply(call, &out.base);
	} else {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	}
	free(rows), free(ptrs);
}

static void list_tenants(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListTenantsRequest *req = (const void *)msg;
	char after[40], limit[16];
	int size;
	if (svc_page(call, req->page, 1, &size, after, sizeof after) != 0) return;
	snprintf(limit, sizeof limit, "%d", size + 1);
	/* the audit row names the rows read, including the one that only tells
	 * whether there is a next page: acceptable (it is the admin's view) */
	const char *params[2] = {after, limit};
	svc_list *l = svc_list_new(call, size);
	if (l) svc_list_submit(call, l, list_tenants_done, &svc_tn_stmt_tenant_list, params);
}

/* ---- tokens ------------------------------------------------------------------------ */

typedef struct token_buf {
	Passend__V1__Token t;
	Passend__V1__Timestamp ts[3];
	char *scope; /* malloc'd copy split in place */
	char **ids;
} token_buf;

/* Fill b from row i. Returns 0, or -1 when out of memory (free with
 * token_buf_free either way). */
static int token_row(const PGresult *res, int i, token_buf *b)
{
	passend__v1__token__init(&b->t);
	for (int k = 0; k < 3; k++)
		passend__v1__timestamp__init(&b->ts[k]);
	b->t.id = (char *)svc_val(res, i, 0);
	b->t.role = role_enum(svc_val(res, i, 1));
	b->t.tenant_id = (char *)svc_val(res, i, 2);
	const char *scope = svc_val(res, i, 3);
	size_t n = count_ids(scope);
	b->scope = strdup(scope ? scope : "");
	b->ids = calloc(n + 1, sizeof *b->ids);
	if (!b->scope || !b->ids) return -1;
	b->t.n_scope_ids = split_ids(b->scope, b->ids, n);
	b->t.scope_ids = b->ids;
	b->t.expires_at = svc_ts(svc_val(res, i, 4), &b->ts[0]);
	b->t.description = (char *)svc_val(res, i, 5);
	b->t.created_at = svc_ts(svc_val(res, i, 6), &b->ts[1]);
	b->t.revoked_at = svc_ts(svc_val(res, i, 7), &b->ts[2]);
	return 0;
}

static void token_buf_free(token_buf *b)
{
	free(b->scope);
	free(b->ids);
}

/* Context of CreateToken: the token string, shown once in the reply. */
typedef struct create_token_ctx {
	rpc_call *call;
	char token[SVC_UUID_LEN + 1 + 48];
} create_token_ctx;

static void create_token_done(void *arg, const pg_reply *rep)
{
	create_token_ctx *c = arg;
	rpc_call *call = c->call;
	const PGresult *res = svc_result(rep, 0);
	token_buf b = {0};
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
	} else if (!res || PQntuples(res) != 1) {
		svc_fail(call, GRPC_STATUS_INTERNAL, "token was not stored");
	} else if (token_row(res, 0, &b) != 0) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	} else {
		Passend__V1__CreateTokenResponse out = PASSEND__V1__CREATE_TOKEN_RESPONSE__INIT;
		out.token_info = &b.t;
		out.token = c->token;
		rpc_reply(call, &out.base);
	}
	token_buf_free(&b);
	OPENSSL_cleanse(c->token, sizeof c->token);
	free(c);
}

static void token_one_done(void *arg, const pg_reply *rep)
{
	rpc_call *call = arg;
	const PGresult *res = svc_result(rep, 0);
	token_buf b = {0};
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
	} else if (!res || PQntuples(res) != 1) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND, "token not found");
	} else if (token_row(res, 0, &b) != 0) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	} else {
		rpc_reply(call, &b.t.base);
	}
	token_buf_free(&b);
}

/* A random (version 4) UUID in lower case. Returns 0 or -1. */
static void create_token(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateTokenRequest *req = (const void *)msg;
	const char *role = req->role >= 1 && req->role <= 5 ? auth_role_name(1u << (req->role - 1)) : NULL;
	int scoped = req->role == PASSEND__V1__ROLE__WERKGEBIED || req->role == PASSEND__V1__ROLE__SCHOOL;
	if (!role) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "role is required: ADMIN, BESTUUR, TOEZICHT, WERKGEBIED or SCHOOL");
		return;
	}
	if (req->role == PASSEND__V1__ROLE__ADMIN && req->tenant_id[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant_id must be empty for role ADMIN");
		return;
	}
	if (req->role != PASSEND__V1__ROLE__ADMIN && !req->tenant_id[0]) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant_id is required for role %s", role);
		return;
	}
	if (req->tenant_id[0] && !svc_is_uuid(req->tenant_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant_id is not a UUID");
		return;
	}
	if (scoped && req->n_scope_ids == 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "scope_ids is required for role %s (%s ids)",
		         role, req->role == PASSEND__V1__ROLE__WERKGEBIED ? "werkgebied" : "school");
		return;
	}
	if (!scoped && req->n_scope_ids > 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "scope_ids must be empty for role %s", role);
		return;
	}
	if (req->n_scope_ids > 1000) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "scope_ids: at most 1000 ids");
		return;
	}
	for (size_t i = 0; i < req->n_scope_ids; i++) {
		if (!svc_is_uuid(req->scope_ids[i])) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "scope_ids[%zu] is not a UUID", i);
			return;
		}
	}
	if (strlen(req->description) > 500) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "description is at most 500 characters");
		return;
	}
	char expires[32];
	svc_ts_param(req->expires_at, expires);
	if (req->expires_at && strtoll(expires, NULL, 10) <= clock_wall_us()) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "expires_at must be in the future");
		return;
	}
	/* scope literal "{uuid,uuid}" */
	char *scope = malloc(3 + req->n_scope_ids * (SVC_UUID_LEN + 1));
	create_token_ctx *c = calloc(1, sizeof *c);
	if (!scope || !c) {
		free(scope), free(c);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	char *o = scope;
	*o++ = '{';
	for (size_t i = 0; i < req->n_scope_ids; i++) {
		if (i) *o++ = ',';
		memcpy(o, req->scope_ids[i], SVC_UUID_LEN);
		o += SVC_UUID_LEN;
	}
	*o++ = '}';
	*o = '\0';
	/* "<id>.<secret>": shown once in the reply; the database keeps the hash */
	token_minted t;
	c->call = call;
	if (token_mint(&t) != 0) {
		free(scope), free(c);
		svc_fail(call, GRPC_STATUS_INTERNAL, "token could not be made");
		return;
	}
	snprintf(c->token, sizeof c->token, "%s", t.text);
	char id[UUID_LEN + 1], hex[sizeof t.hash_hex];
	memcpy(id, t.id, sizeof id);
	memcpy(hex, t.hash_hex, sizeof hex);
	token_wipe(&t);
	const char *params[7] = {id, role, req->tenant_id, scope, hex, expires, req->description};
	pg_req *r = svc_req(call, create_token_done, c);
	if (!r) {
		OPENSSL_cleanse(c->token, sizeof c->token);
		free(scope), free(c);
		return;
	}
	if (pg_req_add(r, &svc_tn_stmt_token_insert, params) != 0) {
		pg_req_free(r);
		OPENSSL_cleanse(c->token, sizeof c->token);
		free(scope), free(c);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	free(scope); /* pg_req_add copied the parameters */
	if (svc_submit(call, r) != 0) {
		OPENSSL_cleanse(c->token, sizeof c->token);
		free(c);
	}
}

static void list_tokens_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more, ok = 1;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	token_buf *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__Token **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	ok = rows && ptrs;
	for (int i = 0; ok && i < n; i++) {
		ok = token_row(res, i, &rows[i]) == 0;
		ptrs[i] = &rows[i].t;
	}
	if (ok) {
		char next[128];
		svc_list_next(res, n, more, next);
		Passend__V1__ListTokensResponse out = PASSEND__V1__LIST_TOKENS_RESPONSE__INIT;
		out.n_tokens = (size_t)n;
		out.tokens = ptrs;
		out.next_page_token = next;
		rpc_reply(call, &out.base);
	} else {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	}
	for (int i = 0; rows && i < n; i++)
		token_buf_free(&rows[i]);
	free(rows), free(ptrs);
}

static void list_tokens(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListTokensRequest *req = (const void *)msg;
	char after[40], limit[16];
	int size;
	if (req->tenant_id[0] && !svc_is_uuid(req->tenant_id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant_id is not a UUID");
		return;
	}
	if (svc_page(call, req->page, 1, &size, after, sizeof after) != 0) return;
	snprintf(limit, sizeof limit, "%d", size + 1);
	const char *params[4] = {req->tenant_id, req->include_revoked ? "true" : "false", after, limit};
	svc_list *l = svc_list_new(call, size);
	if (l) svc_list_submit(call, l, list_tokens_done, &svc_tn_stmt_token_list, params);
}

static void revoke_token(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__RevokeTokenRequest *req = (const void *)msg;
	if (!svc_is_uuid(req->id)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "id is not a UUID");
		return;
	}
	const char *params[1] = {req->id};
	svc_run1(call, token_one_done, call, &svc_tn_stmt_token_revoke, params);
}

/* ---- who am I ------------------------------------------------------------------------ */

static void who_am_i(rpc_call *call, const ProtobufCMessage *msg)
{
	(void)msg;
	const auth_principal *p = svc_principal(call);
	if (!p) {
		rpc_finish(call, GRPC_STATUS_INTERNAL, "no principal");
		return;
	}
	size_t n = count_ids(p->scope);
	char *scope = strdup(p->scope);
	char **ids = calloc(n + 1, sizeof *ids);
	if (!scope || !ids) {
		free(scope), free(ids);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	Passend__V1__WhoAmIResponse out = PASSEND__V1__WHO_AM_IRESPONSE__INIT;
	Passend__V1__Timestamp ts = PASSEND__V1__TIMESTAMP__INIT;
	out.token_id = (char *)p->token_id;
	out.role = role_enum(p->role_name);
	out.tenant_id = (char *)p->swv_id;
	out.tenant_name = p->tenant_name;
	out.n_scope_ids = split_ids(scope, ids, n);
	out.scope_ids = ids;
	if (p->expires_at_ms) {
		ts.seconds = p->expires_at_ms / 1000;
		ts.nanos = (int32_t)(p->expires_at_ms % 1000) * 1000000;
		out.expires_at = &ts;
	}
	out.description = p->description;
	rpc_reply(call, &out.base);
	free(scope), free(ids);
}

/* ---- audit log ------------------------------------------------------------------------ */

typedef struct audit_buf {
	Passend__V1__AuditEvent e;
	Passend__V1__Timestamp ts;
	char *objs;
	char **ids;
} audit_buf;

static void list_audit_done(void *arg, const pg_reply *rep)
{
	rpc_call *call;
	const PGresult *res;
	int n, more, ok;
	if (svc_list_rows(arg, rep, &call, &res, &n, &more) != 0) return;
	audit_buf *rows = calloc((size_t)n + 1, sizeof *rows);
	Passend__V1__AuditEvent **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
	ok = rows && ptrs;
	for (int i = 0; ok && i < n; i++) {
		audit_buf *b = &rows[i];
		passend__v1__audit_event__init(&b->e);
		passend__v1__timestamp__init(&b->ts);
		const char *objs = svc_val(res, i, 6);
		size_t k = count_ids(objs);
		b->objs = strdup(objs ? objs : "");
		b->ids = calloc(k + 1, sizeof *b->ids);
		if (!b->objs || !b->ids) {
			ok = 0;
			break;
		}
		b->e.id = strtoll(svc_val(res, i, 0), NULL, 10);
		b->e.at = svc_ts(svc_val(res, i, 1), &b->ts);
		b->e.tenant_id = (char *)svc_val(res, i, 2);
		b->e.token_id = (char *)svc_val(res, i, 3);
		b->e.role = role_enum(svc_val(res, i, 4));
		b->e.method = (char *)svc_val(res, i, 5);
		b->e.n_object_ids = split_ids(b->objs, b->ids, k);
		b->e.object_ids = b->ids;
		b->e.outcome = atoi(svc_val(res, i, 7));
		b->e.peer = (char *)svc_val(res, i, 8);
		ptrs[i] = &b->e;
	}
	if (ok) {
		char next[128];
		svc_list_next(res, n, more, next);
		Passend__V1__ListAuditEventsResponse out = PASSEND__V1__LIST_AUDIT_EVENTS_RESPONSE__INIT;
		out.n_events = (size_t)n;
		out.events = ptrs;
		out.next_page_token = next;
		rpc_reply(call, &out.base);
	} else {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	}
	for (int i = 0; rows && i < n; i++)
		free(rows[i].objs), free(rows[i].ids);
	free(rows), free(ptrs);
}

static void list_audit_events(rpc_call *call, const ProtobufCMessage *msg)
{
	const Passend__V1__ListAuditEventsRequest *req = (const void *)msg;
	const auth_principal *p = svc_principal(call);
	char before[40], limit[16], since[32];
	int size;
	/* bestuur: always its own tenant (row level security enforces it too) */
	const char *tenant = p->role == RPC_ROLE_ADMIN ? req->tenant_id : p->swv_id;
	if (tenant[0] && !svc_is_uuid(tenant)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "tenant_id is not a UUID");
		return;
	}
	if (strlen(req->method) > 200) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "method is at most 200 characters");
		return;
	}
	if (svc_page(call, req->page, 0, &size, before, sizeof before) != 0) return;
	svc_ts_param(req->since, since);
	snprintf(limit, sizeof limit, "%d", size + 1);
	const char *params[5] = {tenant, req->method, since, before, limit};
	svc_list *l = svc_list_new(call, size);
	if (!l) return;
	pg_req *r = svc_req(call, list_audit_done, l);
	if (!r) {
		free(l);
		return;
	}
	if (pg_req_add(r, &svc_tn_stmt_audit_list, params) != 0) {
		pg_req_free(r);
		free(l);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (svc_submit_audited(call, r, "{}") != 0) free(l);
}

#define ADMIN_METHOD(field, name, req, resp, fn, idem)                                                       \
	static const rpc_method field = {                                                                    \
	    .path = "/passend.v1.Tenancy/" name,                                                             \
	    .req_desc = &req,                                                                                \
	    .resp_desc = &resp,                                                                              \
	    .handler = fn,                                                                                   \
	    .roles = RPC_ROLE_ADMIN,                                                                         \
	    .idempotent = idem,                                                                              \
	    .audit_roles = RPC_ROLE_ADMIN,                                                                   \
	}

ADMIN_METHOD(svc_tn_create_tenant, "CreateTenant", passend__v1__create_tenant_request__descriptor,
             passend__v1__tenant__descriptor, create_tenant, 0);
ADMIN_METHOD(svc_tn_get_tenant, "GetTenant", passend__v1__get_tenant_request__descriptor,
             passend__v1__tenant__descriptor, get_tenant, 1);
ADMIN_METHOD(svc_tn_list_tenants, "ListTenants", passend__v1__list_tenants_request__descriptor,
             passend__v1__list_tenants_response__descriptor, list_tenants, 1);
ADMIN_METHOD(svc_tn_update_tenant, "UpdateTenant", passend__v1__update_tenant_request__descriptor,
             passend__v1__tenant__descriptor, update_tenant, 1);
ADMIN_METHOD(svc_tn_create_token, "CreateToken", passend__v1__create_token_request__descriptor,
             passend__v1__create_token_response__descriptor, create_token, 0);
ADMIN_METHOD(svc_tn_list_tokens, "ListTokens", passend__v1__list_tokens_request__descriptor,
             passend__v1__list_tokens_response__descriptor, list_tokens, 1);
ADMIN_METHOD(svc_tn_revoke_token, "RevokeToken", passend__v1__revoke_token_request__descriptor,
             passend__v1__token__descriptor, revoke_token, 1);

static const rpc_method svc_tn_who_am_i = {
    .path = "/passend.v1.Tenancy/WhoAmI",
    .req_desc = &passend__v1__who_am_irequest__descriptor,
    .resp_desc = &passend__v1__who_am_iresponse__descriptor,
    .handler = who_am_i,
    .roles = RPC_ROLE_ADMIN | RPC_ROLE_BESTUUR | RPC_ROLE_TOEZICHT | RPC_ROLE_WERKGEBIED | RPC_ROLE_SCHOOL,
    .idempotent = 1,
};
static const rpc_method svc_tn_list_audit_events = {
    .path = "/passend.v1.Tenancy/ListAuditEvents",
    .req_desc = &passend__v1__list_audit_events_request__descriptor,
    .resp_desc = &passend__v1__list_audit_events_response__descriptor,
    .handler = list_audit_events,
    .roles = RPC_ROLE_ADMIN | RPC_ROLE_BESTUUR,
    .idempotent = 1,
    .audit_roles = RPC_ROLE_ADMIN,
};

/* ---- area description ------------------------------------------------------------ */

static const rpc_method *const methods[] = {
    &svc_tn_create_tenant,     &svc_tn_get_tenant,
    &svc_tn_list_tenants,      &svc_tn_update_tenant,
    &svc_tn_create_token,      &svc_tn_list_tokens,
    &svc_tn_revoke_token,      &svc_tn_who_am_i,
    &svc_tn_list_audit_events, NULL,
};
static const pg_stmt *const stmts[] = {
    &svc_tn_stmt_tenant_insert, &svc_tn_stmt_tenant_get,   &svc_tn_stmt_tenant_list,
    &svc_tn_stmt_tenant_update, &svc_tn_stmt_token_insert, &svc_tn_stmt_token_list,
    &svc_tn_stmt_token_revoke,  &svc_tn_stmt_audit_list,   NULL,
};
const service svc_area_tenancy = {"passend.v1.Tenancy", methods, stmts};
