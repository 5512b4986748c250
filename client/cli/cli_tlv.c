/* cli_tlv: `passend tlv …` — the TLV workflow of the SWV's commissie
 * (passend.v1.Bestuur SubmitTlvAanvraag … ListTlvs) as the verbs of one
 * object: submit, advies, besluit, bezwaar, bezwaar-besluit, herbeoordeel,
 * show, list. The flag tables fill the requests; the few rules between
 * flags are the check hooks below. TLVs are pupil-level data: every call
 * is audited by the server.
 */
#include "cli_resource.h"

#include <string.h>

/* The decision flags of besluit, bezwaar-besluit (prefix
 * "herzien_besluit.") and herbeoordeel ("nieuw_besluit."). */
#define BESLUIT_FLAGS(p)                                                                                     \
	{"nummer", "NUMMER", "TLV number, unique in the SWV (required when afgegeven)",                      \
	 .field = p "tlv_nummer"},                                                                           \
	    {"soort", "S", "sbo or so (required when afgegeven)", .field = p "soort", .choices = "sbo|so"},  \
	    {"so-categorie",                                                                                 \
	     "N",                                                                                            \
	     "SO funding category 1, 2 or 3 (required for so)",                                              \
	     .field = p "so_categorie",                                                                      \
	     .min = 1,                                                                                       \
	     .max = 3},                                                                                      \
	    {"start", "YYYY-MM-DD", "first day of the TLV", .field = p "startdatum"},                        \
	    {"eind", "YYYY-MM-DD",                                                                           \
	     "last day (at least a year after start unless the SWV's rules allow less)",                     \
	     .field = p "einddatum"},                                                                        \
	{                                                                                                    \
		"ontvangende-school", "SCHOOL",                                                              \
		    "receiving school (default: a school outside the list, \"overig\")",                     \
		    .field = p "ontvangende_school_id", .ref = &cli_res_school                               \
	}

/* ---- submit ------------------------------------------------------------------------------ */

/* A consent date means the parents consented. */
static int submit_check(struct cli_form *f)
{
	Passend__V1__SubmitTlvAanvraagRequest *r = (Passend__V1__SubmitTlvAanvraagRequest *)f->req;
	if (r->toestemming_datum) r->ouders_toestemming = 1;
	return 0;
}

static const struct cli_flag submit_flags[] = {
    CLI_FIELD("leerling_id", "the pupil (pseudonym, see 'passend leerling')", .required = CLI_CREATE),
    CLI_FIELD("herkomst", "where the pupil comes from, see 'passend bestuur herkomst list'",
              .metavar = "CODE", .required = CLI_CREATE),
    {"soort", "S", "requested: sbo or so", .field = "gevraagde_soort", .choices = "sbo|so",
     .required = CLI_CREATE},
    CLI_FIELD("aanvraagdatum", "date of the application (default: today)"),
    CLI_FIELD("ouders_toestemming", "the parents consented (required by the server)"),
    CLI_FIELD("toestemming_datum", "date of the parents' consent (implies --ouders-toestemming)"),
    CLI_FIELD("groeidocument", "dossier: groeidocument present"),
    CLI_FIELD("opp", "dossier: ontwikkelingsperspectiefplan present"),
    CLI_FIELD("verslag_mdo", "dossier: report of the multidisciplinary meeting present"),
    {"dossier-compleet", NULL, "all three dossier items present", .field = "groeidocument,opp,verslag_mdo"},
    {0},
};

/* ---- advies ------------------------------------------------------------------------------- */

/* Each --expert is "NAME:DISCIPLINE" (the name may hold commas). */
static int set_expert(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	return cli_form_add_pair(f, NULL, fl, value, ':', "experts", "name", "discipline");
}

static const struct cli_flag advies_flags[] = {
    {"expert", "NAME:DISCIPLINE",
     "an expert who advised (repeat; at least two, for SO an orthopedagoog or psycholoog)",
     .field = "experts", .set = set_expert},
    CLI_FIELD("advies", "the advice", .metavar = "TEXT"),
    {0},
};

/* ---- besluit, bezwaar, bezwaar-besluit, herbeoordeel -------------------------------------- */

static const struct cli_flag besluit_flags[] = {
    CLI_FIELD("afgegeven", "grant the TLV", .required = CLI_ACT),
    {"afgewezen", NULL, "refuse the TLV", .field = "afgegeven", .opts = CLI_F_INVERT, .required = CLI_ACT},
    {"datum", "YYYY-MM-DD", "date of the decision (default: today)", .field = "besluitdatum"},
    BESLUIT_FLAGS(""),
    {0},
};

static const struct cli_flag bezwaar_flags[] = {
    CLI_FIELD("datum", "date the objection was received (default: today)"),
    CLI_FIELD("reden", "the parents' grounds", .metavar = "TEXT"),
    {0},
};

