/* cmd_admin: `passend whoami`, `passend admin tenant|token ...` and
 * `passend audit list` — the passend.v1.Tenancy service. Flags become
 * request fields here; only syntax is checked (exit 2), every other rule is
 * the server's (exit 1 with its code and message).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* ---- passend whoami ---------------------------------------------------------- */

static int whoami_handler(struct cli_ctx *ctx)
{
	Passend__V1__WhoAmIRequest req = PASSEND__V1__WHO_AM_IREQUEST__INIT;
	Passend__V1__WhoAmIResponse *resp = NULL;
	passend_channel *ch;
	int rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_tenancy_who_am_i(ch, &req, &resp, &opts);
	if (rc < 0) return cli_call_error(ctx, rc);
	rc = cli_print_one(ctx, &resp->base);
	protobuf_c_message_free_unpacked(&resp->base, NULL);
	return rc;
}

const struct cli_cmd cli_cmd_whoami = {
    .name = "whoami",
    .summary = "Show the principal of your token: role, tenant, scope, expiry",
    .usage = "whoami [flags]",
    .description = "Asks the server who the token (--token, PASSEND_TOKEN or the config file) belongs to.\n"
                   "Fails with UNAUTHENTICATED for a missing, unknown, expired or revoked token.",
    .examples = "  passend whoami\n"
                "  PASSEND_TOKEN=$(cat .passend/bestuur.token) passend whoami\n"
                "  passend whoami --output json | jq -r .role\n",
    .handler = whoami_handler,
};

/* ---- passend admin tenant ... ---------------------------------------------------- */

static const struct cli_flag tenant_flags[] = {
    {"name", "NAME", "name of the samenwerkingsverband (required for create)"},
    {"duo-code", "CODE", "DUO code, e.g. \"PO 27-04\" (required for create; unique)"},
    {"sector", "SECTOR", "po or vo (default: from the DUO code's prefix)"},
    {"legal-form", "FORM", "legal form, e.g. stichting or vereniging"},
    {"governance", "MODEL", "raad-van-toezicht or algemeen-dagelijks-bestuur"},
    {"schooljaar-start", "MM-DD", "first day of the school year (server default 08-01)"},
    {"trimester2-start", "MM-DD", "first day of trimester 2 (server default 12-01)"},
    {"trimester3-start", "MM-DD", "first day of trimester 3 (server default 04-01)"},
    {"small-cell-threshold", "N", "counts below N are suppressed in shared reports (server default 5)"},
    {NULL, NULL, NULL},
};

/* Flag -> Tenant field, for UpdateTenant's update_mask. */
static const struct cli_mask_field tenant_mask[] = {
    {"name", "name"},
    {"duo-code", "duo_code"},
    {"sector", "sector"},
    {"legal-form", "legal_form"},
    {"governance", "governance_model"},
    {"schooljaar-start", "schooljaar_start"},
    {"trimester2-start", "trimester2_start"},
    {"trimester3-start", "trimester3_start"},
    {"small-cell-threshold", "small_cell_threshold"},
    {NULL, NULL},
};

struct tenant_form {
	Passend__V1__Tenant t;
	Passend__V1__MonthDay md[3];
	int sector_derived; /* sector came from the DUO code, not --sector */
};

/* Fill f->t from the flags (only those given). Returns 0 or an exit code. */
static int tenant_from_flags(struct cli_ctx *ctx, struct tenant_form *f)
{
	static const char *const md_flags[3] = {"schooljaar-start", "trimester2-start", "trimester3-start"};
	const char *v;
	int e, given, rc;
	int64_t n;

	passend__v1__tenant__init(&f->t);
	if ((v = cli_flag_value(ctx, "name"))) f->t.name = (char *)v;
	if ((v = cli_flag_value(ctx, "duo-code"))) f->t.duo_code = (char *)v;
	if ((v = cli_flag_value(ctx, "legal-form"))) f->t.legal_form = (char *)v;
	e = 0;
	rc = cli_flag_enum(ctx, "sector", &passend__v1__sector__descriptor, &e);
	if (rc) return rc;
	if (e == 0 && !cli_flag_value(ctx, "sector") && f->t.duo_code[0]) {
		e = cli_sector_from_duo(f->t.duo_code);
		f->sector_derived = e != 0;
	}
	f->t.sector = (Passend__V1__Sector)e;
	e = 0;
	rc = cli_flag_enum(ctx, "governance", &passend__v1__governance_model__descriptor, &e);
	if (rc) return rc;
	f->t.governance_model = (Passend__V1__GovernanceModel)e;
	Passend__V1__MonthDay **slots[3] = {&f->t.schooljaar_start, &f->t.trimester2_start,
	                                    &f->t.trimester3_start};
	for (int i = 0; i < 3; i++) {
		passend__v1__month_day__init(&f->md[i]);
		given = 0;
		rc = cli_flag_month_day(ctx, md_flags[i], &f->md[i], &given);
		if (rc) return rc;
		if (given) *slots[i] = &f->md[i];
	}
	rc = cli_flag_int(ctx, "small-cell-threshold", 0, 0, INT32_MAX, &n);
	if (rc) return rc;
	f->t.small_cell_threshold = (int32_t)n;
	return 0;
}

