/* cli_bestuur: the objects of passend.v1.Bestuur as tables — school,
 * schoolbestuur, gemeente, herkomst, telling — and the `passend bestuur`
 * area that holds them (with `bestuur import`, cli_import.c). A row of a
 * flag table is a flag and the field it sets; which role may do what is
 * decided by the server, the descriptions say it for the reader.
 */
#include "cli_resource.h"

#include <stdlib.h>
#include <string.h>

#define CU (CLI_CREATE | CLI_UPDATE)

/* ---- school ------------------------------------------------------------------------- */

static const struct cli_flag school_flags[] = {
    CLI_FIELD("brin", "BRIN number: 2 digits and 2 letters/digits, e.g. 00LH", .on = CU,
              .required = CLI_CREATE),
    CLI_FIELD("vestiging", "location number, 00 for the main location", .metavar = "NN", .on = CU,
              .required = CLI_CREATE),
    CLI_FIELD("name", "name of the school", .on = CU, .required = CLI_CREATE),
    CLI_FIELD("soort", "bao (basisschool), sbo or so", .on = CU, .required = CLI_CREATE),
    CLI_FIELD("werkgebied_id", "werkgebied of the school (required for bao)", .on = CU),
    CLI_FIELD("so_cluster", "SO cluster 1-4 (0 = none)", .min = 0, .max = 4, .on = CU),
    {"bestuur", "BESTUUR", "the schoolbestuur running the school", .field = "schoolbestuur_id",
     .ref = &cli_res_schoolbestuur, .on = CU},
    CLI_FIELD("schoolbestuur_id", "the same as --bestuur", .on = CU),
    CLI_FIELD("gemeente_id", "the gemeente of the school's location", .on = CU),
    CLI_FIELD("active_from", "first day the school is active", .on = CU),
    CLI_FIELD("active_to", "last active day", .on = CU),
    CLI_FIELD("active_to", "last active day (default: today)", .on = CLI_ACT),
    CLI_FIELD("werkgebied_id", "only schools in this werkgebied", .on = CLI_LIST),
    CLI_FIELD("soort", "only schools of this soort: bao, sbo or so", .on = CLI_LIST),
    CLI_FIELD("schoolbestuur_id", "only schools of this schoolbestuur", .on = CLI_LIST),
    {"bestuur", "BESTUUR", "the same as --schoolbestuur", .field = "schoolbestuur_id",
     .ref = &cli_res_schoolbestuur, .on = CLI_LIST},
    CLI_FIELD("include_inactive", "also schools with an active_to in the past", .on = CLI_LIST),
    {0},
};

static const struct cli_verb school_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateSchool",
     school_flags,
     "Register a school of the samenwerkingsverband",
     "Role bestuur. Prints the new school.",
     "  passend bestuur school create --brin 00LH --vestiging 00 --name \"De Regenboog\" \\\n"
     "      --soort bao --werkgebied Alkmaar-Noord --bestuur 41234\n"
     "  passend bestuur school create --brin 12AB --vestiging 01 --name \"SBO De Brug\" --soort sbo\n"},
    {.kind = CLI_LIST,
     "list",
     "ListSchools",
     school_flags,
     "List schools",
     "Roles bestuur (all), werkgebied and school (within their scope).",
     "  passend bestuur school list\n"
     "  passend bestuur school list --werkgebied Alkmaar-Noord\n"
     "  passend bestuur school list --soort sbo --schoolbestuur 41234 --include-inactive\n"
     "  passend bestuur school list --output csv\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetSchool",
     NULL,
     "Show one school",
     "Roles bestuur, werkgebied and school (within their scope); others get NOT_FOUND.",
     "  passend bestuur school show 00LH\n"
     "  passend bestuur school show 00LH01 --output json\n"},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateSchool",
     school_flags,
     "Change fields of a school",
     "Role bestuur. Sends an update mask with exactly the fields whose flags are given.",
     "  passend bestuur school update 00LH --bestuur 41234 --gemeente Alkmaar\n"
     "  passend bestuur school update 12AB01 --soort so --so-cluster 4\n"},
    {.kind = CLI_ACT,
     "deactivate",
     "DeactivateSchool",
     school_flags,
     "Close a school (sets active_to; history is kept)",
     "Role bestuur. Prints the school with its active_to.",
     "  passend bestuur school deactivate 00LH --active-to 2024-07-31\n"},
    {0},
};

