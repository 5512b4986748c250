/* cli_form: a request built from the command line through the flag tables.
 * Each flag names a field (dotted path); its value is converted by the
 * field's type as the descriptor says — string, enum by name, integer in a
 * range, bool, Date, MonthDay, Timestamp (date, date-time or span), repeated
 * fields from comma lists — and strings that name another object are kept
 * as keys until cli_form_finish resolves them. Everything is malloc'd, so
 * protobuf_c_message_free_unpacked frees the request. Only syntax is
 * checked here; every domain rule is the server's.
 */
#include "uuid.h"
#include "cli_resource.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

ProtobufCMessage *cli_msg_new(const ProtobufCMessageDescriptor *d)
{
	ProtobufCMessage *m = malloc(d->sizeof_message);
	if (m) d->message_init(m);
	return m;
}

static void **slot_of(ProtobufCMessage *m, const ProtobufCFieldDescriptor *fd)
{
	return (void **)((char *)m + fd->offset);
}

static size_t *count_of(ProtobufCMessage *m, const ProtobufCFieldDescriptor *fd)
{
	return (size_t *)((char *)m + fd->quantifier_offset);
}

const ProtobufCFieldDescriptor *cli_msg_field(ProtobufCMessage *m, const char *path, int create,
                                              ProtobufCMessage **owner)
{
	*owner = NULL;
	for (;;) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		char name[64];
		if (len == 0 || len >= sizeof(name)) return NULL;
		memcpy(name, path, len);
		name[len] = '\0';
		const ProtobufCFieldDescriptor *fd =
		    protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
		if (!fd) return NULL;
		if (!dot) {
			*owner = m;
			return fd;
		}
		if (fd->type != PROTOBUF_C_TYPE_MESSAGE || fd->label == PROTOBUF_C_LABEL_REPEATED)
			return NULL;
		ProtobufCMessage **sub = (ProtobufCMessage **)slot_of(m, fd);
		if (!*sub && (!create || !(*sub = cli_msg_new(fd->descriptor)))) return NULL;
		m = *sub;
		path = dot + 1;
	}
}

char *const *cli_msg_strings(const ProtobufCMessage *m, const char *path, size_t *n)
{
	ProtobufCMessage *owner;
	const ProtobufCFieldDescriptor *fd = cli_msg_field((ProtobufCMessage *)m, path, 0, &owner);
	*n = 0;
	if (!fd || !owner || fd->type != PROTOBUF_C_TYPE_STRING) return NULL;
	if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
		*n = *count_of(owner, fd);
		return *(char *const **)slot_of(owner, fd);
	}
	char *const *s = (char *const *)slot_of(owner, fd);
	*n = *s && **s ? 1 : 0;
	return s;
}

int cli_form_init(struct cli_form *f, struct cli_ctx *ctx, const ProtobufCMessageDescriptor *desc,
                  const char *object)
{
	memset(f, 0, sizeof(*f));
	f->ctx = ctx;
	f->kind = cli_cmd_kind(ctx->cmd);
	if (!(f->req = cli_msg_new(desc))) return cli_oom(ctx);
	f->obj = f->req;
	if (object) {
		ProtobufCMessage *owner;
		const ProtobufCFieldDescriptor *fd = cli_msg_field(f->req, object, 1, &owner);
		if (!fd || fd->type != PROTOBUF_C_TYPE_MESSAGE || fd->label == PROTOBUF_C_LABEL_REPEATED) {
			fprintf(ctx->err, "error: %s has no object field %s\n", desc->name, object);
			return CLI_EXIT_SERVER;
		}
		ProtobufCMessage **sub = (ProtobufCMessage **)slot_of(owner, fd);
		if (!*sub && !(*sub = cli_msg_new(fd->descriptor))) return cli_oom(ctx);
		f->obj = *sub;
	}
	return 0;
}

void cli_form_free(struct cli_form *f)
{
	if (f->req) protobuf_c_message_free_unpacked(f->req, NULL);
	f->req = f->obj = NULL;
}