extern const struct cli_resource cli_res_tlv;

/* The new decision of a step: only when the step makes one (else the
 * decision flags are ignored), about the same TLV (still a key here: it is
 * resolved with the rest). */
static int new_decision(struct cli_form *f, const char *field, int wanted)
{
	const struct cli_flag key = {.ref = &cli_res_tlv};
	char path[64];
	size_t n;
	char *const *id = cli_msg_strings(f->req, "tlv_id", &n);
	if (!wanted) {
		cli_form_drop(f, NULL, field);
		return 0;
	}
	snprintf(path, sizeof(path), "%s.tlv_id", field);
	return cli_form_set(f, NULL, path, n ? id[0] : "", &key);
}

static int bezwaar_besluit_check(struct cli_form *f)
{
	const Passend__V1__DecideBezwaarRequest *r = (const Passend__V1__DecideBezwaarRequest *)f->req;
	return new_decision(f, "herzien_besluit", !r->gehandhaafd);
}

static const struct cli_flag bezwaar_besluit_flags[] = {
    CLI_FIELD("gehandhaafd", "the decision is upheld", .required = CLI_ACT),
    {"herzien", NULL, "the decision is revised: the decision flags below give the new one",
     .field = "gehandhaafd", .opts = CLI_F_INVERT, .required = CLI_ACT},
    {"afgewezen", NULL, "with --herzien: the new decision is a refusal (default: afgegeven)",
     .field = "herzien_besluit.afgegeven", .opts = CLI_F_INVERT, .def = "false"},
    {"datum", "YYYY-MM-DD", "date of the decision on the bezwaar (default: today)",
     .field = "datum,herzien_besluit.besluitdatum"},
    BESLUIT_FLAGS("herzien_besluit."),
    {0},
};

static int herbeoordeel_check(struct cli_form *f)
{
	Passend__V1__HerbeoordeelRequest *r = (Passend__V1__HerbeoordeelRequest *)f->req;
	int verlengd = strcmp(r->uitkomst, "verlengd") == 0;
	int rc = new_decision(f, "nieuw_besluit", verlengd);
	if (rc == 0 && verlengd) r->nieuw_besluit->afgegeven = 1;
	return rc;
}

static const struct cli_flag herbeoordeel_flags[] = {
    CLI_FIELD("uitkomst", "verlengd, terugplaatsing or beeindigd", .metavar = "U",
              .choices = "verlengd|terugplaatsing|beeindigd", .required = CLI_ACT),
    {"datum", "YYYY-MM-DD", "date of the reassessment (default: today)",
     .field = "datum,nieuw_besluit.besluitdatum"},
    BESLUIT_FLAGS("nieuw_besluit."),
    {0},
};

/* ---- show, list --------------------------------------------------------------------------- */

static const struct cli_flag list_flags[] = {
    CLI_FIELD("schooljaar", "only TLVs applied for in this school year, e.g. 2016-2017",
              .metavar = "YYYY-YYYY"),
    CLI_FIELD(
        "state",
        "only this state: ingediend, advies-uitgebracht, afgegeven, afgewezen, bezwaar, beeindigd, verlengd"),
    CLI_FIELD("leerling_id", "only TLVs of this pupil"),
    {0},
};

