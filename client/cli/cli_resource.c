/* cli_resource: the commands of an object made from its table. Each verb
 * becomes a command (name, texts and flags from the verb; usage derived
 * from the flags by cli.c), run by one generic handler: build the request
 * from the positional key and the flags (cli_form.c), check, resolve names,
 * call the verb's method by name with passend_call_unary and print the
 * answer — or every page of it for a list (cli_list.c).
 */
#include "cli_resource.h"

#include <string.h>

/* Field of the positional argument of v, or NULL when it takes none. */
static const char *verb_arg(const struct cli_verb *v)
{
	if (v->arg) return *v->arg ? v->arg : NULL;
	return v->kind & (CLI_SHOW | CLI_UPDATE | CLI_ACT) ? "id" : NULL;
}

const struct cli_cmd *cli_verb_cmd(const struct cli_resource *res, size_t i, struct cli_cmd *tmp)
{
	for (size_t k = 0; k <= i; k++)
		if (!res->verbs[k].kind) return NULL;
	const struct cli_verb *v = &res->verbs[i];
	memset(tmp, 0, sizeof(*tmp));
	tmp->name = v->name;
	tmp->summary = v->summary;
	tmp->description = v->description;
	tmp->examples = v->examples;
	tmp->flags = v->flags;
	tmp->handler = v->handler ? v->handler : cli_verb_run;
	tmp->resource = res;
	tmp->verb = v;
	if (verb_arg(v)) {
		tmp->max_args = 1;
		tmp->usage = v->arg_metavar ? v->arg_metavar : res->metavar;
	}
	return tmp;
}

/* The update needs at least one field. */
static int nothing_to_update(struct cli_form *f)
{
	char list[256];
	size_t len = 0, n = 0;
	list[0] = '\0';
	for (const struct cli_flag *fl = f->ctx->cmd->flags; fl && fl->name; fl++) {
		if (!fl->field || !cli_flag_applies(fl, f->ctx->cmd)) continue;
		int k = snprintf(list + len, sizeof(list) - len, "%s--%s", n++ ? ", " : "", fl->name);
		if (k < 0 || (size_t)k >= sizeof(list) - len) break;
		len += (size_t)k;
	}
	return cli_usage_error(f->ctx, "nothing to update: give at least one of %s", list);
}

int cli_verb_run(struct cli_ctx *ctx)
{
	const struct cli_verb *v = ctx->cmd->verb;
	const struct cli_resource *res = ctx->cmd->resource;
	const ProtobufCMethodDescriptor *m =
	    protobuf_c_service_descriptor_get_method_by_name(res->service, v->method);
	const char *arg = verb_arg(v);
	ProtobufCMessage *resp = NULL;
	struct cli_form f;
	char rid[37];
	int rc;

	if (!m) {
		fprintf(ctx->err, "error: %s has no method %s\n", res->service->name, v->method);
		return CLI_EXIT_SERVER;
	}
	if ((rc = cli_form_init(&f, ctx, m->input, v->kind & (CLI_CREATE | CLI_UPDATE) ? res->object : NULL)))
		goto out;
	if (arg) {
		const char *metavar = ctx->cmd->usage;
		struct cli_flag key = {.name = NULL, .metavar = metavar, .ref = v->literal_arg ? NULL : res};
		if (ctx->nargs != 1 || !ctx->args[0][0]) {
			rc = v->literal_arg ? cli_usage_error(ctx, "missing %s", metavar)
			                    : cli_usage_error(ctx, "missing %s (%s; see 'passend %s list')",
			                                      metavar, res->names, res->path);
			goto out;
		}
		if ((rc = cli_form_set(&f, v->kind == CLI_UPDATE ? f.obj : f.req, arg, ctx->args[0], &key)))
			goto out;
	}
	if ((rc = cli_form_read(&f))) goto out;
	if (v->kind == CLI_UPDATE && f.nmask == 0) {
		rc = nothing_to_update(&f);
		goto out;
	}
	if (v->check && (rc = v->check(&f))) goto out;
	unsigned how = v->kind & (CLI_SHOW | CLI_LIST | CLI_CALL) ? CLI_CALL_IDEMPOTENT : 0;
	if (v->kind == CLI_CREATE &&
	    protobuf_c_message_descriptor_get_field_by_name(m->input, "request_id") &&
	    cli_request_id(rid) == 0) {
		/* A create with a request_id is applied once, so it may be retried. */
		if ((rc = cli_form_set(&f, f.req, "request_id", rid, NULL))) goto out;
		how |= CLI_CALL_IDEMPOTENT;
	}
	if ((rc = cli_form_finish(&f))) goto out;
	if (v->kind == CLI_LIST) {
		rc = cli_list_print(ctx, res, v->method, f.req);
		goto out;
	}
	if ((rc = cli_call(ctx, res->service, v->method, f.req, how, &resp))) goto out;
	rc = v->print ? v->print(ctx, resp) : cli_print_object(ctx, res, resp);
out:
	if (resp) protobuf_c_message_free_unpacked(resp, NULL);
	cli_form_free(&f);
	return rc;
}

/* ---- help ------------------------------------------------------------------------- */

static void names_line(FILE *fp, const struct cli_resource *res, int *header)
{
	if (!res || !res->names) return;
	if (!*header)
		fprintf(fp, "\nNames (instead of an id; ids work too, and names are not case-sensitive):\n");
	*header = 1;
	fprintf(fp, "  %-12s %s\n", res->metavar, res->names);
}

void cli_resource_help(FILE *fp, const struct cli_cmd *cmd)
{
	const struct cli_resource *seen[16];
	size_t nseen = 0;
	int header = 0;

	if (!cmd->verb) {
		names_line(fp, cmd->resource, &header);
		return;
	}
	if (verb_arg(cmd->verb) && !cmd->verb->literal_arg) seen[nseen++] = cmd->resource;
	for (const struct cli_flag *f = cmd->flags; f && f->name && nseen < 16; f++) {
		int dup = !f->ref || !cli_flag_applies(f, cmd);
		for (size_t i = 0; i < nseen && !dup; i++)
			dup = seen[i] == f->ref;
		if (!dup) seen[nseen++] = f->ref;
	}
	for (size_t i = 0; i < nseen; i++)
		names_line(fp, seen[i], &header);
	if (cmd->verb->kind != CLI_LIST || !cmd->resource->columns) return;
	fprintf(fp, "\nColumns:\n ");
	for (int wide = 0; wide < 2; wide++) {
		int n = 0;
		if (wide) fprintf(fp, "\n  --output wide adds:");
		for (const struct cli_column *c = cmd->resource->columns; c->field; c++) {
			if (c->wide != wide) continue;
			fprintf(fp, "%s ", n++ ? "," : "");
			for (const char *p = c->header ? c->header : c->field; *p; p++)
				fputc(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p, fp);
		}
	}
	fprintf(fp, "\n  --output json and csv print every field of the %s message.\n",
	        cmd->resource->desc->short_name);
}
