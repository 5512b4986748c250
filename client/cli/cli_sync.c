/* cli_sync: `passend sync`, what a school system's administrator runs by
 * hand: `passend sync upsert KIND FILE.csv` pushes a CSV export through
 * libpassend's batch upsert (include/passend/sync_upsert.h) and prints one
 * line per record: its outcome (aangemaakt, bijgewerkt, ongewijzigd, fout)
 * and for an error the column and the rule. Chunks carry request ids made
 * from the file's contents, so running the same command again after an
 * interruption applies nothing twice (docs/decisions.md D49). `passend sync
 * watch` follows the change feed (cli_sync_watch.c, D50). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../server/svc/csv.h"
#include "cli.h"
#include "passend/sync_upsert.h"

/* FNV-1a over the parts, 64 bits from each of two offsets: the default
 * request id prefix names the run by what it sends. */
static void run_key(const char *const *parts, const size_t *lens, size_t nparts, char out[40])
{
	uint64_t h[2] = {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull};
	for (int k = 0; k < 2; k++)
		for (size_t p = 0; p < nparts; p++) {
			for (size_t i = 0; i < lens[p]; i++) {
				h[k] ^= (unsigned char)parts[p][i];
				h[k] *= 0x100000001b3ull;
			}
			h[k] ^= 0xff; /* separator */
			h[k] *= 0x100000001b3ull;
		}
	snprintf(out, 40, "csv-%016" PRIx64 "%016" PRIx64, h[0], h[1]);
}

struct sync_out {
	struct cli_ctx *ctx;
	proto_printer *printer;
	int failed;
	const long *lines; /* each record's line */
};

static int outcome_cell(buf *out, const ProtobufCMessage *m, const struct proto_column *col)
{
	static const char *const words[] = {"?", "aangemaakt", "bijgewerkt", "ongewijzigd", "fout"};
	int o = ((const Passend__V1__UpsertResult *)m)->outcome;
	return buf_printf(out, "%s", o >= 0 && o <= 4 ? words[o] : "?");
}

static void on_result(void *arg, size_t record, const Passend__V1__UpsertResult *r)
{
	struct sync_out *so = arg;
	Passend__V1__UpsertResult row = *r;
	row.index = (int32_t)so->lines[record]; /* the CSV line instead of the chunk position */
	if (!so->failed && proto_printer_row(so->printer, &row.base) < 0) so->failed = 1;
}

