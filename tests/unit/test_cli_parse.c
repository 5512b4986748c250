/* Unit tests for the CLI's parser and resource tables (client/cli): the real
 * flag tables of school, schoolbestuur, werkgebied, tenant, telling and
 * herkomst turned into request fields (types, defaults, inverted booleans,
 * update masks, keys kept for resolution), natural-key detection and
 * resolution against rows in memory, and usage errors (exit 2) — all
 * through cli_run, stopped by a check hook before anything is sent.
 */
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#include "uuid.h"
#include "cli_resource.h"

#define CAPTURED 99 /* exit code of the capturing check hook */

/* ---- a test tree around one real resource, stopped before the call ---------------- */

static struct cli_resource res;
static struct cli_verb verbs[16];
static int (*orig_check[16])(struct cli_form *);
static const struct cli_cmd node = {.name = "obj", .summary = "the object under test", .resource = &res};
static const struct cli_cmd *const root_subs[] = {&node, NULL};
static const struct cli_cmd root = {.name = "passend", .summary = "test", .subcommands = root_subs};

/* What the check hook saw: a copy of the request, the mask, the keys. */
static ProtobufCMessage *req;
static char mask[8][64];
static size_t nmask;
static char keys[8][64];
static size_t nkeys;

static int capture(struct cli_form *f)
{
	int rc = orig_check[f->ctx->cmd->verb - verbs] ? orig_check[f->ctx->cmd->verb - verbs](f) : 0;
	if (rc) return rc;
	size_t len = protobuf_c_message_get_packed_size(f->req);
	uint8_t *b = malloc(len ? len : 1);
	assert_non_null(b);
	protobuf_c_message_pack(f->req, b);
	req = protobuf_c_message_unpack(f->req->descriptor, NULL, len, b);
	free(b);
	assert_non_null(req);
	nmask = f->nmask;
	for (size_t i = 0; i < nmask && i < 8; i++)
		snprintf(mask[i], sizeof(mask[i]), "%s", f->mask[i]);
	nkeys = f->nrefs;
	for (size_t i = 0; i < nkeys && i < 8; i++) {
		const ProtobufCFieldDescriptor *fd = f->refs[i].field;
		char *const *slot = (char *const *)((const char *)f->refs[i].msg + fd->offset);
		if (fd->label == PROTOBUF_C_LABEL_REPEATED)
			slot = &(*(char *const *const *)slot)[f->refs[i].index];
		snprintf(keys[i], sizeof(keys[i]), "%s", *slot);
	}
	return CAPTURED;
}

static void use(const struct cli_resource *r)
{
	size_t i;
	res = *r;
	for (i = 0; r->verbs[i].kind; i++) {
		verbs[i] = r->verbs[i];
		orig_check[i] = verbs[i].check;
		verbs[i].check = capture;
	}
	memset(&verbs[i], 0, sizeof(verbs[i]));
	res.verbs = verbs;
}

/* The object node `name` under the real area `area` (e.g. bestuur telling). */
static const struct cli_resource *real(const struct cli_cmd *area, const char *name)
{
	for (const struct cli_cmd *const *s = area->subcommands; *s; s++)
		if (strcmp((*s)->name, name) == 0) return (*s)->resource;
	fail_msg("no %s in %s", name, area->name);
	return NULL;
}

static char out_text[16384], err_text[16384];

/* Run `passend obj ARGS...`; stdout and stderr land in out_text/err_text. */
static int run(const char *first, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	argv[argc++] = (char *)"passend";
	argv[argc++] = (char *)"obj";
	va_start(ap, first);
	for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	if (req) protobuf_c_message_free_unpacked(req, NULL);
	req = NULL;
	nmask = nkeys = 0;
	FILE *out = fmemopen(out_text, sizeof(out_text) - 1, "w"),
	     *err = fmemopen(err_text, sizeof(err_text) - 1, "w");
	assert_non_null(out);
	assert_non_null(err);
	memset(out_text, 0, sizeof(out_text));
	memset(err_text, 0, sizeof(err_text));
	int rc = cli_run(&root, argc, argv, out, err);
	fclose(out);
	fclose(err);
	return rc;
}

static int setup(void **state)
{
	setenv("XDG_CONFIG_HOME", "/nonexistent-passend-test", 1);
	setenv("HOME", "/nonexistent-passend-test", 1);
	unsetenv("PASSEND_CONFIG");
	unsetenv("PASSEND_OUTPUT");
	return 0;
}

static int teardown(void **state)
{
	if (req) protobuf_c_message_free_unpacked(req, NULL);
	req = NULL;
	return 0;
}

/* ---- flags -> fields ---------------------------------------------------------------- */

static void test_create_fields(void **state)
{
	use(&cli_res_school);
	assert_int_equal(run("create", "--brin", "00LH", "--vestiging", "00", "--name", "De Regenboog",
	                     "--soort", "BAO", "--werkgebied", "Alkmaar-Noord", "--so-cluster", "0",
	                     "--active-from", "2016-08-01", NULL),
	                 CAPTURED);
	const Passend__V1__CreateSchoolRequest *r = (const Passend__V1__CreateSchoolRequest *)req;
	assert_non_null(r->school);
	assert_string_equal(r->school->brin, "00LH");
	assert_string_equal(r->school->vestiging, "00");
	assert_string_equal(r->school->name, "De Regenboog");
	assert_int_equal(r->school->soort, PASSEND__V1__SCHOOL_SOORT__BAO);
	assert_int_equal(r->school->active_from->year, 2016);
	assert_int_equal(r->school->active_from->day, 1);
	/* the werkgebied is a name: kept as a key until it is resolved */
	assert_string_equal(r->school->werkgebied_id, "Alkmaar-Noord");
	assert_int_equal(nkeys, 1);
	assert_string_equal(keys[0], "Alkmaar-Noord");
	assert_int_equal(nmask, 0);
}