static int tenant_create_handler(struct cli_ctx *ctx)
{
	Passend__V1__CreateTenantRequest req = PASSEND__V1__CREATE_TENANT_REQUEST__INIT;
	Passend__V1__Tenant *resp = NULL;
	struct tenant_form f;
	passend_channel *ch;
	char rid[37];
	const char *v;
	int rc;

	memset(&f, 0, sizeof(f));
	if ((rc = cli_required_flag(ctx, "name", &v)) || (rc = cli_required_flag(ctx, "duo-code", &v)))
		return rc;
	rc = tenant_from_flags(ctx, &f);
	if (rc) return rc;
	req.tenant = &f.t;
	if (cli_request_id(rid) == 0) req.request_id = rid;
	rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_tenancy_create_tenant(ch, &req, &resp, &opts);
	if (rc < 0) return cli_call_error(ctx, rc);
	rc = cli_print_one(ctx, &resp->base);
	protobuf_c_message_free_unpacked(&resp->base, NULL);
	return rc;
}

static int tenant_update_handler(struct cli_ctx *ctx)
{
	Passend__V1__UpdateTenantRequest req = PASSEND__V1__UPDATE_TENANT_REQUEST__INIT;
	Passend__V1__Tenant *resp = NULL;
	const char *given[CLI_MAX_SET + 1], *mask[16];
	struct tenant_form f;
	passend_channel *ch;
	const char *id;
	size_t ngiven = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	rc = cli_one_arg(ctx, "tenant ID (see 'passend admin tenant list')", &id);
	if (rc) return rc;
	rc = tenant_from_flags(ctx, &f);
	if (rc) return rc;
	for (int i = 0; i < ctx->nset; i++)
		given[ngiven++] = ctx->set[i].flag->name;
	if (f.sector_derived) given[ngiven++] = "sector"; /* a new DUO code carries its sector */
	size_t nmask = cli_update_mask(tenant_mask, given, ngiven, mask, sizeof(mask) / sizeof(mask[0]));
	if (nmask == 0) return cli_usage_error(ctx, "nothing to update: give at least one field flag");
	f.t.id = (char *)id;
	req.tenant = &f.t;
	req.update_mask = (char **)mask;
	req.n_update_mask = nmask;
	rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_tenancy_update_tenant(ch, &req, &resp, &opts);
	if (rc < 0) return cli_call_error(ctx, rc);
	rc = cli_print_one(ctx, &resp->base);
	protobuf_c_message_free_unpacked(&resp->base, NULL);
	return rc;
}

static int tenant_show_handler(struct cli_ctx *ctx)
{
	Passend__V1__GetTenantRequest req = PASSEND__V1__GET_TENANT_REQUEST__INIT;
	Passend__V1__Tenant *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc = cli_one_arg(ctx, "tenant ID (see 'passend admin tenant list')", &id);
	if (rc) return rc;
	req.id = (char *)id;
	rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_tenancy_get_tenant(ch, &req, &resp, &opts);
	if (rc < 0) return cli_call_error(ctx, rc);
	rc = cli_print_one(ctx, &resp->base);
	protobuf_c_message_free_unpacked(&resp->base, NULL);
	return rc;
}

static int list_tenants(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                        const passend_call_opts *o)
{
	return passend_tenancy_list_tenants(ch, (const Passend__V1__ListTenantsRequest *)req,
	                                    (Passend__V1__ListTenantsResponse **)resp, o);
}

static int tenant_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListTenantsRequest req = PASSEND__V1__LIST_TENANTS_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_tenants, &passend__v1__tenant__descriptor);
}

static const struct cli_flag list_only_flags[] = {CLI_LIST_FLAGS, {NULL, NULL, NULL}};

