/* cli_tenancy: passend.v1.Tenancy — `passend whoami`, the objects `admin
 * tenant` and `admin token` as tables, and `passend audit list`. Flags
 * become request fields; only syntax is checked (exit 2), every other rule
 * is the server's (exit 1 with its code and message).
 */
#include "cli_resource.h"

#include <string.h>

#define CU (CLI_CREATE | CLI_UPDATE)

/* ---- passend whoami ---------------------------------------------------------- */

static int whoami_handler(struct cli_ctx *ctx)
{
	Passend__V1__WhoAmIRequest req = PASSEND__V1__WHO_AM_IREQUEST__INIT;
	ProtobufCMessage *resp = NULL;
	int rc =
	    cli_call(ctx, &passend__v1__tenancy__descriptor, "WhoAmI", &req.base, CLI_CALL_IDEMPOTENT, &resp);
	if (rc) return rc;
	rc = cli_print_one(ctx, resp);
	protobuf_c_message_free_unpacked(resp, NULL);
	return rc;
}

const struct cli_cmd cli_cmd_whoami = {
    .name = "whoami",
    .summary = "Show the principal of your token: role, tenant, scope, expiry",
    .description = "Asks the server who the token (--token, PASSEND_TOKEN or the config file) belongs to.\n"
                   "Fails with UNAUTHENTICATED for a missing, unknown, expired or revoked token.",
    .examples = "  passend whoami\n"
                "  PASSEND_TOKEN=$(cat .passend/bestuur.token) passend whoami\n"
                "  passend whoami --output json | jq -r .role\n",
    .handler = whoami_handler,
};

/* ---- tenant --------------------------------------------------------------------- */

/* --duo-code: also the sector from its prefix ("PO 27-04"), unless --sector
 * is given; an update then changes the sector too. */
static int set_duo(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	int rc = cli_form_set(f, f->obj, "duo_code", value, NULL), sector = cli_sector_from_duo(value);
	if (rc || !sector || cli_flag_value(f->ctx, "sector")) return rc;
	rc = cli_form_set(f, f->obj, "sector", sector == PASSEND__V1__SECTOR__PO ? "po" : "vo", NULL);
	return rc || f->kind != CLI_UPDATE ? rc : cli_form_mask(f, "sector");
}

static const struct cli_flag tenant_flags[] = {
    CLI_FIELD("name", "name of the samenwerkingsverband", .on = CU, .required = CLI_CREATE),
    {"duo-code", "CODE", "DUO code, e.g. \"PO 27-04\" (unique)", .field = "duo_code", .set = set_duo,
     .on = CU, .required = CLI_CREATE},
    CLI_FIELD("sector", "po or vo (default: from the DUO code's prefix)", .on = CU),
    CLI_FIELD("legal_form", "legal form, e.g. stichting or vereniging", .metavar = "FORM", .on = CU),
    {"governance", "MODEL", "raad-van-toezicht or algemeen-dagelijks-bestuur", .field = "governance_model",
     .on = CU},
    CLI_FIELD("schooljaar_start", "first day of the school year (server default 08-01)", .on = CU),
    CLI_FIELD("trimester2_start", "first day of trimester 2 (server default 12-01)", .on = CU),
    CLI_FIELD("trimester3_start", "first day of trimester 3 (server default 04-01)", .on = CU),
    CLI_FIELD("small_cell_threshold", "counts below N are suppressed in shared reports (server default 5)",
              .min = 0, .max = INT32_MAX, .on = CU),
    CLI_FIELD("tlv_termijn", "legal term for a TLV decision, in --tlv-termijn-eenheid (server default 6)",
              .min = 0, .max = INT32_MAX, .on = CU),
    CLI_FIELD("tlv_termijn_eenheid", "kalenderdagen, werkdagen or weken (server default weken)",
              .metavar = "UNIT", .on = CU),
    {"tlv-minimale-duur", "MONTHS", "shortest TLV in months (server default 12)",
     .field = "tlv_minimale_duur_maanden", .min = 0, .max = INT32_MAX, .on = CU},
    CLI_FIELD("retention_months",
              "pupil records are removed MONTHS after support ended (0: kept, the default)",
              .metavar = "MONTHS", .min = 0, .max = 1200, .on = CU),
    {0},
};

