/* audit: success rows in the work's transaction, failure rows in their own
 * (see audit.h); both through the one audit statement, server/sql/audit.sql.
 * A failure row names the ids the request named. */
#include "audit.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "log.h"
#include "sql_audit.h"
#include "uuid.h"
#include "worker.h"

/* A failure row names at most this many of the request's ids. */
#define AUDIT_MAX_REQUEST_IDS 64

static const rpc_method *const no_methods[] = {NULL};
const service audit_service = {"audit", no_methods, sql_audit_stmts};

int audit_wanted(const rpc_call *call)
{
	const auth_principal *p = rpc_call_principal(call);
	const rpc_method *m = rpc_call_method(call);
	if (!p || !m) return 0;
	return m->pupil_level || (m->audit_roles & p->role) != 0;
}

/* Add the audit row with this outcome to r. */
static int add_row(pg_req *r, rpc_call *call, const char *object_ids, int outcome)
{
	char text[16];
	snprintf(text, sizeof text, "%d", outcome);
	const char *params[4] = {rpc_call_method(call)->path, object_ids, text, rpc_call_peer(call)};
	return pg_req_add(r, &sql_audit_row.stmt, params);
}

int audit_add(pg_req *r, rpc_call *call, const char *object_ids)
{
	return add_row(r, call, object_ids, 0);
}

static void failure_done(void *arg, const pg_reply *rep)
{
	(void)arg;
	if (rep->status != PG_OK)
		log_warn("audit.failed", "sqlstate=%s error=\"%s\"", rep->sqlstate, rep->message);
}

/* A text[] literal of the ids a request names, built by request_ids. */
typedef struct id_list {
	char text[AUDIT_MAX_REQUEST_IDS * (UUID_LEN + 1) + 3];
	size_t len;
	int n;
} id_list;

static void id_add(id_list *l, const char *v)
{
	if (!v || !uuid_is_valid(v) || l->n >= AUDIT_MAX_REQUEST_IDS || strstr(l->text, v)) return;
	l->len += (size_t)snprintf(l->text + l->len, sizeof l->text - l->len, "%s%s", l->n ? "," : "", v);
	l->n++;
}

/* An id field: a string named "id" or "..._id", a repeated one "..._ids";
 * not the client's own keys (request_id, external_id), which are no object
 * of the service. */
static int is_id_field(const ProtobufCFieldDescriptor *f)
{
	size_t n = strlen(f->name);
	int many = f->label == PROTOBUF_C_LABEL_REPEATED;
	const char *suffix = many ? "_ids" : "_id";
	if (f->type != PROTOBUF_C_TYPE_STRING) return 0;
	if (!many && !strcmp(f->name, "id")) return 1;
	if (!strcmp(f->name, "request_id") || !strcmp(f->name, "external_id")) return 0;
	return n > strlen(suffix) && !strcmp(f->name + n - strlen(suffix), suffix);
}

/* Collect the UUIDs in m's id fields, and in its messages' (a few levels
 * deep: UpdateSchoolRequest.school.id). */
static void request_ids(const ProtobufCMessage *m, int depth, id_list *l)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *p = (const char *)m + f->offset;
		size_t count = 1;
		if (f->label == PROTOBUF_C_LABEL_REPEATED)
			count = *(const size_t *)((const char *)m + f->quantifier_offset);
		else if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		         *(const uint32_t *)((const char *)m + f->quantifier_offset) != f->id)
			continue; /* another member of the oneof holds the storage */
		if (f->type == PROTOBUF_C_TYPE_MESSAGE && depth < 3) {
			ProtobufCMessage *const *v = f->label == PROTOBUF_C_LABEL_REPEATED
			                                 ? *(ProtobufCMessage *const *const *)p
			                                 : (ProtobufCMessage *const *)p;
			for (size_t k = 0; k < count && v; k++)
				if (v[k]) request_ids(v[k], depth + 1, l);
		} else if (is_id_field(f)) {
			char *const *v = f->label == PROTOBUF_C_LABEL_REPEATED ? *(char *const *const *)p
			                                                       : (char *const *)p;
			for (size_t k = 0; k < count && v; k++)
				id_add(l, v[k]);
		}
	}
}

void audit_failure(rpc_call *call, int code)
{
	const auth_principal *p = rpc_call_principal(call);
	if (!p) return;
	const ProtobufCMessage *req = rpc_call_request(call);
	id_list ids = {.text = "{", .len = 1};
	if (req) request_ids(req, 0, &ids);
	ids.text[ids.len++] = '}';
	ids.text[ids.len] = '\0';
	pg_req *r = pg_req_new(failure_done, NULL);
	if (!r) {
		log_warn("audit.failed", "method=%s error=\"out of memory\"", rpc_call_method(call)->path);
		return;
	}
	if (auth_req_principal(r, p) != 0 || add_row(r, call, ids.text, code) != 0) {
		pg_req_free(r);
		log_warn("audit.failed", "method=%s error=\"out of memory\"", rpc_call_method(call)->path);
		return;
	}
	int rc = pg_req_submit(rpc_call_worker(call)->pool, r);
	if (rc != 0)
		log_warn("audit.failed", "method=%s error=\"%s\"", rpc_call_method(call)->path,
		         pg_strerror(rc));
}
