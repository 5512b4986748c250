/* cli_begroting: the objects of passend.v1.Begroting as tables (D27, D43) —
 * `passend begroting versie|groep|regel|prognose|tarief|overdracht`. Amounts
 * are typed in euros (--bedrag 1.234,56 or 1234.56, cli_parse_euro) and shown in Dutch notation;
 * --output json/csv keep the cents of the wire.
 */
#include "cli_resource.h"

#include <stdlib.h>
#include <string.h>

/* ---- amounts: --bedrag is read by cli_set_euro (cli_parse_euro, the one CLI euro parser) -------- */

/* A cents field as euros with cents, Dutch notation. */
static int euro_text(buf *out, const ProtobufCMessage *m, const struct proto_column *col)
{
	buf v = {0};
	char e[48];
	int rc = proto_field_text(&v, m, col->field);
	if (rc == 0 && buf_append(&v, "", 1) == 0) {
		cli_euro_text(strtoll((const char *)buf_rptr(&v), NULL, 10), 0, e, sizeof(e));
		rc = buf_append(out, e, strlen(e));
	}
	buf_free(&v);
	return rc;
}

/* ---- versie ------------------------------------------------------------------------------- */

static const struct cli_flag versie_flags[] = {
    CLI_FIELD("schooljaar", "school year, e.g. 2016-2017", .metavar = "YYYY-YYYY",
              .on = CLI_CREATE | CLI_LIST, .required = CLI_CREATE),
    {"van", "BEGROTING", "copy the groups and lines of this version (any school year)",
     .field = "van_begroting_id", .ref = &cli_res_begroting, .on = CLI_CREATE},
    CLI_FIELD("toelichting", "what this version changes", .metavar = "TEXT", .on = CLI_CREATE),
    {0},
};

static const struct cli_flag submit_flags[] = {
    CLI_FIELD("datum", "date of submission", .required = CLI_ACT),
    {0},
};

static const struct cli_flag approve_flags[] = {
    CLI_FIELD("datum", "date of toezicht's decision", .required = CLI_ACT),
    CLI_FIELD("besluit", "the decision's reference, e.g. \"RvT 2016-07-04 besluit 3\"", .metavar = "TEXT"),
    {0},
};

static const struct cli_verb versie_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateBegroting",
     versie_flags,
     "Start a new concept version of a school year's begroting",
     "Role bestuur. The version number is the school year's highest + 1. With --van the groups\n"
     "and lines of that version are copied (lines keep their identity, their sleutel, across\n"
     "years): this is how an approved begroting is changed.",
     "  passend begroting versie create --schooljaar 2016-2017\n"
     "  passend begroting versie create --schooljaar 2016-2017 --van 2016-2017/1 --toelichting "
     "\"herziening\"\n"},
    {.kind = CLI_LIST,
     "list",
     "ListBegrotingen",
     versie_flags,
     "List the versions of the begroting",
     "Roles bestuur and toezicht.",
     "  passend begroting versie list --schooljaar 2016-2017\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetBegroting",
     NULL,
     "Show a version with its groups and lines",
     "Roles bestuur and toezicht. --output json for every line.",
     "  passend begroting versie show 2016-2017/1 --output json\n"},
    {.kind = CLI_ACT,
     "submit",
     "SubmitBegroting",
     submit_flags,
     "Submit a concept version to toezicht (it becomes read-only)",
     "Role bestuur. concept -> ingediend; a version without lines cannot be submitted.",
     "  passend begroting versie submit 2016-2017/1 --datum 2016-06-20\n"},
    {.kind = CLI_ACT,
     "approve",
     "ApproveBegroting",
     approve_flags,
     "Approve a submitted version (toezicht)",
     "Role toezicht. ingediend -> goedgekeurd on --datum; recorded once. An approved version\n"
     "is read-only: a change is a new version (versie create --van).",
     "  passend begroting versie approve 2016-2017/1 --datum 2016-07-04 --besluit \"RvT besluit 3\"\n"},
    {0},
};

const struct cli_resource cli_res_begroting = {
    .cmd = {"versie", "Versions of the begroting: create, list, show, submit, approve",
            .resource = &cli_res_begroting},
    .metavar = "BEGROTING",
    .names = "school year and version (2016-2017/1) or id",
    .service = &passend__v1__begroting__descriptor,
    .keys = {"{schooljaar}/{versie}"},
    .label = "{schooljaar}/{versie}",
    .cols = "schooljaar versie status ingediend_op goedgekeurd_op besluit +toelichting",
    .verbs = versie_verbs,
};

