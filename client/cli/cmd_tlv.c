/* cmd_tlv: `passend tlv …` — the TLV workflow of the SWV's commissie
 * (passend.v1.Bestuur SubmitTlvAanvraag … ListTlvs): submit, advies,
 * besluit, bezwaar, bezwaar-besluit, herbeoordeel, show, list. TLVs are
 * pupil-level data: every call is audited by the server.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define MAX_EXPERTS 16

static int flag_bool(const struct cli_ctx *ctx, const char *name)
{
	const char *v = cli_flag_value(ctx, name);
	return v && strcmp(v, "true") == 0;
}

/* Soort flag restricted to sbo|so; *out unchanged when absent. */
static int flag_sbo_so(struct cli_ctx *ctx, const char *name, Passend__V1__SchoolSoort *out)
{
	int v = 0, rc;
	if ((rc = cli_flag_enum(ctx, name, &passend__v1__school_soort__descriptor, &v))) return rc;
	if (!cli_flag_value(ctx, name)) return 0;
	if (v != PASSEND__V1__SCHOOL_SOORT__SBO && v != PASSEND__V1__SCHOOL_SOORT__SO)
		return cli_usage_error(ctx, "--%s must be sbo or so", name);
	*out = (Passend__V1__SchoolSoort)v;
	return 0;
}

/* The decision fields shared by besluit, bezwaar-besluit (herzien) and
 * herbeoordeel (verlengd). */
struct besluit_form {
	Passend__V1__DecideTlvRequest d;
	Passend__V1__Date datum, start, eind;
};

static int besluit_from_flags(struct cli_ctx *ctx, struct besluit_form *f, const char *tlv_id)
{
	const char *v;
	int g = 0, rc;
	int64_t cat;

	passend__v1__decide_tlv_request__init(&f->d);
	passend__v1__date__init(&f->datum);
	passend__v1__date__init(&f->start);
	passend__v1__date__init(&f->eind);
	f->d.tlv_id = (char *)tlv_id;
	if ((rc = cli_flag_date(ctx, "datum", &f->datum, &g))) return rc;
	if (g) f->d.besluitdatum = &f->datum;
	g = 0;
	if ((rc = cli_flag_date(ctx, "start", &f->start, &g))) return rc;
	if (g) f->d.startdatum = &f->start;
	g = 0;
	if ((rc = cli_flag_date(ctx, "eind", &f->eind, &g))) return rc;
	if (g) f->d.einddatum = &f->eind;
	if ((rc = flag_sbo_so(ctx, "soort", &f->d.soort))) return rc;
	if ((rc = cli_flag_int(ctx, "so-categorie", 0, 1, 3, &cat))) return rc;
	f->d.so_categorie = (int32_t)cat;
	if ((v = cli_flag_value(ctx, "nummer"))) f->d.tlv_nummer = (char *)v;
	if ((v = cli_flag_value(ctx, "ontvangende-school"))) f->d.ontvangende_school_id = (char *)v;
	return 0;
}

#define BESLUIT_FLAGS                                                                                        \
	{"datum", "YYYY-MM-DD", "date of the decision (default: today)"},                                    \
	    {"nummer", "NUMMER", "TLV number, unique in the SWV (required when afgegeven)"},                 \
	    {"soort", "S", "sbo or so (required when afgegeven)"},                                           \
	    {"so-categorie", "N", "SO funding category 1, 2 or 3 (required for so)"},                        \
	    {"start", "YYYY-MM-DD", "first day of the TLV"},                                                 \
	    {"eind", "YYYY-MM-DD",                                                                           \
	     "last day (at least a year after start unless the SWV's rules allow less)"},                    \
	{                                                                                                    \
		"ontvangende-school", "ID",                                                                  \
		    "receiving school (default: a school outside the list, \"overig\")"                      \
	}

static const char *const tlv_id_what = "TLV ID (see 'passend tlv list')";

/* ---- submit ------------------------------------------------------------------------------ */