static void test_update_mask(void **state)
{
	use(&cli_res_school);
	assert_int_equal(run("update", "00LH", "--gemeente", "Alkmaar", "--name", "X", "--bestuur",
	                     "1b4e28ba-2fa1-11d2-883f-0016d3cca427", NULL),
	                 CAPTURED);
	const Passend__V1__UpdateSchoolRequest *r = (const Passend__V1__UpdateSchoolRequest *)req;
	assert_string_equal(r->school->id, "00LH"); /* the positional key, resolved later */
	assert_string_equal(r->school->schoolbestuur_id, "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
	/* exactly the fields given, in the order of the flag table */
	assert_int_equal(nmask, 3);
	assert_string_equal(mask[0], "name");
	assert_string_equal(mask[1], "schoolbestuur_id");
	assert_string_equal(mask[2], "gemeente_id");
	assert_int_equal(nkeys, 3); /* SCHOOL, BESTUUR (a UUID: passes as it is) and GEMEENTE */

	use(&cli_res_schoolbestuur); /* one flag, three fields */
	assert_int_equal(run("update", "41234", "--runs", "bao", NULL), CAPTURED);
	const Passend__V1__UpdateSchoolbestuurRequest *b =
	    (const Passend__V1__UpdateSchoolbestuurRequest *)req;
	assert_true(b->schoolbestuur->runs_bao);
	assert_false(b->schoolbestuur->runs_sbo);
	assert_int_equal(nmask, 3);
	assert_string_equal(mask[0], "runs_bao");
	assert_string_equal(mask[2], "runs_so");

	use(&cli_res_werkgebied); /* clearing a list is a field in the mask with no value */
	assert_int_equal(run("update", "Alkmaar-Noord", "--no-gemeenten", NULL), CAPTURED);
	const Passend__V1__UpdateWerkgebiedRequest *w = (const Passend__V1__UpdateWerkgebiedRequest *)req;
	assert_int_equal(w->werkgebied->n_gemeente_ids, 0);
	assert_int_equal(nmask, 1);
	assert_string_equal(mask[0], "gemeente_ids");
	assert_int_equal(
	    run("update", "Alkmaar-Noord", "--gemeenten", "Heiloo, Castricum", "--gemeenten", "Bergen", NULL),
	    CAPTURED);
	w = (const Passend__V1__UpdateWerkgebiedRequest *)req;
	assert_int_equal(w->werkgebied->n_gemeente_ids, 3);
	assert_string_equal(w->werkgebied->gemeente_ids[1], "Castricum");
	assert_int_equal(nkeys, 4);
}

static void test_derived_fields(void **state)
{
	use(&cli_res_tenant); /* the sector follows the DUO code, and is masked on update */
	assert_int_equal(run("update", "PO 27-04", "--duo-code", "VO 41-02", NULL), CAPTURED);
	const Passend__V1__UpdateTenantRequest *t = (const Passend__V1__UpdateTenantRequest *)req;
	assert_int_equal(t->tenant->sector, PASSEND__V1__SECTOR__VO);
	assert_int_equal(nmask, 2);
	assert_int_equal(run("update", "PO 27-04", "--duo-code", "VO 41-02", "--sector", "po",
	                     "--schooljaar-start", "08-15", "--tlv-termijn-eenheid", "werkdagen", NULL),
	                 CAPTURED);
	t = (const Passend__V1__UpdateTenantRequest *)req;
	assert_int_equal(t->tenant->sector, PASSEND__V1__SECTOR__PO);
	assert_int_equal(t->tenant->schooljaar_start->month, 8);
	assert_int_equal(t->tenant->tlv_termijn_eenheid, PASSEND__V1__TERMIJN_EENHEID__WERKDAGEN);
	assert_int_equal(nmask, 4);

	use(real(&cli_cmd_bestuur, "telling")); /* defaults: schoolgaand, unknown splits -1 */
	assert_int_equal(run("set", "--school", "00LH", "--teldatum", "2016-10-01", "--aantal", "312",
	                     "--onder-8", "140", NULL),
	                 CAPTURED);
	const Passend__V1__Telling *c = (const Passend__V1__Telling *)req;
	assert_int_equal(c->tel_wijze, PASSEND__V1__TEL_WIJZE__SCHOOLGAAND);
	assert_int_equal(c->aantal, 312);
	assert_int_equal(c->onder_8, 140);
	assert_int_equal(c->so_categorie_1, -1);
	assert_int_equal(c->so_categorie_3, -1);

	use(real(&cli_cmd_bestuur,
	         "herkomst")); /* an inverted boolean with its default; a literal argument */
	assert_int_equal(run("set", "kdc", "--label", "KDC", "--route-group", "voorschool", NULL), CAPTURED);
	const Passend__V1__HerkomstType *h = (const Passend__V1__HerkomstType *)req;
	assert_string_equal(h->code, "kdc");
	assert_true(h->active);
	assert_int_equal(nkeys, 0);
	assert_int_equal(
	    run("set", "kdc", "--label", "KDC", "--route-group", "voorschool", "--inactive", NULL), CAPTURED);
	assert_false(((const Passend__V1__HerkomstType *)req)->active);
}

static void test_list_filters(void **state)
{
	use(&cli_res_school);
	assert_int_equal(run("list", "--werkgebied", "Alkmaar-Noord", "--limit", "5", NULL), CAPTURED);
	const Passend__V1__ListSchoolsRequest *l = (const Passend__V1__ListSchoolsRequest *)req;
	assert_string_equal(l->werkgebied_id, "Alkmaar-Noord");
	assert_int_equal(run("list", "--soort", "so", "--schoolbestuur", "41234", "--include-inactive", NULL),
	                 CAPTURED);
	l = (const Passend__V1__ListSchoolsRequest *)req;
	assert_int_equal(l->soort, PASSEND__V1__SCHOOL_SOORT__SO);
	assert_string_equal(l->schoolbestuur_id, "41234");
	assert_true(l->include_inactive);
	assert_int_equal(run("list", "--bestuur", "41235", NULL), CAPTURED);
	assert_string_equal(((const Passend__V1__ListSchoolsRequest *)req)->schoolbestuur_id, "41235");
	assert_false(((const Passend__V1__ListSchoolsRequest *)req)->include_inactive);
	use(real(&cli_cmd_bestuur, "schoolbestuur"));
	assert_int_equal(run("list", "--include-inactive", NULL), CAPTURED);
	assert_true(((const Passend__V1__ListSchoolbesturenRequest *)req)->include_inactive);
}

/* ---- usage errors ------------------------------------------------------------------- */

static void expect_usage(const char *what, int rc)
{
	assert_int_equal(rc, CLI_EXIT_USAGE);
	if (!strstr(err_text, what)) fail_msg("expected '%s' in: %s", what, err_text);
}

static void test_usage_errors(void **state)
{
	use(&cli_res_school);
	expect_usage("--vestiging is required", run("create", "--brin", "00LH", NULL));
	expect_usage(
	    "--soort must be one of bao, sbo, so, not 'vo'",
	    run("create", "--brin", "00LH", "--vestiging", "00", "--name", "X", "--soort", "vo", NULL));
	expect_usage("--so-cluster must be a whole number from 0 to 4",
	             run("update", "00LH", "--so-cluster", "5", NULL));
	expect_usage("--active-to must be a date YYYY-MM-DD",
	             run("update", "00LH", "--active-to", "2016-02-30", NULL));
	expect_usage("nothing to update: give at least one of --brin", run("update", "00LH", NULL));
	expect_usage("missing SCHOOL (BRIN (00LH)", run("show", NULL));
	expect_usage("unexpected argument 'b'", run("show", "a", "b", NULL));
	expect_usage("--bestuur and --schoolbestuur exclude each other",
	             run("update", "00LH", "--bestuur", "1", "--schoolbestuur", "2", NULL));
	/* a flag of another verb is unknown here, with a suggestion of this verb's */
	expect_usage("unknown flag '--so-cluster'", run("list", "--so-cluster", "1", NULL));
	expect_usage("unknown command 'frobnicate'", run("frobnicate", NULL));

	use(&cli_res_werkgebied);
	expect_usage("--gemeenten and --no-gemeenten exclude each other",
	             run("update", "X", "--gemeenten", "a", "--no-gemeenten", NULL));
	expect_usage("--gemeenten must be a comma-separated list",
	             run("update", "X", "--gemeenten", "a,,b", NULL));

	use(real(&cli_cmd_bestuur, "telling"));
	expect_usage("--gemeente is required with --tel-wijze woonachtig",
	             run("set", "--school", "X", "--teldatum", "2016-10-01", "--aantal", "3", "--tel-wijze",
	                 "woonachtig", NULL));

	use(&cli_res_tlv);
	expect_usage("give one of --afgegeven or --afgewezen", run("besluit", "X", NULL));
	expect_usage("--afgegeven and --afgewezen exclude each other",
	             run("besluit", "X", "--afgegeven", "--afgewezen", NULL));
	expect_usage("--expert must be NAME:DISCIPLINE",
	             run("advies", "X", "--expert", "nodiscipline", NULL));
	expect_usage("--uitkomst must be one of verlengd, terugplaatsing, beeindigd",
	             run("herbeoordeel", "X", "--uitkomst", "weg", NULL));
}

/* --output html only where the print hook prints sections; -o FILE replaced only on success. */
static void test_html_output(void **state)
{
	char path[] = "/tmp/passend-test-o-XXXXXX";
	int fd = mkstemp(path);
	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "earlier\n", 8), 8);
	close(fd);

	use(&cli_res_school);
	expect_usage("--output html is for reports", run("list", "--output", "html", NULL));
	expect_usage("-o needs a value", run("list", "-o", NULL));
	expect_usage("output format must be table, wide, json, csv or html",
	             run("list", "--output", "pdf", NULL));

	use(&cli_res_rapport);
	assert_int_equal(run("jaarverslag", "--jaar", "2018", "--output", "html", "-o", path, NULL),
	                 CAPTURED);
	expect_usage("--output html is for reports",
	             run("thuiszitters-inspectie", "--schooljaar", "2016-2017", "--output", "html", NULL));
	/* the run stopped before printing (exit 99): the earlier file stays, no temporary file is left */
	FILE *fp = fopen(path, "r");
	char line[16] = "";
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	fclose(fp);
	assert_string_equal(line, "earlier\n");
	char pattern[64];
	glob_t g;
	snprintf(pattern, sizeof pattern, "%s.*", path);
	assert_int_equal(glob(pattern, 0, NULL, &g), GLOB_NOMATCH);
	unlink(path);
}

