/* cli_resource: the commands of an object made from its table. Each verb
 * becomes a command (name, texts and flags from the verb; usage derived
 * from the flags by cli.c), run by one generic handler: build the request
 * from the positional key and the flags (cli_form.c), check, resolve names,
 * call the verb's method by name with passend_call_unary and print the
 * answer — or every page of it for a list (cli_list.c).
 */
#include "uuid.h"
#include "cli_resource.h"

#include <stdlib.h>
#include <string.h>

/* Field of the positional argument of v, or NULL when it takes none. */
static const char *verb_arg(const struct cli_verb *v)
{
	if (v->arg) return *v->arg ? v->arg : NULL;
	return v->kind & (CLI_SHOW | CLI_UPDATE | CLI_ACT) ? "id" : NULL;
}

static const struct cli_verb *list_verb(const struct cli_resource *res)
{
	for (const struct cli_verb *v = res->verbs; v && v->kind; v++)
		if (v->kind == CLI_LIST) return v;
	return NULL;
}

const char *cli_res_list_method(const struct cli_resource *res)
{
	const struct cli_verb *v = list_verb(res);
	return v ? v->method : NULL;
}

const ProtobufCMessageDescriptor *cli_res_item(const struct cli_resource *res)
{
	const struct cli_verb *v = list_verb(res);
	const ProtobufCMethodDescriptor *m =
	    v ? protobuf_c_service_descriptor_get_method_by_name(res->service, v->method) : NULL;
	for (unsigned i = 0; m && i < m->output->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &m->output->fields[i];
		if (fd->label == PROTOBUF_C_LABEL_REPEATED && fd->type == PROTOBUF_C_TYPE_MESSAGE)
			return fd->descriptor;
	}
	return NULL;
}

/* Whether one of the n columns without a reference shows field. */
static int column_listed(const struct cli_column *cols, size_t n, const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (!cols[i].ref && strcmp(cols[i].field, field) == 0) return 1;
	return 0;
}

size_t cli_res_columns(const struct cli_resource *res, struct cli_column *out, size_t cap)
{
	const ProtobufCMessageDescriptor *item = cli_res_item(res);
	size_t n = 0, own;

	for (const struct cli_column *c = cli_res_own_columns(res); c && c->field && n < cap; c++)
		out[n++] = *c;
	own = n;
	if (own && n < cap && item && protobuf_c_message_descriptor_get_field_by_name(item, "id") &&
	    !column_listed(out, own, "id"))
		out[n++] = (struct cli_column){.field = "id", .wide = 1};
	for (size_t i = 0; i < own && n < cap; i++)
		if (out[i].ref && !column_listed(out, own, out[i].field))
			out[n++] = (struct cli_column){.field = out[i].field, .wide = 1};
	return n;
}

/* The field of request d that carries the object (of type item), or NULL
 * when the flags fill the request itself. */
static const char *object_field(const ProtobufCMessageDescriptor *d, const ProtobufCMessageDescriptor *item)
{
	for (unsigned i = 0; item && i < d->n_fields; i++)
		if (d->fields[i].type == PROTOBUF_C_TYPE_MESSAGE &&
		    d->fields[i].label != PROTOBUF_C_LABEL_REPEATED && d->fields[i].descriptor == item)
			return d->fields[i].name;
	return NULL;
}

/* Depth-first search for the node of res under cmd; path[0..] collects the
 * names. Returns the depth of the node, or 0 when not found. */
static int find_path(const struct cli_cmd *cmd, const struct cli_resource *res, const char **path, int depth)
{
	if (depth && cmd->resource == res && !cmd->verb) return depth;
	for (const struct cli_cmd *const *s = cmd->subcommands; s && *s && depth < CLI_MAX_DEPTH; s++) {
		path[depth] = (*s)->name;
		int d = find_path(*s, res, path, depth + 1);
		if (d) return d;
	}
	return 0;
}

const char *cli_res_path(const struct cli_ctx *ctx, const struct cli_resource *res, char *dst, size_t len)
{
	const char *path[CLI_MAX_DEPTH];
	size_t used = 0;
	int depth = find_path(ctx->path[0], res, path, 0);
	dst[0] = '\0';
	for (int i = 0; i < depth && used < len; i++) {
		int n = snprintf(dst + used, len - used, "%s%s", i ? " " : "", path[i]);
		if (n < 0) break;
		used += (size_t)n;
	}
	return dst;
}

const char *cli_res_metavar(const struct cli_resource *res)
{
	static struct upper {
		const char *name;
		char *metavar;
		struct upper *next;
	} * made;
	if (res->metavar || !res->cmd.name) return res->metavar;
	for (struct upper *u = made; u; u = u->next)
		if (u->name == res->cmd.name) return u->metavar;
	struct upper *u = malloc(sizeof(*u));
	char *mv = u ? strdup(res->cmd.name) : NULL;
	if (!mv) {
		free(u);
		return res->cmd.name; /* out of memory: its name as it is */
	}
	for (char *p = mv; *p; p++)
		if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
	*u = (struct upper){res->cmd.name, mv, made};
	made = u;
	return mv;
}

