/* cmd_domain: the tenant data commands — `passend bestuur school`,
 * `passend toezicht lid`, `passend werkgebied` and `passend leerling`
 * (services passend.v1.Bestuur, Toezicht and Werkgebied). Which role may do
 * what is decided by the server; the help texts say it for the reader.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const struct cli_flag list_only_flags[] = {CLI_LIST_FLAGS, {NULL, NULL, NULL}};

/* ---- passend bestuur school ---------------------------------------------------- */

static int school_create_handler(struct cli_ctx *ctx)
{
	Passend__V1__CreateSchoolRequest req = PASSEND__V1__CREATE_SCHOOL_REQUEST__INIT;
	Passend__V1__School school = PASSEND__V1__SCHOOL__INIT;
	Passend__V1__School *resp = NULL;
	passend_channel *ch;
	char rid[37];
	const char *brin, *vest, *name, *v;
	int soort = 0, rc;

	if ((rc = cli_required_flag(ctx, "brin", &brin)) ||
	    (rc = cli_required_flag(ctx, "vestiging", &vest)) ||
	    (rc = cli_required_flag(ctx, "name", &name)) || (rc = cli_required_flag(ctx, "soort", &v)))
		return rc;
	if ((rc = cli_flag_enum(ctx, "soort", &passend__v1__school_soort__descriptor, &soort))) return rc;
	school.brin = (char *)brin;
	school.vestiging = (char *)vest;
	school.name = (char *)name;
	school.soort = (Passend__V1__SchoolSoort)soort;
	if ((v = cli_flag_value(ctx, "werkgebied"))) school.werkgebied_id = (char *)v;
	req.school = &school;
	if (cli_request_id(rid) == 0) req.request_id = rid;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_create_school(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int school_show_handler(struct cli_ctx *ctx)
{
	Passend__V1__GetSchoolRequest req = PASSEND__V1__GET_SCHOOL_REQUEST__INIT;
	Passend__V1__School *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc;
	if ((rc = cli_one_arg(ctx, "school ID (see 'passend bestuur school list')", &id))) return rc;
	req.id = (char *)id;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_bestuur_get_school(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int list_schools(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                        const passend_call_opts *o)
{
	return passend_bestuur_list_schools(ch, (const Passend__V1__ListSchoolsRequest *)req,
	                                    (Passend__V1__ListSchoolsResponse **)resp, o);
}

static int school_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListSchoolsRequest req = PASSEND__V1__LIST_SCHOOLS_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	const char *v;
	if ((v = cli_flag_value(ctx, "werkgebied"))) req.werkgebied_id = (char *)v;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_schools, &passend__v1__school__descriptor);
}

static const struct cli_flag school_create_flags[] = {
    {"brin", "BRIN", "BRIN number: 2 digits and 2 letters/digits, e.g. 00LH (required)"},
    {"vestiging", "NN", "location number, 00 for the main location (required)"},
    {"name", "NAME", "name of the school (required)"},
    {"soort", "SOORT", "bao (basisschool), sbo or so (required)"},
    {"werkgebied", "ID", "werkgebied of the school (required for bao)"},
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_school_create = {
    .name = "create",
    .summary = "Register a school of the samenwerkingsverband",
    .usage = "bestuur school create --brin BRIN --vestiging NN --name NAME --soort bao|sbo|so\n"
             "         [--werkgebied ID] [flags]",
    .description = "Role bestuur. Prints the new school.",
    .flags = school_create_flags,
    .examples =
        "  passend bestuur school create --brin 00LH --vestiging 00 --name \"De Regenboog\" \\\n"
        "      --soort bao --werkgebied $WG\n"
        "  passend bestuur school create --brin 12AB --vestiging 01 --name \"SBO De Brug\" --soort sbo\n",
    .handler = school_create_handler,
};

static const struct cli_flag school_list_flags[] = {
    {"werkgebied", "ID", "only schools in this werkgebied"},
    CLI_LIST_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_school_list = {
    .name = "list",
    .summary = "List schools",
    .usage = "bestuur school list [--werkgebied ID] [--page-size N] [--limit N] [flags]",
    .description = "Roles bestuur (all), werkgebied and school (within their scope).",
    .flags = school_list_flags,
    .examples = "  passend bestuur school list\n"
                "  passend bestuur school list --werkgebied $WG --output csv\n",
    .handler = school_list_handler,
};

static const struct cli_cmd cmd_school_show = {
    .name = "show",
    .summary = "Show one school",
    .usage = "bestuur school show ID [flags]",
    .description = "Roles bestuur, werkgebied and school (within their scope); others get NOT_FOUND.",
    .examples = "  passend bestuur school show $SCHOOL\n",
    .handler = school_show_handler,
    .max_args = 1,
};

static const struct cli_cmd *const school_subcommands[] = {&cmd_school_create,         &cmd_school_list,
                                                           &cmd_school_show,           &cli_cmd_school_update,
                                                           &cli_cmd_school_deactivate, NULL};

static const struct cli_cmd cmd_bestuur_school = {
    .name = "school",
    .summary = "Schools: create, list, show, update, deactivate",
    .examples = "  passend bestuur school list\n",
    .subcommands = school_subcommands,
};

static const struct cli_cmd *const bestuur_subcommands[] = {&cmd_bestuur_school,
                                                            &cli_cmd_bestuur_schoolbestuur,
                                                            &cli_cmd_bestuur_gemeente,
                                                            &cli_cmd_bestuur_herkomst,
                                                            &cli_cmd_bestuur_telling,
                                                            &cli_cmd_bestuur_import,
                                                            NULL};

const struct cli_cmd cli_cmd_bestuur = {
    .name = "bestuur",
    .summary = "The samenwerkingsverband's own administration (schools, besturen, gemeenten, tellingen)",
    .examples = "  passend bestuur school list\n",
    .subcommands = bestuur_subcommands,
};

/* ---- passend toezicht lid -------------------------------------------------------- */

static int lid_create_handler(struct cli_ctx *ctx)
{
	Passend__V1__CreateLidRequest req = PASSEND__V1__CREATE_LID_REQUEST__INIT;
	Passend__V1__Lid lid = PASSEND__V1__LID__INIT;
	Passend__V1__Date start = PASSEND__V1__DATE__INIT, end = PASSEND__V1__DATE__INIT;
	Passend__V1__Lid *resp = NULL;
	passend_channel *ch;
	char rid[37];
	const char *name, *func, *v;
	int has_start = 0, has_end = 0, rc;

	if ((rc = cli_required_flag(ctx, "name", &name)) ||
	    (rc = cli_required_flag(ctx, "function", &func)) || (rc = cli_required_flag(ctx, "start", &v)))
		return rc;
	if ((rc = cli_flag_date(ctx, "start", &start, &has_start)) ||
	    (rc = cli_flag_date(ctx, "end", &end, &has_end)))
		return rc;
	lid.name = (char *)name;
	lid.function = (char *)func;
	lid.start_date = &start;
	if (has_end) lid.end_date = &end;
	req.lid = &lid;
	if (cli_request_id(rid) == 0) req.request_id = rid;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_toezicht_create_lid(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int lid_show_handler(struct cli_ctx *ctx)
{
	Passend__V1__GetLidRequest req = PASSEND__V1__GET_LID_REQUEST__INIT;
	Passend__V1__Lid *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc;
	if ((rc = cli_one_arg(ctx, "member ID (see 'passend toezicht lid list')", &id))) return rc;
	req.id = (char *)id;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_toezicht_get_lid(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int list_leden(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                      const passend_call_opts *o)
{
	return passend_toezicht_list_leden(ch, (const Passend__V1__ListLedenRequest *)req,
	                                   (Passend__V1__ListLedenResponse **)resp, o);
}

static int lid_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListLedenRequest req = PASSEND__V1__LIST_LEDEN_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	const char *v = cli_flag_value(ctx, "current");
	req.current_only = v && strcmp(v, "true") == 0;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_leden, &passend__v1__lid__descriptor);
}

static const struct cli_flag lid_create_flags[] = {
    {"name", "NAME", "name of the member (required)"},
    {"function", "FUNCTION", "e.g. voorzitter, lid, \"lid (auditcommissie)\" (required)"},
    {"start", "YYYY-MM-DD", "first day in office (required)"},
    {"end", "YYYY-MM-DD", "last day in office (default: still serving)"},
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_lid_create = {
    .name = "create",
    .summary = "Add a member of the supervisory body",
    .usage =
        "toezicht lid create --name NAME --function FUNCTION --start YYYY-MM-DD [--end YYYY-MM-DD] [flags]",
    .description = "Roles toezicht and bestuur. Prints the new member.",
    .flags = lid_create_flags,
    .examples =
        "  passend toezicht lid create --name \"J. de Vries\" --function voorzitter --start 2024-01-01\n"
        "  passend toezicht lid create --name \"A. Bakker\" --function lid --start 2020-09-01 --end "
        "2024-08-31\n",
    .handler = lid_create_handler,
};

static const struct cli_flag lid_list_flags[] = {
    {"current", NULL, "only members still in office (no end date in the past)"},
    CLI_LIST_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_lid_list = {
    .name = "list",
    .summary = "List members of the supervisory body",
    .usage = "toezicht lid list [--current] [--page-size N] [--limit N] [flags]",
    .description = "Roles toezicht and bestuur.",
    .flags = lid_list_flags,
    .examples = "  passend toezicht lid list --current\n"
                "  passend toezicht lid list --output json\n",
    .handler = lid_list_handler,
};

static const struct cli_cmd cmd_lid_show = {
    .name = "show",
    .summary = "Show one member",
    .usage = "toezicht lid show ID [flags]",
    .description = "Roles toezicht and bestuur.",
    .examples = "  passend toezicht lid show $LID\n",
    .handler = lid_show_handler,
    .max_args = 1,
};

static const struct cli_cmd *const lid_subcommands[] = {&cmd_lid_create, &cmd_lid_list, &cmd_lid_show, NULL};

static const struct cli_cmd cmd_toezicht_lid = {
    .name = "lid",
    .summary = "Members (leden): create, list, show",
    .examples = "  passend toezicht lid list --current\n",
    .subcommands = lid_subcommands,
};

static const struct cli_cmd *const toezicht_subcommands[] = {&cmd_toezicht_lid, NULL};

const struct cli_cmd cli_cmd_toezicht = {
    .name = "toezicht",
    .summary = "The supervisory body (members; aggregates only, never pupil data)",
    .examples = "  passend toezicht lid list\n",
    .subcommands = toezicht_subcommands,
};

/* ---- passend werkgebied ------------------------------------------------------------ */

static int werkgebied_create_handler(struct cli_ctx *ctx)
{
	Passend__V1__CreateWerkgebiedRequest req = PASSEND__V1__CREATE_WERKGEBIED_REQUEST__INIT;
	Passend__V1__WerkgebiedInfo wg = PASSEND__V1__WERKGEBIED_INFO__INIT;
	Passend__V1__WerkgebiedInfo *resp = NULL;
	passend_channel *ch;
	char rid[37];
	const char *name;
	int rc;

	if ((rc = cli_required_flag(ctx, "name", &name))) return rc;
	wg.name = (char *)name;
	req.werkgebied = &wg;
	if (cli_request_id(rid) == 0) req.request_id = rid;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_werkgebied_create_werkgebied(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int werkgebied_show_handler(struct cli_ctx *ctx)
{
	Passend__V1__GetWerkgebiedRequest req = PASSEND__V1__GET_WERKGEBIED_REQUEST__INIT;
	Passend__V1__WerkgebiedInfo *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc;
	if ((rc = cli_one_arg(ctx, "werkgebied ID (see 'passend werkgebied list')", &id))) return rc;
	req.id = (char *)id;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_werkgebied_get_werkgebied(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int list_werkgebieden(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                             const passend_call_opts *o)
{
	return passend_werkgebied_list_werkgebieden(ch, (const Passend__V1__ListWerkgebiedenRequest *)req,
	                                            (Passend__V1__ListWerkgebiedenResponse **)resp, o);
}

static int werkgebied_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListWerkgebiedenRequest req = PASSEND__V1__LIST_WERKGEBIEDEN_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_werkgebieden,
	                    &passend__v1__werkgebied_info__descriptor);
}

static const struct cli_flag werkgebied_create_flags[] = {
    {"name", "NAME", "name, unique within the tenant, e.g. Alkmaar-Noord (required)"},
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_werkgebied_create = {
    .name = "create",
    .summary = "Create a werkgebied",
    .usage = "werkgebied create --name NAME [flags]",
    .description = "Role bestuur. Prints the new werkgebied; use its id for schools and werkgebied tokens.",
    .flags = werkgebied_create_flags,
    .examples = "  passend werkgebied create --name Alkmaar-Noord\n"
                "  WG=$(passend werkgebied create --name Heerhugowaard --output json | jq -r .id)\n",
    .handler = werkgebied_create_handler,
};

static const struct cli_cmd cmd_werkgebied_list = {
    .name = "list",
    .summary = "List werkgebieden",
    .usage = "werkgebied list [--page-size N] [--limit N] [flags]",
    .description = "Roles bestuur and toezicht (all), werkgebied (its scope).",
    .flags = list_only_flags,
    .examples = "  passend werkgebied list\n",
    .handler = werkgebied_list_handler,
};

static const struct cli_cmd cmd_werkgebied_show = {
    .name = "show",
    .summary = "Show one werkgebied",
    .usage = "werkgebied show ID [flags]",
    .description = "Roles bestuur and toezicht, werkgebied (within its scope); others get NOT_FOUND.",
    .examples = "  passend werkgebied show $WG\n",
    .handler = werkgebied_show_handler,
    .max_args = 1,
};

static const struct cli_cmd *const werkgebied_subcommands[] = {
    &cmd_werkgebied_create,     &cmd_werkgebied_list,           &cmd_werkgebied_show,
    &cli_cmd_werkgebied_update, &cli_cmd_werkgebied_deactivate, NULL};

const struct cli_cmd cli_cmd_werkgebied = {
    .name = "werkgebied",
    .summary = "Werkgebieden (regions of operational support): create, list, show, update, deactivate",
    .examples = "  passend werkgebied list\n",
    .subcommands = werkgebied_subcommands,
};

/* ---- passend leerling ------------------------------------------------------------- */

static int leerling_create_handler(struct cli_ctx *ctx)
{
	Passend__V1__CreateLeerlingRequest req = PASSEND__V1__CREATE_LEERLING_REQUEST__INIT;
	Passend__V1__Leerling ll = PASSEND__V1__LEERLING__INIT;
	Passend__V1__Leerling *resp = NULL;
	passend_channel *ch;
	char rid[37];
	const char *school, *src, *ext, *v;
	int64_t jaar;
	int geslacht = 0, rc;

	if ((rc = cli_required_flag(ctx, "school", &school)) ||
	    (rc = cli_required_flag(ctx, "source-system", &src)) ||
	    (rc = cli_required_flag(ctx, "external-id", &ext)))
		return rc;
	if ((rc = cli_flag_int(ctx, "geboortejaar", 0, 1900, 2200, &jaar))) return rc;
	if ((rc = cli_flag_enum(ctx, "geslacht", &passend__v1__geslacht__descriptor, &geslacht))) return rc;
	ll.school_id = (char *)school;
	ll.source_system = (char *)src;
	ll.external_id = (char *)ext;
	ll.geboortejaar = (int32_t)jaar;
	ll.geslacht = (Passend__V1__Geslacht)geslacht;
	req.leerling = &ll;
	if ((v = cli_flag_value(ctx, "national-id"))) req.national_id = (char *)v;
	if (cli_request_id(rid) == 0) req.request_id = rid;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_werkgebied_create_leerling(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int leerling_show_handler(struct cli_ctx *ctx)
{
	Passend__V1__GetLeerlingRequest req = PASSEND__V1__GET_LEERLING_REQUEST__INIT;
	Passend__V1__Leerling *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc;
	if ((rc = cli_one_arg(ctx, "leerling ID (see 'passend leerling list')", &id))) return rc;
	req.id = (char *)id;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_werkgebied_get_leerling(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int list_leerlingen(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                           const passend_call_opts *o)
{
	return passend_werkgebied_list_leerlingen(ch, (const Passend__V1__ListLeerlingenRequest *)req,
	                                          (Passend__V1__ListLeerlingenResponse **)resp, o);
}

static int leerling_list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListLeerlingenRequest req = PASSEND__V1__LIST_LEERLINGEN_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	const char *v;
	if ((v = cli_flag_value(ctx, "school"))) req.school_id = (char *)v;
	if ((v = cli_flag_value(ctx, "werkgebied"))) req.werkgebied_id = (char *)v;
	if ((v = cli_flag_value(ctx, "national-id"))) req.national_id = (char *)v;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_leerlingen, &passend__v1__leerling__descriptor);
}

static const struct cli_flag leerling_create_flags[] = {
    {"school", "ID", "school where the pupil is registered (required)"},
    {"source-system", "NAME", "system the pupil comes from, e.g. parnassys (required)"},
    {"external-id", "ID", "the source system's id of the pupil (required; unique per source system)"},
    {"national-id", "NNNNNNNNN", "BSN or onderwijsnummer; only a keyed hash is stored, to match later"},
    {"geboortejaar", "YYYY", "year of birth (default unknown)"},
    {"geslacht", "G", "jongen, meisje or anders (default unspecified)"},
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_leerling_create = {
    .name = "create",
    .summary = "Register a pupil as a pseudonym (no name, no BSN stored)",
    .usage = "leerling create --school ID --source-system NAME --external-id ID [--national-id N]\n"
             "         [--geboortejaar YYYY] [--geslacht jongen|meisje|anders] [flags]",
    .description = "Roles bestuur, werkgebied and school (within their scope). The call is audited.\n"
                   "The werkgebied follows from the school. Prints the new pupil.",
    .flags = leerling_create_flags,
    .examples = "  passend leerling create --school $SCHOOL --source-system parnassys --external-id 4711 \\\n"
                "      --national-id 123456782 --geboortejaar 2015 --geslacht meisje\n",
    .handler = leerling_create_handler,
};

static const struct cli_flag leerling_list_flags[] = {
    {"school", "ID", "only pupils of this school"},
    {"werkgebied", "ID", "only pupils in this werkgebied"},
    {"national-id", "NNNNNNNNN", "find the pupil with this BSN or onderwijsnummer (by its keyed hash)"},
    CLI_LIST_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_leerling_list = {
    .name = "list",
    .summary = "List pupils (pseudonymised)",
    .usage =
        "leerling list [--school ID] [--werkgebied ID] [--national-id N] [--page-size N] [--limit N] [flags]",
    .description = "Roles bestuur, werkgebied and school (within their scope). The call is audited.",
    .flags = leerling_list_flags,
    .examples = "  passend leerling list --school $SCHOOL\n"
                "  passend leerling list --national-id 123456782 --output json\n",
    .handler = leerling_list_handler,
};

static const struct cli_cmd cmd_leerling_show = {
    .name = "show",
    .summary = "Show one pupil",
    .usage = "leerling show ID [flags]",
    .description = "Roles bestuur, werkgebied and school (within their scope); others get NOT_FOUND.\n"
                   "The call is audited.",
    .examples = "  passend leerling show $LEERLING\n",
    .handler = leerling_show_handler,
    .max_args = 1,
};

static const struct cli_cmd *const leerling_subcommands[] = {&cmd_leerling_create, &cmd_leerling_list,
                                                             &cmd_leerling_show, NULL};

const struct cli_cmd cli_cmd_leerling = {
    .name = "leerling",
    .summary = "Pupils as pseudonyms (external id per source system): create, list, show",
    .examples = "  passend leerling list --school $SCHOOL\n",
    .subcommands = leerling_subcommands,
};
