/* cli_list: List calls page after page (cli_pager) and their output as one
 * document. Tables show the object's chosen columns — names, codes, dates —
 * with references (werkgebied_id, schoolbestuur_id, …) shown as the
 * referenced object's label, looked up once through its own List call, and
 * fitted to the terminal's width; --output wide adds the ids (and cuts
 * nothing); JSON and CSV print every field.
 */
#include "cli_resource.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MAX_COLUMNS CLI_MAX_COLUMNS

int cli_pager_init(struct cli_pager *pg, struct cli_ctx *ctx, const ProtobufCServiceDescriptor *service,
                   const char *method, ProtobufCMessage *req, const ProtobufCMessageDescriptor *item,
                   int32_t page_size)
{
	memset(pg, 0, sizeof(*pg));
	pg->ctx = ctx;
	pg->service = service;
	pg->req = req;
	pg->item = item;
	pg->method = protobuf_c_service_descriptor_get_method_by_name(service, method);
	if (!pg->method || pg->method->input != req->descriptor) {
		fprintf(ctx->err, "error: %s has no method %s taking %s\n", service->name, method,
		        req->descriptor->name);
		return CLI_EXIT_SERVER;
	}
	const ProtobufCMessageDescriptor *out = pg->method->output;
	for (unsigned i = 0; i < out->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &out->fields[i];
		if (fd->label == PROTOBUF_C_LABEL_REPEATED && fd->type == PROTOBUF_C_TYPE_MESSAGE &&
		    fd->descriptor == item)
			pg->items_f = fd;
	}
	pg->next_f = protobuf_c_message_descriptor_get_field_by_name(out, "next_page_token");
	if (!pg->items_f || (pg->next_f && pg->next_f->type != PROTOBUF_C_TYPE_STRING)) {
		fprintf(ctx->err, "error: %s does not list %s\n", out->name, item->name);
		return CLI_EXIT_SERVER;
	}
	const ProtobufCFieldDescriptor *pf =
	    protobuf_c_message_descriptor_get_field_by_name(req->descriptor, "page");
	if (pf && pf->type == PROTOBUF_C_TYPE_MESSAGE &&
	    pf->descriptor == &passend__v1__page_request__descriptor) {
		Passend__V1__PageRequest **slot = (Passend__V1__PageRequest **)((char *)req + pf->offset);
		if (!*slot && !(*slot = (Passend__V1__PageRequest *)cli_msg_new(
		                    &passend__v1__page_request__descriptor)))
			return cli_oom(ctx);
		pg->page = *slot;
		pg->page->page_size = page_size;
	}
	return 0;
}

int cli_pager_next(struct cli_pager *pg, ProtobufCMessage **resp)
{
	int rc;
	*resp = NULL;
	if (pg->done) return 0;
	if (pg->page && pg->token) {
		if (pg->page->page_token != protobuf_c_empty_string) free(pg->page->page_token);
		pg->page->page_token = pg->token; /* the request owns it now */
		pg->token = NULL;
	}
	rc = cli_call(pg->ctx, pg->service, pg->method->name, pg->req,
	              CLI_CALL_IDEMPOTENT | (pg->quiet ? CLI_CALL_QUIET : 0), resp);
	if (rc) return rc;
	const char *next = pg->next_f ? *(char *const *)((const char *)*resp + pg->next_f->offset) : NULL;
	pg->done = !pg->page || !next || !*next;
	if (pg->done) return 0;
	if (pg->page->page_token && strcmp(pg->page->page_token, next) == 0) {
		/* a server bug must not loop forever */
		if (!pg->quiet)
			fprintf(pg->ctx->err, "error: the server returned the same page token twice\n");
		protobuf_c_message_free_unpacked(*resp, NULL);
		*resp = NULL;
		return CLI_EXIT_SERVER;
	}
	if (!(pg->token = strdup(next))) {
		protobuf_c_message_free_unpacked(*resp, NULL);
		*resp = NULL;
		return pg->quiet ? CLI_EXIT_SERVER : cli_oom(pg->ctx);
	}
	return 0;
}