const struct cli_resource cli_res_school = {
    .cmd = {"school", "Schools: create, list, show, update, deactivate", .resource = &cli_res_school},
    .names = "BRIN (00LH), BRIN and vestiging (00LH01), or the school's name",
    .service = &passend__v1__bestuur__descriptor,
    .list_all = "include_inactive",
    .keys = {"{brin}{vestiging}", "{brin}", "{name}"},
    .label = "{name}",
    .cols = "brin vestiging:VEST name soort +so_cluster:CLUSTER werkgebied_id schoolbestuur_id:BESTUUR "
            "+gemeente_id +active_from +active_to",
    .verbs = school_verbs,
};

/* ---- schoolbestuur -------------------------------------------------------------------- */

/* --runs bao,sbo: the three runs_* booleans (all of them are in the mask). */
static int set_runs(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	static const char *const kinds[] = {"bao", "sbo", "so"};
	char **items, field[16];
	size_t n;
	int rc = 0;
	if (cli_split_list(value, &items, &n) < 0)
		return cli_usage_error(f->ctx, "--%s takes bao, sbo, so (comma-separated) or none", fl->name);
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t k = 0;
		while (k < 3 && strcmp(items[i], kinds[k]) != 0)
			k++;
		if (k < 3) {
			snprintf(field, sizeof(field), "runs_%s", kinds[k]);
			rc = cli_form_set(f, f->obj, field, "true", NULL);
		} else if (strcmp(items[i], "none") != 0) {
			rc = cli_usage_error(f->ctx,
			                     "--%s takes bao, sbo, so (comma-separated) or none, not '%s'",
			                     fl->name, items[i]);
		}
	}
	cli_list_free(items, n);
	return rc;
}

/* "bao, sbo" for the runs_* booleans of a Schoolbestuur. */
static int runs_text(buf *out, const ProtobufCMessage *m, const struct proto_column *col)
{
	const Passend__V1__Schoolbestuur *b = (const Passend__V1__Schoolbestuur *)m;
	const char *sep = "";
	if (b->runs_bao && (buf_printf(out, "bao") < 0 || !(sep = ", "))) return -1;
	if (b->runs_sbo && (buf_printf(out, "%ssbo", sep) < 0 || !(sep = ", "))) return -1;
	if (b->runs_so && buf_printf(out, "%sso", sep) < 0) return -1;
	return 0;
}

static const struct cli_flag schoolbestuur_flags[] = {
    {"bg-nummer", "NNNNN", "bevoegd-gezagnummer, 5 digits, unique in the SWV",
     .field = "bevoegd_gezag_nummer", .on = CU, .required = CLI_CREATE},
    CLI_FIELD("name", "name of the bestuur", .on = CU, .required = CLI_CREATE),
    CLI_FIELD("vestigingsplaats", "seat of the bestuur", .metavar = "PLACE", .on = CU),
    {"runs", "LIST", "kinds of schools it runs: bao,sbo,so (comma-separated) or none",
     .field = "runs_bao,runs_sbo,runs_so", .set = set_runs, .on = CU},
    CLI_FIELD("lidmaatschap", "lid (member) or aangesloten (affiliated)", .metavar = "L", .on = CU),
    CLI_FIELD("active_from", "first day as bestuur in the SWV", .on = CU),
    CLI_FIELD("active_to", "last day (default: still active)", .on = CU),
    CLI_FIELD("active_to", "last active day (default: today)", .on = CLI_ACT),
    CLI_FIELD("include_inactive", "also besturen with an active_to in the past", .on = CLI_LIST),
    {0},
};

static const struct cli_column schoolbestuur_columns[] = {
    {.field = "bevoegd_gezag_nummer", "BG-NUMMER"},
    {.field = "name"},
    {.field = "vestigingsplaats"},
    {.field = "runs_bao", "RUNS", .text = runs_text},
    {.field = "lidmaatschap"},
    {.field = "active_from"},
    {.field = "active_to"},
    {0},
};

