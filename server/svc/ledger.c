/* ledger: the request ledger (ledger.h, docs/decisions.md D49): the claim
 * in a held transaction, the stored answer before COMMIT, and repeats
 * answered from the stored answer. */
#include "ledger.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc_status.h"
#include "log.h"
#include "sql_ledger.h"
#include "svc_db.h"

const service svc_area_ledger = {"ledger", (const rpc_method *const[]){NULL}, sql_ledger_stmts};

/* The verbs of methods that only read (D26's names): Get…, List…, Watch…,
 * Check (health), WhoAmI, ServerReflectionInfo. */
static const char *const read_verbs[] = {"Get", "List", "Watch", "Check", "WhoAmI", "ServerReflectionInfo",
                                         NULL};

int ledger_mutating(const rpc_method *m)
{
	if (m->report) return 0;
	const char *name = strrchr(m->path, '/');
	name = name ? name + 1 : m->path;
	for (const char *const *v = read_verbs; *v; v++)
		if (!strncmp(name, *v, strlen(*v))) return 0;
	return 1;
}

static void hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The request's own request_id field ("" when it has none). */
static const char *field_id(const ProtobufCMessage *req)
{
	const ProtobufCFieldDescriptor *f =
	    req ? protobuf_c_message_descriptor_get_field_by_name(req->descriptor, "request_id") : NULL;
	if (!f || f->type != PROTOBUF_C_TYPE_STRING || f->label == PROTOBUF_C_LABEL_REPEATED) return "";
	const char *v = *(char *const *)((const char *)req + f->offset);
	return v ? v : "";
}

/* hex SHA-256 of the method's path, a NUL and the serialized request. */
static int request_hash(const rpc_call *call, const ProtobufCMessage *req, char out[65])
{
	const char *path = rpc_call_method(call)->path;
	size_t n = req ? protobuf_c_message_get_packed_size(req) : 0;
	unsigned char *buf = malloc(strlen(path) + 1 + n + 1);
	if (!buf) return -1;
	memcpy(buf, path, strlen(path) + 1);
	if (req) protobuf_c_message_pack(req, buf + strlen(path) + 1);
	unsigned char md[32];
	unsigned mdlen = 0;
	int ok = EVP_Digest(buf, strlen(path) + 1 + n, md, &mdlen, EVP_sha256(), NULL) && mdlen == 32;
	free(buf);
	if (!ok) return -1;
	hex(md, 32, out);
	return 0;
}

int ledger_begin(ledger *l, rpc_call *call, const ProtobufCMessage *req, pg_req *r)
{
	l->on = 0;
	if (!ledger_mutating(rpc_call_method(call))) return 0;
	const char *fid = field_id(req), *mid = rpc_call_metadata(call, LEDGER_METADATA);
	if (!mid) mid = "";
	if (fid[0] && mid[0] && strcmp(fid, mid) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "request_id and the " LEDGER_METADATA " metadata differ");
		return -1;
	}
	const char *id = fid[0] ? fid : mid;
	if (!id[0]) return 0;
	if (strlen(id) > LEDGER_ID_MAX) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "request_id is longer than %d characters",
		         LEDGER_ID_MAX);
		return -1;
	}
	snprintf(l->rid, sizeof l->rid, "%s", id);
	const char *params[3] = {l->rid, rpc_call_method(call)->path, l->hash};
	if (request_hash(call, req, l->hash) != 0 || pg_req_hold(r) != 0 ||
	    pg_req_add_hidden(r, &sql_ledger_claim.stmt, params) != 0) {
		svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return -1;
	}
	l->on = 1;
	return 0;
}

/* ---- repeats ---- */

typedef struct repeat_ctx {
	rpc_call *call;
	char hash[65];
} repeat_ctx;

