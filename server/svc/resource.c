/* resource: the handler of every RES_METHOD (resource.h): checks, binding
 * the statement's named parameters, one transaction (through the request
 * ledger for a mutating call with a request id, ledger.h), and the reply
 * filled from the rows by column name, all in one arena freed after the
 * reply. */
#include "resource.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "ledger.h"
#include "log.h"
#include "svc_db.h"
#include "svc_validate.h"

struct res_ctx {
	rpc_call *call;
	const res_method *m;
	const ProtobufCMessage *req;
	res_arena arena;
	char *const *mask; /* NULL: the method has no update mask */
	size_t nmask;
	int page_size; /* paged lists */
	int paged;
	int nvals;
	const char *names[RES_MAX_VALUES], *values[RES_MAX_VALUES];
	ledger lg;           /* the call's request ledger state */
	const pg_reply *rep; /* in done: the reply being answered */
};

#define ERRLEN 300

static void ctx_free(res_ctx *c)
{
	res_arena_free(&c->arena);
	free(c);
}

int res_fail(res_ctx *c, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	svc_vfail(c->call, code, fmt, ap);
	va_end(ap);
	return -1;
}

void res_internal(rpc_call *call, const char *why)
{
	char q[400];
	log_error("res.internal", "method=%s error=%s", rpc_call_method(call)->path,
	          log_quote(q, sizeof q, why));
	svc_fail(call, GRPC_STATUS_INTERNAL, "internal error: %s", why);
}

/* A bug in a resource description or its statement: logged, INTERNAL. */
static int internal(res_ctx *c, const char *why)
{
	res_internal(c->call, why);
	return -1;
}

rpc_call *res_call(const res_ctx *c)
{
	return c->call;
}

int res_creates(const res_ctx *c)
{
	return c->m->updatable == NULL;
}

int res_touches(const res_ctx *c, const char *field)
{
	return res_mask_has(c->mask, c->nmask, field);
}

/* 1 if name is in the NULL-terminated list (NULL: empty). */
static int listed(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0) return 1;
	return 0;
}

/* Set a parameter value, the kit's own (page_after, page_limit) or not. */
static int set_value(res_ctx *c, const char *name, const char *value)
{
	for (int i = 0; i < c->nvals; i++)
		if (strcmp(c->names[i], name) == 0) {
			c->nvals--;
			memmove(c->names + i, c->names + i + 1, (size_t)(c->nvals - i) * sizeof *c->names);
			memmove(c->values + i, c->values + i + 1, (size_t)(c->nvals - i) * sizeof *c->values);
			break;
		}
	if (c->nvals == RES_MAX_VALUES) return internal(c, "more than RES_MAX_VALUES parameter values");
	char *v = value ? res_strndup(&c->arena, value, strlen(value)) : NULL;
	if (value && !v) return res_fail(c, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	c->names[c->nvals] = name;
	c->values[c->nvals++] = v;
	return 0;
}

int res_set(res_ctx *c, const char *name, const char *value)
{
	if (!listed(c->m->sets, name)) return internal(c, "res_set of a parameter not in the method's .sets");
	return set_value(c, name, value);
}

int res_bind(rpc_call *call, res_arena *a, const ProtobufCMessage *req, const sql_query *q,
             const char *const *names, const char *const *values, int n, const char *params[RES_MAX_PARAMS])
{
	char err[ERRLEN];
	if (q->stmt.nparams > RES_MAX_PARAMS || (q->stmt.nparams && !q->params)) {
		res_internal(call, "the statement's parameters are not named");
		return -1;
	}
	for (int i = 0; i < q->stmt.nparams; i++) {
		const char *name = q->params[i];
		int k = 0;
		while (k < n && strcmp(names[k], name) != 0)
			k++;
		if (k < n) {
			params[i] = values[k];
			continue;
		}
		switch (res_param(a, req, name, &params[i], err, sizeof err)) {
		case 0:
			break;
		case -2:
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
			return -1;
		case -3:
			svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
			return -1;
		default:
			res_internal(call, err);
			return -1;
		}
	}
	return 0;
}

int res_check_uuid(res_ctx *c, const char *path, int optional)
{
	const char *v;
	char err[ERRLEN];
	if (res_param(&c->arena, c->req, path, &v, err, sizeof err) != 0) return internal(c, err);
	if ((optional && !v[0]) || svc_is_uuid(v)) return 0;
	return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s is not a UUID", path);
}

int res_check_range(res_ctx *c, const char *obj, const char *from_name, const Passend__V1__Date *from,
                    const char *to_name, const Passend__V1__Date *to)
{
	long f = res_date(from), t = res_date(to);
	if (f < 0 || t < 0)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s.%s/%s must be valid dates", obj,
		                from_name, to_name);
	if (f && t && t < f)
		return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s.%s must be on or after %s", obj, to_name,
		                from_name);
	return 0;
}