/* ---- one value ------------------------------------------------------------------- */

static int is_message(const ProtobufCFieldDescriptor *fd, const char *full_name)
{
	return fd->type == PROTOBUF_C_TYPE_MESSAGE &&
	       strcmp(((const ProtobufCMessageDescriptor *)fd->descriptor)->name, full_name) == 0;
}

/* Name of a flag for messages: "--name", or the metavar of the argument. */
static const char *flag_name(const struct cli_flag *fl, char *dst, size_t len)
{
	if (!fl || !fl->name) return "argument";
	snprintf(dst, len, "--%s", fl->name);
	return dst;
}

/* Where value number i of fd lives; grows a repeated field by one first
 * (i is then the new element). Returns the slot or NULL (out of memory). */
static void *value_slot(ProtobufCMessage *m, const ProtobufCFieldDescriptor *fd, size_t *index)
{
	static const size_t sizes[] = {
	    [PROTOBUF_C_TYPE_INT32] = 4,
	    [PROTOBUF_C_TYPE_SINT32] = 4,
	    [PROTOBUF_C_TYPE_SFIXED32] = 4,
	    [PROTOBUF_C_TYPE_INT64] = 8,
	    [PROTOBUF_C_TYPE_SINT64] = 8,
	    [PROTOBUF_C_TYPE_SFIXED64] = 8,
	    [PROTOBUF_C_TYPE_UINT32] = 4,
	    [PROTOBUF_C_TYPE_FIXED32] = 4,
	    [PROTOBUF_C_TYPE_UINT64] = 8,
	    [PROTOBUF_C_TYPE_FIXED64] = 8,
	    [PROTOBUF_C_TYPE_FLOAT] = sizeof(float),
	    [PROTOBUF_C_TYPE_DOUBLE] = sizeof(double),
	    [PROTOBUF_C_TYPE_BOOL] = sizeof(protobuf_c_boolean),
	    [PROTOBUF_C_TYPE_ENUM] = sizeof(int),
	    [PROTOBUF_C_TYPE_STRING] = sizeof(char *),
	    [PROTOBUF_C_TYPE_BYTES] = sizeof(ProtobufCBinaryData),
	    [PROTOBUF_C_TYPE_MESSAGE] = sizeof(ProtobufCMessage *),
	};
	*index = 0;
	if (fd->label != PROTOBUF_C_LABEL_REPEATED) return slot_of(m, fd);
	size_t n = *count_of(m, fd), size = sizes[fd->type];
	char *arr = realloc(*slot_of(m, fd), (n + 1) * size);
	if (!arr) return NULL;
	memset(arr + n * size, 0, size);
	*slot_of(m, fd) = arr;
	*count_of(m, fd) = n + 1;
	*index = n;
	return arr + n * size;
}

/* Free what a singular slot holds before it is set again ("the last flag
 * given wins"). */
static void clear_singular(const ProtobufCFieldDescriptor *fd, void *slot)
{
	if (fd->label == PROTOBUF_C_LABEL_REPEATED) return;
	if (fd->type == PROTOBUF_C_TYPE_STRING) {
		char **s = slot;
		if (*s && *s != (const char *)fd->default_value) free(*s);
		*s = NULL;
	} else if (fd->type == PROTOBUF_C_TYPE_MESSAGE) {
		ProtobufCMessage **sub = slot;
		if (*sub) protobuf_c_message_free_unpacked(*sub, NULL);
		*sub = NULL;
	}
}