static const struct cli_verb tenant_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateTenant",
     tenant_flags,
     "Create a tenant (samenwerkingsverband)",
     "Role admin. Calendar fields left out get the server's defaults (school year from 1 August;\n"
     "T1 Aug-Nov, T2 Dec-Mar, T3 Apr-Jul) and the threshold defaults to 5. The sector follows\n"
     "the DUO code's prefix unless --sector is given. A random request id makes a retried\n"
     "create apply once. Prints the new tenant; tokens name it by its DUO code or id.",
     "  passend admin tenant create --name \"Passend Primair Onderwijs Noord-Kennemerland\" \\\n"
     "      --duo-code \"PO 27-04\" --legal-form stichting --governance raad-van-toezicht\n"
     "  passend admin tenant create --name \"SWV VO Zuid\" --duo-code \"VO 41-02\" --output json | jq -r "
     ".id\n"},
    {.kind = CLI_LIST,
     "list",
     "ListTenants",
     tenant_flags,
     "List all tenants",
     "Role admin. Pages through all tenants unless --limit is given.",
     "  passend admin tenant list\n"
     "  passend admin tenant list --output csv > tenants.csv\n"
     "  passend admin tenant list --limit 10\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetTenant",
     NULL,
     "Show one tenant",
     "Role admin.",
     "  passend admin tenant show \"PO 27-04\"\n"
     "  passend admin tenant show 7d0c1f7e-1f6a-4a55-9f0e-2b8f2a1c9e10 --output json\n"},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateTenant",
     tenant_flags,
     "Change fields of a tenant (only the flags given)",
     "Role admin. Sends an update mask with exactly the fields whose flags are given; other\n"
     "fields keep their values. A new --duo-code also updates the sector from its prefix\n"
     "unless --sector is given. Prints the updated tenant.",
     "  passend admin tenant update \"PO 27-04\" --small-cell-threshold 10\n"
     "  passend admin tenant update \"PO 27-04\" --name \"SWV Noord\" --trimester2-start 01-01\n"},
    {0},
};

const struct cli_resource cli_res_tenant = {
    .cmd = {"tenant", "Tenants (samenwerkingsverbanden): create, list, show, update",
            .description =
                "Every tenant is one samenwerkingsverband with its own, isolated data. Role admin.",
            .resource = &cli_res_tenant},
    .names = "DUO code (\"PO 27-04\") or the tenant's name",
    .service = &passend__v1__tenancy__descriptor,
    .keys = {"{duo_code}", "{name}"},
    .label = "{duo_code}",
    .cols =
        "name duo_code:DUO_CODE sector legal_form governance_model:GOVERNANCE small_cell_threshold:THRESHOLD",
    .verbs = tenant_verbs,
};

/* ---- token ------------------------------------------------------------------------ */

/* The secret exists only in this response: in a table, make it impossible
 * to miss; JSON/CSV carry it as the field `token` next to tokenInfo. */
static int print_new_token(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__CreateTokenResponse *resp = (const Passend__V1__CreateTokenResponse *)msg;
	buf out = {0};
	if (ctx->g.output != PROTO_FMT_TABLE) return cli_print_one(ctx, msg);
	int rc = buf_printf(&out,
	                    "Token (shown once: store it now, the server keeps only its hash):\n\n    %s\n\n",
	                    resp->token);
	if (rc == 0 && resp->token_info)
		rc = proto_print_message(&out, ctx->g.output, &resp->token_info->base);
	return cli_emit(ctx, &out, rc);
}

static const struct cli_flag token_flags[] = {
    CLI_FIELD("role", "admin, bestuur, toezicht, werkgebied or school", .on = CLI_CREATE,
              .required = CLI_CREATE),
    CLI_FIELD("tenant_id", "tenant the token acts for (required unless --role admin)", .on = CLI_CREATE),
    CLI_FIELD("scope_ids", "werkgebied ids (werkgebied) or school ids (school); repeatable",
              .metavar = "ID[,ID...]", .on = CLI_CREATE),
    {"expires", "WHEN", "expiry: a date (2027-01-01), date-time, or span from now (30d, 12h); default never",
     .field = "expires_at", .on = CLI_CREATE},
    CLI_FIELD("description", "what the token is for, e.g. \"ParnasSys sync, school De Regenboog\"",
              .metavar = "TEXT", .on = CLI_CREATE),
    CLI_FIELD("tenant_id", "only tokens of this tenant", .on = CLI_LIST),
    CLI_FIELD("include_revoked", "also list revoked tokens", .on = CLI_LIST),
    {0},
};