/* ---- flags derived from the request's descriptor ------------------------------------ */

/* The message a flag of verb v fills, when its field is on the object: the
 * object of a create/update request, else the request; *req: the request. */
static const ProtobufCMessageDescriptor *verb_messages(const struct cli_resource *res,
                                                       const struct cli_verb *v,
                                                       const ProtobufCMessageDescriptor **req)
{
	const ProtobufCMethodDescriptor *m =
	    v->method ? protobuf_c_service_descriptor_get_method_by_name(res->service, v->method) : NULL;
	*req = m ? m->input : NULL;
	const char *object =
	    m && (v->kind & (CLI_CREATE | CLI_UPDATE)) ? object_field(m->input, cli_res_item(res)) : NULL;
	if (!object) return *req;
	return protobuf_c_message_descriptor_get_field_by_name(m->input, object)->descriptor;
}

/* The descriptor of the dotted field path of d, or NULL. */
static const ProtobufCFieldDescriptor *field_of(const ProtobufCMessageDescriptor *d, const char *path)
{
	char name[64];
	for (const ProtobufCFieldDescriptor *fd; d;) {
		size_t len = strcspn(path, ".");
		if (len >= sizeof(name)) return NULL;
		memcpy(name, path, len);
		name[len] = '\0';
		if (!(fd = protobuf_c_message_descriptor_get_field_by_name(d, name)) || !path[len]) return fd;
		d = fd->type == PROTOBUF_C_TYPE_MESSAGE ? fd->descriptor : NULL;
		path += len + 1;
	}
	return NULL;
}

/* Whether stem ("arrangement_type") names message short name ("ArrangementType"):
 * equal but for case and '_'. */
static int stem_names(const char *stem, const char *name)
{
	for (;; stem++, name++) {
		if (*stem == '_') stem++;
		char a = *stem >= 'A' && *stem <= 'Z' ? *stem - 'A' + 'a' : *stem,
		     b = *name >= 'A' && *name <= 'Z' ? *name - 'A' + 'a' : *name;
		if (a != b) return 0;
		if (!a) return 1;
	}
}

/* The resource under cmd that stem names and that can be named by a key:
 * the object of that command name ("werkgebied"), or whose list rows are
 * the message of that name ("schoolbestuur": Schoolbestuur); the first in
 * the tree. */
static const struct cli_resource *res_named(const struct cli_cmd *cmd, const char *stem)
{
	const ProtobufCMessageDescriptor *item;
	if (cmd->resource && !cmd->verb && cmd->resource->keys[0] && cmd->resource->label &&
	    cli_res_list_method(cmd->resource) &&
	    (strcmp(cmd->name, stem) == 0 ||
	     ((item = cli_res_item(cmd->resource)) && stem_names(stem, item->short_name))))
		return cmd->resource;
	for (const struct cli_cmd *const *s = cmd->subcommands; s && *s; s++) {
		const struct cli_resource *r = res_named(*s, stem);
		if (r) return r;
	}
	return NULL;
}

/* What a field's name says of it (field_stem). */
enum { FIELD_PLAIN, FIELD_ID, FIELD_CENTS };

/* name: "x" of the field path "a.x_id" ("x_ids", "x_cents", "x"), as a
 * flag name (upper: as a metavar) into dst. Returns FIELD_ID for _id(s),
 * FIELD_CENTS for _cents (an amount), else FIELD_PLAIN. */
static int field_stem(const char *path, char *dst, size_t len, int flag, int upper)
{
	static const struct {
		const char *suffix;
		int kind;
	} ends[] = {{"_ids", FIELD_ID}, {"_id", FIELD_ID}, {"_cents", FIELD_CENTS}};
	const char *last = strrchr(path, '.');
	const char *p = last ? last + 1 : path;
	size_t n = strlen(p);
	int kind = FIELD_PLAIN;
	for (size_t k = 0; k < sizeof(ends) / sizeof(ends[0]) && !kind; k++) {
		size_t e = strlen(ends[k].suffix);
		if (n > e && strcmp(p + n - e, ends[k].suffix) == 0) n -= e, kind = ends[k].kind;
	}
	if (n >= len) n = len - 1;
	for (size_t i = 0; i < n; i++) {
		char c = p[i] == '_' && flag ? '-' : p[i];
		dst[i] = upper && c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
	}
	dst[n] = '\0';
	return kind;
}