/* Empty a repeated field (or unset a singular message or string). */
static void clear_field(ProtobufCMessage *m, const ProtobufCFieldDescriptor *fd)
{
	if (fd->label != PROTOBUF_C_LABEL_REPEATED) {
		clear_singular(fd, slot_of(m, fd));
		if (fd->type == PROTOBUF_C_TYPE_STRING) *(const char **)slot_of(m, fd) = fd->default_value;
		return;
	}
	size_t n = *count_of(m, fd);
	void *arr = *slot_of(m, fd);
	for (size_t i = 0; i < n; i++) {
		if (fd->type == PROTOBUF_C_TYPE_STRING) free(((char **)arr)[i]);
		if (fd->type == PROTOBUF_C_TYPE_MESSAGE)
			protobuf_c_message_free_unpacked(((ProtobufCMessage **)arr)[i], NULL);
	}
	free(arr);
	*slot_of(m, fd) = NULL;
	*count_of(m, fd) = 0;
}

static int int_range(const ProtobufCFieldDescriptor *fd, const struct cli_flag *fl, int64_t *min,
                     int64_t *max)
{
	switch (fd->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		*min = INT32_MIN;
		*max = INT32_MAX;
		break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		*min = 0;
		*max = UINT32_MAX;
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		*min = INT64_MIN;
		*max = INT64_MAX;
		break;
	default:
		return -1;
	}
	if (fl && (fl->min || fl->max)) {
		*min = fl->min;
		*max = fl->max;
	}
	return 0;
}

static int set_int(struct cli_form *f, const ProtobufCFieldDescriptor *fd, void *slot, const char *v,
                   const struct cli_flag *fl, const char *name)
{
	int64_t min, max;
	char *end;
	if (int_range(fd, fl, &min, &max) < 0) {
		fprintf(f->ctx->err, "error: %s: no conversion into field %s\n", name, fd->name);
		return CLI_EXIT_USAGE;
	}
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max)
		return cli_usage_error(f->ctx, "%s must be a whole number from %lld to %lld, not '%s'", name,
		                       (long long)min, (long long)max, v);
	if (fd->type == PROTOBUF_C_TYPE_INT64 || fd->type == PROTOBUF_C_TYPE_SINT64 ||
	    fd->type == PROTOBUF_C_TYPE_SFIXED64)
		*(int64_t *)slot = n;
	else if (fd->type == PROTOBUF_C_TYPE_UINT32 || fd->type == PROTOBUF_C_TYPE_FIXED32)
		*(uint32_t *)slot = (uint32_t)n;
	else
		*(int32_t *)slot = (int32_t)n;
	return 0;
}

static int set_message(struct cli_form *f, const ProtobufCFieldDescriptor *fd, void *slot, const char *v,
                       const struct cli_flag *fl, const char *name)
{
	ProtobufCMessage *sub = cli_msg_new(fd->descriptor);
	int64_t secs;
	if (!sub) return cli_oom(f->ctx);
	*(ProtobufCMessage **)slot = sub;
	if (is_message(fd, "passend.v1.Date")) {
		if (cli_parse_date(v, (Passend__V1__Date *)sub) == 0) return 0;
		return cli_usage_error(f->ctx, "%s must be a date YYYY-MM-DD (like 2024-01-01), not '%s'",
		                       name, v);
	}
	if (is_message(fd, "passend.v1.MonthDay")) {
		if (cli_parse_month_day(v, (Passend__V1__MonthDay *)sub) == 0) return 0;
		return cli_usage_error(f->ctx, "%s must be a day of the year MM-DD (like 08-01), not '%s'",
		                       name, v);
	}
	if (is_message(fd, "passend.v1.Timestamp")) {
		int past = fl && (fl->opts & CLI_F_PAST);
		if (cli_parse_instant(v, (int64_t)time(NULL), past ? -1 : 1, &secs) == 0) {
			((Passend__V1__Timestamp *)sub)->seconds = secs;
			return 0;
		}
		return cli_usage_error(f->ctx,
		                       "%s must be a date (2027-01-01), a date and time (2027-01-01T09:00, "
		                       "optionally with Z or +01:00) or a span %s (30d, 12h, 2w), not '%s'",
		                       name, past ? "back from now" : "from now", v);
	}
	fprintf(f->ctx->err, "error: %s: no conversion into a %s\n", name,
	        ((const ProtobufCMessageDescriptor *)fd->descriptor)->name);
	return CLI_EXIT_USAGE;
}