static int submit_handler(struct cli_ctx *ctx)
{
	Passend__V1__SubmitTlvAanvraagRequest req = PASSEND__V1__SUBMIT_TLV_AANVRAAG_REQUEST__INIT;
	Passend__V1__Date aanvraag = PASSEND__V1__DATE__INIT, toestemming = PASSEND__V1__DATE__INIT;
	Passend__V1__Tlv *resp = NULL;
	passend_channel *ch;
	const char *ll, *herkomst, *v;
	char rid[37];
	int g1 = 0, g2 = 0, rc;

	if ((rc = cli_required_flag(ctx, "leerling", &ll)) ||
	    (rc = cli_required_flag(ctx, "herkomst", &herkomst)) ||
	    (rc = cli_required_flag(ctx, "soort", &v)) ||
	    (rc = flag_sbo_so(ctx, "soort", &req.gevraagde_soort)) ||
	    (rc = cli_flag_date(ctx, "aanvraagdatum", &aanvraag, &g1)) ||
	    (rc = cli_flag_date(ctx, "toestemming-datum", &toestemming, &g2)))
		return rc;
	req.leerling_id = (char *)ll;
	req.herkomst = (char *)herkomst;
	if (g1) req.aanvraagdatum = &aanvraag;
	if (g2) req.toestemming_datum = &toestemming;
	req.ouders_toestemming = flag_bool(ctx, "ouders-toestemming") || g2;
	req.groeidocument = flag_bool(ctx, "groeidocument");
	req.opp = flag_bool(ctx, "opp");
	req.verslag_mdo = flag_bool(ctx, "verslag-mdo");
	if (flag_bool(ctx, "dossier-compleet")) req.groeidocument = req.opp = req.verslag_mdo = 1;
	if (cli_request_id(rid) == 0) req.request_id = rid;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_submit_tlv_aanvraag(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static const struct cli_flag submit_flags[] = {
    {"leerling", "ID", "the pupil (pseudonym, see 'passend leerling') (required)"},
    {"herkomst", "CODE", "where the pupil comes from, see 'passend bestuur herkomst list' (required)"},
    {"soort", "S", "requested: sbo or so (required)"},
    {"aanvraagdatum", "YYYY-MM-DD", "date of the application (default: today)"},
    {"ouders-toestemming", NULL, "the parents consented (required by the server)"},
    {"toestemming-datum", "YYYY-MM-DD", "date of the parents' consent (implies --ouders-toestemming)"},
    {"groeidocument", NULL, "dossier: groeidocument present"},
    {"opp", NULL, "dossier: ontwikkelingsperspectiefplan present"},
    {"verslag-mdo", NULL, "dossier: report of the multidisciplinary meeting present"},
    {"dossier-compleet", NULL, "all three dossier items present"},
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_submit = {
    .name = "submit",
    .summary = "Submit a TLV application for a pupil",
    .usage =
        "tlv submit --leerling ID --herkomst CODE --soort sbo|so --ouders-toestemming\n"
        "         [--toestemming-datum D] [--aanvraagdatum D] [--dossier-compleet | --groeidocument --opp\n"
        "         --verslag-mdo] [flags]",
    .description = "Roles school (its own pupils) and bestuur. Without the parents' consent or with an\n"
                   "incomplete dossier the server refuses with FAILED_PRECONDITION, naming what is\n"
                   "missing. Prints the new TLV with its deadline (the SWV's legal term).",
    .flags = submit_flags,
    .examples = "  passend tlv submit --leerling $LL --herkomst basisonderwijs --soort sbo \\\n"
                "      --toestemming-datum 2016-09-12 --dossier-compleet\n"
                "  passend tlv submit --leerling $LL --herkomst kdc --soort so --ouders-toestemming \\\n"
                "      --groeidocument --opp --verslag-mdo --aanvraagdatum 2016-09-15 --output json\n",
    .handler = submit_handler,
};

/* ---- advies ------------------------------------------------------------------------------- */

static int advies_handler(struct cli_ctx *ctx)
{
	Passend__V1__RecordAdviesRequest req = PASSEND__V1__RECORD_ADVIES_REQUEST__INIT;
	Passend__V1__Expert ex[MAX_EXPERTS], *exp[MAX_EXPERTS];
	Passend__V1__Tlv *resp = NULL;
	passend_channel *ch;
	const char *id, *v;
	char **items = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_one_arg(ctx, tlv_id_what, &id))) return rc;
	/* each --expert is "NAME:DISCIPLINE"; several may be given */
	for (int i = 0; i < ctx->nset; i++) {
		char *colon;
		if (strcmp(ctx->set[i].flag->name, "expert") != 0) continue;
		if (n == MAX_EXPERTS) {
			rc = cli_usage_error(ctx, "at most %d experts", MAX_EXPERTS);
			goto cleanup;
		}
		char **grown = realloc(items, (n + 1) * sizeof(*items));
		if (!grown || !(grown[n] = strdup(ctx->set[i].value))) {
			if (grown) items = grown;
			fprintf(ctx->err, "error: out of memory\n");
			rc = CLI_EXIT_SERVER;
			goto cleanup;
		}
		items = grown;
		colon = strrchr(items[n], ':');
		if (!colon || colon == items[n] || !colon[1]) {
			n++;
			rc = cli_usage_error(ctx, "--expert must be NAME:DISCIPLINE, not '%s'",
			                     ctx->set[i].value);
			goto cleanup;
		}
		*colon = '\0';
		passend__v1__expert__init(&ex[n]);
		ex[n].name = items[n];
		ex[n].discipline = colon + 1;
		exp[n] = &ex[n];
		n++;
	}
	req.tlv_id = (char *)id;
	req.experts = exp;
	req.n_experts = n;
	if ((v = cli_flag_value(ctx, "advies"))) req.advies = (char *)v;
	if ((rc = cli_connect(ctx, &ch))) goto cleanup;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_record_advies(ch, &req, &resp, &opts);
	rc = cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
cleanup:
	cli_list_free(items, n);
	return rc;
}

static const struct cli_flag advies_flags[] = {
    {"expert", "NAME:DISCIPLINE",
     "an expert who advised (repeat; at least two, for SO an orthopedagoog or psycholoog)"},
    {"advies", "TEXT", "the advice"},
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_advies = {
    .name = "advies",
    .summary = "Record the experts' advice on an application",
    .usage = "tlv advies ID --expert NAME:DISCIPLINE --expert NAME:DISCIPLINE [--advies TEXT] [flags]",
    .description = "Role bestuur. The TLV moves from INGEDIEND to ADVIES_UITGEBRACHT.",
    .flags = advies_flags,
    .examples =
        "  passend tlv advies $TLV --expert \"A. Jansen:orthopedagoog\" --expert \"B. de Wit:jeugdarts\" \\\n"
        "      --advies \"SBO passend; ondersteuningsbehoefte overstijgt basisondersteuning\"\n",
    .handler = advies_handler,
    .max_args = 1,
};

/* ---- besluit -------------------------------------------------------------------------------- */

static int besluit_handler(struct cli_ctx *ctx)
{
	struct besluit_form f;
	Passend__V1__Tlv *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc, yes = flag_bool(ctx, "afgegeven"), no = flag_bool(ctx, "afgewezen");

	if ((rc = cli_one_arg(ctx, tlv_id_what, &id)) || (rc = besluit_from_flags(ctx, &f, id))) return rc;
	if (yes == no) return cli_usage_error(ctx, "give exactly one of --afgegeven and --afgewezen");
	f.d.afgegeven = yes;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_decide_tlv(ch, &f.d, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static const struct cli_flag besluit_flags[] = {
    {"afgegeven", NULL, "grant the TLV"},
    {"afgewezen", NULL, "refuse the TLV"},
    BESLUIT_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_besluit = {
    .name = "besluit",
    .summary = "Decide on an application: afgegeven (granted) or afgewezen",
    .usage =
        "tlv besluit ID --afgegeven --nummer NUMMER --soort sbo|so [--so-categorie N] --start D --eind D\n"
        "         [--ontvangende-school ID] [--datum D] [flags]\n"
        "       passend tlv besluit ID --afgewezen [--datum D] [flags]",
    .description = "Role bestuur. A decided TLV cannot be decided again (FAILED_PRECONDITION). The\n"
                   "result shows op_tijd (decided on or before the deadline) and dagen_tot_besluit.",
    .flags = besluit_flags,
    .examples = "  passend tlv besluit $TLV --afgegeven --nummer 2016-0042 --soort sbo \\\n"
                "      --start 2016-11-01 --eind 2017-07-31 --ontvangende-school $SBO --datum 2016-10-20\n"
                "  passend tlv besluit $TLV --afgegeven --nummer 2016-0043 --soort so --so-categorie 2 \\\n"
                "      --start 2016-11-01 --eind 2018-07-31\n"
                "  passend tlv besluit $TLV --afgewezen\n",
    .handler = besluit_handler,
    .max_args = 1,
};

/* ---- bezwaar, bezwaar-besluit ------------------------------------------------------------------ */

static int bezwaar_handler(struct cli_ctx *ctx)
{
	Passend__V1__RecordBezwaarRequest req = PASSEND__V1__RECORD_BEZWAAR_REQUEST__INIT;
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	Passend__V1__Tlv *resp = NULL;
	passend_channel *ch;
	const char *id, *v;
	int g = 0, rc;

	if ((rc = cli_one_arg(ctx, tlv_id_what, &id)) || (rc = cli_flag_date(ctx, "datum", &d, &g)))
		return rc;
	req.tlv_id = (char *)id;
	if (g) req.datum = &d;
	if ((v = cli_flag_value(ctx, "reden"))) req.reden = (char *)v;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_record_bezwaar(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static const struct cli_flag bezwaar_flags[] = {
    {"datum", "YYYY-MM-DD", "date the objection was received (default: today)"},
    {"reden", "TEXT", "the parents' grounds"},
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_bezwaar = {
    .name = "bezwaar",
    .summary = "Record the parents' objection (bezwaar) against a decision",
    .usage = "tlv bezwaar ID [--datum D] [--reden TEXT] [flags]",
    .description = "Role bestuur. Only a decided TLV can get a bezwaar; it then awaits\n"
                   "'tlv bezwaar-besluit'.",
    .flags = bezwaar_flags,
    .examples =
        "  passend tlv bezwaar $TLV --datum 2016-11-02 --reden \"ouders willen SO in plaats van SBO\"\n",
    .handler = bezwaar_handler,
    .max_args = 1,
};

static int bezwaar_besluit_handler(struct cli_ctx *ctx)
{
	Passend__V1__DecideBezwaarRequest req = PASSEND__V1__DECIDE_BEZWAAR_REQUEST__INIT;
	struct besluit_form f;
	Passend__V1__Tlv *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc, keep = flag_bool(ctx, "gehandhaafd"), revise = flag_bool(ctx, "herzien");

	if ((rc = cli_one_arg(ctx, tlv_id_what, &id)) || (rc = besluit_from_flags(ctx, &f, id))) return rc;
	if (keep == revise) return cli_usage_error(ctx, "give exactly one of --gehandhaafd and --herzien");
	req.tlv_id = (char *)id;
	req.gehandhaafd = keep;
	if (f.d.besluitdatum) req.datum = f.d.besluitdatum;
	if (revise) {
		f.d.afgegeven = !flag_bool(ctx, "afgewezen");
		req.herzien_besluit = &f.d;
	}
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_decide_bezwaar(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static const struct cli_flag bezwaar_besluit_flags[] = {
    {"gehandhaafd", NULL, "the decision is upheld"},
    {"herzien", NULL, "the decision is revised: the decision flags below give the new one"},
    {"afgewezen", NULL, "with --herzien: the new decision is a refusal (default: afgegeven)"},
    BESLUIT_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_bezwaar_besluit = {
    .name = "bezwaar-besluit",
    .summary = "Decide on a bezwaar: gehandhaafd or herzien",
    .usage = "tlv bezwaar-besluit ID --gehandhaafd [--datum D] [flags]\n"
             "       passend tlv bezwaar-besluit ID --herzien [--afgewezen] [--nummer N --soort sbo|so ...] "
             "[flags]",
    .description = "Role bestuur. Only a TLV in state BEZWAAR. With --herzien the decision flags give\n"
                   "the revised decision (as for 'tlv besluit').",
    .flags = bezwaar_besluit_flags,
    .examples =
        "  passend tlv bezwaar-besluit $TLV --gehandhaafd --datum 2016-12-01\n"
        "  passend tlv bezwaar-besluit $TLV --herzien --nummer 2016-0042 --soort so --so-categorie 1 \\\n"
        "      --start 2017-01-01 --eind 2018-07-31\n",
    .handler = bezwaar_besluit_handler,
    .max_args = 1,
};

/* ---- herbeoordeel ------------------------------------------------------------------------------ */

static int herbeoordeel_handler(struct cli_ctx *ctx)
{
	Passend__V1__HerbeoordeelRequest req = PASSEND__V1__HERBEOORDEEL_REQUEST__INIT;
	struct besluit_form f;
	Passend__V1__Tlv *resp = NULL;
	passend_channel *ch;
	const char *id, *uitkomst;
	int rc;

	if ((rc = cli_one_arg(ctx, tlv_id_what, &id)) ||
	    (rc = cli_required_flag(ctx, "uitkomst", &uitkomst)) || (rc = besluit_from_flags(ctx, &f, id)))
		return rc;
	if (strcmp(uitkomst, "verlengd") != 0 && strcmp(uitkomst, "terugplaatsing") != 0 &&
	    strcmp(uitkomst, "beeindigd") != 0)
		return cli_usage_error(
		    ctx, "--uitkomst must be verlengd, terugplaatsing or beeindigd, not '%s'", uitkomst);
	req.tlv_id = (char *)id;
	req.uitkomst = (char *)uitkomst;
	if (f.d.besluitdatum) req.datum = f.d.besluitdatum;
	if (strcmp(uitkomst, "verlengd") == 0) {
		f.d.afgegeven = 1;
		req.nieuw_besluit = &f.d;
	}
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 0, 0);
	rc = passend_bestuur_herbeoordeel(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static const struct cli_flag herbeoordeel_flags[] = {
    {"uitkomst", "U", "verlengd, terugplaatsing or beeindigd (required)"},
    BESLUIT_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_herbeoordeel = {
    .name = "herbeoordeel",
    .summary = "Reassess a granted TLV: verlengd, terugplaatsing or beeindigd",
    .usage = "tlv herbeoordeel ID --uitkomst verlengd --nummer N --soort sbo|so --start D --eind D [flags]\n"
             "       passend tlv herbeoordeel ID --uitkomst terugplaatsing|beeindigd [--datum D] [flags]",
    .description = "Role bestuur. 'verlengd' creates the follow-up TLV (aanvraag_soort HERBEOORDELING)\n"
                   "from the decision flags; the others end the TLV (state BEEINDIGD).",
    .flags = herbeoordeel_flags,
    .examples = "  passend tlv herbeoordeel $TLV --uitkomst verlengd --nummer 2017-0101 --soort sbo \\\n"
                "      --start 2017-08-01 --eind 2019-07-31 --datum 2017-06-15\n"
                "  passend tlv herbeoordeel $TLV --uitkomst terugplaatsing\n",
    .handler = herbeoordeel_handler,
    .max_args = 1,
};

/* ---- show, list --------------------------------------------------------------------------------- */

static int show_handler(struct cli_ctx *ctx)
{
	Passend__V1__GetByIdRequest req = PASSEND__V1__GET_BY_ID_REQUEST__INIT;
	Passend__V1__Tlv *resp = NULL;
	passend_channel *ch;
	const char *id;
	int rc;
	if ((rc = cli_one_arg(ctx, tlv_id_what, &id))) return rc;
	req.id = (char *)id;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_bestuur_get_tlv(ch, &req, &resp, &opts);
	return cli_finish_one(ctx, rc, resp ? &resp->base : NULL);
}

static int list_tlvs(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                     const passend_call_opts *o)
{
	return passend_bestuur_list_tlvs(ch, (const Passend__V1__ListTlvsRequest *)req,
	                                 (Passend__V1__ListTlvsResponse **)resp, o);
}

static int list_handler(struct cli_ctx *ctx)
{
	Passend__V1__ListTlvsRequest req = PASSEND__V1__LIST_TLVS_REQUEST__INIT;
	Passend__V1__PageRequest page = PASSEND__V1__PAGE_REQUEST__INIT;
	const char *v;
	int state = 0, rc;
	if ((rc = cli_flag_enum(ctx, "state", &passend__v1__tlv_state__descriptor, &state))) return rc;
	req.state = (Passend__V1__TlvState)state;
	if ((v = cli_flag_value(ctx, "schooljaar"))) req.schooljaar = (char *)v;
	if ((v = cli_flag_value(ctx, "leerling"))) req.leerling_id = (char *)v;
	req.page = &page;
	return cli_list_all(ctx, &req.base, &page, list_tlvs, &passend__v1__tlv__descriptor);
}

static const struct cli_flag list_flags[] = {
    {"schooljaar", "YYYY-YYYY", "only TLVs applied for in this school year, e.g. 2016-2017"},
    {"state", "STATE",
     "only this state: ingediend, advies-uitgebracht, afgegeven, afgewezen, bezwaar, "
     "beeindigd, verlengd"},
    {"leerling", "ID", "only TLVs of this pupil"},
    CLI_LIST_FLAGS,
    {NULL, NULL, NULL},
};

static const struct cli_cmd cmd_show = {
    .name = "show",
    .summary = "Show one TLV with its events",
    .usage = "tlv show ID [flags]",
    .description = "Roles bestuur and school (its own pupils); others get NOT_FOUND or PERMISSION_DENIED.\n"
                   "Audited.",
    .examples = "  passend tlv show $TLV\n"
                "  passend tlv show $TLV --output json | jq .events\n",
    .handler = show_handler,
    .max_args = 1,
};

static const struct cli_cmd cmd_list = {
    .name = "list",
    .summary = "List TLVs",
    .usage = "tlv list [--schooljaar YYYY-YYYY] [--state STATE] [--leerling ID] [--page-size N] [--limit N] "
             "[flags]",
    .description = "Roles bestuur (all of the SWV) and school (its own pupils). Audited.",
    .flags = list_flags,
    .examples = "  passend tlv list --schooljaar 2016-2017\n"
                "  passend tlv list --state ingediend --output csv\n",
    .handler = list_handler,
};

static const struct cli_cmd *const tlv_subcommands[] = {
    &cmd_submit,       &cmd_advies, &cmd_besluit, &cmd_bezwaar, &cmd_bezwaar_besluit,
    &cmd_herbeoordeel, &cmd_show,   &cmd_list,    NULL};

const struct cli_cmd cli_cmd_tlv = {
    .name = "tlv",
    .summary = "Toelaatbaarheidsverklaringen: the TLV workflow of the commissie",
    .description = "submit -> advies -> besluit (afgegeven/afgewezen) -> [bezwaar -> bezwaar-besluit]\n"
                   "-> herbeoordeel (verlengd/terugplaatsing/beeindigd). Each step is an event with actor\n"
                   "and time; pupil-level data, every call is audited.",
    .examples = "  passend tlv list --schooljaar 2016-2017\n"
                "  passend tlv show $TLV\n",
    .subcommands = tlv_subcommands,
};
