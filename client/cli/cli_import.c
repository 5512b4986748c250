/* cli_import: `passend bestuur import KIND FILE.csv [--dry-run]`: streams a
 * CSV file through passend_bestuur_import_file with a progress bar on a
 * terminal, then prints the summary or every error as FILE:LINE: column:
 * message (exit 1 when there are errors; nothing was written then). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Progress bar on stderr: "[#####     ]  52%  51234 rows". */
static void progress_bar(void *arg, uint64_t sent, uint64_t total, int64_t rows)
{
	FILE *err = arg;
	int pct = total ? (int)(sent * 100 / total) : 100, fill = pct * 30 / 100;
	char bar[31];
	memset(bar, ' ', 30);
	memset(bar, '#', (size_t)fill);
	bar[30] = '\0';
	fprintf(err, "\r[%s] %3d%%  %lld rows", bar, pct, (long long)rows);
	fflush(err);
}

static int import_handler(struct cli_ctx *ctx)
{
	passend_channel *ch;
	Passend__V1__ImportStatus *st = NULL;
	int rc, kind = -1, tty;
	if (ctx->nargs != 2) return cli_usage_error(ctx, "expected KIND FILE.csv");
	/* KIND is an ImportKind value's name without IMPORT_ (IMPORT_SCHOLEN: "scholen"), so a kind
	 * added to the proto needs no table here */
	if (cli_enum_parse(&passend__v1__import_kind__descriptor, ctx->args[0], &kind) < 0) {
		const ProtobufCEnumDescriptor *d = &passend__v1__import_kind__descriptor;
		char names[512] = "";
		for (unsigned i = 0; i < d->n_values; i++) {
			if (d->values[i].value <= 0) continue;
			size_t n = strlen(names);
			snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", d->values[i].name + 7);
		}
		for (char *p = names; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		return cli_usage_error(ctx, "KIND must be one of: %s", names);
	}
	const char *path = ctx->args[1];
	if (access(path, R_OK) != 0) {
		fprintf(ctx->err, "error: %s: %s\n", path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	int dry = cli_flag_value(ctx, "dry-run") != NULL;
	if ((rc = cli_connect(ctx, &ch))) return rc;
	tty = isatty(fileno(ctx->err));
	passend_call_opts opts = cli_call_opts(ctx, 0, 600000);
	rc =
	    passend_bestuur_import_file(ch, kind, path, dry, tty ? progress_bar : NULL, ctx->err, &st, &opts);
	if (tty) fputc('\n', ctx->err);
	if (rc == PASSEND_EIO) {
		fprintf(ctx->err, "error: %s: %s\n", path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	if (rc != 0) return cli_call_error(ctx, rc);
	if (st->n_errors) {
		for (size_t i = 0; i < st->n_errors; i++) {
			const Passend__V1__ImportError *e = st->errors[i];
			if (e->column[0])
				fprintf(ctx->err, "%s:%lld: %s: %s\n", path, (long long)e->line, e->column,
				        e->message);
			else
				fprintf(ctx->err, "%s:%lld: %s\n", path, (long long)e->line, e->message);
		}
		fprintf(ctx->err, "%zu error%s%s; nothing was written\n", st->n_errors,
		        st->n_errors == 1 ? "" : "s", st->n_errors >= 1000 ? " (the first 1000)" : "");
		protobuf_c_message_free_unpacked(&st->base, NULL);
		return CLI_EXIT_SERVER;
	}
	if (dry)
		fprintf(ctx->out, "%s: %lld rows checked, no errors (dry run: nothing written)\n", path,
		        (long long)st->rows_received);
	else
		fprintf(ctx->out, "%s: %lld rows: %lld inserted, %lld updated, %lld unchanged\n", path,
		        (long long)st->rows_received, (long long)st->rows_inserted,
		        (long long)st->rows_updated, (long long)st->rows_unchanged);
	protobuf_c_message_free_unpacked(&st->base, NULL);
	return CLI_EXIT_OK;
}

static const struct cli_flag import_flags[] = {
    {.name = "dry-run", .metavar = NULL, .help = "check every row, write nothing"},
    {0},
};

const struct cli_cmd cli_cmd_bestuur_import = {
    .name = "import",
    .summary = "Import a CSV file: besturen, scholen, werkgebieden, gemeenten, tellingen, tlvs, "
               "leerlingen, mdos, arrangementen, thuiszitter_tellingen, thuiszitter_casussen, realisatie, "
               "jaarrekening, jaarplan",
    .usage = "KIND FILE.csv",
    .description = "Imports every row of FILE.csv in one transaction, or nothing: all errors are\n"
                   "printed as FILE:LINE: column: message (exit 1). Rows are upserted on their\n"
                   "natural key, so importing the same file again changes nothing. RFC 4180 CSV,\n"
                   "UTF-8, header line with column names in any order; dates YYYY-MM-DD; booleans\n"
                   "ja/nee; lists ';'-separated. Columns (* = required; docs/import.md):\n"
                   "  besturen      bevoegd_gezag_nummer* name* vestigingsplaats runs_bao runs_sbo\n"
                   "                runs_so lidmaatschap(lid|aangesloten) active_from active_to\n"
                   "                key: bevoegd_gezag_nummer\n"
                   "  gemeenten     name* cbs_code valid_from valid_to successor postcodes(1000-1099;...)\n"
                   "                key: name + valid_from\n"
                   "  werkgebieden  name* gemeenten(name;name...)            key: name\n"
                   "  scholen       brin* vestiging name* soort*(bao|sbo|so) so_cluster\n"
                   "                bevoegd_gezag_nummer gemeente werkgebied(required for bao)\n"
                   "                active_from active_to                  key: brin + vestiging\n"
                   "  tellingen     brin* vestiging teldatum* tel_wijze(schoolgaand|woonachtig)\n"
                   "                gemeente(for woonachtig) aantal* onder_8 so_categorie_1\n"
                   "                so_categorie_2 so_categorie_3\n"
                   "                key: school, teldatum, tel_wijze, gemeente\n"
                   "  tlvs          source_system* external_id* geboortejaar geslacht herkomst*\n"
                   "                aanvraag_soort gevraagde_soort aanvragende_brin aanvragende_vestiging\n"
                   "                aanvraagdatum* deadline besluitdatum* besluit(afgegeven|afgewezen)\n"
                   "                tlv_nummer soort(sbo|so) so_categorie startdatum einddatum\n"
                   "                ontvangende_brin ontvangende_vestiging bestemming_naam\n"
                   "                key: tlv_nummer, else pupil + aanvraagdatum\n"
                   "  leerlingen    source_system* external_id* brin* vestiging geboortejaar geslacht\n"
                   "                key: source_system + external_id (a known pupil is not moved)\n"
                   "  mdos          source_system* external_id* brin vestiging geboortejaar geslacht\n"
                   "                datum* niveau* deelnemers*(school;ouders;consulent;jeugdhulp;\n"
                   "                jeugdarts;overig) kind_deelgenomen uitkomst(geen|arrangement|\n"
                   "                tlv_route|tijdelijke_plaatsing) plaatsing(sbo|so) plaatsing_weken\n"
                   "                toestemming_datum gezag            key: pupil + datum\n"
                   "  arrangementen nummer* type* source_system external_id brin vestiging\n"
                   "                geboortejaar geslacht werkgebied(groep, innovatie)\n"
                   "                ondersteuningscategorie uren_per_week bedrag(euros) startdatum*\n"
                   "                einddatum* versterkt_leerkracht status verlenging_van reflectie\n"
                   "                omschrijving toestemming_datum gezag        key: nummer\n"
                   "  thuiszitter_tellingen  peildatum* categorie* gemeente(empty: no split) aantal*\n"
                   "                key: peildatum + categorie + gemeente\n"
                   "  thuiszitter_casussen   source_system* external_id* brin vestiging geboortejaar\n"
                   "                geslacht startdatum* thuiszittend_sinds scenarios(code;code...)\n"
                   "                interim_leerarrangement einddatum uitkomst(geplaatst|vrijstelling|\n"
                   "                verhuisd|achttien|overig)                key: pupil + startdatum\n"
                   "  realisatie    regel*(a begroting line's sleutel) datum* bedrag*(euros, 1234.56)\n"
                   "                boekstuk omschrijving      key: boekstuk, else regel + datum\n"
                   "  jaarrekening, jaarplan: see docs/import.md\n",
    .flags = import_flags,
    .examples = "  passend bestuur import scholen scholen.csv --dry-run\n"
                "  passend bestuur import tellingen tellingen-2017.csv\n",
    .handler = import_handler,
    .max_args = 2,
};