/* The metavar the type of fd gives a flag (upper: its name upper-cased; NULL: a switch). */
static const char *type_metavar(const ProtobufCFieldDescriptor *fd, const char *upper)
{
	if (!fd) return upper;
	if (fd->type == PROTOBUF_C_TYPE_BOOL) return NULL;
	if (fd->type <= PROTOBUF_C_TYPE_FIXED64) return "N"; /* protobuf-c lists the integer types first */
	if (fd->type != PROTOBUF_C_TYPE_MESSAGE) return upper;
	if (fd->descriptor == &passend__v1__date__descriptor) return "YYYY-MM-DD";
	if (fd->descriptor == &passend__v1__month_day__descriptor) return "MM-DD";
	return fd->descriptor == &passend__v1__decimal__descriptor ? "DECIMAL" : upper;
}

/* Fill the members of derived row f that it leaves out; target: the
 * message its field is on. Returns 0 or -1 (out of memory). */
static int derive_flag(struct cli_flag *f, const ProtobufCMessageDescriptor *target)
{
	char name[64], stem[64], upper[64];
	int kind = field_stem(f->field, name, sizeof(name), 1, 0);
	(void)field_stem(f->field, stem, sizeof(stem), 0, 0);
	(void)field_stem(f->field, upper, sizeof(upper), 1, 1);
	if (!f->ref && kind == FIELD_ID) f->ref = res_named(&cli_root, stem);
	if (kind == FIELD_CENTS && !f->set) f->set = cli_set_euro; /* euros typed, cents sent */
	if (!(f->name = strdup(name))) return -1;
	if (!f->metavar) {
		const char *mv = f->ref                ? cli_res_metavar(f->ref)
		                 : kind == FIELD_CENTS ? "EURO"
		                                       : type_metavar(field_of(target, f->field), upper);
		if (mv && !(f->metavar = strdup(mv))) return -1;
	}
	return 0;
}

/* One column of a .cols text (cut out of a copy that stays allocated). */
static int parse_column(char *w, struct cli_column *c)
{
	char stem[64], *ref = strchr(w, '>'), *header = strchr(w, ':');
	size_t n;
	c->wide = *w == '+';
	c->field = w + c->wide;
	if (ref) *ref++ = '\0';
	if (header) *header++ = '\0';
	int raw = (n = strlen(c->field)) > 0 && c->field[n - 1] == '#';
	if (raw) w[c->wide + n - 1] = '\0';
	char upper[64];
	int kind = field_stem(c->field, stem, sizeof(stem), 0, 0);
	(void)field_stem(c->field, upper, sizeof(upper), 0, 1);
	c->header = header;
	if (ref || (kind == FIELD_ID && !raw)) c->ref = res_named(&cli_root, ref ? ref : stem);
	if (ref && !c->ref) return -1; /* no such object: test_cli_parse names it */
	int euro = !c->ref && kind == FIELD_CENTS;
	if (euro) c->text = cli_euro_cell;
	if (header || (!c->ref && !euro)) return 0;
	return (c->header = strdup(upper)) ? 0 : -1;
}

