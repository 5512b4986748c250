/* cmd_common: helpers shared by the resource commands (admin, audit,
 * bestuur, toezicht, werkgebied, leerling): flag values turned into proto
 * fields with usage errors (exit 2) for bad syntax, printing one message,
 * and paging through List calls into one table/JSON/CSV document.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int cli_one_arg(struct cli_ctx *ctx, const char *what, const char **id)
{
	if (ctx->nargs != 1 || !ctx->args[0][0]) return cli_usage_error(ctx, "missing %s", what);
	*id = ctx->args[0];
	return 0;
}

int cli_required_flag(struct cli_ctx *ctx, const char *name, const char **value)
{
	*value = cli_flag_value(ctx, name);
	if (!*value) return cli_usage_error(ctx, "--%s is required", name);
	return 0;
}

int cli_flag_enum(struct cli_ctx *ctx, const char *name, const ProtobufCEnumDescriptor *d, int *out)
{
	const char *v = cli_flag_value(ctx, name);
	char choices[256];
	if (!v) return 0;
	if (cli_enum_parse(d, v, out) == 0) return 0;
	if (cli_enum_choices(d, ", ", choices, sizeof(choices)) < 0) choices[0] = '\0';
	return cli_usage_error(ctx, "--%s must be one of %s, not '%s'", name, choices, v);
}

int cli_flag_date(struct cli_ctx *ctx, const char *name, Passend__V1__Date *out, int *given)
{
	const char *v = cli_flag_value(ctx, name);
	if (!v) return 0;
	if (cli_parse_date(v, out) < 0)
		return cli_usage_error(ctx, "--%s must be a date YYYY-MM-DD (like 2024-01-01), not '%s'",
		                       name, v);
	*given = 1;
	return 0;
}

int cli_flag_month_day(struct cli_ctx *ctx, const char *name, Passend__V1__MonthDay *out, int *given)
{
	const char *v = cli_flag_value(ctx, name);
	if (!v) return 0;
	if (cli_parse_month_day(v, out) < 0)
		return cli_usage_error(ctx, "--%s must be a day of the year MM-DD (like 08-01), not '%s'",
		                       name, v);
	*given = 1;
	return 0;
}

int cli_flag_instant(struct cli_ctx *ctx, const char *name, int sign, Passend__V1__Timestamp *out, int *given)
{
	const char *v = cli_flag_value(ctx, name);
	int64_t secs;
	if (!v) return 0;
	if (cli_parse_instant(v, (int64_t)time(NULL), sign, &secs) < 0)
		return cli_usage_error(ctx,
		                       "--%s must be a date (2027-01-01), a date and time (2027-01-01T09:00, "
		                       "optionally with Z or +01:00) or a span %s (30d, 12h, 2w), not '%s'",
		                       name, sign < 0 ? "back from now" : "from now", v);
	out->seconds = secs;
	out->nanos = 0;
	*given = 1;
	return 0;
}

int cli_flag_list(struct cli_ctx *ctx, const char *name, char ***items, size_t *n)
{
	*items = NULL;
	*n = 0;
	for (int i = 0; i < ctx->nset; i++) {
		char **part;
		size_t np;
		if (strcmp(ctx->set[i].flag->name, name) != 0) continue;
		if (cli_split_list(ctx->set[i].value, &part, &np) < 0) {
			cli_list_free(*items, *n);
			*items = NULL;
			*n = 0;
			return cli_usage_error(ctx, "--%s must be a comma-separated list of ids, not '%s'",
			                       name, ctx->set[i].value);
		}
		char **all = realloc(*items, (*n + np) * sizeof(**items));
		if (!all) {
			cli_list_free(part, np);
			cli_list_free(*items, *n);
			*items = NULL;
			*n = 0;
			fprintf(ctx->err, "error: out of memory\n");
			return CLI_EXIT_SERVER;
		}
		memcpy(all + *n, part, np * sizeof(*part));
		free(part); /* the strings now belong to all */
		*items = all;
		*n += np;
	}
	return 0;
}

int cli_finish_one(struct cli_ctx *ctx, int rc, ProtobufCMessage *resp)
{
	if (rc < 0) {
		if (resp) protobuf_c_message_free_unpacked(resp, NULL);
		return cli_call_error(ctx, rc);
	}
	rc = cli_print_one(ctx, resp);
	protobuf_c_message_free_unpacked(resp, NULL);
	return rc;
}

int cli_print_one(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	buf out = {0};
	int rc;
	if (proto_print_message(&out, ctx->g.output, msg) < 0) {
		buf_free(&out);
		fprintf(ctx->err, "error: out of memory\n");
		return CLI_EXIT_SERVER;
	}
	rc = cli_write(ctx, &out);
	buf_free(&out);
	return rc;
}

/* The repeated field of type item_desc and the next_page_token field of a
 * List response descriptor. */