static void test_tlv_steps(void **state)
{
	use(&cli_res_tlv);
	assert_int_equal(run("herbeoordeel", "2016-0042", "--uitkomst", "verlengd", "--nummer", "2017-0101",
	                     "--soort", "sbo", "--datum", "2017-06-15", "--ontvangende-school", "12AB", NULL),
	                 CAPTURED);
	const Passend__V1__HerbeoordeelRequest *h = (const Passend__V1__HerbeoordeelRequest *)req;
	assert_string_equal(h->tlv_id, "2016-0042");
	assert_non_null(h->nieuw_besluit);
	assert_true(h->nieuw_besluit->afgegeven);
	assert_string_equal(h->nieuw_besluit->tlv_id, "2016-0042");
	assert_int_equal(h->datum->month, 6);
	assert_int_equal(h->nieuw_besluit->besluitdatum->month, 6);
	assert_int_equal(h->nieuw_besluit->soort, PASSEND__V1__SCHOOL_SOORT__SBO);
	assert_int_equal(nkeys, 3); /* TLV, receiving school, the new decision's TLV */

	assert_int_equal(run("herbeoordeel", "2016-0042", "--uitkomst", "beeindigd", "--nummer", "9",
	                     "--ontvangende-school", "12AB", NULL),
	                 CAPTURED);
	h = (const Passend__V1__HerbeoordeelRequest *)req;
	assert_null(h->nieuw_besluit); /* no new decision: its flags and keys are dropped */
	assert_int_equal(nkeys, 1);

	assert_int_equal(run("bezwaar-besluit", "X", "--herzien", "--afgewezen", NULL), CAPTURED);
	const Passend__V1__DecideBezwaarRequest *d = (const Passend__V1__DecideBezwaarRequest *)req;
	assert_false(d->gehandhaafd);
	assert_non_null(d->herzien_besluit);
	assert_false(d->herzien_besluit->afgegeven);
	assert_int_equal(run("bezwaar-besluit", "X", "--gehandhaafd", NULL), CAPTURED);
	assert_null(((const Passend__V1__DecideBezwaarRequest *)req)->herzien_besluit);

	assert_int_equal(
	    run("advies", "X", "--expert", "A. Jansen, MSc:orthopedagoog", "--expert", "B:jeugdarts", NULL),
	    CAPTURED);
	const Passend__V1__RecordAdviesRequest *a = (const Passend__V1__RecordAdviesRequest *)req;
	assert_int_equal(a->n_experts, 2);
	assert_string_equal(a->experts[0]->name, "A. Jansen, MSc");
	assert_string_equal(a->experts[1]->discipline, "jeugdarts");

	assert_int_equal(run("submit", "--leerling", "parnassys:4711", "--herkomst", "kdc", "--soort", "so",
	                     "--toestemming-datum", "2016-09-12", "--dossier-compleet", NULL),
	                 CAPTURED);
	const Passend__V1__SubmitTlvAanvraagRequest *s = (const Passend__V1__SubmitTlvAanvraagRequest *)req;
	assert_true(s->ouders_toestemming);
	assert_true(s->groeidocument && s->opp && s->verslag_mdo);
	assert_int_equal(s->gevraagde_soort, PASSEND__V1__SCHOOL_SOORT__SO);
}