ProtobufCMessage *const *cli_pager_rows(const struct cli_pager *pg, const ProtobufCMessage *resp, size_t *n)
{
	*n = *(const size_t *)((const char *)resp + pg->items_f->quantifier_offset);
	return *(ProtobufCMessage *const *const *)((const char *)resp + pg->items_f->offset);
}

void cli_pager_free(struct cli_pager *pg)
{
	free(pg->token);
	pg->token = NULL;
}

/* Columns of the terminal a table goes to: $COLUMNS when set, else the
 * terminal's size; 0 (no limit) when the output is not a terminal. */
static size_t term_width(const struct cli_ctx *ctx)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	if (env && atoi(env) > 0) return (size_t)atoi(env);
	if (isatty(fileno(ctx->out)) && ioctl(fileno(ctx->out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/* ---- references in tables ------------------------------------------------------------ */

struct ref_cell {
	struct cli_ctx *ctx;
	const struct cli_column *col;
};

int cli_ref_label(buf *out, struct cli_ctx *ctx, const struct cli_resource *res, const char *id)
{
	struct cli_lookup *lk;
	if (cli_lookup(ctx, res, 1, &lk) == 0)
		for (size_t i = 0; i < lk->nrows; i++) {
			size_t n;
			char *const *rid = cli_msg_strings(lk->rows[i], "id", &n);
			if (n == 1 && strcmp(rid[0], id) == 0)
				return cli_key_text(out, lk->rows[i], res->label);
		}
	return buf_printf(out, "%s", id);
}

static int ref_cell_text(buf *out, const ProtobufCMessage *m, const struct proto_column *pc)
{
	const struct ref_cell *rc = pc->arg;
	size_t n;
	char *const *ids = cli_msg_strings(m, rc->col->field, &n);
	for (size_t i = 0, shown = 0; i < n; i++) {
		if (!ids[i] || !*ids[i]) continue;
		if ((shown++ && buf_append(out, ", ", 2) < 0) ||
		    cli_ref_label(out, rc->ctx, rc->col->ref, ids[i]) < 0)
			return -1;
	}
	return 0;
}

int cli_euro_cell(buf *out, const ProtobufCMessage *m, const struct proto_column *pc)
{
	buf v = {0};
	char num[32], text[32];
	int rc = proto_field_text(&v, m, pc->field);
	if (rc == 0 && v.len > 0 && v.len < sizeof num) {
		memcpy(num, v.data, v.len);
		num[v.len] = '\0';
		rc = buf_printf(out, "%s", cli_euro_text(strtoll(num, NULL, 10), 0, text, sizeof text));
	}
	buf_free(&v);
	return rc;
}

/* Whether a field holds ids ("id", "tenant_id", "scope_ids"). */
static int is_id(const char *field)
{
	size_t n = strlen(field);
	return strcmp(field, "id") == 0 || (n > 3 && strcmp(field + n - 3, "_id") == 0) ||
	       (n > 4 && strcmp(field + n - 4, "_ids") == 0);
}

/* The table columns of res for ctx's output into cols (own[] holds the
 * columns of cli_res_columns, refs[] the arguments of reference columns).
 * Returns the count. */
static size_t table_columns(struct cli_ctx *ctx, const struct cli_resource *res, struct proto_column *cols,
                            struct cli_column *own, struct ref_cell *refs)
{
	size_t n = 0, nown = cli_res_columns(res, own, MAX_COLUMNS);
	for (const struct cli_column *c = own; c < own + nown; c++) {
		if (c->wide && !ctx->g.wide) continue;
		cols[n] = (struct proto_column){.field = c->field, .header = c->header, .text = c->text};
		if (!c->ref && is_id(c->field)) cols[n].min_width = 1000; /* ids are copied: never cut */
		if (c->ref && c->ref->label) {
			refs[n] = (struct ref_cell){.ctx = ctx, .col = c};
			cols[n].text = ref_cell_text;
			cols[n].arg = &refs[n];
		}
		n++;
	}
	return n;
}

int cli_print_object(struct cli_ctx *ctx, const struct cli_resource *res, const ProtobufCMessage *msg)
{
	struct proto_column extra[MAX_COLUMNS];
	struct ref_cell refs[MAX_COLUMNS];
	char names[MAX_COLUMNS][32];
	size_t n = 0;
	buf out = {0};

	if (ctx->g.output != PROTO_FMT_TABLE || msg->descriptor != cli_res_item(res))
		return cli_print_one(ctx, msg);
	for (const struct cli_column *c = cli_res_own_columns(res); c && c->field && n < MAX_COLUMNS; c++) {
		int euro = c->text == cli_euro_cell; /* the amount in euros after its cents */
		if ((!euro && (!c->ref || !c->ref->label)) || !c->header) continue;
		size_t k = 0;
		for (const char *p = c->header; *p && k + 1 < sizeof(names[n]); p++)
			names[n][k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		names[n][k] = '\0';
		if (euro) {
			extra[n] =
			    (struct proto_column){.field = c->field, .header = names[n], .text = c->text};
			n++;
			continue;
		}
		refs[n] = (struct ref_cell){.ctx = ctx, .col = c};
		extra[n] = (struct proto_column){
		    .field = c->field, .header = names[n], .text = ref_cell_text, .arg = &refs[n]};
		n++;
	}
	return cli_emit(ctx, &out, proto_print_fields(&out, msg, extra, n));
}

int cli_list_print(struct cli_ctx *ctx, const struct cli_resource *res, const char *method,
                   ProtobufCMessage *req)
{
	struct proto_column cols[MAX_COLUMNS];
	struct cli_column own[MAX_COLUMNS];
	struct ref_cell refs[MAX_COLUMNS];
	struct cli_pager pg;
	proto_printer *printer = NULL;
	ProtobufCMessage *resp = NULL;
	buf out = {0};
	int64_t page_size, limit, printed = 0;
	size_t ncols = 0;
	int rc;

	if ((rc = cli_flag_int(ctx, "page-size", 0, 1, 1000, &page_size)) ||
	    (rc = cli_flag_int(ctx, "limit", -1, 0, INT64_MAX, &limit)))
		return rc;
	if (limit >= 0 && limit < 1000 && (page_size == 0 || page_size > limit))
		page_size = limit > 0 ? limit : 1; /* fetch no more than needed */
	const ProtobufCMessageDescriptor *item = cli_res_item(res);
	if ((rc = cli_pager_init(&pg, ctx, res->service, method, req, item, (int32_t)page_size))) return rc;
	if (ctx->g.output == PROTO_FMT_TABLE && cli_res_own_columns(res))
		ncols = table_columns(ctx, res, cols, own, refs);
	if (proto_printer_new_columns(&printer, ctx->g.output, item, ncols ? cols : NULL, ncols, 0, &out,
	                              ctx->out) < 0) {
		rc = cli_oom(ctx);
		goto cleanup;
	}
	if (ctx->g.output == PROTO_FMT_TABLE && !ctx->g.wide) proto_printer_fit(printer, term_width(ctx));
	while ((rc = cli_pager_next(&pg, &resp)) == 0 && resp) {
		size_t n;
		ProtobufCMessage *const *rows = cli_pager_rows(&pg, resp, &n);
		for (size_t i = 0; i < n && (limit < 0 || printed < limit); i++, printed++)
			if (proto_printer_row(printer, rows[i]) < 0) {
				fprintf(ctx->err, "error: cannot write output\n");
				rc = CLI_EXIT_SERVER;
				goto cleanup;
			}
		protobuf_c_message_free_unpacked(resp, NULL);
		resp = NULL;
		if (limit >= 0 && printed >= limit) break;
	}
	if (rc) goto cleanup;
	if (proto_printer_end(printer) < 0) {
		fprintf(ctx->err, "error: cannot write output\n");
		rc = CLI_EXIT_SERVER;
		goto cleanup;
	}
	if (!pg.done) fprintf(ctx->err, "(more rows on the server: raise --limit to see them)\n");
cleanup:
	if (resp) protobuf_c_message_free_unpacked(resp, NULL);
	cli_pager_free(&pg);
	proto_printer_free(printer);
	buf_free(&out);
	return rc;
}