static const struct cli_verb tlv_verbs[] = {
    {.kind = CLI_CREATE,
     "submit",
     "SubmitTlvAanvraag",
     submit_flags,
     "Submit a TLV application for a pupil",
     "Roles school (its own pupils) and bestuur. Without the parents' consent or with an\n"
     "incomplete dossier the server refuses with FAILED_PRECONDITION, naming what is\n"
     "missing. Prints the new TLV with its deadline (the SWV's legal term).",
     "  passend tlv submit --leerling parnassys:4711 --herkomst basisonderwijs --soort sbo \\\n"
     "      --toestemming-datum 2016-09-12 --dossier-compleet\n"
     "  passend tlv submit --leerling $LL --herkomst kdc --soort so --ouders-toestemming \\\n"
     "      --groeidocument --opp --verslag-mdo --aanvraagdatum 2016-09-15 --output json\n",
     .check = submit_check},
    {.kind = CLI_ACT,
     "advies",
     "RecordAdvies",
     advies_flags,
     "Record the experts' advice on an application",
     "Role bestuur. The TLV moves from INGEDIEND to ADVIES_UITGEBRACHT.",
     "  passend tlv advies $TLV --expert \"A. Jansen:orthopedagoog\" --expert \"B. de Wit:jeugdarts\" \\\n"
     "      --advies \"SBO passend; ondersteuningsbehoefte overstijgt basisondersteuning\"\n",
     .arg = "tlv_id"},
    {.kind = CLI_ACT,
     "besluit",
     "DecideTlv",
     besluit_flags,
     "Decide on an application: afgegeven (granted) or afgewezen",
     "Role bestuur. A decided TLV cannot be decided again (FAILED_PRECONDITION). The\n"
     "result shows op_tijd (decided on or before the deadline) and dagen_tot_besluit.",
     "  passend tlv besluit $TLV --afgegeven --nummer 2016-0042 --soort sbo \\\n"
     "      --start 2016-11-01 --eind 2017-07-31 --ontvangende-school 12AB --datum 2016-10-20\n"
     "  passend tlv besluit $TLV --afgegeven --nummer 2016-0043 --soort so --so-categorie 2 \\\n"
     "      --start 2016-11-01 --eind 2018-07-31\n"
     "  passend tlv besluit $TLV --afgewezen\n",
     .arg = "tlv_id"},
    {.kind = CLI_ACT,
     "bezwaar",
     "RecordBezwaar",
     bezwaar_flags,
     "Record the parents' objection (bezwaar) against a decision",
     "Role bestuur. Only a decided TLV can get a bezwaar; it then awaits\n"
     "'tlv bezwaar-besluit'.",
     "  passend tlv bezwaar 2016-0042 --datum 2016-11-02 --reden \"ouders willen SO in plaats van SBO\"\n",
     .arg = "tlv_id"},
    {.kind = CLI_ACT,
     "bezwaar-besluit",
     "DecideBezwaar",
     bezwaar_besluit_flags,
     "Decide on a bezwaar: gehandhaafd or herzien",
     "Role bestuur. Only a TLV in state BEZWAAR. With --herzien the decision flags give\n"
     "the revised decision (as for 'tlv besluit').",
     "  passend tlv bezwaar-besluit 2016-0042 --gehandhaafd --datum 2016-12-01\n"
     "  passend tlv bezwaar-besluit 2016-0042 --herzien --nummer 2016-0042 --soort so --so-categorie 1 \\\n"
     "      --start 2017-01-01 --eind 2018-07-31\n",
     .arg = "tlv_id",
     .check = bezwaar_besluit_check},
    {.kind = CLI_ACT,
     "herbeoordeel",
     "Herbeoordeel",
     herbeoordeel_flags,
     "Reassess a granted TLV: verlengd, terugplaatsing or beeindigd",
     "Role bestuur. 'verlengd' creates the follow-up TLV (aanvraag_soort HERBEOORDELING)\n"
     "from the decision flags; the others end the TLV (state BEEINDIGD).",
     "  passend tlv herbeoordeel 2016-0042 --uitkomst verlengd --nummer 2017-0101 --soort sbo \\\n"
     "      --start 2017-08-01 --eind 2019-07-31 --datum 2017-06-15\n"
     "  passend tlv herbeoordeel 2016-0042 --uitkomst terugplaatsing\n",
     .arg = "tlv_id",
     .check = herbeoordeel_check},
    {.kind = CLI_SHOW,
     "show",
     "GetTlv",
     NULL,
     "Show one TLV with its events",
     "Roles bestuur and school (its own pupils); others get NOT_FOUND or PERMISSION_DENIED.\n"
     "Audited.",
     "  passend tlv show 2016-0042\n"
     "  passend tlv show $TLV --output json | jq .events\n"},
    {.kind = CLI_LIST,
     "list",
     "ListTlvs",
     list_flags,
     "List TLVs",
     "Roles bestuur (all of the SWV) and school (its own pupils). Audited.",
     "  passend tlv list --schooljaar 2016-2017\n"
     "  passend tlv list --state ingediend --output csv\n"},
    {0},
};

const struct cli_resource cli_res_tlv = {
    .cmd = {"tlv", "Toelaatbaarheidsverklaringen: the TLV workflow of the commissie",
            .description =
                "submit -> advies -> besluit (afgegeven/afgewezen) -> [bezwaar -> bezwaar-besluit]\n"
                "-> herbeoordeel (verlengd/terugplaatsing/beeindigd). Each step is an event with actor\n"
                "and time; pupil-level data, every call is audited.",
            .resource = &cli_res_tlv},
    .names = "TLV number (2016-0042)",
    .service = &passend__v1__bestuur__descriptor,
    .keys = {"{tlv_nummer}"},
    .label = "{tlv_nummer}",
    .cols = "tlv_nummer:NUMMER state +aanvraag_soort:AANVRAAG herkomst gevraagde_soort:GEVRAAGD "
            "aanvragende_school_id>school aanvraagdatum +deadline besluitdatum op_tijd +soort "
            "ontvangende_school_id>school +id +leerling_id#",
    .verbs = tlv_verbs,
};