/* `passend begroting ... --bedrag` reads euros with cli_parse_euro, as every other CLI amount. */
static void test_begroting_bedrag(void **state)
{
	use(real(&cli_cmd_begroting, "prognose"));
	const char *good[][2] = {{"1.234,56", "123456"},
	                         {"1234.56", "123456"},
	                         {"210.000", "21000000"},
	                         {"7876", "787600"},
	                         {"0,5", "50"}};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(run("set", "--schooljaar", "2016-2017", "--sleutel", "L-3.1", "--bedrag",
		                     good[i][0], NULL),
		                 CAPTURED);
		char got[32];
		snprintf(got, sizeof(got), "%lld",
		         (long long)((const Passend__V1__Prognose *)req)->bedrag_cents);
		assert_string_equal(got, good[i][1]);
	}
	assert_int_equal(
	    run("set", "--schooljaar", "2016-2017", "--sleutel", "L-3.1", "--bedrag", "12,345", NULL),
	    CLI_EXIT_USAGE);
	assert_non_null(strstr(err_text, "--bedrag must be an amount in euros like 1.234,56"));
}

/* `passend ARGS...` on the real tree; stdout and stderr land in out_text/err_text. */
static int run_root(int argc, const char **argv)
{
	FILE *out = fmemopen(out_text, sizeof(out_text) - 1, "w"),
	     *err = fmemopen(err_text, sizeof(err_text) - 1, "w");
	memset(out_text, 0, sizeof(out_text));
	memset(err_text, 0, sizeof(err_text));
	int rc = cli_run(&cli_root, argc, (char **)argv, out, err);
	fclose(out);
	fclose(err);
	return rc;
}

/* --schooljaar of the reports is cli_set_schooljaar: two consecutive years, refused before
 * anything is sent, else into the request. */
static void test_schooljaar_flag(void **state)
{
	use(&cli_res_rapport);
	assert_int_equal(run("tlv", "--schooljaar", "2016-2017", "--trimester", "2", NULL), CAPTURED);
	assert_string_equal(((const Passend__V1__GetTlvReportRequest *)req)->schooljaar, "2016-2017");
	assert_int_equal(((const Passend__V1__GetTlvReportRequest *)req)->trimester, 2);
	static const char *const bad[] = {"2016", "2016-2018", "16-17", "2016-2017x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(run("mdo", "--schooljaar", bad[i], NULL), CLI_EXIT_USAGE);
		assert_non_null(strstr(err_text, "--schooljaar must be like 2016-2017"));
		assert_null(req);
	}
	/* budget keeps its own rule beside it */
	expect_usage(
	    "give --trimester or --tot, not both",
	    run("budget", "--schooljaar", "2016-2017", "--trimester", "2", "--tot", "2017-01-31", NULL));
}

/* Composite flag values into new elements of repeated fields: --regel's parts (amounts by
 * cli_form_set_euro) and --gepubliceerd KENGETAL=WAARDE (cli_form_add_pair, split at the last
 * '='); a value without its separator is a usage error naming the metavar. */