/* The field `name` of the request, or NULL. */
static const ProtobufCFieldDescriptor *req_field(const res_ctx *c, const char *name)
{
	return protobuf_c_message_descriptor_get_field_by_name(c->req->descriptor, name);
}

static const void *member(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	return (const char *)m + f->offset;
}

static const ProtobufCFieldDescriptor *items_field(const ProtobufCMessageDescriptor *d);

int res_check_report_period(res_ctx *c, const ProtobufCMessage *req)
{
	const ProtobufCFieldDescriptor *sj = req_field(c, "schooljaar"), *tr = req_field(c, "trimester");
	if (!sj || sj->type != PROTOBUF_C_TYPE_STRING || !tr || tr->type != PROTOBUF_C_TYPE_INT32)
		return internal(c, "a report request needs string schooljaar and int32 trimester");
	const char *err =
	    svc_report_period_error(*(char *const *)member(req, sj), *(const int32_t *)member(req, tr));
	return err ? res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err) : 0;
}

/* 1 if a paged list's key column is a number (its field in the row
 * message is an integer, e.g. an event id), 0 for a UUID. */
static int numeric_key(const res_method *m)
{
	const ProtobufCFieldDescriptor *items = items_field(m->rpc.resp_desc);
	const ProtobufCFieldDescriptor *f =
	    items ? protobuf_c_message_descriptor_get_field_by_name(items->descriptor, m->key ? m->key : "id")
	          : NULL;
	if (!f) return 0;
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SINT64:
		return 1;
	default:
		return 0;
	}
}

/* The kit's checks: required field, id, update mask, then the method's
 * own, then the page. Returns 0 or -1 (call finished). */