/* Convert value v into one value of field fd of m. */
static int set_value(struct cli_form *f, ProtobufCMessage *m, const ProtobufCFieldDescriptor *fd,
                     const char *v, const struct cli_flag *fl)
{
	char nb[64], choices[256];
	const char *name = flag_name(fl, nb, sizeof(nb));
	size_t index;
	int e;

	if (fl && (fl->opts & CLI_F_CLEAR)) {
		if (strcmp(v, "true") == 0) clear_field(m, fd);
		return 0;
	}
	if (fl && fl->choices && fd->type != PROTOBUF_C_TYPE_BOOL && !cli_choice_ok(fl->choices, v)) {
		size_t k = 0;
		for (const char *p = fl->choices; *p && k + 3 < sizeof(choices); p++) {
			if (*p == '|') {
				choices[k++] = ',';
				choices[k++] = ' ';
			} else {
				choices[k++] = *p;
			}
		}
		choices[k] = '\0';
		return cli_usage_error(f->ctx, "%s must be one of %s, not '%s'", name, choices, v);
	}
	if (fd->type == PROTOBUF_C_TYPE_ENUM && cli_enum_parse(fd->descriptor, v, &e) < 0) {
		if (cli_enum_choices(fd->descriptor, ", ", choices, sizeof(choices)) < 0) choices[0] = '\0';
		return cli_usage_error(f->ctx, "%s must be one of %s, not '%s'", name, choices, v);
	}
	if (fd->label != PROTOBUF_C_LABEL_REPEATED) clear_singular(fd, slot_of(m, fd));
	void *slot = value_slot(m, fd, &index);
	if (!slot) return cli_oom(f->ctx);
	switch (fd->type) {
	case PROTOBUF_C_TYPE_STRING:
		if (!(*(char **)slot = strdup(v))) return cli_oom(f->ctx);
		if (fl && fl->ref) {
			if (f->nrefs == CLI_FORM_MAX_REFS)
				return cli_usage_error(f->ctx, "too many names to look up");
			f->refs[f->nrefs].msg = m;
			f->refs[f->nrefs].field = fd;
			f->refs[f->nrefs].index = index;
			f->refs[f->nrefs].res = fl->ref;
			f->nrefs++;
		}
		return 0;
	case PROTOBUF_C_TYPE_ENUM:
		*(int *)slot = e;
		return 0;
	case PROTOBUF_C_TYPE_BOOL: {
		int b = strcmp(v, "true") == 0;
		if (!b && strcmp(v, "false") != 0)
			return cli_usage_error(f->ctx, "%s must be true or false, not '%s'", name, v);
		*(protobuf_c_boolean *)slot = fl && (fl->opts & CLI_F_INVERT) ? !b : b;
		return 0;
	}
	case PROTOBUF_C_TYPE_MESSAGE:
		return set_message(f, fd, slot, v, fl, name);
	default:
		return set_int(f, fd, slot, v, fl, name);
	}
}

int cli_form_set(struct cli_form *f, ProtobufCMessage *m, const char *path, const char *value,
                 const struct cli_flag *flag)
{
	ProtobufCMessage *owner;
	const ProtobufCFieldDescriptor *fd = cli_msg_field(m ? m : f->req, path, 1, &owner);
	char nb[64];
	int rc = 0;

	if (!fd) {
		fprintf(f->ctx->err, "error: %s: %s has no field %s\n", flag_name(flag, nb, sizeof(nb)),
		        (m ? m : f->req)->descriptor->name, path);
		return CLI_EXIT_USAGE;
	}
	/* A repeated field takes a comma-separated list (unless the flag empties it). */
	if (fd->label == PROTOBUF_C_LABEL_REPEATED && !(flag && (flag->opts & CLI_F_CLEAR))) {
		char **items;
		size_t n;
		if (cli_split_list(value, &items, &n) < 0)
			return cli_usage_error(f->ctx, "%s must be a comma-separated list, not '%s'",
			                       flag_name(flag, nb, sizeof(nb)), value);
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = set_value(f, owner, fd, items[i], flag);
		cli_list_free(items, n);
		return rc;
	}
	return set_value(f, owner, fd, value, flag);
}