const struct cli_column *cli_res_own_columns(const struct cli_resource *res)
{
	static struct parsed {
		const char *src;
		struct cli_column *cols;
		struct parsed *next;
	} * made;
	if (res->columns || !res->cols) return res->columns;
	for (struct parsed *p = made; p; p = p->next)
		if (p->src == res->cols) return p->cols;
	size_t n = 1;
	for (const char *p = res->cols; *p; p++)
		n += *p == ' ';
	struct parsed *p = calloc(1, sizeof(*p));
	char *text = p ? strdup(res->cols) : NULL, *save = NULL;
	struct cli_column *cols = text ? calloc(n + 1, sizeof(*cols)) : NULL;
	if (!cols) {
		free(text);
		free(p);
		return NULL;
	}
	*p = (struct parsed){res->cols, cols, made};
	made = p;
	n = 0;
	for (char *w = strtok_r(text, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (parse_column(w, &cols[n]) == 0)
			n++;
		else
			cols[n] = (struct cli_column){0};
	return cols;
}

/* The flags of verb v: each row without a name derived from its field
 * (CLI_FIELD), and a paged list's --page-size and --limit after its own;
 * made once per flag table and message and kept for the run. */
static const struct cli_flag *verb_flags(const struct cli_resource *res, const struct cli_verb *v)
{
	static const struct cli_flag list_flags[] = {
	    {"page-size", "N", "rows per request, 1-1000 (default: the server's, 100)", .on = CLI_LIST},
	    {"limit", "N", "print at most N rows (default: all pages)", .on = CLI_LIST},
	};
	static struct derived {
		const struct cli_flag *src;
		const ProtobufCMessageDescriptor *obj, *req;
		struct cli_flag *flags;
		struct derived *next;
	} * made;
	const struct cli_flag *src = v->flags;
	const ProtobufCMessageDescriptor *req, *obj = verb_messages(res, v, &req);
	size_t n = 0, nderived = 0,
	       nlist =
	           v->kind == CLI_LIST && req && protobuf_c_message_descriptor_get_field_by_name(req, "page")
	               ? 2
	               : 0;
	for (; src && (src[n].name || src[n].field); n++)
		nderived += !src[n].name;
	if (!nderived && !nlist) return src;
	for (struct derived *d = made; d; d = d->next)
		if (d->src == src && d->obj == obj && d->req == req) return d->flags;
	struct derived *d = calloc(1, sizeof(*d));
	struct cli_flag *out = d ? calloc(n + nlist + 1, sizeof(*out)) : NULL;
	if (!out) {
		free(d);
		return src; /* out of memory: the named rows only */
	}
	*d = (struct derived){src, obj, req, out, made};
	made = d;
	for (size_t i = 0; i < n; i++) {
		out[i] = src[i];
		if (!src[i].name && derive_flag(&out[i], out[i].opts & CLI_F_REQUEST ? req : obj) < 0)
			out[i] = (struct cli_flag){.name = "", .help = "(out of memory)"};
	}
	for (size_t i = 0; i < nlist; i++)
		out[n + i] = list_flags[i];
	return out;
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
	tmp->flags = verb_flags(res, v);
	tmp->handler = v->handler ? v->handler : cli_verb_run;
	tmp->resource = res;
	tmp->verb = v;
	if (verb_arg(v)) {
		tmp->max_args = 1;
		tmp->usage = v->arg_metavar ? v->arg_metavar : cli_res_metavar(res);
	}
	return tmp;
}

const struct cli_cmd *cli_own_verb_cmd(const struct cli_cmd *cmd, struct cli_cmd *tmp)
{
	const struct cli_resource *res = cmd ? cmd->resource : NULL;
	if (!res || cmd->verb || cmd->subcommands || !res->verbs || !res->verbs[0].kind ||
	    res->verbs[1].kind || strcmp(res->verbs[0].name, cmd->name) != 0)
		return cmd;
	return cli_verb_cmd(res, 0, tmp);
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
	if (ctx->g.html && !(v->print && (v->html > 0 || (v->html == 0 && res->html))))
		return cli_usage_error(ctx,
		                       "--output html is for reports (passend rapport …, toezicht dashboard, "
		                       "jaarplan voortgang); use table, json or csv here");
	const char *object =
	    v->kind & (CLI_CREATE | CLI_UPDATE) ? object_field(m->input, cli_res_item(res)) : NULL;
	if ((rc = cli_form_init(&f, ctx, m->input, object))) goto out;
	if (arg) {
		const char *metavar = ctx->cmd->usage;
		struct cli_flag key = {.name = NULL, .metavar = metavar, .ref = v->literal_arg ? NULL : res};
		if (ctx->nargs != 1 || !ctx->args[0][0]) {
			char path[128];
			rc = v->literal_arg
			         ? cli_usage_error(ctx, "missing %s", metavar)
			         : cli_usage_error(ctx, "missing %s (%s; see 'passend %s list')", metavar,
			                           res->names, cli_res_path(ctx, res, path, sizeof(path)));
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
	    uuid_random(rid) == 0) {
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
	fprintf(fp, "  %-12s %s\n", cli_res_metavar(res), res->names);
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
	struct cli_column cols[CLI_MAX_COLUMNS];
	size_t ncols =
	    cmd->verb->kind == CLI_LIST ? cli_res_columns(cmd->resource, cols, CLI_MAX_COLUMNS) : 0;
	if (!ncols) return;
	fprintf(fp, "\nColumns:\n ");
	for (int wide = 0; wide < 2; wide++) {
		int n = 0;
		if (wide) fprintf(fp, "\n  --output wide adds:");
		for (const struct cli_column *c = cols; c < cols + ncols; c++) {
			if (c->wide != wide) continue;
			fprintf(fp, "%s ", n++ ? "," : "");
			for (const char *p = c->header ? c->header : c->field; *p; p++)
				fputc(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p, fp);
		}
	}
	fprintf(fp, "\n  --output json and csv print every field of the %s message.\n",
	        cli_res_item(cmd->resource)->short_name);
}

void cli_resource_examples(FILE *fp, const struct cli_resource *res)
{
	fprintf(fp, "\nExamples:\n");
	for (const struct cli_verb *v = res->verbs; v->kind; v++) {
		/* the first example: its first line and the lines it continues on */
		for (const char *p = v->examples; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			fprintf(fp, "%.*s\n", (int)len, p);
			if (len == 0 || p[len - 1] != '\\' || !nl) break;
			p = nl + 1;
		}
	}
}