/* ---- groep, regel ------------------------------------------------------------------------- */

#define SECTIE_FLAG                                                                                          \
	{                                                                                                    \
		"sectie", "SECTIE", "baten, overdrachten or lasten", .field = "sectie", .required = CLI_CALL \
	}

static const struct cli_flag groep_flags[] = {
    CLI_FIELD("begroting_id", "the concept version", .ref = &cli_res_begroting, .required = CLI_CALL),
    SECTIE_FLAG,
    CLI_FIELD("groep", "the group's numeral: I, II, ...", .metavar = "ROMAN", .required = CLI_CALL),
    CLI_FIELD("kop", "its heading, e.g. Rijksbijdragen", .metavar = "TEXT"),
    {0},
};

static const struct cli_verb groep_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "UpsertBegrotingGroep",
     groep_flags,
     "Add or rename a group of a concept version",
     "Role bestuur. A version that is ingediend or goedgekeurd is read-only (FAILED_PRECONDITION).",
     "  passend begroting groep set --begroting 2016-2017/1 --sectie baten --groep I --kop Rijksbijdragen\n"},
    {0},
};

static const struct cli_resource groep = {
    .cmd = {"groep", "Groups (I, II, ...) of a version: set", .resource = &groep},
    .service = &passend__v1__begroting__descriptor,
    .verbs = groep_verbs,
};

static const struct cli_flag regel_flags[] = {
    CLI_FIELD("begroting_id", "the concept version", .ref = &cli_res_begroting,
              .required = CLI_CALL | CLI_ACT),
    CLI_FIELD("sleutel", "the line's stable key (the same in every year), e.g. 4010", .metavar = "KEY",
              .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("sectie", "baten, overdrachten or lasten", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("groep", "its group: I, II, ...", .metavar = "ROMAN", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("code", "the code as printed this year, e.g. 1.1.", .on = CLI_CALL),
    CLI_FIELD("omschrijving", "the line's text", .metavar = "TEXT", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("volgorde", "print order within the sectie, 1-9999", .on = CLI_CALL, .required = CLI_CALL,
              .min = 1, .max = 9999),
    CLI_FIELD("bedrag_cents", "the annual budget in euros, e.g. 210.000 or 1.234,56", .metavar = "EUROS",
              .on = CLI_CALL),
    CLI_FIELD("pm", "pro memorie: no amount", .on = CLI_CALL),
    CLI_FIELD("regel_id", "the line's id (regel_id)", .metavar = "ID", .on = CLI_ACT, .required = CLI_ACT),
    {0},
};

static const struct cli_verb regel_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "UpsertBegrotingRegel",
     regel_flags,
     "Add or change a line of a concept version",
     "Role bestuur. A sleutel new to the SWV is a new line; a known one keeps its identity and\n"
     "its sectie. Prints the line.",
     "  passend begroting regel set --begroting 2016-2017/1 --sleutel L-1.1 --sectie lasten --groep I \\\n"
     "      --code 1.1. --omschrijving \"loonkosten M&O\" --volgorde 1 --bedrag 210000\n"},
    {.kind = CLI_ACT,
     "delete",
     "DeleteBegrotingRegel",
     regel_flags,
     "Remove a line from a concept version (its identity stays)",
     "Role bestuur.",
     "  passend begroting regel delete --begroting 2016-2017/2 --regel $REGEL_ID\n",
     .arg = CLI_NO_ARG},
    {0},
};

static const struct cli_resource regel = {
    .cmd = {"regel", "Lines of a version: set, delete", .resource = &regel},
    .service = &passend__v1__begroting__descriptor,
    .verbs = regel_verbs,
};

/* ---- prognose ----------------------------------------------------------------------------- */

static const struct cli_flag prognose_flags[] = {
    CLI_FIELD("schooljaar", "school year", .metavar = "YYYY-YYYY", .required = CLI_CALL | CLI_LIST),
    CLI_FIELD("sleutel", "the line", .metavar = "KEY", .on = CLI_CALL, .required = CLI_CALL),
    CLI_FIELD("bedrag_cents", "the full-year forecast in euros", .metavar = "EUROS", .on = CLI_CALL),
    CLI_FIELD("wissen", "remove the manual figure (the report uses realisatie x 12/m again)", .on = CLI_CALL),
    {0},
};

static const struct cli_column prognose_columns[] = {
    {.field = "sleutel"},
    {.field = "bedrag_cents", .header = "Prognose (EUR)", .text = euro_text},
    {0},
};

static const struct cli_verb prognose_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "SetPrognose",
     prognose_flags,
     "Set (or with --wissen remove) a line's manual full-year forecast",
     "Role bestuur. The period report shows it instead of realisatie x 12/m.",
     "  passend begroting prognose set --schooljaar 2016-2017 --sleutel L-3.1 --bedrag 7876\n"},
    {.kind = CLI_LIST,
     "list",
     "ListPrognoses",
     prognose_flags,
     "List the manual forecasts of a school year",
     "Role bestuur.",
     "  passend begroting prognose list --schooljaar 2016-2017\n"},
    {0},
};