static const struct cli_verb schoolbestuur_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateSchoolbestuur",
     schoolbestuur_flags,
     "Register a schoolbestuur (bevoegd gezag)",
     "Role bestuur. Prints the new schoolbestuur.",
     "  passend bestuur schoolbestuur create --bg-nummer 41234 --name \"Stichting Ronduit\" \\\n"
     "      --vestigingsplaats Alkmaar --runs bao,sbo --lidmaatschap lid\n"
     "  passend bestuur schoolbestuur create --bg-nummer 40511 --name \"Aloysius Stichting\" \\\n"
     "      --runs so --lidmaatschap aangesloten --output json\n"},
    {.kind = CLI_LIST,
     "list",
     "ListSchoolbesturen",
     schoolbestuur_flags,
     "List schoolbesturen",
     "Role bestuur; read-only for the other tenant roles the server allows.",
     "  passend bestuur schoolbestuur list\n"
     "  passend bestuur schoolbestuur list --include-inactive --output csv\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetSchoolbestuur",
     NULL,
     "Show one schoolbestuur",
     "Unknown ids and ids of other tenants give NOT_FOUND.",
     "  passend bestuur schoolbestuur show 41234\n"},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateSchoolbestuur",
     schoolbestuur_flags,
     "Change fields of a schoolbestuur",
     "Role bestuur. Sends an update mask with exactly the fields whose flags are given\n"
     "(--runs sets all three of runs_bao, runs_sbo and runs_so). Prints the result.",
     "  passend bestuur schoolbestuur update 41234 --vestigingsplaats Heerhugowaard\n"
     "  passend bestuur schoolbestuur update \"Stichting Ronduit\" --runs bao,sbo,so --lidmaatschap lid\n"},
    {.kind = CLI_ACT,
     "deactivate",
     "DeactivateSchoolbestuur",
     schoolbestuur_flags,
     "End a schoolbestuur (sets active_to; history is kept)",
     "Role bestuur. Prints the schoolbestuur with its active_to.",
     "  passend bestuur schoolbestuur deactivate 41234 --active-to 2024-07-31\n"},
    {0},
};

const struct cli_resource cli_res_schoolbestuur = {
    .cmd = {"schoolbestuur", "Schoolbesturen (bevoegd gezag): create, list, show, update, deactivate",
            .resource = &cli_res_schoolbestuur},
    .metavar = "BESTUUR",
    .names = "bevoegd-gezagnummer (41234) or the bestuur's name",
    .service = &passend__v1__bestuur__descriptor,
    .list_all = "include_inactive",
    .keys = {"{bevoegd_gezag_nummer}", "{name}"},
    .label = "{name}",
    .columns = schoolbestuur_columns,
    .verbs = schoolbestuur_verbs,
};

/* ---- gemeente ----------------------------------------------------------------------- */

/* --postcodes 1811-1829,1830AA-1830ZZ: PostcodeRange messages (a single
 * postcode is a range from and to itself). */
static int set_postcodes(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	char **items;
	size_t n;
	int rc = 0;
	if (cli_split_list(value, &items, &n) < 0)
		return cli_usage_error(f->ctx, "--%s takes ranges FROM-TO like 1811-1829 or 1830AA-1830ZZ",
		                       fl->name);
	for (size_t i = 0; i < n && rc == 0; i++) {
		ProtobufCMessage *range;
		char *dash = strchr(items[i], '-');
		if (dash) *dash = '\0';
		const char *to = dash ? dash + 1 : items[i];
		if (!*items[i] || !*to)
			rc = cli_usage_error(
			    f->ctx, "--%s takes ranges FROM-TO like 1811-1829 or 1830AA-1830ZZ", fl->name);
		else if (!(rc = cli_form_add(f, f->obj, "postcodes", &range)) &&
		         !(rc = cli_form_set(f, range, "from", items[i], NULL)))
			rc = cli_form_set(f, range, "to", to, NULL);
	}
	cli_list_free(items, n);
	return rc;
}