static const struct cli_cmd cmd_tenant_create = {
    .name = "create",
    .summary = "Create a tenant (samenwerkingsverband)",
    .usage = "admin tenant create --name NAME --duo-code CODE [--sector po|vo] [--legal-form FORM]\n"
             "         [--governance MODEL] [--schooljaar-start MM-DD] [--trimester2-start MM-DD]\n"
             "         [--trimester3-start MM-DD] [--small-cell-threshold N] [flags]",
    .description =
        "Role admin. Calendar fields left out get the server's defaults (school year from 1 August;\n"
        "T1 Aug-Nov, T2 Dec-Mar, T3 Apr-Jul) and the threshold defaults to 5. The sector follows\n"
        "the DUO code's prefix unless --sector is given. A random request id makes a retried\n"
        "create apply once. Prints the new tenant; its id is what every other command takes.",
    .flags = tenant_flags,
    .examples = "  passend admin tenant create --name \"Passend Primair Onderwijs Noord-Kennemerland\" \\\n"
                "      --duo-code \"PO 27-04\" --legal-form stichting --governance raad-van-toezicht\n"
                "  passend admin tenant create --name \"SWV VO Zuid\" --duo-code \"VO 41-02\" --output json "
                "| jq -r .id\n",
    .handler = tenant_create_handler,
};

static const struct cli_cmd cmd_tenant_list = {
    .name = "list",
    .summary = "List all tenants",
    .usage = "admin tenant list [--page-size N] [--limit N] [flags]",
    .description = "Role admin. Pages through all tenants unless --limit is given.",
    .flags = list_only_flags,
    .examples = "  passend admin tenant list\n"
                "  passend admin tenant list --output csv > tenants.csv\n"
                "  passend admin tenant list --limit 10\n",
    .handler = tenant_list_handler,
};

static const struct cli_cmd cmd_tenant_show = {
    .name = "show",
    .summary = "Show one tenant",
    .usage = "admin tenant show ID [flags]",
    .description = "Role admin.",
    .examples = "  passend admin tenant show 7d0c1f7e-1f6a-4a55-9f0e-2b8f2a1c9e10\n"
                "  passend admin tenant show $ID --output json\n",
    .handler = tenant_show_handler,
    .max_args = 1,
};

static const struct cli_cmd cmd_tenant_update = {
    .name = "update",
    .summary = "Change fields of a tenant (only the flags given)",
    .usage = "admin tenant update ID [--name NAME] [--duo-code CODE] [--sector po|vo] [--legal-form FORM]\n"
             "         [--governance MODEL] [--schooljaar-start MM-DD] [--trimester2-start MM-DD]\n"
             "         [--trimester3-start MM-DD] [--small-cell-threshold N] [flags]",
    .description = "Role admin. Sends an update mask with exactly the fields whose flags are given; other\n"
                   "fields keep their values. A new --duo-code also updates the sector from its prefix\n"
                   "unless --sector is given. Prints the updated tenant.",
    .flags = tenant_flags,
    .examples = "  passend admin tenant update $ID --small-cell-threshold 10\n"
                "  passend admin tenant update $ID --name \"SWV Noord\" --trimester2-start 01-01\n",
    .handler = tenant_update_handler,
    .max_args = 1,
};

static const struct cli_cmd *const tenant_subcommands[] = {&cmd_tenant_create, &cmd_tenant_list,
                                                           &cmd_tenant_show, &cmd_tenant_update, NULL};

static const struct cli_cmd cmd_admin_tenant = {
    .name = "tenant",
    .summary = "Tenants (samenwerkingsverbanden): create, list, show, update",
    .description = "Every tenant is one samenwerkingsverband with its own, isolated data. Role admin.",
    .examples = "  passend admin tenant list\n"
                "  passend admin tenant create --name NAME --duo-code \"PO 27-04\"\n",
    .subcommands = tenant_subcommands,
};

/* ---- passend admin token ... ---------------------------------------------------- */