static const struct cli_verb token_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateToken",
     token_flags,
     "Create an access token (the secret is shown once)",
     "Role admin. Prints the token string once (the server stores only a hash), then the\n"
     "token's details. With --output json or csv the token string is the field `token`.\n"
     "Roles werkgebied and school need --scope (ids: the admin sees no tenant data); admin\n"
     "takes no --tenant. Dates without a time mean local midnight. Give the token to its user\n"
     "as PASSEND_TOKEN or --token. A create is not retried: a repeat would mint a second secret.",
     "  passend admin token create --role bestuur --tenant \"PO 27-04\" --expires 2027-08-01 \\\n"
     "      --description \"staf SWV\"\n"
     "  passend admin token create --role werkgebied --tenant \"PO 27-04\" --scope $WG1,$WG2 --expires 90d\n"
     "  passend admin token create --role school --tenant $TENANT --scope $SCHOOL --output json | jq -r "
     ".token\n",
     .print = print_new_token},
    {.kind = CLI_LIST,
     "list",
     "ListTokens",
     token_flags,
     "List tokens (never their secrets)",
     "Role admin. Pages through all tokens unless --limit is given.",
     "  passend admin token list --tenant \"PO 27-04\"\n"
     "  passend admin token list --include-revoked --output csv\n"},
    {.kind = CLI_ACT,
     "revoke",
     "RevokeToken",
     NULL,
     "Revoke a token (effective within seconds)",
     "Role admin. TOKEN is the token's id (the part of the token string before the dot).\n"
     "Calls with the token fail with UNAUTHENTICATED from then on. Prints the token.",
     "  passend admin token revoke 0b6c3c52-6f1e-4c0e-9a43-7d6a1f2f7c11\n"},
    {0},
};

static const struct cli_resource token = {
    .cmd = {"token", "Access tokens: create, list, revoke",
            .description = "A token carries a principal: role, tenant, scope and expiry. Role admin.",
            .resource = &token},
    .service = &passend__v1__tenancy__descriptor,
    .cols = "id role tenant_id expires_at revoked_at description +scope_ids +tenant_id# +created_at",
    .verbs = token_verbs,
};

/* ---- passend admin ------------------------------------------------------------------ */

static const struct cli_cmd *const admin_subcommands[] = {&cli_res_tenant.cmd,
                                                          &token.cmd,
                                                          &cli_res_landelijk.cmd,
                                                          &cli_res_kengetal_definitie.cmd,
                                                          &cli_res_grootteklasse.cmd,
                                                          &cli_res_signaleringswaarde.cmd,
                                                          NULL};

const struct cli_cmd cli_cmd_admin = {
    .name = "admin",
    .summary = "Platform administration: tenants, tokens, landelijke percentages, kengetal configuration "
               "(role admin)",
    .description = "The platform administrator manages tenants and tokens but sees no tenant data.\n"
                   "The first admin token comes from `passendd admin bootstrap` on the server host.",
    .examples = "  passend admin tenant list\n"
                "  passend admin token create --role bestuur --tenant \"PO 27-04\"\n",
    .subcommands = admin_subcommands,
};

/* ---- passend audit list -------------------------------------------------------- */

/* The outcome as its gRPC status name ("OK", "NOT_FOUND"). */
static int outcome_text(buf *out, const ProtobufCMessage *m, const struct proto_column *col)
{
	return buf_printf(out, "%s", passend_status_name(((const Passend__V1__AuditEvent *)m)->outcome));
}

static const struct cli_flag audit_flags[] = {
    CLI_FIELD("tenant_id", "only this tenant (admin; bestuur always sees its own)"),
    CLI_FIELD("method", "only this RPC, e.g. /passend.v1.Werkgebied/GetLeerling"),
    CLI_FIELD("since", "from this moment: a date (2026-11-01), date-time, or span back (1h, 7d)",
              .metavar = "WHEN", .opts = CLI_F_PAST),
    {0},
};

static const struct cli_column audit_columns[] = {
    {.field = "at"},
    {.field = "role"},
    {.field = "method"},
    {.field = "outcome", .text = outcome_text},
    {.field = "peer"},
    {.field = "id", .wide = 1},
    {.field = "tenant_id", .wide = 1},
    {.field = "token_id", .wide = 1},
    {.field = "object_ids", .wide = 1},
    {0},
};

static const struct cli_verb audit_verbs[] = {
    {.kind = CLI_LIST,
     "list",
     "ListAuditEvents",
     audit_flags,
     "List audit events (who called what, on which objects, with which outcome)",
     "Roles admin (all tenants) and bestuur (own tenant). Every pupil-level read or write and\n"
     "every admin action is logged; outcome is the gRPC status of the call.",
     "  passend audit list --since 1h\n"
     "  passend audit list --since 2026-11-01 --method /passend.v1.Werkgebied/GetLeerling\n"
     "  passend audit list --tenant \"PO 27-04\" --output csv > audit.csv\n"},
    {0},
};

const struct cli_resource cli_res_audit = {
    .cmd = {"audit", "The audit log of calls on pupil data and admin actions", .resource = &cli_res_audit},
    .service = &passend__v1__tenancy__descriptor,
    .columns = audit_columns,
    .verbs = audit_verbs,
};