static void lookup_done(void *arg, const pg_reply *rep)
{
	repeat_ctx *x = arg;
	rpc_call *call = x->call;
	const PGresult *res = svc_one_row(call, rep, GRPC_STATUS_UNAVAILABLE,
	                                  "the first call with this request_id is not finished, retry");
	if (!res) goto out;
	const rpc_method *m = rpc_call_method(call);
	if (strcmp(PQgetvalue(res, 0, 0), m->path) != 0 || strcmp(PQgetvalue(res, 0, 1), x->hash) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT,
		         "request_id was already used for a different request (%s)", PQgetvalue(res, 0, 0));
		goto out;
	}
	if (PQgetisnull(res, 0, 2)) {
		svc_fail(call, GRPC_STATUS_UNAVAILABLE,
		         "the first call with this request_id is not finished, retry");
		goto out;
	}
	const char *h = PQgetvalue(res, 0, 2);
	size_t n = strlen(h) / 2;
	unsigned char *bytes = malloc(n + 1);
	if (!bytes) {
		svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		bytes[i] = (unsigned char)(unhex_digit(h[2 * i]) << 4 | unhex_digit(h[2 * i + 1]));
	ProtobufCMessage *msg = protobuf_c_message_unpack(m->resp_desc, NULL, n, bytes);
	free(bytes);
	if (!msg) {
		log_error("ledger.corrupt", "method=%s", m->path);
		svc_fail(call, GRPC_STATUS_INTERNAL, "internal error: the stored answer cannot be read");
		goto out;
	}
	rpc_reply(call, msg);
	protobuf_c_message_free_unpacked(msg, NULL);
out:
	free(x);
}

int ledger_repeat(const ledger *l, rpc_call *call, const pg_reply *rep)
{
	if (!l->on || rep->status != PG_E_SQL || strcmp(rep->sqlstate, "23505") != 0 || !rep->message ||
	    !strstr(rep->message, "request_ledger_pkey"))
		return 0;
	repeat_ctx *x = calloc(1, sizeof *x);
	if (!x) {
		svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return 1;
	}
	x->call = call;
	memcpy(x->hash, l->hash, sizeof x->hash);
	pg_req *r = svc_req(call, lookup_done, x);
	const char *params[1] = {l->rid};
	if (!r) {
		free(x);
		return 1;
	}
	if (pg_req_add(r, &sql_ledger_lookup.stmt, params) != 0) {
		pg_req_free(r);
		free(x);
		svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return 1;
	}
	if (svc_submit_audited(call, r, "{}") != 0) free(x);
	return 1;
}

/* ---- the first answer ---- */

typedef struct store_ctx {
	rpc_call *call;
	size_t n;
	unsigned char bytes[]; /* the serialized answer */
} store_ctx;

static void store_done(void *arg, const pg_reply *rep)
{
	store_ctx *x = arg;
	if (rep->status != PG_OK) {
		svc_fail_db(x->call, rep); /* not committed: nothing was written */
	} else {
		const rpc_method *m = rpc_call_method(x->call);
		ProtobufCMessage *msg = protobuf_c_message_unpack(m->resp_desc, NULL, x->n, x->bytes);
		if (msg) {
			rpc_reply(x->call, msg);
			protobuf_c_message_free_unpacked(msg, NULL);
		} else {
			rpc_finish(x->call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		}
	}
	free(x);
}

void ledger_reply(const ledger *l, rpc_call *call, const pg_reply *rep, const ProtobufCMessage *resp)
{
	if (!l->on) {
		rpc_reply(call, resp);
		return;
	}
	if (!rep->hold) {
		svc_fail(call, GRPC_STATUS_INTERNAL,
		         "internal error: a ledgered call without its transaction");
		return;
	}
	size_t n = protobuf_c_message_get_packed_size(resp);
	store_ctx *x = malloc(sizeof *x + n);
	char *h = malloc(2 * n + 1);
	pg_req *r = x && h ? pg_req_new(store_done, x) : NULL;
	if (!r) {
		free(x);
		free(h);
		svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	x->call = call;
	x->n = protobuf_c_message_pack(resp, x->bytes);
	hex(x->bytes, x->n, h);
	const char *params[2] = {l->rid, h};
	int rc = pg_req_add(r, &sql_ledger_store.stmt, params);
	free(h);
	if (rc != 0) {
		pg_req_free(r);
		free(x);
		svc_fail(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (pg_hold_commit(rep->hold, r) != 0) { /* r freed; the transaction rolls back */
		free(x);
		svc_fail(call, GRPC_STATUS_UNAVAILABLE, "database unavailable, retry");
	}
}