/* "1700-1709, 1720AA-1724ZZ" for the postcode ranges of a Gemeente. */
static int postcodes_text(buf *out, const ProtobufCMessage *m, const struct proto_column *col)
{
	const Passend__V1__Gemeente *g = (const Passend__V1__Gemeente *)m;
	for (size_t i = 0; i < g->n_postcodes; i++) {
		const Passend__V1__PostcodeRange *r = g->postcodes[i];
		int same = strcmp(r->from, r->to) == 0;
		if (buf_printf(out, "%s%s%s%s", i ? ", " : "", r->from, same ? "" : "-", same ? "" : r->to) <
		    0)
			return -1;
	}
	return 0;
}

static const struct cli_flag gemeente_flags[] = {
    CLI_FIELD("name", "name of the gemeente", .on = CU, .required = CLI_CREATE),
    CLI_FIELD("cbs_code", "CBS code, e.g. GM0361", .metavar = "GMNNNN", .on = CU),
    CLI_FIELD("valid_from", "first day the gemeente exists (in this form)", .on = CU),
    CLI_FIELD("valid_to", "last day, e.g. 2021-12-31 before a merger", .on = CU),
    CLI_FIELD("successor_id", "the gemeente it merged into", .ref = &cli_res_gemeente, .on = CU),
    {"postcodes", "RANGES", "only these postcodes are in the SWV: FROM-TO,... (default: all)",
     .field = "postcodes", .set = set_postcodes, .on = CU},
    CLI_FIELD("active_to", "last day (default: today)", .on = CLI_ACT),
    CLI_FIELD("valid_on", "only gemeenten valid on this date", .on = CLI_LIST),
    {0},
};

static const struct cli_column gemeente_columns[] = {
    {.field = "name"},
    {.field = "cbs_code", "CBS"},
    {.field = "valid_from"},
    {.field = "valid_to"},
    {.field = "successor_id", "SUCCESSOR", &cli_res_gemeente},
    {.field = "postcodes", .text = postcodes_text},
    {.field = "werkgebied_ids", "WERKGEBIEDEN", &cli_res_werkgebied},
    {0},
};

static const struct cli_verb gemeente_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateGemeente",
     gemeente_flags,
     "Register a gemeente (with validity and optional postcode restriction)",
     "Role bestuur. Mergers keep their history: end the old gemeenten with --valid-to\n"
     "and point them at the new one with --successor (see 'gemeente update').",
     "  passend bestuur gemeente create --name Alkmaar --cbs-code GM0361 --valid-from 2015-01-01\n"
     "  passend bestuur gemeente create --name Heerhugowaard --valid-to 2021-12-31\n"
     "  passend bestuur gemeente create --name \"Dijk en Waard\" --valid-from 2022-01-01 \\\n"
     "      --postcodes 1700-1709,1720-1724\n"},
    {.kind = CLI_LIST,
     "list",
     "ListGemeenten",
     gemeente_flags,
     "List gemeenten",
     "Role bestuur; read-only for the other tenant roles the server allows.",
     "  passend bestuur gemeente list\n"
     "  passend bestuur gemeente list --valid-on 2017-10-01 --output csv\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetGemeente",
     NULL,
     "Show one gemeente (with the werkgebieden covering it)",
     NULL,
     "  passend bestuur gemeente show Alkmaar\n"},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateGemeente",
     gemeente_flags,
     "Change fields of a gemeente",
     "Role bestuur. Sends an update mask with exactly the fields whose flags are given.",
     "  passend bestuur gemeente update Heerhugowaard --valid-to 2021-12-31 --successor \"Dijk en Waard\"\n"},
    {.kind = CLI_ACT,
     "deactivate",
     "DeactivateGemeente",
     gemeente_flags,
     "End a gemeente (sets valid_to; history is kept)",
     "Role bestuur. Prints the gemeente.",
     "  passend bestuur gemeente deactivate Langedijk --active-to 2021-12-31\n"},
    {0},
};

const struct cli_resource cli_res_gemeente = {
    .cmd = {"gemeente", "Gemeenten (with validity for mergers): create, list, show, update, deactivate",
            .resource = &cli_res_gemeente},
    .names = "name (Alkmaar) or CBS code (GM0361)",
    .service = &passend__v1__bestuur__descriptor,
    .keys = {"{name}", "{cbs_code}"},
    .label = "{name}",
    .columns = gemeente_columns,
    .verbs = gemeente_verbs,
};

