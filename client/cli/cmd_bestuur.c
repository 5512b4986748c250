/* cmd_bestuur: the issue-4 reference-data commands of `passend bestuur` —
 * schoolbestuur, gemeente, herkomst, telling, school update/deactivate — and
 * `passend werkgebied update|deactivate`. cmd_domain.c links these into its
 * bestuur, school and werkgebied command tables (see cli.h).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define MAX_POSTCODES 64

/* Finish a create/get/update call: print the response or report the error. */
/* The update_mask for the flags given on the command line (map: flag ->
 * field). Returns the count; 0 means no field flag was given. */
static size_t mask_from_flags(struct cli_ctx *ctx, const struct cli_mask_field *map, const char **mask,
                              size_t cap)
{
	const char *given[CLI_MAX_SET + 1];
	size_t ngiven = 0;
	for (int i = 0; i < ctx->nset; i++)
		given[ngiven++] = ctx->set[i].flag->name;
	return cli_update_mask(map, given, ngiven, mask, cap);
}

/* A boolean flag given bare ("true"). */
static int flag_bool(const struct cli_ctx *ctx, const char *name)
{
	const char *v = cli_flag_value(ctx, name);
	return v && strcmp(v, "true") == 0;
}

/* Optional integer flag into *out (unchanged when absent). */
static int flag_i32(struct cli_ctx *ctx, const char *name, int64_t min, int64_t max, int32_t *out)
{
	int64_t v;
	int rc;
	if (!cli_flag_value(ctx, name)) return 0;
	if ((rc = cli_flag_int(ctx, name, 0, min, max, &v))) return rc;
	*out = (int32_t)v;
	return 0;
}

/* Shared by the three deactivate commands: ID and optional --active-to. */
static int deactivate_req(struct cli_ctx *ctx, const char *what, Passend__V1__DeactivateRequest *req,
                          Passend__V1__Date *to)
{
	int given = 0, rc;
	const char *id;
	if ((rc = cli_one_arg(ctx, what, &id)) || (rc = cli_flag_date(ctx, "active-to", to, &given)))
		return rc;
	req->id = (char *)id;
	if (given) req->active_to = to;
	return 0;
}

static const struct cli_flag deactivate_flags[] = {
    {"active-to", "YYYY-MM-DD", "last active day (default: today)"},
    {NULL, NULL, NULL},
};

/* ---- passend bestuur schoolbestuur ----------------------------------------------- */

struct bestuur_form {
	Passend__V1__Schoolbestuur b;
	Passend__V1__Date from, to;
};

static const struct cli_mask_field schoolbestuur_mask[] = {
    {"bg-nummer", "bevoegd_gezag_nummer"},
    {"name", "name"},
    {"vestigingsplaats", "vestigingsplaats"},
    {"runs", "runs_bao"},
    {"runs", "runs_sbo"},
    {"runs", "runs_so"},
    {"lidmaatschap", "lidmaatschap"},
    {"active-from", "active_from"},
    {"active-to", "active_to"},
    {NULL, NULL},
};

/* Fill f->b from the flags given. Returns 0 or an exit code. */
static int bestuur_from_flags(struct cli_ctx *ctx, struct bestuur_form *f)
{
	const char *v;
	int lid = 0, g = 0, rc;
	char **runs = NULL;
	size_t nruns = 0;

	if ((v = cli_flag_value(ctx, "bg-nummer"))) f->b.bevoegd_gezag_nummer = (char *)v;
	if ((v = cli_flag_value(ctx, "name"))) f->b.name = (char *)v;
	if ((v = cli_flag_value(ctx, "vestigingsplaats"))) f->b.vestigingsplaats = (char *)v;
	if ((rc = cli_flag_enum(ctx, "lidmaatschap", &passend__v1__lidmaatschap__descriptor, &lid)))
		return rc;
	f->b.lidmaatschap = (Passend__V1__Lidmaatschap)lid;
	if ((rc = cli_flag_date(ctx, "active-from", &f->from, &g))) return rc;
	if (g) f->b.active_from = &f->from;
	g = 0;
	if ((rc = cli_flag_date(ctx, "active-to", &f->to, &g))) return rc;
	if (g) f->b.active_to = &f->to;
	if ((rc = cli_flag_list(ctx, "runs", &runs, &nruns))) return rc;
	for (size_t i = 0; i < nruns; i++) {
		if (strcmp(runs[i], "bao") == 0)
			f->b.runs_bao = 1;
		else if (strcmp(runs[i], "sbo") == 0)
			f->b.runs_sbo = 1;
		else if (strcmp(runs[i], "so") == 0)
			f->b.runs_so = 1;
		else if (strcmp(runs[i], "none") != 0) {
			rc = cli_usage_error(
			    ctx, "--runs takes bao, sbo, so (comma-separated) or none, not '%s'", runs[i]);
			break;
		}
	}
	cli_list_free(runs, nruns);
	return rc;
}