static int token_create_handler(struct cli_ctx *ctx)
{
	Passend__V1__CreateTokenRequest req = PASSEND__V1__CREATE_TOKEN_REQUEST__INIT;
	Passend__V1__Timestamp expires = PASSEND__V1__TIMESTAMP__INIT;
	Passend__V1__CreateTokenResponse *resp = NULL;
	passend_channel *ch;
	char **scope = NULL;
	size_t nscope = 0;
	const char *v;
	int role = 0, given = 0, rc;
	buf out = {0};

	if ((rc = cli_required_flag(ctx, "role", &v))) return rc;
	if ((rc = cli_flag_enum(ctx, "role", &passend__v1__role__descriptor, &role))) return rc;
	if ((rc = cli_flag_instant(ctx, "expires", 1, &expires, &given))) return rc;
	if ((rc = cli_flag_list(ctx, "scope", &scope, &nscope))) return rc;
	req.role = (Passend__V1__Role)role;
	if ((v = cli_flag_value(ctx, "tenant"))) req.tenant_id = (char *)v;
	if ((v = cli_flag_value(ctx, "description"))) req.description = (char *)v;
	if (given) req.expires_at = &expires;
	req.scope_ids = scope;
	req.n_scope_ids = nscope;

	rc = cli_connect(ctx, &ch);
	if (rc) goto cleanup;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_tenancy_create_token(ch, &req, &resp, &opts);
	if (rc < 0) {
		rc = cli_call_error(ctx, rc);
		goto cleanup;
	}
	if (ctx->g.output == PROTO_FMT_TABLE) {
		/* The secret exists only in this response: make it impossible to miss. */
		if (buf_printf(
		        &out,
		        "Token (shown once: store it now, the server keeps only its hash):\n\n    %s\n\n",
		        resp->token) < 0 ||
		    (resp->token_info &&
		     proto_print_message(&out, ctx->g.output, &resp->token_info->base) < 0)) {
			fprintf(ctx->err, "error: out of memory\n");
			rc = CLI_EXIT_SERVER;
			goto cleanup;
		}
		rc = cli_write(ctx, &out);
	} else {
		rc = cli_print_one(ctx, &resp->base); /* JSON/CSV: token and tokenInfo */
	}
cleanup:
	buf_free(&out);
	if (resp) protobuf_c_message_free_unpacked(&resp->base, NULL);
	cli_list_free(scope, nscope);
	return rc;
}

static int list_tokens(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                       const passend_call_opts *o)
{
	return passend_tenancy_list_tokens(ch, (const Passend__V1__ListTokensRequest *)req,
	                                   (Passend__V1__ListTokensResponse **)resp, o);
}

static int token_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListTokensRequest req = PASSEND__V1__LIST_TOKENS_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	const char *v;
	if ((v = cli_flag_value(ctx, "tenant"))) req.tenant_id = (char *)v;
	v = cli_flag_value(ctx, "include-revoked");
	req.include_revoked = v && strcmp(v, "true") == 0;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_tokens, &passend__v1__token__descriptor);
}

static int token_revoke_handler(struct cli_ctx *ctx)
{
	Passend__V1__RevokeTokenRequest req = PASSEND__V1__REVOKE_TOKEN_REQUEST__INIT;
	Passend__V1__Token *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc = cli_one_arg(ctx, "token ID (see 'passend admin token list')", &id);
	if (rc) return rc;
	req.id = (char *)id;
	rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_tenancy_revoke_token(ch, &req, &resp, &opts);
	if (rc < 0) return cli_call_error(ctx, rc);
	rc = cli_print_one(ctx, &resp->base);
	protobuf_c_message_free_unpacked(&resp->base, NULL);
	return rc;
}