static int upsert_handler(struct cli_ctx *ctx)
{
	if (ctx->nargs != 2) return cli_usage_error(ctx, "expected KIND FILE.csv");
	const char *kind = ctx->args[0], *path = ctx->args[1];
	const char *source = cli_flag_value(ctx, "source-system"),
	           *prefix = cli_flag_value(ctx, "request-id-prefix");
	int64_t chunk, in_flight;
	int rc;
	if ((rc = cli_flag_int(ctx, "chunk", 1000, 1, PASSEND_UPSERT_CHUNK_MAX, &chunk))) return rc;
	if ((rc = cli_flag_int(ctx, "in-flight", 3, 1, PASSEND_UPSERT_IN_FLIGHT_MAX, &in_flight))) return rc;
	if (!source || !source[0]) return cli_usage_error(ctx, "--source-system is required");
	size_t len = 0;
	buf file = {0};
	if (buf_read_file(&file, path, 0) != 0) {
		fprintf(ctx->err, "error: %s: %s\n", path, strerror(errno));
		buf_free(&file);
		return CLI_EXIT_USAGE;
	}
	char *data = (char *)file.data;
	len = file.len;
	csv_reader r;
	csv_row row;
	csv_init(&r, data, len, 1);
	char **cols = NULL, **vals = NULL;
	long *lines = NULL;
	size_t ncols = 0, nrec = 0, cap = 0;
	int st = csv_next(&r, &row);
	if (st != 1) {
		fprintf(ctx->err, "error: %s: %s\n", path,
		        st == 0 ? "empty file (a header line is needed)"
		                : "the header line is not valid CSV");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	ncols = row.nfields;
	if (!(cols = calloc(ncols, sizeof *cols))) goto oom;
	for (size_t i = 0; i < ncols; i++)
		if (!(cols[i] = strdup(row.fields[i]))) goto oom;
	while ((st = csv_next(&r, &row)) == 1) {
		if (nrec == cap) {
			size_t ncap = cap ? 2 * cap : 1024;
			char **nv = realloc(vals, ncap * ncols * sizeof *vals);
			if (!nv) goto oom;
			vals = nv;
			long *nl = realloc(lines, ncap * sizeof *lines);
			if (!nl) goto oom;
			lines = nl;
			cap = ncap;
		}
		for (size_t i = 0; i < ncols; i++) /* a short row gets empty values; extra fields are cut */
			if (!(vals[nrec * ncols + i] = strdup(i < row.nfields ? row.fields[i] : ""))) {
				for (size_t k = 0; k < i; k++)
					free(vals[nrec * ncols + k]);
				goto oom;
			}
		lines[nrec++] = row.line;
	}
	if (st < 0) {
		fprintf(ctx->err, "error: %s:%ld: not valid CSV\n", path, row.line);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	char key[40];
	if (!prefix) {
		const char *parts[] = {kind, source, data};
		size_t lens[] = {strlen(kind), strlen(source), len};
		run_key(parts, lens, 3, key);
		prefix = key;
	}
	passend_channel *ch;
	if ((rc = cli_connect(ctx, &ch))) goto out;
	static const struct proto_column columns[] = {
	    {"index", "regel", NULL, NULL, 0},
	    {"external_id", "external_id", NULL, NULL, 0},
	    {"outcome", "resultaat", outcome_cell, NULL, 0},
	    {"field", "veld", NULL, NULL, 0},
	    {"message", "melding", NULL, NULL, 0},
	};
	buf pout = {0};
	struct sync_out so = {.ctx = ctx, .lines = lines};
	if (proto_printer_new_columns(&so.printer, ctx->g.output, &passend__v1__upsert_result__descriptor,
	                              columns, sizeof columns / sizeof columns[0], 0, &pout, ctx->out) < 0) {
		buf_free(&pout);
		goto oom;
	}
	passend_upsert_opts o = {.chunk_records = (size_t)chunk,
	                         .in_flight = (int)in_flight,
	                         .request_id_prefix = prefix,
	                         .timeout_ms = ctx->g.timeout_ms > 0 ? ctx->g.timeout_ms + 60000 : 0};
	passend_upsert_summary sum = {0};
	rc = passend_sync_upsert(ch, kind, source, (const char *const *)cols, ncols,
	                         (const char *const *)vals, nrec, &o, on_result, &so, &sum);
	if (proto_printer_end(so.printer) < 0) so.failed = 1;
	proto_printer_free(so.printer);
	buf_free(&pout);
	if (rc != 0) {
		rc = cli_call_error(ctx, rc);
		fprintf(ctx->err, "%zu of %zu records answered before the error (request ids %s-N)\n",
		        sum.created + sum.updated + sum.unchanged + sum.errors, nrec, prefix);
		goto out;
	}
	if (so.failed) {
		fprintf(ctx->err, "error: cannot write output\n");
		rc = CLI_EXIT_SERVER;
		goto out;
	}
	fprintf(ctx->err,
	        "%s: %zu records: %zu aangemaakt, %zu bijgewerkt, %zu ongewijzigd, %zu fout (%zu chunks, %zu "
	        "retries)\n",
	        path, nrec, sum.created, sum.updated, sum.unchanged, sum.errors, sum.chunks, sum.retries);
	rc = sum.errors ? CLI_EXIT_SERVER : CLI_EXIT_OK;
	goto out;
oom:
	rc = cli_oom(ctx);
out:
	csv_free(&r);
	for (size_t i = 0; vals && i < nrec * ncols; i++)
		free(vals[i]);
	for (size_t i = 0; cols && i < ncols; i++)
		free(cols[i]);
	free(vals);
	free(cols);
	free(lines);
	free(data);
	return rc;
}

static const struct cli_flag upsert_flags[] = {
    {.name = "source-system",
     .metavar = "NAME",
     .help = "the school system the ids are of (e.g. parnassys); required"},
    {.name = "chunk", .metavar = "N", .help = "records per call (default 1000, at most 5000)"},
    {.name = "in-flight",
     .metavar = "N",
     .help = "chunks sent before the first of them is answered (default 3, at most 8)"},
    {.name = "request-id-prefix",
     .metavar = "PREFIX",
     .help = "chunk i is sent with request id PREFIX-i (default: made from KIND, the source and the file)"},
    {0},
};

static const struct cli_cmd cli_cmd_sync_upsert = {
    .name = "upsert",
    .summary = "Upsert a CSV export by the school system's own ids, with a result per record",
    .usage = "KIND FILE.csv",
    .description =
        "Sends every row of FILE.csv to passend.v1.Sync/UpsertRecords in chunks and prints one line\n"
        "per row: aangemaakt, bijgewerkt, ongewijzigd, or fout with the column and the rule (exit 1\n"
        "when a row has an error; the other rows are written). A row is keyed by --source-system and\n"
        "its external_id column; columns that are empty or absent keep what is stored. Each chunk\n"
        "is one transaction with a request id made from the file, so after an interruption the same\n"
        "command applies nothing twice (a lost answer is repeated by the server, not the write).\n"
        "Kinds and columns (docs/api-guide.md \"Sync\"):\n"
        "  leerlingen  external_id* school_id | brin + vestiging (a new pupil needs one; vestiging\n"
        "              defaults to 00) geboortejaar geslacht(0-3 or onbekend|jongen|meisje|anders)\n"
        "              national_id (9 digits; only its keyed hash is stored)\n"
        "  ondersteuningsvragen  external_id* leerling_external_id | leerling_id, omschrijving\n"
        "              ondersteuningscategorie ingediend_op (YYYY-MM-DD; needs the pupil's consent)\n"
        "  mdos        external_id* leerling_external_id | leerling_id, datum niveau deelnemers\n"
        "              (school;ouders;...) kind_deelgenomen uitkomst plaatsing plaatsing_weken\n"
        "  tellingen   external_id* school_id | brin + vestiging, teldatum* tel_wijze gemeente_id |\n"
        "              gemeente, aantal* onder_8 so_categorie_1 so_categorie_2 so_categorie_3\n",
    .flags = upsert_flags,
    .examples = "  passend sync upsert leerlingen leerlingen.csv --source-system parnassys\n"
                "  passend sync upsert leerlingen export.csv --source-system esis --output csv\n",
    .handler = upsert_handler,
    .max_args = 2,
};

/* clang-format off */
static const struct cli_cmd *const sync_subcommands[] = {
    &cli_cmd_sync_upsert,
    &cli_cmd_sync_watch,
    NULL,
};
/* clang-format on */

const struct cli_cmd cli_cmd_sync = {
    .name = "sync",
    .summary = "What a school system syncs: batch upserts by its own ids, the change feed",
    .examples = "  passend sync upsert leerlingen leerlingen.csv --source-system parnassys\n"
                "  passend sync watch --cursor-file cursor.txt\n",
    .subcommands = sync_subcommands,
};