static void test_composite_values(void **state)
{
	use(&cli_res_jaarrekening);
	assert_int_equal(run("put", "--jaar", "2018", "--regel", "A1|activa|Gebouwen|1.234,56|-250",
	                     "--regel", "B|baten|Rijksbijdragen|-12", "--gepubliceerd",
	                     "solvabiliteit_2=53.12", "--gepubliceerd", "liquiditeit=1.85", NULL),
	                 CAPTURED);
	const Passend__V1__Jaarrekening *j = (const Passend__V1__Jaarrekening *)req;
	assert_int_equal(j->n_regels, 2);
	assert_string_equal(j->regels[0]->naam, "Gebouwen");
	assert_int_equal(j->regels[0]->bedrag_cents, 123456);
	assert_int_equal(j->regels[0]->begroting_cents, -25000);
	assert_true(j->regels[0]->met_begroting);
	assert_int_equal(j->regels[1]->bedrag_cents, -1200);
	assert_false(j->regels[1]->met_begroting);
	assert_int_equal(j->n_gepubliceerd, 2);
	assert_string_equal(j->gepubliceerd[0]->kengetal, "solvabiliteit_2");
	assert_string_equal(j->gepubliceerd[0]->waarde, "53.12");
	assert_string_equal(j->gepubliceerd[1]->kengetal, "liquiditeit");
	expect_usage("--regel must be an amount in euros like 1.234,56, not '1,234'",
	             run("put", "--jaar", "2018", "--regel", "A|activa|G|1,234", NULL));
	static const char *const bad[] = {"solvabiliteit_2", "=53.12", "solvabiliteit_2="};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_usage(
		    "--gepubliceerd must be KENGETAL=WAARDE",
		    run("put", "--jaar", "2018", "--regel", "A|activa|G|1", "--gepubliceerd", bad[i], NULL));
}

/* An object whose only verb bears its name is one command (`toezicht dashboard`), listed
 * and run as that verb; an object of more verbs, or of one verb of another name, is a group. */
static void test_own_verb_command(void **state)
{
	static const struct cli_verb one[] = {
	    {.kind = CLI_CALL, "obj", "GetDashboard", NULL, "one", "d", "e"}, {0}};
	static const struct cli_verb other[] = {
	    {.kind = CLI_CALL, "get", "GetDashboard", NULL, "one", "d", "e"}, {0}};
	struct cli_resource r = {
	    .cmd = {"obj", .resource = &r}, .service = &passend__v1__toezicht__descriptor, .verbs = one};
	struct cli_cmd tmp;
	const struct cli_cmd *c = cli_own_verb_cmd(&r.cmd, &tmp);
	assert_ptr_equal(c, &tmp);
	assert_ptr_equal(c->verb, &one[0]);
	assert_string_equal(c->summary, "one");
	assert_ptr_equal(c->handler, cli_verb_run);
	r.verbs = other;
	assert_ptr_equal(cli_own_verb_cmd(&r.cmd, &tmp), &r.cmd);
	r.verbs = cli_res_school.verbs;
	assert_ptr_equal(cli_own_verb_cmd(&r.cmd, &tmp), &r.cmd);
	assert_null(cli_own_verb_cmd(NULL, &tmp));

	/* the real one: listed with the verb's summary, run with the verb's flags */
	const char *help[] = {"passend", "toezicht", "--help", NULL};
	assert_int_equal(run_root(3, help), 0);
	assert_non_null(strstr(out_text, "dashboard    The toezicht dashboard: KPI progress"));
	const char *argv[] = {"passend", "toezicht", "dashboard", "--schooljaar", "2016", NULL};
	assert_int_equal(run_root(5, argv), CLI_EXIT_USAGE);
	assert_non_null(strstr(err_text, "--schooljaar must be like 2016-2017, not '2016'"));
}

/* `bestuur import KIND` names an ImportKind value as cli_enum_parse reads enums: without
 * IMPORT_, any case, '-' for '_'; the zero value and unknown kinds are refused, listing the
 * kinds. (The file is checked next: a missing one proves the kind was taken.) */
static void test_import_kind(void **state)
{
	static const char *const good[] = {"scholen", "THUISZITTER_CASUSSEN", "thuiszitter-casussen"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const char *argv[] = {"passend", "bestuur", "import", good[i], "/nonexistent/x.csv", NULL};
		assert_int_equal(run_root(5, argv), CLI_EXIT_USAGE);
		assert_non_null(strstr(err_text, "/nonexistent/x.csv: No such file"));
	}
	static const char *const bad[] = {"dingen", "kind_unspecified", "import_scholen_x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *argv[] = {"passend", "bestuur", "import", bad[i], "/nonexistent/x.csv", NULL};
		assert_int_equal(run_root(5, argv), CLI_EXIT_USAGE);
		assert_non_null(strstr(err_text, "KIND must be one of: besturen, scholen,"));
		assert_non_null(strstr(err_text, "thuiszitter_casussen"));
	}
}

/* CLI_FIELD rows: a flag's name, the object it names and its metavar come from the
 * request's descriptor; what a row gives is kept; the command sees whole flags. */