int cli_form_add(struct cli_form *f, ProtobufCMessage *m, const char *path, ProtobufCMessage **el)
{
	ProtobufCMessage *owner;
	const ProtobufCFieldDescriptor *fd = cli_msg_field(m ? m : f->req, path, 1, &owner);
	size_t index;
	*el = NULL;
	if (!fd || fd->type != PROTOBUF_C_TYPE_MESSAGE || fd->label != PROTOBUF_C_LABEL_REPEATED) {
		fprintf(f->ctx->err, "error: %s has no repeated message %s\n",
		        (m ? m : f->req)->descriptor->name, path);
		return CLI_EXIT_USAGE;
	}
	ProtobufCMessage **slot = value_slot(owner, fd, &index);
	if (!slot || !(*slot = cli_msg_new(fd->descriptor))) {
		if (slot) *count_of(owner, fd) -= 1;
		return cli_oom(f->ctx);
	}
	*el = *slot;
	return 0;
}

/* ---- the whole command line -------------------------------------------------------- */

/* Set the fields of flag fl from value (one occurrence). */
static int read_one(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	if (fl->set) return fl->set(f, fl, value);
	ProtobufCMessage *target =
	    (f->kind & (CLI_CREATE | CLI_UPDATE)) && !(fl->opts & CLI_F_REQUEST) ? f->obj : f->req;
	const char *p = fl->field;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char path[128];
		if (len >= sizeof(path)) return cli_usage_error(f->ctx, "field path too long");
		memcpy(path, p, len);
		path[len] = '\0';
		int rc = cli_form_set(f, target, path, value, fl);
		if (rc) return rc;
		p = comma ? comma + 1 : p + len;
	}
	return 0;
}

/* Whether a flag that sets the same fields as fl was given. */
static const struct cli_flag *given_like(const struct cli_ctx *ctx, const struct cli_flag *fl)
{
	for (int i = 0; i < ctx->nset; i++) {
		const struct cli_flag *g = ctx->set[i].flag;
		if (cli_flag_same_field(g, fl)) return g;
	}
	return NULL;
}

/* Required flags: a usage error naming the missing one (or the choice). */
static int check_required(struct cli_form *f)
{
	const struct cli_cmd *cmd = f->ctx->cmd;
	for (const struct cli_flag *fl = cmd->flags; fl && fl->name; fl++) {
		if (!(fl->required & f->kind) || !cli_flag_applies(fl, cmd) || given_like(f->ctx, fl))
			continue;
		char alt[256];
		size_t n = 0, len = 0;
		alt[0] = '\0';
		for (const struct cli_flag *o = cmd->flags; o->name; o++) {
			if (!(o->required & f->kind) || !cli_flag_applies(o, cmd) ||
			    !cli_flag_same_field(o, fl))
				continue;
			int k = snprintf(alt + len, sizeof(alt) - len, "%s--%s", n ? " or " : "", o->name);
			if (k > 0 && (size_t)k < sizeof(alt) - len) len += (size_t)k;
			n++;
		}
		if (n > 1) return cli_usage_error(f->ctx, "give one of %s", alt);
		return cli_usage_error(f->ctx, "--%s is required", fl->name);
	}
	return 0;
}

/* Two different flags given for the same field exclude each other. */
static int check_exclusive(struct cli_form *f)
{
	const struct cli_ctx *ctx = f->ctx;
	for (int i = 0; i < ctx->nset; i++)
		for (int j = i + 1; j < ctx->nset; j++) {
			const struct cli_flag *a = ctx->set[i].flag, *b = ctx->set[j].flag;
			if (a != b && cli_flag_same_field(a, b))
				return cli_usage_error(f->ctx, "--%s and --%s exclude each other", a->name,
				                       b->name);
		}
	return 0;
}