static int schoolbestuur_create_handler(struct cli_ctx *ctx)
{
	Passend__V1__CreateSchoolbestuurRequest req = PASSEND__V1__CREATE_SCHOOLBESTUUR_REQUEST__INIT;
	Passend__V1__Schoolbestuur *resp = NULL;
	struct bestuur_form f = {.b = PASSEND__V1__SCHOOLBESTUUR__INIT,
	                         .from = PASSEND__V1__DATE__INIT,
	                         .to = PASSEND__V1__DATE__INIT};
	passend_channel *ch;
	char rid[37];
	const char *v;
	int rc;

	if ((rc = cli_required_flag(ctx, "bg-nummer", &v)) || (rc = cli_required_flag(ctx, "name", &v)) ||
	    (rc = bestuur_from_flags(ctx, &f)))
		return rc;
	req.schoolbestuur = &f.b;
	if (cli_request_id(rid) == 0) req.request_id = rid;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_create_schoolbestuur(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int schoolbestuur_update_handler(struct cli_ctx *ctx)
{
	Passend__V1__UpdateSchoolbestuurRequest req = PASSEND__V1__UPDATE_SCHOOLBESTUUR_REQUEST__INIT;
	Passend__V1__Schoolbestuur *resp = NULL;
	struct bestuur_form f = {.b = PASSEND__V1__SCHOOLBESTUUR__INIT,
	                         .from = PASSEND__V1__DATE__INIT,
	                         .to = PASSEND__V1__DATE__INIT};
	const char *mask[16], *id;
	passend_channel *ch;
	int rc;

	if ((rc = cli_one_arg(ctx, "bestuur ID (see 'passend bestuur schoolbestuur list')", &id)) ||
	    (rc = bestuur_from_flags(ctx, &f)))
		return rc;
	size_t nmask = mask_from_flags(ctx, schoolbestuur_mask, mask, sizeof(mask) / sizeof(mask[0]));
	if (nmask == 0) return cli_usage_error(ctx, "nothing to update: give at least one field flag");
	f.b.id = (char *)id;
	req.schoolbestuur = &f.b;
	req.update_mask = (char **)mask;
	req.n_update_mask = nmask;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_update_schoolbestuur(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int schoolbestuur_show_handler(struct cli_ctx *ctx)
{
	Passend__V1__GetByIdRequest req = PASSEND__V1__GET_BY_ID_REQUEST__INIT;
	Passend__V1__Schoolbestuur *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc;
	if ((rc = cli_one_arg(ctx, "bestuur ID (see 'passend bestuur schoolbestuur list')", &id))) return rc;
	req.id = (char *)id;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_bestuur_get_schoolbestuur(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int schoolbestuur_deactivate_handler(struct cli_ctx *ctx)
{
	Passend__V1__DeactivateRequest req = PASSEND__V1__DEACTIVATE_REQUEST__INIT;
	Passend__V1__Date to = PASSEND__V1__DATE__INIT;
	Passend__V1__Schoolbestuur *resp = NULL;
	passend_channel *ch;
	int rc;
	if ((rc = deactivate_req(ctx, "bestuur ID (see 'passend bestuur schoolbestuur list')", &req, &to)))
		return rc;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_deactivate_schoolbestuur(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int list_besturen(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                         const passend_call_opts *o)
{
	return passend_bestuur_list_schoolbesturen(ch, (const Passend__V1__ListSchoolbesturenRequest *)req,
	                                           (Passend__V1__ListSchoolbesturenResponse **)resp, o);
}

static int schoolbestuur_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListSchoolbesturenRequest req = PASSEND__V1__LIST_SCHOOLBESTUREN_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	req.include_inactive = flag_bool(ctx, "include-inactive");
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_besturen, &passend__v1__schoolbestuur__descriptor);
}

static const struct cli_flag schoolbestuur_flags[] = {
    {"bg-nummer", "NNNNN", "bevoegd-gezagnummer, 5 digits, unique in the SWV (required for create)"},
    {"name", "NAME", "name of the bestuur (required for create)"},
    {"vestigingsplaats", "PLACE", "seat of the bestuur"},
    {"runs", "LIST", "kinds of schools it runs: bao,sbo,so (comma-separated) or none"},
    {"lidmaatschap", "L", "lid (member) or aangesloten (affiliated)"},
    {"active-from", "YYYY-MM-DD", "first day as bestuur in the SWV"},
    {"active-to", "YYYY-MM-DD", "last day (default: still active)"},
    {NULL, NULL, NULL},
};

static const struct cli_flag include_inactive_flags[] = {
    {"include-inactive", NULL, "also rows with an active_to in the past"},
    CLI_LIST_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_schoolbestuur_create = {
    .name = "create",
    .summary = "Register a schoolbestuur (bevoegd gezag)",
    .usage = "bestuur schoolbestuur create --bg-nummer NNNNN --name NAME [--vestigingsplaats PLACE]\n"
             "         [--runs bao,sbo,so] [--lidmaatschap lid|aangesloten] [--active-from D] [flags]",
    .description = "Role bestuur. Prints the new schoolbestuur.",
    .flags = schoolbestuur_flags,
    .examples = "  passend bestuur schoolbestuur create --bg-nummer 41234 --name \"Stichting Ronduit\" \\\n"
                "      --vestigingsplaats Alkmaar --runs bao,sbo --lidmaatschap lid\n"
                "  passend bestuur schoolbestuur create --bg-nummer 40511 --name \"Aloysius Stichting\" \\\n"
                "      --runs so --lidmaatschap aangesloten --output json\n",
    .handler = schoolbestuur_create_handler,
};

static const struct cli_cmd cmd_schoolbestuur_list = {
    .name = "list",
    .summary = "List schoolbesturen",
    .usage = "bestuur schoolbestuur list [--include-inactive] [--page-size N] [--limit N] [flags]",
    .description = "Role bestuur; read-only for the other tenant roles the server allows.",
    .flags = include_inactive_flags,
    .examples = "  passend bestuur schoolbestuur list\n"
                "  passend bestuur schoolbestuur list --include-inactive --output csv\n",
    .handler = schoolbestuur_list_handler,
};

static const struct cli_cmd cmd_schoolbestuur_show = {
    .name = "show",
    .summary = "Show one schoolbestuur",
    .usage = "bestuur schoolbestuur show ID [flags]",
    .description = "Unknown ids and ids of other tenants give NOT_FOUND.",
    .examples = "  passend bestuur schoolbestuur show $BESTUUR\n",
    .handler = schoolbestuur_show_handler,
    .max_args = 1,
};

static const struct cli_cmd cmd_schoolbestuur_update = {
    .name = "update",
    .summary = "Change fields of a schoolbestuur",
    .usage = "bestuur schoolbestuur update ID [--name NAME] [--runs LIST] [...] [flags]",
    .description = "Role bestuur. Sends an update mask with exactly the fields whose flags are given\n"
                   "(--runs sets all three of runs_bao, runs_sbo and runs_so). Prints the result.",
    .flags = schoolbestuur_flags,
    .examples = "  passend bestuur schoolbestuur update $BESTUUR --vestigingsplaats Heerhugowaard\n"
                "  passend bestuur schoolbestuur update $BESTUUR --runs bao,sbo,so --lidmaatschap lid\n",
    .handler = schoolbestuur_update_handler,
    .max_args = 1,
};

static const struct cli_cmd cmd_schoolbestuur_deactivate = {
    .name = "deactivate",
    .summary = "End a schoolbestuur (sets active_to; history is kept)",
    .usage = "bestuur schoolbestuur deactivate ID [--active-to YYYY-MM-DD] [flags]",
    .description = "Role bestuur. Prints the schoolbestuur with its active_to.",
    .flags = deactivate_flags,
    .examples = "  passend bestuur schoolbestuur deactivate $BESTUUR --active-to 2024-07-31\n",
    .handler = schoolbestuur_deactivate_handler,
    .max_args = 1,
};

static const struct cli_cmd *const schoolbestuur_subcommands[] = {
    &cmd_schoolbestuur_create, &cmd_schoolbestuur_list,       &cmd_schoolbestuur_show,
    &cmd_schoolbestuur_update, &cmd_schoolbestuur_deactivate, NULL};

const struct cli_cmd cli_cmd_bestuur_schoolbestuur = {
    .name = "schoolbestuur",
    .summary = "Schoolbesturen (bevoegd gezag): create, list, show, update, deactivate",
    .examples = "  passend bestuur schoolbestuur list\n",
    .subcommands = schoolbestuur_subcommands,
};

/* ---- passend bestuur gemeente ------------------------------------------------------ */

struct gemeente_form {
	Passend__V1__Gemeente g;
	Passend__V1__Date from, to;
	Passend__V1__PostcodeRange pc[MAX_POSTCODES];
	Passend__V1__PostcodeRange *pcp[MAX_POSTCODES];
	char **items; /* --postcodes, split; the ranges point into these */
	size_t nitems;
};

static const struct cli_mask_field gemeente_mask[] = {
    {"name", "name"},
    {"cbs-code", "cbs_code"},
    {"valid-from", "valid_from"},
    {"valid-to", "valid_to"},
    {"successor", "successor_id"},
    {"postcodes", "postcodes"},
    {NULL, NULL},
};

/* Fill f->g from the flags given; "--postcodes 1811-1829,1830AA-1830ZZ".
 * Returns 0 or an exit code; free f->items with cli_list_free. */
static int gemeente_from_flags(struct cli_ctx *ctx, struct gemeente_form *f)
{
	const char *v;
	int g = 0, rc;

	if ((v = cli_flag_value(ctx, "name"))) f->g.name = (char *)v;
	if ((v = cli_flag_value(ctx, "cbs-code"))) f->g.cbs_code = (char *)v;
	if ((v = cli_flag_value(ctx, "successor"))) f->g.successor_id = (char *)v;
	if ((rc = cli_flag_date(ctx, "valid-from", &f->from, &g))) return rc;
	if (g) f->g.valid_from = &f->from;
	g = 0;
	if ((rc = cli_flag_date(ctx, "valid-to", &f->to, &g))) return rc;
	if (g) f->g.valid_to = &f->to;
	if ((rc = cli_flag_list(ctx, "postcodes", &f->items, &f->nitems))) return rc;
	if (f->nitems > MAX_POSTCODES)
		return cli_usage_error(ctx, "--postcodes: at most %d ranges", MAX_POSTCODES);
	for (size_t i = 0; i < f->nitems; i++) {
		char *dash = strchr(f->items[i], '-');
		passend__v1__postcode_range__init(&f->pc[i]);
		f->pc[i].from = f->items[i];
		f->pc[i].to = f->items[i];
		if (dash) {
			*dash = '\0';
			f->pc[i].to = dash + 1;
		}
		if (!*f->pc[i].from || !*f->pc[i].to)
			return cli_usage_error(
			    ctx, "--postcodes takes ranges FROM-TO like 1811-1829 or 1830AA-1830ZZ");
		f->pcp[i] = &f->pc[i];
	}
	f->g.postcodes = f->pcp;
	f->g.n_postcodes = f->nitems;
	return 0;
}

static void gemeente_form_init(struct gemeente_form *f)
{
	memset(f, 0, sizeof(*f));
	passend__v1__gemeente__init(&f->g);
	passend__v1__date__init(&f->from);
	passend__v1__date__init(&f->to);
}

static int gemeente_create_handler(struct cli_ctx *ctx)
{
	Passend__V1__CreateGemeenteRequest req = PASSEND__V1__CREATE_GEMEENTE_REQUEST__INIT;
	Passend__V1__Gemeente *resp = NULL;
	struct gemeente_form f;
	passend_channel *ch;
	char rid[37];
	const char *v;
	int rc;

	gemeente_form_init(&f);
	if ((rc = cli_required_flag(ctx, "name", &v)) || (rc = gemeente_from_flags(ctx, &f))) goto cleanup;
	req.gemeente = &f.g;
	if (cli_request_id(rid) == 0) req.request_id = rid;
	if ((rc = cli_connect(ctx, &ch))) goto cleanup;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_create_gemeente(ch, &req, &resp, &opts);
	rc = cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
cleanup:
	cli_list_free(f.items, f.nitems);
	return rc;
}

static int gemeente_update_handler(struct cli_ctx *ctx)
{
	Passend__V1__UpdateGemeenteRequest req = PASSEND__V1__UPDATE_GEMEENTE_REQUEST__INIT;
	Passend__V1__Gemeente *resp = NULL;
	struct gemeente_form f;
	const char *mask[16], *id;
	passend_channel *ch;
	int rc;

	gemeente_form_init(&f);
	if ((rc = cli_one_arg(ctx, "gemeente ID (see 'passend bestuur gemeente list')", &id)) ||
	    (rc = gemeente_from_flags(ctx, &f)))
		goto cleanup;
	size_t nmask = mask_from_flags(ctx, gemeente_mask, mask, sizeof(mask) / sizeof(mask[0]));
	if (nmask == 0) {
		rc = cli_usage_error(ctx, "nothing to update: give at least one field flag");
		goto cleanup;
	}
	f.g.id = (char *)id;
	req.gemeente = &f.g;
	req.update_mask = (char **)mask;
	req.n_update_mask = nmask;
	if ((rc = cli_connect(ctx, &ch))) goto cleanup;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_update_gemeente(ch, &req, &resp, &opts);
	rc = cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
cleanup:
	cli_list_free(f.items, f.nitems);
	return rc;
}

static int gemeente_show_handler(struct cli_ctx *ctx)
{
	Passend__V1__GetByIdRequest req = PASSEND__V1__GET_BY_ID_REQUEST__INIT;
	Passend__V1__Gemeente *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc;
	if ((rc = cli_one_arg(ctx, "gemeente ID (see 'passend bestuur gemeente list')", &id))) return rc;
	req.id = (char *)id;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_bestuur_get_gemeente(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int gemeente_deactivate_handler(struct cli_ctx *ctx)
{
	Passend__V1__DeactivateRequest req = PASSEND__V1__DEACTIVATE_REQUEST__INIT;
	Passend__V1__Date to = PASSEND__V1__DATE__INIT;
	Passend__V1__Gemeente *resp = NULL;
	passend_channel *ch;
	int rc;
	if ((rc = deactivate_req(ctx, "gemeente ID (see 'passend bestuur gemeente list')", &req, &to)))
		return rc;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_deactivate_gemeente(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int list_gemeenten(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                          const passend_call_opts *o)
{
	return passend_bestuur_list_gemeenten(ch, (const Passend__V1__ListGemeentenRequest *)req,
	                                      (Passend__V1__ListGemeentenResponse **)resp, o);
}

static int gemeente_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListGemeentenRequest req = PASSEND__V1__LIST_GEMEENTEN_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	Passend__V1__Date on = PASSEND__V1__DATE__INIT;
	int given = 0, rc;
	if ((rc = cli_flag_date(ctx, "valid-on", &on, &given))) return rc;
	if (given) req.valid_on = &on;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_gemeenten, &passend__v1__gemeente__descriptor);
}

static const struct cli_flag gemeente_flags[] = {
    {"name", "NAME", "name of the gemeente (required for create)"},
    {"cbs-code", "GMNNNN", "CBS code, e.g. GM0361"},
    {"valid-from", "YYYY-MM-DD", "first day the gemeente exists (in this form)"},
    {"valid-to", "YYYY-MM-DD", "last day, e.g. 2021-12-31 before a merger"},
    {"successor", "ID", "the gemeente it merged into"},
    {"postcodes", "RANGES", "only these postcodes are in the SWV: FROM-TO,... (default: all)"},
    {NULL, NULL, NULL},
};

static const struct cli_flag gemeente_list_flags[] = {
    {"valid-on", "YYYY-MM-DD", "only gemeenten valid on this date"},
    CLI_LIST_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_gemeente_create = {
    .name = "create",
    .summary = "Register a gemeente (with validity and optional postcode restriction)",
    .usage = "bestuur gemeente create --name NAME [--cbs-code GMNNNN] [--valid-from D] [--valid-to D]\n"
             "         [--successor ID] [--postcodes FROM-TO,...] [flags]",
    .description = "Role bestuur. Mergers keep their history: end the old gemeenten with --valid-to\n"
                   "and point them at the new one with --successor (see 'gemeente update').",
    .flags = gemeente_flags,
    .examples = "  passend bestuur gemeente create --name Alkmaar --cbs-code GM0361 --valid-from 2015-01-01\n"
                "  passend bestuur gemeente create --name Heerhugowaard --valid-to 2021-12-31\n"
                "  passend bestuur gemeente create --name \"Dijk en Waard\" --valid-from 2022-01-01 \\\n"
                "      --postcodes 1700-1709,1720-1724\n",
    .handler = gemeente_create_handler,
};

static const struct cli_cmd cmd_gemeente_list = {
    .name = "list",
    .summary = "List gemeenten",
    .usage = "bestuur gemeente list [--valid-on YYYY-MM-DD] [--page-size N] [--limit N] [flags]",
    .description = "Role bestuur; read-only for the other tenant roles the server allows.",
    .flags = gemeente_list_flags,
    .examples = "  passend bestuur gemeente list\n"
                "  passend bestuur gemeente list --valid-on 2017-10-01 --output csv\n",
    .handler = gemeente_list_handler,
};

static const struct cli_cmd cmd_gemeente_show = {
    .name = "show",
    .summary = "Show one gemeente (with the werkgebieden covering it)",
    .usage = "bestuur gemeente show ID [flags]",
    .examples = "  passend bestuur gemeente show $GEMEENTE\n",
    .handler = gemeente_show_handler,
    .max_args = 1,
};

static const struct cli_cmd cmd_gemeente_update = {
    .name = "update",
    .summary = "Change fields of a gemeente",
    .usage = "bestuur gemeente update ID [--name NAME] [--valid-to D] [--successor ID] [...] [flags]",
    .description = "Role bestuur. Sends an update mask with exactly the fields whose flags are given.",
    .flags = gemeente_flags,
    .examples = "  passend bestuur gemeente update $HHW --valid-to 2021-12-31 --successor $DIJK_EN_WAARD\n",
    .handler = gemeente_update_handler,
    .max_args = 1,
};

static const struct cli_cmd cmd_gemeente_deactivate = {
    .name = "deactivate",
    .summary = "End a gemeente (sets valid_to; history is kept)",
    .usage = "bestuur gemeente deactivate ID [--active-to YYYY-MM-DD] [flags]",
    .description = "Role bestuur. Prints the gemeente.",
    .flags = deactivate_flags,
    .examples = "  passend bestuur gemeente deactivate $GEMEENTE --active-to 2021-12-31\n",
    .handler = gemeente_deactivate_handler,
    .max_args = 1,
};

static const struct cli_cmd *const gemeente_subcommands[] = {&cmd_gemeente_create,     &cmd_gemeente_list,
                                                             &cmd_gemeente_show,       &cmd_gemeente_update,
                                                             &cmd_gemeente_deactivate, NULL};

const struct cli_cmd cli_cmd_bestuur_gemeente = {
    .name = "gemeente",
    .summary = "Gemeenten (with validity for mergers): create, list, show, update, deactivate",
    .examples = "  passend bestuur gemeente list --valid-on 2017-10-01\n",
    .subcommands = gemeente_subcommands,
};

/* ---- passend bestuur school update|deactivate ------------------------------------- */

static const struct cli_mask_field school_mask[] = {
    {"brin", "brin"},
    {"vestiging", "vestiging"},
    {"name", "name"},
    {"soort", "soort"},
    {"werkgebied", "werkgebied_id"},
    {"so-cluster", "so_cluster"},
    {"schoolbestuur", "schoolbestuur_id"},
    {"gemeente", "gemeente_id"},
    {"active-from", "active_from"},
    {"active-to", "active_to"},
    {NULL, NULL},
};

static int school_update_handler(struct cli_ctx *ctx)
{
	Passend__V1__UpdateSchoolRequest req = PASSEND__V1__UPDATE_SCHOOL_REQUEST__INIT;
	Passend__V1__School s = PASSEND__V1__SCHOOL__INIT;
	Passend__V1__Date from = PASSEND__V1__DATE__INIT, to = PASSEND__V1__DATE__INIT;
	Passend__V1__School *resp = NULL;
	const char *mask[16], *id, *v;
	passend_channel *ch;
	int soort = 0, g1 = 0, g2 = 0, rc;

	if ((rc = cli_one_arg(ctx, "school ID (see 'passend bestuur school list')", &id))) return rc;
	if ((rc = cli_flag_enum(ctx, "soort", &passend__v1__school_soort__descriptor, &soort)) ||
	    (rc = flag_i32(ctx, "so-cluster", 0, 4, &s.so_cluster)) ||
	    (rc = cli_flag_date(ctx, "active-from", &from, &g1)) ||
	    (rc = cli_flag_date(ctx, "active-to", &to, &g2)))
		return rc;
	s.id = (char *)id;
	s.soort = (Passend__V1__SchoolSoort)soort;
	if ((v = cli_flag_value(ctx, "brin"))) s.brin = (char *)v;
	if ((v = cli_flag_value(ctx, "vestiging"))) s.vestiging = (char *)v;
	if ((v = cli_flag_value(ctx, "name"))) s.name = (char *)v;
	if ((v = cli_flag_value(ctx, "werkgebied"))) s.werkgebied_id = (char *)v;
	if ((v = cli_flag_value(ctx, "schoolbestuur"))) s.schoolbestuur_id = (char *)v;
	if ((v = cli_flag_value(ctx, "gemeente"))) s.gemeente_id = (char *)v;
	if (g1) s.active_from = &from;
	if (g2) s.active_to = &to;
	size_t nmask = mask_from_flags(ctx, school_mask, mask, sizeof(mask) / sizeof(mask[0]));
	if (nmask == 0) return cli_usage_error(ctx, "nothing to update: give at least one field flag");
	req.school = &s;
	req.update_mask = (char **)mask;
	req.n_update_mask = nmask;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_update_school(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int school_deactivate_handler(struct cli_ctx *ctx)
{
	Passend__V1__DeactivateRequest req = PASSEND__V1__DEACTIVATE_REQUEST__INIT;
	Passend__V1__Date to = PASSEND__V1__DATE__INIT;
	Passend__V1__School *resp = NULL;
	passend_channel *ch;
	int rc;
	if ((rc = deactivate_req(ctx, "school ID (see 'passend bestuur school list')", &req, &to))) return rc;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_deactivate_school(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static const struct cli_flag school_update_flags[] = {
    {"brin", "BRIN", "BRIN number"},
    {"vestiging", "NN", "location number"},
    {"name", "NAME", "name of the school"},
    {"soort", "SOORT", "bao, sbo or so"},
    {"werkgebied", "ID", "werkgebied (required for bao)"},
    {"so-cluster", "N", "SO cluster 1-4 (0 = none)"},
    {"schoolbestuur", "ID", "the bestuur running the school"},
    {"gemeente", "ID", "the gemeente of the school's location"},
    {"active-from", "YYYY-MM-DD", "first day the school is active"},
    {"active-to", "YYYY-MM-DD", "last active day"},
    {NULL, NULL, NULL},
};

const struct cli_cmd cli_cmd_school_update = {
    .name = "update",
    .summary = "Change fields of a school",
    .usage = "bestuur school update ID [--name NAME] [--schoolbestuur ID] [--gemeente ID] [...] [flags]",
    .description = "Role bestuur. Sends an update mask with exactly the fields whose flags are given.",
    .flags = school_update_flags,
    .examples = "  passend bestuur school update $SCHOOL --schoolbestuur $BESTUUR --gemeente $ALKMAAR\n"
                "  passend bestuur school update $SO --soort so --so-cluster 4\n",
    .handler = school_update_handler,
    .max_args = 1,
};

const struct cli_cmd cli_cmd_school_deactivate = {
    .name = "deactivate",
    .summary = "Close a school (sets active_to; history is kept)",
    .usage = "bestuur school deactivate ID [--active-to YYYY-MM-DD] [flags]",
    .description = "Role bestuur. Prints the school with its active_to.",
    .flags = deactivate_flags,
    .examples = "  passend bestuur school deactivate $SCHOOL --active-to 2024-07-31\n",
    .handler = school_deactivate_handler,
    .max_args = 1,
};

/* ---- passend bestuur herkomst ------------------------------------------------------- */

static int herkomst_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListHerkomstTypesRequest req = PASSEND__V1__LIST_HERKOMST_TYPES_REQUEST__INIT;
	Passend__V1__ListHerkomstTypesResponse *resp = NULL;
	passend_channel *ch;
	int rc;

	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_bestuur_list_herkomst_types(ch, &req, &resp, &opts);
	if (rc < 0) return cli_call_error(ctx, rc);
	rc = cli_print_rows(ctx, &passend__v1__herkomst_type__descriptor,
	                    (ProtobufCMessage *const *)resp->types, resp->n_types);
	protobuf_c_message_free_unpacked(&resp->base, NULL);
	return rc;
}

static int herkomst_set_handler(struct cli_ctx *ctx)
{
	Passend__V1__HerkomstType t = PASSEND__V1__HERKOMST_TYPE__INIT, *resp = NULL;
	passend_channel *ch;
	const char *code, *label, *group;
	int rc;

	if ((rc = cli_one_arg(ctx, "herkomst CODE (e.g. kdc)", &code)) ||
	    (rc = cli_required_flag(ctx, "label", &label)) ||
	    (rc = cli_required_flag(ctx, "route-group", &group)) ||
	    (rc = flag_i32(ctx, "sort-order", 0, 10000, &t.sort_order)))
		return rc;
	t.code = (char *)code;
	t.label = (char *)label;
	t.route_group = (char *)group;
	t.active = !flag_bool(ctx, "inactive");
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_bestuur_upsert_herkomst_type(ch, &t, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static const struct cli_flag herkomst_set_flags[] = {
    {"label", "TEXT", "label as printed in reports (required)"},
    {"route-group", "GROUP", "report column: voorschool, basisonderwijs, sbo or so (required)"},
    {"sort-order", "N", "position in lists and reports (default 0)"},
    {"inactive", NULL, "hide the type for new TLVs (reports keep counting it)"},
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_herkomst_list = {
    .name = "list",
    .summary = "List the effective TLV herkomst types (platform defaults + the SWV's own)",
    .usage = "bestuur herkomst list [flags]",
    .description = "Every tenant role. The defaults are voorschool, basisonderwijs, sbo, so, kdc,\n"
                   "mkd, zorg, ander_swv and residentieel; the SWV overrides labels and route groups.",
    .examples = "  passend bestuur herkomst list\n"
                "  passend bestuur herkomst list --output json\n",
    .handler = herkomst_list_handler,
};

static const struct cli_cmd cmd_herkomst_set = {
    .name = "set",
    .summary = "Add or change a herkomst type of the SWV",
    .usage =
        "bestuur herkomst set CODE --label TEXT --route-group GROUP [--sort-order N] [--inactive] [flags]",
    .description = "Role bestuur. Creates the SWV's own row for CODE or replaces it (a repeat is\n"
                   "harmless). Prints the type.",
    .flags = herkomst_set_flags,
    .examples =
        "  passend bestuur herkomst set kdc --label \"KDC / MKD\" --route-group voorschool --sort-order 5\n"
        "  passend bestuur herkomst set ziekenhuis --label Ziekenhuisschool --route-group so\n",
    .handler = herkomst_set_handler,
    .max_args = 1,
};

static const struct cli_cmd *const herkomst_subcommands[] = {&cmd_herkomst_list, &cmd_herkomst_set, NULL};

const struct cli_cmd cli_cmd_bestuur_herkomst = {
    .name = "herkomst",
    .summary = "TLV herkomst types (where pupils come from): list, set",
    .examples = "  passend bestuur herkomst list\n",
    .subcommands = herkomst_subcommands,
};

/* ---- passend bestuur telling ---------------------------------------------------------- */

static int telling_set_handler(struct cli_ctx *ctx)
{
	Passend__V1__Telling t = PASSEND__V1__TELLING__INIT, *resp = NULL;
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	passend_channel *ch;
	const char *school, *v;
	int wijze = PASSEND__V1__TEL_WIJZE__SCHOOLGAAND, given = 0, rc;
	int64_t aantal;

	if ((rc = cli_required_flag(ctx, "school", &school)) ||
	    (rc = cli_required_flag(ctx, "teldatum", &v)) || (rc = cli_required_flag(ctx, "aantal", &v)) ||
	    (rc = cli_flag_date(ctx, "teldatum", &d, &given)) ||
	    (rc = cli_flag_enum(ctx, "tel-wijze", &passend__v1__tel_wijze__descriptor, &wijze)) ||
	    (rc = cli_flag_int(ctx, "aantal", 0, 0, 1000000, &aantal)))
		return rc;
	t.onder_8 = t.so_categorie_1 = t.so_categorie_2 = t.so_categorie_3 = -1;
	if ((rc = flag_i32(ctx, "onder-8", 0, 1000000, &t.onder_8)) ||
	    (rc = flag_i32(ctx, "so-categorie-1", 0, 1000000, &t.so_categorie_1)) ||
	    (rc = flag_i32(ctx, "so-categorie-2", 0, 1000000, &t.so_categorie_2)) ||
	    (rc = flag_i32(ctx, "so-categorie-3", 0, 1000000, &t.so_categorie_3)))
		return rc;
	t.school_id = (char *)school;
	t.teldatum = &d;
	t.tel_wijze = (Passend__V1__TelWijze)wijze;
	t.aantal = (int32_t)aantal;
	if ((v = cli_flag_value(ctx, "gemeente"))) t.gemeente_id = (char *)v;
	if (wijze == PASSEND__V1__TEL_WIJZE__WOONACHTIG && !v)
		return cli_usage_error(ctx, "--gemeente is required with --tel-wijze woonachtig");
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_bestuur_upsert_telling(ch, &t, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int list_tellingen(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                          const passend_call_opts *o)
{
	return passend_bestuur_list_tellingen(ch, (const Passend__V1__ListTellingenRequest *)req,
	                                      (Passend__V1__ListTellingenResponse **)resp, o);
}

static int telling_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListTellingenRequest req = PASSEND__V1__LIST_TELLINGEN_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	int wijze = 0, given = 0, rc;
	const char *v;
	if ((rc = cli_flag_date(ctx, "teldatum", &d, &given)) ||
	    (rc = cli_flag_enum(ctx, "tel-wijze", &passend__v1__tel_wijze__descriptor, &wijze)))
		return rc;
	if (given) req.teldatum = &d;
	req.tel_wijze = (Passend__V1__TelWijze)wijze;
	if ((v = cli_flag_value(ctx, "school"))) req.school_id = (char *)v;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_tellingen, &passend__v1__telling__descriptor);
}

static const struct cli_flag telling_set_flags[] = {
    {"school", "ID", "the school counted (required)"},
    {"teldatum", "YYYY-MM-DD", "count date, e.g. 2016-10-01 (required)"},
    {"tel-wijze", "W", "schoolgaand (by school location, default) or woonachtig (by residence)"},
    {"gemeente", "ID", "gemeente of residence (required for woonachtig)"},
    {"aantal", "N", "number of pupils (required)"},
    {"onder-8", "N", "of which younger than 8 (default unknown)"},
    {"so-categorie-1", "N", "SO pupils in funding category 1 (default unknown)"},
    {"so-categorie-2", "N", "SO pupils in category 2 (default unknown)"},
    {"so-categorie-3", "N", "SO pupils in category 3 (default unknown)"},
    {NULL, NULL, NULL},
};

static const struct cli_flag telling_list_flags[] = {
    {"teldatum", "YYYY-MM-DD", "only this count date"},
    {"tel-wijze", "W", "only schoolgaand or woonachtig"},
    {"school", "ID", "only this school"},
    CLI_LIST_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_telling_set = {
    .name = "set",
    .summary = "Record the pupil count of a school on a teldatum (replaces an earlier one)",
    .usage = "bestuur telling set --school ID --teldatum D --aantal N [--tel-wijze W] [--gemeente ID]\n"
             "         [--onder-8 N] [--so-categorie-1 N] [--so-categorie-2 N] [--so-categorie-3 N] [flags]",
    .description = "Role bestuur. One count per school, teldatum, tel-wijze and gemeente: setting it\n"
                   "again replaces it. Unknown splits are stored as unknown (-1), not as 0.",
    .flags = telling_set_flags,
    .examples =
        "  passend bestuur telling set --school $SCHOOL --teldatum 2016-10-01 --aantal 312 --onder-8 140\n"
        "  passend bestuur telling set --school $SO --teldatum 2016-10-01 --aantal 90 \\\n"
        "      --so-categorie-1 70 --so-categorie-2 12 --so-categorie-3 8\n"
        "  passend bestuur telling set --school $SCHOOL --teldatum 2016-10-01 --tel-wijze woonachtig \\\n"
        "      --gemeente $ALKMAAR --aantal 280\n",
    .handler = telling_set_handler,
};

static const struct cli_cmd cmd_telling_list = {
    .name = "list",
    .summary = "List pupil counts",
    .usage = "bestuur telling list [--teldatum D] [--tel-wijze W] [--school ID] [--page-size N] [--limit N] "
             "[flags]",
    .description = "Role bestuur (werkgebied and school within their scope, as the server allows).",
    .flags = telling_list_flags,
    .examples = "  passend bestuur telling list --teldatum 2016-10-01\n"
                "  passend bestuur telling list --school $SCHOOL --output csv\n",
    .handler = telling_list_handler,
};

static const struct cli_cmd *const telling_subcommands[] = {&cmd_telling_set, &cmd_telling_list, NULL};

const struct cli_cmd cli_cmd_bestuur_telling = {
    .name = "telling",
    .summary = "Leerlingtellingen (pupil counts per school per teldatum): set, list",
    .examples = "  passend bestuur telling list --teldatum 2016-10-01\n",
    .subcommands = telling_subcommands,
};

/* ---- passend werkgebied update|deactivate -------------------------------------------- */

static const struct cli_mask_field werkgebied_mask[] = {
    {"name", "name"},
    {"gemeenten", "gemeente_ids"},
    {NULL, NULL},
};

static int werkgebied_update_handler(struct cli_ctx *ctx)
{
	Passend__V1__UpdateWerkgebiedRequest req = PASSEND__V1__UPDATE_WERKGEBIED_REQUEST__INIT;
	Passend__V1__WerkgebiedInfo wg = PASSEND__V1__WERKGEBIED_INFO__INIT, *resp = NULL;
	const char *mask[4], *id, *v;
	passend_channel *ch;
	char **ids = NULL;
	size_t nids = 0;
	int rc;

	if ((rc = cli_one_arg(ctx, "werkgebied ID (see 'passend werkgebied list')", &id)) ||
	    (rc = cli_flag_list(ctx, "gemeenten", &ids, &nids)))
		return rc;
	wg.id = (char *)id;
	if ((v = cli_flag_value(ctx, "name"))) wg.name = (char *)v;
	wg.gemeente_ids = ids;
	wg.n_gemeente_ids = nids;
	size_t nmask = mask_from_flags(ctx, werkgebied_mask, mask, sizeof(mask) / sizeof(mask[0]));
	if (flag_bool(ctx, "no-gemeenten")) {
		if (nids) {
			rc = cli_usage_error(ctx, "--gemeenten and --no-gemeenten exclude each other");
			goto cleanup;
		}
		mask[nmask++] = "gemeente_ids";
	}
	if (nmask == 0) {
		rc = cli_usage_error(ctx, "nothing to update: give --name, --gemeenten or --no-gemeenten");
		goto cleanup;
	}
	req.werkgebied = &wg;
	req.update_mask = (char **)mask;
	req.n_update_mask = nmask;
	if ((rc = cli_connect(ctx, &ch))) goto cleanup;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_werkgebied_update_werkgebied(ch, &req, &resp, &opts);
	rc = cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
cleanup:
	cli_list_free(ids, nids);
	return rc;
}

static int werkgebied_deactivate_handler(struct cli_ctx *ctx)
{
	Passend__V1__DeactivateWerkgebiedRequest req = PASSEND__V1__DEACTIVATE_WERKGEBIED_REQUEST__INIT;
	Passend__V1__WerkgebiedInfo *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc;
	if ((rc = cli_one_arg(ctx, "werkgebied ID (see 'passend werkgebied list')", &id))) return rc;
	req.id = (char *)id;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_werkgebied_deactivate_werkgebied(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static const struct cli_flag werkgebied_update_flags[] = {
    {"name", "NAME", "new name, unique within the tenant"},
    {"gemeenten", "IDS", "the gemeenten it covers (comma-separated ids; replaces the list)"},
    {"no-gemeenten", NULL, "clear the list of gemeenten"},
    {NULL, NULL, NULL},
};

const struct cli_cmd cli_cmd_werkgebied_update = {
    .name = "update",
    .summary = "Rename a werkgebied or set the gemeenten it covers",
    .usage = "werkgebied update ID [--name NAME] [--gemeenten ID,...|--no-gemeenten] [flags]",
    .description = "Role bestuur. Sends an update mask with exactly the fields given. Prints the werkgebied.",
    .flags = werkgebied_update_flags,
    .examples = "  passend werkgebied update $WG --name \"Alkmaar-Noord\"\n"
                "  passend werkgebied update $WG --gemeenten $HEILOO,$CASTRICUM\n",
    .handler = werkgebied_update_handler,
    .max_args = 1,
};

const struct cli_cmd cli_cmd_werkgebied_deactivate = {
    .name = "deactivate",
    .summary = "Deactivate a werkgebied (kept for history; active = false)",
    .usage = "werkgebied deactivate ID [flags]",
    .description = "Role bestuur. Prints the werkgebied.",
    .examples = "  passend werkgebied deactivate $WG\n",
    .handler = werkgebied_deactivate_handler,
    .max_args = 1,
};