/* ---- herkomst ------------------------------------------------------------------------ */

static const struct cli_flag herkomst_set_flags[] = {
    CLI_FIELD("label", "label as printed in reports", .metavar = "TEXT", .required = CLI_CALL),
    CLI_FIELD("route_group",
              "the SWV's own route group (a code; default groups voorschool, basisonderwijs, sbo, so)",
              .metavar = "GROUP", .required = CLI_CALL),
    CLI_FIELD("route_group_label", "the group's name in reports, e.g. \"Zij- en onderinstroom\"",
              .metavar = "TEXT"),
    CLI_FIELD("sort_order", "position in lists and reports (default 0)", .min = 0, .max = 10000),
    {"inactive", NULL, "hide the type for new TLVs (reports keep counting it)", .field = "active",
     .opts = CLI_F_INVERT, .def = "false"},
    {0},
};

static const struct cli_verb herkomst_verbs[] = {
    {.kind = CLI_LIST,
     "list",
     "ListHerkomstTypes",
     NULL,
     "List the effective TLV herkomst types (platform defaults + the SWV's own)",
     "Every tenant role. The defaults are voorschool, basisonderwijs, sbo, so, kdc,\n"
     "mkd, zorg, ander_swv and residentieel; the SWV overrides labels and route groups.",
     "  passend bestuur herkomst list\n"
     "  passend bestuur herkomst list --output json\n"},
    {.kind = CLI_CALL,
     "set",
     "UpsertHerkomstType",
     herkomst_set_flags,
     "Add or change a herkomst type of the SWV",
     "Role bestuur. Creates the SWV's own row for CODE or replaces it (a repeat is\n"
     "harmless). Prints the type. The route groups of the TLV report are the SWV's own: the\n"
     "groups its herkomst types name, in the order of their first type, each named by\n"
     "--route-group-label (once per group is enough).",
     "  passend bestuur herkomst set kdc --label \"KDC / MKD\" --route-group voorschool --sort-order 5\n"
     "  passend bestuur herkomst set ziekenhuis --label Ziekenhuisschool --route-group so\n"
     "  passend bestuur herkomst set sbo --label SBO --route-group zij_en_onderinstroom \\\n"
     "      --route-group-label \"Zij- en onderinstroom\" --sort-order 30\n",
     .arg = "code",
     .arg_metavar = "CODE",
     .literal_arg = 1},
    {0},
};

static const struct cli_resource herkomst = {
    .cmd = {"herkomst", "TLV herkomst types (where pupils come from): list, set", .resource = &herkomst},
    .service = &passend__v1__bestuur__descriptor,
    .verbs = herkomst_verbs,
};

/* ---- telling ------------------------------------------------------------------------- */

/* Counting by residence needs the gemeente of residence. */
static int telling_check(struct cli_form *f)
{
	const Passend__V1__Telling *t = (const Passend__V1__Telling *)f->req;
	if (t->tel_wijze == PASSEND__V1__TEL_WIJZE__WOONACHTIG && !t->gemeente_id[0])
		return cli_usage_error(f->ctx, "--gemeente is required with --tel-wijze woonachtig");
	return 0;
}

/* A count, or nothing when unknown (-1). */
static int count_text(buf *out, const ProtobufCMessage *m, const struct proto_column *col)
{
	buf v = {0};
	int rc = proto_field_text(&v, m, col->field);
	if (rc == 0 && !(buf_avail(&v) == 2 && memcmp(buf_rptr(&v), "-1", 2) == 0))
		rc = buf_append(out, buf_rptr(&v), buf_avail(&v));
	buf_free(&v);
	return rc;
}