/* Defaults for fields no flag was given for (not on update). */
static int apply_defaults(struct cli_form *f)
{
	const struct cli_cmd *cmd = f->ctx->cmd;
	if (f->kind == CLI_UPDATE) return 0;
	for (const struct cli_flag *fl = cmd->flags; fl && fl->name; fl++) {
		if (!fl->def || !cli_flag_applies(fl, cmd) || given_like(f->ctx, fl)) continue;
		int earlier = 0;
		for (const struct cli_flag *o = cmd->flags; o != fl; o++)
			earlier |= o->def && cli_flag_applies(o, cmd) && cli_flag_same_field(o, fl);
		if (earlier) continue;
		int rc = read_one(f, fl, fl->def);
		if (rc) return rc;
	}
	return 0;
}

int cli_form_mask(struct cli_form *f, const char *field)
{
	size_t used = 0, len = strlen(field);
	for (size_t i = 0; i < f->nmask; i++) {
		if (strcmp(f->mask[i], field) == 0) return 0;
		used += strlen(f->mask[i]) + 1;
	}
	if (f->nmask == CLI_FORM_MAX_MASK || used + len + 1 > sizeof(f->mask_store))
		return cli_usage_error(f->ctx, "too many fields to update");
	memcpy(f->mask_store + used, field, len + 1);
	f->mask[f->nmask++] = f->mask_store + used;
	return 0;
}

/* Update: the mask names the object fields of the flags given, in the
 * order of the flag table (cli_update_mask), each once. */
static int collect_mask(struct cli_form *f)
{
	struct cli_mask_field map[64];
	char store[1024];
	const char *given[CLI_MAX_SET], *mask[CLI_FORM_MAX_MASK];
	size_t nmap = 0, used = 0, ngiven = 0;

	for (const struct cli_flag *fl = f->ctx->cmd->flags; fl && fl->name; fl++) {
		if (!fl->field || (fl->opts & CLI_F_REQUEST) || !cli_flag_applies(fl, f->ctx->cmd)) continue;
		for (const char *p = fl->field; *p;) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			if (nmap + 1 >= sizeof(map) / sizeof(map[0]) || used + len + 1 > sizeof(store))
				return cli_usage_error(f->ctx, "too many fields to update");
			memcpy(store + used, p, len);
			store[used + len] = '\0';
			map[nmap].flag = fl->name;
			map[nmap++].field = store + used;
			used += len + 1;
			p = comma ? comma + 1 : p + len;
		}
	}
	map[nmap].flag = map[nmap].field = NULL;
	for (int i = 0; i < f->ctx->nset; i++)
		given[ngiven++] = f->ctx->set[i].flag->name;
	size_t n = cli_update_mask(map, given, ngiven, mask, CLI_FORM_MAX_MASK);
	for (size_t i = 0; i < n; i++) {
		int rc = cli_form_mask(f, mask[i]);
		if (rc) return rc;
	}
	return 0;
}

int cli_form_read(struct cli_form *f)
{
	const struct cli_ctx *ctx = f->ctx;
	int rc;
	for (int i = 0; i < ctx->nset; i++) {
		const struct cli_flag *fl = ctx->set[i].flag;
		if (!fl->field && !fl->set) continue;
		if ((rc = read_one(f, fl, ctx->set[i].value))) return rc;
	}
	if ((rc = check_exclusive(f)) || (rc = check_required(f)) || (rc = apply_defaults(f))) return rc;
	return f->kind == CLI_UPDATE ? collect_mask(f) : 0;
}

