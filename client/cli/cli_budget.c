/* cli_budget: `passend budget jaar|mutatie|uitgave` — werkgebied budgets
 * (passend.v1.Werkgebied, D40) as tables: the budget of a school year with
 * its split over the werkgebieden, raises and draws on the frictiepot,
 * spending. Amounts are given and shown in euros (Dutch notation,
 * 1.234,56) and sent in cents; JSON and CSV keep the cents.
 */
#include "cli_resource.h"

#include <string.h>

#define CU (CLI_CREATE | CLI_UPDATE)

/* ---- jaar: the budget of a school year --------------------------------------------- */

static const struct cli_flag jaar_flags[] = {
    CLI_FIELD("schooljaar", "the school year, e.g. 2016-2017 (one budget per year)", .metavar = "YYYY-YYYY",
              .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("totaal_cents", "the year's total, e.g. 1.250.000,00", .on = CU, .required = CLI_CREATE),
    CLI_FIELD("frictiepot_cents", "kept apart from the split for draws (default 0)", .on = CU),
    CLI_FIELD("teldatum", "the leerlingtellingen (schoolgaand) that split the rest", .on = CU,
              .required = CLI_CREATE),
    {"soorten", "SOORTEN", "whose pupils count, comma-separated: bao, sbo, so (default bao)",
     .field = "school_soorten", .on = CU},
    CLI_FIELD("toelichting", "a note (at most 4000 characters)", .metavar = "TEXT", .on = CU),
    {0},
};

extern const struct cli_resource cli_res_budget_jaar;

/* The budget's fields, then its split by werkgebied name instead of ids
 * (table output). */
static int jaar_print(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	const Passend__V1__WerkgebiedBudget *b = (const Passend__V1__WerkgebiedBudget *)msg;
	if (ctx->g.output != PROTO_FMT_TABLE) return cli_print_object(ctx, &cli_res_budget_jaar, msg);
	Passend__V1__WerkgebiedBudget fields = *b; /* shallow: the split is printed below */
	fields.n_verdeling = 0;
	fields.verdeling = NULL;
	int rc = cli_print_object(ctx, &cli_res_budget_jaar, &fields.base);
	if (rc) return rc;
	buf out = {0}, name = {0};
	char euro[32];
	int built =
	    buf_printf(&out, "\nVerdeling\n%-32s  %10s  %18s\n", "WERKGEBIED", "LEERLINGEN", "AANDEEL");
	for (size_t i = 0; built == 0 && i < b->n_verdeling; i++) {
		const Passend__V1__WerkgebiedAandeel *v = b->verdeling[i];
		buf_reset(&name);
		if (cli_ref_label(&name, ctx, &cli_res_werkgebied, v->werkgebied_id) < 0 ||
		    buf_append(&name, "", 1) < 0) {
			built = -1;
			break;
		}
		built = buf_printf(&out, "%-32s  %10lld  %18s\n", (const char *)name.data,
		                   (long long)v->leerlingen,
		                   cli_euro_text(v->aandeel_cents, 0, euro, sizeof euro));
	}
	if (built == 0)
		built = buf_printf(&out, "%-32s  %10lld  %18s\n", "Totaal", (long long)b->leerlingen,
		                   cli_euro_text(b->verdeeld_cents, 0, euro, sizeof euro));
	buf_free(&name);
	return cli_emit(ctx, &out, built);
}

static const struct cli_verb jaar_verbs[] = {
    {.kind = CLI_CREATE,
     "create",
     "CreateWerkgebiedBudget",
     jaar_flags,
     "Set the werkgebied budget of a school year and split it over the werkgebieden",
     "Role bestuur. totaal - frictiepot is split over the active werkgebieden pro rata by their\n"
     "pupils on --teldatum, exact to the cent: each gets the whole cents of its share, the cents\n"
     "left over go one each to the largest remainders (ties: more pupils, then name). Without\n"
     "pupil counts on the teldatum it is refused (FAILED_PRECONDITION). Prints the budget.",
     "  passend budget jaar create --schooljaar 2016-2017 --totaal 1.250.000,00 --frictiepot 50.000 \\\n"
     "      --teldatum 2015-10-01\n",
     .print = jaar_print},
    {.kind = CLI_LIST,
     "list",
     "ListWerkgebiedBudgetten",
     jaar_flags,
     "List the budgets, newest school year first",
     "Roles bestuur and werkgebied (the split and raises of her werkgebieden).",
     "  passend budget jaar list\n"},
    {.kind = CLI_SHOW,
     "show",
     "GetWerkgebiedBudget",
     NULL,
     "Show a school year's budget with its split",
     "Roles bestuur and werkgebied (her werkgebieden's part of the split).",
     "  passend budget jaar show 2016-2017\n",
     .print = jaar_print},
    {.kind = CLI_UPDATE,
     "update",
     "UpdateWerkgebiedBudget",
     jaar_flags,
     "Change a budget's total, frictiepot, teldatum or soorten (splits again)",
     "Role bestuur. The frictiepot cannot go below what was drawn from it. Prints the budget.",
     "  passend budget jaar update 2016-2017 --totaal 1.300.000,00\n",
     .print = jaar_print},
    {0},
};

const struct cli_resource cli_res_budget_jaar = {
    .cmd = {"jaar", "The budget of a school year and its split: create, list, show, update",
            .resource = &cli_res_budget_jaar},
    .metavar = "SCHOOLJAAR",
    .names = "school year (2016-2017)",
    .service = &passend__v1__werkgebied__descriptor,
    .keys = {"{schooljaar}"},
    .label = "{schooljaar}",
    .cols =
        "schooljaar totaal_cents frictiepot_cents frictiepot_over_cents ophogingen_cents teldatum leerlingen",
    .verbs = jaar_verbs,
};

/* ---- mutatie: raises and frictiepot draws -------------------------------------------- */

static const struct cli_flag mutatie_flags[] = {
    CLI_FIELD("schooljaar", "the budget's school year", .metavar = "YYYY-YYYY", .required = CLI_CALL),
    CLI_FIELD("werkgebied_id", "the werkgebied that gets it", .required = CLI_CALL),
    CLI_FIELD("datum", "the day it counts from, within the school year", .required = CLI_CALL),
    CLI_FIELD("bedrag_cents", "the amount, e.g. 12.500,00", .required = CLI_CALL),
    CLI_FIELD("toelichting", "why (required, at most 4000 characters)", .metavar = "TEXT",
              .required = CLI_CALL),
    {0},
};

static const struct cli_flag mutatie_list_flags[] = {
    CLI_FIELD("schooljaar", "the budget's school year", .metavar = "YYYY-YYYY", .required = CLI_LIST),
    CLI_FIELD("werkgebied_id", "only this werkgebied's"),
    {0},
};

static const struct cli_verb mutatie_verbs[] = {
    {.kind = CLI_CALL,
     "ophogen",
     "RaiseWerkgebiedBudget",
     mutatie_flags,
     "Raise a werkgebied's budget during the year (money added to the year)",
     "Role bestuur. Prints the mutatie.",
     "  passend budget mutatie ophogen --schooljaar 2016-2017 --werkgebied Bergen --datum 2017-01-15 \\\n"
     "      --bedrag 12.500 --toelichting \"extra groepsarrangement\"\n"},
    {.kind = CLI_CALL,
     "onttrekken",
     "DrawFrictiepot",
     mutatie_flags,
     "Draw on the frictiepot for a werkgebied",
     "Role bestuur. At most what the frictiepot still holds (else FAILED_PRECONDITION naming\n"
     "it). Prints the mutatie.",
     "  passend budget mutatie onttrekken --schooljaar 2016-2017 --werkgebied Heiloo \\\n"
     "      --datum 2017-02-01 --bedrag 7.500 --toelichting \"instroom nieuwkomers\"\n"},
    {.kind = CLI_LIST,
     "list",
     "ListBudgetMutaties",
     mutatie_list_flags,
     "List the raises and frictiepot draws of a school year",
     "Roles bestuur and werkgebied (her werkgebieden's).",
     "  passend budget mutatie list --schooljaar 2016-2017\n"},
    {0},
};

const struct cli_resource cli_res_budget_mutatie = {
    .cmd = {"mutatie", "Raises and frictiepot draws of a werkgebied budget: ophogen, onttrekken, list",
            .resource = &cli_res_budget_mutatie},
    .names = "its id",
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "werkgebied_id soort datum bedrag_cents toelichting +recorded_by",
    .verbs = mutatie_verbs,
};

/* ---- uitgave: spending ------------------------------------------------------------------ */

static const struct cli_flag uitgave_flags[] = {
    CLI_FIELD("werkgebied_id", "the werkgebied it is charged to", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("datum", "the day it was spent", .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("bedrag_cents", "the amount, e.g. 2.340,50; a correction is negative", .on = CLI_CREATE,
              .required = CLI_CREATE),
    CLI_FIELD("omschrijving", "what it was (required, at most 4000 characters)", .metavar = "TEXT",
              .on = CLI_CREATE, .required = CLI_CREATE),
    CLI_FIELD("schooljaar", "only this school year's", .metavar = "YYYY-YYYY", .on = CLI_LIST),
    CLI_FIELD("werkgebied_id", "only this werkgebied's", .on = CLI_LIST),
    {0},
};

static const struct cli_verb uitgave_verbs[] = {
    {.kind = CLI_CREATE,
     "record",
     "RecordBudgetUitgave",
     uitgave_flags,
     "Record spending charged to a werkgebied",
     "Role bestuur. Prints the uitgave.",
     "  passend budget uitgave record --werkgebied Bergen --datum 2016-11-30 --bedrag 2.340,50 \\\n"
     "      --omschrijving \"ambulante begeleiding november\"\n"},
    {.kind = CLI_LIST,
     "list",
     "ListBudgetUitgaven",
     uitgave_flags,
     "List spending by date",
     "Roles bestuur and werkgebied (her werkgebieden's).",
     "  passend budget uitgave list --schooljaar 2016-2017 --werkgebied Bergen\n"},
    {0},
};

const struct cli_resource cli_res_budget_uitgave = {
    .cmd = {"uitgave", "Spending charged to a werkgebied: record, list", .resource = &cli_res_budget_uitgave},
    .names = "its id",
    .service = &passend__v1__werkgebied__descriptor,
    .cols = "werkgebied_id datum bedrag_cents omschrijving +recorded_by",
    .verbs = uitgave_verbs,
};

static const struct cli_cmd *const budget_subcommands[] = {
    &cli_res_budget_jaar.cmd, &cli_res_budget_mutatie.cmd, &cli_res_budget_uitgave.cmd, NULL};

const struct cli_cmd cli_cmd_budget = {
    .name = "budget",
    .summary = "Werkgebied budgets per school year: jaar (total and split), mutatie, uitgave",
    .description = "The report of begroot, verplicht and besteed per werkgebied is `passend rapport budget`.",
    .examples = "  passend budget jaar show 2016-2017\n",
    .subcommands = budget_subcommands,
};