static const struct cli_flag telling_flags[] = {
    CLI_FIELD("school_id", "the school counted", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("teldatum", "count date, e.g. 2016-10-01", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("tel_wijze", "schoolgaand (by school location, default) or woonachtig (by residence)",
              .metavar = "W", .def = "schoolgaand", .on = CLI_CALL),
    CLI_FIELD("gemeente_id", "gemeente of residence (required for woonachtig)", .on = CLI_CALL),
    CLI_FIELD("aantal", "number of pupils", .metavar = "N", .min = 0, .max = 1000000, .on = CLI_CALL,
              .required = CLI_CALL),
    CLI_FIELD("onder_8", "of which younger than 8 (default unknown)", .def = "-1", .min = -1, .max = 1000000,
              .on = CLI_CALL),
    CLI_FIELD("so_categorie_1", "SO pupils in funding category 1 (default unknown)", .metavar = "N",
              .def = "-1", .min = -1, .max = 1000000, .on = CLI_CALL),
    CLI_FIELD("so_categorie_2", "SO pupils in category 2 (default unknown)", .metavar = "N", .def = "-1",
              .min = -1, .max = 1000000, .on = CLI_CALL),
    CLI_FIELD("so_categorie_3", "SO pupils in category 3 (default unknown)", .metavar = "N", .def = "-1",
              .min = -1, .max = 1000000, .on = CLI_CALL),
    CLI_FIELD("teldatum", "only this count date", .on = CLI_LIST),
    CLI_FIELD("tel_wijze", "only schoolgaand or woonachtig", .metavar = "W", .on = CLI_LIST),
    CLI_FIELD("school_id", "only this school", .on = CLI_LIST),
    {0},
};

static const struct cli_column telling_columns[] = {
    {.field = "school_id", "SCHOOL", &cli_res_school},
    {.field = "teldatum"},
    {.field = "tel_wijze"},
    {.field = "gemeente_id", "GEMEENTE", &cli_res_gemeente},
    {.field = "aantal"},
    {.field = "onder_8", .text = count_text},
    {.field = "so_categorie_1", "SO_CAT_1", .text = count_text},
    {.field = "so_categorie_2", "SO_CAT_2", .text = count_text},
    {.field = "so_categorie_3", "SO_CAT_3", .text = count_text},
    {0},
};

static const struct cli_verb telling_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "UpsertTelling",
     telling_flags,
     "Record the pupil count of a school on a teldatum (replaces an earlier one)",
     "Role bestuur. One count per school, teldatum, tel-wijze and gemeente: setting it\n"
     "again replaces it. Unknown splits are stored as unknown (-1), not as 0.",
     "  passend bestuur telling set --school 00LH --teldatum 2016-10-01 --aantal 312 --onder-8 140\n"
     "  passend bestuur telling set --school 12AB --teldatum 2016-10-01 --aantal 90 \\\n"
     "      --so-categorie-1 70 --so-categorie-2 12 --so-categorie-3 8\n"
     "  passend bestuur telling set --school 00LH --teldatum 2016-10-01 --tel-wijze woonachtig \\\n"
     "      --gemeente Alkmaar --aantal 280\n",
     .check = telling_check},
    {.kind = CLI_LIST,
     "list",
     "ListTellingen",
     telling_flags,
     "List pupil counts",
     "Role bestuur (werkgebied and school within their scope, as the server allows).",
     "  passend bestuur telling list --teldatum 2016-10-01\n"
     "  passend bestuur telling list --school 00LH --output csv\n"},
    {0},
};

static const struct cli_resource telling = {
    .cmd = {"telling", "Leerlingtellingen (pupil counts per school per teldatum): set, list",
            .resource = &telling},
    .service = &passend__v1__bestuur__descriptor,
    .columns = telling_columns,
    .verbs = telling_verbs,
};

/* ---- passend bestuur ------------------------------------------------------------------- */

static const struct cli_cmd *const bestuur_subcommands[] = {
    &cli_res_school.cmd, &cli_res_schoolbestuur.cmd, &cli_res_gemeente.cmd,   &herkomst.cmd,
    &telling.cmd,        &cli_res_jaarrekening.cmd,  &cli_cmd_bestuur_import, NULL};

const struct cli_cmd cli_cmd_bestuur = {
    .name = "bestuur",
    .summary = "The samenwerkingsverband's own administration (schools, besturen, gemeenten, tellingen)",
    .examples = "  passend bestuur school list\n",
    .subcommands = bestuur_subcommands,
};