void cli_form_drop(struct cli_form *f, ProtobufCMessage *m, const char *path)
{
	ProtobufCMessage *owner;
	const ProtobufCFieldDescriptor *fd = cli_msg_field(m ? m : f->req, path, 0, &owner);
	if (!fd || !owner) return;
	void *gone = fd->type == PROTOBUF_C_TYPE_MESSAGE && fd->label != PROTOBUF_C_LABEL_REPEATED
	                 ? *slot_of(owner, fd)
	                 : NULL;
	size_t k = 0;
	for (size_t i = 0; i < f->nrefs; i++)
		if (!((f->refs[i].msg == owner && f->refs[i].field == fd) ||
		      (gone && f->refs[i].msg == gone)))
			f->refs[k++] = f->refs[i];
	f->nrefs = k;
	clear_field(owner, fd);
}

int cli_form_finish(struct cli_form *f)
{
	for (size_t i = 0; i < f->nrefs; i++) {
		const ProtobufCFieldDescriptor *fd = f->refs[i].field;
		char **slot = (char **)slot_of(f->refs[i].msg, fd), *id;
		if (fd->label == PROTOBUF_C_LABEL_REPEATED) slot = &(*(char ***)slot)[f->refs[i].index];
		if (!*slot || !**slot || uuid_is_valid(*slot)) continue;
		int rc = cli_resolve(f->ctx, f->refs[i].res, *slot, &id);
		if (rc) return rc;
		free(*slot);
		*slot = id;
	}
	f->nrefs = 0;
	if (f->nmask) {
		ProtobufCMessage *owner;
		const ProtobufCFieldDescriptor *fd = cli_msg_field(f->req, "update_mask", 1, &owner);
		if (!fd || fd->type != PROTOBUF_C_TYPE_STRING || fd->label != PROTOBUF_C_LABEL_REPEATED) {
			fprintf(f->ctx->err, "error: %s has no update_mask\n", f->req->descriptor->name);
			return CLI_EXIT_SERVER;
		}
		clear_field(owner, fd);
		for (size_t i = 0; i < f->nmask; i++) {
			int rc = set_value(f, owner, fd, f->mask[i], NULL);
			if (rc) return rc;
		}
	}
	return 0;
}

int cli_form_set_euro(struct cli_form *f, ProtobufCMessage *m, const char *flag, const char *path,
                      const char *value)
{
	int64_t cents;
	char text[32];
	if (cli_parse_euro(value, &cents) != 0)
		return cli_usage_error(f->ctx, "--%s must be an amount in euros like 1.234,56, not '%s'",
		                       flag, value);
	snprintf(text, sizeof text, "%lld", (long long)cents);
	return cli_form_set(f, m, path, text, NULL);
}

int cli_set_euro(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	return cli_form_set_euro(f, (f->kind & (CLI_CREATE | CLI_UPDATE)) ? f->obj : f->req, fl->name,
	                         fl->field, value);
}

int cli_form_add_pair(struct cli_form *f, ProtobufCMessage *m, const struct cli_flag *fl, const char *value,
                      char sep, const char *path, const char *first, const char *second)
{
	const char *at = strrchr(value, sep);
	char head[256];
	ProtobufCMessage *el;
	int rc;
	if (!at || at == value || !at[1] || (size_t)(at - value) >= sizeof(head))
		return cli_usage_error(f->ctx, "--%s must be %s, not '%s'", fl->name, fl->metavar, value);
	memcpy(head, value, (size_t)(at - value));
	head[at - value] = '\0';
	if ((rc = cli_form_add(f, m, path, &el)) || (rc = cli_form_set(f, el, first, head, NULL))) return rc;
	return cli_form_set(f, el, second, at + 1, NULL);
}

int cli_set_schooljaar(struct cli_form *f, const struct cli_flag *fl, const char *value)
{
	if (cli_parse_schooljaar(value) != 0)
		return cli_usage_error(f->ctx, "--%s must be like 2016-2017, not '%s'", fl->name, value);
	return cli_form_set(f, (f->kind & (CLI_CREATE | CLI_UPDATE)) ? f->obj : f->req, fl->field, value,
	                    NULL);
}