static void test_field_flags(void **state)
{
	static const struct cli_flag lid_flags[] = {
	    CLI_FIELD("start_date", "first day"),
	    CLI_FIELD("name", "who"),
	    CLI_FIELD("current_only", "still serving", .on = CLI_LIST),
	    {0},
	};
	static const struct cli_flag leerling_flags[] = {
	    CLI_FIELD("school_id", "the school"),
	    CLI_FIELD("werkgebied_id", "the werkgebied (its rows are WerkgebiedInfo)"),
	    CLI_FIELD("scope_ids", "no object of that name"),
	    CLI_FIELD("geboortejaar", "year", .metavar = "YYYY", .min = 1900, .max = 2200),
	    CLI_FIELD("geslacht", "sex"),
	    {0},
	};
	static const struct cli_verb lid_verbs[] = {
	    {.kind = CLI_CREATE, "create", "CreateLid", lid_flags, "c", "d", "e"},
	    {.kind = CLI_LIST, "list", "ListLeden", lid_flags, "l", "d", "e"},
	    {0}};
	static const struct cli_verb leerling_verbs[] = {
	    {.kind = CLI_CREATE, "create", "CreateLeerling", leerling_flags, "c", "d", "e"},
	    {.kind = CLI_LIST, "list", "ListLeerlingen", NULL, "l", "d", "e"},
	    {0}};
	struct cli_resource lid = {.cmd = {"lid", .resource = &lid},
	                           .service = &passend__v1__toezicht__descriptor,
	                           .verbs = lid_verbs},
	                    leerling = {.cmd = {"leerling", .resource = &leerling},
	                                .service = &passend__v1__werkgebied__descriptor,
	                                .verbs = leerling_verbs};
	struct cli_cmd tmp;
	const struct cli_flag *f = cli_verb_cmd(&lid, 0, &tmp)->flags;
	assert_string_equal(f[0].name, "start-date");
	assert_string_equal(f[0].metavar, "YYYY-MM-DD"); /* a Date */
	assert_string_equal(f[0].help, "first day");
	assert_string_equal(f[1].name, "name");
	assert_string_equal(f[1].metavar, "NAME"); /* a string: the name upper-cased */
	assert_null(f[3].name);                    /* the end of the table */
	/* made once per table and message: the list verb's request has current_only */
	assert_ptr_equal(cli_verb_cmd(&lid, 0, &tmp)->flags, f);
	const struct cli_flag *l = cli_verb_cmd(&lid, 1, &tmp)->flags;
	assert_ptr_not_equal(l, f);
	assert_string_equal(l[2].name, "current-only");
	assert_null(l[2].metavar); /* a bool: a switch */
	assert_int_equal(l[2].on, CLI_LIST);

	f = cli_verb_cmd(&leerling, 0, &tmp)->flags;
	assert_string_equal(f[0].name, "school");
	assert_ptr_equal(f[0].ref, &cli_res_school);                 /* school_id: the School rows */
	assert_string_equal(f[0].metavar, "SCHOOL");                 /* the resource's metavar */
	assert_string_equal(cli_res_metavar(&leerling), "LEERLING"); /* its command name upper-cased */
	assert_ptr_equal(cli_res_metavar(&leerling), cli_res_metavar(&leerling));
	assert_string_equal(cli_res_metavar(&cli_res_schoolbestuur), "BESTUUR"); /* written */
	assert_string_equal(f[1].name, "werkgebied");
	assert_ptr_equal(f[1].ref, &cli_res_werkgebied); /* the object of that command name */
	assert_string_equal(f[2].name, "scope");
	assert_null(f[2].ref);
	assert_string_equal(f[3].metavar, "YYYY"); /* given: kept */
	assert_int_equal(f[3].max, 2200);
	assert_string_equal(f[4].name, "geslacht");
	assert_string_equal(f[4].metavar, "GESLACHT"); /* an enum */
	/* a table without CLI_FIELD rows is used as it is */
	static const struct cli_flag full[] = {{"wie", "NAAM", "who", .field = "name"}, {0}};
	static const struct cli_verb full_verbs[] = {
	    {.kind = CLI_CREATE, "create", "CreateLid", full, "c", "d", "e"}, {0}};
	lid.verbs = full_verbs;
	assert_ptr_equal(cli_verb_cmd(&lid, 0, &tmp)->flags, full);
}

/* .cols: the columns a person reads as field names; header, the object an _id names and
 * euros for _cents come from the names, what a word gives is kept. */
static void test_field_columns(void **state)
{
	struct cli_resource r = {
	    .cmd = {"obj", .resource = &r},
	    .service = &passend__v1__bestuur__descriptor,
	    .cols = "name +active:ACTIEF school_id gemeente_ids:GEMEENTEN successor_id>gemeente +tenant_id# "
	            "bedrag_cents x_id>geen-object"};
	const struct cli_column *c = cli_res_own_columns(&r);
	assert_non_null(c);
	assert_string_equal(c[0].field, "name");
	assert_null(c[0].header); /* the field upper-cased */
	assert_null(c[0].ref);
	assert_false(c[0].wide);
	assert_string_equal(c[1].field, "active");
	assert_string_equal(c[1].header, "ACTIEF");
	assert_true(c[1].wide);
	assert_ptr_equal(c[2].ref, &cli_res_school);
	assert_string_equal(c[2].header, "SCHOOL");
	assert_ptr_equal(c[3].ref, &cli_res_gemeente);
	assert_string_equal(c[3].header, "GEMEENTEN");
	assert_string_equal(c[4].field, "successor_id");
	assert_ptr_equal(c[4].ref, &cli_res_gemeente);
	assert_string_equal(c[4].header, "SUCCESSOR");
	assert_string_equal(c[5].field, "tenant_id"); /* the id itself */
	assert_null(c[5].ref);
	assert_true(c[5].wide);
	assert_string_equal(c[6].field, "bedrag_cents");
	assert_ptr_equal(c[6].text, cli_euro_cell);
	assert_string_equal(c[6].header, "BEDRAG");
	assert_null(c[7].field); /* x_id names no object: left out, which test_tables reports */
	assert_ptr_equal(cli_res_own_columns(&r), c); /* read once */
	struct cli_column out[CLI_MAX_COLUMNS];
	size_t n = cli_res_columns(&r, out, CLI_MAX_COLUMNS);
	assert_int_equal(n,
	                 10); /* no List verb, no id column; --output wide adds the three references' ids */
	assert_string_equal(out[9].field, "successor_id");
	assert_true(out[9].wide);
}

/* ---- help --------------------------------------------------------------------------- */