static const struct cli_flag token_create_flags[] = {
    {"role", "ROLE", "admin, bestuur, toezicht, werkgebied or school (required)"},
    {"tenant", "ID", "tenant the token acts for (required unless --role admin)"},
    {"scope", "ID[,ID...]", "werkgebied ids (werkgebied) or school ids (school); repeatable"},
    {"expires", "WHEN", "expiry: a date (2027-01-01), date-time, or span from now (30d, 12h); default never"},
    {"description", "TEXT", "what the token is for, e.g. \"ParnasSys sync, school De Regenboog\""},
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_token_create = {
    .name = "create",
    .summary = "Create an access token (the secret is shown once)",
    .usage = "admin token create --role ROLE [--tenant ID] [--scope ID[,ID...]] [--expires WHEN]\n"
             "         [--description TEXT] [flags]",
    .description = "Role admin. Prints the token string once (the server stores only a hash), then the\n"
                   "token's details. With --output json or csv the token string is the field `token`.\n"
                   "Roles werkgebied and school need --scope; admin takes no --tenant. Dates without a\n"
                   "time mean local midnight. Give the token to its user as PASSEND_TOKEN or --token.",
    .flags = token_create_flags,
    .examples =
        "  passend admin token create --role bestuur --tenant $TENANT --expires 2027-08-01 \\\n"
        "      --description \"staf SWV\"\n"
        "  passend admin token create --role werkgebied --tenant $TENANT --scope $WG1,$WG2 --expires 90d\n"
        "  passend admin token create --role school --tenant $TENANT --scope $SCHOOL --output json | jq -r "
        ".token\n",
    .handler = token_create_handler,
};

static const struct cli_flag token_list_flags[] = {
    {"tenant", "ID", "only tokens of this tenant"},
    {"include-revoked", NULL, "also list revoked tokens"},
    CLI_LIST_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_token_list = {
    .name = "list",
    .summary = "List tokens (never their secrets)",
    .usage = "admin token list [--tenant ID] [--include-revoked] [--page-size N] [--limit N] [flags]",
    .description = "Role admin. Pages through all tokens unless --limit is given.",
    .flags = token_list_flags,
    .examples = "  passend admin token list --tenant $TENANT\n"
                "  passend admin token list --include-revoked --output csv\n",
    .handler = token_list_handler,
};

static const struct cli_cmd cmd_token_revoke = {
    .name = "revoke",
    .summary = "Revoke a token (effective within seconds)",
    .usage = "admin token revoke ID [flags]",
    .description = "Role admin. ID is the token's id (the part of the token string before the dot).\n"
                   "Calls with the token fail with UNAUTHENTICATED from then on. Prints the token.",
    .examples = "  passend admin token revoke 0b6c3c52-6f1e-4c0e-9a43-7d6a1f2f7c11\n",
    .handler = token_revoke_handler,
    .max_args = 1,
};

static const struct cli_cmd *const token_subcommands[] = {&cmd_token_create, &cmd_token_list,
                                                          &cmd_token_revoke, NULL};

static const struct cli_cmd cmd_admin_token = {
    .name = "token",
    .summary = "Access tokens: create, list, revoke",
    .description = "A token carries a principal: role, tenant, scope and expiry. Role admin.",
    .examples = "  passend admin token create --role bestuur --tenant $TENANT\n"
                "  passend admin token list\n",
    .subcommands = token_subcommands,
};

static const struct cli_cmd *const admin_subcommands[] = {&cmd_admin_tenant, &cmd_admin_token,
                                                          &cli_cmd_admin_landelijk, NULL};

const struct cli_cmd cli_cmd_admin = {
    .name = "admin",
    .summary = "Platform administration: tenants, tokens, landelijke percentages (role admin)",
    .description = "The platform administrator manages tenants and tokens but sees no tenant data.\n"
                   "The first admin token comes from `passendd admin bootstrap` on the server host.",
    .examples = "  passend admin tenant list\n"
                "  passend admin token create --role bestuur --tenant $TENANT\n",
    .subcommands = admin_subcommands,
};

/* ---- passend audit list -------------------------------------------------------- */

static int list_audit(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                      const passend_call_opts *o)
{
	return passend_tenancy_list_audit_events(ch, (const Passend__V1__ListAuditEventsRequest *)req,
	                                         (Passend__V1__ListAuditEventsResponse **)resp, o);
}

static int audit_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListAuditEventsRequest req = PASSEND__V1__LIST_AUDIT_EVENTS_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	Passend__V1__Timestamp since = PASSEND__V1__TIMESTAMP__INIT;
	const char *v;
	int given = 0, rc;

	if ((rc = cli_flag_instant(ctx, "since", -1, &since, &given))) return rc;
	if (given) req.since = &since;
	if ((v = cli_flag_value(ctx, "tenant"))) req.tenant_id = (char *)v;
	if ((v = cli_flag_value(ctx, "method"))) req.method = (char *)v;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_audit, &passend__v1__audit_event__descriptor);
}

static const struct cli_flag audit_list_flags[] = {
    {"tenant", "ID", "only this tenant (admin; bestuur always sees its own)"},
    {"method", "METHOD", "only this RPC, e.g. /passend.v1.Werkgebied/GetLeerling"},
    {"since", "WHEN", "from this moment: a date (2026-11-01), date-time, or span back (1h, 7d)"},
    CLI_LIST_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_audit_list = {
    .name = "list",
    .summary = "List audit events (who called what, on which objects, with which outcome)",
    .usage = "audit list [--tenant ID] [--method METHOD] [--since WHEN] [--page-size N] [--limit N] [flags]",
    .description = "Roles admin (all tenants) and bestuur (own tenant). Every pupil-level read or write and\n"
                   "every admin action is logged; outcome is the gRPC status code (0 = OK).",
    .flags = audit_list_flags,
    .examples = "  passend audit list --since 1h\n"
                "  passend audit list --since 2026-11-01 --method /passend.v1.Werkgebied/GetLeerling\n"
                "  passend audit list --tenant $TENANT --output csv > audit.csv\n",
    .handler = audit_list_handler,
};

static const struct cli_cmd *const audit_subcommands[] = {&cmd_audit_list, NULL};

const struct cli_cmd cli_cmd_audit = {
    .name = "audit",
    .summary = "The audit log of calls on pupil data and admin actions",
    .examples = "  passend audit list --since 1d\n",
    .subcommands = audit_subcommands,
};