static int checks(res_ctx *c)
{
	const res_method *m = c->m;
	char err[ERRLEN];
	if (m->required) {
		const ProtobufCFieldDescriptor *f = req_field(c, m->required);
		if (!f) return internal(c, "res_method.required names no field");
		int set = f->type == PROTOBUF_C_TYPE_MESSAGE  ? *(void *const *)member(c->req, f) != NULL
		          : f->type == PROTOBUF_C_TYPE_STRING ? **(char *const *)member(c->req, f) != '\0'
		                                              : 1;
		if (!set) return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s is required", m->required);
	}
	if (m->id && res_check_uuid(c, m->id, 0) != 0) return -1;
	for (const char *const *p = m->ids; p && *p; p++)
		if (res_check_uuid(c, *p, 1) != 0) return -1;
	if (m->updatable) {
		const ProtobufCFieldDescriptor *f = req_field(c, "update_mask");
		if (!f || f->label != PROTOBUF_C_LABEL_REPEATED || f->type != PROTOBUF_C_TYPE_STRING)
			return internal(c, "an Update method's request needs repeated string update_mask");
		c->nmask = *(const size_t *)((const char *)c->req + f->quantifier_offset);
		c->mask = *(char *const *const *)member(c->req, f);
		if (res_mask_check(c->mask, c->nmask, m->updatable, err, sizeof err) != 0)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
	}
	if (m->check_obj) {
		const ProtobufCFieldDescriptor *f = m->required ? req_field(c, m->required) : NULL;
		if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE)
			return internal(c, "res_method.check_obj needs .required, a message field");
		if (m->check_obj(c, *(const ProtobufCMessage *const *)member(c->req, f)) != 0) return -1;
	}
	if (m->check && m->check(c, c->req) != 0) return -1;
	const ProtobufCFieldDescriptor *pf = m->kind == RES_LIST ? req_field(c, "page") : NULL;
	if (pf && pf->descriptor == &passend__v1__page_request__descriptor) {
		char after[SVC_PAGE_KEY_MAX + 1], limit[16];
		int kind = m->key && strcmp(m->key, "_key") == 0 ? SVC_KEY_TEXT
		           : numeric_key(m)                      ? SVC_KEY_NUMBER
		                                                 : SVC_KEY_UUID;
		if (res_page_parse(*(Passend__V1__PageRequest *const *)member(c->req, pf), kind,
		                   &c->page_size, after, sizeof after, err, sizeof err) != 0)
			return res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
		c->paged = 1;
		snprintf(limit, sizeof limit, "%d", c->page_size + 1); /* one more: is there a next page? */
		if (set_value(c, "page_after", after) != 0 || set_value(c, "page_limit", limit) != 0)
			return -1;
	}
	return 0;
}

/* The one repeated message field of a List response. */
static const ProtobufCFieldDescriptor *items_field(const ProtobufCMessageDescriptor *d)
{
	const ProtobufCFieldDescriptor *found = NULL;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->label != PROTOBUF_C_LABEL_REPEATED || f->type != PROTOBUF_C_TYPE_MESSAGE) continue;
		if (found) return NULL;
		found = f;
	}
	return found;
}