static void test_help(void **state)
{
	use(&cli_res_school);
	assert_int_equal(run("create", "--help", NULL), 0);
	/* usage derived from the table: required flags first, the rest in brackets */
	assert_non_null(
	    strstr(out_text, "passend obj create --brin BRIN --vestiging NN --name NAME --soort SOORT"));
	assert_non_null(strstr(out_text, "[--werkgebied WERKGEBIED]"));
	assert_non_null(strstr(out_text, "(required)"));
	assert_non_null(strstr(out_text, "WERKGEBIED   name (Alkmaar-Noord)"));
	assert_null(strstr(out_text, "--include-inactive")); /* a list flag */
	assert_int_equal(run("list", "--help", NULL), 0);
	assert_non_null(strstr(out_text, "Columns:"));
	assert_non_null(strstr(out_text, "BRIN, VEST, NAME, SOORT, WERKGEBIED, BESTUUR\n"));
	assert_non_null(
	    strstr(out_text, "--output wide adds: CLUSTER, GEMEENTE, ACTIVE_FROM, ACTIVE_TO, ID"));
	use(&cli_res_tlv);
	assert_int_equal(run("besluit", "--help", NULL), 0);
	assert_non_null(
	    strstr(out_text, "passend obj besluit TLV --afgegeven|--afgewezen [--datum YYYY-MM-DD]"));
	assert_non_null(strstr(out_text, "grant the TLV (this or --afgewezen is required)"));
	use(&cli_res_school);
	assert_int_equal(run("--help", NULL), 0);
	assert_non_null(strstr(out_text, "deactivate"));
	assert_non_null(strstr(out_text, "SCHOOL       BRIN (00LH)"));
}

/* ---- natural keys --------------------------------------------------------------------- */

static Passend__V1__School *school(const char *id, const char *brin, const char *vest, const char *name)
{
	Passend__V1__School *s = malloc(sizeof(*s));
	passend__v1__school__init(s);
	s->id = (char *)id;
	s->brin = (char *)brin;
	s->vestiging = (char *)vest;
	s->name = (char *)name;
	return s;
}

static void test_keys(void **state)
{
	assert_true(uuid_is_valid("1b4e28ba-2fa1-11d2-883f-0016d3cca427"));
	assert_true(uuid_is_valid("1B4E28BA-2FA1-11D2-883F-0016D3CCA427"));
	assert_false(uuid_is_valid("1b4e28ba-2fa1-11d2-883f-0016d3cca42"));
	assert_false(uuid_is_valid("1b4e28ba-2fa1-11d2-883f+0016d3cca427"));
	assert_false(uuid_is_valid("00LH"));
	assert_false(uuid_is_valid(""));

	Passend__V1__School *rows[3] = {
	    school("1b4e28ba-2fa1-11d2-883f-000000000001", "00LH", "00", "De Regenboog"),
	    school("1b4e28ba-2fa1-11d2-883f-000000000002", "00LH", "01", "De Regenboog Zuid"),
	    school("1b4e28ba-2fa1-11d2-883f-000000000003", "12AB", "00", "SBO De Brug"),
	};
	const ProtobufCMessage *const *r = (const ProtobufCMessage *const *)rows;
	size_t m[4];
	buf b = {0};
	assert_int_equal(cli_key_text(&b, r[1], "{brin}{vestiging} {name}"), 0);
	assert_int_equal(buf_avail(&b), strlen("00LH01 De Regenboog Zuid"));
	buf_free(&b);
	assert_int_equal(cli_key_find(&cli_res_school, r, 3, "00lh01", m, 4), 1);
	assert_int_equal(m[0], 1);
	assert_int_equal(cli_key_find(&cli_res_school, r, 3, "00LH", m, 4), 2);
	assert_int_equal(cli_key_find(&cli_res_school, r, 3, "12AB", m, 4), 1);
	assert_int_equal(m[0], 2);
	assert_int_equal(cli_key_find(&cli_res_school, r, 3, "sbo de brug", m, 4), 1);
	assert_int_equal(cli_key_find(&cli_res_school, r, 3, "99ZZ", m, 4), 0);

	/* resolution against a lookup already in memory: no server involved */
	struct cli_ctx ctx;
	struct cli_cmd cmd = {.name = "passend", .summary = "t"};
	char *id = NULL;
	FILE *err = fmemopen(err_text, sizeof(err_text) - 1, "w");
	memset(&ctx, 0, sizeof(ctx));
	ctx.err = err;
	ctx.out = err;
	ctx.path[0] = ctx.cmd = &cmd;
	ctx.depth = 1;
	ctx.nlookups = 1;
	ctx.lookups[0].res = &cli_res_school;
	ctx.lookups[0].rows = (const ProtobufCMessage **)rows;
	ctx.lookups[0].nrows = 3;
	assert_int_equal(cli_resolve(&ctx, &cli_res_school, "12ab00", &id), 0);
	assert_string_equal(id, "1b4e28ba-2fa1-11d2-883f-000000000003");
	free(id);
	assert_int_equal(cli_resolve(&ctx, &cli_res_school, "de regenboog zuid", &id), 0);
	assert_string_equal(id, "1b4e28ba-2fa1-11d2-883f-000000000002");
	free(id);
	assert_int_equal(cli_resolve(&ctx, &cli_res_school, "1b4e28ba-2fa1-11d2-883f-0016d3cca427", &id), 0);
	free(id);
	assert_int_equal(cli_resolve(&ctx, &cli_res_school, "00LH", &id), CLI_EXIT_USAGE);
	assert_null(id);
	assert_int_equal(cli_resolve(&ctx, &cli_res_school, "99ZZ", &id), CLI_EXIT_USAGE);
	fclose(err);
	assert_non_null(strstr(err_text, "'00LH' is ambiguous, it names 2: 00LH00 De Regenboog (id "
	                                 "1b4e28ba-2fa1-11d2-883f-000000000001), 00LH01 De Regenboog Zuid"));
	assert_non_null(strstr(err_text, "no school '99ZZ' (a school is named by BRIN (00LH)"));
	for (int i = 0; i < 3; i++)
		free(rows[i]);
}

/* ---- every table of the real tree is consistent -------------------------------------- */