static const struct cli_resource prognose = {
    .cmd = {"prognose", "Manual forecasts per line: set, list", .resource = &prognose},
    .service = &passend__v1__begroting__descriptor,
    .columns = prognose_columns,
    .verbs = prognose_verbs,
};

/* ---- tarief, overdracht ----------------------------------------------------------------------- */

static const struct cli_flag tarief_flags[] = {
    CLI_FIELD("schooljaar", "school year", .metavar = "YYYY-YYYY", .required = CLI_CALL | CLI_LIST),
    CLI_FIELD("soort", "e.g. basisondersteuning, overgangsregeling", .metavar = "CODE", .on = CLI_CALL,
              .required = CLI_CALL),
    CLI_FIELD("omschrijving", "the text of the transfer", .metavar = "TEXT", .on = CLI_CALL),
    {"per-leerling", "EUROS", "amount per pupil in euros, e.g. 115", .field = "bedrag_per_leerling_cents",
     .on = CLI_CALL, .required = CLI_CALL, .set = cli_set_euro},
    CLI_FIELD("teldatum", "the count that decides, e.g. 2015-10-01", .on = CLI_CALL, .required = CLI_CALL),
    {"schoolsoort", "SOORT", "bao, sbo or so; repeat for more (default bao)", .field = "schoolsoorten",
     .on = CLI_CALL, .choices = "bao|sbo|so"},
    CLI_FIELD("sleutel", "the begroting line it is paid from", .metavar = "KEY", .on = CLI_CALL),
    {0},
};

static const struct cli_column tarief_columns[] = {
    {.field = "soort"},
    {.field = "omschrijving"},
    {.field = "bedrag_per_leerling_cents", .header = "Per leerling (EUR)", .text = euro_text},
    {.field = "teldatum"},
    {.field = "schoolsoorten"},
    {.field = "sleutel"},
    {0},
};

static const struct cli_verb tarief_verbs[] = {
    {.kind = CLI_CALL,
     "set",
     "UpsertOverdrachtTarief",
     tarief_flags,
     "Set an amount per pupil paid to every bestuur in a school year",
     "Role bestuur. A repeat for the same school year and soort replaces it.",
     "  passend begroting tarief set --schooljaar 2016-2017 --soort basisondersteuning --per-leerling 115 "
     "\\\n"
     "      --teldatum 2015-10-01 --sleutel O-1\n"},
    {.kind = CLI_LIST,
     "list",
     "ListOverdrachtTarieven",
     tarief_flags,
     "List the transfer rates of a school year",
     "Role bestuur.",
     "  passend begroting tarief list --schooljaar 2016-2017\n"},
    {0},
};

static const struct cli_resource tarief = {
    .cmd = {"tarief", "Amounts per pupil for the besturen: set, list", .resource = &tarief},
    .service = &passend__v1__begroting__descriptor,
    .columns = tarief_columns,
    .verbs = tarief_verbs,
};

/* The schedule: one row per bestuur and soort with its yearly amount and
 * first term; the months' totals under it. */