static void reply_list(res_ctx *c, const PGresult *res, int n)
{
	const ProtobufCMessageDescriptor *rd = c->m->rpc.resp_desc;
	const ProtobufCFieldDescriptor *items = items_field(rd);
	const ProtobufCFieldDescriptor *next =
	    protobuf_c_message_descriptor_get_field_by_name(rd, "next_page_token");
	char err[ERRLEN];
	if (!items || (c->paged && (!next || next->type != PROTOBUF_C_TYPE_STRING))) {
		internal(c,
		         "a List response needs one repeated message field (and next_page_token when paged)");
		return;
	}
	int more = c->paged && n > c->page_size;
	if (more) n = c->page_size;
	ProtobufCMessage *out = res_new_message(&c->arena, rd);
	ProtobufCMessage **rows = res_alloc(&c->arena, (size_t)n * sizeof *rows);
	if (!out || !rows) {
		res_fail(c, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	for (int i = 0; i < n; i++) {
		rows[i] = res_new_message(&c->arena, items->descriptor);
		if (!rows[i]) {
			res_fail(c, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
			return;
		}
		if (res_row_fill(&c->arena, res, i, rows[i], err, sizeof err) != 0) {
			internal(c, err);
			return;
		}
	}
	*(size_t *)((char *)out + items->quantifier_offset) = (size_t)n;
	*(ProtobufCMessage ***)((char *)out + items->offset) = rows;
	if (c->paged) {
		const char *keycol = c->m->key ? c->m->key : "id";
		int k = res_column(res, keycol);
		char *token = res_alloc(&c->arena, SVC_PAGE_TOKEN_MAX);
		if (k < 0 || !token) {
			k < 0 ? internal(c, "a paged List statement lacks its key column")
			      : res_fail(c, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
			return;
		}
		if (res_page_token(more, n ? PQgetvalue(res, n - 1, k) : NULL, token, SVC_PAGE_TOKEN_MAX) !=
		    0) {
			internal(c, "a page key is longer than SVC_PAGE_KEY_MAX");
			return;
		}
		*(char **)((char *)out + next->offset) = token;
	}
	ledger_reply(&c->lg, c->call, c->rep, out);
}

static void reply_one(res_ctx *c, const PGresult *res, int n)
{
	char err[ERRLEN];
	if (n == 0) {
		res_fail(c, GRPC_STATUS_NOT_FOUND, "%s", c->m->not_found ? c->m->not_found : "not found");
		return;
	}
	if (n > 1) {
		internal(c, "the statement of a single-object method returned several rows");
		return;
	}
	ProtobufCMessage *out = res_new_message(&c->arena, c->m->rpc.resp_desc);
	if (!out) {
		res_fail(c, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (res_row_fill(&c->arena, res, 0, out, err, sizeof err) != 0) {
		internal(c, err);
		return;
	}
	ledger_reply(&c->lg, c->call, c->rep, out);
}

/* The method's own answer to a failed statement (.db_errors), or NULL. */
static const res_db_error *db_error(const res_method *m, const pg_reply *rep)
{
	if (rep->status != PG_E_SQL || !rep->message) return NULL;
	for (const res_db_error *e = m->db_errors; e && e->sqlstate; e++)
		if (!strcmp(e->sqlstate, rep->sqlstate) && strstr(rep->message, e->match)) return e;
	return NULL;
}

static void done(void *arg, const pg_reply *rep)
{
	res_ctx *c = arg;
	c->rep = rep;
	if (rep->status != PG_OK) {
		if (ledger_repeat(&c->lg, c->call, rep)) { /* answered from the ledger */
			ctx_free(c);
			return;
		}
		const res_db_error *e = db_error(c->m, rep);
		if (e)
			res_fail(c, e->code, "%s", e->message);
		else
			svc_fail_db(c->call, rep);
		ctx_free(c);
		return;
	}
	/* _invalid: a statement refused the request by a rule on stored data */
	for (int k = 0; k < (c->m->then ? 2 : 1); k++) {
		const PGresult *r = svc_result(rep, k);
		int inv = r ? res_column(r, "_invalid") : -1;
		for (int i = 0; inv >= 0 && i < PQntuples(r); i++)
			if (!PQgetisnull(r, i, inv)) {
				res_fail(c, GRPC_STATUS_INVALID_ARGUMENT, "%s", PQgetvalue(r, i, inv));
				ctx_free(c);
				return;
			}
	}
	const PGresult *res = svc_result(rep, c->m->then ? 1 : 0);
	int n = res ? PQntuples(res) : 0;
	if (c->m->kind == RES_LIST)
		reply_list(c, res, n);
	else
		reply_one(c, res, n);
	ctx_free(c);
}

void res_handle(rpc_call *call, const ProtobufCMessage *req)
{
	const res_method *m = (const res_method *)rpc_call_method(call); /* rpc is its first member */
	res_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	c->call = call;
	c->m = m;
	c->req = req;
	const char *params[RES_MAX_PARAMS], *then_params[RES_MAX_PARAMS];
	if (checks(c) != 0 ||
	    res_bind(call, &c->arena, req, m->q, c->names, c->values, c->nvals, params) != 0 ||
	    (m->then &&
	     res_bind(call, &c->arena, req, m->then, c->names, c->values, c->nvals, then_params) != 0))
		goto fail;
	pg_req *r = svc_req(call, done, c);
	if (!r) goto fail;
	if (ledger_begin(&c->lg, call, req, r) != 0) { /* finished */
		pg_req_free(r);
		goto fail;
	}
	if (pg_req_add(r, &m->q->stmt, params) != 0 ||
	    (m->then && pg_req_add(r, &m->then->stmt, then_params) != 0)) {
		pg_req_free(r);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	/* an audited call's row names what the statement published in
	 * passend.audit_ids (audit.h); a list that published nothing: none */
	if ((m->kind == RES_LIST ? svc_submit_audited(call, r, "{}") : svc_submit(call, r)) != 0)
		goto fail; /* finished; done is never called */
	return;
fail:
	ctx_free(c);
}