/* Each comma-separated dotted path of spec exists in a fresh message d. */
static void check_fields(const char *where, const ProtobufCMessageDescriptor *d, const char *spec)
{
	char part[128];
	for (const char *p = spec; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		snprintf(part, sizeof(part), "%.*s", (int)len, p);
		ProtobufCMessage *m = cli_msg_new(d), *owner;
		if (!cli_msg_field(m, part, 1, &owner))
			fail_msg("%s: %s has no field %s", where, d->name, part);
		protobuf_c_message_free_unpacked(m, NULL);
		p = comma ? comma + 1 : p + len;
	}
}

static void check_resource(const char *path, const struct cli_resource *r)
{
	const ProtobufCMessageDescriptor *item = cli_res_item(r);
	char where[256];
	for (const struct cli_verb *v = r->verbs; v->kind; v++) {
		snprintf(where, sizeof(where), "%s %s", path, v->name);
		const ProtobufCMethodDescriptor *m =
		    protobuf_c_service_descriptor_get_method_by_name(r->service, v->method);
		if (!m) fail_msg("%s: %s has no method %s", where, r->service->name, v->method);
		if (!v->summary || !v->examples) fail_msg("%s: summary and examples are required", where);
		if (v->kind == CLI_UPDATE &&
		    !protobuf_c_message_descriptor_get_field_by_name(m->input, "update_mask"))
			fail_msg("%s: %s has no update_mask", where, m->input->name);
		/* the object of create/update requests, else the request */
		const ProtobufCMessageDescriptor *obj = m->input;
		for (unsigned i = 0; (v->kind & (CLI_CREATE | CLI_UPDATE)) && item && i < m->input->n_fields;
		     i++)
			if (m->input->fields[i].descriptor == item) obj = item;
		struct cli_cmd cmd; /* the verb's flags as the command has them (CLI_FIELD rows completed) */
		for (const struct cli_flag *f = cli_verb_cmd(r, (size_t)(v - r->verbs), &cmd)->flags;
		     f && f->name; f++) {
			if (f->on && !(f->on & v->kind)) continue;
			if (!f->help) fail_msg("%s --%s: no help", where, f->name);
			if (f->field) check_fields(where, f->opts & CLI_F_REQUEST ? m->input : obj, f->field);
			if (f->ref && (!cli_res_list_method(f->ref) || !f->ref->keys[0] || !f->ref->label ||
			               !f->ref->names))
				fail_msg("%s --%s: its object cannot be named", where, f->name);
		}
	}
	size_t ncols = 0, nwords = r->cols && *r->cols;
	for (const char *p = r->cols; p && *p; p++)
		nwords += *p == ' ';
	for (const struct cli_column *c = cli_res_own_columns(r); c && c->field; c++, ncols++) {
		snprintf(where, sizeof(where), "%s list column %s", path, c->field);
		if (!item) fail_msg("%s: no List verb", where);
		check_fields(where, item, c->field);
	}
	if (r->cols && ncols != nwords) fail_msg("%s: a column of \"%s\" names no object", path, r->cols);
	for (size_t k = 0; k < sizeof(r->keys) / sizeof(r->keys[0]) && r->keys[k]; k++) {
		ProtobufCMessage *m = cli_msg_new(item);
		buf b = {0};
		if (cli_key_text(&b, m, r->keys[k]) < 0) fail_msg("%s: bad key %s", path, r->keys[k]);
		buf_free(&b);
		protobuf_c_message_free_unpacked(m, NULL);
	}
}

/* Walk the tree: names, summaries, tables, and --help of every command. */
static void walk(const struct cli_cmd *cmd, char *path, size_t len)
{
	size_t used = strlen(path);
	struct cli_cmd own; /* an object of one verb of its name is that verb's command */
	const struct cli_cmd *shown = cli_own_verb_cmd(cmd, &own);
	if (!shown->name || !shown->summary) fail_msg("%s: a command needs a name and a summary", path);
	if (cmd->resource && !cmd->verb) check_resource(path, cmd->resource);
	char *argv[CLI_MAX_DEPTH + 3];
	int argc = 0;
	char copy[256];
	snprintf(copy, sizeof(copy), "%s", path);
	argv[argc++] = (char *)"passend";
	for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc++] = (char *)"--help";
	FILE *out = fmemopen(out_text, sizeof(out_text) - 1, "w"),
	     *err = fmemopen(err_text, sizeof(err_text) - 1, "w");
	int rc = cli_run(&cli_root, argc, argv, out, err);
	fclose(out);
	fclose(err);
	if (rc != 0) fail_msg("passend %s --help: exit %d", path, rc);
	for (const struct cli_cmd *const *s = cmd->subcommands; s && *s; s++) {
		snprintf(path + used, len - used, "%s%s", used ? " " : "", (*s)->name);
		walk(*s, path, len);
		path[used] = '\0';
	}
	struct cli_cmd tmp;
	for (size_t i = 0;
	     shown == cmd && cmd->resource && !cmd->verb && cli_verb_cmd(cmd->resource, i, &tmp); i++) {
		snprintf(path + used, len - used, " %s", tmp.name);
		walk(&tmp, path, len);
		path[used] = '\0';
	}
}

static void test_tables(void **state)
{
	char path[256] = "";
	walk(&cli_root, path, sizeof(path));
}

#define T(fn) cmocka_unit_test_teardown(fn, teardown)
UNIT_MAIN(setup, NULL, T(test_create_fields), T(test_update_mask), T(test_derived_fields),
          T(test_list_filters), T(test_usage_errors), T(test_tlv_steps), T(test_begroting_bedrag),
          T(test_schooljaar_flag), T(test_composite_values), T(test_own_verb_command), T(test_import_kind),
          T(test_field_flags), T(test_field_columns), T(test_help), T(test_html_output),
          cmocka_unit_test(test_keys), cmocka_unit_test(test_tables))