static int print_schema(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__OverdrachtSchema *s = (const Passend__V1__OverdrachtSchema *)msg;
	if (ctx->g.output == PROTO_FMT_JSON) return cli_print_one(ctx, msg);
	buf out = {0};
	char a[48], b[48], c[48];
	int rc = 0, csv = ctx->g.output == PROTO_FMT_CSV;
	rc |=
	    buf_printf(&out,
	               csv ? "bestuur,soort,teldatum,leerlingen,per_leerling,jaarbedrag,per_maand\n"
	                   : "Overdrachten %s\n%-40s %-20s %10s %10s %14s %12s\n",
	               s->schooljaar, "Bestuur", "Soort", "Leerlingen", "Per ll.", "Jaarbedrag", "Per maand");
	for (size_t i = 0; i < s->n_regels && rc >= 0; i++) {
		const Passend__V1__OverdrachtRegel *r = s->regels[i];
		int64_t first = r->n_termijnen ? r->termijnen[0]->bedrag_cents : 0;
		cli_euro_text(r->bedrag_per_leerling_cents, 0, a, sizeof(a));
		cli_euro_text(r->jaarbedrag_cents, 0, b, sizeof(b));
		cli_euro_text(first, 0, c, sizeof(c));
		if (csv)
			rc = buf_printf(&out, "\"%s\",%s,%04d-%02d-%02d,%lld,%lld,%lld,%lld\n", r->bestuur,
			                r->soort, r->teldatum ? r->teldatum->year : 0,
			                r->teldatum ? r->teldatum->month : 0,
			                r->teldatum ? r->teldatum->day : 0, (long long)r->leerlingen,
			                (long long)r->bedrag_per_leerling_cents,
			                (long long)r->jaarbedrag_cents, (long long)first);
		else
			rc = buf_printf(&out, "%-40.40s %-20.20s %10lld %10s %14s %12s\n", r->bestuur,
			                r->soort, (long long)r->leerlingen, a, b, c);
	}
	if (!csv && rc >= 0) {
		rc = buf_printf(&out, "\nPer maand (alle besturen)\n");
		for (size_t i = 0; i < s->n_totaal_per_maand && rc >= 0; i++) {
			const Passend__V1__OverdrachtTermijn *t = s->totaal_per_maand[i];
			rc = buf_printf(&out, "%04d-%02d  %14s\n", t->maand ? t->maand->year : 0,
			                t->maand ? t->maand->month : 0,
			                cli_euro_text(t->bedrag_cents, 0, a, sizeof(a)));
		}
		if (rc >= 0)
			rc = buf_printf(&out, "Totaal    %14s\n",
			                cli_euro_text(s->totaal_cents, 0, a, sizeof(a)));
	}
	return cli_emit(ctx, &out, rc < 0 ? -1 : 0);
}

static const struct cli_flag schema_flags[] = {
    CLI_FIELD("schooljaar", "school year", .metavar = "YYYY-YYYY", .required = CLI_CALL),
    CLI_FIELD("bestuur_id", "only this bestuur", .ref = &cli_res_schoolbestuur),
    {0},
};

static const struct cli_flag sbo_flags[] = {
    CLI_FIELD("datum", "a date in the period asked", .required = CLI_CALL),
    {0},
};

static const struct cli_verb overdracht_verbs[] = {
    {.kind = CLI_CALL,
     "schema",
     "GetOverdrachtSchema",
     schema_flags,
     "The transfers per bestuur and their monthly payments",
     "Role bestuur. Per bestuur and rate: its pupils counted (schoolgaand) on the rate's\n"
     "teldatum x the amount per pupil, paid in 12 monthly terms that add up to the cent.",
     "  passend begroting overdracht schema --schooljaar 2016-2017\n"
     "  passend begroting overdracht schema --schooljaar 2016-2017 --output json\n",
     .print = print_schema},
    {.kind = CLI_CALL,
     "sbo",
     "GetSboRegime",
     sbo_flags,
     "The SBO funding regime in force on a date, with its peildatum and counts",
     "Role bestuur. The regimes are dated platform rules: the 2 % rule until 2023 (count of\n"
     "1 October before the school year), from 2023 the count of 1 February of the previous year.",
     "  passend begroting overdracht sbo --datum 2016-10-01\n"
     "  passend begroting overdracht sbo --datum 2024-03-01\n"},
    {0},
};

static const struct cli_resource overdracht = {
    .cmd = {"overdracht", "Transfers to besturen: schema, sbo", .resource = &overdracht},
    .service = &passend__v1__begroting__descriptor,
    .verbs = overdracht_verbs,
};

static const struct cli_cmd *const begroting_subcommands[] = {
    &cli_res_begroting.cmd, &groep.cmd, &regel.cmd, &prognose.cmd, &tarief.cmd, &overdracht.cmd, NULL,
};

const struct cli_cmd cli_cmd_begroting = {
    .name = "begroting",
    .summary = "The begroting per school year: versions, lines, forecasts, transfers to besturen",
    .description =
        "Realisatie is imported as CSV (passend bestuur import realisatie FILE.csv, docs/import.md);\n"
        "the period report is `passend rapport begroting`.",
    .examples = "  passend begroting versie list\n"
                "  passend rapport begroting --schooljaar 2016-2017 --tot 2017-03-31\n",
    .subcommands = begroting_subcommands,
};