static int list_fields(const ProtobufCMessageDescriptor *d, const ProtobufCMessageDescriptor *item_desc,
                       const ProtobufCFieldDescriptor **items, const ProtobufCFieldDescriptor **next)
{
	*items = NULL;
	*next = protobuf_c_message_descriptor_get_field_by_name(d, "next_page_token");
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->label == PROTOBUF_C_LABEL_REPEATED && f->type == PROTOBUF_C_TYPE_MESSAGE &&
		    f->descriptor == item_desc)
			*items = f;
	}
	return *items && *next && (*next)->type == PROTOBUF_C_TYPE_STRING ? 0 : -1;
}

int cli_print_rows(struct cli_ctx *ctx, const ProtobufCMessageDescriptor *item_desc,
                   ProtobufCMessage *const *rows, size_t n)
{
	proto_printer *pp = NULL;
	buf out = {0};
	int rc = CLI_EXIT_SERVER;
	if (proto_printer_new(&pp, ctx->g.output, item_desc, 0, &out, ctx->out) < 0) goto cleanup;
	for (size_t i = 0; i < n; i++)
		if (proto_printer_row(pp, rows[i]) < 0) goto cleanup;
	if (proto_printer_end(pp) < 0) goto cleanup;
	rc = CLI_EXIT_OK;
cleanup:
	if (rc != CLI_EXIT_OK) fprintf(ctx->err, "error: cannot write output\n");
	proto_printer_free(pp);
	buf_free(&out);
	return rc;
}

int cli_list_all(struct cli_ctx *ctx, const ProtobufCMessage *req, Passend__V1__PageRequest *page,
                 cli_list_fn fn, const ProtobufCMessageDescriptor *item_desc)
{
	const ProtobufCFieldDescriptor *items_f = NULL, *next_f = NULL;
	proto_printer *printer = NULL;
	ProtobufCMessage *resp = NULL;
	passend_channel *ch;
	char *token = NULL;
	buf out = {0};
	int64_t page_size, limit, printed = 0;
	int rc, more = 0;

	rc = cli_flag_int(ctx, "page-size", 0, 1, 1000, &page_size);
	if (rc) return rc;
	rc = cli_flag_int(ctx, "limit", -1, 0, INT64_MAX, &limit);
	if (rc) return rc;
	if (limit >= 0 && limit < 1000 && (page_size == 0 || page_size > limit))
		page_size = limit > 0 ? limit : 1; /* fetch no more than needed */
	page->page_size = (int32_t)page_size;

	rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	if (proto_printer_new(&printer, ctx->g.output, item_desc, 0, &out, ctx->out) < 0) {
		fprintf(ctx->err, "error: out of memory\n");
		return CLI_EXIT_SERVER;
	}
	for (;;) {
		passend_call_opts opts = cli_call_opts(ctx, 1, 0);
		page->page_token = token ? token : (char *)"";
		rc = fn(ch, req, &resp, &opts);
		if (rc < 0) {
			rc = cli_call_error(ctx, rc);
			goto cleanup;
		}
		if (list_fields(resp->descriptor, item_desc, &items_f, &next_f) < 0) {
			fprintf(ctx->err, "error: unexpected response type %s\n", resp->descriptor->name);
			rc = CLI_EXIT_SERVER;
			goto cleanup;
		}
		size_t n = *(const size_t *)((const char *)resp + items_f->quantifier_offset);
		ProtobufCMessage *const *rows =
		    *(ProtobufCMessage *const *const *)((const char *)resp + items_f->offset);
		for (size_t i = 0; i < n && (limit < 0 || printed < limit); i++, printed++) {
			if (proto_printer_row(printer, rows[i]) < 0) {
				fprintf(ctx->err, "error: cannot write output\n");
				rc = CLI_EXIT_SERVER;
				goto cleanup;
			}
		}
		const char *next = *(char *const *)((const char *)resp + next_f->offset);
		if (!next || !*next) break;
		if (limit >= 0 && printed >= limit) {
			more = 1;
			break;
		}
		if (token && strcmp(token, next) == 0) { /* a server bug must not loop forever */
			fprintf(ctx->err, "error: the server returned the same page token twice\n");
			rc = CLI_EXIT_SERVER;
			goto cleanup;
		}
		free(token);
		token = strdup(next);
		if (!token) {
			fprintf(ctx->err, "error: out of memory\n");
			rc = CLI_EXIT_SERVER;
			goto cleanup;
		}
		protobuf_c_message_free_unpacked(resp, NULL);
		resp = NULL;
	}
	if (proto_printer_end(printer) < 0) {
		fprintf(ctx->err, "error: cannot write output\n");
		rc = CLI_EXIT_SERVER;
		goto cleanup;
	}
	if (more) fprintf(ctx->err, "(more rows on the server: raise --limit to see them)\n");
	rc = CLI_EXIT_OK;
cleanup:
	page->page_token = (char *)""; /* token is freed below */
	if (resp) protobuf_c_message_free_unpacked(resp, NULL);
	free(token);
	proto_printer_free(printer);
	buf_free(&out);
	return rc;
}
